/*
 * kumassl: the TLS 1.3 server's session tickets (RFC 8446 sections 4.6.1,
 * 4.2.11, 2.2): NewSessionTicket after the handshake (SSL_CTX_set_num_tickets,
 * one after a resumption as OpenSSL), and resumption with psk_dhe_ke when a
 * ClientHello presents one of them.
 *
 * Tickets are stateless: the resumption PSK and what must match on
 * resumption (suite, issue time, lifetime, age_add) sealed with
 * ChaCha20-Poly1305 under the SSL_CTX's ticket key (drawn when the SSL_CTX
 * is made), a fresh random nonce per ticket. A ticket that does not open,
 * expired or belongs to a suite of another hash is ignored (a full
 * handshake follows); a binder that does not verify is illegal_parameter
 * (OpenSSL 3.0's alert for it).
 */
#include <string.h>
#include <time.h>
#include <openssl/rand.h>
#include "psk_int.h"
#include "psk_engine.h"

#define TICKET_VERSION 2
#define TICKET_IV 12
#define TICKET_TAG 16
#define TICKET_FIXED 56                 /* version, suite, time, age_add, lifetime, psk length,
                                           max early, ALPN and SNI digest */
#define TICKET_MAX_PLAIN (TICKET_FIXED + KUMA13_MAX_HASH)
#define TICKET_MAX (TICKET_IV + TICKET_MAX_PLAIN + TICKET_TAG)

static const char ticket_aad[] = "kumassl TLS 1.3 ticket";

static uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void put_be(unsigned char *p, uint64_t v, int n)
{
    while (n-- > 0) {
        p[n] = (unsigned char)v;
        v >>= 8;
    }
}

static uint64_t get_be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* What a ticket holds. */
typedef struct {
    uint16_t suite;
    uint64_t issued_ms;
    uint32_t age_add, lifetime;
    uint32_t max_early;                 /* the early data the ticket invites (its early_data extension) */
    unsigned char context[32];          /* kuma13_early_context() when it was issued */
    unsigned char psk[KUMA13_MAX_HASH];
    size_t psk_len;
} ticket;

/* Seals t into out (TICKET_MAX bytes); returns the ticket's length, 0 on failure. */
static size_t seal_ticket(const SSL_CTX *ctx, const ticket *t, unsigned char *out)
{
    unsigned char *plain = out + TICKET_IV;
    size_t len = TICKET_FIXED + t->psk_len;

    if (!ctx->ticket_key_ok || RAND_bytes(out, TICKET_IV) != 1)
        return 0;
    plain[0] = TICKET_VERSION;
    put_be(plain + 1, t->suite, 2);
    put_be(plain + 3, t->issued_ms, 8);
    put_be(plain + 11, t->age_add, 4);
    put_be(plain + 15, t->lifetime, 4);
    plain[19] = (unsigned char)t->psk_len;
    put_be(plain + 20, t->max_early, 4);
    memcpy(plain + 24, t->context, sizeof t->context);
    memcpy(plain + TICKET_FIXED, t->psk, t->psk_len);
    br_poly1305_ctmul_run(ctx->ticket_key, out, plain, len, ticket_aad, sizeof ticket_aad,
                          plain + len, br_chacha20_ct_run, 1);
    return TICKET_IV + len + TICKET_TAG;
}

/* Opens a ticket sealed under ctx's key; 1 and *t, or 0 when it is not one of ours. */
static int open_ticket(const SSL_CTX *ctx, const unsigned char *in, size_t in_len, ticket *t)
{
    unsigned char buf[TICKET_MAX], tag[TICKET_TAG];
    unsigned char *plain = buf + TICKET_IV;
    size_t len;
    int ok;

    if (!ctx->ticket_key_ok || in_len < TICKET_IV + TICKET_FIXED + TICKET_TAG || in_len > TICKET_MAX)
        return 0;
    memcpy(buf, in, in_len);
    len = in_len - TICKET_IV - TICKET_TAG;
    br_poly1305_ctmul_run(ctx->ticket_key, buf, plain, len, ticket_aad, sizeof ticket_aad, tag,
                          br_chacha20_ct_run, 0);
    ok = kuma13_ct_equal(tag, plain + len, TICKET_TAG) && plain[0] == TICKET_VERSION
        && (size_t)TICKET_FIXED + plain[19] == len;
    if (ok) {
        t->suite = (uint16_t)get_be(plain + 1, 2);
        t->issued_ms = get_be(plain + 3, 8);
        t->age_add = (uint32_t)get_be(plain + 11, 4);
        t->lifetime = (uint32_t)get_be(plain + 15, 4);
        t->psk_len = plain[19];
        t->max_early = (uint32_t)get_be(plain + 20, 4);
        memcpy(t->context, plain + 24, sizeof t->context);
        memcpy(t->psk, plain + TICKET_FIXED, t->psk_len);
    }
    OPENSSL_cleanse(buf, sizeof buf);
    return ok;
}

/* ---- NewSessionTicket ------------------------------------------------------------------- */

static int send_ticket(kuma13_conn *c, uint64_t n)
{
    unsigned char nonce[8], sealed[TICKET_MAX], msg[64 + TICKET_MAX];
    long timeout = SSL_CTX_get_timeout(c->ticket_ctx);
    size_t sealed_len, mark, ext;
    kuma13_wr w;
    ticket t;
    int ok;

    memset(&t, 0, sizeof t);
    put_be(nonce, n, 8);
    t.suite = c->suite->id;
    t.issued_ms = now_ms();
    t.lifetime = timeout > 0 && timeout < 604800 ? (uint32_t)timeout : 604800;  /* 7 days at most */
    t.psk_len = c->ks.hlen;
    t.max_early = SSL_get_max_early_data(c->ssl);   /* as OpenSSL: the limit when the ticket is made */
    kuma13_early_context(c->ssl, t.context);
    kuma13_expand_label(c->suite->hash, c->resumption, "resumption", nonce, sizeof nonce, t.psk,
                        t.psk_len);
    if (RAND_bytes((unsigned char *)&t.age_add, sizeof t.age_add) != 1)
        return 0;
    sealed_len = seal_ticket(c->ticket_ctx, &t, sealed);
    OPENSSL_cleanse(&t.psk, sizeof t.psk);
    if (sealed_len == 0)
        return 0;
    kuma13_wr_init(&w, msg, sizeof msg);
    mark = kuma13_write_begin(&w, KUMA13_HS_NEW_SESSION_TICKET);
    kuma13_wr_u32(&w, t.lifetime);
    kuma13_wr_u32(&w, t.age_add);
    kuma13_wr_u8(&w, sizeof nonce);
    kuma13_wr_bytes(&w, nonce, sizeof nonce);
    kuma13_wr_u16(&w, (unsigned)sealed_len);
    kuma13_wr_bytes(&w, sealed, sealed_len);
    ext = kuma13_wr_open(&w, 2);
    if (t.max_early > 0)
        kuma13_write_early_data_ticket(&w, t.max_early);
    kuma13_wr_close(&w, ext, 2);
    kuma13_write_end(&w, mark);
    ok = w.err == 0 && kuma13_send(c, KUMA13_CT_HANDSHAKE, msg, w.len);
    return ok;
}

int kuma13_send_tickets(kuma13_conn *c)
{
    size_t n = c->ssl->cfg.num_tickets, i;

    if (c->resumed && n > 1)
        n = 1;                          /* as OpenSSL: one ticket replaces the one used */
    for (i = 0; i < n; i++)
        if (!send_ticket(c, i))
            return 0;
    return 1;
}

/* ---- resumption ---------------------------------------------------------------------------- */

static int offers_psk_dhe(const kuma13_client_hello *ch)
{
    size_t i;

    for (i = 0; i < ch->psk_modes.len; i++)
        if (ch->psk_modes.p[i] == 1)    /* psk_dhe_ke */
            return 1;
    return 0;
}

/* The first identity that is a live ticket of ours for this suite's hash; -1 when none. */
static int find_ticket(kuma13_conn *c, kuma13_rd ids, ticket *t)
{
    uint64_t now = now_ms();
    int i;

    for (i = 0; ids.len > 0 && !ids.err; i++) {
        kuma13_rd id = kuma13_rd_vec(&ids, 2, 1);
        const kuma13_suite *ts;

        kuma13_rd_u32(&ids);            /* obfuscated_ticket_age: only early data needs it */
        if (ids.err || !open_ticket(c->ticket_ctx, id.p, id.len, t))
            continue;
        ts = kuma13_suite_by_id(t->suite);
        if (ts != NULL && ts->hash == c->suite->hash && t->psk_len == kuma13_hash_len(c->suite->hash)
            && now >= t->issued_ms && now - t->issued_ms <= (uint64_t)t->lifetime * 1000)
            return i;
        OPENSSL_cleanse(t, sizeof *t);
    }
    return -1;
}

/* The binder of identity idx over the ClientHello up to the binders (section 4.2.11.2). */
static int check_binder(kuma13_conn *c, kuma13_rd binders, int idx, const ticket *t,
                        const unsigned char *msg, size_t truncated)
{
    kuma13_transcript tr = c->tr;
    kuma13_schedule ks;
    unsigned char th[KUMA13_MAX_HASH], key[KUMA13_MAX_HASH];
    kuma13_rd b = { NULL, 0, KUMA13_AL_DECODE_ERROR };
    int i, ok;

    for (i = 0; i <= idx; i++)
        b = kuma13_rd_vec(&binders, 1, 32);
    if (binders.err)
        return kuma13_fail(c, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION, "fewer binders than PSKs");
    kuma13_transcript_update(&tr, msg, truncated);
    kuma13_transcript_hash(&tr, th);
    kuma13_schedule_early(&ks, c->suite->hash, t->psk, t->psk_len);
    kuma13_schedule_derive(&ks, "res binder", NULL, key);
    ok = kuma13_finished_check(c->suite->hash, key, th, b.p, b.len);
    kuma13_schedule_clear(&ks);
    OPENSSL_cleanse(key, sizeof key);
    if (!ok)
        return kuma13_fail_in(c, "tls_psk_do_binder", SSL_AD_ILLEGAL_PARAMETER,
                              SSL_R_BINDER_DOES_NOT_VERIFY, "the PSK binder does not verify");
    return 0;
}

int kuma13_accept_psk(kuma13_conn *c, const kuma13_client_hello *ch, const unsigned char *msg)
{
    const kuma13_span *ext = &ch->exts.data[kuma13_ext_index(KUMA13_EXT_PRE_SHARED_KEY)];
    kuma13_rd r, ids, binders;
    ticket t;
    int idx;

    if (!KUMA13_HAS(&ch->exts, KUMA13_EXT_PRE_SHARED_KEY) || !offers_psk_dhe(ch))
        return 0;
    kuma13_rd_init(&r, ext->p, ext->len);
    ids = kuma13_rd_vec(&r, 2, 7);
    binders = kuma13_rd_vec(&r, 2, 33);
    if (kuma13_rd_end(&r))
        return kuma13_fail_decode(c, SSL_AD_DECODE_ERROR, "malformed pre_shared_key");
    idx = find_ticket(c, ids, &t);
    if (idx < 0)
        return 0;
    /* the binders close the message: the partial ClientHello ends where their vector begins */
    if (check_binder(c, binders, idx, &t, msg, (size_t)(binders.p - 2 - msg)) < 0) {
        OPENSSL_cleanse(&t, sizeof t);
        return -1;
    }
    memcpy(c->psk, t.psk, t.psk_len);
    c->psk_len = t.psk_len;
    c->psk_max_early = t.max_early;
    c->psk_suite = t.suite;
    memcpy(c->psk_context, t.context, sizeof c->psk_context);
    c->psk_lifetime = t.lifetime;
    c->psk_age_add = t.age_add;
    c->psk_issued_ms = t.issued_ms;
    c->resumed = 1;
    c->psk_identity = (uint16_t)idx;
    OPENSSL_cleanse(&t, sizeof t);
    return 0;
}
