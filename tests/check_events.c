/*
 * Callbacks, ex_data, post-handshake queries, PSK and early data.
 *
 * Most tests run a kumassl client and a kumassl server (a thread) over a
 * socketpair; what the server sees is recorded in `srv` and compared once
 * its thread has been joined. The key log and the exported keys are also
 * checked against openssl s_server, which computes them independently
 * (-keylogfile, -keymatexport). Every socket has an I/O timeout and every
 * peer process is killed at the end, so nothing waits unbounded.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

#define LABEL "EXPERIMENTAL-kuma"
#define KEYMAT_LEN 20
#define MAX_EVENTS 32
#define KEYLOG_LINE_LEN (14 + 64 + 1 + 96)

/* ---- what each side saw ------------------------------------------------------ */

typedef struct {
    int where, val;
} event;

typedef struct {
    event ev[MAX_EVENTS];
    int nev;
    char keylog[256];
    unsigned char fin[12], peer_fin[12];
    size_t fin_len, peer_fin_len;
    unsigned char km[3][KEYMAT_LEN];    /* no context, "ctx", empty context */
    int chain_len;                      /* SSL_get_peer_cert_chain, -1 for NULL */
    int has_peer_cert;
    char errors[1024];
} seen;

static seen srv, cli;

static seen *side(const SSL *ssl)
{
    return SSL_is_server(ssl) ? &srv : &cli;
}

static void record_event(const SSL *ssl, int where, int val)
{
    seen *w = side(ssl);

    if (w->nev < MAX_EVENTS)
        w->ev[w->nev++] = (event){ where, val };
}

static void record_keylog(const SSL *ssl, const char *line)
{
    snprintf(side(ssl)->keylog, sizeof(side(ssl)->keylog), "%s", line);
}

static int append_error(const char *str, size_t len, void *u)
{
    seen *w = u;
    size_t used = strlen(w->errors);

    snprintf(w->errors + used, sizeof(w->errors) - used, "%.*s", (int)len, str);
    return 1;
}

/* Every queued error, with its data text, into w->errors (the queue is emptied). */
static void record_errors(seen *w)
{
    ERR_print_errors_cb(append_error, w);
}

/* The exported keys of the three context variants (RFC 5705). */
static void export_keys(SSL *ssl, unsigned char km[3][KEYMAT_LEN])
{
    const char *l = LABEL;

    ck_assert_int_eq(SSL_export_keying_material(ssl, km[0], KEYMAT_LEN, l, strlen(l), NULL, 0, 0), 1);
    ck_assert_int_eq(SSL_export_keying_material(ssl, km[1], KEYMAT_LEN, l, strlen(l),
                                                (const unsigned char *)"ctx", 3, 1), 1);
    ck_assert_int_eq(SSL_export_keying_material(ssl, km[2], KEYMAT_LEN, l, strlen(l),
                                                (const unsigned char *)"", 0, 1), 1);
}

/* The post-handshake queries, on either side. */
static void record_queries(SSL *ssl)
{
    seen *w = side(ssl);
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
    X509 *peer = SSL_get_peer_certificate(ssl);

    w->fin_len = SSL_get_finished(ssl, w->fin, sizeof(w->fin));
    w->peer_fin_len = SSL_get_peer_finished(ssl, w->peer_fin, sizeof(w->peer_fin));
    export_keys(ssl, w->km);
    w->chain_len = chain != NULL ? sk_X509_num(chain) : -1;
    w->has_peer_cert = peer != NULL;
    X509_free(peer);
}

/* ---- a server thread and a client, connected ------------------------------------ */

typedef struct {
    SSL_CTX *sctx, *cctx;
    SSL *ssl;                   /* the client */
    int fd, srv_fd;
    int accept_ret;
    pthread_t thread;
} pair;

/* The server: accepts, records, then reads until close_notify and answers it. */
static void *server_main(void *arg)
{
    pair *p = arg;
    SSL *ssl = SSL_new(p->sctx);
    char buf[256];

    SSL_set_fd(ssl, p->srv_fd);
    p->accept_ret = SSL_accept(ssl);
    if (p->accept_ret == 1) {
        record_queries(ssl);
        while (SSL_read(ssl, buf, sizeof(buf)) > 0)
            ;
        SSL_shutdown(ssl);
    }
    record_errors(&srv);
    SSL_free(ssl);
    close(p->srv_fd);
    return NULL;
}

/* Starts the server thread on sctx; the client SSL (from cctx) is ready to connect. */
static void pair_open(pair *p, SSL_CTX *sctx, SSL_CTX *cctx)
{
    int sv[2];

    memset(p, 0, sizeof(*p));
    tu_socketpair(sv, TU_IO_TIMEOUT_MS);
    p->sctx = sctx;
    p->cctx = cctx;
    p->srv_fd = sv[0];
    p->fd = sv[1];
    ck_assert_int_eq(pthread_create(&p->thread, NULL, server_main, p), 0);
    p->ssl = SSL_new(cctx);
    ck_assert_ptr_nonnull(p->ssl);
    ck_assert_int_eq(SSL_set_fd(p->ssl, p->fd), 1);
}

static void pair_connect(pair *p)
{
    int r = SSL_connect(p->ssl);

    if (r != 1)
        record_errors(&cli);
    ck_assert_msg(r == 1, "SSL_connect: %d: %s", r, cli.errors);
}

/* close_notify both ways: our SSL_shutdown, then SSL_read sees the server's. */
static void pair_shutdown(pair *p)
{
    char c;

    ck_assert_int_eq(SSL_shutdown(p->ssl), 0);
    ck_assert_int_eq(SSL_read(p->ssl, &c, 1), 0);
    ck_assert_int_eq(SSL_get_error(p->ssl, 0), SSL_ERROR_ZERO_RETURN);
}

/* Frees the client, joins the server; the contexts are freed too. */
static void pair_close(pair *p)
{
    ERR_clear_error();
    SSL_free(p->ssl);
    close(p->fd);
    pthread_join(p->thread, NULL);
    SSL_CTX_free(p->sctx);
    SSL_CTX_free(p->cctx);
}

static SSL_CTX *rsa_server(void)
{
    return tu_server_chain_ctx(tu_cert("server-cert.pem"), tu_cert("server-key.pem"));
}

/* ---- 1: info callback and alert strings ------------------------------------------------ */

static int ctx_cb_calls;

static void count_ctx_cb(const SSL *ssl, int where, int val)
{
    (void)ssl;
    (void)where;
    (void)val;
    ctx_cb_calls++;
}

static void assert_events(const seen *w, const event *want, int n)
{
    int i;

    ck_assert_int_eq(w->nev, n);
    for (i = 0; i < n; i++) {
        ck_assert_msg(w->ev[i].where == want[i].where && w->ev[i].val == want[i].val,
                      "event %d: where 0x%x val %d, expected 0x%x %d", i,
                      w->ev[i].where, w->ev[i].val, want[i].where, want[i].val);
    }
}

START_TEST(test_info_callback)
{
    static const event client_want[] = {
        { SSL_CB_HANDSHAKE_START, 1 }, { SSL_CB_CONNECT_LOOP, 1 },
        { SSL_CB_HANDSHAKE_DONE, 1 }, { SSL_CB_CONNECT_EXIT, 1 },
        { SSL_CB_WRITE_ALERT, 0x100 }, { SSL_CB_READ_ALERT, 0x100 },
    };
    static const event server_want[] = {
        { SSL_CB_HANDSHAKE_START, 1 }, { SSL_CB_ACCEPT_LOOP, 1 },
        { SSL_CB_HANDSHAKE_DONE, 1 }, { SSL_CB_ACCEPT_EXIT, 1 },
        { SSL_CB_READ_ALERT, 0x100 }, { SSL_CB_WRITE_ALERT, 0x100 },
    };
    SSL_CTX *sctx = rsa_server(), *cctx = tu_ca_client_ctx();
    pair p;

    SSL_CTX_set_info_callback(sctx, record_event);
    ck_assert_ptr_eq(SSL_CTX_get_info_callback(sctx), record_event);
    /* the client's own callback wins over its context's */
    SSL_CTX_set_info_callback(cctx, count_ctx_cb);
    pair_open(&p, sctx, cctx);
    ck_assert_ptr_null(SSL_get_info_callback(p.ssl));
    SSL_set_info_callback(p.ssl, record_event);
    ck_assert_ptr_eq(SSL_get_info_callback(p.ssl), record_event);
    pair_connect(&p);
    pair_shutdown(&p);
    pair_close(&p);
    assert_events(&cli, client_want, 6);
    assert_events(&srv, server_want, 6);
    ck_assert_int_eq(ctx_cb_calls, 0);
}
END_TEST

/* A rejected server certificate: the fatal alert each way, then EXIT with -1. */
START_TEST(test_info_callback_failed_handshake)
{
    static const event client_want[] = {
        { SSL_CB_HANDSHAKE_START, 1 }, { SSL_CB_CONNECT_LOOP, 1 },
        { SSL_CB_WRITE_ALERT, 0x230 }, { SSL_CB_CONNECT_EXIT, -1 },
    };
    static const event server_want[] = {
        { SSL_CB_HANDSHAKE_START, 1 }, { SSL_CB_ACCEPT_LOOP, 1 },
        { SSL_CB_READ_ALERT, 0x230 }, { SSL_CB_ACCEPT_EXIT, -1 },
    };
    SSL_CTX *sctx = rsa_server(), *cctx = tu_client_ctx(tu_cert("other-ca-cert.pem"));
    pair p;

    SSL_CTX_set_info_callback(sctx, record_event);
    SSL_CTX_set_info_callback(cctx, record_event);
    pair_open(&p, sctx, cctx);
    ck_assert_int_eq(SSL_connect(p.ssl), -1);
    pair_close(&p);
    assert_events(&cli, client_want, 4);
    assert_events(&srv, server_want, 4);
}
END_TEST

START_TEST(test_alert_strings)
{
    ck_assert_str_eq(SSL_alert_type_string(0x100), "W");
    ck_assert_str_eq(SSL_alert_type_string(0x22a), "F");
    ck_assert_str_eq(SSL_alert_type_string(0x32a), "U");
    ck_assert_str_eq(SSL_alert_desc_string(0x100), "CN");
    ck_assert_str_eq(SSL_alert_desc_string(0x22b), "UC");
    ck_assert_str_eq(SSL_alert_desc_string(0x230), "CA");
    ck_assert_str_eq(SSL_alert_desc_string(0x233), "CY");
    ck_assert_str_eq(SSL_alert_desc_string(0x278), "UK");
    ck_assert_str_eq(SSL_alert_desc_string_long(0x22a), "bad certificate");
}
END_TEST

/* ---- 2: key log ------------------------------------------------------------------------- */

static void assert_keylog_format(const char *line)
{
    size_t i;

    ck_assert_int_eq(strlen(line), KEYLOG_LINE_LEN);
    ck_assert_int_eq(strncmp(line, "CLIENT_RANDOM ", 14), 0);
    ck_assert_int_eq(line[78], ' ');
    for (i = 14; i < KEYLOG_LINE_LEN; i++)
        if (i != 78)
            ck_assert_msg(strchr("0123456789abcdef", line[i]) != NULL, "not lower-case hex: %s", line);
}

/* One handshake of a client from cctx (offering sess) with sctx; returns its session. */
static SSL_SESSION *keylog_handshake(SSL_CTX *sctx, SSL_CTX *cctx, SSL_SESSION *sess, int *reused)
{
    SSL_SESSION *got;
    pair p;

    memset(&srv, 0, sizeof(srv));
    memset(&cli, 0, sizeof(cli));
    SSL_CTX_up_ref(sctx);
    SSL_CTX_up_ref(cctx);
    pair_open(&p, sctx, cctx);
    if (sess != NULL)
        ck_assert_int_eq(SSL_set_session(p.ssl, sess), 1);
    pair_connect(&p);
    *reused = SSL_session_reused(p.ssl);
    got = SSL_get1_session(p.ssl);
    pair_shutdown(&p);
    pair_close(&p);
    assert_keylog_format(cli.keylog);
    ck_assert_str_eq(cli.keylog, srv.keylog);
    return got;
}

START_TEST(test_keylog_both_sides_and_resumption)
{
    SSL_CTX *sctx = rsa_server(), *cctx = tu_ca_client_ctx();
    char first[256];
    SSL_SESSION *sess;
    int reused;

    SSL_CTX_set_keylog_callback(sctx, record_keylog);
    SSL_CTX_set_keylog_callback(cctx, record_keylog);
    ck_assert_ptr_eq(SSL_CTX_get_keylog_callback(cctx), record_keylog);
    sess = keylog_handshake(sctx, cctx, NULL, &reused);
    ck_assert_int_eq(reused, 0);
    snprintf(first, sizeof(first), "%s", cli.keylog);
    SSL_SESSION_free(keylog_handshake(sctx, cctx, sess, &reused));
    SSL_SESSION_free(sess);
    /* a new client random; the master secret is the session's when resumed */
    ck_assert_int_ne(strncmp(first, cli.keylog, 78), 0);
    if (reused)
        ck_assert_str_eq(first + 79, cli.keylog + 79);
    else
        printf("check_events: session not resumed; resumed key log line not checked\n");
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}
END_TEST

/* ---- 3: key log and exported keys against openssl s_server --------------------------------- */

START_TEST(test_keylog_and_keymat_match_s_server)
{
    char keylog_file[] = "/tmp/kuma-keylog-XXXXXX";
    char theirs[128], ours[2 * KEYMAT_LEN + 1], len[8], *file;
    const char *extra[] = { "-keylogfile", keylog_file, "-keymatexport", LABEL,
                            "-keymatexportlen", len, NULL };
    int i, port, tmp = mkstemp(keylog_file);
    SSL_CTX *ctx = tu_ca_client_ctx();
    tu_conn c = TU_CONN_INIT;

    ck_assert_int_ne(tmp, -1);
    close(tmp);
    snprintf(len, sizeof(len), "%d", KEYMAT_LEN);
    port = tu_start_s_server(&c, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), extra);
    SSL_CTX_set_keylog_callback(ctx, record_keylog);
    tu_conn_open_client(&c, port, ctx);
    pair_connect(&(pair){ .ssl = c.ssl });
    record_queries(c.ssl);
    /* the upper-case hex s_server prints */
    tu_await_line(c.peer, "Keying material: ", theirs, sizeof(theirs));
    for (i = 0; i < KEYMAT_LEN; i++)
        snprintf(ours + 2 * i, 3, "%02X", cli.km[0][i]);
    ck_assert_str_eq(ours, theirs);
    file = tu_slurp(keylog_file, NULL);
    ck_assert_ptr_nonnull(file);
    assert_keylog_format(cli.keylog);
    ck_assert_msg(strstr(file, cli.keylog) != NULL, "ours: %s\ns_server's: %s", cli.keylog, file);
    free(file);
    unlink(keylog_file);
    SSL_shutdown(c.ssl);
    tu_conn_close(&c);
}
END_TEST

/* ---- 4: finished messages, exported keys, cipher bits --------------------------------------- */

START_TEST(test_finished_and_exporter_agree)
{
    unsigned char none[12] = { 0 }, km[KEYMAT_LEN];
    pair p;

    pair_open(&p, rsa_server(), tu_ca_client_ctx());
    ck_assert_uint_eq(SSL_get_finished(p.ssl, none, sizeof(none)), 0);
    ck_assert_int_eq(SSL_export_keying_material(p.ssl, km, sizeof(km), "x", 1, NULL, 0, 0), -1);
    ERR_clear_error();
    pair_connect(&p);
    record_queries(p.ssl);
    /* reserved labels are refused, as by OpenSSL */
    ck_assert_int_eq(SSL_export_keying_material(p.ssl, km, sizeof(km), "master secret", 13,
                                                NULL, 0, 0), 0);
    record_errors(&cli);
    ck_assert_msg(strstr(cli.errors, "illegal exporter label") != NULL, "%s", cli.errors);
    pair_shutdown(&p);
    pair_close(&p);
    ck_assert_uint_eq(cli.fin_len, 12);
    ck_assert_uint_eq(srv.peer_fin_len, 12);
    ck_assert_mem_eq(cli.fin, srv.peer_fin, 12);
    ck_assert_mem_eq(cli.peer_fin, srv.fin, 12);
    ck_assert_mem_ne(cli.fin, cli.peer_fin, 12);
    ck_assert_mem_ne(cli.fin, none, 12);
    ck_assert_mem_eq(cli.km, srv.km, sizeof(cli.km));
    /* no context, a context, and the empty context are three different keys */
    ck_assert_mem_ne(cli.km[0], cli.km[1], KEYMAT_LEN);
    ck_assert_mem_ne(cli.km[0], cli.km[2], KEYMAT_LEN);
    ck_assert_mem_ne(cli.km[1], cli.km[2], KEYMAT_LEN);
}
END_TEST

static void check_bits(const char *suite, int want)
{
    SSL_CTX *cctx = tu_ca_client_ctx();
    int alg = 0;
    pair p;

    ck_assert_int_eq(SSL_CTX_set_cipher_list(cctx, suite), 1);
    pair_open(&p, rsa_server(), cctx);
    pair_connect(&p);
    ck_assert_str_eq(SSL_get_cipher(p.ssl), suite);
    ck_assert_int_eq(SSL_CIPHER_get_bits(SSL_get_current_cipher(p.ssl), &alg), want);
    ck_assert_int_eq(alg, want);
    ck_assert_int_eq(SSL_get_cipher_bits(p.ssl, NULL), want);
    pair_shutdown(&p);
    pair_close(&p);
}

START_TEST(test_cipher_bits)
{
    check_bits("ECDHE-RSA-AES128-GCM-SHA256", 128);
    check_bits("ECDHE-RSA-AES256-GCM-SHA384", 256);
    ck_assert_int_eq(SSL_CIPHER_get_bits(NULL, NULL), 0);
}
END_TEST

/* ---- 5: peer chains with client certificates -------------------------------------------------- */

START_TEST(test_peer_cert_chain_mutual_tls)
{
    SSL_CTX *sctx = tu_server_chain_ctx(tu_cert("server-chain.pem"),
                                        tu_cert("server-chain-leaf-key.pem"));
    SSL_CTX *cctx = tu_ca_client_ctx();
    pair p;

    tu_verify_clients(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    tu_use_cert_key(cctx, tu_cert("client-cert.pem"), tu_cert("client-key.pem"));
    pair_open(&p, sctx, cctx);
    ck_assert_ptr_null(SSL_get_peer_cert_chain(p.ssl));
    pair_connect(&p);
    record_queries(p.ssl);
    pair_shutdown(&p);
    pair_close(&p);
    /* the client gets the leaf and the intermediate; the server, OpenSSL-like, no leaf */
    ck_assert_int_eq(cli.chain_len, 2);
    ck_assert_int_eq(srv.chain_len, 0);
    ck_assert_int_eq(srv.has_peer_cert, 1);
}
END_TEST

/* ---- 6: ex_data ------------------------------------------------------------------------------- */

static int new_calls, free_calls;
static void *freed_ptr;

/* Counters start at zero in each test, forked or not (CK_FORK=no under valgrind). */
static void reset_ex_counters(void)
{
    new_calls = free_calls = 0;
    freed_ptr = NULL;
}

static void ex_new(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent;
    (void)ad;
    (void)idx;
    ck_assert_ptr_null(ptr);
    ck_assert_int_eq(argl, 42);
    ck_assert_str_eq(argp, "arg");
    new_calls++;
}

static void ex_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent;
    (void)ad;
    (void)idx;
    ck_assert_int_eq(argl, 42);
    ck_assert_str_eq(argp, "arg");
    freed_ptr = ptr;
    free_calls++;
}

START_TEST(test_ex_data_ssl)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    int idx = SSL_get_ex_new_index(42, "arg", NULL, NULL, ex_free);
    int plain = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    int value = 7, app = 8;
    SSL *ssl = SSL_new(ctx);

    reset_ex_counters();
    ck_assert_int_ge(idx, 1);
    ck_assert_int_gt(plain, idx);
    ck_assert_ptr_null(SSL_get_ex_data(ssl, idx));
    ck_assert_int_eq(SSL_set_ex_data(ssl, idx, &value), 1);
    ck_assert_int_eq(SSL_set_app_data(ssl, &app), 1);
    ck_assert_ptr_eq(SSL_get_ex_data(ssl, idx), &value);
    ck_assert_ptr_eq(SSL_get_app_data(ssl), &app);
    ck_assert_ptr_null(SSL_get_ex_data(ssl, plain));
    SSL_free(ssl);
    ck_assert_int_eq(free_calls, 1);
    ck_assert_ptr_eq(freed_ptr, &value);
    /* free_func also runs for a slot never set, with NULL (OpenSSL does) */
    SSL_free(SSL_new(ctx));
    ck_assert_int_eq(free_calls, 2);
    ck_assert_ptr_null(freed_ptr);
    SSL_CTX_free(ctx);
    ck_assert_int_eq(free_calls, 2);
}
END_TEST

START_TEST(test_ex_data_ctx)
{
    int idx = SSL_CTX_get_ex_new_index(42, "arg", NULL, NULL, ex_free);
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    int value = 7, app = 8;

    reset_ex_counters();
    ck_assert_int_ge(idx, 1);
    ck_assert_int_eq(SSL_CTX_set_ex_data(ctx, idx, &value), 1);
    ck_assert_int_eq(SSL_CTX_set_app_data(ctx, &app), 1);
    ck_assert_ptr_eq(SSL_CTX_get_ex_data(ctx, idx), &value);
    ck_assert_ptr_eq(SSL_CTX_get_app_data(ctx), &app);
    SSL_CTX_free(ctx);
    ck_assert_int_eq(free_calls, 1);
    ck_assert_ptr_eq(freed_ptr, &value);
}
END_TEST

START_TEST(test_ex_new_func_at_creation)
{
    SSL_CTX *ctx;
    SSL *ssl;

    reset_ex_counters();
    ck_assert_int_ge(SSL_get_ex_new_index(42, "arg", ex_new, NULL, NULL), 1);
    ck_assert_int_ge(SSL_CTX_get_ex_new_index(42, "arg", ex_new, NULL, NULL), 1);
    ctx = SSL_CTX_new(TLS_client_method());
    ck_assert_int_eq(new_calls, 1);
    ssl = SSL_new(ctx);
    ck_assert_int_eq(new_calls, 2);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}
END_TEST

#define INDEX_THREADS 4
#define INDEXES_PER_THREAD 200

static void *grab_indexes(void *arg)
{
    int *out = arg, i;

    for (i = 0; i < INDEXES_PER_THREAD; i++)
        out[i] = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    return NULL;
}

START_TEST(test_ex_index_threads)
{
    static int got[INDEX_THREADS][INDEXES_PER_THREAD];
    static char used[4 * INDEX_THREADS * INDEXES_PER_THREAD];  /* room for earlier tests' indexes */
    pthread_t t[INDEX_THREADS];
    int i, j;

    for (i = 0; i < INDEX_THREADS; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, grab_indexes, got[i]), 0);
    for (i = 0; i < INDEX_THREADS; i++)
        pthread_join(t[i], NULL);
    for (i = 0; i < INDEX_THREADS; i++)
        for (j = 0; j < INDEXES_PER_THREAD; j++) {
            int x = got[i][j];
            ck_assert_msg(x >= 1 && x < (int)sizeof(used) && !used[x], "index %d", x);
            used[x] = 1;
        }
}
END_TEST

/* ---- 7: PSK and early data ----------------------------------------------------------------------- */

static unsigned int psk_client(SSL *ssl, const char *hint, char *identity, unsigned int max_id,
                               unsigned char *psk, unsigned int max_psk)
{
    (void)ssl;
    (void)hint;
    (void)identity;
    (void)max_id;
    (void)psk;
    (void)max_psk;
    return 0;
}

static unsigned int psk_server(SSL *ssl, const char *identity, unsigned char *psk,
                               unsigned int max_psk)
{
    (void)ssl;
    (void)identity;
    (void)psk;
    (void)max_psk;
    return 0;
}

/* Without TLS 1.3 there is no early data: OpenSSL's misuse errors, *written untouched. */
START_TEST(test_early_data_fails_clearly)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    size_t n = 99;
    char buf[8];
    SSL *ssl;

    ck_assert_int_eq(SSL_CTX_set_max_early_data(ctx, 32), 1);
    ck_assert_uint_eq(SSL_CTX_get_max_early_data(ctx), 32);
    ck_assert_uint_eq(SSL_CTX_get_recv_max_early_data(ctx), 16384);
    ssl = SSL_new(ctx);
    ck_assert_uint_eq(SSL_get_max_early_data(ssl), 32);
    ck_assert_int_eq(SSL_set_max_early_data(ssl, 64), 1);
    ck_assert_uint_eq(SSL_get_max_early_data(ssl), 64);
    ck_assert_uint_eq(SSL_CTX_get_max_early_data(ctx), 32);
    ck_assert_int_eq(SSL_set_recv_max_early_data(ssl, 100), 1);
    ck_assert_uint_eq(SSL_get_recv_max_early_data(ssl), 100);
    ck_assert_int_eq(SSL_write_early_data(ssl, "early", 5, &n), 0);
    ck_assert_uint_eq(n, 99);
    ck_assert_int_eq(tu_first_reason(), ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED);
    record_errors(&cli);
    ck_assert_msg(strstr(cli.errors, "early data needs TLS 1.3") != NULL, "%s", cli.errors);
    ck_assert_int_eq(SSL_read_early_data(ssl, buf, sizeof(buf), &n), SSL_READ_EARLY_DATA_ERROR);
    ck_assert_int_eq(tu_first_reason(), ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED);
    ck_assert_int_eq(SSL_get_early_data_status(ssl), SSL_EARLY_DATA_NOT_SENT);
    ERR_clear_error();
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}
END_TEST

START_TEST(test_psk_setters_succeed)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    char too_long[PSK_MAX_IDENTITY_LEN + 2];
    SSL *ssl = SSL_new(ctx);

    memset(too_long, 'x', sizeof(too_long) - 1);
    too_long[sizeof(too_long) - 1] = '\0';
    SSL_CTX_set_psk_client_callback(ctx, psk_client);
    SSL_CTX_set_psk_server_callback(ctx, psk_server);
    SSL_set_psk_client_callback(ssl, psk_client);
    SSL_set_psk_server_callback(ssl, psk_server);
    SSL_CTX_set_psk_use_session_callback(ctx, NULL);
    SSL_set_psk_use_session_callback(ssl, NULL);
    SSL_CTX_set_psk_find_session_callback(ctx, NULL);
    SSL_set_psk_find_session_callback(ssl, NULL);
    SSL_CTX_set_allow_early_data_cb(ctx, NULL, NULL);
    SSL_set_allow_early_data_cb(ssl, NULL, NULL);
    ck_assert_int_eq(SSL_CTX_use_psk_identity_hint(ctx, "hint"), 1);
    ck_assert_int_eq(SSL_use_psk_identity_hint(ssl, "hint"), 1);
    ck_assert_int_eq(SSL_use_psk_identity_hint(ssl, too_long), 0);
    ck_assert_ptr_null(SSL_get_psk_identity(ssl));
    ck_assert_ptr_null(SSL_get_psk_identity_hint(ssl));
    ERR_clear_error();
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}
END_TEST

/* Both sides set up with a PSK callback that knows no key, the server
 * without a certificate: the client's TLS 1.3 ClientHello offers no PSK,
 * and the server refuses it as OpenSSL's -nocert server does (no suitable
 * signature algorithm, handshake_failure); the client's failure is the
 * alert, with no note about PSK (its callback was asked). (PSK handshakes:
 * check_tls13_psk_interop; a client with a PSK callback against a
 * certificate server: check_psk.) */
START_TEST(test_psk_handshake_fails_clearly)
{
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = tu_ca_client_ctx();
    pair p;

    SSL_CTX_set_psk_server_callback(sctx, psk_server);
    SSL_CTX_set_psk_client_callback(cctx, psk_client);
    pair_open(&p, sctx, cctx);
    ck_assert_int_ne(SSL_connect(p.ssl), 1);
    record_errors(&cli);
    shutdown(p.fd, SHUT_RDWR);      /* the server's accept then ends too */
    pair_close(&p);
    ck_assert_msg(strstr(cli.errors, "alert handshake failure") != NULL
                  && strstr(cli.errors, "PSK was not offered") == NULL, "client: %s", cli.errors);
    ck_assert_msg(strstr(srv.errors, "no suitable signature algorithm") != NULL, "server: %s",
                  srv.errors);
}
END_TEST

/* ---- suite ---------------------------------------------------------------------------------------- */

static Suite *events_suite(void)
{
    Suite *s = suite_create("events");
    TCase *tc = tu_add_tcase(s, "events", 60);
    TCase *hooks = tu_add_tcase(s, "hooks wired in ssl.c, ctx.c, io.c, br/engine.c", 60);

    tcase_add_test(tc, test_info_callback);
    tcase_add_test(tc, test_alert_strings);
    tcase_add_test(tc, test_keylog_both_sides_and_resumption);
    tcase_add_test(tc, test_keylog_and_keymat_match_s_server);
    tcase_add_test(tc, test_finished_and_exporter_agree);
    tcase_add_test(tc, test_cipher_bits);
    tcase_add_test(tc, test_peer_cert_chain_mutual_tls);
    tcase_add_test(tc, test_ex_data_ssl);
    tcase_add_test(tc, test_ex_data_ctx);
    tcase_add_test(tc, test_ex_index_threads);
    tcase_add_test(tc, test_early_data_fails_clearly);
    tcase_add_test(tc, test_psk_setters_succeed);
    tcase_add_test(hooks, test_ex_new_func_at_creation);
    tcase_add_test(hooks, test_info_callback_failed_handshake);
    tcase_add_test(hooks, test_psk_handshake_fails_clearly);
    return s;
}

int main(void)
{
    return tu_run_suite(events_suite(), CK_NORMAL);
}
