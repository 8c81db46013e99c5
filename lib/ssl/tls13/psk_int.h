/*
 * kumassl: the TLS 1.3 pre-shared key and early data machinery (RFC 8446
 * sections 4.2.9-4.2.11, 4.6.1, 7.1), as pure functions over bytes and the
 * key schedule, for the client and server handshakes to call. Nothing here
 * keeps state or does I/O.
 *
 *   psk.c         the pre_shared_key extension (offer and selection), its
 *                 binders over the truncated ClientHello, and the PSKs'
 *                 secrets: resumption PSK, binder key, early traffic secret
 *   early_data.c  psk_key_exchange_modes, the early_data extension in its
 *                 three places, and the ticket age rules
 *
 * A client builds its ClientHello with kuma13_write_client_hello, appends
 * the offer with kuma13_client_hello_add_psk (binders zeroed), computes
 * each binder with kuma13_psk_binder over the first `truncated` bytes and
 * stores it with kuma13_psk_set_binder. A server parses the ClientHello,
 * parses the offer from its pre_shared_key extension, and checks the
 * binder of the identity it picks with kuma13_psk_verify_binder.
 *
 * The alerts returned here and the reasons OpenSSL 3.0 gives with them
 * (sslerr.h), for the engines to raise:
 *   offer or binder list malformed      decode_error      SSL_R_BAD_EXTENSION
 *   binder wrong                        decrypt_error     SSL_R_BINDER_DOES_NOT_VERIFY
 *     (RFC 8446's alert; OpenSSL 3.0 sends illegal_parameter, and so do the engines)
 *   pre_shared_key not last             illegal_parameter SSL_R_BAD_EXTENSION
 *   no psk_key_exchange_modes           missing_extension SSL_R_MISSING_PSK_KEX_MODES_EXTENSION
 *   early_data with a body              decode_error      SSL_R_BAD_EXTENSION
 *   selected_identity not offered       illegal_parameter SSL_R_BAD_PSK_IDENTITY
 */
#ifndef KUMASSL_TLS13_PSK_INT_H
#define KUMASSL_TLS13_PSK_INT_H
#include "tls13_int.h"

/* Identities of one offer that a server looks at; more are checked for syntax only. */
#define KUMA13_MAX_PSK_IDENTITIES 8
#define KUMA13_MIN_BINDER 32            /* PskBinderEntry<32..255> */
#define KUMA13_MAX_BINDER 255

/* psk_key_exchange_modes values (section 4.2.9) and the mask bits of kuma13_parse_psk_modes. */
#define KUMA13_PSK_KE 0
#define KUMA13_PSK_DHE_KE 1
#define KUMA13_MODE_PSK_KE (1u << KUMA13_PSK_KE)
#define KUMA13_MODE_PSK_DHE_KE (1u << KUMA13_PSK_DHE_KE)

/* ---- psk.c: the offer ------------------------------------------------------------ */

/* One identity of a client's offer, as received. */
typedef struct {
    kuma13_span identity;               /* 1..2^16-1 bytes: a ticket, or an external identity */
    uint32_t obfuscated_age;            /* 0 for external PSKs */
    kuma13_span binder;                 /* the binder in the same position */
} kuma13_psk_identity;

/* A client's pre_shared_key extension (OfferedPsks), decoded. */
typedef struct {
    size_t count;                       /* identities offered (all of them) */
    kuma13_psk_identity ids[KUMA13_MAX_PSK_IDENTITIES];  /* the first ones */
    const unsigned char *binders;       /* the binders list, its 2-byte length first */
    size_t binders_len;                 /* bytes from there to the extension's end */
} kuma13_psk_offer;

/*
 * Decodes OfferedPsks from the body of a ClientHello's pre_shared_key
 * extension (ch->exts.data[...]). 0, or the alert: decode_error for bad
 * lengths, no identity, an empty identity, a binder outside 32..255 bytes,
 * or binders and identities in different numbers.
 */
int kuma13_parse_psk_offer(const unsigned char *ext, size_t len, kuma13_psk_offer *offer);

/*
 * The length of the ClientHello message ch (header included, ch_len
 * bytes) truncated before the binders (section 4.2.11.2), in *truncated.
 * 0, or illegal_parameter when the offer's binders are not the last bytes
 * of ch (pre_shared_key must be the last extension).
 */
int kuma13_psk_truncated_len(const unsigned char *ch, size_t ch_len, const kuma13_psk_offer *offer,
                             size_t *truncated);

/* What a client offers for one PSK. */
typedef struct {
    const unsigned char *identity;
    size_t identity_len;                /* 1..2^16-1 */
    uint32_t obfuscated_age;            /* kuma13_obfuscate_age(), 0 for external PSKs */
    size_t binder_len;                  /* the PSK's hash length */
} kuma13_psk_entry;

/*
 * Appends a pre_shared_key extension offering the n entries (binders
 * zeroed) to the complete ClientHello message at msg (*len bytes, cap
 * bytes of room), fixing the message's and the extensions' lengths.
 * *truncated gets the length to compute the binders over. 0 on success,
 * -1 when msg is no well-formed ClientHello or has a pre_shared_key
 * already, the entries are invalid, or it does not fit.
 */
int kuma13_client_hello_add_psk(unsigned char *msg, size_t *len, size_t cap,
                                const kuma13_psk_entry *entries, size_t n, size_t *truncated);
/*
 * Stores binder (binder_len bytes) as binder number index of the offer
 * that ends the ClientHello msg (len bytes) made by kuma13_client_hello_add_psk.
 * 0, or -1 when there is no such binder of that length.
 */
int kuma13_psk_set_binder(unsigned char *msg, size_t len, size_t index,
                          const unsigned char *binder, size_t binder_len);

/* Appends the server's pre_shared_key extension (type and length included): selected_identity. */
void kuma13_write_psk_selected(kuma13_wr *w, unsigned index);
/* Client: 0 when the server's selected_identity is one offered, else illegal_parameter. */
int kuma13_psk_check_selected(unsigned selected, size_t offered);

/* ---- psk.c: secrets ---------------------------------------------------------------- */

/* The PSK a ticket stands for: HKDF-Expand-Label(resumption_master, "resumption", nonce, Hash.length). */
void kuma13_resumption_psk(const br_hash_class *h, const unsigned char *resumption_master,
                           const unsigned char *nonce, size_t nonce_len, unsigned char *psk);
/* binder_key = Derive-Secret(early secret, "ext binder" or "res binder", ""); the hash's length. */
void kuma13_psk_binder_key(const kuma13_schedule *early, int external, unsigned char *binder_key);
/*
 * A binder: HMAC(finished_key(binder_key), Transcript-Hash(prior,
 * truncated ClientHello)). prior holds the messages before this
 * ClientHello (ClientHello1 and the HelloRetryRequest), hash selected, or
 * is NULL for none. out gets the hash's length.
 */
void kuma13_psk_binder(const br_hash_class *h, const unsigned char *binder_key,
                       const kuma13_transcript *prior, const unsigned char *ch, size_t truncated,
                       unsigned char *out);
/*
 * Server: checks the binder of identity index of offer against the
 * ClientHello ch (ch_len bytes, header included), in constant time. 0, or
 * the alert: decrypt_error for a wrong binder (OpenSSL's
 * SSL_R_BINDER_DOES_NOT_VERIFY), illegal_parameter when index is not
 * offered or the binders are not last.
 */
int kuma13_psk_verify_binder(const br_hash_class *h, const unsigned char *binder_key,
                             const kuma13_transcript *prior, const unsigned char *ch, size_t ch_len,
                             const kuma13_psk_offer *offer, size_t index);
/* client_early_traffic_secret = Derive-Secret(early secret, "c e traffic", ClientHello). */
void kuma13_client_early_traffic_secret(const kuma13_schedule *early, const unsigned char *ch_hash,
                                        unsigned char *out);
/* early_exporter_master_secret = Derive-Secret(early secret, "e exp master", ClientHello). */
void kuma13_early_exporter_master(const kuma13_schedule *early, const unsigned char *ch_hash,
                                  unsigned char *out);

/* ---- early_data.c -------------------------------------------------------------------- */

/* Appends psk_key_exchange_modes (type and length included) with the modes in mask (KUMA13_MODE_*). */
void kuma13_write_psk_modes(kuma13_wr *w, unsigned mask);
/*
 * The modes in a ClientHello's psk_key_exchange_modes (ch->psk_modes, the
 * vector's contents) as a KUMA13_MODE_* mask; unknown modes are ignored.
 */
unsigned kuma13_parse_psk_modes(const kuma13_span *modes);
/*
 * Server: the PSK extensions of a ClientHello together (section 4.2.9):
 * 0, or missing_extension for pre_shared_key without
 * psk_key_exchange_modes, decode_error for a non-empty early_data.
 */
int kuma13_check_psk_exts(const kuma13_client_hello *ch);

/* Appends an empty early_data extension (ClientHello, EncryptedExtensions). */
void kuma13_write_early_data(kuma13_wr *w);
/* Appends NewSessionTicket's early_data extension: max_early_data_size. */
void kuma13_write_early_data_ticket(kuma13_wr *w, uint32_t max_early_data);

/* obfuscated_ticket_age = (age in ms + ticket_age_add) mod 2^32 (section 4.2.11). */
uint32_t kuma13_obfuscate_age(uint32_t age_ms, uint32_t age_add);

/* What a server makes of a ticket's age (section 8.3). */
enum kuma13_ticket_age {
    KUMA13_AGE_OK,                      /* fresh: early data may be accepted */
    KUMA13_AGE_SKEWED,                  /* resumable, but too far from the age seen: no early data */
    KUMA13_AGE_EXPIRED                  /* past its lifetime (or issued in the future): not resumable */
};

/*
 * Judges a ticket issued at issued_ms (the server's clock) with lifetime
 * lifetime_s, offered at now_ms with obfuscated_age: the client's view of
 * the age must be within window_ms of the server's.
 */
enum kuma13_ticket_age kuma13_ticket_age_check(uint32_t obfuscated_age, uint32_t age_add,
                                               uint64_t issued_ms, uint64_t now_ms,
                                               uint32_t lifetime_s, uint32_t window_ms);

#endif
