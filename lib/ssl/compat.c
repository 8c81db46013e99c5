/*
 * kumassl: libssl entry points that programs built against OpenSSL 3.0
 * call and that belong to no feature file: legacy initialisers and the
 * small SSL/SSL_CTX knobs with nothing to configure underneath.
 */
#include "ssl_int.h"

/* The SSL reason strings live in libcrypto's table; nothing to load. */
int ERR_load_SSL_strings(void)
{
    return 1;
}
