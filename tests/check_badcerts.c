/*
 * Verification must never let the wrong peer in: negative tests, each with
 * certificates made by the openssl CLI in a temporary directory at start.
 * A kumassl client and a kumassl server (in a thread) talk over a
 * socketpair. With SSL_VERIFY_PEER every handshake fails with the X509_V_ERR_*
 * code OpenSSL 3.0 reports for the same files (`openssl verify`); with
 * SSL_VERIFY_NONE it completes and the result is kept.
 *
 *   root (trusted) -> good (DNS:localhost, IP:127.0.0.1, EKU server+client)
 *   rogue (untrusted root) -> rogueleaf
 *   selfsigned leaf; expired (2000-2001) and future (2090-2091) from root
 *   root -> int -> leafi           (sent without int: missing intermediate)
 *   root -> notca (CA:FALSE) -> leafn
 *   root -> pl0 (pathlen:0) -> int2 -> leafp
 *   badsig: good with the last byte of its signature flipped
 *   starcom (DNS:*.com), partial (DNS:a*.example.com)
 *   kucs (keyUsage keyCertSign only), ekuc (EKU clientAuth only),
 *   ekus (EKU serverAuth only, used as a client certificate)
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

/* A path in the generated directory; rotating buffers. */
static const char *gen(const char *name)
{
    static char bufs[16][160];
    static unsigned next;
    char *b = bufs[next++ % 16];

    snprintf(b, sizeof(bufs[0]), "%s/%s", gen_dir, name);
    return b;
}

static const char gen_script[] =
    "set -e\n"
    "D=$1; O=$2\n"
    "cd \"$D\"\n"
    "cat >ext.cnf <<'EOF'\n"
    "[ v3_ca ]\n"
    "basicConstraints = critical, CA:TRUE\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "[ v3_pl0 ]\n"
    "basicConstraints = critical, CA:TRUE, pathlen:0\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "[ v3_notca ]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "[ v3_leaf ]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "keyUsage = critical, digitalSignature\n"
    "extendedKeyUsage = serverAuth, clientAuth\n"
    "subjectAltName = DNS:localhost, IP:127.0.0.1\n"
    "[ v3_starcom ]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "subjectAltName = DNS:*.com\n"
    "[ v3_partial ]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "subjectAltName = DNS:a*.example.com\n"
    "[ v3_kucs ]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "keyUsage = critical, keyCertSign\n"
    "subjectAltName = DNS:localhost\n"
    "[ v3_ekuc ]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "extendedKeyUsage = clientAuth\n"
    "subjectAltName = DNS:localhost\n"
    "[ v3_ekus ]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "extendedKeyUsage = serverAuth\n"
    "subjectAltName = DNS:localhost\n"
    "EOF\n"
    "mkdir ca; : >ca/index.txt; echo 1000 >ca/serial\n"
    "cat >ca.cnf <<EOF\n"
    "[ ca ]\ndefault_ca = t\n[ t ]\ndir = $D/ca\ndatabase = \\$dir/index.txt\n"
    "new_certs_dir = \\$dir\nserial = \\$dir/serial\ndefault_md = sha256\n"
    "policy = p\nunique_subject = no\n[ p ]\ncommonName = supplied\n"
    "EOF\n"
    "req() { \"$O\" req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
    "-keyout $1-key.pem -subj \"/O=kumassl/CN=$2\" -out $1.csr 2>/dev/null; }\n"
    "sign() { \"$O\" x509 -req -sha256 -days 3650 -in $1.csr -CA $2-cert.pem -CAkey $2-key.pem "
    "-CAcreateserial -extfile ext.cnf -extensions $3 -out $1-cert.pem 2>/dev/null; }\n"
    "self() { \"$O\" x509 -req -sha256 -days 3650 -in $1.csr -signkey $1-key.pem "
    "-extfile ext.cnf -extensions $2 -out $1-cert.pem 2>/dev/null; }\n"
    "req root 'Badcerts Root'; self root v3_ca\n"
    "req rogue 'Rogue Root'; self rogue v3_ca\n"
    "req good localhost; sign good root v3_leaf\n"
    "req rogueleaf localhost; sign rogueleaf rogue v3_leaf\n"
    "req selfsigned localhost; self selfsigned v3_leaf\n"
    "req int 'Badcerts Int'; sign int root v3_ca\n"
    "req leafi localhost; sign leafi int v3_leaf\n"
    "req notca 'Not A CA'; sign notca root v3_notca\n"
    "req leafn localhost; sign leafn notca v3_leaf\n"
    "req pl0 'Pathlen Zero'; sign pl0 root v3_pl0\n"
    "req int2 'Below Pathlen Zero'; sign int2 pl0 v3_ca\n"
    "req leafp localhost; sign leafp int2 v3_leaf\n"
    "req starcom starcom; sign starcom root v3_starcom\n"
    "req partial partial; sign partial root v3_partial\n"
    "req kucs localhost; sign kucs root v3_kucs\n"
    "req ekuc localhost; sign ekuc root v3_ekuc\n"
    "req ekus client; sign ekus root v3_ekus\n"
    "for n in expired future; do req $n localhost; done\n"
    "\"$O\" ca -batch -notext -config ca.cnf -cert root-cert.pem -keyfile root-key.pem "
    "-startdate 20000101000000Z -enddate 20010101000000Z -extfile ext.cnf -extensions v3_leaf "
    "-in expired.csr -out expired-cert.pem 2>/dev/null\n"
    "\"$O\" ca -batch -notext -config ca.cnf -cert root-cert.pem -keyfile root-key.pem "
    "-startdate 20900101000000Z -enddate 20910101000000Z -extfile ext.cnf -extensions v3_leaf "
    "-in future.csr -out future-cert.pem 2>/dev/null\n"
    /* bad signature: flip the last byte (the end of the ECDSA s value) */
    "\"$O\" x509 -in good-cert.pem -outform DER -out good.der\n"
    "n=$(wc -c <good.der); b=$(tail -c 1 good.der | od -An -tu1 | tr -d ' ')\n"
    "head -c $((n - 1)) good.der >bad.der\n"
    "printf \"\\\\$(printf %o $((b ^ 1)))\" >>bad.der\n"
    "\"$O\" x509 -inform DER -in bad.der -out badsig-cert.pem\n"
    "cp good-key.pem badsig-key.pem\n"
    "cat leafp-cert.pem int2-cert.pem pl0-cert.pem >leafp-chain.pem\n"
    "cat leafn-cert.pem notca-cert.pem >leafn-chain.pem\n";

static int make_certs(void)
{
    strcpy(gen_dir, "/tmp/kuma-badcerts.XXXXXX");
    return tu_gen_dir(gen_dir, gen_script, 120000);
}

/* ---- a server thread ---------------------------------------------------------------- */

typedef struct {
    SSL_CTX *ctx;
    int fd;
    int accept_ret;
    int accept_err;
    long verify_result;
    int got_peer;
    pthread_t thread;
} server_run;

static void *server_main(void *arg)
{
    server_run *r = arg;
    SSL *ssl = SSL_new(r->ctx);
    X509 *peer;

    SSL_set_fd(ssl, r->fd);
    r->accept_ret = SSL_accept(ssl);
    r->accept_err = SSL_get_error(ssl, r->accept_ret);
    r->verify_result = SSL_get_verify_result(ssl);
    peer = SSL_get_peer_certificate(ssl);
    r->got_peer = peer != NULL;
    X509_free(peer);
    if (r->accept_ret == 1)
        SSL_shutdown(ssl);
    SSL_free(ssl);
    ERR_clear_error();
    close(r->fd);
    return NULL;
}

/* What one connection gave. */
typedef struct {
    int connect_ret, connect_err;
    long client_result;         /* the client's SSL_get_verify_result */
    unsigned long client_errq;  /* the first error the client queued */
    server_run srv;
} outcome;

/*
 * The server presents chainfile (leaf first) with keyfile; the client
 * trusts root-cert.pem, verifies with cmode and runs setup. With ccert set
 * the client presents it, and the server verifies clients (smode) against root.
 */
static void run(outcome *o, const char *chainfile, const char *keyfile, int cmode,
                void (*setup)(SSL *), const char *ccert, const char *ckey, int smode)
{
    int sv[2];
    SSL_CTX *cctx = tu_client_ctx(gen("root-cert.pem"));
    SSL *ssl;

    memset(o, 0, sizeof(*o));
    o->srv.ctx = tu_server_chain_ctx(chainfile, keyfile);
    if (ccert != NULL) {
        ck_assert_int_eq(SSL_CTX_load_verify_locations(o->srv.ctx, gen("root-cert.pem"), NULL), 1);
        SSL_CTX_set_verify(o->srv.ctx, smode, NULL);
        tu_use_cert_key(cctx, ccert, ckey);
    }
    SSL_CTX_set_verify(cctx, cmode, NULL);
    tu_socketpair(sv, TU_IO_TIMEOUT_MS);
    o->srv.fd = sv[0];
    ck_assert_int_eq(pthread_create(&o->srv.thread, NULL, server_main, &o->srv), 0);
    ssl = SSL_new(cctx);
    ck_assert_ptr_nonnull(ssl);
    ck_assert_int_eq(SSL_set_fd(ssl, sv[1]), 1);
    if (setup != NULL)
        setup(ssl);
    ERR_clear_error();
    o->connect_ret = SSL_connect(ssl);
    o->connect_err = SSL_get_error(ssl, o->connect_ret);
    o->client_errq = ERR_peek_error();
    o->client_result = SSL_get_verify_result(ssl);
    if (o->connect_ret == 1) {
        char c;

        /* the server answers with close_notify (or drops a failed connection) */
        SSL_shutdown(ssl);
        (void)SSL_read(ssl, &c, 1);
    }
    SSL_free(ssl);
    close(sv[1]);
    pthread_join(o->srv.thread, NULL);
    SSL_CTX_free(o->srv.ctx);
    SSL_CTX_free(cctx);
    ERR_clear_error();
}

/*
 * The server's certificate is refused with expect under SSL_VERIFY_PEER (a
 * clear SSL error, reason CERTIFICATE_VERIFY_FAILED, and no completed
 * handshake on either side); under SSL_VERIFY_NONE the handshake completes
 * and the same result is kept.
 */
static void expect_server_refused(const char *chain, const char *key, void (*setup)(SSL *),
                                  long expect, int none_completes)
{
    outcome o;

    run(&o, chain, key, SSL_VERIFY_PEER, setup, NULL, NULL, 0);
    ck_assert_msg(o.connect_ret != 1, "%s: handshake completed with SSL_VERIFY_PEER", chain);
    ck_assert_int_eq(o.connect_err, SSL_ERROR_SSL);
    ck_assert_msg(o.client_result == expect, "%s: verify result %ld (%s), expected %ld (%s)",
                  chain, o.client_result, X509_verify_cert_error_string(o.client_result),
                  expect, X509_verify_cert_error_string(expect));
    ck_assert_int_eq(ERR_GET_LIB(o.client_errq), ERR_LIB_SSL);
    ck_assert_int_eq(ERR_GET_REASON(o.client_errq), SSL_R_CERTIFICATE_VERIFY_FAILED);
    ck_assert_int_ne(o.srv.accept_ret, 1);

    run(&o, chain, key, SSL_VERIFY_NONE, setup, NULL, NULL, 0);
    if (none_completes) {
        ck_assert_msg(o.connect_ret == 1, "%s: SSL_VERIFY_NONE did not complete (%d)",
                      chain, o.connect_err);
        ck_assert_int_eq(o.srv.accept_ret, 1);
    }
    ck_assert_msg(o.client_result == expect, "%s (VERIFY_NONE): verify result %ld (%s)",
                  chain, o.client_result, X509_verify_cert_error_string(o.client_result));
}

/* ---- setups ---------------------------------------------------------------------------- */

static void host_localhost(SSL *ssl)
{
    ck_assert_int_eq(SSL_set1_host(ssl, "localhost"), 1);
}

static void host_wrong(SSL *ssl)
{
    ck_assert_int_eq(SSL_set1_host(ssl, "www.example.org"), 1);
}

static void ip_wrong(SSL *ssl)
{
    ck_assert_int_eq(X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), "127.0.0.2"), 1);
}

static void ip_right(SSL *ssl)
{
    ck_assert_int_eq(X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), "127.0.0.1"), 1);
}

static void host_a_com(SSL *ssl)
{
    ck_assert_int_eq(SSL_set1_host(ssl, "a.com"), 1);
}

static void host_ab_example_no_partial(SSL *ssl)
{
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    ck_assert_int_eq(SSL_set1_host(ssl, "ab.example.com"), 1);
}

static void host_ab_example(SSL *ssl)
{
    ck_assert_int_eq(SSL_set1_host(ssl, "ab.example.com"), 1);
}

/* ---- tests ------------------------------------------------------------------------------ */

START_TEST(test_control_good)
{
    outcome o;

    run(&o, gen("good-cert.pem"), gen("good-key.pem"), SSL_VERIFY_PEER, host_localhost,
        NULL, NULL, 0);
    ck_assert_int_eq(o.connect_ret, 1);
    ck_assert_int_eq(o.client_result, X509_V_OK);
    run(&o, gen("good-cert.pem"), gen("good-key.pem"), SSL_VERIFY_PEER, ip_right, NULL, NULL, 0);
    ck_assert_int_eq(o.connect_ret, 1);
    run(&o, gen("leafp-chain.pem"), gen("leafp-key.pem"), SSL_VERIFY_NONE, NULL, NULL, NULL, 0);
    ck_assert_int_eq(o.connect_ret, 1);
    /* partial wildcards are allowed unless turned off, as OpenSSL */
    run(&o, gen("partial-cert.pem"), gen("partial-key.pem"), SSL_VERIFY_PEER, host_ab_example,
        NULL, NULL, 0);
    ck_assert_int_eq(o.connect_ret, 1);
    /* a client certificate for clients is accepted */
    run(&o, gen("good-cert.pem"), gen("good-key.pem"), SSL_VERIFY_PEER, NULL,
        gen("good-cert.pem"), gen("good-key.pem"), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    ck_assert_int_eq(o.connect_ret, 1);
    ck_assert_int_eq(o.srv.accept_ret, 1);
    ck_assert_int_eq(o.srv.verify_result, X509_V_OK);
}
END_TEST

START_TEST(test_untrusted_ca)
{
    expect_server_refused(gen("rogueleaf-cert.pem"), gen("rogueleaf-key.pem"), NULL,
                          X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 1);
}
END_TEST

START_TEST(test_self_signed_leaf)
{
    expect_server_refused(gen("selfsigned-cert.pem"), gen("selfsigned-key.pem"), NULL,
                          X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, 1);
}
END_TEST

START_TEST(test_expired)
{
    expect_server_refused(gen("expired-cert.pem"), gen("expired-key.pem"), NULL,
                          X509_V_ERR_CERT_HAS_EXPIRED, 1);
}
END_TEST

START_TEST(test_not_yet_valid)
{
    expect_server_refused(gen("future-cert.pem"), gen("future-key.pem"), NULL,
                          X509_V_ERR_CERT_NOT_YET_VALID, 1);
}
END_TEST

START_TEST(test_wrong_host)
{
    expect_server_refused(gen("good-cert.pem"), gen("good-key.pem"), host_wrong,
                          X509_V_ERR_HOSTNAME_MISMATCH, 1);
}
END_TEST

START_TEST(test_wrong_ip)
{
    expect_server_refused(gen("good-cert.pem"), gen("good-key.pem"), ip_wrong,
                          X509_V_ERR_IP_ADDRESS_MISMATCH, 1);
}
END_TEST

START_TEST(test_wildcard_tld)
{
    expect_server_refused(gen("starcom-cert.pem"), gen("starcom-key.pem"), host_a_com,
                          X509_V_ERR_HOSTNAME_MISMATCH, 1);
}
END_TEST

START_TEST(test_partial_wildcard_refused)
{
    expect_server_refused(gen("partial-cert.pem"), gen("partial-key.pem"),
                          host_ab_example_no_partial, X509_V_ERR_HOSTNAME_MISMATCH, 1);
}
END_TEST

START_TEST(test_intermediate_not_ca)
{
    expect_server_refused(gen("leafn-chain.pem"), gen("leafn-key.pem"), NULL,
                          X509_V_ERR_INVALID_CA, 1);
}
END_TEST

START_TEST(test_pathlen_exceeded)
{
    expect_server_refused(gen("leafp-chain.pem"), gen("leafp-key.pem"), NULL,
                          X509_V_ERR_PATH_LENGTH_EXCEEDED, 1);
}
END_TEST

START_TEST(test_bad_signature)
{
    expect_server_refused(gen("badsig-cert.pem"), gen("badsig-key.pem"), NULL,
                          X509_V_ERR_CERT_SIGNATURE_FAILURE, 1);
}
END_TEST

START_TEST(test_key_usage_not_for_server)
{
    /* An ECDSA key not for signatures cannot do ECDHE-ECDSA at all: OpenSSL
     * too fails that handshake under SSL_VERIFY_NONE (ECC cert not for signing). */
    expect_server_refused(gen("kucs-cert.pem"), gen("kucs-key.pem"), NULL,
                          X509_V_ERR_INVALID_PURPOSE, 0);
}
END_TEST

START_TEST(test_eku_not_for_server)
{
    expect_server_refused(gen("ekuc-cert.pem"), gen("ekuc-key.pem"), NULL,
                          X509_V_ERR_INVALID_PURPOSE, 1);
}
END_TEST

START_TEST(test_missing_intermediate)
{
    expect_server_refused(gen("leafi-cert.pem"), gen("leafi-key.pem"), NULL,
                          X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 1);
}
END_TEST

START_TEST(test_client_eku_not_for_client)
{
    outcome o;

    run(&o, gen("good-cert.pem"), gen("good-key.pem"), SSL_VERIFY_PEER, NULL,
        gen("ekus-cert.pem"), gen("ekus-key.pem"), SSL_VERIFY_PEER);
    ck_assert_int_ne(o.srv.accept_ret, 1);
    ck_assert_int_eq(o.srv.accept_err, SSL_ERROR_SSL);
    ck_assert_msg(o.srv.verify_result == X509_V_ERR_INVALID_PURPOSE, "server's result %ld (%s)",
                  o.srv.verify_result, X509_verify_cert_error_string(o.srv.verify_result));
    ck_assert_int_ne(o.connect_ret, 1);
    /* the server chose SSL_VERIFY_NONE: it completes, nothing verified */
    run(&o, gen("good-cert.pem"), gen("good-key.pem"), SSL_VERIFY_PEER, NULL,
        gen("ekus-cert.pem"), gen("ekus-key.pem"), SSL_VERIFY_NONE);
    ck_assert_int_eq(o.srv.accept_ret, 1);
    ck_assert_int_eq(o.connect_ret, 1);
}
END_TEST

START_TEST(test_client_untrusted)
{
    outcome o;

    run(&o, gen("good-cert.pem"), gen("good-key.pem"), SSL_VERIFY_PEER, NULL,
        gen("rogueleaf-cert.pem"), gen("rogueleaf-key.pem"), SSL_VERIFY_PEER);
    ck_assert_int_ne(o.srv.accept_ret, 1);
    ck_assert_int_eq(o.srv.verify_result, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    ck_assert_int_eq(o.srv.got_peer, 0);
    ck_assert_int_ne(o.connect_ret, 1);
}
END_TEST

static Suite *badcerts_suite(void)
{
    Suite *s = suite_create("badcerts");
    TCase *tc = tu_add_tcase(s, "server", 60);

    tcase_add_test(tc, test_control_good);
    tcase_add_test(tc, test_untrusted_ca);
    tcase_add_test(tc, test_self_signed_leaf);
    tcase_add_test(tc, test_expired);
    tcase_add_test(tc, test_not_yet_valid);
    tcase_add_test(tc, test_wrong_host);
    tcase_add_test(tc, test_wrong_ip);
    tcase_add_test(tc, test_wildcard_tld);
    tcase_add_test(tc, test_partial_wildcard_refused);
    tcase_add_test(tc, test_intermediate_not_ca);
    tcase_add_test(tc, test_pathlen_exceeded);
    tcase_add_test(tc, test_bad_signature);
    tcase_add_test(tc, test_key_usage_not_for_server);
    tcase_add_test(tc, test_eku_not_for_server);
    tcase_add_test(tc, test_missing_intermediate);
    tc = tu_add_tcase(s, "client", 60);
    tcase_add_test(tc, test_client_eku_not_for_client);
    tcase_add_test(tc, test_client_untrusted);
    return s;
}

int main(void)
{
    int rc;

    if (make_certs() != 0)
        return 99;
    rc = tu_run_suite(badcerts_suite(), CK_NORMAL);
    if (getenv("KUMA_KEEP_CERTS") == NULL)
        tu_rmtree(gen_dir);
    else
        fprintf(stderr, "certificates kept in %s\n", gen_dir);
    return rc;
}
