/*
 * kumassl: big numbers (BIGNUM), as OpenSSL's <openssl/bn.h>, for moving
 * values in and out (bytes, hex, decimal, words, ASN1_INTEGER) and
 * comparing them. kumassl has no BIGNUM arithmetic: its public-key
 * operations are BearSSL's.
 */
#ifndef KUMASSL_BN_H
#define KUMASSL_BN_H
#include <openssl/types.h>
#include <openssl/bio.h>
#ifdef __cplusplus
extern "C" {
#endif

#define BN_ULONG unsigned long
#define BN_BYTES 8

/* A new number (zero); freeing; BN_clear_free wipes the value first. */
BIGNUM *BN_new(void);
void BN_free(BIGNUM *a);
void BN_clear_free(BIGNUM *a);
/* The big-endian magnitude in s (len bytes) into ret (a new number when NULL); NULL on error. */
BIGNUM *BN_bin2bn(const unsigned char *s, int len, BIGNUM *ret);
/* Writes the magnitude big-endian (BN_num_bytes(a) bytes); returns their number. */
int BN_bn2bin(const BIGNUM *a, unsigned char *to);
/* The same left-padded with zeros to tolen bytes; -1 when it does not fit. */
int BN_bn2binpad(const BIGNUM *a, unsigned char *to, int tolen);
int BN_num_bits(const BIGNUM *a);
#define BN_num_bytes(a) ((BN_num_bits(a) + 7) / 8)
int BN_is_zero(const BIGNUM *a);
int BN_is_one(const BIGNUM *a);
int BN_is_negative(const BIGNUM *b);
void BN_set_negative(BIGNUM *b, int n);
int BN_set_word(BIGNUM *a, BN_ULONG w);
/* The value, or all ones when it does not fit a BN_ULONG. */
BN_ULONG BN_get_word(const BIGNUM *a);
/* -1, 0, 1 as a < b, a == b, a > b (BN_ucmp: magnitudes). */
int BN_cmp(const BIGNUM *a, const BIGNUM *b);
int BN_ucmp(const BIGNUM *a, const BIGNUM *b);
BIGNUM *BN_copy(BIGNUM *a, const BIGNUM *b);
BIGNUM *BN_dup(const BIGNUM *a);
/*
 * Parses an optional '-' and hex / decimal digits into *bn (a new number
 * when *bn is NULL; only counted when bn is NULL). Returns the number of
 * characters used, 0 when there are no digits.
 */
int BN_hex2bn(BIGNUM **bn, const char *a);
int BN_dec2bn(BIGNUM **bn, const char *a);
/* Upper-case hex (whole bytes, "0" for zero) / decimal text; free with OPENSSL_free. */
char *BN_bn2hex(const BIGNUM *a);
char *BN_bn2dec(const BIGNUM *a);
/* An ASN1_INTEGER's value into bn (a new number when NULL). */
BIGNUM *ASN1_INTEGER_to_BN(const ASN1_INTEGER *ai, BIGNUM *bn);
/* Writes an INTEGER in hex as OpenSSL does ("0123AB", "00" for zero); bytes written or -1. */
int i2a_ASN1_INTEGER(BIO *bp, const ASN1_INTEGER *a);

#ifdef __cplusplus
}
#endif
#endif
