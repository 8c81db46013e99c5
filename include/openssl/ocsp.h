/*
 * kumassl: OCSP, as OpenSSL's <openssl/ocsp.h>. kumassl does not parse,
 * make or verify OCSP messages, nor staple them (OPENSSL_NO_OCSP is defined
 * in opensslconf.h, so source builds leave stapling out; nginx, for one,
 * then lacks ssl_stapling). The functions exist so that binaries built
 * against OpenSSL start:
 *  - every constructor and parser (OCSP_RESPONSE_new, d2i_OCSP_RESPONSE,
 *    OCSP_cert_to_id, ...) returns NULL with ERR_R_UNSUPPORTED from
 *    ERR_LIB_OCSP, so no OCSP object ever exists;
 *  - the functions taking one fail with OpenSSL's failure value (0, -1, NULL);
 *  - the frees accept NULL;
 *  - the status texts (OCSP_response_status_str, ...) are OpenSSL's.
 */
#ifndef KUMASSL_OCSP_H
#define KUMASSL_OCSP_H
#include <openssl/opensslconf.h>
#include <openssl/types.h>
#include <openssl/x509.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct ocsp_response_st OCSP_RESPONSE;
typedef struct ocsp_basic_response_st OCSP_BASICRESP;
typedef struct ocsp_cert_id_st OCSP_CERTID;
typedef struct ocsp_request_st OCSP_REQUEST;
typedef struct ocsp_one_request_st OCSP_ONEREQ;
typedef struct ocsp_single_response_st OCSP_SINGLERESP;

#define OCSP_RESPONSE_STATUS_SUCCESSFUL 0
#define OCSP_RESPONSE_STATUS_MALFORMEDREQUEST 1
#define OCSP_RESPONSE_STATUS_INTERNALERROR 2
#define OCSP_RESPONSE_STATUS_TRYLATER 3
#define OCSP_RESPONSE_STATUS_SIGREQUIRED 5
#define OCSP_RESPONSE_STATUS_UNAUTHORIZED 6
#define V_OCSP_CERTSTATUS_GOOD 0
#define V_OCSP_CERTSTATUS_REVOKED 1
#define V_OCSP_CERTSTATUS_UNKNOWN 2

/* OpenSSL's texts for a response status, a certificate status and a CRL reason ("(UNKNOWN)" otherwise). */
const char *OCSP_response_status_str(long s);
const char *OCSP_cert_status_str(long s);
const char *OCSP_crl_reason_str(long s);

OCSP_RESPONSE *OCSP_RESPONSE_new(void);
OCSP_REQUEST *OCSP_REQUEST_new(void);
OCSP_RESPONSE *d2i_OCSP_RESPONSE(OCSP_RESPONSE **a, const unsigned char **in, long len);
OCSP_CERTID *OCSP_cert_to_id(const EVP_MD *dgst, const X509 *subject, const X509 *issuer);
void OCSP_RESPONSE_free(OCSP_RESPONSE *a);
void OCSP_REQUEST_free(OCSP_REQUEST *a);
void OCSP_BASICRESP_free(OCSP_BASICRESP *a);
void OCSP_CERTID_free(OCSP_CERTID *a);
int i2d_OCSP_RESPONSE(const OCSP_RESPONSE *a, unsigned char **out);
int i2d_OCSP_REQUEST(const OCSP_REQUEST *a, unsigned char **out);
int OCSP_response_status(OCSP_RESPONSE *resp);
OCSP_BASICRESP *OCSP_response_get1_basic(OCSP_RESPONSE *resp);
OCSP_ONEREQ *OCSP_request_add0_id(OCSP_REQUEST *req, OCSP_CERTID *cid);
int OCSP_basic_verify(OCSP_BASICRESP *bs, STACK_OF(X509) *certs, X509_STORE *st, unsigned long flags);
int OCSP_resp_count(OCSP_BASICRESP *bs);
OCSP_SINGLERESP *OCSP_resp_get0(OCSP_BASICRESP *bs, int idx);
int OCSP_resp_find_status(OCSP_BASICRESP *bs, OCSP_CERTID *id, int *status, int *reason,
                          ASN1_GENERALIZEDTIME **revtime, ASN1_GENERALIZEDTIME **thisupd,
                          ASN1_GENERALIZEDTIME **nextupd);
int OCSP_single_get0_status(OCSP_SINGLERESP *single, int *reason, ASN1_GENERALIZEDTIME **revtime,
                            ASN1_GENERALIZEDTIME **thisupd, ASN1_GENERALIZEDTIME **nextupd);
int OCSP_check_validity(ASN1_GENERALIZEDTIME *thisupd, ASN1_GENERALIZEDTIME *nextupd, long sec, long maxsec);

#ifdef __cplusplus
}
#endif
#endif
