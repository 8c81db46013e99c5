/*
 * kumassl: the TLS 1.3 client's external PSK (RFC 8446 sections 4.2.9,
 * 4.2.11): the PSK the program's callbacks give (psk_map.c) offered in
 * the ClientHello with psk_dhe_ke (and psk_ke under SSL_OP_ALLOW_NO_DHE_KEX,
 * as OpenSSL), its binder under "ext binder" (client_offer.c puts it in
 * the one pre_shared_key, after a ticket, and maps the server's selection
 * back). A server that does not select it is answered with
 * certificates as if it had not been offered, as under OpenSSL.
 */
#include <string.h>
#include "psk_int.h"
#include "psk_map.h"
#include "psk_engine.h"
#include "events_int.h"

/* Room the offer adds to a ClientHello: lengths, the identity, the binder. */
#define OFFER_OVERHEAD (32 + KUMA13_MAX_HASH)

void kuma13_psk_conn_clear(kuma13_conn *c)
{
    if (c->ext_psk != NULL) {
        kuma_ext_psk_clear(c->ext_psk);
        free(c->ext_psk);
        c->ext_psk = NULL;
    }
    OPENSSL_cleanse(c->psk, sizeof c->psk);
    c->psk_len = 0;
}

int kuma13_client_has_psk(const SSL *s)
{
    const kuma_early *e = kuma_early_settings(s);

    return e->psk_client != NULL || e->psk_use_session != NULL;
}

/* The hash a PSK of the second ClientHello must have: the HelloRetryRequest's suite's. */
static const EVP_MD *retry_md(const kuma13_conn *c)
{
    return c->hrr_seen ? SSL_CIPHER_get_handshake_digest(kuma_cipher_by_id(c->hrr_suite)) : NULL;
}

int kuma13_client_ext_psk_prepare(kuma13_conn *c)
{
    kuma_ext_psk *psk = c->ext_psk;
    int r;

    if (psk == NULL && (psk = c->ext_psk = malloc(sizeof *psk)) == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    r = kuma_psk_client_offer(c->ssl, retry_md(c), psk);
    if (r <= 0 || kuma13_suite_by_id(psk->suite) == NULL) {
        kuma13_psk_conn_clear(c);
        return r == 0;                  /* none to offer is no failure */
    }
    return 1;
}

size_t kuma13_client_ext_psk_room(const kuma13_conn *c)
{
    const kuma_ext_psk *psk = c->ext_psk;

    return psk != NULL ? OFFER_OVERHEAD + psk->identity_len : 0;
}

int kuma13_client_ext_psk_offer(const kuma13_conn *c, kuma13_offered_psk *k)
{
    const kuma_ext_psk *psk = c->ext_psk;

    if (psk == NULL)
        return 0;
    memset(k, 0, sizeof *k);
    k->suite = kuma13_suite_by_id(psk->suite);
    k->key = psk->key;
    k->key_len = psk->key_len;
    k->external = 1;
    k->max_early_data = psk->max_early_data;
    k->entry.identity = psk->identity;
    k->entry.identity_len = psk->identity_len;
    k->entry.binder_len = kuma13_hash_len(k->suite->hash);  /* obfuscated_ticket_age 0 */
    return 1;
}
