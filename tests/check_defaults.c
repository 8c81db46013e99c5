/*
 * check_defaults: the defaults programs written for OpenSSL rely on
 * (issue 10 §3), against real openssl peers where the wire matters:
 *   - a client that loads no CA and leaves the verify mode alone verifies
 *     against the default verify paths (SSL_CERT_FILE...), once per SSL_CTX;
 *   - SSL_OP_ALL is OpenSSL 3.0's;
 *   - the client offers X25519, P-256, P-384 in that order (or the
 *     program's);
 *   - no SHA-1 or SHA-224 signatures in TLS 1.2 handshakes, either side;
 *   - the server's session cache stops growing at its bound.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

/* ---- the ClientHello on the wire -------------------------------------------------- */

typedef struct {
    unsigned char buf[4096];
    size_t len;
} hello_bytes;

/* The first flight of a client made from ctx, as it would go to the server. */
static void capture_client_hello(SSL_CTX *ctx, hello_bytes *h)
{
    SSL *ssl = SSL_new(ctx);
    BIO *in = BIO_new(BIO_s_mem()), *out = BIO_new(BIO_s_mem());
    int n;

    ck_assert_ptr_nonnull(ssl);
    BIO_set_mem_eof_return(in, -1);
    SSL_set_bio(ssl, in, out);
    ck_assert_int_eq(SSL_connect(ssl), -1);
    ck_assert_int_eq(SSL_get_error(ssl, -1), SSL_ERROR_WANT_READ);
    n = BIO_read(out, h->buf, sizeof(h->buf));
    ck_assert_int_gt(n, 5 + 4 + 2 + 32);
    h->len = (size_t)n;
    SSL_free(ssl);
}

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* Skips a vector with an n-byte length at *pos; 0 when it runs past end. */
static int skip_vec(const unsigned char *p, size_t end, size_t *pos, int n)
{
    size_t len;

    if (*pos + (size_t)n > end)
        return 0;
    len = n == 1 ? p[*pos] : be16(p + *pos);
    *pos += (size_t)n + len;
    return *pos <= end;
}

/* The body of extension `type` in a one-record ClientHello, or NULL. */
static const unsigned char *hello_ext(const hello_bytes *h, unsigned type, size_t *len)
{
    const unsigned char *p = h->buf;
    size_t pos = 5 + 4 + 2 + 32, end = h->len, ext_end;

    ck_assert_int_eq(p[0], 22);         /* handshake */
    ck_assert_int_eq(p[5], 1);          /* ClientHello */
    ck_assert(skip_vec(p, end, &pos, 1) && skip_vec(p, end, &pos, 2)
              && skip_vec(p, end, &pos, 1));   /* session id, suites, compression */
    ck_assert_uint_le(pos + 2, end);
    ext_end = pos + 2 + be16(p + pos);
    ck_assert_uint_le(ext_end, end);
    for (pos += 2; pos + 4 <= ext_end; pos += 4 + be16(p + pos + 2))
        if (be16(p + pos) == type) {
            *len = be16(p + pos + 2);
            return p + pos + 4;
        }
    return NULL;
}

/* The 16-bit list inside extension `type` (a vector with a 2-byte length), as numbers. */
static size_t hello_list(const hello_bytes *h, unsigned type, unsigned *out, size_t max)
{
    size_t len, i, n = 0;
    const unsigned char *e = hello_ext(h, type, &len);

    ck_assert_msg(e != NULL, "no extension %u in the ClientHello", type);
    ck_assert_uint_eq(be16(e) + 2, len);
    for (i = 2; i + 1 < len && n < max; i += 2)
        out[n++] = be16(e + i);
    return n;
}

/* ---- default verify paths ----------------------------------------------------------- */

/* A handshake of a client made from ctx with s_server presenting cert/key; SSL_connect's result. */
static int connect_s_server(SSL_CTX *ctx, const char *cert, const char *key, long *verify)
{
    tu_conn c = TU_CONN_INIT;
    const char *extra[] = { NULL };
    int port = tu_start_s_server(&c, tu_cert(cert), tu_cert(key), extra);
    int r;

    SSL_CTX_up_ref(ctx);
    tu_conn_open_client(&c, port, ctx);
    r = SSL_connect(c.ssl);
    *verify = SSL_get_verify_result(c.ssl);
    tu_conn_close(&c);
    return r;
}

static void trust_env(const char *cafile)
{
    ck_assert_int_eq(setenv("SSL_CERT_FILE", tu_cert(cafile), 1), 0);
    ck_assert_int_eq(setenv("SSL_CERT_DIR", "/nonexistent", 1), 0);
}

/*
 * A client that loads no CA verifies the server against SSL_CERT_FILE; the
 * paths are read once per SSL_CTX: pointing SSL_CERT_FILE at another CA
 * changes nothing for that SSL_CTX, but does for a new one.
 */
START_TEST(test_default_verify_paths_once_per_ctx)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method()), *fresh;
    long v;

    trust_env("ca-cert.pem");
    ck_assert_int_eq(connect_s_server(ctx, "server-cert.pem", "server-key.pem", &v), 1);
    ck_assert_int_eq(v, X509_V_OK);
    ck_assert_int_eq(connect_s_server(ctx, "server-cert.pem", "server-key.pem", &v), 1);
    trust_env("other-ca-cert.pem");
    ck_assert_int_ne(connect_s_server(ctx, "other-server-cert.pem", "other-server-key.pem", &v), 1);
    ck_assert_int_ne(v, X509_V_OK);
    ERR_clear_error();
    fresh = SSL_CTX_new(TLS_client_method());
    ck_assert_int_eq(connect_s_server(fresh, "other-server-cert.pem", "other-server-key.pem", &v), 1);
    ck_assert_int_eq(v, X509_V_OK);
    SSL_CTX_free(fresh);
    SSL_CTX_free(ctx);
}
END_TEST

/* A program that chose VERIFY_PEER but loaded no CA gets what OpenSSL gives it: a failure. */
START_TEST(test_explicit_verify_mode_loads_no_defaults)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    long v;

    trust_env("ca-cert.pem");
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    ck_assert_int_ne(connect_s_server(ctx, "server-cert.pem", "server-key.pem", &v), 1);
    ck_assert_int_ne(v, X509_V_OK);
    ERR_clear_error();
    SSL_CTX_free(ctx);
}
END_TEST

/* ---- SSL_OP_ALL ------------------------------------------------------------------------ */

/* OpenSSL 3.0's ssl.h: CRYPTOPRO_TLSEXT_BUG | DONT_INSERT_EMPTY_FRAGMENTS | TLSEXT_PADDING | SAFARI_ECDHE_ECDSA_BUG */
START_TEST(test_op_all_is_openssl_30s)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    ck_assert_uint_eq(SSL_OP_ALL, 0x80000850U);
    ck_assert(SSL_CTX_set_options(ctx, SSL_OP_ALL) & SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS);
    SSL_CTX_free(ctx);
}
END_TEST

/* ---- groups -------------------------------------------------------------------------------- */

#define EXT_SUPPORTED_GROUPS 10
#define EXT_SIGNATURE_ALGORITHMS 13

START_TEST(test_client_offers_x25519_first)
{
    SSL_CTX *ctx = tu_ca_client_ctx();
    hello_bytes h;
    unsigned g[16];
    size_t n;

    capture_client_hello(ctx, &h);
    n = hello_list(&h, EXT_SUPPORTED_GROUPS, g, 16);
    ck_assert_uint_ge(n, 3);
    ck_assert_msg(g[0] == 29 && g[1] == 23 && g[2] == 24, "groups offered: %u, %u, %u", g[0], g[1], g[2]);
    SSL_CTX_free(ctx);
}
END_TEST

/* SSL_CTX_set1_groups_list's order is the order on the wire. */
START_TEST(test_client_offers_groups_in_list_order)
{
    SSL_CTX *ctx = tu_ca_client_ctx();
    hello_bytes h;
    unsigned g[16];
    size_t n;

    ck_assert_int_eq(SSL_CTX_set1_groups_list(ctx, "P-384:X25519:P-256"), 1);
    capture_client_hello(ctx, &h);
    n = hello_list(&h, EXT_SUPPORTED_GROUPS, g, 16);
    ck_assert_uint_eq(n, 3);
    ck_assert_msg(g[0] == 24 && g[1] == 29 && g[2] == 23, "groups offered: %u, %u, %u", g[0], g[1], g[2]);
    SSL_CTX_free(ctx);
}
END_TEST

/* s_server sees the same order (its "Supported groups" are the client's, in order). */
START_TEST(test_s_server_sees_x25519_first)
{
    tu_conn c = TU_CONN_INIT;
    const char *extra[] = { "-tls1_2", NULL };
    int port = tu_start_s_server(&c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), extra);
    char line[256];

    tu_conn_open_client(&c, port, tu_ca_client_ctx());
    ck_assert_int_eq(SSL_connect(c.ssl), 1);
    tu_await_line(c.peer, "Supported groups:", line, sizeof(line));
    ck_assert_msg(strncmp(line, " x25519:secp256r1:secp384r1", 27) == 0, "s_server saw: %s", line);
    tu_conn_close(&c);
}
END_TEST

/* ---- signature algorithms ------------------------------------------------------------------ */

/* SHA-1 (x,2) and SHA-224 (x,3) in TLS 1.2's SignatureAndHashAlgorithm (RFC 5246 7.4.1.4.1). */
static int weak_sigalg(unsigned sa)
{
    return (sa >> 8) == 2 || (sa >> 8) == 3;
}

START_TEST(test_client_offers_no_sha1_sigalgs)
{
    SSL_CTX *ctx = tu_ca_client_ctx();
    hello_bytes h;
    unsigned sa[32];
    size_t i, n;

    capture_client_hello(ctx, &h);
    n = hello_list(&h, EXT_SIGNATURE_ALGORITHMS, sa, 32);
    ck_assert_uint_gt(n, 0);
    for (i = 0; i < n; i++)
        ck_assert_msg(!weak_sigalg(sa[i]), "offered signature algorithm 0x%04x", sa[i]);
    SSL_CTX_free(ctx);
}
END_TEST

/*
 * s_server told to sign with SHA-1 only (at security level 0, where
 * OpenSSL allows it) finds nothing to agree on.
 */
START_TEST(test_client_refuses_sha1_server_signature)
{
    tu_conn c = TU_CONN_INIT;
    const char *extra[] = { "-tls1_2", "-sigalgs", "RSA+SHA1", "-cipher", "DEFAULT:@SECLEVEL=0", NULL };
    int port = tu_start_s_server(&c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), extra);

    tu_conn_open_client(&c, port, tu_ca_client_ctx());
    ck_assert_int_ne(SSL_connect(c.ssl), 1);
    ERR_clear_error();
    tu_conn_close(&c);
}
END_TEST

/* A kumassl server's SSL_accept with s_client offering these signature algorithms (level 0). */
static int accept_with_sigalgs(const char *sigalgs)
{
    tu_conn c = TU_CONN_INIT;
    const char *extra[] = { "-tls1_2", "-sigalgs", sigalgs, "-cipher", "DEFAULT:@SECLEVEL=0", NULL };
    int r = tu_accept_s_client(&c, tu_rsa_server_ctx(), extra);

    tu_conn_close(&c);
    return r;
}

/* A kumassl server refuses a client that offers only SHA-1 signatures... */
START_TEST(test_server_refuses_sha1_only_client)
{
    ck_assert_int_ne(accept_with_sigalgs("RSA+SHA1:ECDSA+SHA1"), 1);
}
END_TEST

/* ...and the same s_client with SHA-256 allowed connects: the refusal is about SHA-1. */
START_TEST(test_server_takes_sha256_client)
{
    ck_assert_int_eq(accept_with_sigalgs("RSA+SHA1:RSA+SHA256"), 1);
}
END_TEST

/* Old versions keep what they need: a TLS 1.0 client with CBC-SHA still connects. */
START_TEST(test_tls10_still_works)
{
    tu_conn c = TU_CONN_INIT;
    const char *extra[] = { "-tls1", "-cipher", "ECDHE-RSA-AES128-SHA:@SECLEVEL=0", NULL };
    int port = tu_start_s_server(&c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), extra);
    SSL_CTX *ctx = tu_ca_client_ctx();

    ck_assert_int_eq(SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION), 1);
    ck_assert_int_eq(SSL_CTX_set_max_proto_version(ctx, TLS1_VERSION), 1);
    tu_conn_open_client(&c, port, ctx);
    ck_assert_msg(SSL_connect(c.ssl) == 1, "%s", tu_queued_error());
    ck_assert_int_eq(SSL_version(c.ssl), TLS1_VERSION);
    tu_conn_close(&c);
}
END_TEST

/* ---- the session cache ----------------------------------------------------------------------- */

/* One full handshake over a BIO pair between new connections of cctx and sctx. */
static void bio_pair_handshake(SSL_CTX *cctx, SSL_CTX *sctx)
{
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    BIO *cb, *sb;
    int rc = -1, rs = -1, rounds = 0;

    ck_assert_int_eq(BIO_new_bio_pair(&cb, 0, &sb, 0), 1);
    SSL_set_bio(c, cb, cb);
    SSL_set_bio(s, sb, sb);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    while (rc != 1 || rs != 1) {
        ck_assert_int_lt(rounds++, 20);
        if (rc != 1)
            rc = SSL_do_handshake(c);
        if (rs != 1)
            rs = SSL_do_handshake(s);
    }
    SSL_free(c);
    SSL_free(s);
}

/*
 * 6000 connections with a cache of 100: once the cache is full, the heap
 * stops growing (a leak of 0.2 KiB per connection would add 1 MiB).
 */
START_TEST(test_session_cache_levels_off)
{
    SSL_CTX *sctx, *cctx;
    size_t full;
    int i;

    if (!tu_heap_measurable())
        return;     /* valgrind, sanitizers */
    sctx = tu_server_ctx(tu_cert("server-ecdsa-cert.pem"), tu_cert("server-ecdsa-key.pem"));
    cctx = tu_ca_client_ctx();
    SSL_CTX_sess_set_cache_size(sctx, 100);
    for (i = 0; i < 1000; i++)
        bio_pair_handshake(cctx, sctx);
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), 100);
    full = tu_heap_in_use();
    for (i = 0; i < 5000; i++)
        bio_pair_handshake(cctx, sctx);
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), 100);
    ck_assert_msg(tu_heap_in_use() < full + 64 * 1024, "the heap grew by %zu bytes over 5000 connections",
                  tu_heap_in_use() - full);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}
END_TEST

static Suite *defaults_suite(void)
{
    Suite *s = suite_create("defaults");
    TCase *tc = tu_add_tcase(s, "defaults", 120);

    tcase_add_test(tc, test_default_verify_paths_once_per_ctx);
    tcase_add_test(tc, test_explicit_verify_mode_loads_no_defaults);
    tcase_add_test(tc, test_op_all_is_openssl_30s);
    tcase_add_test(tc, test_client_offers_x25519_first);
    tcase_add_test(tc, test_client_offers_groups_in_list_order);
    tcase_add_test(tc, test_s_server_sees_x25519_first);
    tcase_add_test(tc, test_client_offers_no_sha1_sigalgs);
    tcase_add_test(tc, test_client_refuses_sha1_server_signature);
    tcase_add_test(tc, test_server_refuses_sha1_only_client);
    tcase_add_test(tc, test_server_takes_sha256_client);
    tcase_add_test(tc, test_tls10_still_works);
    tcase_add_test(tc, test_session_cache_levels_off);
    return s;
}

int main(void)
{
    return tu_run_suite(defaults_suite(), CK_NORMAL);
}
