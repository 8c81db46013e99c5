/*
 * prims_bearssl.c -- bench/prims.h over what BearSSL's own
 * br_ssl_*_init_full() would pick: br_ec_get_default(), the SSE2 ChaCha20
 * where the CPU has it, the ctmulq Poly1305 where available; ECDSA and RSA
 * as its engine calls them (prims_br.c).
 */
#include <string.h>
#include <bearssl.h>
#include "prims.h"
#include "prims_br.h"

static br_chacha20_run chacha(void)
{
    br_chacha20_run r = br_chacha20_sse2_get();

    return r != 0 ? r : &br_chacha20_ct_run;
}

static br_poly1305_run poly(void)
{
    br_poly1305_run r = br_poly1305_ctmulq_get();

    return r != 0 ? r : &br_poly1305_ctmul_run;
}

const char *prim_impl(void)
{
    return "bearssl: br_ec_get_default(), chacha20_sse2 (else ct), poly1305_ctmulq (else ctmul)";
}

void prim_x25519(unsigned char out[32], const unsigned char scalar[32],
                 const unsigned char point[32])
{
    memcpy(out, point, 32);
    br_ec_get_default()->mul(out, 32, scalar, 32, BR_EC_curve25519);
}

void prim_chacha20(const unsigned char *key, const unsigned char *nonce, unsigned char *buf,
                   size_t len)
{
    static br_chacha20_run run;

    if (run == 0)
        run = chacha();
    run(key, nonce, 1, buf, len);
}

void prim_chapol(const unsigned char *key, const unsigned char *nonce, const unsigned char *aad,
                 size_t aad_len, unsigned char *buf, size_t len, unsigned char tag[16])
{
    static br_chacha20_run run;
    static br_poly1305_run mac;

    if (run == 0) {
        run = chacha();
        mac = poly();
    }
    mac(key, nonce, buf, len, aad, aad_len, tag, run, 1);
}

void prim_p256_ecdh(void)
{
    prims_br_p256_ecdh(br_ec_get_default());
}

void prim_p256_sign(void)
{
    prims_br_p256_sign(br_ec_get_default(), br_ecdsa_sign_asn1_get_default());
}

void prim_p256_verify(void)
{
    prims_br_p256_verify(br_ec_get_default(), br_ecdsa_sign_asn1_get_default(),
                         br_ecdsa_vrfy_asn1_get_default());
}

void prim_rsa2048_sign(void)
{
    prims_br_rsa2048_sign();
}
