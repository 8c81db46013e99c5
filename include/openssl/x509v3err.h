/* kumassl: OpenSSL 3.0's <openssl/x509v3err.h>; kumassl keeps these reason codes in <openssl/x509v3.h>. */
#ifndef KUMASSL_X509V3ERR_H
#define KUMASSL_X509V3ERR_H
#include <openssl/x509v3.h>
#endif
