/*
 * check_tls13_psk_interop.c -- TLS 1.3 external PSKs through OpenSSL's API
 * against the real OpenSSL peers:
 *
 *   - a kumassl client with the TLS 1.2 PSK callback or a use-session
 *     callback against `openssl s_server -tls1_3 -nocert -psk KEY`: the
 *     handshake uses the PSK (no certificate; a SHA-256 suite, as OpenSSL's
 *     server prefers; s_server and kumassl both report the session reused),
 *     and data goes both ways; a wrong key fails with the alert s_server
 *     sends (illegal_parameter in OpenSSL 3.0) and s_server's reason
 *     (binder does not verify); after a HelloRetryRequest (s_server -groups
 *     P-384) the second ClientHello's binder is right too;
 *   - a kumassl server with no certificate and the TLS 1.2 PSK callback or
 *     a find-session callback against `openssl s_client -tls1_3 -psk KEY`:
 *     SSL_get_psk_identity, reuse on both sides (s_client prints "Reused");
 *     a wrong key is refused (SSL_R_BINDER_DOES_NOT_VERIFY, s_client sees
 *     illegal_parameter); a client without a PSK is refused as OpenSSL's
 *     -nocert server refuses it (handshake_failure, no suitable signature
 *     algorithm); an unknown identity falls back to the certificate when
 *     the server has one;
 *   - a kumassl client with a PSK callback against a certificate-only TLS
 *     1.3 s_server connects over the certificate (the PSK ignored);
 *   - psk_ke, which no OpenSSL client offers alone: a ClientHello built with
 *     the engine's own pieces (offering psk_ke only, no key share) gets a
 *     ServerHello selecting the PSK without a key share from a server with
 *     SSL_OP_ALLOW_NO_DHE_KEX; without the option the server refuses it
 *     (its certificate-less handshake has nothing else to offer);
 *   - a hostile ClientHello announcing early data without any PSK, then an
 *     application data record: rejected and skipped up to
 *     SSL_set_recv_max_early_data bytes, bad_record_mac past that.
 */
#include <check.h>

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tls13/psk_int.h"
#include "testutil.h"

#define TEST_TIMEOUT_S 20
#define PSK_HEX "1a2b3c4d"
#define WRONG_HEX "0badc0de"
#define IDENTITY "Client_identity"      /* s_server's and s_client's default */
#define SESSION_IDENTITY "kuma-session-psk"

static const unsigned char psk_key[] = { 0x1a, 0x2b, 0x3c, 0x4d };

/* ------------------------------------------------- callbacks */

static unsigned int legacy_client_cb(SSL *ssl, const char *hint, char *identity,
                                     unsigned int max_identity_len, unsigned char *psk,
                                     unsigned int max_psk_len)
{
    (void)ssl;
    ck_assert_ptr_null(hint);           /* TLS 1.3 has no hint */
    ck_assert_uint_ge(max_psk_len, sizeof psk_key);
    snprintf(identity, max_identity_len, "%s", IDENTITY);
    memcpy(psk, psk_key, sizeof psk_key);
    return sizeof psk_key;
}

static unsigned int legacy_server_cb(SSL *ssl, const char *identity, unsigned char *psk,
                                     unsigned int max_psk_len)
{
    (void)ssl;
    if (strcmp(identity, IDENTITY) != 0 || max_psk_len < sizeof psk_key)
        return 0;
    memcpy(psk, psk_key, sizeof psk_key);
    return sizeof psk_key;
}

/* A TLS 1.3 PSK session for TLS_AES_128_GCM_SHA256 with psk_key. */
static SSL_SESSION *psk_session(SSL *ssl)
{
    static const unsigned char aes128[] = { 0x13, 0x01 };
    SSL_SESSION *sess = SSL_SESSION_new();

    ck_assert_ptr_nonnull(sess);
    ck_assert_int_eq(SSL_SESSION_set1_master_key(sess, psk_key, sizeof psk_key), 1);
    ck_assert_int_eq(SSL_SESSION_set_cipher(sess, SSL_CIPHER_find(ssl, aes128)), 1);
    ck_assert_int_eq(SSL_SESSION_set_protocol_version(sess, TLS1_3_VERSION), 1);
    return sess;
}

static int use_session_cb(SSL *ssl, const EVP_MD *md, const unsigned char **id, size_t *idlen,
                          SSL_SESSION **sess)
{
    if (md != NULL && md != EVP_sha256()) {
        *sess = NULL;
        return 1;
    }
    *id = (const unsigned char *)SESSION_IDENTITY;
    *idlen = strlen(SESSION_IDENTITY);
    *sess = psk_session(ssl);
    return 1;
}

static int find_session_cb(SSL *ssl, const unsigned char *id, size_t idlen, SSL_SESSION **sess)
{
    *sess = idlen == strlen(SESSION_IDENTITY) && memcmp(id, SESSION_IDENTITY, idlen) == 0
            ? psk_session(ssl) : NULL;
    return 1;
}

/* ------------------------------------------------- helpers */

/* `openssl s_server -tls1_3 -nocert -psk key` (identity id, extra arguments) for one connection. */
static int start_psk_s_server_args(tu_conn *c, const char *key, const char *id,
                                   const char *const extra[])
{
    int port = tu_free_port();
    char accept[32];
    const char *fixed[] = { "s_server", "-accept", accept, "-naccept", "1", "-tls1_3",
                            "-nocert", "-psk", key, "-psk_identity", id, NULL };

    ck_assert_int_gt(port, 0);
    snprintf(accept, sizeof(accept), "127.0.0.1:%d", port);
    c->peer = tu_spawn_openssl_args(fixed, extra);
    tu_await_output(c->peer, "ACCEPT", NULL, 0);
    return port;
}

/* The same without extra arguments; returns the port. */
static int start_psk_s_server(tu_conn *c, const char *key, const char *id)
{
    return start_psk_s_server_args(c, key, id, (const char *const[]){ NULL });
}

/* A client SSL_CTX (default method and range) with one of the PSK callbacks. */
static SSL_CTX *psk_client_ctx(int use_session)
{
    SSL_CTX *ctx = tu_ca_client_ctx();

    if (use_session)
        SSL_CTX_set_psk_use_session_callback(ctx, use_session_cb);
    else
        SSL_CTX_set_psk_client_callback(ctx, legacy_client_cb);
    return ctx;
}

/* A server SSL_CTX with no certificate and one of the PSK callbacks. */
static SSL_CTX *psk_server_ctx(int find_session)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    ck_assert_ptr_nonnull(ctx);
    if (find_session)
        SSL_CTX_set_psk_find_session_callback(ctx, find_session_cb);
    else
        SSL_CTX_set_psk_server_callback(ctx, legacy_server_cb);
    return ctx;
}

/* A line each way over c once the handshake is done. */
static void exchange(tu_conn *c, const char *who)
{
    char buf[64];
    int r;

    ck_assert_int_eq(SSL_write(c->ssl, "psk data\n", 9), 9);
    tu_await_output(c->peer, "psk data", NULL, 0);
    tu_send_line(c->peer, who, "from openssl\n");
    r = SSL_read(c->ssl, buf, sizeof(buf) - 1);
    ck_assert_int_gt(r, 0);
    buf[r] = '\0';
    ck_assert_str_eq(buf, "from openssl\n");
}

static int has_peer_certificate(SSL *ssl)
{
    X509 *peer = SSL_get1_peer_certificate(ssl);

    X509_free(peer);
    return peer != NULL;
}

/* The handshake used the PSK: TLS 1.3, a SHA-256 suite, no certificate, reused. */
static void expect_psk_handshake(SSL *ssl)
{
    const SSL_CIPHER *cipher = SSL_get_current_cipher(ssl);

    ck_assert_int_eq(SSL_version(ssl), TLS1_3_VERSION);
    ck_assert_ptr_nonnull(cipher);
    ck_assert_ptr_eq(SSL_CIPHER_get_handshake_digest(cipher), EVP_sha256());
    ck_assert_int_eq(has_peer_certificate(ssl), 0);
    ck_assert_int_eq(SSL_session_reused(ssl), 1);
}

/* ------------------------------------------------- kumassl client, s_server */

/* Loop 0: the TLS 1.2 callback (identity Client_identity); 1: a use-session callback. */
START_TEST(client_psk_s_server)
{
    tu_conn c = TU_CONN_INIT;
    int port = start_psk_s_server(&c, PSK_HEX, _i ? SESSION_IDENTITY : IDENTITY);

    tu_conn_open_client(&c, port, psk_client_ctx(_i));
    ck_assert_msg(SSL_connect(c.ssl) == 1, "SSL_connect: %s", tu_queued_error());
    expect_psk_handshake(c.ssl);
    ck_assert_int_eq(SSL_get_verify_result(c.ssl), X509_V_OK);
    tu_await_output(c.peer, "Reused session-id", NULL, 0);
    exchange(&c, "s_server");
    tu_conn_close(&c);
}
END_TEST

/* s_server takes P-384 only: a HelloRetryRequest, then the binder over ClientHello1's hash and the retry. */
START_TEST(client_psk_after_retry)
{
    static const char *const args[] = { "-groups", "P-384", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = start_psk_s_server_args(&c, PSK_HEX, IDENTITY, args);

    tu_conn_open_client(&c, port, psk_client_ctx(0));
    ck_assert_msg(SSL_connect(c.ssl) == 1, "SSL_connect: %s", tu_queued_error());
    ck_assert_int_eq(SSL_version(c.ssl), TLS1_3_VERSION);
    ck_assert_int_eq(SSL_session_reused(c.ssl), 1);
    ck_assert_int_eq(SSL_get_negotiated_group(c.ssl), NID_secp384r1);
    exchange(&c, "s_server");
    tu_conn_close(&c);
}
END_TEST

/* Another key: s_server's binder check fails; kumassl reports its alert. */
START_TEST(client_psk_wrong_key)
{
    tu_conn c = TU_CONN_INIT;
    int port = start_psk_s_server(&c, WRONG_HEX, IDENTITY);

    tu_conn_open_client(&c, port, psk_client_ctx(0));
    ck_assert_int_ne(SSL_connect(c.ssl), 1);
    ck_assert_int_eq(SSL_get_error(c.ssl, -1), SSL_ERROR_SSL);
    tu_expect_error(ERR_LIB_SSL, SSL_AD_REASON_OFFSET + SSL_AD_ILLEGAL_PARAMETER);
    tu_await_output(c.peer, "binder does not verify", NULL, 0);
    tu_conn_close(&c);
}
END_TEST

/* A PSK callback and a certificate-only TLS 1.3 server: the certificate is used. */
START_TEST(client_psk_certificate_server)
{
    static const char *const args[] = { "-tls1_3", NULL };
    tu_conn c = TU_CONN_INIT;
    int port = tu_start_s_server(&c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), args);

    tu_conn_open_client(&c, port, psk_client_ctx(0));
    ck_assert_msg(SSL_connect(c.ssl) == 1, "SSL_connect: %s", tu_queued_error());
    ck_assert_int_eq(SSL_version(c.ssl), TLS1_3_VERSION);
    ck_assert_int_eq(has_peer_certificate(c.ssl), 1);
    ck_assert_int_eq(SSL_session_reused(c.ssl), 0);
    exchange(&c, "s_server");
    tu_conn_close(&c);
}
END_TEST

/* ------------------------------------------------- kumassl server, s_client */

/* Loop 0: the TLS 1.2 callback; 1: a find-session callback (s_client -psk_identity). */
START_TEST(server_psk_s_client)
{
    const char *const args[] = { "-tls1_3", "-psk", PSK_HEX, "-psk_identity",
                                 _i ? SESSION_IDENTITY : IDENTITY, NULL };
    tu_conn c = TU_CONN_INIT;

    ck_assert_msg(tu_accept_s_client(&c, psk_server_ctx(_i), args) == 1, "SSL_accept: %s",
                  tu_queued_error());
    expect_psk_handshake(c.ssl);
    ck_assert_str_eq(SSL_get_psk_identity(c.ssl), _i ? SESSION_IDENTITY : IDENTITY);
    ck_assert_ptr_null(SSL_get_psk_identity_hint(c.ssl));
    tu_await_output(c.peer, "Reused, TLSv1.3", NULL, 0);
    exchange(&c, "s_client");
    tu_conn_close(&c);
}
END_TEST

/* The server takes P-384 only: s_client's X25519 share gets a HelloRetryRequest, its second ClientHello's binder is checked. */
START_TEST(server_psk_after_retry)
{
    static const char *const args[] = { "-tls1_3", "-psk", PSK_HEX, NULL };
    SSL_CTX *ctx = psk_server_ctx(0);
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, "P-384"), 1);
    ck_assert_msg(tu_accept_s_client(&c, ctx, args) == 1, "SSL_accept: %s", tu_queued_error());
    expect_psk_handshake(c.ssl);
    ck_assert_int_eq(SSL_get_negotiated_group(c.ssl), NID_secp384r1);
    tu_await_output(c.peer, "Reused, TLSv1.3", NULL, 0);
    exchange(&c, "s_client");
    tu_conn_close(&c);
}
END_TEST

START_TEST(server_psk_wrong_key)
{
    static const char *const args[] = { "-tls1_3", "-psk", WRONG_HEX, NULL };
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_ne(tu_accept_s_client(&c, psk_server_ctx(0), args), 1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_BINDER_DOES_NOT_VERIFY);
    ck_assert_ptr_null(SSL_get_psk_identity(c.ssl));
    tu_expect_peer_saw(&c, "alert illegal parameter");
    tu_conn_close(&c);
}
END_TEST

/* No PSK offered to a server without a certificate: refused as OpenSSL's -nocert server does. */
START_TEST(server_psk_client_without_psk)
{
    static const char *const args[] = { "-tls1_3", NULL };
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_ne(tu_accept_s_client(&c, psk_server_ctx(0), args), 1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM);
    tu_expect_peer_saw(&c, "alert handshake failure");
    tu_conn_close(&c);
}
END_TEST

/* An identity the server's callback does not know: its certificate then. */
START_TEST(server_psk_unknown_identity)
{
    static const char *const args[] = { "-tls1_3", "-psk", PSK_HEX, "-psk_identity", "stranger",
                                        NULL };
    SSL_CTX *ctx = tu_server_ctx(tu_cert("server-cert.pem"), tu_cert("server-key.pem"));
    tu_conn c = TU_CONN_INIT;

    SSL_CTX_set_psk_server_callback(ctx, legacy_server_cb);
    ck_assert_msg(tu_accept_s_client(&c, ctx, args) == 1, "SSL_accept: %s", tu_queued_error());
    ck_assert_int_eq(SSL_session_reused(c.ssl), 0);
    ck_assert_ptr_null(SSL_get_psk_identity(c.ssl));
    tu_await_output(c.peer, "New, TLSv1.3", NULL, 0);
    exchange(&c, "s_client");
    tu_conn_close(&c);
}
END_TEST

/* ---- psk_ke, with a ClientHello of our own ---- */

/* A ClientHello record offering the legacy PSK (Client_identity, SHA-256) with psk_ke only. */
static size_t psk_ke_client_hello(unsigned char *rec, size_t cap)
{
    static const uint16_t suites[] = { 0x1301 }, groups[] = { 0x001d }, sig_algs[] = { 0x0804 };
    static const unsigned char random[32] = { 7 };
    kuma13_client_hello_params p;
    kuma13_psk_entry entry = { (const unsigned char *)IDENTITY, strlen(IDENTITY), 0, 32 };
    kuma13_schedule early;
    unsigned char key[KUMA13_MAX_HASH], binder[KUMA13_MAX_HASH];
    size_t len, truncated;
    kuma13_wr w;

    memset(&p, 0, sizeof p);
    p.random = random;
    p.suites = suites;
    p.num_suites = 1;
    p.groups = groups;
    p.num_groups = 1;
    p.sig_algs = sig_algs;
    p.num_sig_algs = 1;
    p.psk_modes = KUMA13_MODE_PSK_KE;
    kuma13_wr_init(&w, rec + 5, cap - 5);
    kuma13_write_client_hello(&w, &p);
    ck_assert_int_eq(w.err, 0);
    len = w.len;
    ck_assert_int_eq(kuma13_client_hello_add_psk(rec + 5, &len, cap - 5, &entry, 1, &truncated), 0);
    kuma13_schedule_early(&early, &br_sha256_vtable, psk_key, sizeof psk_key);
    kuma13_psk_binder_key(&early, 1, key);
    kuma13_psk_binder(&br_sha256_vtable, key, NULL, rec + 5, truncated, binder);
    ck_assert_int_eq(kuma13_psk_set_binder(rec + 5, len, 0, binder, 32), 0);
    rec[0] = 22;
    rec[1] = 3;
    rec[2] = 1;
    rec[3] = (unsigned char)(len >> 8);
    rec[4] = (unsigned char)len;
    return 5 + len;
}

/* 1 when the ServerHello in the record at out (n bytes) has extension type. */
static int server_hello_has(const unsigned char *out, size_t n, unsigned type)
{
    kuma13_server_hello sh;

    ck_assert_uint_gt(n, 9);
    ck_assert_int_eq(out[0], 22);
    ck_assert_int_eq(out[5], KUMA13_HS_SERVER_HELLO);
    ck_assert_int_eq(kuma13_parse_server_hello(out + 9, ((size_t)out[3] << 8 | out[4]) - 4, &sh), 0);
    return KUMA13_HAS(&sh.exts, type);
}

/* Loop 0: SSL_OP_ALLOW_NO_DHE_KEX, the PSK used with psk_ke; 1: without it, refused. */
START_TEST(server_psk_ke)
{
    SSL_CTX *ctx = psk_server_ctx(0);
    unsigned char rec[1024], out[4096];
    size_t n = psk_ke_client_hello(rec, sizeof rec);
    int sv[2];
    ssize_t got;
    SSL *s;

    if (_i == 0)
        SSL_CTX_set_options(ctx, SSL_OP_ALLOW_NO_DHE_KEX);
    s = SSL_new(ctx);
    tu_socketpair(sv, TU_IO_TIMEOUT_MS);
    ck_assert_int_eq(write(sv[1], rec, n), (ssize_t)n);
    shutdown(sv[1], SHUT_WR);
    ck_assert_int_eq(SSL_set_fd(s, sv[0]), 1);
    ck_assert_int_eq(SSL_accept(s), -1);        /* the client goes no further */
    if (_i == 1)
        tu_expect_error(ERR_LIB_SSL, SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM);
    got = read(sv[1], out, sizeof out);
    ck_assert_int_gt(got, 0);
    if (_i == 0) {
        ck_assert_int_eq(server_hello_has(out, (size_t)got, KUMA13_EXT_PRE_SHARED_KEY), 1);
        ck_assert_int_eq(server_hello_has(out, (size_t)got, KUMA13_EXT_KEY_SHARE), 0);
        ck_assert_str_eq(SSL_get_psk_identity(s), IDENTITY);
    } else {
        ck_assert_int_eq(out[0], 21);           /* an alert: handshake_failure */
        ck_assert_int_eq(out[6], SSL_AD_HANDSHAKE_FAILURE);
    }
    ERR_clear_error();
    SSL_free(s);
    close(sv[0]);
    close(sv[1]);
    SSL_CTX_free(ctx);
}
END_TEST

/* ---- early data nobody invited ---- */

/*
 * A ClientHello announcing early data with no PSK (an X25519 share), then
 * an application data record of body bytes, then EOF.
 */
static size_t uninvited_early_data(unsigned char *rec, size_t cap, size_t body)
{
    static const uint16_t suites[] = { 0x1301 }, groups[] = { 0x001d }, sig_algs[] = { 0x0804 };
    static const unsigned char random[32] = { 9 };
    kuma13_client_hello_params p;
    kuma13_keyshare ks;
    kuma13_key_share share;
    kuma13_wr w;
    size_t n;

    ck_assert_int_eq(kuma13_keyshare_make(&ks, 0x001d), 1);
    share.group = ks.group;
    share.pub = ks.pub;
    share.pub_len = ks.pub_len;
    memset(&p, 0, sizeof p);
    p.random = random;
    p.suites = suites;
    p.num_suites = 1;
    p.groups = groups;
    p.num_groups = 1;
    p.sig_algs = sig_algs;
    p.num_sig_algs = 1;
    p.shares = &share;
    p.num_shares = 1;
    p.early_data = 1;
    kuma13_wr_init(&w, rec + 5, cap - 5);
    kuma13_write_client_hello(&w, &p);
    ck_assert_int_eq(w.err, 0);
    rec[0] = 22;
    rec[1] = 3;
    rec[2] = 1;
    rec[3] = (unsigned char)(w.len >> 8);
    rec[4] = (unsigned char)w.len;
    n = 5 + w.len;
    ck_assert_uint_le(n + 5 + body, cap);
    rec[n] = 23;
    rec[n + 1] = 3;
    rec[n + 2] = 3;
    rec[n + 3] = (unsigned char)(body >> 8);
    rec[n + 4] = (unsigned char)body;
    memset(rec + n + 5, 0x5a, body);
    kuma13_keyshare_clear(&ks);
    return n + 5 + body;
}

/*
 * Loop 0: 100 bytes of it are skipped (the record does not open; rejected
 * early data): the handshake then ends at EOF, not on the record. 1: more
 * than SSL_set_recv_max_early_data (64 here) is bad_record_mac.
 */
START_TEST(server_uninvited_early_data)
{
    SSL_CTX *ctx = tu_rsa_server_ctx();
    unsigned char rec[2048];
    size_t n = uninvited_early_data(rec, sizeof rec, 100), got = 0;
    char buf[16];
    int sv[2];
    SSL *s;

    ck_assert_int_eq(SSL_CTX_set_max_early_data(ctx, 16384), 1);
    s = SSL_new(ctx);
    ck_assert_int_eq(SSL_set_recv_max_early_data(s, _i ? 64 : 16384), 1);
    tu_socketpair(sv, TU_IO_TIMEOUT_MS);
    ck_assert_int_eq(write(sv[1], rec, n), (ssize_t)n);
    shutdown(sv[1], SHUT_WR);
    ck_assert_int_eq(SSL_set_fd(s, sv[0]), 1);
    ck_assert_int_eq(SSL_read_early_data(s, buf, sizeof buf, &got), SSL_READ_EARLY_DATA_ERROR);
    ck_assert_uint_eq(got, 0);
    ck_assert_int_eq(SSL_get_early_data_status(s), SSL_EARLY_DATA_REJECTED);
    tu_expect_error(ERR_LIB_SSL, _i ? SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC
                                    : SSL_R_UNEXPECTED_EOF_WHILE_READING);
    SSL_free(s);
    close(sv[0]);
    close(sv[1]);
    SSL_CTX_free(ctx);
}
END_TEST

static Suite *psk_interop_suite(void)
{
    Suite *s = suite_create("tls13_psk_interop");
    TCase *tc = tu_add_tcase(s, "client", TEST_TIMEOUT_S);

    tcase_add_loop_test(tc, client_psk_s_server, 0, 2);
    tcase_add_test(tc, client_psk_wrong_key);
    tcase_add_test(tc, client_psk_after_retry);
    tcase_add_test(tc, client_psk_certificate_server);
    tc = tu_add_tcase(s, "server", TEST_TIMEOUT_S);
    tcase_add_loop_test(tc, server_psk_s_client, 0, 2);
    tcase_add_test(tc, server_psk_wrong_key);
    tcase_add_test(tc, server_psk_after_retry);
    tcase_add_test(tc, server_psk_client_without_psk);
    tcase_add_test(tc, server_psk_unknown_identity);
    tcase_add_loop_test(tc, server_psk_ke, 0, 2);
    tcase_add_loop_test(tc, server_uninvited_early_data, 0, 2);
    return s;
}

int main(void)
{
    return tu_run_suite(psk_interop_suite(), CK_ENV);
}
