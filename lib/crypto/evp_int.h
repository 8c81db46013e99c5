/*
 * kumassl: EVP digests and HMAC inside libcrypto (evp_md.c, hmac.c).
 */
#ifndef KUMASSL_EVP_INT_H
#define KUMASSL_EVP_INT_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "crypto_int.h"

/* A digest: OpenSSL's NID and name over a BearSSL hash class. */
struct evp_md_st {
    int nid;
    const br_hash_class *cls;
    const char *name;           /* EVP_MD_get0_name: OpenSSL 3.0's provider name */
};

struct evp_md_ctx_st {
    const EVP_MD *md;           /* NULL until EVP_DigestInit_ex */
    br_hash_compat_context hc;
};

#endif
