/*
 * Security levels (SSL_CTX_set_security_level, SSL_set_security_level),
 * compared with OpenSSL 3.0 on the certificates of tests/gen-verify-certs.sh.
 *
 * Our own certificate and chain are checked when loaded: each case loads
 * the same files into openssl s_server at a level (-cipher
 * DEFAULT:@SECLEVEL=N) and into a kumassl SSL_CTX, and the reasons must
 * agree ("ee key too small", "ca key too small", "ca md too weak", or
 * none). Then the getters, the SSL's own level, the loaders' variants, a
 * level raised after loading, and the peer's chain checked at the
 * connection's level against s_server.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"
#include "verify_cases.h"

/* The peer presenting a chain may need weak certificates loaded. */
#define ANY_LEVEL "DEFAULT:@SECLEVEL=0"

/* What openssl s_server says loading this certificate (and chain) at a level: its reason, or "". */
static void openssl_load_reason(const char *cert, const char *key, const char *chain, int level,
                                char *reason, size_t size)
{
    char cipher[32], accept[32];
    const char *args[] = { "s_server", "-accept", accept, "-naccept", "1", "-cert", cert, "-key", key,
                           "-cipher", cipher, chain ? "-cert_chain" : NULL, chain, NULL };
    const char *none[] = { NULL };
    const char *out, *p, *e;
    tu_proc *srv;

    snprintf(accept, sizeof(accept), "127.0.0.1:%d", tu_free_port());
    snprintf(cipher, sizeof(cipher), "DEFAULT:@SECLEVEL=%d", level);
    srv = tu_spawn_openssl_args(args, none);
    if (tu_proc_read_until(srv, "ACCEPT", TU_TIMEOUT_MS, NULL, 0) == 0) {
        reason[0] = '\0';
    } else {
        out = tu_proc_output(srv);
        /* ...:error:0A00018F:SSL routines:SSL_CTX_use_certificate:ee key too small:file:line: */
        p = strstr(out, "SSL routines:");
        ck_assert_msg(p != NULL, "s_server neither started nor said why:\n%s", out);
        p = strchr(p + strlen("SSL routines:"), ':');
        ck_assert_ptr_nonnull(p);
        e = strchr(++p, ':');
        snprintf(reason, size, "%.*s", (int)(e != NULL ? e - p : (long)strlen(p)), p);
    }
    tu_proc_free(srv);
}

/* The same files loaded into a kumassl SSL_CTX at that level: the reason of the failure, or "". */
static void kumassl_load_reason(const char *cert, const char *chain, int level, char *reason,
                                size_t size)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    STACK_OF(X509) *sk = chain != NULL ? vc_read_certs(chain) : NULL;
    int ok, i;

    SSL_CTX_set_security_level(ctx, level);
    ck_assert_int_eq(SSL_CTX_get_security_level(ctx), level);
    ok = SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM);
    for (i = 0; ok && sk != NULL && i < sk_X509_num(sk); i++)
        ok = SSL_CTX_add1_chain_cert(ctx, sk_X509_value(sk, i)) == 1;
    snprintf(reason, size, "%s", ok ? "" : ERR_reason_error_string(ERR_peek_error()));
    ck_assert_msg(ok || ERR_GET_LIB(ERR_peek_error()) == ERR_LIB_SSL, "%s", tu_queued_error());
    ERR_clear_error();
    sk_X509_pop_free(sk, X509_free);
    SSL_CTX_free(ctx);
}

typedef struct {
    const char *leaf, *chain;
    int level;
    const char *reason;         /* OpenSSL's, checked too: "" loads */
} load_case;

static const load_case LOAD_CASES[] = {
    { "rsa1024", NULL, 2, "ee key too small" },
    { "rsa1024", NULL, 1, "" },
    { "weakleaf", "weakint-cert.pem", 2, "ca key too small" },
    { "weakleaf", "weakint-cert.pem", 1, "" },
    { "sha1leaf", NULL, 1, "ca md too weak" },
    { "sha1leaf", NULL, 0, "" },
    { "leaf", "ica-only.pem", 2, "" },
    { "leaf", "ica-only.pem", 3, "" },
    { "leaf", NULL, 5, "ee key too small" },
    { "pssleaf", "pssint-only.pem", 2, "" },
    { "pssleaf", "pssint-only.pem", 3, "ca key too small" },
    { "psssha1", NULL, 1, "ca md too weak" },
    /* a self-signed certificate's own SHA-1 signature does not count */
    { "sha1root", NULL, 2, "" },
    { "leaf", "ica-sha1root.pem", 2, "" },
};

START_TEST(test_own_certificate_level)
{
    const load_case *l = &LOAD_CASES[_i];
    char cert[200], key[200], ossl[128], kuma[128];
    const char *chain = l->chain != NULL ? vc_path(l->chain) : NULL;

    snprintf(cert, sizeof(cert), "%s/%s-cert.pem", vc_dir, l->leaf);
    snprintf(key, sizeof(key), "%s/%s-key.pem", vc_dir, l->leaf);
    openssl_load_reason(cert, key, chain, l->level, ossl, sizeof(ossl));
    ck_assert_msg(strcmp(ossl, l->reason) == 0, "%s at level %d: openssl says \"%s\"", l->leaf,
                  l->level, ossl);
    kumassl_load_reason(cert, chain, l->level, kuma, sizeof(kuma));
    ck_assert_msg(strcmp(kuma, ossl) == 0, "%s at level %d: kumassl says \"%s\", openssl \"%s\"",
                  l->leaf, l->level, kuma, ossl);
}
END_TEST

/* The defaults, the SSL's own level, the chain file loader and SSL_use_certificate. */
START_TEST(test_level_api)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL *ssl;
    char path[200], *buf;
    size_t len;

    ck_assert_int_eq(SSL_CTX_get_security_level(ctx), 2);
    SSL_CTX_set_security_level(ctx, 1);
    ssl = SSL_new(ctx);
    ck_assert_int_eq(SSL_get_security_level(ssl), 1);
    SSL_CTX_set_security_level(ctx, 3);
    ck_assert_int_eq(SSL_get_security_level(ssl), 1);       /* copied at SSL_new, as OpenSSL */
    snprintf(path, sizeof(path), "%s/rsa1024-cert.pem", vc_dir);
    ck_assert_int_eq(SSL_use_certificate_file(ssl, path, SSL_FILETYPE_PEM), 1);
    SSL_set_security_level(ssl, 2);
    ck_assert_int_eq(SSL_get_security_level(ssl), 2);
    ck_assert_int_eq(SSL_use_certificate_file(ssl, path, SSL_FILETYPE_PEM), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_EE_KEY_TOO_SMALL);
    /* a chain file: the leaf as the EE, the rest as CAs */
    ck_assert_int_eq(SSL_CTX_use_certificate_chain_file(ctx, vc_path("weakchain.pem")), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_CA_KEY_TOO_SMALL);
    buf = tu_slurp(vc_path("weakchain.pem"), &len);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(SSL_CTX_use_certificate_chain_buffer(ctx, (unsigned char *)buf, (long)len), 0);
    tu_expect_error(ERR_LIB_SSL, SSL_R_CA_KEY_TOO_SMALL);
    SSL_CTX_set_security_level(ctx, 1);
    ck_assert_int_eq(SSL_CTX_use_certificate_chain_file(ctx, vc_path("weakchain.pem")), 1);
    ck_assert_int_eq(SSL_CTX_use_certificate_chain_buffer(ctx, (unsigned char *)buf, (long)len), 1);
    free(buf);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    /* NULL objects */
    SSL_CTX_set_security_level(NULL, 1);
    ck_assert_int_eq(SSL_CTX_get_security_level(NULL), 0);
    ck_assert_int_eq(SSL_get_security_level(NULL), 0);
}
END_TEST

/*
 * A level raised after loading: the server's handshake fails with the reason,
 * as OpenSSL's fails when it writes its Certificate message.
 */
START_TEST(test_level_raised_after_load)
{
    tu_conn conn = TU_CONN_INIT;
    const char *extra[] = { "-tls1_2", NULL };
    SSL_CTX *ctx = tu_rsa_server_ctx();     /* RSA 2048: 112 bits, loaded at level 2 */
    SSL *ssl;

    ck_assert_int_eq(tu_accept_s_client(&conn, ctx, extra), 1);
    tu_conn_close(&conn);
    /* the connection's own level */
    ctx = tu_rsa_server_ctx();
    ssl = SSL_new(ctx);
    SSL_set_security_level(ssl, 3);
    SSL_set_fd(ssl, 0);
    ck_assert_int_eq(SSL_accept(ssl), -1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_EE_KEY_TOO_SMALL);
    SSL_free(ssl);
    /* the context's, copied by SSL_new */
    SSL_CTX_set_security_level(ctx, 3);
    ssl = SSL_new(ctx);
    SSL_set_fd(ssl, 0);
    ck_assert_int_eq(SSL_accept(ssl), -1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_EE_KEY_TOO_SMALL);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}
END_TEST

/*
 * The same under TLS 1.3: a 1024-bit RSA certificate loaded at level 1
 * into a connection at level 2 fails with ee key too small. A TLS-1.3-only
 * server (_i 0, kumassl's engine alone) finds it as it takes its
 * credentials after the ClientHello, and the client reads internal_error,
 * the alert OpenSSL sends when its own chain fails the level. A default
 * server (_i 1) also starts BearSSL's engine for a TLS 1.2 client, which
 * refuses at once: SSL_accept fails before reading, as for TLS 1.2 above.
 */
START_TEST(test_level_raised_tls13)
{
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = tu_client_ctx(vc_path("root-cert.pem"));
    SSL *s, *c;
    BIO *sb, *cb;

    SSL_CTX_set_security_level(sctx, 1);
    SSL_CTX_set_security_level(cctx, 1);
    tu_use_cert_key(sctx, vc_path("rsa1024-cert.pem"), vc_path("rsa1024-key.pem"));
    if (_i == 0)
        ck_assert_int_eq(SSL_CTX_set_min_proto_version(sctx, TLS1_3_VERSION), 1);
    ck_assert_int_eq(SSL_CTX_set_min_proto_version(cctx, TLS1_3_VERSION), 1);
    s = SSL_new(sctx);
    c = SSL_new(cctx);
    SSL_set_security_level(s, 2);
    ck_assert_int_eq(BIO_new_bio_pair(&sb, 0, &cb, 0), 1);
    SSL_set_bio(s, sb, sb);
    SSL_set_bio(c, cb, cb);
    ck_assert_int_eq(SSL_connect(c), -1);                   /* ClientHello */
    ck_assert_int_eq(SSL_get_error(c, -1), SSL_ERROR_WANT_READ);
    ck_assert_int_eq(SSL_accept(s), -1);
    ck_assert_int_eq(SSL_get_error(s, -1), SSL_ERROR_SSL);
    tu_expect_error(ERR_LIB_SSL, SSL_R_EE_KEY_TOO_SMALL);
    if (_i == 0) {
        ck_assert_int_eq(SSL_connect(c), -1);
        ck_assert_int_eq(SSL_get_error(c, -1), SSL_ERROR_SSL);
        tu_expect_error(ERR_LIB_SSL, SSL_AD_REASON_OFFSET + SSL_AD_INTERNAL_ERROR);
    }
    SSL_free(s);
    SSL_free(c);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}
END_TEST

/* The peer's chain at the connection's level: kumassl's default 2 refuses a 1024-bit leaf. */
START_TEST(test_peer_level)
{
    static const struct { int level, err, alert; } L[] = {
        { -1, X509_V_ERR_EE_KEY_TOO_SMALL, SSL_AD_BAD_CERTIFICATE },   /* the default */
        { 1, X509_V_OK, 0 },
    };
    const char *extra[] = { "-tls1_2", "-cipher", ANY_LEVEL, "-cert_chain", vc_path("ica-only.pem"), NULL };
    size_t i;

    for (i = 0; i < sizeof(L) / sizeof(L[0]); i++) {
        tu_conn conn = TU_CONN_INIT;
        SSL_CTX *ctx = tu_client_ctx(vc_path("root-cert.pem"));
        int port = tu_start_s_server(&conn, vc_path("rsa1024-cert.pem"), vc_path("rsa1024-key.pem"), extra);
        char needle[32];

        if (L[i].level >= 0)
            SSL_CTX_set_security_level(ctx, L[i].level);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        tu_conn_open_client(&conn, port, ctx);
        ck_assert_int_eq(SSL_connect(conn.ssl) == 1, L[i].err == X509_V_OK);
        ck_assert_int_eq(SSL_get_verify_result(conn.ssl), L[i].err);
        if (L[i].alert != 0) {
            snprintf(needle, sizeof(needle), "SSL alert number %d", L[i].alert);
            tu_await_output(conn.peer, needle, NULL, 0);
        }
        tu_conn_close(&conn);
    }
}
END_TEST

static Suite *seclevel_suite(void)
{
    Suite *s = suite_create("seclevel");
    TCase *tc = tu_add_tcase(s, "levels", 60);

    tcase_add_loop_test(tc, test_own_certificate_level, 0, (int)(sizeof(LOAD_CASES) / sizeof(LOAD_CASES[0])));
    tcase_add_test(tc, test_level_api);
    tcase_add_test(tc, test_peer_level);
    tcase_add_test(tc, test_level_raised_after_load);
    tcase_add_loop_test(tc, test_level_raised_tls13, 0, 2);
    return s;
}

int main(void)
{
    return vc_run_suite(seclevel_suite);
}
