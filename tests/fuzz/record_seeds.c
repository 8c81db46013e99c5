/*
 * kumassl fuzzing: records the seed corpora in tests/fuzz/corpus/ from a
 * real handshake between a kumassl client and server over memory BIOs.
 * Run from the source tree: BUILDDIR/tests/fuzz/record_seeds tests/fuzz/corpus
 * (built by `make fuzz`). The seeds in corpus/load were made once with
 * the openssl CLI (req, pkey, pkcs8, ec -aes128; password "fuzz"), each
 * prefixed with fuzz_load's selector byte; server/openssl-client-hello and
 * client/openssl-server-first-flight were captured from openssl s_client and
 * s_server on loopback.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz_common.h"

static const char *dir;

static void save(const char *name, unsigned char prefix, int use_prefix,
                 const unsigned char *d, size_t n)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if ((f = fopen(path, "wb")) == NULL) {
        perror(path);
        exit(1);
    }
    if (use_prefix)
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

int main(int argc, char **argv)
{
    static unsigned char c1[20000], s1[20000], c2[4096], s2[4096], app[4096], both[24096];
    size_t nc1, ns1, nc2, ns2, napp;
    SSL_CTX *sctx, *cctx;
    BIO *cin, *cout, *sin, *sout;
    SSL *c, *s;
    SSL_SESSION *sess;
    unsigned char *der, *w;
    int n;
    static const unsigned char alpn[] = "\x02h2\x08http/1.1";

    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    sctx = fuzz_server_ctx();
    cctx = fuzz_client_ctx();
    SSL_CTX_set_alpn_protos(cctx, alpn, sizeof(alpn) - 1);
    c = fuzz_ssl(cctx, &cin, &cout);
    s = fuzz_ssl(sctx, &sin, &sout);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    SSL_set_tlsext_host_name(c, "fuzz.example");

    SSL_connect(c);                                 /* ClientHello */
    nc1 = grab(cout, c1, sizeof(c1));
    BIO_write(sin, c1, (int)nc1);
    SSL_accept(s);                                  /* ServerHello ... Done */
    ns1 = grab(sout, s1, sizeof(s1));
    BIO_write(cin, s1, (int)ns1);
    SSL_connect(c);                                 /* ClientKeyExchange, CCS, Finished */
    nc2 = grab(cout, c2, sizeof(c2));
    BIO_write(sin, c2, (int)nc2);
    SSL_accept(s);                                  /* CCS, Finished */
    ns2 = grab(sout, s2, sizeof(s2));
    BIO_write(cin, s2, (int)ns2);
    if (SSL_connect(c) != 1 || SSL_accept(s) != 1) {
        fprintf(stderr, "handshake failed\n");
        return 1;
    }
    if (nc1 == 0 || ns1 == 0 || nc2 == 0 || ns2 == 0) {
        fprintf(stderr, "nothing recorded\n");
        return 1;
    }
    SSL_write(c, "hello", 5);
    SSL_shutdown(c);
    napp = grab(cout, app, sizeof(app));

    save("server/client-hello", 0, 0, c1, nc1);
    memcpy(both, c1, nc1);
    memcpy(both + nc1, c2, nc2);
    save("server/client-both-flights", 0, 0, both, nc1 + nc2);
    save("client/server-first-flight", 0, 0, s1, ns1);
    memcpy(both, s1, ns1);
    memcpy(both + ns1, s2, ns2);
    save("client/server-both-flights", 0, 0, both, ns1 + ns2);
    save("record/raw-appdata-close", 0, 1, app, napp);
    save("record/write-chunks", 1, 1, (const unsigned char *)"\x01hello world\x00!", 15);
    save("record/xor-zero", 2, 1, (const unsigned char *)"\0\0\0\0\0\0\0\0", 8);
    save("record/after-close", 3, 1, app, napp);

    sess = SSL_get1_session(c);
    n = sess != NULL ? i2d_SSL_SESSION(sess, NULL) : 0;
    if (n <= 0) {
        fprintf(stderr, "no session\n");
        return 1;
    }
    der = w = malloc((size_t)n);
    i2d_SSL_SESSION(sess, &w);
    save("session/client-session", 0, 0, der, (size_t)n);
    free(der);
    SSL_SESSION_free(sess);
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    return 0;
}
