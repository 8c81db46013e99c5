/*
 * kumassl: certificates as objects: the serial number, the validity times,
 * subjectAltName entries, fingerprints and digests (names and strings are
 * printed by x509_print.c).
 *
 * An ASN1_STRING here is no separate structure: it is the DER encoding
 * (tag, length, contents) of the value itself. The strings a certificate
 * hands out point into its DER, so they live exactly as long as the
 * certificate, as OpenSSL's do, and a certificate shared between threads
 * needs no lock or cache for them. Strings a caller owns (the contents of a
 * GENERAL_NAME) are encodings of their own, made with a universal tag.
 * Every encoding is checked when it is first found, so reading one later
 * needs no bounds.
 */
#include <string.h>
#include <time.h>
#include "obj_int.h"           /* kuma_asn1_time_parse (x509_time.c) */

#define TAG_INTEGER   0x02
#define TAG_SEQUENCE  0x30
#define TAG_CTX0      0xA0
#define TAG_UTCTIME   0x17
#define TAG_GENTIME   0x18

/* ---- strings --------------------------------------------------------------------- */

/* The contents of an encoding known to be valid (definite length, at most 4 length bytes). */
kuma_der kuma_asn1_contents(const ASN1_STRING *s)
{
    const unsigned char *p = (const unsigned char *)s;
    kuma_der c;
    size_t n, i;

    if (p[1] < 0x80) {
        c.p = p + 2;
        c.len = p[1];
        return c;
    }
    n = p[1] & 0x7F;
    for (c.len = 0, i = 0; i < n; i++)
        c.len = (c.len << 8) | p[2 + i];
    c.p = p + 2 + n;
    return c;
}

/* An INTEGER's magnitude as OpenSSL keeps it: without the zero that keeps it positive. */
static kuma_der asn1_data(const ASN1_STRING *s)
{
    kuma_der c = kuma_asn1_contents(s);

    if (s->tag == TAG_INTEGER && c.len > 1 && c.p[0] == 0) {
        c.p++;
        c.len--;
    }
    return c;
}

size_t kuma_der_header(unsigned char *hdr, unsigned char tag, size_t len)
{
    size_t n = 0, l, i;

    hdr[0] = tag;
    if (len < 0x80) {
        hdr[1] = (unsigned char)len;
        return 2;
    }
    for (l = len; l > 0; l >>= 8)
        n++;
    hdr[1] = (unsigned char)(0x80 | n);
    for (i = 0; i < n; i++)
        hdr[2 + i] = (unsigned char)(len >> (8 * (n - 1 - i)));
    return 2 + n;
}

/* A new encoding of tag and the len bytes at p; NULL with an error queued. */
ASN1_STRING *kuma_asn1_new(unsigned char tag, const unsigned char *p, size_t len)
{
    unsigned char *d = OPENSSL_malloc(len + 6), hdr[6];
    size_t n;

    if (d == NULL || len > 0xFFFFFFFFu) {
        OPENSSL_free(d);
        ERR_raise(ERR_LIB_ASN1, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    n = kuma_der_header(hdr, tag, len);
    memcpy(d, hdr, n);
    memcpy(d + n, p, len);
    return (ASN1_STRING *)d;
}

int ASN1_STRING_length(const ASN1_STRING *x)
{
    return x != NULL ? (int)asn1_data(x).len : 0;
}

const unsigned char *ASN1_STRING_get0_data(const ASN1_STRING *x)
{
    return x != NULL ? asn1_data(x).p : NULL;
}

/* Universal tags are OpenSSL's V_ASN1_* numbers; negative INTEGERs are told apart. */
int ASN1_STRING_type(const ASN1_STRING *x)
{
    kuma_der c;

    if (x == NULL)
        return -1;
    c = kuma_asn1_contents(x);
    if (x->tag == TAG_INTEGER && c.len > 0 && (c.p[0] & 0x80))
        return V_ASN1_NEG_INTEGER;
    return x->tag & 0x1F;
}

void ASN1_STRING_free(ASN1_STRING *a)
{
    OPENSSL_free(a);
}

long ASN1_INTEGER_get(const ASN1_INTEGER *a)
{
    kuma_der c;
    unsigned long v;
    size_t i;
    int neg;

    if (a == NULL)
        return 0;
    c = kuma_asn1_contents(a);
    neg = c.len > 0 && (c.p[0] & 0x80);
    if (!neg && c.len > 1 && c.p[0] == 0) {
        c.p++;
        c.len--;
    }
    if (a->tag != TAG_INTEGER || c.len == 0 || c.len > sizeof(long)
        || (!neg && c.len == sizeof(long) && (c.p[0] & 0x80))) {
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_PASSED_INVALID_ARGUMENT, "integer too large for a long");
        return -1;
    }
    v = neg ? ~0UL : 0;         /* two's complement: sign-extend */
    for (i = 0; i < c.len; i++)
        v = (v << 8) | c.p[i];
    return (long)v;
}

/* ---- the fields of the TBSCertificate ----------------------------------------------- */

enum { TBS_SERIAL, TBS_SIGNATURE, TBS_ISSUER, TBS_VALIDITY, TBS_SUBJECT, TBS_SPKI };

/* The whole encoding of a field of x's TBSCertificate; 0 when malformed. */
static int tbs_field(const X509 *x, int which, kuma_der *whole)
{
    kuma_der all, cert, tbs, c;
    unsigned char tag;
    int i;

    if (x == NULL || x->der == NULL)
        return 0;
    all.p = x->der;
    all.len = x->der_len;
    if (!kuma_der_next(&all, &tag, &cert, NULL) || !kuma_der_next(&cert, &tag, &tbs, NULL)
        || !kuma_der_next(&tbs, &tag, &c, whole))
        return 0;
    if (tag == TAG_CTX0 && !kuma_der_next(&tbs, &tag, &c, whole))
        return 0;               /* version [0] is absent in v1 certificates */
    for (i = 0; i < which; i++) {
        if (!kuma_der_next(&tbs, &tag, &c, whole))
            return 0;
    }
    return 1;
}

int kuma_x509_spki(const X509 *x, kuma_der *whole)
{
    return tbs_field(x, TBS_SPKI, whole);
}

ASN1_INTEGER *X509_get_serialNumber(X509 *x)
{
    kuma_der w;

    return tbs_field(x, TBS_SERIAL, &w) && w.p[0] == TAG_INTEGER ? (ASN1_INTEGER *)w.p : NULL;
}

const ASN1_INTEGER *X509_get0_serialNumber(const X509 *x)
{
    return X509_get_serialNumber((X509 *)x);
}

/* Validity ::= SEQUENCE { notBefore Time, notAfter Time } */
static const ASN1_TIME *validity_time(const X509 *x, int after)
{
    kuma_der validity, c, t;
    unsigned char tag;

    if (!tbs_field(x, TBS_VALIDITY, &validity) || !kuma_der_next(&validity, &tag, &c, NULL)
        || tag != TAG_SEQUENCE || !kuma_der_next(&c, &tag, &t, &t)
        || (after && !kuma_der_next(&c, &tag, &t, &t)))
        return NULL;
    return tag == TAG_UTCTIME || tag == TAG_GENTIME ? (const ASN1_TIME *)t.p : NULL;
}

const ASN1_TIME *X509_get0_notBefore(const X509 *x)
{
    return validity_time(x, 0);
}

const ASN1_TIME *X509_get0_notAfter(const X509 *x)
{
    return validity_time(x, 1);
}

/* ---- times ------------------------------------------------------------------------ */

/* The time in seconds since 1970, by x509_time.c's parser (RFC 5280's two forms, in UTC). */
static int time_value(const ASN1_TIME *t, time_t *when)
{
    kuma_der c = kuma_asn1_contents(t);

    return kuma_asn1_time_parse(t->tag, c.p, c.len, when);
}

/* The broken-down form of t, and its fractional seconds ("" or ".5", GeneralizedTime only). */
static int time_parse(const ASN1_TIME *t, struct tm *tm, kuma_der *frac)
{
    kuma_der c = kuma_asn1_contents(t);
    time_t when;

    if (!time_value(t, &when) || gmtime_r(&when, tm) == NULL)
        return 0;
    frac->p = c.p;
    frac->len = 0;
    if (t->tag == TAG_GENTIME && c.len > 15 && c.p[14] == '.') {
        frac->p = c.p + 14;
        frac->len = c.len - 15;
    }
    return 1;
}

int ASN1_TIME_check(const ASN1_TIME *t)
{
    time_t when;

    return t != NULL && time_value(t, &when);
}

int ASN1_TIME_to_tm(const ASN1_TIME *s, struct tm *tm)
{
    kuma_der frac;
    time_t now;

    if (tm == NULL)
        return 0;
    if (s == NULL) {
        now = time(NULL);
        return gmtime_r(&now, tm) != NULL;
    }
    if (!time_parse(s, tm, &frac)) {
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_PASSED_INVALID_ARGUMENT, "invalid time value");
        return 0;
    }
    return 1;
}

int ASN1_TIME_print(BIO *bp, const ASN1_TIME *t)
{
    static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    struct tm tm;
    kuma_der frac;

    if (t == NULL || !time_parse(t, &tm, &frac)) {
        BIO_write(bp, "Bad time value", 14);
        return 0;
    }
    return BIO_printf(bp, "%s %2d %02d:%02d:%02d%.*s %d GMT", mon[tm.tm_mon], tm.tm_mday,
                      tm.tm_hour, tm.tm_min, tm.tm_sec, (int)frac.len, (const char *)frac.p,
                      tm.tm_year + 1900) > 0;
}

int X509_cmp_time(const ASN1_TIME *s, time_t *t)
{
    time_t when;

    if (s == NULL || !time_value(s, &when))
        return 0;
    return when <= (t != NULL ? *t : time(NULL)) ? -1 : 1;
}

int X509_cmp_current_time(const ASN1_TIME *s)
{
    return X509_cmp_time(s, NULL);
}

int ASN1_GENERALIZEDTIME_print(BIO *fp, const ASN1_GENERALIZEDTIME *a)
{
    if (a == NULL || a->tag != TAG_GENTIME) {
        BIO_write(fp, "Bad time value", 14);
        return 0;
    }
    return ASN1_TIME_print(fp, a);
}

int ASN1_TIME_cmp_time_t(const ASN1_TIME *s, time_t t)
{
    time_t when;

    if (s == NULL || !time_value(s, &when))
        return -2;
    return when < t ? -1 : when > t;
}

/* The seconds from from to to, as days and seconds of one sign (NULL: now). */
int ASN1_TIME_diff(int *pday, int *psec, const ASN1_TIME *from, const ASN1_TIME *to)
{
    time_t a = time(NULL), b = a;
    long long d;

    if ((from != NULL && !time_value(from, &a)) || (to != NULL && !time_value(to, &b))) {
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_PASSED_INVALID_ARGUMENT, "invalid time value");
        return 0;
    }
    d = (long long)b - (long long)a;
    if (pday != NULL)
        *pday = (int)(d / 86400);
    if (psec != NULL)
        *psec = (int)(d % 86400);
    return 1;
}

/* The certificate's own times; kumassl's are read-only views of the DER, so they must not be changed. */
ASN1_TIME *X509_getm_notBefore(const X509 *x)
{
    return (ASN1_TIME *)X509_get0_notBefore(x);
}

ASN1_TIME *X509_getm_notAfter(const X509 *x)
{
    return (ASN1_TIME *)X509_get0_notAfter(x);
}

void ASN1_INTEGER_free(ASN1_INTEGER *a)
{
    ASN1_STRING_free(a);
}

/* ---- digests (the EVP_MD descriptors live in evp_md.c) ---- */

int X509_digest(const X509 *data, const EVP_MD *type, unsigned char *md, unsigned int *len)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, data) || data->der == NULL) {
        if (data != NULL)
            ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT, "empty certificate");
        return 0;
    }
    return EVP_Digest(data->der, data->der_len, md, len, type, NULL);
}

/* ---- subjectAltName: GENERAL_NAMES ---------------------------------------------------- */

void GENERAL_NAME_free(GENERAL_NAME *a)
{
    if (a == NULL)
        return;
    if (a->type == GEN_DIRNAME)
        X509_NAME_free(a->d.directoryName);
    else
        ASN1_STRING_free(a->d.ia5);     /* every other kind is one ASN1_STRING */
    OPENSSL_free(a);
}

void GENERAL_NAMES_free(GENERAL_NAMES *a)
{
    sk_GENERAL_NAME_pop_free(a, GENERAL_NAME_free);
}

/* A directoryName: the Name SEQUENCE inside the [4] EXPLICIT tag. */
static X509_NAME *dirname_new(kuma_der c)
{
    kuma_der in = c, v, whole;
    unsigned char tag;
    X509_NAME tmp;

    if (!kuma_der_next(&in, &tag, &v, &whole) || tag != TAG_SEQUENCE || in.len != 0)
        return NULL;
    tmp.der = (unsigned char *)whole.p;
    tmp.len = whole.len;
    return X509_NAME_dup(&tmp);
}

/* Decodes one GeneralName (tag, contents, whole encoding); NULL when malformed. */
static GENERAL_NAME *general_name_new(unsigned char tag, kuma_der c, kuma_der whole)
{
    GENERAL_NAME *g;

    if ((tag & 0xC0) != 0x80 || (tag & 0x1F) > GEN_RID)
        return NULL;            /* GeneralName is a CHOICE of context tags [0]..[8] */
    if ((g = OPENSSL_zalloc(sizeof(*g))) == NULL)
        return NULL;
    g->type = tag & 0x1F;
    switch (g->type) {
    case GEN_EMAIL:
    case GEN_DNS:
    case GEN_URI:
        g->d.ia5 = kuma_asn1_new(V_ASN1_IA5STRING, c.p, c.len);
        break;
    case GEN_IPADD:
        g->d.iPAddress = kuma_asn1_new(V_ASN1_OCTET_STRING, c.p, c.len);
        break;
    case GEN_DIRNAME:
        g->d.directoryName = dirname_new(c);
        break;
    default:
        g->d.ia5 = kuma_asn1_new(whole.p[0], c.p, c.len);
        break;
    }
    if (g->d.ptr == NULL) {
        GENERAL_NAME_free(g);
        return NULL;
    }
    return g;
}

/* GeneralNames ::= SEQUENCE OF GeneralName, from an extension's value. */
static GENERAL_NAMES *general_names_decode(kuma_der value)
{
    GENERAL_NAMES *names = sk_GENERAL_NAME_new_null();
    kuma_der seq, c, whole;
    unsigned char tag;
    GENERAL_NAME *g;

    if (names == NULL)
        return NULL;
    if (!kuma_der_next(&value, &tag, &seq, NULL) || tag != TAG_SEQUENCE || value.len != 0)
        goto bad;
    while (seq.len > 0) {
        if (!kuma_der_next(&seq, &tag, &c, &whole) || (g = general_name_new(tag, c, whole)) == NULL)
            goto bad;
        if (!sk_GENERAL_NAME_push(names, g)) {
            GENERAL_NAME_free(g);
            goto bad;
        }
    }
    return names;
bad:
    ERR_raise_data(ERR_LIB_X509V3, ERR_R_NESTED_ASN1_ERROR, "malformed GeneralNames");
    GENERAL_NAMES_free(names);
    return NULL;
}

/*
 * Whether the extension whose extnValue contents start at value is critical.
 * Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue
 * OCTET STRING }: just before the OCTET STRING's header are either the last
 * bytes of the (known) OID or the BOOLEAN 01 01 xx.
 */
static int ext_critical(kuma_der value)
{
    size_t hdr = value.len < 0x80 ? 2 : value.len < 0x100 ? 3 : value.len < 0x10000 ? 4 : 5;
    const unsigned char *b = value.p - hdr - 3;

    return b[0] == 0x01 && b[1] == 0x01 && b[2] != 0;
}

/*
 * Whether x has the extension of nid (OID from the object table); 0 when
 * absent or kumassl has no OID for nid.
 */
static int ext_present(const X509 *x, int nid, kuma_der *value)
{
    const ASN1_OBJECT *o = OBJ_nid2obj(nid);

    return o != NULL && o->der != NULL && kuma_x509_find_ext(x, (const unsigned char *)o->der, (size_t)o->len, value);
}

/*
 * Decodes subjectAltName and issuerAltName. Any other extension: NULL,
 * with *crit -1 when absent, or its critical flag (0 / 1) when present but
 * not decoded by kumassl. Nothing is queued either way: OpenSSL decodes
 * these and queues nothing, and its callers (python's getpeercert probes
 * authorityInfoAccess and cRLDistributionPoints) would take a queued error
 * for the failure of their next SSL_read.
 */
void *X509_get_ext_d2i(const X509 *x, int nid, int *crit, int *idx)
{
    static const unsigned char OID_SAN[] = { 0x55, 0x1D, 0x11 }, OID_IAN[] = { 0x55, 0x1D, 0x12 };
    const unsigned char *oid = nid == NID_subject_alt_name ? OID_SAN
                               : nid == NID_issuer_alt_name ? OID_IAN : NULL;
    kuma_der value;
    int found;

    if (crit != NULL)
        *crit = -1;
    if (x == NULL || (idx != NULL && *idx != -1))
        return NULL;
    if (oid == NULL) {
        ERR_set_mark();
        found = ext_present(x, nid, &value);
        ERR_pop_to_mark();              /* an unknown NID is not an error either */
        if (found && crit != NULL)
            *crit = ext_critical(value);
        return NULL;
    }
    found = kuma_x509_find_ext(x, oid, sizeof(OID_SAN), &value);
    if (idx != NULL)
        *idx = found ? 0 : -1;
    if (!found)
        return NULL;
    if (crit != NULL)
        *crit = ext_critical(value);
    return general_names_decode(value);
}
