/*
 * kumassl: big numbers (BIGNUM), as far as programs move them in and out:
 * bytes, hex and decimal text, words, comparisons, ASN1_INTEGER. The
 * magnitude is kept big-endian without leading zeros, with a sign.
 * Arithmetic on secrets is BearSSL's (its i31 code); nothing here is used
 * on secret values, so it need not be constant time, but it wipes on
 * BN_clear_free.
 */
#include <string.h>
#include <openssl/err.h>
#include <openssl/bn.h>
#include "obj_int.h"

struct bignum_st {
    unsigned char *d;           /* big-endian magnitude, no leading zero byte */
    size_t len;                 /* 0: the value is zero */
    int neg;
};

BIGNUM *BN_new(void)
{
    BIGNUM *a = OPENSSL_zalloc(sizeof(*a));

    if (a == NULL)
        ERR_raise(ERR_LIB_BN, ERR_R_MALLOC_FAILURE);
    return a;
}

void BN_free(BIGNUM *a)
{
    if (a == NULL)
        return;
    OPENSSL_free(a->d);
    OPENSSL_free(a);
}

void BN_clear_free(BIGNUM *a)
{
    if (a == NULL)
        return;
    if (a->d != NULL)
        OPENSSL_cleanse(a->d, a->len);
    BN_free(a);
}

/* Sets a to the magnitude in s (len bytes, leading zeros allowed); 0 when memory runs out. */
static int bn_set(BIGNUM *a, const unsigned char *s, size_t len, int neg)
{
    unsigned char *d = NULL;

    while (len > 0 && s[0] == 0) {
        s++;
        len--;
    }
    if (len > 0 && (d = OPENSSL_malloc(len)) == NULL) {
        ERR_raise(ERR_LIB_BN, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    if (len > 0)
        memcpy(d, s, len);
    if (a->d != NULL)
        OPENSSL_cleanse(a->d, a->len);
    OPENSSL_free(a->d);
    a->d = d;
    a->len = len;
    a->neg = len > 0 && neg;
    return 1;
}

/* Runs set on ret, or on a new number when ret is NULL (freed again on failure). */
static BIGNUM *bn_into(BIGNUM *ret, const unsigned char *s, size_t len, int neg)
{
    BIGNUM *a = ret != NULL ? ret : BN_new();

    if (a != NULL && !bn_set(a, s, len, neg)) {
        if (a != ret)
            BN_free(a);
        return NULL;
    }
    return a;
}

BIGNUM *BN_bin2bn(const unsigned char *s, int len, BIGNUM *ret)
{
    if (len < 0 || (s == NULL && len > 0)) {
        ERR_raise(ERR_LIB_BN, ERR_R_PASSED_INVALID_ARGUMENT);
        return NULL;
    }
    return bn_into(ret, s, (size_t)len, 0);
}

int BN_bn2bin(const BIGNUM *a, unsigned char *to)
{
    if (a->len > 0)
        memcpy(to, a->d, a->len);
    return (int)a->len;
}

int BN_bn2binpad(const BIGNUM *a, unsigned char *to, int tolen)
{
    if (tolen < 0 || (size_t)tolen < a->len) {
        ERR_raise_data(ERR_LIB_BN, ERR_R_PASSED_INVALID_ARGUMENT, "%d bytes do not hold %zu", tolen, a->len);
        return -1;
    }
    memset(to, 0, (size_t)tolen - a->len);
    BN_bn2bin(a, to + (size_t)tolen - a->len);
    return tolen;
}

int BN_num_bits(const BIGNUM *a)
{
    unsigned char top;
    int bits;

    if (a->len == 0)
        return 0;
    for (top = a->d[0], bits = 0; top != 0; top >>= 1)
        bits++;
    return (int)(a->len - 1) * 8 + bits;
}

int BN_is_zero(const BIGNUM *a)
{
    return a->len == 0;
}

int BN_is_one(const BIGNUM *a)
{
    return a->len == 1 && a->d[0] == 1 && !a->neg;
}

int BN_is_negative(const BIGNUM *b)
{
    return b->neg;
}

void BN_set_negative(BIGNUM *b, int n)
{
    b->neg = n && b->len > 0;
}

int BN_set_word(BIGNUM *a, BN_ULONG w)
{
    unsigned char be[sizeof(BN_ULONG)];
    size_t i;

    for (i = 0; i < sizeof(be); i++)
        be[i] = (unsigned char)(w >> (8 * (sizeof(be) - 1 - i)));
    return bn_set(a, be, sizeof(be), 0);
}

BN_ULONG BN_get_word(const BIGNUM *a)
{
    BN_ULONG w = 0;
    size_t i;

    if (a->len > sizeof(BN_ULONG))
        return (BN_ULONG)-1;    /* OpenSSL's "does not fit" */
    for (i = 0; i < a->len; i++)
        w = (w << 8) | a->d[i];
    return w;
}

int BN_ucmp(const BIGNUM *a, const BIGNUM *b)
{
    int c;

    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    if (a->len == 0)
        return 0;
    c = memcmp(a->d, b->d, a->len);
    return c < 0 ? -1 : c > 0;
}

int BN_cmp(const BIGNUM *a, const BIGNUM *b)
{
    if (a->neg != b->neg)
        return a->neg ? -1 : 1;
    return a->neg ? -BN_ucmp(a, b) : BN_ucmp(a, b);
}

BIGNUM *BN_copy(BIGNUM *a, const BIGNUM *b)
{
    return a == b ? a : bn_into(a, b->d, b->len, b->neg);
}

BIGNUM *BN_dup(const BIGNUM *a)
{
    return a != NULL ? bn_into(NULL, a->d, a->len, a->neg) : NULL;
}

/* ---- text --------------------------------------------------------------------- */

/* Reads an optional '-' and the run of digits of base 16 or 10; their count, 0 if none. */
static size_t text_digits(const char *s, int base, int *neg)
{
    size_t n = 0;

    *neg = *s == '-';
    s += *neg;
    while ((s[n] >= '0' && s[n] <= '9')
           || (base == 16 && ((s[n] >= 'a' && s[n] <= 'f') || (s[n] >= 'A' && s[n] <= 'F'))))
        n++;
    return n;
}

static unsigned digit_value(char c)
{
    return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

/* mag (len bytes, big-endian) = mag * mul + add. */
static void mag_muladd(unsigned char *mag, size_t len, unsigned mul, unsigned add)
{
    size_t i = len;

    while (i > 0) {
        unsigned v = mag[--i] * mul + add;

        mag[i] = (unsigned char)v;
        add = v >> 8;
    }
}

/* Parses digits of base into *bn (new if NULL); returns the characters read or 0. */
static int bn_from_text(BIGNUM **bn, const char *s, int base)
{
    int neg;
    size_t n, i, cap;
    unsigned char *mag;
    BIGNUM *r;

    if (s == NULL || (n = text_digits(s, base, &neg)) == 0 || n > 0x7FFFFFF0) {
        ERR_raise_data(ERR_LIB_BN, ERR_R_PASSED_INVALID_ARGUMENT, "no %s digits", base == 16 ? "hex" : "decimal");
        return 0;
    }
    cap = n / 2 + 1;            /* two digits of either base fit in a byte */
    if ((mag = OPENSSL_zalloc(cap)) == NULL) {
        ERR_raise(ERR_LIB_BN, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    for (i = 0; i < n; i++)
        mag_muladd(mag, cap, (unsigned)base, digit_value(s[neg + i]));
    if (bn == NULL) {
        OPENSSL_free(mag);
        return (int)(n + (size_t)neg);
    }
    r = bn_into(*bn, mag, cap, neg);
    OPENSSL_free(mag);
    if (r == NULL)
        return 0;
    *bn = r;
    return (int)(n + (size_t)neg);
}

int BN_hex2bn(BIGNUM **bn, const char *a)
{
    return bn_from_text(bn, a, 16);
}

int BN_dec2bn(BIGNUM **bn, const char *a)
{
    return bn_from_text(bn, a, 10);
}

char *BN_bn2hex(const BIGNUM *a)
{
    static const char hex[] = "0123456789ABCDEF";
    char *s = OPENSSL_malloc(a->len * 2 + 3), *p = s;
    size_t i;

    if (s == NULL) {
        ERR_raise(ERR_LIB_BN, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    if (a->neg)
        *p++ = '-';
    if (a->len == 0)
        *p++ = '0';
    for (i = 0; i < a->len; i++) {
        *p++ = hex[a->d[i] >> 4];
        *p++ = hex[a->d[i] & 15];
    }
    *p = '\0';
    return s;
}

/* mag = mag / 10; returns the remainder. */
static unsigned mag_div10(unsigned char *mag, size_t len)
{
    unsigned rem = 0;
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned v = (rem << 8) | mag[i];

        mag[i] = (unsigned char)(v / 10);
        rem = v % 10;
    }
    return rem;
}

char *BN_bn2dec(const BIGNUM *a)
{
    size_t digits = a->len * 3 + 2, n = 0, i, nz;
    char *s = OPENSSL_malloc(digits + 2);
    unsigned char *mag = OPENSSL_malloc(a->len + 1);

    if (s == NULL || mag == NULL) {
        OPENSSL_free(s);
        OPENSSL_free(mag);
        ERR_raise(ERR_LIB_BN, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    memcpy(mag, a->d, a->len);
    for (nz = 0; nz < a->len || n == 0;) {
        s[n++] = (char)('0' + mag_div10(mag + nz, a->len - nz));
        while (nz < a->len && mag[nz] == 0)
            nz++;
    }
    OPENSSL_free(mag);
    if (a->neg)
        s[n++] = '-';
    for (i = 0; i < n / 2; i++) {
        char t = s[i];

        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
    s[n] = '\0';
    return s;
}

/* ---- ASN1_INTEGER --------------------------------------------------------------- */

BIGNUM *ASN1_INTEGER_to_BN(const ASN1_INTEGER *ai, BIGNUM *bn)
{
    kuma_der c;
    unsigned char *twos;
    BIGNUM *r;
    size_t i;
    int neg;

    if (KUMA_NULL_ARG(ERR_LIB_ASN1, ai))
        return NULL;
    c = kuma_asn1_contents(ai);
    neg = c.len > 0 && (c.p[0] & 0x80) != 0;
    if (!neg)
        return bn_into(bn, c.p, c.len, 0);
    /* a negative INTEGER is two's complement: the magnitude is its negation */
    if ((twos = OPENSSL_malloc(c.len)) == NULL) {
        ERR_raise(ERR_LIB_ASN1, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    for (i = 0; i < c.len; i++)
        twos[i] = (unsigned char)~c.p[i];
    mag_muladd(twos, c.len, 1, 1);
    r = bn_into(bn, twos, c.len, 1);
    OPENSSL_free(twos);
    return r;
}

int i2a_ASN1_INTEGER(BIO *bp, const ASN1_INTEGER *a)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(a, NULL);
    char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;
    int n = -1;

    /* BN_bn2hex gives whole bytes; OpenSSL prints zero as one byte too */
    if (hex != NULL)
        n = BN_is_zero(bn) ? BIO_write(bp, "00", 2) : BIO_write(bp, hex, (int)strlen(hex));
    OPENSSL_free(hex);
    BN_free(bn);
    return n;
}
