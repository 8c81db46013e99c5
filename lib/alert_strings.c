/*
 * kumassl: the texts of TLS alerts (SSL_alert_*_string_long), word for word
 * OpenSSL 3.0's, quirks included ("unexpected_message"), since programs
 * print them in their logs next to OpenSSL's.
 */
#include <stddef.h>
#include <openssl/ssl.h>

struct alert_text {
    int desc;
    const char *text;
};

/* AlertDescription values (RFC 5246, 8446) OpenSSL 3.0 names. */
static const struct alert_text alert_texts[] = {
    { 0, "close notify" },
    { 10, "unexpected_message" },
    { 20, "bad record mac" },
    { 21, "decryption failed" },
    { 22, "record overflow" },
    { 30, "decompression failure" },
    { 40, "handshake failure" },
    { 41, "no certificate" },
    { 42, "bad certificate" },
    { 43, "unsupported certificate" },
    { 44, "certificate revoked" },
    { 45, "certificate expired" },
    { 46, "certificate unknown" },
    { 47, "illegal parameter" },
    { 48, "unknown CA" },
    { 49, "access denied" },
    { 50, "decode error" },
    { 51, "decrypt error" },
    { 60, "export restriction" },
    { 70, "protocol version" },
    { 71, "insufficient security" },
    { 80, "internal error" },
    { 90, "user canceled" },
    { 100, "no renegotiation" },
    { 110, "unsupported extension" },
    { 111, "certificate unobtainable" },
    { 112, "unrecognized name" },
    { 113, "bad certificate status response" },
    { 114, "bad certificate hash value" },
    { 115, "unknown PSK identity" },
    { 120, "no application protocol" },
};

/* value is an alert as sent: level << 8 | description. */
const char *SSL_alert_desc_string_long(int value)
{
    size_t i;

    for (i = 0; i < sizeof(alert_texts) / sizeof(alert_texts[0]); i++)
        if (alert_texts[i].desc == (value & 0xff))
            return alert_texts[i].text;
    return "unknown";
}

const char *SSL_alert_type_string_long(int value)
{
    switch (value >> 8) {
    case 1:
        return "warning";
    case 2:
        return "fatal";
    default:
        return "unknown";
    }
}
