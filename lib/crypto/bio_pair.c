/*
 * kumassl: BIO pairs (BIO_s_bio), as OpenSSL's.
 *
 * Each half owns a bounded ring buffer holding what was written to it; the
 * other half reads from there.  Bounded so that an SSL writing into a pair
 * meets back-pressure (BIO_should_write) as it would on a socket, which is
 * what lets a program drive both ends from one event loop.
 */
#include <string.h>
#include "crypto_int.h"

/* OpenSSL's default: one maximal TLS record with room to spare. */
#define PAIR_DEFAULT_SIZE (17 * 1024)

typedef struct {
    BIO *peer;              /* the other half, NULL while unpaired */
    int closed;             /* BIO_shutdown_wr: no more writes */
    unsigned char *buf;     /* what this half's writer wrote, for the peer */
    size_t size;            /* capacity of buf */
    size_t len;             /* bytes in buf */
    size_t offset;          /* where the oldest byte is */
    size_t request;         /* what the peer wanted when it found buf empty */
} pair_half;

static int pair_create(BIO *b)
{
    pair_half *h = calloc(1, sizeof(*h));

    if (h == NULL) {
        ERR_raise(ERR_LIB_BIO, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    h->size = PAIR_DEFAULT_SIZE;
    b->ptr = h;
    return 1;
}

/* Detaches b and its peer; buffered bytes are dropped on both sides. */
static void pair_unlink(BIO *b)
{
    pair_half *h = b->ptr;
    pair_half *p;

    if (h->peer == NULL)
        return;
    p = h->peer->ptr;
    p->peer = NULL;
    p->len = p->offset = 0;
    h->peer = NULL;
    h->len = h->offset = 0;
}

static int pair_destroy(BIO *b)
{
    pair_half *h = b->ptr;

    pair_unlink(b);
    free(h->buf);
    free(h);
    return 1;
}

/* Copies up to n bytes out of the ring; returns how many. */
static size_t ring_take(pair_half *h, unsigned char *out, size_t n)
{
    size_t done = 0;

    if (n > h->len)
        n = h->len;
    while (done < n) {
        size_t chunk = h->size - h->offset;

        if (chunk > n - done)
            chunk = n - done;
        memcpy(out + done, h->buf + h->offset, chunk);
        done += chunk;
        h->offset = (h->offset + chunk) % h->size;
        h->len -= chunk;
    }
    if (h->len == 0)
        h->offset = 0;          /* keeps later copies in one piece */
    return done;
}

/* Copies up to n bytes into the ring's free space; returns how many. */
static size_t ring_put(pair_half *h, const unsigned char *in, size_t n)
{
    size_t done = 0;

    if (n > h->size - h->len)
        n = h->size - h->len;
    while (done < n) {
        size_t end = (h->offset + h->len) % h->size;
        size_t chunk = (end >= h->offset ? h->size : h->offset) - end;

        if (chunk > n - done)
            chunk = n - done;
        memcpy(h->buf + end, in + done, chunk);
        done += chunk;
        h->len += chunk;
    }
    return done;
}

static int pair_read(BIO *b, char *out, int outl)
{
    pair_half *h = b->ptr;
    pair_half *src;

    if (h->peer == NULL)
        return 0;
    src = h->peer->ptr;
    src->request = 0;
    if (outl == 0)
        return 0;
    if (src->len == 0) {
        if (src->closed)
            return 0;           /* the writer is done and all was read */
        BIO_set_flags(b, BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY);
        /* Never ask for more than the writer can deliver at once. */
        src->request = (size_t)outl < src->size ? (size_t)outl : src->size;
        return -1;
    }
    return (int)ring_take(src, (unsigned char *)out, (size_t)outl);
}

static int pair_write(BIO *b, const char *in, int inl)
{
    pair_half *h = b->ptr;

    if (h->peer == NULL || inl == 0)
        return 0;
    h->request = 0;
    if (h->closed) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_BROKEN_PIPE, "write after BIO_shutdown_wr");
        return -1;
    }
    if (h->len == h->size) {
        BIO_set_flags(b, BIO_FLAGS_WRITE | BIO_FLAGS_SHOULD_RETRY);
        return -1;
    }
    return (int)ring_put(h, (const unsigned char *)in, (size_t)inl);
}

static long pair_set_size(BIO *b, long size)
{
    pair_half *h = b->ptr;

    if (h->peer != NULL) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_IN_USE, "the BIO is already paired");
        return 0;
    }
    if (size <= 0) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_INVALID_ARGUMENT, "buffer size must be positive");
        return 0;
    }
    if ((size_t)size != h->size) {
        free(h->buf);
        h->buf = NULL;
        h->size = (size_t)size;
    }
    return 1;
}

/* Gives a half its ring buffer, if it has none yet; 0 on allocation failure. */
static int pair_alloc(pair_half *h)
{
    if (h->buf == NULL && (h->buf = malloc(h->size)) == NULL) {
        ERR_raise(ERR_LIB_BIO, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    h->len = h->offset = h->request = 0;
    h->closed = 0;
    return 1;
}

static long pair_make(BIO *b1, BIO *b2)
{
    pair_half *h1 = b1->ptr, *h2;

    if (b2 == NULL || b2 == b1 || b2->method != b1->method) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_INVALID_ARGUMENT, "a pair needs two BIO_s_bio() BIOs");
        return 0;
    }
    h2 = b2->ptr;
    if (h1->peer != NULL || h2->peer != NULL) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_IN_USE, "the BIO is already paired");
        return 0;
    }
    if (!pair_alloc(h1) || !pair_alloc(h2))
        return 0;
    h1->peer = b2;
    h2->peer = b1;
    return 1;
}

/* The commands only a pair has; -1 for "not one of them". */
static long pair_ctrl_special(BIO *b, int cmd, long larg, void *parg)
{
    pair_half *h = b->ptr;

    switch (cmd) {
    case BIO_C_SET_WRITE_BUF_SIZE:
        return pair_set_size(b, larg);
    case BIO_C_GET_WRITE_BUF_SIZE:
        return (long)h->size;
    case BIO_C_MAKE_BIO_PAIR:
        return pair_make(b, parg);
    case BIO_C_DESTROY_BIO_PAIR:
        pair_unlink(b);
        return 1;
    case BIO_C_GET_WRITE_GUARANTEE:
        return h->peer == NULL || h->closed ? 0 : (long)(h->size - h->len);
    case BIO_C_GET_READ_REQUEST:
        return (long)h->request;
    case BIO_C_RESET_READ_REQUEST:
        h->request = 0;
        return 1;
    case BIO_C_SHUTDOWN_WR:
        h->closed = 1;
        return 1;
    default:
        return -1;
    }
}

static long pair_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    pair_half *h = b->ptr;
    pair_half *p = h->peer != NULL ? h->peer->ptr : NULL;
    long r = pair_ctrl_special(b, cmd, larg, parg);

    if (r != -1)
        return r;
    switch (cmd) {
    case BIO_CTRL_PENDING:
        return p != NULL ? (long)p->len : 0;
    case BIO_CTRL_WPENDING:
        return (long)h->len;
    case BIO_CTRL_EOF:
        return p == NULL || (p->len == 0 && p->closed);
    case BIO_CTRL_RESET:
        h->len = h->offset = 0;
        return 0;
    case BIO_CTRL_FLUSH:
        return 1;
    default:
        return 0;
    }
}

static const BIO_METHOD pair_method = {
    BIO_TYPE_BIO, "BIO pair", pair_write, pair_read, pair_ctrl,
    pair_create, pair_destroy,
    NULL, NULL, NULL, NULL      /* no puts, gets, callback_ctrl; a static name */
};

const BIO_METHOD *BIO_s_bio(void)
{
    return &pair_method;
}

/* A new unpaired half with a ring of size bytes (0: the default). */
static BIO *pair_half_new(size_t size)
{
    BIO *b = BIO_new(&pair_method);

    if (b != NULL && size > 0 && !BIO_set_write_buf_size(b, (long)size)) {
        BIO_free(b);
        return NULL;
    }
    return b;
}

int BIO_new_bio_pair(BIO **bio1, size_t writebuf1, BIO **bio2, size_t writebuf2)
{
    BIO *b1 = pair_half_new(writebuf1);
    BIO *b2 = pair_half_new(writebuf2);
    int ok = b1 != NULL && b2 != NULL && BIO_make_bio_pair(b1, b2);

    if (!ok) {
        BIO_free(b1);
        BIO_free(b2);
        b1 = b2 = NULL;
    }
    if (bio1 != NULL)
        *bio1 = b1;
    if (bio2 != NULL)
        *bio2 = b2;
    return ok;
}

size_t BIO_ctrl_get_write_guarantee(BIO *b)
{
    long n = BIO_ctrl(b, BIO_C_GET_WRITE_GUARANTEE, 0, NULL);

    return n > 0 ? (size_t)n : 0;
}

size_t BIO_ctrl_get_read_request(BIO *b)
{
    long n = BIO_ctrl(b, BIO_C_GET_READ_REQUEST, 0, NULL);

    return n > 0 ? (size_t)n : 0;
}

int BIO_ctrl_reset_read_request(BIO *b)
{
    return BIO_ctrl(b, BIO_C_RESET_READ_REQUEST, 0, NULL) != 0;
}
