/*
 * kumassl: Diffie-Hellman parameter objects (DH) and their PKCS#3 reader.
 *
 * The parameters are kept so that programs can load and hand them over;
 * kumassl's TLS engine negotiates ECDHE only, and libssl refuses them
 * (SSL_CTX_set_tmp_dh) with an error naming that.
 */
#include <string.h>
#include <openssl/dh.h>
#include <openssl/err.h>
#include "crypto_int.h"

struct dh_st {
    kuma_refcount refs;
    BIGNUM *p, *q, *g;
};

DH *DH_new(void)
{
    DH *dh = OPENSSL_zalloc(sizeof(*dh));

    if (dh != NULL)
        dh->refs = 1;
    return dh;
}

void DH_free(DH *dh)
{
    if (dh == NULL || !kuma_ref_down(&dh->refs))
        return;
    BN_free(dh->p);
    BN_free(dh->q);
    BN_free(dh->g);
    OPENSSL_free(dh);
}

int DH_up_ref(DH *dh)
{
    return dh != NULL && kuma_ref_up(&dh->refs);
}

int DH_set0_pqg(DH *dh, BIGNUM *p, BIGNUM *q, BIGNUM *g)
{
    if (dh == NULL || (dh->p == NULL && p == NULL) || (dh->g == NULL && g == NULL))
        return 0;
    if (p != NULL) {
        BN_free(dh->p);
        dh->p = p;
    }
    if (q != NULL) {
        BN_free(dh->q);
        dh->q = q;
    }
    if (g != NULL) {
        BN_free(dh->g);
        dh->g = g;
    }
    return 1;
}

void DH_get0_pqg(const DH *dh, const BIGNUM **p, const BIGNUM **q, const BIGNUM **g)
{
    if (p != NULL)
        *p = dh != NULL ? dh->p : NULL;
    if (q != NULL)
        *q = dh != NULL ? dh->q : NULL;
    if (g != NULL)
        *g = dh != NULL ? dh->g : NULL;
}

const BIGNUM *DH_get0_p(const DH *dh)
{
    return dh != NULL ? dh->p : NULL;
}

const BIGNUM *DH_get0_q(const DH *dh)
{
    return dh != NULL ? dh->q : NULL;
}

const BIGNUM *DH_get0_g(const DH *dh)
{
    return dh != NULL ? dh->g : NULL;
}

int DH_bits(const DH *dh)
{
    return dh != NULL && dh->p != NULL ? BN_num_bits(dh->p) : 0;
}

int DH_size(const DH *dh)
{
    return (DH_bits(dh) + 7) / 8;
}

/* A positive DER INTEGER as a new number; NULL when it is not one. */
static BIGNUM *der_positive_int(kuma_der *in)
{
    unsigned char tag;
    kuma_der v;

    if (!kuma_der_next(in, &tag, &v, NULL) || tag != 0x02 || v.len == 0 || (v.p[0] & 0x80) != 0)
        return NULL;
    return BN_bin2bn(v.p, (int)v.len, NULL);
}

DH *d2i_DHparams(DH **a, const unsigned char **in, long len)
{
    kuma_der all, seq, whole;
    unsigned char tag;
    BIGNUM *p = NULL, *g = NULL;
    DH *dh = NULL;

    if (KUMA_NULL_ARG(ERR_LIB_DH, in) || KUMA_NULL_ARG(ERR_LIB_DH, *in) || len <= 0)
        return NULL;
    all.p = *in;
    all.len = (size_t)len;
    if (!kuma_der_next(&all, &tag, &seq, &whole) || tag != 0x30
        || (p = der_positive_int(&seq)) == NULL || (g = der_positive_int(&seq)) == NULL
        || BN_is_zero(p) || BN_is_zero(g) || (dh = DH_new()) == NULL) {
        BN_free(p);
        BN_free(g);
        ERR_raise_data(ERR_LIB_DH, DH_R_DECODE_ERROR, "not PKCS#3 DHparams (SEQUENCE of INTEGER p, g)");
        return NULL;
    }
    DH_set0_pqg(dh, p, NULL, g);        /* the optional privateValueLength is not used */
    *in = whole.p + whole.len;
    if (a != NULL) {
        DH_free(*a);
        *a = dh;
    }
    return dh;
}

static int want_dhparams(const char *label)
{
    return strcmp(label, "DH PARAMETERS") == 0;
}

static DH *dh_from_block(kuma_pem_block *b, DH **x)
{
    const unsigned char *der;
    DH *dh;

    if (b == NULL)
        return NULL;
    der = b->data;
    dh = d2i_DHparams(x, &der, (long)b->len);
    kuma_pem_free(b, 1);
    return dh;
}

DH *PEM_read_bio_DHparams(BIO *bp, DH **x, pem_password_cb *cb, void *u)
{
    (void)cb, (void)u;                  /* parameters are never encrypted */
    return dh_from_block(kuma_pem_read_bio(bp, want_dhparams), x);
}

DH *PEM_read_DHparams(FILE *fp, DH **x, pem_password_cb *cb, void *u)
{
    (void)cb, (void)u;
    if (KUMA_NULL_ARG(ERR_LIB_PEM, fp))
        return NULL;
    return dh_from_block(kuma_pem_read_fp(fp, want_dhparams), x);
}
