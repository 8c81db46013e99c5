/* kumassl: OpenSSL 3.0's <openssl/engineerr.h>; kumassl keeps these reason codes in <openssl/engine.h>. */
#ifndef KUMASSL_ENGINEERR_H
#define KUMASSL_ENGINEERR_H
#include <openssl/engine.h>
#endif
