/*
 * kumassl: the TLS 1.3 cipher suites (RFC 8446 appendix B.4). A suite names
 * only the AEAD and the hash of HKDF; key exchange and signatures are
 * negotiated separately. And the TLS 1.2 ECDHE + AEAD suites the same
 * engine carries, with the hash of their PRF and the key type they sign with.
 */
#include "tls13_int.h"

static const kuma13_suite suites[] = {
    { 0x1301, &br_sha256_vtable, KUMA13_AES_GCM, 16, 0 },            /* TLS_AES_128_GCM_SHA256 */
    { 0x1302, &br_sha384_vtable, KUMA13_AES_GCM, 32, 0 },            /* TLS_AES_256_GCM_SHA384 */
    { 0x1303, &br_sha256_vtable, KUMA13_CHACHA20_POLY1305, 32, 0 },  /* TLS_CHACHA20_POLY1305_SHA256 */
};

const kuma13_suite *kuma13_suite_by_id(uint16_t id)
{
    size_t i;

    for (i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (suites[i].id == id)
            return &suites[i];
    return NULL;
}

/* The TLS 1.2 suites kumassl's engine carries: ECDHE with an AEAD (RFC 5289, RFC 7905). */
static const kuma13_suite suites12[] = {
    { 0xC02B, &br_sha256_vtable, KUMA13_AES_GCM, 16, BR_KEYTYPE_EC },    /* ECDHE-ECDSA-AES128-GCM-SHA256 */
    { 0xC02C, &br_sha384_vtable, KUMA13_AES_GCM, 32, BR_KEYTYPE_EC },    /* ECDHE-ECDSA-AES256-GCM-SHA384 */
    { 0xCCA9, &br_sha256_vtable, KUMA13_CHACHA20_POLY1305, 32, BR_KEYTYPE_EC },
    { 0xC02F, &br_sha256_vtable, KUMA13_AES_GCM, 16, BR_KEYTYPE_RSA },   /* ECDHE-RSA-AES128-GCM-SHA256 */
    { 0xC030, &br_sha384_vtable, KUMA13_AES_GCM, 32, BR_KEYTYPE_RSA },   /* ECDHE-RSA-AES256-GCM-SHA384 */
    { 0xCCA8, &br_sha256_vtable, KUMA13_CHACHA20_POLY1305, 32, BR_KEYTYPE_RSA },
};

const kuma13_suite *kuma12_suite_by_id(uint16_t id)
{
    size_t i;

    for (i = 0; i < sizeof suites12 / sizeof suites12[0]; i++)
        if (suites12[i].id == id)
            return &suites12[i];
    return NULL;
}

size_t kuma13_hash_len(const br_hash_class *h)
{
    return (size_t)(h->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
}
