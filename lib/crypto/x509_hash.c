/*
 * kumassl: the name hashes of hashed certificate directories (c_rehash,
 * `openssl x509 -subject_hash`): SHA-1 over the name's canonical encoding,
 * the first four bytes read little-endian.
 *
 * Canonical encoding (as OpenSSL defines it): the RDN SETs without the
 * outer SEQUENCE; each string value becomes a UTF8String, lower-cased
 * (ASCII letters), with leading and trailing white space removed and inner
 * runs of white space made one space; other values are kept as they are.
 * A multi-valued RDN keeps its attributes in their order (OpenSSL sorts
 * them as DER SET OF; names with several attributes in one RDN are rare).
 */
#include <string.h>
#include <openssl/x509.h>
#include <openssl/evp.h>
#include "obj_int.h"

#define TAG_SEQUENCE 0x30
#define TAG_SET 0x31
#define TAG_UTF8STRING 0x0C

static int is_space(unsigned long c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Appends tag, DER length and content. */
static void tlv(kuma_buf *out, unsigned char tag, const unsigned char *p, size_t len)
{
    unsigned char hdr[8];
    size_t n = kuma_der_header(hdr, tag, len);

    kuma_buf_append(out, hdr, n);
    kuma_buf_append(out, p, len);
}

/* The canonical UTF8String of a string value; 0 when its characters are malformed. */
static int canon_string(kuma_buf *out, kuma_der v, int width)
{
    kuma_buf s = { 0 };
    unsigned long c;
    int pending_space = 0;

    while (v.len > 0) {
        unsigned char u[4];

        if (!kuma_char_next(&v, width, &c)) {
            kuma_buf_wipe_free(&s);
            return 0;
        }
        if (is_space(c)) {
            pending_space = s.len > 0;
            continue;
        }
        if (pending_space)
            kuma_buf_append(&s, " ", 1);
        pending_space = 0;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        kuma_buf_append(&s, u, kuma_utf8_put(c, u));
    }
    tlv(out, TAG_UTF8STRING, s.p, s.len);
    kuma_buf_wipe_free(&s);
    return 1;
}

/* One AttributeTypeAndValue, canonical; 0 when malformed. */
static int canon_ava(kuma_buf *out, kuma_der ava)
{
    kuma_der oid, oid_whole, val, val_whole;
    unsigned char tag, vtag;
    kuma_buf body = { 0 };
    int width, ok;

    if (!kuma_der_next(&ava, &tag, &oid, &oid_whole) || tag != 0x06
        || !kuma_der_next(&ava, &vtag, &val, &val_whole) || ava.len != 0)
        return 0;
    kuma_buf_append(&body, oid_whole.p, oid_whole.len);
    width = kuma_tag_width(vtag);
    if (width >= 0 && (vtag & 0xE0) == 0)
        ok = canon_string(&body, val, width);
    else {
        kuma_buf_append(&body, val_whole.p, val_whole.len);
        ok = 1;
    }
    if (ok)
        tlv(out, TAG_SEQUENCE, body.p, body.len);
    kuma_buf_wipe_free(&body);
    return ok;
}

/* The canonical encoding of a Name's DER; 0 when malformed. */
static int canon_name(kuma_buf *out, const unsigned char *der, size_t len)
{
    kuma_der in = { der, len }, rdns, rdn, ava;
    unsigned char tag;

    if (!kuma_der_next(&in, &tag, &rdns, NULL) || tag != TAG_SEQUENCE)
        return 0;
    while (rdns.len > 0) {
        kuma_buf set = { 0 };
        int ok = 1;

        if (!kuma_der_next(&rdns, &tag, &rdn, NULL) || tag != TAG_SET)
            return 0;
        while (ok && rdn.len > 0)
            ok = kuma_der_next(&rdn, &tag, &ava, NULL) && tag == TAG_SEQUENCE && canon_ava(&set, ava);
        if (ok)
            tlv(out, TAG_SET, set.p, set.len);
        kuma_buf_wipe_free(&set);
        if (!ok)
            return 0;
    }
    return 1;
}

unsigned long X509_NAME_hash_ex(const X509_NAME *x, OSSL_LIB_CTX *libctx, const char *propq, int *ok)
{
    kuma_buf c = { 0 };
    unsigned char md[20];
    unsigned long h = 0;
    int good;

    (void)libctx, (void)propq;
    good = x != NULL && canon_name(&c, x->der, x->len) && !c.oom
           && EVP_Digest(c.p != NULL ? c.p : (const unsigned char *)"", c.len, md, NULL, EVP_sha1(), NULL);
    if (good)
        h = (unsigned long)md[0] | (unsigned long)md[1] << 8 | (unsigned long)md[2] << 16
            | (unsigned long)md[3] << 24;
    else
        ERR_raise_data(ERR_LIB_X509, ERR_R_NESTED_ASN1_ERROR, "cannot encode the name canonically");
    kuma_buf_wipe_free(&c);
    if (ok != NULL)
        *ok = good;
    return h;
}

unsigned long X509_subject_name_hash(X509 *x)
{
    return X509_NAME_hash_ex(X509_get_subject_name(x), NULL, NULL, NULL);
}

unsigned long X509_issuer_name_hash(X509 *x)
{
    return X509_NAME_hash_ex(X509_get_issuer_name(x), NULL, NULL, NULL);
}
