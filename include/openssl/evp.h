/* kumassl: private keys, as OpenSSL's <openssl/evp.h> (keys only). */
#ifndef KUMASSL_EVP_H
#define KUMASSL_EVP_H
#include <stddef.h>
#include <openssl/types.h>
#ifdef __cplusplus
extern "C" {
#endif

#define EVP_PKEY_NONE 0
#define EVP_PKEY_RSA  6
#define EVP_PKEY_EC   408

#define EVP_R_BAD_DECRYPT 100
#define EVP_R_UNSUPPORTED_PRIVATE_KEY_ALGORITHM 118
#define EVP_R_DIFFERENT_KEY_TYPES 101

/* ---- message digests: static descriptors over BearSSL's hash functions ---- */

#define EVP_MAX_MD_SIZE 64
#define NID_md5    4
#define NID_sha1   64
#define NID_sha256 672
#define NID_sha384 673
#define NID_sha512 674
#define NID_sha224 675

const EVP_MD *EVP_md5(void);
const EVP_MD *EVP_sha1(void);
const EVP_MD *EVP_sha224(void);
const EVP_MD *EVP_sha256(void);
const EVP_MD *EVP_sha384(void);
const EVP_MD *EVP_sha512(void);
/* The output size in bytes (-1 for NULL) and the NID of a digest. */
int EVP_MD_get_size(const EVP_MD *md);
int EVP_MD_get_type(const EVP_MD *md);
#define EVP_MD_size EVP_MD_get_size
#define EVP_MD_type EVP_MD_get_type
/* Hashes count bytes into md (EVP_MD_get_size bytes); impl must be NULL. 1 on success. */
int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *size,
               const EVP_MD *type, ENGINE *impl);

/* A new empty key. */
EVP_PKEY *EVP_PKEY_new(void);
/* Drops a reference; frees at zero, wiping the key material. */
void EVP_PKEY_free(EVP_PKEY *pkey);
int EVP_PKEY_up_ref(EVP_PKEY *pkey);
/* EVP_PKEY_RSA or EVP_PKEY_EC. */
int EVP_PKEY_id(const EVP_PKEY *pkey);
int EVP_PKEY_base_id(const EVP_PKEY *pkey);
/* Key size in bits (RSA modulus, EC curve order). */
int EVP_PKEY_bits(const EVP_PKEY *pkey);
/* Decodes an unencrypted DER private key (PKCS#1, SEC1 or PKCS#8), type-checked when type != 0. */
EVP_PKEY *d2i_PrivateKey(int type, EVP_PKEY **a, const unsigned char **pp, long length);
EVP_PKEY *d2i_AutoPrivateKey(EVP_PKEY **a, const unsigned char **pp, long length);

#ifdef __cplusplus
}
#endif
#endif
