/*
 * kumassl: X509 objects.
 *
 * BearSSL's br_x509_decoder validates the encoding and gives the subject,
 * the public key and the CA flag; what it does not expose (the issuer name,
 * the extensions) is found by a small DER walker of our own. Certificates
 * come from hostile peers too, so every length is checked before use.
 */
#include <string.h>
#include "crypto_int.h"

/* ---- DER walking -------------------------------------------------------- */

/* Reads a definite length; 0 when malformed, longer than 4 bytes or than what is left. */
static int der_length(kuma_der *in, size_t *len)
{
    unsigned char first, n;
    size_t v = 0;

    if (in->len < 1)
        return 0;
    first = *in->p++;
    in->len--;
    if (first < 0x80) {
        *len = first;
        return 1;
    }
    n = first & 0x7F;
    if (n == 0 || n > 4 || n > in->len)  /* 0: indefinite length, not DER */
        return 0;
    while (n-- > 0) {
        v = (v << 8) | *in->p++;
        in->len--;
    }
    *len = v;
    return 1;
}

int kuma_der_next(kuma_der *in, unsigned char *tag, kuma_der *content, kuma_der *whole)
{
    kuma_der cur = *in;
    size_t len;

    /* Multi-byte tags (low five bits all set) never occur in certificates. */
    if (cur.len < 2 || (cur.p[0] & 0x1F) == 0x1F)
        return 0;
    *tag = *cur.p++;
    cur.len--;
    if (!der_length(&cur, &len) || len > cur.len)
        return 0;
    content->p = cur.p;
    content->len = len;
    if (whole != NULL) {
        whole->p = in->p;
        whole->len = (size_t)(cur.p - in->p) + len;
    }
    in->len -= (size_t)(cur.p - in->p) + len;
    in->p = cur.p + len;
    return 1;
}

/* Enters the next element, which must have the given tag; 1 on success. */
static int der_enter(kuma_der *in, unsigned char want, kuma_der *content)
{
    unsigned char tag;

    return kuma_der_next(in, &tag, content, NULL) && tag == want;
}

#define DER_SEQUENCE     0x30
#define DER_OID          0x06
#define DER_BOOLEAN      0x01
#define DER_OCTET_STRING 0x04
#define DER_CTX0         0xA0       /* [0] EXPLICIT: TBSCertificate version */
#define DER_CTX3         0xA3       /* [3] EXPLICIT: TBSCertificate extensions */

/* The elements of the TBSCertificate of a certificate's DER (crypto_int.h). */
int kuma_x509_tbs(const X509 *x, kuma_der *tbs)
{
    kuma_der all = { x->der, x->der_len }, cert;

    return x->der != NULL && der_enter(&all, DER_SEQUENCE, &cert)
           && der_enter(&cert, DER_SEQUENCE, tbs);
}

/* Finds the issuer Name (whole SEQUENCE) in the TBSCertificate. */
static int der_find_issuer(kuma_der tbs, kuma_der *issuer)
{
    unsigned char tag;
    kuma_der v;

    if (!kuma_der_next(&tbs, &tag, &v, NULL))
        return 0;
    /* version [0] is optional (absent in v1 certificates) */
    if (tag == DER_CTX0 && !kuma_der_next(&tbs, &tag, &v, NULL))
        return 0;
    /* serialNumber was just read; then signature AlgorithmIdentifier, issuer */
    return der_enter(&tbs, DER_SEQUENCE, &v)
           && kuma_der_next(&tbs, &tag, &v, issuer) && tag == DER_SEQUENCE;
}

/* Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
static int der_ext_matches(kuma_der ext, const unsigned char *oid, size_t oid_len,
                           kuma_der *value)
{
    unsigned char tag;
    kuma_der id, v;

    if (!der_enter(&ext, DER_OID, &id) || id.len != oid_len || memcmp(id.p, oid, oid_len) != 0)
        return 0;
    if (!kuma_der_next(&ext, &tag, &v, NULL))
        return 0;
    if (tag == DER_BOOLEAN && !kuma_der_next(&ext, &tag, &v, NULL))
        return 0;
    if (tag != DER_OCTET_STRING)
        return 0;
    *value = v;
    return 1;
}

int kuma_x509_find_ext(const X509 *x, const unsigned char *oid, size_t oid_len,
                       kuma_der *value)
{
    kuma_der tbs, v, exts, ext;
    unsigned char tag;

    if (x == NULL || !kuma_x509_tbs(x, &tbs))
        return 0;
    while (kuma_der_next(&tbs, &tag, &v, NULL)) {
        if (tag != DER_CTX3)
            continue;
        if (!der_enter(&v, DER_SEQUENCE, &exts))
            return 0;
        while (der_enter(&exts, DER_SEQUENCE, &ext)) {
            if (der_ext_matches(ext, oid, oid_len, value))
                return 1;
        }
        return 0;
    }
    return 0;
}

/* ---- decoding ------------------------------------------------------------- */

static void collect_dn(void *ctx, const void *buf, size_t len)
{
    kuma_buf_append(ctx, buf, len);
}

/* The text for a BearSSL decoding error. */
static const char *x509_br_error_text(int err)
{
    switch (err) {
    case BR_ERR_X509_TRUNCATED:
    case BR_ERR_X509_INNER_TRUNC:
        return "truncated certificate";
    case BR_ERR_X509_INDEFINITE_LENGTH:
        return "indefinite length (BER, not DER)";
    case BR_ERR_X509_EXTRA_ELEMENT:
        return "unexpected extra element";
    case BR_ERR_X509_BAD_TAG_CLASS:
    case BR_ERR_X509_BAD_TAG_VALUE:
    case BR_ERR_X509_UNEXPECTED:
        return "unexpected ASN.1 tag";
    case BR_ERR_X509_BAD_DN:
        return "invalid distinguished name";
    case BR_ERR_X509_BAD_TIME:
        return "invalid validity time";
    case BR_ERR_X509_LIMIT_EXCEEDED:
        return "an element exceeds BearSSL's limits (RSA key over 4096 bits?)";
    default:
        return "invalid certificate encoding";
    }
}

static void x509_raise_decode_error(int err)
{
    if (err == BR_ERR_X509_UNSUPPORTED || err == BR_ERR_X509_WRONG_KEY_TYPE)
        ERR_raise_data(ERR_LIB_X509, X509_R_UNSUPPORTED_ALGORITHM,
                       "certificate public key type not supported (RSA and EC only)");
    else
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR,
                       "cannot decode certificate: %s", x509_br_error_text(err));
}

static unsigned char *memdup(const void *p, size_t len)
{
    unsigned char *d = OPENSSL_malloc(len ? len : 1);

    if (d != NULL && len > 0)
        memcpy(d, p, len);
    return d;
}

/* Copies the decoder's public key into x->pkey_buf and points x->pkey into it. */
static int x509_copy_pkey(X509 *x, const br_x509_pkey *pk)
{
    x->pkey.key_type = pk->key_type;
    if (pk->key_type == BR_KEYTYPE_RSA) {
        const br_rsa_public_key *r = &pk->key.rsa;

        x->pkey_buf = OPENSSL_malloc(r->nlen + r->elen);
        if (x->pkey_buf == NULL)
            return 0;
        memcpy(x->pkey_buf, r->n, r->nlen);
        memcpy(x->pkey_buf + r->nlen, r->e, r->elen);
        x->pkey.key.rsa.n = x->pkey_buf;
        x->pkey.key.rsa.nlen = r->nlen;
        x->pkey.key.rsa.e = x->pkey_buf + r->nlen;
        x->pkey.key.rsa.elen = r->elen;
        return 1;
    }
    x->pkey_buf = memdup(pk->key.ec.q, pk->key.ec.qlen);
    if (x->pkey_buf == NULL)
        return 0;
    x->pkey.key.ec.curve = pk->key.ec.curve;
    x->pkey.key.ec.q = x->pkey_buf;
    x->pkey.key.ec.qlen = pk->key.ec.qlen;
    return 1;
}

/* Runs BearSSL's decoder over x->der; fills the subject, key and flags. */
static int x509_decode(X509 *x)
{
    br_x509_decoder_context dc;
    kuma_buf dn = { NULL, 0, 0, 0 };
    const br_x509_pkey *pk;
    int err;

    br_x509_decoder_init(&dc, collect_dn, &dn);
    br_x509_decoder_push(&dc, x->der, x->der_len);
    err = br_x509_decoder_last_error(&dc);
    pk = br_x509_decoder_get_pkey(&dc);
    if (err != 0 || pk == NULL) {
        kuma_buf_wipe_free(&dn);
        x509_raise_decode_error(err);
        return 0;
    }
    x->subject.der = dn.p;
    x->subject.len = dn.len;
    x->is_ca = br_x509_decoder_isCA(&dc);
    x->signer_key_type = br_x509_decoder_get_signer_key_type(&dc);
    if (x->signer_key_type == 0 && kuma_cert_pss_signed(x->der, x->der_len))
        x->signer_key_type = BR_KEYTYPE_RSA;
    if (dn.oom || dn.p == NULL || !x509_copy_pkey(x, pk)) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    return 1;
}

static int x509_copy_issuer(X509 *x)
{
    kuma_der tbs, issuer;

    if (!kuma_x509_tbs(x, &tbs) || !der_find_issuer(tbs, &issuer)) {
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR,
                       "cannot find the certificate's issuer name");
        return 0;
    }
    x->issuer.der = memdup(issuer.p, issuer.len);
    x->issuer.len = issuer.len;
    if (x->issuer.der == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    return 1;
}

/*
 * Decodes the certificate at the start of der; *used gets its length.
 * Bytes after it are the caller's business (d2i, TRUSTED CERTIFICATE).
 */
static X509 *x509_from_der_prefix(const unsigned char *der, size_t len, size_t *used)
{
    kuma_der in = { der, len }, content, whole;
    unsigned char tag;
    X509 *x;

    if (der == NULL || !kuma_der_next(&in, &tag, &content, &whole) || tag != DER_SEQUENCE) {
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR,
                       "cannot decode certificate: %s",
                       len == 0 ? "no data" : "not a DER SEQUENCE or truncated");
        return NULL;
    }
    x = X509_new();
    if (x == NULL)
        return NULL;
    x->der = memdup(whole.p, whole.len);
    x->der_len = whole.len;
    if (x->der == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        X509_free(x);
        return NULL;
    }
    if (!x509_decode(x) || !x509_copy_issuer(x)) {
        X509_free(x);
        return NULL;
    }
    *used = whole.len;
    return x;
}

X509 *kuma_x509_from_der(const unsigned char *der, size_t len)
{
    size_t used = 0;
    X509 *x = x509_from_der_prefix(der, len, &used);

    if (x != NULL && used != len) {
        KUMA_RAISE_AT("d2i_X509", ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR,
                       "cannot decode certificate: %zu bytes of trailing data", len - used);
        X509_free(x);
        return NULL;
    }
    return x;
}

/* ---- the X509 object ---------------------------------------------------- */

X509 *X509_new(void)
{
    X509 *x = OPENSSL_zalloc(sizeof(*x));

    if (x == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    atomic_init(&x->refs, 1);
    kuma_ex_run_new(CRYPTO_EX_INDEX_X509, x, &x->ex);
    return x;
}

void X509_free(X509 *a)
{
    if (a == NULL || !kuma_ref_down(&a->refs))
        return;
    kuma_ex_run_free(CRYPTO_EX_INDEX_X509, a, &a->ex);
    kuma_x509_exts_free(a);
    kuma_name_entries_free(&a->subject);
    kuma_name_entries_free(&a->issuer);
    OPENSSL_free(a->der);
    OPENSSL_free(a->subject.der);
    OPENSSL_free(a->issuer.der);
    OPENSSL_free(a->pkey_buf);
    OPENSSL_free(a);
}

int X509_up_ref(X509 *a)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, a))
        return 0;
    return kuma_ref_up(&a->refs);
}

X509 *d2i_X509(X509 **a, const unsigned char **in, long len)
{
    size_t used = 0;
    X509 *x;

    if (KUMA_NULL_ARG(ERR_LIB_X509, in) || KUMA_NULL_ARG(ERR_LIB_X509, *in))
        return NULL;
    if (len <= 0) {
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR, "cannot decode certificate: no data");
        return NULL;
    }
    x = x509_from_der_prefix(*in, (size_t)len, &used);
    if (x == NULL)
        return NULL;
    *in += used;
    if (a != NULL) {
        X509_free(*a);
        *a = x;
    }
    return x;
}

int kuma_i2d_bytes(const unsigned char *der, size_t len, unsigned char **out)
{
    if (out == NULL)
        return (int)len;
    if (*out == NULL) {
        *out = memdup(der, len);
        if (*out == NULL) {
            KUMA_RAISE_AT("i2d_X509", ERR_LIB_X509, ERR_R_MALLOC_FAILURE, NULL);
            return -1;
        }
        return (int)len;
    }
    memcpy(*out, der, len);
    *out += len;
    return (int)len;
}

int i2d_X509(X509 *a, unsigned char **out)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, a))
        return -1;
    if (a->der == NULL || a->der_len > INT_MAX) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT, "empty certificate");
        return -1;
    }
    return kuma_i2d_bytes(a->der, a->der_len, out);
}

X509_NAME *X509_get_subject_name(const X509 *a)
{
    return a != NULL && a->der != NULL ? (X509_NAME *)&a->subject : NULL;
}

X509_NAME *X509_get_issuer_name(const X509 *a)
{
    return a != NULL && a->der != NULL ? (X509_NAME *)&a->issuer : NULL;
}

/* ---- loading files ----------------------------------------------------- */

int kuma_x509_pem_label(const char *label, int aux)
{
    return strcmp(label, "CERTIFICATE") == 0 || strcmp(label, "X509 CERTIFICATE") == 0
           || (aux && strcmp(label, "TRUSTED CERTIFICATE") == 0);
}

X509 *kuma_x509_from_pem_block(const kuma_pem_block *b)
{
    size_t used;

    /* A TRUSTED CERTIFICATE is the certificate followed by OpenSSL's trust settings. */
    if (strcmp(b->label, "TRUSTED CERTIFICATE") == 0)
        return x509_from_der_prefix(b->data, b->len, &used);
    return kuma_x509_from_der(b->data, b->len);
}

/* Pushes x onto sk; frees x and returns 0 when that fails. */
static int x509_push(STACK_OF(X509) *sk, X509 *x)
{
    if (x == NULL)
        return 0;
    if (!sk_X509_push(sk, x)) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        X509_free(x);
        return 0;
    }
    return 1;
}

/* Decodes every certificate block onto sk, skipping other blocks. */
static int x509_push_pem(STACK_OF(X509) *sk, const unsigned char *buf, size_t len)
{
    kuma_pem_block *blocks;
    size_t count, i;
    int ok = 1;

    if (!kuma_pem_decode_all(buf, len, &blocks, &count))
        return 0;
    for (i = 0; ok && i < count; i++) {
        if (kuma_x509_pem_label(blocks[i].label, 1))
            ok = x509_push(sk, kuma_x509_from_pem_block(&blocks[i]));
    }
    kuma_pem_free(blocks, count);
    if (ok && sk_X509_num(sk) == 0) {
        ERR_raise_data(ERR_LIB_PEM, PEM_R_NO_START_LINE, "no certificate found in PEM data");
        return 0;
    }
    return ok;
}

STACK_OF(X509) *kuma_x509_load_mem(const unsigned char *buf, size_t len, int type)
{
    STACK_OF(X509) *sk;
    int ok;

    if (type != X509_FILETYPE_PEM && type != X509_FILETYPE_ASN1) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT,
                       "certificate file type %d (use X509_FILETYPE_PEM or _ASN1)", type);
        return NULL;
    }
    sk = sk_X509_new_null();
    if (sk == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    if (type == X509_FILETYPE_PEM)
        ok = x509_push_pem(sk, buf, len);
    else
        ok = x509_push(sk, kuma_x509_from_der(buf, len));
    if (!ok) {
        sk_X509_pop_free(sk, X509_free);
        return NULL;
    }
    return sk;
}

STACK_OF(X509) *kuma_x509_load_file(const char *path, int type)
{
    unsigned char *buf;
    size_t len;
    STACK_OF(X509) *sk;

    if (!kuma_read_file(path, &buf, &len))
        return NULL;
    sk = kuma_x509_load_mem(buf, len, type);
    OPENSSL_free(buf);
    return sk;
}
