/*
 * kumassl: the ec_point_formats extension in BearSSL's ServerHello.
 *
 * RFC 8422 5.2: a server that selects an ECC cipher suite for a client
 * that sent ec_point_formats answers with the extension (OpenSSL does,
 * "uncompressed" only). BearSSL's server never writes it. The first
 * record of the server's flight is therefore rewritten on its way out:
 * a copy holding the ServerHello with the extension added (six bytes) is
 * what the pump sends, and BearSSL's record is acknowledged once the copy
 * has gone. BearSSL hashes the handshake messages as it writes them, and
 * at that moment its transcript holds the ClientHello and exactly the
 * bytes of that record, so the transcript is recomputed over the
 * ClientHello (kept by judge.c) and the bytes sent: both Finished
 * messages, computed later, then cover what the peers saw. That holds for
 * resumed handshakes too: BearSSL's Finished comes in a later record.
 * A renegotiation's ServerHello is encrypted and keeps BearSSL's form.
 */
#include <stdlib.h>
#include <string.h>
#include "br_int.h"

#define HS_SERVER_HELLO 2
#define MAX_PLAINTEXT 16384
/* ec_point_formats (11), 2 bytes of data: a list of one format, uncompressed (0) */
static const unsigned char point_formats[] = { 0x00, 0x0b, 0x00, 0x02, 0x01, 0x00 };

/* RFC 8422 suites: ECDHE or ECDH key exchange, or ECDSA authentication. */
static int suite_is_ecc(size_t id)
{
    return (id >= 0xC001 && id <= 0xC03B) || (id >= 0xC048 && id <= 0xC04F)
           || (id >= 0xC05C && id <= 0xC063) || (id >= 0xC086 && id <= 0xC08D)
           || (id >= 0xC0AC && id <= 0xC0AF) || id == 0xCCA8 || id == 0xCCA9;
}

void kuma_br_keep_client_hello(br_state *st, const unsigned char *body, size_t len)
{
    kuma_br_sh_fix *f = &st->sh_fix;

    free(f->hello);
    f->hello = malloc(len + 4);
    if (f->hello == NULL)
        return;                 /* the ServerHello goes out as BearSSL wrote it */
    f->hello[0] = 1;
    kuma_br_put24(f->hello + 1, len);
    memcpy(f->hello + 4, body, len);
    f->hello_len = len + 4;
}

/*
 * Where the extensions block of the ServerHello at m (msg_len bytes,
 * header included) begins (msg_len when it has none), or 0 if it is not
 * one to amend: a suite that is not ECC, or the extension already there.
 */
static size_t extensions_at(const unsigned char *m, size_t msg_len)
{
    size_t pos = 4 + 2 + 32, block, end;

    if (msg_len < pos + 1 || (pos += 1 + m[pos]) + 3 > msg_len || !suite_is_ecc(kuma_br_get16(m + pos)))
        return 0;
    block = pos + 3;
    if (block == msg_len)
        return block;
    if (block + 2 > msg_len || (end = block + 2 + kuma_br_get16(m + block)) != msg_len)
        return 0;
    for (pos = block + 2; pos + 4 <= end; pos += 4 + kuma_br_get16(m + pos + 2))
        if (kuma_br_get16(m + pos) == 0x000b)
            return 0;
    return pos == end ? block : 0;
}

/* The record at buf (len bytes, exactly one record) with the extension added, in f->out. */
static int amend(kuma_br_sh_fix *f, const unsigned char *buf, size_t len)
{
    const unsigned char *m = buf + 5;
    size_t rec_len = kuma_br_get16(buf + 3), msg_len, block, grow;
    unsigned char *out;

    if (len < 9 || buf[0] != SSL3_RT_HANDSHAKE || rec_len + 5 != len || m[0] != HS_SERVER_HELLO
        || (msg_len = kuma_br_get24(m + 1) + 4) > rec_len || (block = extensions_at(m, msg_len)) == 0)
        return 0;
    grow = sizeof(point_formats) + (block == msg_len ? 2 : 0);
    if (rec_len + grow > MAX_PLAINTEXT || (out = malloc(len + grow)) == NULL)
        return 0;
    memcpy(out, buf, 5 + msg_len);
    kuma_br_put16(out + 5 + block,
                  (block == msg_len ? 0 : kuma_br_get16(m + block)) + sizeof(point_formats));
    memcpy(out + 5 + msg_len + grow - sizeof(point_formats), point_formats, sizeof(point_formats));
    memcpy(out + 5 + msg_len + grow, buf + 5 + msg_len, len - 5 - msg_len);
    kuma_br_put16(out + 3, rec_len + grow);
    kuma_br_put24(out + 6, msg_len - 4 + grow);
    f->out = out;
    f->out_len = len + grow;
    f->out_off = 0;
    f->engine_len = len;
    return 1;
}

unsigned char *kuma_br_server_flight(br_state *st, unsigned char *buf, size_t *len)
{
    kuma_br_sh_fix *f = &st->sh_fix;
    br_ssl_engine_context *eng = &st->u.c.eng;

    if (f->out == NULL && !f->examined && buf != NULL) {
        f->examined = 1;
        if (f->hello != NULL && amend(f, buf, *len)) {
            br_multihash_init(&eng->mhash);
            br_multihash_update(&eng->mhash, f->hello, f->hello_len);
            br_multihash_update(&eng->mhash, f->out + 5, f->out_len - 5);
        }
        free(f->hello);
        f->hello = NULL;
    }
    if (f->out == NULL)
        return buf;
    *len = f->out_len - f->out_off;
    return f->out + f->out_off;
}

int kuma_br_server_flight_ack(br_state *st, size_t len)
{
    kuma_br_sh_fix *f = &st->sh_fix;

    if (f->out == NULL)
        return 0;
    f->out_off += len;
    if (f->out_off >= f->out_len) {
        br_ssl_engine_sendrec_ack(&st->u.c.eng, f->engine_len);
        free(f->out);
        f->out = NULL;
    }
    return 1;
}

void kuma_br_server_flight_clear(kuma_br_sh_fix *f)
{
    free(f->hello);
    free(f->out);
    memset(f, 0, sizeof(*f));
}
