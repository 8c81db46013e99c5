/*
 * kumassl: credentials (certificate, chain, private key) of an SSL_CTX,
 * and the shared kuma_creds helpers SSL objects use too.
 */
#include <string.h>
#include "ssl_int.h"

void kuma_creds_clear(kuma_creds *creds)
{
    X509_free(creds->cert);
    sk_X509_pop_free(creds->chain, X509_free);
    EVP_PKEY_free(creds->key);
    free(creds->br_chain);
    memset(creds, 0, sizeof(*creds));
}

int kuma_creds_build_chain(kuma_creds *creds)
{
    int n = creds->chain != NULL ? sk_X509_num(creds->chain) : 0;
    br_x509_certificate *bc;
    int i;

    free(creds->br_chain);
    creds->br_chain = NULL;
    creds->br_chain_len = 0;
    if (creds->cert == NULL)
        return 1;
    bc = calloc((size_t)n + 1, sizeof(*bc));
    if (bc == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    bc[0].data = creds->cert->der;
    bc[0].data_len = creds->cert->der_len;
    for (i = 0; i < n; i++) {
        X509 *x = sk_X509_value(creds->chain, i);
        bc[i + 1].data = x->der;
        bc[i + 1].data_len = x->der_len;
    }
    creds->br_chain = bc;
    creds->br_chain_len = (size_t)n + 1;
    return 1;
}

int kuma_creds_snapshot(kuma_creds *dst, const kuma_creds *src)
{
    int i, n = src->chain != NULL ? sk_X509_num(src->chain) : 0;

    kuma_creds_clear(dst);
    if (src->cert != NULL && X509_up_ref(src->cert))
        dst->cert = src->cert;
    if (src->key != NULL && EVP_PKEY_up_ref(src->key))
        dst->key = src->key;
    if (n > 0 && (dst->chain = sk_X509_new_null()) == NULL)
        return 0;
    for (i = 0; i < n; i++) {
        X509 *x = sk_X509_value(src->chain, i);
        if (!sk_X509_push(dst->chain, x))
            return 0;
        X509_up_ref(x);
    }
    return kuma_creds_build_chain(dst);
}

/* Installs cert as the leaf (a reference is taken); a key that does not fit it is dropped. */
static int creds_set_cert(kuma_creds *creds, X509 *cert)
{
    X509_up_ref(cert);
    X509_free(creds->cert);
    creds->cert = cert;
    if (creds->key != NULL) {
        ERR_set_mark();
        if (!kuma_pkey_matches(creds->key, cert)) {
            EVP_PKEY_free(creds->key);
            creds->key = NULL;
        }
        ERR_pop_to_mark();
    }
    return kuma_creds_build_chain(creds);
}

/* Installs key (a reference is taken) if it fits the certificate already set. */
static int creds_set_key(kuma_creds *creds, EVP_PKEY *key)
{
    if (key->type != EVP_PKEY_RSA && key->type != EVP_PKEY_EC) {
        ERR_raise(ERR_LIB_SSL, SSL_R_UNKNOWN_PKEY_TYPE);
        return 0;
    }
    if (creds->cert != NULL && !kuma_pkey_matches(key, creds->cert))
        return 0;
    EVP_PKEY_up_ref(key);
    EVP_PKEY_free(creds->key);
    creds->key = key;
    return 1;
}

static int filetype_ok(int type)
{
    if (type == SSL_FILETYPE_PEM || type == SSL_FILETYPE_ASN1)
        return 1;
    ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_SSL_FILETYPE, "file type %d", type);
    return 0;
}

/* Loads the certificates of a file; with chain, the rest become the chain. */
static int creds_load_certs(kuma_creds *creds, const char *file, int type, int chain)
{
    STACK_OF(X509) *sk;
    int ok;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, file) || !filetype_ok(type))
        return 0;
    sk = kuma_x509_load_file(file, type);
    if (sk == NULL)
        return 0;
    ok = creds_set_cert(creds, sk_X509_value(sk, 0));
    if (ok && chain) {
        X509_free(sk_X509_shift(sk));
        sk_X509_pop_free(creds->chain, X509_free);
        creds->chain = sk;
        return kuma_creds_build_chain(creds);
    }
    sk_X509_pop_free(sk, X509_free);
    return ok;
}

static int creds_load_key(kuma_creds *creds, const char *file, int type)
{
    EVP_PKEY *key;
    int ok;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, file) || !filetype_ok(type))
        return 0;
    key = kuma_pkey_load_file(file, type);
    if (key == NULL)
        return 0;
    ok = creds_set_key(creds, key);
    EVP_PKEY_free(key);
    return ok;
}

int SSL_CTX_use_certificate_file(SSL_CTX *ctx, const char *file, int type)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    return creds_load_certs(&ctx->creds, file, type, 0);
}

int SSL_CTX_use_certificate_chain_file(SSL_CTX *ctx, const char *file)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    return creds_load_certs(&ctx->creds, file, SSL_FILETYPE_PEM, 1);
}

int SSL_CTX_use_PrivateKey_file(SSL_CTX *ctx, const char *file, int type)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    return creds_load_key(&ctx->creds, file, type);
}

int SSL_CTX_use_certificate(SSL_CTX *ctx, X509 *x)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx) || KUMA_NULL_ARG(ERR_LIB_SSL, x))
        return 0;
    return creds_set_cert(&ctx->creds, x);
}

int SSL_CTX_use_PrivateKey(SSL_CTX *ctx, EVP_PKEY *pkey)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx) || KUMA_NULL_ARG(ERR_LIB_SSL, pkey))
        return 0;
    return creds_set_key(&ctx->creds, pkey);
}

int SSL_CTX_check_private_key(const SSL_CTX *ctx)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    if (ctx->creds.cert == NULL) {
        ERR_raise(ERR_LIB_SSL, SSL_R_NO_CERTIFICATE_ASSIGNED);
        return 0;
    }
    if (ctx->creds.key == NULL) {
        ERR_raise(ERR_LIB_SSL, SSL_R_NO_PRIVATE_KEY_ASSIGNED);
        return 0;
    }
    return kuma_pkey_matches(ctx->creds.key, ctx->creds.cert);
}

X509 *SSL_CTX_get0_certificate(const SSL_CTX *ctx)
{
    return ctx != NULL ? ctx->creds.cert : NULL;
}

EVP_PKEY *SSL_CTX_get0_privatekey(const SSL_CTX *ctx)
{
    return ctx != NULL ? ctx->creds.key : NULL;
}
