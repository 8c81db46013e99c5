/*
 * kumassl: OCSP entry points without OCSP support (ocsp.h): no OCSP object
 * can be made, so everything that would take one fails; the status texts
 * are real.
 */
#include <openssl/ocsp.h>
#include "crypto_int.h"

typedef struct {
    long code;
    const char *text;
} status_text;

static const char *text_of(const status_text *t, size_t n, long code)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (t[i].code == code)
            return t[i].text;
    return "(UNKNOWN)";
}

const char *OCSP_response_status_str(long s)
{
    static const status_text t[] = {
        { OCSP_RESPONSE_STATUS_SUCCESSFUL, "successful" },
        { OCSP_RESPONSE_STATUS_MALFORMEDREQUEST, "malformedrequest" },
        { OCSP_RESPONSE_STATUS_INTERNALERROR, "internalerror" },
        { OCSP_RESPONSE_STATUS_TRYLATER, "trylater" },
        { OCSP_RESPONSE_STATUS_SIGREQUIRED, "sigrequired" },
        { OCSP_RESPONSE_STATUS_UNAUTHORIZED, "unauthorized" },
    };

    return text_of(t, sizeof(t) / sizeof(t[0]), s);
}

const char *OCSP_cert_status_str(long s)
{
    static const status_text t[] = {
        { V_OCSP_CERTSTATUS_GOOD, "good" },
        { V_OCSP_CERTSTATUS_REVOKED, "revoked" },
        { V_OCSP_CERTSTATUS_UNKNOWN, "unknown" },
    };

    return text_of(t, sizeof(t) / sizeof(t[0]), s);
}

const char *OCSP_crl_reason_str(long s)
{
    static const status_text t[] = {
        { 0, "unspecified" }, { 1, "keyCompromise" }, { 2, "cACompromise" },
        { 3, "affiliationChanged" }, { 4, "superseded" }, { 5, "cessationOfOperation" },
        { 6, "certificateHold" }, { 8, "removeFromCRL" }, { 9, "privilegeWithdrawn" },
        { 10, "aACompromise" },
    };

    return text_of(t, sizeof(t) / sizeof(t[0]), s);
}

static void *no_ocsp(void)
{
    ERR_raise_data(ERR_LIB_OCSP, ERR_R_UNSUPPORTED, "kumassl has no OCSP support");
    return NULL;
}

OCSP_RESPONSE *OCSP_RESPONSE_new(void)
{
    return no_ocsp();
}

OCSP_REQUEST *OCSP_REQUEST_new(void)
{
    return no_ocsp();
}

OCSP_RESPONSE *d2i_OCSP_RESPONSE(OCSP_RESPONSE **a, const unsigned char **in, long len)
{
    (void)a, (void)in, (void)len;
    return no_ocsp();
}

OCSP_CERTID *OCSP_cert_to_id(const EVP_MD *dgst, const X509 *subject, const X509 *issuer)
{
    (void)dgst, (void)subject, (void)issuer;
    return no_ocsp();
}

/* No OCSP object exists: only NULL can reach the frees. */
void OCSP_RESPONSE_free(OCSP_RESPONSE *a)
{
    (void)a;
}

void OCSP_REQUEST_free(OCSP_REQUEST *a)
{
    (void)a;
}

void OCSP_BASICRESP_free(OCSP_BASICRESP *a)
{
    (void)a;
}

void OCSP_CERTID_free(OCSP_CERTID *a)
{
    (void)a;
}

int i2d_OCSP_RESPONSE(const OCSP_RESPONSE *a, unsigned char **out)
{
    (void)a, (void)out;
    no_ocsp();
    return -1;
}

int i2d_OCSP_REQUEST(const OCSP_REQUEST *a, unsigned char **out)
{
    (void)a, (void)out;
    no_ocsp();
    return -1;
}

/* OpenSSL's failure value here is -1 (no status to read). */
int OCSP_response_status(OCSP_RESPONSE *resp)
{
    (void)resp;
    no_ocsp();
    return -1;
}

OCSP_BASICRESP *OCSP_response_get1_basic(OCSP_RESPONSE *resp)
{
    (void)resp;
    return no_ocsp();
}

OCSP_ONEREQ *OCSP_request_add0_id(OCSP_REQUEST *req, OCSP_CERTID *cid)
{
    (void)req, (void)cid;
    return no_ocsp();
}

int OCSP_basic_verify(OCSP_BASICRESP *bs, STACK_OF(X509) *certs, X509_STORE *st, unsigned long flags)
{
    (void)bs, (void)certs, (void)st, (void)flags;
    no_ocsp();
    return -1;
}

int OCSP_resp_count(OCSP_BASICRESP *bs)
{
    (void)bs;
    no_ocsp();
    return -1;
}

OCSP_SINGLERESP *OCSP_resp_get0(OCSP_BASICRESP *bs, int idx)
{
    (void)bs, (void)idx;
    return no_ocsp();
}

int OCSP_resp_find_status(OCSP_BASICRESP *bs, OCSP_CERTID *id, int *status, int *reason,
                          ASN1_GENERALIZEDTIME **revtime, ASN1_GENERALIZEDTIME **thisupd,
                          ASN1_GENERALIZEDTIME **nextupd)
{
    (void)bs, (void)id, (void)status, (void)reason, (void)revtime, (void)thisupd, (void)nextupd;
    no_ocsp();
    return 0;
}

int OCSP_single_get0_status(OCSP_SINGLERESP *single, int *reason, ASN1_GENERALIZEDTIME **revtime,
                            ASN1_GENERALIZEDTIME **thisupd, ASN1_GENERALIZEDTIME **nextupd)
{
    (void)single, (void)reason, (void)revtime, (void)thisupd, (void)nextupd;
    no_ocsp();
    return -1;
}

int OCSP_check_validity(ASN1_GENERALIZEDTIME *thisupd, ASN1_GENERALIZEDTIME *nextupd, long sec, long maxsec)
{
    (void)thisupd, (void)nextupd, (void)sec, (void)maxsec;
    no_ocsp();
    return 0;
}
