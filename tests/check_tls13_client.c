/*
 * kumassl's TLS 1.3 client (lib/ssl/tls13) against real servers on
 * 127.0.0.1: `openssl s_server -tls1_3` (OpenSSL 3.0) and gnutls-serv with
 * a TLS-1.3-only priority. Servers are started through testutil on
 * ephemeral ports and always stopped; sockets have I/O timeouts, so a
 * stuck handshake fails a test instead of hanging it.
 *
 * The client allows TLS 1.3 only (SSL_CTX_set_min_proto_version or
 * TLSv1_3_client_method), which is what takes kumassl's own engine. What
 * is checked is what the server saw as well as what kumassl reports:
 * s_server's connection summary (non-quiet mode), its -trace output
 * (-msgfile) for the messages exchanged, its -keylogfile and
 * -keymatexport output.
 *
 * How openssl(1) 3.0 behaves, as relied on here (see also check_interop.c):
 *  - s_server -quiet sends close_notify at stdin EOF; without -quiet, stdin
 *    lines "k"/"K" send a KeyUpdate (K: update_requested) and print
 *    "KEYUPDATE", and the summary after the handshake names the suite, the
 *    peer's signature type and the keying material (-keymatexport).
 *  - -trace with -msgfile writes every record as "Sent Record" /
 *    "Received Record" with the handshake messages inside, a
 *    HelloRetryRequest as a ServerHello whose gmt_unix_time is 0xCF21AD74.
 */
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include "testutil.h"
#include "tls13_peer.h"

static const char *const SUITES[] = {
    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"
};
static const struct {
    const char *name;
    int nid;
} GROUPS[] = { { "X25519", NID_X25519 }, { "P-256", NID_X9_62_prime256v1 },
               { "P-384", NID_secp384r1 } };

/* The usual: s_server -tls1_3 (extra arguments) and a TLS-1.3-only client trusting the test CA. */
static void open13(tu_conn *c, const char *cert, const char *key, const char *const extra[])
{
    t13_connect_ok(c, t13_start_server(c, cert, key, extra), t13_client_ctx("ca-cert.pem"));
}

/* What every TLS 1.3 connection of kumassl's must report. */
static void assert_tls13(SSL *ssl, const char *suite)
{
    const SSL_CIPHER *cipher = SSL_get_current_cipher(ssl);

    ck_assert_str_eq(SSL_get_version(ssl), "TLSv1.3");
    ck_assert_int_eq(SSL_version(ssl), TLS1_3_VERSION);
    ck_assert_ptr_nonnull(cipher);
    ck_assert_str_eq(SSL_CIPHER_get_name(cipher), suite);
    ck_assert_str_eq(SSL_CIPHER_standard_name(cipher), suite);
    ck_assert_str_eq(SSL_CIPHER_get_version(cipher), "TLSv1.3");
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_OK);
}

/* ---- 1: the matrix: 3 suites x 3 groups x RSA (PSS) / ECDSA certificates ------------- */

START_TEST(test_matrix)
{
    const char *suite = SUITES[_i % 3];
    int g = (_i / 3) % 3, ecdsa = _i / 9;
    const char *const extra[] = { "-quiet", "-ciphersuites", suite, "-groups", GROUPS[g].name, NULL };
    tu_conn c = TU_CONN_INIT;

    if (ecdsa)
        open13(&c, "server-ecdsa-cert.pem", "server-ecdsa-key.pem", extra);
    else
        open13(&c, "server-cert.pem", "server-key.pem", extra);
    assert_tls13(c.ssl, suite);
    t13_assert_finished(c.ssl, _i % 3 == 1 ? 48 : 32);
    ck_assert_int_eq(SSL_get_negotiated_group(c.ssl), GROUPS[g].nid);
    t13_assert_peer_signature(c.ssl, ecdsa ? NID_X9_62_id_ecPublicKey : NID_rsassaPss, NID_sha256);
    t13_exchange_lines(&c);
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- 2: 1 MiB each way ------------------------------------------------------------------ */

START_TEST(test_bulk)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;

    if (_i)
        open13(&c, "server-ecdsa-cert.pem", "server-ecdsa-key.pem", quiet);
    else
        open13(&c, "server-cert.pem", "server-key.pem", quiet);
    assert_tls13(c.ssl, "TLS_AES_256_GCM_SHA384");
    tu_send_payload(c.ssl, c.peer);
    tu_receive_payload(c.ssl, c.peer);
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- 3: HelloRetryRequest ---------------------------------------------------------------- */

/* The client offers X25519 first (its only key share), the server takes P-384 only. */
START_TEST(test_hello_retry_request)
{
    static const t13_trace_expect hrr[] = {
        { RECEIVED, "ClientHello, Length", 2 }, { SENT, "gmt_unix_time=0xCF21AD74", 1 },
        { RECEIVED, "NamedGroup: secp384r1", 1 }, { NULL, NULL, 0 }
    };
    char path[128];
    const char *extra[] = { "-quiet", "-groups", "P-384", "-trace", "-msgfile", path, NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = t13_client_ctx("ca-cert.pem");

    t13_temp_name(path, sizeof(path), "hrr");
    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, "X25519:P-256:P-384"), 1);
    t13_connect_ok(&c, t13_start_server(&c, "server-cert.pem", "server-key.pem", extra), ctx);
    assert_tls13(c.ssl, "TLS_AES_256_GCM_SHA384");
    ck_assert_int_eq(SSL_get_negotiated_group(c.ssl), NID_secp384r1);
    t13_exchange_lines(&c);
    t13_expect_trace(&c, path, hrr);
    tu_conn_close(&c);
}
END_TEST

/* ---- 4: suites and groups the program chose ---------------------------------------------- */

START_TEST(test_ciphersuites_honoured)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = t13_client_ctx("ca-cert.pem");

    ck_assert_int_eq(SSL_CTX_set_ciphersuites(ctx, "TLS_CHACHA20_POLY1305_SHA256"), 1);
    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, "P-256"), 1);
    t13_connect_ok(&c, t13_start_server(&c, "server-cert.pem", "server-key.pem", quiet), ctx);
    assert_tls13(c.ssl, "TLS_CHACHA20_POLY1305_SHA256");
    ck_assert_int_eq(SSL_get_negotiated_group(c.ssl), NID_X9_62_prime256v1);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* TLSv1_3_client_method() alone makes a TLS 1.3 client. */
START_TEST(test_tls13_method)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = SSL_CTX_new(TLSv1_3_client_method());

    ck_assert_ptr_nonnull(ctx);
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, tu_cert("ca-cert.pem"), NULL), 1);
    t13_connect_ok(&c, t13_start_server(&c, "server-cert.pem", "server-key.pem", quiet), ctx);
    assert_tls13(c.ssl, "TLS_AES_256_GCM_SHA384");
    t13_exchange_lines(&c);
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}
END_TEST

/* Runs op (SSL_connect, or a read or write wrapped as one) on a non-blocking socket until it
 * succeeds, waiting with poll() for what SSL_get_error asks; returns how many waits it took. */
static int nonblocking(SSL *ssl, int fd, int (*op)(SSL *))
{
    int waits = 0, ret;

    while ((ret = op(ssl)) <= 0) {
        int err = SSL_get_error(ssl, ret);
        struct pollfd p = { fd, err == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN, 0 };

        ck_assert_msg(err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE,
                      "SSL_get_error %d: %s", err, tu_queued_error());
        ck_assert_int_eq(poll(&p, 1, TU_TIMEOUT_MS), 1);
        waits++;
    }
    return waits;
}

static char nb_buf[64];

static int read_line(SSL *ssl)
{
    return SSL_read(ssl, nb_buf, sizeof(nb_buf));
}

/* The pump (io.c) drives the TLS 1.3 engine over a non-blocking socket as it drives BearSSL's. */
START_TEST(test_nonblocking)
{
    static const char up[] = "7777 non-blocking\n", down[] = "8888 back\n";
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = t13_start_server(&c, "server-cert.pem", "server-key.pem", quiet);

    tu_conn_open_client(&c, port, t13_client_ctx("ca-cert.pem"));
    ck_assert_int_eq(fcntl(c.fd, F_SETFL, fcntl(c.fd, F_GETFL) | O_NONBLOCK), 0);
    ck_assert_int_gt(nonblocking(c.ssl, c.fd, SSL_connect), 0);
    assert_tls13(c.ssl, "TLS_AES_256_GCM_SHA384");
    t13_assert_finished(c.ssl, 48);
    tu_write_all(c.ssl, up, (int)strlen(up));
    tu_await_output(c.peer, up, NULL, 0);
    ck_assert_int_eq(tu_proc_write(c.peer, down), 0);
    nonblocking(c.ssl, c.fd, read_line);
    ck_assert_int_eq(memcmp(nb_buf, down, strlen(down)), 0);
    ck_assert_int_eq(SSL_pending(c.ssl), 0);
    tu_conn_close(&c);
}
END_TEST

static int verify_depths;               /* bit d: the callback saw depth d */

static int depth_cb(int ok, X509_STORE_CTX *st)
{
    verify_depths |= 1 << X509_STORE_CTX_get_error_depth(st);
    return ok;
}

/* The peer's certificates, the verified path, the verify callback and the session, as for TLS 1.2. */
START_TEST(test_peer_chain_and_session)
{
    const char *const extra[] = { "-quiet", "-cert_chain", tu_cert("int-ca-cert.pem"), NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = t13_client_ctx("ca-cert.pem");
    SSL_SESSION *sess;
    X509 *peer;
    char name[256];

    verify_depths = 0;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, depth_cb);
    t13_connect_ok(&c, t13_start_server(&c, "server-chain-leaf-cert.pem", "server-chain-leaf-key.pem", extra),
               ctx);
    ck_assert_int_eq(verify_depths, 7);         /* leaf, intermediate, root */
    peer = SSL_get1_peer_certificate(c.ssl);
    ck_assert_ptr_nonnull(peer);
    X509_NAME_oneline(X509_get_subject_name(peer), name, sizeof(name));
    ck_assert_msg(strstr(name, "CN=localhost") != NULL, "peer: %s", name);
    X509_free(peer);
    ck_assert_int_eq(sk_X509_num(SSL_get_peer_cert_chain(c.ssl)), 2);
    ck_assert_int_eq(sk_X509_num(SSL_get0_verified_chain(c.ssl)), 3);
    sess = SSL_get_session(c.ssl);
    ck_assert_ptr_nonnull(sess);
    ck_assert_int_eq(SSL_SESSION_get_protocol_version(sess), TLS1_3_VERSION);
    ck_assert_str_eq(SSL_CIPHER_get_name(SSL_SESSION_get0_cipher(sess)), "TLS_AES_256_GCM_SHA384");
    ck_assert_int_eq(SSL_session_reused(c.ssl), 0);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- 5: client certificates -------------------------------------------------------------- */

static char ec_dir[64];

/* A P-256 client certificate signed by the test CA (ec-client-cert.pem / -key.pem in ec_dir). */
static const char ec_script[] =
    "set -e; cd \"$1\"; O=\"$2\"; C=\"$3\"\n"
    "\"$O\" genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec-client-key.pem 2>/dev/null\n"
    "\"$O\" req -new -key ec-client-key.pem -subj '/O=kumassl/CN=kumassl EC Client' -out ec.csr\n"
    "printf 'basicConstraints=critical,CA:FALSE\\nkeyUsage=critical,digitalSignature\\n"
    "extendedKeyUsage=clientAuth\\n' >ext.cnf\n"
    "\"$O\" x509 -req -in ec.csr -CA \"$C/ca-cert.pem\" -CAkey \"$C/ca-key.pem\" -CAcreateserial "
    "-CAserial serial.srl -days 30 -sha256 -extfile ext.cnf -out ec-client-cert.pem 2>/dev/null\n";

static const char *ec_file(const char *name)
{
    static char path[2][128];
    static int k;

    k ^= 1;
    snprintf(path[k], sizeof(path[k]), "%s/%s", ec_dir, name);
    return path[k];
}

/* s_server asking for a client certificate (verify: "-verify" requests, "-Verify" requires);
 * the client has cert/key (NULL: none); trace, when not NULL, gets s_server's trace.
 * Returns SSL_connect's result. */
static int connect_client_auth(tu_conn *c, const char *verify, const char *cert, const char *key,
                               const char *trace)
{
    const char *extra[] = { verify, "1", "-CAfile", tu_cert("ca-cert.pem"),
                            trace != NULL ? "-trace" : NULL, "-msgfile", trace, NULL };
    SSL_CTX *ctx = t13_client_ctx("ca-cert.pem");
    int port = t13_start_server(c, "server-cert.pem", "server-key.pem", extra);

    if (cert != NULL)
        tu_use_cert_key(ctx, cert, key);
    tu_conn_open_client(c, port, ctx);
    return SSL_connect(c->ssl);
}

/* The client's certificate reached the server, which checked it and its CertificateVerify. */
static void client_cert_accepted(const char *cert, const char *key, const char *subject,
                                 const char *sigtype)
{
    tu_conn c = TU_CONN_INIT;
    int ret = connect_client_auth(&c, "-Verify", cert, key, NULL);

    ck_assert_msg(ret == 1, "SSL_connect: %s; server: %s", tu_queued_error(), tu_proc_output(c.peer));
    assert_tls13(c.ssl, "TLS_AES_256_GCM_SHA384");
    tu_await_output(c.peer, subject, NULL, 0);
    tu_await_output(c.peer, sigtype, NULL, 0);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}

START_TEST(test_client_cert_rsa_pss)
{
    client_cert_accepted(tu_cert("client-cert.pem"), tu_cert("client-key.pem"),
                         "CN = kumassl Test Client", "Peer signature type: RSA-PSS");
}
END_TEST

START_TEST(test_client_cert_ecdsa)
{
    client_cert_accepted(ec_file("ec-client-cert.pem"), ec_file("ec-client-key.pem"),
                         "CN = kumassl EC Client", "Peer signature type: ECDSA");
}
END_TEST

/* Requested, not required: no certificate (an empty Certificate) and the connection goes on. */
START_TEST(test_client_cert_requested_none)
{
    static const t13_trace_expect empty_cert[] = {
        { SENT, "CertificateRequest, Length", 1 }, { RECEIVED, "Certificate, Length=4", 1 },
        { RECEIVED, "CertificateVerify", 0 }, { NULL, NULL, 0 }
    };
    char path[128];
    tu_conn c = TU_CONN_INIT;
    int ret;

    t13_temp_name(path, sizeof(path), "nocert");
    ret = connect_client_auth(&c, "-verify", NULL, NULL, path);
    ck_assert_msg(ret == 1, "SSL_connect: %s; server: %s", tu_queued_error(), tu_proc_output(c.peer));
    t13_exchange_lines(&c);
    t13_expect_trace(&c, path, empty_cert);
    tu_conn_close(&c);
}
END_TEST

/* Required and missing: the client's handshake is over before the server's verdict arrives,
 * which the next SSL_read reports as the certificate_required alert. */
START_TEST(test_client_cert_required_missing)
{
    tu_conn c = TU_CONN_INIT;
    char buf[64];
    int ret = connect_client_auth(&c, "-Verify", NULL, NULL, NULL), n;

    ck_assert_msg(ret == 1, "SSL_connect: %s", tu_queued_error());
    n = SSL_read(c.ssl, buf, sizeof(buf));
    ck_assert_int_le(n, 0);
    ck_assert_int_eq(SSL_get_error(c.ssl, n), SSL_ERROR_SSL);
    tu_expect_error(ERR_LIB_SSL, SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED);
    tu_conn_close(&c);
}
END_TEST

/* ---- 6: KeyUpdate ------------------------------------------------------------------------- */

/* kumassl updates its keys and asks the server to update its own: the server reads the
 * KeyUpdate, answers with one of its own, and data goes on both ways under the new keys. */
START_TEST(test_key_update_sent)
{
    static const t13_trace_expect updates[] = {
        { RECEIVED, "update_requested (1)", 1 }, { RECEIVED, "update_not_requested (0)", 1 },
        { SENT, "update_not_requested (0)", 1 }, { NULL, NULL, 0 }
    };
    static const char after[] = "3333 after the update\n", back[] = "4444 server, new keys\n";
    char path[128];
    const char *extra[] = { "-quiet", "-trace", "-msgfile", path, NULL };
    tu_conn c = TU_CONN_INIT;

    t13_temp_name(path, sizeof(path), "ku");
    open13(&c, "server-cert.pem", "server-key.pem", extra);
    ck_assert_int_eq(SSL_get_key_update_type(c.ssl), SSL_KEY_UPDATE_NONE);
    ck_assert_int_eq(SSL_key_update(c.ssl, 7), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_INVALID_KEY_UPDATE_TYPE);
    ck_assert_int_eq(SSL_key_update(c.ssl, SSL_KEY_UPDATE_REQUESTED), 1);
    ck_assert_int_eq(SSL_get_key_update_type(c.ssl), SSL_KEY_UPDATE_REQUESTED);
    tu_write_all(c.ssl, after, (int)strlen(after));
    ck_assert_int_eq(SSL_get_key_update_type(c.ssl), SSL_KEY_UPDATE_NONE);
    tu_await_output(c.peer, after, NULL, 0);
    ck_assert_int_eq(tu_proc_write(c.peer, back), 0);
    tu_read_expected(c.ssl, back, strlen(back), TU_FNV_INIT);
    ck_assert_int_eq(SSL_key_update(c.ssl, SSL_KEY_UPDATE_NOT_REQUESTED), 1);
    t13_exchange_lines(&c);
    t13_expect_trace(&c, path, updates);
    tu_conn_close(&c);
}
END_TEST

/* The server updates its keys and asks kumassl to: SSL_read takes the KeyUpdate in its stride,
 * kumassl answers, and the server reads what kumassl sends next under the new keys. */
START_TEST(test_key_update_received)
{
    static const t13_trace_expect updates[] = {
        { SENT, "update_requested (1)", 1 }, { RECEIVED, "update_not_requested (0)", 1 },
        { NULL, NULL, 0 }
    };
    static const char after[] = "5555 server after K\n";
    char path[128];
    const char *extra[] = { "-trace", "-msgfile", path, NULL };
    tu_conn c = TU_CONN_INIT;

    t13_temp_name(path, sizeof(path), "kur");
    open13(&c, "server-cert.pem", "server-key.pem", extra);
    t13_exchange_lines(&c);
    /* s_server takes "K" as a command only when it comes alone in one read of its stdin;
     * what it prints about it stays in its stdio buffer, so there is nothing to await */
    ck_assert_int_eq(tu_proc_write(c.peer, "K\n"), 0);
    tu_sleep_ms(300);
    ck_assert_int_eq(tu_proc_write(c.peer, after), 0);
    tu_read_expected(c.ssl, after, strlen(after), TU_FNV_INIT);
    t13_exchange_lines(&c);
    t13_expect_trace(&c, path, updates);
    tu_conn_close(&c);
}
END_TEST

/* SSL_key_update where there is no TLS 1.3 connection. */
START_TEST(test_key_update_refused)
{
    SSL_CTX *ctx = t13_client_ctx("ca-cert.pem");
    SSL *ssl = SSL_new(ctx);

    ck_assert_int_eq(SSL_key_update(ssl, SSL_KEY_UPDATE_REQUESTED), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_WRONG_SSL_VERSION);
    ck_assert_int_eq(SSL_get_key_update_type(ssl), SSL_KEY_UPDATE_NONE);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}
END_TEST

/* The same questions put to a TLS 1.2 connection (BearSSL's engine): its ECDHE group, no peer
 * signature it could name, and no KeyUpdate. */
START_TEST(test_tls12_engine_answers)
{
    const char *const extra[] = { "-quiet", "-tls1_2", "-groups", "P-256", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = tu_start_s_server(&c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), extra);
    int nid = 0;

    t13_connect_ok(&c, port, tu_client_ctx(tu_cert("ca-cert.pem")));
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.2");
    ck_assert_int_eq(SSL_get_negotiated_group(c.ssl), NID_X9_62_prime256v1);
    ck_assert_int_eq(SSL_get_peer_signature_type_nid(c.ssl, &nid), 0);
    ck_assert_int_eq(SSL_key_update(c.ssl, SSL_KEY_UPDATE_REQUESTED), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_WRONG_SSL_VERSION);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- 7: secrets: the key log and the exporter against s_server's ------------------------- */

static char keylog[4096];

static void keylog_cb(const SSL *ssl, const char *line)
{
    (void)ssl;
    ck_assert_uint_lt(strlen(keylog) + strlen(line) + 1, sizeof(keylog));
    strcat(keylog, line);
    strcat(keylog, "\n");
}

START_TEST(test_keylog_matches_s_server)
{
    static const char *const labels[] = {
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET ", "SERVER_HANDSHAKE_TRAFFIC_SECRET ",
        "CLIENT_TRAFFIC_SECRET_0 ", "SERVER_TRAFFIC_SECRET_0 ", "EXPORTER_SECRET ",
    };
    char path[128], *theirs, *line;
    const char *extra[] = { "-quiet", "-keylogfile", path, NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = t13_client_ctx("ca-cert.pem");
    size_t i;
    int lines = 0;

    t13_temp_name(path, sizeof(path), "keylog");
    keylog[0] = '\0';
    SSL_CTX_set_keylog_callback(ctx, keylog_cb);
    t13_connect_ok(&c, t13_start_server(&c, "server-cert.pem", "server-key.pem", extra), ctx);
    t13_exchange_lines(&c);
    tu_expect_close_notify(&c);
    theirs = tu_slurp(path, NULL);
    unlink(path);
    ck_assert_ptr_nonnull(theirs);
    for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        ck_assert_msg(strstr(keylog, labels[i]) != NULL, "no %s in:\n%s", labels[i], keylog);
    for (line = strtok(keylog, "\n"); line != NULL; line = strtok(NULL, "\n"), lines++)
        ck_assert_msg(strstr(theirs, line) != NULL, "kumassl logged %s\ns_server logged:\n%s",
                      line, theirs);
    ck_assert_int_eq(lines, 5);
    free(theirs);
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_exporter_matches_s_server)
{
    static const char label[] = "EXPERIMENTAL-kumassl";
    const char *extra[] = { "-keymatexport", label, "-keymatexportlen", "32", NULL };
    unsigned char ours[32], other[32];
    char hex[65], line[256];
    tu_conn c = TU_CONN_INIT;
    int i;

    open13(&c, "server-cert.pem", "server-key.pem", extra);
    tu_await_line(c.peer, "Keying material: ", line, sizeof(line));
    ck_assert_int_eq(SSL_export_keying_material(c.ssl, ours, sizeof(ours), label, strlen(label),
                                                NULL, 0, 0), 1);
    for (i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02X", ours[i]);
    ck_assert_str_eq(line, hex);
    /* a context changes the output */
    ck_assert_int_eq(SSL_export_keying_material(c.ssl, other, sizeof(other), label, strlen(label),
                                                (const unsigned char *)"ctx", 3, 1), 1);
    ck_assert_int_ne(memcmp(ours, other, sizeof(ours)), 0);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- 8: ALPN and SNI ---------------------------------------------------------------------- */

START_TEST(test_alpn)
{
    static const unsigned char protos[] = "\x02h2\x08http/1.1";
    const char *const extra[] = { "-quiet", "-alpn", "http/1.1", NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = t13_client_ctx("ca-cert.pem");

    ck_assert_int_eq(SSL_CTX_set_alpn_protos(ctx, protos, sizeof(protos) - 1), 0);
    t13_connect_ok(&c, t13_start_server(&c, "server-cert.pem", "server-key.pem", extra), ctx);
    tu_assert_alpn(c.ssl, "http/1.1");
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* s_server switches to its ECDSA certificate for the name "localhost" (-servername): the
 * server's signature says which certificate the SNI (or its absence) got. */
START_TEST(test_sni)
{
    const char *extra[] = { "-quiet", "-servername", "localhost",
                            "-cert2", tu_cert("server-ecdsa-cert.pem"),
                            "-key2", tu_cert("server-ecdsa-key.pem"), NULL };
    tu_conn c = TU_CONN_INIT;
    int port = t13_start_server(&c, "server-cert.pem", "server-key.pem", extra), ret;

    tu_conn_open_client(&c, port, t13_client_ctx("ca-cert.pem"));
    if (_i)
        ck_assert_int_eq(SSL_set_tlsext_host_name(c.ssl, "localhost"), 1);
    ck_assert_int_eq(SSL_set1_host(c.ssl, "localhost"), 1);
    ret = SSL_connect(c.ssl);
    ck_assert_msg(ret == 1, "SSL_connect: %s", tu_queued_error());
    t13_assert_peer_signature(c.ssl, _i ? NID_X9_62_id_ecPublicKey : NID_rsassaPss, NID_sha256);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- 9: closing ----------------------------------------------------------------------------- */

START_TEST(test_close_notify_from_server)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;

    open13(&c, "server-cert.pem", "server-key.pem", quiet);
    t13_exchange_lines(&c);
    tu_expect_close_notify(&c);
    tu_conn_close(&c);
}
END_TEST

/* kumassl's close_notify: s_server -quiet answers it and ends without complaint. */
START_TEST(test_close_notify_to_server)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    const char *out;
    int status;

    open13(&c, "server-cert.pem", "server-key.pem", quiet);
    t13_exchange_lines(&c);
    ck_assert_int_eq(SSL_shutdown(c.ssl), 0);
    ck_assert_int_eq(SSL_shutdown(c.ssl), 1);
    status = tu_proc_wait(c.peer, TU_TIMEOUT_MS);
    out = tu_proc_output(c.peer);
    ck_assert_msg(status == 0 && strstr(out, "unexpected eof") == NULL, "status %d: %s", status, out);
    tu_conn_close(&c);
}
END_TEST

/* The server dies: a TCP close without close_notify is an error, unless the program said not. */
START_TEST(test_truncation)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    char buf[64];
    int n;

    open13(&c, "server-cert.pem", "server-key.pem", quiet);
    if (_i)
        SSL_set_options(c.ssl, SSL_OP_IGNORE_UNEXPECTED_EOF);
    t13_exchange_lines(&c);
    ck_assert_int_eq(kill(tu_proc_pid(c.peer), SIGKILL), 0);
    ck_assert_int_eq(tu_proc_wait(c.peer, TU_TIMEOUT_MS), 128 + SIGKILL);
    ERR_clear_error();
    n = SSL_read(c.ssl, buf, sizeof(buf));
    ck_assert_int_le(n, 0);
    if (_i) {
        ck_assert_int_eq(SSL_get_error(c.ssl, n), SSL_ERROR_ZERO_RETURN);
    } else {
        ck_assert_int_eq(SSL_get_error(c.ssl, n), SSL_ERROR_SSL);
        tu_expect_error(ERR_LIB_SSL, SSL_R_UNEXPECTED_EOF_WHILE_READING);
    }
    tu_conn_close(&c);
}
END_TEST

/* ---- 10: verification failures -------------------------------------------------------------- */

START_TEST(test_wrong_ca)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = t13_start_server(&c, "server-cert.pem", "server-key.pem", quiet);

    t13_expect_unknown_ca(&c, port, t13_client_ctx("other-ca-cert.pem"));
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_host_mismatch)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = t13_start_server(&c, "server-cert.pem", "server-key.pem", quiet);

    tu_conn_open_client(&c, port, t13_client_ctx("ca-cert.pem"));
    ck_assert_int_eq(SSL_set1_host(c.ssl, "not-localhost.example"), 1);
    ck_assert_int_ne(SSL_connect(c.ssl), 1);
    ck_assert_int_eq(SSL_get_verify_result(c.ssl), X509_V_ERR_HOSTNAME_MISMATCH);
    tu_expect_error(ERR_LIB_SSL, SSL_R_CERTIFICATE_VERIFY_FAILED);
    tu_expect_peer_saw(&c, "alert");
    tu_conn_close(&c);
}
END_TEST

/* SSL_VERIFY_NONE: the wrong anchor is noted, not fatal. */
START_TEST(test_verify_none_keeps_result)
{
    const char *const quiet[] = { "-quiet", NULL };
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = t13_client_ctx("other-ca-cert.pem");

    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    t13_connect_ok(&c, t13_start_server(&c, "server-cert.pem", "server-key.pem", quiet), ctx);
    ck_assert_int_eq(SSL_get_verify_result(c.ssl), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    t13_exchange_lines(&c);
    tu_conn_close(&c);
}
END_TEST

/* ---- 11: gnutls-serv ------------------------------------------------------------------------- */

START_TEST(test_gnutls_serv)
{
    tu_conn c = TU_CONN_INIT;

    if (!t13_gnutls_echo(&c, "NORMAL:-VERS-ALL:+VERS-TLS1.3", _i ? "server-ecdsa-cert.pem"
                         : "server-cert.pem", _i ? "server-ecdsa-key.pem" : "server-key.pem",
                         t13_client_ctx("ca-cert.pem")))
        return;
    ck_assert_str_eq(SSL_get_version(c.ssl), "TLSv1.3");
    t13_assert_peer_signature(c.ssl, _i ? NID_X9_62_id_ecPublicKey : NID_rsassaPss, NID_sha256);
    ck_assert_int_ge(SSL_shutdown(c.ssl), 0);
    tu_conn_close(&c);
}
END_TEST

/* ---- 12: a TLS-1.2-only server (scripted bad ServerHellos: check_tls13_badserver.c) ---- */

/* A TLS-1.2-only server refuses the TLS-1.3-only client with protocol_version. */
START_TEST(test_tls12_only_server)
{
    const char *const extra[] = { "-quiet", "-tls1_2", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = tu_start_s_server(&c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), extra);

    tu_conn_open_client(&c, port, t13_client_ctx("ca-cert.pem"));
    ck_assert_int_eq(SSL_connect(c.ssl), -1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION);
    tu_conn_close(&c);
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------------ */

static Suite *tls13_client_suite(void)
{
    Suite *s = suite_create("tls13_client");
    TCase *matrix = tu_add_tcase(s, "matrix", 60);
    TCase *bulk = tu_add_tcase(s, "bulk", 90);
    TCase *features = tu_add_tcase(s, "features", 30);
    TCase *closing = tu_add_tcase(s, "closing", 30);
    TCase *failures = tu_add_tcase(s, "failures", 30);

    tcase_add_loop_test(matrix, test_matrix, 0, 18);
    tcase_add_test(matrix, test_hello_retry_request);
    tcase_add_loop_test(bulk, test_bulk, 0, 2);
    tcase_add_test(features, test_ciphersuites_honoured);
    tcase_add_test(features, test_tls13_method);
    tcase_add_test(features, test_nonblocking);
    tcase_add_test(features, test_peer_chain_and_session);
    tcase_add_test(features, test_client_cert_rsa_pss);
    tcase_add_test(features, test_client_cert_ecdsa);
    tcase_add_test(features, test_client_cert_requested_none);
    tcase_add_test(features, test_client_cert_required_missing);
    tcase_add_test(features, test_key_update_sent);
    tcase_add_test(features, test_key_update_received);
    tcase_add_test(features, test_key_update_refused);
    tcase_add_test(features, test_tls12_engine_answers);
    tcase_add_test(features, test_keylog_matches_s_server);
    tcase_add_test(features, test_exporter_matches_s_server);
    tcase_add_test(features, test_alpn);
    tcase_add_loop_test(features, test_sni, 0, 2);
    tcase_add_loop_test(features, test_gnutls_serv, 0, 2);
    tcase_add_test(closing, test_close_notify_from_server);
    tcase_add_test(closing, test_close_notify_to_server);
    tcase_add_loop_test(closing, test_truncation, 0, 2);
    tcase_add_test(failures, test_wrong_ca);
    tcase_add_test(failures, test_host_mismatch);
    tcase_add_test(failures, test_verify_none_keeps_result);
    tcase_add_test(failures, test_tls12_only_server);
    return s;
}

int main(void)
{
    int rc;

    strcpy(ec_dir, "/tmp/kuma-tls13c.XXXXXX");
    if (tu_gen_dir(ec_dir, ec_script, 60000) != 0)
        return 99;
    rc = tu_run_suite(tls13_client_suite(), CK_NORMAL);
    tu_rmtree(ec_dir);
    return rc;
}
