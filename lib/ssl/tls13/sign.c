/*
 * kumassl: signing a TLS 1.3 CertificateVerify (RFC 8446 section 4.4.3):
 * the scheme chosen for our key from the peer's signature_algorithms (in
 * the peer's order, as OpenSSL without SSL_OP_CIPHER_SERVER_PREFERENCE),
 * and the signature: RSA-PSS over lib/crypto/rsa_pss.c for RSA keys
 * (rsa_pss_rsae_*), ECDSA with the curve's own hash for EC keys (TLS 1.3
 * ties ecdsa_secpXXX_shaYYY to its curve).
 *
 * The interface is the one the t13 branch gives sig.c for client
 * certificates; when the two branches meet this file goes (see tls13_int.h).
 */
#include <string.h>
#include "tls13_int.h"

typedef struct {
    uint16_t scheme;
    const br_hash_class *hash;
    int curve;                          /* the EC key's curve; 0 for RSA */
} sign_scheme;

static const sign_scheme sign_schemes[] = {
    { 0x0403, &br_sha256_vtable, BR_EC_secp256r1 },
    { 0x0503, &br_sha384_vtable, BR_EC_secp384r1 },
    { 0x0603, &br_sha512_vtable, BR_EC_secp521r1 },
    { 0x0804, &br_sha256_vtable, 0 },
    { 0x0805, &br_sha384_vtable, 0 },
    { 0x0806, &br_sha512_vtable, 0 },
};

/* The scheme's entry when key can sign with it: RSA-PSS for RSA, ECDSA on the key's own curve. */
static const sign_scheme *scheme_for(const EVP_PKEY *key, uint16_t scheme)
{
    size_t i;

    for (i = 0; i < sizeof sign_schemes / sizeof sign_schemes[0]; i++) {
        const sign_scheme *ss = &sign_schemes[i];

        if (ss->scheme != scheme)
            continue;
        if (key->type == EVP_PKEY_RSA ? ss->curve == 0
            : key->type == EVP_PKEY_EC && ss->curve != 0 && (int)key->ec.curve == ss->curve)
            return ss;
    }
    return NULL;
}

uint16_t kuma13_choose_scheme(const EVP_PKEY *key, const unsigned char *list, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        const sign_scheme *ss = scheme_for(key, (uint16_t)(list[i] << 8 | list[i + 1]));

        if (ss != NULL)
            return ss->scheme;
    }
    return 0;
}

/* Hash of the signed content: 64 spaces, the context string and its zero, the transcript hash. */
static void signed_content(const br_hash_class *h, int server, const unsigned char *thash,
                           size_t hash_len, unsigned char *out)
{
    static const char context[2][34] = { "TLS 1.3, client CertificateVerify",
                                         "TLS 1.3, server CertificateVerify" };
    unsigned char spaces[64];
    br_hash_compat_context hc;

    memset(spaces, 0x20, sizeof spaces);
    h->init(&hc.vtable);
    h->update(&hc.vtable, spaces, sizeof spaces);
    h->update(&hc.vtable, context[server != 0], sizeof context[0]);
    h->update(&hc.vtable, thash, hash_len);
    h->out(&hc.vtable, out);
}

int kuma13_sign(const EVP_PKEY *key, uint16_t scheme, int server, const unsigned char *thash,
                size_t hash_len, unsigned char *sig, size_t *sig_len)
{
    const sign_scheme *ss = scheme_for(key, scheme);
    unsigned char h[64];
    size_t n;
    int ok;

    if (ss == NULL || *sig_len < KUMA13_MAX_SIG)
        return 0;
    signed_content(ss->hash, server, thash, hash_len, h);
    if (ss->curve == 0) {
        ok = kuma_rsa_pss_sign(&key->rsa, ss->hash, h, kuma13_hash_len(ss->hash), sig, sig_len);
    } else {
        n = br_ecdsa_sign_asn1_get_default()(br_ec_get_default(), ss->hash, h, &key->ec, sig);
        ok = n != 0;
        *sig_len = n;
    }
    OPENSSL_cleanse(h, sizeof h);
    return ok;
}
