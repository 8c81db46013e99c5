/*
 * kumassl: a reader for the plaintext ClientHello, fed with the bytes a
 * server receives before its engine sees them (see ext_int.h).
 *
 * The bytes come as the transport delivers them: record headers included,
 * a record in several pieces, a ClientHello over several records. Two
 * small state machines follow them: records (5-byte header, then payload)
 * and, inside the payloads, the handshake message (4-byte header, then the
 * body, kept in one buffer of at most KUMA_HELLO_MAX bytes). Once the body
 * is complete it is parsed with a bounds-checked reader. Anything
 * unexpected -- another record type, another message, an oversized or
 * malformed message -- ends the reading with nothing found; judging the
 * bytes is the engine's job, not this reader's.
 *
 * The ALPN wire-format helpers live here too: the reader checks the
 * client's list with them, ext.c walks configured lists, and programs
 * choose with SSL_select_next_proto().
 */
#include <limits.h>
#include <string.h>
#include "ext_int.h"

#define EXT_SERVER_NAME 0
#define EXT_ALPN 16
#define EXT_SUPPORTED_VERSIONS 43
#define HANDSHAKE_CLIENT_HELLO 1

/* ---- a bounds-checked reader over a byte range ------------------------------------------- */

typedef struct {
    const unsigned char *p;
    size_t n;               /* bytes left */
} reader;

static int rd_skip(reader *r, size_t k)
{
    if (k > r->n)
        return 0;
    r->p += k;
    r->n -= k;
    return 1;
}

/* A big-endian integer of `bytes` (1 or 2) bytes. */
static int rd_uint(reader *r, size_t bytes, size_t *v)
{
    size_t i;

    if (bytes > r->n)
        return 0;
    *v = 0;
    for (i = 0; i < bytes; i++)
        *v = (*v << 8) | r->p[i];
    return rd_skip(r, bytes);
}

/* A vector with a length prefix of `bytes` bytes; sub (may be NULL) gets its contents. */
static int rd_vec(reader *r, size_t bytes, reader *sub)
{
    size_t len;

    if (!rd_uint(r, bytes, &len) || len > r->n)
        return 0;
    if (sub != NULL) {
        sub->p = r->p;
        sub->n = len;
    }
    return rd_skip(r, len);
}

/* ---- the extensions we look for ------------------------------------------------------------ */

/* server_name (RFC 6066): the first host_name entry, if it is a plausible name. */
static int parse_sni(kuma_hello *h, reader body)
{
    reader list, name;
    size_t type;

    if (!rd_vec(&body, 2, &list) || body.n != 0)
        return 0;
    while (list.n > 0) {
        if (!rd_uint(&list, 1, &type) || !rd_vec(&list, 2, &name))
            return 0;
        if (type != TLSEXT_NAMETYPE_host_name || h->host[0] != '\0')
            continue;
        /* a name BearSSL would not store, or with a NUL inside, counts as absent */
        if (name.n == 0 || name.n > TLSEXT_MAXLEN_host_name || memchr(name.p, 0, name.n) != NULL)
            continue;
        memcpy(h->host, name.p, name.n);
        h->host[name.n] = '\0';
    }
    return 1;
}

/* application_layer_protocol_negotiation (RFC 7301): the list, as OpenSSL hands it over. */
static int parse_alpn(kuma_hello *h, reader body)
{
    reader list;

    if (!rd_vec(&body, 2, &list) || body.n != 0 || !kuma_alpn_list_ok(list.p, list.n))
        return 0;
    h->alpn = list.p;
    h->alpn_len = list.n;
    return 1;
}

/* supported_versions (RFC 8446 4.2.1): whether the client offers TLS 1.3. */
static int parse_versions(kuma_hello *h, reader body)
{
    reader list;
    size_t v;

    if (!rd_vec(&body, 1, &list) || body.n != 0 || list.n < 2 || (list.n & 1))
        return 0;
    while (rd_uint(&list, 2, &v))
        if (v == TLS1_3_VERSION)
            h->offers_tls13 = 1;
    return 1;
}

static int parse_extensions(kuma_hello *h, reader exts)
{
    while (exts.n > 0) {
        size_t type;
        reader body;

        if (!rd_uint(&exts, 2, &type) || !rd_vec(&exts, 2, &body))
            return 0;
        if (type == EXT_SERVER_NAME && h->host[0] == '\0' && !parse_sni(h, body))
            return 0;
        if (type == EXT_ALPN && h->alpn == NULL && !parse_alpn(h, body))
            return 0;
        if (type == EXT_SUPPORTED_VERSIONS && !parse_versions(h, body))
            return 0;
    }
    return 1;
}

/* The ClientHello body (RFC 5246, 7.4.1.2); a malformed one yields nothing. */
static void parse_hello(kuma_hello *h)
{
    reader r = { h->msg, h->msg_len }, exts;
    int ok = rd_skip(&r, 2 + 32)                /* client_version, random */
        && rd_vec(&r, 1, NULL)                  /* session_id */
        && rd_vec(&r, 2, NULL)                  /* cipher_suites */
        && rd_vec(&r, 1, NULL);                 /* compression_methods */

    if (ok && r.n > 0) {
        ok = rd_vec(&r, 2, &exts) && r.n == 0 && parse_extensions(h, exts);
        h->exts = exts.p;
        h->exts_len = exts.n;
    }
    if (!ok) {
        h->host[0] = '\0';
        h->alpn = NULL;
        h->alpn_len = 0;
        h->offers_tls13 = 0;
        h->exts = NULL;
        h->exts_len = 0;
    }
    h->status = KUMA_HELLO_DONE;
}

int kuma_hello_ext(const kuma_hello *h, unsigned type, const unsigned char **out, size_t *len)
{
    reader exts = { h->exts, h->exts_len };

    while (h->exts != NULL && exts.n > 0) {
        size_t t;
        reader body;

        if (!rd_uint(&exts, 2, &t) || !rd_vec(&exts, 2, &body))
            return 0;
        if (t == type) {
            *out = body.p;
            *len = body.n;
            return 1;
        }
    }
    return 0;
}

/* ---- ALPN lists (wire format: length-prefixed names) ------------------------------------ */

int kuma_alpn_next(const unsigned char *list, unsigned int len, unsigned int *pos,
                   const unsigned char **name, unsigned int *name_len)
{
    unsigned int l;

    if (*pos >= len)
        return 0;
    l = list[*pos];
    if (l == 0 || l > len - *pos - 1)
        return 0;
    *name = list + *pos + 1;
    *name_len = l;
    *pos += 1 + l;
    return 1;
}

int kuma_alpn_list_ok(const unsigned char *p, size_t len)
{
    unsigned int pos = 0, l;
    const unsigned char *name;

    if (p == NULL || len == 0 || len > UINT_MAX)
        return 0;
    while (kuma_alpn_next(p, (unsigned int)len, &pos, &name, &l))
        ;
    return pos == len;
}

static int proto_listed(const unsigned char *list, unsigned int len,
                        const unsigned char *name, unsigned int name_len)
{
    unsigned int pos = 0, l;
    const unsigned char *p;

    while (kuma_alpn_next(list, len, &pos, &p, &l))
        if (l == name_len && memcmp(p, name, l) == 0)
            return 1;
    return 0;
}

int SSL_select_next_proto(unsigned char **out, unsigned char *outlen,
                          const unsigned char *server, unsigned int server_len,
                          const unsigned char *client, unsigned int client_len)
{
    unsigned int pos = 0, l;
    const unsigned char *p;

    while (kuma_alpn_next(server, server_len, &pos, &p, &l))
        if (proto_listed(client, client_len, p, l)) {
            *out = (unsigned char *)p;
            *outlen = (unsigned char)l;
            return OPENSSL_NPN_NEGOTIATED;
        }
    /* no overlap: OpenSSL points at the client's first protocol, if it has one */
    pos = 0;
    if (kuma_alpn_next(client, client_len, &pos, &p, &l)) {
        *out = (unsigned char *)p;
        *outlen = (unsigned char)l;
    } else {
        *out = NULL;
        *outlen = 0;
    }
    return OPENSSL_NPN_NO_OVERLAP;
}

/* ---- the two state machines ----------------------------------------------------------- */

static size_t take(unsigned char *dst, size_t *have, size_t want,
                   const unsigned char *src, size_t n)
{
    size_t k = want - *have < n ? want - *have : n;

    memcpy(dst + *have, src, k);
    *have += k;
    return k;
}

/* The message header is complete: a ClientHello we are willing to buffer? */
static void start_message(kuma_hello *h)
{
    const unsigned char *m = h->msg_hdr;

    h->msg_len = ((size_t)m[1] << 16) | ((size_t)m[2] << 8) | m[3];
    if (m[0] != HANDSHAKE_CLIENT_HELLO || h->msg_len == 0 || h->msg_len > KUMA_HELLO_MAX - 4
        || (h->msg = malloc(h->msg_len)) == NULL)
        h->status = KUMA_HELLO_GAVE_UP;
}

/* Handshake bytes from record payloads. */
static void feed_message(kuma_hello *h, const unsigned char *d, size_t n)
{
    while (n > 0 && h->status == KUMA_HELLO_MORE) {
        size_t k;

        if (h->msg_hdr_have < sizeof(h->msg_hdr)) {
            k = take(h->msg_hdr, &h->msg_hdr_have, sizeof(h->msg_hdr), d, n);
            if (h->msg_hdr_have == sizeof(h->msg_hdr))
                start_message(h);
        } else {
            k = take(h->msg, &h->msg_have, h->msg_len, d, n);
            if (h->msg_have == h->msg_len)
                parse_hello(h);
        }
        d += k;
        n -= k;
    }
}

/* A complete record header: only plaintext handshake records can carry the ClientHello. */
static void start_record(kuma_hello *h)
{
    if (h->hdr[0] != SSL3_RT_HANDSHAKE || h->hdr[1] != 3) {
        h->status = KUMA_HELLO_GAVE_UP;
        return;
    }
    if (h->rec_version == 0)
        h->rec_version = ((unsigned)h->hdr[1] << 8) | h->hdr[2];
    h->rec_left = ((size_t)h->hdr[3] << 8) | h->hdr[4];
    if (h->rec_left == 0)
        h->hdr_have = 0;        /* an empty record: the next header follows */
}

int kuma_hello_feed(kuma_hello *h, const unsigned char *data, size_t len)
{
    while (len > 0 && h->status == KUMA_HELLO_MORE) {
        size_t k;

        if (h->hdr_have < sizeof(h->hdr)) {
            k = take(h->hdr, &h->hdr_have, sizeof(h->hdr), data, len);
            if (h->hdr_have == sizeof(h->hdr))
                start_record(h);
        } else {
            k = h->rec_left < len ? h->rec_left : len;
            feed_message(h, data, k);
            h->rec_left -= k;
            if (h->rec_left == 0)
                h->hdr_have = 0;
        }
        data += k;
        len -= k;
    }
    return h->status;
}

void kuma_hello_clear(kuma_hello *h)
{
    free(h->msg);
    memset(h, 0, sizeof(*h));
}
