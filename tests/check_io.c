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

static char certdir[1024];

static const char *cert(const char *name)
{
    static char path[4][1200];
    static int slot;

    slot = (slot + 1) % 4;
    snprintf(path[slot], sizeof(path[slot]), "%s/%s", certdir, name);
    return path[slot];
}

/* ---- a server thread ------------------------------------------------------ */

typedef struct {
    SSL_CTX *ctx;
    int fd;
    int accept_ret;
    int (*after)(SSL *ssl);     /* what the server does once connected */
    int after_ret;
    pthread_t thread;
} server_run;

static SSL_CTX *server_ctx(const char *certfile, const char *keyfile)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    ck_assert_ptr_nonnull(ctx);
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, cert(certfile), SSL_FILETYPE_PEM), 1);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, cert(keyfile), SSL_FILETYPE_PEM), 1);
    return ctx;
}

static SSL_CTX *client_ctx(const char *cafile)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    ck_assert_ptr_nonnull(ctx);
    if (cafile != NULL)
        ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, cert(cafile), NULL), 1);
    return ctx;
}

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

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
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

/* ---- tests ----------------------------------------------------------------------- */

static SSL *connect_client(SSL_CTX *ctx, int fd)
{
    SSL *ssl = SSL_new(ctx);

    ck_assert_ptr_nonnull(ssl);
    ck_assert_int_eq(SSL_set_fd(ssl, fd), 1);
    return ssl;
}

static void handshake_with(const char *certfile, const char *keyfile, const char *kx)
{
    server_run r;
    SSL_CTX *cctx = client_ctx("ca-cert.pem");
    int fd = start_server(&r, server_ctx(certfile, keyfile), echo_until_close);
    SSL *ssl = connect_client(cctx, fd);
    char buf[64];
    X509 *peer;
    char *subj;

    ck_assert_int_eq(SSL_connect(ssl), 1);
    ck_assert_str_eq(SSL_get_version(ssl), "TLSv1.2");
    ck_assert_ptr_nonnull(strstr(SSL_get_cipher(ssl), kx));
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_OK);
    peer = SSL_get_peer_certificate(ssl);
    ck_assert_ptr_nonnull(peer);
    subj = X509_NAME_oneline(X509_get_subject_name(peer), NULL, 0);
    ck_assert_ptr_nonnull(strstr(subj, "CN=localhost"));
    OPENSSL_free(subj);
    X509_free(peer);
    ck_assert_int_eq(SSL_write(ssl, "ping", 4), 4);
    ck_assert_int_eq(SSL_read(ssl, buf, sizeof(buf)), 4);
    ck_assert_int_eq(memcmp(buf, "ping", 4), 0);
    ck_assert_int_eq(SSL_shutdown(ssl), 0);
    ck_assert_int_eq(SSL_shutdown(ssl), 1);
    ck_assert_int_eq(SSL_get_shutdown(ssl), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    ck_assert_int_eq(r.accept_ret, 1);
    ck_assert_int_eq(r.after_ret, 1);
    SSL_CTX_free(cctx);
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
    server_run r;
    SSL_CTX *cctx = client_ctx("ca-cert.pem");
    int fd = start_server(&r, server_ctx("server-cert.pem", "server-key.pem"), send_hello_and_close);
    SSL *ssl = connect_client(cctx, fd);
    char buf[64];

    ck_assert_int_eq(SSL_connect(ssl), 1);
    ck_assert_int_eq(SSL_read(ssl, buf, 5), 5);
    ck_assert_int_eq(memcmp(buf, "hello", 5), 0);
    ck_assert_int_eq(SSL_pending(ssl), 7);
    ck_assert_int_eq(SSL_has_pending(ssl), 1);
    ck_assert_int_eq(SSL_peek(ssl, buf, 2), 2);
    ck_assert_int_eq(SSL_read(ssl, buf, sizeof(buf)), 7);
    ck_assert_int_eq(memcmp(buf, ", world", 7), 0);
    ck_assert_int_eq(SSL_pending(ssl), 0);
    /* close_notify: 0 and ZERO_RETURN, and the shutdown completes at once */
    ck_assert_int_eq(SSL_read(ssl, buf, sizeof(buf)), 0);
    ck_assert_int_eq(SSL_get_error(ssl, 0), SSL_ERROR_ZERO_RETURN);
    ck_assert_int_eq(SSL_get_shutdown(ssl) & SSL_RECEIVED_SHUTDOWN, SSL_RECEIVED_SHUTDOWN);
    ck_assert_int_eq(SSL_shutdown(ssl), 1);
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    SSL_CTX_free(cctx);
}
END_TEST

static void check_unexpected_eof(int ignore)
{
    server_run r;
    SSL_CTX *cctx = client_ctx("ca-cert.pem");
    int fd = start_server(&r, server_ctx("server-cert.pem", "server-key.pem"), send_and_vanish);
    SSL *ssl = connect_client(cctx, fd);
    char buf[64];
    unsigned long e;

    if (ignore)
        SSL_set_options(ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
    ck_assert_int_eq(SSL_connect(ssl), 1);
    ck_assert_int_eq(SSL_read(ssl, buf, sizeof(buf)), 3);
    ERR_clear_error();
    ck_assert_int_eq(SSL_read(ssl, buf, sizeof(buf)), 0);
    if (ignore) {
        ck_assert_int_eq(SSL_get_error(ssl, 0), SSL_ERROR_ZERO_RETURN);
        ck_assert_int_eq(ERR_peek_error(), 0);
    } else {
        ck_assert_int_eq(SSL_get_error(ssl, 0), SSL_ERROR_SSL);
        e = ERR_get_error();
        ck_assert_int_eq(ERR_GET_LIB(e), ERR_LIB_SSL);
        ck_assert_int_eq(ERR_GET_REASON(e), SSL_R_UNEXPECTED_EOF_WHILE_READING);
        ck_assert_str_eq(ERR_reason_error_string(e), "unexpected eof while reading");
    }
    ERR_clear_error();
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    SSL_CTX_free(cctx);
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
    server_run r;
    SSL_CTX *cctx = client_ctx("ca-cert.pem");
    int fd = start_server(&r, server_ctx("server-cert.pem", "server-key.pem"), echo_until_close);
    SSL *ssl = connect_client(cctx, fd);
    static unsigned char out[100000], in[100000];
    size_t got = 0, i;
    int n;

    for (i = 0; i < sizeof(out); i++)
        out[i] = (unsigned char)(i * 7 + 3);
    ck_assert_int_eq(SSL_connect(ssl), 1);
    ck_assert_int_eq(SSL_write(ssl, out, 40000), 40000);
    while (got < 40000) {
        n = SSL_read(ssl, in + got, sizeof(in) - got);
        ck_assert_int_gt(n, 0);
        ck_assert_int_le(n, 16384);
        got += (size_t)n;
    }
    ck_assert_int_eq(memcmp(in, out, 40000), 0);
    ck_assert_int_eq(SSL_shutdown(ssl), 0);
    ck_assert_int_eq(SSL_shutdown(ssl), 1);
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    SSL_CTX_free(cctx);
}
END_TEST

/* A client with the wrong CA: handshake fails with a verify error naming the reason. */
START_TEST(test_wrong_ca_fails)
{
    server_run r;
    SSL_CTX *cctx = client_ctx("other-ca-cert.pem");
    int fd = start_server(&r, server_ctx("server-cert.pem", "server-key.pem"), do_nothing);
    SSL *ssl = connect_client(cctx, fd);
    unsigned long e;
    char text[256];

    ERR_clear_error();
    ck_assert_int_le(SSL_connect(ssl), 0);
    ck_assert_int_eq(SSL_get_error(ssl, -1), SSL_ERROR_SSL);
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    e = ERR_get_error();
    ck_assert_int_eq(ERR_GET_REASON(e), SSL_R_CERTIFICATE_VERIFY_FAILED);
    ERR_error_string_n(e, text, sizeof(text));
    ck_assert_ptr_nonnull(strstr(text, "certificate verify failed"));
    ERR_clear_error();
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    ck_assert_int_ne(r.accept_ret, 1);
    SSL_CTX_free(cctx);
}
END_TEST

/* SSL_VERIFY_NONE connects, but the result is still computed and kept. */
START_TEST(test_verify_none_keeps_result)
{
    server_run r;
    SSL_CTX *cctx = client_ctx("other-ca-cert.pem");
    int fd = start_server(&r, server_ctx("server-cert.pem", "server-key.pem"), echo_until_close);
    SSL *ssl;

    SSL_CTX_set_verify(cctx, SSL_VERIFY_NONE, NULL);
    ssl = connect_client(cctx, fd);
    ck_assert_int_eq(SSL_connect(ssl), 1);
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    ck_assert_int_eq(SSL_shutdown(ssl), 0);
    ck_assert_int_eq(SSL_shutdown(ssl), 1);
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    SSL_CTX_free(cctx);
}
END_TEST

static int cb_calls, cb_saw_error;

static int accept_everything(int ok, X509_STORE_CTX *x)
{
    cb_calls++;
    ck_assert_ptr_nonnull(X509_STORE_CTX_get_ex_data(x, SSL_get_ex_data_X509_STORE_CTX_idx()));
    if (!ok) {
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
    server_run r;
    SSL_CTX *cctx = client_ctx("other-ca-cert.pem");
    int fd = start_server(&r, server_ctx("server-cert.pem", "server-key.pem"), echo_until_close);
    SSL *ssl;

    cb_calls = cb_saw_error = 0;
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, accept_everything);
    ssl = connect_client(cctx, fd);
    ck_assert_int_eq(SSL_connect(ssl), 1);
    ck_assert_int_ge(cb_calls, 1);
    ck_assert_int_eq(cb_saw_error, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    SSL_shutdown(ssl);
    SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    SSL_CTX_free(cctx);
}
END_TEST

START_TEST(test_verify_callback_rejects)
{
    server_run r;
    SSL_CTX *cctx = client_ctx("ca-cert.pem");
    int fd = start_server(&r, server_ctx("server-cert.pem", "server-key.pem"), do_nothing);
    SSL *ssl;

    cb_calls = 0;
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, reject_everything);
    ssl = connect_client(cctx, fd);
    ck_assert_int_le(SSL_connect(ssl), 0);
    ck_assert_int_eq(cb_calls, 1);
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_ERR_APPLICATION_VERIFICATION);
    ERR_clear_error();
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    SSL_CTX_free(cctx);
}
END_TEST

static void check_host(const char *host, long expect)
{
    server_run r;
    SSL_CTX *cctx = client_ctx("ca-cert.pem");
    int fd = start_server(&r, server_ctx("server-cert.pem", "server-key.pem"),
                          expect == X509_V_OK ? echo_until_close : do_nothing);
    SSL *ssl = connect_client(cctx, fd);

    ck_assert_int_eq(SSL_set_tlsext_host_name(ssl, "localhost"), 1);
    ck_assert_int_eq(SSL_set1_host(ssl, host), 1);
    ck_assert_int_eq(SSL_connect(ssl) == 1, expect == X509_V_OK);
    ck_assert_int_eq(SSL_get_verify_result(ssl), expect);
    if (expect == X509_V_OK) {
        SSL_shutdown(ssl);
        SSL_shutdown(ssl);
    }
    ERR_clear_error();
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    SSL_CTX_free(cctx);
}

START_TEST(test_host_checks)
{
    check_host("localhost", X509_V_OK);
    check_host("127.0.0.1", X509_V_OK);
    check_host("wrong.example.com", X509_V_ERR_HOSTNAME_MISMATCH);
    check_host("127.0.0.2", X509_V_ERR_IP_ADDRESS_MISMATCH);
}
END_TEST

/* Non-blocking: a read with nothing to read wants to read; a write to a dead peer is EPIPE. */
START_TEST(test_nonblocking_and_epipe)
{
    server_run r;
    SSL_CTX *cctx = client_ctx("ca-cert.pem");
    int fd = start_server(&r, server_ctx("server-cert.pem", "server-key.pem"), do_nothing);
    SSL *ssl = connect_client(cctx, fd);
    char buf[16];
    int n, i;

    ck_assert_int_eq(SSL_connect(ssl), 1);
    join_server(&r);            /* the server is gone now: it sent no close_notify */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    for (i = 0, n = 1; i < 50 && n > 0; i++)
        n = SSL_write(ssl, "x", 1);      /* SIGPIPE would kill the test here */
    ck_assert_int_le(n, 0);
    ck_assert_int_eq(SSL_get_error(ssl, n), SSL_ERROR_SYSCALL);
    ERR_clear_error();
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(cctx);
    (void)buf;
}
END_TEST

START_TEST(test_want_read)
{
    int sv[2];
    SSL_CTX *cctx = client_ctx("ca-cert.pem");
    SSL *ssl;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    ssl = connect_client(cctx, sv[1]);
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

/* Both ends non-blocking, driven in one thread: retries with the same arguments. */
START_TEST(test_nonblocking_pair)
{
    int sv[2], rc = -1, rs = -1, i;
    SSL_CTX *cctx = client_ctx("ca-cert.pem");
    SSL_CTX *sctx = server_ctx("server-ecdsa-cert.pem", "server-ecdsa-key.pem");
    SSL *c, *s;
    static unsigned char big[200000], got[200000];
    size_t sent = 0, recvd = 0;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fcntl(sv[0], F_SETFL, O_NONBLOCK);
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    c = connect_client(cctx, sv[0]);
    s = connect_client(sctx, sv[1]);
    for (i = 0; i < 1000 && (rc != 1 || rs != 1); i++) {
        if (rc != 1) {
            rc = SSL_connect(c);
            if (rc != 1)
                ck_assert_int_eq(SSL_get_error(c, rc), SSL_ERROR_WANT_READ);
        }
        if (rs != 1) {
            rs = SSL_accept(s);
            if (rs != 1)
                ck_assert_int_eq(SSL_get_error(s, rs), SSL_ERROR_WANT_READ);
        }
    }
    ck_assert_int_eq(rc, 1);
    ck_assert_int_eq(rs, 1);
    for (i = 0; i < (int)sizeof(big); i++)
        big[i] = (unsigned char)(i * 13);
    SSL_set_mode(c, SSL_MODE_ENABLE_PARTIAL_WRITE);
    for (i = 0; i < 100000 && recvd < sizeof(big); i++) {
        if (sent < sizeof(big)) {
            int n = SSL_write(c, big + sent, (int)(sizeof(big) - sent));
            if (n > 0)
                sent += (size_t)n;
            else
                ck_assert_int_eq(SSL_get_error(c, n), SSL_ERROR_WANT_WRITE);
        }
        {
            int n = SSL_read(s, got + recvd, (int)(sizeof(got) - recvd));
            if (n > 0)
                recvd += (size_t)n;
            else
                ck_assert_int_eq(SSL_get_error(s, n), SSL_ERROR_WANT_READ);
        }
    }
    ck_assert_uint_eq(recvd, sizeof(big));
    ck_assert_int_eq(memcmp(big, got, sizeof(big)), 0);
    SSL_free(c);
    SSL_free(s);
    close(sv[0]);
    close(sv[1]);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
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
        SSL_CTX *cctx = client_ctx("ca-cert.pem");
        server_run r;
        int fd;
        SSL *ssl;

        if (forms[i].chain)
            ck_assert_int_eq(SSL_CTX_use_certificate_chain_file(sctx, cert(forms[i].cert)), 1);
        else
            ck_assert_int_eq(SSL_CTX_use_certificate_file(sctx, cert(forms[i].cert), forms[i].type), 1);
        ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(sctx, cert(forms[i].key), forms[i].type), 1);
        ck_assert_int_eq(SSL_CTX_check_private_key(sctx), 1);
        fd = start_server(&r, sctx, echo_until_close);
        ssl = connect_client(cctx, fd);
        ck_assert_msg(SSL_connect(ssl) == 1, "handshake with %s", forms[i].cert);
        ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_OK);
        ck_assert_int_eq(SSL_shutdown(ssl), 0);
        ck_assert_int_eq(SSL_shutdown(ssl), 1);
        SSL_free(ssl);
        close(fd);
        join_server(&r);
        SSL_CTX_free(cctx);
    }
}
END_TEST

START_TEST(test_expired_certificate)
{
    server_run r;
    SSL_CTX *cctx = client_ctx("ca-cert.pem");
    int fd = start_server(&r, server_ctx("expired-cert.pem", "expired-key.pem"), do_nothing);
    SSL *ssl = connect_client(cctx, fd);

    ck_assert_int_le(SSL_connect(ssl), 0);
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_ERR_CERT_HAS_EXPIRED);
    ck_assert_int_eq(ERR_GET_REASON(ERR_get_error()), SSL_R_CERTIFICATE_VERIFY_FAILED);
    ERR_clear_error();
    SSL_free(ssl);
    close(fd);
    join_server(&r);
    SSL_CTX_free(cctx);
}
END_TEST

/* One SSL_CTX per side shared by many threads, one SSL per thread. */
#define NTHREADS 8
#define ROUNDS 10

static SSL_CTX *shared_client, *shared_server;

static void *thread_main(void *arg)
{
    int i;

    (void)arg;
    for (i = 0; i < ROUNDS; i++) {
        server_run r;
        int fd;
        SSL *ssl;
        char buf[32];
        SSL_CTX_up_ref(shared_server);
        fd = start_server(&r, shared_server, echo_until_close);
        ssl = SSL_new(shared_client);
        SSL_set_fd(ssl, fd);
        if (SSL_connect(ssl) != 1 || SSL_write(ssl, "thread", 6) != 6
            || SSL_read(ssl, buf, sizeof(buf)) != 6 || memcmp(buf, "thread", 6) != 0)
            return (void *)1;
        SSL_shutdown(ssl);
        SSL_shutdown(ssl);
        SSL_free(ssl);
        close(fd);
        join_server(&r);
        if (ERR_peek_error() != 0)
            return (void *)2;
    }
    return NULL;
}

START_TEST(test_threads_share_ctx)
{
    pthread_t t[NTHREADS];
    void *ret;
    int i;

    shared_client = client_ctx("ca-cert.pem");
    shared_server = server_ctx("server-ecdsa-cert.pem", "server-ecdsa-key.pem");
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

static Suite *io_suite(void)
{
    Suite *s = suite_create("io");
    TCase *tc = tcase_create("pair");

    tcase_set_timeout(tc, 60);
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
    tcase_add_test(tc, test_nonblocking_and_epipe);
    tcase_add_test(tc, test_want_read);
    tcase_add_test(tc, test_nonblocking_pair);
    tcase_add_test(tc, test_server_credential_forms);
    tcase_add_test(tc, test_expired_certificate);
    tcase_add_test(tc, test_threads_share_ctx);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    const char *dir = getenv("KUMA_CERTS");
    SRunner *sr;
    int failed;

    snprintf(certdir, sizeof(certdir), "%s", dir != NULL ? dir : "tests/certs");
    sr = srunner_create(io_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
