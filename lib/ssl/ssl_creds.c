/*
 * kumassl: credentials from memory.
 *
 * The "no file system" functions of wolfSSL's OpenSSL layer, with wolfSSL's
 * names and signatures (a buffer, its size, and SSL_FILETYPE_PEM or
 * SSL_FILETYPE_ASN1), and OpenSSL's own *_ASN1 functions. Like the file
 * functions they return 1 (SSL_SUCCESS), or 0 with an error queued that
 * names the problem: the buffer is parsed by the same code as a file's.
 */
#include <string.h>
#include "ssl_int.h"

/* Checks the arguments every buffer function shares; 0 with an error queued. */
static int buffer_args_ok(const unsigned char *in, long sz, int format)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, in))
        return 0;
    if (sz < 0) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_LENGTH, "negative buffer size %ld", sz);
        return 0;
    }
    if (format != SSL_FILETYPE_PEM && format != SSL_FILETYPE_ASN1) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_SSL_FILETYPE,
                       "format %d (use SSL_FILETYPE_PEM or SSL_FILETYPE_ASN1)", format);
        return 0;
    }
    return 1;
}

/* Every certificate of the buffer, leaf first; NULL with an error queued. */
static STACK_OF(X509) *buffer_certs(const unsigned char *in, long sz, int format)
{
    if (!buffer_args_ok(in, sz, format))
        return NULL;
    return kuma_x509_load_mem(in, (size_t)sz, format);
}

/* The first certificate of the buffer (as wolfSSL, the others are ignored). */
static X509 *buffer_first_cert(const unsigned char *in, long sz, int format)
{
    STACK_OF(X509) *sk = buffer_certs(in, sz, format);
    X509 *x;

    if (sk == NULL)
        return NULL;
    x = sk_X509_shift(sk);
    sk_X509_pop_free(sk, X509_free);
    return x;
}

/* The first key of the buffer; an encrypted PEM key is decrypted with the password from cb / u. */
static EVP_PKEY *buffer_key(const unsigned char *in, long sz, int format, pem_password_cb *cb,
                            void *u)
{
    if (!buffer_args_ok(in, sz, format))
        return NULL;
    return kuma_pkey_load_mem_pw(in, (size_t)sz, format, cb, u);
}

/*
 * Installs what a loader returned (NULL: it failed with an error queued) and
 * drops the loader's reference: the SSL_CTX or SSL holds its own.
 */
static int ctx_take_cert(SSL_CTX *ctx, X509 *x)
{
    int ok = x != NULL && SSL_CTX_use_certificate(ctx, x);

    X509_free(x);
    return ok;
}

static int ctx_take_key(SSL_CTX *ctx, EVP_PKEY *k)
{
    int ok = k != NULL && SSL_CTX_use_PrivateKey(ctx, k);

    EVP_PKEY_free(k);
    return ok;
}

static int ssl_take_cert(SSL *ssl, X509 *x)
{
    int ok = x != NULL && SSL_use_certificate(ssl, x);

    X509_free(x);
    return ok;
}

static int ssl_take_key(SSL *ssl, EVP_PKEY *k)
{
    int ok = k != NULL && SSL_use_PrivateKey(ssl, k);

    EVP_PKEY_free(k);
    return ok;
}

/* ---- SSL_CTX ---------------------------------------------------------------------- */

int SSL_CTX_load_verify_buffer(SSL_CTX *ctx, const unsigned char *in, long sz, int format)
{
    STACK_OF(X509) *sk;
    int i, ok = 1;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx) || (sk = buffer_certs(in, sz, format)) == NULL)
        return 0;
    for (i = 0; ok && i < sk_X509_num(sk); i++)
        ok = X509_STORE_add_cert(ctx->store, sk_X509_value(sk, i));
    sk_X509_pop_free(sk, X509_free);
    return ok;
}

int SSL_CTX_use_certificate_buffer(SSL_CTX *ctx, const unsigned char *in, long sz, int format)
{
    return !KUMA_NULL_ARG(ERR_LIB_SSL, ctx) && ctx_take_cert(ctx, buffer_first_cert(in, sz, format));
}

/* The leaf, then the intermediates that replace the chain (PEM only, as wolfSSL). */
int SSL_CTX_use_certificate_chain_buffer(SSL_CTX *ctx, const unsigned char *in, long sz)
{
    STACK_OF(X509) *sk;
    int i, ok;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx) || (sk = buffer_certs(in, sz, SSL_FILETYPE_PEM)) == NULL)
        return 0;
    ok = ctx_take_cert(ctx, sk_X509_shift(sk));
    for (i = 0; ok && i < sk_X509_num(sk); i++)     /* at the security level, as chain files */
        ok = kuma_ssl_cert_secure(ctx->cfg.security_level, sk_X509_value(sk, i), 0);
    if (!ok) {
        sk_X509_pop_free(sk, X509_free);
        return 0;
    }
    sk_X509_pop_free(ctx->creds.chain, X509_free);
    ctx->creds.chain = sk;
    return kuma_creds_build_chain(&ctx->creds);
}

int SSL_CTX_use_PrivateKey_buffer(SSL_CTX *ctx, const unsigned char *in, long sz, int format)
{
    return !KUMA_NULL_ARG(ERR_LIB_SSL, ctx)
           && ctx_take_key(ctx, buffer_key(in, sz, format, ctx->passwd_cb, ctx->passwd_userdata));
}

/* ---- SSL ------------------------------------------------------------------------- */

int SSL_use_certificate_buffer(SSL *ssl, const unsigned char *in, long sz, int format)
{
    return !KUMA_NULL_ARG(ERR_LIB_SSL, ssl) && ssl_take_cert(ssl, buffer_first_cert(in, sz, format));
}

int SSL_use_PrivateKey_buffer(SSL *ssl, const unsigned char *in, long sz, int format)
{
    return !KUMA_NULL_ARG(ERR_LIB_SSL, ssl)
           && ssl_take_key(ssl, buffer_key(in, sz, format, SSL_get_default_passwd_cb(ssl),
                                           SSL_get_default_passwd_cb_userdata(ssl)));
}

/* ---- OpenSSL's DER functions --------------------------------------------------------- */

int SSL_CTX_use_certificate_ASN1(SSL_CTX *ctx, int len, const unsigned char *d)
{
    return SSL_CTX_use_certificate_buffer(ctx, d, len, SSL_FILETYPE_ASN1);
}

int SSL_use_certificate_ASN1(SSL *ssl, const unsigned char *d, int len)
{
    return SSL_use_certificate_buffer(ssl, d, len, SSL_FILETYPE_ASN1);
}

/* The key of a DER buffer, which must be of type pk (EVP_PKEY_RSA, _EC). */
static EVP_PKEY *der_key_of_type(int pk, const unsigned char *d, long len)
{
    EVP_PKEY *k = buffer_key(d, len, SSL_FILETYPE_ASN1, NULL, NULL);

    if (k != NULL && EVP_PKEY_id(k) != pk) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_DIFFERENT_KEY_TYPES,
                       "expected key type %d, found %d", pk, EVP_PKEY_id(k));
        EVP_PKEY_free(k);
        return NULL;
    }
    return k;
}

int SSL_CTX_use_PrivateKey_ASN1(int pk, SSL_CTX *ctx, const unsigned char *d, long len)
{
    return !KUMA_NULL_ARG(ERR_LIB_SSL, ctx) && ctx_take_key(ctx, der_key_of_type(pk, d, len));
}

int SSL_use_PrivateKey_ASN1(int pk, SSL *ssl, const unsigned char *d, long len)
{
    return !KUMA_NULL_ARG(ERR_LIB_SSL, ssl) && ssl_take_key(ssl, der_key_of_type(pk, d, len));
}
