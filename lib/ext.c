/*
 * kumassl: TLS extensions (placeholder hooks; being written).
 */
#include "ssl_int.h"

long kuma_ext_ctx_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg)
{
    (void)ctx;
    (void)cmd;
    (void)larg;
    (void)parg;
    return -1;
}

long kuma_ext_ssl_ctrl(SSL *s, int cmd, long larg, void *parg)
{
    (void)s;
    (void)cmd;
    (void)larg;
    (void)parg;
    return -1;
}

long kuma_ext_ctx_callback_ctrl(SSL_CTX *ctx, int cmd, void (*fp)(void))
{
    (void)ctx;
    (void)cmd;
    (void)fp;
    return -1;
}

void kuma_ext_ctx_free(SSL_CTX *ctx)
{
    (void)ctx;
}

void kuma_ext_ssl_free(SSL *s)
{
    (void)s;
}

int kuma_ext_client_setup(SSL *s, br_ssl_engine_context *eng)
{
    (void)s;
    (void)eng;
    return 1;
}

void kuma_ext_server_hello(SSL *s, const unsigned char *data, size_t len)
{
    (void)data;
    (void)len;
    s->hello_seen = 1;
}
