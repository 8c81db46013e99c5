/*
 * kumassl fuzzing: the server side of a handshake. The input is what a
 * client sent; it is fed to SSL_accept through a memory BIO, in chunks cut
 * at record boundaries, until the server wants more or fails. The server
 * speaks TLS 1.3 (kumassl's engine) and TLS 1.2 (BearSSL's), picked by the
 * ClientHello; the fuzzing build's fixed random stream lets a recorded TLS 1.3
 * client Finished and application data decrypt again.
 * A PSK callback and an early data limit make the TLS 1.3 engine's PSK lookup,
 * binder check and early-data decision (and the skipping of rejected early
 * data) reachable.
 */
#include "fuzz_common.h"

static SSL_CTX *ctx;

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
        fuzz_server_callbacks(ctx);
        SSL_CTX_set_psk_server_callback(ctx, psk_cb);
        SSL_CTX_set_max_early_data(ctx, 1024);
    }
    kuma_fuzz_rand_reset();
    if ((ssl = fuzz_ssl(ctx, &in, &out)) == NULL)
        return 0;
    SSL_set_accept_state(ssl);
    BIO_write(in, data, (int)size);
    fuzz_drive(ssl, in, out);
    SSL_free(ssl);
    ERR_clear_error();
    return 0;
}
