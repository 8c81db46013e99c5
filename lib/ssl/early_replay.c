/*
 * kumassl: the server's anti-replay record for 0-RTT (RFC 8446 section
 * 8). As under OpenSSL (unless SSL_OP_NO_ANTI_REPLAY), a ticket or PSK
 * admits early data once: the record keeps, per SSL_CTX, a digest of each
 * identity that carried early data until its lifetime ends. It is bounded
 * (KUMA_REPLAY_MAX entries) and shared by the threads serving the SSL_CTX
 * under one mutex. When it is full of live entries, early data is refused
 * rather than risk admitting a replay.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>
#include "events_int.h"
#include "early_int.h"

typedef struct {
    unsigned char digest[32];           /* SHA-256 of the identity */
    long expires;                       /* seconds; 0: a free slot */
} replay_entry;

struct kuma_replay {
    pthread_mutex_t lock;
    replay_entry entries[KUMA_REPLAY_MAX];
};

/* Serializes the creation of records: two first 0-RTT handshakes may race. */
static pthread_mutex_t create_lock = PTHREAD_MUTEX_INITIALIZER;

void kuma_early_replay_free(struct kuma_replay *r)
{
    if (r == NULL)
        return;
    pthread_mutex_destroy(&r->lock);
    free(r);
}

static struct kuma_replay *record_of(kuma_events_ctx *ev)
{
    struct kuma_replay *r = atomic_load(&ev->replay);

    if (r != NULL)
        return r;
    pthread_mutex_lock(&create_lock);
    if ((r = atomic_load(&ev->replay)) == NULL && (r = calloc(1, sizeof *r)) != NULL) {
        pthread_mutex_init(&r->lock, NULL);
        atomic_store(&ev->replay, r);
    }
    pthread_mutex_unlock(&create_lock);
    if (r == NULL)
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
    return r;
}

/* 1 after recording digest until expires; 0 when it is there and alive, or no slot is free. */
static int record(struct kuma_replay *r, const unsigned char *digest, long now, long expires)
{
    replay_entry *slot = NULL;
    size_t i;

    for (i = 0; i < KUMA_REPLAY_MAX; i++) {
        replay_entry *e = &r->entries[i];
        int alive = e->expires > now;

        if (alive && memcmp(e->digest, digest, sizeof e->digest) == 0)
            return 0;
        if (!alive && slot == NULL)
            slot = e;
    }
    if (slot == NULL)
        return 0;
    memcpy(slot->digest, digest, sizeof slot->digest);
    slot->expires = expires;
    return 1;
}

int kuma_early_replay_admit(SSL *s, const unsigned char *id, size_t id_len, uint32_t lifetime_s,
                            long now_s)
{
    kuma_events_ctx *ev = s->ctx->events;
    unsigned char digest[32];
    struct kuma_replay *r;
    int ok;

    if (SSL_get_options(s) & SSL_OP_NO_ANTI_REPLAY)
        return 1;
    /* a context without early-data settings never invited early data */
    if (ev == NULL || (r = record_of(ev)) == NULL)
        return 0;
    if (now_s == 0)
        now_s = (long)time(NULL);
    if (!EVP_Digest(id, id_len, digest, NULL, EVP_sha256(), NULL))
        return 0;
    pthread_mutex_lock(&r->lock);
    ok = record(r, digest, now_s, now_s + (long)lifetime_s + 1);
    pthread_mutex_unlock(&r->lock);
    return ok;
}
