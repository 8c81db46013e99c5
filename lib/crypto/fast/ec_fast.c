/*
 * kumassl: one br_ec_impl over every curve BearSSL has, with kumassl's
 * 64-bit code where it has some (X25519, P-256) and BearSSL's default
 * elsewhere.
 * BearSSL's TLS engine and its ECDSA code take one br_ec_impl for all
 * curves, so the dispatch is by curve id, as br_ec_all_m31 does.
 */
#include "fast.h"

#if KUMA_HAVE_INT128

static const unsigned char *fast_generator(int curve, size_t *len)
{
    switch (curve) {
    case BR_EC_curve25519:
        return kuma_c25519_generator(len);
    case BR_EC_secp256r1:
        return kuma_p256_generator(len);
    default:
        return br_ec_get_default()->generator(curve, len);
    }
}

static const unsigned char *fast_order(int curve, size_t *len)
{
    switch (curve) {
    case BR_EC_curve25519:
        return kuma_c25519_order(len);
    case BR_EC_secp256r1:
        return kuma_p256_order(len);
    default:
        return br_ec_get_default()->order(curve, len);
    }
}

static size_t fast_xoff(int curve, size_t *len)
{
    switch (curve) {
    case BR_EC_curve25519:
        *len = 32;
        return 0;
    case BR_EC_secp256r1:
        *len = 32;
        return 1;
    default:
        return br_ec_get_default()->xoff(curve, len);
    }
}

static uint32_t fast_mul(unsigned char *G, size_t Glen, const unsigned char *x, size_t xlen,
                         int curve)
{
    switch (curve) {
    case BR_EC_curve25519:
        return kuma_c25519_mul(G, Glen, x, xlen);
    case BR_EC_secp256r1:
        return kuma_p256_mul(G, Glen, x, xlen);
    default:
        return br_ec_get_default()->mul(G, Glen, x, xlen, curve);
    }
}

static size_t fast_mulgen(unsigned char *R, const unsigned char *x, size_t xlen, int curve)
{
    switch (curve) {
    case BR_EC_curve25519:
        return kuma_c25519_mulgen(R, x, xlen);
    case BR_EC_secp256r1:
        return kuma_p256_mulgen(R, x, xlen);
    default:
        return br_ec_get_default()->mulgen(R, x, xlen, curve);
    }
}

/* No ECDSA over Curve25519: refused, as BearSSL's c25519 code does. */
static uint32_t fast_muladd(unsigned char *A, const unsigned char *B, size_t len,
                            const unsigned char *x, size_t xlen, const unsigned char *y,
                            size_t ylen, int curve)
{
    switch (curve) {
    case BR_EC_curve25519:
        return 0;
    case BR_EC_secp256r1:
        return kuma_p256_muladd(A, B, len, x, xlen, y, ylen);
    default:
        return br_ec_get_default()->muladd(A, B, len, x, xlen, y, ylen, curve);
    }
}

const br_ec_impl kuma_ec_fast = {
    (uint32_t)1 << BR_EC_secp256r1 | (uint32_t)1 << BR_EC_secp384r1
        | (uint32_t)1 << BR_EC_secp521r1 | (uint32_t)1 << BR_EC_curve25519,
    fast_generator, fast_order, fast_xoff, fast_mul, fast_mulgen, fast_muladd
};

#endif
