/*
 * kumassl: SSL_METHOD objects: a role and, for the versioned ones, a
 * fixed protocol version.
 */
#include "ssl_int.h"

#define KUMA_METHODS(prefix, ver)                                          \
    const SSL_METHOD *prefix##_method(void)                                \
    {                                                                      \
        static const SSL_METHOD m = { ver, KUMA_ROLE_ANY };                \
        return &m;                                                         \
    }                                                                      \
    const SSL_METHOD *prefix##_client_method(void)                         \
    {                                                                      \
        static const SSL_METHOD m = { ver, KUMA_ROLE_CLIENT };             \
        return &m;                                                         \
    }                                                                      \
    const SSL_METHOD *prefix##_server_method(void)                         \
    {                                                                      \
        static const SSL_METHOD m = { ver, KUMA_ROLE_SERVER };             \
        return &m;                                                         \
    }

KUMA_METHODS(TLS, 0)
KUMA_METHODS(TLSv1_3, TLS1_3_VERSION)
KUMA_METHODS(TLSv1_2, TLS1_2_VERSION)
KUMA_METHODS(TLSv1_1, TLS1_1_VERSION)
KUMA_METHODS(TLSv1, TLS1_VERSION)
