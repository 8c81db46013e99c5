/*
 * Helpers of the tests of kumassl's TLS 1.3 engine against openssl
 * s_server (tls13_peer.c). They assert with Check.
 */
#ifndef KUMASSL_TLS13_PEER_H
#define KUMASSL_TLS13_PEER_H
#include <stddef.h>
#include <openssl/ssl.h>
#include "testutil.h"

/* A TLS-1.3-only client context trusting cafile (a name in the test certificates). */
SSL_CTX *t13_client_ctx(const char *cafile);
/* Starts s_server -tls1_3 with this certificate and extra arguments (NULL-terminated, at most 16). */
int t13_start_server(tu_conn *c, const char *cert, const char *key, const char *const extra[]);
/* The same with another version option ("-tls1_2"). */
int t13_start_server_version(tu_conn *c, const char *version, const char *cert, const char *key,
                             const char *const extra[]);
/* Connects ctx (taken over, trusting another CA) to port: verification fails, the server hears unknown_ca. */
void t13_expect_unknown_ca(tu_conn *c, int port, SSL_CTX *ctx);
/*
 * Starts gnutls-serv --echo with priority and this certificate, connects
 * ctx (taken over) with SNI localhost, and has a line echoed. 1, or 0
 * (ctx freed) when there is no gnutls-serv: the caller skips.
 */
int t13_gnutls_echo(tu_conn *c, const char *priority, const char *cert, const char *key,
                    SSL_CTX *ctx);
/* Connects ctx (taken over) to port; asserts the handshake completed. */
void t13_connect_ok(tu_conn *c, int port, SSL_CTX *ctx);
/* The key type and digest of the server's handshake signature. */
void t13_assert_peer_signature(SSL *ssl, int type_nid, int hash_nid);
/* Both Finished messages have hash_len bytes, and differ. */
void t13_assert_finished(SSL *ssl, size_t hash_len);
/* A line each way: kumassl's printed by the server, the server's read back. */
void t13_exchange_lines(tu_conn *c);
/* A fresh file name for s_server's -msgfile / -keylogfile output. */
void t13_temp_name(char *path, size_t size, const char *what);

#define SENT "Sent Record"
#define RECEIVED "Received Record"

/* What the server's trace must show: message `count` times in records of one direction. */
typedef struct {
    const char *record;                 /* SENT, RECEIVED; NULL ends a list */
    const char *message;
    int count;
} t13_trace_expect;

/* How many times trace shows message in records of that direction (SENT, RECEIVED). */
int t13_trace_count(const char *trace, const char *record, const char *message);
/* Waits for the server to end (its stdin closed), then checks its trace file against e. */
void t13_expect_trace(tu_conn *c, const char *path, const t13_trace_expect *e);

#endif
