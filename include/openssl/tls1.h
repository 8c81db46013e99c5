/* kumassl: TLS protocol constants, as OpenSSL's <openssl/tls1.h>. */
#ifndef KUMASSL_TLS1_H
#define KUMASSL_TLS1_H
#define TLS1_VERSION   0x0301
#define TLS1_1_VERSION 0x0302
#define TLS1_2_VERSION 0x0303
#define TLS1_3_VERSION 0x0304
#define TLS_MAX_VERSION TLS1_3_VERSION
#define TLS_ANY_VERSION 0x10000

#define TLS1_AD_DECRYPTION_FAILED 21
#define TLS1_AD_RECORD_OVERFLOW 22
#define TLS1_AD_UNKNOWN_CA 48
#define TLS1_AD_ACCESS_DENIED 49
#define TLS1_AD_DECODE_ERROR 50
#define TLS1_AD_DECRYPT_ERROR 51
#define TLS1_AD_EXPORT_RESTRICTION 60
#define TLS1_AD_PROTOCOL_VERSION 70
#define TLS1_AD_INSUFFICIENT_SECURITY 71
#define TLS1_AD_INTERNAL_ERROR 80
#define TLS1_AD_INAPPROPRIATE_FALLBACK 86
#define TLS1_AD_USER_CANCELLED 90
#define TLS1_AD_NO_RENEGOTIATION 100
#define TLS13_AD_MISSING_EXTENSION 109
#define TLS13_AD_CERTIFICATE_REQUIRED 116
#define TLS1_AD_UNSUPPORTED_EXTENSION 110
#define TLS1_AD_CERTIFICATE_UNOBTAINABLE 111
#define TLS1_AD_UNRECOGNIZED_NAME 112
#define TLS1_AD_BAD_CERTIFICATE_STATUS_RESPONSE 113
#define TLS1_AD_BAD_CERTIFICATE_HASH_VALUE 114
#define TLS1_AD_UNKNOWN_PSK_IDENTITY 115
#define TLS1_AD_NO_APPLICATION_PROTOCOL 120

#define TLSEXT_NAMETYPE_host_name 0
#define TLSEXT_MAXLEN_host_name 255

#define TLSEXT_max_fragment_length_DISABLED 0
#define TLSEXT_max_fragment_length_512 1
#define TLSEXT_max_fragment_length_1024 2
#define TLSEXT_max_fragment_length_2048 3
#define TLSEXT_max_fragment_length_4096 4

/* Sets the SNI name a client sends (OpenSSL's macro over SSL_ctrl). */
#define SSL_set_tlsext_host_name(s, name) \
    SSL_ctrl(s, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)(name))
#define SSL_CTX_set_tlsext_servername_callback(ctx, cb) \
    SSL_CTX_callback_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, (void (*)(void))(cb))
#define SSL_CTX_set_tlsext_servername_arg(ctx, arg) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0, arg)

/*
 * The key type of the peer's handshake signature in *pnid: NID_rsassaPss
 * (RSA-PSS), NID_rsaEncryption (PKCS #1 v1.5), NID_X9_62_id_ecPublicKey
 * (ECDSA). 1, or 0 when unknown (see SSL_get_peer_signature_nid).
 */
int SSL_get_peer_signature_type_nid(const SSL *s, int *pnid);
#endif
