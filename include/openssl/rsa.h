/*
 * kumassl: <openssl/rsa.h>. kumassl has RSA keys only as EVP_PKEY (keys.c)
 * and no RSA object API (RSA_new, RSA_sign, ...): this header gives the
 * padding and exponent constants EVP code uses, and the RSA type name, so
 * that a program using the RSA_* functions fails to compile here instead of
 * picking up another OpenSSL's header.
 */
#ifndef KUMASSL_RSA_H
#define KUMASSL_RSA_H
#include <openssl/types.h>
#include <openssl/evp.h>

typedef struct rsa_st RSA;
#define RSA_PKCS1_PADDING 1
#define RSA_NO_PADDING 3
#define RSA_PKCS1_OAEP_PADDING 4
#define RSA_X931_PADDING 5
#define RSA_PKCS1_PSS_PADDING 6
#define RSA_3 0x3L
#define RSA_F4 0x10001L

#endif
