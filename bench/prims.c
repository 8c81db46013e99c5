/*
 * prims.c -- the timing of bench/prims.h's figures, shared by the three
 * bench programs: each operation runs in batches until BENCH_TIME passes.
 */
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "prims.h"

enum { BULK = 16384, BATCH_X = 50, BATCH_B = 20 };

static unsigned char key[32], nonce[12], aad[13], point[32], scalar[32], tag[16];
static unsigned char buf[BULK];

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed * 167 + i * 13 + (i >> 5));
}

static void figure(const char *name, double v, const char *unit)
{
    printf("%s %.1f %s\n", name, v, unit);
    fflush(stdout);
}

static void time_x25519(void)
{
    unsigned char out[32];
    double t0 = now(), t;
    long n = 0;

    do {
        for (int i = 0; i < BATCH_X; i++, n++) {
            prim_x25519(out, scalar, point);
            point[i % 32] ^= out[i % 32];       /* each result feeds the next input */
        }
        t = now() - t0;
    } while (t < seconds);
    figure("prim_x25519", n / t, "ops/s");
}

/* An operation, in batches, until BENCH_TIME passes. */
static void time_ops(const char *name, void (*op)(void), int batch)
{
    double t0 = now(), t;
    long n = 0;

    do {
        for (int i = 0; i < batch; i++, n++)
            op();
        t = now() - t0;
    } while (t < seconds);
    figure(name, n / t, "ops/s");
}

static void time_bulk(const char *name, int aead)
{
    double t0 = now(), t;
    long n = 0;

    do {
        for (int i = 0; i < BATCH_B; i++, n++) {
            if (aead)
                prim_chapol(key, nonce, aad, sizeof(aad), buf, BULK, tag);
            else
                prim_chacha20(key, nonce, buf, BULK);
        }
        t = now() - t0;
    } while (t < seconds);
    figure(name, n * (double)BULK / t / 1e6, "MB/s");
}

void bench_prims(void)
{
    fill(key, sizeof(key), 1);
    fill(nonce, sizeof(nonce), 2);
    fill(aad, sizeof(aad), 3);
    fill(point, sizeof(point), 4);
    fill(scalar, sizeof(scalar), 5);
    fill(buf, sizeof(buf), 6);
    point[31] &= 0x7F;
    fprintf(stderr, "primitives: %s\n", prim_impl());
    time_x25519();
    time_ops("prim_p256_ecdh", prim_p256_ecdh, 20);
    time_ops("prim_p256_sign", prim_p256_sign, 20);
    time_ops("prim_p256_verify", prim_p256_verify, 20);
    time_ops("prim_rsa2048_sign", prim_rsa2048_sign, 5);
    time_bulk("prim_chacha20_16k", 0);
    time_bulk("prim_chapol16k", 1);
}
