/*
 * kumassl: password-encrypted PEM private keys.
 *
 *   PKCS#8 "ENCRYPTED PRIVATE KEY" (RFC 8018): PBES2 with PBKDF2 (HMAC-SHA1,
 *   -SHA224/256/384/512) and AES-128/192/256-CBC or DES-EDE3-CBC.
 *   Legacy OpenSSL form (RFC 1421 headers "Proc-Type: 4,ENCRYPTED" and
 *   "DEK-Info: <cipher>,<hex IV>"): key = EVP_BytesToKey(MD5, 1 round,
 *   salt = the first 8 IV bytes), same ciphers.
 *
 * Hostile input is expected: every DER field is bounds-checked (kuma_der),
 * PBKDF2 work is capped, and a wrong password is reported the same way
 * whether the padding or the decrypted key structure was wrong, so that the
 * error does not tell an attacker which part failed. Passwords, derived keys
 * and plaintext are wiped before their memory is released.
 */
#include <string.h>
#include <strings.h>
#include "crypto_int.h"

/* ---- ciphers ---------------------------------------------------------------- */

typedef struct {
    const char *name;           /* as in DEK-Info */
    unsigned char oid[9];       /* DER value bytes of the PBES2 encryptionScheme OID */
    size_t oid_len;
    size_t key_len;
    size_t block_len;
    int des;                    /* DES-EDE3 rather than AES */
} pem_cipher;

static const pem_cipher ciphers[] = {
    { "AES-128-CBC", { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02 }, 9, 16, 16, 0 },
    { "AES-192-CBC", { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x16 }, 9, 24, 16, 0 },
    { "AES-256-CBC", { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2A }, 9, 32, 16, 0 },
    { "DES-EDE3-CBC", { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x03, 0x07 }, 8, 24, 8, 1 },
};

#define MAX_KEY_LEN 32
#define MAX_BLOCK_LEN 16
#define N_CIPHERS (sizeof(ciphers) / sizeof(ciphers[0]))

static const pem_cipher *cipher_by_name(const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < N_CIPHERS; i++)
        if (strlen(ciphers[i].name) == len && strncasecmp(ciphers[i].name, name, len) == 0)
            return &ciphers[i];
    return NULL;
}

static const pem_cipher *cipher_by_oid(const kuma_der *oid)
{
    size_t i;

    for (i = 0; i < N_CIPHERS; i++)
        if (ciphers[i].oid_len == oid->len && memcmp(ciphers[i].oid, oid->p, oid->len) == 0)
            return &ciphers[i];
    return NULL;
}

/* AES-NI where the CPU has it, else BearSSL's constant-time 64-bit code. */
static const br_block_cbcdec_class *cipher_impl(const pem_cipher *c)
{
    const br_block_cbcdec_class *aes = br_aes_x86ni_cbcdec_get_vtable();

    if (c->des)
        return &br_des_ct_cbcdec_vtable;
    return aes != NULL ? aes : &br_aes_ct64_cbcdec_vtable;
}

/* ---- constant-time padding check ------------------------------------------------ */

/* All ones when x != 0, else 0 (x < 2^31). */
static uint32_t ct_nonzero(uint32_t x)
{
    return (uint32_t)0 - ((x | ((uint32_t)0 - x)) >> 31);
}

/* All ones when a < b, else 0 (a, b < 2^31). */
static uint32_t ct_lt(uint32_t a, uint32_t b)
{
    return (uint32_t)0 - ((a - b) >> 31);
}

/*
 * Checks PKCS#7 padding over the whole last block without branching on the
 * plaintext. Returns all ones when it is valid; *out_len is then the length
 * without padding, and len otherwise (so that the key decoder runs either
 * way and the timing does not say which check failed).
 */
static uint32_t pad_check(const unsigned char *data, size_t len, size_t block, size_t *out_len)
{
    uint32_t pad = data[len - 1];
    uint32_t good = ct_nonzero(pad) & ct_lt(pad, (uint32_t)block + 1);
    size_t i;

    for (i = 1; i <= block; i++) {
        uint32_t in_pad = ct_lt((uint32_t)i, pad + 1);

        good &= ~(in_pad & ct_nonzero(data[len - i] ^ pad));
    }
    *out_len = len - (size_t)(good & pad);
    return good;
}

/* Decrypts in place; returns the padding mask of pad_check(). */
static uint32_t cbc_decrypt(const pem_cipher *c, const unsigned char *key,
                            const unsigned char *iv_in, unsigned char *data, size_t len,
                            size_t *out_len)
{
    union {
        const br_block_cbcdec_class *vtable;
        br_aes_gen_cbcdec_keys aes;
        br_des_gen_cbcdec_keys des;
    } keys;
    const br_block_cbcdec_class *impl = cipher_impl(c);
    unsigned char iv[MAX_BLOCK_LEN];

    memcpy(iv, iv_in, c->block_len);
    impl->init(&keys.vtable, key, c->key_len);
    impl->run(&keys.vtable, iv, data, len);
    OPENSSL_cleanse(&keys, sizeof(keys));
    return pad_check(data, len, c->block_len, out_len);
}

/* ---- passwords -------------------------------------------------------------------- */

/*
 * Gets the password as OpenSSL's PEM routines do: from cb, else u is the
 * NUL-terminated password itself. OpenSSL would prompt on the terminal
 * when both are NULL; a library has no business doing that, so kumassl
 * fails instead. A callback result <= 0 means "no password".
 */
static int password_get(pem_password_cb *cb, void *u, char *buf, size_t *len)
{
    int n;

    if (cb == NULL && u == NULL) {
        ERR_raise_data(ERR_LIB_PEM, PEM_R_BAD_PASSWORD_READ,
                       "no password callback (kumassl never prompts on the terminal)");
        return 0;
    }
    if (cb == NULL) {
        *len = strnlen(u, PEM_BUFSIZE);
        memcpy(buf, u, *len);
        return 1;
    }
    n = cb(buf, PEM_BUFSIZE, 0, u);
    if (n <= 0) {
        ERR_raise_data(ERR_LIB_PEM, PEM_R_BAD_PASSWORD_READ,
                       "the password callback returned %d", n);
        return 0;
    }
    *len = n > PEM_BUFSIZE ? PEM_BUFSIZE : (size_t)n;
    return 1;
}

/* ---- decrypting, then decoding the key ----------------------------------------------- */

/* What to decrypt, and how the key is derived from the password. */
typedef struct {
    const pem_cipher *cipher;
    const unsigned char *iv;    /* block_len bytes */
    const unsigned char *data;
    size_t len;
    int legacy;                 /* EVP_BytesToKey, else PBKDF2 below */
    const br_hash_class *prf;
    const unsigned char *salt;
    size_t salt_len;
    unsigned long iter;
} pem_encryption;

static void derive_key(const pem_encryption *e, const unsigned char *pw, size_t pw_len,
                       unsigned char *key)
{
    if (e->legacy)
        kuma_bytes_to_key_md5(pw, pw_len, e->iv, key, e->cipher->key_len);
    else
        kuma_pbkdf2(e->prf, pw, pw_len, e->salt, e->salt_len, e->iter, key,
                    e->cipher->key_len);
}

/* The "bad decrypt" of each form, as OpenSSL 3.0 reports it. */
static void raise_bad_decrypt(const pem_encryption *e)
{
    if (e->legacy)
        ERR_raise(ERR_LIB_PEM, PEM_R_BAD_DECRYPT);
    else
        ERR_raise(ERR_LIB_EVP, EVP_R_BAD_DECRYPT);
}

/*
 * Decodes the plaintext as a key. Its own errors are dropped: a wrong
 * password shows up here as garbage, and must read "bad decrypt" exactly as
 * a padding failure does.
 */
static EVP_PKEY *decode_plaintext(const pem_encryption *e, const unsigned char *der,
                                  size_t len, uint32_t pad_ok)
{
    EVP_PKEY *k;

    ERR_set_mark();
    k = kuma_pkey_from_der(der, len);
    ERR_pop_to_mark();
    if (k != NULL && pad_ok)
        return k;
    EVP_PKEY_free(k);
    raise_bad_decrypt(e);
    return NULL;
}

static EVP_PKEY *decrypt_key(const pem_encryption *e, pem_password_cb *cb, void *u)
{
    char pw[PEM_BUFSIZE];
    unsigned char key[MAX_KEY_LEN], *plain;
    size_t pw_len, plain_len;
    uint32_t pad_ok;
    EVP_PKEY *k = NULL;

    if (e->len == 0 || e->len % e->cipher->block_len != 0) {
        raise_bad_decrypt(e);
        return NULL;
    }
    if ((plain = OPENSSL_malloc(e->len)) == NULL) {
        ERR_raise(ERR_LIB_PEM, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    if (password_get(cb, u, pw, &pw_len)) {
        derive_key(e, (const unsigned char *)pw, pw_len, key);
        memcpy(plain, e->data, e->len);
        pad_ok = cbc_decrypt(e->cipher, key, e->iv, plain, e->len, &plain_len);
        k = decode_plaintext(e, plain, plain_len, pad_ok);
    }
    OPENSSL_cleanse(pw, sizeof(pw));
    OPENSSL_cleanse(key, sizeof(key));
    OPENSSL_cleanse(plain, e->len);
    OPENSSL_free(plain);
    return k;
}

/* ---- legacy PEM: "Proc-Type: 4,ENCRYPTED" ------------------------------------------ */

/* The next line of text, without its line ending; 0 at the end. */
static int next_line(kuma_der *text, kuma_der *line)
{
    const unsigned char *nl;

    if (text->len == 0)
        return 0;
    nl = memchr(text->p, '\n', text->len);
    line->p = text->p;
    line->len = nl != NULL ? (size_t)(nl - text->p) : text->len;
    text->p += line->len + (nl != NULL);
    text->len -= line->len + (nl != NULL);
    if (line->len > 0 && line->p[line->len - 1] == '\r')
        line->len--;
    return 1;
}

/* If line is "<name>:<blanks>value", the value; else 0. */
static int header_value(const kuma_der *line, const char *name, kuma_der *value)
{
    size_t n = strlen(name);

    if (line->len <= n || strncasecmp((const char *)line->p, name, n) != 0
        || line->p[n] != ':')
        return 0;
    value->p = line->p + n + 1;
    value->len = line->len - n - 1;
    while (value->len > 0 && (*value->p == ' ' || *value->p == '\t'))
        value->p++, value->len--;
    return 1;
}

static int hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Parses the DEK-Info value "<cipher>,<hex IV>". */
static int parse_dek_info(const kuma_der *v, pem_encryption *e, unsigned char *iv)
{
    const unsigned char *comma = memchr(v->p, ',', v->len);
    size_t name_len, i;

    if (comma == NULL) {
        ERR_raise_data(ERR_LIB_PEM, PEM_R_MISSING_DEK_IV, "DEK-Info has no IV");
        return 0;
    }
    name_len = (size_t)(comma - v->p);
    if ((e->cipher = cipher_by_name((const char *)v->p, name_len)) == NULL) {
        ERR_raise_data(ERR_LIB_PEM, PEM_R_UNSUPPORTED_ENCRYPTION, "DEK-Info cipher \"%.*s\"",
                       (int)(name_len > 40 ? 40 : name_len), (const char *)v->p);
        return 0;
    }
    if (v->len - name_len - 1 != 2 * e->cipher->block_len) {
        ERR_raise(ERR_LIB_PEM, PEM_R_BAD_IV_CHARS);
        return 0;
    }
    for (i = 0; i < e->cipher->block_len; i++) {
        int hi = hex_digit(comma[1 + 2 * i]), lo = hex_digit(comma[2 + 2 * i]);

        if (hi < 0 || lo < 0) {
            ERR_raise(ERR_LIB_PEM, PEM_R_BAD_IV_CHARS);
            return 0;
        }
        iv[i] = (unsigned char)(hi << 4 | lo);
    }
    e->iv = iv;
    return 1;
}

/* The two RFC 1421 headers OpenSSL writes, in its order, then a blank line. */
static int parse_legacy_headers(kuma_der *text, pem_encryption *e, unsigned char *iv)
{
    kuma_der line, value;

    if (!next_line(text, &line) || !header_value(&line, "Proc-Type", &value)
        || value.len != 11 || strncasecmp((const char *)value.p, "4,ENCRYPTED", 11) != 0) {
        ERR_raise(ERR_LIB_PEM, PEM_R_NOT_ENCRYPTED);
        return 0;
    }
    if (!next_line(text, &line) || !header_value(&line, "DEK-Info", &value)) {
        ERR_raise(ERR_LIB_PEM, PEM_R_NOT_DEK_INFO);
        return 0;
    }
    if (!parse_dek_info(&value, e, iv))
        return 0;
    /* Other headers, if any, end at the blank line before the base64 body. */
    while (next_line(text, &line))
        if (line.len == 0)
            return 1;
    ERR_raise(ERR_LIB_PEM, PEM_R_SHORT_HEADER);
    return 0;
}

EVP_PKEY *kuma_pkey_decrypt_legacy(const unsigned char *text, size_t len,
                                   pem_password_cb *cb, void *u)
{
    kuma_der body = { text, len };
    unsigned char iv[MAX_BLOCK_LEN], *data;
    pem_encryption e;
    EVP_PKEY *k = NULL;

    memset(&e, 0, sizeof(e));
    e.legacy = 1;
    if (!parse_legacy_headers(&body, &e, iv))
        return NULL;
    if ((data = OPENSSL_malloc(body.len / 4 * 3 + 3)) == NULL) {
        KUMA_RAISE_AT("PEM_do_header", ERR_LIB_PEM, ERR_R_MALLOC_FAILURE, NULL);
        return NULL;
    }
    if (!kuma_base64_decode(body.p, body.len, data, &e.len))
        KUMA_RAISE_AT("PEM_do_header", ERR_LIB_PEM, PEM_R_BAD_BASE64_DECODE, NULL);
    else {
        e.data = data;
        k = decrypt_key(&e, cb, u);
    }
    OPENSSL_free(data);         /* ciphertext: nothing secret */
    return k;
}

/* ---- PKCS#8 EncryptedPrivateKeyInfo with PBES2 ----------------------------------------- */

#define DER_INTEGER      0x02
#define DER_OCTET_STRING 0x04
#define DER_NULL         0x05
#define DER_OID          0x06
#define DER_SEQUENCE     0x30

/* 1.2.840.113549.1.5.x: PKCS#5 (x = 13 PBES2, 12 PBKDF2, others PBES1). */
static const unsigned char oid_pkcs5[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05 };
/* 1.2.840.113549.1.12.1.x: the PKCS#12 PBE algorithms. */
static const unsigned char oid_pkcs12_pbe[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01 };
/* 1.3.6.1.4.1.11591.4.11: scrypt. */
static const unsigned char oid_scrypt[] = { 0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x04, 0x0B };
/* 1.2.840.113549.2.x: the HMAC PRFs of PBKDF2. */
static const unsigned char oid_hmac[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02 };

/* Whether oid is prefix followed by one more byte, last (any value when last < 0). */
static int oid_is(const kuma_der *oid, const unsigned char *prefix, size_t len, int last)
{
    return oid->len == len + 1 && memcmp(oid->p, prefix, len) == 0
           && (last < 0 || oid->p[len] == last);
}

static int der_take(kuma_der *in, unsigned char want, kuma_der *content)
{
    unsigned char tag;
    kuma_der copy = *in;

    if (!kuma_der_next(&copy, &tag, content, NULL) || tag != want)
        return 0;
    *in = copy;
    return 1;
}

/* A positive INTEGER into *v; 0 when malformed, negative, zero or above max. */
static int der_uint(const kuma_der *c, unsigned long max, unsigned long *v)
{
    size_t i;

    if (c->len == 0 || (c->p[0] & 0x80) != 0)
        return 0;
    *v = 0;
    for (i = 0; i < c->len; i++) {
        if (*v > (max >> 8))
            return 0;
        *v = (*v << 8) | c->p[i];
    }
    return *v > 0 && *v <= max;
}

static void raise_malformed(const char *what)
{
    ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR,
                   "malformed EncryptedPrivateKeyInfo: %s", what);
}

static void raise_unsupported(const char *what)
{
    ERR_raise_data(ERR_LIB_PEM, PEM_R_UNSUPPORTED_ENCRYPTION,
                   "%s (kumassl reads PBES2 with PBKDF2 and AES-CBC or DES-EDE3-CBC)", what);
}

/* The PRF AlgorithmIdentifier of PBKDF2-params: hmacWithSHA1/224/256/384/512. */
static int parse_prf(kuma_der *params, pem_encryption *e)
{
    kuma_der alg, oid, ignored;

    e->prf = &br_sha1_vtable;               /* the DEFAULT of RFC 8018 */
    if (params->len == 0)
        return 1;
    if (!der_take(params, DER_SEQUENCE, &alg) || !der_take(&alg, DER_OID, &oid)
        || (alg.len > 0 && !der_take(&alg, DER_NULL, &ignored)) || alg.len != 0) {
        raise_malformed("PBKDF2 prf");
        return 0;
    }
    e->prf = !oid_is(&oid, oid_hmac, sizeof(oid_hmac), -1) ? NULL
             : oid.p[7] == 0x07 ? &br_sha1_vtable : oid.p[7] == 0x08 ? &br_sha224_vtable
             : oid.p[7] == 0x09 ? &br_sha256_vtable : oid.p[7] == 0x0A ? &br_sha384_vtable
             : oid.p[7] == 0x0B ? &br_sha512_vtable : NULL;
    if (e->prf == NULL)
        raise_unsupported("PBKDF2 PRF other than HMAC-SHA1/SHA-2");
    return e->prf != NULL;
}

/* PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount, keyLength OPTIONAL, prf }. */
static int parse_pbkdf2(kuma_der *params, pem_encryption *e, unsigned long *key_len)
{
    kuma_der seq, salt, iter, klen;

    if (!der_take(params, DER_SEQUENCE, &seq) || params->len != 0
        || !der_take(&seq, DER_OCTET_STRING, &salt) || !der_take(&seq, DER_INTEGER, &iter)) {
        raise_malformed("PBKDF2-params");
        return 0;
    }
    e->salt = salt.p;
    e->salt_len = salt.len;
    if (!der_uint(&iter, KUMA_PBKDF2_MAX_ITER, &e->iter)) {
        ERR_raise_data(ERR_LIB_PEM, PEM_R_UNSUPPORTED_ENCRYPTION,
                       "PBKDF2 iteration count not between 1 and %lu",
                       (unsigned long)KUMA_PBKDF2_MAX_ITER);
        return 0;
    }
    *key_len = 0;
    if (der_take(&seq, DER_INTEGER, &klen) && !der_uint(&klen, MAX_KEY_LEN, key_len)) {
        raise_malformed("PBKDF2 keyLength");
        return 0;
    }
    if (!parse_prf(&seq, e))
        return 0;
    if (seq.len != 0) {
        raise_malformed("trailing data in PBKDF2-params");
        return 0;
    }
    return 1;
}

/* keyDerivationFunc AlgorithmIdentifier: PBKDF2 only. */
static int parse_kdf(kuma_der *in, pem_encryption *e, unsigned long *key_len)
{
    kuma_der alg, oid;

    if (!der_take(in, DER_SEQUENCE, &alg) || !der_take(&alg, DER_OID, &oid)) {
        raise_malformed("PBES2 keyDerivationFunc");
        return 0;
    }
    if (oid_is(&oid, oid_pkcs5, sizeof(oid_pkcs5), 12))
        return parse_pbkdf2(&alg, e, key_len);
    raise_unsupported(oid_is(&oid, oid_scrypt, sizeof(oid_scrypt) - 1, 0x0B)
                      ? "scrypt key derivation" : "unknown PBES2 key derivation function");
    return 0;
}

/* encryptionScheme AlgorithmIdentifier: a known CBC cipher with its IV. */
static int parse_scheme(kuma_der *in, pem_encryption *e, unsigned long key_len)
{
    kuma_der alg, oid, iv;

    if (!der_take(in, DER_SEQUENCE, &alg) || in->len != 0 || !der_take(&alg, DER_OID, &oid)) {
        raise_malformed("PBES2 encryptionScheme");
        return 0;
    }
    if ((e->cipher = cipher_by_oid(&oid)) == NULL) {
        raise_unsupported("PBES2 cipher other than AES-CBC or DES-EDE3-CBC");
        return 0;
    }
    if (!der_take(&alg, DER_OCTET_STRING, &iv) || alg.len != 0
        || iv.len != e->cipher->block_len || (key_len != 0 && key_len != e->cipher->key_len)) {
        raise_malformed("PBES2 cipher parameters");
        return 0;
    }
    e->iv = iv.p;
    return 1;
}

/* The encryptionAlgorithm: PBES2 only; PBES1 and the PKCS#12 PBEs are named in the error. */
static int parse_algorithm(kuma_der *alg, pem_encryption *e)
{
    kuma_der oid, params;
    unsigned long key_len;

    if (!der_take(alg, DER_OID, &oid)) {
        raise_malformed("encryptionAlgorithm");
        return 0;
    }
    if (!oid_is(&oid, oid_pkcs5, sizeof(oid_pkcs5), 13)) {
        raise_unsupported(oid_is(&oid, oid_pkcs5, sizeof(oid_pkcs5), -1) ? "PKCS#5 PBES1"
                          : oid_is(&oid, oid_pkcs12_pbe, sizeof(oid_pkcs12_pbe), -1)
                          ? "PKCS#12 PBE" : "unknown encryption algorithm");
        return 0;
    }
    if (!der_take(alg, DER_SEQUENCE, &params) || alg->len != 0) {
        raise_malformed("PBES2-params");
        return 0;
    }
    return parse_kdf(&params, e, &key_len) && parse_scheme(&params, e, key_len);
}

EVP_PKEY *kuma_pkey_decrypt_pkcs8(const unsigned char *der, size_t len,
                                  pem_password_cb *cb, void *u)
{
    kuma_der in = { der, len }, epki, alg, data;
    pem_encryption e;

    memset(&e, 0, sizeof(e));
    if (der == NULL || !der_take(&in, DER_SEQUENCE, &epki) || in.len != 0
        || !der_take(&epki, DER_SEQUENCE, &alg)
        || !der_take(&epki, DER_OCTET_STRING, &data) || epki.len != 0) {
        raise_malformed("not SEQUENCE { AlgorithmIdentifier, OCTET STRING }");
        return NULL;
    }
    if (!parse_algorithm(&alg, &e))
        return NULL;
    e.data = data.p;
    e.len = data.len;
    return decrypt_key(&e, cb, u);
}
