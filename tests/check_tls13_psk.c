/*
 * check_tls13_psk.c -- the TLS 1.3 PSK and early data pieces
 * (lib/ssl/tls13/psk.c, early_data.c) against RFC 8448 section 4, the
 * resumed 0-RTT handshake, byte for byte:
 *   - the PSK from section 3's ticket, the early secret, the binder key and
 *     finished key, the binder over the 477-octet truncated ClientHello
 *   - the ClientHello rebuilt: the RFC's ClientHello without its
 *     pre_shared_key, then the offer appended and the binder stored, gives
 *     the RFC's 512 octets
 *   - the server's view: the offer parsed, the age de-obfuscated, the binder
 *     verified; client_early_traffic_secret, early exporter secret, the
 *     early traffic key and IV, and the early data record sealed and opened
 *   - psk_key_exchange_modes, early_data (ClientHello / EE / ticket),
 *     selected_identity, the ticket age rules
 * and the bad inputs: a wrong binder (each byte), the binder of another
 * PSK, every truncation of the extension, identities and binders in
 * different numbers, pre_shared_key not last, short binders, no modes.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "tls13/psk_int.h"
#include "testutil.h"

#include "tls13_rfc8448.h"
#include "tls13_rfc8448_psk.h"

#define PSK_EXT_LEN 225         /* RFC 8448's pre_shared_key extension, header included */

static const br_hash_class *sha256(void)
{
    return &br_sha256_vtable;
}

/* The early secret of section 4, from section 3's resumption master secret. */
static void early_schedule(kuma13_schedule *ks)
{
    size_t len;
    unsigned char *res = unhex(P_RES_MASTER, &len), psk[32];

    kuma13_resumption_psk(sha256(), res, (const unsigned char *)"\0\0", 2, psk);
    expect_hex(psk, sizeof psk, P_PSK);
    kuma13_schedule_early(ks, sha256(), psk, sizeof psk);
    free(res);
}

/* The RFC's ClientHello (*len bytes, in a buffer of cap), parsed; its offer in *offer. */
static unsigned char *rfc_client_hello(size_t *len, size_t cap, kuma13_client_hello *ch,
                                       kuma13_psk_offer *offer)
{
    unsigned char *hex = unhex(P_CH, len), *msg = malloc(cap);
    const kuma13_span *ext;

    ck_assert_ptr_nonnull(msg);
    ck_assert_uint_ge(cap, *len);
    memcpy(msg, hex, *len);
    free(hex);
    ck_assert_int_eq(kuma13_parse_client_hello(msg + 4, *len - 4, ch), 0);
    ck_assert(KUMA13_HAS(&ch->exts, KUMA13_EXT_PRE_SHARED_KEY));
    ext = &ch->exts.data[kuma13_ext_index(KUMA13_EXT_PRE_SHARED_KEY)];
    ck_assert_int_eq(kuma13_parse_psk_offer(ext->p, ext->len, offer), 0);
    return msg;
}

/* ---- the client's side ------------------------------------------------------------- */

/* The RFC's ClientHello without its pre_shared_key, in msg; its length. */
static size_t base_client_hello(unsigned char *msg, const unsigned char *rfc, size_t rfc_len)
{
    size_t len = rfc_len - PSK_EXT_LEN;

    /* the extensions block is at 49, after an empty session id and three suites */
    memcpy(msg, rfc, len);
    ck_assert(msg[49] == 0x01 && msg[50] == 0xcd);
    msg[49] = (unsigned char)((0x1cd - PSK_EXT_LEN) >> 8);
    msg[50] = (unsigned char)(0x1cd - PSK_EXT_LEN);
    msg[2] = (unsigned char)((len - 4) >> 8);
    msg[3] = (unsigned char)(len - 4);
    return len;
}

START_TEST(early_secret_and_binder_key)
{
    kuma13_schedule ks;
    unsigned char key[32], fkey[32];

    early_schedule(&ks);
    expect_hex(ks.secret, ks.hlen, P_EARLY);
    kuma13_psk_binder_key(&ks, 0, key);
    expect_hex(key, sizeof key, P_BINDER_KEY);
    kuma13_expand_label(sha256(), key, "finished", NULL, 0, fkey, sizeof fkey);
    expect_hex(fkey, sizeof fkey, P_BINDER_FINISHED_KEY);
    /* an external PSK's binder key has its own label */
    kuma13_psk_binder_key(&ks, 1, fkey);
    ck_assert(memcmp(key, fkey, sizeof key) != 0);
    kuma13_schedule_clear(&ks);
}
END_TEST

/* The RFC's ClientHello without pre_shared_key, the offer appended and its
 * binder computed: the RFC's 512 octets. */
START_TEST(client_hello_rebuilt)
{
    size_t len, rfc_len, truncated;
    unsigned char *rfc = unhex(P_CH, &rfc_len), msg[600], key[32], binder[32], thash[32];
    kuma13_schedule ks;
    kuma13_psk_entry e;
    br_sha256_context sc;

    len = base_client_hello(msg, rfc, rfc_len);

    e.identity = rfc + len + 8;         /* type, length, identities' and identity's lengths */
    e.identity_len = 178;
    e.obfuscated_age = kuma13_obfuscate_age(6, P_AGE_ADD);
    ck_assert_uint_eq(e.obfuscated_age, P_OBFUSCATED_AGE);
    e.binder_len = 32;
    ck_assert_int_eq(kuma13_client_hello_add_psk(msg, &len, sizeof msg, &e, 1, &truncated), 0);
    ck_assert_uint_eq(len, rfc_len);
    ck_assert_uint_eq(truncated, P_CH_PREFIX_LEN);
    ck_assert(memcmp(msg, rfc, truncated) == 0);

    br_sha256_init(&sc);
    br_sha256_update(&sc, msg, truncated);
    br_sha256_out(&sc, thash);
    expect_hex(thash, sizeof thash, P_BINDER_HASH);
    early_schedule(&ks);
    kuma13_psk_binder_key(&ks, 0, key);
    kuma13_psk_binder(sha256(), key, NULL, msg, truncated, binder);
    expect_hex(binder, sizeof binder, P_BINDER);
    ck_assert_int_eq(kuma13_psk_set_binder(msg, len, 0, binder, sizeof binder), 0);
    expect_hex(msg, len, P_CH);

    /* no second binder, no binder of another length */
    ck_assert_int_eq(kuma13_psk_set_binder(msg, len, 1, binder, sizeof binder), -1);
    ck_assert_int_eq(kuma13_psk_set_binder(msg, len, 0, binder, 31), -1);
    /* no room, no identity, a binder too short, a second offer, a malformed
     * extension, not a ClientHello */
    len = base_client_hello(msg, rfc, rfc_len);
    ck_assert_int_eq(kuma13_client_hello_add_psk(msg, &len, len + 100, &e, 1, &truncated), -1);
    ck_assert_int_eq(kuma13_client_hello_add_psk(msg, &len, sizeof msg, &e, 0, &truncated), -1);
    e.binder_len = 31;
    ck_assert_int_eq(kuma13_client_hello_add_psk(msg, &len, sizeof msg, &e, 1, &truncated), -1);
    e.binder_len = 32;
    ck_assert_int_eq(kuma13_client_hello_add_psk(msg, &len, sizeof msg, &e, 1, &truncated), 0);
    ck_assert_int_eq(kuma13_client_hello_add_psk(msg, &len, sizeof msg, &e, 1, &truncated), -1);
    len = base_client_hello(msg, rfc, rfc_len);
    ck_assert(msg[len - 87 - 2] == 0x00 && msg[len - 87 - 1] == 0x57);  /* padding's length */
    msg[len - 87 - 2] = 0x40;           /* now it runs past the block */
    ck_assert_int_eq(kuma13_client_hello_add_psk(msg, &len, sizeof msg, &e, 1, &truncated), -1);
    msg[len - 87 - 2] = 0x00;
    msg[0] = KUMA13_HS_SERVER_HELLO;
    ck_assert_int_eq(kuma13_client_hello_add_psk(msg, &len, sizeof msg, &e, 1, &truncated), -1);
    ck_assert_uint_eq(len, rfc_len - PSK_EXT_LEN);
    kuma13_schedule_clear(&ks);
    free(rfc);
}
END_TEST

/* ---- the server's side -------------------------------------------------------------- */

START_TEST(server_reads_the_offer)
{
    size_t len, nst_len, truncated;
    kuma13_client_hello ch;
    kuma13_psk_offer offer;
    kuma13_new_session_ticket t;
    unsigned char *msg = rfc_client_hello(&len, 600, &ch, &offer);
    unsigned char *nst = unhex(P_NST, &nst_len), key[32];
    kuma13_schedule ks;

    ck_assert_uint_eq(offer.count, 1);
    ck_assert_int_eq(kuma13_psk_truncated_len(msg, len, &offer, &truncated), 0);
    ck_assert_uint_eq(truncated, P_CH_PREFIX_LEN);
    ck_assert_int_eq(kuma13_parse_new_session_ticket(nst + 4, nst_len - 4, &t), 0);
    ck_assert_uint_eq(t.age_add, P_AGE_ADD);
    ck_assert_uint_eq(t.max_early_data, 1024);
    ck_assert_uint_eq(offer.ids[0].identity.len, t.ticket.len);
    ck_assert(memcmp(offer.ids[0].identity.p, t.ticket.p, t.ticket.len) == 0);
    ck_assert_uint_eq(offer.ids[0].obfuscated_age, P_OBFUSCATED_AGE);
    /* received 6 ms ago by the client's clock; 5 s of lifetime left */
    ck_assert_int_eq(kuma13_ticket_age_check(offer.ids[0].obfuscated_age, t.age_add, 1000, 1010,
                                             t.lifetime, 10000), KUMA13_AGE_OK);
    expect_hex(offer.ids[0].binder.p, offer.ids[0].binder.len, P_BINDER);

    early_schedule(&ks);
    kuma13_psk_binder_key(&ks, 0, key);
    ck_assert_int_eq(kuma13_psk_verify_binder(sha256(), key, NULL, msg, len, &offer, 0), 0);
    ck_assert_int_eq(kuma13_psk_verify_binder(sha256(), key, NULL, msg, len, &offer, 1),
                     KUMA13_AL_ILLEGAL_PARAMETER);
    /* the modes and early_data of the RFC's ClientHello */
    ck_assert_uint_eq(kuma13_parse_psk_modes(&ch.psk_modes), KUMA13_MODE_PSK_DHE_KE);
    ck_assert(KUMA13_HAS(&ch.exts, KUMA13_EXT_EARLY_DATA));
    ck_assert_int_eq(kuma13_check_psk_exts(&ch), 0);
    kuma13_schedule_clear(&ks);
    free(nst);
    free(msg);
}
END_TEST

/* Each byte of the binder flipped, and the binder key of another PSK: decrypt_error. */
START_TEST(wrong_binder)
{
    size_t len, i;
    kuma13_client_hello ch;
    kuma13_psk_offer offer;
    unsigned char *msg = rfc_client_hello(&len, 600, &ch, &offer), key[32];
    kuma13_schedule ks;

    early_schedule(&ks);
    kuma13_psk_binder_key(&ks, 0, key);
    for (i = 0; i < 32; i++) {
        msg[len - 32 + i] ^= 0x01;
        ck_assert_int_eq(kuma13_psk_verify_binder(sha256(), key, NULL, msg, len, &offer, 0),
                         KUMA13_AL_DECRYPT_ERROR);
        msg[len - 32 + i] ^= 0x01;
    }
    /* a byte of the truncated part changed: the hash differs */
    msg[10] ^= 0x80;
    ck_assert_int_eq(kuma13_psk_verify_binder(sha256(), key, NULL, msg, len, &offer, 0),
                     KUMA13_AL_DECRYPT_ERROR);
    msg[10] ^= 0x80;
    kuma13_psk_binder_key(&ks, 1, key);         /* "ext binder": not a ticket's */
    ck_assert_int_eq(kuma13_psk_verify_binder(sha256(), key, NULL, msg, len, &offer, 0),
                     KUMA13_AL_DECRYPT_ERROR);
    kuma13_schedule_early(&ks, sha256(), (const unsigned char *)"another key of 32 bytes........", 32);
    kuma13_psk_binder_key(&ks, 0, key);
    ck_assert_int_eq(kuma13_psk_verify_binder(sha256(), key, NULL, msg, len, &offer, 0),
                     KUMA13_AL_DECRYPT_ERROR);
    kuma13_schedule_clear(&ks);
    free(msg);
}
END_TEST

/* The binder after a HelloRetryRequest covers message_hash(ClientHello1) and the HRR. */
START_TEST(binder_after_hrr)
{
    size_t len;
    kuma13_client_hello ch;
    kuma13_psk_offer offer;
    unsigned char *msg = rfc_client_hello(&len, 600, &ch, &offer), key[32], b1[32], b2[32];
    static const unsigned char hrr[] = { 2, 0, 0, 2, 3, 3 };   /* stands for an HRR */
    kuma13_transcript prior;
    kuma13_schedule ks;

    early_schedule(&ks);
    kuma13_psk_binder_key(&ks, 0, key);
    kuma13_transcript_init(&prior);
    kuma13_transcript_update(&prior, msg, len);
    kuma13_transcript_select(&prior, sha256());
    kuma13_transcript_restart_hrr(&prior);
    kuma13_transcript_update(&prior, hrr, sizeof hrr);
    kuma13_psk_binder(sha256(), key, &prior, msg, P_CH_PREFIX_LEN, b1);
    kuma13_psk_binder(sha256(), key, NULL, msg, P_CH_PREFIX_LEN, b2);
    ck_assert(memcmp(b1, b2, sizeof b1) != 0);
    memcpy(msg + len - 32, b1, 32);
    ck_assert_int_eq(kuma13_psk_verify_binder(sha256(), key, &prior, msg, len, &offer, 0), 0);
    ck_assert_int_eq(kuma13_psk_verify_binder(sha256(), key, NULL, msg, len, &offer, 0),
                     KUMA13_AL_DECRYPT_ERROR);
    kuma13_schedule_clear(&ks);
    free(msg);
}
END_TEST

/* ---- early data ----------------------------------------------------------------------- */

START_TEST(early_traffic)
{
    size_t len, plen, rlen;
    kuma13_client_hello ch;
    kuma13_psk_offer offer;
    unsigned char *msg = rfc_client_hello(&len, 600, &ch, &offer);
    unsigned char *payload = unhex(P_EARLY_PAYLOAD, &plen), *want = unhex(P_EARLY_REC, &rlen);
    unsigned char thash[32], secret[32], key[16], rec[64];
    const kuma13_suite *suite = kuma13_suite_by_id(0x1301);
    kuma13_cipher c;
    kuma13_schedule ks;
    br_sha256_context sc;
    unsigned type;
    size_t got;

    br_sha256_init(&sc);
    br_sha256_update(&sc, msg, len);
    br_sha256_out(&sc, thash);
    expect_hex(thash, sizeof thash, P_CH_HASH);
    early_schedule(&ks);
    kuma13_client_early_traffic_secret(&ks, thash, secret);
    expect_hex(secret, sizeof secret, P_C_E_TRAFFIC);
    {
        unsigned char exp[32];

        kuma13_early_exporter_master(&ks, thash, exp);
        expect_hex(exp, sizeof exp, P_E_EXP_MASTER);
    }
    kuma13_expand_label(sha256(), secret, "key", NULL, 0, key, sizeof key);
    expect_hex(key, sizeof key, P_EARLY_KEY);

    ck_assert_ptr_nonnull(suite);
    kuma13_cipher_init(&c, suite, secret);
    expect_hex(c.iv, sizeof c.iv, P_EARLY_IV);
    memcpy(rec + KUMA13_HDR_LEN, payload, plen);
    ck_assert_uint_eq(kuma13_seal(&c, rec, plen, KUMA13_CT_APPDATA, 0), rlen);
    expect_hex(rec, rlen, P_EARLY_REC);
    kuma13_cipher_init(&c, suite, secret);      /* the server's side, sequence 0 */
    ck_assert_int_eq(kuma13_open(&c, want, rlen, &type, &got), 0);
    ck_assert_uint_eq(type, KUMA13_CT_APPDATA);
    ck_assert_uint_eq(got, plen);
    ck_assert(memcmp(want + KUMA13_HDR_LEN, payload, plen) == 0);
    kuma13_cipher_clear(&c);
    kuma13_schedule_clear(&ks);
    free(payload);
    free(want);
    free(msg);
}
END_TEST

/* The small extensions, written as the RFC's messages carry them. */
START_TEST(extensions_written)
{
    unsigned char buf[32];
    size_t nst_len;
    unsigned char *nst = unhex(P_NST, &nst_len);
    kuma13_wr w;

    kuma13_wr_init(&w, buf, sizeof buf);
    kuma13_write_early_data_ticket(&w, 1024);
    ck_assert_int_eq(w.err, 0);
    ck_assert(w.len == 8 && memcmp(buf, nst + nst_len - 8, 8) == 0);    /* the ticket's extension */
    kuma13_wr_init(&w, buf, sizeof buf);
    kuma13_write_early_data(&w);
    expect_hex(buf, w.len, "002a0000");
    kuma13_wr_init(&w, buf, sizeof buf);
    kuma13_write_psk_modes(&w, KUMA13_MODE_PSK_DHE_KE);
    expect_hex(buf, w.len, "002d00020101");
    kuma13_wr_init(&w, buf, sizeof buf);
    kuma13_write_psk_modes(&w, KUMA13_MODE_PSK_KE | KUMA13_MODE_PSK_DHE_KE);
    expect_hex(buf, w.len, "002d0003020001");
    kuma13_wr_init(&w, buf, sizeof buf);
    kuma13_write_psk_selected(&w, 0);
    expect_hex(buf, w.len, "002900020000");
    ck_assert_int_eq(kuma13_psk_check_selected(0, 1), 0);
    ck_assert_int_eq(kuma13_psk_check_selected(1, 1), KUMA13_AL_ILLEGAL_PARAMETER);
    kuma13_wr_init(&w, buf, 3);
    kuma13_write_early_data_ticket(&w, 1);
    ck_assert_int_ne(w.err, 0);
    free(nst);
}
END_TEST

START_TEST(psk_modes_parsed)
{
    static const unsigned char both[] = { 1, 0, 7 }, none[] = { 9 };
    kuma13_span s = { both, sizeof both };

    ck_assert_uint_eq(kuma13_parse_psk_modes(&s), KUMA13_MODE_PSK_KE | KUMA13_MODE_PSK_DHE_KE);
    s.p = none;
    s.len = sizeof none;
    ck_assert_uint_eq(kuma13_parse_psk_modes(&s), 0);
}
END_TEST

START_TEST(ticket_age)
{
    /* the window, both ways, and the lifetime */
    uint32_t add = 0x80000000u, obf = kuma13_obfuscate_age(5000, add);

    ck_assert_uint_eq(kuma13_obfuscate_age(0xffffffffu, 2), 1);     /* modulo 2^32 */
    ck_assert_int_eq(kuma13_ticket_age_check(obf, add, 0, 5000, 60, 0), KUMA13_AGE_OK);
    ck_assert_int_eq(kuma13_ticket_age_check(obf, add, 0, 15000, 60, 10000), KUMA13_AGE_OK);
    ck_assert_int_eq(kuma13_ticket_age_check(obf, add, 0, 15001, 60, 10000), KUMA13_AGE_SKEWED);
    ck_assert_int_eq(kuma13_ticket_age_check(obf, add, 4000, 4000, 60, 999), KUMA13_AGE_SKEWED);
    ck_assert_int_eq(kuma13_ticket_age_check(obf, add, 0, 60000, 60, 100000), KUMA13_AGE_OK);
    ck_assert_int_eq(kuma13_ticket_age_check(obf, add, 0, 60001, 60, 100000), KUMA13_AGE_EXPIRED);
    ck_assert_int_eq(kuma13_ticket_age_check(obf, add, 10, 9, 60, 100000), KUMA13_AGE_EXPIRED);
    /* a wrong age_add makes the age nonsense */
    ck_assert_int_eq(kuma13_ticket_age_check(obf, add + 1000000, 0, 5000, 60, 10000),
                     KUMA13_AGE_SKEWED);
}
END_TEST

/* ---- malformed offers ------------------------------------------------------------------- */

/* Every truncation of the RFC's extension body fails to decode. */
START_TEST(truncated_extension)
{
    size_t len, cut;
    kuma13_client_hello ch;
    kuma13_psk_offer offer;
    unsigned char *msg = rfc_client_hello(&len, 600, &ch, &offer);
    const kuma13_span *ext = &ch.exts.data[kuma13_ext_index(KUMA13_EXT_PRE_SHARED_KEY)];

    ck_assert_uint_eq(ext->len, 221);
    for (cut = 0; cut < ext->len; cut++)
        ck_assert_int_eq(kuma13_parse_psk_offer(ext->p, cut, &offer), KUMA13_AL_DECODE_ERROR);
    free(msg);
}
END_TEST

/* Offers built by hand: (identities, binders) -> the alert. */
static const struct {
    const char *hex, *why;
    int alert;
} bad_offers[] = {
    { "0000" "0021" "20" "0000000000000000000000000000000000000000000000000000000000000000",
      "no identity", KUMA13_AL_DECODE_ERROR },
    { "0007" "0001" "41" "00000000" "0000", "no binder", KUMA13_AL_DECODE_ERROR },
    { "000e" "0001" "41" "00000000" "0001" "42" "00000000"
      "0021" "20" "0000000000000000000000000000000000000000000000000000000000000000",
      "two identities, one binder", KUMA13_AL_DECODE_ERROR },
    { "0007" "0001" "41" "00000000"
      "0042" "20" "0000000000000000000000000000000000000000000000000000000000000000"
      "20" "0000000000000000000000000000000000000000000000000000000000000000",
      "one identity, two binders", KUMA13_AL_DECODE_ERROR },
    { "0007" "0000" "00000000" "00" "0021" "20"
      "0000000000000000000000000000000000000000000000000000000000000000",
      "an empty identity", KUMA13_AL_DECODE_ERROR },
    { "0007" "0001" "41" "00000000" "0020" "1f"
      "00000000000000000000000000000000000000000000000000000000000000",
      "a 31-byte binder", KUMA13_AL_DECODE_ERROR },
    { "0007" "0001" "41" "00000000" "0021" "20"
      "0000000000000000000000000000000000000000000000000000000000000000" "00",
      "a byte after the binders", KUMA13_AL_DECODE_ERROR },
    { "0007" "0001" "41" "00000000" "0021" "20"
      "0000000000000000000000000000000000000000000000000000000000000000",
      "a good one", 0 },
};

START_TEST(bad_offer)
{
    size_t len;
    unsigned char *ext = unhex(bad_offers[_i].hex, &len);
    kuma13_psk_offer offer;

    ck_assert_msg(kuma13_parse_psk_offer(ext, len, &offer) == bad_offers[_i].alert, "%s",
                  bad_offers[_i].why);
    if (bad_offers[_i].alert == 0) {
        ck_assert_uint_eq(offer.count, 1);
        ck_assert_uint_eq(offer.ids[0].identity.len, 1);
        ck_assert_uint_eq(offer.ids[0].binder.len, 32);
        ck_assert_uint_eq(offer.binders_len, 35);
    }
    free(ext);
}
END_TEST

/* More identities than a server looks at: all counted, the first kept. */
START_TEST(many_identities)
{
    unsigned char ext[2 + 10 * 7 + 2 + 10 * 33];
    kuma13_psk_offer offer;
    kuma13_wr w;
    size_t m, i;

    kuma13_wr_init(&w, ext, sizeof ext);
    m = kuma13_wr_open(&w, 2);
    for (i = 0; i < 10; i++) {
        kuma13_wr_u16(&w, 1);
        kuma13_wr_u8(&w, (unsigned)('a' + i));
        kuma13_wr_u32(&w, (uint32_t)i);
    }
    kuma13_wr_close(&w, m, 2);
    m = kuma13_wr_open(&w, 2);
    for (i = 0; i < 10; i++) {
        kuma13_wr_u8(&w, 32);
        kuma13_wr_bytes(&w, "0123456789abcdef0123456789abcdef", 32);
    }
    kuma13_wr_close(&w, m, 2);
    ck_assert_int_eq(w.err, 0);
    ck_assert_int_eq(kuma13_parse_psk_offer(ext, w.len, &offer), 0);
    ck_assert_uint_eq(offer.count, 10);
    ck_assert_uint_eq(offer.ids[KUMA13_MAX_PSK_IDENTITIES - 1].obfuscated_age,
                      KUMA13_MAX_PSK_IDENTITIES - 1);
    ck_assert(offer.ids[7].identity.p[0] == 'h');
}
END_TEST

/* An extension after pre_shared_key: the ClientHello parser refuses it,
 * and so does the truncation, for a caller that did not parse. */
START_TEST(psk_not_last)
{
    size_t len, truncated;
    kuma13_client_hello ch, ch2;
    kuma13_psk_offer offer;
    unsigned char *msg = rfc_client_hello(&len, 600, &ch, &offer);
    static const unsigned char padding[] = { 0x00, 0x15, 0x00, 0x00 };

    memcpy(msg + len, padding, sizeof padding);
    len += sizeof padding;
    msg[50] += sizeof padding;                  /* 0x1cd + 4: no carry */
    msg[3] += sizeof padding;                   /* 0x1fc + 4: carries */
    if (msg[3] < sizeof padding)
        msg[2]++;
    ck_assert_int_eq(kuma13_parse_client_hello(msg + 4, len - 4, &ch2), KUMA13_AL_ILLEGAL_PARAMETER);
    ck_assert_int_eq(kuma13_psk_truncated_len(msg, len, &offer, &truncated),
                     KUMA13_AL_ILLEGAL_PARAMETER);
    ck_assert_int_eq(kuma13_psk_set_binder(msg, len, 0, msg, 32), -1);
    free(msg);
}
END_TEST

/* pre_shared_key without psk_key_exchange_modes; early_data with a body. */
START_TEST(psk_ext_rules)
{
    kuma13_client_hello ch;
    size_t len;
    kuma13_psk_offer offer;
    unsigned char *msg = rfc_client_hello(&len, 600, &ch, &offer);

    ch.exts.seen &= ~((uint32_t)1 << kuma13_ext_index(KUMA13_EXT_PSK_KEY_EXCHANGE_MODES));
    ck_assert_int_eq(kuma13_check_psk_exts(&ch), KUMA13_AL_MISSING_EXTENSION);
    ch.exts.seen &= ~((uint32_t)1 << kuma13_ext_index(KUMA13_EXT_PRE_SHARED_KEY));
    ck_assert_int_eq(kuma13_check_psk_exts(&ch), 0);
    ch.exts.data[kuma13_ext_index(KUMA13_EXT_EARLY_DATA)].len = 4;
    ck_assert_int_eq(kuma13_check_psk_exts(&ch), KUMA13_AL_DECODE_ERROR);
    free(msg);
}
END_TEST

static Suite *psk_suite(void)
{
    Suite *s = suite_create("tls13_psk");
    TCase *tc = tcase_create("rfc8448_section4");

    tcase_add_test(tc, early_secret_and_binder_key);
    tcase_add_test(tc, client_hello_rebuilt);
    tcase_add_test(tc, server_reads_the_offer);
    tcase_add_test(tc, early_traffic);
    tcase_add_test(tc, extensions_written);
    suite_add_tcase(s, tc);
    tc = tcase_create("rules");
    tcase_add_test(tc, psk_modes_parsed);
    tcase_add_test(tc, ticket_age);
    tcase_add_test(tc, binder_after_hrr);
    suite_add_tcase(s, tc);
    tc = tcase_create("bad_input");
    tcase_add_test(tc, wrong_binder);
    tcase_add_test(tc, truncated_extension);
    tcase_add_loop_test(tc, bad_offer, 0, (int)(sizeof bad_offers / sizeof bad_offers[0]));
    tcase_add_test(tc, many_identities);
    tcase_add_test(tc, psk_not_last);
    tcase_add_test(tc, psk_ext_rules);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(psk_suite(), CK_ENV);
}
