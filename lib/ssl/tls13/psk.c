/*
 * kumassl: TLS 1.3 pre-shared keys (RFC 8446 section 4.2.11): the
 * pre_shared_key extension both ways, its binders over the truncated
 * ClientHello, and the secrets a PSK leads to. See psk_int.h.
 */
#include <string.h>
#include "psk_int.h"

/* ---- the client's offer, received ------------------------------------------------ */

static int parse_identities(kuma13_rd ids, kuma13_psk_offer *offer)
{
    while (!ids.err && ids.len > 0) {
        kuma13_rd id = kuma13_rd_vec(&ids, 2, 1);
        uint32_t age = kuma13_rd_u32(&ids);

        if (ids.err)
            break;
        if (offer->count < KUMA13_MAX_PSK_IDENTITIES) {
            offer->ids[offer->count].identity.p = id.p;
            offer->ids[offer->count].identity.len = id.len;
            offer->ids[offer->count].obfuscated_age = age;
        }
        offer->count++;
    }
    return ids.err;
}

/* The binders, each in its identity's position; their number in *count. */
static int parse_binders(kuma13_rd binders, kuma13_psk_offer *offer, size_t *count)
{
    *count = 0;
    while (!binders.err && binders.len > 0) {
        kuma13_rd b = kuma13_rd_vec(&binders, 1, KUMA13_MIN_BINDER);

        if (binders.err)
            break;
        if (*count < KUMA13_MAX_PSK_IDENTITIES) {
            offer->ids[*count].binder.p = b.p;
            offer->ids[*count].binder.len = b.len;
        }
        (*count)++;
    }
    return binders.err;
}

int kuma13_parse_psk_offer(const unsigned char *ext, size_t len, kuma13_psk_offer *offer)
{
    kuma13_rd r, ids, binders;
    size_t nbinders;
    int err;

    memset(offer, 0, sizeof *offer);
    kuma13_rd_init(&r, ext, len);
    ids = kuma13_rd_vec(&r, 2, 7);      /* PskIdentity identities<7..2^16-1> */
    offer->binders = r.p;
    offer->binders_len = r.len;
    binders = kuma13_rd_vec(&r, 2, 1 + KUMA13_MIN_BINDER);
    if ((err = kuma13_rd_end(&r)) != 0)
        return err;
    if ((err = parse_identities(ids, offer)) != 0
        || (err = parse_binders(binders, offer, &nbinders)) != 0)
        return err;
    return nbinders == offer->count ? 0 : KUMA13_AL_DECODE_ERROR;
}

int kuma13_psk_truncated_len(const unsigned char *ch, size_t ch_len, const kuma13_psk_offer *offer,
                             size_t *truncated)
{
    const unsigned char *end = ch + ch_len;

    if (offer->binders < ch || offer->binders > end
        || (size_t)(end - offer->binders) != offer->binders_len)
        return KUMA13_AL_ILLEGAL_PARAMETER;
    *truncated = (size_t)(offer->binders - ch);
    return 0;
}

/* ---- the client's offer, sent ------------------------------------------------------ */

/*
 * The offset in the ClientHello msg of its extensions block (its 2-byte
 * length), which must run to the message's end; 0 when msg is no such
 * ClientHello.
 */
static size_t extensions_offset(const unsigned char *msg, size_t len)
{
    kuma13_rd r, body;

    kuma13_rd_init(&r, msg, len);
    if (kuma13_rd_u8(&r) != KUMA13_HS_CLIENT_HELLO)
        return 0;
    body = kuma13_rd_vec(&r, 3, 0);
    kuma13_rd_bytes(&body, 2 + 32);     /* legacy_version, random */
    kuma13_rd_vec(&body, 1, 0);         /* legacy_session_id */
    kuma13_rd_vec(&body, 2, 2);         /* cipher_suites */
    kuma13_rd_vec(&body, 1, 1);         /* legacy_compression_methods */
    if (kuma13_rd_end(&r) != 0 || body.err || body.len < 2
        || ((size_t)body.p[0] << 8 | body.p[1]) != body.len - 2)
        return 0;
    return (size_t)(body.p - msg);
}

static void put_u16(unsigned char *p, size_t v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put_u24(unsigned char *p, size_t v)
{
    p[0] = (unsigned char)(v >> 16);
    put_u16(p + 1, v);
}

static int entries_valid(const kuma13_psk_entry *entries, size_t n)
{
    size_t i;

    if (n == 0)
        return 0;
    for (i = 0; i < n; i++)
        if (entries[i].identity_len == 0 || entries[i].identity_len > 0xffff
            || entries[i].binder_len < KUMA13_MIN_BINDER || entries[i].binder_len > KUMA13_MAX_BINDER)
            return 0;
    return 1;
}

/* The pre_shared_key extension, binders zeroed; *binders_len gets the binders list's size. */
static void write_offer(kuma13_wr *w, const kuma13_psk_entry *entries, size_t n, size_t *binders_len)
{
    static const unsigned char zeros[KUMA13_MAX_BINDER];
    size_t ext, list, i;

    kuma13_wr_u16(w, KUMA13_EXT_PRE_SHARED_KEY);
    ext = kuma13_wr_open(w, 2);
    list = kuma13_wr_open(w, 2);
    for (i = 0; i < n; i++) {
        size_t id = kuma13_wr_open(w, 2);

        kuma13_wr_bytes(w, entries[i].identity, entries[i].identity_len);
        kuma13_wr_close(w, id, 2);
        kuma13_wr_u32(w, entries[i].obfuscated_age);
    }
    kuma13_wr_close(w, list, 2);
    list = kuma13_wr_open(w, 2);
    for (i = 0; i < n; i++) {
        kuma13_wr_u8(w, (unsigned)entries[i].binder_len);
        kuma13_wr_bytes(w, zeros, entries[i].binder_len);
    }
    kuma13_wr_close(w, list, 2);
    kuma13_wr_close(w, ext, 2);
    *binders_len = w->len - list;
}

/* 1 when the extensions block at exts is well formed and has no pre_shared_key yet. */
static int extensions_take_psk(const unsigned char *msg, size_t len, size_t exts)
{
    kuma13_rd r, block;

    kuma13_rd_init(&r, msg + exts, len - exts);
    block = kuma13_rd_vec(&r, 2, 0);
    while (!block.err && block.len > 0) {
        unsigned type = kuma13_rd_u16(&block);

        kuma13_rd_vec(&block, 2, 0);
        if (type == KUMA13_EXT_PRE_SHARED_KEY)
            return 0;
    }
    return !block.err && kuma13_rd_end(&r) == 0;
}

int kuma13_client_hello_add_psk(unsigned char *msg, size_t *len, size_t cap,
                                const kuma13_psk_entry *entries, size_t n, size_t *truncated)
{
    size_t exts = extensions_offset(msg, *len), binders_len, total;
    kuma13_wr w;

    if (exts == 0 || cap < *len || !entries_valid(entries, n) || !extensions_take_psk(msg, *len, exts))
        return -1;
    kuma13_wr_init(&w, msg + *len, cap - *len);
    write_offer(&w, entries, n, &binders_len);
    total = *len + w.len;
    if (w.err || total - exts - 2 > 0xffff || total - 4 > 0xffffff)
        return -1;
    put_u16(msg + exts, total - exts - 2);
    put_u24(msg + 1, total - 4);
    *len = total;
    *truncated = total - binders_len;
    return 0;
}

/* The offer ending the ClientHello msg, decoded; 0, or -1 when there is none. */
static int find_offer(const unsigned char *msg, size_t len, kuma13_psk_offer *offer)
{
    size_t exts = extensions_offset(msg, len);
    kuma13_rd r, block;

    if (exts == 0)
        return -1;
    kuma13_rd_init(&r, msg + exts, len - exts);
    block = kuma13_rd_vec(&r, 2, 0);
    while (!block.err && block.len > 0) {
        unsigned type = kuma13_rd_u16(&block);
        kuma13_rd data = kuma13_rd_vec(&block, 2, 0);

        if (!block.err && type == KUMA13_EXT_PRE_SHARED_KEY && block.len == 0)
            return kuma13_parse_psk_offer(data.p, data.len, offer) == 0 ? 0 : -1;
    }
    return -1;
}

int kuma13_psk_set_binder(unsigned char *msg, size_t len, size_t index,
                          const unsigned char *binder, size_t binder_len)
{
    kuma13_psk_offer offer;
    const kuma13_span *slot;

    if (find_offer(msg, len, &offer) != 0 || index >= offer.count
        || index >= KUMA13_MAX_PSK_IDENTITIES)
        return -1;
    slot = &offer.ids[index].binder;
    if (slot->len != binder_len)
        return -1;
    memcpy(msg + (slot->p - msg), binder, binder_len);
    return 0;
}

/* ---- the server's selection --------------------------------------------------------- */

void kuma13_write_psk_selected(kuma13_wr *w, unsigned index)
{
    kuma13_wr_u16(w, KUMA13_EXT_PRE_SHARED_KEY);
    kuma13_wr_u16(w, 2);
    kuma13_wr_u16(w, index);
}

int kuma13_psk_check_selected(unsigned selected, size_t offered)
{
    return selected < offered ? 0 : KUMA13_AL_ILLEGAL_PARAMETER;
}

/* ---- secrets -------------------------------------------------------------------------- */

void kuma13_resumption_psk(const br_hash_class *h, const unsigned char *resumption_master,
                           const unsigned char *nonce, size_t nonce_len, unsigned char *psk)
{
    kuma13_expand_label(h, resumption_master, "resumption", nonce, nonce_len, psk,
                        kuma13_hash_len(h));
}

void kuma13_psk_binder_key(const kuma13_schedule *early, int external, unsigned char *binder_key)
{
    kuma13_schedule_derive(early, external ? "ext binder" : "res binder", NULL, binder_key);
}

void kuma13_psk_binder(const br_hash_class *h, const unsigned char *binder_key,
                       const kuma13_transcript *prior, const unsigned char *ch, size_t truncated,
                       unsigned char *out)
{
    unsigned char thash[KUMA13_MAX_HASH];
    br_hash_compat_context hc;
    kuma13_transcript t;

    if (prior != NULL) {
        t = *prior;
        kuma13_transcript_update(&t, ch, truncated);
        kuma13_transcript_hash(&t, thash);
    } else {
        h->init(&hc.vtable);
        h->update(&hc.vtable, ch, truncated);
        h->out(&hc.vtable, thash);
    }
    kuma13_finished(h, binder_key, thash, out);     /* the binder is built as Finished is */
}

int kuma13_psk_verify_binder(const br_hash_class *h, const unsigned char *binder_key,
                             const kuma13_transcript *prior, const unsigned char *ch, size_t ch_len,
                             const kuma13_psk_offer *offer, size_t index)
{
    unsigned char want[KUMA13_MAX_HASH];
    size_t truncated, hlen = kuma13_hash_len(h);
    const kuma13_span *got;
    int ok;

    if (index >= offer->count || index >= KUMA13_MAX_PSK_IDENTITIES
        || kuma13_psk_truncated_len(ch, ch_len, offer, &truncated) != 0)
        return KUMA13_AL_ILLEGAL_PARAMETER;
    got = &offer->ids[index].binder;
    kuma13_psk_binder(h, binder_key, prior, ch, truncated, want);
    ok = got->len == hlen && kuma13_ct_equal(want, got->p, hlen);
    OPENSSL_cleanse(want, sizeof want);
    return ok ? 0 : KUMA13_AL_DECRYPT_ERROR;
}

void kuma13_client_early_traffic_secret(const kuma13_schedule *early, const unsigned char *ch_hash,
                                        unsigned char *out)
{
    kuma13_schedule_derive(early, "c e traffic", ch_hash, out);
}

void kuma13_early_exporter_master(const kuma13_schedule *early, const unsigned char *ch_hash,
                                  unsigned char *out)
{
    kuma13_schedule_derive(early, "e exp master", ch_hash, out);
}
