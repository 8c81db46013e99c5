/*
 * kumassl: the algorithms of BearSSL's engine, as br_ssl_*_init_full() sets
 * them up, but with the implementations libcrypto chose once per process
 * (lib/crypto/fast/select.c: kumassl's fast code, else BearSSL's fastest)
 * instead of probing the CPU for every context.
 */
#include <string.h>
#include "br_int.h"
#include "fast/fast.h"

/* Hashes, PRFs, record protections and ciphers: what init_full installs on both sides. */
static void set_common(br_ssl_engine_context *eng)
{
    static const br_hash_class *const hashes[] = {
        &br_md5_vtable, &br_sha1_vtable, &br_sha224_vtable,
        &br_sha256_vtable, &br_sha384_vtable, &br_sha512_vtable
    };
    const kuma_algos *fastest = kuma_algos_get();
    int id;

    for (id = br_md5_ID; id <= br_sha512_ID; id++)
        br_ssl_engine_set_hash(eng, id, hashes[id - br_md5_ID]);
    br_ssl_engine_set_prf10(eng, &br_tls10_prf);
    br_ssl_engine_set_prf_sha256(eng, &br_tls12_sha256_prf);
    br_ssl_engine_set_prf_sha384(eng, &br_tls12_sha384_prf);
    br_ssl_engine_set_cbc(eng, &br_sslrec_in_cbc_vtable, &br_sslrec_out_cbc_vtable);
    br_ssl_engine_set_aes_cbc(eng, fastest->aes_cbcenc, fastest->aes_cbcdec);
    br_ssl_engine_set_des_cbc(eng, &br_des_ct_cbcenc_vtable, &br_des_ct_cbcdec_vtable);
    br_ssl_engine_set_gcm(eng, &br_sslrec_in_gcm_vtable, &br_sslrec_out_gcm_vtable);
    br_ssl_engine_set_aes_ctr(eng, fastest->aes_ctr);
    br_ssl_engine_set_ghash(eng, fastest->ghash);
    br_ssl_engine_set_ccm(eng, &br_sslrec_in_ccm_vtable, &br_sslrec_out_ccm_vtable);
    br_ssl_engine_set_aes_ctrcbc(eng, fastest->aes_ctrcbc);
    br_ssl_engine_set_chapol(eng, &br_sslrec_in_chapol_vtable, &br_sslrec_out_chapol_vtable);
    br_ssl_engine_set_chacha20(eng, fastest->chacha20);
    br_ssl_engine_set_poly1305(eng, fastest->poly1305);
    /* ECDHE, and checking ServerKeyExchange / CertificateVerify signatures */
    br_ssl_engine_set_ec(eng, fastest->ec);
    br_ssl_engine_set_default_rsavrfy(eng);
    br_ssl_engine_set_ecdsa(eng, fastest->ecdsa_vrfy);
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

/* A suite that protects records with HMAC-SHA-1 (OpenSSL names them *_SHA). */
static int uses_sha1_mac(uint16_t id)
{
    const SSL_CIPHER *c = kuma_cipher_by_id(id);
    size_t n = c != NULL ? strlen(c->std_name) : 0;

    return n >= 4 && strcmp(c->std_name + n - 4, "_SHA") == 0;
}

/*
 * The hashes BearSSL has are also the signature hashes it offers (client)
 * and accepts (both sides) in TLS 1.2. RFC 9155 forbids SHA-1 there, and
 * OpenSSL 3.0 refuses SHA-1 and offers no SHA-224 at its default level:
 * SHA-224 serves nothing else, so it goes; SHA-1 goes unless the
 * connection may need it for TLS 1.0/1.1 (their PRF, Finished and
 * signatures) or for the MAC of a CBC-SHA suite.
 */
void kuma_br_drop_weak_hashes(br_ssl_engine_context *eng)
{
    size_t i;
    int sha1_needed = eng->version_min < BR_TLS12;

    for (i = 0; i < eng->suites_num && !sha1_needed; i++)
        sha1_needed = uses_sha1_mac(eng->suites_buf[i]);
    br_ssl_engine_set_hash(eng, br_sha224_ID, NULL);
    if (!sha1_needed)
        br_ssl_engine_set_hash(eng, br_sha1_ID, NULL);
}
