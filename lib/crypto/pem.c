/*
 * kumassl: reading files and PEM text.
 *
 * kuma_pem_decode_all() turns a whole PEM text into its blocks with
 * BearSSL's streaming decoder; the PEM_read_* functions read one block at a
 * time from a BIO or FILE, line by line, so that the next call starts right
 * after the block that was returned (the usual "loop until NULL" idiom over a
 * bundle works as with OpenSSL).
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include "crypto_int.h"

/* ---- growable buffers ---------------------------------------------------- */

/* Makes room for len more bytes; 0 (and oom set) when memory runs out. */
static int buf_reserve(kuma_buf *b, size_t len)
{
    size_t cap = b->cap ? b->cap : 256;
    unsigned char *p;

    if (len <= b->cap - b->len)
        return 1;
    while (cap - b->len < len) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = 1;
            return 0;
        }
        cap *= 2;
    }
    /* No realloc: the old bytes may be key material and must be wiped. */
    p = OPENSSL_malloc(cap);
    if (p == NULL) {
        b->oom = 1;
        return 0;
    }
    if (b->len > 0)
        memcpy(p, b->p, b->len);
    if (b->p != NULL) {
        OPENSSL_cleanse(b->p, b->cap);
        OPENSSL_free(b->p);
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

void kuma_buf_append(kuma_buf *b, const void *data, size_t len)
{
    if (b->oom || len == 0 || !buf_reserve(b, len))
        return;
    memcpy(b->p + b->len, data, len);
    b->len += len;
}

void kuma_buf_wipe_free(kuma_buf *b)
{
    if (b->p != NULL) {
        OPENSSL_cleanse(b->p, b->cap);
        OPENSSL_free(b->p);
    }
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ---- files --------------------------------------------------------------- */

int kuma_read_file(const char *path, unsigned char **buf, size_t *len)
{
    kuma_buf b = { NULL, 0, 0, 0 };
    unsigned char chunk[4096];
    size_t n;
    FILE *f;

    if (KUMA_NULL_ARG_AT("BIO_new_file", ERR_LIB_SYS, path))
        return 0;
    f = fopen(path, "r");
    if (f == NULL) {
        KUMA_RAISE_AT("BIO_new_file", ERR_LIB_SYS, errno, "calling fopen(%s, r)", path);
        return 0;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        kuma_buf_append(&b, chunk, n);
    OPENSSL_cleanse(chunk, sizeof(chunk));
    if (ferror(f) || b.oom) {
        int e = b.oom ? ENOMEM : errno;

        KUMA_RAISE_AT("BIO_new_file", ERR_LIB_SYS, e, "calling fread(%s)", path);
        fclose(f);
        kuma_buf_wipe_free(&b);
        return 0;
    }
    fclose(f);
    *buf = b.p != NULL ? b.p : OPENSSL_zalloc(1);   /* an empty file is still a buffer */
    *len = b.len;
    if (*buf == NULL) {
        KUMA_RAISE_AT("BIO_new_file", ERR_LIB_SYS, ERR_R_MALLOC_FAILURE, NULL);
        return 0;
    }
    return 1;
}

/* ---- base64 ---------------------------------------------------------------- */

static int base64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

int kuma_base64_decode(const unsigned char *in, size_t len, unsigned char *out,
                       size_t *out_len)
{
    uint32_t acc = 0;
    size_t i, n = 0, bits = 0, pads = 0;

    for (i = 0; i < len; i++) {
        unsigned char c = in[i];
        int v = base64_value(c);

        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        if (c == '=' && ++pads <= 2)
            continue;
        if (v < 0 || pads > 0)
            return 0;
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (unsigned char)(acc >> bits);
        }
    }
    *out_len = n;
    /* Leftover bits must be what the '=' signs stand for. */
    return (bits == 0 && pads == 0) || (bits == 2 && pads == 1) || (bits == 4 && pads == 2);
}

/* ---- decoding a whole PEM text ------------------------------------------- */

typedef struct {
    br_pem_decoder_context dec;
    kuma_pem_block *blocks;
    size_t count;
    size_t cap;
    kuma_buf data;              /* the block being decoded */
    int in_block;
    int encrypted;              /* the block has RFC 1421 encryption headers */
} pem_state;

static void pem_collect(void *ctx, const void *src, size_t len)
{
    kuma_buf_append(ctx, src, len);
}

/*
 * BearSSL keeps trailing dashes when the BEGIN line ends in CRLF, so the
 * label is normalised here: no trailing dashes or blanks.
 */
static char *pem_label(const char *name)
{
    size_t n = strlen(name);
    char *label;

    while (n > 0 && (name[n - 1] == '-' || (unsigned char)name[n - 1] <= ' '))
        n--;
    label = OPENSSL_malloc(n + 1);
    if (label != NULL) {
        memcpy(label, name, n);
        label[n] = '\0';
    }
    return label;
}

/* An encrypted legacy PEM key starts with "Proc-Type: 4,ENCRYPTED". */
static int pem_has_proc_type(const unsigned char *p, size_t len)
{
    static const char tag[] = "Proc-Type:";

    return len >= sizeof(tag) - 1 && strncasecmp((const char *)p, tag, sizeof(tag) - 1) == 0;
}

/* The offset of the "-----END" line in text (headers come first), or len when there is none. */
static size_t pem_end_offset(const unsigned char *text, size_t len)
{
    static const char end[] = "\n-----END";
    size_t i;

    for (i = 0; i + sizeof(end) - 1 <= len; i++)
        if (memcmp(text + i, end, sizeof(end) - 1) == 0)
            return i + 1;
    return len;
}

/*
 * BearSSL's decoder cannot read RFC 1421 headers, so the text of an
 * encrypted block (headers and base64) is kept as it is, for pem_crypt.c;
 * the decoder stops at the header line. 0 (error queued) without END line.
 */
static int pem_begin(pem_state *st, const unsigned char *rest, size_t rest_len)
{
    size_t end;

    st->in_block = 1;
    st->data.len = 0;
    st->data.oom = 0;
    st->encrypted = pem_has_proc_type(rest, rest_len);
    br_pem_decoder_setdest(&st->dec, st->encrypted ? NULL : pem_collect, &st->data);
    if (!st->encrypted)
        return 1;
    end = pem_end_offset(rest, rest_len);
    if (end == rest_len) {
        ERR_raise_data(ERR_LIB_PEM, PEM_R_BAD_END_LINE, "PEM block \"%s\" has no END line",
                       br_pem_decoder_name(&st->dec));
        return 0;
    }
    kuma_buf_append(&st->data, rest, end);
    return 1;
}

/* Moves the finished block to the list; 0 on allocation failure. */
static int pem_end(pem_state *st)
{
    kuma_pem_block *b;

    st->in_block = 0;
    if (st->count == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 4;
        kuma_pem_block *nb = OPENSSL_realloc(st->blocks, cap * sizeof(*nb));

        if (nb == NULL)
            return 0;
        st->blocks = nb;
        st->cap = cap;
    }
    b = &st->blocks[st->count];
    b->label = pem_label(br_pem_decoder_name(&st->dec));
    if (b->label == NULL || st->data.oom) {
        OPENSSL_free(b->label);
        return 0;
    }
    b->data = st->data.p;
    b->len = st->data.len;
    b->encrypted = st->encrypted;
    st->data.p = NULL;
    st->data.len = st->data.cap = 0;
    st->count++;
    return 1;
}

/* Handles one decoder event; 0 (error queued) when decoding must stop. */
static int pem_event(pem_state *st, int ev, const unsigned char *rest, size_t rest_len)
{
    switch (ev) {
    case BR_PEM_BEGIN_OBJ:
        return pem_begin(st, rest, rest_len);
    case BR_PEM_END_OBJ:
        if (!pem_end(st)) {
            ERR_raise(ERR_LIB_PEM, ERR_R_MALLOC_FAILURE);
            return 0;
        }
        return 1;
    case BR_PEM_ERROR:
        /*
         * The header line of an encrypted block is expected to stop the
         * decoder. It keeps the bytes of "Proc" decoded before the ':' and
         * would hand them to the next block: a fresh decoder drops them.
         */
        if (st->in_block && st->encrypted) {
            int ok = pem_event(st, BR_PEM_END_OBJ, rest, rest_len);

            br_pem_decoder_init(&st->dec);
            return ok;
        }
        ERR_raise_data(ERR_LIB_PEM, PEM_R_BAD_BASE64_DECODE,
                       "invalid base64 in PEM block \"%s\"", br_pem_decoder_name(&st->dec));
        return 0;
    default:
        return 1;
    }
}

/* Feeds bytes to the decoder, handling events as they come. */
static int pem_feed(pem_state *st, const unsigned char *buf, size_t len)
{
    size_t off = 0;

    while (off < len) {
        size_t n = br_pem_decoder_push(&st->dec, buf + off, len - off);
        int ev;

        off += n;
        ev = br_pem_decoder_event(&st->dec);
        if (!pem_event(st, ev, buf + off, len - off))
            return 0;
        if (n == 0 && ev == 0)
            break;
    }
    return 1;
}

int kuma_pem_decode_all(const unsigned char *buf, size_t len,
                        kuma_pem_block **blocks, size_t *count)
{
    pem_state st;

    *blocks = NULL;
    *count = 0;
    if (buf == NULL && len > 0) {
        KUMA_RAISE_AT("PEM_read_bio_ex", ERR_LIB_PEM, ERR_R_PASSED_NULL_PARAMETER, NULL);
        return 0;
    }
    memset(&st, 0, sizeof(st));
    br_pem_decoder_init(&st.dec);
    /* The extra newline ends a last END line that has none. */
    if (!pem_feed(&st, buf, len) || !pem_feed(&st, (const unsigned char *)"\n", 1))
        goto fail;
    if (st.in_block) {
        KUMA_RAISE_AT("PEM_read_bio_ex", ERR_LIB_PEM, PEM_R_BAD_END_LINE,
                       "PEM block \"%s\" has no END line", br_pem_decoder_name(&st.dec));
        goto fail;
    }
    *blocks = st.blocks;
    *count = st.count;
    return 1;

fail:
    kuma_buf_wipe_free(&st.data);
    kuma_pem_free(st.blocks, st.count);
    return 0;
}

void kuma_pem_free(kuma_pem_block *blocks, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++) {
        OPENSSL_free(blocks[i].label);
        if (blocks[i].data != NULL) {
            OPENSSL_cleanse(blocks[i].data, blocks[i].len);
            OPENSSL_free(blocks[i].data);
        }
    }
    OPENSSL_free(blocks);
}

/* ---- reading one block at a time from a BIO or FILE ---------------------- */

/* A byte source: returns the next byte, or -1 at the end. */
typedef int (*pem_getc)(void *src);

static int bio_getc(void *src)
{
    unsigned char c;

    return BIO_read(src, &c, 1) == 1 ? c : -1;
}

static int file_getc(void *src)
{
    int c = getc((FILE *)src);

    return c == EOF ? -1 : c;
}

/* Appends the next line (newline included) to line; 0 at the end of input. */
static int pem_read_line(pem_getc next, void *src, kuma_buf *line)
{
    size_t start = line->len;
    int c;

    while ((c = next(src)) >= 0) {
        unsigned char ch = (unsigned char)c;

        kuma_buf_append(line, &ch, 1);
        if (ch == '\n')
            break;
    }
    return line->len > start;
}

/* If the line starts with "-----<word> " (any case), the rest of the line; else NULL. */
static const char *pem_banner(const kuma_buf *line, size_t start, const char *word)
{
    char head[16];
    size_t n = (size_t)snprintf(head, sizeof(head), "-----%s ", word);
    const char *p = (const char *)line->p + start;

    if (line->len - start < n || strncasecmp(p, head, n) != 0)
        return NULL;
    return p + n;
}

/* The label of a BEGIN line, normalised as BearSSL does (upper case, no dashes). */
static char *pem_line_label(const kuma_buf *line, size_t start)
{
    const char *rest = pem_banner(line, start, "BEGIN");
    char *label, *p;

    if (rest == NULL)
        return NULL;
    label = OPENSSL_malloc(line->len - (size_t)(rest - (const char *)line->p) + 1);
    if (label == NULL)
        return NULL;
    for (p = label; rest < (const char *)line->p + line->len && *rest != '\n'; rest++)
        *p++ = (*rest >= 'a' && *rest <= 'z') ? *rest - 'a' + 'A' : *rest;
    while (p > label && (p[-1] == '-' || (unsigned char)p[-1] <= ' '))
        p--;
    *p = '\0';
    return label;
}

/*
 * Skips lines up to the BEGIN line of a block whose label satisfies want,
 * then collects that block's text up to its END line. 1 when a whole block
 * was read, 0 with an error queued otherwise.
 */
static int pem_read_block_text(pem_getc next, void *src, int (*want)(const char *),
                               kuma_buf *text)
{
    int inside = 0;

    for (;;) {
        size_t start = inside ? text->len : 0;
        char *label;

        if (!inside)
            text->len = 0;
        if (!pem_read_line(next, src, text))
            break;
        if (text->oom) {
            ERR_raise(ERR_LIB_PEM, ERR_R_MALLOC_FAILURE);
            return 0;
        }
        if (inside) {
            if (pem_banner(text, start, "END") != NULL)
                return 1;
            continue;
        }
        label = pem_line_label(text, 0);
        inside = label != NULL && want(label);
        OPENSSL_free(label);
    }
    if (inside)
        ERR_raise_data(ERR_LIB_PEM, PEM_R_BAD_END_LINE, "PEM block has no END line");
    else
        ERR_raise(ERR_LIB_PEM, PEM_R_NO_START_LINE);
    return 0;
}

/* Reads and decodes the next wanted block; NULL (error queued) when none. */
static kuma_pem_block *pem_read_next(pem_getc next, void *src, int (*want)(const char *))
{
    kuma_buf text = { NULL, 0, 0, 0 };
    kuma_pem_block *blocks = NULL;
    size_t count = 0;
    int ok = !KUMA_NULL_ARG(ERR_LIB_PEM, src)
             && pem_read_block_text(next, src, want, &text)
             && kuma_pem_decode_all(text.p, text.len, &blocks, &count);

    kuma_buf_wipe_free(&text);
    if (ok && count != 1) {
        ERR_raise(ERR_LIB_PEM, PEM_R_BAD_END_LINE);
        ok = 0;
    }
    if (!ok) {
        kuma_pem_free(blocks, count);
        return NULL;
    }
    return blocks;
}

kuma_pem_block *kuma_pem_read_bio(BIO *bp, int (*want)(const char *))
{
    return pem_read_next(bio_getc, bp, want);
}

kuma_pem_block *kuma_pem_read_fp(FILE *fp, int (*want)(const char *))
{
    return pem_read_next(file_getc, fp, want);
}

static int want_x509(const char *label)
{
    return kuma_x509_pem_label(label, 0);
}

static int want_x509_aux(const char *label)
{
    return kuma_x509_pem_label(label, 1);
}

/*
 * Reads the next certificate block; replaces *x when x is not NULL. Password
 * callbacks only matter for encrypted keys.
 */
static X509 *pem_read_x509(pem_getc next, void *src, int (*want)(const char *), X509 **x)
{
    kuma_pem_block *b = pem_read_next(next, src, want);
    X509 *cert = b != NULL ? kuma_x509_from_pem_block(b) : NULL;

    kuma_pem_free(b, b != NULL);
    if (cert != NULL && x != NULL) {
        X509_free(*x);
        *x = cert;
    }
    return cert;
}

/* Reads the next private key block; replaces *x when x is not NULL. */
static EVP_PKEY *pem_read_pkey(pem_getc next, void *src, EVP_PKEY **x,
                               pem_password_cb *cb, void *u)
{
    kuma_pem_block *b = pem_read_next(next, src, kuma_pkey_pem_label);
    EVP_PKEY *key = b != NULL ? kuma_pkey_from_pem_block_pw(b, cb, u) : NULL;

    kuma_pem_free(b, b != NULL);
    if (key != NULL && x != NULL) {
        EVP_PKEY_free(*x);
        *x = key;
    }
    return key;
}

X509 *PEM_read_bio_X509(BIO *bp, X509 **x, pem_password_cb *cb, void *u)
{
    (void)cb, (void)u;
    return pem_read_x509(bio_getc, bp, want_x509, x);
}

X509 *PEM_read_bio_X509_AUX(BIO *bp, X509 **x, pem_password_cb *cb, void *u)
{
    (void)cb, (void)u;
    return pem_read_x509(bio_getc, bp, want_x509_aux, x);
}

X509 *PEM_read_X509(FILE *fp, X509 **x, pem_password_cb *cb, void *u)
{
    (void)cb, (void)u;
    return pem_read_x509(file_getc, fp, want_x509, x);
}

EVP_PKEY *PEM_read_bio_PrivateKey(BIO *bp, EVP_PKEY **x, pem_password_cb *cb, void *u)
{
    return pem_read_pkey(bio_getc, bp, x, cb, u);
}

EVP_PKEY *PEM_read_PrivateKey(FILE *fp, EVP_PKEY **x, pem_password_cb *cb, void *u)
{
    return pem_read_pkey(file_getc, fp, x, cb, u);
}

/* PEM_bytes_read_bio_secmem's filter: the label asked for (per thread: the reader takes no argument). */
static __thread const char *bytes_label;

/* OpenSSL's equivalences: a certificate block does for a trusted one, any key label for "ANY PRIVATE KEY". */
static int want_named(const char *label)
{
    if (bytes_label == NULL || strcmp(label, bytes_label) == 0)
        return 1;
    if (strcmp(bytes_label, "TRUSTED CERTIFICATE") == 0 || strcmp(bytes_label, "CERTIFICATE") == 0)
        return kuma_x509_pem_label(label, strcmp(bytes_label, "TRUSTED CERTIFICATE") == 0);
    if (strcmp(bytes_label, "ANY PRIVATE KEY") == 0)
        return kuma_pkey_pem_label(label);
    return 0;
}

/*
 * The next block labelled name (any label when NULL; a certificate for
 * "TRUSTED CERTIFICATE", any key for "ANY PRIVATE KEY") from bp, decoded:
 * *pdata (free with OPENSSL_secure_clear_free), *plen, *pnm (its label,
 * when pnm is not NULL). Encrypted blocks are refused: kumassl decrypts keys
 * only through the key readers. 1 on success, 0 with an error queued.
 */
int PEM_bytes_read_bio_secmem(unsigned char **pdata, long *plen, char **pnm, const char *name, BIO *bp,
                              pem_password_cb *cb, void *u)
{
    kuma_pem_block *b;
    int ok = 0;

    (void)cb, (void)u;
    if (KUMA_NULL_ARG(ERR_LIB_PEM, pdata) || KUMA_NULL_ARG(ERR_LIB_PEM, plen) || KUMA_NULL_ARG(ERR_LIB_PEM, bp))
        return 0;
    bytes_label = name;
    b = kuma_pem_read_bio(bp, want_named);
    bytes_label = NULL;
    if (b == NULL)
        return 0;
    if (b->encrypted)
        ERR_raise_data(ERR_LIB_PEM, PEM_R_UNSUPPORTED_ENCRYPTION, "an encrypted block: use a key reader");
    else if ((*pdata = OPENSSL_malloc(b->len > 0 ? b->len : 1)) != NULL
             && (pnm == NULL || (*pnm = OPENSSL_strdup(b->label)) != NULL)) {
        memcpy(*pdata, b->data, b->len);
        *plen = (long)b->len;
        ok = 1;
    } else {
        OPENSSL_free(*pdata);
        *pdata = NULL;
        ERR_raise(ERR_LIB_PEM, ERR_R_MALLOC_FAILURE);
    }
    kuma_pem_free(b, 1);
    return ok;
}
