/* kumassl: BUF_MEM (buffer.h): a length, its bytes and the room allocated. */
#include <limits.h>
#include <string.h>
#include <openssl/buffer.h>
#include "crypto_int.h"

BUF_MEM *BUF_MEM_new(void)
{
    BUF_MEM *b = OPENSSL_zalloc(sizeof(*b));

    if (b == NULL)
        ERR_raise(ERR_LIB_BUF, ERR_R_MALLOC_FAILURE);
    return b;
}

void BUF_MEM_free(BUF_MEM *a)
{
    if (a == NULL)
        return;
    if (a->data != NULL)
        OPENSSL_cleanse(a->data, a->max);
    OPENSSL_free(a->data);
    OPENSSL_free(a);
}

/* Grows to len: a fresh allocation, the old bytes copied and wiped (so nothing is left behind). */
size_t BUF_MEM_grow_clean(BUF_MEM *str, size_t len)
{
    char *p;
    size_t max;

    if (str == NULL)
        return 0;
    if (len <= str->max) {
        if (len > str->length)
            memset(str->data + str->length, 0, len - str->length);
        else if (str->data != NULL)
            OPENSSL_cleanse(str->data + len, str->length - len);
        str->length = len;
        return len;
    }
    if (len > (SIZE_MAX / 4) * 3 - 3) {
        ERR_raise(ERR_LIB_BUF, ERR_R_PASSED_INVALID_ARGUMENT);
        return 0;
    }
    max = (len + 3) / 3 * 4;            /* room to grow by a third, as OpenSSL */
    if ((p = OPENSSL_zalloc(max)) == NULL) {
        ERR_raise(ERR_LIB_BUF, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    if (str->data != NULL) {
        memcpy(p, str->data, str->length);
        OPENSSL_cleanse(str->data, str->max);
        OPENSSL_free(str->data);
    }
    str->data = p;
    str->max = max;
    str->length = len;
    return len;
}

size_t BUF_MEM_grow(BUF_MEM *str, size_t len)
{
    return BUF_MEM_grow_clean(str, len);
}
