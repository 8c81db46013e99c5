/* kumassl: PEM reading, as OpenSSL's <openssl/pem.h>. */
#ifndef KUMASSL_PEM_H
#define KUMASSL_PEM_H
#include <stdio.h>
#include <openssl/types.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/evp.h>
#ifdef __cplusplus
extern "C" {
#endif

#define PEM_R_BAD_BASE64_DECODE 100
#define PEM_R_BAD_DECRYPT       101
#define PEM_R_BAD_END_LINE      102
#define PEM_R_BAD_IV_CHARS      103
#define PEM_R_BAD_PASSWORD_READ 104
#define PEM_R_NOT_DEK_INFO      105
#define PEM_R_NOT_ENCRYPTED     106
#define PEM_R_NOT_PROC_TYPE     107
#define PEM_R_NO_START_LINE     108
#define PEM_R_PROBLEMS_GETTING_PASSWORD 109
#define PEM_R_SHORT_HEADER      112
#define PEM_R_UNSUPPORTED_CIPHER 113
#define PEM_R_UNSUPPORTED_ENCRYPTION 114
#define PEM_R_UNSUPPORTED_KEY_COMPONENTS 126
#define PEM_R_MISSING_DEK_IV    129

/* The size of the buffer a pem_password_cb is given. */
#define PEM_BUFSIZE 1024

/*
 * Writes the password for an encrypted key into buf (at most size bytes,
 * no NUL needed) and returns its length; rwflag is 0 when reading. A result
 * <= 0 means no password: loading fails with PEM_R_BAD_PASSWORD_READ.
 * (OpenSSL 3.0 tries an empty password when the callback returns 0; with
 * kumassl, read a key whose password is empty with cb NULL and u "".)
 */
typedef int pem_password_cb(char *buf, int size, int rwflag, void *userdata);

/* Reads the next certificate from a PEM BIO / FILE; NULL (PEM_R_NO_START_LINE) when none. */
X509 *PEM_read_bio_X509(BIO *bp, X509 **x, pem_password_cb *cb, void *u);
X509 *PEM_read_X509(FILE *fp, X509 **x, pem_password_cb *cb, void *u);
/* The next "X509 CRL" block. */
X509_CRL *PEM_read_bio_X509_CRL(BIO *bp, X509_CRL **x, pem_password_cb *cb, void *u);
X509_CRL *PEM_read_X509_CRL(FILE *fp, X509_CRL **x, pem_password_cb *cb, void *u);
/* As PEM_read_bio_X509, also accepting "TRUSTED CERTIFICATE" blocks. */
X509 *PEM_read_bio_X509_AUX(BIO *bp, X509 **x, pem_password_cb *cb, void *u);

/*
 * The next block labelled name (any when NULL) from bp, decoded into *pdata
 * (free with OPENSSL_secure_clear_free), *plen bytes, and its label in *pnm
 * (when not NULL). Encrypted blocks are refused (PEM_R_UNSUPPORTED_ENCRYPTION).
 */
int PEM_bytes_read_bio_secmem(unsigned char **pdata, long *plen, char **pnm, const char *name, BIO *bp,
                              pem_password_cb *cb, void *u);

/* ---- writers (pem_write.c) ---- */
/*
 * Writes data (len bytes) as one PEM block "-----BEGIN name-----", base64 in
 * lines of 64 characters; header, when not NULL or "", goes before the data
 * with a blank line. Returns the number of bytes written, 0 on failure.
 */
int PEM_write_bio(BIO *bp, const char *name, const char *header, const unsigned char *data, long len);
int PEM_write(FILE *fp, const char *name, const char *header, const unsigned char *data, long len);
/* A certificate as "CERTIFICATE" (the _AUX forms: "TRUSTED CERTIFICATE"; kumassl keeps no
 * trust settings, so the block holds the certificate alone). 1 on success, 0 on failure. */
int PEM_write_bio_X509(BIO *bp, X509 *x);
int PEM_write_X509(FILE *fp, X509 *x);
int PEM_write_bio_X509_AUX(BIO *bp, X509 *x);
int PEM_write_X509_AUX(FILE *fp, X509 *x);
/*
 * Reads the next private key (PKCS#1, SEC1, PKCS#8) from PEM. Encrypted keys
 * ("ENCRYPTED PRIVATE KEY": PBES2 with PBKDF2-HMAC-SHA1/SHA-2 and AES-CBC or
 * DES-EDE3-CBC; legacy "Proc-Type: 4,ENCRYPTED" with AES-CBC or
 * DES-EDE3-CBC) need a password: from cb(buf, PEM_BUFSIZE, 0, u), or, when
 * cb is NULL, u is the NUL-terminated password. With both NULL OpenSSL
 * prompts on the terminal; kumassl fails with PEM_R_BAD_PASSWORD_READ
 * instead. A wrong password fails with "bad decrypt" (PEM_R_BAD_DECRYPT for
 * the legacy form, EVP_R_BAD_DECRYPT for PKCS#8); PBES1, scrypt and the
 * PKCS#12 PBEs fail with PEM_R_UNSUPPORTED_ENCRYPTION, as do PBKDF2
 * iteration counts above 10 million.
 */
EVP_PKEY *PEM_read_bio_PrivateKey(BIO *bp, EVP_PKEY **x, pem_password_cb *cb, void *u);
EVP_PKEY *PEM_read_PrivateKey(FILE *fp, EVP_PKEY **x, pem_password_cb *cb, void *u);

#ifdef __cplusplus
}
#endif
#endif
