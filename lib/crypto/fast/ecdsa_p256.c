/*
 * kumassl: ECDSA over P-256 with 64-bit arithmetic modulo the group order
 * n, as br_ecdsa_sign / br_ecdsa_vrfy ("asn1" format); other curves, and
 * other EC implementations than ours, go to BearSSL's i31 ECDSA.
 *
 * The points are p256.c's (through kuma_ec_fast); what is left is modulo
 * n, where BearSSL's i31 code (inversions, products) took over a third of
 * signing plus verifying: here four 64-bit limbs in Montgomery form,
 * inverses by Fermat (a fixed sequence: constant time for the nonce).
 * Signing derives k as RFC 6979 does (HMAC_DRBG seeded with the key and
 * the reduced hash), exactly as BearSSL's ecdsa_i31 does, so signatures
 * are the same bit for bit. Verification handles public values only.
 */
#include <string.h>
#include "fast.h"

#if KUMA_HAVE_INT128

typedef unsigned __int128 u128;
typedef uint64_t sc[4];         /* little-endian limbs, below n */

/* n, little-endian limbs */
static const sc N = { 0xF3B9CAC2FC632551, 0xBCE6FAADA7179E84, 0xFFFFFFFFFFFFFFFF,
                      0xFFFFFFFF00000000 };
static const uint64_t n0inv = 0xCCD1C8AAEE00BC4F;       /* -1/n mod 2^64 */
static const sc rr = { 0x83244C95BE79EEA2, 0x4699799C49BD6FA6, 0x2845B2392B6BEC59,
                       0x66E12D94F3D95620 };           /* 2^512 mod n: into Montgomery form */

/* ---- arithmetic modulo n ------------------------------------------------------------ */

/* d = a - b; the borrow out. */
static uint64_t sc_sub(sc d, const sc a, const sc b)
{
    uint64_t borrow = 0;

    for (int i = 0; i < 4; i++) {
        u128 t = (u128)a[i] - b[i] - borrow;

        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    return borrow;
}

/* r = v mod n for v < 2n given as v (4 limbs) plus a carry bit hi; constant time. */
static void sc_reduce(sc r, const sc v, uint64_t hi)
{
    sc d;
    uint64_t keep = (uint64_t)0 - ((sc_sub(d, v, N) & ~hi) & 1);     /* v < n: keep v */

    for (int i = 0; i < 4; i++)
        r[i] = (v[i] & keep) | (d[i] & ~keep);
}

static void sc_add(sc r, const sc a, const sc b)
{
    sc s;
    u128 t = 0;

    for (int i = 0; i < 4; i++) {
        t = (u128)a[i] + b[i] + (uint64_t)(t >> 64);
        s[i] = (uint64_t)t;
    }
    sc_reduce(r, s, (uint64_t)(t >> 64));
}

/* a b / 2^256 mod n (Montgomery, operand scanning); a, b below n. */
static void sc_mul(sc r, const sc a, const sc b)
{
    uint64_t t[6] = { 0 };

    for (int i = 0; i < 4; i++) {
        uint64_t c = 0, m;
        u128 x;

        for (int j = 0; j < 4; j++) {
            x = (u128)a[i] * b[j] + t[j] + c;
            t[j] = (uint64_t)x;
            c = (uint64_t)(x >> 64);
        }
        x = (u128)t[4] + c;
        t[4] = (uint64_t)x;
        t[5] = (uint64_t)(x >> 64);
        m = t[0] * n0inv;
        x = (u128)m * N[0] + t[0];
        c = (uint64_t)(x >> 64);
        for (int j = 1; j < 4; j++) {
            x = (u128)m * N[j] + t[j] + c;
            t[j - 1] = (uint64_t)x;
            c = (uint64_t)(x >> 64);
        }
        x = (u128)t[4] + c;
        t[3] = (uint64_t)x;
        t[4] = t[5] + (uint64_t)(x >> 64);
    }
    sc_reduce(r, t, t[4]);
}

/* a^(n-2) = 1/a in Montgomery form (0 for 0); the exponent is public, the sequence fixed. */
static void sc_invert(sc r, const sc a)
{
    sc e, acc;

    sc_sub(e, N, (const sc){ 2, 0, 0, 0 });
    sc_mul(acc, rr, (const sc){ 1, 0, 0, 0 });          /* 1, Montgomery form */
    for (int i = 255; i >= 0; i--) {
        sc_mul(acc, acc, acc);
        if ((e[i >> 6] >> (i & 63)) & 1)
            sc_mul(acc, acc, a);
    }
    memcpy(r, acc, sizeof(sc));
}

/* 32 big-endian bytes to limbs (any value below 2^256). */
static void sc_from_bytes(sc r, const unsigned char b[32])
{
    for (int i = 0; i < 4; i++) {
        r[i] = 0;
        for (int j = 0; j < 8; j++)
            r[i] = r[i] << 8 | b[24 - 8 * i + j];
    }
}

static void sc_to_bytes(unsigned char b[32], const sc a)
{
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 8; j++)
            b[31 - 8 * i - j] = (unsigned char)(a[i] >> (8 * j));
}

static void to_mont(sc r, const sc a)
{
    sc_mul(r, a, rr);
}

static void from_mont(sc r, const sc a)
{
    sc_mul(r, a, (const sc){ 1, 0, 0, 0 });
}

/* All ones when a is zero. */
static uint64_t sc_is_zero(const sc a)
{
    uint64_t z = a[0] | a[1] | a[2] | a[3];

    return ((z | ((uint64_t)0 - z)) >> 63) - 1;
}

/*
 * The hash as an integer modulo n (RFC 6979 bits2int, then one reduction):
 * its first 32 bytes, or all of a shorter one, right-aligned.
 */
static void hash_to_sc(sc r, const unsigned char *h, size_t len)
{
    unsigned char b[32] = { 0 };

    if (len > 32)
        len = 32;
    memcpy(b + 32 - len, h, len);
    sc_from_bytes(r, b);
    sc_reduce(r, r, 0);
}

/* A big-endian integer of len bytes into r when it is in [1, n - 1]; public data. */
static int decode_nonzero_below_n(sc r, const unsigned char *b, size_t len)
{
    unsigned char buf[32] = { 0 };
    sc d;

    for (; len > 32; b++, len--)
        if (*b != 0)
            return 0;
    memcpy(buf + 32 - len, b, len);
    sc_from_bytes(r, buf);
    return sc_sub(d, r, N) == 1 && sc_is_zero(r) == 0;
}

/* ---- signing -------------------------------------------------------------------- */

/* Whether 0 < v < n (the key, a candidate k): no branch on v's bits. */
static int in_range(const sc v)
{
    sc d;

    return (int)((~sc_is_zero(v) & ((uint64_t)0 - sc_sub(d, v, N))) & 1);
}

size_t kuma_ecdsa_p256_sign_k(unsigned char sig[64], const unsigned char x[32],
                              const unsigned char e32[32], const unsigned char k32[32])
{
    unsigned char pt[65];
    sc x_m, e, k, r, s, t;

    kuma_ec_fast.mulgen(pt, k32, 32, BR_EC_secp256r1);
    sc_from_bytes(r, pt + 1);
    sc_reduce(r, r, 0);
    /* s = (e + x r) / k, in Montgomery form */
    sc_from_bytes(x_m, x);
    to_mont(x_m, x_m);
    to_mont(t, r);
    sc_mul(s, x_m, t);
    sc_from_bytes(e, e32);
    to_mont(e, e);
    sc_add(s, s, e);
    sc_from_bytes(k, k32);
    to_mont(k, k);
    sc_invert(k, k);
    sc_mul(s, s, k);
    from_mont(s, s);
    sc_to_bytes(sig, r);
    sc_to_bytes(sig + 32, s);
    memset(x_m, 0, sizeof(x_m));
    memset(k, 0, sizeof(k));
    return 64;
}

/* The raw signature r || s (64 bytes); 0 when the key is not in [1, n - 1]. */
static size_t sign_raw(const br_hash_class *hf, const void *hash, const br_ec_private_key *sk,
                       unsigned char sig[64])
{
    unsigned char seed[64] = { 0 }, kb[32];
    size_t hlen = (hf->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK, xlen = sk->xlen;
    const unsigned char *xb = sk->x;
    br_hmac_drbg_context drbg;
    sc x, e, k;
    int ok;

    for (; xlen > 32; xb++, xlen--)     /* a longer encoding: zeros first */
        if (*xb != 0)
            return 0;
    memcpy(seed + 32 - xlen, xb, xlen);
    sc_from_bytes(x, seed);
    if (!in_range(x))
        return 0;
    /* RFC 6979 3.2: HMAC_DRBG over the key and the reduced hash, candidates until 0 < k < n */
    hash_to_sc(e, hash, hlen);
    sc_to_bytes(seed + 32, e);
    br_hmac_drbg_init(&drbg, hf, seed, 64);
    do {
        br_hmac_drbg_generate(&drbg, kb, 32);
        sc_from_bytes(k, kb);
    } while (!in_range(k));     /* the one data-dependent branch: a rejection, p < 2^-32 */
    ok = kuma_ecdsa_p256_sign_k(sig, seed, seed + 32, kb) == 64;
    memset(seed, 0, sizeof(seed));
    memset(kb, 0, sizeof(kb));
    memset(&drbg, 0, sizeof(drbg));
    memset(x, 0, sizeof(x));
    memset(k, 0, sizeof(k));
    return ok ? 64 : 0;
}

size_t kuma_ecdsa_sign_asn1(const br_ec_impl *impl, const br_hash_class *hf,
                            const void *hash_value, const br_ec_private_key *sk, void *sig)
{
    unsigned char raw[72];

    if (impl != &kuma_ec_fast || sk->curve != BR_EC_secp256r1)
        return br_ecdsa_i31_sign_asn1(impl, hf, hash_value, sk, sig);
    if (sign_raw(hf, hash_value, sk, raw) != 64)
        return 0;
    memcpy(sig, raw, 64);
    return br_ecdsa_raw_to_asn1(sig, 64);
}

/* ---- verification ----------------------------------------------------------------- */

static uint32_t vrfy_raw(const void *hash, size_t hash_len, const br_ec_public_key *pk,
                         const unsigned char *sig, size_t sig_len)
{
    unsigned char q[65], u1b[32], u2b[32], rx[32];
    sc r, s, e, w, u1, u2, x;

    if (pk->qlen != 65 || (sig_len & 1) != 0 || sig_len == 0
        || !decode_nonzero_below_n(r, sig, sig_len / 2)
        || !decode_nonzero_below_n(s, sig + sig_len / 2, sig_len / 2))
        return 0;
    hash_to_sc(e, hash, hash_len);
    /* u1 = e / s, u2 = r / s; then u1 G + u2 Q, whose x must be r modulo n */
    to_mont(w, s);
    sc_invert(w, w);
    to_mont(e, e);
    sc_mul(u1, e, w);
    from_mont(u1, u1);
    to_mont(u2, r);
    sc_mul(u2, u2, w);
    from_mont(u2, u2);
    sc_to_bytes(u1b, u1);
    sc_to_bytes(u2b, u2);
    memcpy(q, pk->q, 65);
    if (kuma_ec_fast.muladd(q, NULL, 65, u2b, 32, u1b, 32, BR_EC_secp256r1) != 1)
        return 0;
    memcpy(rx, q + 1, 32);
    sc_from_bytes(x, rx);
    sc_reduce(x, x, 0);
    return memcmp(x, r, sizeof(sc)) == 0;
}

uint32_t kuma_ecdsa_vrfy_asn1(const br_ec_impl *impl, const void *hash, size_t hash_len,
                              const br_ec_public_key *pk, const void *sig, size_t sig_len)
{
    unsigned char raw[160];

    if (impl != &kuma_ec_fast || pk->curve != BR_EC_secp256r1)
        return br_ecdsa_i31_vrfy_asn1(impl, hash, hash_len, pk, sig, sig_len);
    if (sig_len > sizeof(raw) / 2)
        return 0;
    memcpy(raw, sig, sig_len);
    sig_len = br_ecdsa_asn1_to_raw(raw, sig_len);
    return sig_len != 0 && vrfy_raw(hash, hash_len, pk, raw, sig_len);
}

#endif
