/*
 * session-client.c -- a TLS client that saves its session for a later
 * resumption, written only against the OpenSSL API.
 *
 * The first half of the TLS 1.3 textbook's chapter 6 resumption pair, as a
 * kumassl sample (resume-client is the second half).  It builds unchanged
 * against kumassl or the real OpenSSL:
 *
 *     cc -Wall -Wextra session-client.c -o session-client -lssl -lcrypto
 *
 * usage: session-client [host] [-p port] [-A ca.pem] [-s session-file]
 *
 *   host      server address or name (default 127.0.0.1)
 *   -p port   server port (default 11111)
 *   -A file   CA certificate(s) the server must chain to, PEM
 *             (default certs/ca-cert.pem)
 *   -s file   where to save the session (default session.bin)
 *
 * It makes a full handshake, verifying the server, then sends each line of
 * standard input and prints the server's answer as "Server: ...".  The line
 * "break" is sent (the sample server closes the session on it) and then the
 * session is written to the session file in DER (i2d_SSL_SESSION) and the
 * client ends, printing "Session saved to <file> (<n> bytes)".  The line
 * "shutdown" is sent and ends the client without saving; so does end of
 * input.  Exit code 0 means every exchange (and the save) succeeded.
 *
 * With TLS 1.2 the server remembers the session under its id, known from
 * the handshake on.  (A TLS 1.3 server sends its tickets after the
 * handshake: the session is worth saving only once an answer has been read,
 * which brings them along.)
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
#define SESSION_FILE "session.bin"
#define MSG_SIZE 1024

struct options {
    const char *host;
    const char *port;
    const char *ca;
    const char *session_file;
};

/* Where the conversation stands after each step. */
enum chat_state { CHAT_CONTINUE, CHAT_FAILED, CHAT_DONE, CHAT_SHUTDOWN };

static void usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [host] [-p port] [-A ca.pem] [-s session-file]\n"
            "  host      server to connect to (default %s)\n"
            "  -p port   server port (default %s)\n"
            "  -A file   CA certificate to verify the server with (default %s)\n"
            "  -s file   where \"break\" saves the session (default %s)\n",
            prog, DEFAULT_HOST, DEFAULT_PORT, CA_CERT_FILE, SESSION_FILE);
}

/* Fills opts from argv; returns 0, or -1 on a bad command line. */
static int parse_options(int argc, char **argv, struct options *opts)
{
    int i;

    opts->host = DEFAULT_HOST;
    opts->port = DEFAULT_PORT;
    opts->ca = CA_CERT_FILE;
    opts->session_file = SESSION_FILE;
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
        case 's': opts->session_file = argv[++i]; break;
        default: return -1;
        }
    }
    return 0;
}

/* Reports a failed SSL_* call with the library's own reason strings
 * (a failed verification reads "... certificate verify failed"). */
static void print_ssl_error(const char *what, SSL *ssl, int ret)
{
    int err = SSL_get_error(ssl, ret);  /* before the queue is emptied */
    unsigned long e;

    fprintf(stderr, "ERROR: %s failed (SSL_get_error %d)\n", what, err);
    while ((e = ERR_get_error()) != 0)
        fprintf(stderr, "  %s\n", ERR_error_string(e, NULL));
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

/* The session in DER, malloc'd, its length in *len; or NULL. */
static unsigned char *session_to_der(SSL_SESSION *sess, int *len)
{
    unsigned char *der, *p;

    /* Asked twice, as OpenSSL's i2d functions expect: first the length,
     * then the encoding into a buffer of that size (which moves p on). */
    if ((*len = i2d_SSL_SESSION(sess, NULL)) <= 0)
        return NULL;
    if ((der = malloc((size_t)*len)) == NULL)
        return NULL;
    p = der;
    if (i2d_SSL_SESSION(sess, &p) != *len) {
        free(der);
        return NULL;
    }
    return der;
}

/* Writes len bytes of data to a new file at path; returns 0 or -1. */
static int write_file(const char *path, const unsigned char *data, int len)
{
    FILE *fp = fopen(path, "wb");
    int ok;

    if (fp == NULL) {
        perror(path);
        return -1;
    }
    ok = fwrite(data, 1, (size_t)len, fp) == (size_t)len;
    if (fclose(fp) != 0 || !ok) {
        perror(path);
        return -1;
    }
    return 0;
}

/* Saves ssl's session to path; returns 0 or -1. */
static int save_session(SSL *ssl, const char *path)
{
    /* SSL_get1_session gives a reference of our own, freed below.  (The
     * textbook frees what SSL_get_session returned instead: under OpenSSL
     * that pointer belongs to the SSL, and freeing it is a double free.) */
    SSL_SESSION *sess = SSL_get1_session(ssl);
    unsigned char *der = NULL;
    int len = 0;
    int ret = -1;

    if (sess == NULL)
        fprintf(stderr, "ERROR: the connection has no session\n");
    else if ((der = session_to_der(sess, &len)) == NULL)
        fprintf(stderr, "ERROR: i2d_SSL_SESSION failed\n");
    else if ((ret = write_file(path, der, len)) == 0)
        printf("Session saved to %s (%d bytes)\n", path, len);
    free(der);
    SSL_SESSION_free(sess);
    return ret;
}

/* Receives and prints the server's answer to one message. */
static enum chat_state print_reply(SSL *ssl)
{
    char reply[MSG_SIZE + 1];
    int ret = SSL_read(ssl, reply, MSG_SIZE);

    if (ret <= 0) {
        if (SSL_get_error(ssl, ret) == SSL_ERROR_ZERO_RETURN) {
            printf("Server closed the connection\n");
            return CHAT_DONE;
        }
        print_ssl_error("SSL_read", ssl, ret);
        return CHAT_FAILED;
    }
    reply[ret] = '\0';
    /* The reply carries its own line ending (or does not, from s_server). */
    printf("Server: %s%s", reply, reply[ret - 1] == '\n' ? "" : "\n");
    return CHAT_CONTINUE;
}

/* What a line just sent asks for: the end of the chat, or an answer. */
static enum chat_state after_sending(SSL *ssl, const char *msg, const char *session_file)
{
    if (strcmp(msg, "shutdown\n") == 0 || strcmp(msg, "shutdown") == 0) {
        printf("Sent the server shutdown command\n");
        return CHAT_SHUTDOWN;
    }
    if (strcmp(msg, "break\n") == 0 || strcmp(msg, "break") == 0)
        return save_session(ssl, session_file) == 0 ? CHAT_DONE : CHAT_FAILED;
    return print_reply(ssl);
}

/* Sends standard input line by line, printing each answer. */
static enum chat_state chat(SSL *ssl, const char *session_file)
{
    char msg[MSG_SIZE];
    int interactive = isatty(STDIN_FILENO);
    enum chat_state state;

    for (;;) {
        int len, ret;

        if (interactive)
            printf("Message for server: ");
        fflush(stdout);
        if (fgets(msg, sizeof(msg), stdin) == NULL)
            return CHAT_DONE;
        len = (int)strlen(msg);
        if ((ret = SSL_write(ssl, msg, len)) != len) {
            print_ssl_error("SSL_write", ssl, ret);
            return CHAT_FAILED;
        }
        if ((state = after_sending(ssl, msg, session_file)) != CHAT_CONTINUE)
            return state;
    }
}

/* Runs one TLS session over the connected socket; returns the exit code. */
static int run_session(SSL_CTX *ctx, int sockfd, const char *session_file)
{
    enum chat_state end = CHAT_FAILED;
    SSL *ssl = SSL_new(ctx);
    int ret;

    if (ssl == NULL) {
        fprintf(stderr, "ERROR: failed to create the SSL object\n");
        ERR_print_errors_fp(stderr);
        return 1;
    }
    if (SSL_set_fd(ssl, sockfd) != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to attach the socket\n");
    } else if ((ret = SSL_connect(ssl)) != SSL_SUCCESS) {
        print_ssl_error("SSL_connect", ssl, ret);
    } else {
        end = chat(ssl, session_file);
    }
    /* close_notify also tells an OpenSSL server the session ended well, so
     * that it keeps the session in its cache. */
    if (end != CHAT_FAILED && SSL_shutdown(ssl) == 0 && end == CHAT_SHUTDOWN) {
        /* Wait for the server's close_notify, so that our last message is
         * not overtaken by a reset for data left unread. */
        SSL_shutdown(ssl);
    }
    SSL_free(ssl);
    return end == CHAT_FAILED;
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
    /* A server that goes away mid-write should give an error message and
     * exit code 1, not a silent death by SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    if (SSL_library_init() != SSL_SUCCESS) {
        fprintf(stderr, "ERROR: failed to initialize the library\n");
        return 1;
    }
    if ((ctx = new_client_ctx(&opts)) == NULL)
        return 1;
    if ((sockfd = connect_to(opts.host, opts.port)) == -1) {
        SSL_CTX_free(ctx);
        return 1;
    }
    ret = run_session(ctx, sockfd, opts.session_file);
    close(sockfd);
    SSL_CTX_free(ctx);
    return ret;
}
