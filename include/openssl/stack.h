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

/* ---- comparisons, copies, insertion, search (stack_more.c) ---- */
/* Compares two elements given by address (const T *const *), as qsort. */
typedef int (*OPENSSL_sk_compfunc)(const void *, const void *);
typedef void *(*OPENSSL_sk_copyfunc)(const void *);
/* A new stack that finds and sorts with cmp. */
OPENSSL_STACK *OPENSSL_sk_new(OPENSSL_sk_compfunc cmp);
OPENSSL_STACK *OPENSSL_sk_new_reserve(OPENSSL_sk_compfunc cmp, int n);
/* Room for n elements in all; 1 on success. */
int OPENSSL_sk_reserve(OPENSSL_STACK *st, int n);
OPENSSL_sk_compfunc OPENSSL_sk_set_cmp_func(OPENSSL_STACK *st, OPENSSL_sk_compfunc cmp);
/* A copy of the pointers / of the elements (made with copy; on failure those made are freed with free_func). */
OPENSSL_STACK *OPENSSL_sk_dup(const OPENSSL_STACK *st);
OPENSSL_STACK *OPENSSL_sk_deep_copy(const OPENSSL_STACK *st, OPENSSL_sk_copyfunc copy,
                                    OPENSSL_sk_freefunc free_func);
/* Inserts at where (out of range: at the end); returns the new count, 0 on failure. */
int OPENSSL_sk_insert(OPENSSL_STACK *st, const void *data, int where);
int OPENSSL_sk_unshift(OPENSSL_STACK *st, const void *data);
/* Removes and returns the element at loc / the element p; NULL when absent. */
void *OPENSSL_sk_delete(OPENSSL_STACK *st, int loc);
void *OPENSSL_sk_delete_ptr(OPENSSL_STACK *st, const void *p);
void *OPENSSL_sk_set(OPENSSL_STACK *st, int i, const void *data);
/* Empties the stack (the elements are not freed). */
void OPENSSL_sk_zero(OPENSSL_STACK *st);
/* Sorts with the comparison function (none: left as is). */
void OPENSSL_sk_sort(OPENSSL_STACK *st);
int OPENSSL_sk_is_sorted(const OPENSSL_STACK *st);
/* The index of an element equal to data by the comparison function (without one: the same pointer); -1 none. */
int OPENSSL_sk_find(OPENSSL_STACK *st, const void *data);
int OPENSSL_sk_find_ex(OPENSSL_STACK *st, const void *data);
int OPENSSL_sk_find_all(OPENSSL_STACK *st, const void *data, int *pnum);

#ifdef __cplusplus
}
#endif
#endif
