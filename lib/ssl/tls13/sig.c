/*
 * kumassl: TLS 1.3 CertificateVerify (RFC 8446 section 4.4.3): the content
 * signed over the transcript hash, and its check by the peer's key with
 * the schemes kumassl offers: ECDSA on P-256/P-384/P-521 with the curve's
 * hash, and RSA-PSS with an rsaEncryption key (rsa_pss_rsae_*).
 */
#include <string.h>
#include "tls13_int.h"

typedef struct {
    uint16_t scheme;
    const br_hash_class *hash;
    int curve;                          /* ECDSA's; 0 for RSA-PSS */
} scheme_info;

static const scheme_info schemes[] = {
    { 0x0403, &br_sha256_vtable, BR_EC_secp256r1 },
    { 0x0503, &br_sha384_vtable, BR_EC_secp384r1 },
    { 0x0603, &br_sha512_vtable, BR_EC_secp521r1 },
    { 0x0804, &br_sha256_vtable, 0 },
    { 0x0805, &br_sha384_vtable, 0 },
    { 0x0806, &br_sha512_vtable, 0 },
};

static const scheme_info *scheme_find(uint16_t scheme)
{
    size_t i;

    for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (schemes[i].scheme == scheme)
            return &schemes[i];
    return NULL;
}

int kuma13_scheme_supported(uint16_t scheme)
{
    return scheme_find(scheme) != NULL;
}

/* Hash of the signed content: 64 spaces, the context string, a zero byte, the transcript hash. */
static void content_hash(const br_hash_class *h, int server, const unsigned char *thash,
                         size_t hash_len, unsigned char *out)
{
    static const char srv[] = "TLS 1.3, server CertificateVerify";
    static const char cli[] = "TLS 1.3, client CertificateVerify";
    unsigned char spaces[64];
    br_hash_compat_context hc;

    memset(spaces, 0x20, sizeof spaces);
    h->init(&hc.vtable);
    h->update(&hc.vtable, spaces, sizeof spaces);
    h->update(&hc.vtable, server ? srv : cli, sizeof srv);     /* with its terminating zero */
    h->update(&hc.vtable, thash, hash_len);
    h->out(&hc.vtable, out);
}

int kuma13_verify_signature(const br_x509_pkey *pk, uint16_t scheme, int server,
                            const unsigned char *thash, size_t hash_len,
                            const unsigned char *sig, size_t sig_len)
{
    const scheme_info *si = scheme_find(scheme);
    unsigned char h[64];
    size_t hlen;
    int ok;

    if (si == NULL)
        return SSL_AD_ILLEGAL_PARAMETER;
    if (si->curve != 0 ? pk->key_type != BR_KEYTYPE_EC || pk->key.ec.curve != si->curve
                       : pk->key_type != BR_KEYTYPE_RSA)
        return SSL_AD_ILLEGAL_PARAMETER;        /* the scheme does not fit the certificate's key */
    hlen = kuma13_hash_len(si->hash);
    content_hash(si->hash, server, thash, hash_len, h);
    if (si->curve != 0)
        ok = br_ecdsa_vrfy_asn1_get_default()(br_ec_get_default(), h, hlen, &pk->key.ec, sig,
                                              sig_len) == 1;
    else
        ok = kuma_rsa_pss_verify(&pk->key.rsa, si->hash, h, hlen, sig, sig_len) == 1;
    return ok ? 0 : SSL_AD_DECRYPT_ERROR;
}
