/*
 * kumassl: Poly1305 with 64-bit limbs (radix 2^64, unsigned __int128), and
 * ChaCha20-Poly1305 (RFC 8439 2.8) as a br_poly1305_run.
 *
 * The accumulator h is h0 + h1 2^64 + h2 2^128 (h2 a few bits), r is
 * r0 + r1 2^64. Clamping leaves r1 a multiple of 4, so the parts of h * r
 * at 2^128 and above fold down exactly: 2^130 = 5 (mod 2^130 - 5) makes
 * r1 2^128 = (r1 / 4) 5 2^0, i.e. a multiplication by s1 = r1 + r1 / 4.
 * A block then costs four 64x64->128 products and two 64x64->64. h stays
 * below 2^130 + a little between blocks (partial reduction); only the tag
 * is fully reduced, with a mask. No branch and no index depends on the key
 * or the data; lengths are public. With AVX2, a message's bulk goes to
 * poly1305_avx2.c, four blocks at a time.
 */
#include <string.h>
#include "fast.h"

#if KUMA_HAVE_INT128

typedef unsigned __int128 u128;

static uint64_t le64(const unsigned char *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void put_le64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

void kuma_poly1305_init(kuma_poly1305_state *st, const unsigned char key[32])
{
    st->r0 = le64(key) & 0x0FFFFFFC0FFFFFFF;
    st->r1 = le64(key + 8) & 0x0FFFFFFC0FFFFFFC;
    st->s1 = st->r1 + (st->r1 >> 2);
    st->h0 = st->h1 = st->h2 = 0;
    st->pad0 = le64(key + 16);
    st->pad1 = le64(key + 24);
}

/* h = (h + m + hibit 2^128) r, partly reduced, for each 16-byte block of m. */
void kuma_poly1305_blocks(kuma_poly1305_state *st, const unsigned char *m, size_t nblocks,
                          uint64_t hibit)
{
    const uint64_t r0 = st->r0, r1 = st->r1, s1 = st->s1;
    uint64_t h0 = st->h0, h1 = st->h1, h2 = st->h2, c;
    u128 d0, d1, t;

    for (; nblocks > 0; nblocks--, m += 16) {
        t = (u128)h0 + le64(m);
        h0 = (uint64_t)t;
        t = (u128)h1 + le64(m + 8) + (uint64_t)(t >> 64);
        h1 = (uint64_t)t;
        h2 += (uint64_t)(t >> 64) + hibit;
        /* h2 < 8 and r0, s1 < 2^61: no sum below overflows */
        d0 = (u128)h0 * r0 + (u128)h1 * s1;
        d1 = (u128)h0 * r1 + (u128)h1 * r0 + (u128)h2 * s1;
        h2 *= r0;
        h0 = (uint64_t)d0;
        d1 += (uint64_t)(d0 >> 64);
        h1 = (uint64_t)d1;
        h2 += (uint64_t)(d1 >> 64);
        /* the bits from 2^130 up, times 5, back at the bottom */
        c = (h2 >> 2) + (h2 & ~(uint64_t)3);
        h2 &= 3;
        t = (u128)h0 + c;
        h0 = (uint64_t)t;
        t = (u128)h1 + (uint64_t)(t >> 64);
        h1 = (uint64_t)t;
        h2 += (uint64_t)(t >> 64);
    }
    st->h0 = h0;
    st->h1 = h1;
    st->h2 = h2;
}

/* tag = (h mod 2^130 - 5) + pad mod 2^128; h below 2^130 + 2^64 on entry. */
void kuma_poly1305_finish(kuma_poly1305_state *st, unsigned char tag[16])
{
    uint64_t h0 = st->h0, h1 = st->h1, h2 = st->h2, g0, g1, g2, mask;
    u128 t;

    /* h + 5 reaches 2^130 exactly when h >= 2^130 - 5: then h - p = h + 5 - 2^130 */
    t = (u128)h0 + 5;
    g0 = (uint64_t)t;
    t = (u128)h1 + (uint64_t)(t >> 64);
    g1 = (uint64_t)t;
    g2 = h2 + (uint64_t)(t >> 64);
    mask = (uint64_t)0 - (g2 >> 2);          /* all ones: take g */
    h0 = (h0 & ~mask) | (g0 & mask);
    h1 = (h1 & ~mask) | (g1 & mask);
    t = (u128)h0 + st->pad0;
    put_le64(tag, (uint64_t)t);
    put_le64(tag + 8, h1 + st->pad1 + (uint64_t)(t >> 64));
    memset(st, 0, sizeof(*st));
}

/*
 * The data's full blocks (the bulk four at a time with AVX2 when wide),
 * then its tail zero-padded to a block (RFC 8439 2.8).
 */
static void mac_padded(kuma_poly1305_state *st, const unsigned char *p, size_t len, int wide)
{
    unsigned char last[16] = { 0 };
    size_t done = 0;

#if KUMA_HAVE_X86_SIMD
    if (wide)
        done = kuma_poly1305_blocks_avx2(st, p, len / 16);
#else
    (void)wide;
#endif
    kuma_poly1305_blocks(st, p + 16 * done, len / 16 - done, 1);
    if (len % 16 != 0) {
        memcpy(last, p + len - len % 16, len % 16);
        kuma_poly1305_blocks(st, last, 1, 1);
    }
}

/* AAD and data are the caller's; the MAC covers the ciphertext. */
static void chapol(const void *key, const void *iv, void *data, size_t len, const void *aad,
                   size_t aad_len, void *tag, br_chacha20_run ichacha, int encrypt, int wide)
{
    unsigned char pkey[32] = { 0 }, lens[16];
    kuma_poly1305_state st;

    /* the one-time key is the first 32 bytes of block 0; the data starts at block 1 */
    ichacha(key, iv, 0, pkey, sizeof(pkey));
    if (encrypt)
        ichacha(key, iv, 1, data, len);
    kuma_poly1305_init(&st, pkey);
    mac_padded(&st, aad, aad_len, 0);
    mac_padded(&st, data, len, wide);
    put_le64(lens, (uint64_t)aad_len);
    put_le64(lens + 8, (uint64_t)len);
    kuma_poly1305_blocks(&st, lens, 1, 1);
    kuma_poly1305_finish(&st, tag);
    if (!encrypt)
        ichacha(key, iv, 1, data, len);
    memset(pkey, 0, sizeof(pkey));
}

void kuma_poly1305_run(const void *key, const void *iv, void *data, size_t len,
                       const void *aad, size_t aad_len, void *tag, br_chacha20_run ichacha,
                       int encrypt)
{
    chapol(key, iv, data, len, aad, aad_len, tag, ichacha, encrypt, 0);
}

#if KUMA_HAVE_X86_SIMD
void kuma_poly1305_avx2_run(const void *key, const void *iv, void *data, size_t len,
                            const void *aad, size_t aad_len, void *tag, br_chacha20_run ichacha,
                            int encrypt)
{
    chapol(key, iv, data, len, aad, aad_len, tag, ichacha, encrypt, 1);
}
#endif

#endif
