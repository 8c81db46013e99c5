/*
 * kumassl: the state events.c and early.c share: what a program sets on an
 * SSL_CTX or SSL through the callback, ex_data and PSK/early-data calls.
 * Both structures are allocated on first use, so that connections of
 * programs that never call these functions carry a NULL pointer only.
 */
#ifndef KUMASSL_EVENTS_INT_H
#define KUMASSL_EVENTS_INT_H
#include "ssl_int.h"

typedef void (*kuma_info_cb)(const SSL *ssl, int where, int val);

/* PSK and early-data settings (early.c), for the engines to ask. */
typedef struct {
    SSL_psk_client_cb_func psk_client;
    SSL_psk_server_cb_func psk_server;
    SSL_psk_use_session_cb_func psk_use_session;
    SSL_psk_find_session_cb_func psk_find_session;
    char *hint;                         /* PSK identity hint, or NULL */
    uint32_t max_early_data;
    uint32_t recv_max_early_data;
    SSL_allow_early_data_cb_fn allow_early_data;
    void *allow_early_data_arg;
} kuma_early;

struct kuma_events_ctx {
    kuma_info_cb info;
    SSL_CTX_keylog_cb_func keylog;
    CRYPTO_EX_DATA ex;
    kuma_early early;
    struct kuma_replay *_Atomic replay; /* tickets that carried early data (early_replay.c) */
};

struct kuma_events_ssl {
    kuma_info_cb info;                  /* NULL: the SSL_CTX's is used */
    CRYPTO_EX_DATA ex;
    STACK_OF(X509) *peer_chain_no_leaf; /* server side of SSL_get_peer_cert_chain */
    kuma_early early;                   /* copied from the SSL_CTX on first use */
    int early_state;                    /* enum kuma_early_state (early_io.c) */
    int early_status;                   /* SSL_EARLY_DATA_*, as an engine reports it */
    int psk_offered;                    /* an engine asked the PSK callbacks what to offer */
    char *psk_identity;                 /* server: the identity of the PSK in use (psk_map.c) */
    unsigned char *early_buf;           /* server: early data received, not yet read (early_io.c) */
    size_t early_len, early_off;
};

/* Where SSL_read_early_data / SSL_write_early_data are (early_io.c). */
enum kuma_early_state {
    KUMA_EARLY_NONE,                    /* neither called yet */
    KUMA_EARLY_ACCEPT_RETRY,            /* server: SSL_read_early_data runs the handshake */
    KUMA_EARLY_DELIVERING,              /* server: the handshake is done, early data is handed out */
    KUMA_EARLY_FINISHED_READING         /* server: SSL_read_early_data returned FINISH */
};

/*
 * The events state of ctx / s, allocated on first use; NULL with
 * ERR_R_MALLOC_FAILURE queued when memory runs out.
 */
kuma_events_ctx *kuma_events_ctx_of(SSL_CTX *ctx);
kuma_events_ssl *kuma_events_ssl_of(SSL *s);

/* early.c: defaults, copy for a new connection (0 when memory runs out), release. */
void kuma_early_init(kuma_early *e);
int kuma_early_copy(kuma_early *dst, const kuma_early *src);
void kuma_early_clear(kuma_early *e);
/* The settings in force for s, without allocating: the SSL's, else its context's. */
const kuma_early *kuma_early_settings(const SSL *s);

#endif
