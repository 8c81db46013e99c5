/* kumassl: OpenSSL 3.0's <openssl/buffererr.h>; kumassl keeps these reason codes in <openssl/buffer.h>. */
#ifndef KUMASSL_BUFFERERR_H
#define KUMASSL_BUFFERERR_H
#include <openssl/buffer.h>
#endif
