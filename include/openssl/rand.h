/* kumassl: random numbers, as OpenSSL's <openssl/rand.h>. */
#ifndef KUMASSL_RAND_H
#define KUMASSL_RAND_H
#include <openssl/types.h>
#ifdef __cplusplus
extern "C" {
#endif
/*
 * Fills buf with num bytes from the operating system's generator: 1 on
 * success, 0 on failure (an error is queued).
 */
int RAND_bytes(unsigned char *buf, int num);
/* The same: the operating system's generator serves both purposes. */
int RAND_priv_bytes(unsigned char *buf, int num);
/* Whether the generator is seeded: always 1 (the OS seeds it). */
int RAND_status(void);
/* Reseeding hooks; the OS generator needs none: RAND_poll returns 1, the others do nothing. */
int RAND_poll(void);
void RAND_seed(const void *buf, int num);
void RAND_add(const void *buf, int num, double randomness);
#ifdef __cplusplus
}
#endif
#endif
