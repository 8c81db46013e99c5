/*
 * kumassl: sessions between BearSSL's engine and session.c/sess_cache.c.
 *
 * The feature files keep sessions as kuma_session_params; BearSSL as
 * br_ssl_session_parameters, with the same fields. A client offers the
 * session session.c chooses; a server is given a br_ssl_session_cache_class
 * whose save()/load() call sess_cache.c's neutral get/put. BearSSL has no
 * "resumed" flag: a resumption keeps the session id and the master secret
 * of the session offered (client) or loaded (server).
 */
#include <string.h>
#include "br_int.h"

static void to_kuma(kuma_session_params *k, const br_ssl_session_parameters *b)
{
    memset(k, 0, sizeof(*k));
    k->version = b->version;
    k->cipher_suite = b->cipher_suite;
    k->session_id_len = b->session_id_len;
    memcpy(k->session_id, b->session_id, sizeof(k->session_id));
    memcpy(k->master_secret, b->master_secret, sizeof(k->master_secret));
}

static void to_br(br_ssl_session_parameters *b, const kuma_session_params *k)
{
    memset(b, 0, sizeof(*b));
    b->version = k->version;
    b->cipher_suite = k->cipher_suite;
    b->session_id_len = k->session_id_len;
    memcpy(b->session_id, k->session_id, sizeof(b->session_id));
    memcpy(b->master_secret, k->master_secret, sizeof(b->master_secret));
}

static void forget_tried(kuma_br_sessions *bs)
{
    OPENSSL_cleanse(&bs->tried, sizeof(bs->tried));
    bs->tried_set = 0;
}

/* ---- client ------------------------------------------------------------------------ */

int kuma_br_sessions_client(SSL *s, kuma_br_sessions *bs, br_ssl_engine_context *eng)
{
    br_ssl_session_parameters bp;

    forget_tried(bs);
    if (!kuma_session_to_offer(s, eng->version_min, eng->version_max, eng->suites_buf,
                               eng->suites_num, &bs->tried))
        return 0;
    bs->tried_set = 1;
    to_br(&bp, &bs->tried);
    br_ssl_engine_set_session_parameters(eng, &bp);
    OPENSSL_cleanse(&bp, sizeof(bp));
    return 1;
}

/* ---- server: the cache BearSSL calls --------------------------------------------------- */

static kuma_br_sessions *sessions_of(const br_ssl_session_cache_class **vt)
{
    return (kuma_br_sessions *)(void *)vt;      /* the vtable is the first field */
}

static void cache_save(const br_ssl_session_cache_class **vt, br_ssl_server_context *sc,
                       const br_ssl_session_parameters *params)
{
    kuma_br_sessions *bs = sessions_of(vt);
    kuma_session_params kp;

    (void)sc;
    to_kuma(&kp, params);
    kuma_session_cache_put(bs->ssl, &kp);
    OPENSSL_cleanse(&kp, sizeof(kp));
}

static int cache_load(const br_ssl_session_cache_class **vt, br_ssl_server_context *sc,
                      br_ssl_session_parameters *params)
{
    kuma_br_sessions *bs = sessions_of(vt);

    (void)sc;
    forget_tried(bs);
    if (!kuma_session_cache_get(bs->ssl, params->session_id, params->session_id_len, &bs->tried))
        return 0;
    bs->tried_set = 1;
    to_br(params, &bs->tried);
    return 1;
}

static const br_ssl_session_cache_class cache_vtable = {
    sizeof(kuma_br_sessions), cache_save, cache_load
};

void kuma_br_sessions_server(SSL *s, kuma_br_sessions *bs, br_ssl_server_context *sc)
{
    forget_tried(bs);
    if (!kuma_session_server_cache(s))
        return;
    bs->vtable = &cache_vtable;
    bs->ssl = s;
    br_ssl_server_set_cache(sc, &bs->vtable);
}

/* ---- after the handshake ----------------------------------------------------------------- */

void kuma_br_sessions_done(SSL *s, kuma_br_sessions *bs, const br_ssl_engine_context *eng)
{
    br_ssl_session_parameters bp;
    kuma_session_params kp;

    br_ssl_engine_get_session_parameters(eng, &bp);
    to_kuma(&kp, &bp);
    kuma_session_established(s, &kp, bs->tried_set && kuma_session_params_equal(&bs->tried, &kp));
    forget_tried(bs);
    OPENSSL_cleanse(&bp, sizeof(bp));
    OPENSSL_cleanse(&kp, sizeof(kp));
}
