/*
 * kumassl: decoding the TLS 1.3 handshake messages a peer sends (RFC 8446
 * section 4). Each parser checks the syntax of the whole message and of
 * the extensions kumassl knows, and returns the alert a malformed message
 * deserves: decode_error for bad lengths, illegal_parameter for values the
 * syntax forbids. Whether a value is acceptable (a suite offered, a group
 * asked for) is for the handshake to judge.
 */
#include <string.h>
#include "tls13_int.h"

const unsigned char kuma13_hrr_random[32] = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C
};

static const uint16_t known_exts[] = {
    KUMA13_EXT_SERVER_NAME, KUMA13_EXT_MAX_FRAGMENT_LENGTH, KUMA13_EXT_STATUS_REQUEST,
    KUMA13_EXT_SUPPORTED_GROUPS, KUMA13_EXT_SIGNATURE_ALGORITHMS, KUMA13_EXT_ALPN,
    KUMA13_EXT_PRE_SHARED_KEY, KUMA13_EXT_EARLY_DATA, KUMA13_EXT_SUPPORTED_VERSIONS,
    KUMA13_EXT_COOKIE, KUMA13_EXT_PSK_KEY_EXCHANGE_MODES, KUMA13_EXT_KEY_SHARE,
    50 /* signature_algorithms_cert */
};

int kuma13_ext_index(unsigned type)
{
    int i;

    for (i = 0; i < (int)(sizeof known_exts / sizeof known_exts[0]); i++)
        if (known_exts[i] == type)
            return i;
    return -1;
}

int kuma13_parse_exts(kuma13_rd *r, kuma13_exts *e)
{
    kuma13_rd block = kuma13_rd_vec(r, 2, 0);

    memset(e, 0, sizeof *e);
    while (!block.err && block.len > 0) {
        unsigned type = kuma13_rd_u16(&block);
        kuma13_rd data = kuma13_rd_vec(&block, 2, 0);
        int i = kuma13_ext_index(type);

        if (block.err)
            break;
        if (i < 0) {
            e->unknown++;
            continue;
        }
        if ((e->seen >> i) & 1)
            return KUMA13_AL_ILLEGAL_PARAMETER;         /* one of a kind per block (section 4.2) */
        e->seen |= (uint32_t)1 << i;
        e->data[i].p = data.p;
        e->data[i].len = data.len;
        e->psk_last = type == KUMA13_EXT_PRE_SHARED_KEY && block.len == 0;
    }
    return block.err;
}

/* A reader over the body of a known extension (empty when absent). */
static kuma13_rd ext_reader(const kuma13_exts *e, unsigned type)
{
    kuma13_rd r;
    const kuma13_span *d = &e->data[kuma13_ext_index(type)];

    kuma13_rd_init(&r, d->p, d->len);
    return r;
}

/* The contents of an extension that is one vector (lenbytes prefix, min length), into out. */
static int ext_vector(const kuma13_exts *e, unsigned type, int lenbytes, size_t min, int even,
                      kuma13_span *out)
{
    kuma13_rd r, v;

    if (!KUMA13_HAS(e, type))
        return 0;
    r = ext_reader(e, type);
    v = kuma13_rd_vec(&r, lenbytes, min);
    if (kuma13_rd_end(&r) || (even && (v.len & 1)))
        return KUMA13_AL_DECODE_ERROR;
    out->p = v.p;
    out->len = v.len;
    return 0;
}

/* Whether a uint16 list holds v. */
static int list_has_u16(const kuma13_span *list, unsigned v)
{
    size_t i;

    for (i = 0; i + 1 < list->len; i += 2)
        if (((unsigned)list->p[i] << 8 | list->p[i + 1]) == v)
            return 1;
    return 0;
}

/* KeyShareEntry list: group, then a non-empty key_exchange, to the end. */
static int check_key_shares(const kuma13_span *list)
{
    kuma13_rd r;

    kuma13_rd_init(&r, list->p, list->len);
    while (!r.err && r.len > 0) {
        kuma13_rd_u16(&r);
        kuma13_rd_vec(&r, 2, 1);
    }
    return r.err;
}

/* ProtocolNameList: non-empty names, at least one. */
static int check_alpn(const kuma13_span *list)
{
    kuma13_rd r;

    kuma13_rd_init(&r, list->p, list->len);
    while (!r.err && r.len > 0)
        kuma13_rd_vec(&r, 1, 1);
    return r.err;
}

/* ServerNameList: the host_name entry, if any (RFC 6066 section 3). */
static int parse_server_name(const kuma13_span *list, kuma13_span *host)
{
    kuma13_rd r;

    kuma13_rd_init(&r, list->p, list->len);
    while (!r.err && r.len > 0) {
        unsigned type = kuma13_rd_u8(&r);
        kuma13_rd name = kuma13_rd_vec(&r, 2, 1);

        if (type == 0 && !r.err) {
            if (host->len > 0)
                return KUMA13_AL_ILLEGAL_PARAMETER;     /* one host_name at most */
            host->p = name.p;
            host->len = name.len;
        }
    }
    return r.err;
}

static int client_hello_exts(kuma13_client_hello *ch)
{
    const kuma13_exts *e = &ch->exts;
    kuma13_span versions = { NULL, 0 }, names = { NULL, 0 };
    int err;

    if ((err = ext_vector(e, KUMA13_EXT_SUPPORTED_VERSIONS, 1, 2, 1, &versions))
        || (err = ext_vector(e, KUMA13_EXT_KEY_SHARE, 2, 0, 0, &ch->key_shares))
        || (err = check_key_shares(&ch->key_shares))
        || (err = ext_vector(e, KUMA13_EXT_SUPPORTED_GROUPS, 2, 2, 1, &ch->groups))
        || (err = ext_vector(e, KUMA13_EXT_SIGNATURE_ALGORITHMS, 2, 2, 1, &ch->sig_algs))
        || (err = ext_vector(e, KUMA13_EXT_ALPN, 2, 2, 0, &ch->alpn))
        || (err = check_alpn(&ch->alpn))
        || (err = ext_vector(e, KUMA13_EXT_COOKIE, 2, 1, 0, &ch->cookie))
        || (err = ext_vector(e, KUMA13_EXT_PSK_KEY_EXCHANGE_MODES, 1, 1, 0, &ch->psk_modes))
        || (err = ext_vector(e, KUMA13_EXT_SERVER_NAME, 2, 1, 0, &names))
        || (err = parse_server_name(&names, &ch->server_name)))
        return err;
    ch->offers_tls13 = list_has_u16(&versions, KUMA13_TLS13);
    if (KUMA13_HAS(e, KUMA13_EXT_PRE_SHARED_KEY) && !e->psk_last)
        return KUMA13_AL_ILLEGAL_PARAMETER;             /* section 4.2.11 */
    return 0;
}

int kuma13_parse_client_hello(const unsigned char *body, size_t len, kuma13_client_hello *ch)
{
    kuma13_rd r, sid, suites, comp;
    int err;
    size_t i;

    memset(ch, 0, sizeof *ch);
    kuma13_rd_init(&r, body, len);
    kuma13_rd_u16(&r);                  /* legacy_version */
    ch->random = kuma13_rd_bytes(&r, 32);
    sid = kuma13_rd_vec(&r, 1, 0);
    suites = kuma13_rd_vec(&r, 2, 2);
    comp = kuma13_rd_vec(&r, 1, 1);
    if (r.err || sid.len > 32 || (suites.len & 1))
        return KUMA13_AL_DECODE_ERROR;
    ch->session_id.p = sid.p;
    ch->session_id.len = sid.len;
    ch->suites.p = suites.p;
    ch->suites.len = suites.len;
    for (i = 0; i < comp.len; i++)
        ch->has_null_compression |= comp.p[i] == 0;
    if (r.len > 0 && (err = kuma13_parse_exts(&r, &ch->exts)) != 0)  /* absent before TLS 1.2 */
        return err;
    if ((err = kuma13_rd_end(&r)) != 0)
        return err;
    return client_hello_exts(ch);
}

/* key_share of a ServerHello (one entry) or of a HelloRetryRequest (the group only). */
static int server_key_share(kuma13_server_hello *sh)
{
    kuma13_rd r = ext_reader(&sh->exts, KUMA13_EXT_KEY_SHARE);

    sh->group = (uint16_t)kuma13_rd_u16(&r);
    if (!sh->is_hrr) {
        kuma13_rd share = kuma13_rd_vec(&r, 2, 1);

        sh->key_share.p = share.p;
        sh->key_share.len = share.len;
    }
    return kuma13_rd_end(&r);
}

/* A uint16 extension body (supported_versions, pre_shared_key of a ServerHello). */
static int ext_u16(const kuma13_exts *e, unsigned type, uint16_t *out)
{
    kuma13_rd r = ext_reader(e, type);

    *out = (uint16_t)kuma13_rd_u16(&r);
    return kuma13_rd_end(&r);
}

static int server_hello_exts(kuma13_server_hello *sh)
{
    const kuma13_exts *e = &sh->exts;
    /* section 4.1.3/4.1.4: what each may carry; anything else known is illegal */
    uint32_t allowed = (uint32_t)1 << kuma13_ext_index(KUMA13_EXT_SUPPORTED_VERSIONS)
                       | (uint32_t)1 << kuma13_ext_index(KUMA13_EXT_KEY_SHARE)
                       | (uint32_t)1 << kuma13_ext_index(sh->is_hrr ? KUMA13_EXT_COOKIE
                                                                     : KUMA13_EXT_PRE_SHARED_KEY);
    int err;

    if (e->seen & ~allowed)
        return KUMA13_AL_ILLEGAL_PARAMETER;
    if (KUMA13_HAS(e, KUMA13_EXT_SUPPORTED_VERSIONS)
        && (err = ext_u16(e, KUMA13_EXT_SUPPORTED_VERSIONS, &sh->version)) != 0)
        return err;
    if (KUMA13_HAS(e, KUMA13_EXT_KEY_SHARE) && (err = server_key_share(sh)) != 0)
        return err;
    if ((err = ext_vector(e, KUMA13_EXT_COOKIE, 2, 1, 0, &sh->cookie)) != 0)
        return err;
    sh->has_psk = KUMA13_HAS(e, KUMA13_EXT_PRE_SHARED_KEY);
    if (sh->has_psk && (err = ext_u16(e, KUMA13_EXT_PRE_SHARED_KEY, &sh->psk_identity)) != 0)
        return err;
    return 0;
}

int kuma13_parse_server_hello(const unsigned char *body, size_t len, kuma13_server_hello *sh)
{
    kuma13_rd r, sid;
    unsigned legacy_version, compression;
    int err;

    memset(sh, 0, sizeof *sh);
    kuma13_rd_init(&r, body, len);
    legacy_version = kuma13_rd_u16(&r);
    sh->random = kuma13_rd_bytes(&r, 32);
    sid = kuma13_rd_vec(&r, 1, 0);
    sh->suite = (uint16_t)kuma13_rd_u16(&r);
    compression = kuma13_rd_u8(&r);
    if (r.err || sid.len > 32)
        return KUMA13_AL_DECODE_ERROR;
    sh->session_id.p = sid.p;
    sh->session_id.len = sid.len;
    sh->is_hrr = memcmp(sh->random, kuma13_hrr_random, 32) == 0;
    sh->version = (uint16_t)legacy_version;     /* until supported_versions says otherwise */
    if (r.len > 0 && (err = kuma13_parse_exts(&r, &sh->exts)) != 0)
        return err;
    if ((err = kuma13_rd_end(&r)) != 0)
        return err;
    if ((err = server_hello_exts(sh)) != 0)
        return err;
    if (sh->version == KUMA13_TLS13 && (legacy_version != KUMA13_TLS12 || compression != 0))
        return KUMA13_AL_ILLEGAL_PARAMETER;
    return 0;
}

int kuma13_parse_encrypted_extensions(const unsigned char *body, size_t len,
                                      kuma13_encrypted_extensions *ee)
{
    /* section 4.3.1: what EncryptedExtensions may carry among the known ones */
    static const unsigned ok_types[] = {
        KUMA13_EXT_SERVER_NAME, KUMA13_EXT_MAX_FRAGMENT_LENGTH, KUMA13_EXT_SUPPORTED_GROUPS,
        KUMA13_EXT_ALPN, KUMA13_EXT_EARLY_DATA
    };
    uint32_t allowed = 0;
    kuma13_rd r, mfl;
    kuma13_span names = { NULL, 0 };
    int err;
    size_t i;

    memset(ee, 0, sizeof *ee);
    kuma13_rd_init(&r, body, len);
    if ((err = kuma13_parse_exts(&r, &ee->exts)) != 0 || (err = kuma13_rd_end(&r)) != 0)
        return err;
    for (i = 0; i < sizeof ok_types / sizeof ok_types[0]; i++)
        allowed |= (uint32_t)1 << kuma13_ext_index(ok_types[i]);
    if (ee->exts.seen & ~allowed)
        return KUMA13_AL_ILLEGAL_PARAMETER;
    if ((err = ext_vector(&ee->exts, KUMA13_EXT_ALPN, 2, 2, 0, &names)) != 0)
        return err;
    if (names.len > 0) {
        kuma13_rd list, name;

        kuma13_rd_init(&list, names.p, names.len);
        name = kuma13_rd_vec(&list, 1, 1);
        if ((err = kuma13_rd_end(&list)) != 0)  /* exactly one protocol (RFC 7301 section 3.1) */
            return err;
        ee->alpn.p = name.p;
        ee->alpn.len = name.len;
    }
    if (KUMA13_HAS(&ee->exts, KUMA13_EXT_MAX_FRAGMENT_LENGTH)) {
        mfl = ext_reader(&ee->exts, KUMA13_EXT_MAX_FRAGMENT_LENGTH);
        ee->max_fragment_length = kuma13_rd_u8(&mfl);
        if ((err = kuma13_rd_end(&mfl)) != 0)
            return err;
        if (ee->max_fragment_length < 1 || ee->max_fragment_length > 4)
            return KUMA13_AL_ILLEGAL_PARAMETER;
    }
    ee->early_data = KUMA13_HAS(&ee->exts, KUMA13_EXT_EARLY_DATA);
    /* server_name and early_data are empty here */
    if (ee->exts.data[kuma13_ext_index(KUMA13_EXT_SERVER_NAME)].len != 0
        || ee->exts.data[kuma13_ext_index(KUMA13_EXT_EARLY_DATA)].len != 0)
        return KUMA13_AL_DECODE_ERROR;
    return 0;
}

int kuma13_parse_certificate(const unsigned char *body, size_t len, kuma13_certificate *c)
{
    kuma13_rd r, ctx, list;

    memset(c, 0, sizeof *c);
    kuma13_rd_init(&r, body, len);
    ctx = kuma13_rd_vec(&r, 1, 0);
    list = kuma13_rd_vec(&r, 3, 0);
    if (kuma13_rd_end(&r))
        return KUMA13_AL_DECODE_ERROR;
    c->context.p = ctx.p;
    c->context.len = ctx.len;
    while (!list.err && list.len > 0) {
        kuma13_rd cert = kuma13_rd_vec(&list, 3, 1);
        kuma13_exts exts;
        int err;

        if ((err = kuma13_parse_exts(&list, &exts)) != 0)
            return err;
        if (list.err)
            break;
        if (c->count == KUMA13_MAX_CERTS)
            return KUMA13_AL_BAD_CERTIFICATE;   /* a longer chain than any verifier here takes */
        c->certs[c->count].p = cert.p;
        c->certs[c->count].len = cert.len;
        c->count++;
    }
    return list.err;
}

int kuma13_parse_certificate_verify(const unsigned char *body, size_t len, uint16_t *scheme,
                                    kuma13_span *sig)
{
    kuma13_rd r, s;

    kuma13_rd_init(&r, body, len);
    *scheme = (uint16_t)kuma13_rd_u16(&r);
    s = kuma13_rd_vec(&r, 2, 1);
    sig->p = s.p;
    sig->len = s.len;
    return kuma13_rd_end(&r);
}

int kuma13_parse_new_session_ticket(const unsigned char *body, size_t len,
                                    kuma13_new_session_ticket *t)
{
    kuma13_rd r, nonce, ticket, ed;
    kuma13_exts exts;
    int err;

    memset(t, 0, sizeof *t);
    kuma13_rd_init(&r, body, len);
    t->lifetime = kuma13_rd_u32(&r);
    t->age_add = kuma13_rd_u32(&r);
    nonce = kuma13_rd_vec(&r, 1, 0);
    ticket = kuma13_rd_vec(&r, 2, 1);
    if ((err = kuma13_parse_exts(&r, &exts)) != 0 || (err = kuma13_rd_end(&r)) != 0)
        return err;
    t->nonce.p = nonce.p;
    t->nonce.len = nonce.len;
    t->ticket.p = ticket.p;
    t->ticket.len = ticket.len;
    if (KUMA13_HAS(&exts, KUMA13_EXT_EARLY_DATA)) {
        ed = ext_reader(&exts, KUMA13_EXT_EARLY_DATA);
        t->max_early_data = kuma13_rd_u32(&ed);
        if ((err = kuma13_rd_end(&ed)) != 0)
            return err;
    }
    return 0;
}

int kuma13_parse_key_update(const unsigned char *body, size_t len, int *request_update)
{
    kuma13_rd r;
    unsigned v;
    int err;

    kuma13_rd_init(&r, body, len);
    v = kuma13_rd_u8(&r);
    if ((err = kuma13_rd_end(&r)) != 0)
        return err;
    if (v > 1)
        return KUMA13_AL_ILLEGAL_PARAMETER;
    *request_update = (int)v;
    return 0;
}
