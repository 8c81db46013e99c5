/*
 * Sessions and resumption: kumassl client <-> kumassl server in one process
 * (a server thread per connection, over a socketpair), the server's cache
 * (mode, size and LRU, timeouts, session id contexts, statistics), the DER
 * form (i2d/d2i, and d2i on hostile input), the textbook's double free, a
 * cache shared by threads, and resumption against openssl s_server/s_client.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

#define MASTER_LEN 48

/* ---- the master secret, read back from kumassl's DER form ----------------------------- */

/* Length of the DER TLV at p (header included). */
static size_t tlv_size(const unsigned char *p)
{
    if (p[1] == 0x81)
        return 3 + (size_t)p[2];
    if (p[1] == 0x82)
        return 4 + ((size_t)p[2] << 8 | p[3]);
    return 2 + (size_t)p[1];
}

/* Copies sess's master secret: the fifth field of the SEQUENCE, OCTET STRING (48). */
static void master_of(const SSL_SESSION *sess, unsigned char out[MASTER_LEN])
{
    unsigned char der[1024], *end = der;
    const unsigned char *p = der;
    int i;

    ck_assert_int_le(i2d_SSL_SESSION(sess, NULL), (int)sizeof(der));
    ck_assert_int_gt(i2d_SSL_SESSION(sess, &end), 0);
    p += der[1] == 0x81 ? 3 : der[1] == 0x82 ? 4 : 2;     /* into the SEQUENCE */
    for (i = 0; i < 4; i++)
        p += tlv_size(p);
    ck_assert_int_eq(p[0], 0x04);
    ck_assert_int_eq(p[1], MASTER_LEN);
    memcpy(out, p + 2, MASTER_LEN);
}

/* ---- one connection: a server thread and a client ------------------------------------ */

typedef struct {
    SSL_CTX *ctx;
    const char *sid_ctx;        /* the server SSL's own session id context, or NULL */
    int fd;
    int ok;                     /* handshake done */
    int reused;
    unsigned char master[MASTER_LEN];
} server_side;

/* Both sides send close_notify, then wait for the other's: no ordering deadlock. */
static void close_both_ways(SSL *ssl)
{
    if (SSL_shutdown(ssl) == 0)
        SSL_shutdown(ssl);
}

static void *serve_one(void *arg)
{
    server_side *sv = arg;
    SSL *ssl = SSL_new(sv->ctx);

    if (sv->sid_ctx != NULL)
        SSL_set_session_id_context(ssl, (const unsigned char *)sv->sid_ctx, strlen(sv->sid_ctx));
    SSL_set_fd(ssl, sv->fd);
    if (SSL_accept(ssl) == 1) {
        sv->ok = 1;
        sv->reused = SSL_session_reused(ssl);
        master_of(SSL_get_session(ssl), sv->master);
        close_both_ways(ssl);
    }
    SSL_free(ssl);
    ERR_clear_error();
    close(sv->fd);
    return NULL;
}

typedef struct {
    int ok;                     /* both sides completed the handshake */
    int client_reused, server_reused;
    unsigned char client_master[MASTER_LEN], server_master[MASTER_LEN];
    SSL_SESSION *session;       /* the client's session (a reference), or NULL */
} outcome;

static const char *client_sni;             /* SNI clients send, if not NULL */
static void (*client_hook)(SSL *ssl);      /* runs on a connected client, if not NULL */

/* The client's half; 1 when its handshake completed. */
static int client_run(SSL_CTX *cctx, SSL_SESSION *offer, int fd, outcome *out)
{
    SSL *ssl = SSL_new(cctx);
    int ok;

    SSL_set_fd(ssl, fd);
    if (client_sni != NULL)
        SSL_set_tlsext_host_name(ssl, client_sni);
    if (offer != NULL)
        SSL_set_session(ssl, offer);
    ok = SSL_connect(ssl) == 1;
    if (ok) {
        out->client_reused = SSL_session_reused(ssl);
        if (client_hook != NULL)
            client_hook(ssl);
        out->session = SSL_get1_session(ssl);
        master_of(out->session, out->client_master);
        close_both_ways(ssl);
    }
    SSL_free(ssl);
    ERR_clear_error();
    return ok;
}

/*
 * One handshake between a client of cctx offering offer (or NULL) and a
 * server of sctx (with its own sid_ctx unless NULL). Asserts nothing, so
 * that threads may call it; the caller frees out->session.
 */
static int handshake(SSL_CTX *cctx, SSL_SESSION *offer, SSL_CTX *sctx, const char *sid_ctx,
                     outcome *out)
{
    server_side sv;
    pthread_t thread;
    int fds[2], client_ok;

    memset(out, 0, sizeof(*out));
    memset(&sv, 0, sizeof(sv));
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
        return 0;
    tu_set_io_timeout(fds[0], TU_IO_TIMEOUT_MS);
    tu_set_io_timeout(fds[1], TU_IO_TIMEOUT_MS);
    sv.ctx = sctx;
    sv.sid_ctx = sid_ctx;
    sv.fd = fds[0];
    if (pthread_create(&thread, NULL, serve_one, &sv) != 0)
        return 0;
    client_ok = client_run(cctx, offer, fds[1], out);
    close(fds[1]);
    pthread_join(thread, NULL);
    out->ok = client_ok && sv.ok;
    out->server_reused = sv.reused;
    memcpy(out->server_master, sv.master, MASTER_LEN);
    return out->ok;
}

/* A handshake that must succeed, resuming or not as expected; returns the client's session. */
static SSL_SESSION *connect_expect(SSL_CTX *cctx, SSL_SESSION *offer, SSL_CTX *sctx,
                                   const char *sid_ctx, int reused)
{
    outcome o;

    ck_assert_msg(handshake(cctx, offer, sctx, sid_ctx, &o), "handshake failed");
    ck_assert_int_eq(o.client_reused, reused);
    ck_assert_int_eq(o.server_reused, reused);
    ck_assert_mem_eq(o.client_master, o.server_master, MASTER_LEN);
    return o.session;
}

/* Serializes sess and reads it back into a new object, as a program saving it to a file would. */
static SSL_SESSION *der_round_trip(SSL_SESSION *sess)
{
    unsigned char *der = NULL;
    const unsigned char *p;
    SSL_SESSION *copy;
    int len = i2d_SSL_SESSION(sess, &der);

    ck_assert_int_gt(len, 0);
    ck_assert_int_eq(i2d_SSL_SESSION(sess, NULL), len);
    p = der;
    copy = d2i_SSL_SESSION(NULL, &p, len);
    ck_assert_ptr_nonnull(copy);
    ck_assert_ptr_eq(p, der + len);
    OPENSSL_free(der);
    return copy;
}

/* ---- the fixture: a server and a client context, and the sessions a test got ---------- */

static SSL_CTX *sctx, *cctx;
static SSL_SESSION *got[8];
static int ngot;

static void setup(void)
{
    sctx = tu_rsa_server_ctx();
    cctx = tu_ca_client_ctx();
    ngot = 0;
    client_sni = NULL;
}

static void teardown(void)
{
    while (ngot > 0)
        SSL_SESSION_free(got[--ngot]);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* A handshake of cctx with sctx; the client's session, freed by teardown(). */
static SSL_SESSION *run(SSL_SESSION *offer, const char *sid_ctx, int reused)
{
    ck_assert_int_lt(ngot, (int)(sizeof(got) / sizeof(got[0])));
    return got[ngot++] = connect_expect(cctx, offer, sctx, sid_ctx, reused);
}

/* ---- (a) resumption through i2d/d2i -------------------------------------------------- */

START_TEST(test_resume_via_der)
{
    SSL_CTX *c2 = tu_ca_client_ctx();
    SSL_SESSION *first, *copy, *second;
    unsigned char m1[MASTER_LEN], m2[MASTER_LEN];
    unsigned int idlen1, idlen2;
    const unsigned char *id1, *id2;

    first = run(NULL, NULL, 0);
    ck_assert(SSL_SESSION_is_resumable(first));
    ck_assert_int_eq(SSL_SESSION_get_protocol_version(first), TLS1_2_VERSION);
    ck_assert_ptr_nonnull(SSL_SESSION_get0_cipher(first));
    ck_assert_int_eq(SSL_SESSION_get_timeout(first), 300);
    ck_assert_int_eq(SSL_SESSION_get_max_early_data(first), 0);
    copy = got[ngot++] = der_round_trip(first);
    second = got[ngot++] = connect_expect(c2, copy, sctx, NULL, 1);
    master_of(first, m1);
    master_of(second, m2);
    ck_assert_mem_eq(m1, m2, MASTER_LEN);
    ck_assert_ptr_eq(SSL_SESSION_get0_cipher(second), SSL_SESSION_get0_cipher(first));
    id1 = SSL_SESSION_get_id(first, &idlen1);
    id2 = SSL_SESSION_get_id(second, &idlen2);
    ck_assert_uint_eq(idlen1, 32);
    ck_assert_uint_eq(idlen2, idlen1);
    ck_assert_mem_eq(id1, id2, idlen1);
    ck_assert_int_eq(SSL_SESSION_get_time(second), SSL_SESSION_get_time(first));
    ck_assert_int_eq(SSL_CTX_sess_hits(sctx), 1);
    ck_assert_int_eq(SSL_CTX_sess_hits(c2), 1);
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), 1);
    ck_assert_int_eq(SSL_CTX_sess_accept(sctx), 2);
    ck_assert_int_eq(SSL_CTX_sess_accept_good(sctx), 2);
    ck_assert_int_eq(SSL_CTX_sess_connect_good(cctx), 1);
    SSL_CTX_free(c2);
}
END_TEST

/* ---- (b) (c) (d) when a session must not resume ------------------------------------------ */

/* A full handshake, then an offer of its session after change(session), not resumed. */
static void expect_no_resume(void (*change)(SSL_SESSION *))
{
    SSL_SESSION *first = run(NULL, NULL, 0);

    change(first);
    run(first, NULL, 0);
    ck_assert_int_eq(SSL_CTX_sess_hits(sctx), 0);
    ck_assert_int_eq(SSL_CTX_sess_hits(cctx), 0);
}

static void cache_off(SSL_SESSION *sess)
{
    (void)sess;
    ck_assert_int_eq(SSL_CTX_get_session_cache_mode(sctx), SSL_SESS_CACHE_SERVER);
    ck_assert_int_eq(SSL_CTX_set_session_cache_mode(sctx, SSL_SESS_CACHE_OFF), SSL_SESS_CACHE_SERVER);
}

START_TEST(test_cache_off)
{
    expect_no_resume(cache_off);
}
END_TEST

static void other_sid_ctx(SSL_SESSION *sess)
{
    (void)sess;
    ck_assert_int_eq(SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"other", 5), 1);
}

START_TEST(test_other_ctx_sid_ctx)
{
    expect_no_resume(other_sid_ctx);
}
END_TEST

/* The client does not even offer it: the server sees no session id to look up. */
static void expire_client_session(SSL_SESSION *sess)
{
    long past = (long)time(NULL) - 10;

    ck_assert_int_eq(SSL_SESSION_set_timeout(sess, 1), 1);
    ck_assert_int_eq(SSL_SESSION_set_time(sess, past), past);
    ck_assert_int_eq(SSL_CTX_sess_misses(sctx), 0);
}

START_TEST(test_expired_not_offered)
{
    expect_no_resume(expire_client_session);
}
END_TEST

static void removed(SSL_SESSION *sess)
{
    ck_assert_int_eq(SSL_CTX_remove_session(sctx, sess), 1);
    ck_assert_int_eq(SSL_CTX_remove_session(sctx, sess), 0);
    ck_assert(!SSL_SESSION_is_resumable(sess));
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), 0);
}

START_TEST(test_removed_session)
{
    expect_no_resume(removed);
}
END_TEST

/* A session made for one server name is not offered to another. */
START_TEST(test_other_host_not_offered)
{
    SSL_SESSION *first;

    client_sni = "localhost";
    first = run(NULL, NULL, 0);
    client_sni = NULL;
    run(first, NULL, 0);
    ck_assert_int_eq(SSL_CTX_sess_misses(sctx), 0);
    client_sni = "LocalHost";
    run(first, NULL, 1);
}
END_TEST

/* Per-connection contexts: the server SSL's own id context decides. */
START_TEST(test_ssl_sid_ctx)
{
    SSL_SESSION *first;
    unsigned char big[33] = { 0 };
    SSL *ssl = SSL_new(sctx);

    ck_assert_int_eq(SSL_set_session_id_context(ssl, big, sizeof(big)), 0);
    ck_assert_int_eq(ERR_GET_REASON(ERR_get_error()), 273);
    ck_assert_int_eq(SSL_CTX_set_session_id_context(sctx, big, sizeof(big)), 0);
    ck_assert_int_eq(ERR_GET_REASON(ERR_get_error()), 273);
    ck_assert_int_eq(SSL_CTX_set_session_id_context(sctx, big, 32), 1);
    SSL_free(ssl);
    first = run(NULL, "one", 0);
    run(first, "two", 0);
    run(first, "one", 1);
    ck_assert_int_eq(SSL_CTX_sess_hits(sctx), 1);
    ck_assert_int_eq(SSL_CTX_sess_misses(sctx), 1);
}
END_TEST

/* The server's entry expires on its own clock (its SSL_CTX_set_timeout). */
START_TEST(test_server_entry_expires)
{
    SSL_SESSION *first;

    ck_assert_int_eq(SSL_CTX_get_timeout(sctx), 300);
    ck_assert_int_eq(SSL_CTX_set_timeout(sctx, 1), 300);
    first = run(NULL, NULL, 0);
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), 1);
    tu_sleep_ms(2100);
    run(first, NULL, 0);
    ck_assert_int_eq(SSL_CTX_sess_timeouts(sctx), 1);
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), 1);    /* the expired one left, the new one came */
    SSL_CTX_flush_sessions(sctx, (long)time(NULL) + 1000);
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), 0);
}
END_TEST

/* ---- (e) cache size and LRU eviction ------------------------------------------------------- */

START_TEST(test_cache_size_one)
{
    SSL_SESSION *a, *b;

    ck_assert_int_eq(SSL_CTX_sess_get_cache_size(sctx), SSL_SESSION_CACHE_MAX_SIZE_DEFAULT);
    ck_assert_int_eq(SSL_CTX_sess_set_cache_size(sctx, 1), SSL_SESSION_CACHE_MAX_SIZE_DEFAULT);
    a = run(NULL, NULL, 0);
    b = run(NULL, NULL, 0);
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), 1);
    ck_assert_int_eq(SSL_CTX_sess_cache_full(sctx), 1);
    run(b, NULL, 1);
    run(a, NULL, 0);
    ck_assert_int_eq(SSL_CTX_sess_hits(sctx), 1);
    ck_assert_int_eq(SSL_CTX_sess_misses(sctx), 1);
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), 1);
}
END_TEST

/* A resumed session counts as recently used: the least recently used one goes. */
START_TEST(test_lru_keeps_recent)
{
    SSL_SESSION *a, *b;

    SSL_CTX_sess_set_cache_size(sctx, 2);
    a = run(NULL, NULL, 0);
    b = run(NULL, NULL, 0);
    run(a, NULL, 1);            /* A used again */
    run(NULL, NULL, 0);         /* C evicts B */
    run(a, NULL, 1);            /* A still there */
    run(b, NULL, 0);            /* B gone */
    ck_assert_int_eq(SSL_CTX_sess_hits(sctx), 2);
    ck_assert_int_ge(SSL_CTX_sess_cache_full(sctx), 1);
}
END_TEST

/* ---- cache API and the new-session callback ------------------------------------------------- */

/* The callback runs in the client's and the server's threads: its state is locked. */
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static int new_sessions;
static SSL_SESSION *kept;

static int keep_session(SSL *ssl, SSL_SESSION *sess)
{
    int took = 0;

    (void)ssl;
    pthread_mutex_lock(&kept_lock);
    new_sessions++;
    if (kept == NULL) {
        kept = sess;
        took = 1;   /* the callback now owns this reference */
    }
    pthread_mutex_unlock(&kept_lock);
    return took;
}

START_TEST(test_add_session_and_new_cb)
{
    SSL_CTX *other = tu_rsa_server_ctx();
    SSL_SESSION *first;

    new_sessions = 0;
    kept = NULL;
    SSL_CTX_sess_set_new_cb(sctx, keep_session);
    SSL_CTX_sess_set_new_cb(cctx, keep_session);
    first = run(NULL, NULL, 0);
    ck_assert_int_eq(new_sessions, 1);     /* the client's cache mode lacks SSL_SESS_CACHE_CLIENT */
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
    run(NULL, NULL, 0);
    ck_assert_int_eq(new_sessions, 3);
    /* the server's first session, put by hand in another server's cache */
    ck_assert_int_eq(SSL_CTX_add_session(other, kept), 1);
    ck_assert_int_eq(SSL_CTX_add_session(other, kept), 0);
    got[ngot++] = connect_expect(cctx, first, other, NULL, 1);
    ck_assert_int_eq(SSL_CTX_remove_session(sctx, first), 1);
    ck_assert_int_eq(SSL_CTX_add_session(other, first), 1);     /* replaces kept: same id */
    SSL_SESSION_free(kept);
    SSL_CTX_free(other);
}
END_TEST

/* ---- (g) the textbook's double free -------------------------------------------------------------- */

/* As TLSbook's client-tls-session.c: frees SSL_get_session()'s pointer (no reference of its own). */
static void textbook_frees(SSL *ssl)
{
    SSL_SESSION *session = SSL_get_session(ssl);
    unsigned char *der = NULL;

    ck_assert_int_gt(i2d_SSL_SESSION(session, &der), 0);
    free(der);      /* the textbook frees it with free() */
    SSL_SESSION_free(session);
    SSL_SESSION_free(session);
    ck_assert_ptr_eq(SSL_get_session(ssl), session);
    ck_assert_int_eq(SSL_SESSION_get_protocol_version(session), TLS1_2_VERSION);
}

/* ... and then SSL_free(), which must neither crash nor leak (valgrind). */
START_TEST(test_textbook_double_free)
{
    client_hook = textbook_frees;
    run(NULL, NULL, 0);
    client_hook = NULL;
}
END_TEST

/* ---- (h) d2i on hostile input ---------------------------------------------------------------------- */

/* d2i must fail with an SSL error queued and leave *pp alone. */
static void assert_d2i_fails(const unsigned char *der, long len, const char *what)
{
    const unsigned char *p = der;
    SSL_SESSION *sess;
    unsigned long err;

    ERR_clear_error();
    sess = d2i_SSL_SESSION(NULL, &p, len);
    err = ERR_peek_error();
    ck_assert_msg(sess == NULL, "%s: accepted", what);
    ck_assert_msg(err != 0 && ERR_GET_LIB(err) == ERR_LIB_SSL, "%s: no SSL error queued", what);
    ck_assert_ptr_eq(p, der);
    ERR_clear_error();
}

/* A session's DER with chosen field sizes (cipher ECDHE-RSA-AES128-GCM-SHA256), under 128 bytes. */
static long build_der(unsigned char *out, long proto, size_t id_len, size_t master_len)
{
    unsigned char *body = out + 2;
    size_t n = 0;

    memcpy(body + n, "\x02\x01\x01\x02\x02", 5);
    n += 5;
    body[n++] = (unsigned char)(proto >> 8);
    body[n++] = (unsigned char)proto;
    memcpy(body + n, "\x04\x02\xc0\x2f", 4);
    n += 4;
    body[n++] = 0x04;
    body[n++] = (unsigned char)id_len;
    memset(body + n, 0x11, id_len);
    n += id_len;
    body[n++] = 0x04;
    body[n++] = (unsigned char)master_len;
    memset(body + n, 0x22, master_len);
    n += master_len;
    out[0] = 0x30;
    out[1] = (unsigned char)n;
    return (long)n + 2;
}

START_TEST(test_d2i_rejects_bad_fields)
{
    unsigned char der[400];
    const unsigned char *p = der;
    SSL_SESSION *sess, *slot = NULL;
    long len = build_der(der, TLS1_2_VERSION, 32, MASTER_LEN);

    sess = d2i_SSL_SESSION(&slot, &p, len + 5);        /* trailing bytes are not its business */
    ck_assert_ptr_nonnull(sess);
    ck_assert_ptr_eq(slot, sess);
    ck_assert_ptr_eq(p, der + len);
    ck_assert(SSL_SESSION_is_resumable(sess));
    SSL_SESSION_free(sess);
    len = build_der(der, TLS1_2_VERSION, 33, MASTER_LEN);
    assert_d2i_fails(der, len, "33-byte session id");
    len = build_der(der, TLS1_2_VERSION, 32, MASTER_LEN + 1);
    assert_d2i_fails(der, len, "49-byte master secret");
    len = build_der(der, TLS1_2_VERSION, 32, 47);
    assert_d2i_fails(der, len, "47-byte master secret");
    len = build_der(der, 0x0304, 32, MASTER_LEN);
    assert_d2i_fails(der, len, "TLS 1.3");
    der[4] = 2;
    assert_d2i_fails(der, len, "format version 2");
    len = build_der(der, TLS1_2_VERSION, 32, MASTER_LEN);
    der[1] = 0x81;      /* the same length in the long form: not DER */
    memmove(der + 3, der + 2, (size_t)len - 2);
    der[2] = (unsigned char)(len - 2);
    assert_d2i_fails(der, len + 1, "non-minimal length");
    assert_d2i_fails(der, 0, "empty");
    assert_d2i_fails((const unsigned char *)"\x30\x80\x00\x00", 4, "indefinite length");
    assert_d2i_fails((const unsigned char *)"\x30\x84\xff\xff\xff\xff", 6, "huge length");
    ck_assert_ptr_null(d2i_SSL_SESSION(NULL, NULL, 10));
    ERR_clear_error();
}
END_TEST

/* An OpenSSL session made with extended master secret (flags [13] = 1) is not offered. */
START_TEST(test_d2i_ems_session_not_resumable)
{
    unsigned char der[400];
    const unsigned char *p = der;
    long len = build_der(der, TLS1_2_VERSION, 32, MASTER_LEN);
    SSL_SESSION *sess;

    /* append [13] EXPLICIT INTEGER 1 to the SEQUENCE (short-form lengths here) */
    ck_assert_int_lt(len + 5, 128);
    memcpy(der + len, "\xad\x03\x02\x01\x01", 5);
    der[1] = (unsigned char)(der[1] + 5);
    sess = d2i_SSL_SESSION(NULL, &p, len + 5);
    ck_assert_ptr_nonnull(sess);
    ck_assert_int_eq(SSL_SESSION_is_resumable(sess), 0);
    SSL_SESSION_free(sess);
}
END_TEST

/* d2i on damaged input: a session or an error, never a crash (valgrind watches). */
static void d2i_survives(const unsigned char *der, long len)
{
    const unsigned char *p = der;
    SSL_SESSION *back = d2i_SSL_SESSION(NULL, &p, len);

    ck_assert(back != NULL || ERR_peek_error() != 0);
    SSL_SESSION_free(back);
    ERR_clear_error();
}

START_TEST(test_d2i_truncated_and_flipped)
{
    SSL_SESSION *sess;
    unsigned char der[1024], *end = der, bad[1024];
    static const unsigned char masks[] = { 0x01, 0x80, 0xff };
    long len, i;
    size_t m;

    client_sni = "localhost";       /* so that the host name field is attacked too */
    sess = run(NULL, NULL, 0);
    len = i2d_SSL_SESSION(sess, &end);
    for (i = 1; i < len; i++)
        assert_d2i_fails(der, i, "truncated");
    for (i = 0; i < len; i++)
        for (m = 0; m < sizeof(masks); m++) {
            memcpy(bad, der, (size_t)len);
            bad[i] ^= masks[m];
            d2i_survives(bad, len);
        }
}
END_TEST

START_TEST(test_d2i_random_garbage)
{
    unsigned char buf[300];
    uint32_t x = 12345;
    int round, i, len;

    for (round = 0; round < 5000; round++) {
        len = 1 + (int)((x = x * 1103515245u + 12345u) >> 16) % (int)sizeof(buf);
        for (i = 0; i < len; i++)
            buf[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 16);
        if (round % 2 == 0) {       /* half look like a SEQUENCE, to get past the first check */
            buf[0] = 0x30;
            buf[1] = (unsigned char)(len > 2 ? (len - 2) & 0x7f : 0);
        }
        d2i_survives(buf, len);
    }
}
END_TEST

/* ---- (i) one server cache, four client threads ------------------------------------------------------ */

#define THREADS 4
#define ROUNDS 10

typedef struct {
    SSL_SESSION *shared;
    int failures;
    pthread_t thread;
} worker;

/* Even rounds resume the shared session, odd ones make new sessions (cache writes). */
static void *work(void *arg)
{
    worker *w = arg;
    outcome o;
    int i, resume;

    for (i = 0; i < ROUNDS; i++) {
        resume = i % 2 == 0;
        if (!handshake(cctx, resume ? w->shared : NULL, sctx, NULL, &o)
            || o.client_reused != resume || o.server_reused != resume)
            w->failures++;
        SSL_SESSION_free(o.session);
    }
    return NULL;
}

START_TEST(test_threads_share_cache)
{
    SSL_SESSION *shared = run(NULL, NULL, 0);
    worker w[THREADS];
    int i;

    for (i = 0; i < THREADS; i++) {
        w[i] = (worker){ shared, 0, 0 };
        ck_assert_int_eq(pthread_create(&w[i].thread, NULL, work, &w[i]), 0);
    }
    for (i = 0; i < THREADS; i++) {
        pthread_join(w[i].thread, NULL);
        ck_assert_int_eq(w[i].failures, 0);
    }
    ck_assert_int_eq(SSL_CTX_sess_hits(sctx), THREADS * ROUNDS / 2);
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), 1 + THREADS * ROUNDS / 2);
    ck_assert_int_eq(SSL_CTX_sess_accept_good(sctx), 1 + THREADS * ROUNDS);
}
END_TEST

/* ---- (f) real peers -------------------------------------------------------------------------------------- */

/* A kumassl client on a TCP connection to port, offering offer; its session (a reference). */
static SSL_SESSION *connect_tcp(int port, SSL_SESSION *offer, int *reused)
{
    int fd = tu_tcp_connect(port);
    SSL *ssl = SSL_new(cctx);
    SSL_SESSION *sess;

    ck_assert_int_ne(fd, -1);
    tu_set_io_timeout(fd, TU_IO_TIMEOUT_MS);
    SSL_set_fd(ssl, fd);
    if (offer != NULL)
        SSL_set_session(ssl, offer);
    ck_assert_int_eq(SSL_connect(ssl), 1);
    *reused = SSL_session_reused(ssl);
    sess = SSL_get1_session(ssl);
    close_both_ways(ssl);
    SSL_free(ssl);
    close(fd);
    return sess;
}

START_TEST(test_resume_against_s_server)
{
    char accept[32];
    int port = tu_free_port(), reused;
    SSL_SESSION *first;
    tu_proc *srv;

    snprintf(accept, sizeof(accept), "127.0.0.1:%d", port);
    srv = tu_spawn_openssl("s_server", "-accept", accept, "-naccept", "2", "-tls1_2",
                           "-cert", tu_cert("server-cert.pem"), "-key", tu_cert("server-key.pem"),
                           NULL);
    ck_assert_ptr_nonnull(srv);
    ck_assert_int_eq(tu_proc_read_until(srv, "ACCEPT", TU_TIMEOUT_MS, NULL, 0), 0);
    first = got[ngot++] = connect_tcp(port, NULL, &reused);
    ck_assert_int_eq(reused, 0);
    got[ngot++] = connect_tcp(port, first, &reused);
    ck_assert_msg(reused == 1, "not resumed; s_server: %s", tu_proc_output(srv));
    ck_assert_int_eq(tu_proc_read_until(srv, "Reused session-id", TU_TIMEOUT_MS, NULL, 0), 0);
    tu_proc_free(srv);
}
END_TEST

/* One s_client connection (sess_opt + file) served by a kumassl server; returns reused. */
static int serve_s_client(const char *sess_opt, const char *file, const char *expect)
{
    int port = 0, lfd = tu_tcp_listen(&port), fd, reused;
    char target[32];
    SSL *ssl;
    tu_proc *cli;
    char buf[16];

    ck_assert_int_ne(lfd, -1);
    snprintf(target, sizeof(target), "127.0.0.1:%d", port);
    cli = tu_spawn_openssl("s_client", "-connect", target, "-tls1_2", "-CAfile",
                           tu_cert("ca-cert.pem"), "-verify_return_error", sess_opt, file, NULL);
    fd = tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    close(lfd);
    ck_assert_int_ne(fd, -1);
    tu_set_io_timeout(fd, TU_IO_TIMEOUT_MS);
    ssl = SSL_new(sctx);
    SSL_set_fd(ssl, fd);
    ck_assert_msg(SSL_accept(ssl) == 1, "s_client: %s", tu_proc_output(cli));
    reused = SSL_session_reused(ssl);
    ck_assert_int_eq(tu_proc_read_until(cli, expect, TU_TIMEOUT_MS, NULL, 0), 0);
    tu_proc_close_stdin(cli);       /* s_client sends close_notify and exits */
    ck_assert_int_eq(SSL_read(ssl, buf, sizeof(buf)), 0);
    SSL_shutdown(ssl);
    ck_assert_int_eq(tu_proc_wait(cli, TU_TIMEOUT_MS), 0);
    SSL_free(ssl);
    close(fd);
    tu_proc_free(cli);
    return reused;
}

START_TEST(test_s_client_resumes_from_file)
{
    char file[64];

    snprintf(file, sizeof(file), "/tmp/kuma-sess-%d.pem", (int)getpid());
    ck_assert_int_eq(serve_s_client("-sess_out", file, "New, TLSv1.2"), 0);
    ck_assert_int_eq(serve_s_client("-sess_in", file, "Reused, TLSv1.2"), 1);
    ck_assert_int_eq(SSL_CTX_sess_hits(sctx), 1);
    unlink(file);
}
END_TEST

/* ---- runner ---------------------------------------------------------------------------------------------- */

/* Adds tests to a new test case of s, with the fixture. */
static void add_case(Suite *s, const char *name, const TTest *const tests[], size_t n)
{
    TCase *tc = tu_add_tcase(s, name, 60);
    size_t i;

    tcase_add_checked_fixture(tc, setup, teardown);
    for (i = 0; i < n; i++)
        tcase_add_test(tc, tests[i]);
}

#define ADD_CASE(s, name, ...) do { \
        const TTest *const t_[] = { __VA_ARGS__ }; \
        add_case(s, name, t_, sizeof(t_) / sizeof(t_[0])); \
    } while (0)

static Suite *session_suite(void)
{
    Suite *s = suite_create("session");

    ADD_CASE(s, "resume", test_resume_via_der, test_cache_off, test_other_ctx_sid_ctx,
             test_expired_not_offered, test_removed_session, test_other_host_not_offered,
             test_ssl_sid_ctx, test_server_entry_expires, test_cache_size_one,
             test_lru_keeps_recent, test_add_session_and_new_cb, test_textbook_double_free,
             test_threads_share_cache);
    ADD_CASE(s, "der", test_d2i_rejects_bad_fields, test_d2i_ems_session_not_resumable, test_d2i_truncated_and_flipped,
             test_d2i_random_garbage);
    ADD_CASE(s, "peers", test_resume_against_s_server, test_s_client_resumes_from_file);
    return s;
}

int main(void)
{
    return tu_run_suite(session_suite(), CK_NORMAL);
}
