/*
 * Helpers of the tests of kumassl's TLS 1.3 engine as a client against
 * openssl s_server (check_tls13_client, check_tls13_both): connecting,
 * what every connection must report, and reading s_server's -trace output.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"
#include "tls13_peer.h"

/* A TLS-1.3-only client context trusting cafile (a name in the test certificates). */
SSL_CTX *t13_client_ctx(const char *cafile)
{
    SSL_CTX *ctx = tu_client_ctx(tu_cert(cafile));

    ck_assert_int_eq(SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION), 1);
    return ctx;
}

int t13_start_server_version(tu_conn *c, const char *version, const char *cert, const char *key,
                             const char *const extra[])
{
    const char *args[20] = { version };
    size_t i;

    for (i = 0; extra[i] != NULL && i < 16; i++)
        args[i + 1] = extra[i];
    args[i + 1] = NULL;
    return tu_start_s_server(c, tu_cert(cert), tu_cert(key), args);
}

int t13_start_server(tu_conn *c, const char *cert, const char *key, const char *const extra[])
{
    return t13_start_server_version(c, "-tls1_3", cert, key, extra);
}

void t13_expect_unknown_ca(tu_conn *c, int port, SSL_CTX *ctx)
{
    tu_conn_open_client(c, port, ctx);
    ck_assert_int_ne(SSL_connect(c->ssl), 1);
    ck_assert_int_eq(SSL_get_verify_result(c->ssl), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    tu_expect_error(ERR_LIB_SSL, SSL_R_CERTIFICATE_VERIFY_FAILED);
    tu_expect_peer_saw(c, "tlsv1 alert unknown ca");
}

int t13_gnutls_echo(tu_conn *c, const char *priority, const char *cert, const char *key,
                    SSL_CTX *ctx)
{
    static const char line[] = "6666 kumassl to gnutls-serv\n";
    const char *serv = tu_gnutls_serv();
    char portstr[16];
    int port, ret;

    if (serv == NULL) {
        printf("gnutls-serv not found, test skipped\n");
        SSL_CTX_free(ctx);
        return 0;
    }
    port = tu_free_port();
    snprintf(portstr, sizeof(portstr), "%d", port);
    c->peer = tu_spawnl(serv, "--echo", "-p", portstr, "--priority", priority, "--x509certfile",
                        tu_cert(cert), "--x509keyfile", tu_cert(key), (char *)NULL);
    ck_assert_ptr_nonnull(c->peer);
    tu_await_output(c->peer, "listening on IPv4", NULL, 0);
    tu_conn_open_client(c, port, ctx);
    ck_assert_int_eq(SSL_set_tlsext_host_name(c->ssl, "localhost"), 1);
    ret = SSL_connect(c->ssl);
    ck_assert_msg(ret == 1, "SSL_connect to gnutls-serv: %s; %s", tu_queued_error(),
                  tu_proc_output(c->peer));
    tu_write_all(c->ssl, line, (int)strlen(line));
    tu_read_expected(c->ssl, line, strlen(line), TU_FNV_INIT);
    return 1;
}

/* Connects ctx (taken over) to port; asserts the handshake completed. */
void t13_connect_ok(tu_conn *c, int port, SSL_CTX *ctx)
{
    int ret;

    tu_conn_open_client(c, port, ctx);
    ret = SSL_connect(c->ssl);
    ck_assert_msg(ret == 1, "SSL_connect = %d, SSL_get_error %d, %s; server: %s", ret,
                  SSL_get_error(c->ssl, ret), tu_queued_error(), tu_proc_output(c->peer));
}

/* The key type and digest of the server's CertificateVerify. */
void t13_assert_peer_signature(SSL *ssl, int type_nid, int hash_nid)
{
    int nid = 0;

    ck_assert_int_eq(SSL_get_peer_signature_type_nid(ssl, &nid), 1);
    ck_assert_int_eq(nid, type_nid);
    ck_assert_int_eq(SSL_get_peer_signature_nid(ssl, &nid), 1);
    ck_assert_int_eq(nid, hash_nid);
}

/* Both Finished messages, as long as the suite's hash, and not the same. */
void t13_assert_finished(SSL *ssl, size_t hash_len)
{
    unsigned char ours[64], theirs[64];

    ck_assert_uint_eq(SSL_get_finished(ssl, ours, sizeof(ours)), hash_len);
    ck_assert_uint_eq(SSL_get_peer_finished(ssl, theirs, sizeof(theirs)), hash_len);
    ck_assert_int_ne(memcmp(ours, theirs, hash_len), 0);
}

/* A line each way: kumassl's printed by the server, the server's read back. */
void t13_exchange_lines(tu_conn *c)
{
    static const char up[] = "1111 from kumassl\n", down[] = "2222 from the server\n";

    tu_write_all(c->ssl, up, (int)strlen(up));
    tu_await_output(c->peer, up, NULL, 0);
    ck_assert_int_eq(tu_proc_write(c->peer, down), 0);
    tu_read_expected(c->ssl, down, strlen(down), TU_FNV_INIT);
}

/* A fresh file name for s_server's -msgfile / -keylogfile output. */
void t13_temp_name(char *path, size_t size, const char *what)
{
    snprintf(path, size, "/tmp/kuma-tls13-%s-%d.txt", what, (int)getpid());
    unlink(path);
}

/* How many times the trace shows message (e.g. "KeyUpdate, Length") in records sent
 * (SENT) or received (RECEIVED) by the server. */
int t13_trace_count(const char *trace, const char *record, const char *message)
{
    const char *p = trace;
    int n = 0;

    while ((p = strstr(p, message)) != NULL) {
        const char *sent = NULL, *recv = NULL, *q;

        for (q = trace; (q = strstr(q, "Sent Record")) != NULL && q < p; q++)
            sent = q;
        for (q = trace; (q = strstr(q, "Received Record")) != NULL && q < p; q++)
            recv = q;
        if ((strcmp(record, SENT) == 0 ? sent > recv : recv > sent))
            n++;
        p += strlen(message);
    }
    return n;
}

/* Waits for the server to end (its stdin closed), then checks its trace file against e. */
void t13_expect_trace(tu_conn *c, const char *path, const t13_trace_expect *e)
{
    char *trace;

    tu_proc_close_stdin(c->peer);
    tu_proc_wait(c->peer, TU_TIMEOUT_MS);
    trace = tu_slurp(path, NULL);
    ck_assert_msg(trace != NULL, "no trace in %s", path);
    unlink(path);
    for (; e->record != NULL; e++) {
        int n = t13_trace_count(trace, e->record, e->message);

        ck_assert_msg(n == e->count, "%s \"%s\": %d times, not %d", e->record, e->message, n,
                      e->count);
    }
    free(trace);
}
