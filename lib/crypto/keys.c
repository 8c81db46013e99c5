/*
 * kumassl: private keys (EVP_PKEY) over BearSSL's key structures.
 *
 * br_skey_decoder reads PKCS#1 RSA, SEC1 EC and unencrypted PKCS#8 keys; the
 * components are copied into one buffer owned by the EVP_PKEY, which is wiped
 * when the key is freed. Encrypted PEM keys are decrypted by pem_crypt.c.
 */
#include <string.h>
#include "crypto_int.h"
#include "fast/fast.h"

/* ---- the EVP_PKEY object --------------------------------------------------- */

EVP_PKEY *EVP_PKEY_new(void)
{
    EVP_PKEY *k = OPENSSL_zalloc(sizeof(*k));

    if (k == NULL) {
        ERR_raise(ERR_LIB_EVP, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    atomic_init(&k->refs, 1);
    k->type = EVP_PKEY_NONE;
    return k;
}

void EVP_PKEY_free(EVP_PKEY *pkey)
{
    if (pkey == NULL || !kuma_ref_down(&pkey->refs))
        return;
    if (pkey->buf != NULL) {
        OPENSSL_cleanse(pkey->buf, pkey->buf_len);
        OPENSSL_free(pkey->buf);
    }
    OPENSSL_cleanse(pkey, sizeof(*pkey));
    OPENSSL_free(pkey);
}

int EVP_PKEY_up_ref(EVP_PKEY *pkey)
{
    if (KUMA_NULL_ARG(ERR_LIB_EVP, pkey))
        return 0;
    return kuma_ref_up(&pkey->refs);
}

int EVP_PKEY_id(const EVP_PKEY *pkey)
{
    return pkey != NULL ? pkey->type : EVP_PKEY_NONE;
}

/* kumassl has no key type aliases, so the base type is the type. */
int EVP_PKEY_base_id(const EVP_PKEY *pkey)
{
    return EVP_PKEY_id(pkey);
}

/* The size of a curve's order in bits, as OpenSSL reports it for EC keys. */
int kuma_ec_curve_bits(int curve)
{
    switch (curve) {
    case BR_EC_secp256r1:
    case BR_EC_secp256k1:
        return 256;
    case BR_EC_secp384r1:
        return 384;
    case BR_EC_secp521r1:
        return 521;
    case BR_EC_secp224r1:
    case BR_EC_secp224k1:
        return 224;
    case BR_EC_secp192r1:
    case BR_EC_secp192k1:
        return 192;
    case BR_EC_curve25519:
        return 253;
    default:
        return 0;
    }
}

int EVP_PKEY_bits(const EVP_PKEY *pkey)
{
    if (pkey == NULL)
        return 0;
    if (pkey->public_only)
        return kuma_pkey_pub_bits(pkey);
    if (pkey->type == EVP_PKEY_RSA)
        return (int)pkey->rsa.n_bitlen;
    if (pkey->type == EVP_PKEY_EC)
        return kuma_ec_curve_bits(pkey->ec.curve);
    return 0;
}

/* ---- decoding ------------------------------------------------------------------ */

/* Appends len bytes at *pos in k->buf and returns where they went. */
static unsigned char *pkey_put(EVP_PKEY *k, size_t *pos, const unsigned char *src, size_t len)
{
    unsigned char *dst = k->buf + *pos;

    memcpy(dst, src, len);
    *pos += len;
    return dst;
}

static int pkey_alloc(EVP_PKEY *k, size_t len)
{
    k->buf = OPENSSL_malloc(len ? len : 1);
    k->buf_len = len;
    return k->buf != NULL;
}

static int pkey_copy_rsa(EVP_PKEY *k, const br_rsa_private_key *sk)
{
    size_t pos = 0;

    if (!pkey_alloc(k, sk->plen + sk->qlen + sk->dplen + sk->dqlen + sk->iqlen))
        return 0;
    k->type = EVP_PKEY_RSA;
    k->rsa = *sk;
    k->rsa.p = pkey_put(k, &pos, sk->p, sk->plen);
    k->rsa.q = pkey_put(k, &pos, sk->q, sk->qlen);
    k->rsa.dp = pkey_put(k, &pos, sk->dp, sk->dplen);
    k->rsa.dq = pkey_put(k, &pos, sk->dq, sk->dqlen);
    k->rsa.iq = pkey_put(k, &pos, sk->iq, sk->iqlen);
    return 1;
}

static int pkey_copy_ec(EVP_PKEY *k, const br_ec_private_key *sk)
{
    size_t pos = 0;

    if (!pkey_alloc(k, sk->xlen))
        return 0;
    k->type = EVP_PKEY_EC;
    k->ec = *sk;
    k->ec.x = pkey_put(k, &pos, sk->x, sk->xlen);
    return 1;
}

static void pkey_raise_decode_error(int err)
{
    if (err == BR_ERR_X509_UNSUPPORTED)
        ERR_raise_data(ERR_LIB_EVP, EVP_R_UNSUPPORTED_PRIVATE_KEY_ALGORITHM,
                       "only RSA and EC private keys are supported");
    else
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR,
                       "cannot decode private key (PKCS#1, SEC1 or PKCS#8 DER expected)");
}

/* Runs BearSSL's key decoder and copies the result into a new EVP_PKEY. */
static EVP_PKEY *pkey_decode(const unsigned char *der, size_t len)
{
    br_skey_decoder_context dc;
    EVP_PKEY *k = NULL;
    int err, ok = 0;

    br_skey_decoder_init(&dc);
    br_skey_decoder_push(&dc, der, len);
    err = br_skey_decoder_last_error(&dc);
    if (err != 0) {
        pkey_raise_decode_error(err);
    } else if ((k = EVP_PKEY_new()) != NULL) {
        const br_rsa_private_key *rsa = br_skey_decoder_get_rsa(&dc);
        const br_ec_private_key *ec = br_skey_decoder_get_ec(&dc);

        ok = rsa != NULL ? pkey_copy_rsa(k, rsa) : ec != NULL && pkey_copy_ec(k, ec);
        if (!ok) {
            ERR_raise(ERR_LIB_EVP, ERR_R_MALLOC_FAILURE);
            EVP_PKEY_free(k);
            k = NULL;
        }
    }
    OPENSSL_cleanse(&dc, sizeof(dc));
    return k;
}

/* The length of the DER element at the start of der, or 0 when malformed. */
static size_t der_element_len(const unsigned char *der, size_t len)
{
    kuma_der in = { der, len }, content, whole;
    unsigned char tag;

    if (der == NULL || !kuma_der_next(&in, &tag, &content, &whole) || tag != 0x30)
        return 0;
    return whole.len;
}

EVP_PKEY *kuma_pkey_from_der(const unsigned char *der, size_t len)
{
    size_t used = der_element_len(der, len);

    if (used == 0 || used != len) {
        KUMA_RAISE_AT("d2i_AutoPrivateKey", ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR,
                       "cannot decode private key: %s",
                       used == 0 ? "not a DER SEQUENCE or truncated" : "trailing data");
        return NULL;
    }
    return pkey_decode(der, len);
}

EVP_PKEY *d2i_PrivateKey(int type, EVP_PKEY **a, const unsigned char **pp, long length)
{
    EVP_PKEY *k;
    size_t used;

    if (KUMA_NULL_ARG(ERR_LIB_EVP, pp) || KUMA_NULL_ARG(ERR_LIB_EVP, *pp))
        return NULL;
    used = length > 0 ? der_element_len(*pp, (size_t)length) : 0;
    if (used == 0) {
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR,
                       "cannot decode private key: not a DER SEQUENCE or truncated");
        return NULL;
    }
    k = pkey_decode(*pp, used);
    if (k == NULL)
        return NULL;
    if (type != EVP_PKEY_NONE && k->type != type) {
        ERR_raise_data(ERR_LIB_EVP, EVP_R_DIFFERENT_KEY_TYPES,
                       "expected key type %d, found %d", type, k->type);
        EVP_PKEY_free(k);
        return NULL;
    }
    *pp += used;
    if (a != NULL) {
        EVP_PKEY_free(*a);
        *a = k;
    }
    return k;
}

EVP_PKEY *d2i_AutoPrivateKey(EVP_PKEY **a, const unsigned char **pp, long length)
{
    return d2i_PrivateKey(EVP_PKEY_NONE, a, pp, length);
}

/* ---- loading --------------------------------------------------------------------- */

int kuma_pkey_pem_label(const char *label)
{
    return strcmp(label, "PRIVATE KEY") == 0 || strcmp(label, "RSA PRIVATE KEY") == 0
           || strcmp(label, "EC PRIVATE KEY") == 0
           || strcmp(label, "ENCRYPTED PRIVATE KEY") == 0;
}

EVP_PKEY *kuma_pkey_from_pem_block_pw(const kuma_pem_block *b, pem_password_cb *cb, void *u)
{
    if (b->encrypted)
        return kuma_pkey_decrypt_legacy(b->data, b->len, cb, u);
    if (strcmp(b->label, "ENCRYPTED PRIVATE KEY") == 0)
        return kuma_pkey_decrypt_pkcs8(b->data, b->len, cb, u);
    return kuma_pkey_from_der(b->data, b->len);
}

EVP_PKEY *kuma_pkey_from_pem_block(const kuma_pem_block *b)
{
    return kuma_pkey_from_pem_block_pw(b, NULL, NULL);
}

/* The first key block of a PEM text ("EC PARAMETERS" and certificates skipped). */
static EVP_PKEY *pkey_from_pem(const unsigned char *buf, size_t len, pem_password_cb *cb,
                               void *u)
{
    kuma_pem_block *blocks;
    size_t count, i;
    EVP_PKEY *k = NULL;

    if (!kuma_pem_decode_all(buf, len, &blocks, &count))
        return NULL;
    for (i = 0; i < count && !kuma_pkey_pem_label(blocks[i].label); i++)
        continue;
    if (i < count)
        k = kuma_pkey_from_pem_block_pw(&blocks[i], cb, u);
    else
        ERR_raise_data(ERR_LIB_PEM, PEM_R_NO_START_LINE, "no private key found in PEM data");
    kuma_pem_free(blocks, count);
    return k;
}

EVP_PKEY *kuma_pkey_load_mem_pw(const unsigned char *buf, size_t len, int type,
                                pem_password_cb *cb, void *u)
{
    if (type == X509_FILETYPE_PEM)
        return pkey_from_pem(buf, len, cb, u);
    if (type == X509_FILETYPE_ASN1)
        return kuma_pkey_from_der(buf, len);
    KUMA_RAISE_AT("PEM_read_bio_PrivateKey", ERR_LIB_EVP, ERR_R_PASSED_INVALID_ARGUMENT,
                   "key file type %d (use X509_FILETYPE_PEM or _ASN1)", type);
    return NULL;
}

EVP_PKEY *kuma_pkey_load_mem(const unsigned char *buf, size_t len, int type)
{
    return kuma_pkey_load_mem_pw(buf, len, type, NULL, NULL);
}

EVP_PKEY *kuma_pkey_load_file_pw(const char *path, int type, pem_password_cb *cb, void *u)
{
    unsigned char *buf;
    size_t len;
    EVP_PKEY *k;

    if (!kuma_read_file(path, &buf, &len))
        return NULL;
    k = kuma_pkey_load_mem_pw(buf, len, type, cb, u);
    OPENSSL_cleanse(buf, len);
    OPENSSL_free(buf);
    return k;
}

EVP_PKEY *kuma_pkey_load_file(const char *path, int type)
{
    return kuma_pkey_load_file_pw(path, type, NULL, NULL);
}

/* ---- matching a certificate ---------------------------------------------------- */

/* Compares two big-endian unsigned integers, ignoring leading zeros. */
static int uint_equal(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    while (alen > 0 && *a == 0)
        a++, alen--;
    while (blen > 0 && *b == 0)
        b++, blen--;
    return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/*
 * The modulus function to use for this key. BearSSL 0.6's i31 version (the
 * default on 64-bit machines) wrongly refuses some 4096-bit keys; the i15
 * version computes the same value.
 */
static br_rsa_compute_modulus rsa_modulus_impl(const br_rsa_private_key *sk)
{
    br_rsa_compute_modulus modulus = br_rsa_compute_modulus_get_default();

    return modulus(NULL, sk) != 0 ? modulus : br_rsa_i15_compute_modulus;
}

/* BearSSL's RSA code handles moduli up to 4096 bits. */
#define RSA_MAX_BYTES 512

/* The public key with the modulus stripped of leading zeros, as BearSSL's RSA functions want. */
static br_rsa_public_key rsa_stripped(const br_rsa_public_key *pk)
{
    br_rsa_public_key s = *pk;

    while (s.nlen > 0 && s.n[0] == 0)
        s.n++, s.nlen--;
    return s;
}

/*
 * Whether the private exponents go with the certificate's public exponent:
 * a value raised to d (by CRT) then to e must come back unchanged. This is
 * used instead of br_rsa_compute_pubexp(), which in BearSSL 0.6 gives up
 * (returns 0) on most keys that OpenSSL 3 generates.
 */
static int rsa_exponents_pair(const br_rsa_private_key *sk, const br_rsa_public_key *cert)
{
    br_rsa_public_key pk = rsa_stripped(cert);
    unsigned char x[RSA_MAX_BYTES], orig[RSA_MAX_BYTES];
    size_t i;

    if (pk.nlen < 2 || pk.nlen > sizeof(x) || pk.nlen != (sk->n_bitlen + 7) / 8)
        return 0;
    orig[0] = 0;                /* keeps the value below the modulus */
    for (i = 1; i < pk.nlen; i++)
        orig[i] = (unsigned char)(i * 7 + 1);
    memcpy(x, orig, pk.nlen);
    return br_rsa_private_get_default()(x, sk)
           && br_rsa_public_get_default()(x, pk.nlen, &pk)
           && memcmp(x, orig, pk.nlen) == 0;
}

/* Recomputes n from the private key and compares it with the certificate's, then checks e. */
static int rsa_matches(const br_rsa_private_key *sk, const br_rsa_public_key *pk)
{
    br_rsa_compute_modulus modulus = rsa_modulus_impl(sk);
    size_t nlen = modulus(NULL, sk);
    unsigned char *n;
    int ok;

    if (nlen == 0)
        return 0;
    n = OPENSSL_malloc(nlen);
    if (n == NULL)
        return 0;
    ok = modulus(n, sk) == nlen && uint_equal(n, nlen, pk->n, pk->nlen);
    OPENSSL_free(n);
    return ok && rsa_exponents_pair(sk, pk);
}

/* Recomputes the public point from the private scalar and compares it. */
static int ec_matches(const br_ec_private_key *sk, const br_ec_public_key *pk)
{
    unsigned char kbuf[BR_EC_KBUF_PUB_MAX_SIZE];
    br_ec_public_key pub;

    if (sk->curve != pk->curve
        || br_ec_compute_pub(kuma_ec_default(), &pub, kbuf, sk) == 0)
        return 0;
    return pub.qlen == pk->qlen && memcmp(pub.q, pk->q, pub.qlen) == 0;
}

int kuma_pkey_matches(const EVP_PKEY *pkey, const X509 *x)
{
    int cert_type;

    if (KUMA_NULL_ARG_AT("X509_check_private_key", ERR_LIB_X509, pkey) || KUMA_NULL_ARG_AT("X509_check_private_key", ERR_LIB_X509, x))
        return 0;
    cert_type = x->pkey.key_type == BR_KEYTYPE_RSA ? EVP_PKEY_RSA
                : x->pkey.key_type == BR_KEYTYPE_EC ? EVP_PKEY_EC : EVP_PKEY_NONE;
    if (x->der == NULL || pkey->type == EVP_PKEY_NONE) {
        KUMA_RAISE_AT("X509_check_private_key", ERR_LIB_X509, X509_R_UNKNOWN_KEY_TYPE, NULL);
        return 0;
    }
    if (pkey->public_only) {
        ERR_raise_data(ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH, "a public key cannot be a private key");
        return 0;
    }
    if (cert_type != pkey->type) {
        KUMA_RAISE_AT("X509_check_private_key", ERR_LIB_X509, X509_R_KEY_TYPE_MISMATCH, NULL);
        return 0;
    }
    if (pkey->type == EVP_PKEY_RSA ? rsa_matches(&pkey->rsa, &x->pkey.key.rsa)
                                   : ec_matches(&pkey->ec, &x->pkey.key.ec))
        return 1;
    KUMA_RAISE_AT("X509_check_private_key", ERR_LIB_X509, X509_R_KEY_VALUES_MISMATCH, NULL);
    return 0;
}

int X509_check_private_key(const X509 *x509, const EVP_PKEY *pkey)
{
    return kuma_pkey_matches(pkey, x509);
}
