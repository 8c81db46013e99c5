/*
 * kumassl: TLS 1.3 record protection (RFC 8446 section 5.2-5.4). A record
 * is TLSInnerPlaintext (content, content type, zero padding) under the
 * suite's AEAD, with the 5-byte header as additional data and the nonce
 * the static IV xor the 64-bit sequence number. The same AEADs protect the
 * TLS 1.2 records of kumassl's engine, with TLS 1.2's nonce and additional
 * data (kuma12_cipher_set_key). The AES, GHASH, ChaCha20
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

/* Encrypts or decrypts data in place under nonce and the additional data; writes the computed tag. */
static void aead_run(kuma13_cipher *c, int encrypt, const unsigned char *nonce,
                     const unsigned char *aad, size_t aad_len, unsigned char *data, size_t len,
                     unsigned char *tag)
{
    if (c->suite->aead == KUMA13_AES_GCM) {
        br_gcm_reset(&c->gcm, nonce, KUMA13_IV_LEN);
        br_gcm_aad_inject(&c->gcm, aad, aad_len);
        br_gcm_flip(&c->gcm);
        br_gcm_run(&c->gcm, encrypt, data, len);
        br_gcm_get_tag(&c->gcm, tag);
    } else {
        const kuma_algos *algos = kuma_algos_get();

        algos->poly1305(c->key, nonce, data, len, aad, aad_len, tag, algos->chacha20, encrypt);
    }
}

/* TLS 1.3's: the record's nonce, the header as additional data. */
static void aead_run13(kuma13_cipher *c, int encrypt, const unsigned char *hdr,
                       unsigned char *data, size_t len, unsigned char *tag)
{
    unsigned char nonce[KUMA13_IV_LEN];

    make_nonce(c, nonce);
    aead_run(c, encrypt, nonce, hdr, KUMA13_HDR_LEN, data, len, tag);
}

/* ---- TLS 1.2 AEAD records (RFC 5246 6.2.3.3, RFC 5288, RFC 7905) ---------------------- */

/* The explicit nonce bytes a TLS 1.2 record carries: AES-GCM's 8, none for ChaCha20-Poly1305. */
static size_t explicit_len(const kuma13_cipher *c)
{
    return c->suite->aead == KUMA13_AES_GCM ? KUMA12_EXPLICIT_NONCE : 0;
}

/* Additional data: seq_num, type, version and the plaintext's length. */
static void aad12(const kuma13_cipher *c, unsigned type, size_t len, unsigned char *aad)
{
    int i;

    for (i = 0; i < 8; i++)
        aad[i] = (unsigned char)(c->seq >> (56 - 8 * i));
    aad[8] = (unsigned char)type;
    aad[9] = 3;
    aad[10] = 3;
    aad[11] = (unsigned char)(len >> 8);
    aad[12] = (unsigned char)len;
}

/*
 * The content (at rec + 5) moves up by the explicit nonce, which is the
 * sequence number: with the IV salt || 0^8 the nonce is salt || seq for
 * AES-GCM, and IV xor seq for ChaCha20-Poly1305, as make_nonce() makes them.
 */
static size_t seal12(kuma13_cipher *c, unsigned char *rec, size_t len, unsigned type)
{
    unsigned char nonce[KUMA13_IV_LEN], aad[13];
    size_t ex = explicit_len(c), body = ex + len + KUMA13_TAG_LEN;

    memmove(rec + KUMA13_HDR_LEN + ex, rec + KUMA13_HDR_LEN, len);
    make_nonce(c, nonce);
    memcpy(rec + KUMA13_HDR_LEN, nonce + KUMA13_IV_LEN - ex, ex);
    aad12(c, type, len, aad);
    aead_run(c, 1, nonce, aad, sizeof aad, rec + KUMA13_HDR_LEN + ex, len,
             rec + KUMA13_HDR_LEN + ex + len);
    rec[0] = (unsigned char)type;
    rec[1] = 3;
    rec[2] = 3;
    rec[3] = (unsigned char)(body >> 8);
    rec[4] = (unsigned char)body;
    c->seq++;
    return KUMA13_HDR_LEN + body;
}

/* Opens a TLS 1.2 record; the content ends at rec + 5, as TLS 1.3's does. */
static int open12(kuma13_cipher *c, unsigned char *rec, size_t body, unsigned *type, size_t *len)
{
    unsigned char nonce[KUMA13_IV_LEN], aad[13], tag[KUMA13_TAG_LEN];
    size_t ex = explicit_len(c), plen;

    if (body < ex + KUMA13_TAG_LEN || c->seq == UINT64_MAX)
        return KUMA13_AL_BAD_RECORD_MAC;
    plen = body - ex - KUMA13_TAG_LEN;
    if (plen > KUMA13_MAX_PLAINTEXT)
        return KUMA13_AL_RECORD_OVERFLOW;
    make_nonce(c, nonce);
    memcpy(nonce + KUMA13_IV_LEN - ex, rec + KUMA13_HDR_LEN, ex);
    aad12(c, rec[0], plen, aad);
    aead_run(c, 0, nonce, aad, sizeof aad, rec + KUMA13_HDR_LEN + ex, plen, tag);
    if (!kuma13_ct_equal(tag, rec + KUMA13_HDR_LEN + ex + plen, KUMA13_TAG_LEN)) {
        OPENSSL_cleanse(rec + KUMA13_HDR_LEN + ex, plen);
        return KUMA13_AL_BAD_RECORD_MAC;
    }
    c->seq++;
    memmove(rec + KUMA13_HDR_LEN, rec + KUMA13_HDR_LEN + ex, plen);
    *type = rec[0];
    *len = plen;
    return 0;
}

void kuma12_cipher_set_key(kuma13_cipher *c, const kuma13_suite *suite, const unsigned char *key,
                           const unsigned char *iv)
{
    unsigned char full[KUMA13_IV_LEN];

    memset(full, 0, sizeof full);
    memcpy(full, iv, suite->aead == KUMA13_AES_GCM ? KUMA12_GCM_SALT : KUMA13_IV_LEN);
    kuma13_cipher_set_key(c, suite, key, full);
    c->tls12 = 1;
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
    if (c->tls12)
        return seal12(c, rec, len, type);
    rec[KUMA13_HDR_LEN + len] = (unsigned char)type;
    memset(rec + KUMA13_HDR_LEN + len + 1, 0, pad);
    write_header(rec, inner + KUMA13_TAG_LEN);
    aead_run13(c, 1, rec, rec + KUMA13_HDR_LEN, inner, rec + KUMA13_HDR_LEN + inner);
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
    if (c->tls12)
        return open12(c, rec, body, type, len);
    if (body < 1 + KUMA13_TAG_LEN || c->seq == UINT64_MAX)
        return KUMA13_AL_BAD_RECORD_MAC;
    inner = body - KUMA13_TAG_LEN;
    aead_run13(c, 0, rec, rec + KUMA13_HDR_LEN, inner, tag);
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
