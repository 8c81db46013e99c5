/*
 * kumassl: SSL_SESSION objects, their DER form, and client resumption.
 * The server's cache and the per-SSL_CTX settings are in sess_cache.c.
 *
 * An engine reports a session as kuma_session_params (id, version,
 * suite, master secret); an SSL_SESSION wraps them with OpenSSL's extras:
 * creation time, timeout, session id context and the SNI name.
 */
#include <string.h>
#include <strings.h>
#include <time.h>
#include "session_int.h"

#define REF_ONE ((uint64_t)1)
#define HOLD_ONE (((uint64_t)1 << 32) | 1)     /* a library hold is also a reference */

static uint32_t all_refs(uint64_t counts)
{
    return (uint32_t)counts;
}

static uint32_t lib_holds(uint64_t counts)
{
    return (uint32_t)(counts >> 32);
}

/* ---- lifetime ------------------------------------------------------------------ */

static void session_destroy(SSL_SESSION *sess)
{
    free(sess->hostname);
    kuma_session_free_master_key(sess);
    kuma_session_free_ticket(sess);
    OPENSSL_cleanse(sess, sizeof(*sess));     /* the master secret */
    free(sess);
}

SSL_SESSION *SSL_SESSION_new(void)
{
    SSL_SESSION *sess = calloc(1, sizeof(*sess));

    if (sess == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    atomic_init(&sess->counts, REF_ONE);
    sess->time = (long)time(NULL);
    sess->timeout = KUMA_SESS_TIMEOUT_DEFAULT;
    return sess;
}

int SSL_SESSION_up_ref(SSL_SESSION *sess)
{
    atomic_fetch_add(&sess->counts, REF_ONE);
    return 1;
}

/*
 * Drops one of the caller's references. References the library holds
 * itself (the SSL's s->session, cache entries) are counted apart, and a
 * call that would take one of those is ignored: a program that frees the
 * pointer SSL_get_session() returned (it owns no reference to it) before
 * SSL_free() -- a double free under OpenSSL -- leaves the session alive
 * until the SSL lets go of it, instead of freeing it twice.
 */
void SSL_SESSION_free(SSL_SESSION *sess)
{
    uint64_t v;

    if (sess == NULL)
        return;
    v = atomic_load(&sess->counts);
    do {
        if (all_refs(v) <= lib_holds(v))
            return;
    } while (!atomic_compare_exchange_weak(&sess->counts, &v, v - REF_ONE));
    if (all_refs(v) == 1)
        session_destroy(sess);
}

void kuma_session_hold(SSL_SESSION *sess)
{
    atomic_fetch_add(&sess->counts, HOLD_ONE);
}

void kuma_session_release(SSL_SESSION *sess)
{
    if (sess != NULL && all_refs(atomic_fetch_sub(&sess->counts, HOLD_ONE)) == 1)
        session_destroy(sess);
}

/* The SSL_CTX whose settings and statistics serve s's sessions (OpenSSL's session_ctx). */
static SSL_CTX *session_ctx_of(const SSL *s)
{
    return s->sess_ssl != NULL && s->sess_ssl->cache_ctx != NULL ? s->sess_ssl->cache_ctx : s->ctx;
}

static const char *sni_of(SSL *s)
{
    const char *name = s->engine_state != NULL ? s->engine->server_name(s) : s->sni;

    return name != NULL && name[0] != '\0' ? name : NULL;
}

SSL_SESSION *kuma_session_create(SSL *s, const kuma_session_params *params)
{
    SSL_SESSION *sess = SSL_SESSION_new();
    const char *name = sni_of(s);
    const unsigned char *sid_ctx;

    if (sess == NULL)
        return NULL;
    atomic_store(&sess->counts, HOLD_ONE);
    sess->params = *params;
    sess->timeout = SSL_CTX_get_timeout(session_ctx_of(s));
    kuma_session_sid_ctx(s, &sid_ctx, &sess->sid_ctx_len);
    memcpy(sess->sid_ctx, sid_ctx, sess->sid_ctx_len);
    if (name != NULL && (sess->hostname = strdup(name)) == NULL) {
        kuma_session_release(sess);
        KUMA_RAISE_AT("SSL_SESSION_new", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
        return NULL;
    }
    return sess;
}

/* ---- accessors ------------------------------------------------------------------- */

int kuma_session_expired(const SSL_SESSION *sess, long now)
{
    return now - sess->time > sess->timeout;
}

int SSL_SESSION_is_resumable(const SSL_SESSION *sess)
{
    return sess != NULL && !atomic_load(&sess->not_resumable)
        && sess->params.session_id_len > 0 && sess->params.version != 0;
}

const unsigned char *SSL_SESSION_get_id(const SSL_SESSION *sess, unsigned int *len)
{
    if (len != NULL)
        *len = sess->params.session_id_len;
    return sess->params.session_id;
}

const char *SSL_SESSION_get0_hostname(const SSL_SESSION *s)
{
    return s != NULL ? s->hostname : NULL;
}

int SSL_SESSION_get_protocol_version(const SSL_SESSION *sess)
{
    return sess->params.version;
}

const SSL_CIPHER *SSL_SESSION_get0_cipher(const SSL_SESSION *sess)
{
    return kuma_cipher_by_id(sess->params.cipher_suite);
}

long SSL_SESSION_get_time(const SSL_SESSION *sess)
{
    return sess != NULL ? sess->time : 0;
}

long SSL_SESSION_set_time(SSL_SESSION *sess, long t)
{
    if (sess == NULL)
        return 0;
    sess->time = t;
    return t;
}

long SSL_SESSION_get_timeout(const SSL_SESSION *sess)
{
    return sess != NULL ? sess->timeout : 0;
}

long SSL_SESSION_set_timeout(SSL_SESSION *sess, long t)
{
    if (sess == NULL || t < 0)
        return 0;
    sess->timeout = t;
    return 1;
}

/* ---- DER ------------------------------------------------------------------------- */

/*
 * The layout is the start of OpenSSL's SSL_SESSION_ASN1, so the tags and
 * meanings agree with OpenSSL's:
 *   SEQUENCE { version INTEGER (1), protocol INTEGER, cipher OCTET STRING (2),
 *              id OCTET STRING, master OCTET STRING (48; TLS 1.3: the
 *              ticket's PSK, the suite's hash length),
 *              time [1] INTEGER, timeout [2] INTEGER,
 *              sid_ctx [4] OCTET STRING, hostname [6] OCTET STRING OPTIONAL,
 *              and a TLS 1.3 client's ticket: lifetime hint [9] INTEGER,
 *              ticket [10] OCTET STRING, age_add [14] INTEGER,
 *              max_early_data [15] INTEGER OPTIONAL }
 * (as `openssl asn1parse` shows of an OpenSSL 3.0 s_client -sess_out file).
 * The decoder skips OpenSSL's other context-tagged fields.
 */
#define TAG_INTEGER 0x02
#define TAG_OCTETS 0x04
#define TAG_SEQUENCE 0x30
#define TAG_EXPLICIT(n) (0xa0 | (n))
#define SESS_ASN1_VERSION 1
#define MASTER_LEN 48
#define DER_BODY_MAX 512    /* every field at its largest fits */
#define HOSTNAME_MAX 255

typedef struct {
    unsigned char *buf;
    size_t len;
} der_out;

static size_t header_len(size_t len)
{
    return len < 128 ? 2 : len < 256 ? 3 : 4;
}

static void put_header(der_out *o, unsigned tag, size_t len)
{
    o->buf[o->len++] = (unsigned char)tag;
    if (len >= 256)
        o->buf[o->len++] = 0x82, o->buf[o->len++] = (unsigned char)(len >> 8);
    else if (len >= 128)
        o->buf[o->len++] = 0x81;
    o->buf[o->len++] = (unsigned char)len;
}

static void put_tlv(der_out *o, unsigned tag, const void *data, size_t len)
{
    put_header(o, tag, len);
    memcpy(o->buf + o->len, data, len);
    o->len += len;
}

/* An INTEGER, in the fewest two's complement bytes. */
static void put_int(der_out *o, long v)
{
    unsigned char be[sizeof(long)];
    size_t i, start = 0;

    for (i = 0; i < sizeof(long); i++)
        be[i] = (unsigned char)((unsigned long)v >> (8 * (sizeof(long) - 1 - i)));
    while (start + 1 < sizeof(long)
           && ((be[start] == 0x00 && !(be[start + 1] & 0x80))
               || (be[start] == 0xff && (be[start + 1] & 0x80))))
        start++;
    put_tlv(o, TAG_INTEGER, be + start, sizeof(long) - start);
}

static void put_explicit_int(der_out *o, unsigned n, long v)
{
    unsigned char tmp[2 + sizeof(long)];
    der_out inner = { tmp, 0 };

    put_int(&inner, v);
    put_tlv(o, TAG_EXPLICIT(n), tmp, inner.len);
}

static void put_explicit_octets(der_out *o, unsigned n, const void *data, size_t len)
{
    put_header(o, TAG_EXPLICIT(n), header_len(len) + len);
    put_tlv(o, TAG_OCTETS, data, len);
}

static void encode_body(const SSL_SESSION *sess, der_out *o)
{
    const kuma_session_params *p = &sess->params;
    unsigned char cipher[2] = { (unsigned char)(p->cipher_suite >> 8), (unsigned char)p->cipher_suite };

    put_int(o, SESS_ASN1_VERSION);
    put_int(o, p->version);
    put_tlv(o, TAG_OCTETS, cipher, sizeof(cipher));
    put_tlv(o, TAG_OCTETS, p->session_id, p->session_id_len);
    put_tlv(o, TAG_OCTETS, p->master_secret, kuma_session_master_len(p));
    put_explicit_int(o, 1, sess->time);
    put_explicit_int(o, 2, sess->timeout);
    put_explicit_octets(o, 4, sess->sid_ctx, sess->sid_ctx_len);
    if (sess->hostname != NULL)
        put_explicit_octets(o, 6, sess->hostname, strlen(sess->hostname));
    if (p->ems)
        put_explicit_int(o, 13, 1);     /* OpenSSL's flag for extended master secret */
    if (sess->ticket != NULL) {
        put_explicit_int(o, 9, (long)sess->lifetime_hint);
        put_explicit_octets(o, 10, sess->ticket, sess->ticket_len);
        put_explicit_int(o, 14, (long)sess->age_add);
    }
    if (sess->max_early_data > 0)
        put_explicit_int(o, 15, (long)sess->max_early_data);
}

int i2d_SSL_SESSION(const SSL_SESSION *in, unsigned char **pp)
{
    unsigned char *body;
    der_out b, o;
    size_t total, cap;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, in))
        return 0;
    cap = DER_BODY_MAX + in->ticket_len;
    if ((body = malloc(cap)) == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    b.buf = body;
    b.len = 0;
    encode_body(in, &b);
    total = header_len(b.len) + b.len;
    if (pp != NULL) {
        o.buf = *pp != NULL ? *pp : OPENSSL_malloc(total);
        if (o.buf == NULL) {
            OPENSSL_cleanse(body, cap);
            free(body);
            return 0;
        }
        o.len = 0;
        put_tlv(&o, TAG_SEQUENCE, body, b.len);
        /* OpenSSL's convention: a buffer we allocate is returned unadvanced */
        *pp = *pp == NULL ? o.buf : *pp + total;
    }
    OPENSSL_cleanse(body, cap);
    free(body);
    return (int)total;
}

typedef struct {
    const unsigned char *p;
    size_t len;
} der_in;

static int malformed(const char *what)
{
    ERR_raise_data(ERR_LIB_SSL, ERR_R_NESTED_ASN1_ERROR, "SSL_SESSION DER: malformed %s", what);
    return 0;
}

static int bad_value(const char *what)
{
    ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_VALUE, "SSL_SESSION DER: %s", what);
    return 0;
}

/* Reads one TLV (single-byte tag, definite minimal length below 64 KiB) off d. */
static int get_tlv(der_in *d, unsigned *tag, der_in *val)
{
    size_t n, hdr = 2, i, nlen;

    if (d->len < 2 || (d->p[0] & 0x1f) == 0x1f)
        return 0;
    *tag = d->p[0];
    n = d->p[1];
    if (n & 0x80) {
        nlen = n & 0x7f;
        if (nlen == 0 || nlen > 2 || d->len < 2 + nlen)
            return 0;
        for (n = 0, i = 0; i < nlen; i++)
            n = (n << 8) | d->p[2 + i];
        if (n < 128 || (nlen == 2 && n < 256))
            return 0;
        hdr += nlen;
    }
    if (n > d->len - hdr)
        return 0;
    val->p = d->p + hdr;
    val->len = n;
    d->p += hdr + n;
    d->len -= hdr + n;
    return 1;
}

static int get_expected(der_in *d, unsigned tag, der_in *val)
{
    unsigned got;

    return get_tlv(d, &got, val) && got == tag;
}

static int parse_int(der_in v, long *out)
{
    unsigned long u;
    size_t i;

    if (v.len == 0 || v.len > sizeof(long))
        return 0;
    u = (v.p[0] & 0x80) ? ~0UL : 0;
    for (i = 0; i < v.len; i++)
        u = (u << 8) | v.p[i];
    *out = (long)u;
    return 1;
}

static int get_int(der_in *d, long *out)
{
    der_in v;

    return get_expected(d, TAG_INTEGER, &v) && parse_int(v, out);
}

/* An OCTET STRING of at most max bytes into dst. */
static int get_octets(der_in *d, unsigned char *dst, size_t max, size_t *len, const char *what)
{
    der_in v;

    if (!get_expected(d, TAG_OCTETS, &v))
        return malformed(what);
    if (v.len > max)
        return bad_value(what);
    memcpy(dst, v.p, v.len);
    *len = v.len;
    return 1;
}

static int decode_core(SSL_SESSION *sess, der_in *d)
{
    kuma_session_params *p = &sess->params;
    unsigned char cipher[2];
    size_t len;
    long n;

    if (!get_int(d, &n))
        return malformed("format version");
    if (n != SESS_ASN1_VERSION)
        return bad_value("unknown format version");
    if (!get_int(d, &n))
        return malformed("protocol version");
    if (n < TLS1_VERSION || n > TLS1_3_VERSION)
        return bad_value("protocol version is not TLS 1.0-1.3");
    p->version = (uint16_t)n;
    if (!get_octets(d, cipher, sizeof(cipher), &len, "cipher") )
        return 0;
    p->cipher_suite = (uint16_t)(cipher[0] << 8 | cipher[1]);
    if (len != sizeof(cipher) || kuma_cipher_by_id(p->cipher_suite) == NULL)
        return bad_value("unknown cipher suite");
    if (!get_octets(d, p->session_id, sizeof(p->session_id), &len, "session id"))
        return 0;
    p->session_id_len = (unsigned char)len;
    if (!get_octets(d, p->master_secret, MASTER_LEN, &len, "master secret"))
        return 0;
    return len == kuma_session_master_len(p)
           || bad_value("master secret is not of the version's and suite's length");
}

static int decode_hostname(SSL_SESSION *sess, der_in *v)
{
    char name[HOSTNAME_MAX + 1];
    size_t len;

    if (!get_octets(v, (unsigned char *)name, HOSTNAME_MAX, &len, "host name"))
        return 0;
    name[len] = '\0';
    if (len == 0 || strlen(name) != len)
        return bad_value("host name");
    if ((sess->hostname = strdup(name)) == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    return 1;
}

/* An INTEGER from 0 to 2^32-1 (OpenSSL's ZUINT32 and lifetime hint). */
static int get_uint32(der_in *v, uint32_t *out)
{
    long n;

    if (!get_int(v, &n))
        return malformed("ticket field");
    if (n < 0 || (unsigned long)n > 0xffffffffUL)
        return bad_value("ticket field out of range");
    *out = (uint32_t)n;
    return 1;
}

static int decode_ticket(SSL_SESSION *sess, der_in *v)
{
    der_in t;

    if (!get_expected(v, TAG_OCTETS, &t))
        return malformed("ticket");
    if (t.len == 0 || t.len > KUMA_TICKET_MAX)
        return bad_value("ticket length");
    return kuma_session_set_ticket(sess, t.p, t.len);
}

/* One [n] EXPLICIT field; v is its content, which must be one TLV exactly. */
static int decode_tagged(SSL_SESSION *sess, unsigned tag, der_in v)
{
    size_t len;
    long flags;
    int ok;

    switch (tag) {
    case TAG_EXPLICIT(1):
        ok = get_int(&v, &sess->time) || malformed("time");
        break;
    case TAG_EXPLICIT(2):
        ok = (get_int(&v, &sess->timeout) || malformed("timeout"))
            && (sess->timeout >= 0 || bad_value("negative timeout"));
        break;
    case TAG_EXPLICIT(4):
        ok = get_octets(&v, sess->sid_ctx, KUMA_SID_CTX_MAX, &len, "session id context");
        sess->sid_ctx_len = ok ? (unsigned int)len : 0;
        break;
    case TAG_EXPLICIT(6):
        ok = sess->hostname == NULL && decode_hostname(sess, &v);
        break;
    case TAG_EXPLICIT(9):
    case TAG_EXPLICIT(14):
    case TAG_EXPLICIT(15):
        ok = get_uint32(&v, tag == TAG_EXPLICIT(9) ? &sess->lifetime_hint
                            : tag == TAG_EXPLICIT(14) ? &sess->age_add : &sess->max_early_data);
        break;
    case TAG_EXPLICIT(10):
        ok = decode_ticket(sess, &v);
        break;
    case TAG_EXPLICIT(13):
        ok = get_int(&v, &flags) || malformed("flags");
        /*
         * Extended master secret (flag 1): no engine of kumassl resumes
         * such a session yet (see offerable()), so it is not resumable.
         */
        if (ok && (flags & 1)) {
            sess->params.ems = 1;
            atomic_store(&sess->not_resumable, 1);
        }
        break;
    default:
        return 1;   /* OpenSSL's fields kumassl has no use for (peer certificate...) */
    }
    return ok && (v.len == 0 || malformed("trailing bytes in a field"));
}

/* The context-tagged fields, in increasing tag order as DER requires. */
static int decode_optional(SSL_SESSION *sess, der_in *d)
{
    unsigned tag, last = 0;
    int first = 1;
    der_in v;

    while (d->len > 0) {
        if (!get_tlv(d, &tag, &v) || (tag & 0xc0) != 0x80)
            return malformed("optional field");
        if (!first && (tag & 0x1f) <= last)
            return malformed("field order");
        first = 0;
        last = tag & 0x1f;
        if (!decode_tagged(sess, tag, v))
            return 0;
    }
    return 1;
}

/* On success *a (when a is not NULL) is replaced: the old session is freed. */
SSL_SESSION *d2i_SSL_SESSION(SSL_SESSION **a, const unsigned char **pp, long length)
{
    der_in d, body;
    SSL_SESSION *sess;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, pp) || KUMA_NULL_ARG(ERR_LIB_SSL, *pp))
        return NULL;
    if (length <= 0) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_LENGTH, "SSL_SESSION DER: length %ld", length);
        return NULL;
    }
    d.p = *pp;
    d.len = (size_t)length;
    if (!get_expected(&d, TAG_SEQUENCE, &body)) {
        malformed("SEQUENCE (not a session, or truncated)");
        return NULL;
    }
    if ((sess = SSL_SESSION_new()) == NULL)
        return NULL;
    if (!decode_core(sess, &body) || !decode_optional(sess, &body)) {
        SSL_SESSION_free(sess);
        return NULL;
    }
    *pp = d.p;
    if (a != NULL) {
        SSL_SESSION_free(*a);
        *a = sess;
    }
    return sess;
}

/* ---- connections ------------------------------------------------------------------ */

kuma_sess_ssl *kuma_sess_ssl_get(SSL *s)
{
    if (s->sess_ssl == NULL && (s->sess_ssl = calloc(1, sizeof(*s->sess_ssl))) == NULL) {
        KUMA_RAISE_AT("SSL_get1_session", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
        return NULL;
    }
    s->sess_ssl->ssl = s;
    return s->sess_ssl;
}

void kuma_sess_ssl_reset_server(kuma_sess_ssl *w)
{
    kuma_session_release(w->loaded);
    kuma_session_release(w->saved);
    w->loaded = w->saved = NULL;
}

void kuma_session_attach(SSL *s, SSL_SESSION *held)
{
    SSL_SESSION *old = s->session;

    s->session = held;
    kuma_session_release(old);
}

/* Takes the library reference out of *slot. */
static SSL_SESSION *take(SSL_SESSION **slot)
{
    SSL_SESSION *sess = *slot;

    *slot = NULL;
    return sess;
}

void kuma_session_ssl_free(SSL *s)
{
    kuma_sess_ssl *w = s->sess_ssl;

    kuma_session_attach(s, NULL);
    if (w == NULL)
        return;
    kuma_sess_ssl_reset_server(w);
    SSL_CTX_free(w->cache_ctx);
    free(w);
    s->sess_ssl = NULL;
}

SSL_SESSION *SSL_get_session(const SSL *s)
{
    return s != NULL ? s->session : NULL;
}

SSL_SESSION *SSL_get1_session(SSL *s)
{
    SSL_SESSION *sess = SSL_get_session(s);

    if (sess != NULL)
        SSL_SESSION_up_ref(sess);
    return sess;
}

int SSL_set_session(SSL *s, SSL_SESSION *sess)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    if (sess != NULL)
        kuma_session_hold(sess);
    kuma_session_attach(s, sess);
    return 1;
}

int SSL_session_reused(const SSL *s)
{
    return s->reused;
}

static int store_sid_ctx(unsigned char *dst, unsigned int *dst_len,
                         const unsigned char *sid_ctx, unsigned int len)
{
    if (len > KUMA_SID_CTX_MAX) {
        ERR_raise(ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG);
        return 0;
    }
    if (len > 0 && KUMA_NULL_ARG(ERR_LIB_SSL, sid_ctx))
        return 0;
    if (len > 0)
        memcpy(dst, sid_ctx, len);
    *dst_len = len;
    return 1;
}

int SSL_CTX_set_session_id_context(SSL_CTX *ctx, const unsigned char *sid_ctx, unsigned int len)
{
    kuma_sess_ctx *c = ctx != NULL ? kuma_sess_ctx_get(ctx) : NULL;

    return c != NULL && store_sid_ctx(c->sid_ctx, &c->sid_ctx_len, sid_ctx, len);
}

int SSL_set_session_id_context(SSL *s, const unsigned char *sid_ctx, unsigned int len)
{
    kuma_sess_ssl *w = s != NULL ? kuma_sess_ssl_get(s) : NULL;

    if (w == NULL || !store_sid_ctx(w->sid_ctx, &w->sid_ctx_len, sid_ctx, len))
        return 0;
    w->sid_ctx_set = 1;
    return 1;
}

void kuma_session_sid_ctx(const SSL *s, const unsigned char **sid_ctx, unsigned int *len)
{
    static const unsigned char none[1];
    const kuma_sess_ctx *c = kuma_sess_ctx_peek(s->ctx);

    if (s->sess_ssl != NULL && s->sess_ssl->sid_ctx_set) {
        *sid_ctx = s->sess_ssl->sid_ctx;
        *len = s->sess_ssl->sid_ctx_len;
    } else if (c != NULL) {
        *sid_ctx = c->sid_ctx;
        *len = c->sid_ctx_len;
    } else {
        *sid_ctx = none;
        *len = 0;
    }
}

/* ---- the handshake hooks ------------------------------------------------------------ */

static int suite_in(const uint16_t *suites, size_t num, uint16_t suite)
{
    size_t i;

    for (i = 0; i < num; i++)
        if (suites[i] == suite)
            return 1;
    return 0;
}

static int same_host(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcasecmp(a, b) == 0);
}

/*
 * A client offers a session only for the server name it was made for, and
 * with a version and suite the connection still allows: resuming skips
 * certificate checks, so the original handshake must have covered them.
 */
static int offerable(const SSL *s, const SSL_SESSION *sess, int min_version, int max_version,
                     const uint16_t *suites, size_t num_suites)
{
    /*
     * Only kumassl's own engine negotiates extended master secret; a server
     * must abort a resumption of such a session without it (RFC 7627 5.3),
     * so another engine offers none and a full handshake follows.
     */
    return kuma_session_usable(s, sess) && !sess->params.ems
        && sess->params.version >= min_version
        && sess->params.version <= max_version
        && suite_in(suites, num_suites, sess->params.cipher_suite);
}

int kuma_session_usable(const SSL *s, const SSL_SESSION *sess)
{
    return SSL_SESSION_is_resumable(sess) && !kuma_session_expired(sess, (long)time(NULL))
        && same_host(sess->hostname, s->sni);
}

int kuma_session_to_offer(SSL *s, int min_version, int max_version, const uint16_t *suites,
                          size_t num_suites, kuma_session_params *params)
{
    kuma_sess_stat_add(s->ctx, KUMA_ST_CONNECT);
    if (s->session == NULL)
        return 0;
    if (!offerable(s, s->session, min_version, max_version, suites, num_suites)) {
        kuma_session_attach(s, NULL);
        return 0;
    }
    *params = s->session->params;
    return 1;
}

/* A resumption keeps the id and the master secret. */
int kuma_session_params_equal(const kuma_session_params *a, const kuma_session_params *b)
{
    return a->session_id_len > 0 && a->session_id_len == b->session_id_len
        && memcmp(a->session_id, b->session_id, a->session_id_len) == 0
        && memcmp(a->master_secret, b->master_secret, MASTER_LEN) == 0;
}

void kuma_session_announce(SSL *s, SSL_CTX *ctx, int role_bit)
{
    const kuma_sess_ctx *c = kuma_sess_ctx_peek(ctx);
    SSL_SESSION *sess = s->session;

    if (c == NULL || c->new_cb == NULL || !(c->mode & role_bit) || !SSL_SESSION_is_resumable(sess))
        return;
    SSL_SESSION_up_ref(sess);
    if (!c->new_cb(s, sess))
        SSL_SESSION_free(sess);
}

static void client_done(SSL *s, const kuma_session_params *params, int reused)
{
    kuma_sess_stat_add(s->ctx, KUMA_ST_CONNECT_GOOD);
    if (reused) {                       /* without a session: an external PSK (TLS 1.3) */
        s->reused = 1;
        kuma_sess_stat_add(s->ctx, KUMA_ST_HIT);
        if (s->session != NULL)
            return;
    } else if (s->session != NULL) {
        kuma_sess_stat_add(s->ctx, KUMA_ST_MISS);
    }
    kuma_session_attach(s, kuma_session_create(s, params));
    kuma_session_announce(s, s->ctx, SSL_SESS_CACHE_CLIENT);
}

static void server_done(SSL *s, const kuma_session_params *params, int reused)
{
    kuma_sess_ssl *w = s->sess_ssl;
    SSL_CTX *ctx = session_ctx_of(s);
    long good = kuma_sess_stat_add(ctx, KUMA_ST_ACCEPT_GOOD);
    const kuma_sess_ctx *c = kuma_sess_ctx_peek(ctx);

    if (reused && (w == NULL || w->loaded == NULL)) {
        /* a TLS 1.3 ticket (stateless): the engine resumed a session no cache holds */
        s->reused = 1;
        kuma_sess_stat_add(ctx, KUMA_ST_HIT);
        kuma_session_attach(s, kuma_session_create(s, params));
    } else if (reused && w != NULL && w->loaded != NULL
               && kuma_session_params_equal(&w->loaded->params, params)) {
        s->reused = 1;
        kuma_sess_stat_add(ctx, KUMA_ST_HIT);
        kuma_session_attach(s, take(&w->loaded));
    } else {
        if (w != NULL && w->saved != NULL && kuma_session_params_equal(&w->saved->params, params))
            kuma_session_attach(s, take(&w->saved));
        else
            kuma_session_attach(s, kuma_session_create(s, params));
        kuma_session_announce(s, ctx, SSL_SESS_CACHE_SERVER);
    }
    if (w != NULL)
        kuma_sess_ssl_reset_server(w);
    /* as OpenSSL: every 255 connections, expired sessions leave the cache */
    if (c != NULL && !(c->mode & SSL_SESS_CACHE_NO_AUTO_CLEAR) && (good & 0xff) == 0xff)
        SSL_CTX_flush_sessions(ctx, (long)time(NULL));
}

void kuma_session_established(SSL *s, const kuma_session_params *params, int reused)
{
    s->reused = 0;
    if (s->role == KUMA_ROLE_CLIENT)
        client_done(s, params, reused);
    else
        server_done(s, params, reused);
}
