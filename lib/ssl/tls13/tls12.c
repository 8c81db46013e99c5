/*
 * kumassl: the TLS 1.2 handshake of kumassl's own engine (client), for a
 * ClientHello that offered TLS 1.3 and 1.2 when the server answers TLS 1.2
 * (RFC 5246 7.4, ECDHE as RFC 8422, AEAD records as RFC 5288 / RFC 7905):
 * ServerHello (downgrade sentinel of RFC 8446 4.1.3, extended master
 * secret of RFC 7627, renegotiation_info of RFC 5746), Certificate (checked
 * by peer_chain.c), ServerKeyExchange signed with ECDSA, RSA-PSS or RSA
 * PKCS #1 v1.5, an optional CertificateRequest, ServerHelloDone; then
 * [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec
 * and Finished, and the server's. Renegotiation is declined.
 */
#include <stdlib.h>
#include <string.h>
#include "tls13_int.h"

/* The last 8 bytes of a TLS 1.2 ServerHello.random from a server that could speak TLS 1.3. */
static const unsigned char downgrade12[8] = { 0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01 };

static int unexpected(kuma13_conn *c)
{
    return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_MESSAGE,
                       "unexpected handshake message");
}

/*
 * The transcript's hash with h: the PRF's for the master secret and
 * Finished, the signature's for CertificateVerify (TLS 1.2 keeps both).
 */
static void transcript_hash(const kuma13_conn *c, const br_hash_class *h, unsigned char *out)
{
    kuma13_transcript_hash_with(&c->tr, h, out);
}

/* The PRF of the suite (RFC 5246 5) over a seed in n parts. */
static void prf_seed(const kuma13_conn *c, unsigned char *out, size_t len,
                     const unsigned char *secret, size_t secret_len, const char *label, size_t n,
                     const br_tls_prf_seed_chunk *seed)
{
    if (c->suite->hash == &br_sha384_vtable)
        br_tls12_sha384_prf(out, len, secret, secret_len, label, n, seed);
    else
        br_tls12_sha256_prf(out, len, secret, secret_len, label, n, seed);
}

/* The PRF with a seed of two parts (the second may be empty). */
static void prf(const kuma13_conn *c, unsigned char *out, size_t len, const unsigned char *secret,
                size_t secret_len, const char *label, const void *s1, size_t l1, const void *s2,
                size_t l2)
{
    br_tls_prf_seed_chunk seed[2];

    seed[0].data = s1;
    seed[0].len = l1;
    seed[1].data = s2;
    seed[1].len = l2;
    prf_seed(c, out, len, secret, secret_len, label, l2 > 0 ? 2 : 1, seed);
}

/* ---- ServerHello ----------------------------------------------------------------------- */

/* Walks a ServerHello to its extensions; 0 when malformed. */
static int hello_parts(kuma13_rd *r, const unsigned char *msg, size_t len, uint16_t *version,
                       const unsigned char **random, kuma13_span *sid, uint16_t *suite,
                       unsigned *compression)
{
    kuma13_rd v;

    kuma13_rd_init(r, msg + 4, len - 4);
    *version = (uint16_t)kuma13_rd_u16(r);
    *random = kuma13_rd_bytes(r, 32);
    v = kuma13_rd_vec(r, 1, 0);
    sid->p = v.p;
    sid->len = v.len;
    *suite = (uint16_t)kuma13_rd_u16(r);
    *compression = kuma13_rd_u8(r);
    return !r->err && sid->len <= 32;
}

int kuma12_is_server_hello(const unsigned char *msg, size_t len)
{
    kuma13_rd r, exts;
    const unsigned char *random;
    kuma13_span sid;
    uint16_t version, suite;
    unsigned comp;

    if (!hello_parts(&r, msg, len, &version, &random, &sid, &suite, &comp))
        return 0;                       /* the TLS 1.3 parser names the problem */
    exts = kuma13_rd_vec(&r, 2, 0);
    while (!exts.err && exts.len > 0) {
        unsigned type = kuma13_rd_u16(&exts);

        kuma13_rd_vec(&exts, 2, 0);
        if (type == KUMA13_EXT_SUPPORTED_VERSIONS)
            return 0;
    }
    return !exts.err;
}

/* One extension of a TLS 1.2 ServerHello: what we offered, answered as RFC 5246/7627/5746/7301 say. */
static int hello_extension(kuma13_conn *c, unsigned type, kuma13_rd *data, unsigned *seen)
{
    kuma13_rd v, name;
    unsigned bit;

    switch (type) {
    case KUMA13_EXT_SERVER_NAME:
        bit = 1;
        if (data->len != 0 || !kuma13_sni_sent(c->ssl))
            return kuma13_fail(c, SSL_AD_UNSUPPORTED_EXTENSION, SSL_R_UNSOLICITED_EXTENSION,
                               "server_name answered, not sent");
        break;
    case KUMA12_EXT_EC_POINT_FORMATS:
        bit = 2;
        v = kuma13_rd_vec(data, 1, 1);
        break;
    case KUMA12_EXT_EXTENDED_MASTER_SECRET:
        bit = 4;
        c->ems = 1;
        break;
    case KUMA12_EXT_RENEGOTIATION_INFO:
        bit = 8;
        v = kuma13_rd_vec(data, 1, 0);
        if (!data->err && v.len != 0)
            return kuma13_fail(c, SSL_AD_HANDSHAKE_FAILURE, SSL_R_RENEGOTIATION_MISMATCH,
                               "renegotiation_info not empty in a first handshake");
        break;
    case KUMA13_EXT_ALPN:
        bit = 16;
        v = kuma13_rd_vec(data, 2, 2);
        name = kuma13_rd_vec(&v, 1, 1);
        if (data->err || kuma13_rd_end(&v) != 0)
            break;
        if (!kuma13_alpn_offered(c->ssl, name.p, name.len))
            return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_EXTENSION,
                               "the server chose an ALPN protocol not offered");
        memcpy(c->alpn, name.p, name.len);
        c->alpn_len = name.len;
        break;
    default:
        return kuma13_fail(c, SSL_AD_UNSUPPORTED_EXTENSION, SSL_R_UNSOLICITED_EXTENSION,
                           "the server answered an extension not offered");
    }
    if (*seen & bit)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_EXTENSION,
                           "an extension twice in the ServerHello");
    *seen |= bit;
    if (kuma13_rd_end(data) != 0)
        return kuma13_fail_decode(c, SSL_AD_DECODE_ERROR, "malformed ServerHello extension");
    return 0;
}

static int hello_extensions(kuma13_conn *c, kuma13_rd *r)
{
    kuma13_rd exts;
    unsigned seen = 0;

    if (r->len == 0)
        return 0;                       /* no extensions at all */
    exts = kuma13_rd_vec(r, 2, 0);
    while (!exts.err && exts.len > 0) {
        unsigned type = kuma13_rd_u16(&exts);
        kuma13_rd data = kuma13_rd_vec(&exts, 2, 0);

        if (!exts.err && hello_extension(c, type, &data, &seen) < 0)
            return -1;
    }
    if (exts.err || kuma13_rd_end(r) != 0)
        return kuma13_fail_decode(c, SSL_AD_DECODE_ERROR, "malformed ServerHello");
    return 0;
}

static void traffic_keys(kuma13_conn *c);

/*
 * The abbreviated handshake (RFC 5246 7.3): the session's master secret,
 * which had EMS, so the ServerHello must have it too (RFC 7627 5.3); the
 * server's ChangeCipherSpec and Finished come next, then ours.
 */
static int resume(kuma13_conn *c)
{
    if (!c->ems)
        return kuma13_fail(c, SSL_AD_HANDSHAKE_FAILURE, SSL_R_INCONSISTENT_EXTMS,
                           "the server resumes an extended master secret session without it");
    kuma_events_keylog(c->ssl, "CLIENT_RANDOM", c->random, c->master, sizeof c->master);
    traffic_keys(c);
    c->state = KUMA12_WAIT_CCS;
    return 0;
}

int kuma12_server_hello(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_rd r;
    const unsigned char *random;
    kuma13_span sid;
    uint16_t version, suite;
    unsigned comp;

    if (!hello_parts(&r, msg, len, &version, &random, &sid, &suite, &comp))
        return kuma13_fail_decode(c, SSL_AD_DECODE_ERROR, "malformed ServerHello");
    if (version != KUMA13_TLS12)
        return kuma13_fail(c, SSL_AD_PROTOCOL_VERSION, SSL_R_UNSUPPORTED_PROTOCOL,
                           "the server chose a version older than TLS 1.2");
    if (memcmp(random + 24, downgrade12, sizeof downgrade12) == 0)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_INAPPROPRIATE_FALLBACK,
                           "a TLS 1.3 server answered TLS 1.2 (downgrade sentinel)");
    if (!kuma13_u16_in(c->suites + c->num_suites, c->num_suites12, suite))
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_CIPHER_RETURNED,
                           "the server chose a cipher suite not offered");
    if (comp != 0)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_PACKET,
                           "the server chose a compression method");
    if (sid.len > 0 && sid.len == c->session_id_len && memcmp(sid.p, c->session_id, sid.len) == 0
        && kuma13_client_resume12(c, suite) < 0)
        return -1;
    c->tls12 = 1;
    c->suite = kuma12_suite_by_id(suite);
    memcpy(c->server_random, random, 32);
    memcpy(c->sid12, sid.p, sid.len);
    c->sid12_len = sid.len;
    if (hello_extensions(c, &r) < 0)
        return -1;
    kuma13_transcript_update(&c->tr, msg, len);     /* both hashes go on: see transcript_hash() */
    kuma13_keyshare_clear(&c->share);   /* the TLS 1.3 key share is not used */
    c->state = KUMA12_WAIT_CERT;
    return c->resumed ? resume(c) : 0;
}

/* ---- Certificate, ServerKeyExchange ----------------------------------------------------- */

static int certificate(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_certificate cm;
    kuma13_rd r, list;

    memset(&cm, 0, sizeof cm);
    kuma13_rd_init(&r, msg + 4, len - 4);
    list = kuma13_rd_vec(&r, 3, 0);
    while (!list.err && list.len > 0 && cm.count < KUMA13_MAX_CERTS) {
        kuma13_rd cert = kuma13_rd_vec(&list, 3, 1);

        cm.certs[cm.count].p = cert.p;
        cm.certs[cm.count++].len = cert.len;
    }
    if (list.len > 0 && !list.err)
        return kuma13_fail(c, SSL_AD_DECODE_ERROR, SSL_R_EXCESSIVE_MESSAGE_SIZE,
                           "too many certificates");
    if (list.err || kuma13_rd_end(&r) != 0)
        return kuma13_fail_decode(c, SSL_AD_DECODE_ERROR, "malformed Certificate");
    if (kuma13_client_peer_certs(c, &cm) < 0)
        return -1;
    if ((int)c->leaf->pkey.key_type != c->suite->auth)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_CERTIFICATE_TYPE,
                           "the certificate's key does not fit the cipher suite");
    kuma13_transcript_update(&c->tr, msg, len);
    c->state = KUMA12_WAIT_SKE;
    return 0;
}

/* The schemes a ClientHello offers (client.c's list); the server must sign with one of them. */
static int scheme_offered(uint16_t scheme)
{
    static const uint16_t offered[] = {
        0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601
    };

    return kuma13_u16_in(offered, sizeof offered / sizeof offered[0], scheme);
}

/* ServerKeyExchange: named-curve ECDHE parameters, signed over both randoms and themselves. */
static int server_key_exchange(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    unsigned char signed_data[64 + 4 + KUMA13_MAX_PUB];
    kuma13_rd r, point, sig;
    unsigned curve_type, group;
    uint16_t scheme;
    size_t params_len;
    int err;

    kuma13_rd_init(&r, msg + 4, len - 4);
    curve_type = kuma13_rd_u8(&r);
    group = kuma13_rd_u16(&r);
    point = kuma13_rd_vec(&r, 1, 1);
    params_len = 4 + point.len;
    scheme = (uint16_t)kuma13_rd_u16(&r);
    sig = kuma13_rd_vec(&r, 2, 1);
    if (kuma13_rd_end(&r) != 0 || point.len > KUMA13_MAX_PUB)
        return kuma13_fail_decode(c, SSL_AD_DECODE_ERROR, "malformed ServerKeyExchange");
    if (curve_type != 3 || !kuma13_u16_in(c->groups, c->num_groups, (uint16_t)group))
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_CURVE,
                           "the server's ECDHE group was not offered");
    if (!scheme_offered(scheme))
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_SIGNATURE_TYPE,
                           "the server signed with an algorithm not offered");
    memcpy(signed_data, c->random, 32);
    memcpy(signed_data + 32, c->server_random, 32);
    memcpy(signed_data + 64, msg + 4, params_len);
    err = kuma12_verify_signature(&c->leaf->pkey, scheme, signed_data, 64 + params_len, sig.p,
                                  sig.len);
    if (err)
        return kuma13_fail(c, err, err == SSL_AD_DECRYPT_ERROR ? SSL_R_BAD_SIGNATURE
                                                               : SSL_R_WRONG_SIGNATURE_TYPE,
                           "the server's ServerKeyExchange signature");
    c->group = (uint16_t)group;
    c->peer_scheme = scheme;
    memcpy(c->ske_point, point.p, point.len);
    c->ske_point_len = point.len;
    kuma13_transcript_update(&c->tr, msg, len);
    c->state = KUMA12_WAIT_CR_SHD;
    return 0;
}

/*
 * CertificateRequest: our certificate answers it when our key can sign
 * with one of the listed schemes over the transcript's hash; else an
 * empty Certificate, and the server decides (as OpenSSL's client does).
 */
static int certificate_request(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_rd r, algs;

    kuma13_rd_init(&r, msg + 4, len - 4);
    kuma13_rd_vec(&r, 1, 1);            /* certificate_types: the schemes say it all */
    algs = kuma13_rd_vec(&r, 2, 2);
    kuma13_rd_vec(&r, 2, 0);            /* certificate_authorities */
    if (kuma13_rd_end(&r) != 0 || algs.len % 2 != 0)
        return kuma13_fail_decode(c, SSL_AD_DECODE_ERROR, "malformed CertificateRequest");
    c->cert_requested = 1;
    if (c->creds.cert != NULL && c->creds.key != NULL)
        c->cert_scheme = kuma12_choose_scheme(c->creds.key, algs.p, algs.len);
    kuma13_transcript_update(&c->tr, msg, len);
    c->state = KUMA12_WAIT_SHD;
    return 0;
}

/* ---- the client's flight ----------------------------------------------------------------- */

/* A handshake message of type with body (blen bytes), queued and hashed. */
static int send_message(kuma13_conn *c, unsigned type, const unsigned char *body, size_t blen)
{
    unsigned char msg[8 + KUMA13_MAX_PUB];
    kuma13_wr w;
    size_t mark;

    kuma13_wr_init(&w, msg, sizeof msg);
    mark = kuma13_write_begin(&w, type);
    kuma13_wr_bytes(&w, body, blen);
    kuma13_write_end(&w, mark);
    return w.err == 0 && kuma13_send_handshake(c, msg, w.len);
}

/* The master secret (RFC 7627 with the session hash, else RFC 5246 8.1) and its key log line. */
static void master_secret(kuma13_conn *c, const unsigned char *pms, size_t pms_len)
{
    unsigned char th[KUMA13_MAX_HASH];

    if (c->ems) {
        transcript_hash(c, c->suite->hash, th);
        prf(c, c->master, sizeof c->master, pms, pms_len, "extended master secret", th,
            kuma13_hash_len(c->suite->hash), NULL, 0);
    } else {
        prf(c, c->master, sizeof c->master, pms, pms_len, "master secret", c->random, 32,
            c->server_random, 32);
    }
    kuma_events_keylog(c->ssl, "CLIENT_RANDOM", c->random, c->master, sizeof c->master);
}

/* The key block (RFC 5246 6.3): each side's keys from its ChangeCipherSpec on. */
static void traffic_keys(kuma13_conn *c)
{
    unsigned char kb[2 * KUMA13_MAX_KEY + 2 * KUMA13_IV_LEN];
    size_t kl = c->suite->key_len;
    size_t ivl = c->suite->aead == KUMA13_AES_GCM ? KUMA12_GCM_SALT : KUMA13_IV_LEN;

    prf(c, kb, 2 * kl + 2 * ivl, c->master, sizeof c->master, "key expansion", c->server_random,
        32, c->random, 32);
    memcpy(c->wr_key12, kb, kl);
    memcpy(c->wr_iv12, kb + 2 * kl, ivl);
    memcpy(c->rd_key, kb + kl, kl);
    memcpy(c->rd_iv, kb + 2 * kl + ivl, ivl);
    OPENSSL_cleanse(kb, sizeof kb);
}

/* verify_data (RFC 5246 7.4.9) over the transcript so far. */
static void finished_data(kuma13_conn *c, const char *label, unsigned char *out)
{
    unsigned char th[KUMA13_MAX_HASH];

    transcript_hash(c, c->suite->hash, th);
    prf(c, out, KUMA12_FINISHED_LEN, c->master, sizeof c->master, label, th,
        kuma13_hash_len(c->suite->hash), NULL, 0);
}

/* Our certificate chain (none when no scheme fits): RFC 5246 7.4.6. */
static int send_certificate(kuma13_conn *c)
{
    const kuma_creds *cr = &c->creds;
    size_t count = c->cert_scheme != 0 ? cr->br_chain_len : 0, cap = 16, i, msg, list;
    unsigned char *buf;
    kuma13_wr w;
    int ok;

    for (i = 0; i < count; i++)
        cap += 3 + cr->br_chain[i].data_len;
    if ((buf = malloc(cap)) == NULL)
        return 0;
    kuma13_wr_init(&w, buf, cap);
    msg = kuma13_write_begin(&w, KUMA13_HS_CERTIFICATE);
    list = kuma13_wr_open(&w, 3);
    for (i = 0; i < count; i++) {
        kuma13_wr_u24(&w, (uint32_t)cr->br_chain[i].data_len);
        kuma13_wr_bytes(&w, cr->br_chain[i].data, cr->br_chain[i].data_len);
    }
    kuma13_wr_close(&w, list, 3);
    kuma13_write_end(&w, msg);
    ok = w.err == 0 && kuma13_send_handshake(c, buf, w.len);
    free(buf);
    return ok;
}

/* CertificateVerify (RFC 5246 7.4.8): our signature over the handshake messages so far. */
static int send_certificate_verify(kuma13_conn *c)
{
    unsigned char th[KUMA13_MAX_HASH], sig[KUMA13_MAX_SIG];
    size_t sig_len = sizeof sig;

    transcript_hash(c, kuma13_scheme_hash(c->cert_scheme), th);
    return kuma12_sign(c->creds.key, c->cert_scheme, th, sig, &sig_len)
           && kuma13_send_certificate_verify(c, c->cert_scheme, sig, sig_len);
}

/* ChangeCipherSpec (our keys from now on) and Finished: 1, or 0. */
static int send_ccs_finished(kuma13_conn *c)
{
    static const unsigned char ccs = 1;

    c->ccs_sent = 1;                    /* under no keys yet: the ones it announces come next */
    if (!kuma13_send(c, KUMA13_CT_CCS, &ccs, 1))
        return 0;
    kuma12_cipher_set_key(&c->wr, c->suite, c->wr_key12, c->wr_iv12);
    OPENSSL_cleanse(c->wr_key12, sizeof c->wr_key12);
    OPENSSL_cleanse(c->wr_iv12, sizeof c->wr_iv12);
    finished_data(c, "client finished", c->fin_client);
    return send_message(c, KUMA13_HS_FINISHED, c->fin_client, KUMA12_FINISHED_LEN);
}

/* After ServerHelloDone: [Certificate], ClientKeyExchange, [CertificateVerify], ChangeCipherSpec, Finished. */
static int client_flight(kuma13_conn *c)
{
    unsigned char pms[KUMA13_MAX_PUB], point[1 + KUMA13_MAX_PUB];
    size_t pms_len;
    int alert;

    if (c->cert_requested && !send_certificate(c))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "no Certificate");
    if (!kuma13_keyshare_make(&c->share, c->group))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "no key share");
    pms_len = kuma13_keyshare_derive(&c->share, c->ske_point, c->ske_point_len, pms, &alert);
    if (pms_len == 0)
        return kuma13_fail(c, alert, SSL_R_BAD_ECPOINT, "the server's ECDHE share is invalid");
    point[0] = (unsigned char)c->share.pub_len;
    memcpy(point + 1, c->share.pub, c->share.pub_len);
    if (!send_message(c, 16, point, 1 + c->share.pub_len)) {
        OPENSSL_cleanse(pms, sizeof pms);
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "no ClientKeyExchange");
    }
    kuma13_keyshare_clear(&c->share);
    master_secret(c, pms, pms_len);     /* EMS: the session hash ends with ClientKeyExchange */
    OPENSSL_cleanse(pms, sizeof pms);
    if (c->cert_requested && c->cert_scheme != 0 && !send_certificate_verify(c))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "could not sign");
    traffic_keys(c);
    if (!send_ccs_finished(c))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR,
                           "no ChangeCipherSpec and Finished");
    c->state = KUMA12_WAIT_CCS;
    return 0;
}

static int server_hello_done(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    if (len != 4)
        return kuma13_fail_decode(c, SSL_AD_DECODE_ERROR, "malformed ServerHelloDone");
    kuma13_transcript_update(&c->tr, msg, len);
    return client_flight(c);
}

/* ---- the server's ChangeCipherSpec and Finished -------------------------------------------- */

int kuma12_change_cipher_spec(kuma13_conn *c)
{
    if (c->state != KUMA12_WAIT_CCS)
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_CCS_MESSAGE,
                           "ChangeCipherSpec out of place");
    kuma12_cipher_set_key(&c->rd, c->suite, c->rd_key, c->rd_iv);
    OPENSSL_cleanse(c->rd_key, sizeof c->rd_key);
    OPENSSL_cleanse(c->rd_iv, sizeof c->rd_iv);
    c->rd_epoch++;
    c->state = KUMA12_WAIT_FINISHED;
    return 0;
}

static int server_finished(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    finished_data(c, "server finished", c->fin_server);
    if (len - 4 != KUMA12_FINISHED_LEN
        || !kuma13_ct_equal(c->fin_server, msg + 4, KUMA12_FINISHED_LEN))
        return kuma13_fail(c, len - 4 == KUMA12_FINISHED_LEN ? SSL_AD_DECRYPT_ERROR
                                                             : SSL_AD_DECODE_ERROR,
                           SSL_R_DIGEST_CHECK_FAILED, "the server's Finished is wrong");
    kuma13_transcript_update(&c->tr, msg, len);
    if (c->resumed && !send_ccs_finished(c))    /* an abbreviated handshake: ours come last */
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR,
                           "no ChangeCipherSpec and Finished");
    c->state = KUMA13_CONNECTED;
    return 0;
}

int kuma12_client_handle(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    switch (c->state) {
    case KUMA12_WAIT_CERT:
        return msg[0] == KUMA13_HS_CERTIFICATE ? certificate(c, msg, len) : unexpected(c);
    case KUMA12_WAIT_SKE:
        return msg[0] == 12 ? server_key_exchange(c, msg, len) : unexpected(c);
    case KUMA12_WAIT_CR_SHD:
        if (msg[0] == KUMA13_HS_CERTIFICATE_REQUEST)
            return certificate_request(c, msg, len);
        /* fall through */
    case KUMA12_WAIT_SHD:
        return msg[0] == 14 ? server_hello_done(c, msg, len) : unexpected(c);
    case KUMA12_WAIT_FINISHED:
        return msg[0] == KUMA13_HS_FINISHED ? server_finished(c, msg, len) : unexpected(c);
    default:
        return unexpected(c);
    }
}

/* ---- after the handshake -------------------------------------------------------------------- */

int kuma12_post_handshake(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    static const unsigned char no_renegotiation[2] = { SSL3_AL_WARNING, SSL_AD_NO_RENEGOTIATION };

    if (msg[0] != 0 || len != 4)        /* HelloRequest */
        return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_MESSAGE,
                           "handshake message after the handshake");
    if (!kuma13_send(c, KUMA13_CT_ALERT, no_renegotiation, sizeof no_renegotiation))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "no room for an alert");
    kuma_events_alert(c->ssl, SSL_CB_WRITE_ALERT, SSL3_AL_WARNING, SSL_AD_NO_RENEGOTIATION);
    return 0;
}

/* RFC 5705 4: PRF(master, label, client_random || server_random [|| context length || context]). */
int kuma12_export(kuma13_conn *c, unsigned char *out, size_t olen, const char *label, size_t llen,
                  const unsigned char *context, size_t contextlen)
{
    unsigned char lab[256], clen[2];
    br_tls_prf_seed_chunk seed[4];

    if (llen >= sizeof lab) {
        ERR_raise(ERR_LIB_SSL, SSL_R_BAD_VALUE);
        return 0;
    }
    memcpy(lab, label, llen);
    lab[llen] = 0;
    clen[0] = (unsigned char)(contextlen >> 8);
    clen[1] = (unsigned char)contextlen;
    seed[0].data = c->random;
    seed[0].len = 32;
    seed[1].data = c->server_random;
    seed[1].len = 32;
    seed[2].data = clen;
    seed[2].len = 2;
    seed[3].data = context;
    seed[3].len = contextlen;
    prf_seed(c, out, olen, c->master, sizeof c->master, (const char *)lab, context != NULL ? 4 : 2,
             seed);
    return 1;
}
