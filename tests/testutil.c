/*
 * testutil.c -- helpers shared by kumassl's Check test programs.
 * See testutil.h for what each function promises.
 */
#define _GNU_SOURCE 1  /* prctl(), and everything POSIX */

#include "testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define MAX_PROCS 64
#define MAX_ARGS 64
#define KILL_GRACE_MS 1000

struct tu_proc {
    pid_t pid;
    int in, out, err;     /* our ends of its stdin/stdout/stderr; -1 closed */
    char *log;            /* all output, NUL-terminated */
    size_t len, cap;
    size_t pos;           /* where the next tu_proc_read_until() searches */
    int status;           /* as tu_proc_wait() returns; -1 while running */
};

/* ============================================================ environment */

const char *tu_env(const char *name, const char *dflt)
{
    const char *v = getenv(name);

    return v != NULL && *v != '\0' ? v : dflt;
}

const char *tu_cert(const char *name)
{
    static char bufs[16][1024];
    static unsigned next;
    char *buf = bufs[next++ % 16];

    snprintf(buf, sizeof(bufs[0]), "%s/%s",
             tu_env("KUMA_CERTS", "tests/certs"), name);
    return buf;
}

const char *tu_builddir(void) { return tu_env("KUMA_BUILDDIR", "."); }
const char *tu_srcdir(void) { return tu_env("KUMA_SRCDIR", "."); }
const char *tu_openssl(void) { return tu_env("KUMA_OPENSSL", "openssl"); }
const char *tu_gnutls_cli(void) { return tu_env("KUMA_GNUTLS_CLI", NULL); }

long tu_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tu_sleep_ms(int ms)
{
    poll(NULL, 0, ms);
}

char *tu_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;

    if (f == NULL)
        return NULL;
    do {
        if (cap - n < 4096) {
            char *nb = realloc(buf, cap = cap * 2 + 4096);

            if (nb == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    if (len != NULL)
        *len = n;
    return buf;
}

/* ============================================================== processes */

/* Every live tu_proc, so that exit kills whatever a failed test left. */
static tu_proc *registry[MAX_PROCS];

static void kill_all_at_exit(void)
{
    int i;

    for (i = 0; i < MAX_PROCS; i++)
        if (registry[i] != NULL)
            tu_proc_kill(registry[i]);
}

static int registry_add(tu_proc *p)
{
    static int hooked;
    int i;

    if (!hooked) {
        atexit(kill_all_at_exit);
        /* Writing to a peer that died must give EPIPE, not kill the test. */
        signal(SIGPIPE, SIG_IGN);
        hooked = 1;
    }
    for (i = 0; i < MAX_PROCS; i++)
        if (registry[i] == NULL) {
            registry[i] = p;
            return 0;
        }
    return -1;
}

static void registry_remove(tu_proc *p)
{
    int i;

    for (i = 0; i < MAX_PROCS; i++)
        if (registry[i] == p)
            registry[i] = NULL;
}

static void close_fd(int *fd)
{
    if (*fd != -1)
        close(*fd);
    *fd = -1;
}

/* pipe() whose ends are not inherited by later children. */
static int cloexec_pipe(int fds[2])
{
    if (pipe(fds) == -1)
        return -1;
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    return 0;
}

/* Drops the build tree's library directories (".../.libs") from
 * LD_LIBRARY_PATH.  The libtool wrapper of a test program puts kumassl's
 * libssl.so.3 there; inherited, it would shadow the system's OpenSSL in
 * openssl(1) and other real peers.  The in-tree samples are wrapper
 * scripts too and put it back for themselves. */
static void unshadow_system_libs(void)
{
    const char *path = getenv("LD_LIBRARY_PATH");
    char *copy, *dir, *save = NULL;
    char kept[4096] = "";

    if (path == NULL || (copy = strdup(path)) == NULL)
        return;
    for (dir = strtok_r(copy, ":", &save); dir != NULL;
         dir = strtok_r(NULL, ":", &save)) {
        size_t n = strlen(dir);

        if (n >= 5 && strcmp(dir + n - 5, ".libs") == 0
            && (n == 5 || dir[n - 6] == '/'))
            continue;
        if (strlen(kept) + n + 2 > sizeof(kept))
            break;
        if (kept[0] != '\0')
            strcat(kept, ":");
        strcat(kept, dir);
    }
    free(copy);
    if (kept[0] != '\0')
        setenv("LD_LIBRARY_PATH", kept, 1);
    else
        unsetenv("LD_LIBRARY_PATH");
}

/* In the child: wires the pipes to fds 0-2 and execs; never returns. */
static void exec_child(char *const argv[], int in[2], int out[2], int err[2])
{
#ifdef __linux__
    /* Die with the test process even if it is killed outright. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    /* An ignored SIGPIPE would be inherited through exec and change how
     * the peer behaves; give it the default back. */
    signal(SIGPIPE, SIG_DFL);
    unshadow_system_libs();
    if (dup2(in[0], 0) == -1 || dup2(out[1], 1) == -1 || dup2(err[1], 2) == -1)
        _exit(127);
    execvp(argv[0], argv);
    fprintf(stderr, "testutil: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

static tu_proc *new_proc(void)
{
    tu_proc *p = calloc(1, sizeof(*p));

    if (p == NULL)
        return NULL;
    p->log = calloc(1, 4096);
    if (p->log == NULL) {
        free(p);
        return NULL;
    }
    p->cap = 4096;
    p->status = -1;
    p->in = p->out = p->err = -1;
    return p;
}

tu_proc *tu_spawn(char *const argv[])
{
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
    tu_proc *p = new_proc();

    if (p == NULL || registry_add(p) != 0 || cloexec_pipe(in) == -1
        || cloexec_pipe(out) == -1 || cloexec_pipe(err) == -1
        || (p->pid = fork()) == -1) {
        close_fd(&in[0]); close_fd(&in[1]); close_fd(&out[0]);
        close_fd(&out[1]); close_fd(&err[0]); close_fd(&err[1]);
        tu_proc_free(p);
        return NULL;
    }
    if (p->pid == 0)
        exec_child(argv, in, out, err);
    close(in[0]);
    close(out[1]);
    close(err[1]);
    p->in = in[1];
    p->out = out[0];
    p->err = err[0];
    /* Output is collected with poll(); reads must never block. */
    fcntl(p->out, F_SETFL, O_NONBLOCK);
    fcntl(p->err, F_SETFL, O_NONBLOCK);
    return p;
}

/* Collects a va_list of strings ending with NULL into argv after argv[0..n-1]. */
static tu_proc *spawn_va(char **argv, int n, va_list ap)
{
    const char *arg;

    while ((arg = va_arg(ap, const char *)) != NULL && n < MAX_ARGS - 1)
        argv[n++] = (char *)arg;
    argv[n] = NULL;
    return arg == NULL ? tu_spawn(argv) : NULL;
}

tu_proc *tu_spawnl(const char *prog, ...)
{
    char *argv[MAX_ARGS];
    tu_proc *p;
    va_list ap;

    argv[0] = (char *)prog;
    va_start(ap, prog);
    p = spawn_va(argv, 1, ap);
    va_end(ap);
    return p;
}

tu_proc *tu_spawn_openssl(const char *subcommand, ...)
{
    char *argv[MAX_ARGS];
    tu_proc *p;
    va_list ap;

    argv[0] = (char *)tu_openssl();
    argv[1] = (char *)subcommand;
    va_start(ap, subcommand);
    p = spawn_va(argv, 2, ap);
    va_end(ap);
    return p;
}

int tu_proc_pid(const tu_proc *p)
{
    return (int)p->pid;
}

/* Appends what fd has to offer now to p's log; at EOF closes *fd. */
static void drain(tu_proc *p, int *fd)
{
    for (;;) {
        ssize_t n;

        if (p->cap - p->len < 1024) {
            char *nl = realloc(p->log, p->cap * 2);

            if (nl == NULL)
                return;
            p->log = nl;
            p->cap *= 2;
        }
        n = read(*fd, p->log + p->len, p->cap - p->len - 1);
        if (n > 0) {
            p->len += (size_t)n;
            p->log[p->len] = '\0';
        } else if (n == 0 || errno != EINTR) {
            if (n == 0 || errno != EAGAIN)
                close_fd(fd);
            return;
        }
    }
}

/* Waits up to timeout_ms for output and collects it.  With both streams
 * closed this just sleeps, which is what the callers' loops want. */
static void pump(tu_proc *p, int timeout_ms)
{
    struct pollfd fds[2];
    int n = 0;

    if (p->out != -1)
        fds[n++] = (struct pollfd){ .fd = p->out, .events = POLLIN };
    if (p->err != -1)
        fds[n++] = (struct pollfd){ .fd = p->err, .events = POLLIN };
    if (poll(n ? fds : NULL, (nfds_t)n, timeout_ms < 0 ? 0 : timeout_ms) <= 0)
        return;
    if (p->out != -1)
        drain(p, &p->out);
    if (p->err != -1)
        drain(p, &p->err);
}

int tu_proc_write(tu_proc *p, const char *s)
{
    size_t left = strlen(s);
    long deadline = tu_now_ms() + TU_TIMEOUT_MS;

    while (left > 0 && p->in != -1) {
        struct pollfd pfd = { .fd = p->in, .events = POLLOUT };
        ssize_t n;

        if (poll(&pfd, 1, (int)(deadline - tu_now_ms())) <= 0)
            return -1;
        n = write(p->in, s, left);
        if (n < 0 && errno != EINTR)
            return -1;
        if (n > 0) {
            s += n;
            left -= (size_t)n;
        }
    }
    return left == 0 ? 0 : -1;
}

void tu_proc_close_stdin(tu_proc *p)
{
    close_fd(&p->in);
}

/* Offset of needle in hay[0..hlen), or -1; works past NUL bytes. */
static long find(const char *hay, size_t hlen, const char *needle)
{
    size_t nlen = strlen(needle), i;

    for (i = 0; nlen <= hlen && i <= hlen - nlen; i++)
        if (memcmp(hay + i, needle, nlen) == 0)
            return (long)i;
    return -1;
}

static void copy_out(char *buf, size_t size, const char *from, size_t n)
{
    if (buf == NULL || size == 0)
        return;
    if (n >= size)
        n = size - 1;
    memcpy(buf, from, n);
    buf[n] = '\0';
}

int tu_proc_read_until(tu_proc *p, const char *needle, int timeout_ms,
                       char *buf, size_t size)
{
    long deadline = tu_now_ms() + timeout_ms;

    for (;;) {
        long at = find(p->log + p->pos, p->len - p->pos, needle);

        if (at >= 0) {
            size_t end = p->pos + (size_t)at + strlen(needle);

            copy_out(buf, size, p->log + p->pos, end - p->pos);
            p->pos = end;
            return 0;
        }
        if ((p->out == -1 && p->err == -1) || tu_now_ms() >= deadline) {
            copy_out(buf, size, p->log + p->pos, p->len - p->pos);
            return -1;
        }
        pump(p, (int)(deadline - tu_now_ms()));
    }
}

const char *tu_proc_output(tu_proc *p)
{
    pump(p, 0);
    return p->log;
}

/* Reaps p if it has ended; returns 1 if it has (status recorded). */
static int reap(tu_proc *p)
{
    int st;

    if (p->status != -1)
        return 1;
    if (waitpid(p->pid, &st, WNOHANG) != p->pid)
        return 0;
    p->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 1;
}

/* Waits up to timeout_ms for p to end by itself, collecting its output. */
static int wait_ended(tu_proc *p, int timeout_ms)
{
    long deadline = tu_now_ms() + timeout_ms;

    while (!reap(p)) {
        long left = deadline - tu_now_ms();

        if (left <= 0)
            return 0;
        pump(p, left < 20 ? (int)left : 20);
    }
    pump(p, 0);  /* output written just before exit */
    return 1;
}

int tu_proc_wait(tu_proc *p, int timeout_ms)
{
    if (wait_ended(p, timeout_ms))
        return p->status;
    tu_proc_kill(p);
    return -1;
}

int tu_proc_kill(tu_proc *p)
{
    if (reap(p))
        return p->status;
    kill(p->pid, SIGTERM);
    if (!wait_ended(p, KILL_GRACE_MS)) {
        kill(p->pid, SIGKILL);
        while (!reap(p))
            tu_sleep_ms(5);
    }
    return p->status;
}

void tu_proc_free(tu_proc *p)
{
    if (p == NULL)
        return;
    if (p->pid > 0)
        tu_proc_kill(p);
    close_fd(&p->in);
    close_fd(&p->out);
    close_fd(&p->err);
    registry_remove(p);
    free(p->log);
    free(p);
}

int tu_run(char *const argv[], int timeout_ms, char *out, size_t size)
{
    tu_proc *p = tu_spawn(argv);
    int status;

    if (p == NULL)
        return -1;
    tu_proc_close_stdin(p);
    status = tu_proc_wait(p, timeout_ms);
    copy_out(out, size, p->log, p->len);
    tu_proc_free(p);
    return status;
}

/* ================================================================ network */

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in sa;

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sa;
}

int tu_tcp_listen(int *port)
{
    struct sockaddr_in sa = loopback(*port);
    socklen_t len = sizeof(sa);
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd == -1)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1
        || listen(fd, 16) == -1
        || getsockname(fd, (struct sockaddr *)&sa, &len) == -1) {
        close(fd);
        return -1;
    }
    *port = ntohs(sa.sin_port);
    return fd;
}

int tu_free_port(void)
{
    int port = 0;
    int fd = tu_tcp_listen(&port);

    if (fd == -1)
        return -1;
    close(fd);
    return port;
}

int tu_tcp_connect(int port)
{
    struct sockaddr_in sa = loopback(port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    if (fd == -1)
        return -1;
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) {
        close(fd);
        return -1;
    }
    return fd;
}

int tu_wait_port(int port, int timeout_ms)
{
    long deadline = tu_now_ms() + timeout_ms;

    for (;;) {
        int fd = tu_tcp_connect(port);

        if (fd != -1) {
            close(fd);
            return 0;
        }
        if (tu_now_ms() >= deadline)
            return -1;
        tu_sleep_ms(20);
    }
}

int tu_tcp_accept(int lfd, int timeout_ms)
{
    struct pollfd pfd = { .fd = lfd, .events = POLLIN };

    if (poll(&pfd, 1, timeout_ms) != 1)
        return -1;
    return accept(lfd, NULL, NULL);
}

int tu_tcp_pair(int fds[2])
{
    int port = 0;
    int lfd = tu_tcp_listen(&port);

    if (lfd == -1)
        return -1;
    fds[0] = tu_tcp_connect(port);
    fds[1] = fds[0] == -1 ? -1 : tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    close(lfd);
    if (fds[1] == -1) {
        close_fd(&fds[0]);
        return -1;
    }
    return 0;
}

int tu_set_io_timeout(int fd, int ms)
{
    struct timeval tv;

    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1
        || setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == -1)
        return -1;
    return 0;
}
