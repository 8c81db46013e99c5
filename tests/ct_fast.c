/*
 * Constant-time check of lib/crypto/fast, run under valgrind's memcheck by
 * tests/check_fast: the secrets (X25519 and P-256 scalars, the ECDSA key and
 * nonce, ChaCha20 keys,
 * plaintext, ciphertext and Poly1305 keys; our Poly1305 both ways) are
 * marked undefined, so memcheck reports any branch or memory index that
 * depends on them; results are marked defined again before use (they may
 * depend on the secrets). Mode "canary" branches on a
 * secret on purpose, to show that such a branch is seen.
 * Exit status 0; under memcheck, its --error-exitcode on any report.
 */
#include <stdio.h>
#include <string.h>
#include <valgrind/memcheck.h>
#include "fast/fast.h"

static unsigned char sink;

static void secret(void *p, size_t n)
{
    VALGRIND_MAKE_MEM_UNDEFINED(p, n);
}

#if KUMA_HAVE_INT128 || KUMA_HAVE_X86_SIMD    /* --enable-small: only the canary */
static void declassify(void *p, size_t n)
{
    VALGRIND_MAKE_MEM_DEFINED(p, n);
    for (size_t i = 0; i < n; i++)
        sink ^= ((unsigned char *)p)[i];
}
#endif

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed * 131 + i * 29 + (i >> 3));
}

#if KUMA_HAVE_INT128
static void ladder(void)
{
    unsigned char k[32], u[32], out[32];

    fill(k, 32, 1);
    fill(u, 32, 2);
    secret(k, 32);
    kuma_x25519(out, k, u);
    declassify(out, 32);
    secret(k, 32);
    kuma_ec_fast.mulgen(out, k, 32, BR_EC_curve25519);
    declassify(out, 32);
}

/* P-256: the fixed-base table lookups and the windowed multiplication. */
static void p256(void)
{
    unsigned char k[32], pt[65];
    size_t len, n;
    uint32_t r;

    fill(k, 32, 9);
    k[0] &= 0x7F;
    secret(k, 32);
    n = kuma_ec_fast.mulgen(pt, k, 32, BR_EC_secp256r1);
    declassify(&n, sizeof(n));
    declassify(pt, sizeof(pt));
    memcpy(pt, kuma_ec_fast.generator(BR_EC_secp256r1, &len), 65);
    secret(k, 32);
    r = kuma_ec_fast.mul(pt, 65, k, 32, BR_EC_secp256r1);
    declassify(&r, sizeof(r));
    declassify(pt, sizeof(pt));
}

/* ECDSA's secret part: k G, then (e + x r) / k modulo n with x and k secret. */
static void ecdsa(void)
{
    unsigned char x[32], e[32], k[32], sig[64];
    size_t n;

    fill(x, 32, 10);
    fill(e, 32, 11);
    fill(k, 32, 12);
    x[0] &= 0x7F;
    k[0] &= 0x7F;
    secret(x, 32);
    secret(k, 32);
    n = kuma_ecdsa_p256_sign_k(sig, x, e, k);
    declassify(&n, sizeof(n));
    declassify(sig, sizeof(sig));
}
#endif

#if KUMA_HAVE_X86_SIMD && KUMA_HAVE_INT128       /* our Poly1305 needs 128-bit products */
static void chapol(br_chacha20_run run, br_poly1305_run mac)
{
    static unsigned char data[3000];
    unsigned char key[32], iv[12], aad[13], tag[16];
    size_t lens[] = { 1, 64, 255, 256, 511, 512, 1000, 3000 };

    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        fill(key, 32, 3);
        fill(iv, 12, 4);
        fill(aad, 13, 5);
        fill(data, lens[i], 6);
        secret(key, 32);
        secret(data, lens[i]);
        run(key, iv, 7, data, lens[i]);
        declassify(data, lens[i]);
        secret(key, 32);
        secret(data, lens[i]);
        mac(key, iv, data, lens[i], aad, sizeof(aad), tag, run, 1);
        declassify(data, lens[i]);
        declassify(tag, 16);
        secret(key, 32);
        secret(data, lens[i]);
        mac(key, iv, data, lens[i], aad, sizeof(aad), tag, run, 0);
        declassify(data, lens[i]);
        declassify(tag, 16);
    }
}
#endif

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "all";

    if (strcmp(mode, "canary") == 0) {
        unsigned char k[32];

        fill(k, 32, 8);
        secret(k, 32);
        if (k[3] & 1)           /* the very thing the others must not do */
            sink++;
        return 0;
    }
#if KUMA_HAVE_INT128
    ladder();
    p256();
    ecdsa();
#endif
#if KUMA_HAVE_X86_SIMD && KUMA_HAVE_INT128
    chapol(kuma_chacha20_sse2_run, kuma_poly1305_run);
    if (kuma_cpu_has_avx2())
        chapol(kuma_chacha20_avx2_run, kuma_poly1305_avx2_run);
#endif
    printf("checked\n");
    return 0;
}
