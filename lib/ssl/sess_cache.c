/*
 * kumassl: per-SSL_CTX session settings and statistics, and the server's
 * session cache, which engines call through kuma_session_cache_get/put
 * (lib/ssl/br/cache.c adapts it to BearSSL's br_ssl_session_cache_class).
 *
 * One cache per SSL_CTX, shared by every connection (and thread) using it:
 * a hash of session ids for lookup and a doubly linked list in LRU order
 * for eviction, both under one mutex. Entries hold a library reference on
 * their SSL_SESSION, so sessions outlive their connections.
 */
#include <string.h>
#include <time.h>
#include "session_int.h"

#define NBUCKETS 1024       /* power of two; ids are random, chains stay short */

struct kuma_cache_entry {
    SSL_SESSION *sess;                  /* held */
    kuma_cache_entry *newer, *older;    /* LRU list */
    kuma_cache_entry *next;             /* hash chain */
};

/* ---- the per-SSL_CTX state ------------------------------------------------------- */

static kuma_sess_ctx *sess_ctx_new(void)
{
    kuma_sess_ctx *c = calloc(1, sizeof(*c));

    if (c == NULL || pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return NULL;
    }
    c->mode = SSL_SESS_CACHE_SERVER;
    c->cache_max = SSL_SESSION_CACHE_MAX_SIZE_DEFAULT;
    c->timeout = KUMA_SESS_TIMEOUT_DEFAULT;
    return c;
}

const kuma_sess_ctx *kuma_sess_ctx_peek(const SSL_CTX *ctx)
{
    return __atomic_load_n(&ctx->sess, __ATOMIC_ACQUIRE);
}

/*
 * Threads sharing an SSL_CTX may get here together for its first
 * connections: the one whose compare-exchange wins installs its state,
 * the others free theirs.
 */
kuma_sess_ctx *kuma_sess_ctx_get(SSL_CTX *ctx)
{
    kuma_sess_ctx *c = __atomic_load_n(&ctx->sess, __ATOMIC_ACQUIRE), *fresh;

    if (c != NULL)
        return c;
    if ((fresh = sess_ctx_new()) == NULL) {
        KUMA_RAISE_AT("SSL_CTX_add_session", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
        return NULL;
    }
    fresh->owner = ctx;
    if (__atomic_compare_exchange_n(&ctx->sess, &c, fresh, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return fresh;
    pthread_mutex_destroy(&fresh->lock);
    free(fresh);
    return c;
}

long kuma_sess_stat_add(SSL_CTX *ctx, enum kuma_sess_stat which)
{
    kuma_sess_ctx *c = kuma_sess_ctx_get(ctx);

    return c != NULL ? atomic_fetch_add(&c->stats[which], 1) + 1 : 0;
}

/* ---- the cache, under c->lock ------------------------------------------------------ */

static size_t bucket_of(const unsigned char *id, size_t len)
{
    uint32_t h = 2166136261u;   /* FNV-1a: ids added by programs need not be random */
    size_t i;

    for (i = 0; i < len; i++)
        h = (h ^ id[i]) * 16777619u;
    return h & (NBUCKETS - 1);
}

/* The link that points at the entry for this id, or at the end of its chain. */
static kuma_cache_entry **slot_of(kuma_sess_ctx *c, const unsigned char *id, size_t len)
{
    kuma_cache_entry **link = &c->buckets[bucket_of(id, len)];
    const kuma_session_params *p;

    for (; *link != NULL; link = &(*link)->next) {
        p = &(*link)->sess->params;
        if (p->session_id_len == len && memcmp(p->session_id, id, len) == 0)
            break;
    }
    return link;
}

static kuma_cache_entry **slot_of_session(kuma_sess_ctx *c, const SSL_SESSION *sess)
{
    return slot_of(c, sess->params.session_id, sess->params.session_id_len);
}

static void lru_unlink(kuma_sess_ctx *c, kuma_cache_entry *e)
{
    if (e->newer != NULL)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older != NULL)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    e->newer = e->older = NULL;
}

static void lru_push_newest(kuma_sess_ctx *c, kuma_cache_entry *e)
{
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest != NULL)
        c->newest->newer = e;
    else
        c->oldest = e;
    c->newest = e;
}

static void entry_drop(kuma_sess_ctx *c, kuma_cache_entry **link)
{
    kuma_cache_entry *e = *link;

    *link = e->next;
    lru_unlink(c, e);
    c->count--;
    /* under the lock, as OpenSSL's eviction calls it; the callback must not call back into the cache */
    if (c->remove_cb != NULL)
        c->remove_cb(c->owner, e->sess);
    kuma_session_release(e->sess);
    free(e);
}

static void evict_to_fit(kuma_sess_ctx *c)
{
    while (c->cache_max > 0 && c->count > (size_t)c->cache_max) {
        entry_drop(c, slot_of_session(c, c->oldest->sess));
        atomic_fetch_add(&c->stats[KUMA_ST_CACHE_FULL], 1);
    }
}

/* 1 when added; 0 when this very object is cached already, or on failure. */
static int cache_insert(kuma_sess_ctx *c, SSL_SESSION *sess)
{
    kuma_cache_entry **link, *e;
    size_t b = bucket_of(sess->params.session_id, sess->params.session_id_len);

    if (c->buckets == NULL && (c->buckets = calloc(NBUCKETS, sizeof(*c->buckets))) == NULL)
        return 0;
    link = slot_of_session(c, sess);
    if (*link != NULL && (*link)->sess == sess)
        return 0;
    if (*link != NULL)
        entry_drop(c, link);    /* the same id in another object replaces it */
    if ((e = calloc(1, sizeof(*e))) == NULL)
        return 0;
    kuma_session_hold(sess);
    e->sess = sess;
    e->next = c->buckets[b];
    c->buckets[b] = e;
    lru_push_newest(c, e);
    c->count++;
    evict_to_fit(c);
    return 1;
}

static int sid_ctx_matches(const SSL_SESSION *sess, const SSL *s)
{
    const unsigned char *sid_ctx;
    unsigned int len;

    kuma_session_sid_ctx(s, &sid_ctx, &len);
    return len == sess->sid_ctx_len && memcmp(sid_ctx, sess->sid_ctx, len) == 0;
}

/* The cached session for id usable by s, held; NULL when none (counted as OpenSSL does). */
static SSL_SESSION *cache_lookup(kuma_sess_ctx *c, const SSL *s, const unsigned char *id, size_t len)
{
    kuma_cache_entry **link, *e;

    if (c->buckets == NULL || (e = *(link = slot_of(c, id, len))) == NULL) {
        atomic_fetch_add(&c->stats[KUMA_ST_MISS], 1);
        return NULL;
    }
    if (kuma_session_expired(e->sess, (long)time(NULL))) {
        entry_drop(c, link);
        atomic_fetch_add(&c->stats[KUMA_ST_TIMEOUT], 1);
        return NULL;
    }
    if (!sid_ctx_matches(e->sess, s)) {
        atomic_fetch_add(&c->stats[KUMA_ST_MISS], 1);
        return NULL;
    }
    lru_unlink(c, e);
    lru_push_newest(c, e);
    kuma_session_hold(e->sess);
    return e->sess;
}

/* Drops the entries expired at tm (every entry when tm is 0). */
static void cache_flush(kuma_sess_ctx *c, long tm)
{
    kuma_cache_entry *e = c->oldest, *newer;

    for (; e != NULL; e = newer) {
        newer = e->newer;
        if (tm == 0 || kuma_session_expired(e->sess, tm))
            entry_drop(c, slot_of_session(c, e->sess));
    }
}

void kuma_session_ctx_free(SSL_CTX *ctx)
{
    kuma_sess_ctx *c = ctx->sess;

    if (c == NULL)
        return;
    cache_flush(c, 0);
    free(c->buckets);
    pthread_mutex_destroy(&c->lock);
    OPENSSL_cleanse(c, sizeof(*c));
    free(c);
    ctx->sess = NULL;
}

/* ---- the engines' view ------------------------------------------------------------------ */

void kuma_session_cache_put(SSL *s, const kuma_session_params *params)
{
    kuma_sess_ssl *w = s->sess_ssl;
    kuma_sess_ctx *c = w != NULL && w->cache_ctx != NULL ? w->cache_ctx->sess : NULL;
    SSL_SESSION *sess;

    if (c == NULL || (sess = kuma_session_create(s, params)) == NULL)
        return;
    if (!(c->mode & SSL_SESS_CACHE_NO_INTERNAL_STORE)) {
        pthread_mutex_lock(&c->lock);
        cache_insert(c, sess);
        pthread_mutex_unlock(&c->lock);
    }
    kuma_session_release(w->saved);
    w->saved = sess;        /* becomes the connection's session (session.c) */
}

/*
 * Asks the external cache (SSL_CTX_sess_set_get_cb) for id after the
 * internal one missed: a session it returns is held (with *copy 0 its
 * reference becomes the library's), stored in the internal cache unless
 * SSL_SESS_CACHE_NO_INTERNAL_STORE, and used if it is for this context
 * and has not expired. NULL when none fits.
 */
static SSL_SESSION *external_lookup(kuma_sess_ctx *c, SSL *s, const unsigned char *id, size_t len)
{
    SSL_SESSION *sess;
    int copy = 1;

    if (c->get_cb == NULL || len > SSL_MAX_SSL_SESSION_ID_LENGTH)
        return NULL;
    if ((sess = c->get_cb(s, id, (int)len, &copy)) == NULL)
        return NULL;
    kuma_session_hold(sess);
    if (!copy)
        SSL_SESSION_free(sess);         /* the program's reference was handed over */
    if (!(c->mode & SSL_SESS_CACHE_NO_INTERNAL_STORE)) {
        pthread_mutex_lock(&c->lock);
        cache_insert(c, sess);
        pthread_mutex_unlock(&c->lock);
    }
    if (kuma_session_expired(sess, (long)time(NULL)) || !sid_ctx_matches(sess, s)
        || sess->params.session_id_len != len || memcmp(sess->params.session_id, id, len) != 0) {
        kuma_session_release(sess);
        return NULL;
    }
    return sess;
}

int kuma_session_cache_get(SSL *s, const unsigned char *id, size_t id_len,
                           kuma_session_params *params)
{
    kuma_sess_ssl *w = s->sess_ssl;
    kuma_sess_ctx *c = w != NULL && w->cache_ctx != NULL ? w->cache_ctx->sess : NULL;
    SSL_SESSION *sess = NULL;

    if (c == NULL)
        return 0;
    if (!(c->mode & SSL_SESS_CACHE_NO_INTERNAL_LOOKUP)) {
        pthread_mutex_lock(&c->lock);
        sess = cache_lookup(c, s, id, id_len);
        pthread_mutex_unlock(&c->lock);
    }
    if (sess == NULL)
        sess = external_lookup(c, s, id, id_len);
    if (sess == NULL)
        return 0;
    *params = sess->params;
    kuma_session_release(w->loaded);
    w->loaded = sess;       /* session.c compares it with the outcome */
    return 1;
}

/*
 * The connection keeps the SSL_CTX it started with as its session context
 * (a reference), as OpenSSL does: SSL_set_SSL_CTX from a servername
 * callback switches certificates, not the cache.
 */
int kuma_session_server_cache(SSL *s)
{
    kuma_sess_ssl *w = kuma_sess_ssl_get(s);
    kuma_sess_ctx *c;

    if (w == NULL)
        return 0;
    if (w->cache_ctx == NULL) {
        SSL_CTX_up_ref(s->ctx);
        w->cache_ctx = s->ctx;
    }
    if ((c = kuma_sess_ctx_get(w->cache_ctx)) == NULL)
        return 0;
    kuma_sess_stat_add(w->cache_ctx, KUMA_ST_ACCEPT);
    return (c->mode & SSL_SESS_CACHE_SERVER) != 0;
}

/* ---- the public API ------------------------------------------------------------------ */

/* Stores v in *slot; the old value, as OpenSSL's setters return it. */
static long set_long(long *slot, long v)
{
    long old = *slot;

    *slot = v;
    return old;
}

int SSL_CTX_add_session(SSL_CTX *ctx, SSL_SESSION *sess)
{
    kuma_sess_ctx *c;
    int ok;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx) || KUMA_NULL_ARG(ERR_LIB_SSL, sess))
        return 0;
    if (sess->params.session_id_len == 0 || (c = kuma_sess_ctx_get(ctx)) == NULL)
        return 0;
    pthread_mutex_lock(&c->lock);
    ok = cache_insert(c, sess);
    pthread_mutex_unlock(&c->lock);
    return ok;
}

/* Removes the session with sess's id; sess can no longer be resumed. 1 when one was cached. */
int SSL_CTX_remove_session(SSL_CTX *ctx, SSL_SESSION *sess)
{
    kuma_sess_ctx *c;
    kuma_cache_entry **link;
    int found = 0;

    if (ctx == NULL || sess == NULL || sess->params.session_id_len == 0)
        return 0;
    if ((c = kuma_sess_ctx_get(ctx)) == NULL)
        return 0;
    pthread_mutex_lock(&c->lock);
    if (c->buckets != NULL && *(link = slot_of_session(c, sess)) != NULL) {
        entry_drop(c, link);
        found = 1;
    }
    pthread_mutex_unlock(&c->lock);
    atomic_store(&sess->not_resumable, 1);
    return found;
}

void SSL_CTX_flush_sessions(SSL_CTX *ctx, long tm)
{
    kuma_sess_ctx *c = ctx != NULL ? ctx->sess : NULL;

    if (c == NULL)
        return;
    pthread_mutex_lock(&c->lock);
    cache_flush(c, tm);
    pthread_mutex_unlock(&c->lock);
}

void SSL_CTX_sess_set_new_cb(SSL_CTX *ctx, int (*new_session_cb)(SSL *, SSL_SESSION *))
{
    kuma_sess_ctx *c = ctx != NULL ? kuma_sess_ctx_get(ctx) : NULL;

    if (c != NULL)
        c->new_cb = new_session_cb;
}

void SSL_CTX_sess_set_get_cb(SSL_CTX *ctx,
                             SSL_SESSION *(*get_session_cb)(SSL *, const unsigned char *, int, int *))
{
    kuma_sess_ctx *c = ctx != NULL ? kuma_sess_ctx_get(ctx) : NULL;

    if (c != NULL)
        c->get_cb = get_session_cb;
}

void SSL_CTX_sess_set_remove_cb(SSL_CTX *ctx, void (*remove_session_cb)(SSL_CTX *ctx, SSL_SESSION *sess))
{
    kuma_sess_ctx *c = ctx != NULL ? kuma_sess_ctx_get(ctx) : NULL;

    if (c != NULL)
        c->remove_cb = remove_session_cb;
}

long SSL_CTX_set_timeout(SSL_CTX *ctx, long t)
{
    kuma_sess_ctx *c = ctx != NULL ? kuma_sess_ctx_get(ctx) : NULL;

    return c != NULL ? set_long(&c->timeout, t) : 0;
}

long SSL_CTX_get_timeout(const SSL_CTX *ctx)
{
    const kuma_sess_ctx *c = ctx != NULL ? kuma_sess_ctx_peek(ctx) : NULL;

    return c != NULL ? c->timeout : KUMA_SESS_TIMEOUT_DEFAULT;
}

/* ---- SSL_CTX_ctrl ---------------------------------------------------------------------- */

static const struct {
    int cmd;
    enum kuma_sess_stat stat;
} stat_cmds[] = {
    { SSL_CTRL_SESS_CONNECT, KUMA_ST_CONNECT },
    { SSL_CTRL_SESS_CONNECT_GOOD, KUMA_ST_CONNECT_GOOD },
    { SSL_CTRL_SESS_ACCEPT, KUMA_ST_ACCEPT },
    { SSL_CTRL_SESS_ACCEPT_GOOD, KUMA_ST_ACCEPT_GOOD },
    { SSL_CTRL_SESS_HIT, KUMA_ST_HIT },
    { SSL_CTRL_SESS_MISSES, KUMA_ST_MISS },
    { SSL_CTRL_SESS_TIMEOUTS, KUMA_ST_TIMEOUT },
    { SSL_CTRL_SESS_CACHE_FULL, KUMA_ST_CACHE_FULL },
};

/* The statistic a command reads, or -1. */
static int stat_of(int cmd)
{
    size_t i;

    for (i = 0; i < sizeof(stat_cmds) / sizeof(stat_cmds[0]); i++)
        if (stat_cmds[i].cmd == cmd)
            return (int)stat_cmds[i].stat;
    return -1;
}

static int is_session_cmd(int cmd)
{
    return stat_of(cmd) != -1 || cmd == SSL_CTRL_SESS_NUMBER
        || (cmd >= SSL_CTRL_SET_SESS_CACHE_SIZE && cmd <= SSL_CTRL_GET_SESS_CACHE_MODE);
}

long kuma_session_ctx_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg)
{
    kuma_sess_ctx *c;
    long mode = 0, n;

    (void)parg;
    if (!is_session_cmd(cmd))
        return -1;
    if ((c = kuma_sess_ctx_get(ctx)) == NULL)
        return 0;
    switch (cmd) {
    case SSL_CTRL_SET_SESS_CACHE_MODE:
        mode = c->mode;
        c->mode = (int)larg;
        return mode;
    case SSL_CTRL_GET_SESS_CACHE_MODE:
        return c->mode;
    case SSL_CTRL_SET_SESS_CACHE_SIZE:
        return larg < 0 ? 0 : set_long(&c->cache_max, larg);
    case SSL_CTRL_GET_SESS_CACHE_SIZE:
        return c->cache_max;
    case SSL_CTRL_SESS_NUMBER:
        pthread_mutex_lock(&c->lock);
        n = (long)c->count;
        pthread_mutex_unlock(&c->lock);
        return n;
    default:
        return atomic_load(&c->stats[stat_of(cmd)]);
    }
}
