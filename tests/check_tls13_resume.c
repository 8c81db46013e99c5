/*
 * kumassl's TLS 1.3 client sessions: NewSessionTickets kept as sessions
 * (SSL_CTX_sess_set_new_cb, SSL_get1_session, SSL_SESSION_is_resumable),
 * resumption with psk_dhe_ke (SSL_set_session, SSL_session_reused), and
 * sessions carried across processes in DER (i2d/d2i_SSL_SESSION, OpenSSL's
 * layout) between kumassl and the system OpenSSL, both ways.
 *
 * Peers: `openssl s_server -tls1_3 -naccept 2` (one server for the first
 * visit and the return, since its ticket key lives as long as it runs),
 * `openssl s_client -sess_out/-sess_in` and `openssl sess_id` for the
 * system library's side of a session file, and a kumassl server in a
 * thread. s_server (not -quiet) prints "Reused session-id" for a resumed
 * connection, s_client "Reused, TLSv1.3".
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include "testutil.h"
#include "tls13_peer.h"

#define TEST_TIMEOUT_S 30

static char scratch[] = "/tmp/kuma-resume.XXXXXX";

/* ---- sessions collected by the new-session callback --------------------------------- */

static int new_sessions;
static SSL_SESSION *last_new;

static int keep_session(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    new_sessions++;
    SSL_SESSION_free(last_new);
    last_new = sess;                    /* 1: the callback keeps the reference */
    return 1;
}

static void reset_sessions(void)
{
    SSL_SESSION_free(last_new);
    last_new = NULL;
    new_sessions = 0;
}

/* A TLS-1.3-only client context whose tickets go to keep_session. */
static SSL_CTX *collecting_ctx(void)
{
    SSL_CTX *ctx = t13_client_ctx("ca-cert.pem");

    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT);
    SSL_CTX_sess_set_new_cb(ctx, keep_session);
    return ctx;
}

static void path_in_scratch(char *path, size_t size, const char *name)
{
    snprintf(path, size, "%s/%s", scratch, name);
}

static void write_file(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* sess in DER in a file, as a program keeps it for its next run. */
static void save_der(SSL_SESSION *sess, const char *path)
{
    unsigned char *der = NULL;
    int len = i2d_SSL_SESSION(sess, &der);

    ck_assert_int_gt(len, 0);
    ck_assert_int_eq(i2d_SSL_SESSION(sess, NULL), len);
    write_file(path, der, (size_t)len);
    OPENSSL_free(der);
}

static SSL_SESSION *load_der(const char *path)
{
    size_t len;
    char *der = tu_slurp(path, &len);
    const unsigned char *p = (const unsigned char *)der;
    SSL_SESSION *sess;

    ck_assert_ptr_nonnull(der);
    sess = d2i_SSL_SESSION(NULL, &p, (long)len);
    ck_assert_msg(sess != NULL, "d2i_SSL_SESSION: %s", tu_queued_error());
    ck_assert_ptr_eq(p, (const unsigned char *)der + len);
    free(der);
    return sess;
}

/* `openssl sess_id` converting between OpenSSL's PEM session files and DER. */
static void sess_id(const char *inform, const char *in, const char *outform, const char *out)
{
    char buf[4096];
    char *argv[] = { (char *)tu_openssl(), "sess_id", "-inform", (char *)inform, "-in", (char *)in,
                     "-outform", (char *)outform, "-out", (char *)out, NULL };

    ck_assert_msg(tu_run(argv, TU_TIMEOUT_MS, buf, sizeof buf) == 0, "sess_id: %s", buf);
}

/* Ends the connection of c (keeping the server running) and frees its context. */
static void leave(tu_conn *c)
{
    if (SSL_shutdown(c->ssl) == 0)
        (void)SSL_shutdown(c->ssl);
    SSL_free(c->ssl);
    c->ssl = NULL;
    close(c->fd);
    c->fd = -1;
    SSL_CTX_free(c->ctx);
    c->ctx = NULL;
    ERR_clear_error();
}

/* What a resumed TLS 1.3 connection of kumassl's reports. */
static void assert_resumed(SSL *ssl, const char *suite)
{
    ck_assert_int_eq(SSL_session_reused(ssl), 1);
    ck_assert_str_eq(SSL_get_version(ssl), "TLSv1.3");
    ck_assert_str_eq(SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)), suite);
}

/* A ticket's session: the ticket's bytes, and an id that is their SHA-256. */
static void assert_has_ticket(const SSL_SESSION *sess)
{
    const unsigned char *tick = NULL, *id;
    unsigned char digest[32];
    unsigned int id_len;
    size_t len = 0;

    ck_assert_int_eq(SSL_SESSION_has_ticket(sess), 1);
    SSL_SESSION_get0_ticket(sess, &tick, &len);
    ck_assert_ptr_nonnull(tick);
    ck_assert_uint_gt(len, 0);
    /* the id is SHA-256 of the ticket, as OpenSSL's client makes it */
    ck_assert_int_eq(EVP_Digest(tick, len, digest, NULL, EVP_sha256(), NULL), 1);
    id = SSL_SESSION_get_id(sess, &id_len);
    ck_assert_uint_eq(id_len, 32);
    ck_assert_mem_eq(id, digest, 32);
}

/* ---- against s_server ------------------------------------------------------------------ */

/* s_server's suite and groups per case; the third answers an X25519 share with a HelloRetryRequest. */
static const char *const server_cases[][2] = {
    { "TLS_AES_256_GCM_SHA384", "X25519" },
    { "TLS_AES_128_GCM_SHA256", "P-256:X25519" },
    { "TLS_CHACHA20_POLY1305_SHA256", "P-384" },
};

/*
 * First visit to s_server (two connections allowed): both tickets reach
 * the callback as resumable TLS 1.3 sessions, SSL_get1_session returns the
 * last; it goes to a file in DER. Returns the port.
 */
static int first_visit(tu_conn *c, int i, const char *file)
{
    const char *extra[] = { "-naccept", "2", "-ciphersuites", server_cases[i][0], "-groups",
                            server_cases[i][1], NULL };
    int port = t13_start_server(c, "server-cert.pem", "server-key.pem", extra);
    SSL_SESSION *sess;

    reset_sessions();
    t13_connect_ok(c, port, collecting_ctx());
    ck_assert_int_eq(SSL_session_reused(c->ssl), 0);
    t13_exchange_lines(c);              /* reading the server's line reads its tickets first */
    ck_assert_int_eq(new_sessions, 2);
    sess = SSL_get1_session(c->ssl);
    ck_assert_ptr_eq(sess, last_new);
    ck_assert_int_eq(SSL_SESSION_is_resumable(sess), 1);
    ck_assert_int_eq(SSL_SESSION_get_protocol_version(sess), TLS1_3_VERSION);
    ck_assert_str_eq(SSL_CIPHER_get_name(SSL_SESSION_get0_cipher(sess)), server_cases[i][0]);
    /* s_server's ticket lifetime (7200 s) is the session's timeout, as OpenSSL's client sets it */
    ck_assert_int_eq(SSL_SESSION_get_timeout(sess), 7200);
    ck_assert_uint_eq(SSL_SESSION_get_ticket_lifetime_hint(sess), 7200);
    assert_has_ticket(sess);
    save_der(sess, file);
    SSL_SESSION_free(sess);
    reset_sessions();
    leave(c);
    return port;
}

/* Comes back (a new context, the session read from file) and must resume. */
static void return_visit(tu_conn *c, int port, const char *file, const char *suite)
{
    SSL_CTX *ctx = collecting_ctx();
    SSL_SESSION *sess = load_der(file);

    ck_assert_int_eq(SSL_SESSION_is_resumable(sess), 1);
    c->ssl = SSL_new(ctx);
    ck_assert_int_eq(SSL_set_session(c->ssl, sess), 1);
    SSL_SESSION_free(sess);
    t13_connect_ok(c, port, ctx);
    assert_resumed(c->ssl, suite);
    tu_await_output(c->peer, "Reused session-id", NULL, 0);
    t13_exchange_lines(c);
    ck_assert_int_eq(new_sessions, 1);  /* OpenSSL sends one ticket after a resumption */
    reset_sessions();
}

START_TEST(test_s_server_resumption_across_processes)
{
    char file[128];
    tu_conn c = TU_CONN_INIT;
    int port;

    path_in_scratch(file, sizeof file, "kuma.der");
    port = first_visit(&c, _i, file);
    return_visit(&c, port, file, server_cases[_i][0]);
    tu_conn_close(&c);
}
END_TEST

/*
 * A session of a suite whose hash the client no longer offers is not
 * offered (RFC 8446 4.2.11): no pre_shared_key in s_server's trace, and a
 * full handshake.
 */
START_TEST(test_session_of_a_suite_not_offered)
{
    const char *extra[] = { "-naccept", "2", "-trace", NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = collecting_ctx();
    SSL_SESSION *sess;
    int port = t13_start_server(&c, "server-cert.pem", "server-key.pem", extra);

    reset_sessions();
    ck_assert_int_eq(SSL_CTX_set_ciphersuites(ctx, "TLS_AES_256_GCM_SHA384"), 1);
    t13_connect_ok(&c, port, ctx);
    t13_exchange_lines(&c);
    sess = SSL_get1_session(c.ssl);
    ck_assert_int_eq(SSL_SESSION_is_resumable(sess), 1);
    leave(&c);
    ctx = collecting_ctx();
    ck_assert_int_eq(SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256"), 1);
    c.ssl = SSL_new(ctx);
    SSL_set_session(c.ssl, sess);
    SSL_SESSION_free(sess);
    t13_connect_ok(&c, port, ctx);
    ck_assert_int_eq(SSL_session_reused(c.ssl), 0);
    t13_exchange_lines(&c);
    ck_assert_msg(strstr(tu_proc_output(c.peer), "pre_shared_key") == NULL,
                  "a PSK of another hash was offered: %s", tu_proc_output(c.peer));
    ck_assert_msg(strstr(tu_proc_output(c.peer), "psk_key_exchange_modes") != NULL,
                  "no psk_key_exchange_modes, or no trace: %s", tu_proc_output(c.peer));
    reset_sessions();
    tu_conn_close(&c);
}
END_TEST

/* s_server -num_tickets 0: the session is not resumable and no callback comes. */
START_TEST(test_no_ticket_no_session)
{
    const char *extra[] = { "-num_tickets", "0", NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_SESSION *sess;

    reset_sessions();
    t13_connect_ok(&c, t13_start_server(&c, "server-cert.pem", "server-key.pem", extra),
                   collecting_ctx());
    t13_exchange_lines(&c);
    ck_assert_int_eq(new_sessions, 0);
    sess = SSL_get1_session(c.ssl);
    ck_assert_ptr_nonnull(sess);
    ck_assert_int_eq(SSL_SESSION_is_resumable(sess), 0);
    ck_assert_int_eq(SSL_SESSION_has_ticket(sess), 0);
    SSL_SESSION_free(sess);
    tu_conn_close(&c);
}
END_TEST

/* ---- session files between kumassl and the system OpenSSL -------------------------------- */

static void wait_for_file(const char *path)
{
    long deadline = tu_now_ms() + TU_TIMEOUT_MS;

    while (access(path, R_OK) != 0 && tu_now_ms() < deadline)
        tu_sleep_ms(20);
    tu_sleep_ms(100);                   /* the rest of the file */
    ck_assert_msg(access(path, R_OK) == 0, "no session file %s", path);
}

/* The system's s_client visits s_server, its session (PEM) becomes DER; kumassl resumes it. */
START_TEST(test_system_session_to_kumassl)
{
    const char *extra[] = { "-naccept", "3", NULL };    /* tu_wait_port's probe is one */
    char pem[128], der[128], target[32];
    tu_conn c = TU_CONN_INIT;
    tu_proc *client;
    int port = t13_start_server(&c, "server-cert.pem", "server-key.pem", extra);

    path_in_scratch(pem, sizeof pem, "sys.pem");
    path_in_scratch(der, sizeof der, "sys.der");
    snprintf(target, sizeof target, "127.0.0.1:%d", port);
    tu_wait_port(port, TU_TIMEOUT_MS);
    client = tu_spawn_openssl("s_client", "-connect", target, "-tls1_3", "-sess_out", pem, NULL);
    /* s_client writes the file as a ticket arrives (its stdout waits for its exit) */
    wait_for_file(pem);
    tu_proc_close_stdin(client);
    ck_assert_int_eq(tu_proc_wait(client, TU_TIMEOUT_MS), 0);
    ck_assert_ptr_nonnull(strstr(tu_proc_output(client), "Post-Handshake New Session Ticket arrived"));
    tu_proc_free(client);
    sess_id("PEM", pem, "DER", der);
    reset_sessions();
    return_visit(&c, port, der, "TLS_AES_256_GCM_SHA384");
    tu_conn_close(&c);
    /* and OpenSSL's file itself reads as a session with its ticket */
    {
        SSL_SESSION *sess = load_der(der);

        assert_has_ticket(sess);
        ck_assert_uint_eq(SSL_SESSION_get_ticket_lifetime_hint(sess), 7200);
        SSL_SESSION_free(sess);
    }
}
END_TEST

/* kumassl's session in DER becomes PEM; the system's s_client resumes it. */
START_TEST(test_kumassl_session_to_system)
{
    char pem[128], der[128], target[32];
    tu_conn c = TU_CONN_INIT;
    tu_proc *client;
    int port;

    path_in_scratch(pem, sizeof pem, "kuma.pem");
    path_in_scratch(der, sizeof der, "kuma2.der");
    port = first_visit(&c, 1, der);
    sess_id("DER", der, "PEM", pem);
    snprintf(target, sizeof target, "127.0.0.1:%d", port);
    client = tu_spawn_openssl("s_client", "-connect", target, "-tls1_3", "-sess_in", pem, NULL);
    ck_assert_int_eq(tu_proc_read_until(client, "Reused, TLSv1.3", TU_TIMEOUT_MS, NULL, 0), 0);
    tu_proc_close_stdin(client);
    tu_proc_wait(client, TU_TIMEOUT_MS);
    tu_proc_free(client);
    tu_conn_close(&c);
}
END_TEST

/* ---- against a kumassl server ------------------------------------------------------------ */

typedef struct {
    SSL_CTX *ctx;
    int fd, ok, reused;
} server_side;

static void *serve_one(void *arg)
{
    server_side *sv = arg;
    SSL *ssl = SSL_new(sv->ctx);

    SSL_set_fd(ssl, sv->fd);
    if (SSL_accept(ssl) == 1 && SSL_write(ssl, "x", 1) == 1) {
        sv->ok = 1;
        sv->reused = SSL_session_reused(ssl);
        if (SSL_shutdown(ssl) == 0)
            SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    ERR_clear_error();
    return NULL;
}

/* One connection to a kumassl server of sctx, offering offer; returns the client's last session. */
static SSL_SESSION *visit_kumassl(SSL_CTX *sctx, SSL_CTX *cctx, SSL_SESSION *offer, int reused)
{
    server_side sv = { sctx, -1, 0, 0 };
    pthread_t thread;
    int fds[2];
    SSL *ssl;
    char b;
    SSL_SESSION *sess;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    tu_set_io_timeout(fds[0], TU_IO_TIMEOUT_MS);
    tu_set_io_timeout(fds[1], TU_IO_TIMEOUT_MS);
    sv.fd = fds[0];
    ck_assert_int_eq(pthread_create(&thread, NULL, serve_one, &sv), 0);
    ssl = SSL_new(cctx);
    SSL_set_fd(ssl, fds[1]);
    if (offer != NULL)
        SSL_set_session(ssl, offer);
    ck_assert_int_eq(SSL_connect(ssl), 1);
    ck_assert_int_eq(SSL_read(ssl, &b, 1), 1);  /* the tickets come before the server's byte */
    ck_assert_int_eq(SSL_session_reused(ssl), reused);
    ck_assert_str_eq(SSL_get_version(ssl), "TLSv1.3");
    sess = SSL_get1_session(ssl);
    if (SSL_shutdown(ssl) == 0)
        SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fds[1]);
    pthread_join(thread, NULL);
    close(fds[0]);
    ck_assert_int_eq(sv.ok, 1);
    ck_assert_int_eq(sv.reused, reused);
    return sess;
}

START_TEST(test_kumassl_server_resumption)
{
    SSL_CTX *sctx = tu_rsa_server_ctx(), *cctx = collecting_ctx();
    SSL_SESSION *first, *second;
    char file[128];

    path_in_scratch(file, sizeof file, "kk.der");
    reset_sessions();
    first = visit_kumassl(sctx, cctx, NULL, 0);
    ck_assert_int_eq(new_sessions, 2);  /* SSL_CTX_set_num_tickets' default */
    ck_assert_int_eq(SSL_SESSION_is_resumable(first), 1);
    save_der(first, file);
    SSL_SESSION_free(first);
    first = load_der(file);
    second = visit_kumassl(sctx, cctx, first, 1);
    ck_assert_int_eq(new_sessions, 3);  /* one more ticket after the resumption */
    ck_assert_int_eq(SSL_SESSION_is_resumable(second), 1);
    /* and the session the resumption brought resumes as well */
    SSL_SESSION_free(visit_kumassl(sctx, cctx, second, 1));
    SSL_SESSION_free(first);
    SSL_SESSION_free(second);
    reset_sessions();
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}
END_TEST

/* A ticket sealed under another server context's key: a full handshake, not a failure. */
START_TEST(test_kumassl_other_server_full_handshake)
{
    SSL_CTX *sctx = tu_rsa_server_ctx(), *other = tu_rsa_server_ctx(), *cctx = collecting_ctx();
    SSL_SESSION *first;

    reset_sessions();
    first = visit_kumassl(sctx, cctx, NULL, 0);
    SSL_SESSION_free(visit_kumassl(other, cctx, first, 0));
    SSL_SESSION_free(first);
    reset_sessions();
    SSL_CTX_free(sctx);
    SSL_CTX_free(other);
    SSL_CTX_free(cctx);
}
END_TEST

/* ---- the DER form -------------------------------------------------------------------------- */

/* A TLS 1.3 session whose PSK does not have its suite's hash length is refused. */
START_TEST(test_der_psk_length_checked)
{
    SSL_CTX *sctx = tu_rsa_server_ctx(), *cctx = collecting_ctx();
    SSL_SESSION *sess;
    unsigned char *der = NULL, *p;
    const unsigned char *q;
    int len, i;

    reset_sessions();
    sess = visit_kumassl(sctx, cctx, NULL, 0);  /* TLS_AES_256_GCM_SHA384: a 48-byte PSK */
    len = i2d_SSL_SESSION(sess, &der);
    ck_assert_int_gt(len, 0);
    /* the PSK: OCTET STRING of 48 after the 32-byte id; make it claim 47 */
    for (i = 0, p = NULL; i + 1 < len; i++)
        if (der[i] == 0x04 && der[i + 1] == 48 && i > 40) {
            p = der + i + 1;
            break;
        }
    ck_assert_ptr_nonnull(p);
    *p = 47;
    q = der;
    ck_assert_ptr_null(d2i_SSL_SESSION(NULL, &q, len));
    ck_assert_int_ne(tu_first_reason(), 0);
    ERR_clear_error();
    OPENSSL_free(der);
    SSL_SESSION_free(sess);
    reset_sessions();
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}
END_TEST

/* s_client -psk's identity and the key both sides are given (-psk 1a2b3c4d). */
static unsigned int external_psk(SSL *ssl, const char *hint, char *identity,
                                 unsigned int max_identity_len, unsigned char *psk,
                                 unsigned int max_psk_len)
{
    static const unsigned char key[] = { 0x1a, 0x2b, 0x3c, 0x4d };
    (void)ssl; (void)hint;
    if (max_identity_len < 16 || max_psk_len < sizeof key)
        return 0;
    strcpy(identity, "Client_identity");
    memcpy(psk, key, sizeof key);
    return sizeof key;
}

/*
 * s_server with a certificate, an external PSK and early data (two
 * connections); one SHA-256 suite, as OpenSSL's server passes over a PSK
 * whose hash is not its chosen suite's.
 */
static int start_psk_early_server(tu_conn *c)
{
    const char *extra[] = { "-naccept", "2", "-early_data", "-psk", "1a2b3c4d",
                            "-ciphersuites", "TLS_AES_128_GCM_SHA256", NULL };

    return t13_start_server(c, "server-cert.pem", "server-key.pem", extra);
}

/*
 * A ticket and an external PSK in one ClientHello (RFC 8446 4.2.11: one
 * pre_shared_key, the ticket first), with early data under the ticket
 * (its max_early_data from s_server -early_data). _i 0: the same server
 * takes the ticket (identity 0) and the early data. _i 1: another
 * s_server process cannot open the ticket and selects the external PSK
 * (identity 1): reused, but the early data is rejected, as it was
 * written under the first identity.
 */
START_TEST(test_ticket_and_external_psk_with_early_data)
{
    static const char early[] = "early line under the ticket\n";
    tu_conn c = TU_CONN_INIT, other = TU_CONN_INIT;
    SSL_CTX *ctx;
    SSL_SESSION *sess;
    size_t written = 0;
    int port = start_psk_early_server(&c);

    reset_sessions();
    t13_connect_ok(&c, port, collecting_ctx());
    t13_exchange_lines(&c);
    sess = SSL_get1_session(c.ssl);
    ck_assert_uint_gt(SSL_SESSION_get_max_early_data(sess), sizeof early);
    leave(&c);
    if (_i == 1) {
        tu_conn_close(&c);
        port = start_psk_early_server(&other);
    }
    ctx = collecting_ctx();
    SSL_CTX_set_psk_client_callback(ctx, external_psk);
    c.ssl = SSL_new(ctx);
    ck_assert_int_eq(SSL_set_session(c.ssl, sess), 1);
    SSL_SESSION_free(sess);
    if (_i == 1)
        c.peer = other.peer;
    tu_conn_open_client(&c, port, ctx);
    ck_assert_int_eq(SSL_write_early_data(c.ssl, early, sizeof early - 1, &written), 1);
    ck_assert_uint_eq(written, sizeof early - 1);
    ck_assert_int_eq(SSL_connect(c.ssl), 1);
    ck_assert_int_eq(SSL_session_reused(c.ssl), 1);
    ck_assert_int_eq(SSL_get_early_data_status(c.ssl),
                     _i == 0 ? SSL_EARLY_DATA_ACCEPTED : SSL_EARLY_DATA_REJECTED);
    if (_i == 0)
        tu_await_output(c.peer, "early line under the ticket", NULL, 0);
    t13_exchange_lines(&c);
    reset_sessions();
    if (_i == 1)
        c.peer = NULL;
    tu_conn_close(&c);
    tu_conn_close(&other);
}
END_TEST

static Suite *resume_suite(void)
{
    Suite *s = suite_create("tls13_resume");
    TCase *tc = tu_add_tcase(s, "s_server", TEST_TIMEOUT_S);

    tcase_add_loop_test(tc, test_s_server_resumption_across_processes, 0, 3);
    tcase_add_test(tc, test_session_of_a_suite_not_offered);
    tcase_add_test(tc, test_no_ticket_no_session);
    tcase_add_loop_test(tc, test_ticket_and_external_psk_with_early_data, 0, 2);
    tc = tu_add_tcase(s, "between_libraries", TEST_TIMEOUT_S);
    tcase_add_test(tc, test_system_session_to_kumassl);
    tcase_add_test(tc, test_kumassl_session_to_system);
    tc = tu_add_tcase(s, "kumassl_server", TEST_TIMEOUT_S);
    tcase_add_test(tc, test_kumassl_server_resumption);
    tcase_add_test(tc, test_kumassl_other_server_full_handshake);
    tcase_add_test(tc, test_der_psk_length_checked);
    return s;
}

int main(void)
{
    return tu_run_suite_in(resume_suite(), CK_ENV, scratch);
}
