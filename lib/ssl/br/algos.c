/*
 * kumassl: BearSSL's algorithm implementations, chosen once per process.
 *
 * BearSSL's br_ssl_*_init_full() pick the fastest AES, GHASH and ChaCha20
 * code the CPU supports by running CPUID, and they do so for every context:
 * once per connection, which in a virtual machine (where CPUID traps to the
 * hypervisor) cost about 5 % of a full handshake.  These initialisers set up
 * the same algorithms as init_full, with the CPU probed once, when the
 * library is loaded (before any thread of the program can use it).
 */
#include "br_int.h"

static kuma_algos fastest;

const kuma_algos *kuma_algos_fastest(void)
{
    return &fastest;
}

/* A 64-bit machine: BearSSL's constant-time code has 64-bit variants there. */
#define WIDE (sizeof(void *) >= 8)

/* The x86 AES-NI code, else POWER8's, else constant-time code; NULL members when neither exists. */
static void probe_aes(void)
{
    fastest.cbcenc = br_aes_x86ni_cbcenc_get_vtable();
    fastest.cbcdec = br_aes_x86ni_cbcdec_get_vtable();
    fastest.ctr = br_aes_x86ni_ctr_get_vtable();
    fastest.ctrcbc = br_aes_x86ni_ctrcbc_get_vtable();
    if (fastest.cbcenc != NULL && fastest.cbcdec != NULL && fastest.ctr != NULL
        && fastest.ctrcbc != NULL)
        return;
    fastest.cbcenc = br_aes_pwr8_cbcenc_get_vtable();
    fastest.cbcdec = br_aes_pwr8_cbcdec_get_vtable();
    fastest.ctr = br_aes_pwr8_ctr_get_vtable();
    fastest.ctrcbc = br_aes_pwr8_ctrcbc_get_vtable();
    if (fastest.cbcenc != NULL && fastest.cbcdec != NULL && fastest.ctr != NULL
        && fastest.ctrcbc != NULL)
        return;
    fastest.cbcenc = WIDE ? &br_aes_ct64_cbcenc_vtable : &br_aes_ct_cbcenc_vtable;
    fastest.cbcdec = WIDE ? &br_aes_ct64_cbcdec_vtable : &br_aes_ct_cbcdec_vtable;
    fastest.ctr = WIDE ? &br_aes_ct64_ctr_vtable : &br_aes_ct_ctr_vtable;
    fastest.ctrcbc = WIDE ? &br_aes_ct64_ctrcbc_vtable : &br_aes_ct_ctrcbc_vtable;
}

/* BearSSL's own order of preference, as its br_ssl_engine_set_default_*() apply it. */
static void __attribute__((constructor)) probe_cpu(void)
{
    probe_aes();
    fastest.ghash = br_ghash_pclmul_get();
    if (fastest.ghash == 0)
        fastest.ghash = br_ghash_pwr8_get();
    if (fastest.ghash == 0)
        fastest.ghash = WIDE ? &br_ghash_ctmul64 : &br_ghash_ctmul;
    fastest.chacha20 = br_chacha20_sse2_get();
    if (fastest.chacha20 == 0)
        fastest.chacha20 = &br_chacha20_ct_run;
    fastest.poly1305 = br_poly1305_ctmulq_get();
    if (fastest.poly1305 == 0)
        fastest.poly1305 = &br_poly1305_ctmul_run;
}

/* Hashes, PRFs, record protections and ciphers: what init_full installs on both sides. */
static void set_common(br_ssl_engine_context *eng)
{
    static const br_hash_class *const hashes[] = {
        &br_md5_vtable, &br_sha1_vtable, &br_sha224_vtable,
        &br_sha256_vtable, &br_sha384_vtable, &br_sha512_vtable
    };
    int id;

    for (id = br_md5_ID; id <= br_sha512_ID; id++)
        br_ssl_engine_set_hash(eng, id, hashes[id - br_md5_ID]);
    br_ssl_engine_set_prf10(eng, &br_tls10_prf);
    br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
    br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
    br_ssl_engine_set_cbc(eng, &br_sslrec_in_cbc_vtable, &br_sslrec_out_cbc_vtable);
    br_ssl_engine_set_aes_cbc(eng, fastest.cbcenc, fastest.cbcdec);
    br_ssl_engine_set_des_cbc(eng, &br_des_ct_cbcenc_vtable, &br_des_ct_cbcdec_vtable);
    br_ssl_engine_set_gcm(eng, &br_sslrec_in_gcm_vtable, &br_sslrec_out_gcm_vtable);
    br_ssl_engine_set_aes_ctr(eng, fastest.ctr);
    br_ssl_engine_set_ghash(eng, fastest.ghash);
    br_ssl_engine_set_ccm(eng, &br_sslrec_in_ccm_vtable, &br_sslrec_out_ccm_vtable);
    br_ssl_engine_set_aes_ctrcbc(eng, fastest.ctrcbc);
    br_ssl_engine_set_chapol(eng, &br_sslrec_in_chapol_vtable, &br_sslrec_out_chapol_vtable);
    br_ssl_engine_set_chacha20(eng, fastest.chacha20);
    br_ssl_engine_set_poly1305(eng, fastest.poly1305);
    /* ECDHE, and checking ServerKeyExchange / CertificateVerify signatures */
    br_ssl_engine_set_default_ec(eng);
    br_ssl_engine_set_default_rsavrfy(eng);
    br_ssl_engine_set_default_ecdsa(eng);
}

void kuma_br_client_init(br_ssl_client_context *cc)
{
    br_ssl_client_zero(cc);
    set_common(&cc->eng);
    br_ssl_client_set_default_rsapub(cc);
}

void kuma_br_server_init(br_ssl_server_context *sc)
{
    br_ssl_server_zero(sc);
    set_common(&sc->eng);
}
