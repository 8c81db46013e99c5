/*
 * kumassl: basic I/O abstraction, as OpenSSL's <openssl/bio.h>.
 * Two kinds are built in: sockets (BIO_s_socket) and memory (BIO_s_mem).
 */
#ifndef KUMASSL_BIO_H
#define KUMASSL_BIO_H
#include <stdio.h>
#include <stdarg.h>
#include <openssl/e_os2.h>
#include <openssl/types.h>
#include <openssl/crypto.h>
#ifdef __cplusplus
extern "C" {
#endif

#define BIO_NOCLOSE 0x00
#define BIO_CLOSE   0x01

#define BIO_TYPE_NONE       0
#define BIO_TYPE_MEM        (1 | 0x0400)
#define BIO_TYPE_FILE       (2 | 0x0400)
#define BIO_TYPE_FD         (4 | 0x0400 | 0x0100)
#define BIO_TYPE_SOCKET     (5 | 0x0400 | 0x0100)

#define BIO_FLAGS_READ          0x01
#define BIO_FLAGS_WRITE         0x02
#define BIO_FLAGS_IO_SPECIAL    0x04
#define BIO_FLAGS_RWS (BIO_FLAGS_READ | BIO_FLAGS_WRITE | BIO_FLAGS_IO_SPECIAL)
#define BIO_FLAGS_SHOULD_RETRY  0x08
#define BIO_FLAGS_MEM_RDONLY    0x200
#define BIO_FLAGS_NONCLEAR_RST  0x400

#define BIO_CTRL_RESET        1
#define BIO_CTRL_EOF          2
#define BIO_CTRL_INFO         3
#define BIO_CTRL_GET_CLOSE    8
#define BIO_CTRL_SET_CLOSE    9
#define BIO_CTRL_PENDING      10
#define BIO_CTRL_FLUSH        11
#define BIO_CTRL_WPENDING     13
#define BIO_C_SET_FD          104
#define BIO_C_GET_FD          105
#define BIO_C_SET_BUF_MEM_EOF_RETURN 130

/* A new BIO of the given method, or NULL. */
BIO *BIO_new(const BIO_METHOD *type);
/* Drops a reference; frees the BIO (closing its fd if BIO_CLOSE) at zero. 1 on success. */
int BIO_free(BIO *a);
void BIO_free_all(BIO *a);
void BIO_vfree(BIO *a);
/* Takes a reference. */
int BIO_up_ref(BIO *a);
/* Reads up to dlen bytes; >0 bytes read, 0 EOF, -1 error or retry (see BIO_should_retry). */
int BIO_read(BIO *b, void *data, int dlen);
/* Writes dlen bytes; bytes written, or -1 (see BIO_should_retry). */
int BIO_write(BIO *b, const void *data, int dlen);
int BIO_puts(BIO *b, const char *buf);
int BIO_printf(BIO *bio, const char *format, ...);
int BIO_vprintf(BIO *bio, const char *format, va_list args);
/* Control operation; the BIO_C_ / BIO_CTRL_ commands above. */
long BIO_ctrl(BIO *bp, int cmd, long larg, void *parg);
/* Whether the last failed operation may succeed if retried, and in which direction. */
int BIO_test_flags(const BIO *b, int flags);
void BIO_set_flags(BIO *b, int flags);
void BIO_clear_flags(BIO *b, int flags);
#define BIO_should_retry(b) BIO_test_flags(b, BIO_FLAGS_SHOULD_RETRY)
#define BIO_should_read(b) BIO_test_flags(b, BIO_FLAGS_READ)
#define BIO_should_write(b) BIO_test_flags(b, BIO_FLAGS_WRITE)
#define BIO_should_io_special(b) BIO_test_flags(b, BIO_FLAGS_IO_SPECIAL)
#define BIO_clear_retry_flags(b) BIO_clear_flags(b, (BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY))

/* Bytes waiting to be read (memory BIO). */
size_t BIO_ctrl_pending(BIO *b);
size_t BIO_ctrl_wpending(BIO *b);
#define BIO_pending(b) (int)BIO_ctrl(b, BIO_CTRL_PENDING, 0, NULL)
#define BIO_wpending(b) (int)BIO_ctrl(b, BIO_CTRL_WPENDING, 0, NULL)
#define BIO_reset(b) (int)BIO_ctrl(b, BIO_CTRL_RESET, 0, NULL)
#define BIO_eof(b) (int)BIO_ctrl(b, BIO_CTRL_EOF, 0, NULL)
#define BIO_flush(b) (int)BIO_ctrl(b, BIO_CTRL_FLUSH, 0, NULL)
#define BIO_set_close(b, c) (int)BIO_ctrl(b, BIO_CTRL_SET_CLOSE, (c), NULL)
#define BIO_get_close(b) (int)BIO_ctrl(b, BIO_CTRL_GET_CLOSE, 0, NULL)
#define BIO_set_fd(b, fd, c) BIO_int_ctrl(b, BIO_C_SET_FD, c, fd)
#define BIO_get_fd(b, c) BIO_ctrl(b, BIO_C_GET_FD, 0, (char *)(c))
#define BIO_set_mem_eof_return(b, v) BIO_ctrl(b, BIO_C_SET_BUF_MEM_EOF_RETURN, v, NULL)
#define BIO_get_mem_data(b, pp) BIO_ctrl(b, BIO_CTRL_INFO, 0, (char *)(pp))
long BIO_int_ctrl(BIO *bp, int cmd, long larg, int iarg);

/* Method of socket BIOs: reads with recv(), writes with send(MSG_NOSIGNAL). */
const BIO_METHOD *BIO_s_socket(void);
/* Method of memory BIOs: a growable FIFO of bytes. */
const BIO_METHOD *BIO_s_mem(void);
/* A socket BIO over fd; close_flag BIO_CLOSE closes fd when the BIO is freed. */
BIO *BIO_new_socket(int sock, int close_flag);
/* A read-only memory BIO over buf (len -1: strlen(buf)); buf must outlive it. */
BIO *BIO_new_mem_buf(const void *buf, int len);
/* A BIO writing to a stdio stream (used by ERR_print_errors and friends). */
BIO *BIO_new_fp(FILE *stream, int close_flag);

#ifdef __cplusplus
}
#endif
#endif
