/*
 * kumassl: a TLS 1.3 client's sessions, one per NewSessionTicket as
 * OpenSSL 3 makes them: the ticket, its lifetime and age_add, and the
 * resumption PSK (kept where a TLS 1.2 session keeps its master secret, as
 * OpenSSL's DER form does). Its id is SHA-256 of the ticket, as OpenSSL
 * gives it, so SSL_SESSION_get_id and SSL_SESSION_is_resumable behave
 * alike.
 */
#include <string.h>
#include <time.h>
#include <bearssl.h>
#include "session_int.h"

/* OpenSSL caps a ticket's lifetime at 7 days (RFC 8446 section 4.6.1). */
#define MAX_LIFETIME (7 * 24 * 3600)

void kuma_session_wipe(unsigned char **buf, size_t *len)
{
    if (*buf != NULL)
        OPENSSL_cleanse(*buf, *len);
    free(*buf);
    *buf = NULL;
    *len = 0;
}

void kuma_session_free_ticket(SSL_SESSION *sess)
{
    kuma_session_wipe(&sess->ticket, &sess->ticket_len);
}

int kuma_session_set_ticket(SSL_SESSION *sess, const unsigned char *ticket, size_t len)
{
    unsigned char *copy;

    if (len == 0 || len > KUMA_TICKET_MAX)
        return 0;
    if ((copy = malloc(len)) == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    memcpy(copy, ticket, len);
    kuma_session_free_ticket(sess);
    sess->ticket = copy;
    sess->ticket_len = len;
    return 1;
}

size_t kuma_session_master_len(const kuma_session_params *p)
{
    const SSL_CIPHER *c;

    if (p->version != TLS1_3_VERSION)
        return sizeof p->master_secret;
    c = kuma_cipher_by_id(p->cipher_suite);
    return c != NULL && SSL_CIPHER_get_handshake_digest(c) == EVP_sha384() ? 48 : 32;
}

int SSL_SESSION_has_ticket(const SSL_SESSION *s)
{
    return s != NULL && s->ticket != NULL;
}

unsigned long SSL_SESSION_get_ticket_lifetime_hint(const SSL_SESSION *s)
{
    return s != NULL ? s->lifetime_hint : 0;
}

void SSL_SESSION_get0_ticket(const SSL_SESSION *s, const unsigned char **tick, size_t *len)
{
    if (tick != NULL)
        *tick = s->ticket;
    if (len != NULL)
        *len = s->ticket_len;
}

int kuma_session_add_ticket(SSL *s, const kuma_session_params *params, const kuma_ticket *t)
{
    kuma_session_params p = *params;
    br_sha256_context h;
    SSL_SESSION *sess;

    br_sha256_init(&h);
    br_sha256_update(&h, t->ticket, t->ticket_len);
    br_sha256_out(&h, p.session_id);
    p.session_id_len = br_sha256_SIZE;
    if ((sess = kuma_session_create(s, &p)) == NULL)
        return 0;
    if (!kuma_session_set_ticket(sess, t->ticket, t->ticket_len)) {
        kuma_session_release(sess);
        return 0;
    }
    sess->lifetime_hint = t->lifetime;
    sess->timeout = t->lifetime < MAX_LIFETIME ? (long)t->lifetime : MAX_LIFETIME;
    sess->age_add = t->age_add;
    sess->max_early_data = t->max_early_data;
    kuma_session_attach(s, sess);
    kuma_session_announce(s, s->ctx, SSL_SESS_CACHE_CLIENT);
    return 1;
}

int kuma_session_ems_to_offer(const SSL *s, kuma_session_params *params)
{
    const SSL_SESSION *sess = s->session;

    if (sess == NULL || sess->params.version != TLS1_2_VERSION || !sess->params.ems
        || !kuma_session_usable(s, sess))
        return 0;
    *params = sess->params;
    return 1;
}

int kuma_session_ticket_to_offer(SSL *s, kuma_session_params *params, kuma_ticket *t)
{
    const SSL_SESSION *sess = s->session;
    long age;

    if (sess == NULL || sess->params.version != TLS1_3_VERSION || sess->ticket == NULL
        || !kuma_session_usable(s, sess))
        return 0;
    age = (long)time(NULL) - sess->time;
    *params = sess->params;
    t->ticket = sess->ticket;
    t->ticket_len = sess->ticket_len;
    t->lifetime = sess->lifetime_hint;
    t->age_add = sess->age_add;
    t->max_early_data = sess->max_early_data;
    /* seconds are all a session's time holds (as OpenSSL's DER form) */
    t->age_ms = age > 0 ? (uint32_t)age * 1000u : 0;
    return 1;
}
