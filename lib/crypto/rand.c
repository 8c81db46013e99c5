/*
 * kumassl: random bytes from the operating system (RAND_*).
 *
 * kumassl keeps no generator state of its own: the kernel's generator is
 * seeded, reseeded and fork-safe, which a user-space pool would have to
 * re-earn. BearSSL's PRNGs are seeded from here (kuma_rand_seed).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>
#include <sys/random.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include "crypto_int.h"

/* Reads len bytes from /dev/urandom; for kernels without getrandom(2). */
static int read_urandom(unsigned char *buf, size_t len)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0) {
        ERR_raise_data(ERR_LIB_SYS, errno, "opening /dev/urandom");
        return 0;
    }
    while (len > 0) {
        n = read(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ERR_raise_data(ERR_LIB_SYS, n < 0 ? errno : EIO,
                           "reading /dev/urandom");
            close(fd);
            return 0;
        }
        buf += n;
        len -= (size_t)n;
    }
    close(fd);
    return 1;
}

/*
 * getrandom(2) may return fewer bytes than asked (large requests, signals),
 * so it is called until buf is full.
 */
int kuma_rand_seed(unsigned char *buf, size_t len)
{
    ssize_t n;

#ifdef KUMA_FUZZING_UNSAFE_RAND
    return kuma_fuzz_rand(buf, len);
#endif
    while (len > 0) {
        n = getrandom(buf, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == ENOSYS)
            return read_urandom(buf, len);
        if (n <= 0) {
            KUMA_RAISE_AT("RAND_bytes", ERR_LIB_SYS, n < 0 ? errno : EIO, "calling getrandom()");
            return 0;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 1;
}

int RAND_bytes(unsigned char *buf, int num)
{
    if (num < 0) {
        ERR_raise(ERR_LIB_RAND, ERR_R_PASSED_INVALID_ARGUMENT);
        return 0;
    }
    if (num > 0 && buf == NULL) {
        ERR_raise(ERR_LIB_RAND, ERR_R_PASSED_NULL_PARAMETER);
        return 0;
    }
    return kuma_rand_seed(buf, (size_t)num);
}

int RAND_priv_bytes(unsigned char *buf, int num)
{
    return RAND_bytes(buf, num);
}

int RAND_status(void)
{
    return 1;
}

int RAND_poll(void)
{
    return 1;
}

void RAND_seed(const void *buf, int num)
{
    (void)buf;
    (void)num;
}

void RAND_add(const void *buf, int num, double randomness)
{
    (void)buf;
    (void)num;
    (void)randomness;
}
