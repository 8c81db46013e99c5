/*
 * kumassl: distinguished names (X509_NAME), kept as their DER.
 *
 * X509_NAME_oneline() renders "/C=JP/O=Example/CN=host" as OpenSSL does:
 * each attribute as "/" short-name "=" value ("+" instead of "/" between the
 * attributes of a multi-valued RDN), with '/' and '+' in values escaped by a
 * backslash and bytes outside printable ASCII as \xHH.
 */
#include <string.h>
#include "obj_int.h"

/*
 * Attribute types with OpenSSL's short and long names and NIDs (others show
 * as dotted OIDs), for X509_NAME_oneline() here and X509_NAME_print_ex()
 * in x509_print.c.
 */
static const kuma_name_attr name_attrs[] = {
    { "\x55\x04\x03", "CN", "commonName", NID_commonName },
    { "\x55\x04\x04", "SN", "surname", 100 },
    { "\x55\x04\x05", "serialNumber", "serialNumber", 105 },
    { "\x55\x04\x06", "C", "countryName", NID_countryName },
    { "\x55\x04\x07", "L", "localityName", NID_localityName },
    { "\x55\x04\x08", "ST", "stateOrProvinceName", NID_stateOrProvinceName },
    { "\x55\x04\x09", "street", "streetAddress", 660 },
    { "\x55\x04\x0A", "O", "organizationName", NID_organizationName },
    { "\x55\x04\x0B", "OU", "organizationalUnitName", NID_organizationalUnitName },
    { "\x55\x04\x0C", "title", "title", 106 },
    { "\x55\x04\x0D", "description", "description", 107 },
    { "\x55\x04\x0F", "businessCategory", "businessCategory", 860 },
    { "\x55\x04\x10", "postalAddress", "postalAddress", 861 },
    { "\x55\x04\x11", "postalCode", "postalCode", 661 },
    { "\x55\x04\x29", "name", "name", 173 },
    { "\x55\x04\x2A", "GN", "givenName", 99 },
    { "\x55\x04\x2B", "initials", "initials", 101 },
    { "\x55\x04\x2C", "generationQualifier", "generationQualifier", 509 },
    { "\x55\x04\x2E", "dnQualifier", "dnQualifier", 174 },
    { "\x55\x04\x41", "pseudonym", "pseudonym", 510 },
    { "\x55\x04\x61", "organizationIdentifier", "organizationIdentifier", 1089 },
    { "\x2A\x86\x48\x86\xF7\x0D\x01\x09\x01", "emailAddress", "emailAddress", 48 },
    { "\x09\x92\x26\x89\x93\xF2\x2C\x64\x01\x01", "UID", "userId", 458 },
    { "\x09\x92\x26\x89\x93\xF2\x2C\x64\x01\x19", "DC", "domainComponent", 391 },
    { "\x2B\x06\x01\x04\x01\x82\x37\x3C\x02\x01\x01", "jurisdictionL",
      "jurisdictionLocalityName", 955 },
    { "\x2B\x06\x01\x04\x01\x82\x37\x3C\x02\x01\x02", "jurisdictionST",
      "jurisdictionStateOrProvinceName", 956 },
    { "\x2B\x06\x01\x04\x01\x82\x37\x3C\x02\x01\x03", "jurisdictionC",
      "jurisdictionCountryName", 957 },
};

#define NAME_ATTR_COUNT (sizeof(name_attrs) / sizeof(name_attrs[0]))
#define DER_SET 0x31
#define DER_SEQ 0x30
#define DER_OID 0x06
#define ASN1_GENERALSTRING 0x1B
/* OpenSSL refuses to render names longer than this. */
#define ONELINE_MAX (1024 * 1024)

/* ---- walking the attributes ------------------------------------------------ */

void kuma_name_iter_init(kuma_name_iter *it, const X509_NAME *name)
{
    kuma_der all = { NULL, 0 };
    unsigned char tag;

    it->rdns.p = it->set.p = NULL;
    it->rdns.len = it->set.len = 0;
    if (name == NULL || name->der == NULL)
        return;
    all.p = name->der;
    all.len = name->len;
    if (!kuma_der_next(&all, &tag, &it->rdns, NULL) || tag != DER_SEQ) {
        /* Malformed: make the first next() report it. */
        it->rdns.p = name->der;
        it->rdns.len = name->len;
    }
}

/* AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY } */
static int name_parse_entry(kuma_der *set, kuma_name_entry *e)
{
    kuma_der atv;
    unsigned char tag;

    return kuma_der_next(set, &tag, &atv, NULL) && tag == DER_SEQ
           && kuma_der_next(&atv, &tag, &e->oid, NULL) && tag == DER_OID
           && kuma_der_next(&atv, &e->type, &e->value, NULL) && atv.len == 0;
}

int kuma_name_iter_next(kuma_name_iter *it, kuma_name_entry *e)
{
    unsigned char tag;

    e->rdn_start = it->set.len == 0;
    while (it->set.len == 0) {
        if (it->rdns.len == 0)
            return 0;
        if (!kuma_der_next(&it->rdns, &tag, &it->set, NULL) || tag != DER_SET)
            return -1;
    }
    return name_parse_entry(&it->set, e) ? 1 : -1;
}

/* ---- OIDs ------------------------------------------------------------------- */

/* kuma_oid_to_text (obj_int.h): the dotted form of an OID. */
int kuma_oid_to_text(const kuma_der *oid, char *out, size_t size)
{
    unsigned long long arc = 0;
    size_t i, pos = 0;
    int first = 1, n;

    if (oid->len == 0 || (oid->p[oid->len - 1] & 0x80) != 0)
        return 0;
    for (i = 0; i < oid->len; i++) {
        if (arc > (~0ULL >> 7))
            return 0;               /* arcs beyond 64 bits: not worth rendering */
        arc = (arc << 7) | (oid->p[i] & 0x7F);
        if (oid->p[i] & 0x80)
            continue;
        if (first) {
            unsigned long long top = arc < 80 ? arc / 40 : 2;

            n = snprintf(out + pos, size - pos, "%llu.%llu", top, arc - top * 40);
            first = 0;
        } else {
            n = snprintf(out + pos, size - pos, ".%llu", arc);
        }
        if (n < 0 || (size_t)n >= size - pos)
            return 0;
        pos += (size_t)n;
        arc = 0;
    }
    return 1;
}

const kuma_name_attr *kuma_name_attr_find(kuma_der oid)
{
    size_t i;

    for (i = 0; i < NAME_ATTR_COUNT; i++) {
        if (strlen(name_attrs[i].oid) == oid.len && memcmp(name_attrs[i].oid, oid.p, oid.len) == 0)
            return &name_attrs[i];
    }
    return NULL;
}

/* The short name of an attribute type, or its dotted form in tmp. */
static const char *name_attr_sn(const kuma_der *oid, char *tmp, size_t size)
{
    const kuma_name_attr *a = kuma_name_attr_find(*oid);

    if (a != NULL)
        return a->sn;
    return kuma_oid_to_text(oid, tmp, size) ? tmp : "UNDEF";
}

static int name_attr_is_nid(const kuma_der *oid, int nid)
{
    const kuma_name_attr *a = kuma_name_attr_find(*oid);

    return a != NULL && a->nid == nid;
}

/* ---- X509_NAME_oneline ----------------------------------------------------- */

/*
 * Which bytes of a value are shown: all, except for a GeneralString made of
 * 4-byte characters holding only ASCII, where OpenSSL shows the low bytes.
 */
static int value_shows_all(const kuma_der *v, unsigned char type)
{
    size_t i;

    if (type != ASN1_GENERALSTRING || v->len % 4 != 0)
        return 1;
    for (i = 0; i < v->len; i++) {
        if (i % 4 != 3 && v->p[i] != 0)
            return 1;
    }
    return 0;
}

/* Appends the escaped value to out. */
static void oneline_value(kuma_buf *out, const kuma_der *v, unsigned char type)
{
    static const char hex[] = "0123456789ABCDEF";
    int all = value_shows_all(v, type);
    size_t i;

    for (i = 0; i < v->len; i++) {
        unsigned char c = v->p[i];
        char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

        if (!all && i % 4 != 3)
            continue;
        if (c < ' ' || c > '~')
            kuma_buf_append(out, esc, 4);
        else if (c == '/' || c == '+') {
            esc[1] = (char)c;
            kuma_buf_append(out, esc, 2);
        } else
            kuma_buf_append(out, &c, 1);
    }
}

/*
 * Renders the whole name (NUL-terminated) into out; 0 when malformed or too
 * long. *fit gets the length of the attributes that fit whole in a buffer of
 * size bytes (with its NUL), as OpenSSL stops at the first one that does not.
 */
static int oneline_render(const X509_NAME *a, kuma_buf *out, size_t size, size_t *fit)
{
    kuma_name_iter it;
    kuma_name_entry e;
    int r, full = 0;

    *fit = 0;
    kuma_name_iter_init(&it, a);
    while ((r = kuma_name_iter_next(&it, &e)) == 1) {
        char tmp[128];
        const char *sn = name_attr_sn(&e.oid, tmp, sizeof(tmp));

        kuma_buf_append(out, e.rdn_start ? "/" : "+", 1);
        kuma_buf_append(out, sn, strlen(sn));
        kuma_buf_append(out, "=", 1);
        oneline_value(out, &e.value, e.type);
        if (out->len > ONELINE_MAX)
            return 0;
        if (out->len < size && !full)
            *fit = out->len;
        else
            full = 1;
    }
    kuma_buf_append(out, "", 1);
    return r == 0 && !out->oom;
}

char *X509_NAME_oneline(const X509_NAME *a, char *buf, int size)
{
    kuma_buf out = { NULL, 0, 0, 0 };
    char *ret = buf;
    size_t fit;

    if (buf != NULL && size <= 0)
        return NULL;
    if (a == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_PASSED_NULL_PARAMETER);
        return NULL;
    }
    if (!oneline_render(a, &out, buf != NULL ? (size_t)size : (size_t)-1, &fit)) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT,
                       out.oom ? "out of memory" : "malformed or overlong name");
        ret = NULL;
    } else if (buf == NULL) {
        ret = OPENSSL_strdup((const char *)out.p);
    } else {
        memcpy(buf, out.p, fit);
        buf[fit] = '\0';
    }
    kuma_buf_wipe_free(&out);
    return ret;
}

/* ---- other name functions ------------------------------------------------------ */

int X509_NAME_get_text_by_NID(const X509_NAME *name, int nid, char *buf, int len)
{
    kuma_name_iter it;
    kuma_name_entry e;
    size_t n;

    if (name == NULL)
        return -1;
    kuma_name_iter_init(&it, name);
    while (kuma_name_iter_next(&it, &e) == 1) {
        if (!name_attr_is_nid(&e.oid, nid))
            continue;
        if (buf == NULL)
            return e.value.len > INT_MAX ? -1 : (int)e.value.len;
        if (len <= 0)
            return 0;
        n = e.value.len < (size_t)len - 1 ? e.value.len : (size_t)len - 1;
        memcpy(buf, e.value.p, n);
        buf[n] = '\0';
        return (int)n;
    }
    return -1;
}

int X509_NAME_cmp(const X509_NAME *a, const X509_NAME *b)
{
    if (a == NULL || b == NULL)
        return a == NULL ? (b == NULL ? 0 : -1) : 1;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    if (a->len == 0)
        return 0;
    return memcmp(a->der, b->der, a->len);
}

X509_NAME *X509_NAME_dup(const X509_NAME *a)
{
    X509_NAME *n;

    if (KUMA_NULL_ARG(ERR_LIB_X509, a))
        return NULL;
    n = OPENSSL_zalloc(sizeof(*n));
    if (n != NULL && a->len > 0) {
        n->der = OPENSSL_malloc(a->len);
        if (n->der == NULL) {
            OPENSSL_free(n);
            n = NULL;
        } else {
            memcpy(n->der, a->der, a->len);
            n->len = a->len;
        }
    }
    if (n == NULL)
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
    return n;
}

/* Only for names from X509_NAME_dup(): a certificate's own names belong to it. */
void X509_NAME_free(X509_NAME *a)
{
    if (a == NULL)
        return;
    kuma_name_entries_free(a);
    OPENSSL_free(a->der);
    OPENSSL_free(a);
}
