/*
 * kumassl: the TLS 1.0-1.2 engine: BearSSL's client and server contexts
 * behind kumassl's engine interface (ssl_int.h).
 *
 * A connection at rest holds only the BearSSL context (4 KiB) and its
 * credentials: the verifier lives while a handshake checks a chain
 * (verify.c's slot) and the 33 KiB record buffer while records are in
 * flight (br_iobuf.c); both go when the pump calls idle() between calls.
 * No record allocates unless the connection was at rest before it.
 */
#include <string.h>
#include "br_int.h"
#include "fast/fast.h"

static br_state *state_of(SSL *s)
{
    return s->engine_state;
}

static br_ssl_engine_context *eng_of(SSL *s)
{
    return &state_of(s)->u.c.eng;
}

/* ---- configuration ---------------------------------------------------------- */

/*
 * The version range in force: TLS 1.2 unless the program asked for older
 * versions (a lower minimum, or a maximum below 1.2); TLS 1.3 caps to 1.2.
 */
static int version_range(const kuma_config *cfg, int *min, int *max)
{
    int hi = cfg->max_version == 0 || cfg->max_version > TLS1_2_VERSION
        ? TLS1_2_VERSION : cfg->max_version;
    int lo = cfg->min_version != 0 ? cfg->min_version
        : (hi < TLS1_2_VERSION ? TLS1_VERSION : TLS1_2_VERSION);

    while (lo <= hi && kuma_config_version_disabled(cfg, lo))
        lo++;
    while (hi >= lo && kuma_config_version_disabled(cfg, hi))
        hi--;
    if (lo > hi) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_NO_PROTOCOLS_AVAILABLE,
                       "kumassl speaks TLS 1.0-1.2; none is enabled");
        return 0;
    }
    *min = lo;
    *max = hi;
    return 1;
}

/* Suites: the program's list, else the AEAD default, widened to CBC for TLS < 1.2. */
static void set_suites(br_ssl_engine_context *eng, const kuma_config *cfg, int min)
{
    kuma_suites wide;
    const kuma_suites *use = &cfg->suites;

    if (!cfg->suites_explicit && min < TLS1_2_VERSION && kuma_suites_parse(&wide, "ECDHE"))
        use = &wide;
    br_ssl_engine_set_suites(eng, use->ids, use->num);
}

/* Takes this connection's references to the credentials in force. */
static const kuma_creds *snapshot_creds(SSL *s, br_state *st)
{
    const kuma_creds *src = s->creds.cert != NULL ? &s->creds : &s->ctx->creds;

    if (!kuma_creds_snapshot(&st->creds, src)) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    return &st->creds;
}

/* A client certificate for servers that ask for one. */
static void client_set_creds(br_ssl_client_context *cc, const kuma_creds *cr)
{
    if (cr == NULL || cr->cert == NULL || cr->key == NULL)
        return;
    if (cr->key->type == EVP_PKEY_RSA)
        br_ssl_client_set_single_rsa(cc, cr->br_chain, cr->br_chain_len, &cr->key->rsa,
                                     br_rsa_pkcs1_sign_get_default());
    else
        br_ssl_client_set_single_ec(cc, cr->br_chain, cr->br_chain_len, &cr->key->ec,
                                    BR_KEYTYPE_SIGN, (unsigned)cr->cert->signer_key_type,
                                    kuma_ec_default(), kuma_algos_get()->ecdsa_sign);
}

static int client_setup(SSL *s, br_state *st)
{
    kuma_br_client_init(&st->u.c);
    br_ssl_engine_set_x509(&st->u.c.eng, &st->verifier.vtable);
    client_set_creds(&st->u.c, snapshot_creds(s, st));
    if (s->cfg.options & SSL_OP_NO_RENEGOTIATION)
        br_ssl_engine_add_flags(&st->u.c.eng, BR_OPT_NO_RENEGOTIATION);
    return kuma_br_features_client(s, &st->features, &st->u.c);
}

/*
 * OpenSSL asks for a client certificate with an empty list of CA names when
 * it trusts no CA (and lets the verify callback decide). BearSSL takes an
 * empty list as "do not ask", so this one empty name (DER SEQUENCE {}) is
 * sent instead: clients read it as no preference.
 */
static unsigned char empty_name_der[] = { 0x30, 0x00 };
static const br_x509_trust_anchor no_ca_names[] = {
    { { empty_name_der, sizeof(empty_name_der) }, 0, { 0, { { 0 } } } },
};

/* Asks for and checks client certificates when the server's mode says so. */
static void server_verify_clients(SSL *s, br_state *st)
{
    const br_x509_trust_anchor *tas;
    size_t n;
    int mode = SSL_get_verify_mode(s);

    if (!(mode & SSL_VERIFY_PEER))
        return;
    kuma_store_anchors(s->ctx->store, &tas, &n);
    if (n == 0) {
        tas = no_ca_names;
        n = 1;
    }
    br_ssl_server_set_trust_anchor_names_alt(&st->u.s, tas, n);
    br_ssl_engine_set_x509(&st->u.s.eng, &st->verifier.vtable);
    if (!(mode & SSL_VERIFY_FAIL_IF_NO_PEER_CERT))
        br_ssl_engine_add_flags(&st->u.s.eng, BR_OPT_TOLERATE_NO_CLIENT_AUTH);
}

/* The certificate and key a server presents, in BearSSL's single-credential policy. */
static int server_set_creds(SSL *s, br_state *st)
{
    br_ssl_server_context *sc = &st->u.s;
    const kuma_creds *cr = snapshot_creds(s, st);

    if (cr == NULL)
        return 0;
    if (cr->cert == NULL) {
        ERR_raise(ERR_LIB_SSL, SSL_R_NO_CERTIFICATE_ASSIGNED);
        return 0;
    }
    if (cr->key == NULL) {
        ERR_raise(ERR_LIB_SSL, SSL_R_NO_PRIVATE_KEY_ASSIGNED);
        return 0;
    }
    /* a level raised since loading; OpenSSL finds it as it writes the Certificate message */
    if (!kuma_creds_secure(cr, s->cfg.security_level))
        return 0;
    if (cr->key->type == EVP_PKEY_RSA)
        br_ssl_server_set_single_rsa(sc, cr->br_chain, cr->br_chain_len, &cr->key->rsa,
                                     BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN,
                                     br_rsa_private_get_default(), br_rsa_pkcs1_sign_get_default());
    else
        br_ssl_server_set_single_ec(sc, cr->br_chain, cr->br_chain_len, &cr->key->ec,
                                    BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN,
                                    (unsigned)cr->cert->signer_key_type,
                                    kuma_ec_default(), kuma_algos_get()->ecdsa_sign);
    return 1;
}

br_ssl_engine_context *kuma_br_engine(SSL *s)
{
    return s->engine_state != NULL ? eng_of(s) : NULL;
}

static int server_setup(SSL *s, br_state *st)
{
    kuma_br_server_init(&st->u.s);
    if (!server_set_creds(s, st))
        return 0;
    server_verify_clients(s, st);
    kuma_br_sessions_server(s, &st->sessions, &st->u.s);
    if (!(s->cfg.options & SSL_OP_ALLOW_CLIENT_RENEGOTIATION))
        br_ssl_engine_add_flags(&st->u.s.eng, BR_OPT_NO_RENEGOTIATION);
    if (s->cfg.options & SSL_OP_CIPHER_SERVER_PREFERENCE)
        br_ssl_engine_add_flags(&st->u.s.eng, BR_OPT_ENFORCE_SERVER_PREFERENCES);
    return 1;
}

/*
 * BearSSL sends records of a power of two from 512 to 4096, or 16384, the
 * largest its output half holds; io.c cuts records to the exact limit.
 */
static size_t send_half_for(size_t limit)
{
    size_t frag = 512;

    while (frag < limit)
        frag *= 2;
    return frag;
}

/*
 * The input half always takes the largest record (peers need not honour
 * any limit we would like). The output half holds the largest record we
 * send: for a client that asks for a maximum fragment length, that length
 * (BearSSL asks the server for what its output buffer allows); for a server,
 * SSL_CTX_set_max_send_fragment's, rounded up as above (a client would read
 * a smaller output half as a wish for a maximum fragment length, and offer
 * it to the server).
 */
static int set_buffers(SSL *s, br_state *st)
{
    size_t frag = SSL3_RT_MAX_PLAIN_LENGTH;

    if (s->role == KUMA_ROLE_CLIENT && kuma_ext_max_frag_len(s) != 0)
        frag = kuma_ext_max_frag_len(s);
    else if (s->role == KUMA_ROLE_SERVER && s->cfg.max_send_fragment <= 4096)
        frag = send_half_for(s->cfg.max_send_fragment);
    return kuma_br_iobuf_start(&st->io, &st->u.c.eng, BR_SSL_BUFSIZE_INPUT,
                               frag + (BR_SSL_BUFSIZE_OUTPUT - SSL3_RT_MAX_PLAIN_LENGTH));
}

static void br_free(SSL *s);

static int br_start(SSL *s)
{
    br_state *st;
    br_ssl_engine_context *eng;
    int min, max, ok;

    if (!kuma_events_check_unsupported(s) || !version_range(&s->cfg, &min, &max))
        return 0;
    st = calloc(1, sizeof(*st));
    if (st == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    s->engine_state = st;
    kuma_verifier_slot_init(&st->verifier, s);
    ok = s->role == KUMA_ROLE_CLIENT ? client_setup(s, st) : server_setup(s, st);
    if (ok)
        ok = set_buffers(s, st);
    if (ok) {
        eng = &st->u.c.eng;
        br_ssl_engine_set_versions(eng, (unsigned)min, (unsigned)max);
        set_suites(eng, &s->cfg, min);
        kuma_br_drop_weak_hashes(eng);
        ok = s->role == KUMA_ROLE_CLIENT
            ? br_ssl_client_reset(&st->u.c, s->sni, kuma_br_sessions_client(s, &st->sessions, eng))
            : br_ssl_server_reset(&st->u.s);
        if (!ok)
            kuma_raise_engine_error(s, br_ssl_engine_last_error(eng));
    }
    if (!ok)
        br_free(s);     /* a half-configured engine must never be pumped */
    return ok;
}

static void br_free(SSL *s)
{
    br_state *st = s->engine_state;

    kuma_verifier_slot_clear(&st->verifier);
    kuma_br_watch_clear(&st->watch);
    kuma_br_server_flight_clear(&st->sh_fix);
    kuma_br_iobuf_free(&st->io);
    kuma_br_features_clear(&st->features);
    kuma_creds_clear(&st->creds);
    OPENSSL_cleanse(st, sizeof(*st));       /* keys live here */
    free(st);
    s->engine_state = NULL;
}

/* ---- the four buffers ------------------------------------------------------- */

/* Gives the engine its record buffer back; on failure the connection is dead. */
static int attach(br_state *st)
{
    if (st->nomem || !kuma_br_iobuf_attach(&st->io, &st->u.c.eng)) {
        st->nomem = 1;
        return 0;
    }
    return 1;
}

static unsigned br_state_bits(SSL *s)
{
    br_state *st = state_of(s);

    if (st->nomem)
        return BR_SSL_CLOSED;
    if (st->io.buf == NULL)
        return st->io.idle_bits;        /* nothing changes while released */
    return br_ssl_engine_current_state(&st->u.c.eng);
}

/* Records to send; the client's first flight goes out with its groups in order, the server's with ec_point_formats. */
static unsigned char *sendrec_buf(SSL *s, br_state *st, size_t *len)
{
    unsigned char *buf = br_ssl_engine_sendrec_buf(&st->u.c.eng, len);

    if (s->role == KUMA_ROLE_CLIENT && !st->hello_ordered && buf != NULL) {
        st->hello_ordered = 1;
        kuma_br_order_groups(s, &st->u.c.eng, buf, *len);
    }
    if (s->role == KUMA_ROLE_SERVER)
        return kuma_br_server_flight(st, buf, len);
    return buf;
}

static unsigned char *br_buf(SSL *s, unsigned which, size_t *len)
{
    br_state *st = state_of(s);
    br_ssl_engine_context *e = &st->u.c.eng;

    if (st->io.buf == NULL && (!(br_state_bits(s) & which)
                               || (which == BR_SSL_SENDAPP && !attach(st)))) {
        *len = 0;
        return NULL;
    }
    switch (which) {
    case BR_SSL_SENDREC:
        return sendrec_buf(s, st, len);
    case BR_SSL_RECVREC:
        return kuma_br_iobuf_recv_buf(&st->io, e, len);
    case BR_SSL_SENDAPP:
        return br_ssl_engine_sendapp_buf(e, len);
    default:
        return br_ssl_engine_recvapp_buf(e, len);
    }
}

static void br_ack(SSL *s, unsigned which, size_t len)
{
    br_state *st = state_of(s);
    br_ssl_engine_context *e = &st->u.c.eng;
    size_t avail;

    if (which == BR_SSL_RECVREC) {
        kuma_br_watch_feed(s, kuma_br_iobuf_recv_buf(&st->io, e, &avail), len);
        if (st->fail.notified)
            return;                     /* the watcher failed the engine: it reads no more */
        if (!kuma_br_iobuf_recv_ack(&st->io, e, len))
            st->nomem = 1;
        else if (s->role == KUMA_ROLE_SERVER)
            kuma_br_judge_resumption(s);
        return;
    }
    if (st->io.buf == NULL)
        return;                         /* nothing was handed out */
    switch (which) {
    case BR_SSL_SENDREC:
        if (!kuma_br_server_flight_ack(st, len))
            br_ssl_engine_sendrec_ack(e, len);
        break;
    case BR_SSL_SENDAPP:
        br_ssl_engine_sendapp_ack(e, len);
        break;
    default:
        br_ssl_engine_recvapp_ack(e, len);
        break;
    }
}

static void br_flush(SSL *s)
{
    if (state_of(s)->io.buf != NULL)
        br_ssl_engine_flush(eng_of(s), 0);
}

static void br_close(SSL *s)
{
    /* a closed engine ignores a close: no buffer needed for it */
    if (!(br_state_bits(s) & BR_SSL_CLOSED) && attach(state_of(s)))
        br_ssl_engine_close(eng_of(s));
}

/* Between calls: a connection at rest gives back its buffer and verifier. */
static void br_idle(SSL *s)
{
    br_state *st = state_of(s);

    if (!st->nomem && kuma_br_iobuf_release(&st->io, &st->u.c.eng))
        kuma_verifier_slot_release(&st->verifier);
}

static int br_last_error(SSL *s)
{
    return state_of(s)->nomem ? KUMA_BR_ERR_NOMEM : br_ssl_engine_last_error(eng_of(s));
}

static int br_raise_failure(SSL *s)
{
    int err = br_last_error(s);

    if (err == BR_ERR_OK)
        return 0;
    if (err >= BR_ERR_RECV_FATAL_ALERT && err < BR_ERR_SEND_FATAL_ALERT)
        kuma_events_alert(s, SSL_CB_READ_ALERT, SSL3_AL_FATAL, err - BR_ERR_RECV_FATAL_ALERT);
    kuma_br_notify_failure(s);          /* the peer hears why at once, in or after a handshake */
    kuma_raise_engine_error(s, err);
    return 1;
}

static int br_peer_closed(SSL *s)
{
    return eng_of(s)->shutdown_recv;
}

static int br_version(SSL *s)
{
    return br_ssl_engine_get_version(eng_of(s));
}

static uint16_t br_cipher(SSL *s)
{
    return eng_of(s)->session.cipher_suite;
}

static const char *br_server_name(SSL *s)
{
    return br_ssl_engine_get_server_name(eng_of(s));
}

/* BearSSL's engine speaks TLS 1.2 and older: no KeyUpdate. */
static int br_key_update(SSL *s, int type)
{
    (void)s;
    (void)type;
    ERR_raise_data(ERR_LIB_SSL, SSL_R_WRONG_SSL_VERSION, "KeyUpdate exists in TLS 1.3 only");
    return 0;
}

static int br_key_update_type(SSL *s)
{
    (void)s;
    return SSL_KEY_UPDATE_NONE;
}

/* BearSSL's curve ids are the TLS NamedGroup ids; 0 when no ECDHE took place. */
static uint16_t br_group(SSL *s)
{
    br_ssl_engine_context *eng = eng_of(s);
    const SSL_CIPHER *c = kuma_cipher_by_id(eng->session.cipher_suite);

    return c != NULL && strncmp(c->name, "ECDHE-", 6) == 0 ? br_ssl_engine_get_ecdhe_curve(eng) : 0;
}

/* BearSSL does not tell which signature algorithm the peer used. */
static uint16_t br_peer_sig_scheme(SSL *s)
{
    (void)s;
    return 0;
}

static void br_handshake_done(SSL *s)
{
    memcpy(s->client_random, eng_of(s)->client_random, sizeof(s->client_random));
    memcpy(s->server_random, eng_of(s)->server_random, sizeof(s->server_random));
    kuma_br_sessions_done(s, &state_of(s)->sessions, eng_of(s));
    kuma_br_keylog(s, eng_of(s));
}

/* ---- the feature files' requests and queries ---------------------------------------- */

static int br_reload_creds(SSL *s)
{
    return server_set_creds(s, state_of(s));
}

static int br_hello_settled(SSL *s)
{
    return kuma_br_features_hello(s, &state_of(s)->features, &state_of(s)->u.s);
}

/* ext.c rejected the ClientHello: it sent the alert and queued the reason. */
static void br_fail(SSL *s, int alert)
{
    br_state *st = state_of(s);

    st->fail.reason = KUMA_BR_REASON_QUEUED;
    st->fail.alert = alert;
    st->fail.notified = 1;
    br_ssl_engine_fail(eng_of(s), BR_ERR_SEND_FATAL_ALERT + alert);
}

static const unsigned char *br_alpn_selected(SSL *s, unsigned int *len)
{
    return kuma_br_alpn_selected(eng_of(s), len);
}

static size_t br_finished(SSL *s, int clients, void *buf, size_t count)
{
    return kuma_br_finished(eng_of(s), clients, buf, count);
}

static int br_export_keys(SSL *s, unsigned char *out, size_t olen, const char *label, size_t llen,
                          const unsigned char *context, size_t contextlen)
{
    return kuma_br_export_keys(eng_of(s), out, olen, label, llen, context, contextlen);
}

const kuma_engine_vtable kuma_engine_br = {
    .start = br_start,
    .free = br_free,
    .state = br_state_bits,
    .buf = br_buf,
    .ack = br_ack,
    .flush = br_flush,
    .close = br_close,
    .raise_failure = br_raise_failure,
    .peer_closed = br_peer_closed,
    .version = br_version,
    .cipher = br_cipher,
    .server_name = br_server_name,
    .notify_failure = kuma_br_notify_failure,
    .handshake_done = br_handshake_done,
    .idle = br_idle,
    .reload_creds = br_reload_creds,
    .hello_settled = br_hello_settled,
    .fail = br_fail,
    .alpn_selected = br_alpn_selected,
    .finished = br_finished,
    .export_keys = br_export_keys,
    .key_update = br_key_update,
    .key_update_type = br_key_update_type,
    .group = br_group,
    .peer_sig_scheme = br_peer_sig_scheme,
};
