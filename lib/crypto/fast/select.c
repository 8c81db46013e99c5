/*
 * kumassl: the implementation of each primitive, chosen once per process.
 *
 * BearSSL's br_ssl_*_init_full() pick the fastest AES, GHASH and ChaCha20
 * code the CPU supports by running CPUID, and they do so for every context:
 * once per connection, which in a virtual machine (where CPUID traps to the
 * hypervisor) cost about 5 % of a full handshake. Here the CPU is probed
 * once, when libcrypto is loaded (before any thread of the program can use
 * it), and the TLS engines and libcrypto all read the result.
 *
 * BearSSL's order of preference is kept for what is BearSSL's (AES-NI,
 * then POWER8, then constant-time 64-bit code); kumassl's own code
 * (lib/crypto/fast) comes first where it exists, unless built with
 * --enable-small.
 */
#include "fast.h"

static kuma_algos fastest;

/* A 64-bit machine: BearSSL's constant-time code has 64-bit variants there. */
#define WIDE (sizeof(void *) >= 8)

/* The x86 AES-NI code, else POWER8's, else constant-time code. */
static void probe_aes(void)
{
    fastest.aes_cbcenc = br_aes_x86ni_cbcenc_get_vtable();
    fastest.aes_cbcdec = br_aes_x86ni_cbcdec_get_vtable();
    fastest.aes_ctr = br_aes_x86ni_ctr_get_vtable();
    fastest.aes_ctrcbc = br_aes_x86ni_ctrcbc_get_vtable();
    if (fastest.aes_cbcenc != NULL && fastest.aes_cbcdec != NULL && fastest.aes_ctr != NULL
        && fastest.aes_ctrcbc != NULL)
        return;
    fastest.aes_cbcenc = br_aes_pwr8_cbcenc_get_vtable();
    fastest.aes_cbcdec = br_aes_pwr8_cbcdec_get_vtable();
    fastest.aes_ctr = br_aes_pwr8_ctr_get_vtable();
    fastest.aes_ctrcbc = br_aes_pwr8_ctrcbc_get_vtable();
    if (fastest.aes_cbcenc != NULL && fastest.aes_cbcdec != NULL && fastest.aes_ctr != NULL
        && fastest.aes_ctrcbc != NULL)
        return;
    fastest.aes_cbcenc = WIDE ? &br_aes_ct64_cbcenc_vtable : &br_aes_ct_cbcenc_vtable;
    fastest.aes_cbcdec = WIDE ? &br_aes_ct64_cbcdec_vtable : &br_aes_ct_cbcdec_vtable;
    fastest.aes_ctr = WIDE ? &br_aes_ct64_ctr_vtable : &br_aes_ct_ctr_vtable;
    fastest.aes_ctrcbc = WIDE ? &br_aes_ct64_ctrcbc_vtable : &br_aes_ct_ctrcbc_vtable;
}

static void probe_chapol(void)
{
    fastest.chacha20 = br_chacha20_sse2_get();
    if (fastest.chacha20 == 0)
        fastest.chacha20 = &br_chacha20_ct_run;
#if KUMA_HAVE_X86_SIMD
    /* BearSSL's SSE2 code does one block at a time; ours four, or eight with AVX2 */
    if (fastest.chacha20 == &br_chacha20_sse2_run)
        fastest.chacha20 = kuma_cpu_has_avx2() ? &kuma_chacha20_avx2_run
                                               : &kuma_chacha20_sse2_run;
#endif
    /*
     * Ours with AVX2 (four blocks at a time: 0.45 cycles/byte here), else
     * BearSSL's ctmulq (0.8): our one-block radix-2^64 code alone is 1.3.
     */
    fastest.poly1305 = br_poly1305_ctmulq_get();
    if (fastest.poly1305 == 0)
        fastest.poly1305 = &br_poly1305_ctmul_run;
#if KUMA_HAVE_X86_SIMD && KUMA_HAVE_INT128
    if (kuma_cpu_has_avx2())
        fastest.poly1305 = &kuma_poly1305_avx2_run;
#endif
}

static void __attribute__((constructor)) probe_cpu(void)
{
    probe_aes();
    fastest.ghash = br_ghash_pclmul_get();
    if (fastest.ghash == 0)
        fastest.ghash = br_ghash_pwr8_get();
    if (fastest.ghash == 0)
        fastest.ghash = WIDE ? &br_ghash_ctmul64 : &br_ghash_ctmul;
    probe_chapol();
#if KUMA_HAVE_INT128
    fastest.ec = &kuma_ec_fast;
    fastest.ecdsa_sign = &kuma_ecdsa_sign_asn1;
    fastest.ecdsa_vrfy = &kuma_ecdsa_vrfy_asn1;
#else
    fastest.ec = br_ec_get_default();
    fastest.ecdsa_sign = br_ecdsa_sign_asn1_get_default();
    fastest.ecdsa_vrfy = br_ecdsa_vrfy_asn1_get_default();
#endif
}

const kuma_algos *kuma_algos_get(void)
{
    return &fastest;
}

const br_ec_impl *kuma_ec_default(void)
{
    return fastest.ec;
}
