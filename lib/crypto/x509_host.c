/*
 * kumassl: matching a certificate against a host name or IP address, with
 * the rules of OpenSSL's X509_check_host() (RFC 6125):
 *
 *  - dNSName subjectAltNames are used; the subject's CN only when the
 *    certificate has no dNSName (X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT and
 *    _NEVER_CHECK_SUBJECT change that);
 *  - comparison ignores ASCII case; one trailing dot of the reference is ignored;
 *  - a wildcard is honoured only in the left-most label of a pattern with at
 *    least three labels ("*.com" is taken literally), as the whole label or
 *    at one end of it ("a*.example.com") unless NO_PARTIAL_WILDCARDS, never in
 *    an IDNA ("xn--") label, and it matches exactly one non-empty label unless
 *    MULTI_LABEL_WILDCARDS;
 *  - a reference starting with '.' matches any subdomain of it.
 */
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include "crypto_int.h"

static const unsigned char OID_SUBJECT_ALT_NAME[] = { 0x55, 0x1D, 0x11 };
static const unsigned char OID_COMMON_NAME[] = { 0x55, 0x04, 0x03 };

#define GEN_DNS_TAG 0x82            /* [2] IMPLICIT IA5String */
#define GEN_IP_TAG  0x87            /* [7] IMPLICIT OCTET STRING */

/* A string to look for, and how. */
typedef struct {
    const unsigned char *name;
    size_t len;
    unsigned int flags;
    const unsigned char *matched;   /* the certificate's name that matched */
    size_t matched_len;
} match_ref;

typedef int (*name_matcher)(const unsigned char *pat, size_t plen, match_ref *ref);

/* ---- subjectAltName ------------------------------------------------------- */

/*
 * Calls match on every subjectAltName entry with the given tag; 1 as soon as
 * one matches. *seen is set when at least one such entry exists.
 */
static int san_match(const X509 *x, unsigned char want, name_matcher match,
                     match_ref *ref, int *seen)
{
    kuma_der ext, names, v;
    unsigned char tag;

    *seen = 0;
    if (!kuma_x509_find_ext(x, OID_SUBJECT_ALT_NAME, sizeof(OID_SUBJECT_ALT_NAME), &ext)
        || !kuma_der_next(&ext, &tag, &names, NULL) || tag != 0x30)
        return 0;
    while (kuma_der_next(&names, &tag, &v, NULL)) {
        if (tag != want)
            continue;
        *seen = 1;
        if (match(v.p, v.len, ref))
            return 1;
    }
    return 0;
}

/* Tries every commonName of the subject held in a one-byte-per-character string type. */
static int cn_match(const X509 *x, name_matcher match, match_ref *ref)
{
    kuma_name_iter it;
    kuma_name_entry e;

    kuma_name_iter_init(&it, &x->subject);
    while (kuma_name_iter_next(&it, &e) == 1) {
        int narrow = e.type == 0x0C || e.type == 0x13 || e.type == 0x14 || e.type == 0x16;

        if (narrow && e.oid.len == sizeof(OID_COMMON_NAME)
            && memcmp(e.oid.p, OID_COMMON_NAME, sizeof(OID_COMMON_NAME)) == 0
            && match(e.value.p, e.value.len, ref))
            return 1;
    }
    return 0;
}

/* ---- host names --------------------------------------------------------------- */

static int is_ldh(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

static int starts_idna(const unsigned char *p, size_t len)
{
    return len >= 4 && strncasecmp((const char *)p, "xn--", 4) == 0;
}

static int equal_nocase(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    return alen == blen && (alen == 0 || strncasecmp((const char *)a, (const char *)b, alen) == 0);
}

/* Checks the labels of a pattern: LDH characters, no empty label, no '-' at a label's ends. */
static int labels_valid(const unsigned char *p, size_t len, size_t *dots)
{
    size_t i, label = 0;

    *dots = 0;
    for (i = 0; i < len; i++) {
        if (p[i] == '.') {
            if (label == 0 || p[i - 1] == '-')
                return 0;
            (*dots)++;
            label = 0;
        } else if (is_ldh(p[i]) || p[i] == '*') {
            if (label == 0 && p[i] == '-')
                return 0;
            label++;
        } else {
            return 0;
        }
    }
    return label > 0 && p[len - 1] != '-';
}

/* The wildcard of a pattern if it is one we honour (see the top of the file), else NULL. */
static const unsigned char *valid_star(const unsigned char *p, size_t len, unsigned int flags)
{
    const unsigned char *star = memchr(p, '*', len);
    const unsigned char *dot = memchr(p, '.', len);
    size_t dots;
    int at_start, at_end;

    if (star == NULL || (flags & X509_CHECK_FLAG_NO_WILDCARDS) || dot == NULL || star > dot
        || memchr(star + 1, '*', len - (size_t)(star + 1 - p)) != NULL
        || !labels_valid(p, len, &dots) || dots < 2 || starts_idna(p, len))
        return NULL;
    at_start = star == p;
    at_end = star + 1 == dot;
    if (!at_start && !at_end)
        return NULL;            /* no "foo*bar" */
    if ((flags & X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS) && !(at_start && at_end))
        return NULL;
    return star;
}

/* Whether the characters standing for the wildcard are acceptable. */
static int wildcard_span_ok(const unsigned char *p, size_t len, int allow_dots)
{
    size_t i;

    for (i = 0; i < len; i++) {
        if (!is_ldh(p[i]) && !(allow_dots && p[i] == '.'))
            return 0;
    }
    return 1;
}

static int wildcard_match(const unsigned char *pat, size_t plen, const unsigned char *star,
                          const match_ref *ref)
{
    size_t pre = (size_t)(star - pat), suf = plen - pre - 1;
    const unsigned char *name = ref->name;
    int whole_label = pre == 0 && star[1] == '.';

    if (ref->len < pre + suf || !equal_nocase(pat, pre, name, pre)
        || !equal_nocase(star + 1, suf, name + ref->len - suf, suf))
        return 0;
    if (whole_label) {
        /* "*" must stand for at least one character */
        if (ref->len == pre + suf)
            return 0;
    } else if (starts_idna(name, ref->len)) {
        return 0;               /* partial wildcards never match IDNA labels */
    }
    return wildcard_span_ok(name + pre, ref->len - pre - suf,
                            whole_label && (ref->flags & X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS));
}

/*
 * A reference starting with '.' stands for any subdomain of it (only direct
 * children with SINGLE_LABEL_SUBDOMAINS), as in OpenSSL; the certificate's
 * name is then compared literally, wildcards included.
 */
static int subdomain_match(const unsigned char *pat, size_t plen, const match_ref *ref)
{
    size_t pre;

    if (plen < ref->len)
        return 0;
    pre = plen - ref->len;
    if ((ref->flags & X509_CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS) && memchr(pat, '.', pre) != NULL)
        return 0;
    return equal_nocase(pat + pre, ref->len, ref->name, ref->len);
}

/* Matches one name from the certificate against the reference host name. */
static int host_match(const unsigned char *pat, size_t plen, match_ref *ref)
{
    const unsigned char *star;
    int ok;

    if (plen == 0 || memchr(pat, '\0', plen) != NULL)
        return 0;
    if (ref->name[0] == '.' && ref->len > 1)
        ok = subdomain_match(pat, plen, ref);
    else if ((star = valid_star(pat, plen, ref->flags)) != NULL)
        ok = wildcard_match(pat, plen, star, ref);
    else
        ok = equal_nocase(pat, plen, ref->name, ref->len);
    if (ok) {
        ref->matched = pat;
        ref->matched_len = plen;
    }
    return ok;
}

/* Sets *peername to a copy of the matched name; -1 when memory runs out. */
static int give_peername(const match_ref *ref, char **peername)
{
    if (peername == NULL)
        return 1;
    *peername = OPENSSL_malloc(ref->matched_len + 1);
    if (*peername == NULL) {
        ERR_raise(ERR_LIB_X509V3, ERR_R_MALLOC_FAILURE);
        return -1;
    }
    memcpy(*peername, ref->matched, ref->matched_len);
    (*peername)[ref->matched_len] = '\0';
    return 1;
}

int X509_check_host(X509 *x, const char *name, size_t namelen, unsigned int flags,
                    char **peername)
{
    match_ref ref = { (const unsigned char *)name, namelen, flags, NULL, 0 };
    int seen, found;

    if (peername != NULL)
        *peername = NULL;
    if (x == NULL || name == NULL)
        return -2;
    if (ref.len == 0)
        ref.len = strlen(name);
    else if (name[ref.len - 1] == '\0')
        ref.len--;              /* a counted terminating NUL is tolerated */
    if (ref.len > 1 && name[ref.len - 1] == '.')
        ref.len--;
    if (ref.len == 0 || memchr(name, '\0', ref.len) != NULL)
        return -2;
    found = san_match(x, GEN_DNS_TAG, host_match, &ref, &seen);
    if (!found && !(flags & X509_CHECK_FLAG_NEVER_CHECK_SUBJECT)
        && (!seen || (flags & X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT)))
        found = cn_match(x, host_match, &ref);
    return found ? give_peername(&ref, peername) : 0;
}

int kuma_x509_match_host(X509 *x, const char *name, unsigned int flags)
{
    return X509_check_host(x, name, 0, flags, NULL) == 1;
}

/* ---- IP addresses ----------------------------------------------------------------- */

static int ip_match(const unsigned char *pat, size_t plen, match_ref *ref)
{
    return plen == ref->len && memcmp(pat, ref->name, plen) == 0;
}

int kuma_x509_match_ip(X509 *x, const unsigned char *ip, size_t iplen)
{
    match_ref ref = { ip, iplen, 0, NULL, 0 };
    int seen;

    if (x == NULL || ip == NULL || (iplen != 4 && iplen != 16))
        return 0;
    return san_match(x, GEN_IP_TAG, ip_match, &ref, &seen);
}

size_t kuma_parse_ip(const char *text, unsigned char *out)
{
    if (text == NULL || out == NULL)
        return 0;
    if (inet_pton(AF_INET, text, out) == 1)
        return 4;
    if (inet_pton(AF_INET6, text, out) == 1)
        return 16;
    return 0;
}

/* IP addresses are only looked for in subjectAltName, so flags change nothing. */
int X509_check_ip(X509 *x, const unsigned char *address, size_t address_len,
                  unsigned int flags)
{
    (void)flags;
    if (x == NULL || address == NULL || (address_len != 4 && address_len != 16))
        return -2;
    return kuma_x509_match_ip(x, address, address_len);
}

int X509_check_ip_asc(X509 *x, const char *address, unsigned int flags)
{
    unsigned char ip[16];
    size_t len = kuma_parse_ip(address, ip);

    if (len == 0)
        return -2;
    return X509_check_ip(x, ip, len, flags);
}
