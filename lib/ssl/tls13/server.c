/*
 * kumassl: the TLS 1.3 server's handshake after its ServerHello (RFC 8446
 * section 4.3-4.4): EncryptedExtensions (the ALPN protocol the callback
 * chose, the SNI acknowledgement), CertificateRequest when SSL_VERIFY_PEER,
 * Certificate, CertificateVerify (sign.c), Finished and the application
 * keys; then the client's flight: its Certificate (peer_certs.c; an empty
 * one as OpenSSL handles it), CertificateVerify and Finished.
 */
#include <string.h>
#include "psk_int.h"
#include "psk_engine.h"
#include "ext_int.h"
#include "crypto_int.h"

/* What CertificateRequest accepts: CertificateVerify schemes, then PKCS #1 for certificates only. */
static const uint16_t request_sig_algs[] = {
    0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601
};

static int verify_mode(const kuma13_conn *c)
{
    return SSL_get_verify_mode(c->ssl);
}

void kuma13_handshake_keys(kuma13_conn *c, const unsigned char *dhe, size_t dhe_len)
{
    static const unsigned char no_dhe[KUMA13_MAX_HASH];
    unsigned char th[KUMA13_MAX_HASH];

    kuma13_schedule_early(&c->ks, c->suite->hash, c->resumed ? c->psk : NULL,
                          c->resumed ? c->psk_len : 0);
    /* psk_ke: the (EC)DHE input is a string of zeros (RFC 8446 section 7.1) */
    kuma13_schedule_handshake(&c->ks, dhe != NULL ? dhe : no_dhe, dhe != NULL ? dhe_len : c->ks.hlen);
    kuma13_transcript_hash(&c->tr, th);
    kuma13_schedule_derive(&c->ks, "c hs traffic", th, c->c_hs);
    kuma13_schedule_derive(&c->ks, "s hs traffic", th, c->s_hs);
    kuma13_cipher_init(&c->rd, c->suite, c->ssl->role == KUMA_ROLE_CLIENT ? c->s_hs : c->c_hs);
    kuma13_cipher_init(&c->wr, c->suite, c->ssl->role == KUMA_ROLE_CLIENT ? c->c_hs : c->s_hs);
    c->rd_epoch++;
    kuma13_keylog(c, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", c->c_hs);
    kuma13_keylog(c, "SERVER_HANDSHAKE_TRAFFIC_SECRET", c->s_hs);
}

void kuma13_application_secrets(kuma13_conn *c)
{
    unsigned char th[KUMA13_MAX_HASH];

    kuma13_transcript_hash(&c->tr, th);
    kuma13_schedule_master(&c->ks);
    kuma13_schedule_derive(&c->ks, "c ap traffic", th, c->c_ap);
    kuma13_schedule_derive(&c->ks, "s ap traffic", th, c->s_ap);
    kuma13_schedule_derive(&c->ks, "exp master", th, c->exporter);
    kuma13_keylog(c, "CLIENT_TRAFFIC_SECRET_0", c->c_ap);
    kuma13_keylog(c, "SERVER_TRAFFIC_SECRET_0", c->s_ap);
    kuma13_keylog(c, "EXPORTER_SECRET", c->exporter);
}

/* ---- the server's flight ------------------------------------------------------------------ */

static int send_encrypted_extensions(kuma13_conn *c)
{
    const char *alpn = kuma_ext_alpn_selected(c->ssl);
    unsigned char buf[300];
    kuma13_wr w;
    size_t msg, exts, ext, list;

    kuma13_wr_init(&w, buf, sizeof buf);
    msg = kuma13_write_begin(&w, KUMA13_HS_ENCRYPTED_EXTENSIONS);
    exts = kuma13_wr_open(&w, 2);
    if (kuma_ext_sni_acked(c->ssl)) {
        kuma13_wr_u16(&w, KUMA13_EXT_SERVER_NAME);     /* empty: the name was used (RFC 6066) */
        kuma13_wr_u16(&w, 0);
    }
    if (alpn != NULL && *alpn != '\0') {
        c->alpn_len = strlen(alpn);
        memcpy(c->alpn, alpn, c->alpn_len);
        kuma13_wr_u16(&w, KUMA13_EXT_ALPN);
        ext = kuma13_wr_open(&w, 2);
        list = kuma13_wr_open(&w, 2);
        kuma13_wr_u8(&w, (unsigned)c->alpn_len);
        kuma13_wr_bytes(&w, c->alpn, c->alpn_len);
        kuma13_wr_close(&w, list, 2);
        kuma13_wr_close(&w, ext, 2);
    }
    if (c->early_accepted)
        kuma13_write_early_data(&w);
    kuma13_wr_close(&w, exts, 2);
    kuma13_write_end(&w, msg);
    return w.err == 0 && kuma13_send_handshake(c, buf, w.len);
}

/* certificate_authorities (section 4.2.4): the names the program set, if any. */
static void write_ca_names(kuma13_wr *w, STACK_OF(X509_NAME) *names)
{
    size_t ext, list;
    int i;

    if (names == NULL)
        return;
    kuma13_wr_u16(w, KUMA13_EXT_CERTIFICATE_AUTHORITIES);
    ext = kuma13_wr_open(w, 2);
    list = kuma13_wr_open(w, 2);
    for (i = 0; i < sk_X509_NAME_num(names); i++) {
        const X509_NAME *n = sk_X509_NAME_value(names, i);

        kuma13_wr_u16(w, (unsigned)n->len);
        kuma13_wr_bytes(w, n->der, n->len);
    }
    kuma13_wr_close(w, list, 2);
    kuma13_wr_close(w, ext, 2);
}

static size_t ca_names_len(STACK_OF(X509_NAME) *names)
{
    size_t n = 0;
    int i;

    for (i = 0; i < sk_X509_NAME_num(names); i++)
        n += 2 + sk_X509_NAME_value(names, i)->len;
    return n;
}

/* CertificateRequest (section 4.3.2): an empty context, the schemes we check, the CA names set. */
static int send_certificate_request(kuma13_conn *c)
{
    STACK_OF(X509_NAME) *names = kuma_ext_ca_names(c->ssl);
    size_t cap = 64 + ca_names_len(names), msg, exts, ext, list, i;
    unsigned char *buf = malloc(cap);
    kuma13_wr w;
    int ok;

    if (buf == NULL)
        return 0;
    kuma13_wr_init(&w, buf, cap);
    msg = kuma13_write_begin(&w, KUMA13_HS_CERTIFICATE_REQUEST);
    kuma13_wr_u8(&w, 0);
    exts = kuma13_wr_open(&w, 2);
    kuma13_wr_u16(&w, KUMA13_EXT_SIGNATURE_ALGORITHMS);
    ext = kuma13_wr_open(&w, 2);
    list = kuma13_wr_open(&w, 2);
    for (i = 0; i < sizeof request_sig_algs / sizeof request_sig_algs[0]; i++)
        kuma13_wr_u16(&w, request_sig_algs[i]);
    kuma13_wr_close(&w, list, 2);
    kuma13_wr_close(&w, ext, 2);
    write_ca_names(&w, names);
    kuma13_wr_close(&w, exts, 2);
    kuma13_write_end(&w, msg);
    c->cert_requested = 1;
    ok = w.err == 0 && kuma13_send_handshake(c, buf, w.len);
    free(buf);
    return ok;
}

/* Certificate (section 4.4.2): the chain in force, leaf first, no per-certificate extensions. */
static int send_certificate(kuma13_conn *c)
{
    const kuma_creds *cr = &c->creds;
    size_t cap = 16, i;
    unsigned char *buf;
    kuma13_wr w;
    int ok;

    for (i = 0; i < cr->br_chain_len; i++)
        cap += 5 + cr->br_chain[i].data_len;
    if ((buf = malloc(cap)) == NULL)
        return 0;
    kuma13_wr_init(&w, buf, cap);
    kuma13_write_certificate(&w, NULL, 0, cr->br_chain, cr->br_chain_len);
    ok = w.err == 0 && kuma13_send_handshake(c, buf, w.len);
    free(buf);
    return ok;
}

static int send_certificate_verify(kuma13_conn *c)
{
    unsigned char th[KUMA13_MAX_HASH], sig[KUMA13_MAX_SIG], buf[8 + KUMA13_MAX_SIG];
    size_t sig_len = sizeof sig;
    kuma13_wr w;

    kuma13_transcript_hash(&c->tr, th);
    if (!kuma13_sign(c->creds.key, c->scheme, 1, th, c->ks.hlen, sig, &sig_len))
        return 0;
    kuma13_wr_init(&w, buf, sizeof buf);
    kuma13_write_certificate_verify(&w, c->scheme, sig, sig_len);
    return w.err == 0 && kuma13_send_handshake(c, buf, w.len);
}

/* The server's Finished, then the application secrets over ClientHello..server Finished. */
static int send_finished(kuma13_conn *c)
{
    unsigned char th[KUMA13_MAX_HASH], buf[4 + KUMA13_MAX_HASH];
    kuma13_wr w;

    kuma13_transcript_hash(&c->tr, th);
    kuma13_finished(c->suite->hash, c->s_hs, th, c->fin_server);
    kuma13_wr_init(&w, buf, sizeof buf);
    kuma13_write_finished(&w, c->fin_server, c->ks.hlen);
    if (w.err || !kuma13_send_handshake(c, buf, w.len))
        return 0;
    kuma13_application_secrets(c);
    kuma13_cipher_init(&c->wr, c->suite, c->s_ap);
    return 1;
}

int kuma13_server_flight(kuma13_conn *c)
{
    /* a resumption authenticates with the PSK: no certificates either way (section 2.2) */
    int ask = (verify_mode(c) & SSL_VERIFY_PEER) != 0 && !c->resumed;

    if (!send_encrypted_extensions(c) || (ask && !send_certificate_request(c))
        || (!c->resumed && (!send_certificate(c) || !send_certificate_verify(c)))
        || !send_finished(c))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR,
                           "could not send the server's flight");
    c->state = ask ? KUMA13_WAIT_CLIENT_CERT : KUMA13_WAIT_CLIENT_FINISHED;
    kuma13_server_early_keys(c);
    return 0;
}

/* ---- the client's flight -------------------------------------------------------------------- */

static int client_certificate(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    kuma13_certificate cm;
    int err = kuma13_parse_certificate(msg + 4, len - 4, &cm);

    if (err)
        return kuma13_fail_decode(c, err, "malformed Certificate");
    if (cm.context.len != 0)
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_INVALID_CONTEXT,
                           "the client's certificate_request_context is not ours");
    if (cm.count == 0) {
        if (verify_mode(c) & SSL_VERIFY_FAIL_IF_NO_PEER_CERT)
            return kuma13_fail_in(c, "tls_process_client_certificate",
                                  TLS13_AD_CERTIFICATE_REQUIRED,
                                  SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE,
                                  "the client sent no certificate");
        kuma13_transcript_update(&c->tr, msg, len);
        c->state = KUMA13_WAIT_CLIENT_FINISHED;
        return 0;
    }
    if (kuma13_peer_certs(c, &cm) < 0)
        return -1;
    kuma13_transcript_update(&c->tr, msg, len);
    c->state = KUMA13_WAIT_CLIENT_CV;
    return 0;
}

static int client_certificate_verify(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    if (kuma13_peer_cert_verify(c, msg, len, 0) < 0)
        return -1;
    c->state = KUMA13_WAIT_CLIENT_FINISHED;
    return 0;
}

static int client_finished(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    unsigned char th[KUMA13_MAX_HASH];

    if (kuma13_peer_finished(c, c->c_hs, msg, len, c->fin_client) < 0)
        return -1;
    kuma13_cipher_init(&c->rd, c->suite, c->c_ap);
    c->rd_epoch++;
    kuma13_transcript_hash(&c->tr, th);
    kuma13_schedule_derive(&c->ks, "res master", th, c->resumption);
    OPENSSL_cleanse(c->c_hs, sizeof c->c_hs);
    OPENSSL_cleanse(c->s_hs, sizeof c->s_hs);
    OPENSSL_cleanse(c->psk, sizeof c->psk);
    c->state = KUMA13_CONNECTED;
    if (!kuma13_send_tickets(c))
        return kuma13_fail(c, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR,
                           "could not send the NewSessionTickets");
    return 0;
}

int kuma13_server_client_flight(kuma13_conn *c, const unsigned char *msg, size_t len)
{
    switch (c->state) {
    case KUMA13_WAIT_EOED:
        if (msg[0] == KUMA13_HS_END_OF_EARLY_DATA)
            return kuma13_server_end_of_early_data(c, msg, len);
        break;
    case KUMA13_WAIT_CLIENT_CERT:
        if (msg[0] == KUMA13_HS_CERTIFICATE)
            return client_certificate(c, msg, len);
        break;
    case KUMA13_WAIT_CLIENT_CV:
        if (msg[0] == KUMA13_HS_CERTIFICATE_VERIFY)
            return client_certificate_verify(c, msg, len);
        break;
    case KUMA13_WAIT_CLIENT_FINISHED:
        if (msg[0] == KUMA13_HS_FINISHED)
            return client_finished(c, msg, len);
        break;
    default:
        break;
    }
    return kuma13_fail(c, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_MESSAGE,
                       "unexpected handshake message");
}
