/*
 * kumassl: ASN1_OBJECT, NIDs and object names (OBJ_*), as OpenSSL's
 * <openssl/objects.h>. The known objects are the static table of
 * obj_table.h; others are made on demand and carry NID_undef.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include "obj_int.h"
#include "obj_table.h"

#define OBJ_COUNT (sizeof(obj_table) / sizeof(obj_table[0]))
/* Longest OID accepted from text: 128 value bytes (OpenSSL's limit is similar). */
#define OID_MAX_DER 128

static const ASN1_OBJECT *obj_by_nid(int nid)
{
    size_t lo = 0, hi = OBJ_COUNT;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;

        if (obj_table[mid].nid == nid)
            return &obj_table[mid];
        if (obj_table[mid].nid < nid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const ASN1_OBJECT *obj_by_der(const unsigned char *p, size_t len)
{
    size_t i;

    for (i = 0; i < OBJ_COUNT; i++)
        if (obj_table[i].der != NULL && (size_t)obj_table[i].len == len
            && memcmp(obj_table[i].der, p, len) == 0)
            return &obj_table[i];
    return NULL;
}

static const ASN1_OBJECT *obj_known(int nid)
{
    const ASN1_OBJECT *o = obj_by_nid(nid);

    if (o == NULL)
        ERR_raise_data(ERR_LIB_OBJ, OBJ_R_UNKNOWN_NID, "kumassl has no object with NID %d", nid);
    return o;
}

const char *OBJ_nid2sn(int n)
{
    const ASN1_OBJECT *o = obj_known(n);

    return o != NULL ? o->sn : NULL;
}

const char *OBJ_nid2ln(int n)
{
    const ASN1_OBJECT *o = obj_known(n);

    return o != NULL ? o->ln : NULL;
}

ASN1_OBJECT *OBJ_nid2obj(int n)
{
    return (ASN1_OBJECT *)obj_known(n);
}

int OBJ_obj2nid(const ASN1_OBJECT *o)
{
    const ASN1_OBJECT *k;

    if (o == NULL)
        return NID_undef;
    if (o->nid != NID_undef || o->der == NULL)
        return o->nid;
    k = obj_by_der((const unsigned char *)o->der, (size_t)o->len);
    return k != NULL ? k->nid : NID_undef;
}

/* The entry whose short (sn) or long name is s. */
static const ASN1_OBJECT *obj_by_name(const char *s, int sn)
{
    size_t i;

    if (s == NULL)
        return NULL;
    for (i = 0; i < OBJ_COUNT; i++)
        if (strcmp(sn ? obj_table[i].sn : obj_table[i].ln, s) == 0)
            return &obj_table[i];
    return NULL;
}

int OBJ_sn2nid(const char *s)
{
    const ASN1_OBJECT *o = obj_by_name(s, 1);

    return o != NULL ? o->nid : NID_undef;
}

int OBJ_ln2nid(const char *s)
{
    const ASN1_OBJECT *o = obj_by_name(s, 0);

    return o != NULL ? o->nid : NID_undef;
}

/* ---- dotted text to DER ------------------------------------------------------ */

/* Appends arc in base 128 to out; 0 when it would exceed OID_MAX_DER. */
static int oid_put_arc(unsigned char *out, size_t *len, unsigned long long arc)
{
    unsigned char tmp[10];
    size_t n = 0;

    do {
        tmp[n++] = (unsigned char)(arc & 0x7F);
        arc >>= 7;
    } while (arc != 0);
    if (*len + n > OID_MAX_DER)
        return 0;
    while (n > 0) {
        n--;
        out[(*len)++] = (unsigned char)(tmp[n] | (n > 0 ? 0x80 : 0));
    }
    return 1;
}

/* Reads one decimal arc; 0 when there is none or it overflows 64 bits. */
static int oid_read_arc(const char **s, unsigned long long *arc)
{
    const char *p = *s;

    *arc = 0;
    if (*p < '0' || *p > '9')
        return 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (*arc > (~0ULL - 9) / 10)
            return 0;
        *arc = *arc * 10 + (unsigned long long)(*p - '0');
    }
    *s = p;
    return 1;
}

/* "1.2.840.113549" into DER value bytes; 0 when it is no valid OID. */
static int oid_from_text(const char *s, unsigned char *out, size_t *len)
{
    unsigned long long first, arc;

    *len = 0;
    if (!oid_read_arc(&s, &first) || first > 2 || *s++ != '.' || !oid_read_arc(&s, &arc)
        || (first < 2 && arc >= 40) || arc > ~0ULL - 80 || !oid_put_arc(out, len, first * 40 + arc))
        return 0;
    while (*s == '.') {
        s++;
        if (!oid_read_arc(&s, &arc) || !oid_put_arc(out, len, arc))
            return 0;
    }
    return *s == '\0';
}

/* A dynamic object for OID bytes kumassl has no entry for. */
static ASN1_OBJECT *obj_new_dynamic(const unsigned char *der, size_t len)
{
    ASN1_OBJECT *o = OPENSSL_zalloc(sizeof(*o));
    char *copy = OPENSSL_malloc(len > 0 ? len : 1);

    if (o == NULL || copy == NULL) {
        OPENSSL_free(o);
        OPENSSL_free(copy);
        ERR_raise(ERR_LIB_OBJ, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    memcpy(copy, der, len);
    o->der = copy;
    o->len = (int)len;
    o->dynamic = 1;
    return o;
}

ASN1_OBJECT *kuma_obj_from_der(kuma_der oid)
{
    const ASN1_OBJECT *k = obj_by_der(oid.p, oid.len);

    return k != NULL ? (ASN1_OBJECT *)k : obj_new_dynamic(oid.p, oid.len);
}

ASN1_OBJECT *OBJ_txt2obj(const char *s, int no_name)
{
    unsigned char der[OID_MAX_DER];
    kuma_der d;
    const ASN1_OBJECT *k;

    if (KUMA_NULL_ARG(ERR_LIB_OBJ, s))
        return NULL;
    if (!no_name && ((k = obj_by_name(s, 1)) != NULL || (k = obj_by_name(s, 0)) != NULL))
        return (ASN1_OBJECT *)k;
    if (!oid_from_text(s, der, &d.len)) {
        ERR_raise_data(ERR_LIB_OBJ, OBJ_R_UNKNOWN_OBJECT_NAME,
                       no_name ? "\"%.80s\" is not a dotted OID" : "\"%.80s\" is neither an object name "
                       "kumassl knows nor a dotted OID", s);
        return NULL;
    }
    d.p = der;
    return kuma_obj_from_der(d);
}

int OBJ_txt2nid(const char *s)
{
    ASN1_OBJECT *o;
    int nid;

    ERR_set_mark();
    o = OBJ_txt2obj(s, 0);
    ERR_pop_to_mark();          /* OpenSSL's OBJ_txt2nid reports an unknown name by NID_undef alone */
    nid = OBJ_obj2nid(o);
    ASN1_OBJECT_free(o);
    return nid;
}

int OBJ_obj2txt(char *buf, int buf_len, const ASN1_OBJECT *a, int no_name)
{
    char dotted[OID_MAX_DER * 4 + 8];
    const char *text = NULL;
    int nid = OBJ_obj2nid(a), n;
    kuma_der d;

    if (buf != NULL && buf_len > 0)
        buf[0] = '\0';
    if (a == NULL || (a->der == NULL && a->nid == NID_undef))
        return 0;
    if (!no_name && nid != NID_undef) {
        const ASN1_OBJECT *k = obj_by_nid(nid);

        text = k->ln != NULL ? k->ln : k->sn;
    }
    if (text == NULL) {
        d.p = (const unsigned char *)a->der;
        d.len = (size_t)a->len;
        if (a->der == NULL || !kuma_oid_to_text(&d, dotted, sizeof(dotted)))
            return -1;
        text = dotted;
    }
    n = (int)strlen(text);
    if (buf != NULL && buf_len > 0)
        snprintf(buf, (size_t)buf_len, "%s", text);
    return n;
}

int i2t_ASN1_OBJECT(char *buf, int buf_len, const ASN1_OBJECT *a)
{
    return OBJ_obj2txt(buf, buf_len, a, 0);
}

int i2a_ASN1_OBJECT(BIO *bp, const ASN1_OBJECT *a)
{
    char text[OID_MAX_DER * 4 + 8];
    int n = OBJ_obj2txt(text, sizeof(text), a, 0);

    if (n < 0)
        return BIO_write(bp, "<INVALID>", 9);
    return BIO_write(bp, text, n);
}

int OBJ_cmp(const ASN1_OBJECT *a, const ASN1_OBJECT *b)
{
    if (a->len != b->len)
        return a->len - b->len;
    if (a->len == 0)
        return 0;
    return memcmp(a->der, b->der, (size_t)a->len);
}

ASN1_OBJECT *OBJ_dup(const ASN1_OBJECT *o)
{
    ASN1_OBJECT *c;

    if (KUMA_NULL_ARG(ERR_LIB_OBJ, o))
        return NULL;
    if (!o->dynamic)
        return (ASN1_OBJECT *)o;
    c = obj_new_dynamic((const unsigned char *)o->der, (size_t)o->len);
    if (c != NULL)
        c->nid = o->nid;
    return c;
}

size_t OBJ_length(const ASN1_OBJECT *obj)
{
    return obj != NULL ? (size_t)obj->len : 0;
}

const unsigned char *OBJ_get0_data(const ASN1_OBJECT *obj)
{
    return obj != NULL ? (const unsigned char *)obj->der : NULL;
}

void ASN1_OBJECT_free(ASN1_OBJECT *a)
{
    if (a == NULL || !a->dynamic)
        return;
    OPENSSL_free((void *)a->der);
    OPENSSL_free(a);
}
