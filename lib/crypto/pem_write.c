/*
 * kumassl: PEM writers (RFC 7468 textual encoding): one block with its
 * BEGIN/END lines and base64 in 64-character lines, as OpenSSL writes them.
 */
#include <limits.h>
#include <string.h>
#include <openssl/pem.h>
#include <openssl/err.h>
#include "crypto_int.h"

#define PEM_LINE 64                     /* base64 characters per line (48 bytes) */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Encodes n (1..3) bytes of in as four characters into out. */
static void b64_quad(const unsigned char *in, size_t n, char *out)
{
    unsigned long v = (unsigned long)in[0] << 16;

    if (n > 1)
        v |= (unsigned long)in[1] << 8;
    if (n > 2)
        v |= in[2];
    out[0] = b64[(v >> 18) & 63];
    out[1] = b64[(v >> 12) & 63];
    out[2] = n > 1 ? b64[(v >> 6) & 63] : '=';
    out[3] = n > 2 ? b64[v & 63] : '=';
}

/* The whole block as text (NUL-terminated) in b; 0 on allocation failure. */
static int pem_text(kuma_buf *b, const char *name, const char *header,
                    const unsigned char *data, size_t len)
{
    char line[PEM_LINE + 1];
    size_t i, col = 0;

    kuma_buf_append(b, "-----BEGIN ", 11);
    kuma_buf_append(b, name, strlen(name));
    kuma_buf_append(b, "-----\n", 6);
    if (header != NULL && *header != '\0') {
        kuma_buf_append(b, header, strlen(header));
        kuma_buf_append(b, "\n", 1);
    }
    for (i = 0; i < len; i += 3) {
        b64_quad(data + i, len - i < 3 ? len - i : 3, line + col);
        col += 4;
        if (col == PEM_LINE || i + 3 >= len) {
            line[col++] = '\n';
            kuma_buf_append(b, line, col);
            col = 0;
        }
    }
    kuma_buf_append(b, "-----END ", 9);
    kuma_buf_append(b, name, strlen(name));
    kuma_buf_append(b, "-----\n", 6);
    return !b->oom;
}

int PEM_write_bio(BIO *bp, const char *name, const char *header, const unsigned char *data, long len)
{
    kuma_buf b = { 0 };
    int n = 0;

    if (KUMA_NULL_ARG(ERR_LIB_PEM, bp) || KUMA_NULL_ARG(ERR_LIB_PEM, name)
        || (len > 0 && KUMA_NULL_ARG(ERR_LIB_PEM, data)) || len < 0)
        return 0;
    if (!pem_text(&b, name, header, data, (size_t)len) || b.len > INT_MAX)
        ERR_raise(ERR_LIB_PEM, ERR_R_MALLOC_FAILURE);
    else if ((n = BIO_write(bp, b.p, (int)b.len)) != (int)b.len) {
        ERR_raise_data(ERR_LIB_PEM, ERR_R_BUF_LIB, "writing the PEM block");
        n = 0;
    }
    kuma_buf_wipe_free(&b);             /* a block may hold a private key */
    return n;
}

int PEM_write(FILE *fp, const char *name, const char *header, const unsigned char *data, long len)
{
    BIO *b;
    int n;

    if (KUMA_NULL_ARG(ERR_LIB_PEM, fp) || (b = BIO_new_fp(fp, BIO_NOCLOSE)) == NULL)
        return 0;
    n = PEM_write_bio(b, name, header, data, len);
    BIO_free(b);
    return n;
}

static int write_cert(BIO *bp, X509 *x, const char *label)
{
    unsigned char *der = NULL;
    int len = i2d_X509(x, &der);
    int ok = len > 0 && PEM_write_bio(bp, label, NULL, der, len) > 0;

    OPENSSL_free(der);
    return ok;
}

static int write_cert_fp(FILE *fp, X509 *x, const char *label)
{
    BIO *b;
    int ok;

    if (KUMA_NULL_ARG(ERR_LIB_PEM, fp) || (b = BIO_new_fp(fp, BIO_NOCLOSE)) == NULL)
        return 0;
    ok = write_cert(b, x, label);
    BIO_free(b);
    return ok;
}

int PEM_write_bio_X509(BIO *bp, X509 *x)
{
    return write_cert(bp, x, "CERTIFICATE");
}

int PEM_write_X509(FILE *fp, X509 *x)
{
    return write_cert_fp(fp, x, "CERTIFICATE");
}

int PEM_write_bio_X509_AUX(BIO *bp, X509 *x)
{
    return write_cert(bp, x, "TRUSTED CERTIFICATE");
}

int PEM_write_X509_AUX(FILE *fp, X509 *x)
{
    return write_cert_fp(fp, x, "TRUSTED CERTIFICATE");
}
