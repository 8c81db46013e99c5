/* kumassl: X.509 v3 helpers, as OpenSSL's <openssl/x509v3.h>. */
#ifndef KUMASSL_X509V3_H
#define KUMASSL_X509V3_H
#include <openssl/x509.h>
#ifdef __cplusplus
extern "C" {
#endif

/* Entry kinds of GENERAL_NAME (the context tag in subjectAltName). */
#define GEN_OTHERNAME 0
#define GEN_EMAIL     1
#define GEN_DNS       2
#define GEN_X400      3
#define GEN_DIRNAME   4
#define GEN_EDIPARTY  5
#define GEN_URI       6
#define GEN_IPADD     7
#define GEN_RID       8

typedef struct otherName_st OTHERNAME;
typedef struct EDIPartyName_st EDIPARTYNAME;

/*
 * One subjectAltName / issuerAltName entry, laid out as OpenSSL's so that
 * programs read gen->type and gen->d.dNSName. Email, DNS and URI entries are
 * IA5 strings, IP addresses 4 or 16 bytes in an OCTET STRING, directory names
 * an X509_NAME. kumassl does not decode the other kinds: their d member
 * holds an ASN1_STRING with the entry's DER (read it with ASN1_STRING_get0_data).
 */
typedef struct GENERAL_NAME_st {
    int type;
    union {
        char *ptr;
        OTHERNAME *otherName;
        ASN1_IA5STRING *rfc822Name;
        ASN1_IA5STRING *dNSName;
        ASN1_STRING *x400Address;
        X509_NAME *directoryName;
        EDIPARTYNAME *ediPartyName;
        ASN1_IA5STRING *uniformResourceIdentifier;
        ASN1_OCTET_STRING *iPAddress;
        ASN1_OBJECT *registeredID;
        ASN1_OCTET_STRING *ip;
        X509_NAME *dirn;
        ASN1_IA5STRING *ia5;
        ASN1_OBJECT *rid;
        ASN1_TYPE *other;
    } d;
} GENERAL_NAME;

KUMASSL_DEFINE_STACK_OF(GENERAL_NAME)
typedef STACK_OF(GENERAL_NAME) GENERAL_NAMES;

void GENERAL_NAME_free(GENERAL_NAME *a);
/* Frees the stack and every entry. */
void GENERAL_NAMES_free(GENERAL_NAMES *a);

/*
 * Checks the certificate against a DNS name (subjectAltName dNSName, else the
 * subject CN), with OpenSSL's wildcard rules and the X509_CHECK_FLAG_* flags.
 * namelen 0 means strlen(name). 1 match, 0 no match, -1 error. On a match,
 * *peername (if not NULL) gets a copy of the name that matched.
 */
int X509_check_host(X509 *x, const char *name, size_t namelen,
                    unsigned int flags, char **peername);
/* Checks against an IP address in binary form (4 or 16 bytes). */
int X509_check_ip(X509 *x, const unsigned char *address, size_t address_len,
                  unsigned int flags);
/* Checks against an IP address in text form ("127.0.0.1", "::1"). */
int X509_check_ip_asc(X509 *x, const char *address, unsigned int flags);
/* 1 when x holds this email address (SAN rfc822Name, else the subject's emailAddress), 0 when not. */
int X509_check_email(X509 *x, const char *chk, size_t chklen, unsigned int flags);

/* ---- extension methods: kumassl has none ---- */
typedef struct v3_ext_method X509V3_EXT_METHOD;
/* Always NULL: kumassl has no per-extension methods; read X509_EXTENSION_get_data instead. */
const X509V3_EXT_METHOD *X509V3_EXT_get(X509_EXTENSION *ext);

#ifdef __cplusplus
}
#endif
#endif
