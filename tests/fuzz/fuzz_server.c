/*
 * kumassl fuzzing: the server side of a handshake. The input is what a
 * client sent; it is fed to SSL_accept through a memory BIO, in chunks cut
 * at record boundaries, until the server wants more or fails. A PSK
 * callback and an early data limit make the TLS 1.3 engine's PSK lookup,
 * binder check and early-data decision (and the skipping of rejected early
 * data) reachable.
 */
#include "fuzz_common.h"

static SSL_CTX *ctx;

/* SNI and ALPN callbacks, so the ClientHello reader (lib/ssl/hello.c) runs. */
static int sni_cb(SSL *ssl, int *al, void *arg)
{
    const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    (void)al; (void)arg;
    return name != NULL && strcmp(name, "reject.example") == 0
        ? SSL_TLSEXT_ERR_ALERT_FATAL : SSL_TLSEXT_ERR_OK;
}

static int alpn_cb(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                   const unsigned char *in, unsigned int inlen, void *arg)
{
    static const unsigned char mine[] = "\x02h2\x08http/1.1";
    (void)ssl; (void)arg;
    if (SSL_select_next_proto((unsigned char **)out, outlen, mine, sizeof(mine) - 1,
                              in, inlen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    return SSL_TLSEXT_ERR_OK;
}

/* Knows "Client_identity" (s_client -psk's default identity) with the key 1a2b3c4d. */
static unsigned int psk_cb(SSL *ssl, const char *identity, unsigned char *psk,
                           unsigned int max_psk_len)
{
    static const unsigned char key[] = { 0x1a, 0x2b, 0x3c, 0x4d };
    (void)ssl;
    if (strcmp(identity, "Client_identity") != 0 || max_psk_len < sizeof key)
        return 0;
    memcpy(psk, key, sizeof key);
    return sizeof key;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    BIO *in, *out;
    SSL *ssl;

    if (ctx == NULL) {
        if ((ctx = fuzz_server_ctx()) == NULL)
            return 0;
        SSL_CTX_set_tlsext_servername_callback(ctx, sni_cb);
        SSL_CTX_set_alpn_select_cb(ctx, alpn_cb, NULL);
        SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"fuzz", 4);
        SSL_CTX_set_psk_server_callback(ctx, psk_cb);
        SSL_CTX_set_max_early_data(ctx, 1024);
    }
    if ((ssl = fuzz_ssl(ctx, &in, &out)) == NULL)
        return 0;
    SSL_set_accept_state(ssl);
    BIO_write(in, data, (int)size);
    fuzz_drive(ssl, in, out);
    SSL_free(ssl);
    ERR_clear_error();
    return 0;
}
