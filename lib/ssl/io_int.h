/*
 * kumassl: what the pump (io.c) and its transport (io_transport.c) share.
 * Nothing else includes this.
 */
#ifndef KUMASSL_IO_INT_H
#define KUMASSL_IO_INT_H
#include "ssl_int.h"

/* What pump() ran into when it did not reach its target. */
#define PUMP_REACHED 1
#define PUMP_CLOSED 0           /* the engine closed (cleanly or not) */
#define PUMP_BLOCKED (-1)       /* retry later, or transport error: see s->error_kind */
#define PUMP_EOF (-2)           /* the transport ended without close_notify */

/* Writes bytes to wbio: how many it took (> 0), or PUMP_BLOCKED with s->error_kind set. */
int kuma_io_write(SSL *s, const unsigned char *p, size_t len);
/* Moves the engine's ready record into the flight (acked): 1, or PUMP_BLOCKED (no memory). */
int kuma_io_gather(SSL *s);
/* Writes what is left of the flight: 1 once it is empty, else PUMP_BLOCKED. */
int kuma_io_send_flight(SSL *s);
/* 1 when the flight holds nothing (a record may then go straight from the engine). */
int kuma_io_flight_empty(const SSL *s);
/*
 * Reads at most len bytes the engine asked for: from bytes read ahead, or
 * from rbio (more than len into the read-ahead buffer when read-ahead is
 * on). How many (> 0), PUMP_EOF, or PUMP_BLOCKED with s->error_kind set.
 */
int kuma_io_read(SSL *s, unsigned char *buf, size_t len);
/* Bytes read ahead and not yet given to the engine. */
size_t kuma_io_ahead_pending(const SSL *s);
/* End of an API call: buffers with nothing in them go. */
void kuma_io_rest(SSL *s);

#endif
