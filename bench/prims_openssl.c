/*
 * prims_openssl.c -- bench/prims.h over the system OpenSSL's EVP: X25519
 * and P-256 derivation, ECDSA and RSA signing of a SHA-256 digest,
 * EVP_chacha20 and EVP_chacha20_poly1305, each with a context reused.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include "common.h"
#include "prims.h"

const char *prim_impl(void)
{
    return "openssl: EVP X25519, P-256 (EVP_EC_gen), RSA, EVP_chacha20, EVP_chacha20_poly1305";
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

static EVP_PKEY *p256_key(void)
{
    static EVP_PKEY *k;

    if (k == NULL && (k = EVP_EC_gen("P-256")) == NULL)
        bench_die("EVP_EC_gen");
    return k;
}

void prim_p256_ecdh(void)
{
    static EVP_PKEY_CTX *ctx;
    unsigned char out[32];
    size_t len = sizeof(out);

    if (ctx == NULL) {
        EVP_PKEY *peer = EVP_EC_gen("P-256");

        ctx = EVP_PKEY_CTX_new(p256_key(), NULL);
        if (peer == NULL || ctx == NULL || EVP_PKEY_derive_init(ctx) <= 0
            || EVP_PKEY_derive_set_peer(ctx, peer) <= 0)
            bench_die("P-256 ECDH setup");
        EVP_PKEY_free(peer);
    }
    if (EVP_PKEY_derive(ctx, out, &len) <= 0)
        bench_die("P-256 ECDH");
}

static const unsigned char digest[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static unsigned char ec_sig[80];
static size_t ec_sig_len;

/* A signing or verifying context for key with SHA-256 (and padding, for RSA). */
static EVP_PKEY_CTX *sig_ctx(EVP_PKEY *key, int verify, int padding)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);

    if (ctx == NULL || (verify ? EVP_PKEY_verify_init(ctx) : EVP_PKEY_sign_init(ctx)) <= 0
        || EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) <= 0
        || (padding != 0 && EVP_PKEY_CTX_set_rsa_padding(ctx, padding) <= 0))
        bench_die("signature context");
    return ctx;
}

void prim_p256_sign(void)
{
    static EVP_PKEY_CTX *ctx;

    if (ctx == NULL)
        ctx = sig_ctx(p256_key(), 0, 0);
    ec_sig_len = sizeof(ec_sig);
    if (EVP_PKEY_sign(ctx, ec_sig, &ec_sig_len, digest, sizeof(digest)) <= 0)
        bench_die("ECDSA signing");
}

void prim_p256_verify(void)
{
    static EVP_PKEY_CTX *ctx;

    if (ctx == NULL) {
        ctx = sig_ctx(p256_key(), 1, 0);
        prim_p256_sign();
    }
    if (EVP_PKEY_verify(ctx, ec_sig, ec_sig_len, digest, sizeof(digest)) != 1)
        bench_die("ECDSA verification");
}

void prim_rsa2048_sign(void)
{
    static EVP_PKEY_CTX *ctx;
    unsigned char sig[256];
    size_t len = sizeof(sig);

    if (ctx == NULL) {
        char path[1024];
        EVP_PKEY *key;
        FILE *f;

        snprintf(path, sizeof(path), "%s/server-key.pem", certdir);
        if ((f = fopen(path, "r")) == NULL)
            bench_die(path);
        key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
        fclose(f);
        if (key == NULL)
            bench_die("RSA key");
        ctx = sig_ctx(key, 0, RSA_PKCS1_PADDING);
        EVP_PKEY_free(key);
    }
    if (EVP_PKEY_sign(ctx, sig, &len, digest, sizeof(digest)) <= 0)
        bench_die("RSA signing");
}
