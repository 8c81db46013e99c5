/*
 * kumassl: the TLS 1.3 client's side of 0-RTT (RFC 8446 sections 2.3,
 * 4.2.10, 4.5). What SSL_write_early_data kept (early_io.c) goes after the
 * first ClientHello under the client_early_traffic_secret when the PSK
 * offered invites that much (its max_early_data); the ClientHello says so
 * with early_data. The server's EncryptedExtensions answer: accepted, the
 * client ends its early data with EndOfEarlyData under the early keys
 * before its Finished; rejected (or a HelloRetryRequest, or the PSK not
 * selected), the data counts as not sent and the handshake goes on, as
 * under OpenSSL (SSL_EARLY_DATA_REJECTED; the program sends it again).
 */
#include <string.h>
#include "psk_int.h"
#include "psk_map.h"
#include "psk_engine.h"
#include "early_int.h"

int kuma13_client_early_prepare(kuma13_conn *c, kuma13_client_hello_params *p)
{
    kuma13_offered_psk first;
    int has = kuma13_client_first_psk(c, &first);
    const unsigned char *data;
    size_t len = kuma_early_outgoing(c->ssl, &data);

    if (len == 0)
        return 1;
    if (c->hrr_seen) {                  /* the early data sent went unread */
        kuma_early_set_status(c->ssl, SSL_EARLY_DATA_REJECTED);
        return 1;
    }
    if (!has || len > first.max_early_data) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_TOO_MUCH_EARLY_DATA,
                       "the PSK offered allows %lu bytes of early data, %lu were written",
                       has ? (unsigned long)first.max_early_data : 0UL, (unsigned long)len);
        return 0;
    }
    p->early_data = 1;
    c->early_offered = 1;
    return 1;
}

int kuma13_client_early_send(kuma13_conn *c)
{
    kuma13_offered_psk first;
    const kuma13_suite *suite;
    const unsigned char *data;
    unsigned char th[KUMA13_MAX_HASH];
    size_t len;
    int ok;

    if (!c->early_offered || c->hrr_seen || !kuma13_client_first_psk(c, &first))
        return 1;
    suite = first.suite;
    len = kuma_early_outgoing(c->ssl, &data);
    kuma13_schedule_early(&c->ks, suite->hash, first.key, first.key_len);
    kuma13_transcript_hash_with(&c->tr, suite->hash, th);      /* ClientHello */
    kuma13_client_early_traffic_secret(&c->ks, th, c->c_early);
    kuma13_keylog(c, "CLIENT_EARLY_TRAFFIC_SECRET", c->c_early);
    if (!kuma13_send_ccs(c))
        return 0;
    kuma13_cipher_init(&c->wr, suite, c->c_early);
    ok = kuma13_send(c, KUMA13_CT_APPDATA, data, len);
    c->early_seq = c->wr.seq;
    kuma13_cipher_clear(&c->wr);        /* a second ClientHello would go in the clear */
    return ok;
}

int kuma13_client_early_answer(kuma13_conn *c, int accepted)
{
    kuma13_offered_psk first;

    if (accepted && (!c->early_offered || !c->resumed || c->psk_identity != 0))
        return kuma13_fail(c, SSL_AD_UNSUPPORTED_EXTENSION, SSL_R_UNSOLICITED_EXTENSION,
                           "the server accepted early data not offered");
    if (!c->early_offered)
        return 0;
    if (accepted && (!kuma13_client_first_psk(c, &first) || c->suite != first.suite))
        return kuma13_fail(c, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_EARLY_DATA,
                           "early data accepted under another suite than the PSK's");
    c->early_accepted = accepted;
    kuma_early_set_status(c->ssl, accepted ? SSL_EARLY_DATA_ACCEPTED : SSL_EARLY_DATA_REJECTED);
    return 0;
}

int kuma13_client_end_of_early_data(kuma13_conn *c)
{
    unsigned char msg[4] = { KUMA13_HS_END_OF_EARLY_DATA, 0, 0, 0 };
    int ok;

    if (!c->early_accepted)
        return 1;
    kuma13_cipher_init(&c->wr, c->suite, c->c_early);
    c->wr.seq = c->early_seq;
    ok = kuma13_send_handshake(c, msg, sizeof msg);
    kuma13_cipher_init(&c->wr, c->suite, c->c_hs);
    OPENSSL_cleanse(c->c_early, sizeof c->c_early);
    return ok;
}
