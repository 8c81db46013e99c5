/*
 * kumassl: the TLS 1.3 server's external PSKs (RFC 8446 sections 4.2.9,
 * 4.2.11): each identity a ClientHello offers is asked of the program's
 * callbacks (psk_map.c: the find-session callback, then the TLS 1.2 PSK
 * callback with SHA-256); the first one known, with a key exchange mode
 * both sides allow (psk_ke only under SSL_OP_ALLOW_NO_DHE_KEX, as OpenSSL),
 * is used when its binder verifies. As OpenSSL, the server then prefers a
 * suite of the PSK's hash. Identities no callback knows are left to the
 * tickets (tickets.c).
 */
#include <string.h>
#include "psk_int.h"
#include "psk_map.h"
#include "psk_engine.h"
#include "events_int.h"

int kuma13_server_has_psk(const SSL *s)
{
    const kuma_early *e = kuma_early_settings(s);

    return e->psk_server != NULL || e->psk_find_session != NULL;
}

/* The modes of ch the server may use (KUMA13_MODE_*). */
static unsigned usable_modes(const kuma13_conn *c, const kuma13_client_hello *ch)
{
    unsigned modes = kuma13_parse_psk_modes(&ch->psk_modes);

    if (!(c->ssl->cfg.options & SSL_OP_ALLOW_NO_DHE_KEX))
        modes &= ~KUMA13_MODE_PSK_KE;
    return modes;
}

int kuma13_server_psk_ke(const kuma13_conn *c, const kuma13_client_hello *ch)
{
    return c->ext_psk != NULL && usable_modes(c, ch) == KUMA13_MODE_PSK_KE;
}

static void drop_psk(kuma13_conn *c)
{
    kuma13_psk_conn_clear(c);
    c->ext_psk_index = -1;
}

/* 1 when the server allows suite (SSL_CTX_set_ciphersuites, else all three). */
static int server_allows(const kuma13_conn *c, uint16_t suite)
{
    const kuma_config *cfg = &c->ssl->cfg;

    return !cfg->tls13_suites_set || kuma13_u16_in(cfg->tls13_suites, cfg->num_tls13_suites, suite);
}

/*
 * The suite the PSK asks for: one of its hash; its own when the client
 * sends early data on it (section 4.2.10: early data needs the PSK's
 * suite). 0 when it fits, -1 when no suite of both sides has its hash.
 */
static int fit_suite(kuma13_conn *c, const kuma13_client_hello *ch, const kuma_ext_psk *psk)
{
    const br_hash_class *h = kuma13_suite_by_id(psk->suite)->hash;
    const kuma13_suite *s;

    if (!c->hrr_seen && psk->max_early_data > 0 && KUMA13_HAS(&ch->exts, KUMA13_EXT_EARLY_DATA)
        && kuma13_span_has_u16(&ch->suites, psk->suite) && server_allows(c, psk->suite)) {
        c->suite = kuma13_suite_by_id(psk->suite);
        return 0;
    }
    if (c->suite->hash == h)
        return 0;
    if (c->hrr_seen || (s = kuma13_server_choose_suite(c, ch, h)) == NULL)
        return -1;                      /* the retry fixed the suite */
    c->suite = s;
    return 0;
}

/* Asks the callbacks about each identity in turn; 1 when one is known (c->ext_psk). */
static int lookup(kuma13_conn *c, const kuma13_client_hello *ch, const kuma13_psk_offer *offer)
{
    kuma_ext_psk *psk = c->ext_psk;
    size_t i;

    for (i = 0; i < offer->count && i < KUMA13_MAX_PSK_IDENTITIES; i++) {
        const kuma13_span *id = &offer->ids[i].identity;
        int r = kuma_psk_server_find(c->ssl, id->p, id->len, psk);

        if (r < 0)
            return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, SSL_R_BAD_PSK, "the PSK callback failed");
        if (r == 1 && kuma13_suite_by_id(psk->suite) != NULL && fit_suite(c, ch, psk) == 0) {
            c->ext_psk_index = (int)i;
            return 1;
        }
        kuma_ext_psk_clear(psk);
    }
    return 0;
}

int kuma13_server_psk_find(kuma13_conn *c, const kuma13_client_hello *ch)
{
    const kuma13_span *ext = &ch->exts.data[kuma13_ext_index(KUMA13_EXT_PRE_SHARED_KEY)];
    kuma13_psk_offer offer;
    int err;

    drop_psk(c);
    if (!KUMA13_HAS(&ch->exts, KUMA13_EXT_PRE_SHARED_KEY) || !kuma13_server_has_psk(c->ssl))
        return 0;
    if ((err = kuma13_check_psk_exts(ch)) != 0)
        return kuma13_fail_in(c, "tls_parse_ctos_psk", err,
                              err == SSL_AD_MISSING_EXTENSION
                              ? SSL_R_MISSING_PSK_KEX_MODES_EXTENSION : SSL_R_BAD_EXTENSION,
                              "pre_shared_key without psk_key_exchange_modes");
    if ((err = kuma13_parse_psk_offer(ext->p, ext->len, &offer)) != 0)
        return kuma13_fail_decode(c, err, "malformed pre_shared_key");
    if (usable_modes(c, ch) == 0)
        return 0;                       /* no mode to use a PSK in: certificates */
    if ((c->ext_psk = malloc(sizeof(kuma_ext_psk))) == NULL)
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_MALLOC_FAILURE, "out of memory");
    err = lookup(c, ch, &offer);
    if (err <= 0)
        drop_psk(c);
    return err < 0 ? -1 : 0;
}

int kuma13_server_psk_accept(kuma13_conn *c, const kuma13_client_hello *ch,
                             const unsigned char *msg, size_t len)
{
    const kuma_ext_psk *psk = c->ext_psk;
    const br_hash_class *h = c->suite->hash;
    kuma13_psk_offer offer;
    kuma13_schedule early;
    const kuma13_span *ext;
    unsigned char key[KUMA13_MAX_HASH];
    int err;

    if (psk == NULL)
        return 0;
    ext = &ch->exts.data[kuma13_ext_index(KUMA13_EXT_PRE_SHARED_KEY)];
    (void)kuma13_parse_psk_offer(ext->p, ext->len, &offer);
    kuma13_schedule_early(&early, h, psk->key, psk->key_len);
    kuma13_psk_binder_key(&early, 1, key);
    err = kuma13_psk_verify_binder(h, key, c->hrr_seen ? &c->tr : NULL, msg, len, &offer,
                                   (size_t)c->ext_psk_index);
    kuma13_schedule_clear(&early);
    OPENSSL_cleanse(key, sizeof key);
    /* OpenSSL 3.0 answers a wrong binder with illegal_parameter (later releases: decrypt_error) */
    if (err == SSL_AD_DECRYPT_ERROR)
        return kuma13_fail_in(c, "tls_psk_do_binder", SSL_AD_ILLEGAL_PARAMETER,
                              SSL_R_BINDER_DOES_NOT_VERIFY, "the PSK binder does not verify");
    if (err)
        return kuma13_fail(c, err, SSL_R_BAD_EXTENSION, "the PSK binders are not last");
    if (!kuma_psk_server_accepted(c->ssl, psk))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_MALLOC_FAILURE, "out of memory");
    memcpy(c->psk, psk->key, psk->key_len);
    c->psk_len = psk->key_len;
    c->psk_identity = (uint16_t)c->ext_psk_index;
    c->psk_max_early = psk->max_early_data;
    c->psk_suite = psk->suite;
    c->psk_issued_ms = 0;
    c->resumed = 1;
    return 0;
}
