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
static unsigned char *bio_read_der(BIO *bp, size_t *len)
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

    if (KUMA_NULL_ARG(ERR_LIB_X509, bp) || (der = bio_read_der(bp, &len)) == NULL)
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
