/*
 * kumassl: the TLS 1.3 server's answer to a ClientHello (RFC 8446 section
 * 4.1): the cipher suite by the server's preference, the client's first
 * key share in a group the server accepts, the signature scheme for the
 * server's key, or a HelloRetryRequest (with a cookie) naming a group of
 * the client's supported_groups when none of its shares will do; then the
 * ServerHello and the handshake keys. What the ClientHello lacks or gets
 * wrong is answered with OpenSSL's alerts and reasons.
 */
#include <string.h>
#include <openssl/rand.h>
#include "tls13_int.h"
#include "psk_engine.h"

/* OpenSSL's default order of preference. */
static const uint16_t default_suites[] = { 0x1302, 0x1303, 0x1301 };
static const uint16_t default_groups[] = {
    KUMA13_GROUP_X25519, KUMA13_GROUP_P256, KUMA13_GROUP_P521, KUMA13_GROUP_P384
};

#define COOKIE_LEN 32

int kuma13_server_start(kuma13_conn *c)
{
    SSL *s = c->ssl;
    const kuma_creds *src = s->creds.cert != NULL ? &s->creds : &s->ctx->creds;

    /* a server with PSK callbacks may serve PSK clients only (s_server -nocert) */
    if (src->cert == NULL && !kuma13_server_has_psk(s)) {
        ERR_raise(ERR_LIB_SSL, SSL_R_NO_CERTIFICATE_ASSIGNED);
        return 0;
    }
    if (src->cert != NULL && src->key == NULL) {
        ERR_raise(ERR_LIB_SSL, SSL_R_NO_PRIVATE_KEY_ASSIGNED);
        return 0;
    }
    c->plain_sent = 1;                  /* a server's records all say TLS 1.2 (section 5.1) */
    c->ticket_ctx = s->ctx;             /* as OpenSSL's session_ctx: before any SSL_set_SSL_CTX */
    c->state = KUMA13_WAIT_CH;
    c->picking = 1;
    if (!kuma13_pick_start(c))
        return 0;
    if (c->br_shadow == NULL)           /* else BearSSL's engine counted it as it started */
        (void)kuma_session_server_cache(s);     /* the accept statistic, the session SSL_CTX */
    return 1;
}

void kuma13_server_clear(kuma13_conn *c)
{
    kuma13_pick_clear(c);
    kuma_creds_clear(&c->creds);
    kuma13_client_clear(c);             /* the secrets, keys and buffers both roles have */
}

/* The first of the server's suites (SSL_CTX_set_ciphersuites, else OpenSSL's order) the client offers. */
const kuma13_suite *kuma13_server_choose_suite(const kuma13_conn *c, const kuma13_client_hello *ch,
                                               const br_hash_class *hash)
{
    const kuma_config *cfg = &c->ssl->cfg;
    const uint16_t *ours = cfg->tls13_suites_set ? cfg->tls13_suites : default_suites;
    size_t n = cfg->tls13_suites_set ? cfg->num_tls13_suites : 3, i;

    for (i = 0; i < n; i++)
        if (kuma13_span_has_u16(&ch->suites, ours[i])
            && (hash == NULL || kuma13_suite_by_id(ours[i])->hash == hash))
            return kuma13_suite_by_id(ours[i]);
    return NULL;
}

/* The groups the server accepts (SSL_CTX_set1_groups_list, else the default) that kumassl has. */
static size_t server_groups(const kuma13_conn *c, uint16_t *out)
{
    uint16_t ids[KUMA_MAX_GROUPS];
    size_t n = kuma_ext_groups(c->ssl, ids), i, k = 0;

    if (n == 0) {
        memcpy(ids, default_groups, sizeof default_groups);
        n = sizeof default_groups / sizeof default_groups[0];
    }
    for (i = 0; i < n; i++)
        if (kuma13_group_supported(ids[i]))
            out[k++] = ids[i];
    return k;
}

/* What the ClientHello's key exchange comes to: a share to use, or a group to ask for. */
typedef struct {
    uint16_t group;
    kuma13_span pub;                    /* empty: ask for group with a HelloRetryRequest */
} key_choice;

/* The client's first share in a group we accept; 0, or an alert (a share outside its own groups). */
static int pick_share(const kuma13_client_hello *ch, const uint16_t *ours, size_t n,
                      key_choice *kc)
{
    kuma13_rd r;

    kuma13_rd_init(&r, ch->key_shares.p, ch->key_shares.len);
    while (r.len > 0) {
        uint16_t g = (uint16_t)kuma13_rd_u16(&r);
        kuma13_rd pub = kuma13_rd_vec(&r, 2, 1);

        if (!kuma13_span_has_u16(&ch->groups, g))
            return SSL_AD_ILLEGAL_PARAMETER;    /* section 4.2.8 */
        if (kc->pub.len == 0 && kuma13_u16_in(ours, n, g)) {
            kc->group = g;
            kc->pub.p = pub.p;
            kc->pub.len = pub.len;
        }
    }
    return 0;
}

/* The client's first supported group we accept, for a HelloRetryRequest; 0 when none. */
static uint16_t pick_retry_group(const kuma13_client_hello *ch, const uint16_t *ours, size_t n)
{
    size_t i;

    for (i = 0; i + 1 < ch->groups.len; i += 2) {
        uint16_t g = (uint16_t)(ch->groups.p[i] << 8 | ch->groups.p[i + 1]);

        if (kuma13_u16_in(ours, n, g))
            return g;
    }
    return 0;
}

static int choose_key(kuma13_conn *c, const kuma13_client_hello *ch, key_choice *kc)
{
    uint16_t ours[KUMA_MAX_GROUPS];
    size_t n = server_groups(c, ours);
    int sent = KUMA13_HAS(&ch->exts, KUMA13_EXT_KEY_SHARE);

    memset(kc, 0, sizeof *kc);
    if (!KUMA13_HAS(&ch->exts, KUMA13_EXT_SUPPORTED_GROUPS))
        return kuma13_fail_in(c, "tls_parse_ctos_key_share",
                              SSL_AD_MISSING_EXTENSION, SSL_R_MISSING_SUPPORTED_GROUPS_EXTENSION,
                              "ClientHello without supported_groups");
    if (pick_share(ch, ours, n, kc))
        return kuma13_fail_in(c, "tls_parse_ctos_key_share",
                              SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_KEY_SHARE,
                              "a key share in a group the client does not support");
    if (c->state == KUMA13_WAIT_CH2 && (kc->pub.len == 0 || kc->group != c->share.group))
        return kuma13_fail_in(c, "tls_parse_ctos_key_share", SSL_AD_ILLEGAL_PARAMETER,
                              SSL_R_BAD_KEY_SHARE,
                              "the second ClientHello has no share of the group asked for");
    if (kc->pub.len > 0)
        return 0;
    if (sent && c->state == KUMA13_WAIT_CH && (kc->group = pick_retry_group(ch, ours, n)) != 0)
        return 0;
    return kuma13_fail_in(c, "final_key_share",
                          sent ? SSL_AD_HANDSHAKE_FAILURE : SSL_AD_MISSING_EXTENSION,
                          SSL_R_NO_SUITABLE_KEY_SHARE, "no key share in a group both sides support");
}

/* Checks the ClientHello is one TLS 1.3 can answer: version, compression, suite, signatures. */
static int check_client_hello(kuma13_conn *c, const kuma13_client_hello *ch)
{
    const kuma13_suite *suite;

    if (!ch->offers_tls13)
        return kuma13_fail_in(c, "tls_early_post_process_client_hello",
                              SSL_AD_PROTOCOL_VERSION, SSL_R_UNSUPPORTED_PROTOCOL,
                              "the client does not offer TLS 1.3, the only version enabled");
    if (!ch->has_null_compression)
        return kuma13_fail_in(c, "tls_early_post_process_client_hello",
                              SSL_AD_ILLEGAL_PARAMETER, SSL_R_INVALID_COMPRESSION_ALGORITHM,
                              "TLS 1.3 needs the null compression method");
    suite = kuma13_server_choose_suite(c, ch, NULL);
    if (suite == NULL)
        return kuma13_fail_in(c, "tls_post_process_client_hello",
                              SSL_AD_HANDSHAKE_FAILURE, SSL_R_NO_SHARED_CIPHER,
                              "no TLS 1.3 cipher suite in common");
    /* the retry's suite stands (a PSK's hash may have made it other than our first choice) */
    if (c->hrr_seen && kuma13_span_has_u16(&ch->suites, c->hrr_suite))
        suite = kuma13_suite_by_id(c->hrr_suite);
    if (c->hrr_seen && suite->id != c->hrr_suite)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_CIPHER,
                           "the second ClientHello changes the cipher suite");
    if (!KUMA13_HAS(&ch->exts, KUMA13_EXT_SIGNATURE_ALGORITHMS))
        return kuma13_fail_in(c, "final_sig_algs",
                              SSL_AD_MISSING_EXTENSION, SSL_R_MISSING_SIGALGS_EXTENSION,
                              "ClientHello without signature_algorithms");
    /* without a key (a PSK-only server) only a PSK can authenticate: see client_hello() */
    c->scheme = c->creds.key != NULL
                ? kuma13_choose_scheme(c->creds.key, ch->sig_algs.p, ch->sig_algs.len) : 0;
    if (c->scheme == 0 && c->creds.key != NULL)
        return kuma13_fail_in(c, "tls_choose_sigalg",
                              SSL_AD_HANDSHAKE_FAILURE, SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM,
                              "no signature scheme the client accepts fits the server's key");
    c->suite = suite;
    return 0;
}

/* The second ClientHello answers the HelloRetryRequest: our cookie back. */
static int check_cookie(kuma13_conn *c, const kuma13_client_hello *ch)
{
    if (!KUMA13_HAS(&ch->exts, KUMA13_EXT_COOKIE))
        return kuma13_fail(c, SSL_AD_MISSING_EXTENSION, SSL_R_BAD_EXTENSION,
                           "the second ClientHello lacks the cookie");
    if (ch->cookie.len != c->cookie_len || !kuma13_ct_equal(ch->cookie.p, c->cookie, c->cookie_len))
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_EXTENSION,
                           "the second ClientHello changes the cookie");
    return 0;
}

/* ServerHello or HelloRetryRequest (section 4.1.3, 4.1.4); share NULL for a retry. */
static int send_server_hello(kuma13_conn *c, uint16_t group, const kuma13_keyshare *share)
{
    unsigned char buf[256 + KUMA13_MAX_PUB + COOKIE_LEN], random[32];
    int hrr = share == NULL && !c->psk_ke;
    kuma13_wr w;
    size_t msg, exts, ext;

    if (!hrr && RAND_bytes(random, sizeof random) != 1)
        return 0;
    kuma13_wr_init(&w, buf, sizeof buf);
    msg = kuma13_write_begin(&w, KUMA13_HS_SERVER_HELLO);
    kuma13_wr_u16(&w, KUMA13_TLS12);
    kuma13_wr_bytes(&w, !hrr ? random : kuma13_hrr_random, 32);
    kuma13_wr_u8(&w, (unsigned)c->session_id_len);
    kuma13_wr_bytes(&w, c->session_id, c->session_id_len);
    kuma13_wr_u16(&w, c->suite->id);
    kuma13_wr_u8(&w, 0);
    exts = kuma13_wr_open(&w, 2);
    kuma13_wr_u16(&w, KUMA13_EXT_SUPPORTED_VERSIONS);
    kuma13_wr_u16(&w, 2);
    kuma13_wr_u16(&w, KUMA13_TLS13);
    if (!c->psk_ke) {                   /* psk_ke: no key share (section 4.2.8) */
        kuma13_wr_u16(&w, KUMA13_EXT_KEY_SHARE);
        ext = kuma13_wr_open(&w, 2);
        kuma13_wr_u16(&w, group);
        if (share != NULL) {
            kuma13_wr_u16(&w, (unsigned)share->pub_len);
            kuma13_wr_bytes(&w, share->pub, share->pub_len);
        }
        kuma13_wr_close(&w, ext, 2);
    }
    if (hrr) {
        kuma13_wr_u16(&w, KUMA13_EXT_COOKIE);
        ext = kuma13_wr_open(&w, 2);
        kuma13_wr_u16(&w, (unsigned)c->cookie_len);
        kuma13_wr_bytes(&w, c->cookie, c->cookie_len);
        kuma13_wr_close(&w, ext, 2);
    }
    if (!hrr && c->resumed) {
        kuma13_wr_u16(&w, KUMA13_EXT_PRE_SHARED_KEY);
        kuma13_wr_u16(&w, 2);
        kuma13_wr_u16(&w, c->psk_identity);
    }
    kuma13_wr_close(&w, exts, 2);
    kuma13_write_end(&w, msg);
    return w.err == 0 && kuma13_send_handshake(c, buf, w.len);
}

/* No share will do: ask for one in group (section 4.1.4), with a cookie to see it answered. */
static int hello_retry(kuma13_conn *c, uint16_t group)
{
    c->cookie = malloc(COOKIE_LEN);
    if (c->cookie == NULL || RAND_bytes(c->cookie, COOKIE_LEN) != 1)
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "no cookie");
    c->cookie_len = COOKIE_LEN;
    c->hrr_seen = 1;
    c->hrr_suite = c->suite->id;
    c->share.group = group;             /* the group the second ClientHello must use */
    kuma13_transcript_restart_hrr(&c->tr);
    if (!send_server_hello(c, group, NULL) || !kuma13_send_ccs(c))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR,
                           "could not send the HelloRetryRequest");
    c->state = KUMA13_WAIT_CH2;
    return 0;
}

/* The share chosen (none with psk_ke): ServerHello, the handshake keys, then the rest of the flight. */
static int answer(kuma13_conn *c, const key_choice *kc)
{
    unsigned char dhe[KUMA13_MAX_PUB];
    size_t dhe_len = 0;
    int alert;

    if (!c->psk_ke && !kuma13_keyshare_make(&c->share, kc->group))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "no key share");
    if (!c->psk_ke
        && (dhe_len = kuma13_keyshare_derive(&c->share, kc->pub.p, kc->pub.len, dhe, &alert)) == 0)
        return kuma13_fail(c, alert, SSL_R_BAD_KEY_SHARE, "the client's key share is invalid");
    if (!send_server_hello(c, kc->group, c->psk_ke ? NULL : &c->share)) {
        OPENSSL_cleanse(dhe, sizeof dhe);
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR,
                           "could not send the ServerHello");
    }
    c->group = c->psk_ke ? 0 : kc->group;      /* SSL_get_negotiated_group */
    kuma13_handshake_keys(c, c->psk_ke ? NULL : dhe, dhe_len);
    OPENSSL_cleanse(dhe, sizeof dhe);
    kuma13_keyshare_clear(&c->share);
    if (!kuma13_send_ccs(c))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "no room for CCS");
    return kuma13_server_flight(c);
}

/*
 * Our certificate and chain at the connection's security level (a level
 * raised since loading), as BearSSL's engine checks them: OpenSSL fails
 * with internal_error when it writes the Certificate; here the check comes
 * before the ServerHello, so the alert goes out in plaintext.
 */
static int creds_secure(kuma13_conn *c, const kuma_creds *src)
{
    int reason;

    ERR_set_mark();
    if (kuma_creds_secure(src, c->ssl->cfg.security_level)) {
        ERR_pop_to_mark();
        return 1;
    }
    reason = ERR_GET_REASON(ERR_peek_last_error());
    ERR_pop_to_mark();
    kuma13_fail(c, SSL_AD_INTERNAL_ERROR, reason, "our certificate is below the security level");
    return 0;
}

/* Takes the credentials in force now that the servername callback has run. */
static int take_creds(kuma13_conn *c)
{
    SSL *s = c->ssl;
    const kuma_creds *src = s->creds.cert != NULL ? &s->creds : &s->ctx->creds;

    if (c->creds.cert != NULL || (src->cert == NULL && kuma13_server_has_psk(s)))
        return 0;
    if (src->cert == NULL || src->key == NULL)
        return kuma13_fail(c, SSL_AD_HANDSHAKE_FAILURE, src->cert == NULL
                           ? SSL_R_NO_CERTIFICATE_ASSIGNED : SSL_R_NO_PRIVATE_KEY_ASSIGNED,
                           "no certificate and key to present");
    if (!creds_secure(c, src))
        return -1;
    if (!kuma_creds_snapshot(&c->creds, src))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_MALLOC_FAILURE, "out of memory");
    return 0;
}

static int client_hello(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_client_hello ch;
    key_choice kc;
    int err = kuma13_parse_client_hello(msg + 4, len - 4, &ch);

    if (err)
        return kuma13_fail_decode(c, err, "malformed ClientHello");
    if (take_creds(c) < 0 || check_client_hello(c, &ch) < 0
        || (c->state == KUMA13_WAIT_CH2 && check_cookie(c, &ch) < 0)
        || kuma13_server_psk_find(c, &ch) < 0)
        return -1;
    c->psk_ke = kuma13_server_psk_ke(c, &ch);
    memset(&kc, 0, sizeof kc);
    if (!c->psk_ke && choose_key(c, &ch, &kc) < 0)
        return -1;
    if (c->state == KUMA13_WAIT_CH) {
        memcpy(c->random, ch.random, 32);
        memcpy(c->session_id, ch.session_id.p, ch.session_id.len);
        c->session_id_len = ch.session_id.len;
        kuma13_transcript_select(&c->tr, c->suite->hash);
    }
    /* a PSK is judged in the ClientHello answered: not in one a HelloRetryRequest answers */
    if ((c->psk_ke || kc.pub.len > 0)
        && (kuma13_server_psk_accept(c, &ch, msg, len) < 0
            || (!c->resumed && kuma13_accept_psk(c, &ch, msg) < 0)))
        return -1;
    if (c->creds.key == NULL && !c->resumed && (kc.pub.len > 0 || c->ext_psk == NULL))
        return kuma13_fail_in(c, "tls_choose_sigalg", SSL_AD_HANDSHAKE_FAILURE,
                              SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM,
                              "no certificate, and no PSK the server knows");
    kuma13_transcript_update(&c->tr, msg, len);
    if (kuma13_server_early_decide(c, &ch) < 0)
        return -1;
    return !c->psk_ke && kc.pub.len == 0 ? hello_retry(c, kc.group) : answer(c, &kc);
}

int kuma13_server_handle(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    if (c->state == KUMA13_WAIT_CH || c->state == KUMA13_WAIT_CH2) {
        if (msg[0] == KUMA13_HS_CLIENT_HELLO)
            return client_hello(c, msg, len);
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_MESSAGE,
                           "unexpected handshake message");
    }
    return kuma13_server_client_flight(c, msg, len);
}
