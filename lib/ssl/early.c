/*
 * kumassl: the PSK and early-data (0-RTT) settings of SSL_CTX and SSL.
 *
 * BearSSL 0.6 has no PSK cipher suites: external PSKs and early data are
 * TLS 1.3 features, served by kumassl's own TLS 1.3 engine (psk_map.c
 * maps these settings for it; lib/ssl/tls13/client_psk.c, server_psk.c).
 * The setters store what they are given; a client with a PSK callback
 * offers it in TLS 1.3 and still connects over certificates, as under
 * OpenSSL; a server relying on PSK alone with TLS 1.3 disabled fails with
 * an error naming it (DESIGN.md: never pretend to succeed). The
 * early-data calls themselves are in early_io.c.
 */
#include <string.h>
#include "events_int.h"

#define PSK_UNSUPPORTED \
    "PSK needs TLS 1.3 in kumassl: BearSSL has no TLS 1.2 PSK suites"

/* OpenSSL's default for the early data a server accepts (SSL3_RT_MAX_PLAIN_LENGTH). */
#define DEFAULT_RECV_MAX_EARLY_DATA 16384

void kuma_early_init(kuma_early *e)
{
    memset(e, 0, sizeof(*e));
    e->recv_max_early_data = DEFAULT_RECV_MAX_EARLY_DATA;
}

int kuma_early_copy(kuma_early *dst, const kuma_early *src)
{
    *dst = *src;
    if (src->hint != NULL && (dst->hint = strdup(src->hint)) == NULL)
        return 0;
    return 1;
}

void kuma_early_clear(kuma_early *e)
{
    free(e->hint);
    e->hint = NULL;
}

const kuma_early *kuma_early_settings(const SSL *s)
{
    static const kuma_early defaults = { .recv_max_early_data = DEFAULT_RECV_MAX_EARLY_DATA };

    if (s->events != NULL)
        return &s->events->early;
    return s->ctx->events != NULL ? &s->ctx->events->early : &defaults;
}

static kuma_early *ctx_early(SSL_CTX *ctx)
{
    kuma_events_ctx *ev = kuma_events_ctx_of(ctx);

    return ev != NULL ? &ev->early : NULL;
}

static kuma_early *ssl_early(SSL *s)
{
    kuma_events_ssl *ev = kuma_events_ssl_of(s);

    return ev != NULL ? &ev->early : NULL;
}

static int has_certificate(const SSL *s)
{
    return s->creds.cert != NULL || s->ctx->creds.cert != NULL;
}

/*
 * Called as BearSSL's engine (TLS 1.2 and older) starts. A client with a
 * PSK callback goes on: as under OpenSSL, a server that picks a
 * certificate suite gets a certificate handshake (OpenSSL calls the
 * callback only to build a TLS 1.3 ClientHello or when a TLS 1.2 server
 * picks a PSK suite, neither of which this engine can do). A server that
 * has only its PSK callback, no certificate, relies on PSK alone, which
 * this engine cannot serve (kumassl's TLS 1.3 engine can).
 */
int kuma_events_check_unsupported(SSL *s)
{
    const kuma_early *e = kuma_early_settings(s);

    if (s->role != KUMA_ROLE_SERVER || has_certificate(s)
        || (e->psk_server == NULL && e->psk_find_session == NULL))
        return 1;
    ERR_raise_data(ERR_LIB_SSL, ERR_R_UNSUPPORTED, PSK_UNSUPPORTED);
    return 0;
}

/*
 * A client handshake failed after a PSK callback was set that no engine
 * could offer: says so after the engine's own reason, since a PSK-only
 * server refuses such a client for that reason.
 */
void kuma_early_note_failure(SSL *s)
{
    const kuma_early *e = kuma_early_settings(s);

    if (s->role != KUMA_ROLE_CLIENT || (e->psk_client == NULL && e->psk_use_session == NULL)
        || (s->events != NULL && s->events->psk_offered))
        return;
    ERR_raise_data(ERR_LIB_SSL, ERR_R_UNSUPPORTED, "the PSK was not offered: " PSK_UNSUPPORTED);
}

/* ---- PSK callbacks ------------------------------------------------------------- */

/*
 * One pair of setters per setting: the SSL_CTX's and the SSL's. When the
 * state cannot be allocated the setting is left alone with
 * ERR_R_MALLOC_FAILURE queued: OpenSSL's callback setters return nothing.
 */
#define SETTERS(field, type, ctx_setter, ssl_setter) \
    void ctx_setter(SSL_CTX *ctx, type value) \
    { \
        kuma_early *e = ctx_early(ctx); \
        if (e != NULL) \
            e->field = value; \
    } \
    void ssl_setter(SSL *s, type value) \
    { \
        kuma_early *e = ssl_early(s); \
        if (e != NULL) \
            e->field = value; \
    }

SETTERS(psk_client, SSL_psk_client_cb_func,
        SSL_CTX_set_psk_client_callback, SSL_set_psk_client_callback)
SETTERS(psk_server, SSL_psk_server_cb_func,
        SSL_CTX_set_psk_server_callback, SSL_set_psk_server_callback)
SETTERS(psk_use_session, SSL_psk_use_session_cb_func,
        SSL_CTX_set_psk_use_session_callback, SSL_set_psk_use_session_callback)
SETTERS(psk_find_session, SSL_psk_find_session_cb_func,
        SSL_CTX_set_psk_find_session_callback, SSL_set_psk_find_session_callback)

/* ---- identity hint --------------------------------------------------------------- */

static int set_hint(kuma_early *e, const char *hint)
{
    char *copy = NULL;

    if (e == NULL)
        return 0;
    if (hint != NULL && strlen(hint) > PSK_MAX_IDENTITY_LEN) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_LENGTH, "PSK identity hint longer than %d bytes",
                       PSK_MAX_IDENTITY_LEN);
        return 0;
    }
    if (hint != NULL && (copy = strdup(hint)) == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    free(e->hint);
    e->hint = copy;
    return 1;
}

int SSL_CTX_use_psk_identity_hint(SSL_CTX *ctx, const char *identity_hint)
{
    return set_hint(ctx_early(ctx), identity_hint);
}

int SSL_use_psk_identity_hint(SSL *s, const char *identity_hint)
{
    return set_hint(ssl_early(s), identity_hint);
}

/* TLS 1.3 has no hint, and kumassl has no TLS 1.2 PSK suites: nothing is ever received. */
const char *SSL_get_psk_identity_hint(const SSL *s)
{
    (void)s;
    return NULL;
}

/* Server: the identity of the PSK the handshake uses (kuma_psk_server_accepted), or NULL. */
const char *SSL_get_psk_identity(const SSL *s)
{
    return s != NULL && s->events != NULL ? s->events->psk_identity : NULL;
}

/* ---- early data limits and callback ------------------------------------------------ */

/* The limits' setters: 1 once stored, 0 when the state cannot be allocated. */
#define LIMIT_SETTERS(field, ctx_setter, ssl_setter) \
    int ctx_setter(SSL_CTX *ctx, uint32_t value) \
    { \
        kuma_early *e = ctx_early(ctx); \
        return e != NULL && (e->field = value, 1); \
    } \
    int ssl_setter(SSL *s, uint32_t value) \
    { \
        kuma_early *e = ssl_early(s); \
        return e != NULL && (e->field = value, 1); \
    }

LIMIT_SETTERS(max_early_data, SSL_CTX_set_max_early_data, SSL_set_max_early_data)
LIMIT_SETTERS(recv_max_early_data, SSL_CTX_set_recv_max_early_data, SSL_set_recv_max_early_data)

uint32_t SSL_CTX_get_max_early_data(const SSL_CTX *ctx)
{
    return ctx->events != NULL ? ctx->events->early.max_early_data : 0;
}

uint32_t SSL_get_max_early_data(const SSL *s)
{
    return kuma_early_settings(s)->max_early_data;
}

uint32_t SSL_CTX_get_recv_max_early_data(const SSL_CTX *ctx)
{
    return ctx->events != NULL ? ctx->events->early.recv_max_early_data
                               : DEFAULT_RECV_MAX_EARLY_DATA;
}

uint32_t SSL_get_recv_max_early_data(const SSL *s)
{
    return kuma_early_settings(s)->recv_max_early_data;
}

static void set_allow_cb(kuma_early *e, SSL_allow_early_data_cb_fn cb, void *arg)
{
    if (e != NULL) {
        e->allow_early_data = cb;
        e->allow_early_data_arg = arg;
    }
}

void SSL_CTX_set_allow_early_data_cb(SSL_CTX *ctx, SSL_allow_early_data_cb_fn cb, void *arg)
{
    set_allow_cb(ctx_early(ctx), cb, arg);
}

void SSL_set_allow_early_data_cb(SSL *s, SSL_allow_early_data_cb_fn cb, void *arg)
{
    set_allow_cb(ssl_early(s), cb, arg);
}
