/*
 * kumassl: the deterministic "random" stream of fuzzing builds.
 *
 * A TLS 1.3 flight recorded once decrypts again only if the side replaying
 * it draws the same randoms and key shares, so under --enable-fuzzing
 * (KUMA_FUZZING_UNSAFE_RAND) RAND_bytes and BearSSL's seeds come from
 * a fixed stream (splitmix64), restarted by kuma_fuzz_rand_reset at the start of each
 * fuzz input. Nothing here is compiled into a normal build.
 */
#include "crypto_int.h"

#ifdef KUMA_FUZZING_UNSAFE_RAND
#include <stdint.h>
#include <string.h>

static uint64_t fuzz_state;

void kuma_fuzz_rand_reset(void)
{
    fuzz_state = 0;
}

/* splitmix64: any fixed stream does; its bytes only need to vary. */
int kuma_fuzz_rand(unsigned char *buf, size_t len)
{
    while (len > 0) {
        uint64_t z = (fuzz_state += 0x9E3779B97F4A7C15u);
        unsigned char b[8];
        size_t i, n = len < sizeof b ? len : sizeof b;

        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
        z ^= z >> 31;
        for (i = 0; i < sizeof b; i++)
            b[i] = (unsigned char)(z >> (8 * i));
        memcpy(buf, b, n);
        buf += n;
        len -= n;
    }
    return 1;
}
#else
/* ISO C wants a translation unit to declare something. */
typedef int kuma_rand_fuzz_unused;
#endif
