/*
 * kumassl: what a completed handshake settled that the program may ask
 * about beyond version and suite: the key exchange's group, the peer's
 * signature algorithm, and TLS 1.3's KeyUpdate (SSL_key_update). The
 * engine tells the TLS code points (kuma_engine_vtable); this file gives
 * them OpenSSL's NIDs and checks the calls as OpenSSL does.
 */
#include <openssl/objects.h>
#include "ssl_int.h"

/* A SignatureScheme (RFC 8446 4.2.3) as OpenSSL names its parts. */
static const struct {
    uint16_t scheme;
    int type_nid, hash_nid;
} schemes[] = {
    { 0x0401, NID_rsaEncryption, NID_sha256 }, { 0x0501, NID_rsaEncryption, NID_sha384 },
    { 0x0601, NID_rsaEncryption, NID_sha512 },
    { 0x0403, NID_X9_62_id_ecPublicKey, NID_sha256 },
    { 0x0503, NID_X9_62_id_ecPublicKey, NID_sha384 },
    { 0x0603, NID_X9_62_id_ecPublicKey, NID_sha512 },
    { 0x0804, NID_rsassaPss, NID_sha256 }, { 0x0805, NID_rsassaPss, NID_sha384 },
    { 0x0806, NID_rsassaPss, NID_sha512 }, { 0x0809, NID_rsassaPss, NID_sha256 },
    { 0x080a, NID_rsassaPss, NID_sha384 }, { 0x080b, NID_rsassaPss, NID_sha512 },
};

static const struct {
    uint16_t id;
    int nid;
} groups[] = {
    { 23, NID_X9_62_prime256v1 }, { 24, NID_secp384r1 }, { 25, NID_secp521r1 },
    { 29, NID_X25519 }, { 30, NID_X448 },
};

static uint16_t peer_scheme(const SSL *s)
{
    return s->finished && s->engine_state != NULL ? s->engine->peer_sig_scheme((SSL *)s) : 0;
}

/* The NID of the peer's signature: its key type (type 1) or its digest (type 0); 0 when unknown. */
static int peer_signature_nid(const SSL *s, int type)
{
    uint16_t scheme = peer_scheme(s);
    size_t i;

    for (i = 0; scheme != 0 && i < sizeof(schemes) / sizeof(schemes[0]); i++)
        if (schemes[i].scheme == scheme)
            return type ? schemes[i].type_nid : schemes[i].hash_nid;
    return 0;
}

static long negotiated_group(const SSL *s)
{
    uint16_t id = s->finished && s->engine_state != NULL ? s->engine->group((SSL *)s) : 0;
    size_t i;

    if (id == 0)
        return 0;
    for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        if (groups[i].id == id)
            return groups[i].nid;
    return TLSEXT_nid_unknown | id;
}

long kuma_negotiated_ctrl(SSL *s, int cmd, long larg, void *parg)
{
    int nid;

    (void)larg;
    switch (cmd) {
    case SSL_CTRL_GET_NEGOTIATED_GROUP:
        return negotiated_group(s);
    case SSL_CTRL_GET_PEER_SIGNATURE_NID:
        nid = peer_signature_nid(s, 0);
        if (nid == 0 || parg == NULL)
            return 0;
        *(int *)parg = nid;
        return 1;
    default:
        return -1;
    }
}

int SSL_get_peer_signature_type_nid(const SSL *s, int *pnid)
{
    int nid;

    if (s == NULL || pnid == NULL || (nid = peer_signature_nid(s, 1)) == 0)
        return 0;
    *pnid = nid;
    return 1;
}

int SSL_key_update(SSL *s, int updatetype)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    if (s->engine_state == NULL || s->engine->version(s) != TLS1_3_VERSION) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_WRONG_SSL_VERSION, "KeyUpdate needs a TLS 1.3 connection");
        return 0;
    }
    if (updatetype != SSL_KEY_UPDATE_NOT_REQUESTED && updatetype != SSL_KEY_UPDATE_REQUESTED) {
        ERR_raise(ERR_LIB_SSL, SSL_R_INVALID_KEY_UPDATE_TYPE);
        return 0;
    }
    if (!s->finished) {
        ERR_raise(ERR_LIB_SSL, SSL_R_STILL_IN_INIT);
        return 0;
    }
    return s->engine->key_update(s, updatetype);
}

int SSL_get_key_update_type(const SSL *s)
{
    if (s == NULL || s->engine_state == NULL)
        return SSL_KEY_UPDATE_NONE;
    return s->engine->key_update_type((SSL *)s);
}
