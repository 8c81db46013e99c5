/*
 * kumassl: the texts of TLS alerts (SSL_alert_*_string(_long)), word for word
 * OpenSSL 3.0's, quirks included ("unexpected_message"), since programs
 * print them in their logs next to OpenSSL's.
 */
#include <stddef.h>
#include <openssl/ssl.h>

struct alert_text {
    int desc;
    const char *text;
    const char *abbrev;         /* SSL_alert_desc_string's two letters */
};

/* AlertDescription values (RFC 5246, 8446) OpenSSL 3.0 names. */
static const struct alert_text alert_texts[] = {
    { 0, "close notify", "CN" },
    { 10, "unexpected_message", "UM" },
    { 20, "bad record mac", "BM" },
    { 21, "decryption failed", "DC" },
    { 22, "record overflow", "RO" },
    { 30, "decompression failure", "DF" },
    { 40, "handshake failure", "HF" },
    { 41, "no certificate", "NC" },
    { 42, "bad certificate", "BC" },
    { 43, "unsupported certificate", "UC" },
    { 44, "certificate revoked", "CR" },
    { 45, "certificate expired", "CE" },
    { 46, "certificate unknown", "CU" },
    { 47, "illegal parameter", "IP" },
    { 48, "unknown CA", "CA" },
    { 49, "access denied", "AD" },
    { 50, "decode error", "DE" },
    { 51, "decrypt error", "CY" },
    { 60, "export restriction", "ER" },
    { 70, "protocol version", "PV" },
    { 71, "insufficient security", "IS" },
    { 80, "internal error", "IE" },
    { 90, "user canceled", "US" },
    { 100, "no renegotiation", "NR" },
    { 110, "unsupported extension", "UE" },
    { 111, "certificate unobtainable", "CO" },
    { 112, "unrecognized name", "UN" },
    { 113, "bad certificate status response", "BR" },
    { 114, "bad certificate hash value", "BH" },
    { 115, "unknown PSK identity", "UP" },
    { 120, "no application protocol", "UK" },
};

static const struct alert_text *alert_text_of(int value)
{
    size_t i;

    for (i = 0; i < sizeof(alert_texts) / sizeof(alert_texts[0]); i++)
        if (alert_texts[i].desc == (value & 0xff))
            return &alert_texts[i];
    return NULL;
}

/* value is an alert as sent: level << 8 | description. */
const char *SSL_alert_desc_string_long(int value)
{
    const struct alert_text *t = alert_text_of(value);

    return t != NULL ? t->text : "unknown";
}

/* OpenSSL's two letters; "UK" where it has none (no application protocol, unknown). */
const char *SSL_alert_desc_string(int value)
{
    const struct alert_text *t = alert_text_of(value);

    return t != NULL ? t->abbrev : "UK";
}

const char *SSL_alert_type_string(int value)
{
    switch (value >> 8) {
    case SSL3_AL_WARNING:
        return "W";
    case SSL3_AL_FATAL:
        return "F";
    default:
        return "U";
    }
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
