/*
 * kumassl: message digests (EVP_MD, EVP_MD_CTX), as OpenSSL 3.0's
 * <openssl/evp.h>, over BearSSL's hash functions (br_hash_class).
 *
 * The descriptors are static: EVP_MD_fetch hands out the same ones, and
 * EVP_MD_up_ref / EVP_MD_free have nothing to count. SHA-3, SHAKE and
 * BLAKE2 are not in BearSSL: asking for them fails with a fetch error
 * naming the algorithm, so programs (Python's hashlib) fall back to their
 * own implementations.
 */
#include <string.h>
#include <strings.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include "evp_int.h"

#define MD(nid, cls, name) { nid, &cls, name }
static const EVP_MD md_all[] = {
    MD(NID_md5, br_md5_vtable, "MD5"),
    MD(NID_sha1, br_sha1_vtable, "SHA1"),
    MD(NID_sha224, br_sha224_vtable, "SHA224"),
    MD(NID_sha256, br_sha256_vtable, "SHA256"),
    MD(NID_sha384, br_sha384_vtable, "SHA384"),
    MD(NID_sha512, br_sha512_vtable, "SHA512"),
    MD(NID_md5_sha1, br_md5sha1_vtable, "MD5-SHA1"),
};
#define MD_COUNT (sizeof(md_all) / sizeof(md_all[0]))

const EVP_MD *EVP_md5(void) { return &md_all[0]; }
const EVP_MD *EVP_sha1(void) { return &md_all[1]; }
const EVP_MD *EVP_sha224(void) { return &md_all[2]; }
const EVP_MD *EVP_sha256(void) { return &md_all[3]; }
const EVP_MD *EVP_sha384(void) { return &md_all[4]; }
const EVP_MD *EVP_sha512(void) { return &md_all[5]; }
const EVP_MD *EVP_md5_sha1(void) { return &md_all[6]; }

int EVP_MD_get_size(const EVP_MD *md)
{
    if (md == NULL)
        return -1;
    return (int)((md->cls->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK);
}

int EVP_MD_get_type(const EVP_MD *md)
{
    return md != NULL ? md->nid : NID_undef;
}

int EVP_MD_get_block_size(const EVP_MD *md)
{
    if (md == NULL)
        return -1;
    return 1 << ((md->cls->desc >> BR_HASHDESC_LBLEN_OFF) & BR_HASHDESC_LBLEN_MASK);
}

unsigned long EVP_MD_get_flags(const EVP_MD *md)
{
    (void)md;
    return 0;           /* no EVP_MD_FLAG_XOF, no one-shot-only digests */
}

const char *EVP_MD_get0_name(const EVP_MD *md)
{
    return md != NULL ? md->name : NULL;
}

/* "SHA256", "sha256", "SHA2-256", "SHA-256" and the OID name all name SHA-256. */
static int md_name_matches(const EVP_MD *md, const char *name)
{
    static const char *const sha2[][2] = {
        { "SHA224", "SHA2-224" }, { "SHA256", "SHA2-256" },
        { "SHA384", "SHA2-384" }, { "SHA512", "SHA2-512" },
    };
    size_t i;

    if (strcasecmp(name, md->name) == 0 || strcasecmp(name, OBJ_nid2ln(md->nid)) == 0)
        return 1;
    for (i = 0; i < sizeof(sha2) / sizeof(sha2[0]); i++)
        if (strcmp(md->name, sha2[i][0]) == 0
            && (strcasecmp(name, sha2[i][1]) == 0
                || (strncasecmp(name, "SHA-", 4) == 0 && strcmp(name + 4, sha2[i][0] + 3) == 0)))
            return 1;
    return 0;
}

const EVP_MD *EVP_get_digestbyname(const char *name)
{
    size_t i;

    if (name == NULL)
        return NULL;
    for (i = 0; i < MD_COUNT; i++)
        if (md_name_matches(&md_all[i], name))
            return &md_all[i];
    return NULL;
}

const EVP_MD *EVP_get_digestbynid(int nid)
{
    size_t i;

    for (i = 0; i < MD_COUNT; i++)
        if (md_all[i].nid == nid)
            return &md_all[i];
    return NULL;
}

EVP_MD *EVP_MD_fetch(OSSL_LIB_CTX *ctx, const char *algorithm, const char *properties)
{
    const EVP_MD *md = EVP_get_digestbyname(algorithm);

    (void)ctx;
    (void)properties;
    if (md == NULL)
        ERR_raise_data(ERR_LIB_EVP, ERR_R_FETCH_FAILED,
                       "kumassl has no digest \"%.40s\" (BearSSL has MD5, SHA-1 and SHA-2)",
                       algorithm != NULL ? algorithm : "(null)");
    return (EVP_MD *)md;
}

int EVP_MD_up_ref(EVP_MD *md)
{
    return md != NULL;
}

void EVP_MD_free(EVP_MD *md)
{
    (void)md;
}

int EVP_MD_is_a(const EVP_MD *md, const char *name)
{
    return md != NULL && name != NULL && md_name_matches(md, name);
}

void EVP_MD_do_all_provided(OSSL_LIB_CTX *libctx, void (*fn)(EVP_MD *md, void *arg), void *arg)
{
    size_t i;

    (void)libctx;
    for (i = 0; i < MD_COUNT; i++)
        fn((EVP_MD *)&md_all[i], arg);
}

int EVP_default_properties_is_fips_enabled(OSSL_LIB_CTX *libctx)
{
    (void)libctx;
    return 0;
}

/* ---- contexts ----------------------------------------------------------------- */

EVP_MD_CTX *EVP_MD_CTX_new(void)
{
    EVP_MD_CTX *ctx = OPENSSL_zalloc(sizeof(*ctx));

    if (ctx == NULL)
        ERR_raise(ERR_LIB_EVP, ERR_R_MALLOC_FAILURE);
    return ctx;
}

int EVP_MD_CTX_reset(EVP_MD_CTX *ctx)
{
    if (ctx != NULL)
        OPENSSL_cleanse(ctx, sizeof(*ctx));
    return 1;
}

void EVP_MD_CTX_free(EVP_MD_CTX *ctx)
{
    EVP_MD_CTX_reset(ctx);
    OPENSSL_free(ctx);
}

int EVP_MD_CTX_copy_ex(EVP_MD_CTX *out, const EVP_MD_CTX *in)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, out) || KUMA_NULL_ARG(ERR_LIB_EVP, in))
        return 0;
    if (in->md == NULL) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_INPUT_NOT_INITIALIZED, "the digest context was never initialised");
        return 0;
    }
    /* BearSSL's hash contexts hold no pointers but their vtable: a byte copy is a copy */
    memcpy(out, in, sizeof(*out));
    return 1;
}

int EVP_MD_CTX_copy(EVP_MD_CTX *out, const EVP_MD_CTX *in)
{
    EVP_MD_CTX_reset(out);
    return EVP_MD_CTX_copy_ex(out, in);
}

const EVP_MD *EVP_MD_CTX_get0_md(const EVP_MD_CTX *ctx)
{
    return ctx != NULL ? ctx->md : NULL;
}

const EVP_MD *EVP_MD_CTX_md(const EVP_MD_CTX *ctx)
{
    return EVP_MD_CTX_get0_md(ctx);
}

int EVP_DigestInit_ex(EVP_MD_CTX *ctx, const EVP_MD *type, ENGINE *impl)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, ctx))
        return 0;
    if (impl != NULL) {
        ERR_raise_data(ERR_LIB_EVP, ERR_R_UNSUPPORTED, "kumassl has no ENGINE support");
        return 0;
    }
    if (type == NULL)
        type = ctx->md;         /* OpenSSL: restart with the digest already set */
    if (type == NULL) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_DIGEST_SET, "no digest given");
        return 0;
    }
    ctx->md = type;
    type->cls->init(&ctx->hc.vtable);
    return 1;
}

int EVP_DigestInit_ex2(EVP_MD_CTX *ctx, const EVP_MD *type, const OSSL_PARAM *params)
{
    (void)params;
    return EVP_DigestInit_ex(ctx, type, NULL);
}

int EVP_DigestInit(EVP_MD_CTX *ctx, const EVP_MD *type)
{
    EVP_MD_CTX_reset(ctx);
    return EVP_DigestInit_ex(ctx, type, NULL);
}

static int ctx_ready(const EVP_MD_CTX *ctx)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, ctx))
        return 0;
    if (ctx->md == NULL) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_UPDATE_ERROR, "the digest context was never initialised");
        return 0;
    }
    return 1;
}

int EVP_DigestUpdate(EVP_MD_CTX *ctx, const void *d, size_t cnt)
{
    if (!ctx_ready(ctx) || (d == NULL && cnt > 0 && KUMA_NULL_ARG(ERR_LIB_EVP, d)))
        return 0;
    ctx->md->cls->update(&ctx->hc.vtable, d, cnt);
    return 1;
}

int EVP_DigestFinal_ex(EVP_MD_CTX *ctx, unsigned char *md, unsigned int *s)
{
    if (!ctx_ready(ctx) || KUMA_NULL_ARG(ERR_LIB_EVP, md))
        return 0;
    ctx->md->cls->out(&ctx->hc.vtable, md);
    if (s != NULL)
        *s = (unsigned int)EVP_MD_get_size(ctx->md);
    OPENSSL_cleanse(&ctx->hc, sizeof(ctx->hc));     /* state of a finished digest is not reused */
    return 1;
}

int EVP_DigestFinal(EVP_MD_CTX *ctx, unsigned char *md, unsigned int *s)
{
    int r = EVP_DigestFinal_ex(ctx, md, s);

    EVP_MD_CTX_reset(ctx);
    return r;
}

int EVP_DigestFinalXOF(EVP_MD_CTX *ctx, unsigned char *md, size_t len)
{
    (void)ctx;
    (void)md;
    (void)len;
    ERR_raise_data(ERR_LIB_EVP, EVP_R_NOT_XOF_OR_INVALID_LENGTH,
                   "kumassl has no extendable-output digest (SHAKE)");
    return 0;
}

int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *size,
               const EVP_MD *type, ENGINE *impl)
{
    EVP_MD_CTX ctx;
    int ok;

    memset(&ctx, 0, sizeof(ctx));
    if (KUMA_NULL_ARG(ERR_LIB_EVP, type))
        return 0;
    ok = EVP_DigestInit_ex(&ctx, type, impl) && EVP_DigestUpdate(&ctx, data, count)
         && EVP_DigestFinal_ex(&ctx, md, size);
    OPENSSL_cleanse(&ctx, sizeof(ctx));
    return ok;
}

int CRYPTO_memcmp(const void *in_a, const void *in_b, size_t len)
{
    const volatile unsigned char *a = in_a, *b = in_b;
    unsigned char x = 0;
    size_t i;

    for (i = 0; i < len; i++)
        x |= a[i] ^ b[i];
    return x;
}
