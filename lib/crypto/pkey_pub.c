/*
 * kumassl: public keys as EVP_PKEY (X509_get_pubkey), the X509_PUBKEY view
 * of a certificate's SubjectPublicKeyInfo, and the EVP_PKEY getters of
 * OpenSSL 3.0's names (EVP_PKEY_get_id, _get_bits, _get_size, ...).
 */
#include <string.h>
#include <openssl/ec.h>
#include "crypto_int.h"

/* The number of significant bits of a big-endian magnitude. */
static int magnitude_bits(const unsigned char *p, size_t len)
{
    int bits;

    while (len > 0 && *p == 0)
        p++, len--;
    if (len == 0)
        return 0;
    for (bits = 8; bits > 0 && !(*p & (1u << (bits - 1))); bits--)
        ;
    return (int)(len - 1) * 8 + bits;
}

int kuma_pkey_pub_bits(const EVP_PKEY *pkey)
{
    if (pkey->pub.key_type == BR_KEYTYPE_RSA)
        return magnitude_bits(pkey->pub.key.rsa.n, pkey->pub.key.rsa.nlen);
    return kuma_ec_curve_bits(pkey->pub.key.ec.curve);
}

/* A copy of x's public key as a public-only EVP_PKEY; NULL with an error. */
EVP_PKEY *X509_get_pubkey(X509 *x)
{
    const br_x509_pkey *k;
    EVP_PKEY *pkey;
    size_t a, b;

    if (KUMA_NULL_ARG(ERR_LIB_X509, x) || x->der == NULL)
        return NULL;
    k = &x->pkey;
    if (k->key_type != BR_KEYTYPE_RSA && k->key_type != BR_KEYTYPE_EC) {
        ERR_raise(ERR_LIB_X509, X509_R_UNKNOWN_KEY_TYPE);
        return NULL;
    }
    a = k->key_type == BR_KEYTYPE_RSA ? k->key.rsa.nlen : k->key.ec.qlen;
    b = k->key_type == BR_KEYTYPE_RSA ? k->key.rsa.elen : 0;
    if ((pkey = EVP_PKEY_new()) == NULL || (pkey->buf = OPENSSL_malloc(a + b + 1)) == NULL) {
        EVP_PKEY_free(pkey);
        return NULL;
    }
    pkey->buf_len = a + b + 1;
    pkey->public_only = 1;
    pkey->pub = *k;
    if (k->key_type == BR_KEYTYPE_RSA) {
        pkey->type = EVP_PKEY_RSA;
        memcpy(pkey->buf, k->key.rsa.n, a);
        memcpy(pkey->buf + a, k->key.rsa.e, b);
        pkey->pub.key.rsa.n = pkey->buf;
        pkey->pub.key.rsa.e = pkey->buf + a;
    } else {
        pkey->type = EVP_PKEY_EC;
        memcpy(pkey->buf, k->key.ec.q, a);
        pkey->pub.key.ec.q = pkey->buf;
    }
    return pkey;
}

/* The SubjectPublicKeyInfo's encoding inside the certificate: valid while x lives. */
X509_PUBKEY *X509_get_X509_PUBKEY(const X509 *x)
{
    kuma_der spki;

    return x != NULL && kuma_x509_spki(x, &spki) ? (X509_PUBKEY *)(uintptr_t)spki.p : NULL;
}

int i2d_X509_PUBKEY(const X509_PUBKEY *a, unsigned char **out)
{
    kuma_der in, whole, c;
    unsigned char tag;

    if (KUMA_NULL_ARG(ERR_LIB_X509, a))
        return -1;
    /* the encoding was checked when the certificate was read: its header bounds it */
    in.p = (const unsigned char *)a;
    in.len = SIZE_MAX / 2;
    if (!kuma_der_next(&in, &tag, &c, &whole) || whole.len > INT32_MAX)
        return -1;
    return kuma_i2d_bytes(whole.p, whole.len, out);
}

/* ---- getters -------------------------------------------------------------------- */

int EVP_PKEY_get_id(const EVP_PKEY *pkey)
{
    return EVP_PKEY_id(pkey);
}

int EVP_PKEY_get_base_id(const EVP_PKEY *pkey)
{
    return EVP_PKEY_base_id(pkey);
}

int EVP_PKEY_get_bits(const EVP_PKEY *pkey)
{
    return EVP_PKEY_bits(pkey);
}

/* The largest signature: the RSA modulus' bytes, or a DER ECDSA signature on the curve. */
int EVP_PKEY_get_size(const EVP_PKEY *pkey)
{
    int bits = EVP_PKEY_bits(pkey), n = (bits + 7) / 8;

    if (pkey == NULL || bits == 0)
        return 0;
    if (pkey->type == EVP_PKEY_RSA)
        return n;
    /* SEQUENCE { INTEGER r, INTEGER s }: each up to n + 1 bytes with a 2-byte header */
    return 2 * (n + 3) + (2 * (n + 3) >= 128 ? 3 : 2);
}

int EVP_PKEY_type(int type)
{
    return type == EVP_PKEY_RSA || type == EVP_PKEY_EC ? type : NID_undef;
}

/* BearSSL's curve ids to OpenSSL's NIDs, for the curves EC_KEY names. */
static int curve_nid(int curve)
{
    switch (curve) {
    case BR_EC_secp256r1:
        return NID_X9_62_prime256v1;
    case BR_EC_secp384r1:
        return NID_secp384r1;
    case BR_EC_secp521r1:
        return NID_secp521r1;
    default:
        return NID_undef;
    }
}

EC_KEY *EVP_PKEY_get1_EC_KEY(EVP_PKEY *pkey)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, pkey))
        return NULL;
    if (pkey->type != EVP_PKEY_EC) {
        ERR_raise(ERR_LIB_EVP, EVP_R_EXPECTING_A_EC_KEY);
        return NULL;
    }
    return EC_KEY_new_by_curve_name(curve_nid(pkey->public_only ? pkey->pub.key.ec.curve : pkey->ec.curve));
}
