/* kumassl: generic stacks (OPENSSL_STACK), as OpenSSL's <openssl/stack.h>. */
#ifndef KUMASSL_STACK_H
#define KUMASSL_STACK_H
#include <openssl/types.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct stack_st OPENSSL_STACK;
typedef void (*OPENSSL_sk_freefunc)(void *);

/* A new empty stack, or NULL on allocation failure. */
OPENSSL_STACK *OPENSSL_sk_new_null(void);
/* Number of elements, or -1 for a NULL stack. */
int OPENSSL_sk_num(const OPENSSL_STACK *st);
/* Element i, or NULL when i is out of range. */
void *OPENSSL_sk_value(const OPENSSL_STACK *st, int i);
/* Appends data; returns the new number of elements, or 0 on failure. */
int OPENSSL_sk_push(OPENSSL_STACK *st, const void *data);
/* Removes and returns the last element (NULL when empty). */
void *OPENSSL_sk_pop(OPENSSL_STACK *st);
/* Removes and returns the first element (NULL when empty). */
void *OPENSSL_sk_shift(OPENSSL_STACK *st);
/* Frees the stack itself, not its elements. */
void OPENSSL_sk_free(OPENSSL_STACK *st);
/* Frees every element with func, then the stack. */
void OPENSSL_sk_pop_free(OPENSSL_STACK *st, OPENSSL_sk_freefunc func);

#ifdef __cplusplus
}
#endif
#endif
