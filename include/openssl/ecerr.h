/* kumassl: OpenSSL 3.0's <openssl/ecerr.h>; kumassl keeps these reason codes in <openssl/ec.h>. */
#ifndef KUMASSL_ECERR_H
#define KUMASSL_ECERR_H
#include <openssl/ec.h>
#endif
