/*
 * Verification tests: chain building from certificates sent in any order,
 * validity times (expired, not yet valid, X509_VERIFY_PARAM_set_time),
 * X509_VERIFY_PARAM names and depth, X509_verify_cert() outside TLS, and
 * the system trust store.
 *
 * A kumassl client and a kumassl server (in a thread) talk over a
 * socketpair; the server sends whatever chain a test gives it. The extra
 * certificates are made once per run with the openssl CLI in a temporary
 * directory:
 *
 *   ca-cert.pem (the test CA, trusted) -> int1 -> int2 -> leaf2
 *   leaf2: DNS localhost and f*.example.com, IP 127.0.0.1
 *   future: issued by the test CA, valid from 2090 to 2091
 *   longca (valid 1999-2099) -> past (2020 only), later (2090-2091): the
 *   anchor's own validity is checked too (as OpenSSL), so times far from
 *   now are tried under it
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
#include "crypto_int.h"     /* the store's anchor count, for the system bundle test */
#include "testutil.h"

static char gen_dir[64];

/* A path in the generated directory, stable for the whole run (one buffer per name). */
static const char *gen(const char *name)
{
    static char paths[16][160];
    static const char *names[16];
    int i;

    for (i = 0; i < 16 && names[i] != NULL; i++)
        if (strcmp(names[i], name) == 0)
            return paths[i];
    ck_assert_int_lt(i, 16);
    names[i] = name;
    snprintf(paths[i], sizeof(paths[i]), "%s/%s", gen_dir, name);
    return paths[i];
}

static const char gen_script[] =
    "set -e\n"
    "D=$1; O=$2; C=$3\n"
    "cd \"$D\"\n"
    "cat >ext.cnf <<'EOF'\n"
    "[ v3_ca ]\n"
    "basicConstraints = critical, CA:TRUE\n"
    "keyUsage = critical, keyCertSign, cRLSign\n"
    "[ v3_leaf ]\n"
    "basicConstraints = critical, CA:FALSE\n"
    "keyUsage = critical, digitalSignature\n"
    "extendedKeyUsage = serverAuth\n"
    "subjectAltName = DNS:localhost, DNS:f*.example.com, IP:127.0.0.1\n"
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
    "cp \"$C/ca-cert.pem\" \"$C/ca-key.pem\" .\n"
    "req int1 'Verify Int 1'; sign int1 ca v3_ca\n"
    "req int2 'Verify Int 2'; sign int2 int1 v3_ca\n"
    "req leaf2 localhost; sign leaf2 int2 v3_leaf\n"
    "req future localhost\n"
    "\"$O\" ca -batch -notext -config ca.cnf -cert ca-cert.pem -keyfile ca-key.pem "
    "-startdate 20900101000000Z -enddate 20910101000000Z -extfile ext.cnf -extensions v3_leaf "
    "-in future.csr -out future-cert.pem 2>/dev/null\n"
    "cat int1-cert.pem int2-cert.pem >chain-reversed.pem\n"
    "req longca 'Verify Long CA'\n"
    "\"$O\" ca -batch -notext -selfsign -config ca.cnf -keyfile longca-key.pem "
    "-startdate 19990101000000Z -enddate 20991231000000Z -extfile ext.cnf -extensions v3_ca "
    "-in longca.csr -out longca-cert.pem 2>/dev/null\n"
    "for n in past later; do req $n localhost; done\n"
    "\"$O\" ca -batch -notext -config ca.cnf -cert longca-cert.pem -keyfile longca-key.pem "
    "-startdate 20200101000000Z -enddate 20201231000000Z -extfile ext.cnf -extensions v3_leaf "
    "-in past.csr -out past-cert.pem 2>/dev/null\n"
    "\"$O\" ca -batch -notext -config ca.cnf -cert longca-cert.pem -keyfile longca-key.pem "
    "-startdate 20900101000000Z -enddate 20910101000000Z -extfile ext.cnf -extensions v3_leaf "
    "-in later.csr -out later-cert.pem 2>/dev/null\n";

/* Makes the certificates above; run once, before the tests fork. */
static int make_certs(void)
{
    strcpy(gen_dir, "/tmp/kuma-verify.XXXXXX");
    return tu_gen_dir(gen_dir, gen_script, 60000);
}

/* ---- a server thread sending a given chain ------------------------------------------ */

typedef struct {
    SSL_CTX *ctx;
    int fd;
    pthread_t thread;
} server_run;

static void *server_main(void *arg)
{
    server_run *r = arg;
    SSL *ssl = SSL_new(r->ctx);

    SSL_set_fd(ssl, r->fd);
    if (SSL_accept(ssl) == 1)
        SSL_shutdown(ssl);
    SSL_free(ssl);
    ERR_clear_error();
    close(r->fd);
    return NULL;
}

/* A server with this certificate and key, sending the extra certificates in the order given. */
static SSL_CTX *server_ctx(const char *cert, const char *key, const char *const extras[])
{
    SSL_CTX *ctx = tu_server_ctx(cert, key);
    int i;

    for (i = 0; extras != NULL && extras[i] != NULL; i++)
        ck_assert_int_eq(SSL_CTX_add_extra_chain_cert(ctx, tu_read_cert(extras[i])), 1);
    return ctx;
}

/* The client's side of one connection. */
typedef struct {
    server_run srv;
    SSL_CTX *cctx;
    SSL *ssl;
    int connect_ret;
} conn;

/* Starts the server thread on sctx (taken over) and a client trusting the test CA. */
static void conn_open(conn *c, SSL_CTX *sctx)
{
    int sv[2];

    tu_socketpair(sv, TU_IO_TIMEOUT_MS);
    c->srv.ctx = sctx;
    c->srv.fd = sv[0];
    ck_assert_int_eq(pthread_create(&c->srv.thread, NULL, server_main, &c->srv), 0);
    c->cctx = tu_ca_client_ctx();
    c->ssl = SSL_new(c->cctx);
    ck_assert_ptr_nonnull(c->ssl);
    ck_assert_int_eq(SSL_set_fd(c->ssl, sv[1]), 1);
}

static void conn_connect(conn *c)
{
    c->connect_ret = SSL_connect(c->ssl);
    if (c->connect_ret == 1)
        SSL_shutdown(c->ssl);
}

static void conn_close(conn *c)
{
    int fd = SSL_get_fd(c->ssl);

    SSL_free(c->ssl);
    close(fd);          /* a server waiting for more gives up at once */
    pthread_join(c->srv.thread, NULL);
    SSL_CTX_free(c->srv.ctx);
    SSL_CTX_free(c->cctx);
    ERR_clear_error();
}

/* Connects to a server sending cert (+ extras), with the client's parameters set by setup. */
static long verify_with(const char *cert, const char *key, const char *const extras[],
                        void (*setup)(SSL *ssl))
{
    conn c;
    long r;

    conn_open(&c, server_ctx(cert, key, extras));
    if (setup != NULL)
        setup(c.ssl);
    conn_connect(&c);
    r = SSL_get_verify_result(c.ssl);
    ck_assert_msg((c.connect_ret == 1) == (r == X509_V_OK), "connect %d with result %ld",
                  c.connect_ret, r);
    conn_close(&c);
    return r;
}

/* leaf2 sent with the given intermediates. */
static long verify_leaf2(const char *const extras[], void (*setup)(SSL *ssl))
{
    return verify_with(gen("leaf2-cert.pem"), gen("leaf2-key.pem"), extras, setup);
}

/* ---- chain building ------------------------------------------------------------------ */

START_TEST(test_chain_in_order)
{
    const char *extras[] = { gen("int2-cert.pem"), gen("int1-cert.pem"), NULL };

    ck_assert_int_eq(verify_leaf2(extras, NULL), X509_V_OK);
}
END_TEST

START_TEST(test_chain_out_of_order)
{
    const char *extras[] = { gen("int1-cert.pem"), gen("int2-cert.pem"), NULL };

    ck_assert_int_eq(verify_leaf2(extras, NULL), X509_V_OK);
}
END_TEST

START_TEST(test_chain_with_extra_certs)
{
    const char *extras[] = { tu_cert("other-ca-cert.pem"), gen("int1-cert.pem"),
                             tu_cert("other-server-cert.pem"), gen("int2-cert.pem"),
                             tu_cert("ca-cert.pem"), NULL };

    ck_assert_int_eq(verify_leaf2(extras, NULL), X509_V_OK);
}
END_TEST

START_TEST(test_chain_missing_intermediate)
{
    const char *extras[] = { gen("int1-cert.pem"), NULL };

    ck_assert_int_eq(verify_leaf2(extras, NULL), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    ck_assert_int_eq(verify_leaf2(NULL, NULL), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
}
END_TEST

/* What the verify callback saw, by depth. */
static char cb_subject[4][128];
static int cb_max_depth;

static int record_depths(int ok, X509_STORE_CTX *x)
{
    int d = X509_STORE_CTX_get_error_depth(x);

    if (d >= 0 && d < 4) {
        X509_NAME_oneline(X509_get_subject_name(X509_STORE_CTX_get_current_cert(x)),
                          cb_subject[d], sizeof(cb_subject[d]));
        if (d > cb_max_depth)
            cb_max_depth = d;
    }
    return ok;
}

static void subject_is(X509 *x, const char *cn)
{
    char name[128];

    X509_NAME_oneline(X509_get_subject_name(x), name, sizeof(name));
    ck_assert_msg(strstr(name, cn) != NULL, "%s is not %s", name, cn);
}

/* The callback and SSL_get0_verified_chain see the built path; the peer chain stays as sent. */
START_TEST(test_chain_callback_and_chains)
{
    const char *extras[] = { gen("int1-cert.pem"), tu_cert("other-ca-cert.pem"),
                             gen("int2-cert.pem"), NULL };
    STACK_OF(X509) *sent, *path;
    conn c;

    memset(cb_subject, 0, sizeof(cb_subject));
    cb_max_depth = -1;
    conn_open(&c, server_ctx(gen("leaf2-cert.pem"), gen("leaf2-key.pem"), extras));
    SSL_set_verify(c.ssl, SSL_VERIFY_PEER, record_depths);
    conn_connect(&c);
    ck_assert_int_eq(c.connect_ret, 1);
    ck_assert_int_eq(cb_max_depth, 3);      /* the anchor is shown too, as OpenSSL */
    ck_assert_ptr_nonnull(strstr(cb_subject[0], "CN=localhost"));
    ck_assert_ptr_nonnull(strstr(cb_subject[1], "CN=Verify Int 2"));
    ck_assert_ptr_nonnull(strstr(cb_subject[2], "CN=Verify Int 1"));
    sent = SSL_get_peer_cert_chain(c.ssl);
    ck_assert_int_eq(sk_X509_num(sent), 4);
    subject_is(sk_X509_value(sent, 1), "Verify Int 1");
    subject_is(sk_X509_value(sent, 2), "Other CA");
    path = SSL_get0_verified_chain(c.ssl);
    ck_assert_int_eq(sk_X509_num(path), 4);
    subject_is(sk_X509_value(path, 1), "Verify Int 2");
    subject_is(sk_X509_value(path, 2), "Verify Int 1");
    subject_is(sk_X509_value(path, 3), "kumassl Test CA");
    conn_close(&c);
}
END_TEST

/* openssl s_server sending its chain reversed (-cert_chain int1, int2). */
START_TEST(test_chain_reversed_from_s_server)
{
    const char *extra[] = { "-cert_chain", gen("chain-reversed.pem"), NULL };
    tu_conn c = TU_CONN_INIT;
    int port = tu_start_s_server(&c, gen("leaf2-cert.pem"), gen("leaf2-key.pem"), extra);

    tu_conn_open_client(&c, port, tu_ca_client_ctx());
    ck_assert_int_eq(SSL_set1_host(c.ssl, "localhost"), 1);
    ck_assert_msg(SSL_connect(c.ssl) == 1, "%s", tu_queued_error());
    ck_assert_int_eq(SSL_get_verify_result(c.ssl), X509_V_OK);
    tu_conn_close(&c);
}
END_TEST

/* ---- validity times ------------------------------------------------------------------ */

START_TEST(test_expired)
{
    ck_assert_int_eq(verify_with(tu_cert("expired-cert.pem"), tu_cert("expired-key.pem"), NULL, NULL),
                     X509_V_ERR_CERT_HAS_EXPIRED);
}
END_TEST

START_TEST(test_not_yet_valid)
{
    ck_assert_int_eq(verify_with(gen("future-cert.pem"), gen("future-key.pem"), NULL, NULL),
                     X509_V_ERR_CERT_NOT_YET_VALID);
}
END_TEST

/* The client also trusts longca. */
static void trust_longca(SSL *ssl)
{
    X509 *ca = tu_read_cert(gen("longca-cert.pem"));

    ck_assert_int_eq(X509_STORE_add_cert(SSL_CTX_get_cert_store(SSL_get_SSL_CTX(ssl)), ca), 1);
    X509_free(ca);
}

static void at_2020_06_01(SSL *ssl)
{
    trust_longca(ssl);
    X509_VERIFY_PARAM_set_time(SSL_get0_param(ssl), 1590969600);   /* 2020-06-01T00:00:00Z */
}

static void at_2089(SSL *ssl)
{
    trust_longca(ssl);
    X509_VERIFY_PARAM_set_time(SSL_get0_param(ssl), 3786912000);   /* 2090-01-01T00:00:00Z */
}

static void at_2092(SSL *ssl)
{
    trust_longca(ssl);
    X509_VERIFY_PARAM_set_time(SSL_get0_param(ssl), 3849984000);   /* 2092-01-01T00:00:00Z */
}

/* Only ca-cert.pem: at 2020 the test CA itself is not valid yet (made now), as OpenSSL says. */
static void at_2020_only_ca(SSL *ssl)
{
    X509_VERIFY_PARAM_set_time(SSL_get0_param(ssl), 1590969600);
}

START_TEST(test_set_time)
{
    const char *fut = gen("later-cert.pem"), *futkey = gen("later-key.pem");

    ck_assert_int_eq(verify_with(gen("past-cert.pem"), gen("past-key.pem"), NULL, at_2020_06_01),
                     X509_V_OK);
    ck_assert_int_eq(verify_with(tu_cert("expired-cert.pem"), tu_cert("expired-key.pem"), NULL,
                                 at_2020_only_ca), X509_V_ERR_CERT_NOT_YET_VALID);
    ck_assert_int_eq(verify_with(fut, futkey, NULL, at_2089), X509_V_OK);   /* its first second */
    ck_assert_int_eq(verify_with(fut, futkey, NULL, at_2092), X509_V_ERR_CERT_HAS_EXPIRED);
    ck_assert_int_eq(verify_with(tu_cert("server-cert.pem"), tu_cert("server-key.pem"), NULL,
                                 at_2092), X509_V_ERR_CERT_HAS_EXPIRED);
}
END_TEST

/* ---- names and depth through X509_VERIFY_PARAM ---------------------------------------------- */

static void host_example(SSL *ssl)
{
    ck_assert_int_eq(X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), "example.com", 0), 1);
}

static void hosts_any(SSL *ssl)
{
    X509_VERIFY_PARAM *p = SSL_get0_param(ssl);

    ck_assert_int_eq(X509_VERIFY_PARAM_set1_host(p, "example.com", 0), 1);
    ck_assert_int_eq(X509_VERIFY_PARAM_add1_host(p, "localhost", 0), 1);
    ck_assert_str_eq(X509_VERIFY_PARAM_get0_host(p, 1), "localhost");
}

static void ip_good(SSL *ssl)
{
    ck_assert_int_eq(X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), "127.0.0.1"), 1);
}

static void ip_bad(SSL *ssl)
{
    ck_assert_int_eq(X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), "127.0.0.2"), 1);
}

static void partial_wildcard(SSL *ssl)
{
    ck_assert_int_eq(X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), "foo.example.com", 0), 1);
}

static void partial_wildcard_refused(SSL *ssl)
{
    partial_wildcard(ssl);
    X509_VERIFY_PARAM_set_hostflags(SSL_get0_param(ssl), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
}

START_TEST(test_param_names)
{
    const char *extras[] = { gen("int2-cert.pem"), gen("int1-cert.pem"), NULL };

    ck_assert_int_eq(verify_leaf2(extras, host_example), X509_V_ERR_HOSTNAME_MISMATCH);
    ck_assert_int_eq(verify_leaf2(extras, hosts_any), X509_V_OK);
    ck_assert_int_eq(verify_leaf2(extras, ip_good), X509_V_OK);
    ck_assert_int_eq(verify_leaf2(extras, ip_bad), X509_V_ERR_IP_ADDRESS_MISMATCH);
    ck_assert_int_eq(verify_leaf2(extras, partial_wildcard), X509_V_OK);
    ck_assert_int_eq(verify_leaf2(extras, partial_wildcard_refused), X509_V_ERR_HOSTNAME_MISMATCH);
}
END_TEST

/* SSL_get0_peername names the host that matched. */
START_TEST(test_peername)
{
    const char *extras[] = { gen("int2-cert.pem"), gen("int1-cert.pem"), NULL };
    conn c;

    conn_open(&c, server_ctx(gen("leaf2-cert.pem"), gen("leaf2-key.pem"), extras));
    ck_assert_int_eq(SSL_set1_host(c.ssl, "example.com"), 1);
    ck_assert_int_eq(SSL_add1_host(c.ssl, "localhost"), 1);
    conn_connect(&c);
    ck_assert_int_eq(c.connect_ret, 1);
    ck_assert_str_eq(SSL_get0_peername(c.ssl), "localhost");
    conn_close(&c);
}
END_TEST

static void depth_0(SSL *ssl)
{
    X509_VERIFY_PARAM_set_depth(SSL_get0_param(ssl), 0);
}

static void depth_1(SSL *ssl)
{
    SSL_set_verify_depth(ssl, 1);
    ck_assert_int_eq(X509_VERIFY_PARAM_get_depth(SSL_get0_param(ssl)), 1);
}

static void depth_2(SSL *ssl)
{
    X509_VERIFY_PARAM_set_depth(SSL_get0_param(ssl), 2);
}

/* leaf2 <- int2 <- int1 <- anchor: two intermediates, as `openssl verify -verify_depth` counts. */
START_TEST(test_param_depth)
{
    const char *extras[] = { gen("int2-cert.pem"), gen("int1-cert.pem"), NULL };

    ck_assert_int_eq(verify_leaf2(extras, depth_1), X509_V_ERR_CERT_CHAIN_TOO_LONG);
    ck_assert_int_eq(verify_leaf2(extras, depth_2), X509_V_OK);
    ck_assert_int_eq(verify_with(tu_cert("server-cert.pem"), tu_cert("server-key.pem"), NULL, depth_0),
                     X509_V_OK);
}
END_TEST

/* The SSL_CTX's parameters are copied by SSL_new; changing the SSL's leaves them alone. */
START_TEST(test_param_objects)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    X509_VERIFY_PARAM *vpm = X509_VERIFY_PARAM_new();
    SSL *ssl;

    ck_assert_int_eq(X509_VERIFY_PARAM_set1_host(vpm, "a.example", 0), 1);
    X509_VERIFY_PARAM_set_depth(vpm, 3);
    ck_assert_int_eq(X509_VERIFY_PARAM_set1_host(vpm, "bad\0name", 8), 0);
    ERR_clear_error();
    ck_assert_int_eq(X509_VERIFY_PARAM_set1_ip_asc(vpm, "not-an-ip"), 0);
    ERR_clear_error();
    ck_assert_int_eq(SSL_CTX_set1_param(ctx, vpm), 1);
    ck_assert_int_eq(SSL_CTX_get_verify_depth(ctx), 3);
    ssl = SSL_new(ctx);
    ck_assert_str_eq(X509_VERIFY_PARAM_get0_host(SSL_get0_param(ssl), 0), "a.example");
    SSL_set_verify_depth(ssl, 7);
    ck_assert_int_eq(SSL_CTX_get_verify_depth(ctx), 3);
    ck_assert_int_eq(X509_VERIFY_PARAM_get_depth(SSL_CTX_get0_param(ctx)), 3);
    SSL_free(ssl);
    X509_VERIFY_PARAM_free(vpm);
    SSL_CTX_free(ctx);
}
END_TEST

/* ---- X509_verify_cert, outside TLS ------------------------------------------------------------ */

/* A verification context over a store of one CA file, a leaf and untrusted extras. */
typedef struct {
    X509_STORE *store;
    X509 *leaf;
    STACK_OF(X509) *untrusted;
    X509_STORE_CTX *ctx;
} vctx;

static void vctx_open(vctx *v, const char *cafile, const char *leaf, const char *const extras[])
{
    int i;

    v->store = X509_STORE_new();
    ck_assert_int_eq(X509_STORE_load_locations(v->store, cafile, NULL), 1);
    v->leaf = tu_read_cert(leaf);
    v->untrusted = sk_X509_new_null();
    for (i = 0; extras != NULL && extras[i] != NULL; i++)
        ck_assert_int_gt(sk_X509_push(v->untrusted, tu_read_cert(extras[i])), 0);
    v->ctx = X509_STORE_CTX_new();
    ck_assert_ptr_nonnull(v->ctx);
    ck_assert_int_eq(X509_STORE_CTX_init(v->ctx, v->store, v->leaf, v->untrusted), 1);
}

static void vctx_close(vctx *v)
{
    X509_STORE_CTX_free(v->ctx);
    sk_X509_pop_free(v->untrusted, X509_free);
    X509_free(v->leaf);
    X509_STORE_free(v->store);
    ERR_clear_error();
}

/* X509_verify_cert's return; its error in *err and the chain's length in *len. */
static int verify_cert(const char *cafile, const char *leaf, const char *const extras[],
                       int *err, int *len)
{
    vctx v;
    int r;

    vctx_open(&v, cafile, leaf, extras);
    r = X509_verify_cert(v.ctx);
    *err = X509_STORE_CTX_get_error(v.ctx);
    *len = sk_X509_num(X509_STORE_CTX_get0_chain(v.ctx));
    ck_assert_msg((r == 1) == (*err == X509_V_OK), "returned %d with error %d", r, *err);
    vctx_close(&v);
    return r;
}

START_TEST(test_x509_verify_anchored)
{
    int err, len;

    ck_assert_int_eq(verify_cert(tu_cert("ca-cert.pem"), tu_cert("server-cert.pem"), NULL, &err, &len), 1);
    ck_assert_int_eq(len, 2);       /* the anchor ends the path, as OpenSSL */
    ck_assert_int_eq(verify_cert(tu_cert("other-ca-cert.pem"), tu_cert("server-cert.pem"), NULL,
                                 &err, &len), 0);
    ck_assert_int_eq(err, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
}
END_TEST

START_TEST(test_x509_verify_untrusted_stack)
{
    const char *one[] = { tu_cert("int-ca-cert.pem"), NULL };
    const char *mixed[] = { gen("int1-cert.pem"), tu_cert("other-ca-cert.pem"),
                            gen("int2-cert.pem"), NULL };
    const char *missing[] = { gen("int1-cert.pem"), NULL };
    const char *ca = tu_cert("ca-cert.pem");
    int err, len;

    ck_assert_int_eq(verify_cert(ca, tu_cert("server-chain-leaf-cert.pem"), one, &err, &len), 1);
    ck_assert_int_eq(len, 3);
    ck_assert_int_eq(verify_cert(ca, gen("leaf2-cert.pem"), mixed, &err, &len), 1);
    ck_assert_int_eq(len, 4);
    ck_assert_int_eq(verify_cert(ca, gen("leaf2-cert.pem"), missing, &err, &len), 0);
    ck_assert_int_eq(err, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    ck_assert_int_eq(verify_cert(ca, tu_cert("server-chain-leaf-cert.pem"), NULL, &err, &len), 0);
    ck_assert_int_eq(err, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
}
END_TEST

/* The path of get0 and get1: leaf2, int2, int1, whatever order they were given in. */
START_TEST(test_x509_verify_chain)
{
    const char *extras[] = { gen("int1-cert.pem"), gen("int2-cert.pem"), NULL };
    STACK_OF(X509) *sk;
    vctx v;

    vctx_open(&v, tu_cert("ca-cert.pem"), gen("leaf2-cert.pem"), extras);
    ck_assert_ptr_null(X509_STORE_CTX_get0_chain(v.ctx));
    ck_assert_int_eq(X509_verify_cert(v.ctx), 1);
    ck_assert_int_eq(X509_STORE_CTX_get_error_depth(v.ctx), 0);
    ck_assert_ptr_eq(X509_STORE_CTX_get_current_cert(v.ctx), v.leaf);
    ck_assert_ptr_eq(X509_STORE_CTX_get0_cert(v.ctx), v.leaf);
    sk = X509_STORE_CTX_get1_chain(v.ctx);
    ck_assert_int_eq(sk_X509_num(sk), 4);
    ck_assert_ptr_eq(sk_X509_value(sk, 0), v.leaf);
    subject_is(sk_X509_value(sk, 1), "Verify Int 2");
    subject_is(sk_X509_value(sk, 2), "Verify Int 1");
    ck_assert_ptr_eq(sk_X509_value(X509_STORE_CTX_get0_chain(v.ctx), 2), sk_X509_value(sk, 2));
    /* verifying twice needs a new init, as OpenSSL 3.0 */
    ck_assert_int_eq(X509_verify_cert(v.ctx), -1);
    ck_assert_int_eq(X509_STORE_CTX_get_error(v.ctx), X509_V_ERR_INVALID_CALL);
    ERR_clear_error();
    vctx_close(&v);
    sk_X509_pop_free(sk, X509_free);    /* its references outlive the context */
}
END_TEST

static int verify_at(const char *cafile, const char *leaf, time_t t, int *err)
{
    vctx v;
    int r;

    vctx_open(&v, cafile, leaf, NULL);
    if (t != 0)
        X509_STORE_CTX_set_time(v.ctx, 0, t);
    r = X509_verify_cert(v.ctx);
    *err = X509_STORE_CTX_get_error(v.ctx);
    vctx_close(&v);
    return r;
}

START_TEST(test_x509_verify_time)
{
    int err;

    const char *ca = tu_cert("ca-cert.pem"), *longca = gen("longca-cert.pem");

    ck_assert_int_eq(verify_at(ca, tu_cert("expired-cert.pem"), 0, &err), 0);
    ck_assert_int_eq(err, X509_V_ERR_CERT_HAS_EXPIRED);
    ck_assert_int_eq(verify_at(longca, gen("past-cert.pem"), 1590969600, &err), 1);  /* 2020-06-01 */
    ck_assert_int_eq(err, X509_V_OK);
    ck_assert_int_eq(verify_at(ca, gen("future-cert.pem"), 0, &err), 0);
    ck_assert_int_eq(err, X509_V_ERR_CERT_NOT_YET_VALID);
    ck_assert_int_eq(verify_at(longca, gen("later-cert.pem"), 3786912000, &err), 1);   /* 2090-01-01 */
    /* the anchor's own validity counts: the test CA is not valid in 2020 */
    ck_assert_int_eq(verify_at(ca, tu_cert("expired-cert.pem"), 1590969600, &err), 0);
    ck_assert_int_eq(err, X509_V_ERR_CERT_NOT_YET_VALID);
}
END_TEST

/* What the callback saw, in call order, and what it answers. */
static int cb_depths[8], cb_oks[8], cb_calls, cb_reject_depth;

static int record_calls(int ok, X509_STORE_CTX *x)
{
    int d = X509_STORE_CTX_get_error_depth(x);

    if (cb_calls < 8) {
        cb_depths[cb_calls] = d;
        cb_oks[cb_calls] = ok;
    }
    cb_calls++;
    ck_assert_ptr_nonnull(X509_STORE_CTX_get_current_cert(x));
    return d == cb_reject_depth ? 0 : 1;    /* otherwise lets every error through */
}

/* X509_verify_cert of leaf2 (+ int2, int1) against cafile with record_calls. */
static int verify_recorded(const char *cafile, int reject_depth, int on_store, int *err)
{
    const char *extras[] = { gen("int2-cert.pem"), gen("int1-cert.pem"), NULL };
    vctx v;
    int r;

    cb_calls = 0;
    cb_reject_depth = reject_depth;
    vctx_open(&v, cafile, gen("leaf2-cert.pem"), extras);
    if (on_store) {
        X509_STORE_set_verify_cb(v.store, record_calls);
        ck_assert_int_eq(X509_STORE_CTX_init(v.ctx, v.store, v.leaf, v.untrusted), 1);
    } else {
        X509_STORE_CTX_set_verify_cb(v.ctx, record_calls);
    }
    r = X509_verify_cert(v.ctx);
    *err = X509_STORE_CTX_get_error(v.ctx);
    vctx_close(&v);
    return r;
}

START_TEST(test_x509_verify_callback)
{
    int err;

    /* top first (the anchor included), each depth once */
    ck_assert_int_eq(verify_recorded(tu_cert("ca-cert.pem"), -1, 0, &err), 1);
    ck_assert_int_eq(cb_calls, 4);
    ck_assert_int_eq(cb_depths[0], 3);
    ck_assert_int_eq(cb_depths[1], 2);
    ck_assert_int_eq(cb_depths[2], 1);
    ck_assert_int_eq(cb_depths[3], 0);
    ck_assert_int_eq(cb_oks[0] && cb_oks[1] && cb_oks[2] && cb_oks[3], 1);
    /* rejecting a good chain: OpenSSL 3.0 reports X509_V_ERR_UNSPECIFIED */
    ck_assert_int_eq(verify_recorded(tu_cert("ca-cert.pem"), 1, 0, &err), 0);
    ck_assert_int_eq(err, X509_V_ERR_UNSPECIFIED);
    ck_assert_int_eq(cb_calls, 3);
    /* overriding an untrusted root: it succeeds, the error stays readable */
    ck_assert_int_eq(verify_recorded(tu_cert("other-ca-cert.pem"), -1, 1, &err), 1);
    ck_assert_int_eq(err, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    ck_assert_int_eq(cb_oks[0], 0);
    /* the error handed to the callback is kept when it rejects */
    ck_assert_int_eq(verify_recorded(tu_cert("other-ca-cert.pem"), 2, 1, &err), 0);
    ck_assert_int_eq(err, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
    ck_assert_int_eq(cb_calls, 1);
}
END_TEST

/* The context's X509_VERIFY_PARAM: names and depth, as for TLS. */
START_TEST(test_x509_verify_param)
{
    const char *extras[] = { gen("int2-cert.pem"), gen("int1-cert.pem"), NULL };
    X509_VERIFY_PARAM *p;
    vctx v;

    vctx_open(&v, tu_cert("ca-cert.pem"), gen("leaf2-cert.pem"), extras);
    ck_assert_int_eq(X509_VERIFY_PARAM_set1_host(X509_STORE_CTX_get0_param(v.ctx), "example.com", 0), 1);
    ck_assert_int_eq(X509_verify_cert(v.ctx), 0);
    ck_assert_int_eq(X509_STORE_CTX_get_error(v.ctx), X509_V_ERR_HOSTNAME_MISMATCH);
    ck_assert_int_eq(X509_STORE_CTX_init(v.ctx, v.store, v.leaf, v.untrusted), 1);
    p = X509_VERIFY_PARAM_new();
    X509_VERIFY_PARAM_set_depth(p, 1);
    X509_STORE_CTX_set0_param(v.ctx, p);
    ck_assert_ptr_eq(X509_STORE_CTX_get0_param(v.ctx), p);
    ck_assert_int_eq(X509_verify_cert(v.ctx), 0);
    ck_assert_int_eq(X509_STORE_CTX_get_error(v.ctx), X509_V_ERR_CERT_CHAIN_TOO_LONG);
    ck_assert_int_eq(X509_STORE_CTX_get_error_depth(v.ctx), 2);
    vctx_close(&v);
}
END_TEST

START_TEST(test_x509_verify_invalid)
{
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();

    ck_assert_int_eq(X509_STORE_CTX_init(ctx, NULL, NULL, NULL), 1);
    ck_assert_int_eq(X509_verify_cert(ctx), -1);
    ck_assert_int_eq(X509_STORE_CTX_get_error(ctx), X509_V_ERR_INVALID_CALL);
    ck_assert_uint_ne(ERR_get_error(), 0);
    X509_STORE_CTX_cleanup(ctx);
    ck_assert_ptr_null(X509_STORE_CTX_get0_param(ctx));
    X509_STORE_CTX_free(ctx);
    X509_STORE_CTX_free(NULL);
    ERR_clear_error();
}
END_TEST

/* ---- the system trust store ---------------------------------------------------------------- */

START_TEST(test_system_store)
{
    SSL_CTX *ctx;

    if (access(X509_get_default_cert_file(), R_OK) != 0 && access("/etc/ssl/certs", R_OK) != 0)
        return;     /* no system bundle here: nothing to check */
    ctx = SSL_CTX_new(TLS_client_method());
    ck_assert_int_eq(SSL_CTX_set_default_verify_paths(ctx), 1);
    ck_assert_uint_gt(SSL_CTX_get_cert_store(ctx)->count, 100);
    SSL_CTX_free(ctx);
    ctx = SSL_CTX_new(TLS_client_method());
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, NULL, "/etc/ssl/certs"), 1);
    ck_assert_uint_gt(SSL_CTX_get_cert_store(ctx)->count, 100);
    SSL_CTX_free(ctx);
}
END_TEST

static Suite *verify_suite(void)
{
    Suite *s = suite_create("verify");
    TCase *tc = tu_add_tcase(s, "chain", 60);

    tcase_add_test(tc, test_chain_in_order);
    tcase_add_test(tc, test_chain_out_of_order);
    tcase_add_test(tc, test_chain_with_extra_certs);
    tcase_add_test(tc, test_chain_missing_intermediate);
    tcase_add_test(tc, test_chain_callback_and_chains);
    tcase_add_test(tc, test_chain_reversed_from_s_server);
    tc = tu_add_tcase(s, "time", 60);
    tcase_add_test(tc, test_expired);
    tcase_add_test(tc, test_not_yet_valid);
    tcase_add_test(tc, test_set_time);
    tc = tu_add_tcase(s, "param", 60);
    tcase_add_test(tc, test_param_names);
    tcase_add_test(tc, test_peername);
    tcase_add_test(tc, test_param_depth);
    tcase_add_test(tc, test_param_objects);
    tc = tu_add_tcase(s, "x509_verify_cert", 60);
    tcase_add_test(tc, test_x509_verify_anchored);
    tcase_add_test(tc, test_x509_verify_untrusted_stack);
    tcase_add_test(tc, test_x509_verify_chain);
    tcase_add_test(tc, test_x509_verify_time);
    tcase_add_test(tc, test_x509_verify_callback);
    tcase_add_test(tc, test_x509_verify_param);
    tcase_add_test(tc, test_x509_verify_invalid);
    tc = tu_add_tcase(s, "store", 60);
    tcase_add_test(tc, test_system_store);
    return s;
}

int main(void)
{
    int rc;

    if (make_certs() != 0)
        return 99;      /* a hard error for the test driver, not a failure of kumassl */
    rc = tu_run_suite(verify_suite(), CK_NORMAL);
    tu_rmtree(gen_dir);
    return rc;
}
