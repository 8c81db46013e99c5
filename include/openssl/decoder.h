/*
 * kumassl: OSSL_DECODER for keys, as OpenSSL 3.0's <openssl/decoder.h>,
 * reduced to what kumassl can hold: private keys (RSA, EC; PEM or DER,
 * unencrypted or PKCS#8/PEM-encrypted with no password source). Other key
 * types (DH, DSA...) and parameter-only selections get no decoder:
 * OSSL_DECODER_CTX_new_for_pkey returns NULL with
 * OSSL_DECODER_R_DECODER_NOT_FOUND queued and a text naming the type.
 */
#ifndef KUMASSL_DECODER_H
#define KUMASSL_DECODER_H
#include <stdio.h>
#include <openssl/types.h>
#include <openssl/bio.h>
#include <openssl/core_dispatch.h>
#ifdef __cplusplus
extern "C" {
#endif

#define OSSL_DECODER_R_COULD_NOT_DECODE_OBJECT 101
#define OSSL_DECODER_R_DECODER_NOT_FOUND 102

/*
 * A decoder that stores the key it decodes in *pkey (replacing what is
 * there). input_type "PEM", "DER" or NULL (either); input_structure is
 * ignored; keytype "RSA", "EC" or NULL; selection must include
 * OSSL_KEYMGMT_SELECT_PRIVATE_KEY (or be 0). libctx / propquery: ignored.
 */
OSSL_DECODER_CTX *OSSL_DECODER_CTX_new_for_pkey(EVP_PKEY **pkey, const char *input_type,
                                                const char *input_structure, const char *keytype,
                                                int selection, OSSL_LIB_CTX *libctx,
                                                const char *propquery);
void OSSL_DECODER_CTX_free(OSSL_DECODER_CTX *ctx);
/* Decodes one key from the rest of in / from *pdata (advanced past it); 1 on success, 0 + error. */
int OSSL_DECODER_from_bio(OSSL_DECODER_CTX *ctx, BIO *in);
int OSSL_DECODER_from_fp(OSSL_DECODER_CTX *ctx, FILE *in);
int OSSL_DECODER_from_data(OSSL_DECODER_CTX *ctx, const unsigned char **pdata, size_t *pdata_len);

#ifdef __cplusplus
}
#endif
#endif
