/*
 * kumassl: version numbers, as OpenSSL's <openssl/opensslv.h>.
 *
 * kumassl presents itself as the OpenSSL 3.0 API level; OpenSSL_version()
 * tells the truth about what is underneath (kumassl over BearSSL).
 */
#ifndef KUMASSL_OPENSSLV_H
#define KUMASSL_OPENSSLV_H

#define KUMASSL_VERSION_TEXT "kumassl 0.1.0"
#define KUMASSL 1

#define OPENSSL_VERSION_MAJOR 3
#define OPENSSL_VERSION_MINOR 0
#define OPENSSL_VERSION_PATCH 0
#define OPENSSL_VERSION_PRE_RELEASE ""
#define OPENSSL_VERSION_BUILD_METADATA "+kumassl"
#define OPENSSL_VERSION_STR "3.0.0"
#define OPENSSL_FULL_VERSION_STR "3.0.0+kumassl"
#define OPENSSL_VERSION_TEXT "OpenSSL 3.0.0 (compatible; " KUMASSL_VERSION_TEXT " over BearSSL)"
#define OPENSSL_VERSION_NUMBER 0x30000000L
#define OPENSSL_SHLIB_VERSION 3
#define SHLIB_VERSION_NUMBER "3"
#define OPENSSL_API_COMPAT 10101
#define OPENSSL_API_LEVEL 30000

#endif
