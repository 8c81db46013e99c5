/*
 * kumassl: certificate revocation lists (RFC 5280 5, 6.3) for
 * X509_V_FLAG_CRL_CHECK and X509_V_FLAG_CRL_CHECK_ALL.
 *
 * X509_CRL objects hold the DER and what the check needs (issuer, times,
 * the revoked serials, the authority key identifier); the store keeps the
 * CRLs given by X509_STORE_add_crl or loaded through an X509_LOOKUP_file.
 * For each certificate checked, the CRL is the one whose issuer is the
 * certificate's issuer (a time-valid one preferred); then, as OpenSSL and
 * with its codes at the certificate's depth: no CRL, the issuer's keyUsage
 * without cRLSign, the CRL's time, its signature, an unhandled critical
 * extension, then the serial. Delta CRLs and indirect CRLs (another
 * issuer's, via issuingDistributionPoint) are not used: a certificate only
 * they cover has no CRL, the error OpenSSL gives without USE_DELTAS.
 */
#include <string.h>
#include "chain_int.h"

struct X509_crl_st {
    kuma_refcount refs;
    unsigned char *der;
    size_t der_len;
    X509_NAME issuer;           /* points into der */
    kuma_der tbs, sigalg, sig;
    kuma_der revoked;           /* SEQUENCE OF revoked entries (content) */
    const unsigned char *last_tlv, *next_tlv;   /* thisUpdate / nextUpdate (ASN1_TIME) */
    time_t last, next;          /* next == 0: no nextUpdate */
    kuma_der aki_keyid;
    int unknown_critical;       /* a critical extension (of the list or an entry) not handled */
    int delta;                  /* a delta CRL (deltaCRLIndicator) */
    long version;               /* 0: v1, 1: v2 */
    STACK_OF(X509_REVOKED) *entries;    /* X509_CRL_get_REVOKED's, made once */
};

static int enter(kuma_der *in, unsigned char want, kuma_der *content, kuma_der *whole)
{
    unsigned char tag;

    return kuma_der_next(in, &tag, content, whole) && tag == want;
}

/* ---- decoding ----------------------------------------------------------------------- */

static const unsigned char OID_AKI[] = { 0x55, 0x1D, 0x23 };
static const unsigned char OID_IDP[] = { 0x55, 0x1D, 0x1C };
static const unsigned char OID_DELTA[] = { 0x55, 0x1D, 0x1B };
static const unsigned char OID_REASON[] = { 0x55, 0x1D, 0x15 };
static const unsigned char OID_INVALIDITY[] = { 0x55, 0x1D, 0x18 };

static int oid_is(const kuma_der *oid, const unsigned char *want, size_t len)
{
    return oid->len == len && memcmp(oid->p, want, len) == 0;
}

/* Reads Extensions (content of the SEQUENCE); entry: a revoked entry's extensions. */
static int read_exts(X509_CRL *c, kuma_der exts, int entry)
{
    kuma_der ext, oid, v;
    unsigned char tag;

    while (exts.len > 0) {
        int critical = 0;

        if (!enter(&exts, 0x30, &ext, NULL) || !enter(&ext, 0x06, &oid, NULL))
            return 0;
        if (ext.len > 0 && ext.p[0] == 0x01) {
            if (!enter(&ext, 0x01, &v, NULL) || v.len != 1)
                return 0;
            critical = v.p[0] != 0;
        }
        if (!enter(&ext, 0x04, &v, NULL))
            return 0;
        if (!entry && oid_is(&oid, OID_AKI, sizeof(OID_AKI))) {
            kuma_der seq, id;

            if (!enter(&v, 0x30, &seq, NULL))
                return 0;
            while (kuma_der_next(&seq, &tag, &id, NULL)) {
                if (tag == 0x80)
                    c->aki_keyid = id;
            }
        } else if (!entry && oid_is(&oid, OID_DELTA, sizeof(OID_DELTA))) {
            c->delta = 1;
        } else if (critical && !(!entry && oid_is(&oid, OID_IDP, sizeof(OID_IDP)))
                   && !(entry && (oid_is(&oid, OID_REASON, sizeof(OID_REASON))
                                  || oid_is(&oid, OID_INVALIDITY, sizeof(OID_INVALIDITY))))) {
            c->unknown_critical = 1;
        }
    }
    return 1;
}

/* Checks every revoked entry's shape and extensions. */
static int read_revoked(X509_CRL *c)
{
    kuma_der all = c->revoked, entry, serial, t, exts;
    unsigned char tag;

    while (all.len > 0) {
        if (!enter(&all, 0x30, &entry, NULL) || !enter(&entry, 0x02, &serial, NULL)
            || !kuma_der_next(&entry, &tag, &t, NULL))
            return 0;
        if (entry.len > 0 && (!enter(&entry, 0x30, &exts, NULL) || !read_exts(c, exts, 1)))
            return 0;
    }
    return 1;
}

/* TBSCertList: version?, signature, issuer, thisUpdate, nextUpdate?, revoked?, [0] extensions? */
static int read_tbs(X509_CRL *c, kuma_der tbs)
{
    kuma_der v, whole, exts;
    unsigned char tag;

    if (tbs.len > 0 && tbs.p[0] == 0x02) {
        if (!enter(&tbs, 0x02, &v, NULL) || v.len != 1)
            return 0;
        c->version = v.p[0];
    }
    if (!enter(&tbs, 0x30, &v, NULL) || !enter(&tbs, 0x30, &v, &whole))
        return 0;
    c->issuer.der = (unsigned char *)whole.p;
    c->issuer.len = whole.len;
    c->last_tlv = tbs.p;
    if (!kuma_der_next(&tbs, &tag, &v, NULL) || !kuma_asn1_time_parse(tag, v.p, v.len, &c->last))
        return 0;
    if (tbs.len > 0 && (tbs.p[0] == 0x17 || tbs.p[0] == 0x18)) {
        c->next_tlv = tbs.p;
        if (!kuma_der_next(&tbs, &tag, &v, NULL) || !kuma_asn1_time_parse(tag, v.p, v.len, &c->next))
            return 0;
    }
    if (tbs.len > 0 && tbs.p[0] == 0x30 && !enter(&tbs, 0x30, &c->revoked, NULL))
        return 0;
    if (tbs.len > 0 && (!enter(&tbs, 0xA0, &v, NULL) || !enter(&v, 0x30, &exts, NULL)
                        || !read_exts(c, exts, 0)))
        return 0;
    return tbs.len == 0 && read_revoked(c);
}

static int read_crl(X509_CRL *c)
{
    kuma_der all = { c->der, c->der_len }, list, content, bits;

    if (!enter(&all, 0x30, &list, NULL) || all.len != 0
        || !enter(&list, 0x30, &content, &c->tbs) || !read_tbs(c, content)
        || !enter(&list, 0x30, &content, &c->sigalg)
        || !enter(&list, 0x03, &bits, NULL) || list.len != 0 || bits.len < 1 || bits.p[0] != 0)
        return 0;
    c->sig.p = bits.p + 1;
    c->sig.len = bits.len - 1;
    return 1;
}

/* A CRL from the DER at the start of der (*used: its length); NULL with an error queued. */
static X509_CRL *crl_from_der(const unsigned char *der, size_t len, size_t *used)
{
    kuma_der in = { der, len }, content, whole;
    unsigned char tag;
    X509_CRL *c;

    if (der == NULL || !kuma_der_next(&in, &tag, &content, &whole) || tag != 0x30) {
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR, "cannot decode CRL: not a DER SEQUENCE or truncated");
        return NULL;
    }
    c = OPENSSL_zalloc(sizeof(*c));
    if (c != NULL)
        c->der = OPENSSL_malloc(whole.len);
    if (c == NULL || c->der == NULL) {
        OPENSSL_free(c);
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    atomic_init(&c->refs, 1);
    memcpy(c->der, whole.p, whole.len);
    c->der_len = whole.len;
    if (!read_crl(c)) {
        ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR, "cannot decode CRL: malformed CertificateList");
        X509_CRL_free(c);
        return NULL;
    }
    *used = whole.len;
    return c;
}

/* ---- the X509_CRL object ------------------------------------------------------------------ */

void X509_CRL_free(X509_CRL *a)
{
    if (a == NULL || !kuma_ref_down(&a->refs))
        return;
    sk_X509_REVOKED_free(a->entries);
    OPENSSL_free(a->der);
    OPENSSL_free(a);
}

int X509_CRL_up_ref(X509_CRL *a)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, a))
        return 0;
    return kuma_ref_up(&a->refs);
}

X509_CRL *d2i_X509_CRL(X509_CRL **a, const unsigned char **in, long len)
{
    size_t used = 0;
    X509_CRL *c;

    if (KUMA_NULL_ARG(ERR_LIB_X509, in) || KUMA_NULL_ARG(ERR_LIB_X509, *in) || len <= 0) {
        if (in != NULL && *in != NULL)
            ERR_raise_data(ERR_LIB_ASN1, ERR_R_NESTED_ASN1_ERROR, "cannot decode CRL: no data");
        return NULL;
    }
    c = crl_from_der(*in, (size_t)len, &used);
    if (c == NULL)
        return NULL;
    *in += used;
    if (a != NULL) {
        X509_CRL_free(*a);
        *a = c;
    }
    return c;
}

int i2d_X509_CRL(const X509_CRL *a, unsigned char **out)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, a) || a->der_len > INT_MAX)
        return -1;
    return kuma_i2d_bytes(a->der, a->der_len, out);
}

X509_NAME *X509_CRL_get_issuer(const X509_CRL *crl)
{
    return crl != NULL ? (X509_NAME *)&crl->issuer : NULL;
}

const ASN1_TIME *X509_CRL_get0_lastUpdate(const X509_CRL *crl)
{
    return crl != NULL ? (const ASN1_TIME *)(const void *)crl->last_tlv : NULL;
}

const ASN1_TIME *X509_CRL_get0_nextUpdate(const X509_CRL *crl)
{
    return crl != NULL && crl->next_tlv != NULL ? (const ASN1_TIME *)(const void *)crl->next_tlv : NULL;
}

static int want_crl(const char *label)
{
    return strcmp(label, "X509 CRL") == 0;
}

/* Decodes a CRL block read by kuma_pem_read_*; replaces *x when x is not NULL. */
static X509_CRL *crl_from_pem(kuma_pem_block *b, X509_CRL **x)
{
    const unsigned char *p;
    X509_CRL *c = NULL;
    size_t used;

    if (b != NULL) {
        p = b->data;
        c = crl_from_der(p, b->len, &used);
    }
    kuma_pem_free(b, b != NULL);
    if (c != NULL && x != NULL) {
        X509_CRL_free(*x);
        *x = c;
    }
    return c;
}

X509_CRL *PEM_read_bio_X509_CRL(BIO *bp, X509_CRL **x, pem_password_cb *cb, void *u)
{
    (void)cb, (void)u;
    return crl_from_pem(kuma_pem_read_bio(bp, want_crl), x);
}

X509_CRL *PEM_read_X509_CRL(FILE *fp, X509_CRL **x, pem_password_cb *cb, void *u)
{
    (void)cb, (void)u;
    if (KUMA_NULL_ARG(ERR_LIB_PEM, fp))
        return NULL;
    return crl_from_pem(kuma_pem_read_fp(fp, want_crl), x);
}

long X509_CRL_get_version(const X509_CRL *crl)
{
    return crl != NULL ? crl->version : 0;
}

/* The entries point into the DER (each an X509_REVOKED: its SEQUENCE), as ASN1_INTEGER does. */
STACK_OF(X509_REVOKED) *X509_CRL_get_REVOKED(X509_CRL *crl)
{
    kuma_der all, entry, whole;

    if (crl == NULL || crl->revoked.len == 0)
        return NULL;
    if (crl->entries != NULL)
        return crl->entries;
    if ((crl->entries = sk_X509_REVOKED_new_null()) == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    for (all = crl->revoked; enter(&all, 0x30, &entry, &whole);) {
        if (!sk_X509_REVOKED_push(crl->entries, (X509_REVOKED *)(void *)whole.p)) {
            ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
            sk_X509_REVOKED_free(crl->entries);
            crl->entries = NULL;
            return NULL;
        }
    }
    return crl->entries;
}

/* ---- the store's CRLs --------------------------------------------------------------------- */

int X509_STORE_add_crl(X509_STORE *ctx, X509_CRL *x)
{
    int ok;

    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx) || KUMA_NULL_ARG(ERR_LIB_X509, x))
        return 0;
    pthread_mutex_lock(&ctx->lock);
    if (ctx->crls == NULL)
        ctx->crls = sk_X509_CRL_new_null();
    ok = ctx->crls != NULL && sk_X509_CRL_push(ctx->crls, x);
    if (ok)
        X509_CRL_up_ref(x);
    pthread_mutex_unlock(&ctx->lock);
    if (!ok)
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
    return ok;
}

void kuma_store_free_crls(X509_STORE *st)
{
    sk_X509_CRL_pop_free(st->crls, X509_CRL_free);
    st->crls = NULL;
}

/* Adds every CRL of a PEM buffer, or the one DER CRL; the number added, 0 with an error queued. */
static int add_crls(X509_STORE *st, const unsigned char *buf, size_t len, int type)
{
    kuma_pem_block *blocks;
    size_t count, i, used;
    int n = 0;

    if (type == X509_FILETYPE_ASN1) {
        X509_CRL *c = crl_from_der(buf, len, &used);

        n = c != NULL && X509_STORE_add_crl(st, c);
        X509_CRL_free(c);
        return n;
    }
    if (!kuma_pem_decode_all(buf, len, &blocks, &count))
        return 0;
    for (i = 0; n >= 0 && i < count; i++) {
        X509_CRL *c;

        if (!want_crl(blocks[i].label))
            continue;
        c = crl_from_der(blocks[i].data, blocks[i].len, &used);
        n = c != NULL && X509_STORE_add_crl(st, c) ? n + 1 : -1;
        X509_CRL_free(c);
    }
    kuma_pem_free(blocks, count);
    if (n == 0)
        ERR_raise_data(ERR_LIB_X509, X509_R_NO_CRL_FOUND, "no X509 CRL block found");
    return n > 0 ? n : 0;
}

/*
 * X509_LOOKUP_file(): what programs use to load CRLs (and certificates)
 * into a store. The lookup belongs to its store and is freed with it.
 */
struct x509_lookup_method_st {
    const char *name;
};

struct x509_lookup_st {
    X509_STORE *store;
    struct x509_lookup_st *next;
};

static const X509_LOOKUP_METHOD lookup_file = { "Load file into cache" };

X509_LOOKUP_METHOD *X509_LOOKUP_file(void)
{
    return (X509_LOOKUP_METHOD *)&lookup_file;
}

X509_LOOKUP *X509_STORE_add_lookup(X509_STORE *v, X509_LOOKUP_METHOD *m)
{
    X509_LOOKUP *l;

    if (KUMA_NULL_ARG(ERR_LIB_X509, v) || KUMA_NULL_ARG(ERR_LIB_X509, m))
        return NULL;
    if (m != &lookup_file) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_UNSUPPORTED, "only X509_LOOKUP_file() is supported");
        return NULL;
    }
    pthread_mutex_lock(&v->lock);
    for (l = v->lookups; l != NULL; l = l->next)
        break;
    if (l == NULL && (l = OPENSSL_zalloc(sizeof(*l))) != NULL) {
        l->store = v;
        l->next = v->lookups;
        v->lookups = l;
    }
    pthread_mutex_unlock(&v->lock);
    if (l == NULL)
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
    return l;
}

void kuma_store_free_lookups(X509_STORE *st)
{
    while (st->lookups != NULL) {
        X509_LOOKUP *l = st->lookups;

        st->lookups = l->next;
        OPENSSL_free(l);
    }
}

int X509_load_crl_file(X509_LOOKUP *ctx, const char *file, int type)
{
    unsigned char *buf;
    size_t len;
    int n;

    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx) || KUMA_NULL_ARG(ERR_LIB_X509, file))
        return 0;
    if (type != X509_FILETYPE_PEM && type != X509_FILETYPE_ASN1) {
        ERR_raise(ERR_LIB_X509, X509_R_BAD_X509_FILETYPE);
        return 0;
    }
    if (!kuma_read_file(file, &buf, &len))
        return 0;
    n = add_crls(ctx->store, buf, len, type);
    OPENSSL_free(buf);
    return n;
}

int X509_load_cert_file(X509_LOOKUP *ctx, const char *file, int type)
{
    STACK_OF(X509) *sk;
    int i, n = 0;

    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx) || KUMA_NULL_ARG(ERR_LIB_X509, file))
        return 0;
    sk = kuma_x509_load_file(file, type);
    for (i = 0; sk != NULL && i < sk_X509_num(sk); i++)
        n = n >= 0 && kuma_store_add_x509(ctx->store, sk_X509_value(sk, i)) ? n + 1 : -1;
    sk_X509_pop_free(sk, X509_free);
    return n > 0 ? n : 0;
}

/* Certificates and CRLs of a PEM file, as OpenSSL's; the number of objects added. */
int X509_load_cert_crl_file(X509_LOOKUP *ctx, const char *file, int type)
{
    unsigned char *buf;
    size_t len;
    int certs, crls;

    if (type != X509_FILETYPE_PEM)
        return X509_load_cert_file(ctx, file, type);
    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx) || KUMA_NULL_ARG(ERR_LIB_X509, file)
        || !kuma_read_file(file, &buf, &len))
        return 0;
    ERR_set_mark();
    certs = X509_load_cert_file(ctx, file, type);
    crls = add_crls(ctx->store, buf, len, type);
    OPENSSL_free(buf);
    if (certs + crls > 0)
        ERR_pop_to_mark();
    else
        ERR_clear_last_mark();
    return certs + crls;
}

int X509_LOOKUP_ctrl(X509_LOOKUP *ctx, int cmd, const char *argc, long argl, char **ret)
{
    (void)ret;
    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx))
        return 0;
    if (cmd != X509_L_FILE_LOAD) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_UNSUPPORTED, "X509_LOOKUP_ctrl command %d", cmd);
        return 0;
    }
    if (argl == X509_FILETYPE_DEFAULT)
        return X509_STORE_set_default_paths(ctx->store);
    return X509_load_cert_crl_file(ctx, argc, (int)argl) > 0;
}

/* ---- checking a certificate ------------------------------------------------------------------ */

/* The store's CRL for certificates of this issuer: a time-valid one first, else any; NULL when none. */
static X509_CRL *find_crl(X509_STORE *st, const kuma_node *issuer, const X509 *x, time_t t)
{
    X509_CRL *best = NULL;
    int i;

    pthread_mutex_lock(&st->lock);
    for (i = 0; i < sk_X509_CRL_num(st->crls); i++) {
        X509_CRL *c = sk_X509_CRL_value(st->crls, i);

        if (c->delta || X509_NAME_cmp(&c->issuer, &x->issuer) != 0)
            continue;
        if (c->aki_keyid.len > 0 && issuer != NULL && issuer->ci.ski.len > 0
            && (c->aki_keyid.len != issuer->ci.ski.len
                || memcmp(c->aki_keyid.p, issuer->ci.ski.p, c->aki_keyid.len) != 0))
            continue;
        if (best == NULL || (t >= c->last && (c->next == 0 || t <= c->next)))
            best = c;
    }
    if (best != NULL)
        X509_CRL_up_ref(best);
    pthread_mutex_unlock(&st->lock);
    return best;
}

/* Whether the revoked list holds this serial (content bytes compared). */
static int is_revoked(const X509_CRL *c, const kuma_der *serial)
{
    kuma_der all = c->revoked, entry, s;

    while (enter(&all, 0x30, &entry, NULL)) {
        if (enter(&entry, 0x02, &s, NULL) && s.len == serial->len && memcmp(s.p, serial->p, s.len) == 0)
            return 1;
    }
    return 0;
}

long kuma_crl_check(X509_STORE *st, const kuma_node *n, const kuma_node *issuer, time_t t,
                    unsigned long flags)
{
    X509_CRL *c = st != NULL ? find_crl(st, issuer, n->x, t) : NULL;
    long err = X509_V_OK;

    if (c == NULL)
        return X509_V_ERR_UNABLE_TO_GET_CRL;
    if (issuer == NULL)
        err = X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER;
    else if ((issuer->ci.exts & KUMA_EXT_KU) && !(issuer->ci.ku & KUMA_KU_CRL_SIGN))
        err = X509_V_ERR_KEYUSAGE_NO_CRL_SIGN;
    else if (!(flags & X509_V_FLAG_NO_CHECK_TIME) && t < c->last)
        err = X509_V_ERR_CRL_NOT_YET_VALID;
    else if (!(flags & X509_V_FLAG_NO_CHECK_TIME) && c->next != 0 && t > c->next)
        err = X509_V_ERR_CRL_HAS_EXPIRED;
    else if (!kuma_sig_check(&c->tbs, &c->sigalg, &c->sig, &issuer->x->pkey))
        err = X509_V_ERR_CRL_SIGNATURE_FAILURE;
    else if (c->unknown_critical && !(flags & X509_V_FLAG_IGNORE_CRITICAL))
        err = X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION;
    else if (is_revoked(c, &n->ci.serial))
        err = X509_V_ERR_CERT_REVOKED;
    X509_CRL_free(c);
    return err;
}
