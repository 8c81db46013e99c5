/*
 * kumassl: the low-level digest API (md5.h, sha.h) over BearSSL's hash
 * contexts. A BearSSL context is a class pointer followed by its state;
 * the state (without the pointer) is kept in the caller's OpenSSL-sized
 * context and put back into a BearSSL context around each call.
 */
#include <stddef.h>
#include <string.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include "crypto_int.h"

#define STATE_OF(type) (sizeof(type) - offsetof(type, buf))
_Static_assert(STATE_OF(br_md5_context) <= sizeof(MD5_CTX), "MD5_CTX too small for BearSSL's state");
_Static_assert(STATE_OF(br_sha1_context) <= sizeof(SHA_CTX), "SHA_CTX too small");
_Static_assert(STATE_OF(br_sha256_context) <= sizeof(SHA256_CTX), "SHA256_CTX too small");
_Static_assert(STATE_OF(br_sha512_context) <= sizeof(SHA512_CTX), "SHA512_CTX too small");

/* One hash: BearSSL's class, the offset and size of the state after its class pointer. */
typedef struct {
    const br_hash_class *vt;
    size_t state_off, state_len;
} hash_kind;

#define KIND(cls, type) { &cls, offsetof(type, buf), STATE_OF(type) }
static const hash_kind MD5_K = KIND(br_md5_vtable, br_md5_context);
static const hash_kind SHA1_K = KIND(br_sha1_vtable, br_sha1_context);
static const hash_kind SHA224_K = KIND(br_sha224_vtable, br_sha224_context);
static const hash_kind SHA256_K = KIND(br_sha256_vtable, br_sha256_context);
static const hash_kind SHA384_K = KIND(br_sha384_vtable, br_sha384_context);
static const hash_kind SHA512_K = KIND(br_sha512_vtable, br_sha512_context);

static int h_init(const hash_kind *k, void *ctx)
{
    br_hash_compat_context hc;

    if (ctx == NULL)
        return 0;
    k->vt->init(&hc.vtable);
    memcpy(ctx, (unsigned char *)&hc + k->state_off, k->state_len);
    return 1;
}

static void h_load(const hash_kind *k, br_hash_compat_context *hc, const void *ctx)
{
    hc->vtable = k->vt;
    memcpy((unsigned char *)hc + k->state_off, ctx, k->state_len);
}

static int h_update(const hash_kind *k, void *ctx, const void *data, size_t len)
{
    br_hash_compat_context hc;

    if (ctx == NULL || (data == NULL && len > 0))
        return 0;
    h_load(k, &hc, ctx);
    hc.vtable->update(&hc.vtable, data, len);
    memcpy(ctx, (unsigned char *)&hc + k->state_off, k->state_len);
    OPENSSL_cleanse(&hc, sizeof(hc));
    return 1;
}

/* Writes the digest and wipes the context, as OpenSSL's Final does. */
static int h_final(const hash_kind *k, unsigned char *md, void *ctx)
{
    br_hash_compat_context hc;

    if (ctx == NULL || md == NULL)
        return 0;
    h_load(k, &hc, ctx);
    hc.vtable->out(&hc.vtable, md);
    OPENSSL_cleanse(&hc, sizeof(hc));
    OPENSSL_cleanse(ctx, k->state_len);
    return 1;
}

static unsigned char *h_oneshot(const hash_kind *k, const unsigned char *d, size_t n, unsigned char *md,
                                unsigned char *fallback)
{
    br_hash_compat_context hc;

    if (md == NULL)
        md = fallback;
    k->vt->init(&hc.vtable);
    hc.vtable->update(&hc.vtable, d, n);
    hc.vtable->out(&hc.vtable, md);
    OPENSSL_cleanse(&hc, sizeof(hc));
    return md;
}

int MD5_Init(MD5_CTX *c) { return h_init(&MD5_K, c); }
int MD5_Update(MD5_CTX *c, const void *data, size_t len) { return h_update(&MD5_K, c, data, len); }
int MD5_Final(unsigned char *md, MD5_CTX *c) { return h_final(&MD5_K, md, c); }
int SHA1_Init(SHA_CTX *c) { return h_init(&SHA1_K, c); }
int SHA1_Update(SHA_CTX *c, const void *data, size_t len) { return h_update(&SHA1_K, c, data, len); }
int SHA1_Final(unsigned char *md, SHA_CTX *c) { return h_final(&SHA1_K, md, c); }
int SHA224_Init(SHA256_CTX *c) { return h_init(&SHA224_K, c); }
int SHA224_Update(SHA256_CTX *c, const void *data, size_t len) { return h_update(&SHA224_K, c, data, len); }
int SHA224_Final(unsigned char *md, SHA256_CTX *c) { return h_final(&SHA224_K, md, c); }
int SHA256_Init(SHA256_CTX *c) { return h_init(&SHA256_K, c); }
int SHA256_Update(SHA256_CTX *c, const void *data, size_t len) { return h_update(&SHA256_K, c, data, len); }
int SHA256_Final(unsigned char *md, SHA256_CTX *c) { return h_final(&SHA256_K, md, c); }
int SHA384_Init(SHA512_CTX *c) { return h_init(&SHA384_K, c); }
int SHA384_Update(SHA512_CTX *c, const void *data, size_t len) { return h_update(&SHA384_K, c, data, len); }
int SHA384_Final(unsigned char *md, SHA512_CTX *c) { return h_final(&SHA384_K, md, c); }
int SHA512_Init(SHA512_CTX *c) { return h_init(&SHA512_K, c); }
int SHA512_Update(SHA512_CTX *c, const void *data, size_t len) { return h_update(&SHA512_K, c, data, len); }
int SHA512_Final(unsigned char *md, SHA512_CTX *c) { return h_final(&SHA512_K, md, c); }

/* The static buffers of the one-shot forms called with md NULL (not thread-safe, as OpenSSL's). */
static unsigned char md5_static[MD5_DIGEST_LENGTH], sha1_static[SHA_DIGEST_LENGTH];
static unsigned char sha256_static[SHA256_DIGEST_LENGTH], sha512_static[SHA512_DIGEST_LENGTH];

unsigned char *MD5(const unsigned char *d, size_t n, unsigned char *md)
{
    return h_oneshot(&MD5_K, d, n, md, md5_static);
}

unsigned char *SHA1(const unsigned char *d, size_t n, unsigned char *md)
{
    return h_oneshot(&SHA1_K, d, n, md, sha1_static);
}

unsigned char *SHA256(const unsigned char *d, size_t n, unsigned char *md)
{
    return h_oneshot(&SHA256_K, d, n, md, sha256_static);
}

unsigned char *SHA512(const unsigned char *d, size_t n, unsigned char *md)
{
    return h_oneshot(&SHA512_K, d, n, md, sha512_static);
}
