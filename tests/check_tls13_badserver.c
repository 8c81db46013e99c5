/*
 * kumassl's TLS 1.3 client against a scripted server: ServerHellos and
 * HelloRetryRequests that break RFC 8446 4.1.3/4.1.4 and 4.2.8 (and, to a
 * client offering TLS 1.2 as well, TLS 1.2 ServerHellos it must refuse), written
 * into a socket pair before SSL_connect runs (the client's ClientHello waits
 * in the other direction unread). Each must fail SSL_connect with OpenSSL's
 * reason and leave, as the last record on the wire, the plaintext fatal
 * alert OpenSSL's client sends for it. Middlebox compatibility is switched
 * off where the case needs the ServerHello to echo the (then empty)
 * session id correctly.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"

/* A ServerHello (or HelloRetryRequest) the scripted server sends, and what kumassl must do. */
typedef struct {
    int hrr, compat;                    /* a HelloRetryRequest; the client in middlebox compatibility mode */
    int both;                           /* the client offers TLS 1.2 too */
    unsigned legacy;                    /* legacy_version; 0: 0x0303 */
    int downgrade;                      /* the random ends in RFC 8446's TLS 1.2 sentinel */
    unsigned suite, version, group;     /* version: supported_versions, 0 for none; group 0: no key_share */
    size_t share_len;
    int alert, reason;                  /* what kumassl must send and report */
} bad_hello;

/* The record of b's ServerHello, with an empty session id echo. */
static size_t server_hello(unsigned char *out, const bad_hello *b)
{
    static const unsigned char sentinel[8] = { 0x44, 0x4F, 0x57, 0x4E, 0x47, 0x52, 0x44, 0x01 };
    int hrr = b->hrr;
    unsigned suite = b->suite, version = b->version, group = b->group;
    unsigned legacy = b->legacy != 0 ? b->legacy : 0x0303;
    size_t share_len = b->share_len;
    static const unsigned char hrr_random[32] = {
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C
    };
    unsigned char *p = out + 9, *ext;
    size_t i;

    *p++ = (unsigned char)(legacy >> 8), *p++ = (unsigned char)legacy;
    for (i = 0; i < 32; i++)
        *p++ = hrr ? hrr_random[i] : (unsigned char)(0x40 + i);
    if (b->downgrade)
        memcpy(p - 8, sentinel, sizeof(sentinel));
    *p++ = 0;                           /* legacy_session_id_echo */
    *p++ = (unsigned char)(suite >> 8), *p++ = (unsigned char)suite, *p++ = 0;
    ext = p;
    p += 2;
    if (version != 0) {
        unsigned char sv[] = { 0, 43, 0, 2, (unsigned char)(version >> 8), (unsigned char)version };
        memcpy(p, sv, sizeof(sv));
        p += sizeof(sv);
    }
    if (group != 0) {
        size_t elen = hrr ? 2 : 4 + share_len;
        unsigned char ks[] = { 0, 51, 0, (unsigned char)elen, (unsigned char)(group >> 8),
                               (unsigned char)group, 0, (unsigned char)share_len };
        memcpy(p, ks, hrr ? 6 : sizeof(ks));
        p += hrr ? 6 : sizeof(ks);
        for (i = 0; !hrr && i < share_len; i++)
            *p++ = (unsigned char)(9 + i);
    }
    ext[0] = (unsigned char)((p - ext - 2) >> 8), ext[1] = (unsigned char)(p - ext - 2);
    out[0] = 22, out[1] = 3, out[2] = 3;
    out[3] = (unsigned char)((p - out - 5) >> 8), out[4] = (unsigned char)(p - out - 5);
    out[5] = 2, out[6] = 0;
    out[7] = (unsigned char)((p - out - 9) >> 8), out[8] = (unsigned char)(p - out - 9);
    return (size_t)(p - out);
}

/* The last record the client sent: it must be a plaintext fatal alert `alert`. */
static void expect_alert_sent(int fd, int alert)
{
    unsigned char buf[4096];
    size_t len = 0, off = 0, last = 0;
    ssize_t n;

    while ((n = recv(fd, buf + len, sizeof(buf) - len, MSG_DONTWAIT)) > 0)
        len += (size_t)n;
    while (off + 5 <= len) {
        last = off;
        off += 5 + ((size_t)buf[off + 3] << 8 | buf[off + 4]);
    }
    ck_assert_uint_eq(off, len);
    ck_assert_uint_ge(len - last, 7);
    ck_assert_int_eq(buf[last], 21);
    ck_assert_int_eq(buf[last + 5], 2);
    ck_assert_int_eq(buf[last + 6], alert);
}


static const bad_hello bad_hellos[] = {
    /* legacy_session_id_echo empty while the client sent 32 bytes */
    { 0, 1, 0, 0, 0, 0x1301, 0x0304, 29, 32, SSL_AD_ILLEGAL_PARAMETER, SSL_R_INVALID_SESSION_ID },
    /* no supported_versions: TLS 1.2, which this client does not allow */
    { 0, 0, 0, 0, 0, 0x1301, 0, 29, 32, SSL_AD_PROTOCOL_VERSION, SSL_R_UNSUPPORTED_PROTOCOL },
    /* TLS_AES_128_CCM_SHA256, not offered */
    { 0, 0, 0, 0, 0, 0x1304, 0x0304, 29, 32, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_CIPHER_RETURNED },
    /* a key share of a group the client sent no share for */
    { 0, 0, 0, 0, 0, 0x1301, 0x0304, 23, 65, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_KEY_SHARE },
    /* an X25519 share of the wrong length */
    { 0, 0, 0, 0, 0, 0x1301, 0x0304, 29, 31, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_ECPOINT },
    /* HelloRetryRequest for the group the client already sent */
    { 1, 0, 0, 0, 0, 0x1301, 0x0304, 29, 0, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_KEY_SHARE },
    /* a ServerHello without a key share */
    { 0, 0, 0, 0, 0, 0x1301, 0x0304, 0, 0, SSL_AD_MISSING_EXTENSION, SSL_R_NO_SUITABLE_KEY_SHARE },
    /* the client offers 1.3 and 1.2: a TLS 1.2 answer with the downgrade sentinel */
    { 0, 1, 1, 0, 1, 0xC02F, 0, 0, 0, SSL_AD_ILLEGAL_PARAMETER, SSL_R_INAPPROPRIATE_FALLBACK },
    /* ... a TLS 1.2 answer naming a TLS 1.3 suite */
    { 0, 1, 1, 0, 0, 0x1301, 0, 0, 0, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_CIPHER_RETURNED },
    /* ... a TLS 1.2 answer with a key_share, which TLS 1.2 has not */
    { 0, 1, 1, 0, 0, 0xC02F, 0, 29, 32, SSL_AD_UNSUPPORTED_EXTENSION, SSL_R_UNSOLICITED_EXTENSION },
    /* ... TLS 1.1, which the client does not allow */
    { 0, 1, 1, 0x0302, 0, 0xC02F, 0, 0, 0, SSL_AD_PROTOCOL_VERSION, SSL_R_UNSUPPORTED_PROTOCOL },
};

/* A client (both: offering TLS 1.2 as well) reads the server's bytes: SSL_connect fails with
 * reason and the client's last record is the fatal alert. */
static void expect_refused(const unsigned char *bytes, size_t len, int both, int compat, int alert,
                           int reason)
{
    SSL_CTX *ctx = tu_client_ctx(tu_cert("ca-cert.pem"));
    SSL *ssl;
    int sv[2];

    if (both)
        ck_assert_int_eq(SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION), 1);
    else
        ck_assert_int_eq(SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION), 1);
    ssl = SSL_new(ctx);
    tu_socketpair(sv, TU_IO_TIMEOUT_MS);
    if (!compat)
        SSL_clear_options(ssl, SSL_OP_ENABLE_MIDDLEBOX_COMPAT);
    ck_assert_int_eq(SSL_set1_groups_list(ssl, "X25519:P-256"), 1);
    ck_assert_int_eq(send(sv[1], bytes, len, 0), (ssize_t)len);
    ck_assert_int_eq(SSL_set_fd(ssl, sv[0]), 1);
    ck_assert_int_eq(SSL_connect(ssl), -1);
    ck_assert_int_eq(SSL_get_error(ssl, -1), SSL_ERROR_SSL);
    tu_expect_error(ERR_LIB_SSL, reason);
    expect_alert_sent(sv[1], alert);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(sv[0]);
    close(sv[1]);
}

START_TEST(test_bad_server_hello)
{
    const bad_hello *b = &bad_hellos[_i];
    unsigned char rec[512];
    size_t len = server_hello(rec, b);

    expect_refused(rec, len, b->both, b->compat, b->alert, b->reason);
}
END_TEST

/* ---- TLS 1.2 flights: ServerHello, the real Certificate, a bad ServerKeyExchange --------- */

/* Appends a handshake record holding one message of type with body (blen bytes) to out. */
static size_t handshake_record(unsigned char *out, unsigned type, const unsigned char *body,
                               size_t blen)
{
    out[0] = 22, out[1] = 3, out[2] = 3;
    out[3] = (unsigned char)((blen + 4) >> 8), out[4] = (unsigned char)(blen + 4);
    out[5] = (unsigned char)type, out[6] = 0;
    out[7] = (unsigned char)(blen >> 8), out[8] = (unsigned char)blen;
    memcpy(out + 9, body, blen);
    return 9 + blen;
}

typedef struct {
    unsigned suite, group, scheme;      /* of ServerHello and ServerKeyExchange */
    int alert, reason;
} bad_flight;

static const bad_flight bad_flights[] = {
    /* a signature that does not verify */
    { 0xC02F, 29, 0x0804, SSL_AD_DECRYPT_ERROR, SSL_R_BAD_SIGNATURE },
    /* rsa_pkcs1_sha1, not offered */
    { 0xC02F, 29, 0x0201, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_SIGNATURE_TYPE },
    /* an ECDSA scheme with an RSA key */
    { 0xC02F, 29, 0x0403, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_SIGNATURE_TYPE },
    /* X448, not offered */
    { 0xC02F, 30, 0x0804, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_CURVE },
    /* an ECDSA suite with the RSA certificate */
    { 0xC02B, 29, 0x0804, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_CERTIFICATE_TYPE },
};

START_TEST(test_bad_tls12_flight)
{
    const bad_flight *f = &bad_flights[_i];
    const bad_hello hello = { 0, 1, 1, 0, 0, f->suite, 0, 0, 0, 0, 0 };
    static unsigned char out[8192], body[4096];
    unsigned char *der;
    size_t der_len, len, n = 0, i;

    der = (unsigned char *)tu_slurp(tu_cert("server-cert.der"), &der_len);
    ck_assert_ptr_nonnull(der);
    ck_assert_uint_lt(der_len, sizeof(body) - 6);
    len = server_hello(out, &hello);
    body[0] = 0, body[1] = (unsigned char)((der_len + 3) >> 8), body[2] = (unsigned char)(der_len + 3);
    body[3] = 0, body[4] = (unsigned char)(der_len >> 8), body[5] = (unsigned char)der_len;
    memcpy(body + 6, der, der_len);
    free(der);
    len += handshake_record(out + len, 11, body, der_len + 6);
    body[n++] = 3;                      /* named_curve */
    body[n++] = (unsigned char)(f->group >> 8), body[n++] = (unsigned char)f->group;
    body[n++] = 32;
    for (i = 0; i < 32; i++)
        body[n++] = (unsigned char)(9 + i);
    body[n++] = (unsigned char)(f->scheme >> 8), body[n++] = (unsigned char)f->scheme;
    body[n++] = 1, body[n++] = 0;       /* a 256-byte signature */
    memset(body + n, 0x11, 256);
    n += 256;
    len += handshake_record(out + len, 12, body, n);
    expect_refused(out, len, 1, 1, f->alert, f->reason);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tls13_badserver");
    TCase *tc = tu_add_tcase(s, "server_hello", 30);

    tcase_add_loop_test(tc, test_bad_server_hello, 0,
                        (int)(sizeof(bad_hellos) / sizeof(bad_hellos[0])));
    tcase_add_loop_test(tc, test_bad_tls12_flight, 0,
                        (int)(sizeof(bad_flights) / sizeof(bad_flights[0])));
    return tu_run_suite(s, CK_NORMAL);
}
