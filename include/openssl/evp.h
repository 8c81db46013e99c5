/* kumassl: private keys, as OpenSSL's <openssl/evp.h> (keys only). */
#ifndef KUMASSL_EVP_H
#define KUMASSL_EVP_H
#include <stddef.h>
#include <stdint.h>
#include <openssl/types.h>
#include <openssl/objects.h>
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

/* ---- digest contexts (evp_md.c) ---- */
#define NID_md5_sha1 114
#define EVP_R_INPUT_NOT_INITIALIZED 111
#define EVP_R_INVALID_KEY_LENGTH 130
#define EVP_R_NO_DIGEST_SET 139
#define EVP_R_NO_KEY_SET 154
#define EVP_R_NOT_XOF_OR_INVALID_LENGTH 178
#define EVP_R_UPDATE_ERROR 189
#define EVP_MAX_BLOCK_LENGTH 32
#define EVP_MAX_KEY_LENGTH 64
#define EVP_MAX_IV_LENGTH 16
#define EVP_MD_FLAG_XOF 0x2

/* MD5 and SHA-1 side by side (36 bytes), as TLS 1.0's handshake hash. */
const EVP_MD *EVP_md5_sha1(void);
/* The input block size in bytes (64 or 128), the flags (0: no XOF) and OpenSSL 3.0's name ("SHA256"). */
int EVP_MD_get_block_size(const EVP_MD *md);
unsigned long EVP_MD_get_flags(const EVP_MD *md);
const char *EVP_MD_get0_name(const EVP_MD *md);
#define EVP_MD_block_size EVP_MD_get_block_size
#define EVP_MD_flags EVP_MD_get_flags
#define EVP_MD_name EVP_MD_get0_name
#define EVP_MD_nid EVP_MD_get_type
/* A digest by name ("SHA256", "sha256", "SHA2-256", "SHA-256") or NID; NULL when kumassl has none. */
const EVP_MD *EVP_get_digestbyname(const char *name);
const EVP_MD *EVP_get_digestbynid(int nid);
#define EVP_get_digestbyobj(a) EVP_get_digestbynid(OBJ_obj2nid(a))
/*
 * OpenSSL 3.0's fetch: the digest of that name (properties ignored; there
 * is one provider), NULL with ERR_R_FETCH_FAILED queued when kumassl has
 * none (SHA-3, SHAKE, BLAKE2). up_ref / free are no-ops on kumassl's
 * static descriptors but must still be paired as with OpenSSL.
 */
EVP_MD *EVP_MD_fetch(OSSL_LIB_CTX *ctx, const char *algorithm, const char *properties);
int EVP_MD_up_ref(EVP_MD *md);
void EVP_MD_free(EVP_MD *md);
/* Whether md is the digest of that name. */
int EVP_MD_is_a(const EVP_MD *md, const char *name);
/* Calls fn for each digest kumassl has. */
void EVP_MD_do_all_provided(OSSL_LIB_CTX *libctx, void (*fn)(EVP_MD *md, void *arg), void *arg);
/* 0: kumassl is no FIPS provider. */
int EVP_default_properties_is_fips_enabled(OSSL_LIB_CTX *libctx);

/* A digest context: new, reset (wiped), freed; copy duplicates a running digest. */
EVP_MD_CTX *EVP_MD_CTX_new(void);
int EVP_MD_CTX_reset(EVP_MD_CTX *ctx);
void EVP_MD_CTX_free(EVP_MD_CTX *ctx);
int EVP_MD_CTX_copy_ex(EVP_MD_CTX *out, const EVP_MD_CTX *in);
int EVP_MD_CTX_copy(EVP_MD_CTX *out, const EVP_MD_CTX *in);
const EVP_MD *EVP_MD_CTX_get0_md(const EVP_MD_CTX *ctx);
const EVP_MD *EVP_MD_CTX_md(const EVP_MD_CTX *ctx);
#define EVP_MD_CTX_create() EVP_MD_CTX_new()
#define EVP_MD_CTX_init(ctx) EVP_MD_CTX_reset((ctx))
#define EVP_MD_CTX_destroy(ctx) EVP_MD_CTX_free((ctx))
#define EVP_MD_CTX_get_size(e) EVP_MD_get_size(EVP_MD_CTX_get0_md(e))
#define EVP_MD_CTX_size EVP_MD_CTX_get_size
#define EVP_MD_CTX_get_block_size(e) EVP_MD_get_block_size(EVP_MD_CTX_get0_md(e))
#define EVP_MD_CTX_block_size EVP_MD_CTX_get_block_size
#define EVP_MD_CTX_get_type(e) EVP_MD_get_type(EVP_MD_CTX_get0_md(e))
#define EVP_MD_CTX_type EVP_MD_CTX_get_type
/*
 * Starts a digest (type NULL: the context's digest again; impl must be
 * NULL), adds data, writes the EVP_MD_get_size() bytes of the result. 1 on
 * success, 0 with an error queued. EVP_DigestFinal also resets the context.
 */
int EVP_DigestInit_ex(EVP_MD_CTX *ctx, const EVP_MD *type, ENGINE *impl);
int EVP_DigestInit_ex2(EVP_MD_CTX *ctx, const EVP_MD *type, const OSSL_PARAM *params);
int EVP_DigestInit(EVP_MD_CTX *ctx, const EVP_MD *type);
int EVP_DigestUpdate(EVP_MD_CTX *ctx, const void *d, size_t cnt);
int EVP_DigestFinal_ex(EVP_MD_CTX *ctx, unsigned char *md, unsigned int *s);
int EVP_DigestFinal(EVP_MD_CTX *ctx, unsigned char *md, unsigned int *s);
/* Always 0: kumassl has no extendable-output digest. */
int EVP_DigestFinalXOF(EVP_MD_CTX *ctx, unsigned char *md, size_t len);
/* Fails: kumassl has no scrypt (EVP_PBE_scrypt is declared here as in OpenSSL). */
int EVP_PBE_scrypt(const char *pass, size_t passlen, const unsigned char *salt, size_t saltlen,
                   uint64_t N, uint64_t r, uint64_t p, uint64_t maxmem, unsigned char *key,
                   size_t keylen);
/* PBKDF2 (RFC 8018) with HMAC over digest; passlen -1: strlen(pass). 1 on success. */
int PKCS5_PBKDF2_HMAC(const char *pass, int passlen, const unsigned char *salt, int saltlen,
                      int iter, const EVP_MD *digest, int keylen, unsigned char *out);
int PKCS5_PBKDF2_HMAC_SHA1(const char *pass, int passlen, const unsigned char *salt, int saltlen,
                           int iter, int keylen, unsigned char *out);


/* ---- symmetric ciphers (evp_cipher.c): AES-128/192/256-CBC over BearSSL's AES ---- */
#define EVP_CIPH_CBC_MODE 0x2
#define EVP_R_WRONG_FINAL_BLOCK_LENGTH 109
#define EVP_R_NO_CIPHER_SET 131
#define EVP_R_DATA_NOT_MULTIPLE_OF_BLOCK_LENGTH 138
const EVP_CIPHER *EVP_aes_128_cbc(void);
const EVP_CIPHER *EVP_aes_192_cbc(void);
const EVP_CIPHER *EVP_aes_256_cbc(void);
/* "AES-128-CBC" / "aes-128-cbc" (case-insensitive), NULL when unknown. */
const EVP_CIPHER *EVP_get_cipherbyname(const char *name);
/* A cipher's NID, name, key / IV / block sizes in bytes, mode (EVP_CIPH_CBC_MODE). */
int EVP_CIPHER_get_nid(const EVP_CIPHER *cipher);
const char *EVP_CIPHER_get0_name(const EVP_CIPHER *cipher);
int EVP_CIPHER_get_key_length(const EVP_CIPHER *cipher);
int EVP_CIPHER_get_iv_length(const EVP_CIPHER *cipher);
int EVP_CIPHER_get_block_size(const EVP_CIPHER *cipher);
unsigned long EVP_CIPHER_get_mode(const EVP_CIPHER *cipher);
#define EVP_CIPHER_nid EVP_CIPHER_get_nid
#define EVP_CIPHER_key_length EVP_CIPHER_get_key_length
#define EVP_CIPHER_iv_length EVP_CIPHER_get_iv_length
#define EVP_CIPHER_block_size EVP_CIPHER_get_block_size
/* A context (PKCS#7 padding on); reset wipes it for reuse; free wipes and frees. */
EVP_CIPHER_CTX *EVP_CIPHER_CTX_new(void);
int EVP_CIPHER_CTX_reset(EVP_CIPHER_CTX *ctx);
void EVP_CIPHER_CTX_free(EVP_CIPHER_CTX *ctx);
const EVP_CIPHER *EVP_CIPHER_CTX_get0_cipher(const EVP_CIPHER_CTX *ctx);
int EVP_CIPHER_CTX_get_key_length(const EVP_CIPHER_CTX *ctx);
int EVP_CIPHER_CTX_get_iv_length(const EVP_CIPHER_CTX *ctx);
int EVP_CIPHER_CTX_get_block_size(const EVP_CIPHER_CTX *ctx);
int EVP_CIPHER_CTX_is_encrypting(const EVP_CIPHER_CTX *ctx);
#define EVP_CIPHER_CTX_key_length EVP_CIPHER_CTX_get_key_length
#define EVP_CIPHER_CTX_iv_length EVP_CIPHER_CTX_get_iv_length
#define EVP_CIPHER_CTX_block_size EVP_CIPHER_CTX_get_block_size
/* 0 turns PKCS#7 padding off (the input must then be whole blocks). Always 1. */
int EVP_CIPHER_CTX_set_padding(EVP_CIPHER_CTX *ctx, int pad);
/*
 * Sets the cipher, key (key_length bytes) and IV (16 bytes); NULL keeps the
 * earlier one. enc 1 encrypts, 0 decrypts, -1 keeps. impl must be NULL.
 * 1 on success, 0 with an error queued (EVP_R_NO_CIPHER_SET, ...).
 */
int EVP_CipherInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl,
                      const unsigned char *key, const unsigned char *iv, int enc);
int EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl,
                       const unsigned char *key, const unsigned char *iv);
int EVP_DecryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl,
                       const unsigned char *key, const unsigned char *iv);
/*
 * Processes inl bytes; out (room for inl + 16; may be in itself) gets whole
 * blocks, *outl their length. Decrypting with padding holds the last block
 * back for Final. 1 on success.
 */
int EVP_CipherUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl);
int EVP_EncryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl);
int EVP_DecryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl);
/*
 * Encrypting: the padded last block (16 bytes). Decrypting: the last
 * block without its padding; 0 with EVP_R_BAD_DECRYPT when the padding is
 * wrong, EVP_R_WRONG_FINAL_BLOCK_LENGTH when the input was not whole blocks.
 */
int EVP_CipherFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl);
int EVP_EncryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl);
int EVP_DecryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl);


/* kumassl has no EVP_MAC: 0 with ERR_R_UNSUPPORTED (hmac.c). */
int EVP_MAC_CTX_set_params(EVP_MAC_CTX *ctx, const OSSL_PARAM *params);

/* ---- public keys and getters (pkey_pub.c) ---- */
#define EVP_R_EXPECTING_A_EC_KEY 142
/* OpenSSL 3.0's names of the getters above. */
int EVP_PKEY_get_id(const EVP_PKEY *pkey);
int EVP_PKEY_get_base_id(const EVP_PKEY *pkey);
int EVP_PKEY_get_bits(const EVP_PKEY *pkey);
/* The largest signature the key makes, in bytes (RSA: the modulus; EC: a DER ECDSA signature). */
int EVP_PKEY_get_size(const EVP_PKEY *pkey);
#define EVP_PKEY_size EVP_PKEY_get_size
/* The base type of a key type: EVP_PKEY_RSA / EVP_PKEY_EC as they are, NID_undef otherwise. */
int EVP_PKEY_type(int type);
/* An EC_KEY naming the key's curve (ec.h); NULL with EVP_R_EXPECTING_A_EC_KEY for another type. */
EC_KEY *EVP_PKEY_get1_EC_KEY(EVP_PKEY *pkey);

#ifdef __cplusplus
}
#endif
#endif
