/*
 * kumassl: GENERAL_NAME printing (GENERAL_NAME_print) and the frees of
 * the authorityInfoAccess / cRLDistributionPoints objects (x509v3.h).
 */
#include <openssl/x509v3.h>
#include <openssl/objects.h>
#include "obj_int.h"

/* The IPv4 dotted quad or the eight IPv6 groups in upper-case hex, as OpenSSL prints them. */
static int print_ip(BIO *out, const ASN1_OCTET_STRING *ip)
{
    const unsigned char *p = ASN1_STRING_get0_data(ip);
    int n = ASN1_STRING_length(ip), i;

    if (n == 4)
        return BIO_printf(out, "IP Address:%d.%d.%d.%d", p[0], p[1], p[2], p[3]) > 0;
    if (n != 16)
        return BIO_printf(out, "IP Address:<invalid>") > 0;
    if (BIO_printf(out, "IP Address") <= 0)
        return 0;
    for (i = 0; i < 16; i += 2)
        if (BIO_printf(out, ":%X", p[i] << 8 | p[i + 1]) <= 0)
            return 0;
    return 1;
}

/* registeredID: kumassl keeps the OID as a string of its value bytes (x509_obj.c). */
static int print_rid(BIO *out, const GENERAL_NAME *gen)
{
    kuma_der oid = kuma_asn1_contents(gen->d.ia5);
    char text[128];

    if (!kuma_oid_to_text(&oid, text, sizeof(text)))
        return BIO_printf(out, "Registered ID:<invalid>") > 0;
    return BIO_printf(out, "Registered ID:%s", text) > 0;
}

static int print_text(BIO *out, const char *label, const ASN1_STRING *s)
{
    return BIO_printf(out, "%s:%.*s", label, ASN1_STRING_length(s), (const char *)ASN1_STRING_get0_data(s)) > 0;
}

int GENERAL_NAME_print(BIO *out, GENERAL_NAME *gen)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509V3, out) || KUMA_NULL_ARG(ERR_LIB_X509V3, gen))
        return 0;
    switch (gen->type) {
    case GEN_EMAIL:
        return print_text(out, "email", gen->d.rfc822Name);
    case GEN_DNS:
        return print_text(out, "DNS", gen->d.dNSName);
    case GEN_URI:
        return print_text(out, "URI", gen->d.uniformResourceIdentifier);
    case GEN_IPADD:
        return print_ip(out, gen->d.iPAddress);
    case GEN_DIRNAME:
        return BIO_printf(out, "DirName:") > 0
               && X509_NAME_print_ex(out, gen->d.directoryName, 0, XN_FLAG_ONELINE) >= 0;
    case GEN_OTHERNAME:
        return BIO_printf(out, "othername:<unsupported>") > 0;
    case GEN_X400:
        return BIO_printf(out, "X400Name:<unsupported>") > 0;
    case GEN_EDIPARTY:
        return BIO_printf(out, "EdiPartyName:<unsupported>") > 0;
    default:
        return print_rid(out, gen);
    }
}

void ACCESS_DESCRIPTION_free(ACCESS_DESCRIPTION *a)
{
    if (a == NULL)
        return;
    ASN1_OBJECT_free(a->method);
    GENERAL_NAME_free(a->location);
    OPENSSL_free(a);
}

void AUTHORITY_INFO_ACCESS_free(AUTHORITY_INFO_ACCESS *a)
{
    sk_ACCESS_DESCRIPTION_pop_free(a, ACCESS_DESCRIPTION_free);
}

void DIST_POINT_free(DIST_POINT *a)
{
    if (a == NULL)
        return;
    if (a->distpoint != NULL) {
        if (a->distpoint->type == 0)
            GENERAL_NAMES_free(a->distpoint->name.fullname);
        else
            sk_X509_NAME_ENTRY_free(a->distpoint->name.relativename); /* kumassl makes no free-standing entries */
        X509_NAME_free(a->distpoint->dpname);
        OPENSSL_free(a->distpoint);
    }
    ASN1_STRING_free(a->reasons);
    GENERAL_NAMES_free(a->CRLissuer);
    OPENSSL_free(a);
}

void CRL_DIST_POINTS_free(CRL_DIST_POINTS *a)
{
    sk_DIST_POINT_pop_free(a, DIST_POINT_free);
}
