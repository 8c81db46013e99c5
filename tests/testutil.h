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
#include <stdint.h>
#include <check.h>
#include <openssl/ssl.h>

/* Default wait for anything a peer should do promptly. */
#define TU_TIMEOUT_MS 5000

/* Send/receive timeout on kumassl's sockets in a test connection: a stuck
 * handshake or read fails the test instead of hanging it. */
#define TU_IO_TIMEOUT_MS 10000

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

/* gnutls-serv, next to the gnutls-cli configure found; NULL if missing. */
const char *tu_gnutls_serv(void);

/* Milliseconds on a monotonic clock, and a sleep in milliseconds. */
long tu_now_ms(void);
void tu_sleep_ms(int ms);

/* Directory of the sample programs: $KUMA_SAMPLES_DIR (e.g. samples built
 * against the system's OpenSSL), by default $KUMA_BUILDDIR/samples.  The
 * libtool wrapper scripts there are fine to exec. */
const char *tu_samples_dir(void);

/* Path of sample program name ("echo-server") in tu_samples_dir(); rotating
 * static buffers as tu_cert(). */
const char *tu_sample(const char *name);

/* Removes dir and all it holds (rm -rf). */
void tu_rmtree(const char *dir);

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

/* ------------------------------------------------------------ Check runs */

/* Runs every test of s (mode: CK_NORMAL, CK_ENV, ...) and frees the runner;
 * returns EXIT_SUCCESS when nothing failed, else EXIT_FAILURE: the body of
 * a test program's main(). */
int tu_run_suite(Suite *s, enum print_output mode);
/* The same inside a scratch directory: dir (a mkdtemp template) is made
 * first and removed, with what the tests left in it, afterwards. */
int tu_run_suite_in(Suite *s, enum print_output mode, char *dir);

/* A new test case added to s, with a timeout of timeout_s seconds when
 * timeout_s > 0 (else Check's default). */
TCase *tu_add_tcase(Suite *s, const char *name, int timeout_s);

/* ------------------------------------------------------------- TLS setup
 * These assert with Check: call them from a test, not from a thread that
 * must not fail it.  Paths are file names; tu_cert() makes them. */

/* A server context with the PEM certificate and key at these paths. */
SSL_CTX *tu_server_ctx(const char *certfile, const char *keyfile);

/* As tu_server_ctx() with a PEM chain file, leaf first. */
SSL_CTX *tu_server_chain_ctx(const char *chainfile, const char *keyfile);

/* The usual server: server-cert.pem and server-key.pem (RSA, localhost). */
SSL_CTX *tu_rsa_server_ctx(void);

/* A client context trusting the CA certificates in cafile; with cafile NULL,
 * none loaded. */
SSL_CTX *tu_client_ctx(const char *cafile);

/* The usual client: trusts the test CA, ca-cert.pem. */
SSL_CTX *tu_ca_client_ctx(void);

/* Gives ctx the PEM certificate and key at these paths (a client's own). */
void tu_use_cert_key(SSL_CTX *ctx, const char *certfile, const char *keyfile);

/* A server ctx verifies client certificates against the test CA, with
 * SSL_CTX_set_verify mode (SSL_VERIFY_PEER, maybe | ..._FAIL_IF_NO_PEER_CERT). */
void tu_verify_clients(SSL_CTX *ctx, int mode);

/* A connected AF_UNIX stream socket pair; with io_timeout_ms > 0 both ends
 * get it as I/O timeout (tu_set_io_timeout). */
void tu_socketpair(int sv[2], int io_timeout_ms);

/* --------------------------------------------------------------- errors */

/* Pops the oldest queued error and asserts it is from library lib with
 * reason, and that it has a reason string; then empties the queue.
 * Returns the error popped. */
unsigned long tu_expect_error(int lib, int reason);

/* The reason of the oldest queued error, 0 if none (the queue is kept). */
int tu_first_reason(void);

/* Fails the test unless p prints needle within TU_TIMEOUT_MS; the message
 * names who and shows all p printed. */
void tu_expect_output(tu_proc *p, const char *who, const char *needle);

/* Fails unless p ends within TU_TIMEOUT_MS with exit code want (a crash
 * shows as 128 + signal, a hang as -1). */
void tu_expect_exit(tu_proc *p, const char *who, int want);

/* Writes line to p's standard input; fails the test if p no longer reads. */
void tu_send_line(tu_proc *p, const char *who, const char *line);

/* Bytes of heap in use (mallinfo2), and whether that figure sees malloc at
 * all (not under valgrind or a sanitizer, which replace malloc). */
size_t tu_heap_in_use(void);
int tu_heap_measurable(void);

/* The oldest queued error as text ("(no error queued)" if none), for
 * failure messages; a static buffer, the queue is kept. */
const char *tu_queued_error(void);

/* Decodes the first n bytes of hex (2n hex digits) into out; asserts each byte parses. */
void tu_unhex(const char *hex, unsigned char *out, size_t n);

/* The first certificate of the PEM file at path; fails the test, naming the
 * file and the queued error, when there is none. */
X509 *tu_read_cert(const char *path);

/* Compiles samples/NAME.c for each of the space-separated names with
 * $KUMA_CC against the system OpenSSL, warnings as errors, into dir/NAME,
 * within timeout_ms.  Returns 0 (a program that does not build fails the
 * test), or -1 after a SKIP message when configure found no system OpenSSL. */
int tu_build_with_system_openssl(const char *dir, const char *names, int timeout_ms);

/* Makes a fresh directory from tmpl ("/tmp/NAME.XXXXXX", replaced in place
 * by the directory's name) and runs the sh script with $1 = that directory,
 * $2 = the openssl tool, $3 = the test certificate directory, within
 * timeout_ms; 0, or -1 after printing the script's output. */
int tu_gen_dir(char *tmpl, const char *script, int timeout_ms);

/* ------------------------------------------- kumassl against a real peer */

/* One kumassl connection and the peer process on the other end. */
typedef struct {
    tu_proc *peer;
    SSL_CTX *ctx;
    SSL *ssl;
    int fd;
} tu_conn;

#define TU_CONN_INIT { NULL, NULL, NULL, -1 }

/* Starts the openssl tool with the arguments fixed ("s_server", ...) then
 * extra, both NULL-terminated; asserts it started. */
tu_proc *tu_spawn_openssl_args(const char *const fixed[], const char *const extra[]);

/* Starts `openssl s_server` for one connection (-naccept 1) on a free port
 * of 127.0.0.1, with this certificate and key (paths) and extra arguments;
 * c->peer is set.  Returns the port. */
int tu_start_s_server(tu_conn *c, const char *certfile, const char *keyfile,
                      const char *const extra[]);

/* Connects c->fd to 127.0.0.1:port, retrying up to TU_TIMEOUT_MS while
 * nothing listens (no probe: s_server -naccept 1 sees only this one), with
 * TU_IO_TIMEOUT_MS; then c->ssl, made from ctx unless already set, on it.
 * ctx is taken over (c->ctx).  SSL_connect is left to the caller. */
void tu_conn_open_client(tu_conn *c, int port, SSL_CTX *ctx);

/* A kumassl server SSL on ctx (taken over) accepting `openssl s_client
 * -connect ... -CAfile ca-cert.pem -verify_return_error -nocommands` with
 * extra arguments; returns SSL_accept's result. */
int tu_accept_s_client(tu_conn *c, SSL_CTX *ctx, const char *const extra[]);
/* The same up to the handshake: c->ssl is set on the accepted socket, not started. */
void tu_open_s_client(tu_conn *c, SSL_CTX *ctx, const char *const extra[]);

/* Frees what c holds (a running peer is killed) and clears the error queue. */
void tu_conn_close(tu_conn *c);

/* Closes the peer's stdin, on which s_server -quiet and s_client send
 * close_notify: kumassl must read it as a clean end (SSL_read 0,
 * SSL_ERROR_ZERO_RETURN), answer it (SSL_shutdown 1), and the peer must
 * exit 0. */
void tu_expect_close_notify(tu_conn *c);
/* Closes kumassl's socket (after a failed handshake: its alert is sent),
 * waits for the peer to end and asserts its output holds alert. */
void tu_expect_peer_saw(tu_conn *c, const char *alert);

/* Asserts that peer prints text within TU_TIMEOUT_MS.  buf (may be NULL)
 * gets the output up to and including it, as tu_proc_read_until(). */
void tu_await_output(tu_proc *peer, const char *text, char *buf, size_t size);

/* Waits for label in peer's output as tu_await_output(), then returns in
 * line the rest of that line, without its line end. */
void tu_await_line(tu_proc *peer, const char *label, char *line, size_t size);

/* --------------------------------------------- TLS extension callbacks */

/* The ALPN list tu_alpn_cb() prefers, in wire form: h2, then http/1.1. */
extern const unsigned char tu_server_protos[];
extern const unsigned int tu_server_protos_len;

/* What the servername callback tu_sni_cb saw and does. */
typedef struct {
    SSL_CTX *other;             /* switched to for "other.test" */
    int reject;                 /* return SSL_TLSEXT_ERR_ALERT_FATAL */
    int calls;
    char seen[256];             /* SSL_get_servername() inside the callback */
} tu_sni_arg;

/* A servername callback (arg: tu_sni_arg) recording the name asked for. */
int tu_sni_cb(SSL *s, int *al, void *arg);

/* The ALPN callback's argument: `mode` is what it returns; OK selects from
 * tu_server_protos by server preference. */
typedef struct {
    int mode;
    int calls;
    unsigned char in[64];       /* the client's list as received */
    unsigned int inlen;
} tu_alpn_arg;

int tu_alpn_cb(SSL *s, const unsigned char **out, unsigned char *outlen,
               const unsigned char *in, unsigned int inlen, void *arg);

/* Asserts that ssl negotiated ALPN protocol expect (NULL: none). */
void tu_assert_alpn(SSL *ssl, const char *expect);

/* A second server identity, other.test: an EC P-256 key and a certificate
 * for that name (CN and SAN), signed by the test CA. */
typedef struct {
    char dir[64];               /* the temporary directory holding them */
    char cert[128], key[128];   /* their paths */
} tu_other_cert;

/* Makes other.test's key and certificate in a new temporary directory;
 * returns 0, or -1 with the reason on stderr.  tu_rmtree(oc->dir) removes
 * them. */
int tu_make_other_cert(tu_other_cert *oc);

/* ------------------------------------ 1 MiB through kumassl and a peer */

#define TU_MIB (1024 * 1024)
#define TU_FNV_INIT 2166136261u

/* The payload: 1 MiB of unique 64-byte lines of digits, spaces and a
 * newline (nothing s_server or s_client could take as a command). */
const char *tu_payload(void);
/* FNV-1a: a running checksum (start from TU_FNV_INIT). */
uint32_t tu_fnv1a(uint32_t h, const char *p, size_t n);
/* SSL_write of len bytes, asserted to take them all. */
void tu_write_all(SSL *ssl, const char *data, int len);
/* Reads exactly len bytes, which must equal expect, one SSL_read at a
 * time, each at most one record; returns h updated with them. */
uint32_t tu_read_expected(SSL *ssl, const char *expect, size_t len, uint32_t h);
/* Sends a marker and the payload to a peer that prints what it receives
 * (lock step: each 16 KiB awaited in its output), then checks its output. */
void tu_send_payload(SSL *ssl, tu_proc *peer);
/* Has the peer send the payload (its stdin, 16 KiB at a time, each read
 * back before the next) and checks bytes, record sizes and checksum. */
void tu_receive_payload(SSL *ssl, tu_proc *peer);

#endif
