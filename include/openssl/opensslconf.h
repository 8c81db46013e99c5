/* kumassl: build configuration, as OpenSSL's <openssl/opensslconf.h>. */
#ifndef KUMASSL_OPENSSLCONF_H
#define KUMASSL_OPENSSLCONF_H
#include <openssl/opensslv.h>
/* Features kumassl does not offer, announced the way OpenSSL announces them. */
#ifndef OPENSSL_NO_SSL3
#define OPENSSL_NO_SSL3
#endif
#ifndef OPENSSL_NO_COMP
#define OPENSSL_NO_COMP
#endif
#ifndef OPENSSL_NO_DTLS
#define OPENSSL_NO_DTLS
#endif
#ifndef OPENSSL_NO_SRP
#define OPENSSL_NO_SRP
#endif
#ifndef OPENSSL_NO_OCSP
#define OPENSSL_NO_OCSP
#endif
#ifndef OPENSSL_NO_ENGINE
#define OPENSSL_NO_ENGINE
#endif
#ifndef OPENSSL_THREADS
#define OPENSSL_THREADS
#endif
#endif
