/*
 * check_psk.c -- the textbook's PSK and early data samples (psk-client,
 * psk-server, early-data-client) and kumassl's early-data-server, and the
 * two behaviours of programs written by OpenSSL's manual that need no TLS
 * 1.3:
 *
 *   - under kumassl: psk-client and psk-server make a TLS 1.3 handshake
 *     with the external PSK and echo a line, a wrong key fails (the server
 *     names the binder and serves the next client), psk-client talks to
 *     `openssl s_server -tls1_3 -psk -nocert` and psk-server to `openssl
 *     s_client -tls1_3 -psk`; early-data-client against `openssl s_server
 *     -early_data` says that early data needs TLS 1.3;
 *   - a kumassl client with a PSK callback (SSL_CTX_ or SSL_ setter, or a
 *     use-session callback) connects to a certificate-only `s_server
 *     -tls1_2` over the certificate, the callback not called with TLS 1.2
 *     (`s_client -tls1_2 -psk` is the reference);
 *   - the manual's server loop, SSL_read_early_data until FINISH then
 *     SSL_read, against `s_client` (TLS 1.2, and offering 1.3) and kumassl
 *     clients: FINISH with no bytes, then data; misuse reported as OpenSSL
 *     reports it;
 *   - the samples rebuilt against the system's OpenSSL (skipped when
 *     configure found none), which proves them right: the PSK pair makes a
 *     handshake and echoes a line, psk-client talks to `openssl s_server
 *     -psk -nocert` with TLS 1.3 and TLS 1.2, early-data-client gets its
 *     early data accepted by s_server, and early-data-server accepts
 *     `s_client -sess_in -early_data`.
 *
 * Every server runs on a free port and every wait is bounded (TU_TIMEOUT_MS
 * per step, TEST_TIMEOUT_S per test); testutil kills whatever still runs.
 * The samples run from $KUMA_SAMPLES_DIR (default $KUMA_BUILDDIR/samples).
 */
#include <check.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define TEST_TIMEOUT_S 20
/* The system-OpenSSL tests compile three programs first. */
#define BUILD_TEST_TIMEOUT_S 60
#define BUILD_TIMEOUT_MS 40000

/* The samples' default key, and s_server's default identity (theirs). */
#define PSK_KEY "1a2b3c4d"
#define EARLY_MESSAGE "good early morning"

/* The three programs, built with kumassl or the system OpenSSL. */
struct samples {
    const char *client;
    const char *server;
    const char *early;
};

/* System-OpenSSL builds go here; made and removed by main(), outside the
 * forked tests. */
static char scratch[] = "/tmp/kuma-psk-XXXXXX";

/* ---------------------------------------------------------------- helpers */

static struct samples kumassl_samples(void)
{
    struct samples s = { tu_sample("psk-client"), tu_sample("psk-server"),
                         tu_sample("early-data-client") };

    return s;
}

/* Fails unless p printed text, anywhere in all its output so far: for
 * text on the other stream than the last match, as stdout and stderr
 * arrive through separate pipes, in no guaranteed order. */
static void expect_printed(tu_proc *p, const char *who, const char *text)
{
    ck_assert_msg(strstr(tu_proc_output(p), text) != NULL,
                  "%s did not print \"%s\"; its output:\n%s", who, text,
                  tu_proc_output(p));
}

/* Fails if p printed text (all its output so far is searched). */
static void expect_absent(tu_proc *p, const char *who, const char *text)
{
    ck_assert_msg(strstr(tu_proc_output(p), text) == NULL,
                  "%s printed \"%s\"; its output:\n%s", who, text, tu_proc_output(p));
}

/* The port a sample server p (started as prog, or NULL) printed as "Listening on port N". */
static int listening_port(tu_proc *p, const char *prog)
{
    char line[64];
    int port;

    ck_assert_msg(p != NULL, "cannot start %s", prog);
    tu_expect_output(p, prog, "Listening on port ");
    ck_assert(tu_proc_read_until(p, "\n", TU_TIMEOUT_MS, line, sizeof(line)) == 0);
    port = atoi(line);
    ck_assert_msg(port > 0, "%s printed no port: %s", prog, line);
    return port;
}

/* psk-server program prog on a free port; *port gets it. */
static tu_proc *start_psk_server(const char *prog, int *port)
{
    tu_proc *p = tu_spawnl(prog, "-p", "0", NULL);

    *port = listening_port(p, prog);
    return p;
}

/* Client program prog against 127.0.0.1:port with the NULL-terminated
 * extra arguments. */
static tu_proc *start_client(const char *prog, int port, const char *const extra[])
{
    char port_arg[16];
    char *argv[16];
    int n = 0;
    tu_proc *p;

    snprintf(port_arg, sizeof(port_arg), "%d", port);
    argv[n++] = (char *)prog;
    argv[n++] = "127.0.0.1";
    argv[n++] = "-p";
    argv[n++] = port_arg;
    while (*extra != NULL && n < (int)(sizeof(argv) / sizeof(argv[0])) - 1)
        argv[n++] = (char *)*extra++;
    argv[n] = NULL;
    p = tu_spawn(argv);
    ck_assert_msg(p != NULL, "cannot start %s", prog);
    return p;
}

/* openssl s_server on a free port for naccept connections, with the
 * NULL-terminated extra arguments; *port gets the port. */
static tu_proc *start_s_server(int naccept, const char *const extra[], int *port)
{
    char port_arg[16], count[16];
    const char *fixed[] = { "s_server", "-accept", port_arg, "-naccept", count, NULL };
    tu_proc *p;

    *port = tu_free_port();
    ck_assert(*port > 0);
    snprintf(port_arg, sizeof(port_arg), "%d", *port);
    snprintf(count, sizeof(count), "%d", naccept);
    p = tu_spawn_openssl_args(fixed, extra);
    tu_expect_output(p, "s_server", "ACCEPT");
    return p;
}

/* s_server with the test certificate and early data enabled, for the two
 * connections of early-data-client. */
static tu_proc *start_early_data_server(int *port)
{
    const char *const args[] = { "-early_data", "-cert", tu_cert("server-cert.pem"),
                                 "-key", tu_cert("server-key.pem"), NULL };

    return start_s_server(2, args, port);
}

static tu_proc *start_early_data_client(const char *prog, int port)
{
    const char *const args[] = { "-A", tu_cert("ca-cert.pem"), "-m", EARLY_MESSAGE, NULL };

    return start_client(prog, port, args);
}

/* ------------------------------------------------- kumassl */

/* kumassl's early-data-client connects (TLS 1.2) and saves the session,
 * but SSL_write_early_data fails saying why: exit code 1. */
START_TEST(kumassl_early_data_needs_tls13)
{
    tu_proc *server, *client;
    int port;

    server = start_early_data_server(&port);
    client = start_early_data_client(kumassl_samples().early, port);
    tu_expect_output(client, "early-data-client", "Connected with TLSv1.2 (full handshake)");
    tu_expect_output(client, "early-data-client", "Early data not sent");
    tu_expect_exit(client, "early-data-client", 1);
    expect_printed(client, "early-data-client", "ERROR: SSL_write_early_data failed");
    expect_printed(client, "early-data-client", "needs TLS 1.3");
    expect_absent(client, "early-data-client", "accepted");
    tu_proc_free(client);
    tu_proc_free(server);
}
END_TEST

/* ------------------------------------------------- system OpenSSL builds */

/* The three samples built against the system OpenSSL in the scratch
 * directory; 0, or -1 to skip (see tu_build_with_system_openssl). */
static int build_system_samples(struct samples *s)
{
    static char paths[3][sizeof(scratch) + 32];

    if (tu_build_with_system_openssl(scratch, "psk-client psk-server early-data-client",
                                     BUILD_TIMEOUT_MS) != 0)
        return -1;
    snprintf(paths[0], sizeof(paths[0]), "%s/psk-client", scratch);
    snprintf(paths[1], sizeof(paths[1]), "%s/psk-server", scratch);
    snprintf(paths[2], sizeof(paths[2]), "%s/early-data-client", scratch);
    s->client = paths[0];
    s->server = paths[1];
    s->early = paths[2];
    return 0;
}

/* The pair (built with kumassl or OpenSSL): a TLS 1.3 PSK handshake, a
 * line echoed, and the server shut down by the client. */
static void psk_pair(const struct samples *sys)
{
    tu_proc *server, *client;
    int port;

    server = start_psk_server(sys->server, &port);
    client = start_client(sys->client, port, (const char *const[]){ NULL });
    tu_expect_output(client, "psk-client", "Connected with TLSv1.3, cipher ");
    tu_expect_output(server, "psk-server", "PSK identity: Client_identity\n");
    tu_expect_output(server, "psk-server", "Client connected with TLSv1.3");
    tu_send_line(client, "psk-client", "hello with a PSK\n");
    tu_expect_output(server, "psk-server", "Client: hello with a PSK\n");
    tu_expect_output(client, "psk-client", "Server: hello with a PSK\n");
    tu_send_line(client, "psk-client", "shutdown\n");
    tu_expect_output(server, "psk-server", "Shutdown command received\n");
    tu_expect_exit(client, "psk-client", 0);
    tu_expect_exit(server, "psk-server", 0);
    tu_proc_free(client);
    tu_proc_free(server);
}

START_TEST(kumassl_psk_pair)
{
    struct samples k = kumassl_samples();

    psk_pair(&k);
}
END_TEST

START_TEST(system_openssl_psk_pair)
{
    struct samples sys;

    if (build_system_samples(&sys) == 0)
        psk_pair(&sys);
}
END_TEST

/* A client with another key fails the handshake (the server names the
 * binder); the server goes on and serves the next client. */
static void psk_wrong_key(const struct samples *sys)
{
    static const char *const wrong[] = { "-k", "0badc0de", NULL };
    tu_proc *server, *client;
    int port;

    server = start_psk_server(sys->server, &port);
    client = start_client(sys->client, port, wrong);
    tu_expect_output(client, "psk-client", "ERROR: SSL_connect failed");
    tu_expect_exit(client, "psk-client", 1);
    tu_expect_output(server, "psk-server", "Waiting for the next client\n");
    tu_proc_free(client);
    client = start_client(sys->client, port, (const char *const[]){ NULL });
    tu_expect_output(client, "psk-client", "Connected with TLSv1.3, cipher ");
    tu_send_line(client, "psk-client", "shutdown\n");
    tu_expect_exit(client, "psk-client", 0);
    tu_expect_exit(server, "psk-server", 0);
    expect_printed(server, "psk-server", "ERROR: SSL_accept failed");
    expect_printed(server, "psk-server", "binder does not verify");
    tu_proc_free(client);
    tu_proc_free(server);
}

START_TEST(kumassl_psk_wrong_key)
{
    struct samples k = kumassl_samples();

    psk_wrong_key(&k);
}
END_TEST

START_TEST(system_openssl_psk_wrong_key)
{
    struct samples sys;

    if (build_system_samples(&sys) == 0)
        psk_wrong_key(&sys);
}
END_TEST

/* psk-server (kumassl's build) and `openssl s_client -tls1_3 -psk KEY`,
 * whose default identity is the sample's: a TLS 1.3 PSK handshake that
 * s_client reports as a resumption, a line echoed. */
START_TEST(kumassl_psk_server_s_client)
{
    static const char *const args[] = { "-tls1_3", "-psk", PSK_KEY, NULL };
    tu_proc *server, *client;
    char target[32];
    const char *const fixed[] = { "s_client", "-connect", target, NULL };
    int port;

    server = start_psk_server(kumassl_samples().server, &port);
    snprintf(target, sizeof(target), "127.0.0.1:%d", port);
    client = tu_spawn_openssl_args(fixed, args);
    tu_expect_output(client, "s_client", "Reused, TLSv1.3, Cipher is ");
    tu_expect_output(server, "psk-server", "PSK identity: Client_identity\n");
    tu_expect_output(server, "psk-server", "Client connected with TLSv1.3");
    tu_send_line(client, "s_client", "hello psk-server\n");
    tu_expect_output(server, "psk-server", "Client: hello psk-server\n");
    tu_expect_output(client, "s_client", "hello psk-server");
    tu_send_line(client, "s_client", "shutdown\n");
    tu_expect_output(server, "psk-server", "Shutdown command received\n");
    tu_expect_exit(server, "psk-server", 0);
    tu_proc_free(client);
    tu_proc_free(server);
}
END_TEST

/* psk-client and `openssl s_server -psk -nocert`, whose default identity
 * is the sample's: tls12 0, TLS 1.3 (external PSK); 1, TLS 1.2 (a PSK
 * cipher suite, OpenSSL's build only: BearSSL has none).  A line goes each
 * way. */
static void psk_client_s_server(const struct samples *sys, int tls12)
{
    const char *const args[] = { tls12 ? "-tls1_2" : "-tls1_3", "-psk", PSK_KEY,
                                 "-nocert", NULL };
    tu_proc *server, *client;
    int port;

    server = start_s_server(1, args, &port);
    client = start_client(sys->client, port, (const char *const[]){ NULL });
    tu_expect_output(client, "psk-client",
           tls12 ? "Connected with TLSv1.2, cipher " : "Connected with TLSv1.3, cipher ");
    if (tls12)
        tu_expect_output(client, "psk-client", "PSK");  /* a TLS 1.2 PSK suite */
    tu_send_line(client, "psk-client", "hello s_server\n");
    tu_expect_output(server, "s_server", "hello s_server\n");
    tu_send_line(server, "s_server", "hello psk-client\n");
    tu_expect_output(client, "psk-client", "Server: hello psk-client\n");
    tu_proc_close_stdin(client);  /* close_notify and exit */
    tu_expect_exit(client, "psk-client", 0);
    tu_expect_exit(server, "s_server", 0);
    tu_proc_free(client);
    tu_proc_free(server);
}

START_TEST(kumassl_psk_client_s_server)
{
    struct samples k = kumassl_samples();

    psk_client_s_server(&k, 0);
}
END_TEST

START_TEST(system_openssl_psk_client_s_server)
{
    struct samples sys;

    if (build_system_samples(&sys) == 0)
        psk_client_s_server(&sys, _i);
}
END_TEST

/* The OpenSSL-built early-data-client: TLS 1.3, the session resumed, the
 * early data accepted and printed by s_server. */
START_TEST(system_openssl_early_data_accepted)
{
    struct samples sys;
    tu_proc *server, *client;
    int port;

    if (build_system_samples(&sys) != 0)
        return;
    server = start_early_data_server(&port);
    client = start_early_data_client(sys.early, port);
    tu_expect_output(client, "early-data-client", "Connected with TLSv1.3 (full handshake)");
    tu_expect_output(client, "early-data-client", "Sending early data: " EARLY_MESSAGE "\n");
    tu_expect_output(client, "early-data-client", "Connected with TLSv1.3, session resumed\n");
    tu_expect_output(client, "early-data-client", "Early data accepted\n");
    tu_expect_exit(client, "early-data-client", 0);
    tu_expect_exit(server, "s_server", 0);
    ck_assert_msg(strstr(tu_proc_output(server), "Early data received:") != NULL
                  && strstr(tu_proc_output(server), EARLY_MESSAGE) != NULL,
                  "s_server did not get the early data:\n%s", tu_proc_output(server));
    tu_proc_free(client);
    tu_proc_free(server);
}
END_TEST

/* ------------------------------------------------- PSK callback, certificate server */

/* What the PSK client callback saw: calls, and whether a hint came. */
static int psk_calls, psk_hint_seen;

static unsigned int count_psk_cb(SSL *ssl, const char *hint, char *identity,
                                 unsigned int max_identity_len, unsigned char *psk,
                                 unsigned int max_psk_len)
{
    (void)ssl;
    (void)max_psk_len;
    psk_calls++;
    psk_hint_seen |= hint != NULL;
    snprintf(identity, max_identity_len, "Client_identity");
    psk[0] = 0x1a;
    return 1;
}

/* A use-session callback that finds no PSK (the manual allows *sess NULL). */
static int count_use_session_cb(SSL *ssl, const EVP_MD *md, const unsigned char **id,
                                size_t *idlen, SSL_SESSION **sess)
{
    (void)ssl;
    (void)md;
    psk_calls++;
    *id = NULL;
    *idlen = 0;
    *sess = NULL;
    return 1;
}

/* A client with a PSK callback against a certificate-only TLS 1.2 server
 * (OpenSSL's `s_server -tls1_2`): the handshake is made with the server's
 * certificate, as under OpenSSL. Loop 0: the client's maximum is TLS 1.2,
 * where OpenSSL never calls the callback (no PSK suite is picked; the
 * reference test below shows it for s_client); loop 1: the default range,
 * where OpenSSL calls it at most once, with no hint, to build a TLS 1.3
 * ClientHello. The legacy SSL_set_ setter and the use-session callback
 * are covered by loop 1 and the early-data-server test. */
START_TEST(kumassl_psk_client_over_certificates)
{
    static const char *const args[] = { "-tls1_2", NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = tu_ca_client_ctx();
    int port = tu_start_s_server(&c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), args);
    X509 *peer;

    if (_i == 0) {
        SSL_CTX_set_psk_client_callback(ctx, count_psk_cb);
        ck_assert_int_eq(SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION), 1);
    }
    tu_conn_open_client(&c, port, ctx);
    if (_i == 1)
        SSL_set_psk_client_callback(c.ssl, count_psk_cb);
    ck_assert_msg(SSL_connect(c.ssl) == 1, "SSL_connect failed: %s", tu_queued_error());
    ck_assert_int_eq(SSL_version(c.ssl), TLS1_2_VERSION);
    X509_free(peer = SSL_get1_peer_certificate(c.ssl));
    ck_assert_ptr_nonnull(peer);
    ck_assert_int_eq(SSL_get_verify_result(c.ssl), X509_V_OK);
    ck_assert_int_eq(psk_hint_seen, 0);
    if (_i == 0)
        ck_assert_int_eq(psk_calls, 0);
    else
        ck_assert_int_le(psk_calls, 1);
    ck_assert_int_eq(SSL_write(c.ssl, "over certificates\n", 18), 18);
    tu_await_output(c.peer, "over certificates", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

/* The reference: `openssl s_client -tls1_2 -psk KEY -debug` (whose PSK
 * callback prints "psk_client_cb" when called) against the same server
 * connects with a certificate suite and never calls it. */
START_TEST(openssl_psk_client_over_certificates)
{
    static const char *const sargs[] = { "-tls1_2", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = tu_start_s_server(&c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), sargs);
    char target[32];
    const char *const fixed[] = { "s_client", "-connect", target, "-tls1_2", "-psk", PSK_KEY,
                                  "-debug", "-CAfile", tu_cert("ca-cert.pem"),
                                  "-verify_return_error", NULL };
    tu_proc *client;

    tu_await_output(c.peer, "ACCEPT", NULL, 0);
    snprintf(target, sizeof(target), "127.0.0.1:%d", port);
    client = tu_spawn_openssl_args(fixed, (const char *const[]){ NULL });
    tu_expect_output(client, "s_client", "Cipher is ECDHE-");
    tu_proc_close_stdin(client);
    tu_expect_exit(client, "s_client", 0);
    expect_absent(client, "s_client", "psk_client_cb");
    tu_proc_free(client);
    tu_conn_close(&c);
}
END_TEST

/* ------------------------------------------------- early data calls without early data */

/* The manual's server loop against `openssl s_client` (loop 0: -tls1_2;
 * 1: its default, TLS 1.3, which a kumassl server speaks): FINISH with no
 * bytes once the handshake is complete, then SSL_read works; a second
 * call is misuse, as under OpenSSL; SSL_write_early_data after FINISH
 * writes like SSL_write (OpenSSL's server allows it). */
START_TEST(kumassl_read_early_data_finishes)
{
    const char *const args[] = { _i == 0 ? "-tls1_2" : "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    char buf[64];
    size_t n = 99, w = 0;
    int r, rounds = 0;

    tu_open_s_client(&c, tu_server_ctx(tu_cert("server-cert.pem"), tu_cert("server-key.pem")),
                     args);
    ck_assert_int_eq(SSL_get_early_data_status(c.ssl), SSL_EARLY_DATA_NOT_SENT);
    do {
        r = SSL_read_early_data(c.ssl, buf, sizeof(buf), &n);
        ck_assert_msg(r != SSL_READ_EARLY_DATA_ERROR, "SSL_read_early_data: %s",
                      tu_queued_error());
    } while (r != SSL_READ_EARLY_DATA_FINISH && ++rounds < 100);
    ck_assert_int_eq(r, SSL_READ_EARLY_DATA_FINISH);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(SSL_is_init_finished(c.ssl), 1);
    ck_assert_int_eq(SSL_version(c.ssl), _i == 0 ? TLS1_2_VERSION : TLS1_3_VERSION);
    ck_assert_int_eq(SSL_get_early_data_status(c.ssl), SSL_EARLY_DATA_NOT_SENT);

    ck_assert_int_eq(SSL_read_early_data(c.ssl, buf, sizeof(buf), &n), SSL_READ_EARLY_DATA_ERROR);
    ck_assert_int_eq(SSL_get_error(c.ssl, 0), SSL_ERROR_SSL);
    tu_expect_error(ERR_LIB_SSL, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED);

    ck_assert_int_eq(SSL_write_early_data(c.ssl, "half a trip\n", 12, &w), 1);
    ck_assert_uint_eq(w, 12);
    tu_await_output(c.peer, "half a trip", NULL, 0);
    tu_send_line(c.peer, "s_client", "after the handshake\n");
    r = SSL_read(c.ssl, buf, sizeof(buf) - 1);
    ck_assert_int_gt(r, 0);
    buf[r] = '\0';
    ck_assert_str_eq(buf, "after the handshake\n");
    tu_conn_close(&c);
}
END_TEST

/* Misuse, as OpenSSL reports it (ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, 0 or
 * SSL_READ_EARLY_DATA_ERROR, *written untouched): reading early data on a
 * client, writing it on a client with no TLS 1.3 session or PSK (a TLS 1.2
 * session has max_early_data 0), writing it on a server before reading. */
START_TEST(early_data_misuse)
{
    SSL_CTX *cctx = tu_ca_client_ctx();
    SSL_CTX *sctx = tu_server_ctx(tu_cert("server-cert.pem"), tu_cert("server-key.pem"));
    SSL *client = SSL_new(cctx), *server = SSL_new(sctx);
    SSL_SESSION *sess = SSL_SESSION_new();
    char buf[8];
    size_t n = 77;
    const char *data = NULL;
    int flags = 0;

    ck_assert_int_eq(SSL_read_early_data(client, buf, sizeof(buf), &n), SSL_READ_EARLY_DATA_ERROR);
    tu_expect_error(ERR_LIB_SSL, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED);
    ck_assert_int_eq(SSL_write_early_data(client, "x", 1, &n), 0);
    ck_assert_int_eq(SSL_get_error(client, 0), SSL_ERROR_SSL);
    ck_assert_uint_eq(n, 77);
    ck_assert(ERR_peek_error_data(&data, &flags) != 0);
    ck_assert_msg(data != NULL && strstr(data, "needs TLS 1.3") != NULL, "%s", tu_queued_error());
    tu_expect_error(ERR_LIB_SSL, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED);
    ck_assert_int_eq(SSL_SESSION_get_max_early_data(sess), 0);
    ck_assert_int_eq(SSL_write_early_data(server, "x", 1, &n), 0);
    tu_expect_error(ERR_LIB_SSL, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED);
    ck_assert_int_eq(SSL_get_early_data_status(client), SSL_EARLY_DATA_NOT_SENT);
    SSL_SESSION_free(sess);
    SSL_free(client);
    SSL_free(server);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}
END_TEST

/* ------------------------------------------------- early-data-server sample */

/* early-data-server program prog for count clients on a free port; *port gets it. */
static tu_proc *start_early_data_sample(const char *prog, int count, int *port)
{
    char n[16];
    tu_proc *p;

    snprintf(n, sizeof(n), "%d", count);
    p = tu_spawnl(prog, "-p", "0", "-c", tu_cert("server-cert.pem"), "-k",
                  tu_cert("server-key.pem"), "-n", n, NULL);
    *port = listening_port(p, prog);
    return p;
}

/* s_client against early-data-server on port with extra arguments. */
static tu_proc *start_s_client(int port, const char *const extra[])
{
    static char target[32];
    const char *const fixed[] = { "s_client", "-connect", target, "-CAfile",
                                  tu_cert("ca-cert.pem"), "-verify_return_error", NULL };

    snprintf(target, sizeof(target), "127.0.0.1:%d", port);
    return tu_spawn_openssl_args(fixed, extra);
}

/* kumassl's early-data-server serves `openssl s_client -tls1_2`, then
 * kumassl's early-data-client (whose first connection is a TLS 1.2 full
 * handshake; its second stops at SSL_write_early_data, saying why), then
 * a kumassl client with a PSK use-session callback. */
START_TEST(kumassl_early_data_server_without_early_data)
{
    static const char *const tls12[] = { "-tls1_2", NULL };
    tu_proc *server, *client;
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = tu_ca_client_ctx();
    int port;

    server = start_early_data_sample(tu_sample("early-data-server"), 4, &port);
    client = start_s_client(port, tls12);
    tu_expect_output(server, "early-data-server", "Client connected with TLSv1.2, early data not sent\n");
    tu_send_line(client, "s_client", "hello from s_client\n");
    tu_expect_output(server, "early-data-server", "Client: hello from s_client\n");
    tu_expect_output(client, "s_client", "hello from s_client");
    tu_proc_close_stdin(client);
    tu_expect_exit(client, "s_client", 0);
    tu_proc_free(client);

    client = start_early_data_client(kumassl_samples().early, port);
    tu_expect_output(server, "early-data-server", "Client connected with TLSv1.2, early data not sent\n");
    tu_expect_output(client, "early-data-client", "Early data not sent");
    tu_expect_exit(client, "early-data-client", 1);
    expect_printed(client, "early-data-client", "needs TLS 1.3");
    tu_proc_free(client);

    SSL_CTX_set_psk_use_session_callback(ctx, count_use_session_cb);
    tu_conn_open_client(&c, port, ctx);
    ck_assert_msg(SSL_connect(c.ssl) == 1, "SSL_connect failed: %s", tu_queued_error());
    ck_assert_int_eq(SSL_write(c.ssl, "psk-minded client\n", 18), 18);
    ck_assert_int_eq(SSL_read(c.ssl, (char[32]){ 0 }, 32), 18);
    tu_expect_output(server, "early-data-server", "Client: psk-minded client\n");
    SSL_shutdown(c.ssl);
    tu_conn_close(&c);
    tu_proc_free(server);
}
END_TEST

/* The sample (prog: kumassl's or the system OpenSSL's build): a TLS 1.3
 * session, then `s_client -sess_in -early_data`: the early data is read by
 * the manual's loop and reported accepted; the same session again is
 * rejected (single-use tickets, OpenSSL's default) and served all the
 * same; a TLS 1.2 client is served with none. */
static void early_data_server(const char *prog)
{
    char sess[sizeof(scratch) + 32], early[sizeof(scratch) + 32];
    const char *const first[] = { "-sess_out", sess, NULL };
    const char *const second[] = { "-sess_in", sess, "-early_data", early, NULL };
    const char *const tls12[] = { "-tls1_2", NULL };
    tu_proc *server, *client;
    FILE *f;
    int port;

    snprintf(sess, sizeof(sess), "%s/sess.pem", scratch);
    snprintf(early, sizeof(early), "%s/early.txt", scratch);
    ck_assert_ptr_nonnull(f = fopen(early, "w"));
    fputs(EARLY_MESSAGE "\n", f);
    fclose(f);
    server = start_early_data_sample(prog, 4, &port);
    client = start_s_client(port, first);
    tu_expect_output(server, "early-data-server", "Client connected with TLSv1.3, early data not sent\n");
    tu_send_line(client, "s_client", "first\n");
    tu_expect_output(client, "s_client", "first");   /* echoed: the tickets came before */
    tu_proc_close_stdin(client);
    tu_expect_exit(client, "s_client", 0);
    tu_proc_free(client);

    client = start_s_client(port, second);
    tu_expect_output(server, "early-data-server", "Early data received: " EARLY_MESSAGE "\n");
    tu_expect_output(server, "early-data-server", "Client connected with TLSv1.3, early data accepted\n");
    tu_expect_output(client, "s_client", "Early data was accepted");
    tu_proc_close_stdin(client);
    tu_expect_exit(client, "s_client", 0);
    tu_proc_free(client);

    client = start_s_client(port, second);
    tu_expect_output(server, "early-data-server", "Client connected with TLSv1.3, early data rejected\n");
    tu_expect_output(client, "s_client", "Early data was rejected");
    tu_send_line(client, "s_client", "after a replay\n");
    tu_expect_output(server, "early-data-server", "Client: after a replay\n");
    tu_proc_close_stdin(client);
    tu_expect_exit(client, "s_client", 0);
    tu_proc_free(client);

    client = start_s_client(port, tls12);
    tu_expect_output(server, "early-data-server", "Client connected with TLSv1.2, early data not sent\n");
    tu_proc_close_stdin(client);
    tu_expect_exit(client, "s_client", 0);
    tu_expect_exit(server, "early-data-server", 0);
    tu_proc_free(client);
    tu_proc_free(server);
}

START_TEST(kumassl_early_data_server)
{
    early_data_server(tu_sample("early-data-server"));
}
END_TEST

START_TEST(system_openssl_early_data_server)
{
    char prog[sizeof(scratch) + 32];

    if (tu_build_with_system_openssl(scratch, "early-data-server", BUILD_TIMEOUT_MS) != 0)
        return;
    snprintf(prog, sizeof(prog), "%s/early-data-server", scratch);
    early_data_server(prog);
}
END_TEST

/* ---------------------------------------------------------------- suite */

static Suite *psk_suite(void)
{
    Suite *s = suite_create("psk");
    TCase *tc;

    tc = tu_add_tcase(s, "kumassl", TEST_TIMEOUT_S);
    tcase_add_test(tc, kumassl_psk_pair);
    tcase_add_test(tc, kumassl_psk_wrong_key);
    tcase_add_test(tc, kumassl_psk_client_s_server);
    tcase_add_test(tc, kumassl_psk_server_s_client);
    tcase_add_test(tc, kumassl_early_data_needs_tls13);
    tcase_add_loop_test(tc, kumassl_psk_client_over_certificates, 0, 2);
    tcase_add_test(tc, openssl_psk_client_over_certificates);
    tcase_add_loop_test(tc, kumassl_read_early_data_finishes, 0, 2);
    tcase_add_test(tc, early_data_misuse);
    tcase_add_test(tc, kumassl_early_data_server_without_early_data);
    tcase_add_test(tc, kumassl_early_data_server);

    tc = tu_add_tcase(s, "system_openssl_builds", BUILD_TEST_TIMEOUT_S);
    tcase_add_test(tc, system_openssl_psk_pair);
    tcase_add_test(tc, system_openssl_psk_wrong_key);
    tcase_add_loop_test(tc, system_openssl_psk_client_s_server, 0, 2);
    tcase_add_test(tc, system_openssl_early_data_accepted);
    tcase_add_test(tc, system_openssl_early_data_server);
    return s;
}

int main(void)
{
    int ret;

    if (mkdtemp(scratch) == NULL) {
        perror(scratch);
        return EXIT_FAILURE;
    }
    ret = tu_run_suite(psk_suite(), CK_ENV);
    tu_rmtree(scratch);
    return ret;
}
