/* kumassl: HMAC (RFC 2104), as OpenSSL's <openssl/hmac.h>, over BearSSL's br_hmac. */
#ifndef KUMASSL_HMAC_H
#define KUMASSL_HMAC_H
#include <stddef.h>
#include <openssl/types.h>
#include <openssl/evp.h>
#ifdef __cplusplus
extern "C" {
#endif

#define HMAC_MAX_MD_CBLOCK 200

/* A context: new (empty), reset (wiped), freed. */
HMAC_CTX *HMAC_CTX_new(void);
int HMAC_CTX_reset(HMAC_CTX *ctx);
void HMAC_CTX_free(HMAC_CTX *ctx);
/*
 * Starts a MAC with key (len bytes) and md. A NULL md keeps the context's
 * digest; a NULL key keeps its key (then md must be NULL or unchanged).
 * impl must be NULL. 1 on success, 0 with an error queued.
 */
int HMAC_Init_ex(HMAC_CTX *ctx, const void *key, int len, const EVP_MD *md, ENGINE *impl);
int HMAC_Update(HMAC_CTX *ctx, const unsigned char *data, size_t len);
/* Writes the MAC (HMAC_size bytes) into md and its length into *len (if not NULL). */
int HMAC_Final(HMAC_CTX *ctx, unsigned char *md, unsigned int *len);
int HMAC_CTX_copy(HMAC_CTX *dctx, HMAC_CTX *sctx);
const EVP_MD *HMAC_CTX_get_md(const HMAC_CTX *ctx);
size_t HMAC_size(const HMAC_CTX *ctx);
/* One-shot HMAC into md (a static buffer when md is NULL, as OpenSSL); NULL on error. */
unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d,
                    size_t n, unsigned char *md, unsigned int *md_len);

#ifdef __cplusplus
}
#endif
#endif
