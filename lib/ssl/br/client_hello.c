/*
 * kumassl: the order of the groups in BearSSL's ClientHello.
 *
 * BearSSL writes supported_groups in increasing id order, which puts P-256
 * first and X25519 last; servers take the client's first choice, and
 * OpenSSL's clients (and the program, through SSL_CTX_set1_groups_list)
 * put X25519 first. BearSSL has no setting for the order, so the first
 * ClientHello is put in order in the engine's output buffer before it is
 * sent: the same ids, permuted in place, and the handshake hash (which
 * then holds that message only) recomputed over the bytes sent.
 * A renegotiation's ClientHello is encrypted and keeps BearSSL's order.
 */
#include <string.h>
#include "br_int.h"

/* OpenSSL's order: X25519, P-256, P-384, then P-521 (TLS NamedGroup ids). */
static const uint16_t default_order[] = { 29, 23, 24, 25 };

#define MAX_IDS 32

static int listed(const uint16_t *ids, size_t n, unsigned id)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

/* Permutes the count ids at list (2 bytes each): those in order first, in that order. */
static int reorder(unsigned char *list, size_t count, const uint16_t *order, size_t n)
{
    uint16_t in[MAX_IDS], out[MAX_IDS];
    size_t i, k = 0;

    if (count > MAX_IDS)
        return 0;
    for (i = 0; i < count; i++)
        in[i] = (uint16_t)kuma_br_get16(list + 2 * i);
    for (i = 0; i < n; i++)
        if (listed(in, count, order[i]) && !listed(out, k, order[i]))
            out[k++] = order[i];
    for (i = 0; i < count; i++)
        if (!listed(order, n, in[i]))
            out[k++] = in[i];
    if (k != count || memcmp(in, out, sizeof(in[0]) * count) == 0)
        return 0;
    for (i = 0; i < count; i++) {
        list[2 * i] = (unsigned char)(out[i] >> 8);
        list[2 * i + 1] = (unsigned char)out[i];
    }
    return 1;
}

/* Skips a vector with an n-byte length; 0 when it runs past end. */
static int skip_vec(const unsigned char *m, size_t end, size_t *pos, int n)
{
    if (*pos + (size_t)n > end)
        return 0;
    *pos += (size_t)n + (n == 1 ? m[*pos] : kuma_br_get16(m + *pos));
    return *pos <= end;
}

/* The supported_groups list of a ClientHello message (header included), or NULL. */
static unsigned char *groups_in(unsigned char *m, size_t len, size_t *count)
{
    size_t pos = 4 + 2 + 32, end;

    if (!skip_vec(m, len, &pos, 1) || !skip_vec(m, len, &pos, 2) || !skip_vec(m, len, &pos, 1)
        || pos + 2 > len || (end = pos + 2 + kuma_br_get16(m + pos)) > len)
        return NULL;
    for (pos += 2; pos + 4 <= end; pos += 4 + kuma_br_get16(m + pos + 2)) {
        size_t elen = kuma_br_get16(m + pos + 2);

        if (pos + 4 + elen > end)
            return NULL;
        if (kuma_br_get16(m + pos) == 10 && elen >= 2 && kuma_br_get16(m + pos + 4) + 2 == elen) {
            *count = (elen - 2) / 2;
            return m + pos + 6;
        }
    }
    return NULL;
}

void kuma_br_order_groups(SSL *s, br_ssl_engine_context *eng, unsigned char *buf, size_t len)
{
    uint16_t order[KUMA_MAX_GROUPS];
    size_t n = kuma_ext_groups(s, order), reclen, count;
    unsigned char *m, *list;

    if (n == 0) {
        n = sizeof(default_order) / sizeof(default_order[0]);
        memcpy(order, default_order, sizeof(default_order));
    }
    /* one handshake record holding exactly one ClientHello, else leave it alone */
    if (len < 9 || buf[0] != 22 || (reclen = kuma_br_get16(buf + 3)) + 5 > len)
        return;
    m = buf + 5;
    if (m[0] != 1 || ((size_t)m[1] << 16 | kuma_br_get16(m + 2)) + 4 != reclen)
        return;
    list = groups_in(m, reclen, &count);
    if (list == NULL || !reorder(list, count, order, n))
        return;
    br_multihash_init(&eng->mhash);
    br_multihash_update(&eng->mhash, m, reclen);
}
