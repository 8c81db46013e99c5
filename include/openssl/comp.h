/*
 * kumassl: compression methods, as OpenSSL's <openssl/comp.h>. kumassl has
 * none (OPENSSL_NO_COMP, as an OpenSSL built with no-comp): TLS compression
 * is never negotiated and no COMP_METHOD exists.
 */
#ifndef KUMASSL_COMP_H
#define KUMASSL_COMP_H
#include <openssl/opensslconf.h>
#include <openssl/types.h>
#include <openssl/objects.h>
#ifdef __cplusplus
extern "C" {
#endif

/* NID_undef / NULL: there is no method to describe. */
int COMP_get_type(const COMP_METHOD *meth);
const char *COMP_get_name(const COMP_METHOD *meth);

#ifdef __cplusplus
}
#endif
#endif
