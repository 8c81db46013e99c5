/* kumassl: OpenSSL 3.0's <openssl/dherr.h>; kumassl keeps these reason codes in <openssl/dh.h>. */
#ifndef KUMASSL_DHERR_H
#define KUMASSL_DHERR_H
#include <openssl/dh.h>
#endif
