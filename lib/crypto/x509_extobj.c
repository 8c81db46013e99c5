/*
 * kumassl: a certificate's extensions as X509_EXTENSION objects
 * (X509_get_ext_count, X509_get_ext, ...) and its version; what verification
 * reads of the extensions is x509_ext.c.
 *
 * As with name entries (x509_entry.c), the objects are made on first use,
 * published with one compare-and-swap, and point into the certificate's
 * DER; they live as long as the certificate.
 */
#include <string.h>
#include <openssl/err.h>
#include "obj_int.h"

#define TAG_BOOLEAN 0x01
#define TAG_INTEGER 0x02
#define TAG_OCTETS  0x04
#define TAG_OID     0x06
#define TAG_SEQ     0x30
#define TAG_CTX0    0xA0
#define TAG_CTX3    0xA3

struct X509_extension_st {
    ASN1_OBJECT *object;
    int critical;
    ASN1_OCTET_STRING *value;   /* the extnValue OCTET STRING's encoding */
};

struct kuma_x509_exts {
    int count;
    X509_EXTENSION e[];
};

static void exts_free(struct kuma_x509_exts *all)
{
    int i;

    if (all == NULL)
        return;
    for (i = 0; i < all->count; i++)
        ASN1_OBJECT_free(all->e[i].object);
    OPENSSL_free(all);
}

void kuma_x509_exts_free(X509 *x)
{
    exts_free(x->exts);
    x->exts = NULL;
}

/* The contents of the extensions SEQUENCE (empty when there is none); 0 when malformed. */
static int exts_find(const X509 *x, kuma_der *exts)
{
    kuma_der tbs, v;
    unsigned char tag;

    exts->p = NULL;
    exts->len = 0;
    if (!kuma_x509_tbs(x, &tbs))
        return 0;
    while (tbs.len > 0) {
        if (!kuma_der_next(&tbs, &tag, &v, NULL))
            return 0;
        if (tag == TAG_CTX3)
            return kuma_der_next(&v, &tag, exts, NULL) && tag == TAG_SEQ;
    }
    return 1;
}

/* Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
static int ext_parse(kuma_der *exts, kuma_der *oid, int *critical, const unsigned char **value)
{
    kuma_der ext, v, whole;
    unsigned char tag;

    if (!kuma_der_next(exts, &tag, &ext, NULL) || tag != TAG_SEQ
        || !kuma_der_next(&ext, &tag, oid, NULL) || tag != TAG_OID
        || !kuma_der_next(&ext, &tag, &v, &whole))
        return 0;
    *critical = 0;
    if (tag == TAG_BOOLEAN) {
        if (v.len != 1)
            return 0;
        *critical = v.p[0] != 0;
        if (!kuma_der_next(&ext, &tag, &v, &whole))
            return 0;
    }
    *value = whole.p;
    return tag == TAG_OCTETS && ext.len == 0;
}

/* Makes the objects of every extension; NULL with an error queued. */
static struct kuma_x509_exts *exts_make(const X509 *x)
{
    kuma_der exts, scan, oid;
    const unsigned char *value;
    struct kuma_x509_exts *all;
    int n = 0, crit;

    if (!exts_find(x, &exts))
        goto bad;
    for (scan = exts; scan.len > 0; n++)
        if (!ext_parse(&scan, &oid, &crit, &value))
            goto bad;
    if ((all = OPENSSL_zalloc(sizeof(*all) + (size_t)n * sizeof(X509_EXTENSION))) == NULL)
        goto oom;
    for (scan = exts; all->count < n; all->count++) {
        X509_EXTENSION *e = &all->e[all->count];

        ext_parse(&scan, &oid, &e->critical, &value);
        e->value = (ASN1_OCTET_STRING *)value;
        if ((e->object = kuma_obj_from_der(oid)) == NULL) {
            exts_free(all);
            goto oom;
        }
    }
    return all;
bad:
    ERR_raise_data(ERR_LIB_X509, ERR_R_NESTED_ASN1_ERROR, "malformed certificate extensions");
    return NULL;
oom:
    ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
    return NULL;
}

static struct kuma_x509_exts *x509_exts(const X509 *cx)
{
    X509 *x = (X509 *)cx;
    struct kuma_x509_exts *all, *expected = NULL;

    if (x == NULL || x->der == NULL)
        return NULL;
    if ((all = __atomic_load_n(&x->exts, __ATOMIC_ACQUIRE)) != NULL)
        return all;
    if ((all = exts_make(x)) == NULL)
        return NULL;
    if (!__atomic_compare_exchange_n(&x->exts, &expected, all, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        exts_free(all);
        return expected;
    }
    return all;
}

int X509_get_ext_count(const X509 *x)
{
    struct kuma_x509_exts *all = x509_exts(x);

    return all != NULL ? all->count : 0;
}

X509_EXTENSION *X509_get_ext(const X509 *x, int loc)
{
    struct kuma_x509_exts *all = x509_exts(x);

    if (all == NULL || loc < 0 || loc >= all->count)
        return NULL;
    return &all->e[loc];
}

int X509_get_ext_by_OBJ(const X509 *x, const ASN1_OBJECT *obj, int lastpos)
{
    struct kuma_x509_exts *all = x509_exts(x);
    int i;

    if (all == NULL || obj == NULL)
        return -1;
    for (i = lastpos < 0 ? 0 : lastpos + 1; i < all->count; i++)
        if (OBJ_cmp(all->e[i].object, obj) == 0)
            return i;
    return -1;
}

int X509_get_ext_by_NID(const X509 *x, int nid, int lastpos)
{
    ASN1_OBJECT *obj;

    ERR_set_mark();
    obj = OBJ_nid2obj(nid);
    ERR_pop_to_mark();
    return obj != NULL ? X509_get_ext_by_OBJ(x, obj, lastpos) : -2;
}

ASN1_OBJECT *X509_EXTENSION_get_object(X509_EXTENSION *ex)
{
    return ex != NULL ? ex->object : NULL;
}

int X509_EXTENSION_get_critical(const X509_EXTENSION *ex)
{
    return ex != NULL ? ex->critical : 0;
}

ASN1_OCTET_STRING *X509_EXTENSION_get_data(X509_EXTENSION *ne)
{
    return ne != NULL ? ne->value : NULL;
}

/* kumassl has no extension methods: programs fall back to the raw value. */
const X509V3_EXT_METHOD *X509V3_EXT_get(X509_EXTENSION *ext)
{
    (void)ext;
    return NULL;
}

long X509_get_version(const X509 *x)
{
    kuma_der tbs, v, n;
    unsigned char tag;

    if (x == NULL || !kuma_x509_tbs(x, &tbs) || !kuma_der_next(&tbs, &tag, &v, NULL))
        return 0;
    if (tag != TAG_CTX0)
        return 0;       /* version absent: v1 */
    if (!kuma_der_next(&v, &tag, &n, NULL) || tag != TAG_INTEGER || n.len != 1)
        return 0;
    return n.p[0];
}
