/*
 * verify_cases.h -- the RFC 5280 verification cases of tests/gen-verify-certs.sh,
 * shared by check_verify_rfc.c and check_verify_tls.c (see verify_cases.c).
 */
#ifndef KUMASSL_VERIFY_CASES_H
#define KUMASSL_VERIFY_CASES_H

#include <check.h>
#include <openssl/x509_vfy.h>

/* The directory vc_make_certs() filled, and the path of a file made there
 * (16 rotating static buffers, as tu_cert()). */
extern char vc_dir[64];
const char *vc_path(const char *name);

/* Runs tests/gen-verify-certs.sh into a new directory (vc_dir); 0 or -1. */
int vc_make_certs(void);

/* A test program's main: makes the certificates, runs the suite make() builds, removes them
 * (kept, and named on stderr, when KUMA_KEEP_CERTS is set); 99 when they cannot be made. */
int vc_run_suite(Suite *(*make)(void));

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

/* 1: name constraints, 2: anchors, 3: paths, 4: extensions, 5: controls, 6: CRLs, 7: RSA-PSS */
extern const vcase NC_CASES[];
extern const int NC_COUNT;
extern const vcase ANCHOR_CASES[];
extern const int ANCHOR_COUNT;
extern const vcase PATH_CASES[];
extern const int PATH_COUNT;
extern const vcase EXT_CASES[];
extern const int EXT_COUNT;
extern const vcase CONTROL_CASES[];
extern const int CONTROL_COUNT;
extern const vcase CRL_CASES[];
extern const int CRL_COUNT;
extern const vcase PSS_CASES[];
extern const int PSS_COUNT;

/* Splits a copy of opts at blanks into argv (at most max) in buf; the count. */
int vc_split_opts(const char *opts, char *buf, size_t size, char **argv, int max);

/* Every certificate of a PEM file (the test fails if it cannot be opened). */
STACK_OF(X509) *vc_read_certs(const char *path);

/* Applies a case's `openssl verify` options to p (the test fails on an unknown one). */
void vc_apply_opts(const char *opts, X509_VERIFY_PARAM *p);

#endif
