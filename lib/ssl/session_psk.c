/*
 * kumassl: an SSL_SESSION as the carrier of a TLS 1.3 PSK, as OpenSSL's
 * PSK use-session and find-session callbacks build one by hand: its key
 * (SSL_SESSION_set1_master_key), suite, protocol version and early data
 * limit. A TLS 1.2 session's 48-byte master secret stays in its
 * kuma_session_params; a key set here is kept beside it (up to OpenSSL's
 * 512 bytes, TLS13_MAX_RESUMPTION_PSK_LENGTH) and, when it has a TLS 1.2
 * master secret's length, becomes that too.
 */
#include <string.h>
#include "session_int.h"

#define MAX_MASTER_KEY 512
#define TLS12_MASTER_LEN sizeof(((kuma_session_params *)0)->master_secret)

void kuma_session_free_master_key(SSL_SESSION *sess)
{
    kuma_session_wipe(&sess->master_key, &sess->master_key_len);
}

int SSL_SESSION_set1_master_key(SSL_SESSION *sess, const unsigned char *in, size_t len)
{
    unsigned char *copy;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, sess) || (len > 0 && KUMA_NULL_ARG(ERR_LIB_SSL, in)))
        return 0;
    if (len > MAX_MASTER_KEY)
        return 0;           /* as OpenSSL: no error queued */
    if ((copy = malloc(len > 0 ? len : 1)) == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    if (len > 0)
        memcpy(copy, in, len);
    kuma_session_free_master_key(sess);
    sess->master_key = copy;
    sess->master_key_len = len;
    if (len == TLS12_MASTER_LEN)
        memcpy(sess->params.master_secret, in, len);
    return 1;
}

size_t SSL_SESSION_get_master_key(const SSL_SESSION *sess, unsigned char *out, size_t outlen)
{
    const unsigned char *key = sess->master_key;
    size_t len = sess->master_key_len;

    if (key == NULL && sess->params.version != 0) {     /* a session a handshake made */
        key = sess->params.master_secret;
        len = kuma_session_master_len(&sess->params);
    }
    if (outlen == 0)
        return len;
    if (outlen > len)
        outlen = len;
    if (outlen > 0)
        memcpy(out, key, outlen);
    return outlen;
}

int SSL_SESSION_set_cipher(SSL_SESSION *s, const SSL_CIPHER *cipher)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    s->params.cipher_suite = cipher != NULL ? SSL_CIPHER_get_protocol_id(cipher) : 0;
    return 1;
}

int SSL_SESSION_set_protocol_version(SSL_SESSION *s, int version)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    s->params.version = (uint16_t)version;
    return 1;
}

uint32_t SSL_SESSION_get_max_early_data(const SSL_SESSION *s)
{
    return s != NULL ? s->max_early_data : 0;
}

int SSL_SESSION_set_max_early_data(SSL_SESSION *s, uint32_t max_early_data)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    s->max_early_data = max_early_data;
    return 1;
}
