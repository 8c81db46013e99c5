/*
 * Threads: kumassl shared by many threads at once (issue 6, section 5).
 *
 * - 8 client threads x $KUMA_THREADS_CONNS connections (default 200), all on
 *   one client SSL_CTX and one server SSL_CTX with the session cache on;
 *   each connection's server half runs in a thread of its own over a
 *   socketpair.  Every odd connection resumes the session the same thread
 *   saved on the connection before; every connection verifies the server,
 *   echoes a message and shuts down cleanly on both sides.
 * - Error queues are per thread: each thread provokes an error of its own
 *   (a distinct reason), in lock step with the others, and finds exactly
 *   that error -- and nothing of the others' -- in its queue.
 * - ex_data indexes allocated from many threads at once are all distinct,
 *   and work on the objects of each thread.
 * - SSL_CTX_up_ref/SSL_CTX_free (and SSL_new/SSL_free, which take a
 *   reference) from many threads; the last reference, dropped by whichever
 *   thread ends last, frees the context exactly once.
 *
 * Run under ThreadSanitizer or helgrind (tests/run-all.sh does the latter,
 * with KUMA_THREADS_CONNS lowered and tests/threads.supp): no race reported.
 */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

#define NTHREADS 8
#define DEFAULT_CONNS 200

static SSL_CTX *cctx, *sctx;
static char cert_path[512];     /* a certificate; tu_cert() is not for threads */

/* Connections per thread: $KUMA_THREADS_CONNS (even, at least 2), else 200. */
static int conns_per_thread(void)
{
    int n = atoi(tu_env("KUMA_THREADS_CONNS", "0"));

    if (n <= 0)
        return DEFAULT_CONNS;
    return n < 2 ? 2 : n + n % 2;
}

static void setup(void)
{
    static const unsigned char sid_ctx[] = "check_threads";

    snprintf(cert_path, sizeof(cert_path), "%s", tu_cert("server-cert.pem"));
    sctx = tu_server_ctx(tu_cert("server-ecdsa-cert.pem"), tu_cert("server-ecdsa-key.pem"));
    ck_assert_int_eq(SSL_CTX_set_session_id_context(sctx, sid_ctx, sizeof(sid_ctx) - 1), 1);
    SSL_CTX_set_session_cache_mode(sctx, SSL_SESS_CACHE_SERVER);
    cctx = tu_ca_client_ctx();
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
}

static void teardown(void)
{
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    cctx = sctx = NULL;
    ERR_clear_error();
}

/* Starts n threads running fn(&args[i]) and joins them. */
static void run_threads(int n, void *(*fn)(void *), void *args, size_t argsize)
{
    pthread_t t[NTHREADS];
    int i;

    ck_assert_int_le(n, NTHREADS);
    for (i = 0; i < n; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, fn, (char *)args + i * argsize), 0);
    for (i = 0; i < n; i++)
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
}

/* ---- errors of one's own ------------------------------------------------------------- */

/* Thread i's error: a real API failure with a reason no other thread provokes.
 * ssl is a fresh SSL of the shared client context, not connected.  Returns the
 * reason expected, or 0 if the call did not fail as it should. */
static int provoke(int i, SSL *ssl)
{
    char buf[8];
    SSL_CTX *ctx;

    switch (i % NTHREADS) {
    case 0:
        return SSL_CTX_new(NULL) == NULL ? ERR_R_PASSED_NULL_PARAMETER : 0;
    case 1:
        ctx = SSL_CTX_new(TLS_method());
        i = ctx != NULL && SSL_CTX_set_max_send_fragment(ctx, 100) == 0 ? SSL_R_BAD_VALUE : 0;
        SSL_CTX_free(ctx);
        return i;
    case 2:
        return SSL_set_min_proto_version(ssl, 0x0200) == 0 ? SSL_R_UNSUPPORTED_SSL_VERSION : 0;
    case 3:
        return SSL_new(NULL) == NULL ? SSL_R_NULL_SSL_CTX : 0;
    case 4:
        return SSL_set_cipher_list(ssl, "nothing-at-all") == 0 ? SSL_R_NO_CIPHER_MATCH : 0;
    case 5:
        return SSL_use_certificate_file(ssl, cert_path, 42) == 0
               ? SSL_R_BAD_SSL_FILETYPE : 0;
    case 6:
        return SSL_shutdown(ssl) == -1 ? SSL_R_SHUTDOWN_WHILE_IN_INIT : 0;
    default:
        return SSL_read(ssl, buf, -1) == -1 ? SSL_R_BAD_LENGTH : 0;
    }
}

/* Provokes thread i's error, tags it with a text naming the thread, and
 * checks that this thread's queue holds exactly those two errors; empties
 * it.  Returns 0, or -1 (with the reason on stderr). */
static int own_error(int i, int round)
{
    SSL *ssl = SSL_new(cctx);
    unsigned long e;
    const char *data;
    char want[64];
    int reason, flags;

    if (ssl == NULL || ERR_peek_error() != 0) {
        fprintf(stderr, "thread %d: queue not empty before round %d\n", i, round);
        SSL_free(ssl);
        return -1;
    }
    reason = provoke(i, ssl);
    ERR_raise_data(ERR_LIB_USER, 100 + i, "thread %d round %d", i, round);
    SSL_free(ssl);
    snprintf(want, sizeof(want), "thread %d round %d", i, round);
    e = ERR_get_error();
    if (reason == 0 || ERR_GET_LIB(e) != ERR_LIB_SSL || ERR_GET_REASON(e) != reason) {
        fprintf(stderr, "thread %d: expected reason %d, got %08lx\n", i, reason, e);
        ERR_clear_error();
        return -1;
    }
    e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags);
    if (ERR_GET_LIB(e) != ERR_LIB_USER || ERR_GET_REASON(e) != 100 + i
        || !(flags & ERR_TXT_STRING) || strcmp(data, want) != 0 || ERR_peek_error() != 0) {
        fprintf(stderr, "thread %d: expected its own tagged error, got %08lx\n", i, e);
        ERR_clear_error();
        return -1;
    }
    return 0;
}

typedef struct {
    int id;
    int failures;
} err_worker;

static pthread_barrier_t lockstep;

/* All threads raise their errors, wait for each other, then check. */
static void *err_main(void *arg)
{
    err_worker *w = arg;
    SSL *ssl;
    int round, reason;
    unsigned long e;

    for (round = 0; round < 50; round++) {
        ssl = SSL_new(cctx);
        reason = provoke(w->id, ssl);
        ERR_raise_data(ERR_LIB_USER, 100 + w->id, "thread %d", w->id);
        SSL_free(ssl);
        pthread_barrier_wait(&lockstep);        /* every queue is full now */
        e = ERR_get_error();
        if (reason == 0 || ERR_GET_REASON(e) != reason)
            w->failures++;
        e = ERR_get_error();
        if (ERR_GET_LIB(e) != ERR_LIB_USER || ERR_GET_REASON(e) != 100 + w->id)
            w->failures++;
        if (ERR_peek_error() != 0)
            w->failures++;
        ERR_clear_error();
        pthread_barrier_wait(&lockstep);
        w->failures += own_error(w->id, round) != 0;
    }
    return NULL;
}

START_TEST(test_error_queues)
{
    err_worker w[NTHREADS];
    int i;

    ck_assert_int_eq(pthread_barrier_init(&lockstep, NULL, NTHREADS), 0);
    for (i = 0; i < NTHREADS; i++)
        w[i] = (err_worker){ i, 0 };
    run_threads(NTHREADS, err_main, w, sizeof(w[0]));
    pthread_barrier_destroy(&lockstep);
    for (i = 0; i < NTHREADS; i++)
        ck_assert_msg(w[i].failures == 0, "thread %d: %d failures", i, w[i].failures);
    ck_assert_msg(ERR_peek_error() == 0, "main thread's queue: %s", tu_queued_error());
}
END_TEST

/* ---- 8 x 200 connections ---------------------------------------------------------------- */

static const char MESSAGE[] = "hello from a thread";

typedef struct {
    int fd;
    int ok;                     /* handshake, echo and shutdown all went well */
    int reused;
    char why[128];
} server_half;

static void *serve(void *arg)
{
    server_half *sv = arg;
    SSL *ssl = SSL_new(sctx);
    char buf[64];
    int n;

    SSL_set_fd(ssl, sv->fd);
    if (SSL_accept(ssl) != 1) {
        snprintf(sv->why, sizeof(sv->why), "accept: %s", tu_queued_error());
    } else {
        sv->reused = SSL_session_reused(ssl);
        n = SSL_read(ssl, buf, sizeof(buf));
        if (n <= 0 || SSL_write(ssl, buf, n) != n)
            snprintf(sv->why, sizeof(sv->why), "echo: %s", tu_queued_error());
        else if (SSL_read(ssl, buf, sizeof(buf)) != 0
                 || SSL_get_error(ssl, 0) != SSL_ERROR_ZERO_RETURN)
            snprintf(sv->why, sizeof(sv->why), "no close_notify: %s", tu_queued_error());
        else if (SSL_shutdown(ssl) != 1)
            snprintf(sv->why, sizeof(sv->why), "shutdown: %s", tu_queued_error());
        else if (ERR_peek_error() != 0)
            snprintf(sv->why, sizeof(sv->why), "left queued: %s", tu_queued_error());
        else
            sv->ok = 1;
    }
    SSL_free(ssl);
    ERR_clear_error();
    close(sv->fd);
    return NULL;
}

typedef struct {
    int id;
    int conns;
    int done;                   /* connections that went well */
    char why[256];              /* the first failure */
} conn_worker;

/* One connection offering offer (or NULL); returns its session (a reference)
 * or NULL after writing the reason into w->why. */
static SSL_SESSION *one_connection(conn_worker *w, int k, SSL_SESSION *offer)
{
    server_half sv;
    pthread_t thread;
    SSL_SESSION *sess = NULL;
    SSL *ssl;
    char buf[64];
    int fds[2], ok = 0;

    memset(&sv, 0, sizeof(sv));
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) {
        snprintf(w->why, sizeof(w->why), "socketpair failed");
        return NULL;
    }
    tu_set_io_timeout(fds[0], TU_IO_TIMEOUT_MS);
    tu_set_io_timeout(fds[1], TU_IO_TIMEOUT_MS);
    sv.fd = fds[0];
    if (pthread_create(&thread, NULL, serve, &sv) != 0) {
        close(fds[0]);
        close(fds[1]);
        snprintf(w->why, sizeof(w->why), "pthread_create failed");
        return NULL;
    }
    ssl = SSL_new(cctx);
    SSL_set_fd(ssl, fds[1]);
    SSL_set1_host(ssl, "localhost");
    if (offer != NULL)
        SSL_set_session(ssl, offer);
    if (SSL_connect(ssl) != 1)
        snprintf(w->why, sizeof(w->why), "connect %d: %s", k, tu_queued_error());
    else if (SSL_get_verify_result(ssl) != X509_V_OK)
        snprintf(w->why, sizeof(w->why), "connect %d: verify result %ld", k,
                 SSL_get_verify_result(ssl));
    else if (SSL_session_reused(ssl) != (offer != NULL))
        snprintf(w->why, sizeof(w->why), "connect %d: reused %d", k, SSL_session_reused(ssl));
    else if (SSL_write(ssl, MESSAGE, sizeof(MESSAGE)) != (int)sizeof(MESSAGE)
             || SSL_read(ssl, buf, sizeof(buf)) != (int)sizeof(MESSAGE)
             || memcmp(buf, MESSAGE, sizeof(MESSAGE)) != 0)
        snprintf(w->why, sizeof(w->why), "echo %d: %s", k, tu_queued_error());
    else if (SSL_shutdown(ssl) != 0 || SSL_shutdown(ssl) != 1)
        snprintf(w->why, sizeof(w->why), "shutdown %d: %s", k, tu_queued_error());
    else if (ERR_peek_error() != 0)
        snprintf(w->why, sizeof(w->why), "left queued %d: %s", k, tu_queued_error());
    else
        ok = 1;
    if (ok)
        sess = SSL_get1_session(ssl);
    SSL_free(ssl);
    ERR_clear_error();
    close(fds[1]);
    pthread_join(thread, NULL);
    if (ok && (!sv.ok || sv.reused != (offer != NULL))) {
        snprintf(w->why, sizeof(w->why), "server %d: reused %d, %s", k, sv.reused, sv.why);
        SSL_SESSION_free(sess);
        sess = NULL;
    }
    return sess;
}

static void *conn_main(void *arg)
{
    conn_worker *w = arg;
    SSL_SESSION *saved = NULL, *sess;
    int k;

    for (k = 0; k < w->conns; k++) {
        /* odd connections resume the session this thread saved just before */
        sess = one_connection(w, k, k % 2 == 1 ? saved : NULL);
        SSL_SESSION_free(saved);
        saved = k % 2 == 0 ? sess : NULL;
        if (k % 2 == 1)
            SSL_SESSION_free(sess);
        if (sess == NULL)
            break;
        if (own_error(w->id, k) != 0) {
            snprintf(w->why, sizeof(w->why), "error queue mixed up after connection %d", k);
            break;
        }
        w->done++;
    }
    SSL_SESSION_free(saved);
    return NULL;
}

START_TEST(test_shared_ctx_connections)
{
    conn_worker w[NTHREADS];
    int i, n = conns_per_thread();
    long t0 = tu_now_ms();

    for (i = 0; i < NTHREADS; i++)
        w[i] = (conn_worker){ .id = i, .conns = n };
    run_threads(NTHREADS, conn_main, w, sizeof(w[0]));
    for (i = 0; i < NTHREADS; i++)
        ck_assert_msg(w[i].done == n, "thread %d: %d of %d connections; %s",
                      i, w[i].done, n, w[i].why);
    ck_assert_int_eq(SSL_CTX_sess_accept_good(sctx), NTHREADS * n);
    ck_assert_int_eq(SSL_CTX_sess_hits(sctx), NTHREADS * n / 2);
    ck_assert_int_eq(SSL_CTX_sess_connect_good(cctx), NTHREADS * n);
    ck_assert_int_eq(SSL_CTX_sess_timeouts(sctx), 0);
    ck_assert_int_eq(SSL_CTX_sess_number(sctx), NTHREADS * n / 2);
    ck_assert_msg(ERR_peek_error() == 0, "main thread's queue: %s", tu_queued_error());
    fprintf(stderr, "check_threads: %d connections in %ld ms\n", NTHREADS * n, tu_now_ms() - t0);
}
END_TEST

/* ---- ex_data indexes ---------------------------------------------------------------------- */

#define INDEXES 40

static atomic_int ex_frees;
static int ex_tag;              /* its address marks this test's indexes */

static void count_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent; (void)ad; (void)idx; (void)argl;
    if (argp == &ex_tag && ptr != NULL)
        atomic_fetch_add(&ex_frees, 1);
}

typedef struct {
    int id;
    int ssl_idx[INDEXES], ctx_idx[INDEXES];
    int failures;
} ex_worker;

static void *ex_main(void *arg)
{
    ex_worker *w = arg;
    SSL_CTX *own = SSL_CTX_new(TLS_client_method());
    SSL *ssl;
    int i;

    for (i = 0; i < INDEXES; i++) {
        w->ssl_idx[i] = SSL_get_ex_new_index(w->id, &ex_tag, NULL, NULL, count_free);
        w->ctx_idx[i] = SSL_CTX_get_ex_new_index(w->id, &ex_tag, NULL, NULL, count_free);
        /* objects of the shared context made and freed while others register */
        ssl = SSL_new(cctx);
        if (w->ssl_idx[i] <= 0 || w->ctx_idx[i] <= 0 || ssl == NULL
            || !SSL_set_ex_data(ssl, w->ssl_idx[i], &w->ssl_idx[i])
            || !SSL_CTX_set_ex_data(own, w->ctx_idx[i], &w->ctx_idx[i])
            || SSL_get_ex_data(ssl, w->ssl_idx[i]) != &w->ssl_idx[i])
            w->failures++;
        SSL_free(ssl);
    }
    for (i = 0; i < INDEXES; i++)
        if (SSL_CTX_get_ex_data(own, w->ctx_idx[i]) != &w->ctx_idx[i])
            w->failures++;
    SSL_CTX_free(own);
    return NULL;
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

START_TEST(test_ex_data_indexes)
{
    static ex_worker w[NTHREADS];
    int all[2][NTHREADS * INDEXES], i, j;

    atomic_store(&ex_frees, 0);
    for (i = 0; i < NTHREADS; i++) {
        memset(&w[i], 0, sizeof(w[i]));
        w[i].id = i;
    }
    run_threads(NTHREADS, ex_main, w, sizeof(w[0]));
    for (i = 0; i < NTHREADS; i++) {
        ck_assert_msg(w[i].failures == 0, "thread %d: %d failures", i, w[i].failures);
        for (j = 0; j < INDEXES; j++) {
            all[0][i * INDEXES + j] = w[i].ssl_idx[j];
            all[1][i * INDEXES + j] = w[i].ctx_idx[j];
        }
    }
    for (i = 0; i < 2; i++) {
        qsort(all[i], NTHREADS * INDEXES, sizeof(int), cmp_int);
        for (j = 1; j < NTHREADS * INDEXES; j++)
            ck_assert_msg(all[i][j] != all[i][j - 1], "index %d handed out twice", all[i][j]);
    }
    /* each SSL and each thread's own SSL_CTX freed its slots: one call per slot set */
    ck_assert_int_eq(atomic_load(&ex_frees), 2 * NTHREADS * INDEXES);
}
END_TEST

/* ---- SSL_CTX references ------------------------------------------------------------------ */

#define REF_ROUNDS 5000

static atomic_int ctx_frees;

static void ctx_freed(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent; (void)ad; (void)idx; (void)argl; (void)argp;
    if (ptr == &ctx_frees)
        atomic_fetch_add(&ctx_frees, 1);
}

typedef struct {
    SSL_CTX *ctx;               /* one reference is this thread's */
    int failures;
} ref_worker;

static pthread_barrier_t ref_start;

static void *ref_main(void *arg)
{
    ref_worker *w = arg;
    SSL *ssl;
    int i;

    pthread_barrier_wait(&ref_start);
    for (i = 0; i < REF_ROUNDS; i++) {
        if (SSL_CTX_up_ref(w->ctx) != 1)
            w->failures++;
        if (i % 50 == 0) {      /* an SSL holds a reference too */
            ssl = SSL_new(w->ctx);
            if (ssl == NULL || SSL_get_SSL_CTX(ssl) != w->ctx)
                w->failures++;
            SSL_free(ssl);
        }
        SSL_CTX_free(w->ctx);
    }
    SSL_CTX_free(w->ctx);       /* this thread's own: the last one frees it */
    return NULL;
}

START_TEST(test_ctx_refcount)
{
    ref_worker w[NTHREADS];
    pthread_t t[NTHREADS];
    SSL_CTX *ctx = tu_rsa_server_ctx();
    int i, idx = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, ctx_freed);

    atomic_store(&ctx_frees, 0);
    ck_assert_int_gt(idx, 0);
    ck_assert_int_eq(SSL_CTX_set_ex_data(ctx, idx, &ctx_frees), 1);
    ck_assert_int_eq(pthread_barrier_init(&ref_start, NULL, NTHREADS + 1), 0);
    for (i = 0; i < NTHREADS; i++) {
        ck_assert_int_eq(SSL_CTX_up_ref(ctx), 1);
        w[i] = (ref_worker){ ctx, 0 };
        ck_assert_int_eq(pthread_create(&t[i], NULL, ref_main, &w[i]), 0);
    }
    pthread_barrier_wait(&ref_start);
    SSL_CTX_free(ctx);          /* the threads hold the rest */
    for (i = 0; i < NTHREADS; i++) {
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
        ck_assert_int_eq(w[i].failures, 0);
    }
    pthread_barrier_destroy(&ref_start);
    ck_assert_int_eq(atomic_load(&ctx_frees), 1);
}
END_TEST

static Suite *threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tu_add_tcase(s, "shared", 600);

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_error_queues);
    tcase_add_test(tc, test_shared_ctx_connections);
    tcase_add_test(tc, test_ex_data_indexes);
    tcase_add_test(tc, test_ctx_refcount);
    return s;
}

int main(void)
{
    return tu_run_suite(threads_suite(), CK_NORMAL);
}
