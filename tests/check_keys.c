/*
 * Encrypted private keys: every form the openssl CLI writes (PKCS#8 PBES2
 * and the legacy "Proc-Type: 4,ENCRYPTED" PEM), each password source
 * (SSL_CTX / SSL callbacks and userdata, the pem_password_cb of
 * PEM_read_bio_PrivateKey), the failures (wrong password, no password,
 * unsupported schemes, hostile or damaged files), and a handshake with a
 * server whose key was encrypted. The keys are made by openssl(1) in a
 * temporary directory when the program starts.
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
#include "testutil.h"

#define PASSWORD "secret"

static char keydir[] = "/tmp/kuma-keys-XXXXXX";

/* The path of a file in the temporary key directory (rotating buffers). */
static const char *kpath(const char *name)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];

    snprintf(b, sizeof(bufs[0]), "%s/%s", keydir, name);
    return b;
}

/* ---- making the keys ---------------------------------------------------------- */

/* One encrypted key: how openssl makes it, and the certificate it pairs with. */
typedef struct {
    const char *file;
    const char *args;           /* openssl arguments; %s: source key, then output */
    const char *src;            /* the unencrypted key in tests/certs, or NULL */
    const char *cert;           /* in tests/certs, or NULL: made with req -x509 */
    int legacy;                 /* PEM_R_BAD_DECRYPT rather than EVP_R_BAD_DECRYPT */
} key_form;

static const key_form forms[] = {
    { "genpkey-rsa-aes256.pem",
      "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes256 -pass pass:" PASSWORD
      "%s -out %s", NULL, NULL, 0 },
    { "genpkey-ec-aes256.pem",
      "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes256 -pass pass:" PASSWORD
      "%s -out %s", NULL, NULL, 0 },
    { "p8-aes128.pem", "pkcs8 -topk8 -v2 aes128 -passout pass:" PASSWORD " -in %s -out %s",
      "server-key.pem", "server-cert.pem", 0 },
    { "p8-des3-sha1.pem",
      "pkcs8 -topk8 -v2 des3 -v2prf hmacWithSHA1 -passout pass:" PASSWORD " -in %s -out %s",
      "server-key.pem", "server-cert.pem", 0 },
    { "p8-aes256-sha256.pem",
      "pkcs8 -topk8 -v2 aes256 -v2prf hmacWithSHA256 -passout pass:" PASSWORD " -in %s -out %s",
      "server-key.pem", "server-cert.pem", 0 },
    { "p8-ec-aes192.pem", "pkcs8 -topk8 -v2 aes192 -passout pass:" PASSWORD " -in %s -out %s",
      "server-ecdsa-key.pem", "server-ecdsa-cert.pem", 0 },
    { "legacy-rsa-des3.pem", "rsa -des3 -traditional -passout pass:" PASSWORD " -in %s -out %s",
      "server-key.pem", "server-cert.pem", 1 },
    { "legacy-rsa-aes192.pem",
      "rsa -aes192 -traditional -passout pass:" PASSWORD " -in %s -out %s",
      "server-key.pem", "server-cert.pem", 1 },
    { "legacy-ec-aes128.pem", "ec -aes128 -passout pass:" PASSWORD " -in %s -out %s",
      "server-ecdsa-key.pem", "server-ecdsa-cert.pem", 1 },
    { "legacy-ec-aes256.pem", "ec -aes256 -passout pass:" PASSWORD " -in %s -out %s",
      "server-ecdsa-key.pem", "server-ecdsa-cert.pem", 1 },
    { "legacy-ec-des3.pem", "ec -des3 -passout pass:" PASSWORD " -in %s -out %s",
      "server-ecdsa-key.pem", "server-ecdsa-cert.pem", 1 },
};

#define N_FORMS ((int)(sizeof(forms) / sizeof(forms[0])))

/*
 * Runs "openssl <args>" through the shell (the arguments are ours); 0 on
 * success. Without the build tree's LD_LIBRARY_PATH, so that openssl uses
 * the system's libcrypto rather than kumassl's.
 */
static int openssl_cmd(const char *args)
{
    char cmd[2048];

    snprintf(cmd, sizeof(cmd), "env -u LD_LIBRARY_PATH '%s' %s >/dev/null 2>&1 </dev/null",
             tu_openssl(), args);
    return system(cmd);
}

static int make_form(const key_form *f)
{
    char args[1024];

    /* genpkey has no input key: its first %s gets "" */
    snprintf(args, sizeof(args), f->args, f->src != NULL ? tu_cert(f->src) : "",
             kpath(f->file));
    return openssl_cmd(args);
}

/* The certificate of a form: a self-signed one for keys made here. */
static const char *form_cert(const key_form *f)
{
    static char path[512];

    if (f->cert != NULL)
        return tu_cert(f->cert);
    snprintf(path, sizeof(path), "%s/%s.crt", keydir, f->file);
    return path;
}

static int make_cert(const key_form *f)
{
    char args[1024];

    if (f->cert != NULL)
        return 0;
    snprintf(args, sizeof(args),
             "req -x509 -key %s -passin pass:" PASSWORD " -subj /CN=localhost -days 2 -out %s",
             kpath(f->file), form_cert(f));
    return openssl_cmd(args);
}

/* Keys whose encryption kumassl refuses, and a legacy key followed by a certificate. */
static int make_extras(void)
{
    char a[1024], b[1024], c[1024];

    snprintf(a, sizeof(a), "pkcs8 -topk8 -v1 PBE-SHA1-3DES -passout pass:" PASSWORD
             " -in %s -out %s", tu_cert("server-key.pem"), kpath("p8-pkcs12.pem"));
    snprintf(b, sizeof(b), "pkcs8 -topk8 -scrypt -passout pass:" PASSWORD " -in %s -out %s",
             tu_cert("server-key.pem"), kpath("p8-scrypt.pem"));
    snprintf(c, sizeof(c), "cat %s %s > %s", kpath("legacy-rsa-des3.pem"),
             tu_cert("server-cert.pem"), kpath("combined.pem"));
    return openssl_cmd(a) || openssl_cmd(b) || system(c);
}

static int make_keys(void)
{
    int i;

    if (mkdtemp(keydir) == NULL)
        return -1;
    for (i = 0; i < N_FORMS; i++)
        if (make_form(&forms[i]) != 0 || make_cert(&forms[i]) != 0) {
            fprintf(stderr, "check_keys: openssl could not make %s\n", forms[i].file);
            return -1;
        }
    return make_extras();
}

/* ---- password callbacks ---------------------------------------------------------- */

typedef struct {
    const char *password;
    int calls;
    int last_size;
    int last_rwflag;
} pw_state;

/* Answers with state->password and records how it was called. */
static int pw_cb(char *buf, int size, int rwflag, void *u)
{
    pw_state *st = u;
    int n = (int)strlen(st->password);

    st->calls++;
    st->last_size = size;
    st->last_rwflag = rwflag;
    memcpy(buf, st->password, (size_t)n);
    return n;
}

static int pw_cb_zero(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return 0;
}

static int pw_cb_minus_one(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

/* The reason a wrong password gives for a form, as OpenSSL 3.0 queues it. */
static void expect_bad_decrypt(const key_form *f)
{
    if (f->legacy)
        tu_expect_error(ERR_LIB_PEM, PEM_R_BAD_DECRYPT);
    else
        tu_expect_error(ERR_LIB_EVP, EVP_R_BAD_DECRYPT);
}

/* ---- reading keys through PEM_read_bio_PrivateKey -------------------------------- */

/* PEM_read_bio_PrivateKey over a memory BIO holding the file. */
static EVP_PKEY *read_key(const char *path, pem_password_cb *cb, void *u)
{
    char *text = tu_slurp(path, NULL);
    BIO *b;
    EVP_PKEY *k;

    ck_assert_ptr_nonnull(text);
    b = BIO_new_mem_buf(text, -1);
    k = PEM_read_bio_PrivateKey(b, NULL, cb, u);
    BIO_free(b);
    free(text);
    return k;
}

/* PEM_read_PrivateKey from the file itself. */
static EVP_PKEY *read_key_fp(const char *path, pem_password_cb *cb, void *u)
{
    FILE *f = fopen(path, "r");
    EVP_PKEY *k;

    ck_assert_ptr_nonnull(f);
    k = PEM_read_PrivateKey(f, NULL, cb, u);
    fclose(f);
    return k;
}

/* The key loads with cb and with u as the password, and pairs with its certificate. */
START_TEST(test_pem_read_each_form)
{
    const key_form *f = &forms[_i];
    pw_state st = { PASSWORD, 0, 0, -1 };
    X509 *x = tu_read_cert(form_cert(f));
    EVP_PKEY *k1 = read_key(kpath(f->file), pw_cb, &st);
    EVP_PKEY *k2 = read_key_fp(kpath(f->file), NULL, PASSWORD);

    ck_assert_msg(k1 != NULL, "%s: %s", f->file, tu_queued_error());
    ck_assert_msg(k2 != NULL, "%s: %s", f->file, tu_queued_error());
    ck_assert_int_eq(st.calls, 1);
    ck_assert_int_eq(st.last_size, PEM_BUFSIZE);
    ck_assert_int_eq(st.last_rwflag, 0);
    ck_assert_int_eq(X509_check_private_key(x, k1), 1);
    ck_assert_int_eq(X509_check_private_key(x, k2), 1);
    ck_assert_int_eq(EVP_PKEY_id(k1), strstr(f->file, "ec-") != NULL ? EVP_PKEY_EC : EVP_PKEY_RSA);
    EVP_PKEY_free(k1);
    EVP_PKEY_free(k2);
    X509_free(x);
}
END_TEST

START_TEST(test_wrong_password)
{
    const key_form *f = &forms[_i];
    pw_state st = { "Secret", 0, 0, -1 };

    ERR_clear_error();
    ck_assert_ptr_null(read_key(kpath(f->file), pw_cb, &st));
    expect_bad_decrypt(f);
    ck_assert_ptr_null(read_key(kpath(f->file), NULL, ""));
    expect_bad_decrypt(f);
}
END_TEST

/* A callback that gives no password (0 or -1), or no password source at all. */
START_TEST(test_no_password)
{
    const key_form *f = &forms[_i];

    ERR_clear_error();
    ck_assert_ptr_null(read_key(kpath(f->file), pw_cb_zero, NULL));
    tu_expect_error(ERR_LIB_PEM, PEM_R_BAD_PASSWORD_READ);
    ck_assert_ptr_null(read_key(kpath(f->file), pw_cb_minus_one, NULL));
    tu_expect_error(ERR_LIB_PEM, PEM_R_BAD_PASSWORD_READ);
    ck_assert_ptr_null(read_key(kpath(f->file), NULL, NULL));
    tu_expect_error(ERR_LIB_PEM, PEM_R_BAD_PASSWORD_READ);
}
END_TEST

/* ---- SSL_CTX / SSL password sources ------------------------------------------------ */

START_TEST(test_ctx_use_each_form)
{
    const key_form *f = &forms[_i];
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    pw_state st = { PASSWORD, 0, 0, -1 };

    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, form_cert(f), SSL_FILETYPE_PEM), 1);
    SSL_CTX_set_default_passwd_cb(ctx, pw_cb);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &st);
    ck_assert_msg(SSL_CTX_use_PrivateKey_file(ctx, kpath(f->file), SSL_FILETYPE_PEM) == 1,
                  "%s: %s", f->file, tu_queued_error());
    ck_assert_int_eq(st.calls, 1);
    ck_assert_int_eq(SSL_CTX_check_private_key(ctx), 1);
    /* Without a callback the userdata is the password itself. */
    SSL_CTX_set_default_passwd_cb(ctx, NULL);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, PASSWORD);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, kpath(f->file), SSL_FILETYPE_PEM), 1);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, "wrong");
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, kpath(f->file), SSL_FILETYPE_PEM), 0);
    expect_bad_decrypt(f);
    SSL_CTX_free(ctx);
}
END_TEST

START_TEST(test_ctx_passwd_getters)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    int marker = 0;

    ck_assert_ptr_null(SSL_CTX_get_default_passwd_cb(ctx));
    ck_assert_ptr_null(SSL_CTX_get_default_passwd_cb_userdata(ctx));
    SSL_CTX_set_default_passwd_cb(ctx, pw_cb);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &marker);
    ck_assert_ptr_eq(SSL_CTX_get_default_passwd_cb(ctx), pw_cb);
    ck_assert_ptr_eq(SSL_CTX_get_default_passwd_cb_userdata(ctx), &marker);
    SSL_CTX_free(ctx);
}
END_TEST

/* An SSL uses its SSL_CTX's settings until it has its own. */
START_TEST(test_ssl_passwd_settings)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL *s;
    pw_state ctx_st = { "wrong", 0, 0, -1 }, ssl_st = { PASSWORD, 0, 0, -1 };

    SSL_CTX_set_default_passwd_cb(ctx, pw_cb);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &ctx_st);
    s = SSL_new(ctx);
    ck_assert_ptr_eq(SSL_get_default_passwd_cb(s), pw_cb);
    ck_assert_ptr_eq(SSL_get_default_passwd_cb_userdata(s), &ctx_st);
    SSL_set_default_passwd_cb_userdata(s, &ssl_st);
    ck_assert_ptr_eq(SSL_get_default_passwd_cb_userdata(s), &ssl_st);
    ck_assert_ptr_eq(SSL_CTX_get_default_passwd_cb_userdata(ctx), &ctx_st);
    SSL_set_default_passwd_cb(s, pw_cb_zero);
    ck_assert_ptr_eq(SSL_get_default_passwd_cb(s), pw_cb_zero);
    SSL_set_default_passwd_cb(s, pw_cb);
    ck_assert_int_eq(SSL_use_certificate_file(s, tu_cert("server-cert.pem"), SSL_FILETYPE_PEM), 1);
    ck_assert_msg(SSL_use_PrivateKey_file(s, kpath("p8-aes128.pem"), SSL_FILETYPE_PEM) == 1,
                  "%s", tu_queued_error());
    ck_assert_int_eq(ssl_st.calls, 1);
    ck_assert_int_eq(ctx_st.calls, 0);
    SSL_free(s);
    SSL_CTX_free(ctx);
}
END_TEST

/* A legacy encrypted key followed by its certificate in one file. */
START_TEST(test_key_and_cert_in_one_file)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    SSL_CTX_set_default_passwd_cb_userdata(ctx, PASSWORD);
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, kpath("combined.pem"), SSL_FILETYPE_PEM), 1);
    ck_assert_msg(SSL_CTX_use_PrivateKey_file(ctx, kpath("combined.pem"), SSL_FILETYPE_PEM) == 1,
                  "%s", tu_queued_error());
    ck_assert_int_eq(SSL_CTX_check_private_key(ctx), 1);
    SSL_CTX_free(ctx);
}
END_TEST

/* ---- refused and damaged files ------------------------------------------------------- */

START_TEST(test_unsupported_schemes)
{
    ERR_clear_error();
    ck_assert_ptr_null(read_key(kpath("p8-pkcs12.pem"), NULL, PASSWORD));
    tu_expect_error(ERR_LIB_PEM, PEM_R_UNSUPPORTED_ENCRYPTION);
    ck_assert_ptr_null(read_key(kpath("p8-scrypt.pem"), NULL, PASSWORD));
    tu_expect_error(ERR_LIB_PEM, PEM_R_UNSUPPORTED_ENCRYPTION);
}
END_TEST

/* Wraps der as an ENCRYPTED PRIVATE KEY PEM block in a memory BIO. */
static BIO *pem_bio(const unsigned char *der, size_t len, const char *label)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    BIO *b = BIO_new(BIO_s_mem());
    size_t i;

    BIO_printf(b, "-----BEGIN %s-----\n", label);
    for (i = 0; i < len; i += 3) {
        unsigned long v = (unsigned long)der[i] << 16;
        char out[5] = "====";

        v |= i + 1 < len ? (unsigned long)der[i + 1] << 8 : 0;
        v |= i + 2 < len ? der[i + 2] : 0;
        out[0] = b64[(v >> 18) & 63];
        out[1] = b64[(v >> 12) & 63];
        if (i + 1 < len)
            out[2] = b64[(v >> 6) & 63];
        if (i + 2 < len)
            out[3] = b64[v & 63];
        BIO_write(b, out, 4);
        if ((i / 3) % 16 == 15)
            BIO_write(b, "\n", 1);
    }
    BIO_printf(b, "\n-----END %s-----\n", label);
    return b;
}

/* Reads der as an encrypted PKCS#8 key: -1 when it loads, else the reason queued (0: none). */
static int pkcs8_try(const unsigned char *der, size_t len)
{
    BIO *b = pem_bio(der, len, "ENCRYPTED PRIVATE KEY");
    EVP_PKEY *k;
    int reason;

    ERR_clear_error();
    k = PEM_read_bio_PrivateKey(b, NULL, NULL, PASSWORD);
    BIO_free(b);
    reason = k != NULL ? -1 : tu_first_reason();
    EVP_PKEY_free(k);
    ERR_clear_error();
    return reason;
}

/* As pkcs8_try, asserting a failure with a reason. */
static int pkcs8_fails(const unsigned char *der, size_t len)
{
    int reason = pkcs8_try(der, len);

    ck_assert_msg(reason > 0, "len %zu: %s", len, reason < 0 ? "loaded" : "no error queued");
    return reason;
}

/*
 * A minimal EncryptedPrivateKeyInfo: PBES2, PBKDF2 (salt 8 bytes, a 4-byte
 * iteration count at ITER_AT), AES-128-CBC, one block of data.
 */
static const unsigned char small_epki[] = {
    0x30, 0x5F, 0x30, 0x4B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D,
    0x30, 0x3E, 0x30, 0x1D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0C,
    0x30, 0x10, 0x04, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0x04, 0x00, 0x00, 0x00, 0x01,
    0x30, 0x1D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02,
    0x04, 0x10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    0x04, 0x10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
};
#define ITER_AT 44
#define PBES2_OID_LAST 14

START_TEST(test_iteration_cap_and_pbes1)
{
    unsigned char der[sizeof(small_epki)];

    memcpy(der, small_epki, sizeof(der));
    ck_assert_int_eq(pkcs8_fails(der, sizeof(der)), EVP_R_BAD_DECRYPT);
    /* 10,000,001 iterations: refused before any work is done. */
    memcpy(der + ITER_AT, "\x00\x98\x96\x81", 4);
    ck_assert_int_eq(pkcs8_fails(der, sizeof(der)), PEM_R_UNSUPPORTED_ENCRYPTION);
    memcpy(der + ITER_AT, "\x00\x00\x00\x00", 4);
    ck_assert_int_eq(pkcs8_fails(der, sizeof(der)), PEM_R_UNSUPPORTED_ENCRYPTION);
    memcpy(der + ITER_AT, "\x80\x00\x00\x01", 4);      /* negative */
    ck_assert_int_eq(pkcs8_fails(der, sizeof(der)), PEM_R_UNSUPPORTED_ENCRYPTION);
    /* pbeWithSHA1AndDES-CBC (PBES1) */
    memcpy(der, small_epki, sizeof(der));
    der[PBES2_OID_LAST] = 0x0A;
    ck_assert_int_eq(pkcs8_fails(der, sizeof(der)), PEM_R_UNSUPPORTED_ENCRYPTION);
}
END_TEST

/* Reads the DER inside an encrypted PKCS#8 PEM file made by openssl. */
static unsigned char *pkcs8_der(const char *file, size_t *len)
{
    char args[1024];
    const char *out = kpath("der.tmp");
    unsigned char *der;

    snprintf(args, sizeof(args), "asn1parse -in %s -out %s -noout", kpath(file), out);
    ck_assert_int_eq(openssl_cmd(args), 0);
    der = (unsigned char *)tu_slurp(out, len);
    ck_assert_ptr_nonnull(der);
    return der;
}

/* Where the IV starts: after the AES-192-CBC OID and the OCTET STRING header. */
static size_t iv_offset(const unsigned char *der, size_t len)
{
    static const unsigned char aes192[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
                                            0x03, 0x04, 0x01, 0x16, 0x04, 0x10 };
    size_t i;

    for (i = 0; i + sizeof(aes192) <= len; i++)
        if (memcmp(der + i, aes192, sizeof(aes192)) == 0)
            return i + sizeof(aes192);
    ck_abort_msg("no AES-192-CBC parameters");
    return 0;
}

/*
 * Every truncation fails with a reason, and so does a changed bit in the
 * encryption parameters. A changed bit in the IV or the data may still give
 * a key, as with OpenSSL: CBC has no MAC, so a garbled block inside the EC
 * scalar is just another scalar. Either way nothing crashes or reads out of
 * bounds (valgrind), and a failure always names its reason.
 */
START_TEST(test_damaged_pkcs8)
{
    size_t len, i, iv_at;
    unsigned char *der = pkcs8_der("p8-ec-aes192.pem", &len);

    iv_at = iv_offset(der, len);
    for (i = 0; i < len; i++)
        pkcs8_fails(der, i);
    for (i = 0; i < len; i++) {
        unsigned char saved = der[i];

        der[i] ^= (unsigned char)(i % 2 ? 0x80 : 0x01);
        if (i < iv_at)
            pkcs8_fails(der, len);
        else
            ck_assert_int_ne(pkcs8_try(der, len), 0);
        der[i] = saved;
    }
    free(der);
}
END_TEST

/* Reads a legacy PEM text from memory with the right password. */
static int legacy_reason(const char *text)
{
    BIO *b = BIO_new_mem_buf(text, -1);
    EVP_PKEY *k;
    int reason;

    ERR_clear_error();
    k = PEM_read_bio_PrivateKey(b, NULL, NULL, PASSWORD);
    BIO_free(b);
    EVP_PKEY_free(k);
    reason = k != NULL ? -1 : tu_first_reason();
    ERR_clear_error();
    return reason;
}

START_TEST(test_damaged_legacy)
{
    size_t len, cut;
    char saved, *text = tu_slurp(kpath("legacy-ec-aes128.pem"), &len);
    char *body = strstr(text, "\n\n") + 2, *iv = strstr(text, "AES-128-CBC,") + 12;

    ck_assert_int_eq(legacy_reason(text), -1);
    /* The body cut short at every line: never a key, always a named error. */
    for (cut = (size_t)(body - text); cut < len - 40; cut += 7) {
        char *copy = strdup(text);

        strcpy(copy + cut, "\n-----END EC PRIVATE KEY-----\n");
        ck_assert_int_ne(legacy_reason(copy), -1);
        ck_assert_int_ne(legacy_reason(copy), 0);
        free(copy);
    }
    saved = body[5];
    body[5] = saved == 'A' ? 'B' : 'A';     /* the first block decrypts to garbage */
    ck_assert_int_eq(legacy_reason(text), PEM_R_BAD_DECRYPT);
    body[5] = saved;
    iv[3] = 'G';
    ck_assert_int_eq(legacy_reason(text), PEM_R_BAD_IV_CHARS);
    memcpy(iv - 12, "AES-128-CFB", 11);
    ck_assert_int_eq(legacy_reason(text), PEM_R_UNSUPPORTED_ENCRYPTION);
    free(text);
}
END_TEST

/* ---- a handshake with an encrypted server key -------------------------------------- */

typedef struct {
    SSL_CTX *ctx;
    int fd;
    int ret;
} server_arg;

static void *server_main(void *arg)
{
    server_arg *a = arg;
    SSL *ssl = SSL_new(a->ctx);
    char buf[16];

    SSL_set_fd(ssl, a->fd);
    a->ret = SSL_accept(ssl);
    if (a->ret == 1 && SSL_read(ssl, buf, sizeof(buf)) == 4)
        a->ret = SSL_write(ssl, buf, 4) == 4 ? 1 : -1;
    SSL_shutdown(ssl);
    SSL_free(ssl);
    ERR_clear_error();
    close(a->fd);
    return NULL;
}

START_TEST(test_handshake_with_encrypted_key)
{
    const key_form *f = &forms[_i];
    server_arg a = { SSL_CTX_new(TLS_server_method()), -1, 0 };
    /* The keys made here have self-signed certificates: the client trusts those. */
    SSL_CTX *cctx = tu_client_ctx(f->cert != NULL ? tu_cert("ca-cert.pem") : form_cert(f));
    pw_state st = { PASSWORD, 0, 0, -1 };
    pthread_t t;
    SSL *c;
    char buf[16];
    int sv[2];

    SSL_CTX_set_default_passwd_cb(a.ctx, pw_cb);
    SSL_CTX_set_default_passwd_cb_userdata(a.ctx, &st);
    ck_assert_int_eq(SSL_CTX_use_certificate_file(a.ctx, form_cert(f), SSL_FILETYPE_PEM), 1);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(a.ctx, kpath(f->file), SSL_FILETYPE_PEM), 1);
    tu_socketpair(sv, TU_IO_TIMEOUT_MS);
    a.fd = sv[0];
    ck_assert_int_eq(pthread_create(&t, NULL, server_main, &a), 0);
    c = SSL_new(cctx);
    SSL_set_fd(c, sv[1]);
    ck_assert_msg(SSL_connect(c) == 1, "%s", tu_queued_error());
    ck_assert_int_eq(SSL_write(c, "ping", 4), 4);
    ck_assert_int_eq(SSL_read(c, buf, sizeof(buf)), 4);
    ck_assert_int_eq(memcmp(buf, "ping", 4), 0);
    SSL_shutdown(c);
    SSL_free(c);
    close(sv[1]);
    pthread_join(t, NULL);
    ck_assert_int_eq(a.ret, 1);
    SSL_CTX_free(a.ctx);
    SSL_CTX_free(cctx);
}
END_TEST

static Suite *keys_suite(void)
{
    Suite *s = suite_create("keys");
    TCase *forms_tc = tu_add_tcase(s, "forms", 30);
    TCase *bad = tu_add_tcase(s, "failures", 60);
    TCase *tls = tu_add_tcase(s, "handshake", 30);

    tcase_add_loop_test(forms_tc, test_pem_read_each_form, 0, N_FORMS);
    tcase_add_loop_test(forms_tc, test_ctx_use_each_form, 0, N_FORMS);
    tcase_add_test(forms_tc, test_ctx_passwd_getters);
    tcase_add_test(forms_tc, test_ssl_passwd_settings);
    tcase_add_test(forms_tc, test_key_and_cert_in_one_file);
    tcase_add_loop_test(bad, test_wrong_password, 0, N_FORMS);
    tcase_add_loop_test(bad, test_no_password, 0, N_FORMS);
    tcase_add_test(bad, test_unsupported_schemes);
    tcase_add_test(bad, test_iteration_cap_and_pbes1);
    tcase_add_test(bad, test_damaged_pkcs8);
    tcase_add_test(bad, test_damaged_legacy);
    tcase_add_loop_test(tls, test_handshake_with_encrypted_key, 0, N_FORMS);
    return s;
}

int main(void)
{
    int rc;

    if (make_keys() != 0) {
        tu_rmtree(keydir);
        return EXIT_FAILURE;
    }
    rc = tu_run_suite(keys_suite(), CK_NORMAL);
    tu_rmtree(keydir);
    return rc;
}
