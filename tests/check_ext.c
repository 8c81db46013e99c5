/*
 * Extension tests, kumassl on both sides: ALPN, SNI (servername callback,
 * SSL_set_SSL_CTX), client certificates and client CA names, groups,
 * signature algorithm lists, maximum fragment length, and the server's
 * ClientHello reader facing fragmented and corrupted input.
 *
 * kumassl talks to kumassl in-process (server thread over a socketpair);
 * check_ext_interop.c has the same extensions against openssl s_server /
 * s_client.  A second certificate, CN and SAN other.test, signed by the
 * test CA, is made in a temporary directory before the tests run.
 */
#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

static tu_other_cert other;            /* other.test's key and certificate */

/* ---- kumassl <-> kumassl ------------------------------------------------------------ */

typedef struct {
    SSL_CTX *ctx;
    int fd;
    int accept_ret;
    char alpn[32];              /* SSL_get0_alpn_selected on the server */
    char peer_cn[64];           /* client certificate's CN */
    pthread_t thread;
} server_run;

static void *server_main(void *arg)
{
    server_run *r = arg;
    SSL *ssl = SSL_new(r->ctx);
    const unsigned char *p;
    unsigned int len;
    X509 *peer;
    char buf[64];

    SSL_set_fd(ssl, r->fd);
    r->accept_ret = SSL_accept(ssl);
    if (r->accept_ret == 1) {
        SSL_get0_alpn_selected(ssl, &p, &len);
        snprintf(r->alpn, sizeof(r->alpn), "%.*s", (int)len, p != NULL ? (const char *)p : "");
        if ((peer = SSL_get_peer_certificate(ssl)) != NULL) {
            X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName,
                                      r->peer_cn, sizeof(r->peer_cn));
            X509_free(peer);
        }
        while (SSL_read(ssl, buf, sizeof(buf)) > 0)
            ;
        SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    ERR_clear_error();
    close(r->fd);
    return NULL;
}

/* Starts a server thread on ctx (taken over); returns the client's socket. */
static int start_server(server_run *r, SSL_CTX *ctx)
{
    int sv[2];

    tu_socketpair(sv, TU_IO_TIMEOUT_MS);
    memset(r, 0, sizeof(*r));
    r->ctx = ctx;
    r->fd = sv[0];
    ck_assert_int_eq(pthread_create(&r->thread, NULL, server_main, r), 0);
    return sv[1];
}

static void join_server(server_run *r)
{
    pthread_join(r->thread, NULL);
    SSL_CTX_free(r->ctx);
}

/* A client on cctx against a server thread on sctx; sni/host may be NULL. Returns SSL_connect's result. */
typedef struct {
    server_run srv;
    SSL *ssl;
    int fd;
} pair;

static int pair_connect(pair *p, SSL_CTX *cctx, SSL_CTX *sctx, const char *sni, const char *host)
{
    p->fd = start_server(&p->srv, sctx);
    p->ssl = SSL_new(cctx);
    ck_assert_ptr_nonnull(p->ssl);
    ck_assert_int_eq(SSL_set_fd(p->ssl, p->fd), 1);
    if (sni != NULL)
        ck_assert_int_eq(SSL_set_tlsext_host_name(p->ssl, sni), 1);
    if (host != NULL)
        ck_assert_int_eq(SSL_set1_host(p->ssl, host), 1);
    return SSL_connect(p->ssl);
}

/* Ends the connection (close_notify when it is up) and joins the server. */
static void pair_close(pair *p)
{
    if (SSL_is_init_finished(p->ssl))
        SSL_shutdown(p->ssl);
    SSL_free(p->ssl);
    close(p->fd);
    join_server(&p->srv);
    ERR_clear_error();
}

/* ---- unit tests ------------------------------------------------------------------------- */

START_TEST(test_alpn_protos_validation)
{
    SSL_CTX *ctx = tu_ca_client_ctx();
    SSL *ssl = SSL_new(ctx);

    /* 0 is success, 1 failure: OpenSSL's convention for these two */
    ck_assert_int_eq(SSL_CTX_set_alpn_protos(ctx, (const unsigned char *)"\x02h2", 3), 0);
    ck_assert_int_eq(SSL_set_alpn_protos(ssl, (const unsigned char *)"\x08http/1.1\x02h2", 12), 0);
    ck_assert_int_eq(SSL_set_alpn_protos(ssl, (const unsigned char *)"\x00\x02h2", 4), 1);
    ck_assert_int_eq(SSL_set_alpn_protos(ssl, (const unsigned char *)"\x05h2", 3), 1);
    ck_assert_int_eq(SSL_CTX_set_alpn_protos(ctx, (const unsigned char *)"\x02h\0", 3), 1);
    ck_assert_int_ne(ERR_peek_error(), 0);
    ck_assert_int_eq(SSL_set_alpn_protos(ssl, NULL, 0), 0);       /* clears */
    ERR_clear_error();
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}
END_TEST

START_TEST(test_select_next_proto)
{
    unsigned char *out;
    unsigned char outlen;
    const unsigned char client[] = "\x06spdy/3\x08http/1.1";

    ck_assert_int_eq(SSL_select_next_proto(&out, &outlen, tu_server_protos, tu_server_protos_len,
                                           client, sizeof(client) - 1), OPENSSL_NPN_NEGOTIATED);
    ck_assert_int_eq(outlen, 8);
    ck_assert_int_eq(memcmp(out, "http/1.1", 8), 0);
    ck_assert_int_eq(SSL_select_next_proto(&out, &outlen, tu_server_protos, 3, client, 7),
                     OPENSSL_NPN_NO_OVERLAP);
    ck_assert_int_eq(outlen, 6);        /* the client's first */
    ck_assert_int_eq(memcmp(out, "spdy/3", 6), 0);
}
END_TEST

START_TEST(test_groups_and_sigalgs_lists)
{
    SSL_CTX *ctx = tu_ca_client_ctx();
    SSL *ssl = SSL_new(ctx);
    char reason[128];

    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, "P-521:P-384:P-256"), 1);
    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, "X25519:P-256"), 1);
    ck_assert_int_eq(SSL_set1_groups_list(ssl, "secp256r1:prime256v1:secp384r1:secp521r1:x25519"), 1);
    ck_assert_int_eq(SSL_set1_curves_list(ssl, "P-256"), 1);
    ck_assert_int_eq(SSL_set1_groups_list(ssl, "P-256:brainpoolP256r1"), 0);
    ERR_error_string_n(ERR_peek_error(), reason, sizeof(reason));
    ck_assert_ptr_nonnull(strstr(reason, "unsupported elliptic curve"));
    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, ""), 0);
    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, "P-256:"), 0);
    ERR_clear_error();

    ck_assert_int_eq(SSL_CTX_set1_sigalgs_list(ctx, "RSA+SHA256:ECDSA+SHA256"), 1);
    ck_assert_int_eq(SSL_CTX_set1_sigalgs_list(ctx, "rsa_pkcs1_sha256"), 1);
    ck_assert_int_eq(SSL_set1_sigalgs_list(ssl, "ecdsa_secp256r1_sha256:ed25519"), 1);
    ck_assert_int_eq(SSL_set1_sigalgs_list(ssl, "ed25519:RSA-PSS+SHA256"), 0);  /* nothing BearSSL does */
    ck_assert_int_eq(SSL_set1_sigalgs_list(ssl, "RSA+MD5"), 0);
    ck_assert_int_eq(SSL_set1_sigalgs_list(ssl, "rsa_pkcs1_sha256:bogus"), 0);
    ck_assert_int_ne(ERR_peek_error(), 0);
    ERR_clear_error();

    ck_assert_int_eq(SSL_CTX_set_tlsext_max_fragment_length(ctx, TLSEXT_max_fragment_length_512), 1);
    ck_assert_int_eq(SSL_set_tlsext_max_fragment_length(ssl, TLSEXT_max_fragment_length_4096), 1);
    ck_assert_int_eq(SSL_set_tlsext_max_fragment_length(ssl, TLSEXT_max_fragment_length_DISABLED), 1);
    ck_assert_int_eq(SSL_set_tlsext_max_fragment_length(ssl, 5), 0);
    ck_assert_int_ne(ERR_peek_error(), 0);
    ERR_clear_error();
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}
END_TEST

START_TEST(test_client_ca_lists)
{
    SSL_CTX *ctx = tu_rsa_server_ctx();
    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(tu_cert("ca-cert.pem"));
    STACK_OF(X509) *certs;
    char cn[64], garbage[128];
    SSL *ssl;
    FILE *f;

    ck_assert_ptr_nonnull(names);
    ck_assert_int_eq(sk_X509_NAME_num(names), 1);
    X509_NAME_get_text_by_NID(sk_X509_NAME_value(names, 0), NID_commonName, cn, sizeof(cn));
    ck_assert_str_eq(cn, "kumassl Test CA");
    SSL_CTX_set_client_CA_list(ctx, names);
    ck_assert_ptr_eq(SSL_CTX_get_client_CA_list(ctx), names);
    ssl = SSL_new(ctx);
    ck_assert_ptr_eq(SSL_get_client_CA_list(ssl), names);         /* inherited */
    SSL_set_client_CA_list(ssl, SSL_load_client_CA_file(tu_cert("other-ca-cert.pem")));
    ck_assert_ptr_ne(SSL_get_client_CA_list(ssl), names);
    SSL_free(ssl);

    /* add_client_CA appends, without duplicates */
    certs = sk_X509_new_null();
    f = fopen(tu_cert("other-ca-cert.pem"), "r");
    ck_assert_ptr_nonnull(f);
    sk_X509_push(certs, PEM_read_X509(f, NULL, NULL, NULL));
    fclose(f);
    ck_assert_int_eq(SSL_CTX_add_client_CA(ctx, sk_X509_value(certs, 0)), 1);
    ck_assert_int_eq(SSL_CTX_add_client_CA(ctx, sk_X509_value(certs, 0)), 1);
    ck_assert_int_eq(sk_X509_NAME_num(SSL_CTX_get_client_CA_list(ctx)), 2);
    sk_X509_pop_free(certs, X509_free);

    ck_assert_ptr_null(SSL_load_client_CA_file("/nonexistent/ca.pem"));
    ck_assert_int_ne(ERR_peek_error(), 0);
    ERR_clear_error();
    snprintf(garbage, sizeof(garbage), "%s/garbage.pem", other.dir);
    f = fopen(garbage, "w");
    fputs("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n", f);
    fclose(f);
    ck_assert_ptr_null(SSL_load_client_CA_file(garbage));
    ck_assert_int_ne(ERR_peek_error(), 0);
    ERR_clear_error();
    SSL_CTX_free(ctx);
}
END_TEST

/* ---- ALPN and SNI, kumassl on both sides ------------------------------------------------ */

static void alpn_pair(int mode, const char *expect)
{
    SSL_CTX *cctx = tu_ca_client_ctx(), *sctx = tu_rsa_server_ctx();
    tu_alpn_arg a = { mode, 0, { 0 }, 0 };
    static const unsigned char offer[] = "\x08http/1.1\x02h2";
    pair p;
    int ret;

    SSL_CTX_set_alpn_select_cb(sctx, tu_alpn_cb, &a);
    ck_assert_int_eq(SSL_CTX_set_alpn_protos(cctx, offer, sizeof(offer) - 1), 0);
    ret = pair_connect(&p, cctx, sctx, "localhost", NULL);
    if (mode == SSL_TLSEXT_ERR_ALERT_FATAL) {
        ck_assert_int_eq(ret, -1);
        ck_assert_int_eq(tu_first_reason(), SSL_AD_REASON_OFFSET + SSL_AD_NO_APPLICATION_PROTOCOL);
    } else {
        ck_assert_msg(ret == 1, "SSL_connect: %s", tu_queued_error());
        tu_assert_alpn(p.ssl, expect);
    }
    pair_close(&p);
    ck_assert_int_eq(a.calls, 1);
    ck_assert_uint_eq(a.inlen, sizeof(offer) - 1);
    ck_assert_int_eq(memcmp(a.in, offer, a.inlen), 0);
    ck_assert_int_eq(p.srv.accept_ret, mode == SSL_TLSEXT_ERR_ALERT_FATAL ? -1 : 1);
    if (mode != SSL_TLSEXT_ERR_ALERT_FATAL)
        ck_assert_str_eq(p.srv.alpn, expect != NULL ? expect : "");
    SSL_CTX_free(cctx);
}

/* the server's preference wins; NOACK: no ALPN; fatal: no_application_protocol */
static const struct {
    int mode;
    const char *expect;
} alpn_cases[] = {
    { SSL_TLSEXT_ERR_OK, "h2" }, { SSL_TLSEXT_ERR_NOACK, NULL }, { SSL_TLSEXT_ERR_ALERT_FATAL, NULL },
};

START_TEST(test_alpn_in_process)
{
    alpn_pair(alpn_cases[_i].mode, alpn_cases[_i].expect);
}
END_TEST

/* A server with two names: localhost (RSA, default) and other.test (switched to). */
static void sni_pair(const char *name, int reject)
{
    SSL_CTX *cctx = tu_ca_client_ctx(), *sctx = tu_rsa_server_ctx();
    tu_sni_arg a = { tu_server_ctx(other.cert, other.key), reject, 0, "" };
    pair p;
    X509 *peer;
    char cn[64] = "";
    int ret;

    ck_assert_int_eq(SSL_CTX_set_tlsext_servername_callback(sctx, tu_sni_cb), 1);
    ck_assert_int_eq(SSL_CTX_set_tlsext_servername_arg(sctx, &a), 1);
    ret = pair_connect(&p, cctx, sctx, name, name);
    if (reject) {
        ck_assert_int_eq(ret, -1);
        ck_assert_int_eq(tu_first_reason(), SSL_AD_REASON_OFFSET + SSL_AD_UNRECOGNIZED_NAME);
    } else {
        ck_assert_msg(ret == 1, "SSL_connect: %s", tu_queued_error());
        ck_assert_int_eq(SSL_get_verify_result(p.ssl), X509_V_OK);
        peer = SSL_get_peer_certificate(p.ssl);
        ck_assert_ptr_nonnull(peer);
        X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof(cn));
        X509_free(peer);
        ck_assert_str_eq(cn, name);
    }
    pair_close(&p);
    ck_assert_int_eq(a.calls, 1);
    ck_assert_str_eq(a.seen, name);
    SSL_CTX_free(a.other);
    SSL_CTX_free(cctx);
}

/* a name, and whether the servername callback rejects the ClientHello */
static const struct {
    const char *name;
    int reject;
} sni_cases[] = { { "localhost", 0 }, { "other.test", 0 }, { "localhost", 1 } };

START_TEST(test_sni_in_process)
{
    sni_pair(sni_cases[_i].name, sni_cases[_i].reject);
}
END_TEST

START_TEST(test_mutual_tls_in_process)
{
    SSL_CTX *cctx = tu_ca_client_ctx(), *sctx = tu_rsa_server_ctx();
    pair p;

    tu_verify_clients(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    SSL_CTX_set_client_CA_list(sctx, SSL_load_client_CA_file(tu_cert("ca-cert.pem")));
    tu_use_cert_key(cctx, tu_cert("client-cert.pem"), tu_cert("client-key.pem"));
    ck_assert_msg(pair_connect(&p, cctx, sctx, NULL, NULL) == 1, "%s", tu_queued_error());
    pair_close(&p);
    ck_assert_int_eq(p.srv.accept_ret, 1);
    ck_assert_str_eq(p.srv.peer_cn, "kumassl Test Client");
    SSL_CTX_free(cctx);
}
END_TEST

/* ---- the ClientHello reader against odd and hostile input -------------------------------- */

/* The first flight of a kumassl client offering SNI "localhost" and ALPN h2/http/1.1. */
static size_t capture_client_hello(unsigned char *buf, size_t size)
{
    SSL_CTX *cctx = tu_ca_client_ctx();
    SSL *ssl = SSL_new(cctx);
    int sv[2];
    ssize_t n;

    tu_socketpair(sv, 0);
    ck_assert_int_eq(fcntl(sv[1], F_SETFL, O_NONBLOCK), 0);
    ck_assert_int_eq(SSL_set_fd(ssl, sv[1]), 1);
    ck_assert_int_eq(SSL_set_tlsext_host_name(ssl, "localhost"), 1);
    ck_assert_int_eq(SSL_set_alpn_protos(ssl, (const unsigned char *)"\x02h2\x08http/1.1", 12), 0);
    ck_assert_int_eq(SSL_connect(ssl), -1);
    ck_assert_int_eq(SSL_get_error(ssl, -1), SSL_ERROR_WANT_READ);
    n = read(sv[0], buf, size);
    ck_assert_int_gt(n, 5);
    ck_assert_int_eq(buf[0], 22);
    SSL_free(ssl);
    SSL_CTX_free(cctx);
    close(sv[0]);
    close(sv[1]);
    ERR_clear_error();
    return (size_t)n;
}

/* The ClientHello's handshake bytes re-cut into records of `chunk` bytes. */
static size_t reframe(const unsigned char *rec, size_t len, size_t chunk, unsigned char *out)
{
    size_t off, n = 0;

    for (off = 5; off < len; off += chunk) {
        size_t k = len - off < chunk ? len - off : chunk;

        memcpy(out + n, rec, 3);
        out[n + 3] = (unsigned char)(k >> 8);
        out[n + 4] = (unsigned char)k;
        memcpy(out + n + 5, rec + off, k);
        n += 5 + k;
    }
    return n;
}

/* Runs a server (SNI and ALPN callbacks) on `in`, fed one byte at a time
 * when `trickle`; returns how much it answered into `ans`. */
static size_t serve_bytes(const unsigned char *in, size_t len, int trickle, tu_sni_arg *sa,
                          tu_alpn_arg *aa, unsigned char *ans, size_t size)
{
    SSL_CTX *sctx = tu_rsa_server_ctx();
    server_run r;
    size_t i, got = 0;
    ssize_t n;
    int fd;

    SSL_CTX_set_tlsext_servername_callback(sctx, tu_sni_cb);
    SSL_CTX_set_tlsext_servername_arg(sctx, sa);
    SSL_CTX_set_alpn_select_cb(sctx, tu_alpn_cb, aa);
    fd = start_server(&r, sctx);
    /* the server may give up early: later bytes then go nowhere, without SIGPIPE */
    for (i = 0; i < len; i += trickle ? 1 : len)
        (void)send(fd, in + i, trickle ? 1 : len, MSG_NOSIGNAL);
    shutdown(fd, SHUT_WR);              /* then end of file: the server gives up */
    while (got < size && (n = read(fd, ans + got, size - got)) > 0)
        got += (size_t)n;
    close(fd);
    join_server(&r);
    return got;
}

/* The ALPN extension answering "h2", as it appears in a ServerHello. */
static int answers_h2(const unsigned char *ans, size_t len)
{
    static const unsigned char ext[] = { 0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x02, 'h', '2' };
    size_t i;

    for (i = 0; i + sizeof(ext) <= len; i++)
        if (memcmp(ans + i, ext, sizeof(ext)) == 0)
            return 1;
    return 0;
}

START_TEST(test_hello_in_pieces)
{
    static const size_t chunks[] = { 1, 2, 7, 100, 16384 };
    unsigned char hello[4096], cut[16384], ans[16384];
    size_t len = capture_client_hello(hello, sizeof(hello)), i;

    for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
        tu_sni_arg sa = { NULL, 0, 0, "" };
        tu_alpn_arg aa = { SSL_TLSEXT_ERR_OK, 0, { 0 }, 0 };
        size_t n = reframe(hello, len, chunks[i], cut);
        size_t got = serve_bytes(cut, n, chunks[i] < 16, &sa, &aa, ans, sizeof(ans));

        ck_assert_int_eq(sa.calls, 1);
        ck_assert_str_eq(sa.seen, "localhost");
        ck_assert_int_eq(aa.calls, 1);
        ck_assert_uint_eq(aa.inlen, 12);
        /* the ServerHello carries the callback's choice, however the hello was cut */
        ck_assert_msg(answers_h2(ans, got), "records of %zu bytes: no ALPN answer", chunks[i]);
    }
}
END_TEST

START_TEST(test_hello_corrupted)
{
    unsigned char hello[4096], bad[4096], ans[16384];
    size_t len = capture_client_hello(hello, sizeof(hello)), i;

    /* every byte flipped in turn: lengths lie, names break; nothing may crash */
    for (i = 0; i < len; i++) {
        tu_sni_arg sa = { NULL, 0, 0, "" };
        tu_alpn_arg aa = { SSL_TLSEXT_ERR_NOACK, 0, { 0 }, 0 };

        memcpy(bad, hello, len);
        bad[i] ^= 0xFF;
        serve_bytes(bad, len, 0, &sa, &aa, ans, sizeof(ans));
        ck_assert_int_le(sa.calls, 1);
        ck_assert_int_le(aa.calls, 1);
    }
}
END_TEST

#define INPUT(bytes) { (const unsigned char *)(bytes), sizeof(bytes) - 1 }

START_TEST(test_hello_garbage)
{
    static const struct {
        const unsigned char *p;
        size_t n;
    } inputs[] = {
        INPUT("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        INPUT("\x16\x03\x01\x00\x04\x01\xff\xff\xff"),           /* a 16 MiB ClientHello */
        INPUT("\x16\x03\x01\x00\x00\x16\x03\x01\x00\x01\x01"),   /* empty record, then a byte */
        INPUT("\x15\x03\x01\x00\x02\x02\x28"),                   /* an alert first */
        INPUT("\x16\x03\x03\x00\x05\x01\x00\x00\x01\x03"),       /* a 1-byte body */
        INPUT("\x16\x03\x03\x00\x04\x02\x00\x00\x00"),           /* not a ClientHello */
    };
    unsigned char ans[4096];
    size_t i;

    for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        tu_sni_arg sa = { NULL, 0, 0, "" };
        tu_alpn_arg aa = { SSL_TLSEXT_ERR_OK, 0, { 0 }, 0 };

        serve_bytes(inputs[i].p, inputs[i].n, 1, &sa, &aa, ans, sizeof(ans));
        ck_assert_str_eq(sa.seen, "");
        ck_assert_int_eq(aa.calls, 0);
    }
}
END_TEST

static Suite *ext_suite(void)
{
    Suite *s = suite_create("ext");
    TCase *unit = tu_add_tcase(s, "settings", 0);
    TCase *local = tu_add_tcase(s, "kumassl-kumassl", 0);
    TCase *hello = tu_add_tcase(s, "client-hello", 120);

    tcase_add_test(unit, test_alpn_protos_validation);
    tcase_add_test(unit, test_select_next_proto);
    tcase_add_test(unit, test_groups_and_sigalgs_lists);
    tcase_add_test(unit, test_client_ca_lists);

    tcase_add_loop_test(local, test_alpn_in_process, 0, 3);
    tcase_add_loop_test(local, test_sni_in_process, 0, 3);
    tcase_add_test(local, test_mutual_tls_in_process);

    tcase_add_test(hello, test_hello_in_pieces);
    tcase_add_test(hello, test_hello_corrupted);
    tcase_add_test(hello, test_hello_garbage);
    return s;
}

int main(void)
{
    int status;

    if (tu_make_other_cert(&other) != 0)
        return 99;
    status = tu_run_suite(ext_suite(), CK_NORMAL);
    tu_rmtree(other.dir);
    return status;
}
