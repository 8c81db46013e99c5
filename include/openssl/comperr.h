/* kumassl: OpenSSL 3.0's <openssl/comperr.h>; kumassl keeps these reason codes in <openssl/comp.h>. */
#ifndef KUMASSL_COMPERR_H
#define KUMASSL_COMPERR_H
#include <openssl/comp.h>
#endif
