/* kumassl: OpenSSL 3.0's <openssl/pemerr.h>; kumassl keeps these reason codes in <openssl/pem.h>. */
#ifndef KUMASSL_PEMERR_H
#define KUMASSL_PEMERR_H
#include <openssl/pem.h>
#endif
