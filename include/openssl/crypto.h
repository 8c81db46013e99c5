/*
 * kumassl: library-wide functions, as OpenSSL's <openssl/crypto.h>.
 * Like OpenSSL's, this header pulls in <stdio.h> and <stdlib.h>.
 */
#ifndef KUMASSL_CRYPTO_H
#define KUMASSL_CRYPTO_H
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <openssl/e_os2.h>
#include <openssl/opensslconf.h>
#include <openssl/opensslv.h>
#include <openssl/types.h>
#include <openssl/safestack.h>
#ifdef __cplusplus
extern "C" {
#endif

/* Selectors for OpenSSL_version(). */
#define OPENSSL_VERSION          0
#define OPENSSL_CFLAGS           1
#define OPENSSL_BUILT_ON         2
#define OPENSSL_PLATFORM         3
#define OPENSSL_DIR              4
#define OPENSSL_ENGINES_DIR      5
#define OPENSSL_VERSION_STRING   6
#define OPENSSL_FULL_VERSION_STRING 7
#define OPENSSL_MODULES_DIR      8
#define OPENSSL_CPU_INFO         9
#define SSLEAY_VERSION OPENSSL_VERSION

/* Flags for OPENSSL_init_crypto() / OPENSSL_init_ssl(); all accepted. */
#define OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS 0x00000001L
#define OPENSSL_INIT_LOAD_CRYPTO_STRINGS    0x00000002L
#define OPENSSL_INIT_ADD_ALL_CIPHERS        0x00000004L
#define OPENSSL_INIT_ADD_ALL_DIGESTS        0x00000008L
#define OPENSSL_INIT_NO_ADD_ALL_CIPHERS     0x00000010L
#define OPENSSL_INIT_NO_ADD_ALL_DIGESTS     0x00000020L
#define OPENSSL_INIT_LOAD_CONFIG            0x00000040L
#define OPENSSL_INIT_NO_LOAD_CONFIG         0x00000080L
#define OPENSSL_INIT_ASYNC                  0x00000100L
#define OPENSSL_INIT_NO_ATEXIT              0x00080000L

/* A text about this library; "kumassl ... over BearSSL ..." for OPENSSL_VERSION. */
const char *OpenSSL_version(int type);
/* OPENSSL_VERSION_NUMBER of the library actually linked. */
unsigned long OpenSSL_version_num(void);
#define SSLeay_version OpenSSL_version
#define SSLeay OpenSSL_version_num
/* Version parts and strings of the linked library. */
unsigned int OPENSSL_version_major(void);
unsigned int OPENSSL_version_minor(void);
unsigned int OPENSSL_version_patch(void);

/* Initialises the library; always 1 (kumassl needs no global setup). */
int OPENSSL_init_crypto(uint64_t opts, const OPENSSL_INIT_SETTINGS *settings);
/*
 * Settings for OPENSSL_init_crypto / OPENSSL_init_ssl (init.c): the
 * configuration file name, application name and CONF_MFLAGS_* flags a
 * program gives. kumassl reads no configuration file (conf.h), so
 * OPENSSL_INIT_LOAD_CONFIG with these settings loads nothing, as OpenSSL
 * does when the file is missing and CONF_MFLAGS_IGNORE_MISSING_FILE is set.
 * The setters copy their string and return 1, 0 on allocation failure.
 */
OPENSSL_INIT_SETTINGS *OPENSSL_INIT_new(void);
void OPENSSL_INIT_free(OPENSSL_INIT_SETTINGS *settings);
int OPENSSL_INIT_set_config_filename(OPENSSL_INIT_SETTINGS *settings, const char *config_filename);
int OPENSSL_INIT_set_config_appname(OPENSSL_INIT_SETTINGS *settings, const char *config_appname);
void OPENSSL_INIT_set_config_file_flags(OPENSSL_INIT_SETTINGS *settings, unsigned long flags);

/* Releases what the library holds: only the calling thread's queued errors. */
void OPENSSL_cleanup(void);

/*
 * Allocation with OpenSSL's names. A failure queues ERR_R_MALLOC_FAILURE
 * (ERR_LIB_CRYPTO) at the caller's file and line; zero bytes give NULL
 * without an error; OPENSSL_realloc(p, 0) frees p; OPENSSL_free(NULL) is a
 * no-op.
 */
void *CRYPTO_malloc(size_t num, const char *file, int line);
void *CRYPTO_zalloc(size_t num, const char *file, int line);
void *CRYPTO_realloc(void *addr, size_t num, const char *file, int line);
void CRYPTO_free(void *ptr, const char *file, int line);
/* Wipes num bytes at ptr, then frees it (the _secure_ form: kumassl has no separate secure heap). */
void CRYPTO_clear_free(void *ptr, size_t num, const char *file, int line);
void CRYPTO_secure_clear_free(void *ptr, size_t num, const char *file, int line);
#define OPENSSL_clear_free(p, n) CRYPTO_clear_free(p, n, __FILE__, __LINE__)
#define OPENSSL_secure_clear_free(p, n) CRYPTO_secure_clear_free(p, n, __FILE__, __LINE__)
char *CRYPTO_strdup(const char *str, const char *file, int line);
/* Overwrites len bytes at ptr with zeros in a way the compiler keeps. */
void OPENSSL_cleanse(void *ptr, size_t len);
#define OPENSSL_malloc(n) CRYPTO_malloc(n, __FILE__, __LINE__)
#define OPENSSL_zalloc(n) CRYPTO_zalloc(n, __FILE__, __LINE__)
#define OPENSSL_realloc(p, n) CRYPTO_realloc(p, n, __FILE__, __LINE__)
#define OPENSSL_free(p) CRYPTO_free(p, __FILE__, __LINE__)
#define OPENSSL_strdup(s) CRYPTO_strdup(s, __FILE__, __LINE__)

/* Ex-data plumbing for SSL_get_ex_new_index() and friends. */
typedef void CRYPTO_EX_new(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp);
typedef void CRYPTO_EX_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp);
typedef int CRYPTO_EX_dup(CRYPTO_EX_DATA *to, const CRYPTO_EX_DATA *from, void **from_d, int idx, long argl, void *argp);
/* The classes of objects with application data (OpenSSL's numbering). */
#define CRYPTO_EX_INDEX_SSL 0
#define CRYPTO_EX_INDEX_SSL_CTX 1
#define CRYPTO_EX_INDEX_SSL_SESSION 2
#define CRYPTO_EX_INDEX_X509 3
#define CRYPTO_EX_INDEX_X509_STORE 4
#define CRYPTO_EX_INDEX_X509_STORE_CTX 5
#define CRYPTO_EX_INDEX_DH 6
#define CRYPTO_EX_INDEX_DSA 7
#define CRYPTO_EX_INDEX_EC_KEY 8
#define CRYPTO_EX_INDEX_RSA 9
#define CRYPTO_EX_INDEX_ENGINE 10
#define CRYPTO_EX_INDEX_UI 11
#define CRYPTO_EX_INDEX_BIO 12
#define CRYPTO_EX_INDEX_APP 13
#define CRYPTO_EX_INDEX_UI_METHOD 14
#define CRYPTO_EX_INDEX_RAND_DRBG 15
#define CRYPTO_EX_INDEX_OSSL_LIB_CTX 16
#define CRYPTO_EX_INDEX_EVP_PKEY 17
#define CRYPTO_EX_INDEX__COUNT 18
/*
 * A new ex_data index of class_index (ex_data.c): index 0 is reserved (the
 * *_set_app_data slot), so the first is 1. new_func runs when an object of
 * the class is made, free_func when it is freed; dup_func is never called
 * (kumassl duplicates no object with ex_data). -1 on a bad class.
 */
int CRYPTO_get_ex_new_index(int class_index, long argl, void *argp, CRYPTO_EX_new *new_func,
                            CRYPTO_EX_dup *dup_func, CRYPTO_EX_free *free_func);

/* Thread-safety hooks of OpenSSL 1.0; kumassl is thread-safe without them. */
#define CRYPTO_num_locks() 1
#define CRYPTO_set_locking_callback(f) ((void)(f))
#define CRYPTO_set_id_callback(f) ((void)(f))
#define CRYPTO_THREADID_set_callback(f) 1

/* ---- comparisons (evp_md.c) ---- */
/* Compares len bytes in time independent of their contents: 0 when equal. */
int CRYPTO_memcmp(const void *in_a, const void *in_b, size_t len);

#ifdef __cplusplus
}
#endif
#endif
