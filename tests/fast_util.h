/*
 * kumassl tests: what the tests of lib/crypto/fast share (check_fast,
 * check_p256): hex, random bytes, and the system OpenSSL as a reference,
 * reached through a helper program built at start (tests/fast_ref_openssl.c),
 * never linked into the test process.
 */
#ifndef KUMA_TESTS_FAST_UTIL_H
#define KUMA_TESTS_FAST_UTIL_H
#include <stddef.h>

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* n bytes from 2n hex digits (the test fails on anything else). */
void fu_unhex(const char *h, unsigned char *out, size_t n);
/* 2n lowercase hex digits and a NUL ("-" for n = 0). */
void fu_tohex(const unsigned char *b, size_t n, char *out);
/* Random bytes from kumassl's seeded generator. */
void fu_rnd(void *buf, size_t n);

/* Builds the OpenSSL helper into a temporary directory: 1, or 0 without a system OpenSSL. */
int fu_reference_start(void);
/* Whether fu_reference_start found the system OpenSSL. */
int fu_have_reference(void);
/* The helper's answers (malloc'd, one line per request line) to the requests. */
char *fu_ask_reference(const char *requests);
/* Removes the temporary directory. */
void fu_reference_stop(void);

#endif
