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

typedef struct {
    __m256i l[5];
} vec26;

#define ADD(a, b) _mm256_add_epi64(a, b)
#define MUL(a, b) _mm256_mul_epu32(a, b)

/* Four blocks, one a lane, as limbs, each with 2^128 added. */
static void load_blocks(vec26 *m, const unsigned char *p)
{
    const __m256i mask = _mm256_set1_epi64x((long long)M26);
    __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
    /* unpack pairs blocks 0 and 2, 1 and 3; the permutation restores 0 1 2 3 */
    __m256i lo = _mm256_permute4x64_epi64(_mm256_unpacklo_epi64(a, b), 0xD8);
    __m256i hi = _mm256_permute4x64_epi64(_mm256_unpackhi_epi64(a, b), 0xD8);

    m->l[0] = _mm256_and_si256(lo, mask);
    m->l[1] = _mm256_and_si256(_mm256_srli_epi64(lo, 26), mask);
    m->l[2] = _mm256_and_si256(_mm256_or_si256(_mm256_srli_epi64(lo, 52),
                                               _mm256_slli_epi64(hi, 12)), mask);
    m->l[3] = _mm256_and_si256(_mm256_srli_epi64(hi, 14), mask);
    m->l[4] = _mm256_or_si256(_mm256_srli_epi64(hi, 40), _mm256_set1_epi64x(1 << 24));
}

/* h = h r lane by lane (s = 5 r), partly reduced, as mul26 does. */
static void mul_lanes(vec26 *h, const vec26 *r, const vec26 *s)
{
    const __m256i mask = _mm256_set1_epi64x((long long)M26);
    const __m256i *a = h->l, *b = r->l, *t = s->l;
    __m256i d[5], c;

    d[0] = ADD(ADD(ADD(MUL(a[0], b[0]), MUL(a[1], t[4])), ADD(MUL(a[2], t[3]), MUL(a[3], t[2]))),
               MUL(a[4], t[1]));
    d[1] = ADD(ADD(ADD(MUL(a[0], b[1]), MUL(a[1], b[0])), ADD(MUL(a[2], t[4]), MUL(a[3], t[3]))),
               MUL(a[4], t[2]));
    d[2] = ADD(ADD(ADD(MUL(a[0], b[2]), MUL(a[1], b[1])), ADD(MUL(a[2], b[0]), MUL(a[3], t[4]))),
               MUL(a[4], t[3]));
    d[3] = ADD(ADD(ADD(MUL(a[0], b[3]), MUL(a[1], b[2])), ADD(MUL(a[2], b[1]), MUL(a[3], b[0]))),
               MUL(a[4], t[4]));
    d[4] = ADD(ADD(ADD(MUL(a[0], b[4]), MUL(a[1], b[3])), ADD(MUL(a[2], b[2]), MUL(a[3], b[1]))),
               MUL(a[4], b[0]));
    for (int i = 0; i < 4; i++) {
        c = _mm256_srli_epi64(d[i], 26);
        d[i] = _mm256_and_si256(d[i], mask);
        d[i + 1] = ADD(d[i + 1], c);
    }
    c = _mm256_srli_epi64(d[4], 26);
    d[4] = _mm256_and_si256(d[4], mask);
    d[0] = ADD(d[0], ADD(c, _mm256_slli_epi64(c, 2)));
    c = _mm256_srli_epi64(d[0], 26);
    d[0] = _mm256_and_si256(d[0], mask);
    d[1] = ADD(d[1], c);
    for (int i = 0; i < 5; i++)
        h->l[i] = d[i];
}

/* Multiplier vectors: lane j gets pw[j] (and 5 times it). */
static void set_multipliers(vec26 *r, vec26 *s, const limbs26 pw[4])
{
    for (int i = 0; i < 5; i++) {
        r->l[i] = _mm256_set_epi64x((long long)pw[3][i], (long long)pw[2][i], (long long)pw[1][i],
                                    (long long)pw[0][i]);
        s->l[i] = ADD(r->l[i], _mm256_slli_epi64(r->l[i], 2));
    }
}

static uint64_t lane_sum(__m256i v)
{
    __m128i x = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));

    return (uint64_t)_mm_cvtsi128_si64(x) + (uint64_t)_mm_extract_epi64(x, 1);
}

size_t kuma_poly1305_blocks_avx2(kuma_poly1305_state *st, const unsigned char *m, size_t nblocks)
{
    size_t groups = nblocks / 4;
    limbs26 r1, r2, r3, r4, h, last[4], each[4];
    vec26 acc, blk, rv, sv, rlast, slast;

    if (groups == 0)
        return 0;
    split26(r1, st->r0, st->r1, 0);
    mul26(r2, r1, r1);
    mul26(r3, r2, r1);
    mul26(r4, r2, r2);
    for (int i = 0; i < 5; i++) {
        each[0][i] = each[1][i] = each[2][i] = each[3][i] = r4[i];
        last[0][i] = r4[i];
        last[1][i] = r3[i];
        last[2][i] = r2[i];
        last[3][i] = r1[i];
    }
    set_multipliers(&rv, &sv, (const uint64_t(*)[5])each);
    set_multipliers(&rlast, &slast, (const uint64_t(*)[5])last);
    split26(h, st->h0, st->h1, st->h2);
    for (int i = 0; i < 5; i++)
        acc.l[i] = _mm256_set_epi64x(0, 0, 0, (long long)h[i]);
    for (size_t g = 0; g < groups; g++, m += 64) {
        load_blocks(&blk, m);
        for (int i = 0; i < 5; i++)
            acc.l[i] = ADD(acc.l[i], blk.l[i]);
        if (g + 1 < groups)
            mul_lanes(&acc, &rv, &sv);
        else
            mul_lanes(&acc, &rlast, &slast);
    }
    for (int i = 0; i < 5; i++)
        h[i] = lane_sum(acc.l[i]);
    join26(st, h);
    return groups * 4;
}

#ifdef __clang__
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#endif
