/*
 * kumassl: the TLS 1.3 transcript hash (RFC 8446 section 4.4.1). Hashes
 * handshake messages as they are sent and received; the running hash is
 * read without ending it (BearSSL's out() leaves the context as it was).
 */
#include <string.h>
#include "tls13_int.h"

void kuma13_transcript_init(kuma13_transcript *t)
{
    br_sha256_init(&t->sha256);
    br_sha384_init(&t->sha384);
    t->hash = NULL;
}

void kuma13_transcript_update(kuma13_transcript *t, const void *data, size_t len)
{
    if (t->hash != &br_sha384_vtable)
        br_sha256_update(&t->sha256, data, len);
    if (t->hash != &br_sha256_vtable)
        br_sha384_update(&t->sha384, data, len);
}

void kuma13_transcript_select(kuma13_transcript *t, const br_hash_class *h)
{
    t->hash = h;
}

void kuma13_transcript_hash(const kuma13_transcript *t, unsigned char *out)
{
    if (t->hash == &br_sha384_vtable)
        br_sha384_out(&t->sha384, out);
    else
        br_sha256_out(&t->sha256, out);
}

void kuma13_transcript_hash_with(const kuma13_transcript *t, const br_hash_class *h,
                                 unsigned char *out)
{
    if (h == &br_sha384_vtable)
        br_sha384_out(&t->sha384, out);
    else
        br_sha256_out(&t->sha256, out);
}

void kuma13_transcript_restart_hrr(kuma13_transcript *t)
{
    unsigned char msg[4 + KUMA13_MAX_HASH];
    size_t hlen = kuma13_hash_len(t->hash);
    const br_hash_class *h = t->hash;

    /* struct { HandshakeType message_hash (254); uint24 length; Hash(ClientHello1) } */
    msg[0] = 254;
    msg[1] = 0;
    msg[2] = 0;
    msg[3] = (unsigned char)hlen;
    kuma13_transcript_hash(t, msg + 4);
    kuma13_transcript_init(t);
    kuma13_transcript_select(t, h);
    kuma13_transcript_update(t, msg, 4 + hlen);
}
