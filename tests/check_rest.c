/*
 * check_rest: connections at rest give their record buffer back.
 *
 * Between calls an established connection with nothing in flight frees
 * BearSSL's 33 KiB record buffer and its verifier (lib/ssl/br/iobuf.c), and the
 * next record brings them back. These tests drive both sides over memory
 * BIOs so the test decides how bytes arrive: records cut into single bytes
 * (headers collected while the buffer is away), both directions at once,
 * closure from rest, and the heap an idle connection keeps.
 */
#include <check.h>
#include <malloc.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

typedef struct {
    SSL *c, *s;
    BIO *c_in, *c_out, *s_in, *s_out;   /* each side's rbio and wbio (memory BIOs) */
} mem_pair;

static SSL *side(SSL_CTX *ctx, BIO **in, BIO **out)
{
    SSL *ssl = SSL_new(ctx);

    ck_assert_ptr_nonnull(ssl);
    *in = BIO_new(BIO_s_mem());
    *out = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(*in, -1);    /* empty means "retry", not EOF */
    SSL_set_bio(ssl, *in, *out);
    return ssl;
}

/* Moves at most max bytes (0: all) of what from wrote to to's input; returns the count. */
static size_t shuttle(BIO *from, BIO *to, size_t max)
{
    unsigned char buf[4096];
    size_t moved = 0;
    int n;

    while ((max == 0 || moved < max)
           && (n = BIO_read(from, buf, (int)(max == 0 || max - moved > sizeof(buf)
                                            ? sizeof(buf) : max - moved))) > 0) {
        ck_assert_int_eq(BIO_write(to, buf, n), n);
        moved += (size_t)n;
    }
    return moved;
}

static void exchange(mem_pair *p)
{
    shuttle(p->c_out, p->s_in, 0);
    shuttle(p->s_out, p->c_in, 0);
}

static int step(SSL *ssl, int r)
{
    int e;

    if (r == 1)
        return 1;
    e = SSL_get_error(ssl, r);
    ck_assert_msg(e == SSL_ERROR_WANT_READ, "handshake failed: %d, %s", e, tu_queued_error());
    return 0;
}

static void pair_new(mem_pair *p, SSL_CTX *cctx, SSL_CTX *sctx)
{
    p->c = side(cctx, &p->c_in, &p->c_out);
    p->s = side(sctx, &p->s_in, &p->s_out);
    SSL_set_connect_state(p->c);
    SSL_set_accept_state(p->s);
}

static void pair_handshake(mem_pair *p)
{
    int cdone = 0, sdone = 0, rounds = 0;

    while (!cdone || !sdone) {
        ck_assert_int_lt(rounds++, 20);
        if (!cdone)
            cdone = step(p->c, SSL_do_handshake(p->c));
        exchange(p);
        if (!sdone)
            sdone = step(p->s, SSL_do_handshake(p->s));
        exchange(p);
    }
}

static void pair_open(mem_pair *p, SSL_CTX *cctx, SSL_CTX *sctx)
{
    pair_new(p, cctx, sctx);
    pair_handshake(p);
}

static void pair_free(mem_pair *p)
{
    SSL_free(p->c);
    SSL_free(p->s);
}

static SSL_CTX *sctx, *cctx;

static void setup(void)
{
    sctx = tu_server_ctx(tu_cert("server-ecdsa-cert.pem"), tu_cert("server-ecdsa-key.pem"));
    cctx = tu_ca_client_ctx();
}

static void teardown(void)
{
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

static void fill(unsigned char *buf, size_t len, unsigned seed)
{
    size_t i;

    for (i = 0; i < len; i++)
        buf[i] = (unsigned char)(seed + i * 7 + (i >> 8));
}

/* Record protections, each also in the older versions that need CBC (1/n-1 split in TLS 1.0). */
static const struct {
    int version;
    const char *cipher;                 /* NULL: the default suites */
    int rsa;                            /* the RSA server certificate */
} protections[] = {
    { TLS1_2_VERSION, NULL, 0 },
    { TLS1_2_VERSION, "ECDHE-RSA-CHACHA20-POLY1305", 1 },
    { TLS1_2_VERSION, "ECDHE-RSA-AES256-SHA384", 1 },
    { TLS1_1_VERSION, "ECDHE-ECDSA-AES256-SHA", 0 },
    { TLS1_VERSION, "ECDHE-ECDSA-AES128-SHA", 0 },
    { TLS1_VERSION, "DES-CBC3-SHA", 1 },
};

/* The fixture's contexts, narrowed to protections[i]. */
static void use_protection(int i)
{
    if (protections[i].rsa) {
        SSL_CTX_free(sctx);
        sctx = tu_rsa_server_ctx();
    }
    ck_assert_int_eq(SSL_CTX_set_min_proto_version(sctx, protections[i].version), 1);
    ck_assert_int_eq(SSL_CTX_set_min_proto_version(cctx, protections[i].version), 1);
    ck_assert_int_eq(SSL_CTX_set_max_proto_version(cctx, protections[i].version), 1);
    if (protections[i].cipher != NULL) {
        ck_assert_int_eq(SSL_CTX_set_cipher_list(cctx, protections[i].cipher), 1);
        ck_assert_int_eq(SSL_CTX_set_cipher_list(sctx, protections[i].cipher), 1);
    }
}

/*
 * Records arriving one byte at a time: nothing is readable before a
 * record's last byte (TLS 1.0 CBC sends 1 byte, then the other 999).
 */
START_TEST(test_records_byte_by_byte)
{
    unsigned char out[1000], in[1000];
    mem_pair p;
    int rec, r;

    use_protection(_i);
    pair_open(&p, cctx, sctx);
    ck_assert_int_eq(SSL_version(p.c), protections[_i].version);
    if (protections[_i].cipher != NULL)
        ck_assert_str_eq(SSL_get_cipher(p.c), protections[_i].cipher);
    for (rec = 0; rec < 3; rec++) {
        size_t moved = 0, got = 0;

        fill(out, sizeof(out), (unsigned)rec);
        ck_assert_int_eq(SSL_write(p.c, out, sizeof(out)), sizeof(out));
        while (got < sizeof(out)) {
            r = SSL_read(p.s, in + got, (int)(sizeof(in) - got));
            if (r > 0) {
                got += (size_t)r;
                continue;
            }
            ck_assert_int_eq(SSL_get_error(p.s, r), SSL_ERROR_WANT_READ);
            ck_assert_int_eq(SSL_pending(p.s), 0);
            ck_assert_uint_eq(shuttle(p.c_out, p.s_in, 1), 1);  /* the record cannot be over yet */
            moved++;
        }
        ck_assert_mem_eq(in, out, sizeof(out));
        ck_assert_uint_eq(BIO_ctrl_pending(p.c_out), 0);
        ck_assert_uint_gt(moved, sizeof(out));       /* header, body and tag came in pieces */
    }
    pair_free(&p);
}
END_TEST

/* Two records in one delivery, read in small pieces: the second is kept while the first is read. */
START_TEST(test_pending_and_peek_across_calls)
{
    unsigned char a[300], b[200], in[600];
    mem_pair p;

    pair_open(&p, cctx, sctx);
    fill(a, sizeof(a), 1);
    fill(b, sizeof(b), 2);
    ck_assert_int_eq(SSL_write(p.s, a, sizeof(a)), sizeof(a));
    ck_assert_int_eq(SSL_write(p.s, b, sizeof(b)), sizeof(b));
    shuttle(p.s_out, p.c_in, 0);
    ck_assert_int_eq(SSL_peek(p.c, in, 100), 100);
    ck_assert_int_eq(SSL_pending(p.c), sizeof(a));
    ck_assert_int_eq(SSL_read(p.c, in, 100), 100);
    ck_assert_mem_eq(in, a, 100);
    ck_assert_int_eq(SSL_pending(p.c), sizeof(a) - 100);
    ck_assert_int_eq(SSL_read(p.c, in, sizeof(in)), sizeof(a) - 100);
    ck_assert_mem_eq(in, a + 100, sizeof(a) - 100);
    ck_assert_int_eq(SSL_pending(p.c), 0);
    ck_assert_int_eq(SSL_read(p.c, in, sizeof(in)), sizeof(b));
    ck_assert_mem_eq(in, b, sizeof(b));
    ck_assert_int_eq(SSL_read(p.c, in, sizeof(in)), -1);
    ck_assert_int_eq(SSL_get_error(p.c, -1), SSL_ERROR_WANT_READ);
    pair_free(&p);
}
END_TEST

/* Both sides write before either reads, many times over, with large and small records. */
START_TEST(test_both_directions_interleaved)
{
    static unsigned char out_c[40000], out_s[40000], in[40000];
    size_t sizes[] = { 1, 100, 16384, 16385, 40000, 5 };
    mem_pair p;
    size_t i, got;
    int r;

    pair_open(&p, cctx, sctx);
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        fill(out_c, sizes[i], (unsigned)i);
        fill(out_s, sizes[i], (unsigned)i + 100);
        ck_assert_int_eq(SSL_write(p.c, out_c, (int)sizes[i]), (int)sizes[i]);
        ck_assert_int_eq(SSL_write(p.s, out_s, (int)sizes[i]), (int)sizes[i]);
        exchange(&p);
        for (got = 0; got < sizes[i]; got += (size_t)r) {
            r = SSL_read(p.s, in + got, (int)(sizeof(in) - got));
            ck_assert_int_gt(r, 0);
        }
        ck_assert_mem_eq(in, out_c, sizes[i]);
        for (got = 0; got < sizes[i]; got += (size_t)r) {
            r = SSL_read(p.c, in + got, (int)(sizeof(in) - got));
            ck_assert_int_gt(r, 0);
        }
        ck_assert_mem_eq(in, out_s, sizes[i]);
    }
    pair_free(&p);
}
END_TEST

/* close_notify from a connection at rest, both ways, with the usual return values. */
START_TEST(test_shutdown_from_rest)
{
    unsigned char buf[16];
    mem_pair p;

    pair_open(&p, cctx, sctx);
    ck_assert_int_eq(SSL_shutdown(p.c), 0);
    shuttle(p.c_out, p.s_in, 0);
    ck_assert_int_eq(SSL_read(p.s, buf, sizeof(buf)), 0);
    ck_assert_int_eq(SSL_get_error(p.s, 0), SSL_ERROR_ZERO_RETURN);
    ck_assert_int_eq(SSL_shutdown(p.s), 1);
    shuttle(p.s_out, p.c_in, 0);
    ck_assert_int_eq(SSL_shutdown(p.c), 1);
    ck_assert_int_eq(SSL_write(p.c, "x", 1), -1);
    ERR_clear_error();
    pair_free(&p);
}
END_TEST

/* A damaged record that arrives after a rest is still refused. */
START_TEST(test_damaged_record_after_rest)
{
    unsigned char buf[64];
    mem_pair p;
    char *data;
    long n;

    pair_open(&p, cctx, sctx);
    ck_assert_int_eq(SSL_write(p.c, "hello", 5), 5);
    n = BIO_get_mem_data(p.c_out, &data);
    ck_assert_int_gt(n, 10);
    data[n - 1] ^= 1;                   /* the last byte of the tag */
    shuttle(p.c_out, p.s_in, 0);
    ck_assert_int_eq(SSL_read(p.s, buf, sizeof(buf)), -1);
    ck_assert_int_eq(SSL_get_error(p.s, -1), SSL_ERROR_SSL);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC);
    ERR_clear_error();
    pair_free(&p);
}
END_TEST

/* A server's records are cut to SSL_CTX_set_max_send_fragment (its output half is that small). */
START_TEST(test_server_max_send_fragment)
{
    static unsigned char out[5000], in[5000];
    size_t frag = 512 + (size_t)_i * 1000, got = 0;
    const unsigned char *rec;
    mem_pair p;
    long n;
    int r;

    ck_assert_int_eq(SSL_CTX_set_max_send_fragment(sctx, (long)frag), 1);
    pair_open(&p, cctx, sctx);
    fill(out, sizeof(out), 9);
    ck_assert_int_eq(SSL_write(p.s, out, sizeof(out)), sizeof(out));
    n = BIO_get_mem_data(p.s_out, (char **)&rec);
    ck_assert_int_gt(n, 5);
    /* AES-GCM: 8 bytes of explicit nonce and a 16-byte tag around the fragment */
    ck_assert_uint_eq(((size_t)rec[3] << 8 | rec[4]), frag + 24);
    shuttle(p.s_out, p.c_in, 0);
    while (got < sizeof(out)) {
        r = SSL_read(p.c, in + got, (int)(sizeof(in) - got));
        ck_assert_int_gt(r, 0);
        ck_assert_uint_le((size_t)r, frag);
        got += (size_t)r;
    }
    ck_assert_mem_eq(in, out, sizeof(out));
    pair_free(&p);
}
END_TEST

/* The peer's close_notify waits unread while the connection rests; a write still goes out first. */
START_TEST(test_write_after_peer_close_at_rest)
{
    unsigned char buf[8];
    mem_pair p;

    pair_open(&p, cctx, sctx);
    ck_assert_int_eq(SSL_shutdown(p.c), 0);
    shuttle(p.c_out, p.s_in, 0);
    ck_assert_int_eq(SSL_write(p.s, "late", 4), 4);
    ck_assert_int_eq(SSL_read(p.s, buf, sizeof(buf)), 0);
    ck_assert_int_eq(SSL_get_error(p.s, 0), SSL_ERROR_ZERO_RETURN);
    ck_assert_int_eq(SSL_shutdown(p.s), 1);
    shuttle(p.s_out, p.c_in, 0);
    ck_assert_int_eq(SSL_shutdown(p.c), 1);     /* (BearSSL drops data after our close_notify) */
    pair_free(&p);
}
END_TEST

static size_t heap_in_use(void)
{
    return mallinfo2().uordblks;
}

/*
 * Established idle connections keep well under the 33 KiB a record buffer
 * takes: 20 pairs may not cost 20 buffers per side.
 */
START_TEST(test_idle_connections_are_small)
{
    enum { N = 20 };
    static void *volatile big;          /* volatile: the compiler may not drop the probe */
    mem_pair p[N];
    size_t before, after, probe;
    int i;

    big = malloc(1 << 16);
    probe = heap_in_use();
    free(big);
    if (probe == heap_in_use())
        return;     /* a malloc that mallinfo2() does not see (valgrind, sanitizers) */
    pair_open(&p[0], cctx, sctx);
    pair_free(&p[0]);
    before = heap_in_use();
    for (i = 0; i < N; i++)
        pair_open(&p[i], cctx, sctx);
    after = heap_in_use();
    ck_assert_msg(after - before < (size_t)N * 2 * 16384,
                  "%zu bytes per idle pair", (after - before) / N);
    for (i = 0; i < N; i++)
        pair_free(&p[i]);
}
END_TEST

/*
 * Mutual TLS: each side's verifier goes once the handshake is over; what it
 * found (result, peer certificate) stays, and a later connection of the
 * same contexts verifies again.
 */
START_TEST(test_verification_results_outlive_the_verifier)
{
    unsigned char buf[8];
    mem_pair p;
    X509 *peer;
    int i;

    tu_verify_clients(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    tu_use_cert_key(cctx, tu_cert("client-cert.pem"), tu_cert("client-key.pem"));
    for (i = 0; i < 3; i++) {
        pair_open(&p, cctx, sctx);
        ck_assert_int_eq(SSL_write(p.c, "ping", 4), 4);
        exchange(&p);
        ck_assert_int_eq(SSL_read(p.s, buf, sizeof(buf)), 4);
        ck_assert_int_eq(SSL_get_verify_result(p.c), X509_V_OK);
        ck_assert_int_eq(SSL_get_verify_result(p.s), X509_V_OK);
        peer = SSL_get1_peer_certificate(p.s);
        ck_assert_ptr_nonnull(peer);
        X509_free(peer);
        peer = SSL_get1_peer_certificate(p.c);
        ck_assert_ptr_nonnull(peer);
        X509_free(peer);
        pair_free(&p);
    }
}
END_TEST

static SSL_CTX *switched_to;

static int switch_ctx(SSL *s, int *al, void *arg)
{
    (void)al;
    (void)arg;
    SSL_set_SSL_CTX(s, switched_to);
    return SSL_TLSEXT_ERR_OK;
}

/*
 * The verifier is made when the client's chain arrives, after the servername
 * callback: it still trusts the CAs of the SSL_CTX the handshake began with
 * (which also named them in the certificate request), not the one switched to.
 */
START_TEST(test_switched_ctx_keeps_first_anchors)
{
    mem_pair p;

    switched_to = tu_rsa_server_ctx();          /* trusts no CA */
    tu_verify_clients(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    tu_use_cert_key(cctx, tu_cert("client-cert.pem"), tu_cert("client-key.pem"));
    SSL_CTX_set_tlsext_servername_callback(sctx, switch_ctx);
    pair_new(&p, cctx, sctx);
    ck_assert_int_eq(SSL_set_tlsext_host_name(p.c, "localhost"), 1);
    pair_handshake(&p);
    ck_assert_int_eq(SSL_get_verify_result(p.s), X509_V_OK);
    ck_assert_ptr_eq(SSL_get_SSL_CTX(p.s), switched_to);
    pair_free(&p);
    SSL_CTX_free(switched_to);
}
END_TEST

static Suite *rest_suite(void)
{
    Suite *s = suite_create("rest");
    TCase *tc = tu_add_tcase(s, "rest", 60);

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_records_byte_by_byte, 0,
                        (int)(sizeof(protections) / sizeof(protections[0])));
    tcase_add_loop_test(tc, test_server_max_send_fragment, 0, 4);
    tcase_add_test(tc, test_write_after_peer_close_at_rest);
    tcase_add_test(tc, test_switched_ctx_keeps_first_anchors);
    tcase_add_test(tc, test_pending_and_peek_across_calls);
    tcase_add_test(tc, test_both_directions_interleaved);
    tcase_add_test(tc, test_shutdown_from_rest);
    tcase_add_test(tc, test_damaged_record_after_rest);
    tcase_add_test(tc, test_idle_connections_are_small);
    tcase_add_test(tc, test_verification_results_outlive_the_verifier);
    return s;
}

int main(void)
{
    return tu_run_suite(rest_suite(), CK_NORMAL);
}
