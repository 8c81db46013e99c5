/* kumassl: OpenSSL 3.0's <openssl/evperr.h>; kumassl keeps these reason codes in <openssl/evp.h>. */
#ifndef KUMASSL_EVPERR_H
#define KUMASSL_EVPERR_H
#include <openssl/evp.h>
#endif
