/*
 * The RFC 5280 verification cases shared by check_verify_rfc (against
 * `openssl verify`) and check_verify_tls (through TLS handshakes with
 * openssl s_server / s_client): the certificates tests/gen-verify-certs.sh
 * makes, the case tables, and how a case's `openssl verify` options become
 * X509_VERIFY_PARAM settings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include "testutil.h"
#include "verify_cases.h"

char vc_dir[64];

const char *vc_path(const char *name)
{
    static char bufs[16][200];
    static unsigned next;
    char *b = bufs[next++ % 16];

    snprintf(b, sizeof(bufs[0]), "%s/%s", vc_dir, name);
    return b;
}

int vc_make_certs(void)
{
    strcpy(vc_dir, "/tmp/kuma-vrfc.XXXXXX");
    return tu_gen_dir(vc_dir, "exec sh \"" KUMA_SRCDIR "/tests/gen-verify-certs.sh\" \"$@\"", 240000);
}

/* ---- the cases ------------------------------------------------------------------------ */



/* 1: name constraints */
const vcase NC_CASES[] = {
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
const vcase ANCHOR_CASES[] = {
    { "oldleaf", "oldroot-cert.pem", NULL, NULL, "", X509_V_ERR_CERT_HAS_EXPIRED, 1, RIGHT },
    { "critleaf", "critroot-cert.pem", NULL, NULL, "", X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION, 1, RIGHT },
    { "nokuleaf", "nokuroot-cert.pem", NULL, NULL, "", X509_V_ERR_INVALID_CA, 1, RIGHT },
    { "skicritleaf", "root-cert.pem", "skicrit-cert.pem", NULL, "", X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION, 1, RIGHT },
    { "leaf", "ica-only.pem", NULL, NULL, "", X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, 1, RIGHT },
    { "leaf", "ica-only.pem", NULL, NULL, "-partial_chain", OK, RIGHT },
    { "leaf", "root-cert.pem", "ica-only.pem", NULL, "", OK, RIGHT },
};

/* 3: path building */
const vcase PATH_CASES[] = {
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
const vcase EXT_CASES[] = {
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
const vcase CONTROL_CASES[] = {
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
    /* time and the remaining flags */
    { "oldleaf", "oldroot-cert.pem", NULL, NULL, "-no_check_time", OK, RIGHT },
    { "oldleaf", "oldroot-cert.pem", NULL, NULL, "-attime 959817600", X509_V_ERR_CERT_NOT_YET_VALID, 0, RIGHT },
    { "leaf", "root-cert.pem", "ica-only.pem", NULL, "-attime 4102444800", X509_V_ERR_CERT_HAS_EXPIRED, 2, RIGHT },
    { "leaf", "root-cert.pem", "ica-only.pem", NULL, "-trusted_first -check_ss_sig", OK, RIGHT },
    { "critleaf", "critroot-cert.pem", NULL, NULL, "-ignore_critical", OK, RIGHT },
};

/* 6: revocation */
const vcase CRL_CASES[] = {
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


/* 7: RSASSA-PSS signatures (salt lengths max, 48 and 0; SHA-1 as a weak digest) */
const vcase PSS_CASES[] = {
    { "pssleaf", "pssroot-cert.pem", "pssint-only.pem", NULL, "", OK, RIGHT },
    { "pssleaf", "pssroot-cert.pem", "pssint-only.pem", NULL, "-auth_level 2", OK, RIGHT },
    { "pssbad", "pssroot-cert.pem", "pssint-only.pem", NULL, "", X509_V_ERR_CERT_SIGNATURE_FAILURE, 0, RIGHT },
    { "psssha1", "pssroot-cert.pem", "pssint-only.pem", NULL, "", OK, RIGHT },
    { "psssha1", "pssroot-cert.pem", "pssint-only.pem", NULL, "-auth_level 1", X509_V_ERR_CA_MD_TOO_WEAK, 0, RIGHT },
    { "pssint", "pssroot-cert.pem", NULL, NULL, "-auth_level 2", OK, RIGHT },
    { "pssint", "pssroot-cert.pem", NULL, NULL, "-auth_level 3", X509_V_ERR_EE_KEY_TOO_SMALL, 0, RIGHT },
};

#define COUNT(a) (int)(sizeof(a) / sizeof((a)[0]))
const int NC_COUNT = COUNT(NC_CASES);
const int ANCHOR_COUNT = COUNT(ANCHOR_CASES);
const int PATH_COUNT = COUNT(PATH_CASES);
const int EXT_COUNT = COUNT(EXT_CASES);
const int CONTROL_COUNT = COUNT(CONTROL_CASES);
const int CRL_COUNT = COUNT(CRL_CASES);
const int PSS_COUNT = COUNT(PSS_CASES);

/* Splits a copy of opts at blanks into argv (at most max). */
int vc_split_opts(const char *opts, char *buf, size_t size, char **argv, int max)
{
    int n = 0;
    char *p;

    snprintf(buf, size, "%s", opts);
    for (p = strtok(buf, " "); p != NULL && n < max; p = strtok(NULL, " "))
        argv[n++] = p;
    return n;
}

/* Every certificate of a PEM file. */
STACK_OF(X509) *vc_read_certs(const char *path)
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
/* The verification flag an `openssl verify` option sets, 0 for other options. */
static unsigned long flag_option(const char *o)
{
    static const struct { const char *opt; unsigned long flag; } F[] = {
        { "-partial_chain", X509_V_FLAG_PARTIAL_CHAIN },
        { "-x509_strict", X509_V_FLAG_X509_STRICT },
        { "-crl_check", X509_V_FLAG_CRL_CHECK },
        { "-crl_check_all", X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL },
        { "-no_check_time", X509_V_FLAG_NO_CHECK_TIME },
        { "-trusted_first", X509_V_FLAG_TRUSTED_FIRST },
        { "-check_ss_sig", X509_V_FLAG_CHECK_SS_SIGNATURE },
        { "-ignore_critical", X509_V_FLAG_IGNORE_CRITICAL },
    };
    size_t i;

    for (i = 0; i < sizeof(F) / sizeof(F[0]); i++)
        if (strcmp(o, F[i].opt) == 0)
            return F[i].flag;
    return 0;
}

void vc_apply_opts(const char *opts, X509_VERIFY_PARAM *p)
{
    char buf[256], *argv[20];
    int n = vc_split_opts(opts, buf, sizeof(buf), argv, 20), i;

    for (i = 0; i < n; i++) {
        const char *o = argv[i], *v = i + 1 < n ? argv[i + 1] : "";

        unsigned long flag = flag_option(o);

        if (flag != 0)
            ck_assert_int_eq(X509_VERIFY_PARAM_set_flags(p, flag), 1);
        else if (strcmp(o, "-attime") == 0 && i++ >= 0)
            X509_VERIFY_PARAM_set_time(p, (time_t)atol(v));
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


int vc_run_suite(Suite *(*make)(void))
{
    int rc;

    if (vc_make_certs() != 0)
        return 99;
    rc = tu_run_suite(make(), CK_NORMAL);
    if (getenv("KUMA_KEEP_CERTS") == NULL)
        tu_rmtree(vc_dir);
    else
        fprintf(stderr, "certificates kept in %s\n", vc_dir);
    return rc;
}
