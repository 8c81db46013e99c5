/*
 * kumassl fuzzing: the TLS 1.3 PSK pieces (lib/ssl/tls13/psk.c,
 * early_data.c) on a ClientHello message (header included), as a server
 * meets them: the ClientHello parsed, its pre_shared_key offer decoded,
 * each binder checked with a fixed binder key, the PSK extension rules,
 * the modes; then, as a client, an offer appended to it and a binder
 * stored. Seeds: RFC 8448's resumed ClientHello (corpus/psk).
 */
#include <stdlib.h>
#include "fuzz_common.h"
#include "tls13/psk_int.h"

static void server_side(const uint8_t *data, size_t size)
{
    static const unsigned char key[32] = { 1 };
    kuma13_client_hello ch;
    kuma13_psk_offer offer;
    const kuma13_span *ext;
    size_t i, truncated;

    if (size < 4 || kuma13_parse_client_hello(data + 4, size - 4, &ch) != 0)
        return;
    kuma13_check_psk_exts(&ch);
    kuma13_parse_psk_modes(&ch.psk_modes);
    if (!KUMA13_HAS(&ch.exts, KUMA13_EXT_PRE_SHARED_KEY))
        return;
    ext = &ch.exts.data[kuma13_ext_index(KUMA13_EXT_PRE_SHARED_KEY)];
    if (kuma13_parse_psk_offer(ext->p, ext->len, &offer) != 0)
        return;
    if (offer.count == 0 || kuma13_psk_truncated_len(data, size, &offer, &truncated) != 0
        || truncated > size)
        abort();                        /* a parsed offer ends a parsed ClientHello */
    for (i = 0; i <= offer.count && i <= KUMA13_MAX_PSK_IDENTITIES; i++)
        kuma13_psk_verify_binder(&br_sha256_vtable, key, NULL, data, size, &offer, i);
}

static void client_side(const uint8_t *data, size_t size)
{
    unsigned char *msg = malloc(size + 600), binder[32] = { 2 };
    kuma13_psk_entry e = { (const unsigned char *)"identity", 8, 0x01020304, 32 };
    size_t len = size, truncated;

    if (msg == NULL)
        return;
    memcpy(msg, data, size);
    if (kuma13_client_hello_add_psk(msg, &len, size + 600, &e, 1, &truncated) == 0) {
        if (truncated >= len || kuma13_psk_set_binder(msg, len, 0, binder, 32) != 0)
            abort();                    /* what add_psk made, set_binder finds */
    }
    free(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    server_side(data, size);
    client_side(data, size);
    return 0;
}
