/*
 * kumassl fuzzing: records the seed corpora in tests/fuzz/corpus/ from real
 * handshakes between a kumassl client and server over memory BIOs, one
 * TLS 1.2 (the default client, BearSSL's engine) and one TLS 1.3 (a
 * TLS-1.3-only client, kumassl's engine). Run from the source tree:
 * BUILDDIR/tests/fuzz/record_seeds tests/fuzz/corpus (built by `make fuzz`,
 * so with the fuzzing build's fixed random stream: restarted before each
 * side's first flight, as the harnesses restart it, the TLS 1.3 flights
 * decrypt again when replayed). The seeds in corpus/load were made once with
 * the openssl CLI (req, pkey, pkcs8, ec -aes128; password "fuzz"), each
 * prefixed with fuzz_load's selector byte; server/openssl-client-hello and
 * client/openssl-server-first-flight were captured from openssl s_client and
 * s_server on loopback.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz_common.h"

static const char *dir;

static void save(const char *name, const char *tag, int prefix,
                 const unsigned char *d, size_t n)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s%s", dir, name, tag);
    if ((f = fopen(path, "wb")) == NULL) {
        perror(path);
        exit(1);
    }
    if (prefix >= 0)
        fputc(prefix, f);
    fwrite(d, 1, n, f);
    fclose(f);
}

static size_t grab(BIO *b, unsigned char *buf, size_t cap)
{
    size_t n = 0;
    int r;

    while (n < cap && (r = BIO_read(b, buf + n, (int)(cap - n))) > 0)
        n += (size_t)r;
    return n;
}

static void save_session(SSL *c, const char *tag)
{
    SSL_SESSION *sess = SSL_get1_session(c);
    int n = sess != NULL ? i2d_SSL_SESSION(sess, NULL) : 0;
    unsigned char *der, *w;

    if (n <= 0) {
        fprintf(stderr, "no session\n");
        exit(1);
    }
    der = w = malloc((size_t)n);
    i2d_SSL_SESSION(sess, &w);
    save("session/client-session", tag, -1, der, (size_t)n);
    free(der);
    SSL_SESSION_free(sess);
}

/*
 * One handshake, its flights saved under names ending in tag; v13 is the
 * client_sel / record_sel are the selector bytes fuzz_client and fuzz_record
 * read (1 and 8 for a TLS 1.3 client).
 */
static void record(SSL_CTX *cctx, SSL_CTX *sctx, const char *tag, int client_sel, int record_sel)
{
    static unsigned char c1[20000], s1[20000], c2[4096], s2[4096], app[4096], both[24096];
    size_t nc1, ns1, nc2, ns2, napp;
    BIO *cin, *cout, *sin, *sout;
    SSL *c, *s;

    c = fuzz_ssl(cctx, &cin, &cout);
    s = fuzz_ssl(sctx, &sin, &sout);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    SSL_set_tlsext_host_name(c, "fuzz.example");

    kuma_fuzz_rand_reset();
    SSL_connect(c);                                 /* ClientHello */
    nc1 = grab(cout, c1, sizeof(c1));
    BIO_write(sin, c1, (int)nc1);
    kuma_fuzz_rand_reset();
    SSL_accept(s);                                  /* ServerHello ... */
    ns1 = grab(sout, s1, sizeof(s1));
    BIO_write(cin, s1, (int)ns1);
    SSL_connect(c);                                 /* the client's second flight */
    nc2 = grab(cout, c2, sizeof(c2));
    BIO_write(sin, c2, (int)nc2);
    SSL_accept(s);                                  /* Finished (1.2) or tickets (1.3) */
    ns2 = grab(sout, s2, sizeof(s2));
    BIO_write(cin, s2, (int)ns2);
    if (SSL_connect(c) != 1 || SSL_accept(s) != 1) {
        fprintf(stderr, "handshake %s failed\n", tag);
        exit(1);
    }
    if (nc1 == 0 || ns1 == 0 || nc2 == 0 || ns2 == 0) {
        fprintf(stderr, "nothing recorded\n");
        exit(1);
    }
    SSL_write(c, "hello", 5);
    SSL_shutdown(c);
    napp = grab(cout, app, sizeof(app));

    save("server/client-hello", tag, -1, c1, nc1);
    memcpy(both, c1, nc1);
    memcpy(both + nc1, c2, nc2);
    memcpy(both + nc1 + nc2, app, napp);
    save("server/client-flights-appdata", tag, -1, both, nc1 + nc2 + napp);
    save("server/client-both-flights", tag, -1, both, nc1 + nc2);
    save("client/server-first-flight", tag, client_sel, s1, ns1);
    memcpy(both, s1, ns1);
    memcpy(both + ns1, s2, ns2);
    save("client/server-both-flights", tag, client_sel, both, ns1 + ns2);
    save("record/raw-appdata-close", tag, record_sel | 0, app, napp);
    save("record/write-chunks", tag, record_sel | 1, (const unsigned char *)"\x01hello world\x00!", 15);
    save("record/xor-zero", tag, record_sel | 2, (const unsigned char *)"\0\0\0\0\0\0\0\0", 8);
    save("record/after-close", tag, record_sel | 3, app, napp);
    save_session(c, tag);
    SSL_free(c);
    SSL_free(s);
}

int main(int argc, char **argv)
{
    static const unsigned char alpn[] = "\x02h2\x08http/1.1";
    SSL_CTX *sctx, *cctx, *cctx13;

    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    sctx = fuzz_server_ctx();
    cctx = fuzz_client_ctx();
    cctx13 = fuzz_client13_ctx();
    if (sctx == NULL || cctx == NULL || cctx13 == NULL) {
        fprintf(stderr, "no SSL_CTX\n");
        return 1;
    }
    fuzz_server_callbacks(sctx);
    SSL_CTX_set_alpn_protos(cctx, alpn, sizeof(alpn) - 1);
    SSL_CTX_set_alpn_protos(cctx13, alpn, sizeof(alpn) - 1);
    record(cctx, sctx, "", 0, 0);
    record(cctx13, sctx, "-tls13", 1, 8);
    SSL_CTX_free(cctx);
    SSL_CTX_free(cctx13);
    SSL_CTX_free(sctx);
    return 0;
}
