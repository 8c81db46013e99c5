/*
 * SSL_CTX and SSL configuration without any peer: constants, methods,
 * versions, options, modes, cipher strings, credentials, bad inputs.
 */
#include <check.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

START_TEST(test_constants)
{
    ck_assert_int_eq(SSL_ERROR_WANT_READ, 2);
    ck_assert_int_eq(SSL_ERROR_ZERO_RETURN, 6);
    ck_assert_int_eq(SSL_FILETYPE_PEM, 1);
    ck_assert_int_eq(SSL_FILETYPE_ASN1, 2);
    ck_assert_int_eq(TLS1_2_VERSION, 0x0303);
    ck_assert_int_eq(SSL_SUCCESS, 1);
    ck_assert_int_eq(SSL_FAILURE, 0);
    ck_assert_int_eq(OPENSSL_VERSION_MAJOR, 3);
    ck_assert(OPENSSL_VERSION_NUMBER >= 0x30000000L);
    ck_assert_int_eq(SSL_CTRL_SET_MIN_PROTO_VERSION, 123);
    ck_assert_int_eq(SSL_library_init(), 1);
    ck_assert_int_eq(SSL_load_error_strings(), 1);
    ck_assert_int_eq(OpenSSL_add_all_algorithms(), 1);
    ck_assert_int_eq(OpenSSL_add_ssl_algorithms(), 1);
    ck_assert_int_eq(OPENSSL_init_ssl(0, NULL), 1);
    ck_assert_ptr_nonnull(strstr(OpenSSL_version(OPENSSL_VERSION), "kumassl"));
    ck_assert_ptr_nonnull(strstr(OpenSSL_version(OPENSSL_VERSION), "BearSSL"));
}
END_TEST

START_TEST(test_methods)
{
    SSL_CTX *ctx;

    ck_assert_ptr_eq(SSLv23_method(), TLS_method());
    ck_assert_ptr_eq(SSLv23_client_method(), TLS_client_method());
    ck_assert_ptr_null(SSL_CTX_new(NULL));
    tu_expect_error(ERR_LIB_SSL, ERR_R_PASSED_NULL_PARAMETER);
    ctx = SSL_CTX_new(TLSv1_3_method());
    ck_assert_ptr_nonnull(ctx);
    ck_assert_int_eq(SSL_CTX_get_min_proto_version(ctx), TLS1_3_VERSION);
    ck_assert_int_eq(SSL_CTX_get_max_proto_version(ctx), TLS1_3_VERSION);
    SSL_CTX_free(ctx);
    ctx = SSL_CTX_new(TLSv1_2_client_method());
    ck_assert_ptr_nonnull(ctx);
    ck_assert_int_eq(SSL_CTX_get_min_proto_version(ctx), TLS1_2_VERSION);
    ck_assert_int_eq(SSL_CTX_get_max_proto_version(ctx), TLS1_2_VERSION);
    ck_assert_int_eq(SSL_CTX_up_ref(ctx), 1);
    SSL_CTX_free(ctx);
    SSL_CTX_free(ctx);
    SSL_CTX_free(NULL);
}
END_TEST

START_TEST(test_versions_options_modes)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    ck_assert_int_eq(SSL_CTX_get_min_proto_version(ctx), 0);
    ck_assert_int_eq(SSL_CTX_set_min_proto_version(ctx, TLS1_1_VERSION), 1);
    ck_assert_int_eq(SSL_CTX_get_min_proto_version(ctx), TLS1_1_VERSION);
    ck_assert_int_eq(SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION), 1);
    ck_assert_int_eq(SSL_CTX_get_max_proto_version(ctx), TLS1_3_VERSION);
    ck_assert_int_eq(SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION), 1);
    ck_assert_int_eq(SSL_CTX_get_min_proto_version(ctx), TLS1_3_VERSION);
    ck_assert_int_eq(SSL_CTX_set_min_proto_version(ctx, 0x0200), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_UNSUPPORTED_SSL_VERSION);

    ck_assert(SSL_CTX_get_options(ctx) & SSL_OP_NO_COMPRESSION);
    ck_assert(SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF) & SSL_OP_IGNORE_UNEXPECTED_EOF);
    ck_assert(!(SSL_CTX_clear_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF) & SSL_OP_IGNORE_UNEXPECTED_EOF));

    ck_assert(SSL_CTX_get_mode(ctx) & SSL_MODE_AUTO_RETRY);
    ck_assert(SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE) & SSL_MODE_ENABLE_PARTIAL_WRITE);
    ck_assert(!(SSL_CTX_clear_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE) & SSL_MODE_ENABLE_PARTIAL_WRITE));
    ck_assert_int_eq(SSL_CTX_ctrl(ctx, 9999, 0, NULL), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_INVALID_COMMAND);
    SSL_CTX_free(ctx);
}
END_TEST

START_TEST(test_cipher_lists)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    ck_assert_int_eq(SSL_CTX_set_cipher_list(ctx, "ECDHE-RSA-AES128-GCM-SHA256"), 1);
    ck_assert_int_eq(SSL_CTX_set_cipher_list(ctx, "HIGH:!aNULL:!MD5"), 1);
    ck_assert_int_eq(SSL_CTX_set_cipher_list(ctx, "ECDHE+AESGCM:ECDHE+CHACHA20"), 1);
    ck_assert_int_eq(SSL_CTX_set_cipher_list(ctx, "DEFAULT:@STRENGTH"), 1);
    ck_assert_int_eq(SSL_CTX_set_cipher_list(ctx, "NO-SUCH-SUITE"), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH);
    ck_assert_int_eq(SSL_CTX_set_cipher_list(ctx, "aNULL:RC4"), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH);
    ck_assert_int_eq(SSL_CTX_set_cipher_list(ctx, "ALL:!ECDHE:!kRSA"), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH);
    ck_assert_int_eq(SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256"), 1);
    ck_assert_str_eq(SSL_CIPHER_get_name(NULL), "(NONE)");
    SSL_CTX_free(ctx);
}
END_TEST

START_TEST(test_credentials)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    ck_assert_int_eq(SSL_CTX_check_private_key(ctx), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_NO_CERTIFICATE_ASSIGNED);
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, tu_cert("no-such-file.pem"), SSL_FILETYPE_PEM), 0);
    ck_assert_int_ne(ERR_peek_error(), 0);
    ERR_clear_error();
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, tu_cert("server-cert.pem"), 42), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_BAD_SSL_FILETYPE);
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, NULL, SSL_FILETYPE_PEM), 0);
    tu_expect_error(ERR_LIB_SSL, ERR_R_PASSED_NULL_PARAMETER);
    /* a key file given as a certificate: no certificate in it */
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, tu_cert("server-key.pem"), SSL_FILETYPE_PEM), 0);
    tu_expect_error(ERR_LIB_PEM, PEM_R_NO_START_LINE);

    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, tu_cert("server-cert.pem"), SSL_FILETYPE_PEM), 1);
    ck_assert_int_eq(SSL_CTX_check_private_key(ctx), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_NO_PRIVATE_KEY_ASSIGNED);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, tu_cert("server-ecdsa-key.pem"), SSL_FILETYPE_PEM), 0);
    ck_assert_int_ne(ERR_peek_error(), 0);
    ERR_clear_error();
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, tu_cert("server-key.pem"), SSL_FILETYPE_PEM), 1);
    ck_assert_int_eq(SSL_CTX_check_private_key(ctx), 1);
    ck_assert_ptr_nonnull(SSL_CTX_get0_certificate(ctx));
    ck_assert_ptr_nonnull(SSL_CTX_get0_privatekey(ctx));
    ck_assert_int_eq(SSL_CTX_use_certificate_chain_file(ctx, tu_cert("server-chain.pem")), 1);
    SSL_CTX_free(ctx);
}
END_TEST

/* Every queued error names its function; none is one of kumassl's kuma_* helpers. Returns the count. */
static int expect_openssl_functions(void)
{
    const char *file, *func, *data;
    int line, flags, n = 0;
    unsigned long e;

    while ((e = ERR_get_error_all(&file, &line, &func, &data, &flags)) != 0) {
        ck_assert_msg(func != NULL && *func != '\0', "error %08lx names no function", e);
        ck_assert_msg(strncmp(func, "kuma_", 5) != 0, "error %08lx names kumassl's %s", e, func);
        n++;
    }
    return n;
}

/* Users print ERR_error_string of what is queued: the function must be one OpenSSL names. */
START_TEST(test_error_functions)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    const char *func = NULL;
    unsigned long e;

    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, tu_cert("no-such-file.pem"), SSL_FILETYPE_PEM), 0);
    e = ERR_peek_error_func(&func);
    ck_assert_int_eq(ERR_GET_LIB(e), ERR_LIB_SYS);
    ck_assert_int_eq(ERR_GET_REASON(e), ENOENT);
    ck_assert_str_eq(func, "BIO_new_file");
    ck_assert_int_gt(expect_openssl_functions(), 0);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, tu_cert("no-such-file.pem"), SSL_FILETYPE_PEM), 0);
    ck_assert_int_gt(expect_openssl_functions(), 0);
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, tu_cert("no-such-file.pem"), NULL), 0);
    ck_assert_int_gt(expect_openssl_functions(), 0);
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, tu_cert("server-key.pem"), SSL_FILETYPE_PEM), 0);
    ck_assert_int_gt(expect_openssl_functions(), 0);
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, tu_cert("server-cert.pem"), SSL_FILETYPE_PEM), 1);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, tu_cert("server-ecdsa-key.pem"), SSL_FILETYPE_PEM), 0);
    ck_assert_int_eq(ERR_GET_LIB(ERR_peek_error_func(&func)), ERR_LIB_X509);
    ck_assert_str_eq(func, "X509_check_private_key");
    ck_assert_int_gt(expect_openssl_functions(), 0);
    ck_assert_int_eq(SSL_CTX_set_cipher_list(ctx, "NO-SUCH-SUITE"), 0);
    ck_assert_int_gt(expect_openssl_functions(), 0);
    SSL_CTX_free(ctx);
}
END_TEST

START_TEST(test_verify_locations)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    ck_assert_int_eq(SSL_CTX_get_verify_mode(ctx), SSL_VERIFY_PEER);
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, NULL, NULL), 0);
    tu_expect_error(ERR_LIB_SSL, ERR_R_PASSED_NULL_PARAMETER);
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, tu_cert("missing-ca.pem"), NULL), 0);
    ck_assert_int_ne(ERR_peek_error(), 0);
    ERR_clear_error();
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, tu_cert("ca-cert.pem"), NULL), 1);
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, NULL, tu_env("KUMA_CERTS", "tests/certs")), 1);
    setenv("SSL_CERT_FILE", tu_cert("ca-cert.pem"), 1);
    ck_assert_int_eq(SSL_CTX_set_default_verify_paths(ctx), 1);
    unsetenv("SSL_CERT_FILE");
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
    ck_assert_int_eq(SSL_CTX_get_verify_mode(ctx), SSL_VERIFY_NONE);
    SSL_CTX_set_verify_depth(ctx, 4);
    ck_assert_int_eq(SSL_CTX_get_verify_depth(ctx), 4);
    SSL_CTX_free(ctx);
}
END_TEST

START_TEST(test_ssl_objects)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;
    char buf[8];

    ck_assert_ptr_null(SSL_new(NULL));
    tu_expect_error(ERR_LIB_SSL, SSL_R_NULL_SSL_CTX);
    ssl = SSL_new(ctx);
    ck_assert_ptr_nonnull(ssl);
    ck_assert_ptr_eq(SSL_get_SSL_CTX(ssl), ctx);
    ck_assert_int_eq(SSL_set_fd(ssl, -1), 0);
    ERR_clear_error();
    ck_assert_int_eq(SSL_get_fd(ssl), -1);
    ck_assert_int_eq(SSL_set_fd(ssl, 7), 1);
    ck_assert_int_eq(SSL_get_fd(ssl), 7);
    ck_assert_int_eq(SSL_get_wfd(ssl), 7);
    ck_assert_ptr_null(SSL_get_current_cipher(ssl));
    ck_assert_int_eq(SSL_is_init_finished(ssl), 0);
    /* no role chosen yet */
    ck_assert_int_eq(SSL_do_handshake(ssl), -1);
    ck_assert_int_eq(SSL_get_error(ssl, -1), SSL_ERROR_SSL);
    tu_expect_error(ERR_LIB_SSL, SSL_R_CONNECTION_TYPE_NOT_SET);
    ck_assert_int_eq(SSL_shutdown(ssl), -1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_SHUTDOWN_WHILE_IN_INIT);
    ck_assert_int_eq(SSL_read(ssl, buf, -1), -1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
    ck_assert_int_eq(SSL_set_tlsext_host_name(ssl, "example.com"), 1);
    SSL_set_connect_state(ssl);
    ck_assert_str_eq(SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name), "example.com");
    ck_assert_int_eq(SSL_get_verify_mode(ssl), SSL_VERIFY_PEER);
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_OK);
    ck_assert_int_eq(SSL_set1_host(ssl, "example.com"), 1);
    ck_assert_int_eq(SSL_set_min_proto_version(ssl, TLS1_2_VERSION), 1);
    ck_assert_str_eq(SSL_get_version(ssl), "TLSv1.2");
    ck_assert_int_eq(SSL_set_cipher_list(ssl, "nothing-at-all"), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH);
    SSL_free(ssl);
    SSL_free(NULL);
    SSL_CTX_free(ctx);
}
END_TEST

/* A server without credentials fails its handshake with a reason that says so. */
START_TEST(test_server_without_cert)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL *ssl = SSL_new(ctx);

    SSL_set_fd(ssl, 0);
    ck_assert_int_eq(SSL_accept(ssl), -1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_NO_CERTIFICATE_ASSIGNED);
    /* a retry after a failed start fails again, without touching a dead engine */
    ck_assert_int_eq(SSL_accept(ssl), -1);
    ck_assert_int_eq(SSL_get_error(ssl, -1), SSL_ERROR_SSL);
    ck_assert_int_eq(SSL_connect(ssl), -1);
    tu_expect_error(ERR_LIB_SSL, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}
END_TEST

/* Cipher getters and SSL_CONF, as nginx and lighttpd use them (issue 14). */
START_TEST(test_cipher_getters_and_conf)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    STACK_OF(SSL_CIPHER) *sk;
    SSL_CONF_CTX *cc = SSL_CONF_CTX_new();
    const SSL_CIPHER *c;
    const unsigned char id[2] = { 0xC0, 0x2F };
    char desc[128];
    int i;

    /* the digest words name the MAC (OpenSSL's meaning): AEAD suites stay */
    ck_assert_int_eq(SSL_CTX_set_cipher_list(ctx, "EECDH+AESGCM:CHACHA20:!SHA1:!SHA256:!SHA384"), 1);
    sk = SSL_CTX_get_ciphers(ctx);
    ck_assert_int_eq(sk_SSL_CIPHER_num(sk), 6);
    ck_assert_ptr_eq(SSL_CTX_get_ciphers(ctx), sk);            /* stable until the list changes */
    for (i = 0; i < sk_SSL_CIPHER_num(sk); i++)
        ck_assert_int_eq(SSL_CIPHER_is_aead(sk_SSL_CIPHER_value(sk, i)), 1);
    c = SSL_CIPHER_find(NULL, id);
    ck_assert_str_eq(SSL_CIPHER_get_name(c), "ECDHE-RSA-AES128-GCM-SHA256");
    ck_assert_int_eq(SSL_CIPHER_get_kx_nid(c), NID_kx_ecdhe);
    ck_assert_int_eq(SSL_CIPHER_get_auth_nid(c), NID_auth_rsa);
    ck_assert_int_eq(SSL_CIPHER_get_cipher_nid(c), NID_aes_128_gcm);
    ck_assert_ptr_nonnull(SSL_CIPHER_description(c, desc, sizeof(desc)));
    ck_assert_ptr_nonnull(strstr(desc, "Kx=ECDH"));
    ck_assert_ptr_nonnull(strstr(desc, "Enc=AESGCM(128)"));
    /* SSL_CONF: file-style names */
    SSL_CONF_CTX_set_ssl_ctx(cc, ctx);
    SSL_CONF_CTX_set_flags(cc, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_SHOW_ERRORS);
    ck_assert_int_eq(SSL_CONF_cmd(cc, "MinProtocol", "TLSv1.2"), 2);
    ck_assert_int_eq(SSL_CTX_get_min_proto_version(ctx), TLS1_2_VERSION);
    ck_assert_int_eq(SSL_CONF_cmd(cc, "Options", "ServerPreference,-SessionTicket"), 2);
    ck_assert(SSL_CTX_get_options(ctx) & SSL_OP_CIPHER_SERVER_PREFERENCE);
    ck_assert(SSL_CTX_get_options(ctx) & SSL_OP_NO_TICKET);
    ck_assert_int_eq(SSL_CONF_cmd(cc, "CipherString", "ECDHE+CHACHA20"), 2);
    ck_assert_int_eq(sk_SSL_CIPHER_num(SSL_CTX_get_ciphers(ctx)), 2);
    ck_assert_int_eq(SSL_CONF_cmd(cc, "Groups", "X25519:P-256:X448"), 2);     /* X448 skipped */
    ck_assert_int_eq(SSL_CONF_cmd(cc, "NoSuchCommand", "x"), -2);
    tu_expect_error(ERR_LIB_SSL, SSL_R_UNKNOWN_CMD_NAME);
    ck_assert_int_eq(SSL_CONF_cmd(cc, "MinProtocol", "TLSv9"), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_BAD_VALUE);
    ck_assert_int_eq(SSL_CONF_cmd(cc, "Certificate", tu_cert("server-cert.pem")), -2);   /* needs FLAG_CERTIFICATE */
    ERR_clear_error();
    ck_assert_int_eq(SSL_CONF_CTX_finish(cc), 1);
    SSL_CONF_CTX_free(cc);
    /* quiet shutdown: nothing sent, closed both ways */
    SSL_CTX_set_quiet_shutdown(ctx, 1);
    {
        SSL *s = SSL_new(ctx);

        ck_assert_int_eq(SSL_get_quiet_shutdown(s), 1);
        ck_assert_int_eq(SSL_shutdown(s), 1);
        ck_assert_int_eq(SSL_get_shutdown(s), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
        SSL_free(s);
    }
    SSL_CTX_free(ctx);
}
END_TEST

static Suite *ctx_suite(void)
{
    Suite *s = suite_create("ctx");
    TCase *tc = tu_add_tcase(s, "config", 0);

    tcase_add_test(tc, test_constants);
    tcase_add_test(tc, test_methods);
    tcase_add_test(tc, test_error_functions);
    tcase_add_test(tc, test_versions_options_modes);
    tcase_add_test(tc, test_cipher_lists);
    tcase_add_test(tc, test_credentials);
    tcase_add_test(tc, test_verify_locations);
    tcase_add_test(tc, test_ssl_objects);
    tcase_add_test(tc, test_server_without_cert);
    tcase_add_test(tc, test_cipher_getters_and_conf);
    return s;
}

int main(void)
{
    return tu_run_suite(ctx_suite(), CK_NORMAL);
}
