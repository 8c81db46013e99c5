/*
 * kumassl: the bounds-checked reader and writer under the TLS 1.3 message
 * codec. A read past the end or a vector longer than what holds it makes
 * the reader fail (decode_error) and stay failed; the parsers check once.
 */
#include <string.h>
#include "tls13_int.h"

void kuma13_rd_init(kuma13_rd *r, const void *data, size_t len)
{
    r->p = data;
    r->len = len;
    r->err = 0;
}

static void rd_fail(kuma13_rd *r)
{
    r->err = KUMA13_AL_DECODE_ERROR;
    r->len = 0;
}

const unsigned char *kuma13_rd_bytes(kuma13_rd *r, size_t n)
{
    const unsigned char *p = r->p;

    if (r->err || n > r->len) {
        rd_fail(r);
        return NULL;
    }
    r->p += n;
    r->len -= n;
    return p;
}

/* A big-endian number of n bytes; 0 on failure. */
static uint32_t rd_be(kuma13_rd *r, int n)
{
    const unsigned char *p = kuma13_rd_bytes(r, (size_t)n);
    uint32_t v = 0;
    int i;

    if (p == NULL)
        return 0;
    for (i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

unsigned kuma13_rd_u8(kuma13_rd *r)
{
    return (unsigned)rd_be(r, 1);
}

unsigned kuma13_rd_u16(kuma13_rd *r)
{
    return (unsigned)rd_be(r, 2);
}

uint32_t kuma13_rd_u24(kuma13_rd *r)
{
    return rd_be(r, 3);
}

uint32_t kuma13_rd_u32(kuma13_rd *r)
{
    return rd_be(r, 4);
}

kuma13_rd kuma13_rd_vec(kuma13_rd *r, int lenbytes, size_t min)
{
    kuma13_rd sub;
    size_t n = rd_be(r, lenbytes);
    const unsigned char *p;

    if (n < min)
        rd_fail(r);
    p = kuma13_rd_bytes(r, n);
    kuma13_rd_init(&sub, p, p != NULL ? n : 0);
    sub.err = r->err;
    return sub;
}

int kuma13_span_has_u16(const kuma13_span *list, unsigned v)
{
    size_t i;

    for (i = 0; i + 1 < list->len; i += 2)
        if (((unsigned)list->p[i] << 8 | list->p[i + 1]) == v)
            return 1;
    return 0;
}

int kuma13_u16_in(const uint16_t *list, size_t n, unsigned v)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (list[i] == v)
            return 1;
    return 0;
}

int kuma13_rd_end(const kuma13_rd *r)
{
    return r->err || r->len != 0 ? KUMA13_AL_DECODE_ERROR : 0;
}

void kuma13_wr_init(kuma13_wr *w, unsigned char *buf, size_t cap)
{
    w->buf = buf;
    w->len = 0;
    w->cap = cap;
    w->err = 0;
}

void kuma13_wr_bytes(kuma13_wr *w, const void *data, size_t n)
{
    if (w->err || n > w->cap - w->len) {
        w->err = KUMA13_AL_INTERNAL_ERROR;
        return;
    }
    if (n > 0)
        memcpy(w->buf + w->len, data, n);
    w->len += n;
}

static void wr_be(kuma13_wr *w, uint32_t v, int n)
{
    unsigned char b[4];
    int i;

    for (i = 0; i < n; i++)
        b[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
    kuma13_wr_bytes(w, b, (size_t)n);
}

void kuma13_wr_u8(kuma13_wr *w, unsigned v)
{
    wr_be(w, v, 1);
}

void kuma13_wr_u16(kuma13_wr *w, unsigned v)
{
    wr_be(w, v, 2);
}

void kuma13_wr_u24(kuma13_wr *w, uint32_t v)
{
    wr_be(w, v, 3);
}

void kuma13_wr_u32(kuma13_wr *w, uint32_t v)
{
    wr_be(w, v, 4);
}

size_t kuma13_wr_open(kuma13_wr *w, int lenbytes)
{
    size_t mark = w->len;

    wr_be(w, 0, lenbytes);
    return mark;
}

void kuma13_wr_close(kuma13_wr *w, size_t mark, int lenbytes)
{
    size_t n;
    int i;

    if (w->err)
        return;
    n = w->len - mark - (size_t)lenbytes;
    if (lenbytes < 4 && n >> (8 * lenbytes) != 0) {
        w->err = KUMA13_AL_INTERNAL_ERROR;
        return;
    }
    for (i = 0; i < lenbytes; i++)
        w->buf[mark + (size_t)i] = (unsigned char)(n >> (8 * (lenbytes - 1 - i)));
}
