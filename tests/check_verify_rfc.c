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
 * name-constraint, anchor and callback cases also run through a TLS
 * handshake (kumassl server and client over a socketpair).
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include "testutil.h"

static char gen_dir[64];

static const char *gen(const char *name)
{
    static char bufs[16][200];
    static unsigned next;
    char *b = bufs[next++ % 16];

    snprintf(b, sizeof(bufs[0]), "%s/%s", gen_dir, name);
    return b;
}

static int make_certs(void)
{
    strcpy(gen_dir, "/tmp/kuma-vrfc.XXXXXX");
    return tu_gen_dir(gen_dir, "exec sh \"" KUMA_SRCDIR "/tests/gen-verify-certs.sh\" \"$@\"", 240000);
}

/* ---- the cases ------------------------------------------------------------------------ */

typedef struct {
    const char *leaf;           /* <leaf>-cert.pem */
    const char *cafile;         /* trusted */
    const char *untrusted;      /* NULL: none */
    const char *crlfile;        /* NULL: none */
    const char *opts;           /* `openssl verify` options, blank separated, "" for none */
    int err, depth;             /* the expected first error (X509_V_OK: verifies) */
    const char *ossl_wrong;     /* NULL: OpenSSL agrees; else why it does not */
    int ossl_err, ossl_depth;   /* what OpenSSL answers then */
} vcase;

#define OK X509_V_OK, 0
#define RIGHT NULL, 0, 0

/* 1: name constraints */
static const vcase NC_CASES[] = {
    { "ncx-bad", "root-cert.pem", "ncx-cert.pem", NULL, "", X509_V_ERR_EXCLUDED_VIOLATION, 0, RIGHT },
    { "ncx-ok", "root-cert.pem", "ncx-cert.pem", NULL, "", OK, RIGHT },
    { "ncr-bad", "ncroot-cert.pem", NULL, NULL, "", X509_V_ERR_PERMITTED_VIOLATION, 0, RIGHT },
    { "ncr-ok", "ncroot-cert.pem", NULL, NULL, "", OK, RIGHT },
    { "ncr-cn", "ncroot-cert.pem", NULL, NULL, "", X509_V_ERR_PERMITTED_VIOLATION, 0, RIGHT },
    { "ncr-cnok", "ncroot-cert.pem", NULL, NULL, "", OK, RIGHT },
    { "ncip-bad4", "root-cert.pem", "ncip-cert.pem", NULL, "", X509_V_ERR_PERMITTED_VIOLATION, 0, RIGHT },
    { "ncip-bad6", "root-cert.pem", "ncip-cert.pem", NULL, "", X509_V_ERR_EXCLUDED_VIOLATION, 0, RIGHT },
    { "ncip-ok", "root-cert.pem", "ncip-cert.pem", NULL, "", OK, RIGHT },
    { "ncmail-bad", "root-cert.pem", "ncmail-cert.pem", NULL, "", X509_V_ERR_PERMITTED_VIOLATION, 0, RIGHT },
    { "ncuri-bad", "root-cert.pem", "ncuri-cert.pem", NULL, "", X509_V_ERR_EXCLUDED_VIOLATION, 0, RIGHT },
    { "ncdir-ok", "root-cert.pem", "ncdir-cert.pem", NULL, "", OK, RIGHT },
    { "ncdir-bad", "root-cert.pem", "ncdir-cert.pem", NULL, "", X509_V_ERR_PERMITTED_VIOLATION, 0, RIGHT },
    /* 1102 names x 1000 constraints: refused before any comparison, as OpenSSL */
    { "nchuge-leaf", "root-cert.pem", "nchuge-cert.pem", NULL, "", X509_V_ERR_UNSPECIFIED, 0, RIGHT },
};

/* 2: the trust anchor is a certificate */
static const vcase ANCHOR_CASES[] = {
    { "oldleaf", "oldroot-cert.pem", NULL, NULL, "", X509_V_ERR_CERT_HAS_EXPIRED, 1, RIGHT },
    { "critleaf", "critroot-cert.pem", NULL, NULL, "", X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION, 1, RIGHT },
    { "nokuleaf", "nokuroot-cert.pem", NULL, NULL, "", X509_V_ERR_INVALID_CA, 1, RIGHT },
    { "skicritleaf", "root-cert.pem", "skicrit-cert.pem", NULL, "", X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION, 1, RIGHT },
    { "leaf", "ica-only.pem", NULL, NULL, "", X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, 1, RIGHT },
    { "leaf", "ica-only.pem", NULL, NULL, "-partial_chain", OK, RIGHT },
    { "leaf", "root-cert.pem", "ica-only.pem", NULL, "", OK, RIGHT },
};

/* 3: path building */
static const vcase PATH_CASES[] = {
    { "xleaf", "root-cert.pem", "cross-b.pem", NULL, "", OK, RIGHT },
    { "xleaf", "root-cert.pem", "cross-a.pem", NULL, "", OK,
      "OpenSSL takes the first untrusted issuer (the untrusted self-signed Cross Root) and gives up "
      "there, so its answer depends on the order the certificates came in",
      X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, 2 },
    { "xleaf", "two-roots.pem", "xint-cert.pem", NULL, "", OK, RIGHT },
    { "leaf", "root-cert.pem", "ica-twins.pem", NULL, "", OK, RIGHT },
    { "twinleaf", "twinroot-cert.pem", "twins-fake-first.pem", NULL, "", OK,
      "without key identifiers OpenSSL takes the first certificate with the issuer's name and does "
      "not try the next when its signature fails",
      X509_V_ERR_CERT_SIGNATURE_FAILURE, 0 },
    { "loopleaf", "root-cert.pem", "loop.pem", NULL, "", X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 2, RIGHT },
    { "plleaf", "root-cert.pem", "pl-si.pem", NULL, "", OK, RIGHT },
    { "pl2leaf", "root-cert.pem", "pl-2.pem", NULL, "", X509_V_ERR_PATH_LENGTH_EXCEEDED, 2, RIGHT },
    { "leaf", "root-cert.pem", "ica-only.pem", NULL, "-verify_depth 0", X509_V_ERR_CERT_CHAIN_TOO_LONG, 1, RIGHT },
};

/* 4: extensions and X509_V_FLAG_X509_STRICT */
static const vcase EXT_CASES[] = {
    { "ekucrit", "root-cert.pem", "ica-only.pem", NULL, "", OK, RIGHT },
    { "aiacrit", "root-cert.pem", "ica-only.pem", NULL, "", X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION, 0, RIGHT },
    { "bcncleaf", "root-cert.pem", "bcnc-cert.pem", NULL, "", OK, RIGHT },
    { "bcncleaf", "root-cert.pem", "bcnc-cert.pem", NULL, "-x509_strict", X509_V_ERR_CA_BCONS_NOT_CRITICAL, 1, RIGHT },
    { "kucs", "root-cert.pem", "ica-only.pem", NULL, "-x509_strict", X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA, 0, RIGHT },
    { "emptysan", "root-cert.pem", "ica-only.pem", NULL, "-x509_strict", X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL, 0, RIGHT },
    { "noakileaf", "root-cert.pem", "noaki-cert.pem", NULL, "-x509_strict", X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER, 0, RIGHT },
    { "noakileaf", "root-cert.pem", "noaki-cert.pem", NULL, "", OK, RIGHT },
    { "leaf", "root-cert.pem", "ica-only.pem", NULL, "-x509_strict", OK, RIGHT },
};

/* 5: purpose, security level, email */
static const vcase CONTROL_CASES[] = {
    { "clientonly", "root-cert.pem", "ica-only.pem", NULL, "-purpose sslserver", X509_V_ERR_INVALID_PURPOSE, 0, RIGHT },
    { "clientonly", "root-cert.pem", "ica-only.pem", NULL, "-purpose sslclient", OK, RIGHT },
    { "clientonly", "root-cert.pem", "ica-only.pem", NULL, "", OK, RIGHT },
    { "rsa1024", "root-cert.pem", "ica-only.pem", NULL, "-auth_level 2", X509_V_ERR_EE_KEY_TOO_SMALL, 0, RIGHT },
    { "rsa1024", "root-cert.pem", "ica-only.pem", NULL, "-auth_level 1", OK, RIGHT },
    { "weakleaf", "root-cert.pem", "weakint-cert.pem", NULL, "-auth_level 2", X509_V_ERR_CA_KEY_TOO_SMALL, 1, RIGHT },
    { "sha1leaf", "root-cert.pem", "ica-only.pem", NULL, "-auth_level 1", X509_V_ERR_CA_MD_TOO_WEAK, 0, RIGHT },
    { "sha1leaf", "root-cert.pem", "ica-only.pem", NULL, "-auth_level 0", OK, RIGHT },
    { "leaf", "root-cert.pem", "ica-only.pem", NULL, "-verify_email user@example.com", OK, RIGHT },
    { "leaf", "root-cert.pem", "ica-only.pem", NULL, "-verify_email other@example.com", X509_V_ERR_EMAIL_MISMATCH, 0, RIGHT },
    { "leaf", "root-cert.pem", "ica-only.pem", NULL, "-verify_hostname www.example.com", X509_V_ERR_HOSTNAME_MISMATCH, 0, RIGHT },
};

/* 6: revocation */
static const vcase CRL_CASES[] = {
    { "crl-good", "crlca-cert.pem", "crlint-only.pem", "int.crl", "-crl_check", OK, RIGHT },
    { "crl-revoked", "crlca-cert.pem", "crlint-only.pem", "int.crl", "-crl_check", X509_V_ERR_CERT_REVOKED, 0, RIGHT },
    { "crl-revoked", "crlca-cert.pem", "crlint-only.pem", "int.crl", "", OK, RIGHT },
    { "crl-good", "crlca-cert.pem", "crlint-only.pem", NULL, "-crl_check", X509_V_ERR_UNABLE_TO_GET_CRL, 0, RIGHT },
    { "crl-good", "crlca-cert.pem", "crlint-only.pem", "int-expired.crl", "-crl_check", X509_V_ERR_CRL_HAS_EXPIRED, 0, RIGHT },
    { "crl-good", "crlca-cert.pem", "crlint-only.pem", "int-future.crl", "-crl_check", X509_V_ERR_CRL_NOT_YET_VALID, 0, RIGHT },
    { "crl-good", "crlca-cert.pem", "crlint-only.pem", "int-badsig.crl", "-crl_check", X509_V_ERR_CRL_SIGNATURE_FAILURE, 0, RIGHT },
    { "crl-nosignleaf", "crlca-cert.pem", "crlnosign-cert.pem", "nosign.crl", "-crl_check", X509_V_ERR_KEYUSAGE_NO_CRL_SIGN, 0, RIGHT },
    { "crl-good", "crlca-cert.pem", "crlint-only.pem", "int.crl", "-crl_check_all", X509_V_ERR_UNABLE_TO_GET_CRL, 1, RIGHT },
    { "crl-good", "crlca-cert.pem", "crlint-only.pem", "both.crl", "-crl_check_all", OK, RIGHT },
};

/* ---- openssl verify ------------------------------------------------------------------------ */

/* Splits a copy of opts at blanks into argv (at most max). */
static int split_opts(const char *opts, char *buf, size_t size, char **argv, int max)
{
    int n = 0;
    char *p;

    snprintf(buf, size, "%s", opts);
    for (p = strtok(buf, " "); p != NULL && n < max; p = strtok(NULL, " "))
        argv[n++] = p;
    return n;
}

/* Runs `openssl verify` on the case; its first error and depth (X509_V_OK: it printed OK). */
static void openssl_verify(const vcase *c, int *err, int *depth)
{
    char *argv[32], opts[256], out[8192], leaf[200], ca[200], un[200], crl[200];
    const char *p;
    int n = 0;

    argv[n++] = (char *)tu_openssl();
    argv[n++] = "verify";
    snprintf(ca, sizeof(ca), "%s", gen(c->cafile));
    argv[n++] = "-CAfile";
    argv[n++] = ca;
    if (c->untrusted != NULL) {
        snprintf(un, sizeof(un), "%s", gen(c->untrusted));
        argv[n++] = "-untrusted";
        argv[n++] = un;
    }
    if (c->crlfile != NULL) {
        snprintf(crl, sizeof(crl), "%s", gen(c->crlfile));
        argv[n++] = "-CRLfile";
        argv[n++] = crl;
    }
    n += split_opts(c->opts, opts, sizeof(opts), argv + n, 20);
    snprintf(leaf, sizeof(leaf), "%s/%s-cert.pem", gen_dir, c->leaf);
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

/* Every certificate of a PEM file. */
static STACK_OF(X509) *read_certs(const char *path)
{
    STACK_OF(X509) *sk = sk_X509_new_null();
    FILE *f = fopen(path, "r");
    X509 *x;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL)
        sk_X509_push(sk, x);
    fclose(f);
    ERR_clear_error();
    return sk;
}

/* Applies the `openssl verify` options of a case to the parameters. */
static void apply_opts(const char *opts, X509_VERIFY_PARAM *p)
{
    char buf[256], *argv[20];
    int n = split_opts(opts, buf, sizeof(buf), argv, 20), i;

    for (i = 0; i < n; i++) {
        const char *o = argv[i], *v = i + 1 < n ? argv[i + 1] : "";

        if (strcmp(o, "-partial_chain") == 0)
            ck_assert_int_eq(X509_VERIFY_PARAM_set_flags(p, X509_V_FLAG_PARTIAL_CHAIN), 1);
        else if (strcmp(o, "-x509_strict") == 0)
            ck_assert_int_eq(X509_VERIFY_PARAM_set_flags(p, X509_V_FLAG_X509_STRICT), 1);
        else if (strcmp(o, "-crl_check") == 0)
            ck_assert_int_eq(X509_VERIFY_PARAM_set_flags(p, X509_V_FLAG_CRL_CHECK), 1);
        else if (strcmp(o, "-crl_check_all") == 0)
            ck_assert_int_eq(X509_VERIFY_PARAM_set_flags(p, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL), 1);
        else if (strcmp(o, "-purpose") == 0 && i++ >= 0)
            ck_assert_int_eq(X509_VERIFY_PARAM_set_purpose(p, strcmp(v, "sslserver") == 0
                                                          ? X509_PURPOSE_SSL_SERVER : X509_PURPOSE_SSL_CLIENT), 1);
        else if (strcmp(o, "-auth_level") == 0 && i++ >= 0)
            X509_VERIFY_PARAM_set_auth_level(p, atoi(v));
        else if (strcmp(o, "-verify_depth") == 0 && i++ >= 0)
            X509_VERIFY_PARAM_set_depth(p, atoi(v));
        else if (strcmp(o, "-verify_email") == 0 && i++ >= 0)
            ck_assert_int_eq(X509_VERIFY_PARAM_set1_email(p, v, 0), 1);
        else if (strcmp(o, "-verify_hostname") == 0 && i++ >= 0)
            ck_assert_int_eq(X509_VERIFY_PARAM_set1_host(p, v, 0), 1);
        else
            ck_abort_msg("option %s not known to the test", o);
    }
}

/* A store trusting the case's file, with its CRLs loaded through an X509_LOOKUP_file. */
static X509_STORE *case_store(const vcase *c)
{
    X509_STORE *st = X509_STORE_new();

    ck_assert_int_eq(X509_STORE_load_locations(st, gen(c->cafile), NULL), 1);
    if (c->crlfile != NULL) {
        X509_LOOKUP *l = X509_STORE_add_lookup(st, X509_LOOKUP_file());

        ck_assert_ptr_nonnull(l);
        ck_assert_int_gt(X509_load_crl_file(l, gen(c->crlfile), X509_FILETYPE_PEM), 0);
    }
    return st;
}

/* X509_verify_cert on the case; its error and depth. */
static void kumassl_verify(const vcase *c, X509_STORE_CTX_verify_cb cb, int *err, int *depth)
{
    char path[200];
    X509_STORE *st = case_store(c);
    STACK_OF(X509) *un = c->untrusted != NULL ? read_certs(gen(c->untrusted)) : NULL;
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    X509 *leaf;
    int r;

    snprintf(path, sizeof(path), "%s/%s-cert.pem", gen_dir, c->leaf);
    leaf = tu_read_cert(path);
    ck_assert_int_eq(X509_STORE_CTX_init(ctx, st, leaf, un), 1);
    apply_opts(c->opts, X509_STORE_CTX_get0_param(ctx));
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

#define COUNT(a) (int)(sizeof(a) / sizeof((a)[0]))

static Suite *rfc_suite(void)
{
    Suite *s = suite_create("verify_rfc");
    TCase *tc = tu_add_tcase(s, "openssl", 60);

    tcase_add_loop_test(tc, test_name_constraints, 0, COUNT(NC_CASES));
    tcase_add_loop_test(tc, test_anchors, 0, COUNT(ANCHOR_CASES));
    tcase_add_loop_test(tc, test_paths, 0, COUNT(PATH_CASES));
    tcase_add_loop_test(tc, test_extensions, 0, COUNT(EXT_CASES));
    tcase_add_loop_test(tc, test_controls, 0, COUNT(CONTROL_CASES));
    tcase_add_loop_test(tc, test_crls, 0, COUNT(CRL_CASES));
    return s;
}

int main(void)
{
    int rc;

    if (make_certs() != 0)
        return 99;
    rc = tu_run_suite(rfc_suite(), CK_NORMAL);
    if (getenv("KUMA_KEEP_CERTS") == NULL)
        tu_rmtree(gen_dir);
    else
        fprintf(stderr, "certificates kept in %s\n", gen_dir);
    return rc;
}
