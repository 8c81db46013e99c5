/*
 * kumassl: Poly1305 over four blocks at once with AVX2, for the bulk of a
 * message (poly1305.c does the rest, and all of it without AVX2).
 *
 * Poly1305 is h = sum of m_i r^(n-i+1) mod 2^130 - 5. Four lanes each take
 * every fourth block: lane j holds H_j, and every group of four blocks
 * does H = (H + M) r^4, except the last, which multiplies lane j by
 * r^(4-j); the lanes then add up to h. In a lane, a number is five 26-bit
 * limbs in 64-bit slots, so vpmuludq (32 x 32 -> 64) gives the products
 * with room for the sums: 25 per group, four blocks' worth. 2^130 = 5
 * folds the top back (the s = 5 r limbs). Limbs stay below 2^27 between
 * groups (partial carries); only arithmetic depends on key or data:
 * constant time. Compiled for AVX2 alone (target pragma), called only when
 * the CPU has it (kuma_cpu_has_avx2).
 */
#include "fast.h"

#if KUMA_HAVE_X86_SIMD && KUMA_HAVE_INT128
#include <immintrin.h>

#define M26 ((uint64_t)0x3FFFFFF)

/* ---- scalar, radix 2^26: the powers of r, the lanes' sum ------------------------- */

typedef uint64_t limbs26[5];

/* lo + hi 2^64 + top 2^128 as five 26-bit limbs (the last one takes the rest). */
static void split26(limbs26 r, uint64_t lo, uint64_t hi, uint64_t top)
{
    r[0] = lo & M26;
    r[1] = (lo >> 26) & M26;
    r[2] = (lo >> 52 | hi << 12) & M26;
    r[3] = (hi >> 14) & M26;
    r[4] = hi >> 40 | top << 24;
}

/* Carries limb to limb, the top's overflow times 5 into the bottom; limbs end near 2^26. */
static void carry26(limbs26 d)
{
    uint64_t c;

    for (int i = 0; i < 4; i++) {
        c = d[i] >> 26;
        d[i] &= M26;
        d[i + 1] += c;
    }
    c = d[4] >> 26;
    d[4] &= M26;
    d[0] += c + (c << 2);
    c = d[0] >> 26;
    d[0] &= M26;
    d[1] += c;
}

/* r = a b mod 2^130 - 5, partly reduced; limbs of a and b below 2^27. */
static void mul26(limbs26 r, const limbs26 a, const limbs26 b)
{
    uint64_t s1 = b[1] * 5, s2 = b[2] * 5, s3 = b[3] * 5, s4 = b[4] * 5;
    limbs26 d;

    d[0] = a[0] * b[0] + a[1] * s4 + a[2] * s3 + a[3] * s2 + a[4] * s1;
    d[1] = a[0] * b[1] + a[1] * b[0] + a[2] * s4 + a[3] * s3 + a[4] * s2;
    d[2] = a[0] * b[2] + a[1] * b[1] + a[2] * b[0] + a[3] * s4 + a[4] * s3;
    d[3] = a[0] * b[3] + a[1] * b[2] + a[2] * b[1] + a[3] * b[0] + a[4] * s4;
    d[4] = a[0] * b[4] + a[1] * b[3] + a[2] * b[2] + a[3] * b[1] + a[4] * b[0];
    carry26(d);
    for (int i = 0; i < 5; i++)
        r[i] = d[i];
}

/* The radix-2^26 value back into the state's h0, h1, h2 (h2 below 8). */
static void join26(kuma_poly1305_state *st, limbs26 l)
{
    uint64_t c;

    carry26(l);
    for (int i = 1; i < 4; i++) {       /* every limb below 2^26 but the top */
        c = l[i] >> 26;
        l[i] &= M26;
        l[i + 1] += c;
    }
    st->h0 = l[0] | l[1] << 26 | l[2] << 52;
    st->h1 = l[2] >> 12 | l[3] << 14 | l[4] << 40;
    st->h2 = l[4] >> 24;
}

/* ---- AVX2 ------------------------------------------------------------------------ */
#ifdef __clang__    /* clang ignores GCC target pragmas */
#pragma clang attribute push (__attribute__((target("avx2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2")
#endif

#define ADD(a, b) _mm256_add_epi64(a, b)
#define MUL(a, b) _mm256_mul_epu32(a, b)
#define AND26(a) _mm256_and_si256(a, mask)
#define SHR(a, n) _mm256_srli_epi64(a, n)
#define SHL(a, n) _mm256_slli_epi64(a, n)

/*
 * Five limb vectors; locals, not arrays, so that the compiler keeps the
 * accumulator and multipliers in registers across the loop.
 */
#define LIMBS(x) __m256i x##0, x##1, x##2, x##3, x##4

/* The next four blocks, one a lane, as limbs m0..m4, each with 2^128 added. */
#define LOAD_BLOCKS(p)                                                                   \
    do {                                                                                 \
        __m256i a_ = _mm256_loadu_si256((const __m256i *)(const void *)(p));             \
        __m256i b_ = _mm256_loadu_si256((const __m256i *)(const void *)((p) + 32));      \
        /* unpack pairs blocks 0 and 2, 1 and 3; the permutation restores 0 1 2 3 */    \
        __m256i lo_ = _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(a_, b_), 0xD8);      \
        __m256i hi_ = _mm256_permute4x64_epi64(_mm256_unpackhi_epi64(a_, b_), 0xD8);      \
        m0 = AND26(lo_);                                                                 \
        m1 = AND26(SHR(lo_, 26));                                                        \
        m2 = AND26(_mm256_or_si256(SHR(lo_, 52), SHL(hi_, 12)));                         \
        m3 = AND26(SHR(hi_, 14));                                                        \
        m4 = _mm256_or_si256(SHR(hi_, 40), hibit);                                       \
    } while (0)

/*
 * h = h r lane by lane (s = 5 r), partly reduced: the 25 products, then
 * carries in two chains at once (0 1 2 3 4 and 3 4 0 1), about half the
 * latency of one chain; every limb ends below 2^26 + 2^10.
 */
#define MUL_LANES(r, s)                                                                  \
    do {                                                                                 \
        __m256i d0 = ADD(ADD(MUL(h0, r##0), MUL(h1, s##4)),                              \
                         ADD(ADD(MUL(h2, s##3), MUL(h3, s##2)), MUL(h4, s##1)));         \
        __m256i d1 = ADD(ADD(MUL(h0, r##1), MUL(h1, r##0)),                              \
                         ADD(ADD(MUL(h2, s##4), MUL(h3, s##3)), MUL(h4, s##2)));         \
        __m256i d2 = ADD(ADD(MUL(h0, r##2), MUL(h1, r##1)),                              \
                         ADD(ADD(MUL(h2, r##0), MUL(h3, s##4)), MUL(h4, s##3)));         \
        __m256i d3 = ADD(ADD(MUL(h0, r##3), MUL(h1, r##2)),                              \
                         ADD(ADD(MUL(h2, r##1), MUL(h3, r##0)), MUL(h4, s##4)));         \
        __m256i d4 = ADD(ADD(MUL(h0, r##4), MUL(h1, r##3)),                              \
                         ADD(ADD(MUL(h2, r##2), MUL(h3, r##1)), MUL(h4, r##0)));         \
        __m256i c_ = SHR(d0, 26), e_ = SHR(d3, 26);                                      \
        d0 = AND26(d0);                                                                  \
        d3 = AND26(d3);                                                                  \
        d1 = ADD(d1, c_);                                                                \
        d4 = ADD(d4, e_);                                                                \
        c_ = SHR(d1, 26);                                                                \
        e_ = SHR(d4, 26);                                                                \
        d1 = AND26(d1);                                                                  \
        d4 = AND26(d4);                                                                  \
        d2 = ADD(d2, c_);                                                                \
        d0 = ADD(d0, ADD(e_, SHL(e_, 2)));                                               \
        c_ = SHR(d2, 26);                                                                \
        e_ = SHR(d0, 26);                                                                \
        h2 = AND26(d2);                                                                  \
        h0 = AND26(d0);                                                                  \
        d3 = ADD(d3, c_);                                                                \
        h1 = ADD(d1, e_);                                                                \
        /* d2's carry is up to 2^33: d3 once more, or it would not fit vpmuludq */      \
        h4 = ADD(d4, SHR(d3, 26));                                                       \
        h3 = AND26(d3);                                                                  \
    } while (0)

/* Multipliers x0..x4 with lane j = pw[j], and y0..y4 five times them. */
#define SET_MULTIPLIERS(x, y, pw)                                                        \
    do {                                                                                 \
        x##0 = lanes(pw, 0);                                                             \
        x##1 = lanes(pw, 1);                                                             \
        x##2 = lanes(pw, 2);                                                             \
        x##3 = lanes(pw, 3);                                                             \
        x##4 = lanes(pw, 4);                                                             \
        y##1 = ADD(x##1, SHL(x##1, 2));                                                  \
        y##2 = ADD(x##2, SHL(x##2, 2));                                                  \
        y##3 = ADD(x##3, SHL(x##3, 2));                                                  \
        y##4 = ADD(x##4, SHL(x##4, 2));                                                  \
    } while (0)

static __m256i lanes(const limbs26 pw[4], int i)
{
    return _mm256_set_epi64x((long long)pw[3][i], (long long)pw[2][i], (long long)pw[1][i],
                             (long long)pw[0][i]);
}

static uint64_t lane_sum(__m256i v)
{
    __m128i x = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));

    return (uint64_t)_mm_cvtsi128_si64(x) + (uint64_t)_mm_extract_epi64(x, 1);
}

size_t kuma_poly1305_blocks_avx2(kuma_poly1305_state *st, const unsigned char *m, size_t nblocks)
{
    const __m256i mask = _mm256_set1_epi64x((long long)M26), hibit = _mm256_set1_epi64x(1 << 24);
    size_t groups = nblocks / 4;
    limbs26 pw1, pw2, pw3, pw4, h, last[4], each[4];
    LIMBS(h);
    LIMBS(m);
    LIMBS(r);
    LIMBS(s);
    LIMBS(q);
    LIMBS(t);

    if (groups == 0)
        return 0;
    split26(pw1, st->r0, st->r1, 0);
    mul26(pw2, pw1, pw1);
    mul26(pw3, pw2, pw1);
    mul26(pw4, pw2, pw2);
    for (int i = 0; i < 5; i++) {
        each[0][i] = each[1][i] = each[2][i] = each[3][i] = pw4[i];
        last[0][i] = pw4[i];
        last[1][i] = pw3[i];
        last[2][i] = pw2[i];
        last[3][i] = pw1[i];
    }
    SET_MULTIPLIERS(r, s, (const uint64_t(*)[5])each);
    SET_MULTIPLIERS(q, t, (const uint64_t(*)[5])last);
    (void)s0;
    (void)t0;
    split26(h, st->h0, st->h1, st->h2);
    h0 = _mm256_set_epi64x(0, 0, 0, (long long)h[0]);
    h1 = _mm256_set_epi64x(0, 0, 0, (long long)h[1]);
    h2 = _mm256_set_epi64x(0, 0, 0, (long long)h[2]);
    h3 = _mm256_set_epi64x(0, 0, 0, (long long)h[3]);
    h4 = _mm256_set_epi64x(0, 0, 0, (long long)h[4]);
    for (size_t g = 1; g <= groups; g++, m += 64) {
        LOAD_BLOCKS(m);
        h0 = ADD(h0, m0);
        h1 = ADD(h1, m1);
        h2 = ADD(h2, m2);
        h3 = ADD(h3, m3);
        h4 = ADD(h4, m4);
        if (g < groups)
            MUL_LANES(r, s);
        else
            MUL_LANES(q, t);
    }
    h[0] = lane_sum(h0);
    h[1] = lane_sum(h1);
    h[2] = lane_sum(h2);
    h[3] = lane_sum(h3);
    h[4] = lane_sum(h4);
    join26(st, h);
    return groups * 4;
}

#ifdef __clang__
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#endif
