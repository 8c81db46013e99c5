/*
 * kumassl: growable buffers (BUF_MEM), as OpenSSL's <openssl/buffer.h>,
 * with OpenSSL's public layout (programs read length and data directly).
 */
#ifndef KUMASSL_BUFFER_H
#define KUMASSL_BUFFER_H
#include <stddef.h>
#include <openssl/types.h>
#ifdef __cplusplus
extern "C" {
#endif

#define BUF_MEM_FLAG_SECURE 0x01

typedef struct buf_mem_st {
    size_t length;              /* bytes in use */
    char *data;
    size_t max;                 /* bytes allocated */
    unsigned long flags;
} BUF_MEM;

/* A new empty buffer; NULL on allocation failure. Freeing wipes the contents. */
BUF_MEM *BUF_MEM_new(void);
void BUF_MEM_free(BUF_MEM *a);
/* Makes length len (new bytes zeroed); returns len, or 0 on failure. _clean wipes what a move leaves behind. */
size_t BUF_MEM_grow(BUF_MEM *str, size_t len);
size_t BUF_MEM_grow_clean(BUF_MEM *str, size_t len);

#ifdef __cplusplus
}
#endif
#endif
