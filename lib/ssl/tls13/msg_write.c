/*
 * kumassl: encoding the TLS 1.3 handshake messages kumassl sends (RFC 8446
 * section 4). The writer records overflow in w->err; the caller checks it
 * once the message is complete.
 */
#include <string.h>
#include "psk_int.h"

size_t kuma13_write_begin(kuma13_wr *w, unsigned type)
{
    kuma13_wr_u8(w, type);
    return kuma13_wr_open(w, 3);
}

void kuma13_write_end(kuma13_wr *w, size_t mark)
{
    kuma13_wr_close(w, mark, 3);
}

/* An extension header; returns the mark closing it. */
static size_t ext_begin(kuma13_wr *w, unsigned type)
{
    kuma13_wr_u16(w, type);
    return kuma13_wr_open(w, 2);
}

static void ext_end(kuma13_wr *w, size_t mark)
{
    kuma13_wr_close(w, mark, 2);
}

/* A vector of uint16 values with a lenbytes prefix. */
static void write_u16_list(kuma13_wr *w, int lenbytes, const uint16_t *v, size_t n)
{
    size_t mark = kuma13_wr_open(w, lenbytes), i;

    for (i = 0; i < n; i++)
        kuma13_wr_u16(w, v[i]);
    kuma13_wr_close(w, mark, lenbytes);
}

/* An extension whose body is one uint16 list. */
static void ext_u16_list(kuma13_wr *w, unsigned type, int lenbytes, const uint16_t *v, size_t n)
{
    size_t mark = ext_begin(w, type);

    write_u16_list(w, lenbytes, v, n);
    ext_end(w, mark);
}

static void ext_server_name(kuma13_wr *w, const char *name)
{
    size_t mark = ext_begin(w, KUMA13_EXT_SERVER_NAME), list;

    list = kuma13_wr_open(w, 2);
    kuma13_wr_u8(w, 0);                 /* host_name */
    kuma13_wr_u16(w, (unsigned)strlen(name));
    kuma13_wr_bytes(w, name, strlen(name));
    kuma13_wr_close(w, list, 2);
    ext_end(w, mark);
}

static void ext_key_share(kuma13_wr *w, const kuma13_key_share *shares, size_t n)
{
    size_t mark = ext_begin(w, KUMA13_EXT_KEY_SHARE), list = kuma13_wr_open(w, 2), i;

    for (i = 0; i < n; i++) {
        kuma13_wr_u16(w, shares[i].group);
        kuma13_wr_u16(w, (unsigned)shares[i].pub_len);
        kuma13_wr_bytes(w, shares[i].pub, shares[i].pub_len);
    }
    kuma13_wr_close(w, list, 2);
    ext_end(w, mark);
}

/* An extension whose body is one opaque vector with a 2-byte length (ALPN list, cookie). */
static void ext_opaque(kuma13_wr *w, unsigned type, const unsigned char *data, size_t len)
{
    size_t mark = ext_begin(w, type);

    kuma13_wr_u16(w, (unsigned)len);
    kuma13_wr_bytes(w, data, len);
    ext_end(w, mark);
}

/*
 * What a ClientHello offering TLS 1.2 too adds: extended_master_secret
 * (RFC 7627), an empty renegotiation_info (RFC 5746), ec_point_formats
 * with the uncompressed form (RFC 8422).
 */
static void ext_tls12(kuma13_wr *w)
{
    static const unsigned char reneg[] = { 0 }, formats[] = { 1, 0 };
    size_t mark;

    kuma13_wr_u16(w, KUMA12_EXT_EXTENDED_MASTER_SECRET);
    kuma13_wr_u16(w, 0);
    mark = ext_begin(w, KUMA12_EXT_RENEGOTIATION_INFO);
    kuma13_wr_bytes(w, reneg, sizeof reneg);
    ext_end(w, mark);
    mark = ext_begin(w, KUMA12_EXT_EC_POINT_FORMATS);
    kuma13_wr_bytes(w, formats, sizeof formats);
    ext_end(w, mark);
}

void kuma13_write_client_hello(kuma13_wr *w, const kuma13_client_hello_params *p)
{
    static const uint16_t versions[] = { KUMA13_TLS13, KUMA13_TLS12 };
    size_t msg = kuma13_write_begin(w, KUMA13_HS_CLIENT_HELLO), exts;

    kuma13_wr_u16(w, KUMA13_TLS12);     /* legacy_version */
    kuma13_wr_bytes(w, p->random, 32);
    kuma13_wr_u8(w, (unsigned)p->session_id_len);
    kuma13_wr_bytes(w, p->session_id, p->session_id_len);
    write_u16_list(w, 2, p->suites, p->num_suites + p->num_suites12);
    kuma13_wr_u8(w, 1);                 /* legacy_compression_methods: null */
    kuma13_wr_u8(w, 0);
    exts = kuma13_wr_open(w, 2);
    if (p->server_name != NULL)
        ext_server_name(w, p->server_name);
    ext_u16_list(w, KUMA13_EXT_SUPPORTED_GROUPS, 2, p->groups, p->num_groups);
    ext_u16_list(w, KUMA13_EXT_SIGNATURE_ALGORITHMS, 2, p->sig_algs, p->num_sig_algs);
    if (p->alpn != NULL)
        ext_opaque(w, KUMA13_EXT_ALPN, p->alpn, p->alpn_len);
    if (p->num_suites12 > 0)
        ext_tls12(w);
    ext_u16_list(w, KUMA13_EXT_SUPPORTED_VERSIONS, 1, versions, p->num_suites12 > 0 ? 2 : 1);
    if (p->cookie.len > 0)
        ext_opaque(w, KUMA13_EXT_COOKIE, p->cookie.p, p->cookie.len);
    ext_key_share(w, p->shares, p->num_shares);
    if (p->early_data)
        kuma13_write_early_data(w);
    if (p->psk_modes != 0)              /* pre_shared_key, last, is appended (psk.c) */
        kuma13_write_psk_modes(w, p->psk_modes);
    kuma13_wr_close(w, exts, 2);
    kuma13_write_end(w, msg);
}

void kuma13_write_finished(kuma13_wr *w, const unsigned char *verify_data, size_t len)
{
    size_t msg = kuma13_write_begin(w, KUMA13_HS_FINISHED);

    kuma13_wr_bytes(w, verify_data, len);
    kuma13_write_end(w, msg);
}

void kuma13_write_key_update(kuma13_wr *w, int request_update)
{
    size_t msg = kuma13_write_begin(w, KUMA13_HS_KEY_UPDATE);

    kuma13_wr_u8(w, request_update ? 1 : 0);
    kuma13_write_end(w, msg);
}

void kuma13_write_certificate(kuma13_wr *w, const unsigned char *context, size_t context_len,
                              const br_x509_certificate *chain, size_t count)
{
    size_t msg = kuma13_write_begin(w, KUMA13_HS_CERTIFICATE), list, i;

    kuma13_wr_u8(w, (unsigned)context_len);
    kuma13_wr_bytes(w, context, context_len);
    list = kuma13_wr_open(w, 3);
    for (i = 0; i < count; i++) {
        size_t cert = kuma13_wr_open(w, 3);

        kuma13_wr_bytes(w, chain[i].data, chain[i].data_len);
        kuma13_wr_close(w, cert, 3);
        kuma13_wr_u16(w, 0);            /* no extensions for this certificate */
    }
    kuma13_wr_close(w, list, 3);
    kuma13_write_end(w, msg);
}

void kuma13_write_certificate_verify(kuma13_wr *w, uint16_t scheme, const unsigned char *sig,
                                     size_t sig_len)
{
    size_t msg = kuma13_write_begin(w, KUMA13_HS_CERTIFICATE_VERIFY);

    kuma13_wr_u16(w, scheme);
    kuma13_wr_u16(w, (unsigned)sig_len);
    kuma13_wr_bytes(w, sig, sig_len);
    kuma13_write_end(w, msg);
}
