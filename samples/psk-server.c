/*
 * psk-server.c -- a TLS echo server authenticating clients by a pre-shared
 * key, written only against the OpenSSL API.
 *
 * The server of the TLS 1.3 textbook's PSK client/server pair, as a kumassl
 * sample.  It builds unchanged against kumassl or the real OpenSSL:
 *
 *     cc -Wall -Wextra psk-server.c -o psk-server -lssl -lcrypto
 *
 * usage: psk-server [-p port] [-k hexkey]
 *
 *   -p port   TCP port to listen on (default 11111).  0 picks a free port.
 *   -k hex    the pre-shared key in hexadecimal (default 1a2b3c4d, the
 *             OpenSSL manual's example; a real key is 16+ random bytes)
 *
 * It knows one client identity, "Client_identity" (psk-client's, and
 * `openssl s_client -psk KEY`'s default).  It has no certificate: only a
 * client that knows the key gets a session.  With OpenSSL the handshake is
 * TLS 1.3 with an external PSK, or TLS 1.2 with a PSK cipher suite.
 *
 * Once listening it prints "Listening on port N" (so a script can use -p 0).
 * It then serves one client at a time: each message received is printed as
 * "Client: <msg>" and sent back as the reply line.  "break" closes that
 * client's session, "shutdown" ends the server (exit 0).  A client that fails
 * the handshake ends only its own session -- unless the library reports PSK
 * as unsupported (ERR_R_UNSUPPORTED, as a library without PSK does): then no client
 * could ever be served, so the server prints the error queue and exits 1.
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
#define DEFAULT_KEY "1a2b3c4d"
#define PSK_IDENTITY "Client_identity"
#define MAX_KEY_LEN 64
#define MSG_SIZE 1024

struct options {
    int port;
    const char *key_hex;
};

/* What a session ended with: the server goes on unless told to shut down,
 * or unless the library cannot do PSK at all. */
enum session_end { SESSION_LOST, SESSION_BREAK, SESSION_SHUTDOWN, SESSION_UNSUPPORTED };

/* The key, decoded once in main(): the PSK callback has no argument of its
 * own to carry it in. */
static unsigned char psk_key[MAX_KEY_LEN];
static unsigned int psk_key_len;

static void usage(const char *prog)
{
    fprintf(stderr,
            "usage: %s [-p port] [-k hexkey]\n"
            "  -p port   port to listen on (default %d, 0 = any free port)\n"
            "  -k hex    pre-shared key in hexadecimal (default %s)\n",
            prog, DEFAULT_PORT, DEFAULT_KEY);
}

/* Fills opts from argv; returns 0, or -1 on a bad command line. */
static int parse_options(int argc, char **argv, struct options *opts)
{
    int i;

    opts->port = DEFAULT_PORT;
    opts->key_hex = DEFAULT_KEY;
    for (i = 1; i < argc; i++) {
        const char *opt = argv[i];

        if (i + 1 >= argc || opt[0] != '-' || opt[1] == '\0' || opt[2] != '\0')
            return -1;
        switch (opt[1]) {
        case 'p': opts->port = atoi(argv[++i]); break;
        case 'k': opts->key_hex = argv[++i]; break;
        default: return -1;
        }
    }
    return opts->port < 0 || opts->port > 65535 ? -1 : 0;
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
 * Looks up the key of the identity the client sent (TLS 1.2: in its
 * ClientKeyExchange; TLS 1.3: in its ClientHello's pre_shared_key).
 * Returns the key's length, or 0 for an unknown identity, which fails the
 * handshake (TLS 1.3 goes on to a certificate handshake, which we cannot
 * do without a certificate).
 */
static unsigned int psk_server_cb(SSL *ssl, const char *identity,
                                  unsigned char *psk, unsigned int max_psk_len)
{
    (void)ssl;
    if (identity == NULL || strcmp(identity, PSK_IDENTITY) != 0) {
        printf("Unknown PSK identity \"%s\"\n", identity != NULL ? identity : "");
        return 0;
    }
    if (psk_key_len > max_psk_len)
        return 0;
    printf("PSK identity: %s\n", identity);
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

/* The server's SSL_CTX, set up for PSK only, or NULL. */
static SSL_CTX *new_server_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(SSLv23_server_method());

    if (ctx == NULL) {
        fprintf(stderr, "ERROR: failed to create the SSL context\n");
        ERR_print_errors_fp(stderr);
        return NULL;
    }
    SSL_CTX_set_psk_server_callback(ctx, psk_server_cb);
    /* TLS 1.2 needs a PSK cipher suite (TLS 1.3's suites all work with a
     * PSK).  A library with none selects nothing here: go on, so that the
     * handshake tells what it lacks. */
    if (SSL_CTX_set_cipher_list(ctx, "PSK") != SSL_SUCCESS) {
        printf("Note: this library has no TLS 1.2 PSK cipher suites\n");
        ERR_clear_error();
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

/* A failed handshake: the client's fault ends its session only, but a
 * library that does not support what we asked for fails every client. */
static enum session_end handshake_failed(SSL *ssl, int ret)
{
    int unsupported = ERR_GET_REASON(ERR_peek_error()) == ERR_R_UNSUPPORTED;

    print_ssl_error("SSL_accept", ssl, ret);
    return unsupported ? SESSION_UNSUPPORTED : SESSION_LOST;
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
        end = handshake_failed(ssl, ret);
    } else {
        printf("Client connected with %s, cipher %s\n", SSL_get_version(ssl),
               SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)));
        end = echo_session(ssl);
    }
    /* After a fatal error OpenSSL forbids SSL_shutdown; otherwise say
     * close_notify so the client can tell the end from a truncation. */
    if (end == SESSION_BREAK || end == SESSION_SHUTDOWN)
        SSL_shutdown(ssl);
    SSL_free(ssl);
    return end;
}

/* Accepts clients one at a time until one sends "shutdown"; returns the
 * exit code. */
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
        if (end == SESSION_UNSUPPORTED) {
            fprintf(stderr, "ERROR: this TLS library cannot serve PSK clients\n");
            return 1;
        }
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
    if (set_key(opts.key_hex) != 0) {
        fprintf(stderr, "ERROR: the key must be 1 to %d bytes in hexadecimal\n",
                MAX_KEY_LEN);
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
    if ((ctx = new_server_ctx()) == NULL)
        return 1;
    if ((sockfd = listen_on(&opts.port)) == -1) {
        SSL_CTX_free(ctx);
        return 1;
    }
    printf("Listening on port %d\n", opts.port);

    ret = serve(ctx, sockfd);
    printf("Server stopped\n");
    close(sockfd);
    SSL_CTX_free(ctx);
    return ret;
}
