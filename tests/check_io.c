/*
 * Connection tests inside one process: a kumassl client and a kumassl
 * server over a socketpair, the server in a thread. Covers the handshake,
 * record semantics, close_notify vs EOF, verification results and
 * non-blocking behaviour.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

/* ---- a server thread ------------------------------------------------------ */

typedef struct {
    SSL_CTX *ctx;
    int fd;
    int accept_ret;
    int (*after)(SSL *ssl);     /* what the server does once connected */
    int after_ret;
    pthread_t thread;
} server_run;

static void *server_main(void *arg)
{
    server_run *r = arg;
    SSL *ssl = SSL_new(r->ctx);

    SSL_set_fd(ssl, r->fd);
    r->accept_ret = SSL_accept(ssl);
    if (r->accept_ret == 1 && r->after != NULL)
        r->after_ret = r->after(ssl);
    SSL_free(ssl);
    ERR_clear_error();
    close(r->fd);
    return NULL;
}

/* Starts a server on one end of a socketpair; returns the client's end. */
static int start_server(server_run *r, SSL_CTX *ctx, int (*after)(SSL *))
{
    int sv[2];

    tu_socketpair(sv, 0);
    memset(r, 0, sizeof(*r));
    r->ctx = ctx;
    r->fd = sv[0];
    r->after = after;
    ck_assert_int_eq(pthread_create(&r->thread, NULL, server_main, r), 0);
    return sv[1];
}

static void join_server(server_run *r)
{
    pthread_join(r->thread, NULL);
    SSL_CTX_free(r->ctx);
}

/* ---- server behaviours ------------------------------------------------------- */

/* Echoes records until close_notify, then answers it. */
static int echo_until_close(SSL *ssl)
{
    char buf[20000];
    int n;

    while ((n = SSL_read(ssl, buf, sizeof(buf))) > 0)
        if (SSL_write(ssl, buf, n) != n)
            return -1;
    if (SSL_get_error(ssl, n) != SSL_ERROR_ZERO_RETURN)
        return -2;
    return SSL_shutdown(ssl);
}

/* Sends "hello, world" as one record, then a close_notify. */
static int send_hello_and_close(SSL *ssl)
{
    if (SSL_write(ssl, "hello, world", 12) != 12)
        return -1;
    return SSL_shutdown(ssl);
}

/* Sends one record and drops the connection without close_notify. */
static int send_and_vanish(SSL *ssl)
{
    return SSL_write(ssl, "bye", 3);
}

static int do_nothing(SSL *ssl)
{
    (void)ssl;
    return 0;
}

/* ---- a client and a server thread, connected ------------------------------------ */

typedef struct {
    server_run srv;
    SSL_CTX *cctx;
    SSL *ssl;           /* the client, not yet connected */
    int fd;
} pair;

/* Starts a server thread on sctx running `after`, and a client trusting cafile. */
static void pair_open(pair *p, SSL_CTX *sctx, const char *cafile, int (*after)(SSL *))
{
    p->cctx = tu_client_ctx(tu_cert(cafile));
    p->fd = start_server(&p->srv, sctx, after);
    p->ssl = SSL_new(p->cctx);
    ck_assert_ptr_nonnull(p->ssl);
    ck_assert_int_eq(SSL_set_fd(p->ssl, p->fd), 1);
}

/* The usual pair: RSA server credentials, the test CA on the client. */
static void pair_open_rsa(pair *p, int (*after)(SSL *))
{
    pair_open(p, tu_rsa_server_ctx(), "ca-cert.pem", after);
}

/* With close_notify: the client's SSL_shutdown returns 0, then 1 once the server answers. */
static void pair_shutdown(pair *p)
{
    ck_assert_int_eq(SSL_shutdown(p->ssl), 0);
    ck_assert_int_eq(SSL_shutdown(p->ssl), 1);
    ck_assert_int_eq(SSL_get_shutdown(p->ssl), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
}

static void pair_close(pair *p)
{
    ERR_clear_error();
    SSL_free(p->ssl);
    close(p->fd);
    join_server(&p->srv);
    SSL_CTX_free(p->cctx);
}

/* ---- tests ----------------------------------------------------------------------- */

static void handshake_with(const char *certfile, const char *keyfile, const char *kx)
{
    pair p;
    char buf[64];
    X509 *peer;
    char *subj;

    pair_open(&p, tu_server_ctx(tu_cert(certfile), tu_cert(keyfile)), "ca-cert.pem",
              echo_until_close);
    ck_assert_int_eq(SSL_connect(p.ssl), 1);
    ck_assert_str_eq(SSL_get_version(p.ssl), "TLSv1.2");
    ck_assert_ptr_nonnull(strstr(SSL_get_cipher(p.ssl), kx));
    ck_assert_int_eq(SSL_get_verify_result(p.ssl), X509_V_OK);
    peer = SSL_get_peer_certificate(p.ssl);
    ck_assert_ptr_nonnull(peer);
    subj = X509_NAME_oneline(X509_get_subject_name(peer), NULL, 0);
    ck_assert_ptr_nonnull(strstr(subj, "CN=localhost"));
    OPENSSL_free(subj);
    X509_free(peer);
    ck_assert_int_eq(SSL_write(p.ssl, "ping", 4), 4);
    ck_assert_int_eq(SSL_read(p.ssl, buf, sizeof(buf)), 4);
    ck_assert_int_eq(memcmp(buf, "ping", 4), 0);
    pair_shutdown(&p);
    pair_close(&p);
    ck_assert_int_eq(p.srv.accept_ret, 1);
    ck_assert_int_eq(p.srv.after_ret, 1);
}

START_TEST(test_handshake_rsa)
{
    handshake_with("server-cert.pem", "server-key.pem", "ECDHE-RSA");
}
END_TEST

START_TEST(test_handshake_ecdsa)
{
    handshake_with("server-ecdsa-cert.pem", "server-ecdsa-key.pem", "ECDHE-ECDSA");
}
END_TEST

START_TEST(test_record_boundaries_and_pending)
{
    pair p;
    char buf[64];

    pair_open_rsa(&p, send_hello_and_close);
    ck_assert_int_eq(SSL_connect(p.ssl), 1);
    ck_assert_int_eq(SSL_read(p.ssl, buf, 5), 5);
    ck_assert_int_eq(memcmp(buf, "hello", 5), 0);
    ck_assert_int_eq(SSL_pending(p.ssl), 7);
    ck_assert_int_eq(SSL_has_pending(p.ssl), 1);
    ck_assert_int_eq(SSL_peek(p.ssl, buf, 2), 2);
    ck_assert_int_eq(SSL_read(p.ssl, buf, sizeof(buf)), 7);
    ck_assert_int_eq(memcmp(buf, ", world", 7), 0);
    ck_assert_int_eq(SSL_pending(p.ssl), 0);
    /* close_notify: 0 and ZERO_RETURN, and the shutdown completes at once */
    ck_assert_int_eq(SSL_read(p.ssl, buf, sizeof(buf)), 0);
    ck_assert_int_eq(SSL_get_error(p.ssl, 0), SSL_ERROR_ZERO_RETURN);
    ck_assert_int_eq(SSL_get_shutdown(p.ssl) & SSL_RECEIVED_SHUTDOWN, SSL_RECEIVED_SHUTDOWN);
    ck_assert_int_eq(SSL_shutdown(p.ssl), 1);
    pair_close(&p);
}
END_TEST

static void check_unexpected_eof(int ignore)
{
    pair p;
    char buf[64];
    unsigned long e;

    pair_open_rsa(&p, send_and_vanish);
    if (ignore)
        SSL_set_options(p.ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
    ck_assert_int_eq(SSL_connect(p.ssl), 1);
    ck_assert_int_eq(SSL_read(p.ssl, buf, sizeof(buf)), 3);
    ERR_clear_error();
    ck_assert_int_eq(SSL_read(p.ssl, buf, sizeof(buf)), 0);
    if (ignore) {
        ck_assert_int_eq(SSL_get_error(p.ssl, 0), SSL_ERROR_ZERO_RETURN);
        ck_assert_int_eq(ERR_peek_error(), 0);
    } else {
        ck_assert_int_eq(SSL_get_error(p.ssl, 0), SSL_ERROR_SSL);
        e = ERR_get_error();
        ck_assert_int_eq(ERR_GET_LIB(e), ERR_LIB_SSL);
        ck_assert_int_eq(ERR_GET_REASON(e), SSL_R_UNEXPECTED_EOF_WHILE_READING);
        ck_assert_str_eq(ERR_reason_error_string(e), "unexpected eof while reading");
    }
    pair_close(&p);
}

START_TEST(test_unexpected_eof)
{
    check_unexpected_eof(0);
}
END_TEST

START_TEST(test_unexpected_eof_ignored)
{
    check_unexpected_eof(1);
}
END_TEST

/* Large writes: split into 16 KiB records, each SSL_read returns one at most. */
START_TEST(test_large_write)
{
    pair p;
    static unsigned char out[40000], in[40000];
    size_t got = 0, i;
    int n;

    for (i = 0; i < sizeof(out); i++)
        out[i] = (unsigned char)(i * 7 + 3);
    pair_open_rsa(&p, echo_until_close);
    ck_assert_int_eq(SSL_connect(p.ssl), 1);
    ck_assert_int_eq(SSL_write(p.ssl, out, sizeof(out)), sizeof(out));
    while (got < sizeof(in)) {
        n = SSL_read(p.ssl, in + got, sizeof(in) - got);
        ck_assert_int_gt(n, 0);
        ck_assert_int_le(n, 16384);
        got += (size_t)n;
    }
    ck_assert_int_eq(memcmp(in, out, sizeof(out)), 0);
    pair_shutdown(&p);
    pair_close(&p);
}
END_TEST

/* A client with the wrong CA: handshake fails with a verify error naming the reason. */
START_TEST(test_wrong_ca_fails)
{
    pair p;
    unsigned long e;
    char text[256];

    pair_open(&p, tu_rsa_server_ctx(), "other-ca-cert.pem", do_nothing);
    ERR_clear_error();
    ck_assert_int_le(SSL_connect(p.ssl), 0);
    ck_assert_int_eq(SSL_get_error(p.ssl, -1), SSL_ERROR_SSL);
    ck_assert_int_eq(SSL_get_verify_result(p.ssl), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    e = ERR_get_error();
    ck_assert_int_eq(ERR_GET_REASON(e), SSL_R_CERTIFICATE_VERIFY_FAILED);
    ERR_error_string_n(e, text, sizeof(text));
    ck_assert_ptr_nonnull(strstr(text, "certificate verify failed"));
    pair_close(&p);
    ck_assert_int_ne(p.srv.accept_ret, 1);
}
END_TEST

/* SSL_VERIFY_NONE connects, but the result is still computed and kept. */
START_TEST(test_verify_none_keeps_result)
{
    pair p;

    pair_open(&p, tu_rsa_server_ctx(), "other-ca-cert.pem",
              echo_until_close);
    SSL_set_verify(p.ssl, SSL_VERIFY_NONE, NULL);
    ck_assert_int_eq(SSL_connect(p.ssl), 1);
    ck_assert_int_eq(SSL_get_verify_result(p.ssl), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    pair_shutdown(&p);
    pair_close(&p);
}
END_TEST

static int cb_calls, cb_saw_error, cb_first_error;

static int accept_everything(int ok, X509_STORE_CTX *x)
{
    cb_calls++;
    ck_assert_ptr_nonnull(X509_STORE_CTX_get_ex_data(x, SSL_get_ex_data_X509_STORE_CTX_idx()));
    if (!ok) {
        if (cb_first_error == 0)
            cb_first_error = X509_STORE_CTX_get_error(x);
        cb_saw_error = X509_STORE_CTX_get_error(x);
        ck_assert_ptr_nonnull(X509_STORE_CTX_get_current_cert(x));
    }
    return 1;
}

static int reject_everything(int ok, X509_STORE_CTX *x)
{
    (void)ok;
    (void)x;
    cb_calls++;
    return 0;
}

START_TEST(test_verify_callback_overrides)
{
    pair p;

    cb_calls = cb_saw_error = cb_first_error = 0;
    pair_open(&p, tu_rsa_server_ctx(), "other-ca-cert.pem",
              echo_until_close);
    SSL_set_verify(p.ssl, SSL_VERIFY_PEER, accept_everything);
    ck_assert_int_eq(SSL_connect(p.ssl), 1);
    ck_assert_int_ge(cb_calls, 1);
    /* as openssl s_client shows for the same chain: 20 as the path ends, then 21 for the leaf */
    ck_assert_int_eq(cb_first_error, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    ck_assert_int_eq(cb_saw_error, X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE);
    ck_assert_int_eq(SSL_get_verify_result(p.ssl), X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE);
    pair_shutdown(&p);
    pair_close(&p);
}
END_TEST

START_TEST(test_verify_callback_rejects)
{
    pair p;

    cb_calls = 0;
    pair_open_rsa(&p, do_nothing);
    SSL_set_verify(p.ssl, SSL_VERIFY_PEER, reject_everything);
    ck_assert_int_le(SSL_connect(p.ssl), 0);
    ck_assert_int_eq(cb_calls, 1);
    /* OpenSSL 3.0: a refusal with no error set leaves X509_V_ERR_UNSPECIFIED */
    ck_assert_int_eq(SSL_get_verify_result(p.ssl), X509_V_ERR_UNSPECIFIED);
    pair_close(&p);
}
END_TEST

static void check_host(const char *host, long expect)
{
    pair p;

    pair_open_rsa(&p, expect == X509_V_OK ? echo_until_close : do_nothing);
    ck_assert_int_eq(SSL_set_tlsext_host_name(p.ssl, "localhost"), 1);
    ck_assert_int_eq(SSL_set1_host(p.ssl, host), 1);
    ck_assert_int_eq(SSL_connect(p.ssl) == 1, expect == X509_V_OK);
    ck_assert_int_eq(SSL_get_verify_result(p.ssl), expect);
    if (expect == X509_V_OK)
        pair_shutdown(&p);
    pair_close(&p);
}

START_TEST(test_host_checks)
{
    check_host("localhost", X509_V_OK);
    check_host("127.0.0.1", X509_V_OK);
    check_host("wrong.example.com", X509_V_ERR_HOSTNAME_MISMATCH);
    check_host("127.0.0.2", X509_V_ERR_IP_ADDRESS_MISMATCH);
}
END_TEST

/* A write to a peer that is gone is EPIPE (SSL_ERROR_SYSCALL), never SIGPIPE. */
START_TEST(test_epipe_without_sigpipe)
{
    pair p;
    int n, i;

    pair_open_rsa(&p, do_nothing);
    ck_assert_int_eq(SSL_connect(p.ssl), 1);
    pthread_join(p.srv.thread, NULL);   /* the server is gone: it sent no close_notify */
    fcntl(p.fd, F_SETFL, fcntl(p.fd, F_GETFL) | O_NONBLOCK);
    for (i = 0, n = 1; i < 50 && n > 0; i++)
        n = SSL_write(p.ssl, "x", 1);   /* SIGPIPE would kill the test here */
    ck_assert_int_le(n, 0);
    ck_assert_int_eq(SSL_get_error(p.ssl, n), SSL_ERROR_SYSCALL);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), EPIPE);
    ERR_clear_error();
    SSL_free(p.ssl);
    close(p.fd);
    SSL_CTX_free(p.srv.ctx);
    SSL_CTX_free(p.cctx);
}
END_TEST

START_TEST(test_want_read)
{
    int sv[2];
    SSL_CTX *cctx = tu_ca_client_ctx();
    SSL *ssl = SSL_new(cctx);

    tu_socketpair(sv, 0);
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    SSL_set_fd(ssl, sv[1]);
    ck_assert_int_eq(SSL_connect(ssl), -1);
    ck_assert_int_eq(SSL_get_error(ssl, -1), SSL_ERROR_WANT_READ);
    ck_assert_int_eq(SSL_want_read(ssl), 1);
    ck_assert_int_eq(SSL_is_init_finished(ssl), 0);
    SSL_free(ssl);
    close(sv[0]);
    close(sv[1]);
    SSL_CTX_free(cctx);
}
END_TEST

/* Retries a non-blocking call until it succeeds; any failure must be WANT_READ. */
static void nb_step(SSL *ssl, int *done, int (*call)(SSL *))
{
    int r;

    if (*done)
        return;
    r = call(ssl);
    if (r == 1)
        *done = 1;
    else
        ck_assert_int_eq(SSL_get_error(ssl, r), SSL_ERROR_WANT_READ);
}

/* A client and a server over a non-blocking socketpair, both driven from this thread. */
typedef struct {
    SSL_CTX *cctx, *sctx;
    SSL *c, *s;
    int sv[2];
} nb_pair;

/* Opens an nb_pair (ECDSA server) and runs both handshakes to the end. */
static void nb_pair_handshake(nb_pair *p)
{
    int cdone = 0, sdone = 0, i;

    p->cctx = tu_ca_client_ctx();
    p->sctx = tu_server_ctx(tu_cert("server-ecdsa-cert.pem"), tu_cert("server-ecdsa-key.pem"));
    p->c = SSL_new(p->cctx);
    p->s = SSL_new(p->sctx);
    tu_socketpair(p->sv, 0);
    fcntl(p->sv[0], F_SETFL, O_NONBLOCK);
    fcntl(p->sv[1], F_SETFL, O_NONBLOCK);
    SSL_set_fd(p->c, p->sv[0]);
    SSL_set_fd(p->s, p->sv[1]);
    for (i = 0; i < 1000 && !(cdone && sdone); i++) {
        nb_step(p->c, &cdone, SSL_connect);
        nb_step(p->s, &sdone, SSL_accept);
    }
    ck_assert(cdone && sdone);
}

static void nb_pair_close(nb_pair *p)
{
    SSL_free(p->c);
    SSL_free(p->s);
    close(p->sv[0]);
    close(p->sv[1]);
    SSL_CTX_free(p->cctx);
    SSL_CTX_free(p->sctx);
}

/* Both ends non-blocking, driven in one thread: retries with the same arguments. */
START_TEST(test_nonblocking_pair)
{
    static unsigned char big[200000], got[200000];
    size_t sent = 0, recvd = 0;
    nb_pair p;
    int i, n;

    nb_pair_handshake(&p);
    for (i = 0; i < (int)sizeof(big); i++)
        big[i] = (unsigned char)(i * 13);
    SSL_set_mode(p.c, SSL_MODE_ENABLE_PARTIAL_WRITE);
    for (i = 0; i < 100000 && recvd < sizeof(big); i++) {
        if (sent < sizeof(big)) {
            n = SSL_write(p.c, big + sent, (int)(sizeof(big) - sent));
            if (n > 0)
                sent += (size_t)n;
            else
                ck_assert_int_eq(SSL_get_error(p.c, n), SSL_ERROR_WANT_WRITE);
        }
        n = SSL_read(p.s, got + recvd, (int)(sizeof(got) - recvd));
        if (n > 0)
            recvd += (size_t)n;
        else
            ck_assert_int_eq(SSL_get_error(p.s, n), SSL_ERROR_WANT_READ);
    }
    ck_assert_uint_eq(recvd, sizeof(big));
    ck_assert_int_eq(memcmp(big, got, sizeof(big)), 0);
    nb_pair_close(&p);
}
END_TEST

/* Every kind of server credential the foundation promises, each verified by the client. */
START_TEST(test_server_credential_forms)
{
    static const struct {
        const char *cert, *key;
        int chain, type;
    } forms[] = {
        { "server-rsa4096-cert.pem", "server-rsa4096-key.pem", 0, SSL_FILETYPE_PEM },
        { "server-p384-cert.pem", "server-p384-key.pem", 0, SSL_FILETYPE_PEM },
        { "server-cert.pem", "server-key-pkcs1.pem", 0, SSL_FILETYPE_PEM },
        { "server-ecdsa-cert.pem", "server-ecdsa-key-sec1.pem", 0, SSL_FILETYPE_PEM },
        { "server-cert.der", "server-key.der", 0, SSL_FILETYPE_ASN1 },
        { "server-chain.pem", "server-chain-leaf-key.pem", 1, SSL_FILETYPE_PEM },
        { "server-v1-cert.pem", "server-v1-key.pem", 0, SSL_FILETYPE_PEM },
    };
    size_t i;

    for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
        pair p;

        if (forms[i].chain)
            ck_assert_int_eq(SSL_CTX_use_certificate_chain_file(sctx, tu_cert(forms[i].cert)), 1);
        else
            ck_assert_int_eq(SSL_CTX_use_certificate_file(sctx, tu_cert(forms[i].cert), forms[i].type), 1);
        ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(sctx, tu_cert(forms[i].key), forms[i].type), 1);
        ck_assert_int_eq(SSL_CTX_check_private_key(sctx), 1);
        pair_open(&p, sctx, "ca-cert.pem", echo_until_close);
        ck_assert_msg(SSL_connect(p.ssl) == 1, "handshake with %s", forms[i].cert);
        ck_assert_int_eq(SSL_get_verify_result(p.ssl), X509_V_OK);
        pair_shutdown(&p);
        pair_close(&p);
    }
}
END_TEST

START_TEST(test_expired_certificate)
{
    pair p;

    pair_open(&p, tu_server_ctx(tu_cert("expired-cert.pem"), tu_cert("expired-key.pem")),
              "ca-cert.pem", do_nothing);
    ck_assert_int_le(SSL_connect(p.ssl), 0);
    ck_assert_int_eq(SSL_get_verify_result(p.ssl), X509_V_ERR_CERT_HAS_EXPIRED);
    ck_assert_int_eq(ERR_GET_REASON(ERR_get_error()), SSL_R_CERTIFICATE_VERIFY_FAILED);
    pair_close(&p);
}
END_TEST

/* One SSL_CTX per side shared by many threads, one SSL per thread. */
#define NTHREADS 8
#define ROUNDS 10

static SSL_CTX *shared_client, *shared_server;

/* One echo round trip over a fresh connection from the shared contexts; 0 on success. */
static int shared_round_trip(void)
{
    server_run r;
    SSL *ssl = SSL_new(shared_client);
    char buf[32];
    int fd, ok;

    SSL_CTX_up_ref(shared_server);      /* join_server() drops one reference */
    fd = start_server(&r, shared_server, echo_until_close);
    SSL_set_fd(ssl, fd);
    ok = SSL_connect(ssl) == 1 && SSL_write(ssl, "thread", 6) == 6
         && SSL_read(ssl, buf, sizeof(buf)) == 6 && memcmp(buf, "thread", 6) == 0
         && SSL_shutdown(ssl) == 0 && SSL_shutdown(ssl) == 1;
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    return ok && ERR_peek_error() == 0 ? 0 : -1;
}

static void *thread_main(void *arg)
{
    int i;

    (void)arg;
    for (i = 0; i < ROUNDS; i++)
        if (shared_round_trip() != 0)
            return (void *)1;
    return NULL;
}

START_TEST(test_threads_share_ctx)
{
    pthread_t t[NTHREADS];
    void *ret;
    int i;

    shared_client = tu_ca_client_ctx();
    shared_server = tu_server_ctx(tu_cert("server-ecdsa-cert.pem"), tu_cert("server-ecdsa-key.pem"));
    for (i = 0; i < NTHREADS; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, thread_main, NULL), 0);
    for (i = 0; i < NTHREADS; i++) {
        pthread_join(t[i], &ret);
        ck_assert_ptr_null(ret);
    }
    SSL_CTX_free(shared_client);
    SSL_CTX_free(shared_server);
}
END_TEST

/* Mutual TLS: a server that asks for certificates rejects one it cannot verify. */
static SSL_CTX *client_with_cert(const char *certfile, const char *keyfile)
{
    SSL_CTX *ctx = tu_ca_client_ctx();

    tu_use_cert_key(ctx, tu_cert(certfile), tu_cert(keyfile));
    return ctx;
}

static SSL_CTX *server_asking_clients(int mode)
{
    SSL_CTX *ctx = tu_rsa_server_ctx();

    tu_verify_clients(ctx, mode);
    return ctx;
}

static int peer_cert_present(SSL *ssl)
{
    X509 *x = SSL_get_peer_certificate(ssl);

    X509_free(x);
    return x != NULL;
}

static void check_client_auth(const char *certfile, const char *keyfile, int expect_ok)
{
    server_run r;
    SSL_CTX *cctx = client_with_cert(certfile, keyfile);
    int fd = start_server(&r, server_asking_clients(SSL_VERIFY_PEER), peer_cert_present);
    SSL *ssl = SSL_new(cctx);

    SSL_set_fd(ssl, fd);
    SSL_connect(ssl);
    SSL_write(ssl, "x", 1);     /* the server's verdict reaches a TLS 1.2 client after Finished */
    ERR_clear_error();
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    SSL_CTX_free(cctx);
    ck_assert_int_eq(r.accept_ret == 1, expect_ok);
    ck_assert_int_eq(r.after_ret, expect_ok);
}

START_TEST(test_client_auth)
{
    check_client_auth("client-cert.pem", "client-key.pem", 1);
    check_client_auth("other-server-cert.pem", "other-server-key.pem", 0);
}
END_TEST

/* The callback hears of an error at the depth OpenSSL reports it, with that certificate. */
static int first_err_depth, first_err;
static char first_err_subject[256];

static int note_first_error(int ok, X509_STORE_CTX *x)
{
    if (!ok && first_err == 0) {
        first_err = X509_STORE_CTX_get_error(x);
        first_err_depth = X509_STORE_CTX_get_error_depth(x);
        X509_NAME_oneline(X509_get_subject_name(X509_STORE_CTX_get_current_cert(x)),
                          first_err_subject, sizeof(first_err_subject));
    }
    return ok;
}

START_TEST(test_verify_error_depth)
{
    SSL_CTX *sctx = tu_server_ctx(tu_cert("other-server-cert.pem"), tu_cert("other-server-key.pem"));
    char *pem = tu_slurp(tu_cert("ca-cert.pem"), NULL);
    BIO *b = BIO_new_mem_buf(pem, -1);
    X509 *ca;
    pair p;

    /* a leaf of another CA, followed by our trusted CA that did not sign it */
    ca = PEM_read_bio_X509(b, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(ca);
    ck_assert_int_eq(SSL_CTX_add_extra_chain_cert(sctx, ca), 1);
    first_err = 0;
    pair_open(&p, sctx, "ca-cert.pem", do_nothing);
    SSL_set_verify(p.ssl, SSL_VERIFY_PEER, note_first_error);
    ck_assert_int_le(SSL_connect(p.ssl), 0);
    ck_assert_int_eq(first_err, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    ck_assert_int_eq(first_err_depth, 0);
    ck_assert_ptr_nonnull(strstr(first_err_subject, "CN=localhost"));
    ck_assert_ptr_null(SSL_get_peer_certificate(p.ssl));
    pair_close(&p);
    BIO_free(b);
    free(pem);
}
END_TEST

/* Retrying a blocked SSL_write with a shorter buffer fails instead of over-reporting. */
START_TEST(test_write_retry_shorter)
{
    static unsigned char big[1 << 20];
    nb_pair p;
    int n;

    nb_pair_handshake(&p);
    n = SSL_write(p.c, big, sizeof(big));       /* the peer reads nothing: it blocks */
    ck_assert_int_eq(n, -1);
    ck_assert_int_eq(SSL_get_error(p.c, n), SSL_ERROR_WANT_WRITE);
    ck_assert_int_eq(SSL_write(p.c, big, 10), -1);
    ck_assert_int_eq(ERR_GET_REASON(ERR_get_error()), SSL_R_BAD_LENGTH);
    ERR_clear_error();
    nb_pair_close(&p);
}
END_TEST

static Suite *io_suite(void)
{
    Suite *s = suite_create("io");
    TCase *tc = tu_add_tcase(s, "pair", 60);

    tcase_add_test(tc, test_handshake_rsa);
    tcase_add_test(tc, test_handshake_ecdsa);
    tcase_add_test(tc, test_record_boundaries_and_pending);
    tcase_add_test(tc, test_unexpected_eof);
    tcase_add_test(tc, test_unexpected_eof_ignored);
    tcase_add_test(tc, test_large_write);
    tcase_add_test(tc, test_wrong_ca_fails);
    tcase_add_test(tc, test_verify_none_keeps_result);
    tcase_add_test(tc, test_verify_callback_overrides);
    tcase_add_test(tc, test_verify_callback_rejects);
    tcase_add_test(tc, test_host_checks);
    tcase_add_test(tc, test_epipe_without_sigpipe);
    tcase_add_test(tc, test_want_read);
    tcase_add_test(tc, test_nonblocking_pair);
    tcase_add_test(tc, test_server_credential_forms);
    tcase_add_test(tc, test_expired_certificate);
    tcase_add_test(tc, test_threads_share_ctx);
    tcase_add_test(tc, test_client_auth);
    tcase_add_test(tc, test_verify_error_depth);
    tcase_add_test(tc, test_write_retry_shorter);
    return s;
}

int main(void)
{
    return tu_run_suite(io_suite(), CK_NORMAL);
}
