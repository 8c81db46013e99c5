/*
 * kumassl: the ChaCha20 block function (RFC 8439 2.3) over vectors of
 * LANES blocks at once, word i of every block in vector i; included by
 * chacha20_simd.c once per instruction set, with these defined:
 *   VEC, V_ADD(a, b), V_XOR(a, b), V_ROTL(x, n) (n = 7, 8, 12, 16), V_SET1(w),
 *   V_COUNTERS(cc) (cc, cc + 1, ... one per lane), ROUNDS_FN (the function's name).
 * ROUNDS_FN(x, key words, nonce words, cc) leaves in x the 16 output words
 * (input added) of blocks cc .. cc + LANES - 1.
 */

#define QR(a, b, c, d) do { \
        x[a] = V_ADD(x[a], x[b]); x[d] = V_ROTL(V_XOR(x[d], x[a]), 16); \
        x[c] = V_ADD(x[c], x[d]); x[b] = V_ROTL(V_XOR(x[b], x[c]), 12); \
        x[a] = V_ADD(x[a], x[b]); x[d] = V_ROTL(V_XOR(x[d], x[a]), 8); \
        x[c] = V_ADD(x[c], x[d]); x[b] = V_ROTL(V_XOR(x[b], x[c]), 7); \
    } while (0)

static inline void ROUNDS_FN(VEC x[16], const uint32_t kw[8], const uint32_t nw[3], uint32_t cc)
{
    VEC s[16];
    int i;

    s[0] = V_SET1(0x61707865);
    s[1] = V_SET1(0x3320646e);
    s[2] = V_SET1(0x79622d32);
    s[3] = V_SET1(0x6b206574);
    for (i = 0; i < 8; i++)
        s[4 + i] = V_SET1(kw[i]);
    s[12] = V_COUNTERS(cc);
    for (i = 0; i < 3; i++)
        s[13 + i] = V_SET1(nw[i]);
    for (i = 0; i < 16; i++)
        x[i] = s[i];
    for (i = 0; i < 10; i++) {
        QR(0, 4, 8, 12);
        QR(1, 5, 9, 13);
        QR(2, 6, 10, 14);
        QR(3, 7, 11, 15);
        QR(0, 5, 10, 15);
        QR(1, 6, 11, 12);
        QR(2, 7, 8, 13);
        QR(3, 4, 9, 14);
    }
    for (i = 0; i < 16; i++)
        x[i] = V_ADD(x[i], s[i]);
}

#undef QR
