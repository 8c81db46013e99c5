/* kumassl: engines are not supported (OPENSSL_NO_ENGINE); the header exists for programs that include it. */
#ifndef KUMASSL_ENGINE_H
#define KUMASSL_ENGINE_H
#include <openssl/types.h>
#endif
