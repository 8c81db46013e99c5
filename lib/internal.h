/*
 * kumassl: definitions shared by every file of the implementation.
 */
#ifndef KUMASSL_INTERNAL_H
#define KUMASSL_INTERNAL_H
#include <bearssl.h>
#include <stdatomic.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

/* Reference counts of shared objects (SSL_CTX, X509, EVP_PKEY, ...). */
typedef atomic_int kuma_refcount;

/* Takes a reference; returns 1 as the *_up_ref() functions do. */
static inline int kuma_ref_up(kuma_refcount *r)
{
    atomic_fetch_add(r, 1);
    return 1;
}

/* Drops a reference; nonzero when it was the last one. */
static inline int kuma_ref_down(kuma_refcount *r)
{
    return atomic_fetch_sub(r, 1) == 1;
}

/* Queues ERR_R_PASSED_NULL_PARAMETER for lib; evaluates to 1 when ptr is NULL. */
#define KUMA_NULL_ARG(lib, ptr) \
    ((ptr) == NULL ? (ERR_raise((lib), ERR_R_PASSED_NULL_PARAMETER), 1) : 0)

/*
 * ERR_raise_data(lib, reason, ...) as raised by func. kumassl's inner
 * helpers (kuma_*) raise with it so that error lines name the OpenSSL
 * function a program called or would find in OpenSSL's own lines (a
 * wrong path says BIO_new_file, as OpenSSL does), never a kuma_* name.
 */
#define KUMA_RAISE_AT(func, lib, reason, ...) \
    (ERR_new(), ERR_set_debug(__FILE__, __LINE__, (func)), ERR_set_error((lib), (reason), __VA_ARGS__))

/* KUMA_NULL_ARG as raised by func. */
#define KUMA_NULL_ARG_AT(func, lib, ptr) \
    ((ptr) == NULL ? (KUMA_RAISE_AT((func), (lib), ERR_R_PASSED_NULL_PARAMETER, NULL), 1) : 0)

#endif
