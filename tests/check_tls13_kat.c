/*
 * check_tls13_kat.c -- the TLS 1.3 engine's cryptographic layer against
 * known answers:
 *   - HKDF (RFC 5869 appendix A) and, on random inputs, against BearSSL's br_hkdf
 *   - RFC 8448 section 3 (simple 1-RTT handshake, TLS_AES_128_GCM_SHA256):
 *     every secret of the key schedule, the transcript hashes, the traffic
 *     keys and IVs, both Finished messages, the exporter and resumption
 *     master secrets, and each protected record of the trace decrypted and
 *     re-encrypted to the same bytes
 *   - the HelloRetryRequest transcript rule, KeyUpdate, the exporter
 *   - record protection with the three suites: round trips, padding,
 *     tampering, record_overflow, a record without a content type
 * The hex below is copied from the RFCs named; the RFC's own record bytes
 * check the AEAD (a wrong key or nonce fails the tag).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "tls13/tls13_int.h"
#include "testutil.h"

#include "tls13_rfc8448.h"

/* ---- RFC 5869 ------------------------------------------------------------------ */

static const struct {
    const char *ikm, *salt, *info;
    size_t len;
    const char *prk, *okm;
} rfc5869[] = {
    { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
      "f0f1f2f3f4f5f6f7f8f9", 42,
      "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
      "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865" },
    { "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
      "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
      "404142434445464748494a4b4c4d4e4f",
      "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
      "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
      "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
      "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
      "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
      "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 82,
      "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
      "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
      "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
      "cc30c58179ec3e87c14c01d5c1f3434f1d87" },
    { "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
      "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
      "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8" },
};

START_TEST(hkdf_rfc5869)
{
    size_t ikm_len, salt_len, info_len;
    unsigned char *ikm = unhex(rfc5869[_i].ikm, &ikm_len);
    unsigned char *salt = unhex(rfc5869[_i].salt, &salt_len);
    unsigned char *info = unhex(rfc5869[_i].info, &info_len);
    unsigned char prk[32], okm[82];

    kuma13_hkdf_extract(&br_sha256_vtable, salt, salt_len, ikm, ikm_len, prk);
    expect_hex(prk, 32, rfc5869[_i].prk);
    kuma13_hkdf_expand(&br_sha256_vtable, prk, info, info_len, okm, rfc5869[_i].len);
    expect_hex(okm, rfc5869[_i].len, rfc5869[_i].okm);
    free(ikm);
    free(salt);
    free(info);
}
END_TEST

/* Extract-then-Expand agrees with br_hkdf on random inputs, both hashes, many lengths. */
START_TEST(hkdf_matches_bearssl)
{
    const br_hash_class *hashes[] = { &br_sha256_vtable, &br_sha384_vtable };
    unsigned char ikm[100], salt[70], info[60], prk[48], a[300], b[300];
    unsigned seed = 12345;
    int round;

    for (round = 0; round < 200; round++) {
        const br_hash_class *h = hashes[round & 1];
        size_t ikm_len = (size_t)rand_r(&seed) % sizeof ikm;
        size_t salt_len = (size_t)rand_r(&seed) % sizeof salt;
        size_t info_len = (size_t)rand_r(&seed) % sizeof info;
        size_t out_len = 1 + (size_t)rand_r(&seed) % sizeof a;
        br_hkdf_context hc;
        size_t i;

        for (i = 0; i < sizeof ikm; i++)
            ikm[i] = (unsigned char)rand_r(&seed);
        for (i = 0; i < sizeof salt; i++)
            salt[i] = (unsigned char)rand_r(&seed);
        for (i = 0; i < sizeof info; i++)
            info[i] = (unsigned char)rand_r(&seed);
        kuma13_hkdf_extract(h, salt, salt_len, ikm, ikm_len, prk);
        kuma13_hkdf_expand(h, prk, info, info_len, a, out_len);
        br_hkdf_init(&hc, h, salt, salt_len);
        br_hkdf_inject(&hc, ikm, ikm_len);
        br_hkdf_flip(&hc);
        ck_assert_uint_eq(br_hkdf_produce(&hc, info, info_len, b, out_len), out_len);
        ck_assert_msg(memcmp(a, b, out_len) == 0, "round %d", round);
    }
}
END_TEST


static const kuma13_suite *aes128(void)
{
    return kuma13_suite_by_id(0x1301);
}

/* Decrypts one of the trace's records with cipher c; checks type and content; re-encrypts it. */
static void record_round_trip(kuma13_cipher *c, const char *rec_hex, unsigned want_type,
                              const unsigned char *want, size_t want_len)
{
    size_t rec_len, len;
    unsigned char *rec = unhex(rec_hex, &rec_len);
    unsigned char *copy = malloc(rec_len);
    kuma13_cipher again = *c;           /* the same key at the same sequence number */
    unsigned type;

    ck_assert_ptr_nonnull(copy);
    memcpy(copy, rec, rec_len);
    ck_assert_int_eq(kuma13_open(c, rec, rec_len, &type, &len), 0);
    ck_assert_uint_eq(type, want_type);
    ck_assert_uint_eq(len, want_len);
    ck_assert(memcmp(rec + KUMA13_HDR_LEN, want, want_len) == 0);
    /* the trace pads nothing: the same content seals to the same record */
    ck_assert_uint_eq(kuma13_seal(&again, rec, len, type, 0), rec_len);
    ck_assert(memcmp(rec, copy, rec_len) == 0);
    ck_assert(again.seq == c->seq);
    free(rec);
    free(copy);
}

/* Hashes hex messages into the transcript. */
static void feed(kuma13_transcript *t, const char *hex)
{
    size_t len;
    unsigned char *m = unhex(hex, &len);

    kuma13_transcript_update(t, m, len);
    free(m);
}

/* Derive-Secret(label) off the schedule: the traffic secret, and its key and IV. */
static void expect_traffic(const kuma13_schedule *ks, const char *label, const unsigned char *th,
                           const char *secret_hex, const char *key_hex, const char *iv_hex,
                           unsigned char *secret)
{
    unsigned char key[16], iv[12];

    kuma13_schedule_derive(ks, label, th, secret);
    expect_hex(secret, 32, secret_hex);
    kuma13_expand_label(ks->hash, secret, "key", NULL, 0, key, sizeof key);
    kuma13_expand_label(ks->hash, secret, "iv", NULL, 0, iv, sizeof iv);
    expect_hex(key, 16, key_hex);
    expect_hex(iv, 12, iv_hex);
}

START_TEST(rfc8448_key_schedule)
{
    const br_hash_class *h = &br_sha256_vtable;
    unsigned char th[32], secret[32], out[32];
    size_t len;
    unsigned char *dhe = unhex(R_ECDHE, &len);
    kuma13_schedule ks;
    kuma13_transcript t;

    /* {server} extract secret "early" (no PSK) */
    kuma13_schedule_early(&ks, h, NULL, 0);
    expect_hex(ks.secret, 32, "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
    /* {server} derive secret for handshake "tls13 derived" */
    kuma13_schedule_derive(&ks, "derived", NULL, out);
    expect_hex(out, 32, "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba");
    /* {server} extract secret "handshake" */
    kuma13_schedule_handshake(&ks, dhe, len);
    expect_hex(ks.secret, 32, "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac");

    kuma13_transcript_init(&t);
    feed(&t, R_CH);
    kuma13_transcript_select(&t, h);    /* as a client does once ServerHello names the suite */
    feed(&t, R_SH);
    kuma13_transcript_hash(&t, th);
    expect_hex(th, 32, "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8");
    expect_traffic(&ks, "c hs traffic", th, R_C_HS, "dbfaa693d1762c5b666af5d950258d01",
                   "5bd3c71b836e0b76bb73265f", secret);
    expect_traffic(&ks, "s hs traffic", th, R_S_HS, "3fce516009c21727d0f2e4e86ee403bc",
                   "5d313eb2671276ee13000b30", secret);
    /* {server} calculate finished "tls13 finished": finished_key of the server */
    kuma13_expand_label(h, secret, "finished", NULL, 0, out, 32);
    expect_hex(out, 32, "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8");

    /* {server} derive secret for master "tls13 derived", extract secret "master" */
    kuma13_schedule_derive(&ks, "derived", NULL, out);
    expect_hex(out, 32, "43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4");
    kuma13_schedule_master(&ks);
    expect_hex(ks.secret, 32, "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919");

    /* the application secrets, over ClientHello..server Finished */
    feed(&t, R_S_FLIGHT);
    kuma13_transcript_hash(&t, th);
    expect_hex(th, 32, "9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13");
    expect_traffic(&ks, "c ap traffic", th, R_C_AP, "17422dda596ed5d9acd890e3c63f5051",
                   "5b78923dee08579033e523d9", secret);
    expect_traffic(&ks, "s ap traffic", th, R_S_AP, "9f02283b6c9c07efc26bb9f2ac92e356",
                   "cf782b88dd83549aadf1e984", secret);
    kuma13_schedule_derive(&ks, "exp master", th, secret);
    expect_hex(secret, 32, "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50");

    /* {client} derive secret "tls13 res master", over ClientHello..client Finished */
    feed(&t, R_C_FIN);
    kuma13_transcript_hash(&t, th);
    expect_hex(th, 32, "209145a96ee8e2a122ff810047cc952684658d6049e86429426db87c54ad143d");
    kuma13_schedule_derive(&ks, "res master", th, secret);
    expect_hex(secret, 32, "7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c");
    /* {server} generate resumption secret "tls13 resumption" (ticket nonce 00 00) */
    kuma13_expand_label(h, secret, "resumption", "\0\0", 2, out, 32);
    expect_hex(out, 32, "4ecd0eb6ec3b4d87f5d6028f922ca4c5851a277fd41311c9e62d2c9492e1c4f3");

    kuma13_schedule_clear(&ks);
    ck_assert_ptr_null(ks.hash);
    free(dhe);
}
END_TEST

/* The hex of a traffic secret, as the cipher of that direction. */
static void cipher_from(kuma13_cipher *c, const char *secret_hex)
{
    size_t len;
    unsigned char *secret = unhex(secret_hex, &len);

    kuma13_cipher_init(c, aes128(), secret);
    free(secret);
}

START_TEST(rfc8448_finished)
{
    const br_hash_class *h = &br_sha256_vtable;
    unsigned char th[32], vd[32], bad[32];
    size_t len;
    unsigned char *c_hs = unhex(R_C_HS, &len), *s_hs = unhex(R_S_HS, &len);
    unsigned char *flight = unhex(R_S_FLIGHT, &len);
    size_t fin_at = len - 36;           /* the server Finished closes the flight */
    kuma13_transcript t;

    kuma13_transcript_init(&t);
    feed(&t, R_CH);
    feed(&t, R_SH);
    kuma13_transcript_select(&t, h);
    kuma13_transcript_update(&t, flight, fin_at);
    kuma13_transcript_hash(&t, th);
    kuma13_finished(h, s_hs, th, vd);
    expect_hex(vd, 32, "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718");
    ck_assert(kuma13_finished_check(h, s_hs, th, flight + fin_at + 4, 32));
    memcpy(bad, flight + fin_at + 4, 32);
    bad[31] ^= 1;
    ck_assert(!kuma13_finished_check(h, s_hs, th, bad, 32));
    ck_assert(!kuma13_finished_check(h, s_hs, th, flight + fin_at + 4, 31));
    ck_assert(!kuma13_finished_check(h, c_hs, th, flight + fin_at + 4, 32));

    kuma13_transcript_update(&t, flight + fin_at, 36);
    kuma13_transcript_hash(&t, th);
    kuma13_finished(h, c_hs, th, vd);
    expect_hex(vd, 32, "a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61");
    free(c_hs);
    free(s_hs);
    free(flight);
}
END_TEST

START_TEST(rfc8448_records)
{
    unsigned char app[50];
    size_t len, i;
    unsigned char *flight = unhex(R_S_FLIGHT, &len);
    unsigned char *fin;
    kuma13_cipher c;

    cipher_from(&c, R_S_HS);
    record_round_trip(&c, R_S_FLIGHT_REC, KUMA13_CT_HANDSHAKE, flight, len);
    free(flight);

    fin = unhex(R_C_FIN, &len);
    cipher_from(&c, R_C_HS);
    record_round_trip(&c, R_C_FIN_REC, KUMA13_CT_HANDSHAKE, fin, len);
    free(fin);

    for (i = 0; i < sizeof app; i++)
        app[i] = (unsigned char)i;
    cipher_from(&c, R_C_AP);            /* the client's: data (seq 0), close_notify (seq 1) */
    record_round_trip(&c, R_C_APP_REC, KUMA13_CT_APPDATA, app, sizeof app);
    record_round_trip(&c, R_C_ALERT_REC, KUMA13_CT_ALERT, (const unsigned char *)"\1\0", 2);

    cipher_from(&c, R_S_AP);            /* the server's: ticket (seq 0), data, close_notify */
    {
        size_t rec_len;
        unsigned char *rec = unhex(R_NST_REC, &rec_len);
        unsigned type;

        ck_assert_int_eq(kuma13_open(&c, rec, rec_len, &type, &len), 0);
        ck_assert_uint_eq(type, KUMA13_CT_HANDSHAKE);
        ck_assert_uint_eq(len, 205);
        ck_assert_uint_eq(rec[KUMA13_HDR_LEN], 4);      /* new_session_ticket */
        free(rec);
    }
    record_round_trip(&c, R_S_APP_REC, KUMA13_CT_APPDATA, app, sizeof app);
    record_round_trip(&c, R_S_ALERT_REC, KUMA13_CT_ALERT, (const unsigned char *)"\1\0", 2);
    kuma13_cipher_clear(&c);
    ck_assert_ptr_null(c.suite);
}
END_TEST

/* A record of the trace with any one byte changed does not open, and leaves no plaintext. */
START_TEST(rfc8448_tampered)
{
    size_t rec_len, len, pos;
    unsigned char *orig = unhex(R_C_FIN_REC, &rec_len);
    unsigned char *rec = malloc(rec_len);

    ck_assert_ptr_nonnull(rec);
    for (pos = 0; pos < rec_len; pos++) {
        kuma13_cipher c;
        unsigned type;

        cipher_from(&c, R_C_HS);
        memcpy(rec, orig, rec_len);
        rec[pos] ^= 0x40;
        ck_assert_int_eq(kuma13_open(&c, rec, rec_len, &type, &len), KUMA13_AL_BAD_RECORD_MAC);
        ck_assert(c.seq == 0);
        if (pos >= KUMA13_HDR_LEN + 4 && pos < rec_len - KUMA13_TAG_LEN)
            ck_assert(memcmp(rec + KUMA13_HDR_LEN, "\x14\0\0\x20", 4) != 0);
        ck_assert_uint_eq(rec[KUMA13_HDR_LEN + 4], 0);  /* wiped */
    }
    free(orig);
    free(rec);
}
END_TEST

/* ---- the HRR rule, KeyUpdate, exporter ------------------------------------------------- */

START_TEST(hrr_message_hash)
{
    size_t len;
    unsigned char *ch = unhex(R_CH, &len);
    unsigned char msg[4 + 48], got[48], want[48];
    const br_hash_class *hashes[] = { &br_sha256_vtable, &br_sha384_vtable };
    int i;

    for (i = 0; i < 2; i++) {
        const br_hash_class *h = hashes[i];
        size_t hlen = kuma13_hash_len(h);
        br_hash_compat_context hc;
        kuma13_transcript t;

        /* RFC 8446 section 4.4.1: message_hash (254), uint24 length, Hash(ClientHello1) */
        msg[0] = 254;
        msg[1] = msg[2] = 0;
        msg[3] = (unsigned char)hlen;
        h->init(&hc.vtable);
        h->update(&hc.vtable, ch, len);
        h->out(&hc.vtable, msg + 4);
        h->init(&hc.vtable);
        h->update(&hc.vtable, msg, 4 + hlen);
        h->update(&hc.vtable, "HRR", 3);
        h->out(&hc.vtable, want);

        kuma13_transcript_init(&t);
        kuma13_transcript_update(&t, ch, len);
        kuma13_transcript_select(&t, h);
        kuma13_transcript_restart_hrr(&t);
        kuma13_transcript_update(&t, "HRR", 3);
        kuma13_transcript_hash(&t, got);
        ck_assert(memcmp(got, want, hlen) == 0);
    }
    free(ch);
}
END_TEST

START_TEST(key_update_and_exporter)
{
    const br_hash_class *h = &br_sha256_vtable;
    size_t len;
    unsigned char *secret = unhex(R_C_AP, &len), *exp_master;
    unsigned char next[32], out[64], again[64], derived[32], chash[32];
    br_sha256_context sc;

    kuma13_expand_label(h, secret, "traffic upd", NULL, 0, next, 32);
    kuma13_next_traffic_secret(h, secret);
    ck_assert(memcmp(secret, next, 32) == 0);
    free(secret);

    /* TLS-Exporter(label, context, L) = Expand-Label(Derive-Secret(exp, label, ""), "exporter", Hash(context), L) */
    exp_master = unhex("fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50", &len);
    ck_assert(kuma13_export(h, exp_master, "EXPERIMENTAL test", 17, "ctx", 3, out, sizeof out));
    kuma13_derive_secret(h, exp_master, "EXPERIMENTAL test", NULL, derived);
    br_sha256_init(&sc);
    br_sha256_update(&sc, "ctx", 3);
    br_sha256_out(&sc, chash);
    kuma13_expand_label(h, derived, "exporter", chash, 32, again, sizeof again);
    ck_assert(memcmp(out, again, sizeof out) == 0);
    ck_assert(kuma13_export(h, exp_master, "EXPERIMENTAL test", 17, NULL, 0, again, sizeof again));
    ck_assert(memcmp(out, again, sizeof out) != 0);
    ck_assert(!kuma13_export(h, exp_master, "a\0b", 3, NULL, 0, out, 16));
    free(exp_master);
}
END_TEST

/* ---- record protection with each suite ------------------------------------------------- */

static const uint16_t suite_ids[] = { 0x1301, 0x1302, 0x1303 };

/* Round trips with padding; the receiver with the peer's secret opens them, another fails. */
START_TEST(record_suites)
{
    const kuma13_suite *suite = kuma13_suite_by_id(suite_ids[_i]);
    static unsigned char rec[KUMA13_MAX_CIPHERTEXT + KUMA13_HDR_LEN];
    unsigned char secret[48], other[48];
    kuma13_cipher tx, rx, wrong;
    size_t sizes[] = { 0, 1, 15, 16, 17, 1000, KUMA13_MAX_PLAINTEXT };
    size_t i, j;

    ck_assert_ptr_nonnull(suite);
    for (i = 0; i < sizeof secret; i++) {
        secret[i] = (unsigned char)(i * 13 + 1);
        other[i] = secret[i] ^ 0x80;
    }
    kuma13_cipher_init(&tx, suite, secret);
    kuma13_cipher_init(&rx, suite, secret);
    kuma13_cipher_init(&wrong, suite, other);
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        size_t pad = sizes[i] == KUMA13_MAX_PLAINTEXT ? 0 : i * 7, n, got;
        unsigned type;

        for (j = 0; j < sizes[i]; j++)
            rec[KUMA13_HDR_LEN + j] = (unsigned char)(j ^ i);
        n = kuma13_seal(&tx, rec, sizes[i], KUMA13_CT_APPDATA, pad);
        ck_assert_uint_eq(n, sizes[i] + KUMA13_RECORD_OVERHEAD(pad));
        ck_assert_uint_eq(rec[0], KUMA13_CT_APPDATA);
        ck_assert_uint_eq((size_t)rec[3] << 8 | rec[4], n - KUMA13_HDR_LEN);
        ck_assert_int_eq(kuma13_open(&rx, rec, n, &type, &got), 0);
        ck_assert_uint_eq(type, KUMA13_CT_APPDATA);
        ck_assert_uint_eq(got, sizes[i]);
        for (j = 0; j < sizes[i]; j++)
            ck_assert_uint_eq(rec[KUMA13_HDR_LEN + j], (unsigned char)(j ^ i));
    }
    /* the sequence numbers move together; a record replayed or from another key fails */
    {
        size_t n, got;
        unsigned type;

        rec[KUMA13_HDR_LEN] = 'x';
        n = kuma13_seal(&tx, rec, 1, KUMA13_CT_ALERT, 0);
        ck_assert_int_eq(kuma13_open(&wrong, rec, n, &type, &got), KUMA13_AL_BAD_RECORD_MAC);
        rec[KUMA13_HDR_LEN] = 'x';
        n = kuma13_seal(&tx, rec, 1, KUMA13_CT_ALERT, 0);
        ck_assert_int_eq(kuma13_open(&rx, rec, n, &type, &got), KUMA13_AL_BAD_RECORD_MAC);
    }
    kuma13_cipher_clear(&tx);
    kuma13_cipher_clear(&rx);
    kuma13_cipher_clear(&wrong);
}
END_TEST

/* RFC 8446 section 5.2 and 5.4: sizes beyond the limits, and no content type. */
START_TEST(record_limits)
{
    static unsigned char rec[KUMA13_MAX_CIPHERTEXT + 64];
    unsigned char secret[32] = { 1 };
    const kuma13_suite *suite = aes128();
    kuma13_cipher tx, rx;
    size_t n, got;
    unsigned type;

    kuma13_cipher_init(&tx, suite, secret);
    kuma13_cipher_init(&rx, suite, secret);
    /* an inner plaintext of 2^14 + 2 bytes: authentic, but too long */
    memset(rec + KUMA13_HDR_LEN, 'a', KUMA13_MAX_PLAINTEXT);
    n = kuma13_seal(&tx, rec, KUMA13_MAX_PLAINTEXT, KUMA13_CT_APPDATA, 1);
    ck_assert_int_eq(kuma13_open(&rx, rec, n, &type, &got), KUMA13_AL_RECORD_OVERFLOW);
    /* a ciphertext over 2^14 + 256 bytes is refused before decryption */
    ck_assert_int_eq(kuma13_open(&rx, rec, KUMA13_HDR_LEN + KUMA13_MAX_CIPHERTEXT + 1, &type, &got),
                     KUMA13_AL_RECORD_OVERFLOW);
    /* shorter than a tag and a content type */
    ck_assert_int_eq(kuma13_open(&rx, rec, KUMA13_HDR_LEN + KUMA13_TAG_LEN, &type, &got),
                     KUMA13_AL_BAD_RECORD_MAC);
    /* all padding, no content type: unexpected_message */
    n = kuma13_seal(&tx, rec, 0, 0, 10);
    ck_assert_int_eq(kuma13_open(&rx, rec, n, &type, &got), KUMA13_AL_UNEXPECTED_MESSAGE);
    /* padding up to the limit is accepted */
    rec[KUMA13_HDR_LEN] = 'z';
    n = kuma13_seal(&tx, rec, 1, KUMA13_CT_APPDATA, KUMA13_MAX_PLAINTEXT - 1);
    ck_assert_int_eq(kuma13_open(&rx, rec, n, &type, &got), 0);
    ck_assert_uint_eq(got, 1);
    ck_assert_uint_eq(rec[KUMA13_HDR_LEN], 'z');
    /* a used-up sequence number space ends the connection rather than wrapping */
    tx.seq = UINT64_MAX;
    ck_assert_uint_eq(kuma13_seal(&tx, rec, 1, KUMA13_CT_APPDATA, 0), 0);
    kuma13_cipher_clear(&tx);
    kuma13_cipher_clear(&rx);
}
END_TEST

START_TEST(suite_table)
{
    ck_assert_ptr_eq(kuma13_suite_by_id(0x1302)->hash, &br_sha384_vtable);
    ck_assert_uint_eq(kuma13_suite_by_id(0x1302)->key_len, 32);
    ck_assert_int_eq(kuma13_suite_by_id(0x1303)->aead, KUMA13_CHACHA20_POLY1305);
    ck_assert_ptr_null(kuma13_suite_by_id(0xC02F));     /* a TLS 1.2 suite */
    ck_assert_ptr_null(kuma13_suite_by_id(0x1304));     /* CCM: not offered */
    ck_assert(kuma13_ct_equal("abc", "abc", 3));
    ck_assert(!kuma13_ct_equal("abc", "abd", 3));
    ck_assert(kuma13_ct_equal("", "x", 0));
}
END_TEST

static Suite *kat_suite(void)
{
    Suite *s = suite_create("tls13_kat");
    TCase *tc = tu_add_tcase(s, "kat", 30);

    tcase_add_loop_test(tc, hkdf_rfc5869, 0, 3);
    tcase_add_test(tc, hkdf_matches_bearssl);
    tcase_add_test(tc, rfc8448_key_schedule);
    tcase_add_test(tc, rfc8448_finished);
    tcase_add_test(tc, rfc8448_records);
    tcase_add_test(tc, rfc8448_tampered);
    tcase_add_test(tc, hrr_message_hash);
    tcase_add_test(tc, key_update_and_exporter);
    tcase_add_loop_test(tc, record_suites, 0, 3);
    tcase_add_test(tc, record_limits);
    tcase_add_test(tc, suite_table);
    return s;
}

int main(void)
{
    return tu_run_suite(kat_suite(), CK_ENV);
}
