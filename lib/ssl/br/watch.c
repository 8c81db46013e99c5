/*
 * kumassl: what the peer sends, seen before BearSSL gets it.
 *
 * BearSSL ignores some things a TLS implementation must refuse (RFC 5246,
 * and OpenSSL with it): any number of warning alerts during a handshake
 * (the CVE-2016-8610 pattern), a HelloRequest from a client, an invalid
 * ECDH share (it silently derives a random premaster secret, and the
 * handshake fails later with a bad MAC), malformed extensions it does not
 * use. So every byte from the peer passes through here first: the record
 * headers are followed for the whole connection (a few registers, no copy),
 * and until the peer's ChangeCipherSpec the plaintext handshake messages
 * are framed too, each complete one going to judge.c; only the messages
 * judge.c reads are kept, at most KUMA_WATCH_MAX_MSG bytes. A message
 * judge.c refuses fails the engine (kuma_br_reject) before BearSSL sees its
 * last byte, so nothing BearSSL would answer to it goes out.
 *
 * Framing errors are not judged here: BearSSL rejects those itself and
 * errors.c names them.
 */
#include <string.h>
#include "br_int.h"

/* Server: the client messages judge.c reads (ClientHello, ClientKeyExchange). */
static int wanted(const SSL *s, int type)
{
    return s->role == KUMA_ROLE_SERVER && (type == 1 || type == 16);
}

static void message_done(SSL *s, kuma_br_watch *w)
{
    kuma_br_judge_message(s, w->msg_hdr[0], w->msg, w->msg_len);
    w->messages++;
    free(w->msg);
    w->msg = NULL;
    w->msg_hdr_have = 0;
    w->msg_have = 0;
}

static void message_start(SSL *s, kuma_br_watch *w)
{
    w->msg_len = ((size_t)w->msg_hdr[1] << 16) | ((size_t)w->msg_hdr[2] << 8) | w->msg_hdr[3];
    w->msg_have = 0;
    if (wanted(s, w->msg_hdr[0]) && w->msg_len <= KUMA_WATCH_MAX_MSG)
        w->msg = malloc(w->msg_len > 0 ? w->msg_len : 1);     /* NULL: judged without a body */
    if (w->msg_len == 0)
        message_done(s, w);
}

/* Plaintext handshake bytes: message headers and, where kept, bodies. */
static void handshake_bytes(SSL *s, kuma_br_watch *w, const unsigned char *p, size_t n)
{
    br_state *st = s->engine_state;

    while (n > 0 && !st->fail.notified) {
        size_t k;

        if (w->msg_hdr_have < sizeof(w->msg_hdr)) {
            w->msg_hdr[w->msg_hdr_have++] = *p;
            k = 1;
            if (w->msg_hdr_have == sizeof(w->msg_hdr))
                message_start(s, w);
        } else {
            k = w->msg_len - w->msg_have < n ? w->msg_len - w->msg_have : n;
            if (w->msg != NULL)
                memcpy(w->msg + w->msg_have, p, k);
            w->msg_have += k;
            if (w->msg_have == w->msg_len)
                message_done(s, w);
        }
        p += k;
        n -= k;
    }
}

/*
 * The first bytes are not TLS but a plain HTTP request (a browser or curl
 * sent http:// to a TLS port): said as OpenSSL says it, with no alert, for
 * the peer reads no TLS.
 */
static int http_request(SSL *s, const kuma_br_watch *w)
{
    static const char *const methods[] = { "GET ", "POST ", "HEAD ", "PUT " };
    size_t i;

    if (w->records > 0 || s->role != KUMA_ROLE_SERVER)
        return 0;
    if (memcmp(w->hdr, "CONNE", 5) == 0) {
        kuma_br_reject(s, 0, SSL_R_HTTPS_PROXY_REQUEST, "ssl3_get_record", NULL);
        return 1;
    }
    for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
        if (memcmp(w->hdr, methods[i], 4) == 0) {
            kuma_br_reject(s, 0, SSL_R_HTTP_REQUEST, "ssl3_get_record", NULL);
            return 1;
        }
    return 0;
}

/* A complete record header. */
static void record_start(SSL *s, kuma_br_watch *w)
{
    int type = w->hdr[0];

    if (http_request(s, w))
        return;
    w->records++;

    w->rec_left = ((size_t)w->hdr[3] << 8) | w->hdr[4];
    if (type == SSL3_RT_CHANGE_CIPHER_SPEC) {
        w->peer_ccs = 1;
        kuma_br_judge_forget(&w->hello);        /* the hello phase is over */
    }
    if (type != SSL3_RT_ALERT || s->finished)
        w->alerts_in_row = 0;
    else if (++w->alerts_in_row > KUMA_WATCH_MAX_WARNINGS)
        kuma_br_reject(s, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_TOO_MANY_WARN_ALERTS,
                       "ssl3_read_bytes", NULL);
}

void kuma_br_watch_feed(SSL *s, const unsigned char *p, size_t n)
{
    br_state *st = s->engine_state;
    kuma_br_watch *w = &st->watch;

    while (n > 0 && !st->fail.notified) {
        size_t k;

        if (w->hdr_have < sizeof(w->hdr)) {
            w->hdr[w->hdr_have++] = *p;
            k = 1;
            if (w->hdr_have == sizeof(w->hdr)) {
                record_start(s, w);
                if (w->rec_left == 0)
                    w->hdr_have = 0;
            }
        } else {
            k = w->rec_left < n ? w->rec_left : n;
            if (w->hdr[0] == SSL3_RT_HANDSHAKE && !w->peer_ccs)
                handshake_bytes(s, w, p, k);
            w->rec_left -= k;
            if (w->rec_left == 0)
                w->hdr_have = 0;
        }
        p += k;
        n -= k;
    }
}

void kuma_br_watch_clear(kuma_br_watch *w)
{
    free(w->msg);
    kuma_br_judge_forget(&w->hello);
    memset(w, 0, sizeof(*w));
}
