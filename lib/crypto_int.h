/*
 * kumassl: libcrypto's objects, as seen by the rest of the implementation.
 *
 * Everything declared here is used across files (and by libssl); names
 * start with kuma_ so that they never collide with OpenSSL's.
 */
#ifndef KUMASSL_CRYPTO_INT_H
#define KUMASSL_CRYPTO_INT_H
#include <pthread.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include "internal.h"

/* ---- stacks ---------------------------------------------------------- */
struct stack_st {
    void **data;
    int num;
    int cap;
};

/* ---- BIO ------------------------------------------------------------- */
struct bio_method_st {
    int type;
    const char *name;
    int (*bwrite)(BIO *b, const char *data, int len);
    int (*bread)(BIO *b, char *data, int len);
    long (*ctrl)(BIO *b, int cmd, long larg, void *parg);
    int (*create)(BIO *b);
    int (*destroy)(BIO *b);
};

struct bio_st {
    const BIO_METHOD *method;
    kuma_refcount refs;
    int flags;
    int close_flag;     /* BIO_CLOSE: the fd / stream is closed on free */
    int num;            /* the fd of socket BIOs */
    void *ptr;          /* per-kind state */
};

/* ---- names and certificates ----------------------------------------- */

/* A distinguished name: the DER of its SEQUENCE. */
struct X509_name_st {
    unsigned char *der;
    size_t len;
};

struct x509_st {
    kuma_refcount refs;
    unsigned char *der;         /* the whole certificate */
    size_t der_len;
    X509_NAME subject;
    X509_NAME issuer;
    br_x509_pkey pkey;          /* points into pkey_buf */
    unsigned char *pkey_buf;
    int is_ca;                  /* basicConstraints CA:TRUE */
    int signer_key_type;        /* BR_KEYTYPE_RSA / BR_KEYTYPE_EC of the issuer's signature */
};

/*
 * Decodes one DER certificate (a copy is kept). NULL with an error queued
 * (ERR_LIB_X509 / ERR_LIB_ASN1) when it is not a certificate BearSSL can read.
 */
X509 *kuma_x509_from_der(const unsigned char *der, size_t len);

/*
 * Reads every certificate of a file (PEM: all CERTIFICATE / TRUSTED
 * CERTIFICATE / X509 CERTIFICATE blocks, text around them allowed, CRLF
 * allowed; ASN1: exactly one DER certificate). Returns a new stack (caller
 * frees with sk_X509_pop_free(sk, X509_free)), or NULL with an error queued
 * naming the problem (missing file: ERR_LIB_SYS + errno, then
 * PEM_R_NO_START_LINE for PEM without certificates, ...).
 */
STACK_OF(X509) *kuma_x509_load_file(const char *path, int type);
/* The same from memory. */
STACK_OF(X509) *kuma_x509_load_mem(const unsigned char *buf, size_t len, int type);

/*
 * Name checks used by SSL verification: 1 when the certificate matches,
 * 0 when not (no error queued).
 */
int kuma_x509_match_host(X509 *x, const char *name, unsigned int flags);
int kuma_x509_match_ip(X509 *x, const unsigned char *ip, size_t iplen);
/* Parses "1.2.3.4" / "::1" into out (16 bytes); returns 4, 16, or 0 when not an IP literal. */
size_t kuma_parse_ip(const char *text, unsigned char *out);

/* ---- private keys ----------------------------------------------------- */
struct evp_pkey_st {
    kuma_refcount refs;
    int type;                   /* EVP_PKEY_RSA or EVP_PKEY_EC */
    br_rsa_private_key rsa;     /* points into buf */
    br_ec_private_key ec;       /* points into buf */
    unsigned char *buf;         /* key material, wiped on free */
    size_t buf_len;
};

/* Decodes an unencrypted DER key (PKCS#1 RSA, SEC1 EC, PKCS#8); NULL + error. */
EVP_PKEY *kuma_pkey_from_der(const unsigned char *der, size_t len);
/* Reads the first private key of a file (PEM or ASN1); NULL with an error queued. */
EVP_PKEY *kuma_pkey_load_file(const char *path, int type);
EVP_PKEY *kuma_pkey_load_mem(const unsigned char *buf, size_t len, int type);
/* 1 when the key pairs with the certificate's public key, 0 otherwise (X509_R_KEY_VALUES_MISMATCH queued). */
int kuma_pkey_matches(const EVP_PKEY *pkey, const X509 *x);

/* ---- file and PEM helpers --------------------------------------------- */

/* Reads a whole file into a new buffer; on failure queues ERR_LIB_SYS errno with the path. */
int kuma_read_file(const char *path, unsigned char **buf, size_t *len);

/* One decoded PEM block. */
typedef struct {
    char *label;                /* "CERTIFICATE", "PRIVATE KEY", ... */
    unsigned char *data;
    size_t len;
} kuma_pem_block;

/*
 * Decodes every PEM block in buf (text between blocks ignored, CRLF accepted).
 * Returns 1 and the blocks (possibly none) or 0 with PEM_R_BAD_BASE64_DECODE /
 * PEM_R_BAD_END_LINE queued when a block is malformed.
 */
int kuma_pem_decode_all(const unsigned char *buf, size_t len,
                        kuma_pem_block **blocks, size_t *count);
void kuma_pem_free(kuma_pem_block *blocks, size_t count);

/* ---- trust store ------------------------------------------------------ */
struct x509_store_st {
    kuma_refcount refs;
    pthread_mutex_t lock;       /* held while adding anchors */
    br_x509_trust_anchor *anchors;
    size_t count;
    size_t cap;
};

/* Adds the certificate as a trust anchor (DN and key copied). 1 on success. */
int kuma_store_add_x509(X509_STORE *st, const X509 *x);

/* The state a verify callback sees. */
struct x509_store_ctx_st {
    int error;
    int depth;
    X509 *current;
    void *ssl;                  /* returned for SSL_get_ex_data_X509_STORE_CTX_idx() */
};

/* ---- errors ----------------------------------------------------------- */

/* The text of an X509_V_ERR_* code. */
const char *kuma_verify_error_string(long n);

#endif
