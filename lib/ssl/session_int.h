/*
 * kumassl: the interface between session.c (SSL_SESSION objects, DER,
 * client resumption) and sess_cache.c (per-SSL_CTX settings, statistics and
 * the server's session cache, which engines use through ssl_int.h's hooks).
 */
#ifndef KUMASSL_SESSION_INT_H
#define KUMASSL_SESSION_INT_H
#include <pthread.h>
#include <stdatomic.h>
#include "ssl_int.h"

#define KUMA_SESS_TIMEOUT_DEFAULT 300
#define KUMA_SID_CTX_MAX 32                         /* SSL_MAX_SID_CTX_LENGTH */

/*
 * A session. Its reference count is split in two (one atomic word, so both
 * change together): references held by the library itself (an SSL's
 * s->session, a cache entry, a server connection's pending session) and
 * all references. A program's SSL_SESSION_free never drops a library
 * reference: see SSL_SESSION_free in session.c.
 */
struct ssl_session_st {
    _Atomic uint64_t counts;            /* low 32 bits: all refs; high 32: library holds */
    kuma_session_params params;         /* id, version, suite, master secret */
    long time;                          /* creation, seconds since the Epoch */
    long timeout;                       /* lifetime in seconds */
    unsigned char sid_ctx[KUMA_SID_CTX_MAX];
    unsigned int sid_ctx_len;
    char *hostname;                     /* SNI the session was made for, or NULL */
    atomic_int not_resumable;           /* removed from a cache */
    unsigned char *master_key;          /* SSL_SESSION_set1_master_key's copy (session_psk.c), or NULL */
    size_t master_key_len;
    uint32_t max_early_data;            /* early data the session admits (TLS 1.3) */
    /* a TLS 1.3 client session: the server's ticket (session_ticket.c) */
    unsigned char *ticket;
    size_t ticket_len;
    uint32_t lifetime_hint, age_add;    /* seconds; the ticket's obfuscation */
};

/* session_ticket.c */
/* Wipes and frees *buf (*len bytes, or NULL), leaving NULL and 0. */
void kuma_session_wipe(unsigned char **buf, size_t *len);
/* Wipes and frees a session's ticket. */
void kuma_session_free_ticket(SSL_SESSION *sess);
/* Stores a copy of a ticket (len bytes, at most KUMA_TICKET_MAX). 1, or 0 on failure. */
int kuma_session_set_ticket(SSL_SESSION *sess, const unsigned char *ticket, size_t len);
/* The master secret's length: 48 for TLS 1.0-1.2, the suite's hash for a TLS 1.3 PSK. */
size_t kuma_session_master_len(const kuma_session_params *p);

/* session.c, for session_ticket.c */
/* Makes held (a library reference, or NULL) s's session, releasing the one it replaces. */
void kuma_session_attach(SSL *s, SSL_SESSION *held);
/* Hands s's new session to the program's callback, as OpenSSL does when the cache mode has role_bit. */
void kuma_session_announce(SSL *s, SSL_CTX *ctx, int role_bit);
/* 1 when a client may offer sess on s: resumable, not expired, made for the same server name. */
int kuma_session_usable(const SSL *s, const SSL_SESSION *sess);

/* session_psk.c: wipes and frees the key SSL_SESSION_set1_master_key stored. */
void kuma_session_free_master_key(SSL_SESSION *sess);
/* Takes a library reference (an SSL's s->session, a cache entry...). */
void kuma_session_hold(SSL_SESSION *sess);
/* Drops a library reference taken by kuma_session_hold or kuma_session_create. */
void kuma_session_release(SSL_SESSION *sess);
/* A new session of connection s from the engine's parameters, held once; NULL on failure. */
SSL_SESSION *kuma_session_create(SSL *s, const kuma_session_params *params);
/* 1 when sess has expired at time now (seconds). */
int kuma_session_expired(const SSL_SESSION *sess, long now);
/* The session id context in force for s (its own, else its SSL_CTX's). */
void kuma_session_sid_ctx(const SSL *s, const unsigned char **sid_ctx, unsigned int *len);

/* Statistics of SSL_CTX_sess_*(), indices of kuma_sess_ctx.stats. */
enum kuma_sess_stat {
    KUMA_ST_CONNECT, KUMA_ST_CONNECT_GOOD, KUMA_ST_ACCEPT, KUMA_ST_ACCEPT_GOOD,
    KUMA_ST_HIT, KUMA_ST_MISS, KUMA_ST_TIMEOUT, KUMA_ST_CACHE_FULL, KUMA_ST_COUNT
};

typedef struct kuma_cache_entry kuma_cache_entry;

/* Session settings and the server's cache of one SSL_CTX (created on first use). */
struct kuma_sess_ctx {
    int mode;                           /* SSL_SESS_CACHE_* */
    long cache_max;                     /* 0: unbounded */
    long timeout;                       /* for new sessions */
    unsigned char sid_ctx[KUMA_SID_CTX_MAX];
    unsigned int sid_ctx_len;
    int (*new_cb)(SSL *, SSL_SESSION *);
    /* an external cache (SSL_CTX_sess_set_get_cb / _remove_cb) and the SSL_CTX they are called for */
    SSL_SESSION *(*get_cb)(SSL *, const unsigned char *, int, int *);
    void (*remove_cb)(SSL_CTX *, SSL_SESSION *);
    SSL_CTX *owner;
    atomic_long stats[KUMA_ST_COUNT];

    pthread_mutex_t lock;               /* guards everything below */
    kuma_cache_entry **buckets;         /* hash of session ids, allocated on first save */
    size_t count;
    kuma_cache_entry *newest, *oldest;  /* LRU order */
};

/* Per-connection session state. */
typedef struct kuma_sess_ssl {
    SSL *ssl;
    SSL_CTX *cache_ctx;                 /* server: the context whose cache serves s (a ref) */
    unsigned char sid_ctx[KUMA_SID_CTX_MAX];
    unsigned int sid_ctx_len;
    int sid_ctx_set;                    /* SSL_set_session_id_context was called */
    SSL_SESSION *loaded;                /* server: found by kuma_session_cache_get (held) */
    SSL_SESSION *saved;                 /* server: made by kuma_session_cache_put (held) */
} kuma_sess_ssl;

/* The session state of ctx, created on first use; NULL with an error queued. */
kuma_sess_ctx *kuma_sess_ctx_get(SSL_CTX *ctx);
/* The session state of ctx if it exists yet, else NULL (then defaults apply). */
const kuma_sess_ctx *kuma_sess_ctx_peek(const SSL_CTX *ctx);
/* Counts one event in ctx's statistics; returns the new count (0 if ctx has no state). */
long kuma_sess_stat_add(SSL_CTX *ctx, enum kuma_sess_stat which);

/* The connection's session state, created on first use; NULL with an error queued. */
kuma_sess_ssl *kuma_sess_ssl_get(SSL *s);
/* Server, after the handshake: drops what the cache's get and put left in w. */
void kuma_sess_ssl_reset_server(kuma_sess_ssl *w);

#endif
