/* kumassl: certificate verification, as OpenSSL's <openssl/x509_vfy.h>. */
#ifndef KUMASSL_X509_VFY_H
#define KUMASSL_X509_VFY_H
#include <openssl/types.h>
#include <openssl/x509.h>
#include <time.h>
#ifdef __cplusplus
extern "C" {
#endif

#define X509_V_OK 0
#define X509_V_ERR_UNSPECIFIED 1
#define X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT 2
#define X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE 4
#define X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY 6
#define X509_V_ERR_CERT_SIGNATURE_FAILURE 7
#define X509_V_ERR_CERT_NOT_YET_VALID 9
#define X509_V_ERR_CERT_HAS_EXPIRED 10
#define X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD 13
#define X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD 14
#define X509_V_ERR_OUT_OF_MEM 17
#define X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT 18
#define X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN 19
#define X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY 20
#define X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE 21
#define X509_V_ERR_CERT_CHAIN_TOO_LONG 22
#define X509_V_ERR_CERT_REVOKED 23
#define X509_V_ERR_NO_ISSUER_PUBLIC_KEY 24
#define X509_V_ERR_PATH_LENGTH_EXCEEDED 25
#define X509_V_ERR_INVALID_PURPOSE 26
#define X509_V_ERR_CERT_UNTRUSTED 27
#define X509_V_ERR_CERT_REJECTED 28
#define X509_V_ERR_SUBJECT_ISSUER_MISMATCH 29
#define X509_V_ERR_KEYUSAGE_NO_CERTSIGN 32
#define X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION 34
#define X509_V_ERR_INVALID_NON_CA 37
#define X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE 39
#define X509_V_ERR_INVALID_EXTENSION 41
#define X509_V_ERR_APPLICATION_VERIFICATION 50
#define X509_V_ERR_UNSUPPORTED_NAME_SYNTAX 53
#define X509_V_ERR_HOSTNAME_MISMATCH 62
#define X509_V_ERR_EMAIL_MISMATCH 63
#define X509_V_ERR_IP_ADDRESS_MISMATCH 64
#define X509_V_ERR_EE_KEY_TOO_SMALL 66
#define X509_V_ERR_CA_KEY_TOO_SMALL 67
#define X509_V_ERR_CA_MD_TOO_WEAK 68
#define X509_V_ERR_INVALID_CALL 69
#define X509_V_ERR_INVALID_CA 79

#define X509_L_FILE_LOAD 1
#define X509_L_ADD_DIR   2

#define X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT    0x1
#define X509_CHECK_FLAG_NO_WILDCARDS            0x2
#define X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS    0x4
#define X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS   0x8
#define X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS 0x10
#define X509_CHECK_FLAG_NEVER_CHECK_SUBJECT     0x20

/* The OpenSSL text for a verification result, e.g. "certificate has expired". */
const char *X509_verify_cert_error_string(long n);

/* A verify callback: ok is 0 on an error; return 1 to carry on anyway, 0 to stop. */
typedef int (*X509_STORE_CTX_verify_cb)(int ok, X509_STORE_CTX *ctx);

/*
 * Verification outside TLS: X509_STORE_CTX_init names the trust store, the
 * certificate and untrusted candidates for its path (all kept by the
 * caller until the context is cleaned up); X509_verify_cert returns 1 when
 * the certificate verifies (or the callback let every error through), 0
 * with X509_STORE_CTX_get_error set when not, -1 when called wrongly.
 */
X509_STORE_CTX *X509_STORE_CTX_new(void);
void X509_STORE_CTX_free(X509_STORE_CTX *ctx);
int X509_STORE_CTX_init(X509_STORE_CTX *ctx, X509_STORE *trust_store, X509 *target,
                        STACK_OF(X509) *untrusted);
/* Frees what init and X509_verify_cert made; init may be called again. */
void X509_STORE_CTX_cleanup(X509_STORE_CTX *ctx);
int X509_verify_cert(X509_STORE_CTX *ctx);
X509 *X509_STORE_CTX_get0_cert(const X509_STORE_CTX *ctx);
X509_STORE *X509_STORE_CTX_get0_store(const X509_STORE_CTX *ctx);
STACK_OF(X509) *X509_STORE_CTX_get0_untrusted(const X509_STORE_CTX *ctx);
/* The parameters in force (time, depth, names): a fresh set at init; set0 takes param over. */
X509_VERIFY_PARAM *X509_STORE_CTX_get0_param(const X509_STORE_CTX *ctx);
void X509_STORE_CTX_set0_param(X509_STORE_CTX *ctx, X509_VERIFY_PARAM *param);
/* Verifies at time t instead of now (flags are ignored, as OpenSSL does). */
void X509_STORE_CTX_set_time(X509_STORE_CTX *ctx, unsigned long flags, time_t t);
/* Called for each certificate of the path, top first; replaces the store's callback. */
void X509_STORE_CTX_set_verify_cb(X509_STORE_CTX *ctx, X509_STORE_CTX_verify_cb verify);
X509_STORE_CTX_verify_cb X509_STORE_CTX_get_verify_cb(const X509_STORE_CTX *ctx);
/*
 * The path built by X509_verify_cert, leaf first. Unlike OpenSSL's it ends
 * below the trust anchor: the store keeps anchors as names and keys only.
 * get1 returns a new stack holding its own references.
 */
STACK_OF(X509) *X509_STORE_CTX_get0_chain(const X509_STORE_CTX *ctx);
STACK_OF(X509) *X509_STORE_CTX_get1_chain(const X509_STORE_CTX *ctx);

/* Inside a verify callback: the result, its depth, and the certificate at that depth. */
int X509_STORE_CTX_get_error(const X509_STORE_CTX *ctx);
void X509_STORE_CTX_set_error(X509_STORE_CTX *ctx, int s);
int X509_STORE_CTX_get_error_depth(const X509_STORE_CTX *ctx);
X509 *X509_STORE_CTX_get_current_cert(const X509_STORE_CTX *ctx);
/* The SSL being verified: pass SSL_get_ex_data_X509_STORE_CTX_idx() as idx. */
void *X509_STORE_CTX_get_ex_data(const X509_STORE_CTX *ctx, int idx);

/* A new empty trust store, or NULL. */
X509_STORE *X509_STORE_new(void);
/* Drops a reference; frees at zero. */
void X509_STORE_free(X509_STORE *v);
int X509_STORE_up_ref(X509_STORE *v);
/* Adds a trusted certificate (the store takes its own copy). 1 on success. */
int X509_STORE_add_cert(X509_STORE *ctx, X509 *x);
/* Loads trusted certificates from a PEM file and/or every file of a directory. */
int X509_STORE_load_locations(X509_STORE *ctx, const char *file, const char *dir);
/* Loads the system's trust store (SSL_CERT_FILE / SSL_CERT_DIR honoured). */
int X509_STORE_set_default_paths(X509_STORE *ctx);
/* The callback each X509_STORE_CTX_init on this store starts with (and TLS, when the SSL has none). */
void X509_STORE_set_verify_cb(X509_STORE *ctx, X509_STORE_CTX_verify_cb verify_cb);
#define X509_STORE_set_verify_cb_func(ctx, func) X509_STORE_set_verify_cb((ctx), (func))

/* The default locations and the environment variables that override them. */
const char *X509_get_default_cert_file(void);
const char *X509_get_default_cert_dir(void);
const char *X509_get_default_cert_file_env(void);
const char *X509_get_default_cert_dir_env(void);

/* ---- verification parameters (X509_VERIFY_PARAM) ----------------------------------- */

/* Use the time given by X509_VERIFY_PARAM_set_time() instead of the current time. */
#define X509_V_FLAG_USE_CHECK_TIME 0x2

/* A new parameter set: no names, depth -1 (the default, 100), the current time. */
X509_VERIFY_PARAM *X509_VERIFY_PARAM_new(void);
void X509_VERIFY_PARAM_free(X509_VERIFY_PARAM *param);
/* Copies every setting of from into to. 1 on success. */
int X509_VERIFY_PARAM_set1(X509_VERIFY_PARAM *to, const X509_VERIFY_PARAM *from);

/*
 * The DNS names the peer's certificate must match (any one of them).
 * set1 replaces the list, add1 appends to it; namelen 0 means strlen(name);
 * NULL or "" with set1 clears the list. 0 when name holds a NUL byte.
 */
int X509_VERIFY_PARAM_set1_host(X509_VERIFY_PARAM *param, const char *name, size_t namelen);
int X509_VERIFY_PARAM_add1_host(X509_VERIFY_PARAM *param, const char *name, size_t namelen);
/* The idx-th name of the list, or NULL. */
char *X509_VERIFY_PARAM_get0_host(X509_VERIFY_PARAM *param, int idx);
/* X509_CHECK_FLAG_* for the name checks (e.g. X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS). */
void X509_VERIFY_PARAM_set_hostflags(X509_VERIFY_PARAM *param, unsigned int flags);
unsigned int X509_VERIFY_PARAM_get_hostflags(const X509_VERIFY_PARAM *param);
/* After a verification: the reference name that matched, or NULL. */
char *X509_VERIFY_PARAM_get0_peername(const X509_VERIFY_PARAM *param);

/* The IP address the certificate must hold: 4 or 16 bytes (NULL clears), or text. */
int X509_VERIFY_PARAM_set1_ip(X509_VERIFY_PARAM *param, const unsigned char *ip, size_t iplen);
int X509_VERIFY_PARAM_set1_ip_asc(X509_VERIFY_PARAM *param, const char *ipasc);

/*
 * The most intermediate CA certificates allowed between the peer's
 * certificate and a trust anchor (as `openssl verify -verify_depth`): with
 * depth 0 the peer's certificate must be issued by an anchor; -1 means the
 * default (100).
 */
void X509_VERIFY_PARAM_set_depth(X509_VERIFY_PARAM *param, int depth);
int X509_VERIFY_PARAM_get_depth(const X509_VERIFY_PARAM *param);

/* Verify validity periods at time t instead of now (sets X509_V_FLAG_USE_CHECK_TIME). */
void X509_VERIFY_PARAM_set_time(X509_VERIFY_PARAM *param, time_t t);
time_t X509_VERIFY_PARAM_get_time(const X509_VERIFY_PARAM *param);
/* Only X509_V_FLAG_USE_CHECK_TIME is supported; other flags fail with an error. */
int X509_VERIFY_PARAM_set_flags(X509_VERIFY_PARAM *param, unsigned long flags);
int X509_VERIFY_PARAM_clear_flags(X509_VERIFY_PARAM *param, unsigned long flags);
unsigned long X509_VERIFY_PARAM_get_flags(const X509_VERIFY_PARAM *param);

#ifdef __cplusplus
}
#endif
#endif
