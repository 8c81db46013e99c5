/*
 * Known-answer tests of libcrypto's breadth for drop-in use: EVP digests
 * (FIPS 180-4 / RFC 1321 vectors), HMAC (RFC 4231 / RFC 2202), PBKDF2
 * (RFC 6070), BIGNUM conversions, OBJ names and OIDs (OpenSSL 3.0's
 * values), name entries and extensions of a test certificate, and the
 * errors bad input gets.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include "testutil.h"

static void setup(void)
{
    ERR_clear_error();
}

static void hex(const unsigned char *p, size_t n, char *out)
{
    size_t i;

    for (i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
}

static void check_digest(const EVP_MD *md, const char *msg, const char *want)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    char text[2 * EVP_MAX_MD_SIZE + 1];
    unsigned int n = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t i;

    ck_assert_ptr_nonnull(ctx);
    ck_assert_int_eq(EVP_DigestInit_ex(ctx, md, NULL), 1);
    for (i = 0; msg[i] != '\0'; i++)        /* byte by byte: buffering across updates */
        ck_assert_int_eq(EVP_DigestUpdate(ctx, msg + i, 1), 1);
    ck_assert_int_eq(EVP_DigestFinal_ex(ctx, out, &n), 1);
    ck_assert_uint_eq(n, (unsigned)EVP_MD_get_size(md));
    hex(out, n, text);
    ck_assert_str_eq(text, want);
    EVP_MD_CTX_free(ctx);
}

START_TEST(test_digests)
{
    check_digest(EVP_md5(), "", "d41d8cd98f00b204e9800998ecf8427e");
    check_digest(EVP_sha1(), "abc", "a9993e364706816aba3e25717850c26c9cd0d89d");
    check_digest(EVP_sha256(), "abc",
                 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    check_digest(EVP_sha384(), "abc",
                 "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                 "8086072ba1e7cc2358baeca134c825a7");
    check_digest(EVP_get_digestbyname("SHA2-224"), "abc",
                 "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
    ck_assert_ptr_eq(EVP_get_digestbyname("sha512"), EVP_sha512());
    ck_assert_ptr_eq(EVP_get_digestbyname("SHA-256"), EVP_sha256());
    ck_assert_ptr_eq(EVP_get_digestbynid(NID_sha1), EVP_sha1());
    ck_assert_int_eq(EVP_MD_get_block_size(EVP_sha512()), 128);
    ck_assert_int_eq(EVP_MD_get_block_size(EVP_sha256()), 64);
    ck_assert_str_eq(EVP_MD_get0_name(EVP_sha256()), "SHA256");
}
END_TEST

START_TEST(test_digest_copy_and_errors)
{
    unsigned char a[32], b[32];
    EVP_MD_CTX *x = EVP_MD_CTX_new(), *y = EVP_MD_CTX_new();

    ck_assert_int_eq(EVP_DigestInit(x, EVP_sha256()), 1);
    ck_assert_int_eq(EVP_DigestUpdate(x, "ab", 2), 1);
    ck_assert_int_eq(EVP_MD_CTX_copy_ex(y, x), 1);
    ck_assert_int_eq(EVP_DigestUpdate(x, "c", 1), 1);
    ck_assert_int_eq(EVP_DigestUpdate(y, "c", 1), 1);
    ck_assert_int_eq(EVP_DigestFinal_ex(x, a, NULL), 1);
    ck_assert_int_eq(EVP_DigestFinal(y, b, NULL), 1);
    ck_assert_mem_eq(a, b, 32);
    ck_assert_ptr_eq(EVP_MD_CTX_get0_md(x), EVP_sha256());
    /* an uninitialised context and unknown digests are refused with a reason */
    EVP_MD_CTX_reset(x);
    ck_assert_int_eq(EVP_DigestUpdate(x, "a", 1), 0);
    tu_expect_error(ERR_LIB_EVP, EVP_R_UPDATE_ERROR);
    ck_assert_ptr_null(EVP_MD_fetch(NULL, "SHA3-256", NULL));
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), ERR_GET_REASON(ERR_R_FETCH_FAILED));
    ERR_clear_error();
    ck_assert_int_eq(EVP_DigestFinalXOF(x, a, 32), 0);
    tu_expect_error(ERR_LIB_EVP, EVP_R_NOT_XOF_OR_INVALID_LENGTH);
    ck_assert_ptr_null(EVP_get_digestbyname("no-such-digest"));
    EVP_MD_CTX_free(x);
    EVP_MD_CTX_free(y);
}
END_TEST

START_TEST(test_hmac)
{
    static const unsigned char key[20] = {
        0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
        0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b };
    unsigned char out[64];
    char text[129];
    unsigned int n = 0;
    HMAC_CTX *ctx = HMAC_CTX_new();

    /* RFC 4231 test case 1 and 2 */
    ck_assert_ptr_nonnull(HMAC(EVP_sha256(), key, 20, (const unsigned char *)"Hi There", 8, out, &n));
    hex(out, n, text);
    ck_assert_str_eq(text, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    ck_assert_int_eq(HMAC_Init_ex(ctx, "Jefe", 4, EVP_sha256(), NULL), 1);
    ck_assert_int_eq(HMAC_Update(ctx, (const unsigned char *)"what do ya want ", 16), 1);
    ck_assert_int_eq(HMAC_Update(ctx, (const unsigned char *)"for nothing?", 12), 1);
    ck_assert_int_eq(HMAC_Final(ctx, out, &n), 1);
    hex(out, n, text);
    ck_assert_str_eq(text, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    /* a NULL key and md restart with the same key (RFC 2202 SHA-1 case 2 after a reset) */
    ck_assert_int_eq(HMAC_Init_ex(ctx, "Jefe", 4, EVP_sha1(), NULL), 1);
    ck_assert_int_eq(HMAC_Update(ctx, (const unsigned char *)"junk", 4), 1);
    ck_assert_int_eq(HMAC_Init_ex(ctx, NULL, 0, NULL, NULL), 1);
    ck_assert_int_eq(HMAC_Update(ctx, (const unsigned char *)"what do ya want for nothing?", 28), 1);
    ck_assert_int_eq(HMAC_Final(ctx, out, &n), 1);
    hex(out, n, text);
    ck_assert_str_eq(text, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    ck_assert_uint_eq(HMAC_size(ctx), 20);
    /* a new digest without a key is refused */
    ck_assert_int_eq(HMAC_Init_ex(ctx, NULL, 0, EVP_sha512(), NULL), 0);
    tu_expect_error(ERR_LIB_EVP, EVP_R_NO_KEY_SET);
    HMAC_CTX_free(ctx);
}
END_TEST

START_TEST(test_pbkdf2)
{
    unsigned char out[25];
    char text[51];

    /* RFC 6070 */
    ck_assert_int_eq(PKCS5_PBKDF2_HMAC_SHA1("password", -1, (const unsigned char *)"salt", 4,
                                            4096, 20, out), 1);
    hex(out, 20, text);
    ck_assert_str_eq(text, "4b007901b765489abead49d926f721d065a429c1");
    ck_assert_int_eq(PKCS5_PBKDF2_HMAC("passwordPASSWORDpassword", 24,
                                       (const unsigned char *)"saltSALTsaltSALTsaltSALTsaltSALTsalt",
                                       36, 4096, EVP_sha1(), 25, out), 1);
    hex(out, 25, text);
    ck_assert_str_eq(text, "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
    ck_assert_int_eq(PKCS5_PBKDF2_HMAC("p", 1, NULL, 0, 0, EVP_sha1(), 20, out), 0);
    tu_expect_error(ERR_LIB_EVP, ERR_GET_REASON(ERR_R_PASSED_INVALID_ARGUMENT));
    ck_assert_int_eq(CRYPTO_memcmp("abc", "abd", 3) != 0, 1);
    ck_assert_int_eq(CRYPTO_memcmp("abc", "abc", 3), 0);
}
END_TEST

START_TEST(test_bn)
{
    static const char *dec = "1606938044258990275541962092341162602522202993782792835313721";
    BIGNUM *a = NULL, *b;
    unsigned char bin[32];
    char *s;

    /* 2^200 + 12345 (python3 -c 'print(hex(2**200+12345))') */
    ck_assert_int_eq(BN_hex2bn(&a, "100000000000000000000000000000000000000000000003039"), 51);
    ck_assert_int_eq(BN_num_bits(a), 201);
    ck_assert_int_eq(BN_num_bytes(a), 26);
    s = BN_bn2dec(a);
    ck_assert_str_eq(s, dec);
    OPENSSL_free(s);
    b = NULL;
    ck_assert_int_eq(BN_dec2bn(&b, dec), (int)strlen(dec));
    ck_assert_int_eq(BN_cmp(a, b), 0);
    ck_assert_int_eq(BN_bn2bin(b, bin), 26);
    ck_assert_uint_eq(bin[0], 1);
    ck_assert_uint_eq(bin[24], 0x30);
    ck_assert_uint_eq(bin[25], 0x39);
    BN_free(b);
    b = BN_bin2bn(bin, 26, NULL);
    s = BN_bn2hex(b);
    ck_assert_str_eq(s, "0100000000000000000000000000000000000000000000003039");
    OPENSSL_free(s);
    ck_assert_int_eq(BN_set_word(b, 255), 1);
    ck_assert_uint_eq(BN_get_word(b), 255);
    ck_assert_int_eq(BN_cmp(b, a), -1);
    BN_set_negative(b, 1);
    s = BN_bn2dec(b);
    ck_assert_str_eq(s, "-255");
    OPENSSL_free(s);
    ck_assert_int_eq(BN_bn2binpad(a, bin, 8), -1);
    ERR_clear_error();
    ck_assert_int_eq(BN_hex2bn(&a, "xyz"), 0);
    ERR_clear_error();
    BN_free(a);
    a = BN_new();
    s = BN_bn2dec(a);
    ck_assert_str_eq(s, "0");
    OPENSSL_free(s);
    BN_clear_free(a);
    BN_free(b);
}
END_TEST

START_TEST(test_obj)
{
    char buf[80];
    ASN1_OBJECT *o;

    ck_assert_str_eq(OBJ_nid2sn(NID_commonName), "CN");
    ck_assert_str_eq(OBJ_nid2ln(NID_sha256), "sha256");
    ck_assert_int_eq(OBJ_sn2nid("serverAuth"), 129);
    ck_assert_int_eq(OBJ_ln2nid("TLS Web Client Authentication"), 130);
    ck_assert_int_eq(OBJ_txt2nid("2.5.4.3"), NID_commonName);
    ck_assert_int_eq(OBJ_txt2nid("prime256v1"), 415);
    o = OBJ_txt2obj("1.3.6.1.5.5.7.3.1", 1);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(OBJ_obj2nid(o), 129);
    ck_assert_int_eq(OBJ_obj2txt(buf, sizeof(buf), o, 0), 29);
    ck_assert_str_eq(buf, "TLS Web Server Authentication");
    ck_assert_int_eq(OBJ_obj2txt(buf, sizeof(buf), o, 1), 17);
    ck_assert_str_eq(buf, "1.3.6.1.5.5.7.3.1");
    ASN1_OBJECT_free(o);
    /* an OID kumassl has no name for: dotted text, NID_undef, freed */
    o = OBJ_txt2obj("1.2.3.4.5.123456789012", 0);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(OBJ_obj2nid(o), NID_undef);
    ck_assert_int_eq(OBJ_obj2txt(buf, 8, o, 0), 22);   /* the full length, truncated copy */
    ck_assert_str_eq(buf, "1.2.3.4");
    ASN1_OBJECT_free(o);
    /* bad input */
    ck_assert_ptr_null(OBJ_txt2obj("1.2.x", 1));
    tu_expect_error(ERR_LIB_OBJ, OBJ_R_UNKNOWN_OBJECT_NAME);
    ck_assert_ptr_null(OBJ_txt2obj("3.1", 1));
    tu_expect_error(ERR_LIB_OBJ, OBJ_R_UNKNOWN_OBJECT_NAME);
    ck_assert_ptr_null(OBJ_nid2sn(99999));
    tu_expect_error(ERR_LIB_OBJ, OBJ_R_UNKNOWN_NID);
    ck_assert_int_eq(OBJ_txt2nid("no such name"), NID_undef);
    ck_assert_int_eq(ERR_peek_error(), 0);
}
END_TEST

START_TEST(test_name_entries)
{
    X509 *x = tu_read_cert(tu_cert("server-cert.pem"));
    X509_NAME *n = X509_get_subject_name(x);
    X509_NAME_ENTRY *e;
    unsigned char *utf8 = NULL;
    char buf[64];
    int i;

    /* subject=O = kumassl, CN = localhost (tests/gen-certs.sh) */
    ck_assert_int_eq(X509_NAME_entry_count(n), 2);
    i = X509_NAME_get_index_by_NID(n, NID_commonName, -1);
    ck_assert_int_eq(i, 1);
    ck_assert_int_eq(X509_NAME_get_index_by_NID(n, NID_commonName, i), -1);
    e = X509_NAME_get_entry(n, i);
    ck_assert_int_eq(OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)), NID_commonName);
    ck_assert_int_eq(ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e)), 9);
    ck_assert_str_eq((char *)utf8, "localhost");
    OPENSSL_free(utf8);
    ck_assert_int_eq(X509_NAME_ENTRY_set(e), 1);
    OBJ_obj2txt(buf, sizeof(buf), X509_NAME_ENTRY_get_object(X509_NAME_get_entry(n, 0)), 0);
    ck_assert_str_eq(buf, "organizationName");
    ck_assert_ptr_null(X509_NAME_get_entry(n, 2));
    /* extensions: subjectAltName is there, with its OCTET STRING */
    ck_assert_int_ge(X509_get_ext_count(x), 1);
    i = X509_get_ext_by_NID(x, NID_subject_alt_name, -1);
    ck_assert_int_ge(i, 0);
    ck_assert_int_eq(OBJ_obj2nid(X509_EXTENSION_get_object(X509_get_ext(x, i))), NID_subject_alt_name);
    ck_assert_int_eq(ASN1_STRING_type(X509_EXTENSION_get_data(X509_get_ext(x, i))), V_ASN1_OCTET_STRING);
    ck_assert_int_eq(X509_get_version(x), X509_VERSION_3);
    X509_free(x);
    x = tu_read_cert(tu_cert("server-v1-cert.pem"));
    ck_assert_int_eq(X509_get_version(x), X509_VERSION_1);
    ck_assert_int_eq(X509_get_ext_count(x), 0);
    X509_free(x);
}
END_TEST

START_TEST(test_utf8_bad_input)
{
    /* an extension value (OCTET STRING) is not a string type */
    X509 *x = tu_read_cert(tu_cert("server-cert.pem"));
    unsigned char *out = (unsigned char *)"x";

    ck_assert_int_eq(ASN1_STRING_to_UTF8(&out, X509_EXTENSION_get_data(X509_get_ext(x, 0))), -1);
    ck_assert_ptr_null(out);
    tu_expect_error(ERR_LIB_ASN1, ASN1_R_UNKNOWN_FORMAT);
    X509_free(x);
}
END_TEST

/* ---- ciphers --------------------------------------------------------------- */

/* NIST SP 800-38A F.2.1 / F.2.5: CBC-AES128 and CBC-AES256, padding off, both directions. */
START_TEST(test_aes_cbc_sp800_38a)
{
    static const struct { const EVP_CIPHER *(*c)(void); const char *key, *ct; } v[] = {
        { EVP_aes_128_cbc, "2b7e151628aed2a6abf7158809cf4f3c",
          "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2" },
        { EVP_aes_256_cbc, "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
          "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d" },
    };
    unsigned char key[32], iv[16], pt[32], out[64], back[64];
    char text[130];
    size_t i;
    int n, m;

    tu_unhex("000102030405060708090a0b0c0d0e0f", iv, sizeof(iv));
    tu_unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51", pt, sizeof(pt));
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();

        tu_unhex(v[i].key, key, strlen(v[i].key) / 2);
        ck_assert_int_eq(EVP_CIPHER_get_iv_length(v[i].c()), 16);
        ck_assert_int_eq(EVP_CIPHER_get_key_length(v[i].c()), (int)strlen(v[i].key) / 2);
        ck_assert_int_eq(EVP_EncryptInit_ex(c, v[i].c(), NULL, key, iv), 1);
        EVP_CIPHER_CTX_set_padding(c, 0);
        ck_assert_int_eq(EVP_EncryptUpdate(c, out, &n, pt, 7), 1);     /* a partial block first */
        ck_assert_int_eq(EVP_EncryptUpdate(c, out + n, &m, pt + 7, 25), 1);
        n += m;
        ck_assert_int_eq(EVP_EncryptFinal_ex(c, out + n, &m), 1);
        ck_assert_int_eq(n + m, 32);
        hex(out, 32, text);
        ck_assert_str_eq(text, v[i].ct);
        ck_assert_int_eq(EVP_DecryptInit_ex(c, v[i].c(), NULL, key, iv), 1);
        EVP_CIPHER_CTX_set_padding(c, 0);
        ck_assert_int_eq(EVP_DecryptUpdate(c, back, &n, out, 32), 1);
        ck_assert_int_eq(EVP_DecryptFinal_ex(c, back + n, &m), 1);
        ck_assert_int_eq(n + m, 32);
        ck_assert_mem_eq(back, pt, 32);
        EVP_CIPHER_CTX_free(c);
    }
}
END_TEST

/* PKCS#7 padding: every length 0..40 round-trips through one-byte updates; bad input is refused. */
START_TEST(test_aes_cbc_padding)
{
    unsigned char key[16] = { 1 }, iv[16] = { 2 }, in[40], out[64], back[64];
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int len, i, n, tot, tot2;

    for (i = 0; i < 40; i++)
        in[i] = (unsigned char)(i * 31);
    for (len = 0; len <= 40; len++) {
        ck_assert_int_eq(EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), NULL, key, iv), 1);
        for (tot = i = 0; i < len; i++, tot += n)
            ck_assert_int_eq(EVP_EncryptUpdate(c, out + tot, &n, in + i, 1), 1);
        ck_assert_int_eq(EVP_EncryptFinal_ex(c, out + tot, &n), 1);
        tot += n;
        ck_assert_int_eq(tot, (len / 16 + 1) * 16);
        ck_assert_int_eq(EVP_DecryptInit_ex(c, EVP_aes_128_cbc(), NULL, key, iv), 1);
        for (tot2 = i = 0; i < tot; i++, tot2 += n)
            ck_assert_int_eq(EVP_DecryptUpdate(c, back + tot2, &n, out + i, 1), 1);
        ck_assert_int_eq(EVP_DecryptFinal_ex(c, back + tot2, &n), 1);
        ck_assert_int_eq(tot2 + n, len);
        ck_assert_mem_eq(back, in, (size_t)len);
    }
    /* a last block whose padding bytes disagree */
    memset(back, 16, 16);
    back[3] = 15;
    ck_assert_int_eq(EVP_EncryptInit_ex(c, EVP_aes_128_cbc(), NULL, key, iv), 1);
    EVP_CIPHER_CTX_set_padding(c, 0);
    ck_assert_int_eq(EVP_EncryptUpdate(c, out, &n, back, 16), 1);
    /* the padding setting outlives a new Init, as OpenSSL's flag does */
    ck_assert_int_eq(EVP_DecryptInit_ex(c, EVP_aes_128_cbc(), NULL, key, iv), 1);
    EVP_CIPHER_CTX_set_padding(c, 1);
    ck_assert_int_eq(EVP_DecryptUpdate(c, back, &n, out, 16), 1);
    ck_assert_int_eq(EVP_DecryptFinal_ex(c, back, &n), 0);
    tu_expect_error(ERR_LIB_EVP, EVP_R_BAD_DECRYPT);
    /* input that is not whole blocks */
    ck_assert_int_eq(EVP_DecryptInit_ex(c, NULL, NULL, key, iv), 1);
    ck_assert_int_eq(EVP_DecryptUpdate(c, back, &n, out, 15), 1);
    ck_assert_int_eq(EVP_DecryptFinal_ex(c, back, &n), 0);
    tu_expect_error(ERR_LIB_EVP, EVP_R_WRONG_FINAL_BLOCK_LENGTH);
    EVP_CIPHER_CTX_free(c);
    /* no cipher, no key */
    c = EVP_CIPHER_CTX_new();
    ck_assert_int_eq(EVP_EncryptInit_ex(c, NULL, NULL, key, iv), 0);
    tu_expect_error(ERR_LIB_EVP, EVP_R_NO_CIPHER_SET);
    EVP_CIPHER_CTX_free(c);
}
END_TEST

/* The low-level digest API (md5.h, sha.h): FIPS 180 / RFC 1321 "abc" answers, in two updates. */
START_TEST(test_legacy_digests)
{
    static const unsigned char abc[] = "abc";
    unsigned char md[64];
    char text[129];
    MD5_CTX m;
    SHA_CTX s1;
    SHA256_CTX s2;
    SHA512_CTX s5;

    ck_assert_int_eq(MD5_Init(&m), 1);
    ck_assert_int_eq(MD5_Update(&m, abc, 1), 1);
    ck_assert_int_eq(MD5_Update(&m, abc + 1, 2), 1);
    ck_assert_int_eq(MD5_Final(md, &m), 1);
    hex(md, 16, text);
    ck_assert_str_eq(text, "900150983cd24fb0d6963f7d28e17f72");
    ck_assert_int_eq(SHA1_Init(&s1) && SHA1_Update(&s1, abc, 2) && SHA1_Update(&s1, abc + 2, 1)
                     && SHA1_Final(md, &s1), 1);
    hex(md, 20, text);
    ck_assert_str_eq(text, "a9993e364706816aba3e25717850c26c9cd0d89d");
    ck_assert_int_eq(SHA256_Init(&s2) && SHA256_Update(&s2, abc, 3) && SHA256_Final(md, &s2), 1);
    hex(md, 32, text);
    ck_assert_str_eq(text, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ck_assert_int_eq(SHA512_Init(&s5) && SHA512_Update(&s5, abc, 3) && SHA512_Final(md, &s5), 1);
    hex(md, 16, text);
    ck_assert_str_eq(text, "ddaf35a193617abacc417349ae204131");
    hex(SHA256(abc, 3, NULL), 4, text);
    ck_assert_str_eq(text, "ba7816bf");
    ck_assert_int_eq(MD5_Update(NULL, abc, 3), 0);
}
END_TEST

static Suite *evp_suite(void)
{
    Suite *s = suite_create("evp");
    TCase *md = tcase_create("digests"), *obj = tcase_create("objects");

    tcase_add_checked_fixture(md, setup, NULL);
    tcase_add_checked_fixture(obj, setup, NULL);
    suite_add_tcase(s, md);
    suite_add_tcase(s, obj);
    tcase_add_test(md, test_digests);
    tcase_add_test(md, test_digest_copy_and_errors);
    tcase_add_test(md, test_hmac);
    tcase_add_test(md, test_pbkdf2);
    tcase_add_test(md, test_bn);
    tcase_add_test(md, test_aes_cbc_sp800_38a);
    tcase_add_test(md, test_aes_cbc_padding);
    tcase_add_test(md, test_legacy_digests);
    tcase_add_test(obj, test_obj);
    tcase_add_test(obj, test_name_entries);
    tcase_add_test(obj, test_utf8_bad_input);
    return s;
}

int main(void)
{
    return tu_run_suite(evp_suite(), CK_NORMAL);
}
