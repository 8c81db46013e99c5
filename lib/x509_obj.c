/*
 * kumassl: certificates as objects: the serial number, the validity times,
 * subjectAltName entries, fingerprints and digests, and names printed as
 * X509_NAME_print_ex() prints them.
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
#include "ssl_int.h"           /* kuma_asn1_time_parse (x509_time.c) */

/* Only the tag is named: the length and contents follow it in memory. */
struct asn1_string_st {
    unsigned char tag;
};

#define TAG_INTEGER   0x02
#define TAG_SEQUENCE  0x30
#define TAG_CTX0      0xA0
#define TAG_UTCTIME   0x17
#define TAG_GENTIME   0x18

/* ---- strings --------------------------------------------------------------------- */

/* The contents of an encoding known to be valid (definite length, at most 4 length bytes). */
static kuma_der asn1_contents(const ASN1_STRING *s)
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
    kuma_der c = asn1_contents(s);

    if (s->tag == TAG_INTEGER && c.len > 1 && c.p[0] == 0) {
        c.p++;
        c.len--;
    }
    return c;
}

/* Writes DER's shortest header for tag and len into hdr (6 bytes); returns its size. */
static size_t der_header(unsigned char *hdr, unsigned char tag, size_t len)
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
static ASN1_STRING *asn1_new(unsigned char tag, const unsigned char *p, size_t len)
{
    unsigned char *d = OPENSSL_malloc(len + 6), hdr[6];
    size_t n;

    if (d == NULL || len > 0xFFFFFFFFu) {
        OPENSSL_free(d);
        ERR_raise(ERR_LIB_ASN1, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    n = der_header(hdr, tag, len);
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
    c = asn1_contents(x);
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
    c = asn1_contents(a);
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

enum { TBS_SERIAL, TBS_SIGNATURE, TBS_ISSUER, TBS_VALIDITY };

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
    kuma_der c = asn1_contents(t);

    return kuma_asn1_time_parse(t->tag, c.p, c.len, when);
}

/* The broken-down form of t, and its fractional seconds ("" or ".5", GeneralizedTime only). */
static int time_parse(const ASN1_TIME *t, struct tm *tm, kuma_der *frac)
{
    kuma_der c = asn1_contents(t);
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

/* ---- digests ---------------------------------------------------------------------- */

struct evp_md_st {
    int nid;
    const br_hash_class *cls;
};

static const EVP_MD md_md5 = { NID_md5, &br_md5_vtable };
static const EVP_MD md_sha1 = { NID_sha1, &br_sha1_vtable };
static const EVP_MD md_sha224 = { NID_sha224, &br_sha224_vtable };
static const EVP_MD md_sha256 = { NID_sha256, &br_sha256_vtable };
static const EVP_MD md_sha384 = { NID_sha384, &br_sha384_vtable };
static const EVP_MD md_sha512 = { NID_sha512, &br_sha512_vtable };

const EVP_MD *EVP_md5(void) { return &md_md5; }
const EVP_MD *EVP_sha1(void) { return &md_sha1; }
const EVP_MD *EVP_sha224(void) { return &md_sha224; }
const EVP_MD *EVP_sha256(void) { return &md_sha256; }
const EVP_MD *EVP_sha384(void) { return &md_sha384; }
const EVP_MD *EVP_sha512(void) { return &md_sha512; }

int EVP_MD_get_size(const EVP_MD *md)
{
    if (md == NULL)
        return -1;
    return (int)((md->cls->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK);
}

int EVP_MD_get_type(const EVP_MD *md)
{
    return md != NULL ? md->nid : NID_undef;
}

int EVP_Digest(const void *data, size_t count, unsigned char *md, unsigned int *size,
               const EVP_MD *type, ENGINE *impl)
{
    br_hash_compat_context hc;

    if (KUMA_NULL_ARG(ERR_LIB_EVP, type) || KUMA_NULL_ARG(ERR_LIB_EVP, md)
        || (data == NULL && count > 0 && KUMA_NULL_ARG(ERR_LIB_EVP, data)))
        return 0;
    if (impl != NULL) {
        ERR_raise_data(ERR_LIB_EVP, ERR_R_UNSUPPORTED, "kumassl has no ENGINE support");
        return 0;
    }
    type->cls->init(&hc.vtable);
    type->cls->update(&hc.vtable, data, count);
    type->cls->out(&hc.vtable, md);
    if (size != NULL)
        *size = (unsigned int)EVP_MD_get_size(type);
    return 1;
}

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
        g->d.ia5 = asn1_new(V_ASN1_IA5STRING, c.p, c.len);
        break;
    case GEN_IPADD:
        g->d.iPAddress = asn1_new(V_ASN1_OCTET_STRING, c.p, c.len);
        break;
    case GEN_DIRNAME:
        g->d.directoryName = dirname_new(c);
        break;
    default:
        g->d.ia5 = asn1_new(whole.p[0], c.p, c.len);
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
        ERR_raise_data(ERR_LIB_X509V3, ERR_R_UNSUPPORTED,
                       "kumassl decodes only the subjectAltName and issuerAltName extensions");
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

/* ---- printing names and strings ------------------------------------------------------ */

/* Attribute types with OpenSSL's short and long names (others print as dotted OIDs). */
static const struct {
    const char *oid;            /* the OID's DER value bytes */
    const char *sn, *ln;
} attr_names[] = {
    { "\x55\x04\x03", "CN", "commonName" },
    { "\x55\x04\x04", "SN", "surname" },
    { "\x55\x04\x05", "serialNumber", "serialNumber" },
    { "\x55\x04\x06", "C", "countryName" },
    { "\x55\x04\x07", "L", "localityName" },
    { "\x55\x04\x08", "ST", "stateOrProvinceName" },
    { "\x55\x04\x09", "street", "streetAddress" },
    { "\x55\x04\x0A", "O", "organizationName" },
    { "\x55\x04\x0B", "OU", "organizationalUnitName" },
    { "\x55\x04\x0C", "title", "title" },
    { "\x55\x04\x0D", "description", "description" },
    { "\x55\x04\x0F", "businessCategory", "businessCategory" },
    { "\x55\x04\x10", "postalAddress", "postalAddress" },
    { "\x55\x04\x11", "postalCode", "postalCode" },
    { "\x55\x04\x29", "name", "name" },
    { "\x55\x04\x2A", "GN", "givenName" },
    { "\x55\x04\x2B", "initials", "initials" },
    { "\x55\x04\x2C", "generationQualifier", "generationQualifier" },
    { "\x55\x04\x2E", "dnQualifier", "dnQualifier" },
    { "\x55\x04\x41", "pseudonym", "pseudonym" },
    { "\x55\x04\x61", "organizationIdentifier", "organizationIdentifier" },
    { "\x2A\x86\x48\x86\xF7\x0D\x01\x09\x01", "emailAddress", "emailAddress" },
    { "\x09\x92\x26\x89\x93\xF2\x2C\x64\x01\x01", "UID", "userId" },
    { "\x09\x92\x26\x89\x93\xF2\x2C\x64\x01\x19", "DC", "domainComponent" },
    { "\x2B\x06\x01\x04\x01\x82\x37\x3C\x02\x01\x01", "jurisdictionL", "jurisdictionLocalityName" },
    { "\x2B\x06\x01\x04\x01\x82\x37\x3C\x02\x01\x02", "jurisdictionST",
      "jurisdictionStateOrProvinceName" },
    { "\x2B\x06\x01\x04\x01\x82\x37\x3C\x02\x01\x03", "jurisdictionC", "jurisdictionCountryName" },
};

#define ATTR_COUNT (sizeof(attr_names) / sizeof(attr_names[0]))
#define ESC_FLAGS (ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_2254 | ASN1_STRFLGS_ESC_QUOTE \
                   | ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_ESC_MSB)
#define CH_FIRST 0x20           /* escaped at the start of a value (RFC 2253) */
#define CH_LAST  0x40           /* escaped at its end */
#define CH_BS_ESC (ASN1_STRFLGS_ESC_2253 | CH_FIRST | CH_LAST)

static int attr_index(kuma_der oid)
{
    size_t i;

    for (i = 0; i < ATTR_COUNT; i++) {
        if (strlen(attr_names[i].oid) == oid.len && memcmp(attr_names[i].oid, oid.p, oid.len) == 0)
            return (int)i;
    }
    return -1;
}

static void buf_puts(kuma_buf *out, const char *s)
{
    kuma_buf_append(out, s, strlen(s));
}

/* Appends the dotted form of an OID's value bytes; 0 when malformed. */
static int oid_dotted(kuma_buf *out, kuma_der oid)
{
    unsigned long long arc = 0;
    char tmp[48];
    size_t i;
    int first = 1;

    if (oid.len == 0 || (oid.p[oid.len - 1] & 0x80))
        return 0;
    for (i = 0; i < oid.len; i++) {
        if (arc > (~0ULL >> 7))
            return 0;           /* an arc beyond 64 bits */
        arc = (arc << 7) | (oid.p[i] & 0x7F);
        if (oid.p[i] & 0x80)
            continue;
        if (first) {
            /* the first subidentifier holds two arcs: 40 * top + second */
            unsigned long long top = arc < 80 ? arc / 40 : 2;

            snprintf(tmp, sizeof(tmp), "%llu.%llu", top, arc - top * 40);
            first = 0;
        } else {
            snprintf(tmp, sizeof(tmp), ".%llu", arc);
        }
        buf_puts(out, tmp);
        arc = 0;
    }
    return 1;
}

/* The RFC 2253 / 2254 character classes of OpenSSL's table, as ASN1_STRFLGS_* bits. */
static unsigned char_class(unsigned char c)
{
    if (c < 0x20 || c == 0x7F)
        return ASN1_STRFLGS_ESC_CTRL;
    switch (c) {
    case '"':
    case '\\':
        return ASN1_STRFLGS_ESC_2253;
    case ',': case '+': case ';': case '<': case '>':
        return ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_QUOTE;
    case ' ':
        return CH_FIRST | CH_LAST | ASN1_STRFLGS_ESC_QUOTE;
    case '#':
        return CH_FIRST | ASN1_STRFLGS_ESC_QUOTE;
    case '(': case ')': case '*':
        return ASN1_STRFLGS_ESC_2254;
    default:
        return 0;
    }
}

/* Appends one character, escaped as flags ask; *quotes is set when quoting replaces escaping. */
static void esc_char(kuma_buf *out, unsigned long c, unsigned flags, int *quotes)
{
    unsigned char ch = (unsigned char)c;
    char tmp[16];
    unsigned cls;

    if (c > 0xFF) {
        snprintf(tmp, sizeof(tmp), c > 0xFFFF ? "\\W%08lX" : "\\U%04lX", c);
        buf_puts(out, tmp);
        return;
    }
    cls = (ch > 0x7F ? ASN1_STRFLGS_ESC_MSB : char_class(ch)) & flags;
    if (cls & CH_BS_ESC) {
        if (cls & ASN1_STRFLGS_ESC_QUOTE)
            *quotes = 1;
        else
            kuma_buf_append(out, "\\", 1);
        kuma_buf_append(out, &ch, 1);
    } else if (cls & (ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_ESC_MSB | ASN1_STRFLGS_ESC_2254)) {
        snprintf(tmp, sizeof(tmp), "\\%02X", ch);
        buf_puts(out, tmp);
    } else if (ch == '\\' && (flags & ESC_FLAGS)) {
        buf_puts(out, "\\\\");      /* once anything is escaped, the escape character is too */
    } else {
        kuma_buf_append(out, &ch, 1);
    }
}

/* Reads one UTF-8 character (1 to 4 bytes, shortest form); 0 when malformed. */
static int utf8_next(kuma_der *v, unsigned long *c)
{
    static const unsigned long min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    unsigned char b = v->p[0];
    size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    size_t i;

    if (n == 0 || n > v->len)
        return 0;
    *c = n == 1 ? b : b & (0x7F >> n);
    for (i = 1; i < n; i++) {
        if ((v->p[i] & 0xC0) != 0x80)
            return 0;
        *c = (*c << 6) | (v->p[i] & 0x3F);
    }
    v->p += n;
    v->len -= n;
    return *c >= min[n];
}

/* Reads one character of a string of width 0 (UTF-8), 1, 2 (BMP) or 4 (Universal). */
static int char_next(kuma_der *v, int width, unsigned long *c)
{
    int i;

    if (width == 0)
        return utf8_next(v, c);
    if (v->len < (size_t)width)
        return 0;
    for (*c = 0, i = 0; i < width; i++)
        *c = (*c << 8) | v->p[i];
    v->p += width;
    v->len -= (size_t)width;
    return 1;
}

static size_t utf8_put(unsigned long c, unsigned char *out)
{
    if (c < 0x80) {
        out[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (unsigned char)(0xC0 | (c >> 6));
        out[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (c >> 12));
        out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | ((c >> 18) & 0x07));
    out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

/*
 * Appends the characters of v (width as char_next; conv: as UTF-8 bytes),
 * escaped; the first and last characters get RFC 2253's extra escapes.
 */
static int esc_string(kuma_buf *out, kuma_der v, int width, int conv, unsigned flags, int *quotes)
{
    const unsigned char *start = v.p;
    unsigned long c;

    if (width > 1 && v.len % (size_t)width != 0)
        return 0;
    while (v.len > 0) {
        unsigned edge = v.p == start && (flags & ASN1_STRFLGS_ESC_2253) ? CH_FIRST : 0;
        unsigned char u[4];
        size_t i, n;

        if (!char_next(&v, width, &c))
            return 0;
        if (v.len == 0 && (flags & ASN1_STRFLGS_ESC_2253))
            edge = CH_LAST;
        if (!conv) {
            esc_char(out, c, flags | edge, quotes);
            continue;
        }
        for (n = utf8_put(c, u), i = 0; i < n; i++)
            esc_char(out, u[i], flags | edge, quotes);
    }
    return 1;
}

/* Characters per byte of each string tag (-1: not a string), as OpenSSL's tag2nbyte. */
static int tag_width(int type)
{
    switch (type) {
    case V_ASN1_UTF8STRING:
        return 0;
    case 18: case V_ASN1_PRINTABLESTRING: case V_ASN1_T61STRING: case V_ASN1_IA5STRING:
    case V_ASN1_UTCTIME: case V_ASN1_GENERALIZEDTIME: case 26:
        return 1;
    case V_ASN1_BMPSTRING:
        return 2;
    case V_ASN1_UNIVERSALSTRING:
        return 4;
    default:
        return -1;
    }
}

static const char *tag_name(int type)
{
    static const char *const names[31] = {
        [1] = "BOOLEAN", [2] = "INTEGER", [3] = "BIT STRING", [4] = "OCTET STRING",
        [5] = "NULL", [6] = "OBJECT", [12] = "UTF8STRING", [16] = "SEQUENCE", [17] = "SET",
        [18] = "NUMERICSTRING", [19] = "PRINTABLESTRING", [20] = "T61STRING",
        [22] = "IA5STRING", [23] = "UTCTIME", [24] = "GENERALIZEDTIME", [26] = "VISIBLESTRING",
        [28] = "UNIVERSALSTRING", [30] = "BMPSTRING",
    };

    return type >= 0 && type <= 30 && names[type] != NULL ? names[type] : "(unknown)";
}

static void hex_dump(kuma_buf *out, const unsigned char *p, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;

    for (i = 0; i < len; i++) {
        char h[2] = { hex[p[i] >> 4], hex[p[i] & 15] };

        kuma_buf_append(out, h, 2);
    }
}

/* "#" and the hex of the contents, or of the whole encoding with DUMP_DER. */
static void dump_value(kuma_buf *out, unsigned char tag, kuma_der v, unsigned long lflags)
{
    unsigned char hdr[6];

    kuma_buf_append(out, "#", 1);
    if (lflags & ASN1_STRFLGS_DUMP_DER)
        hex_dump(out, hdr, der_header(hdr, tag, v.len));
    hex_dump(out, v.p, v.len);
}

/* Appends a value as OpenSSL's do_print_ex(): type, dump or escaped text, quoted if needed. */
static int print_value(kuma_buf *out, unsigned char tag, kuma_der v, unsigned long lflags)
{
    unsigned flags = (unsigned)(lflags & ESC_FLAGS);
    kuma_buf text = { NULL, 0, 0, 0 };
    int width, conv = 0, quotes = 0, ok;

    if (lflags & ASN1_STRFLGS_SHOW_TYPE) {
        buf_puts(out, tag_name(tag));
        kuma_buf_append(out, ":", 1);
    }
    if (lflags & ASN1_STRFLGS_DUMP_ALL)
        width = -1;
    else if (lflags & ASN1_STRFLGS_IGNORE_TYPE)
        width = 1;
    else if ((width = tag_width(tag)) == -1 && !(lflags & ASN1_STRFLGS_DUMP_UNKNOWN))
        width = 1;
    if (width == -1) {
        dump_value(out, tag, v, lflags);
        return 1;
    }
    if (lflags & ASN1_STRFLGS_UTF8_CONVERT) {
        /* a UTF8String is already UTF-8: taken byte by byte, never converted twice */
        conv = width != 0;
        width = width == 0 ? 1 : width;
    }
    ok = esc_string(&text, v, width, conv, flags, &quotes);
    if (ok) {
        kuma_buf_append(out, "\"", quotes ? 1 : 0);
        kuma_buf_append(out, text.p, text.len);
        kuma_buf_append(out, "\"", quotes ? 1 : 0);
    }
    kuma_buf_wipe_free(&text);
    return ok;
}

/* The separators of X509_NAME_print_ex(); 0 for an unknown XN_FLAG_SEP_* value. */
typedef struct {
    const char *dn, *mv, *eq;
    int indent;                 /* after each dn separator */
} name_seps;

static int name_seps_of(unsigned long flags, int indent, name_seps *s)
{
    switch (flags & XN_FLAG_SEP_MASK) {
    case XN_FLAG_SEP_MULTILINE:
        s->dn = "\n", s->mv = " + ", s->indent = indent;
        break;
    case XN_FLAG_SEP_COMMA_PLUS:
        s->dn = ",", s->mv = "+", s->indent = 0;
        break;
    case XN_FLAG_SEP_CPLUS_SPC:
        s->dn = ", ", s->mv = " + ", s->indent = 0;
        break;
    case XN_FLAG_SEP_SPLUS_SPC:
        s->dn = "; ", s->mv = " + ", s->indent = 0;
        break;
    default:
        return 0;
    }
    s->eq = (flags & XN_FLAG_SPC_EQ) ? " = " : "=";
    return 1;
}

static void put_indent(kuma_buf *out, int n)
{
    while (n-- > 0)
        kuma_buf_append(out, " ", 1);
}

/* Appends the field name (as XN_FLAG_FN_* asks) and the "=" of an attribute; 0 if malformed. */
static int print_field(kuma_buf *out, kuma_der oid, unsigned long flags, const name_seps *s)
{
    unsigned long fn = flags & XN_FLAG_FN_MASK;
    int i = attr_index(oid), width = 0;
    size_t before = out->len;

    if (fn == XN_FLAG_FN_NONE)
        return 1;
    if (fn == XN_FLAG_FN_OID || i < 0) {
        if (!oid_dotted(out, oid))
            return 0;
    } else {
        buf_puts(out, fn == XN_FLAG_FN_LN ? attr_names[i].ln : attr_names[i].sn);
        width = fn == XN_FLAG_FN_LN ? 25 : 10;
    }
    if ((flags & XN_FLAG_FN_ALIGN) && out->len - before < (size_t)width)
        put_indent(out, width - (int)(out->len - before));
    buf_puts(out, s->eq);
    return 1;
}

/* The attributes of a name in order, each with the number of its RDN. */
typedef struct {
    kuma_name_entry e;
    int set;
} name_attr;

static int name_collect(const X509_NAME *nm, kuma_buf *attrs, size_t *count)
{
    kuma_name_iter it;
    name_attr a;
    int r, set = -1;

    *count = 0;
    kuma_name_iter_init(&it, nm);
    while ((r = kuma_name_iter_next(&it, &a.e)) == 1) {
        set += a.e.rdn_start;
        a.set = set;
        kuma_buf_append(attrs, &a, sizeof(a));
        (*count)++;
    }
    return r == 0 && !attrs->oom;
}

/* Renders a name as OpenSSL's do_name_ex(); 0 when flags or the name are invalid. */
static int name_render(kuma_buf *out, const X509_NAME *nm, int indent, unsigned long flags)
{
    kuma_buf attrs = { NULL, 0, 0, 0 };
    name_seps s;
    size_t i, n;
    int ok, prev = -1;

    indent = indent < 0 ? 0 : indent;
    if (!name_seps_of(flags, indent, &s))
        return 0;
    put_indent(out, indent);
    ok = name_collect(nm, &attrs, &n);
    for (i = 0; ok && i < n; i++) {
        const name_attr *a = (const name_attr *)attrs.p + ((flags & XN_FLAG_DN_REV) ? n - 1 - i : i);
        int unknown = attr_index(a->e.oid) < 0;

        if (prev != -1)
            buf_puts(out, prev == a->set ? s.mv : s.dn);
        if (prev != -1 && prev != a->set)
            put_indent(out, s.indent);
        prev = a->set;
        ok = print_field(out, a->e.oid, flags, &s)
             && print_value(out, a->e.type, a->e.value,
                            flags | (unknown && (flags & XN_FLAG_DUMP_UNKNOWN_FIELDS)
                                     ? ASN1_STRFLGS_DUMP_ALL : 0));
    }
    kuma_buf_wipe_free(&attrs);
    return ok && !out->oom;
}

/*
 * X509_NAME_print()'s traditional form: X509_NAME_oneline() with each "/"
 * that starts a one- or two-capital-letter attribute ("/CN=", "/ST=")
 * turned into ", ", exactly as OpenSSL does it.
 */
static int name_render_compat(kuma_buf *out, const X509_NAME *nm)
{
    char *b = X509_NAME_oneline(nm, NULL, 0), *s, *c;

    if (b == NULL)
        return 0;
    for (s = c = b + (*b != '\0'); *b != '\0'; s++) {
        int upper1 = s[0] == '/' && s[1] >= 'A' && s[1] <= 'Z';
        int starts = upper1 && (s[2] == '=' || (s[2] >= 'A' && s[2] <= 'Z' && s[3] == '='));

        if (starts || *s == '\0') {
            kuma_buf_append(out, c, (size_t)(s - c));
            c = s + 1;
            if (*s != '\0')
                buf_puts(out, ", ");
        }
        if (*s == '\0')
            break;
    }
    OPENSSL_free(b);
    return !out->oom;
}

/* Renders for print_ex; the value to return for it, or -1 / 0 (COMPAT) on error. */
static int name_print_to(kuma_buf *out, const X509_NAME *nm, int indent, unsigned long flags)
{
    if (nm == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_PASSED_NULL_PARAMETER);
        return flags == XN_FLAG_COMPAT ? 0 : -1;
    }
    if (flags == XN_FLAG_COMPAT)
        return name_render_compat(out, nm);
    if (!name_render(out, nm, indent, flags) || out->len > INT_MAX) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT,
                       "cannot print name (malformed name, bad flags or bad string)");
        return -1;
    }
    return (int)out->len;
}

int X509_NAME_print_ex(BIO *out, const X509_NAME *nm, int indent, unsigned long flags)
{
    kuma_buf b = { NULL, 0, 0, 0 };
    int r = name_print_to(&b, nm, indent, flags);

    if (r > 0 && b.len > 0 && BIO_write(out, b.p, (int)b.len) != (int)b.len)
        r = flags == XN_FLAG_COMPAT ? 0 : -1;
    kuma_buf_wipe_free(&b);
    return r;
}

int X509_NAME_print_ex_fp(FILE *fp, const X509_NAME *nm, int indent, unsigned long flags)
{
    kuma_buf b = { NULL, 0, 0, 0 };
    int r = name_print_to(&b, nm, indent, flags);

    if (r > 0 && b.len > 0 && fwrite(b.p, 1, b.len, fp) != b.len)
        r = flags == XN_FLAG_COMPAT ? 0 : -1;
    kuma_buf_wipe_free(&b);
    return r;
}

int X509_NAME_print(BIO *bp, const X509_NAME *name, int obase)
{
    (void)obase;                /* ignored by OpenSSL 3 as well */
    return X509_NAME_print_ex(bp, name, 0, XN_FLAG_COMPAT);
}

int ASN1_STRING_print_ex(BIO *out, const ASN1_STRING *str, unsigned long flags)
{
    kuma_buf b = { NULL, 0, 0, 0 };
    int r = -1;

    if (str != NULL && print_value(&b, str->tag,
                                   asn1_contents(str), flags) && !b.oom && b.len <= INT_MAX)
        r = (int)b.len;
    if (r > 0 && BIO_write(out, b.p, r) != r)
        r = -1;
    kuma_buf_wipe_free(&b);
    return r;
}
