/*
 * kumassl: the SSL filter BIO (BIO_f_ssl), which reads and writes through
 * an SSL on top of the next BIO of a chain, and its constructors
 * (BIO_new_ssl, BIO_new_ssl_connect), as OpenSSL's demos use them.
 */
#include "ssl_int.h"

typedef struct {
    SSL *ssl;
    int owns;                           /* BIO_CLOSE: SSL_free with the BIO */
} ssl_bio_state;

static int sslb_create(BIO *b)
{
    BIO_set_init(b, 1);
    BIO_set_data(b, OPENSSL_zalloc(sizeof(ssl_bio_state)));
    return BIO_get_data(b) != NULL;
}

static void sslb_drop(ssl_bio_state *st)
{
    if (st->ssl != NULL && st->owns)
        SSL_free(st->ssl);
    st->ssl = NULL;
}

static int sslb_destroy(BIO *b)
{
    ssl_bio_state *st = BIO_get_data(b);

    if (st != NULL)
        sslb_drop(st);
    OPENSSL_free(st);
    BIO_set_data(b, NULL);
    return 1;
}

/* OpenSSL's retry flags for the last SSL call's outcome. */
static int sslb_result(BIO *b, SSL *ssl, int r)
{
    BIO_clear_retry_flags(b);
    if (r > 0)
        return r;
    switch (SSL_get_error(ssl, r)) {
    case SSL_ERROR_WANT_READ:
        BIO_set_flags(b, BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY);
        break;
    case SSL_ERROR_WANT_WRITE:
        BIO_set_flags(b, BIO_FLAGS_WRITE | BIO_FLAGS_SHOULD_RETRY);
        break;
    case SSL_ERROR_ZERO_RETURN:
        return 0;
    default:
        break;
    }
    return r;
}

static int sslb_write(BIO *b, const char *in, int n)
{
    ssl_bio_state *st = BIO_get_data(b);

    if (st->ssl == NULL)
        return -1;
    return sslb_result(b, st->ssl, SSL_write(st->ssl, in, n));
}

static int sslb_read(BIO *b, char *out, int n)
{
    ssl_bio_state *st = BIO_get_data(b);

    if (st->ssl == NULL)
        return -1;
    return sslb_result(b, st->ssl, SSL_read(st->ssl, out, n));
}

/* The SSL reads and writes the next BIO of the chain: it gets a reference to it. */
static void sslb_attach_next(BIO *b, ssl_bio_state *st)
{
    BIO *next = BIO_next(b);

    if (st->ssl == NULL || next == NULL || SSL_get_rbio(st->ssl) == next)
        return;
    BIO_up_ref(next);
    SSL_set_bio(st->ssl, next, next);
}

static long sslb_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    ssl_bio_state *st = BIO_get_data(b);
    BIO *next = BIO_next(b);

    switch (cmd) {
    case BIO_C_SET_SSL:
        sslb_drop(st);
        st->ssl = parg;
        st->owns = (int)larg == BIO_CLOSE;
        sslb_attach_next(b, st);
        return 1;
    case BIO_C_GET_SSL:
        if (parg != NULL)
            *(SSL **)parg = st->ssl;
        return st->ssl != NULL;
    case BIO_C_SSL_MODE:
        if (st->ssl == NULL)
            return 0;
        larg ? SSL_set_connect_state(st->ssl) : SSL_set_accept_state(st->ssl);
        return 1;
    case BIO_CTRL_PUSH:
        sslb_attach_next(b, st);
        return 1;
    case BIO_CTRL_POP:
        if (st->ssl != NULL && next != NULL && SSL_get_rbio(st->ssl) == next)
            SSL_set_bio(st->ssl, NULL, NULL);   /* drops the reference sslb_attach_next took */
        return 1;
    case BIO_C_DO_STATE_MACHINE:
        if (st->ssl == NULL)
            return 0;
        /* the connect BIO below connects first, as OpenSSL's does */
        if (next != NULL && BIO_ctrl(next, BIO_C_DO_STATE_MACHINE, 0, NULL) <= 0 && ERR_peek_error() != 0)
            return -1;
        return sslb_result(b, st->ssl, SSL_do_handshake(st->ssl));
    case BIO_CTRL_PENDING:
        return st->ssl != NULL ? SSL_pending(st->ssl) : 0;
    default:
        return next != NULL ? BIO_ctrl(next, cmd, larg, parg) : 0;
    }
}

static const BIO_METHOD ssl_method = {
    BIO_TYPE_SSL, "ssl", sslb_write, sslb_read, sslb_ctrl, sslb_create, sslb_destroy,
    NULL, NULL, NULL, NULL      /* no puts, gets, callback_ctrl; a static name */
};

const BIO_METHOD *BIO_f_ssl(void)
{
    return &ssl_method;
}

BIO *BIO_new_ssl(SSL_CTX *ctx, int client)
{
    BIO *b;
    SSL *ssl;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx) || (b = BIO_new(&ssl_method)) == NULL)
        return NULL;
    if ((ssl = SSL_new(ctx)) == NULL) {
        BIO_free(b);
        return NULL;
    }
    client ? SSL_set_connect_state(ssl) : SSL_set_accept_state(ssl);
    BIO_set_ssl(b, ssl, BIO_CLOSE);
    return b;
}

BIO *BIO_new_ssl_connect(SSL_CTX *ctx)
{
    BIO *ssl = BIO_new_ssl(ctx, 1), *conn = ssl != NULL ? BIO_new(BIO_s_connect()) : NULL;

    if (conn == NULL) {
        BIO_free(ssl);
        return NULL;
    }
    return BIO_push(ssl, conn);
}

/* Finds the SSL BIO in b's chain and shuts its connection down (SSL_shutdown). */
void BIO_ssl_shutdown(BIO *b)
{
    for (; b != NULL; b = BIO_next(b)) {
        SSL *ssl = NULL;

        if (b->method == &ssl_method && BIO_get_ssl(b, &ssl) && ssl != NULL) {
            SSL_shutdown(ssl);
            return;
        }
    }
}
