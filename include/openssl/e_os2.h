/* kumassl: portability definitions, as OpenSSL's <openssl/e_os2.h>. */
#ifndef KUMASSL_E_OS2_H
#define KUMASSL_E_OS2_H
#include <stdint.h>
#include <stddef.h>
#include <inttypes.h>
#ifndef OPENSSL_EXPORT
#define OPENSSL_EXPORT extern
#endif
#define ossl_inline inline
#define ossl_noreturn __attribute__((noreturn))
#define ossl_unused __attribute__((unused))
#include <sys/types.h>
/* A signed size, as OpenSSL's (SSL_sendfile returns one). */
typedef ssize_t ossl_ssize_t;
#endif
