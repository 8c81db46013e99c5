/*
 * kumassl: the TLS 1.0-1.2 engine over BearSSL's br_ssl_*_context, and the
 * interfaces between its files. Nothing outside lib/ssl/br includes this.
 *
 *   engine.c   BearSSL's client and server contexts behind kuma_engine_vtable
 *   features.c the feature files' settings (ext.c) translated for BearSSL: ALPN,
 *              groups, client CA names; Finished, exporter, key log
 *   client_hello.c  the groups of the first ClientHello put in OpenSSL's order
 *   server_hello.c  ec_point_formats added to the ServerHello (RFC 8422)
 *   cache.c    sessions: the one to offer, the one established, and the server's
 *              cache (sess_cache.c) behind br_ssl_session_cache_class
 *   algos.c    their algorithms, with the CPU probed once per process
 *   iobuf.c    their record buffer, given back while a connection is at rest
 *   verify.c   the X.509 verifier plugged into the engine (made per handshake)
 *   watch.c    the peer's records and plaintext handshake messages, seen before BearSSL
 *   judge.c    what watch.c finds wrong in a ClientHello or ClientKeyExchange
 *   alert.c    the alert a failure owes the peer, sent with the record protection in force
 *   errors.c   BearSSL's errors as OpenSSL's reasons, under OpenSSL's function names
 */
#ifndef KUMASSL_BR_INT_H
#define KUMASSL_BR_INT_H
#include "ssl_int.h"

/* ---- the verifier ------------------------------------------------------- */

/*
 * The X.509 engine handed to BearSSL: it keeps the certificates as they
 * arrive and, at the end of the chain, has chain.c check them.
 */
typedef struct kuma_verifier {
    const br_x509_class *vtable;        /* must stay first */
    X509_STORE *store;                  /* the slot's: the anchors the handshake started with */
    SSL *ssl;
    kuma_chain_cert certs[KUMA_VERIFY_MAX_CERTS];  /* as received, leaf first; x owned by ssl->peer_chain */
    int cur_kept;                       /* the certificate arriving is kept in certs[chain.count] */
    uint32_t cur_expect;                /* and announced this length */
    kuma_chain chain;                   /* count and leaf_lost while receiving; then the check */
    int accept;                         /* chain accepted, possibly despite errors */
} kuma_verifier;

/* Prepares v for a handshake of s. */
void kuma_verifier_init(kuma_verifier *v, SSL *s);
void kuma_verifier_clear(kuma_verifier *v);

/*
 * What the engine holds instead of a verifier: the 4 KiB verifier exists
 * only from the start of a peer's chain until the engine is idle again, so
 * established connections do not carry it. A renegotiation makes a new one.
 */
typedef struct {
    const br_x509_class *vtable;        /* must stay first */
    SSL *ssl;
    kuma_verifier *v;                   /* NULL between handshakes */
    X509_STORE *store;                  /* the trust anchors when the engine started (a reference):
                                           SSL_set_SSL_CTX does not change them, as with the CA names */
} kuma_verifier_slot;

/* Takes a reference to s's current trust store; kuma_verifier_slot_clear() drops it. */
void kuma_verifier_slot_init(kuma_verifier_slot *slot, SSL *s);
void kuma_verifier_slot_clear(kuma_verifier_slot *slot);
/* Frees the verifier; only between handshakes (the engine may still ask it for the peer's key). */
void kuma_verifier_slot_release(kuma_verifier_slot *slot);

/* br_iobuf.c: the engine's record buffer, freed while the connection is at rest. */
typedef struct {
    unsigned char *buf;                 /* input half, then output half; NULL while released */
    size_t in_len, out_len;
    size_t in_touched;                  /* input bytes that may hold plaintext */
    unsigned char hdr[5];               /* a record header collected while released */
    size_t hdr_len;
    unsigned idle_bits;                 /* the engine's state bits when released */
} kuma_br_iobuf;

/* Allocates the buffer and hands it to eng; 0 with an error queued. */
int kuma_br_iobuf_start(kuma_br_iobuf *io, br_ssl_engine_context *eng, size_t in_len,
                        size_t out_len);
/* Frees the buffer if eng is at rest or closed (1), else keeps it (0). */
int kuma_br_iobuf_release(kuma_br_iobuf *io, br_ssl_engine_context *eng);
/* Gives eng its buffer back (and a header collected meanwhile); 0 with an error queued. */
int kuma_br_iobuf_attach(kuma_br_iobuf *io, br_ssl_engine_context *eng);
/* The engine's RECVREC buffer and ack, collecting a header while released. */
unsigned char *kuma_br_iobuf_recv_buf(kuma_br_iobuf *io, br_ssl_engine_context *eng, size_t *len);
int kuma_br_iobuf_recv_ack(kuma_br_iobuf *io, br_ssl_engine_context *eng, size_t len);
void kuma_br_iobuf_free(kuma_br_iobuf *io);

/* br_algos.c: BearSSL's init_full algorithms with the CPU probed once per process. */
void kuma_br_client_init(br_ssl_client_context *cc);
void kuma_br_server_init(br_ssl_server_context *sc);
/* Once versions and suites are set: no SHA-224, and no SHA-1 where nothing needs it. */
void kuma_br_drop_weak_hashes(br_ssl_engine_context *eng);

/* ---- features (features.c) ----------------------------------------------------- */

/* What BearSSL's engine links to for the features, valid as long as it runs. */
typedef struct {
    const char **alpn_names;            /* client: the offered names, as C strings */
    size_t alpn_num;
    const char *alpn_sel[1];            /* server: the name the callback chose */
    char alpn_sel_buf[256];
    br_ec_impl ec;                      /* the default EC code, restricted to the groups */
    br_x500_name *ca_dn;                /* server: client CA names, DER copied */
    unsigned char *ca_der;
} kuma_br_features;

/* Client: ALPN names and groups to offer. 1, or 0 with an error queued. */
int kuma_br_features_client(SSL *s, kuma_br_features *f, br_ssl_client_context *cc);
/* Server, once the ClientHello callbacks ran: ALPN choice, groups, CA names. 0 when out of memory. */
int kuma_br_features_hello(SSL *s, kuma_br_features *f, br_ssl_server_context *sc);
void kuma_br_features_clear(kuma_br_features *f);
/*
 * client_hello.c. Client, before the first ClientHello goes out (buf, len:
 * the records to send): puts its supported_groups in the program's order,
 * else OpenSSL's (X25519 first).
 */
void kuma_br_order_groups(SSL *s, br_ssl_engine_context *eng, unsigned char *buf, size_t len);
/* The key log line of the master secret, after a handshake. */
void kuma_br_keylog(SSL *s, const br_ssl_engine_context *eng);
/* kuma_engine_vtable's queries, on eng */
const unsigned char *kuma_br_alpn_selected(const br_ssl_engine_context *eng, unsigned int *len);
size_t kuma_br_finished(const br_ssl_engine_context *eng, int clients, void *buf, size_t count);
int kuma_br_export_keys(br_ssl_engine_context *eng, unsigned char *out, size_t olen,
                        const char *label, size_t llen, const unsigned char *context,
                        size_t contextlen);

/* ---- sessions (cache.c) --------------------------------------------------------- */

/*
 * A connection's sessions as BearSSL sees them. On a server its first
 * field is what BearSSL is given as the session cache: save()/load() get
 * only that pointer, and reach the connection from it.
 */
typedef struct {
    const br_ssl_session_cache_class *vtable;   /* must stay first */
    SSL *ssl;
    kuma_session_params tried;          /* offered (client) or loaded from the cache (server) */
    int tried_set;
} kuma_br_sessions;

/* Client, once versions and suites are set: 1 when eng should try to resume the session offered. */
int kuma_br_sessions_client(SSL *s, kuma_br_sessions *bs, br_ssl_engine_context *eng);
/* Server: plugs the SSL_CTX's session cache into sc, when it serves s. */
void kuma_br_sessions_server(SSL *s, kuma_br_sessions *bs, br_ssl_server_context *sc);
/* After a handshake: reports the session established, and whether it was resumed. */
void kuma_br_sessions_done(SSL *s, kuma_br_sessions *bs, const br_ssl_engine_context *eng);

/* ---- engine.c, for the other files of br/ --------------------------------------------- */

/* The BearSSL engine of s, or NULL before the handshake starts. */
br_ssl_engine_context *kuma_br_engine(SSL *s);

/* ---- failures (alert.c, errors.c) -------------------------------------------- */

/* last_error() after the record buffer could not be allocated again */
#define KUMA_BR_ERR_NOMEM (-1)

/*
 * Why the engine failed, when kumassl decided it (watch.c, judge.c, ext.c)
 * or knows better than BearSSL's error code; reason 0: derive it from that.
 */
typedef struct {
    int reason;                 /* SSL_R_*, 0, or KUMA_BR_REASON_QUEUED */
    const char *func;           /* OpenSSL's function name for the place, or NULL */
    const char *data;           /* static text for the error line, or NULL */
    int alert;                  /* the fatal alert sent, or 0 (close_notify is never fatal) */
    int notified;               /* the peer has been told (or nothing was owed) */
} kuma_br_failure;

#define KUMA_BR_REASON_QUEUED (-1)      /* the caller queued the reason itself (ext.c) */

/* ---- the watcher (watch.c) ------------------------------------------------------- */

#define KUMA_WATCH_MAX_MSG 16384        /* the largest handshake message kept for judge.c */
#define KUMA_WATCH_MAX_WARNINGS 5       /* alert records in a row before a handshake gives up */

/* What the ClientHello told judge.c, for reasons given after BearSSL's own alert. */
typedef struct {
    unsigned legacy_version;    /* the ClientHello's client_version, 0 before it is read */
    int no_shared_cipher;       /* no suite in common (for the version the client gets) */
    int no_shared_group;        /* the common suites are all ECDHE, and no curve is common */
    unsigned char *suites;      /* the client's cipher suites, until a resumption is checked */
    size_t suites_len;
} kuma_hello_verdict;

typedef struct {
    unsigned char hdr[5];       /* the current record's header */
    size_t hdr_have;
    size_t rec_left;            /* its payload bytes still to come */
    int peer_ccs;               /* the peer's records are encrypted from here */
    unsigned long records;      /* record headers seen */
    int alerts_in_row;          /* alert records since another type (handshake only) */
    unsigned char msg_hdr[4];   /* the current plaintext handshake message */
    size_t msg_hdr_have;
    size_t msg_len, msg_have;
    unsigned char *msg;         /* its body when judge.c wants it (ClientHello, ClientKeyExchange) */
    int messages;               /* complete handshake messages so far */
    kuma_hello_verdict hello;
} kuma_br_watch;

/* Big-endian fields of the handshake messages client_hello.c and server_hello.c rewrite. */
static inline size_t kuma_br_get16(const unsigned char *p)
{
    return (size_t)p[0] << 8 | p[1];
}

static inline size_t kuma_br_get24(const unsigned char *p)
{
    return (size_t)p[0] << 16 | kuma_br_get16(p + 1);
}

static inline void kuma_br_put16(unsigned char *p, size_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static inline void kuma_br_put24(unsigned char *p, size_t v)
{
    p[0] = (unsigned char)(v >> 16);
    kuma_br_put16(p + 1, v);
}

/* server_hello.c: the first record of a server's flight, amended (ec_point_formats). */
typedef struct {
    unsigned char *hello;       /* the ClientHello (header included), when it sent ec_point_formats */
    size_t hello_len;
    int examined;               /* the first record was looked at */
    unsigned char *out;         /* the amended record, sent instead of BearSSL's */
    size_t out_len, out_off;
    size_t engine_len;          /* BearSSL's record, acknowledged once out has gone */
} kuma_br_sh_fix;

typedef struct {
    union {
        br_ssl_client_context c;
        br_ssl_server_context s;
    } u;                        /* both start with their br_ssl_engine_context */
    kuma_verifier_slot verifier;
    kuma_creds creds;           /* this connection's credentials, held while the engine uses them */
    kuma_br_iobuf io;
    kuma_br_features features;  /* what the engine links to for ALPN, groups, CA names */
    kuma_br_sessions sessions;  /* the session offered or loaded; the server's cache */
    int nomem;                  /* the buffer could not come back: the engine is dead */
    int hello_ordered;          /* client: the first ClientHello's groups are in order */
    kuma_br_failure fail;
    kuma_br_watch watch;
    kuma_br_sh_fix sh_fix;
} br_state;

/*
 * Stops a BearSSL engine with an error code. Not in BearSSL's public
 * headers (it is declared in its inner.h) but exported by libbearssl 0.6;
 * the public API has no other way to abort a handshake from outside.
 * It sends nothing: alert.c sends the alert.
 */
void br_ssl_engine_fail(br_ssl_engine_context *cc, int err);

/* alert.c */
/*
 * Fails the engine for a reason kumassl found: the fatal alert goes out
 * at once (under the record protection in force; alert 0: none) and the
 * reason is queued when the pump reports the failure. func: OpenSSL's
 * name for the place.
 */
void kuma_br_reject(SSL *s, int alert, int reason, const char *func, const char *data);
/* After the engine failed: the alert BearSSL did not send, if any is owed (once). */
void kuma_br_notify_failure(SSL *s);

/* errors.c: queues the SSL error that describes a failed engine (BearSSL error code). */
void kuma_raise_engine_error(SSL *s, int br_err);
/* errors.c: the alert RFC 5246 names for a failure BearSSL sent none for, or 0 (none owed). */
int kuma_br_error_alert(SSL *s, int err);

/* watch.c: bytes from the peer, before the engine gets them; may reject (kuma_br_reject). */
void kuma_br_watch_feed(SSL *s, const unsigned char *data, size_t len);
void kuma_br_watch_clear(kuma_br_watch *w);

/* server_hello.c */
/* Keeps the ClientHello (its body, len bytes) that sent ec_point_formats. */
void kuma_br_keep_client_hello(br_state *st, const unsigned char *body, size_t len);
/*
 * Server: the records to send in place of BearSSL's buf (*len bytes): the
 * first record of the flight with ec_point_formats added when it is owed.
 */
unsigned char *kuma_br_server_flight(br_state *st, unsigned char *buf, size_t *len);
/* Acknowledges len bytes of an amended record; 0 when none is out (BearSSL's own buffer was sent). */
int kuma_br_server_flight_ack(br_state *st, size_t len);
void kuma_br_server_flight_clear(kuma_br_sh_fix *f);

/* judge.c: a complete plaintext handshake message from the peer (type, body). */
void kuma_br_judge_message(SSL *s, int type, const unsigned char *body, size_t len);
/* judge.c, after BearSSL took bytes: the session it loaded must have a suite the client offers. */
void kuma_br_judge_resumption(SSL *s);
void kuma_br_judge_forget(kuma_hello_verdict *v);

#endif
