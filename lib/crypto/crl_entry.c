/*
 * kumassl: the revoked entries of a CRL as programs read them
 * (X509_REVOKED: serial number and revocation date; lookups by serial and
 * by certificate). An X509_REVOKED is the entry's DER SEQUENCE inside the
 * CRL (crl.c lists them), as an ASN1_INTEGER is the INTEGER's DER.
 */
#include <string.h>
#include "crypto_int.h"

/* The entry's first fields: userCertificate INTEGER, revocationDate Time (whole TLVs). */
static int entry_fields(const X509_REVOKED *r, kuma_der *serial, kuma_der *date)
{
    const unsigned char *p = (const unsigned char *)(const void *)r;
    kuma_der in, seq, v;
    unsigned char tag;

    if (p == NULL)
        return 0;
    in.p = p;
    in.len = (size_t)-1 / 2;    /* checked DER inside a decoded CRL: its own length bounds it */
    return kuma_der_next(&in, &tag, &seq, NULL) && tag == 0x30
           && kuma_der_next(&seq, &tag, &v, serial) && tag == 0x02
           && kuma_der_next(&seq, &tag, &v, date) && (tag == 0x17 || tag == 0x18);
}

const ASN1_INTEGER *X509_REVOKED_get0_serialNumber(const X509_REVOKED *r)
{
    kuma_der serial, date;

    return entry_fields(r, &serial, &date) ? (const ASN1_INTEGER *)(const void *)serial.p : NULL;
}

const ASN1_TIME *X509_REVOKED_get0_revocationDate(const X509_REVOKED *r)
{
    kuma_der serial, date;

    return entry_fields(r, &serial, &date) ? (const ASN1_TIME *)(const void *)date.p : NULL;
}

/* The whole TLV of a DER INTEGER (an ASN1_INTEGER). */
static int integer_tlv(const ASN1_INTEGER *a, kuma_der *out)
{
    kuma_der in = { (const unsigned char *)(const void *)a, (size_t)-1 / 2 }, v;
    unsigned char tag;

    return a != NULL && kuma_der_next(&in, &tag, &v, out) && tag == 0x02;
}

int X509_CRL_get0_by_serial(X509_CRL *crl, X509_REVOKED **ret, const ASN1_INTEGER *serial)
{
    STACK_OF(X509_REVOKED) *sk = X509_CRL_get_REVOKED(crl);
    kuma_der want, s, d;
    int i;

    if (ret != NULL)
        *ret = NULL;
    if (sk == NULL || !integer_tlv(serial, &want))
        return 0;
    for (i = 0; i < sk_X509_REVOKED_num(sk); i++) {
        X509_REVOKED *r = sk_X509_REVOKED_value(sk, i);

        if (entry_fields(r, &s, &d) && s.len == want.len && memcmp(s.p, want.p, s.len) == 0) {
            if (ret != NULL)
                *ret = r;
            return 1;
        }
    }
    return 0;
}

int X509_CRL_get0_by_cert(X509_CRL *crl, X509_REVOKED **ret, X509 *x)
{
    if (ret != NULL)
        *ret = NULL;
    if (crl == NULL || x == NULL
        || X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(x)) != 0)
        return 0;
    return X509_CRL_get0_by_serial(crl, ret, X509_get_serialNumber(x));
}
