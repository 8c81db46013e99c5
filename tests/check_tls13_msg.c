/*
 * check_tls13_msg.c -- the TLS 1.3 message codec:
 *   - RFC 8448 section 3's ClientHello, ServerHello, EncryptedExtensions,
 *     Certificate, CertificateVerify and NewSessionTicket decoded field by field
 *   - every truncation of each of them refused with decode_error; random
 *     corruption never read out of bounds (run under ASan/valgrind)
 *   - the rules of section 4.2: a repeated extension, pre_shared_key not
 *     last, an extension a message may not carry, HelloRetryRequest
 *   - KeyUpdate values; ClientHello writer round trip; writer overflow
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "tls13/tls13_int.h"
#include "testutil.h"
#include "tls13_rfc8448.h"

/* Offsets of the server flight's messages (EE 40, Certificate 445, CV 136, Finished 36). */
#define EE_AT 0
#define CERT_AT 40
#define CV_AT 485
#define FIN_AT 621

static int span_is(const kuma13_span *s, const char *hex)
{
    size_t len;
    unsigned char *want = unhex(hex, &len);
    int eq = s->len == len && memcmp(s->p, want, len) == 0;

    free(want);
    return eq;
}

START_TEST(rfc8448_client_hello)
{
    size_t len;
    unsigned char *m = unhex(R_CH, &len);
    kuma13_client_hello ch;

    ck_assert_uint_eq(m[0], KUMA13_HS_CLIENT_HELLO);
    ck_assert_int_eq(kuma13_parse_client_hello(m + 4, len - 4, &ch), 0);
    ck_assert_uint_eq(ch.random[0], 0xcb);
    ck_assert_uint_eq(ch.session_id.len, 0);
    ck_assert(span_is(&ch.suites, "130113031302"));
    ck_assert(ch.has_null_compression);
    ck_assert(ch.offers_tls13);
    ck_assert(span_is(&ch.server_name, "736572766572"));        /* "server" */
    ck_assert(span_is(&ch.groups, "001d00170018001901000101010201030104"));
    ck_assert(span_is(&ch.key_shares,
                      "001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c"));
    ck_assert_uint_eq(ch.sig_algs.len, 30);
    ck_assert(span_is(&ch.psk_modes, "01"));
    ck_assert(KUMA13_HAS(&ch.exts, KUMA13_EXT_SIGNATURE_ALGORITHMS));
    ck_assert(!KUMA13_HAS(&ch.exts, KUMA13_EXT_ALPN));
    ck_assert_uint_eq(ch.exts.unknown, 3);      /* renegotiation_info, session_ticket, record_size_limit */
    free(m);
}
END_TEST

START_TEST(rfc8448_server_hello)
{
    size_t len;
    unsigned char *rec = unhex(R_SH, &len);
    kuma13_server_hello sh;

    ck_assert_int_eq(kuma13_parse_server_hello(rec + 4, len - 4, &sh), 0);
    ck_assert(!sh.is_hrr);
    ck_assert_uint_eq(sh.suite, 0x1301);
    ck_assert_uint_eq(sh.version, KUMA13_TLS13);
    ck_assert_uint_eq(sh.group, 0x001d);
    ck_assert(span_is(&sh.key_share, "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f"));
    ck_assert(!sh.has_psk);
    free(rec);
}
END_TEST

START_TEST(rfc8448_server_flight)
{
    size_t len;
    unsigned char *f = unhex(R_S_FLIGHT, &len);
    kuma13_encrypted_extensions ee;
    kuma13_certificate cert;
    uint16_t scheme;
    kuma13_span sig;

    ck_assert_uint_eq(f[EE_AT], KUMA13_HS_ENCRYPTED_EXTENSIONS);
    ck_assert_int_eq(kuma13_parse_encrypted_extensions(f + EE_AT + 4, CERT_AT - EE_AT - 4, &ee), 0);
    ck_assert_uint_eq(ee.alpn.len, 0);
    ck_assert(KUMA13_HAS(&ee.exts, KUMA13_EXT_SUPPORTED_GROUPS));
    ck_assert(KUMA13_HAS(&ee.exts, KUMA13_EXT_SERVER_NAME));
    ck_assert_uint_eq(ee.exts.unknown, 1);      /* record_size_limit */

    ck_assert_uint_eq(f[CERT_AT], KUMA13_HS_CERTIFICATE);
    ck_assert_int_eq(kuma13_parse_certificate(f + CERT_AT + 4, CV_AT - CERT_AT - 4, &cert), 0);
    ck_assert_uint_eq(cert.context.len, 0);
    ck_assert_uint_eq(cert.count, 1);
    ck_assert_uint_eq(cert.certs[0].len, 432);
    ck_assert_uint_eq(cert.certs[0].p[0], 0x30);

    ck_assert_uint_eq(f[CV_AT], KUMA13_HS_CERTIFICATE_VERIFY);
    ck_assert_int_eq(kuma13_parse_certificate_verify(f + CV_AT + 4, FIN_AT - CV_AT - 4, &scheme, &sig), 0);
    ck_assert_uint_eq(scheme, 0x0804);          /* rsa_pss_rsae_sha256 */
    ck_assert_uint_eq(sig.len, 128);
    ck_assert_uint_eq(f[FIN_AT], KUMA13_HS_FINISHED);
    free(f);
}
END_TEST

START_TEST(rfc8448_new_session_ticket)
{
    size_t rec_len, len, secret_len;
    unsigned char *rec = unhex(R_NST_REC, &rec_len), *secret = unhex(R_S_AP, &secret_len);
    kuma13_new_session_ticket t;
    kuma13_cipher c;
    unsigned type;

    kuma13_cipher_init(&c, kuma13_suite_by_id(0x1301), secret);
    ck_assert_int_eq(kuma13_open(&c, rec, rec_len, &type, &len), 0);
    ck_assert_uint_eq(rec[5], KUMA13_HS_NEW_SESSION_TICKET);
    ck_assert_int_eq(kuma13_parse_new_session_ticket(rec + 9, len - 4, &t), 0);
    ck_assert_uint_eq(t.lifetime, 30);
    ck_assert(span_is(&t.nonce, "0000"));
    ck_assert_uint_eq(t.ticket.len, 178);
    ck_assert_uint_eq(t.max_early_data, 1024);
    kuma13_cipher_clear(&c);
    free(rec);
    free(secret);
}
END_TEST

typedef int (*parser)(const unsigned char *, size_t, void *);

static int p_ch(const unsigned char *b, size_t n, void *o) { return kuma13_parse_client_hello(b, n, o); }
static int p_sh(const unsigned char *b, size_t n, void *o) { return kuma13_parse_server_hello(b, n, o); }
static int p_ee(const unsigned char *b, size_t n, void *o) { return kuma13_parse_encrypted_extensions(b, n, o); }
static int p_cert(const unsigned char *b, size_t n, void *o) { return kuma13_parse_certificate(b, n, o); }
static int p_cv(const unsigned char *b, size_t n, void *o)
{
    kuma13_span sig;

    return kuma13_parse_certificate_verify(b, n, o, &sig);
}

/*
 * Each message with its parser: every proper prefix fails with
 * decode_error; random corruption (checked by ASan/valgrind) never reads
 * outside the message, which is copied to a buffer of its exact size.
 */
START_TEST(truncated_and_corrupted)
{
    static union {
        kuma13_client_hello ch;
        kuma13_server_hello sh;
        kuma13_encrypted_extensions ee;
        kuma13_certificate cert;
        uint16_t scheme;
    } out;
    size_t flen, clen, slen;
    unsigned char *f = unhex(R_S_FLIGHT, &flen), *ch = unhex(R_CH, &clen), *sh = unhex(R_SH, &slen);
    /* bare: where a hello without extensions ends, a valid prefix (older versions send those) */
    const struct { parser fn; const unsigned char *body; size_t len, bare; } cases[] = {
        { p_ch, ch + 4, clen - 4, 45 }, { p_sh, sh + 4, slen - 4, 38 },
        { p_ee, f + EE_AT + 4, CERT_AT - EE_AT - 4, 0 },
        { p_cert, f + CERT_AT + 4, CV_AT - CERT_AT - 4, 0 },
        { p_cv, f + CV_AT + 4, FIN_AT - CV_AT - 4, 0 },
    };
    unsigned seed = 7;
    size_t i, cut;
    int round;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned char *copy;

        ck_assert_int_eq(cases[i].fn(cases[i].body, cases[i].len, &out), 0);
        for (cut = 0; cut < cases[i].len; cut++) {
            copy = malloc(cut + 1);
            memcpy(copy, cases[i].body, cut);
            ck_assert_msg(cases[i].fn(copy, cut, &out) == (cut == cases[i].bare && cut > 0
                                                            ? 0 : KUMA13_AL_DECODE_ERROR),
                          "case %zu cut at %zu", i, cut);
            free(copy);
        }
        for (round = 0; round < 2000; round++) {
            copy = malloc(cases[i].len);
            memcpy(copy, cases[i].body, cases[i].len);
            copy[(size_t)rand_r(&seed) % cases[i].len] ^= (unsigned char)(1 + rand_r(&seed) % 255);
            (void)cases[i].fn(copy, cases[i].len, &out);
            free(copy);
        }
    }
    free(f);
    free(ch);
    free(sh);
}
END_TEST

/* A ServerHello body with this random (NULL: an ordinary one) and extensions block contents (hex). */
static int parse_hello(const unsigned char *random, const char *exts_hex, kuma13_server_hello *sh)
{
    static unsigned char body[256];     /* sh points into it */
    size_t n = 0, len;
    unsigned char *exts = unhex(exts_hex, &len);
    int r;

    body[n++] = 3;
    body[n++] = 3;
    if (random != NULL)
        memcpy(body + n, random, 32);
    else
        memset(body + n, 0x11, 32);
    n += 32;
    body[n++] = 0;                      /* session id */
    body[n++] = 0x13;
    body[n++] = 0x01;
    body[n++] = 0;                      /* compression */
    body[n++] = (unsigned char)(len >> 8);
    body[n++] = (unsigned char)len;
    memcpy(body + n, exts, len);
    n += len;
    r = kuma13_parse_server_hello(body, n, sh);
    free(exts);
    return r;
}

static int parse_sh_with(const char *exts_hex, kuma13_server_hello *sh)
{
    return parse_hello(NULL, exts_hex, sh);
}

START_TEST(extension_rules)
{
    kuma13_server_hello sh;
    unsigned char ch_body[512];
    size_t len;
    unsigned char *ch = unhex(R_CH, &len);
    kuma13_client_hello c;

    ck_assert_int_eq(parse_sh_with("002b00020304", &sh), 0);
    ck_assert_uint_eq(sh.version, KUMA13_TLS13);
    /* the same extension twice */
    ck_assert_int_eq(parse_sh_with("002b00020304002b00020304", &sh), KUMA13_AL_ILLEGAL_PARAMETER);
    /* an extension a ServerHello may not carry (ALPN) */
    ck_assert_int_eq(parse_sh_with("002b000203040010000500030268 32", &sh), KUMA13_AL_ILLEGAL_PARAMETER);
    /* an unknown one is counted for the handshake to refuse */
    ck_assert_int_eq(parse_sh_with("002b00020304fafa0000", &sh), 0);
    ck_assert_uint_eq(sh.exts.unknown, 1);
    /* supported_versions of the wrong length */
    ck_assert_int_eq(parse_sh_with("002b0003030400", &sh), KUMA13_AL_DECODE_ERROR);
    /* a TLS 1.2 ServerHello: no supported_versions, version from legacy_version */
    ck_assert_int_eq(parse_sh_with("ff01000100", &sh), 0);
    ck_assert_uint_eq(sh.version, KUMA13_TLS12);

    /* ClientHello with pre_shared_key (41) before another extension: illegal_parameter */
    memcpy(ch_body, ch + 4, len - 4);
    /* the last extension of the trace is record_size_limit (00 1c 00 02 40 01): make it 41 */
    ck_assert_uint_eq(ch_body[len - 4 - 6 + 1], 0x1c);
    ch_body[len - 4 - 6 + 1] = 41;
    ck_assert_int_eq(kuma13_parse_client_hello(ch_body, len - 4, &c), 0);
    ck_assert(c.exts.psk_last);
    /* and now the first extension (server_name, at offset 47) becomes pre_shared_key */
    ch_body[len - 4 - 6 + 1] = 0x1c;
    ck_assert_uint_eq(ch_body[47], 0x00);
    ck_assert_uint_eq(ch_body[48], 0x00);
    ch_body[48] = 41;
    ck_assert_int_eq(kuma13_parse_client_hello(ch_body, len - 4, &c), KUMA13_AL_ILLEGAL_PARAMETER);
    free(ch);
}
END_TEST

START_TEST(hello_retry_request)
{
    kuma13_server_hello sh;

    /* supported_versions, key_share naming secp384r1, cookie "abc" */
    ck_assert_int_eq(parse_hello(kuma13_hrr_random, "002b00020304 003300020018 002c000500036162 63", &sh), 0);
    ck_assert(sh.is_hrr);
    ck_assert_uint_eq(sh.group, 0x0018);
    ck_assert_uint_eq(sh.key_share.len, 0);
    ck_assert(span_is(&sh.cookie, "616263"));
    /* an empty cookie is malformed; so is a ServerHello's key share in an HRR */
    ck_assert_int_eq(parse_hello(kuma13_hrr_random, "002b00020304 003300020018 002c00020000", &sh),
                     KUMA13_AL_DECODE_ERROR);
    ck_assert_int_eq(parse_hello(kuma13_hrr_random, "002b00020304 00330006001d00020102", &sh),
                     KUMA13_AL_DECODE_ERROR);
    /* a cookie in a ServerHello is not allowed */
    ck_assert_int_eq(parse_sh_with("002b00020304 002c000500036162 63", &sh), KUMA13_AL_ILLEGAL_PARAMETER);
}
END_TEST

START_TEST(key_update_values)
{
    int req = -1;

    ck_assert_int_eq(kuma13_parse_key_update((const unsigned char *)"\0", 1, &req), 0);
    ck_assert_int_eq(req, 0);
    ck_assert_int_eq(kuma13_parse_key_update((const unsigned char *)"\1", 1, &req), 0);
    ck_assert_int_eq(req, 1);
    ck_assert_int_eq(kuma13_parse_key_update((const unsigned char *)"\2", 1, &req), KUMA13_AL_ILLEGAL_PARAMETER);
    ck_assert_int_eq(kuma13_parse_key_update((const unsigned char *)"\0\0", 2, &req), KUMA13_AL_DECODE_ERROR);
    ck_assert_int_eq(kuma13_parse_key_update((const unsigned char *)"", 0, &req), KUMA13_AL_DECODE_ERROR);
}
END_TEST

/* What the writer puts in a ClientHello, the parser reads back. */
START_TEST(client_hello_round_trip)
{
    static const uint16_t suites[] = { 0x1301, 0x1302, 0x1303 };
    static const uint16_t groups[] = { 0x001d, 0x0017 };
    static const uint16_t sigs[] = { 0x0403, 0x0804 };
    static const unsigned char alpn[] = { 2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1' };
    unsigned char random[32], sid[32], pub[32], buf[1024];
    kuma13_key_share share = { 0x001d, pub, sizeof pub };
    kuma13_client_hello_params p;
    kuma13_client_hello ch;
    kuma13_wr w;

    memset(random, 0xaa, sizeof random);
    memset(sid, 0x55, sizeof sid);
    memset(pub, 0x99, sizeof pub);
    memset(&p, 0, sizeof p);
    p.random = random;
    p.session_id = sid;
    p.session_id_len = sizeof sid;
    p.suites = suites;
    p.num_suites = 3;
    p.groups = groups;
    p.num_groups = 2;
    p.shares = &share;
    p.num_shares = 1;
    p.sig_algs = sigs;
    p.num_sig_algs = 2;
    p.server_name = "example.com";
    p.alpn = alpn;
    p.alpn_len = sizeof alpn;
    p.cookie.p = (const unsigned char *)"cookie";
    p.cookie.len = 6;
    kuma13_wr_init(&w, buf, sizeof buf);
    kuma13_write_client_hello(&w, &p);
    ck_assert_int_eq(w.err, 0);
    ck_assert_uint_eq(buf[0], KUMA13_HS_CLIENT_HELLO);
    ck_assert_uint_eq((size_t)buf[1] << 16 | (size_t)buf[2] << 8 | buf[3], w.len - 4);
    ck_assert_int_eq(kuma13_parse_client_hello(buf + 4, w.len - 4, &ch), 0);
    ck_assert(memcmp(ch.random, random, 32) == 0);
    ck_assert_uint_eq(ch.session_id.len, 32);
    ck_assert(span_is(&ch.suites, "130113021303"));
    ck_assert(span_is(&ch.groups, "001d0017"));
    ck_assert(span_is(&ch.sig_algs, "04030804"));
    ck_assert(ch.offers_tls13);
    ck_assert_uint_eq(ch.server_name.len, 11);
    ck_assert(memcmp(ch.server_name.p, "example.com", 11) == 0);
    ck_assert_uint_eq(ch.alpn.len, sizeof alpn);
    ck_assert(span_is(&ch.cookie, "636f6f6b6965"));
    ck_assert_uint_eq(ch.key_shares.len, 4 + 32);
    ck_assert_uint_eq(ch.exts.unknown, 0);

    /* a buffer too small: the writer fails instead of overflowing */
    kuma13_wr_init(&w, buf, 100);
    kuma13_write_client_hello(&w, &p);
    ck_assert_int_ne(w.err, 0);
    ck_assert_uint_le(w.len, 100);
}
END_TEST

START_TEST(writer_lengths)
{
    static const unsigned char big[256];
    unsigned char buf[300];
    kuma13_wr w;
    size_t mark;

    kuma13_wr_init(&w, buf, sizeof buf);
    mark = kuma13_wr_open(&w, 1);
    kuma13_wr_bytes(&w, big, sizeof big);       /* too long for a 1-byte length */
    kuma13_wr_close(&w, mark, 1);
    ck_assert_int_ne(w.err, 0);
    kuma13_wr_init(&w, buf, sizeof buf);
    kuma13_write_finished(&w, (const unsigned char *)"0123456789abcdef0123456789abcdef", 32);
    kuma13_write_key_update(&w, 1);
    ck_assert_int_eq(w.err, 0);
    ck_assert_uint_eq(w.len, 36 + 5);
    ck_assert(memcmp(buf, "\x14\0\0\x20" "0123", 8) == 0);
    ck_assert(memcmp(buf + 36, "\x18\0\0\x01\x01", 5) == 0);
}
END_TEST

static Suite *msg_suite(void)
{
    Suite *s = suite_create("tls13_msg");
    TCase *tc = tu_add_tcase(s, "codec", 60);

    tcase_add_test(tc, rfc8448_client_hello);
    tcase_add_test(tc, rfc8448_server_hello);
    tcase_add_test(tc, rfc8448_server_flight);
    tcase_add_test(tc, rfc8448_new_session_ticket);
    tcase_add_test(tc, truncated_and_corrupted);
    tcase_add_test(tc, extension_rules);
    tcase_add_test(tc, hello_retry_request);
    tcase_add_test(tc, key_update_values);
    tcase_add_test(tc, client_hello_round_trip);
    tcase_add_test(tc, writer_lengths);
    return s;
}

int main(void)
{
    return tu_run_suite(msg_suite(), CK_ENV);
}
