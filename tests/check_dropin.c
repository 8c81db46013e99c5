/*
 * Drop-in tests: Debian's own binaries (socat, redis-server, redis-cli,
 * python3's ssl and hashlib, nginx, mosquitto), unmodified, run on kumassl through
 * LD_LIBRARY_PATH=<build>/.libs and do their real job against the system's
 * OpenSSL on the other end (openssl s_server / s_client, a redis-server on
 * the system libraries).
 *
 * Each test first proves the program loaded kumassl's libssl.so.3 and not
 * the system's: a long-running program's /proc/PID/maps is read while it
 * runs; a short-lived client is run under the dynamic loader's LD_DEBUG=libs
 * log (LD_DEBUG_OUTPUT), which names every library it initialised; python
 * reads its own maps. Without kumassl's libraries the assertions fail, so
 * the tests cannot pass on the system OpenSSL alone.
 *
 * A program that is not installed is skipped with a message (tests/deps.sh
 * installs them for CI).
 */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "testutil.h"

#define WAIT_MS 10000
#define SYSTEM_LIBSSL "x86_64-linux-gnu/libssl.so.3"

static const char *const NO_ARGS[] = { NULL };

/* The absolute directory of kumassl's built shared libraries. */
static const char *kuma_libdir(void)
{
    static char dir[PATH_MAX];
    char path[PATH_MAX];

    if (dir[0] == '\0') {
        snprintf(path, sizeof(path), "%s/.libs", tu_builddir());
        ck_assert_msg(realpath(path, dir) != NULL, "no %s: build the libraries first", path);
    }
    return dir;
}

#if defined(__SANITIZE_ADDRESS__)
#define KUMA_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KUMA_SANITIZED 1
#endif
#endif

/* Whether prog is installed and can load kumassl; prints a skip message when not. */
static int installed(const char *prog)
{
#ifdef KUMA_SANITIZED
    /* Debian's binaries cannot load libraries built with ASan (its runtime must come first) */
    printf("SKIP: %s: the libraries are built with sanitizers\n", prog);
    return 0;
#endif
    if (access(prog, X_OK) == 0)
        return 1;
    printf("SKIP: %s is not installed (tests/deps.sh installs it)\n", prog);
    return 0;
}

/* "VAR=value" in a rotating static buffer. */
static const char *env_assign(const char *var, const char *value)
{
    static char bufs[4][PATH_MAX + 64];
    static int next;
    char *b = bufs[next++ % 4];

    snprintf(b, sizeof(bufs[0]), "%s=%s", var, value);
    return b;
}

/*
 * Starts argv (NULL-terminated, at most 30 entries) on kumassl: through
 * env(1), which execs it with LD_LIBRARY_PATH on kumassl's libraries (the
 * pid stays the program's); ld_debug, when not NULL, is the LD_DEBUG_OUTPUT
 * prefix of a loader log.
 */
static tu_proc *spawn_on_kumassl(const char *ld_debug, const char *const argv[])
{
    const char *full[40];
    int n = 0, i;

    full[n++] = "env";
    full[n++] = env_assign("LD_LIBRARY_PATH", kuma_libdir());
    if (ld_debug != NULL) {
        full[n++] = "LD_DEBUG=libs";
        full[n++] = env_assign("LD_DEBUG_OUTPUT", ld_debug);
    }
    for (i = 0; argv[i] != NULL && n < 39; i++)
        full[n++] = argv[i];
    full[n] = NULL;
    return tu_spawn((char *const *)full);
}

/* Asserts text names kumassl's libssl.so.3 and not the system's. */
static void assert_kumassl_in(const char *text, const char *who, const char *where)
{
    char want[PATH_MAX + 16];

    snprintf(want, sizeof(want), "%s/libssl.so.3", kuma_libdir());
    ck_assert_msg(text != NULL && strstr(text, want) != NULL, "%s: %s does not name %s", who, where, want);
    ck_assert_msg(strstr(text, SYSTEM_LIBSSL) == NULL, "%s: %s names the system's libssl", who, where);
}

/* The process's memory map must hold kumassl's libssl.so.3. */
static void assert_maps_kumassl(tu_proc *p, const char *who)
{
    char path[64];
    char *maps;

    snprintf(path, sizeof(path), "/proc/%d/maps", tu_proc_pid(p));
    maps = tu_slurp(path, NULL);
    assert_kumassl_in(maps, who, path);
    free(maps);
}

/* The loader logs (PREFIX.PID) written under dir must show kumassl's libssl initialised. */
static void assert_ld_log_kumassl(const char *dir, const char *who)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[PATH_MAX + 256], *all = NULL;
    size_t len = 0;

    ck_assert_msg(d != NULL, "%s: no loader log directory %s", who, dir);
    while ((e = readdir(d)) != NULL) {
        char *text;
        size_t n;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if ((text = tu_slurp(path, &n)) == NULL)
            continue;
        all = realloc(all, len + n + 1);
        ck_assert_ptr_nonnull(all);
        memcpy(all + len, text, n + 1);
        len += n;
        free(text);
    }
    closedir(d);
    ck_assert_msg(all != NULL && strstr(all, "calling init:") != NULL, "%s: the loader log is empty", who);
    assert_kumassl_in(all, who, "the loader log");
    free(all);
}

/* A fresh directory for one test's files. */
static char *temp_dir(char *tmpl)
{
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    return tmpl;
}

static const char *port_text(int port)
{
    static char bufs[4][16];
    static int next;
    char *b = bufs[next++ % 4];

    snprintf(b, sizeof(bufs[0]), "%d", port);
    return b;
}

/* `openssl s_client` to port, verifying the test CA and the name localhost. */
static tu_proc *s_client_to(int port)
{
    char addr[32];

    snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
    return tu_spawn_openssl("s_client", "-connect", addr, "-CAfile", tu_cert("ca-cert.pem"),
                            "-verify_return_error", "-verify_hostname", "localhost",
                            "-servername", "localhost", "-quiet", NULL);
}

/*
 * `openssl s_server` on a free port with this certificate, key and extra
 * arguments, once it listens (it prints ACCEPT: the programs under test
 * connect once and do not retry). *port gets the port.
 */
static tu_proc *s_server_ready(int *port, const char *cert, const char *key, const char *const extra[])
{
    const char *fixed[] = { "s_server", "-accept", NULL, "-cert", cert, "-key", key, NULL };
    tu_proc *p;

    *port = tu_free_port();
    fixed[2] = port_text(*port);
    p = tu_spawn_openssl_args(fixed, extra);
    tu_await_output(p, "ACCEPT", NULL, 0);
    return p;
}

/* ---- socat -------------------------------------------------------------------------- */

#define SOCAT "/usr/bin/socat"

/* socat's TLS server on kumassl greets openssl s_client, which verifies its certificate. */
START_TEST(test_socat_server)
{
    char listen[512];
    const char *argv[] = { SOCAT, "-d", "-d", listen, "SYSTEM:echo kumassl-socat-greeting", NULL };
    tu_proc *srv, *cli;
    int port = tu_free_port();

    if (!installed(SOCAT))
        return;
    snprintf(listen, sizeof(listen), "OPENSSL-LISTEN:%d,bind=127.0.0.1,reuseaddr,cert=%s,key=%s,verify=0",
             port, tu_cert("server-cert.pem"), tu_cert("server-key.pem"));
    srv = spawn_on_kumassl(NULL, argv);
    tu_await_output(srv, "listening on", NULL, 0);
    assert_maps_kumassl(srv, "socat server");
    cli = s_client_to(port);
    tu_await_output(cli, "kumassl-socat-greeting", NULL, 0);
    tu_proc_free(cli);
    tu_proc_free(srv);
}
END_TEST

/* socat's TLS client on kumassl verifies openssl s_server and exchanges a line both ways. */
START_TEST(test_socat_client)
{
    char connect[512];
    const char *argv[] = { SOCAT, "-d", "-d", "-", connect, NULL };
    const char *const rev[] = { "-rev", NULL };
    tu_proc *cli, *srv;
    int port;

    if (!installed(SOCAT))
        return;
    srv = s_server_ready(&port, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), rev);
    snprintf(connect, sizeof(connect), "OPENSSL:127.0.0.1:%d,cafile=%s,commonname=localhost", port,
             tu_cert("ca-cert.pem"));
    cli = spawn_on_kumassl(NULL, argv);
    tu_await_output(cli, "starting data transfer loop", NULL, 0);
    assert_maps_kumassl(cli, "socat client");
    tu_send_line(cli, "socat client", "kumassl-drop-in\n");
    /* s_server -rev sends each line back reversed */
    tu_await_output(cli, "ni-pord-lssamuk", NULL, 0);
    tu_proc_free(cli);
    tu_proc_free(srv);
}
END_TEST

/* socat refuses a server whose certificate its CA file does not vouch for. */
START_TEST(test_socat_client_rejects_unknown_ca)
{
    char connect[512];
    const char *argv[] = { SOCAT, "-", connect, NULL };
    tu_proc *cli, *srv;
    int port;

    if (!installed(SOCAT))
        return;
    srv = s_server_ready(&port, tu_cert("other-server-cert.pem"), tu_cert("other-server-key.pem"), NO_ARGS);
    snprintf(connect, sizeof(connect), "OPENSSL:127.0.0.1:%d,cafile=%s,commonname=localhost", port,
             tu_cert("ca-cert.pem"));
    cli = spawn_on_kumassl(NULL, argv);
    tu_await_output(cli, "certificate verify failed", NULL, 0);
    ck_assert_int_ne(tu_proc_wait(cli, WAIT_MS), 0);
    tu_proc_free(cli);
    tu_proc_free(srv);
}
END_TEST

/* ---- redis ------------------------------------------------------------------------ */

#define REDIS_SERVER "/usr/bin/redis-server"
#define REDIS_CLI "/usr/bin/redis-cli"

/* A redis-server with TLS only on a free port; on kumassl or on the system's libraries. */
static tu_proc *start_redis(int port, const char *dir, int on_kumassl)
{
    const char *argv[] = { REDIS_SERVER, "--port", "0", "--tls-port", port_text(port),
                           "--tls-cert-file", tu_cert("server-cert.pem"),
                           "--tls-key-file", tu_cert("server-key.pem"),
                           "--tls-ca-cert-file", tu_cert("ca-cert.pem"), "--tls-auth-clients", "no",
                           "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", NULL };
    tu_proc *p = on_kumassl ? spawn_on_kumassl(NULL, argv) : tu_spawn((char *const *)argv);

    tu_await_output(p, "Ready to accept connections", NULL, 0);
    return p;
}

/* redis-server on kumassl answers openssl s_client's PING and SET/GET over TLS. */
START_TEST(test_redis_server)
{
    char tmpl[] = "/tmp/kuma-dropin.XXXXXX";
    char *dir;
    tu_proc *srv, *cli;
    int port = tu_free_port();

    if (!installed(REDIS_SERVER))
        return;
    dir = temp_dir(tmpl);
    srv = start_redis(port, dir, 1);
    assert_maps_kumassl(srv, "redis-server");
    cli = s_client_to(port);
    tu_send_line(cli, "s_client", "PING\r\n");
    tu_await_output(cli, "+PONG", NULL, 0);
    tu_send_line(cli, "s_client", "SET kuma dropin-value\r\n");
    tu_await_output(cli, "+OK", NULL, 0);
    tu_send_line(cli, "s_client", "GET kuma\r\n");
    tu_await_output(cli, "dropin-value", NULL, 0);
    tu_proc_free(cli);
    tu_proc_free(srv);
    tu_rmtree(dir);
}
END_TEST

/* redis-cli --tls on kumassl talks to a redis-server on the system's OpenSSL. */
START_TEST(test_redis_cli)
{
    char tmpl[] = "/tmp/kuma-dropin.XXXXXX", logdir[64], prefix[96];
    char *dir;
    tu_proc *srv, *cli;
    int port = tu_free_port();

    if (!installed(REDIS_SERVER) || !installed(REDIS_CLI))
        return;
    dir = temp_dir(tmpl);
    snprintf(logdir, sizeof(logdir), "%s/ld", dir);
    ck_assert_int_eq(mkdir(logdir, 0700), 0);
    snprintf(prefix, sizeof(prefix), "%s/redis-cli", logdir);
    srv = start_redis(port, dir, 0);
    {
        const char *argv[] = { REDIS_CLI, "-h", "127.0.0.1", "-p", port_text(port), "--tls",
                               "--cacert", tu_cert("ca-cert.pem"), "SET", "kuma", "from-cli", NULL };
        const char *get[] = { REDIS_CLI, "-h", "127.0.0.1", "-p", port_text(port), "--tls",
                              "--cacert", tu_cert("ca-cert.pem"), "GET", "kuma", NULL };

        cli = spawn_on_kumassl(prefix, argv);
        tu_expect_output(cli, "redis-cli SET", "OK");
        tu_expect_exit(cli, "redis-cli SET", 0);
        tu_proc_free(cli);
        cli = spawn_on_kumassl(NULL, get);
        tu_expect_output(cli, "redis-cli GET", "from-cli");
        tu_expect_exit(cli, "redis-cli GET", 0);
        tu_proc_free(cli);
    }
    assert_ld_log_kumassl(logdir, "redis-cli");
    tu_proc_free(srv);
    tu_rmtree(dir);
}
END_TEST

/* ---- python3 ---------------------------------------------------------------------- */

#define PYTHON "/usr/bin/python3"

/* Python prelude: prints the libssl / libcrypto it mapped and the version it reports. */
#define PY_WHICH_LIBS \
    "import ssl, sys\n" \
    "for l in open('/proc/self/maps'):\n" \
    "    if 'libssl.so' in l or 'libcrypto.so' in l: print('MAPPED', l.split()[-1])\n" \
    "print('VERSION', ssl.OPENSSL_VERSION, flush=True)\n"

static const char PY_CLIENT[] = PY_WHICH_LIBS
    "import socket\n"
    "port, ca = int(sys.argv[1]), sys.argv[2]\n"
    "ctx = ssl.create_default_context(cafile=ca)\n"
    "ctx.set_alpn_protocols(['h2', 'http/1.1'])\n"
    "with socket.create_connection(('127.0.0.1', port), timeout=10) as s:\n"
    "    with ctx.wrap_socket(s, server_hostname='localhost') as t:\n"
    "        cert = t.getpeercert()\n"
    "        print('SUBJECT', dict(x[0] for x in cert['subject'])['commonName'])\n"
    "        print('SAN', cert.get('subjectAltName'))\n"
    "        print('ALPN', t.selected_alpn_protocol(), t.version())\n"
    "        t.sendall(b'kumassl-python\\n')\n"
    "        print('REPLY', t.recv(100).decode().strip(), flush=True)\n";

/*
 * Runs PY_CLIENT on kumassl against an s_server (cert, key, extra) that
 * reverses lines; out gets the client's output through its REPLY line.
 * *srv is left running for the caller to read.
 */
static void run_python_client(const char *cert, const char *key, const char *const extra[],
                              tu_proc **srv, char *out, size_t size)
{
    const char *argv[] = { PYTHON, "-c", PY_CLIENT, NULL, NULL, NULL };
    tu_proc *py;
    int port;

    *srv = s_server_ready(&port, cert, key, extra);
    argv[3] = port_text(port);
    argv[4] = tu_cert("ca-cert.pem");
    py = spawn_on_kumassl(NULL, argv);
    tu_await_output(py, "REPLY nohtyp-lssamuk", out, size);
    assert_kumassl_in(out, "python3 client", "its /proc/self/maps");
    ck_assert_msg(strstr(out, "VERSION OpenSSL 3.0.0 (compatible; kumassl") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "SUBJECT localhost") != NULL, "%s", out);
    tu_expect_exit(py, "python3 client", 0);
    tu_proc_free(py);
}

/* python's ssl client on kumassl: verification, ALPN and getpeercert() against s_server. */
START_TEST(test_python_client)
{
    const char *const extra[] = { "-rev", "-alpn", "http/1.1", NULL };
    tu_proc *srv;
    char out[8192];

    if (!installed(PYTHON))
        return;
    run_python_client(tu_cert("server-cert.pem"), tu_cert("server-key.pem"), extra, &srv, out, sizeof(out));
    ck_assert_msg(strstr(out, "('DNS', 'localhost')") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "ALPN http/1.1 TLSv1.2") != NULL, "%s", out);
    tu_proc_free(srv);
}
END_TEST

/* python sends SNI: s_server picks its second certificate (the one for localhost) by the name. */
START_TEST(test_python_client_sni)
{
    const char *extra[] = { "-rev", "-servername", "localhost", "-cert2", NULL, "-key2", NULL, NULL };
    tu_proc *srv;
    char out[8192];

    if (!installed(PYTHON))
        return;
    extra[4] = tu_cert("server-cert.pem");
    extra[6] = tu_cert("server-key.pem");
    /* the default certificate is another CA's: python's verification (and so
     * run_python_client) succeeds only if s_server chose by the SNI name */
    run_python_client(tu_cert("other-server-cert.pem"), tu_cert("other-server-key.pem"), extra, &srv,
                      out, sizeof(out));
    tu_proc_free(srv);
}
END_TEST

/* A leaf with authorityInfoAccess and cRLDistributionPoints, as public CAs issue them. */
static const char AIA_SCRIPT[] =
    "set -e; cd \"$1\"\n"
    "\"$2\" req -new -newkey rsa:2048 -nodes -keyout key.pem -subj /CN=localhost -out req.csr 2>/dev/null\n"
    "printf 'subjectAltName=DNS:localhost\\nauthorityInfoAccess=OCSP;URI:http://ocsp.example.test/\\n"
    "crlDistributionPoints=URI:http://crl.example.test/ca.crl\\n' > ext.cnf\n"
    "\"$2\" x509 -req -in req.csr -CA \"$3/ca-cert.pem\" -CAkey \"$3/ca-key.pem\" -CAcreateserial "
    "-CAserial serial.srl -days 2 -extfile ext.cnf -out cert.pem 2>/dev/null\n";

/*
 * python's getpeercert() probes extensions kumassl does not decode
 * (authorityInfoAccess, cRLDistributionPoints): nothing may be left queued,
 * or python's next read fails (it did, before X509_get_ext_d2i stopped queuing).
 */
START_TEST(test_python_client_public_style_cert)
{
    char tmpl[] = "/tmp/kuma-dropin.XXXXXX", cert[64], key[64], out[8192];
    const char *const extra[] = { "-rev", NULL };
    tu_proc *srv;

    if (!installed(PYTHON))
        return;
    ck_assert_int_eq(tu_gen_dir(tmpl, AIA_SCRIPT, 30000), 0);
    snprintf(cert, sizeof(cert), "%s/cert.pem", tmpl);
    snprintf(key, sizeof(key), "%s/key.pem", tmpl);
    run_python_client(cert, key, extra, &srv, out, sizeof(out));
    tu_proc_free(srv);
    tu_rmtree(tmpl);
}
END_TEST

/* python refuses a server whose CA it does not trust (ssl.SSLCertVerificationError). */
START_TEST(test_python_client_rejects_unknown_ca)
{
    const char *argv[] = { PYTHON, "-c", PY_CLIENT, NULL, NULL, NULL };
    tu_proc *py, *srv;
    int port;

    if (!installed(PYTHON))
        return;
    srv = s_server_ready(&port, tu_cert("server-ecdsa-cert.pem"), tu_cert("server-ecdsa-key.pem"), NO_ARGS);
    argv[3] = port_text(port);
    argv[4] = tu_cert("other-ca-cert.pem");
    py = spawn_on_kumassl(NULL, argv);
    tu_expect_output(py, "python3 client", "CERTIFICATE_VERIFY_FAILED");
    tu_expect_exit(py, "python3 client", 1);
    tu_proc_free(py);
    tu_proc_free(srv);
}
END_TEST

static const char PY_SERVER[] = PY_WHICH_LIBS
    "import socket\n"
    "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n"
    "ctx.load_cert_chain(sys.argv[2], sys.argv[3])\n"
    "with socket.create_server(('127.0.0.1', int(sys.argv[1]))) as ls:\n"
    "    ls.settimeout(10)\n"
    "    print('LISTENING', flush=True)\n"
    "    c, _ = ls.accept()\n"
    "    with ctx.wrap_socket(c, server_side=True) as t:\n"
    "        t.settimeout(10)\n"
    "        data = t.recv(100)\n"
    "        t.sendall(b'python-server:' + data.upper())\n"
    "        print('SERVED', t.version(), t.cipher()[0], flush=True)\n"
    "        t.unwrap()\n";

/* python's ssl server on kumassl serves openssl s_client, which verifies it. */
START_TEST(test_python_server)
{
    const char *argv[] = { PYTHON, "-c", PY_SERVER, NULL, NULL, NULL, NULL };
    tu_proc *py, *cli;
    char out[8192];
    int port = tu_free_port();

    if (!installed(PYTHON))
        return;
    argv[3] = port_text(port);
    argv[4] = tu_cert("server-ecdsa-cert.pem");
    argv[5] = tu_cert("server-ecdsa-key.pem");
    py = spawn_on_kumassl(NULL, argv);
    tu_await_output(py, "LISTENING", out, sizeof(out));
    assert_kumassl_in(out, "python3 server", "its /proc/self/maps");
    cli = s_client_to(port);
    tu_send_line(cli, "s_client", "hello\n");
    tu_await_output(cli, "python-server:HELLO", NULL, 0);
    /* s_client offers TLS 1.3 first, which a kumassl server speaks by default */
    tu_await_output(py, "SERVED TLSv1.3 TLS_AES_256_GCM_SHA384", NULL, 0);
    tu_expect_exit(py, "python3 server", 0);
    tu_proc_free(cli);
    tu_proc_free(py);
}
END_TEST

/* hashlib / hmac over kumassl's libcrypto: FIPS 180, RFC 1321, RFC 4231 and RFC 6070 answers. */
static const char PY_HASHES[] = PY_WHICH_LIBS
    "import hashlib, hmac\n"
    "print('SHA256', hashlib.sha256(b'abc').hexdigest())\n"
    "print('SHA1', hashlib.sha1(b'abc').hexdigest())\n"
    "print('MD5', hashlib.md5(b'abc').hexdigest())\n"
    "print('SHA512', hashlib.new('sha512', b'abc').hexdigest()[:32])\n"
    "print('HMAC', hmac.new(b'Jefe', b'what do ya want for nothing?', 'sha256').hexdigest())\n"
    "print('PBKDF2', hashlib.pbkdf2_hmac('sha1', b'password', b'salt', 2, 20).hex())\n"
    "print('END', flush=True)\n";

START_TEST(test_python_hashlib)
{
    const char *argv[] = { PYTHON, "-c", PY_HASHES, NULL };
    tu_proc *py;
    char out[8192];

    if (!installed(PYTHON))
        return;
    py = spawn_on_kumassl(NULL, argv);
    tu_await_output(py, "END", out, sizeof(out));
    ck_assert_msg(strstr(out, "/libcrypto.so.3") != NULL && strstr(out, kuma_libdir()) != NULL, "%s", out);
    ck_assert_msg(strstr(out, "SHA256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), "%s", out);
    ck_assert_msg(strstr(out, "SHA1 a9993e364706816aba3e25717850c26c9cd0d89d"), "%s", out);
    ck_assert_msg(strstr(out, "MD5 900150983cd24fb0d6963f7d28e17f72"), "%s", out);
    ck_assert_msg(strstr(out, "SHA512 ddaf35a193617abacc417349ae204131"), "%s", out);
    ck_assert_msg(strstr(out, "HMAC 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"), "%s", out);
    ck_assert_msg(strstr(out, "PBKDF2 ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"), "%s", out);
    tu_expect_exit(py, "python3 hashlib", 0);
    tu_proc_free(py);
}
END_TEST

/* ---- nginx -------------------------------------------------------------------------- */

#define NGINX "/usr/sbin/nginx"
#define CURL "/usr/bin/curl"

/* Writes an nginx configuration serving dir/html over TLS (HTTP/1.1 and HTTP/2) on port. */
static void write_nginx_conf(const char *dir, int port)
{
    char path[PATH_MAX];
    FILE *f;

    snprintf(path, sizeof(path), "%s/html", dir);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/html/index.html", dir);
    ck_assert_ptr_nonnull(f = fopen(path, "w"));
    fputs("kumassl-nginx-page\n", f);
    fclose(f);
    snprintf(path, sizeof(path), "%s/nginx.conf", dir);
    ck_assert_ptr_nonnull(f = fopen(path, "w"));
    fprintf(f, "daemon off;\nmaster_process off;\nerror_log stderr notice;\npid %s/nginx.pid;\n"
               "events { worker_connections 64; }\nhttp {\n  access_log off;\n"
               "  client_body_temp_path %s/t; proxy_temp_path %s/t; fastcgi_temp_path %s/t;\n"
               "  uwsgi_temp_path %s/t; scgi_temp_path %s/t;\n"
               "  server {\n    listen 127.0.0.1:%d ssl http2;\n"
               "    ssl_certificate %s;\n    ssl_certificate_key %s;\n    root %s/html;\n  }\n}\n",
            dir, dir, dir, dir, dir, dir, port, tu_cert("server-cert.pem"), tu_cert("server-key.pem"), dir);
    fclose(f);
}

/* nginx on kumassl serves a page over HTTPS to s_client (HTTP/1.1) and over HTTP/2 (ALPN h2) to curl. */
START_TEST(test_nginx)
{
    char tmpl[] = "/tmp/kuma-dropin.XXXXXX", conf[64], url[64], resolve[64];
    char *dir;
    tu_proc *srv, *cli;
    int port = tu_free_port();

    if (!installed(NGINX))
        return;
    dir = temp_dir(tmpl);
    write_nginx_conf(dir, port);
    snprintf(conf, sizeof(conf), "%s/nginx.conf", dir);
    {
        const char *argv[] = { NGINX, "-p", dir, "-c", conf, NULL };

        srv = spawn_on_kumassl(NULL, argv);
    }
    ck_assert_msg(tu_wait_port(port, WAIT_MS) == 0, "nginx did not listen: %s", tu_proc_output(srv));
    assert_maps_kumassl(srv, "nginx");
    cli = s_client_to(port);
    tu_send_line(cli, "s_client", "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    tu_await_output(cli, "kumassl-nginx-page", NULL, 0);
    tu_proc_free(cli);
    if (installed(CURL)) {
        snprintf(url, sizeof(url), "https://localhost:%d/", port);
        snprintf(resolve, sizeof(resolve), "localhost:%d:127.0.0.1", port);
        /* curl on the system's OpenSSL: the peer of this exchange */
        cli = tu_spawnl(CURL, "-sS", "--http2", "--cacert", tu_cert("ca-cert.pem"), "--resolve", resolve,
                        "-w", "HTTP-VERSION:%{http_version}\n", url, NULL);
        tu_expect_output(cli, "curl", "kumassl-nginx-page");
        tu_expect_output(cli, "curl", "HTTP-VERSION:2");
        tu_expect_exit(cli, "curl", 0);
        tu_proc_free(cli);
    }
    tu_proc_free(srv);
    tu_rmtree(dir);
}
END_TEST

/* ---- mosquitto -------------------------------------------------------------------- */

#define MOSQUITTO "/usr/sbin/mosquitto"
#define MOSQUITTO_PUB "/usr/bin/mosquitto_pub"
#define MOSQUITTO_SUB "/usr/bin/mosquitto_sub"

/*
 * The mosquitto broker on kumassl (TLS listener) relays a message from
 * mosquitto_pub on kumassl to mosquitto_sub on the system's OpenSSL.
 */
START_TEST(test_mosquitto)
{
    char tmpl[] = "/tmp/kuma-dropin.XXXXXX", conf[64], logdir[64], prefix[96];
    char *dir;
    FILE *f;
    tu_proc *broker, *sub, *pub;
    int port = tu_free_port();

    if (!installed(MOSQUITTO) || !installed(MOSQUITTO_PUB) || !installed(MOSQUITTO_SUB))
        return;
    dir = temp_dir(tmpl);
    snprintf(conf, sizeof(conf), "%s/mosquitto.conf", dir);
    snprintf(logdir, sizeof(logdir), "%s/ld", dir);
    ck_assert_int_eq(mkdir(logdir, 0700), 0);
    snprintf(prefix, sizeof(prefix), "%s/pub", logdir);
    ck_assert_ptr_nonnull(f = fopen(conf, "w"));
    /* "user": run as whoever runs the test (as root, mosquitto would switch to its own user) */
    fprintf(f, "listener %d 127.0.0.1\nallow_anonymous true\ncafile %s\ncertfile %s\nkeyfile %s\nuser %s\n", port,
            tu_cert("ca-cert.pem"), tu_cert("server-cert.pem"), tu_cert("server-key.pem"),
            getuid() == 0 ? "root" : "mosquitto");
    fclose(f);
    {
        const char *argv[] = { MOSQUITTO, "-c", conf, "-v", NULL };

        broker = spawn_on_kumassl(NULL, argv);
    }
    tu_await_output(broker, "running", NULL, 0);
    assert_maps_kumassl(broker, "mosquitto");
    sub = tu_spawnl(MOSQUITTO_SUB, "-h", "localhost", "-p", port_text(port), "--cafile", tu_cert("ca-cert.pem"),
                    "-t", "kuma/test", "-C", "1", NULL);
    tu_await_output(broker, "SUBSCRIBE", NULL, 0);
    {
        const char *argv[] = { MOSQUITTO_PUB, "-h", "localhost", "-p", port_text(port), "--cafile",
                               tu_cert("ca-cert.pem"), "-t", "kuma/test", "-m", "kumassl-mqtt-message", NULL };

        pub = spawn_on_kumassl(prefix, argv);
        tu_expect_exit(pub, "mosquitto_pub", 0);
        tu_proc_free(pub);
    }
    assert_ld_log_kumassl(logdir, "mosquitto_pub");
    tu_expect_output(sub, "mosquitto_sub", "kumassl-mqtt-message");
    tu_expect_exit(sub, "mosquitto_sub", 0);
    tu_proc_free(sub);
    tu_proc_free(broker);
    tu_rmtree(dir);
}
END_TEST

/* ---- the suite ---------------------------------------------------------------------- */

static Suite *dropin_suite(void)
{
    Suite *s = suite_create("dropin");
    TCase *socat = tu_add_tcase(s, "socat", 30);
    TCase *redis = tu_add_tcase(s, "redis", 30);
    TCase *python = tu_add_tcase(s, "python3", 30);
    TCase *servers = tu_add_tcase(s, "servers", 30);

    tcase_add_test(socat, test_socat_server);
    tcase_add_test(socat, test_socat_client);
    tcase_add_test(socat, test_socat_client_rejects_unknown_ca);
    tcase_add_test(redis, test_redis_server);
    tcase_add_test(redis, test_redis_cli);
    tcase_add_test(python, test_python_client);
    tcase_add_test(python, test_python_client_sni);
    tcase_add_test(python, test_python_client_public_style_cert);
    tcase_add_test(python, test_python_client_rejects_unknown_ca);
    tcase_add_test(python, test_python_server);
    tcase_add_test(python, test_python_hashlib);
    tcase_add_test(servers, test_nginx);
    tcase_add_test(servers, test_mosquitto);
    return s;
}

int main(void)
{
    return tu_run_suite(dropin_suite(), CK_NORMAL);
}
