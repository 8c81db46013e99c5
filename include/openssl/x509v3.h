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


/* ---- certificate helpers (x509_misc.c, x509_hash.c) ---- */
#define X509V3_R_INVALID_IPADDRESS 166
/* Compares the DER encodings: <0, 0, >0 (a NULL certificate sorts first). */
int X509_cmp(const X509 *a, const X509 *b);
/* OpenSSL's CA kinds: 1 basicConstraints CA, 3 self-signed v1, 4 keyCertSign without basicConstraints, 0 not a CA. */
int X509_check_ca(X509 *x);
/* The keyUsage bits (KU_*), UINT32_MAX when the certificate has no keyUsage. */
uint32_t X509_get_key_usage(X509 *x);
#define KU_DIGITAL_SIGNATURE 0x0080
#define KU_NON_REPUDIATION 0x0040
#define KU_KEY_ENCIPHERMENT 0x0020
#define KU_DATA_ENCIPHERMENT 0x0010
#define KU_KEY_AGREEMENT 0x0008
#define KU_KEY_CERT_SIGN 0x0004
#define KU_CRL_SIGN 0x0002
#define KU_ENCIPHER_ONLY 0x0001
#define KU_DECIPHER_ONLY 0x8000
/*
 * X509_V_OK when issuer's subject is subject's issuer, its key identifier
 * fits subject's authorityKeyIdentifier and its keyUsage (if any) allows
 * keyCertSign; else X509_V_ERR_SUBJECT_ISSUER_MISMATCH / _AKID_SKID_MISMATCH /
 * _KEYUSAGE_NO_CERTSIGN.
 */
int X509_check_issued(X509 *issuer, X509 *subject);
/* A new stack with the same certificates, each with one more reference. */
STACK_OF(X509) *X509_chain_up_ref(STACK_OF(X509) *chain);
/* Digests of the name's DER / of the subjectPublicKey bits; 1 on success. */
int X509_NAME_digest(const X509_NAME *data, const EVP_MD *type, unsigned char *md, unsigned int *len);
int X509_pubkey_digest(const X509 *data, const EVP_MD *type, unsigned char *md, unsigned int *len);
/* The OCSP responder URIs of the authorityInfoAccess extension (NULL: none); free with X509_email_free. */
STACK_OF(OPENSSL_STRING) *X509_get1_ocsp(X509 *x);
void X509_email_free(STACK_OF(OPENSSL_STRING) *sk);
/* An IPv4 / IPv6 literal as its 4 / 16 address bytes; NULL with X509V3_R_INVALID_IPADDRESS. */
ASN1_OCTET_STRING *a2i_IPADDRESS(const char *ipasc);

/*
 * authorityInfoAccess and cRLDistributionPoints with OpenSSL's public
 * layouts. kumassl's X509_get_ext_d2i does not decode these extensions
 * (it fails with ERR_R_UNSUPPORTED), so these objects only come from
 * elsewhere; the free functions accept them, and NULL.
 */
typedef struct ACCESS_DESCRIPTION_st {
    ASN1_OBJECT *method;
    GENERAL_NAME *location;
} ACCESS_DESCRIPTION;
KUMASSL_DEFINE_STACK_OF(ACCESS_DESCRIPTION)
typedef STACK_OF(ACCESS_DESCRIPTION) AUTHORITY_INFO_ACCESS;
typedef struct DIST_POINT_NAME_st {
    int type;
    union {
        GENERAL_NAMES *fullname;
        STACK_OF(X509_NAME_ENTRY) *relativename;
    } name;
    X509_NAME *dpname;
} DIST_POINT_NAME;
typedef struct DIST_POINT_st {
    DIST_POINT_NAME *distpoint;
    ASN1_BIT_STRING *reasons;
    GENERAL_NAMES *CRLissuer;
    int dp_reasons;
} DIST_POINT;
KUMASSL_DEFINE_STACK_OF(DIST_POINT)
typedef STACK_OF(DIST_POINT) CRL_DIST_POINTS;
void ACCESS_DESCRIPTION_free(ACCESS_DESCRIPTION *a);
void AUTHORITY_INFO_ACCESS_free(AUTHORITY_INFO_ACCESS *a);
void DIST_POINT_free(DIST_POINT *a);
void CRL_DIST_POINTS_free(CRL_DIST_POINTS *a);
/* Prints a name as OpenSSL's "DNS:example.com", "IP Address:192.0.2.1", "email:...", "URI:...",
 * "DirName:" + the one-line name, "othername:<unsupported>"...; 1 on success, 0 on a write error. */
int GENERAL_NAME_print(BIO *out, GENERAL_NAME *gen);

#ifdef __cplusplus
}
#endif
#endif
