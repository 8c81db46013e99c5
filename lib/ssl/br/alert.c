/*
 * kumassl: the fatal alert a failed engine owes its peer (RFC 5246 7.2.2:
 * a connection that fails must say why), sent at once.
 *
 * BearSSL sends an alert itself only where its handshake code says so
 * (errors BR_ERR_SEND_FATAL_ALERT + n); every other failure -- a bad MAC, a
 * malformed or unexpected message, an oversized record, a rejected chain --
 * leaves it in its failed state, mute. Its record protection survives the
 * failure, though: the output half's vtable (eng->out, BearSSL 0.6's private
 * field, like iobuf.c's registers) still holds the keys and sequence number
 * of the last record sent, so the alert is built here in a scratch buffer
 * and protected by that vtable: plaintext before our ChangeCipherSpec,
 * encrypted after it, exactly as BearSSL would have sent it. The engine is
 * dead afterwards, so advancing its sequence number harms nothing.
 *
 * Before any version is chosen the record carries the version of the
 * client's ClientHello (as OpenSSL's protocol_version alerts do), never 0.
 */
#include <string.h>
#include "br_int.h"

/* header, explicit IV, two bytes, MAC, padding, and a TLS 1.0 1/n-1 split: 85 bytes at most */
#define ALERT_ROOM 256

static unsigned record_version(SSL *s, const br_ssl_engine_context *eng)
{
    br_state *st = s->engine_state;
    unsigned v = eng->version_out;

    if (v == 0)
        v = st->watch.hello.legacy_version;
    if (v == 0)
        v = eng->version_in;
    if (v < TLS1_VERSION || (v >> 8) != 3)
        v = TLS1_VERSION;
    return v > TLS1_2_VERSION ? TLS1_2_VERSION : v;
}

/* Writes one fatal alert record under the engine's current record protection. */
static void send_fatal(SSL *s, int desc)
{
    br_state *st = s->engine_state;
    br_ssl_engine_context *eng = &st->u.c.eng;
    unsigned char buf[ALERT_ROOM], *rec;
    size_t start = 5, end = sizeof(buf), len = 2;

    st->fail.alert = desc;
    st->fail.notified = 1;
    if (eng->out.vtable == NULL)
        return;
    eng->out.vtable->max_plaintext(&eng->out.vtable, &start, &end);
    if (end < start + 2)
        return;
    buf[start] = SSL3_AL_FATAL;
    buf[start + 1] = (unsigned char)desc;
    rec = eng->out.vtable->encrypt(&eng->out.vtable, SSL3_RT_ALERT, record_version(s, eng),
                                   buf + start, &len);
    ERR_set_mark();
    /* after whatever the flight holds, and out now: best effort, the connection is failing */
    if (kuma_io_queue(s, rec, len))
        (void)kuma_io_flush(s);
    ERR_pop_to_mark();
    OPENSSL_cleanse(buf, sizeof(buf));
    kuma_events_alert(s, SSL_CB_WRITE_ALERT, SSL3_AL_FATAL, desc);
}

void kuma_br_reject(SSL *s, int alert, int reason, const char *func, const char *data)
{
    br_state *st = s->engine_state;

    if (st == NULL) {
        KUMA_RAISE_AT(func, ERR_LIB_SSL, reason, data != NULL ? "%s" : NULL, data);
        return;
    }
    if (st->fail.notified)
        return;                         /* the first failure is the one to report */
    st->fail.reason = reason;
    st->fail.func = func;
    st->fail.data = data;
    st->fail.notified = 1;
    br_ssl_engine_fail(&st->u.c.eng, alert > 0 ? BR_ERR_SEND_FATAL_ALERT + alert
                                              : BR_ERR_UNSUPPORTED_VERSION);
    if (alert > 0)
        send_fatal(s, alert);
}

void kuma_br_notify_failure(SSL *s)
{
    br_state *st = s->engine_state;
    int err, alert;

    if (st == NULL || st->fail.notified)
        return;
    st->fail.notified = 1;
    err = st->nomem ? KUMA_BR_ERR_NOMEM : br_ssl_engine_last_error(&st->u.c.eng);
    alert = kuma_br_error_alert(s, err);
    if (alert > 0)
        send_fatal(s, alert);
}
