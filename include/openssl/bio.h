/*
 * kumassl: basic I/O abstraction, as OpenSSL's <openssl/bio.h>.
 * Built-in kinds: sockets (BIO_s_socket), file descriptors (BIO_s_fd),
 * memory (BIO_s_mem), pairs (BIO_s_bio) and stdio streams (BIO_new_fp);
 * plus OpenSSL 3's socket helpers (BIO_lookup_ex, BIO_socket, BIO_connect...).
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
#define BIO_TYPE_BIO        (19 | 0x0400)

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
#define BIO_C_SET_NBIO        102
#define BIO_C_SET_FD          104
#define BIO_C_GET_FD          105
#define BIO_C_SET_BUF_MEM_EOF_RETURN 130
#define BIO_C_SET_WRITE_BUF_SIZE  136
#define BIO_C_GET_WRITE_BUF_SIZE  137
#define BIO_C_MAKE_BIO_PAIR       138
#define BIO_C_DESTROY_BIO_PAIR    139
#define BIO_C_GET_WRITE_GUARANTEE 140
#define BIO_C_GET_READ_REQUEST    141
#define BIO_C_SHUTDOWN_WR         142
#define BIO_C_RESET_READ_REQUEST  147

/* Reasons of ERR_LIB_BIO errors (OpenSSL's <openssl/bioerr.h>). */
#define BIO_R_ACCEPT_ERROR                 100
#define BIO_R_CONNECT_ERROR                103
#define BIO_R_BROKEN_PIPE                  124
#define BIO_R_INVALID_ARGUMENT             125
#define BIO_R_IN_USE                       123
#define BIO_R_INVALID_SOCKET               135
#define BIO_R_GETSOCKNAME_ERROR            132
#define BIO_R_GETTING_SOCKTYPE             134
#define BIO_R_LISTEN_V6_ONLY               136
#define BIO_R_LOOKUP_RETURNED_NOTHING      142
#define BIO_R_UNABLE_TO_BIND_SOCKET        117
#define BIO_R_UNABLE_TO_CREATE_SOCKET      118
#define BIO_R_UNABLE_TO_KEEPALIVE          137
#define BIO_R_UNABLE_TO_LISTEN_SOCKET      119
#define BIO_R_UNABLE_TO_NODELAY            138
#define BIO_R_UNABLE_TO_REUSEADDR          139
#define BIO_R_UNKNOWN_INFO_TYPE            140
#define BIO_R_UNSUPPORTED_PROTOCOL_FAMILY  131
#define BIO_R_WRITE_TO_READ_ONLY_BIO       126

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

/* Bytes waiting to be read (memory BIO, BIO pair); waiting to be sent
 * by the peer of a BIO pair half (wpending). */
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
/* Socket and fd BIOs: puts the descriptor in (n != 0) or out of
 * non-blocking mode; 1 on success.  (OpenSSL's socket BIO ignores it.) */
#define BIO_set_nbio(b, n) BIO_ctrl(b, BIO_C_SET_NBIO, (n), NULL)
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
/* Method of fd BIOs: read() and write() on any descriptor. */
const BIO_METHOD *BIO_s_fd(void);
/* An fd BIO over fd; close_flag BIO_CLOSE closes fd when the BIO is freed. */
BIO *BIO_new_fd(int fd, int close_flag);

/* ---- BIO pairs ------------------------------------------------------------
 * Two BIOs joined back to back: what is written to one is read from the
 * other.  Each direction is a bounded buffer, owned by the writing half:
 * a write to a full one fails with -1 and BIO_should_write, a read of an
 * empty one fails with -1 and BIO_should_read -- or returns 0 (end of
 * file) once the writer called BIO_shutdown_wr.  Freeing one half, or
 * BIO_destroy_bio_pair, detaches the other; a detached half reads and
 * writes nothing (0). */

/* Method of one half of a pair. */
const BIO_METHOD *BIO_s_bio(void);
/* Two new halves, paired, in *bio1 and *bio2; writebuf1/2 are the sizes of
 * the buffers written through each (0: 17 KiB).  1 on success; on failure
 * 0, with both set to NULL. */
int BIO_new_bio_pair(BIO **bio1, size_t writebuf1, BIO **bio2, size_t writebuf2);
/* Bytes that can be written to b now without it failing (0 if unpaired). */
size_t BIO_ctrl_get_write_guarantee(BIO *b);
/* How many bytes the peer's last failed read of b's buffer asked for:
 * what the peer waits for.  Reset by a write to b. */
size_t BIO_ctrl_get_read_request(BIO *b);
int BIO_ctrl_reset_read_request(BIO *b);
/* Sets the size of the buffer written through b; only before pairing. */
#define BIO_set_write_buf_size(b, size) (int)BIO_ctrl(b, BIO_C_SET_WRITE_BUF_SIZE, size, NULL)
#define BIO_get_write_buf_size(b, size) (size_t)BIO_ctrl(b, BIO_C_GET_WRITE_BUF_SIZE, size, NULL)
/* Pairs two unpaired BIO_s_bio() halves; 1 on success. */
#define BIO_make_bio_pair(b1, b2) (int)BIO_ctrl(b1, BIO_C_MAKE_BIO_PAIR, 0, b2)
#define BIO_destroy_bio_pair(b) (int)BIO_ctrl(b, BIO_C_DESTROY_BIO_PAIR, 0, NULL)
/* Closes b's writing direction: once drained, the peer reads end of file. */
#define BIO_shutdown_wr(b) (int)BIO_ctrl(b, BIO_C_SHUTDOWN_WR, 0, NULL)
#define BIO_get_write_guarantee(b) (int)BIO_ctrl(b, BIO_C_GET_WRITE_GUARANTEE, 0, NULL)
#define BIO_get_read_request(b) (int)BIO_ctrl(b, BIO_C_GET_READ_REQUEST, 0, NULL)

/* ---- socket helpers (OpenSSL 3's BIO_ADDR layer) ---------------------------
 * Functions returning int give 1 on success and 0 on failure, those
 * returning a socket give -1 (INVALID_SOCKET) on failure; failures push
 * an ERR_LIB_SYS error with the errno and the call that failed, then an
 * ERR_LIB_BIO one naming what could not be done. */

/* A socket address of any family (sockaddr_in, _in6 or _un). */
typedef union bio_addr_st BIO_ADDR;
/* One result of BIO_lookup_ex; a list linked with BIO_ADDRINFO_next. */
typedef struct bio_addrinfo_st BIO_ADDRINFO;

/* A zeroed address (family AF_UNSPEC), or NULL. */
BIO_ADDR *BIO_ADDR_new(void);
void BIO_ADDR_free(BIO_ADDR *ap);
void BIO_ADDR_clear(BIO_ADDR *ap);
/* Fills ap: for AF_INET/AF_INET6 where is the raw address (in_addr or
 * in6_addr, wherelen its size) and port in network byte order; for
 * AF_UNIX where is the path. */
int BIO_ADDR_rawmake(BIO_ADDR *ap, int family, const void *where, size_t wherelen,
                     unsigned short port);
/* AF_INET, AF_INET6, AF_UNIX, or AF_UNSPEC for an empty address. */
int BIO_ADDR_family(const BIO_ADDR *ap);
/* Copies the raw address (or path) to p if not NULL and its size to *l. */
int BIO_ADDR_rawaddress(const BIO_ADDR *ap, void *p, size_t *l);
/* The port in network byte order (0 for other families). */
unsigned short BIO_ADDR_rawport(const BIO_ADDR *ap);
/* The host or service as text (numeric != 0: digits, no name lookup);
 * free with OPENSSL_free; NULL on failure. */
char *BIO_ADDR_hostname_string(const BIO_ADDR *ap, int numeric);
char *BIO_ADDR_service_string(const BIO_ADDR *ap, int numeric);
char *BIO_ADDR_path_string(const BIO_ADDR *ap);

const BIO_ADDRINFO *BIO_ADDRINFO_next(const BIO_ADDRINFO *bai);
int BIO_ADDRINFO_family(const BIO_ADDRINFO *bai);
int BIO_ADDRINFO_socktype(const BIO_ADDRINFO *bai);
int BIO_ADDRINFO_protocol(const BIO_ADDRINFO *bai);
const BIO_ADDR *BIO_ADDRINFO_address(const BIO_ADDRINFO *bai);
/* Frees the whole list. */
void BIO_ADDRINFO_free(BIO_ADDRINFO *bai);

enum BIO_lookup_type { BIO_LOOKUP_CLIENT, BIO_LOOKUP_SERVER };
/*
 * Resolves host and service (either may be NULL, not both) with
 * getaddrinfo(): lookup_type BIO_LOOKUP_SERVER gives addresses to listen on
 * (a NULL host: every interface); family AF_UNSPEC, AF_INET, AF_INET6 or
 * AF_UNIX (host is then the path); socktype and protocol 0 for any.
 * Sets *res to a list to free with BIO_ADDRINFO_free; 1 on success, 0 on
 * failure with gai_strerror's text in the error queue.
 */
int BIO_lookup_ex(const char *host, const char *service, int lookup_type,
                  int family, int socktype, int protocol, BIO_ADDRINFO **res);
/* BIO_lookup_ex with protocol 0. */
int BIO_lookup(const char *host, const char *service,
               enum BIO_lookup_type lookup_type, int family, int socktype,
               BIO_ADDRINFO **res);

#define BIO_SOCK_REUSEADDR 0x01
#define BIO_SOCK_V6_ONLY   0x02
#define BIO_SOCK_KEEPALIVE 0x04
#define BIO_SOCK_NONBLOCK  0x08
#define BIO_SOCK_NODELAY   0x10

/* socket(2); options is unused (as in OpenSSL 3.0). */
int BIO_socket(int domain, int socktype, int protocol, int options);
/* Connects sock to addr after applying the BIO_SOCK_ options.  With
 * BIO_SOCK_NONBLOCK a connection still under way returns 0 with no error
 * queued and BIO_sock_should_retry(-1) true: wait until sock is writable,
 * then BIO_sock_error(sock) tells how it went. */
int BIO_connect(int sock, const BIO_ADDR *addr, int options);
/* Binds sock to addr (BIO_SOCK_REUSEADDR honoured). */
int BIO_bind(int sock, const BIO_ADDR *addr, int options);
/* Binds a stream socket to addr and listens (backlog SOMAXCONN).  An
 * AF_INET6 socket also takes IPv4 unless BIO_SOCK_V6_ONLY. */
int BIO_listen(int sock, const BIO_ADDR *addr, int options);
/* Accepts a connection on accept_sock; stores the peer's address in addr
 * if not NULL; BIO_SOCK_NONBLOCK in options applies to the new socket.
 * -1 on failure -- with no error queued when it is only "try again"
 * (BIO_sock_should_retry(-1)). */
int BIO_accept_ex(int accept_sock, BIO_ADDR *addr, int options);
int BIO_closesocket(int sock);
/* Puts fd in (mode != 0) or out of non-blocking mode. */
int BIO_socket_nbio(int fd, int mode);
/* The pending error of sock (SO_ERROR): 0, or an errno value. */
int BIO_sock_error(int sock);
/* Whether a -1 from a socket call means "try again later" (looks at errno). */
int BIO_sock_should_retry(int i);
/* Whether errno value error means "try again later". */
int BIO_sock_non_fatal_error(int error);
/* Nothing to initialise on POSIX systems: 1. */
int BIO_sock_init(void);

union BIO_sock_info_u {
    BIO_ADDR *addr;
};
enum BIO_sock_info_type { BIO_SOCK_INFO_ADDRESS };
/* BIO_SOCK_INFO_ADDRESS: the address sock is bound to (getsockname), into
 * info->addr -- e.g. the port the system picked for port 0. */
int BIO_sock_info(int sock, enum BIO_sock_info_type type, union BIO_sock_info_u *info);

/* ---- files and lines (bio.c) ---- */
#define BIO_FP_READ   0x02
#define BIO_FP_WRITE  0x04
#define BIO_FP_APPEND 0x08
#define BIO_FP_TEXT   0x10
#define BIO_C_SET_FILE_PTR 106
#define BIO_C_GET_FILE_PTR 107
#define BIO_C_SET_FILENAME 108
#define BIO_C_FILE_SEEK    128
#define BIO_C_FILE_TELL    133
#define BIO_R_BAD_FOPEN_MODE 101
#define BIO_R_NO_SUCH_FILE   128
/* The FILE BIO method (BIO_new_fp's); a BIO of it has no file until one is set. */
const BIO_METHOD *BIO_s_file(void);
/* Opens filename with fopen's mode; NULL with ERR_LIB_SYS errno and BIO_R_NO_SUCH_FILE queued. */
BIO *BIO_new_file(const char *filename, const char *mode);
#define BIO_set_fp(b, fp, c) BIO_ctrl(b, BIO_C_SET_FILE_PTR, c, (char *)(fp))
#define BIO_get_fp(b, fpp) BIO_ctrl(b, BIO_C_GET_FILE_PTR, 0, (char *)(fpp))
#define BIO_read_filename(b, name) (int)BIO_ctrl(b, BIO_C_SET_FILENAME, BIO_CLOSE | BIO_FP_READ, (char *)(name))
#define BIO_write_filename(b, name) (int)BIO_ctrl(b, BIO_C_SET_FILENAME, BIO_CLOSE | BIO_FP_WRITE, (char *)(name))
#define BIO_append_filename(b, name) (int)BIO_ctrl(b, BIO_C_SET_FILENAME, BIO_CLOSE | BIO_FP_APPEND, (char *)(name))
#define BIO_rw_filename(b, name) (int)BIO_ctrl(b, BIO_C_SET_FILENAME, BIO_CLOSE | BIO_FP_READ | BIO_FP_WRITE, (char *)(name))
#define BIO_seek(b, ofs) (int)BIO_ctrl(b, BIO_C_FILE_SEEK, ofs, NULL)
#define BIO_tell(b) (int)BIO_ctrl(b, BIO_C_FILE_TELL, 0, NULL)
/*
 * Reads one line (up to and including '\n', at most size - 1 bytes) into buf,
 * NUL-terminated. Returns its length, 0 at the end, -1 on error.
 */
int BIO_gets(BIO *b, char *buf, int size);


/* ---- chains and the base64 filter (bio_chain.c) ---- */
#define BIO_TYPE_FILTER 0x0200
#define BIO_TYPE_BASE64 (11 | BIO_TYPE_FILTER)
#define BIO_CTRL_PUSH 6
#define BIO_CTRL_POP 7
#define BIO_FLAGS_BASE64_NO_NL 0x100
/* Appends append (and its chain) after the last BIO of b's chain; returns b. */
BIO *BIO_push(BIO *b, BIO *append);
/* Takes b out of its chain (the BIOs around it are joined); returns the BIO after it. */
BIO *BIO_pop(BIO *b);
BIO *BIO_next(BIO *b);
/* Copies the next BIO's retry flags to the filter b. */
void BIO_copy_next_retry(BIO *b);
/*
 * A filter: what is written is base64-encoded into the next BIO, in lines
 * of 64 characters (BIO_FLAGS_BASE64_NO_NL: one line), the rest with its
 * padding at BIO_flush; what is read is decoded from it (white space
 * ignored, decoding stops at the padding; malformed input: -1 with an error).
 */
const BIO_METHOD *BIO_f_base64(void);


/* ---- connect BIOs (bio_conn.c) ---- */
#define BIO_TYPE_CONNECT (12 | 0x0400 | 0x0100)
#define BIO_C_SET_CONNECT 100
#define BIO_C_DO_STATE_MACHINE 101
#define BIO_C_GET_CONNECT 123
#define BIO_R_NO_HOSTNAME_OR_SERVICE_SPECIFIED 144
/*
 * A socket BIO that connects (blocking) to "host:port" on its first read,
 * write or BIO_do_connect; BIO_new_connect sets the name at once. A name
 * that does not resolve or connect: -1 / 0 with BIO_R_CONNECT_ERROR.
 */
const BIO_METHOD *BIO_s_connect(void);
BIO *BIO_new_connect(const char *host_port);
#define BIO_set_conn_hostname(b, name) BIO_ctrl(b, BIO_C_SET_CONNECT, 0, (char *)(name))
#define BIO_set_conn_port(b, port) BIO_ctrl(b, BIO_C_SET_CONNECT, 1, (char *)(port))
#define BIO_get_conn_hostname(b, pp) BIO_ctrl(b, BIO_C_GET_CONNECT, 0, (char *)(pp))
#define BIO_do_connect(b) BIO_do_handshake(b)
#define BIO_do_handshake(b) BIO_ctrl(b, BIO_C_DO_STATE_MACHINE, 0, NULL)

/* ---- accept BIOs (bio_acpt.c) ---- */
#define BIO_TYPE_ACCEPT (13 | 0x0400 | 0x0100)
#define BIO_C_SET_ACCEPT 118
#define BIO_C_SET_BIND_MODE 131
#define BIO_C_GET_BIND_MODE 132
#define BIO_BIND_NORMAL 0
#define BIO_BIND_REUSEADDR BIO_SOCK_REUSEADDR
#define BIO_BIND_REUSEADDR_IF_UNUSED BIO_SOCK_REUSEADDR
/*
 * A listening BIO for "host:port", "*:port" or "port": the first
 * BIO_do_accept binds and listens, each later one waits for a connection
 * and appends its socket BIO (take it with BIO_pop). BIO_set_accept_bios
 * and non-blocking accepts are not supported (0 with an error).
 */
const BIO_METHOD *BIO_s_accept(void);
BIO *BIO_new_accept(const char *host_port);
#define BIO_set_accept_name(b, name) BIO_ctrl(b, BIO_C_SET_ACCEPT, 0, (char *)(name))
#define BIO_set_bind_mode(b, mode) BIO_ctrl(b, BIO_C_SET_BIND_MODE, mode, NULL)
#define BIO_get_bind_mode(b) BIO_ctrl(b, BIO_C_GET_BIND_MODE, 0, NULL)
#define BIO_do_accept(b) BIO_do_handshake(b)

/* ---- custom methods (bio_meth.c) ---- */
#define BIO_TYPE_START 128
#define BIO_TYPE_DESCRIPTOR 0x0100
#define BIO_TYPE_SOURCE_SINK 0x0400
#define BIO_R_UNSUPPORTED_METHOD 121
typedef int BIO_info_cb(BIO *, int, int);
/* A new type index (128 and up) for a custom method; -1 when they run out. */
int BIO_get_new_index(void);
/* A method with no functions; BIO_new(method) then calls its create, BIO_free its destroy. */
BIO_METHOD *BIO_meth_new(int type, const char *name);
void BIO_meth_free(BIO_METHOD *biom);
/* Each returns 1 (0 for a NULL method). */
int BIO_meth_set_write(BIO_METHOD *biom, int (*write)(BIO *, const char *, int));
int BIO_meth_set_read(BIO_METHOD *biom, int (*read)(BIO *, char *, int));
int BIO_meth_set_puts(BIO_METHOD *biom, int (*puts)(BIO *, const char *));
int BIO_meth_set_gets(BIO_METHOD *biom, int (*gets)(BIO *, char *, int));
int BIO_meth_set_ctrl(BIO_METHOD *biom, long (*ctrl)(BIO *, int, long, void *));
int BIO_meth_set_create(BIO_METHOD *biom, int (*create)(BIO *));
int BIO_meth_set_destroy(BIO_METHOD *biom, int (*destroy)(BIO *));
int BIO_meth_set_callback_ctrl(BIO_METHOD *biom, long (*callback_ctrl)(BIO *, int, BIO_info_cb *));
int (*BIO_meth_get_write(const BIO_METHOD *biom))(BIO *, const char *, int);
int (*BIO_meth_get_read(const BIO_METHOD *biom))(BIO *, char *, int);
long (*BIO_meth_get_ctrl(const BIO_METHOD *biom))(BIO *, int, long, void *);
int (*BIO_meth_get_create(const BIO_METHOD *biom))(BIO *);
int (*BIO_meth_get_destroy(const BIO_METHOD *biom))(BIO *);
/* The method's callback_ctrl; -2 with BIO_R_UNSUPPORTED_METHOD when it has none. */
long BIO_callback_ctrl(BIO *b, int cmd, BIO_info_cb *fp);
/* A custom BIO's state pointer, readiness and close flag (BIO_CLOSE / BIO_NOCLOSE). */
void BIO_set_data(BIO *a, void *ptr);
void *BIO_get_data(BIO *a);
void BIO_set_init(BIO *a, int init);
int BIO_get_init(BIO *a);
void BIO_set_shutdown(BIO *a, int shut);
int BIO_get_shutdown(BIO *a);

#ifdef __cplusplus
}
#endif
#endif
