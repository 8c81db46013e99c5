/*
 * kumassl: MD5's low-level API, as OpenSSL's <openssl/md5.h> (deprecated
 * there in 3.0 in favour of EVP; kept because programs such as libcurl
 * call it). MD5_CTX has OpenSSL's size, so programs built against either
 * header allocate enough; its fields hold kumassl's (BearSSL's) state, not
 * OpenSSL's, and are not to be read.
 */
#ifndef KUMASSL_MD5_H
#define KUMASSL_MD5_H
#include <stddef.h>
#include <openssl/e_os2.h>
#ifdef __cplusplus
extern "C" {
#endif

#define MD5_LONG unsigned int
#define MD5_CBLOCK 64
#define MD5_LBLOCK (MD5_CBLOCK / 4)
#define MD5_DIGEST_LENGTH 16

typedef struct MD5state_st {
    MD5_LONG A, B, C, D;
    MD5_LONG Nl, Nh;
    MD5_LONG data[MD5_LBLOCK];
    unsigned int num;
} MD5_CTX;

/* Init / Update / Final return 1 (Final writes 16 bytes); MD5() hashes n bytes into md
 * (a static buffer when md is NULL, as OpenSSL) and returns md. */
int MD5_Init(MD5_CTX *c);
int MD5_Update(MD5_CTX *c, const void *data, size_t len);
int MD5_Final(unsigned char *md, MD5_CTX *c);
unsigned char *MD5(const unsigned char *d, size_t n, unsigned char *md);

#ifdef __cplusplus
}
#endif
#endif
