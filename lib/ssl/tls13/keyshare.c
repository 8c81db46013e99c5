/*
 * kumassl: the (EC)DHE key shares of TLS 1.3 (RFC 8446 section 4.2.8 and
 * 7.4) on the elliptic curve code libcrypto chose once (kuma_ec_default:
 * kumassl's fast X25519 where it has it, else BearSSL's): X25519, and the
 * NIST curves with uncompressed points. Private keys come from BearSSL's
 * key generator over an HMAC-DRBG seeded by the system.
 */
#include <string.h>
#include <openssl/rand.h>
#include "tls13_int.h"
#include "fast/fast.h"

/* BearSSL's curve id of a TLS group, or 0. */
static int curve_of(uint16_t group)
{
    switch (group) {
    case KUMA13_GROUP_X25519:
        return BR_EC_curve25519;
    case KUMA13_GROUP_P256:
        return BR_EC_secp256r1;
    case KUMA13_GROUP_P384:
        return BR_EC_secp384r1;
    case KUMA13_GROUP_P521:
        return BR_EC_secp521r1;
    default:
        return 0;
    }
}

int kuma13_group_supported(uint16_t group)
{
    int curve = curve_of(group);

    return curve != 0 && ((kuma_ec_default()->supported_curves >> curve) & 1);
}

int kuma13_keyshare_make(kuma13_keyshare *ks, uint16_t group)
{
    const br_ec_impl *ec = kuma_ec_default();
    int curve = curve_of(group);
    unsigned char seed[32];
    br_hmac_drbg_context rng;
    br_ec_private_key sk;

    memset(ks, 0, sizeof *ks);
    if (!kuma13_group_supported(group) || RAND_bytes(seed, sizeof seed) != 1)
        return 0;
    br_hmac_drbg_init(&rng, &br_sha256_vtable, seed, sizeof seed);
    OPENSSL_cleanse(seed, sizeof seed);
    ks->priv_len = br_ec_keygen(&rng.vtable, ec, &sk, ks->priv, curve);
    OPENSSL_cleanse(&rng, sizeof rng);
    if (ks->priv_len == 0)
        return 0;
    ks->pub_len = br_ec_compute_pub(ec, NULL, ks->pub, &sk);
    ks->group = group;
    return ks->pub_len != 0;
}

size_t kuma13_keyshare_derive(const kuma13_keyshare *ks, const unsigned char *peer, size_t peer_len,
                              unsigned char *secret, int *alert)
{
    const br_ec_impl *ec = kuma_ec_default();
    unsigned char point[KUMA13_MAX_PUB];
    size_t xoff, xlen;
    unsigned zero = 0, ok;
    size_t i;

    *alert = SSL_AD_ILLEGAL_PARAMETER;
    /* the peer's value has our own value's form: 32 bytes, or an uncompressed point */
    if (peer_len != ks->pub_len || (ks->group != KUMA13_GROUP_X25519 && peer[0] != 0x04))
        return 0;
    memcpy(point, peer, peer_len);
    ok = ec->mul(point, peer_len, ks->priv, ks->priv_len, curve_of(ks->group));
    if (ks->group == KUMA13_GROUP_X25519) {
        xoff = 0;
        xlen = 32;
    } else {
        xoff = 1;
        xlen = (peer_len - 1) / 2;
    }
    memcpy(secret, point + xoff, xlen);
    OPENSSL_cleanse(point, sizeof point);
    for (i = 0; i < xlen; i++)
        zero |= secret[i];
    /* RFC 8446 section 7.4.2: an all-zero X25519 result (a low-order point) is refused */
    if (!ok || zero == 0) {
        OPENSSL_cleanse(secret, xlen);
        return 0;
    }
    return xlen;
}

void kuma13_keyshare_clear(kuma13_keyshare *ks)
{
    OPENSSL_cleanse(ks, sizeof *ks);
}
