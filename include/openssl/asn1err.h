/* kumassl: OpenSSL 3.0's <openssl/asn1err.h>; kumassl keeps these reason codes in <openssl/asn1.h>. */
#ifndef KUMASSL_ASN1ERR_H
#define KUMASSL_ASN1ERR_H
#include <openssl/asn1.h>
#endif
