/*
 * kumassl: the TLS 1.3 engine's external PSKs and early data, the hooks
 * client.c and server_hello.c call (the pure parts are psk_int.h's):
 *
 *   client_psk.c   the client's offer of the program's PSK and the server's selection
 *   server_psk.c   the server's lookup of an offered identity, its binder, psk_ke
 *   early_server.c the server's 0-RTT: accepting or rejecting, early keys, EndOfEarlyData
 *   early_client.c the client's 0-RTT: its early data after the ClientHello, the answer
 */
#ifndef KUMASSL_TLS13_PSK_ENGINE_H
#define KUMASSL_TLS13_PSK_ENGINE_H
#include "tls13_int.h"
#include "psk_int.h"

/* Wipes and frees what a connection keeps of PSKs (c->ext_psk, c->psk). */
void kuma13_psk_conn_clear(kuma13_conn *c);

/* ---- client_psk.c ---- */

/* 1 when the program gave the client a PSK callback (either kind). */
int kuma13_client_has_psk(const SSL *s);

/*
 * Before a ClientHello is written: asks the program's callbacks for the
 * PSK to offer (kept in c->ext_psk; after a HelloRetryRequest only one of
 * its suite's hash). 1, or 0 with the error queued (a callback failed).
 */
int kuma13_client_ext_psk_prepare(kuma13_conn *c);
/* Bytes the external PSK's offer adds to the ClientHello. */
size_t kuma13_client_ext_psk_room(const kuma13_conn *c);

/* A PSK the client offers: its pre_shared_key entry and what its binder and early data need. */
typedef struct {
    kuma13_psk_entry entry;
    const kuma13_suite *suite;          /* its hash is the binder's; early data needs this suite */
    const unsigned char *key;
    size_t key_len;
    int external;                       /* "ext binder" rather than "res binder" */
    uint32_t max_early_data;
} kuma13_offered_psk;

/* The external PSK offered into *k: 1, or 0 when none. */
int kuma13_client_ext_psk_offer(const kuma13_conn *c, kuma13_offered_psk *k);

/* ---- client_session.c, for client_offer.c ---- */

/* The session's ticket offered into *k: 1, or 0 when none. */
int kuma13_client_resume_offer(const kuma13_conn *c, kuma13_offered_psk *k);
/* Bytes the ticket's offer adds to the ClientHello. */
size_t kuma13_client_resume_room(const kuma13_conn *c);

/* ---- client_offer.c: one pre_shared_key, the ticket first, then the external PSK ---- */

/* How many PSKs the ClientHello offers. */
size_t kuma13_client_psks_offered(const kuma13_conn *c);
/* The first PSK offered (the one early data uses) into *first: 1, or 0 when none. */
int kuma13_client_first_psk(const kuma13_conn *c, kuma13_offered_psk *first);
/* Bytes the offers may add to the ClientHello. */
size_t kuma13_client_psk_room(const kuma13_conn *c);
/*
 * Appends pre_shared_key (the last extension) listing the PSKs offered,
 * each with its binder, to the ClientHello msg (*len bytes, cap bytes of
 * room); nothing when none is offered. 1, or 0.
 */
int kuma13_client_offer_psks(kuma13_conn *c, unsigned char *msg, size_t *len, size_t cap);
/*
 * The ServerHello's pre_shared_key: the PSK selected (c->resumed, c->psk,
 * c->psk_identity; c->psk_ke without a key share). 0, or -1 after failing
 * (an identity not offered, a suite of another hash, no key share without
 * psk_ke).
 */
int kuma13_client_psk_selected(kuma13_conn *c, const kuma13_server_hello *sh);

/* ---- server_psk.c ---- */

/* 1 when the program gave the server PSK callbacks: it needs no certificate then. */
int kuma13_server_has_psk(const SSL *s);
/*
 * A ClientHello with pre_shared_key: the first identity the program's
 * callbacks know (c->ext_psk, c->ext_psk_index), with a mode both sides
 * allow; in the first ClientHello c->suite becomes the server's first
 * suite of the PSK's hash, as OpenSSL prefers. 0 (found or not), or -1
 * after failing (missing_extension without psk_key_exchange_modes, a
 * callback's failure).
 */
int kuma13_server_psk_find(kuma13_conn *c, const kuma13_client_hello *ch);
/* 1 when the PSK found is used without (EC)DHE: the client offers psk_ke only. */
int kuma13_server_psk_ke(const kuma13_conn *c, const kuma13_client_hello *ch);
/*
 * Checks the binder of the PSK found over the ClientHello msg (len bytes,
 * ch its decoding) and the transcript before it; accepted: c->resumed, c->psk, and
 * SSL_get_psk_identity. 0, or -1 after failing (decrypt_error,
 * SSL_R_BINDER_DOES_NOT_VERIFY).
 */
int kuma13_server_psk_accept(kuma13_conn *c, const kuma13_client_hello *ch,
                             const unsigned char *msg, size_t len);

/* ---- early_server.c ---- */

/*
 * What early data on a ticket must find again (as OpenSSL: the ALPN
 * protocol selected and the server name): a SHA-256 digest of both, for
 * the ticket to carry.
 */
void kuma13_early_context(SSL *s, unsigned char out[32]);

/*
 * After the ClientHello is in the transcript and its PSK judged: accepts
 * the early data it announces (c->early_accepted, the early traffic
 * secret, SSL_EARLY_DATA_ACCEPTED) or rejects it (the records to skip,
 * SSL_EARLY_DATA_REJECTED). 0, or -1 after failing (a malformed extension).
 */
int kuma13_server_early_decide(kuma13_conn *c, const kuma13_client_hello *ch);
/* After the server's flight: reads the client's records under its early keys when accepted. */
void kuma13_server_early_keys(kuma13_conn *c);
/* Early application data (len bytes) arrived: kept for SSL_read_early_data; 0, or -1 (too much). */
int kuma13_server_early_data(kuma13_conn *c, const unsigned char *data, size_t len);
/* A record (header included) that does not open: 1 when it is rejected early data to skip. */
int kuma13_server_early_skip(kuma13_conn *c, size_t record_len);
/* EndOfEarlyData (header included): the handshake keys again; 0, or -1. */
int kuma13_server_end_of_early_data(kuma13_conn *c, const unsigned char *msg, size_t len);

/* ---- early_client.c ---- */

/*
 * Before the first ClientHello is written (after kuma13_client_ext_psk_prepare):
 * announces the early data SSL_write_early_data kept (p->early_data) when
 * the PSK offered allows that much. 1, or 0 with SSL_R_TOO_MUCH_EARLY_DATA
 * queued. After a HelloRetryRequest: the early data is rejected.
 */
int kuma13_client_early_prepare(kuma13_conn *c, kuma13_client_hello_params *p);
/* After the ClientHello is queued: the early keys (logged) and the early data records. 1, or 0. */
int kuma13_client_early_send(kuma13_conn *c);
/* EncryptedExtensions' early_data (accepted 1): the status; 0, or -1 (not offered). */
int kuma13_client_early_answer(kuma13_conn *c, int accepted);
/* Before the client's Finished: EndOfEarlyData under the early keys when accepted. 1, or 0. */
int kuma13_client_end_of_early_data(kuma13_conn *c);

/* server_hello.c, for server_psk.c: the server's first suite of hash (NULL: any) the client offers. */
const kuma13_suite *kuma13_server_choose_suite(const kuma13_conn *c, const kuma13_client_hello *ch,
                                               const br_hash_class *hash);

#endif
