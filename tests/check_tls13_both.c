/*
 * A kumassl client offering TLS 1.3 and 1.2 in one ClientHello
 * (TLS_client_method with SSL_CTX_set_max_proto_version(TLS1_3_VERSION))
 * completes whichever the server picks in the same connection: TLS 1.3
 * with `openssl s_server -tls1_3` or a default s_server, TLS 1.2 with
 * `openssl s_server -tls1_2` and gnutls-serv limited to TLS 1.2. The TLS
 * 1.2 handshake is kumassl's own engine's (lib/ssl/tls13/tls12.c): the
 * six ECDHE + AEAD suites, ServerKeyExchange signed with RSA-PSS, RSA
 * PKCS #1 v1.5 or ECDSA, the extended master secret (checked against
 * s_server's key log and exporter), 1 MiB each way, renegotiation declined.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include "testutil.h"
#include "tls13_peer.h"

/* The client: both versions offered. */
static SSL_CTX *both_ctx(const char *cafile)
{
    SSL_CTX *ctx = tu_client_ctx(tu_cert(cafile));

    ck_assert_int_eq(SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION), 1);
    return ctx;
}

/* s_server -tls1_2 with this certificate and extra arguments (at most 16). */
static int start_server12(tu_conn *c, const char *cert, const char *key, const char *const extra[])
{
    return t13_start_server_version(c, "-tls1_2", cert, key, extra);
}

static void open12(tu_conn *c, const char *cert, const char *key, const char *const extra[])
{
    t13_connect_ok(c, start_server12(c, cert, key, extra), both_ctx("ca-cert.pem"));
}

static void assert_version(SSL *ssl, const char *version, const char *cipher)
{
    ck_assert_str_eq(SSL_get_version(ssl), version);
    ck_assert_str_eq(SSL_get_cipher(ssl), cipher);
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_OK);
}

/* ---- TLS 1.2: the six suites, each with another group ------------------------------------ */

static const struct {
    const char *suite, *cert, *key, *group;
    int group_nid, sig_nid;
} tls12[] = {
    { "ECDHE-RSA-AES128-GCM-SHA256", "server-cert.pem", "server-key.pem", "X25519", NID_X25519,
      NID_rsassaPss },
    { "ECDHE-RSA-AES256-GCM-SHA384", "server-cert.pem", "server-key.pem", "P-256",
      NID_X9_62_prime256v1, NID_rsassaPss },
    { "ECDHE-RSA-CHACHA20-POLY1305", "server-cert.pem", "server-key.pem", "P-384", NID_secp384r1,
      NID_rsassaPss },
    { "ECDHE-ECDSA-AES128-GCM-SHA256", "server-ecdsa-cert.pem", "server-ecdsa-key.pem", "P-384",
      NID_secp384r1, NID_X9_62_id_ecPublicKey },
    { "ECDHE-ECDSA-AES256-GCM-SHA384", "server-ecdsa-cert.pem", "server-ecdsa-key.pem", "X25519",
      NID_X25519, NID_X9_62_id_ecPublicKey },
    { "ECDHE-ECDSA-CHACHA20-POLY1305", "server-ecdsa-cert.pem", "server-ecdsa-key.pem", "P-256",
      NID_X9_62_prime256v1, NID_X9_62_id_ecPublicKey },
};

START_TEST(test_tls12_suites)
{
    const char *const extra[] = { "-quiet", "-cipher", tls12[_i].suite, "-groups", tls12[_i].group,
                                  NULL };
    tu_conn c = TU_CONN_INIT;

    open12(&c, tls12[_i].cert, tls12[_i].key, extra);
    assert_version(c.ssl, "TLSv1.2", tls12[_i].suite);
    ck_assert_int_eq(SSL_get_negotiated_group(c.ssl), tls12[_i].group_nid);
    t13_assert_peer_signature(c.ssl, tls12[_i].sig_nid, NID_sha256);
    t13_assert_finished(c.ssl, 12);
    t13_exchange_lines(&c);
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}
END_TEST

/* A server limited to PKCS #1 v1.5 signatures: kumassl's TLS 1.2 path checks those too. */
START_TEST(test_tls12_pkcs1_signature)
{
    const char *const extra[] = { "-quiet", "-sigalgs", "RSA+SHA384", NULL };
    tu_conn c = TU_CONN_INIT;

    open12(&c, "server-cert.pem", "server-key.pem", extra);
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.2");
    t13_assert_peer_signature(c.ssl, NID_rsaEncryption, NID_sha384);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_tls12_bulk)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;

    open12(&c, _i ? "server-ecdsa-cert.pem" : "server-cert.pem",
           _i ? "server-ecdsa-key.pem" : "server-key.pem", quiet);
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.2");
    tu_send_payload(c.ssl, c.peer);
    tu_receive_payload(c.ssl, c.peer);
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}
END_TEST

/* ALPN and SNI in a TLS 1.2 ServerHello. */
START_TEST(test_tls12_alpn_sni)
{
    static const unsigned char protos[] = "\x02h2\x08http/1.1";
    const char *const extra[] = { "-quiet", "-alpn", "http/1.1", NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = both_ctx("ca-cert.pem");
    int port = start_server12(&c, "server-cert.pem", "server-key.pem", extra);

    ck_assert_int_eq(SSL_CTX_set_alpn_protos(ctx, protos, sizeof(protos) - 1), 0);
    tu_conn_open_client(&c, port, ctx);
    ck_assert_int_eq(SSL_set_tlsext_host_name(c.ssl, "localhost"), 1);
    ck_assert_int_eq(SSL_set1_host(c.ssl, "localhost"), 1);
    ck_assert_msg(SSL_connect(c.ssl) == 1, "SSL_connect: %s", tu_queued_error());
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.2");
    tu_assert_alpn(c.ssl, "http/1.1");
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- TLS 1.2 secrets: extended master secret, key log, exporter --------------------------- */

static char keylog[1024];

static void keylog_cb(const SSL *ssl, const char *line)
{
    (void)ssl;
    ck_assert_uint_lt(strlen(keylog) + strlen(line) + 1, sizeof(keylog));
    strcat(keylog, line);
    strcat(keylog, "\n");
}

START_TEST(test_tls12_secrets_match_s_server)
{
    static const char label[] = "EXPERIMENTAL-kumassl";
    static const t13_trace_expect ems[] = {
        { RECEIVED, "extended_master_secret", 1 }, { SENT, "extended_master_secret", 1 },
        { NULL, NULL, 0 }
    };
    char keyfile[128], tracefile[128], line[256], hex[65], *theirs;
    const char *extra[] = { "-keylogfile", keyfile, "-keymatexport", label, "-keymatexportlen",
                            "32", "-trace", "-msgfile", tracefile, NULL };
    unsigned char ours[32];
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = both_ctx("ca-cert.pem");
    int i;

    t13_temp_name(keyfile, sizeof(keyfile), "keylog12");
    t13_temp_name(tracefile, sizeof(tracefile), "trace12");
    keylog[0] = '\0';
    SSL_CTX_set_keylog_callback(ctx, keylog_cb);
    t13_connect_ok(&c, start_server12(&c, "server-cert.pem", "server-key.pem", extra), ctx);
    tu_await_line(c.peer, "Keying material: ", line, sizeof(line));
    ck_assert_int_eq(SSL_export_keying_material(c.ssl, ours, sizeof(ours), label, strlen(label),
                                                NULL, 0, 0), 1);
    for (i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02X", ours[i]);
    ck_assert_str_eq(line, hex);
    t13_exchange_lines(&c);
    t13_expect_trace(&c, tracefile, ems);
    theirs = tu_slurp(keyfile, NULL);
    unlink(keyfile);
    ck_assert_ptr_nonnull(theirs);
    ck_assert_msg(strncmp(keylog, "CLIENT_RANDOM ", 14) == 0 && strchr(keylog, '\n') != NULL,
                  "kumassl logged: %s", keylog);
    *strchr(keylog, '\n') = '\0';
    ck_assert_msg(strstr(theirs, keylog) != NULL, "kumassl: %s\ns_server: %s", keylog, theirs);
    free(theirs);
    tu_conn_close(&c);
}
END_TEST

/* ---- TLS 1.3 from the same client ----------------------------------------------------------- */

START_TEST(test_tls13_server)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;

    t13_connect_ok(&c, t13_start_server(&c, "server-cert.pem", "server-key.pem", quiet),
                   both_ctx("ca-cert.pem"));
    assert_version(c.ssl, "TLSv1.3", "TLS_AES_256_GCM_SHA384");
    t13_exchange_lines(&c);
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}
END_TEST

/* s_server without a version option speaks both and picks TLS 1.3. */
START_TEST(test_default_server)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = tu_start_s_server(&c, tu_cert("server-ecdsa-cert.pem"), tu_cert("server-ecdsa-key.pem"),
                                 quiet);

    t13_connect_ok(&c, port, both_ctx("ca-cert.pem"));
    assert_version(c.ssl, "TLSv1.3", "TLS_AES_256_GCM_SHA384");
    t13_assert_peer_signature(c.ssl, NID_X9_62_id_ecPublicKey, NID_sha256);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- TLS 1.2 failures and refusals ------------------------------------------------------------ */

START_TEST(test_tls12_wrong_ca)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = start_server12(&c, "server-cert.pem", "server-key.pem", quiet);

    t13_expect_unknown_ca(&c, port, both_ctx("other-ca-cert.pem"));
    tu_conn_close(&c);
}
END_TEST

/* A certificate requested, not required, and the client has none: an empty Certificate. */
START_TEST(test_tls12_certificate_requested)
{
    const char *const extra[] = { "-quiet", "-verify", "1", "-CAfile", tu_cert("ca-cert.pem"), NULL };
    tu_conn c = TU_CONN_INIT;

    open12(&c, "server-cert.pem", "server-key.pem", extra);
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.2");
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* A certificate required: kumassl's signs with the scheme the server lists that fits the
 * transcript's hash (RSA-PSS by default; PKCS #1 v1.5 when that is all the server takes). */
START_TEST(test_tls12_client_certificate)
{
    const char *extra[] = { "-Verify", "1", "-CAfile", tu_cert("ca-cert.pem"), "-client_sigalgs",
                            _i ? "RSA+SHA256" : "RSA-PSS+SHA256:RSA+SHA256", NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = both_ctx("ca-cert.pem");

    tu_use_cert_key(ctx, tu_cert("client-cert.pem"), tu_cert("client-key.pem"));
    t13_connect_ok(&c, start_server12(&c, "server-cert.pem", "server-key.pem", extra), ctx);
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.2");
    tu_await_output(c.peer, "CN = kumassl Test Client", NULL, 0);
    tu_await_output(c.peer, _i ? "Peer signature type: RSA\n" : "Peer signature type: RSA-PSS",
                    NULL, 0);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* s_server's R: a HelloRequest, declined with a no_renegotiation warning, which OpenSSL's
 * server answers with a fatal handshake_failure. */
START_TEST(test_tls12_renegotiation_declined)
{
    static const t13_trace_expect declined[] = {
        { SENT, "HelloRequest", 1 }, { RECEIVED, "description=no renegotiation", 1 },
        { NULL, NULL, 0 }
    };
    char path[128], buf[64];
    const char *extra[] = { "-trace", "-msgfile", path, NULL };
    tu_conn c = TU_CONN_INIT;
    int n;

    t13_temp_name(path, sizeof(path), "reneg12");
    open12(&c, "server-cert.pem", "server-key.pem", extra);
    t13_exchange_lines(&c);
    ck_assert_int_eq(tu_proc_write(c.peer, "R\n"), 0);
    n = SSL_read(c.ssl, buf, sizeof(buf));
    ck_assert_int_le(n, 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE);
    t13_expect_trace(&c, path, declined);
    tu_conn_close(&c);
}
END_TEST

/*
 * A TLS 1.2 session of kumassl's engine has extended master secret; the
 * same engine resumes it by session ID (abbreviated handshake, EMS again:
 * RFC 7627 5.3), which s_server reports as "Reused session-id". Its DER
 * carries OpenSSL's EMS flag and, read back, is not resumable (BearSSL's
 * engine, which a default client takes, cannot negotiate EMS).
 */
START_TEST(test_tls12_session_resumed)
{
    const char *extra[] = { "-naccept", "2", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = start_server12(&c, "server-cert.pem", "server-key.pem", extra);
    SSL_SESSION *sess, *back;
    unsigned char *der = NULL;
    const unsigned char *p;
    int len;

    t13_connect_ok(&c, port, both_ctx("ca-cert.pem"));
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.2");
    t13_exchange_lines(&c);
    sess = SSL_get1_session(c.ssl);
    ck_assert_int_eq(SSL_SESSION_get_protocol_version(sess), TLS1_2_VERSION);
    len = i2d_SSL_SESSION(sess, &der);
    p = der;
    back = d2i_SSL_SESSION(NULL, &p, len);
    ck_assert_ptr_nonnull(back);
    ck_assert_int_eq(SSL_SESSION_is_resumable(back), 0);    /* as an OpenSSL EMS session read back */
    SSL_SESSION_free(back);
    OPENSSL_free(der);
    if (SSL_shutdown(c.ssl) == 0)
        (void)SSL_shutdown(c.ssl);
    SSL_free(c.ssl);
    close(c.fd);
    c.fd = -1;
    SSL_CTX_free(c.ctx);
    c.ctx = both_ctx("ca-cert.pem");
    c.ssl = SSL_new(c.ctx);
    SSL_set_session(c.ssl, sess);
    SSL_SESSION_free(sess);
    t13_connect_ok(&c, port, c.ctx);
    ck_assert_int_eq(SSL_session_reused(c.ssl), 1);
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.2");
    tu_await_output(c.peer, "Reused session-id", NULL, 0);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* The KeyUpdate of TLS 1.3 does not exist in TLS 1.2. */
START_TEST(test_tls12_no_key_update)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;

    open12(&c, "server-cert.pem", "server-key.pem", quiet);
    ck_assert_int_eq(SSL_key_update(c.ssl, SSL_KEY_UPDATE_REQUESTED), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_WRONG_SSL_VERSION);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- gnutls-serv: TLS 1.2 only, and both ------------------------------------------------------- */

START_TEST(test_gnutls_serv)
{
    static const char *const priority[] = { "NORMAL:-VERS-ALL:+VERS-TLS1.2", "NORMAL" };
    tu_conn c = TU_CONN_INIT;

    if (!t13_gnutls_echo(&c, priority[_i], "server-cert.pem", "server-key.pem",
                         both_ctx("ca-cert.pem")))
        return;
    ck_assert_str_eq(SSL_get_version(c.ssl), _i ? "TLSv1.3" : "TLSv1.2");
    ck_assert_int_ge(SSL_shutdown(c.ssl), 0);
    tu_conn_close(&c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tls13_both");
    TCase *tls12c = tu_add_tcase(s, "tls12", 60);
    TCase *tls13c = tu_add_tcase(s, "tls13", 30);

    tcase_add_loop_test(tls12c, test_tls12_suites, 0, (int)(sizeof(tls12) / sizeof(tls12[0])));
    tcase_add_test(tls12c, test_tls12_pkcs1_signature);
    tcase_add_test(tls12c, test_tls12_alpn_sni);
    tcase_add_loop_test(tls12c, test_tls12_bulk, 0, 2);
    tcase_add_test(tls12c, test_tls12_secrets_match_s_server);
    tcase_add_test(tls12c, test_tls12_wrong_ca);
    tcase_add_test(tls12c, test_tls12_certificate_requested);
    tcase_add_loop_test(tls12c, test_tls12_client_certificate, 0, 2);
    tcase_add_test(tls12c, test_tls12_renegotiation_declined);
    tcase_add_test(tls12c, test_tls12_no_key_update);
    tcase_add_test(tls12c, test_tls12_session_resumed);
    tcase_add_test(tls13c, test_tls13_server);
    tcase_add_test(tls13c, test_default_server);
    tcase_add_loop_test(tls13c, test_gnutls_serv, 0, 2);
    return tu_run_suite(s, CK_NORMAL);
}
