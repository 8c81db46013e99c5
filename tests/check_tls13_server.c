/*
 * The kumassl TLS 1.3 server (lib/ssl/tls13/server*.c, select.c) against
 * real clients: `openssl s_client -tls1_3` (OpenSSL 3.0) and gnutls-cli,
 * over TCP on ephemeral ports, each peer stopped by tu_conn_close().
 *
 * What s_client shows, found by experiment: "New, TLSv1.3, Cipher is X",
 * "Server Temp Key: X25519, 253 bits" / "ECDH, prime256v1, 256 bits" /
 * "ECDH, secp384r1, 384 bits", "Peer signature type: RSA-PSS" / "ECDSA",
 * with -msg one "ServerHello" line per ServerHello or HelloRetryRequest
 * received, and a fatal alert as "...alert <name>...SSL alert number N".
 * gnutls-cli prints "- Description: (TLS1.3-X.509)-(ECDHE-X25519)-...".
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include "testutil.h"

static const char *const NO_ARGS[] = { NULL };

/* A kumassl server accepting s_client (tu_accept_s_client) with -tls1_3 and extra. */
static int accept_tls13(tu_conn *c, SSL_CTX *ctx, const char *const extra[])
{
    const char *args[32];
    size_t n = 0, i;

    args[n++] = "-tls1_3";
    for (i = 0; extra[i] != NULL && n < 31; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    return tu_accept_s_client(c, ctx, args);
}

static void expect_accept(tu_conn *c, int ret)
{
    ck_assert_msg(ret == 1, "SSL_accept = %d, SSL_get_error %d, %s; client: %s", ret,
                  SSL_get_error(c->ssl, ret), tu_queued_error(),
                  c->peer != NULL ? tu_proc_output(c->peer) : "");
}

/* One line each way over an established connection. */
static void exchange_lines(tu_conn *c)
{
    static const char to_client[] = "kumassl server says hello\n";
    static const char to_server[] = "s_client says hello\n";
    char buf[128];
    int n, got = 0;

    ck_assert_int_eq(SSL_write(c->ssl, to_client, (int)strlen(to_client)), (int)strlen(to_client));
    tu_await_output(c->peer, "kumassl server says hello", NULL, 0);
    ck_assert_int_eq(tu_proc_write(c->peer, to_server), 0);
    while (got < (int)strlen(to_server)) {
        n = SSL_read(c->ssl, buf + got, (int)sizeof buf - 1 - got);
        ck_assert_msg(n > 0, "SSL_read = %d, %s", n, tu_queued_error());
        got += n;
    }
    buf[got] = '\0';
    ck_assert_str_eq(buf, to_server);
}

/* ---- the matrix: suites x groups x certificates ------------------------------------------ */

static const struct {
    const char *suite, *group, *temp_key;
} kex[] = {
    { "TLS_AES_256_GCM_SHA384", "X25519", "Server Temp Key: X25519" },
    { "TLS_AES_256_GCM_SHA384", "P-256", "Server Temp Key: ECDH, prime256v1" },
    { "TLS_AES_256_GCM_SHA384", "P-384", "Server Temp Key: ECDH, secp384r1" },
    { "TLS_CHACHA20_POLY1305_SHA256", "X25519", "Server Temp Key: X25519" },
    { "TLS_CHACHA20_POLY1305_SHA256", "P-256", "Server Temp Key: ECDH, prime256v1" },
    { "TLS_CHACHA20_POLY1305_SHA256", "P-384", "Server Temp Key: ECDH, secp384r1" },
    { "TLS_AES_128_GCM_SHA256", "X25519", "Server Temp Key: X25519" },
    { "TLS_AES_128_GCM_SHA256", "P-256", "Server Temp Key: ECDH, prime256v1" },
    { "TLS_AES_128_GCM_SHA256", "P-384", "Server Temp Key: ECDH, secp384r1" },
};
#define NKEX ((int)(sizeof kex / sizeof kex[0]))

static const struct {
    const char *cert, *key, *sig_type;
} certs[] = {
    { "server-cert.pem", "server-key.pem", "Peer signature type: RSA-PSS" },
    { "server-ecdsa-cert.pem", "server-ecdsa-key.pem", "Peer signature type: ECDSA" },
    { "server-p384-cert.pem", "server-p384-key.pem", "Peer signing digest: SHA384" },
};

START_TEST(test_matrix)
{
    int k = _i % NKEX, ci = _i / NKEX;
    const char *extra[] = { "-ciphersuites", kex[k].suite, "-groups", kex[k].group, NULL };
    SSL_CTX *ctx = tu_server_ctx(tu_cert(certs[ci].cert), tu_cert(certs[ci].key));
    tu_conn c = TU_CONN_INIT;
    char want[96];

    expect_accept(&c, accept_tls13(&c, ctx, extra));
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.3");
    ck_assert_str_eq(SSL_CIPHER_get_name(SSL_get_current_cipher(c.ssl)), kex[k].suite);
    snprintf(want, sizeof want, "New, TLSv1.3, Cipher is %s", kex[k].suite);
    tu_await_output(c.peer, want, NULL, 0);
    ck_assert_msg(strstr(tu_proc_output(c.peer), kex[k].temp_key) != NULL, "no \"%s\" in %s",
                  kex[k].temp_key, tu_proc_output(c.peer));
    ck_assert_msg(strstr(tu_proc_output(c.peer), certs[ci].sig_type) != NULL, "no \"%s\" in %s",
                  certs[ci].sig_type, tu_proc_output(c.peer));
    ck_assert_msg(strstr(tu_proc_output(c.peer), "Verification: OK") != NULL, "%s",
                  tu_proc_output(c.peer));
    exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- HelloRetryRequest ------------------------------------------------------------------------ */

static int count(const char *hay, const char *needle)
{
    int n = 0;

    for (; (hay = strstr(hay, needle)) != NULL; hay += strlen(needle))
        n++;
    return n;
}

/* The server takes only P-384; s_client sends an X25519 share first: one retry, then P-384. */
START_TEST(test_hello_retry)
{
    static const char *const extra[] = { "-groups", "X25519:P-384", "-msg", NULL };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;
    const char *out;

    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, "P-384"), 1);
    expect_accept(&c, accept_tls13(&c, ctx, extra));
    tu_await_output(c.peer, "New, TLSv1.3", NULL, 0);
    out = tu_proc_output(c.peer);
    ck_assert_msg(strstr(out, "Server Temp Key: ECDH, secp384r1") != NULL, "%s", out);
    ck_assert_msg(count(out, "<<< TLS 1.3, Handshake") > 0 && count(out, ", ServerHello") == 2,
                  "expected a HelloRetryRequest, then the ServerHello: %s", out);
    ck_assert_msg(count(out, ", ClientHello") == 2, "%s", out);
    ck_assert_int_eq(SSL_get_negotiated_group(c.ssl), NID_secp384r1);
    exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* No group in common at all: handshake_failure with OpenSSL's reason. */
START_TEST(test_no_common_group)
{
    static const char *const extra[] = { "-groups", "X448", NULL };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_eq(accept_tls13(&c, ctx, extra), -1);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), SSL_R_NO_SUITABLE_KEY_SHARE);
    tu_await_output(c.peer, "SSL alert number 40", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

/* The program's suites (SSL_CTX_set_ciphersuites) decide, by the server's order. */
START_TEST(test_server_suite_order)
{
    static const char *const extra[] = {
        "-ciphersuites", "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256", NULL };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_eq(SSL_CTX_set_ciphersuites(ctx, "TLS_CHACHA20_POLY1305_SHA256:"
                                              "TLS_AES_128_GCM_SHA256"), 1);
    expect_accept(&c, accept_tls13(&c, ctx, extra));
    ck_assert_str_eq(SSL_CIPHER_get_name(SSL_get_current_cipher(c.ssl)), "TLS_AES_128_GCM_SHA256");
    tu_conn_close(&c);
}
END_TEST

/* ---- client certificates ------------------------------------------------------------------- */

START_TEST(test_client_cert_requested)
{
    const char *extra[] = { "-cert", tu_cert("client-cert.pem"), "-key", tu_cert("client-key.pem"),
                            NULL };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;
    X509 *peer;
    int nid;

    tu_verify_clients(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    expect_accept(&c, accept_tls13(&c, ctx, extra));
    peer = SSL_get1_peer_certificate(c.ssl);
    ck_assert_ptr_nonnull(peer);
    X509_free(peer);
    ck_assert_int_eq(SSL_get_verify_result(c.ssl), X509_V_OK);
    /* the client's CertificateVerify (RSA key: rsa_pss_rsae_sha256) and s_client's X25519 */
    ck_assert_int_eq(SSL_get_peer_signature_type_nid(c.ssl, &nid), 1);
    ck_assert_int_eq(nid, NID_rsassaPss);
    ck_assert_int_eq(SSL_get_peer_signature_nid(c.ssl, &nid), 1);
    ck_assert_int_eq(nid, NID_sha256);
    ck_assert_int_eq(SSL_get_negotiated_group(c.ssl), NID_X25519);
    exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* Asked, not required: a client without a certificate is served. */
START_TEST(test_client_cert_optional)
{
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    tu_verify_clients(ctx, SSL_VERIFY_PEER);
    expect_accept(&c, accept_tls13(&c, ctx, NO_ARGS));
    ck_assert_ptr_null(SSL_get1_peer_certificate(c.ssl));
    ck_assert_int_eq(SSL_get_verify_result(c.ssl), X509_V_OK);
    exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* Required and missing: certificate_required (116), as OpenSSL. */
START_TEST(test_client_cert_required)
{
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    tu_verify_clients(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    ck_assert_int_eq(accept_tls13(&c, ctx, NO_ARGS), -1);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE);
    tu_await_output(c.peer, "SSL alert number 116", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

/* A client certificate from a CA the server does not trust: unknown_ca (48). */
START_TEST(test_client_cert_untrusted)
{
    const char *extra[] = { "-cert", tu_cert("other-server-cert.pem"),
                            "-key", tu_cert("other-server-key.pem"), NULL };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    tu_verify_clients(ctx, SSL_VERIFY_PEER);
    ck_assert_int_eq(accept_tls13(&c, ctx, extra), -1);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), SSL_R_CERTIFICATE_VERIFY_FAILED);
    ck_assert_int_ne(SSL_get_verify_result(c.ssl), X509_V_OK);
    tu_await_output(c.peer, "SSL alert number 48", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

/* ---- ALPN and SNI ----------------------------------------------------------------------------- */

START_TEST(test_alpn)
{
    static const char *const extra[] = { "-alpn", "http/1.1,h2", NULL };
    tu_alpn_arg a = { SSL_TLSEXT_ERR_OK, 0, { 0 }, 0 };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    SSL_CTX_set_alpn_select_cb(ctx, tu_alpn_cb, &a);
    expect_accept(&c, accept_tls13(&c, ctx, extra));
    ck_assert_int_eq(a.calls, 1);
    tu_assert_alpn(c.ssl, "h2");        /* the server's preference */
    tu_await_output(c.peer, "ALPN protocol: h2", NULL, 0);
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.3");
    tu_conn_close(&c);
}
END_TEST

/* The servername callback switches to other.test's SSL_CTX: its certificate is the one sent. */
START_TEST(test_sni_switch)
{
    static const char *const extra[] = { "-servername", "other.test", "-verify_hostname",
                                         "other.test", "-tlsextdebug", NULL };
    tu_other_cert oc;
    tu_sni_arg a = { NULL, 0, 0, "" };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_eq(tu_make_other_cert(&oc), 0);
    a.other = tu_server_ctx(oc.cert, oc.key);
    SSL_CTX_set_tlsext_servername_callback(ctx, tu_sni_cb);
    SSL_CTX_set_tlsext_servername_arg(ctx, &a);
    expect_accept(&c, accept_tls13(&c, ctx, extra));
    ck_assert_int_eq(a.calls, 1);
    ck_assert_str_eq(a.seen, "other.test");
    ck_assert_str_eq(SSL_get_servername(c.ssl, TLSEXT_NAMETYPE_host_name), "other.test");
    ck_assert_ptr_eq(SSL_get_SSL_CTX(c.ssl), a.other);
    /* the callback accepted the name: EncryptedExtensions acknowledges it (empty server_name) */
    tu_await_output(c.peer, "TLS server extension \"server name\" (id=0), len=0", NULL, 0);
    tu_await_output(c.peer, "CN = other.test", NULL, 0);
    tu_await_output(c.peer, "Verification: OK", NULL, 0);
    tu_conn_close(&c);
    SSL_CTX_free(a.other);
    tu_rmtree(oc.dir);
}
END_TEST

START_TEST(test_sni_rejected)
{
    static const char *const extra[] = { "-servername", "nobody.test", NULL };
    tu_sni_arg a = { NULL, 1, 0, "" };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    SSL_CTX_set_tlsext_servername_callback(ctx, tu_sni_cb);
    SSL_CTX_set_tlsext_servername_arg(ctx, &a);
    ck_assert_int_eq(accept_tls13(&c, ctx, extra), -1);
    tu_await_output(c.peer, "SSL alert number 112", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

/* ---- keylog --------------------------------------------------------------------------------- */

static char keylog_lines[4096];

static void keylog_cb(const SSL *s, const char *line)
{
    (void)s;
    strncat(keylog_lines, line, sizeof keylog_lines - strlen(keylog_lines) - 2);
    strcat(keylog_lines, "\n");
}

/* Every secret s_client logs, the kumassl server logs the same (5 TLS 1.3 lines). */
START_TEST(test_keylog)
{
    char dir[] = "/tmp/kuma13s.XXXXXX", path[64], *file, *line, *save;
    const char *extra[] = { "-keylogfile", path, NULL };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;
    int lines = 0;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/keys.log", dir);
    keylog_lines[0] = '\0';
    SSL_CTX_set_keylog_callback(ctx, keylog_cb);
    expect_accept(&c, accept_tls13(&c, ctx, extra));
    exchange_lines(&c);
    file = tu_slurp(path, NULL);
    ck_assert_ptr_nonnull(file);
    for (line = strtok_r(file, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#')
            continue;
        ck_assert_msg(strstr(keylog_lines, line) != NULL, "s_client logged \"%s\"; server: %s",
                      line, keylog_lines);
        lines++;
    }
    ck_assert_int_eq(lines, 5);
    ck_assert_int_eq(count(keylog_lines, "\n"), 5);
    free(file);
    tu_conn_close(&c);
    tu_rmtree(dir);
}
END_TEST

static void accept_sh(tu_conn *c, SSL_CTX *ctx, const char *fmt, const char *a, const char *b);

/* ---- exporter and key update ------------------------------------------------------------- */

/* SSL_export_keying_material on the server gives what s_client -keymatexport prints. */
START_TEST(test_exporter)
{
    static const char *const extra[] = { "-keymatexport", "EXPERIMENTAL-kumassl",
                                         "-keymatexportlen", "20", NULL };
    static const char label[] = "EXPERIMENTAL-kumassl";
    unsigned char km[20];
    char hex[41], line[128];
    tu_conn c = TU_CONN_INIT;
    int i;

    expect_accept(&c, accept_tls13(&c, tu_rsa_server_ctx(), extra));
    ck_assert_int_eq(SSL_export_keying_material(c.ssl, km, sizeof km, label, strlen(label), NULL,
                                                0, 0), 1);
    for (i = 0; i < 20; i++)
        snprintf(hex + 2 * i, 3, "%02X", km[i]);
    tu_await_line(c.peer, "Keying material: ", line, sizeof line);
    ck_assert_str_eq(line, hex);
    tu_conn_close(&c);
}
END_TEST

/* s_client's "k" command: KeyUpdate asking for ours; data flows both ways under new keys. */
START_TEST(test_key_update_from_client)
{
    static const char want[] = "after the update\n";
    tu_conn c = TU_CONN_INIT;
    char buf[64];
    int n, got = 0;

    accept_sh(&c, tu_rsa_server_ctx(), "%s %s s_client -tls1_3 -connect 127.0.0.1:%d "
              "-CAfile %s -verify_return_error%s", "", "");
    tu_await_output(c.peer, "New, TLSv1.3", NULL, 0);
    ck_assert_int_eq(tu_proc_write(c.peer, "k\n"), 0);
    tu_await_output(c.peer, "KEYUPDATE", NULL, 0);
    ck_assert_int_eq(tu_proc_write(c.peer, want), 0);
    while (got < (int)strlen(want)) {
        n = SSL_read(c.ssl, buf + got, (int)sizeof buf - 1 - got);
        ck_assert_msg(n > 0, "SSL_read = %d, %s", n, tu_queued_error());
        got += n;
    }
    buf[got] = '\0';
    ck_assert_str_eq(buf, want);
    ck_assert_int_eq(SSL_write(c.ssl, "server after\n", 13), 13);
    tu_await_output(c.peer, "server after", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

/* ---- bulk and closure ------------------------------------------------------------------------- */

#define MIB (1024 * 1024)

static unsigned char *pattern(void)
{
    unsigned char *p = malloc(MIB);
    size_t i;

    ck_assert_ptr_nonnull(p);
    for (i = 0; i < MIB; i++)
        p[i] = (unsigned char)('a' + (i * 7 + i / 4093) % 26);
    return p;
}

static void sha256_hex(const unsigned char *data, size_t len, char hex[65])
{
    unsigned char md[32];
    unsigned int n = 0, i;

    ck_assert_int_eq(EVP_Digest(data, len, md, &n, EVP_sha256(), NULL), 1);
    for (i = 0; i < n; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

/* A client command line through sh, on port: its stdin and stdout as redirect says. */
static tu_proc *spawn_sh(const char *fmt, int port, const char *a, const char *b)
{
    char cmd[1024];

    snprintf(cmd, sizeof cmd, fmt, a, tu_openssl(), port, tu_cert("ca-cert.pem"), b);
    return tu_spawnl("sh", "-c", cmd, NULL);
}

/* Listens, starts the client command, accepts it and runs SSL_accept on ctx. */
static void accept_sh(tu_conn *c, SSL_CTX *ctx, const char *fmt, const char *a, const char *b)
{
    int port = 0, lfd = tu_tcp_listen(&port);

    ck_assert_int_ne(lfd, -1);
    c->ctx = ctx;
    c->peer = spawn_sh(fmt, port, a, b);
    ck_assert_ptr_nonnull(c->peer);
    c->fd = tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    close(lfd);
    ck_assert_msg(c->fd != -1, "the client did not connect: %s", tu_proc_output(c->peer));
    ck_assert_int_eq(tu_set_io_timeout(c->fd, TU_IO_TIMEOUT_MS), 0);
    c->ssl = SSL_new(ctx);
    ck_assert_int_eq(SSL_set_fd(c->ssl, c->fd), 1);
    expect_accept(c, SSL_accept(c->ssl));
}

/* 1 MiB from the server; s_client's output hashed; then close_notify from the server. */
START_TEST(test_bulk_to_client)
{
    unsigned char *data = pattern();
    char hex[65];
    tu_conn c = TU_CONN_INIT;
    size_t off = 0;

    accept_sh(&c, tu_rsa_server_ctx(), "%s %s s_client -tls1_3 -quiet -connect 127.0.0.1:%d "
              "-CAfile %s -verify_return_error -ign_eof </dev/null 2>/dev/null | %s",
              "exec 0</dev/null;", "sha256sum");
    while (off < MIB) {
        int n = SSL_write(c.ssl, data + off, 16384);

        ck_assert_msg(n > 0, "SSL_write = %d, %s", n, tu_queued_error());
        off += (size_t)n;
    }
    ck_assert_int_ge(SSL_shutdown(c.ssl), 0);     /* close_notify: s_client ends */
    sha256_hex(data, MIB, hex);
    tu_await_output(c.peer, hex, NULL, 0);
    ck_assert_int_eq(tu_proc_wait(c.peer, TU_TIMEOUT_MS), 0);
    free(data);
    tu_conn_close(&c);
}
END_TEST

/* 1 MiB from s_client (a file on its stdin); its close_notify at the end reads as 0. */
START_TEST(test_bulk_to_server)
{
    unsigned char *data = pattern(), *got = malloc(MIB + 1);
    char dir[] = "/tmp/kuma13s.XXXXXX", path[64], hex[65], hex2[65];
    tu_conn c = TU_CONN_INIT;
    size_t off = 0;
    FILE *f;
    int n;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/mib", dir);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, MIB, f), MIB);
    fclose(f);
    accept_sh(&c, tu_rsa_server_ctx(), "%s %s s_client -tls1_3 -nocommands -connect 127.0.0.1:%d "
              "-CAfile %s -verify_return_error <%s >/dev/null", "", path);
    while ((n = SSL_read(c.ssl, got + off, (int)(MIB + 1 - off))) > 0)
        off += (size_t)n;
    ck_assert_msg(n == 0 && SSL_get_error(c.ssl, n) == SSL_ERROR_ZERO_RETURN,
                  "SSL_read = %d after %zu bytes, %s", n, off, tu_queued_error());
    ck_assert_uint_eq(off, MIB);
    sha256_hex(data, MIB, hex);
    sha256_hex(got, off, hex2);
    ck_assert_str_eq(hex, hex2);
    ck_assert_int_eq(SSL_get_shutdown(c.ssl) & SSL_RECEIVED_SHUTDOWN, SSL_RECEIVED_SHUTDOWN);
    ck_assert_int_eq(SSL_shutdown(c.ssl), 1);
    free(data);
    free(got);
    tu_conn_close(&c);
    tu_rmtree(dir);
}
END_TEST

/* ---- versions ------------------------------------------------------------------------------- */

/* A TLS-1.2-only client is still served, by BearSSL's engine, in the same connection. */
START_TEST(test_tls12_client)
{
    static const char *const extra[] = { "-tls1_2", NULL };
    tu_conn c = TU_CONN_INIT;

    expect_accept(&c, tu_accept_s_client(&c, tu_rsa_server_ctx(), extra));
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.2");
    tu_await_output(c.peer, "New, TLSv1.2, Cipher is ECDHE-RSA-", NULL, 0);
    exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* The default server (TLS_server_method, nothing set) answers a client offering 1.3 with 1.3. */
START_TEST(test_default_is_tls13)
{
    tu_conn c = TU_CONN_INIT;

    expect_accept(&c, tu_accept_s_client(&c, tu_rsa_server_ctx(), NO_ARGS));
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.3");
    ck_assert_int_eq(SSL_version(c.ssl), TLS1_3_VERSION);
    tu_await_output(c.peer, "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

/* A server limited to TLS 1.2 (SSL_CTX_set_max_proto_version) stays BearSSL's. */
START_TEST(test_max_tls12_server)
{
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = tu_rsa_server_ctx();

    ck_assert_int_eq(SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION), 1);
    expect_accept(&c, tu_accept_s_client(&c, ctx, NO_ARGS));
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.2");
    tu_conn_close(&c);
}
END_TEST

/* A server limited to TLS 1.3 (SSL_CTX_set_min_proto_version, or TLSv1_3_server_method)
 * refuses a TLS-1.2-only client with protocol_version (70), as OpenSSL. */
START_TEST(test_tls13_only_server)
{
    static const char *const extra[] = { "-tls1_2", NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = tu_rsa_server_ctx();

    ck_assert_int_eq(SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION), 1);
    ck_assert_int_eq(tu_accept_s_client(&c, ctx, extra), -1);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), SSL_R_UNSUPPORTED_PROTOCOL);
    tu_await_output(c.peer, "SSL alert number 70", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_tls13_server_method)
{
    SSL_CTX *ctx = SSL_CTX_new(TLSv1_3_server_method());
    tu_conn c = TU_CONN_INIT;

    ck_assert_msg(ctx != NULL, "%s", tu_queued_error());
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, tu_cert("server-cert.pem"),
                                                  SSL_FILETYPE_PEM), 1);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, tu_cert("server-key.pem"),
                                                 SSL_FILETYPE_PEM), 1);
    expect_accept(&c, accept_tls13(&c, ctx, NO_ARGS));
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.3");
    exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- tickets and resumption ------------------------------------------------------------------ */

/*
 * Has s_client end (stdin closed: it sends close_notify and exits, which
 * flushes what it buffered) and returns how many tickets it reported.
 */
static int tickets_seen(tu_conn *c)
{
    char buf[16];

    tu_proc_close_stdin(c->peer);
    ck_assert_int_eq(SSL_read(c->ssl, buf, sizeof buf), 0);
    ck_assert_int_eq(SSL_shutdown(c->ssl), 1);
    ck_assert_int_eq(tu_proc_wait(c->peer, TU_TIMEOUT_MS), 0);
    return count(tu_proc_output(c->peer), "Post-Handshake New Session Ticket arrived");
}

/* A first connection on ctx (a reference is kept) saving s_client's session in path. */
static void first_visit(SSL_CTX *ctx, const char *path, int tickets)
{
    const char *extra[] = { "-sess_out", path, NULL };
    tu_conn c = TU_CONN_INIT;

    SSL_CTX_up_ref(ctx);
    expect_accept(&c, accept_tls13(&c, ctx, extra));
    ck_assert_int_eq(SSL_session_reused(c.ssl), 0);
    exchange_lines(&c);
    ck_assert_int_eq(tickets_seen(&c), tickets);
    tu_conn_close(&c);
}

/* s_client comes back with the saved session: resumed (psk_dhe_ke) or not. */
static void second_visit(SSL_CTX *ctx, const char *path, int resumed)
{
    const char *extra[] = { "-sess_in", path, NULL };
    tu_conn c = TU_CONN_INIT;

    expect_accept(&c, accept_tls13(&c, ctx, extra));
    ck_assert_int_eq(SSL_session_reused(c.ssl), resumed);
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.3");
    tu_await_output(c.peer, resumed ? "Reused, TLSv1.3" : "New, TLSv1.3", NULL, 0);
    exchange_lines(&c);
    /* one new ticket after a resumption, as OpenSSL; two after a full handshake */
    ck_assert_int_eq(tickets_seen(&c), resumed ? 1 : 2);
    tu_conn_close(&c);
}

/* A fresh directory (tmpl, replaced) and the session file's path in it. */
static void session_path(char *tmpl, char *path, size_t size)
{
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    snprintf(path, size, "%s/sess.pem", tmpl);
}

START_TEST(test_resumption)
{
    char dir[] = "/tmp/kuma13s.XXXXXX", path[64];
    SSL_CTX *ctx = tu_rsa_server_ctx();

    session_path(dir, path, sizeof path);
    ck_assert_uint_eq(SSL_CTX_get_num_tickets(ctx), 2);
    first_visit(ctx, path, 2);
    second_visit(ctx, path, 1);
    tu_rmtree(dir);
}
END_TEST

/* Resumption after a HelloRetryRequest: the binder covers message_hash, the retry and the
 * second ClientHello (the server takes P-384 only, s_client sends an X25519 share first). */
START_TEST(test_resumption_after_retry)
{
    char dir[] = "/tmp/kuma13s.XXXXXX", path[64];
    const char *extra[] = { "-sess_in", path, "-groups", "X25519:P-384", "-msg", NULL };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    session_path(dir, path, sizeof path);
    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, "P-384"), 1);
    first_visit(ctx, path, 2);
    expect_accept(&c, accept_tls13(&c, ctx, extra));
    ck_assert_int_eq(SSL_session_reused(c.ssl), 1);
    tu_await_output(c.peer, "Reused, TLSv1.3", NULL, 0);
    ck_assert_msg(count(tu_proc_output(c.peer), ", ServerHello") == 2, "no retry: %s",
                  tu_proc_output(c.peer));
    exchange_lines(&c);
    tu_conn_close(&c);
    tu_rmtree(dir);
}
END_TEST

/* A ticket from another SSL_CTX (another key) does not open: a full handshake. */
START_TEST(test_ticket_of_another_ctx)
{
    char dir[] = "/tmp/kuma13s.XXXXXX", path[64];
    SSL_CTX *first = tu_rsa_server_ctx();

    session_path(dir, path, sizeof path);
    first_visit(first, path, 2);
    SSL_CTX_free(first);
    second_visit(tu_rsa_server_ctx(), path, 0);
    tu_rmtree(dir);
}
END_TEST

/* SSL_CTX_set_num_tickets(ctx, 0): no ticket, so nothing to resume with. */
START_TEST(test_no_tickets)
{
    char dir[] = "/tmp/kuma13s.XXXXXX", path[64];
    SSL_CTX *ctx = tu_rsa_server_ctx();

    session_path(dir, path, sizeof path);
    ck_assert_int_eq(SSL_CTX_set_num_tickets(ctx, 0), 1);
    ck_assert_uint_eq(SSL_CTX_get_num_tickets(ctx), 0);
    first_visit(ctx, path, 0);
    SSL_CTX_free(ctx);
    tu_rmtree(dir);
}
END_TEST

/* ---- gnutls-cli ------------------------------------------------------------------------------- */

/* gnutls-cli's priority string, what its session description must show, the server's groups */
static const char *const gnutls_cases[][3] = {
    { "NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-X25519", "(ECDHE-X25519)", NULL },
    { "NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-SECP256R1", "(ECDHE-SECP256R1)", NULL },
    { "NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-SECP384R1", "(ECDHE-SECP384R1)", NULL },
    { "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+CHACHA20-POLY1305", "(CHACHA20-POLY1305)", NULL },
    { "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM", "(AES-128-GCM)", NULL },
    /* gnutls sends shares for its first groups (X25519, P-256): a HelloRetryRequest for P-384 */
    { "NORMAL:-VERS-ALL:+VERS-TLS1.3", "(ECDHE-SECP384R1)", "P-384" },
};

START_TEST(test_gnutls)
{
    const char *cli = tu_gnutls_cli();
    char port_s[16];
    int port = 0, lfd;
    tu_conn c = TU_CONN_INIT;

    if (cli == NULL) {
        printf("check_tls13_server: gnutls-cli not found, test skipped\n");
        return;
    }
    lfd = tu_tcp_listen(&port);
    ck_assert_int_ne(lfd, -1);
    snprintf(port_s, sizeof port_s, "%d", port);
    c.ctx = _i % 2 ? tu_server_ctx(tu_cert("server-ecdsa-cert.pem"), tu_cert("server-ecdsa-key.pem"))
                   : tu_rsa_server_ctx();
    if (gnutls_cases[_i][2] != NULL)
        ck_assert_int_eq(SSL_CTX_set1_groups_list(c.ctx, gnutls_cases[_i][2]), 1);
    c.peer = tu_spawnl(cli, "--priority", gnutls_cases[_i][0], "--x509cafile",
                       tu_cert("ca-cert.pem"), "-p", port_s, "localhost", NULL);
    ck_assert_ptr_nonnull(c.peer);
    c.fd = tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    close(lfd);
    ck_assert_int_ne(c.fd, -1);
    ck_assert_int_eq(tu_set_io_timeout(c.fd, TU_IO_TIMEOUT_MS), 0);
    c.ssl = SSL_new(c.ctx);
    ck_assert_int_eq(SSL_set_fd(c.ssl, c.fd), 1);
    expect_accept(&c, SSL_accept(c.ssl));
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.3");
    tu_await_output(c.peer, "(TLS1.3", NULL, 0);
    ck_assert_msg(strstr(tu_proc_output(c.peer), gnutls_cases[_i][1]) != NULL, "no %s in %s",
                  gnutls_cases[_i][1], tu_proc_output(c.peer));
    exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- hostile ClientHellos ------------------------------------------------------------------- */

/* A TLS 1.3 ClientHello record with these extensions (already encoded). */
static size_t client_hello(unsigned char *out, const unsigned char *exts, size_t exts_len)
{
    static const unsigned char head[] = {
        0x03, 0x03,                                         /* legacy_version */
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
        17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,   /* random */
        0,                                                  /* session id */
        0, 2, 0x13, 0x01,                                   /* TLS_AES_128_GCM_SHA256 */
        1, 0,                                               /* null compression */
    };
    size_t body = sizeof head + 2 + exts_len, n = 0;

    out[n++] = 22;
    out[n++] = 3;
    out[n++] = 1;
    out[n++] = (unsigned char)((body + 4) >> 8);
    out[n++] = (unsigned char)(body + 4);
    out[n++] = 1;
    out[n++] = 0;
    out[n++] = (unsigned char)(body >> 8);
    out[n++] = (unsigned char)body;
    memcpy(out + n, head, sizeof head);
    n += sizeof head;
    out[n++] = (unsigned char)(exts_len >> 8);
    out[n++] = (unsigned char)exts_len;
    memcpy(out + n, exts, exts_len);
    return n + exts_len;
}

#define EXT_VERSIONS 0, 43, 0, 3, 2, 3, 4
#define EXT_SIGALGS 0, 13, 0, 4, 0, 2, 8, 4
/* supported_groups: x448 only; key_share: an x448 share of 56 bytes */
#define EXT_GROUPS_X448 0, 10, 0, 4, 0, 2, 0, 0x1e
#define EXT_SHARE_X448_HEAD 0, 51, 0, 62, 0, 60, 0, 0x1e, 0, 56

static const unsigned char exts_x448[] = {
    EXT_VERSIONS, EXT_SIGALGS, EXT_GROUPS_X448, EXT_SHARE_X448_HEAD,
    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
};
static const unsigned char exts_no_share[] = { EXT_VERSIONS, EXT_SIGALGS, 0, 10, 0, 4, 0, 2, 0, 0x1d };
static const unsigned char exts_no_sigalgs[] = {
    EXT_VERSIONS, 0, 10, 0, 4, 0, 2, 0, 0x1d, 0, 51, 0, 2, 0, 0 };
static const unsigned char exts_no_groups[] = { EXT_VERSIONS, EXT_SIGALGS, 0, 51, 0, 2, 0, 0 };

/* a key_share list whose length runs past the extension */
static const unsigned char exts_bad_share_len[] = {
    EXT_VERSIONS, EXT_SIGALGS, 0, 10, 0, 4, 0, 2, 0, 0x1d, 0, 51, 0, 4, 0, 9, 0, 0x1d };
/* a P-256 share while supported_groups names X25519 only */
static const unsigned char exts_share_not_in_groups[] = {
    EXT_VERSIONS, EXT_SIGALGS, 0, 10, 0, 4, 0, 2, 0, 0x1d,
    0, 51, 0, 71, 0, 69, 0, 0x17, 0, 65, 4,
    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
};

static const struct {
    const unsigned char *exts;
    size_t len;
    int alert, reason;
} hostile[] = {
    { exts_bad_share_len, sizeof exts_bad_share_len, SSL_AD_DECODE_ERROR, SSL_R_BAD_PACKET },
    { exts_share_not_in_groups, sizeof exts_share_not_in_groups, SSL_AD_ILLEGAL_PARAMETER,
      SSL_R_BAD_KEY_SHARE },
    { exts_x448, sizeof exts_x448, SSL_AD_HANDSHAKE_FAILURE, SSL_R_NO_SUITABLE_KEY_SHARE },
    { exts_no_share, sizeof exts_no_share, SSL_AD_MISSING_EXTENSION, SSL_R_NO_SUITABLE_KEY_SHARE },
    { exts_no_sigalgs, sizeof exts_no_sigalgs, SSL_AD_MISSING_EXTENSION,
      SSL_R_MISSING_SIGALGS_EXTENSION },
    { exts_no_groups, sizeof exts_no_groups, SSL_AD_MISSING_EXTENSION,
      SSL_R_MISSING_SUPPORTED_GROUPS_EXTENSION },
};

/*
 * Raw bytes from a client to a kumassl server on ctx (freed): SSL_accept
 * must fail with reason; returns the first plaintext alert it sent (its
 * description), or -1 when none was readable (an encrypted one).
 */
static int raw_accept(SSL_CTX *ctx, const unsigned char *in, size_t n, int reason)
{
    unsigned char out[8192];
    SSL *s = SSL_new(ctx);
    int sv[2], alert = -1;
    ssize_t got;
    size_t off = 0;

    tu_socketpair(sv, TU_IO_TIMEOUT_MS);
    ck_assert_int_eq(write(sv[1], in, n), (ssize_t)n);
    shutdown(sv[1], SHUT_WR);
    ck_assert_int_eq(SSL_set_fd(s, sv[0]), 1);
    ck_assert_int_eq(SSL_accept(s), -1);
    ck_assert_int_eq(SSL_get_error(s, -1), SSL_ERROR_SSL);
    ck_assert_msg(ERR_GET_REASON(ERR_peek_error()) == reason, "reason %d (%s), wanted %d",
                  ERR_GET_REASON(ERR_peek_error()), tu_queued_error(), reason);
    ERR_clear_error();
    SSL_free(s);
    close(sv[0]);
    got = read(sv[1], out, sizeof out);
    ck_assert_int_gt(got, 0);
    /* the records the server sent, in order: find its alert */
    while (off + 5 <= (size_t)got && alert < 0) {
        size_t len = (size_t)out[off + 3] << 8 | out[off + 4];

        ck_assert_int_eq(out[off + 1], 3);
        if (out[off] == 21 && len == 2 && off + 7 <= (size_t)got) {
            ck_assert_int_eq(out[off + 5], 2);          /* fatal */
            alert = out[off + 6];
        }
        off += 5 + len;
    }
    close(sv[1]);
    SSL_CTX_free(ctx);
    return alert;
}

/* The ClientHello goes in raw; the server must fail with the alert and reason, nothing more. */
START_TEST(test_hostile_hello)
{
    unsigned char rec[512];
    size_t n = client_hello(rec, hostile[_i].exts, hostile[_i].len);

    ck_assert_int_eq(raw_accept(tu_rsa_server_ctx(), rec, n, hostile[_i].reason),
                     hostile[_i].alert);
}
END_TEST

#define SHARE_32 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, \
    9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9
/* supported_groups P-256 and X25519; a P-256 share (65 bytes: not a point, never used) */
static const unsigned char exts_p256_share[] = {
    EXT_VERSIONS, EXT_SIGALGS, 0, 10, 0, 6, 0, 4, 0, 0x17, 0, 0x1d,
    0, 51, 0, 71, 0, 69, 0, 0x17, 0, 65, 4, SHARE_32, SHARE_32,
};
/* the same groups; an X25519 share and a cookie that is not the server's */
static const unsigned char exts_x25519_bad_cookie[] = {
    EXT_VERSIONS, EXT_SIGALGS, 0, 10, 0, 6, 0, 4, 0, 0x17, 0, 0x1d,
    0, 44, 0, 34, 0, 32, SHARE_32,
    0, 51, 0, 38, 0, 36, 0, 0x1d, 0, 32, SHARE_32,
};
static const unsigned char exts_x25519[] = {
    EXT_VERSIONS, EXT_SIGALGS, 0, 10, 0, 4, 0, 2, 0, 0x1d,
    0, 51, 0, 38, 0, 36, 0, 0x1d, 0, 32, SHARE_32,
};

/* supported_groups 0x1234 (no such group) and X25519; a share for 0x1234 only */
static const unsigned char exts_unknown_share[] = {
    EXT_VERSIONS, EXT_SIGALGS, 0, 10, 0, 6, 0, 4, 0x12, 0x34, 0, 0x1d,
    0, 51, 0, 38, 0, 36, 0x12, 0x34, 0, 32, SHARE_32,
};

/* A server taking X25519 only, a first ClientHello (exts1), then a second (exts2): */
static int retry_after(const unsigned char *exts1, size_t len1, const unsigned char *exts2,
                       size_t len2, int reason)
{
    unsigned char rec[1024];
    size_t n = client_hello(rec, exts1, len1);
    SSL_CTX *ctx = tu_rsa_server_ctx();

    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, "X25519"), 1);
    n += client_hello(rec + n, exts2, len2);
    return raw_accept(ctx, rec, n, reason);
}

/* ... the first with a P-256 share. */
static int after_retry(const unsigned char *exts2, size_t len2, int reason)
{
    return retry_after(exts_p256_share, sizeof exts_p256_share, exts2, len2, reason);
}

/*
 * A share of a group nobody knows is skipped, as OpenSSL does: the server
 * asks for X25519 with a HelloRetryRequest, so the same ClientHello again
 * lacks the cookie (missing_extension), instead of failing the first one.
 */
START_TEST(test_unknown_key_share_retried)
{
    ck_assert_int_eq(retry_after(exts_unknown_share, sizeof exts_unknown_share, exts_unknown_share,
                                 sizeof exts_unknown_share, SSL_R_BAD_EXTENSION),
                     SSL_AD_MISSING_EXTENSION);
}
END_TEST

/* The second ClientHello must carry the cookie (missing_extension)... */
START_TEST(test_retry_without_cookie)
{
    ck_assert_int_eq(after_retry(exts_p256_share, sizeof exts_p256_share, SSL_R_BAD_EXTENSION),
                     SSL_AD_MISSING_EXTENSION);
}
END_TEST

/* ...and the server's own cookie (illegal_parameter). */
START_TEST(test_retry_with_wrong_cookie)
{
    ck_assert_int_eq(after_retry(exts_x25519_bad_cookie, sizeof exts_x25519_bad_cookie,
                                 SSL_R_BAD_EXTENSION), SSL_AD_ILLEGAL_PARAMETER);
}
END_TEST

/* No TLS 1.3 suite in common (the server allows only TLS_AES_256_GCM_SHA384): handshake_failure. */
START_TEST(test_no_common_suite)
{
    unsigned char rec[512];
    size_t n = client_hello(rec, exts_x25519, sizeof exts_x25519);  /* TLS_AES_128_GCM_SHA256 only */
    SSL_CTX *ctx = tu_rsa_server_ctx();

    ck_assert_int_eq(SSL_CTX_set_ciphersuites(ctx, "TLS_AES_256_GCM_SHA384"), 1);
    ck_assert_int_eq(raw_accept(ctx, rec, n, SSL_R_NO_SHARED_CIPHER), SSL_AD_HANDSHAKE_FAILURE);
}
END_TEST

/* A second ClientHello without a HelloRetryRequest: a plaintext record once keys are in use. */
START_TEST(test_client_hello_twice)
{
    unsigned char rec[1024];
    size_t n = client_hello(rec, exts_x25519, sizeof exts_x25519);

    n += client_hello(rec + n, exts_x25519, sizeof exts_x25519);
    /* the alert goes out under the handshake keys: not readable here */
    ck_assert_int_eq(raw_accept(tu_rsa_server_ctx(), rec, n, SSL_R_BAD_RECORD_TYPE), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tls13_server");
    TCase *tc = tu_add_tcase(s, "s_client", 30);

    tcase_add_loop_test(tc, test_matrix, 0, NKEX * 3);
    tcase_add_test(tc, test_hello_retry);
    tcase_add_test(tc, test_no_common_group);
    tcase_add_test(tc, test_server_suite_order);
    tcase_add_test(tc, test_client_cert_requested);
    tcase_add_test(tc, test_client_cert_optional);
    tcase_add_test(tc, test_client_cert_required);
    tcase_add_test(tc, test_client_cert_untrusted);
    tcase_add_test(tc, test_alpn);
    tcase_add_test(tc, test_sni_switch);
    tcase_add_test(tc, test_sni_rejected);
    tcase_add_test(tc, test_keylog);
    tcase_add_test(tc, test_exporter);
    tcase_add_test(tc, test_key_update_from_client);
    tcase_add_test(tc, test_bulk_to_client);
    tcase_add_test(tc, test_bulk_to_server);
    tcase_add_test(tc, test_tls12_client);
    tcase_add_test(tc, test_default_is_tls13);
    tcase_add_test(tc, test_max_tls12_server);
    tcase_add_test(tc, test_tls13_only_server);
    tcase_add_test(tc, test_tls13_server_method);
    tcase_add_test(tc, test_resumption);
    tcase_add_test(tc, test_resumption_after_retry);
    tcase_add_test(tc, test_ticket_of_another_ctx);
    tcase_add_test(tc, test_no_tickets);
    tc = tu_add_tcase(s, "gnutls", 30);
    tcase_add_loop_test(tc, test_gnutls, 0, (int)(sizeof gnutls_cases / sizeof gnutls_cases[0]));
    tc = tu_add_tcase(s, "hostile", 10);
    tcase_add_loop_test(tc, test_hostile_hello, 0, (int)(sizeof hostile / sizeof hostile[0]));
    tcase_add_test(tc, test_retry_without_cookie);
    tcase_add_test(tc, test_unknown_key_share_retried);
    tcase_add_test(tc, test_retry_with_wrong_cookie);
    tcase_add_test(tc, test_client_hello_twice);
    tcase_add_test(tc, test_no_common_suite);
    return tu_run_suite(s, CK_NORMAL);
}
