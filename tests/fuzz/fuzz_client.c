/*
 * kumassl fuzzing: the client side of a handshake. The input is what a
 * server sent (ServerHello ... ServerHelloDone); it is fed to SSL_connect
 * through a memory BIO until the client wants more or fails. Verification
 * stays on (the fixed certificate is trusted), with SNI and ALPN offered.
 */
#include "fuzz_common.h"

static SSL_CTX *ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned char alpn[] = "\x02h2\x08http/1.1";
    BIO *in, *out;
    SSL *ssl;

    if (ctx == NULL) {
        if ((ctx = fuzz_client_ctx()) == NULL)
            return 0;
        SSL_CTX_set_alpn_protos(ctx, alpn, sizeof(alpn) - 1);
    }
    if ((ssl = fuzz_ssl(ctx, &in, &out)) == NULL)
        return 0;
    SSL_set_connect_state(ssl);
    SSL_set_tlsext_host_name(ssl, "fuzz.example");
    SSL_set1_host(ssl, "fuzz.example");
    /* the ClientHello first, then the server's bytes */
    SSL_connect(ssl);
    (void)BIO_reset(out);
    BIO_write(in, data, (int)size);
    fuzz_drive(ssl, in, out);
    SSL_free(ssl);
    ERR_clear_error();
    return 0;
}
