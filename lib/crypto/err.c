/*
 * kumassl: the per-thread error queue (ERR_*).
 *
 * Each thread owns a ring of ERR_NUM_ERRORS slots in thread-local storage,
 * so raising and reading errors never takes a lock. Only the attached texts
 * live on the heap; they are freed when their slot is reused, by
 * ERR_clear_error(), and when the thread ends (a pthread key destructor; for
 * the thread that calls exit(), a library destructor).
 *
 * A slot's text outlives the removal of its error (ERR_get_error_all hands
 * the pointer out), so texts are freed lazily, never on removal.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include "crypto_int.h"

/* OpenSSL keeps one slot of its ring free; the same depth here. */
#define QUEUE_MAX (ERR_NUM_ERRORS - 1)
/* OpenSSL's limit for one printed line. */
#define PRINT_LINE_MAX 4096
/* ERR_error_string's buffer size, fixed by the API. */
#define ERR_STRING_SIZE 256

struct err_entry {
    unsigned long code;
    const char *file;           /* not owned: callers pass __FILE__ */
    int line;
    const char *func;           /* not owned: __func__ */
    char *data;                 /* owned text, or NULL */
    int flags;                  /* ERR_TXT_* of data */
    int marks;                  /* ERR_set_mark() count on this error */
};

struct err_state {
    struct err_entry slot[ERR_NUM_ERRORS];
    unsigned int first;         /* slot of the oldest queued error */
    unsigned int count;         /* errors queued */
    int registered;             /* the key destructor will free the texts */
};

static _Thread_local struct err_state tls_state;

static pthread_key_t cleanup_key;
static pthread_once_t cleanup_once = PTHREAD_ONCE_INIT;
static int cleanup_key_ok;

/* ------------------------------------------------------------ lifetime */

static void free_texts(struct err_state *st)
{
    int i;

    for (i = 0; i < ERR_NUM_ERRORS; i++) {
        free(st->slot[i].data);
        st->slot[i].data = NULL;
        st->slot[i].flags = 0;
    }
}

/* Runs at the end of every thread that attached a text to an error. */
static void thread_cleanup(void *p)
{
    struct err_state *st = p;

    free_texts(st);
    st->registered = 0;         /* a later destructor may raise errors again */
}

static void make_cleanup_key(void)
{
    cleanup_key_ok = pthread_key_create(&cleanup_key, thread_cleanup) == 0;
}

/* Makes sure this thread's texts are freed when it ends. */
static void register_cleanup(struct err_state *st)
{
    if (st->registered)
        return;
    pthread_once(&cleanup_once, make_cleanup_key);
    if (cleanup_key_ok && pthread_setspecific(cleanup_key, st) == 0)
        st->registered = 1;
}

/*
 * Key destructors do not run for the thread that calls exit(), so its texts
 * are freed here. Deleting the key keeps a later dlclose() from leaving
 * other threads a destructor pointing into unmapped code.
 */
__attribute__((destructor)) static void process_cleanup(void)
{
    free_texts(&tls_state);
    tls_state.registered = 0;
    if (cleanup_key_ok) {
        cleanup_key_ok = 0;
        pthread_key_delete(cleanup_key);
    }
}

/* ------------------------------------------------------------ the ring */

/* The i-th queued error, oldest first. */
static struct err_entry *entry_at(struct err_state *st, unsigned int i)
{
    return &st->slot[(st->first + i) % ERR_NUM_ERRORS];
}

static struct err_entry *newest_entry(struct err_state *st)
{
    return st->count == 0 ? NULL : entry_at(st, st->count - 1);
}

static void drop_oldest(struct err_state *st)
{
    st->first = (st->first + 1) % ERR_NUM_ERRORS;
    st->count--;
}

static void set_text(struct err_entry *e, char *text)
{
    free(e->data);
    e->data = text;
    e->flags = text != NULL ? ERR_TXT_STRING | ERR_TXT_MALLOCED : 0;
    if (text != NULL)
        register_cleanup(&tls_state);
}

void ERR_new(void)
{
    struct err_state *st = &tls_state;
    struct err_entry *e;

    if (st->count == QUEUE_MAX)
        drop_oldest(st);
    e = entry_at(st, st->count++);
    set_text(e, NULL);
    e->code = 0;
    e->file = NULL;
    e->line = 0;
    e->func = NULL;
    e->marks = 0;
}

void ERR_set_debug(const char *file, int line, const char *func)
{
    struct err_entry *e = newest_entry(&tls_state);

    if (e == NULL)
        return;
    e->file = file;
    e->line = line;
    e->func = func;
}

static unsigned long pack_code(int lib, int reason)
{
    if (lib == ERR_LIB_SYS)
        return ERR_SYSTEM_FLAG | ((unsigned long)reason & ERR_SYSTEM_MASK);
    return ERR_PACK(lib, 0, reason);
}

/* A new string of fmt formatted, or NULL when out of memory. */
static char *format_text(const char *fmt, va_list args)
{
    va_list copy;
    char *text;
    int n;

    va_copy(copy, args);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || (text = malloc((size_t)n + 1)) == NULL)
        return NULL;
    vsnprintf(text, (size_t)n + 1, fmt, args);
    return text;
}

void ERR_vset_error(int lib, int reason, const char *fmt, va_list args)
{
    struct err_entry *e = newest_entry(&tls_state);

    if (e == NULL) {            /* called without ERR_new(): queue one */
        ERR_new();
        e = newest_entry(&tls_state);
    }
    e->code = pack_code(lib, reason);
    set_text(e, fmt != NULL ? format_text(fmt, args) : NULL);
}

void ERR_set_error(int lib, int reason, const char *fmt, ...)
{
    va_list args;

    va_start(args, fmt);
    ERR_vset_error(lib, reason, fmt, args);
    va_end(args);
}

void ERR_put_error(int lib, int func, int reason, const char *file, int line)
{
    (void)func;                 /* function codes are gone in OpenSSL 3.0 */
    ERR_new();
    ERR_set_debug(file, line, NULL);
    ERR_set_error(lib, reason, NULL);
}

/* ------------------------------------------------------------ texts */

/* Appends s to the newest error's text; dropped when out of memory. */
static void append_text(struct err_entry *e, const char *s)
{
    size_t old = e->data != NULL ? strlen(e->data) : 0;
    size_t add = strlen(s);
    char *text = realloc(e->data, old + add + 1);

    if (text == NULL)
        return;
    memcpy(text + old, s, add + 1);
    e->data = NULL;             /* now owned by text */
    set_text(e, text);
}

void ERR_add_error_vdata(int num, va_list args)
{
    struct err_entry *e = newest_entry(&tls_state);
    const char *s;
    int i;

    if (e == NULL)
        return;
    for (i = 0; i < num; i++) {
        s = va_arg(args, const char *);
        append_text(e, s != NULL ? s : "<NULL>");
    }
}

void ERR_add_error_data(int num, ...)
{
    va_list args;

    va_start(args, num);
    ERR_add_error_vdata(num, args);
    va_end(args);
}

void ERR_add_error_txt(const char *sepr, const char *txt)
{
    struct err_entry *e = newest_entry(&tls_state);

    if (e == NULL || txt == NULL)
        return;
    if (sepr != NULL && e->data != NULL && e->data[0] != '\0')
        append_text(e, sepr);
    append_text(e, txt);
}

/* ------------------------------------------------------------ reading */

enum which { OLDEST, NEWEST, TAKE_OLDEST };

/* The common body of every get/peek function; see err.h for the outputs. */
static unsigned long read_entry(enum which which, const char **file, int *line,
                                const char **func, const char **data,
                                int *flags)
{
    struct err_state *st = &tls_state;
    const struct err_entry *e;
    int has_text;

    if (st->count == 0)
        return 0;
    e = which == NEWEST ? newest_entry(st) : entry_at(st, 0);
    has_text = e->data != NULL && (e->flags & ERR_TXT_STRING) != 0;
    if (file != NULL)
        *file = e->file != NULL ? e->file : "";
    if (line != NULL)
        *line = e->line;
    if (func != NULL)
        *func = e->func != NULL ? e->func : "";
    if (data != NULL)
        *data = has_text ? e->data : "";
    if (flags != NULL)
        *flags = has_text ? e->flags : 0;
    if (which == TAKE_OLDEST)
        drop_oldest(st);        /* the text stays in the slot for *data */
    return e->code;
}

unsigned long ERR_get_error(void)
{
    return read_entry(TAKE_OLDEST, NULL, NULL, NULL, NULL, NULL);
}

unsigned long ERR_get_error_line(const char **file, int *line)
{
    return read_entry(TAKE_OLDEST, file, line, NULL, NULL, NULL);
}

unsigned long ERR_get_error_line_data(const char **file, int *line,
                                      const char **data, int *flags)
{
    return read_entry(TAKE_OLDEST, file, line, NULL, data, flags);
}

unsigned long ERR_get_error_all(const char **file, int *line, const char **func,
                                const char **data, int *flags)
{
    return read_entry(TAKE_OLDEST, file, line, func, data, flags);
}

unsigned long ERR_peek_error(void)
{
    return read_entry(OLDEST, NULL, NULL, NULL, NULL, NULL);
}

unsigned long ERR_peek_error_line(const char **file, int *line)
{
    return read_entry(OLDEST, file, line, NULL, NULL, NULL);
}

unsigned long ERR_peek_error_func(const char **func)
{
    return read_entry(OLDEST, NULL, NULL, func, NULL, NULL);
}

unsigned long ERR_peek_error_data(const char **data, int *flags)
{
    return read_entry(OLDEST, NULL, NULL, NULL, data, flags);
}

unsigned long ERR_peek_error_line_data(const char **file, int *line,
                                       const char **data, int *flags)
{
    return read_entry(OLDEST, file, line, NULL, data, flags);
}

unsigned long ERR_peek_error_all(const char **file, int *line, const char **func,
                                 const char **data, int *flags)
{
    return read_entry(OLDEST, file, line, func, data, flags);
}

unsigned long ERR_peek_last_error(void)
{
    return read_entry(NEWEST, NULL, NULL, NULL, NULL, NULL);
}

unsigned long ERR_peek_last_error_line(const char **file, int *line)
{
    return read_entry(NEWEST, file, line, NULL, NULL, NULL);
}

unsigned long ERR_peek_last_error_func(const char **func)
{
    return read_entry(NEWEST, NULL, NULL, func, NULL, NULL);
}

unsigned long ERR_peek_last_error_data(const char **data, int *flags)
{
    return read_entry(NEWEST, NULL, NULL, NULL, data, flags);
}

unsigned long ERR_peek_last_error_line_data(const char **file, int *line,
                                            const char **data, int *flags)
{
    return read_entry(NEWEST, file, line, NULL, data, flags);
}

unsigned long ERR_peek_last_error_all(const char **file, int *line,
                                      const char **func, const char **data,
                                      int *flags)
{
    return read_entry(NEWEST, file, line, func, data, flags);
}

void ERR_clear_error(void)
{
    free_texts(&tls_state);
    memset(tls_state.slot, 0, sizeof(tls_state.slot));
    tls_state.first = 0;
    tls_state.count = 0;
}

/* ------------------------------------------------------------ marks */

int ERR_set_mark(void)
{
    struct err_entry *e = newest_entry(&tls_state);

    if (e == NULL)
        return 0;
    e->marks++;
    return 1;
}

int ERR_pop_to_mark(void)
{
    struct err_state *st = &tls_state;
    struct err_entry *e;

    while ((e = newest_entry(st)) != NULL && e->marks == 0)
        st->count--;
    if (e == NULL)
        return 0;
    e->marks--;
    return 1;
}

int ERR_clear_last_mark(void)
{
    struct err_state *st = &tls_state;
    unsigned int i;

    for (i = st->count; i > 0; i--) {
        struct err_entry *e = entry_at(st, i - 1);

        if (e->marks > 0) {
            e->marks--;
            return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ printing */

/* "error:code:lib:func:reason" into buf; see ERR_error_string_n in err.h. */
static void format_error(unsigned long e, const char *func, char *buf,
                         size_t len)
{
    char libbuf[32], reasonbuf[32];
    const char *lib = ERR_lib_error_string(e);
    const char *reason = ERR_reason_error_string(e);
    int n;

    if (len == 0)
        return;
    if (lib == NULL) {
        snprintf(libbuf, sizeof(libbuf), "lib(%d)", ERR_GET_LIB(e));
        lib = libbuf;
    }
    if (reason == NULL) {
        snprintf(reasonbuf, sizeof(reasonbuf), "reason(%d)", ERR_GET_REASON(e));
        reason = reasonbuf;
    }
    n = snprintf(buf, len, "error:%08lX:%s:%s:%s", e, lib, func, reason);
    /* Like OpenSSL: a text that fills the buffer counts as not fitting. */
    if (n < 0 || (size_t)n >= len - 1)
        snprintf(buf, len, "err:%lx:%lx:%lx:%lx", e,
                 (unsigned long)ERR_GET_LIB(e), 0UL,
                 (unsigned long)ERR_GET_REASON(e));
}

void ERR_error_string_n(unsigned long e, char *buf, size_t len)
{
    /* ERR_error_string has only the code: no function name to show. */
    format_error(e, "", buf, len);
}

char *ERR_error_string(unsigned long e, char *buf)
{
    static _Thread_local char own[ERR_STRING_SIZE];

    if (buf == NULL)
        buf = own;
    ERR_error_string_n(e, buf, ERR_STRING_SIZE);
    return buf;
}

/* The calling thread's id as OpenSSL prints it: its bytes in memory order, hex. */
static void thread_id_hex(char *out, size_t size)
{
    pthread_t self = pthread_self();
    unsigned char bytes[sizeof(self)];
    size_t i;

    memcpy(bytes, &self, sizeof(self));
    out[0] = '\0';
    for (i = 0; i < sizeof(bytes) && 2 * i + 2 < size; i++)
        snprintf(out + 2 * i, size - 2 * i, "%02X", bytes[i]);
}

/* One line of ERR_print_errors*: see err.h for the layout. */
static size_t format_line(char *buf, size_t size, unsigned long code,
                          const char *file, int line, const char *func,
                          const char *data)
{
    size_t used;

    thread_id_hex(buf, size);
    used = strlen(buf);
    snprintf(buf + used, size - used, ":");
    used += strlen(buf + used);
    format_error(code, func, buf + used, size - used);
    used += strlen(buf + used);
    snprintf(buf + used, size - used, ":%s:%d:%s\n", file, line, data);
    return used + strlen(buf + used);
}

void ERR_print_errors_cb(int (*cb)(const char *str, size_t len, void *u),
                         void *u)
{
    const char *file, *func, *data;
    int line, flags;
    unsigned long code;
    char buf[PRINT_LINE_MAX];
    size_t len;

    while ((code = ERR_get_error_all(&file, &line, &func, &data, &flags)) != 0) {
        len = format_line(buf, sizeof(buf), code, file, line, func, data);
        if (cb(buf, len, u) <= 0)
            break;
    }
}

static int print_to_file(const char *str, size_t len, void *fp)
{
    return fwrite(str, 1, len, fp) == len ? 1 : 0;
}

void ERR_print_errors_fp(FILE *fp)
{
    ERR_print_errors_cb(print_to_file, fp);
}

static int print_to_bio(const char *str, size_t len, void *bp)
{
    return BIO_write(bp, str, (int)len);
}

void ERR_print_errors(BIO *bp)
{
    ERR_print_errors_cb(print_to_bio, bp);
}

/* ------------------------------------------------------------ legacy */

int ERR_load_ERR_strings(void)
{
    return 1;
}

int ERR_load_crypto_strings(void)
{
    return 1;
}

int ERR_load_BIO_strings(void)
{
    return 1;
}

void ERR_free_strings(void)
{
}

void ERR_remove_state(unsigned long pid)
{
    (void)pid;
}

void ERR_remove_thread_state(void *tid)
{
    (void)tid;
}
