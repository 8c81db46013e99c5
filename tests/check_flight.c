/*
 * One write per handshake flight, and read-ahead.
 *
 * Each kumassl connection here writes into an AF_UNIX SOCK_SEQPACKET
 * socket (a socket BIO, as SSL_set_fd makes): the kernel keeps every
 * send() a message of its own, so the test end sees exactly the writes
 * kumassl made and which records each held. The test carries them to the
 * peer: another kumassl connection reading a memory BIO, or openssl
 * s_server / s_client over loopback TCP.
 *
 * A write is logged as the content types of its records, collapsed
 * (H handshake, C ChangeCipherSpec, A alert, D application data; a run of
 * handshake records is one H): "HCH" is a client's ClientKeyExchange,
 * ChangeCipherSpec and Finished in one write. A connection's log is its
 * writes separated by spaces.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

/* ---- counted ends -------------------------------------------------------------- */

typedef struct {
    SSL *ssl;
    int sp[2];                  /* sp[0]: kumassl's wbio; sp[1]: the test reads its writes */
    int tcp;                    /* a real peer's socket (kumassl's rbio), or -1 */
    char log[256];
    int writes;
    int done;                   /* handshake complete */
} end;

static void end_open(end *e, SSL_CTX *ctx, int tcp)
{
    BIO *rbio;

    memset(e, 0, sizeof(*e));
    e->tcp = tcp;
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, e->sp), 0);
    ck_assert_int_eq(fcntl(e->sp[1], F_SETFL, O_NONBLOCK), 0);
    e->ssl = SSL_new(ctx);
    ck_assert_ptr_nonnull(e->ssl);
    rbio = tcp >= 0 ? BIO_new_socket(tcp, BIO_NOCLOSE) : BIO_new(BIO_s_mem());
    ck_assert_ptr_nonnull(rbio);
    SSL_set_bio(e->ssl, rbio, BIO_new_socket(e->sp[0], BIO_NOCLOSE));
}

static void end_close(end *e)
{
    SSL_free(e->ssl);
    close(e->sp[0]);
    close(e->sp[1]);
    if (e->tcp >= 0)
        close(e->tcp);
    ERR_clear_error();
}

static char type_letter(unsigned char t)
{
    switch (t) {
    case 20: return 'C';
    case 21: return 'A';
    case 22: return 'H';
    case 23: return 'D';
    default: return '?';
    }
}

/* Appends one write's record types to e->log. */
static void log_write(end *e, const unsigned char *p, size_t n)
{
    size_t at = strlen(e->log), off = 0;

    if (at > 0 && at < sizeof(e->log) - 1)
        e->log[at++] = ' ';
    while (off + 5 <= n && at < sizeof(e->log) - 1) {
        char c = type_letter(p[off]);
        if (!(c == 'H' && at > 0 && e->log[at - 1] == 'H'))
            e->log[at++] = c;
        off += 5 + (size_t)(p[off + 3] << 8 | p[off + 4]);
    }
    if (off != n && at < sizeof(e->log) - 1)
        e->log[at++] = '!';     /* a record cut across writes */
    e->log[at] = '\0';
    e->writes++;
}

static void send_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EAGAIN) {
            struct pollfd pf = { fd, POLLOUT, 0 };
            ck_assert_int_eq(poll(&pf, 1, TU_TIMEOUT_MS), 1);
            continue;
        }
        ck_assert_int_gt(k, 0);
        p += k;
        n -= (size_t)k;
    }
}

/* Carries what e wrote to its peer: `to`'s memory BIO, or e's real peer over TCP. */
static void carry(end *e, end *to)
{
    static unsigned char buf[65536];
    ssize_t n;

    while ((n = recv(e->sp[1], buf, sizeof(buf), 0)) > 0) {
        log_write(e, buf, (size_t)n);
        if (to != NULL)
            ck_assert_int_eq(BIO_write(SSL_get_rbio(to->ssl), buf, (int)n), n);
        else
            send_all(e->tcp, buf, (size_t)n);
    }
    ck_assert(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

/* 1 when call succeeded, 0 when it wants to be called again. */
static int retry_or_done(SSL *ssl, int r)
{
    int e;

    if (r > 0)
        return 1;
    e = SSL_get_error(ssl, r);
    ck_assert_msg(e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE,
                  "SSL call failed: %d, %s", e, tu_queued_error());
    return 0;
}

/* ---- two kumassl connections ------------------------------------------------------ */

typedef struct {
    end c, s;
    SSL_CTX *cctx, *sctx;
} pair;

static void pair_open(pair *p, SSL_CTX *cctx, SSL_CTX *sctx)
{
    p->cctx = cctx;
    p->sctx = sctx;
    end_open(&p->c, cctx, -1);
    end_open(&p->s, sctx, -1);
    SSL_set_connect_state(p->c.ssl);
    SSL_set_accept_state(p->s.ssl);
}

static void pair_handshake(pair *p)
{
    int i;

    for (i = 0; i < 100 && !(p->c.done && p->s.done); i++) {
        if (!p->c.done)
            p->c.done = retry_or_done(p->c.ssl, SSL_do_handshake(p->c.ssl));
        carry(&p->c, &p->s);
        if (!p->s.done)
            p->s.done = retry_or_done(p->s.ssl, SSL_do_handshake(p->s.ssl));
        carry(&p->s, &p->c);
    }
    ck_assert_msg(p->c.done && p->s.done, "handshake did not finish");
}

static void pair_close(pair *p)
{
    end_close(&p->c);
    end_close(&p->s);
    SSL_CTX_free(p->cctx);
    SSL_CTX_free(p->sctx);
}

static SSL_CTX *client_ctx(void)
{
    SSL_CTX *ctx = tu_ca_client_ctx();

    SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    return ctx;
}

static SSL_CTX *server_ctx(void)
{
    return tu_server_ctx(tu_cert("server-ecdsa-cert.pem"), tu_cert("server-ecdsa-key.pem"));
}

#define ck_assert_log(e, want) \
    ck_assert_msg(strcmp((e)->log, want) == 0, "%s wrote \"%s\", expected \"%s\"", #e, (e)->log, want)

START_TEST(test_full_handshake)
{
    pair p;

    pair_open(&p, client_ctx(), server_ctx());
    pair_handshake(&p);
    ck_assert_log(&p.c, "H HCH");       /* ClientHello; ClientKeyExchange, CCS, Finished */
    ck_assert_log(&p.s, "H CH");        /* ServerHello...ServerHelloDone; CCS, Finished */
    pair_close(&p);
}
END_TEST

START_TEST(test_resumed_handshake)
{
    SSL_CTX *cctx = client_ctx(), *sctx = server_ctx();
    SSL_SESSION *sess;
    pair p;

    SSL_CTX_up_ref(cctx);
    SSL_CTX_up_ref(sctx);
    pair_open(&p, cctx, sctx);
    pair_handshake(&p);
    sess = SSL_get1_session(p.c.ssl);
    ck_assert_ptr_nonnull(sess);
    pair_close(&p);

    pair_open(&p, cctx, sctx);
    ck_assert_int_eq(SSL_set_session(p.c.ssl, sess), 1);
    pair_handshake(&p);
    ck_assert_int_eq(SSL_session_reused(p.c.ssl), 1);
    ck_assert_log(&p.s, "HCH");         /* ServerHello, CCS, Finished */
    ck_assert_log(&p.c, "H CH");
    SSL_SESSION_free(sess);
    pair_close(&p);
}
END_TEST

START_TEST(test_client_certificate)
{
    SSL_CTX *cctx = client_ctx(), *sctx = server_ctx();
    pair p;

    tu_use_cert_key(cctx, tu_cert("client-cert.pem"), tu_cert("client-key.pem"));
    tu_verify_clients(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    pair_open(&p, cctx, sctx);
    pair_handshake(&p);
    {
        X509 *peer = SSL_get1_peer_certificate(p.s.ssl);
        ck_assert_ptr_nonnull(peer);
        X509_free(peer);
    }
    /* Certificate, ClientKeyExchange, CertificateVerify, CCS, Finished */
    ck_assert_log(&p.c, "H HCH");
    ck_assert_log(&p.s, "H CH");        /* ... CertificateRequest, ServerHelloDone */
    pair_close(&p);
}
END_TEST

/* Application data and close_notify: one write per record, every byte through. */
START_TEST(test_data_and_close)
{
    static unsigned char out[16384], in[16384];
    pair p;
    size_t got = 0;
    int n;

    memset(out, 'k', sizeof(out));
    pair_open(&p, client_ctx(), server_ctx());
    pair_handshake(&p);
    p.c.log[0] = '\0';
    ck_assert_int_eq(SSL_write(p.c.ssl, out, sizeof(out)), sizeof(out));
    ck_assert_int_eq(SSL_write(p.c.ssl, "x", 1), 1);
    ck_assert_int_eq(SSL_shutdown(p.c.ssl), 0);
    carry(&p.c, &p.s);
    ck_assert_log(&p.c, "D D A");
    while ((n = SSL_read(p.s.ssl, in, sizeof(in))) > 0)
        got += (size_t)n;
    ck_assert_int_eq(SSL_get_error(p.s.ssl, n), SSL_ERROR_ZERO_RETURN);
    ck_assert_uint_eq(got, sizeof(out) + 1);
    pair_close(&p);
}
END_TEST

/* ---- partial writes ---------------------------------------------------------------------- */

/* 1 when call succeeded; 0 on WANT_READ / WANT_WRITE. */
static int nb(SSL *ssl, int r)
{
    return retry_or_done(ssl, r);
}

/* A BIO pair of 37-byte buffers: every flight is written in pieces, with WANT_WRITE between. */
START_TEST(test_flight_in_pieces)
{
    SSL_CTX *cctx = client_ctx(), *sctx = server_ctx();
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    BIO *bc, *bs;
    static unsigned char out[5000], in[5000];
    int cdone = 0, sdone = 0, i, wrote = 0;
    size_t got = 0;

    ck_assert_int_eq(BIO_new_bio_pair(&bc, 37, &bs, 37), 1);
    SSL_set_bio(c, bc, bc);
    SSL_set_bio(s, bs, bs);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    for (i = 0; i < 20000 && !(cdone && sdone); i++) {
        if (!cdone)
            cdone = nb(c, SSL_do_handshake(c));
        if (!sdone)
            sdone = nb(s, SSL_do_handshake(s));
    }
    ck_assert(cdone && sdone);
    memset(out, 'p', sizeof(out));
    for (i = 0; i < 20000 && got < sizeof(out); i++) {
        int n;
        if (!wrote)
            wrote = nb(c, SSL_write(c, out, sizeof(out)));      /* retried with the same arguments */
        n = SSL_read(s, in + got, (int)(sizeof(in) - got));
        if (nb(s, n))
            got += (size_t)n;
    }
    ck_assert_int_eq(wrote, 1);
    ck_assert_uint_eq(got, sizeof(out));
    ck_assert_mem_eq(in, out, sizeof(out));
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}
END_TEST

/* ---- real peers ------------------------------------------------------------------------------ */

/*
 * Runs call on e, carrying its writes to the real peer, until it succeeds
 * (its result), fails (0), e's log reads `until` (2), or timeout_ms pass (-1).
 */
static int drive(end *e, int (*call)(SSL *), const char *until, int timeout_ms)
{
    long end_ms = tu_now_ms() + timeout_ms;

    while (tu_now_ms() < end_ms) {
        int r = call(e->ssl), err;
        struct pollfd pf = { e->tcp, POLLIN, 0 };

        carry(e, NULL);
        if (r > 0)
            return r;
        err = SSL_get_error(e->ssl, r);
        if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
            return 0;
        if (until != NULL && strcmp(e->log, until) == 0)
            return 2;
        poll(&pf, 1, 100);
    }
    return -1;
}

static int read_one(SSL *ssl)
{
    char buf[256];

    return SSL_read(ssl, buf, sizeof(buf));
}

static void nonblocking(int fd)
{
    ck_assert_int_eq(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK), 0);
}

/* kumassl client, openssl s_server: full handshake, then s_server renegotiates. */
static void client_vs_s_server(int refuse, const char *after)
{
    tu_conn peer = TU_CONN_INIT;
    const char *extra[] = { "-tls1_2", NULL };
    SSL_CTX *ctx = client_ctx();
    int port = tu_start_s_server(&peer, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), extra);
    int r;
    end e;

    if (refuse)
        SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    tu_conn_open_client(&peer, port, ctx);      /* the TCP connection; our own SSL on it */
    SSL_free(peer.ssl);
    peer.ssl = NULL;
    nonblocking(peer.fd);
    end_open(&e, ctx, peer.fd);
    peer.fd = -1;
    ck_assert_int_eq(drive(&e, SSL_connect, NULL, TU_TIMEOUT_MS), 1);
    ck_assert_log(&e, "H HCH");
    e.log[0] = '\0';
    tu_await_output(peer.peer, "CIPHER is", NULL, 0);
    tu_send_line(peer.peer, "s_server", "r\n");
    r = drive(&e, read_one, after, TU_TIMEOUT_MS);
    ck_assert_msg(r == 2, "drive: %d, wrote \"%s\", %s; s_server: %s", r, e.log, tu_queued_error(),
                  tu_proc_output(peer.peer));
    if (!refuse) {
        /* the renegotiated connection carries data */
        tu_send_line(peer.peer, "s_server", "hello\n");
        ck_assert_int_eq(drive(&e, read_one, NULL, TU_TIMEOUT_MS), 6);
        ck_assert_log(&e, after);
    }
    end_close(&e);
    tu_conn_close(&peer);
}

START_TEST(test_s_server_renegotiation)
{
    /* the new handshake, encrypted: s_server resumes the session (ClientHello; CCS, Finished) */
    client_vs_s_server(0, "H CH");
}
END_TEST

START_TEST(test_s_server_renegotiation_refused)
{
    client_vs_s_server(1, "A");         /* no_renegotiation, one record */
}
END_TEST

/* kumassl server, openssl s_client: full handshake; s_client's renegotiation is refused. */
START_TEST(test_s_client_renegotiation_refused)
{
    int port = 0, lfd = tu_tcp_listen(&port), fd;
    char target[32];
    tu_proc *cli;
    SSL_CTX *ctx = server_ctx();
    end e;

    ck_assert_int_ne(lfd, -1);
    snprintf(target, sizeof(target), "127.0.0.1:%d", port);
    cli = tu_spawn_openssl("s_client", "-connect", target, "-tls1_2", "-CAfile",
                           tu_cert("ca-cert.pem"), "-verify_return_error", NULL);
    ck_assert_ptr_nonnull(cli);
    fd = tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    close(lfd);
    ck_assert_int_ne(fd, -1);
    nonblocking(fd);
    end_open(&e, ctx, fd);
    ck_assert_int_eq(drive(&e, SSL_accept, NULL, TU_TIMEOUT_MS), 1);
    ck_assert_log(&e, "H CH");
    e.log[0] = '\0';
    tu_await_output(cli, "Verify return code: 0", NULL, 0);
    tu_send_line(cli, "s_client", "R\n");
    tu_await_output(cli, "RENEGOTIATING", NULL, 0);
    ck_assert_int_eq(drive(&e, read_one, "A", TU_TIMEOUT_MS), 2);
    end_close(&e);
    SSL_CTX_free(ctx);
    tu_proc_free(cli);
}
END_TEST

/* ---- read-ahead ------------------------------------------------------------------------------ */

START_TEST(test_read_ahead_settings)
{
    SSL_CTX *ctx = client_ctx();
    SSL *s;

    ck_assert_int_eq(SSL_CTX_get_read_ahead(ctx), 0);          /* OpenSSL's default */
    ck_assert_int_eq(SSL_CTX_set_read_ahead(ctx, 1), 0);       /* the previous setting */
    ck_assert_int_eq(SSL_CTX_get_default_read_ahead(ctx), 1);
    s = SSL_new(ctx);
    ck_assert_int_eq(SSL_get_read_ahead(s), 1);                /* inherited */
    SSL_set_read_ahead(s, 0);
    ck_assert_int_eq(SSL_get_read_ahead(s), 0);
    ck_assert_int_eq(SSL_CTX_get_read_ahead(ctx), 1);
    SSL_free(s);
    SSL_CTX_free(ctx);
}
END_TEST

/* Three records in the server's memory BIO; what a first SSL_read leaves there. */
static void three_records(int ahead)
{
    const char *words[] = { "one", "two", "three" };
    char buf[16];
    pair p;
    BIO *rbio;
    int i;

    pair_open(&p, client_ctx(), server_ctx());
    SSL_set_read_ahead(p.s.ssl, ahead);
    pair_handshake(&p);
    for (i = 0; i < 3; i++)
        ck_assert_int_eq(SSL_write(p.c.ssl, words[i], (int)strlen(words[i])), (int)strlen(words[i]));
    carry(&p.c, &p.s);
    rbio = SSL_get_rbio(p.s.ssl);
    ck_assert_int_eq(SSL_read(p.s.ssl, buf, sizeof(buf)), 3);
    ck_assert_int_eq(SSL_has_pending(p.s.ssl), 1);
    if (ahead)
        ck_assert_int_eq(BIO_ctrl_pending(rbio), 0);           /* all taken in one read */
    else
        ck_assert_int_gt(BIO_ctrl_pending(rbio), 0);           /* exactly one record taken */
    for (i = 1; i < 3; i++) {
        int n = SSL_read(p.s.ssl, buf, sizeof(buf));
        ck_assert_int_eq(n, (int)strlen(words[i]));
        ck_assert_mem_eq(buf, words[i], (size_t)n);
    }
    ck_assert_int_eq(SSL_has_pending(p.s.ssl), 0);
    ck_assert_int_eq(SSL_read(p.s.ssl, buf, sizeof(buf)), -1);
    ck_assert_int_eq(SSL_get_error(p.s.ssl, -1), SSL_ERROR_WANT_READ);
    pair_close(&p);
}

START_TEST(test_read_ahead_off_takes_one_record)
{
    three_records(0);
}
END_TEST

START_TEST(test_read_ahead_on_takes_all)
{
    three_records(1);
}
END_TEST

/* Without read-ahead, bytes after close_notify stay for the program (STARTTLS-style handover). */
START_TEST(test_no_read_past_close_notify)
{
    char buf[16];
    pair p;
    int n;

    pair_open(&p, client_ctx(), server_ctx());
    pair_handshake(&p);
    ck_assert_int_eq(SSL_write(p.c.ssl, "x", 1), 1);
    ck_assert_int_eq(SSL_shutdown(p.c.ssl), 0);
    carry(&p.c, &p.s);
    BIO_write(SSL_get_rbio(p.s.ssl), "PLAIN", 5);
    ck_assert_int_eq(SSL_read(p.s.ssl, buf, sizeof(buf)), 1);
    n = SSL_read(p.s.ssl, buf, sizeof(buf));
    ck_assert_int_eq(SSL_get_error(p.s.ssl, n), SSL_ERROR_ZERO_RETURN);
    ck_assert_int_eq(BIO_read(SSL_get_rbio(p.s.ssl), buf, sizeof(buf)), 5);
    ck_assert_mem_eq(buf, "PLAIN", 5);
    pair_close(&p);
}
END_TEST

/* A server reading ahead still shows its ClientHello to the servername callback. */
START_TEST(test_read_ahead_server_hello_hooks)
{
    SSL_CTX *sctx = server_ctx();
    tu_sni_arg arg;
    pair p;

    memset(&arg, 0, sizeof(arg));
    SSL_CTX_set_read_ahead(sctx, 1);
    SSL_CTX_set_tlsext_servername_callback(sctx, tu_sni_cb);
    SSL_CTX_set_tlsext_servername_arg(sctx, &arg);
    pair_open(&p, client_ctx(), sctx);
    SSL_set_read_ahead(p.c.ssl, 1);
    ck_assert_int_eq(SSL_set_tlsext_host_name(p.c.ssl, "localhost"), 1);
    pair_handshake(&p);
    ck_assert_int_eq(arg.calls, 1);
    ck_assert_str_eq(arg.seen, "localhost");
    ck_assert_log(&p.c, "H HCH");
    pair_close(&p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("flight");
    TCase *tc = tu_add_tcase(s, "flights", 30);

    tcase_add_test(tc, test_full_handshake);
    tcase_add_test(tc, test_resumed_handshake);
    tcase_add_test(tc, test_client_certificate);
    tcase_add_test(tc, test_data_and_close);
    tcase_add_test(tc, test_flight_in_pieces);
    tc = tu_add_tcase(s, "real peers", 30);
    tcase_add_test(tc, test_s_server_renegotiation);
    tcase_add_test(tc, test_s_server_renegotiation_refused);
    tcase_add_test(tc, test_s_client_renegotiation_refused);
    tc = tu_add_tcase(s, "read-ahead", 30);
    tcase_add_test(tc, test_read_ahead_settings);
    tcase_add_test(tc, test_read_ahead_off_takes_one_record);
    tcase_add_test(tc, test_read_ahead_on_takes_all);
    tcase_add_test(tc, test_no_read_past_close_notify);
    tcase_add_test(tc, test_read_ahead_server_hello_hooks);
    return tu_run_suite(s, CK_NORMAL);
}
