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
 *     SSL_read_early_data), an allow_early_data callback saying no;
 *   - more early data than SSL_set_recv_max_early_data: the handshake fails
 *     with SSL_R_TOO_MUCH_EARLY_DATA and unexpected_message.
 */
#include <check.h>

#include <stdio.h>
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

/* A full handshake whose session s_client saves: the tickets come before the echo. */
static void first_session(SSL_CTX *ctx)
{
    static const char *const args[] = { "-tls1_3", "-sess_out", sess_file, NULL };
    tu_conn c = TU_CONN_INIT;

    SSL_CTX_up_ref(ctx);
    ck_assert_msg(tu_accept_s_client(&c, ctx, args) == 1, "SSL_accept: %s", tu_queued_error());
    ck_assert_int_eq(SSL_get_early_data_status(c.ssl), SSL_EARLY_DATA_NOT_SENT);
    ck_assert_int_eq(SSL_write(c.ssl, "tickets sent\n", 13), 13);
    tu_expect_output(c.peer, "s_client", "tickets sent");
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}

/* s_client resuming the saved session with EARLY_MESSAGE as early data. */
static void open_early_client(tu_conn *c, SSL_CTX *ctx)
{
    static const char *const args[] = { "-tls1_3", "-sess_in", sess_file, "-early_data",
                                        early_file, NULL };

    SSL_CTX_up_ref(ctx);
    tu_open_s_client(c, ctx, args);
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

static Suite *early_suite(void)
{
    Suite *s = suite_create("tls13_early");
    TCase *tc = tu_add_tcase(s, "server", TEST_TIMEOUT_S);

    tcase_add_test(tc, early_data_accepted_once);
    tcase_add_test(tc, early_data_no_anti_replay);
    tcase_add_test(tc, early_data_rejected_by_ssl_accept);
    tcase_add_test(tc, early_data_refused_by_callback);
    tcase_add_test(tc, early_data_too_much);
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
