/*
 * kumassl: BearSSL's record buffer, held only while a connection has
 * records in flight.
 *
 * A bidirectional BearSSL buffer is 33 KiB: three quarters of what an
 * established connection costs.  An idle connection (no partial record
 * either way, no application data waiting) needs none of it, so between
 * calls the buffer is freed and the engine keeps only its registers; the
 * next record allocates it again.  A record header that arrives while the
 * buffer is away is collected in hdr[], so a connection waiting for data
 * holds no buffer until a record really starts.
 *
 * BearSSL has no API for lending its buffer out: after
 * br_ssl_engine_set_buffers_bidi() the engine addresses the buffers only
 * through ibuf/obuf and offsets (ixa/ixb/ixc, oxa/oxb/oxc) into them, and at
 * rest the offsets say where the next header or payload goes, not what the
 * buffer holds.  So the pointers are swapped, and only in that state (see
 * at_rest()); this reads BearSSL 0.6's private fields, checked by the tests
 * that run every connection through release and reattachment.
 *
 * A busy connection comes to rest after every call, so released buffers of
 * the usual size go to a small process-wide pool rather than to free():
 * without it every 16 KiB record paid a malloc, a free and fresh pages
 * (a quarter of the bulk throughput). The pool holds at most POOL_MAX
 * buffers however many connections there are. Plaintext is wiped before
 * a buffer is pooled or freed.
 */
#include <pthread.h>
#include <string.h>
#include "br_int.h"

#define POOL_SIZE BR_SSL_BUFSIZE_BIDI   /* the size connections without limits use */
#define POOL_MAX 8

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char *pool[POOL_MAX];
static size_t pooled;

static unsigned char *buf_get(size_t size)
{
    unsigned char *p = NULL;

    if (size == POOL_SIZE) {
        pthread_mutex_lock(&pool_lock);
        if (pooled > 0)
            p = pool[--pooled];
        pthread_mutex_unlock(&pool_lock);
    }
    return p != NULL ? p : malloc(size);
}

/* Wipes the first `dirty` bytes of p, then pools or frees it. */
static void buf_put(unsigned char *p, size_t size, size_t dirty)
{
    OPENSSL_cleanse(p, dirty);
    if (size == POOL_SIZE) {
        pthread_mutex_lock(&pool_lock);
        if (pooled < POOL_MAX) {
            pool[pooled++] = p;
            p = NULL;
        }
        pthread_mutex_unlock(&pool_lock);
    }
    free(p);
}

/* At exit: the pool is not a leak (valgrind, LeakSanitizer). */
static void __attribute__((destructor)) pool_drain(void)
{
    pthread_mutex_lock(&pool_lock);
    while (pooled > 0)
        free(pool[--pooled]);
    pthread_mutex_unlock(&pool_lock);
}

int kuma_br_iobuf_start(kuma_br_iobuf *io, br_ssl_engine_context *eng, size_t in_len,
                        size_t out_len)
{
    io->buf = buf_get(in_len + out_len);
    if (io->buf == NULL) {
        KUMA_RAISE_AT("ssl3_setup_buffers", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
        return 0;
    }
    io->in_len = in_len;
    io->out_len = out_len;
    io->in_touched = in_len;            /* handshake records went anywhere */
    io->hdr_len = 0;
    br_ssl_engine_set_buffers_bidi(eng, io->buf, in_len, io->buf + in_len, out_len);
    return 1;
}

/*
 * Between records both ways: the engine waits for the first byte of a
 * header, has no plaintext to hand out, nothing accumulated or to send, and
 * no handshake running (application data allowed: BearSSL clears that
 * during renegotiations).
 */
static int at_rest(const br_ssl_engine_context *eng, unsigned bits)
{
    return bits == (BR_SSL_SENDAPP | BR_SSL_RECVREC)
        && eng->ixa == 0 && eng->ixb == 0 && eng->ixc == 5 && eng->oxa == eng->oxc;
}

int kuma_br_iobuf_release(kuma_br_iobuf *io, br_ssl_engine_context *eng)
{
    unsigned bits;

    if (io->buf == NULL)
        return 1;
    bits = br_ssl_engine_current_state(eng);
    if (!(bits & BR_SSL_CLOSED) && !at_rest(eng, bits))
        return 0;
    /* decrypted records are plaintext; what was sent is ciphertext (encrypted in place) */
    buf_put(io->buf, io->in_len + io->out_len, io->in_touched);
    io->buf = NULL;
    io->idle_bits = bits;
    io->in_touched = 0;
    eng->ibuf = NULL;
    eng->obuf = NULL;
    return 1;
}

int kuma_br_iobuf_attach(kuma_br_iobuf *io, br_ssl_engine_context *eng)
{
    unsigned char *p;
    size_t len;

    if (io->buf != NULL)
        return 1;
    io->buf = buf_get(io->in_len + io->out_len);
    if (io->buf == NULL) {
        KUMA_RAISE_AT("ssl3_setup_buffers", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
        return 0;
    }
    eng->ibuf = io->buf;
    eng->obuf = io->buf + io->in_len;
    if (io->hdr_len > 0) {
        p = br_ssl_engine_recvrec_buf(eng, &len);
        memcpy(p, io->hdr, io->hdr_len);
        io->in_touched = io->hdr_len;
        br_ssl_engine_recvrec_ack(eng, io->hdr_len);
        io->hdr_len = 0;
    }
    return 1;
}

unsigned char *kuma_br_iobuf_recv_buf(kuma_br_iobuf *io, br_ssl_engine_context *eng, size_t *len)
{
    unsigned char *p;

    if (io->buf == NULL) {
        *len = sizeof(io->hdr) - io->hdr_len;
        return io->hdr + io->hdr_len;
    }
    p = br_ssl_engine_recvrec_buf(eng, len);
    if (p != NULL && (size_t)(p - io->buf) + *len > io->in_touched)
        io->in_touched = (size_t)(p - io->buf) + *len;
    return p;
}

int kuma_br_iobuf_recv_ack(kuma_br_iobuf *io, br_ssl_engine_context *eng, size_t len)
{
    if (io->buf != NULL) {
        br_ssl_engine_recvrec_ack(eng, len);
        return 1;
    }
    io->hdr_len += len;
    return io->hdr_len < sizeof(io->hdr) || kuma_br_iobuf_attach(io, eng);
}

void kuma_br_iobuf_free(kuma_br_iobuf *io)
{
    if (io->buf == NULL)
        return;
    buf_put(io->buf, io->in_len + io->out_len, io->in_len + io->out_len);
    io->buf = NULL;
}
