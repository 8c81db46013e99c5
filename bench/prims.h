/*
 * prims.h -- primitive figures beside the TLS ones (issue 15): X25519,
 * P-256 ECDH and ECDSA, RSA-2048 signing and ChaCha20(-Poly1305) as each
 * library under test does them. bench/prims.c times; one prims_LIBRARY.c
 * per program supplies the operations (prims_br.c: the BearSSL-API ones
 * that kumassl's and plain BearSSL's programs share).
 */
#ifndef KUMA_BENCH_PRIMS_H
#define KUMA_BENCH_PRIMS_H
#include <stddef.h>

/*
 * Prints the figures "prim_x25519", "prim_p256_ecdh", "prim_p256_sign",
 * "prim_p256_verify", "prim_rsa2048_sign" (ops/s), "prim_chacha20_16k",
 * "prim_chapol16k" (MB/s).
 */
void bench_prims(void);

/* Supplied per library. The name of the implementations, for a note on stderr. */
const char *prim_impl(void);
/* One X25519 scalar multiplication of a point (out = scalar * point, 32 bytes each). */
void prim_x25519(unsigned char out[32], const unsigned char scalar[32],
                 const unsigned char point[32]);
/* ChaCha20 over buf in place (key 32 bytes, nonce 12). */
void prim_chacha20(const unsigned char *key, const unsigned char *nonce, unsigned char *buf,
                   size_t len);
/* ChaCha20-Poly1305 sealing of buf in place with aad; the tag into tag. */
void prim_chapol(const unsigned char *key, const unsigned char *nonce, const unsigned char *aad,
                 size_t aad_len, unsigned char *buf, size_t len, unsigned char tag[16]);

/*
 * P-256 with a key pair and a peer point the library makes once: one ECDH
 * derivation; one ECDSA signature of a fixed SHA-256 digest (DER); one
 * verification of it (each dies on failure, as they all do).
 */
void prim_p256_ecdh(void);
void prim_p256_sign(void);
void prim_p256_verify(void);
/* One PKCS#1 v1.5 SHA-256 signature with CERTDIR's RSA-2048 server key (a TLS 1.2 RSA server's work). */
void prim_rsa2048_sign(void);

#endif
