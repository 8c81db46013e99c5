/* kumassl: OpenSSL 3.0's <openssl/rsaerr.h>; kumassl keeps these reason codes in <openssl/rsa.h>. */
#ifndef KUMASSL_RSAERR_H
#define KUMASSL_RSAERR_H
#include <openssl/rsa.h>
#endif
