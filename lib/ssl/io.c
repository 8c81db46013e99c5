/*
 * kumassl: the pump. Moves bytes between a TLS engine's four buffers and
 * the BIOs, and implements the handshake, read, write, pending and
 * shutdown calls on top of it. Written against kuma_engine_vtable only.
 *
 * Record semantics (DESIGN.md): one SSL_write of up to 16 KiB is one
 * record; one SSL_read returns data of one record at most; SSL_read
 * returns 0 only after close_notify, a bare TCP close is an error.
 */
#include <limits.h>
#include <string.h>
#include "io_int.h"

static int clamp_int(size_t n)
{
    return n > INT_MAX ? INT_MAX : (int)n;
}

/* Writes (part of) the engine's ready record straight from its buffer. */
static int send_record(SSL *s)
{
    size_t len;
    unsigned char *buf = s->engine->buf(s, KUMA_SENDREC, &len);
    int n = kuma_io_write(s, buf, len);

    if (n <= 0)
        return n;
    s->engine->ack(s, KUMA_SENDREC, (size_t)n);
    return 1;
}

static int recv_records(SSL *s)
{
    size_t len;
    unsigned char *buf = s->engine->buf(s, KUMA_RECVREC, &len);
    int n = kuma_io_read(s, buf, len);

    if (n <= 0)
        return n;
    /* A server looks at the ClientHello (SNI, ALPN) before its engine does. */
    if (s->role == KUMA_ROLE_SERVER && !s->hello_seen)
        kuma_ext_server_hello(s, buf, (size_t)n);
    s->engine->ack(s, KUMA_RECVREC, (size_t)n);
    return 1;
}

/*
 * A send that fails after the peer's close_notify only means the peer left
 * first: our answering close_notify is lost, the closure is still clean.
 */
static int send_after_peer_close(SSL *s, int (*send)(SSL *s))
{
    int r;

    ERR_set_mark();
    r = send(s);
    if (r < 0 && s->error_kind == SSL_ERROR_SYSCALL && s->engine->peer_closed(s)) {
        ERR_pop_to_mark();
        s->error_kind = SSL_ERROR_NONE;
        return PUMP_CLOSED;
    }
    ERR_clear_last_mark();
    return r;
}

/*
 * Hands the transport every record the engine has ready, in one write
 * (io_transport.c). `direct`: the caller expects a single record that
 * nothing follows (application data, close_notify), so it goes straight
 * from the engine's buffer unless earlier bytes are still waiting.
 */
static int send_ready(SSL *s, int direct)
{
    while (s->engine->state(s) & KUMA_SENDREC) {
        int r = direct && kuma_io_flight_empty(s) ? send_after_peer_close(s, send_record)
                                                  : kuma_io_gather(s);
        if (r <= 0)
            return r;
    }
    return send_after_peer_close(s, kuma_io_send_flight);
}

/*
 * Runs the engine until one of the `want` state bits is available. The
 * records it produces on the way are gathered into one flight, written
 * when the engine waits for input or closes. When `want` is reached they
 * may still be waiting: for an SSL_write, whose records join them;
 * pump_sent() sends them first.
 */
static int pump(SSL *s, unsigned want)
{
    for (;;) {
        unsigned st;
        int r;

        while ((st = s->engine->state(s)) & KUMA_SENDREC)
            if ((r = kuma_io_gather(s)) <= 0)
                return r;
        if ((st & want) && !(st & KUMA_CLOSED))
            return PUMP_REACHED;
        if ((r = send_ready(s, 0)) <= 0)        /* the engine waits for input: its flight leaves */
            return r;
        if (st & KUMA_CLOSED)
            return PUMP_CLOSED;
        if (!(st & KUMA_RECVREC)) {
            ERR_raise_data(ERR_LIB_SSL, ERR_R_INTERNAL_ERROR, "TLS engine stalled (state %u)", st);
            s->error_kind = SSL_ERROR_SSL;
            return PUMP_BLOCKED;
        }
        if ((r = recv_records(s)) <= 0)
            return r;
    }
}

/* As pump(), with everything the engine produced written when `want` is reached. */
static int pump_sent(SSL *s, unsigned want)
{
    int r = pump(s, want);

    return r == PUMP_REACHED ? send_ready(s, 0) : r;
}

/* Sends the record just made (application data, close_notify) and anything before it. */
static int drain(SSL *s)
{
    return send_ready(s, 1);
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
    kuma_io_rest(s);
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

/*
 * SSL_do_handshake on an established connection: records the engine has
 * ready (a KeyUpdate from SSL_key_update) leave now, as OpenSSL's manual
 * promises, instead of with the next SSL_write.
 */
static int send_post_handshake(SSL *s)
{
    int r;

    if (s->engine_state == NULL || !(s->engine->state(s) & KUMA_SENDREC))
        return 1;
    r = send_ready(s, 0);
    return r == PUMP_CLOSED ? 1 : r;
}

static int handshake_step(SSL *s)
{
    int r;

    if (s->finished)
        return send_post_handshake(s);
    ERR_clear_error();                  /* as OpenSSL's state machine: old errors are not ours */
    if (s->role == KUMA_ROLE_ANY) {
        ERR_raise(ERR_LIB_SSL, SSL_R_CONNECTION_TYPE_NOT_SET);
        s->error_kind = SSL_ERROR_SSL;
        return -1;
    }
    if (!s->started) {
        s->started = 1;
        kuma_ctx_trust_defaults(s);
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
    r = pump_sent(s, KUMA_SENDAPP | KUMA_RECVAPP);
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
    if (r <= 0 && (s->error_kind == SSL_ERROR_SSL || s->error_kind == SSL_ERROR_SYSCALL))
        kuma_early_note_failure(s);
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
    r = pump_sent(s, KUMA_RECVAPP);
    if (r == PUMP_REACHED) {
        data = s->engine->buf(s, KUMA_RECVAPP, &len);
        if (len > num)
            len = num;
        memcpy(buf, data, len);
        if (!peek)
            s->engine->ack(s, KUMA_RECVAPP, len);
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
    if (s->engine->state((SSL *)s) & KUMA_RECVAPP)
        s->engine->buf((SSL *)s, KUMA_RECVAPP, &len);
    return clamp_int(len);
}

int SSL_has_pending(const SSL *s)
{
    if (SSL_pending(s) > 0)
        return 1;
    /* bytes read ahead count, as with OpenSSL's read-ahead buffer */
    return s != NULL && (kuma_io_ahead_pending(s) > 0
                         || (s->rbio != NULL && BIO_ctrl_pending(s->rbio) > 0));
}

/* ---- writing ---------------------------------------------------------------------------- */

/*
 * Hands the engine one record's worth of data; the record stays in the
 * engine until write_call() sends it, or the next record's pump() gathers it.
 */
static int write_record(SSL *s, const unsigned char *buf, size_t num)
{
    size_t avail, chunk;
    unsigned char *dst;
    int r = pump(s, KUMA_SENDAPP);

    if (r != PUMP_REACHED)
        return r;
    dst = s->engine->buf(s, KUMA_SENDAPP, &avail);
    if (dst == NULL)                    /* the engine died getting its buffer back */
        return pump(s, KUMA_SENDAPP);
    if (avail > s->cfg.max_send_fragment)
        avail = s->cfg.max_send_fragment;
    chunk = num - s->write_done < avail ? num - s->write_done : avail;
    memcpy(dst, buf + s->write_done, chunk);
    s->engine->ack(s, KUMA_SENDAPP, chunk);
    s->engine->flush(s);
    s->write_done += chunk;
    return 1;
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

/* The record just made is the call's last (all taken, or partial writes allowed). */
static int write_ends(const SSL *s, size_t num)
{
    return s->write_done == num || (s->cfg.mode & SSL_MODE_ENABLE_PARTIAL_WRITE);
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
    /*
     * The records of one call leave together (a few per write): written one
     * by one, the second would wait for the peer's delayed ACK (Nagle). A
     * single record goes straight from the engine's buffer.
     */
    while (s->write_done < num
           && !(s->write_done > 0 && (s->cfg.mode & SSL_MODE_ENABLE_PARTIAL_WRITE))) {
        r = write_record(s, buf, num);
        if (r > 0 && (write_ends(s, num) || kuma_io_flight_full(s)))
            r = drain(s);
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

    while ((r = pump(s, KUMA_RECVAPP)) == PUMP_REACHED) {
        s->engine->buf(s, KUMA_RECVAPP, &len);
        s->engine->ack(s, KUMA_RECVAPP, len);
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
    if (s->cfg.quiet_shutdown) {
        /* as OpenSSL: no close_notify is sent, and the connection counts as closed both ways */
        s->shutdown = SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN;
        return 1;
    }
    begin_call(s);
    return end_call(s, shutdown_call(s));
}

void SSL_CTX_set_quiet_shutdown(SSL_CTX *ctx, int mode)
{
    if (ctx != NULL)
        ctx->cfg.quiet_shutdown = mode != 0;
}

int SSL_CTX_get_quiet_shutdown(const SSL_CTX *ctx)
{
    return ctx != NULL && ctx->cfg.quiet_shutdown;
}

void SSL_set_quiet_shutdown(SSL *s, int mode)
{
    if (s != NULL)
        s->cfg.quiet_shutdown = mode != 0;
}

int SSL_get_quiet_shutdown(const SSL *s)
{
    return s != NULL && s->cfg.quiet_shutdown;
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
