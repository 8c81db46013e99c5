/* kumassl: typed stacks, as OpenSSL's <openssl/safestack.h>. */
#ifndef KUMASSL_SAFESTACK_H
#define KUMASSL_SAFESTACK_H
#include <openssl/stack.h>

#define STACK_OF(type) struct stack_st_##type

/* Declares the sk_TYPE_* functions as thin typed wrappers over OPENSSL_sk_*. */
#define KUMASSL_DEFINE_STACK_OF(t) \
    STACK_OF(t); \
    static inline int sk_##t##_num(const STACK_OF(t) *sk) \
        { return OPENSSL_sk_num((const OPENSSL_STACK *)sk); } \
    static inline t *sk_##t##_value(const STACK_OF(t) *sk, int i) \
        { return (t *)OPENSSL_sk_value((const OPENSSL_STACK *)sk, i); } \
    static inline STACK_OF(t) *sk_##t##_new_null(void) \
        { return (STACK_OF(t) *)OPENSSL_sk_new_null(); } \
    static inline int sk_##t##_push(STACK_OF(t) *sk, t *p) \
        { return OPENSSL_sk_push((OPENSSL_STACK *)sk, p); } \
    static inline t *sk_##t##_pop(STACK_OF(t) *sk) \
        { return (t *)OPENSSL_sk_pop((OPENSSL_STACK *)sk); } \
    static inline t *sk_##t##_shift(STACK_OF(t) *sk) \
        { return (t *)OPENSSL_sk_shift((OPENSSL_STACK *)sk); } \
    static inline void sk_##t##_free(STACK_OF(t) *sk) \
        { OPENSSL_sk_free((OPENSSL_STACK *)sk); } \
    static inline void sk_##t##_pop_free(STACK_OF(t) *sk, void (*f)(t *)) \
        { OPENSSL_sk_pop_free((OPENSSL_STACK *)sk, (OPENSSL_sk_freefunc)(void (*)(void))f); } \
    static inline STACK_OF(t) *sk_##t##_dup(const STACK_OF(t) *sk) \
        { return (STACK_OF(t) *)OPENSSL_sk_dup((const OPENSSL_STACK *)sk); } \
    static inline int sk_##t##_insert(STACK_OF(t) *sk, t *p, int where) \
        { return OPENSSL_sk_insert((OPENSSL_STACK *)sk, p, where); } \
    static inline int sk_##t##_unshift(STACK_OF(t) *sk, t *p) \
        { return OPENSSL_sk_unshift((OPENSSL_STACK *)sk, p); } \
    static inline t *sk_##t##_delete(STACK_OF(t) *sk, int i) \
        { return (t *)OPENSSL_sk_delete((OPENSSL_STACK *)sk, i); } \
    static inline t *sk_##t##_delete_ptr(STACK_OF(t) *sk, t *p) \
        { return (t *)OPENSSL_sk_delete_ptr((OPENSSL_STACK *)sk, p); } \
    static inline t *sk_##t##_set(STACK_OF(t) *sk, int i, t *p) \
        { return (t *)OPENSSL_sk_set((OPENSSL_STACK *)sk, i, p); } \
    static inline int sk_##t##_find(STACK_OF(t) *sk, t *p) \
        { return OPENSSL_sk_find((OPENSSL_STACK *)sk, p); } \
    static inline void sk_##t##_zero(STACK_OF(t) *sk) \
        { OPENSSL_sk_zero((OPENSSL_STACK *)sk); }

/* Stacks of C strings (X509_get1_ocsp, X509_get1_email), as OpenSSL's. */
typedef char *OPENSSL_STRING;
STACK_OF(OPENSSL_STRING);
/* As OpenSSL's, these take and return the strings themselves (char *). */
static inline int sk_OPENSSL_STRING_num(const STACK_OF(OPENSSL_STRING) *sk)
    { return OPENSSL_sk_num((const OPENSSL_STACK *)sk); }
static inline char *sk_OPENSSL_STRING_value(const STACK_OF(OPENSSL_STRING) *sk, int i)
    { return (char *)OPENSSL_sk_value((const OPENSSL_STACK *)sk, i); }
static inline STACK_OF(OPENSSL_STRING) *sk_OPENSSL_STRING_new_null(void)
    { return (STACK_OF(OPENSSL_STRING) *)OPENSSL_sk_new_null(); }
static inline int sk_OPENSSL_STRING_push(STACK_OF(OPENSSL_STRING) *sk, char *p)
    { return OPENSSL_sk_push((OPENSSL_STACK *)sk, p); }
static inline void sk_OPENSSL_STRING_free(STACK_OF(OPENSSL_STRING) *sk)
    { OPENSSL_sk_free((OPENSSL_STACK *)sk); }
static inline void sk_OPENSSL_STRING_pop_free(STACK_OF(OPENSSL_STRING) *sk, void (*f)(char *))
    { OPENSSL_sk_pop_free((OPENSSL_STACK *)sk, (OPENSSL_sk_freefunc)(void (*)(void))f); }

#endif
