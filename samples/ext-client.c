/*
 * ext-client.c -- a TLS client that chooses its protocol parameters and
 * extensions, written only against the OpenSSL API.
 *
 * The TLS 1.3 textbook's chapter 6 "tls-ext" client, as a kumassl sample.
 * It builds unchanged against kumassl or the real OpenSSL:
 *
 *     cc -Wall -Wextra ext-client.c -o ext-client -lssl -lcrypto
 *
 * usage: ext-client [host] [-p port] [-A ca.pem] [-n name] [-m bytes]
 *
 *   host      server address or name (default 127.0.0.1)
 *   -p port   server port (default 11111)
 *   -A file   CA certificate(s) the server must chain to, PEM
 *             (default certs/ca-cert.pem)
 *   -n name   host name sent in the server_name extension (SNI)
 *             (default localhost)
 *   -m bytes  ask the server for records of at most 512, 1024, 2048 or
 *             4096 bytes (max_fragment_length); default: do not ask
 *
 * Before connecting it limits the connection to TLS 1.2 at most, to the
 * cipher suites in CIPHER_LIST, to the key exchange groups in GROUP_LIST (the
 * supported_groups extension offers exactly these) and to the signature
 * algorithms in SIGALG_LIST.  Each setter returns 1 on success; any other
 * value ends the program with exit code 1.  After the handshake it prints
 * the negotiated protocol and cipher suite as
 * "Connected with <version>, cipher <suite>", then talks as echo-client
 * does: each line of standard input is sent and the server's answer printed
 * as "Server: ...", "shutdown" is sent without waiting for an answer and
 * ends the client, and so does end of input.  Exit code 0 means every
 * exchange succeeded.
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
#define DEFAULT_SNI "localhost"
#define CA_CERT_FILE "certs/ca-cert.pem"
#define MSG_SIZE 1024

/* ECDHE with AES-GCM only, for RSA and ECDSA server keys alike: with no
 * other key exchange on offer, a server that shares none of GROUP_LIST
 * cannot complete the handshake (which is how the groups can be tested). */
#define CIPHER_LIST "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:" \
                    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384"
#define GROUP_LIST "P-521:P-384:P-256"
#define SIGALG_LIST "ECDSA+SHA256:ECDSA+SHA384:RSA+SHA256:RSA+SHA384"

struct options {
    const char *host;
    const char *port;
    const char *ca;
    const char *sni;
    int max_frag_mode;  /* a TLSEXT_max_fragment_length_* value */
};

/* Where the conversation stands after each step. */
enum chat_state { CHAT_CONTINUE, CHAT_FAILED, CHAT_DONE, CHAT_SHUTDOWN };

static void usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [host] [-p port] [-A ca.pem] [-n name] [-m bytes]\n"
            "  host      server to connect to (default %s)\n"
            "  -p port   server port (default %s)\n"
            "  -A file   CA certificate to verify the server with (default %s)\n"
            "  -n name   server name to send (SNI, default %s)\n"
            "  -m bytes  maximum record size to ask for: 512, 1024, 2048 or 4096\n",
            prog, DEFAULT_HOST, DEFAULT_PORT, CA_CERT_FILE, DEFAULT_SNI);
}

/* The TLSEXT_max_fragment_length_* mode for a record size, or -1. */
static int max_frag_mode(const char *bytes)
{
    static const struct { const char *size; int mode; } modes[] = {
        { "512", TLSEXT_max_fragment_length_512 },
        { "1024", TLSEXT_max_fragment_length_1024 },
        { "2048", TLSEXT_max_fragment_length_2048 },
        { "4096", TLSEXT_max_fragment_length_4096 },
    };
    size_t i;

    for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        if (strcmp(bytes, modes[i].size) == 0)
            return modes[i].mode;
    }
    return -1;
}

/* Fills opts from argv; returns 0, or -1 on a bad command line. */
static int parse_options(int argc, char **argv, struct options *opts)
{
    int i;

    opts->host = DEFAULT_HOST;
    opts->port = DEFAULT_PORT;
    opts->ca = CA_CERT_FILE;
    opts->sni = DEFAULT_SNI;
    opts->max_frag_mode = TLSEXT_max_fragment_length_DISABLED;
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
        case 'n': opts->sni = argv[++i]; break;
        case 'm':
            if ((opts->max_frag_mode = max_frag_mode(argv[++i])) < 0)
                return -1;
            break;
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

/* Checks the result of a setter that returns 1 on success; on anything
 * else prints what failed with the library's reasons.  Returns 0 or -1. */
static int check_set(long ret, const char *what)
{
    if (ret == 1)
        return 0;
    fprintf(stderr, "ERROR: %s returned %ld\n", what, ret);
    ERR_print_errors_fp(stderr);
    return -1;
}

/* Narrows what ctx offers: TLS 1.2 at most, the listed suites, groups and
 * signature algorithms.  Returns 0, or -1 if one of them is refused. */
static int restrict_handshake(SSL_CTX *ctx)
{
    if (check_set(SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION),
                  "SSL_CTX_set_max_proto_version(TLS1_2_VERSION)") != 0)
        return -1;
    if (check_set(SSL_CTX_set_cipher_list(ctx, CIPHER_LIST),
                  "SSL_CTX_set_cipher_list(\"" CIPHER_LIST "\")") != 0)
        return -1;
    if (check_set(SSL_CTX_set1_groups_list(ctx, GROUP_LIST),
                  "SSL_CTX_set1_groups_list(\"" GROUP_LIST "\")") != 0)
        return -1;
    return check_set(SSL_CTX_set1_sigalgs_list(ctx, SIGALG_LIST),
                     "SSL_CTX_set1_sigalgs_list(\"" SIGALG_LIST "\")");
}

/* The client's SSL_CTX: verifies servers against the CA file and offers
 * only what restrict_handshake() allows; or NULL. */
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
    if (restrict_handshake(ctx) != 0) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* The per-connection extensions: SNI and, if asked for, the maximum
 * fragment length.  Returns 0, or -1 if one is refused. */
static int set_extensions(SSL *ssl, const struct options *opts)
{
    if (check_set(SSL_set_tlsext_host_name(ssl, opts->sni),
                  "SSL_set_tlsext_host_name") != 0)
        return -1;
    if (opts->max_frag_mode == TLSEXT_max_fragment_length_DISABLED)
        return 0;
    return check_set(SSL_set_tlsext_max_fragment_length(ssl, (uint8_t)opts->max_frag_mode),
                     "SSL_set_tlsext_max_fragment_length");
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

/* Handshakes and reports what was negotiated; returns 0 or -1. */
static int handshake(SSL *ssl)
{
    int ret = SSL_connect(ssl);

    if (ret != SSL_SUCCESS) {
        print_ssl_error("SSL_connect", ssl, ret);
        return -1;
    }
    printf("Connected with %s, cipher %s\n", SSL_get_version(ssl),
           SSL_get_cipher_name(ssl));
    return 0;
}

/* Runs one TLS session over the connected socket; returns the exit code. */
static int run_session(SSL_CTX *ctx, int sockfd, const struct options *opts)
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
    else if (set_extensions(ssl, opts) == 0 && handshake(ssl) == 0)
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
    ret = run_session(ctx, sockfd, &opts);
    close(sockfd);
    SSL_CTX_free(ctx);
    return ret;
}
