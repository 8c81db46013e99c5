/*
 * Extension tests against openssl(1): ALPN, SNI (servername callback,
 * SSL_set_SSL_CTX), client certificates and client CA names, groups and
 * maximum fragment length, kumassl facing openssl s_server / s_client over
 * TCP.  check_ext.c has the kumassl <-> kumassl side.
 *
 * How openssl(1) 3.0 shows what is checked, found by experiment:
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

static tu_other_cert other;            /* other.test's key and certificate */

/* ---- real peers ------------------------------------------------------------------------------ */

/* openssl s_server (verbose, the RSA certificate) with `extra` arguments, and a kumassl
 * client on cctx (taken over; c->ssl is used if already made) connected to it; returns
 * SSL_connect's result. */
static int connect_s_server(tu_conn *c, SSL_CTX *cctx, const char *const extra[])
{
    int port = tu_start_s_server(c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), extra);

    tu_conn_open_client(c, port, cctx);
    return SSL_connect(c->ssl);
}

START_TEST(test_alpn_client_vs_s_server)
{
    static const char *const extra[] = { "-alpn", "h2,http/1.1", NULL };
    static const unsigned char offer[] = "\x08http/1.1";
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *cctx = tu_ca_client_ctx();
    char line[128];

    ck_assert_int_eq(SSL_CTX_set_alpn_protos(cctx, offer, sizeof(offer) - 1), 0);
    ck_assert_msg(connect_s_server(&c, cctx, extra) == 1, "%s", tu_queued_error());
    tu_assert_alpn(c.ssl, "http/1.1");
    tu_await_line(c.peer, "ALPN protocols selected: ", line, sizeof(line));
    ck_assert_str_eq(line, "http/1.1");
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_alpn_server_vs_s_client)
{
    static const char *const extra[] = { "-alpn", "http/1.1", NULL };
    tu_alpn_arg a = { SSL_TLSEXT_ERR_OK, 0, { 0 }, 0 };
    SSL_CTX *sctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    SSL_CTX_set_alpn_select_cb(sctx, tu_alpn_cb, &a);
    ck_assert_msg(tu_accept_s_client(&c, sctx, extra) == 1, "%s", tu_queued_error());
    tu_assert_alpn(c.ssl, "http/1.1");
    tu_await_output(c.peer, "ALPN protocol: http/1.1", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

/* s_client asks for `name` and checks the certificate for it; the kumassl server switches. */
static void sni_s_client(const char *name, int reject)
{
    const char *extra[] = { "-servername", name, "-verify_hostname", name, NULL };
    tu_sni_arg a = { tu_server_ctx(other.cert, other.key), reject, 0, "" };
    SSL_CTX *sctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;
    int ret;

    SSL_CTX_set_tlsext_servername_callback(sctx, tu_sni_cb);
    SSL_CTX_set_tlsext_servername_arg(sctx, &a);
    ret = tu_accept_s_client(&c, sctx, extra);
    ck_assert_str_eq(a.seen, name);
    if (reject) {
        ck_assert_int_eq(ret, -1);
        tu_await_output(c.peer, "unrecognized name", NULL, 0);
        ck_assert_int_ne(tu_proc_wait(c.peer, TU_TIMEOUT_MS), 0);
    } else {
        ck_assert_msg(ret == 1, "%s", tu_queued_error());
        tu_await_output(c.peer, "Verify return code: 0 (ok)", NULL, 0);
        tu_proc_close_stdin(c.peer);
        ck_assert_int_eq(tu_proc_wait(c.peer, TU_TIMEOUT_MS), 0);
    }
    SSL_CTX_free(a.other);
    tu_conn_close(&c);
}

/* a name, and whether the servername callback rejects the ClientHello */
static const struct {
    const char *name;
    int reject;
} sni_cases[] = { { "localhost", 0 }, { "other.test", 0 }, { "localhost", 1 } };

START_TEST(test_sni_vs_s_client)
{
    sni_s_client(sni_cases[_i].name, sni_cases[_i].reject);
}
END_TEST

/* A kumassl server requiring a client certificate; the CA names it sends are other-ca's. */
static SSL_CTX *mtls_server_ctx(void)
{
    SSL_CTX *ctx = tu_rsa_server_ctx();

    tu_verify_clients(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
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
    tu_conn c = TU_CONN_INIT;

    X509_NAME_get_text_by_NID(sk_X509_NAME_value(other, 0), NID_commonName, cn, sizeof(cn));
    sk_X509_NAME_pop_free(other, X509_NAME_free);
    ck_assert_msg(tu_accept_s_client(&c, mtls_server_ctx(), extra) == 1, "%s", tu_queued_error());
    peer = SSL_get_peer_certificate(c.ssl);
    ck_assert_ptr_nonnull(peer);
    X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, names, sizeof(names));
    ck_assert_str_eq(names, "kumassl Test Client");
    X509_free(peer);
    /* the list sent is the program's, not the trust anchors' */
    tu_await_output(c.peer, "Acceptable client certificate CA names\n", NULL, 0);
    /* the names end where s_client's next item begins (TLS 1.3 has no certificate types) */
    tu_await_output(c.peer, "Requested Signature Algorithms", names, sizeof(names));
    ck_assert_msg(strstr(names, cn) != NULL && strstr(names, "kumassl Test CA") == NULL,
                  "CA names sent: %s", names);
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_mtls_server_rejects_no_cert)
{
    static const char *const extra[] = { NULL };
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_eq(tu_accept_s_client(&c, mtls_server_ctx(), extra), -1);
    close(c.fd);
    c.fd = -1;
    ck_assert_int_ne(tu_proc_wait(c.peer, TU_TIMEOUT_MS), 0);
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_mtls_client_vs_s_server)
{
    const char *extra[] = { "-Verify", "1", "-CAfile", tu_cert("ca-cert.pem"), NULL };
    SSL_CTX *cctx = tu_ca_client_ctx();
    tu_conn c = TU_CONN_INIT;
    char line[256];

    tu_use_cert_key(cctx, tu_cert("client-cert.pem"), tu_cert("client-key.pem"));
    ck_assert_msg(connect_s_server(&c, cctx, extra) == 1, "%s", tu_queued_error());
    tu_await_output(c.peer, "Client certificate\n", NULL, 0);
    tu_await_line(c.peer, "subject=", line, sizeof(line));
    ck_assert_ptr_nonnull(strstr(line, "CN = kumassl Test Client"));
    tu_conn_close(&c);
}
END_TEST

/* The groups a kumassl client configured with `list` offers, as s_server names them. */
static void client_groups(const char *list, const char *expect)
{
    static const char *const extra[] = { NULL };
    SSL_CTX *cctx = tu_ca_client_ctx();
    tu_conn c = TU_CONN_INIT;
    char line[256];

    ck_assert_int_eq(SSL_CTX_set1_groups_list(cctx, list), 1);
    ck_assert_msg(connect_s_server(&c, cctx, extra) == 1, "%s", tu_queued_error());
    tu_await_line(c.peer, "Supported groups: ", line, sizeof(line));
    ck_assert_str_eq(line, expect);
    tu_conn_close(&c);
}

START_TEST(test_groups_offered)
{
    /* in the program's order (lib/ssl/br/client_hello.c), and OpenSSL's by default */
    client_groups("P-521:P-384:P-256", "secp521r1:secp384r1:secp256r1");
    client_groups("X25519", "x25519");
    client_groups("P-256:X25519", "secp256r1:x25519");
}
END_TEST

START_TEST(test_groups_no_common_group_fails)
{
    static const char *const extra[] = { "-groups", "P-256", NULL };
    SSL_CTX *cctx = tu_ca_client_ctx();
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_eq(SSL_CTX_set1_groups_list(cctx, "P-384"), 1);
    ck_assert_int_eq(connect_s_server(&c, cctx, extra), -1);
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_groups_server_side)
{
    static const char *const extra[] = { NULL };
    SSL_CTX *sctx = tu_rsa_server_ctx();
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_eq(SSL_CTX_set1_groups_list(sctx, "P-384"), 1);
    ck_assert_msg(tu_accept_s_client(&c, sctx, extra) == 1, "%s", tu_queued_error());
    tu_await_output(c.peer, "Server Temp Key: ECDH, secp384r1", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_max_fragment_length_offered)
{
    static const char *const extra[] = { "-tlsextdebug", NULL };
    SSL_CTX *cctx = tu_ca_client_ctx();
    tu_conn c = TU_CONN_INIT;
    char dump[128];

    c.ssl = SSL_new(cctx);
    ck_assert_int_eq(SSL_set_tlsext_max_fragment_length(c.ssl, TLSEXT_max_fragment_length_1024), 1);
    ck_assert_msg(connect_s_server(&c, cctx, extra) == 1, "%s", tu_queued_error());
    tu_await_line(c.peer, "TLS client extension \"max fragment length\" (id=1), len=1\n", dump,
                  sizeof(dump));
    ck_assert_ptr_nonnull(strstr(dump, "0000 - 02"));      /* 2: 1024 bytes */
    ck_assert_int_eq(SSL_write(c.ssl, "ping\n", 5), 5);
    tu_conn_close(&c);
}
END_TEST

static Suite *ext_interop_suite(void)
{
    Suite *s = suite_create("ext_interop");
    TCase *peers = tu_add_tcase(s, "openssl", 30);

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
    return s;
}

int main(void)
{
    int status;

    if (tu_make_other_cert(&other) != 0)
        return 99;
    status = tu_run_suite(ext_interop_suite(), CK_NORMAL);
    tu_rmtree(other.dir);
    return status;
}
