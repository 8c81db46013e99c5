/*
 * kumassl fuzzing: lib/crypto/fast against BearSSL's own code on the same
 * inputs (differential); any difference aborts. The first byte picks:
 *   0 X25519 (scalar, u) against c25519_m31
 *   1 P-256 mul of a fuzzed point (mostly invalid), 2 of a valid one
 *     (k * G by m31), 3 mulgen, 4 muladd (B given or the generator),
 *     all against p256_m31; scalars in [1, n - 1], as BearSSL asks
 *   5 ChaCha20-Poly1305 (ours, with and without the AVX2 bulk) against
 *     BearSSL's ctmulq over its portable ChaCha20, both directions
 *   6 ChaCha20 at a fuzzed counter against br_chacha20_ct_run
 *   7 ECDSA P-256: our signature against ecdsa_i31's (the same bytes: both
 *     RFC 6979), then a fuzzed change of it: both verifiers agree
 */
#include <stdlib.h>
#include "fuzz_common.h"
#include "fast/fast.h"

#define SAME(a, b, n) do { if (memcmp(a, b, n) != 0) abort(); } while (0)
#define CHECK(c) do { if (!(c)) abort(); } while (0)
/* Both EC calls give the same status, and on success the same point (on failure BearSSL's
 * contract leaves the buffer unspecified). */
#define SAME_EC(r1, r2, a, b, n) do { CHECK((r1) == (r2)); if (r1) SAME(a, b, n); } while (0)

/* The next n bytes of input, zeros past its end. */
static void take(unsigned char *out, size_t n, const uint8_t **p, size_t *left)
{
    size_t k = n < *left ? n : *left;

    memset(out, 0, n);
    memcpy(out, *p, k);
    *p += k;
    *left -= k;
}

/* A scalar in [1, n - 1]: the top bit cleared puts it below n (n > 2^255). */
static void p256_scalar(unsigned char k[32], const uint8_t **p, size_t *left)
{
    unsigned char z = 0;

    take(k, 32, p, left);
    k[0] &= 0x7F;
    for (int i = 0; i < 32; i++)
        z |= k[i];
    if (z == 0)
        k[31] = 1;
}

static void x25519(const uint8_t *p, size_t left)
{
    unsigned char k[32], u1[32], u2[32];
    uint32_t r1;

    take(k, 32, &p, &left);
    take(u1, 32, &p, &left);
    memcpy(u2, u1, 32);
    r1 = kuma_ec_fast.mul(u1, 32, k, 32, BR_EC_curve25519);

    SAME_EC(r1, br_ec_c25519_m31.mul(u2, 32, k, 32, BR_EC_curve25519), u1, u2, 32);
}

static void p256(int op, const uint8_t *p, size_t left)
{
    const br_ec_impl *m31 = &br_ec_p256_m31;
    unsigned char a1[65], a2[65], b[65], x[32], y[32], *bp = NULL;
    uint32_t r;

    if (op == 1) {
        take(a1, 65, &p, &left);
        a1[0] = 0x04;
    } else {
        p256_scalar(x, &p, &left);
        CHECK(m31->mulgen(a1, x, 32, BR_EC_secp256r1) == 65);
    }
    memcpy(a2, a1, 65);
    p256_scalar(x, &p, &left);
    p256_scalar(y, &p, &left);
    if (op <= 2) {
        r = kuma_ec_fast.mul(a1, 65, x, 32, BR_EC_secp256r1);
        SAME_EC(r, m31->mul(a2, 65, x, 32, BR_EC_secp256r1), a1, a2, 65);
    } else if (op == 3) {
        r = (uint32_t)kuma_ec_fast.mulgen(a1, x, 32, BR_EC_secp256r1);
        SAME_EC(r, (uint32_t)m31->mulgen(a2, x, 32, BR_EC_secp256r1), a1, a2, 65);
    } else {
        if (left > 0 && (*p & 1)) {
            unsigned char kb[32];

            p256_scalar(kb, &p, &left);
            CHECK(m31->mulgen(b, kb, 32, BR_EC_secp256r1) == 65);
            bp = b;
        }
        r = kuma_ec_fast.muladd(a1, bp, 65, x, 32, y, 32, BR_EC_secp256r1);
        SAME_EC(r, m31->muladd(a2, bp, 65, x, 32, y, 32, BR_EC_secp256r1), a1, a2, 65);
    }
}

static void chapol(const uint8_t *p, size_t left)
{
    static unsigned char d1[4096], d2[4096], d3[4096];
    unsigned char key[32], iv[12], aad[64], hdr[2], t1[16], t2[16], t3[16];
    br_poly1305_run theirs = br_poly1305_ctmulq_get();
    br_poly1305_run wide = kuma_poly1305_run;
    br_chacha20_run chacha = kuma_algos_get()->chacha20;
    size_t alen, len;
    int enc;

    take(hdr, 2, &p, &left);
    take(key, 32, &p, &left);
    take(iv, 12, &p, &left);
    alen = hdr[0] % (sizeof(aad) + 1);
    enc = hdr[1] & 1;
    take(aad, alen, &p, &left);
    len = left < sizeof(d1) ? left : sizeof(d1);
    take(d1, len, &p, &left);
    memcpy(d2, d1, len);
    memcpy(d3, d1, len);
    if (theirs == 0)
        theirs = br_poly1305_ctmul_run;
#if KUMA_HAVE_X86_SIMD
    if (kuma_cpu_has_avx2())
        wide = kuma_poly1305_avx2_run;
#endif
    kuma_poly1305_run(key, iv, d1, len, aad, alen, t1, chacha, enc);
    wide(key, iv, d2, len, aad, alen, t2, chacha, enc);
    theirs(key, iv, d3, len, aad, alen, t3, br_chacha20_ct_run, enc);
    SAME(d1, d3, len);
    SAME(d2, d3, len);
    SAME(t1, t3, 16);
    SAME(t2, t3, 16);
}

static void chacha20(const uint8_t *p, size_t left)
{
    static unsigned char d1[4096], d2[4096];
    unsigned char key[32], iv[12], cc[4];
    uint32_t c;
    size_t len;

    take(key, 32, &p, &left);
    take(iv, 12, &p, &left);
    take(cc, 4, &p, &left);
    c = (uint32_t)cc[0] | (uint32_t)cc[1] << 8 | (uint32_t)cc[2] << 16 | (uint32_t)cc[3] << 24;
    len = left < sizeof(d1) ? left : sizeof(d1);
    take(d1, len, &p, &left);
    memcpy(d2, d1, len);
    CHECK(kuma_algos_get()->chacha20(key, iv, c, d1, len) == br_chacha20_ct_run(key, iv, c, d2, len));
    SAME(d1, d2, len);
}

static void ecdsa(const uint8_t *p, size_t left)
{
    static const br_hash_class *const hashes[] = { &br_sha1_vtable, &br_sha256_vtable,
                                                   &br_sha384_vtable, &br_sha512_vtable };
    unsigned char x[32], pub[65], hash[64], s1[80], s2[80], op[3];
    br_ec_private_key sk = { BR_EC_secp256r1, x, 32 };
    br_ec_public_key pk = { BR_EC_secp256r1, pub, 65 };
    const br_hash_class *hf;
    size_t n1, n2, hl;

    take(op, 3, &p, &left);
    hf = hashes[op[0] % 4];
    hl = (hf->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
    p256_scalar(x, &p, &left);
    take(hash, hl, &p, &left);
    /*
     * A digest of 0 modulo n (u1 = 0) is valid ECDSA, which ours and
     * OpenSSL accept; BearSSL's m31 muladd refuses a zero scalar: keep it out.
     */
    {
        unsigned char z = 0;

        for (size_t i = 0; i < (hl < 32 ? hl : 32); i++)
            z |= hash[i];
        if (z == 0 || (hl >= 32 && memcmp(hash, br_ec_p256_m31.order(BR_EC_secp256r1, &n1), 32) == 0))
            hash[0] ^= 1;
    }
    CHECK(kuma_ec_fast.mulgen(pub, x, 32, BR_EC_secp256r1) == 65);
    n1 = kuma_ecdsa_sign_asn1(&kuma_ec_fast, hf, hash, &sk, s1);
    n2 = br_ecdsa_i31_sign_asn1(&br_ec_p256_m31, hf, hash, &sk, s2);
    CHECK(n1 > 0 && n1 == n2);
    SAME(s1, s2, n1);
    CHECK(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, hl, &pk, s1, n1) == 1);
    s1[op[1] % n1] ^= op[2];
    CHECK(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, hl, &pk, s1, n1)
          == br_ecdsa_i31_vrfy_asn1(&br_ec_p256_m31, hash, hl, &pk, s1, n1));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] % 8) {
    case 0:
        x25519(data + 1, size - 1);
        break;
    case 1: case 2: case 3: case 4:
        p256(data[0] % 8, data + 1, size - 1);
        break;
    case 5:
        chapol(data + 1, size - 1);
        break;
    case 6:
        chacha20(data + 1, size - 1);
        break;
    default:
        ecdsa(data + 1, size - 1);
        break;
    }
    return 0;
}
