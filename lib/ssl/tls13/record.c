/*
 * kumassl: TLS 1.3 record protection (RFC 8446 section 5.2-5.4). A record
 * is TLSInnerPlaintext (content, content type, zero padding) under the
 * suite's AEAD, with the 5-byte header as additional data and the nonce
 * the static IV xor the 64-bit sequence number. The AES, GHASH, ChaCha20
 * and Poly1305 code is what libcrypto chose once per process (fast/select.c) on this CPU.
 */
#include <string.h>
#include "tls13_int.h"
#include "fast/fast.h"

void kuma13_cipher_set_key(kuma13_cipher *c, const kuma13_suite *suite, const unsigned char *key,
                           const unsigned char *iv)
{
    const kuma_algos *algos = kuma_algos_get();

    kuma13_cipher_clear(c);
    c->suite = suite;
    memcpy(c->iv, iv, KUMA13_IV_LEN);
    if (suite->aead == KUMA13_AES_GCM) {
        algos->aes_ctr->init(&c->aes.vtable, key, suite->key_len);
        br_gcm_init(&c->gcm, &c->aes.vtable, algos->ghash);
    } else {
        memcpy(c->key, key, suite->key_len);
    }
}

void kuma13_cipher_init(kuma13_cipher *c, const kuma13_suite *suite, const unsigned char *secret)
{
    unsigned char key[KUMA13_MAX_KEY], iv[KUMA13_IV_LEN];

    kuma13_expand_label(suite->hash, secret, "key", NULL, 0, key, suite->key_len);
    kuma13_expand_label(suite->hash, secret, "iv", NULL, 0, iv, sizeof iv);
    kuma13_cipher_set_key(c, suite, key, iv);
    OPENSSL_cleanse(key, sizeof key);
    OPENSSL_cleanse(iv, sizeof iv);
}

void kuma13_cipher_clear(kuma13_cipher *c)
{
    OPENSSL_cleanse(c, sizeof *c);
    c->suite = NULL;
}

/* The per-record nonce (section 5.3): the IV xor the sequence number, left-padded. */
static void make_nonce(const kuma13_cipher *c, unsigned char *nonce)
{
    int i;

    memcpy(nonce, c->iv, KUMA13_IV_LEN);
    for (i = 0; i < 8; i++)
        nonce[KUMA13_IV_LEN - 1 - i] ^= (unsigned char)(c->seq >> (8 * i));
}

/*
 * Encrypts or decrypts data in place under the record's nonce, with the
 * header as additional data; writes the computed tag.
 */
static void aead_run(kuma13_cipher *c, int encrypt, const unsigned char *hdr,
                     unsigned char *data, size_t len, unsigned char *tag)
{
    unsigned char nonce[KUMA13_IV_LEN];

    make_nonce(c, nonce);
    if (c->suite->aead == KUMA13_AES_GCM) {
        br_gcm_reset(&c->gcm, nonce, sizeof nonce);
        br_gcm_aad_inject(&c->gcm, hdr, KUMA13_HDR_LEN);
        br_gcm_flip(&c->gcm);
        br_gcm_run(&c->gcm, encrypt, data, len);
        br_gcm_get_tag(&c->gcm, tag);
    } else {
        const kuma_algos *algos = kuma_algos_get();

        algos->poly1305(c->key, nonce, data, len, hdr, KUMA13_HDR_LEN, tag, algos->chacha20,
                        encrypt);
    }
}

static void write_header(unsigned char *rec, size_t body_len)
{
    rec[0] = KUMA13_CT_APPDATA;         /* opaque_type */
    rec[1] = 3;                         /* legacy_record_version 0x0303 */
    rec[2] = 3;
    rec[3] = (unsigned char)(body_len >> 8);
    rec[4] = (unsigned char)body_len;
}

size_t kuma13_seal(kuma13_cipher *c, unsigned char *rec, size_t len, unsigned type, size_t pad)
{
    size_t inner = len + 1 + pad;

    if (c->seq == UINT64_MAX)
        return 0;                       /* a KeyUpdate was due long ago */
    rec[KUMA13_HDR_LEN + len] = (unsigned char)type;
    memset(rec + KUMA13_HDR_LEN + len + 1, 0, pad);
    write_header(rec, inner + KUMA13_TAG_LEN);
    aead_run(c, 1, rec, rec + KUMA13_HDR_LEN, inner, rec + KUMA13_HDR_LEN + inner);
    c->seq++;
    return KUMA13_HDR_LEN + inner + KUMA13_TAG_LEN;
}

int kuma13_open(kuma13_cipher *c, unsigned char *rec, size_t rec_len, unsigned *type, size_t *len)
{
    unsigned char tag[KUMA13_TAG_LEN];
    size_t body, inner;
    int ok;

    if (rec_len < KUMA13_HDR_LEN)
        return KUMA13_AL_DECODE_ERROR;
    body = rec_len - KUMA13_HDR_LEN;
    if (body > KUMA13_MAX_CIPHERTEXT)
        return KUMA13_AL_RECORD_OVERFLOW;
    if (body < 1 + KUMA13_TAG_LEN || c->seq == UINT64_MAX)
        return KUMA13_AL_BAD_RECORD_MAC;
    inner = body - KUMA13_TAG_LEN;
    aead_run(c, 0, rec, rec + KUMA13_HDR_LEN, inner, tag);
    ok = kuma13_ct_equal(tag, rec + KUMA13_HDR_LEN + inner, KUMA13_TAG_LEN);
    if (!ok) {
        OPENSSL_cleanse(rec + KUMA13_HDR_LEN, inner);   /* no unauthenticated plaintext left */
        return KUMA13_AL_BAD_RECORD_MAC;
    }
    c->seq++;
    if (inner > KUMA13_MAX_PLAINTEXT + 1)
        return KUMA13_AL_RECORD_OVERFLOW;
    /* the content type is the last non-zero byte; padding before it is zeros */
    while (inner > 0 && rec[KUMA13_HDR_LEN + inner - 1] == 0)
        inner--;
    if (inner == 0)
        return KUMA13_AL_UNEXPECTED_MESSAGE;
    *type = rec[KUMA13_HDR_LEN + inner - 1];
    *len = inner - 1;
    return 0;
}
