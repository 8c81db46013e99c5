/*
 * kumassl: what certificate verification reads of one certificate.
 *
 * BearSSL's decoder gives the key and the CA flag; verification needs the
 * signed bytes, the signature, the version and every extension with its
 * criticality (RFC 5280 4.2), so they are read here by the DER walker of
 * x509.c. Extensions OpenSSL handles when critical are the ones listed in
 * its X509_supported_extension(); any other critical one fails the chain
 * (the key identifiers too: RFC 5280 says they MUST NOT be critical).
 * An extension that cannot be decoded, or one present twice, makes the
 * certificate invalid (RFC 5280 4.2: "MUST NOT include more than one
 * instance of a particular extension").
 */
#include <string.h>
#include "chain_int.h"

#define T_BOOLEAN  0x01
#define T_INTEGER  0x02
#define T_BITSTR   0x03
#define T_OCTETS   0x04
#define T_OID      0x06
#define T_SEQUENCE 0x30

static int enter(kuma_der *in, unsigned char want, kuma_der *content, kuma_der *whole)
{
    unsigned char tag;

    return kuma_der_next(in, &tag, content, whole) && tag == want;
}

/* ---- the extensions ---------------------------------------------------------------- */

typedef struct {
    unsigned char oid[9];
    unsigned char len;
    unsigned bit;
} ext_kind;

/* id-ce-* (2.5.29.n), then the others OpenSSL handles (netscape-cert-type, RFC 3779, ...) */
static const ext_kind KINDS[] = {
    { { 0x55, 0x1D, 0x13 }, 3, KUMA_EXT_BC },
    { { 0x55, 0x1D, 0x0F }, 3, KUMA_EXT_KU },
    { { 0x55, 0x1D, 0x25 }, 3, KUMA_EXT_EKU },
    { { 0x55, 0x1D, 0x11 }, 3, KUMA_EXT_SAN },
    { { 0x55, 0x1D, 0x1E }, 3, KUMA_EXT_NC },
    { { 0x55, 0x1D, 0x0E }, 3, KUMA_EXT_SKI },
    { { 0x55, 0x1D, 0x23 }, 3, KUMA_EXT_AKI },
    { { 0x55, 0x1D, 0x1F }, 3, KUMA_EXT_CRLDP },
    { { 0x55, 0x1D, 0x20 }, 3, KUMA_EXT_OTHER_OK },      /* certificatePolicies */
    { { 0x55, 0x1D, 0x21 }, 3, KUMA_EXT_OTHER_OK },      /* policyMappings */
    { { 0x55, 0x1D, 0x24 }, 3, KUMA_EXT_OTHER_OK },      /* policyConstraints */
    { { 0x55, 0x1D, 0x36 }, 3, KUMA_EXT_OTHER_OK },      /* inhibitAnyPolicy */
    { { 0x60, 0x86, 0x48, 0x01, 0x86, 0xF8, 0x42, 0x01, 0x01 }, 9, KUMA_EXT_OTHER_OK },
    { { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x07 }, 8, KUMA_EXT_OTHER_OK },   /* ipAddrBlocks */
    { { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x08 }, 8, KUMA_EXT_OTHER_OK },   /* autonomousSysIds */
    { { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x0E }, 8, KUMA_EXT_OTHER_OK },   /* proxyCertInfo */
    { { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x05 }, 9, KUMA_EXT_OTHER_OK }, /* OCSP noCheck */
};

/* The KUMA_EXT_* bit of an extension OID, 0 when unknown; *slot its index for duplicates. */
static unsigned ext_bit(const kuma_der *oid, int *slot)
{
    size_t i;

    for (i = 0; i < sizeof(KINDS) / sizeof(KINDS[0]); i++) {
        if (oid->len == KINDS[i].len && memcmp(oid->p, KINDS[i].oid, oid->len) == 0) {
            *slot = (int)i;
            return KINDS[i].bit;
        }
    }
    *slot = -1;
    return 0;
}

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
static int read_bc(kuma_der v, kuma_cert_info *ci)
{
    kuma_der seq, e;
    unsigned char tag;
    size_t i;

    if (!enter(&v, T_SEQUENCE, &seq, NULL) || v.len != 0)
        return 0;
    if (seq.len > 0 && seq.p[0] == T_BOOLEAN) {
        if (!kuma_der_next(&seq, &tag, &e, NULL) || e.len != 1)
            return 0;
        ci->ca = e.p[0] != 0;
    }
    if (seq.len > 0) {
        if (!enter(&seq, T_INTEGER, &e, NULL) || e.len == 0 || (e.p[0] & 0x80) || seq.len != 0)
            return 0;
        ci->pathlen = 0;
        for (i = 0; i < e.len; i++)
            ci->pathlen = ci->pathlen > 0xFFFFFF ? 0x7FFFFFFF : (ci->pathlen << 8) | e.p[i];
    }
    return 1;
}

/* KeyUsage ::= BIT STRING */
static int read_ku(kuma_der v, kuma_cert_info *ci)
{
    kuma_der bits;

    if (!enter(&v, T_BITSTR, &bits, NULL) || v.len != 0 || bits.len < 1 || bits.p[0] > 7)
        return 0;
    ci->ku = (bits.len > 1 ? bits.p[1] : 0) | (bits.len > 2 ? (unsigned)bits.p[2] << 8 : 0);
    return 1;
}

/* id-kp-* is 1.3.6.1.5.5.7.3.n; anyExtendedKeyUsage 2.5.29.37.0 */
static unsigned xku_bit(const kuma_der *oid)
{
    static const unsigned char KP[] = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03 };
    static const unsigned char ANY[] = { 0x55, 0x1D, 0x25, 0x00 };
    static const unsigned BITS[] = { 0, KUMA_XKU_SSL_SERVER, KUMA_XKU_SSL_CLIENT,
                                     KUMA_XKU_CODE_SIGN, KUMA_XKU_SMIME, 0, 0, 0,
                                     KUMA_XKU_TIMESTAMP, KUMA_XKU_OCSP_SIGN };

    if (oid->len == sizeof(ANY) && memcmp(oid->p, ANY, sizeof(ANY)) == 0)
        return KUMA_XKU_ANYEKU;
    if (oid->len == sizeof(KP) + 1 && memcmp(oid->p, KP, sizeof(KP)) == 0
        && oid->p[sizeof(KP)] < sizeof(BITS) / sizeof(BITS[0]))
        return BITS[oid->p[sizeof(KP)]];
    return 0;
}

static int read_eku(kuma_der v, kuma_cert_info *ci)
{
    kuma_der seq, oid;

    if (!enter(&v, T_SEQUENCE, &seq, NULL) || v.len != 0)
        return 0;
    while (seq.len > 0) {
        if (!enter(&seq, T_OID, &oid, NULL))
            return 0;
        ci->eku |= xku_bit(&oid);
    }
    return 1;
}

/* A SEQUENCE OF GeneralName: counts them, each a context tag. */
static int read_names(kuma_der v, kuma_der *out, int *count)
{
    kuma_der seq, name;
    unsigned char tag;

    if (!enter(&v, T_SEQUENCE, &seq, NULL) || v.len != 0)
        return 0;
    *out = seq;
    *count = 0;
    while (seq.len > 0) {
        if (!kuma_der_next(&seq, &tag, &name, NULL) || (tag & 0xC0) != 0x80)
            return 0;
        (*count)++;
    }
    return 1;
}

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] OPTIONAL, ... } */
static int read_aki(kuma_der v, kuma_cert_info *ci)
{
    kuma_der seq, e;
    unsigned char tag;

    if (!enter(&v, T_SEQUENCE, &seq, NULL) || v.len != 0)
        return 0;
    while (seq.len > 0) {
        if (!kuma_der_next(&seq, &tag, &e, NULL))
            return 0;
        if (tag == 0x80)
            ci->aki_keyid = e;
    }
    return 1;
}

/* Decodes one extension value into ci; 0 when it does not decode. */
static int read_value(unsigned bit, kuma_der v, kuma_cert_info *ci)
{
    kuma_der e;
    int n;

    switch (bit) {
    case KUMA_EXT_BC:
        return read_bc(v, ci);
    case KUMA_EXT_KU:
        return read_ku(v, ci);
    case KUMA_EXT_EKU:
        return read_eku(v, ci);
    case KUMA_EXT_SAN:
        return read_names(v, &ci->san, &ci->san_count);
    case KUMA_EXT_NC:
        return enter(&v, T_SEQUENCE, &ci->nc, NULL) && v.len == 0;
    case KUMA_EXT_SKI:
        return enter(&v, T_OCTETS, &ci->ski, NULL) && v.len == 0;
    case KUMA_EXT_AKI:
        return read_aki(v, ci);
    case KUMA_EXT_CRLDP:
        return read_names(v, &e, &n) || enter(&v, T_SEQUENCE, &e, NULL);
    default:
        return 1;
    }
}

/* Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
static void read_extension(kuma_der ext, kuma_cert_info *ci, unsigned char *seen)
{
    kuma_der oid, crit, value;
    int critical = 0, slot;
    unsigned bit;

    ci->ext_count++;
    if (!enter(&ext, T_OID, &oid, NULL)) {
        ci->bad_ext = 1;
        return;
    }
    if (ext.len > 0 && ext.p[0] == T_BOOLEAN) {
        if (!enter(&ext, T_BOOLEAN, &crit, NULL) || crit.len != 1) {
            ci->bad_ext = 1;
            return;
        }
        critical = crit.p[0] != 0;
    }
    if (!enter(&ext, T_OCTETS, &value, NULL) || ext.len != 0) {
        ci->bad_ext = 1;
        return;
    }
    bit = ext_bit(&oid, &slot);
    if (bit == 0) {
        ci->unknown_critical |= critical;
        return;
    }
    if (seen[slot]++ || !read_value(bit, value, ci))
        ci->bad_ext = 1;
    ci->exts |= bit;
    if (critical)
        ci->critical |= bit;
    /* read, but not in OpenSSL's list of extensions it handles when critical */
    if (critical && (bit & (KUMA_EXT_SKI | KUMA_EXT_AKI)))
        ci->unknown_critical = 1;
}

static void read_extensions(kuma_der v, kuma_cert_info *ci)
{
    unsigned char seen[sizeof(KINDS) / sizeof(KINDS[0])] = { 0 };
    kuma_der exts, ext;

    if (!enter(&v, T_SEQUENCE, &exts, NULL) || v.len != 0 || exts.len == 0) {
        ci->bad_ext = 1;
        return;
    }
    while (exts.len > 0) {
        if (!enter(&exts, T_SEQUENCE, &ext, NULL)) {
            ci->bad_ext = 1;
            return;
        }
        read_extension(ext, ci, seen);
    }
}

/* ---- the certificate ------------------------------------------------------------------ */

/* TBSCertificate: version, serial, signature, issuer, validity, subject, key, [1], [2], [3]. */
static int read_tbs(kuma_der tbs, kuma_cert_info *ci)
{
    kuma_der v, whole;
    unsigned char tag;
    int i;

    if (tbs.len > 0 && tbs.p[0] == 0xA0) {
        kuma_der ver;

        if (!enter(&tbs, 0xA0, &v, NULL) || !enter(&v, T_INTEGER, &ver, NULL) || ver.len != 1)
            return 0;
        ci->version = ver.p[0];
    }
    if (!enter(&tbs, T_INTEGER, &ci->serial, NULL)
        || !enter(&tbs, T_SEQUENCE, &v, &ci->tbs_sigalg))
        return 0;
    for (i = 0; i < 4; i++) {       /* issuer, validity, subject, subjectPublicKeyInfo */
        if (!kuma_der_next(&tbs, &tag, &v, &whole))
            return 0;
    }
    while (tbs.len > 0) {
        if (!kuma_der_next(&tbs, &tag, &v, NULL))
            return 0;
        if (tag == 0xA3)
            read_extensions(v, ci);
    }
    return 1;
}

int kuma_cert_info_read(const X509 *x, kuma_cert_info *ci)
{
    kuma_der all, cert, content, bits;

    memset(ci, 0, sizeof(*ci));
    ci->pathlen = -1;
    if (x == NULL || x->der == NULL)
        return 0;
    all.p = x->der;
    all.len = x->der_len;
    if (!enter(&all, T_SEQUENCE, &cert, NULL)
        || !enter(&cert, T_SEQUENCE, &content, &ci->tbs)
        || !enter(&cert, T_SEQUENCE, &content, &ci->sigalg)
        || !enter(&cert, T_BITSTR, &bits, NULL) || bits.len < 1 || bits.p[0] != 0)
        return 0;
    ci->sig.p = bits.p + 1;
    ci->sig.len = bits.len - 1;
    all = ci->tbs;
    if (!enter(&all, T_SEQUENCE, &content, NULL) || !read_tbs(content, ci))
        return 0;
    ci->self_issued = X509_NAME_cmp(&x->subject, &x->issuer) == 0;
    return 1;
}

int kuma_cert_keyid_fits(const kuma_cert_info *issuer, const kuma_cert_info *child)
{
    if (child->aki_keyid.len == 0 || issuer->ski.len == 0)
        return 1;
    return child->aki_keyid.len == issuer->ski.len
           && memcmp(child->aki_keyid.p, issuer->ski.p, issuer->ski.len) == 0;
}

int kuma_cert_ca_kind(const X509 *x, const kuma_cert_info *ci)
{
    /* a keyUsage without keyCertSign can sign no certificate, whatever basicConstraints says */
    if ((ci->exts & KUMA_EXT_KU) && !(ci->ku & KUMA_KU_KEY_CERT_SIGN))
        return 0;
    if (ci->exts & KUMA_EXT_BC)
        return ci->ca ? 1 : 0;
    if (ci->version == 0 && ci->self_issued && x != NULL)
        return 3;
    if (ci->exts & KUMA_EXT_KU)
        return 4;
    return 0;
}

int kuma_name_entry_count(const X509_NAME *n)
{
    kuma_name_iter it;
    kuma_name_entry e;
    int count = 0, r;

    kuma_name_iter_init(&it, n);
    while ((r = kuma_name_iter_next(&it, &e)) == 1)
        count++;
    return r < 0 ? -1 : count;
}

unsigned kuma_x509_key_usages(const X509 *x)
{
    kuma_cert_info ci;
    unsigned u = 0;

    if (!kuma_cert_info_read(x, &ci) || !(ci.exts & KUMA_EXT_KU))
        return BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN;
    if (ci.ku & (KUMA_KU_KEY_ENCIPHERMENT | KUMA_KU_KEY_AGREEMENT))
        u |= BR_KEYTYPE_KEYX;
    if (ci.ku & (KUMA_KU_DIGITAL_SIGNATURE | 0x40))
        u |= BR_KEYTYPE_SIGN;
    return u;
}
