/*
 * tls13_rfc8448.c -- hex helpers for the TLS 1.3 tests (see tls13_rfc8448.h).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "tls13_rfc8448.h"

/* ---- hex ------------------------------------------------------------------- */

/* Parses hex (spaces allowed) into a new buffer; *len its length. */
unsigned char *unhex(const char *hex, size_t *len)
{
    unsigned char *out = malloc(strlen(hex) / 2 + 1);
    size_t n = 0;
    int hi = -1;

    ck_assert_ptr_nonnull(out);
    for (; *hex; hex++) {
        int v;

        if (*hex == ' ' || *hex == '\n')
            continue;
        v = *hex >= 'a' ? *hex - 'a' + 10 : *hex >= 'A' ? *hex - 'A' + 10 : *hex - '0';
        ck_assert(v >= 0 && v < 16);
        if (hi < 0)
            hi = v;
        else {
            out[n++] = (unsigned char)(hi << 4 | v);
            hi = -1;
        }
    }
    ck_assert_int_eq(hi, -1);
    *len = n;
    return out;
}

/* Fails unless got (len bytes) is the hex string want. */
void expect_hex(const unsigned char *got, size_t len, const char *want)
{
    size_t wlen;
    unsigned char *w = unhex(want, &wlen);

    ck_assert_uint_eq(len, wlen);
    ck_assert_msg(memcmp(got, w, len) == 0, "bytes differ from %.40s...", want);
    free(w);
}

