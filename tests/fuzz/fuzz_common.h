/*
 * kumassl fuzzing: shared helpers for the libFuzzer harnesses.
 * A fixed self-signed P-256 certificate and key (CN=fuzz.example, valid
 * until 2126) so every harness sets up its SSL_CTX without files.
 */
#ifndef KUMA_FUZZ_COMMON_H
#define KUMA_FUZZ_COMMON_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

static const char fuzz_cert_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBnzCCAUSgAwIBAgIUVqkFhzOYX3YBRbftS9hsNz9gg2gwCgYIKoZIzj0EAwIw\n"
    "FzEVMBMGA1UEAwwMZnV6ei5leGFtcGxlMCAXDTI2MTEyMzIwMzEzM1oYDzIxMjYx\n"
    "MDMwMjAzMTMzWjAXMRUwEwYDVQQDDAxmdXp6LmV4YW1wbGUwWTATBgcqhkjOPQIB\n"
    "BggqhkjOPQMBBwNCAAS8/lLAO7D4FVUh/fYWPlKagaiDrsg5qL2IvZ4Xi3vAvWgY\n"
    "iv3EgPOLsG+Wf5UJ30aHquEsFI7IVvC1fV39AUyao2wwajAdBgNVHQ4EFgQUtdYt\n"
    "IMPd8Rqqv6832ADkRaUPjN8wHwYDVR0jBBgwFoAUtdYtIMPd8Rqqv6832ADkRaUP\n"
    "jN8wDwYDVR0TAQH/BAUwAwEB/zAXBgNVHREEEDAOggxmdXp6LmV4YW1wbGUwCgYI\n"
    "KoZIzj0EAwIDSQAwRgIhAN9D2h94JAl6GbDjC1uR5CMehVLbGWjAFnEO0exstNP1\n"
    "AiEAqgZD8Jj56AaxBm7SHHTY5e1POc2PKTutBx5QIwcKtsQ=\n"
    "-----END CERTIFICATE-----\n";
static const char fuzz_key_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgRZx+u/kxY/BAKq4H\n"
    "Xc5I8I7h6Mdv/BU/aFA3g4FfZQuhRANCAAS8/lLAO7D4FVUh/fYWPlKagaiDrsg5\n"
    "qL2IvZ4Xi3vAvWgYiv3EgPOLsG+Wf5UJ30aHquEsFI7IVvC1fV39AUya\n"
    "-----END PRIVATE KEY-----\n";

/*
 * The fuzzing build's fixed random stream (lib/crypto/rand_fuzz.c), restarted
 * before each input and before each side's first flight in record_seeds, so
 * a recorded TLS 1.3 flight meets the same randoms and key shares again.
 */
void kuma_fuzz_rand_reset(void);

/* A server SSL_CTX with the fixed certificate and key; NULL on failure. */
static inline SSL_CTX *fuzz_server_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    BIO *b;
    X509 *x;
    EVP_PKEY *k;

    if (ctx == NULL)
        return NULL;
    b = BIO_new_mem_buf(fuzz_cert_pem, -1);
    x = PEM_read_bio_X509(b, NULL, NULL, NULL);
    BIO_free(b);
    b = BIO_new_mem_buf(fuzz_key_pem, -1);
    k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
    BIO_free(b);
    if (x == NULL || k == NULL || SSL_CTX_use_certificate(ctx, x) != 1
        || SSL_CTX_use_PrivateKey(ctx, k) != 1) {
        X509_free(x);
        EVP_PKEY_free(k);
        SSL_CTX_free(ctx);
        return NULL;
    }
    X509_free(x);
    EVP_PKEY_free(k);
    return ctx;
}

/* SNI and ALPN callbacks, so the ClientHello reader (lib/ssl/hello.c) runs. */
static inline int fuzz_sni_cb(SSL *ssl, int *al, void *arg)
{
    const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    (void)al; (void)arg;
    return name != NULL && strcmp(name, "reject.example") == 0
        ? SSL_TLSEXT_ERR_ALERT_FATAL : SSL_TLSEXT_ERR_OK;
}

static inline int fuzz_alpn_cb(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                   const unsigned char *in, unsigned int inlen, void *arg)
{
    static const unsigned char mine[] = "\x02h2\x08http/1.1";
    (void)ssl; (void)arg;
    if (SSL_select_next_proto((unsigned char **)out, outlen, mine, sizeof(mine) - 1,
                              in, inlen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    return SSL_TLSEXT_ERR_OK;
}

/*
 * fuzz_server's configuration: SNI and ALPN callbacks and a session id
 * context; record_seeds records its server flights with the same, so the
 * recorded transcripts are the ones fuzz_server's server makes.
 */
static inline void fuzz_server_callbacks(SSL_CTX *ctx)
{
    SSL_CTX_set_tlsext_servername_callback(ctx, fuzz_sni_cb);
    SSL_CTX_set_alpn_select_cb(ctx, fuzz_alpn_cb, NULL);
    SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"fuzz", 4);
}

/* A client SSL_CTX that trusts the fixed certificate. */
static inline SSL_CTX *fuzz_client_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    BIO *b;
    X509 *x;

    if (ctx == NULL)
        return NULL;
    b = BIO_new_mem_buf(fuzz_cert_pem, -1);
    x = PEM_read_bio_X509(b, NULL, NULL, NULL);
    BIO_free(b);
    if (x == NULL || X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), x) != 1) {
        X509_free(x);
        SSL_CTX_free(ctx);
        return NULL;
    }
    X509_free(x);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    return ctx;
}

/* A client SSL_CTX as fuzz_client_ctx's, limited to TLS 1.3 (kumassl's own engine). */
static inline SSL_CTX *fuzz_client13_ctx(void)
{
    SSL_CTX *ctx = fuzz_client_ctx();

    if (ctx != NULL && (SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1
                        || SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) != 1)) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

/* An SSL on two fresh memory BIOs; *in is what it reads (the peer's bytes). */
static inline SSL *fuzz_ssl(SSL_CTX *ctx, BIO **in, BIO **out)
{
    SSL *ssl = SSL_new(ctx);

    if (ssl == NULL)
        return NULL;
    *in = BIO_new(BIO_s_mem());
    *out = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(*in, -1);      /* empty: "retry", as a socket would */
    SSL_set_bio(ssl, *in, *out);
    return ssl;
}

/*
 * Runs ssl's handshake (its role already set) on the peer's bytes waiting
 * in `in`, throwing away what it writes to `out`, until it fails, starves
 * or completes; after completion it reads whatever application data follows.
 */
static inline void fuzz_drive(SSL *ssl, BIO *in, BIO *out)
{
    char buf[256];
    int i, r, e;

    for (i = 0; i < 64; i++) {
        r = SSL_do_handshake(ssl);
        (void)BIO_reset(out);
        if (r == 1) {
            while (SSL_read(ssl, buf, sizeof(buf)) > 0)
                ;
            return;
        }
        e = SSL_get_error(ssl, r);
        if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
            return;
        if (e == SSL_ERROR_WANT_READ && BIO_ctrl_pending(in) == 0)
            return;
    }
}

/* Moves everything pending in from to to; returns the number of bytes. */
static inline size_t fuzz_pump(BIO *from, BIO *to)
{
    unsigned char buf[4096];
    size_t total = 0;
    int n;

    while ((n = BIO_read(from, buf, sizeof(buf))) > 0) {
        BIO_write(to, buf, n);
        total += (size_t)n;
    }
    return total;
}

#endif
