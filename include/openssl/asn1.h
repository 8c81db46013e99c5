/* kumassl: the ASN.1 string type, as far as certificates need it. */
#ifndef KUMASSL_ASN1_H
#define KUMASSL_ASN1_H
#include <openssl/types.h>
#endif
