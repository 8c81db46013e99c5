/*
 * prims_br.h -- bench/prims.h's P-256 and RSA operations over BearSSL's API
 * with a given br_ec_impl: what kumassl's engine calls (lib/crypto/fast's
 * code) and what plain BearSSL calls (br_ec_get_default()).
 */
#ifndef KUMA_BENCH_PRIMS_BR_H
#define KUMA_BENCH_PRIMS_BR_H
#include <bearssl.h>

void prims_br_p256_ecdh(const br_ec_impl *ec);
void prims_br_p256_sign(const br_ec_impl *ec, br_ecdsa_sign sign);
void prims_br_p256_verify(const br_ec_impl *ec, br_ecdsa_sign sign, br_ecdsa_vrfy vrfy);
/* br_rsa_pkcs1_sign_get_default() (i62 where BearSSL has it), as both engines take it. */
void prims_br_rsa2048_sign(void);

#endif
