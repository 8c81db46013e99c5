/*
 * kumassl: libssl's objects and the interfaces between its files.
 *
 *   method.c / ctx.c / ctx_creds.c / cipher.c   configuration (SSL_CTX)
 *   ssl.c      connection objects and their accessors
 *   io.c       the pump: engine <-> BIO; handshake, read, write, shutdown
 *   io_transport.c   its transport: one write per flight, read-ahead (io_int.h)
 *   session.c, sess_cache.c, ext.c, hello.c, events.c, early.c   feature files
 *   negotiated.c   what the handshake settled (group, peer signature) and KeyUpdate
 *   br/        the TLS 1.0-1.2 engine over BearSSL's br_ssl_*_context (br_int.h)
 *   tls13/     kumassl's own TLS 1.3 engine over BearSSL's primitives
 *
 * Calls flow one way: API and configuration -> pump (io.c) -> engine
 * (kuma_engine_vtable) -> BearSSL. The feature files name no BearSSL
 * type and call no engine function: an engine asks them what to offer and
 * tells them what happened through their hooks below, and they ask the
 * engine through the vtable. Left over: kuma_creds carries the chain in
 * BearSSL's form (br_chain, built by ctx_creds.c), and the state bits are
 * BearSSL's values (KUMA_SENDREC...).
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

/* Attributes that cipher-string keywords select on. */
#define KUMA_C_KECDHE   0x0001u
#define KUMA_C_KRSA     0x0002u
#define KUMA_C_AECDSA   0x0004u
#define KUMA_C_ARSA     0x0008u
#define KUMA_C_AESGCM   0x0010u
#define KUMA_C_CHACHA   0x0020u
#define KUMA_C_AESCCM   0x0040u
#define KUMA_C_AESCBC   0x0080u
#define KUMA_C_3DES     0x0100u
#define KUMA_C_AES128   0x0200u
#define KUMA_C_AES256   0x0400u
#define KUMA_C_SHA1     0x0800u
#define KUMA_C_SHA256   0x1000u
#define KUMA_C_SHA384   0x2000u
#define KUMA_C_CCM8     0x4000u
#define KUMA_C_AEAD     0x8000u
#define KUMA_C_TLS13    0x10000u    /* a TLS 1.3 suite: AEAD and hash only */

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
    int security_level;         /* SSL_CTX_set_security_level (seclevel.c); KUMA_DEFAULT_SECURITY_LEVEL */
    int read_ahead;             /* SSL_(CTX_)set_read_ahead: read more than a record asks */
    uint16_t tls13_suites[3];   /* SSL_CTX_set_ciphersuites, in preference order */
    size_t num_tls13_suites;
    int tls13_suites_set;       /* 0: the default TLS 1.3 suites */
    size_t num_tickets;         /* SSL_CTX_set_num_tickets: TLS 1.3 tickets a server issues (2) */
    int quiet_shutdown;         /* SSL_(CTX_)set_quiet_shutdown: SSL_shutdown sends nothing (io.c) */
} kuma_config;

/* kumassl's default security level: 2 (112 bits), as distributions configure OpenSSL (see README). */
#define KUMA_DEFAULT_SECURITY_LEVEL 2
/* seclevel.c: whether a certificate of ours (is_ee: the leaf) meets level; 0 with SSL_R_*_TOO_* queued. */
int kuma_ssl_cert_secure(int level, const X509 *x, int is_ee);

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
/*
 * seclevel.c: whether the certificate and chain we are about to send meet
 * level (OpenSSL checks them again as it sends them, for a level changed
 * after loading); 0 with SSL_R_*_TOO_* queued.
 */
int kuma_creds_secure(const kuma_creds *creds, int level);
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
    int trust_defaults_done;            /* kuma_ctx_trust_defaults ran (atomic) */
    unsigned char ticket_key[32];       /* seals this server's TLS 1.3 tickets (tls13/tickets.c) */
    int ticket_key_ok;                  /* it was drawn */
    DH *tmp_dh;                         /* SSL_CTX_set_tmp_dh's parameters, held unused (compat.c) */
    kuma_ticket_key_evp_cb ticket_key_evp_cb;   /* kept, never called: no tickets (compat.c) */
    STACK_OF(SSL_CIPHER) *cipher_view; /* SSL_CTX_get_ciphers' answer (compat.c) */
};

/* ---- the engine interface ------------------------------------------------ */

/*
 * The state bits of the four-buffer interface: the engine has records to
 * send, takes records, takes application data, has application data for
 * the program, or is closed. The values are BearSSL's (DESIGN.md: the
 * interface IS BearSSL's), so the BearSSL engine passes them through.
 */
#define KUMA_SENDREC BR_SSL_SENDREC
#define KUMA_RECVREC BR_SSL_RECVREC
#define KUMA_SENDAPP BR_SSL_SENDAPP
#define KUMA_RECVAPP BR_SSL_RECVAPP
#define KUMA_CLOSED BR_SSL_CLOSED

/*
 * A TLS engine behind the four-buffer, sans-I/O interface of BearSSL's
 * br_ssl_engine_context. io.c drives any engine through these calls only,
 * and the feature files ask it through them what the handshake did; an
 * engine in turn asks the feature files what to offer through their hooks
 * below (kuma_ext_*, kuma_session_*, kuma_events_*). Calls flow one way:
 * API and configuration -> pump -> engine -> its TLS library.
 */
typedef struct kuma_engine_vtable {
    /* Configures and starts a handshake; 1 on success, 0 with an error queued. */
    int (*start)(SSL *s);
    void (*free)(SSL *s);
    unsigned (*state)(SSL *s);          /* KUMA_SENDREC... bits */
    unsigned char *(*buf)(SSL *s, unsigned which, size_t *len);
    void (*ack)(SSL *s, unsigned which, size_t len);
    void (*flush)(SSL *s);              /* make a record of buffered app data */
    void (*close)(SSL *s);              /* send close_notify */
    /*
     * Once closed: 0 after a clean closure; else 1, with the OpenSSL error
     * describing the failure queued and a fatal alert received reported
     * (kuma_events_alert).
     */
    int (*raise_failure)(SSL *s);
    int (*peer_closed)(SSL *s);         /* close_notify received */
    int (*version)(SSL *s);             /* negotiated version, 0 before */
    uint16_t (*cipher)(SSL *s);         /* negotiated suite, 0 before */
    const char *(*server_name)(SSL *s); /* SNI sent or received, "" if none */
    /* After a failed handshake: tells the peer why, where the engine did not. */
    void (*notify_failure)(SSL *s);
    /*
     * After a completed handshake: reports the session to keep
     * (kuma_session_established) and the secrets to log (kuma_events_keylog).
     */
    void (*handshake_done)(SSL *s);
    /* Between API calls: the engine may give back memory a connection at rest does not need. */
    void (*idle)(SSL *s);

    /* Server, during the ClientHello callbacks: takes the credentials in force again
       (after SSL_set_SSL_CTX). 1, or 0 with an error queued. */
    int (*reload_creds)(SSL *s);
    /*
     * Server, once the ClientHello callbacks have run (ext.c): applies what
     * is in force now, for the SSL_CTX they may have switched to: the ALPN
     * protocol chosen (kuma_ext_alpn_selected), the groups (kuma_ext_groups),
     * the client CA names (kuma_ext_ca_names). 1, or 0 when memory ran out.
     */
    int (*hello_settled)(SSL *s);
    /* Stops the handshake: the ClientHello was rejected and `alert` sent (by ext.c). */
    void (*fail)(SSL *s, int alert);

    /* After the handshake: the protocol ALPN settled on, or NULL (*len 0). */
    const unsigned char *(*alpn_selected)(SSL *s, unsigned int *len);
    /*
     * The last handshake's Finished verify_data, the client's or the
     * server's: copies at most count bytes, returns its full length (0
     * when unknown).
     */
    size_t (*finished)(SSL *s, int clients, void *buf, size_t count);
    /*
     * RFC 5705 / RFC 8446 7.5 exporter: olen bytes for label (llen bytes,
     * not reserved: events.c checked), with context (NULL: none; its length
     * at most 65535). 1, or 0 with an error queued.
     */
    int (*export_keys)(SSL *s, unsigned char *out, size_t olen, const char *label, size_t llen,
                       const unsigned char *context, size_t contextlen);

    /*
     * After the handshake, TLS 1.3 (RFC 8446 4.6.3): schedules a KeyUpdate
     * (SSL_KEY_UPDATE_NOT_REQUESTED / _REQUESTED) that leaves with the
     * engine's next records. 1, or 0 with an error queued (an engine
     * without KeyUpdate: SSL_R_WRONG_SSL_VERSION).
     */
    int (*key_update)(SSL *s, int type);
    /* The KeyUpdate scheduled and not sent yet (SSL_KEY_UPDATE_*), SSL_KEY_UPDATE_NONE when none. */
    int (*key_update_type)(SSL *s);
    /* After the handshake: the key exchange's group (TLS NamedGroup id), 0 when none or unknown. */
    uint16_t (*group)(SSL *s);
    /* After the handshake: the peer's signature (TLS SignatureScheme id), 0 when unknown. */
    uint16_t (*peer_sig_scheme)(SSL *s);
} kuma_engine_vtable;

extern const kuma_engine_vtable kuma_engine_br;
/* tls13/engine.c: kumassl's own engine (TLS 1.3, and TLS 1.2 ECDHE + AEAD for its clients). */
extern const kuma_engine_vtable kuma_engine_tls13;
/* tls13/select.c: the engine a connection's handshake takes (its role and versions decide). */
const kuma_engine_vtable *kuma_engine_for(const SSL *s);

/*
 * Bytes between the pump and a BIO (io_transport.c): records gathered into
 * one write, or bytes read ahead of the engine. buf is NULL when empty, so
 * a connection at rest holds none.
 */
typedef struct {
    unsigned char *buf;
    size_t len, done, cap;              /* held, of which done written (or given to the engine) */
} kuma_bytes;

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
    unsigned char client_random[32];    /* the last handshake's, set by the engine when it ends */
    unsigned char server_random[32];
    int shutdown;                       /* SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN */
    int shutdown_waited;                /* SSL_shutdown() already returned 0 once */
    int error_kind;                     /* SSL_ERROR_* of the last failed call */
    int rwstate;                        /* SSL_NOTHING / SSL_READING / SSL_WRITING */
    size_t write_done;                  /* bytes of a retried SSL_write already taken */
    kuma_bytes flight;                  /* records for the next write to wbio */
    kuma_bytes ahead;                   /* bytes read from rbio the engine has not taken */

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
    STACK_OF(SSL_CIPHER) *cipher_view; /* SSL_get_ciphers' answer (compat.c) */
    DH *tmp_dh;                         /* SSL_set_tmp_dh's parameters, held unused (compat.c) */
};

/* ---- compat.c: knobs of OpenSSL programs with nothing underneath ---- */
/* Key exchange parameter commands (SSL_CTRL_SET_TMP_DH / _ECDH / _DH_AUTO) of ctx or s; -1: not one. */
long kuma_compat_ctrl(SSL_CTX *ctx, SSL *s, int cmd, long larg, void *parg);
void kuma_compat_ssl_free(SSL *s);
void kuma_compat_ctx_free(SSL_CTX *ctx);

/* ---- hooks of the feature files (each file owns its state) ------------------- */

/*
 * The feature files speak TLS, not any engine's API: an engine asks them
 * what to offer (ALPN names, groups, the session to resume...) and tells
 * them what happened (the session established, secrets, alerts), and
 * translates for its TLS library. None of them calls into an engine except
 * through kuma_engine_vtable.
 */

/* session.c, sess_cache.c */

/* A TLS 1.3 ticket as a client received it (NewSessionTicket, RFC 8446 section 4.6.1). */
typedef struct {
    const unsigned char *ticket;
    size_t ticket_len;
    uint32_t lifetime, age_add, max_early_data;
    uint32_t age_ms;                    /* kuma_session_ticket_to_offer: the ticket's age now */
} kuma_ticket;
#define KUMA_TICKET_MAX 16384           /* larger tickets are not kept */

/* What a TLS 1.0-1.2 session is made of (a TLS 1.3 engine adds its ticket data here). */
typedef struct {
    uint16_t version;                   /* TLS1_VERSION... */
    uint16_t cipher_suite;              /* IANA id */
    unsigned char session_id[32];
    unsigned char session_id_len;
    unsigned char master_secret[48];
    unsigned char ems;                  /* TLS 1.2 with extended master secret (RFC 7627) */
} kuma_session_params;

void kuma_session_ctx_free(SSL_CTX *ctx);
void kuma_session_ssl_free(SSL *s);
/* SSL_CTX_ctrl commands of sessions (cache mode, size, statistics); -1 when not one. */
long kuma_session_ctx_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg);
/* 1 when a and b are the same session (same id and master secret). */
int kuma_session_params_equal(const kuma_session_params *a, const kuma_session_params *b);
/*
 * Client, as the engine starts (counted as a connect): 1 and the session
 * in *params when s->session can be offered with these versions and suites
 * (else it is dropped), 0 for a full handshake.
 */
int kuma_session_to_offer(SSL *s, int min_version, int max_version, const uint16_t *suites,
                          size_t num_suites, kuma_session_params *params);
/*
 * Server, as the engine starts (counted as an accept): 1 when the
 * SSL_CTX's session cache serves this connection; then the engine looks
 * sessions up with kuma_session_cache_get and offers new ones to
 * kuma_session_cache_put.
 */
int kuma_session_server_cache(SSL *s);
/* Server: 1 and the cached session *params with this id, usable by s; 0 when none. */
int kuma_session_cache_get(SSL *s, const unsigned char *id, size_t id_len,
                           kuma_session_params *params);
/* Server: a new session of s, to cache (unless the mode says no) and to become s's session. */
void kuma_session_cache_put(SSL *s, const kuma_session_params *params);
/*
 * Client, TLS 1.3 (session_ticket.c): a new session of s for a ticket, its
 * PSK in params->master_secret; it becomes s->session (SSL_get1_session)
 * and goes to the new-session callback (SSL_CTX_sess_set_new_cb with
 * SSL_SESS_CACHE_CLIENT), as OpenSSL makes one session per ticket. 1, or 0.
 */
int kuma_session_add_ticket(SSL *s, const kuma_session_params *params, const kuma_ticket *t);
/*
 * Client, TLS 1.3: 1 with the session's params and ticket (pointing into
 * s->session, valid while it stays s's session) when s->session is a TLS
 * 1.3 session with a ticket s may offer; else 0 (the session is left).
 */
int kuma_session_ticket_to_offer(SSL *s, kuma_session_params *params, kuma_ticket *t);
/*
 * Client: 1 with the params of s->session when it is a TLS 1.2 session
 * with extended master secret that s may offer (kumassl's engine resumes
 * those by session ID); else 0.
 */
int kuma_session_ems_to_offer(const SSL *s, kuma_session_params *params);
/* After a completed handshake: records s->session and s->reused (the engine resumed one). */
void kuma_session_established(SSL *s, const kuma_session_params *params, int reused);

/* ext.c */
void kuma_ext_ctx_free(SSL_CTX *ctx);
void kuma_ext_ssl_free(SSL *s);
/* SSL_CTX_ctrl / SSL_ctrl / SSL_CTX_callback_ctrl commands of extensions; -1 when not one. */
long kuma_ext_ctx_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg);
long kuma_ext_ssl_ctrl(SSL *s, int cmd, long larg, void *parg);
long kuma_ext_ctx_callback_ctrl(SSL_CTX *ctx, int cmd, void (*fp)(void));
/*
 * Client: the maximum fragment length to ask for (512, 1024, 2048, 4096),
 * or 0 for none.
 */
unsigned kuma_ext_max_frag_len(const SSL *s);
/* Client: the ALPN protocols to offer, as the wire's ProtocolNameList contents; 0 when none. */
size_t kuma_ext_alpn_protos(const SSL *s, const unsigned char **list);
#define KUMA_MAX_GROUPS 8
/*
 * The groups to offer (client) or accept (server), in preference order,
 * as TLS NamedGroup ids (at most KUMA_MAX_GROUPS); 0 when the program set
 * none (the engine's default).
 */
size_t kuma_ext_groups(const SSL *s, uint16_t *ids);
/* Server, once the hello is settled: the protocol the ALPN callback chose (C string), or NULL. */
const char *kuma_ext_alpn_selected(const SSL *s);
/* Server: the CA names to send in CertificateRequest when it asks for one, or NULL (none set). */
STACK_OF(X509_NAME) *kuma_ext_ca_names(const SSL *s);
/*
 * Server, before the engine parses them: bytes of the ClientHello as they
 * arrive (record headers included). Runs the servername and ALPN callbacks
 * once the ClientHello is complete, then sets s->hello_seen and has the
 * engine apply the outcome (hello_settled), or reject it (fail).
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
/* 0 with an error queued when s asks for something kumassl cannot do yet (a PSK-only server). */
int kuma_events_check_unsupported(SSL *s);
/* A handshake failed (SSL_ERROR_SSL or _SYSCALL): adds a note when a client's PSK could not be offered. */
void kuma_early_note_failure(SSL *s);
/* An alert sent or received (where: SSL_CB_READ_ALERT / SSL_CB_WRITE_ALERT). */
void kuma_events_alert(SSL *s, int where, int level, int desc);
/*
 * A secret for the key log callback, as the NSS key log line
 * "<label> <client random> <secret>" (label: CLIENT_RANDOM for TLS 1.2's
 * master secret; TLS 1.3's CLIENT_HANDSHAKE_TRAFFIC_SECRET...).
 */
void kuma_events_keylog(SSL *s, const char *label, const unsigned char client_random[32],
                        const unsigned char *secret, size_t len);

/* peer_chain.c: checking the peer's certificates, for either engine */
/*
 * Checks the certificates the peer sent (chain->count of certs, leaf first;
 * s->peer_chain holds their decodings) with s's settings against store's
 * anchors. Keeps the result and the path built. 1 when the handshake may
 * go on (verified, or accepted by the callback or SSL_VERIFY_NONE); 0 when
 * not: the peer's certificates are dropped.
 */
int kuma_peer_chain_check(SSL *s, kuma_chain *chain, X509_STORE *store,
                          const kuma_chain_cert *certs);
/* The alert OpenSSL sends for a verification result (SSL_AD_*). */
int kuma_verify_alert(long verify_result);

/* The handshake pump; see io.c. */
int kuma_handshake(SSL *s);

/*
 * io_transport.c, for whoever sends bytes of its own (alerts): appends
 * bytes to the flight, so that they leave in the same write as the
 * records the engine produces next (the pump sends a flight as soon as the
 * engine waits for input or reaches what the call wanted). 1, or 0 with
 * ERR_R_MALLOC_FAILURE queued.
 */
int kuma_io_queue(SSL *s, const void *bytes, size_t len);
/* Writes the flight now: 1 when all of it left, 0 when the BIO blocked or failed (no error queued). */
int kuma_io_flush(SSL *s);
/* SSL_free: the transport's buffers. */
void kuma_io_free(SSL *s);

/* Client, before its first handshake: the default verify paths when it trusts nothing yet (ctx.c). */
void kuma_ctx_trust_defaults(SSL *s);

/* 1 when an SSL_OP_NO_TLSv1* option of cfg switches version v (TLS1_VERSION...) off. */
int kuma_config_version_disabled(const kuma_config *cfg, int v);

/* The verification mode in force for a role (-1 in cfg means the default). */
int kuma_config_verify_mode(const kuma_config *cfg, enum kuma_role role);

/* negotiated.c: SSL_ctrl commands asking what the handshake negotiated (group, peer signature); -1 when not one. */
long kuma_negotiated_ctrl(SSL *s, int cmd, long larg, void *parg);

/* Applies one SSL_CTRL_* command to a configuration; -1 when cmd is not a config command. */
long kuma_config_ctrl(kuma_config *cfg, int cmd, long larg, void *parg);

#endif
