/*
 * kumassl: generic stacks (OPENSSL_sk_*), the storage behind STACK_OF(type).
 *
 * A stack is a growable array of pointers; it never owns the elements
 * except through OPENSSL_sk_pop_free().
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/stack.h>
#include "crypto_int.h"

/* First capacity; then doubled, so n pushes cost O(n) copying. */
#define STACK_FIRST_CAP 4

OPENSSL_STACK *OPENSSL_sk_new_null(void)
{
    return OPENSSL_zalloc(sizeof(OPENSSL_STACK));
}

int OPENSSL_sk_num(const OPENSSL_STACK *st)
{
    return st == NULL ? -1 : st->num;
}

void *OPENSSL_sk_value(const OPENSSL_STACK *st, int i)
{
    if (st == NULL || i < 0 || i >= st->num)
        return NULL;
    return st->data[i];
}

/* Makes room for one more element; 0 when memory runs out. */
/* kuma_sk_grow (crypto_int.h) */
int kuma_sk_grow(OPENSSL_STACK *st)
{
    void **data;
    int cap;

    if (st->num < st->cap)
        return 1;
    if (st->cap > INT_MAX / 2)
        return 0;
    cap = st->cap == 0 ? STACK_FIRST_CAP : st->cap * 2;
    data = OPENSSL_realloc(st->data, sizeof(*data) * (size_t)cap);
    if (data == NULL)
        return 0;
    st->data = data;
    st->cap = cap;
    return 1;
}

int OPENSSL_sk_push(OPENSSL_STACK *st, const void *data)
{
    if (st == NULL || !kuma_sk_grow(st))
        return 0;
    /* The API takes const but stores plain pointers, as OpenSSL does. */
    st->data[st->num++] = (void *)data;
    st->sorted = 0;
    return st->num;
}

void *OPENSSL_sk_pop(OPENSSL_STACK *st)
{
    if (st == NULL || st->num == 0)
        return NULL;
    return st->data[--st->num];
}

void *OPENSSL_sk_shift(OPENSSL_STACK *st)
{
    void *first;

    if (st == NULL || st->num == 0)
        return NULL;
    first = st->data[0];
    st->num--;
    memmove(st->data, st->data + 1, sizeof(*st->data) * (size_t)st->num);
    return first;
}

void OPENSSL_sk_free(OPENSSL_STACK *st)
{
    if (st == NULL)
        return;
    OPENSSL_free(st->data);
    OPENSSL_free(st);
}

void OPENSSL_sk_pop_free(OPENSSL_STACK *st, OPENSSL_sk_freefunc func)
{
    int i;

    if (st == NULL)
        return;
    for (i = 0; i < st->num; i++)
        if (st->data[i] != NULL && func != NULL)
            func(st->data[i]);
    OPENSSL_sk_free(st);
}
