/*
 * Extension tests: ALPN, SNI (servername callback, SSL_set_SSL_CTX),
 * client certificates and client CA names, groups, signature algorithm
 * lists, maximum fragment length, and the server's ClientHello reader
 * facing fragmented and corrupted input.
 *
 * kumassl talks to kumassl in-process (server thread over a socketpair)
 * and to openssl s_server / s_client over TCP. How openssl(1) 3.0 shows
 * what is checked, found by experiment:
 *  - s_client prints "ALPN protocol: X", "Acceptable client certificate CA
 *    names" followed by one line per name, and on a fatal alert
 *    "...alert unrecognized name...SSL alert number 112".
 *  - s_server without -quiet prints, after a handshake, "ALPN protocols
 *    selected: X", "Supported groups: a:b:c" (what the client offered),
 *    "Client certificate" and "subject=..." when one was received;
 *    -tlsextdebug dumps each client extension ("max fragment length").
 * A second certificate, CN and SAN other.test, signed by the test CA, is
 * made in a temporary directory before the tests run.
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

#define IO_TIMEOUT_MS 10000

static char tmpdir[64];
static char other_cert[128], other_key[128];

/* ---- contexts -------------------------------------------------------------------- */

static SSL_CTX *server_ctx_files(const char *cert, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    ck_assert_ptr_nonnull(ctx);
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM), 1);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM), 1);
    return ctx;
}

static SSL_CTX *server_ctx(void)
{
    return server_ctx_files(tu_cert("server-cert.pem"), tu_cert("server-key.pem"));
}

static SSL_CTX *client_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    ck_assert_ptr_nonnull(ctx);
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, tu_cert("ca-cert.pem"), NULL), 1);
    return ctx;
}

/* The reason of the oldest queued error, 0 if none. */
static int first_reason(void)
{
    return ERR_GET_REASON(ERR_peek_error());
}

static const char *queued_error(void)
{
    static char buf[256];

    ERR_error_string_n(ERR_peek_error(), buf, sizeof(buf));
    return buf;
}

/* ---- callbacks --------------------------------------------------------------------- */

/* What the servername callback saw and does. */
typedef struct {
    SSL_CTX *other;             /* switched to for "other.test" */
    int reject;                 /* return SSL_TLSEXT_ERR_ALERT_FATAL */
    int calls;
    char seen[256];             /* SSL_get_servername() inside the callback */
} sni_arg;

static int sni_cb(SSL *s, int *al, void *arg)
{
    sni_arg *a = arg;
    const char *name = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);

    a->calls++;
    snprintf(a->seen, sizeof(a->seen), "%s", name != NULL ? name : "");
    if (a->reject) {
        *al = SSL_AD_UNRECOGNIZED_NAME;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    if (name != NULL && strcmp(name, "other.test") == 0 && a->other != NULL)
        ck_assert_ptr_eq(SSL_set_SSL_CTX(s, a->other), a->other);
    return SSL_TLSEXT_ERR_OK;
}

static const unsigned char server_protos[] = "\x02h2\x08http/1.1";

/* The ALPN callback: `mode` is what it returns; OK selects by server preference. */
typedef struct {
    int mode;
    int calls;
    unsigned char in[64];       /* the client's list as received */
    unsigned int inlen;
} alpn_arg;

static int alpn_cb(SSL *s, const unsigned char **out, unsigned char *outlen,
                   const unsigned char *in, unsigned int inlen, void *arg)
{
    alpn_arg *a = arg;

    (void)s;
    a->calls++;
    a->inlen = inlen < sizeof(a->in) ? inlen : (unsigned int)sizeof(a->in);
    memcpy(a->in, in, a->inlen);
    if (a->mode != SSL_TLSEXT_ERR_OK)
        return a->mode;
    if (SSL_select_next_proto((unsigned char **)out, outlen, server_protos,
                              sizeof(server_protos) - 1, in, inlen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    return SSL_TLSEXT_ERR_OK;
}

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

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    memset(r, 0, sizeof(*r));
    r->ctx = ctx;
    r->fd = sv[0];
    ck_assert_int_eq(tu_set_io_timeout(sv[0], IO_TIMEOUT_MS), 0);
    ck_assert_int_eq(tu_set_io_timeout(sv[1], IO_TIMEOUT_MS), 0);
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

static void assert_alpn(SSL *ssl, const char *expect)
{
    const unsigned char *p;
    unsigned int len;

    SSL_get0_alpn_selected(ssl, &p, &len);
    if (expect == NULL) {
        ck_assert_ptr_null(p);
        ck_assert_uint_eq(len, 0);
    } else {
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq(len, strlen(expect));
        ck_assert_int_eq(memcmp(p, expect, len), 0);
    }
}

/* ---- unit tests ------------------------------------------------------------------------- */

START_TEST(test_alpn_protos_validation)
{
    SSL_CTX *ctx = client_ctx();
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

    ck_assert_int_eq(SSL_select_next_proto(&out, &outlen, server_protos, sizeof(server_protos) - 1,
                                           client, sizeof(client) - 1), OPENSSL_NPN_NEGOTIATED);
    ck_assert_int_eq(outlen, 8);
    ck_assert_int_eq(memcmp(out, "http/1.1", 8), 0);
    ck_assert_int_eq(SSL_select_next_proto(&out, &outlen, server_protos, 3, client, 7),
                     OPENSSL_NPN_NO_OVERLAP);
    ck_assert_int_eq(outlen, 6);        /* the client's first */
    ck_assert_int_eq(memcmp(out, "spdy/3", 6), 0);
}
END_TEST

START_TEST(test_groups_and_sigalgs_lists)
{
    SSL_CTX *ctx = client_ctx();
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
    SSL_CTX *ctx = server_ctx();
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
    snprintf(garbage, sizeof(garbage), "%s/garbage.pem", tmpdir);
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
    SSL_CTX *cctx = client_ctx(), *sctx = server_ctx();
    alpn_arg a = { mode, 0, { 0 }, 0 };
    static const unsigned char offer[] = "\x08http/1.1\x02h2";
    pair p;
    int ret;

    SSL_CTX_set_alpn_select_cb(sctx, alpn_cb, &a);
    ck_assert_int_eq(SSL_CTX_set_alpn_protos(cctx, offer, sizeof(offer) - 1), 0);
    ret = pair_connect(&p, cctx, sctx, "localhost", NULL);
    if (mode == SSL_TLSEXT_ERR_ALERT_FATAL) {
        ck_assert_int_eq(ret, -1);
        ck_assert_int_eq(first_reason(), SSL_AD_REASON_OFFSET + SSL_AD_NO_APPLICATION_PROTOCOL);
    } else {
        ck_assert_msg(ret == 1, "SSL_connect: %s", queued_error());
        assert_alpn(p.ssl, expect);
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
    SSL_CTX *cctx = client_ctx(), *sctx = server_ctx();
    sni_arg a = { server_ctx_files(other_cert, other_key), reject, 0, "" };
    pair p;
    X509 *peer;
    char cn[64] = "";
    int ret;

    ck_assert_int_eq(SSL_CTX_set_tlsext_servername_callback(sctx, sni_cb), 1);
    ck_assert_int_eq(SSL_CTX_set_tlsext_servername_arg(sctx, &a), 1);
    ret = pair_connect(&p, cctx, sctx, name, name);
    if (reject) {
        ck_assert_int_eq(ret, -1);
        ck_assert_int_eq(first_reason(), SSL_AD_REASON_OFFSET + SSL_AD_UNRECOGNIZED_NAME);
    } else {
        ck_assert_msg(ret == 1, "SSL_connect: %s", queued_error());
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
    SSL_CTX *cctx = client_ctx(), *sctx = server_ctx();
    pair p;

    SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    ck_assert_int_eq(SSL_CTX_load_verify_locations(sctx, tu_cert("ca-cert.pem"), NULL), 1);
    SSL_CTX_set_client_CA_list(sctx, SSL_load_client_CA_file(tu_cert("ca-cert.pem")));
    ck_assert_int_eq(SSL_CTX_use_certificate_file(cctx, tu_cert("client-cert.pem"), SSL_FILETYPE_PEM), 1);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(cctx, tu_cert("client-key.pem"), SSL_FILETYPE_PEM), 1);
    ck_assert_msg(pair_connect(&p, cctx, sctx, NULL, NULL) == 1, "%s", queued_error());
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
    SSL_CTX *cctx = client_ctx();
    SSL *ssl = SSL_new(cctx);
    int sv[2];
    ssize_t n;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
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
static size_t serve_bytes(const unsigned char *in, size_t len, int trickle, sni_arg *sa,
                          alpn_arg *aa, unsigned char *ans, size_t size)
{
    SSL_CTX *sctx = server_ctx();
    server_run r;
    size_t i, got = 0;
    ssize_t n;
    int fd;

    SSL_CTX_set_tlsext_servername_callback(sctx, sni_cb);
    SSL_CTX_set_tlsext_servername_arg(sctx, sa);
    SSL_CTX_set_alpn_select_cb(sctx, alpn_cb, aa);
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
        sni_arg sa = { NULL, 0, 0, "" };
        alpn_arg aa = { SSL_TLSEXT_ERR_OK, 0, { 0 }, 0 };
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
        sni_arg sa = { NULL, 0, 0, "" };
        alpn_arg aa = { SSL_TLSEXT_ERR_NOACK, 0, { 0 }, 0 };

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
        sni_arg sa = { NULL, 0, 0, "" };
        alpn_arg aa = { SSL_TLSEXT_ERR_OK, 0, { 0 }, 0 };

        serve_bytes(inputs[i].p, inputs[i].n, 1, &sa, &aa, ans, sizeof(ans));
        ck_assert_str_eq(sa.seen, "");
        ck_assert_int_eq(aa.calls, 0);
    }
}
END_TEST

/* ---- real peers ------------------------------------------------------------------------------ */

typedef struct {
    tu_proc *peer;
    SSL_CTX *ctx;
    SSL *ssl;
    int fd;
} conn;

/* Starts openssl with args (args[0] is the tool) followed by extra; at most 31 in all. */
static tu_proc *spawn_openssl(const char *args[32], const char *const extra[])
{
    int n = 0;
    tu_proc *p;

    while (args[n] != NULL)
        n++;
    while (*extra != NULL && n < 31)
        args[n++] = *extra++;
    args[n] = NULL;
    p = tu_spawn((char *const *)args);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* A kumassl server on ctx (taken over) accepting `openssl s_client` with `extra`
 * arguments; returns SSL_accept's result. */
static int accept_s_client(conn *c, SSL_CTX *ctx, const char *const extra[])
{
    int port = 0, lfd = tu_tcp_listen(&port);
    char target[32];
    const char *args[32] = { tu_openssl(), "s_client", "-connect", target, "-CAfile", tu_cert("ca-cert.pem"),
                             "-verify_return_error", "-nocommands" };

    ck_assert_int_ne(lfd, -1);
    snprintf(target, sizeof(target), "127.0.0.1:%d", port);
    c->peer = spawn_openssl(args, extra);
    c->fd = tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    close(lfd);
    ck_assert_msg(c->fd != -1, "s_client did not connect: %s", tu_proc_output(c->peer));
    ck_assert_int_eq(tu_set_io_timeout(c->fd, IO_TIMEOUT_MS), 0);
    c->ctx = ctx;
    c->ssl = SSL_new(ctx);
    ck_assert_int_eq(SSL_set_fd(c->ssl, c->fd), 1);
    return SSL_accept(c->ssl);
}

/* openssl s_server (verbose) with `extra` arguments, and a kumassl client on cctx
 * (taken over; c->ssl is used if already made) connected to it; returns SSL_connect's result. */
static int connect_s_server(conn *c, SSL_CTX *cctx, const char *const extra[])
{
    int port = tu_free_port();
    long deadline = tu_now_ms() + TU_TIMEOUT_MS;
    char accept[32];
    const char *args[32] = { tu_openssl(), "s_server", "-accept", accept, "-naccept", "1",
                             "-cert", tu_cert("server-cert.pem"), "-key", tu_cert("server-key.pem") };

    snprintf(accept, sizeof(accept), "127.0.0.1:%d", port);
    c->peer = spawn_openssl(args, extra);
    while ((c->fd = tu_tcp_connect(port)) == -1 && tu_now_ms() < deadline)
        tu_sleep_ms(20);
    ck_assert_msg(c->fd != -1, "s_server does not listen: %s", tu_proc_output(c->peer));
    ck_assert_int_eq(tu_set_io_timeout(c->fd, IO_TIMEOUT_MS), 0);
    c->ctx = cctx;
    if (c->ssl == NULL)
        c->ssl = SSL_new(cctx);
    ck_assert_int_eq(SSL_set_fd(c->ssl, c->fd), 1);
    return SSL_connect(c->ssl);
}

static void conn_close(conn *c)
{
    SSL_free(c->ssl);
    if (c->fd != -1)
        close(c->fd);
    SSL_CTX_free(c->ctx);
    tu_proc_free(c->peer);
    ERR_clear_error();
}

/* Waits for text in the peer's output; buf (may be NULL) gets what came before it. */
static void await_output(tu_proc *peer, const char *text, char *buf, size_t size)
{
    char seen[4096];

    ck_assert_msg(tu_proc_read_until(peer, text, TU_TIMEOUT_MS, buf != NULL ? buf : seen,
                                     buf != NULL ? size : sizeof(seen)) == 0,
                  "peer did not print \"%s\"; output: %s", text, tu_proc_output(peer));
}

/* The rest of the peer's line after `label`. */
static void output_line(tu_proc *peer, const char *label, char *line, size_t size)
{
    await_output(peer, label, NULL, 0);
    await_output(peer, "\n", line, size);
    line[strcspn(line, "\r\n")] = '\0';
}

START_TEST(test_alpn_client_vs_s_server)
{
    static const char *const extra[] = { "-alpn", "h2,http/1.1", NULL };
    static const unsigned char offer[] = "\x08http/1.1";
    conn c = { NULL, NULL, NULL, -1 };
    SSL_CTX *cctx = client_ctx();
    char line[128];

    ck_assert_int_eq(SSL_CTX_set_alpn_protos(cctx, offer, sizeof(offer) - 1), 0);
    ck_assert_msg(connect_s_server(&c, cctx, extra) == 1, "%s", queued_error());
    assert_alpn(c.ssl, "http/1.1");
    output_line(c.peer, "ALPN protocols selected: ", line, sizeof(line));
    ck_assert_str_eq(line, "http/1.1");
    conn_close(&c);
}
END_TEST

START_TEST(test_alpn_server_vs_s_client)
{
    static const char *const extra[] = { "-alpn", "http/1.1", NULL };
    alpn_arg a = { SSL_TLSEXT_ERR_OK, 0, { 0 }, 0 };
    SSL_CTX *sctx = server_ctx();
    conn c;

    SSL_CTX_set_alpn_select_cb(sctx, alpn_cb, &a);
    ck_assert_msg(accept_s_client(&c, sctx, extra) == 1, "%s", queued_error());
    assert_alpn(c.ssl, "http/1.1");
    await_output(c.peer, "ALPN protocol: http/1.1", NULL, 0);
    conn_close(&c);
}
END_TEST

/* s_client asks for `name` and checks the certificate for it; the kumassl server switches. */
static void sni_s_client(const char *name, int reject)
{
    const char *extra[] = { "-servername", name, "-verify_hostname", name, NULL };
    sni_arg a = { server_ctx_files(other_cert, other_key), reject, 0, "" };
    SSL_CTX *sctx = server_ctx();
    conn c;
    int ret;

    SSL_CTX_set_tlsext_servername_callback(sctx, sni_cb);
    SSL_CTX_set_tlsext_servername_arg(sctx, &a);
    ret = accept_s_client(&c, sctx, extra);
    ck_assert_str_eq(a.seen, name);
    if (reject) {
        ck_assert_int_eq(ret, -1);
        await_output(c.peer, "unrecognized name", NULL, 0);
        ck_assert_int_ne(tu_proc_wait(c.peer, TU_TIMEOUT_MS), 0);
    } else {
        ck_assert_msg(ret == 1, "%s", queued_error());
        await_output(c.peer, "Verify return code: 0 (ok)", NULL, 0);
        tu_proc_close_stdin(c.peer);
        ck_assert_int_eq(tu_proc_wait(c.peer, TU_TIMEOUT_MS), 0);
    }
    SSL_CTX_free(a.other);
    conn_close(&c);
}

START_TEST(test_sni_vs_s_client)
{
    sni_s_client(sni_cases[_i].name, sni_cases[_i].reject);
}
END_TEST

/* A kumassl server requiring a client certificate; the CA names it sends are other-ca's. */
static SSL_CTX *mtls_server_ctx(void)
{
    SSL_CTX *ctx = server_ctx();

    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, tu_cert("ca-cert.pem"), NULL), 1);
    SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(tu_cert("other-ca-cert.pem")));
    return ctx;
}

START_TEST(test_mtls_server_vs_s_client)
{
    const char *extra[] = { "-cert", tu_cert("client-cert.pem"), "-key", tu_cert("client-key.pem"),
                            NULL };
    STACK_OF(X509_NAME) *other = SSL_load_client_CA_file(tu_cert("other-ca-cert.pem"));
    char cn[64], names[1024];
    X509 *peer;
    conn c;

    X509_NAME_get_text_by_NID(sk_X509_NAME_value(other, 0), NID_commonName, cn, sizeof(cn));
    sk_X509_NAME_pop_free(other, X509_NAME_free);
    ck_assert_msg(accept_s_client(&c, mtls_server_ctx(), extra) == 1, "%s", queued_error());
    peer = SSL_get_peer_certificate(c.ssl);
    ck_assert_ptr_nonnull(peer);
    X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, names, sizeof(names));
    ck_assert_str_eq(names, "kumassl Test Client");
    X509_free(peer);
    /* the list sent is the program's, not the trust anchors' */
    await_output(c.peer, "Acceptable client certificate CA names\n", NULL, 0);
    await_output(c.peer, "Client Certificate Types", names, sizeof(names));
    ck_assert_msg(strstr(names, cn) != NULL && strstr(names, "kumassl Test CA") == NULL,
                  "CA names sent: %s", names);
    conn_close(&c);
}
END_TEST

START_TEST(test_mtls_server_rejects_no_cert)
{
    static const char *const extra[] = { NULL };
    conn c;

    ck_assert_int_eq(accept_s_client(&c, mtls_server_ctx(), extra), -1);
    close(c.fd);
    c.fd = -1;
    ck_assert_int_ne(tu_proc_wait(c.peer, TU_TIMEOUT_MS), 0);
    conn_close(&c);
}
END_TEST

START_TEST(test_mtls_client_vs_s_server)
{
    const char *extra[] = { "-Verify", "1", "-CAfile", tu_cert("ca-cert.pem"), NULL };
    SSL_CTX *cctx = client_ctx();
    conn c = { NULL, NULL, NULL, -1 };
    char line[256];

    ck_assert_int_eq(SSL_CTX_use_certificate_file(cctx, tu_cert("client-cert.pem"), SSL_FILETYPE_PEM), 1);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(cctx, tu_cert("client-key.pem"), SSL_FILETYPE_PEM), 1);
    ck_assert_msg(connect_s_server(&c, cctx, extra) == 1, "%s", queued_error());
    await_output(c.peer, "Client certificate\n", NULL, 0);
    output_line(c.peer, "subject=", line, sizeof(line));
    ck_assert_ptr_nonnull(strstr(line, "CN = kumassl Test Client"));
    conn_close(&c);
}
END_TEST

/* The groups a kumassl client configured with `list` offers, as s_server names them. */
static void client_groups(const char *list, const char *expect)
{
    static const char *const extra[] = { NULL };
    SSL_CTX *cctx = client_ctx();
    conn c = { NULL, NULL, NULL, -1 };
    char line[256];

    ck_assert_int_eq(SSL_CTX_set1_groups_list(cctx, list), 1);
    ck_assert_msg(connect_s_server(&c, cctx, extra) == 1, "%s", queued_error());
    output_line(c.peer, "Supported groups: ", line, sizeof(line));
    ck_assert_str_eq(line, expect);
    conn_close(&c);
}

START_TEST(test_groups_offered)
{
    /* BearSSL lists them in its own order (by IANA number) */
    client_groups("P-521:P-384:P-256", "secp256r1:secp384r1:secp521r1");
    client_groups("X25519", "x25519");
}
END_TEST

START_TEST(test_groups_no_common_group_fails)
{
    static const char *const extra[] = { "-groups", "P-256", NULL };
    SSL_CTX *cctx = client_ctx();
    conn c = { NULL, NULL, NULL, -1 };

    ck_assert_int_eq(SSL_CTX_set1_groups_list(cctx, "P-384"), 1);
    ck_assert_int_eq(connect_s_server(&c, cctx, extra), -1);
    conn_close(&c);
}
END_TEST

START_TEST(test_groups_server_side)
{
    static const char *const extra[] = { NULL };
    SSL_CTX *sctx = server_ctx();
    conn c;

    ck_assert_int_eq(SSL_CTX_set1_groups_list(sctx, "P-384"), 1);
    ck_assert_msg(accept_s_client(&c, sctx, extra) == 1, "%s", queued_error());
    await_output(c.peer, "Server Temp Key: ECDH, secp384r1", NULL, 0);
    conn_close(&c);
}
END_TEST

START_TEST(test_max_fragment_length_offered)
{
    static const char *const extra[] = { "-tlsextdebug", NULL };
    SSL_CTX *cctx = client_ctx();
    conn c = { NULL, NULL, NULL, -1 };
    char dump[128];

    c.ssl = SSL_new(cctx);
    ck_assert_int_eq(SSL_set_tlsext_max_fragment_length(c.ssl, TLSEXT_max_fragment_length_1024), 1);
    ck_assert_msg(connect_s_server(&c, cctx, extra) == 1, "%s", queued_error());
    output_line(c.peer, "TLS client extension \"max fragment length\" (id=1), len=1\n", dump,
                sizeof(dump));
    ck_assert_ptr_nonnull(strstr(dump, "0000 - 02"));      /* 2: 1024 bytes */
    ck_assert_int_eq(SSL_write(c.ssl, "ping\n", 5), 5);
    conn_close(&c);
}
END_TEST

/* ---- setup ------------------------------------------------------------------------------------- */

/* other.test: an EC key and a certificate with that name, signed by the test CA. */
static int make_other_cert(void)
{
    char csr[128], cnf[128], out[2048];
    FILE *f;
    char *req[] = { (char *)tu_openssl(), "req", "-new", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", other_key, "-out", csr,
                    "-subj", "/O=kumassl/CN=other.test", NULL };
    char *sign[] = { (char *)tu_openssl(), "x509", "-req", "-in", csr, "-CA",
                     (char *)tu_cert("ca-cert.pem"), "-CAkey", (char *)tu_cert("ca-key.pem"),
                     "-set_serial", "4242", "-days", "30", "-sha256", "-extfile", cnf,
                     "-out", other_cert, NULL };

    snprintf(tmpdir, sizeof(tmpdir), "/tmp/kuma-ext-XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        return -1;
    snprintf(other_key, sizeof(other_key), "%s/other-key.pem", tmpdir);
    snprintf(other_cert, sizeof(other_cert), "%s/other-cert.pem", tmpdir);
    snprintf(csr, sizeof(csr), "%s/other.csr", tmpdir);
    snprintf(cnf, sizeof(cnf), "%s/ext.cnf", tmpdir);
    if ((f = fopen(cnf, "w")) == NULL)
        return -1;
    fputs("subjectAltName = DNS:other.test\nextendedKeyUsage = serverAuth\n", f);
    fclose(f);
    if (tu_run(req, 20000, out, sizeof(out)) != 0 || tu_run(sign, 20000, out, sizeof(out)) != 0) {
        fprintf(stderr, "making other.test's certificate failed: %s\n", out);
        return -1;
    }
    return 0;
}

static void remove_tmpdir(void)
{
    char *rm[] = { "rm", "-rf", tmpdir, NULL };

    tu_run(rm, TU_TIMEOUT_MS, NULL, 0);
}

static Suite *ext_suite(void)
{
    Suite *s = suite_create("ext");
    TCase *unit = tcase_create("settings");
    TCase *local = tcase_create("kumassl-kumassl");
    TCase *hello = tcase_create("client-hello");
    TCase *peers = tcase_create("openssl");

    tcase_add_test(unit, test_alpn_protos_validation);
    tcase_add_test(unit, test_select_next_proto);
    tcase_add_test(unit, test_groups_and_sigalgs_lists);
    tcase_add_test(unit, test_client_ca_lists);
    suite_add_tcase(s, unit);

    tcase_add_loop_test(local, test_alpn_in_process, 0, 3);
    tcase_add_loop_test(local, test_sni_in_process, 0, 3);
    tcase_add_test(local, test_mutual_tls_in_process);
    suite_add_tcase(s, local);

    tcase_set_timeout(hello, 120);
    tcase_add_test(hello, test_hello_in_pieces);
    tcase_add_test(hello, test_hello_corrupted);
    tcase_add_test(hello, test_hello_garbage);
    suite_add_tcase(s, hello);

    tcase_set_timeout(peers, 30);
    tcase_add_test(peers, test_alpn_client_vs_s_server);
    tcase_add_test(peers, test_alpn_server_vs_s_client);
    tcase_add_loop_test(peers, test_sni_vs_s_client, 0, 3);
    tcase_add_test(peers, test_mtls_server_vs_s_client);
    tcase_add_test(peers, test_mtls_server_rejects_no_cert);
    tcase_add_test(peers, test_mtls_client_vs_s_server);
    tcase_add_test(peers, test_groups_offered);
    tcase_add_test(peers, test_groups_no_common_group_fails);
    tcase_add_test(peers, test_groups_server_side);
    tcase_add_test(peers, test_max_fragment_length_offered);
    suite_add_tcase(s, peers);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    if (make_other_cert() != 0)
        return 99;
    sr = srunner_create(ext_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    remove_tmpdir();
    return failed == 0 ? 0 : 1;
}
