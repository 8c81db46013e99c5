/*
 * prims_kumassl.c -- bench/prims.h over the implementations kumassl's TLS
 * engine uses (kuma_algos_get(): lib/crypto/fast unless --enable-small);
 * ECDSA as kuma_algos_get() has it (lib/crypto/fast/ecdsa_p256.c; the
 * TLS engine still calls BearSSL's ecdsa_i31 over our points, see
 * README), RSA as the engine calls it (prims_br.c).
 */
#include <string.h>
#include "fast/fast.h"
#include "prims.h"
#include "prims_br.h"

const char *prim_impl(void)
{
    const kuma_algos *a = kuma_algos_get();

#if KUMA_HAVE_X86_SIMD
    if (a->chacha20 == kuma_chacha20_avx2_run && a->poly1305 == kuma_poly1305_avx2_run)
        return "kumassl: lib/crypto/fast X25519 and P-256, ChaCha20 AVX2 x8, Poly1305 AVX2 x4";
    if (a->chacha20 == kuma_chacha20_sse2_run)
        return "kumassl: lib/crypto/fast X25519 and P-256, ChaCha20 SSE2 x4, BearSSL Poly1305";
#endif
    return a->ec == br_ec_get_default() ? "kumassl: BearSSL's code (--enable-small)"
                                        : "kumassl: lib/crypto/fast X25519 and P-256, BearSSL ChaCha20";
}

void prim_x25519(unsigned char out[32], const unsigned char scalar[32],
                 const unsigned char point[32])
{
    memcpy(out, point, 32);
    kuma_algos_get()->ec->mul(out, 32, scalar, 32, BR_EC_curve25519);
}

void prim_chacha20(const unsigned char *key, const unsigned char *nonce, unsigned char *buf,
                   size_t len)
{
    kuma_algos_get()->chacha20(key, nonce, 1, buf, len);
}

void prim_chapol(const unsigned char *key, const unsigned char *nonce, const unsigned char *aad,
                 size_t aad_len, unsigned char *buf, size_t len, unsigned char tag[16])
{
    const kuma_algos *a = kuma_algos_get();

    a->poly1305(key, nonce, buf, len, aad, aad_len, tag, a->chacha20, 1);
}

void prim_p256_ecdh(void)
{
    prims_br_p256_ecdh(kuma_ec_default());
}

void prim_p256_sign(void)
{
    prims_br_p256_sign(kuma_ec_default(), kuma_algos_get()->ecdsa_sign);
}

void prim_p256_verify(void)
{
    prims_br_p256_verify(kuma_ec_default(), kuma_algos_get()->ecdsa_sign,
                         kuma_algos_get()->ecdsa_vrfy);
}

void prim_rsa2048_sign(void)
{
    prims_br_rsa2048_sign();
}
