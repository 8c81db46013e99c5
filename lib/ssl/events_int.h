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

/* PSK and early-data settings (early.c): stored, not yet used by any engine. */
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
};

struct kuma_events_ssl {
    kuma_info_cb info;                  /* NULL: the SSL_CTX's is used */
    CRYPTO_EX_DATA ex;
    STACK_OF(X509) *peer_chain_no_leaf; /* server side of SSL_get_peer_cert_chain */
    kuma_early early;                   /* copied from the SSL_CTX on first use */
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

#endif
