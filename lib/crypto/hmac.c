/*
 * kumassl: HMAC (RFC 2104) as OpenSSL's <openssl/hmac.h>, over BearSSL's
 * br_hmac, and PBKDF2 (PKCS5_PBKDF2_HMAC) over pbkdf.c.
 */
#include <string.h>
#include <openssl/err.h>
#include "evp_int.h"

struct hmac_ctx_st {
    const EVP_MD *md;           /* NULL until HMAC_Init_ex */
    br_hmac_key_context key;
    br_hmac_context run;
};

HMAC_CTX *HMAC_CTX_new(void)
{
    HMAC_CTX *ctx = OPENSSL_zalloc(sizeof(*ctx));

    if (ctx == NULL)
        ERR_raise(ERR_LIB_EVP, ERR_R_MALLOC_FAILURE);
    return ctx;
}

int HMAC_CTX_reset(HMAC_CTX *ctx)
{
    if (ctx != NULL)
        OPENSSL_cleanse(ctx, sizeof(*ctx));
    return 1;
}

void HMAC_CTX_free(HMAC_CTX *ctx)
{
    HMAC_CTX_reset(ctx);
    OPENSSL_free(ctx);
}

int HMAC_Init_ex(HMAC_CTX *ctx, const void *key, int len, const EVP_MD *md, ENGINE *impl)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, ctx))
        return 0;
    if (impl != NULL) {
        ERR_raise_data(ERR_LIB_EVP, ERR_R_UNSUPPORTED, "kumassl has no ENGINE support");
        return 0;
    }
    if (len < 0 || (key == NULL && len > 0)) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_INVALID_KEY_LENGTH, "HMAC key length %d", len);
        return 0;
    }
    /* OpenSSL: a NULL md keeps the digest, a NULL key keeps the key (same digest only) */
    if (md != NULL && md != ctx->md && key == NULL) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_KEY_SET, "a new digest needs a key");
        return 0;
    }
    if (md == NULL)
        md = ctx->md;
    if (md == NULL) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_DIGEST_SET, "no digest given");
        return 0;
    }
    if (key != NULL)
        br_hmac_key_init(&ctx->key, md->cls, key, (size_t)len);
    ctx->md = md;
    br_hmac_init(&ctx->run, &ctx->key, 0);
    return 1;
}

int HMAC_Update(HMAC_CTX *ctx, const unsigned char *data, size_t len)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, ctx) || (data == NULL && len > 0 && KUMA_NULL_ARG(ERR_LIB_EVP, data)))
        return 0;
    if (ctx->md == NULL) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_DIGEST_SET, "HMAC_Update before HMAC_Init_ex");
        return 0;
    }
    br_hmac_update(&ctx->run, data, len);
    return 1;
}

int HMAC_Final(HMAC_CTX *ctx, unsigned char *md, unsigned int *len)
{
    size_t n;

    if (KUMA_NULL_ARG(ERR_LIB_EVP, ctx) || KUMA_NULL_ARG(ERR_LIB_EVP, md))
        return 0;
    if (ctx->md == NULL) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_DIGEST_SET, "HMAC_Final before HMAC_Init_ex");
        return 0;
    }
    n = br_hmac_out(&ctx->run, md);
    if (len != NULL)
        *len = (unsigned int)n;
    return 1;
}

int HMAC_CTX_copy(HMAC_CTX *dctx, HMAC_CTX *sctx)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, dctx) || KUMA_NULL_ARG(ERR_LIB_EVP, sctx))
        return 0;
    memcpy(dctx, sctx, sizeof(*dctx));     /* BearSSL's HMAC state holds no pointers into itself */
    return 1;
}

const EVP_MD *HMAC_CTX_get_md(const HMAC_CTX *ctx)
{
    return ctx != NULL ? ctx->md : NULL;
}

size_t HMAC_size(const HMAC_CTX *ctx)
{
    int n = EVP_MD_get_size(HMAC_CTX_get_md(ctx));

    return n > 0 ? (size_t)n : 0;
}

unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len, const unsigned char *d,
                    size_t n, unsigned char *md, unsigned int *md_len)
{
    static unsigned char last[EVP_MAX_MD_SIZE];     /* OpenSSL's behaviour for md == NULL */
    HMAC_CTX ctx;
    int ok;

    memset(&ctx, 0, sizeof(ctx));
    if (KUMA_NULL_ARG(ERR_LIB_EVP, evp_md))
        return NULL;
    if (key == NULL && key_len == 0)
        key = "";
    if (md == NULL)
        md = last;
    ok = HMAC_Init_ex(&ctx, key, key_len, evp_md, NULL) && HMAC_Update(&ctx, d, n)
         && HMAC_Final(&ctx, md, md_len);
    OPENSSL_cleanse(&ctx, sizeof(ctx));
    return ok ? md : NULL;
}

/* ---- PBKDF2 --------------------------------------------------------------------- */

int PKCS5_PBKDF2_HMAC(const char *pass, int passlen, const unsigned char *salt, int saltlen,
                      int iter, const EVP_MD *digest, int keylen, unsigned char *out)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, digest) || KUMA_NULL_ARG(ERR_LIB_EVP, out))
        return 0;
    if (pass == NULL) {
        pass = "";
        passlen = 0;
    } else if (passlen == -1) {
        passlen = (int)strlen(pass);
    }
    if (passlen < 0 || saltlen < 0 || (salt == NULL && saltlen > 0) || keylen <= 0 || iter < 1
        || (unsigned long)iter > KUMA_PBKDF2_MAX_ITER) {
        ERR_raise_data(ERR_LIB_EVP, ERR_R_PASSED_INVALID_ARGUMENT,
                       "PBKDF2: passlen %d, saltlen %d, iter %d, keylen %d", passlen, saltlen,
                       iter, keylen);
        return 0;
    }
    kuma_pbkdf2(digest->cls, (const unsigned char *)pass, (size_t)passlen, salt, (size_t)saltlen,
                (unsigned long)iter, out, (size_t)keylen);
    return 1;
}

int PKCS5_PBKDF2_HMAC_SHA1(const char *pass, int passlen, const unsigned char *salt, int saltlen,
                           int iter, int keylen, unsigned char *out)
{
    return PKCS5_PBKDF2_HMAC(pass, passlen, salt, saltlen, iter, EVP_sha1(), keylen, out);
}

int EVP_PBE_scrypt(const char *pass, size_t passlen, const unsigned char *salt, size_t saltlen,
                   uint64_t N, uint64_t r, uint64_t p, uint64_t maxmem, unsigned char *key,
                   size_t keylen)
{
    (void)pass; (void)passlen; (void)salt; (void)saltlen; (void)N; (void)r; (void)p;
    (void)maxmem; (void)key; (void)keylen;
    ERR_raise_data(ERR_LIB_EVP, ERR_R_UNSUPPORTED, "kumassl has no scrypt");
    return 0;
}

/* kumassl has no EVP_MAC objects (HMAC is HMAC_*): none can be given here. */
int EVP_MAC_CTX_set_params(EVP_MAC_CTX *ctx, const OSSL_PARAM *params)
{
    (void)ctx, (void)params;
    ERR_raise_data(ERR_LIB_EVP, ERR_R_UNSUPPORTED, "kumassl has no EVP_MAC (use HMAC_*)");
    return 0;
}
