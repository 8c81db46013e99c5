/*
 * kumassl: the pump. Moves bytes between a TLS engine's four buffers and
 * the BIOs, and implements the handshake, read, write, pending and
 * shutdown calls on top of it. Written against kuma_engine_vtable only.
 *
 * Record semantics (DESIGN.md): one SSL_write of up to 16 KiB is one
 * record; one SSL_read returns data of one record at most; SSL_read
 * returns 0 only after close_notify, a bare TCP close is an error.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "ssl_int.h"

/* What pump() ran into when it did not reach its target. */
#define PUMP_REACHED 1
#define PUMP_CLOSED 0           /* the engine closed (cleanly or not) */
#define PUMP_BLOCKED (-1)       /* retry later, or transport error: see s->error_kind */
#define PUMP_EOF (-2)           /* the transport ended without close_notify */

static int clamp_int(size_t n)
{
    return n > INT_MAX ? INT_MAX : (int)n;
}

/* Notes a transport failure: retry later, or a system error with errno. */
static int transport_failed(SSL *s, BIO *b, int reading)
{
    int err = errno;

    if (b != NULL && BIO_should_retry(b)) {
        s->rwstate = reading ? SSL_READING : SSL_WRITING;
        s->error_kind = reading ? SSL_ERROR_WANT_READ : SSL_ERROR_WANT_WRITE;
        return PUMP_BLOCKED;
    }
    if (b == NULL) {
        ERR_raise_data(ERR_LIB_SSL, ERR_R_PASSED_NULL_PARAMETER, "no BIO or fd attached (SSL_set_fd)");
        s->error_kind = SSL_ERROR_SSL;
    } else {
        if (err != 0)
            ERR_raise_data(ERR_LIB_SYS, err, reading ? "calling recv()" : "calling send()");
        s->error_kind = SSL_ERROR_SYSCALL;
    }
    return PUMP_BLOCKED;
}

static int send_records(SSL *s)
{
    size_t len;
    unsigned char *buf = s->engine->buf(s, BR_SSL_SENDREC, &len);
    int n;

    errno = 0;
    n = s->wbio != NULL ? BIO_write(s->wbio, buf, clamp_int(len)) : -1;
    if (n <= 0)
        return transport_failed(s, s->wbio, 0);
    s->engine->ack(s, BR_SSL_SENDREC, (size_t)n);
    return 1;
}

static int recv_records(SSL *s)
{
    size_t len;
    unsigned char *buf = s->engine->buf(s, BR_SSL_RECVREC, &len);
    int n;

    errno = 0;
    n = s->rbio != NULL ? BIO_read(s->rbio, buf, clamp_int(len)) : -1;
    if (n == 0)
        return PUMP_EOF;
    if (n < 0)
        return transport_failed(s, s->rbio, 1);
    /* A server looks at the ClientHello (SNI, ALPN) before its engine does. */
    if (s->role == KUMA_ROLE_SERVER && !s->hello_seen)
        kuma_ext_server_hello(s, buf, (size_t)n);
    s->engine->ack(s, BR_SSL_RECVREC, (size_t)n);
    return 1;
}

/*
 * A send that fails after the peer's close_notify only means the peer left
 * first: our answering close_notify is lost, the closure is still clean.
 */
static int send_after_peer_close(SSL *s)
{
    int r;

    ERR_set_mark();
    r = send_records(s);
    if (r < 0 && s->error_kind == SSL_ERROR_SYSCALL && s->engine->peer_closed(s)) {
        ERR_pop_to_mark();
        s->error_kind = SSL_ERROR_NONE;
        return PUMP_CLOSED;
    }
    ERR_clear_last_mark();
    return r;
}

/* Runs the engine until one of the `want` state bits is available. */
static int pump(SSL *s, unsigned want)
{
    for (;;) {
        unsigned st = s->engine->state(s);
        int r;

        if (st & BR_SSL_CLOSED)
            return PUMP_CLOSED;
        if (st & BR_SSL_SENDREC) {
            r = send_after_peer_close(s);
            if (r <= 0)
                return r;
            continue;
        }
        if (st & want)
            return PUMP_REACHED;
        if (!(st & BR_SSL_RECVREC)) {
            ERR_raise_data(ERR_LIB_SSL, ERR_R_INTERNAL_ERROR, "TLS engine stalled (state %u)", st);
            s->error_kind = SSL_ERROR_SSL;
            return PUMP_BLOCKED;
        }
        r = recv_records(s);
        if (r <= 0)
            return r;
    }
}

/* Sends every record the engine has ready. */
static int drain(SSL *s)
{
    while (s->engine->state(s) & BR_SSL_SENDREC) {
        int r = send_after_peer_close(s);
        if (r <= 0)
            return r;
    }
    return 1;
}

static void begin_call(SSL *s)
{
    s->error_kind = SSL_ERROR_NONE;
    s->rwstate = SSL_NOTHING;
}

/* Ends a call that ran the engine: one at rest gives memory back until the next. */
static int end_call(SSL *s, int r)
{
    if (s->engine_state != NULL)
        s->engine->idle(s);
    return r;
}

/* The engine stopped: a clean close (1) or a failure (0, error queued). */
static int engine_closed_cleanly(SSL *s)
{
    if (!s->engine->raise_failure(s))
        return 1;
    s->error_kind = SSL_ERROR_SSL;
    return 0;
}

static void unexpected_eof(SSL *s)
{
    ERR_raise(ERR_LIB_SSL, SSL_R_UNEXPECTED_EOF_WHILE_READING);
    s->error_kind = SSL_ERROR_SSL;
}

/* ---- handshake ------------------------------------------------------------------- */

static int handshake_step(SSL *s)
{
    int r;

    if (s->finished)
        return 1;
    if (s->role == KUMA_ROLE_ANY) {
        ERR_raise(ERR_LIB_SSL, SSL_R_CONNECTION_TYPE_NOT_SET);
        s->error_kind = SSL_ERROR_SSL;
        return -1;
    }
    if (!s->started) {
        s->started = 1;
        s->engine = kuma_engine_for(s);
        if (!s->engine->start(s)) {
            s->error_kind = SSL_ERROR_SSL;
            return -1;
        }
        kuma_events_handshake_start(s);
    }
    if (s->engine_state == NULL) {      /* start() failed earlier */
        s->error_kind = SSL_ERROR_SSL;
        return -1;
    }
    r = pump(s, BR_SSL_SENDAPP | BR_SSL_RECVAPP);
    if (r == PUMP_REACHED) {
        s->finished = 1;
        s->engine->handshake_done(s);
        kuma_events_handshake_done(s);
        return 1;
    }
    if (r == PUMP_EOF)
        unexpected_eof(s);
    else if (r == PUMP_CLOSED && engine_closed_cleanly(s)) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_SSL_HANDSHAKE_FAILURE, "peer closed during the handshake");
        s->error_kind = SSL_ERROR_SSL;
    } else if (r == PUMP_CLOSED)
        s->engine->notify_failure(s);
    return -1;
}

int kuma_handshake(SSL *s)
{
    int r = handshake_step(s);

    if (r <= 0 && s->started)
        kuma_events_handshake_exit(s, r);
    return r;
}

int SSL_do_handshake(SSL *s)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return -1;
    begin_call(s);
    return end_call(s, kuma_handshake(s));
}

/* SSL_connect / SSL_accept: choose the role unless the method fixed the other one. */
static int handshake_as(SSL *s, enum kuma_role role)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return -1;
    begin_call(s);
    if (s->ctx->method->role != KUMA_ROLE_ANY && s->ctx->method->role != role) {
        ERR_raise_data(ERR_LIB_SSL, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED,
                       role == KUMA_ROLE_CLIENT ? "SSL_connect with a server method"
                                                : "SSL_accept with a client method");
        s->error_kind = SSL_ERROR_SSL;
        return -1;
    }
    if (!s->started)
        s->role = role;
    return end_call(s, kuma_handshake(s));
}

int SSL_connect(SSL *s)
{
    return handshake_as(s, KUMA_ROLE_CLIENT);
}

int SSL_accept(SSL *s)
{
    return handshake_as(s, KUMA_ROLE_SERVER);
}

/* ---- reading ------------------------------------------------------------------------ */

/* The peer's close_notify (or a tolerated bare EOF) ends the stream. */
/* Notes the peer's close_notify once. */
static void received_close_notify(SSL *s)
{
    if (!(s->shutdown & SSL_RECEIVED_SHUTDOWN))
        kuma_events_alert(s, SSL_CB_READ_ALERT, SSL3_AL_WARNING, SSL_AD_CLOSE_NOTIFY);
    s->shutdown |= SSL_RECEIVED_SHUTDOWN;
}

static int end_of_stream(SSL *s)
{
    received_close_notify(s);
    s->error_kind = SSL_ERROR_ZERO_RETURN;
    return 0;
}

static int read_call(SSL *s, void *buf, size_t num, size_t *readbytes, int peek)
{
    unsigned char *data;
    size_t len;
    int r;

    if (!s->finished && (r = kuma_handshake(s)) <= 0)
        return r;
    if (s->shutdown & SSL_RECEIVED_SHUTDOWN)
        return end_of_stream(s);
    if (KUMA_NULL_ARG(ERR_LIB_SSL, buf))
        return -1;
    r = pump(s, BR_SSL_RECVAPP);
    if (r == PUMP_REACHED) {
        data = s->engine->buf(s, BR_SSL_RECVAPP, &len);
        if (len > num)
            len = num;
        memcpy(buf, data, len);
        if (!peek)
            s->engine->ack(s, BR_SSL_RECVAPP, len);
        *readbytes = len;
        return 1;
    }
    if (r == PUMP_CLOSED)
        return engine_closed_cleanly(s) ? end_of_stream(s) : -1;
    if (r == PUMP_EOF) {
        if (s->cfg.options & SSL_OP_IGNORE_UNEXPECTED_EOF)
            return end_of_stream(s);
        unexpected_eof(s);
        return 0;
    }
    return -1;
}

static int read_internal(SSL *s, void *buf, size_t num, size_t *readbytes, int peek)
{
    *readbytes = 0;
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return -1;
    begin_call(s);
    return end_call(s, read_call(s, buf, num, readbytes, peek));
}

/* The int-returning form of the _ex calls. */
static int read_int(SSL *s, void *buf, int num, int peek)
{
    size_t got;
    int r;

    if (num < 0) {
        ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
        return -1;
    }
    r = read_internal(s, buf, (size_t)num, &got, peek);
    return r > 0 ? (int)got : r;
}

int SSL_read(SSL *s, void *buf, int num)
{
    return read_int(s, buf, num, 0);
}

int SSL_peek(SSL *s, void *buf, int num)
{
    return read_int(s, buf, num, 1);
}

int SSL_read_ex(SSL *s, void *buf, size_t num, size_t *readbytes)
{
    size_t dummy;

    return read_internal(s, buf, num, readbytes != NULL ? readbytes : &dummy, 0) > 0;
}

int SSL_peek_ex(SSL *s, void *buf, size_t num, size_t *readbytes)
{
    size_t dummy;

    return read_internal(s, buf, num, readbytes != NULL ? readbytes : &dummy, 1) > 0;
}

int SSL_pending(const SSL *s)
{
    size_t len = 0;

    if (s == NULL || s->engine_state == NULL)
        return 0;
    if (s->engine->state((SSL *)s) & BR_SSL_RECVAPP)
        s->engine->buf((SSL *)s, BR_SSL_RECVAPP, &len);
    return clamp_int(len);
}

int SSL_has_pending(const SSL *s)
{
    if (SSL_pending(s) > 0)
        return 1;
    return s != NULL && s->rbio != NULL && BIO_ctrl_pending(s->rbio) > 0;
}

/* ---- writing ---------------------------------------------------------------------------- */

/* Hands the engine one record's worth of data and sends the record. */
static int write_record(SSL *s, const unsigned char *buf, size_t num)
{
    size_t avail, chunk;
    unsigned char *dst;
    int r = pump(s, BR_SSL_SENDAPP);

    if (r != PUMP_REACHED)
        return r;
    dst = s->engine->buf(s, BR_SSL_SENDAPP, &avail);
    if (dst == NULL)                    /* the engine died getting its buffer back */
        return pump(s, BR_SSL_SENDAPP);
    if (avail > s->cfg.max_send_fragment)
        avail = s->cfg.max_send_fragment;
    chunk = num - s->write_done < avail ? num - s->write_done : avail;
    memcpy(dst, buf + s->write_done, chunk);
    s->engine->ack(s, BR_SSL_SENDAPP, chunk);
    s->engine->flush(s);
    s->write_done += chunk;
    return drain(s);
}

static int write_failed(SSL *s, int r)
{
    if (r == PUMP_CLOSED) {
        if (engine_closed_cleanly(s)) {
            ERR_raise(ERR_LIB_SSL, SSL_R_PROTOCOL_IS_SHUTDOWN);
            s->error_kind = SSL_ERROR_SSL;
        }
        s->write_done = 0;
    } else if (r == PUMP_EOF) {
        unexpected_eof(s);
        s->write_done = 0;
    }
    /* PUMP_BLOCKED: write_done is kept for the retry with the same arguments */
    return -1;
}

static int write_call(SSL *s, const void *buf, size_t num, size_t *written)
{
    int r;

    if (s->shutdown & SSL_SENT_SHUTDOWN) {
        ERR_raise(ERR_LIB_SSL, SSL_R_PROTOCOL_IS_SHUTDOWN);
        s->error_kind = SSL_ERROR_SSL;
        return -1;
    }
    if (!s->finished && (r = kuma_handshake(s)) <= 0)
        return r;
    if (num > 0 && KUMA_NULL_ARG(ERR_LIB_SSL, buf))
        return -1;
    if (s->write_done > num) {
        /* a retry must repeat the call; a shorter buffer cannot be what was taken */
        ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
        s->error_kind = SSL_ERROR_SSL;
        return -1;
    }
    if (s->write_done > 0 && (r = drain(s)) <= 0)       /* a retried write */
        return write_failed(s, r);
    while (s->write_done < num
           && !(s->write_done > 0 && (s->cfg.mode & SSL_MODE_ENABLE_PARTIAL_WRITE))) {
        r = write_record(s, buf, num);
        if (r <= 0)
            return write_failed(s, r);
    }
    *written = s->write_done;
    s->write_done = 0;
    return 1;
}

static int write_internal(SSL *s, const void *buf, size_t num, size_t *written)
{
    *written = 0;
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return -1;
    begin_call(s);
    return end_call(s, write_call(s, buf, num, written));
}

int SSL_write_ex(SSL *s, const void *buf, size_t num, size_t *written)
{
    size_t dummy;

    return write_internal(s, buf, num, written != NULL ? written : &dummy) > 0;
}

int SSL_write(SSL *s, const void *buf, int num)
{
    size_t done;
    int r;

    if (num <= 0) {
        /* OpenSSL's manual: "You should not call SSL_write() with num=0". */
        ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
        return num < 0 ? -1 : 0;
    }
    r = write_internal(s, buf, (size_t)num, &done);
    return r > 0 ? (int)done : r;
}

/* ---- shutdown ----------------------------------------------------------------------------- */

/* Waits for the peer's close_notify, dropping application data still in flight. */
static int await_peer_close(SSL *s)
{
    size_t len;
    int r;

    while ((r = pump(s, BR_SSL_RECVAPP)) == PUMP_REACHED) {
        s->engine->buf(s, BR_SSL_RECVAPP, &len);
        s->engine->ack(s, BR_SSL_RECVAPP, len);
    }
    if (r == PUMP_CLOSED && engine_closed_cleanly(s)) {
        received_close_notify(s);
        return 1;
    }
    if (r == PUMP_EOF)
        unexpected_eof(s);
    return -1;
}

static int shutdown_call(SSL *s)
{
    int r;

    if (!s->finished || s->engine_state == NULL) {
        ERR_raise(ERR_LIB_SSL, SSL_R_SHUTDOWN_WHILE_IN_INIT);
        s->error_kind = SSL_ERROR_SSL;
        return -1;
    }
    if (!(s->shutdown & SSL_SENT_SHUTDOWN)) {
        s->shutdown |= SSL_SENT_SHUTDOWN;
        s->engine->close(s);
        kuma_events_alert(s, SSL_CB_WRITE_ALERT, SSL3_AL_WARNING, SSL_AD_CLOSE_NOTIFY);
    }
    r = drain(s);
    if (r < 0)
        return -1;
    if (s->engine->peer_closed(s) || (s->shutdown & SSL_RECEIVED_SHUTDOWN)) {
        received_close_notify(s);
        return 1;
    }
    if (!s->shutdown_waited) {
        s->shutdown_waited = 1;
        return 0;
    }
    return await_peer_close(s);
}

int SSL_shutdown(SSL *s)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return -1;
    begin_call(s);
    return end_call(s, shutdown_call(s));
}

int SSL_get_shutdown(const SSL *s)
{
    return s->shutdown;
}

void SSL_set_shutdown(SSL *s, int mode)
{
    s->shutdown = mode;
}

/* ---- status ---------------------------------------------------------------------------------- */

int SSL_get_error(const SSL *s, int ret_code)
{
    unsigned long e;

    if (ret_code > 0)
        return SSL_ERROR_NONE;
    e = ERR_peek_error();
    if (e != 0)
        return ERR_GET_LIB(e) == ERR_LIB_SYS ? SSL_ERROR_SYSCALL : SSL_ERROR_SSL;
    if (s == NULL || s->error_kind == SSL_ERROR_NONE)
        return SSL_ERROR_SYSCALL;
    return s->error_kind;
}

int SSL_want(const SSL *s)
{
    return s->rwstate;
}
