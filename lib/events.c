/*
 * kumassl: callbacks and post-handshake queries (placeholder hooks; being written).
 */
#include "ssl_int.h"

void kuma_events_ctx_free(SSL_CTX *ctx)
{
    (void)ctx;
}

void kuma_events_ssl_free(SSL *s)
{
    (void)s;
}

void kuma_events_handshake_start(SSL *s)
{
    (void)s;
}

void kuma_events_handshake_done(SSL *s)
{
    (void)s;
}

void kuma_events_alert(SSL *s, int where, int level, int desc)
{
    (void)s;
    (void)where;
    (void)level;
    (void)desc;
}
