/* kumassl: configuration files are not read; the header exists for programs that include it. */
#ifndef KUMASSL_CONF_H
#define KUMASSL_CONF_H
#include <openssl/types.h>
#ifdef __cplusplus
extern "C" {
#endif
/* No configuration module is ever loaded: nothing to unload. */
void CONF_modules_unload(int all);
#ifdef __cplusplus
}
#endif
#endif
