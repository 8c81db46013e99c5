/*
 * kumassl: the certificates of a TLS 1.3 Certificate message, handed to
 * the engine-neutral checker (peer_chain.c) so that verify modes,
 * callbacks, SSL_get_verify_result and the alerts are those of TLS 1.2.
 * The server uses it for client certificates; the client's copy of the
 * same steps lives in client.c for now.
 */
#include <string.h>
#include "tls13_int.h"

/* Decodes the certificates into s->peer_chain (leaf first) and certs. */
static int decode_certs(SSL *s, const kuma13_certificate *cm, kuma_chain_cert *certs)
{
    size_t i;

    sk_X509_pop_free(s->peer_chain, X509_free);
    sk_X509_pop_free(s->verified_chain, X509_free);
    s->verified_chain = NULL;
    s->peer_chain = sk_X509_new_null();
    if (s->peer_chain == NULL)
        return 0;
    for (i = 0; i < cm->count; i++) {
        certs[i].der = (unsigned char *)cm->certs[i].p;     /* borrowed: cap 0 */
        certs[i].len = cm->certs[i].len;
        certs[i].cap = 0;
        ERR_set_mark();
        certs[i].x = kuma_x509_from_der(cm->certs[i].p, cm->certs[i].len);
        ERR_pop_to_mark();              /* an unreadable certificate is the chain check's verdict */
        if (certs[i].x != NULL && !sk_X509_push(s->peer_chain, certs[i].x)) {
            X509_free(certs[i].x);
            certs[i].x = NULL;
        }
    }
    return 1;
}

int kuma13_peer_certs(kuma13_conn *c, const kuma13_certificate *cm)
{
    kuma_chain_cert certs[KUMA13_MAX_CERTS];
    kuma_chain chain;

    if (!decode_certs(c->ssl, cm, certs))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_MALLOC_FAILURE, "out of memory");
    memset(&chain, 0, sizeof chain);
    chain.count = (int)cm->count;
    if (!kuma_peer_chain_check(c->ssl, &chain, c->store, certs)) {
        c->verify_failed = 1;
        return kuma13_fail(c, kuma_verify_alert(c->ssl->verify_result),
                           SSL_R_CERTIFICATE_VERIFY_FAILED, "certificate verify failed");
    }
    c->leaf = certs[0].x;
    if (c->leaf == NULL)
        return kuma13_fail(c, SSL_AD_BAD_CERTIFICATE, SSL_R_CERTIFICATE_VERIFY_FAILED,
                           "the peer's certificate cannot be decoded");
    return 0;
}
