/*
 * kumassl: NIST P-256 with 64-bit limbs, as the br_ec_impl methods for
 * BearSSL's curve 23 (ECDHE and ECDSA).
 *
 * Field elements are four 64-bit limbs in Montgomery form (R = 2^256),
 * products through unsigned __int128, reduction by p's special form. Points
 * are projective (X:Y:Z), with the complete formulas of Renes, Costello and
 * Batina (Eurocrypt 2016, algorithms 4 and 6, a = -3): one formula for
 * P + Q, P + P and the point at infinity (0:1:0), and one for 2P, so that a
 * scalar multiplication is the same sequence of operations whatever the
 * scalar, with table entries picked by masks (constant time). Fixed-base
 * multiplication uses a table of j * 16^i * G built on first use: 64
 * additions, no doubling. ECDSA verification (muladd) is variable time:
 * its inputs are public.
 *
 * BearSSL's conventions: points are uncompressed (0x04 || X || Y, 65
 * bytes), checked on decoding; scalars are big-endian, below the order.
 */
#include <pthread.h>
#include <string.h>
#include "fast.h"
#if defined(__x86_64__)
#include <x86intrin.h>
#endif

#if KUMA_HAVE_INT128

/*
 * The limb loops are short and fixed: unrolled, the limbs stay in registers
 * (about half the cycles of the rolled loops at -O2; GCC's optimize pragma
 * with unroll-loops did worse). Clang reads the same pragma.
 */
#define UNROLL _Pragma("GCC unroll 8")
/* The field's small steps, inlined into the multiplication and the formulas (perf: calls cost 30 %). */
#define FIELD static inline __attribute__((always_inline))

typedef unsigned __int128 u128;
typedef uint64_t fe[4];         /* little-endian limbs, Montgomery form, below p */
typedef struct {
    fe x, y, z;
} point;

static const fe P = { 0xFFFFFFFFFFFFFFFF, 0x00000000FFFFFFFF, 0, 0xFFFFFFFF00000001 };
static const fe R_MOD_P = { 1, 0xFFFFFFFF00000000, 0xFFFFFFFFFFFFFFFF, 0x00000000FFFFFFFE };

/* R^2 mod p (to Montgomery form) and the curve's b in Montgomery form: constants, so
 * that nothing needs initialising before use */
static const fe R2 = { 0x0000000000000003, 0xFFFFFFFBFFFFFFFF, 0xFFFFFFFFFFFFFFFE,
                       0x00000004FFFFFFFD };
static const fe B_MONT = { 0xD89CDF6229C4BDDF, 0xACF005CD78843090, 0xE5A220ABF7212ED6,
                           0xDC30061D04874834 };
static point G_TAB[64][16];     /* G_TAB[i][j] = j * 16^i * G */

static const unsigned char G_BYTES[65] = {
    0x04, 0x6B, 0x17, 0xD1, 0xF2, 0xE1, 0x2C, 0x42, 0x47, 0xF8, 0xBC, 0xE6, 0xE5, 0x63, 0xA4, 0x40,
    0xF2, 0x77, 0x03, 0x7D, 0x81, 0x2D, 0xEB, 0x33, 0xA0, 0xF4, 0xA1, 0x39, 0x45, 0xD8, 0x98, 0xC2,
    0x96, 0x4F, 0xE3, 0x42, 0xE2, 0xFE, 0x1A, 0x7F, 0x9B, 0x8E, 0xE7, 0xEB, 0x4A, 0x7C, 0x0F, 0x9E,
    0x16, 0x2B, 0xCE, 0x33, 0x57, 0x6B, 0x31, 0x5E, 0xCE, 0xCB, 0xB6, 0x40, 0x68, 0x37, 0xBF, 0x51,
    0xF5
};

static const unsigned char P_BYTES[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
};

static const unsigned char N_BYTES[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51
};

/* ---- the field -------------------------------------------------------------------- */

#if defined(__x86_64__)
/* a + b + *c, the carry out into *c: an adc in the chain. */
FIELD uint64_t adc64(unsigned char *c, uint64_t a, uint64_t b)
{
    unsigned long long o;

    *c = _addcarry_u64(*c, a, b, &o);
    return o;
}
#endif

/* d = a - b on four limbs; returns the borrow out (1 when a < b). */
FIELD uint64_t sub4(uint64_t d[4], const uint64_t a[4], const uint64_t b[4])
{
#if defined(__x86_64__)
    /* the carry flag chain (sbb), which the u128 form below does not always get */
    unsigned long long o0, o1, o2, o3;
    unsigned char c = _subborrow_u64(0, a[0], b[0], &o0);

    c = _subborrow_u64(c, a[1], b[1], &o1);
    c = _subborrow_u64(c, a[2], b[2], &o2);
    c = _subborrow_u64(c, a[3], b[3], &o3);
    d[0] = o0;
    d[1] = o1;
    d[2] = o2;
    d[3] = o3;
    return c;
#else
    uint64_t borrow = 0;
    u128 t;

    UNROLL
    for (int i = 0; i < 4; i++) {
        t = (u128)a[i] - b[i] - borrow;
        d[i] = (uint64_t)t;
        borrow = (uint64_t)(t >> 64) & 1;
    }
    return borrow;
#endif
}

/* d = a + b on four limbs; returns the carry out. */
FIELD uint64_t add4(uint64_t d[4], const uint64_t a[4], const uint64_t b[4])
{
#if defined(__x86_64__)
    unsigned long long o0, o1, o2, o3;
    unsigned char c = _addcarry_u64(0, a[0], b[0], &o0);

    c = _addcarry_u64(c, a[1], b[1], &o1);
    c = _addcarry_u64(c, a[2], b[2], &o2);
    c = _addcarry_u64(c, a[3], b[3], &o3);
    d[0] = o0;
    d[1] = o1;
    d[2] = o2;
    d[3] = o3;
    return c;
#else
    u128 t = 0;

    UNROLL
    for (int i = 0; i < 4; i++) {
        t = (u128)a[i] + b[i] + (uint64_t)(t >> 64);
        d[i] = (uint64_t)t;
    }
    return (uint64_t)(t >> 64);
#endif
}

/* r = v - p when v (with carry bit hi above it) is at least p, else v; constant time. */
FIELD void fe_reduce_once(fe r, const uint64_t v[4], uint64_t hi)
{
    uint64_t d[4], borrow = sub4(d, v, P), keep;

    /* v >= p exactly when there was a carry, or no borrow */
    keep = (uint64_t)0 - ((~hi & borrow) & 1);     /* all ones: keep v */
    UNROLL
    for (int i = 0; i < 4; i++)
        r[i] = (v[i] & keep) | (d[i] & ~keep);
}

FIELD void fe_add(fe r, const fe a, const fe b)
{
    uint64_t s[4], hi = add4(s, a, b);

    fe_reduce_once(r, s, hi);
}

FIELD void fe_sub(fe r, const fe a, const fe b)
{
    uint64_t d[4], mask = (uint64_t)0 - sub4(d, a, b);     /* below zero: add p back */
    uint64_t pm[4] = { P[0] & mask, P[1] & mask, P[2] & mask, P[3] & mask };

    add4(r, d, pm);
}

/*
 * t / R mod p for a 512-bit t < p * R, in place on t[0..8] (t[8] zero on
 * entry); the result, below 2p, is in t[4..8]. Montgomery steps: -1/p mod
 * 2^64 is 1 (p = -1 mod 2^64), so step i adds m = t[i] times p, and p's
 * form, 2^256 - 2^224 + 2^192 + 2^96 - 1, makes that one multiplication:
 * limb i becomes zero, m * 2^96 goes to limbs i+1 and i+2, m * P[3] to
 * limbs i+3 and i+4; the carry runs to the top every time (no early exit).
 */
FIELD void fe_montgomery_reduce(uint64_t t[9])
{
    UNROLL
    for (int i = 0; i < 4; i++) {
        uint64_t m = t[i];
        u128 mp = (u128)m * P[3];
#if defined(__x86_64__)
        unsigned char c = 0;

        t[i + 1] = adc64(&c, t[i + 1], m << 32);
        t[i + 2] = adc64(&c, t[i + 2], m >> 32);
        t[i + 3] = adc64(&c, t[i + 3], (uint64_t)mp);
        t[i + 4] = adc64(&c, t[i + 4], (uint64_t)(mp >> 64));
        UNROLL
        for (int j = i + 5; j < 9; j++)
            t[j] = adc64(&c, t[j], 0);
#else
        u128 acc;

        acc = (u128)t[i + 1] + (m << 32);
        t[i + 1] = (uint64_t)acc;
        acc = (u128)t[i + 2] + (m >> 32) + (uint64_t)(acc >> 64);
        t[i + 2] = (uint64_t)acc;
        acc = (u128)t[i + 3] + (uint64_t)mp + (uint64_t)(acc >> 64);
        t[i + 3] = (uint64_t)acc;
        acc = (u128)t[i + 4] + (uint64_t)(mp >> 64) + (uint64_t)(acc >> 64);
        t[i + 4] = (uint64_t)acc;
        UNROLL
        for (int j = i + 5; j < 9; j++) {
            acc = (u128)t[j] + (uint64_t)(acc >> 64);
            t[j] = (uint64_t)acc;
        }
#endif
    }
}

/* a * b / R mod p: the schoolbook product, then the reduction. */
static void fe_mul(fe r, const fe a, const fe b)
{
    uint64_t t[9] = { 0 }, c;
    u128 x;

    UNROLL
    for (int i = 0; i < 4; i++) {
        c = 0;
        UNROLL
        for (int j = 0; j < 4; j++) {
            x = (u128)a[i] * b[j] + t[i + j] + c;
            t[i + j] = (uint64_t)x;
            c = (uint64_t)(x >> 64);
        }
        t[i + 4] = c;
    }
    fe_montgomery_reduce(t);
    fe_reduce_once(r, t + 4, t[8]);
}

/* a^2 / R mod p: the six cross products once, doubled, then the squares. */
static void fe_sq(fe r, const fe a)
{
    uint64_t t[9] = { 0 }, c;
    u128 x;

    UNROLL
    for (int i = 0; i < 4; i++) {
        c = 0;
        UNROLL
        for (int j = i + 1; j < 4; j++) {
            x = (u128)a[i] * a[j] + t[i + j] + c;
            t[i + j] = (uint64_t)x;
            c = (uint64_t)(x >> 64);
        }
        t[i + 4] = c;
    }
    UNROLL
    for (int i = 7; i > 0; i--)
        t[i] = t[i] << 1 | t[i - 1] >> 63;
    c = 0;
    UNROLL
    for (int i = 0; i < 4; i++) {
        u128 sq = (u128)a[i] * a[i];

        x = (u128)t[2 * i] + (uint64_t)sq + c;
        t[2 * i] = (uint64_t)x;
        x = (u128)t[2 * i + 1] + (uint64_t)(sq >> 64) + (uint64_t)(x >> 64);
        t[2 * i + 1] = (uint64_t)x;
        c = (uint64_t)(x >> 64);
    }
    fe_montgomery_reduce(t);
    fe_reduce_once(r, t + 4, t[8]);
}

/* a squared n times. */
static void fe_sq_n(fe r, const fe a, int n)
{
    fe_sq(r, a);
    while (--n > 0)
        fe_sq(r, r);
}

/*
 * a^(p-2) = 1/a (0 for 0). p - 2 is, from the top, 32 ones, 31 zeros and a
 * one, 96 zeros, 64 ones, 30 ones, a zero and a one: an addition chain
 * through a^(2^k - 1) for k = 2, 4, 8, 16, 24, 28, 30, 32 (255 squarings,
 * 13 multiplications; a fixed sequence).
 */
static void fe_invert(fe r, const fe a)
{
    fe x2, x4, x8, x16, x30, x32, t;

    fe_sq(t, a);
    fe_mul(x2, t, a);
    fe_sq_n(t, x2, 2);
    fe_mul(x4, t, x2);
    fe_sq_n(t, x4, 4);
    fe_mul(x8, t, x4);
    fe_sq_n(t, x8, 8);
    fe_mul(x16, t, x8);
    fe_sq_n(t, x16, 8);
    fe_mul(t, t, x8);           /* 24 ones */
    fe_sq_n(t, t, 4);
    fe_mul(t, t, x4);           /* 28 */
    fe_sq_n(t, t, 2);
    fe_mul(x30, t, x2);
    fe_sq_n(t, x30, 2);
    fe_mul(x32, t, x2);
    fe_sq_n(t, x32, 32);
    fe_mul(t, t, a);            /* FFFFFFFF 00000001 */
    fe_sq_n(t, t, 96);
    fe_sq_n(t, t, 32);
    fe_mul(t, t, x32);
    fe_sq_n(t, t, 32);
    fe_mul(t, t, x32);
    fe_sq_n(t, t, 30);
    fe_mul(t, t, x30);
    fe_sq_n(t, t, 2);
    fe_mul(r, t, a);
}

/* Big-endian bytes (below p, checked by the caller) to Montgomery form. */
static void fe_from_bytes(fe r, const unsigned char b[32])
{
    fe v;

    UNROLL
    for (int i = 0; i < 4; i++) {
        v[i] = 0;
        UNROLL
        for (int j = 0; j < 8; j++)
            v[i] = v[i] << 8 | b[31 - 8 * i - 7 + j];
    }
    fe_mul(r, v, R2);
}

static void fe_to_bytes(unsigned char b[32], const fe a)
{
    static const fe ONE = { 1, 0, 0, 0 };
    fe v;

    fe_mul(v, a, ONE);
    UNROLL
    for (int i = 0; i < 4; i++)
        UNROLL
        for (int j = 0; j < 8; j++)
            b[31 - 8 * i - j] = (unsigned char)(v[i] >> (8 * j));
}

/* All ones when a is zero, else zero. */
static uint64_t fe_is_zero(const fe a)
{
    uint64_t z = a[0] | a[1] | a[2] | a[3];

    return ((z | ((uint64_t)0 - z)) >> 63) - 1;
}

/* Whether the big-endian 32 bytes are below the big-endian bound (public data). */
static int below(const unsigned char *v, const unsigned char *bound)
{
    return memcmp(v, bound, 32) < 0;
}

/* ---- points --------------------------------------------------------------------------- */

static void point_set_infinity(point *p)
{
    memset(p->x, 0, sizeof(fe));
    memcpy(p->y, R_MOD_P, sizeof(fe));
    memset(p->z, 0, sizeof(fe));
}

/* The formulas compute into temporaries, then store: so r may alias an operand. */
static void point_store(point *r, const fe x, const fe y, const fe z)
{
    memcpy(r->x, x, sizeof(fe));
    memcpy(r->y, y, sizeof(fe));
    memcpy(r->z, z, sizeof(fe));
}

/* r = a + b, any a and b (RCB16 algorithm 4); r may alias a or b. */
static void point_add(point *r, const point *a, const point *b)
{
    fe t0, t1, t2, t3, t4, x3, y3, z3;

    fe_mul(t0, a->x, b->x);
    fe_mul(t1, a->y, b->y);
    fe_mul(t2, a->z, b->z);
    fe_add(t3, a->x, a->y);
    fe_add(t4, b->x, b->y);
    fe_mul(t3, t3, t4);
    fe_add(t4, t0, t1);
    fe_sub(t3, t3, t4);
    fe_add(t4, a->y, a->z);
    fe_add(x3, b->y, b->z);
    fe_mul(t4, t4, x3);
    fe_add(x3, t1, t2);
    fe_sub(t4, t4, x3);
    fe_add(x3, a->x, a->z);
    fe_add(y3, b->x, b->z);
    fe_mul(x3, x3, y3);
    fe_add(y3, t0, t2);
    fe_sub(y3, x3, y3);
    fe_mul(z3, B_MONT, t2);
    fe_sub(x3, y3, z3);
    fe_add(z3, x3, x3);
    fe_add(x3, x3, z3);
    fe_sub(z3, t1, x3);
    fe_add(x3, t1, x3);
    fe_mul(y3, B_MONT, y3);
    fe_add(t1, t2, t2);
    fe_add(t2, t1, t2);
    fe_sub(y3, y3, t2);
    fe_sub(y3, y3, t0);
    fe_add(t1, y3, y3);
    fe_add(y3, t1, y3);
    fe_add(t1, t0, t0);
    fe_add(t0, t1, t0);
    fe_sub(t0, t0, t2);
    fe_mul(t1, t4, y3);
    fe_mul(t2, t0, y3);
    fe_mul(y3, x3, z3);
    fe_add(y3, y3, t2);
    fe_mul(x3, x3, t3);
    fe_sub(x3, x3, t1);
    fe_mul(z3, z3, t4);
    fe_mul(t1, t3, t0);
    fe_add(z3, z3, t1);
    point_store(r, x3, y3, z3);
}

/*
 * r = 2a, any a (RCB16 algorithm 6, a = -3: 8M + 3S, against 12M for the
 * sum); r may alias a.
 */
static void point_double(point *r, const point *a)
{
    fe t0, t1, t2, t3, x3, y3, z3;

    fe_sq(t0, a->x);
    fe_sq(t1, a->y);
    fe_sq(t2, a->z);
    fe_mul(t3, a->x, a->y);
    fe_add(t3, t3, t3);
    fe_mul(z3, a->x, a->z);
    fe_add(z3, z3, z3);
    fe_mul(y3, B_MONT, t2);
    fe_sub(y3, y3, z3);
    fe_add(x3, y3, y3);
    fe_add(y3, x3, y3);
    fe_sub(x3, t1, y3);
    fe_add(y3, t1, y3);
    fe_mul(y3, x3, y3);
    fe_mul(x3, x3, t3);
    fe_add(t3, t2, t2);
    fe_add(t2, t2, t3);
    fe_mul(z3, B_MONT, z3);
    fe_sub(z3, z3, t2);
    fe_sub(z3, z3, t0);
    fe_add(t3, z3, z3);
    fe_add(z3, z3, t3);
    fe_add(t3, t0, t0);
    fe_add(t0, t3, t0);
    fe_sub(t0, t0, t2);
    fe_mul(t0, t0, z3);
    fe_add(y3, y3, t0);
    fe_mul(t0, a->y, a->z);
    fe_add(t0, t0, t0);
    fe_mul(z3, t0, z3);
    fe_sub(x3, x3, z3);
    fe_mul(z3, t0, t1);
    fe_add(z3, z3, z3);
    fe_add(z3, z3, z3);
    point_store(r, x3, y3, z3);
}

/* r = table[idx] for a secret idx < n: every entry read, one kept by mask. */
static void point_lookup(point *r, const point *table, size_t n, uint64_t idx)
{
    uint64_t *out = (uint64_t *)r;
    const uint64_t *in = (const uint64_t *)table;
    const size_t words = sizeof(point) / sizeof(uint64_t);

    memset(r, 0, sizeof(point));
    for (size_t j = 0; j < n; j++) {
        uint64_t d = (uint64_t)j ^ idx;
        uint64_t mask = ((d | ((uint64_t)0 - d)) >> 63) - 1;

        for (size_t w = 0; w < words; w++)
            out[w] |= in[j * words + w] & mask;
    }
}

/* Decodes 0x04 || X || Y: 1 when it is a point of the curve. */
static int point_decode(point *p, const unsigned char *buf, size_t len)
{
    fe y2, x3, t;
    int ok;

    if (len != 65 || buf[0] != 0x04)
        return 0;
    if (!below(buf + 1, P_BYTES) || !below(buf + 33, P_BYTES))
        return 0;
    fe_from_bytes(p->x, buf + 1);
    fe_from_bytes(p->y, buf + 33);
    memcpy(p->z, R_MOD_P, sizeof(fe));
    /* y^2 = x^3 - 3x + b */
    fe_sq(y2, p->y);
    fe_sq(x3, p->x);
    fe_mul(x3, x3, p->x);
    fe_add(t, p->x, p->x);
    fe_add(t, t, p->x);
    fe_sub(x3, x3, t);
    fe_add(x3, x3, B_MONT);
    fe_sub(t, y2, x3);
    ok = fe_is_zero(t) != 0;
    return ok;
}

/*
 * Writes the affine encoding; returns 0 for the point at infinity (buf then
 * holds zeros after 0x04). No branch: the point may still be secret here.
 */
static uint32_t point_encode(unsigned char buf[65], const point *p)
{
    fe zi, x, y;

    fe_invert(zi, p->z);        /* 1/0 comes out as 0 */
    fe_mul(x, p->x, zi);
    fe_mul(y, p->y, zi);
    buf[0] = 0x04;
    fe_to_bytes(buf + 1, x);
    fe_to_bytes(buf + 33, y);
    return (uint32_t)(~fe_is_zero(p->z) & 1);
}

/* The 4-bit digit i (0: least significant) of a 32-byte big-endian scalar. */
static uint64_t digit(const unsigned char k[32], int i)
{
    return (uint64_t)(k[31 - i / 2] >> (4 * (i & 1))) & 0x0F;
}

/* The scalar on 32 bytes, big-endian; 0 when it is longer (its high bytes not zero). */
static int scalar32(unsigned char k[32], const unsigned char *x, size_t xlen)
{
    while (xlen > 32) {
        if (*x != 0)
            return 0;
        x++;
        xlen--;
    }
    memset(k, 0, 32 - xlen);
    memcpy(k + 32 - xlen, x, xlen);
    return 1;
}

/* table[j] = j * p for j < 16. */
static void window_table(point table[16], const point *p)
{
    point_set_infinity(&table[0]);
    table[1] = *p;
    for (int j = 2; j < 16; j++)
        point_add(&table[j], &table[j - 1], p);
}

/* r = k * p: fixed 4-bit windows, from the top; 4 doublings and one addition each. */
static void point_mul(point *r, const point *p, const unsigned char k[32])
{
    point table[16], t;

    window_table(table, p);
    point_set_infinity(r);
    for (int i = 63; i >= 0; i--) {
        for (int d = 0; d < 4; d++)
            point_double(r, r);
        point_lookup(&t, table, 16, digit(k, i));
        point_add(r, r, &t);
    }
}

static pthread_once_t g_tab_once = PTHREAD_ONCE_INIT;

/* G_TAB, built once, on the first use (not at load: 98 KB few processes need). */
static void g_tab_build(void)
{
    point base;

    point_decode(&base, G_BYTES, sizeof(G_BYTES));
    for (int i = 0; i < 64; i++) {
        point_set_infinity(&G_TAB[i][0]);
        for (int j = 1; j < 16; j++)
            point_add(&G_TAB[i][j], &G_TAB[i][j - 1], &base);
        point_add(&base, &G_TAB[i][15], &base);     /* 16 * base */
    }
}

/* r = k * G: one table lookup and addition per digit. */
static void point_mulgen(point *r, const unsigned char k[32])
{
    point t;

    pthread_once(&g_tab_once, g_tab_build);
    point_set_infinity(r);
    for (int i = 0; i < 64; i++) {
        point_lookup(&t, G_TAB[i], 16, digit(k, i));
        point_add(r, r, &t);
    }
}

/*
 * r = ka * a + kb * b (b NULL: kb * G), for ECDSA verification: VARIABLE
 * TIME, public inputs only (digits index the tables directly, zero digits
 * are skipped). The windows of both scalars share one chain of doublings;
 * the generator's part takes G_TAB and no doubling.
 */
static void point_muladd_vartime(point *r, const point *a, const unsigned char ka[32],
                                 const point *b, const unsigned char kb[32])
{
    point ta[16], tb[16];
    uint64_t d;

    window_table(ta, a);
    if (b != NULL)
        window_table(tb, b);
    point_set_infinity(r);
    for (int i = 63; i >= 0; i--) {
        for (int n = 0; n < 4; n++)
            point_double(r, r);
        if ((d = digit(ka, i)) != 0)
            point_add(r, r, &ta[d]);
        if (b != NULL && (d = digit(kb, i)) != 0)
            point_add(r, r, &tb[d]);
    }
    if (b != NULL)
        return;
    pthread_once(&g_tab_once, g_tab_build);
    for (int i = 0; i < 64; i++)
        if ((d = digit(kb, i)) != 0)
            point_add(r, r, &G_TAB[i][d]);
}

/* ---- the br_ec_impl methods --------------------------------------------------------- */

const unsigned char *kuma_p256_generator(size_t *len)
{
    *len = sizeof(G_BYTES);
    return G_BYTES;
}

const unsigned char *kuma_p256_order(size_t *len)
{
    *len = sizeof(N_BYTES);
    return N_BYTES;
}

uint32_t kuma_p256_mul(unsigned char *G, size_t Glen, const unsigned char *x, size_t xlen)
{
    unsigned char k[32];
    point p;
    uint32_t ok;

    if (!point_decode(&p, G, Glen) || !scalar32(k, x, xlen))
        return 0;
    point_mul(&p, &p, k);
    ok = point_encode(G, &p);
    memset(k, 0, sizeof(k));
    return ok;
}

size_t kuma_p256_mulgen(unsigned char *R, const unsigned char *x, size_t xlen)
{
    unsigned char k[32];
    point p;
    size_t ok;

    if (!scalar32(k, x, xlen))
        return 0;
    point_mulgen(&p, k);
    ok = point_encode(R, &p);
    memset(k, 0, sizeof(k));
    return (size_t)65 & ((size_t)0 - ok);
}

/*
 * A = x * A + y * B (B NULL: the generator); 0 when a point is invalid or
 * the sum is infinity. Variable time: BearSSL calls it for ECDSA
 * verification only, on public values.
 */
uint32_t kuma_p256_muladd(unsigned char *A, const unsigned char *B, size_t len,
                          const unsigned char *x, size_t xlen, const unsigned char *y,
                          size_t ylen)
{
    unsigned char kx[32], ky[32];
    point pa, pb;

    if (!point_decode(&pa, A, len) || !scalar32(kx, x, xlen) || !scalar32(ky, y, ylen))
        return 0;
    if (B != NULL && !point_decode(&pb, B, len))
        return 0;
    point_muladd_vartime(&pa, &pa, kx, B != NULL ? &pb : NULL, ky);
    return point_encode(A, &pa);
}

#endif
