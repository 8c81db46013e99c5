/*
 * RFC 5280 verification through real TLS 1.2 handshakes, compared with
 * OpenSSL 3.0 on the same certificates (tests/gen-verify-certs.sh, every
 * case of verify_cases.c).
 *
 * For each case, OpenSSL's own answers come first, in both roles: openssl
 * s_server -Verify (the case's CA file, CRLs and options) checking the chain
 * openssl s_client presents, and s_client -verify_return_error (the same
 * settings) checking s_server presenting it -- the verify error and depth
 * each prints, and the alert the other hears. Then kumassl must give the
 * same error, depth and alert as a server checking that s_client, and as a
 * client checking that s_server. Where neither the level nor the role's
 * purpose decides, both must also agree with `openssl verify`.
 *
 * Then: verify callbacks in handshakes (an override to X509_V_OK sticks; a
 * callback that accepts keeps the error, as s_client without
 * -verify_return_error reports it; a refusal of a good chain), purposes,
 * and a server with SSL_VERIFY_PEER and no CA (OpenSSL asks anyway and
 * fails the client's certificate). Security levels: check_seclevel.c.
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

typedef struct {
    int err, depth;     /* the first verification error (X509_V_OK: none) */
    int alert;          /* the alert the peer heard; 0: the handshake completed */
} verdict;

static char cert_of[200], key_of[200], chain_of[200];

/* Fills cert_of / key_of / chain_of for a case; chain_of is "" without untrusted certificates. */
static void case_files(const vcase *c)
{
    snprintf(cert_of, sizeof(cert_of), "%s/%s-cert.pem", vc_dir, c->leaf);
    snprintf(key_of, sizeof(key_of), "%s/%s-key.pem", vc_dir, c->leaf);
    snprintf(chain_of, sizeof(chain_of), "%s", c->untrusted != NULL ? vc_path(c->untrusted) : "");
}

/* Appends the case's options, then NULL, to argv from n; returns the new count. */
static int add_opts(const vcase *c, char *buf, size_t size, const char **argv, int n)
{
    n += vc_split_opts(c->opts, buf, size, (char **)argv + n, 8);
    argv[n] = NULL;
    return n;
}

/* The number after needle in out, or 0 when needle is not there. */
static int number_after(const char *out, const char *needle)
{
    const char *p = strstr(out, needle);

    return p != NULL ? atoi(p + strlen(needle)) : 0;
}

/* The first "verify error:num=N" an openssl tool printed, with the depth= line before it. */
static void read_verify_error(const char *out, verdict *v)
{
    const char *e = strstr(out, "verify error:num="), *d, *p;

    v->err = e != NULL ? atoi(e + strlen("verify error:num=")) : X509_V_OK;
    v->depth = 0;
    for (d = NULL, p = out; e != NULL && (p = strstr(p, "depth=")) != NULL && p < e; p++)
        d = p;
    if (d != NULL)
        v->depth = atoi(d + strlen("depth="));
}

/* openssl s_server, then s_client once it listens; both run to their end. */
static void openssl_pair(const char *const srv_args[], const char *const cli_args[], tu_proc **srv,
                         tu_proc **cli)
{
    const char *none[] = { NULL };

    *srv = tu_spawn_openssl_args(srv_args, none);
    tu_await_output(*srv, "ACCEPT", NULL, 0);
    *cli = tu_spawn_openssl_args(cli_args, none);
    tu_proc_close_stdin(*cli);
    tu_proc_wait(*cli, TU_TIMEOUT_MS);
    tu_proc_wait(*srv, TU_TIMEOUT_MS);
}

/*
 * The case's CA file and CRL file in one, for s_server: its -CRL option
 * reads one CRL, its -CAfile every certificate and CRL.
 */
static const char *trust_with_crls(const vcase *c)
{
    static char path[256];
    char *ca = tu_slurp(vc_path(c->cafile), NULL), *crl = tu_slurp(vc_path(c->crlfile), NULL);
    FILE *f;

    snprintf(path, sizeof(path), "%s/tls-%s+%s", vc_dir, c->cafile, c->crlfile);
    f = fopen(path, "w");
    ck_assert_msg(ca != NULL && crl != NULL && f != NULL, "cannot write %s", path);
    fputs(ca, f);
    fputs(crl, f);
    fclose(f);
    free(ca);
    free(crl);
    return path;
}

/* OpenSSL as the server checking the case's chain: s_server -Verify against s_client presenting it. */
static void openssl_server_verdict(const vcase *c, verdict *v)
{
    char accept[32], opts[128];
    const char *srv_args[24] = { "s_server", "-accept", accept, "-naccept", "1", "-tls1_2",
                                 "-cert", tu_cert("server-cert.pem"), "-key",
                                 tu_cert("server-key.pem"), "-Verify", "10",
                                 "-verify_return_error", "-CAfile", vc_path(c->cafile) };
    const char *cli_args[16] = { "s_client", "-connect", accept, "-tls1_2", "-cipher", ANY_LEVEL,
                                 "-cert", cert_of, "-key", key_of, NULL };
    tu_proc *srv, *cli;
    int port = tu_free_port();

    snprintf(accept, sizeof(accept), "127.0.0.1:%d", port);
    if (c->crlfile != NULL)
        srv_args[14] = trust_with_crls(c);
    add_opts(c, opts, sizeof(opts), srv_args, 15);
    if (chain_of[0] != '\0') {
        cli_args[10] = "-cert_chain";
        cli_args[11] = chain_of;
    }
    openssl_pair(srv_args, cli_args, &srv, &cli);
    read_verify_error(tu_proc_output(srv), v);
    v->alert = number_after(tu_proc_output(cli), "SSL alert number ");
    ck_assert_msg(v->err != X509_V_OK || strstr(tu_proc_output(srv), "CIPHER is") != NULL,
                  "%s: openssl s_server neither failed nor finished:\n%s", c->leaf,
                  tu_proc_output(srv));
    tu_proc_free(cli);
    tu_proc_free(srv);
}

/* OpenSSL as the client checking it: s_client -verify_return_error against s_server presenting it. */
static void openssl_client_verdict(const vcase *c, verdict *v)
{
    char accept[32], opts[128];
    const char *srv_args[] = { "s_server", "-accept", accept, "-naccept", "1", "-tls1_2",
                               "-cipher", ANY_LEVEL, "-cert", cert_of, "-key", key_of,
                               chain_of[0] ? "-cert_chain" : NULL, chain_of, NULL };
    const char *cli_args[24] = { "s_client", "-connect", accept, "-tls1_2", "-verify_return_error",
                                 "-CAfile", c->crlfile != NULL ? trust_with_crls(c) : vc_path(c->cafile) };
    tu_proc *srv, *cli;

    snprintf(accept, sizeof(accept), "127.0.0.1:%d", tu_free_port());
    add_opts(c, opts, sizeof(opts), cli_args, 7);
    openssl_pair(srv_args, cli_args, &srv, &cli);
    read_verify_error(tu_proc_output(cli), v);
    v->alert = number_after(tu_proc_output(srv), "SSL alert number ");
    ck_assert_msg(v->err != X509_V_OK || strstr(tu_proc_output(cli), "Verify return code: 0 (ok)") != NULL,
                  "%s: openssl s_client neither failed nor verified:\n%s", c->leaf,
                  tu_proc_output(cli));
    tu_proc_free(cli);
    tu_proc_free(srv);
}

/* The first error the verify callback was shown, and its depth. */
static int first_err, first_depth;

static int note_first_error(int ok, X509_STORE_CTX *x)
{
    if (!ok && first_err == X509_V_OK) {
        first_err = X509_STORE_CTX_get_error(x);
        first_depth = X509_STORE_CTX_get_error_depth(x);
    }
    return ok;
}

/* kumassl's verdict against OpenSSL's: result, depth, the alert the openssl peer printed. */
static void expect_verdict(const vcase *c, const char *role, SSL *ssl, int ret,
                           tu_proc *peer, const verdict *want)
{
    long res = SSL_get_verify_result(ssl);
    int alert;

    if (want->alert == 0) {
        ck_assert_msg(ret == 1, "%s as %s: handshake failed (%s), OpenSSL's succeeded", c->leaf,
                      role, tu_queued_error());
        ck_assert_int_eq(res, X509_V_OK);
        return;
    }
    ck_assert_msg(ret != 1, "%s as %s: handshake succeeded, OpenSSL's failed with %d", c->leaf,
                  role, want->err);
    ck_assert_msg(res == want->err && first_depth == want->depth,
                  "%s as %s: kumassl says %ld at %d (%s), OpenSSL %d at %d (%s)", c->leaf, role,
                  res, first_depth, X509_verify_cert_error_string(res), want->err, want->depth,
                  X509_verify_cert_error_string(want->err));
    ck_assert_int_eq(tu_first_reason(), SSL_R_CERTIFICATE_VERIFY_FAILED);
    tu_proc_close_stdin(peer);
    tu_proc_wait(peer, TU_TIMEOUT_MS);
    alert = number_after(tu_proc_output(peer), "SSL alert number ");
    ck_assert_msg(alert == want->alert, "%s as %s: the peer heard alert %d, OpenSSL sends %d:\n%s",
                  c->leaf, role, alert, want->alert, tu_proc_output(peer));
}

/* The case's trust and settings on a kumassl context: CA file, CRLs, options. */
static void case_trust(const vcase *c, SSL_CTX *ctx)
{
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, vc_path(c->cafile), NULL), 1);
    if (c->crlfile != NULL) {
        X509_LOOKUP *l = X509_STORE_add_lookup(SSL_CTX_get_cert_store(ctx), X509_LOOKUP_file());

        ck_assert_ptr_nonnull(l);
        ck_assert_int_gt(X509_load_crl_file(l, vc_path(c->crlfile), X509_FILETYPE_PEM), 0);
    }
    vc_apply_opts(c->opts, SSL_CTX_get0_param(ctx));
}

/* kumassl as the server checking s_client's chain. */
static void kumassl_server(const vcase *c, const verdict *want)
{
    tu_conn conn = TU_CONN_INIT;
    SSL_CTX *ctx = tu_rsa_server_ctx();
    const char *extra[] = { "-tls1_2", "-cipher", ANY_LEVEL, "-cert", cert_of, "-key", key_of,
                            chain_of[0] ? "-cert_chain" : NULL, chain_of, NULL };
    int ret;

    case_trust(c, ctx);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, note_first_error);
    first_err = first_depth = 0;
    ret = tu_accept_s_client(&conn, ctx, extra);
    expect_verdict(c, "server", conn.ssl, ret, conn.peer, want);
    tu_conn_close(&conn);
}

/* kumassl as the client checking s_server's chain. */
static void kumassl_client(const vcase *c, const verdict *want)
{
    tu_conn conn = TU_CONN_INIT;
    const char *extra[] = { "-tls1_2", "-cipher", ANY_LEVEL, chain_of[0] ? "-cert_chain" : NULL,
                            chain_of, NULL };
    SSL_CTX *ctx = tu_client_ctx(NULL);
    int port = tu_start_s_server(&conn, cert_of, key_of, extra);

    case_trust(c, ctx);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, note_first_error);
    first_err = first_depth = 0;
    tu_conn_open_client(&conn, port, ctx);
    expect_verdict(c, "client", conn.ssl, SSL_connect(conn.ssl), conn.peer, want);
    tu_conn_close(&conn);
}

/* Where OpenSSL is known to miss the path, its miss is asserted and kumassl must accept. */
static void known_miss(const vcase *c, verdict *v, const char *who)
{
    ck_assert_msg(v->err == c->ossl_err, "%s: %s says %d, known to say %d", c->leaf, who, v->err,
                  c->ossl_err);
    ck_assert_int_eq(c->err, X509_V_OK);
    v->err = v->depth = v->alert = 0;
}

/* Whether `openssl verify`'s answer applies to a handshake: not where the level or the role's purpose decide. */
static int role_free(const vcase *c)
{
    return strstr(c->opts, "auth_level") == NULL && strcmp(c->leaf, "psssha1") != 0
           && strcmp(c->leaf, "ekucrit") != 0 && strcmp(c->leaf, "clientonly") != 0;
}

static void check_tls_case(const vcase *c)
{
    verdict vs, vc;

    case_files(c);
    openssl_server_verdict(c, &vs);
    openssl_client_verdict(c, &vc);
    if (c->ossl_wrong != NULL) {
        known_miss(c, &vs, "s_server");
        known_miss(c, &vc, "s_client");
    } else if (role_free(c)) {
        ck_assert_msg(vs.err == c->err && vc.err == c->err,
                      "%s %s: s_server says %d, s_client %d, openssl verify %d", c->leaf, c->opts,
                      vs.err, vc.err, c->err);
    }
    kumassl_server(c, &vs);
    kumassl_client(c, &vc);
}

#define TLS_CASE_TEST(name, table)                                               \
    START_TEST(name)                                                             \
    {                                                                            \
        check_tls_case(&table[_i]);                                              \
    }                                                                            \
    END_TEST

TLS_CASE_TEST(test_tls_name_constraints, NC_CASES)
TLS_CASE_TEST(test_tls_anchors, ANCHOR_CASES)
TLS_CASE_TEST(test_tls_paths, PATH_CASES)
TLS_CASE_TEST(test_tls_extensions, EXT_CASES)
TLS_CASE_TEST(test_tls_controls, CONTROL_CASES)
TLS_CASE_TEST(test_tls_pss, PSS_CASES)
TLS_CASE_TEST(test_tls_crls, CRL_CASES)

/* ---- verify callbacks in handshakes ------------------------------------------------------- */

static int cb_calls, cb_err, cb_depth;

/* Pins past an excluded name or an expired certificate, as pinning callbacks do. */
static int override_cb(int ok, X509_STORE_CTX *x)
{
    int err = X509_STORE_CTX_get_error(x);

    cb_calls++;
    if (!ok && (err == X509_V_ERR_EXCLUDED_VIOLATION || err == X509_V_ERR_CERT_HAS_EXPIRED)) {
        cb_err = err;
        cb_depth = X509_STORE_CTX_get_error_depth(x);
        X509_STORE_CTX_set_error(x, X509_V_OK);
        return 1;
    }
    return ok;
}

static int accept_cb(int ok, X509_STORE_CTX *x)
{
    (void)ok;
    (void)x;
    cb_calls++;
    return 1;
}

static int refuse_cb(int ok, X509_STORE_CTX *x)
{
    (void)ok;
    (void)x;
    cb_calls++;
    return 0;
}

/* kumassl's client against s_server presenting ncx-bad (excluded name at depth 0). */
static int connect_ncx_bad(tu_conn *conn, SSL_verify_cb cb)
{
    const char *extra[] = { "-tls1_2", "-cert_chain", vc_path("ncx-cert.pem"), NULL };
    SSL_CTX *ctx = tu_client_ctx(vc_path("root-cert.pem"));
    int port = tu_start_s_server(conn, vc_path("ncx-bad-cert.pem"), vc_path("ncx-bad-key.pem"),
                                 extra);

    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, cb);
    cb_calls = cb_err = cb_depth = 0;
    tu_conn_open_client(conn, port, ctx);
    return SSL_connect(conn->ssl);
}

/* The data went through: s_server printed what kumassl wrote. */
static void expect_echoed(tu_conn *conn)
{
    ck_assert_int_eq(SSL_write(conn->ssl, "pinned\n", 7), 7);
    tu_await_output(conn->peer, "pinned", NULL, 0);
}

START_TEST(test_callback_override_client)
{
    tu_conn conn = TU_CONN_INIT;

    ck_assert_int_eq(connect_ncx_bad(&conn, override_cb), 1);
    ck_assert_int_eq(cb_err, X509_V_ERR_EXCLUDED_VIOLATION);
    ck_assert_int_eq(cb_depth, 0);
    ck_assert_int_eq(SSL_get_verify_result(conn.ssl), X509_V_OK);
    expect_echoed(&conn);
    tu_conn_close(&conn);
}
END_TEST

/* Accepting without clearing keeps the error: what s_client (no -verify_return_error) reports. */
START_TEST(test_callback_accept_keeps_error)
{
    tu_conn conn = TU_CONN_INIT;
    char accept[32], line[128];
    const char *args[] = { "s_client", "-connect", accept, "-tls1_2", "-CAfile",
                           vc_path("root-cert.pem"), NULL };
    const char *none[] = { NULL };
    tu_proc *cli;
    int port;

    ck_assert_int_eq(connect_ncx_bad(&conn, accept_cb), 1);
    ck_assert_int_ge(cb_calls, 3);
    expect_echoed(&conn);
    tu_conn_close(&conn);
    /* the same server, openssl's client */
    conn = (tu_conn)TU_CONN_INIT;
    port = tu_start_s_server(&conn, vc_path("ncx-bad-cert.pem"), vc_path("ncx-bad-key.pem"),
                             (const char *[]){ "-tls1_2", "-cert_chain", vc_path("ncx-cert.pem"), NULL });
    snprintf(accept, sizeof(accept), "127.0.0.1:%d", port);
    tu_await_output(conn.peer, "ACCEPT", NULL, 0);
    cli = tu_spawn_openssl_args(args, none);
    tu_await_line(cli, "Verify return code: ", line, sizeof(line));
    ck_assert_int_eq(atoi(line), X509_V_ERR_EXCLUDED_VIOLATION);
    tu_proc_free(cli);
    tu_conn_close(&conn);
    /* kumassl's result is the same number */
    conn = (tu_conn)TU_CONN_INIT;
    ck_assert_int_eq(connect_ncx_bad(&conn, accept_cb), 1);
    ck_assert_int_eq(SSL_get_verify_result(conn.ssl), X509_V_ERR_EXCLUDED_VIOLATION);
    tu_conn_close(&conn);
}
END_TEST

/* A callback refusing a good chain: X509_V_ERR_UNSPECIFIED and internal_error, as OpenSSL 3.0. */
START_TEST(test_callback_refuses_good_chain)
{
    tu_conn conn = TU_CONN_INIT;
    const char *extra[] = { "-tls1_2", "-cert_chain", vc_path("ica-only.pem"), NULL };
    SSL_CTX *ctx = tu_client_ctx(vc_path("root-cert.pem"));
    int port = tu_start_s_server(&conn, vc_path("leaf-cert.pem"), vc_path("leaf-key.pem"), extra);

    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, refuse_cb);
    cb_calls = 0;
    tu_conn_open_client(&conn, port, ctx);
    ck_assert_int_ne(SSL_connect(conn.ssl), 1);
    ck_assert_int_eq(cb_calls, 1);
    ck_assert_int_eq(SSL_get_verify_result(conn.ssl), X509_V_ERR_UNSPECIFIED);
    tu_await_output(conn.peer, "SSL alert number 80", NULL, 0);
    tu_conn_close(&conn);
}
END_TEST

/* kumassl's server pins past a client chain whose root expired. */
START_TEST(test_callback_override_server)
{
    tu_conn conn = TU_CONN_INIT;
    SSL_CTX *ctx = tu_rsa_server_ctx();
    const char *extra[] = { "-tls1_2", "-cert", vc_path("oldleaf-cert.pem"), "-key",
                            vc_path("oldleaf-key.pem"), NULL };
    char buf[16] = { 0 };

    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, vc_path("oldroot-cert.pem"), NULL), 1);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, override_cb);
    cb_calls = cb_err = cb_depth = 0;
    ck_assert_int_eq(tu_accept_s_client(&conn, ctx, extra), 1);
    ck_assert_int_eq(cb_err, X509_V_ERR_CERT_HAS_EXPIRED);
    ck_assert_int_eq(cb_depth, 1);
    ck_assert_int_eq(SSL_get_verify_result(conn.ssl), X509_V_OK);
    tu_send_line(conn.peer, "s_client", "hello");
    ck_assert_int_gt(SSL_read(conn.ssl, buf, sizeof(buf) - 1), 0);
    ck_assert_int_eq(strncmp(buf, "hello", 5), 0);
    tu_conn_close(&conn);
}
END_TEST

/* ---- purposes -------------------------------------------------------------------------------- */

/*
 * A server certificate fit only for clients: kumassl's client refuses it as
 * openssl s_client does (26, unsupported_certificate), and takes it once
 * SSL_CTX_set_purpose / SSL_set_purpose ask for X509_PURPOSE_SSL_CLIENT.
 */
START_TEST(test_purpose)
{
    const char *extra[] = { "-tls1_2", "-cert_chain", vc_path("ica-only.pem"), NULL };
    char accept[32], line[128];
    const char *args[] = { "s_client", "-connect", accept, "-tls1_2", "-CAfile",
                           vc_path("root-cert.pem"), NULL };
    const char *none[] = { NULL };
    int how;

    for (how = 0; how < 4; how++) {
        tu_conn conn = TU_CONN_INIT;
        SSL_CTX *ctx = tu_client_ctx(vc_path("root-cert.pem"));
        int port = tu_start_s_server(&conn, vc_path("clientonly-cert.pem"),
                                     vc_path("clientonly-key.pem"), extra);
        tu_proc *cli;

        if (how == 0) {         /* openssl's client: verification fails with 26, it carries on */
            snprintf(accept, sizeof(accept), "127.0.0.1:%d", port);
            tu_await_output(conn.peer, "ACCEPT", NULL, 0);
            cli = tu_spawn_openssl_args(args, none);
            tu_await_line(cli, "Verify return code: ", line, sizeof(line));
            ck_assert_int_eq(atoi(line), X509_V_ERR_INVALID_PURPOSE);
            tu_proc_free(cli);
            SSL_CTX_free(ctx);
            tu_conn_close(&conn);
            continue;
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        if (how == 2)
            ck_assert_int_eq(SSL_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT), 1);
        tu_conn_open_client(&conn, port, ctx);
        if (how == 3)
            ck_assert_int_eq(SSL_set_purpose(conn.ssl, X509_PURPOSE_SSL_CLIENT), 1);
        if (how == 1) {
            ck_assert_int_ne(SSL_connect(conn.ssl), 1);
            ck_assert_int_eq(SSL_get_verify_result(conn.ssl), X509_V_ERR_INVALID_PURPOSE);
            tu_await_output(conn.peer, "SSL alert number 43", NULL, 0);
        } else {
            ck_assert_int_eq(SSL_connect(conn.ssl), 1);
            ck_assert_int_eq(SSL_get_verify_result(conn.ssl), X509_V_OK);
        }
        tu_conn_close(&conn);
    }
    ck_assert_int_eq(SSL_CTX_set_purpose(NULL, X509_PURPOSE_SSL_CLIENT), 0);
    ERR_clear_error();
}
END_TEST

/* ---- SSL_VERIFY_PEER without CA names ---------------------------------------------------- */

/*
 * OpenSSL's server asks for a certificate with no CA names and the client's
 * certificate then fails (20 at depth 0: no issuer known); kumassl sends one
 * empty name (BearSSL sends no request with an empty list) and says what is
 * missing. A callback may still accept the client, as pinning servers do.
 */
START_TEST(test_verify_peer_without_cas)
{
    tu_conn conn = TU_CONN_INIT;
    const char *extra[] = { "-tls1_2", "-cert", vc_path("leaf-cert.pem"), "-key",
                            vc_path("leaf-key.pem"), NULL };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    unsigned long e;
    const char *data;
    int flags;
    X509 *peer;

    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    ck_assert_int_ne(tu_accept_s_client(&conn, ctx, extra), 1);
    ck_assert_int_eq(SSL_get_verify_result(conn.ssl), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    e = ERR_peek_error_data(&data, &flags);
    ck_assert_int_eq(ERR_GET_REASON(e), SSL_R_CERTIFICATE_VERIFY_FAILED);
    ck_assert_msg((flags & ERR_TXT_STRING) && strstr(data, "no trusted CA certificates were loaded"),
                  "%s: %s", tu_queued_error(), (flags & ERR_TXT_STRING) ? data : "(no text)");
    tu_await_output(conn.peer, "SSL alert number 48", NULL, 0);
    tu_conn_close(&conn);

    conn = (tu_conn)TU_CONN_INIT;
    ctx = tu_rsa_server_ctx();
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, accept_cb);
    ck_assert_int_eq(tu_accept_s_client(&conn, ctx, extra), 1);
    peer = SSL_get1_peer_certificate(conn.ssl);
    ck_assert_ptr_nonnull(peer);
    X509_free(peer);
    ck_assert_int_eq(SSL_get_verify_result(conn.ssl), X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE);
    /* the one empty name, where OpenSSL's server gets "No client certificate CA names sent" */
    tu_await_output(conn.peer, "Acceptable client certificate CA names\n\n", NULL, 0);
    tu_conn_close(&conn);
}
END_TEST

/* What openssl's own server does in the same setting: it too asks and fails the certificate with 20. */
START_TEST(test_openssl_verify_peer_without_cas)
{
    char accept[32];
    const char *srv_args[] = { "s_server", "-accept", accept, "-naccept", "1", "-tls1_2",
                               "-cert", tu_cert("server-cert.pem"), "-key", tu_cert("server-key.pem"),
                               "-Verify", "10", "-verify_return_error", "-no-CAfile",
                               "-no-CApath", "-no-CAstore", NULL };
    const char *cli_args[] = { "s_client", "-connect", accept, "-tls1_2", "-cert",
                               vc_path("leaf-cert.pem"), "-key", vc_path("leaf-key.pem"), NULL };
    tu_proc *srv, *cli;
    verdict v;

    snprintf(accept, sizeof(accept), "127.0.0.1:%d", tu_free_port());
    openssl_pair(srv_args, cli_args, &srv, &cli);
    read_verify_error(tu_proc_output(srv), &v);
    ck_assert_int_eq(v.err, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    ck_assert_ptr_nonnull(strstr(tu_proc_output(cli), "No client certificate CA names sent"));
    ck_assert_ptr_nonnull(strstr(tu_proc_output(cli), "SSL alert number 48"));
    tu_proc_free(cli);
    tu_proc_free(srv);
}
END_TEST

/* CA names alone ask for nothing: without SSL_VERIFY_PEER no CertificateRequest goes out, as OpenSSL. */
START_TEST(test_ca_names_without_verify_peer)
{
    tu_conn conn = TU_CONN_INIT;
    const char *extra[] = { "-tls1_2", "-cert", vc_path("leaf-cert.pem"), "-key",
                            vc_path("leaf-key.pem"), NULL };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    X509 *root = tu_read_cert(vc_path("root-cert.pem"));
    X509 *peer;

    ck_assert_int_eq(SSL_CTX_add_client_CA(ctx, root), 1);
    X509_free(root);
    ck_assert_int_eq(tu_accept_s_client(&conn, ctx, extra), 1);
    peer = SSL_get1_peer_certificate(conn.ssl);
    ck_assert_ptr_null(peer);
    tu_await_output(conn.peer, "No client certificate CA names sent", NULL, 0);
    tu_conn_close(&conn);
}
END_TEST

static Suite *tls_suite(void)
{
    Suite *s = suite_create("verify_tls");
    TCase *tc = tu_add_tcase(s, "cases", 60);

    tcase_add_loop_test(tc, test_tls_name_constraints, 0, NC_COUNT);
    tcase_add_loop_test(tc, test_tls_anchors, 0, ANCHOR_COUNT);
    tcase_add_loop_test(tc, test_tls_paths, 0, PATH_COUNT);
    tcase_add_loop_test(tc, test_tls_extensions, 0, EXT_COUNT);
    tcase_add_loop_test(tc, test_tls_controls, 0, CONTROL_COUNT);
    tcase_add_loop_test(tc, test_tls_pss, 0, PSS_COUNT);
    tcase_add_loop_test(tc, test_tls_crls, 0, CRL_COUNT);
    tc = tu_add_tcase(s, "callbacks", 60);
    tcase_add_test(tc, test_callback_override_client);
    tcase_add_test(tc, test_callback_accept_keeps_error);
    tcase_add_test(tc, test_callback_refuses_good_chain);
    tcase_add_test(tc, test_callback_override_server);
    tcase_add_test(tc, test_purpose);
    tc = tu_add_tcase(s, "no_cas", 60);
    tcase_add_test(tc, test_verify_peer_without_cas);
    tcase_add_test(tc, test_openssl_verify_peer_without_cas);
    tcase_add_test(tc, test_ca_names_without_verify_peer);
    return s;
}

int main(void)
{
    return vc_run_suite(tls_suite);
}
