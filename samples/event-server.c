/*
 * event-server.c -- a non-blocking TLS echo server in one event loop,
 * written only against the OpenSSL API.
 *
 * One thread serves many clients at once: every socket is non-blocking and
 * poll(2) waits on all of them.  A client's SSL_accept, SSL_write and
 * SSL_read are simply called again when SSL_get_error() said
 * SSL_ERROR_WANT_READ or SSL_ERROR_WANT_WRITE, and that answer is also what
 * the loop waits for on the client's socket.  Every byte a client sends is
 * sent back; what could not be written yet stays with that client.  A
 * client's close_notify, error or disconnection ends that client only.
 *
 * The listening socket comes from OpenSSL 3's socket helpers (BIO_lookup_ex,
 * BIO_socket, BIO_listen, BIO_accept_ex).  It builds unchanged against
 * kumassl or the real OpenSSL 3:
 *
 *     cc -Wall -Wextra event-server.c -o event-server -lssl -lcrypto
 *
 * usage: event-server [-p port] [-c cert.pem] [-k key.pem] [-n clients]
 *
 *   -p port   TCP port to listen on (default 11111).  0 picks a free port.
 *   -c file   server certificate, PEM (default certs/server-cert.pem)
 *   -k file   server private key, PEM (default certs/server-key.pem)
 *   -n count  exit once this many clients have finished (default: never)
 *
 * Once listening it prints "Listening on port N".  On exit (-n) it prints
 * "Served N clients, M failed, B bytes echoed" and exits 0 if none failed.
 */

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_PORT 11111
#define SERVER_CERT_FILE "certs/server-cert.pem"
#define SERVER_KEY_FILE "certs/server-key.pem"
/* One TLS record's worth: SSL_read never returns more at once. */
#define BUF_SIZE 16384
/* SSL calls one client may make before the others get their turn. */
#define CALL_BUDGET 64

struct options {
    int port;
    const char *cert;
    const char *key;
    long limit;                 /* clients to serve; 0: no limit */
};

struct client {
    SSL *ssl;
    int fd;
    long id;                    /* order of arrival, for messages */
    int handshaken;
    size_t off, len;            /* buf[off..len) is still to be echoed */
    unsigned char buf[BUF_SIZE];
};

/* The event loop's state.  clients[i] is polled through fds[i + 1];
 * fds[0] is the listening socket. */
struct server {
    SSL_CTX *ctx;
    struct pollfd *fds;
    struct client **clients;
    size_t count, cap;
    long accepted, finished, failed;
    unsigned long long echoed;
};

/* What a client's turn ended with. */
enum step { STEP_WAIT, STEP_DONE, STEP_FAILED };

static void usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [-p port] [-c cert.pem] [-k key.pem] [-n clients]\n"
            "  -p port   port to listen on (default %d, 0 = any free port)\n"
            "  -c file   server certificate, PEM (default %s)\n"
            "  -k file   server private key, PEM (default %s)\n"
            "  -n count  exit after serving this many clients (default: never)\n",
            prog, DEFAULT_PORT, SERVER_CERT_FILE, SERVER_KEY_FILE);
}

/* Fills opts from argv; returns 0, or -1 on a bad command line. */
static int parse_options(int argc, char **argv, struct options *opts)
{
    int i;

    opts->port = DEFAULT_PORT;
    opts->cert = SERVER_CERT_FILE;
    opts->key = SERVER_KEY_FILE;
    opts->limit = 0;
    for (i = 1; i < argc; i++) {
        const char *opt = argv[i];

        if (i + 1 >= argc || opt[0] != '-' || opt[1] == '\0' || opt[2] != '\0')
            return -1;
        switch (opt[1]) {
        case 'p': opts->port = atoi(argv[++i]); break;
        case 'c': opts->cert = argv[++i]; break;
        case 'k': opts->key = argv[++i]; break;
        case 'n': opts->limit = atol(argv[++i]); break;
        default: return -1;
        }
    }
    return opts->port < 0 || opts->port > 65535 || opts->limit < 0 ? -1 : 0;
}

/* The server's SSL_CTX with its certificate and key, or NULL. */
static SSL_CTX *new_server_ctx(const struct options *opts)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    if (ctx == NULL) {
        ERR_print_errors_fp(stderr);
        return NULL;
    }
    if (SSL_CTX_use_certificate_file(ctx, opts->cert, SSL_FILETYPE_PEM) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, opts->key, SSL_FILETYPE_PEM) != 1) {
        fprintf(stderr, "ERROR: failed to load %s / %s\n", opts->cert, opts->key);
        ERR_print_errors_fp(stderr);
        SSL_CTX_free(ctx);
        return NULL;
    }
    /* Echoing resumes a write where it stopped: let SSL_write say how much
     * went out, and accept the retry from a buffer that moved on. */
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE
                          | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    return ctx;
}

/* The port sock is bound to, or -1. */
static int bound_port(int sock)
{
    union BIO_sock_info_u info;
    int port = -1;

    if ((info.addr = BIO_ADDR_new()) == NULL)
        return -1;
    if (BIO_sock_info(sock, BIO_SOCK_INFO_ADDRESS, &info))
        port = ntohs(BIO_ADDR_rawport(info.addr));
    BIO_ADDR_free(info.addr);
    return port;
}

/* A non-blocking socket listening on *port (any IPv4 address); a port of 0
 * is replaced by the one the system picked.  Returns the socket, or -1. */
static int listen_on(int *port)
{
    BIO_ADDRINFO *res;
    char service[16];
    int sock;

    snprintf(service, sizeof(service), "%d", *port);
    if (!BIO_lookup_ex(NULL, service, BIO_LOOKUP_SERVER, AF_INET, SOCK_STREAM, 0, &res)) {
        ERR_print_errors_fp(stderr);
        return -1;
    }
    sock = BIO_socket(BIO_ADDRINFO_family(res), SOCK_STREAM, 0, 0);
    /* REUSEADDR: a restart must not wait for old connections' TIME_WAIT. */
    if (sock != -1 && !BIO_listen(sock, BIO_ADDRINFO_address(res),
                                  BIO_SOCK_REUSEADDR | BIO_SOCK_NONBLOCK)) {
        BIO_closesocket(sock);
        sock = -1;
    }
    BIO_ADDRINFO_free(res);
    if (sock == -1 || (*port = bound_port(sock)) < 0) {
        ERR_print_errors_fp(stderr);
        return -1;
    }
    return sock;
}

/* Reports why a client failed; empties the error queue, which all clients
 * share, so that the next client's SSL_get_error is not misled. */
static void report_failure(const struct client *c, const char *what, int err)
{
    unsigned long e;

    fprintf(stderr, "ERROR: client %ld: %s failed (SSL_get_error %d)\n", c->id, what, err);
    while ((e = ERR_get_error()) != 0)
        fprintf(stderr, "  %s\n", ERR_error_string(e, NULL));
}

/* Turns a failed SSL call into what the loop should do next. */
static enum step after_failed_call(struct client *c, const char *what, int ret,
                                   short *events)
{
    int err = SSL_get_error(c->ssl, ret);

    switch (err) {
    case SSL_ERROR_WANT_READ:
        *events = POLLIN;
        return STEP_WAIT;
    case SSL_ERROR_WANT_WRITE:
        *events = POLLOUT;
        return STEP_WAIT;
    case SSL_ERROR_ZERO_RETURN:
        /* The client said close_notify: answer it, once and best effort --
         * the client may already be gone, which costs nothing here. */
        SSL_shutdown(c->ssl);
        ERR_clear_error();
        return STEP_DONE;
    default:
        report_failure(c, what, err);
        return STEP_FAILED;
    }
}

/*
 * Moves one client on as far as it can go without blocking: handshake,
 * then alternately write what is pending and read more.  Sets *events to
 * what its socket must become ready for.
 */
static enum step client_turn(struct server *srv, struct client *c, short *events)
{
    int budget, ret;

    for (budget = CALL_BUDGET; budget > 0; budget--) {
        if (!c->handshaken) {
            if ((ret = SSL_accept(c->ssl)) != 1)
                return after_failed_call(c, "SSL_accept", ret, events);
            c->handshaken = 1;
        } else if (c->off < c->len) {
            ret = SSL_write(c->ssl, c->buf + c->off, (int)(c->len - c->off));
            if (ret <= 0)
                return after_failed_call(c, "SSL_write", ret, events);
            c->off += (size_t)ret;
            srv->echoed += (unsigned long long)ret;
        } else {
            if ((ret = SSL_read(c->ssl, c->buf, sizeof(c->buf))) <= 0)
                return after_failed_call(c, "SSL_read", ret, events);
            c->off = 0;
            c->len = (size_t)ret;
        }
    }
    /* Out of turns with work possibly left (even inside the SSL, where
     * poll cannot see it): POLLOUT is almost always ready, so this client
     * comes back on the next round, after the others. */
    *events = POLLIN | POLLOUT;
    return STEP_WAIT;
}

/* Makes room for one more client; 0 when memory ran out. */
static int reserve_slot(struct server *srv)
{
    size_t cap = srv->cap ? srv->cap * 2 : 64;
    struct pollfd *fds;
    struct client **clients;

    if (srv->count < srv->cap)
        return 1;
    if ((fds = realloc(srv->fds, (cap + 1) * sizeof(*fds))) == NULL)
        return 0;
    srv->fds = fds;
    if ((clients = realloc(srv->clients, cap * sizeof(*clients))) == NULL)
        return 0;
    srv->clients = clients;
    srv->cap = cap;
    return 1;
}

static void free_client(struct client *c)
{
    if (c == NULL)
        return;
    SSL_free(c->ssl);
    close(c->fd);
    free(c);
}

/* A client for the accepted socket fd, or NULL (fd closed). */
static struct client *new_client(struct server *srv, int fd)
{
    struct client *c = calloc(1, sizeof(*c));
    int one = 1;

    if (c == NULL) {
        close(fd);
        return NULL;
    }
    c->fd = fd;
    c->id = ++srv->accepted;
    /* Handshake flights go out in several writes: do not let Nagle hold
     * them back waiting for acknowledgements. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if ((c->ssl = SSL_new(srv->ctx)) == NULL || SSL_set_fd(c->ssl, fd) != 1) {
        ERR_print_errors_fp(stderr);
        free_client(c);
        return NULL;
    }
    return c;
}

/* Accepts every connection waiting on the listening socket. */
static void accept_clients(struct server *srv)
{
    int fd;

    while ((fd = BIO_accept_ex(srv->fds[0].fd, NULL, BIO_SOCK_NONBLOCK)) != -1) {
        struct client *c;

        if (!reserve_slot(srv)) {
            fprintf(stderr, "ERROR: out of memory for client slots\n");
            close(fd);
            continue;
        }
        if ((c = new_client(srv, fd)) == NULL) {
            srv->finished++;
            srv->failed++;
            continue;
        }
        srv->clients[srv->count] = c;
        /* Try the handshake at once: the ClientHello is often there already. */
        srv->fds[srv->count + 1] = (struct pollfd){ .fd = fd, .events = POLLIN, .revents = POLLIN };
        srv->count++;
    }
    if (!BIO_sock_should_retry(-1))
        ERR_print_errors_fp(stderr);  /* e.g. out of descriptors: retried on the next round */
    ERR_clear_error();
}

/* Ends client i; the last client takes its slot. */
static void remove_client(struct server *srv, size_t i, enum step how)
{
    free_client(srv->clients[i]);
    srv->finished++;
    if (how == STEP_FAILED)
        srv->failed++;
    srv->count--;
    srv->clients[i] = srv->clients[srv->count];
    srv->fds[i + 1] = srv->fds[srv->count + 1];
}

/* Gives a turn to every client whose socket is ready. */
static void serve_ready_clients(struct server *srv)
{
    size_t i = 0;

    while (i < srv->count) {
        struct pollfd *pfd = &srv->fds[i + 1];
        enum step how;

        if (pfd->revents == 0) {
            i++;
            continue;
        }
        pfd->revents = 0;
        how = client_turn(srv, srv->clients[i], &pfd->events);
        if (how == STEP_WAIT)
            i++;
        else
            remove_client(srv, i, how);   /* slot i now holds another client */
    }
}

/* Runs the event loop until limit clients finished (never if 0). */
static int serve(struct server *srv, long limit)
{
    while (limit == 0 || srv->finished < limit) {
        if (poll(srv->fds, (nfds_t)srv->count + 1, -1) == -1) {
            if (errno == EINTR)
                continue;
            perror("poll");
            return 1;
        }
        if (srv->fds[0].revents & POLLIN)
            accept_clients(srv);
        srv->fds[0].revents = 0;
        serve_ready_clients(srv);
    }
    printf("Served %ld clients, %ld failed, %llu bytes echoed\n",
           srv->finished, srv->failed, srv->echoed);
    return srv->failed == 0 ? 0 : 1;
}

static void free_server(struct server *srv)
{
    size_t i;

    for (i = 0; i < srv->count; i++)
        free_client(srv->clients[i]);
    if (srv->fds != NULL)
        BIO_closesocket(srv->fds[0].fd);
    free(srv->fds);
    free(srv->clients);
    SSL_CTX_free(srv->ctx);
}

int main(int argc, char **argv)
{
    struct options opts;
    struct server srv;
    int lfd, ret;

    if (parse_options(argc, argv, &opts) != 0) {
        usage(argv[0]);
        return 2;
    }
    /* Tests read our output through a pipe: one line, one write. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* A client that vanishes mid-write must cost its session, not the server. */
    signal(SIGPIPE, SIG_IGN);

    memset(&srv, 0, sizeof(srv));
    if ((srv.ctx = new_server_ctx(&opts)) == NULL)
        return 1;
    if ((lfd = listen_on(&opts.port)) == -1 || !reserve_slot(&srv)) {
        if (lfd != -1)
            BIO_closesocket(lfd);
        free_server(&srv);
        return 1;
    }
    srv.fds[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
    printf("Listening on port %d\n", opts.port);

    ret = serve(&srv, opts.limit);
    free_server(&srv);
    return ret;
}
