/*
 * check_textbook.c -- the textbook's chapter-6 protocol samples, in
 * kumassl's own versions: ext-client, session-client and resume-client.
 *
 *   - ext-client against the sample echo-server (RSA and ECDSA) and against
 *     `openssl s_server -tls1_2`: the handshake, a line each way, the server
 *     name and max_fragment_length extensions, and the groups offered being
 *     exactly the listed ones (each listed group alone is accepted, X25519
 *     alone is refused);
 *   - session-client saves a session, resume-client resumes it, against the
 *     sample echo-server (kumassl's server session cache) and s_server; a
 *     restarted server no longer knows it, and the client still connects;
 *   - the three samples rebuilt against the system's OpenSSL (skipped when
 *     configure found none), whose resumption pair resumes on kumassl's
 *     server, and session files that pass between the two libraries.
 *
 * Every server runs on a free port and every wait is bounded (TU_TIMEOUT_MS
 * per step, TEST_TIMEOUT_S per test); testutil kills whatever still runs.
 * The samples run from $KUMA_SAMPLES_DIR (default $KUMA_BUILDDIR/samples).
 */
#include <check.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

#define TEST_TIMEOUT_S 20
/* The system-OpenSSL tests compile three programs first. */
#define BUILD_TEST_TIMEOUT_S 60
#define BUILD_TIMEOUT_MS 40000

/* ext-client's lists, as s_server names them. */
static const char *const listed_groups[] = { "secp521r1", "secp384r1", "secp256r1" };
static const char *const listed_group_args[] = { "P-521", "P-384", "P-256" };
#define N_GROUPS ((int)(sizeof(listed_groups) / sizeof(listed_groups[0])))

/* The peers: the sample server, or openssl s_server (TLS 1.2: kumassl has
 * no TLS 1.3 yet, and a TLS 1.3 server resumes with tickets, not ids). */
enum server_kind { ECHO_SERVER, S_SERVER };

struct server {
    enum server_kind kind;
    tu_proc *p;
    int port;
};

/* The three client programs, built with kumassl or the system OpenSSL. */
struct clients {
    const char *ext;
    const char *session;
    const char *resume;
};

/* Session files and system-OpenSSL builds go here; made and removed by
 * main(), outside the forked tests. */
static char scratch[] = "/tmp/kuma-textbook-XXXXXX";

/* ---------------------------------------------------------------- helpers */

static struct clients kumassl_clients(void)
{
    struct clients c = { tu_sample("ext-client"), tu_sample("session-client"),
                         tu_sample("resume-client") };

    return c;
}

/* Path of file name in the scratch directory; 4 rotating buffers. */
static const char *scratch_path(const char *name)
{
    static char bufs[4][sizeof(scratch) + 64];
    static unsigned next;
    char *buf = bufs[next++ % 4];

    ck_assert_msg(scratch[0] != '\0', "no scratch directory");
    snprintf(buf, sizeof(bufs[0]), "%s/%s", scratch, name);
    return buf;
}

/* ---------------------------------------------------------------- servers */

static void start_echo_server(struct server *s, const char *cert, const char *key)
{
    char line[64];

    s->kind = ECHO_SERVER;
    s->p = tu_spawnl(tu_sample("echo-server"), "-p", "0", "-c", tu_cert(cert),
                     "-k", tu_cert(key), NULL);
    ck_assert_msg(s->p != NULL, "cannot start echo-server");
    tu_expect_output(s->p, "echo-server", "Listening on port ");
    ck_assert(tu_proc_read_until(s->p, "\n", TU_TIMEOUT_MS, line, sizeof(line)) == 0);
    s->port = atoi(line);
    ck_assert_msg(s->port > 0, "echo-server printed no port: %s", line);
}

/* s_server, TLS 1.2 only, for naccept connections, with the RSA server
 * certificate and the NULL-terminated extra arguments. */
static void start_s_server(struct server *s, int naccept, const char *const extra[])
{
    char port[16], count[16];
    const char *fixed[] = { "s_server", "-tls1_2", "-accept", port, "-naccept", count,
                            "-cert", tu_cert("server-cert.pem"),
                            "-key", tu_cert("server-key.pem"), NULL };

    s->kind = S_SERVER;
    s->port = tu_free_port();
    ck_assert(s->port > 0);
    snprintf(port, sizeof(port), "%d", s->port);
    snprintf(count, sizeof(count), "%d", naccept);
    s->p = tu_spawn_openssl_args(fixed, extra);
    tu_expect_output(s->p, "s_server", "ACCEPT");
}

/* A server of the kind asked for, ready for naccept connections (the
 * sample server takes any number). */
static void start_server(struct server *s, enum server_kind kind, int naccept)
{
    static const char *const none[] = { NULL };

    if (kind == ECHO_SERVER)
        start_echo_server(s, "server-cert.pem", "server-key.pem");
    else
        start_s_server(s, naccept, none);
}

/* Client program prog against s, trusting the test CA, with the
 * NULL-terminated extra arguments. */
static tu_proc *start_client(const char *prog, const struct server *s,
                             const char *const extra[])
{
    char port[16];
    char *argv[16];
    int n = 0;
    tu_proc *p;

    snprintf(port, sizeof(port), "%d", s->port);
    argv[n++] = (char *)prog;
    argv[n++] = "127.0.0.1";
    argv[n++] = "-p";
    argv[n++] = port;
    argv[n++] = "-A";
    argv[n++] = (char *)tu_cert("ca-cert.pem");
    while (*extra != NULL && n < (int)(sizeof(argv) / sizeof(argv[0])) - 1)
        argv[n++] = (char *)*extra++;
    argv[n] = NULL;
    p = tu_spawn(argv);
    ck_assert_msg(p != NULL, "cannot start %s", prog);
    return p;
}

/* One line from client to server and an answer back: the sample server
 * echoes it; s_server prints it and sends what it is given. */
static void exchange(tu_proc *client, const struct server *s, const char *text)
{
    char line[256];

    snprintf(line, sizeof(line), "%s\n", text);
    tu_send_line(client, "client", line);
    if (s->kind == ECHO_SERVER) {
        snprintf(line, sizeof(line), "Client: %s\n", text);
        tu_expect_output(s->p, "echo-server", line);
        snprintf(line, sizeof(line), "Server: %s\n", text);
        tu_expect_output(client, "client", line);
        return;
    }
    tu_expect_output(s->p, "s_server", line);
    snprintf(line, sizeof(line), "answer to %s\n", text);
    tu_send_line(s->p, "s_server", line);
    snprintf(line, sizeof(line), "Server: answer to %s\n", text);
    tu_expect_output(client, "client", line);
}

/* Ends a client that just had a line answered, and with last the server
 * too.  The sample server takes "shutdown" (last) or "break".  s_server
 * ends a connection on neither: the client's input is closed instead, so
 * that it says close_notify and exits; s_server exits once it has served
 * its -naccept count. */
static void finish(tu_proc *client, struct server *s, int last)
{
    if (s->kind == ECHO_SERVER) {
        tu_send_line(client, "client", last ? "shutdown\n" : "break\n");
        tu_expect_output(s->p, "echo-server", last ? "Shutdown command received\n"
                                         : "Closing this session\n");
    } else {
        tu_proc_close_stdin(client);
    }
    tu_expect_exit(client, "client", 0);
    if (last)
        tu_expect_exit(s->p, s->kind == ECHO_SERVER ? "echo-server" : "s_server", 0);
}

/* ------------------------------------------------- sessions */

/* session-client prog makes a full handshake with s, has a line answered
 * and on "break" saves its session to file. */
static void save_session(const char *prog, struct server *s, const char *file)
{
    const char *const args[] = { "-s", file, NULL };
    tu_proc *client;

    unlink(file);  /* so that an old file cannot pass for a saved one */
    client = start_client(prog, s, args);
    exchange(client, s, "hello before saving");
    tu_send_line(client, "session-client", "break\n");
    tu_expect_output(client, "session-client", "Session saved to ");
    tu_expect_output(s->p, "server", s->kind == ECHO_SERVER ? "Client: break\n" : "break\n");
    tu_expect_exit(client, "session-client", 0);
    ck_assert_msg(access(file, R_OK) == 0, "session-client saved nothing to %s", file);
    tu_proc_free(client);
}

/* resume-client prog offers the session in file to s; it must say whether
 * it was resumed as want_resumed says, then have a line answered. */
static void resume_session(const char *prog, struct server *s, const char *file,
                           int want_resumed, int last)
{
    const char *const args[] = { "-s", file, NULL };
    tu_proc *client = start_client(prog, s, args);

    tu_expect_output(client, "resume-client",
           want_resumed ? "Session resumed\n" : "Session not resumed\n");
    exchange(client, s, "hello after resuming");
    if (s->kind == S_SERVER && want_resumed)
        ck_assert_msg(strstr(tu_proc_output(s->p), "Reused session-id") != NULL,
                      "s_server did not report the resumption:\n%s",
                      tu_proc_output(s->p));
    finish(client, s, last);
    tu_proc_free(client);
}

/* The pair against one server of the given kind: saved, then resumed. */
static void resume_on_same_server(const struct clients *c, enum server_kind kind,
                                  const char *file)
{
    struct server s;

    start_server(&s, kind, 2);
    save_session(c->session, &s, file);
    resume_session(c->resume, &s, file, 1, 1);
    tu_proc_free(s.p);
}

/* ------------------------------------------------- ext-client */

/* Fails unless s_server's "Supported groups:" line names exactly the
 * listed groups (in any order: kumassl sends them in BearSSL's order). */
static void expect_offered_groups(tu_proc *server)
{
    const char *log = tu_proc_output(server);
    const char *line = strstr(log, "Supported groups: ");
    char groups[256];
    int i, colons = 0;

    ck_assert_msg(line != NULL, "s_server printed no groups:\n%s", log);
    line += strlen("Supported groups: ");
    snprintf(groups, sizeof(groups), ":%.*s:", (int)strcspn(line, "\r\n"), line);
    for (i = 0; groups[i] != '\0'; i++)
        colons += groups[i] == ':';
    ck_assert_msg(colons == N_GROUPS + 1, "groups offered: %s", groups);
    for (i = 0; i < N_GROUPS; i++) {
        char want[32];

        snprintf(want, sizeof(want), ":%s:", listed_groups[i]);
        ck_assert_msg(strstr(groups, want) != NULL, "%s not offered: %s",
                      listed_groups[i], groups);
    }
}

/* The sample server's certificates and the cipher suites they lead to. */
static const char *const echo_certs[][3] = {
    { "server-cert.pem", "server-key.pem", "cipher ECDHE-RSA-" },
    { "server-ecdsa-cert.pem", "server-ecdsa-key.pem", "cipher ECDHE-ECDSA-" },
};
#define N_ECHO_CERTS ((int)(sizeof(echo_certs) / sizeof(echo_certs[0])))

/* ext-client program prog (asking for 1 KiB records) and the sample
 * server with echo_certs[cert]: a TLS 1.2 handshake with the expected key
 * type, then a line echoed. */
static void ext_client_round_trip(const char *prog, int cert)
{
    static const char *const args[] = { "-m", "1024", NULL };
    struct server s;
    tu_proc *client;

    start_echo_server(&s, echo_certs[cert][0], echo_certs[cert][1]);
    client = start_client(prog, &s, args);
    tu_expect_output(client, "ext-client", "Connected with TLSv1.2, ");
    tu_expect_output(client, "ext-client", echo_certs[cert][2]);
    exchange(client, &s, "hello with extensions");
    finish(client, &s, 1);
    tu_proc_free(client);
    tu_proc_free(s.p);
}

/* kumassl's ext-client and the sample server; the loop index picks the
 * server's key. */
START_TEST(ext_client_echo_server)
{
    ext_client_round_trip(kumassl_clients().ext, _i);
}
END_TEST

/* ext-client and s_server: the server name reaches s_server (which then
 * switches to its ECDSA certificate), max_fragment_length is sent, the
 * groups offered are the listed ones, and a line goes each way. */
START_TEST(ext_client_s_server)
{
    static const char *const server_args[] = {
        "-tlsextdebug", "-servername", "kuma.test",
        "-cert2", NULL, "-key2", NULL, NULL };
    static const char *const client_args[] = { "-n", "kuma.test", "-m", "1024", NULL };
    const char *args[sizeof(server_args) / sizeof(server_args[0])];
    struct server s;
    tu_proc *client;

    memcpy(args, server_args, sizeof(args));
    args[4] = tu_cert("server-ecdsa-cert.pem");
    args[6] = tu_cert("server-ecdsa-key.pem");
    start_s_server(&s, 1, args);
    client = start_client(kumassl_clients().ext, &s, client_args);
    tu_expect_output(client, "ext-client", "Connected with TLSv1.2, cipher ECDHE-ECDSA-");
    exchange(client, &s, "hello s_server");
    ck_assert_msg(strstr(tu_proc_output(s.p), "Hostname in TLS extension: \"kuma.test\"")
                  != NULL, "s_server saw no server name:\n%s", tu_proc_output(s.p));
    ck_assert_msg(strstr(tu_proc_output(s.p), "\"max fragment length\"") != NULL,
                  "no max_fragment_length extension:\n%s", tu_proc_output(s.p));
    expect_offered_groups(s.p);
    finish(client, &s, 1);
    tu_proc_free(client);
    tu_proc_free(s.p);
}
END_TEST

/* An s_server limited to one listed group (loop index) is served. */
START_TEST(ext_client_each_listed_group)
{
    const char *const args[] = { "-groups", listed_group_args[_i], NULL };
    char shared[64];
    struct server s;
    tu_proc *client;

    start_s_server(&s, 1, args);
    client = start_client(kumassl_clients().ext, &s, (const char *const[]){ NULL });
    tu_expect_output(client, "ext-client", "Connected with TLSv1.2, ");
    exchange(client, &s, "one group");
    snprintf(shared, sizeof(shared), "Shared groups: %s\n", listed_groups[_i]);
    ck_assert_msg(strstr(tu_proc_output(s.p), shared) != NULL,
                  "s_server did not share %s:\n%s", listed_groups[_i], tu_proc_output(s.p));
    finish(client, &s, 1);
    tu_proc_free(client);
    tu_proc_free(s.p);
}
END_TEST

/* An s_server limited to X25519, a group ext-client does not list, finds
 * no common key exchange (the cipher list is ECDHE only): the handshake
 * fails and the client says so with exit code 1. */
START_TEST(ext_client_unlisted_group_refused)
{
    static const char *const args[] = { "-groups", "X25519", NULL };
    struct server s;
    tu_proc *client;

    start_s_server(&s, 1, args);
    client = start_client(kumassl_clients().ext, &s, (const char *const[]){ NULL });
    tu_expect_output(client, "ext-client", "ERROR: SSL_connect failed");
    tu_expect_exit(client, "ext-client", 1);
    ck_assert_msg(strstr(tu_proc_output(client), "Connected with") == NULL,
                  "ext-client connected without a shared group:\n%s",
                  tu_proc_output(client));
    tu_proc_free(client);
    tu_proc_free(s.p);
}
END_TEST

/* ------------------------------------------------- resumption */

/* Saved by one process, resumed by another, on the same server; the loop
 * index picks the server: the sample server (kumassl's session cache) or
 * s_server. */
START_TEST(resume_same_server)
{
    struct clients c = kumassl_clients();

    resume_on_same_server(&c, (enum server_kind)_i, scratch_path(_i ? "same-s_server.bin"
                                                                    : "same-echo.bin"));
}
END_TEST

/* A server restarted in between knows nothing of the session: the client
 * says "Session not resumed", and the new session works. */
START_TEST(resume_restarted_server)
{
    const char *file = scratch_path(_i ? "restart-s_server.bin" : "restart-echo.bin");
    struct clients c = kumassl_clients();
    struct server s;

    start_server(&s, (enum server_kind)_i, 1);
    save_session(c.session, &s, file);
    if (s.kind == S_SERVER)
        tu_expect_exit(s.p, "s_server", 0);  /* its one connection is over */
    tu_proc_free(s.p);
    start_server(&s, (enum server_kind)_i, 1);
    resume_session(c.resume, &s, file, 0, 1);
    tu_proc_free(s.p);
}
END_TEST

/* ------------------------------------------------- system OpenSSL builds */

/* The three samples built against the system OpenSSL in the scratch
 * directory; 0, or -1 to skip (see tu_build_with_system_openssl). */
static int build_system_clients(struct clients *c)
{
    if (tu_build_with_system_openssl(scratch, "ext-client session-client resume-client",
                                     BUILD_TIMEOUT_MS) != 0)
        return -1;
    c->ext = scratch_path("ext-client");
    c->session = scratch_path("session-client");
    c->resume = scratch_path("resume-client");
    return 0;
}

/* The OpenSSL-built pair resumes on kumassl's sample server. */
START_TEST(system_openssl_pair_resumes_on_echo_server)
{
    struct clients sys;

    if (build_system_clients(&sys) != 0)
        return;
    resume_on_same_server(&sys, ECHO_SERVER, scratch_path("sys-echo.bin"));
}
END_TEST

/* The OpenSSL-built ext-client talks to kumassl's sample server. */
START_TEST(system_openssl_ext_client_echo_server)
{
    struct clients sys;

    if (build_system_clients(&sys) == 0)
        ext_client_round_trip(sys.ext, 0);
}
END_TEST

/* A session file written by one library is resumed by the other on
 * kumassl's server, a TLS 1.3 server by default: loop index 0, kumassl's
 * session-client and OpenSSL's resume-client; 1, the other way round.
 *  0: kumassl's client speaks TLS 1.2, so its session is a TLS 1.2 one;
 *     OpenSSL's client offers it while offering TLS 1.3, and a TLS 1.3
 *     server cannot resume it: the file loads, the server starts a new TLS
 *     1.3 session, which works (OpenSSL's own s_server does the same:
 *     s_client -tls1_2 -sess_out, then s_client -sess_in: "New, TLSv1.3").
 *  1: OpenSSL's client keeps a TLS 1.3 session (a ticket of kumassl's
 *     server); kumassl's client resumes it once it speaks TLS 1.3 and
 *     d2i_SSL_SESSION reads TLS 1.3 sessions (issue 11's client half). */
START_TEST(session_file_between_libraries)
{
    struct clients sys, kuma = kumassl_clients();
    const char *file = scratch_path(_i ? "sys-to-kuma.bin" : "kuma-to-sys.bin");
    struct server s;

    if (build_system_clients(&sys) != 0)
        return;
    start_server(&s, ECHO_SERVER, 2);
    save_session(_i ? sys.session : kuma.session, &s, file);
    resume_session(_i ? kuma.resume : sys.resume, &s, file, _i, 1);
    tu_proc_free(s.p);
}
END_TEST

/* ---------------------------------------------------------------- suite */

static Suite *textbook_suite(void)
{
    Suite *s = suite_create("textbook");
    TCase *tc;

    tc = tu_add_tcase(s, "ext_client", TEST_TIMEOUT_S);
    tcase_add_loop_test(tc, ext_client_echo_server, 0, N_ECHO_CERTS);
    tcase_add_test(tc, ext_client_s_server);
    tcase_add_loop_test(tc, ext_client_each_listed_group, 0, N_GROUPS);
    tcase_add_test(tc, ext_client_unlisted_group_refused);

    tc = tu_add_tcase(s, "resumption", TEST_TIMEOUT_S);
    tcase_add_loop_test(tc, resume_same_server, ECHO_SERVER, S_SERVER + 1);
    tcase_add_loop_test(tc, resume_restarted_server, ECHO_SERVER, S_SERVER + 1);

    tc = tu_add_tcase(s, "system_openssl_builds", BUILD_TEST_TIMEOUT_S);
    tcase_add_test(tc, system_openssl_pair_resumes_on_echo_server);
    tcase_add_test(tc, system_openssl_ext_client_echo_server);
    tcase_add_loop_test(tc, session_file_between_libraries, 0, 2);
    return s;
}

int main(void)
{
    int ret;

    if (mkdtemp(scratch) == NULL) {
        perror(scratch);
        return EXIT_FAILURE;
    }
    ret = tu_run_suite(textbook_suite(), CK_ENV);
    tu_rmtree(scratch);
    return ret;
}
