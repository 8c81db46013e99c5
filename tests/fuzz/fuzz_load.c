/*
 * kumassl fuzzing: certificate and key loading (PEM and DER).
 * The first byte picks the loader, the rest is the file's content:
 *   0 kuma_x509_load_mem PEM   1 kuma_x509_load_mem DER
 *   2 kuma_pkey_load_mem_pw PEM (password "fuzz")   3 ... DER
 *   4 PEM_read_bio_X509 until the end, then PEM_read_bio_PrivateKey
 *   5 d2i_X509 and d2i_AutoPrivateKey
 */
#include "fuzz_common.h"
#include "crypto_int.h"

static int password_cb(char *buf, int size, int rwflag, void *u)
{
    (void)rwflag; (void)u;
    if (size < 5)
        return 0;
    memcpy(buf, "fuzz", 4);
    return 4;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const unsigned char *p;
    STACK_OF(X509) *sk;
    EVP_PKEY *k;
    X509 *x;
    BIO *b;

    if (size < 1)
        return 0;
    p = data + 1;
    size--;
    switch (data[0] % 6) {
    case 0: case 1:
        sk = kuma_x509_load_mem(p, size, data[0] % 6 == 0 ? SSL_FILETYPE_PEM : SSL_FILETYPE_ASN1);
        if (sk != NULL)
            sk_X509_pop_free(sk, X509_free);
        break;
    case 2: case 3:
        k = kuma_pkey_load_mem_pw(p, size, data[0] % 6 == 2 ? SSL_FILETYPE_PEM : SSL_FILETYPE_ASN1,
                                  password_cb, NULL);
        EVP_PKEY_free(k);
        break;
    case 4:
        b = BIO_new_mem_buf(p, (int)size);
        while ((x = PEM_read_bio_X509(b, NULL, NULL, NULL)) != NULL)
            X509_free(x);
        BIO_free(b);
        b = BIO_new_mem_buf(p, (int)size);
        EVP_PKEY_free(PEM_read_bio_PrivateKey(b, NULL, password_cb, NULL));
        BIO_free(b);
        break;
    default: {
        const unsigned char *q = p;
        x = d2i_X509(NULL, &q, (long)size);
        X509_free(x);
        q = p;
        EVP_PKEY_free(d2i_AutoPrivateKey(NULL, &q, (long)size));
        break;
    }
    }
    ERR_clear_error();
    return 0;
}
