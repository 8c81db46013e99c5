/*
 * kumassl fuzzing: the client side of a handshake. The input is what a
 * server sent (ServerHello ... ServerHelloDone); it is fed to SSL_connect
 * through a memory BIO until the client wants more or fails. Verification
 * stays on (the fixed certificate is trusted), with SNI and ALPN offered.
 * The first input byte picks the client: odd, TLS 1.3 only (kumassl's own
 * engine; the fuzzing build's fixed random stream makes a recorded TLS 1.3
 * server flight decrypt, so EncryptedExtensions ... Finished are reached);
 * even, the default client (TLS 1.2, BearSSL's engine).
 */
#include <stdlib.h>
#include "fuzz_common.h"

static SSL_CTX *ctx12, *ctx13;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned char alpn[] = "\x02h2\x08http/1.1";
    BIO *in, *out;
    SSL *ssl;

    if (ctx12 == NULL) {
        if ((ctx12 = fuzz_client_ctx()) == NULL || (ctx13 = fuzz_client13_ctx()) == NULL)
            abort();
        SSL_CTX_set_alpn_protos(ctx12, alpn, sizeof(alpn) - 1);
        SSL_CTX_set_alpn_protos(ctx13, alpn, sizeof(alpn) - 1);
    }
    if (size < 1)
        return 0;
    kuma_fuzz_rand_reset();
    if ((ssl = fuzz_ssl(data[0] & 1 ? ctx13 : ctx12, &in, &out)) == NULL)
        return 0;
    SSL_set_connect_state(ssl);
    SSL_set_tlsext_host_name(ssl, "fuzz.example");
    SSL_set1_host(ssl, "fuzz.example");
    /* the ClientHello first, then the server's bytes */
    SSL_connect(ssl);
    (void)BIO_reset(out);
    BIO_write(in, data + 1, (int)(size - 1));
    fuzz_drive(ssl, in, out);
    SSL_free(ssl);
    ERR_clear_error();
    return 0;
}
