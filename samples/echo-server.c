/*
 * echo-server.c -- a TLS echo server written only against the OpenSSL API.
 *
 * The server of the TLS 1.3 textbook's chapter 6.1 client/server pair, as a
 * kumassl sample.  It builds unchanged against kumassl or the real OpenSSL:
 *
 *     cc -Wall -Wextra echo-server.c -o echo-server -lssl -lcrypto
 *
 * usage: echo-server [-p port] [-c cert.pem] [-k key.pem]
 *
 *   -p port   TCP port to listen on (default 11111).  0 picks a free port.
 *   -c file   server certificate, PEM (default certs/server-cert.pem)
 *   -k file   server private key, PEM (default certs/server-key.pem)
 *
 * Once listening it prints "Listening on port N" (so a script can use -p 0).
 * It then serves one client at a time: each message received is printed as
 * "Client: <msg>" and sent back as the reply line.  Two messages are commands:
 * "break" closes that client's session, "shutdown" ends the server (exit 0).
 * A client that fails the handshake or disconnects ends only its own session.
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
#define SERVER_CERT_FILE "certs/server-cert.pem"
#define SERVER_KEY_FILE "certs/server-key.pem"
#define MSG_SIZE 1024

struct options {
    int port;
    const char *cert;
    const char *key;
};

/* What a session ended with: the server goes on unless told to shut down. */
enum session_end { SESSION_LOST, SESSION_BREAK, SESSION_SHUTDOWN };

static void usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [-p port] [-c cert.pem] [-k key.pem]\n"
            "  -p port   port to listen on (default %d, 0 = any free port)\n"
            "  -c file   server certificate, PEM (default %s)\n"
            "  -k file   server private key, PEM (default %s)\n",
            prog, DEFAULT_PORT, SERVER_CERT_FILE, SERVER_KEY_FILE);
}

/* Fills opts from argv; returns 0, or -1 on a bad command line. */
static int parse_options(int argc, char **argv, struct options *opts)
{
    int i;

    opts->port = DEFAULT_PORT;
    opts->cert = SERVER_CERT_FILE;
    opts->key = SERVER_KEY_FILE;
    for (i = 1; i < argc; i++) {
        const char *opt = argv[i];

        if (i + 1 >= argc || opt[0] != '-' || opt[1] == '\0' || opt[2] != '\0')
            return -1;
        switch (opt[1]) {
        case 'p': opts->port = atoi(argv[++i]); break;
        case 'c': opts->cert = argv[++i]; break;
        case 'k': opts->key = argv[++i]; break;
        default: return -1;
        }
    }
    return opts->port < 0 || opts->port > 65535 ? -1 : 0;
}

/* Reports a failed SSL_* call with the library's own reason strings. */
static void print_ssl_error(const char *what, SSL *ssl, int ret)
{
    int err = SSL_get_error(ssl, ret);  /* before the queue is emptied */
    unsigned long e;

    fprintf(stderr, "ERROR: %s failed (SSL_get_error %d)\n", what, err);
    while ((e = ERR_get_error()) != 0)
        fprintf(stderr, "  %s\n", ERR_error_string(e, NULL));
}

/* The server's SSL_CTX with its certificate and key, or NULL. */
static SSL_CTX *new_server_ctx(const struct options *opts)
{
    SSL_CTX *ctx = SSL_CTX_new(SSLv23_server_method());

    if (ctx == NULL) {
        fprintf(stderr, "ERROR: failed to create the SSL context\n");
        ERR_print_errors_fp(stderr);
        return NULL;
    }
    if (SSL_CTX_use_certificate_file(ctx, opts->cert, SSL_FILETYPE_PEM)
            != SSL_SUCCESS
        || SSL_CTX_use_PrivateKey_file(ctx, opts->key, SSL_FILETYPE_PEM)
            != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to load %s / %s\n", opts->cert, opts->key);
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
    /* Restarting the server must not wait for old connections' TIME_WAIT. */
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

/* Answers one message: the reply line is the message itself. */
static int send_reply(SSL *ssl, const char *msg)
{
    char reply[MSG_SIZE + 2];
    int len = snprintf(reply, sizeof(reply), "%s\n", msg);
    int ret = SSL_write(ssl, reply, len);

    if (ret != len) {
        print_ssl_error("SSL_write", ssl, ret);
        return -1;
    }
    return 0;
}

/* Exchanges messages with a connected client until the session ends. */
static enum session_end echo_session(SSL *ssl)
{
    char msg[MSG_SIZE + 1];
    int ret;

    for (;;) {
        ret = SSL_read(ssl, msg, MSG_SIZE);
        if (ret <= 0) {
            if (SSL_get_error(ssl, ret) == SSL_ERROR_ZERO_RETURN) {
                printf("Client closed the connection\n");
                return SESSION_BREAK;  /* clean: answer its close_notify */
            }
            print_ssl_error("SSL_read", ssl, ret);
            return SESSION_LOST;
        }
        msg[ret] = '\0';
        chomp(msg);
        printf("Client: %s\n", msg);
        if (strcmp(msg, "shutdown") == 0) {
            printf("Shutdown command received\n");
            return SESSION_SHUTDOWN;
        }
        if (strcmp(msg, "break") == 0) {
            printf("Closing this session\n");
            return SESSION_BREAK;
        }
        if (send_reply(ssl, msg) != 0)
            return SESSION_LOST;
    }
}

/* Runs the TLS session of one accepted connection. */
static enum session_end serve_client(SSL_CTX *ctx, int connd)
{
    enum session_end end = SESSION_LOST;
    SSL *ssl = SSL_new(ctx);
    int ret;

    if (ssl == NULL) {
        fprintf(stderr, "ERROR: failed to create the SSL object\n");
        ERR_print_errors_fp(stderr);
        return SESSION_LOST;
    }
    if (SSL_set_fd(ssl, connd) != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to attach the socket\n");
    } else if ((ret = SSL_accept(ssl)) != SSL_SUCCESS) {
        print_ssl_error("SSL_accept", ssl, ret);
    } else {
        printf("Client connected\n");
        end = echo_session(ssl);
    }
    /* After a fatal error OpenSSL forbids SSL_shutdown; otherwise say
     * close_notify so the client can tell the end from a truncation. */
    if (end != SESSION_LOST)
        SSL_shutdown(ssl);
    SSL_free(ssl);
    return end;
}

/* Accepts clients one at a time until one sends "shutdown". */
static int serve(SSL_CTX *ctx, int sockfd)
{
    for (;;) {
        int connd = accept(sockfd, NULL, NULL);
        enum session_end end;

        if (connd == -1) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            perror("accept");
            return 1;
        }
        end = serve_client(ctx, connd);
        close(connd);
        if (end == SESSION_SHUTDOWN)
            return 0;
        printf("Waiting for the next client\n");
    }
}

int main(int argc, char **argv)
{
    struct options opts;
    SSL_CTX *ctx;
    int sockfd;
    int ret;

    if (parse_options(argc, argv, &opts) != 0) {
        usage(argv[0]);
        return 2;
    }
    /* Tests read our output through a pipe: one line, one write. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* A client that vanishes mid-write must cost its session, not the server. */
    signal(SIGPIPE, SIG_IGN);

    if (SSL_library_init() != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to initialize the library\n");
        return 1;
    }
    if ((ctx = new_server_ctx(&opts)) == NULL)
        return 1;
    if ((sockfd = listen_on(&opts.port)) == -1) {
        SSL_CTX_free(ctx);
        return 1;
    }
    printf("Listening on port %d\n", opts.port);

    ret = serve(ctx, sockfd);
    printf("Shutdown complete\n");
    close(sockfd);
    SSL_CTX_free(ctx);
    return ret;
}
