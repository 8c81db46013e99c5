/* kumassl: OpenSSL 3.0's <openssl/objectserr.h>; kumassl keeps these reason codes in <openssl/objects.h>. */
#ifndef KUMASSL_OBJECTSERR_H
#define KUMASSL_OBJECTSERR_H
#include <openssl/objects.h>
#endif
