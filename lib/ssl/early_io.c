/*
 * kumassl: the early-data (0-RTT) calls, SSL_read_early_data,
 * SSL_write_early_data and SSL_get_early_data_status, as OpenSSL 3's
 * manual describes them for peers that send no early data.
 *
 * A server written the way the manual recommends calls
 * SSL_read_early_data until it returns SSL_READ_EARLY_DATA_FINISH, then
 * SSL_read. The call completes the handshake, hands out the early data
 * kumassl's TLS 1.3 engine accepted (SSL_READ_EARLY_DATA_SUCCESS), then
 * returns FINISH; for a client that sends none (every TLS 1.2 client)
 * FINISH comes at once with no bytes;
 * SSL_write_early_data on the server then writes as SSL_write_ex does
 * (OpenSSL's server allows it after FINISH). A client can write early data
 * only on a TLS 1.3 session that allows it or with an external PSK; with
 * neither, OpenSSL refuses with ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, and so
 * does kumassl. kumassl's client keeps what SSL_write_early_data is given
 * and its TLS 1.3 engine sends it after the ClientHello when SSL_connect
 * starts the handshake (OpenSSL sends both at once, in the call), under
 * the early keys if the PSK offered allows that much. What became of it
 * is the engine's to report (kuma_events_ssl.early_status).
 */
#include <string.h>
#include "events_int.h"
#include "early_int.h"

#define EARLY_DATA_NEEDS_TLS13 \
    "early data needs TLS 1.3: a resumed TLS 1.3 session that allows it " \
    "(SSL_SESSION_get_max_early_data > 0) or an external PSK"
/* What a client keeps before its ClientHello: more than any PSK of OpenSSL's would allow anyway. */
#define KUMA_EARLY_MAX_KEPT (1u << 20)

/* OpenSSL decides the side by the method until the program or a handshake fixes it. */
static int acts_as_client(const SSL *s)
{
    return s->role == KUMA_ROLE_CLIENT
        || (s->role == KUMA_ROLE_ANY && s->ctx->method->role == KUMA_ROLE_CLIENT);
}

static int misuse(SSL *s, const char *why)
{
    ERR_raise_data(ERR_LIB_SSL, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, "%s", why);
    s->error_kind = SSL_ERROR_SSL;
    return 0;
}

/* The early-data state of s; NULL (error queued) when memory runs out. */
static kuma_events_ssl *early_state_of(SSL *s)
{
    kuma_events_ssl *ev = kuma_events_ssl_of(s);

    if (ev == NULL)
        s->error_kind = SSL_ERROR_SSL;
    return ev;
}

/*
 * The early data the engine kept, then FINISH. kumassl's engine keeps the
 * client's early data (at most SSL_get_recv_max_early_data bytes) until
 * the handshake is complete, so SSL_read_early_data returns it once the
 * client's Finished came rather than as it arrives, as OpenSSL does.
 */
static int deliver(kuma_events_ssl *ev, void *buf, size_t num, size_t *readbytes)
{
    size_t n = ev->early_len - ev->early_off;

    if (n == 0 || num == 0) {
        ev->early_state = KUMA_EARLY_FINISHED_READING;
        *readbytes = 0;
        return SSL_READ_EARLY_DATA_FINISH;
    }
    if (n > num)
        n = num;
    memcpy(buf, ev->early_buf + ev->early_off, n);
    ev->early_off += n;
    *readbytes = n;
    return SSL_READ_EARLY_DATA_SUCCESS;
}

int kuma_early_server_wants(SSL *s)
{
    const kuma_early *e = kuma_early_settings(s);

    if (s->events == NULL || s->events->early_state != KUMA_EARLY_ACCEPT_RETRY)
        return 0;
    return e->allow_early_data == NULL || e->allow_early_data(s, e->allow_early_data_arg);
}

/* Appends len bytes to the early data kept (received by a server, or to send by a client). */
static int keep(kuma_events_ssl *ev, const void *data, size_t len)
{
    unsigned char *p = realloc(ev->early_buf, ev->early_len + len + 1);

    if (p == NULL)
        return 0;
    memcpy(p + ev->early_len, data, len);
    ev->early_buf = p;
    ev->early_len += len;
    return 1;
}

int kuma_early_received(SSL *s, const unsigned char *data, size_t len)
{
    kuma_events_ssl *ev = s->events;

    return ev != NULL && ev->early_len + len <= kuma_early_settings(s)->recv_max_early_data
           && keep(ev, data, len);
}

int SSL_read_early_data(SSL *s, void *buf, size_t num, size_t *readbytes)
{
    kuma_events_ssl *ev;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, s) || KUMA_NULL_ARG(ERR_LIB_SSL, readbytes)
        || (buf == NULL && num > 0 && KUMA_NULL_ARG(ERR_LIB_SSL, buf)))
        return SSL_READ_EARLY_DATA_ERROR;
    if (acts_as_client(s))
        return misuse(s, "SSL_read_early_data on a client"), SSL_READ_EARLY_DATA_ERROR;
    if ((ev = early_state_of(s)) == NULL)
        return SSL_READ_EARLY_DATA_ERROR;
    switch (ev->early_state) {
    case KUMA_EARLY_NONE:
        if (!SSL_in_before(s))
            return misuse(s, "SSL_read_early_data after the handshake began"),
                   SSL_READ_EARLY_DATA_ERROR;
        ev->early_state = KUMA_EARLY_ACCEPT_RETRY;        /* the engine may accept early data */
        /* fall through */
    case KUMA_EARLY_ACCEPT_RETRY:
        if (SSL_accept(s) <= 0)
            return SSL_READ_EARLY_DATA_ERROR;               /* SSL_get_error says why */
        ev->early_state = KUMA_EARLY_DELIVERING;
        /* fall through */
    case KUMA_EARLY_DELIVERING:
        return deliver(ev, buf, num, readbytes);
    default:
        return misuse(s, "SSL_read_early_data after it returned SSL_READ_EARLY_DATA_FINISH"),
               SSL_READ_EARLY_DATA_ERROR;
    }
}

/* 1 when the client has something early data could be sent under (OpenSSL's condition). */
static int client_may_send_early(const SSL *s)
{
    const SSL_SESSION *sess = SSL_get_session(s);

    return (sess != NULL && SSL_SESSION_get_max_early_data(sess) > 0)
        || s->events->early.psk_use_session != NULL;
}

int SSL_write_early_data(SSL *s, const void *buf, size_t num, size_t *written)
{
    kuma_events_ssl *ev;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, s) || KUMA_NULL_ARG(ERR_LIB_SSL, written)
        || (ev = early_state_of(s)) == NULL)
        return 0;
    if (!acts_as_client(s)) {
        if (ev->early_state == KUMA_EARLY_FINISHED_READING)
            return SSL_write_ex(s, buf, num, written);
        return misuse(s, "SSL_write_early_data on a server before SSL_read_early_data finished");
    }
    if (!SSL_in_before(s))
        return misuse(s, "SSL_write_early_data after the handshake began");
    if (!client_may_send_early(s))
        return misuse(s, EARLY_DATA_NEEDS_TLS13);
    if (KUMA_NULL_ARG(ERR_LIB_SSL, buf) && num > 0)
        return 0;
    if (ev->early_len + num > KUMA_EARLY_MAX_KEPT) {
        ERR_raise(ERR_LIB_SSL, SSL_R_TOO_MUCH_EARLY_DATA);
        s->error_kind = SSL_ERROR_SSL;
        return 0;
    }
    if (!keep(ev, buf, num)) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        s->error_kind = SSL_ERROR_SSL;
        return 0;
    }
    *written = num;
    return 1;
}

size_t kuma_early_outgoing(SSL *s, const unsigned char **data)
{
    kuma_events_ssl *ev = s->events;

    if (ev == NULL || ev->early_len == 0)
        return 0;
    *data = ev->early_buf;
    return ev->early_len;
}

int SSL_get_early_data_status(const SSL *s)
{
    return s != NULL && s->events != NULL ? s->events->early_status : SSL_EARLY_DATA_NOT_SENT;
}

void kuma_early_set_status(SSL *s, int status)
{
    kuma_events_ssl *ev = kuma_events_ssl_of(s);

    if (ev != NULL)
        ev->early_status = status;
}
