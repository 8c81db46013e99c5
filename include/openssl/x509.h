/*
 * kumassl: certificates, as OpenSSL's <openssl/x509.h>.
 * An X509 holds one DER certificate plus what kumassl decoded from it.
 */
#ifndef KUMASSL_X509_H
#define KUMASSL_X509_H
#include <openssl/e_os2.h>
#include <openssl/types.h>
#include <openssl/crypto.h>
#include <openssl/safestack.h>
#include <openssl/bio.h>
#include <openssl/asn1.h>
#include <openssl/evp.h>
#ifdef __cplusplus
extern "C" {
#endif

#define X509_FILETYPE_PEM     1
#define X509_FILETYPE_ASN1    2
#define X509_FILETYPE_DEFAULT 3

#define X509_R_CERT_ALREADY_IN_HASH_TABLE 101
#define X509_R_LOADING_CERT_DIR           103
#define X509_R_KEY_TYPE_MISMATCH          115
#define X509_R_KEY_VALUES_MISMATCH        116
#define X509_R_UNKNOWN_KEY_TYPE           117
#define X509_R_BAD_X509_FILETYPE          100
#define X509_R_CERTIFICATE_VERIFICATION_FAILED 139
#define X509_R_NO_CERT_SET_FOR_US_TO_VERIFY 105
#define X509_R_UNSUPPORTED_ALGORITHM      111

#define NID_undef 0
#define NID_commonName 13
#define NID_countryName 14
#define NID_localityName 15
#define NID_stateOrProvinceName 16
#define NID_organizationName 17
#define NID_organizationalUnitName 18
#define NID_subject_alt_name 85

KUMASSL_DEFINE_STACK_OF(X509)
KUMASSL_DEFINE_STACK_OF(X509_NAME)

/* A new empty certificate (only useful as a d2i target). */
X509 *X509_new(void);
/* Drops a reference; frees at zero. NULL is ignored. */
void X509_free(X509 *a);
/* Takes a reference; 1 on success. */
int X509_up_ref(X509 *a);
/* Decodes one DER certificate from *in (len bytes), advancing *in. */
X509 *d2i_X509(X509 **a, const unsigned char **in, long len);
/* Encodes a as DER; see OpenSSL's i2d conventions (out NULL: length only). */
int i2d_X509(X509 *a, unsigned char **out);

/* The subject / issuer name; owned by the certificate. */
X509_NAME *X509_get_subject_name(const X509 *a);
X509_NAME *X509_get_issuer_name(const X509 *a);
/*
 * "/C=JP/O=Example/CN=host" form of a name into buf (size bytes); with buf
 * NULL, a new string the caller frees with OPENSSL_free(). NULL on error.
 */
char *X509_NAME_oneline(const X509_NAME *a, char *buf, int size);
/* The text of the first entry with the given NID (e.g. NID_commonName) into buf. */
int X509_NAME_get_text_by_NID(const X509_NAME *name, int nid, char *buf, int len);
/* Compares two names by their DER; 0 when equal. */
int X509_NAME_cmp(const X509_NAME *a, const X509_NAME *b);
X509_NAME *X509_NAME_dup(const X509_NAME *a);
void X509_NAME_free(X509_NAME *a);

/* Checks the certificate's public key against pkey: 1 match, 0 not. */
int X509_check_private_key(const X509 *x509, const EVP_PKEY *pkey);

#ifdef __cplusplus
}
#endif
#include <openssl/x509_vfy.h>
#endif
