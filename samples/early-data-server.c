/*
 * early-data-server.c -- a TLS echo server that accepts early data (0-RTT),
 * written only against the OpenSSL API.
 *
 * The server side of the TLS 1.3 textbook's early data example, as a
 * kumassl sample.  It builds unchanged against kumassl or the real OpenSSL:
 *
 *     cc -Wall -Wextra early-data-server.c -o early-data-server -lssl -lcrypto
 *
 * usage: early-data-server [-p port] [-c cert.pem] [-k key.pem] [-e bytes] [-n count]
 *
 *   -p port   TCP port to listen on (default 11111).  0 picks a free port.
 *   -c file   the server's certificate chain, PEM (default certs/server-cert.pem)
 *   -k file   its private key, PEM (default certs/server-key.pem)
 *   -e bytes  early data accepted per connection (default 16384; 0 refuses it)
 *   -n count  clients to serve before exiting (default 0: no limit)
 *
 * It follows OpenSSL's manual (SSL_read_early_data(3)): for each client it
 * calls SSL_read_early_data() until SSL_READ_EARLY_DATA_FINISH, printing
 * each piece as "Early data received: <text>", then reports the client as
 * "Client connected with <version>, early data <accepted|rejected|not
 * sent>" (SSL_get_early_data_status) and echoes every line it reads with
 * SSL_read(), printed as "Client: <msg>".  A client that sends no early
 * data -- any TLS 1.2 client, or a TLS 1.3 one without a ticket -- is
 * served the same way: SSL_read_early_data() completes its handshake and
 * returns FINISH with nothing read.
 *
 * Early data is accepted on the session tickets this server issues (a
 * TLS 1.3 client resumes with one, e.g. `openssl s_client -sess_in FILE
 * -early_data FILE`); by OpenSSL's default each ticket admits early data
 * once (anti-replay).  Once listening it prints "Listening on port N".
 */

#include <openssl/ssl.h>
#include <openssl/err.h>

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* SSL_SUCCESS is wolfSSL's (and kumassl's) name for OpenSSL's 1. */
#ifndef SSL_SUCCESS
#define SSL_SUCCESS 1
#endif

#define DEFAULT_PORT 11111
#define CERT_FILE "certs/server-cert.pem"
#define KEY_FILE "certs/server-key.pem"
#define DEFAULT_MAX_EARLY 16384
#define MSG_SIZE 1024

struct options {
    int port;
    const char *cert;
    const char *key;
    long max_early;
    long count;
};

static void usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [-p port] [-c cert.pem] [-k key.pem] [-e bytes] [-n count]\n"
            "  -p port   port to listen on (default %d, 0 = any free port)\n"
            "  -c file   certificate chain, PEM (default %s)\n"
            "  -k file   private key, PEM (default %s)\n"
            "  -e bytes  early data accepted per connection (default %d)\n"
            "  -n count  clients to serve, then exit (default 0: no limit)\n",
            prog, DEFAULT_PORT, CERT_FILE, KEY_FILE, DEFAULT_MAX_EARLY);
}

/* Fills opts from argv; returns 0, or -1 on a bad command line. */
static int parse_options(int argc, char **argv, struct options *opts)
{
    int i;

    opts->port = DEFAULT_PORT;
    opts->cert = CERT_FILE;
    opts->key = KEY_FILE;
    opts->max_early = DEFAULT_MAX_EARLY;
    opts->count = 0;
    for (i = 1; i < argc; i++) {
        const char *opt = argv[i];

        if (i + 1 >= argc || opt[0] != '-' || opt[1] == '\0' || opt[2] != '\0')
            return -1;
        switch (opt[1]) {
        case 'p': opts->port = atoi(argv[++i]); break;
        case 'c': opts->cert = argv[++i]; break;
        case 'k': opts->key = argv[++i]; break;
        case 'e': opts->max_early = atol(argv[++i]); break;
        case 'n': opts->count = atol(argv[++i]); break;
        default: return -1;
        }
    }
    if (opts->port < 0 || opts->port > 65535 || opts->max_early < 0 || opts->count < 0)
        return -1;
    return 0;
}

/* Reports a failed SSL_* call with the whole error queue. */
static void print_ssl_error(const char *what, SSL *ssl, int ret)
{
    int err = SSL_get_error(ssl, ret);  /* before the queue is emptied */

    fprintf(stderr, "ERROR: %s failed (SSL_get_error %d)\n", what, err);
    ERR_print_errors_fp(stderr);
}

/* The server's SSL_CTX with its certificate and the early data limit, or NULL. */
static SSL_CTX *new_server_ctx(const struct options *opts)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    if (ctx == NULL) {
        fprintf(stderr, "ERROR: failed to create the SSL context\n");
        ERR_print_errors_fp(stderr);
        return NULL;
    }
    if (SSL_CTX_use_certificate_chain_file(ctx, opts->cert) != SSL_SUCCESS
        || SSL_CTX_use_PrivateKey_file(ctx, opts->key, SSL_FILETYPE_PEM) != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to load %s / %s\n", opts->cert, opts->key);
        ERR_print_errors_fp(stderr);
        SSL_CTX_free(ctx);
        return NULL;
    }
    /* How much early data a ticket invites (NewSessionTicket's early_data
     * extension), and how much a connection takes. */
    if (SSL_CTX_set_max_early_data(ctx, (uint32_t)opts->max_early) != SSL_SUCCESS
        || SSL_CTX_set_recv_max_early_data(ctx, (uint32_t)opts->max_early) != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to set the early data limit\n");
        ERR_print_errors_fp(stderr);
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* A socket listening on *port (any address); a port of 0 is replaced by
 * the one the system picked.  Returns the socket, or -1. */
static int listen_on(int *port)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd == -1) {
        perror("socket");
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)*port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1
        || listen(fd, 5) == -1
        || getsockname(fd, (struct sockaddr *)&addr, &len) == -1) {
        perror("bind/listen");
        close(fd);
        return -1;
    }
    *port = ntohs(addr.sin_port);
    return fd;
}

/* Removes the line ending a client sent with its message. */
static void chomp(char *msg)
{
    size_t n = strlen(msg);

    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
}

/*
 * The manual's loop: reads early data until SSL_READ_EARLY_DATA_FINISH,
 * which also means the client's handshake went far enough for SSL_read.
 * Returns 0, or -1 when the handshake failed.
 */
static int read_early_data(SSL *ssl)
{
    char buf[MSG_SIZE + 1];
    size_t got;

    for (;;) {
        int ret = SSL_read_early_data(ssl, buf, MSG_SIZE, &got);

        if (ret == SSL_READ_EARLY_DATA_ERROR) {
            print_ssl_error("SSL_read_early_data", ssl, 0);
            return -1;
        }
        if (got > 0) {
            buf[got] = '\0';
            chomp(buf);
            printf("Early data received: %s\n", buf);
        }
        if (ret == SSL_READ_EARLY_DATA_FINISH)
            return 0;
    }
}

static const char *early_data_status(SSL *ssl)
{
    switch (SSL_get_early_data_status(ssl)) {
    case SSL_EARLY_DATA_ACCEPTED:
        return "accepted";
    case SSL_EARLY_DATA_REJECTED:
        return "rejected";
    default:
        return "not sent";
    }
}

/* Echoes the client's lines until it closes; 1 when it ended cleanly. */
static int echo_session(SSL *ssl)
{
    char msg[MSG_SIZE + 1];
    int ret;

    for (;;) {
        ret = SSL_read(ssl, msg, MSG_SIZE);
        if (ret <= 0) {
            if (SSL_get_error(ssl, ret) == SSL_ERROR_ZERO_RETURN) {
                printf("Client closed the connection\n");
                return 1;
            }
            print_ssl_error("SSL_read", ssl, ret);
            return 0;
        }
        if (SSL_write(ssl, msg, ret) != ret) {
            print_ssl_error("SSL_write", ssl, ret);
            return 0;
        }
        msg[ret] = '\0';
        chomp(msg);
        printf("Client: %s\n", msg);
    }
}

/* Runs the TLS session of one accepted connection. */
static void serve_client(SSL_CTX *ctx, int connd)
{
    SSL *ssl = SSL_new(ctx);

    if (ssl == NULL || SSL_set_fd(ssl, connd) != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to set up the SSL object\n");
        ERR_print_errors_fp(stderr);
        SSL_free(ssl);
        return;
    }
    if (read_early_data(ssl) == 0) {
        printf("Client connected with %s, early data %s\n", SSL_get_version(ssl),
               early_data_status(ssl));
        /* After a fatal error OpenSSL forbids SSL_shutdown. */
        if (echo_session(ssl))
            SSL_shutdown(ssl);
    }
    SSL_free(ssl);
}

/* Accepts clients one at a time, count of them (0: forever); the exit code. */
static int serve(SSL_CTX *ctx, int sockfd, long count)
{
    long served;

    for (served = 0; count == 0 || served < count; served++) {
        int connd = accept(sockfd, NULL, NULL);

        if (connd == -1) {
            if (errno == EINTR || errno == ECONNABORTED) {
                served--;
                continue;
            }
            perror("accept");
            return 1;
        }
        serve_client(ctx, connd);
        close(connd);
        printf("Waiting for the next client\n");
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options opts;
    SSL_CTX *ctx;
    int sockfd, ret;

    if (parse_options(argc, argv, &opts) != 0) {
        usage(argv[0]);
        return 2;
    }
    /* Tests read our output through a pipe: one line, one write. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* A client that vanishes mid-write must cost its session, not the server. */
    signal(SIGPIPE, SIG_IGN);

    if ((ctx = new_server_ctx(&opts)) == NULL)
        return 1;
    if ((sockfd = listen_on(&opts.port)) == -1) {
        SSL_CTX_free(ctx);
        return 1;
    }
    printf("Listening on port %d\n", opts.port);
    ret = serve(ctx, sockfd, opts.count);
    printf("Server stopped\n");
    close(sockfd);
    SSL_CTX_free(ctx);
    return ret;
}
