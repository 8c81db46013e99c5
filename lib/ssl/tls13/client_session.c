/*
 * kumassl: a TLS 1.3 client's sessions (RFC 8446 sections 4.6.1, 4.2.11,
 * 2.2): each NewSessionTicket becomes a session (session_ticket.c), and a
 * session set with SSL_set_session is offered as a resumption PSK with
 * psk_dhe_ke: its ticket with the obfuscated age and a binder over the
 * truncated ClientHello, kept for the second ClientHello after a
 * HelloRetryRequest when the suite's hash allows.
 */
#include <string.h>
#include "psk_int.h"
#include "psk_engine.h"

/* The session a client offers: a ticket (TLS 1.3), or a TLS 1.2 session ID (ticket NULL). */
struct kuma13_resume {
    const kuma13_suite *suite;          /* the session's: its hash is the PSK's and the binder's */
    uint32_t max_early_data;            /* the ticket's: 0-RTT allowed up to that */
    unsigned char psk[KUMA13_MAX_HASH];
    size_t psk_len;
    unsigned char *ticket;
    size_t ticket_len;
    uint32_t obfuscated_age;
    uint16_t suite12;                   /* the TLS 1.2 session's suite */
    unsigned char master12[KUMA12_MASTER_LEN];
};

/* 1 when one of the TLS 1.3 suites c offers has hash h. */
static int offers_hash(const kuma13_conn *c, const br_hash_class *h)
{
    size_t i;

    for (i = 0; i < c->num_suites; i++) {
        const kuma13_suite *s = kuma13_suite_by_id(c->suites[i]);

        if (s != NULL && s->hash == h)
            return 1;
    }
    return 0;
}

/* A TLS 1.2 session (with EMS) whose suite is offered: its ID goes in the ClientHello. */
static int prepare_tls12(kuma13_conn *c)
{
    kuma_session_params p;
    kuma13_resume *r;

    if (!kuma_session_ems_to_offer(c->ssl, &p)
        || !kuma13_u16_in(c->suites + c->num_suites, c->num_suites12, p.cipher_suite))
        return 1;
    if ((r = calloc(1, sizeof *r)) == NULL)
        return 0;
    r->suite12 = p.cipher_suite;
    memcpy(r->master12, p.master_secret, sizeof r->master12);
    memcpy(c->session_id, p.session_id, p.session_id_len);
    c->session_id_len = p.session_id_len;
    OPENSSL_cleanse(&p, sizeof p);
    c->resume = r;
    return 1;
}

int kuma13_client_resume12(kuma13_conn *c, uint16_t suite)
{
    kuma13_resume *r = c->resume;

    if (r == NULL || r->ticket != NULL)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_INVALID_SESSION_ID,
                           "the server resumes a session that was not offered");
    if (suite != r->suite12)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_OLD_SESSION_CIPHER_NOT_RETURNED,
                           "the server resumes the session with another cipher suite");
    memcpy(c->master, r->master12, sizeof c->master);
    c->resumed = 1;
    return 0;
}

int kuma13_client_resume_prepare(kuma13_conn *c)
{
    kuma_session_params p;
    kuma_ticket t;
    const kuma13_suite *suite;
    kuma13_resume *r;

    if (!kuma_session_ticket_to_offer(c->ssl, &p, &t))
        return c->num_suites12 > 0 ? prepare_tls12(c) : 1;
    suite = kuma13_suite_by_id(p.cipher_suite);
    if (suite == NULL || !offers_hash(c, suite->hash))
        return 1;                       /* a full handshake, as OpenSSL's when the suite is gone */
    if ((r = calloc(1, sizeof *r)) == NULL || (r->ticket = malloc(t.ticket_len)) == NULL) {
        free(r);
        return 0;
    }
    r->suite = suite;
    r->max_early_data = t.max_early_data;
    r->psk_len = kuma13_hash_len(suite->hash);
    memcpy(r->psk, p.master_secret, r->psk_len);
    memcpy(r->ticket, t.ticket, t.ticket_len);
    r->ticket_len = t.ticket_len;
    r->obfuscated_age = kuma13_obfuscate_age(t.age_ms, t.age_add);
    OPENSSL_cleanse(&p, sizeof p);
    c->resume = r;
    return 1;
}

void kuma13_client_resume_clear(kuma13_conn *c)
{
    kuma13_resume *r = c->resume;

    if (r == NULL)
        return;
    free(r->ticket);
    OPENSSL_cleanse(r, sizeof *r);
    free(r);
    c->resume = NULL;
}

int kuma13_client_resume_offer(const kuma13_conn *c, kuma13_offered_psk *k)
{
    const kuma13_resume *r = c->resume;

    if (r == NULL || r->ticket == NULL)
        return 0;
    memset(k, 0, sizeof *k);
    k->suite = r->suite;
    k->key = r->psk;
    k->key_len = r->psk_len;
    k->max_early_data = r->max_early_data;
    k->entry.identity = r->ticket;
    k->entry.identity_len = r->ticket_len;
    k->entry.obfuscated_age = r->obfuscated_age;
    k->entry.binder_len = r->psk_len;
    return 1;
}

/* Room the offer adds to a ClientHello. */
size_t kuma13_client_resume_room(const kuma13_conn *c)
{
    return c->resume != NULL ? 16 + c->resume->ticket_len + KUMA13_MAX_HASH : 0;
}

void kuma13_client_resume_after_hrr(kuma13_conn *c, const kuma13_suite *suite)
{
    if (c->resume != NULL && (c->resume->ticket == NULL || c->resume->suite->hash != suite->hash))
        kuma13_client_resume_clear(c);  /* section 4.1.4: the PSK must fit the suite */
}

int kuma13_client_ticket(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_new_session_ticket t;
    kuma_session_params p;
    kuma_ticket kt;
    int err = kuma13_parse_new_session_ticket(msg + 4, len - 4, &t), ok;

    if (err)
        return kuma13_fail_decode(c, err, "malformed NewSessionTicket");
    /* lifetime 0: discard at once (section 4.6.1); very large tickets are not kept */
    if (t.lifetime == 0 || t.ticket.len > KUMA_TICKET_MAX)
        return 0;
    memset(&p, 0, sizeof p);
    p.version = TLS1_3_VERSION;
    p.cipher_suite = c->suite->id;
    kuma13_resumption_psk(c->suite->hash, c->resumption, t.nonce.p, t.nonce.len, p.master_secret);
    kt.ticket = t.ticket.p;
    kt.ticket_len = t.ticket.len;
    kt.lifetime = t.lifetime;
    kt.age_add = t.age_add;
    kt.max_early_data = t.max_early_data;
    kt.age_ms = 0;
    ok = kuma_session_add_ticket(c->ssl, &p, &kt);
    OPENSSL_cleanse(&p, sizeof p);
    return ok ? 0 : kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_MALLOC_FAILURE,
                                "out of memory for a session");
}
