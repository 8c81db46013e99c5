/* kumassl: OpenSSL 3.0's <openssl/conferr.h>; kumassl keeps these reason codes in <openssl/conf.h>. */
#ifndef KUMASSL_CONFERR_H
#define KUMASSL_CONFERR_H
#include <openssl/conf.h>
#endif
