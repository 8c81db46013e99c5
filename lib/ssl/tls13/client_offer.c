/*
 * kumassl: the TLS 1.3 client's one pre_shared_key extension (RFC 8446
 * section 4.2.11): the resumption ticket of the session set
 * (client_session.c) first, then the program's external PSK
 * (client_psk.c), each with its own binder (res binder, ext binder) over
 * the same truncated ClientHello; and the ServerHello's selected_identity
 * mapped back to the one chosen. Early data goes under the first one.
 */
#include <string.h>
#include "psk_int.h"
#include "psk_engine.h"

/* The PSKs offered, in the ClientHello's order; their number. */
static size_t offered(const kuma13_conn *c, kuma13_offered_psk k[2])
{
    size_t n = 0;

    n += (size_t)kuma13_client_resume_offer(c, &k[n]);
    n += (size_t)kuma13_client_ext_psk_offer(c, &k[n]);
    return n;
}

size_t kuma13_client_psks_offered(const kuma13_conn *c)
{
    kuma13_offered_psk k[2];

    return offered(c, k);
}

int kuma13_client_first_psk(const kuma13_conn *c, kuma13_offered_psk *first)
{
    kuma13_offered_psk k[2];

    if (offered(c, k) == 0)
        return 0;
    *first = k[0];
    return 1;
}

size_t kuma13_client_psk_room(const kuma13_conn *c)
{
    return kuma13_client_resume_room(c) + kuma13_client_ext_psk_room(c);
}

/* Sets the binder of entry index of the ClientHello msg (len bytes; truncated: what it covers). */
static int bind(const kuma13_conn *c, const kuma13_offered_psk *k, size_t index,
                unsigned char *msg, size_t len, size_t truncated)
{
    const br_hash_class *h = k->suite->hash;
    kuma13_schedule early;
    unsigned char key[KUMA13_MAX_HASH], binder[KUMA13_MAX_HASH];
    int ok;

    kuma13_schedule_early(&early, h, k->key, k->key_len);
    kuma13_psk_binder_key(&early, k->external, key);
    /* after a HelloRetryRequest the binder covers ClientHello1's hash and the retry too */
    kuma13_psk_binder(h, key, c->hrr_seen ? &c->tr : NULL, msg, truncated, binder);
    ok = kuma13_psk_set_binder(msg, len, index, binder, k->entry.binder_len) == 0;
    kuma13_schedule_clear(&early);
    OPENSSL_cleanse(key, sizeof key);
    OPENSSL_cleanse(binder, sizeof binder);
    return ok;
}

int kuma13_client_offer_psks(kuma13_conn *c, unsigned char *msg, size_t *len, size_t cap)
{
    kuma13_offered_psk k[2];
    kuma13_psk_entry e[2];
    size_t n = offered(c, k), truncated, i;
    int ok = 1;

    if (n == 0)
        return 1;
    for (i = 0; i < n; i++)
        e[i] = k[i].entry;
    if (kuma13_client_hello_add_psk(msg, len, cap, e, n, &truncated) != 0)
        return 0;
    for (i = 0; i < n && ok; i++)
        ok = bind(c, &k[i], i, msg, *len, truncated);
    return ok;
}

/* The PSK k the server selected under suite: c->resumed, c->psk. 0, or -1 (another hash). */
static int use_selected(kuma13_conn *c, const kuma13_offered_psk *k, const kuma13_suite *suite)
{
    if (suite->hash != k->suite->hash)
        return k->external ? kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_PSK,
                                         "the server's cipher suite is not of the PSK's hash")
                           : kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER,
                                         SSL_R_CIPHERSUITE_DIGEST_HAS_CHANGED,
                                         "the server resumes with a suite of another hash");
    memcpy(c->psk, k->key, k->key_len);
    c->psk_len = k->key_len;
    c->resumed = 1;
    return 0;
}

int kuma13_client_psk_selected(kuma13_conn *c, const kuma13_server_hello *sh)
{
    kuma13_offered_psk k[2];
    size_t n = offered(c, k);

    if (!sh->has_psk)
        return 0;                       /* certificates then, as if none had been offered */
    if (kuma13_psk_check_selected(sh->psk_identity, n) != 0)
        return kuma13_fail_in(c, "tls_parse_stoc_psk", SSL_AD_ILLEGAL_PARAMETER,
                              SSL_R_BAD_PSK_IDENTITY, "the server selected a PSK not offered");
    if (use_selected(c, &k[sh->psk_identity], kuma13_suite_by_id(sh->suite)) < 0)
        return -1;
    c->psk_identity = sh->psk_identity;
    if (!KUMA13_HAS(&sh->exts, KUMA13_EXT_KEY_SHARE)) {
        if (!(c->ssl->cfg.options & SSL_OP_ALLOW_NO_DHE_KEX))
            return kuma13_fail(c, SSL_AD_MISSING_EXTENSION, SSL_R_NO_SUITABLE_KEY_SHARE,
                               "psk_ke was not offered: the ServerHello needs a key share");
        c->psk_ke = 1;
    }
    return 0;
}
