/*
 * Interop tests: kumassl against real TLS peers over TCP on 127.0.0.1 --
 * the system's openssl s_server / s_client (OpenSSL 3.0) and gnutls-serv.
 * Peers are spawned through testutil, which kills them at exit whatever
 * happens; kumassl's sockets get I/O timeouts, so a stuck library fails a
 * test instead of hanging it.
 *
 * How openssl(1) 3.0 behaves, found by experiment, and relied on here:
 *  - s_server -quiet: no stdin commands, nothing printed but the received
 *    data and errors; stdin EOF sends close_notify.  Without -quiet/-brief,
 *    stdin EOF, "q" and "Q" close the socket *before* SSL_shutdown: a
 *    truncation, not a close_notify.  Only the verbose mode prints the SNI
 *    it received ("Hostname in TLS extension: ...").
 *  - s_client (without -quiet): stdin EOF sends close_notify; a received
 *    close_notify prints "closed" and exits 0; a TCP close without one
 *    prints "...:unexpected eof while reading:..." and exits 1.  -quiet
 *    would imply -ign_eof; -nocommands stops input being taken as commands.
 *  - s_server -quiet prints no "ACCEPT" line, so its port comes from
 *    tu_free_port() and kumassl retries connect() until it listens: the
 *    first connection is the real one (a probe would use up -naccept 1).
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

static const char *const QUIET[] = { "-quiet", NULL };
static const char *const NO_ARGS[] = { NULL };

/* ---- connections: kumassl on one side, a real peer on the other ------------- */

/* A kumassl client trusting cafile, connected to port; sni, when not NULL,
 * is sent as SNI, and host, when not NULL, is checked by SSL_set1_host.
 * Returns SSL_connect's result. */
static int kuma_connect(tu_conn *c, int port, const char *cafile,
                        const char *sni, const char *host)
{
    tu_conn_open_client(c, port, tu_client_ctx(tu_cert(cafile)));
    if (sni != NULL)
        ck_assert_int_eq(SSL_set_tlsext_host_name(c->ssl, sni), 1);
    if (host != NULL)
        ck_assert_int_eq(SSL_set1_host(c->ssl, host), 1);
    return SSL_connect(c->ssl);
}

/* kumassl client connected to s_server (extra: its mode and options). */
static void open_s_server(tu_conn *c, const char *certfile, const char *keyfile,
                          const char *const extra[])
{
    int port = tu_start_s_server(c, tu_cert(certfile), tu_cert(keyfile), extra);
    int ret = kuma_connect(c, port, "ca-cert.pem", NULL, NULL);

    ck_assert_msg(ret == 1, "SSL_connect = %d, SSL_get_error %d, %s; s_server: %s",
                  ret, SSL_get_error(c->ssl, ret), tu_queued_error(),
                  tu_proc_output(c->peer));
}

static void open_rsa_s_server(tu_conn *c)
{
    open_s_server(c, "server-cert.pem", "server-key.pem", QUIET);
}

/* A kumassl server (RSA certificate) on an ephemeral port, accepting
 * s_client with its extra arguments. */
static void open_s_client(tu_conn *c, const char *const extra[])
{
    int ret = tu_accept_s_client(c, tu_rsa_server_ctx(), extra);

    ck_assert_msg(ret == 1, "SSL_accept = %d, SSL_get_error %d, %s; s_client: %s",
                  ret, SSL_get_error(c->ssl, ret), tu_queued_error(),
                  tu_proc_output(c->peer));
    /* s_client's verify lines go to stderr during the handshake; collect
     * them now, so that they cannot land amid the data in its log. */
    tu_proc_output(c->peer);
}

static void open_plain_s_client(tu_conn *c)
{
    open_s_client(c, NO_ARGS);
}

/* ---- checks shared by several tests ------------------------------------------ */

/* TLS 1.2 with a forward-secret AEAD suite whose key exchange is kx. */
static void assert_session(SSL *ssl, const char *kx)
{
    const char *cipher = SSL_get_cipher(ssl);

    ck_assert_str_eq(SSL_get_version(ssl), "TLSv1.2");
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_OK);
    ck_assert_ptr_nonnull(cipher);
    ck_assert_msg(strncmp(cipher, kx, strlen(kx)) == 0
                  && (strstr(cipher, "-GCM-") != NULL
                      || strstr(cipher, "CHACHA20-POLY1305") != NULL),
                  "cipher %s is not %s with an AEAD", cipher, kx);
}

/* Has the peer send one short line and reads it, so that the connection
 * is known to carry data before something is done to it. */
static void peer_says_hello(tu_conn *c)
{
    static const char hello[] = "1234 hello\n";

    ck_assert_int_eq(tu_proc_write(c->peer, hello), 0);
    tu_read_expected(c->ssl, hello, strlen(hello), TU_FNV_INIT);
}

/* SIGKILL, as opposed to tu_proc_kill()'s polite SIGTERM first: the
 * peer's kernel closes its socket with no TLS goodbye at all. */
static void kill_peer(tu_conn *c)
{
    ck_assert_int_eq(kill(tu_proc_pid(c->peer), SIGKILL), 0);
    ck_assert_int_eq(tu_proc_wait(c->peer, TU_TIMEOUT_MS), 128 + SIGKILL);
}

/* Once the transport has failed, SSL_read and SSL_write must fail with
 * SSL_ERROR_SYSCALL (errno set) or SSL_ERROR_SSL (an error queued), not
 * crash, hang or pretend.  Returns the error. */
static int assert_failed_io(SSL *ssl, int ret, const char *what)
{
    int err = SSL_get_error(ssl, ret);

    ck_assert_msg(ret <= 0, "%s returned %d after the peer died", what, ret);
    ck_assert_msg(err == SSL_ERROR_SYSCALL || err == SSL_ERROR_SSL,
                  "%s: SSL_get_error %d", what, err);
    if (err == SSL_ERROR_SSL)
        ck_assert_msg(ERR_peek_error() != 0, "%s: SSL_ERROR_SSL, no error queued", what);
    ERR_clear_error();
    return err;
}

/* ---- 1: kumassl client <-> s_server, 1 MiB each way ---------------------------- */

static void client_bulk(const char *certfile, const char *keyfile, const char *kx)
{
    tu_conn c = TU_CONN_INIT;

    open_s_server(&c, certfile, keyfile, QUIET);
    assert_session(c.ssl, kx);
    tu_send_payload(c.ssl, c.peer);
    tu_receive_payload(c.ssl, c.peer);
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}

START_TEST(test_client_bulk_rsa)
{
    client_bulk("server-cert.pem", "server-key.pem", "ECDHE-RSA-");
}
END_TEST

START_TEST(test_client_bulk_ecdsa)
{
    client_bulk("server-ecdsa-cert.pem", "server-ecdsa-key.pem", "ECDHE-ECDSA-");
}
END_TEST

/* ---- 2: kumassl server <-> s_client, 1 MiB each way --------------------------- */

START_TEST(test_server_bulk)
{
    tu_conn c = TU_CONN_INIT;

    open_plain_s_client(&c);
    /* a default server answers s_client (which offers TLS 1.3 first) with TLS 1.3 */
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.3");
    ck_assert_str_eq(SSL_get_cipher(c.ssl), "TLS_AES_256_GCM_SHA384");
    ck_assert_int_eq(SSL_get_verify_result(c.ssl), X509_V_OK);
    tu_receive_payload(c.ssl, c.peer);
    tu_send_payload(c.ssl, c.peer);
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- 3a: the openssl peer sends close_notify ----------------------------------- */

static void close_notify_from(void (*open_peer)(tu_conn *))
{
    tu_conn c = TU_CONN_INIT;

    open_peer(&c);
    peer_says_hello(&c);
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}

START_TEST(test_close_notify_from_s_server)
{
    close_notify_from(open_rsa_s_server);
}
END_TEST

START_TEST(test_close_notify_from_s_client)
{
    close_notify_from(open_plain_s_client);
}
END_TEST

/* ---- 3b: the peer dies: TCP FIN with no close_notify --------------------------- */

static void truncation(int ignore)
{
    tu_conn c = TU_CONN_INIT;
    char buf[64];
    unsigned long e;
    int n;

    open_rsa_s_server(&c);
    if (ignore)
        SSL_set_options(c.ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
    peer_says_hello(&c);
    kill_peer(&c);
    ERR_clear_error();
    n = SSL_read(c.ssl, buf, sizeof(buf));
    ck_assert_int_le(n, 0);
    if (ignore) {
        ck_assert_int_eq(SSL_get_error(c.ssl, n), SSL_ERROR_ZERO_RETURN);
    } else {
        ck_assert_msg(SSL_get_error(c.ssl, n) == SSL_ERROR_SSL,
                      "SSL_get_error %d", SSL_get_error(c.ssl, n));
        e = ERR_get_error();
        ck_assert_int_eq(ERR_GET_LIB(e), ERR_LIB_SSL);
        ck_assert_int_eq(ERR_GET_REASON(e), SSL_R_UNEXPECTED_EOF_WHILE_READING);
        ck_assert_str_eq(ERR_reason_error_string(e), "unexpected eof while reading");
    }
    tu_conn_close(&c);
}

START_TEST(test_truncation_is_an_error)
{
    truncation(0);
}
END_TEST

START_TEST(test_truncation_ignored_by_option)
{
    truncation(1);
}
END_TEST

/* ---- 3c: TCP reset; writes to a dead peer ---------------------------------------- */

/* SIGPIPE back to its default in this forked test (testutil ignores it
 * for the whole program): if kumassl wrote without MSG_NOSIGNAL, a
 * write to a reset connection would kill the test, and Check says so. */
static void default_sigpipe(void)
{
    signal(SIGPIPE, SIG_DFL);
}

START_TEST(test_reset_by_peer)
{
    static char junk[4000];
    tu_conn c = TU_CONN_INIT;
    char buf[64];
    int n, err, saved_errno;

    default_sigpipe();
    open_rsa_s_server(&c);
    peer_says_hello(&c);
    /* A stopped peer leaves this record unread in its socket; closing a
     * socket with unread data makes its kernel send RST, not FIN. */
    ck_assert_int_eq(kill(tu_proc_pid(c.peer), SIGSTOP), 0);
    memset(junk, '7', sizeof(junk));
    tu_write_all(c.ssl, junk, sizeof(junk));
    tu_sleep_ms(100);  /* slack for the record to reach the peer's queue */
    kill_peer(&c);
    errno = 0;
    n = SSL_read(c.ssl, buf, sizeof(buf));
    saved_errno = errno;
    err = assert_failed_io(c.ssl, n, "SSL_read");
    if (err == SSL_ERROR_SYSCALL)
        ck_assert_msg(saved_errno == ECONNRESET, "errno %d, want ECONNRESET", saved_errno);
    assert_failed_io(c.ssl, SSL_write(c.ssl, junk, sizeof(junk)), "SSL_write");
    assert_failed_io(c.ssl, SSL_write(c.ssl, junk, sizeof(junk)), "second SSL_write");
    tu_conn_close(&c);
}
END_TEST

/* Writing without reading to a peer that is gone: the first record may
 * still be accepted by the kernel (and draws an RST); a later one must
 * fail with an error -- EPIPE, without SIGPIPE. */
START_TEST(test_write_to_dead_peer)
{
    static char junk[4000];
    tu_conn c = TU_CONN_INIT;
    int i, n = 1;

    default_sigpipe();
    open_rsa_s_server(&c);
    kill_peer(&c);
    memset(junk, '8', sizeof(junk));
    for (i = 0; i < 10 && n > 0; i++) {
        n = SSL_write(c.ssl, junk, sizeof(junk));
        tu_sleep_ms(20);
    }
    assert_failed_io(c.ssl, n, "SSL_write");
    tu_conn_close(&c);
}
END_TEST

/* ---- 3d: what the openssl peer sees of kumassl's closing ---------------------- */

/* kumassl sends a line, then either close_notify + close (clean) or just
 * close(fd) (truncation); the peer's output must say which it was. */
static void peer_sees_close(void (*open_peer)(tu_conn *), int clean)
{
    static const char bye[] = "kumassl says bye\n";
    tu_conn c = TU_CONN_INIT;
    int status;
    const char *out;

    open_peer(&c);
    tu_write_all(c.ssl, bye, (int)strlen(bye));
    tu_await_output(c.peer, bye, NULL, 0);
    if (clean)
        ck_assert_int_eq(SSL_shutdown(c.ssl), 0);  /* sent; the peer's not read */
    close(c.fd);
    c.fd = -1;
    status = tu_proc_wait(c.peer, TU_TIMEOUT_MS);
    out = tu_proc_output(c.peer);
    if (clean)
        ck_assert_msg(status == 0 && strstr(out, "unexpected eof") == NULL,
                      "status %d, peer output: %s", status, out);
    else
        ck_assert_msg(strstr(out, "unexpected eof while reading") != NULL,
                      "status %d, peer output: %s", status, out);
    tu_conn_close(&c);
}

START_TEST(test_s_client_sees_close_notify)
{
    peer_sees_close(open_plain_s_client, 1);
}
END_TEST

START_TEST(test_s_client_sees_truncation)
{
    peer_sees_close(open_plain_s_client, 0);
}
END_TEST

START_TEST(test_s_server_sees_close_notify)
{
    peer_sees_close(open_rsa_s_server, 1);
}
END_TEST

START_TEST(test_s_server_sees_truncation)
{
    peer_sees_close(open_rsa_s_server, 0);
}
END_TEST

/* ---- 4: gnutls-serv --echo ------------------------------------------------------------- */

START_TEST(test_gnutls_echo)
{
    static const char line[] = "hello from kumassl to gnutls\n";
    const char *serv = tu_gnutls_serv();
    char portstr[16];
    tu_conn c = TU_CONN_INIT;
    int port;

    if (serv == NULL) {
        printf("check_interop: gnutls-serv not found, gnutls test skipped\n");
        return;
    }
    port = tu_free_port();
    snprintf(portstr, sizeof(portstr), "%d", port);
    c.peer = tu_spawnl(serv, "--echo", "-p", portstr,
                       "--x509certfile", tu_cert("server-cert.pem"),
                       "--x509keyfile", tu_cert("server-key.pem"), (char *)NULL);
    ck_assert_ptr_nonnull(c.peer);
    tu_await_output(c.peer, "listening on IPv4", NULL, 0);
    ck_assert_msg(kuma_connect(&c, port, "ca-cert.pem", "localhost", "localhost") == 1,
                  "SSL_connect to gnutls-serv: %s", tu_queued_error());
    assert_session(c.ssl, "ECDHE-RSA-");
    tu_write_all(c.ssl, line, (int)strlen(line));
    tu_read_expected(c.ssl, line, strlen(line), TU_FNV_INIT);
    ck_assert_int_ge(SSL_shutdown(c.ssl), 0);
    tu_conn_close(&c);
}
END_TEST


/* ---- 5: the wrong trust anchor -------------------------------------------------- */

START_TEST(test_wrong_ca_rejected)
{
    tu_conn c = TU_CONN_INIT;
    unsigned long e;
    char msg[256];
    int port;

    port = tu_start_s_server(&c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), QUIET);
    ck_assert_int_ne(kuma_connect(&c, port, "other-ca-cert.pem", NULL, NULL), 1);
    ck_assert_int_eq(SSL_get_verify_result(c.ssl),
                     X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    e = ERR_get_error();
    ck_assert_int_ne(e, 0);
    ERR_error_string_n(e, msg, sizeof(msg));
    ck_assert_msg(strstr(msg, "certificate verify failed") != NULL, "error: %s", msg);
    tu_expect_peer_saw(&c, "tlsv1 alert unknown ca");
    tu_conn_close(&c);
}
END_TEST

/* ---- 6: SNI and host name checks ------------------------------------------------ */

/* Connects a kumassl client, sending sni and checking host (either may be
 * NULL), to a verbose s_server that prints the SNI it gets and switches
 * to the ECDSA certificate for "localhost" (RSA otherwise).  Returns
 * SSL_connect's result. */
static int connect_sni(tu_conn *c, const char *sni, const char *host)
{
    const char *extra[] = { "-servername", "localhost",
                            "-cert2", tu_cert("server-ecdsa-cert.pem"),
                            "-key2", tu_cert("server-ecdsa-key.pem"), NULL };
    int port = tu_start_s_server(c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), extra);

    return kuma_connect(c, port, "ca-cert.pem", sni, host);
}

START_TEST(test_sni_reaches_s_server)
{
    tu_conn c = TU_CONN_INIT;

    ck_assert_msg(connect_sni(&c, "localhost", "localhost") == 1,
                  "SSL_connect: %s", tu_queued_error());
    /* The ECDSA certificate proves the server chose by our SNI. */
    assert_session(c.ssl, "ECDHE-ECDSA-");
    tu_await_output(c.peer, "Hostname in TLS extension: \"localhost\"", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_no_sni_gets_default_cert)
{
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_eq(connect_sni(&c, NULL, NULL), 1);
    assert_session(c.ssl, "ECDHE-RSA-");
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_host_mismatch_rejected)
{
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_ne(connect_sni(&c, "localhost", "wrong.example"), 1);
    ck_assert_int_eq(SSL_get_verify_result(c.ssl), X509_V_ERR_HOSTNAME_MISMATCH);
    tu_expect_peer_saw(&c, "sslv3 alert bad certificate");
    tu_conn_close(&c);
}
END_TEST

/* ---- renegotiation: a server's HelloRequest, a client's new ClientHello ----------- */

/*
 * s_server (not quiet: "R" on its stdin sends a HelloRequest and waits for
 * the renegotiation) asks a kumassl client to renegotiate. By default the
 * client does, within SSL_read, and data flows on; with
 * SSL_OP_NO_RENEGOTIATION it declines, and the connection either goes on or
 * ends with an error the API reports -- never a crash or a hang.
 */
/* Lets ssl process what arrives for ms milliseconds without blocking; no data may come. */
static void pump_reads(SSL *ssl, int ms)
{
    int fd = SSL_get_fd(ssl), flags = fcntl(fd, F_GETFL);
    long end = tu_now_ms() + ms;
    char buf[16];
    int n;

    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    while (tu_now_ms() < end) {
        n = SSL_read(ssl, buf, sizeof(buf));
        ck_assert_msg(n < 0 && SSL_get_error(ssl, n) == SSL_ERROR_WANT_READ,
                      "SSL_read = %d, error %d (%s)", n, SSL_get_error(ssl, n), tu_queued_error());
        tu_sleep_ms(20);
    }
    fcntl(fd, F_SETFL, flags);
}

static void server_requests_renegotiation(int refuse)
{
    static const char *const verbose_tls12[] = { "-tls1_2", NULL };
    tu_conn c = TU_CONN_INIT;
    char buf[64];
    int n;

    open_s_server(&c, "server-cert.pem", "server-key.pem", verbose_tls12);
    if (refuse)
        SSL_set_options(c.ssl, SSL_OP_NO_RENEGOTIATION);
    tu_await_output(c.peer, "CIPHER is", NULL, 0);
    ck_assert_int_eq(tu_proc_write(c.peer, "R\n"), 0);
    if (!refuse) {
        /*
         * s_server sends its next data at once, but BearSSL carries no
         * application data during a renegotiation: let the client read (and
         * renegotiate) for a moment first, as a server that waits would.
         */
        pump_reads(c.ssl, 1000);
        ck_assert_int_eq(tu_proc_write(c.peer, "1234 after renegotiation\n"), 0);
        n = SSL_read(c.ssl, buf, sizeof(buf));
        ck_assert_msg(n == 25 && memcmp(buf, "1234 after renegotiation\n", 25) == 0,
                      "SSL_read = %d (%s); s_server: %s", n, tu_queued_error(),
                      tu_proc_output(c.peer));
        tu_await_output(c.peer, "SSL_do_handshake -> 1", NULL, 0);
    } else {
        n = SSL_read(c.ssl, buf, sizeof(buf));
        /* declined: no data comes, so the read ends in an error or a timeout */
        ck_assert_int_le(n, 0);
        ck_assert_int_ne(SSL_get_error(c.ssl, n), SSL_ERROR_NONE);
    }
    tu_conn_close(&c);
}

START_TEST(test_server_renegotiation_followed)
{
    server_requests_renegotiation(0);
}
END_TEST

START_TEST(test_server_renegotiation_refused)
{
    server_requests_renegotiation(1);
}
END_TEST

/* s_client (commands on: "R" starts a renegotiation) against a kumassl server,
 * which refuses client-initiated renegotiation as OpenSSL 3.0 does. */
START_TEST(test_client_renegotiation_refused)
{
    static const char *const fixed[] = { "s_client", "-tls1_2", NULL };
    const char *extra[] = { "-connect", NULL, "-CAfile", NULL, NULL };
    int port = 0, lfd = tu_tcp_listen(&port);
    char target[32], buf[64];
    tu_conn c = TU_CONN_INIT;
    int n;

    ck_assert_int_ne(lfd, -1);
    snprintf(target, sizeof(target), "127.0.0.1:%d", port);
    extra[1] = target;
    extra[3] = tu_cert("ca-cert.pem");
    c.ctx = tu_rsa_server_ctx();
    c.peer = tu_spawn_openssl_args(fixed, extra);
    c.fd = tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    close(lfd);
    ck_assert_int_ne(c.fd, -1);
    ck_assert_int_eq(tu_set_io_timeout(c.fd, TU_IO_TIMEOUT_MS), 0);
    c.ssl = SSL_new(c.ctx);
    SSL_set_fd(c.ssl, c.fd);
    ck_assert_int_eq(SSL_accept(c.ssl), 1);
    tu_await_output(c.peer, "Verify return code", NULL, 0);
    ck_assert_int_eq(tu_proc_write(c.peer, "R\n"), 0);
    ck_assert_int_eq(tu_proc_write(c.peer, "1234 after the request\n"), 0);
    /* the server declines (no_renegotiation): either the line still arrives or
     * the connection ends with an error the API reports */
    n = SSL_read(c.ssl, buf, sizeof(buf));
    if (n <= 0)
        ck_assert_int_ne(SSL_get_error(c.ssl, n), SSL_ERROR_NONE);
    else
        ck_assert_int_eq(memcmp(buf, "1234", 4), 0);
    tu_conn_close(&c);
}
END_TEST

/* ---- the suite ---------------------------------------------------------------------- */

static Suite *interop_suite(void)
{
    Suite *s = suite_create("interop");
    TCase *bulk = tu_add_tcase(s, "bulk", 60);
    TCase *closing = tu_add_tcase(s, "closing", 30);
    TCase *peers = tu_add_tcase(s, "peers", 30);

    tcase_add_test(bulk, test_client_bulk_rsa);
    tcase_add_test(bulk, test_client_bulk_ecdsa);
    tcase_add_test(bulk, test_server_bulk);

    tcase_add_test(closing, test_close_notify_from_s_server);
    tcase_add_test(closing, test_close_notify_from_s_client);
    tcase_add_test(closing, test_truncation_is_an_error);
    tcase_add_test(closing, test_truncation_ignored_by_option);
    tcase_add_test(closing, test_reset_by_peer);
    tcase_add_test(closing, test_write_to_dead_peer);
    tcase_add_test(closing, test_s_client_sees_close_notify);
    tcase_add_test(closing, test_s_client_sees_truncation);
    tcase_add_test(closing, test_s_server_sees_close_notify);
    tcase_add_test(closing, test_s_server_sees_truncation);

    tcase_add_test(peers, test_gnutls_echo);
    tcase_add_test(peers, test_wrong_ca_rejected);
    tcase_add_test(peers, test_sni_reaches_s_server);
    tcase_add_test(peers, test_no_sni_gets_default_cert);
    tcase_add_test(peers, test_host_mismatch_rejected);
    tcase_add_test(peers, test_server_renegotiation_followed);
    tcase_add_test(peers, test_server_renegotiation_refused);
    tcase_add_test(peers, test_client_renegotiation_refused);
    return s;
}

int main(void)
{
    return tu_run_suite(interop_suite(), CK_NORMAL);
}
