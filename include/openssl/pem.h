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
#define PEM_R_BAD_PASSWORD_READ 104
#define PEM_R_NO_START_LINE     108
#define PEM_R_PROBLEMS_GETTING_PASSWORD 109
#define PEM_R_UNSUPPORTED_ENCRYPTION 114
#define PEM_R_UNSUPPORTED_KEY_COMPONENTS 126

typedef int pem_password_cb(char *buf, int size, int rwflag, void *userdata);

/* Reads the next certificate from a PEM BIO / FILE; NULL (PEM_R_NO_START_LINE) when none. */
X509 *PEM_read_bio_X509(BIO *bp, X509 **x, pem_password_cb *cb, void *u);
X509 *PEM_read_X509(FILE *fp, X509 **x, pem_password_cb *cb, void *u);
/* As PEM_read_bio_X509, also accepting "TRUSTED CERTIFICATE" blocks. */
X509 *PEM_read_bio_X509_AUX(BIO *bp, X509 **x, pem_password_cb *cb, void *u);
/* Reads the next private key (PKCS#1, SEC1, PKCS#8) from PEM. */
EVP_PKEY *PEM_read_bio_PrivateKey(BIO *bp, EVP_PKEY **x, pem_password_cb *cb, void *u);
EVP_PKEY *PEM_read_PrivateKey(FILE *fp, EVP_PKEY **x, pem_password_cb *cb, void *u);

#ifdef __cplusplus
}
#endif
#endif
