/*
 * kumassl: fast constant-time primitives behind BearSSL's interfaces
 * (lib/crypto/fast), and the one choice per process of the implementations
 * libcrypto and both TLS engines use.
 */
#ifndef KUMASSL_FAST_H
#define KUMASSL_FAST_H
#include <stddef.h>
#include <stdint.h>
#include <bearssl.h>

#if defined(__SIZEOF_INT128__) && !defined(KUMA_SMALL)
#define KUMA_HAVE_INT128 1
#else
#define KUMA_HAVE_INT128 0
#endif

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__)) \
    && !defined(KUMA_SMALL)
#define KUMA_HAVE_X86_SIMD 1
#else
#define KUMA_HAVE_X86_SIMD 0
#endif

/* ---- the algorithms in force (select.c) ---------------------------------------- */

/*
 * The fastest implementation of each primitive that this CPU runs, probed
 * once when libcrypto is loaded (before any thread of the program can ask).
 * With ./configure --enable-small, BearSSL's own fastest code throughout.
 */
typedef struct {
    const br_block_cbcenc_class *aes_cbcenc;
    const br_block_cbcdec_class *aes_cbcdec;
    const br_block_ctr_class *aes_ctr;
    const br_block_ctrcbc_class *aes_ctrcbc;
    br_ghash ghash;
    br_chacha20_run chacha20;
    br_poly1305_run poly1305;
    const br_ec_impl *ec;       /* every curve BearSSL has; X25519 and P-256 ours when fast */
    br_ecdsa_sign ecdsa_sign;   /* "asn1" format, over ec */
    br_ecdsa_vrfy ecdsa_vrfy;
} kuma_algos;

const kuma_algos *kuma_algos_get(void);

/* The EC code for ECDHE and ECDSA: kuma_algos_get()->ec. */
const br_ec_impl *kuma_ec_default(void);

/* ---- X25519, radix 2^51 (x25519.c); only when KUMA_HAVE_INT128 ------------------- */

/* RFC 7748's X25519(scalar, u): scalar clamped here, u's top bit ignored. */
void kuma_x25519(unsigned char out[32], const unsigned char scalar[32],
                 const unsigned char point[32]);
/* br_ec_impl's methods for curve 29, with BearSSL's c25519 conventions. */
const unsigned char *kuma_c25519_generator(size_t *len);
const unsigned char *kuma_c25519_order(size_t *len);
uint32_t kuma_c25519_mul(unsigned char *G, size_t Glen, const unsigned char *x, size_t xlen);
size_t kuma_c25519_mulgen(unsigned char *R, const unsigned char *x, size_t xlen);

/* ---- P-256, 4 x 64-bit limbs (p256.c); only when KUMA_HAVE_INT128 ----------------- */

/* br_ec_impl's methods for curve 23, with BearSSL's conventions. */
const unsigned char *kuma_p256_generator(size_t *len);
const unsigned char *kuma_p256_order(size_t *len);
uint32_t kuma_p256_mul(unsigned char *G, size_t Glen, const unsigned char *x, size_t xlen);
size_t kuma_p256_mulgen(unsigned char *R, const unsigned char *x, size_t xlen);
uint32_t kuma_p256_muladd(unsigned char *A, const unsigned char *B, size_t len,
                          const unsigned char *x, size_t xlen, const unsigned char *y,
                          size_t ylen);

/* X25519 and P-256 ours, the other curves BearSSL's br_ec_get_default(). */
extern const br_ec_impl kuma_ec_fast;

/* ---- ECDSA over P-256, 64-bit arithmetic modulo n (ecdsa_p256.c); KUMA_HAVE_INT128 - */

/*
 * br_ecdsa_sign / br_ecdsa_vrfy, "asn1" format: ours for P-256 over
 * kuma_ec_fast (signatures identical to BearSSL's ecdsa_i31: RFC 6979),
 * BearSSL's i31 code for other curves or implementations.
 */
size_t kuma_ecdsa_sign_asn1(const br_ec_impl *impl, const br_hash_class *hf,
                            const void *hash_value, const br_ec_private_key *sk, void *sig);
uint32_t kuma_ecdsa_vrfy_asn1(const br_ec_impl *impl, const void *hash, size_t hash_len,
                              const br_ec_public_key *pk, const void *sig, size_t sig_len);
/*
 * The raw signature (r || s) of the reduced hash e with key x and nonce k
 * (32 bytes each, x and k in [1, n - 1]): the constant-time part of
 * signing, apart for tests/ct_fast. Returns 64.
 */
size_t kuma_ecdsa_p256_sign_k(unsigned char sig[64], const unsigned char x[32],
                              const unsigned char e[32], const unsigned char k[32]);

/* ---- Poly1305, radix 2^64 (poly1305.c); only when KUMA_HAVE_INT128 ---------------- */

/* The accumulator, the clamped r (s1 = r1 + r1 / 4) and the final pad s. */
typedef struct {
    uint64_t r0, r1, s1, h0, h1, h2, pad0, pad1;
} kuma_poly1305_state;

/* Starts a MAC with the 32-byte one-time key (r, then s, as RFC 8439 2.5). */
void kuma_poly1305_init(kuma_poly1305_state *st, const unsigned char key[32]);
/* Absorbs nblocks 16-byte blocks, each with 2^128 added when hibit is 1 (0: the caller padded). */
void kuma_poly1305_blocks(kuma_poly1305_state *st, const unsigned char *m, size_t nblocks,
                          uint64_t hibit);
/* Writes the 16-byte tag and wipes the state. */
void kuma_poly1305_finish(kuma_poly1305_state *st, unsigned char tag[16]);
/* ChaCha20-Poly1305 (RFC 8439 2.8) as a br_poly1305_run: BearSSL's contract, its ctmulq's results. */
void kuma_poly1305_run(const void *key, const void *iv, void *data, size_t len,
                       const void *aad, size_t aad_len, void *tag, br_chacha20_run ichacha,
                       int encrypt);
/*
 * The same, the data's bulk four blocks at a time with AVX2 (callers check
 * the CPU: kuma_cpu_has_avx2()); x86 only. kuma_poly1305_blocks_avx2 absorbs
 * the largest multiple of 4 of nblocks full blocks, returns how many.
 */
void kuma_poly1305_avx2_run(const void *key, const void *iv, void *data, size_t len,
                            const void *aad, size_t aad_len, void *tag, br_chacha20_run ichacha,
                            int encrypt);
size_t kuma_poly1305_blocks_avx2(kuma_poly1305_state *st, const unsigned char *m, size_t nblocks);

/* ---- ChaCha20, several blocks at a time (chacha20_simd.c); x86 only ------------- */

/*
 * br_chacha20_run implementations: 4 blocks at once with SSE2, 8 with
 * AVX2 (callers check the CPU: kuma_cpu_has_avx2()). Tails shorter than
 * their width go to BearSSL's one-block code.
 */
uint32_t kuma_chacha20_sse2_run(const void *key, const void *iv, uint32_t cc, void *data,
                                size_t len);
uint32_t kuma_chacha20_avx2_run(const void *key, const void *iv, uint32_t cc, void *data,
                                size_t len);
int kuma_cpu_has_avx2(void);

#endif
