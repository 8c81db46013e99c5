/*
 * kumassl: matching a certificate against an email address
 * (X509_check_email, X509_VERIFY_PARAM_set1_email).
 *
 * As OpenSSL: the subjectAltName's rfc822Name entries; the subject's
 * emailAddress attributes only when there are none (or with
 * X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT). The local part is compared
 * exactly, the domain without regard to ASCII case (RFC 5321 2.4).
 */
#include <string.h>
#include "chain_int.h"

static const unsigned char OID_SAN[] = { 0x55, 0x1D, 0x11 };
static const unsigned char OID_EMAIL[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01 };

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int email_equal(const unsigned char *a, size_t alen, const char *b, size_t blen)
{
    size_t at, i;

    if (alen != blen)
        return 0;
    for (at = alen; at > 0 && a[at - 1] != '@'; at--)
        continue;
    for (i = 0; i < alen; i++) {
        unsigned char x = a[i], y = (unsigned char)b[i];

        if (i >= at ? lower(x) != lower(y) : x != y)
            return 0;
    }
    return at > 0;
}

/* 1 matched, 0 not, and *seen set when the SAN has mailboxes. */
static int san_match(const X509 *x, const char *email, size_t len, int *seen)
{
    kuma_der v, seq, name;
    unsigned char tag;

    if (!kuma_x509_find_ext(x, OID_SAN, sizeof(OID_SAN), &v)
        || !kuma_der_next(&v, &tag, &seq, NULL) || tag != 0x30)
        return 0;
    while (kuma_der_next(&seq, &tag, &name, NULL)) {
        if (tag != 0x81)
            continue;
        *seen = 1;
        if (email_equal(name.p, name.len, email, len))
            return 1;
    }
    return 0;
}

static int subject_match(const X509 *x, const char *email, size_t len)
{
    kuma_name_iter it;
    kuma_name_entry e;

    kuma_name_iter_init(&it, &x->subject);
    while (kuma_name_iter_next(&it, &e) == 1) {
        if (e.oid.len == sizeof(OID_EMAIL) && memcmp(e.oid.p, OID_EMAIL, sizeof(OID_EMAIL)) == 0
            && email_equal(e.value.p, e.value.len, email, len))
            return 1;
    }
    return 0;
}

static int match_email(X509 *x, const char *email, size_t len, unsigned int flags)
{
    int seen = 0;

    if (x == NULL || x->der == NULL || email == NULL)
        return 0;
    if (san_match(x, email, len, &seen))
        return 1;
    if ((seen && !(flags & X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT))
        || (flags & X509_CHECK_FLAG_NEVER_CHECK_SUBJECT))
        return 0;
    return subject_match(x, email, len);
}

int kuma_x509_match_email(X509 *x, const char *email, unsigned int flags)
{
    return match_email(x, email, email != NULL ? strlen(email) : 0, flags);
}

int X509_check_email(X509 *x, const char *chk, size_t chklen, unsigned int flags)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, x) || KUMA_NULL_ARG(ERR_LIB_X509, chk))
        return -1;
    if (chklen == 0)
        chklen = strlen(chk);
    if (memchr(chk, '\0', chklen) != NULL)
        return -2;      /* as OpenSSL: an inner NUL is a malformed input */
    return match_email(x, chk, chklen, flags);
}
