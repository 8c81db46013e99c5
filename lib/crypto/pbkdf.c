/*
 * kumassl: the password-based key derivations of encrypted PEM keys, over
 * BearSSL's hash and HMAC code.
 *
 *   PBKDF2 (RFC 8018 section 5.2)    PKCS#8 "ENCRYPTED PRIVATE KEY" (PBES2)
 *   EVP_BytesToKey with MD5, 1 round  legacy "Proc-Type: 4,ENCRYPTED" PEM
 *
 * Every intermediate value is key material and is wiped before returning.
 */
#include <string.h>
#include "crypto_int.h"

/* One PBKDF2 block: T_i = U_1 ^ U_2 ^ ... ^ U_iter, U_1 = PRF(P, S || INT(i)). */
static void pbkdf2_block(const br_hmac_key_context *kc, const unsigned char *salt,
                         size_t salt_len, uint32_t index, unsigned long iter,
                         unsigned char *t)
{
    unsigned char u[64], be[4];
    br_hmac_context hc;
    size_t hlen, j;
    unsigned long n;

    be[0] = (unsigned char)(index >> 24);
    be[1] = (unsigned char)(index >> 16);
    be[2] = (unsigned char)(index >> 8);
    be[3] = (unsigned char)index;
    br_hmac_init(&hc, kc, 0);
    br_hmac_update(&hc, salt, salt_len);
    br_hmac_update(&hc, be, sizeof(be));
    hlen = br_hmac_out(&hc, u);
    memcpy(t, u, hlen);
    for (n = 1; n < iter; n++) {
        br_hmac_init(&hc, kc, 0);
        br_hmac_update(&hc, u, hlen);
        br_hmac_out(&hc, u);
        for (j = 0; j < hlen; j++)
            t[j] ^= u[j];
    }
    OPENSSL_cleanse(u, sizeof(u));
    OPENSSL_cleanse(&hc, sizeof(hc));
}

void kuma_pbkdf2(const br_hash_class *prf, const unsigned char *pw, size_t pw_len,
                 const unsigned char *salt, size_t salt_len, unsigned long iter,
                 unsigned char *out, size_t out_len)
{
    br_hmac_key_context kc;
    unsigned char t[64];
    uint32_t index;
    size_t hlen, n;

    br_hmac_key_init(&kc, prf, pw, pw_len);
    hlen = (prf->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
    for (index = 1; out_len > 0; index++) {
        pbkdf2_block(&kc, salt, salt_len, index, iter, t);
        n = out_len < hlen ? out_len : hlen;
        memcpy(out, t, n);
        out += n;
        out_len -= n;
    }
    OPENSSL_cleanse(t, sizeof(t));
    OPENSSL_cleanse(&kc, sizeof(kc));
}

void kuma_bytes_to_key_md5(const unsigned char *pw, size_t pw_len,
                           const unsigned char salt[8], unsigned char *out, size_t out_len)
{
    unsigned char d[br_md5_SIZE];
    br_md5_context mc;
    size_t n;
    int first = 1;

    /* D_1 = MD5(P || S), D_i = MD5(D_{i-1} || P || S); the key is D_1 || D_2 || ... */
    while (out_len > 0) {
        br_md5_init(&mc);
        if (!first)
            br_md5_update(&mc, d, sizeof(d));
        br_md5_update(&mc, pw, pw_len);
        br_md5_update(&mc, salt, 8);
        br_md5_out(&mc, d);
        first = 0;
        n = out_len < sizeof(d) ? out_len : sizeof(d);
        memcpy(out, d, n);
        out += n;
        out_len -= n;
    }
    OPENSSL_cleanse(d, sizeof(d));
    OPENSSL_cleanse(&mc, sizeof(mc));
}
