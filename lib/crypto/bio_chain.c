/*
 * kumassl: BIO chains (BIO_push, BIO_pop, BIO_next) and the base64 filter
 * (BIO_f_base64), which encodes what is written to it into the next BIO
 * (lines of 64 characters, or one line with BIO_FLAGS_BASE64_NO_NL; the
 * rest and its padding on BIO_flush) and decodes what it reads from it.
 */
#include <string.h>
#include "crypto_int.h"

BIO *BIO_push(BIO *b, BIO *append)
{
    BIO *last = b;

    if (b == NULL)
        return append;
    while (last->next_bio != NULL)
        last = last->next_bio;
    last->next_bio = append;
    if (append != NULL)
        append->prev_bio = last;
    BIO_ctrl(b, BIO_CTRL_PUSH, 0, b);
    return b;
}

BIO *BIO_pop(BIO *b)
{
    BIO *next;

    if (b == NULL)
        return NULL;
    next = b->next_bio;
    BIO_ctrl(b, BIO_CTRL_POP, 0, b);
    if (b->prev_bio != NULL)
        b->prev_bio->next_bio = next;
    if (next != NULL)
        next->prev_bio = b->prev_bio;
    b->next_bio = b->prev_bio = NULL;
    return next;
}

BIO *BIO_next(BIO *b)
{
    return b != NULL ? b->next_bio : NULL;
}

/* A filter's retry state is its next BIO's. */
void BIO_copy_next_retry(BIO *b)
{
    BIO_set_flags(b, BIO_test_flags(b->next_bio, BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY));
}

/* ---- the base64 filter ------------------------------------------------------------ */

#define B64_LINE_BYTES 48               /* 64 characters */

typedef struct {
    unsigned char in[B64_LINE_BYTES];   /* writing: bytes not yet encoded */
    size_t in_len;
    unsigned char quad[4];              /* reading: characters of the quad being read */
    size_t quad_len;
    unsigned char out[3];               /* reading: decoded bytes not yet returned */
    size_t out_len, out_pos;
    int ended;                          /* reading: '=' seen, or the input is malformed */
} b64_state;

static const char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int b64_create(BIO *b)
{
    if ((b->ptr = OPENSSL_zalloc(sizeof(b64_state))) == NULL)
        return 0;
    b->num = 0;
    return 1;
}

static int b64_destroy(BIO *b)
{
    if (b->ptr != NULL)
        OPENSSL_cleanse(b->ptr, sizeof(b64_state));
    OPENSSL_free(b->ptr);
    b->ptr = NULL;
    return 1;
}

/* Encodes n bytes (a whole line, or the last piece) and writes them and, unless NO_NL, a newline. */
static int b64_emit(BIO *b, const unsigned char *p, size_t n)
{
    char line[B64_LINE_BYTES / 3 * 4 + 1];
    size_t i, o = 0;

    for (i = 0; i < n; i += 3) {
        unsigned long v = (unsigned long)p[i] << 16 | (i + 1 < n ? (unsigned long)p[i + 1] << 8 : 0)
                          | (i + 2 < n ? p[i + 2] : 0);

        line[o++] = b64_alphabet[(v >> 18) & 63];
        line[o++] = b64_alphabet[(v >> 12) & 63];
        line[o++] = i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=';
        line[o++] = i + 2 < n ? b64_alphabet[v & 63] : '=';
    }
    if (!BIO_test_flags(b, BIO_FLAGS_BASE64_NO_NL))
        line[o++] = '\n';
    return BIO_write(b->next_bio, line, (int)o) == (int)o;
}

static int b64_write(BIO *b, const char *data, int len)
{
    b64_state *st = b->ptr;
    int done = 0;

    if (b->next_bio == NULL)
        return -1;
    while (done < len) {
        size_t take = B64_LINE_BYTES - st->in_len;

        if (take > (size_t)(len - done))
            take = (size_t)(len - done);
        memcpy(st->in + st->in_len, data + done, take);
        st->in_len += take;
        done += (int)take;
        /* with NO_NL the output is one line: only whole groups of three go out before the flush */
        if (st->in_len == B64_LINE_BYTES) {
            if (BIO_test_flags(b, BIO_FLAGS_BASE64_NO_NL)) {
                char quad[B64_LINE_BYTES / 3 * 4];
                size_t i;

                for (i = 0; i < B64_LINE_BYTES; i += 3) {
                    unsigned long v = (unsigned long)st->in[i] << 16 | (unsigned long)st->in[i + 1] << 8 | st->in[i + 2];

                    quad[i / 3 * 4] = b64_alphabet[(v >> 18) & 63];
                    quad[i / 3 * 4 + 1] = b64_alphabet[(v >> 12) & 63];
                    quad[i / 3 * 4 + 2] = b64_alphabet[(v >> 6) & 63];
                    quad[i / 3 * 4 + 3] = b64_alphabet[v & 63];
                }
                if (BIO_write(b->next_bio, quad, sizeof(quad)) != (int)sizeof(quad))
                    return done > (int)take ? done - (int)take : -1;
            } else if (!b64_emit(b, st->in, B64_LINE_BYTES))
                return done > (int)take ? done - (int)take : -1;
            st->in_len = 0;
        }
    }
    return done;
}

/* The value of a base64 character; -1 for '=' (the end), -2 for white space, -3 otherwise. */
static int b64_value(unsigned char c)
{
    const char *p;

    if (c == '=')
        return -1;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
        return -2;
    p = c != '\0' ? strchr(b64_alphabet, c) : NULL;
    return p != NULL ? (int)(p - b64_alphabet) : -3;
}

/* Decodes a complete quad (with its '=' already counted as missing) into out. */
static void b64_quad_decode(b64_state *st, size_t chars)
{
    unsigned long v = 0;
    size_t i;

    for (i = 0; i < 4; i++)
        v = v << 6 | (i < chars ? (unsigned long)b64_value(st->quad[i]) : 0);
    st->out[0] = (unsigned char)(v >> 16);
    st->out[1] = (unsigned char)(v >> 8);
    st->out[2] = (unsigned char)v;
    st->out_len = chars - 1;            /* 4 chars: 3 bytes, 3: 2, 2: 1 */
    st->out_pos = 0;
    st->quad_len = 0;
}

/* Feeds one input character; 0 when the input is malformed. */
static int b64_feed(b64_state *st, unsigned char c)
{
    int v = b64_value(c);

    if (v == -2 || st->ended)
        return v != -3;
    if (v == -3)
        return 0;
    if (v == -1) {                      /* padding: the quad ends with 2 or 3 characters */
        if (st->quad_len < 2)
            return 0;
        b64_quad_decode(st, st->quad_len);
        st->ended = 1;
        return 1;
    }
    st->quad[st->quad_len++] = c;
    if (st->quad_len == 4)
        b64_quad_decode(st, 4);
    return 1;
}

static int b64_read(BIO *b, char *out, int outl)
{
    b64_state *st = b->ptr;
    unsigned char chunk[4];
    int done = 0;

    if (b->next_bio == NULL)
        return -1;
    while (done < outl) {
        int n, i;

        while (st->out_pos < st->out_len && done < outl)
            out[done++] = (char)st->out[st->out_pos++];
        if (done == outl)
            break;
        /* at most the rest of one quad: a read completes one quad at most, whose
         * bytes are handed out before the next read; nothing past it is consumed */
        if (st->ended || (n = BIO_read(b->next_bio, chunk, (int)(4 - st->quad_len))) <= 0) {
            if (st->ended)
                return done;
            if (st->quad_len != 0 && !st->ended) {
                ERR_raise_data(ERR_LIB_BIO, ERR_R_PASSED_INVALID_ARGUMENT, "base64 input ends inside a quad");
                return done > 0 ? done : -1;
            }
            if (BIO_should_retry(b->next_bio))
                BIO_copy_next_retry(b);
            return done > 0 ? done : n;
        }
        for (i = 0; i < n; i++) {
            if (!b64_feed(st, chunk[i])) {
                ERR_raise_data(ERR_LIB_BIO, ERR_R_PASSED_INVALID_ARGUMENT, "not base64");
                return done > 0 ? done : -1;
            }
        }
    }
    return done;
}

static long b64_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    b64_state *st = b->ptr;

    switch (cmd) {
    case BIO_CTRL_FLUSH:
        if (st->in_len > 0 && !b64_emit(b, st->in, st->in_len))
            return 0;
        st->in_len = 0;
        return b->next_bio != NULL ? BIO_ctrl(b->next_bio, cmd, larg, parg) : 1;
    case BIO_CTRL_RESET:
        memset(st, 0, sizeof(*st));
        return b->next_bio != NULL ? BIO_ctrl(b->next_bio, cmd, larg, parg) : 1;
    case BIO_CTRL_PUSH:
    case BIO_CTRL_POP:
        return 1;
    default:
        return b->next_bio != NULL ? BIO_ctrl(b->next_bio, cmd, larg, parg) : 0;
    }
}

static const BIO_METHOD b64_method = {
    BIO_TYPE_BASE64, "base64 encoding", b64_write, b64_read, b64_ctrl, b64_create, b64_destroy,
    NULL, NULL, NULL, NULL      /* no puts, gets, callback_ctrl; a static name */
};

const BIO_METHOD *BIO_f_base64(void)
{
    return &b64_method;
}
