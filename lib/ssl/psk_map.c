/*
 * kumassl: OpenSSL's PSK callbacks turned into TLS 1.3 external PSKs for
 * the engines (see psk_map.h): the session callbacks first, then the TLS
 * 1.2 ones with SHA-256, as OpenSSL 3 does.
 */
#include <string.h>
#include "psk_map.h"
#include "events_int.h"
#include "session_int.h"

void kuma_ext_psk_clear(kuma_ext_psk *psk)
{
    OPENSSL_cleanse(psk, sizeof *psk);
}

static int bad_psk(const char *why)
{
    ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_PSK, "%s", why);
    return -1;
}

static int is_tls13_suite(uint16_t suite)
{
    return suite >= 0x1301 && suite <= 0x1303;
}

/*
 * The PSK of a session a callback handed over (its reference is ours: it
 * is dropped here). md, when not NULL, is the hash the PSK must have.
 */
static int psk_from_session(SSL_SESSION *sess, const unsigned char *id, size_t id_len,
                            const EVP_MD *md, kuma_ext_psk *psk)
{
    const SSL_CIPHER *c = kuma_cipher_by_id(sess->params.cipher_suite);
    int r = 1;

    if (sess->params.version != TLS1_3_VERSION || !is_tls13_suite(sess->params.cipher_suite))
        r = bad_psk("the PSK session is not TLS 1.3 (SSL_SESSION_set_protocol_version, "
                    "SSL_SESSION_set_cipher)");
    else if (sess->master_key_len == 0 || sess->master_key_len > KUMA_PSK_MAX_KEY)
        r = bad_psk("the PSK session has no key (SSL_SESSION_set1_master_key)");
    else if (id_len == 0 || id_len > KUMA_PSK_MAX_IDENTITY || id == NULL)
        r = bad_psk("the PSK identity is empty or too long");
    else if (md != NULL && SSL_CIPHER_get_handshake_digest(c) != md)
        r = 0;                          /* made for another hash than the server's suite */
    if (r == 1) {
        memcpy(psk->identity, id, id_len);
        psk->identity_len = id_len;
        memcpy(psk->key, sess->master_key, sess->master_key_len);
        psk->key_len = sess->master_key_len;
        psk->suite = sess->params.cipher_suite;
        psk->max_early_data = sess->max_early_data;
        psk->from_session = 1;
    }
    SSL_SESSION_free(sess);
    return r;
}

/* A TLS 1.2 callback's key (key_len bytes already in psk->key) for TLS 1.3. */
static int psk_from_legacy(unsigned key_len, const char *identity, kuma_ext_psk *psk)
{
    size_t id_len = strlen(identity);

    if (key_len == 0)
        return 0;                       /* the callback has no PSK for us */
    if (key_len > PSK_MAX_PSK_LEN || id_len == 0 || id_len > PSK_MAX_IDENTITY_LEN)
        return bad_psk("the PSK callback returned a key or identity of a bad length");
    memcpy(psk->identity, identity, id_len);
    psk->identity_len = id_len;
    psk->key_len = key_len;
    psk->suite = KUMA_PSK_LEGACY_SUITE;
    psk->max_early_data = 0;            /* OpenSSL: no early data with these callbacks */
    psk->from_session = 0;
    return 1;
}

static int client_legacy(SSL *s, SSL_psk_client_cb_func cb, const EVP_MD *md, kuma_ext_psk *psk)
{
    char identity[PSK_MAX_IDENTITY_LEN + 1];
    unsigned key_len;

    /* its keys are SHA-256's: after an HRR to another hash there is nothing to offer */
    if (md != NULL && md != EVP_sha256())
        return 0;
    memset(identity, 0, sizeof identity);
    key_len = cb(s, NULL, identity, PSK_MAX_IDENTITY_LEN, psk->key, PSK_MAX_PSK_LEN);
    return psk_from_legacy(key_len, identity, psk);
}

static int mark_offered(SSL *s, int r)
{
    kuma_events_ssl *ev;

    if (r >= 0 && (ev = kuma_events_ssl_of(s)) != NULL)
        ev->psk_offered = 1;
    return r;
}

int kuma_psk_client_offer(SSL *s, const EVP_MD *md, kuma_ext_psk *psk)
{
    const kuma_early *e = kuma_early_settings(s);
    SSL_psk_client_cb_func legacy = e->psk_client;

    memset(psk, 0, sizeof *psk);
    if (e->psk_use_session != NULL) {
        const unsigned char *id = NULL;
        size_t id_len = 0;
        SSL_SESSION *sess = NULL;

        if (!e->psk_use_session(s, md, &id, &id_len, &sess)) {
            SSL_SESSION_free(sess);
            return bad_psk("the PSK use-session callback failed");
        }
        if (sess != NULL)
            return mark_offered(s, psk_from_session(sess, id, id_len, md, psk));
    }
    return legacy != NULL ? mark_offered(s, client_legacy(s, legacy, md, psk)) : 0;
}

static int server_legacy(SSL *s, SSL_psk_server_cb_func cb, const unsigned char *id,
                         size_t id_len, kuma_ext_psk *psk)
{
    char identity[PSK_MAX_IDENTITY_LEN + 1];

    /* the callback takes a string: identities it cannot be given are unknown to it */
    if (id_len == 0 || id_len > PSK_MAX_IDENTITY_LEN || memchr(id, 0, id_len) != NULL)
        return 0;
    memcpy(identity, id, id_len);
    identity[id_len] = '\0';
    return psk_from_legacy(cb(s, identity, psk->key, PSK_MAX_PSK_LEN), identity, psk);
}

int kuma_psk_server_find(SSL *s, const unsigned char *id, size_t id_len, kuma_ext_psk *psk)
{
    const kuma_early *e = kuma_early_settings(s);

    memset(psk, 0, sizeof *psk);
    if (e->psk_find_session != NULL) {
        SSL_SESSION *sess = NULL;

        if (!e->psk_find_session(s, id, id_len, &sess)) {
            SSL_SESSION_free(sess);
            return bad_psk("the PSK find-session callback failed");
        }
        if (sess != NULL)
            return psk_from_session(sess, id, id_len, NULL, psk);
    }
    return e->psk_server != NULL ? server_legacy(s, e->psk_server, id, id_len, psk) : 0;
}

int kuma_psk_server_accepted(SSL *s, const kuma_ext_psk *psk)
{
    kuma_events_ssl *ev = kuma_events_ssl_of(s);
    char *copy;

    if (ev == NULL || (copy = malloc(psk->identity_len + 1)) == NULL) {
        if (ev != NULL)
            ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    memcpy(copy, psk->identity, psk->identity_len);
    copy[psk->identity_len] = '\0';
    free(ev->psk_identity);
    ev->psk_identity = copy;
    return 1;
}
