/*
 * kumassl: the generic BIO layer and the memory and FILE kinds.
 */
#include <string.h>
#include <errno.h>
#include "crypto_int.h"

BIO *BIO_new(const BIO_METHOD *type)
{
    BIO *b;

    if (KUMA_NULL_ARG(ERR_LIB_BIO, type))
        return NULL;
    b = calloc(1, sizeof(*b));
    if (b == NULL) {
        ERR_raise(ERR_LIB_BIO, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    b->method = type;
    b->refs = 1;
    b->num = -1;
    b->close_flag = BIO_CLOSE;
    if (type->create != NULL && !type->create(b)) {
        free(b);
        return NULL;
    }
    return b;
}

int BIO_up_ref(BIO *a)
{
    return kuma_ref_up(&a->refs);
}

int BIO_free(BIO *a)
{
    if (a == NULL)
        return 0;
    if (!kuma_ref_down(&a->refs))
        return 1;
    if (a->method->destroy != NULL)
        a->method->destroy(a);
    free(a);
    return 1;
}

/* Frees the chain from a on, stopping at a BIO someone else still holds (as OpenSSL). */
void BIO_free_all(BIO *a)
{
    while (a != NULL) {
        BIO *next = a->next_bio;
        int last = atomic_load(&a->refs) > 1;

        BIO_free(a);
        if (last)
            break;
        a = next;
    }
}

void BIO_vfree(BIO *a)
{
    BIO_free(a);
}

int BIO_read(BIO *b, void *data, int dlen)
{
    if (b == NULL || data == NULL || dlen < 0 || b->method->bread == NULL)
        return -1;
    BIO_clear_retry_flags(b);
    return b->method->bread(b, data, dlen);
}

int BIO_write(BIO *b, const void *data, int dlen)
{
    if (b == NULL || (data == NULL && dlen > 0) || dlen < 0 || b->method->bwrite == NULL)
        return -1;
    BIO_clear_retry_flags(b);
    return b->method->bwrite(b, data, dlen);
}

int BIO_puts(BIO *b, const char *buf)
{
    if (b != NULL && buf != NULL && b->method->bputs != NULL) {
        BIO_clear_retry_flags(b);
        return b->method->bputs(b, buf);
    }
    return BIO_write(b, buf, (int)strlen(buf));
}

int BIO_vprintf(BIO *bio, const char *format, va_list args)
{
    char small[512];
    char *text = small;
    int n, ret;
    va_list again;

    va_copy(again, args);
    n = vsnprintf(small, sizeof(small), format, args);
    if (n >= (int)sizeof(small)) {
        text = malloc((size_t)n + 1);
        if (text == NULL) {
            va_end(again);
            return -1;
        }
        vsnprintf(text, (size_t)n + 1, format, again);
    }
    va_end(again);
    ret = n < 0 ? -1 : BIO_write(bio, text, n);
    if (text != small)
        free(text);
    return ret;
}

int BIO_printf(BIO *bio, const char *format, ...)
{
    va_list ap;
    int ret;

    va_start(ap, format);
    ret = BIO_vprintf(bio, format, ap);
    va_end(ap);
    return ret;
}

long BIO_ctrl(BIO *bp, int cmd, long larg, void *parg)
{
    if (bp == NULL || bp->method->ctrl == NULL)
        return 0;
    switch (cmd) {
    case BIO_CTRL_GET_CLOSE:
        return bp->close_flag;
    case BIO_CTRL_SET_CLOSE:
        bp->close_flag = (int)larg;
        return 1;
    default:
        return bp->method->ctrl(bp, cmd, larg, parg);
    }
}

long BIO_int_ctrl(BIO *bp, int cmd, long larg, int iarg)
{
    int i = iarg;

    return BIO_ctrl(bp, cmd, larg, &i);
}

int BIO_test_flags(const BIO *b, int flags)
{
    return b->flags & flags;
}

void BIO_set_flags(BIO *b, int flags)
{
    b->flags |= flags;
}

void BIO_clear_flags(BIO *b, int flags)
{
    b->flags &= ~flags;
}

size_t BIO_ctrl_pending(BIO *b)
{
    long n = BIO_ctrl(b, BIO_CTRL_PENDING, 0, NULL);

    return n > 0 ? (size_t)n : 0;
}

size_t BIO_ctrl_wpending(BIO *b)
{
    long n = BIO_ctrl(b, BIO_CTRL_WPENDING, 0, NULL);

    return n > 0 ? (size_t)n : 0;
}

/* ---- memory BIO: a FIFO of bytes (read-only over a caller's buffer) ---- */

typedef struct {
    unsigned char *data;
    size_t off;                 /* first unread byte */
    size_t len;                 /* end of the written bytes */
    size_t cap;
    int eof_return;             /* what a read of an empty BIO returns */
    int readonly;
} mem_state;

static int mem_create(BIO *b)
{
    mem_state *m = calloc(1, sizeof(*m));

    if (m == NULL) {
        ERR_raise(ERR_LIB_BIO, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    m->eof_return = -1;
    b->ptr = m;
    return 1;
}

static int mem_destroy(BIO *b)
{
    mem_state *m = b->ptr;

    if (!m->readonly)
        free(m->data);
    free(m);
    return 1;
}

static int mem_read(BIO *b, char *out, int outl)
{
    mem_state *m = b->ptr;
    size_t n = m->len - m->off;

    if (n == 0) {
        if (m->eof_return != 0)
            BIO_set_flags(b, BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY);
        return m->eof_return;
    }
    if (n > (size_t)outl)
        n = (size_t)outl;
    memcpy(out, m->data + m->off, n);
    m->off += n;
    if (m->off == m->len && !m->readonly)
        m->off = m->len = 0;
    return (int)n;
}

/* Makes room for n more bytes, compacting before growing. */
static int mem_reserve(mem_state *m, size_t n)
{
    size_t need, cap;
    unsigned char *p;

    if (m->off > 0 && m->len + n > m->cap) {
        memmove(m->data, m->data + m->off, m->len - m->off);
        m->len -= m->off;
        m->off = 0;
    }
    need = m->len + n;
    if (need <= m->cap)
        return 1;
    cap = m->cap ? m->cap : 4096;
    while (cap < need)
        cap *= 2;
    p = realloc(m->data, cap);
    if (p == NULL) {
        ERR_raise(ERR_LIB_BIO, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    m->data = p;
    m->cap = cap;
    return 1;
}

static int mem_write(BIO *b, const char *in, int inl)
{
    mem_state *m = b->ptr;

    if (m->readonly) {
        ERR_raise_data(ERR_LIB_BIO, ERR_R_PASSED_INVALID_ARGUMENT, "write to a read-only memory BIO");
        return -1;
    }
    if (inl == 0)
        return 0;               /* nothing to copy: data may be NULL, the buffer too */
    if (!mem_reserve(m, (size_t)inl))
        return -1;
    memcpy(m->data + m->len, in, (size_t)inl);
    m->len += (size_t)inl;
    return inl;
}

static long mem_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    mem_state *m = b->ptr;

    switch (cmd) {
    case BIO_CTRL_PENDING:
        return (long)(m->len - m->off);
    case BIO_CTRL_WPENDING:
        return 0;
    case BIO_CTRL_EOF:
        return m->len == m->off;
    case BIO_CTRL_RESET:
        m->off = 0;
        if (!m->readonly)
            m->len = 0;
        return 1;
    case BIO_CTRL_INFO:
        if (parg != NULL)
            *(char **)parg = (char *)m->data + m->off;
        return (long)(m->len - m->off);
    case BIO_C_SET_BUF_MEM_EOF_RETURN:
        m->eof_return = (int)larg;
        return 1;
    case BIO_CTRL_FLUSH:
        return 1;
    default:
        return 0;
    }
}

static const BIO_METHOD mem_method = {
    BIO_TYPE_MEM, "memory buffer", mem_write, mem_read, mem_ctrl,
    mem_create, mem_destroy,
    NULL, NULL, NULL, NULL      /* no puts, gets, callback_ctrl; a static name */
};

const BIO_METHOD *BIO_s_mem(void)
{
    return &mem_method;
}

BIO *BIO_new_mem_buf(const void *buf, int len)
{
    BIO *b;
    mem_state *m;

    if (KUMA_NULL_ARG(ERR_LIB_BIO, buf))
        return NULL;
    b = BIO_new(&mem_method);
    if (b == NULL)
        return NULL;
    m = b->ptr;
    m->data = (unsigned char *)buf;     /* never written: readonly */
    m->len = len < 0 ? strlen(buf) : (size_t)len;
    m->readonly = 1;
    m->eof_return = 0;
    b->flags |= BIO_FLAGS_MEM_RDONLY;
    return b;
}

/* ---- FILE BIO: enough for ERR_print_errors and PEM reading ------------ */

static int fp_write(BIO *b, const char *in, int inl)
{
    size_t n;

    if (b->ptr == NULL)
        return -1;
    n = fwrite(in, 1, (size_t)inl, b->ptr);

    return n == 0 && inl > 0 ? -1 : (int)n;
}

static int fp_read(BIO *b, char *out, int outl)
{
    size_t n;

    if (b->ptr == NULL)
        return -1;
    n = fread(out, 1, (size_t)outl, b->ptr);

    return n == 0 && ferror((FILE *)b->ptr) ? -1 : (int)n;
}

/* fopen's mode for BIO_C_SET_FILENAME's BIO_FP_* flags; NULL when they name none. */
static const char *fp_mode(long flags)
{
    if (flags & BIO_FP_APPEND)
        return flags & BIO_FP_READ ? "a+" : "a";
    if ((flags & BIO_FP_READ) && (flags & BIO_FP_WRITE))
        return "r+";
    if (flags & BIO_FP_WRITE)
        return "w";
    return flags & BIO_FP_READ ? "r" : NULL;
}

static void fp_release(BIO *b)
{
    if (b->close_flag == BIO_CLOSE && b->ptr != NULL)
        fclose(b->ptr);
    b->ptr = NULL;
}

/* Opens a file for a FILE BIO (BIO_new_file, BIO_read_filename...); 1, or 0 with an error queued. */
static long fp_open(BIO *b, const char *name, long flags)
{
    const char *mode = fp_mode(flags);
    FILE *f;

    if (mode == NULL) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_BAD_FOPEN_MODE, "no BIO_FP_READ / BIO_FP_WRITE / BIO_FP_APPEND");
        return 0;
    }
    if ((f = fopen(name, mode)) == NULL) {
        ERR_raise_data(ERR_LIB_SYS, errno, "calling fopen(%s, %s)", name, mode);
        ERR_raise(ERR_LIB_BIO, errno == ENOENT ? BIO_R_NO_SUCH_FILE : ERR_R_SYS_LIB);
        return 0;
    }
    fp_release(b);
    b->ptr = f;
    b->close_flag = BIO_CLOSE;
    return 1;
}

static long fp_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    FILE *f = b->ptr;

    switch (cmd) {
    case BIO_C_SET_FILE_PTR:
        fp_release(b);
        b->ptr = parg;
        b->close_flag = (int)(larg & BIO_CLOSE);
        return 1;
    case BIO_C_GET_FILE_PTR:
        if (parg != NULL)
            *(FILE **)parg = f;
        return 1;
    case BIO_C_SET_FILENAME:
        return KUMA_NULL_ARG(ERR_LIB_BIO, parg) ? 0 : fp_open(b, parg, larg);
    case BIO_CTRL_GET_CLOSE:
        return b->close_flag;
    case BIO_CTRL_SET_CLOSE:
        b->close_flag = (int)(larg & BIO_CLOSE);
        return 1;
    }
    if (f == NULL)
        return 0;
    switch (cmd) {
    case BIO_CTRL_FLUSH:
        return fflush(f) == 0;
    case BIO_CTRL_EOF:
        return feof(f) != 0;
    case BIO_CTRL_RESET:
    case BIO_C_FILE_SEEK:
        return fseek(f, cmd == BIO_CTRL_RESET ? 0 : larg, SEEK_SET) == 0 ? 0 : -1;
    case BIO_C_FILE_TELL:
    case BIO_CTRL_INFO:
        return ftell(f);
    default:
        return 0;
    }
}

static int fp_destroy(BIO *b)
{
    fp_release(b);
    return 1;
}

static const BIO_METHOD fp_method = {
    BIO_TYPE_FILE, "FILE pointer", fp_write, fp_read, fp_ctrl, NULL, fp_destroy,
    NULL, NULL, NULL, NULL      /* no puts, gets, callback_ctrl; a static name */
};

BIO *BIO_new_fp(FILE *stream, int close_flag)
{
    BIO *b;

    if (KUMA_NULL_ARG(ERR_LIB_BIO, stream))
        return NULL;
    b = BIO_new(&fp_method);
    if (b != NULL) {
        b->ptr = stream;
        b->close_flag = close_flag & BIO_CLOSE;
    }
    return b;
}

const BIO_METHOD *BIO_s_file(void)
{
    return &fp_method;
}

BIO *BIO_new_file(const char *filename, const char *mode)
{
    long flags = 0;
    BIO *b;

    if (KUMA_NULL_ARG(ERR_LIB_BIO, filename) || KUMA_NULL_ARG(ERR_LIB_BIO, mode))
        return NULL;
    flags |= strchr(mode, 'r') != NULL ? BIO_FP_READ : 0;
    flags |= strchr(mode, 'w') != NULL ? BIO_FP_WRITE : 0;
    flags |= strchr(mode, 'a') != NULL ? BIO_FP_APPEND : 0;
    flags |= strchr(mode, '+') != NULL ? BIO_FP_READ | BIO_FP_WRITE : 0;
    if ((b = BIO_new(&fp_method)) != NULL && !fp_open(b, filename, flags)) {
        BIO_free(b);
        return NULL;
    }
    return b;
}

/* ---- lines ----------------------------------------------------------------- */

int BIO_gets(BIO *b, char *buf, int size)
{
    int n = 0;

    if (KUMA_NULL_ARG(ERR_LIB_BIO, b) || KUMA_NULL_ARG(ERR_LIB_BIO, buf) || size <= 0)
        return -1;
    if (b->method->bgets != NULL)
        return b->method->bgets(b, buf, size);
    if (b->method == &fp_method) {
        if (b->ptr == NULL)
            return -1;
        if (fgets(buf, size, b->ptr) == NULL)
            return ferror((FILE *)b->ptr) ? -1 : (buf[0] = '\0', 0);
        return (int)strlen(buf);
    }
    /* any other BIO: one byte at a time, so nothing after the line is consumed */
    while (n < size - 1) {
        int r = BIO_read(b, buf + n, 1);

        if (r <= 0) {
            if (n == 0) {
                buf[0] = '\0';
                return r;
            }
            break;
        }
        if (buf[n++] == '\n')
            break;
    }
    buf[n] = '\0';
    return n;
}
