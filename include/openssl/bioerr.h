/* kumassl: OpenSSL 3.0's <openssl/bioerr.h>; kumassl keeps these reason codes in <openssl/bio.h>. */
#ifndef KUMASSL_BIOERR_H
#define KUMASSL_BIOERR_H
#include <openssl/bio.h>
#endif
