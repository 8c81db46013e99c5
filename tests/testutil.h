/*
 * testutil.h -- helpers shared by kumassl's Check test programs.
 *
 * Paths: test certificates live in $KUMA_CERTS (tests/Makefile.inc sets it
 * and the other KUMA_* variables through AM_TESTS_ENVIRONMENT; a test run by
 * hand from the build directory falls back to sensible defaults).
 *
 * Peers: tu_spawn() starts a program (openssl s_server, a sample, ...) with
 * its standard input, output and error on pipes.  Everything it prints, on
 * either stream, is collected into one log, in arrival order, which
 * tu_proc_read_until() searches.  Every started process is registered and
 * killed at exit (SIGTERM, then SIGKILL), so a failing test -- which ends
 * its forked process through exit() -- leaves nothing running; on Linux a
 * peer is also killed if the test process dies outright.  Peers stay in the
 * test's process group, which Check kills when a test times out.  Peers
 * run without the build tree's .libs in LD_LIBRARY_PATH, so that openssl(1)
 * and gnutls-cli use the system's libraries, not kumassl's libssl.so.3.
 *
 * Every helper that can block takes a timeout in milliseconds, or uses
 * TU_TIMEOUT_MS where the signature has no room for one, so a hanging
 * library fails a test instead of stalling the suite.
 */
#ifndef KUMASSL_TESTUTIL_H
#define KUMASSL_TESTUTIL_H

#include <stddef.h>

/* Default wait for anything a peer should do promptly. */
#define TU_TIMEOUT_MS 5000

/* ------------------------------------------------------------ environment */

/* The value of environment variable name, or dflt if it is unset or empty. */
const char *tu_env(const char *name, const char *dflt);

/* Path of test certificate or key name ("ca-cert.pem") in $KUMA_CERTS
 * (default "tests/certs").  The string lives in one of 16 rotating static
 * buffers: valid until 16 more calls. */
const char *tu_cert(const char *name);

/* $KUMA_BUILDDIR (default ".") and $KUMA_SRCDIR (default "."). */
const char *tu_builddir(void);
const char *tu_srcdir(void);

/* The openssl command line tool: $KUMA_OPENSSL, default "openssl". */
const char *tu_openssl(void);

/* gnutls-cli: $KUMA_GNUTLS_CLI if configure found it, else NULL (the
 * caller skips).  A test run by hand may set it. */
const char *tu_gnutls_cli(void);

/* Milliseconds on a monotonic clock, and a sleep in milliseconds. */
long tu_now_ms(void);
void tu_sleep_ms(int ms);

/* The whole file at path, NUL-terminated (the NUL not counted in *len,
 * which may be NULL); malloc'd, or NULL if it cannot be read. */
char *tu_slurp(const char *path, size_t *len);

/* -------------------------------------------------------------- processes */

typedef struct tu_proc tu_proc;

/* Starts argv[0] (searched in PATH) with argv; NULL-terminated.  Returns
 * NULL if the process cannot be created (an exec failure shows instead as
 * exit status 127 with the reason in its output). */
tu_proc *tu_spawn(char *const argv[]);

/* As tu_spawn() with the arguments listed, ending with NULL. */
tu_proc *tu_spawnl(const char *prog, ...);

/* As tu_spawnl() for the openssl tool: tu_spawn_openssl("s_server", ...). */
tu_proc *tu_spawn_openssl(const char *subcommand, ...);

/* Process id of p. */
int tu_proc_pid(const tu_proc *p);

/* Writes s to p's standard input, waiting at most TU_TIMEOUT_MS.  Returns
 * 0, or -1 if p no longer reads (it exited, or its stdin was closed). */
int tu_proc_write(tu_proc *p, const char *s);

/* Closes p's standard input: the peer sees end of file. */
void tu_proc_close_stdin(tu_proc *p);

/* Waits up to timeout_ms for needle to appear in p's output after the
 * point the previous successful call stopped at.  Returns 0 when found (the
 * search then resumes after the match) or -1 on timeout, or when p closed
 * its output without printing it.  If buf is not NULL, it receives (NUL-
 * terminated, cut to size) the output from the old point through the
 * match, or on failure all output not yet matched -- handy in a message. */
int tu_proc_read_until(tu_proc *p, const char *needle, int timeout_ms,
                       char *buf, size_t size);

/* Everything p has printed so far (stdout and stderr), NUL-terminated;
 * owned by p.  Collects what is readable now without waiting. */
const char *tu_proc_output(tu_proc *p);

/* Waits up to timeout_ms for p to exit, collecting its output meanwhile.
 * Returns its exit code, 128 + the signal number if a signal ended it, or
 * -1 on timeout -- in which case p is killed as by tu_proc_kill(). */
int tu_proc_wait(tu_proc *p, int timeout_ms);

/* Ends p: SIGTERM, up to one second's grace, then SIGKILL.  Returns the
 * status as tu_proc_wait() does (the status it already had if it ended). */
int tu_proc_kill(tu_proc *p);

/* Kills p if it still runs, closes its pipes and frees it.  NULL is fine. */
void tu_proc_free(tu_proc *p);

/* Runs argv to completion (at most timeout_ms, then killed) and returns
 * its status as tu_proc_wait(); its output goes to out (NUL-terminated, cut
 * to size) when out is not NULL. */
int tu_run(char *const argv[], int timeout_ms, char *out, size_t size);

/* ---------------------------------------------------------------- network */

/* A TCP port on 127.0.0.1 that was free a moment ago, or -1.  Prefer having
 * the peer pick its own port (echo-server -p 0) where it can. */
int tu_free_port(void);

/* Retries connecting to 127.0.0.1:port until it succeeds (0) or timeout_ms
 * passes (-1).  Each probe is a real connection the server will see. */
int tu_wait_port(int port, int timeout_ms);

/* A blocking TCP socket connected to 127.0.0.1:port, or -1. */
int tu_tcp_connect(int port);

/* A socket listening on 127.0.0.1:*port; *port 0 picks a free port and is
 * replaced with it.  Returns the socket, or -1. */
int tu_tcp_listen(int *port);

/* Accepts one connection on listening socket lfd within timeout_ms;
 * returns the connected socket or -1. */
int tu_tcp_accept(int lfd, int timeout_ms);

/* A connected pair of blocking TCP sockets over the loopback (real TCP,
 * unlike socketpair()).  Returns 0, or -1. */
int tu_tcp_pair(int fds[2]);

/* Sets receive and send timeouts on fd so that a blocking read or write
 * there fails (EAGAIN) after ms instead of hanging.  Returns 0 or -1. */
int tu_set_io_timeout(int fd, int ms);

#endif
