/*
 * kumassl: X25519 (RFC 7748) with 64-bit limbs, as a br_ec_impl for
 * BearSSL's curve 29.
 *
 * BearSSL 0.6 ships only 15- and 31-bit Curve25519 code; on a 64-bit CPU
 * five limbs of 51 bits with 128-bit products do the same field arithmetic
 * in a quarter of the multiplications. The ladder is constant time: the
 * scalar bits only ever select through masks (fe_cswap), never a branch
 * or an index. Conventions are BearSSL's c25519 ones (which the TLS engine
 * relies on): the point is 32 bytes little-endian with the top bit
 * ignored, the scalar up to 32 bytes little-endian, clamped here.
 */
#include <string.h>
#include "fast.h"

#if KUMA_HAVE_INT128

/*
 * The limb loops are short and fixed: unrolled, the products stay in
 * registers (GCC: 76k cycles a ladder against 94k). Clang has no such
 * pragma and unrolls these at -O2.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3", "unroll-loops")
#endif

typedef unsigned __int128 u128;
typedef uint64_t fe[5];         /* sum of f[i] * 2^(51 i); limbs may exceed 51 bits a little */

#define MASK51 (((uint64_t)1 << 51) - 1)

static uint64_t load64_le(const unsigned char *p)
{
    uint64_t x = 0;

    for (int i = 7; i >= 0; i--)
        x = x << 8 | p[i];
    return x;
}

/* The top bit of the last byte is ignored (RFC 7748 5). */
static void fe_frombytes(fe h, const unsigned char s[32])
{
    h[0] = load64_le(s) & MASK51;
    h[1] = (load64_le(s + 6) >> 3) & MASK51;
    h[2] = (load64_le(s + 12) >> 6) & MASK51;
    h[3] = (load64_le(s + 19) >> 1) & MASK51;
    h[4] = (load64_le(s + 24) >> 12) & MASK51;
}

/* Carries every limb into 51 bits (the value below 2^255 + a little). */
static void fe_carry(fe h)
{
    uint64_t c;

    c = h[0] >> 51; h[0] &= MASK51; h[1] += c;
    c = h[1] >> 51; h[1] &= MASK51; h[2] += c;
    c = h[2] >> 51; h[2] &= MASK51; h[3] += c;
    c = h[3] >> 51; h[3] &= MASK51; h[4] += c;
    c = h[4] >> 51; h[4] &= MASK51; h[0] += 19 * c;
    c = h[0] >> 51; h[0] &= MASK51; h[1] += c;
}

static void store64_le(unsigned char *p, uint64_t x)
{
    for (int i = 0; i < 8; i++, x >>= 8)
        p[i] = (unsigned char)x;
}

/* The canonical encoding: h reduced below p = 2^255 - 19, without branching on it. */
static void fe_tobytes(unsigned char s[32], const fe f)
{
    fe h;
    uint64_t q;
    int i;

    memcpy(h, f, sizeof(fe));
    fe_carry(h);                /* now h < 2^255 + 2^52 < 2p */
    /* q = 1 exactly when h >= p, i.e. when h + 19 reaches 2^255 */
    q = (h[0] + 19) >> 51;
    for (i = 1; i < 5; i++)
        q = (h[i] + q) >> 51;
    h[0] += 19 * q;
    for (i = 0; i < 4; i++) {   /* carries up, dropping the 2^255 that q stands for */
        h[i + 1] += h[i] >> 51;
        h[i] &= MASK51;
    }
    h[4] &= MASK51;
    store64_le(s, h[0] | h[1] << 51);
    store64_le(s + 8, h[1] >> 13 | h[2] << 38);
    store64_le(s + 16, h[2] >> 26 | h[3] << 25);
    store64_le(s + 24, h[3] >> 39 | h[4] << 12);
}

static void fe_add(fe h, const fe f, const fe g)
{
    for (int i = 0; i < 5; i++)
        h[i] = f[i] + g[i];
}

/* f - g + 2p: limbs of g must stay below 2^52 (every product output does). */
static void fe_sub(fe h, const fe f, const fe g)
{
    h[0] = f[0] + 0xFFFFFFFFFFFDA - g[0];
    h[1] = f[1] + 0xFFFFFFFFFFFFE - g[1];
    h[2] = f[2] + 0xFFFFFFFFFFFFE - g[2];
    h[3] = f[3] + 0xFFFFFFFFFFFFE - g[3];
    h[4] = f[4] + 0xFFFFFFFFFFFFE - g[4];
}

/* Folds five 128-bit column sums into 51-bit limbs (the excess times 19 wraps to limb 0). */
static void fe_reduce128(fe h, u128 r0, u128 r1, u128 r2, u128 r3, u128 r4)
{
    uint64_t c;

    c = (uint64_t)(r0 >> 51); h[0] = (uint64_t)r0 & MASK51; r1 += c;
    c = (uint64_t)(r1 >> 51); h[1] = (uint64_t)r1 & MASK51; r2 += c;
    c = (uint64_t)(r2 >> 51); h[2] = (uint64_t)r2 & MASK51; r3 += c;
    c = (uint64_t)(r3 >> 51); h[3] = (uint64_t)r3 & MASK51; r4 += c;
    c = (uint64_t)(r4 >> 51); h[4] = (uint64_t)r4 & MASK51;
    h[0] += c * 19;
    c = h[0] >> 51; h[0] &= MASK51; h[1] += c;
}

static void fe_mul(fe h, const fe f, const fe g)
{
    uint64_t g1 = 19 * g[1], g2 = 19 * g[2], g3 = 19 * g[3], g4 = 19 * g[4];
    u128 r0, r1, r2, r3, r4;

    r0 = (u128)f[0] * g[0] + (u128)f[1] * g4 + (u128)f[2] * g3 + (u128)f[3] * g2 + (u128)f[4] * g1;
    r1 = (u128)f[0] * g[1] + (u128)f[1] * g[0] + (u128)f[2] * g4 + (u128)f[3] * g3 + (u128)f[4] * g2;
    r2 = (u128)f[0] * g[2] + (u128)f[1] * g[1] + (u128)f[2] * g[0] + (u128)f[3] * g4 + (u128)f[4] * g3;
    r3 = (u128)f[0] * g[3] + (u128)f[1] * g[2] + (u128)f[2] * g[1] + (u128)f[3] * g[0] + (u128)f[4] * g4;
    r4 = (u128)f[0] * g[4] + (u128)f[1] * g[3] + (u128)f[2] * g[2] + (u128)f[3] * g[1] + (u128)f[4] * g[0];
    fe_reduce128(h, r0, r1, r2, r3, r4);
}

/* f^2: the cross products once, doubled. */
static void fe_sq(fe h, const fe f)
{
    uint64_t d0 = 2 * f[0], d1 = 2 * f[1], f3_19 = 19 * f[3], f4_19 = 19 * f[4];
    u128 r0, r1, r2, r3, r4;

    r0 = (u128)f[0] * f[0] + (u128)d1 * f4_19 + (u128)(2 * f[2]) * f3_19;
    r1 = (u128)d0 * f[1] + (u128)(2 * f[2]) * f4_19 + (u128)f[3] * f3_19;
    r2 = (u128)d0 * f[2] + (u128)f[1] * f[1] + (u128)(2 * f[3]) * f4_19;
    r3 = (u128)d0 * f[3] + (u128)d1 * f[2] + (u128)f[4] * f4_19;
    r4 = (u128)d0 * f[4] + (u128)d1 * f[3] + (u128)f[2] * f[2];
    fe_reduce128(h, r0, r1, r2, r3, r4);
}

static void fe_sqn(fe h, const fe f, int n)
{
    fe_sq(h, f);
    while (--n > 0)
        fe_sq(h, h);
}

/* f * (A - 2) / 4 = f * 121665, RFC 7748's a24. */
static void fe_mul_a24(fe h, const fe f)
{
    const uint64_t a24 = 121665;

    fe_reduce128(h, (u128)f[0] * a24, (u128)f[1] * a24, (u128)f[2] * a24, (u128)f[3] * a24,
                 (u128)f[4] * a24);
}

/* 1/z = z^(p-2) = z^(2^255 - 21), by the usual chain of 254 squarings and 11 products. */
static void fe_invert(fe out, const fe z)
{
    fe z2, z9, z11, z5_0, z10_0, z20_0, z50_0, z100_0, t;

    fe_sq(z2, z);
    fe_sqn(t, z2, 2);
    fe_mul(z9, t, z);
    fe_mul(z11, z9, z2);
    fe_sq(t, z11);
    fe_mul(z5_0, t, z9);                /* z^(2^5 - 1) */
    fe_sqn(t, z5_0, 5);
    fe_mul(z10_0, t, z5_0);
    fe_sqn(t, z10_0, 10);
    fe_mul(z20_0, t, z10_0);
    fe_sqn(t, z20_0, 20);
    fe_mul(t, t, z20_0);                /* z^(2^40 - 1) */
    fe_sqn(t, t, 10);
    fe_mul(z50_0, t, z10_0);
    fe_sqn(t, z50_0, 50);
    fe_mul(z100_0, t, z50_0);
    fe_sqn(t, z100_0, 100);
    fe_mul(t, t, z100_0);               /* z^(2^200 - 1) */
    fe_sqn(t, t, 50);
    fe_mul(t, t, z50_0);                /* z^(2^250 - 1) */
    fe_sqn(t, t, 5);
    fe_mul(out, t, z11);                /* z^(2^255 - 32 + 11) */
}

/* Swaps f and g when bit is 1, in constant time. */
static void fe_cswap(fe f, fe g, uint64_t bit)
{
    uint64_t mask = (uint64_t)0 - bit, x;

    for (int i = 0; i < 5; i++) {
        x = mask & (f[i] ^ g[i]);
        f[i] ^= x;
        g[i] ^= x;
    }
}

void kuma_x25519(unsigned char out[32], const unsigned char scalar[32],
                 const unsigned char point[32])
{
    unsigned char k[32];
    fe x1, x2, z2, x3, z3, a, aa, b, bb, e, c, d, da, cb;
    uint64_t swap = 0, bit;
    int i;

    memcpy(k, scalar, 32);
    k[0] &= 0xF8;
    k[31] &= 0x7F;
    k[31] |= 0x40;
    fe_frombytes(x1, point);
    memset(x2, 0, sizeof(fe));
    x2[0] = 1;
    memset(z2, 0, sizeof(fe));
    memcpy(x3, x1, sizeof(fe));
    memset(z3, 0, sizeof(fe));
    z3[0] = 1;
    for (i = 254; i >= 0; i--) {
        bit = (k[i >> 3] >> (i & 7)) & 1;
        swap ^= bit;
        fe_cswap(x2, x3, swap);
        fe_cswap(z2, z3, swap);
        swap = bit;
        fe_add(a, x2, z2);
        fe_sub(b, x2, z2);
        fe_add(c, x3, z3);
        fe_sub(d, x3, z3);
        fe_sq(aa, a);
        fe_sq(bb, b);
        fe_mul(da, d, a);
        fe_mul(cb, c, b);
        fe_sub(e, aa, bb);
        fe_add(x3, da, cb);
        fe_sq(x3, x3);
        fe_sub(z3, da, cb);
        fe_sq(z3, z3);
        fe_mul(z3, z3, x1);
        fe_mul(x2, aa, bb);
        fe_mul_a24(z2, e);
        fe_add(z2, z2, aa);
        fe_mul(z2, z2, e);
    }
    fe_cswap(x2, x3, swap);
    fe_cswap(z2, z3, swap);
    fe_invert(z2, z2);
    fe_mul(x2, x2, z2);
    fe_tobytes(out, x2);
    memset(k, 0, sizeof(k));
}

/* ---- behind br_ec_impl: curve 29 ours, the others BearSSL's ---------------------- */

static const unsigned char BASE_U[32] = { 9 };

/*
 * Not the group order: as in BearSSL's c25519 code, the bound below which
 * br_ec_keygen draws a secret (any 255-bit string; clamping does the rest).
 */
static const unsigned char KEYGEN_BOUND[32] = {
    0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
};

const unsigned char *kuma_c25519_generator(size_t *len)
{
    *len = 32;
    return BASE_U;
}

const unsigned char *kuma_c25519_order(size_t *len)
{
    *len = 32;
    return KEYGEN_BOUND;
}

/* G = x * G in place; the scalar is shorter than 32 bytes when its high bytes are zero. */
uint32_t kuma_c25519_mul(unsigned char *G, size_t Glen, const unsigned char *x, size_t xlen)
{
    unsigned char k[32];

    if (Glen != 32 || xlen > 32)
        return 0;
    memcpy(k, x, xlen);
    memset(k + xlen, 0, 32 - xlen);
    kuma_x25519(G, k, G);
    memset(k, 0, sizeof(k));
    return 1;
}

size_t kuma_c25519_mulgen(unsigned char *R, const unsigned char *x, size_t xlen)
{
    memcpy(R, BASE_U, 32);
    return kuma_c25519_mul(R, 32, x, xlen) ? 32 : 0;
}

#endif
