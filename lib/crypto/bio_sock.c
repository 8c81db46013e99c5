/*
 * kumassl: socket and fd BIOs.
 *
 * Writes use send(MSG_NOSIGNAL) so that a peer that vanished gives EPIPE
 * instead of killing the program with SIGPIPE; descriptors that are not
 * sockets (pipes in tests) fall back to write()/read().
 */
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include "crypto_int.h"

/* Whether errno means "try again later" on a non-blocking descriptor. */
static int sock_would_block(int err)
{
    return err == EAGAIN || err == EWOULDBLOCK || err == EINTR
        || err == EINPROGRESS || err == EALREADY;
}

static int sock_result(BIO *b, ssize_t n, int dir_flag)
{
    if (n >= 0)
        return (int)n;
    if (sock_would_block(errno))
        BIO_set_flags(b, dir_flag | BIO_FLAGS_SHOULD_RETRY);
    return -1;
}

static int sock_write(BIO *b, const char *in, int inl)
{
    ssize_t n = send(b->num, in, (size_t)inl, MSG_NOSIGNAL);

    if (n < 0 && errno == ENOTSOCK)
        n = write(b->num, in, (size_t)inl);
    return sock_result(b, n, BIO_FLAGS_WRITE);
}

static int sock_read(BIO *b, char *out, int outl)
{
    ssize_t n = recv(b->num, out, (size_t)outl, 0);

    if (n < 0 && errno == ENOTSOCK)
        n = read(b->num, out, (size_t)outl);
    return sock_result(b, n, BIO_FLAGS_READ);
}

static int fd_write(BIO *b, const char *in, int inl)
{
    return sock_result(b, write(b->num, in, (size_t)inl), BIO_FLAGS_WRITE);
}

static int fd_read(BIO *b, char *out, int outl)
{
    return sock_result(b, read(b->num, out, (size_t)outl), BIO_FLAGS_READ);
}

/* Shared by socket and fd BIOs: both just hold a descriptor. */
static long sock_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    switch (cmd) {
    case BIO_C_SET_NBIO:
        return BIO_socket_nbio(b->num, larg != 0);
    case BIO_C_SET_FD:
        b->num = *(int *)parg;
        b->close_flag = (int)larg;
        return 1;
    case BIO_C_GET_FD:
        if (parg != NULL)
            *(int *)parg = b->num;
        return b->num;
    case BIO_CTRL_FLUSH:
        return 1;
    default:
        return 0;
    }
}

static int sock_destroy(BIO *b)
{
    if (b->close_flag == BIO_CLOSE && b->num >= 0)
        close(b->num);
    return 1;
}

static const BIO_METHOD sock_method = {
    BIO_TYPE_SOCKET, "socket", sock_write, sock_read, sock_ctrl, NULL, sock_destroy,
    NULL, NULL, NULL, NULL      /* no puts, gets, callback_ctrl; a static name */
};

const BIO_METHOD *BIO_s_socket(void)
{
    return &sock_method;
}

static const BIO_METHOD fd_method = {
    BIO_TYPE_FD, "file descriptor", fd_write, fd_read, sock_ctrl, NULL, sock_destroy,
    NULL, NULL, NULL, NULL      /* no puts, gets, callback_ctrl; a static name */
};

const BIO_METHOD *BIO_s_fd(void)
{
    return &fd_method;
}

/* A descriptor BIO of the given method over fd. */
static BIO *new_descriptor_bio(const BIO_METHOD *method, int fd, int close_flag)
{
    BIO *b = BIO_new(method);

    if (b != NULL) {
        b->num = fd;
        b->close_flag = close_flag & BIO_CLOSE;
    }
    return b;
}

BIO *BIO_new_socket(int sock, int close_flag)
{
    return new_descriptor_bio(&sock_method, sock, close_flag);
}

BIO *BIO_new_fd(int fd, int close_flag)
{
    return new_descriptor_bio(&fd_method, fd, close_flag);
}
