/* kumassl: X.509 v3 helpers, as OpenSSL's <openssl/x509v3.h>. */
#ifndef KUMASSL_X509V3_H
#define KUMASSL_X509V3_H
#include <openssl/x509.h>
#ifdef __cplusplus
extern "C" {
#endif

/*
 * Checks the certificate against a DNS name (subjectAltName dNSName, else the
 * subject CN), with OpenSSL's wildcard rules and the X509_CHECK_FLAG_* flags.
 * namelen 0 means strlen(name). 1 match, 0 no match, -1 error. On a match,
 * *peername (if not NULL) gets a copy of the name that matched.
 */
int X509_check_host(X509 *x, const char *name, size_t namelen,
                    unsigned int flags, char **peername);
/* Checks against an IP address in binary form (4 or 16 bytes). */
int X509_check_ip(X509 *x, const unsigned char *address, size_t address_len,
                  unsigned int flags);
/* Checks against an IP address in text form ("127.0.0.1", "::1"). */
int X509_check_ip_asc(X509 *x, const char *address, unsigned int flags);

#ifdef __cplusplus
}
#endif
#endif
