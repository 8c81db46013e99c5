/*
 * kumassl: ASN.1 strings, integers and times, as far as certificates need
 * them, as OpenSSL's <openssl/asn1.h>. The objects are opaque: use the
 * accessors (ASN1_STRING_length, ASN1_STRING_get0_data, ASN1_STRING_type).
 */
#ifndef KUMASSL_ASN1_H
#define KUMASSL_ASN1_H
#include <time.h>
#include <openssl/types.h>
#include <openssl/bio.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct asn1_string_st ASN1_IA5STRING;
typedef struct asn1_string_st ASN1_OCTET_STRING;
typedef struct asn1_string_st ASN1_UTF8STRING;
typedef struct asn1_object_st ASN1_OBJECT;
typedef struct asn1_type_st ASN1_TYPE;

#define V_ASN1_INTEGER          2
#define V_ASN1_OCTET_STRING     4
#define V_ASN1_UTF8STRING       12
#define V_ASN1_SEQUENCE         16
#define V_ASN1_PRINTABLESTRING  19
#define V_ASN1_T61STRING        20
#define V_ASN1_IA5STRING        22
#define V_ASN1_UTCTIME          23
#define V_ASN1_GENERALIZEDTIME  24
#define V_ASN1_UNIVERSALSTRING  28
#define V_ASN1_BMPSTRING        30
#define V_ASN1_NEG              0x100
#define V_ASN1_NEG_INTEGER      (2 | V_ASN1_NEG)

/* ASN1_STRING_print_ex() flags (X509_NAME_print_ex() takes them too). */
#define ASN1_STRFLGS_ESC_2253     1
#define ASN1_STRFLGS_ESC_CTRL     2
#define ASN1_STRFLGS_ESC_MSB      4
#define ASN1_STRFLGS_ESC_QUOTE    8
#define ASN1_STRFLGS_UTF8_CONVERT 0x10
#define ASN1_STRFLGS_IGNORE_TYPE  0x20
#define ASN1_STRFLGS_SHOW_TYPE    0x40
#define ASN1_STRFLGS_DUMP_ALL     0x80
#define ASN1_STRFLGS_DUMP_UNKNOWN 0x100
#define ASN1_STRFLGS_DUMP_DER     0x200
#define ASN1_STRFLGS_ESC_2254     0x400
#define ASN1_STRFLGS_RFC2253 (ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL | \
    ASN1_STRFLGS_ESC_MSB | ASN1_STRFLGS_UTF8_CONVERT | ASN1_STRFLGS_DUMP_UNKNOWN | \
    ASN1_STRFLGS_DUMP_DER)

/* The number of content bytes (an INTEGER's without its sign-padding zero). */
int ASN1_STRING_length(const ASN1_STRING *x);
/* The content bytes; valid as long as the string. Positive INTEGERs: the big-endian magnitude. */
const unsigned char *ASN1_STRING_get0_data(const ASN1_STRING *x);
/* V_ASN1_IA5STRING, V_ASN1_OCTET_STRING, V_ASN1_INTEGER, V_ASN1_NEG_INTEGER, ... */
int ASN1_STRING_type(const ASN1_STRING *x);
/* Frees a string the caller owns (never one a certificate hands out with get0/get). */
void ASN1_STRING_free(ASN1_STRING *a);
/* OpenSSL's generic decoder type, and one DER object read from a BIO through it (x509_misc.c). */
typedef void *d2i_of_void(void **, const unsigned char **, long);
void *ASN1_d2i_bio(void *(*xnew)(void), d2i_of_void *d2i, BIO *in, void **x);
/* The same for an OCTET STRING (x509_misc.c). */
void ASN1_OCTET_STRING_free(ASN1_OCTET_STRING *a);
/* Prints the string as X509_NAME_print_ex() prints a value; the number of bytes written, or -1. */
int ASN1_STRING_print_ex(BIO *out, const ASN1_STRING *str, unsigned long flags);

/* The value, or -1 when it does not fit a long (0 for NULL). */
long ASN1_INTEGER_get(const ASN1_INTEGER *a);

/* 1 when t is a valid UTCTime / GeneralizedTime (with seconds, in UTC: "Z"). */
int ASN1_TIME_check(const ASN1_TIME *t);
/* "Nov 23 19:21:38 2026 GMT"; 1 on success, 0 (and "Bad time value") when invalid. */
int ASN1_TIME_print(BIO *bp, const ASN1_TIME *tm);
/* As ASN1_TIME_print for a GeneralizedTime ("Bad time value" and 0 for anything else). */
int ASN1_GENERALIZEDTIME_print(BIO *fp, const ASN1_GENERALIZEDTIME *a);
/* -1 / 0 / 1 as s is before / at / after t; -2 when s is not a valid time. */
int ASN1_TIME_cmp_time_t(const ASN1_TIME *s, time_t t);
/* to - from (NULL: now) as *pday days and *psec seconds, both of the same sign; 1 on success. */
int ASN1_TIME_diff(int *pday, int *psec, const ASN1_TIME *from, const ASN1_TIME *to);
/* Frees an INTEGER made by kumassl (NULL allowed). */
void ASN1_INTEGER_free(ASN1_INTEGER *a);
/* Broken-down UTC time of s (the current time when s is NULL); 1 on success. */
int ASN1_TIME_to_tm(const ASN1_TIME *s, struct tm *tm);

/* ---- conversions (x509_entry.c) ---- */
#define ASN1_R_INVALID_UTF8STRING 134
#define ASN1_R_UNKNOWN_FORMAT 160
#define ASN1_R_INVALID_OBJECT_ENCODING 216
/*
 * Converts a string (UTF8String, PrintableString, IA5String, T61String as
 * Latin-1, BMPString, UniversalString, ...) to NUL-terminated UTF-8 in a new
 * buffer *out (free with OPENSSL_free). Returns its length without the NUL,
 * or -1 with an error queued for a non-string type or malformed contents.
 */
int ASN1_STRING_to_UTF8(unsigned char **out, const ASN1_STRING *in);

#ifdef __cplusplus
}
#endif
#endif
