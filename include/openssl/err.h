/*
 * kumassl: the error queue, as OpenSSL's <openssl/err.h>.
 *
 * Each thread has its own queue of packed error codes. A code packs a library
 * number and a reason exactly as OpenSSL 3.0 does, so ERR_GET_LIB() and
 * ERR_GET_REASON() give OpenSSL's numbers (e.g. ERR_LIB_SSL / SSL_R_...).
 */
#ifndef KUMASSL_ERR_H
#define KUMASSL_ERR_H
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <limits.h>
#include <openssl/e_os2.h>
#include <openssl/types.h>
#include <openssl/crypto.h>
#include <openssl/bio.h>
#ifdef __cplusplus
extern "C" {
#endif

#define ERR_TXT_MALLOCED 0x01
#define ERR_TXT_STRING   0x02
/*
 * Slots of each thread's ring. As in OpenSSL, one slot always stays free, so
 * at most ERR_NUM_ERRORS - 1 errors are queued; a new error beyond that
 * drops the oldest one.
 */
#define ERR_NUM_ERRORS   16

#define ERR_LIB_NONE   1
#define ERR_LIB_SYS    2
#define ERR_LIB_BN     3
#define ERR_LIB_RSA    4
#define ERR_LIB_DH     5
#define ERR_LIB_EVP    6
#define ERR_LIB_BUF    7
#define ERR_LIB_OBJ    8
#define ERR_LIB_PEM    9
#define ERR_LIB_DSA    10
#define ERR_LIB_X509   11
#define ERR_LIB_ASN1   13
#define ERR_LIB_CONF   14
#define ERR_LIB_CRYPTO 15
#define ERR_LIB_EC     16
#define ERR_LIB_SSL    20
#define ERR_LIB_BIO    32
#define ERR_LIB_PKCS7  33
#define ERR_LIB_X509V3 34
#define ERR_LIB_PKCS12 35
#define ERR_LIB_RAND   36
#define ERR_LIB_DSO    37
#define ERR_LIB_ENGINE 38
#define ERR_LIB_OCSP   39
#define ERR_LIB_UI     40
#define ERR_LIB_OSSL_STORE 44
#define ERR_LIB_CMS    46
#define ERR_LIB_PROV   57
#define ERR_LIB_OSSL_DECODER 60
#define ERR_LIB_HTTP   61
#define ERR_LIB_USER   128

#define ERR_SYSTEM_FLAG ((unsigned int)INT_MAX + 1)
#define ERR_SYSTEM_MASK ((unsigned int)INT_MAX)
#define ERR_LIB_OFFSET 23L
#define ERR_LIB_MASK 0xFF
#define ERR_RFLAGS_OFFSET 18L
#define ERR_RFLAGS_MASK 0x1F
#define ERR_REASON_MASK 0x7FFFFF
#define ERR_RFLAG_FATAL (0x1 << ERR_RFLAGS_OFFSET)
#define ERR_RFLAG_COMMON (0x2 << ERR_RFLAGS_OFFSET)

#define ERR_SYSTEM_ERROR(errcode) (((errcode) & ERR_SYSTEM_FLAG) != 0)

/* The library number of a packed code (ERR_LIB_SYS for system errors). */
static ossl_inline int ERR_GET_LIB(unsigned long errcode)
{
    if (ERR_SYSTEM_ERROR(errcode))
        return ERR_LIB_SYS;
    return (errcode >> ERR_LIB_OFFSET) & ERR_LIB_MASK;
}
/* Function codes are gone in OpenSSL 3.0: always 0. */
static ossl_inline int ERR_GET_FUNC(unsigned long errcode)
{
    (void)errcode;
    return 0;
}
/* The reason of a packed code (errno for system errors). */
static ossl_inline int ERR_GET_REASON(unsigned long errcode)
{
    if (ERR_SYSTEM_ERROR(errcode))
        return errcode & ERR_SYSTEM_MASK;
    return errcode & ERR_REASON_MASK;
}
static ossl_inline int ERR_FATAL_ERROR(unsigned long errcode)
{
    return (ERR_GET_REASON(errcode) & ERR_RFLAG_FATAL) != 0;
}

#define ERR_PACK(lib, func, reason) \
    ((((unsigned long)(lib) & ERR_LIB_MASK) << ERR_LIB_OFFSET) | \
     (((unsigned long)(reason) & ERR_REASON_MASK)))

/* "Failed in that library" reasons; common to every library, as in OpenSSL 3.0. */
#define ERR_R_SYS_LIB    (ERR_LIB_SYS | ERR_RFLAG_COMMON)
#define ERR_R_BN_LIB     (ERR_LIB_BN | ERR_RFLAG_COMMON)
#define ERR_R_RSA_LIB    (ERR_LIB_RSA | ERR_RFLAG_COMMON)
#define ERR_R_DH_LIB     (ERR_LIB_DH | ERR_RFLAG_COMMON)
#define ERR_R_EVP_LIB    (ERR_LIB_EVP | ERR_RFLAG_COMMON)
#define ERR_R_BUF_LIB    (ERR_LIB_BUF | ERR_RFLAG_COMMON)
#define ERR_R_OBJ_LIB    (ERR_LIB_OBJ | ERR_RFLAG_COMMON)
#define ERR_R_PEM_LIB    (ERR_LIB_PEM | ERR_RFLAG_COMMON)
#define ERR_R_DSA_LIB    (ERR_LIB_DSA | ERR_RFLAG_COMMON)
#define ERR_R_X509_LIB   (ERR_LIB_X509 | ERR_RFLAG_COMMON)
#define ERR_R_ASN1_LIB   (ERR_LIB_ASN1 | ERR_RFLAG_COMMON)
#define ERR_R_CRYPTO_LIB (ERR_LIB_CRYPTO | ERR_RFLAG_COMMON)
#define ERR_R_EC_LIB     (ERR_LIB_EC | ERR_RFLAG_COMMON)
#define ERR_R_BIO_LIB    (ERR_LIB_BIO | ERR_RFLAG_COMMON)
#define ERR_R_PKCS7_LIB  (ERR_LIB_PKCS7 | ERR_RFLAG_COMMON)
#define ERR_R_X509V3_LIB (ERR_LIB_X509V3 | ERR_RFLAG_COMMON)
#define ERR_R_ENGINE_LIB (ERR_LIB_ENGINE | ERR_RFLAG_COMMON)
#define ERR_R_UI_LIB     (ERR_LIB_UI | ERR_RFLAG_COMMON)
#define ERR_R_OSSL_STORE_LIB (ERR_LIB_OSSL_STORE | ERR_RFLAG_COMMON)

#define ERR_R_FATAL (ERR_RFLAG_FATAL | ERR_RFLAG_COMMON)
#define ERR_R_MALLOC_FAILURE (256 | ERR_R_FATAL)
#define ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED (257 | ERR_R_FATAL)
#define ERR_R_PASSED_NULL_PARAMETER (258 | ERR_R_FATAL)
#define ERR_R_INTERNAL_ERROR (259 | ERR_R_FATAL)
#define ERR_R_DISABLED (260 | ERR_R_FATAL)
#define ERR_R_INIT_FAIL (261 | ERR_R_FATAL)
#define ERR_R_PASSED_INVALID_ARGUMENT (262 | ERR_RFLAG_COMMON)
#define ERR_R_OPERATION_FAIL (263 | ERR_R_FATAL)
#define ERR_R_INVALID_PROVIDER_FUNCTIONS (264 | ERR_R_FATAL)
#define ERR_R_INTERRUPTED_OR_CANCELLED (265 | ERR_RFLAG_COMMON)
#define ERR_R_NESTED_ASN1_ERROR (266 | ERR_RFLAG_COMMON)
#define ERR_R_MISSING_ASN1_EOS (267 | ERR_RFLAG_COMMON)
#define ERR_R_UNSUPPORTED (268 | ERR_RFLAG_COMMON)
#define ERR_R_FETCH_FAILED (269 | ERR_RFLAG_COMMON)
#define ERR_R_INVALID_PROPERTY_DEFINITION (270 | ERR_RFLAG_COMMON)
#define ERR_R_UNABLE_TO_GET_READ_LOCK (271 | ERR_R_FATAL)
#define ERR_R_UNABLE_TO_GET_WRITE_LOCK (272 | ERR_R_FATAL)

/*
 * Reading the queue. The get functions remove the oldest error, the peek
 * functions leave the queue as it is (peek_last: the newest error); all
 * return 0 when the queue is empty (outputs then untouched). Any output
 * pointer may be NULL. file and func are "" when not recorded; data is ""
 * with flags 0 when no text is attached, else flags has ERR_TXT_STRING.
 * The data text belongs to the queue, even once its error is removed: it
 * stays valid until this thread raises or clears errors.
 */
unsigned long ERR_get_error(void);
unsigned long ERR_get_error_line(const char **file, int *line);
unsigned long ERR_get_error_line_data(const char **file, int *line,
                                      const char **data, int *flags);
unsigned long ERR_get_error_all(const char **file, int *line, const char **func,
                                const char **data, int *flags);
unsigned long ERR_peek_error(void);
unsigned long ERR_peek_error_line(const char **file, int *line);
unsigned long ERR_peek_error_func(const char **func);
unsigned long ERR_peek_error_data(const char **data, int *flags);
unsigned long ERR_peek_error_line_data(const char **file, int *line,
                                       const char **data, int *flags);
unsigned long ERR_peek_error_all(const char **file, int *line, const char **func,
                                 const char **data, int *flags);
unsigned long ERR_peek_last_error(void);
unsigned long ERR_peek_last_error_line(const char **file, int *line);
unsigned long ERR_peek_last_error_func(const char **func);
unsigned long ERR_peek_last_error_data(const char **data, int *flags);
unsigned long ERR_peek_last_error_line_data(const char **file, int *line,
                                            const char **data, int *flags);
unsigned long ERR_peek_last_error_all(const char **file, int *line,
                                      const char **func, const char **data,
                                      int *flags);
/* Empties this thread's queue. */
void ERR_clear_error(void);

/*
 * Writes "error:XXXXXXXX:lib::reason" for e into buf (which must hold 256
 * bytes), or into a per-thread static buffer when buf is NULL; returns the
 * text. Unknown libraries and reasons read "lib(N)" / "reason(N)".
 */
char *ERR_error_string(unsigned long e, char *buf);
/*
 * As ERR_error_string() into buf of len bytes, always NUL-terminated. When
 * the text does not fit, OpenSSL's short form "err:code:lib:0:reason" (hex)
 * is written instead, truncated if need be.
 */
void ERR_error_string_n(unsigned long e, char *buf, size_t len);
/* The library name of e ("SSL routines", ...), or NULL if unknown. */
const char *ERR_lib_error_string(unsigned long e);
/* Always NULL: OpenSSL 3.0 has no function codes. */
const char *ERR_func_error_string(unsigned long e);
/*
 * The reason text of e ("unexpected eof while reading", ...), or NULL.
 * For system errors (ERR_LIB_SYS) it is strerror's text for the errno, in a
 * per-thread buffer (OpenSSL 3.0 returns NULL there).
 */
const char *ERR_reason_error_string(unsigned long e);
/*
 * Prints and removes every error of the queue, one line each:
 * "<thread id>:error:<code>:<lib>:<func>:<reason>:<file>:<line>:<data>".
 */
void ERR_print_errors_fp(FILE *fp);
/* As ERR_print_errors_fp(), to a BIO. */
void ERR_print_errors(BIO *bp);
/* Calls cb for each queued error's line, removing them; stops when cb returns <= 0. */
void ERR_print_errors_cb(int (*cb)(const char *str, size_t len, void *u), void *u);

/* Error strings are built in: these do nothing and succeed. */
int ERR_load_ERR_strings(void);
int ERR_load_crypto_strings(void);
int ERR_load_SSL_strings(void);
int ERR_load_BIO_strings(void);
void ERR_free_strings(void);
/* Nothing is kept per thread beyond the queue itself; no-ops. */
void ERR_remove_state(unsigned long pid);
void ERR_remove_thread_state(void *tid);

/*
 * Pushing errors, OpenSSL 3.0 style: ERR_new() queues an empty error,
 * ERR_set_debug() records where it was raised (the strings are not copied:
 * pass literals), ERR_set_error() sets its code, and with a printf format
 * fmt (may be NULL) attaches the formatted text. For ERR_LIB_SYS the reason
 * is an errno. Use them through ERR_raise() / ERR_raise_data().
 */
void ERR_new(void);
void ERR_set_debug(const char *file, int line, const char *func);
void ERR_set_error(int lib, int reason, const char *fmt, ...);
void ERR_vset_error(int lib, int reason, const char *fmt, va_list args);
/* OpenSSL 1.1 style: queues lib/reason raised at file:line (func is ignored). */
void ERR_put_error(int lib, int func, int reason, const char *file, int line);
/* Appends num strings to the newest error's text (NULL ones as "<NULL>"). */
void ERR_add_error_data(int num, ...);
void ERR_add_error_vdata(int num, va_list args);
/* Appends txt to the newest error's text, preceded by sepr (if not NULL) when there is text already. */
void ERR_add_error_txt(const char *sepr, const char *txt);
/*
 * ERR_set_mark() marks the newest error (0 when the queue is empty: nothing
 * to mark). ERR_pop_to_mark() removes the errors queued after the newest
 * mark and drops that mark; it returns 0 when no mark was found (the queue
 * is then empty). ERR_clear_last_mark() drops the newest mark, keeping the
 * errors; 0 when there is none.
 */
int ERR_set_mark(void);
int ERR_pop_to_mark(void);
int ERR_clear_last_mark(void);

#define ERR_raise(lib, reason) ERR_raise_data((lib), (reason), NULL)
#define ERR_raise_data (ERR_new(), ERR_set_debug(__FILE__, __LINE__, __func__), ERR_set_error)

#ifdef __cplusplus
}
#endif
#endif
