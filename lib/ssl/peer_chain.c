/*
 * kumassl: checking the certificates a peer sent, for either engine. The
 * engine collects the certificates (leaf first, their DER and decodings,
 * s->peer_chain holding the decodings); this file has chain.c check them
 * with the connection's settings -- its X509_VERIFY_PARAM (time, depth,
 * host names), the verify callback, the purpose of the role -- and applies
 * the verification mode: the result is kept for SSL_get_verify_result()
 * even under SSL_VERIFY_NONE, the built path for SSL_get0_verified_chain().
 */
#include <string.h>
#include "ssl_int.h"

/*
 * The callback in force: the SSL's, else its store's, as OpenSSL's
 * X509_STORE_CTX_init and SSL verification choose it.
 */
static SSL_verify_cb callback_of(const SSL *s)
{
    if (s->cfg.verify_cb != NULL)
        return s->cfg.verify_cb;
    return s->ctx->store != NULL ? s->ctx->store->verify_cb : NULL;
}

/*
 * Sets up the check of the received certificates. The callback's context
 * borrows everything (nothing in it is freed), and carries the SSL for
 * SSL_get_ex_data_X509_STORE_CTX_idx().
 */
static void prepare_check(SSL *s, kuma_chain *chain, X509_STORE *store,
                          const kuma_chain_cert *certs, X509_STORE_CTX *sctx)
{
    memset(sctx, 0, sizeof(*sctx));
    sctx->ssl = s;
    sctx->store = store;
    sctx->cert = chain->count > 0 ? certs[0].x : NULL;
    sctx->untrusted = s->peer_chain;
    sctx->param = s->param;
    sctx->verify_cb = callback_of(s);
    chain->store = store;
    chain->certs = certs;
    chain->param = s->param;
    chain->cb = sctx->verify_cb;
    chain->sctx = sctx;
    /* a server checks its clients' certificates, a client the server's (OpenSSL's default purposes) */
    chain->purpose = SSL_is_server(s) ? KUMA_PURPOSE_SSL_CLIENT : KUMA_PURPOSE_SSL_SERVER;
    chain->auth_level = s->cfg.security_level;
}

/* A rejected peer leaves nothing behind. */
static void drop_peer(SSL *s, kuma_chain *chain)
{
    sk_X509_pop_free(s->peer_chain, X509_free);
    s->peer_chain = NULL;
    sk_X509_pop_free(s->verified_chain, X509_free);
    s->verified_chain = NULL;
    chain->count = 0;
    chain->path_len = 0;
}

int kuma_peer_chain_check(SSL *s, kuma_chain *chain, X509_STORE *store,
                          const kuma_chain_cert *certs)
{
    X509_STORE_CTX sctx;

    prepare_check(s, chain, store, certs, &sctx);
    s->verify_result = kuma_chain_verify(chain);
    sk_X509_pop_free(s->verified_chain, X509_free);
    s->verified_chain = sctx.chain;     /* taken over from the callback's context */
    if (chain->cb_ok || !(SSL_get_verify_mode(s) & SSL_VERIFY_PEER))
        return 1;
    drop_peer(s, chain);
    return 0;
}

/*
 * The alert for each verification result, as OpenSSL 3.0 sends it (its
 * ssl_x509err2alert table); a result not listed gets certificate_unknown.
 */
static const struct {
    int err;
    unsigned char alert;
} verify_alerts[] = {
    { X509_V_ERR_APPLICATION_VERIFICATION, SSL_AD_HANDSHAKE_FAILURE },
    { X509_V_ERR_CA_KEY_TOO_SMALL, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_EC_KEY_EXPLICIT_PARAMS, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_CA_MD_TOO_WEAK, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_CERT_CHAIN_TOO_LONG, SSL_AD_UNKNOWN_CA },
    { X509_V_ERR_CERT_HAS_EXPIRED, SSL_AD_CERTIFICATE_EXPIRED },
    { X509_V_ERR_CERT_NOT_YET_VALID, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_CERT_REJECTED, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_CERT_REVOKED, SSL_AD_CERTIFICATE_REVOKED },
    { X509_V_ERR_CERT_SIGNATURE_FAILURE, SSL_AD_DECRYPT_ERROR },
    { X509_V_ERR_CERT_UNTRUSTED, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_CRL_HAS_EXPIRED, SSL_AD_CERTIFICATE_EXPIRED },
    { X509_V_ERR_CRL_NOT_YET_VALID, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_CRL_SIGNATURE_FAILURE, SSL_AD_DECRYPT_ERROR },
    { X509_V_ERR_DANE_NO_MATCH, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, SSL_AD_UNKNOWN_CA },
    { X509_V_ERR_EE_KEY_TOO_SMALL, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_EMAIL_MISMATCH, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_HOSTNAME_MISMATCH, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_INVALID_CA, SSL_AD_UNKNOWN_CA },
    { X509_V_ERR_INVALID_CALL, SSL_AD_INTERNAL_ERROR },
    { X509_V_ERR_INVALID_PURPOSE, SSL_AD_UNSUPPORTED_CERTIFICATE },
    { X509_V_ERR_IP_ADDRESS_MISMATCH, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_OUT_OF_MEM, SSL_AD_INTERNAL_ERROR },
    { X509_V_ERR_PATH_LENGTH_EXCEEDED, SSL_AD_UNKNOWN_CA },
    { X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, SSL_AD_UNKNOWN_CA },
    { X509_V_ERR_STORE_LOOKUP, SSL_AD_INTERNAL_ERROR },
    { X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE, SSL_AD_BAD_CERTIFICATE },
    { X509_V_ERR_UNABLE_TO_GET_CRL, SSL_AD_UNKNOWN_CA },
    { X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER, SSL_AD_UNKNOWN_CA },
    { X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, SSL_AD_UNKNOWN_CA },
    { X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, SSL_AD_UNKNOWN_CA },
    { X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, SSL_AD_UNKNOWN_CA },
    { X509_V_ERR_UNSPECIFIED, SSL_AD_INTERNAL_ERROR },
};

int kuma_verify_alert(long verify_result)
{
    size_t i;

    for (i = 0; i < sizeof(verify_alerts) / sizeof(verify_alerts[0]); i++)
        if (verify_alerts[i].err == verify_result)
            return verify_alerts[i].alert;
    return SSL_AD_CERTIFICATE_UNKNOWN;
}
