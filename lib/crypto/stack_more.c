/*
 * kumassl: the rest of OpenSSL's OPENSSL_sk_* (copies, insertion and
 * deletion, searching and sorting with the stack's comparison function),
 * which programs built against OpenSSL call through their inline
 * sk_TYPE_* wrappers.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/stack.h>
#include "crypto_int.h"

OPENSSL_STACK *OPENSSL_sk_new(OPENSSL_sk_compfunc cmp)
{
    OPENSSL_STACK *st = OPENSSL_sk_new_null();

    if (st != NULL)
        st->cmp = cmp;
    return st;
}

int OPENSSL_sk_reserve(OPENSSL_STACK *st, int n)
{
    void **data;

    if (st == NULL || n < 0)
        return 0;
    if (n <= st->cap)
        return 1;
    if ((data = OPENSSL_realloc(st->data, sizeof(*data) * (size_t)n)) == NULL)
        return 0;
    st->data = data;
    st->cap = n;
    return 1;
}

OPENSSL_STACK *OPENSSL_sk_new_reserve(OPENSSL_sk_compfunc cmp, int n)
{
    OPENSSL_STACK *st = OPENSSL_sk_new(cmp);

    if (st != NULL && n > 0 && !OPENSSL_sk_reserve(st, n)) {
        OPENSSL_sk_free(st);
        return NULL;
    }
    return st;
}

OPENSSL_sk_compfunc OPENSSL_sk_set_cmp_func(OPENSSL_STACK *st, OPENSSL_sk_compfunc cmp)
{
    OPENSSL_sk_compfunc old = st->cmp;

    if (old != cmp)
        st->sorted = 0;
    st->cmp = cmp;
    return old;
}

OPENSSL_STACK *OPENSSL_sk_dup(const OPENSSL_STACK *st)
{
    OPENSSL_STACK *c;

    if (st == NULL || (c = OPENSSL_sk_new_reserve(st->cmp, st->num)) == NULL)
        return NULL;
    if (st->num > 0)
        memcpy(c->data, st->data, sizeof(*c->data) * (size_t)st->num);
    c->num = st->num;
    c->sorted = st->sorted;
    return c;
}

OPENSSL_STACK *OPENSSL_sk_deep_copy(const OPENSSL_STACK *st, OPENSSL_sk_copyfunc copy,
                                    OPENSSL_sk_freefunc free_func)
{
    OPENSSL_STACK *c;
    int i;

    if (st == NULL || (c = OPENSSL_sk_dup(st)) == NULL)
        return NULL;
    for (i = 0; i < c->num; i++) {
        if (c->data[i] == NULL)
            continue;
        if ((c->data[i] = copy(st->data[i])) == NULL) {
            c->num = i;         /* free the copies made so far only */
            OPENSSL_sk_pop_free(c, free_func);
            return NULL;
        }
    }
    return c;
}

int OPENSSL_sk_insert(OPENSSL_STACK *st, const void *data, int where)
{
    if (st == NULL || !kuma_sk_grow(st))
        return 0;
    if (where < 0 || where > st->num)
        where = st->num;
    memmove(st->data + where + 1, st->data + where, sizeof(*st->data) * (size_t)(st->num - where));
    st->data[where] = (void *)data;
    st->num++;
    st->sorted = 0;
    return st->num;
}

int OPENSSL_sk_unshift(OPENSSL_STACK *st, const void *data)
{
    return OPENSSL_sk_insert(st, data, 0);
}

void *OPENSSL_sk_delete(OPENSSL_STACK *st, int loc)
{
    void *p;

    if (st == NULL || loc < 0 || loc >= st->num)
        return NULL;
    p = st->data[loc];
    st->num--;
    memmove(st->data + loc, st->data + loc + 1, sizeof(*st->data) * (size_t)(st->num - loc));
    return p;
}

void *OPENSSL_sk_delete_ptr(OPENSSL_STACK *st, const void *p)
{
    int i;

    for (i = 0; st != NULL && i < st->num; i++)
        if (st->data[i] == p)
            return OPENSSL_sk_delete(st, i);
    return NULL;
}

void *OPENSSL_sk_set(OPENSSL_STACK *st, int i, const void *data)
{
    if (st == NULL || i < 0 || i >= st->num)
        return NULL;
    st->data[i] = (void *)data;
    st->sorted = 0;
    return st->data[i];
}

void OPENSSL_sk_zero(OPENSSL_STACK *st)
{
    if (st != NULL)
        st->num = 0;
}

void OPENSSL_sk_sort(OPENSSL_STACK *st)
{
    if (st == NULL || st->sorted || st->cmp == NULL)
        return;
    /* OpenSSL's comparison functions take (const T *const *): qsort's own convention */
    qsort(st->data, (size_t)st->num, sizeof(*st->data), (int (*)(const void *, const void *))st->cmp);
    st->sorted = 1;
}

int OPENSSL_sk_is_sorted(const OPENSSL_STACK *st)
{
    return st == NULL || st->sorted;
}

/* The index of the first element equal to data (by cmp, else by pointer); -1 when none. */
int OPENSSL_sk_find(OPENSSL_STACK *st, const void *data)
{
    int i;

    if (st == NULL)
        return -1;
    for (i = 0; i < st->num; i++) {
        if (st->cmp == NULL ? st->data[i] == data
                            : st->cmp((const void *)&data, (const void *)&st->data[i]) == 0)
            return i;
    }
    return -1;
}

int OPENSSL_sk_find_ex(OPENSSL_STACK *st, const void *data)
{
    return OPENSSL_sk_find(st, data);
}

int OPENSSL_sk_find_all(OPENSSL_STACK *st, const void *data, int *pnum)
{
    int i, first = -1, n = 0;

    for (i = 0; st != NULL && st->cmp != NULL && i < st->num; i++) {
        if (st->cmp((const void *)&data, (const void *)&st->data[i]) == 0) {
            if (first < 0)
                first = i;
            n++;
        }
    }
    if (st != NULL && st->cmp == NULL)
        first = OPENSSL_sk_find(st, data), n = first >= 0;
    if (pnum != NULL)
        *pnum = n;
    return first;
}
