/*
 * kumassl: application data on objects (ex_data): the index registry of
 * every class (CRYPTO_get_ex_new_index; OpenSSL 3.0's SSL_get_ex_new_index
 * and X509_get_ex_new_index are macros over it, so binaries call this one
 * for libssl's objects too) and the slots of one object. libssl's objects
 * keep their slots in events.c and run the callbacks through kuma_ex_*.
 */
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "crypto_int.h"

/* ---- ex_data: index registry ------------------------------------------------- */

typedef struct {
    long argl;
    void *argp;
    CRYPTO_EX_new *new_func;
    CRYPTO_EX_free *free_func;
} ex_index;

/* The indexes of one class of objects (CRYPTO_EX_INDEX_SSL, _X509, ...). */
typedef struct {
    ex_index *idx;
    int num;
} ex_class;

/* One lock for all classes: indexes are made at start-up, read at object creation and free. */
static pthread_mutex_t classes_lock = PTHREAD_MUTEX_INITIALIZER;
static ex_class classes[CRYPTO_EX_INDEX__COUNT];

/* Index 0 exists from the start without callbacks: SSL_set_app_data uses it. */
static int ex_new_index(ex_class *cls, long argl, void *argp, CRYPTO_EX_new *new_func,
                        CRYPTO_EX_free *free_func)
{
    ex_index *grown;
    int first, r = -1;

    pthread_mutex_lock(&classes_lock);
    first = cls->num == 0 ? 1 : cls->num;
    grown = realloc(cls->idx, (size_t)(first + 1) * sizeof(*grown));
    if (grown != NULL) {
        if (cls->num == 0)
            memset(&grown[0], 0, sizeof(grown[0]));
        grown[first].argl = argl;
        grown[first].argp = argp;
        grown[first].new_func = new_func;
        grown[first].free_func = free_func;
        cls->idx = grown;
        cls->num = first + 1;
        r = first;
    }
    pthread_mutex_unlock(&classes_lock);
    if (r < 0)
        ERR_raise(ERR_LIB_CRYPTO, ERR_R_MALLOC_FAILURE);
    return r;
}

/* A copy of index i taken under the lock; 0 when i does not exist. */
static int ex_index_at(ex_class *cls, int i, ex_index *out)
{
    int ok;

    pthread_mutex_lock(&classes_lock);
    ok = i < cls->num;
    if (ok)
        *out = cls->idx[i];
    pthread_mutex_unlock(&classes_lock);
    return ok;
}

/* The registries live as long as the library; freed when it is unloaded. */
__attribute__((destructor)) static void ex_classes_free(void)
{
    int i;

    for (i = 0; i < CRYPTO_EX_INDEX__COUNT; i++)
        free(classes[i].idx);
}

/* ---- ex_data: slots of one object --------------------------------------------- */

int kuma_ex_set(CRYPTO_EX_DATA *ad, int idx, void *data)
{
    void **grown;

    if (idx < 0) {
        ERR_raise_data(ERR_LIB_CRYPTO, ERR_R_PASSED_INVALID_ARGUMENT, "ex_data index %d", idx);
        return 0;
    }
    if (idx >= ad->num) {
        grown = realloc(ad->slots, (size_t)(idx + 1) * sizeof(*grown));
        if (grown == NULL) {
            ERR_raise(ERR_LIB_CRYPTO, ERR_R_MALLOC_FAILURE);
            return 0;
        }
        memset(grown + ad->num, 0, (size_t)(idx + 1 - ad->num) * sizeof(*grown));
        ad->slots = grown;
        ad->num = idx + 1;
    }
    ad->slots[idx] = data;
    return 1;
}

void *kuma_ex_get(const CRYPTO_EX_DATA *ad, int idx)
{
    return ad != NULL && idx >= 0 && idx < ad->num ? ad->slots[idx] : NULL;
}

/* At creation: every new_func, with NULL, as OpenSSL's CRYPTO_new_ex_data. */
void kuma_ex_run_new(int class_index, void *obj, CRYPTO_EX_DATA *ad)
{
    ex_class *cls = &classes[class_index];
    ex_index e;
    int i;

    for (i = 1; ex_index_at(cls, i, &e); i++)
        if (e.new_func != NULL)
            e.new_func(obj, NULL, ad, i, e.argl, e.argp);
}

/*
 * At free: every free_func, with the slot's value (NULL when unset), as
 * OpenSSL's CRYPTO_free_ex_data; then the slots themselves. The lock is
 * not held during a callback, which may itself use ex_data.
 */
void kuma_ex_run_free(int class_index, void *obj, CRYPTO_EX_DATA *ad)
{
    ex_class *cls = &classes[class_index];
    ex_index e;
    int i;

    for (i = 1; ex_index_at(cls, i, &e); i++)
        if (e.free_func != NULL)
            e.free_func(obj, kuma_ex_get(ad, i), ad, i, e.argl, e.argp);
    free(ad->slots);
    ad->slots = NULL;
    ad->num = 0;
}


int CRYPTO_get_ex_new_index(int class_index, long argl, void *argp, CRYPTO_EX_new *new_func,
                            CRYPTO_EX_dup *dup_func, CRYPTO_EX_free *free_func)
{
    (void)dup_func;     /* kumassl never duplicates objects with ex_data (ssl.h) */
    if (class_index < 0 || class_index >= CRYPTO_EX_INDEX__COUNT) {
        ERR_raise_data(ERR_LIB_CRYPTO, ERR_R_PASSED_INVALID_ARGUMENT, "ex_data class %d", class_index);
        return -1;
    }
    return ex_new_index(&classes[class_index], argl, argp, new_func, free_func);
}

int X509_set_ex_data(X509 *r, int idx, void *arg)
{
    return !KUMA_NULL_ARG(ERR_LIB_X509, r) && kuma_ex_set(&r->ex, idx, arg);
}

void *X509_get_ex_data(const X509 *r, int idx)
{
    return r != NULL ? kuma_ex_get(&r->ex, idx) : NULL;
}
