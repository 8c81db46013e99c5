/*
 * kumassl: certificate helpers programs call around a handshake:
 * comparison (X509_cmp), CA kind (X509_check_ca), keyUsage bits
 * (X509_get_key_usage), DER through BIOs (d2i_X509_bio, i2d_X509_bio) and
 * IP address strings (a2i_IPADDRESS).
 */
#include <string.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "crypto_int.h"
#include "chain_int.h"

/* Longest certificate d2i_X509_bio reads: far above any real one. */
#define X509_BIO_MAX (1024 * 1024)

int X509_cmp(const X509 *a, const X509 *b)
{
    size_t n;
    int r;

    if (a == NULL || b == NULL)
        return a == NULL ? (b == NULL ? 0 : -1) : 1;
    n = a->der_len < b->der_len ? a->der_len : b->der_len;
    if ((r = memcmp(a->der, b->der, n)) != 0)
        return r < 0 ? -1 : 1;
    return a->der_len == b->der_len ? 0 : a->der_len < b->der_len ? -1 : 1;
}

int X509_check_ca(X509 *x)
{
    kuma_cert_info ci;

    if (x == NULL || !kuma_cert_info_read(x, &ci))
        return 0;
    return kuma_cert_ca_kind(x, &ci);
}

uint32_t X509_get_key_usage(X509 *x)
{
    kuma_cert_info ci;

    if (x == NULL || !kuma_cert_info_read(x, &ci))
        return 0;
    /* OpenSSL's KU_* bits are the BIT STRING's first byte, as kumassl keeps them,
     * decipherOnly (the ninth bit) as 0x8000 */
    return (ci.exts & KUMA_EXT_KU) ? ci.ku : UINT32_MAX;
}

/* Reads exactly n bytes; 0 at a short read. */
static int bio_read_full(BIO *bp, unsigned char *p, size_t n)
{
    while (n > 0) {
        int r = BIO_read(bp, p, n > INT32_MAX ? INT32_MAX : (int)n);

        if (r <= 0)
            return 0;
        p += r;
        n -= (size_t)r;
    }
    return 1;
}

/* One DER element (definite length) from bp into a new buffer; NULL with an error queued. */
unsigned char *kuma_bio_read_der(BIO *bp, size_t *len)
{
    unsigned char hdr[6], *der;
    size_t n = 2, body = 0, i;

    if (!bio_read_full(bp, hdr, 2))
        goto short_read;
    if (hdr[1] & 0x80) {
        n += hdr[1] & 0x7F;
        if (n == 2 || n > sizeof(hdr) || !bio_read_full(bp, hdr + 2, n - 2))
            goto short_read;
        for (i = 2; i < n; i++)
            body = (body << 8) | hdr[i];
    } else
        body = hdr[1];
    if (body > X509_BIO_MAX || (der = OPENSSL_malloc(n + body)) == NULL)
        goto short_read;
    memcpy(der, hdr, n);
    if (!bio_read_full(bp, der + n, body)) {
        OPENSSL_free(der);
        goto short_read;
    }
    *len = n + body;
    return der;
short_read:
    ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR, "no complete DER element in the BIO");
    return NULL;
}

X509 *d2i_X509_bio(BIO *bp, X509 **x)
{
    unsigned char *der;
    const unsigned char *p;
    size_t len;
    X509 *c;

    if (KUMA_NULL_ARG(ERR_LIB_X509, bp) || (der = kuma_bio_read_der(bp, &len)) == NULL)
        return NULL;
    p = der;
    c = d2i_X509(x, &p, (long)len);
    OPENSSL_free(der);
    return c;
}

int i2d_X509_bio(BIO *bp, X509 *x)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, bp) || KUMA_NULL_ARG(ERR_LIB_X509, x))
        return 0;
    return x->der_len <= INT32_MAX && BIO_write(bp, x->der, (int)x->der_len) == (int)x->der_len;
}

ASN1_OCTET_STRING *a2i_IPADDRESS(const char *ipasc)
{
    unsigned char ip[16];
    size_t n;

    if (KUMA_NULL_ARG(ERR_LIB_X509V3, ipasc))
        return NULL;
    if ((n = kuma_parse_ip(ipasc, ip)) == 0) {
        ERR_raise_data(ERR_LIB_X509V3, X509V3_R_INVALID_IPADDRESS, "not an IPv4/IPv6 literal: %s", ipasc);
        return NULL;
    }
    return kuma_asn1_new(V_ASN1_OCTET_STRING, ip, n);
}

void ASN1_OCTET_STRING_free(ASN1_OCTET_STRING *a)
{
    ASN1_STRING_free(a);
}

void *ASN1_d2i_bio(void *(*xnew)(void), d2i_of_void *d2i, BIO *in, void **x)
{
    unsigned char *der;
    const unsigned char *p;
    size_t len;
    void *r;

    (void)xnew;         /* d2i makes the object itself */
    if (KUMA_NULL_ARG(ERR_LIB_ASN1, d2i) || KUMA_NULL_ARG(ERR_LIB_ASN1, in)
        || (der = kuma_bio_read_der(in, &len)) == NULL)
        return NULL;
    p = der;
    r = d2i(x, &p, (long)len);
    OPENSSL_free(der);
    return r;
}

/* ---- issuers ------------------------------------------------------------------- */

int X509_check_issued(X509 *issuer, X509 *subject)
{
    kuma_cert_info ci, cs;

    if (issuer == NULL || subject == NULL)
        return X509_V_ERR_UNSPECIFIED;
    if (X509_NAME_cmp(&issuer->subject, &subject->issuer) != 0)
        return X509_V_ERR_SUBJECT_ISSUER_MISMATCH;
    if (!kuma_cert_info_read(issuer, &ci) || !kuma_cert_info_read(subject, &cs))
        return X509_V_ERR_UNSPECIFIED;
    if (!kuma_cert_keyid_fits(&ci, &cs))
        return X509_V_ERR_AKID_SKID_MISMATCH;
    if ((ci.exts & KUMA_EXT_KU) && !(ci.ku & KUMA_KU_KEY_CERT_SIGN))
        return X509_V_ERR_KEYUSAGE_NO_CERTSIGN;
    return X509_V_OK;
}

/* Prefers an issuer valid now, as OpenSSL does; else the last one that fits. */
int X509_STORE_CTX_get1_issuer(X509 **issuer, X509_STORE_CTX *ctx, X509 *x)
{
    X509 *const *certs;
    X509 *found = NULL;
    size_t n, i;

    if (KUMA_NULL_ARG(ERR_LIB_X509, issuer) || KUMA_NULL_ARG(ERR_LIB_X509, ctx) || KUMA_NULL_ARG(ERR_LIB_X509, x))
        return -1;
    *issuer = NULL;
    if (ctx->store == NULL)
        return 0;
    kuma_store_certs(ctx->store, &certs, &n);
    for (i = 0; i < n; i++) {
        if (X509_check_issued(certs[i], x) != X509_V_OK)
            continue;
        found = certs[i];
        if (X509_cmp_current_time(X509_get0_notBefore(found)) < 0
            && X509_cmp_current_time(X509_get0_notAfter(found)) > 0)
            break;
    }
    if (found == NULL || !X509_up_ref(found))
        return 0;
    *issuer = found;
    return 1;
}

STACK_OF(X509) *X509_chain_up_ref(STACK_OF(X509) *chain)
{
    STACK_OF(X509) *copy = (STACK_OF(X509) *)OPENSSL_sk_dup((OPENSSL_STACK *)chain);
    int i;

    if (copy == NULL)
        return NULL;
    for (i = 0; i < sk_X509_num(copy); i++)
        X509_up_ref(sk_X509_value(copy, i));
    return copy;
}

/* ---- digests ------------------------------------------------------------------- */

static int digest_bytes(const unsigned char *p, size_t n, const EVP_MD *type, unsigned char *md, unsigned int *len)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, type) || KUMA_NULL_ARG(ERR_LIB_X509, md))
        return 0;
    return EVP_Digest(p, n, md, len, type, NULL);
}

int X509_NAME_digest(const X509_NAME *data, const EVP_MD *type, unsigned char *md, unsigned int *len)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, data))
        return 0;
    return digest_bytes(data->der, data->len, type, md, len);
}

/* The digest of the subjectPublicKey BIT STRING's bits (its unused-bits octet left out). */
int X509_pubkey_digest(const X509 *data, const EVP_MD *type, unsigned char *md, unsigned int *len)
{
    kuma_der spki, in, key;
    unsigned char tag;

    if (KUMA_NULL_ARG(ERR_LIB_X509, data) || !kuma_x509_spki(data, &spki))
        return 0;
    in = spki;
    if (!kuma_der_next(&in, &tag, &in, NULL) || !kuma_der_next(&in, &tag, &key, NULL)   /* algorithm */
        || !kuma_der_next(&in, &tag, &key, NULL) || tag != 0x03 || key.len == 0) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_NESTED_ASN1_ERROR, "malformed SubjectPublicKeyInfo");
        return 0;
    }
    return digest_bytes(key.p + 1, key.len - 1, type, md, len);
}

/* ---- OCSP responder addresses (authorityInfoAccess) ------------------------------ */

static const unsigned char OID_AIA[] = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01 };
static const unsigned char OID_AD_OCSP[] = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01 };

/* Appends the URI of one AccessDescription when its method is id-ad-ocsp; 0 when malformed. */
static int add_ocsp_uri(STACK_OF(OPENSSL_STRING) *out, kuma_der ad)
{
    kuma_der oid, name;
    unsigned char tag, ntag;
    char *uri;

    if (!kuma_der_next(&ad, &tag, &oid, NULL) || tag != 0x06 || !kuma_der_next(&ad, &ntag, &name, NULL))
        return 0;
    if (oid.len != sizeof(OID_AD_OCSP) || memcmp(oid.p, OID_AD_OCSP, oid.len) != 0 || ntag != 0x86)
        return 1;               /* another method, or not a URI: not an OCSP address */
    if ((uri = OPENSSL_malloc(name.len + 1)) == NULL)
        return 0;
    memcpy(uri, name.p, name.len);
    uri[name.len] = '\0';
    if (!sk_OPENSSL_STRING_push(out, uri)) {
        OPENSSL_free(uri);
        return 0;
    }
    return 1;
}

STACK_OF(OPENSSL_STRING) *X509_get1_ocsp(X509 *x)
{
    STACK_OF(OPENSSL_STRING) *out;
    kuma_der value, seq, ad;
    unsigned char tag;

    if (x == NULL || !kuma_x509_find_ext(x, OID_AIA, sizeof(OID_AIA), &value))
        return NULL;
    if (!kuma_der_next(&value, &tag, &seq, NULL) || tag != 0x30 || (out = sk_OPENSSL_STRING_new_null()) == NULL)
        return NULL;
    while (seq.len > 0) {
        if (!kuma_der_next(&seq, &tag, &ad, NULL) || tag != 0x30 || !add_ocsp_uri(out, ad)) {
            X509_email_free(out);
            return NULL;
        }
    }
    if (sk_OPENSSL_STRING_num(out) == 0) {
        sk_OPENSSL_STRING_free(out);
        return NULL;
    }
    return out;
}

static void string_free(char *s)
{
    OPENSSL_free(s);
}

void X509_email_free(STACK_OF(OPENSSL_STRING) *sk)
{
    sk_OPENSSL_STRING_pop_free(sk, string_free);
}

/* ---- loading ---------------------------------------------------------------------- */

int X509_STORE_load_file(X509_STORE *ctx, const char *file)
{
    return X509_STORE_load_locations(ctx, file, NULL);
}

int X509_STORE_load_path(X509_STORE *ctx, const char *path)
{
    return X509_STORE_load_locations(ctx, NULL, path);
}

EVP_PKEY *d2i_PrivateKey_bio(BIO *bp, EVP_PKEY **a)
{
    unsigned char *der;
    const unsigned char *p;
    size_t len;
    EVP_PKEY *k;

    if (KUMA_NULL_ARG(ERR_LIB_EVP, bp) || (der = kuma_bio_read_der(bp, &len)) == NULL)
        return NULL;
    p = der;
    k = d2i_AutoPrivateKey(a, &p, (long)len);
    OPENSSL_cleanse(der, len);
    OPENSSL_free(der);
    return k;
}

/*
 * A certificate and, after it, OpenSSL's trust settings (X509_CERT_AUX, a
 * SEQUENCE): kumassl keeps no trust settings, so they are read past.
 */
X509 *d2i_X509_AUX(X509 **a, const unsigned char **pp, long length)
{
    const unsigned char *start;
    kuma_der rest;
    unsigned char tag;
    X509 *x;

    if (KUMA_NULL_ARG(ERR_LIB_X509, pp) || (start = *pp) == NULL)
        return NULL;
    if ((x = d2i_X509(a, pp, length)) == NULL)
        return NULL;
    rest.p = *pp;
    rest.len = (size_t)(length - (*pp - start));
    if (rest.len > 0 && rest.p[0] == 0x30 && kuma_der_next(&rest, &tag, &(kuma_der){ 0 }, NULL))
        *pp = rest.p;
    return x;
}
