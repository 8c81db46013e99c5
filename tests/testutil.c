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
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/pem.h>
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

const char *tu_samples_dir(void)
{
    static char dir[512];
    const char *env = tu_env("KUMA_SAMPLES_DIR", NULL);

    if (env != NULL)
        return env;
    snprintf(dir, sizeof(dir), "%s/samples", tu_builddir());
    return dir;
}

const char *tu_sample(const char *name)
{
    static char bufs[16][1024];
    static unsigned next;
    char *buf = bufs[next++ % 16];

    snprintf(buf, sizeof(bufs[0]), "%s/%s", tu_samples_dir(), name);
    return buf;
}

void tu_rmtree(const char *dir)
{
    char *rm[] = { "rm", "-rf", (char *)dir, NULL };

    if (dir[0] != '\0' && tu_run(rm, TU_TIMEOUT_MS, NULL, 0) != 0)
        fprintf(stderr, "testutil: could not remove %s\n", dir);
}

const char *tu_builddir(void) { return tu_env("KUMA_BUILDDIR", "."); }
const char *tu_srcdir(void) { return tu_env("KUMA_SRCDIR", "."); }
const char *tu_openssl(void) { return tu_env("KUMA_OPENSSL", "openssl"); }
const char *tu_gnutls_cli(void) { return tu_env("KUMA_GNUTLS_CLI", NULL); }

const char *tu_gnutls_serv(void)
{
    static char path[1024];
    const char *cli = tu_gnutls_cli();
    const char *slash;

    if (cli == NULL || (slash = strrchr(cli, '/')) == NULL)
        return NULL;
    snprintf(path, sizeof(path), "%.*sgnutls-serv", (int)(slash - cli + 1), cli);
    return access(path, X_OK) == 0 ? path : NULL;
}

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

/* ============================================================== Check runs */

int tu_run_suite(Suite *s, enum print_output mode)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_run_all(sr, mode);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

int tu_run_suite_in(Suite *s, enum print_output mode, char *dir)
{
    int ret;

    if (mkdtemp(dir) == NULL) {
        perror(dir);
        return EXIT_FAILURE;
    }
    ret = tu_run_suite(s, mode);
    tu_rmtree(dir);
    return ret;
}

TCase *tu_add_tcase(Suite *s, const char *name, int timeout_s)
{
    TCase *tc = tcase_create(name);

    if (timeout_s > 0)
        tcase_set_timeout(tc, timeout_s);
    suite_add_tcase(s, tc);
    return tc;
}

/* ============================================================== TLS setup */

void tu_use_cert_key(SSL_CTX *ctx, const char *certfile, const char *keyfile)
{
    ck_assert_int_eq(SSL_CTX_use_certificate_file(ctx, certfile, SSL_FILETYPE_PEM), 1);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, keyfile, SSL_FILETYPE_PEM), 1);
}

SSL_CTX *tu_server_ctx(const char *certfile, const char *keyfile)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    ck_assert_ptr_nonnull(ctx);
    tu_use_cert_key(ctx, certfile, keyfile);
    return ctx;
}

SSL_CTX *tu_server_chain_ctx(const char *chainfile, const char *keyfile)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

    ck_assert_ptr_nonnull(ctx);
    ck_assert_int_eq(SSL_CTX_use_certificate_chain_file(ctx, chainfile), 1);
    ck_assert_int_eq(SSL_CTX_use_PrivateKey_file(ctx, keyfile, SSL_FILETYPE_PEM), 1);
    return ctx;
}

SSL_CTX *tu_rsa_server_ctx(void)
{
    return tu_server_ctx(tu_cert("server-cert.pem"), tu_cert("server-key.pem"));
}

SSL_CTX *tu_client_ctx(const char *cafile)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

    ck_assert_ptr_nonnull(ctx);
    if (cafile != NULL)
        ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, cafile, NULL), 1);
    return ctx;
}

SSL_CTX *tu_ca_client_ctx(void)
{
    return tu_client_ctx(tu_cert("ca-cert.pem"));
}

void tu_verify_clients(SSL_CTX *ctx, int mode)
{
    ck_assert_int_eq(SSL_CTX_load_verify_locations(ctx, tu_cert("ca-cert.pem"), NULL), 1);
    SSL_CTX_set_verify(ctx, mode, NULL);
}

void tu_socketpair(int sv[2], int io_timeout_ms)
{
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    if (io_timeout_ms > 0) {
        ck_assert_int_eq(tu_set_io_timeout(sv[0], io_timeout_ms), 0);
        ck_assert_int_eq(tu_set_io_timeout(sv[1], io_timeout_ms), 0);
    }
}

/* ================================================================= errors */

unsigned long tu_expect_error(int lib, int reason)
{
    unsigned long e = ERR_get_error();

    ck_assert_msg(e != 0, "no error queued");
    ck_assert_int_eq(ERR_GET_LIB(e), lib);
    ck_assert_int_eq(ERR_GET_REASON(e), reason);
    ck_assert_ptr_nonnull(ERR_reason_error_string(e));
    ERR_clear_error();
    return e;
}

int tu_first_reason(void)
{
    return ERR_GET_REASON(ERR_peek_error());
}

const char *tu_queued_error(void)
{
    static char buf[256];
    unsigned long e = ERR_peek_error();

    if (e == 0)
        return "(no error queued)";
    ERR_error_string_n(e, buf, sizeof(buf));
    return buf;
}

void tu_unhex(const char *hex, unsigned char *out, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        ck_assert_msg(sscanf(hex + 2 * i, "%2hhx", &out[i]) == 1, "not hex at byte %zu: %s", i, hex);
}

X509 *tu_read_cert(const char *path)
{
    FILE *f = fopen(path, "r");
    X509 *x;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    ck_assert_msg(x != NULL, "cannot read %s: %s", path, tu_queued_error());
    return x;
}

/* ============================================== kumassl against a real peer */

tu_proc *tu_spawn_openssl_args(const char *const fixed[], const char *const extra[])
{
    char *argv[MAX_ARGS];
    int n = 0;
    tu_proc *p;

    argv[n++] = (char *)tu_openssl();
    while (*fixed != NULL && n < MAX_ARGS - 2)
        argv[n++] = (char *)*fixed++;
    while (*extra != NULL && n < MAX_ARGS - 1)
        argv[n++] = (char *)*extra++;
    argv[n] = NULL;
    p = tu_spawn(argv);
    ck_assert_ptr_nonnull(p);
    return p;
}

int tu_start_s_server(tu_conn *c, const char *certfile, const char *keyfile,
                      const char *const extra[])
{
    int port = tu_free_port();
    char accept[32];
    const char *fixed[] = { "s_server", "-accept", accept, "-naccept", "1",
                            "-cert", certfile, "-key", keyfile, NULL };

    ck_assert_int_gt(port, 0);
    snprintf(accept, sizeof(accept), "127.0.0.1:%d", port);
    c->peer = tu_spawn_openssl_args(fixed, extra);
    return port;
}

void tu_conn_open_client(tu_conn *c, int port, SSL_CTX *ctx)
{
    long deadline = tu_now_ms() + TU_TIMEOUT_MS;

    c->ctx = ctx;
    while ((c->fd = tu_tcp_connect(port)) == -1 && tu_now_ms() < deadline)
        tu_sleep_ms(20);
    ck_assert_msg(c->fd != -1, "nothing listens on port %d; peer: %s", port,
                  c->peer != NULL ? tu_proc_output(c->peer) : "(none)");
    ck_assert_int_eq(tu_set_io_timeout(c->fd, TU_IO_TIMEOUT_MS), 0);
    if (c->ssl == NULL)
        c->ssl = SSL_new(ctx);
    ck_assert_ptr_nonnull(c->ssl);
    ck_assert_int_eq(SSL_set_fd(c->ssl, c->fd), 1);
}

void tu_open_s_client(tu_conn *c, SSL_CTX *ctx, const char *const extra[])
{
    int port = 0, lfd = tu_tcp_listen(&port);
    char target[32];
    const char *fixed[] = { "s_client", "-connect", target, "-CAfile", tu_cert("ca-cert.pem"),
                            "-verify_return_error", "-nocommands", NULL };

    ck_assert_int_ne(lfd, -1);
    snprintf(target, sizeof(target), "127.0.0.1:%d", port);
    c->ctx = ctx;
    c->ssl = NULL;
    c->peer = tu_spawn_openssl_args(fixed, extra);
    c->fd = tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    close(lfd);
    ck_assert_msg(c->fd != -1, "s_client did not connect: %s", tu_proc_output(c->peer));
    ck_assert_int_eq(tu_set_io_timeout(c->fd, TU_IO_TIMEOUT_MS), 0);
    c->ssl = SSL_new(ctx);
    ck_assert_ptr_nonnull(c->ssl);
    ck_assert_int_eq(SSL_set_fd(c->ssl, c->fd), 1);
}

int tu_accept_s_client(tu_conn *c, SSL_CTX *ctx, const char *const extra[])
{
    tu_open_s_client(c, ctx, extra);
    return SSL_accept(c->ssl);
}

void tu_conn_close(tu_conn *c)
{
    SSL_free(c->ssl);
    if (c->fd != -1)
        close(c->fd);
    SSL_CTX_free(c->ctx);
    tu_proc_free(c->peer);
    ERR_clear_error();
}

void tu_await_output(tu_proc *peer, const char *text, char *buf, size_t size)
{
    char seen[4096];

    if (buf == NULL) {
        buf = seen;
        size = sizeof(seen);
    }
    ck_assert_msg(tu_proc_read_until(peer, text, TU_TIMEOUT_MS, buf, size) == 0,
                  "peer did not print \"%.64s\"; unmatched output: %s", text, buf);
}

void tu_await_line(tu_proc *peer, const char *label, char *line, size_t size)
{
    tu_await_output(peer, label, NULL, 0);
    tu_await_output(peer, "\n", line, size);
    line[strcspn(line, "\r\n")] = '\0';
}

/* ================================================ TLS extension callbacks */

const unsigned char tu_server_protos[] = "\x02h2\x08http/1.1";
const unsigned int tu_server_protos_len = sizeof(tu_server_protos) - 1;

int tu_sni_cb(SSL *s, int *al, void *arg)
{
    tu_sni_arg *a = arg;
    const char *name = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);

    a->calls++;
    snprintf(a->seen, sizeof(a->seen), "%s", name != NULL ? name : "");
    if (a->reject) {
        *al = SSL_AD_UNRECOGNIZED_NAME;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    if (name != NULL && strcmp(name, "other.test") == 0 && a->other != NULL)
        ck_assert_ptr_eq(SSL_set_SSL_CTX(s, a->other), a->other);
    return SSL_TLSEXT_ERR_OK;
}

int tu_alpn_cb(SSL *s, const unsigned char **out, unsigned char *outlen,
               const unsigned char *in, unsigned int inlen, void *arg)
{
    tu_alpn_arg *a = arg;

    (void)s;
    a->calls++;
    a->inlen = inlen < sizeof(a->in) ? inlen : (unsigned int)sizeof(a->in);
    memcpy(a->in, in, a->inlen);
    if (a->mode != SSL_TLSEXT_ERR_OK)
        return a->mode;
    if (SSL_select_next_proto((unsigned char **)out, outlen, tu_server_protos,
                              tu_server_protos_len, in, inlen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    return SSL_TLSEXT_ERR_OK;
}

void tu_assert_alpn(SSL *ssl, const char *expect)
{
    const unsigned char *p;
    unsigned int len;

    SSL_get0_alpn_selected(ssl, &p, &len);
    if (expect == NULL) {
        ck_assert_ptr_null(p);
        ck_assert_uint_eq(len, 0);
    } else {
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq(len, strlen(expect));
        ck_assert_int_eq(memcmp(p, expect, len), 0);
    }
}

int tu_make_other_cert(tu_other_cert *oc)
{
    char csr[128], cnf[128], out[2048];
    FILE *f;
    char *req[] = { (char *)tu_openssl(), "req", "-new", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", oc->key, "-out", csr,
                    "-subj", "/O=kumassl/CN=other.test", NULL };
    char *sign[] = { (char *)tu_openssl(), "x509", "-req", "-in", csr, "-CA",
                     (char *)tu_cert("ca-cert.pem"), "-CAkey", (char *)tu_cert("ca-key.pem"),
                     "-set_serial", "4242", "-days", "30", "-sha256", "-extfile", cnf,
                     "-out", oc->cert, NULL };

    snprintf(oc->dir, sizeof(oc->dir), "/tmp/kuma-ext-XXXXXX");
    if (mkdtemp(oc->dir) == NULL)
        return -1;
    snprintf(oc->key, sizeof(oc->key), "%s/other-key.pem", oc->dir);
    snprintf(oc->cert, sizeof(oc->cert), "%s/other-cert.pem", oc->dir);
    snprintf(csr, sizeof(csr), "%s/other.csr", oc->dir);
    snprintf(cnf, sizeof(cnf), "%s/ext.cnf", oc->dir);
    if ((f = fopen(cnf, "w")) == NULL)
        return -1;
    fputs("subjectAltName = DNS:other.test\nextendedKeyUsage = serverAuth\n", f);
    fclose(f);
    if (tu_run(req, 20000, out, sizeof(out)) != 0 || tu_run(sign, 20000, out, sizeof(out)) != 0) {
        fprintf(stderr, "making other.test's certificate failed: %s\n", out);
        return -1;
    }
    return 0;
}

void tu_expect_output(tu_proc *p, const char *who, const char *needle)
{
    ck_assert_msg(tu_proc_read_until(p, needle, TU_TIMEOUT_MS, NULL, 0) == 0,
                  "%s did not print \"%.*s\"; its output:\n%s", who,
                  (int)strcspn(needle, "\n"), needle, tu_proc_output(p));
}

void tu_expect_exit(tu_proc *p, const char *who, int want)
{
    int status = tu_proc_wait(p, TU_TIMEOUT_MS);

    ck_assert_msg(status == want, "%s ended with status %d (wanted %d); output:\n%s",
                  who, status, want, tu_proc_output(p));
}

void tu_send_line(tu_proc *p, const char *who, const char *line)
{
    ck_assert_msg(tu_proc_write(p, line) == 0, "%s no longer reads its input:\n%s",
                  who, tu_proc_output(p));
}

int tu_build_with_system_openssl(const char *dir, const char *names, int timeout_ms)
{
    const char *libs = tu_env("KUMA_SYSOPENSSL_LIBS", NULL);
    char cmd[4096], log[8192];
    char *argv[] = { "/bin/sh", "-c", cmd, NULL };
    int status;

    if (libs == NULL) {
        fprintf(stderr, "SKIP: the system OpenSSL was not found by configure "
                "(KUMA_SYSOPENSSL_LIBS is empty; install libssl-dev)\n");
        return -1;
    }
    ck_assert_msg(dir != NULL && dir[0] != '\0', "no directory to build in");
    /* One shell loop (CC and the flags may be several words each), stopping
     * at the first program that does not build. */
    snprintf(cmd, sizeof(cmd),
             "for p in %s; do "
             "%s -Wall -Wextra -Werror %s -o '%s'/$p '%s'/samples/$p.c %s || exit 1; done",
             names, tu_env("KUMA_CC", "cc"), tu_env("KUMA_SYSOPENSSL_CFLAGS", ""), dir,
             tu_srcdir(), libs);
    status = tu_run(argv, timeout_ms, log, sizeof(log));
    ck_assert_msg(status == 0, "building against the system OpenSSL failed "
                  "(status %d):\n%s\n%s", status, cmd, log);
    return 0;
}

int tu_gen_dir(char *tmpl, const char *script, int timeout_ms)
{
    char out[4096];
    char *argv[] = { "sh", "-c", (char *)script, "gen", tmpl, (char *)tu_openssl(),
                     (char *)tu_cert(""), NULL };

    if (mkdtemp(tmpl) == NULL)
        return -1;
    if (tu_run(argv, timeout_ms, out, sizeof(out)) != 0) {
        fprintf(stderr, "making %s failed:\n%s\n", tmpl, out);
        return -1;
    }
    return 0;
}

size_t tu_heap_in_use(void)
{
    return mallinfo2().uordblks;
}

int tu_heap_measurable(void)
{
    static void *volatile big;          /* volatile: the compiler may not drop the probe */
    size_t probe;

    big = malloc(1 << 16);
    probe = tu_heap_in_use();
    free(big);
    return probe != tu_heap_in_use();
}

/* ---------------------------------------- 1 MiB through a real peer */

#define LINE_LEN 64             /* one payload line, newline included */
#define STEP 16384              /* bytes moved per lock step: one full record */
#define MAX_RECORD 16384        /* most plaintext one SSL_read may return */
#define START_MARKER "<<kumassl-interop-start>>\n"


static char payload[TU_MIB];
static int payload_made;

/* Fills payload with 64-byte lines: an 8-digit line number, a space, 54
 * pseudo-random digits, a newline.  Only digits, spaces and newlines:
 * wherever s_server or s_client happen to split their stdin reads, no
 * chunk can start with one of their command letters (Q, q, R, r, k, K...).
 * Every line is unique, so a line is a safe needle for
 * tu_proc_read_until() and a lost or reordered line cannot go unseen. */
static void make_payload(void)
{
    uint32_t x = 2463534242u;
    unsigned line;
    int i;

    for (line = 0; line < TU_MIB / LINE_LEN; line++) {
        char *p = payload + (size_t)line * LINE_LEN;

        snprintf(p, 10, "%08u ", line % 100000000u);
        for (i = 9; i < LINE_LEN - 1; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            p[i] = (char)('0' + x % 10);
        }
        p[LINE_LEN - 1] = '\n';
    }
}

const char *tu_payload(void)
{
    if (!payload_made) {
        make_payload();
        payload_made = 1;
    }
    return payload;
}

/* FNV-1a: a running checksum of what kumassl received. */
uint32_t tu_fnv1a(uint32_t h, const char *p, size_t n)
{
    while (n-- > 0)
        h = (h ^ (unsigned char)*p++) * 16777619u;
    return h;
}

void tu_write_all(SSL *ssl, const char *data, int len)
{
    int n = SSL_write(ssl, data, len);

    ck_assert_msg(n == len, "SSL_write(%d) = %d, SSL_get_error %d, %s",
                  len, n, SSL_get_error(ssl, n), tu_queued_error());
}

/* Reads exactly len bytes, which must equal expect, one SSL_read at a
 * time; each must return at most one record's worth.  Returns the
 * checksum h updated with the bytes read. */
uint32_t tu_read_expected(SSL *ssl, const char *expect, size_t len, uint32_t h)
{
    char buf[MAX_RECORD + 4096];  /* room for more than a record */
    size_t got = 0;

    while (got < len) {
        int n = SSL_read(ssl, buf, (int)sizeof(buf));

        ck_assert_msg(n > 0, "SSL_read = %d after %zu of %zu bytes, "
                      "SSL_get_error %d, %s", n, got, len,
                      SSL_get_error(ssl, n), tu_queued_error());
        ck_assert_int_le(n, MAX_RECORD);
        ck_assert_uint_le(got + (size_t)n, len);
        ck_assert_msg(memcmp(buf, expect + got, (size_t)n) == 0,
                      "wrong bytes at offset %zu", got);
        h = tu_fnv1a(h, buf, (size_t)n);
        got += (size_t)n;
    }
    return h;
}

/* Sends the payload from kumassl to a peer that prints what it receives:
 * the marker, then STEP bytes at a time, each step awaited in the peer's
 * output before the next -- lock step, so the peer's stdout pipe never
 * fills up while this single thread sits in SSL_write.  Finally the
 * peer's output must hold the marker followed by the whole payload. */
void tu_send_payload(SSL *ssl, tu_proc *peer)
{
    char last[LINE_LEN + 1];
    const char *at;
    size_t off;

    tu_write_all(ssl, START_MARKER, (int)strlen(START_MARKER));
    for (off = 0; off < TU_MIB; off += STEP) {
        tu_write_all(ssl, tu_payload() + off, STEP);
        memcpy(last, tu_payload() + off + STEP - LINE_LEN, LINE_LEN);
        last[LINE_LEN] = '\0';
        tu_await_output(peer, last, NULL, 0);
    }
    at = strstr(tu_proc_output(peer), START_MARKER);
    ck_assert_ptr_nonnull(at);
    at += strlen(START_MARKER);
    ck_assert_msg(strlen(at) >= TU_MIB && memcmp(at, tu_payload(), TU_MIB) == 0,
                  "the peer's output differs from what kumassl sent");
}

/* Has the peer send the payload to kumassl: STEP bytes at a time into its
 * stdin, each step read back through SSL_read before the next (so neither
 * the pipe nor the socket fills while nobody reads).  Checks the bytes,
 * the record-sized reads, and the checksum of the whole. */
void tu_receive_payload(SSL *ssl, tu_proc *peer)
{
    static char chunk[STEP + 1];
    uint32_t h = TU_FNV_INIT;
    size_t off;

    for (off = 0; off < TU_MIB; off += STEP) {
        memcpy(chunk, tu_payload() + off, STEP);
        chunk[STEP] = '\0';
        ck_assert_int_eq(tu_proc_write(peer, chunk), 0);
        h = tu_read_expected(ssl, tu_payload() + off, STEP, h);
    }
    ck_assert_uint_eq(h, tu_fnv1a(TU_FNV_INIT, tu_payload(), TU_MIB));
}

/* Closes the peer's stdin, on which both s_server -quiet and s_client send
 * close_notify: kumassl must read it as a clean end, answer it, and the
 * peer must end happily. */
void tu_expect_close_notify(tu_conn *c)
{
    char buf[64];
    int n;

    tu_proc_close_stdin(c->peer);
    n = SSL_read(c->ssl, buf, sizeof(buf));
    ck_assert_msg(n == 0, "SSL_read = %d, SSL_get_error %d, %s", n,
                  SSL_get_error(c->ssl, n), tu_queued_error());
    ck_assert_int_eq(SSL_get_error(c->ssl, n), SSL_ERROR_ZERO_RETURN);
    ck_assert_int_eq(SSL_get_shutdown(c->ssl) & SSL_RECEIVED_SHUTDOWN,
                     SSL_RECEIVED_SHUTDOWN);
    ck_assert_int_eq(SSL_shutdown(c->ssl), 1);
    ck_assert_int_eq(tu_proc_wait(c->peer, TU_TIMEOUT_MS), 0);
}

/*
 * kumassl sends its fatal alert before SSL_connect returns (as OpenSSL's
 * client does); closing the socket then lets s_server (-naccept 1) print
 * what it got and end instead of waiting for the next handshake message.
 */
void tu_expect_peer_saw(tu_conn *c, const char *alert)
{
    const char *out;

    close(c->fd);
    c->fd = -1;
    tu_proc_wait(c->peer, TU_TIMEOUT_MS);
    out = tu_proc_output(c->peer);
    ck_assert_msg(strstr(out, alert) != NULL, "s_server output: %s", out);
}
