/*
 * kumassl: the TLS 1.3 cipher suites (RFC 8446 appendix B.4). A suite names
 * only the AEAD and the hash of HKDF; key exchange and signatures are
 * negotiated separately.
 */
#include "tls13_int.h"

static const kuma13_suite suites[] = {
    { 0x1301, &br_sha256_vtable, KUMA13_AES_GCM, 16 },            /* TLS_AES_128_GCM_SHA256 */
    { 0x1302, &br_sha384_vtable, KUMA13_AES_GCM, 32 },            /* TLS_AES_256_GCM_SHA384 */
    { 0x1303, &br_sha256_vtable, KUMA13_CHACHA20_POLY1305, 32 },  /* TLS_CHACHA20_POLY1305_SHA256 */
};

const kuma13_suite *kuma13_suite_by_id(uint16_t id)
{
    size_t i;

    for (i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (suites[i].id == id)
            return &suites[i];
    return NULL;
}

size_t kuma13_hash_len(const br_hash_class *h)
{
    return (size_t)(h->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
}
