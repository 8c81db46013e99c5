/*
 * kumassl: the TLS 1.3 server's side of 0-RTT (RFC 8446 sections 2.3,
 * 4.2.10, 8). Early data is accepted, as OpenSSL accepts it, when the
 * program reads it (SSL_read_early_data) and its allow callback agrees,
 * the ClientHello resumes with the first identity it offers a PSK that
 * invites early data (a ticket issued under SSL_CTX_set_max_early_data,
 * or an external PSK's session with SSL_SESSION_set_max_early_data), no
 * HelloRetryRequest came between, a ticket's ALPN protocol and server
 * name are the handshake's, the ticket's age is plausible, and the
 * identity carries early data for the first time (kuma_early_replay_admit,
 * unless SSL_OP_NO_ANTI_REPLAY). Accepted early data is read under the
 * client_early_traffic_secret up to EndOfEarlyData, at most
 * SSL_get_recv_max_early_data bytes (more is unexpected_message,
 * SSL_R_TOO_MUCH_EARLY_DATA). Rejected early data is skipped: records that
 * do not open under the handshake keys, up to that many bytes.
 */
#include <string.h>
#include <time.h>
#include "psk_int.h"
#include "psk_engine.h"
#include "early_int.h"
#include "events_int.h"
#include "ext_int.h"

/* The client's view of a ticket's age may differ from ours this much (OpenSSL's allowance). */
#define AGE_WINDOW_MS 10000
/* A PSK of the program's has no lifetime: the replay record keeps its use this long. */
#define EXTERNAL_PSK_REPLAY_S 7200

static uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void kuma13_early_context(SSL *s, unsigned char out[32])
{
    const char *alpn = kuma_ext_alpn_selected(s), *sni = kuma_ext_servername(s);
    br_sha256_context h;

    br_sha256_init(&h);
    br_sha256_update(&h, alpn != NULL ? alpn : "", alpn != NULL ? strlen(alpn) + 1 : 1);
    br_sha256_update(&h, sni != NULL ? sni : "", sni != NULL ? strlen(sni) + 1 : 1);
    br_sha256_out(&h, out);
}

/* 1 when a ticket's ALPN protocol and server name are those of this handshake. */
static int same_context(kuma13_conn *c)
{
    unsigned char now[32];

    if (c->psk_issued_ms == 0)
        return 1;                       /* an external PSK carries no context */
    kuma13_early_context(c->ssl, now);
    return kuma13_ct_equal(now, c->psk_context, sizeof now);
}

/* The identity the PSK in use was offered as, and its obfuscated age; 0, or -1. */
static int accepted_identity(const kuma13_client_hello *ch, const kuma13_conn *c,
                             kuma13_psk_identity *id)
{
    const kuma13_span *ext = &ch->exts.data[kuma13_ext_index(KUMA13_EXT_PRE_SHARED_KEY)];
    kuma13_psk_offer offer;

    if (kuma13_parse_psk_offer(ext->p, ext->len, &offer) != 0 || c->psk_identity >= offer.count)
        return -1;
    *id = offer.ids[c->psk_identity];
    return 0;
}

/* 1 when the PSK accepted may carry this early data. */
static int psk_admits(kuma13_conn *c, const kuma13_client_hello *ch)
{
    kuma13_psk_identity id;
    uint32_t lifetime = c->psk_issued_ms != 0 ? c->psk_lifetime : EXTERNAL_PSK_REPLAY_S;

    if (!c->resumed || c->psk_identity != 0 || c->hrr_seen || c->psk_max_early == 0
        || c->suite->id != c->psk_suite || !same_context(c) || accepted_identity(ch, c, &id) != 0)
        return 0;
    if (c->psk_issued_ms != 0
        && kuma13_ticket_age_check(id.obfuscated_age, c->psk_age_add, c->psk_issued_ms, now_ms(),
                                   c->psk_lifetime, AGE_WINDOW_MS) != KUMA13_AGE_OK)
        return 0;
    return kuma_early_server_wants(c->ssl)
        && kuma_early_replay_admit(c->ssl, id.identity.p, id.identity.len, lifetime, 0);
}

int kuma13_server_early_decide(kuma13_conn *c, const kuma13_client_hello *ch)
{
    unsigned char th[KUMA13_MAX_HASH];
    kuma13_schedule early;

    if (!KUMA13_HAS(&ch->exts, KUMA13_EXT_EARLY_DATA) || c->early_offered)
        return 0;
    if (ch->exts.data[kuma13_ext_index(KUMA13_EXT_EARLY_DATA)].len != 0)
        return kuma13_fail(c, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION, "malformed early_data");
    c->early_offered = 1;
    if (!psk_admits(c, ch)) {
        c->early_skip = kuma_early_settings(c->ssl)->recv_max_early_data;
        kuma_early_set_status(c->ssl, SSL_EARLY_DATA_REJECTED);
        return 0;
    }
    c->early_accepted = 1;
    kuma_early_set_status(c->ssl, SSL_EARLY_DATA_ACCEPTED);
    kuma13_schedule_early(&early, c->suite->hash, c->psk, c->psk_len);
    kuma13_transcript_hash(&c->tr, th);         /* ClientHello */
    kuma13_client_early_traffic_secret(&early, th, c->c_early);
    kuma13_schedule_clear(&early);
    kuma13_keylog(c, "CLIENT_EARLY_TRAFFIC_SECRET", c->c_early);
    return 0;
}

void kuma13_server_early_keys(kuma13_conn *c)
{
    if (!c->early_accepted)
        return;
    kuma13_cipher_init(&c->rd, c->suite, c->c_early);
    c->rd_epoch++;
    c->state = KUMA13_WAIT_EOED;
}

int kuma13_server_early_data(kuma13_conn *c, const unsigned char *data, size_t len)
{
    if (c->state != KUMA13_WAIT_EOED)
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_RECORD,
                           "application data during the handshake");
    if (!kuma_early_received(c->ssl, data, len))
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_TOO_MUCH_EARLY_DATA,
                           "more early data than SSL_set_recv_max_early_data allows");
    return 0;
}

int kuma13_server_early_skip(kuma13_conn *c, size_t record_len)
{
    size_t body = record_len - KUMA13_HDR_LEN;
    /* max_early_data_size counts the plaintext: at most the body less type and tag */
    size_t content = body > KUMA13_TAG_LEN + 1 ? body - KUMA13_TAG_LEN - 1 : 0;

    if (!c->early_offered || c->early_accepted || c->state == KUMA13_CONNECTED
        || content > c->early_skip)
        return 0;
    c->early_skip -= content;
    return 1;
}

int kuma13_server_end_of_early_data(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    if (len != 4)
        return kuma13_fail(c, SSL_AD_DECODE_ERROR, SSL_R_BAD_PACKET, "malformed EndOfEarlyData");
    kuma13_transcript_update(&c->tr, msg, len);
    kuma13_cipher_init(&c->rd, c->suite, c->c_hs);
    c->rd_epoch++;
    OPENSSL_cleanse(c->c_early, sizeof c->c_early);
    c->state = KUMA13_WAIT_CLIENT_FINISHED;     /* a PSK handshake: no client certificate */
    return 0;
}
