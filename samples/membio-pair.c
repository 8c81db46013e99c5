/*
 * membio-pair.c -- a TLS client and a TLS server in one process that never
 * touch a socket, written only against the OpenSSL API.
 *
 * Each SSL object reads from one memory BIO and writes to another
 * (SSL_set_bio).  The program itself is the network: it takes what one side
 * wrote (BIO_read on its write BIO) and gives it to the other (BIO_write on
 * its read BIO).  This is how programs with their own transport -- an event
 * library, a message queue, a test harness -- drive TLS.  With -p the two
 * sides are joined by a BIO pair (BIO_new_bio_pair) instead, which carries
 * the bytes by itself.
 *
 * Either way neither side ever blocks: an SSL call that needs bytes the
 * other side has not produced yet fails with SSL_ERROR_WANT_READ, and the
 * program lets the other side run.
 *
 * It builds unchanged against kumassl or the real OpenSSL:
 *
 *     cc -Wall -Wextra membio-pair.c -o membio-pair -lssl -lcrypto
 *
 * usage: membio-pair [-p] [ca.pem [cert.pem [key.pem]]]
 *   (defaults certs/ca-cert.pem, certs/server-cert.pem, certs/server-key.pem)
 */

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>

#include <stdio.h>
#include <string.h>

#define CA_FILE "certs/ca-cert.pem"
#define SERVER_CERT_FILE "certs/server-cert.pem"
#define SERVER_KEY_FILE "certs/server-key.pem"
#define SERVER_NAME "localhost"     /* the name in the test certificate */
/* Rounds of "each side runs, bytes move" a handshake may take. */
#define MAX_ROUNDS 32
#define MSG_SIZE 256

/* One end of the conversation. */
struct side {
    const char *name;
    SSL *ssl;
    BIO *rbio;      /* memory mode: where we put what the peer wrote */
    BIO *wbio;      /* memory mode: where the SSL leaves what it writes */
};

struct conversation {
    struct side client, server;
    int use_pair;
    long carried;   /* bytes moved by hand (memory mode) */
};

static const char *const messages[] = {
    "hello, server",
    "this travels through memory only",
    "goodbye",
};

static void usage(const char *prog)
{
    fprintf(stderr, "usage: %s [-p] [ca.pem [cert.pem [key.pem]]]\n"
                    "  -p   join the two sides with a BIO pair instead of memory BIOs\n",
            prog);
}

/* Moves everything from's SSL wrote to to's read BIO; -1 on failure.
 * Nothing to do with a BIO pair, which carries the bytes itself. */
static int carry(struct conversation *cv, struct side *from, struct side *to)
{
    char buf[4096];
    int n;

    if (cv->use_pair)
        return 0;
    while ((n = BIO_read(from->wbio, buf, sizeof(buf))) > 0) {
        if (BIO_write(to->rbio, buf, n) != n) {
            fprintf(stderr, "ERROR: could not pass bytes to the %s\n", to->name);
            return -1;
        }
        cv->carried += n;
    }
    return 0;
}

static void carry_both_ways(struct conversation *cv)
{
    carry(cv, &cv->client, &cv->server);
    carry(cv, &cv->server, &cv->client);
}

/* What a call on side s returned: 1 done, 0 must wait for the other
 * side, -1 failed (reported). */
static int outcome(struct side *s, const char *what, int ret)
{
    int err;

    if (ret > 0)
        return 1;
    err = SSL_get_error(s->ssl, ret);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
        return 0;
    fprintf(stderr, "ERROR: %s: %s failed (SSL_get_error %d)\n", s->name, what, err);
    ERR_print_errors_fp(stderr);
    return -1;
}

/* Memory BIOs for s: one to read from, one to write to. */
static int attach_memory_bios(struct side *s)
{
    s->rbio = BIO_new(BIO_s_mem());
    s->wbio = BIO_new(BIO_s_mem());
    if (s->rbio == NULL || s->wbio == NULL) {
        BIO_free(s->rbio);
        BIO_free(s->wbio);
        return -1;
    }
    SSL_set_bio(s->ssl, s->rbio, s->wbio);  /* the SSL owns them now */
    return 0;
}

/* Joins the two sides with the halves of a BIO pair. */
static int attach_bio_pair(struct conversation *cv)
{
    BIO *c, *s;

    if (!BIO_new_bio_pair(&c, 0, &s, 0))
        return -1;
    SSL_set_bio(cv->client.ssl, c, c);
    SSL_set_bio(cv->server.ssl, s, s);
    return 0;
}

static SSL_CTX *new_client_ctx(const char *ca)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    if (ctx == NULL || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
        fprintf(stderr, "ERROR: cannot load the CA certificate %s\n", ca);
        SSL_CTX_free(ctx);
        return NULL;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    return ctx;
}

static SSL_CTX *new_server_ctx(const char *cert, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    if (ctx == NULL
        || SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
        fprintf(stderr, "ERROR: cannot load %s / %s\n", cert, key);
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* Makes both SSL objects (the contexts go once the SSLs hold them). */
static int setup(struct conversation *cv, const char *ca, const char *cert, const char *key)
{
    SSL_CTX *cctx = new_client_ctx(ca);
    SSL_CTX *sctx = new_server_ctx(cert, key);
    int ok = cctx != NULL && sctx != NULL;

    cv->client.name = "client";
    cv->server.name = "server";
    if (ok) {
        cv->client.ssl = SSL_new(cctx);
        cv->server.ssl = SSL_new(sctx);
        ok = cv->client.ssl != NULL && cv->server.ssl != NULL
             && SSL_set1_host(cv->client.ssl, SERVER_NAME) == 1;
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    if (ok && cv->use_pair)
        ok = attach_bio_pair(cv) == 0;
    else if (ok)
        ok = attach_memory_bios(&cv->client) == 0 && attach_memory_bios(&cv->server) == 0;
    if (!ok)
        ERR_print_errors_fp(stderr);
    return ok ? 0 : -1;
}

/* Lets both sides run, passing bytes between them, until both are done. */
static int handshake(struct conversation *cv)
{
    int client_done = 0, server_done = 0, round;

    SSL_set_connect_state(cv->client.ssl);
    SSL_set_accept_state(cv->server.ssl);
    for (round = 0; round < MAX_ROUNDS && !(client_done && server_done); round++) {
        if (!client_done
            && (client_done = outcome(&cv->client, "handshake",
                                      SSL_do_handshake(cv->client.ssl))) < 0)
            return -1;
        if (!server_done
            && (server_done = outcome(&cv->server, "handshake",
                                      SSL_do_handshake(cv->server.ssl))) < 0)
            return -1;
        carry_both_ways(cv);
    }
    if (!(client_done && server_done)) {
        fprintf(stderr, "ERROR: the handshake did not finish in %d rounds\n", MAX_ROUNDS);
        return -1;
    }
    printf("Handshake done: %s, %s, server certificate %s\n",
           SSL_get_version(cv->client.ssl), SSL_get_cipher(cv->client.ssl),
           SSL_get_verify_result(cv->client.ssl) == X509_V_OK ? "verified" : "NOT verified");
    return 0;
}

/* Sends text from one side and reads it on the other, printing both. */
static int deliver(struct conversation *cv, struct side *from, struct side *to,
                   const char *text)
{
    char buf[MSG_SIZE + 1];
    int len = (int)strlen(text);
    int n;

    if (outcome(from, "SSL_write", SSL_write(from->ssl, text, len)) != 1)
        return -1;
    printf("%s sent: %s\n", from->name, text);
    carry(cv, from, to);
    if (outcome(to, "SSL_read", n = SSL_read(to->ssl, buf, MSG_SIZE)) != 1)
        return -1;
    buf[n] = '\0';
    printf("%s received: %s\n", to->name, buf);
    return n == len && memcmp(buf, text, (size_t)len) == 0 ? 0 : -1;
}

/* Each message goes to the server, and its answer back to the client. */
static int exchange(struct conversation *cv)
{
    char reply[MSG_SIZE];
    size_t i;

    for (i = 0; i < sizeof(messages) / sizeof(messages[0]); i++) {
        snprintf(reply, sizeof(reply), "got \"%s\"", messages[i]);
        if (deliver(cv, &cv->client, &cv->server, messages[i]) != 0
            || deliver(cv, &cv->server, &cv->client, reply) != 0)
            return -1;
    }
    return 0;
}

/* close_notify both ways: the client says it, the server sees the end of
 * the stream and answers, the client sees the answer. */
static int shut_down(struct conversation *cv)
{
    char buf[16];
    int ret;

    if (SSL_shutdown(cv->client.ssl) < 0)
        return outcome(&cv->client, "SSL_shutdown", -1);
    carry(cv, &cv->client, &cv->server);
    ret = SSL_read(cv->server.ssl, buf, sizeof(buf));
    if (ret != 0 || SSL_get_error(cv->server.ssl, ret) != SSL_ERROR_ZERO_RETURN) {
        fprintf(stderr, "ERROR: the server did not see the client's close_notify\n");
        return -1;
    }
    if (outcome(&cv->server, "SSL_shutdown", SSL_shutdown(cv->server.ssl)) != 1)
        return -1;
    carry(cv, &cv->server, &cv->client);
    if (outcome(&cv->client, "SSL_shutdown", SSL_shutdown(cv->client.ssl)) != 1)
        return -1;
    printf("Clean shutdown on both sides\n");
    return 0;
}

int main(int argc, char **argv)
{
    struct conversation cv;
    const char *files[3] = { CA_FILE, SERVER_CERT_FILE, SERVER_KEY_FILE };
    int i = 1, f, ret = 1;

    memset(&cv, 0, sizeof(cv));
    if (argc > 1 && strcmp(argv[1], "-p") == 0) {
        cv.use_pair = 1;
        i++;
    }
    if (argc - i > 3 || (i < argc && argv[i][0] == '-')) {
        usage(argv[0]);
        return 2;
    }
    for (f = 0; i < argc; f++, i++)
        files[f] = argv[i];
    printf("Transport: %s\n", cv.use_pair ? "a BIO pair" : "memory BIOs, carried by hand");

    if (setup(&cv, files[0], files[1], files[2]) == 0
        && handshake(&cv) == 0 && exchange(&cv) == 0 && shut_down(&cv) == 0) {
        if (!cv.use_pair)
            printf("%ld bytes carried between the two sides\n", cv.carried);
        ret = 0;
    }
    SSL_free(cv.client.ssl);
    SSL_free(cv.server.ssl);
    return ret;
}
