/* kumassl: configuration files are not read; the header exists for programs that include it. */
#ifndef KUMASSL_CONF_H
#define KUMASSL_CONF_H
#include <openssl/types.h>
#endif
