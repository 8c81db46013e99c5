/*
 * kumassl's TLS 1.3 engine, server and client, against a hostile peer:
 * a kumassl peer of the other role over memory BIOs, whose bytes the test
 * replaces or follows with forged records (protected with the peer's own
 * traffic secrets, taken from its keylog callback). Each case asserts the
 * reason the victim queues (OpenSSL 3's, from its record layer and
 * statem: tls13_validate_record_header, the CCS rule of the first
 * handshake, the KeyUpdate limit) and the alert the peer reads back
 * (its "SSL alert number N" error). The "limits" cases check what the
 * engine writes: SSL_CTX_set_max_send_fragment's record sizes, and no
 * warning alert from the servername callback (TLS 1.3 has none).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"
#include "tls13/tls13_int.h"

typedef struct {
    SSL_CTX *sctx, *cctx;
    SSL *s, *c;
    BIO *sin, *sout, *cin, *cout;
    char secret[4][200];        /* keylog lines of the client: handshake, traffic; of the server: same */
} pair;

static pair *cur;

static void keep_secret(const SSL *ssl, const char *line)
{
    static const char *const labels[4] = {
        "CLIENT_HANDSHAKE_TRAFFIC_SECRET ", "CLIENT_TRAFFIC_SECRET_0 ",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET ", "SERVER_TRAFFIC_SECRET_0 "
    };
    int i;

    (void)ssl;
    for (i = 0; i < 4; i++)
        if (strncmp(line, labels[i], strlen(labels[i])) == 0)
            snprintf(cur->secret[i], sizeof cur->secret[i], "%s", line);
}

static void mem_bios(SSL *ssl, BIO **in, BIO **out)
{
    *in = BIO_new(BIO_s_mem());
    *out = BIO_new(BIO_s_mem());
    BIO_set_mem_eof_return(*in, -1);
    SSL_set_bio(ssl, *in, *out);
}

static void pump(BIO *from, BIO *to)
{
    unsigned char buf[4096];
    int n;

    while ((n = BIO_read(from, buf, sizeof buf)) > 0)
        BIO_write(to, buf, n);
}

/* A TLS 1.3 pair over memory BIOs, not yet started. */
static void pair_new(pair *p)
{
    memset(p, 0, sizeof *p);
    cur = p;
    p->sctx = tu_rsa_server_ctx();
    p->cctx = tu_ca_client_ctx();
    ck_assert_int_eq(SSL_CTX_set_min_proto_version(p->cctx, TLS1_3_VERSION), 1);
    ck_assert_int_eq(SSL_CTX_set_ciphersuites(p->cctx, "TLS_AES_128_GCM_SHA256"), 1);
    SSL_CTX_set_keylog_callback(p->cctx, keep_secret);
    p->s = SSL_new(p->sctx);
    p->c = SSL_new(p->cctx);
    mem_bios(p->s, &p->sin, &p->sout);
    mem_bios(p->c, &p->cin, &p->cout);
    SSL_set_accept_state(p->s);
    SSL_set_connect_state(p->c);
}

static void pair_handshake(pair *p)
{
    int i, rc = 0, rs = 0;

    for (i = 0; i < 16 && (rc != 1 || rs != 1); i++) {
        if (rc != 1)
            rc = SSL_do_handshake(p->c);
        pump(p->cout, p->sin);
        if (rs != 1)
            rs = SSL_do_handshake(p->s);
        pump(p->sout, p->cin);
    }
    ck_assert_int_eq(rc, 1);
    ck_assert_int_eq(rs, 1);
    ck_assert_str_eq(SSL_get_version(p->s), "TLSv1.3");
    /* the server's tickets, read by the client */
    ck_assert_int_le(SSL_read(p->c, (char[8]){0}, 8), 0);
    ERR_clear_error();
}

static void pair_free(pair *p)
{
    SSL_free(p->s);
    SSL_free(p->c);
    SSL_CTX_free(p->sctx);
    SSL_CTX_free(p->cctx);
    cur = NULL;
}

/* Whether reason is in the error queue (which is emptied). */
static int queued(int reason)
{
    unsigned long e;
    int found = 0;

    while ((e = ERR_get_error()) != 0)
        if (ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == reason)
            found = 1;
    return found;
}

/* victim reads what is waiting: it must fail with reason; its alert, read by the other side, is alert. */
static void expect_failure(pair *p, SSL *victim, int reason, int alert)
{
    SSL *other = victim == p->s ? p->c : p->s;
    char buf[64];
    int r;

    ERR_clear_error();
    r = SSL_read(victim, buf, sizeof buf);
    ck_assert_int_le(r, 0);
    ck_assert_int_eq(SSL_get_error(victim, r), SSL_ERROR_SSL);
    ck_assert_msg(queued(reason), "reason %d not queued", reason);
    pump(victim == p->s ? p->sout : p->cout, victim == p->s ? p->cin : p->sin);
    r = SSL_read(other, buf, sizeof buf);
    ck_assert_int_le(r, 0);
    ck_assert_msg(queued(SSL_AD_REASON_OFFSET + alert), "the peer did not read alert %d", alert);
}

/* The traffic secret in keylog line `line` (hex after the client random). */
static void secret_of(const char *line, unsigned char *out, size_t n)
{
    const char *hex = strrchr(line, ' ');

    ck_assert_ptr_nonnull(hex);
    ck_assert_uint_eq(strlen(hex + 1), 2 * n);
    tu_unhex(hex + 1, out, n);
}

/* A record under the secret keylog line `which` (sequence number seq), with content type type. */
static size_t forge(const pair *p, int which, uint64_t seq, unsigned type, const void *msg, size_t len,
                    unsigned char *rec)
{
    const kuma13_suite *suite = kuma13_suite_by_id(0x1301);
    unsigned char secret[32];
    kuma13_cipher c;
    size_t n;

    secret_of(p->secret[which], secret, sizeof secret);
    kuma13_cipher_init(&c, suite, secret);
    c.seq = seq;
    memcpy(rec + 5, msg, len);
    n = kuma13_seal(&c, rec, len, type, 0);
    kuma13_cipher_clear(&c);
    ck_assert_uint_gt(n, 0);
    return n;
}

/*
 * Runs p until the client has taken the server's flight and made its
 * Finished, which is thrown away (the server waits for it); the first
 * ClientHello record goes to ch (ch_len bytes) when ch is not NULL.
 */
static void up_to_client_finished(pair *p, unsigned char *ch, int *ch_len)
{
    SSL_do_handshake(p->c);
    if (ch != NULL) {
        *ch_len = BIO_read(p->cout, ch, 4096);
        ck_assert_int_gt(*ch_len, 0);
        BIO_write(p->sin, ch, *ch_len);
    } else {
        pump(p->cout, p->sin);
    }
    SSL_do_handshake(p->s);
    pump(p->sout, p->cin);
    SSL_do_handshake(p->c);
    (void)BIO_reset(p->cout);
}

/* The server, fed what waits for it, fails with reason; the client reads alert from it. */
static void server_fails(pair *p, int reason, int alert)
{
    ERR_clear_error();
    ck_assert_int_le(SSL_do_handshake(p->s), 0);
    ck_assert_msg(queued(reason), "reason %d not queued", reason);
    pump(p->sout, p->cin);
    ck_assert_int_le(SSL_read(p->c, (char[8]){0}, 8), 0);
    ck_assert_msg(queued(SSL_AD_REASON_OFFSET + alert), "the client did not read alert %d", alert);
}

static const unsigned char ccs[] = { 0x14, 0x03, 0x03, 0x00, 0x01, 0x01 };

/* A plaintext ChangeCipherSpec after the handshake: OpenSSL's record layer refuses the type. */
START_TEST(test_ccs_after_handshake)
{
    pair p;
    SSL *victim;

    pair_new(&p);
    pair_handshake(&p);
    victim = _i == 0 ? p.s : p.c;
    BIO_write(_i == 0 ? p.sin : p.cin, ccs, sizeof ccs);
    expect_failure(&p, victim, SSL_R_BAD_RECORD_TYPE, SSL_AD_UNEXPECTED_MESSAGE);
    pair_free(&p);
}
END_TEST

/* A ChangeCipherSpec whose body is not the single byte 1, during the handshake (OpenSSL 3.0: illegal_parameter). */
START_TEST(test_ccs_wrong_body)
{
    static const unsigned char bad[2][7] = {
        { 0x14, 0x03, 0x03, 0x00, 0x01, 0x02 },
        { 0x14, 0x03, 0x03, 0x00, 0x02, 0x01, 0x01 },
    };
    pair p;
    char buf[8];

    pair_new(&p);
    SSL_do_handshake(p.c);
    pump(p.cout, p.sin);
    SSL_do_handshake(p.s);              /* ServerHello ... Finished: the server reads handshake keys */
    BIO_write(p.sin, bad[_i], _i == 0 ? 6 : 7);
    ERR_clear_error();
    ck_assert_int_le(SSL_read(p.s, buf, sizeof buf), 0);
    ck_assert(queued(SSL_R_INVALID_CCS_MESSAGE));
    /* the alert is sent under the server's handshake keys: the client, having the flight, reads it */
    pump(p.sout, p.cin);
    SSL_do_handshake(p.c);
    ck_assert_int_le(SSL_read(p.c, buf, sizeof buf), 0);
    ck_assert(queued(SSL_AD_REASON_OFFSET + SSL_AD_ILLEGAL_PARAMETER));
    pair_free(&p);
}
END_TEST

/* Middlebox compatibility CCS records, repeated: OpenSSL drops up to 32 and then fails. */
START_TEST(test_ccs_repeated)
{
    pair p;
    int i, rc = 0, rs = 0;
    char buf[8];

    pair_new(&p);
    SSL_do_handshake(p.c);
    pump(p.cout, p.sin);
    SSL_do_handshake(p.s);
    for (i = 0; i < (_i == 0 ? 3 : 40); i++)
        BIO_write(p.sin, ccs, sizeof ccs);
    if (_i == 0) {
        for (i = 0; i < 8 && (rc != 1 || rs != 1); i++) {
            pump(p.sout, p.cin);
            if (rc != 1)
                rc = SSL_do_handshake(p.c);
            pump(p.cout, p.sin);
            if (rs != 1)
                rs = SSL_do_handshake(p.s);
        }
        ck_assert_int_eq(rc, 1);
        ck_assert_int_eq(rs, 1);
    } else {
        ERR_clear_error();
        ck_assert_int_le(SSL_read(p.s, buf, sizeof buf), 0);
        ck_assert(queued(SSL_R_UNEXPECTED_CCS_MESSAGE));
    }
    pair_free(&p);
}
END_TEST

/* A protected record longer than 2^14 + 256 (section 5.2): record_overflow from the header alone. */
START_TEST(test_record_overflow)
{
    static unsigned char rec[5 + 16384 + 257];
    pair p;

    pair_new(&p);
    pair_handshake(&p);
    memset(rec, 0x5A, sizeof rec);
    rec[0] = 0x17, rec[1] = 3, rec[2] = 3, rec[3] = (16384 + 257) >> 8, rec[4] = (16384 + 257) & 0xFF;
    BIO_write(_i == 0 ? p.sin : p.cin, rec, sizeof rec);
    expect_failure(&p, _i == 0 ? p.s : p.c, SSL_R_ENCRYPTED_LENGTH_TOO_LONG, SSL_AD_RECORD_OVERFLOW);
    pair_free(&p);
}
END_TEST

/* A second ClientHello, plaintext, after the server's flight (no HelloRetryRequest). */
START_TEST(test_client_hello_again)
{
    pair p;
    unsigned char ch[4096];
    int n;

    pair_new(&p);
    up_to_client_finished(&p, ch, &n);  /* the client took the flight: it can read the server's alert */
    BIO_write(p.sin, ch, n);
    server_fails(&p, SSL_R_BAD_RECORD_TYPE, SSL_AD_UNEXPECTED_MESSAGE);
    pair_free(&p);
}
END_TEST

/* Application data under the client's handshake keys instead of its Finished. */
START_TEST(test_app_data_before_finished)
{
    pair p;
    unsigned char rec[128];
    size_t n;

    pair_new(&p);
    up_to_client_finished(&p, NULL, NULL);
    n = forge(&p, 0, 0, 23, "early", 5, rec);
    BIO_write(p.sin, rec, (int)n);
    server_fails(&p, SSL_R_UNEXPECTED_RECORD, SSL_AD_UNEXPECTED_MESSAGE);
    pair_free(&p);
}
END_TEST

/* Messages out of order: the client's Finished replaced by a KeyUpdate, then by a Certificate. */
START_TEST(test_reordered_messages)
{
    static const unsigned char msgs[2][8] = {
        { 24, 0, 0, 1, 0 },             /* KeyUpdate before Finished */
        { 11, 0, 0, 4, 0, 0, 0, 0 },    /* an empty Certificate nobody asked for */
    };
    pair p;
    unsigned char rec[128];
    size_t n;

    pair_new(&p);
    up_to_client_finished(&p, NULL, NULL);
    n = forge(&p, 0, 0, 22, msgs[_i], _i == 0 ? 5 : 8, rec);
    BIO_write(p.sin, rec, (int)n);
    server_fails(&p, SSL_R_UNEXPECTED_MESSAGE, SSL_AD_UNEXPECTED_MESSAGE);
    pair_free(&p);
}
END_TEST

/*
 * The client's side: the server's ServerHello (real), then instead of its
 * encrypted flight, a record forged under the server's handshake secret:
 * a Certificate where EncryptedExtensions belongs (_i 0, unexpected_message
 * with SSL_R_UNEXPECTED_MESSAGE), application data (_i 1, SSL_R_UNEXPECTED_RECORD).
 */
START_TEST(test_server_flight_reordered)
{
    static const unsigned char cert[] = { 11, 0, 0, 4, 0, 0, 0, 0 };
    static unsigned char flight[20000];
    unsigned char rec[128];
    size_t n, sh_len;
    int got;
    pair p;

    pair_new(&p);
    SSL_do_handshake(p.c);
    pump(p.cout, p.sin);
    SSL_do_handshake(p.s);
    got = BIO_read(p.sout, flight, sizeof flight);
    ck_assert_int_gt(got, 5);
    ck_assert_int_eq(flight[0], 22);
    sh_len = 5 + ((size_t)flight[3] << 8 | flight[4]);
    BIO_write(p.cin, flight, (int)sh_len);
    ck_assert_int_le(SSL_do_handshake(p.c), 0);     /* takes the ServerHello: its keys are known */
    ck_assert_int_eq(SSL_get_error(p.c, -1), SSL_ERROR_WANT_READ);
    n = _i == 0 ? forge(&p, 2, 0, 22, cert, sizeof cert, rec) : forge(&p, 2, 0, 23, "data", 4, rec);
    BIO_write(p.cin, rec, (int)n);
    ERR_clear_error();
    ck_assert_int_le(SSL_do_handshake(p.c), 0);
    ck_assert_msg(queued(_i == 0 ? SSL_R_UNEXPECTED_MESSAGE : SSL_R_UNEXPECTED_RECORD), "reason");
    /* the client's alert, under its handshake keys, is what the server reads next */
    pump(p.cout, p.sin);
    ck_assert_int_le(SSL_do_handshake(p.s), 0);
    ck_assert(queued(SSL_AD_REASON_OFFSET + SSL_AD_UNEXPECTED_MESSAGE));
    pair_free(&p);
}
END_TEST

/* More than 32 KeyUpdates without application data between them (OpenSSL's limit). */
START_TEST(test_key_update_flood)
{
    pair p;
    SSL *from;
    int i;

    pair_new(&p);
    pair_handshake(&p);
    from = _i == 0 ? p.c : p.s;
    for (i = 0; i < 33; i++) {
        ck_assert_int_eq(SSL_key_update(from, SSL_KEY_UPDATE_NOT_REQUESTED), 1);
        ck_assert_int_eq(SSL_do_handshake(from), 1);
    }
    pump(_i == 0 ? p.cout : p.sout, _i == 0 ? p.sin : p.cin);
    expect_failure(&p, _i == 0 ? p.s : p.c, SSL_R_TOO_MANY_KEY_UPDATES, SSL_AD_UNEXPECTED_MESSAGE);
    pair_free(&p);
}
END_TEST

/* 32 KeyUpdates are still within the limit: data follows and is read. */
START_TEST(test_key_updates_within_limit)
{
    pair p;
    char buf[8];
    int i;

    pair_new(&p);
    pair_handshake(&p);
    for (i = 0; i < 32; i++) {
        ck_assert_int_eq(SSL_key_update(p.c, SSL_KEY_UPDATE_NOT_REQUESTED), 1);
        ck_assert_int_eq(SSL_do_handshake(p.c), 1);
    }
    ck_assert_int_eq(SSL_write(p.c, "ok", 2), 2);
    pump(p.cout, p.sin);
    ck_assert_int_eq(SSL_read(p.s, buf, sizeof buf), 2);
    pair_free(&p);
}
END_TEST

/* An encrypted alert (the peer's real close_notify) with one ciphertext bit flipped. */
START_TEST(test_alert_bad_mac)
{
    pair p;
    unsigned char rec[64];
    int n;

    pair_new(&p);
    pair_handshake(&p);
    SSL_shutdown(_i == 0 ? p.c : p.s);
    n = BIO_read(_i == 0 ? p.cout : p.sout, rec, sizeof rec);
    ck_assert_int_eq(n, 5 + 2 + 1 + 16);
    rec[6] ^= 0x80;
    BIO_write(_i == 0 ? p.sin : p.cin, rec, n);
    expect_failure(&p, _i == 0 ? p.s : p.c, SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC,
                   SSL_AD_BAD_RECORD_MAC);
    pair_free(&p);
}
END_TEST

/* close_notify, then more data: SSL_read says the connection is closed, sends nothing back but close_notify. */
START_TEST(test_data_after_close_notify)
{
    pair p;
    unsigned char rec[256];
    char buf[16];
    int n;

    pair_new(&p);
    pair_handshake(&p);
    ck_assert_int_eq(SSL_shutdown(p.c), 0);
    pump(p.cout, p.sin);
    /* application data after the close_notify, under the client's keys, sequence number 1 */
    n = (int)forge(&p, 1, 1, 23, "late", 4, rec);
    BIO_write(p.sin, rec, n);
    ck_assert_int_eq(SSL_read(p.s, buf, sizeof buf), 0);
    ck_assert_int_eq(SSL_get_error(p.s, 0), SSL_ERROR_ZERO_RETURN);
    ck_assert_int_eq(SSL_read(p.s, buf, sizeof buf), 0);
    ck_assert_int_eq(SSL_get_error(p.s, 0), SSL_ERROR_ZERO_RETURN);
    ck_assert_uint_eq(ERR_peek_error(), 0);
    pump(p.sout, p.cin);
    ck_assert_int_eq(SSL_shutdown(p.c), 1);  /* what came back is the close_notify */
    pair_free(&p);
}
END_TEST

/* The records in what from holds (drained): their count, the largest length, records of type type. */
static int count_records(BIO *from, size_t *largest, unsigned type, int *of_type)
{
    static unsigned char buf[200000];
    int n = BIO_read(from, buf, sizeof buf), count = 0;
    size_t off = 0;

    *largest = 0;
    *of_type = 0;
    while (n > 0 && off + 5 <= (size_t)n) {
        size_t len = (size_t)buf[off + 3] << 8 | buf[off + 4];

        count++;
        *of_type += buf[off] == type;
        *largest = len > *largest ? len : *largest;
        off += 5 + len;
    }
    ck_assert_uint_eq(off, (size_t)(n > 0 ? n : 0));
    return count;
}

/* SSL_CTX_set_max_send_fragment(512): 5000 bytes leave in 10 records of at most 512 + 1 + 16 bytes. */
START_TEST(test_max_send_fragment)
{
    static char data[5000];
    pair p;
    SSL *from;
    size_t largest;
    int appdata;

    pair_new(&p);
    ck_assert_int_eq(SSL_CTX_set_max_send_fragment(_i == 0 ? p.sctx : p.cctx, 512), 1);
    SSL_free(_i == 0 ? p.s : p.c);
    if (_i == 0) {
        p.s = SSL_new(p.sctx);
        mem_bios(p.s, &p.sin, &p.sout);
        SSL_set_accept_state(p.s);
    } else {
        p.c = SSL_new(p.cctx);
        mem_bios(p.c, &p.cin, &p.cout);
        SSL_set_connect_state(p.c);
    }
    pair_handshake(&p);
    from = _i == 0 ? p.s : p.c;
    memset(data, 'x', sizeof data);
    ck_assert_int_eq(SSL_write(from, data, sizeof data), (int)sizeof data);
    ck_assert_int_eq(count_records(_i == 0 ? p.sout : p.cout, &largest, 23, &appdata), 10);
    ck_assert_int_eq(appdata, 10);
    ck_assert_uint_eq(largest, 512 + 1 + 16);
    pair_free(&p);
}
END_TEST

static int warn_sni_cb(SSL *s, int *al, void *arg)
{
    (void)s, (void)arg;
    *al = SSL_AD_UNRECOGNIZED_NAME;
    return SSL_TLSEXT_ERR_ALERT_WARNING;
}

/*
 * A servername callback answering SSL_TLSEXT_ERR_ALERT_WARNING: TLS 1.3
 * has no warning alerts and OpenSSL sends none (final_server_name); the
 * server's flight holds no alert record and the handshake completes.
 */
START_TEST(test_sni_warning_not_sent)
{
    pair p;
    size_t largest;
    int alerts;

    pair_new(&p);
    SSL_CTX_set_tlsext_servername_callback(p.sctx, warn_sni_cb);
    SSL_set_tlsext_host_name(p.c, "nobody.test");
    SSL_do_handshake(p.c);
    pump(p.cout, p.sin);
    SSL_do_handshake(p.s);
    ck_assert_int_gt(count_records(p.sout, &largest, 21, &alerts), 0);
    ck_assert_int_eq(alerts, 0);
    /* the flight was dropped: a fresh pair completes with the same callback */
    pair_free(&p);
    pair_new(&p);
    SSL_CTX_set_tlsext_servername_callback(p.sctx, warn_sni_cb);
    SSL_set_tlsext_host_name(p.c, "nobody.test");
    pair_handshake(&p);
    pair_free(&p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tls13_hostile");
    TCase *tc = tcase_create("hostile");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, test_ccs_after_handshake, 0, 2);
    tcase_add_loop_test(tc, test_ccs_wrong_body, 0, 2);
    tcase_add_loop_test(tc, test_ccs_repeated, 0, 2);
    tcase_add_loop_test(tc, test_record_overflow, 0, 2);
    tcase_add_test(tc, test_client_hello_again);
    tcase_add_test(tc, test_app_data_before_finished);
    tcase_add_loop_test(tc, test_reordered_messages, 0, 2);
    tcase_add_loop_test(tc, test_server_flight_reordered, 0, 2);
    tcase_add_loop_test(tc, test_key_update_flood, 0, 2);
    tcase_add_test(tc, test_key_updates_within_limit);
    tcase_add_loop_test(tc, test_alert_bad_mac, 0, 2);
    tcase_add_test(tc, test_data_after_close_notify);
    suite_add_tcase(s, tc);
    tc = tcase_create("limits");
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, test_max_send_fragment, 0, 2);
    tcase_add_test(tc, test_sni_warning_not_sent);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
