/*
 * kumassl fuzzing: d2i_SSL_SESSION. A session that parses is serialized
 * again and parsed back: both forms must round-trip.
 */
#include <stdlib.h>
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const unsigned char *p = data;
    SSL_SESSION *s = d2i_SSL_SESSION(NULL, &p, (long)size);

    if (s != NULL) {
        int n = i2d_SSL_SESSION(s, NULL);
        if (n > 0) {
            unsigned char *buf = malloc((size_t)n), *w = buf;
            const unsigned char *r = buf;
            if (buf != NULL && i2d_SSL_SESSION(s, &w) == n) {
                SSL_SESSION *s2 = d2i_SSL_SESSION(NULL, &r, n);
                if (s2 == NULL)
                    abort();            /* what i2d wrote must read back */
                SSL_SESSION_free(s2);
            }
            free(buf);
        }
        SSL_SESSION_get_time(s);
        SSL_SESSION_free(s);
    }
    ERR_clear_error();
    return 0;
}
