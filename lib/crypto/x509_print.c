/*
 * kumassl: names and strings printed as OpenSSL prints them:
 * X509_NAME_print_ex() (RFC 2253 and the other XN_FLAG_* forms),
 * X509_NAME_print() (the traditional form) and ASN1_STRING_print_ex().
 *
 * An ASN1_STRING is the DER encoding of its value (see x509_obj.c); names
 * are walked attribute by attribute with kuma_name_iter, and attribute
 * types are named by x509_name.c's table.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "obj_int.h"

#define ESC_FLAGS (ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_2254 | ASN1_STRFLGS_ESC_QUOTE \
                   | ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_ESC_MSB)
#define CH_FIRST 0x20           /* escaped at the start of a value (RFC 2253) */
#define CH_LAST  0x40           /* escaped at its end */
#define CH_BS_ESC (ASN1_STRFLGS_ESC_2253 | CH_FIRST | CH_LAST)

static void buf_puts(kuma_buf *out, const char *s)
{
    kuma_buf_append(out, s, strlen(s));
}

/* Appends the dotted form of an OID's value bytes; 0 when malformed. */
static int oid_dotted(kuma_buf *out, kuma_der oid)
{
    unsigned long long arc = 0;
    char tmp[48];
    size_t i;
    int first = 1;

    if (oid.len == 0 || (oid.p[oid.len - 1] & 0x80))
        return 0;
    for (i = 0; i < oid.len; i++) {
        if (arc > (~0ULL >> 7))
            return 0;           /* an arc beyond 64 bits */
        arc = (arc << 7) | (oid.p[i] & 0x7F);
        if (oid.p[i] & 0x80)
            continue;
        if (first) {
            /* the first subidentifier holds two arcs: 40 * top + second */
            unsigned long long top = arc < 80 ? arc / 40 : 2;

            snprintf(tmp, sizeof(tmp), "%llu.%llu", top, arc - top * 40);
            first = 0;
        } else {
            snprintf(tmp, sizeof(tmp), ".%llu", arc);
        }
        buf_puts(out, tmp);
        arc = 0;
    }
    return 1;
}

/* The RFC 2253 / 2254 character classes of OpenSSL's table, as ASN1_STRFLGS_* bits. */
static unsigned char_class(unsigned char c)
{
    if (c < 0x20 || c == 0x7F)
        return ASN1_STRFLGS_ESC_CTRL;
    switch (c) {
    case '"':
    case '\\':
        return ASN1_STRFLGS_ESC_2253;
    case ',': case '+': case ';': case '<': case '>':
        return ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_QUOTE;
    case ' ':
        return CH_FIRST | CH_LAST | ASN1_STRFLGS_ESC_QUOTE;
    case '#':
        return CH_FIRST | ASN1_STRFLGS_ESC_QUOTE;
    case '(': case ')': case '*':
        return ASN1_STRFLGS_ESC_2254;
    default:
        return 0;
    }
}

/* Appends one character, escaped as flags ask; *quotes is set when quoting replaces escaping. */
static void esc_char(kuma_buf *out, unsigned long c, unsigned flags, int *quotes)
{
    unsigned char ch = (unsigned char)c;
    char tmp[16];
    unsigned cls;

    if (c > 0xFF) {
        snprintf(tmp, sizeof(tmp), c > 0xFFFF ? "\\W%08lX" : "\\U%04lX", c);
        buf_puts(out, tmp);
        return;
    }
    cls = (ch > 0x7F ? ASN1_STRFLGS_ESC_MSB : char_class(ch)) & flags;
    if (cls & CH_BS_ESC) {
        if (cls & ASN1_STRFLGS_ESC_QUOTE)
            *quotes = 1;
        else
            kuma_buf_append(out, "\\", 1);
        kuma_buf_append(out, &ch, 1);
    } else if (cls & (ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_ESC_MSB | ASN1_STRFLGS_ESC_2254)) {
        snprintf(tmp, sizeof(tmp), "\\%02X", ch);
        buf_puts(out, tmp);
    } else if (ch == '\\' && (flags & ESC_FLAGS)) {
        buf_puts(out, "\\\\");      /* once anything is escaped, the escape character is too */
    } else {
        kuma_buf_append(out, &ch, 1);
    }
}

/* Reads one UTF-8 character (1 to 4 bytes, shortest form); 0 when malformed. */
static int utf8_next(kuma_der *v, unsigned long *c)
{
    static const unsigned long min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    unsigned char b = v->p[0];
    size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    size_t i;

    if (n == 0 || n > v->len)
        return 0;
    *c = n == 1 ? b : b & (0x7F >> n);
    for (i = 1; i < n; i++) {
        if ((v->p[i] & 0xC0) != 0x80)
            return 0;
        *c = (*c << 6) | (v->p[i] & 0x3F);
    }
    v->p += n;
    v->len -= n;
    return *c >= min[n];
}

/* Reads one character of a string of width 0 (UTF-8), 1, 2 (BMP) or 4 (Universal). */
int kuma_char_next(kuma_der *v, int width, unsigned long *c)
{
    int i;

    if (width == 0)
        return utf8_next(v, c);
    if (v->len < (size_t)width)
        return 0;
    for (*c = 0, i = 0; i < width; i++)
        *c = (*c << 8) | v->p[i];
    v->p += width;
    v->len -= (size_t)width;
    return 1;
}

size_t kuma_utf8_put(unsigned long c, unsigned char *out)
{
    if (c < 0x80) {
        out[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (unsigned char)(0xC0 | (c >> 6));
        out[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (c >> 12));
        out[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | ((c >> 18) & 0x07));
    out[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

/*
 * Appends the characters of v (width as char_next; conv: as UTF-8 bytes),
 * escaped; the first and last characters get RFC 2253's extra escapes.
 */
static int esc_string(kuma_buf *out, kuma_der v, int width, int conv, unsigned flags, int *quotes)
{
    const unsigned char *start = v.p;
    unsigned long c;

    if (width > 1 && v.len % (size_t)width != 0)
        return 0;
    while (v.len > 0) {
        unsigned edge = v.p == start && (flags & ASN1_STRFLGS_ESC_2253) ? CH_FIRST : 0;
        unsigned char u[4];
        size_t i, n;

        if (!kuma_char_next(&v, width, &c))
            return 0;
        if (v.len == 0 && (flags & ASN1_STRFLGS_ESC_2253))
            edge = CH_LAST;
        if (!conv) {
            esc_char(out, c, flags | edge, quotes);
            continue;
        }
        for (n = kuma_utf8_put(c, u), i = 0; i < n; i++)
            esc_char(out, u[i], flags | edge, quotes);
    }
    return 1;
}

/* Characters per byte of each string tag (-1: not a string), as OpenSSL's tag2nbyte. */
int kuma_tag_width(int type)
{
    switch (type) {
    case V_ASN1_UTF8STRING:
        return 0;
    case 18: case V_ASN1_PRINTABLESTRING: case V_ASN1_T61STRING: case V_ASN1_IA5STRING:
    case V_ASN1_UTCTIME: case V_ASN1_GENERALIZEDTIME: case 26:
        return 1;
    case V_ASN1_BMPSTRING:
        return 2;
    case V_ASN1_UNIVERSALSTRING:
        return 4;
    default:
        return -1;
    }
}

static const char *tag_name(int type)
{
    static const char *const names[31] = {
        [1] = "BOOLEAN", [2] = "INTEGER", [3] = "BIT STRING", [4] = "OCTET STRING",
        [5] = "NULL", [6] = "OBJECT", [12] = "UTF8STRING", [16] = "SEQUENCE", [17] = "SET",
        [18] = "NUMERICSTRING", [19] = "PRINTABLESTRING", [20] = "T61STRING",
        [22] = "IA5STRING", [23] = "UTCTIME", [24] = "GENERALIZEDTIME", [26] = "VISIBLESTRING",
        [28] = "UNIVERSALSTRING", [30] = "BMPSTRING",
    };

    return type >= 0 && type <= 30 && names[type] != NULL ? names[type] : "(unknown)";
}

static void hex_dump(kuma_buf *out, const unsigned char *p, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i;

    for (i = 0; i < len; i++) {
        char h[2] = { hex[p[i] >> 4], hex[p[i] & 15] };

        kuma_buf_append(out, h, 2);
    }
}

/* "#" and the hex of the contents, or of the whole encoding with DUMP_DER. */
static void dump_value(kuma_buf *out, unsigned char tag, kuma_der v, unsigned long lflags)
{
    unsigned char hdr[6];

    kuma_buf_append(out, "#", 1);
    if (lflags & ASN1_STRFLGS_DUMP_DER)
        hex_dump(out, hdr, kuma_der_header(hdr, tag, v.len));
    hex_dump(out, v.p, v.len);
}

/* Appends a value as OpenSSL's do_print_ex(): type, dump or escaped text, quoted if needed. */
static int print_value(kuma_buf *out, unsigned char tag, kuma_der v, unsigned long lflags)
{
    unsigned flags = (unsigned)(lflags & ESC_FLAGS);
    kuma_buf text = { NULL, 0, 0, 0 };
    int width, conv = 0, quotes = 0, ok;

    if (lflags & ASN1_STRFLGS_SHOW_TYPE) {
        buf_puts(out, tag_name(tag));
        kuma_buf_append(out, ":", 1);
    }
    if (lflags & ASN1_STRFLGS_DUMP_ALL)
        width = -1;
    else if (lflags & ASN1_STRFLGS_IGNORE_TYPE)
        width = 1;
    else if ((width = kuma_tag_width(tag)) == -1 && !(lflags & ASN1_STRFLGS_DUMP_UNKNOWN))
        width = 1;
    if (width == -1) {
        dump_value(out, tag, v, lflags);
        return 1;
    }
    if (lflags & ASN1_STRFLGS_UTF8_CONVERT) {
        /* a UTF8String is already UTF-8: taken byte by byte, never converted twice */
        conv = width != 0;
        width = width == 0 ? 1 : width;
    }
    ok = esc_string(&text, v, width, conv, flags, &quotes);
    if (ok) {
        kuma_buf_append(out, "\"", quotes ? 1 : 0);
        kuma_buf_append(out, text.p, text.len);
        kuma_buf_append(out, "\"", quotes ? 1 : 0);
    }
    kuma_buf_wipe_free(&text);
    return ok;
}

/* The separators of X509_NAME_print_ex(); 0 for an unknown XN_FLAG_SEP_* value. */
typedef struct {
    const char *dn, *mv, *eq;
    int indent;                 /* after each dn separator */
} name_seps;

static int name_seps_of(unsigned long flags, int indent, name_seps *s)
{
    switch (flags & XN_FLAG_SEP_MASK) {
    case XN_FLAG_SEP_MULTILINE:
        s->dn = "\n", s->mv = " + ", s->indent = indent;
        break;
    case XN_FLAG_SEP_COMMA_PLUS:
        s->dn = ",", s->mv = "+", s->indent = 0;
        break;
    case XN_FLAG_SEP_CPLUS_SPC:
        s->dn = ", ", s->mv = " + ", s->indent = 0;
        break;
    case XN_FLAG_SEP_SPLUS_SPC:
        s->dn = "; ", s->mv = " + ", s->indent = 0;
        break;
    default:
        return 0;
    }
    s->eq = (flags & XN_FLAG_SPC_EQ) ? " = " : "=";
    return 1;
}

static void put_indent(kuma_buf *out, int n)
{
    while (n-- > 0)
        kuma_buf_append(out, " ", 1);
}

/* Appends the field name (as XN_FLAG_FN_* asks) and the "=" of an attribute; 0 if malformed. */
static int print_field(kuma_buf *out, kuma_der oid, unsigned long flags, const name_seps *s)
{
    unsigned long fn = flags & XN_FLAG_FN_MASK;
    const kuma_name_attr *a = kuma_name_attr_find(oid);
    int width = 0;
    size_t before = out->len;

    if (fn == XN_FLAG_FN_NONE)
        return 1;
    if (fn == XN_FLAG_FN_OID || a == NULL) {
        if (!oid_dotted(out, oid))
            return 0;
    } else {
        buf_puts(out, fn == XN_FLAG_FN_LN ? a->ln : a->sn);
        width = fn == XN_FLAG_FN_LN ? 25 : 10;
    }
    if ((flags & XN_FLAG_FN_ALIGN) && out->len - before < (size_t)width)
        put_indent(out, width - (int)(out->len - before));
    buf_puts(out, s->eq);
    return 1;
}

/* The attributes of a name in order, each with the number of its RDN. */
typedef struct {
    kuma_name_entry e;
    int set;
} name_attr;

static int name_collect(const X509_NAME *nm, kuma_buf *attrs, size_t *count)
{
    kuma_name_iter it;
    name_attr a;
    int r, set = -1;

    *count = 0;
    kuma_name_iter_init(&it, nm);
    while ((r = kuma_name_iter_next(&it, &a.e)) == 1) {
        set += a.e.rdn_start;
        a.set = set;
        kuma_buf_append(attrs, &a, sizeof(a));
        (*count)++;
    }
    return r == 0 && !attrs->oom;
}

/* Renders a name as OpenSSL's do_name_ex(); 0 when flags or the name are invalid. */
static int name_render(kuma_buf *out, const X509_NAME *nm, int indent, unsigned long flags)
{
    kuma_buf attrs = { NULL, 0, 0, 0 };
    name_seps s;
    size_t i, n;
    int ok, prev = -1;

    indent = indent < 0 ? 0 : indent;
    if (!name_seps_of(flags, indent, &s))
        return 0;
    put_indent(out, indent);
    ok = name_collect(nm, &attrs, &n);
    for (i = 0; ok && i < n; i++) {
        const name_attr *a = (const name_attr *)attrs.p + ((flags & XN_FLAG_DN_REV) ? n - 1 - i : i);
        int unknown = kuma_name_attr_find(a->e.oid) == NULL;

        if (prev != -1)
            buf_puts(out, prev == a->set ? s.mv : s.dn);
        if (prev != -1 && prev != a->set)
            put_indent(out, s.indent);
        prev = a->set;
        ok = print_field(out, a->e.oid, flags, &s)
             && print_value(out, a->e.type, a->e.value,
                            flags | (unknown && (flags & XN_FLAG_DUMP_UNKNOWN_FIELDS)
                                     ? ASN1_STRFLGS_DUMP_ALL : 0));
    }
    kuma_buf_wipe_free(&attrs);
    return ok && !out->oom;
}

/*
 * X509_NAME_print()'s traditional form: X509_NAME_oneline() with each "/"
 * that starts a one- or two-capital-letter attribute ("/CN=", "/ST=")
 * turned into ", ", exactly as OpenSSL does it.
 */
static int name_render_compat(kuma_buf *out, const X509_NAME *nm)
{
    char *b = X509_NAME_oneline(nm, NULL, 0), *s, *c;

    if (b == NULL)
        return 0;
    for (s = c = b + (*b != '\0'); *b != '\0'; s++) {
        int upper1 = s[0] == '/' && s[1] >= 'A' && s[1] <= 'Z';
        int starts = upper1 && (s[2] == '=' || (s[2] >= 'A' && s[2] <= 'Z' && s[3] == '='));

        if (starts || *s == '\0') {
            kuma_buf_append(out, c, (size_t)(s - c));
            c = s + 1;
            if (*s != '\0')
                buf_puts(out, ", ");
        }
        if (*s == '\0')
            break;
    }
    OPENSSL_free(b);
    return !out->oom;
}

/* Renders for print_ex; the value to return for it, or -1 / 0 (COMPAT) on error. */
static int name_print_to(kuma_buf *out, const X509_NAME *nm, int indent, unsigned long flags)
{
    if (nm == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_PASSED_NULL_PARAMETER);
        return flags == XN_FLAG_COMPAT ? 0 : -1;
    }
    if (flags == XN_FLAG_COMPAT)
        return name_render_compat(out, nm);
    if (!name_render(out, nm, indent, flags) || out->len > INT_MAX) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT,
                       "cannot print name (malformed name, bad flags or bad string)");
        return -1;
    }
    return (int)out->len;
}

int X509_NAME_print_ex(BIO *out, const X509_NAME *nm, int indent, unsigned long flags)
{
    kuma_buf b = { NULL, 0, 0, 0 };
    int r = name_print_to(&b, nm, indent, flags);

    if (r > 0 && b.len > 0 && BIO_write(out, b.p, (int)b.len) != (int)b.len)
        r = flags == XN_FLAG_COMPAT ? 0 : -1;
    kuma_buf_wipe_free(&b);
    return r;
}

int X509_NAME_print_ex_fp(FILE *fp, const X509_NAME *nm, int indent, unsigned long flags)
{
    kuma_buf b = { NULL, 0, 0, 0 };
    int r = name_print_to(&b, nm, indent, flags);

    if (r > 0 && b.len > 0 && fwrite(b.p, 1, b.len, fp) != b.len)
        r = flags == XN_FLAG_COMPAT ? 0 : -1;
    kuma_buf_wipe_free(&b);
    return r;
}

int X509_NAME_print(BIO *bp, const X509_NAME *name, int obase)
{
    (void)obase;                /* ignored by OpenSSL 3 as well */
    return X509_NAME_print_ex(bp, name, 0, XN_FLAG_COMPAT);
}

int ASN1_STRING_print_ex(BIO *out, const ASN1_STRING *str, unsigned long flags)
{
    kuma_buf b = { NULL, 0, 0, 0 };
    int r = -1;

    if (str != NULL && print_value(&b, str->tag,
                                   kuma_asn1_contents(str), flags) && !b.oom && b.len <= INT_MAX)
        r = (int)b.len;
    if (r > 0 && BIO_write(out, b.p, r) != r)
        r = -1;
    kuma_buf_wipe_free(&b);
    return r;
}
