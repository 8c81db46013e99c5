/*
 * kumassl: BearSSL's engine errors as the OpenSSL reasons a program (and
 * its user) reads, and as the alerts the peer is owed.
 *
 * Every BR_ERR_* has its line: OpenSSL 3.0's reason for the same failure,
 * the alert RFC 5246 7.2.2 names for it, and the OpenSSL function that
 * reports it, so ERR_print_errors() lines read as OpenSSL's do
 * ("...:SSL routines:ssl3_get_record:decryption failed or bad record
 * mac:..."). No BearSSL number ever reaches the text.
 */
#include "br_int.h"

typedef struct {
    int br;
    int alert;                  /* 0: none owed (BearSSL sent one, or the failure is ours) */
    int reason;
    const char *server_func, *client_func;
} br_error_line;

#define RECORD "ssl3_get_record"
#define READ "ssl3_read_bytes"
#define SRV_READ "ossl_statem_server_read_transition"
#define CLI_READ "ossl_statem_client_read_transition"

static const br_error_line lines[] = {
    { BR_ERR_BAD_PARAM, SSL_AD_DECODE_ERROR, SSL_R_LENGTH_MISMATCH,
      "tls_process_client_hello", "tls_process_server_hello" },
    { BR_ERR_BAD_STATE, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "ossl_statem_accept",
      "ossl_statem_connect" },
    { BR_ERR_UNSUPPORTED_VERSION, SSL_AD_PROTOCOL_VERSION, SSL_R_WRONG_VERSION_NUMBER, RECORD,
      RECORD },
    { BR_ERR_BAD_VERSION, SSL_AD_PROTOCOL_VERSION, SSL_R_WRONG_VERSION_NUMBER, RECORD, RECORD },
    { BR_ERR_BAD_LENGTH, SSL_AD_RECORD_OVERFLOW, SSL_R_PACKET_LENGTH_TOO_LONG, RECORD, RECORD },
    { BR_ERR_TOO_LARGE, SSL_AD_RECORD_OVERFLOW, SSL_R_ENCRYPTED_LENGTH_TOO_LONG, RECORD, RECORD },
    { BR_ERR_BAD_MAC, SSL_AD_BAD_RECORD_MAC, SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC, RECORD,
      RECORD },
    { BR_ERR_NO_RANDOM, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR, "ssl_fill_hello_random",
      "ssl_fill_hello_random" },
    { BR_ERR_UNKNOWN_TYPE, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_RECORD, READ, READ },
    { BR_ERR_UNEXPECTED, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_MESSAGE, SRV_READ, CLI_READ },
    { BR_ERR_BAD_CCS, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_CCS_RECEIVED_EARLY, READ, READ },
    { BR_ERR_BAD_ALERT, SSL_AD_DECODE_ERROR, SSL_R_INVALID_ALERT, READ, READ },
    { BR_ERR_BAD_HANDSHAKE, SSL_AD_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_MESSAGE, SRV_READ,
      CLI_READ },
    { BR_ERR_OVERSIZED_ID, SSL_AD_DECODE_ERROR, SSL_R_LENGTH_MISMATCH,
      "tls_process_client_hello", "tls_process_server_hello" },
    { BR_ERR_BAD_CIPHER_SUITE, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_CIPHER_RETURNED,
      "tls_post_process_client_hello", "set_client_ciphersuite" },
    { BR_ERR_BAD_COMPRESSION, SSL_AD_ILLEGAL_PARAMETER, SSL_R_UNSUPPORTED_COMPRESSION_ALGORITHM,
      "tls_early_post_process_client_hello", "tls_process_server_hello" },
    { BR_ERR_BAD_FRAGLEN, SSL_AD_ILLEGAL_PARAMETER, SSL_R_SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH,
      "tls_parse_ctos_maxfragmentlen", "tls_parse_stoc_maxfragmentlen" },
    { BR_ERR_BAD_SECRENEG, SSL_AD_HANDSHAKE_FAILURE, SSL_R_RENEGOTIATION_MISMATCH,
      "tls_parse_ctos_renegotiate", "tls_parse_stoc_renegotiate" },
    { BR_ERR_EXTRA_EXTENSION, TLS1_AD_UNSUPPORTED_EXTENSION, SSL_R_UNSOLICITED_EXTENSION,
      "tls_collect_extensions", "tls_collect_extensions" },
    { BR_ERR_BAD_SNI, SSL_AD_DECODE_ERROR, SSL_R_BAD_EXTENSION, "tls_parse_ctos_server_name",
      "tls_parse_stoc_server_name" },
    { BR_ERR_BAD_HELLO_DONE, SSL_AD_DECODE_ERROR, SSL_R_LENGTH_MISMATCH, SRV_READ,
      "tls_process_server_done" },
    { BR_ERR_LIMIT_EXCEEDED, SSL_AD_ILLEGAL_PARAMETER, SSL_R_EXCESSIVE_MESSAGE_SIZE,
      "tls_get_message_header", "tls_get_message_header" },
    { BR_ERR_BAD_FINISHED, SSL_AD_DECRYPT_ERROR, SSL_R_DIGEST_CHECK_FAILED, "tls_process_finished",
      "tls_process_finished" },
    { BR_ERR_RESUME_MISMATCH, SSL_AD_ILLEGAL_PARAMETER, SSL_R_OLD_SESSION_CIPHER_NOT_RETURNED,
      "tls_process_client_hello", "set_client_ciphersuite" },
    { BR_ERR_INVALID_ALGORITHM, SSL_AD_ILLEGAL_PARAMETER, SSL_R_WRONG_CURVE,
      "tls_construct_server_key_exchange", "tls_process_ske_ecdhe" },
    { BR_ERR_BAD_SIGNATURE, SSL_AD_DECRYPT_ERROR, SSL_R_BAD_SIGNATURE, "tls_process_cert_verify",
      "tls_process_key_exchange" },
    { BR_ERR_WRONG_KEY_USAGE, SSL_AD_UNSUPPORTED_CERTIFICATE, SSL_R_WRONG_CERTIFICATE_TYPE,
      "tls_process_client_certificate", "tls_process_server_certificate" },
    { BR_ERR_NO_CLIENT_AUTH, SSL_AD_HANDSHAKE_FAILURE, SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE,
      "tls_process_client_certificate", "tls_process_server_certificate" },
};

static const br_error_line *line_of(int err)
{
    size_t i;

    for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
        if (lines[i].br == err)
            return &lines[i];
    return NULL;
}

/* Queues reason under OpenSSL's function name, as ERR_raise_data does under ours. */
static void raise_at(const char *func, int reason, const char *data)
{
    ERR_new();
    ERR_set_debug(__FILE__, __LINE__, func);
    if (data != NULL)
        ERR_set_error(ERR_LIB_SSL, reason, "%s", data);
    else
        ERR_set_error(ERR_LIB_SSL, reason, NULL);
}

static int is_server(const SSL *s)
{
    return s->role == KUMA_ROLE_SERVER;
}

int kuma_br_error_alert(SSL *s, int err)
{
    const br_error_line *l;

    if (err >= BR_ERR_X509_OK && err < BR_ERR_RECV_FATAL_ALERT)
        return kuma_verify_alert(s->verify_result);
    l = line_of(err);
    return l != NULL ? l->alert : 0;
}

/* A chain was rejected; with no trust anchors at all, say that first. */
static void raise_verify_failed(SSL *s)
{
    br_state *st = s->engine_state;
    const br_x509_trust_anchor *tas;
    size_t n = 0;
    char data[256];
    const char *func = is_server(s) ? "tls_process_client_certificate"
                                    : "tls_process_server_certificate";

    if (st != NULL && st->verifier.store != NULL)
        kuma_store_anchors(st->verifier.store, &tas, &n);
    if (n == 0)
        snprintf(data, sizeof(data), "verify error:num=%ld:%s: no trusted CA certificates "
                 "were loaded; call SSL_CTX_load_verify_locations() or "
                 "SSL_CTX_set_default_verify_paths()", s->verify_result,
                 X509_verify_cert_error_string(s->verify_result));
    else
        snprintf(data, sizeof(data), "verify error:num=%ld:%s", s->verify_result,
                 X509_verify_cert_error_string(s->verify_result));
    raise_at(func, SSL_R_CERTIFICATE_VERIFY_FAILED, data);
}

/* BearSSL's own fatal alert n: the reason its handshake code had (see ssl_hs_*.t0). */
static void raise_sent_alert(SSL *s, int alert)
{
    br_state *st = s->engine_state;
    const kuma_hello_verdict *v = st != NULL ? &st->watch.hello : NULL;

    switch (alert) {
    case SSL_AD_PROTOCOL_VERSION:
        raise_at("tls_early_post_process_client_hello", SSL_R_UNSUPPORTED_PROTOCOL, NULL);
        return;
    case TLS1_AD_INAPPROPRIATE_FALLBACK:
        raise_at("tls_early_post_process_client_hello", SSL_R_INAPPROPRIATE_FALLBACK, NULL);
        return;
    case SSL_AD_NO_APPLICATION_PROTOCOL:
        raise_at("tls_handle_alpn", SSL_R_NO_APPLICATION_PROTOCOL, NULL);
        return;
    case SSL_AD_HANDSHAKE_FAILURE:
        if (is_server(s) && v != NULL && v->no_shared_group && !v->no_shared_cipher) {
            raise_at("tls_post_process_client_hello", SSL_R_NO_SHARED_GROUPS,
                     "the client's supported_groups has no curve in common with ours");
            return;
        }
        if (is_server(s)) {
            raise_at("tls_post_process_client_hello", SSL_R_NO_SHARED_CIPHER, NULL);
            return;
        }
        break;
    default:
        break;
    }
    raise_at(is_server(s) ? "ossl_statem_server_process_message"
                          : "ossl_statem_client_process_message",
             SSL_R_SSL_HANDSHAKE_FAILURE, SSL_alert_desc_string_long(alert));
}

void kuma_raise_engine_error(SSL *s, int err)
{
    br_state *st = s->engine_state;
    const br_error_line *l;
    char data[32];

    if (err == KUMA_BR_ERR_NOMEM) {
        KUMA_RAISE_AT("ssl3_setup_buffers", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, "the record buffer could not be allocated");
        return;
    }
    if (st != NULL && st->fail.reason == KUMA_BR_REASON_QUEUED)
        return;
    if (st != NULL && st->fail.reason != 0) {
        raise_at(st->fail.func, st->fail.reason, st->fail.data);
        return;
    }
    if (err >= BR_ERR_RECV_FATAL_ALERT && err < BR_ERR_SEND_FATAL_ALERT) {
        snprintf(data, sizeof(data), "SSL alert number %d", err - BR_ERR_RECV_FATAL_ALERT);
        raise_at(READ, SSL_AD_REASON_OFFSET + err - BR_ERR_RECV_FATAL_ALERT, data);
        return;
    }
    if (err >= BR_ERR_SEND_FATAL_ALERT) {
        raise_sent_alert(s, err - BR_ERR_SEND_FATAL_ALERT);
        return;
    }
    if (err >= BR_ERR_X509_OK) {
        raise_verify_failed(s);
        return;
    }
    l = line_of(err);
    if (l != NULL)
        raise_at(is_server(s) ? l->server_func : l->client_func, l->reason, NULL);
    else
        raise_at(is_server(s) ? "ossl_statem_accept" : "ossl_statem_connect",
                 ERR_R_INTERNAL_ERROR, "the TLS engine failed for an unknown reason");
}
