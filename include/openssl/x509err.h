/* kumassl: OpenSSL 3.0's <openssl/x509err.h>; kumassl keeps these reason codes in <openssl/x509.h>. */
#ifndef KUMASSL_X509ERR_H
#define KUMASSL_X509ERR_H
#include <openssl/x509.h>
#endif
