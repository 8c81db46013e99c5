/*
 * kumassl: the TLS 1.3 client handshake (RFC 8446 section 2 and 4):
 * ClientHello with one key share, a HelloRetryRequest answered once,
 * ServerHello and the handshake keys, EncryptedExtensions, the server's
 * Certificate (checked by peer_chain.c) and CertificateVerify, Finished,
 * then the client's Certificate and CertificateVerify when the server
 * asked for them, its Finished and the application keys. Middlebox
 * compatibility (a legacy session id and a ChangeCipherSpec) as OpenSSL
 * does it by default.
 */
#include <string.h>
#include <openssl/rand.h>
#include "psk_int.h"
#include "psk_engine.h"

/* What a ClientHello offers, in OpenSSL's default order of preference. */
static const uint16_t default_suites[] = { 0x1302, 0x1303, 0x1301 };
static const uint16_t default_groups[] = {
    KUMA13_GROUP_X25519, KUMA13_GROUP_P256, KUMA13_GROUP_P521, KUMA13_GROUP_P384
};
/* ECDSA and RSA-PSS sign CertificateVerify; PKCS #1 v1.5 only certificates (section 4.2.3). */
static const uint16_t sig_algs[] = {
    0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601
};

/* The suites and groups in force: the program's (SSL_CTX_set_ciphersuites, SSL_CTX_set1_groups) or the defaults. */
static int choose_offer(kuma13_conn *c)
{
    const kuma_config *cfg = &c->ssl->cfg;
    uint16_t ids[KUMA_MAX_GROUPS];
    size_t n = kuma_ext_groups(c->ssl, ids), i;

    if (cfg->tls13_suites_set) {
        memcpy(c->suites, cfg->tls13_suites, cfg->num_tls13_suites * sizeof c->suites[0]);
        c->num_suites = cfg->num_tls13_suites;
    } else {
        memcpy(c->suites, default_suites, sizeof default_suites);
        c->num_suites = 3;
    }
    if (n == 0) {
        memcpy(ids, default_groups, sizeof default_groups);
        n = sizeof default_groups / sizeof default_groups[0];
    }
    for (i = 0; i < n; i++)
        if (kuma13_group_supported(ids[i]))
            c->groups[c->num_groups++] = ids[i];
    if (kuma13_config_offers_tls12(cfg))
        for (i = 0; i < cfg->suites.num && c->num_suites12 < KUMA12_MAX_SUITES; i++)
            if (kuma12_suite_by_id(cfg->suites.ids[i]) != NULL)
                c->suites[c->num_suites + c->num_suites12++] = cfg->suites.ids[i];
    if (c->num_suites + c->num_suites12 == 0) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_NO_CIPHERS_AVAILABLE, "no TLS 1.3 cipher suite enabled");
        return 0;
    }
    if (c->num_groups == 0) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_NO_SHARED_GROUPS, "no TLS 1.3 group kumassl supports");
        return 0;
    }
    return 1;
}

/* Builds and queues a ClientHello (the first, or the second after a HelloRetryRequest). */
static int send_client_hello(kuma13_conn *c)
{
    kuma13_client_hello_params p;
    kuma13_key_share share = { c->share.group, c->share.pub, c->share.pub_len };
    const char *sni = c->ssl->sni;
    unsigned char *buf;
    size_t cap;
    kuma13_wr w;
    int ok;

    memset(&p, 0, sizeof p);
    p.random = c->random;
    p.session_id = c->session_id;
    p.session_id_len = c->session_id_len;
    p.suites = c->suites;
    p.num_suites = c->num_suites;
    p.num_suites12 = c->num_suites12;
    p.groups = c->groups;
    p.num_groups = c->num_groups;
    p.shares = &share;
    p.num_shares = 1;
    p.sig_algs = sig_algs;
    p.num_sig_algs = sizeof sig_algs / sizeof sig_algs[0];
    p.server_name = kuma13_sni_sent(c->ssl) ? sni : NULL;
    p.alpn_len = kuma_ext_alpn_protos(c->ssl, &p.alpn);
    if (p.alpn_len == 0)
        p.alpn = NULL;
    p.cookie.p = c->cookie;
    p.cookie.len = c->cookie_len;
    p.psk_modes = KUMA13_MODE_PSK_DHE_KE;   /* as OpenSSL's: servers then issue tickets */
    if (c->ssl->cfg.options & SSL_OP_ALLOW_NO_DHE_KEX)
        p.psk_modes |= KUMA13_MODE_PSK_KE;
    if (!kuma13_client_ext_psk_prepare(c) || !kuma13_client_early_prepare(c, &p))
        return 0;
    cap = 1024 + p.alpn_len + c->cookie_len + (p.server_name != NULL ? strlen(p.server_name) : 0)
          + kuma13_client_psk_room(c);
    buf = malloc(cap);
    if (buf == NULL)
        return 0;
    kuma13_wr_init(&w, buf, cap);
    kuma13_write_client_hello(&w, &p);
    ok = w.err == 0 && kuma13_client_offer_psks(c, buf, &w.len, cap)
         && kuma13_send_handshake(c, buf, w.len) && kuma13_client_early_send(c);
    free(buf);
    return ok;
}

int kuma13_client_start(kuma13_conn *c)
{
    SSL *s = c->ssl;

    if (!choose_offer(c))
        return 0;
    /* the credentials in force now answer a CertificateRequest, whatever the program changes later */
    if (!kuma_creds_snapshot(&c->creds, s->creds.cert != NULL ? &s->creds : &s->ctx->creds)) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    if (RAND_bytes(c->random, sizeof c->random) != 1)
        return 0;
    /* appendix D.4: a non-empty legacy session id makes the handshake look like a resumption */
    if (c->ssl->cfg.options & SSL_OP_ENABLE_MIDDLEBOX_COMPAT) {
        c->session_id_len = sizeof c->session_id;
        if (RAND_bytes(c->session_id, sizeof c->session_id) != 1)
            return 0;
    }
    /* a TLS 1.2 session to resume replaces that session id */
    if (!kuma13_client_resume_prepare(c)) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    if (!kuma13_keyshare_make(&c->share, c->groups[0]) || !send_client_hello(c)) {
        ERR_raise_data(ERR_LIB_SSL, ERR_R_INTERNAL_ERROR, "could not build the ClientHello");
        return 0;
    }
    c->state = KUMA13_WAIT_SH;
    return 1;
}

void kuma13_client_clear(kuma13_conn *c)
{
    kuma13_keyshare_clear(&c->share);
    kuma13_schedule_clear(&c->ks);
    kuma13_cipher_clear(&c->rd);
    kuma13_cipher_clear(&c->wr);
    free(c->cookie);
    c->cookie = NULL;
    free(c->cert_req_ctx);
    c->cert_req_ctx = NULL;
    kuma_creds_clear(&c->creds);
    kuma13_client_resume_clear(c);
    kuma13_psk_conn_clear(c);
}

static int unexpected(kuma13_conn *c)
{
    return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_MESSAGE,
                       "unexpected handshake message");
}

/* ---- ServerHello and HelloRetryRequest ------------------------------------------------ */

/* What ServerHello and HelloRetryRequest must both get right (section 4.1.3/4.1.4). */
static int check_hello(kuma13_conn *c, const kuma13_server_hello *sh)
{
    if (!KUMA13_HAS(&sh->exts, KUMA13_EXT_SUPPORTED_VERSIONS))
        return kuma13_fail(c, SSL_AD_PROTOCOL_VERSION, SSL_R_UNSUPPORTED_PROTOCOL,
                           "the server chose TLS 1.2 or older; only TLS 1.3 is enabled");
    if (sh->version != KUMA13_TLS13)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_SSL_VERSION,
                           "the server chose a version not offered");
    if (sh->session_id.len != c->session_id_len
        || memcmp(sh->session_id.p, c->session_id, c->session_id_len) != 0)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_INVALID_SESSION_ID,
                           "legacy_session_id_echo differs from the session id sent");
    if (!kuma13_u16_in(c->suites, c->num_suites, sh->suite)
        || (c->hrr_seen && sh->suite != c->hrr_suite))
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_CIPHER_RETURNED,
                           "the server chose a cipher suite not offered");
    if (sh->exts.unknown > 0 || (sh->has_psk && (kuma13_client_psks_offered(c) == 0 || sh->is_hrr)))
        return kuma13_fail(c, SSL_AD_UNSUPPORTED_EXTENSION, SSL_R_UNSOLICITED_EXTENSION,
                           "the server answered an extension not offered");
    return 0;
}

static int hello_retry(kuma13_conn *c, const kuma13_server_hello *sh, const unsigned char *msg,
                       size_t len)
{
    const kuma13_suite *suite = kuma13_suite_by_id(sh->suite);
    int new_group = KUMA13_HAS(&sh->exts, KUMA13_EXT_KEY_SHARE);

    if (c->hrr_seen)
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_MESSAGE,
                           "a second HelloRetryRequest");
    c->hrr_seen = 1;
    c->hrr_suite = sh->suite;
    if (new_group && (!kuma13_u16_in(c->groups, c->num_groups, sh->group) || sh->group == c->share.group))
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_KEY_SHARE,
                           "HelloRetryRequest asks for a group not offered, or the one sent");
    if (!new_group && sh->cookie.len == 0)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_PACKET,
                           "HelloRetryRequest would change nothing");
    kuma13_client_resume_after_hrr(c, suite);
    kuma13_transcript_select(&c->tr, suite->hash);
    kuma13_transcript_restart_hrr(&c->tr);
    kuma13_transcript_update(&c->tr, msg, len);
    if (sh->cookie.len > 0) {
        c->cookie = malloc(sh->cookie.len);
        if (c->cookie == NULL)
            return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_MALLOC_FAILURE, "out of memory");
        memcpy(c->cookie, sh->cookie.p, sh->cookie.len);
        c->cookie_len = sh->cookie.len;
    }
    if (new_group && !kuma13_keyshare_make(&c->share, sh->group))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "no key share");
    if (!kuma13_send_ccs(c) || !send_client_hello(c))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR,
                           "could not build the second ClientHello");
    return 0;
}

static int server_hello(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_server_hello sh;
    unsigned char dhe[KUMA13_MAX_PUB];
    size_t dhe_len;
    int alert, err;

    if (c->num_suites12 > 0 && !c->hrr_seen && kuma12_is_server_hello(msg, len))
        return kuma12_server_hello(c, msg, len);
    err = kuma13_parse_server_hello(msg + 4, len - 4, &sh);
    if (err)
        return kuma13_fail_decode(c, err, "malformed ServerHello");
    if (check_hello(c, &sh) < 0)
        return -1;
    if (sh.is_hrr)
        return hello_retry(c, &sh, msg, len);
    if (kuma13_client_psk_selected(c, &sh) < 0)
        return -1;
    if (!c->psk_ke && !KUMA13_HAS(&sh.exts, KUMA13_EXT_KEY_SHARE))
        return kuma13_fail(c, SSL_AD_MISSING_EXTENSION, SSL_R_NO_SUITABLE_KEY_SHARE,
                           "ServerHello without a key share");
    if (!c->psk_ke && sh.group != c->share.group)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_KEY_SHARE,
                           "the server's key share is not of the group offered");
    dhe_len = c->psk_ke ? 0 : kuma13_keyshare_derive(&c->share, sh.key_share.p, sh.key_share.len,
                                                     dhe, &alert);
    if (dhe_len == 0 && !c->psk_ke)
        return kuma13_fail(c, alert, SSL_R_BAD_ECPOINT, "the server's key share is invalid");
    c->suite = kuma13_suite_by_id(sh.suite);
    c->group = c->psk_ke ? 0 : sh.group;
    kuma13_transcript_select(&c->tr, c->suite->hash);
    kuma13_transcript_update(&c->tr, msg, len);
    kuma13_handshake_keys(c, c->psk_ke ? NULL : dhe, dhe_len);
    OPENSSL_cleanse(dhe, sizeof dhe);
    kuma13_keyshare_clear(&c->share);
    c->state = KUMA13_WAIT_EE;
    return 0;
}

/* ---- EncryptedExtensions, CertificateRequest ---------------------------------------------- */

int kuma13_sni_sent(const SSL *s)
{
    return s->sni != NULL && s->sni[0] != '\0';
}

int kuma13_alpn_offered(const SSL *s, const unsigned char *name, size_t len)
{
    const unsigned char *list;
    size_t n = kuma_ext_alpn_protos(s, &list), i = 0;

    while (i < n) {
        size_t l = list[i];

        if (l == len && i + 1 + l <= n && memcmp(list + i + 1, name, len) == 0)
            return 1;
        i += 1 + l;
    }
    return 0;
}

static int encrypted_extensions(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_encrypted_extensions ee;
    const unsigned char *offered;
    int err = kuma13_parse_encrypted_extensions(msg + 4, len - 4, &ee);

    if (err)
        return kuma13_fail_decode(c, err, "malformed EncryptedExtensions");
    if (kuma13_client_early_answer(c, ee.early_data) < 0)
        return -1;
    if (ee.exts.unknown > 0 || ee.max_fragment_length != 0
        || (KUMA13_HAS(&ee.exts, KUMA13_EXT_SERVER_NAME) && !kuma13_sni_sent(c->ssl))
        || (ee.alpn.len > 0 && kuma_ext_alpn_protos(c->ssl, &offered) == 0))
        return kuma13_fail(c, SSL_AD_UNSUPPORTED_EXTENSION, SSL_R_UNSOLICITED_EXTENSION,
                           "the server answered an extension not offered");
    if (ee.alpn.len > 0 && !kuma13_alpn_offered(c->ssl, ee.alpn.p, ee.alpn.len))
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_EXTENSION,
                           "the server chose an ALPN protocol not offered");
    if (ee.alpn.len > 0)                /* no ALPN: ee.alpn.p is NULL, which memcpy must not get */
        memcpy(c->alpn, ee.alpn.p, ee.alpn.len);
    c->alpn_len = ee.alpn.len;
    kuma13_transcript_update(&c->tr, msg, len);
    /* a resumption's server proves itself by its Finished alone (section 2.2) */
    c->state = c->resumed ? KUMA13_WAIT_FINISHED : KUMA13_WAIT_CERT_CR;
    return 0;
}

/*
 * The scheme our certificate's key signs with, among those the
 * CertificateRequest lists; 0 without a certificate and key, or when none
 * fits (the client then sends an empty Certificate, as OpenSSL's does,
 * and the server decides). -1 for a malformed list.
 */
static int choose_cert_scheme(kuma13_conn *c, const kuma13_exts *exts)
{
    const kuma13_span *d = &exts->data[kuma13_ext_index(KUMA13_EXT_SIGNATURE_ALGORITHMS)];
    kuma13_rd r, list;

    kuma13_rd_init(&r, d->p, d->len);
    list = kuma13_rd_vec(&r, 2, 2);
    if (kuma13_rd_end(&r) != 0 || list.len % 2 != 0)
        return -1;
    if (c->creds.cert == NULL || c->creds.key == NULL)
        return 0;
    return kuma13_choose_scheme(c->creds.key, list.p, list.len);
}

/* CertificateRequest (section 4.3.2): checked, its context kept, our scheme chosen. */
static int certificate_request(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_rd r, ctx;
    kuma13_exts exts;
    int err, scheme;

    kuma13_rd_init(&r, msg + 4, len - 4);
    ctx = kuma13_rd_vec(&r, 1, 0);
    if ((err = kuma13_parse_exts(&r, &exts)) != 0 || (err = kuma13_rd_end(&r)) != 0)
        return kuma13_fail_decode(c, err, "malformed CertificateRequest");
    if (!KUMA13_HAS(&exts, KUMA13_EXT_SIGNATURE_ALGORITHMS))
        return kuma13_fail(c, SSL_AD_MISSING_EXTENSION, SSL_R_BAD_EXTENSION,
                           "CertificateRequest without signature_algorithms");
    if ((scheme = choose_cert_scheme(c, &exts)) < 0)
        return kuma13_fail_decode(c, SSL_AD_DECODE_ERROR,
                                  "malformed signature_algorithms in CertificateRequest");
    c->cert_scheme = (uint16_t)scheme;
    c->cert_requested = 1;
    if (ctx.len > 0) {
        c->cert_req_ctx = malloc(ctx.len);
        if (c->cert_req_ctx == NULL)
            return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_MALLOC_FAILURE, "out of memory");
        memcpy(c->cert_req_ctx, ctx.p, ctx.len);
        c->cert_req_ctx_len = ctx.len;
    }
    kuma13_transcript_update(&c->tr, msg, len);
    c->state = KUMA13_WAIT_CERT;
    return 0;
}

/* ---- the server's Certificate and CertificateVerify -------------------------------------- */

int kuma13_client_peer_certs(kuma13_conn *c, const kuma13_certificate *cm)
{
    if (cm->count == 0 || cm->context.len != 0)
        return kuma13_fail(c, SSL_AD_DECODE_ERROR, SSL_R_NO_CERTIFICATES_RETURNED,
                           "the server sent no certificate, or a request context");
    return kuma13_peer_certs(c, cm);
}

static int certificate(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_certificate cm;
    int err = kuma13_parse_certificate(msg + 4, len - 4, &cm);

    if (err)
        return kuma13_fail_decode(c, err, "malformed Certificate");
    if (kuma13_client_peer_certs(c, &cm) < 0)
        return -1;
    kuma13_transcript_update(&c->tr, msg, len);
    c->state = KUMA13_WAIT_CV;
    return 0;
}

static int certificate_verify(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    if (kuma13_peer_cert_verify(c, msg, len, 1) < 0)
        return -1;
    c->state = KUMA13_WAIT_FINISHED;
    return 0;
}

/* ---- Finished --------------------------------------------------------------------------- */

/* The application secrets, over ClientHello..server Finished; the server's keys from now on. */
static void application_keys(kuma13_conn *c)
{
    kuma13_application_secrets(c);
    kuma13_cipher_init(&c->rd, c->suite, c->s_ap);
    c->rd_epoch++;
}

/* Answers a CertificateRequest: our chain, or none when no scheme fits (cert_scheme 0). */
static int send_certificate(kuma13_conn *c)
{
    const kuma_creds *cr = &c->creds;
    size_t count = c->cert_scheme != 0 ? cr->br_chain_len : 0, cap = 16, i;
    unsigned char *buf;
    kuma13_wr w;
    int ok;

    for (i = 0; i < count; i++)
        cap += 5 + cr->br_chain[i].data_len;
    cap += c->cert_req_ctx_len;
    if ((buf = malloc(cap)) == NULL)
        return 0;
    kuma13_wr_init(&w, buf, cap);
    kuma13_write_certificate(&w, c->cert_req_ctx, c->cert_req_ctx_len, cr->br_chain, count);
    ok = w.err == 0 && kuma13_send_handshake(c, buf, w.len);
    free(buf);
    return ok;
}

int kuma13_send_certificate_verify(kuma13_conn *c, uint16_t scheme, const unsigned char *sig,
                                   size_t sig_len)
{
    unsigned char msg[8 + KUMA13_MAX_SIG];
    kuma13_wr w;

    kuma13_wr_init(&w, msg, sizeof msg);
    kuma13_write_certificate_verify(&w, scheme, sig, sig_len);
    return w.err == 0 && kuma13_send_handshake(c, msg, w.len);
}

/* CertificateVerify: our signature over ClientHello..our Certificate. */
static int send_certificate_verify(kuma13_conn *c)
{
    unsigned char th[KUMA13_MAX_HASH], sig[KUMA13_MAX_SIG];
    size_t sig_len = sizeof sig;

    kuma13_transcript_hash(&c->tr, th);
    return kuma13_sign(c->creds.key, c->cert_scheme, 0, th, c->ks.hlen, sig, &sig_len)
           && kuma13_send_certificate_verify(c, c->cert_scheme, sig, sig_len);
}

/* The client's second flight: ChangeCipherSpec, Certificate and CertificateVerify if asked, Finished. */
static int client_finished(kuma13_conn *c)
{
    unsigned char th[KUMA13_MAX_HASH], buf[8 + KUMA13_MAX_HASH];
    kuma13_wr w;

    if (!kuma13_send_ccs(c) || !kuma13_client_end_of_early_data(c))
        return 0;
    if (c->cert_requested
        && (!send_certificate(c) || (c->cert_scheme != 0 && !send_certificate_verify(c))))
        return 0;
    kuma13_transcript_hash(&c->tr, th);
    kuma13_finished(c->suite->hash, c->c_hs, th, c->fin_client);
    kuma13_wr_init(&w, buf, sizeof buf);
    kuma13_write_finished(&w, c->fin_client, c->ks.hlen);
    if (w.err || !kuma13_send_handshake(c, buf, w.len))
        return 0;
    kuma13_cipher_init(&c->wr, c->suite, c->c_ap);
    kuma13_transcript_hash(&c->tr, th);
    kuma13_schedule_derive(&c->ks, "res master", th, c->resumption);
    return 1;
}

static int server_finished(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    if (kuma13_peer_finished(c, c->s_hs, msg, len, c->fin_server) < 0)
        return -1;
    application_keys(c);
    if (!client_finished(c))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR,
                           "could not send the client's Finished");
    OPENSSL_cleanse(c->c_hs, sizeof c->c_hs);
    OPENSSL_cleanse(c->s_hs, sizeof c->s_hs);
    c->state = KUMA13_CONNECTED;
    return 0;
}

int kuma13_client_handle(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    if (c->tls12)
        return kuma12_client_handle(c, msg, len);
    switch (c->state) {
    case KUMA13_WAIT_SH:
        return msg[0] == KUMA13_HS_SERVER_HELLO ? server_hello(c, msg, len) : unexpected(c);
    case KUMA13_WAIT_EE:
        return msg[0] == KUMA13_HS_ENCRYPTED_EXTENSIONS ? encrypted_extensions(c, msg, len)
                                                         : unexpected(c);
    case KUMA13_WAIT_CERT_CR:
        if (msg[0] == KUMA13_HS_CERTIFICATE_REQUEST)
            return certificate_request(c, msg, len);
        /* fall through */
    case KUMA13_WAIT_CERT:
        return msg[0] == KUMA13_HS_CERTIFICATE ? certificate(c, msg, len) : unexpected(c);
    case KUMA13_WAIT_CV:
        return msg[0] == KUMA13_HS_CERTIFICATE_VERIFY ? certificate_verify(c, msg, len)
                                                       : unexpected(c);
    case KUMA13_WAIT_FINISHED:
        return msg[0] == KUMA13_HS_FINISHED ? server_finished(c, msg, len) : unexpected(c);
    default:
        return unexpected(c);
    }
}
