/*
 * kumassl: ChaCha20 (RFC 8439) over 4 blocks at once with SSE2 and 8 with
 * AVX2, as br_chacha20_run implementations.
 *
 * BearSSL 0.6's SSE2 code computes one block at a time, the four words of
 * a row in one register, and shuffles between rounds; computing a word of
 * 4 or 8 independent blocks per register needs no shuffle and keeps the
 * vector units full. Nothing depends on data or key but the arithmetic:
 * constant time. The AVX2 code is compiled for AVX2 alone (target
 * pragma) and only called when the CPU has it (kuma_cpu_has_avx2).
 */
#include <string.h>
#include "fast.h"

#if KUMA_HAVE_X86_SIMD
#include <immintrin.h>

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void load_key_nonce(const void *key, const void *iv, uint32_t kw[8], uint32_t nw[3])
{
    for (int i = 0; i < 8; i++)
        kw[i] = le32((const unsigned char *)key + 4 * i);
    for (int i = 0; i < 3; i++)
        nw[i] = le32((const unsigned char *)iv + 4 * i);
}

/*
 * XORs the key stream over data: `width` blocks at a time by xor_blocks,
 * then what is left (less than width blocks, maybe a partial one) by tail.
 * Returns the next block counter, as br_chacha20_run does.
 */
static uint32_t run_wide(void (*xor_blocks)(const uint32_t kw[8], const uint32_t nw[3], uint32_t cc,
                                            unsigned char *buf),
                         size_t width, const void *key, const void *iv, uint32_t cc, void *data,
                         size_t len, br_chacha20_run tail)
{
    unsigned char *buf = data;
    uint32_t kw[8], nw[3];

    load_key_nonce(key, iv, kw, nw);
    for (; len >= 64 * width; buf += 64 * width, len -= 64 * width, cc += (uint32_t)width)
        xor_blocks(kw, nw, cc, buf);
    memset(kw, 0, sizeof(kw));
    return len > 0 ? tail(key, iv, cc, buf, len) : cc;
}

/* ---- SSE2: 4 blocks -------------------------------------------------------------- */
#pragma GCC push_options
#pragma GCC target("sse2")

#define VEC __m128i
#define V_ADD(a, b) _mm_add_epi32(a, b)
#define V_XOR(a, b) _mm_xor_si128(a, b)
#define V_ROTL(x, n) ((n) == 16 ? _mm_shufflehi_epi16(_mm_shufflelo_epi16(x, 0xB1), 0xB1) \
                      : _mm_or_si128(_mm_slli_epi32(x, n), _mm_srli_epi32(x, 32 - (n))))
#define V_SET1(w) _mm_set1_epi32((int)(w))
#define V_COUNTERS(cc) _mm_add_epi32(_mm_set1_epi32((int)(cc)), _mm_setr_epi32(0, 1, 2, 3))
#define ROUNDS_FN rounds_x4
#include "chacha20_rounds.h"
#undef VEC
#undef V_ADD
#undef V_XOR
#undef V_ROTL
#undef V_SET1
#undef V_COUNTERS
#undef ROUNDS_FN

/*
 * Transposes words 4q .. 4q+3 of the 4 blocks (a[i] holds word 4q+i of
 * each) into rows: out[j] holds those words of block j.
 */
static inline void transpose4_sse2(const __m128i a[4], __m128i out[4])
{
    __m128i t0 = _mm_unpacklo_epi32(a[0], a[1]), t1 = _mm_unpacklo_epi32(a[2], a[3]);
    __m128i t2 = _mm_unpackhi_epi32(a[0], a[1]), t3 = _mm_unpackhi_epi32(a[2], a[3]);

    out[0] = _mm_unpacklo_epi64(t0, t1);
    out[1] = _mm_unpackhi_epi64(t0, t1);
    out[2] = _mm_unpacklo_epi64(t2, t3);
    out[3] = _mm_unpackhi_epi64(t2, t3);
}

/* XORs blocks cc .. cc+3 of the key stream over buf[0..256). */
static void xor_blocks_x4(const uint32_t kw[8], const uint32_t nw[3], uint32_t cc,
                          unsigned char *buf)
{
    __m128i x[16], r[4];

    rounds_x4(x, kw, nw, cc);
    for (int q = 0; q < 4; q++) {
        transpose4_sse2(x + 4 * q, r);
        for (int j = 0; j < 4; j++) {
            __m128i *p = (__m128i *)(void *)(buf + 64 * j + 16 * q);
            _mm_storeu_si128(p, _mm_xor_si128(_mm_loadu_si128(p), r[j]));
        }
    }
}

uint32_t kuma_chacha20_sse2_run(const void *key, const void *iv, uint32_t cc, void *data,
                                size_t len)
{
    /* the last blocks, maybe partial, one at a time by BearSSL's SSE2 code */
    return run_wide(xor_blocks_x4, 4, key, iv, cc, data, len, br_chacha20_sse2_run);
}
#pragma GCC pop_options

/* ---- AVX2: 8 blocks -------------------------------------------------------------- */
#pragma GCC push_options
#pragma GCC target("avx2")

#define VEC __m256i
#define V_ADD(a, b) _mm256_add_epi32(a, b)
#define V_XOR(a, b) _mm256_xor_si256(a, b)
#define ROT16_BYTES _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, \
                                     2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)
#define ROT8_BYTES _mm256_setr_epi8(3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14, \
                                    3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14)
#define V_ROTL(x, n) ((n) == 16 ? _mm256_shuffle_epi8(x, ROT16_BYTES) \
                      : (n) == 8 ? _mm256_shuffle_epi8(x, ROT8_BYTES) \
                      : _mm256_or_si256(_mm256_slli_epi32(x, n), _mm256_srli_epi32(x, 32 - (n))))
#define V_SET1(w) _mm256_set1_epi32((int)(w))
#define V_COUNTERS(cc) _mm256_add_epi32(_mm256_set1_epi32((int)(cc)), \
                                        _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))
#define ROUNDS_FN rounds_x8
#include "chacha20_rounds.h"

/*
 * As transpose4_sse2 in each 128-bit half: out[j] holds words 4q .. 4q+3
 * of block j (low half) and of block j + 4 (high half).
 */
static inline void transpose4_avx2(const __m256i a[4], __m256i out[4])
{
    __m256i t0 = _mm256_unpacklo_epi32(a[0], a[1]), t1 = _mm256_unpacklo_epi32(a[2], a[3]);
    __m256i t2 = _mm256_unpackhi_epi32(a[0], a[1]), t3 = _mm256_unpackhi_epi32(a[2], a[3]);

    out[0] = _mm256_unpacklo_epi64(t0, t1);
    out[1] = _mm256_unpackhi_epi64(t0, t1);
    out[2] = _mm256_unpacklo_epi64(t2, t3);
    out[3] = _mm256_unpackhi_epi64(t2, t3);
}

static inline void xor32(unsigned char *p, __m256i v)
{
    __m256i *q = (__m256i *)(void *)p;

    _mm256_storeu_si256(q, _mm256_xor_si256(_mm256_loadu_si256(q), v));
}

/* XORs blocks cc .. cc+7 of the key stream over buf[0..512). */
static inline void xor_blocks_x8(const uint32_t kw[8], const uint32_t nw[3], uint32_t cc,
                          unsigned char *buf)
{
    __m256i x[16], r[4][4];

    rounds_x8(x, kw, nw, cc);
    for (int q = 0; q < 4; q++)
        transpose4_avx2(x + 4 * q, r[q]);
    for (int j = 0; j < 4; j++) {
        /* words 0-7 of block j are quarters 0 and 1, low halves; 8-15 quarters 2 and 3 */
        xor32(buf + 64 * j, _mm256_permute2x128_si256(r[0][j], r[1][j], 0x20));
        xor32(buf + 64 * j + 32, _mm256_permute2x128_si256(r[2][j], r[3][j], 0x20));
        xor32(buf + 64 * (j + 4), _mm256_permute2x128_si256(r[0][j], r[1][j], 0x31));
        xor32(buf + 64 * (j + 4) + 32, _mm256_permute2x128_si256(r[2][j], r[3][j], 0x31));
    }
}

/* The same, leaving the upper halves of the registers clean for SSE code that follows. */
static void xor_blocks_x8_clean(const uint32_t kw[8], const uint32_t nw[3], uint32_t cc,
                                unsigned char *buf)
{
    xor_blocks_x8(kw, nw, cc, buf);
    _mm256_zeroupper();
}

uint32_t kuma_chacha20_avx2_run(const void *key, const void *iv, uint32_t cc, void *data,
                                size_t len)
{
    return run_wide(xor_blocks_x8_clean, 8, key, iv, cc, data, len, kuma_chacha20_sse2_run);
}
#pragma GCC pop_options

int kuma_cpu_has_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}

#endif
