/* kumassl: legacy name of <openssl/types.h>. */
#include <openssl/types.h>
