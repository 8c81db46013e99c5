/*
 * Every fatal error reaches the peer as the alert RFC 5246 names, at once,
 * and the program as the reason OpenSSL queues (issue 10, 2 and 2b).
 *
 * The scripted peer (hostile.h) writes hand-made ClientHellos and records
 * to a kumassl server and keeps what comes back; each case asserts the
 * alert byte it receives (and the record version it came in), the reason
 * queued, and that the error line names an OpenSSL function and no BearSSL
 * number. The alerts OpenSSL itself sends for the same bytes were checked
 * against `openssl s_server` 3.0 when these cases were written. Encrypted
 * alerts are read by a real kumassl peer; the no-certificate and
 * old-version cases run against the real `openssl s_client`.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <bearssl.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "testutil.h"
#include "hostile.h"

/* ---- building a ClientHello ------------------------------------------------------- */

static void put_u16(bytes *b, unsigned v)
{
    unsigned char x[2] = { (unsigned char)(v >> 8), (unsigned char)v };

    put(b, x, 2);
}

static void put_ext(bytes *b, unsigned type, const void *body, size_t n)
{
    put_u16(b, type);
    put_u16(b, (unsigned)n);
    put(b, body, n);
}

/* The usual extensions: groups X25519 and P-256, uncompressed points, RSA and ECDSA with SHA-256. */
#define GROUPS_DEFAULT "\x00\x04\x00\x1d\x00\x17", 6
#define SIGALGS_DEFAULT "\x00\x04\x04\x01\x04\x03", 6

typedef struct {
    unsigned version;           /* client_version; 0: TLS 1.2 */
    const unsigned char *suites;        /* 2-byte ids; NULL: kumassl's defaults */
    size_t suites_len;
    const char *groups;         /* supported_groups body; NULL: default; "": none */
    size_t groups_len;
    int no_sigalgs;
    const unsigned char *sid;   /* session id to resume, or NULL */
    size_t sid_len;
    bytes extra;                /* more extensions, already encoded */
} hello_spec;

/* A ClientHello record as spec says, appended to out. */
static void put_hello(bytes *out, hello_spec *spec)
{
    static const unsigned char def_suites[] = { 0xc0, 0x2f, 0xc0, 0x30, 0xcc, 0xa8, 0xc0, 0x2b };
    bytes body = { NULL, 0 }, exts = { NULL, 0 }, msg = { NULL, 0 };
    unsigned char random[32];
    size_t i;

    for (i = 0; i < sizeof(random); i++)
        random[i] = (unsigned char)(i * 7 + 1);
    put_u16(&body, spec->version != 0 ? spec->version : 0x0303);
    put(&body, random, sizeof(random));
    put(&body, (unsigned char[]){ (unsigned char)spec->sid_len }, 1);
    if (spec->sid_len > 0)
        put(&body, spec->sid, spec->sid_len);
    put_u16(&body, spec->suites != NULL ? (unsigned)spec->suites_len : sizeof(def_suites));
    put(&body, spec->suites != NULL ? spec->suites : def_suites,
        spec->suites != NULL ? spec->suites_len : sizeof(def_suites));
    put(&body, "\x01\x00", 2);                          /* null compression */
    if (spec->groups == NULL)
        put_ext(&exts, 10, GROUPS_DEFAULT);
    else if (spec->groups_len > 0)
        put_ext(&exts, 10, spec->groups, spec->groups_len);
    put_ext(&exts, 11, "\x01\x00", 2);
    if (!spec->no_sigalgs)
        put_ext(&exts, 13, SIGALGS_DEFAULT);
    if (spec->extra.len > 0)
        put(&exts, spec->extra.p, spec->extra.len);
    put_u16(&body, (unsigned)exts.len);
    put(&body, exts.p, exts.len);
    put(&msg, "\x01", 1);
    put(&msg, (unsigned char[]){ 0, (unsigned char)(body.len >> 8), (unsigned char)body.len }, 3);
    put(&msg, body.p, body.len);
    put(out, (unsigned char[]){ 22, 3, 1, (unsigned char)(msg.len >> 8), (unsigned char)msg.len },
        5);
    put(out, msg.p, msg.len);
    free(body.p);
    free(exts.p);
    free(msg.p);
    free(spec->extra.p);
}

/* ---- running a kumassl server against the script --------------------------------------- */

typedef struct {
    int ret;
    int alert;                  /* the first alert kumassl sent, -1: none */
    unsigned rec_version;       /* the version of its record */
    int got_server_hello;       /* kumassl answered with a ServerHello first */
    unsigned long err;          /* the first error queued */
    char why[512];
} outcome;

/* The first alert in a plaintext record stream. */
static void find_alert(const bytes *in, outcome *o)
{
    size_t i = 0;

    o->alert = -1;
    while (i + 5 <= in->len) {
        size_t n = (size_t)in->p[i + 3] << 8 | in->p[i + 4];

        if (in->p[i] == 22 && i + 5 < in->len && in->p[i + 5] == 2)
            o->got_server_hello = 1;
        if (in->p[i] == 21 && n == 2 && i + 7 <= in->len) {
            o->alert = in->p[i + 6];
            o->rec_version = (unsigned)in->p[i + 1] << 8 | in->p[i + 2];
            return;
        }
        i += 5 + n;
    }
}

/* The error line names an OpenSSL function and a reason, never BearSSL or kumassl internals. */
static void check_error_line(outcome *o)
{
    const char *file, *func, *data;
    int line, flags;

    o->err = ERR_peek_error_all(&file, &line, &func, &data, &flags);
    ck_assert_msg(o->err != 0, "no reason queued");
    snprintf(o->why, sizeof(o->why), "%s:%s:%s", ERR_reason_error_string(o->err), func,
             (flags & ERR_TXT_STRING) ? data : "");
    ck_assert_msg(strstr(o->why, "BearSSL") == NULL, "a BearSSL number: %s", o->why);
    ck_assert_msg(strncmp(func, "kuma", 4) != 0, "kumassl's own function: %s", o->why);
    ck_assert_msg(func[0] != '\0', "no function named: %s", o->why);
}

static void serve(SSL_CTX *ctx, bytes *out, outcome *o)
{
    int fds[2];
    peer p;
    SSL *ssl = SSL_new(ctx);
    long start;

    memset(o, 0, sizeof(*o));
    ck_assert_int_eq(tu_tcp_pair(fds), 0);
    ck_assert_int_eq(tu_set_io_timeout(fds[0], PEER_TIMEOUT_MS), 0);
    memset(&p, 0, sizeof(p));
    p.fd = fds[1];
    p.keep_in = 1;
    p.out = *out;
    ck_assert_int_eq(pthread_create(&p.thread, NULL, peer_main, &p), 0);
    SSL_set_fd(ssl, fds[0]);
    start = tu_now_ms();
    o->ret = SSL_accept(ssl);
    ck_assert_int_le(o->ret, 0);
    check_error_line(o);
    ck_assert_msg(tu_now_ms() - start < PEER_TIMEOUT_MS, "the failure took %ld ms",
                  tu_now_ms() - start);
    SSL_free(ssl);
    close(fds[0]);
    pthread_join(p.thread, NULL);
    find_alert(&p.in, o);
    free(p.in.p);
    free(out->p);
    out->p = NULL;
    out->len = 0;
    ERR_clear_error();
}

/* As expect_alert(), from a server on ctx (freed). */
static void expect_alert_from(SSL_CTX *ctx, bytes *out, int alert, unsigned version, int reason)
{
    outcome o;

    serve(ctx, out, &o);
    SSL_CTX_free(ctx);
    ck_assert_msg(o.alert == alert, "alert %d, wanted %d (%s)", o.alert, alert, o.why);
    if (version != 0)
        ck_assert_msg(o.rec_version == version, "alert in a record of version %04x, wanted %04x",
                      o.rec_version, version);
    ck_assert_msg(ERR_GET_REASON(o.err) == reason, "reason %s, wanted %d", o.why, reason);
}

/* The script draws this alert, in a record of this version (0: any), and this reason. */
static void expect_alert(bytes *out, int alert, unsigned version, int reason)
{
    expect_alert_from(tu_rsa_server_ctx(), out, alert, version, reason);
}

static void expect_hello_alert(hello_spec *spec, int alert, int reason)
{
    bytes b = { NULL, 0 };

    put_hello(&b, spec);
    expect_alert(&b, alert, 0, reason);
}

/* ---- the ClientHello ----------------------------------------------------------------- */

START_TEST(test_hello_control)
{
    /* the hand-made ClientHello is good: kumassl answers with its ServerHello, no alert */
    hello_spec spec = { 0 };
    bytes b = { NULL, 0 };
    outcome o;
    SSL_CTX *ctx = tu_rsa_server_ctx();

    put_hello(&b, &spec);
    serve(ctx, &b, &o);
    SSL_CTX_free(ctx);
    ck_assert_msg(o.got_server_hello, "no ServerHello (%s)", o.why);
    ck_assert_int_eq(o.alert, -1);
}
END_TEST

START_TEST(test_old_version_gets_protocol_version)
{
    hello_spec spec = { .version = 0x0302 };
    bytes b = { NULL, 0 };
    SSL_CTX *ctx;

    /* OpenSSL: protocol_version, in a record of the client's version, "unsupported protocol" */
    put_hello(&b, &spec);
    expect_alert(&b, SSL_AD_PROTOCOL_VERSION, 0x0302, SSL_R_UNSUPPORTED_PROTOCOL);
    /* a TLS 1.3-only client (supported_versions) and a server limited to TLS 1.2 */
    memset(&spec, 0, sizeof(spec));
    put_ext(&spec.extra, 43, "\x02\x03\x04", 3);
    put_hello(&b, &spec);
    ctx = tu_rsa_server_ctx();
    ck_assert_int_eq(SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION), 1);
    expect_alert_from(ctx, &b, SSL_AD_PROTOCOL_VERSION, 0x0303, SSL_R_UNSUPPORTED_PROTOCOL);
    /* the same client to the default server, which speaks TLS 1.3: no TLS 1.3 suite offered */
    memset(&spec, 0, sizeof(spec));
    put_ext(&spec.extra, 43, "\x02\x03\x04", 3);
    put_hello(&b, &spec);
    expect_alert(&b, SSL_AD_HANDSHAKE_FAILURE, 0x0303, SSL_R_NO_SHARED_CIPHER);
}
END_TEST

static void put_sni(bytes *ext, const char *names, size_t len)
{
    put_ext(ext, 0, names, len);
}

START_TEST(test_bad_server_name)
{
    hello_spec spec = { 0 };

    put_sni(&spec.extra, "\x00\x00", 2);                                /* an empty list */
    expect_hello_alert(&spec, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION);
    memset(&spec, 0, sizeof(spec));
    put_sni(&spec.extra, "\x00\x12\x00\x00\x06" "a.test" "\x00\x00\x06" "b.test", 20);
    expect_hello_alert(&spec, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION);   /* two host_names */
    memset(&spec, 0, sizeof(spec));
    put_sni(&spec.extra, "\x00\x06\x00\x00\x03" "a\0b", 8);               /* a NUL inside */
    expect_hello_alert(&spec, SSL_AD_UNRECOGNIZED_NAME, SSL_R_BAD_EXTENSION);
}
END_TEST

START_TEST(test_bad_alpn)
{
    hello_spec spec = { 0 };

    put_ext(&spec.extra, 16, "\x00\x00", 2);                            /* an empty list */
    expect_hello_alert(&spec, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION);
    memset(&spec, 0, sizeof(spec));
    put_ext(&spec.extra, 16, "\x00\x03\x00\x02h2", 6);                  /* an empty name */
    expect_hello_alert(&spec, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION);
    memset(&spec, 0, sizeof(spec));
    put_ext(&spec.extra, 16, "\x00\x03\x08h2", 5);                      /* a name overruns */
    expect_hello_alert(&spec, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION);
}
END_TEST

START_TEST(test_duplicate_extension)
{
    hello_spec spec = { 0 };

    put_ext(&spec.extra, 16, "\x00\x03\x02h2", 5);
    put_ext(&spec.extra, 16, "\x00\x03\x02h2", 5);
    expect_hello_alert(&spec, SSL_AD_ILLEGAL_PARAMETER, SSL_R_BAD_EXTENSION);
}
END_TEST

START_TEST(test_truncated_extensions)
{
    bytes b = { NULL, 0 };
    hello_spec spec = { 0 };

    put_hello(&b, &spec);
    b.p[b.len - 7] = 0x40;                  /* the last extension's length overruns the message */
    expect_alert(&b, SSL_AD_DECODE_ERROR, 0, SSL_R_BAD_EXTENSION);
}
END_TEST

START_TEST(test_initial_renegotiation_info)
{
    hello_spec spec = { 0 };

    put_ext(&spec.extra, 0xff01, "\x02\x01\x05", 3);
    expect_hello_alert(&spec, SSL_AD_HANDSHAKE_FAILURE, SSL_R_RENEGOTIATION_MISMATCH);
}
END_TEST

START_TEST(test_sigalgs)
{
    hello_spec spec = { .no_sigalgs = 1 };

    /* RFC 9155: no signature_algorithms means SHA-1, which a server must not use */
    expect_hello_alert(&spec, SSL_AD_HANDSHAKE_FAILURE, SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM);
    memset(&spec, 0, sizeof(spec));
    spec.no_sigalgs = 1;
    put_ext(&spec.extra, 13, "\x00\x04\x02\x01\x04\x03", 6);   /* RSA only with SHA-1 */
    expect_hello_alert(&spec, SSL_AD_HANDSHAKE_FAILURE, SSL_R_NO_SHARED_SIGNATURE_ALGORITHMS);
}
END_TEST

START_TEST(test_nothing_shared)
{
    static const unsigned char rsa_gcm[] = { 0x00, 0x9c };
    hello_spec spec = { .suites = rsa_gcm, .suites_len = 2 };

    expect_hello_alert(&spec, SSL_AD_HANDSHAKE_FAILURE, SSL_R_NO_SHARED_CIPHER);
    memset(&spec, 0, sizeof(spec));
    spec.groups = "\x00\x02\x01\x00";                   /* ffdhe2048 only */
    spec.groups_len = 4;
    expect_hello_alert(&spec, SSL_AD_HANDSHAKE_FAILURE, SSL_R_NO_SHARED_GROUPS);
}
END_TEST

/* ---- after the ClientHello ------------------------------------------------------------- */

START_TEST(test_warning_alert_flood)
{
    bytes b = { NULL, 0 };
    int i;

    record_flights();
    put(&b, client_hello.p, client_hello.len);
    for (i = 0; i < 10000; i++)
        put_record(&b, 21, "\x01\x5a", 2);      /* warning user_canceled */
    expect_alert(&b, SSL_AD_UNEXPECTED_MESSAGE, 0, SSL_R_TOO_MANY_WARN_ALERTS);
}
END_TEST

START_TEST(test_hello_request_from_client)
{
    bytes b = { NULL, 0 };

    record_flights();
    put(&b, client_hello.p, client_hello.len);
    put_record(&b, 22, "\x00\x00\x00\x00", 4);
    expect_alert(&b, SSL_AD_UNEXPECTED_MESSAGE, 0, SSL_R_UNEXPECTED_MESSAGE);
}
END_TEST

START_TEST(test_unexpected_messages)
{
    bytes b = { NULL, 0 }, m;

    record_flights();
    put(&b, client_hello.p, client_hello.len);
    put_record(&b, 22, "\x14\x00\x00\x0c" "0123456789ab", 16);     /* a Finished in clear */
    expect_alert(&b, SSL_AD_UNEXPECTED_MESSAGE, 0, SSL_R_UNEXPECTED_MESSAGE);
    m = message_of(&client_hello, 1);
    put_record(&b, 22, m.p, m.len);
    put_record(&b, 22, m.p, m.len);                                 /* the ClientHello twice */
    free(m.p);
    expect_alert(&b, SSL_AD_UNEXPECTED_MESSAGE, 0, SSL_R_UNEXPECTED_MESSAGE);
}
END_TEST

START_TEST(test_http_request)
{
    /* http:// to a TLS port: OpenSSL says "http request" and sends no alert (no TLS to read) */
    bytes b = { NULL, 0 };

    put(&b, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", 27);
    expect_alert(&b, -1, 0, SSL_R_HTTP_REQUEST);
    put(&b, "CONNECT x:443 HTTP/1.1\r\n\r\n", 26);
    expect_alert(&b, -1, 0, SSL_R_HTTPS_PROXY_REQUEST);
}
END_TEST

START_TEST(test_record_overflow)
{
    bytes b = { NULL, 0 };
    static unsigned char zero[16385];

    put_record(&b, 22, zero, sizeof(zero));
    expect_alert(&b, SSL_AD_RECORD_OVERFLOW, 0, SSL_R_PACKET_LENGTH_TOO_LONG);
}
END_TEST

/* A ClientHello for one group, then a ClientKeyExchange carrying share (its vector included). */
static void put_key_exchange(bytes *b, const char *group, const void *share, size_t n)
{
    hello_spec spec = { .groups = group, .groups_len = 4 };
    bytes m = { NULL, 0 };

    put_hello(b, &spec);
    put(&m, (unsigned char[]){ 16, 0, (unsigned char)(n >> 8), (unsigned char)n }, 4);
    put(&m, share, n);
    put_record(b, 22, m.p, m.len);
    free(m.p);
}

START_TEST(test_invalid_ecdh_share)
{
    bytes b = { NULL, 0 };
    unsigned char p256[66], x25519[33];

    memset(p256, 1, sizeof(p256));
    p256[0] = 65;
    p256[1] = 4;                            /* uncompressed, but (1...1, 1...1) is not on P-256 */
    put_key_exchange(&b, "\x00\x02\x00\x17", p256, sizeof(p256));
    expect_alert(&b, SSL_AD_ILLEGAL_PARAMETER, 0, SSL_R_BAD_ECPOINT);
    memset(x25519, 0, sizeof(x25519));
    x25519[0] = 32;                         /* u = 0: of small order */
    put_key_exchange(&b, "\x00\x02\x00\x1d", x25519, sizeof(x25519));
    expect_alert(&b, SSL_AD_ILLEGAL_PARAMETER, 0, SSL_R_BAD_ECPOINT);
    x25519[0] = 31;                         /* 31 bytes */
    put_key_exchange(&b, "\x00\x02\x00\x1d", x25519, 32);
    expect_alert(&b, SSL_AD_ILLEGAL_PARAMETER, 0, SSL_R_BAD_ECPOINT);
}
END_TEST

/* ---- against real peers ------------------------------------------------------------------ */

START_TEST(test_no_client_certificate_openssl)
{
    tu_conn c = TU_CONN_INIT;
    SSL_CTX *ctx = tu_rsa_server_ctx();
    const char *none[] = { NULL };
    const char *func = NULL;
    long start = tu_now_ms();

    tu_verify_clients(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    ck_assert_int_le(tu_accept_s_client(&c, ctx, none), 0);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error_func(&func)),
                     SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE);
    ck_assert_str_eq(func, "tls_process_client_certificate");
    /* TLS 1.3 (the default): the client hears certificate_required at once (not a timeout) */
    tu_await_output(c.peer, "alert certificate required", NULL, 0);
    ck_assert_int_lt(tu_now_ms() - start, TU_TIMEOUT_MS);
    tu_conn_close(&c);
}
END_TEST

START_TEST(test_no_client_certificate_gnutls)
{
    /* gnutls-cli without a certificate: TLS 1.3, it reports certificate_required (116) at once */
    const char *cli = tu_gnutls_cli();
    SSL_CTX *ctx;
    SSL *ssl;
    tu_proc *peer;
    char port[16];
    int p = 0, lfd, fd;

    if (cli == NULL) {
        fprintf(stderr, "SKIP test_no_client_certificate_gnutls: gnutls-cli not found\n");
        return;
    }
    lfd = tu_tcp_listen(&p);
    ck_assert_int_ne(lfd, -1);
    snprintf(port, sizeof(port), "%d", p);
    peer = tu_spawnl(cli, "--x509cafile", tu_cert("ca-cert.pem"), "-p", port, "127.0.0.1", NULL);
    fd = tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    close(lfd);
    ck_assert_int_ne(fd, -1);
    ck_assert_int_eq(tu_set_io_timeout(fd, TU_IO_TIMEOUT_MS), 0);
    ctx = tu_rsa_server_ctx();
    tu_verify_clients(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    ck_assert_int_le(SSL_accept(ssl), 0);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE);
    tu_await_output(peer, "Received alert [116]", NULL, 0);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    tu_proc_free(peer);
    ERR_clear_error();
}
END_TEST

START_TEST(test_tls11_client_openssl)
{
    tu_conn c = TU_CONN_INIT;
    char out[4096];
    const char *old[] = { "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", NULL };

    ck_assert_int_le(tu_accept_s_client(&c, tu_rsa_server_ctx(), old), 0);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), SSL_R_UNSUPPORTED_PROTOCOL);
    /* protocol_version in a record s_client reads: not "wrong version number" */
    tu_await_output(c.peer, "alert protocol version", out, sizeof(out));
    ck_assert_ptr_null(strstr(out, "wrong version number"));
    tu_conn_close(&c);
}
END_TEST

/*
 * RFC 8422 5.2: the ServerHello of an ECDHE suite carries ec_point_formats
 * when the client sent it, in full and resumed handshakes alike; s_client
 * completing each shows the transcript still matches (both Finished).
 */
START_TEST(test_point_formats_openssl)
{
    char sess[] = "/tmp/kuma-pf-XXXXXX";
    const char *full[] = { "-tls1_2", "-tlsextdebug", "-sess_out", sess, NULL };
    const char *resumed[] = { "-tls1_2", "-tlsextdebug", "-sess_in", sess, NULL };
    const char *const *runs[] = { full, resumed };
    const char *said[] = { "New, TLSv1.2, Cipher is ECDHE", "Reused, TLSv1.2, Cipher is ECDHE" };
    SSL_CTX *ctx = tu_rsa_server_ctx();
    int i, fd = mkstemp(sess);

    ck_assert_int_ne(fd, -1);
    close(fd);
    for (i = 0; i < 2; i++) {
        tu_conn c = TU_CONN_INIT;
        char out[8192];

        SSL_CTX_up_ref(ctx);
        ck_assert_int_eq(tu_accept_s_client(&c, ctx, runs[i]), 1);
        ck_assert_int_eq(SSL_session_reused(c.ssl), i);
        tu_await_output(c.peer, said[i], out, sizeof(out));
        ck_assert_msg(strstr(out, "TLS server extension \"EC point formats\" (id=11), len=2") != NULL,
                      "no ec_point_formats in the ServerHello:\n%s", out);
        tu_conn_close(&c);
    }
    SSL_CTX_free(ctx);
    unlink(sess);
}
END_TEST

/* A kumassl peer in a thread: handshakes, then writes `raw` on the socket and reads. */
typedef struct {
    SSL_CTX *ctx;
    int fd, is_server;
    const char *raw;
    size_t raw_len;
    unsigned long err;          /* what its read failed with */
    pthread_t thread;
} kuma_peer;

static void *kuma_peer_main(void *arg)
{
    kuma_peer *k = arg;
    SSL *ssl = SSL_new(k->ctx);
    char buf[64];

    SSL_set_fd(ssl, k->fd);
    if ((k->is_server ? SSL_accept(ssl) : SSL_connect(ssl)) == 1) {
        if (k->raw != NULL)
            (void)!write(k->fd, k->raw, k->raw_len);
        int n;

        ERR_clear_error();
        n = SSL_read(ssl, buf, sizeof(buf));
        if (n == 0 && SSL_get_error(ssl, n) == SSL_ERROR_ZERO_RETURN)
            SSL_shutdown(ssl);          /* answers the close_notify */
        else if (n < 0)
            k->err = ERR_peek_error();
    } else {
        k->err = ERR_peek_error();
    }
    SSL_free(ssl);
    close(k->fd);
    ERR_clear_error();
    return NULL;
}

/* kumassl (client with is_client) against a kumassl peer; the SSL after a good handshake. */
static SSL *start_kuma_peer(kuma_peer *k, int is_client, SSL_CTX *mine, int *fd)
{
    int fds[2];
    SSL *ssl;

    ck_assert_int_eq(tu_tcp_pair(fds), 0);
    ck_assert_int_eq(tu_set_io_timeout(fds[0], PEER_TIMEOUT_MS), 0);
    ck_assert_int_eq(tu_set_io_timeout(fds[1], PEER_TIMEOUT_MS), 0);
    k->fd = fds[1];
    k->is_server = is_client;
    if (k->ctx == NULL)
        k->ctx = is_client ? tu_rsa_server_ctx() : tu_ca_client_ctx();
    ck_assert_int_eq(pthread_create(&k->thread, NULL, kuma_peer_main, k), 0);
    *fd = fds[0];
    ssl = SSL_new(mine);
    SSL_set_fd(ssl, fds[0]);
    return ssl;
}

static void end_kuma_peer(kuma_peer *k, SSL *ssl, SSL_CTX *mine, int fd)
{
    end_pair(ssl, mine, fd, k->thread, k->ctx);
}

START_TEST(test_bad_record_mac_after_handshake)
{
    /* a forged application record: kumassl answers bad_record_mac, encrypted */
    kuma_peer k = { .raw = "\x17\x03\x03\x00\x20" "0123456789abcdef0123456789abcdef", .raw_len = 37 };
    SSL_CTX *mine = _i ? tu_ca_client_ctx() : tu_rsa_server_ctx();
    int fd, n;
    char buf[16];
    SSL *ssl = start_kuma_peer(&k, _i, mine, &fd);

    ck_assert_int_eq(_i ? SSL_connect(ssl) : SSL_accept(ssl), 1);
    n = SSL_read(ssl, buf, sizeof(buf));
    ck_assert_int_le(n, 0);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC);
    end_kuma_peer(&k, ssl, mine, fd);
    ck_assert_msg(ERR_GET_REASON(k.err) == SSL_R_SSLV3_ALERT_BAD_RECORD_MAC,
                  "the peer read %s", ERR_reason_error_string(k.err));
}
END_TEST

/* ---- a client's encrypted HelloRequest -------------------------------------------------- */

static char client_keylog[256];         /* CLIENT_RANDOM <client random> <master secret> */

static void keep_keylog(const SSL *ssl, const char *line)
{
    (void)ssl;
    snprintf(client_keylog, sizeof(client_keylog), "%s", line);
}

/* Encrypts *len bytes of type under gcm in buf; returns the record, *len its size. */
static unsigned char *seal(br_sslrec_gcm_context *gcm, int type, unsigned char *buf, size_t size,
                           const unsigned char *data, size_t *len)
{
    const br_sslrec_out_class **out = (const br_sslrec_out_class **)(void *)&gcm->vtable;
    size_t start = 5, end = size;       /* the record header goes in the 5 bytes before start */

    (*out)->max_plaintext(out, &start, &end);
    ck_assert_uint_ge(end - start, *len);
    memcpy(buf + start, data, *len);
    return (*out)->encrypt(out, type, TLS1_2_VERSION, buf + start, len);
}

/*
 * The record ssl's peer would get from ssl after its Finished (sequence
 * number 1) holding msg: rebuilt from the key log's master secret and the
 * handshake's randoms (TLS 1.2 key expansion, AES-128-GCM).
 */
static size_t forge_client_record(SSL *ssl, const unsigned char *msg, size_t len, unsigned char *out)
{
    unsigned char master[48], cr[32], sr[32], logged_cr[32], block[40], buf[256], *rec;
    br_tls_prf_seed_chunk seeds[2] = { { sr, sizeof(sr) }, { cr, sizeof(cr) } };
    br_sslrec_gcm_context gcm;
    size_t n = 1;

    ck_assert_uint_eq(strlen(client_keylog), 14 + 64 + 1 + 96);
    ck_assert_int_eq(strncmp(client_keylog, "CLIENT_RANDOM ", 14), 0);
    tu_unhex(client_keylog + 14, logged_cr, sizeof(logged_cr));
    tu_unhex(client_keylog + 14 + 65, master, sizeof(master));
    ck_assert_uint_eq(SSL_get_client_random(ssl, NULL, 0), 32);
    ck_assert_uint_eq(SSL_get_client_random(ssl, cr, sizeof(cr)), 32);
    ck_assert_uint_eq(SSL_get_server_random(ssl, sr, sizeof(sr)), 32);
    ck_assert_mem_eq(cr, logged_cr, sizeof(cr));
    /* client_write_key, server_write_key, client_write_IV, server_write_IV */
    br_tls12_sha256_prf(block, sizeof(block), master, sizeof(master), "key expansion", 2, seeds);
    br_sslrec_out_gcm_vtable.init(&gcm.vtable.out, &br_aes_ct_ctr_vtable, block, 16,
                                  &br_ghash_ctmul, block + 32);
    (void)seal(&gcm, SSL3_RT_HANDSHAKE, buf, sizeof(buf), (const unsigned char *)"", &n);  /* the Finished's number */
    n = len;
    rec = seal(&gcm, SSL3_RT_HANDSHAKE, buf, sizeof(buf), msg, &n);
    memcpy(out, rec, n);
    return n;
}

/*
 * A HelloRequest from a client after the handshake, encrypted: OpenSSL
 * answers unexpected_message; BearSSL alone would take it for a
 * renegotiation and refuse with a warning only.
 */
START_TEST(test_encrypted_hello_request_from_client)
{
    static const unsigned char hello_request[4] = { 0, 0, 0, 0 };
    kuma_peer k = { .ctx = tu_rsa_server_ctx() };
    SSL_CTX *mine = tu_ca_client_ctx();
    unsigned char rec[256];
    char buf[16];
    size_t n;
    int fd;
    SSL *ssl;

    ck_assert_int_eq(SSL_CTX_set_cipher_list(k.ctx, "ECDHE-RSA-AES128-GCM-SHA256"), 1);
    SSL_CTX_set_keylog_callback(mine, keep_keylog);
    client_keylog[0] = '\0';
    ssl = start_kuma_peer(&k, 1, mine, &fd);
    ck_assert_int_eq(SSL_connect(ssl), 1);
    n = forge_client_record(ssl, hello_request, sizeof(hello_request), rec);
    ck_assert_int_eq(write(fd, rec, n), (ssize_t)n);
    ck_assert_int_le(SSL_read(ssl, buf, sizeof(buf)), 0);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error()), SSL_R_SSLV3_ALERT_UNEXPECTED_MESSAGE);
    end_kuma_peer(&k, ssl, mine, fd);
    ck_assert_msg(ERR_GET_REASON(k.err) == SSL_R_UNEXPECTED_MESSAGE, "the server failed with %s",
                  ERR_reason_error_string(k.err));
}
END_TEST

START_TEST(test_no_trust_anchors_says_so)
{
    kuma_peer k = { 0 };
    SSL_CTX *mine = SSL_CTX_new(TLS_client_method());
    const char *data = NULL;
    int fd, flags = 0;
    SSL *ssl;

    SSL_CTX_set_verify(mine, SSL_VERIFY_PEER, NULL);
    ssl = start_kuma_peer(&k, 1, mine, &fd);
    ck_assert_int_le(SSL_connect(ssl), 0);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_error_data(&data, &flags)),
                     SSL_R_CERTIFICATE_VERIFY_FAILED);
    ck_assert_ptr_nonnull(strstr(data, "no trusted CA certificates were loaded"));
    ck_assert_ptr_nonnull(strstr(data, "SSL_CTX_load_verify_locations"));
    end_kuma_peer(&k, ssl, mine, fd);
    /* the server heard why: unknown_ca */
    ck_assert_int_eq(ERR_GET_REASON(k.err), SSL_R_TLSV1_ALERT_UNKNOWN_CA);
}
END_TEST

START_TEST(test_old_error_does_not_outlive_handshake)
{
    /* an error left in the queue before the handshake: a clean close is still ZERO_RETURN */
    kuma_peer k = { 0 };
    SSL_CTX *mine = tu_ca_client_ctx();
    int fd, n;
    char buf[16];
    SSL *ssl = start_kuma_peer(&k, 1, mine, &fd);

    ERR_raise(ERR_LIB_SSL, SSL_R_BAD_LENGTH);
    ck_assert_int_eq(SSL_connect(ssl), 1);
    ck_assert_int_eq(ERR_peek_error(), 0);
    ck_assert_int_eq(SSL_shutdown(ssl), 0);
    n = SSL_read(ssl, buf, sizeof(buf));
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(SSL_get_error(ssl, n), SSL_ERROR_ZERO_RETURN);
    end_kuma_peer(&k, ssl, mine, fd);
}
END_TEST

START_TEST(test_resumption_without_its_cipher)
{
    /* a real session on a server; then a ClientHello resuming it without offering its suite */
    SSL_CTX *sctx = tu_rsa_server_ctx(), *mine = tu_ca_client_ctx();
    static const unsigned char other[] = { 0xc0, 0x30 }, same[] = { 0xc0, 0x2f };
    kuma_peer k = { .ctx = sctx };
    hello_spec spec = { .suites = other, .suites_len = 2 };
    unsigned char sid[32];
    unsigned int sid_len;
    SSL_SESSION *sess;
    bytes b = { NULL, 0 };
    outcome o;
    int fd;
    SSL *ssl;

    SSL_CTX_up_ref(sctx);
    ck_assert_int_eq(SSL_CTX_set_cipher_list(mine, "ECDHE-RSA-AES128-GCM-SHA256"), 1);
    ssl = start_kuma_peer(&k, 1, mine, &fd);
    ck_assert_int_eq(SSL_connect(ssl), 1);
    sess = SSL_get1_session(ssl);
    memcpy(sid, SSL_SESSION_get_id(sess, &sid_len), 32);
    ck_assert_uint_eq(sid_len, 32);
    SSL_SESSION_free(sess);
    SSL_shutdown(ssl);
    end_kuma_peer(&k, ssl, mine, fd);
    spec.sid = sid;
    spec.sid_len = 32;
    put_hello(&b, &spec);
    serve(sctx, &b, &o);
    ck_assert_msg(o.alert == SSL_AD_ILLEGAL_PARAMETER, "alert %d (%s)", o.alert, o.why);
    ck_assert_int_eq(ERR_GET_REASON(o.err), SSL_R_REQUIRED_CIPHER_MISSING);
    ck_assert_int_eq(o.got_server_hello, 0);
    /* offering it: the session is resumed, no alert */
    memset(&spec, 0, sizeof(spec));
    spec.suites = same;
    spec.suites_len = 2;
    spec.sid = sid;
    spec.sid_len = 32;
    put_hello(&b, &spec);
    serve(sctx, &b, &o);
    ck_assert_msg(o.got_server_hello && o.alert == -1, "alert %d (%s)", o.alert, o.why);
    SSL_CTX_free(sctx);
}
END_TEST

START_TEST(test_server_state_strings)
{
    int sv[2];
    SSL_CTX *ctx = tu_rsa_server_ctx();
    SSL *s = SSL_new(ctx);

    record_flights();
    tu_socketpair(sv, 2000);
    SSL_set_fd(s, sv[0]);
    fcntl(sv[0], F_SETFL, O_NONBLOCK);
    ck_assert_int_eq(SSL_accept(s), -1);
    ck_assert_str_eq(SSL_state_string_long(s), "before SSL initialization");
    ck_assert_int_eq(write(sv[1], client_hello.p, client_hello.len), (ssize_t)client_hello.len);
    tu_sleep_ms(50);
    ck_assert_int_eq(SSL_accept(s), -1);
    ck_assert_str_eq(SSL_state_string_long(s), "SSLv3/TLS read client hello");
    ck_assert_str_eq(SSL_state_string(s), "TRCH");
    SSL_free(s);
    SSL_CTX_free(ctx);
    close(sv[0]);
    close(sv[1]);
    ERR_clear_error();
}
END_TEST

void hostile_alert_tests(Suite *s)
{
    TCase *tc = tu_add_tcase(s, "alerts", 60);

    tcase_add_test(tc, test_hello_control);
    tcase_add_test(tc, test_old_version_gets_protocol_version);
    tcase_add_test(tc, test_bad_server_name);
    tcase_add_test(tc, test_bad_alpn);
    tcase_add_test(tc, test_duplicate_extension);
    tcase_add_test(tc, test_truncated_extensions);
    tcase_add_test(tc, test_initial_renegotiation_info);
    tcase_add_test(tc, test_sigalgs);
    tcase_add_test(tc, test_nothing_shared);
    tcase_add_test(tc, test_warning_alert_flood);
    tcase_add_test(tc, test_hello_request_from_client);
    tcase_add_test(tc, test_point_formats_openssl);
    tcase_add_test(tc, test_encrypted_hello_request_from_client);
    tcase_add_test(tc, test_unexpected_messages);
    tcase_add_test(tc, test_http_request);
    tcase_add_test(tc, test_record_overflow);
    tcase_add_test(tc, test_invalid_ecdh_share);
    tc = tu_add_tcase(s, "alerts_real_peers", 60);
    tcase_add_test(tc, test_no_client_certificate_openssl);
    tcase_add_test(tc, test_no_client_certificate_gnutls);
    tcase_add_test(tc, test_tls11_client_openssl);
    tcase_add_loop_test(tc, test_bad_record_mac_after_handshake, 0, 2);
    tcase_add_test(tc, test_no_trust_anchors_says_so);
    tcase_add_test(tc, test_old_error_does_not_outlive_handshake);
    tcase_add_test(tc, test_resumption_without_its_cipher);
    tcase_add_test(tc, test_server_state_strings);
}
