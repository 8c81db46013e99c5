/*
 * check_tls13_early.c -- a kumassl TLS 1.3 server and 0-RTT, against
 * `openssl s_client -sess_in FILE -early_data FILE`:
 *
 *   - a ticket made under SSL_CTX_set_max_early_data carries the limit
 *     (s_client sends early data on it only then); resuming with it, the manual's
 *     loop (SSL_read_early_data until FINISH) gets the early bytes exactly
 *     once, SSL_get_early_data_status is ACCEPTED, s_client says accepted,
 *     the key log has CLIENT_EARLY_TRAFFIC_SECRET;
 *   - the same ticket again is rejected (single use), the handshake
 *     completes and data flows; with SSL_OP_NO_ANTI_REPLAY it is accepted
 *     again;
 *   - rejected as OpenSSL rejects: a server that calls SSL_accept (not
 *     SSL_read_early_data), an allow_early_data callback saying no, a
 *     ticket issued for another ALPN protocol than the one now selected;
 *   - more early data than SSL_set_recv_max_early_data: the handshake fails
 *     with SSL_R_TOO_MUCH_EARLY_DATA and unexpected_message;
 *   - a kumassl client and a kumassl server over an external PSK (use- and
 *     find-session callbacks, SSL_SESSION_set_max_early_data): the
 *     client's SSL_write_early_data bytes reach the server's
 *     SSL_read_early_data once, ACCEPTED on both sides, the key logs agree;
 *     a server session without max_early_data rejects them (REJECTED on
 *     both sides, the handshake completes, the client sends them again);
 *     more than the PSK allows fails on the client (TOO_MUCH_EARLY_DATA).
 */
#include <check.h>

#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define TEST_TIMEOUT_S 30
#define EARLY_MESSAGE "good early morning\n"

static char scratch[] = "/tmp/kuma-early-XXXXXX";
static char sess_file[sizeof(scratch) + 16], early_file[sizeof(scratch) + 16];
static int early_keylogged;

static void keylog_cb(const SSL *ssl, const char *line)
{
    (void)ssl;
    early_keylogged |= strncmp(line, "CLIENT_EARLY_TRAFFIC_SECRET ", 28) == 0;
}

/* A server context that invites 16 KiB of early data on its tickets. */
static SSL_CTX *early_server_ctx(void)
{
    SSL_CTX *ctx = tu_server_ctx(tu_cert("server-cert.pem"), tu_cert("server-key.pem"));

    ck_assert_int_eq(SSL_CTX_set_max_early_data(ctx, 16384), 1);
    SSL_CTX_set_keylog_callback(ctx, keylog_cb);
    return ctx;
}

/* A full handshake whose session s_client saves (alpn: its -alpn, or NULL). */
static void first_session_alpn(SSL_CTX *ctx, const char *alpn)
{
    const char *const args[] = { "-tls1_3", "-sess_out", sess_file, alpn ? "-alpn" : NULL, alpn,
                                 NULL };
    tu_conn c = TU_CONN_INIT;

    SSL_CTX_up_ref(ctx);
    ck_assert_msg(tu_accept_s_client(&c, ctx, args) == 1, "SSL_accept: %s", tu_queued_error());
    ck_assert_int_eq(SSL_get_early_data_status(c.ssl), SSL_EARLY_DATA_NOT_SENT);
    ck_assert_int_eq(SSL_write(c.ssl, "tickets sent\n", 13), 13);
    tu_expect_output(c.peer, "s_client", "tickets sent");
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}

/* The tickets come before the echo s_client prints. */
static void first_session(SSL_CTX *ctx)
{
    first_session_alpn(ctx, NULL);
}

/* s_client resuming the saved session with EARLY_MESSAGE as early data (alpn: its -alpn). */
static void open_early_client_alpn(tu_conn *c, SSL_CTX *ctx, const char *alpn)
{
    const char *const args[] = { "-tls1_3", "-sess_in", sess_file, "-early_data", early_file,
                                 alpn ? "-alpn" : NULL, alpn, NULL };

    SSL_CTX_up_ref(ctx);
    tu_open_s_client(c, ctx, args);
}

static void open_early_client(tu_conn *c, SSL_CTX *ctx)
{
    open_early_client_alpn(c, ctx, NULL);
}

/* The manual's loop: the early bytes read (NUL-terminated into buf), then FINISH. */
static size_t read_early(SSL *ssl, char *buf, size_t size)
{
    size_t got = 0, n;
    int r, rounds = 0;

    do {
        n = 0;
        r = SSL_read_early_data(ssl, buf + got, size - 1 - got, &n);
        ck_assert_msg(r != SSL_READ_EARLY_DATA_ERROR, "SSL_read_early_data: %s", tu_queued_error());
        got += n;
    } while (r != SSL_READ_EARLY_DATA_FINISH && ++rounds < 100);
    ck_assert_int_eq(r, SSL_READ_EARLY_DATA_FINISH);
    buf[got] = '\0';
    return got;
}

/* After the handshake: a line each way. */
static void exchange(tu_conn *c)
{
    char buf[64];
    int r;

    ck_assert_int_eq(SSL_is_init_finished(c->ssl), 1);
    ck_assert_int_eq(SSL_session_reused(c->ssl), 1);
    ck_assert_int_eq(SSL_write(c->ssl, "after\n", 6), 6);
    tu_expect_output(c->peer, "s_client", "after");
    tu_send_line(c->peer, "s_client", "from s_client\n");
    r = SSL_read(c->ssl, buf, sizeof(buf) - 1);
    ck_assert_int_gt(r, 0);
    buf[r] = '\0';
    ck_assert_str_eq(buf, "from s_client\n");
}

/* One resumption with early data through the manual's loop; accepted or not. */
static void early_connection(SSL_CTX *ctx, int accepted)
{
    tu_conn c = TU_CONN_INIT;
    char buf[256];

    early_keylogged = 0;
    open_early_client(&c, ctx);
    ck_assert_uint_eq(read_early(c.ssl, buf, sizeof(buf)), accepted ? strlen(EARLY_MESSAGE) : 0);
    if (accepted)
        ck_assert_str_eq(buf, EARLY_MESSAGE);
    ck_assert_int_eq(SSL_get_early_data_status(c.ssl),
                     accepted ? SSL_EARLY_DATA_ACCEPTED : SSL_EARLY_DATA_REJECTED);
    ck_assert_int_eq(early_keylogged, accepted);
    tu_expect_output(c.peer, "s_client",
                     accepted ? "Early data was accepted" : "Early data was rejected");
    exchange(&c);
    tu_conn_close(&c);
}

START_TEST(early_data_accepted_once)
{
    SSL_CTX *ctx = early_server_ctx();

    first_session(ctx);
    early_connection(ctx, 1);
    early_connection(ctx, 0);           /* the same ticket: a replay */
    SSL_CTX_free(ctx);
}
END_TEST

START_TEST(early_data_no_anti_replay)
{
    SSL_CTX *ctx = early_server_ctx();

    SSL_CTX_set_options(ctx, SSL_OP_NO_ANTI_REPLAY);
    first_session(ctx);
    early_connection(ctx, 1);
    early_connection(ctx, 1);
    SSL_CTX_free(ctx);
}
END_TEST

/* A server that goes straight to SSL_accept rejects the early data, as OpenSSL's. */
START_TEST(early_data_rejected_by_ssl_accept)
{
    SSL_CTX *ctx = early_server_ctx();
    tu_conn c = TU_CONN_INIT;

    first_session(ctx);
    open_early_client(&c, ctx);
    ck_assert_msg(SSL_accept(c.ssl) == 1, "SSL_accept: %s", tu_queued_error());
    ck_assert_int_eq(SSL_get_early_data_status(c.ssl), SSL_EARLY_DATA_REJECTED);
    tu_expect_output(c.peer, "s_client", "Early data was rejected");
    exchange(&c);
    tu_conn_close(&c);
    SSL_CTX_free(ctx);
}
END_TEST

static int allow_calls;

static int refuse_early_cb(SSL *s, void *arg)
{
    (void)s;
    ck_assert_ptr_eq(arg, &allow_calls);
    allow_calls++;
    return 0;
}

START_TEST(early_data_refused_by_callback)
{
    SSL_CTX *ctx = early_server_ctx();

    SSL_CTX_set_allow_early_data_cb(ctx, refuse_early_cb, &allow_calls);
    first_session(ctx);
    allow_calls = 0;
    early_connection(ctx, 0);
    ck_assert_int_eq(allow_calls, 1);
    SSL_CTX_free(ctx);
}
END_TEST

/* A ticket issued for http/1.1: the server now picks h2, so the early data is rejected. */
START_TEST(early_data_rejected_other_alpn)
{
    static tu_alpn_arg alpn = { SSL_TLSEXT_ERR_OK, 0, { 0 }, 0 };
    SSL_CTX *ctx = early_server_ctx();
    tu_conn c = TU_CONN_INIT;
    char buf[64];

    SSL_CTX_set_alpn_select_cb(ctx, tu_alpn_cb, &alpn);
    first_session_alpn(ctx, "http/1.1");
    open_early_client_alpn(&c, ctx, "h2,http/1.1");
    ck_assert_uint_eq(read_early(c.ssl, buf, sizeof(buf)), 0);
    ck_assert_int_eq(SSL_get_early_data_status(c.ssl), SSL_EARLY_DATA_REJECTED);
    tu_assert_alpn(c.ssl, "h2");
    tu_expect_output(c.peer, "s_client", "Early data was rejected");
    exchange(&c);
    tu_conn_close(&c);
    SSL_CTX_free(ctx);
}
END_TEST

/* The ticket invites 16 KiB, the connection reads 4 bytes at most. */
START_TEST(early_data_too_much)
{
    SSL_CTX *ctx = early_server_ctx();
    tu_conn c = TU_CONN_INIT;
    size_t n;
    char buf[64];

    first_session(ctx);
    open_early_client(&c, ctx);
    ck_assert_int_eq(SSL_set_recv_max_early_data(c.ssl, 4), 1);
    ck_assert_int_eq(SSL_read_early_data(c.ssl, buf, sizeof(buf), &n), SSL_READ_EARLY_DATA_ERROR);
    tu_expect_error(ERR_LIB_SSL, SSL_R_TOO_MUCH_EARLY_DATA);
    tu_expect_peer_saw(&c, "alert unexpected message");
    tu_conn_close(&c);
    SSL_CTX_free(ctx);
}
END_TEST

/* ---- kumassl against kumassl over an external PSK ---- */

static const unsigned char psk_key[32] = { 0x0e, 0xa7, 0x1e };
static uint32_t server_session_max_early;

static SSL_SESSION *psk_session(SSL *ssl, uint32_t max_early)
{
    static const unsigned char aes128[] = { 0x13, 0x01 };
    SSL_SESSION *sess = SSL_SESSION_new();

    ck_assert_int_eq(SSL_SESSION_set1_master_key(sess, psk_key, sizeof psk_key), 1);
    ck_assert_int_eq(SSL_SESSION_set_cipher(sess, SSL_CIPHER_find(ssl, aes128)), 1);
    ck_assert_int_eq(SSL_SESSION_set_protocol_version(sess, TLS1_3_VERSION), 1);
    ck_assert_int_eq(SSL_SESSION_set_max_early_data(sess, max_early), 1);
    return sess;
}

static int use_session_cb(SSL *ssl, const EVP_MD *md, const unsigned char **id, size_t *idlen,
                          SSL_SESSION **sess)
{
    (void)md;
    *id = (const unsigned char *)"early-psk";
    *idlen = 9;
    *sess = psk_session(ssl, 64);
    return 1;
}

static int find_session_cb(SSL *ssl, const unsigned char *id, size_t idlen, SSL_SESSION **sess)
{
    *sess = idlen == 9 && memcmp(id, "early-psk", 9) == 0
            ? psk_session(ssl, server_session_max_early) : NULL;
    return 1;
}

/* What the server thread saw. */
typedef struct {
    SSL *ssl;
    char early[128];
    char line[128];
    int status, ok;
} early_server;

static int early_lines_logged;

static void count_keylog(const SSL *ssl, const char *line)
{
    (void)ssl;
    early_lines_logged += strncmp(line, "CLIENT_EARLY_TRAFFIC_SECRET ", 28) == 0;
}

static void *serve_early(void *arg)
{
    early_server *sv = arg;
    size_t got = 0, n;
    int r, len;

    do {
        n = 0;
        r = SSL_read_early_data(sv->ssl, sv->early + got, sizeof(sv->early) - 1 - got, &n);
        got += n;
    } while (r == SSL_READ_EARLY_DATA_SUCCESS);
    sv->early[got] = '\0';
    sv->status = SSL_get_early_data_status(sv->ssl);
    if (r != SSL_READ_EARLY_DATA_FINISH)
        return NULL;
    len = SSL_read(sv->ssl, sv->line, sizeof(sv->line) - 1);
    if (len <= 0)
        return NULL;
    sv->line[len] = '\0';
    sv->ok = SSL_write(sv->ssl, "ok\n", 3) == 3;
    return NULL;
}

/* A kumassl pair over a socket pair with the PSK callbacks; the server runs in a thread. */
typedef struct {
    SSL_CTX *cctx, *sctx;
    SSL *client;
    early_server sv;
    pthread_t thread;
    int fds[2];
} psk_pair;

static void pair_open(psk_pair *p, uint32_t server_max)
{
    memset(p, 0, sizeof *p);
    server_session_max_early = server_max;
    early_lines_logged = 0;
    p->cctx = SSL_CTX_new(TLS_client_method());
    p->sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_psk_use_session_callback(p->cctx, use_session_cb);
    SSL_CTX_set_psk_find_session_callback(p->sctx, find_session_cb);
    SSL_CTX_set_keylog_callback(p->cctx, count_keylog);
    SSL_CTX_set_keylog_callback(p->sctx, count_keylog);
    tu_socketpair(p->fds, TU_IO_TIMEOUT_MS);
    p->client = SSL_new(p->cctx);
    p->sv.ssl = SSL_new(p->sctx);
    ck_assert_int_eq(SSL_set_fd(p->client, p->fds[0]), 1);
    ck_assert_int_eq(SSL_set_fd(p->sv.ssl, p->fds[1]), 1);
}

static void pair_close(psk_pair *p)
{
    shutdown(p->fds[0], SHUT_RDWR);
    pthread_join(p->thread, NULL);
    SSL_free(p->client);
    SSL_free(p->sv.ssl);
    close(p->fds[0]);
    close(p->fds[1]);
    SSL_CTX_free(p->cctx);
    SSL_CTX_free(p->sctx);
    ERR_clear_error();
}

/* Loop 0: the server's PSK invites early data (accepted); 1: it does not (rejected). */
START_TEST(pair_early_data_over_psk)
{
    static const char msg[] = "zero round trips\n";
    psk_pair p;
    size_t w = 0;
    char buf[16];
    int accepted = _i == 0;

    pair_open(&p, accepted ? 1024 : 0);
    ck_assert_int_eq(SSL_write_early_data(p.client, msg, sizeof msg - 1, &w), 1);
    ck_assert_uint_eq(w, sizeof msg - 1);
    ck_assert_int_eq(pthread_create(&p.thread, NULL, serve_early, &p.sv), 0);
    ck_assert_msg(SSL_connect(p.client) == 1, "SSL_connect: %s", tu_queued_error());
    ck_assert_int_eq(SSL_session_reused(p.client), 1);
    ck_assert_int_eq(SSL_get_early_data_status(p.client),
                     accepted ? SSL_EARLY_DATA_ACCEPTED : SSL_EARLY_DATA_REJECTED);
    if (!accepted)                      /* rejected early data is lost: the program sends it again */
        ck_assert_int_eq(SSL_write(p.client, msg, sizeof msg - 1), (int)sizeof msg - 1);
    ck_assert_int_eq(SSL_write(p.client, "then\n", 5), 5);
    ck_assert_int_eq(SSL_read(p.client, buf, sizeof buf), 3);
    pthread_join(p.thread, NULL);
    p.thread = 0;
    ck_assert_int_eq(p.sv.ok, 1);
    ck_assert_int_eq(p.sv.status, accepted ? SSL_EARLY_DATA_ACCEPTED : SSL_EARLY_DATA_REJECTED);
    ck_assert_str_eq(p.sv.early, accepted ? msg : "");
    ck_assert_str_eq(p.sv.line, accepted ? "then\n" : msg);
    ck_assert_int_eq(early_lines_logged, accepted ? 2 : 1);   /* both sides, or the client only */
    shutdown(p.fds[0], SHUT_RDWR);
    SSL_free(p.client);
    SSL_free(p.sv.ssl);
    close(p.fds[0]);
    close(p.fds[1]);
    SSL_CTX_free(p.cctx);
    SSL_CTX_free(p.sctx);
}
END_TEST

/* The client's PSK allows 64 bytes: more fails SSL_connect before anything is sent. */
START_TEST(pair_early_data_too_much_for_psk)
{
    static char big[100];
    psk_pair p;
    size_t w = 0;

    pair_open(&p, 1024);
    memset(big, 'x', sizeof big);
    ck_assert_int_eq(SSL_write_early_data(p.client, big, sizeof big, &w), 1);
    ck_assert_int_ne(SSL_connect(p.client), 1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_TOO_MUCH_EARLY_DATA);
    ck_assert_int_eq(pthread_create(&p.thread, NULL, serve_early, &p.sv), 0);
    pair_close(&p);
}
END_TEST

static Suite *early_suite(void)
{
    Suite *s = suite_create("tls13_early");
    TCase *tc = tu_add_tcase(s, "server", TEST_TIMEOUT_S);

    tcase_add_test(tc, early_data_accepted_once);
    tcase_add_test(tc, early_data_no_anti_replay);
    tcase_add_test(tc, early_data_rejected_by_ssl_accept);
    tcase_add_test(tc, early_data_refused_by_callback);
    tcase_add_test(tc, early_data_too_much);
    tcase_add_test(tc, early_data_rejected_other_alpn);
    tc = tu_add_tcase(s, "kumassl pair", TEST_TIMEOUT_S);
    tcase_add_loop_test(tc, pair_early_data_over_psk, 0, 2);
    tcase_add_test(tc, pair_early_data_too_much_for_psk);
    return s;
}

int main(void)
{
    FILE *f;
    int ret;

    if (mkdtemp(scratch) == NULL) {
        perror(scratch);
        return EXIT_FAILURE;
    }
    snprintf(sess_file, sizeof(sess_file), "%s/sess.pem", scratch);
    snprintf(early_file, sizeof(early_file), "%s/early.txt", scratch);
    if ((f = fopen(early_file, "w")) == NULL) {
        perror(early_file);
        return EXIT_FAILURE;
    }
    fputs(EARLY_MESSAGE, f);
    fclose(f);
    ret = tu_run_suite(early_suite(), CK_ENV);
    tu_rmtree(scratch);
    return ret;
}
