/*
 * kumassl: Diffie-Hellman parameters (DH), as OpenSSL's <openssl/dh.h>.
 *
 * kumassl holds DH parameters (p, q, g) so that programs can read and pass
 * them, but its TLS engine negotiates ECDHE only: SSL_CTX_set_tmp_dh and
 * SSL_CTX_set0_tmp_dh_pkey fail with an error saying so, and there are no
 * DH key operations (OPENSSL_NO_DH is not defined because the objects exist;
 * DH_generate_key / DH_compute_key are not provided).
 */
#ifndef KUMASSL_DH_H
#define KUMASSL_DH_H
#include <stdio.h>
#include <openssl/types.h>
#include <openssl/bn.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#ifdef __cplusplus
extern "C" {
#endif

#define DH_R_DECODE_ERROR 104
#define DH_R_BAD_FFC_PARAMETERS 127
#define DH_GENERATOR_2 2
#define DH_GENERATOR_5 5

/* A new, empty parameter set; NULL on allocation failure. */
DH *DH_new(void);
/* Frees dh and its numbers (dh may be NULL); DH_up_ref takes one more reference. */
void DH_free(DH *dh);
int DH_up_ref(DH *dh);
/*
 * Takes ownership of p, q, g (q may be NULL; a NULL p or g keeps the value
 * already set). 0 when p or g would end up unset.
 */
int DH_set0_pqg(DH *dh, BIGNUM *p, BIGNUM *q, BIGNUM *g);
/* The numbers (owned by dh); any out pointer may be NULL. */
void DH_get0_pqg(const DH *dh, const BIGNUM **p, const BIGNUM **q, const BIGNUM **g);
const BIGNUM *DH_get0_p(const DH *dh);
const BIGNUM *DH_get0_q(const DH *dh);
const BIGNUM *DH_get0_g(const DH *dh);
/* The size of p in bits / in bytes. */
int DH_bits(const DH *dh);
int DH_size(const DH *dh);
/*
 * Reads PKCS#3 parameters ("-----BEGIN DH PARAMETERS-----": SEQUENCE of
 * INTEGER p, INTEGER g, optional INTEGER privateValueLength); replaces *x
 * when x is not NULL. NULL with PEM_R_NO_START_LINE / DH_R_DECODE_ERROR queued.
 */
DH *PEM_read_bio_DHparams(BIO *bp, DH **x, pem_password_cb *cb, void *u);
DH *PEM_read_DHparams(FILE *fp, DH **x, pem_password_cb *cb, void *u);
/* The same from DER (*in advances past what was read). */
DH *d2i_DHparams(DH **a, const unsigned char **in, long len);

#ifdef __cplusplus
}
#endif
#endif
