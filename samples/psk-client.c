/*
 * psk-client.c -- a TLS client authenticated by a pre-shared key, written
 * only against the OpenSSL API.
 *
 * The client of the TLS 1.3 textbook's PSK client/server pair, as a kumassl
 * sample.  It builds unchanged against kumassl or the real OpenSSL:
 *
 *     cc -Wall -Wextra psk-client.c -o psk-client -lssl -lcrypto
 *
 * usage: psk-client [host] [-p port] [-k hexkey]
 *
 *   host      server address or name (default 127.0.0.1)
 *   -p port   server port (default 11111)
 *   -k hex    the pre-shared key in hexadecimal (default 1a2b3c4d, the
 *             OpenSSL manual's example; a real key is 16+ random bytes)
 *
 * The identity is "Client_identity", which `openssl s_server -psk KEY
 * -nocert` expects by default, so s_server is a peer as good as psk-server.
 * No certificate is involved: both sides prove that they know the key.  With
 * OpenSSL the handshake is TLS 1.3 with an external PSK (the same callback
 * serves both versions), or TLS 1.2 with a PSK cipher suite.
 *
 * Once connected it prints "Connected with <version>, cipher <name>", then
 * sends each line read from standard input and prints the answer as
 * "Server: ...".  "shutdown" and "break" are sent without waiting for an
 * answer and end the client (psk-server ends, or closes the session).  End
 * of input ends the client too.  Exit code 0 means every exchange succeeded;
 * 1 an error, with the library's error queue printed: a library without
 * PSK support fails the handshake with an error naming it.  kumassl does
 * PSK in TLS 1.3 only (BearSSL has no TLS 1.2 PSK suites).
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
#define DEFAULT_KEY "1a2b3c4d"
#define PSK_IDENTITY "Client_identity"
#define MAX_KEY_LEN 64
#define MSG_SIZE 1024

struct options {
    const char *host;
    const char *port;
    const char *key_hex;
};

/* Where the conversation stands after each step. */
enum chat_state { CHAT_CONTINUE, CHAT_FAILED, CHAT_DONE, CHAT_END };

/* The key, decoded once in main(): the PSK callback has no argument of its
 * own to carry it in. */
static unsigned char psk_key[MAX_KEY_LEN];
static unsigned int psk_key_len;

static void usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [host] [-p port] [-k hexkey]\n"
            "  host      server to connect to (default %s)\n"
            "  -p port   server port (default %s)\n"
            "  -k hex    pre-shared key in hexadecimal (default %s)\n",
            prog, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_KEY);
}

/* Fills opts from argv; returns 0, or -1 on a bad command line. */
static int parse_options(int argc, char **argv, struct options *opts)
{
    int i;

    opts->host = DEFAULT_HOST;
    opts->port = DEFAULT_PORT;
    opts->key_hex = DEFAULT_KEY;
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
        case 'k': opts->key_hex = argv[++i]; break;
        default: return -1;
        }
    }
    return 0;
}

/* The value of hex digit c, or -1. */
static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes hex (an even number of digits, 1 to MAX_KEY_LEN bytes) into
 * psk_key; returns 0, or -1 if it is no such key. */
static int set_key(const char *hex)
{
    size_t i, n = strlen(hex);

    if (n == 0 || n % 2 != 0 || n / 2 > MAX_KEY_LEN)
        return -1;
    for (i = 0; i < n; i += 2) {
        int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);

        if (hi < 0 || lo < 0)
            return -1;
        psk_key[i / 2] = (unsigned char)(hi << 4 | lo);
    }
    psk_key_len = (unsigned int)(n / 2);
    return 0;
}

/*
 * Gives the library our identity and key.  TLS 1.2 calls it once the
 * server has chosen a PSK suite (hint: the server's identity hint, if it
 * sent one); TLS 1.3 before the ClientHello, with no hint.  Returns the
 * key's length, or 0 to abort the handshake.
 */
static unsigned int psk_client_cb(SSL *ssl, const char *hint, char *identity,
                                  unsigned int max_identity_len,
                                  unsigned char *psk, unsigned int max_psk_len)
{
    (void)ssl;
    (void)hint;
    /* Counting the NUL as well fits whichever way a library counts. */
    if (strlen(PSK_IDENTITY) + 1 > max_identity_len || psk_key_len > max_psk_len)
        return 0;
    memcpy(identity, PSK_IDENTITY, strlen(PSK_IDENTITY) + 1);
    memcpy(psk, psk_key, psk_key_len);
    return psk_key_len;
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

/* The client's SSL_CTX, set up for PSK only, or NULL. */
static SSL_CTX *new_client_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(SSLv23_client_method());

    if (ctx == NULL) {
        fprintf(stderr, "ERROR: failed to create the SSL context\n");
        ERR_print_errors_fp(stderr);
        return NULL;
    }
    SSL_CTX_set_psk_client_callback(ctx, psk_client_cb);
    /* TLS 1.2 needs a PSK cipher suite (TLS 1.3's suites all work with a
     * PSK).  A library with none selects nothing here: go on, so that the
     * handshake tells what it lacks. */
    if (SSL_CTX_set_cipher_list(ctx, "PSK") != SSL_SUCCESS) {
        printf("Note: this library has no TLS 1.2 PSK cipher suites\n");
        ERR_clear_error();
    }
    /* No CA is loaded: a server that answers with a certificate instead of
     * the key is refused. */
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
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
        if (strcmp(msg, "shutdown\n") == 0 || strcmp(msg, "break\n") == 0) {
            printf("Sent the server's %.*s command\n", len - 1, msg);
            return CHAT_END;
        }
        if ((state = print_reply(ssl)) != CHAT_CONTINUE)
            return state;
    }
}

/* Runs one TLS session over the connected socket; returns the exit code. */
static int run_session(SSL_CTX *ctx, int sockfd)
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
        printf("Connected with %s, cipher %s\n", SSL_get_version(ssl),
               SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)));
        end = chat(ssl);
    }
    if (end != CHAT_FAILED && SSL_shutdown(ssl) == 0 && end == CHAT_END) {
        /* Wait for the server's close_notify: closing with its data (such
         * as TLS 1.3 session tickets) unread would reset the connection,
         * and the reset could reach the server before our last message. */
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
    if (set_key(opts.key_hex) != 0) {
        fprintf(stderr, "ERROR: the key must be 1 to %d bytes in hexadecimal\n",
                MAX_KEY_LEN);
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
    if ((ctx = new_client_ctx()) == NULL)
        return 1;
    if ((sockfd = connect_to(opts.host, opts.port)) == -1) {
        SSL_CTX_free(ctx);
        return 1;
    }
    ret = run_session(ctx, sockfd);
    close(sockfd);
    SSL_CTX_free(ctx);
    return ret;
}
