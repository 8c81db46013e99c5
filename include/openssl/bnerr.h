/* kumassl: OpenSSL 3.0's <openssl/bnerr.h>; kumassl keeps these reason codes in <openssl/bn.h>. */
#ifndef KUMASSL_BNERR_H
#define KUMASSL_BNERR_H
#include <openssl/bn.h>
#endif
