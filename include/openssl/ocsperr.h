/* kumassl: OpenSSL 3.0's <openssl/ocsperr.h>; kumassl keeps these reason codes in <openssl/ocsp.h>. */
#ifndef KUMASSL_OCSPERR_H
#define KUMASSL_OCSPERR_H
#include <openssl/ocsp.h>
#endif
