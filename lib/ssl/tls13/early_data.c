/*
 * kumassl: what goes with a TLS 1.3 PSK (RFC 8446): the
 * psk_key_exchange_modes extension (section 4.2.9), the early_data
 * extension in ClientHello, EncryptedExtensions and NewSessionTicket
 * (section 4.2.10), and the ticket age a server judges a resumption and
 * its early data by (sections 4.2.11.1 and 8.3). See psk_int.h.
 */
#include "psk_int.h"

void kuma13_write_psk_modes(kuma13_wr *w, unsigned mask)
{
    size_t ext, list;
    unsigned mode;

    kuma13_wr_u16(w, KUMA13_EXT_PSK_KEY_EXCHANGE_MODES);
    ext = kuma13_wr_open(w, 2);
    list = kuma13_wr_open(w, 1);
    for (mode = KUMA13_PSK_KE; mode <= KUMA13_PSK_DHE_KE; mode++)
        if (mask & (1u << mode))
            kuma13_wr_u8(w, mode);
    kuma13_wr_close(w, list, 1);
    kuma13_wr_close(w, ext, 2);
}

unsigned kuma13_parse_psk_modes(const kuma13_span *modes)
{
    unsigned mask = 0;
    size_t i;

    for (i = 0; i < modes->len; i++)
        if (modes->p[i] <= KUMA13_PSK_DHE_KE)
            mask |= 1u << modes->p[i];
    return mask;
}

int kuma13_check_psk_exts(const kuma13_client_hello *ch)
{
    const kuma13_exts *e = &ch->exts;

    if (KUMA13_HAS(e, KUMA13_EXT_PRE_SHARED_KEY) && !KUMA13_HAS(e, KUMA13_EXT_PSK_KEY_EXCHANGE_MODES))
        return KUMA13_AL_MISSING_EXTENSION;
    if (KUMA13_HAS(e, KUMA13_EXT_EARLY_DATA)
        && e->data[kuma13_ext_index(KUMA13_EXT_EARLY_DATA)].len != 0)
        return KUMA13_AL_DECODE_ERROR;
    return 0;
}

void kuma13_write_early_data(kuma13_wr *w)
{
    kuma13_wr_u16(w, KUMA13_EXT_EARLY_DATA);
    kuma13_wr_u16(w, 0);
}

void kuma13_write_early_data_ticket(kuma13_wr *w, uint32_t max_early_data)
{
    kuma13_wr_u16(w, KUMA13_EXT_EARLY_DATA);
    kuma13_wr_u16(w, 4);
    kuma13_wr_u32(w, max_early_data);
}

uint32_t kuma13_obfuscate_age(uint32_t age_ms, uint32_t age_add)
{
    return age_ms + age_add;    /* modulo 2^32 */
}

enum kuma13_ticket_age kuma13_ticket_age_check(uint32_t obfuscated_age, uint32_t age_add,
                                               uint64_t issued_ms, uint64_t now_ms,
                                               uint32_t lifetime_s, uint32_t window_ms)
{
    uint64_t server_age, client_age = (uint32_t)(obfuscated_age - age_add), skew;

    if (now_ms < issued_ms)
        return KUMA13_AGE_EXPIRED;
    server_age = now_ms - issued_ms;
    if (server_age > (uint64_t)lifetime_s * 1000)
        return KUMA13_AGE_EXPIRED;
    skew = server_age > client_age ? server_age - client_age : client_age - server_age;
    return skew <= window_ms ? KUMA13_AGE_OK : KUMA13_AGE_SKEWED;
}
