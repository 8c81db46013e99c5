/*
 * kumassl: the TLS 1.3 engine behind kuma_engine_vtable (ssl_int.h), the
 * four-buffer interface io.c drives. This file is the record layer and
 * what is neither client's nor server's: records in (one at a time,
 * header first, so the transport is never read past the record the engine
 * wants) and out, alerts (RFC 8446 section 6), application data, and the
 * messages after the handshake (NewSessionTicket, KeyUpdate).
 */
#include <string.h>
#include "tls13_int.h"
#include "ext_int.h"
#include "psk_engine.h"

static kuma13_conn *conn_of(SSL *s)
{
    return s->engine_state;
}

static size_t out_pending(const kuma13_conn *c)
{
    return c->out_len - c->out_off;
}

/* ---- sending ------------------------------------------------------------------------ */

/* Seals the application data written at out + 5 into a record. */
static void seal_app(kuma13_conn *c)
{
    size_t n;

    if (c->app_pending == 0)
        return;
    n = kuma13_seal(&c->wr, c->out, c->app_pending, KUMA13_CT_APPDATA, 0);
    c->app_pending = 0;
    if (n == 0) {
        kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "sequence numbers used up");
        return;
    }
    c->out_off = 0;
    c->out_len = n;
}

/* Appends one record (at most 2^14 bytes of content) to the output. */
static int send_record(kuma13_conn *c, unsigned type, const unsigned char *data, size_t len)
{
    unsigned char *rec;
    size_t room;

    if (out_pending(c) == 0)
        c->out_off = c->out_len = 0;
    rec = c->out + c->out_len;
    room = sizeof c->out - c->out_len;
    if (room < len + KUMA13_RECORD_OVERHEAD(0) + KUMA12_EXPLICIT_NONCE)
        return 0;
    memmove(rec + KUMA13_HDR_LEN, data, len);
    if (c->wr.suite != NULL) {
        size_t n = kuma13_seal(&c->wr, rec, len, type, 0);

        if (n == 0)
            return 0;
        c->out_len += n;
        return 1;
    }
    rec[0] = (unsigned char)type;
    rec[1] = 3;
    rec[2] = c->plain_sent ? 3 : 1;     /* the first ClientHello says TLS 1.0 (section 5.1) */
    rec[3] = (unsigned char)(len >> 8);
    rec[4] = (unsigned char)len;
    c->plain_sent = 1;
    c->out_len += KUMA13_HDR_LEN + len;
    return 1;
}

int kuma13_send(kuma13_conn *c, unsigned type, const unsigned char *data, size_t len)
{
    seal_app(c);
    do {
        size_t n = len < KUMA13_MAX_PLAINTEXT ? len : KUMA13_MAX_PLAINTEXT;

        if (!send_record(c, type, data, n))
            return 0;
        data += n;
        len -= n;
    } while (len > 0);
    return 1;
}

int kuma13_send_handshake(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_transcript_update(&c->tr, msg, len);
    return kuma13_send(c, KUMA13_CT_HANDSHAKE, msg, len);
}

int kuma13_send_ccs(kuma13_conn *c)
{
    static const unsigned char one = 1;
    const kuma13_suite *keys = c->wr.suite;
    int ok;

    if (c->ccs_sent || !(c->ssl->cfg.options & SSL_OP_ENABLE_MIDDLEBOX_COMPAT))
        return 1;
    c->ccs_sent = 1;
    c->wr.suite = NULL;                 /* a ChangeCipherSpec is never protected */
    c->plain_sent = 1;
    ok = send_record(c, KUMA13_CT_CCS, &one, 1);
    c->wr.suite = keys;
    return ok;
}

static void send_alert(kuma13_conn *c, int level, int desc)
{
    unsigned char a[2];

    a[0] = (unsigned char)level;
    a[1] = (unsigned char)desc;
    (void)kuma13_send(c, KUMA13_CT_ALERT, a, 2);
}

int kuma13_fail(kuma13_conn *c, int alert, int reason, const char *why)
{
    if (c->closed)
        return -1;
    c->closed = 1;
    c->alert_sent = alert;
    c->reason = reason;
    c->why = why;
    c->app_pending = 0;
    send_alert(c, SSL3_AL_FATAL, alert);
    kuma_events_alert(c->ssl, SSL_CB_WRITE_ALERT, SSL3_AL_FATAL, alert);
    return -1;
}

int kuma13_fail_in(kuma13_conn *c, const char *func, int alert, int reason, const char *why)
{
    int was_closed = c->closed, r = kuma13_fail(c, alert, reason, why);

    if (!was_closed)
        c->func = func;
    return r;
}

int kuma13_fail_decode(kuma13_conn *c, int alert, const char *what)
{
    return kuma13_fail(c, alert, alert == SSL_AD_DECODE_ERROR ? SSL_R_BAD_PACKET
                                 : SSL_R_BAD_EXTENSION, what);
}

void kuma13_keylog(kuma13_conn *c, const char *label, const unsigned char *secret)
{
    kuma_events_keylog(c->ssl, label, c->random, secret, c->ks.hlen);
}

/* ---- post-handshake messages ------------------------------------------------------------- */

/* The traffic secrets this side reads and writes with. */
static unsigned char *read_secret(kuma13_conn *c)
{
    return c->ssl->role == KUMA_ROLE_CLIENT ? c->s_ap : c->c_ap;
}

static unsigned char *write_secret(kuma13_conn *c)
{
    return c->ssl->role == KUMA_ROLE_CLIENT ? c->c_ap : c->s_ap;
}

/* Queues a KeyUpdate under the current write keys; what follows it goes under the next ones. */
static int send_key_update(kuma13_conn *c, int request_update)
{
    unsigned char msg[5];
    kuma13_wr w;

    kuma13_wr_init(&w, msg, sizeof msg);
    kuma13_write_key_update(&w, request_update);
    if (!kuma13_send(c, KUMA13_CT_HANDSHAKE, msg, w.len))
        return 0;
    kuma13_next_traffic_secret(c->suite->hash, write_secret(c));
    kuma13_cipher_init(&c->wr, c->suite, write_secret(c));
    return 1;
}

/* As many KeyUpdates in a row without application data as OpenSSL takes before it calls it a flood. */
#define MAX_KEY_UPDATES 32

/* KeyUpdate (section 4.6.3): new read keys; new write keys too, announced, when asked. */
static int key_update(kuma13_conn *c, const unsigned char *body, size_t len)
{
    int req, err = kuma13_parse_key_update(body, len, &req);

    if (err)
        return kuma13_fail_decode(c, err, "malformed KeyUpdate");
    if (++c->ku_count > MAX_KEY_UPDATES)
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_TOO_MANY_KEY_UPDATES,
                           "KeyUpdate after KeyUpdate without application data");
    kuma13_next_traffic_secret(c->suite->hash, read_secret(c));
    kuma13_cipher_init(&c->rd, c->suite, read_secret(c));
    c->rd_epoch++;
    if (!req || c->close_sent)
        return 0;
    if (!send_key_update(c, 0))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "no room for KeyUpdate");
    return 0;
}

static int post_handshake(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    if (c->tls12)
        return kuma12_post_handshake(c, msg, len);
    switch (msg[0]) {
    case KUMA13_HS_NEW_SESSION_TICKET:
        if (c->ssl->role != KUMA_ROLE_CLIENT)
            break;
        return kuma13_client_ticket(c, msg, len);
    case KUMA13_HS_KEY_UPDATE:
        return key_update(c, msg + 4, len - 4);
    default:
        break;
    }
    return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_MESSAGE,
                       "handshake message after the handshake");
}

/* ---- records in ----------------------------------------------------------------------------- */

/* Appends handshake bytes; hands each complete message on. */
static int handshake_bytes(kuma13_conn *c, const unsigned char *data, size_t len)
{
    unsigned epoch;

    if (len == 0)
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_RECORD,
                           "empty handshake record");
    if (c->hs_len + len > c->hs_cap) {
        size_t cap = c->hs_len + len > 2 * c->hs_cap ? c->hs_len + len : 2 * c->hs_cap;
        unsigned char *p = cap <= KUMA13_MAX_HANDSHAKE + 4 ? realloc(c->hs, cap) : NULL;

        if (p == NULL)
            return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_EXCESSIVE_MESSAGE_SIZE,
                               "handshake message too large");
        c->hs = p;
        c->hs_cap = cap;
    }
    memcpy(c->hs + c->hs_len, data, len);
    c->hs_len += len;
    while (c->hs_len >= 4 && !c->closed) {
        size_t mlen = (size_t)c->hs[1] << 16 | (size_t)c->hs[2] << 8 | c->hs[3];
        int r;

        if (mlen > KUMA13_MAX_HANDSHAKE)
            return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_EXCESSIVE_MESSAGE_SIZE,
                               "handshake message too large");
        if (c->hs_len < 4 + mlen)
            break;
        epoch = c->rd_epoch;
        r = c->state == KUMA13_CONNECTED ? post_handshake(c, c->hs, 4 + mlen)
            : c->ssl->role == KUMA_ROLE_CLIENT ? kuma13_client_handle(c, c->hs, 4 + mlen)
            : kuma13_server_handle(c, c->hs, 4 + mlen);
        if (r < 0)
            return -1;
        c->hs_len -= 4 + mlen;
        memmove(c->hs, c->hs + 4 + mlen, c->hs_len);
        /* section 5.1: a key change falls on a record boundary */
        if (epoch != c->rd_epoch && c->hs_len > 0)
            return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_NOT_ON_RECORD_BOUNDARY,
                               "handshake data across a key change");
    }
    return 0;
}

static int alert_in(kuma13_conn *c, const unsigned char *a, size_t len)
{
    if (len != 2)
        return kuma13_fail(c, SSL_AD_DECODE_ERROR, SSL_R_BAD_PACKET, "malformed alert");
    if (a[1] == SSL_AD_CLOSE_NOTIFY) {
        c->peer_closed = 1;
        if (!c->close_sent) {
            c->close_sent = 1;
            send_alert(c, SSL3_AL_WARNING, SSL_AD_CLOSE_NOTIFY);
        }
        c->closed = 1;
        return 0;
    }
    if (a[1] == SSL_AD_USER_CANCELLED)
        return 0;                       /* a close_notify follows */
    /* section 6.2: every other alert is fatal, whatever its level says */
    c->alert_recv = a[1];
    c->closed = 1;
    return -1;
}

static int app_data_in(kuma13_conn *c, size_t len)
{
    if (c->state != KUMA13_CONNECTED)   /* a server's early data, or a failure */
        return kuma13_server_early_data(c, c->in + KUMA13_HDR_LEN, len);
    c->app_off = KUMA13_HDR_LEN;
    c->app_len = len;
    c->ku_count = 0;
    return 0;
}

/* OpenSSL's MAX_EMPTY_RECORDS: how many compatibility ChangeCipherSpecs it drops. */
#define MAX_CCS_RECORDS 32

/*
 * A ChangeCipherSpec: dropped during the handshake, for middleboxes
 * (section 5), as OpenSSL 3.0 does (up to 32, and only the one-byte body 1);
 * after the handshake a record type the keys no longer allow. In TLS 1.2,
 * the server's switch to its keys.
 */
static int ccs_in(kuma13_conn *c, size_t len)
{
    if (c->tls12 && len == 1 && c->in[KUMA13_HDR_LEN] == 1)
        return kuma12_change_cipher_spec(c);
    if (c->state == KUMA13_CONNECTED)
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_BAD_RECORD_TYPE,
                           "ChangeCipherSpec after the handshake");
    if (len != 1 || c->in[KUMA13_HDR_LEN] != 1)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_INVALID_CCS_MESSAGE,
                           "ChangeCipherSpec body is not the byte 1");
    if (++c->ccs_seen > MAX_CCS_RECORDS)
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_CCS_MESSAGE,
                           "too many ChangeCipherSpec records");
    return 0;
}

static int record_in(kuma13_conn *c)
{
    unsigned type = c->in[0];
    size_t len = c->in_len - KUMA13_HDR_LEN;
    int err;

    c->in_len = 0;
    if (type == KUMA13_CT_CCS)
        return ccs_in(c, len);
    if (c->rd.suite != NULL && (type == KUMA13_CT_APPDATA || c->rd.tls12)) {
        err = kuma13_open(&c->rd, c->in, KUMA13_HDR_LEN + len, &type, &len);
        if (err && kuma13_server_early_skip(c, KUMA13_HDR_LEN + len))
            return 0;                   /* early data the server rejected */
        if (err)
            return kuma13_fail(c, err, err == SSL_AD_BAD_RECORD_MAC
                               ? SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC
                               : err == SSL_AD_RECORD_OVERFLOW ? SSL_R_DATA_LENGTH_TOO_LONG
                               : SSL_R_UNEXPECTED_RECORD, "record protection");
    } else if (type == KUMA13_CT_APPDATA && c->hrr_seen
               && kuma13_server_early_skip(c, KUMA13_HDR_LEN + len)) {
        return 0;                       /* early data sent before the HelloRetryRequest was seen */
    } else if (type == KUMA13_CT_APPDATA || (c->rd.suite != NULL && type != KUMA13_CT_ALERT)) {
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE,
                           c->rd.suite != NULL ? SSL_R_BAD_RECORD_TYPE : SSL_R_UNEXPECTED_RECORD,
                           c->rd.suite != NULL ? "unprotected record after the keys changed"
                                               : "protected record before any key");
    }
    switch (type) {
    case KUMA13_CT_HANDSHAKE:
        return handshake_bytes(c, c->in + KUMA13_HDR_LEN, len);
    case KUMA13_CT_ALERT:
        return alert_in(c, c->in + KUMA13_HDR_LEN, len);
    case KUMA13_CT_APPDATA:
        return app_data_in(c, len);
    default:
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_RECORD,
                           "record of an unknown content type");
    }
}

/* The header of a record arriving: type, version, length within the limits of section 5. */
static int header_in(kuma13_conn *c)
{
    unsigned type = c->in[0];
    size_t len = (size_t)c->in[3] << 8 | c->in[4];
    size_t max = c->rd.suite != NULL ? KUMA13_MAX_CIPHERTEXT : KUMA13_MAX_PLAINTEXT;

    if (type < KUMA13_CT_CCS || type > KUMA13_CT_APPDATA)
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_RECORD,
                           "record of an unknown content type");
    if (c->in[1] != 3)
        return kuma13_fail(c, SSL_AD_PROTOCOL_VERSION, SSL_R_WRONG_VERSION_NUMBER,
                           "record of another protocol");
    if (len > max)
        return kuma13_fail(c, SSL_AD_RECORD_OVERFLOW, c->rd.suite != NULL
                           ? SSL_R_ENCRYPTED_LENGTH_TOO_LONG : SSL_R_PACKET_LENGTH_TOO_LONG,
                           "record too long");
    c->in_need = KUMA13_HDR_LEN + len;
    return 0;
}

/* ---- the vtable ------------------------------------------------------------------------- */

static int t13_start(SSL *s)
{
    kuma13_conn *c = calloc(1, sizeof *c);

    if (c == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    s->engine_state = c;
    c->ssl = s;
    c->alert_sent = c->alert_recv = -1;
    c->ku_type = SSL_KEY_UPDATE_NONE;
    c->in_need = KUMA13_HDR_LEN;
    c->store = s->ctx->store;
    X509_STORE_up_ref(c->store);
    kuma13_transcript_init(&c->tr);
    if (!(s->role == KUMA_ROLE_CLIENT ? kuma13_client_start(c) : kuma13_server_start(c))) {
        s->engine->free(s);
        return 0;
    }
    return 1;
}

static void t13_free(SSL *s)
{
    kuma13_conn *c = conn_of(s);

    if (s->role == KUMA_ROLE_CLIENT)
        kuma13_client_clear(c);
    else
        kuma13_server_clear(c);
    if (c->hs != NULL) {
        OPENSSL_cleanse(c->hs, c->hs_cap);
        free(c->hs);
    }
    X509_STORE_free(c->store);
    OPENSSL_cleanse(c, sizeof *c);      /* keys, secrets and plaintext live here */
    free(c);
    s->engine_state = NULL;
}

static unsigned t13_state(SSL *s)
{
    kuma13_conn *c = conn_of(s);
    unsigned bits = 0;

    if (out_pending(c) > 0)
        bits |= KUMA_SENDREC;
    if (c->closed)
        return bits != 0 ? bits : KUMA_CLOSED;
    if (c->app_len > 0)
        bits |= KUMA_RECVAPP;
    else
        bits |= KUMA_RECVREC;
    if (c->state == KUMA13_CONNECTED && !c->close_sent && out_pending(c) == 0
        && c->app_pending < KUMA13_MAX_PLAINTEXT)
        bits |= KUMA_SENDAPP;
    return bits;
}

static unsigned char *t13_buf(SSL *s, unsigned which, size_t *len)
{
    kuma13_conn *c = conn_of(s);

    switch (which) {
    case KUMA_SENDREC:
        *len = out_pending(c);
        return c->out + c->out_off;
    case KUMA_RECVREC:
        *len = c->in_need - c->in_len;
        return c->in + c->in_len;
    case KUMA_SENDAPP:
        *len = KUMA13_MAX_PLAINTEXT - c->app_pending;
        return c->out + KUMA13_HDR_LEN + c->app_pending;
    default:
        *len = c->app_len;
        return c->in + c->app_off;
    }
}

static void t13_ack(SSL *s, unsigned which, size_t len)
{
    kuma13_conn *c = conn_of(s);

    switch (which) {
    case KUMA_SENDREC:
        c->out_off += len;
        if (c->ku_type != SSL_KEY_UPDATE_NONE && c->out_off >= c->ku_end)
            c->ku_type = SSL_KEY_UPDATE_NONE;       /* the scheduled KeyUpdate has left */
        break;
    case KUMA_RECVREC:
        c->in_len += len;
        if (c->picking) {               /* a server's first ClientHello: select.c */
            kuma13_pick_bytes(c, len);  /* may hand s over to BearSSL's engine: c is gone */
            return;
        }
        if (c->in_len == KUMA13_HDR_LEN && header_in(c) < 0)
            return;
        if (c->in_len == c->in_need && c->in_len >= KUMA13_HDR_LEN) {
            c->in_need = KUMA13_HDR_LEN;
            (void)record_in(c);
        }
        break;
    case KUMA_SENDAPP:
        c->app_pending += len;
        if (c->app_pending == KUMA13_MAX_PLAINTEXT)
            seal_app(c);
        break;
    default:
        c->app_off += len;
        c->app_len -= len;
        break;
    }
}

static void t13_flush(SSL *s)
{
    seal_app(conn_of(s));
}

static void t13_close(SSL *s)
{
    kuma13_conn *c = conn_of(s);

    if (c->closed || c->close_sent)
        return;
    c->close_sent = 1;
    send_alert(c, SSL3_AL_WARNING, SSL_AD_CLOSE_NOTIFY);
}

static int t13_raise_failure(SSL *s)
{
    kuma13_conn *c = conn_of(s);

    if (c->alert_recv >= 0) {
        kuma_events_alert(s, SSL_CB_READ_ALERT, SSL3_AL_FATAL, c->alert_recv);
        ERR_raise_data(ERR_LIB_SSL, SSL_AD_REASON_OFFSET + c->alert_recv, "SSL alert number %d",
                       c->alert_recv);
        return 1;
    }
    if (c->verify_failed) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_CERTIFICATE_VERIFY_FAILED, "verify error:num=%ld:%s",
                       s->verify_result, X509_verify_cert_error_string(s->verify_result));
        return 1;
    }
    if (c->reason == 0)
        return 0;
    if (c->reason == KUMA13_REASON_QUEUED)
        return 1;
    ERR_new();
    ERR_set_debug(__FILE__, __LINE__, c->func != NULL ? c->func : __func__);
    ERR_set_error(ERR_LIB_SSL, c->reason, "%s", c->why != NULL ? c->why : "TLS 1.3");
    return 1;
}

static int t13_peer_closed(SSL *s)
{
    return conn_of(s)->peer_closed;
}

static int t13_version(SSL *s)
{
    kuma13_conn *c = conn_of(s);

    return c->suite == NULL ? 0 : c->tls12 ? TLS1_2_VERSION : TLS1_3_VERSION;
}

static uint16_t t13_cipher(SSL *s)
{
    kuma13_conn *c = conn_of(s);

    return c->suite != NULL ? c->suite->id : 0;
}

static const char *t13_server_name(SSL *s)
{
    const char *name = s->role == KUMA_ROLE_CLIENT ? s->sni : kuma_ext_servername(s);

    return name != NULL ? name : "";
}

static void t13_notify_failure(SSL *s)
{
    (void)s;                            /* every failure sent its alert already */
}

static void t13_handshake_done(SSL *s)
{
    kuma13_conn *c = conn_of(s);
    kuma_session_params p;

    memset(&p, 0, sizeof p);
    p.version = TLS1_3_VERSION;
    p.cipher_suite = c->suite->id;
    if (c->tls12) {                     /* a session ID; with EMS no engine resumes it yet */
        p.version = TLS1_2_VERSION;
        memcpy(p.session_id, c->sid12, c->sid12_len);
        p.session_id_len = (unsigned char)c->sid12_len;
        memcpy(p.master_secret, c->master, sizeof p.master_secret);
        p.ems = (unsigned char)c->ems;
    }
    kuma_session_established(s, &p, c->resumed);
}

static void t13_idle(SSL *s)
{
    (void)s;
}

/* The server takes credentials and settings after the callbacks; BearSSL's engine beside, now. */
static int t13_reload_creds(SSL *s)
{
    return kuma13_pick_reload_creds(conn_of(s));
}

static int t13_hello_settled(SSL *s)
{
    return kuma13_pick_hello_settled(conn_of(s));
}

static void t13_fail(SSL *s, int alert)
{
    kuma13_conn *c = conn_of(s);

    c->closed = 1;
    c->alert_sent = alert;
    c->reason = KUMA13_REASON_QUEUED;   /* ext.c queued the reason and sent the alert */
    c->why = "the ClientHello was rejected";
}

static const unsigned char *t13_alpn_selected(SSL *s, unsigned int *len)
{
    kuma13_conn *c = conn_of(s);

    *len = (unsigned)c->alpn_len;
    return c->alpn_len > 0 ? c->alpn : NULL;
}

static size_t t13_finished(SSL *s, int clients, void *buf, size_t count)
{
    kuma13_conn *c = conn_of(s);
    size_t n = c->state != KUMA13_CONNECTED ? 0 : c->tls12 ? KUMA12_FINISHED_LEN : c->ks.hlen;

    memcpy(buf, clients ? c->fin_client : c->fin_server, n < count ? n : count);
    return n;
}

static int t13_export_keys(SSL *s, unsigned char *out, size_t olen, const char *label, size_t llen,
                           const unsigned char *context, size_t contextlen)
{
    kuma13_conn *c = conn_of(s);

    if (c->state != KUMA13_CONNECTED) {
        ERR_raise_data(ERR_LIB_SSL, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, "the handshake is not complete");
        return 0;
    }
    if (c->tls12)
        return kuma12_export(c, out, olen, label, llen, context, contextlen);
    if (!kuma13_export(c->suite->hash, c->exporter, label, llen, context, contextlen, out, olen)) {
        ERR_raise(ERR_LIB_SSL, SSL_R_BAD_VALUE);
        return 0;
    }
    return 1;
}

static int t13_key_update(SSL *s, int type)
{
    kuma13_conn *c = conn_of(s);

    if (c->closed || c->close_sent) {
        ERR_raise(ERR_LIB_SSL, SSL_R_PROTOCOL_IS_SHUTDOWN);
        return 0;
    }
    seal_app(c);                        /* data written before the call goes under the old keys */
    if (!send_key_update(c, type == SSL_KEY_UPDATE_REQUESTED)) {
        ERR_raise_data(ERR_LIB_SSL, ERR_R_INTERNAL_ERROR, "no room for a KeyUpdate record");
        return 0;
    }
    c->ku_type = type;
    c->ku_end = c->out_len;
    return 1;
}

static int t13_key_update_type(SSL *s)
{
    return conn_of(s)->ku_type;
}

static uint16_t t13_group(SSL *s)
{
    return conn_of(s)->group;
}

static uint16_t t13_peer_sig_scheme(SSL *s)
{
    return conn_of(s)->peer_scheme;
}

const kuma_engine_vtable kuma_engine_tls13 = {
    .start = t13_start,
    .free = t13_free,
    .state = t13_state,
    .buf = t13_buf,
    .ack = t13_ack,
    .flush = t13_flush,
    .close = t13_close,
    .raise_failure = t13_raise_failure,
    .peer_closed = t13_peer_closed,
    .version = t13_version,
    .cipher = t13_cipher,
    .server_name = t13_server_name,
    .notify_failure = t13_notify_failure,
    .handshake_done = t13_handshake_done,
    .idle = t13_idle,
    .reload_creds = t13_reload_creds,
    .hello_settled = t13_hello_settled,
    .fail = t13_fail,
    .alpn_selected = t13_alpn_selected,
    .finished = t13_finished,
    .export_keys = t13_export_keys,
    .key_update = t13_key_update,
    .key_update_type = t13_key_update_type,
    .group = t13_group,
    .peer_sig_scheme = t13_peer_sig_scheme,
};
