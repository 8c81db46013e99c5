/*
 * check_load.c -- the event-loop sample server under load (issue 3, §3).
 *
 * Starts samples/event-server (the in-tree build) on an ephemeral loopback
 * port, then opens LOAD_CLIENTS TLS connections to it from this process:
 * LOAD_THREADS threads, each driving its share of non-blocking kumassl
 * client SSLs from its own poll(2) loop.  Every client first completes
 * its handshake; only when all of them have -- so the server really holds
 * them all at once -- does each echo LOAD_MESSAGES messages of LOAD_MSG_LEN
 * bytes, one at a time, checking every byte that comes back, and close with
 * close_notify.  The test fails if any connection is lost or any byte is
 * wrong, and reports how long the handshakes and the echoing took.
 */
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include "testutil.h"

#define LOAD_CLIENTS 500
#define LOAD_MESSAGES 200
#define LOAD_MSG_LEN 64
#define LOAD_THREADS 4
/* Check's limit for the whole test, and the clients' own deadline below
 * it, so that a stall fails with a message rather than a kill. */
#define LOAD_TIMEOUT_S 240
#define LOAD_DEADLINE_MS 200000
/* How long the server may take to exit once the last client is done. */
#define SERVER_EXIT_MS 30000

enum client_state {
    C_CONNECTING,       /* TCP connect under way */
    C_HANDSHAKE,
    C_READY,            /* handshake done, waiting for all the others */
    C_SEND,
    C_RECV,
    C_SHUTDOWN,         /* close_notify sent, waiting for the server's */
    C_DONE,
    C_FAILED
};

typedef struct {
    int id;
    int fd;
    SSL *ssl;
    enum client_state state;
    short events;               /* what its socket waits for */
    int msg;                    /* the message being echoed */
    size_t got;                 /* bytes of its echo received */
    int closing;                /* its close_notify is sent */
    unsigned char out[LOAD_MSG_LEN], in[LOAD_MSG_LEN];
    char why[256];              /* why it failed */
} load_client;

typedef struct {
    pthread_t thread;
    SSL_CTX *ctx;
    const BIO_ADDR *server;
    pthread_barrier_t *all_ready;
    load_client *clients;
    int count;
    long deadline;
} load_worker;

/* Byte j of message msg of client id; the first four bytes name the
 * client and the message, so a misrouted echo is caught too. */
static unsigned char msg_byte(int id, int msg, int j)
{
    switch (j) {
    case 0: return (unsigned char)(id >> 8);
    case 1: return (unsigned char)id;
    case 2: return (unsigned char)(msg >> 8);
    case 3: return (unsigned char)msg;
    default: return (unsigned char)(id * 131 + msg * 31 + j * 7);
    }
}

static void fail_client(load_client *c, const char *what, const char *detail)
{
    unsigned long e = ERR_get_error();

    snprintf(c->why, sizeof(c->why), "client %d, message %d: %s%s%s", c->id, c->msg, what,
             detail != NULL ? detail : "", e != 0 ? " -- " : "");
    if (e != 0)
        ERR_error_string_n(e, c->why + strlen(c->why), sizeof(c->why) - strlen(c->why));
    ERR_clear_error();          /* the queue is the thread's, shared by its clients */
    c->state = C_FAILED;
}

/* After an SSL call returned ret <= 0: sets what to wait for on the
 * socket, or fails the client. */
static void wait_for_io(load_client *c, int ret, const char *call)
{
    switch (SSL_get_error(c->ssl, ret)) {
    case SSL_ERROR_WANT_READ:
        c->events = POLLIN;
        break;
    case SSL_ERROR_WANT_WRITE:
        c->events = POLLOUT;
        break;
    default:
        fail_client(c, call, " failed");
    }
}

/* Opens the client's socket and starts a non-blocking connect. */
static void start_client(load_worker *w, load_client *c)
{
    c->fd = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    c->ssl = SSL_new(w->ctx);
    if (c->fd < 0 || c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1) {
        fail_client(c, "setup", " failed");
        return;
    }
    c->events = POLLOUT;
    if (BIO_connect(c->fd, w->server, BIO_SOCK_NONBLOCK | BIO_SOCK_NODELAY))
        c->state = C_HANDSHAKE;
    else if (BIO_sock_should_retry(-1))
        c->state = C_CONNECTING;
    else
        fail_client(c, "connect", " failed");
}

static void fill_message(load_client *c)
{
    int j;

    for (j = 0; j < LOAD_MSG_LEN; j++)
        c->out[j] = msg_byte(c->id, c->msg, j);
    c->got = 0;
}

/* Checks a complete echo; moves on to the next message or to closing. */
static void check_echo(load_client *c)
{
    if (memcmp(c->in, c->out, LOAD_MSG_LEN) != 0) {
        fail_client(c, "echo differs from what was sent", NULL);
        return;
    }
    if (++c->msg == LOAD_MESSAGES) {
        c->state = C_SHUTDOWN;
        return;
    }
    fill_message(c);
    c->state = C_SEND;
}

/* One SSL-level action of c's state; returns 1 if c may go on at once. */
static int client_action(load_client *c)
{
    int r;

    switch (c->state) {
    case C_HANDSHAKE:
        if ((r = SSL_connect(c->ssl)) != 1) {
            wait_for_io(c, r, "SSL_connect");
            return 0;
        }
        c->state = C_READY;
        return 0;
    case C_SEND:
        if ((r = SSL_write(c->ssl, c->out, LOAD_MSG_LEN)) <= 0) {
            wait_for_io(c, r, "SSL_write");
            return 0;
        }
        c->state = C_RECV;
        return 1;
    case C_RECV:
        if ((r = SSL_read(c->ssl, c->in + c->got, (int)(LOAD_MSG_LEN - c->got))) <= 0) {
            wait_for_io(c, r, "SSL_read");
            return 0;
        }
        if ((c->got += (size_t)r) == LOAD_MSG_LEN)
            check_echo(c);
        return 1;
    case C_SHUTDOWN:
        /* 0: our close_notify went out (the first time) or the server's
         * has not come yet; 1: it has. */
        if ((r = SSL_shutdown(c->ssl)) == 1) {
            c->state = C_DONE;
            return 0;
        }
        if (r < 0) {
            wait_for_io(c, r, "SSL_shutdown");
            return 0;
        }
        c->events = POLLIN;
        if (c->closing)
            return 0;           /* wait for the server's answer */
        c->closing = 1;
        return 1;               /* try once more: it may be there already */
    default:
        return 0;
    }
}

/* Moves c on as far as it goes without blocking. */
static void client_turn(load_client *c)
{
    if (c->state == C_CONNECTING) {
        int err = BIO_sock_error(c->fd);

        if (err != 0) {
            fail_client(c, "connect: ", strerror(err));
            return;
        }
        c->state = C_HANDSHAKE;
    }
    while (client_action(c))
        ;
}

/* Whether c still has work before it reaches state stop. */
static int client_busy(const load_client *c, enum client_state stop)
{
    return c->state < stop && c->state != C_FAILED;
}

/* Polls this worker's clients and gives them turns until none of them
 * has work left before state stop, or the deadline passed. */
static void run_until(load_worker *w, enum client_state stop)
{
    struct pollfd fds[LOAD_CLIENTS];
    int idx[LOAD_CLIENTS];

    for (;;) {
        int n = 0, i, ready;

        for (i = 0; i < w->count; i++)
            if (client_busy(&w->clients[i], stop)) {
                fds[n] = (struct pollfd){ .fd = w->clients[i].fd, .events = w->clients[i].events };
                idx[n++] = i;
            }
        if (n == 0)
            return;
        if (tu_now_ms() > w->deadline) {
            for (i = 0; i < n; i++)
                fail_client(&w->clients[idx[i]], "deadline passed", NULL);
            return;
        }
        ready = poll(fds, (nfds_t)n, 1000);
        for (i = 0; ready > 0 && i < n; i++)
            if (fds[i].revents != 0)
                client_turn(&w->clients[idx[i]]);
    }
}

static void *worker_main(void *arg)
{
    load_worker *w = arg;
    int i;

    for (i = 0; i < w->count; i++) {
        start_client(w, &w->clients[i]);
        client_turn(&w->clients[i]);
    }
    run_until(w, C_READY);
    /* Echoing starts only once every thread's clients are connected. */
    pthread_barrier_wait(w->all_ready);
    for (i = 0; i < w->count; i++)
        if (w->clients[i].state == C_READY) {
            w->clients[i].state = C_SEND;
            client_turn(&w->clients[i]);
        }
    run_until(w, C_DONE);
    return NULL;
}

static void free_clients(load_client *clients, int n)
{
    int i;

    for (i = 0; i < n; i++) {
        SSL_free(clients[i].ssl);
        if (clients[i].fd >= 0)
            close(clients[i].fd);
    }
    free(clients);
}

/* Starts the in-tree event-server for LOAD_CLIENTS clients; sets *port. */
static tu_proc *start_event_server(int *port)
{
    char line[64], limit[16];
    tu_proc *p;

    snprintf(limit, sizeof(limit), "%d", LOAD_CLIENTS);
    p = tu_spawnl(tu_sample("event-server"), "-p", "0", "-c", tu_cert("server-cert.pem"),
                  "-k", tu_cert("server-key.pem"), "-n", limit, NULL);
    ck_assert_ptr_nonnull(p);
    tu_await_line(p, "Listening on port ", line, sizeof(line));
    *port = atoi(line);
    ck_assert_int_gt(*port, 0);
    return p;
}

/* Runs LOAD_THREADS workers over clients; returns when all are done. */
static void run_workers(SSL_CTX *ctx, const BIO_ADDR *server, load_client *clients,
                        long *handshake_ms)
{
    load_worker w[LOAD_THREADS];
    pthread_barrier_t all_ready;
    long start = tu_now_ms();
    int i, per = (LOAD_CLIENTS + LOAD_THREADS - 1) / LOAD_THREADS;

    /* One more party than threads: this thread, to time the handshakes. */
    ck_assert_int_eq(pthread_barrier_init(&all_ready, NULL, LOAD_THREADS + 1), 0);
    for (i = 0; i < LOAD_THREADS; i++) {
        w[i] = (load_worker){ .ctx = ctx, .server = server, .all_ready = &all_ready,
                              .clients = clients + i * per,
                              .count = LOAD_CLIENTS - i * per < per ? LOAD_CLIENTS - i * per : per,
                              .deadline = start + LOAD_DEADLINE_MS };
        ck_assert_int_eq(pthread_create(&w[i].thread, NULL, worker_main, &w[i]), 0);
    }
    pthread_barrier_wait(&all_ready);
    *handshake_ms = tu_now_ms() - start;
    for (i = 0; i < LOAD_THREADS; i++)
        pthread_join(w[i].thread, NULL);
    pthread_barrier_destroy(&all_ready);
}

/* Fails the test with the first client's reason unless all are done;
 * counts the failures. */
static void expect_all_done(const load_client *clients)
{
    int i, failed = 0, first = -1;

    for (i = 0; i < LOAD_CLIENTS; i++)
        if (clients[i].state != C_DONE) {
            failed++;
            if (first < 0)
                first = i;
        }
    if (failed == 0)
        return;
    ck_assert_msg(failed == 0, "%d of %d clients did not finish; first: %s", failed,
                  LOAD_CLIENTS, clients[first].why[0] ? clients[first].why : "(no reason)");
}

START_TEST(event_server_under_load)
{
    BIO_ADDRINFO *res;
    load_client *clients = calloc(LOAD_CLIENTS, sizeof(*clients));
    char service[16], summary[128];
    long start, handshake_ms, total_ms;
    int port, i;
    tu_proc *server = start_event_server(&port);
    SSL_CTX *ctx = tu_ca_client_ctx();

    snprintf(service, sizeof(service), "%d", port);
    ck_assert_int_eq(BIO_lookup_ex("127.0.0.1", service, BIO_LOOKUP_CLIENT, AF_INET,
                                   SOCK_STREAM, 0, &res), 1);
    for (i = 0; i < LOAD_CLIENTS; i++)
        clients[i] = (load_client){ .id = i, .fd = -1 };
    for (i = 0; i < LOAD_CLIENTS; i++)
        fill_message(&clients[i]);

    start = tu_now_ms();
    run_workers(ctx, BIO_ADDRINFO_address(res), clients, &handshake_ms);
    total_ms = tu_now_ms() - start;
    fprintf(stderr, "load: %d clients x %d messages x %d bytes over %d threads: "
            "all handshakes %ld ms, total %ld ms\n", LOAD_CLIENTS, LOAD_MESSAGES,
            LOAD_MSG_LEN, LOAD_THREADS, handshake_ms, total_ms);
    expect_all_done(clients);

    snprintf(summary, sizeof(summary), "Served %d clients, 0 failed, %lu bytes echoed",
             LOAD_CLIENTS, (unsigned long)LOAD_CLIENTS * LOAD_MESSAGES * LOAD_MSG_LEN);
    ck_assert_msg(tu_proc_read_until(server, summary, SERVER_EXIT_MS, NULL, 0) == 0,
                  "event-server did not report \"%s\":\n%s", summary, tu_proc_output(server));
    ck_assert_int_eq(tu_proc_wait(server, SERVER_EXIT_MS), 0);
    tu_proc_free(server);
    BIO_ADDRINFO_free(res);
    free_clients(clients, LOAD_CLIENTS);
    SSL_CTX_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("load");

    tcase_add_test(tu_add_tcase(s, "event_server", LOAD_TIMEOUT_S), event_server_under_load);
    return tu_run_suite(s, CK_ENV);
}
