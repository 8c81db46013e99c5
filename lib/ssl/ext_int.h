/*
 * kumassl: private interface of the extension files.
 *
 *   hello.c   reads a plaintext ClientHello off the wire, before the engine
 *   ext.c     ALPN, SNI callback and SSL_set_SSL_CTX, groups, signature
 *             algorithms, maximum fragment length, client CA names
 */
#ifndef KUMASSL_EXT_INT_H
#define KUMASSL_EXT_INT_H
#include "ssl_int.h"

/* ---- the ClientHello reader (hello.c) ------------------------------------------------ */

/*
 * The most handshake bytes kept for one ClientHello. A real ClientHello
 * is a few hundred bytes; a larger one is read no further (the engine
 * still gets every byte and judges it).
 */
#define KUMA_HELLO_MAX 16384

/* What kuma_hello_feed() reports. */
#define KUMA_HELLO_MORE 0       /* the ClientHello is not complete yet */
#define KUMA_HELLO_DONE 1       /* complete and parsed: see host and alpn */
#define KUMA_HELLO_GAVE_UP 2    /* not a ClientHello we can read: nothing found */

/*
 * A ClientHello being read from plaintext TLS records as they arrive, in
 * pieces of any size (record headers included). It is the start of the
 * reader DESIGN.md foresees for choosing between the TLS 1.2 and TLS 1.3
 * engines; today it extracts only what the servername and ALPN callbacks
 * need. Input is hostile: every length is checked against what was
 * received, nothing is read out of bounds, and a malformed message simply
 * yields no host name and no ALPN list (the engine then rejects it).
 */
typedef struct {
    int status;                 /* KUMA_HELLO_* */
    unsigned char hdr[5];       /* header of the current record */
    size_t hdr_have;
    size_t rec_left;            /* payload bytes of the current record still to come */
    unsigned rec_version;       /* record-layer version of the first record */
    unsigned char msg_hdr[4];   /* handshake message header */
    size_t msg_hdr_have;
    unsigned char *msg;         /* message body, msg_len bytes expected */
    size_t msg_len, msg_have;
    /* results, valid once status is KUMA_HELLO_DONE */
    char host[256];             /* SNI host_name, "" when absent or malformed */
    const unsigned char *alpn;  /* ALPN ProtocolNameList contents (in msg), or NULL */
    size_t alpn_len;
    int offers_tls13;           /* supported_versions lists TLS 1.3: the TLS 1.3 engine answers */
    const unsigned char *exts;  /* the extensions block (in msg), or NULL */
    size_t exts_len;
} kuma_hello;
/* The body of the ClientHello's extension of this type (valid while h holds the message); 1 when found. */
int kuma_hello_ext(const kuma_hello *h, unsigned type, const unsigned char **out, size_t *len);

/* Feeds len bytes from the wire; returns the new status (KUMA_HELLO_*). */
int kuma_hello_feed(kuma_hello *h, const unsigned char *data, size_t len);
/* Frees what h holds and makes it empty again. */
void kuma_hello_clear(kuma_hello *h);
/* 1 when an ALPN list (wire format) is well formed: non-empty names, no truncation. */
int kuma_alpn_list_ok(const unsigned char *p, size_t len);
/* Walks an ALPN list from *pos: 1 and the next name, or 0 at its end or a malformed entry. */
int kuma_alpn_next(const unsigned char *list, unsigned int len, unsigned int *pos,
                   const unsigned char **name, unsigned int *name_len);

/* ---- ext.c, for other files ------------------------------------------------------------- */

/* Server: the SNI host name read from the ClientHello, or NULL. */
const char *kuma_ext_servername(const SSL *s);
/* Server, once the ClientHello was read: 1 when it offers TLS 1.3 (supported_versions). */
int kuma_ext_client_offers_tls13(const SSL *s);
/* Server: 1 when the servername callback accepted the client's name (TLS 1.3 acknowledges it). */
int kuma_ext_sni_acked(const SSL *s);

#endif
