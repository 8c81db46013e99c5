/*
 * bench.c -- kumassl / OpenSSL benchmark, written only against the OpenSSL API.
 *
 * Built twice from this one source: against kumassl (bench/bench-kumassl) and
 * against the system's OpenSSL (bench/bench-openssl).  Client and server live
 * in one process and one thread, both non-blocking, over a socketpair or a
 * loopback TCP connection; the driver (bench/run.sh) runs the two builds
 * alternately and prints medians and ratios.
 *
 * usage: bench CERTDIR SECONDS [MEMCONNS]
 *
 * Prints one "name value unit" line per figure, then "version <text>".
 * Every figure is TLS 1.2 (both sides pinned with SSL_CTX_set_max_proto_version)
 * and is measured for SECONDS of wall time.  The certificate directory must
 * hold ca-cert.pem, server-ecdsa-{cert,key}.pem (P-256) and server-{cert,key}.pem
 * (RSA 2048), as tests/gen-certs.sh makes them.
 */
#define _GNU_SOURCE
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include "common.h"
#include "prims.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>


void bench_die(const char *what)
{
    fprintf(stderr, "bench: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

/* ---- contexts ----------------------------------------------------------- */

static char *path(const char *name)
{
    static char buf[8][4096];
    static int i;

    i = (i + 1) % 8;
    snprintf(buf[i], sizeof(buf[i]), "%s/%s", certdir, name);
    return buf[i];
}

/*
 * The version every context of a figure is pinned to: TLS 1.2 (BearSSL's
 * engine in kumassl), or TLS 1.3 for the *13_* rows (kumassl's own engine
 * on both sides: a TLS-1.3-only client, a server negotiating 1.3).
 */
static int proto = TLS1_2_VERSION;

/* The cipher of a figure: a TLS 1.2 cipher list, or a TLS 1.3 suite name. */
static int set_cipher(SSL_CTX *ctx, const char *cipher)
{
    return proto == TLS1_3_VERSION ? SSL_CTX_set_ciphersuites(ctx, cipher)
                                   : SSL_CTX_set_cipher_list(ctx, cipher);
}

static SSL_CTX *server_ctx(int rsa, const char *ciphers, int cache)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    if (ctx == NULL)
        bench_die("SSL_CTX_new (server)");
    SSL_CTX_set_min_proto_version(ctx, proto);
    SSL_CTX_set_max_proto_version(ctx, proto);
    if (SSL_CTX_use_certificate_chain_file(ctx, path(rsa ? "server-cert.pem" : "server-ecdsa-cert.pem")) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, path(rsa ? "server-key.pem" : "server-ecdsa-key.pem"),
                                       SSL_FILETYPE_PEM) != 1)
        bench_die("loading the server certificate");
    if (ciphers != NULL && set_cipher(ctx, ciphers) != 1)
        bench_die("setting the cipher (server)");
    /* TLS 1.2 resumes from the server's cache; TLS 1.3 from one stateless ticket */
    if (proto == TLS1_3_VERSION)
        SSL_CTX_set_num_tickets(ctx, cache ? 1 : 0);
    else
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_session_cache_mode(ctx, cache && proto != TLS1_3_VERSION ? SSL_SESS_CACHE_SERVER
                                                                         : SSL_SESS_CACHE_OFF);
    return ctx;
}

static SSL_CTX *client_ctx(const char *ciphers, const char *groups)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    if (ctx == NULL)
        bench_die("SSL_CTX_new (client)");
    SSL_CTX_set_min_proto_version(ctx, proto);
    SSL_CTX_set_max_proto_version(ctx, proto);
    if (SSL_CTX_load_verify_locations(ctx, path("ca-cert.pem"), NULL) != 1)
        bench_die("SSL_CTX_load_verify_locations");
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (ciphers != NULL && set_cipher(ctx, ciphers) != 1)
        bench_die("setting the cipher (client)");
    if (groups != NULL && SSL_CTX_set1_groups_list(ctx, groups) != 1)
        bench_die("SSL_CTX_set1_groups_list");
    SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    return ctx;
}

/* ---- connections -------------------------------------------------------- */

struct conn {
    SSL *c, *s;
    int fds[2];
};

static int step_ok(SSL *s, int r)
{
    int e;

    if (r == 1)
        return 1;
    e = SSL_get_error(s, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
        return 0;
    bench_die("handshake");
    return -1;
}

static void connect_pair(struct conn *k, SSL_CTX *cctx, SSL_CTX *sctx, int tcp, SSL_SESSION *sess)
{
    int cdone = 0, sdone = 0;

    make_pair(tcp, k->fds);
    k->c = SSL_new(cctx);
    k->s = SSL_new(sctx);
    if (k->c == NULL || k->s == NULL)
        bench_die("SSL_new");
    SSL_set_fd(k->c, k->fds[0]);
    SSL_set_fd(k->s, k->fds[1]);
    SSL_set_connect_state(k->c);
    SSL_set_accept_state(k->s);
    if (sess != NULL)
        SSL_set_session(k->c, sess);
    while (!cdone || !sdone) {
        if (!cdone)
            cdone = step_ok(k->c, SSL_do_handshake(k->c));
        if (!sdone)
            sdone = step_ok(k->s, SSL_do_handshake(k->s));
    }
}

static void free_side(SSL *s, int fd)
{
    SSL_free(s);
    close(fd);
}

/* close_notify both ways first: OpenSSL drops a session from its cache when
 * a connection is freed without it, which would defeat resumption. */
static void close_pair(struct conn *k)
{
    SSL_shutdown(k->c);
    SSL_shutdown(k->s);
    free_side(k->c, k->fds[0]);
    free_side(k->s, k->fds[1]);
}

/* ---- figures ------------------------------------------------------------ */

static void bench_handshake(const char *name, int rsa, const char *groups, int tcp)
{
    SSL_CTX *sctx = server_ctx(rsa, NULL, 0), *cctx = client_ctx(NULL, groups);
    double t0 = now(), t;
    long n = 0;

    do {
        struct conn k;

        connect_pair(&k, cctx, sctx, tcp, NULL);
        close_pair(&k);
        n++;
    } while ((t = now() - t0) < seconds);
    report(name, tcp, n / t, "hs/s");
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

/*
 * A TLS 1.3 client has its session once it read the server's ticket,
 * which follows the handshake: one SSL_read (that finds no data) takes it.
 */
static void take_ticket(SSL *c)
{
    unsigned char b[16];

    if (proto == TLS1_3_VERSION && SSL_read(c, b, sizeof(b)) > 0)
        bench_die("application data instead of a ticket");
}

static void bench_resume(const char *name, const char *groups, int tcp)
{
    SSL_CTX *sctx = server_ctx(0, NULL, 1), *cctx = client_ctx(NULL, groups);
    SSL_SESSION *sess;
    struct conn k;
    double t0, t;
    long n = 0;

    connect_pair(&k, cctx, sctx, tcp, NULL);
    take_ticket(k.c);
    sess = SSL_get1_session(k.c);
    close_pair(&k);
    if (sess == NULL || !SSL_SESSION_is_resumable(sess)) {
        /* a client that keeps no session: no figure, rather than full handshakes under this name */
        fprintf(stderr, "bench: %s: the client kept no resumable session\n", name);
        printf("%s_%s - hs/s\n", name, tcp ? "tcp" : "sp");
        SSL_SESSION_free(sess);
        SSL_CTX_free(sctx);
        SSL_CTX_free(cctx);
        return;
    }
    t0 = now();
    do {
        connect_pair(&k, cctx, sctx, tcp, sess);
        if (!SSL_session_reused(k.c))
            bench_die("resumption (session not reused)");
        take_ticket(k.c);               /* the ticket the resumed connection brings, read as a client would */
        close_pair(&k);
        n++;
    } while ((t = now() - t0) < seconds);
    report(name, tcp, n / t, "hs/s");
    SSL_SESSION_free(sess);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

static void bench_bulk(const char *name, const char *cipher, size_t chunk, int tcp, int ahead)
{
    SSL_CTX *sctx = server_ctx(0, cipher, 0), *cctx = client_ctx(cipher, "P-256");
    static unsigned char out[16384], in[16384];
    struct conn k;
    double t0, t;
    long long got = 0;

    memset(out, 'x', sizeof(out));
    SSL_CTX_set_read_ahead(sctx, ahead);        /* the reading side */
    connect_pair(&k, cctx, sctx, tcp, NULL);
    if (strcmp(SSL_get_cipher(k.c), cipher) != 0) {
        fprintf(stderr, "bench: negotiated %s, not %s\n", SSL_get_cipher(k.c), cipher);
        exit(1);
    }
    t0 = now();
    do {
        int i, r;

        for (i = 0; i < 64; i++) {             /* client writes until the socket is full */
            r = SSL_write(k.c, out, (int)chunk);
            if (r <= 0) {
                int e = SSL_get_error(k.c, r);
                if (e != SSL_ERROR_WANT_WRITE && e != SSL_ERROR_WANT_READ)
                    bench_die("SSL_write");
                break;
            }
        }
        for (;;) {                             /* server reads until it is empty */
            r = SSL_read(k.s, in, sizeof(in));
            if (r <= 0) {
                int e = SSL_get_error(k.s, r);
                if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
                    bench_die("SSL_read");
                break;
            }
            got += r;
        }
    } while ((t = now() - t0) < seconds);
    report(name, tcp, got / t / 1e6, "MB/s");
    close_pair(&k);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

/*
 * A textbook server and client, as samples/echo-server.c and nearly every
 * program are written: blocking sockets, one connection after the other,
 * TCP_NODELAY not set (unless `nodelay`). The client connects, handshakes,
 * writes "ping", reads the echo and closes; with `greet` the server speaks
 * first (a greeting the client reads before its ping, as SMTP or FTP).
 * A library that sends one flight as several segments makes Nagle's
 * algorithm wait for the peer's delayed ACK, some 40 ms a connection.
 * TCP itself stalls once where the side that sent the last flight speaks
 * next, whatever the library: a client after a resumed handshake, a server
 * after a full one. So the figures without TCP_NODELAY are the two where
 * nothing is inherent: full handshakes, client first; resumed ones, server first.
 */
struct textbook {
    SSL_CTX *sctx;
    int lfd, nodelay, greet;
    struct sockaddr_in addr;
    volatile int stop;
    pthread_t thread;
};

static void textbook_socket_opts(int fd, int nodelay)
{
    struct timeval tv = { 5, 0 };       /* a hang fails the figure, not the run */
    int one = 1;

    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (nodelay)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static void textbook_serve(struct textbook *t, int fd)
{
    SSL *s = SSL_new(t->sctx);
    char buf[256];
    int n;

    SSL_set_fd(s, fd);
    if (SSL_accept(s) == 1 && (!t->greet || SSL_write(s, "hello", 5) == 5)
        && (n = SSL_read(s, buf, sizeof(buf))) > 0 && SSL_write(s, buf, n) == n
        && SSL_read(s, buf, sizeof(buf)) == 0)
        SSL_shutdown(s);
    SSL_free(s);
    close(fd);
    ERR_clear_error();
}

static void *textbook_server(void *arg)
{
    struct textbook *t = arg;

    for (;;) {
        int fd = accept(t->lfd, NULL, NULL);
        if (fd < 0 || t->stop) {
            if (fd >= 0)
                close(fd);
            return NULL;
        }
        textbook_socket_opts(fd, t->nodelay);
        textbook_serve(t, fd);
    }
}

/* One client connection; 1 when the echo came back. sess: offered, or replaced by the new one. */
static int textbook_connect(struct textbook *t, SSL_CTX *cctx, SSL_SESSION **sess)
{
    struct linger lg = { 1, 0 };        /* RST on close: no TIME_WAIT pile-up */
    int fd = socket(AF_INET, SOCK_STREAM, 0), ok = 0;
    char buf[16];
    SSL *c;

    textbook_socket_opts(fd, t->nodelay);
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    if (connect(fd, (struct sockaddr *)&t->addr, sizeof(t->addr)) != 0)
        bench_die("connect (textbook)");
    c = SSL_new(cctx);
    SSL_set_fd(c, fd);
    if (sess != NULL && *sess != NULL)
        SSL_set_session(c, *sess);
    if (SSL_connect(c) == 1 && (!t->greet || SSL_read(c, buf, sizeof(buf)) == 5)
        && SSL_write(c, "ping", 4) == 4 && SSL_read(c, buf, sizeof(buf)) == 4) {
        ok = sess == NULL || *sess == NULL || SSL_session_reused(c);
        SSL_shutdown(c);
    }
    if (sess != NULL && *sess == NULL)
        *sess = SSL_get1_session(c);
    SSL_free(c);
    close(fd);
    return ok;
}

static void textbook_stop(struct textbook *t)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    t->stop = 1;
    if (connect(fd, (struct sockaddr *)&t->addr, sizeof(t->addr)) != 0)      /* wakes accept() */
        bench_die("connect (textbook stop)");
    close(fd);
    pthread_join(t->thread, NULL);
    close(t->lfd);
    SSL_CTX_free(t->sctx);
}

static void bench_textbook(const char *name, int resume, int greet, int nodelay)
{
    struct textbook t;
    SSL_CTX *cctx = client_ctx(NULL, "P-256");
    SSL_SESSION *sess = NULL;
    socklen_t len = sizeof(t.addr);
    double t0, el;
    long n = 0;

    memset(&t, 0, sizeof(t));
    t.sctx = server_ctx(0, NULL, resume);
    t.nodelay = nodelay;
    t.greet = greet;
    t.lfd = socket(AF_INET, SOCK_STREAM, 0);
    t.addr.sin_family = AF_INET;
    t.addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(t.lfd, (struct sockaddr *)&t.addr, sizeof(t.addr)) != 0 || listen(t.lfd, 16) != 0
        || getsockname(t.lfd, (struct sockaddr *)&t.addr, &len) != 0)
        bench_die("listen (textbook)");
    if (pthread_create(&t.thread, NULL, textbook_server, &t) != 0)
        bench_die("pthread_create");
    if (resume && !textbook_connect(&t, cctx, &sess))
        bench_die("textbook connection");
    t0 = now();
    do {
        if (!textbook_connect(&t, cctx, resume ? &sess : NULL))
            bench_die(resume ? "textbook connection (resumed)" : "textbook connection");
        n++;
    } while ((el = now() - t0) < seconds);
    report(name, 1, n / el, "conn/s");
    textbook_stop(&t);
    SSL_SESSION_free(sess);
    SSL_CTX_free(cctx);
}

/*
 * Heap per established idle connection: N handshaken pairs over socketpairs,
 * mallinfo2() before and after; then the client SSLs are freed to split the
 * figure into the client's and the server's share.
 */
static void bench_memory(int nconn)
{
    SSL_CTX *sctx = server_ctx(0, NULL, 0), *cctx = client_ctx(NULL, "P-256");
    struct conn *k = calloc((size_t)nconn, sizeof(*k));
    struct mallinfo2 m0, m1, m2;
    struct rusage ru;
    int i;

    {   /* warm up: lazily-initialised library state is not per connection */
        struct conn w;
        connect_pair(&w, cctx, sctx, 0, NULL);
        close_pair(&w);
    }
    m0 = mallinfo2();
    for (i = 0; i < nconn; i++)
        connect_pair(&k[i], cctx, sctx, 0, NULL);
    m1 = mallinfo2();
    for (i = 0; i < nconn; i++)
        free_side(k[i].c, k[i].fds[0]);
    m2 = mallinfo2();
    printf("heap_client %.0f B/conn\n", ((double)m1.uordblks - (double)m2.uordblks) / nconn);
    printf("heap_server %.0f B/conn\n", ((double)m2.uordblks - (double)m0.uordblks) / nconn);
    for (i = 0; i < nconn; i++)
        free_side(k[i].s, k[i].fds[1]);
    getrusage(RUSAGE_SELF, &ru);
    printf("peak_rss %.0f KiB\n", (double)ru.ru_maxrss);
    free(k);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

int main(int argc, char **argv)
{
    int tcp, nconn = bench_args(argc, argv);

    /* The memory figure first, so that peak RSS is that of the N connections. */
    if (bench_part("mem"))
        bench_memory(nconn);
    tcp_listen();
    for (tcp = 0; tcp <= 1; tcp++) {
        if (!bench_part(tcp ? "tcp" : "sp"))
            continue;
        bench_handshake("hs_ecdsa_x25519", 0, "X25519:P-256", tcp);
        bench_handshake("hs_ecdsa_p256", 0, "P-256", tcp);
        bench_handshake("hs_rsa2048_x25519", 1, "X25519:P-256", tcp);
        bench_handshake("hs_rsa2048_p256", 1, "P-256", tcp);
        bench_resume("resume_ecdsa", "P-256", tcp);
        bench_bulk("bulk16k_aes128gcm", "ECDHE-ECDSA-AES128-GCM-SHA256", 16384, tcp, 0);
        bench_bulk("bulk16k_aes256gcm", "ECDHE-ECDSA-AES256-GCM-SHA384", 16384, tcp, 0);
        bench_bulk("bulk16k_chacha20", "ECDHE-ECDSA-CHACHA20-POLY1305", 16384, tcp, 0);
        bench_bulk("bulk1k_aes128gcm", "ECDHE-ECDSA-AES128-GCM-SHA256", 1024, tcp, 0);
        /* SSL_CTX_set_read_ahead on the reading side */
        bench_bulk("bulk16k_aes128gcm_ahead", "ECDHE-ECDSA-AES128-GCM-SHA256", 16384, tcp, 1);
        bench_bulk("bulk1k_aes128gcm_ahead", "ECDHE-ECDSA-AES128-GCM-SHA256", 1024, tcp, 1);
    }
    /* TLS 1.3 (kumassl's own engine): socketpair only, as the 1.2 "sp" rows */
    if (bench_part("tls13")) {
        proto = TLS1_3_VERSION;
        bench_handshake("hs13_ecdsa_x25519", 0, "X25519", 0);
        bench_handshake("hs13_rsa2048_x25519", 1, "X25519", 0);
        bench_resume("resume13_ecdsa_x25519", "X25519", 0);
        bench_bulk("bulk16k13_aes128gcm", "TLS_AES_128_GCM_SHA256", 16384, 0, 0);
        bench_bulk("bulk16k13_aes256gcm", "TLS_AES_256_GCM_SHA384", 16384, 0, 0);
        bench_bulk("bulk16k13_chacha20", "TLS_CHACHA20_POLY1305_SHA256", 16384, 0, 0);
        proto = TLS1_2_VERSION;
    }
    if (bench_part("tcp") || bench_part("textbook")) {
        /* connect (+ greeting) + one echo + close, ECDSA P-256, with and without TCP_NODELAY */
        bench_textbook("textbook_full", 0, 0, 0);
        bench_textbook("textbook_resume_greet", 1, 1, 0);
        bench_textbook("textbook_full_nodelay", 0, 0, 1);
        bench_textbook("textbook_resume_greet_nodelay", 1, 1, 1);
    }
    if (bench_part("prim"))
        bench_prims();
    printf("version %s\n", OpenSSL_version(OPENSSL_VERSION));
    return 0;
}
