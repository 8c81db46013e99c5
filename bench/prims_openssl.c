/*
 * prims_openssl.c -- bench/prims.h over the system OpenSSL's EVP: X25519
 * derivation, EVP_chacha20 and EVP_chacha20_poly1305 with a context reused.
 */
#include <string.h>
#include <openssl/evp.h>
#include "common.h"
#include "prims.h"

const char *prim_impl(void)
{
    return "openssl: EVP X25519, EVP_chacha20, EVP_chacha20_poly1305";
}

/*
 * The key pair and peer are set up once (the first point; later points are
 * ignored): what is timed is the derivation, i.e. the scalar multiplication.
 */
void prim_x25519(unsigned char out[32], const unsigned char scalar[32],
                 const unsigned char point[32])
{
    static EVP_PKEY_CTX *ctx;
    size_t len = 32;

    if (ctx == NULL) {
        EVP_PKEY *sk = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, scalar, 32);
        EVP_PKEY *pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, point, 32);

        ctx = EVP_PKEY_CTX_new(sk, NULL);
        if (ctx == NULL || EVP_PKEY_derive_init(ctx) <= 0 || EVP_PKEY_derive_set_peer(ctx, pk) <= 0)
            bench_die("X25519 setup");
        EVP_PKEY_free(sk);
        EVP_PKEY_free(pk);
    }
    if (EVP_PKEY_derive(ctx, out, &len) <= 0)
        bench_die("X25519");
}

void prim_chacha20(const unsigned char *key, const unsigned char *nonce, unsigned char *buf,
                   size_t len)
{
    static EVP_CIPHER_CTX *c;
    unsigned char iv[16] = { 1 };       /* 32-bit counter 1, then the nonce */
    int n;

    if (c == NULL && (c = EVP_CIPHER_CTX_new()) == NULL)
        bench_die("EVP_CIPHER_CTX_new");
    memcpy(iv + 4, nonce, 12);
    if (!EVP_EncryptInit_ex(c, EVP_chacha20(), NULL, key, iv)
        || !EVP_EncryptUpdate(c, buf, &n, buf, (int)len))
        bench_die("EVP_chacha20");
}

void prim_chapol(const unsigned char *key, const unsigned char *nonce, const unsigned char *aad,
                 size_t aad_len, unsigned char *buf, size_t len, unsigned char tag[16])
{
    static EVP_CIPHER_CTX *c;
    int n;

    if (c == NULL && (c = EVP_CIPHER_CTX_new()) == NULL)
        bench_die("EVP_CIPHER_CTX_new");
    if (!EVP_EncryptInit_ex(c, EVP_chacha20_poly1305(), NULL, key, nonce)
        || !EVP_EncryptUpdate(c, NULL, &n, aad, (int)aad_len)
        || !EVP_EncryptUpdate(c, buf, &n, buf, (int)len)
        || !EVP_EncryptFinal_ex(c, buf + n, &n)
        || !EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, tag))
        bench_die("EVP_chacha20_poly1305");
}
