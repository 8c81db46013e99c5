/*
 * kumassl fuzzing: records after a completed handshake. Each run makes a
 * fresh in-process handshake between a kumassl client and server over
 * memory BIOs, then the first input byte picks what the server reads:
 *   0 the rest of the input, raw, as the client's next bytes
 *   1 application data the client really sends, cut into SSL_write calls
 *     of the sizes the input gives; the server reads with SSL_read and
 *     SSL_peek into buffers of varying size; then close_notify
 *   2 a real record from the client with the input XORed over it
 *     (corrupted headers, lengths, MACs, truncation)
 *   3 a real close_notify, then the rest of the input as raw bytes
 * Bit 3 of that byte (8) makes the client TLS 1.3 only, so the records are
 * kumassl's TLS 1.3 ones (the server takes either version); the fuzzing
 * build's fixed random stream makes the handshake, hence the keys, the same
 * each run, so recorded raw TLS 1.3 records decrypt in mode 0.
 */
#include <stdlib.h>
#include "fuzz_common.h"

static SSL_CTX *sctx, *cctx, *cctx13;

static int handshake(SSL *c, SSL *s, BIO *cin, BIO *cout, BIO *sin, BIO *sout)
{
    int i, rc = 0, rs = 0;

    /* the random stream restarts for each side's first flight, as in record_seeds */
    kuma_fuzz_rand_reset();
    rc = SSL_connect(c);
    fuzz_pump(cout, sin);
    kuma_fuzz_rand_reset();
    for (i = 0; i < 32 && (rc != 1 || rs != 1); i++) {
        if (rc != 1)
            rc = SSL_connect(c);
        fuzz_pump(cout, sin);
        if (rs != 1)
            rs = SSL_accept(s);
        fuzz_pump(sout, cin);
    }
    return rc == 1 && rs == 1;
}

static void drain(SSL *s, size_t seed)
{
    char buf[17000];
    int i;

    for (i = 0; i < 256; i++) {
        int want = 1 + (int)((seed + (size_t)i * 7919) % sizeof(buf));
        int n = (i & 3) == 1 ? SSL_peek(s, buf, want) : SSL_read(s, buf, want);
        (void)SSL_pending(s);
        if (n <= 0)
            break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    BIO *cin, *cout, *sin, *sout;
    SSL *c = NULL, *s = NULL;
    size_t i;

    if (size < 1)
        return 0;
    if (sctx == NULL) {
        sctx = fuzz_server_ctx();
        if (sctx != NULL)
            fuzz_server_callbacks(sctx);
        cctx = fuzz_client_ctx();
        cctx13 = fuzz_client13_ctx();
        if (sctx == NULL || cctx == NULL || cctx13 == NULL)
            abort();
    }
    c = fuzz_ssl(data[0] & 8 ? cctx13 : cctx, &cin, &cout);
    s = fuzz_ssl(sctx, &sin, &sout);
    if (c == NULL || s == NULL)
        goto done;
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    SSL_set_tlsext_host_name(c, "fuzz.example");
    if (!handshake(c, s, cin, cout, sin, sout))
        abort();                    /* the fixed handshake must work */

    switch (data[0] & 3) {
    case 0:
        BIO_write(sin, data + 1, (int)(size - 1));
        drain(s, size);
        break;
    case 1:
        for (i = 1; i + 1 < size;) {
            size_t n = 1 + (size_t)data[i] * 67;     /* up to ~17000 bytes */
            if (n > size - i - 1)
                n = size - i - 1;
            if (SSL_write(c, data + i + 1, (int)n) <= 0)
                break;
            i += n + 1;
            fuzz_pump(cout, sin);
            if (data[i - 1] & 1)
                drain(s, i);
        }
        SSL_shutdown(c);
        fuzz_pump(cout, sin);
        drain(s, size);
        SSL_shutdown(s);
        break;
    case 2: {
        static const char msg[] = "GET / HTTP/1.0\r\nHost: fuzz.example\r\n\r\n";
        unsigned char rec[512];
        int n;
        SSL_write(c, msg, sizeof(msg) - 1);
        SSL_write(c, msg, 1);
        n = BIO_read(cout, rec, sizeof(rec));
        for (i = 1; n > 0 && i < size && (int)(i - 1) < n; i++)
            rec[i - 1] ^= data[i];
        if (n > 0)
            BIO_write(sin, rec, (size - 1) < (size_t)n && (data[0] & 4) ? (int)(size - 1) : n);
        drain(s, size);
        break;
    }
    default:
        SSL_shutdown(c);
        fuzz_pump(cout, sin);
        BIO_write(sin, data + 1, (int)(size - 1));
        drain(s, size);
        SSL_shutdown(s);
        drain(s, 0);
        break;
    }
done:
    SSL_free(c);
    SSL_free(s);
    ERR_clear_error();
    return 0;
}
