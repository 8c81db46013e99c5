/*
 * kumassl: credentials (certificate, chain, private key) of an SSL_CTX,
 * and the shared kuma_creds helpers SSL objects use too.
 */
#include <string.h>
#include <openssl/x509v3.h>
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
        KUMA_RAISE_AT("ssl_build_cert_chain", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
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

/*
 * Installs cert as the leaf (a reference is taken) if it meets the security
 * level; a key that does not fit it is dropped.
 */
static int creds_set_cert(kuma_creds *creds, X509 *cert, int level)
{
    if (!kuma_ssl_cert_secure(level, cert, 1))
        return 0;
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
static int creds_load_certs(kuma_creds *creds, const char *file, int type, int chain, int level)
{
    STACK_OF(X509) *sk;
    int ok, i;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, file) || !filetype_ok(type))
        return 0;
    sk = kuma_x509_load_file(file, type);
    if (sk == NULL)
        return 0;
    ok = creds_set_cert(creds, sk_X509_value(sk, 0), level);
    for (i = 1; ok && chain && i < sk_X509_num(sk); i++)
        ok = kuma_ssl_cert_secure(level, sk_X509_value(sk, i), 0);
    if (ok && chain) {
        X509_free(sk_X509_shift(sk));
        sk_X509_pop_free(creds->chain, X509_free);
        creds->chain = sk;
        return kuma_creds_build_chain(creds);
    }
    sk_X509_pop_free(sk, X509_free);
    return ok;
}

/* Loads a key file, decrypting an encrypted PEM key with the password from cb / u. */
static int creds_load_key(kuma_creds *creds, const char *file, int type,
                          pem_password_cb *cb, void *u)
{
    EVP_PKEY *key;
    int ok;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, file) || !filetype_ok(type))
        return 0;
    key = kuma_pkey_load_file_pw(file, type, cb, u);
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
    return creds_load_certs(&ctx->creds, file, type, 0, ctx->cfg.security_level);
}

int SSL_CTX_use_certificate_chain_file(SSL_CTX *ctx, const char *file)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    return creds_load_certs(&ctx->creds, file, SSL_FILETYPE_PEM, 1, ctx->cfg.security_level);
}

int SSL_CTX_use_PrivateKey_file(SSL_CTX *ctx, const char *file, int type)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    return creds_load_key(&ctx->creds, file, type, ctx->passwd_cb, ctx->passwd_userdata);
}

int SSL_CTX_use_certificate(SSL_CTX *ctx, X509 *x)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx) || KUMA_NULL_ARG(ERR_LIB_SSL, x))
        return 0;
    return creds_set_cert(&ctx->creds, x, ctx->cfg.security_level);
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

/* ---- the chain, one certificate at a time ------------------------------------- */

/*
 * SSL_CTX_add0_chain_cert / add1_chain_cert (SSL_CTRL_CHAIN_CERT, larg 1
 * for add1): appends to the chain sent after the leaf. OpenSSL keeps these
 * apart from the "extra" chain certificates; BearSSL sends one list, so both
 * go to creds->chain, in the order added.
 */
static long creds_add_chain_cert(kuma_creds *creds, X509 *x, int take_ref, int level)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, x) || !kuma_ssl_cert_secure(level, x, 0))
        return 0;
    if (creds->chain == NULL && (creds->chain = sk_X509_new_null()) == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    if (!sk_X509_push(creds->chain, x)) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    if (take_ref)
        X509_up_ref(x);
    return kuma_creds_build_chain(creds);
}

/*
 * SSL_CTX_set0_chain / set1_chain (SSL_CTRL_CHAIN, larg 1 for set1):
 * replaces the whole chain; set0 takes the stack over, set1 copies it with
 * a reference on each certificate; NULL empties the chain.
 */
static long creds_set_chain(kuma_creds *creds, STACK_OF(X509) *chain, int copy)
{
    STACK_OF(X509) *mine = chain;

    if (chain != NULL && copy && (mine = X509_chain_up_ref(chain)) == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    sk_X509_pop_free(creds->chain, X509_free);
    creds->chain = mine;
    return kuma_creds_build_chain(creds);
}

long kuma_creds_ctx_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg)
{
    switch (cmd) {
    case SSL_CTRL_CHAIN_CERT:
        return creds_add_chain_cert(&ctx->creds, parg, larg != 0, ctx->cfg.security_level);
    case SSL_CTRL_CHAIN:
        return creds_set_chain(&ctx->creds, parg, larg != 0);
    case SSL_CTRL_GET_CHAIN_CERTS:
        if (KUMA_NULL_ARG(ERR_LIB_SSL, parg))
            return 0;
        *(STACK_OF(X509) **)parg = ctx->creds.chain;
        return 1;
    default:
        return -1;
    }
}

/* ---- the trust store ------------------------------------------------------------ */

/* Connections that already started keep the anchors they were given: see ssl.h. */
void SSL_CTX_set_cert_store(SSL_CTX *ctx, X509_STORE *store)
{
    if (ctx == NULL)
        return;
    if (store == NULL && (store = X509_STORE_new()) == NULL)
        return;                 /* the engine needs a store: keep the old one */
    if (store != ctx->store)
        X509_STORE_free(ctx->store);
    ctx->store = store;
}

void SSL_CTX_set1_cert_store(SSL_CTX *ctx, X509_STORE *store)
{
    if (ctx != NULL && store != NULL && X509_STORE_up_ref(store))
        SSL_CTX_set_cert_store(ctx, store);
}

/* ---- per-connection credentials ---------------------------------------------- */

/*
 * The credentials a connection's own settings change. An OpenSSL SSL starts
 * with a copy of its SSL_CTX's certificate and key; kumassl copies them (by
 * reference) at the first change instead, so that SSL_use_PrivateKey()
 * alone still pairs with the context's certificate.
 */
static kuma_creds *ssl_creds(SSL *s)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return NULL;
    if (s->creds.cert == NULL && s->creds.key == NULL && s->creds.chain == NULL
        && !kuma_creds_snapshot(&s->creds, &s->ctx->creds)) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    return &s->creds;
}

/* The credentials in force for s: its own once it has a certificate, else its context's. */
static const kuma_creds *ssl_creds_in_force(const SSL *s)
{
    return s->creds.cert != NULL ? &s->creds : &s->ctx->creds;
}

int SSL_use_certificate(SSL *ssl, X509 *x)
{
    kuma_creds *creds = ssl_creds(ssl);

    if (creds == NULL || KUMA_NULL_ARG(ERR_LIB_SSL, x))
        return 0;
    return creds_set_cert(creds, x, ssl->cfg.security_level);
}

int SSL_use_PrivateKey(SSL *ssl, EVP_PKEY *pkey)
{
    kuma_creds *creds = ssl_creds(ssl);

    if (creds == NULL || KUMA_NULL_ARG(ERR_LIB_SSL, pkey))
        return 0;
    return creds_set_key(creds, pkey);
}

int SSL_use_certificate_file(SSL *ssl, const char *file, int type)
{
    kuma_creds *creds = ssl_creds(ssl);

    return creds != NULL && creds_load_certs(creds, file, type, 0, ssl->cfg.security_level);
}

int SSL_use_certificate_chain_file(SSL *ssl, const char *file)
{
    kuma_creds *creds = ssl_creds(ssl);

    return creds != NULL && creds_load_certs(creds, file, SSL_FILETYPE_PEM, 1, ssl->cfg.security_level);
}

int SSL_use_PrivateKey_file(SSL *ssl, const char *file, int type)
{
    kuma_creds *creds = ssl_creds(ssl);

    return creds != NULL
           && creds_load_key(creds, file, type, SSL_get_default_passwd_cb(ssl),
                             SSL_get_default_passwd_cb_userdata(ssl));
}

int SSL_check_private_key(const SSL *ssl)
{
    const kuma_creds *creds;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, ssl))
        return 0;
    creds = ssl_creds_in_force(ssl);
    /* a key set on the connection before its certificate is the one to check */
    if (ssl->creds.cert == NULL && ssl->creds.key != NULL)
        creds = &ssl->creds;
    if (creds->cert == NULL || creds->key == NULL) {
        ERR_raise(ERR_LIB_SSL, creds->cert == NULL ? SSL_R_NO_CERTIFICATE_ASSIGNED
                                                   : SSL_R_NO_PRIVATE_KEY_ASSIGNED);
        return 0;
    }
    return kuma_pkey_matches(creds->key, creds->cert);
}

X509 *SSL_get_certificate(const SSL *s)
{
    return s != NULL ? ssl_creds_in_force(s)->cert : NULL;
}

EVP_PKEY *SSL_get_privatekey(const SSL *s)
{
    return s != NULL ? ssl_creds_in_force(s)->key : NULL;
}

/* ---- private key passwords -------------------------------------------------------- */

/*
 * An SSL without its own setting uses its SSL_CTX's current one (OpenSSL
 * copies the SSL_CTX's at SSL_new(); the difference shows only when the
 * SSL_CTX's setting changes after SSL_new()).
 */

void SSL_CTX_set_default_passwd_cb(SSL_CTX *ctx, pem_password_cb *cb)
{
    if (!KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        ctx->passwd_cb = cb;
}

void SSL_CTX_set_default_passwd_cb_userdata(SSL_CTX *ctx, void *u)
{
    if (!KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        ctx->passwd_userdata = u;
}

pem_password_cb *SSL_CTX_get_default_passwd_cb(SSL_CTX *ctx)
{
    return ctx != NULL ? ctx->passwd_cb : NULL;
}

void *SSL_CTX_get_default_passwd_cb_userdata(SSL_CTX *ctx)
{
    return ctx != NULL ? ctx->passwd_userdata : NULL;
}

void SSL_set_default_passwd_cb(SSL *s, pem_password_cb *cb)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return;
    s->passwd_cb = cb;
    s->passwd_cb_set = 1;
}

void SSL_set_default_passwd_cb_userdata(SSL *s, void *u)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return;
    s->passwd_userdata = u;
    s->passwd_userdata_set = 1;
}

pem_password_cb *SSL_get_default_passwd_cb(SSL *s)
{
    if (s == NULL)
        return NULL;
    return s->passwd_cb_set ? s->passwd_cb : SSL_CTX_get_default_passwd_cb(s->ctx);
}

void *SSL_get_default_passwd_cb_userdata(SSL *s)
{
    if (s == NULL)
        return NULL;
    return s->passwd_userdata_set ? s->passwd_userdata
                                  : SSL_CTX_get_default_passwd_cb_userdata(s->ctx);
}
