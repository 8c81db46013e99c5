/*
 * kumassl: the TLS 1.3 engine over BearSSL's primitives (RFC 8446), and the
 * interfaces between its files. Nothing outside lib/ssl/tls13 includes this.
 *
 *   suites.c     the three TLS 1.3 cipher suites: hash, AEAD, key length
 *   keysched.c   HKDF-Expand-Label, Derive-Secret, the key schedule, Finished
 *   transcript.c the running transcript hash (SHA-256/384, the HRR rule)
 *   record.c     record protection: TLSInnerPlaintext under the suite's AEAD
 *   codec.c      bounds-checked reader and writer of handshake messages
 *   msg_parse.c  the handshake messages and extensions a peer sends, decoded
 *   msg_write.c  the handshake messages kumassl sends, encoded
 *   engine.c     the engine behind kuma_engine_vtable: records in and out,
 *                alerts, application data, post-handshake messages
 *   client.c     the client's handshake
 *   tls12.c      the client's TLS 1.2 handshake, when a server answers a
 *                ClientHello offering 1.3 and 1.2 with 1.2
 *   keyshare.c   (EC)DHE key shares: X25519, P-256, P-384, P-521
 *   sig.c        CertificateVerify: the signed content, choosing a scheme, signing
 *                and checking (ECDSA, RSA-PSS)
 *   select.c     which engine a connection takes (and whether it offers 1.2);
 *                a server's choice after the ClientHello
 *   server_hello.c  the server's answer to a ClientHello: suite, group, HRR, ServerHello
 *   server.c     the rest of the server's handshake: its flight, the client's
 *   peer_certs.c the peer's Certificate message checked by peer_chain.c
 *   tickets.c    the server's NewSessionTickets and the PSK of a ticket presented
 *   client_session.c  the client's: tickets kept as sessions, a session offered
 *
 * Secrets live in fixed arrays inside the structures below; every *_clear()
 * wipes them (OPENSSL_cleanse).
 */
#ifndef KUMASSL_TLS13_INT_H
#define KUMASSL_TLS13_INT_H
#include <stddef.h>
#include <stdint.h>
#include "ssl_int.h"

#define KUMA13_MAX_HASH 48              /* SHA-384 */
#define KUMA13_MAX_PSK 512              /* an external PSK's key (OpenSSL's PSK_MAX_PSK_LEN) */
#define KUMA13_MAX_KEY 32
#define KUMA13_IV_LEN 12
#define KUMA13_TAG_LEN 16
#define KUMA13_HDR_LEN 5
#define KUMA13_MAX_PLAINTEXT 16384      /* 2^14 (RFC 8446 section 5.1) */
#define KUMA13_MAX_CIPHERTEXT (16384 + 256)     /* section 5.2 */

/* Record content types (RFC 8446 section 5.1). */
#define KUMA13_CT_CCS 20
#define KUMA13_CT_ALERT 21
#define KUMA13_CT_HANDSHAKE 22
#define KUMA13_CT_APPDATA 23

/* Alert descriptions (RFC 8446 section 6), as the engine's errors name them. */
#define KUMA13_AL_UNEXPECTED_MESSAGE 10
#define KUMA13_AL_BAD_RECORD_MAC 20
#define KUMA13_AL_RECORD_OVERFLOW 22
#define KUMA13_AL_HANDSHAKE_FAILURE 40
#define KUMA13_AL_BAD_CERTIFICATE 42
#define KUMA13_AL_ILLEGAL_PARAMETER 47
#define KUMA13_AL_DECODE_ERROR 50
#define KUMA13_AL_DECRYPT_ERROR 51
#define KUMA13_AL_PROTOCOL_VERSION 70
#define KUMA13_AL_INTERNAL_ERROR 80
#define KUMA13_AL_MISSING_EXTENSION 109
#define KUMA13_AL_UNSUPPORTED_EXTENSION 110

/* ---- suites.c ------------------------------------------------------------ */

enum kuma13_aead { KUMA13_AES_GCM, KUMA13_CHACHA20_POLY1305 };

/* A TLS 1.3 cipher suite (RFC 8446 appendix B.4). */
typedef struct {
    uint16_t id;                        /* 0x1301, 0x1302, 0x1303 */
    const br_hash_class *hash;          /* of HKDF and the transcript */
    enum kuma13_aead aead;
    size_t key_len;                     /* AEAD key bytes */
    int auth;                           /* TLS 1.2: BR_KEYTYPE_RSA or _EC, the server's key; else 0 */
} kuma13_suite;

/* The suite with this IANA number, or NULL when it is not a TLS 1.3 suite. */
const kuma13_suite *kuma13_suite_by_id(uint16_t id);
/* The TLS 1.2 ECDHE + AEAD suite with this IANA number (hash: the PRF's), or NULL. */
const kuma13_suite *kuma12_suite_by_id(uint16_t id);
/* Output length of a hash (32 for SHA-256, 48 for SHA-384). */
size_t kuma13_hash_len(const br_hash_class *h);

/* ---- keysched.c ------------------------------------------------------------ */

/* HKDF-Extract (RFC 5869): prk = HMAC-Hash(salt, ikm); prk has the hash's length. */
void kuma13_hkdf_extract(const br_hash_class *h, const void *salt, size_t salt_len,
                         const void *ikm, size_t ikm_len, unsigned char *prk);
/* HKDF-Expand (RFC 5869) of secret (the hash's length); out_len <= 255 * hash length. */
void kuma13_hkdf_expand(const br_hash_class *h, const unsigned char *secret,
                        const void *info, size_t info_len, unsigned char *out, size_t out_len);
/*
 * HKDF-Expand-Label (RFC 8446 section 7.1): label without its "tls13 "
 * prefix (at most 249 bytes), context of at most 255 bytes.
 */
void kuma13_expand_label(const br_hash_class *h, const unsigned char *secret, const char *label,
                         const void *context, size_t context_len, unsigned char *out, size_t out_len);
/*
 * Derive-Secret(secret, label, messages) given the transcript hash of the
 * messages; thash NULL stands for the hash of no messages (Hash("")).
 * out receives the hash's length.
 */
void kuma13_derive_secret(const br_hash_class *h, const unsigned char *secret, const char *label,
                          const unsigned char *thash, unsigned char *out);

/*
 * The key schedule's chain of secrets (RFC 8446 section 7.1): Early Secret,
 * then Handshake Secret, then Master Secret, each replacing the previous one.
 */
typedef struct {
    const br_hash_class *hash;
    size_t hlen;
    unsigned char secret[KUMA13_MAX_HASH];
} kuma13_schedule;

/* Early Secret = HKDF-Extract(0, PSK); psk NULL for none (a string of zeros). */
void kuma13_schedule_early(kuma13_schedule *ks, const br_hash_class *h,
                           const unsigned char *psk, size_t psk_len);
/* Handshake Secret = HKDF-Extract(Derive-Secret(early, "derived", ""), (EC)DHE). */
void kuma13_schedule_handshake(kuma13_schedule *ks, const unsigned char *dhe, size_t dhe_len);
/* Master Secret = HKDF-Extract(Derive-Secret(handshake, "derived", ""), 0). */
void kuma13_schedule_master(kuma13_schedule *ks);
/* Derive-Secret(current secret, label, messages hashed to thash): "c hs traffic", "s ap traffic"... */
void kuma13_schedule_derive(const kuma13_schedule *ks, const char *label,
                            const unsigned char *thash, unsigned char *out);
void kuma13_schedule_clear(kuma13_schedule *ks);

/* verify_data = HMAC(finished_key(base_key), thash) (section 4.4.4); the hash's length. */
void kuma13_finished(const br_hash_class *h, const unsigned char *base_key,
                     const unsigned char *thash, unsigned char *verify_data);
/* 1 when a received verify_data is the expected one; compares in constant time. */
int kuma13_finished_check(const br_hash_class *h, const unsigned char *base_key,
                          const unsigned char *thash, const unsigned char *got, size_t got_len);
/* application_traffic_secret_N+1 = HKDF-Expand-Label(N, "traffic upd", "", Hash.length), in place. */
void kuma13_next_traffic_secret(const br_hash_class *h, unsigned char *secret);
/*
 * TLS-Exporter(label, context, out_len) over the exporter master secret
 * (section 7.5); no context is the empty context. 0 when label or out_len
 * is too long for HKDF-Expand-Label, else 1.
 */
int kuma13_export(const br_hash_class *h, const unsigned char *exporter_master,
                  const char *label, size_t label_len, const void *context, size_t context_len,
                  unsigned char *out, size_t out_len);
/* 1 when a and b (n bytes) are equal; time depends on n only. */
int kuma13_ct_equal(const void *a, const void *b, size_t n);

/* ---- transcript.c ------------------------------------------------------------- */

/*
 * The transcript hash. A client hashes its ClientHello before the server
 * picks the suite, so both hashes run until kuma13_transcript_select().
 */
typedef struct {
    br_sha256_context sha256;
    br_sha384_context sha384;
    const br_hash_class *hash;          /* NULL while both run */
} kuma13_transcript;

void kuma13_transcript_init(kuma13_transcript *t);
/* Adds handshake messages (with their 4-byte headers). */
void kuma13_transcript_update(kuma13_transcript *t, const void *data, size_t len);
/* Keeps only the suite's hash. */
void kuma13_transcript_select(kuma13_transcript *t, const br_hash_class *h);
/* The hash of the messages so far (selected hash's length); the transcript goes on. */
void kuma13_transcript_hash(const kuma13_transcript *t, unsigned char *out);
/* The same with SHA-256 or SHA-384, while both run (none selected: TLS 1.2 keeps both). */
void kuma13_transcript_hash_with(const kuma13_transcript *t, const br_hash_class *h,
                                 unsigned char *out);
/*
 * After a HelloRetryRequest (section 4.4.1): the transcript, holding
 * ClientHello1 only, becomes message_hash(Hash(ClientHello1)). The hash
 * must be selected.
 */
void kuma13_transcript_restart_hrr(kuma13_transcript *t);

/* ---- record.c ------------------------------------------------------------------- */

/* One direction's record protection: AEAD key, static IV and sequence number. */
typedef struct {
    const kuma13_suite *suite;          /* NULL: records are not protected */
    br_aes_gen_ctr_keys aes;
    br_gcm_context gcm;
    unsigned char key[KUMA13_MAX_KEY];  /* ChaCha20's */
    unsigned char iv[KUMA13_IV_LEN];
    uint64_t seq;
    int tls12;                          /* TLS 1.2 records (kuma12_cipher_set_key) */
} kuma13_cipher;

#define KUMA12_EXPLICIT_NONCE 8         /* AES-GCM's per-record nonce in TLS 1.2 (RFC 5288) */
#define KUMA12_GCM_SALT 4               /* the implicit part, from the key block */

/* Derives key and IV from a traffic secret (section 7.3); sequence number 0. */
void kuma13_cipher_init(kuma13_cipher *c, const kuma13_suite *suite, const unsigned char *secret);
/* Sets key and IV directly (for tests and known answers). */
void kuma13_cipher_set_key(kuma13_cipher *c, const kuma13_suite *suite, const unsigned char *key,
                           const unsigned char *iv);
void kuma13_cipher_clear(kuma13_cipher *c);
/*
 * TLS 1.2 keys from the key block: key, and iv (AES-GCM's 4-byte salt, or
 * ChaCha20-Poly1305's 12 bytes); kuma13_seal and kuma13_open then make and
 * take TLS 1.2 records: the outer type is the content's, AES-GCM's explicit
 * nonce precedes the ciphertext (the content still sits at rec + 5 for
 * the caller), the additional data is seq || type || version || length.
 */
void kuma12_cipher_set_key(kuma13_cipher *c, const kuma13_suite *suite, const unsigned char *key,
                           const unsigned char *iv);
/* Bytes a protected record adds to len bytes of content, with pad bytes of padding. */
#define KUMA13_RECORD_OVERHEAD(pad) (KUMA13_HDR_LEN + 1 + (pad) + KUMA13_TAG_LEN)

/*
 * Protects a record in place: its content (len bytes, at most 2^14) is at
 * rec + 5; appends the content type and pad zero bytes, encrypts, and
 * writes the header and the tag. rec must hold len + KUMA13_RECORD_OVERHEAD(pad)
 * bytes and len + 1 + pad must not exceed 2^14 + 1. Returns the record's
 * length, or 0 when the sequence numbers are used up.
 */
size_t kuma13_seal(kuma13_cipher *c, unsigned char *rec, size_t len, unsigned type, size_t pad);
/*
 * Opens a protected record (header included, rec_len bytes) in place. On
 * success returns 0 with the inner content type and the content at rec + 5
 * (*len bytes, padding removed); else the alert to send: bad_record_mac,
 * record_overflow, or unexpected_message (no content type).
 */
int kuma13_open(kuma13_cipher *c, unsigned char *rec, size_t rec_len, unsigned *type, size_t *len);

/* ---- codec.c: bounds-checked reading and writing ------------------------------- */

/* Handshake message types (RFC 8446 section 4). */
#define KUMA13_HS_CLIENT_HELLO 1
#define KUMA13_HS_SERVER_HELLO 2
#define KUMA13_HS_NEW_SESSION_TICKET 4
#define KUMA13_HS_END_OF_EARLY_DATA 5
#define KUMA13_HS_ENCRYPTED_EXTENSIONS 8
#define KUMA13_HS_CERTIFICATE 11
#define KUMA13_HS_CERTIFICATE_REQUEST 13
#define KUMA13_HS_CERTIFICATE_VERIFY 15
#define KUMA13_HS_FINISHED 20
#define KUMA13_HS_KEY_UPDATE 24
#define KUMA13_HS_MESSAGE_HASH 254

/* Extension types (RFC 8446 section 4.2, RFC 6066, RFC 7301). */
#define KUMA13_EXT_SERVER_NAME 0
#define KUMA13_EXT_MAX_FRAGMENT_LENGTH 1
#define KUMA13_EXT_STATUS_REQUEST 5
#define KUMA13_EXT_SUPPORTED_GROUPS 10
#define KUMA13_EXT_SIGNATURE_ALGORITHMS 13
#define KUMA13_EXT_ALPN 16
#define KUMA13_EXT_PRE_SHARED_KEY 41
#define KUMA13_EXT_EARLY_DATA 42
#define KUMA13_EXT_SUPPORTED_VERSIONS 43
#define KUMA13_EXT_COOKIE 44
#define KUMA13_EXT_PSK_KEY_EXCHANGE_MODES 45
#define KUMA13_EXT_KEY_SHARE 51
#define KUMA13_EXT_CERTIFICATE_AUTHORITIES 47

/* TLS 1.2's own (RFC 7627, RFC 5746, RFC 8422) */
#define KUMA12_EXT_EC_POINT_FORMATS 11
#define KUMA12_EXT_EXTENDED_MASTER_SECRET 23
#define KUMA12_EXT_SESSION_TICKET 35
#define KUMA12_EXT_RENEGOTIATION_INFO 0xff01

#define KUMA13_TLS13 0x0304
#define KUMA13_TLS12 0x0303

/*
 * A reader over received bytes. Every read checks the bounds; the first
 * failure sets err (decode_error) and makes every later read fail too, so
 * a parser checks once at the end.
 */
typedef struct {
    const unsigned char *p;
    size_t len;
    int err;
} kuma13_rd;

void kuma13_rd_init(kuma13_rd *r, const void *data, size_t len);
unsigned kuma13_rd_u8(kuma13_rd *r);
unsigned kuma13_rd_u16(kuma13_rd *r);
uint32_t kuma13_rd_u24(kuma13_rd *r);
uint32_t kuma13_rd_u32(kuma13_rd *r);
/* n bytes; NULL (and err) when fewer remain. */
const unsigned char *kuma13_rd_bytes(kuma13_rd *r, size_t n);
/*
 * A vector with a length prefix of lenbytes (1, 2 or 3) as a reader of its
 * own; its length must be at least min (else decode_error).
 */
kuma13_rd kuma13_rd_vec(kuma13_rd *r, int lenbytes, size_t min);
/* 0 when r was read exactly to its end without error, else decode_error. */
int kuma13_rd_end(const kuma13_rd *r);
/* 1 when the list of n uint16 values holds v. */
int kuma13_u16_in(const uint16_t *list, size_t n, unsigned v);

/* A writer into a caller's buffer; overflowing sets err and writes nothing more. */
typedef struct {
    unsigned char *buf;
    size_t len, cap;
    int err;
} kuma13_wr;

void kuma13_wr_init(kuma13_wr *w, unsigned char *buf, size_t cap);
void kuma13_wr_u8(kuma13_wr *w, unsigned v);
void kuma13_wr_u16(kuma13_wr *w, unsigned v);
void kuma13_wr_u24(kuma13_wr *w, uint32_t v);
void kuma13_wr_u32(kuma13_wr *w, uint32_t v);
void kuma13_wr_bytes(kuma13_wr *w, const void *data, size_t n);
/* Opens a vector with a lenbytes-byte length prefix; returns the mark to close it with. */
size_t kuma13_wr_open(kuma13_wr *w, int lenbytes);
/* Writes the length of the vector opened at mark (err when it does not fit the prefix). */
void kuma13_wr_close(kuma13_wr *w, size_t mark, int lenbytes);

/* ---- msg_parse.c: what a peer sends ---------------------------------------------- */

/* A length-delimited span of a received message (pointers into it). */
typedef struct {
    const unsigned char *p;
    size_t len;
} kuma13_span;

/*
 * An extensions block checked for well-formedness: extensions kumassl
 * knows appear at most once (illegal_parameter otherwise). seen has bit i
 * set when known extension i (kuma13_ext_index) is present.
 */
typedef struct {
    uint32_t seen;
    kuma13_span data[13];               /* by kuma13_ext_index */
    int psk_last;                       /* pre_shared_key was the last extension */
    unsigned unknown;                   /* extensions of types kumassl does not know */
} kuma13_exts;

/* 1 when a received uint16 list (a vector's contents) holds v. */
int kuma13_span_has_u16(const kuma13_span *list, unsigned v);

/* The index of a known extension type, or -1. */
int kuma13_ext_index(unsigned type);
#define KUMA13_HAS(e, type) (((e)->seen >> kuma13_ext_index(type)) & 1)
/* Parses an extensions block (a vector with a 2-byte length, read from r); 0 or an alert. */
int kuma13_parse_exts(kuma13_rd *r, kuma13_exts *e);

/* A ClientHello (server side), fields and extensions as received. */
typedef struct {
    const unsigned char *random;        /* 32 bytes */
    kuma13_span session_id;
    kuma13_span suites;                 /* uint16 list */
    int has_null_compression;
    int offers_tls13;                   /* supported_versions lists 0x0304 */
    kuma13_span key_shares;             /* KeyShareEntry list, checked */
    kuma13_span groups, sig_algs, alpn, cookie, psk_modes;  /* vector contents */
    kuma13_span server_name;            /* host_name, or empty */
    kuma13_exts exts;
} kuma13_client_hello;

/* Decodes a ClientHello's body (without the 4-byte header); 0 or an alert. */
int kuma13_parse_client_hello(const unsigned char *body, size_t len, kuma13_client_hello *ch);

/* A ServerHello or HelloRetryRequest (client side). */
typedef struct {
    int is_hrr;                         /* the random was HelloRetryRequest's */
    const unsigned char *random;
    kuma13_span session_id;
    uint16_t suite;
    uint16_t version;                   /* from supported_versions; 0 without it (TLS 1.2 or older) */
    uint16_t group;                     /* key_share: the server's group (HRR: the one asked for) */
    kuma13_span key_share;              /* the server's share (not in an HRR) */
    kuma13_span cookie;                 /* HRR only */
    int has_psk;
    uint16_t psk_identity;
    kuma13_exts exts;
} kuma13_server_hello;

/* The HelloRetryRequest random: SHA-256("HelloRetryRequest") (RFC 8446 section 4.1.3). */
extern const unsigned char kuma13_hrr_random[32];
/* Decodes a ServerHello's body; 0 or an alert. */
int kuma13_parse_server_hello(const unsigned char *body, size_t len, kuma13_server_hello *sh);

/* EncryptedExtensions (client side). */
typedef struct {
    kuma13_span alpn;                   /* the protocol the server chose, or empty */
    int early_data;                     /* the server accepted early data */
    unsigned max_fragment_length;       /* code 1-4, or 0 */
    kuma13_exts exts;
} kuma13_encrypted_extensions;

int kuma13_parse_encrypted_extensions(const unsigned char *body, size_t len,
                                      kuma13_encrypted_extensions *ee);

/* A Certificate message: the DER certificates, leaf first. */
#define KUMA13_MAX_CERTS 32
typedef struct {
    kuma13_span context;                /* certificate_request_context */
    kuma13_span certs[KUMA13_MAX_CERTS];
    size_t count;                       /* at most KUMA13_MAX_CERTS; more are a failure */
} kuma13_certificate;

/* Decodes a Certificate message; 0 or an alert (no certificate at all is not an error here). */
int kuma13_parse_certificate(const unsigned char *body, size_t len, kuma13_certificate *c);
/* CertificateVerify: the scheme and the signature. */
int kuma13_parse_certificate_verify(const unsigned char *body, size_t len, uint16_t *scheme,
                                    kuma13_span *sig);

/* NewSessionTicket (section 4.6.1). */
typedef struct {
    uint32_t lifetime, age_add;
    kuma13_span nonce, ticket;
    uint32_t max_early_data;            /* early_data extension, 0 without */
} kuma13_new_session_ticket;

int kuma13_parse_new_session_ticket(const unsigned char *body, size_t len,
                                    kuma13_new_session_ticket *t);
/* KeyUpdate: *request_update is 0 or 1 (anything else is illegal_parameter). */
int kuma13_parse_key_update(const unsigned char *body, size_t len, int *request_update);

/* ---- msg_write.c: what kumassl sends ------------------------------------------------ */

/* A key share offered or chosen: group and public value. */
typedef struct {
    uint16_t group;
    const unsigned char *pub;
    size_t pub_len;
} kuma13_key_share;

/* What a client puts in its ClientHello. */
typedef struct {
    const unsigned char *random;        /* 32 bytes */
    const unsigned char *session_id;    /* legacy_session_id (32 bytes for middlebox compatibility) */
    size_t session_id_len;
    const uint16_t *suites;             /* the TLS 1.3 suites, then the TLS 1.2 ones */
    size_t num_suites;                  /* TLS 1.3's */
    size_t num_suites12;                /* TLS 1.2's: more than 0 offers TLS 1.2 as well */
    const uint16_t *groups;
    size_t num_groups;
    const kuma13_key_share *shares;
    size_t num_shares;
    const uint16_t *sig_algs;
    size_t num_sig_algs;
    const char *server_name;            /* NULL for none */
    const unsigned char *alpn;          /* ProtocolNameList contents (wire form), NULL for none */
    size_t alpn_len;
    kuma13_span cookie;                 /* echoed from an HRR */
    unsigned psk_modes;                 /* psk_key_exchange_modes to send (psk_int.h's mask), 0 none */
    int early_data;                     /* send the early_data extension */
} kuma13_client_hello_params;

/* Appends a whole ClientHello message (header included) to w. */
void kuma13_write_client_hello(kuma13_wr *w, const kuma13_client_hello_params *p);
/* Appends a handshake message header; returns the mark for kuma13_write_end(). */
size_t kuma13_write_begin(kuma13_wr *w, unsigned type);
void kuma13_write_end(kuma13_wr *w, size_t mark);
/* Appends a Finished message. */
void kuma13_write_finished(kuma13_wr *w, const unsigned char *verify_data, size_t len);
/* Appends a KeyUpdate message. */
void kuma13_write_key_update(kuma13_wr *w, int request_update);
/* Appends a Certificate message: the request context, then count certificates (DER), leaf first. */
void kuma13_write_certificate(kuma13_wr *w, const unsigned char *context, size_t context_len,
                              const br_x509_certificate *chain, size_t count);
/* Appends a CertificateVerify message. */
void kuma13_write_certificate_verify(kuma13_wr *w, uint16_t scheme, const unsigned char *sig,
                                     size_t sig_len);

/* ---- keyshare.c ------------------------------------------------------------------- */

#define KUMA13_GROUP_X25519 0x001d
#define KUMA13_GROUP_P256 0x0017
#define KUMA13_GROUP_P384 0x0018
#define KUMA13_GROUP_P521 0x0019
#define KUMA13_MAX_PUB 133                  /* an uncompressed P-521 point */

/* An ephemeral key pair for one group. */
typedef struct {
    uint16_t group;
    unsigned char priv[66];
    size_t priv_len;
    unsigned char pub[KUMA13_MAX_PUB];
    size_t pub_len;
} kuma13_keyshare;

/* 1 when kumassl has the group's arithmetic. */
int kuma13_group_supported(uint16_t group);
/* Makes a key pair for group; 1, or 0 when the group is unknown or randomness failed. */
int kuma13_keyshare_make(kuma13_keyshare *ks, uint16_t group);
/*
 * The shared secret with the peer's public value: X25519's 32 bytes, or an
 * EC point's x coordinate (RFC 8446 section 7.4). 0 with an alert in
 * *alert (illegal_parameter) when the peer's value is not a valid one.
 */
size_t kuma13_keyshare_derive(const kuma13_keyshare *ks, const unsigned char *peer, size_t peer_len,
                              unsigned char *secret, int *alert);
void kuma13_keyshare_clear(kuma13_keyshare *ks);

/* ---- sig.c ------------------------------------------------------------------------- */

/* 1 when a signature scheme may sign a CertificateVerify here (ECDSA, RSA-PSS with an rsaEncryption key). */
int kuma13_scheme_supported(uint16_t scheme);
/*
 * Checks a CertificateVerify signature (section 4.4.3) by the peer's key
 * over the transcript hash thash (hash_len bytes); server: 1 when it came
 * from a server. 0 on success, else the alert: illegal_parameter (a scheme
 * not offered or not fit for the key), decrypt_error (a bad signature).
 */
int kuma13_verify_signature(const br_x509_pkey *pk, uint16_t scheme, int server,
                            const unsigned char *thash, size_t hash_len,
                            const unsigned char *sig, size_t sig_len);
/*
 * TLS 1.2 (RFC 5246 7.4.3): checks the server's signature over data
 * (client_random || server_random || ServerECDHParams) with a scheme as
 * TLS 1.2 reads it: ECDSA with the scheme's hash on any curve, RSA-PSS, or
 * RSA PKCS #1 v1.5. 0, or the alert as kuma13_verify_signature's.
 */
int kuma12_verify_signature(const br_x509_pkey *pk, uint16_t scheme, const unsigned char *data,
                            size_t len, const unsigned char *sig, size_t sig_len);
/* Room a signature of ours may need: RSA-4096, or an ASN.1 ECDSA P-521 signature. */
#define KUMA13_MAX_SIG 512
/*
 * The first scheme of a peer's signature_algorithms list (list: the
 * SignatureScheme ids as on the wire, len bytes) that key can sign a
 * CertificateVerify with; 0 when there is none.
 */
uint16_t kuma13_choose_scheme(const EVP_PKEY *key, const unsigned char *list, size_t len);
/*
 * Signs a CertificateVerify (section 4.4.3) over the transcript hash
 * thash with key; server: 1 for a server's. *sig_len is the room in sig
 * (at least KUMA13_MAX_SIG) on entry, the signature's length on return. 1
 * on success, 0 when the scheme does not fit the key or signing failed.
 */
int kuma13_sign(const EVP_PKEY *key, uint16_t scheme, int server, const unsigned char *thash,
                size_t hash_len, unsigned char *sig, size_t *sig_len);
/*
 * TLS 1.2 client certificates: the first scheme of a CertificateRequest's
 * list that key can sign with, over SHA-256 or SHA-384 (the transcript
 * hashes kept); 0 when none. kuma13_scheme_hash: its hash. kuma12_sign
 * signs such a hash (7.4.8 of RFC 5246) as kuma13_sign does: 1, or 0.
 */
uint16_t kuma12_choose_scheme(const EVP_PKEY *key, const unsigned char *list, size_t len);
const br_hash_class *kuma13_scheme_hash(uint16_t scheme);
int kuma12_sign(const EVP_PKEY *key, uint16_t scheme, const unsigned char *hash,
                unsigned char *sig, size_t *sig_len);

/* ---- engine.c and client.c ---------------------------------------------------------- */

/* Where a handshake is. */
enum kuma13_hs_state {
    KUMA13_WAIT_SH, KUMA13_WAIT_EE, KUMA13_WAIT_CERT_CR, KUMA13_WAIT_CERT, KUMA13_WAIT_CV,
    KUMA13_WAIT_FINISHED,
    /* a TLS 1.2 handshake after a TLS 1.2 ServerHello (tls12.c) */
    KUMA12_WAIT_CERT, KUMA12_WAIT_SKE, KUMA12_WAIT_CR_SHD, KUMA12_WAIT_SHD, KUMA12_WAIT_CCS,
    KUMA12_WAIT_FINISHED,
    KUMA13_CONNECTED,
    /* the server's */
    KUMA13_WAIT_CH, KUMA13_WAIT_CH2, KUMA13_WAIT_CLIENT_CERT, KUMA13_WAIT_CLIENT_CV,
    KUMA13_WAIT_CLIENT_FINISHED,
    KUMA13_WAIT_EOED                    /* the client's early data, up to EndOfEarlyData */
};

/* c->reason when the failure's error is already queued (ext.c rejected the ClientHello). */
#define KUMA13_REASON_QUEUED (-1)

#define KUMA12_MAX_SUITES 6
#define KUMA12_FINISHED_LEN 12
#define KUMA12_MASTER_LEN 48

#define KUMA13_OUT_CAP (2 * (KUMA13_HDR_LEN + KUMA13_MAX_CIPHERTEXT))
#define KUMA13_MAX_HANDSHAKE (256 * 1024)   /* a larger handshake message is refused */

typedef struct kuma13_conn {
    SSL *ssl;
    /* records in: one at a time, header first; its plaintext stays in place */
    unsigned char in[KUMA13_HDR_LEN + KUMA13_MAX_CIPHERTEXT];
    size_t in_len;                      /* bytes of the current record received */
    size_t in_need;                     /* its length: the header, then header and body */
    size_t app_off, app_len;            /* application data of the last record, not yet read */
    /* records out */
    unsigned char out[KUMA13_OUT_CAP];
    size_t out_off, out_len;            /* bytes [out_off, out_len) wait to be sent */
    size_t app_pending;                 /* application bytes written at out + 5, not sealed */
    /* handshake messages in, reassembled across records */
    unsigned char *hs;
    size_t hs_len, hs_cap;
    kuma13_cipher rd, wr;
    unsigned rd_epoch;                  /* counts read key changes */
    int plain_sent;                     /* a plaintext record went out (the first says TLS 1.0) */
    kuma13_schedule ks;
    kuma13_transcript tr;
    const kuma13_suite *suite;
    enum kuma13_hs_state state;
    int closed;                         /* nothing more is received or sent */
    int peer_closed;                    /* close_notify received */
    int close_sent;
    int alert_sent;                     /* the fatal alert sent (SSL_AD_*), or -1 */
    int alert_recv;                     /* the fatal alert received, or -1 */
    int reason;                         /* SSL_R_* of the failure, 0 none */
    const char *why;                    /* its explanation */
    const char *func;                   /* OpenSSL's function that reports it, NULL: ours */
    int verify_failed;                  /* the peer's chain was rejected */
    int ccs_sent, ccs_seen;             /* ccs_seen: compatibility CCS records dropped */
    /* secrets kept after the handshake */
    unsigned char c_ap[KUMA13_MAX_HASH], s_ap[KUMA13_MAX_HASH];
    unsigned char exporter[KUMA13_MAX_HASH], resumption[KUMA13_MAX_HASH];
    unsigned char c_hs[KUMA13_MAX_HASH], s_hs[KUMA13_MAX_HASH];
    unsigned char fin_client[KUMA13_MAX_HASH], fin_server[KUMA13_MAX_HASH];
    unsigned char alpn[256];
    size_t alpn_len;
    /* the client's handshake */
    unsigned char random[32], session_id[32];
    size_t session_id_len;
    kuma13_keyshare share;
    uint16_t suites[3 + KUMA12_MAX_SUITES];     /* the TLS 1.3 suites offered, then TLS 1.2's */
    size_t num_suites, num_suites12;
    uint16_t groups[KUMA_MAX_GROUPS];
    size_t num_groups;
    int hrr_seen;
    uint16_t hrr_suite;
    unsigned char *cookie;
    size_t cookie_len;
    int cert_requested;
    unsigned char *cert_req_ctx;
    size_t cert_req_ctx_len;
    uint16_t cert_scheme;               /* ours for CertificateVerify; 0: an empty Certificate */
    kuma_creds creds;                   /* the client's own, taken as the handshake started */
    uint16_t group;                     /* of the key exchange */
    uint16_t peer_scheme;               /* the peer's CertificateVerify */
    int ku_type;                        /* SSL_KEY_UPDATE_* sent by SSL_key_update, still queued */
    size_t ku_end;                      /* where its record ends in out */
    unsigned ku_count;                  /* KeyUpdates received since the last application data */
    /* a TLS 1.2 handshake (tls12.c) */
    int tls12;                          /* the server chose TLS 1.2 */
    int ems;                            /* extended master secret (RFC 7627) */
    unsigned char server_random[32];
    unsigned char master[KUMA12_MASTER_LEN];
    unsigned char ske_point[KUMA13_MAX_PUB];    /* the server's ECDHE share */
    size_t ske_point_len;
    unsigned char sid12[32];            /* the session id the server gave */
    size_t sid12_len;
    unsigned char rd_key[KUMA13_MAX_KEY], rd_iv[KUMA13_IV_LEN];    /* the server's, from its CCS on */
    unsigned char wr_key12[KUMA13_MAX_KEY], wr_iv12[KUMA13_IV_LEN]; /* ours, from our CCS on */
    X509 *leaf;                         /* the server's certificate (a reference of s->peer_chain) */
    X509_STORE *store;                  /* trust anchors as the handshake started */
    /* the server's handshake (select.c, server_hello.c, server.c; random above is the client's) */
    int picking;                        /* the ClientHello is read before an engine answers it */
    void *br_shadow;                    /* BearSSL's engine, started, should the client want TLS 1.2 */
    unsigned char *first;               /* the records read while picking, as received */
    size_t first_len, first_cap;
    uint16_t scheme;                    /* the CertificateVerify signature scheme */
    SSL_CTX *ticket_ctx;                /* whose key seals tickets: the SSL_CTX before any switch */
    int resumed;                        /* a PSK was accepted: a ticket's or an external one */
    uint16_t psk_identity;              /* its index in the client's list */
    unsigned char psk[KUMA13_MAX_PSK];
    size_t psk_len;
    /* external PSKs and early data (client_psk.c, server_psk.c) */
    void *ext_psk;                      /* kuma_ext_psk (psk_map.h): offered, or found */
    int ext_psk_index;                  /* server: its identity's index in the offer, -1 none */
    int psk_ke;                         /* the PSK alone, no (EC)DHE (psk_ke mode) */
    /* what the PSK accepted allows for early data (tickets.c, server_psk.c; early_server.c) */
    uint32_t psk_max_early;             /* max_early_data_size it was issued with, 0 none */
    uint16_t psk_suite;                 /* the suite it belongs to: early data needs that one */
    unsigned char psk_context[32];      /* a ticket's ALPN and SNI digest (kuma13_early_context) */
    uint32_t psk_lifetime, psk_age_add; /* a ticket's, for its age */
    uint64_t psk_issued_ms;             /* 0: an external PSK (no age) */
    int early_offered;                  /* the ClientHello had early_data */
    int early_accepted;                 /* ... and the server reads it */
    size_t early_skip;                  /* rejected: bytes of early records still to skip */
    unsigned char c_early[KUMA13_MAX_HASH];     /* client_early_traffic_secret */
    uint64_t early_seq;                 /* client: records sent under the early keys */
    struct kuma13_resume *resume;       /* client: the session offered (client_session.c), or NULL */
} kuma13_conn;

/* engine.c, for client.c */
/*
 * Fails the connection: sends alert (SSL_AD_*, fatal) and records reason
 * (SSL_R_*) and why for the error queue. Returns -1 for the caller's return.
 */
int kuma13_fail(kuma13_conn *c, int alert, int reason, const char *why);
/* As kuma13_fail, reported as from OpenSSL's function func (ERR_peek_error_func). */
int kuma13_fail_in(kuma13_conn *c, const char *func, int alert, int reason, const char *why);
/* Fails for a malformed message with the codec's alert (decode_error, illegal_parameter). */
int kuma13_fail_decode(kuma13_conn *c, int alert, const char *what);
/* Queues a record of content (len bytes, type) under the current write keys. */
int kuma13_send(kuma13_conn *c, unsigned type, const unsigned char *data, size_t len);
/* Queues handshake messages and adds them to the transcript. */
int kuma13_send_handshake(kuma13_conn *c, const unsigned char *msg, size_t len);
/* Queues the middlebox-compatibility ChangeCipherSpec, once (RFC 8446 appendix D.4). */
int kuma13_send_ccs(kuma13_conn *c);
/* Logs a secret for SSL_CTX_set_keylog_callback (label as NSS's key log format names it). */
void kuma13_keylog(kuma13_conn *c, const char *label, const unsigned char *secret);

/* client.c */
/* Starts the client's handshake: queues the ClientHello. 1, or 0 with an error queued. */
int kuma13_client_start(kuma13_conn *c);
/* One complete handshake message from the server (header included) before the handshake ends; 0 or -1 (failed). */
int kuma13_client_handle(kuma13_conn *c, const unsigned char *msg, size_t len);
void kuma13_client_clear(kuma13_conn *c);

/* client.c, for tls12.c */
/* Queues a CertificateVerify of ours (scheme, signature). 1, or 0. */
int kuma13_send_certificate_verify(kuma13_conn *c, uint16_t scheme, const unsigned char *sig,
                                   size_t sig_len);
/* Checks the server's certificates (peer_chain.c) and keeps them; 0, or -1 (failed). */
int kuma13_client_peer_certs(kuma13_conn *c, const kuma13_certificate *cm);
/* 1 when the ClientHello of s names a server (SNI). */
int kuma13_sni_sent(const SSL *s);
/* 1 when name (len bytes) is one of the ALPN protocols s offers. */
int kuma13_alpn_offered(const SSL *s, const unsigned char *name, size_t len);

/* tls12.c: a TLS 1.2 handshake in kumassl's engine (client), after a TLS 1.2 ServerHello */
/* 1 when a ServerHello (header included) has no supported_versions: TLS 1.2 or older. */
int kuma12_is_server_hello(const unsigned char *msg, size_t len);
/* Takes a TLS 1.2 ServerHello (header included): 0, or -1 (failed). */
int kuma12_server_hello(kuma13_conn *c, const unsigned char *msg, size_t len);
/* The server's next handshake message: 0 or -1. */
int kuma12_client_handle(kuma13_conn *c, const unsigned char *msg, size_t len);
/* The server's ChangeCipherSpec: its keys from now on; 0 or -1 (not expected now). */
int kuma12_change_cipher_spec(kuma13_conn *c);
/* A handshake message after the handshake (a HelloRequest is declined): 0 or -1. */
int kuma12_post_handshake(kuma13_conn *c, const unsigned char *msg, size_t len);
/* RFC 5705 exporter over the master secret; 1, or 0 with an error queued. */
int kuma12_export(kuma13_conn *c, unsigned char *out, size_t olen, const char *label, size_t llen,
                  const unsigned char *context, size_t contextlen);

/* server_hello.c, server.c */
/* Starts the server's handshake: waits for the ClientHello. 1, or 0 with an error queued. */
int kuma13_server_start(kuma13_conn *c);
/* One complete handshake message from the client before the handshake ends; 0 or -1 (failed). */
int kuma13_server_handle(kuma13_conn *c, const unsigned char *msg, size_t len);
void kuma13_server_clear(kuma13_conn *c);
/* server.c, for server_hello.c: after the ServerHello, the rest of the server's flight. */
int kuma13_server_flight(kuma13_conn *c);
/* server.c: a message of the client's second flight (Certificate, CertificateVerify, Finished). */
int kuma13_server_client_flight(kuma13_conn *c, const unsigned char *msg, size_t len);
/*
 * The handshake secrets from the (EC)DHE secret (NULL: none, psk_ke) and
 * c->psk when c->resumed, over the transcript so far, and the record keys
 * for this side's role.
 */
void kuma13_handshake_keys(kuma13_conn *c, const unsigned char *dhe, size_t dhe_len);
/* The master secret and the application and exporter secrets over the transcript (logged). */
void kuma13_application_secrets(kuma13_conn *c);

/* tickets.c */
/* After the client's Finished: the NewSessionTickets (SSL_CTX_set_num_tickets). 1, or 0. */
int kuma13_send_tickets(kuma13_conn *c);
/*
 * A ClientHello (msg, header included) with pre_shared_key and psk_dhe_ke:
 * accepts the first identity that is a live ticket of ours for c->suite's
 * hash when its binder verifies over the transcript so far (c->resumed,
 * c->psk). 0 (resumed or not), or -1 after failing (illegal_parameter, as OpenSSL 3.0).
 */
int kuma13_accept_psk(kuma13_conn *c, const kuma13_client_hello *ch, const unsigned char *msg);

/* client_session.c: a client's TLS 1.3 sessions */
typedef struct kuma13_resume kuma13_resume;
/*
 * As the handshake starts: takes s->session's ticket for the ClientHello
 * when its suite's hash is that of a suite offered (else a full
 * handshake). 1, or 0 when out of memory.
 */
int kuma13_client_resume_prepare(kuma13_conn *c);
/*
 * A TLS 1.2 ServerHello echoing the session ID sent: the TLS 1.2 session
 * offered, with its suite (c->master, c->resumed). 0, or -1 after failing
 * (illegal_parameter: none offered, or another suite).
 */
int kuma13_client_resume12(kuma13_conn *c, uint16_t suite);
/* After a HelloRetryRequest choosing suite: drops the offer unless its hash is suite's. */
void kuma13_client_resume_after_hrr(kuma13_conn *c, const kuma13_suite *suite);
/* A NewSessionTicket (header included) after the handshake: a new session. 0, or -1 after failing. */
int kuma13_client_ticket(kuma13_conn *c, const unsigned char *msg, size_t len);
void kuma13_client_resume_clear(kuma13_conn *c);

/* peer_certs.c */
/*
 * Takes a Certificate message's certificates: decodes them into
 * s->peer_chain, checks them (peer_chain.c) against c->store and sets
 * c->leaf. 0, or -1 after failing the connection with OpenSSL's alert.
 */
int kuma13_peer_certs(kuma13_conn *c, const kuma13_certificate *cm);
/*
 * The peer's CertificateVerify (header included) by c->leaf over the
 * transcript, which then takes it (and c->peer_scheme the scheme);
 * from_server says whose context string.
 * 0, or -1 after failing (illegal_parameter, decrypt_error).
 */
int kuma13_peer_cert_verify(kuma13_conn *c, const unsigned char *msg, size_t len, int from_server);
/*
 * The peer's Finished (header included) checked in constant time against
 * base_key's over the transcript; its verify_data is copied to keep and the
 * transcript takes it. 0, or -1 after failing (decrypt_error, decode_error).
 */
int kuma13_peer_finished(kuma13_conn *c, const unsigned char *base_key, const unsigned char *msg,
                         size_t len, unsigned char *keep);

/* select.c */
/* 1 when the configuration of s allows TLS 1.3 only (the TLS 1.3 engine's client). */
int kuma13_config_only_tls13(const kuma_config *cfg);
/* 1 when it allows TLS 1.2 and nothing older. */
int kuma13_config_offers_tls12(const kuma_config *cfg);
/* Server: starts BearSSL's engine beside, for a client that turns out to want TLS 1.2. 1 or 0. */
int kuma13_pick_start(kuma13_conn *c);
/* Server, while picking: len more bytes of a record arrived in c->in. May end c (handover). */
void kuma13_pick_bytes(kuma13_conn *c, size_t len);
/* Server, while picking: BearSSL's engine takes the ClientHello callbacks' outcome too. */
int kuma13_pick_hello_settled(kuma13_conn *c);
int kuma13_pick_reload_creds(kuma13_conn *c);
void kuma13_pick_clear(kuma13_conn *c);

#endif
