/* kumassl: OpenSSL 3.0's <openssl/cryptoerr.h>; kumassl keeps these reason codes in <openssl/crypto.h>. */
#ifndef KUMASSL_CRYPTOERR_H
#define KUMASSL_CRYPTOERR_H
#include <openssl/crypto.h>
#endif
