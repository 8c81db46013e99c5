/*
 * prims_br.c -- the P-256 and RSA figures of bench/prims.h over BearSSL's
 * API: the ECDSA and RSA calls BearSSL's TLS engine makes (ECDSA code and
 * br_ec_impl given, PKCS#1 v1.5 signing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "prims_br.h"

/* Fixed, below the order: timing does not depend on the value. */
static unsigned char priv[32] = { 0x3A, 0x51, 0x7C, 0x09, 0x88, 0x14, 0xE2, 0x6B };
static unsigned char peer_k[32] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
static unsigned char pub[65], peer[65], hash[32], sig[80];
static size_t sig_len;
static const br_ec_impl *made_for;

static void setup(const br_ec_impl *ec)
{
    if (made_for == ec)
        return;
    for (int i = 8; i < 32; i++) {
        priv[i] = (unsigned char)(i * 37);
        peer_k[i] = (unsigned char)(i * 53);
        hash[i] = (unsigned char)i;
    }
    if (ec->mulgen(pub, priv, 32, BR_EC_secp256r1) != 65
        || ec->mulgen(peer, peer_k, 32, BR_EC_secp256r1) != 65)
        bench_die("P-256 key generation");
    made_for = ec;
    sig_len = 0;
}

void prims_br_p256_ecdh(const br_ec_impl *ec)
{
    unsigned char pt[65];

    setup(ec);
    memcpy(pt, peer, 65);
    if (ec->mul(pt, 65, priv, 32, BR_EC_secp256r1) != 1)
        bench_die("P-256 ECDH");
}

void prims_br_p256_sign(const br_ec_impl *ec, br_ecdsa_sign sign)
{
    br_ec_private_key sk = { BR_EC_secp256r1, priv, 32 };

    setup(ec);
    sig_len = sign(ec, &br_sha256_vtable, hash, &sk, sig);
    if (sig_len == 0)
        bench_die("ECDSA signing");
}

void prims_br_p256_verify(const br_ec_impl *ec, br_ecdsa_sign sign, br_ecdsa_vrfy vrfy)
{
    br_ec_public_key pk = { BR_EC_secp256r1, pub, 65 };

    if (sig_len == 0 || made_for != ec)
        prims_br_p256_sign(ec, sign);
    if (vrfy(ec, hash, 32, &pk, sig, sig_len) != 1)
        bench_die("ECDSA verification");
}

/* CERTDIR/server-key.der (PKCS#8, RSA 2048), decoded once. */
static const br_rsa_private_key *rsa_key(void)
{
    static br_skey_decoder_context dc;
    static int loaded;
    unsigned char der[4096];
    char path[1024];
    size_t n;
    FILE *f;

    if (loaded)
        return br_skey_decoder_get_rsa(&dc);
    snprintf(path, sizeof(path), "%s/server-key.der", certdir);
    if ((f = fopen(path, "rb")) == NULL)
        bench_die(path);
    n = fread(der, 1, sizeof(der), f);
    fclose(f);
    br_skey_decoder_init(&dc);
    br_skey_decoder_push(&dc, der, n);
    if (br_skey_decoder_last_error(&dc) != 0 || br_skey_decoder_get_rsa(&dc) == NULL)
        bench_die("RSA key decoding");
    loaded = 1;
    return br_skey_decoder_get_rsa(&dc);
}

void prims_br_rsa2048_sign(void)
{
    unsigned char out[256];

    if (br_rsa_pkcs1_sign_get_default()(BR_HASH_OID_SHA256, hash, 32, rsa_key(), out) != 1)
        bench_die("RSA signing");
}
