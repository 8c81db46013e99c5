/*
 * check_samples.c -- the sample programs against each other and real peers.
 *
 * Runs the in-tree samples ($KUMA_SAMPLES_DIR, default $KUMA_BUILDDIR/samples;
 * libtool wrapper scripts are fine to exec) on ephemeral ports:
 *   - sample client <-> sample server, and the server outliving rude clients
 *   - openssl s_client and gnutls-cli <-> sample server (RSA and ECDSA)
 *   - sample client <-> openssl s_server, and against the wrong CA
 *   - the samples rebuilt against the system's OpenSSL, against the
 *     kumassl-built ones (proves they use nothing kumassl-specific)
 *   - the samples under valgrind ($KUMA_VALGRIND): no error, no leak
 *
 * Pointing KUMA_SAMPLES_DIR at samples built with the system OpenSSL checks
 * this harness itself.
 */
#include <check.h>

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

/* Per test: generous for a handshake under valgrind, well below the suite's
 * patience. */
#define TEST_TIMEOUT_S 20
/* Per test under valgrind, which is slow to start, to handshake and to
 * check for leaks at exit. */
#define VALGRIND_TEST_TIMEOUT_S 120
#define VALGRIND_WAIT_MS 30000
/* valgrind's exit code for an error or a leak (--error-exitcode). */
#define VALGRIND_ERROR_EXIT 99
#define STR_(x) #x
#define STR(x) STR_(x)

struct server_pair {
    const char *cert;
    const char *key;
};

static const struct server_pair server_certs[] = {
    { "server-cert.pem", "server-key.pem" },
    { "server-ecdsa-cert.pem", "server-ecdsa-key.pem" },
};

/* Directory the system-OpenSSL builds go to; made per test case. */
static char sysbuild_dir[] = "/tmp/kuma-samples-XXXXXX";

/* How long a peer may take to print or to exit: TU_TIMEOUT_MS, or more
 * under valgrind. */
static int wait_ms = TU_TIMEOUT_MS;

/* Room for the valgrind prefix; NULL-terminated. */
#define WRAPPER_MAX 16
/* NULL, or the command line every sample runs under (valgrind's, through
 * libtool --mode=execute: the samples are libtool wrapper scripts, and
 * libtool puts back the .libs tu_spawn() takes out of LD_LIBRARY_PATH). */
static const char *const *sample_wrapper;

/* ---------------------------------------------------------------- helpers */

/* Fails the test unless p prints needle within the default timeout; the
 * message shows all p printed (the needle without its line end). */
static void expect(tu_proc *p, const char *who, const char *needle)
{
    int shown = (int)strcspn(needle, "\n");

    ck_assert_msg(tu_proc_read_until(p, needle, wait_ms, NULL, 0) == 0,
                  "%s did not print \"%.*s\" within %d ms; its output:\n%s",
                  who, shown, needle, wait_ms, tu_proc_output(p));
}

/* Fails the test if p's output shows a valgrind report of an error or a
 * definite leak.  (With -q valgrind prints nothing when all is well; any
 * error or leak also turns its exit code into VALGRIND_ERROR_EXIT.) */
static void expect_valgrind_clean(tu_proc *p, const char *who)
{
    regex_t re;
    int found;

    ck_assert(regcomp(&re, "ERROR SUMMARY: [1-9]|definitely lost",
                      REG_EXTENDED | REG_NOSUB | REG_NEWLINE) == 0);
    found = regexec(&re, tu_proc_output(p), 0, NULL, 0) == 0;
    regfree(&re);
    ck_assert_msg(!found, "valgrind found errors or leaks in %s:\n%s",
                  who, tu_proc_output(p));
}

/* Fails the test unless p exits with code want within the default timeout
 * (and, with samples under valgrind, unless valgrind's report is clean). */
static void expect_exit(tu_proc *p, const char *who, int want)
{
    int status = tu_proc_wait(p, wait_ms);

    if (sample_wrapper != NULL)
        expect_valgrind_clean(p, who);
    ck_assert_msg(status == want, "%s ended with status %d (wanted %d%s); output:\n%s",
                  who, status, want,
                  status == VALGRIND_ERROR_EXIT && sample_wrapper != NULL
                      ? ", valgrind reports an error or a leak" : "",
                  tu_proc_output(p));
}

/* Starts sample program prog with the arguments args (NULL-terminated),
 * under sample_wrapper if one is set. */
static tu_proc *spawn_sample(const char *prog, const char *const args[])
{
    char *argv[WRAPPER_MAX + 16];
    const char *const *w;
    size_t n = 0;
    tu_proc *p;

    for (w = sample_wrapper; w != NULL && *w != NULL; w++)
        argv[n++] = (char *)*w;
    argv[n++] = (char *)prog;
    for (; *args != NULL; args++) {
        ck_assert(n < sizeof(argv) / sizeof(argv[0]) - 1);
        argv[n++] = (char *)*args;
    }
    argv[n] = NULL;
    p = tu_spawn(argv);
    ck_assert_msg(p != NULL, "cannot start %s", prog);
    return p;
}

/* Starts echo-server program prog on a free port with the given cert pair;
 * returns it and sets *port. */
static tu_proc *start_server_prog(const char *prog, const struct server_pair *sp,
                                  int *port)
{
    char buf[64];
    const char *args[] = { "-p", "0", "-c", tu_cert(sp->cert),
                           "-k", tu_cert(sp->key), NULL };
    tu_proc *p = spawn_sample(prog, args);

    expect(p, "echo-server", "Listening on port ");
    ck_assert(tu_proc_read_until(p, "\n", wait_ms, buf, sizeof(buf)) == 0);
    *port = atoi(buf);
    ck_assert_msg(*port > 0, "echo-server printed no port: %s", buf);
    return p;
}

static tu_proc *start_server(int cert_index, int *port)
{
    return start_server_prog(tu_sample("echo-server"), &server_certs[cert_index],
                             port);
}

/* Starts echo-client program prog against 127.0.0.1:port trusting ca. */
static tu_proc *start_client_prog(const char *prog, int port, const char *ca)
{
    char portstr[16];
    const char *args[] = { "127.0.0.1", "-p", portstr, "-A", tu_cert(ca), NULL };

    snprintf(portstr, sizeof(portstr), "%d", port);
    return spawn_sample(prog, args);
}

static tu_proc *start_client(int port, const char *ca)
{
    return start_client_prog(tu_sample("echo-client"), port, ca);
}

/* One line through client and server: the server prints it, the client
 * prints the echo. */
static void echo_line(tu_proc *client, tu_proc *server, const char *text)
{
    char line[256];

    snprintf(line, sizeof(line), "%s\n", text);
    tu_send_line(client, "echo-client", line);
    snprintf(line, sizeof(line), "Client: %s\n", text);
    expect(server, "echo-server", line);
    snprintf(line, sizeof(line), "Server: %s\n", text);
    expect(client, "echo-client", line);
}

/* "shutdown" from client ends both, each with exit code 0. */
static void shut_down(tu_proc *client, tu_proc *server)
{
    tu_send_line(client, "echo-client", "shutdown\n");
    expect(server, "echo-server", "Client: shutdown\n");
    expect_exit(client, "echo-client", 0);
    expect_exit(server, "echo-server", 0);
}

/* A real client peer (a line in, the received data out) sends a line to the
 * sample server and gets it back; then "break" makes the server close the
 * session with close_notify, which must end the peer cleanly. */
static void peer_round_trip(tu_proc *peer, const char *who, tu_proc *server)
{
    ck_assert_msg(peer != NULL, "cannot start %s", who);
    tu_send_line(peer, who, "hello from a real peer\n");
    expect(server, "echo-server", "Client: hello from a real peer\n");
    expect(peer, who, "hello from a real peer\n");
    tu_send_line(peer, who, "break\n");
    expect(server, "echo-server", "Client: break\n");
    expect_exit(peer, who, 0);
}

/* A new sample client is served (the server survived whatever came
 * before), then shuts the server down. */
static void still_serving(tu_proc *server, int port)
{
    tu_proc *client = start_client(port, "ca-cert.pem");

    echo_line(client, server, "still serving");
    shut_down(client, server);
    tu_proc_free(client);
}

/* An openssl s_client has a line echoed by the server at port, then is
 * killed in the middle of its session (no close_notify). */
static void s_client_vanishes(tu_proc *server, int port)
{
    char target[32];
    tu_proc *rude;

    snprintf(target, sizeof(target), "127.0.0.1:%d", port);
    rude = tu_spawn_openssl("s_client", "-connect", target, "-CAfile",
                            tu_cert("ca-cert.pem"), "-quiet", NULL);
    ck_assert(rude != NULL);
    tu_send_line(rude, "s_client", "about to vanish\n");
    expect(server, "echo-server", "Client: about to vanish\n");
    expect(rude, "s_client", "about to vanish");
    tu_proc_kill(rude);
    tu_proc_free(rude);
}

/* A sample client has a few lines echoed by a sample server, then shuts
 * it down: both exit 0. */
static void sample_pair_session(void)
{
    int port;
    tu_proc *server = start_server(0, &port);
    tu_proc *client = start_client(port, "ca-cert.pem");

    echo_line(client, server, "hello");
    echo_line(client, server, "second line, with spaces");
    echo_line(client, server, "3");
    shut_down(client, server);
    tu_proc_free(client);
    tu_proc_free(server);
}

/* ------------------------------------------------- sample <-> sample */

START_TEST(client_server_echo)
{
    sample_pair_session();
}
END_TEST

/* "break" closes only the session: the server takes the next client. */
START_TEST(server_break_keeps_serving)
{
    int port;
    tu_proc *server = start_server(0, &port);
    tu_proc *first = start_client(port, "ca-cert.pem");

    echo_line(first, server, "first");
    tu_send_line(first, "echo-client", "break\n");
    expect(first, "echo-client", "Server closed the connection");
    expect_exit(first, "echo-client", 0);
    still_serving(server, port);
    tu_proc_free(first);
    tu_proc_free(server);
}
END_TEST

/* Peers that hang up at the wrong moment cost their session only. */
START_TEST(server_outlives_rude_clients)
{
    int port, fd;
    tu_proc *server = start_server(0, &port);

    /* TCP connection closed before any byte. */
    ck_assert((fd = tu_tcp_connect(port)) != -1);
    close(fd);
    /* Not TLS at all. */
    ck_assert((fd = tu_tcp_connect(port)) != -1);
    ck_assert(write(fd, "GET / HTTP/1.0\r\n\r\n", 18) == 18);
    close(fd);
    /* A TLS client killed in the middle of its session (no close_notify). */
    s_client_vanishes(server, port);
    still_serving(server, port);
    tu_proc_free(server);
}
END_TEST

/* The wrong CA: the client refuses the server, says why, exits non-zero. */
START_TEST(client_rejects_unknown_ca)
{
    int port;
    tu_proc *server = start_server(0, &port);
    tu_proc *client = start_client(port, "other-ca-cert.pem");

    tu_send_line(client, "echo-client", "must not arrive\n");
    tu_proc_close_stdin(client);
    expect(client, "echo-client", "certificate verify failed");
    ck_assert_msg(tu_proc_wait(client, TU_TIMEOUT_MS) > 0,
                  "echo-client accepted a server from an unknown CA:\n%s",
                  tu_proc_output(client));
    ck_assert_msg(strstr(tu_proc_output(server), "Client: must not arrive") == NULL,
                  "data crossed an unverified connection");
    tu_proc_free(client);
    tu_proc_free(server);
}
END_TEST

/* ------------------------------------------------- real peers */

/* openssl s_client, verifying, sends a line to the sample server and gets
 * it back; loop index picks the server's certificate. */
START_TEST(openssl_s_client_to_server)
{
    int port;
    tu_proc *server = start_server(_i, &port);
    tu_proc *peer;
    char target[32];

    snprintf(target, sizeof(target), "127.0.0.1:%d", port);
    peer = tu_spawn_openssl("s_client", "-connect", target, "-CAfile",
                            tu_cert("ca-cert.pem"), "-verify_return_error",
                            "-quiet", NULL);
    /* -quiet ignores end of input; only the server's close_notify ends it. */
    peer_round_trip(peer, "s_client", server);
    tu_proc_free(peer);
    tu_proc_free(server);
}
END_TEST

/* The sample client against openssl s_server: s_server prints what it
 * receives and sends what is written to its standard input. */
START_TEST(client_to_openssl_s_server)
{
    int port = tu_free_port();
    char portstr[16];
    tu_proc *peer, *client;

    ck_assert(port > 0);
    snprintf(portstr, sizeof(portstr), "%d", port);
    peer = tu_spawn_openssl("s_server", "-accept", portstr, "-naccept", "1",
                            "-cert", tu_cert("server-cert.pem"),
                            "-key", tu_cert("server-key.pem"), NULL);
    ck_assert(peer != NULL);
    expect(peer, "s_server", "ACCEPT");

    client = start_client(port, "ca-cert.pem");
    tu_send_line(client, "echo-client", "hello s_server\n");
    expect(peer, "s_server", "hello s_server\n");
    tu_send_line(peer, "s_server", "reply from s_server\n");
    expect(client, "echo-client", "Server: reply from s_server\n");
    /* End of input: the client says close_notify and exits; s_server,
     * limited to one connection, follows. */
    tu_proc_close_stdin(client);
    expect_exit(client, "echo-client", 0);
    expect_exit(peer, "s_server", 0);
    tu_proc_free(client);
    tu_proc_free(peer);
}
END_TEST

/* gnutls-cli, verifying against the CA and 127.0.0.1's IP SAN. */
START_TEST(gnutls_cli_to_server)
{
    const char *cli = tu_gnutls_cli();
    tu_proc *server, *peer;
    char portstr[16];
    int port;

    if (cli == NULL) {
        fprintf(stderr, "SKIP gnutls_cli_to_server: gnutls-cli not found "
                "(apt-get install gnutls-bin, then re-run configure)\n");
        return;
    }
    server = start_server(_i, &port);
    snprintf(portstr, sizeof(portstr), "%d", port);
    peer = tu_spawnl(cli, "--x509cafile", tu_cert("ca-cert.pem"), "-p", portstr,
                     "127.0.0.1", NULL);
    peer_round_trip(peer, "gnutls-cli", server);
    tu_proc_free(peer);
    tu_proc_free(server);
}
END_TEST

/* ------------------------------------------------- system OpenSSL builds */

static void make_sysbuild_dir(void)
{
    if (mkdtemp(sysbuild_dir) == NULL)
        sysbuild_dir[0] = '\0';
}

static void remove_sysbuild_dir(void)
{
    char path[sizeof(sysbuild_dir) + 32];

    if (sysbuild_dir[0] == '\0')
        return;
    snprintf(path, sizeof(path), "%s/echo-client", sysbuild_dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/echo-server", sysbuild_dir);
    unlink(path);
    rmdir(sysbuild_dir);
}

/* samples/<name>.c built against the system OpenSSL in the scratch
 * directory; returns the program's path, or NULL to skip. */
static const char *build_with_system_openssl(const char *name)
{
    static char out[2][sizeof(sysbuild_dir) + 32];
    static int next;
    char *prog = out[next++ % 2];

    if (tu_build_with_system_openssl(sysbuild_dir, name, 20000) != 0)
        return NULL;
    snprintf(prog, sizeof(out[0]), "%s/%s", sysbuild_dir, name);
    return prog;
}

/* The client built with the real OpenSSL talks to the kumassl server. */
START_TEST(system_openssl_client_to_server)
{
    const char *prog = build_with_system_openssl("echo-client");
    tu_proc *server, *client;
    int port;

    if (prog == NULL)
        return;
    server = start_server(0, &port);
    client = start_client_prog(prog, port, "ca-cert.pem");
    echo_line(client, server, "from the real OpenSSL");
    shut_down(client, server);
    tu_proc_free(client);
    tu_proc_free(server);
}
END_TEST

/* The server built with the real OpenSSL serves the kumassl client. */
START_TEST(client_to_system_openssl_server)
{
    const char *prog = build_with_system_openssl("echo-server");
    tu_proc *server, *client;
    int port;

    if (prog == NULL)
        return;
    server = start_server_prog(prog, &server_certs[1], &port);
    client = start_client(port, "ca-cert.pem");
    echo_line(client, server, "to the real OpenSSL");
    shut_down(client, server);
    tu_proc_free(client);
    tu_proc_free(server);
}
END_TEST

/* ------------------------------------------------- under valgrind */

/* The valgrind command line the samples run under. */
static char valgrind_libtool[1024];
static const char *valgrind_wrapper[WRAPPER_MAX] = {
    valgrind_libtool, "--mode=execute", NULL /* valgrind */,
    "--error-exitcode=" STR(VALGRIND_ERROR_EXIT), "--leak-check=full",
    "--show-leak-kinds=all", "--errors-for-leak-kinds=all", "--num-callers=40",
    "-q", NULL
};

/* Makes the samples run under valgrind from now on, with patience to
 * match; returns 0, or -1 to skip when configure found no valgrind. */
static int use_valgrind(const char *test)
{
    const char *valgrind = tu_env("KUMA_VALGRIND", NULL);

    if (valgrind == NULL) {
        fprintf(stderr, "SKIP %s: valgrind not found (KUMA_VALGRIND is "
                "empty; apt-get install valgrind, then re-run configure)\n", test);
        return -1;
    }
    snprintf(valgrind_libtool, sizeof(valgrind_libtool), "%s/libtool", tu_builddir());
    ck_assert_msg(access(valgrind_libtool, X_OK) == 0,
                  "no libtool script at %s (KUMA_BUILDDIR?)", valgrind_libtool);
    valgrind_wrapper[2] = valgrind;
    sample_wrapper = valgrind_wrapper;
    wait_ms = VALGRIND_WAIT_MS;
    return 0;
}

/* Checked teardown: back to the samples run as they are (matters only
 * when Check does not fork). */
static void no_valgrind(void)
{
    sample_wrapper = NULL;
    wait_ms = TU_TIMEOUT_MS;
}

/* The interop pair runs under valgrind with no errors and no leaks: both
 * sample programs under valgrind, lines echoed, "shutdown"; both exit 0
 * and valgrind says nothing. */
START_TEST(valgrind_sample_pair)
{
    if (use_valgrind("valgrind_sample_pair") != 0)
        return;
    sample_pair_session();
}
END_TEST

/* The server under valgrind loses a real client without close_notify
 * (openssl s_client, killed), serves a sample client (also under
 * valgrind) and shuts down cleanly. */
START_TEST(valgrind_server_outlives_killed_s_client)
{
    int port;
    tu_proc *server;

    if (use_valgrind("valgrind_server_outlives_killed_s_client") != 0)
        return;
    server = start_server(0, &port);
    s_client_vanishes(server, port);
    still_serving(server, port);
    tu_proc_free(server);
}
END_TEST

/* ---------------------------------------------------------------- suite */

static Suite *samples_suite(void)
{
    Suite *s = suite_create("samples");
    int ncerts = (int)(sizeof(server_certs) / sizeof(server_certs[0]));
    TCase *tc;

    tc = tu_add_tcase(s, "sample_pair", TEST_TIMEOUT_S);
    tcase_add_test(tc, client_server_echo);
    tcase_add_test(tc, server_break_keeps_serving);
    tcase_add_test(tc, server_outlives_rude_clients);
    tcase_add_test(tc, client_rejects_unknown_ca);

    tc = tu_add_tcase(s, "real_peers", TEST_TIMEOUT_S);
    tcase_add_loop_test(tc, openssl_s_client_to_server, 0, ncerts);
    tcase_add_test(tc, client_to_openssl_s_server);
    tcase_add_loop_test(tc, gnutls_cli_to_server, 0, ncerts);

    tc = tu_add_tcase(s, "system_openssl_builds", 2 * TEST_TIMEOUT_S);  /* includes compiling */
    /* Unchecked: runs in the parent, so the directory goes even when a
     * test fails. */
    tcase_add_unchecked_fixture(tc, make_sysbuild_dir, remove_sysbuild_dir);
    tcase_add_test(tc, system_openssl_client_to_server);
    tcase_add_test(tc, client_to_system_openssl_server);

    tc = tu_add_tcase(s, "valgrind", VALGRIND_TEST_TIMEOUT_S);
    tcase_add_checked_fixture(tc, NULL, no_valgrind);
    tcase_add_test(tc, valgrind_sample_pair);
    tcase_add_test(tc, valgrind_server_outlives_killed_s_client);
    return s;
}

int main(void)
{
    return tu_run_suite(samples_suite(), CK_ENV);
}
