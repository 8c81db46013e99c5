/*
 * resume-client.c -- a TLS client that resumes a saved session, written
 * only against the OpenSSL API.
 *
 * The second half of the TLS 1.3 textbook's chapter 6 resumption pair, as a
 * kumassl sample: it resumes the session session-client saved.  It builds
 * unchanged against kumassl or the real OpenSSL:
 *
 *     cc -Wall -Wextra resume-client.c -o resume-client -lssl -lcrypto
 *
 * usage: resume-client [host] [-p port] [-A ca.pem] [-s session-file]
 *
 *   host      server address or name (default 127.0.0.1)
 *   -p port   server port (default 11111)
 *   -A file   CA certificate(s) the server must chain to, PEM
 *             (default certs/ca-cert.pem)
 *   -s file   the saved session, DER (default session.bin)
 *
 * It reads the session file (d2i_SSL_SESSION) and offers that session when
 * it connects; a file that cannot be read or decoded ends the program with
 * exit code 1.  After the handshake it prints "Session resumed" if the
 * server accepted the session, or "Session not resumed" if the server made
 * a new one (it no longer knows the old one: restarted, expired, ...); the
 * connection is good either way.  Then it talks as echo-client does: each
 * line of standard input is sent and the server's answer printed as
 * "Server: ...", "shutdown" is sent without waiting for an answer and ends
 * the client, and so does end of input.  Exit code 0 means every exchange
 * succeeded.
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
/* Far more than a session with a certificate chain takes. */
#define SESSION_FILE_MAX (1024 * 1024)

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
            "  -s file   the session to resume (default %s)\n",
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
     * program means the same with both.  (A resumed handshake has no
     * certificate to verify: the session vouches for the server, and it
     * was verified when the session was made.) */
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

/* The whole file at path, malloc'd, its length in *len; or NULL. */
static unsigned char *read_file(const char *path, long *len)
{
    FILE *fp = fopen(path, "rb");
    unsigned char *data = NULL;

    if (fp == NULL) {
        perror(path);
        return NULL;
    }
    if (fseek(fp, 0, SEEK_END) == 0 && (*len = ftell(fp)) > 0
        && *len <= SESSION_FILE_MAX && fseek(fp, 0, SEEK_SET) == 0
        && (data = malloc((size_t)*len)) != NULL
        && fread(data, 1, (size_t)*len, fp) != (size_t)*len) {
        free(data);
        data = NULL;
    }
    if (data == NULL)
        fprintf(stderr, "ERROR: cannot read %s (empty, too large or unreadable)\n", path);
    fclose(fp);
    return data;
}

/* The session saved in path, or NULL. */
static SSL_SESSION *load_session(const char *path)
{
    long len = 0;
    unsigned char *der = read_file(path, &len);
    const unsigned char *p = der;
    SSL_SESSION *sess;

    if (der == NULL)
        return NULL;
    if ((sess = d2i_SSL_SESSION(NULL, &p, len)) == NULL) {
        fprintf(stderr, "ERROR: %s holds no session (d2i_SSL_SESSION failed)\n", path);
        ERR_print_errors_fp(stderr);
    }
    free(der);
    return sess;
}

/* Makes ssl offer sess for resumption; returns 0 or -1. */
static int offer_session(SSL *ssl, SSL_SESSION *sess)
{
    /* SSL_set_session takes a reference of its own: the caller still
     * frees sess. */
    if (SSL_set_session(ssl, sess) == SSL_SUCCESS)
        return 0;
    fprintf(stderr, "ERROR: SSL_set_session refused the saved session\n");
    ERR_print_errors_fp(stderr);
    return -1;
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

/* Sends standard input line by line, printing each answer. */
static enum chat_state chat(SSL *ssl)
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
        if (strcmp(msg, "shutdown\n") == 0 || strcmp(msg, "shutdown") == 0) {
            printf("Sent the server shutdown command\n");
            return CHAT_SHUTDOWN;
        }
        if ((state = print_reply(ssl)) != CHAT_CONTINUE)
            return state;
    }
}

/* Handshakes and says whether the saved session was resumed; 0 or -1. */
static int handshake(SSL *ssl)
{
    int ret = SSL_connect(ssl);

    if (ret != SSL_SUCCESS) {
        print_ssl_error("SSL_connect", ssl, ret);
        return -1;
    }
    printf("%s\n", SSL_session_reused(ssl) ? "Session resumed" : "Session not resumed");
    return 0;
}

/* Runs one TLS session over the connected socket; returns the exit code. */
static int run_session(SSL_CTX *ctx, int sockfd, SSL_SESSION *sess)
{
    enum chat_state end = CHAT_FAILED;
    SSL *ssl = SSL_new(ctx);

    if (ssl == NULL) {
        fprintf(stderr, "ERROR: failed to create the SSL object\n");
        ERR_print_errors_fp(stderr);
        return 1;
    }
    if (SSL_set_fd(ssl, sockfd) != SSL_SUCCESS)
        fprintf(stderr, "ERROR: failed to attach the socket\n");
    else if (offer_session(ssl, sess) == 0 && handshake(ssl) == 0)
        end = chat(ssl);
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
    SSL_SESSION *sess;
    SSL_CTX *ctx;
    int sockfd;
    int ret = 1;

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
    /* The session first: without it there is nothing to resume, and no
     * reason to bother the server. */
    if ((sess = load_session(opts.session_file)) == NULL)
        return 1;
    if ((ctx = new_client_ctx(&opts)) != NULL) {
        if ((sockfd = connect_to(opts.host, opts.port)) != -1) {
            ret = run_session(ctx, sockfd, sess);
            close(sockfd);
        }
        SSL_CTX_free(ctx);
    }
    SSL_SESSION_free(sess);
    return ret;
}
