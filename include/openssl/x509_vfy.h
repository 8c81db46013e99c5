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
 * The path built by X509_verify_cert, leaf first, the trust anchor last
 * (as OpenSSL). get1 returns a new stack holding its own references.
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
/* Adds / removes X509_V_FLAG_* (see below for those kumassl supports; others fail with an error). */
int X509_VERIFY_PARAM_set_flags(X509_VERIFY_PARAM *param, unsigned long flags);
int X509_VERIFY_PARAM_clear_flags(X509_VERIFY_PARAM *param, unsigned long flags);
unsigned long X509_VERIFY_PARAM_get_flags(const X509_VERIFY_PARAM *param);


/* ---- RFC 5280 verification: more results, flags and purposes (OpenSSL 3.0's values) ---- */
#define X509_V_ERR_UNABLE_TO_GET_CRL 3
#define X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE 5
#define X509_V_ERR_CRL_SIGNATURE_FAILURE 8
#define X509_V_ERR_CRL_NOT_YET_VALID 11
#define X509_V_ERR_CRL_HAS_EXPIRED 12
#define X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD 15
#define X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD 16
#define X509_V_ERR_AKID_SKID_MISMATCH 30
#define X509_V_ERR_AKID_ISSUER_SERIAL_MISMATCH 31
#define X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER 33
#define X509_V_ERR_KEYUSAGE_NO_CRL_SIGN 35
#define X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION 36
#define X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED 38
#define X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED 40
#define X509_V_ERR_INVALID_POLICY_EXTENSION 42
#define X509_V_ERR_NO_EXPLICIT_POLICY 43
#define X509_V_ERR_DIFFERENT_CRL_SCOPE 44
#define X509_V_ERR_UNSUPPORTED_EXTENSION_FEATURE 45
#define X509_V_ERR_UNNESTED_RESOURCE 46
#define X509_V_ERR_PERMITTED_VIOLATION 47
#define X509_V_ERR_EXCLUDED_VIOLATION 48
#define X509_V_ERR_SUBTREE_MINMAX 49
#define X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE 51
#define X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX 52
#define X509_V_ERR_CRL_PATH_VALIDATION_ERROR 54
#define X509_V_ERR_PATH_LOOP 55
#define X509_V_ERR_SUITE_B_INVALID_VERSION 56
#define X509_V_ERR_SUITE_B_INVALID_ALGORITHM 57
#define X509_V_ERR_SUITE_B_INVALID_CURVE 58
#define X509_V_ERR_SUITE_B_INVALID_SIGNATURE_ALGORITHM 59
#define X509_V_ERR_SUITE_B_LOS_NOT_ALLOWED 60
#define X509_V_ERR_SUITE_B_CANNOT_SIGN_P_384_WITH_P_256 61
#define X509_V_ERR_DANE_NO_MATCH 65
#define X509_V_ERR_STORE_LOOKUP 70
#define X509_V_ERR_NO_VALID_SCTS 71
#define X509_V_ERR_PROXY_SUBJECT_NAME_VIOLATION 72
#define X509_V_ERR_OCSP_VERIFY_NEEDED 73
#define X509_V_ERR_OCSP_VERIFY_FAILED 74
#define X509_V_ERR_OCSP_CERT_UNKNOWN 75
#define X509_V_ERR_UNSUPPORTED_SIGNATURE_ALGORITHM 76
#define X509_V_ERR_SIGNATURE_ALGORITHM_MISMATCH 77
#define X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY 78
#define X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA 80
#define X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN 81
#define X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA 82
#define X509_V_ERR_ISSUER_NAME_EMPTY 83
#define X509_V_ERR_SUBJECT_NAME_EMPTY 84
#define X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER 85
#define X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER 86
#define X509_V_ERR_EMPTY_SUBJECT_ALT_NAME 87
#define X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL 88
#define X509_V_ERR_CA_BCONS_NOT_CRITICAL 89
#define X509_V_ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL 90
#define X509_V_ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL 91
#define X509_V_ERR_CA_CERT_MISSING_KEY_USAGE 92
#define X509_V_ERR_EXTENSIONS_REQUIRE_VERSION_3 93
#define X509_V_ERR_EC_KEY_EXPLICIT_PARAMS 94

/*
 * Verification flags kumassl acts on (X509_VERIFY_PARAM_set_flags, X509_STORE_set_flags);
 * any other flag is refused with an error rather than ignored. TRUSTED_FIRST is
 * always in force (as in OpenSSL 1.1+).
 */
#define X509_V_FLAG_CRL_CHECK 0x4
#define X509_V_FLAG_CRL_CHECK_ALL 0x8
#define X509_V_FLAG_IGNORE_CRITICAL 0x10
#define X509_V_FLAG_X509_STRICT 0x20
#define X509_V_FLAG_CHECK_SS_SIGNATURE 0x4000
#define X509_V_FLAG_TRUSTED_FIRST 0x8000
#define X509_V_FLAG_PARTIAL_CHAIN 0x80000
#define X509_V_FLAG_NO_CHECK_TIME 0x200000
/*
 * OpenSSL's other flags, defined so that programs naming them build; setting
 * one fails (ERR_R_UNSUPPORTED: policy checking, proxy certificates, delta
 * and indirect CRLs, Suite B, no alternative chains are not implemented).
 * CB_ISSUER_CHECK is 0, a no-op, as in OpenSSL.
 */
#define X509_V_FLAG_CB_ISSUER_CHECK 0x0
#define X509_V_FLAG_ALLOW_PROXY_CERTS 0x40
#define X509_V_FLAG_POLICY_CHECK 0x80
#define X509_V_FLAG_EXPLICIT_POLICY 0x100
#define X509_V_FLAG_INHIBIT_ANY 0x200
#define X509_V_FLAG_INHIBIT_MAP 0x400
#define X509_V_FLAG_NOTIFY_POLICY 0x800
#define X509_V_FLAG_EXTENDED_CRL_SUPPORT 0x1000
#define X509_V_FLAG_USE_DELTAS 0x2000
#define X509_V_FLAG_SUITEB_128_LOS_ONLY 0x10000
#define X509_V_FLAG_SUITEB_192_LOS 0x20000
#define X509_V_FLAG_SUITEB_128_LOS 0x30000
#define X509_V_FLAG_NO_ALT_CHAINS 0x100000

/* What a certificate is checked to be fit for (X509_VERIFY_PARAM_set_purpose). */
#define X509_PURPOSE_SSL_CLIENT 1
#define X509_PURPOSE_SSL_SERVER 2
#define X509_PURPOSE_NS_SSL_SERVER 3
#define X509_PURPOSE_SMIME_SIGN 4
#define X509_PURPOSE_SMIME_ENCRYPT 5
#define X509_PURPOSE_CRL_SIGN 6
#define X509_PURPOSE_ANY 7
#define X509_PURPOSE_OCSP_HELPER 8
#define X509_PURPOSE_TIMESTAMP_SIGN 9
#define X509_PURPOSE_MIN 1
#define X509_PURPOSE_MAX 9
#define X509_R_UNKNOWN_PURPOSE_ID 121

/* Flags every verification on this store gets (OR'ed with the context's). 1 on success. */
int X509_STORE_set_flags(X509_STORE *ctx, unsigned long flags);
/*
 * CRLs for X509_V_FLAG_CRL_CHECK(_ALL): added one by one, or loaded from a
 * file through the store's X509_LOOKUP_file() (X509_load_crl_file: every
 * CRL of a PEM file or one DER CRL; X509_LOOKUP_load_file and
 * X509_load_cert_crl_file: certificates and CRLs). The lookup belongs to
 * the store. Counts of objects loaded, 0 with an error queued.
 */
int X509_STORE_add_crl(X509_STORE *ctx, X509_CRL *x);
X509_LOOKUP_METHOD *X509_LOOKUP_file(void);
X509_LOOKUP *X509_STORE_add_lookup(X509_STORE *v, X509_LOOKUP_METHOD *m);
int X509_load_crl_file(X509_LOOKUP *ctx, const char *file, int type);
int X509_load_cert_file(X509_LOOKUP *ctx, const char *file, int type);
int X509_load_cert_crl_file(X509_LOOKUP *ctx, const char *file, int type);
int X509_LOOKUP_ctrl(X509_LOOKUP *ctx, int cmd, const char *argc, long argl, char **ret);
#define X509_LOOKUP_load_file(x, name, type) X509_LOOKUP_ctrl((x), X509_L_FILE_LOAD, (name), (long)(type), NULL)

/* Sets flags on the context's parameters. */
void X509_STORE_CTX_set_flags(X509_STORE_CTX *ctx, unsigned long flags);
/* What the target must be fit for (X509_PURPOSE_*); 0 with X509_R_UNKNOWN_PURPOSE_ID otherwise. */
int X509_STORE_CTX_set_purpose(X509_STORE_CTX *ctx, int purpose);
int X509_VERIFY_PARAM_set_purpose(X509_VERIFY_PARAM *param, int purpose);
int X509_VERIFY_PARAM_get_purpose(const X509_VERIFY_PARAM *param);
/*
 * The security level keys and signature digests of the chain must meet
 * (1: 80 bits, 2: 112, 3: 128, 4: 192, 5: 256); -1 (the default) checks
 * nothing outside TLS, and TLS then uses the SSL's security level.
 */
void X509_VERIFY_PARAM_set_auth_level(X509_VERIFY_PARAM *param, int auth_level);
int X509_VERIFY_PARAM_get_auth_level(const X509_VERIFY_PARAM *param);
/* The email address the certificate must hold (emaillen 0: strlen; NULL clears). */
int X509_VERIFY_PARAM_set1_email(X509_VERIFY_PARAM *param, const char *email, size_t emaillen);


/* A certificate of the store that issued x (X509_check_issued), one valid now if any;
 * 1 with *issuer (a new reference), 0 none, -1 bad arguments (x509_misc.c). */
int X509_STORE_CTX_get1_issuer(X509 **issuer, X509_STORE_CTX *ctx, X509 *x);

/* ---- the store's objects (store_objects.c) ---- */
typedef enum { X509_LU_NONE = 0, X509_LU_X509, X509_LU_CRL } X509_LOOKUP_TYPE;
KUMASSL_DEFINE_STACK_OF(X509_OBJECT)
/* A new empty object (type X509_LU_NONE); freeing drops the reference it holds. */
X509_OBJECT *X509_OBJECT_new(void);
void X509_OBJECT_free(X509_OBJECT *a);
X509_LOOKUP_TYPE X509_OBJECT_get_type(const X509_OBJECT *a);
/* The certificate / CRL the object holds; NULL when it holds the other kind. */
X509 *X509_OBJECT_get0_X509(const X509_OBJECT *a);
X509_CRL *X509_OBJECT_get0_X509_CRL(const X509_OBJECT *a);
/* Makes the object hold obj (one reference taken, the previous one dropped); 1, or 0 on NULL. */
int X509_OBJECT_set1_X509(X509_OBJECT *a, X509 *obj);
int X509_OBJECT_set1_X509_CRL(X509_OBJECT *a, X509_CRL *obj);
int X509_OBJECT_up_ref_count(X509_OBJECT *a);
/*
 * The store's certificates and CRLs as objects, in the order they were added
 * (the stack belongs to the store). Other threads adding to the store append
 * to it: call between X509_STORE_lock and X509_STORE_unlock to read it while
 * they may, as with OpenSSL.
 */
STACK_OF(X509_OBJECT) *X509_STORE_get0_objects(const X509_STORE *v);
/* The store's lock (recursive: the store's own functions take it too); 1 on success. */
int X509_STORE_lock(X509_STORE *ctx);
int X509_STORE_unlock(X509_STORE *ctx);

#ifdef __cplusplus
}
#endif
#endif
