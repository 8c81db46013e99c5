/*
 * kumassl: the OpenSSL TLS API over BearSSL, as OpenSSL's <openssl/ssl.h>.
 *
 * Names, signatures and constant values are OpenSSL 3.0's; setters that
 * OpenSSL defines as macros over SSL_ctrl()/SSL_CTX_ctrl() are the same
 * macros here, with the same command numbers. Deviations (secure defaults,
 * features BearSSL lacks) are listed in README.md. A function that cannot do
 * what OpenSSL documents returns OpenSSL's failure value and queues an error.
 */
#ifndef KUMASSL_SSL_H
#define KUMASSL_SSL_H
#include <stdio.h>
#include <stdlib.h>
#include <openssl/e_os2.h>
#include <openssl/opensslconf.h>
#include <openssl/types.h>
#include <openssl/crypto.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/pem.h>
#include <openssl/evp.h>
#include <openssl/ssl3.h>
#include <openssl/tls1.h>
#include <openssl/sslerr.h>
#ifdef __cplusplus
extern "C" {
#endif

/* Names used by programs written for wolfSSL's OpenSSL layer. */
#ifndef SSL_SUCCESS
#define SSL_SUCCESS 1
#endif
#ifndef SSL_FAILURE
#define SSL_FAILURE 0
#endif

#define SSL_FILETYPE_PEM  X509_FILETYPE_PEM
#define SSL_FILETYPE_ASN1 X509_FILETYPE_ASN1

#define SSL_ERROR_NONE             0
#define SSL_ERROR_SSL              1
#define SSL_ERROR_WANT_READ        2
#define SSL_ERROR_WANT_WRITE       3
#define SSL_ERROR_WANT_X509_LOOKUP 4
#define SSL_ERROR_SYSCALL          5
#define SSL_ERROR_ZERO_RETURN      6
#define SSL_ERROR_WANT_CONNECT     7
#define SSL_ERROR_WANT_ACCEPT      8
#define SSL_ERROR_WANT_ASYNC       9
#define SSL_ERROR_WANT_ASYNC_JOB   10
#define SSL_ERROR_WANT_CLIENT_HELLO_CB 11

#define SSL_VERIFY_NONE                 0x00
#define SSL_VERIFY_PEER                 0x01
#define SSL_VERIFY_FAIL_IF_NO_PEER_CERT 0x02
#define SSL_VERIFY_CLIENT_ONCE          0x04
#define SSL_VERIFY_POST_HANDSHAKE       0x08

#define SSL_SENT_SHUTDOWN     1
#define SSL_RECEIVED_SHUTDOWN 2

#define SSL_NOTHING     1
#define SSL_WRITING     2
#define SSL_READING     3
#define SSL_X509_LOOKUP 4

#define SSL_MAX_SSL_SESSION_ID_LENGTH 32
#define SSL_MAX_SID_CTX_LENGTH 32
#define SSL_MAX_MASTER_KEY_LENGTH 48

#define SSL_OP_BIT(n) ((uint64_t)1 << (uint64_t)(n))
#define SSL_OP_NO_EXTENDED_MASTER_SECRET SSL_OP_BIT(0)
#define SSL_OP_CLEANSE_PLAINTEXT         SSL_OP_BIT(1)
#define SSL_OP_LEGACY_SERVER_CONNECT     SSL_OP_BIT(2)
#define SSL_OP_ENABLE_KTLS               SSL_OP_BIT(3)
#define SSL_OP_TLSEXT_PADDING            SSL_OP_BIT(4)
#define SSL_OP_SAFARI_ECDHE_ECDSA_BUG    SSL_OP_BIT(6)
#define SSL_OP_IGNORE_UNEXPECTED_EOF     SSL_OP_BIT(7)
#define SSL_OP_ALLOW_CLIENT_RENEGOTIATION SSL_OP_BIT(8)
#define SSL_OP_DISABLE_TLSEXT_CA_NAMES   SSL_OP_BIT(9)
#define SSL_OP_ALLOW_NO_DHE_KEX          SSL_OP_BIT(10)
#define SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS SSL_OP_BIT(11)
#define SSL_OP_NO_QUERY_MTU              SSL_OP_BIT(12)
#define SSL_OP_COOKIE_EXCHANGE           SSL_OP_BIT(13)
#define SSL_OP_NO_TICKET                 SSL_OP_BIT(14)
#define SSL_OP_CISCO_ANYCONNECT          SSL_OP_BIT(15)
#define SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION SSL_OP_BIT(16)
#define SSL_OP_NO_COMPRESSION            SSL_OP_BIT(17)
#define SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION SSL_OP_BIT(18)
#define SSL_OP_NO_ENCRYPT_THEN_MAC       SSL_OP_BIT(19)
#define SSL_OP_ENABLE_MIDDLEBOX_COMPAT   SSL_OP_BIT(20)
#define SSL_OP_PRIORITIZE_CHACHA         SSL_OP_BIT(21)
#define SSL_OP_CIPHER_SERVER_PREFERENCE  SSL_OP_BIT(22)
#define SSL_OP_TLS_ROLLBACK_BUG          SSL_OP_BIT(23)
#define SSL_OP_NO_ANTI_REPLAY            SSL_OP_BIT(24)
#define SSL_OP_NO_SSLv3                  SSL_OP_BIT(25)
#define SSL_OP_NO_TLSv1                  SSL_OP_BIT(26)
#define SSL_OP_NO_TLSv1_2                SSL_OP_BIT(27)
#define SSL_OP_NO_TLSv1_1                SSL_OP_BIT(28)
#define SSL_OP_NO_TLSv1_3                SSL_OP_BIT(29)
#define SSL_OP_NO_RENEGOTIATION          SSL_OP_BIT(30)
#define SSL_OP_CRYPTOPRO_TLSEXT_BUG      SSL_OP_BIT(31)
#define SSL_OP_NO_SSL_MASK (SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1 \
                            | SSL_OP_NO_TLSv1_2 | SSL_OP_NO_TLSv1_3)
#define SSL_OP_ALL (SSL_OP_CRYPTOPRO_TLSEXT_BUG | SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS \
                    | SSL_OP_TLSEXT_PADDING | SSL_OP_SAFARI_ECDHE_ECDSA_BUG)
#define SSL_OP_NO_SSLv2 0x0
#define SSL_OP_SINGLE_ECDH_USE 0x0
#define SSL_OP_SINGLE_DH_USE 0x0
#define SSL_OP_MICROSOFT_SESS_ID_BUG 0x0
#define SSL_OP_NETSCAPE_CHALLENGE_BUG 0x0

#define SSL_MODE_ENABLE_PARTIAL_WRITE       0x00000001U
#define SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER 0x00000002U
#define SSL_MODE_AUTO_RETRY                 0x00000004U
#define SSL_MODE_NO_AUTO_CHAIN              0x00000008U
#define SSL_MODE_RELEASE_BUFFERS            0x00000010U
#define SSL_MODE_SEND_FALLBACK_SCSV         0x00000080U

#define SSL_SESS_CACHE_OFF    0x0000
#define SSL_SESS_CACHE_CLIENT 0x0001
#define SSL_SESS_CACHE_SERVER 0x0002
#define SSL_SESS_CACHE_BOTH   (SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_SERVER)

#define SSL_ST_CONNECT 0x1000
#define SSL_ST_ACCEPT  0x2000
#define SSL_ST_MASK    0x0FFF
#define SSL_CB_LOOP    0x01
#define SSL_CB_EXIT    0x02
#define SSL_CB_READ    0x04
#define SSL_CB_WRITE   0x08
#define SSL_CB_ALERT   0x4000
#define SSL_CB_READ_ALERT (SSL_CB_ALERT | SSL_CB_READ)
#define SSL_CB_WRITE_ALERT (SSL_CB_ALERT | SSL_CB_WRITE)
#define SSL_CB_ACCEPT_LOOP (SSL_ST_ACCEPT | SSL_CB_LOOP)
#define SSL_CB_ACCEPT_EXIT (SSL_ST_ACCEPT | SSL_CB_EXIT)
#define SSL_CB_CONNECT_LOOP (SSL_ST_CONNECT | SSL_CB_LOOP)
#define SSL_CB_CONNECT_EXIT (SSL_ST_CONNECT | SSL_CB_EXIT)
#define SSL_CB_HANDSHAKE_START 0x10
#define SSL_CB_HANDSHAKE_DONE  0x20

#define SSL_AD_REASON_OFFSET 1000
#define SSL_AD_CLOSE_NOTIFY SSL3_AD_CLOSE_NOTIFY
#define SSL_AD_UNEXPECTED_MESSAGE SSL3_AD_UNEXPECTED_MESSAGE
#define SSL_AD_BAD_RECORD_MAC SSL3_AD_BAD_RECORD_MAC
#define SSL_AD_RECORD_OVERFLOW TLS1_AD_RECORD_OVERFLOW
#define SSL_AD_HANDSHAKE_FAILURE SSL3_AD_HANDSHAKE_FAILURE
#define SSL_AD_BAD_CERTIFICATE SSL3_AD_BAD_CERTIFICATE
#define SSL_AD_UNSUPPORTED_CERTIFICATE SSL3_AD_UNSUPPORTED_CERTIFICATE
#define SSL_AD_CERTIFICATE_REVOKED SSL3_AD_CERTIFICATE_REVOKED
#define SSL_AD_CERTIFICATE_EXPIRED SSL3_AD_CERTIFICATE_EXPIRED
#define SSL_AD_CERTIFICATE_UNKNOWN SSL3_AD_CERTIFICATE_UNKNOWN
#define SSL_AD_ILLEGAL_PARAMETER SSL3_AD_ILLEGAL_PARAMETER
#define SSL_AD_UNKNOWN_CA TLS1_AD_UNKNOWN_CA
#define SSL_AD_ACCESS_DENIED TLS1_AD_ACCESS_DENIED
#define SSL_AD_DECODE_ERROR TLS1_AD_DECODE_ERROR
#define SSL_AD_DECRYPT_ERROR TLS1_AD_DECRYPT_ERROR
#define SSL_AD_PROTOCOL_VERSION TLS1_AD_PROTOCOL_VERSION
#define SSL_AD_INSUFFICIENT_SECURITY TLS1_AD_INSUFFICIENT_SECURITY
#define SSL_AD_INTERNAL_ERROR TLS1_AD_INTERNAL_ERROR
#define SSL_AD_USER_CANCELLED TLS1_AD_USER_CANCELLED
#define SSL_AD_MISSING_EXTENSION TLS13_AD_MISSING_EXTENSION
#define SSL_AD_UNSUPPORTED_EXTENSION TLS1_AD_UNSUPPORTED_EXTENSION
#define SSL_AD_NO_RENEGOTIATION TLS1_AD_NO_RENEGOTIATION
#define SSL_AD_UNRECOGNIZED_NAME TLS1_AD_UNRECOGNIZED_NAME
#define SSL_AD_NO_APPLICATION_PROTOCOL TLS1_AD_NO_APPLICATION_PROTOCOL

#define SSL_TLSEXT_ERR_OK 0
#define SSL_TLSEXT_ERR_ALERT_WARNING 1
#define SSL_TLSEXT_ERR_ALERT_FATAL 2
#define SSL_TLSEXT_ERR_NOACK 3

#define OPENSSL_INIT_NO_LOAD_SSL_STRINGS 0x00100000L
#define OPENSSL_INIT_LOAD_SSL_STRINGS    0x00200000L

/* SSL_ctrl / SSL_CTX_ctrl commands, with OpenSSL's numbers. */
#define SSL_CTRL_EXTRA_CHAIN_CERT          14
#define SSL_CTRL_SESS_NUMBER               20
#define SSL_CTRL_MODE                      33
#define SSL_CTRL_GET_READ_AHEAD            40
#define SSL_CTRL_SET_READ_AHEAD            41
#define SSL_CTRL_SET_SESS_CACHE_SIZE       42
#define SSL_CTRL_GET_SESS_CACHE_SIZE       43
#define SSL_CTRL_SET_SESS_CACHE_MODE       44
#define SSL_CTRL_GET_SESS_CACHE_MODE       45
#define SSL_CTRL_GET_MAX_CERT_LIST         50
#define SSL_CTRL_SET_MAX_CERT_LIST         51
#define SSL_CTRL_SET_MAX_SEND_FRAGMENT     52
#define SSL_CTRL_SET_TLSEXT_SERVERNAME_CB  53
#define SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG 54
#define SSL_CTRL_SET_TLSEXT_HOSTNAME       55
#define SSL_CTRL_CLEAR_MODE                78
#define SSL_CTRL_GET_EXTRA_CHAIN_CERTS     82
#define SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS   83
#define SSL_CTRL_CHAIN                     88
#define SSL_CTRL_CHAIN_CERT                89
#define SSL_CTRL_GET_CHAIN_CERTS           115
/* The chain sent after the leaf: set0 takes sk over, set1 copies it (a reference on each
 * certificate); NULL empties it. get0 gives the SSL_CTX's own stack (ctx_creds.c). */
#define SSL_CTX_set0_chain(ctx, sk) SSL_CTX_ctrl(ctx, SSL_CTRL_CHAIN, 0, (char *)(sk))
#define SSL_CTX_set1_chain(ctx, sk) SSL_CTX_ctrl(ctx, SSL_CTRL_CHAIN, 1, (char *)(sk))
#define SSL_CTX_clear_chain_certs(ctx) SSL_CTX_set0_chain(ctx, NULL)
#define SSL_CTX_get0_chain_certs(ctx, px509) SSL_CTX_ctrl(ctx, SSL_CTRL_GET_CHAIN_CERTS, 0, px509)
#define SSL_CTRL_SET_GROUPS_LIST           92
#define SSL_CTRL_SET_SIGALGS_LIST          98
#define SSL_CTRL_GET_PEER_SIGNATURE_NID    108
#define SSL_CTRL_SET_MIN_PROTO_VERSION     123
#define SSL_CTRL_SET_MAX_PROTO_VERSION     124
#define SSL_CTRL_GET_MIN_PROTO_VERSION     130
#define SSL_CTRL_GET_MAX_PROTO_VERSION     131
#define SSL_CTRL_GET_NEGOTIATED_GROUP      134

#define SSL_CTX_set_mode(ctx, op) SSL_CTX_ctrl((ctx), SSL_CTRL_MODE, (op), NULL)
#define SSL_CTX_clear_mode(ctx, op) SSL_CTX_ctrl((ctx), SSL_CTRL_CLEAR_MODE, (op), NULL)
#define SSL_CTX_get_mode(ctx) SSL_CTX_ctrl((ctx), SSL_CTRL_MODE, 0, NULL)
#define SSL_set_mode(ssl, op) SSL_ctrl((ssl), SSL_CTRL_MODE, (op), NULL)
#define SSL_clear_mode(ssl, op) SSL_ctrl((ssl), SSL_CTRL_CLEAR_MODE, (op), NULL)
#define SSL_get_mode(ssl) SSL_ctrl((ssl), SSL_CTRL_MODE, 0, NULL)
#define SSL_CTX_set_min_proto_version(ctx, v) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, v, NULL)
#define SSL_CTX_set_max_proto_version(ctx, v) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_PROTO_VERSION, v, NULL)
#define SSL_CTX_get_min_proto_version(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_MIN_PROTO_VERSION, 0, NULL)
#define SSL_CTX_get_max_proto_version(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, NULL)
#define SSL_set_min_proto_version(s, v) SSL_ctrl(s, SSL_CTRL_SET_MIN_PROTO_VERSION, v, NULL)
#define SSL_set_max_proto_version(s, v) SSL_ctrl(s, SSL_CTRL_SET_MAX_PROTO_VERSION, v, NULL)
#define SSL_get_min_proto_version(s) SSL_ctrl(s, SSL_CTRL_GET_MIN_PROTO_VERSION, 0, NULL)
#define SSL_get_max_proto_version(s) SSL_ctrl(s, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, NULL)
#define SSL_CTX_add_extra_chain_cert(ctx, x509) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_EXTRA_CHAIN_CERT, 0, (char *)(x509))
#define SSL_CTX_set_read_ahead(ctx, m) SSL_CTX_ctrl(ctx, SSL_CTRL_SET_READ_AHEAD, m, NULL)
#define SSL_CTX_get_read_ahead(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_GET_READ_AHEAD, 0, NULL)
#define SSL_CTX_get_default_read_ahead(ctx) SSL_CTX_get_read_ahead(ctx)
#define SSL_CTX_set_default_read_ahead(ctx, m) SSL_CTX_set_read_ahead(ctx, m)
#define SSL_CTX_set_max_send_fragment(ctx, m) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_SEND_FRAGMENT, m, NULL)
#define SSL_CTX_sess_set_cache_size(ctx, t) SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SESS_CACHE_SIZE, t, NULL)
#define SSL_CTX_sess_get_cache_size(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_GET_SESS_CACHE_SIZE, 0, NULL)
#define SSL_CTX_set_session_cache_mode(ctx, m) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SESS_CACHE_MODE, m, NULL)
#define SSL_CTX_get_session_cache_mode(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_SESS_CACHE_MODE, 0, NULL)

/* Library initialisation: nothing to set up; these always succeed (return 1). */
int OPENSSL_init_ssl(uint64_t opts, const OPENSSL_INIT_SETTINGS *settings);
#define SSL_library_init() OPENSSL_init_ssl(0, NULL)
#define SSL_load_error_strings() \
    OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL)
#define OpenSSL_add_ssl_algorithms() SSL_library_init()
#define SSLeay_add_ssl_algorithms() SSL_library_init()
#define OpenSSL_add_all_algorithms() \
    OPENSSL_init_crypto(OPENSSL_INIT_ADD_ALL_CIPHERS | OPENSSL_INIT_ADD_ALL_DIGESTS, NULL)
#define OPENSSL_add_all_algorithms_noconf() OpenSSL_add_all_algorithms()
#define EVP_cleanup() ((void)0)

/*
 * Methods. TLS_* negotiate TLS 1.2 by default (TLS 1.0/1.1 only when the
 * minimum version is lowered); TLSv1_2_* etc. fix one version. TLSv1_3_*
 * take kumassl's own TLS 1.3 engine (a client; the TLS 1.3 server is to come).
 */
const SSL_METHOD *TLS_method(void);
const SSL_METHOD *TLS_client_method(void);
const SSL_METHOD *TLS_server_method(void);
const SSL_METHOD *TLSv1_3_method(void);
const SSL_METHOD *TLSv1_3_client_method(void);
const SSL_METHOD *TLSv1_3_server_method(void);
const SSL_METHOD *TLSv1_2_method(void);
const SSL_METHOD *TLSv1_2_client_method(void);
const SSL_METHOD *TLSv1_2_server_method(void);
const SSL_METHOD *TLSv1_1_method(void);
const SSL_METHOD *TLSv1_1_client_method(void);
const SSL_METHOD *TLSv1_1_server_method(void);
const SSL_METHOD *TLSv1_method(void);
const SSL_METHOD *TLSv1_client_method(void);
const SSL_METHOD *TLSv1_server_method(void);
#define SSLv23_method TLS_method
#define SSLv23_client_method TLS_client_method
#define SSLv23_server_method TLS_server_method

/* ---- SSL_CTX: shared configuration ---------------------------------- */

/* A new context for method; NULL (with an error) on failure. */
SSL_CTX *SSL_CTX_new(const SSL_METHOD *meth);
/* Drops a reference; frees at zero. NULL is ignored. */
void SSL_CTX_free(SSL_CTX *ctx);
/* Takes a reference; 1 on success. */
int SSL_CTX_up_ref(SSL_CTX *ctx);
/* Generic control (the SSL_CTRL_* commands). Unknown commands: 0 and an error. */
long SSL_CTX_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg);
long SSL_CTX_callback_ctrl(SSL_CTX *ctx, int cmd, void (*fp)(void));

/* Trusted CAs from a PEM file (every certificate in it) and/or a directory. 1 on success. */
int SSL_CTX_load_verify_locations(SSL_CTX *ctx, const char *CAfile, const char *CApath);
int SSL_CTX_load_verify_file(SSL_CTX *ctx, const char *CAfile);
int SSL_CTX_load_verify_dir(SSL_CTX *ctx, const char *CApath);
/* The system's trust store; SSL_CERT_FILE and SSL_CERT_DIR override its location. */
int SSL_CTX_set_default_verify_paths(SSL_CTX *ctx);
/* The context's trust store (owned by the context). */
X509_STORE *SSL_CTX_get_cert_store(const SSL_CTX *ctx);

/* The certificate to present (PEM or ASN1); replaces the previous one. 1 on success. */
int SSL_CTX_use_certificate_file(SSL_CTX *ctx, const char *file, int type);
/* The certificate and its chain from a PEM file (leaf first). */
int SSL_CTX_use_certificate_chain_file(SSL_CTX *ctx, const char *file);
/* The private key (PEM or ASN1; PKCS#1, SEC1 or PKCS#8). */
int SSL_CTX_use_PrivateKey_file(SSL_CTX *ctx, const char *file, int type);
/* Certificate and key as objects (the context takes a reference). */
int SSL_CTX_use_certificate(SSL_CTX *ctx, X509 *x);
int SSL_CTX_use_PrivateKey(SSL_CTX *ctx, EVP_PKEY *pkey);
/* 1 when the private key matches the certificate's public key. */
int SSL_CTX_check_private_key(const SSL_CTX *ctx);
/* The certificate / key currently set (not a new reference), or NULL. */
X509 *SSL_CTX_get0_certificate(const SSL_CTX *ctx);
EVP_PKEY *SSL_CTX_get0_privatekey(const SSL_CTX *ctx);

typedef int (*SSL_verify_cb)(int preverify_ok, X509_STORE_CTX *x509_ctx);
/* Verification mode (SSL_VERIFY_*) and optional callback deciding on each result. */
void SSL_CTX_set_verify(SSL_CTX *ctx, int mode, SSL_verify_cb callback);
/* Maximum number of intermediate certificates accepted. */
void SSL_CTX_set_verify_depth(SSL_CTX *ctx, int depth);
/*
 * Security level (0-5): the peer's chain in verification and our own
 * certificate and chain when loaded must meet it (keys, signature
 * digests). kumassl's default is 2 (112 bits: RSA >= 2048, ECC >= 224), as
 * distributions configure OpenSSL; OpenSSL's built-in default is 1.
 */
void SSL_CTX_set_security_level(SSL_CTX *ctx, int level);
int SSL_CTX_get_security_level(const SSL_CTX *ctx);
void SSL_set_security_level(SSL *s, int level);
int SSL_get_security_level(const SSL *s);
/* What the peer's certificate must be fit for (X509_PURPOSE_*), instead of the role's default. */
int SSL_CTX_set_purpose(SSL_CTX *ctx, int purpose);
int SSL_set_purpose(SSL *s, int purpose);
int SSL_CTX_get_verify_mode(const SSL_CTX *ctx);
int SSL_CTX_get_verify_depth(const SSL_CTX *ctx);
SSL_verify_cb SSL_CTX_get_verify_callback(const SSL_CTX *ctx);

/* Option bits (SSL_OP_*): set, clear, read; each returns the new set. */
uint64_t SSL_CTX_set_options(SSL_CTX *ctx, uint64_t op);
uint64_t SSL_CTX_clear_options(SSL_CTX *ctx, uint64_t op);
uint64_t SSL_CTX_get_options(const SSL_CTX *ctx);

/*
 * TLS 1.2 cipher suites by OpenSSL name ("ECDHE-RSA-AES128-GCM-SHA256:..."),
 * keywords (HIGH, ECDHE, AESGCM, CHACHA20, ...) and ! / - exclusions, mapped to
 * what BearSSL implements. 0 (SSL_R_NO_CIPHER_MATCH) when nothing matches.
 */
int SSL_CTX_set_cipher_list(SSL_CTX *ctx, const char *str);
/* TLS 1.3 suites: accepted and remembered for when TLS 1.3 exists. */
int SSL_CTX_set_ciphersuites(SSL_CTX *ctx, const char *str);

/* ---- SSL: one connection --------------------------------------------- */

/* A new connection using ctx's settings (a reference to ctx is held). */
SSL *SSL_new(SSL_CTX *ctx);
/* Frees the connection (not the socket). NULL is ignored. */
void SSL_free(SSL *ssl);
/* The SSL_CTX the connection was made from. */
SSL_CTX *SSL_get_SSL_CTX(const SSL *ssl);
long SSL_ctrl(SSL *ssl, int cmd, long larg, void *parg);

/* Attaches a socket for reading and writing (a socket BIO). 1 on success. */
int SSL_set_fd(SSL *s, int fd);
int SSL_set_rfd(SSL *s, int fd);
int SSL_set_wfd(SSL *s, int fd);
/* The attached read fd, or -1. */
int SSL_get_fd(const SSL *s);
int SSL_get_rfd(const SSL *s);
int SSL_get_wfd(const SSL *s);
/* Attaches BIOs (ownership passes to the SSL). */
void SSL_set_bio(SSL *s, BIO *rbio, BIO *wbio);
BIO *SSL_get_rbio(const SSL *s);
BIO *SSL_get_wbio(const SSL *s);

/* Role selection for SSL_do_handshake(). */
void SSL_set_connect_state(SSL *s);
void SSL_set_accept_state(SSL *s);
int SSL_is_server(const SSL *s);
/*
 * Handshake: 1 done; 0 or <0 failed or must be retried — ask SSL_get_error().
 * SSL_connect/SSL_accept set the role first.
 */
int SSL_connect(SSL *ssl);
int SSL_accept(SSL *ssl);
int SSL_do_handshake(SSL *s);

/*
 * Reads from at most one record: >0 bytes, <=0 see SSL_get_error()
 * (SSL_ERROR_ZERO_RETURN after the peer's close_notify).
 */
int SSL_read(SSL *ssl, void *buf, int num);
int SSL_read_ex(SSL *ssl, void *buf, size_t num, size_t *readbytes);
/* As SSL_read, leaving the data to be read again. */
int SSL_peek(SSL *ssl, void *buf, int num);
int SSL_peek_ex(SSL *ssl, void *buf, size_t num, size_t *readbytes);
/*
 * Writes num bytes as records of at most 16 KiB; returns num (or, with
 * SSL_MODE_ENABLE_PARTIAL_WRITE, what was sent), <=0 see SSL_get_error().
 */
int SSL_write(SSL *ssl, const void *buf, int num);
int SSL_write_ex(SSL *s, const void *buf, size_t num, size_t *written);
/* Decrypted bytes of the current record not yet returned by SSL_read. */
int SSL_pending(const SSL *s);
/* Whether any bytes (decrypted or not) are waiting. */
int SSL_has_pending(const SSL *s);
/* Read-ahead (off by default): one read takes what a whole record can hold. */
void SSL_set_read_ahead(SSL *s, int yes);
int SSL_get_read_ahead(const SSL *s);

/*
 * Sends close_notify: 0 when sent and the peer's is still awaited, 1 when
 * both are done, <0 on error (see SSL_get_error()).
 */
int SSL_shutdown(SSL *s);
/* SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN. */
int SSL_get_shutdown(const SSL *ssl);
void SSL_set_shutdown(SSL *ssl, int mode);
/* Why the last call on ssl with result ret failed (SSL_ERROR_*). */
int SSL_get_error(const SSL *s, int ret_code);
/* What the SSL waits for: SSL_NOTHING, SSL_READING, SSL_WRITING. */
int SSL_want(const SSL *s);
#define SSL_want_nothing(s) (SSL_want(s) == SSL_NOTHING)
#define SSL_want_read(s) (SSL_want(s) == SSL_READING)
#define SSL_want_write(s) (SSL_want(s) == SSL_WRITING)
#define SSL_want_x509_lookup(s) (SSL_want(s) == SSL_X509_LOOKUP)
/* 1 once the handshake has completed. */
int SSL_is_init_finished(const SSL *s);
int SSL_in_init(const SSL *s);
int SSL_in_before(const SSL *s);

/* Negotiated protocol: "TLSv1.2" etc.; number (TLS1_2_VERSION ...). */
const char *SSL_get_version(const SSL *s);
int SSL_version(const SSL *s);
/* The negotiated suite, or NULL before the handshake. */
const SSL_CIPHER *SSL_get_current_cipher(const SSL *s);
/* OpenSSL's name of a suite ("ECDHE-RSA-AES128-GCM-SHA256"); "(NONE)" for NULL. */
const char *SSL_CIPHER_get_name(const SSL_CIPHER *c);
/* The IANA name ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"). */
const char *SSL_CIPHER_standard_name(const SSL_CIPHER *c);
/* The TLS protocol version the suite first appeared in ("TLSv1.2"). */
const char *SSL_CIPHER_get_version(const SSL_CIPHER *c);
/* The two-byte IANA identifier. */
uint32_t SSL_CIPHER_get_id(const SSL_CIPHER *c);
/* The IANA number alone (0x1301); 0 for NULL. */
uint16_t SSL_CIPHER_get_protocol_id(const SSL_CIPHER *c);
/* The suite with the two bytes at ptr (network order) kumassl knows, or NULL. */
const SSL_CIPHER *SSL_CIPHER_find(SSL *ssl, const unsigned char *ptr);
/* The hash of the suite's handshake (TLS 1.3: of HKDF and its PSKs; TLS 1.2: of the PRF). */
const EVP_MD *SSL_CIPHER_get_handshake_digest(const SSL_CIPHER *c);
#define SSL_get_cipher(s) SSL_CIPHER_get_name(SSL_get_current_cipher(s))
#define SSL_get_cipher_name(s) SSL_CIPHER_get_name(SSL_get_current_cipher(s))
/*
 * The group of the handshake's key exchange as a NID (NID_X25519,
 * NID_X9_62_prime256v1...; TLSEXT_nid_unknown | id for another group), 0
 * before the handshake or without an (EC)DHE exchange kumassl can tell.
 */
#define SSL_get_negotiated_group(s) SSL_ctrl(s, SSL_CTRL_GET_NEGOTIATED_GROUP, 0, NULL)
/*
 * The digest of the peer's handshake signature (NID_sha256...) in *pn: 1,
 * or 0 when unknown (no signature seen, or the TLS 1.2 engine, which does
 * not tell). SSL_get_peer_signature_type_nid (tls1.h) gives its key type.
 */
#define SSL_get_peer_signature_nid(s, pn) SSL_ctrl(s, SSL_CTRL_GET_PEER_SIGNATURE_NID, 0, pn)
#define TLSEXT_nid_unknown 0x1000000

/* TLS 1.3 KeyUpdate (RFC 8446 section 4.6.3). */
#define SSL_KEY_UPDATE_NONE -1
#define SSL_KEY_UPDATE_NOT_REQUESTED 0
#define SSL_KEY_UPDATE_REQUESTED 1
/*
 * Schedules a KeyUpdate: new keys for what this side sends from now on,
 * and with SSL_KEY_UPDATE_REQUESTED the peer is asked to update its own.
 * It leaves with the next call that writes (SSL_write, SSL_do_handshake,
 * SSL_read). 1, or 0 with an error queued: SSL_R_INVALID_KEY_UPDATE_TYPE,
 * SSL_R_STILL_IN_INIT (the handshake is not complete), or
 * SSL_R_WRONG_SSL_VERSION (not a TLS 1.3 connection).
 */
int SSL_key_update(SSL *s, int updatetype);
/* The KeyUpdate scheduled and not sent yet (SSL_KEY_UPDATE_*), SSL_KEY_UPDATE_NONE when none. */
int SSL_get_key_update_type(const SSL *s);

/* Server name: what the client sent (server) or will send (client), or NULL. */
const char *SSL_get_servername(const SSL *s, const int type);
int SSL_get_servername_type(const SSL *s);
/* The name the peer's certificate must match (DNS name or IP address literal). */
int SSL_set1_host(SSL *s, const char *hostname);
int SSL_add1_host(SSL *s, const char *hostname);
const char *SSL_get0_peername(SSL *s);
void SSL_set_hostflags(SSL *s, unsigned int flags);

/* Per-connection verification mode, callback and depth (as SSL_CTX_set_verify). */
void SSL_set_verify(SSL *s, int mode, SSL_verify_cb callback);
void SSL_set_verify_depth(SSL *s, int depth);
int SSL_get_verify_mode(const SSL *s);
int SSL_get_verify_depth(const SSL *s);
/* X509_V_OK or the first X509_V_ERR_* met while verifying the peer. */
long SSL_get_verify_result(const SSL *ssl);
void SSL_set_verify_result(SSL *ssl, long v);
/* The index under which a verify callback finds the SSL in its X509_STORE_CTX. */
int SSL_get_ex_data_X509_STORE_CTX_idx(void);
/* The peer's certificate, as a new reference the caller frees, or NULL. */
X509 *SSL_get1_peer_certificate(const SSL *s);
#define SSL_get_peer_certificate SSL_get1_peer_certificate
/* Per-connection options (as SSL_CTX_set_options). */
uint64_t SSL_set_options(SSL *s, uint64_t op);
uint64_t SSL_clear_options(SSL *s, uint64_t op);
uint64_t SSL_get_options(const SSL *s);
int SSL_set_cipher_list(SSL *s, const char *str);

/* State strings for logging ("SSLOK ", "SSL negotiation finished successfully"). */
const char *SSL_state_string(const SSL *s);
const char *SSL_state_string_long(const SSL *s);
/* Alert descriptions for info callbacks. */
const char *SSL_alert_type_string_long(int value);
const char *SSL_alert_desc_string_long(int value);

/* ---- sessions and resumption ---------------------------------------------- */

#define SSL_CTRL_SESS_CONNECT              21
#define SSL_CTRL_SESS_CONNECT_GOOD         22
#define SSL_CTRL_SESS_ACCEPT               24
#define SSL_CTRL_SESS_ACCEPT_GOOD          25
#define SSL_CTRL_SESS_HIT                  27
#define SSL_CTRL_SESS_MISSES               29
#define SSL_CTRL_SESS_TIMEOUTS             30
#define SSL_CTRL_SESS_CACHE_FULL           31
#define SSL_SESSION_CACHE_MAX_SIZE_DEFAULT (1024 * 20)
#define SSL_SESS_CACHE_NO_AUTO_CLEAR       0x0080
#define SSL_SESS_CACHE_NO_INTERNAL_LOOKUP  0x0100
#define SSL_SESS_CACHE_NO_INTERNAL_STORE   0x0200
#define SSL_SESS_CACHE_NO_INTERNAL \
    (SSL_SESS_CACHE_NO_INTERNAL_LOOKUP | SSL_SESS_CACHE_NO_INTERNAL_STORE)
#define SSL_CTX_sess_number(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_NUMBER, 0, NULL)
#define SSL_CTX_sess_connect(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_CONNECT, 0, NULL)
#define SSL_CTX_sess_connect_good(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_CONNECT_GOOD, 0, NULL)
#define SSL_CTX_sess_accept(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_ACCEPT, 0, NULL)
#define SSL_CTX_sess_accept_good(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_ACCEPT_GOOD, 0, NULL)
#define SSL_CTX_sess_hits(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_HIT, 0, NULL)
#define SSL_CTX_sess_misses(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_MISSES, 0, NULL)
#define SSL_CTX_sess_timeouts(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_TIMEOUTS, 0, NULL)
#define SSL_CTX_sess_cache_full(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_CACHE_FULL, 0, NULL)

/* The connection's session (owned by the SSL; see SSL_SESSION_free), or NULL. */
SSL_SESSION *SSL_get_session(const SSL *ssl);
#define SSL_get0_session SSL_get_session
/* The connection's session as a new reference the caller frees. */
SSL_SESSION *SSL_get1_session(SSL *ssl);
/* Offers session for resumption on the next SSL_connect (a reference is taken). 1 on success. */
int SSL_set_session(SSL *ssl, SSL_SESSION *session);
/* 1 when the handshake resumed a session. */
int SSL_session_reused(const SSL *s);
SSL_SESSION *SSL_SESSION_new(void);
/*
 * Drops a reference; frees at zero. Freeing the pointer SSL_get_session()
 * returned while its SSL still lives is a double free under OpenSSL (the
 * caller owns no reference to it). kumassl counts the references the library
 * holds itself (an SSL's session, a cache entry) apart from all references,
 * and ignores a call that would drop one of those: the session then lives on
 * until SSL_free() releases the SSL's reference, and is freed exactly once.
 */
void SSL_SESSION_free(SSL_SESSION *session);
int SSL_SESSION_up_ref(SSL_SESSION *session);
/* Serializes a session (DER); out NULL gives the length. */
int i2d_SSL_SESSION(const SSL_SESSION *in, unsigned char **pp);
/* Restores a session serialized by i2d_SSL_SESSION. */
SSL_SESSION *d2i_SSL_SESSION(SSL_SESSION **a, const unsigned char **pp, long length);
int SSL_SESSION_is_resumable(const SSL_SESSION *s);
const unsigned char *SSL_SESSION_get_id(const SSL_SESSION *s, unsigned int *len);
int SSL_SESSION_get_protocol_version(const SSL_SESSION *s);
const SSL_CIPHER *SSL_SESSION_get0_cipher(const SSL_SESSION *s);
long SSL_SESSION_get_time(const SSL_SESSION *s);
long SSL_SESSION_set_time(SSL_SESSION *s, long t);
long SSL_SESSION_get_timeout(const SSL_SESSION *s);
long SSL_SESSION_set_timeout(SSL_SESSION *s, long t);
uint32_t SSL_SESSION_get_max_early_data(const SSL_SESSION *s);
/* A TLS 1.3 client session's ticket: present, its lifetime hint (seconds), its bytes (borrowed). */
int SSL_SESSION_has_ticket(const SSL_SESSION *s);
unsigned long SSL_SESSION_get_ticket_lifetime_hint(const SSL_SESSION *s);
void SSL_SESSION_get0_ticket(const SSL_SESSION *s, const unsigned char **tick, size_t *len);
/*
 * A session made by hand to carry a TLS 1.3 external PSK (the PSK
 * use-session and find-session callbacks): the key (at most 512 bytes;
 * 1, or 0 when longer), the suite (its hash is the PSK's), the version
 * (TLS1_3_VERSION), and the early data allowed on it. As OpenSSL, the
 * setters take any version and a NULL cipher.
 */
int SSL_SESSION_set1_master_key(SSL_SESSION *sess, const unsigned char *in, size_t len);
/* Copies up to outlen bytes of the key into out; outlen 0 gives the key's length. */
size_t SSL_SESSION_get_master_key(const SSL_SESSION *sess, unsigned char *out, size_t outlen);
int SSL_SESSION_set_cipher(SSL_SESSION *s, const SSL_CIPHER *cipher);
int SSL_SESSION_set_protocol_version(SSL_SESSION *s, int version);
int SSL_SESSION_set_max_early_data(SSL_SESSION *s, uint32_t max_early_data);
/* Session lifetime in seconds for new sessions (default 300); returns the old value. */
long SSL_CTX_set_timeout(SSL_CTX *ctx, long t);
long SSL_CTX_get_timeout(const SSL_CTX *ctx);
/* Server: sessions are only resumed within the same context id. */
int SSL_CTX_set_session_id_context(SSL_CTX *ctx, const unsigned char *sid_ctx, unsigned int sid_ctx_len);
int SSL_set_session_id_context(SSL *ssl, const unsigned char *sid_ctx, unsigned int sid_ctx_len);
/* Adds to / removes from the server's session cache; 1 on success. */
int SSL_CTX_add_session(SSL_CTX *ctx, SSL_SESSION *session);
int SSL_CTX_remove_session(SSL_CTX *ctx, SSL_SESSION *session);
/* Removes the sessions expired at time tm. */
void SSL_CTX_flush_sessions(SSL_CTX *ctx, long tm);
/* Called with each new session (client and server); return 1 to keep the reference. */
void SSL_CTX_sess_set_new_cb(SSL_CTX *ctx, int (*new_session_cb)(SSL *, SSL_SESSION *));
/*
 * TLS 1.3 server: how many NewSessionTickets follow a full handshake or a
 * resumption (default 2, as OpenSSL; 0 for none). Tickets are stateless,
 * sealed (ChaCha20-Poly1305) under a key each SSL_CTX draws when made, so
 * they resume only with the SSL_CTX (process) that issued them. Set: 1.
 */
int SSL_CTX_set_num_tickets(SSL_CTX *ctx, size_t num_tickets);
size_t SSL_CTX_get_num_tickets(const SSL_CTX *ctx);
int SSL_set_num_tickets(SSL *s, size_t num_tickets);
size_t SSL_get_num_tickets(const SSL *s);
/*
 * An external server session cache (sess_cache.c): get_session_cb is asked
 * for a session id the internal cache does not have (it sets *copy to 0
 * to hand its reference over; 1, the default, keeps it), remove_session_cb
 * is told of every session leaving the internal cache (expiry, eviction,
 * SSL_CTX_remove_session, SSL_CTX_free), with the cache's lock held.
 */
/*
 * Quiet shutdown (io.c): SSL_shutdown then sends no close_notify, marks the
 * connection closed both ways (SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN)
 * and returns 1. An SSL takes its SSL_CTX's setting at SSL_new.
 */
/* The SNI name the session was made for (owned by it), NULL when none. */
const char *SSL_SESSION_get0_hostname(const SSL_SESSION *s);
/* kumassl has no kernel TLS: -1 with SSL_R_UNINITIALIZED, as OpenSSL without it. */
ossl_ssize_t SSL_sendfile(SSL *s, int fd, off_t offset, size_t size, int flags);
void SSL_CTX_set_quiet_shutdown(SSL_CTX *ctx, int mode);
int SSL_CTX_get_quiet_shutdown(const SSL_CTX *ctx);
void SSL_set_quiet_shutdown(SSL *s, int mode);
int SSL_get_quiet_shutdown(const SSL *s);
void SSL_CTX_sess_set_get_cb(SSL_CTX *ctx,
                             SSL_SESSION *(*get_session_cb)(SSL *, const unsigned char *, int, int *));
void SSL_CTX_sess_set_remove_cb(SSL_CTX *ctx, void (*remove_session_cb)(SSL_CTX *ctx, SSL_SESSION *sess));
/*
 * Called on a server after the servername callback and before the ALPN
 * callback, to set the certificate and key (ext.c). 1 goes on; 0 fails the
 * handshake (internal_error, SSL_R_CERT_CB_ERROR); < 0, OpenSSL's retry
 * later, fails it too (kumassl cannot suspend a handshake). SSL_set_cert_cb
 * overrides the SSL_CTX's for one connection.
 */
void SSL_CTX_set_cert_cb(SSL_CTX *c, int (*cb)(SSL *ssl, void *arg), void *arg);
/*
 * Called on a server with the whole ClientHello, before every other
 * callback (ext.c); SSL_client_hello_get0_ext reads one of its extensions
 * (the body, owned by s) while it runs. SSL_CLIENT_HELLO_ERROR fails the
 * handshake with the alert it sets in *al; so does RETRY (kumassl cannot
 * suspend a handshake).
 */
#define SSL_CLIENT_HELLO_SUCCESS 1
#define SSL_CLIENT_HELLO_ERROR 0
#define SSL_CLIENT_HELLO_RETRY (-1)
typedef int (*SSL_client_hello_cb_fn)(SSL *s, int *al, void *arg);
void SSL_CTX_set_client_hello_cb(SSL_CTX *c, SSL_client_hello_cb_fn cb, void *arg);
int SSL_client_hello_get0_ext(SSL *s, unsigned int type, const unsigned char **out, size_t *outlen);
int SSL_client_hello_isv2(SSL *s);
void SSL_set_cert_cb(SSL *s, int (*cb)(SSL *ssl, void *arg), void *arg);

/* ---- extensions: ALPN, SNI, client CA names, groups ------------------------------- */

#define OPENSSL_NPN_UNSUPPORTED 0
#define OPENSSL_NPN_NEGOTIATED 1
#define OPENSSL_NPN_NO_OVERLAP 2

/*
 * Groups ("P-256"/"secp256r1"/"prime256v1", "P-384"/"secp384r1", "P-521"/"secp521r1",
 * "X25519"; others fail with SSL_R_UNSUPPORTED_ELLIPTIC_CURVE): a client offers exactly
 * these, in the list's order (by default OpenSSL's: X25519, P-256, P-384, then P-521; a
 * renegotiation's ClientHello keeps BearSSL's order, by IANA number); a server accepts
 * only these, and picks by its own preference, not the client's (X25519, then P-256,
 * P-384, P-521). ECDSA signatures verify on any curve.
 * Signature algorithms ("RSA+SHA256", "rsa_pkcs1_sha256", "ecdsa_secp256r1_sha256", ...):
 * the list is validated and must name one that BearSSL does in TLS 1.2 (RSA PKCS#1 v1.5
 * or ECDSA), else it fails; it is not applied: kumassl always advertises and accepts
 * RSA PKCS#1 v1.5 and ECDSA with SHA-256/384/512. SHA-1 (RFC 9155) and SHA-224 are
 * neither offered nor accepted, except SHA-1 where the connection keeps it for TLS
 * 1.0/1.1 (their PRF) or a CBC-SHA suite (its MAC): TLS 1.0/1.1 enabled, or such a
 * suite in the cipher list. Both macros return 1 on success.
 */
#define SSL_CTX_set1_groups_list(ctx, s) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_GROUPS_LIST, 0, (char *)(s))
#define SSL_CTX_set1_curves_list SSL_CTX_set1_groups_list
#define SSL_set1_groups_list(s, str) SSL_ctrl(s, SSL_CTRL_SET_GROUPS_LIST, 0, (char *)(str))
#define SSL_set1_curves_list SSL_set1_groups_list
#define SSL_CTX_set1_sigalgs_list(ctx, s) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SIGALGS_LIST, 0, (char *)(s))
#define SSL_set1_sigalgs_list(s, str) SSL_ctrl(s, SSL_CTRL_SET_SIGALGS_LIST, 0, (char *)(str))

/* Protocols a client offers, in wire format (length-prefixed). Returns 0 on success (sic). */
int SSL_CTX_set_alpn_protos(SSL_CTX *ctx, const unsigned char *protos, unsigned int protos_len);
int SSL_set_alpn_protos(SSL *ssl, const unsigned char *protos, unsigned int protos_len);
typedef int (*SSL_CTX_alpn_select_cb_func)(SSL *ssl, const unsigned char **out,
                                           unsigned char *outlen, const unsigned char *in,
                                           unsigned int inlen, void *arg);
/* Server: picks the protocol from the client's list (SSL_TLSEXT_ERR_OK / _NOACK / _ALERT_FATAL). */
void SSL_CTX_set_alpn_select_cb(SSL_CTX *ctx, SSL_CTX_alpn_select_cb_func cb, void *arg);
/* The negotiated protocol (not NUL-terminated), or *data NULL and *len 0. */
void SSL_get0_alpn_selected(const SSL *ssl, const unsigned char **data, unsigned int *len);
/* The usual selection helper: the first of server's protocols the client offered. */
int SSL_select_next_proto(unsigned char **out, unsigned char *outlen,
                          const unsigned char *server, unsigned int server_len,
                          const unsigned char *client, unsigned int client_len);
/*
 * Moves ssl to ctx's certificate and key (usually from a servername callback, where the
 * switch reaches the running handshake); returns ctx. As in OpenSSL, the verify mode,
 * options and versions stay those of ssl; the first SSL_CTX's session cache and trust
 * anchors stay in use for the handshake under way.
 */
SSL_CTX *SSL_set_SSL_CTX(SSL *ssl, SSL_CTX *ctx);
/* Client: asks the server for records of at most 512..4096 bytes (TLSEXT_max_fragment_length_*,
 * _DISABLED to stop asking); 1 on success, 0 for an invalid mode. A server follows what
 * its clients ask whatever this says. */
int SSL_CTX_set_tlsext_max_fragment_length(SSL_CTX *ctx, uint8_t mode);
int SSL_set_tlsext_max_fragment_length(SSL *ssl, uint8_t mode);

/*
 * The CA names a server sends with its certificate request (the list is taken over);
 * without a list, or with an empty one, it sends the names of its trust anchors
 * (BearSSL cannot request a certificate with an empty list). A client's
 * SSL_get_client_CA_list() returns NULL: BearSSL does not report the names it received.
 */
void SSL_CTX_set_client_CA_list(SSL_CTX *ctx, STACK_OF(X509_NAME) *name_list);
void SSL_set_client_CA_list(SSL *s, STACK_OF(X509_NAME) *name_list);
STACK_OF(X509_NAME) *SSL_CTX_get_client_CA_list(const SSL_CTX *ctx);
STACK_OF(X509_NAME) *SSL_get_client_CA_list(const SSL *s);
int SSL_CTX_add_client_CA(SSL_CTX *ctx, X509 *cacert);
int SSL_add_client_CA(SSL *ssl, X509 *cacert);
/* The subject names of the certificates in a PEM file, or NULL with an error. */
STACK_OF(X509_NAME) *SSL_load_client_CA_file(const char *file);

/* ---- callbacks, ex_data and post-handshake queries ------------------------------------ */

typedef void (*SSL_CTX_keylog_cb_func)(const SSL *ssl, const char *line);
/* Called with each secret in NSS key log format ("CLIENT_RANDOM <hex> <hex>"). */
void SSL_CTX_set_keylog_callback(SSL_CTX *ctx, SSL_CTX_keylog_cb_func cb);
SSL_CTX_keylog_cb_func SSL_CTX_get_keylog_callback(const SSL_CTX *ctx);
/* Called at handshake start/done, on alerts and exits (SSL_CB_*). */
void SSL_CTX_set_info_callback(SSL_CTX *ctx, void (*cb)(const SSL *ssl, int type, int val));
void (*SSL_CTX_get_info_callback(SSL_CTX *ctx))(const SSL *ssl, int type, int val);
void SSL_set_info_callback(SSL *ssl, void (*cb)(const SSL *ssl, int type, int val));
void (*SSL_get_info_callback(const SSL *ssl))(const SSL *ssl, int type, int val);
const char *SSL_alert_type_string(int value);
const char *SSL_alert_desc_string(int value);

/*
 * Application data slots. Indexes are allocated per class (SSL, SSL_CTX),
 * from 1 up; index 0 has no callbacks and serves SSL_set_app_data. When an
 * object is freed, free_func runs for every index that has one, with the
 * slot's value (NULL when never set), as OpenSSL does. new_func runs when
 * an object is created (with NULL, as in OpenSSL) for the indexes that exist
 * then; dup_func is never called: kumassl has no SSL_dup/SSL_CTX copy.
 */
int SSL_get_ex_new_index(long argl, void *argp, CRYPTO_EX_new *new_func,
                         CRYPTO_EX_dup *dup_func, CRYPTO_EX_free *free_func);
int SSL_set_ex_data(SSL *ssl, int idx, void *data);
void *SSL_get_ex_data(const SSL *ssl, int idx);
int SSL_CTX_get_ex_new_index(long argl, void *argp, CRYPTO_EX_new *new_func,
                             CRYPTO_EX_dup *dup_func, CRYPTO_EX_free *free_func);
int SSL_CTX_set_ex_data(SSL_CTX *ctx, int idx, void *data);
void *SSL_CTX_get_ex_data(const SSL_CTX *ctx, int idx);
#define SSL_set_app_data(s, arg) SSL_set_ex_data(s, 0, (char *)(arg))
#define SSL_get_app_data(s) SSL_get_ex_data(s, 0)
#define SSL_CTX_set_app_data(ctx, arg) SSL_CTX_set_ex_data(ctx, 0, (char *)(arg))
#define SSL_CTX_get_app_data(ctx) SSL_CTX_get_ex_data(ctx, 0)

/* The peer's chain (client side: leaf first; server side: without the leaf), owned by ssl. */
STACK_OF(X509) *SSL_get_peer_cert_chain(const SSL *s);
/* The suite's secret bits (and algorithm bits into *alg_bits). */
int SSL_CIPHER_get_bits(const SSL_CIPHER *c, int *alg_bits);
#define SSL_get_cipher_bits(s, np) SSL_CIPHER_get_bits(SSL_get_current_cipher(s), np)
/* This side's / the peer's latest Finished verify_data; returns its full length. */
size_t SSL_get_finished(const SSL *s, void *buf, size_t count);
size_t SSL_get_peer_finished(const SSL *s, void *buf, size_t count);
/*
 * The last completed handshake's client / server random: copies up to
 * outlen bytes to out and returns how many; outlen 0 returns the full
 * length (32). Zeros before a handshake has completed.
 */
size_t SSL_get_client_random(const SSL *s, unsigned char *out, size_t outlen);
size_t SSL_get_server_random(const SSL *s, unsigned char *out, size_t outlen);
/*
 * RFC 5705 keying material exporter, while the connection is open: 1 on
 * success, 0 on failure, -1 before a handshake. use_context 0 means no
 * context; 1 with contextlen 0 is the (different) empty context.
 */
int SSL_export_keying_material(SSL *s, unsigned char *out, size_t olen, const char *label,
                               size_t llen, const unsigned char *context, size_t contextlen,
                               int use_context);

/* ---- PSK and early data (TLS 1.3): declared so programs build; they fail until
 *      kumassl's TLS 1.3 engine exists ------------------------------------------------ */

#define SSL_EARLY_DATA_NOT_SENT 0
#define SSL_EARLY_DATA_REJECTED 1
#define SSL_EARLY_DATA_ACCEPTED 2
#define SSL_READ_EARLY_DATA_ERROR 0
#define SSL_READ_EARLY_DATA_SUCCESS 1
#define SSL_READ_EARLY_DATA_FINISH 2
#define PSK_MAX_IDENTITY_LEN 256
#define PSK_MAX_PSK_LEN 512

typedef unsigned int (*SSL_psk_client_cb_func)(SSL *ssl, const char *hint, char *identity,
                                               unsigned int max_identity_len,
                                               unsigned char *psk, unsigned int max_psk_len);
typedef unsigned int (*SSL_psk_server_cb_func)(SSL *ssl, const char *identity,
                                               unsigned char *psk, unsigned int max_psk_len);
typedef int (*SSL_psk_use_session_cb_func)(SSL *ssl, const EVP_MD *md, const unsigned char **id,
                                           size_t *idlen, SSL_SESSION **sess);
typedef int (*SSL_psk_find_session_cb_func)(SSL *ssl, const unsigned char *identity,
                                            size_t identity_len, SSL_SESSION **sess);
/*
 * The setters store their arguments and succeed, so that programs set up as
 * they do with OpenSSL; a handshake of an SSL whose role has a PSK callback
 * then fails (ERR_R_UNSUPPORTED, the text naming the missing feature):
 * BearSSL has no PSK suites and kumassl's TLS 1.3 engine does not exist yet.
 */
void SSL_CTX_set_psk_client_callback(SSL_CTX *ctx, SSL_psk_client_cb_func cb);
void SSL_set_psk_client_callback(SSL *ssl, SSL_psk_client_cb_func cb);
void SSL_CTX_set_psk_server_callback(SSL_CTX *ctx, SSL_psk_server_cb_func cb);
void SSL_set_psk_server_callback(SSL *ssl, SSL_psk_server_cb_func cb);
void SSL_CTX_set_psk_use_session_callback(SSL_CTX *ctx, SSL_psk_use_session_cb_func cb);
void SSL_set_psk_use_session_callback(SSL *s, SSL_psk_use_session_cb_func cb);
void SSL_CTX_set_psk_find_session_callback(SSL_CTX *ctx, SSL_psk_find_session_cb_func cb);
void SSL_set_psk_find_session_callback(SSL *s, SSL_psk_find_session_cb_func cb);
/* The hint is stored (at most PSK_MAX_IDENTITY_LEN bytes); 1 on success. */
int SSL_CTX_use_psk_identity_hint(SSL_CTX *ctx, const char *identity_hint);
int SSL_use_psk_identity_hint(SSL *s, const char *identity_hint);
/* The hint received / identity used in a PSK handshake: always NULL for now. */
const char *SSL_get_psk_identity_hint(const SSL *s);
const char *SSL_get_psk_identity(const SSL *s);
/* Early data needs TLS 1.3: these fail (0 / SSL_READ_EARLY_DATA_ERROR) with an error. */
int SSL_write_early_data(SSL *s, const void *buf, size_t num, size_t *written);
int SSL_read_early_data(SSL *s, void *buf, size_t num, size_t *readbytes);
/* Limits are stored and returned (an SSL starts with its SSL_CTX's); 1 on success. */
int SSL_CTX_set_max_early_data(SSL_CTX *ctx, uint32_t max_early_data);
uint32_t SSL_CTX_get_max_early_data(const SSL_CTX *ctx);
int SSL_set_max_early_data(SSL *s, uint32_t max_early_data);
uint32_t SSL_get_max_early_data(const SSL *s);
int SSL_CTX_set_recv_max_early_data(SSL_CTX *ctx, uint32_t recv_max_early_data);
uint32_t SSL_CTX_get_recv_max_early_data(const SSL_CTX *ctx);
int SSL_set_recv_max_early_data(SSL *s, uint32_t recv_max_early_data);
uint32_t SSL_get_recv_max_early_data(const SSL *s);
typedef int (*SSL_allow_early_data_cb_fn)(SSL *s, void *arg);
void SSL_CTX_set_allow_early_data_cb(SSL_CTX *ctx, SSL_allow_early_data_cb_fn cb, void *arg);
void SSL_set_allow_early_data_cb(SSL *s, SSL_allow_early_data_cb_fn cb, void *arg);
/* Always SSL_EARLY_DATA_NOT_SENT. */
int SSL_get_early_data_status(const SSL *s);

/* ---- BIO plumbing of connections -------------------------------------------------------- */

/* Replaces only the read / write BIO (ownership passes to the SSL). */
void SSL_set0_rbio(SSL *s, BIO *rbio);
void SSL_set0_wbio(SSL *s, BIO *wbio);

/* ---- verification parameters ---- */

/*
 * The parameters a peer's chain is verified with (host names, IP address,
 * depth, time): the SSL_CTX's are copied by SSL_new, and changing an SSL's
 * affects that connection only. SSL_set1_host, SSL_set_hostflags and
 * SSL_set_verify_depth change the same object.
 */
X509_VERIFY_PARAM *SSL_CTX_get0_param(SSL_CTX *ctx);
X509_VERIFY_PARAM *SSL_get0_param(SSL *ssl);
/* Copies vpm's settings into the SSL_CTX's / SSL's parameters. 1 on success. */
int SSL_CTX_set1_param(SSL_CTX *ctx, X509_VERIFY_PARAM *vpm);
int SSL_set1_param(SSL *ssl, X509_VERIFY_PARAM *vpm);
/*
 * The path kumassl built from the peer's certificates, leaf first, as far
 * as the certificate a trust anchor issued (the anchor itself is not
 * included: kumassl's store keeps anchors as a name and a key only).
 * NULL before the peer's certificates are checked. Owned by the SSL.
 */
STACK_OF(X509) *SSL_get0_verified_chain(const SSL *s);

/* ---- credentials: objects, buffers, per connection ---- */

/* Appends x to the chain sent after the certificate: add0 takes the caller's reference, add1 its own. */
#define SSL_CTX_add0_chain_cert(ctx, x509) SSL_CTX_ctrl(ctx, SSL_CTRL_CHAIN_CERT, 0, (char *)(x509))
#define SSL_CTX_add1_chain_cert(ctx, x509) SSL_CTX_ctrl(ctx, SSL_CTRL_CHAIN_CERT, 1, (char *)(x509))

/*
 * Replaces the trust store: set takes over the caller's reference and frees
 * the old store, set1 takes a reference of its own. Handshakes already
 * started keep using the old store's anchors, so replace it only between
 * connections (OpenSSL frees the old store at once too).
 */
void SSL_CTX_set_cert_store(SSL_CTX *ctx, X509_STORE *store);
void SSL_CTX_set1_cert_store(SSL_CTX *ctx, X509_STORE *store);

/*
 * A connection's own certificate, chain and key, used instead of its
 * SSL_CTX's for handshakes started afterwards. The first of these calls
 * starts from the SSL_CTX's credentials, as OpenSSL's SSL starts with a copy
 * of them. 1 on success, 0 with an error queued (a key that does not fit the
 * certificate: X509_R_KEY_VALUES_MISMATCH).
 */
int SSL_use_certificate(SSL *ssl, X509 *x);
int SSL_use_PrivateKey(SSL *ssl, EVP_PKEY *pkey);
int SSL_use_certificate_file(SSL *ssl, const char *file, int type);
int SSL_use_PrivateKey_file(SSL *ssl, const char *file, int type);
int SSL_use_certificate_chain_file(SSL *ssl, const char *file);
/* 1 when the credentials in force for ssl have a certificate and a key that fit. */
int SSL_check_private_key(const SSL *ssl);
/* The certificate and key in force for ssl (its own, else its SSL_CTX's); not to be freed. */
X509 *SSL_get_certificate(const SSL *s);
EVP_PKEY *SSL_get_privatekey(const SSL *s);

/*
 * Loading from memory, wolfSSL's "no file system" functions: in holds sz
 * bytes, format is SSL_FILETYPE_PEM or SSL_FILETYPE_ASN1. A PEM buffer may
 * hold several certificates: load_verify_buffer trusts them all, the
 * use_certificate functions take the first, the chain function takes the
 * first as the certificate and the rest as its chain. 1 (SSL_SUCCESS) on
 * success, 0 with an error queued.
 */
int SSL_CTX_load_verify_buffer(SSL_CTX *ctx, const unsigned char *in, long sz, int format);
int SSL_CTX_use_certificate_buffer(SSL_CTX *ctx, const unsigned char *in, long sz, int format);
int SSL_CTX_use_certificate_chain_buffer(SSL_CTX *ctx, const unsigned char *in, long sz);
int SSL_CTX_use_PrivateKey_buffer(SSL_CTX *ctx, const unsigned char *in, long sz, int format);
int SSL_use_certificate_buffer(SSL *ssl, const unsigned char *in, long sz, int format);
int SSL_use_PrivateKey_buffer(SSL *ssl, const unsigned char *in, long sz, int format);
/* OpenSSL's DER forms; pk is the key type (EVP_PKEY_RSA, EVP_PKEY_EC). */
int SSL_CTX_use_certificate_ASN1(SSL_CTX *ctx, int len, const unsigned char *d);
int SSL_use_certificate_ASN1(SSL *ssl, const unsigned char *d, int len);
int SSL_CTX_use_PrivateKey_ASN1(int pk, SSL_CTX *ctx, const unsigned char *d, long len);
int SSL_use_PrivateKey_ASN1(int pk, SSL *ssl, const unsigned char *d, long len);

/* ---- private key passwords ---- */

/*
 * The password source of SSL_CTX_use_PrivateKey_file() (and of
 * SSL_use_PrivateKey_file() for an SSL) for encrypted PEM keys: cb is called
 * as cb(buf, PEM_BUFSIZE, 0, u) with the userdata set here; with no
 * callback, the userdata is the NUL-terminated password itself, as in
 * OpenSSL. With neither, OpenSSL would prompt on the terminal; kumassl fails
 * with PEM_R_BAD_PASSWORD_READ. An SSL without its own setting uses its
 * SSL_CTX's current one. The getters return what is in force (NULL: none).
 */
void SSL_CTX_set_default_passwd_cb(SSL_CTX *ctx, pem_password_cb *cb);
void SSL_CTX_set_default_passwd_cb_userdata(SSL_CTX *ctx, void *u);
pem_password_cb *SSL_CTX_get_default_passwd_cb(SSL_CTX *ctx);
void *SSL_CTX_get_default_passwd_cb_userdata(SSL_CTX *ctx);
void SSL_set_default_passwd_cb(SSL *s, pem_password_cb *cb);
void SSL_set_default_passwd_cb_userdata(SSL *s, void *u);
pem_password_cb *SSL_get_default_passwd_cb(SSL *s);
void *SSL_get_default_passwd_cb_userdata(SSL *s);

/* ---- drop-in breadth (compat.c, cipher_info.c) ---- */
#define SSL_R_EXTENSION_NOT_RECEIVED 279
#define SSL_CTRL_SET_TMP_DH 3
#define SSL_CTRL_SET_TMP_ECDH 4
#define SSL_CTRL_SET_DH_AUTO 118
KUMASSL_DEFINE_STACK_OF(SSL_CIPHER)
KUMASSL_DEFINE_STACK_OF(SSL_COMP)
/*
 * DH parameters: kumassl's engine negotiates ECDHE only (no DHE suite is
 * ever enabled). SSL_CTX_set_tmp_dh keeps a reference to the parameters and
 * returns 1 (they are unused, as OpenSSL's are with no DHE suite in the
 * cipher list); SSL_CTX_set0_tmp_dh_pkey fails with ERR_R_UNSUPPORTED
 * (kumassl holds no DH keys); SSL_CTX_set_dh_auto returns 1.
 */
#define SSL_CTX_set_tmp_dh(ctx, dh) SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TMP_DH, 0, (char *)(dh))
#define SSL_set_tmp_dh(s, dh) SSL_ctrl(s, SSL_CTRL_SET_TMP_DH, 0, (char *)(dh))
#define SSL_CTX_set_dh_auto(ctx, onoff) SSL_CTX_ctrl(ctx, SSL_CTRL_SET_DH_AUTO, onoff, NULL)
#define SSL_set_dh_auto(s, onoff) SSL_ctrl(s, SSL_CTRL_SET_DH_AUTO, onoff, NULL)
int SSL_CTX_set0_tmp_dh_pkey(SSL_CTX *ctx, EVP_PKEY *dhpkey);
int SSL_set0_tmp_dh_pkey(SSL *s, EVP_PKEY *dhpkey);
/* ECDH with the EC_KEY's curve only (P-256, P-384, P-521): as SSL_CTX_set1_groups_list. */
#define SSL_CTX_set_tmp_ecdh(ctx, ecdh) SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TMP_ECDH, 0, (char *)(ecdh))
#define SSL_set_tmp_ecdh(s, ecdh) SSL_ctrl(s, SSL_CTRL_SET_TMP_ECDH, 0, (char *)(ecdh))
/* Always on, as in OpenSSL 3.0. */
#define SSL_CTX_set_ecdh_auto(dummy, onoff) ((onoff) != 0)
#define SSL_set_ecdh_auto(dummy, onoff) ((onoff) != 0)

/* No DTLS: NULL with SSL_R_UNSUPPORTED_PROTOCOL queued. */
const SSL_METHOD *DTLS_method(void);
const SSL_METHOD *DTLS_client_method(void);
const SSL_METHOD *DTLS_server_method(void);
/* No TLS compression (as OpenSSL built no-comp): NULL. */
STACK_OF(SSL_COMP) *SSL_COMP_get_compression_methods(void);
const char *SSL_COMP_get_name(const COMP_METHOD *comp);
const COMP_METHOD *SSL_get_current_compression(const SSL *s);
const COMP_METHOD *SSL_get_current_expansion(const SSL *s);
/* TLS 1.3 post-handshake authentication: never offered; requesting it fails
 * (SSL_R_WRONG_SSL_VERSION outside TLS 1.3, else SSL_R_EXTENSION_NOT_RECEIVED). */
void SSL_CTX_set_post_handshake_auth(SSL_CTX *ctx, int val);
void SSL_set_post_handshake_auth(SSL *s, int val);
int SSL_verify_client_post_handshake(SSL *s);
/* No protocol message callback: setting one queues ERR_R_UNSUPPORTED. */
void SSL_CTX_set_msg_callback(SSL_CTX *ctx, void (*cb)(int write_p, int version, int content_type,
                              const void *buf, size_t len, SSL *ssl, void *arg));
void SSL_set_msg_callback(SSL *ssl, void (*cb)(int write_p, int version, int content_type,
                          const void *buf, size_t len, SSL *ssl, void *arg));
SSL_verify_cb SSL_get_verify_callback(const SSL *s);
/*
 * TLS 1.2 session tickets: none (TLS 1.2 resumes by session id, as OpenSSL
 * with SSL_OP_NO_TICKET); TLS 1.3 tickets are sealed under the SSL_CTX's
 * own key. The ticket key callback is kept, returns 1, and is never called.
 */
typedef int (*kuma_ticket_key_evp_cb)(SSL *s, unsigned char key_name[16], unsigned char iv[16],
                                      EVP_CIPHER_CTX *ctx, EVP_MAC_CTX *hctx, int enc);
int SSL_CTX_set_tlsext_ticket_key_evp_cb(SSL_CTX *ctx, kuma_ticket_key_evp_cb cb);
/* A copy of a list of CA names (each name copied). */
STACK_OF(X509_NAME) *SSL_dup_CA_list(const STACK_OF(X509_NAME) *sk);
/* The TLS 1.2 suites s would offer, in order (the stack belongs to s). */
STACK_OF(SSL_CIPHER) *SSL_get_ciphers(const SSL *s);
/* The same for an SSL_CTX; both stacks stay valid until the cipher list is set again. */
STACK_OF(SSL_CIPHER) *SSL_CTX_get_ciphers(const SSL_CTX *ctx);
/* A suite's parts as NIDs (NID_kx_ecdhe, NID_auth_rsa, NID_aes_128_gcm, NID_sha256; NID_undef for an AEAD's digest). */
int SSL_CIPHER_get_kx_nid(const SSL_CIPHER *c);
int SSL_CIPHER_get_auth_nid(const SSL_CIPHER *c);
int SSL_CIPHER_get_cipher_nid(const SSL_CIPHER *c);
int SSL_CIPHER_get_digest_nid(const SSL_CIPHER *c);
int SSL_CIPHER_is_aead(const SSL_CIPHER *c);
/* One line as `openssl ciphers -v` prints it, into buf (size >= 128; a new buffer when NULL). */
char *SSL_CIPHER_description(const SSL_CIPHER *c, char *buf, int size);


/* ---- SSL_CONF: settings by name (conf.c) ---- */
#define SSL_CONF_FLAG_CMDLINE 0x1
#define SSL_CONF_FLAG_FILE 0x2
#define SSL_CONF_FLAG_CLIENT 0x4
#define SSL_CONF_FLAG_SERVER 0x8
#define SSL_CONF_FLAG_SHOW_ERRORS 0x10
#define SSL_CONF_FLAG_CERTIFICATE 0x20
#define SSL_CONF_FLAG_REQUIRE_PRIVATE 0x40
#define SSL_CONF_TYPE_UNKNOWN 0x0
#define SSL_CONF_TYPE_STRING 0x1
#define SSL_CONF_TYPE_FILE 0x2
#define SSL_CONF_TYPE_DIR 0x3
#define SSL_CONF_TYPE_NONE 0x4
#define SSL_R_INVALID_NULL_CMD_NAME 385
#define SSL_R_UNKNOWN_CMD_NAME 386
/* A context naming no object yet; freeing it leaves the object as configured. */
SSL_CONF_CTX *SSL_CONF_CTX_new(void);
void SSL_CONF_CTX_free(SSL_CONF_CTX *cctx);
/* Adds / removes SSL_CONF_FLAG_* bits; returns the flags now set. */
unsigned int SSL_CONF_CTX_set_flags(SSL_CONF_CTX *cctx, unsigned int flags);
unsigned int SSL_CONF_CTX_clear_flags(SSL_CONF_CTX *cctx, unsigned int flags);
/* The object the commands configure (one at a time). */
void SSL_CONF_CTX_set_ssl_ctx(SSL_CONF_CTX *cctx, SSL_CTX *ctx);
void SSL_CONF_CTX_set_ssl(SSL_CONF_CTX *cctx, SSL *ssl);
/* 1: every command already took effect. */
int SSL_CONF_CTX_finish(SSL_CONF_CTX *cctx);
/*
 * Applies one command: with SSL_CONF_FLAG_FILE the names CipherString,
 * Ciphersuites, Groups, Curves, SignatureAlgorithms, MinProtocol,
 * MaxProtocol, Options (SessionTicket, Compression, ServerPreference,
 * NoRenegotiation, PrioritizeChaCha, Bugs; '-' turns one off), Protocol,
 * and with SSL_CONF_FLAG_CERTIFICATE Certificate, PrivateKey, VerifyCAFile;
 * with SSL_CONF_FLAG_CMDLINE "-cipher", "-min_protocol", ... Returns 2 when
 * applied, -2 for a command kumassl does not have, -3 for a missing value,
 * 0 when the value was refused (errors queued with SSL_CONF_FLAG_SHOW_ERRORS).
 */
int SSL_CONF_cmd(SSL_CONF_CTX *cctx, const char *cmd, const char *value);
/* SSL_CONF_TYPE_STRING / _FILE for a known command, SSL_CONF_TYPE_UNKNOWN otherwise. */
int SSL_CONF_cmd_value_type(SSL_CONF_CTX *cctx, const char *cmd);


/* ---- the SSL BIO (bio_ssl.c) ---- */
#define BIO_TYPE_SSL (7 | 0x0200)
#define BIO_C_SET_SSL 109
#define BIO_C_GET_SSL 110
#define BIO_C_SSL_MODE 119
/*
 * A filter BIO reading and writing through an SSL over the next BIO of its
 * chain (the SSL takes a reference to it when pushed). BIO_do_handshake
 * connects the BIO below (a connect BIO) and runs the handshake; retry
 * flags follow SSL_get_error.
 */
const BIO_METHOD *BIO_f_ssl(void);
/* An SSL BIO with a new SSL of ctx, client (1) or server (0); with a connect BIO under it. */
BIO *BIO_new_ssl(SSL_CTX *ctx, int client);
BIO *BIO_new_ssl_connect(SSL_CTX *ctx);
/* SSL_shutdown on the SSL BIO of b's chain. */
void BIO_ssl_shutdown(BIO *b);
#define BIO_set_ssl(b, ssl, c) BIO_ctrl(b, BIO_C_SET_SSL, c, (char *)(ssl))
#define BIO_get_ssl(b, sslp) BIO_ctrl(b, BIO_C_GET_SSL, 0, (char *)(sslp))
#define BIO_set_ssl_mode(b, client) BIO_ctrl(b, BIO_C_SSL_MODE, client, NULL)

#ifdef __cplusplus
}
#endif
#endif
