/* kumassl: random numbers, as OpenSSL's <openssl/rand.h>. */
#ifndef KUMASSL_RAND_H
#define KUMASSL_RAND_H
#include <openssl/types.h>
#ifdef __cplusplus
extern "C" {
#endif
/* Fills buf with num bytes from the operating system's generator: 1 on success, 0 on failure. */
int RAND_bytes(unsigned char *buf, int num);
/* Whether the generator is seeded: always 1 (the OS seeds it). */
int RAND_status(void);
#ifdef __cplusplus
}
#endif
#endif
