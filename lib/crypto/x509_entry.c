/*
 * kumassl: the attributes of a distinguished name as X509_NAME_ENTRY
 * objects (X509_NAME_entry_count, X509_NAME_get_entry, ...), and
 * ASN1_STRING_to_UTF8 for their values.
 *
 * A name is kept as its DER; the entries are made the first time a
 * program asks for one and then live as long as the name. Their values
 * point into the name's DER (an ASN1_STRING is its own encoding, see
 * x509_obj.c). Names are shared between threads read-only, so the array is
 * published with one compare-and-swap: a thread that loses the race frees
 * its own copy.
 */
#include <string.h>
#include <openssl/err.h>
#include "obj_int.h"

struct X509_name_entry_st {
    ASN1_OBJECT *object;        /* the table's, or dynamic (freed with the name) */
    ASN1_STRING *value;         /* points into the name's DER */
    int set;                    /* the index of its RDN */
};

struct kuma_name_entries {
    int count;
    X509_NAME_ENTRY e[];
};

void kuma_name_entries_free(X509_NAME *name)
{
    struct kuma_name_entries *all;
    int i;

    if (name == NULL || (all = name->entries) == NULL)
        return;
    for (i = 0; i < all->count; i++)
        ASN1_OBJECT_free(all->e[i].object);
    OPENSSL_free(all);
    name->entries = NULL;
}

/* Counts the attributes of a name; -1 when it is malformed. */
static int name_count(const X509_NAME *name)
{
    kuma_name_iter it;
    kuma_name_entry e;
    int n = 0, r;

    kuma_name_iter_init(&it, name);
    while ((r = kuma_name_iter_next(&it, &e)) == 1)
        n++;
    return r == 0 ? n : -1;
}

/* Fills the entries of a name known to hold count well-formed attributes. */
static int name_fill(const X509_NAME *name, struct kuma_name_entries *all)
{
    kuma_name_iter it;
    kuma_name_entry e;
    int set = -1;

    kuma_name_iter_init(&it, name);
    for (all->count = 0; kuma_name_iter_next(&it, &e) == 1; all->count++) {
        X509_NAME_ENTRY *ne = &all->e[all->count];

        if ((ne->object = kuma_obj_from_der(e.oid)) == NULL)
            return 0;
        /* the value's encoding starts where the attribute type's OID ends */
        ne->value = (ASN1_STRING *)(e.oid.p + e.oid.len);
        set += e.rdn_start;
        ne->set = set;
    }
    return 1;
}

/* The entries of a name, made on first use; NULL with an error queued. */
static struct kuma_name_entries *name_entries(const X509_NAME *cname)
{
    X509_NAME *name = (X509_NAME *)cname;
    struct kuma_name_entries *all, *expected = NULL;
    int n;

    if ((all = __atomic_load_n(&name->entries, __ATOMIC_ACQUIRE)) != NULL)
        return all;
    if ((n = name_count(name)) < 0) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_NESTED_ASN1_ERROR, "malformed distinguished name");
        return NULL;
    }
    all = OPENSSL_zalloc(sizeof(*all) + (size_t)n * sizeof(X509_NAME_ENTRY));
    if (all == NULL || !name_fill(name, all)) {
        X509_NAME tmp = { NULL, 0, all };

        kuma_name_entries_free(&tmp);
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    if (!__atomic_compare_exchange_n(&name->entries, &expected, all, 0, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        X509_NAME tmp = { NULL, 0, all };

        kuma_name_entries_free(&tmp);
        return expected;
    }
    return all;
}

int X509_NAME_entry_count(const X509_NAME *name)
{
    struct kuma_name_entries *all;

    if (name == NULL || (all = name_entries(name)) == NULL)
        return 0;
    return all->count;
}

X509_NAME_ENTRY *X509_NAME_get_entry(const X509_NAME *name, int loc)
{
    struct kuma_name_entries *all;

    if (name == NULL || (all = name_entries(name)) == NULL || loc < 0 || loc >= all->count)
        return NULL;
    return &all->e[loc];
}

int X509_NAME_get_index_by_OBJ(const X509_NAME *name, const ASN1_OBJECT *obj, int lastpos)
{
    struct kuma_name_entries *all;
    int i;

    if (name == NULL || obj == NULL || (all = name_entries(name)) == NULL)
        return -2;
    for (i = lastpos < 0 ? 0 : lastpos + 1; i < all->count; i++)
        if (OBJ_cmp(all->e[i].object, obj) == 0)
            return i;
    return -1;
}

int X509_NAME_get_index_by_NID(const X509_NAME *name, int nid, int lastpos)
{
    ASN1_OBJECT *obj;

    ERR_set_mark();
    obj = OBJ_nid2obj(nid);
    ERR_pop_to_mark();
    if (obj == NULL)
        return -2;
    return X509_NAME_get_index_by_OBJ(name, obj, lastpos);
}

ASN1_OBJECT *X509_NAME_ENTRY_get_object(const X509_NAME_ENTRY *ne)
{
    return ne != NULL ? ne->object : NULL;
}

ASN1_STRING *X509_NAME_ENTRY_get_data(const X509_NAME_ENTRY *ne)
{
    return ne != NULL ? ne->value : NULL;
}

int X509_NAME_ENTRY_set(const X509_NAME_ENTRY *ne)
{
    return ne != NULL ? ne->set : 0;
}

/* ---- ASN1_STRING_to_UTF8 ----------------------------------------------------- */

int ASN1_STRING_to_UTF8(unsigned char **out, const ASN1_STRING *in)
{
    kuma_buf b = { NULL, 0, 0, 0 };
    kuma_der v;
    unsigned long c;
    int width;

    if (KUMA_NULL_ARG(ERR_LIB_ASN1, out) || KUMA_NULL_ARG(ERR_LIB_ASN1, in))
        return -1;
    *out = NULL;
    if ((width = kuma_tag_width(in->tag & 0x1F)) < 0 || (in->tag & 0xE0) != 0) {
        ERR_raise_data(ERR_LIB_ASN1, ASN1_R_UNKNOWN_FORMAT, "ASN.1 tag %d is not a string type", in->tag);
        return -1;
    }
    v = kuma_asn1_contents(in);
    while (v.len > 0) {
        unsigned char u[4];

        if (!kuma_char_next(&v, width, &c) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
            kuma_buf_wipe_free(&b);
            ERR_raise_data(ERR_LIB_ASN1, ASN1_R_INVALID_UTF8STRING,
                           "the string's bytes are not valid for its ASN.1 type");
            return -1;
        }
        kuma_buf_append(&b, u, kuma_utf8_put(c, u));
    }
    kuma_buf_append(&b, "", 1);
    if (b.oom || b.len > 0x7FFFFFFF) {
        kuma_buf_wipe_free(&b);
        ERR_raise(ERR_LIB_ASN1, ERR_R_MALLOC_FAILURE);
        return -1;
    }
    *out = b.p;
    return (int)(b.len - 1);
}
