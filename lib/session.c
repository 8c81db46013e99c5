/*
 * kumassl: sessions and resumption (placeholder hooks; being written).
 */
#include "ssl_int.h"

long kuma_session_ctx_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg)
{
    (void)ctx;
    (void)cmd;
    (void)larg;
    (void)parg;
    return -1;
}

void kuma_session_ctx_free(SSL_CTX *ctx)
{
    (void)ctx;
}

void kuma_session_ssl_free(SSL *s)
{
    (void)s;
}

int kuma_session_client_prepare(SSL *s, br_ssl_engine_context *eng)
{
    (void)s;
    (void)eng;
    return 0;
}

const br_ssl_session_cache_class **kuma_session_server_cache(SSL *s)
{
    (void)s;
    return NULL;
}

void kuma_session_handshake_done(SSL *s, const br_ssl_session_parameters *params)
{
    (void)s;
    (void)params;
}
