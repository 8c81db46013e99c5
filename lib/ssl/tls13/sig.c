/*
 * kumassl: TLS 1.3 CertificateVerify (RFC 8446 section 4.4.3): the content
 * signed over the transcript hash, its check by the peer's key and its
 * signature by ours, with the schemes kumassl offers: ECDSA on
 * P-256/P-384/P-521 with the curve's hash, and RSA-PSS with an
 * rsaEncryption key (rsa_pss_rsae_*).
 */
#include <string.h>
#include "tls13_int.h"
#include "fast/fast.h"

typedef struct {
    uint16_t scheme;
    const br_hash_class *hash;
    int curve;                          /* ECDSA's; 0 for RSA */
    const unsigned char *pkcs1_oid;     /* RSA PKCS #1 v1.5 (TLS 1.2 only): the hash's OID; else NULL */
} scheme_info;

static const scheme_info schemes[] = {
    { 0x0403, &br_sha256_vtable, BR_EC_secp256r1, NULL },
    { 0x0503, &br_sha384_vtable, BR_EC_secp384r1, NULL },
    { 0x0603, &br_sha512_vtable, BR_EC_secp521r1, NULL },
    { 0x0804, &br_sha256_vtable, 0, NULL },
    { 0x0805, &br_sha384_vtable, 0, NULL },
    { 0x0806, &br_sha512_vtable, 0, NULL },
    { 0x0401, &br_sha256_vtable, 0, BR_HASH_OID_SHA256 },
    { 0x0501, &br_sha384_vtable, 0, BR_HASH_OID_SHA384 },
    { 0x0601, &br_sha512_vtable, 0, BR_HASH_OID_SHA512 },
};

static const scheme_info *scheme_find(uint16_t scheme)
{
    size_t i;

    for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (schemes[i].scheme == scheme)
            return &schemes[i];
    return NULL;
}

/* A scheme that may sign a TLS 1.3 CertificateVerify (not PKCS #1 v1.5), or NULL. */
static const scheme_info *scheme13_find(uint16_t scheme)
{
    const scheme_info *si = scheme_find(scheme);

    return si != NULL && si->pkcs1_oid == NULL ? si : NULL;
}

int kuma13_scheme_supported(uint16_t scheme)
{
    return scheme13_find(scheme) != NULL;
}

/*
 * Checks a signature over the hash h of the signed content; any_curve: an
 * ECDSA scheme names only its hash (TLS 1.2). 0, or the alert.
 */
static int verify_hash(const br_x509_pkey *pk, const scheme_info *si, int any_curve,
                       const unsigned char *h, const unsigned char *sig, size_t sig_len)
{
    size_t hlen = kuma13_hash_len(si->hash);
    unsigned char got[64];
    int ok;

    if (si->curve != 0 ? pk->key_type != BR_KEYTYPE_EC || (!any_curve && pk->key.ec.curve != si->curve)
                       : pk->key_type != BR_KEYTYPE_RSA)
        return SSL_AD_ILLEGAL_PARAMETER;        /* the scheme does not fit the certificate's key */
    if (si->curve != 0)
        ok = kuma_algos_get()->ecdsa_vrfy(kuma_ec_default(), h, hlen, &pk->key.ec, sig,
                                              sig_len) == 1;
    else if (si->pkcs1_oid != NULL)
        ok = br_rsa_pkcs1_vrfy_get_default()(sig, sig_len, si->pkcs1_oid, hlen, &pk->key.rsa, got)
             == 1 && memcmp(got, h, hlen) == 0;
    else
        ok = kuma_rsa_pss_verify(&pk->key.rsa, si->hash, h, hlen, sig, sig_len) == 1;
    return ok ? 0 : SSL_AD_DECRYPT_ERROR;
}

int kuma12_verify_signature(const br_x509_pkey *pk, uint16_t scheme, const unsigned char *data,
                            size_t len, const unsigned char *sig, size_t sig_len)
{
    const scheme_info *si = scheme_find(scheme);
    br_hash_compat_context hc;
    unsigned char h[64];

    if (si == NULL)
        return SSL_AD_ILLEGAL_PARAMETER;
    si->hash->init(&hc.vtable);
    si->hash->update(&hc.vtable, data, len);
    si->hash->out(&hc.vtable, h);
    return verify_hash(pk, si, 1, h, sig, sig_len);
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
    const scheme_info *si = scheme13_find(scheme);
    unsigned char h[64];

    if (si == NULL)
        return SSL_AD_ILLEGAL_PARAMETER;
    content_hash(si->hash, server, thash, hash_len, h);
    return verify_hash(pk, si, 0, h, sig, sig_len);
}

/* 1 when key can sign with the scheme: ECDSA on the key's own curve (any curve: TLS 1.2), RSA. */
static int key_fits(const EVP_PKEY *key, const scheme_info *si, int any_curve)
{
    if (si->curve != 0)
        return key->type == EVP_PKEY_EC && (any_curve || (int)key->ec.curve == si->curve);
    return key->type == EVP_PKEY_RSA;
}

/* Signs the hash h (of the scheme's hash function) with key. */
static int sign_hash(const EVP_PKEY *key, const scheme_info *si, const unsigned char *h,
                     unsigned char *sig, size_t *sig_len)
{
    size_t hlen = kuma13_hash_len(si->hash), n;

    if (*sig_len < KUMA13_MAX_SIG)
        return 0;
    if (si->curve != 0) {
        n = kuma_algos_get()->ecdsa_sign(kuma_ec_default(), si->hash, h, &key->ec, sig);
        *sig_len = n;
        return n != 0;
    }
    if (si->pkcs1_oid != NULL) {
        *sig_len = (key->rsa.n_bitlen + 7) / 8;
        return br_rsa_pkcs1_sign_get_default()(si->pkcs1_oid, h, hlen, &key->rsa, sig) == 1;
    }
    return kuma_rsa_pss_sign(&key->rsa, si->hash, h, hlen, sig, sig_len);
}

uint16_t kuma12_choose_scheme(const EVP_PKEY *key, const unsigned char *list, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        const scheme_info *si = scheme_find((uint16_t)(list[i] << 8 | list[i + 1]));

        if (si != NULL && si->hash != &br_sha512_vtable && key_fits(key, si, 1))
            return si->scheme;
    }
    return 0;
}

const br_hash_class *kuma13_scheme_hash(uint16_t scheme)
{
    const scheme_info *si = scheme_find(scheme);

    return si != NULL ? si->hash : NULL;
}

int kuma12_sign(const EVP_PKEY *key, uint16_t scheme, const unsigned char *hash,
                unsigned char *sig, size_t *sig_len)
{
    const scheme_info *si = scheme_find(scheme);

    return si != NULL && key_fits(key, si, 1) && sign_hash(key, si, hash, sig, sig_len);
}

uint16_t kuma13_choose_scheme(const EVP_PKEY *key, const unsigned char *list, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        const scheme_info *si = scheme13_find((uint16_t)(list[i] << 8 | list[i + 1]));

        if (si != NULL && key_fits(key, si, 0))
            return si->scheme;
    }
    return 0;
}

int kuma13_sign(const EVP_PKEY *key, uint16_t scheme, int server, const unsigned char *thash,
                size_t hash_len, unsigned char *sig, size_t *sig_len)
{
    const scheme_info *si = scheme13_find(scheme);
    unsigned char h[64];
    int ok;

    if (si == NULL || !key_fits(key, si, 0))
        return 0;
    content_hash(si->hash, server, thash, hash_len, h);
    ok = sign_hash(key, si, h, sig, sig_len);
    OPENSSL_cleanse(h, sizeof h);
    return ok;
}
