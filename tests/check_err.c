/*
 * Tests of libcrypto's basics: the error queue and its texts, verification
 * and alert texts, versions, allocation, random bytes and stacks.
 *
 * Expected texts are what OpenSSL 3.0 itself prints for the same codes
 * (checked against the system's libcrypto 3.0), so a difference here is a
 * difference a user would see.
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/stack.h>
#include <openssl/x509_vfy.h>
#include "testutil.h"

#define EOF_TEXT "error:0A000126:SSL routines::unexpected eof while reading"

/* Every test starts from an empty queue, whether forked or not. */
static void setup(void)
{
    ERR_clear_error();
}

static int queue_length(void)
{
    int n = 0;

    while (ERR_get_error() != 0)
        n++;
    return n;
}

/* ------------------------------------------------------------ packing */

START_TEST(test_pack_ssl)
{
    unsigned long e;

    ERR_raise(ERR_LIB_SSL, SSL_R_UNEXPECTED_EOF_WHILE_READING);
    e = ERR_get_error();
    ck_assert_uint_eq(e, 0x0A000126UL);
    ck_assert_int_eq(ERR_GET_LIB(e), ERR_LIB_SSL);
    ck_assert_int_eq(ERR_GET_REASON(e), SSL_R_UNEXPECTED_EOF_WHILE_READING);
    ck_assert(!ERR_SYSTEM_ERROR(e));
    ck_assert(!ERR_FATAL_ERROR(e));
}
END_TEST

START_TEST(test_pack_sys)
{
    unsigned long e;

    ERR_raise(ERR_LIB_SYS, ENOENT);
    e = ERR_get_error();
    ck_assert_uint_eq(e, ERR_SYSTEM_FLAG | ENOENT);
    ck_assert(ERR_SYSTEM_ERROR(e));
    ck_assert_int_eq(ERR_GET_LIB(e), ERR_LIB_SYS);
    ck_assert_int_eq(ERR_GET_REASON(e), ENOENT);
}
END_TEST

START_TEST(test_pack_common)
{
    unsigned long e = ERR_PACK(ERR_LIB_SSL, 0, ERR_R_MALLOC_FAILURE);

    ck_assert_uint_eq(e, 0x0A0C0100UL);
    ck_assert(ERR_FATAL_ERROR(e));
    ck_assert_uint_eq(ERR_PACK(ERR_LIB_SSL, 0, ERR_R_BIO_LIB), 0x0A080020UL);
}
END_TEST

/* ------------------------------------------------------------ the queue */

START_TEST(test_queue_order)
{
    ERR_raise(ERR_LIB_SSL, 1);
    ERR_raise(ERR_LIB_SSL, 2);
    ERR_raise(ERR_LIB_SSL, 3);
    ck_assert_uint_eq(ERR_peek_error(), ERR_PACK(ERR_LIB_SSL, 0, 1));
    ck_assert_uint_eq(ERR_peek_last_error(), ERR_PACK(ERR_LIB_SSL, 0, 3));
    ck_assert_uint_eq(ERR_get_error(), ERR_PACK(ERR_LIB_SSL, 0, 1));
    ck_assert_uint_eq(ERR_get_error(), ERR_PACK(ERR_LIB_SSL, 0, 2));
    ck_assert_uint_eq(ERR_peek_error(), ERR_PACK(ERR_LIB_SSL, 0, 3));
    ck_assert_uint_eq(ERR_get_error(), ERR_PACK(ERR_LIB_SSL, 0, 3));
    ck_assert_uint_eq(ERR_get_error(), 0);
    ck_assert_uint_eq(ERR_peek_error(), 0);
    ck_assert_uint_eq(ERR_peek_last_error(), 0);
}
END_TEST

/* As in OpenSSL, the ring keeps ERR_NUM_ERRORS - 1 errors, dropping the oldest. */
START_TEST(test_queue_overflow)
{
    int i;

    for (i = 1; i <= 20; i++)
        ERR_raise_data(ERR_LIB_SSL, i, "error %d", i);
    ck_assert_uint_eq(ERR_peek_error(), ERR_PACK(ERR_LIB_SSL, 0, 6));
    ck_assert_uint_eq(ERR_peek_last_error(), ERR_PACK(ERR_LIB_SSL, 0, 20));
    ck_assert_int_eq(queue_length(), ERR_NUM_ERRORS - 1);
}
END_TEST

START_TEST(test_clear_error)
{
    ERR_raise_data(ERR_LIB_SSL, 1, "text");
    ERR_raise(ERR_LIB_X509, 2);
    ERR_clear_error();
    ck_assert_uint_eq(ERR_peek_error(), 0);
    ck_assert_uint_eq(ERR_get_error(), 0);
}
END_TEST

START_TEST(test_file_line_func)
{
    const char *file = NULL, *func = NULL, *data = NULL;
    int line = 0, flags = -1, here;

    ERR_raise(ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH); here = __LINE__;
    ck_assert_uint_eq(ERR_peek_error_line(&file, &line),
                      ERR_PACK(ERR_LIB_SSL, 0, SSL_R_NO_CIPHER_MATCH));
    ck_assert_str_eq(file, __FILE__);
    ck_assert_int_eq(line, here);
    ck_assert_uint_ne(ERR_peek_error_func(&func), 0);
    ck_assert_str_eq(func, __func__);
    ck_assert_uint_ne(ERR_get_error_all(NULL, NULL, NULL, &data, &flags), 0);
    ck_assert_str_eq(data, "");
    ck_assert_int_eq(flags, 0);
}
END_TEST

START_TEST(test_put_error)
{
    const char *file = NULL, *func = NULL;
    int line = 0;

    ERR_put_error(ERR_LIB_X509, 0, X509_R_KEY_VALUES_MISMATCH, "x.c", 12);
    ck_assert_uint_eq(ERR_get_error_all(&file, &line, &func, NULL, NULL),
                      ERR_PACK(ERR_LIB_X509, 0, X509_R_KEY_VALUES_MISMATCH));
    ck_assert_str_eq(file, "x.c");
    ck_assert_int_eq(line, 12);
    ck_assert_str_eq(func, "");
}
END_TEST

/* ------------------------------------------------------------ texts */

START_TEST(test_raise_data)
{
    const char *data = NULL;
    int flags = 0;

    ERR_raise_data(ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH, "x=%d %s", 5, "y");
    ck_assert_uint_ne(ERR_peek_last_error_data(&data, &flags), 0);
    ck_assert_str_eq(data, "x=5 y");
    ck_assert_int_eq(flags, ERR_TXT_STRING | ERR_TXT_MALLOCED);
    ERR_add_error_data(3, "a", NULL, "c");
    ERR_add_error_txt(", ", "txt");
    /* The text must outlive the removal of its error. */
    ck_assert_uint_ne(ERR_get_error_line_data(NULL, NULL, &data, &flags), 0);
    ck_assert_str_eq(data, "x=5 ya<NULL>c, txt");
}
END_TEST

START_TEST(test_add_error_txt_first)
{
    const char *data = NULL;

    ERR_raise(ERR_LIB_SSL, 1);
    ERR_add_error_txt(":", "only");
    ERR_add_error_txt(NULL, "+more");
    ck_assert_uint_ne(ERR_peek_error_data(&data, NULL), 0);
    ck_assert_str_eq(data, "only+more");
    ERR_clear_error();
    ERR_add_error_data(1, "nowhere");       /* empty queue: ignored */
    ck_assert_uint_eq(ERR_peek_error(), 0);
}
END_TEST

START_TEST(test_error_string)
{
    char buf[256];

    ck_assert_str_eq(ERR_error_string(0x0A000126UL, buf), EOF_TEXT);
    ck_assert_str_eq(buf, EOF_TEXT);
    ck_assert_str_eq(ERR_error_string(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_TLSV1_ALERT_UNKNOWN_CA), buf),
                     "error:0A000418:SSL routines::tlsv1 alert unknown ca");
    ck_assert_str_eq(ERR_error_string(ERR_PACK(ERR_LIB_X509, 0, X509_R_KEY_VALUES_MISMATCH), buf),
                     "error:05800074:x509 certificate routines::key values mismatch");
    ck_assert_str_eq(ERR_error_string(ERR_PACK(ERR_LIB_PEM, 0, PEM_R_NO_START_LINE), buf),
                     "error:0480006C:PEM routines::no start line");
    ck_assert_str_eq(ERR_error_string(ERR_PACK(ERR_LIB_EVP, 0, EVP_R_BAD_DECRYPT), buf),
                     "error:03000064:digital envelope routines::bad decrypt");
    ck_assert_str_eq(ERR_error_string(ERR_PACK(ERR_LIB_SSL, 0, ERR_R_MALLOC_FAILURE), buf),
                     "error:0A0C0100:SSL routines::malloc failure");
    ck_assert_str_eq(ERR_error_string(ERR_PACK(ERR_LIB_PEM, 0, ERR_R_SYS_LIB), buf),
                     "error:04880002:PEM routines::system lib");
    ck_assert_str_eq(ERR_error_string(ERR_SYSTEM_FLAG | ENOENT, buf),
                     "error:80000002:system library::No such file or directory");
}
END_TEST

START_TEST(test_error_string_unknown)
{
    char buf[256];

    ck_assert_str_eq(ERR_error_string(ERR_PACK(99, 0, 77), buf),
                     "error:3180004D:lib(99)::reason(77)");
    ck_assert_str_eq(ERR_error_string(ERR_PACK(ERR_LIB_SSL, 0, 9999), buf),
                     "error:0A00270F:SSL routines::reason(9999)");
    /* Reasons are per library: SSL's 294 means nothing to PEM. */
    ck_assert_str_eq(ERR_error_string(ERR_PACK(ERR_LIB_PEM, 0, 294), buf),
                     "error:04800126:PEM routines::reason(294)");
    ck_assert_str_eq(ERR_error_string(ERR_PACK(ERR_LIB_NONE, 0, 1), buf),
                     "error:00800001:unknown library::reason(1)");
}
END_TEST

START_TEST(test_error_string_static)
{
    char *s = ERR_error_string(0x0A000126UL, NULL);

    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, EOF_TEXT);
    ck_assert_ptr_eq(ERR_error_string(0x0A000126UL, NULL), s);
}
END_TEST

/* Too short a buffer gets OpenSSL's short form, truncated, NUL-terminated. */
START_TEST(test_error_string_n)
{
    char buf[80];
    size_t full = strlen(EOF_TEXT);

    memset(buf, 'Z', sizeof(buf));
    ERR_error_string_n(0x0A000126UL, buf, 16);
    ck_assert_str_eq(buf, "err:a000126:14:");
    ck_assert_int_eq(buf[16], 'Z');
    ERR_error_string_n(0x0A000126UL, buf, 21);
    ck_assert_str_eq(buf, "err:a000126:14:0:126");
    ERR_error_string_n(0x0A000126UL, buf, 1);
    ck_assert_str_eq(buf, "");
    /* OpenSSL counts a text that exactly fills the buffer as cut. */
    ERR_error_string_n(0x0A000126UL, buf, full + 1);
    ck_assert_str_eq(buf, "err:a000126:14:0:126");
    ERR_error_string_n(0x0A000126UL, buf, full + 2);
    ck_assert_str_eq(buf, EOF_TEXT);
    buf[0] = 'Z';
    ERR_error_string_n(0x0A000126UL, buf, 0);
    ck_assert_int_eq(buf[0], 'Z');
}
END_TEST

START_TEST(test_reason_lib_strings)
{
    ck_assert_str_eq(ERR_reason_error_string(0x0A000126UL), "unexpected eof while reading");
    ck_assert_str_eq(ERR_reason_error_string(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_CERTIFICATE_VERIFY_FAILED)),
                     "certificate verify failed");
    ck_assert_str_eq(ERR_reason_error_string(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_NO_CIPHER_MATCH)),
                     "no cipher match");
    ck_assert_str_eq(ERR_reason_error_string(ERR_PACK(ERR_LIB_PEM, 0, PEM_R_BAD_DECRYPT)), "bad decrypt");
    ck_assert_str_eq(ERR_reason_error_string(ERR_PACK(ERR_LIB_X509, 0, ERR_R_PASSED_NULL_PARAMETER)),
                     "passed a null parameter");
    ck_assert_str_eq(ERR_reason_error_string(ERR_PACK(ERR_LIB_BIO, 0, ERR_R_INTERNAL_ERROR)),
                     "internal error");
    ck_assert_str_eq(ERR_reason_error_string(ERR_PACK(ERR_LIB_EC, 0, ERR_R_UNSUPPORTED)), "unsupported");
    ck_assert_str_eq(ERR_reason_error_string(ERR_SYSTEM_FLAG | EACCES), "Permission denied");
    ck_assert_ptr_null(ERR_reason_error_string(ERR_PACK(ERR_LIB_SSL, 0, 9999)));
    ck_assert_ptr_null(ERR_reason_error_string(0));
    ck_assert_str_eq(ERR_lib_error_string(0x0A000126UL), "SSL routines");
    ck_assert_str_eq(ERR_lib_error_string(ERR_SYSTEM_FLAG | ENOENT), "system library");
    ck_assert_str_eq(ERR_lib_error_string(ERR_PACK(ERR_LIB_ASN1, 0, 1)), "asn1 encoding routines");
    ck_assert_str_eq(ERR_lib_error_string(ERR_PACK(ERR_LIB_CRYPTO, 0, 1)), "common libcrypto routines");
    ck_assert_ptr_null(ERR_lib_error_string(0));
    ck_assert_ptr_null(ERR_func_error_string(0x0A000126UL));
}
END_TEST

/* ------------------------------------------------------------ printing */

/* The whole content of fp, from its start (caller frees). */
static char *read_all(FILE *fp)
{
    long size;
    char *text;

    ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
    size = ftell(fp);
    ck_assert_int_ge(size, 0);
    rewind(fp);
    text = calloc(1, (size_t)size + 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(fread(text, 1, (size_t)size, fp), (size_t)size);
    return text;
}

/* The thread id prefix: 2 uppercase hex digits per byte of pthread_t, then ':'. */
static const char *skip_thread_id(const char *line)
{
    size_t i;

    for (i = 0; i < 2 * sizeof(pthread_t); i++)
        ck_assert_msg(strchr("0123456789ABCDEF", line[i]) != NULL && line[i] != '\0',
                      "bad thread id in %s", line);
    ck_assert_int_eq(line[i], ':');
    return line + i + 1;
}

START_TEST(test_print_errors_fp)
{
    FILE *fp = tmpfile();
    char expect[512];
    char *text;
    const char *rest;
    int line;

    ck_assert_ptr_nonnull(fp);
    ERR_raise_data(ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH, "x=%d", 5); line = __LINE__;
    ERR_put_error(ERR_LIB_SYS, 0, ENOENT, "f.c", 3);
    ERR_print_errors_fp(fp);
    ck_assert_uint_eq(ERR_peek_error(), 0);
    text = read_all(fp);
    snprintf(expect, sizeof(expect),
             "error:0A0000B9:SSL routines:%s:no cipher match:%s:%d:x=5\n",
             __func__, __FILE__, line);
    rest = skip_thread_id(text);
    ck_assert_int_eq(strncmp(rest, expect, strlen(expect)), 0);
    rest = skip_thread_id(rest + strlen(expect));
    ck_assert_str_eq(rest, "error:80000002:system library::No such file or directory:f.c:3:\n");
    free(text);
    fclose(fp);
}
END_TEST

struct cb_log {
    int calls;
    char first[512];
};

/* Keeps the first line and stops the printing there. */
static int stop_after_first(const char *str, size_t len, void *u)
{
    struct cb_log *log = u;

    ck_assert_uint_eq(len, strlen(str));
    if (log->calls++ == 0)
        snprintf(log->first, sizeof(log->first), "%s", str);
    return 0;
}

START_TEST(test_print_errors_cb)
{
    struct cb_log log = { 0, "" };

    ERR_put_error(ERR_LIB_SSL, 0, SSL_R_NO_CIPHER_MATCH, "a.c", 1);
    ERR_put_error(ERR_LIB_SSL, 0, SSL_R_BAD_LENGTH, "b.c", 2);
    ERR_print_errors_cb(stop_after_first, &log);
    ck_assert_int_eq(log.calls, 1);
    ck_assert_str_eq(skip_thread_id(log.first),
                     "error:0A0000B9:SSL routines::no cipher match:a.c:1:\n");
    ck_assert_uint_eq(ERR_get_error(), ERR_PACK(ERR_LIB_SSL, 0, SSL_R_BAD_LENGTH));
}
END_TEST

/* ------------------------------------------------------------ marks */

START_TEST(test_marks)
{
    ck_assert_int_eq(ERR_set_mark(), 0);        /* nothing to mark */
    ERR_raise(ERR_LIB_SSL, 1);
    ck_assert_int_eq(ERR_set_mark(), 1);
    ERR_raise_data(ERR_LIB_SSL, 2, "two");
    ERR_raise(ERR_LIB_SSL, 3);
    ck_assert_int_eq(ERR_pop_to_mark(), 1);
    ck_assert_uint_eq(ERR_peek_last_error(), ERR_PACK(ERR_LIB_SSL, 0, 1));
    ck_assert_uint_eq(ERR_peek_error(), ERR_PACK(ERR_LIB_SSL, 0, 1));
    /* The mark is gone: a second pop empties the queue and fails. */
    ck_assert_int_eq(ERR_pop_to_mark(), 0);
    ck_assert_uint_eq(ERR_peek_error(), 0);
}
END_TEST

START_TEST(test_clear_last_mark)
{
    ck_assert_int_eq(ERR_clear_last_mark(), 0);
    ERR_raise(ERR_LIB_SSL, 1);
    ck_assert_int_eq(ERR_set_mark(), 1);
    ERR_raise(ERR_LIB_SSL, 2);
    ck_assert_int_eq(ERR_clear_last_mark(), 1);
    ck_assert_int_eq(ERR_clear_last_mark(), 0);
    ck_assert_int_eq(ERR_pop_to_mark(), 0);
    ck_assert_uint_eq(ERR_peek_error(), 0);
}
END_TEST

/* ------------------------------------------------------------ threads */

struct thread_result {
    unsigned long seen_at_start;
    unsigned long own;
    char text[256];
};

static void *raise_in_thread(void *arg)
{
    struct thread_result *r = arg;
    const char *data = NULL;

    r->seen_at_start = ERR_peek_error();
    ERR_raise_data(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH, "in thread %d", 2);
    ERR_raise_data(ERR_LIB_PEM, PEM_R_NO_START_LINE, "left queued");
    r->own = ERR_get_error_line_data(NULL, NULL, &data, NULL);
    snprintf(r->text, sizeof(r->text), "%s", data);
    return NULL;    /* the PEM error's text is freed at thread exit */
}

START_TEST(test_thread_isolation)
{
    struct thread_result r;
    pthread_t t;

    memset(&r, 0, sizeof(r));
    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
    ck_assert_int_eq(pthread_create(&t, NULL, raise_in_thread, &r), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    ck_assert_uint_eq(r.seen_at_start, 0);
    ck_assert_uint_eq(r.own, ERR_PACK(ERR_LIB_X509, 0, X509_R_KEY_VALUES_MISMATCH));
    ck_assert_str_eq(r.text, "in thread 2");
    ck_assert_uint_eq(ERR_get_error(), ERR_PACK(ERR_LIB_SSL, 0, SSL_R_BAD_LENGTH));
    ck_assert_uint_eq(ERR_get_error(), 0);
}
END_TEST

/* ------------------------------------------------------------ other texts */

START_TEST(test_verify_strings)
{
    ck_assert_str_eq(X509_verify_cert_error_string(X509_V_OK), "ok");
    ck_assert_str_eq(X509_verify_cert_error_string(X509_V_ERR_CERT_SIGNATURE_FAILURE),
                     "certificate signature failure");
    ck_assert_str_eq(X509_verify_cert_error_string(X509_V_ERR_CERT_HAS_EXPIRED),
                     "certificate has expired");
    ck_assert_str_eq(X509_verify_cert_error_string(X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT),
                     "self-signed certificate");
    ck_assert_str_eq(X509_verify_cert_error_string(X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN),
                     "self-signed certificate in certificate chain");
    ck_assert_str_eq(X509_verify_cert_error_string(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY),
                     "unable to get local issuer certificate");
    ck_assert_str_eq(X509_verify_cert_error_string(X509_V_ERR_HOSTNAME_MISMATCH),
                     "hostname mismatch");
    ck_assert_str_eq(X509_verify_cert_error_string(X509_V_ERR_IP_ADDRESS_MISMATCH),
                     "IP address mismatch");
    ck_assert_str_eq(X509_verify_cert_error_string(X509_V_ERR_INVALID_CALL),
                     "invalid certificate verification context");
    ck_assert_str_eq(X509_verify_cert_error_string(94),
                     "Certificate public key has explicit ECC parameters");
    ck_assert_str_eq(X509_verify_cert_error_string(95), "unknown certificate verification error");
    ck_assert_str_eq(X509_verify_cert_error_string(-1), "unknown certificate verification error");
}
END_TEST

START_TEST(test_alert_strings)
{
    ck_assert_str_eq(SSL_alert_desc_string_long(2 << 8 | 40), "handshake failure");
    ck_assert_str_eq(SSL_alert_desc_string_long(2 << 8 | 48), "unknown CA");
    ck_assert_str_eq(SSL_alert_desc_string_long(1 << 8 | 0), "close notify");
    ck_assert_str_eq(SSL_alert_desc_string_long(10), "unexpected_message");
    ck_assert_str_eq(SSL_alert_desc_string_long(200), "unknown");
    ck_assert_str_eq(SSL_alert_type_string_long(1 << 8), "warning");
    ck_assert_str_eq(SSL_alert_type_string_long(2 << 8 | 40), "fatal");
    ck_assert_str_eq(SSL_alert_type_string_long(5), "unknown");
}
END_TEST

START_TEST(test_version)
{
    const char *v = OpenSSL_version(OPENSSL_VERSION);

    ck_assert_ptr_nonnull(strstr(v, "kumassl"));
    ck_assert_ptr_nonnull(strstr(v, "BearSSL"));
    ck_assert_str_eq(OpenSSL_version(OPENSSL_VERSION_STRING), "3.0.0");
    ck_assert_ptr_nonnull(strstr(OpenSSL_version(OPENSSL_FULL_VERSION_STRING), "3.0.0"));
    ck_assert_int_eq(strncmp(OpenSSL_version(OPENSSL_CFLAGS), "compiler: ", 10), 0);
    ck_assert_int_eq(strncmp(OpenSSL_version(OPENSSL_PLATFORM), "platform: ", 10), 0);
    ck_assert_int_eq(strncmp(OpenSSL_version(OPENSSL_BUILT_ON), "built on: ", 10), 0);
    ck_assert_str_eq(OpenSSL_version(-5), "not available");
    ck_assert_uint_eq(OpenSSL_version_num(), OPENSSL_VERSION_NUMBER);
    ck_assert_uint_eq(OPENSSL_version_major(), 3);
    ck_assert_uint_eq(OPENSSL_version_minor(), 0);
    ck_assert_int_eq(OPENSSL_init_crypto(0, NULL), 1);
}
END_TEST

/* ------------------------------------------------------------ memory */

START_TEST(test_memory)
{
    unsigned char *p;
    char *s;
    size_t i;

    ck_assert_ptr_null(OPENSSL_malloc(0));
    ck_assert_uint_eq(ERR_peek_error(), 0);     /* zero bytes is no failure */
    p = OPENSSL_zalloc(32);
    ck_assert_ptr_nonnull(p);
    for (i = 0; i < 32; i++)
        ck_assert_int_eq(p[i], 0);
    memset(p, 0xA5, 32);
    p = OPENSSL_realloc(p, 64);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(p[31], 0xA5);
    OPENSSL_cleanse(p, 64);
    for (i = 0; i < 64; i++)
        ck_assert_int_eq(p[i], 0);
    OPENSSL_free(p);
    OPENSSL_free(NULL);
    s = OPENSSL_strdup("kuma");
    ck_assert_str_eq(s, "kuma");
    OPENSSL_free(s);
    ck_assert_ptr_null(OPENSSL_strdup(NULL));
}
END_TEST

/* An allocation that cannot succeed queues ERR_R_MALLOC_FAILURE at the caller. */
START_TEST(test_malloc_failure)
{
    const char *file = NULL;
    unsigned long e;

    ck_assert_ptr_null(OPENSSL_malloc((size_t)-1 / 2));
    e = ERR_get_error_line(&file, NULL);
    ck_assert_uint_eq(e, ERR_PACK(ERR_LIB_CRYPTO, 0, ERR_R_MALLOC_FAILURE));
    ck_assert_str_eq(file, __FILE__);
}
END_TEST

START_TEST(test_rand)
{
    unsigned char a[32], b[32];

    ck_assert_int_eq(RAND_status(), 1);
    ck_assert_int_eq(RAND_bytes(a, sizeof(a)), 1);
    ck_assert_int_eq(RAND_bytes(b, sizeof(b)), 1);
    ck_assert_int_ne(memcmp(a, b, sizeof(a)), 0);
    ck_assert_int_eq(RAND_bytes(a, 0), 1);
    ck_assert_int_eq(RAND_bytes(a, -1), 0);
    ck_assert_uint_eq(ERR_get_error(), ERR_PACK(ERR_LIB_RAND, 0, ERR_R_PASSED_INVALID_ARGUMENT));
}
END_TEST

/* ------------------------------------------------------------ stacks */

static int freed;

static void count_free(void *p)
{
    freed++;
    free(p);
}

START_TEST(test_stack)
{
    OPENSSL_STACK *st = OPENSSL_sk_new_null();
    int one = 1, two = 2, three = 3, i;

    ck_assert_ptr_nonnull(st);
    ck_assert_int_eq(OPENSSL_sk_num(NULL), -1);
    ck_assert_int_eq(OPENSSL_sk_num(st), 0);
    ck_assert_ptr_null(OPENSSL_sk_pop(st));
    ck_assert_ptr_null(OPENSSL_sk_shift(st));
    ck_assert_int_eq(OPENSSL_sk_push(st, &one), 1);
    ck_assert_int_eq(OPENSSL_sk_push(st, &two), 2);
    ck_assert_int_eq(OPENSSL_sk_push(st, &three), 3);
    ck_assert_ptr_eq(OPENSSL_sk_value(st, 1), &two);
    ck_assert_ptr_null(OPENSSL_sk_value(st, 3));
    ck_assert_ptr_null(OPENSSL_sk_value(st, -1));
    ck_assert_ptr_eq(OPENSSL_sk_shift(st), &one);
    ck_assert_ptr_eq(OPENSSL_sk_pop(st), &three);
    ck_assert_int_eq(OPENSSL_sk_num(st), 1);
    ck_assert_ptr_eq(OPENSSL_sk_value(st, 0), &two);
    OPENSSL_sk_free(st);
    ck_assert_int_eq(OPENSSL_sk_push(NULL, &one), 0);

    st = OPENSSL_sk_new_null();
    for (i = 0; i < 100; i++)           /* past several regrowths */
        ck_assert_int_eq(OPENSSL_sk_push(st, malloc(4)), i + 1);
    freed = 0;
    OPENSSL_sk_pop_free(st, count_free);
    ck_assert_int_eq(freed, 100);
}
END_TEST

/* ------------------------------------------------------------ runner */

static Suite *err_suite(void)
{
    Suite *s = suite_create("err");
    TCase *queue = tu_add_tcase(s, "queue", 0);
    TCase *texts = tu_add_tcase(s, "texts", 0);
    TCase *crypto = tu_add_tcase(s, "crypto", 0);

    tcase_add_checked_fixture(queue, setup, NULL);
    tcase_add_checked_fixture(texts, setup, NULL);
    tcase_add_checked_fixture(crypto, setup, NULL);
    tcase_add_test(queue, test_pack_ssl);
    tcase_add_test(queue, test_pack_sys);
    tcase_add_test(queue, test_pack_common);
    tcase_add_test(queue, test_queue_order);
    tcase_add_test(queue, test_queue_overflow);
    tcase_add_test(queue, test_clear_error);
    tcase_add_test(queue, test_file_line_func);
    tcase_add_test(queue, test_put_error);
    tcase_add_test(queue, test_raise_data);
    tcase_add_test(queue, test_add_error_txt_first);
    tcase_add_test(queue, test_marks);
    tcase_add_test(queue, test_clear_last_mark);
    tcase_add_test(queue, test_thread_isolation);
    tcase_add_test(texts, test_error_string);
    tcase_add_test(texts, test_error_string_unknown);
    tcase_add_test(texts, test_error_string_static);
    tcase_add_test(texts, test_error_string_n);
    tcase_add_test(texts, test_reason_lib_strings);
    tcase_add_test(texts, test_print_errors_fp);
    tcase_add_test(texts, test_print_errors_cb);
    tcase_add_test(texts, test_verify_strings);
    tcase_add_test(texts, test_alert_strings);
    tcase_add_test(crypto, test_version);
    tcase_add_test(crypto, test_memory);
    tcase_add_test(crypto, test_malloc_failure);
    tcase_add_test(crypto, test_rand);
    tcase_add_test(crypto, test_stack);
    return s;
}

int main(void)
{
    return tu_run_suite(err_suite(), CK_NORMAL);
}
