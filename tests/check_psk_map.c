/*
 * check_psk_map.c -- external PSKs from OpenSSL's callbacks, as the TLS 1.3
 * engine receives them (lib/ssl/psk_map.c), and the SSL_SESSION calls a
 * program builds a PSK session with (lib/ssl/session_psk.c):
 *   - SSL_SESSION_set1_master_key / get_master_key / set_cipher /
 *     set_protocol_version / set_max_early_data and SSL_CIPHER_find /
 *     get_handshake_digest, with the results OpenSSL 3.0.19 gives for the
 *     same calls (checked with a program linked against it)
 *   - client: the use-session callback first (md NULL, then the HRR's
 *     hash), its session's key, suite and early data; a session of another
 *     hash after an HRR is not offered; a failing callback or a non-TLS 1.3
 *     session is SSL_R_BAD_PSK; no session falls back to the TLS 1.2
 *     callback, called with hint NULL, whose key becomes a SHA-256 PSK
 *     (TLS_AES_128_GCM_SHA256) without early data
 *   - server: find-session first, then the TLS 1.2 callback with the
 *     identity as a string; unknown identities; SSL_get_psk_identity
 *   - the anti-replay record (early_replay.c): a ticket admits early data
 *     once per lifetime, per SSL_CTX, SSL_OP_NO_ANTI_REPLAY, a full record
 *     refusing, and threads racing on the same tickets admitting each once
 * It calls kumassl internals: linked with the static libraries.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "psk_map.h"
#include "early_int.h"
#include "testutil.h"

static const unsigned char key32[32] = "0123456789abcdef0123456789abcdef";
static const unsigned char id_ext[] = "external identity";

/* ---- SSL_SESSION as a PSK ----------------------------------------------------------- */

START_TEST(session_setters)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *s = SSL_new(ctx);
    SSL_SESSION *sess = SSL_SESSION_new();
    unsigned char big[513], out[600];
    const SSL_CIPHER *c1301 = SSL_CIPHER_find(s, (const unsigned char *)"\x13\x01");
    const SSL_CIPHER *c1302 = SSL_CIPHER_find(s, (const unsigned char *)"\x13\x02");
    const SSL_CIPHER *c12 = SSL_CIPHER_find(s, (const unsigned char *)"\xc0\x2f");

    ck_assert_ptr_nonnull(c1301);
    ck_assert_str_eq(SSL_CIPHER_get_name(c1301), "TLS_AES_128_GCM_SHA256");
    ck_assert_uint_eq(SSL_CIPHER_get_protocol_id(c1301), 0x1301);
    ck_assert_ptr_eq(SSL_CIPHER_get_handshake_digest(c1301), EVP_sha256());
    ck_assert_ptr_eq(SSL_CIPHER_get_handshake_digest(c1302), EVP_sha384());
    ck_assert_str_eq(SSL_CIPHER_get_name(c12), "ECDHE-RSA-AES128-GCM-SHA256");
    ck_assert_ptr_null(SSL_CIPHER_find(s, (const unsigned char *)"\x00\x00"));

    memset(big, 7, sizeof big);
    ck_assert_uint_eq(SSL_SESSION_get_master_key(sess, NULL, 0), 0);
    ck_assert_int_eq(SSL_SESSION_set1_master_key(sess, big, 513), 0);    /* OpenSSL's limit: 512 */
    ck_assert_int_eq(SSL_SESSION_set1_master_key(sess, big, 512), 1);
    ck_assert_uint_eq(SSL_SESSION_get_master_key(sess, NULL, 0), 512);
    ck_assert_int_eq(SSL_SESSION_set1_master_key(sess, key32, 32), 1);
    ck_assert_uint_eq(SSL_SESSION_get_master_key(sess, NULL, 0), 32);
    ck_assert_uint_eq(SSL_SESSION_get_master_key(sess, out, sizeof out), 32);
    ck_assert(memcmp(out, key32, 32) == 0);
    ck_assert_uint_eq(SSL_SESSION_get_master_key(sess, out, 5), 5);

    ck_assert_int_eq(SSL_SESSION_set_cipher(sess, c1302), 1);
    ck_assert_ptr_eq(SSL_SESSION_get0_cipher(sess), c1302);
    ck_assert_int_eq(SSL_SESSION_set_cipher(sess, NULL), 1);
    ck_assert_ptr_null(SSL_SESSION_get0_cipher(sess));
    ck_assert_int_eq(SSL_SESSION_set_protocol_version(sess, TLS1_3_VERSION), 1);
    ck_assert_int_eq(SSL_SESSION_get_protocol_version(sess), TLS1_3_VERSION);
    ck_assert_int_eq(SSL_SESSION_get_max_early_data(sess), 0);
    ck_assert_int_eq(SSL_SESSION_set_max_early_data(sess, 100), 1);
    ck_assert_uint_eq(SSL_SESSION_get_max_early_data(sess), 100);
    SSL_SESSION_free(sess);         /* the key is freed with it (valgrind) */
    SSL_free(s);
    SSL_CTX_free(ctx);
}
END_TEST

/* ---- the client's PSK -------------------------------------------------------------- */

/* What the callbacks saw and do, per test. */
static struct {
    int use_calls, legacy_calls, find_calls, server_calls;
    const EVP_MD *md_seen;
    int hint_was_null;
    unsigned max_id, max_psk;
    char server_identity[PSK_MAX_IDENTITY_LEN + 1];
    int use_fails;                  /* use/find-session callback returns 0 */
    int use_none;                   /* ... succeeds with no session */
    int version, suite;             /* of the session it hands over */
    unsigned legacy_key_len;        /* what the TLS 1.2 callbacks return */
} cb;

static SSL_SESSION *psk_session(void)
{
    SSL_SESSION *sess = SSL_SESSION_new();
    unsigned char suite[2] = { (unsigned char)(cb.suite >> 8), (unsigned char)cb.suite };

    ck_assert_ptr_nonnull(sess);
    ck_assert_int_eq(SSL_SESSION_set1_master_key(sess, key32, sizeof key32), 1);
    ck_assert_int_eq(SSL_SESSION_set_cipher(sess, SSL_CIPHER_find(NULL, suite)), 1);
    ck_assert_int_eq(SSL_SESSION_set_protocol_version(sess, cb.version), 1);
    ck_assert_int_eq(SSL_SESSION_set_max_early_data(sess, 2048), 1);
    return sess;
}

static int use_session_cb(SSL *s, const EVP_MD *md, const unsigned char **id, size_t *idlen,
                          SSL_SESSION **sess)
{
    (void)s;
    cb.use_calls++;
    cb.md_seen = md;
    *id = id_ext;
    *idlen = sizeof id_ext - 1;
    *sess = cb.use_none ? NULL : psk_session();     /* ownership passes to the library */
    return !cb.use_fails;
}

static unsigned int legacy_client_cb(SSL *s, const char *hint, char *identity,
                                     unsigned int max_identity_len, unsigned char *psk,
                                     unsigned int max_psk_len)
{
    (void)s;
    cb.legacy_calls++;
    cb.hint_was_null = hint == NULL;
    cb.max_id = max_identity_len;
    cb.max_psk = max_psk_len;
    strcpy(identity, "Client_identity");
    memcpy(psk, "\x1a\x2b\x3c\x4d", 4);
    return cb.legacy_key_len;
}

static SSL *client_with(SSL_CTX **ctx, int use, int legacy)
{
    SSL *s;

    *ctx = SSL_CTX_new(TLS_client_method());
    ck_assert_ptr_nonnull(*ctx);
    if (use)
        SSL_CTX_set_psk_use_session_callback(*ctx, use_session_cb);
    if (legacy)
        SSL_CTX_set_psk_client_callback(*ctx, legacy_client_cb);
    s = SSL_new(*ctx);
    ck_assert_ptr_nonnull(s);
    memset(&cb, 0, sizeof cb);
    cb.version = TLS1_3_VERSION;
    cb.suite = 0x1302;
    cb.legacy_key_len = 4;
    return s;
}

static void free_pair(SSL *s, SSL_CTX *ctx)
{
    SSL_free(s);
    SSL_CTX_free(ctx);
    ERR_clear_error();
}

START_TEST(client_use_session)
{
    SSL_CTX *ctx;
    SSL *s = client_with(&ctx, 1, 1);
    kuma_ext_psk psk;

    ck_assert_int_eq(kuma_psk_client_offer(s, NULL, &psk), 1);
    ck_assert_int_eq(cb.use_calls, 1);
    ck_assert_ptr_null(cb.md_seen);
    ck_assert_int_eq(cb.legacy_calls, 0);              /* the session callback comes first */
    ck_assert_uint_eq(psk.identity_len, sizeof id_ext - 1);
    ck_assert(memcmp(psk.identity, id_ext, psk.identity_len) == 0);
    ck_assert_uint_eq(psk.key_len, 32);
    ck_assert(memcmp(psk.key, key32, 32) == 0);
    ck_assert_uint_eq(psk.suite, 0x1302);
    ck_assert_uint_eq(psk.max_early_data, 2048);
    ck_assert_int_eq(psk.from_session, 1);
    /* after an HRR to a SHA-384 suite it is offered again; to SHA-256 it is not */
    ck_assert_int_eq(kuma_psk_client_offer(s, EVP_sha384(), &psk), 1);
    ck_assert_ptr_eq(cb.md_seen, EVP_sha384());
    ck_assert_int_eq(kuma_psk_client_offer(s, EVP_sha256(), &psk), 0);
    kuma_ext_psk_clear(&psk);
    ck_assert_uint_eq(psk.key_len, 0);
    free_pair(s, ctx);
}
END_TEST

/* A failing callback, a TLS 1.2 session, a TLS 1.2 suite: SSL_R_BAD_PSK. */
START_TEST(client_bad_session)
{
    SSL_CTX *ctx;
    SSL *s = client_with(&ctx, 1, 1);
    kuma_ext_psk psk;

    if (_i == 0)
        cb.use_fails = 1;
    else if (_i == 1)
        cb.version = TLS1_2_VERSION;
    else
        cb.suite = 0xc02f;
    ck_assert_int_eq(kuma_psk_client_offer(s, NULL, &psk), -1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_BAD_PSK);
    ck_assert_int_eq(cb.legacy_calls, 0);
    free_pair(s, ctx);
}
END_TEST

/* The TLS 1.2 callback, alone or after a use-session callback that found
 * nothing: hint NULL, OpenSSL's buffer sizes, SHA-256, no early data. */
START_TEST(client_legacy_callback)
{
    SSL_CTX *ctx;
    SSL *s = client_with(&ctx, _i, 1);
    kuma_ext_psk psk;

    cb.use_none = 1;
    ck_assert_int_eq(kuma_psk_client_offer(s, NULL, &psk), 1);
    ck_assert_int_eq(cb.use_calls, _i);
    ck_assert_int_eq(cb.legacy_calls, 1);
    ck_assert_int_eq(cb.hint_was_null, 1);
    ck_assert_uint_eq(cb.max_id, PSK_MAX_IDENTITY_LEN);
    ck_assert_uint_eq(cb.max_psk, PSK_MAX_PSK_LEN);
    ck_assert_uint_eq(psk.identity_len, 15);
    ck_assert(memcmp(psk.identity, "Client_identity", 15) == 0);
    ck_assert_uint_eq(psk.key_len, 4);
    ck_assert(memcmp(psk.key, "\x1a\x2b\x3c\x4d", 4) == 0);
    ck_assert_uint_eq(psk.suite, KUMA_PSK_LEGACY_SUITE);
    ck_assert_uint_eq(psk.max_early_data, 0);
    ck_assert_int_eq(psk.from_session, 0);
    /* its key is SHA-256's: nothing after an HRR to SHA-384 */
    ck_assert_int_eq(kuma_psk_client_offer(s, EVP_sha384(), &psk), 0);
    /* no key from the callback: no PSK, no error */
    cb.legacy_key_len = 0;
    ck_assert_int_eq(kuma_psk_client_offer(s, NULL, &psk), 0);
    ck_assert_int_eq(ERR_peek_error(), 0);
    cb.legacy_key_len = PSK_MAX_PSK_LEN + 1;
    ck_assert_int_eq(kuma_psk_client_offer(s, NULL, &psk), -1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_BAD_PSK);
    free_pair(s, ctx);
}
END_TEST

START_TEST(client_without_callbacks)
{
    SSL_CTX *ctx;
    SSL *s = client_with(&ctx, 0, 0);
    kuma_ext_psk psk;

    ck_assert_int_eq(kuma_psk_client_offer(s, NULL, &psk), 0);
    free_pair(s, ctx);
}
END_TEST

/* ---- the server's PSK ---------------------------------------------------------------- */

static int find_session_cb(SSL *s, const unsigned char *id, size_t idlen, SSL_SESSION **sess)
{
    (void)s;
    cb.find_calls++;
    *sess = NULL;
    if (cb.use_fails)
        return 0;
    if (idlen == sizeof id_ext - 1 && memcmp(id, id_ext, idlen) == 0)
        *sess = psk_session();
    return 1;
}

static unsigned int legacy_server_cb(SSL *s, const char *identity, unsigned char *psk,
                                     unsigned int max_psk_len)
{
    (void)s;
    cb.server_calls++;
    cb.max_psk = max_psk_len;
    snprintf(cb.server_identity, sizeof cb.server_identity, "%s", identity);
    if (strcmp(identity, "Client_identity") != 0)
        return 0;
    memcpy(psk, "\x1a\x2b\x3c\x4d", 4);
    return 4;
}

static SSL *server_with(SSL_CTX **ctx, int find, int legacy)
{
    SSL *s;

    *ctx = SSL_CTX_new(TLS_server_method());
    ck_assert_ptr_nonnull(*ctx);
    if (find)
        SSL_CTX_set_psk_find_session_callback(*ctx, find_session_cb);
    if (legacy)
        SSL_CTX_set_psk_server_callback(*ctx, legacy_server_cb);
    s = SSL_new(*ctx);
    ck_assert_ptr_nonnull(s);
    memset(&cb, 0, sizeof cb);
    cb.version = TLS1_3_VERSION;
    cb.suite = 0x1301;
    return s;
}

START_TEST(server_find)
{
    SSL_CTX *ctx;
    SSL *s = server_with(&ctx, 1, 1);
    kuma_ext_psk psk;

    ck_assert_ptr_null(SSL_get_psk_identity(s));
    ck_assert_int_eq(kuma_psk_server_find(s, id_ext, sizeof id_ext - 1, &psk), 1);
    ck_assert_int_eq(cb.find_calls, 1);
    ck_assert_int_eq(cb.server_calls, 0);
    ck_assert_uint_eq(psk.suite, 0x1301);
    ck_assert_uint_eq(psk.key_len, 32);
    ck_assert_uint_eq(psk.max_early_data, 2048);
    ck_assert_int_eq(kuma_psk_server_accepted(s, &psk), 1);
    ck_assert_str_eq(SSL_get_psk_identity(s), (const char *)id_ext);
    /* find-session finds nothing: the TLS 1.2 callback gets the identity as a string */
    ck_assert_int_eq(kuma_psk_server_find(s, (const unsigned char *)"Client_identity", 15, &psk), 1);
    ck_assert_int_eq(cb.server_calls, 1);
    ck_assert_str_eq(cb.server_identity, "Client_identity");
    ck_assert_uint_eq(cb.max_psk, PSK_MAX_PSK_LEN);
    ck_assert_uint_eq(psk.suite, KUMA_PSK_LEGACY_SUITE);
    ck_assert_uint_eq(psk.key_len, 4);
    ck_assert_uint_eq(psk.max_early_data, 0);
    ck_assert_int_eq(kuma_psk_server_accepted(s, &psk), 1);
    ck_assert_str_eq(SSL_get_psk_identity(s), "Client_identity");
    kuma_ext_psk_clear(&psk);
    free_pair(s, ctx);
}
END_TEST

/* Unknown identities: no PSK, no error; ones a string cannot carry never reach the callback. */
START_TEST(server_unknown)
{
    SSL_CTX *ctx;
    SSL *s = server_with(&ctx, 0, 1);
    kuma_ext_psk psk;
    unsigned char longid[PSK_MAX_IDENTITY_LEN + 1];

    ck_assert_int_eq(kuma_psk_server_find(s, (const unsigned char *)"nobody", 6, &psk), 0);
    ck_assert_int_eq(cb.server_calls, 1);
    ck_assert_str_eq(cb.server_identity, "nobody");
    memset(longid, 'a', sizeof longid);
    ck_assert_int_eq(kuma_psk_server_find(s, longid, sizeof longid, &psk), 0);
    ck_assert_int_eq(kuma_psk_server_find(s, (const unsigned char *)"a\0b", 3, &psk), 0);
    ck_assert_int_eq(cb.server_calls, 1);
    ck_assert_int_eq(ERR_peek_error(), 0);
    ck_assert_ptr_null(SSL_get_psk_identity(s));
    free_pair(s, ctx);
}
END_TEST

START_TEST(server_find_fails)
{
    SSL_CTX *ctx;
    SSL *s = server_with(&ctx, 1, 1);
    kuma_ext_psk psk;

    cb.use_fails = 1;
    ck_assert_int_eq(kuma_psk_server_find(s, id_ext, sizeof id_ext - 1, &psk), -1);
    tu_expect_error(ERR_LIB_SSL, SSL_R_BAD_PSK);
    ck_assert_int_eq(cb.server_calls, 0);
    free_pair(s, ctx);
}
END_TEST

/* ---- anti-replay ---------------------------------------------------------------------- */

static SSL *replay_server(SSL_CTX **ctx)
{
    SSL *s;

    *ctx = SSL_CTX_new(TLS_server_method());
    ck_assert_int_eq(SSL_CTX_set_max_early_data(*ctx, 1024), 1);
    s = SSL_new(*ctx);
    ck_assert_ptr_nonnull(s);
    return s;
}

START_TEST(replay_once)
{
    SSL_CTX *ctx, *other;
    SSL *s = replay_server(&ctx), *s2 = SSL_new(ctx), *t = replay_server(&other);
    const unsigned char *a = (const unsigned char *)"ticket A", *b = (const unsigned char *)"ticket B";

    ck_assert_int_eq(kuma_early_replay_admit(s, a, 8, 60, 1000), 1);
    ck_assert_int_eq(kuma_early_replay_admit(s, a, 8, 60, 1001), 0);
    ck_assert_int_eq(kuma_early_replay_admit(s2, a, 8, 60, 1002), 0);   /* same SSL_CTX */
    ck_assert_int_eq(kuma_early_replay_admit(t, a, 8, 60, 1002), 1);    /* another one */
    ck_assert_int_eq(kuma_early_replay_admit(s, b, 8, 60, 1003), 1);
    ck_assert_int_eq(kuma_early_replay_admit(s, a, 7, 60, 1003), 1);    /* "ticket " is another */
    ck_assert_int_eq(kuma_early_replay_admit(s, a, 8, 60, 1060), 0);
    ck_assert_int_eq(kuma_early_replay_admit(s, a, 8, 60, 1062), 1);    /* lifetime over */
    SSL_set_options(s, SSL_OP_NO_ANTI_REPLAY);
    ck_assert_int_eq(kuma_early_replay_admit(s, b, 8, 60, 1004), 1);
    ck_assert_int_eq(kuma_early_replay_admit(s, b, 8, 60, 1004), 1);
    SSL_free(s);
    SSL_free(s2);
    SSL_free(t);
    SSL_CTX_free(ctx);
    SSL_CTX_free(other);
}
END_TEST

/* A context that never set early-data limits has no record: nothing is admitted. */
START_TEST(replay_without_settings)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL *s = SSL_new(ctx);

    ck_assert_int_eq(kuma_early_replay_admit(s, (const unsigned char *)"t", 1, 60, 0), 0);
    SSL_free(s);
    SSL_CTX_free(ctx);
}
END_TEST

START_TEST(replay_full)
{
    SSL_CTX *ctx;
    SSL *s = replay_server(&ctx);
    unsigned char id[8];
    unsigned i;

    for (i = 0; i < KUMA_REPLAY_MAX; i++) {
        memcpy(id, &i, sizeof i);
        memset(id + sizeof i, 'x', sizeof id - sizeof i);
        ck_assert_int_eq(kuma_early_replay_admit(s, id, sizeof id, 10, 500), 1);
    }
    ck_assert_int_eq(kuma_early_replay_admit(s, (const unsigned char *)"one more", 8, 10, 500), 0);
    ck_assert_int_eq(kuma_early_replay_admit(s, (const unsigned char *)"one more", 8, 10, 511), 1);
    SSL_free(s);
    SSL_CTX_free(ctx);
}
END_TEST

#define RACE_THREADS 4
#define RACE_TICKETS 300

static struct {
    SSL_CTX *ctx;
    int admitted[RACE_THREADS];
} race;

static void *race_thread(void *arg)
{
    int me = (int)(size_t)arg, i;
    SSL *s = SSL_new(race.ctx);

    for (i = 0; i < RACE_TICKETS; i++) {
        char id[16];
        int n = snprintf(id, sizeof id, "ticket %d", i);

        race.admitted[me] += kuma_early_replay_admit(s, (const unsigned char *)id, (size_t)n, 60, 0);
    }
    SSL_free(s);
    return NULL;
}

START_TEST(replay_threads)
{
    pthread_t th[RACE_THREADS];
    int i, total = 0;

    race.ctx = SSL_CTX_new(TLS_server_method());
    ck_assert_int_eq(SSL_CTX_set_max_early_data(race.ctx, 1024), 1);
    for (i = 0; i < RACE_THREADS; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, race_thread, (void *)(size_t)i), 0);
    for (i = 0; i < RACE_THREADS; i++) {
        pthread_join(th[i], NULL);
        total += race.admitted[i];
    }
    ck_assert_int_eq(total, RACE_TICKETS);      /* each ticket once, whoever came first */
    SSL_CTX_free(race.ctx);
}
END_TEST

static Suite *map_suite(void)
{
    Suite *s = suite_create("psk_map");
    TCase *tc = tcase_create("session");

    tcase_add_test(tc, session_setters);
    suite_add_tcase(s, tc);
    tc = tcase_create("client");
    tcase_add_test(tc, client_use_session);
    tcase_add_loop_test(tc, client_bad_session, 0, 3);
    tcase_add_loop_test(tc, client_legacy_callback, 0, 2);
    tcase_add_test(tc, client_without_callbacks);
    suite_add_tcase(s, tc);
    tc = tcase_create("server");
    tcase_add_test(tc, server_find);
    tcase_add_test(tc, server_unknown);
    tcase_add_test(tc, server_find_fails);
    suite_add_tcase(s, tc);
    tc = tcase_create("anti_replay");
    tcase_add_test(tc, replay_once);
    tcase_add_test(tc, replay_without_settings);
    tcase_add_test(tc, replay_full);
    tcase_add_test(tc, replay_threads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(map_suite(), CK_ENV);
}
