/* kumassl: OpenSSL 3.0's <openssl/decodererr.h>; kumassl keeps these reason codes in <openssl/decoder.h>. */
#ifndef KUMASSL_DECODERERR_H
#define KUMASSL_DECODERERR_H
#include <openssl/decoder.h>
#endif
