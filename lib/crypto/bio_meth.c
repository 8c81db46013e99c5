/*
 * kumassl: custom BIO methods (BIO_meth_*), with which programs (curl,
 * python, libevent) plug their own transport under libssl, and the
 * accessors such a method's functions use on their BIO.
 */
#include <stdatomic.h>
#include <string.h>
#include "crypto_int.h"

/* OpenSSL hands out type indexes from 128 up (BIO_TYPE_START). */
static atomic_int next_index = BIO_TYPE_START;

int BIO_get_new_index(void)
{
    int i = atomic_fetch_add(&next_index, 1);

    if (i > 255) {
        ERR_raise_data(ERR_LIB_BIO, ERR_R_PASSED_INVALID_ARGUMENT, "no BIO type index left");
        return -1;
    }
    return i;
}

BIO_METHOD *BIO_meth_new(int type, const char *name)
{
    BIO_METHOD *m = OPENSSL_zalloc(sizeof(*m));

    if (m == NULL || (m->owned_name = OPENSSL_strdup(name != NULL ? name : "")) == NULL) {
        OPENSSL_free(m);
        ERR_raise(ERR_LIB_BIO, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    m->type = type;
    m->name = m->owned_name;
    return m;
}

void BIO_meth_free(BIO_METHOD *biom)
{
    if (biom == NULL)
        return;
    OPENSSL_free(biom->owned_name);
    OPENSSL_free(biom);
}

int BIO_meth_set_write(BIO_METHOD *biom, int (*write)(BIO *, const char *, int))
{
    if (biom == NULL)
        return 0;
    biom->bwrite = write;
    return 1;
}

int BIO_meth_set_read(BIO_METHOD *biom, int (*read)(BIO *, char *, int))
{
    if (biom == NULL)
        return 0;
    biom->bread = read;
    return 1;
}

int BIO_meth_set_puts(BIO_METHOD *biom, int (*puts)(BIO *, const char *))
{
    if (biom == NULL)
        return 0;
    biom->bputs = puts;
    return 1;
}

int BIO_meth_set_gets(BIO_METHOD *biom, int (*gets)(BIO *, char *, int))
{
    if (biom == NULL)
        return 0;
    biom->bgets = gets;
    return 1;
}

int BIO_meth_set_ctrl(BIO_METHOD *biom, long (*ctrl)(BIO *, int, long, void *))
{
    if (biom == NULL)
        return 0;
    biom->ctrl = ctrl;
    return 1;
}

int BIO_meth_set_create(BIO_METHOD *biom, int (*create)(BIO *))
{
    if (biom == NULL)
        return 0;
    biom->create = create;
    return 1;
}

int BIO_meth_set_destroy(BIO_METHOD *biom, int (*destroy)(BIO *))
{
    if (biom == NULL)
        return 0;
    biom->destroy = destroy;
    return 1;
}

int BIO_meth_set_callback_ctrl(BIO_METHOD *biom, long (*callback_ctrl)(BIO *, int, BIO_info_cb *))
{
    if (biom == NULL)
        return 0;
    biom->callback_ctrl = callback_ctrl;
    return 1;
}

int (*BIO_meth_get_write(const BIO_METHOD *biom))(BIO *, const char *, int)
{
    return biom != NULL ? biom->bwrite : NULL;
}

int (*BIO_meth_get_read(const BIO_METHOD *biom))(BIO *, char *, int)
{
    return biom != NULL ? biom->bread : NULL;
}

long (*BIO_meth_get_ctrl(const BIO_METHOD *biom))(BIO *, int, long, void *)
{
    return biom != NULL ? biom->ctrl : NULL;
}

int (*BIO_meth_get_create(const BIO_METHOD *biom))(BIO *)
{
    return biom != NULL ? biom->create : NULL;
}

int (*BIO_meth_get_destroy(const BIO_METHOD *biom))(BIO *)
{
    return biom != NULL ? biom->destroy : NULL;
}

long BIO_callback_ctrl(BIO *b, int cmd, BIO_info_cb *fp)
{
    if (b == NULL || b->method->callback_ctrl == NULL) {
        ERR_raise(ERR_LIB_BIO, BIO_R_UNSUPPORTED_METHOD);
        return -2;
    }
    return b->method->callback_ctrl(b, cmd, fp);
}

/* ---- what a method's functions use on their BIO ------------------------------------- */

void BIO_set_data(BIO *a, void *ptr)
{
    if (a != NULL)
        a->ptr = ptr;
}

void *BIO_get_data(BIO *a)
{
    return a != NULL ? a->ptr : NULL;
}

void BIO_set_init(BIO *a, int init)
{
    if (a != NULL)
        a->init = init;
}

int BIO_get_init(BIO *a)
{
    return a != NULL && a->init;
}

void BIO_set_shutdown(BIO *a, int shut)
{
    if (a != NULL)
        a->close_flag = shut;
}

int BIO_get_shutdown(BIO *a)
{
    return a != NULL ? a->close_flag : 0;
}
