/*
 * kumassl: the external PSKs a program gives through OpenSSL's callbacks,
 * in engine-neutral terms for the TLS 1.3 engine (psk_map.c).
 *
 * OpenSSL 3 has two ways (SSL_CTX_set_psk_client_callback(3),
 * SSL_CTX_use_psk_identity_hint(3)): the TLS 1.3 session callbacks
 * (use-session on the client, find-session on the server), which hand
 * over an SSL_SESSION with the key, a TLS 1.3 suite and TLS1_3_VERSION;
 * and, when those are not set or find nothing, the TLS 1.2 PSK callbacks,
 * whose key OpenSSL uses for TLS 1.3 with SHA-256 (the suite
 * TLS_AES_128_GCM_SHA256), the client's hint always NULL, the identity as
 * the callback wrote it, and no early data.
 */
#ifndef KUMASSL_PSK_MAP_H
#define KUMASSL_PSK_MAP_H
#include "ssl_int.h"

/* The suite OpenSSL gives the TLS 1.2 callbacks' keys in TLS 1.3 (its hash is SHA-256). */
#define KUMA_PSK_LEGACY_SUITE 0x1301
/* Longest identity kept (TLS allows 2^16-1; the TLS 1.2 callbacks stop at PSK_MAX_IDENTITY_LEN). */
#define KUMA_PSK_MAX_IDENTITY 1024
/* Longest key (OpenSSL's PSK_MAX_PSK_LEN and TLS13_MAX_RESUMPTION_PSK_LENGTH). */
#define KUMA_PSK_MAX_KEY 512

/* One external PSK. The key is secret: kuma_ext_psk_clear() wipes it. */
typedef struct {
    unsigned char identity[KUMA_PSK_MAX_IDENTITY];
    size_t identity_len;                /* 1.. */
    unsigned char key[KUMA_PSK_MAX_KEY];
    size_t key_len;                     /* 1.. */
    uint16_t suite;                     /* a TLS 1.3 suite: the PSK's hash is the suite's */
    uint32_t max_early_data;            /* early data allowed on it; 0 from the TLS 1.2 callbacks */
    int from_session;                   /* 1: from a session callback; 0: from a TLS 1.2 callback */
} kuma_ext_psk;

/*
 * Client, building a ClientHello that offers TLS 1.3: the PSK to offer.
 * md is NULL for the first ClientHello, the selected suite's hash after a
 * HelloRetryRequest (a session of another hash is not offered then).
 * Returns 1 with *psk set, 0 when there is none to offer (either way the
 * callbacks count as asked: kuma_early_note_failure stays silent), -1 on failure with the error queued (SSL_R_BAD_PSK: the
 * callback failed or its session is no TLS 1.3 PSK; the handshake fails
 * with internal_error, as OpenSSL's).
 */
int kuma_psk_client_offer(SSL *s, const EVP_MD *md, kuma_ext_psk *psk);

/*
 * Server: the PSK a ClientHello's identity (id_len bytes) names. 1 with
 * *psk set, 0 when the program knows no such identity (the handshake goes
 * on without it), -1 on failure with the error queued.
 */
int kuma_psk_server_find(SSL *s, const unsigned char *id, size_t id_len, kuma_ext_psk *psk);

/* Server: psk's binder verified and in use; SSL_get_psk_identity() reports it. 0 on allocation failure. */
int kuma_psk_server_accepted(SSL *s, const kuma_ext_psk *psk);

void kuma_ext_psk_clear(kuma_ext_psk *psk);

#endif
