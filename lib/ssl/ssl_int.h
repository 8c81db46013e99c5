/*
 * kumassl: libssl's objects and the interfaces between its files.
 *
 *   method.c / ctx.c / ctx_creds.c / cipher.c   configuration (SSL_CTX)
 *   ssl.c      connection objects and their accessors
 *   io.c       the pump: engine <-> BIO; handshake, read, write, shutdown
 *   session.c, sess_cache.c, ext.c, hello.c, events.c, early.c   feature files
 *   br/        the TLS 1.0-1.2 engine over BearSSL's br_ssl_*_context (br_int.h)
 *   tls13/     kumassl's own TLS 1.3 engine over BearSSL's primitives
 */
#ifndef KUMASSL_SSL_INT_H
#define KUMASSL_SSL_INT_H
#include <time.h>
#include <openssl/ssl.h>
#include "crypto_int.h"

/* ---- methods --------------------------------------------------------- */
enum kuma_role { KUMA_ROLE_ANY = 0, KUMA_ROLE_CLIENT = 1, KUMA_ROLE_SERVER = 2 };

struct ssl_method_st {
    int version;        /* a fixed version, or 0 for TLS_method() and friends */
    enum kuma_role role;
};

/* ---- cipher suites ----------------------------------------------------- */
struct ssl_cipher_st {
    uint16_t id;        /* IANA number, as BearSSL's BR_TLS_* */
    const char *name;   /* OpenSSL's name */
    const char *std_name;
    unsigned attrs;     /* KUMA_C_* bits, for cipher-list keywords */
    int bits;
};

#define KUMA_MAX_SUITES 48

/* A cipher suite preference list. */
typedef struct {
    uint16_t ids[KUMA_MAX_SUITES];
    size_t num;
} kuma_suites;

/* The default list: AEAD suites with forward secrecy (see DESIGN.md). */
void kuma_suites_default(kuma_suites *out);
/* Parses an OpenSSL cipher string; 0 with SSL_R_NO_CIPHER_MATCH when nothing matches. */
int kuma_suites_parse(kuma_suites *out, const char *str);
/* The table entry for an IANA id, or NULL. */
const SSL_CIPHER *kuma_cipher_by_id(uint16_t id);

/* ---- shared settings of SSL_CTX and SSL --------------------------------- */
typedef struct {
    int min_version;            /* 0: default (TLS 1.2) */
    int max_version;            /* 0: highest supported */
    uint64_t options;
    uint32_t mode;
    int verify_mode;
    SSL_verify_cb verify_cb;
    kuma_suites suites;
    int suites_explicit;        /* set by SSL_(CTX_)set_cipher_list */
    size_t max_send_fragment;   /* plaintext bytes per record written */
} kuma_config;

/* Credentials: a certificate, its chain and its key. */
typedef struct {
    X509 *cert;
    STACK_OF(X509) *chain;      /* intermediates, leaf excluded */
    EVP_PKEY *key;
    br_x509_certificate *br_chain;  /* leaf + chain, as the engine wants it */
    size_t br_chain_len;
} kuma_creds;

/*
 * A connection's own copy of credentials (references, not key copies), so
 * that a program replacing the context's certificate mid-handshake never
 * pulls memory from under the engine. 1 on success.
 */
int kuma_creds_snapshot(kuma_creds *dst, const kuma_creds *src);
/* Rebuilds creds->br_chain from cert + chain. 1 on success. */
int kuma_creds_build_chain(kuma_creds *creds);
void kuma_creds_clear(kuma_creds *creds);
long kuma_creds_ctx_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg); /* chain-cert commands; -1 if not one */

/*
 * State of the features that live in their own files, opaque here:
 *   session.c   sessions, resumption and the server's session cache
 *   ext.c       TLS extensions: SNI callback, ALPN, client CA names, groups...
 *   events.c    callbacks (info, keylog), ex_data, post-handshake queries
 */
typedef struct kuma_sess_ctx kuma_sess_ctx;
typedef struct kuma_ext_ctx kuma_ext_ctx;
typedef struct kuma_ext_ssl kuma_ext_ssl;
typedef struct kuma_events_ctx kuma_events_ctx;
typedef struct kuma_events_ssl kuma_events_ssl;

struct ssl_ctx_st {
    kuma_refcount refs;
    const SSL_METHOD *method;
    kuma_config cfg;
    X509_STORE *store;
    X509_VERIFY_PARAM *param;           /* copied by SSL_new */
    kuma_creds creds;
    pem_password_cb *passwd_cb;         /* for encrypted keys (SSL_CTX_set_default_passwd_cb) */
    void *passwd_userdata;
    kuma_sess_ctx *sess;
    kuma_ext_ctx *ext;
    kuma_events_ctx *events;
};

/* ---- the engine interface ------------------------------------------------ */

/*
 * A TLS engine behind the four-buffer, sans-I/O interface of BearSSL's
 * br_ssl_engine_context. io.c drives any engine through these calls only,
 * so that a TLS 1.3 engine can later sit behind the same pump.
 */
typedef struct kuma_engine_vtable {
    /* Configures and starts a handshake; 1 on success, 0 with an error queued. */
    int (*start)(SSL *s);
    void (*free)(SSL *s);
    unsigned (*state)(SSL *s);          /* BR_SSL_* bits */
    unsigned char *(*buf)(SSL *s, unsigned which, size_t *len);
    void (*ack)(SSL *s, unsigned which, size_t len);
    void (*flush)(SSL *s);              /* make a record of buffered app data */
    void (*close)(SSL *s);              /* send close_notify */
    int (*last_error)(SSL *s);          /* BR_ERR_* */
    int (*peer_closed)(SSL *s);         /* close_notify received */
    int (*version)(SSL *s);             /* negotiated version, 0 before */
    uint16_t (*cipher)(SSL *s);         /* negotiated suite, 0 before */
    const char *(*server_name)(SSL *s); /* SNI sent or received, "" if none */
    /* After a failed handshake: tells the peer why, where the engine did not. */
    void (*notify_failure)(SSL *s);
    /* After a completed handshake: hands the session to session.c. */
    void (*handshake_done)(SSL *s);
    /* Between API calls: the engine may give back memory a connection at rest does not need. */
    void (*idle)(SSL *s);
} kuma_engine_vtable;

extern const kuma_engine_vtable kuma_engine_br;

/*
 * br/algos.c: BearSSL's fastest implementations for this CPU, probed once
 * per process (when the library is loaded); both engines use them.
 */
typedef struct {
    const br_block_cbcenc_class *cbcenc;
    const br_block_cbcdec_class *cbcdec;
    const br_block_ctr_class *ctr;
    const br_block_ctrcbc_class *ctrcbc;
    br_ghash ghash;
    br_chacha20_run chacha20;
    br_poly1305_run poly1305;
} kuma_algos;

const kuma_algos *kuma_algos_fastest(void);

/* ---- connections ---------------------------------------------------------- */
struct ssl_st {
    SSL_CTX *ctx;
    kuma_config cfg;
    kuma_creds creds;                   /* own copy when set per connection */
    pem_password_cb *passwd_cb;         /* for encrypted keys, when passwd_cb_set; */
    void *passwd_userdata;              /* else the SSL_CTX's (likewise the userdata) */
    int passwd_cb_set, passwd_userdata_set;
    enum kuma_role role;                /* KUMA_ROLE_ANY until chosen */
    BIO *rbio;
    BIO *wbio;

    const kuma_engine_vtable *engine;
    void *engine_state;                 /* owned by the engine */
    int started;                        /* handshake begun */
    int finished;                       /* handshake completed */
    int shutdown;                       /* SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN */
    int shutdown_waited;                /* SSL_shutdown() already returned 0 once */
    int error_kind;                     /* SSL_ERROR_* of the last failed call */
    int rwstate;                        /* SSL_NOTHING / SSL_READING / SSL_WRITING */
    size_t write_done;                  /* bytes of a retried SSL_write already taken */

    char *sni;                          /* SNI to send */
    X509_VERIFY_PARAM *param;           /* names, depth and time to verify with */
    STACK_OF(X509) *verified_chain;     /* the path built from peer_chain, leaf first */
    long verify_result;
    STACK_OF(X509) *peer_chain;         /* as received, leaf first */

    SSL_SESSION *session;               /* offered (client) / established */
    int reused;                         /* the handshake resumed a session */
    struct kuma_sess_ssl *sess_ssl;     /* session.c: sid_ctx, server cache handle */
    int hello_seen;                     /* server: the ClientHello was examined */
    kuma_ext_ssl *ext;
    kuma_events_ssl *events;
};

/* ---- hooks of the feature files (each file owns its state) ------------------- */

/* session.c */
void kuma_session_ctx_free(SSL_CTX *ctx);
void kuma_session_ssl_free(SSL *s);
/* SSL_CTX_ctrl commands of sessions (cache mode, size, statistics); -1 when not one. */
long kuma_session_ctx_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg);
/* Client, before the engine starts: offers s->session; 1 when the engine should try to resume. */
int kuma_session_client_prepare(SSL *s, br_ssl_engine_context *eng);
/* Server: the SSL_CTX's session cache to give the engine, or NULL when caching is off. */
const br_ssl_session_cache_class **kuma_session_server_cache(SSL *s);
/* After a completed handshake: records s->session and s->reused. */
void kuma_session_handshake_done(SSL *s, const br_ssl_session_parameters *params);

/* ext.c */
void kuma_ext_ctx_free(SSL_CTX *ctx);
void kuma_ext_ssl_free(SSL *s);
/* SSL_CTX_ctrl / SSL_ctrl / SSL_CTX_callback_ctrl commands of extensions; -1 when not one. */
long kuma_ext_ctx_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg);
long kuma_ext_ssl_ctrl(SSL *s, int cmd, long larg, void *parg);
long kuma_ext_ctx_callback_ctrl(SSL_CTX *ctx, int cmd, void (*fp)(void));
/*
 * Client: the maximum fragment length to ask for (512, 1024, 2048, 4096),
 * or 0 for none. BearSSL asks for what its output buffer allows, so the
 * engine sizes that buffer with this value.
 */
unsigned kuma_ext_max_frag_len(const SSL *s);
/* Client, before the engine starts: ALPN names, fragment length, groups... 1, or 0 with an error. */
int kuma_ext_client_setup(SSL *s, br_ssl_engine_context *eng);
/*
 * Server, before the engine parses them: bytes of the ClientHello as they
 * arrive (record headers included). Runs the servername and ALPN callbacks
 * once the ClientHello is complete, then sets s->hello_seen. A rejection
 * fails the engine (which then sends the alert).
 */
void kuma_ext_server_hello(SSL *s, const unsigned char *data, size_t len);

/* events.c */
void kuma_events_ctx_new(SSL_CTX *ctx);
void kuma_events_ssl_new(SSL *s);
void kuma_events_ctx_free(SSL_CTX *ctx);
void kuma_events_ssl_free(SSL *s);
void kuma_events_handshake_start(SSL *s);
void kuma_events_handshake_done(SSL *s);
/* A handshake call that did not complete (ret <= 0): the CONNECT/ACCEPT exit event. */
void kuma_events_handshake_exit(SSL *s, int ret);
/* 0 with an error queued when s asks for something kumassl cannot do yet (PSK). */
int kuma_events_check_unsupported(SSL *s);
/* An alert sent or received (where: SSL_CB_READ_ALERT / SSL_CB_WRITE_ALERT). */
void kuma_events_alert(SSL *s, int where, int level, int desc);

/* br/engine.c, for the feature files */
/* The BearSSL engine of s, or NULL before the handshake starts. */
br_ssl_engine_context *kuma_br_engine(SSL *s);
/* Server: re-applies the credentials in force (after SSL_set_SSL_CTX). 1, or 0 with an error. */
int kuma_br_server_set_creds(SSL *s);

/* The handshake pump; see io.c. */
int kuma_handshake(SSL *s);

/* Queues the SSL error that describes a failed engine (BearSSL error code). */
void kuma_raise_engine_error(SSL *s, int br_err);

/* The verification mode in force for a role (-1 in cfg means the default). */
int kuma_config_verify_mode(const kuma_config *cfg, enum kuma_role role);

/* Applies one SSL_CTRL_* command to a configuration; -1 when cmd is not a config command. */
long kuma_config_ctrl(kuma_config *cfg, int cmd, long larg, void *parg);

#endif
