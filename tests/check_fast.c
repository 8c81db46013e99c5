/*
 * kumassl tests: the fast primitives of lib/crypto/fast behind BearSSL's
 * interfaces.
 *
 * X25519: RFC 7748's vectors (5.2, the iterated test to 1,000 rounds, or
 * 1,000,000 with KUMA_SLOW=1: `make check-slow`), its Diffie-Hellman
 * example (6.1), low-order and non-canonical points, edge scalars; random
 * inputs against BearSSL's c25519_m31 and against the system OpenSSL.
 * ChaCha20 (4- and 8-block): RFC 8439's block and AEAD vectors, random
 * keys, counters and lengths against BearSSL's one-block code, the
 * counter's wrap; ChaCha20-Poly1305 over it against the system OpenSSL.
 * Poly1305 (radix 2^64, and with the AVX2 bulk): RFC 8439's vectors and
 * the reduction edge cases of its appendix A.3; random AEADs against
 * BearSSL's ctmulq. P-256 is tests/check_p256.
 * Constant time: tests/ct_fast runs the ladder, P-256 and ChaCha20-Poly1305 on
 * secrets valgrind sees as undefined (skipped without valgrind).
 * Without the fast code (--enable-small, or no 128-bit integers / x86), only
 * what is built is tested, and the choice of BearSSL's code.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto_int.h"
#include "fast/fast.h"
#include "fast_util.h"
#include "testutil.h"

#if KUMA_HAVE_INT128
/* ---- X25519 ---------------------------------------------------------------------- */

static void expect_x25519(const char *scalar, const char *u, const char *want)
{
    unsigned char k[32], p[32], w[32], out[32];

    fu_unhex(scalar, k, 32);
    fu_unhex(u, p, 32);
    fu_unhex(want, w, 32);
    kuma_x25519(out, k, p);
    ck_assert_mem_eq(out, w, 32);
    /* the same through br_ec_impl, in place */
    ck_assert_int_eq(kuma_ec_fast.mul(p, 32, k, 32, BR_EC_curve25519), 1);
    ck_assert_mem_eq(p, w, 32);
}

START_TEST(test_rfc7748_vectors)
{
    expect_x25519("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                  "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                  "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    expect_x25519("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                  "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                  "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
}
END_TEST

/* RFC 7748 5.2: k = u = 9, then k, u = X25519(k, u), k. */
START_TEST(test_rfc7748_iterated)
{
    unsigned char k[32] = { 9 }, u[32] = { 9 }, out[32], w1[32], w1000[32], w1m[32];
    long n = getenv("KUMA_SLOW") != NULL ? 1000000 : 1000;

    fu_unhex("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079", w1, 32);
    fu_unhex("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51", w1000, 32);
    fu_unhex("7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f665424", w1m, 32);
    for (long i = 1; i <= n; i++) {
        kuma_x25519(out, k, u);
        memcpy(u, k, 32);
        memcpy(k, out, 32);
        if (i == 1)
            ck_assert_mem_eq(k, w1, 32);
        if (i == 1000)
            ck_assert_mem_eq(k, w1000, 32);
    }
    if (n == 1000000)
        ck_assert_mem_eq(k, w1m, 32);
}
END_TEST

/* RFC 7748 6.1, through the br_ec_impl the TLS engine gets (mulgen, then mul). */
START_TEST(test_rfc7748_dh)
{
    const br_ec_impl *ec = kuma_ec_default();
    unsigned char a[32], b[32], pa[32], pb[32], want_pa[32], want_pb[32], want_k[32], s1[32],
        s2[32];

    fu_unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", a, 32);
    fu_unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", b, 32);
    fu_unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", want_pa, 32);
    fu_unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", want_pb, 32);
    fu_unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", want_k, 32);
    ck_assert_uint_eq(ec->mulgen(pa, a, 32, BR_EC_curve25519), 32);
    ck_assert_uint_eq(ec->mulgen(pb, b, 32, BR_EC_curve25519), 32);
    ck_assert_mem_eq(pa, want_pa, 32);
    ck_assert_mem_eq(pb, want_pb, 32);
    memcpy(s1, pb, 32);
    memcpy(s2, pa, 32);
    ck_assert_int_eq(ec->mul(s1, 32, a, 32, BR_EC_curve25519), 1);
    ck_assert_int_eq(ec->mul(s2, 32, b, 32, BR_EC_curve25519), 1);
    ck_assert_mem_eq(s1, want_k, 32);
    ck_assert_mem_eq(s2, want_k, 32);
}
END_TEST

/* Both implementations agree on G = x * G (in place, BearSSL's conventions). */
static void same_as_m31(const unsigned char *u, const unsigned char *x, size_t xlen)
{
    unsigned char g1[32], g2[32];

    memcpy(g1, u, 32);
    memcpy(g2, u, 32);
    ck_assert_int_eq(kuma_ec_fast.mul(g1, 32, x, xlen, BR_EC_curve25519),
                     br_ec_c25519_m31.mul(g2, 32, x, xlen, BR_EC_curve25519));
    ck_assert_mem_eq(g1, g2, 32);
}

/*
 * Low-order points (0, 1, p - 1, one of order 8) give 0; non-canonical
 * encodings (u >= p, the top bit set) count as u mod p; edge scalars.
 */
START_TEST(test_x25519_edges)
{
    static const char *const points[] = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  /* p */
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  /* p + 1 */
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0900000000000000000000000000000000000000000000000000000000000080",  /* 9, top bit */
    };
    unsigned char u[32], x[32], zero[32] = { 0 }, out[32], nine[32] = { 9 }, g[32];

    fu_rnd(x, 32);
    for (int i = 0; i < N_OF(points); i++) {
        fu_unhex(points[i], u, 32);
        same_as_m31(u, x, 32);
        if (i < 6) {                    /* small order, p = 0, p + 1 = 1 */
            kuma_x25519(out, x, u);
            ck_assert_mem_eq(out, zero, 32);
        }
    }
    fu_unhex(points[7], u, 32);            /* the top bit is ignored */
    kuma_x25519(out, x, u);
    kuma_x25519(g, x, nine);
    ck_assert_mem_eq(out, g, 32);
    /* scalars: zero, all ones, short (the missing high bytes zero) */
    memset(x, 0, 32);
    same_as_m31(nine, x, 32);
    memset(x, 0xFF, 32);
    same_as_m31(nine, x, 32);
    fu_rnd(x, 32);
    for (size_t len = 0; len <= 32; len += 8)
        same_as_m31(nine, x, len);
    ck_assert_int_eq(kuma_ec_fast.mul(g, 31, x, 32, BR_EC_curve25519), 0);
    ck_assert_int_eq(kuma_ec_fast.mul(g, 32, x, 33, BR_EC_curve25519), 0);
    ck_assert_int_eq(kuma_ec_fast.muladd(g, g, 32, x, 32, x, 32, BR_EC_curve25519), 0);
}
END_TEST

START_TEST(test_x25519_random_vs_m31)
{
    unsigned char u[32], x[32], r1[32], r2[32];

    for (int i = 0; i < 3000; i++) {
        fu_rnd(u, 32);
        fu_rnd(x, 32);
        same_as_m31(u, x, 32);
        ck_assert_uint_eq(kuma_ec_fast.mulgen(r1, x, 32, BR_EC_curve25519),
                          br_ec_c25519_m31.mulgen(r2, x, 32, BR_EC_curve25519));
        ck_assert_mem_eq(r1, r2, 32);
    }
}
END_TEST

/* The other curves are BearSSL's, unchanged. */
START_TEST(test_other_curves_delegated)
{
    const br_ec_impl *def = br_ec_get_default();
    unsigned char x[32], r1[133], r2[133];
    size_t len1, len2;

    ck_assert_uint_eq(kuma_ec_fast.supported_curves, def->supported_curves);
    for (int curve = BR_EC_secp384r1; curve <= BR_EC_secp521r1; curve++) {
        ck_assert_ptr_eq(kuma_ec_fast.generator(curve, &len1), def->generator(curve, &len2));
        ck_assert_ptr_eq(kuma_ec_fast.order(curve, &len1), def->order(curve, &len2));
        fu_rnd(x, sizeof(x));
        x[0] &= 0x7F;
        len1 = kuma_ec_fast.mulgen(r1, x, sizeof(x), curve);
        len2 = def->mulgen(r2, x, sizeof(x), curve);
        ck_assert_uint_eq(len1, len2);
        ck_assert_mem_eq(r1, r2, len1);
    }
}
END_TEST

START_TEST(test_x25519_vs_openssl)
{
    enum { N = 500 };
    static unsigned char x[N][32], u[N][32];
    static char req[N * 140];
    char *ans, *line, *save = NULL, hex[65], hx[65], hu[65];
    unsigned char out[32];
    size_t used = 0;

    if (!fu_have_reference()) {
        fprintf(stderr, "SKIP X25519 vs OpenSSL: no system OpenSSL\n");
        return;
    }
    for (int i = 0; i < N; i++) {
        fu_rnd(x[i], 32);
        fu_rnd(u[i], 32);
        u[i][31] &= 0x7F;           /* OpenSSL and RFC 7748 agree on the top bit too, but
                                       older OpenSSLs did not */
        fu_tohex(x[i], 32, hx);
        fu_tohex(u[i], 32, hu);
        used += (size_t)sprintf(req + used, "x %s %s\n", hx, hu);
    }
    ans = fu_ask_reference(req);
    line = strtok_r(ans, "\n", &save);
    for (int i = 0; i < N; i++, line = strtok_r(NULL, "\n", &save)) {
        ck_assert_ptr_nonnull(line);
        kuma_x25519(out, x[i], u[i]);
        fu_tohex(out, 32, hex);
        ck_assert_str_eq(line, hex);
    }
    free(ans);
}
END_TEST

/* ---- Poly1305 -------------------------------------------------------------------- */

/* Poly1305 alone (RFC 8439 2.5): a short last block gets a 1 byte, not 2^128. */
static void poly1305_mac(const char *key_hex, const unsigned char *m, size_t len,
                         unsigned char tag[16])
{
    kuma_poly1305_state st;
    unsigned char key[32], last[16] = { 0 };

    fu_unhex(key_hex, key, 32);
    kuma_poly1305_init(&st, key);
    kuma_poly1305_blocks(&st, m, len / 16, 1);
    if (len % 16 != 0) {
        memcpy(last, m + len - len % 16, len % 16);
        last[len % 16] = 1;
        kuma_poly1305_blocks(&st, last, 1, 0);
    }
    kuma_poly1305_finish(&st, tag);
}

static void expect_poly1305(const char *key, const char *msg_hex, const char *want_hex)
{
    unsigned char m[128], tag[16], want[16];
    size_t len = strlen(msg_hex) / 2;

    ck_assert_uint_le(len, sizeof(m));
    fu_unhex(msg_hex, m, len);
    fu_unhex(want_hex, want, 16);
    poly1305_mac(key, m, len, tag);
    ck_assert_msg(memcmp(tag, want, 16) == 0, "Poly1305 key %s msg %s", key, msg_hex);
}

/*
 * RFC 8439 2.5.2 and appendix A.3: the zero key, the worked example, and
 * #5-#11, the ones written to catch wrong reductions (a partly reduced
 * result that is not fully reduced, s overflowing 2^128, carries through
 * all-ones limbs, results of exactly p and p - 1, 131-bit intermediates).
 */
START_TEST(test_poly1305_vectors)
{
    static const char *const ff = "ffffffffffffffffffffffffffffffff";
    static const char *const r1 = "0100000000000000000000000000000000000000000000000000000000000000";
    static const char *const r2 = "0200000000000000000000000000000000000000000000000000000000000000";
    static const char *const r14 = "0100000000000000040000000000000000000000000000000000000000000000";
    static const char *const m10 = "e33594d7505e43b900000000000000003394d7505e4379cd0100000000000000"
                                   "0000000000000000000000000000000001000000000000000000000000000000";
    static const char msg[] = "Cryptographic Forum Research Group";
    unsigned char tag[16], want[16];
    char m[200];

    expect_poly1305("0000000000000000000000000000000000000000000000000000000000000000",
                    "00000000000000000000000000000000000000000000000000000000000000000000000000000000"
                    "000000000000000000000000000000000000000000000000",
                    "00000000000000000000000000000000");
    poly1305_mac("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b",
                 (const unsigned char *)msg, sizeof(msg) - 1, tag);
    fu_unhex("a8061dc1305136c6c22b8baf0c0127a9", want, 16);
    ck_assert_mem_eq(tag, want, 16);
    expect_poly1305(r2, ff, "03000000000000000000000000000000");
    expect_poly1305("02000000000000000000000000000000ffffffffffffffffffffffffffffffff",
                    "02000000000000000000000000000000", "03000000000000000000000000000000");
    snprintf(m, sizeof(m), "%s%s%s", ff, "f0ffffffffffffffffffffffffffffff",
             "11000000000000000000000000000000");
    expect_poly1305(r1, m, "05000000000000000000000000000000");
    snprintf(m, sizeof(m), "%s%s%s", ff, "fbfefefefefefefefefefefefefefefe",
             "01010101010101010101010101010101");
    expect_poly1305(r1, m, "00000000000000000000000000000000");
    expect_poly1305(r2, "fdffffffffffffffffffffffffffffff", "faffffffffffffffffffffffffffffff");
    expect_poly1305(r14, m10, "14000000000000005500000000000000");
    snprintf(m, sizeof(m), "%.96s", m10);
    expect_poly1305(r14, m, "13000000000000000000000000000000");
}
END_TEST

/*
 * ChaCha20-Poly1305 through ours (radix 2^64 alone, then with the AVX2
 * bulk) and through BearSSL's ctmulq (else ctmul): random keys, nonces,
 * AAD and data of random lengths (0 to 3000), both directions, same data
 * and tag; one case in ten with all-ones key and data (the largest limbs).
 */
START_TEST(test_poly1305_random_vs_bearssl)
{
    static unsigned char d1[3000], d2[3000];
    br_poly1305_run theirs = br_poly1305_ctmulq_get(), ours = kuma_poly1305_run;
    br_chacha20_run chacha = kuma_algos_get()->chacha20;
    unsigned char key[32], iv[12], aad[64], t1[16], t2[16], r[4];

    if (theirs == 0)
        theirs = &br_poly1305_ctmul_run;
#if KUMA_HAVE_X86_SIMD
    if (_i == 1 && !kuma_cpu_has_avx2()) {
        fprintf(stderr, "no AVX2 on this CPU: the 4-block Poly1305 is not tested\n");
        return;
    }
    if (_i == 1)
        ours = kuma_poly1305_avx2_run;
#else
    if (_i == 1)
        return;
#endif
    for (int i = 0; i < 3000; i++) {
        size_t len, alen;
        int enc = i % 2;

        fu_rnd(key, 32);
        fu_rnd(iv, 12);
        fu_rnd(r, 4);
        len = (size_t)(r[0] | r[1] << 8) % (i < 300 ? 70 : sizeof(d1) + 1);
        alen = r[2] % (sizeof(aad) + 1);
        fu_rnd(aad, alen);
        fu_rnd(d1, len);
        if (i % 10 == 0) {      /* the largest limbs and products: the carries' bounds */
            memset(key, 0xFF, 32);
            memset(d1, 0xFF, len);
        }
        memcpy(d2, d1, len);
        ours(key, iv, d1, len, aad, alen, t1, chacha, enc);
        theirs(key, iv, d2, len, aad, alen, t2, &br_chacha20_ct_run, enc);
        ck_assert_mem_eq(d1, d2, len);
        ck_assert_msg(memcmp(t1, t2, 16) == 0, "tag, len %zu aad %zu enc %d", len, alen, enc);
    }
}
END_TEST

#endif /* KUMA_HAVE_INT128 */

#if KUMA_HAVE_X86_SIMD
/* ---- ChaCha20 -------------------------------------------------------------------- */

typedef struct {
    const char *name;
    br_chacha20_run run;
} chacha_impl;

static chacha_impl chachas[2];
static int n_chachas;

static void find_chachas(void)
{
    n_chachas = 0;
    chachas[n_chachas++] = (chacha_impl){ "sse2x4", kuma_chacha20_sse2_run };
    if (kuma_cpu_has_avx2())
        chachas[n_chachas++] = (chacha_impl){ "avx2x8", kuma_chacha20_avx2_run };
    else
        fprintf(stderr, "no AVX2 on this CPU: the 8-block code is not tested\n");
}

/* RFC 8439 2.3.2's block (counter 1) at every lane: the key stream from counter 2 - lane. */
START_TEST(test_rfc8439_block)
{
    unsigned char key[32], nonce[12], want[64], buf[1024];

    for (int i = 0; i < 32; i++)
        key[i] = (unsigned char)i;
    fu_unhex("000000090000004a00000000", nonce, 12);
    fu_unhex("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
          "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e", want, 64);
    for (int k = 0; k < n_chachas; k++)
        for (uint32_t lane = 0; lane < 8; lane++) {
            memset(buf, 0, sizeof(buf));
            ck_assert_uint_eq(chachas[k].run(key, nonce, 1 - lane, buf, 512), 1 - lane + 8);
            ck_assert_msg(memcmp(buf + 64 * lane, want, 64) == 0, "%s lane %u",
                          chachas[k].name, lane);
        }
}
END_TEST

/* RFC 8439 2.8.2: the AEAD example, through the Poly1305 in force over our ChaCha20s. */
START_TEST(test_rfc8439_aead)
{
    static const char pt[] = "Ladies and Gentlemen of the class of '99: If I could offer you "
                             "only one tip for the future, sunscreen would be it.";
    unsigned char key[32], nonce[12], aad[12], tag[16], want_tag[16], want_ct[16], buf[200];

    for (int i = 0; i < 32; i++)
        key[i] = (unsigned char)(0x80 + i);
    fu_unhex("070000004041424344454647", nonce, 12);
    fu_unhex("50515253c0c1c2c3c4c5c6c7", aad, 12);
    fu_unhex("1ae10b594f09e26a7e902ecbd0600691", want_tag, 16);
    fu_unhex("d31a8d34648e60db7b86afbc53ef7ec2", want_ct, 16);
    for (int k = 0; k < n_chachas; k++) {
        memcpy(buf, pt, sizeof(pt) - 1);
        kuma_algos_get()->poly1305(key, nonce, buf, sizeof(pt) - 1, aad, 12, tag,
                                   chachas[k].run, 1);
        ck_assert_mem_eq(buf, want_ct, 16);
        ck_assert_mem_eq(tag, want_tag, 16);
        kuma_algos_get()->poly1305(key, nonce, buf, sizeof(pt) - 1, aad, 12, tag,
                                   chachas[k].run, 0);
        ck_assert_mem_eq(buf, pt, sizeof(pt) - 1);
    }
}
END_TEST

/* Random keys, nonces, counters (some about to wrap) and lengths against br_chacha20_ct_run. */
START_TEST(test_chacha20_random_vs_ct)
{
    static unsigned char a[5000], b[5000];
    unsigned char key[32], nonce[12];
    uint32_t cc, r1, r2;
    uint16_t len;

    for (int i = 0; i < 3000; i++) {
        fu_rnd(key, 32);
        fu_rnd(nonce, 12);
        fu_rnd(&cc, sizeof(cc));
        fu_rnd(&len, sizeof(len));
        len %= sizeof(a);
        if (i % 5 == 0)
            cc = 0xFFFFFFFF - (cc % 12);
        fu_rnd(a, len);
        memcpy(b, a, len);
        r2 = br_chacha20_ct_run(key, nonce, cc, b, len);
        for (int k = 0; k < n_chachas; k++) {
            unsigned char c[5000];

            memcpy(c, a, len);
            r1 = chachas[k].run(key, nonce, cc, c, len);
            ck_assert_msg(r1 == r2 && memcmp(c, b, len) == 0, "%s: cc %u len %u",
                          chachas[k].name, (unsigned)cc, (unsigned)len);
        }
    }
}
END_TEST

/* ChaCha20-Poly1305 (ours + BearSSL's Poly1305) against EVP_chacha20_poly1305. */
START_TEST(test_chapol_vs_openssl)
{
    enum { N = 150 };
    static unsigned char key[N][32], nonce[N][12], aad[N][40], pt[N][3000];
    static size_t alen[N], plen[N];
    static char req[N * 6400];
    char *ans, *line, *save = NULL, *want = malloc(7000), hk[65], hn[25], ha[81];
    unsigned char tag[16];
    size_t used = 0;

    ck_assert_ptr_nonnull(want);
    if (!fu_have_reference()) {
        fprintf(stderr, "SKIP ChaCha20-Poly1305 vs OpenSSL: no system OpenSSL\n");
        free(want);
        return;
    }
    for (int i = 0; i < N; i++) {
        fu_rnd(key[i], 32);
        fu_rnd(nonce[i], 12);
        alen[i] = (size_t)(i % 3 == 0 ? 0 : i % 41 % 40);
        plen[i] = (size_t)(i * 997 % 3000);
        fu_rnd(aad[i], alen[i]);
        fu_rnd(pt[i], plen[i]);
        fu_tohex(key[i], 32, hk);
        fu_tohex(nonce[i], 12, hn);
        fu_tohex(aad[i], alen[i], ha);
        used += (size_t)sprintf(req + used, "c %s %s %s ", hk, hn, ha);
        fu_tohex(pt[i], plen[i], req + used);
        used += strlen(req + used);
        req[used++] = '\n';
        req[used] = 0;
    }
    ans = fu_ask_reference(req);
    line = strtok_r(ans, "\n", &save);
    for (int i = 0; i < N; i++, line = strtok_r(NULL, "\n", &save)) {
        ck_assert_ptr_nonnull(line);
        kuma_algos_get()->poly1305(key[i], nonce[i], pt[i], plen[i], aad[i], alen[i], tag,
                                   kuma_algos_get()->chacha20, 1);
        fu_tohex(pt[i], plen[i], want);
        if (plen[i] == 0)
            want[0] = 0;
        strcat(want, " ");
        fu_tohex(tag, 16, want + strlen(want));
        ck_assert_msg(strcmp(line, want) == 0, "case %d (aad %zu, text %zu)", i, alen[i],
                      plen[i]);
    }
    free(ans);
    free(want);
}
END_TEST

#endif /* KUMA_HAVE_X86_SIMD */

/* ---- the choice, and constant time --------------------------------------------------- */

START_TEST(test_choice)
{
    const kuma_algos *a = kuma_algos_get();

    ck_assert_ptr_eq(kuma_ec_default(), a->ec);
#ifdef KUMA_SMALL
    ck_assert_ptr_eq(a->ec, br_ec_get_default());
#else
    ck_assert_ptr_eq(a->ec, &kuma_ec_fast);
    if (br_chacha20_sse2_get() != 0)
        ck_assert_ptr_eq(a->chacha20, kuma_cpu_has_avx2() ? kuma_chacha20_avx2_run
                                                           : kuma_chacha20_sse2_run);
#if KUMA_HAVE_X86_SIMD && KUMA_HAVE_INT128
    if (kuma_cpu_has_avx2())
        ck_assert_ptr_eq(a->poly1305, kuma_poly1305_avx2_run);
#endif
#endif
    ck_assert_ptr_nonnull(a->poly1305);
    ck_assert_ptr_nonnull(a->aes_ctr);
    ck_assert_ptr_nonnull(a->ghash);
}
END_TEST

/* Runs tests/ct_fast under memcheck; returns its exit status. */
static int run_ct(const char *mode)
{
    const char *vg = tu_env("KUMA_VALGRIND", NULL);
    char prog[512], libtool[512], out[8192];

    /* tests/ct_fast is libtool's wrapper script: libtool runs valgrind on the program */
    snprintf(prog, sizeof(prog), "%s/tests/ct_fast", tu_builddir());
    snprintf(libtool, sizeof(libtool), "%s/libtool", tu_builddir());
    char *const argv[] = { libtool, "--mode=execute", (char *)vg, "-q", "--error-exitcode=9",
                           prog, (char *)mode, NULL };
    int rc = tu_run(argv, 120000, out, sizeof(out));
    if (rc != 0 && strcmp(mode, "all") == 0)
        fprintf(stderr, "%s\n", out);
    return rc;
}

/* No branch or memory index depends on a secret: memcheck sees them undefined. */
START_TEST(test_constant_time)
{
    if (tu_env("KUMA_VALGRIND", NULL) == NULL) {
        fprintf(stderr, "SKIP constant-time test: no valgrind\n");
        return;
    }
    ck_assert_int_eq(run_ct("all"), 0);
    /* the method does see a branch on a secret */
    ck_assert_int_eq(run_ct("canary"), 9);
}
END_TEST

static Suite *fast_suite(void)
{
    Suite *s = suite_create("fast");
    TCase *tc;

#if KUMA_HAVE_INT128
    tc = tu_add_tcase(s, "x25519", getenv("KUMA_SLOW") != NULL ? 3600 : 120);
    tcase_add_test(tc, test_rfc7748_vectors);
    tcase_add_test(tc, test_rfc7748_iterated);
    tcase_add_test(tc, test_rfc7748_dh);
    tcase_add_test(tc, test_x25519_edges);
    tcase_add_test(tc, test_x25519_random_vs_m31);
    tcase_add_test(tc, test_other_curves_delegated);
    tcase_add_test(tc, test_x25519_vs_openssl);
    tc = tu_add_tcase(s, "poly1305", 120);
    tcase_add_test(tc, test_poly1305_vectors);
    /* _i 0: the radix-2^64 code alone; 1: with the AVX2 bulk */
    tcase_add_loop_test(tc, test_poly1305_random_vs_bearssl, 0, 2);
#endif
#if KUMA_HAVE_X86_SIMD
    tc = tu_add_tcase(s, "chacha20", 120);
    tcase_add_checked_fixture(tc, find_chachas, NULL);
    tcase_add_test(tc, test_rfc8439_block);
    tcase_add_test(tc, test_rfc8439_aead);
    tcase_add_test(tc, test_chacha20_random_vs_ct);
    tcase_add_test(tc, test_chapol_vs_openssl);
#endif
    tc = tu_add_tcase(s, "choice", 240);
    tcase_add_test(tc, test_choice);
    tcase_add_test(tc, test_constant_time);
    return s;
}

int main(void)
{
    int rc;

    fu_reference_start();
    rc = tu_run_suite(fast_suite(), CK_NORMAL);
    fu_reference_stop();
    return rc;
}
