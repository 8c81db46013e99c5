/*
 * kumassl: OSSL_DECODER_CTX for private keys (decoder.h), over kumassl's
 * own key loaders (keys.c). A context remembers where the key goes and
 * which encodings it accepts.
 */
#include <string.h>
#include <strings.h>
#include <openssl/decoder.h>
#include <openssl/ssl.h>
#include "crypto_int.h"

/* Refuses a decoder larger than this: a key file is a few kilobytes. */
#define DECODER_MAX_INPUT (1024 * 1024)

struct ossl_decoder_ctx_st {
    EVP_PKEY **out;
    int der_only, pem_only;
    int want_type;                      /* EVP_PKEY_RSA / EVP_PKEY_EC, or 0: any */
};

static int no_decoder(const char *what, const char *value)
{
    ERR_raise_data(ERR_LIB_OSSL_DECODER, OSSL_DECODER_R_DECODER_NOT_FOUND,
                   "kumassl decodes RSA and EC private keys only (%s %s)", what, value);
    return 0;
}

/* EVP_PKEY_RSA / EVP_PKEY_EC for a key type name, 0 for NULL (any); -1 unsupported. */
static int key_type(const char *keytype)
{
    if (keytype == NULL)
        return 0;
    if (strcasecmp(keytype, "RSA") == 0)
        return EVP_PKEY_RSA;
    if (strcasecmp(keytype, "EC") == 0)
        return EVP_PKEY_EC;
    return -1;
}

OSSL_DECODER_CTX *OSSL_DECODER_CTX_new_for_pkey(EVP_PKEY **pkey, const char *input_type,
                                                const char *input_structure, const char *keytype,
                                                int selection, OSSL_LIB_CTX *libctx,
                                                const char *propquery)
{
    OSSL_DECODER_CTX *ctx;
    int type = key_type(keytype);

    (void)input_structure, (void)libctx, (void)propquery;
    if (KUMA_NULL_ARG(ERR_LIB_OSSL_DECODER, pkey))
        return NULL;
    if (type < 0 && !no_decoder("key type", keytype))
        return NULL;
    if (selection != 0 && (selection & OSSL_KEYMGMT_SELECT_PRIVATE_KEY) == 0
        && !no_decoder("selection", "without OSSL_KEYMGMT_SELECT_PRIVATE_KEY"))
        return NULL;
    if (input_type != NULL && strcasecmp(input_type, "PEM") != 0 && strcasecmp(input_type, "DER") != 0
        && !no_decoder("input type", input_type))
        return NULL;
    if ((ctx = OPENSSL_zalloc(sizeof(*ctx))) == NULL)
        return NULL;
    ctx->out = pkey;
    ctx->want_type = type;
    ctx->pem_only = input_type != NULL && strcasecmp(input_type, "PEM") == 0;
    ctx->der_only = input_type != NULL && strcasecmp(input_type, "DER") == 0;
    return ctx;
}

void OSSL_DECODER_CTX_free(OSSL_DECODER_CTX *ctx)
{
    OPENSSL_free(ctx);
}

/* PEM when the text starts (after blanks) with a BEGIN line. */
static int looks_pem(const unsigned char *p, size_t len)
{
    while (len > 0 && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++, len--;
    return len >= 5 && memcmp(p, "-----", 5) == 0;
}

static int decode(OSSL_DECODER_CTX *ctx, const unsigned char *p, size_t len)
{
    int pem = looks_pem(p, len);
    EVP_PKEY *key;

    if ((pem && ctx->der_only) || (!pem && ctx->pem_only)) {
        ERR_raise_data(ERR_LIB_OSSL_DECODER, OSSL_DECODER_R_COULD_NOT_DECODE_OBJECT,
                       "input is not %s", ctx->pem_only ? "PEM" : "DER");
        return 0;
    }
    key = kuma_pkey_load_mem(p, len, pem ? SSL_FILETYPE_PEM : SSL_FILETYPE_ASN1);
    if (key == NULL || (ctx->want_type != 0 && EVP_PKEY_base_id(key) != ctx->want_type)) {
        EVP_PKEY_free(key);
        ERR_raise_data(ERR_LIB_OSSL_DECODER, OSSL_DECODER_R_COULD_NOT_DECODE_OBJECT,
                       "no %s private key", ctx->want_type == EVP_PKEY_EC ? "EC" : ctx->want_type ? "RSA" : "RSA or EC");
        return 0;
    }
    EVP_PKEY_free(*ctx->out);
    *ctx->out = key;
    return 1;
}

int OSSL_DECODER_from_data(OSSL_DECODER_CTX *ctx, const unsigned char **pdata, size_t *pdata_len)
{
    if (KUMA_NULL_ARG(ERR_LIB_OSSL_DECODER, ctx) || KUMA_NULL_ARG(ERR_LIB_OSSL_DECODER, pdata)
        || KUMA_NULL_ARG(ERR_LIB_OSSL_DECODER, *pdata) || KUMA_NULL_ARG(ERR_LIB_OSSL_DECODER, pdata_len))
        return 0;
    if (!decode(ctx, *pdata, *pdata_len))
        return 0;
    *pdata += *pdata_len;               /* the key loaders take the whole input */
    *pdata_len = 0;
    return 1;
}

int OSSL_DECODER_from_bio(OSSL_DECODER_CTX *ctx, BIO *in)
{
    kuma_buf b = { 0 };
    char chunk[4096];
    int n, ok = 0;

    if (KUMA_NULL_ARG(ERR_LIB_OSSL_DECODER, ctx) || KUMA_NULL_ARG(ERR_LIB_OSSL_DECODER, in))
        return 0;
    while ((n = BIO_read(in, chunk, sizeof(chunk))) > 0 && b.len <= DECODER_MAX_INPUT)
        kuma_buf_append(&b, chunk, (size_t)n);
    OPENSSL_cleanse(chunk, sizeof(chunk));
    if (b.oom)
        ERR_raise(ERR_LIB_OSSL_DECODER, ERR_R_MALLOC_FAILURE);
    else if (b.len > DECODER_MAX_INPUT)
        ERR_raise_data(ERR_LIB_OSSL_DECODER, OSSL_DECODER_R_COULD_NOT_DECODE_OBJECT, "input over 1 MiB");
    else if (b.len == 0)
        ERR_raise_data(ERR_LIB_OSSL_DECODER, OSSL_DECODER_R_COULD_NOT_DECODE_OBJECT, "empty input");
    else
        ok = decode(ctx, b.p, b.len);
    kuma_buf_wipe_free(&b);
    return ok;
}

int OSSL_DECODER_from_fp(OSSL_DECODER_CTX *ctx, FILE *in)
{
    BIO *b;
    int ok;

    if (KUMA_NULL_ARG(ERR_LIB_OSSL_DECODER, in) || (b = BIO_new_fp(in, BIO_NOCLOSE)) == NULL)
        return 0;
    ok = OSSL_DECODER_from_bio(ctx, b);
    BIO_free(b);
    return ok;
}
