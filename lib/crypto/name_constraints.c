/*
 * kumassl: name constraints (RFC 5280 4.2.1.10, 6.1.3 (b) and (c)).
 *
 * A CA's nameConstraints bound the names of every certificate below it:
 * a name of a type that has permitted subtrees must lie in one of them,
 * and no name may lie in an excluded subtree. Checked, as OpenSSL does,
 * for the subject (as a directoryName, and its emailAddress attributes as
 * rfc822Names), every subjectAltName entry, and for a leaf without DNS
 * names the subject's common names that look like host names. Supported
 * types: dNSName, rfc822Name, URI, iPAddress, directoryName; a constraint
 * of another type on a name of that type is an unsupported constraint.
 * The work is bounded as OpenSSL bounds it: names x constraints over 2^20
 * fails with OpenSSL's X509_V_ERR_UNSPECIFIED before any comparison.
 */
#include <string.h>
#include "chain_int.h"

#define NC_MAX_WORK (1L << 20)

/* GeneralName tags (IMPLICIT, directoryName EXPLICIT) */
#define GN_EMAIL 0x81
#define GN_DNS   0x82
#define GN_DIR   0xA4
#define GN_URI   0x86
#define GN_IP    0x87

static const unsigned char OID_CN[] = { 0x55, 0x04, 0x03 };
static const unsigned char OID_EMAIL[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01 };

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* ASCII case-insensitive equality of n bytes. */
static int same_nocase(const unsigned char *a, const unsigned char *b, size_t n)
{
    while (n-- > 0) {
        if (lower(*a++) != lower(*b++))
            return 0;
    }
    return 1;
}

/* Whether the last base.len bytes of name equal base (no case). */
static int ends_with(kuma_der name, kuma_der base)
{
    return name.len >= base.len && same_nocase(name.p + name.len - base.len, base.p, base.len);
}

/* ---- one name against one base, per type: X509_V_OK when inside ---------------------- */

/* "example.com" holds example.com and any name ending in ".example.com"; ".example.com" only the latter. */
static long match_dns(kuma_der name, kuma_der base)
{
    if (base.len == 0)
        return X509_V_OK;
    if (!ends_with(name, base))
        return X509_V_ERR_PERMITTED_VIOLATION;
    if (name.len > base.len && base.p[0] != '.' && name.p[name.len - base.len - 1] != '.')
        return X509_V_ERR_PERMITTED_VIOLATION;
    return X509_V_OK;
}

static const unsigned char *last_at(kuma_der s)
{
    while (s.len > 0) {
        if (s.p[s.len - 1] == '@')
            return s.p + s.len - 1;
        s.len--;
    }
    return NULL;
}

/* A mailbox, a host (all mailboxes there) or ".domain" (mailboxes below it); local parts are case-sensitive. */
static long match_email(kuma_der name, kuma_der base)
{
    const unsigned char *at = last_at(name), *bat = last_at(base);
    kuma_der host;

    if (at == NULL)
        return X509_V_ERR_UNSUPPORTED_NAME_SYNTAX;
    if (bat == NULL && base.len > 0 && base.p[0] == '.')
        return name.len > base.len && ends_with(name, base) ? X509_V_OK
                                                            : X509_V_ERR_PERMITTED_VIOLATION;
    if (bat != NULL && bat != base.p) {
        if (bat - base.p != at - name.p || memcmp(base.p, name.p, (size_t)(at - name.p)) != 0)
            return X509_V_ERR_PERMITTED_VIOLATION;
    }
    if (bat != NULL) {
        base.len -= (size_t)(bat + 1 - base.p);
        base.p = bat + 1;
    }
    host.p = at + 1;
    host.len = name.len - (size_t)(host.p - name.p);
    return host.len == base.len && same_nocase(host.p, base.p, base.len)
           ? X509_V_OK : X509_V_ERR_PERMITTED_VIOLATION;
}

/* The host of "scheme://host[:port][/path]"; 0 when there is none. */
static int uri_host(kuma_der uri, kuma_der *host)
{
    size_t i;

    for (i = 0; i + 3 <= uri.len; i++) {
        if (memcmp(uri.p + i, "://", 3) == 0)
            break;
    }
    if (i + 3 > uri.len)
        return 0;
    host->p = uri.p + i + 3;
    host->len = uri.len - i - 3;
    for (i = 0; i < host->len && host->p[i] != ':' && host->p[i] != '/'; i++)
        continue;
    host->len = i;
    return i > 0;
}

static long match_uri(kuma_der name, kuma_der base)
{
    kuma_der host;

    if (!uri_host(name, &host))
        return X509_V_ERR_UNSUPPORTED_NAME_SYNTAX;
    if (base.len > 0 && base.p[0] == '.')
        return host.len > base.len && ends_with(host, base) ? X509_V_OK
                                                            : X509_V_ERR_PERMITTED_VIOLATION;
    return host.len == base.len && same_nocase(host.p, base.p, base.len)
           ? X509_V_OK : X509_V_ERR_PERMITTED_VIOLATION;
}

/* base is an address and a mask of twice the address's length. */
static long match_ip(kuma_der name, kuma_der base)
{
    size_t i;

    if (name.len != 4 && name.len != 16)
        return X509_V_ERR_UNSUPPORTED_NAME_SYNTAX;
    if (base.len != 8 && base.len != 32)
        return X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX;
    if (base.len != name.len * 2)
        return X509_V_ERR_PERMITTED_VIOLATION;
    for (i = 0; i < name.len; i++) {
        unsigned char mask = base.p[name.len + i];

        if ((name.p[i] & mask) != (base.p[i] & mask))
            return X509_V_ERR_PERMITTED_VIOLATION;
    }
    return X509_V_OK;
}

/* Whether two attribute values are equal once case and runs of blanks are folded. */
static int same_value(const kuma_name_entry *a, const kuma_name_entry *b)
{
    kuma_der x = a->value, y = b->value;

    while (x.len > 0 && y.len > 0) {
        if (*x.p == ' ' && *y.p == ' ') {
            while (x.len > 0 && *x.p == ' ') x.p++, x.len--;
            while (y.len > 0 && *y.p == ' ') y.p++, y.len--;
            continue;
        }
        if (lower(*x.p) != lower(*y.p))
            return 0;
        x.p++, x.len--;
        y.p++, y.len--;
    }
    return x.len == 0 && y.len == 0;
}

/* A directoryName base holds the names whose first RDNs are its RDNs. */
static long match_dn(const X509_NAME *name, kuma_der base)
{
    X509_NAME bn = { (unsigned char *)base.p, base.len, NULL };
    kuma_name_iter bi, ni;
    kuma_name_entry be, ne;
    int r, rn;

    kuma_name_iter_init(&bi, &bn);
    kuma_name_iter_init(&ni, name);
    while ((r = kuma_name_iter_next(&bi, &be)) == 1) {
        if (kuma_name_iter_next(&ni, &ne) != 1 || be.rdn_start != ne.rdn_start
            || be.oid.len != ne.oid.len || memcmp(be.oid.p, ne.oid.p, be.oid.len) != 0
            || !same_value(&be, &ne))
            return X509_V_ERR_PERMITTED_VIOLATION;
    }
    if (r < 0)
        return X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX;
    /* the base must end at an RDN boundary of the name */
    rn = kuma_name_iter_next(&ni, &ne);
    return rn == 0 || (rn == 1 && ne.rdn_start) ? X509_V_OK : X509_V_ERR_PERMITTED_VIOLATION;
}

/* A name to check: its GeneralName tag and value (for a directoryName, the Name). */
typedef struct {
    unsigned char tag;
    kuma_der value;
    const X509_NAME *dn;
} nc_name;

static long match_one(const nc_name *n, kuma_der base)
{
    switch (n->tag) {
    case GN_DNS:
        return match_dns(n->value, base);
    case GN_EMAIL:
        return match_email(n->value, base);
    case GN_URI:
        return match_uri(n->value, base);
    case GN_IP:
        return match_ip(n->value, base);
    case GN_DIR: {
        kuma_der in = base, seq;
        unsigned char tag;

        if (!kuma_der_next(&in, &tag, &seq, NULL) || tag != 0x30)
            return X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX;
        return match_dn(n->dn, seq);
    }
    default:
        return X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE;
    }
}

/* ---- the subtrees ------------------------------------------------------------------------ */

/* The next GeneralSubtree's base (tag and content); 0 at the end, -1 when malformed or min/max set. */
static int next_subtree(kuma_der *trees, unsigned char *tag, kuma_der *base, long *err)
{
    kuma_der sub;
    unsigned char t;

    if (trees->len == 0)
        return 0;
    if (!kuma_der_next(trees, &t, &sub, NULL) || t != 0x30 || !kuma_der_next(&sub, tag, base, NULL)) {
        *err = X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX;
        return -1;
    }
    if (sub.len > 0) {  /* minimum other than the default 0, or a maximum: RFC 5280 says MUST NOT */
        *err = X509_V_ERR_SUBTREE_MINMAX;
        return -1;
    }
    return 1;
}

static int count_subtrees(kuma_der trees)
{
    unsigned char tag;
    kuma_der v;
    int n = 0;

    while (kuma_der_next(&trees, &tag, &v, NULL))
        n++;
    return n;
}

/* The permitted [0] and excluded [1] subtrees of a NameConstraints value. */
static void split_nc(const kuma_der *nc, kuma_der *permitted, kuma_der *excluded)
{
    kuma_der in = *nc, v;
    unsigned char tag;

    permitted->len = excluded->len = 0;
    permitted->p = excluded->p = NULL;
    while (kuma_der_next(&in, &tag, &v, NULL)) {
        if (tag == 0xA0)
            *permitted = v;
        else if (tag == 0xA1)
            *excluded = v;
    }
}

/* One name against the constraints: RFC 5280 6.1.3 (b) then (c). */
static long check_name(const nc_name *n, kuma_der permitted, kuma_der excluded)
{
    unsigned char tag;
    kuma_der base;
    long err = X509_V_OK, r;
    int got, typed = 0, inside = 0;

    while ((got = next_subtree(&permitted, &tag, &base, &err)) == 1) {
        if (tag != n->tag || inside)
            continue;
        typed = 1;
        r = match_one(n, base);
        if (r == X509_V_OK)
            inside = 1;
        else if (r != X509_V_ERR_PERMITTED_VIOLATION)
            return r;
    }
    if (got < 0)
        return err;
    if (typed && !inside)
        return X509_V_ERR_PERMITTED_VIOLATION;
    while ((got = next_subtree(&excluded, &tag, &base, &err)) == 1) {
        if (tag != n->tag)
            continue;
        r = match_one(n, base);
        if (r == X509_V_OK)
            return X509_V_ERR_EXCLUDED_VIOLATION;
        if (r != X509_V_ERR_PERMITTED_VIOLATION)
            return r;
    }
    return got < 0 ? err : X509_V_OK;
}

/* ---- the names of a certificate ------------------------------------------------------------ */

int kuma_names_have(const kuma_der *names, unsigned char tag)
{
    kuma_der in = *names, v;
    unsigned char t;

    while (kuma_der_next(&in, &t, &v, NULL)) {
        if (t == tag)
            return 1;
    }
    return 0;
}

static int oid_is(const kuma_name_entry *e, const unsigned char *oid, size_t len)
{
    return e->oid.len == len && memcmp(e->oid.p, oid, len) == 0;
}

/*
 * Whether a common name is written as a host name (as OpenSSL decides when
 * to hold it to DNS constraints): letters, digits, '_', inner '-' and '.',
 * no dot next to a dot or a hyphen, at least two labels; one final dot dropped.
 */
static int cn_is_host(kuma_der v)
{
    size_t i;
    int dots = 0;

    if (v.len > 0 && v.p[v.len - 1] == '.')
        v.len--;
    for (i = 0; i < v.len; i++) {
        unsigned char c = v.p[i];
        int inner = i > 0 && i + 1 < v.len;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
            continue;
        if (inner && c == '-')
            continue;
        if (inner && c == '.' && v.p[i + 1] != '.' && v.p[i + 1] != '-' && v.p[i - 1] != '-') {
            dots++;
            continue;
        }
        return 0;
    }
    return dots > 0;
}

/* The subject: as a directoryName, its emailAddress values as mailboxes, its CNs (leaf_cn) as hosts. */
static long check_subject(const X509 *x, kuma_der permitted, kuma_der excluded, int leaf_cn)
{
    nc_name n = { GN_DIR, { NULL, 0 }, &x->subject };
    kuma_name_iter it;
    kuma_name_entry e;
    long r;
    int got;

    if (kuma_name_entry_count(&x->subject) > 0 && (r = check_name(&n, permitted, excluded)) != X509_V_OK)
        return r;
    kuma_name_iter_init(&it, &x->subject);
    while ((got = kuma_name_iter_next(&it, &e)) == 1) {
        if (oid_is(&e, OID_EMAIL, sizeof(OID_EMAIL))) {
            if (e.type != 0x16)     /* IA5String */
                return X509_V_ERR_UNSUPPORTED_NAME_SYNTAX;
            n.tag = GN_EMAIL;
        } else if (leaf_cn && oid_is(&e, OID_CN, sizeof(OID_CN)) && cn_is_host(e.value)) {
            n.tag = GN_DNS;
        } else {
            continue;
        }
        n.value = e.value;
        if ((r = check_name(&n, permitted, excluded)) != X509_V_OK)
            return r;
    }
    return got < 0 ? X509_V_ERR_UNSUPPORTED_NAME_SYNTAX : X509_V_OK;
}

static long check_alt_names(const kuma_cert_info *ci, kuma_der permitted, kuma_der excluded)
{
    kuma_der in = ci->san, v, whole;
    nc_name n = { 0, { NULL, 0 }, NULL };
    X509_NAME dn;
    long r;

    while (kuma_der_next(&in, &n.tag, &n.value, &whole)) {
        if (n.tag == GN_DIR) {
            kuma_der inner = n.value;
            unsigned char t;

            if (!kuma_der_next(&inner, &t, &v, &whole) || t != 0x30)
                return X509_V_ERR_UNSUPPORTED_NAME_SYNTAX;
            dn.der = (unsigned char *)whole.p;
            dn.len = whole.len;
            n.dn = &dn;
        }
        if ((r = check_name(&n, permitted, excluded)) != X509_V_OK)
            return r;
    }
    return X509_V_OK;
}

long kuma_nc_check(const X509 *x, const kuma_cert_info *ci, const kuma_der *nc, int leaf_cn)
{
    kuma_der permitted, excluded;
    long names, constraints, r;
    int entries = kuma_name_entry_count(&x->subject);

    split_nc(nc, &permitted, &excluded);
    names = (long)(entries > 0 ? entries : 0) + ci->san_count;
    constraints = (long)count_subtrees(permitted) + count_subtrees(excluded);
    if (names > 0 && constraints > NC_MAX_WORK / names)
        return X509_V_ERR_UNSPECIFIED;
    if ((r = check_subject(x, permitted, excluded, leaf_cn)) != X509_V_OK)
        return r;
    return check_alt_names(ci, permitted, excluded);
}
