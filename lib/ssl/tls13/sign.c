/*
 * kumassl: the server's CertificateVerify signature (RFC 8446 section
 * 4.4.3): the scheme chosen for the server's key among those the client
 * offers, and the signature itself, RSA-PSS over lib/crypto/rsa_pss.c for
 * RSA keys (rsa_pss_rsae_*), ECDSA with the curve's own hash for EC keys
 * (TLS 1.3 ties ecdsa_secpXXX_shaYYY to its curve).
 */
#include <string.h>
#include "tls13_int.h"

typedef struct {
    uint16_t scheme;
    const br_hash_class *hash;
    int curve;                          /* the EC key's curve; 0 for RSA */
} sign_scheme;

/* In the server's preference order, as OpenSSL's: SHA-256 first. */
static const sign_scheme sign_schemes[] = {
    { 0x0403, &br_sha256_vtable, BR_EC_secp256r1 },
    { 0x0503, &br_sha384_vtable, BR_EC_secp384r1 },
    { 0x0603, &br_sha512_vtable, BR_EC_secp521r1 },
    { 0x0804, &br_sha256_vtable, 0 },
    { 0x0805, &br_sha384_vtable, 0 },
    { 0x0806, &br_sha512_vtable, 0 },
};

static int fits_key(const sign_scheme *ss, const EVP_PKEY *key)
{
    if (key->type == EVP_PKEY_RSA)
        return ss->curve == 0;
    return key->type == EVP_PKEY_EC && ss->curve != 0 && (int)key->ec.curve == ss->curve;
}

static const sign_scheme *scheme_for(const EVP_PKEY *key, uint16_t scheme)
{
    size_t i;

    for (i = 0; i < sizeof sign_schemes / sizeof sign_schemes[0]; i++)
        if (sign_schemes[i].scheme == scheme && fits_key(&sign_schemes[i], key))
            return &sign_schemes[i];
    return NULL;
}

static int listed(const kuma13_span *list, uint16_t v)
{
    size_t i;

    for (i = 0; i + 1 < list->len; i += 2)
        if (((uint16_t)list->p[i] << 8 | list->p[i + 1]) == v)
            return 1;
    return 0;
}

uint16_t kuma13_sign_choose(const EVP_PKEY *key, const kuma13_span *client_algs)
{
    size_t i;

    for (i = 0; i < sizeof sign_schemes / sizeof sign_schemes[0]; i++)
        if (fits_key(&sign_schemes[i], key) && listed(client_algs, sign_schemes[i].scheme))
            return sign_schemes[i].scheme;
    return 0;
}

int kuma13_sign(const EVP_PKEY *key, uint16_t scheme, const unsigned char *thash,
                size_t hash_len, unsigned char *sig, size_t *sig_len)
{
    const sign_scheme *ss = scheme_for(key, scheme);
    unsigned char h[64];
    size_t hlen, n;

    if (ss == NULL)
        return 0;
    hlen = kuma13_hash_len(ss->hash);
    kuma13_cv_content_hash(ss->hash, 1, thash, hash_len, h);
    if (ss->curve == 0)
        return kuma_rsa_pss_sign(&key->rsa, ss->hash, h, hlen, sig, sig_len);
    /* the largest DER signature: P-521's, 139 bytes */
    if (*sig_len < 139)
        return 0;
    n = br_ecdsa_sign_asn1_get_default()(br_ec_get_default(), ss->hash, h, &key->ec, sig);
    *sig_len = n;
    return n != 0;
}
