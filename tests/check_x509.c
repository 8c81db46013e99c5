/*
 * kumassl tests: certificates, keys, PEM, names, host matching, trust store.
 *
 * Self-contained: the certificates and keys are made at start with the
 * openssl command line tool in a fresh temporary directory, removed at the end
 * (kept, for a look, when KUMA_KEEP_FIXTURES is set).
 */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/err.h>
#include "crypto_int.h"
#include "testutil.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static char dir[64];

/* ---- fixtures --------------------------------------------------------------------- */

static const char *path_of(const char *name)
{
    static char buf[4][256];
    static int next;
    char *p = buf[next++ % 4];

    snprintf(p, sizeof(buf[0]), "%s/%s", dir, name);
    return p;
}

static const char *ext_cnf =
    "[ req ]\ndistinguished_name = dn\n[ dn ]\n"
    "[ v3_ca ]\nbasicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\n"
    "[ v3_leaf ]\nbasicConstraints = CA:FALSE\n"
    "subjectAltName = DNS:www.example.com, DNS:*.wild.example.com, "
    "DNS:a*.partial.example.com, DNS:*.com, DNS:*.xn--bcher-kva.example, "
    "IP:127.0.0.1, IP:::1\n"
    "[ v3_san_only ]\nbasicConstraints = CA:FALSE\nsubjectAltName = DNS:san.example.com\n";

/* Commands run in the temporary directory; any failure aborts the test program. */
static const char *gen_cmds[] = {
    "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048-p8.pem",
    "openssl pkey -in rsa2048-p8.pem -traditional -out rsa2048-p1.pem"
    " && openssl pkey -in rsa2048-p8.pem -outform DER -out rsa2048-p8.der"
    " && openssl rsa -in rsa2048-p8.pem -traditional -outform DER -out rsa2048-p1.der",
    "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out rsa4096-p8.pem",
    "openssl ecparam -name prime256v1 -genkey -out ec256-sec1.pem",
    "openssl pkey -in ec256-sec1.pem -out ec256-p8.pem"
    " && openssl pkey -in ec256-sec1.pem -outform DER -out ec256-p8.der"
    " && openssl ec -in ec256-sec1.pem -outform DER -out ec256-sec1.der",
    "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384-p8.pem",
    "openssl pkey -in rsa2048-p8.pem -aes128 -passout pass:x -out enc-p8.pem",
    "openssl rsa -in rsa2048-p8.pem -traditional -aes128 -passout pass:x -out enc-p1.pem",
    "openssl req -x509 -new -config x.cnf -extensions v3_ca -key rsa2048-p8.pem"
    " -subj '/C=JP/ST=Tokyo/O=Example/CN=Example CA' -days 30 -out ca.pem",
    "openssl x509 -in ca.pem -outform DER -out ca.der"
    " && openssl x509 -in ca.pem -trustout -addtrust serverAuth -out ca-trusted.pem",
    "openssl req -new -config x.cnf -key ec256-sec1.pem"
    " -subj '/C=JP/ST=Tokyo/O=Example/CN=www.example.com' -out leaf.csr",
    "openssl x509 -req -in leaf.csr -CA ca.pem -CAkey rsa2048-p8.pem -set_serial 2 -days 30"
    " -extfile x.cnf -extensions v3_leaf -out leaf.pem",
    "openssl x509 -in leaf.pem -outform DER -out leaf.der",
    "openssl req -new -config x.cnf -key ec384-p8.pem -subj '/CN=ignored.example.com' -out san.csr",
    "openssl x509 -req -in san.csr -CA ca.pem -CAkey rsa2048-p8.pem -set_serial 3 -days 30"
    " -extfile x.cnf -extensions v3_san_only -out san.pem",
    "openssl req -new -config x.cnf -key rsa4096-p8.pem -utf8"
    " -subj '/C=JP/O=A\\/B\\+C/OU=caf\xc3\xa9/DC=org/emailAddress=a@example.org/CN=v1.example.com'"
    " -out v1.csr",
    "openssl x509 -req -in v1.csr -signkey rsa4096-p8.pem -days 30 -out v1.pem",
    "(echo 'Bundle of test certificates'; cat ca.pem; echo 'some text'; cat ec256-sec1.pem;"
    " echo; cat leaf.pem; echo trailer) > bundle.pem",
    "sed 's/$/\\r/' bundle.pem > bundle-crlf.pem",
    "cat leaf.pem ec256-sec1.pem > leaf-and-key.pem",
    "echo 'no certificate in here' > text.txt && head -c 300 ca.der > truncated.der"
    " && sed '/END/d' ca.pem > truncated.pem && sed '3s/^..../!!!!/' ca.pem > badbase64.pem",
    "mkdir -p certdir && cp ca.pem certdir/ && cp v1.pem certdir/ && cp text.txt certdir/README"
    " && ln -s ca.pem certdir/$(openssl x509 -hash -noout -in ca.pem).0",
    "mkdir -p junkdir && cp text.txt junkdir/",
    "for i in $(seq 1 20); do openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256"
    " -nodes -keyout /dev/null -config x.cnf -extensions v3_ca -subj /CN=ca$i -days 1; done"
    " > many-cas.pem",
    NULL
};

/*
 * Runs a shell command in the fixture directory with "openssl" meaning
 * $KUMA_OPENSSL (set by make check) or the one in PATH. The library path
 * that libtool sets for the test would make the openssl tool load kumassl's
 * libcrypto.so.3 instead of its own, so it is cleared for the command.
 */
static int run_in_dir(const char *what)
{
    const char *tool = getenv("KUMA_OPENSSL");
    char cmd[1024];

    if (tool == NULL || *tool == '\0')
        tool = "openssl";
    snprintf(cmd, sizeof(cmd),
             "unset LD_LIBRARY_PATH LD_PRELOAD; o='%s'; openssl() { command \"$o\" \"$@\"; };"
             " cd '%s' && (%s) >/dev/null 2>&1", tool, dir, what);
    return system(cmd);
}

static void make_fixtures(void)
{
    FILE *f;
    int i;

    strcpy(dir, "/tmp/kuma-check-x509-XXXXXX");
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        exit(1);
    }
    if (run_in_dir("openssl version") != 0) {
        fprintf(stderr, "check_x509: the openssl command line tool is needed\n");
        tu_rmtree(dir);
        exit(77);       /* skipped */
    }
    f = fopen(path_of("x.cnf"), "w");
    if (f == NULL || fputs(ext_cnf, f) < 0 || fclose(f) != 0) {
        perror("x.cnf");
        exit(1);
    }
    for (i = 0; gen_cmds[i] != NULL; i++) {
        if (run_in_dir(gen_cmds[i]) != 0) {
            fprintf(stderr, "fixture command failed: %s\n", gen_cmds[i]);
            tu_rmtree(dir);
            exit(1);
        }
    }
}

/* ---- helpers -------------------------------------------------------------------------- */

/* Empties the error queue; 1 when one of the errors had this library and reason. */
static int drain_has(int lib, int reason)
{
    unsigned long e;
    int found = 0;

    while ((e = ERR_get_error()) != 0) {
        if (ERR_GET_LIB(e) == lib && ERR_GET_REASON(e) == reason)
            found = 1;
    }
    return found;
}

static X509 *load_one(const char *name, int type)
{
    STACK_OF(X509) *sk = kuma_x509_load_file(path_of(name), type);
    X509 *x;

    ck_assert_ptr_nonnull(sk);
    ck_assert_int_ge(sk_X509_num(sk), 1);
    x = sk_X509_shift(sk);
    sk_X509_pop_free(sk, X509_free);
    return x;
}

static unsigned char *slurp(const char *name, size_t *len)
{
    unsigned char *buf = NULL;

    ck_assert_int_eq(kuma_read_file(path_of(name), &buf, len), 1);
    return buf;
}

static int count_certs(const char *name, int type)
{
    STACK_OF(X509) *sk = kuma_x509_load_file(path_of(name), type);
    int n = sk != NULL ? sk_X509_num(sk) : -1;

    sk_X509_pop_free(sk, X509_free);
    return n;
}

/* ---- certificates ---------------------------------------------------------------------- */

START_TEST(cert_load_forms)
{
    X509 *x;

    ck_assert_int_eq(count_certs("ca.pem", X509_FILETYPE_PEM), 1);
    ck_assert_int_eq(count_certs("ca.der", X509_FILETYPE_ASN1), 1);
    ck_assert_int_eq(count_certs("bundle.pem", X509_FILETYPE_PEM), 2);
    ck_assert_int_eq(count_certs("bundle-crlf.pem", X509_FILETYPE_PEM), 2);
    ck_assert_int_eq(count_certs("ca-trusted.pem", X509_FILETYPE_PEM), 1);
    ck_assert_int_eq(count_certs("v1.pem", X509_FILETYPE_PEM), 1);
    x = load_one("ca.pem", X509_FILETYPE_PEM);
    ck_assert_int_eq(x->is_ca, 1);
    ck_assert_int_eq(x->pkey.key_type, BR_KEYTYPE_RSA);
    X509_free(x);
    x = load_one("leaf.pem", X509_FILETYPE_PEM);
    ck_assert_int_eq(x->is_ca, 0);
    ck_assert_int_eq(x->pkey.key_type, BR_KEYTYPE_EC);
    ck_assert_int_eq(x->signer_key_type, BR_KEYTYPE_RSA);
    ck_assert_int_eq(X509_up_ref(x), 1);
    X509_free(x);
    X509_free(x);
}
END_TEST

/* Files that must not load, and the error each must queue. */
static const struct load_case {
    const char *file;
    int type, lib, reason;
} cert_errors[] = {
    { "missing.pem", X509_FILETYPE_PEM, ERR_LIB_SYS, ENOENT },
    { "text.txt", X509_FILETYPE_PEM, ERR_LIB_PEM, PEM_R_NO_START_LINE },
    { "ec256-sec1.pem", X509_FILETYPE_PEM, ERR_LIB_PEM, PEM_R_NO_START_LINE },
    { "truncated.pem", X509_FILETYPE_PEM, ERR_LIB_PEM, PEM_R_BAD_END_LINE },
    { "badbase64.pem", X509_FILETYPE_PEM, ERR_LIB_PEM, PEM_R_BAD_BASE64_DECODE },
    { "truncated.der", X509_FILETYPE_ASN1, ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR },
    { "ca.pem", X509_FILETYPE_ASN1, ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR },
    { "ca.pem", 42, ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT },
}, key_errors[] = {
    { "missing.key", X509_FILETYPE_PEM, ERR_LIB_SYS, ENOENT },
    { "enc-p8.pem", X509_FILETYPE_PEM, ERR_LIB_PEM, PEM_R_BAD_PASSWORD_READ },
    { "enc-p1.pem", X509_FILETYPE_PEM, ERR_LIB_PEM, PEM_R_BAD_PASSWORD_READ },
    { "ca.pem", X509_FILETYPE_PEM, ERR_LIB_PEM, PEM_R_NO_START_LINE },
    { "ca.der", X509_FILETYPE_ASN1, ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR },
    { "rsa2048-p8.pem", 0, ERR_LIB_EVP, ERR_R_PASSED_INVALID_ARGUMENT },
};

START_TEST(cert_load_errors)
{
    const struct load_case *c = &cert_errors[_i];

    ck_assert_ptr_null(kuma_x509_load_file(path_of(c->file), c->type));
    ck_assert_msg(drain_has(c->lib, c->reason), "%s: error %d/%d expected", c->file, c->lib, c->reason);
}
END_TEST

START_TEST(cert_load_mem_errors)
{
    static const unsigned char garbage[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };

    ck_assert_ptr_null(kuma_x509_load_mem(garbage, sizeof(garbage), X509_FILETYPE_ASN1));
    ck_assert(drain_has(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR));
    ck_assert_ptr_null(kuma_x509_load_mem(NULL, 0, X509_FILETYPE_PEM));
    ck_assert(drain_has(ERR_LIB_PEM, PEM_R_NO_START_LINE));
    ck_assert_ptr_null(kuma_x509_from_der(NULL, 0));
    ERR_clear_error();
}
END_TEST

START_TEST(cert_der_round_trip)
{
    X509 *x = load_one("leaf.pem", X509_FILETYPE_PEM), *y = NULL, *z;
    size_t dlen;
    unsigned char *der = slurp("leaf.der", &dlen), *out = NULL, *two, *p;
    const unsigned char *in;
    int len = i2d_X509(x, NULL);

    ck_assert_int_eq(len, (int)dlen);
    ck_assert_int_eq(i2d_X509(x, &out), len);
    ck_assert_mem_eq(out, der, dlen);
    /* two certificates back to back: d2i reads one and advances */
    two = malloc(2 * dlen);
    p = two;
    ck_assert_int_eq(i2d_X509(x, &p), len);
    ck_assert_int_eq(i2d_X509(x, &p), len);
    ck_assert_ptr_eq(p, two + 2 * dlen);
    in = two;
    z = d2i_X509(&y, &in, (long)(2 * dlen));
    ck_assert_ptr_nonnull(z);
    ck_assert_ptr_eq(z, y);
    ck_assert_ptr_eq(in, two + dlen);
    ck_assert_int_eq(X509_NAME_cmp(X509_get_subject_name(y), X509_get_subject_name(x)), 0);
    z = d2i_X509(&y, &in, (long)dlen);      /* replaces *a */
    ck_assert_ptr_eq(z, y);
    ck_assert_ptr_null(d2i_X509(NULL, &in, 0));
    in = der;
    ck_assert_ptr_null(d2i_X509(NULL, &in, 10));
    ck_assert_ptr_eq(in, der);
    ERR_clear_error();
    X509_free(y);
    X509_free(x);
    free(two);
    OPENSSL_free(out);
    OPENSSL_free(der);
}
END_TEST

/* Every truncation and many single-byte corruptions of a certificate: no crash, no leak. */
START_TEST(cert_hostile_der)
{
    size_t len, i;
    unsigned char *der = slurp("leaf.der", &len);
    unsigned char ip[4] = { 127, 0, 0, 1 };

    for (i = 0; i < len; i++) {
        ck_assert_ptr_null(kuma_x509_from_der(der, i));
        der[i] ^= (unsigned char)(i % 7 == 0 ? 0x80 : 0xFF);
        X509 *x = kuma_x509_from_der(der, len);

        if (x != NULL) {
            char *s = X509_NAME_oneline(X509_get_subject_name(x), NULL, 0);

            OPENSSL_free(s);
            (void)X509_check_host(x, "www.example.com", 0, 0, NULL);
            (void)X509_check_ip(x, ip, 4, 0);
            X509_free(x);
        }
        der[i] ^= (unsigned char)(i % 7 == 0 ? 0x80 : 0xFF);
        ERR_clear_error();
    }
    OPENSSL_free(der);
}
END_TEST

START_TEST(cert_null_args)
{
    unsigned char *out = NULL;

    X509_free(NULL);
    EVP_PKEY_free(NULL);
    X509_NAME_free(NULL);
    ck_assert_int_eq(i2d_X509(NULL, &out), -1);
    ck_assert_ptr_null(d2i_X509(NULL, NULL, 10));
    ck_assert_ptr_null(X509_get_subject_name(NULL));
    ck_assert_ptr_null(X509_NAME_oneline(NULL, NULL, 0));
    ck_assert_ptr_null(X509_NAME_dup(NULL));
    ck_assert_int_eq(X509_NAME_get_text_by_NID(NULL, NID_commonName, NULL, 0), -1);
    ck_assert_int_eq(X509_check_host(NULL, "a.example", 0, 0, NULL), -2);
    ck_assert_int_eq(X509_check_ip_asc(NULL, "127.0.0.1", 0), -2);
    ck_assert_int_eq(X509_check_private_key(NULL, NULL), 0);
    ck_assert_int_eq(X509_STORE_add_cert(NULL, NULL), 0);
    ck_assert_int_eq(X509_STORE_load_locations(NULL, "x", NULL), 0);
    ck_assert_ptr_null(PEM_read_bio_X509(NULL, NULL, NULL, NULL));
    ck_assert_ptr_null(PEM_read_PrivateKey(NULL, NULL, NULL, NULL));
    ck_assert_ptr_null(kuma_pkey_load_file(NULL, X509_FILETYPE_PEM));
    ck_assert_int_eq(EVP_PKEY_id(NULL), EVP_PKEY_NONE);
    ck_assert_int_eq(EVP_PKEY_bits(NULL), 0);
    ck_assert_int_eq(X509_NAME_cmp(NULL, NULL), 0);
    ERR_clear_error();
}
END_TEST

/* ---- keys ------------------------------------------------------------------------------ */

static void check_key(const char *name, int type, int want_type, int bits)
{
    EVP_PKEY *k = kuma_pkey_load_file(path_of(name), type);

    ck_assert_msg(k != NULL, "loading %s", name);
    ck_assert_int_eq(EVP_PKEY_id(k), want_type);
    ck_assert_int_eq(EVP_PKEY_base_id(k), want_type);
    ck_assert_int_eq(EVP_PKEY_bits(k), bits);
    EVP_PKEY_free(k);
}

START_TEST(key_load_forms)
{
    check_key("rsa2048-p8.pem", X509_FILETYPE_PEM, EVP_PKEY_RSA, 2048);
    check_key("rsa2048-p1.pem", X509_FILETYPE_PEM, EVP_PKEY_RSA, 2048);
    check_key("rsa2048-p8.der", X509_FILETYPE_ASN1, EVP_PKEY_RSA, 2048);
    check_key("rsa2048-p1.der", X509_FILETYPE_ASN1, EVP_PKEY_RSA, 2048);
    check_key("rsa4096-p8.pem", X509_FILETYPE_PEM, EVP_PKEY_RSA, 4096);
    check_key("ec256-sec1.pem", X509_FILETYPE_PEM, EVP_PKEY_EC, 256);
    check_key("ec256-p8.pem", X509_FILETYPE_PEM, EVP_PKEY_EC, 256);
    check_key("ec256-p8.der", X509_FILETYPE_ASN1, EVP_PKEY_EC, 256);
    check_key("ec256-sec1.der", X509_FILETYPE_ASN1, EVP_PKEY_EC, 256);
    check_key("ec384-p8.pem", X509_FILETYPE_PEM, EVP_PKEY_EC, 384);
    check_key("leaf-and-key.pem", X509_FILETYPE_PEM, EVP_PKEY_EC, 256);
}
END_TEST

START_TEST(key_load_errors)
{
    const struct load_case *c = &key_errors[_i];

    ck_assert_ptr_null(kuma_pkey_load_file(path_of(c->file), c->type));
    ck_assert_msg(drain_has(c->lib, c->reason), "%s: error %d/%d expected", c->file, c->lib, c->reason);
}
END_TEST

START_TEST(key_d2i)
{
    size_t len;
    unsigned char *der = slurp("ec256-p8.der", &len);
    const unsigned char *in = der;
    EVP_PKEY *k = NULL;

    ck_assert_ptr_null(d2i_PrivateKey(EVP_PKEY_RSA, NULL, &in, (long)len));
    ck_assert(drain_has(ERR_LIB_EVP, EVP_R_DIFFERENT_KEY_TYPES));
    ck_assert_ptr_eq(in, der);
    ck_assert_ptr_nonnull(d2i_PrivateKey(EVP_PKEY_EC, &k, &in, (long)len));
    ck_assert_ptr_eq(in, der + len);
    in = der;
    ck_assert_ptr_nonnull(d2i_AutoPrivateKey(&k, &in, (long)len));
    ck_assert_int_eq(EVP_PKEY_id(k), EVP_PKEY_EC);
    in = der;
    ck_assert_ptr_null(d2i_AutoPrivateKey(NULL, &in, (long)len - 1));
    ERR_clear_error();
    ck_assert_int_eq(EVP_PKEY_up_ref(k), 1);
    EVP_PKEY_free(k);
    EVP_PKEY_free(k);
    k = EVP_PKEY_new();
    ck_assert_int_eq(EVP_PKEY_id(k), EVP_PKEY_NONE);
    EVP_PKEY_free(k);
    OPENSSL_free(der);
}
END_TEST

static int key_matches(const char *cert, const char *key)
{
    X509 *x = load_one(cert, X509_FILETYPE_PEM);
    EVP_PKEY *k = kuma_pkey_load_file(path_of(key), X509_FILETYPE_PEM);
    int r;

    ck_assert_ptr_nonnull(k);
    r = X509_check_private_key(x, k);
    X509_free(x);
    EVP_PKEY_free(k);
    return r;
}

START_TEST(key_matching)
{
    ck_assert_int_eq(key_matches("ca.pem", "rsa2048-p1.pem"), 1);
    ck_assert_int_eq(key_matches("leaf.pem", "ec256-p8.pem"), 1);
    ck_assert_int_eq(key_matches("san.pem", "ec384-p8.pem"), 1);
    ck_assert_int_eq(key_matches("v1.pem", "rsa4096-p8.pem"), 1);
    ck_assert_int_eq(ERR_peek_error(), 0);
    ck_assert_int_eq(key_matches("ca.pem", "rsa4096-p8.pem"), 0);
    ck_assert(drain_has(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH));
    ck_assert_int_eq(key_matches("leaf.pem", "ec384-p8.pem"), 0);
    ck_assert(drain_has(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH));
    ck_assert_int_eq(key_matches("ca.pem", "ec256-sec1.pem"), 0);
    ck_assert(drain_has(ERR_LIB_X509, X509_R_KEY_TYPE_MISMATCH));
}
END_TEST

/* ---- PEM reading through BIO and FILE ------------------------------------------------- */

/* A memory BIO holding a copy of a fixture file. */
static BIO *bio_of(const char *name)
{
    size_t len;
    unsigned char *buf = slurp(name, &len);
    BIO *b = BIO_new(BIO_s_mem());

    ck_assert_int_eq(BIO_write(b, buf, (int)len), (int)len);
    OPENSSL_free(buf);
    return b;
}

START_TEST(pem_read_bio_loop)
{
    BIO *bio = bio_of("bundle-crlf.pem");
    X509 *a = PEM_read_bio_X509(bio, NULL, NULL, NULL), *b = NULL;
    EVP_PKEY *k;

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(PEM_read_bio_X509(bio, &b, NULL, NULL));
    ck_assert_int_eq(b->is_ca, 0);
    ck_assert_ptr_null(PEM_read_bio_X509(bio, NULL, NULL, NULL));
    ck_assert(drain_has(ERR_LIB_PEM, PEM_R_NO_START_LINE));
    BIO_free(bio);
    X509_free(a);
    /* the key between the two certificates, then the certificate after it */
    bio = bio_of("bundle-crlf.pem");
    k = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    ck_assert_int_eq(EVP_PKEY_id(k), EVP_PKEY_EC);
    ck_assert_ptr_nonnull(PEM_read_bio_X509(bio, &b, NULL, NULL));
    ck_assert_int_eq(b->is_ca, 0);
    BIO_free(bio);
    EVP_PKEY_free(k);
    X509_free(b);
}
END_TEST

START_TEST(pem_read_file_and_aux)
{
    FILE *f = fopen(path_of("bundle.pem"), "r");
    X509 *x, *y = NULL;
    EVP_PKEY *k = NULL;
    BIO *bio;

    ck_assert_ptr_nonnull(f);
    x = PEM_read_X509(f, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(x);
    ck_assert_ptr_nonnull(PEM_read_PrivateKey(f, &k, NULL, NULL));
    ck_assert_ptr_nonnull(PEM_read_X509(f, &y, NULL, NULL));
    ck_assert_ptr_null(PEM_read_X509(f, NULL, NULL, NULL));
    fclose(f);
    X509_free(x);
    X509_free(y);
    EVP_PKEY_free(k);
    /* TRUSTED CERTIFICATE: only through the _AUX variant */
    bio = bio_of("ca-trusted.pem");
    ck_assert_ptr_null(PEM_read_bio_X509(bio, NULL, NULL, NULL));
    BIO_free(bio);
    bio = bio_of("ca-trusted.pem");
    x = PEM_read_bio_X509_AUX(bio, NULL, NULL, NULL);
    ck_assert_int_eq(x->is_ca, 1);
    X509_free(x);
    BIO_free(bio);
    bio = bio_of("enc-p1.pem");
    ck_assert_ptr_null(PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL));
    ck_assert(drain_has(ERR_LIB_PEM, PEM_R_BAD_PASSWORD_READ));
    BIO_free(bio);
}
END_TEST

START_TEST(pem_decode_text)
{
    static const char trunc[] = "-----BEGIN CERTIFICATE-----\nMIIB\n";
    static const char two[] = "x\r\n-----BEGIN A-----\r\nAAEC\r\n-----END A-----\r\n"
                              "y\n-----BEGIN B-----\nAw==\n-----END B-----";
    kuma_pem_block *b;
    size_t n;

    ck_assert_int_eq(kuma_pem_decode_all((const unsigned char *)two, strlen(two), &b, &n), 1);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(b[0].label, "A");
    ck_assert_int_eq(b[0].len, 3);
    ck_assert_str_eq(b[1].label, "B");
    ck_assert_int_eq(b[1].len, 1);
    ck_assert_int_eq(b[1].data[0], 3);
    kuma_pem_free(b, n);
    ck_assert_int_eq(kuma_pem_decode_all((const unsigned char *)trunc, strlen(trunc), &b, &n), 0);
    ck_assert(drain_has(ERR_LIB_PEM, PEM_R_BAD_END_LINE));
    ck_assert_int_eq(kuma_pem_decode_all((const unsigned char *)"", 0, &b, &n), 1);
    ck_assert_int_eq(n, 0);
    kuma_pem_free(b, n);
}
END_TEST

/* ---- names ------------------------------------------------------------------------------- */

START_TEST(name_oneline)
{
    X509 *leaf = load_one("leaf.pem", X509_FILETYPE_PEM);
    X509 *v1 = load_one("v1.pem", X509_FILETYPE_PEM);
    char buf[256], *s;

    s = X509_NAME_oneline(X509_get_subject_name(leaf), NULL, 0);
    ck_assert_str_eq(s, "/C=JP/ST=Tokyo/O=Example/CN=www.example.com");
    OPENSSL_free(s);
    ck_assert_str_eq(X509_NAME_oneline(X509_get_issuer_name(leaf), buf, sizeof(buf)),
                     "/C=JP/ST=Tokyo/O=Example/CN=Example CA");
    /* only whole attributes that fit */
    ck_assert_str_eq(X509_NAME_oneline(X509_get_subject_name(leaf), buf, 20), "/C=JP/ST=Tokyo");
    ck_assert_str_eq(X509_NAME_oneline(X509_get_subject_name(leaf), buf, 3), "");
    ck_assert_ptr_null(X509_NAME_oneline(X509_get_subject_name(leaf), buf, 0));
    s = X509_NAME_oneline(X509_get_subject_name(v1), NULL, 0);
    ck_assert_str_eq(s, "/C=JP/O=A\\/B\\+C/OU=caf\\xC3\\xA9/DC=org/emailAddress=a@example.org"
                        "/CN=v1.example.com");
    OPENSSL_free(s);
    ck_assert_int_eq(X509_NAME_get_text_by_NID(X509_get_subject_name(leaf), NID_commonName,
                                               buf, sizeof(buf)), 15);
    ck_assert_str_eq(buf, "www.example.com");
    ck_assert_int_eq(X509_NAME_get_text_by_NID(X509_get_subject_name(leaf), NID_countryName,
                                               NULL, 0), 2);
    ck_assert_int_eq(X509_NAME_cmp(X509_get_subject_name(v1), X509_get_issuer_name(v1)), 0);
    ck_assert_int_ne(X509_NAME_cmp(X509_get_subject_name(leaf), X509_get_issuer_name(leaf)), 0);
    X509_free(leaf);
    X509_free(v1);
}
END_TEST

/* Hand-made names: an unknown attribute type, a multi-valued RDN, malformed DER. */
START_TEST(name_handmade)
{
    static unsigned char unknown[] = {
        0x30, 0x1A, 0x31, 0x18,
        0x30, 0x0A, 0x06, 0x03, 0x2A, 0x03, 0x04, 0x0C, 0x03, 'x', 'y', 'z',
        0x30, 0x0A, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0C, 0x03, 'a', 0x01, 'b'
    };
    static unsigned char bad[] = { 0x30, 0x05, 0x31, 0x10, 0x30, 0x00, 0x00 };
    X509_NAME n = { unknown, sizeof(unknown), NULL }, m = { bad, sizeof(bad), NULL }, *d;
    char buf[64], *s;

    s = X509_NAME_oneline(&n, NULL, 0);
    ck_assert_str_eq(s, "/1.2.3.4=xyz+CN=a\\x01b");
    OPENSSL_free(s);
    ck_assert_int_eq(X509_NAME_get_text_by_NID(&n, NID_commonName, buf, sizeof(buf)), 3);
    ck_assert_int_eq(X509_NAME_get_text_by_NID(&n, NID_commonName, buf, 2), 1);
    ck_assert_str_eq(buf, "a");
    ck_assert_int_eq(X509_NAME_get_text_by_NID(&n, NID_organizationName, buf, sizeof(buf)), -1);
    ck_assert_ptr_null(X509_NAME_oneline(&m, NULL, 0));
    ck_assert_int_eq(X509_NAME_get_text_by_NID(&m, NID_commonName, buf, sizeof(buf)), -1);
    ERR_clear_error();
    d = X509_NAME_dup(&n);
    ck_assert_int_eq(X509_NAME_cmp(d, &n), 0);
    ck_assert_int_ne(X509_NAME_cmp(d, &m), 0);
    X509_NAME_free(d);
}
END_TEST

/* Attribute types that X509_NAME_print_ex() names are named by X509_NAME_oneline() too. */
START_TEST(name_shared_attributes)
{
    static unsigned char der[] = {
        0x30, 0x1D,
        0x31, 0x0E, 0x30, 0x0C, 0x06, 0x03, 0x55, 0x04, 0x10, 0x0C, 0x05, '1', '-', '2', '-', '3',
        0x31, 0x0B, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, 'J', 'P'
    };
    X509_NAME n = { der, sizeof(der), NULL };
    char buf[64], *s;

    /* as OpenSSL 3 renders it */
    s = X509_NAME_oneline(&n, NULL, 0);
    ck_assert_str_eq(s, "/postalAddress=1-2-3/C=JP");
    OPENSSL_free(s);
    ck_assert_int_eq(X509_NAME_get_text_by_NID(&n, 861 /* NID_postalAddress */, buf, sizeof(buf)), 5);
    ck_assert_str_eq(buf, "1-2-3");
}
END_TEST

/* ---- host names and addresses -------------------------------------------------------------- */

static const struct host_case {
    const char *cert, *name;
    unsigned int flags;
    int want;
} host_cases[] = {
    { "leaf.pem", "www.example.com", 0, 1 },
    { "leaf.pem", "WWW.Example.COM", 0, 1 },
    { "leaf.pem", "www.example.com.", 0, 1 },
    { "leaf.pem", "foo.wild.example.com", 0, 1 },
    { "leaf.pem", "abc.partial.example.com", 0, 1 },
    { "leaf.pem", "xn--caf-dma.wild.example.com", 0, 1 },
    { "leaf.pem", "xn--bcher-kva.xn--bcher-kva.example", 0, 1 },
    { "v1.pem", "v1.example.com", 0, 1 },
    { "san.pem", "san.example.com", 0, 1 },
    { "san.pem", "ignored.example.com", X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT, 1 },
    { "leaf.pem", "a.b.wild.example.com", X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS, 1 },
    /* a reference starting with '.' means "any subdomain of" */
    { "leaf.pem", ".example.com", 0, 1 },
    { "v1.pem", ".com", 0, 1 },
    { "v1.pem", ".com", X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS, 0 },
    { "leaf.pem", "example.com", 0, 0 },
    { "leaf.pem", "wild.example.com", 0, 0 },
    { "leaf.pem", "a.b.wild.example.com", 0, 0 },
    { "leaf.pem", "foo.com", 0, 0 },          /* "*.com" is not a wildcard */
    { "leaf.pem", "other.example.com", 0, 0 },
    { "leaf.pem", "www.example.com.evil", 0, 0 },
    { "leaf.pem", "abc.partial.example.com", X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, 0 },
    { "leaf.pem", "foo.wild.example.com", X509_CHECK_FLAG_NO_WILDCARDS, 0 },
    { "san.pem", "ignored.example.com", 0, 0 },
    { "v1.pem", "v1.example.com", X509_CHECK_FLAG_NEVER_CHECK_SUBJECT, 0 },
    { "leaf.pem", "127.0.0.1", 0, 0 },
};

START_TEST(host_matching)
{
    const struct host_case *c = &host_cases[_i];
    X509 *x = load_one(c->cert, X509_FILETYPE_PEM);

    ck_assert_msg(X509_check_host(x, c->name, 0, c->flags, NULL) == c->want,
                  "%s against %s (flags %#x): %d expected", c->name, c->cert, c->flags, c->want);
    X509_free(x);
}
END_TEST

START_TEST(host_api_details)
{
    X509 *x = load_one("leaf.pem", X509_FILETYPE_PEM);
    char *peer = NULL;

    ck_assert_int_eq(X509_check_host(x, "foo.wild.example.com", 0, 0, &peer), 1);
    ck_assert_str_eq(peer, "*.wild.example.com");
    OPENSSL_free(peer);
    ck_assert_int_eq(X509_check_host(x, "www.example.comXYZ", 15, 0, NULL), 1);
    ck_assert_int_eq(X509_check_host(x, "www.example.com", 16, 0, NULL), 1);
    ck_assert_int_eq(X509_check_host(x, "www\0example.com", 15, 0, NULL), -2);
    ck_assert_int_eq(X509_check_host(x, NULL, 0, 0, NULL), -2);
    ck_assert_int_eq(kuma_x509_match_host(x, "www.example.com", 0), 1);
    ck_assert_int_eq(kuma_x509_match_host(x, "nope.example.com", 0), 0);
    X509_free(x);
}
END_TEST

START_TEST(ip_checks)
{
    X509 *x = load_one("leaf.pem", X509_FILETYPE_PEM);
    unsigned char ip[16];

    ck_assert_int_eq(X509_check_ip_asc(x, "127.0.0.1", 0), 1);
    ck_assert_int_eq(X509_check_ip_asc(x, "::1", 0), 1);
    ck_assert_int_eq(X509_check_ip_asc(x, "0:0:0:0:0:0:0:1", 0), 1);
    ck_assert_int_eq(X509_check_ip_asc(x, "127.0.0.2", 0), 0);
    ck_assert_int_eq(X509_check_ip_asc(x, "::2", 0), 0);
    ck_assert_int_eq(X509_check_ip_asc(x, "www.example.com", 0), -2);
    ck_assert_int_eq(X509_check_ip_asc(x, NULL, 0), -2);
    ck_assert_int_eq(kuma_parse_ip("10.1.2.3", ip), 4);
    ck_assert_int_eq(ip[0], 10);
    ck_assert_int_eq(kuma_parse_ip("fe80::1", ip), 16);
    ck_assert_int_eq(kuma_parse_ip("1.2.3", ip), 0);
    ck_assert_int_eq(X509_check_ip(x, ip, 3, 0), -2);
    X509_free(x);
    x = load_one("v1.pem", X509_FILETYPE_PEM);
    ck_assert_int_eq(X509_check_ip_asc(x, "127.0.0.1", 0), 0);
    X509_free(x);
}
END_TEST

/* ---- the trust store ------------------------------------------------------------------------- */

START_TEST(store_from_file)
{
    X509_STORE *st = X509_STORE_new();
    X509 *leaf = load_one("leaf.pem", X509_FILETYPE_PEM), *v1 = load_one("v1.pem", X509_FILETYPE_PEM);

    ck_assert_int_eq(X509_STORE_load_locations(st, path_of("bundle.pem"), NULL), 1);
    ck_assert_int_eq(st->count, 1);                 /* the leaf is not an anchor */
    ck_assert_int_eq(st->anchors[0].flags, BR_X509_TA_CA);
    ck_assert_int_eq(X509_STORE_load_locations(st, path_of("ca.pem"), NULL), 1);
    ck_assert_int_eq(st->count, 1);                 /* no duplicates */
    ck_assert_int_eq(X509_STORE_add_cert(st, leaf), 1);
    ck_assert_int_eq(st->count, 1);
    ck_assert_int_eq(X509_STORE_add_cert(st, v1), 1);     /* self-signed end entity */
    ck_assert_int_eq(st->count, 2);
    ck_assert_int_eq(st->anchors[1].flags, 0);
    X509_free(leaf);
    X509_free(v1);
    ck_assert_int_eq(X509_STORE_load_locations(st, path_of("missing.pem"), NULL), 0);
    ck_assert(drain_has(ERR_LIB_SYS, ENOENT));
    ck_assert_int_eq(X509_STORE_load_locations(st, path_of("text.txt"), NULL), 0);
    ck_assert(drain_has(ERR_LIB_PEM, PEM_R_NO_START_LINE));
    ck_assert_int_eq(X509_STORE_load_locations(st, NULL, NULL), 0);
    ERR_clear_error();
    ck_assert_int_eq(X509_STORE_up_ref(st), 1);
    X509_STORE_free(st);
    X509_STORE_free(st);
}
END_TEST

START_TEST(store_from_dir)
{
    X509_STORE *st = X509_STORE_new();

    ck_assert_int_eq(X509_STORE_load_locations(st, NULL, path_of("certdir")), 1);
    ck_assert_int_eq(st->count, 2);
    ck_assert_int_eq(ERR_peek_error(), 0);
    ck_assert_int_eq(X509_STORE_load_locations(st, NULL, path_of("junkdir")), 0);
    ck_assert(drain_has(ERR_LIB_X509, 103));
    ck_assert_int_eq(X509_STORE_load_locations(st, NULL, path_of("nodir")), 0);
    ck_assert(drain_has(ERR_LIB_SYS, ENOENT));
    X509_STORE_free(st);
}
END_TEST

START_TEST(store_default_paths)
{
    X509_STORE *st = X509_STORE_new();

    ck_assert_str_eq(X509_get_default_cert_file_env(), "SSL_CERT_FILE");
    ck_assert_str_eq(X509_get_default_cert_dir_env(), "SSL_CERT_DIR");
    ck_assert_str_eq(X509_get_default_cert_dir(), "/etc/ssl/certs");
    ck_assert_ptr_nonnull(X509_get_default_cert_file());
    setenv("SSL_CERT_FILE", path_of("ca.pem"), 1);
    setenv("SSL_CERT_DIR", path_of("junkdir"), 1);
    ck_assert_int_eq(X509_STORE_set_default_paths(st), 1);
    ck_assert_int_eq(st->count, 1);
    ck_assert_int_eq(ERR_peek_error(), 0);
    unsetenv("SSL_CERT_FILE");
    unsetenv("SSL_CERT_DIR");
    X509_STORE_free(st);
}
END_TEST

static char many_cas[256];       /* set before the threads start: path_of() is not thread-safe */

static void *load_many(void *st)
{
    return (void *)(long)X509_STORE_load_locations(st, many_cas, NULL);
}

/* Threads adding the same anchors at once: each added once, the array grown safely. */
START_TEST(store_concurrent_adds)
{
    X509_STORE *st = X509_STORE_new();
    pthread_t t[4];
    void *r;
    int i;

    snprintf(many_cas, sizeof(many_cas), "%s", path_of("many-cas.pem"));
    for (i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, load_many, st), 0);
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(t[i], &r), 0);
        ck_assert_int_eq((long)r, 1);
    }
    ck_assert_int_eq(st->count, 20);
    ck_assert_int_gt(st->retired_count, 0);
    X509_STORE_free(st);
}
END_TEST

START_TEST(store_ctx_getters)
{
    X509_STORE_CTX ctx = { .error = X509_V_ERR_CERT_HAS_EXPIRED, .depth = 1, .ssl = &ctx };

    ck_assert_int_eq(X509_STORE_CTX_get_error(&ctx), X509_V_ERR_CERT_HAS_EXPIRED);
    X509_STORE_CTX_set_error(&ctx, X509_V_OK);
    ck_assert_int_eq(X509_STORE_CTX_get_error(&ctx), X509_V_OK);
    ck_assert_int_eq(X509_STORE_CTX_get_error_depth(&ctx), 1);
    ck_assert_ptr_null(X509_STORE_CTX_get_current_cert(&ctx));
    ck_assert_ptr_eq(X509_STORE_CTX_get_ex_data(&ctx, 0), &ctx);
}
END_TEST

/* ---- running --------------------------------------------------------------------------------- */

static Suite *x509_suite(void)
{
    Suite *s = suite_create("x509");
    TCase *tc = tu_add_tcase(s, "x509", 120);     /* valgrind and RSA-4096 are slow */

    tcase_add_test(tc, cert_load_forms);
    tcase_add_loop_test(tc, cert_load_errors, 0, N_OF(cert_errors));
    tcase_add_test(tc, cert_load_mem_errors);
    tcase_add_test(tc, cert_der_round_trip);
    tcase_add_test(tc, cert_hostile_der);
    tcase_add_test(tc, cert_null_args);
    tcase_add_test(tc, key_load_forms);
    tcase_add_loop_test(tc, key_load_errors, 0, N_OF(key_errors));
    tcase_add_test(tc, key_d2i);
    tcase_add_test(tc, key_matching);
    tcase_add_test(tc, pem_read_bio_loop);
    tcase_add_test(tc, pem_read_file_and_aux);
    tcase_add_test(tc, pem_decode_text);
    tcase_add_test(tc, name_oneline);
    tcase_add_test(tc, name_handmade);
    tcase_add_test(tc, name_shared_attributes);
    tcase_add_loop_test(tc, host_matching, 0, N_OF(host_cases));
    tcase_add_test(tc, host_api_details);
    tcase_add_test(tc, ip_checks);
    tcase_add_test(tc, store_from_file);
    tcase_add_test(tc, store_from_dir);
    tcase_add_test(tc, store_default_paths);
    tcase_add_test(tc, store_concurrent_adds);
    tcase_add_test(tc, store_ctx_getters);
    return s;
}

int main(void)
{
    int status;

    make_fixtures();
    status = tu_run_suite(x509_suite(), CK_NORMAL);
    if (getenv("KUMA_KEEP_FIXTURES") == NULL)
        tu_rmtree(dir);
    else
        fprintf(stderr, "fixtures kept in %s\n", dir);
    return status;
}
