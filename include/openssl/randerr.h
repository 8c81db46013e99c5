/* kumassl: OpenSSL 3.0's <openssl/randerr.h>; kumassl keeps these reason codes in <openssl/rand.h>. */
#ifndef KUMASSL_RANDERR_H
#define KUMASSL_RANDERR_H
#include <openssl/rand.h>
#endif
