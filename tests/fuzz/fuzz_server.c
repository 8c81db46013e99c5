/*
 * kumassl fuzzing: the server side of a handshake. The input is what a
 * client sent; it is fed to SSL_accept through a memory BIO, in chunks cut
 * at record boundaries, until the server wants more or fails. The server
 * speaks TLS 1.3 (kumassl's engine) and TLS 1.2 (BearSSL's), picked by the
 * ClientHello; the fuzzing build's fixed random stream lets a recorded TLS 1.3
 * client Finished and application data decrypt again.
 */
#include "fuzz_common.h"

static SSL_CTX *ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    BIO *in, *out;
    SSL *ssl;

    if (ctx == NULL) {
        if ((ctx = fuzz_server_ctx()) == NULL)
            return 0;
        fuzz_server_callbacks(ctx);
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
