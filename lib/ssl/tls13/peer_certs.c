/*
 * kumassl: how a TLS 1.3 peer authenticates, whichever side it is: the
 * certificates of its Certificate message, handed to the engine-neutral
 * checker (peer_chain.c) so that verify modes, callbacks,
 * SSL_get_verify_result and the alerts are those of TLS 1.2; its
 * CertificateVerify (sig.c); its Finished. The server uses them for the
 * client, the client (client.c) for the server.
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

int kuma13_peer_cert_verify(kuma13_conn *c, const unsigned char *msg, size_t len, int from_server)
{
    unsigned char th[KUMA13_MAX_HASH];
    uint16_t scheme;
    kuma13_span sig;
    int err = kuma13_parse_certificate_verify(msg + 4, len - 4, &scheme, &sig);

    if (err)
        return kuma13_fail_decode(c, err, "malformed CertificateVerify");
    kuma13_transcript_hash(&c->tr, th);
    err = kuma13_verify_signature(&c->leaf->pkey, scheme, from_server, th, c->ks.hlen, sig.p,
                                  sig.len);
    if (err)
        return kuma13_fail_in(c, "tls_process_cert_verify", err,
                              err == SSL_AD_DECRYPT_ERROR ? SSL_R_BAD_SIGNATURE
                                                          : SSL_R_WRONG_SIGNATURE_TYPE,
                              "the peer's CertificateVerify");
    c->peer_scheme = scheme;            /* SSL_get_peer_signature_type_nid, on a server too */
    kuma13_transcript_update(&c->tr, msg, len);
    return 0;
}

int kuma13_peer_finished(kuma13_conn *c, const unsigned char *base_key, const unsigned char *msg,
                         size_t len, unsigned char *keep)
{
    unsigned char th[KUMA13_MAX_HASH];

    kuma13_transcript_hash(&c->tr, th);
    if (!kuma13_finished_check(c->suite->hash, base_key, th, msg + 4, len - 4))
        return kuma13_fail_in(c, "tls_process_finished",
                              len - 4 == c->ks.hlen ? SSL_AD_DECRYPT_ERROR : SSL_AD_DECODE_ERROR,
                              SSL_R_DIGEST_CHECK_FAILED, "the peer's Finished is wrong");
    memcpy(keep, msg + 4, c->ks.hlen);
    kuma13_transcript_update(&c->tr, msg, len);
    return 0;
}
