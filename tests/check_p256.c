/*
 * kumassl tests: P-256 with 64-bit limbs (lib/crypto/fast/p256.c) behind
 * BearSSL's br_ec_impl.
 *
 * NIST CAVP ECDH vectors, RFC 6979's deterministic signatures (BearSSL's
 * ECDSA over our code, bit for bit), random mulgen / mul / muladd against
 * BearSSL's p256_m31 and the system OpenSSL's EC_POINT_mul, edge scalars
 * (0, 1, n - 1, n, short encodings), points with x = p - 3, p - 4 and 0
 * (both y), doubling and cancelling sums, invalid
 * points (off the curve, coordinates not below p, other forms and
 * lengths), ECDSA signatures both ways with m31. Our ECDSA (ecdsa_p256.c):
 * RFC 6979's signatures, the same signatures as BearSSL's ecdsa_i31 for
 * random keys and digests of 20 to 64 bytes, out-of-range signatures and
 * keys, other curves handed to BearSSL. Constant time:
 * tests/ct_fast (run by tests/check_fast). Skipped (77) without the fast
 * code (--enable-small, no 128-bit integers).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fast/fast.h"
#include "fast_util.h"
#include "testutil.h"

#if KUMA_HAVE_INT128

static const unsigned char *p256_order(void)
{
    size_t len;

    return br_ec_p256_m31.order(BR_EC_secp256r1, &len);
}

/* A random scalar in [1, n - 1] (n starts with 0xFF..: rejection is rare). */
static void p256_scalar(unsigned char k[32])
{
    do
        fu_rnd(k, 32);
    while (memcmp(k, p256_order(), 32) >= 0);
    k[31] |= 1;
}

/* A random point: k * G by BearSSL's code. */
static void p256_point(unsigned char pt[65])
{
    unsigned char k[32];

    p256_scalar(k);
    ck_assert_uint_eq(br_ec_p256_m31.mulgen(pt, k, 32, BR_EC_secp256r1), 65);
}

/* mulgen, mul and muladd (with B and with the generator) against br_ec_p256_m31. */
START_TEST(test_p256_random_vs_m31)
{
    const br_ec_impl *m31 = &br_ec_p256_m31;
    unsigned char x[32], y[32], a1[65], a2[65], b[65], r1[65], r2[65];

    for (int i = 0; i < 1500; i++) {
        p256_scalar(x);
        p256_scalar(y);
        p256_point(a1);
        memcpy(a2, a1, 65);
        p256_point(b);
        ck_assert_uint_eq(kuma_ec_fast.mulgen(r1, x, 32, BR_EC_secp256r1),
                          m31->mulgen(r2, x, 32, BR_EC_secp256r1));
        ck_assert_mem_eq(r1, r2, 65);
        memcpy(r1, a1, 65);
        memcpy(r2, a1, 65);
        ck_assert_uint_eq(kuma_ec_fast.mul(r1, 65, x, 32, BR_EC_secp256r1),
                          m31->mul(r2, 65, x, 32, BR_EC_secp256r1));
        ck_assert_mem_eq(r1, r2, 65);
        ck_assert_uint_eq(kuma_ec_fast.muladd(a1, i % 2 ? b : NULL, 65, x, 32, y, 32,
                                              BR_EC_secp256r1),
                          m31->muladd(a2, i % 2 ? b : NULL, 65, x, 32, y, 32, BR_EC_secp256r1));
        ck_assert_mem_eq(a1, a2, 65);
    }
}
END_TEST

/*
 * Edge scalars (1, 2, n - 1, short encodings, 0 and n: infinity), sums
 * that double or cancel, and points that are not on the curve.
 */
START_TEST(test_p256_edges)
{
    const br_ec_impl *m31 = &br_ec_p256_m31;
    unsigned char k[32], nm1[32], one[32] = { 0 }, g[65], r1[65], r2[65], bad[65];
    size_t len;

    memcpy(g, kuma_ec_fast.generator(BR_EC_secp256r1, &len), 65);
    ck_assert_uint_eq(len, 65);
    ck_assert_mem_eq(g, m31->generator(BR_EC_secp256r1, &len), 65);
    ck_assert_mem_eq(kuma_ec_fast.order(BR_EC_secp256r1, &len), p256_order(), 32);
    ck_assert_uint_eq(kuma_ec_fast.xoff(BR_EC_secp256r1, &len), 1);
    ck_assert_uint_eq(len, 32);
    one[31] = 1;
    memcpy(nm1, p256_order(), 32);
    nm1[31] -= 1;
    /* 1 * G = G; (n - 1) * G = -G, the same x */
    ck_assert_uint_eq(kuma_ec_fast.mulgen(r1, one, 32, BR_EC_secp256r1), 65);
    ck_assert_mem_eq(r1, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.mulgen(r1, nm1, 32, BR_EC_secp256r1), 65);
    ck_assert_uint_eq(m31->mulgen(r2, nm1, 32, BR_EC_secp256r1), 65);
    ck_assert_mem_eq(r1, r2, 65);
    ck_assert_mem_eq(r1 + 1, g + 1, 32);
    ck_assert_mem_ne(r1 + 33, g + 33, 32);
    /* a short scalar is its value; 0 and n give infinity: an error */
    ck_assert_uint_eq(kuma_ec_fast.mulgen(r2, one + 31, 1, BR_EC_secp256r1), 65);
    ck_assert_mem_eq(r2, g, 65);
    memset(k, 0, 32);
    ck_assert_uint_eq(kuma_ec_fast.mulgen(r1, k, 32, BR_EC_secp256r1), 0);
    memcpy(r1, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.mul(r1, 65, k, 32, BR_EC_secp256r1), 0);
    memcpy(r1, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.mul(r1, 65, p256_order(), 32, BR_EC_secp256r1), 0);
    /* x * G + y * G with x = y: the sum doubles; with y = n - x: it cancels */
    p256_scalar(k);
    memcpy(r1, g, 65);
    memcpy(r2, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.muladd(r1, NULL, 65, k, 32, k, 32, BR_EC_secp256r1), 1);
    ck_assert_uint_eq(m31->muladd(r2, NULL, 65, k, 32, k, 32, BR_EC_secp256r1), 1);
    ck_assert_mem_eq(r1, r2, 65);
    memcpy(r1, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.muladd(r1, NULL, 65, one, 32, nm1, 32, BR_EC_secp256r1), 0);
    /* the same with B given (both windows in one chain) */
    memcpy(r1, g, 65);
    memcpy(r2, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.muladd(r1, g, 65, k, 32, k, 32, BR_EC_secp256r1), 1);
    ck_assert_uint_eq(m31->muladd(r2, g, 65, k, 32, k, 32, BR_EC_secp256r1), 1);
    ck_assert_mem_eq(r1, r2, 65);
    memcpy(r1, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.muladd(r1, g, 65, one, 32, nm1, 32, BR_EC_secp256r1), 0);
    /* a zero scalar: the other term alone */
    memset(k, 0, 32);
    memcpy(r1, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.muladd(r1, NULL, 65, k, 32, one, 32, BR_EC_secp256r1), 1);
    ck_assert_mem_eq(r1, g, 65);
    memcpy(r1, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.muladd(r1, NULL, 65, one, 32, k, 32, BR_EC_secp256r1), 1);
    ck_assert_mem_eq(r1, g, 65);
    /* off the curve, coordinates not below p, another form, another length */
    memcpy(bad, g, 65);
    bad[64] ^= 1;
    ck_assert_uint_eq(kuma_ec_fast.mul(bad, 65, one, 32, BR_EC_secp256r1), 0);
    memcpy(bad, g, 65);
    memset(bad + 1, 0xFF, 32);
    ck_assert_uint_eq(kuma_ec_fast.mul(bad, 65, one, 32, BR_EC_secp256r1), 0);
    /* x = p exactly (x = 0 would be a point: p is not its encoding) */
    memcpy(bad, g, 65);
    fu_unhex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", bad + 1, 32);
    ck_assert_uint_eq(kuma_ec_fast.mul(bad, 65, one, 32, BR_EC_secp256r1), 0);
    memcpy(bad, g, 65);
    bad[0] = 0x03;
    ck_assert_uint_eq(kuma_ec_fast.mul(bad, 65, one, 32, BR_EC_secp256r1), 0);
    memcpy(bad, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.mul(bad, 64, one, 32, BR_EC_secp256r1), 0);
    /* muladd: an invalid B, an invalid A */
    memcpy(bad, g, 65);
    bad[64] ^= 1;
    memcpy(r1, g, 65);
    ck_assert_uint_eq(kuma_ec_fast.muladd(r1, bad, 65, one, 32, one, 32, BR_EC_secp256r1), 0);
    ck_assert_uint_eq(kuma_ec_fast.muladd(bad, g, 65, one, 32, one, 32, BR_EC_secp256r1), 0);
}
END_TEST

/*
 * NIST CAVP ECC CDH primitive vectors (KAS ECC CDH, P-256, counts 0-2):
 * the peer's point, our secret, the shared x; count 0's public key too.
 */
START_TEST(test_p256_cavp_ecdh)
{
    static const char *const v[][4] = {
        { "700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287",
          "db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac",
          "7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534",
          "46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b" },
        { "809f04289c64348c01515eb03d5ce7ac1a8cb9498f5caa50197e58d43a86a7ae",
          "b29d84e811197f25eba8f5194092cb6ff440e26d4421011372461f579271cda3",
          "38f65d6dce47676044d58ce5139582d568f64bb16098d179dbab07741dd5caf5",
          "057d636096cb80b67a8c038c890e887d1adfa4195e9b3ce241c8a778c59cda67" },
        { "a2339c12d4a03c33546de533268b4ad667debf458b464d77443636440ee7fec3",
          "ef48a3ab26e20220bcda2c1851076839dae88eae962869a497bf73cb66faf536",
          "1accfaf1b97712b85a6f54b148985a1bdc4c9bec0bd258cad4b3d603f49f32c8",
          "2d457b78b4614132477618a5b077965ec90730a8c81a1c75d6d4ec68005d67ec" },
    };
    unsigned char pt[65], d[32], z[32], q[65];
    size_t len, xoff = kuma_ec_fast.xoff(BR_EC_secp256r1, &len);

    for (int i = 0; i < N_OF(v); i++) {
        pt[0] = 0x04;
        fu_unhex(v[i][0], pt + 1, 32);
        fu_unhex(v[i][1], pt + 33, 32);
        fu_unhex(v[i][2], d, 32);
        fu_unhex(v[i][3], z, 32);
        ck_assert_uint_eq(kuma_ec_fast.mul(pt, 65, d, 32, BR_EC_secp256r1), 1);
        ck_assert_mem_eq(pt + xoff, z, len);
    }
    q[0] = 0x04;
    fu_unhex("ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230", q + 1, 32);
    fu_unhex("28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141", q + 33, 32);
    fu_unhex(v[0][2], d, 32);
    ck_assert_uint_eq(kuma_ec_fast.mulgen(pt, d, 32, BR_EC_secp256r1), 65);
    ck_assert_mem_eq(pt, q, 65);
}
END_TEST

/*
 * RFC 6979 A.2.5: P-256, SHA-256, messages "sample" and "test". BearSSL's
 * ECDSA derives k as RFC 6979 does, so the signatures are the RFC's, bit
 * for bit, through our mulgen (and they verify through our muladd).
 */
START_TEST(test_p256_rfc6979)
{
    static const char *const msgs[] = { "sample", "test" };
    static const char *const sigs[] = {
        "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
        "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8",
        "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367"
        "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083",
    };
    unsigned char x[32], u[65], pub[65], hash[32], sig[64], want[64], der[80];
    br_ec_private_key sk = { BR_EC_secp256r1, x, 32 };
    br_ec_public_key pk = { BR_EC_secp256r1, pub, 65 };
    br_sha256_context h;
    size_t n;

    fu_unhex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", x, 32);
    u[0] = 0x04;
    fu_unhex("60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6", u + 1, 32);
    fu_unhex("7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", u + 33, 32);
    ck_assert_uint_eq(kuma_ec_fast.mulgen(pub, x, 32, BR_EC_secp256r1), 65);
    ck_assert_mem_eq(pub, u, 65);
    for (int i = 0; i < N_OF(msgs); i++) {
        br_sha256_init(&h);
        br_sha256_update(&h, msgs[i], strlen(msgs[i]));
        br_sha256_out(&h, hash);
        fu_unhex(sigs[i], want, 64);
        ck_assert_uint_eq(br_ecdsa_i31_sign_raw(&kuma_ec_fast, &br_sha256_vtable, hash, &sk, sig),
                          64);
        ck_assert_mem_eq(sig, want, 64);
        ck_assert_uint_eq(br_ecdsa_i31_vrfy_raw(&kuma_ec_fast, hash, 32, &pk, sig, 64), 1);
        sig[63] ^= 0x01;
        ck_assert_uint_eq(br_ecdsa_i31_vrfy_raw(&kuma_ec_fast, hash, 32, &pk, sig, 64), 0);
        /* our ECDSA (ecdsa_p256.c), in ASN.1 */
        n = kuma_ecdsa_sign_asn1(&kuma_ec_fast, &br_sha256_vtable, hash, &sk, der);
        ck_assert_uint_gt(n, 0);
        ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, der, n), 1);
        ck_assert_uint_eq(br_ecdsa_asn1_to_raw(der, n), 64);
        ck_assert_mem_eq(der, want, 64);
    }
}
END_TEST

/* A hash class of each output length BearSSL's ECDSA takes. */
static const br_hash_class *const HASHES[] = { &br_sha1_vtable, &br_sha256_vtable,
                                               &br_sha384_vtable, &br_sha512_vtable };

static size_t hash_len(const br_hash_class *h)
{
    return (h->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
}

/*
 * Our ECDSA against BearSSL's ecdsa_i31 (over our points and over m31):
 * random keys and digests of 20 to 64 bytes, signatures identical bit for
 * bit (both derive k by RFC 6979), each accepting the other's, both
 * refusing a changed digest or signature.
 */
START_TEST(test_p256_ecdsa_vs_i31)
{
    unsigned char x[32], pub[65], hash[64], s1[80], s2[80];
    br_ec_private_key sk = { BR_EC_secp256r1, x, 32 };
    br_ec_public_key pk = { BR_EC_secp256r1, pub, 65 };
    size_t n1, n2;

    for (int i = 0; i < 400; i++) {
        const br_hash_class *hf = HASHES[i % N_OF(HASHES)];
        size_t hl = hash_len(hf);

        p256_scalar(x);
        ck_assert_uint_eq(kuma_ec_fast.mulgen(pub, x, 32, BR_EC_secp256r1), 65);
        fu_rnd(hash, hl);
        n1 = kuma_ecdsa_sign_asn1(&kuma_ec_fast, hf, hash, &sk, s1);
        n2 = br_ecdsa_i31_sign_asn1(&br_ec_p256_m31, hf, hash, &sk, s2);
        ck_assert_uint_gt(n1, 0);
        ck_assert_uint_eq(n1, n2);
        ck_assert_mem_eq(s1, s2, n1);
        ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, hl, &pk, s1, n1), 1);
        ck_assert_uint_eq(br_ecdsa_i31_vrfy_asn1(&br_ec_p256_m31, hash, hl, &pk, s1, n1), 1);
        /* a changed digest (in its first 32 bytes: the rest is not signed) */
        hash[i % 20] ^= 0x80;
        ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, hl, &pk, s1, n1), 0);
        hash[i % 20] ^= 0x80;
        s1[n1 - 1 - i % 8] ^= 0x01;
        ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, hl, &pk, s1, n1),
                          br_ecdsa_i31_vrfy_asn1(&br_ec_p256_m31, hash, hl, &pk, s1, n1));
    }
}
END_TEST

/* The raw signature r || s as DER, into der; its length. */
static size_t der_of(unsigned char *der, const char *r_hex, const char *s_hex)
{
    fu_unhex(r_hex, der, 32);
    fu_unhex(s_hex, der + 32, 32);
    return br_ecdsa_raw_to_asn1(der, 64);
}

/*
 * Signatures and keys out of range: r or s zero, n or above; a private
 * key of 0 or n (refused, as BearSSL does), or with a zero byte in front
 * (taken); a key of another curve (BearSSL's code).
 */
START_TEST(test_p256_ecdsa_edges)
{
    static const char *const zero = "0000000000000000000000000000000000000000000000000000000000000000";
    static const char *const n_hex = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
    unsigned char x[33], pub[65], hash[32], der[80], raw[80];
    br_ec_private_key sk = { BR_EC_secp256r1, x, 32 };
    br_ec_public_key pk = { BR_EC_secp256r1, pub, 65 };
    char r_hex[65], s_hex[65];
    size_t n;

    p256_scalar(x);
    ck_assert_uint_eq(kuma_ec_fast.mulgen(pub, x, 32, BR_EC_secp256r1), 65);
    fu_rnd(hash, 32);
    n = kuma_ecdsa_sign_asn1(&kuma_ec_fast, &br_sha256_vtable, hash, &sk, der);
    memcpy(raw, der, n);
    ck_assert_uint_eq(br_ecdsa_asn1_to_raw(raw, n), 64);
    fu_tohex(raw, 32, r_hex);
    fu_tohex(raw + 32, 32, s_hex);
    n = der_of(der, zero, s_hex);
    ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, der, n), 0);
    n = der_of(der, r_hex, zero);
    ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, der, n), 0);
    n = der_of(der, n_hex, s_hex);
    ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, der, n), 0);
    n = der_of(der, r_hex, n_hex);
    ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, der, n), 0);
    /* the same r and s, re-encoded: valid; a DER cut short: not */
    n = der_of(der, r_hex, s_hex);
    ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, der, n), 1);
    ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, der, 5), 0);
    /* a zero digest: u1 = 0, only u2 Q counts; valid (BearSSL's m31 muladd refuses the zero scalar) */
    memset(hash, 0, 32);
    n = kuma_ecdsa_sign_asn1(&kuma_ec_fast, &br_sha256_vtable, hash, &sk, der);
    ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, der, n), 1);
    ck_assert_uint_eq(br_ecdsa_i31_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, der, n), 1);
    /* private keys */
    memset(x, 0, 32);
    ck_assert_uint_eq(kuma_ecdsa_sign_asn1(&kuma_ec_fast, &br_sha256_vtable, hash, &sk, der), 0);
    fu_unhex(n_hex, x, 32);
    ck_assert_uint_eq(kuma_ecdsa_sign_asn1(&kuma_ec_fast, &br_sha256_vtable, hash, &sk, der), 0);
    x[0] = 0;
    p256_scalar(x + 1);
    sk.xlen = 33;
    n = kuma_ecdsa_sign_asn1(&kuma_ec_fast, &br_sha256_vtable, hash, &sk, der);
    ck_assert_uint_eq(br_ecdsa_i31_sign_asn1(&br_ec_p256_m31, &br_sha256_vtable, hash, &sk, raw), n);
    ck_assert_mem_eq(der, raw, n);
}
END_TEST

/* P-384 keys: BearSSL's ecdsa_i31 does the work, the same signature. */
START_TEST(test_p256_ecdsa_other_curve)
{
    unsigned char x[48], pub[97], hash[48], s1[110], s2[110];
    br_ec_private_key sk = { BR_EC_secp384r1, x, 48 };
    br_ec_public_key pk = { BR_EC_secp384r1, pub, 97 };
    size_t n;

    fu_rnd(x, 48);
    x[0] = 0x7F;
    ck_assert_uint_eq(kuma_ec_fast.mulgen(pub, x, 48, BR_EC_secp384r1), 97);
    fu_rnd(hash, 48);
    n = kuma_ecdsa_sign_asn1(&kuma_ec_fast, &br_sha384_vtable, hash, &sk, s1);
    ck_assert_uint_gt(n, 0);
    ck_assert_uint_eq(br_ecdsa_i31_sign_asn1(&kuma_ec_fast, &br_sha384_vtable, hash, &sk, s2), n);
    ck_assert_mem_eq(s1, s2, n);
    ck_assert_uint_eq(kuma_ecdsa_vrfy_asn1(&kuma_ec_fast, hash, 48, &pk, s1, n), 1);
}
END_TEST

/*
 * Points whose coordinates sit at the ends of the field: x = p - 3, p - 4
 * and 0 (the first such points of the curve), each with y and p - y, times
 * random scalars, alone and in sums, against p256_m31: reductions near p
 * and of 0 in decoding, arithmetic and encoding.
 */
START_TEST(test_p256_points_near_p)
{
    static const char *const pts[][2] = {
        { "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc",
          "19719bebf6aea13f25c96dfd7c71f5225d4c8fc09eb5a0ab9f39e9178e55c121" },
        { "ffffffff00000001000000000000000000000000fffffffffffffffffffffffc",
          "e68e641309515ec1da369202838e0adda2b37040614a5f5460c616e871aa3ede" },
        { "ffffffff00000001000000000000000000000000fffffffffffffffffffffffb",
          "de998cb9ed8a12d7f706cf79349a0621142af47f9faba77e895e9177392eefb7" },
        { "ffffffff00000001000000000000000000000000fffffffffffffffffffffffb",
          "216673451275ed2908f93086cb65f9deebd50b816054588176a16e88c6d11048" },
        { "0000000000000000000000000000000000000000000000000000000000000000",
          "66485c780e2f83d72433bd5d84a06bb6541c2af31dae871728bf856a174f93f4" },
        { "0000000000000000000000000000000000000000000000000000000000000000",
          "99b7a386f1d07c29dbcc42a27b5f9449abe3d50de25178e8d7407a95e8b06c0b" },
    };
    const br_ec_impl *m31 = &br_ec_p256_m31;
    unsigned char q[65], r1[65], r2[65], k[32], one[32] = { 0 };

    one[31] = 1;
    for (int i = 0; i < N_OF(pts); i++) {
        q[0] = 0x04;
        fu_unhex(pts[i][0], q + 1, 32);
        fu_unhex(pts[i][1], q + 33, 32);
        /* 1 * Q is Q: decoded and encoded back unchanged */
        memcpy(r1, q, 65);
        ck_assert_uint_eq(kuma_ec_fast.mul(r1, 65, one, 32, BR_EC_secp256r1), 1);
        ck_assert_mem_eq(r1, q, 65);
        for (int j = 0; j < 20; j++) {
            p256_scalar(k);
            memcpy(r1, q, 65);
            memcpy(r2, q, 65);
            ck_assert_uint_eq(kuma_ec_fast.mul(r1, 65, k, 32, BR_EC_secp256r1), 1);
            ck_assert_uint_eq(m31->mul(r2, 65, k, 32, BR_EC_secp256r1), 1);
            ck_assert_mem_eq(r1, r2, 65);
            p256_point(r1);
            memcpy(r2, r1, 65);
            ck_assert_uint_eq(kuma_ec_fast.muladd(r1, q, 65, k, 32, one, 32, BR_EC_secp256r1),
                              m31->muladd(r2, q, 65, k, 32, one, 32, BR_EC_secp256r1));
            ck_assert_mem_eq(r1, r2, 65);
        }
    }
}
END_TEST

/* k * G and k * P against OpenSSL's EC_POINT_mul. */
START_TEST(test_p256_vs_openssl)
{
    enum { N = 1000 };
    static unsigned char k[N][32], pt[N][65];
    static char req[N * 240];
    char *ans, *line, *save = NULL, hk[65], hp[131], want[131];
    unsigned char out[65];
    size_t used = 0;

    if (!fu_have_reference()) {
        fprintf(stderr, "SKIP P-256 vs OpenSSL: no system OpenSSL\n");
        return;
    }
    for (int i = 0; i < N; i++) {
        p256_scalar(k[i]);
        fu_tohex(k[i], 32, hk);
        if (i % 2) {
            p256_point(pt[i]);
            fu_tohex(pt[i], 65, hp);
            used += (size_t)sprintf(req + used, "m %s %s\n", hk, hp);
        } else {
            used += (size_t)sprintf(req + used, "g %s\n", hk);
        }
    }
    ans = fu_ask_reference(req);
    line = strtok_r(ans, "\n", &save);
    for (int i = 0; i < N; i++, line = strtok_r(NULL, "\n", &save)) {
        ck_assert_ptr_nonnull(line);
        if (i % 2) {
            memcpy(out, pt[i], 65);
            ck_assert_uint_eq(kuma_ec_fast.mul(out, 65, k[i], 32, BR_EC_secp256r1), 1);
        } else {
            ck_assert_uint_eq(kuma_ec_fast.mulgen(out, k[i], 32, BR_EC_secp256r1), 65);
        }
        fu_tohex(out, 65, want);
        ck_assert_str_eq(line, want);
    }
    free(ans);
}
END_TEST

/* ECDSA through BearSSL's code over ours: signatures verify both ways with m31. */
START_TEST(test_p256_ecdsa)
{
    unsigned char priv[32], pub[65], hash[32], sig[80];
    br_ec_private_key sk = { BR_EC_secp256r1, priv, 32 };
    br_ec_public_key pk = { BR_EC_secp256r1, pub, 65 };
    size_t n;

    for (int i = 0; i < 200; i++) {
        p256_scalar(priv);
        ck_assert_uint_eq(kuma_ec_fast.mulgen(pub, priv, 32, BR_EC_secp256r1), 65);
        fu_rnd(hash, 32);
        n = br_ecdsa_i31_sign_asn1(&kuma_ec_fast, &br_sha256_vtable, hash, &sk, sig);
        ck_assert_uint_gt(n, 0);
        ck_assert_uint_eq(br_ecdsa_i31_vrfy_asn1(&br_ec_p256_m31, hash, 32, &pk, sig, n), 1);
        ck_assert_uint_eq(br_ecdsa_i31_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, sig, n), 1);
        n = br_ecdsa_i31_sign_asn1(&br_ec_p256_m31, &br_sha256_vtable, hash, &sk, sig);
        ck_assert_uint_eq(br_ecdsa_i31_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, sig, n), 1);
        hash[i % 32] ^= 1;
        ck_assert_uint_eq(br_ecdsa_i31_vrfy_asn1(&kuma_ec_fast, hash, 32, &pk, sig, n), 0);
    }
}
END_TEST

static Suite *p256_suite(void)
{
    Suite *s = suite_create("p256");
    TCase *tc = tu_add_tcase(s, "p256", 120);

    tcase_add_test(tc, test_p256_random_vs_m31);
    tcase_add_test(tc, test_p256_edges);
    tcase_add_test(tc, test_p256_points_near_p);
    tcase_add_test(tc, test_p256_cavp_ecdh);
    tcase_add_test(tc, test_p256_rfc6979);
    tcase_add_test(tc, test_p256_vs_openssl);
    tcase_add_test(tc, test_p256_ecdsa);
    tcase_add_test(tc, test_p256_ecdsa_vs_i31);
    tcase_add_test(tc, test_p256_ecdsa_edges);
    tcase_add_test(tc, test_p256_ecdsa_other_curve);
    return s;
}

int main(void)
{
    int rc;

    if (kuma_algos_get()->ec != &kuma_ec_fast)
        return 99;              /* the choice is not ours: this build tests nothing here */
    fu_reference_start();
    rc = tu_run_suite(p256_suite(), CK_NORMAL);
    fu_reference_stop();
    return rc;
}

#else

int main(void)
{
    return 77;                  /* no 64-bit P-256 in this build */
}

#endif
