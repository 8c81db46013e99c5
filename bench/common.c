/*
 * common.c -- arguments, transports, clock and output of the benchmarks
 * (see common.h).  Plain libc: no TLS library.
 */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

const char *certdir;
double seconds;
static int listen_fd = -1;
static struct sockaddr_in listen_addr;

int bench_args(int argc, char **argv)
{
    struct rlimit rl;
    int nconn;

    if (argc < 3) {
        fprintf(stderr, "usage: %s CERTDIR SECONDS [MEMCONNS]\n", argv[0]);
        exit(2);
    }
    certdir = argv[1];
    seconds = atof(argv[2]);
    nconn = argc > 3 ? atoi(argv[3]) : 1000;
    signal(SIGPIPE, SIG_IGN);
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)(2 * nconn + 64))
        nconn = (int)(rl.rlim_cur - 64) / 2;
    return nconn;
}

int bench_part(const char *part)
{
    const char *only = getenv("BENCH_ONLY");

    return only == NULL || strcmp(only, part) == 0;
}

double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void nonblock(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

void tcp_listen(void)
{
    socklen_t len = sizeof(listen_addr);
    int one = 1;

    listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&listen_addr, 0, sizeof(listen_addr));
    listen_addr.sin_family = AF_INET;
    listen_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(listen_fd, (struct sockaddr *)&listen_addr, sizeof(listen_addr)) != 0
        || listen(listen_fd, 128) != 0
        || getsockname(listen_fd, (struct sockaddr *)&listen_addr, &len) != 0)
        bench_die("listen on 127.0.0.1");
}

void tcp_unlisten(void)
{
    if (listen_fd >= 0)
        close(listen_fd);
    listen_fd = -1;
}

void make_pair(int tcp, int fds[2])
{
    if (!tcp) {
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
            bench_die("socketpair");
    } else {
        struct linger lg = { 1, 0 };     /* RST on close: no TIME_WAIT pile-up */
        int one = 1;

        fds[0] = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(fds[0], (struct sockaddr *)&listen_addr, sizeof(listen_addr)) != 0)
            bench_die("connect");
        fds[1] = accept(listen_fd, NULL, NULL);
        if (fds[1] < 0)
            bench_die("accept");
        setsockopt(fds[0], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
        setsockopt(fds[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        setsockopt(fds[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    nonblock(fds[0]);
    nonblock(fds[1]);
}

void report(const char *name, int tcp, double v, const char *unit)
{
    printf("%s_%s %.1f %s\n", name, tcp ? "tcp" : "sp", v, unit);
    fflush(stdout);
}
