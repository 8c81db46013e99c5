/*
 * kumassl: the server's CertificateVerify signature (RFC 8446 section
 * 4.4.3): the scheme chosen for the server's key among those the client
 * offers, and the signature itself, RSA-PSS over lib/crypto/rsa_pss.c for
 * RSA keys (rsa_pss_rsae_*), ECDSA with the curve's own hash for EC keys
 * (TLS 1.3 ties ecdsa_secpXXX_shaYYY to its curve).
 */
#include <string.h>
#include "tls13_int.h"

/* The server's preference order, as OpenSSL's: SHA-256 first (sig.c knows their hashes). */
static const uint16_t sign_order[] = { 0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806 };

/* The scheme if it can sign with key: RSA-PSS for RSA, ECDSA on the key's own curve. */
static const kuma13_scheme *scheme_for(const EVP_PKEY *key, uint16_t scheme)
{
    const kuma13_scheme *ks = kuma13_scheme_find(scheme);

    if (ks == NULL)
        return NULL;
    if (key->type == EVP_PKEY_RSA)
        return ks->curve == 0 ? ks : NULL;
    return key->type == EVP_PKEY_EC && ks->curve != 0 && (int)key->ec.curve == ks->curve ? ks : NULL;
}

uint16_t kuma13_sign_choose(const EVP_PKEY *key, const kuma13_span *client_algs)
{
    size_t i;

    for (i = 0; i < sizeof sign_order / sizeof sign_order[0]; i++)
        if (scheme_for(key, sign_order[i]) != NULL && kuma13_span_has_u16(client_algs, sign_order[i]))
            return sign_order[i];
    return 0;
}

int kuma13_sign(const EVP_PKEY *key, uint16_t scheme, const unsigned char *thash,
                size_t hash_len, unsigned char *sig, size_t *sig_len)
{
    const kuma13_scheme *ss = scheme_for(key, scheme);
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
