/*
 * kumassl tests: helpers shared by the tests of lib/crypto/fast (see
 * fast_util.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto_int.h"
#include "fast_util.h"
#include "testutil.h"

static char dir[64];
static int have_ref;            /* the OpenSSL helper was built */

void fu_unhex(const char *h, unsigned char *out, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(sscanf(h + 2 * i, "%2hhx", &out[i]), 1);
}

void fu_tohex(const unsigned char *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
    if (n == 0)
        strcpy(out, "-");
}

void fu_rnd(void *buf, size_t n)
{
    ck_assert_int_eq(kuma_rand_seed(buf, n), 1);
}

static const char *path_in(const char *d, const char *name)
{
    static char buf[2][512];
    static int next;
    char *p = buf[next++ % 2];

    snprintf(p, sizeof(buf[0]), "%s/%s", d, name);
    return p;
}

char *fu_ask_reference(const char *requests)
{
    char script[1024], out[256];
    char *answers;

    snprintf(script, sizeof(script), "\"%s/ref\" <\"%s/req\" >\"%s/ans\"", dir, dir, dir);
    FILE *f = fopen(path_in(dir, "req"), "w");
    ck_assert_ptr_nonnull(f);
    fputs(requests, f);
    fclose(f);
    char *const argv[] = { "sh", "-c", script, NULL };
    ck_assert_int_eq(tu_run(argv, 60000, out, sizeof(out)), 0);
    answers = tu_slurp(path_in(dir, "ans"), NULL);
    ck_assert_ptr_nonnull(answers);
    return answers;
}

int fu_reference_start(void)
{
    const char *cc = tu_env("KUMA_CC", "cc"), *libs = tu_env("KUMA_SYSOPENSSL_LIBS", NULL);
    char cmd[2048], out[4096];

    strcpy(dir, "/tmp/kuma-fast.XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        exit(99);
    }
    if (libs == NULL)
        return have_ref = 0;
    snprintf(cmd, sizeof(cmd), "%s -O1 -w %s -o \"%s/ref\" \"%s/tests/fast_ref_openssl.c\" %s",
             cc, tu_env("KUMA_SYSOPENSSL_CFLAGS", ""), dir, tu_srcdir(), libs);
    char *const argv[] = { "sh", "-c", cmd, NULL };
    if (tu_run(argv, 60000, out, sizeof(out)) != 0) {
        fprintf(stderr, "building the OpenSSL helper failed: %s\n", out);
        exit(1);
    }
    return have_ref = 1;
}

int fu_have_reference(void)
{
    return have_ref;
}

void fu_reference_stop(void)
{
    tu_rmtree(dir);
}
