/*
 * kumassl: checking a certificate's (or CRL's) signature with its issuer's
 * key, by BearSSL's RSA PKCS#1 v1.5 and ECDSA verifiers (RSASSA-PSS in
 * x509_pss.c), and the security bits OpenSSL gives keys, signature
 * algorithms and security levels (one table for chain.c and libssl). ECDSA
 * is the one in force (kuma_algos_get: lib/crypto/fast's for P-256).
 */
#include <string.h>
#include "chain_int.h"
#include "fast/fast.h"

typedef struct {
    unsigned char oid[9];
    unsigned char len;
    int key_type;               /* BR_KEYTYPE_RSA / BR_KEYTYPE_EC */
    const br_hash_class *hash;
    const unsigned char *hash_oid;  /* for PKCS#1 v1.5 (BR_HASH_OID_*) */
    int bits;                   /* OpenSSL's security bits for the digest */
} sig_alg;

/* 1.2.840.113549.1.1.n and 1.2.840.10045.4.(1 | 3.n) */
#define RSA_OID(n) { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, n }, 9, BR_KEYTYPE_RSA
#define ECDSA_OID(n) { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, n }, 8, BR_KEYTYPE_EC

static const sig_alg ALGS[] = {
    /* SHA-1's 63 bits: OpenSSL 3.0 counts its known collisions */
    { RSA_OID(0x05), &br_sha1_vtable, BR_HASH_OID_SHA1, 63 },
    { RSA_OID(0x0E), &br_sha224_vtable, BR_HASH_OID_SHA224, 112 },
    { RSA_OID(0x0B), &br_sha256_vtable, BR_HASH_OID_SHA256, 128 },
    { RSA_OID(0x0C), &br_sha384_vtable, BR_HASH_OID_SHA384, 192 },
    { RSA_OID(0x0D), &br_sha512_vtable, BR_HASH_OID_SHA512, 256 },
    { { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x01 }, 7, BR_KEYTYPE_EC, &br_sha1_vtable, NULL, 63 },
    { ECDSA_OID(0x01), &br_sha224_vtable, NULL, 112 },
    { ECDSA_OID(0x02), &br_sha256_vtable, NULL, 128 },
    { ECDSA_OID(0x03), &br_sha384_vtable, NULL, 192 },
    { ECDSA_OID(0x04), &br_sha512_vtable, NULL, 256 },
};

/* The algorithm of an AlgorithmIdentifier (whole TLV), or NULL. Parameters are not looked at. */
static const sig_alg *find_alg(const kuma_der *alg)
{
    kuma_der in = *alg, seq, oid;
    unsigned char tag;
    size_t i;

    if (!kuma_der_next(&in, &tag, &seq, NULL) || tag != 0x30
        || !kuma_der_next(&seq, &tag, &oid, NULL) || tag != 0x06)
        return NULL;
    for (i = 0; i < sizeof(ALGS) / sizeof(ALGS[0]); i++) {
        if (oid.len == ALGS[i].len && memcmp(oid.p, ALGS[i].oid, oid.len) == 0)
            return &ALGS[i];
    }
    return NULL;
}

int kuma_sig_check(const kuma_der *data, const kuma_der *alg, const kuma_der *sig,
                   const br_x509_pkey *pk)
{
    const sig_alg *a = find_alg(alg);
    br_hash_compat_context hc;
    unsigned char digest[64], out[64];
    kuma_pss pss;
    size_t dlen;

    if (a == NULL && kuma_pss_params_read(alg, &pss))
        return sig->len != 0 && kuma_pss_sig_check(data, &pss, sig, pk);
    if (a == NULL || pk == NULL || pk->key_type != a->key_type || sig->len == 0)
        return 0;
    a->hash->init(&hc.vtable);
    a->hash->update(&hc.vtable, data->p, data->len);
    a->hash->out(&hc.vtable, digest);
    dlen = (a->hash->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
    if (a->key_type == BR_KEYTYPE_RSA)
        return br_rsa_pkcs1_vrfy_get_default()(sig->p, sig->len, a->hash_oid, dlen,
                                               &pk->key.rsa, out)
               && memcmp(out, digest, dlen) == 0;
    return kuma_algos_get()->ecdsa_vrfy(kuma_ec_default(), digest, dlen, &pk->key.ec,
                                            sig->p, sig->len) == 1;
}

int kuma_level_bits(int level)
{
    static const int bits[] = { 0, 80, 112, 128, 192, 256 };

    return level <= 0 ? 0 : bits[level > 5 ? 5 : level];
}

int kuma_sig_security_bits(const kuma_der *alg)
{
    const sig_alg *a = find_alg(alg);
    kuma_pss pss;

    if (a != NULL)
        return a->bits;
    return kuma_pss_params_read(alg, &pss) ? pss.bits : 0;
}

/* OpenSSL's strength of an RSA modulus (NIST SP 800-57), by its bit length. */
static int rsa_bits(const br_rsa_public_key *k)
{
    size_t i = 0;
    int bits;

    while (i < k->nlen && k->n[i] == 0)
        i++;
    if (i == k->nlen)
        return 0;
    bits = (int)(k->nlen - i) * 8;
    for (unsigned char top = k->n[i]; !(top & 0x80); top <<= 1)
        bits--;
    return bits >= 15360 ? 256 : bits >= 7680 ? 192 : bits >= 3072 ? 128
         : bits >= 2048 ? 112 : bits >= 1024 ? 80 : 0;
}

int kuma_pkey_security_bits(const br_x509_pkey *pk)
{
    if (pk->key_type == BR_KEYTYPE_RSA)
        return rsa_bits(&pk->key.rsa);
    switch (pk->key.ec.curve) {
    case BR_EC_secp256r1:
        return 128;
    case BR_EC_secp384r1:
        return 192;
    case BR_EC_secp521r1:
        return 256;
    default:
        return 0;
    }
}
