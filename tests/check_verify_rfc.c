/*
 * RFC 5280 verification, compared with OpenSSL 3.0 case by case.
 *
 * tests/gen-verify-certs.sh makes the certificates and CRLs once per run.
 * Each case names a leaf, the trusted file, the untrusted certificates, a
 * CRL file and `openssl verify` options; the expected result (the first
 * error and its depth, or X509_V_OK) is asserted for `openssl verify` on
 * the same files and for X509_verify_cert() with the same settings, except
 * where OpenSSL is known to get it wrong (the case says why, and what
 * OpenSSL answers is asserted too, so the difference stays known). The
 * cases (tests/verify_cases.c) also run through TLS handshakes with
 * openssl s_server and s_client in check_verify_tls.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include "testutil.h"
#include "verify_cases.h"

/* ---- openssl verify ------------------------------------------------------------------------ */

/* Runs `openssl verify` on the case; its first error and depth (X509_V_OK: it printed OK). */
static void openssl_verify(const vcase *c, int *err, int *depth)
{
    char *argv[32], opts[256], out[8192], leaf[200], ca[200], un[200], crl[200];
    const char *p;
    int n = 0;

    argv[n++] = (char *)tu_openssl();
    argv[n++] = "verify";
    snprintf(ca, sizeof(ca), "%s", vc_path(c->cafile));
    argv[n++] = "-CAfile";
    argv[n++] = ca;
    if (c->untrusted != NULL) {
        snprintf(un, sizeof(un), "%s", vc_path(c->untrusted));
        argv[n++] = "-untrusted";
        argv[n++] = un;
    }
    if (c->crlfile != NULL) {
        snprintf(crl, sizeof(crl), "%s", vc_path(c->crlfile));
        argv[n++] = "-CRLfile";
        argv[n++] = crl;
    }
    n += vc_split_opts(c->opts, opts, sizeof(opts), argv + n, 20);
    snprintf(leaf, sizeof(leaf), "%s/%s-cert.pem", vc_dir, c->leaf);
    argv[n++] = leaf;
    argv[n] = NULL;
    memset(out, 0, sizeof(out));
    (void)tu_run(argv, 20000, out, sizeof(out));
    p = strstr(out, "error ");
    while (p != NULL && sscanf(p, "error %d at %d depth", err, depth) != 2)
        p = strstr(p + 1, "error ");
    if (p != NULL)
        return;
    ck_assert_msg(strstr(out, ": OK") != NULL, "%s: openssl verify said:\n%s", c->leaf, out);
    *err = X509_V_OK;
    *depth = 0;
}

/* ---- kumassl ----------------------------------------------------------------------------- */

/* A store trusting the case's file, with its CRLs loaded through an X509_LOOKUP_file. */
static X509_STORE *case_store(const vcase *c)
{
    X509_STORE *st = X509_STORE_new();

    ck_assert_int_eq(X509_STORE_load_locations(st, vc_path(c->cafile), NULL), 1);
    if (c->crlfile != NULL) {
        X509_LOOKUP *l = X509_STORE_add_lookup(st, X509_LOOKUP_file());

        ck_assert_ptr_nonnull(l);
        ck_assert_int_gt(X509_load_crl_file(l, vc_path(c->crlfile), X509_FILETYPE_PEM), 0);
    }
    return st;
}

/* X509_verify_cert on the case; its error and depth. */
static void kumassl_verify(const vcase *c, X509_STORE_CTX_verify_cb cb, int *err, int *depth)
{
    char path[200];
    X509_STORE *st = case_store(c);
    STACK_OF(X509) *un = c->untrusted != NULL ? vc_read_certs(vc_path(c->untrusted)) : NULL;
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    X509 *leaf;
    int r;

    snprintf(path, sizeof(path), "%s/%s-cert.pem", vc_dir, c->leaf);
    leaf = tu_read_cert(path);
    ck_assert_int_eq(X509_STORE_CTX_init(ctx, st, leaf, un), 1);
    vc_apply_opts(c->opts, X509_STORE_CTX_get0_param(ctx));
    if (cb != NULL)
        X509_STORE_CTX_set_verify_cb(ctx, cb);
    r = X509_verify_cert(ctx);
    *err = X509_STORE_CTX_get_error(ctx);
    *depth = *err == X509_V_OK ? 0 : X509_STORE_CTX_get_error_depth(ctx);
    if (cb == NULL)
        ck_assert_msg((r == 1) == (*err == X509_V_OK), "%s: returned %d with error %d", c->leaf, r, *err);
    X509_STORE_CTX_free(ctx);
    X509_free(leaf);
    sk_X509_pop_free(un, X509_free);
    X509_STORE_free(st);
    ERR_clear_error();
}

static void check_case(const vcase *c)
{
    int err, depth;

    openssl_verify(c, &err, &depth);
    if (c->ossl_wrong == NULL)
        ck_assert_msg(err == c->err && depth == c->depth,
                      "%s %s: openssl verify says %d at %d (%s), expected %d at %d", c->leaf, c->opts,
                      err, depth, X509_verify_cert_error_string(err), c->err, c->depth);
    else
        ck_assert_msg(err == c->ossl_err && depth == c->ossl_depth,
                      "%s: openssl verify says %d at %d, known to say %d at %d", c->leaf, err, depth,
                      c->ossl_err, c->ossl_depth);
    kumassl_verify(c, NULL, &err, &depth);
    ck_assert_msg(err == c->err && depth == c->depth,
                  "%s %s: kumassl says %d at %d (%s), expected %d at %d (%s)", c->leaf, c->opts,
                  err, depth, X509_verify_cert_error_string(err), c->err, c->depth,
                  X509_verify_cert_error_string(c->err));
}

/* ---- CRL objects ------------------------------------------------------------------------- */

/* What `openssl crl -text` prints after label, up to the end of that line ("" if absent). */
static void openssl_crl_field(const char *crl, const char *label, char val[128])
{
    char *argv[] = { (char *)tu_openssl(), "crl", "-noout", "-text", "-in", (char *)crl, NULL };
    char out[8192];
    const char *p;

    memset(out, 0, sizeof(out));
    ck_assert_int_eq(tu_run(argv, 20000, out, sizeof(out)), 0);
    p = strstr(out, label);
    val[0] = '\0';
    if (p != NULL)
        sscanf(p + strlen(label), "%127[^\n]", val);
}

/* The getters programs use on a CRL, against `openssl crl -text` on the same file. */
START_TEST(test_crl_objects)
{
    char path[200], want[128], got[128] = { 0 };
    FILE *f = fopen(vc_path("int.crl"), "r");
    X509_CRL *crl, *empty;
    STACK_OF(X509_REVOKED) *sk;
    X509_REVOKED *r = NULL;
    X509 *revoked, *good;
    BIO *b = BIO_new(BIO_s_mem());
    char *mem;
    long n;

    ck_assert_ptr_nonnull(f);
    crl = PEM_read_X509_CRL(f, NULL, NULL, NULL);
    fclose(f);
    ck_assert_msg(crl != NULL, "%s", tu_queued_error());
    snprintf(path, sizeof(path), "%s/crl-revoked-cert.pem", vc_dir);
    revoked = tu_read_cert(path);
    snprintf(path, sizeof(path), "%s/crl-good-cert.pem", vc_dir);
    good = tu_read_cert(path);
    ck_assert_int_eq(X509_CRL_get_version(crl), 1);
    openssl_crl_field(vc_path("int.crl"), "Version ", want);
    ck_assert_str_eq(want, "2 (0x1)");
    sk = X509_CRL_get_REVOKED(crl);
    ck_assert_int_eq(sk_X509_REVOKED_num(sk), 1);
    ck_assert_int_eq(ASN1_INTEGER_get(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(sk, 0))),
                     ASN1_INTEGER_get(X509_get_serialNumber(revoked)));
    ck_assert_int_eq(X509_CRL_get0_by_cert(crl, &r, revoked), 1);
    ck_assert_ptr_eq(r, sk_X509_REVOKED_value(sk, 0));
    ck_assert_int_eq(X509_CRL_get0_by_serial(crl, NULL, X509_get_serialNumber(revoked)), 1);
    ck_assert_int_eq(X509_CRL_get0_by_cert(crl, &r, good), 0);
    ck_assert_ptr_null(r);
    ASN1_TIME_print(b, X509_REVOKED_get0_revocationDate(r = sk_X509_REVOKED_value(sk, 0)));
    n = BIO_get_mem_data(b, &mem);
    snprintf(got, sizeof(got), "%.*s", (int)n, mem);
    openssl_crl_field(vc_path("int.crl"), "Revocation Date: ", want);
    ck_assert_str_eq(got, want);
    /* a CRL revoking nothing: "No Revoked Certificates." */
    openssl_crl_field(vc_path("empty.crl"), "No Revoked ", want);
    ck_assert_str_eq(want, "Certificates.");
    f = fopen(vc_path("empty.crl"), "r");
    empty = PEM_read_X509_CRL(f, NULL, NULL, NULL);
    fclose(f);
    ck_assert_ptr_nonnull(empty);
    ck_assert_ptr_null(X509_CRL_get_REVOKED(empty));
    ck_assert_int_eq(X509_CRL_get0_by_cert(empty, NULL, revoked), 0);
    ck_assert_ptr_null(PEM_read_X509_CRL(NULL, NULL, NULL, NULL));
    ERR_clear_error();
    X509_CRL_free(empty);
    BIO_free(b);
    X509_free(good);
    X509_free(revoked);
    X509_CRL_free(crl);
}
END_TEST

/* ---- the controls' other ways in ------------------------------------------------------- */

/* X509_verify_cert of a case's leaf with a store and a context set up by the caller. */
static int verify_with(X509_STORE *st, const char *leaf_name, STACK_OF(X509) *un,
                       int (*setup)(X509_STORE_CTX *), int *depth)
{
    char path[200];
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    X509 *leaf;
    int err;

    snprintf(path, sizeof(path), "%s/%s-cert.pem", vc_dir, leaf_name);
    leaf = tu_read_cert(path);
    ck_assert_int_eq(X509_STORE_CTX_init(ctx, st, leaf, un), 1);
    if (setup != NULL)
        ck_assert_int_eq(setup(ctx), 1);
    (void)X509_verify_cert(ctx);
    err = X509_STORE_CTX_get_error(ctx);
    *depth = X509_STORE_CTX_get_error_depth(ctx);
    X509_STORE_CTX_free(ctx);
    X509_free(leaf);
    return err;
}

static int as_server(X509_STORE_CTX *ctx)
{
    return X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
}

static int strict_by_ctx(X509_STORE_CTX *ctx)
{
    X509_STORE_CTX_set_flags(ctx, X509_V_FLAG_X509_STRICT);
    return (X509_VERIFY_PARAM_get_flags(X509_STORE_CTX_get0_param(ctx)) & X509_V_FLAG_X509_STRICT) != 0;
}

/*
 * The same controls as the cases, reached through the store
 * (X509_STORE_set_flags), the context (X509_STORE_CTX_set_purpose/_set_flags)
 * and a parameter's set/clear/get; with the results `openssl verify` gave
 * for those cases. Flags kumassl does not implement are refused.
 */
START_TEST(test_control_paths)
{
    X509_STORE *st = X509_STORE_new();
    STACK_OF(X509) *un = vc_read_certs(vc_path("ica-only.pem"));
    X509_VERIFY_PARAM *p = X509_VERIFY_PARAM_new();
    int depth;

    /* PARTIAL_CHAIN on the store: the trusted intermediate ends the path */
    ck_assert_int_eq(X509_STORE_load_locations(st, vc_path("ica-only.pem"), NULL), 1);
    ck_assert_int_eq(verify_with(st, "leaf", NULL, NULL, &depth), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT);
    ck_assert_int_eq(X509_STORE_set_flags(st, X509_V_FLAG_PARTIAL_CHAIN), 1);
    ck_assert_int_eq(verify_with(st, "leaf", NULL, NULL, &depth), X509_V_OK);
    X509_STORE_free(st);
    /* the purpose and strictness through the context */
    st = X509_STORE_new();
    ck_assert_int_eq(X509_STORE_load_locations(st, vc_path("root-cert.pem"), NULL), 1);
    ck_assert_int_eq(verify_with(st, "clientonly", un, NULL, &depth), X509_V_OK);
    ck_assert_int_eq(verify_with(st, "clientonly", un, as_server, &depth), X509_V_ERR_INVALID_PURPOSE);
    ck_assert_int_eq(depth, 0);
    ck_assert_int_eq(verify_with(st, "kucs", un, strict_by_ctx, &depth),
                     X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA);
    /* set, clear, get */
    ck_assert_int_eq(X509_VERIFY_PARAM_set_flags(p, X509_V_FLAG_X509_STRICT | X509_V_FLAG_PARTIAL_CHAIN), 1);
    ck_assert_int_eq(X509_VERIFY_PARAM_clear_flags(p, X509_V_FLAG_PARTIAL_CHAIN), 1);
    ck_assert_uint_eq(X509_VERIFY_PARAM_get_flags(p), X509_V_FLAG_X509_STRICT);
    ck_assert_int_eq(X509_VERIFY_PARAM_set_flags(p, X509_V_FLAG_POLICY_CHECK), 0);
    tu_expect_error(ERR_LIB_X509, ERR_R_UNSUPPORTED);
    ck_assert_int_eq(X509_STORE_set_flags(st, X509_V_FLAG_USE_DELTAS), 0);
    tu_expect_error(ERR_LIB_X509, ERR_R_UNSUPPORTED);
    ck_assert_uint_eq(X509_VERIFY_PARAM_get_flags(p), X509_V_FLAG_X509_STRICT);
    ck_assert_int_eq(X509_VERIFY_PARAM_set_flags(p, X509_V_FLAG_CB_ISSUER_CHECK), 1);
    ck_assert_int_eq(X509_VERIFY_PARAM_set_purpose(p, X509_PURPOSE_SSL_SERVER), 1);
    ck_assert_int_eq(X509_VERIFY_PARAM_get_purpose(p), X509_PURPOSE_SSL_SERVER);
    ck_assert_int_eq(X509_VERIFY_PARAM_set_purpose(p, 999), 0);
    tu_expect_error(ERR_LIB_X509, X509_R_UNKNOWN_PURPOSE_ID);
    ck_assert_int_eq(X509_VERIFY_PARAM_get_auth_level(p), -1);
    X509_VERIFY_PARAM_set_auth_level(p, 2);
    ck_assert_int_eq(X509_VERIFY_PARAM_get_auth_level(p), 2);
    X509_VERIFY_PARAM_free(p);
    sk_X509_pop_free(un, X509_free);
    X509_STORE_free(st);
}
END_TEST

#define CASE_TEST(name, table)                                                   \
    START_TEST(name)                                                             \
    {                                                                            \
        check_case(&table[_i]);                                                  \
    }                                                                            \
    END_TEST

CASE_TEST(test_name_constraints, NC_CASES)
CASE_TEST(test_anchors, ANCHOR_CASES)
CASE_TEST(test_paths, PATH_CASES)
CASE_TEST(test_extensions, EXT_CASES)
CASE_TEST(test_controls, CONTROL_CASES)
CASE_TEST(test_crls, CRL_CASES)
CASE_TEST(test_pss, PSS_CASES)

static Suite *rfc_suite(void)
{
    Suite *s = suite_create("verify_rfc");
    TCase *tc = tu_add_tcase(s, "openssl", 60);

    tcase_add_loop_test(tc, test_name_constraints, 0, NC_COUNT);
    tcase_add_loop_test(tc, test_anchors, 0, ANCHOR_COUNT);
    tcase_add_loop_test(tc, test_paths, 0, PATH_COUNT);
    tcase_add_loop_test(tc, test_extensions, 0, EXT_COUNT);
    tcase_add_loop_test(tc, test_controls, 0, CONTROL_COUNT);
    tcase_add_loop_test(tc, test_crls, 0, CRL_COUNT);
    tcase_add_loop_test(tc, test_pss, 0, PSS_COUNT);
    tcase_add_test(tc, test_crl_objects);
    tcase_add_test(tc, test_control_paths);
    return s;
}

int main(void)
{
    return vc_run_suite(rfc_suite);
}
