/*
 * kumassl: what a program learns about a connection besides its data:
 * the info and key log callbacks, application data slots (ex_data), and
 * the queries that make sense once the handshake is done (peer chain,
 * Finished messages, exported keys, cipher strength). PSK and early
 * data are in early.c.
 */
#include <pthread.h>
#include <string.h>
#include "events_int.h"
#include "early_int.h"

/* ---- lazily allocated state ------------------------------------------------ */

kuma_events_ctx *kuma_events_ctx_of(SSL_CTX *ctx)
{
    if (ctx->events == NULL) {
        ctx->events = calloc(1, sizeof(*ctx->events));
        if (ctx->events == NULL) {
            KUMA_RAISE_AT("SSL_CTX_ctrl", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
            return NULL;
        }
        kuma_early_init(&ctx->events->early);
    }
    return ctx->events;
}

kuma_events_ssl *kuma_events_ssl_of(SSL *s)
{
    kuma_events_ssl *ev;
    kuma_early dflt;

    if (s->events != NULL)
        return s->events;
    ev = calloc(1, sizeof(*ev));
    kuma_early_init(&dflt);
    /* OpenSSL copies these settings at SSL_new; copying them now is equivalent */
    if (ev == NULL || !kuma_early_copy(&ev->early, s->ctx->events != NULL
                                       ? &s->ctx->events->early : &dflt)) {
        free(ev);
        KUMA_RAISE_AT("SSL_ctrl", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
        return NULL;
    }
    s->events = ev;
    return ev;
}

int SSL_get_ex_new_index(long argl, void *argp, CRYPTO_EX_new *new_func,
                         CRYPTO_EX_dup *dup_func, CRYPTO_EX_free *free_func)
{
    return CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL, argl, argp, new_func, dup_func, free_func);
}

int SSL_CTX_get_ex_new_index(long argl, void *argp, CRYPTO_EX_new *new_func,
                             CRYPTO_EX_dup *dup_func, CRYPTO_EX_free *free_func)
{
    return CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL_CTX, argl, argp, new_func, dup_func, free_func);
}

int SSL_set_ex_data(SSL *s, int idx, void *data)
{
    kuma_events_ssl *ev;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, s) || (ev = kuma_events_ssl_of(s)) == NULL)
        return 0;
    return kuma_ex_set(&ev->ex, idx, data);
}

void *SSL_get_ex_data(const SSL *s, int idx)
{
    return s != NULL && s->events != NULL ? kuma_ex_get(&s->events->ex, idx) : NULL;
}

int SSL_CTX_set_ex_data(SSL_CTX *ctx, int idx, void *data)
{
    kuma_events_ctx *ev;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx) || (ev = kuma_events_ctx_of(ctx)) == NULL)
        return 0;
    return kuma_ex_set(&ev->ex, idx, data);
}

void *SSL_CTX_get_ex_data(const SSL_CTX *ctx, int idx)
{
    return ctx != NULL && ctx->events != NULL ? kuma_ex_get(&ctx->events->ex, idx) : NULL;
}

/* ---- object lifecycle ------------------------------------------------------------ */

/*
 * The hooks below hand the callbacks the object's slots, or an empty set
 * when it has none yet: a callback stores through SSL_set_ex_data().
 */
void kuma_events_ssl_new(SSL *s)
{
    CRYPTO_EX_DATA none = { NULL, 0 };

    kuma_ex_run_new(CRYPTO_EX_INDEX_SSL, s, s->events != NULL ? &s->events->ex : &none);
}

void kuma_events_ctx_new(SSL_CTX *ctx)
{
    CRYPTO_EX_DATA none = { NULL, 0 };

    kuma_ex_run_new(CRYPTO_EX_INDEX_SSL_CTX, ctx, ctx->events != NULL ? &ctx->events->ex : &none);
}

void kuma_events_ctx_free(SSL_CTX *ctx)
{
    CRYPTO_EX_DATA none = { NULL, 0 };

    kuma_ex_run_free(CRYPTO_EX_INDEX_SSL_CTX, ctx, ctx->events != NULL ? &ctx->events->ex : &none);
    if (ctx->events == NULL)
        return;
    kuma_early_clear(&ctx->events->early);
    kuma_early_replay_free(ctx->events->replay);
    free(ctx->events);
    ctx->events = NULL;
}

void kuma_events_ssl_free(SSL *s)
{
    CRYPTO_EX_DATA none = { NULL, 0 };

    kuma_ex_run_free(CRYPTO_EX_INDEX_SSL, s, s->events != NULL ? &s->events->ex : &none);
    if (s->events == NULL)
        return;
    kuma_early_clear(&s->events->early);
    free(s->events->psk_identity);
    if (s->events->early_buf != NULL)
        OPENSSL_cleanse(s->events->early_buf, s->events->early_len);
    free(s->events->early_buf);
    sk_X509_pop_free(s->events->peer_chain_no_leaf, X509_free);
    free(s->events);
    s->events = NULL;
}

/* ---- info callback ------------------------------------------------------------------ */

void SSL_CTX_set_info_callback(SSL_CTX *ctx, void (*cb)(const SSL *ssl, int type, int val))
{
    kuma_events_ctx *ev = kuma_events_ctx_of(ctx);

    if (ev != NULL)
        ev->info = cb;
}

void (*SSL_CTX_get_info_callback(SSL_CTX *ctx))(const SSL *ssl, int type, int val)
{
    return ctx->events != NULL ? ctx->events->info : NULL;
}

void SSL_set_info_callback(SSL *s, void (*cb)(const SSL *ssl, int type, int val))
{
    kuma_events_ssl *ev = kuma_events_ssl_of(s);

    if (ev != NULL)
        ev->info = cb;
}

/* As in OpenSSL, only the connection's own callback, not the context's. */
void (*SSL_get_info_callback(const SSL *s))(const SSL *ssl, int type, int val)
{
    return s->events != NULL ? s->events->info : NULL;
}

/* The connection's own callback wins, else its context's (OpenSSL's rule). */
static void info(const SSL *s, int where, int val)
{
    kuma_info_cb cb = s->events != NULL ? s->events->info : NULL;

    if (cb == NULL && s->ctx->events != NULL)
        cb = s->ctx->events->info;
    if (cb != NULL)
        cb(s, where, val);
}

static int role_bits(const SSL *s)
{
    return s->role == KUMA_ROLE_SERVER ? SSL_ST_ACCEPT : SSL_ST_CONNECT;
}

/*
 * BearSSL runs the whole handshake inside its engine, so kumassl sees no
 * individual handshake states: one LOOP event marks the start, one EXIT
 * the end of each SSL_connect/SSL_accept call, as OpenSSL's state machine
 * does around its (finer) steps.
 */
void kuma_events_handshake_start(SSL *s)
{
    info(s, SSL_CB_HANDSHAKE_START, 1);
    info(s, role_bits(s) | SSL_CB_LOOP, 1);
}

/* A handshake call that returns before completion (ret <= 0). */
void kuma_events_handshake_exit(SSL *s, int ret)
{
    info(s, role_bits(s) | SSL_CB_EXIT, ret);
}

void kuma_events_alert(SSL *s, int where, int level, int desc)
{
    info(s, where, (level << 8) | desc);
}

/* ---- key log ------------------------------------------------------------------------- */

void SSL_CTX_set_keylog_callback(SSL_CTX *ctx, SSL_CTX_keylog_cb_func cb)
{
    kuma_events_ctx *ev = kuma_events_ctx_of(ctx);

    if (ev != NULL)
        ev->keylog = cb;
}

SSL_CTX_keylog_cb_func SSL_CTX_get_keylog_callback(const SSL_CTX *ctx)
{
    return ctx->events != NULL ? ctx->events->keylog : NULL;
}

/* Lower-case hex, as OpenSSL writes key log lines. */
static char *hex(char *out, const unsigned char *in, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < len; i++) {
        *out++ = digits[in[i] >> 4];
        *out++ = digits[in[i] & 15];
    }
    return out;
}

#define KEYLOG_LABEL_MAX 48         /* the longest of TLS 1.3's labels is 31 */
#define KEYLOG_SECRET_MAX 64        /* SHA-512's size; TLS 1.2's master secret is 48 */
#define RANDOM_LEN 32

/*
 * The NSS key log line "<label> <client random> <secret>", in lower-case
 * hex. TLS 1.2 and older log one secret per session (CLIENT_RANDOM and
 * the master secret); a resumed session logs it again with the new
 * connection's random. The engine calls this from handshake_done, before
 * HANDSHAKE_DONE is reported, which is OpenSSL's order.
 */
void kuma_events_keylog(SSL *s, const char *label, const unsigned char client_random[32],
                        const unsigned char *secret, size_t len)
{
    SSL_CTX_keylog_cb_func cb = SSL_CTX_get_keylog_callback(s->ctx);
    char line[KEYLOG_LABEL_MAX + 1 + 2 * RANDOM_LEN + 1 + 2 * KEYLOG_SECRET_MAX + 1];
    size_t llen = strlen(label);
    char *p = line + llen;

    if (cb == NULL || llen > KEYLOG_LABEL_MAX || len > KEYLOG_SECRET_MAX)
        return;
    memcpy(line, label, llen);
    *p++ = ' ';
    p = hex(p, client_random, RANDOM_LEN);
    *p++ = ' ';
    p = hex(p, secret, len);
    *p = '\0';
    cb(s, line);
    OPENSSL_cleanse(line, sizeof(line));
}

/* OpenSSL's order: the secret (logged by the engine), HANDSHAKE_DONE, then the exit of SSL_connect/accept. */
void kuma_events_handshake_done(SSL *s)
{
    info(s, SSL_CB_HANDSHAKE_DONE, 1);
    info(s, role_bits(s) | SSL_CB_EXIT, 1);
}

/* ---- post-handshake queries ------------------------------------------------------------ */

/* The server's view: the client's chain without its leaf, as OpenSSL returns it. */
static STACK_OF(X509) *chain_without_leaf(SSL *s)
{
    kuma_events_ssl *ev = kuma_events_ssl_of(s);
    STACK_OF(X509) *sk;
    int i;

    if (ev == NULL)
        return NULL;
    if (ev->peer_chain_no_leaf != NULL)
        return ev->peer_chain_no_leaf;
    if ((sk = sk_X509_new_null()) == NULL)
        return NULL;
    for (i = 1; i < sk_X509_num(s->peer_chain); i++) {
        X509 *x = sk_X509_value(s->peer_chain, i);
        if (!sk_X509_push(sk, x)) {
            sk_X509_pop_free(sk, X509_free);
            return NULL;
        }
        X509_up_ref(x);
    }
    ev->peer_chain_no_leaf = sk;
    return sk;
}

STACK_OF(X509) *SSL_get_peer_cert_chain(const SSL *s)
{
    if (s == NULL || s->peer_chain == NULL)
        return NULL;
    if (s->role != KUMA_ROLE_SERVER)
        return s->peer_chain;
    /* built on demand, owned and freed by the SSL like OpenSSL's */
    return chain_without_leaf((SSL *)s);
}

int SSL_CIPHER_get_bits(const SSL_CIPHER *c, int *alg_bits)
{
    if (c == NULL)
        return 0;
    if (alg_bits != NULL)
        *alg_bits = c->bits;
    return c->bits;
}

static size_t copy_finished(const SSL *s, int clients, void *buf, size_t count)
{
    if (!s->finished || s->engine_state == NULL)
        return 0;
    return s->engine->finished((SSL *)s, clients, buf, count);
}

size_t SSL_get_finished(const SSL *s, void *buf, size_t count)
{
    return copy_finished(s, s->role != KUMA_ROLE_SERVER, buf, count);
}

size_t SSL_get_peer_finished(const SSL *s, void *buf, size_t count)
{
    return copy_finished(s, s->role == KUMA_ROLE_SERVER, buf, count);
}

static size_t copy_random(const SSL *s, const unsigned char *random, unsigned char *out, size_t outlen)
{
    size_t n = sizeof(s->client_random);

    if (outlen == 0)
        return n;
    if (n > outlen)
        n = outlen;
    memcpy(out, random, n);
    return n;
}

size_t SSL_get_client_random(const SSL *s, unsigned char *out, size_t outlen)
{
    return s == NULL ? 0 : copy_random(s, s->client_random, out, outlen);
}

size_t SSL_get_server_random(const SSL *s, unsigned char *out, size_t outlen)
{
    return s == NULL ? 0 : copy_random(s, s->server_random, out, outlen);
}

/* Labels whose PRF outputs TLS itself uses; OpenSSL refuses them as prefixes too. */
static int exporter_label_ok(const char *label, size_t llen)
{
    static const char *const reserved[] = {
        "client finished", "server finished", "master secret",
        "extended master secret", "key expansion"
    };
    size_t i;

    for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
        if (llen >= strlen(reserved[i]) && memcmp(label, reserved[i], strlen(reserved[i])) == 0) {
            ERR_raise_data(ERR_LIB_SSL, SSL_R_TLS_ILLEGAL_EXPORTER_LABEL, "illegal exporter label \"%s\"", reserved[i]);
            return 0;
        }
    return 1;
}

/* RFC 5705: a NULL context means none, non-NULL (even empty) a context. */
int SSL_export_keying_material(SSL *s, unsigned char *out, size_t olen, const char *label,
                               size_t llen, const unsigned char *context, size_t contextlen,
                               int use_context)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s) || KUMA_NULL_ARG(ERR_LIB_SSL, out))
        return -1;
    if (!s->finished || s->engine_state == NULL) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_UNINITIALIZED, "no handshake completed to export keys from");
        return -1;
    }
    if ((llen > 0 && KUMA_NULL_ARG(ERR_LIB_SSL, label)) || !exporter_label_ok(label, llen))
        return 0;
    if (use_context && contextlen > 0xFFFF) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_VALUE, "exporter context longer than 65535 bytes");
        return 0;
    }
    if (!use_context)
        context = NULL;
    else if (context == NULL)
        context = (const unsigned char *)"";
    return s->engine->export_keys(s, out, olen, label, llen, context, use_context ? contextlen : 0);
}
