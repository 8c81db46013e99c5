/*
 * kumassl: elliptic-curve key and group objects (EC_KEY, EC_GROUP), as
 * OpenSSL's <openssl/ec.h>, for the named curves kumassl's TLS and keys use:
 * P-256 (NID_X9_62_prime256v1), P-384 (NID_secp384r1), P-521 (NID_secp521r1).
 * An EC_KEY made here names a curve (for SSL_CTX_set_tmp_ecdh); one taken
 * from an EVP_PKEY (EVP_PKEY_get1_EC_KEY) also knows that key's curve. There
 * is no point arithmetic API: EC operations are BearSSL's, through EVP and TLS.
 */
#ifndef KUMASSL_EC_H
#define KUMASSL_EC_H
#include <openssl/types.h>
#include <openssl/objects.h>
#ifdef __cplusplus
extern "C" {
#endif

#define EC_R_INVALID_CURVE 141
#define EC_R_UNKNOWN_GROUP 129
#define OPENSSL_EC_NAMED_CURVE 0x001

/* The group of a named curve; NULL with EC_R_UNKNOWN_GROUP for any other NID. */
EC_GROUP *EC_GROUP_new_by_curve_name(int nid);
void EC_GROUP_free(EC_GROUP *group);
/* The curve's NID; its size in bits. */
int EC_GROUP_get_curve_name(const EC_GROUP *group);
int EC_GROUP_get_degree(const EC_GROUP *group);
/* A key object on a named curve (no key value); NULL with EC_R_UNKNOWN_GROUP. */
EC_KEY *EC_KEY_new_by_curve_name(int nid);
/* Frees key (NULL allowed) / takes one more reference. */
void EC_KEY_free(EC_KEY *key);
int EC_KEY_up_ref(EC_KEY *key);
/* The key's group (owned by the key). */
const EC_GROUP *EC_KEY_get0_group(const EC_KEY *key);
/* The curve names OpenSSL's tools print ("P-256") / the NID for one; NULL / NID_undef. */
const char *EC_curve_nid2nist(int nid);
int EC_curve_nist2nid(const char *name);

#ifdef __cplusplus
}
#endif
#endif
