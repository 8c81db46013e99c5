/* kumassl: OpenSSL 3.0's <openssl/uierr.h>; kumassl keeps these reason codes in <openssl/ui.h>. */
#ifndef KUMASSL_UIERR_H
#define KUMASSL_UIERR_H
#include <openssl/ui.h>
#endif
