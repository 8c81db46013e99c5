/*
 * kumassl: EVP symmetric ciphers: AES-128/192/256 in CBC mode with PKCS#7
 * padding, over BearSSL's AES (AES-NI when the CPU has it, else the
 * constant-time ct64 code). Streaming follows OpenSSL's EVP rules: Update
 * outputs whole blocks; when decrypting with padding, the last block is
 * held back until Final, which checks and strips the padding.
 */
#include <string.h>
#include <strings.h>
#include <openssl/evp.h>
#include "crypto_int.h"

#define AES_BLOCK 16

struct evp_cipher_st {
    int nid;
    const char *name;
    int key_len;
};

struct evp_cipher_ctx_st {
    const EVP_CIPHER *cipher;
    int encrypt;
    int padding;
    int keyed;
    br_aes_gen_cbcenc_keys enc;
    br_aes_gen_cbcdec_keys dec;
    unsigned char iv[AES_BLOCK];
    unsigned char buf[AES_BLOCK];       /* input not yet a whole block */
    size_t buf_len;
    unsigned char held[AES_BLOCK];      /* decrypting with padding: the last block seen */
    int have_held;
};

static const EVP_CIPHER aes_128_cbc = { NID_aes_128_cbc, "AES-128-CBC", 16 };
static const EVP_CIPHER aes_192_cbc = { NID_aes_192_cbc, "AES-192-CBC", 24 };
static const EVP_CIPHER aes_256_cbc = { NID_aes_256_cbc, "AES-256-CBC", 32 };

const EVP_CIPHER *EVP_aes_128_cbc(void)
{
    return &aes_128_cbc;
}

const EVP_CIPHER *EVP_aes_192_cbc(void)
{
    return &aes_192_cbc;
}

const EVP_CIPHER *EVP_aes_256_cbc(void)
{
    return &aes_256_cbc;
}

int EVP_CIPHER_get_nid(const EVP_CIPHER *cipher)
{
    return cipher != NULL ? cipher->nid : NID_undef;
}

const char *EVP_CIPHER_get0_name(const EVP_CIPHER *cipher)
{
    return cipher != NULL ? cipher->name : NULL;
}

int EVP_CIPHER_get_key_length(const EVP_CIPHER *cipher)
{
    return cipher != NULL ? cipher->key_len : 0;
}

int EVP_CIPHER_get_iv_length(const EVP_CIPHER *cipher)
{
    return cipher != NULL ? AES_BLOCK : 0;
}

int EVP_CIPHER_get_block_size(const EVP_CIPHER *cipher)
{
    return cipher != NULL ? AES_BLOCK : 0;
}

unsigned long EVP_CIPHER_get_mode(const EVP_CIPHER *cipher)
{
    return cipher != NULL ? EVP_CIPH_CBC_MODE : 0;
}

const EVP_CIPHER *EVP_get_cipherbyname(const char *name)
{
    const EVP_CIPHER *all[] = { &aes_128_cbc, &aes_192_cbc, &aes_256_cbc };
    size_t i;

    for (i = 0; name != NULL && i < sizeof(all) / sizeof(all[0]); i++)
        if (strcasecmp(name, all[i]->name) == 0 || strcasecmp(name, OBJ_nid2sn(all[i]->nid)) == 0)
            return all[i];
    return NULL;
}

EVP_CIPHER_CTX *EVP_CIPHER_CTX_new(void)
{
    EVP_CIPHER_CTX *c = OPENSSL_zalloc(sizeof(*c));

    if (c == NULL)
        ERR_raise(ERR_LIB_EVP, ERR_R_MALLOC_FAILURE);
    else
        c->padding = 1;
    return c;
}

int EVP_CIPHER_CTX_reset(EVP_CIPHER_CTX *ctx)
{
    if (ctx == NULL)
        return 1;
    OPENSSL_cleanse(ctx, sizeof(*ctx));
    ctx->padding = 1;
    return 1;
}

void EVP_CIPHER_CTX_free(EVP_CIPHER_CTX *ctx)
{
    if (ctx == NULL)
        return;
    OPENSSL_cleanse(ctx, sizeof(*ctx));
    OPENSSL_free(ctx);
}

const EVP_CIPHER *EVP_CIPHER_CTX_get0_cipher(const EVP_CIPHER_CTX *ctx)
{
    return ctx != NULL ? ctx->cipher : NULL;
}

int EVP_CIPHER_CTX_get_key_length(const EVP_CIPHER_CTX *ctx)
{
    return ctx != NULL ? EVP_CIPHER_get_key_length(ctx->cipher) : 0;
}

int EVP_CIPHER_CTX_get_iv_length(const EVP_CIPHER_CTX *ctx)
{
    return ctx != NULL ? EVP_CIPHER_get_iv_length(ctx->cipher) : 0;
}

int EVP_CIPHER_CTX_get_block_size(const EVP_CIPHER_CTX *ctx)
{
    return ctx != NULL ? EVP_CIPHER_get_block_size(ctx->cipher) : 0;
}

int EVP_CIPHER_CTX_is_encrypting(const EVP_CIPHER_CTX *ctx)
{
    return ctx != NULL && ctx->encrypt;
}

int EVP_CIPHER_CTX_set_padding(EVP_CIPHER_CTX *ctx, int pad)
{
    if (ctx != NULL)
        ctx->padding = pad != 0;
    return 1;
}

/* BearSSL's fastest constant-time AES CBC implementations for this CPU. */
static void set_key(EVP_CIPHER_CTX *ctx, const unsigned char *key)
{
    const br_block_cbcenc_class *ve = br_aes_x86ni_cbcenc_get_vtable();
    const br_block_cbcdec_class *vd = br_aes_x86ni_cbcdec_get_vtable();

    if (ve == NULL)
        ve = &br_aes_ct64_cbcenc_vtable;
    if (vd == NULL)
        vd = &br_aes_ct64_cbcdec_vtable;
    if (ctx->encrypt)
        ve->init(&ctx->enc.vtable, key, (size_t)ctx->cipher->key_len);
    else
        vd->init(&ctx->dec.vtable, key, (size_t)ctx->cipher->key_len);
    ctx->keyed = 1;
}

/*
 * enc: 1 encrypt, 0 decrypt, -1 keep. cipher, key and iv may each be NULL
 * to keep what an earlier call set (OpenSSL's rules); impl must be NULL.
 */
int EVP_CipherInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl,
                      const unsigned char *key, const unsigned char *iv, int enc)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, ctx))
        return 0;
    if (impl != NULL) {
        ERR_raise_data(ERR_LIB_EVP, ERR_R_UNSUPPORTED, "kumassl has no engines");
        return 0;
    }
    if (cipher != NULL && cipher != ctx->cipher) {
        EVP_CIPHER_CTX_reset(ctx);
        ctx->cipher = cipher;
    }
    if (ctx->cipher == NULL) {
        ERR_raise(ERR_LIB_EVP, EVP_R_NO_CIPHER_SET);
        return 0;
    }
    if (enc != -1)
        ctx->encrypt = enc != 0;
    ctx->buf_len = 0;
    ctx->have_held = 0;
    if (iv != NULL)
        memcpy(ctx->iv, iv, AES_BLOCK);
    if (key != NULL)
        set_key(ctx, key);
    return 1;
}

int EVP_EncryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl,
                       const unsigned char *key, const unsigned char *iv)
{
    return EVP_CipherInit_ex(ctx, cipher, impl, key, iv, 1);
}

int EVP_DecryptInit_ex(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, ENGINE *impl,
                       const unsigned char *key, const unsigned char *iv)
{
    return EVP_CipherInit_ex(ctx, cipher, impl, key, iv, 0);
}

/* Runs CBC over n whole blocks (bytes) in place. */
static void run_blocks(EVP_CIPHER_CTX *ctx, unsigned char *data, size_t n)
{
    if (n == 0)
        return;
    if (ctx->encrypt)
        ctx->enc.vtable->run(&ctx->enc.vtable, ctx->iv, data, n);
    else
        ctx->dec.vtable->run(&ctx->dec.vtable, ctx->iv, data, n);
}

/* Processes one block into *out and advances it. */
static void emit_block(EVP_CIPHER_CTX *ctx, const unsigned char *blk, unsigned char **out)
{
    memmove(*out, blk, AES_BLOCK);
    run_blocks(ctx, *out, AES_BLOCK);
    *out += AES_BLOCK;
}

/* Decrypting with padding keeps the newest block back: it may be the last. */
static int holds_last(const EVP_CIPHER_CTX *ctx)
{
    return !ctx->encrypt && ctx->padding;
}

static void take_full_block(EVP_CIPHER_CTX *ctx, const unsigned char *blk, unsigned char **out)
{
    if (!holds_last(ctx)) {
        emit_block(ctx, blk, out);
        return;
    }
    if (ctx->have_held)
        emit_block(ctx, ctx->held, out);
    memcpy(ctx->held, blk, AES_BLOCK);
    ctx->have_held = 1;
}

int EVP_CipherUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl)
{
    unsigned char *o = out;
    size_t left, n;

    if (KUMA_NULL_ARG(ERR_LIB_EVP, ctx) || KUMA_NULL_ARG(ERR_LIB_EVP, outl))
        return 0;
    *outl = 0;
    if (!ctx->keyed) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_CIPHER_SET, "no key set");
        return 0;
    }
    if (inl < 0 || (inl > 0 && (in == NULL || out == NULL))) {
        ERR_raise(ERR_LIB_EVP, ERR_R_PASSED_INVALID_ARGUMENT);
        return 0;
    }
    left = (size_t)inl;
    while (left > 0) {
        if (ctx->buf_len > 0 || left < AES_BLOCK) {
            n = AES_BLOCK - ctx->buf_len < left ? AES_BLOCK - ctx->buf_len : left;
            memcpy(ctx->buf + ctx->buf_len, in, n);
            ctx->buf_len += n;
            in += n;
            left -= n;
            if (ctx->buf_len == AES_BLOCK) {
                take_full_block(ctx, ctx->buf, &o);
                ctx->buf_len = 0;
            }
            continue;
        }
        /* whole blocks straight from the input; the very last goes through
         * take_full_block when it may have to be held back */
        n = left / AES_BLOCK * AES_BLOCK;
        if (holds_last(ctx) && n == left)
            n -= AES_BLOCK;
        if (n == 0) {
            take_full_block(ctx, in, &o);
            in += AES_BLOCK;
            left -= AES_BLOCK;
            continue;
        }
        if (ctx->have_held) {
            emit_block(ctx, ctx->held, &o);
            ctx->have_held = 0;
        }
        memmove(o, in, n);
        run_blocks(ctx, o, n);
        o += n;
        in += n;
        left -= n;
    }
    *outl = (int)(o - out);
    return 1;
}

int EVP_EncryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl)
{
    return EVP_CipherUpdate(ctx, out, outl, in, inl);
}

int EVP_DecryptUpdate(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl, const unsigned char *in, int inl)
{
    return EVP_CipherUpdate(ctx, out, outl, in, inl);
}

/* The PKCS#7 padding length of a decrypted last block, 0 when it is not valid (constant time). */
static unsigned pad_length(const unsigned char *blk)
{
    unsigned n = blk[AES_BLOCK - 1], bad = (unsigned)((n - 1) >> 8) | (unsigned)((AES_BLOCK - n) >> 8);
    unsigned i;

    for (i = 0; i < AES_BLOCK; i++) {
        unsigned in_pad = (unsigned)((AES_BLOCK - 1 - i - n) >> 8) & 1;     /* i >= 16 - n */

        bad |= in_pad & (unsigned)((blk[i] ^ n) != 0);
    }
    return bad & 1 ? 0 : n;
}

static int final_encrypt(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl)
{
    unsigned char *o = out;

    if (!ctx->padding) {
        if (ctx->buf_len != 0) {
            ERR_raise(ERR_LIB_EVP, EVP_R_DATA_NOT_MULTIPLE_OF_BLOCK_LENGTH);
            return 0;
        }
        return 1;
    }
    memset(ctx->buf + ctx->buf_len, (int)(AES_BLOCK - ctx->buf_len), AES_BLOCK - ctx->buf_len);
    emit_block(ctx, ctx->buf, &o);
    ctx->buf_len = 0;
    *outl = AES_BLOCK;
    return 1;
}

static int final_decrypt(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl)
{
    unsigned char last[AES_BLOCK], *o = last;
    unsigned n;

    if (!ctx->padding) {
        if (ctx->buf_len != 0) {
            ERR_raise(ERR_LIB_EVP, EVP_R_DATA_NOT_MULTIPLE_OF_BLOCK_LENGTH);
            return 0;
        }
        return 1;
    }
    if (ctx->buf_len != 0 || !ctx->have_held) {
        ERR_raise(ERR_LIB_EVP, EVP_R_WRONG_FINAL_BLOCK_LENGTH);
        return 0;
    }
    emit_block(ctx, ctx->held, &o);
    ctx->have_held = 0;
    if ((n = pad_length(last)) == 0) {
        OPENSSL_cleanse(last, sizeof(last));
        ERR_raise(ERR_LIB_EVP, EVP_R_BAD_DECRYPT);
        return 0;
    }
    memcpy(out, last, AES_BLOCK - n);
    OPENSSL_cleanse(last, sizeof(last));
    *outl = (int)(AES_BLOCK - n);
    return 1;
}

int EVP_CipherFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, ctx) || KUMA_NULL_ARG(ERR_LIB_EVP, outl))
        return 0;
    *outl = 0;
    if (!ctx->keyed) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_NO_CIPHER_SET, "no key set");
        return 0;
    }
    return ctx->encrypt ? final_encrypt(ctx, out, outl) : final_decrypt(ctx, out, outl);
}

int EVP_EncryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl)
{
    return EVP_CipherFinal_ex(ctx, out, outl);
}

int EVP_DecryptFinal_ex(EVP_CIPHER_CTX *ctx, unsigned char *out, int *outl)
{
    return EVP_CipherFinal_ex(ctx, out, outl);
}
