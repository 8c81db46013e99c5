/*
 * The reference side of check_fast's differential tests, built at test time
 * against the system OpenSSL (never linked with kumassl). Reads lines of hex
 * fields from stdin and answers each with one line:
 *   x SCALAR U              -> X25519(SCALAR, U), or "fail"
 *   c KEY NONCE AAD PLAIN   -> ChaCha20-Poly1305 ciphertext, a space, the tag
 *   g K                     -> K * G on P-256, uncompressed, or "fail"
 *   m K POINT               -> K * POINT on P-256 (POINT uncompressed), or "fail"
 * (EC_POINT_mul is deprecated in OpenSSL 3.0 but is the direct way to it.)
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/bn.h>
#include <openssl/obj_mac.h>

static size_t unhex(const char *h, unsigned char *out, size_t max)
{
    size_t n = 0;

    while (n < max && sscanf(h + 2 * n, "%2hhx", &out[n]) == 1)
        n++;
    return n;
}

static void puthex(const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        printf("%02x", b[i]);
}

static int x25519(const char *sk, const char *pk)
{
    unsigned char s[32], u[32], out[32];
    size_t outlen = sizeof(out);
    EVP_PKEY *a, *b;
    EVP_PKEY_CTX *ctx;
    int ok;

    if (unhex(sk, s, 32) != 32 || unhex(pk, u, 32) != 32)
        return 0;
    a = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, s, 32);
    b = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, u, 32);
    ctx = EVP_PKEY_CTX_new(a, NULL);
    ok = ctx != NULL && EVP_PKEY_derive_init(ctx) > 0 && EVP_PKEY_derive_set_peer(ctx, b) > 0
        && EVP_PKEY_derive(ctx, out, &outlen) > 0;
    if (ok)
        puthex(out, 32);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(a);
    EVP_PKEY_free(b);
    return ok;
}

static int chapol(const char *k, const char *n, const char *a, const char *p)
{
    static unsigned char key[32], nonce[12], aad[4096], pt[65536], ct[65536], tag[16];
    size_t alen = unhex(a, aad, sizeof(aad)), plen = unhex(p, pt, sizeof(pt));
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int len, ok;

    if (unhex(k, key, 32) != 32 || unhex(n, nonce, 12) != 12)
        return 0;
    ok = EVP_EncryptInit_ex(c, EVP_chacha20_poly1305(), NULL, key, nonce)
        && (alen == 0 || EVP_EncryptUpdate(c, NULL, &len, aad, (int)alen))
        && EVP_EncryptUpdate(c, ct, &len, pt, (int)plen)
        && EVP_EncryptFinal_ex(c, ct + len, &len)
        && EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, tag);
    EVP_CIPHER_CTX_free(c);
    if (ok) {
        puthex(ct, plen);
        printf(" ");
        puthex(tag, 16);
    }
    return ok;
}

static int p256(const char *k, const char *pt)
{
    unsigned char kb[32], pb[65], out[65];
    EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    EC_POINT *r = g != NULL ? EC_POINT_new(g) : NULL, *q = NULL;
    BIGNUM *bn = NULL;
    int ok = r != NULL && unhex(k, kb, 32) == 32 && (bn = BN_bin2bn(kb, 32, NULL)) != NULL;

    if (ok && pt != NULL)
        ok = unhex(pt, pb, 65) == 65 && (q = EC_POINT_new(g)) != NULL
            && EC_POINT_oct2point(g, q, pb, 65, NULL) == 1
            && EC_POINT_mul(g, r, NULL, q, bn, NULL) == 1;
    else if (ok)
        ok = EC_POINT_mul(g, r, bn, NULL, NULL, NULL) == 1;
    ok = ok && EC_POINT_point2oct(g, r, POINT_CONVERSION_UNCOMPRESSED, out, 65, NULL) == 65;
    if (ok)
        puthex(out, 65);
    BN_free(bn);
    EC_POINT_free(q);
    EC_POINT_free(r);
    EC_GROUP_free(g);
    return ok;
}

int main(void)
{
    static char line[300000], f[4][140000];

    while (fgets(line, sizeof(line), stdin) != NULL) {
        int ok = 0;

        memset(f, 0, sizeof(f));
        if (line[0] == 'x' && sscanf(line + 1, "%139999s %139999s", f[0], f[1]) == 2)
            ok = x25519(f[0], f[1]);
        else if (line[0] == 'c'
                 && sscanf(line + 1, "%139999s %139999s %139999s %139999s", f[0], f[1], f[2],
                           f[3]) >= 3)
            ok = chapol(f[0], f[1], f[2], f[3]);
        else if (line[0] == 'g' && sscanf(line + 1, "%139999s", f[0]) == 1)
            ok = p256(f[0], NULL);
        else if (line[0] == 'm' && sscanf(line + 1, "%139999s %139999s", f[0], f[1]) == 2)
            ok = p256(f[0], f[1]);
        if (!ok)
            printf("fail");
        printf("\n");
        fflush(stdout);
    }
    return 0;
}
