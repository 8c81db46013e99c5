/*
 * kumassl: X509_OBJECT and the store's object list (X509_STORE_get0_objects),
 * which programs walk to list or count a store's CA certificates and CRLs.
 *
 * The store keeps certificates and CRLs in its own arrays; the object list
 * is a view made from them. Both only grow, so the view is extended, never
 * rebuilt: a stack a caller holds stays valid until the store is freed.
 */
#include <openssl/x509_vfy.h>
#include "crypto_int.h"

struct x509_object_st {
    X509_LOOKUP_TYPE type;
    union {
        X509 *x509;
        X509_CRL *crl;
    } data;
};

X509_OBJECT *X509_OBJECT_new(void)
{
    X509_OBJECT *a = OPENSSL_zalloc(sizeof(*a));

    if (a == NULL)
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
    return a;
}

static void object_clear(X509_OBJECT *a)
{
    if (a->type == X509_LU_X509)
        X509_free(a->data.x509);
    else if (a->type == X509_LU_CRL)
        X509_CRL_free(a->data.crl);
    a->type = X509_LU_NONE;
    a->data.x509 = NULL;
}

void X509_OBJECT_free(X509_OBJECT *a)
{
    if (a == NULL)
        return;
    object_clear(a);
    OPENSSL_free(a);
}

X509_LOOKUP_TYPE X509_OBJECT_get_type(const X509_OBJECT *a)
{
    return a != NULL ? a->type : X509_LU_NONE;
}

X509 *X509_OBJECT_get0_X509(const X509_OBJECT *a)
{
    return a != NULL && a->type == X509_LU_X509 ? a->data.x509 : NULL;
}

X509_CRL *X509_OBJECT_get0_X509_CRL(const X509_OBJECT *a)
{
    return a != NULL && a->type == X509_LU_CRL ? a->data.crl : NULL;
}

int X509_OBJECT_set1_X509(X509_OBJECT *a, X509 *obj)
{
    if (a == NULL || obj == NULL || !X509_up_ref(obj))
        return 0;
    object_clear(a);
    a->type = X509_LU_X509;
    a->data.x509 = obj;
    return 1;
}

int X509_OBJECT_set1_X509_CRL(X509_OBJECT *a, X509_CRL *obj)
{
    if (a == NULL || obj == NULL || !X509_CRL_up_ref(obj))
        return 0;
    object_clear(a);
    a->type = X509_LU_CRL;
    a->data.crl = obj;
    return 1;
}

int X509_OBJECT_up_ref_count(X509_OBJECT *a)
{
    if (a == NULL)
        return 0;
    if (a->type == X509_LU_X509)
        return X509_up_ref(a->data.x509);
    if (a->type == X509_LU_CRL)
        return X509_CRL_up_ref(a->data.crl);
    return 1;
}

/* Appends an object holding x (or crl); 0 when memory runs out. */
static int view_push(X509_STORE *st, X509 *x, X509_CRL *crl)
{
    X509_OBJECT *o = X509_OBJECT_new();

    if (o == NULL || !(x != NULL ? X509_OBJECT_set1_X509(o, x) : X509_OBJECT_set1_X509_CRL(o, crl))
        || !sk_X509_OBJECT_push(st->objects, o)) {
        X509_OBJECT_free(o);
        return 0;
    }
    return 1;
}

/* Adds objects for what the store gained since the last call (under the store's lock). */
static void view_extend(X509_STORE *st)
{
    int ncrls = st->crls != NULL ? sk_X509_CRL_num(st->crls) : 0;

    if (st->objects == NULL && (st->objects = sk_X509_OBJECT_new_null()) == NULL)
        return;
    while (st->view_certs < st->ncerts && view_push(st, st->certs[st->view_certs], NULL))
        st->view_certs++;
    while (st->view_crls < ncrls && view_push(st, NULL, sk_X509_CRL_value(st->crls, st->view_crls)))
        st->view_crls++;
}

STACK_OF(X509_OBJECT) *X509_STORE_get0_objects(const X509_STORE *v)
{
    /* the view is a cache of the store's contents: extending it changes no content */
    X509_STORE *st = (X509_STORE *)v;

    if (st == NULL)
        return NULL;
    pthread_mutex_lock(&st->lock);
    view_extend(st);
    pthread_mutex_unlock(&st->lock);
    return st->objects;
}

int X509_STORE_lock(X509_STORE *ctx)
{
    return ctx != NULL && pthread_mutex_lock(&ctx->lock) == 0;
}

int X509_STORE_unlock(X509_STORE *ctx)
{
    return ctx != NULL && pthread_mutex_unlock(&ctx->lock) == 0;
}

void kuma_store_free_objects(X509_STORE *st)
{
    sk_X509_OBJECT_pop_free(st->objects, X509_OBJECT_free);
    st->objects = NULL;
}
