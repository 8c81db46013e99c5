/*
 * kumassl: RSASSA-PSS signatures on certificates and CRLs (RFC 4055 3.1,
 * RFC 8017 A.2.3): reading the AlgorithmIdentifier's RSASSA-PSS-params --
 * the hash, MGF1 over a hash, the salt length, the trailer field -- for
 * kuma_rsa_pss_verify_salt. kumassl's MGF1 runs over the message hash, so a
 * mask hash that differs from it is refused (as a signature that cannot be
 * checked), as is any trailer field but 1.
 */
#include <string.h>
#include "chain_int.h"

/* id-RSASSA-PSS, id-mgf1 */
static const unsigned char PSS_OID[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A };
static const unsigned char MGF1_OID[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x08 };

typedef struct {
    unsigned char oid[9];
    unsigned char len;
    const br_hash_class *hash;
    int bits;                   /* OpenSSL's security bits for the digest (SHA-1: 63) */
} pss_hash;

/* sha1 (1.3.14.3.2.26) and 2.16.840.1.101.3.4.2.n */
#define NIST_HASH(n) { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, n }, 9
static const pss_hash HASHES[] = {
    { { 0x2B, 0x0E, 0x03, 0x02, 0x1A }, 5, &br_sha1_vtable, 63 },
    { NIST_HASH(0x04), &br_sha224_vtable, 112 },
    { NIST_HASH(0x01), &br_sha256_vtable, 128 },
    { NIST_HASH(0x02), &br_sha384_vtable, 192 },
    { NIST_HASH(0x03), &br_sha512_vtable, 256 },
};

/* Whether oid (content bytes) is the one given. */
static int oid_is(const kuma_der *oid, const unsigned char *want, size_t len)
{
    return oid->len == len && memcmp(oid->p, want, len) == 0;
}

/* An AlgorithmIdentifier's OID and what follows it (its parameters, maybe empty). */
static int read_alg_id(const kuma_der *alg, kuma_der *oid, kuma_der *params)
{
    kuma_der in = *alg, seq;
    unsigned char tag;

    if (!kuma_der_next(&in, &tag, &seq, NULL) || tag != 0x30 || in.len != 0
        || !kuma_der_next(&seq, &tag, oid, NULL) || tag != 0x06)
        return 0;
    *params = seq;
    return 1;
}

/* The hash named by a HashAlgorithm (parameters absent or NULL), or NULL. */
static const pss_hash *read_hash(const kuma_der *alg)
{
    kuma_der oid, params;
    size_t i;

    if (!read_alg_id(alg, &oid, &params))
        return NULL;
    if (params.len != 0 && !(params.len == 2 && params.p[0] == 0x05 && params.p[1] == 0))
        return NULL;
    for (i = 0; i < sizeof(HASHES) / sizeof(HASHES[0]); i++)
        if (oid_is(&oid, HASHES[i].oid, HASHES[i].len))
            return &HASHES[i];
    return NULL;
}

/* A small non-negative INTEGER (salt length, trailer field). */
static int read_small_int(kuma_der *in, size_t *v)
{
    kuma_der n;
    unsigned char tag;
    size_t i;

    if (!kuma_der_next(in, &tag, &n, NULL) || tag != 0x02 || n.len == 0 || n.len > 3
        || (n.p[0] & 0x80) || in->len != 0)
        return 0;
    for (*v = 0, i = 0; i < n.len; i++)
        *v = (*v << 8) | n.p[i];
    return 1;
}

/* maskGenAlgorithm: MGF1 over a hash. */
static const pss_hash *read_mgf(const kuma_der *alg)
{
    kuma_der oid, params;

    if (!read_alg_id(alg, &oid, &params) || !oid_is(&oid, MGF1_OID, sizeof(MGF1_OID)))
        return NULL;
    return read_hash(&params);
}

/* The fields of RSASSA-PSS-params, each [n] EXPLICIT and optional, in order. */
static int read_pss_params(kuma_der params, kuma_pss *out)
{
    const pss_hash *h = &HASHES[0], *mgf = &HASHES[0];     /* the defaults: SHA-1 */
    size_t salt = 20, trailer = 1;
    kuma_der seq, field;
    unsigned char tag;
    int last = -1;

    if (!kuma_der_next(&params, &tag, &seq, NULL) || tag != 0x30 || params.len != 0)
        return 0;
    while (seq.len > 0) {
        int n;

        if (!kuma_der_next(&seq, &tag, &field, NULL) || (tag & 0xE0) != 0xA0)
            return 0;
        n = tag & 0x1F;
        if (n <= last || n > 3)
            return 0;
        last = n;
        if ((n == 0 && (h = read_hash(&field)) == NULL)
            || (n == 1 && (mgf = read_mgf(&field)) == NULL)
            || (n == 2 && !read_small_int(&field, &salt))
            || (n == 3 && !read_small_int(&field, &trailer)))
            return 0;
    }
    if (mgf != h || trailer != 1)
        return 0;
    out->hash = h->hash;
    out->salt_len = salt;
    out->bits = h->bits;
    return 1;
}

int kuma_pss_params_read(const kuma_der *alg, kuma_pss *out)
{
    kuma_der oid, params;

    return read_alg_id(alg, &oid, &params) && oid_is(&oid, PSS_OID, sizeof(PSS_OID))
           && read_pss_params(params, out);
}

int kuma_pss_sig_check(const kuma_der *data, const kuma_pss *pss, const kuma_der *sig,
                       const br_x509_pkey *pk)
{
    br_hash_compat_context hc;
    unsigned char digest[64];
    size_t dlen = (pss->hash->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;

    if (pk == NULL || pk->key_type != BR_KEYTYPE_RSA)
        return 0;
    pss->hash->init(&hc.vtable);
    pss->hash->update(&hc.vtable, data->p, data->len);
    pss->hash->out(&hc.vtable, digest);
    return kuma_rsa_pss_verify_salt(&pk->key.rsa, pss->hash, digest, dlen, sig->p, sig->len,
                                    pss->salt_len);
}

int kuma_cert_pss_signed(const unsigned char *der, size_t len)
{
    kuma_der in = { der, len }, cert, part, alg;
    unsigned char tag;
    kuma_pss pss;

    return kuma_der_next(&in, &tag, &cert, NULL) && tag == 0x30
           && kuma_der_next(&cert, &tag, &part, NULL)
           && kuma_der_next(&cert, &tag, &part, &alg)
           && kuma_pss_params_read(&alg, &pss);
}
