/*
 * kumassl: the pump's transport. Bytes go to and come from the BIOs here.
 *
 * Writing: an engine over BearSSL's interface hands out one record at a
 * time, and a handshake flight is several (ClientKeyExchange,
 * ChangeCipherSpec, Finished). Written one BIO_write each, they become
 * several TCP segments, and a peer that does not set TCP_NODELAY (nearly
 * none does) lets Nagle's algorithm hold the second until the first is
 * acknowledged: a delayed ACK, some 40 ms per handshake. So the pump
 * gathers the records of a flight here and writes them at once when the
 * engine next waits for input. An SSL_write longer than a record likewise
 * gathers its records (a few per write). A single application data record
 * skips the copy: the pump writes it straight from the engine's buffer.
 *
 * Reading: without read-ahead, rbio is asked for exactly what the engine
 * wants (a record header, then its body), so not one byte past the record
 * is consumed: a program may take the socket back after close_notify.
 * With SSL_set_read_ahead, one BIO_read takes as much as a record can
 * hold and the engine is fed from that buffer.
 *
 * Either buffer exists only while it holds bytes.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "io_int.h"

/* One read-ahead: the largest record (header, payload and protection). */
#define AHEAD_SIZE (5 + 16384 + 2048)
/* Initial capacity of a flight: CCS and Finished, or a short server flight. */
#define FLIGHT_MIN 512
/*
 * A long SSL_write's records are written a few at a time: two 16 KiB
 * records and the next make one write of 48 KiB, the buffer stays 64 KiB.
 */
#define FLIGHT_FULL 32768

static int clamp_int(size_t n)
{
    return n > INT_MAX ? INT_MAX : (int)n;
}

static void bytes_clear(kuma_bytes *b)
{
    free(b->buf);
    memset(b, 0, sizeof(*b));
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

/* ---- writing ------------------------------------------------------------------- */

int kuma_io_write(SSL *s, const unsigned char *p, size_t len)
{
    int n;

    errno = 0;
    n = s->wbio != NULL ? BIO_write(s->wbio, p, clamp_int(len)) : -1;
    return n > 0 ? n : transport_failed(s, s->wbio, 0);
}

int kuma_io_queue(SSL *s, const void *bytes, size_t len)
{
    kuma_bytes *f = &s->flight;
    unsigned char *p;
    size_t cap = f->cap > 0 ? f->cap : FLIGHT_MIN;

    if (len > SIZE_MAX - f->len) {
        KUMA_RAISE_AT("ssl3_write_bytes", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
        return 0;
    }
    while (cap < f->len + len)
        cap = cap > SIZE_MAX / 2 ? f->len + len : cap * 2;
    if (cap != f->cap) {
        if ((p = realloc(f->buf, cap)) == NULL) {
            KUMA_RAISE_AT("ssl3_write_bytes", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
            return 0;
        }
        f->buf = p;
        f->cap = cap;
    }
    memcpy(f->buf + f->len, bytes, len);
    f->len += len;
    return 1;
}

int kuma_io_gather(SSL *s)
{
    size_t len;
    unsigned char *rec = s->engine->buf(s, KUMA_SENDREC, &len);

    if (!kuma_io_queue(s, rec, len)) {
        s->error_kind = SSL_ERROR_SSL;
        return PUMP_BLOCKED;
    }
    s->engine->ack(s, KUMA_SENDREC, len);
    return 1;
}

int kuma_io_flight_empty(const SSL *s)
{
    return s->flight.len == s->flight.done;
}

int kuma_io_flight_full(const SSL *s)
{
    return s->flight.len - s->flight.done >= FLIGHT_FULL;
}

int kuma_io_send_flight(SSL *s)
{
    kuma_bytes *f = &s->flight;

    while (f->done < f->len) {
        int n = kuma_io_write(s, f->buf + f->done, f->len - f->done);
        if (n <= 0)
            return n;
        f->done += (size_t)n;
    }
    if (f->buf != NULL)
        bytes_clear(f);
    return 1;
}

int kuma_io_flush(SSL *s)
{
    int r;

    ERR_set_mark();
    r = kuma_io_send_flight(s);
    ERR_pop_to_mark();
    return r > 0;
}

/* ---- reading ------------------------------------------------------------------- */

static size_t take_ahead(kuma_bytes *a, unsigned char *buf, size_t len)
{
    size_t n = a->len - a->done < len ? a->len - a->done : len;

    memcpy(buf, a->buf + a->done, n);
    a->done += n;
    return n;
}

/* The read-ahead buffer, allocated when a read needs it: 1, or 0 with the error noted. */
static int ahead_ready(SSL *s, kuma_bytes *a)
{
    if (a->buf == NULL && (a->buf = malloc(AHEAD_SIZE)) == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        s->error_kind = SSL_ERROR_SSL;
        return 0;
    }
    a->cap = AHEAD_SIZE;
    a->len = a->done = 0;
    return 1;
}

int kuma_io_read(SSL *s, unsigned char *buf, size_t len)
{
    kuma_bytes *a = &s->ahead;
    int ahead = s->cfg.read_ahead, n;

    if (a->done < a->len)
        return (int)take_ahead(a, buf, len);
    if (s->rbio == NULL)
        return transport_failed(s, NULL, 1);
    if (ahead && !ahead_ready(s, a))
        return PUMP_BLOCKED;
    errno = 0;
    n = ahead ? BIO_read(s->rbio, a->buf, AHEAD_SIZE) : BIO_read(s->rbio, buf, clamp_int(len));
    if (n == 0)
        return PUMP_EOF;
    if (n < 0)
        return transport_failed(s, s->rbio, 1);
    if (!ahead)
        return n;
    a->len = (size_t)n;
    return (int)take_ahead(a, buf, len);
}

size_t kuma_io_ahead_pending(const SSL *s)
{
    return s->ahead.len - s->ahead.done;
}

void kuma_io_rest(SSL *s)
{
    if (s->ahead.buf != NULL && s->ahead.done == s->ahead.len)
        bytes_clear(&s->ahead);
}

void kuma_io_free(SSL *s)
{
    bytes_clear(&s->ahead);
    bytes_clear(&s->flight);
}

/* ---- read-ahead settings ------------------------------------------------------------ */

void SSL_set_read_ahead(SSL *s, int yes)
{
    s->cfg.read_ahead = yes != 0;
}

int SSL_get_read_ahead(const SSL *s)
{
    return s->cfg.read_ahead;
}
