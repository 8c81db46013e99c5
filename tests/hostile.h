/*
 * The scripted hostile peers of check_hostile, shared by its two files:
 * check_hostile.c (kumassl survives) and hostile_alerts.c (kumassl tells
 * the peer, with the alert RFC 5246 names, and the program, with the
 * reason OpenSSL queues).
 */
#ifndef KUMA_TESTS_HOSTILE_H
#define KUMA_TESTS_HOSTILE_H
#include <check.h>
#include <pthread.h>
#include <stddef.h>
#include <openssl/ssl.h>

#define PEER_TIMEOUT_MS 3000
#define MAX_BYTES 300000

/* A byte string, grown by put() (at most MAX_BYTES). */
typedef struct {
    unsigned char *p;
    size_t len;
} bytes;

void put(bytes *b, const void *p, size_t n);
/* A TLS 1.2 record of this type around payload. */
void put_record(bytes *b, unsigned char type, const void *payload, size_t n);
/* Everything readable on fd within a short wait. */
void read_some(int fd, bytes *out, int wait_ms);

/* The client's first flight (ClientHello record) and the server's answer, recorded from kumassl. */
extern bytes client_hello, server_flight;
void record_flights(void);
/* The handshake message of type t in a flight of plaintext handshake records. */
bytes message_of(const bytes *flight, unsigned char t);

/* A scripted peer on fd, run by peer_main in its own thread. */
typedef struct {
    int fd;
    int read_first;     /* the peer is a server: reads the ClientHello before writing */
    int reset;          /* ends with a TCP reset (SO_LINGER 0) instead of a FIN */
    int stall;          /* writes nothing and waits (until kumassl closes) */
    int keep_in;        /* keeps what kumassl sent in `in` (the caller frees it) */
    bytes out;
    bytes in;
    pthread_t thread;
} peer;

void *peer_main(void *arg);

/* Ends a kumassl connection and its peer thread: frees ssl and both contexts, closes fd. */
void end_pair(SSL *ssl, SSL_CTX *ctx, int fd, pthread_t peer_thread, SSL_CTX *peer_ctx);

/* hostile_alerts.c: its test cases, added to the suite. */
void hostile_alert_tests(Suite *s);

#endif
