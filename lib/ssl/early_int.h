/*
 * kumassl: what an engine tells the early-data feature (early_io.c,
 * early_replay.c) and asks it, in engine-neutral terms.
 */
#ifndef KUMASSL_EARLY_INT_H
#define KUMASSL_EARLY_INT_H
#include "ssl_int.h"

struct kuma_replay;

/* Records what became of the client's early data: SSL_EARLY_DATA_ACCEPTED or _REJECTED. */
void kuma_early_set_status(SSL *s, int status);

/*
 * Server: 1 when the program reads early data (SSL_read_early_data is
 * running the handshake) and SSL_CTX_set_allow_early_data_cb's callback,
 * if any, agrees: early data may be accepted. OpenSSL rejects it otherwise.
 */
int kuma_early_server_wants(SSL *s);
/*
 * Server: len bytes of early data arrived; kept for SSL_read_early_data.
 * 1, or 0 when they would pass SSL_get_recv_max_early_data (or memory runs
 * out): the engine then fails the handshake.
 */
int kuma_early_received(SSL *s, const unsigned char *data, size_t len);

/*
 * Client: the early data SSL_write_early_data kept for the ClientHello
 * (*data, the count returned; 0 when none). The engine sends it under the
 * early keys when its PSK allows that much, then calls kuma_early_set_status.
 */
size_t kuma_early_outgoing(SSL *s, const unsigned char **data);

/* Tickets the replay record of one SSL_CTX holds at most. */
#define KUMA_REPLAY_MAX 4096

/*
 * Server, before accepting early data on a ticket or PSK: 1 when this is
 * the first time its identity (id_len bytes) carries early data within
 * lifetime_s seconds, or SSL_OP_NO_ANTI_REPLAY is set; 0 for a replay, or
 * when the record is full of live tickets (early data is then refused, as
 * a record that cannot remember cannot tell a replay). The record belongs
 * to s's SSL_CTX and is shared by its threads. now_s is the time in
 * seconds (time(NULL) when 0).
 */
int kuma_early_replay_admit(SSL *s, const unsigned char *id, size_t id_len, uint32_t lifetime_s,
                            long now_s);

/* Frees an SSL_CTX's replay record (events.c, as the SSL_CTX goes). */
void kuma_early_replay_free(struct kuma_replay *r);

#endif
