/*
 * kumassl: which engine a connection takes. BearSSL's client cannot take
 * over a ClientHello it did not write, so a client that may end up in TLS
 * 1.3 takes kumassl's engine, which also completes a TLS 1.2 handshake
 * (ECDHE + AEAD) when the server picks 1.2: one allowing TLS 1.3 only,
 * one asking for TLS 1.3 by name while allowing 1.2, or one with a TLS 1.3
 * session to resume. Every other client
 * takes BearSSL's TLS 1.0-1.2 engine.
 *
 * A server whose configuration allows TLS 1.3 starts in the TLS 1.3 engine
 * "picking": it reads the first ClientHello's records without answering
 * them, while hello.c (through ext.c) reads the same bytes and runs the
 * ClientHello callbacks. When the ClientHello is complete, a client that
 * offers TLS 1.3 (supported_versions) keeps the TLS 1.3 engine, which then
 * takes the records it kept; any other goes to BearSSL's engine with every
 * byte received so far. BearSSL's engine is started beside from the
 * beginning (when the configuration allows TLS 1.2 or older), so that its
 * configuration errors, the credentials and the callbacks' outcome reach
 * it exactly as if it had been the only engine.
 */
#include <string.h>
#include "tls13_int.h"
#include "ext_int.h"
#include "psk_engine.h"

int kuma13_config_only_tls13(const kuma_config *cfg)
{
    int lo = cfg->min_version != 0 ? cfg->min_version : TLS1_2_VERSION;
    int hi = cfg->max_version != 0 ? cfg->max_version : TLS1_3_VERSION;
    int v;

    if (hi < TLS1_3_VERSION || kuma_config_version_disabled(cfg, TLS1_3_VERSION))
        return 0;
    for (v = lo > TLS1_VERSION ? lo : TLS1_VERSION; v < TLS1_3_VERSION; v++)
        if (!kuma_config_version_disabled(cfg, v))
            return 0;
    return 1;
}

int kuma13_config_offers_tls12(const kuma_config *cfg)
{
    int lo = cfg->min_version != 0 ? cfg->min_version : TLS1_2_VERSION;
    int v;

    if (lo > TLS1_2_VERSION || (cfg->max_version != 0 && cfg->max_version < TLS1_2_VERSION)
        || kuma_config_version_disabled(cfg, TLS1_2_VERSION))
        return 0;
    for (v = lo > TLS1_VERSION ? lo : TLS1_VERSION; v < TLS1_2_VERSION; v++)
        if (!kuma_config_version_disabled(cfg, v))
            return 0;
    return 1;
}

/* 1 when kumassl's engine carries one of the TLS 1.2 suites of cfg. */
static int has_our_tls12_suite(const kuma_config *cfg)
{
    size_t i;

    for (i = 0; i < cfg->suites.num; i++)
        if (kuma12_suite_by_id(cfg->suites.ids[i]) != NULL)
            return 1;
    return 0;
}

/* 1 when the client's session to offer is a TLS 1.3 one (only kumassl's engine resumes those). */
static int holds_tls13_session(const SSL *s)
{
    return s->session != NULL && SSL_SESSION_get_protocol_version(s->session) == TLS1_3_VERSION
           && SSL_SESSION_is_resumable(s->session);
}

/* 1 when the client's session is one BearSSL's engine would resume (TLS 1.2 without EMS). */
static int holds_br_session(const SSL *s)
{
    kuma_session_params p;
    int ems;

    if (s->session == NULL || SSL_SESSION_get_protocol_version(s->session) == TLS1_3_VERSION)
        return 0;
    ems = kuma_session_ems_to_offer(s, &p);
    OPENSSL_cleanse(&p, sizeof p);
    return !ems;
}

/*
 * A client asking for TLS 1.3 by name (SSL_CTX_set_max_proto_version
 * TLS1_3_VERSION), or with no maximum holding a TLS 1.3 session to
 * resume or with PSK callbacks (OpenSSL offers their PSK in TLS 1.3),
 * while allowing TLS 1.2 and nothing older: kumassl's engine offers both
 * in one ClientHello and completes either (and resumes a TLS 1.2 session
 * of its own, which has EMS). Not for a TLS 1.2 session of BearSSL's, a
 * maximum fragment length, or suites kumassl's engine lacks: BearSSL's
 * engine keeps those (TLS 1.2).
 */
static int client_offers_both(const SSL *s)
{
    const kuma_config *cfg = &s->cfg;

    int asks = cfg->max_version == TLS1_3_VERSION
               || (cfg->max_version == 0 && (holds_tls13_session(s) || kuma13_client_has_psk(s)));

    return asks && !kuma_config_version_disabled(cfg, TLS1_3_VERSION)
           && kuma13_config_offers_tls12(cfg) && has_our_tls12_suite(cfg)
           && kuma_ext_max_frag_len(s) == 0
           && !holds_br_session(s);
}

/* 1 when the configuration allows TLS 1.3 (whatever else it allows). */
static int config_allows_tls13(const kuma_config *cfg)
{
    return (cfg->max_version == 0 || cfg->max_version >= TLS1_3_VERSION)
        && !kuma_config_version_disabled(cfg, TLS1_3_VERSION);
}

const kuma_engine_vtable *kuma_engine_for(const SSL *s)
{
    if (s->role == KUMA_ROLE_CLIENT ? kuma13_config_only_tls13(&s->cfg) || client_offers_both(s)
                                    : config_allows_tls13(&s->cfg))
        return &kuma_engine_tls13;
    return &kuma_engine_br;
}

/* ---- the server's pick ------------------------------------------------------------------ */

/* Runs a call of BearSSL's engine on the shadow state (its calls find their state in s). */
#define ON_SHADOW(c, call)                                                  \
    do {                                                                    \
        void *own_ = (c)->ssl->engine_state;                                \
        (c)->ssl->engine_state = (c)->br_shadow;                            \
        call;                                                               \
        (c)->br_shadow = (c)->ssl->engine_state;                            \
        (c)->ssl->engine_state = own_;                                      \
    } while (0)

int kuma13_pick_start(kuma13_conn *c)
{
    int ok = 1;

    if (kuma13_config_only_tls13(&c->ssl->cfg))
        return 1;                       /* nobody to hand a TLS 1.2 client to */
    if (c->ssl->creds.cert == NULL && c->ssl->ctx->creds.cert == NULL
        && kuma13_server_has_psk(c->ssl))
        return 1;                       /* PSK only: BearSSL has no PSK suites for TLS 1.2 */
    c->br_shadow = NULL;
    ON_SHADOW(c, ok = kuma_engine_br.start(c->ssl));
    return ok;
}

void kuma13_pick_clear(kuma13_conn *c)
{
    if (c->br_shadow != NULL)
        ON_SHADOW(c, kuma_engine_br.free(c->ssl));
    c->br_shadow = NULL;
    if (c->first != NULL)
        OPENSSL_cleanse(c->first, c->first_cap);
    free(c->first);
    c->first = NULL;
    c->first_len = c->first_cap = 0;
}

int kuma13_pick_hello_settled(kuma13_conn *c)
{
    int ok = 1;

    if (c->picking && c->br_shadow != NULL)
        ON_SHADOW(c, ok = kuma_engine_br.hello_settled(c->ssl));
    return ok;
}

int kuma13_pick_reload_creds(kuma13_conn *c)
{
    int ok = 1;

    if (c->picking && c->br_shadow != NULL)
        ON_SHADOW(c, ok = kuma_engine_br.reload_creds(c->ssl));
    return ok;
}

/* Gives bytes received to the engine in place, as io.c would have. */
static void replay(SSL *s, const unsigned char *data, size_t len)
{
    while (len > 0 && (s->engine->state(s) & KUMA_RECVREC)) {
        size_t room, n;
        unsigned char *buf = s->engine->buf(s, KUMA_RECVREC, &room);

        n = room < len ? room : len;
        if (n == 0)
            break;
        memcpy(buf, data, n);
        s->engine->ack(s, KUMA_RECVREC, n);
        data += n;
        len -= n;
    }
    /* anything left follows the ClientHello in its last record: the engine already judged it */
}

/* BearSSL's engine answers: it takes the connection and every byte read so far. */
static void hand_over(kuma13_conn *c)
{
    SSL *s = c->ssl;
    void *br = c->br_shadow;
    unsigned char *first = c->first;
    size_t len = c->first_len, cap = c->first_cap;

    c->br_shadow = NULL;
    c->first = NULL;
    kuma_engine_tls13.free(s);          /* c is gone */
    s->engine = &kuma_engine_br;
    s->engine_state = br;
    replay(s, first, len);
    OPENSSL_cleanse(first, cap);
    free(first);
}

/* The ClientHello was read: which engine answers it. */
static void pick(kuma13_conn *c)
{
    unsigned char *first;
    size_t len;

    if (c->closed)
        return;                         /* ext.c rejected the ClientHello */
    c->in_len = 0;                      /* the bytes are all in c->first */
    c->in_need = KUMA13_HDR_LEN;
    if (c->br_shadow != NULL && !kuma_ext_client_offers_tls13(c->ssl)) {
        hand_over(c);
        return;
    }
    if (c->br_shadow != NULL)
        ON_SHADOW(c, kuma_engine_br.free(c->ssl));
    c->br_shadow = NULL;
    c->picking = 0;
    first = c->first;
    len = c->first_len;
    c->first = NULL;
    replay(c->ssl, first, len);
    OPENSSL_cleanse(first, c->first_cap);
    free(first);
    c->first_len = c->first_cap = 0;
}

static int keep_bytes(kuma13_conn *c, const unsigned char *data, size_t len)
{
    if (c->first_len + len > c->first_cap) {
        size_t cap = 2 * (c->first_len + len);
        unsigned char *p = realloc(c->first, cap);

        if (p == NULL)
            return 0;
        c->first = p;
        c->first_cap = cap;
    }
    memcpy(c->first + c->first_len, data, len);
    c->first_len += len;
    return 1;
}

void kuma13_pick_bytes(kuma13_conn *c, size_t len)
{
    if (!keep_bytes(c, c->in + c->in_len - len, len)) {
        kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_MALLOC_FAILURE, "out of memory");
        return;
    }
    /* no TLS 1.3 ClientHello (hello.c gave up, or none offered): BearSSL's engine judges now */
    if (c->ssl->hello_seen && c->br_shadow != NULL && !kuma_ext_client_offers_tls13(c->ssl)) {
        pick(c);
        return;
    }
    if (c->in_len == KUMA13_HDR_LEN) {
        size_t body = (size_t)c->in[3] << 8 | c->in[4];

        if (KUMA13_HDR_LEN + body > sizeof c->in) {
            pick(c);                    /* no ClientHello record is this long: let the engine judge */
            return;
        }
        c->in_need = KUMA13_HDR_LEN + body;
    }
    if (c->in_len < c->in_need)
        return;
    c->in_len = 0;
    c->in_need = KUMA13_HDR_LEN;
    if (c->ssl->hello_seen)
        pick(c);
}
