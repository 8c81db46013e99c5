/*
 * kumassl: a server's judgement of the client's plaintext handshake
 * messages, where BearSSL's is missing or too lenient (watch.c hands them
 * over, complete, before BearSSL has seen their last byte).
 *
 *   HelloRequest       only a server may send it: unexpected_message.
 *   ClientHello        no version in common: protocol_version (BearSSL
 *                      answered handshake_failure, in a record of version 0);
 *                      malformed server_name and ALPN: decode_error, as
 *                      OpenSSL (BearSSL skips what it does not use); no
 *                      signature algorithm but SHA-1 for an ECDHE suite:
 *                      handshake_failure (RFC 9155; BearSSL would sign with
 *                      SHA-1). What the hello lacks for a suite, a group or a
 *                      version is noted too, so that when BearSSL answers
 *                      handshake_failure the reason says which (errors.c).
 *   ClientKeyExchange  an ECDHE share that is not a point of the curve (or a
 *                      small-order X25519 share): illegal_parameter. BearSSL
 *                      derives a random premaster secret then, and the
 *                      handshake dies later of a bad MAC.
 */
#include <string.h>
#include "br_int.h"

#define EXT_SERVER_NAME 0x0000
#define EXT_SUPPORTED_GROUPS 0x000a
#define EXT_POINT_FORMATS 0x000b
#define EXT_SIGALGS 0x000d
#define EXT_ALPN 0x0010
#define EXT_SUPPORTED_VERSIONS 0x002b
#define CURVE_X25519 29
#define HS_HELLO_REQUEST 0
#define HS_CLIENT_HELLO 1
#define HS_CLIENT_KEY_EXCHANGE 16

/* ---- reading ------------------------------------------------------------------------ */

typedef struct {
    const unsigned char *p;
    size_t n;
} span;

/* The next `len` bytes as a span; 0 when fewer remain. */
static int take(span *in, size_t len, span *out)
{
    if (len > in->n)
        return 0;
    out->p = in->p;
    out->n = len;
    in->p += len;
    in->n -= len;
    return 1;
}

/* A big-endian number of `width` (1 or 2) bytes. */
static int number(span *in, size_t width, size_t *v)
{
    span b;
    size_t i;

    if (!take(in, width, &b))
        return 0;
    for (*v = 0, i = 0; i < width; i++)
        *v = (*v << 8) | b.p[i];
    return 1;
}

/* A vector with a `width`-byte length. */
static int vector(span *in, size_t width, span *out)
{
    size_t len;

    return number(in, width, &len) && take(in, len, out);
}

/* A vector that makes up the whole of `in`. */
static int whole_vector(span in, size_t width, span *out)
{
    return vector(&in, width, out) && in.n == 0;
}

/* ---- cipher suites (BearSSL's, by what they need) -------------------------------------- */

static int suite_is_ecdhe(unsigned id)
{
    return (id >= 0xC006 && id <= 0xC00A) || (id >= 0xC010 && id <= 0xC014)
        || (id >= 0xC023 && id <= 0xC024) || (id >= 0xC027 && id <= 0xC028)
        || (id >= 0xC02B && id <= 0xC02C) || (id >= 0xC02F && id <= 0xC030)
        || (id >= 0xC0AC && id <= 0xC0AF) || id == 0xCCA8 || id == 0xCCA9;
}

/* ECDHE suites signed with ECDSA (the others are signed with RSA). */
static int suite_is_ecdsa(unsigned id)
{
    return (id >= 0xC006 && id <= 0xC00A) || id == 0xC023 || id == 0xC024 || id == 0xC02B
        || id == 0xC02C || (id >= 0xC0AC && id <= 0xC0AF) || id == 0xCCA9;
}

/* Suites older versions can use: those with HMAC-SHA1 (as BearSSL decides). */
static int suite_before_tls12(unsigned id)
{
    return id == 0x000A || id == 0x002F || id == 0x0035 || (id >= 0xC003 && id <= 0xC00F)
        || (id >= 0xC012 && id <= 0xC014);
}

static int server_offers(const br_ssl_engine_context *eng, unsigned id)
{
    size_t i;

    for (i = 0; i < eng->suites_num; i++)
        if (eng->suites_buf[i] == id)
            return 1;
    return 0;
}

/* ---- the ClientHello ----------------------------------------------------------------- */

typedef struct {
    unsigned legacy_version;
    span suites;
    span sni, alpn, versions, groups, sigalgs, point_formats;  /* extension bodies; p NULL when absent */
} hello;

static const char *const PARSE = "tls_parse_ctos_server_name";

static int reject(SSL *s, int alert, int reason, const char *func, const char *data)
{
    kuma_br_reject(s, alert, reason, func, data);
    return 0;
}

/* RFC 6066 3, as OpenSSL reads it: exactly one host_name, with no NUL. */
static int sni_ok(SSL *s, span body)
{
    span list, name;
    size_t type;

    if (!whole_vector(body, 2, &list) || list.n == 0 || !number(&list, 1, &type)
        || type != TLSEXT_NAMETYPE_host_name || !whole_vector(list, 2, &name))
        return reject(s, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION, PARSE,
                      "server_name: not one host_name");
    if (name.n > TLSEXT_MAXLEN_host_name || memchr(name.p, 0, name.n) != NULL)
        return reject(s, SSL_AD_UNRECOGNIZED_NAME, SSL_R_BAD_EXTENSION, PARSE,
                      "server_name: an oversized host name, or one with a NUL");
    return 1;
}

/* RFC 7301 3.1: a non-empty list of non-empty names, exactly filling the extension. */
static int alpn_ok(SSL *s, span body)
{
    span list, name;

    if (!whole_vector(body, 2, &list) || list.n < 2)
        return reject(s, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION, "tls_parse_ctos_alpn",
                      "ALPN: empty or truncated protocol list");
    while (list.n > 0)
        if (!vector(&list, 1, &name) || name.n == 0)
            return reject(s, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION, "tls_parse_ctos_alpn",
                          "ALPN: empty or truncated protocol name");
    return 1;
}

static int read_extensions(SSL *s, span exts, hello *h)
{
    while (exts.n > 0) {
        size_t type;
        span body, *slot = NULL;

        if (!number(&exts, 2, &type) || !vector(&exts, 2, &body))
            return reject(s, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION, "tls_collect_extensions",
                          NULL);
        if (type == EXT_SERVER_NAME)
            slot = &h->sni;
        else if (type == EXT_ALPN)
            slot = &h->alpn;
        else if (type == EXT_SUPPORTED_VERSIONS)
            slot = &h->versions;
        else if (type == EXT_SUPPORTED_GROUPS)
            slot = &h->groups;
        else if (type == EXT_SIGALGS)
            slot = &h->sigalgs;
        else if (type == EXT_POINT_FORMATS)
            slot = &h->point_formats;
        if (slot != NULL && slot->p != NULL)
            return reject(s, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_EXTENSION,
                          "tls_collect_extensions", "an extension appears twice");
        if (slot != NULL)
            *slot = body;
    }
    return (h->sni.p == NULL || sni_ok(s, h->sni)) && (h->alpn.p == NULL || alpn_ok(s, h->alpn));
}

static int read_hello(SSL *s, span m, hello *h)
{
    span random, sid, comp, exts;
    size_t v;

    memset(h, 0, sizeof(*h));
    if (!number(&m, 2, &v) || !take(&m, 32, &random) || !vector(&m, 1, &sid)
        || !vector(&m, 2, &h->suites) || !vector(&m, 1, &comp)
        || (m.n > 0 && !whole_vector(m, 2, &exts)))
        return reject(s, SSL_AD_DECODE_ERROR, SSL_R_LENGTH_MISMATCH,
                      "tls_process_client_hello", NULL);
    h->legacy_version = (unsigned)v;
    return m.n == 0 || read_extensions(s, exts, h);
}

/* The version BearSSL will choose, or 0 when the client offers none we enable. */
static unsigned common_version(const br_ssl_engine_context *eng, const hello *h)
{
    span list = { NULL, 0 };
    size_t v;
    unsigned best = 0;

    if (h->versions.p == NULL)
        return h->legacy_version < eng->version_min || (h->legacy_version >> 8) != 3 ? 0
            : (h->legacy_version > eng->version_max ? eng->version_max : h->legacy_version);
    if (!whole_vector(h->versions, 1, &list))
        return 0;
    while (number(&list, 2, &v))
        if (v >= eng->version_min && v <= eng->version_max && v > best)
            best = (unsigned)v;
    return best;
}

/* The client's curves as BearSSL's bit mask (P-256 alone when it names none). */
static uint32_t client_curves(const hello *h)
{
    span list;
    size_t id;
    uint32_t mask = 0;

    if (h->groups.p == NULL || !whole_vector(h->groups, 2, &list))
        return (uint32_t)1 << 23;
    while (number(&list, 2, &id))
        if (id < 32)
            mask |= (uint32_t)1 << id;
    return mask;
}

/* A signature algorithm other than SHA-1 (and MD5) for our key (RFC 9155). */
static int client_signs_without_sha1(const hello *h, int sig)
{
    span list;
    size_t alg;

    if (h->sigalgs.p == NULL || !whole_vector(h->sigalgs, 2, &list))
        return 0;
    while (number(&list, 2, &alg))
        if ((alg & 0xFF) == (size_t)sig && (alg >> 8) >= 3 && (alg >> 8) <= 6)
            return 1;
    return 0;
}

/* What the suites, groups and signature algorithms allow; 0 when rejected. */
static int judge_suites(SSL *s, br_state *st, const hello *h, unsigned version)
{
    const br_ssl_engine_context *eng = &st->u.c.eng;
    int rsa = st->creds.key != NULL && st->creds.key->type == EVP_PKEY_RSA;
    int common = 0, ecdhe = 0, others = 0;
    span list = h->suites;
    size_t id;

    while (number(&list, 2, &id)) {
        if (!server_offers(eng, (unsigned)id) || (version < TLS1_2_VERSION && !suite_before_tls12((unsigned)id)))
            continue;
        if (suite_is_ecdhe((unsigned)id) && suite_is_ecdsa((unsigned)id) == rsa)
            continue;                   /* our key cannot sign for it */
        common++;
        if (suite_is_ecdhe((unsigned)id))
            ecdhe++;
        else
            others++;
    }
    st->watch.hello.no_shared_cipher = common == 0;
    st->watch.hello.no_shared_group = ecdhe > 0 && others == 0 && eng->iec != NULL
        && (client_curves(h) & eng->iec->supported_curves) == 0;
    if (ecdhe > 0 && !st->watch.hello.no_shared_group && version >= TLS1_2_VERSION
        && !client_signs_without_sha1(h, rsa ? 1 : 3))
        return h->sigalgs.p == NULL
            ? reject(s, SSL_AD_HANDSHAKE_FAILURE, SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM,
                     "tls_choose_sigalg",
                     "no signature_algorithms: SHA-1 would be used, and is refused (RFC 9155)")
            : reject(s, SSL_AD_HANDSHAKE_FAILURE, SSL_R_NO_SHARED_SIGNATURE_ALGORITHMS,
                     "tls_choose_sigalg", "the client offers only SHA-1 or unknown signatures");
    return 1;
}

static void judge_hello(SSL *s, span m)
{
    br_state *st = s->engine_state;
    hello h;
    unsigned version;

    if (!read_hello(s, m, &h))
        return;
    st->watch.hello.legacy_version = h.legacy_version;
    if (s->role == KUMA_ROLE_SERVER && (st->watch.hello.suites = malloc(h.suites.n + 1)) != NULL) {
        memcpy(st->watch.hello.suites, h.suites.p, h.suites.n);
        st->watch.hello.suites_len = h.suites.n;
    }
    if (h.point_formats.p != NULL)
        kuma_br_keep_client_hello(st, m.p, m.n);
    version = common_version(&st->u.c.eng, &h);
    if (version == 0) {
        kuma_br_reject(s, SSL_AD_PROTOCOL_VERSION, SSL_R_UNSUPPORTED_PROTOCOL,
                       "tls_early_post_process_client_hello", NULL);
        return;
    }
    (void)judge_suites(s, st, &h, version);
}

void kuma_br_judge_forget(kuma_hello_verdict *v)
{
    free(v->suites);
    v->suites = NULL;
    v->suites_len = 0;
}

/*
 * BearSSL looked the client's session up (cache.c kept it in tried) but
 * quietly starts a full handshake when the session's suite is not offered
 * any more; RFC 5246 7.4.1.2 says the client MUST offer it, and OpenSSL
 * answers illegal_parameter. The ServerHello BearSSL made is never sent.
 */
void kuma_br_judge_resumption(SSL *s)
{
    br_state *st = s->engine_state;
    kuma_hello_verdict *v = &st->watch.hello;
    span list = { v->suites, v->suites_len };
    size_t id;

    if (v->suites == NULL || !st->sessions.tried_set)
        return;
    while (number(&list, 2, &id))
        if (id == st->sessions.tried.cipher_suite) {
            kuma_br_judge_forget(v);
            return;
        }
    kuma_br_judge_forget(v);
    kuma_br_reject(s, SSL_AD_ILLEGAL_PARAMETER, SSL_R_REQUIRED_CIPHER_MISSING,
                   "tls_early_post_process_client_hello",
                   "the session resumed has a cipher suite the client no longer offers");
}

/* ---- the ClientKeyExchange ------------------------------------------------------------- */

/*
 * X25519 shares of small order (RFC 7748 7): u = 0, 1, the two points of
 * order 8, and p - 1, p, p + 1 (p = 2^255 - 19; the last three are
 * 0xec, 0xed, 0xee then 30 bytes 0xff and 0x7f, little-endian).
 */
static const unsigned char small_order[4][32] = {
    { 0 },
    { 1 },
    { 0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
      0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
      0xb8, 0x00 },
    { 0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
      0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
      0x11, 0x57 },
};

static int near_p(const unsigned char *u)
{
    size_t i;

    if (u[0] < 0xec || u[0] > 0xee || (u[31] & 0x7f) != 0x7f)
        return 0;
    for (i = 1; i < 31; i++)
        if (u[i] != 0xff)
            return 0;
    return 1;
}

/* X25519 ignores the top bit of u (RFC 7748 5): so does the comparison. */
static int x25519_share_ok(const unsigned char *u)
{
    size_t i;

    for (i = 0; i < 4; i++)
        if (memcmp(u, small_order[i], 31) == 0 && (u[31] & 0x7f) == small_order[i][31])
            return 0;
    return !near_p(u);
}

/* A NIST curve point: BearSSL's multiplication by 1 decodes and checks it. */
static int nist_share_ok(const br_ec_impl *ec, int curve, const unsigned char *q, size_t len)
{
    unsigned char copy[133];
    static const unsigned char one = 1;
    int ok;

    if (ec == NULL || len == 0 || len > sizeof(copy))
        return 0;
    memcpy(copy, q, len);
    ok = ec->mul(copy, len, &one, 1, curve) != 0;
    OPENSSL_cleanse(copy, len);
    return ok;
}

static void judge_key_exchange(SSL *s, span m)
{
    br_state *st = s->engine_state;
    const br_ssl_engine_context *eng = &st->u.c.eng;
    span q;
    int ok;

    if (!suite_is_ecdhe(eng->session.cipher_suite))
        return;
    if (!whole_vector(m, 1, &q) || q.n == 0) {
        kuma_br_reject(s, SSL_AD_DECODE_ERROR, SSL_R_LENGTH_MISMATCH, "tls_process_cke_ecdhe",
                       NULL);
        return;
    }
    if (eng->ecdhe_curve == CURVE_X25519)
        ok = q.n == 32 && x25519_share_ok(q.p);
    else
        ok = nist_share_ok(eng->iec, eng->ecdhe_curve, q.p, q.n);
    if (!ok)
        kuma_br_reject(s, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_ECPOINT, "tls_process_cke_ecdhe",
                       "the client's ECDH share is not a valid point of the curve");
}

/* ---- the messages --------------------------------------------------------------------- */

void kuma_br_judge_message(SSL *s, int type, const unsigned char *body, size_t len)
{
    br_state *st = s->engine_state;
    span m = { body, len };

    if (s->role != KUMA_ROLE_SERVER)
        return;
    if (type == HS_HELLO_REQUEST)
        kuma_br_reject(s, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_MESSAGE,
                       "ossl_statem_server_read_transition", "a HelloRequest from the client");
    else if (type == HS_CLIENT_HELLO && st->watch.messages == 0 && body != NULL)
        judge_hello(s, m);
    else if (type == HS_CLIENT_KEY_EXCHANGE && body != NULL)
        judge_key_exchange(s, m);
}
