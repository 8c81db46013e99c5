/*
 * kumassl: compression methods (COMP_METHOD). kumassl is built as OpenSSL
 * is with no-comp: no method exists, so the ones programs can be given
 * (SSL_get_current_compression) are always NULL.
 */
#include <openssl/comp.h>

int COMP_get_type(const COMP_METHOD *meth)
{
    (void)meth;
    return NID_undef;
}

const char *COMP_get_name(const COMP_METHOD *meth)
{
    (void)meth;
    return NULL;
}
