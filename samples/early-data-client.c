/*
 * early-data-client.c -- a TLS client sending early data (0-RTT) on a
 * resumed session, written only against the OpenSSL API.
 *
 * The client of the TLS 1.3 textbook's early data example, as a kumassl
 * sample.  It builds unchanged against kumassl or the real OpenSSL:
 *
 *     cc -Wall -Wextra early-data-client.c -o early-data-client -lssl -lcrypto
 *
 * usage: early-data-client [host] [-p port] [-A ca.pem] [-m message]
 *
 *   host      server address or name (default 127.0.0.1)
 *   -p port   server port (default 11111)
 *   -A file   CA certificate(s) the server must chain to, PEM
 *             (default certs/ca-cert.pem)
 *   -m text   the early data, sent as one line (default "good early morning")
 *
 * The server must accept early data, e.g. `openssl s_server -early_data`.
 *
 *   1. It connects with a full handshake, closes the connection with a
 *      close_notify each way (a TLS 1.3 server sends its session tickets
 *      after the handshake: waiting for its close_notify reads them) and
 *      keeps the session (SSL_get1_session).
 *   2. It connects again offering that session (SSL_set_session), sends the
 *      message with SSL_write_early_data() before the handshake, completes
 *      the handshake (SSL_connect) and prints what became of the early data
 *      (SSL_get_early_data_status): "Early data accepted", or "Early data
 *      rejected", in which case the message is sent again as normal data.
 *
 * Early data needs TLS 1.3.  Without it (a session made with TLS 1.2)
 * SSL_write_early_data() fails: the program does not fall back
 * to a plain handshake -- sending early data is its whole point -- but prints
 * "Early data not sent" with the library's error queue and exits with 1.
 * Exit code 0 means the message reached the server.
 */

#include <openssl/ssl.h>
#include <openssl/err.h>

#include <netdb.h>
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

#define DEFAULT_HOST "127.0.0.1"
#define DEFAULT_PORT "11111"
#define CA_CERT_FILE "certs/ca-cert.pem"
#define DEFAULT_MESSAGE "good early morning"
#define MSG_SIZE 1024

struct options {
    const char *host;
    const char *port;
    const char *ca;
    const char *message;
};

static void usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [host] [-p port] [-A ca.pem] [-m message]\n"
            "  host      server to connect to (default %s)\n"
            "  -p port   server port (default %s)\n"
            "  -A file   CA certificate to verify the server with (default %s)\n"
            "  -m text   early data to send (default \"%s\")\n",
            prog, DEFAULT_HOST, DEFAULT_PORT, CA_CERT_FILE, DEFAULT_MESSAGE);
}

/* Fills opts from argv; returns 0, or -1 on a bad command line. */
static int parse_options(int argc, char **argv, struct options *opts)
{
    int i;

    opts->host = DEFAULT_HOST;
    opts->port = DEFAULT_PORT;
    opts->ca = CA_CERT_FILE;
    opts->message = DEFAULT_MESSAGE;
    for (i = 1; i < argc; i++) {
        const char *opt = argv[i];

        if (opt[0] != '-') {
            opts->host = opt;
            continue;
        }
        if (i + 1 >= argc || opt[1] == '\0' || opt[2] != '\0')
            return -1;
        switch (opt[1]) {
        case 'p': opts->port = argv[++i]; break;
        case 'A': opts->ca = argv[++i]; break;
        case 'm': opts->message = argv[++i]; break;
        default: return -1;
        }
    }
    return strlen(opts->message) + 2 > MSG_SIZE ? -1 : 0;
}

/* Reports a failed SSL_* call with the whole error queue: the text a
 * library attaches to an error (such as which feature it lacks) is printed
 * only by ERR_print_errors_fp(), not by ERR_error_string(). */
static void print_ssl_error(const char *what, SSL *ssl, int ret)
{
    int err = SSL_get_error(ssl, ret);  /* before the queue is emptied */

    fprintf(stderr, "ERROR: %s failed (SSL_get_error %d)\n", what, err);
    ERR_print_errors_fp(stderr);
}

/* The client's SSL_CTX: verifies servers against the CA file, or NULL. */
static SSL_CTX *new_client_ctx(const struct options *opts)
{
    SSL_CTX *ctx = SSL_CTX_new(SSLv23_client_method());

    if (ctx == NULL) {
        fprintf(stderr, "ERROR: failed to create the SSL context\n");
        ERR_print_errors_fp(stderr);
        return NULL;
    }
    /* kumassl verifies by default; OpenSSL only when asked.  Ask, so the
     * program means the same with both. */
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_load_verify_locations(ctx, opts->ca, NULL) != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to load %s\n", opts->ca);
        ERR_print_errors_fp(stderr);
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* A TCP connection to host:port, or -1. */
static int connect_to(const char *host, const char *port)
{
    struct addrinfo hints, *res, *ai;
    int fd = -1;
    int rc;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
        fprintf(stderr, "ERROR: %s: %s\n", host, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd != -1 && connect(fd, ai->ai_addr, ai->ai_addrlen) == -1) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd == -1)
        fprintf(stderr, "ERROR: failed to connect to %s port %s\n", host, port);
    return fd;
}

/* A new SSL on a new connection to the server, or NULL (*fd is -1 then). */
static SSL *open_connection(SSL_CTX *ctx, const struct options *opts, int *fd)
{
    SSL *ssl;

    if ((*fd = connect_to(opts->host, opts->port)) == -1)
        return NULL;
    if ((ssl = SSL_new(ctx)) == NULL || SSL_set_fd(ssl, *fd) != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to set up the SSL object\n");
        ERR_print_errors_fp(stderr);
        SSL_free(ssl);
        close(*fd);
        *fd = -1;
        return NULL;
    }
    return ssl;
}

/* Ends a connection: close_notify both ways, then the socket.  The second
 * SSL_shutdown() waits for the server's close_notify, reading whatever
 * came before it -- TLS 1.3 session tickets in particular -- so the
 * session, if kept (keep not NULL), is complete. */
static void close_connection(SSL *ssl, int fd, SSL_SESSION **keep)
{
    if (SSL_shutdown(ssl) == 0)
        SSL_shutdown(ssl);
    if (keep != NULL)
        *keep = SSL_get1_session(ssl);
    SSL_free(ssl);
    close(fd);
}

/* Step 1: a full handshake; returns the session to resume, or NULL. */
static SSL_SESSION *first_session(SSL_CTX *ctx, const struct options *opts)
{
    SSL_SESSION *sess = NULL;
    int fd, ret;
    SSL *ssl = open_connection(ctx, opts, &fd);

    if (ssl == NULL)
        return NULL;
    if ((ret = SSL_connect(ssl)) != SSL_SUCCESS) {
        print_ssl_error("SSL_connect", ssl, ret);
        SSL_free(ssl);
        close(fd);
        return NULL;
    }
    printf("Connected with %s (full handshake)\n", SSL_get_version(ssl));
    close_connection(ssl, fd, &sess);
    if (sess == NULL || !SSL_SESSION_is_resumable(sess)) {
        fprintf(stderr, "ERROR: the server gave no session to resume\n");
        SSL_SESSION_free(sess);
        return NULL;
    }
    /* Without the server's permission (a TLS 1.3 ticket's max_early_data)
     * there is no 0-RTT.  Try anyway: the library then says why not. */
    printf("Session saved; the server accepts %lu bytes of early data on it\n",
           (unsigned long)SSL_SESSION_get_max_early_data(sess));
    return sess;
}

/* Sends msg as early data, before the handshake; returns 0 or -1. */
static int write_early(SSL *ssl, const char *msg)
{
    size_t written = 0, len = strlen(msg);

    printf("Sending early data: %s", msg);
    if (SSL_write_early_data(ssl, msg, len, &written) != SSL_SUCCESS || written != len) {
        printf("Early data not sent\n");
        print_ssl_error("SSL_write_early_data", ssl, 0);
        return -1;
    }
    return 0;
}

/* After the handshake: says what became of the early data, and sends it
 * again as normal data if the server refused it (it is lost otherwise).
 * Returns 0 once the server has the message, else -1. */
static int report_early(SSL *ssl, const char *msg)
{
    int len = (int)strlen(msg), ret;

    switch (SSL_get_early_data_status(ssl)) {
    case SSL_EARLY_DATA_ACCEPTED:
        printf("Early data accepted\n");
        return 0;
    case SSL_EARLY_DATA_REJECTED:
        printf("Early data rejected; sending it after the handshake\n");
        if ((ret = SSL_write(ssl, msg, len)) != len) {
            print_ssl_error("SSL_write", ssl, ret);
            return -1;
        }
        return 0;
    default:
        printf("Early data not sent\n");
        return -1;
    }
}

/* Step 2: resumes sess with the message as early data; returns the exit
 * code. */
static int early_session(SSL_CTX *ctx, const struct options *opts, SSL_SESSION *sess)
{
    char msg[MSG_SIZE];
    int fd, ret, failed = 1;
    SSL *ssl = open_connection(ctx, opts, &fd);

    if (ssl == NULL)
        return 1;
    snprintf(msg, sizeof(msg), "%s\n", opts->message);
    if (SSL_set_session(ssl, sess) != SSL_SUCCESS) {
        print_ssl_error("SSL_set_session", ssl, 0);
    } else if (write_early(ssl, msg) != 0) {
        /* Nothing was negotiated: just drop the connection. */
    } else if ((ret = SSL_connect(ssl)) != SSL_SUCCESS) {
        print_ssl_error("SSL_connect", ssl, ret);
    } else {
        printf("Connected with %s, session %s\n", SSL_get_version(ssl),
               SSL_session_reused(ssl) ? "resumed" : "not resumed");
        failed = report_early(ssl, msg) != 0;
        close_connection(ssl, fd, NULL);
        return failed;
    }
    SSL_free(ssl);
    close(fd);
    return failed;
}

int main(int argc, char **argv)
{
    struct options opts;
    SSL_SESSION *sess;
    SSL_CTX *ctx;
    int ret;

    if (parse_options(argc, argv, &opts) != 0) {
        usage(argv[0]);
        return 2;
    }
    /* Tests read our output through a pipe: one line, one write. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* A server that goes away mid-write should give an error message and
     * exit code 1, not a silent death by SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    if (SSL_library_init() != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to initialize the library\n");
        return 1;
    }
    if ((ctx = new_client_ctx(&opts)) == NULL)
        return 1;
    ret = 1;
    if ((sess = first_session(ctx, &opts)) != NULL) {
        ret = early_session(ctx, &opts, sess);
        SSL_SESSION_free(sess);
    }
    SSL_CTX_free(ctx);
    return ret;
}
