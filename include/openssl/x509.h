/*
 * kumassl: certificates, as OpenSSL's <openssl/x509.h>.
 * An X509 holds one DER certificate plus what kumassl decoded from it.
 */
#ifndef KUMASSL_X509_H
#define KUMASSL_X509_H
#include <stdio.h>
#include <time.h>
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

/* ---- certificates as objects ---------------------------------------------------- */

#define NID_issuer_alt_name 86

/* X509_NAME_print_ex() flags; the low 16 bits are ASN1_STRFLGS_* for the values. */
#define XN_FLAG_SEP_MASK       (0xf << 16)
#define XN_FLAG_COMPAT         0            /* X509_NAME_print()'s traditional form */
#define XN_FLAG_SEP_COMMA_PLUS (1 << 16)    /* RFC 2253: "," and "+" */
#define XN_FLAG_SEP_CPLUS_SPC  (2 << 16)    /* ", " and " + " */
#define XN_FLAG_SEP_SPLUS_SPC  (3 << 16)    /* "; " and " + " */
#define XN_FLAG_SEP_MULTILINE  (4 << 16)    /* one attribute a line */
#define XN_FLAG_DN_REV         (1 << 20)    /* last attribute first */
#define XN_FLAG_FN_MASK        (0x3 << 21)
#define XN_FLAG_FN_SN          0            /* short names: "CN" */
#define XN_FLAG_FN_LN          (1 << 21)    /* long names: "commonName" */
#define XN_FLAG_FN_OID         (2 << 21)    /* dotted OIDs */
#define XN_FLAG_FN_NONE        (3 << 21)    /* values only */
#define XN_FLAG_SPC_EQ         (1 << 23)    /* " = " */
#define XN_FLAG_DUMP_UNKNOWN_FIELDS (1 << 24)
#define XN_FLAG_FN_ALIGN       (1 << 25)
#define XN_FLAG_RFC2253 (ASN1_STRFLGS_RFC2253 | XN_FLAG_SEP_COMMA_PLUS | XN_FLAG_DN_REV | \
    XN_FLAG_FN_SN | XN_FLAG_DUMP_UNKNOWN_FIELDS)
#define XN_FLAG_ONELINE (ASN1_STRFLGS_RFC2253 | ASN1_STRFLGS_ESC_QUOTE | XN_FLAG_SEP_CPLUS_SPC | \
    XN_FLAG_SPC_EQ | XN_FLAG_FN_SN)
#define XN_FLAG_MULTILINE (ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_ESC_MSB | XN_FLAG_SEP_MULTILINE | \
    XN_FLAG_SPC_EQ | XN_FLAG_FN_LN | XN_FLAG_FN_ALIGN)

/*
 * Prints a name as OpenSSL does ("O = kumassl, CN = localhost" for
 * XN_FLAG_ONELINE). With flags XN_FLAG_COMPAT (0): X509_NAME_print()'s form,
 * returning 1; otherwise the number of bytes written. -1 (0 for COMPAT) on error.
 */
int X509_NAME_print_ex(BIO *out, const X509_NAME *nm, int indent, unsigned long flags);
int X509_NAME_print_ex_fp(FILE *fp, const X509_NAME *nm, int indent, unsigned long flags);
/* "O=kumassl, CN=localhost"; obase is ignored, as in OpenSSL 3. 1 on success. */
int X509_NAME_print(BIO *bp, const X509_NAME *name, int obase);

/* The serial number, owned by the certificate. */
ASN1_INTEGER *X509_get_serialNumber(X509 *x);
const ASN1_INTEGER *X509_get0_serialNumber(const X509 *x);
/* The validity times, owned by the certificate. */
const ASN1_TIME *X509_get0_notBefore(const X509 *x);
const ASN1_TIME *X509_get0_notAfter(const X509 *x);
/* The same without const, for OpenSSL's signature: kumassl's times are views of the DER, not to be changed. */
ASN1_TIME *X509_getm_notBefore(const X509 *x);
ASN1_TIME *X509_getm_notAfter(const X509 *x);
/* -1 when s is before or at the time (*t, or now), 1 when after, 0 on error. */
int X509_cmp_time(const ASN1_TIME *s, time_t *t);
int X509_cmp_current_time(const ASN1_TIME *s);

/* The digest of the DER certificate (the fingerprint) into md; *len gets its size. 1 on success. */
int X509_digest(const X509 *data, const EVP_MD *type, unsigned char *md, unsigned int *len);

/*
 * The decoded extension nid, owned by the caller: NID_subject_alt_name and
 * NID_issuer_alt_name give GENERAL_NAMES (free with GENERAL_NAMES_free).
 * NULL when absent. *crit (if crit is not NULL) gets 1 / 0 for a critical /
 * non-critical extension, -1 when absent. Only the first occurrence is
 * found: with idx, *idx must be -1 and becomes 0 when found, -1 otherwise.
 * Any other extension is not decoded: NULL, with *crit its flag when it is
 * present, and no error queued (OpenSSL decodes them without one).
 */
void *X509_get_ext_d2i(const X509 *x, int nid, int *crit, int *idx);

/* ---- certificate revocation lists (X509_CRL) ---------------------------------------- */
KUMASSL_DEFINE_STACK_OF(X509_CRL)
#define X509_R_NO_CRL_FOUND 137

/* Decodes one DER CRL from *in (len bytes), advancing *in; i2d as i2d_X509. */
X509_CRL *d2i_X509_CRL(X509_CRL **a, const unsigned char **in, long len);
int i2d_X509_CRL(const X509_CRL *a, unsigned char **out);
/* Drops / takes a reference. */
void X509_CRL_free(X509_CRL *a);
int X509_CRL_up_ref(X509_CRL *a);
/* The issuer name and the thisUpdate / nextUpdate times (NULL when absent); owned by the CRL. */
X509_NAME *X509_CRL_get_issuer(const X509_CRL *crl);
const ASN1_TIME *X509_CRL_get0_lastUpdate(const X509_CRL *crl);
const ASN1_TIME *X509_CRL_get0_nextUpdate(const X509_CRL *crl);
/* The CRL's version field: 0 for v1 (absent), 1 for v2. */
long X509_CRL_get_version(const X509_CRL *crl);
/* The revoked entries, in the CRL's order (NULL when it lists none); owned by the CRL. */
KUMASSL_DEFINE_STACK_OF(X509_REVOKED)
STACK_OF(X509_REVOKED) *X509_CRL_get_REVOKED(X509_CRL *crl);
/* An entry's serial number and revocation date; owned by the CRL. */
const ASN1_INTEGER *X509_REVOKED_get0_serialNumber(const X509_REVOKED *r);
const ASN1_TIME *X509_REVOKED_get0_revocationDate(const X509_REVOKED *r);
/* 1 with *ret (may be NULL) set to the entry for this serial / this certificate
 * (issued by the CRL's issuer), 0 when it is not revoked by this CRL. */
int X509_CRL_get0_by_serial(X509_CRL *crl, X509_REVOKED **ret, const ASN1_INTEGER *serial);
int X509_CRL_get0_by_cert(X509_CRL *crl, X509_REVOKED **ret, X509 *x);
/* ---- name entries, extensions (x509_entry.c, x509_extobj.c) ---- */
typedef struct X509_name_entry_st X509_NAME_ENTRY;
typedef struct X509_extension_st X509_EXTENSION;
KUMASSL_DEFINE_STACK_OF(X509_NAME_ENTRY)
KUMASSL_DEFINE_STACK_OF(X509_EXTENSION)
#define X509_VERSION_1 0
#define X509_VERSION_2 1
#define X509_VERSION_3 2

/*
 * The attributes of a name, in order (RDN sets flattened). The entries
 * belong to the name. X509_NAME_entry_count is 0 for a malformed name
 * (an error queued); X509_NAME_get_entry NULL when loc is out of range.
 */
int X509_NAME_entry_count(const X509_NAME *name);
X509_NAME_ENTRY *X509_NAME_get_entry(const X509_NAME *name, int loc);
/* The index of the next attribute after lastpos (-1: from the start) of that type; -1 none, -2 bad NID / name. */
int X509_NAME_get_index_by_NID(const X509_NAME *name, int nid, int lastpos);
int X509_NAME_get_index_by_OBJ(const X509_NAME *name, const ASN1_OBJECT *obj, int lastpos);
/* An entry's attribute type, its value (the ASN.1 string as found) and the index of its RDN. */
ASN1_OBJECT *X509_NAME_ENTRY_get_object(const X509_NAME_ENTRY *ne);
ASN1_STRING *X509_NAME_ENTRY_get_data(const X509_NAME_ENTRY *ne);
int X509_NAME_ENTRY_set(const X509_NAME_ENTRY *ne);

/* The number of extensions and the one at loc (owned by the certificate; NULL out of range). */
int X509_get_ext_count(const X509 *x);
X509_EXTENSION *X509_get_ext(const X509 *x, int loc);
/* The index of the next extension of that type after lastpos; -1 none (-2: unknown NID). */
int X509_get_ext_by_NID(const X509 *x, int nid, int lastpos);
int X509_get_ext_by_OBJ(const X509 *x, const ASN1_OBJECT *obj, int lastpos);
/* An extension's type, criticality and extnValue (an OCTET STRING). */
ASN1_OBJECT *X509_EXTENSION_get_object(X509_EXTENSION *ex);
int X509_EXTENSION_get_critical(const X509_EXTENSION *ex);
ASN1_OCTET_STRING *X509_EXTENSION_get_data(X509_EXTENSION *ne);
/* The version field: X509_VERSION_1 (0) to X509_VERSION_3 (2). */
long X509_get_version(const X509 *x);


/* ---- public keys (pkey_pub.c) ---- */
/* A copy of the certificate's public key: an EVP_PKEY for type, size and comparison only
 * (kumassl's EVP_PKEY signs with private keys; a public one is refused as a private key). */
EVP_PKEY *X509_get_pubkey(X509 *x);
/* The certificate's SubjectPublicKeyInfo (owned by x) and its DER (i2d conventions). */
X509_PUBKEY *X509_get_X509_PUBKEY(const X509 *x);
int i2d_X509_PUBKEY(const X509_PUBKEY *a, unsigned char **out);

/* ---- name hashes of hashed directories (x509_hash.c) ---- */
/* SHA-1 of the name's canonical encoding, first four bytes little-endian (`openssl x509 -subject_hash`).
 * libctx / propq are ignored; *ok (if not NULL) is 0 when the name cannot be encoded. */
unsigned long X509_NAME_hash_ex(const X509_NAME *x, OSSL_LIB_CTX *libctx, const char *propq, int *ok);
#define X509_NAME_hash(x) X509_NAME_hash_ex(x, NULL, NULL, NULL)
unsigned long X509_subject_name_hash(X509 *x);
unsigned long X509_issuer_name_hash(X509 *x);
/* As X509_STORE_load_locations with only a file / only a directory (x509_misc.c). */
int X509_STORE_load_file(X509_STORE *ctx, const char *file);
int X509_STORE_load_path(X509_STORE *ctx, const char *path);
/* One DER private key from a BIO (PKCS#1, SEC1 or PKCS#8), as d2i_AutoPrivateKey. */
EVP_PKEY *d2i_PrivateKey_bio(BIO *bp, EVP_PKEY **a);
/* A DER certificate and the trust settings OpenSSL may append (read past: kumassl keeps none). */
X509 *d2i_X509_AUX(X509 **a, const unsigned char **pp, long length);
/* One DER certificate read from / written to a BIO; NULL / 0 with an error queued. */
X509 *d2i_X509_bio(BIO *bp, X509 **x);
int i2d_X509_bio(BIO *bp, X509 *x);

/* Application data on a certificate (indexes from X509_get_ex_new_index). */
#define X509_get_ex_new_index(l, p, newf, dupf, freef) \
    CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_X509, l, p, newf, dupf, freef)
int X509_set_ex_data(X509 *r, int idx, void *arg);
void *X509_get_ex_data(const X509 *r, int idx);

#ifdef __cplusplus
}
#endif
#include <openssl/x509_vfy.h>
#endif
