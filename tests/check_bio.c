/*
 * check_bio.c -- the BIO layer event-loop programs rely on:
 *   - BIO pairs: bounded buffers, retry flags, EOF after BIO_shutdown_wr,
 *     pending / write guarantee / read request, detaching
 *   - memory BIOs: read-only buffers, BIO_get_mem_data, EOF return, growth
 *   - fd BIOs
 *   - OpenSSL 3's socket helpers: BIO_lookup_ex, BIO_ADDR, BIO_socket,
 *     BIO_connect, BIO_listen, BIO_accept_ex, BIO_socket_nbio
 *   - a TLS handshake and a bulk transfer between a kumassl client and
 *     server joined by a BIO pair, driven from one thread
 *   - the membio-pair sample, in both its modes
 */
#include <check.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/pem.h>
#include "testutil.h"

#define TEST_TIMEOUT_S 30

/* Fails unless the last BIO call set exactly the retry flags wanted. */
static void expect_retry(BIO *b, int direction)
{
    ck_assert(BIO_should_retry(b));
    ck_assert_int_eq(BIO_test_flags(b, BIO_FLAGS_RWS), direction);
}

/* Byte i of a test stream: not periodic in any buffer size used here. */
static unsigned char pattern(size_t i)
{
    return (unsigned char)((i * 7 + i / 251) & 0xff);
}

/* ------------------------------------------------------------- BIO pairs */

START_TEST(pair_write_until_full)
{
    BIO *a, *b;
    char buf[300];

    ck_assert_int_eq(BIO_new_bio_pair(&a, 100, &b, 200), 1);
    ck_assert_int_eq(BIO_ctrl_get_write_guarantee(a), 100);
    ck_assert_int_eq(BIO_ctrl_get_write_guarantee(b), 200);
    memset(buf, 'x', sizeof(buf));
    ck_assert_int_eq(BIO_write(a, buf, 150), 100);     /* what fits */
    ck_assert_int_eq(BIO_write(a, buf, 1), -1);
    expect_retry(a, BIO_FLAGS_WRITE);
    ck_assert_int_eq(ERR_peek_error(), 0);             /* retry, not error */
    ck_assert_int_eq(BIO_ctrl_wpending(a), 100);
    ck_assert_int_eq(BIO_ctrl_pending(b), 100);
    ck_assert_int_eq(BIO_ctrl_pending(a), 0);
    ck_assert_int_eq(BIO_ctrl_get_write_guarantee(a), 0);
    ck_assert_int_eq(BIO_read(b, buf, 60), 60);
    ck_assert_int_eq(BIO_ctrl_get_write_guarantee(a), 60);
    ck_assert_int_eq(BIO_write(a, "y", 1), 1);
    ck_assert(!BIO_should_retry(a));
    BIO_free(a);
    BIO_free(b);
}
END_TEST

START_TEST(pair_read_empty_wants_read)
{
    BIO *a, *b;
    char buf[64];

    ck_assert_int_eq(BIO_new_bio_pair(&a, 50, &b, 0), 1);
    ck_assert_int_eq(BIO_get_write_buf_size(b, 0), 17 * 1024);
    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), -1);
    expect_retry(b, BIO_FLAGS_READ);
    ck_assert(!BIO_eof(b));
    /* b waits for data from a: as much as it asked, capped to a's buffer. */
    ck_assert_int_eq(BIO_ctrl_get_read_request(a), 50);
    ck_assert_int_eq(BIO_write(a, "abc", 3), 3);
    ck_assert_int_eq(BIO_ctrl_get_read_request(a), 0);
    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), 3);
    ck_assert_int_eq(memcmp(buf, "abc", 3), 0);
    ck_assert(!BIO_should_retry(b));
    ck_assert_int_eq(BIO_read(b, buf, 10), -1);
    ck_assert_int_eq(BIO_ctrl_get_read_request(a), 10);
    ck_assert_int_eq(BIO_ctrl_reset_read_request(a), 1);
    ck_assert_int_eq(BIO_ctrl_get_read_request(a), 0);
    BIO_free(a);
    BIO_free(b);
}
END_TEST

/* Odd-sized writes and reads through a small ring: every byte arrives, in
 * order, however the data wraps around the end of the buffer. */
START_TEST(pair_ring_keeps_order)
{
    enum { TOTAL = 100000 };
    BIO *a, *b;
    unsigned char chunk[13], got[11];
    size_t sent = 0, recvd = 0;

    ck_assert_int_eq(BIO_new_bio_pair(&a, 37, &b, 37), 1);
    while (recvd < TOTAL) {
        size_t n = TOTAL - sent < sizeof(chunk) ? TOTAL - sent : sizeof(chunk);
        int w, r, i;

        for (i = 0; i < (int)n; i++)
            chunk[i] = pattern(sent + (size_t)i);
        w = n > 0 ? BIO_write(a, chunk, (int)n) : 0;
        if (w > 0)
            sent += (size_t)w;
        r = BIO_read(b, got, sizeof(got));
        ck_assert_msg(r > 0 || BIO_should_read(b), "read failed at %zu", recvd);
        for (i = 0; i < r; i++)
            ck_assert_int_eq(got[i], pattern(recvd + (size_t)i));
        if (r > 0)
            recvd += (size_t)r;
    }
    ck_assert_int_eq(BIO_ctrl_pending(b), 0);
    BIO_free(a);
    BIO_free(b);
}
END_TEST

START_TEST(pair_eof_after_shutdown_wr)
{
    BIO *a, *b;
    char buf[16];

    ck_assert_int_eq(BIO_new_bio_pair(&a, 0, &b, 0), 1);
    ck_assert_int_eq(BIO_write(a, "last", 4), 4);
    ck_assert_int_eq(BIO_shutdown_wr(a), 1);
    ck_assert_int_eq(BIO_ctrl_get_write_guarantee(a), 0);
    ck_assert(!BIO_eof(b));                     /* data still to read */
    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), 4);
    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), 0);
    ck_assert(!BIO_should_retry(b));
    ck_assert(BIO_eof(b));
    /* The other direction is still open. */
    ck_assert_int_eq(BIO_write(b, "back", 4), 4);
    ck_assert_int_eq(BIO_read(a, buf, sizeof(buf)), 4);
    /* Writing after the shutdown is an error, not a retry. */
    ck_assert_int_eq(BIO_write(a, "more", 4), -1);
    ck_assert(!BIO_should_retry(a));
    tu_expect_error(ERR_LIB_BIO, BIO_R_BROKEN_PIPE);
    BIO_free(a);
    BIO_free(b);
}
END_TEST

START_TEST(pair_free_detaches_peer)
{
    BIO *a, *b, *c;
    char buf[8];

    ck_assert_int_eq(BIO_new_bio_pair(&a, 0, &b, 0), 1);
    ck_assert_int_eq(BIO_write(a, "lost", 4), 4);
    BIO_free(a);
    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), 0);
    ck_assert_int_eq(BIO_write(b, "x", 1), 0);
    ck_assert(!BIO_should_retry(b));
    ck_assert_int_eq(BIO_ctrl_get_write_guarantee(b), 0);
    ck_assert_int_eq(BIO_ctrl_pending(b), 0);
    /* A detached half can be paired again, with a new size. */
    c = BIO_new(BIO_s_bio());
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(BIO_set_write_buf_size(b, 10), 1);
    ck_assert_int_eq(BIO_make_bio_pair(b, c), 1);
    ck_assert_int_eq(BIO_ctrl_get_write_guarantee(b), 10);
    ck_assert_int_eq(BIO_write(b, "hi", 2), 2);
    ck_assert_int_eq(BIO_read(c, buf, sizeof(buf)), 2);
    ck_assert_int_eq(BIO_destroy_bio_pair(c), 1);
    ck_assert_int_eq(BIO_read(c, buf, sizeof(buf)), 0);
    BIO_free(b);
    BIO_free(c);
}
END_TEST

START_TEST(pair_misuse_is_refused)
{
    BIO *a, *b, *c = BIO_new(BIO_s_bio()), *m = BIO_new(BIO_s_mem());

    ck_assert_int_eq(BIO_new_bio_pair(&a, 0, &b, 0), 1);
    ck_assert_int_eq(BIO_set_write_buf_size(a, 100), 0);     /* in use */
    tu_expect_error(ERR_LIB_BIO, BIO_R_IN_USE);
    ck_assert_int_eq(BIO_make_bio_pair(c, a), 0);
    tu_expect_error(ERR_LIB_BIO, BIO_R_IN_USE);
    ck_assert_int_eq(BIO_make_bio_pair(c, m), 0);            /* not a pair half */
    tu_expect_error(ERR_LIB_BIO, BIO_R_INVALID_ARGUMENT);
    ck_assert_int_eq(BIO_set_write_buf_size(c, 0), 0);
    tu_expect_error(ERR_LIB_BIO, BIO_R_INVALID_ARGUMENT);
    BIO_free(a);
    BIO_free(b);
    BIO_free(c);
    BIO_free(m);
}
END_TEST

/* ----------------------------------------------------------- memory BIOs */

START_TEST(mem_buf_is_read_only)
{
    static const char text[] = "read me";
    BIO *b = BIO_new_mem_buf(text, -1);
    char buf[16], *data;

    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(BIO_get_mem_data(b, &data), 7);
    ck_assert_ptr_eq(data, text);                    /* no copy */
    ck_assert_int_eq(BIO_read(b, buf, 4), 4);
    ck_assert_int_eq(BIO_ctrl_pending(b), 3);
    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), 3);
    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), 0);      /* EOF, no retry */
    ck_assert(!BIO_should_retry(b));
    ck_assert_int_eq(BIO_write(b, "x", 1), -1);
    ERR_clear_error();
    ck_assert_int_eq(BIO_reset(b), 1);                       /* back to the start */
    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), 7);
    ck_assert_int_eq(memcmp(buf, text, 7), 0);
    BIO_free(b);
}
END_TEST

START_TEST(mem_empty_read_and_eof_return)
{
    BIO *b = BIO_new(BIO_s_mem());
    char buf[8];

    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), -1);
    expect_retry(b, BIO_FLAGS_READ);
    ck_assert_int_eq(BIO_set_mem_eof_return(b, 0), 1);
    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), 0);
    ck_assert(!BIO_should_retry(b));
    ck_assert_int_eq(BIO_puts(b, "ab"), 2);
    ck_assert_int_eq(BIO_read(b, buf, sizeof(buf)), 2);
    BIO_free(b);
}
END_TEST

/* Found by tests/fuzz (fuzz_server, empty input): a zero-length write to a
 * fresh memory BIO did memcpy(NULL + 0, ...), undefined behaviour that
 * --enable-sanitizers turns into a failure. */
START_TEST(mem_zero_length_write)
{
    BIO *b = BIO_new(BIO_s_mem());
    char c;

    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(BIO_write(b, NULL, 0), 0);
    ck_assert_int_eq(BIO_write(b, "", 0), 0);
    ck_assert_int_eq((int)BIO_ctrl_pending(b), 0);
    ck_assert_int_eq(BIO_write(b, "x", 1), 1);
    ck_assert_int_eq(BIO_write(b, NULL, 0), 0);
    ck_assert_int_eq(BIO_read(b, &c, 1), 1);
    ck_assert_int_eq(c, 'x');
    BIO_free(b);
}
END_TEST

START_TEST(mem_grows_and_keeps_order)
{
    enum { TOTAL = 1 << 20 };
    BIO *b = BIO_new(BIO_s_mem());
    unsigned char *in = malloc(TOTAL), *out = malloc(TOTAL);
    size_t off = 0, step = 1;
    char *data;
    size_t i;

    for (i = 0; i < TOTAL; i++)
        in[i] = pattern(i);
    while (off < TOTAL) {            /* writes of growing, odd sizes */
        size_t n = TOTAL - off < step ? TOTAL - off : step;

        ck_assert_int_eq(BIO_write(b, in + off, (int)n), (int)n);
        off += n;
        step = step * 3 + 1;
    }
    ck_assert_int_eq(BIO_ctrl_pending(b), TOTAL);
    ck_assert_int_eq(BIO_get_mem_data(b, &data), TOTAL);
    ck_assert_int_eq(memcmp(data, in, TOTAL), 0);
    ck_assert_int_eq(BIO_read(b, out, 1000), 1000);
    ck_assert_int_eq(BIO_read(b, out + 1000, TOTAL), TOTAL - 1000);
    ck_assert_int_eq(memcmp(in, out, TOTAL), 0);
    ck_assert_int_eq(BIO_ctrl_pending(b), 0);
    free(in);
    free(out);
    BIO_free(b);
}
END_TEST

START_TEST(fd_bio_over_a_pipe)
{
    int fds[2];
    BIO *r, *w;
    char buf[8];

    ck_assert_int_eq(pipe(fds), 0);
    r = BIO_new_fd(fds[0], BIO_CLOSE);
    w = BIO_new_fd(fds[1], BIO_CLOSE);
    ck_assert_int_eq(BIO_get_fd(r, NULL), fds[0]);
    ck_assert_int_eq(BIO_set_nbio(r, 1), 1);
    ck_assert_int_eq(BIO_read(r, buf, sizeof(buf)), -1);     /* nothing yet */
    expect_retry(r, BIO_FLAGS_READ);
    ck_assert_int_eq(BIO_write(w, "pipe", 4), 4);
    ck_assert_int_eq(BIO_read(r, buf, sizeof(buf)), 4);
    BIO_free(w);                                             /* closes fds[1] */
    ck_assert_int_eq(BIO_read(r, buf, sizeof(buf)), 0);
    BIO_free(r);
}
END_TEST

/* ------------------------------------------------------- socket helpers */

START_TEST(lookup_numeric_address)
{
    BIO_ADDRINFO *res;
    const BIO_ADDR *addr;
    unsigned char raw[16];
    size_t len;
    char *host, *serv;

    ck_assert_int_eq(BIO_lookup_ex("127.0.0.1", "4433", BIO_LOOKUP_CLIENT, AF_UNSPEC,
                                   SOCK_STREAM, 0, &res), 1);
    ck_assert_int_eq(BIO_ADDRINFO_family(res), AF_INET);
    ck_assert_int_eq(BIO_ADDRINFO_socktype(res), SOCK_STREAM);
    ck_assert_int_eq(BIO_ADDRINFO_protocol(res), IPPROTO_TCP);
    addr = BIO_ADDRINFO_address(res);
    ck_assert_int_eq(BIO_ADDR_family(addr), AF_INET);
    ck_assert_int_eq(BIO_ADDR_rawport(addr), htons(4433));
    ck_assert_int_eq(BIO_ADDR_rawaddress(addr, raw, &len), 1);
    ck_assert_int_eq(len, 4);
    ck_assert_int_eq(memcmp(raw, "\x7f\0\0\x01", 4), 0);
    host = BIO_ADDR_hostname_string(addr, 1);
    serv = BIO_ADDR_service_string(addr, 1);
    ck_assert_str_eq(host, "127.0.0.1");
    ck_assert_str_eq(serv, "4433");
    OPENSSL_free(host);
    OPENSSL_free(serv);
    BIO_ADDRINFO_free(res);
}
END_TEST

START_TEST(lookup_server_any_address)
{
    BIO_ADDRINFO *res;
    unsigned char raw[4];

    ck_assert_int_eq(BIO_lookup(NULL, "0", BIO_LOOKUP_SERVER, AF_INET, SOCK_STREAM, &res), 1);
    ck_assert_int_eq(BIO_ADDRINFO_family(res), AF_INET);
    ck_assert_int_eq(BIO_ADDR_rawport(BIO_ADDRINFO_address(res)), 0);
    ck_assert_int_eq(BIO_ADDR_rawaddress(BIO_ADDRINFO_address(res), raw, NULL), 1);
    ck_assert_int_eq(memcmp(raw, "\0\0\0\0", 4), 0);       /* INADDR_ANY */
    ck_assert_ptr_null(BIO_ADDRINFO_next(NULL));
    BIO_ADDRINFO_free(res);
}
END_TEST

START_TEST(lookup_failure_says_why)
{
    BIO_ADDRINFO *res = NULL;
    const char *data = NULL;
    int flags = 0;
    unsigned long e;

    /* An unknown service fails in the resolver without asking any DNS. */
    ck_assert_int_eq(BIO_lookup_ex("127.0.0.1", "no-such-service-kuma", BIO_LOOKUP_CLIENT,
                                   AF_INET, SOCK_STREAM, 0, &res), 0);
    e = ERR_peek_error_data(&data, &flags);
    ck_assert_int_eq(ERR_GET_LIB(e), ERR_LIB_BIO);
    ck_assert_int_eq(ERR_GET_REASON(e), ERR_R_SYS_LIB);
    ck_assert_ptr_nonnull(data);
    ck_assert_msg(strlen(data) > 0, "no gai_strerror text");
    ERR_clear_error();
    ck_assert_int_eq(BIO_lookup_ex("127.0.0.1", "1", BIO_LOOKUP_CLIENT, 12345,
                                   SOCK_STREAM, 0, &res), 0);
    tu_expect_error(ERR_LIB_BIO, BIO_R_UNSUPPORTED_PROTOCOL_FAMILY);
}
END_TEST

/* An AF_INET BIO_ADDR for 127.0.0.1:port. */
static BIO_ADDR *loopback_addr(int port)
{
    BIO_ADDR *addr = BIO_ADDR_new();
    struct in_addr lo = { htonl(INADDR_LOOPBACK) };

    ck_assert_ptr_nonnull(addr);
    ck_assert_int_eq(BIO_ADDR_family(addr), AF_UNSPEC);
    ck_assert_int_eq(BIO_ADDR_rawmake(addr, AF_INET, &lo, sizeof(lo), htons((unsigned short)port)), 1);
    return addr;
}

/* Fails unless the connected sockets a and b carry bytes a -> b. */
static void expect_connected(int a, int b)
{
    char buf[4];

    ck_assert_int_eq(tu_set_io_timeout(b, TU_TIMEOUT_MS), 0);
    ck_assert_int_eq(write(a, "ping", 4), 4);
    ck_assert_int_eq(read(b, buf, 4), 4);
    ck_assert_int_eq(memcmp(buf, "ping", 4), 0);
}

START_TEST(socket_connect_blocking)
{
    int port = 0, lfd = tu_tcp_listen(&port), sock, peer;
    BIO_ADDR *addr = loopback_addr(port);

    sock = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    ck_assert_int_ge(sock, 0);
    ck_assert_int_eq(BIO_connect(sock, addr, BIO_SOCK_NODELAY | BIO_SOCK_KEEPALIVE), 1);
    peer = tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    ck_assert_int_ge(peer, 0);
    expect_connected(sock, peer);
    ck_assert_int_eq(BIO_closesocket(sock), 1);
    ck_assert_int_eq(BIO_closesocket(-1), 0);
    close(peer);
    close(lfd);
    BIO_ADDR_free(addr);
}
END_TEST

START_TEST(socket_connect_nonblocking)
{
    int port = 0, lfd = tu_tcp_listen(&port), sock, peer;
    BIO_ADDR *addr = loopback_addr(port);
    struct pollfd pfd;

    sock = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    if (BIO_connect(sock, addr, BIO_SOCK_NONBLOCK) != 1) {
        /* Under way: no error queued, and "retry" by errno. */
        ck_assert(BIO_sock_should_retry(-1));
        ck_assert_int_eq(ERR_peek_error(), 0);
        pfd = (struct pollfd){ .fd = sock, .events = POLLOUT };
        ck_assert_int_eq(poll(&pfd, 1, TU_TIMEOUT_MS), 1);
    }
    ck_assert_int_eq(BIO_sock_error(sock), 0);
    ck_assert_int_ne(fcntl(sock, F_GETFL) & O_NONBLOCK, 0);
    peer = tu_tcp_accept(lfd, TU_TIMEOUT_MS);
    ck_assert_int_ge(peer, 0);
    expect_connected(sock, peer);
    close(sock);
    close(peer);
    close(lfd);
    BIO_ADDR_free(addr);
}
END_TEST

START_TEST(socket_connect_refused)
{
    int port = tu_free_port(), sock = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    BIO_ADDR *addr = loopback_addr(port);
    unsigned long first, last;

    ck_assert_int_eq(BIO_connect(sock, addr, 0), 0);
    first = ERR_get_error();
    last = ERR_get_error();
    ck_assert_int_eq(ERR_GET_LIB(first), ERR_LIB_SYS);
    ck_assert_int_eq(ERR_GET_REASON(first), ECONNREFUSED);
    ck_assert_int_eq(ERR_GET_LIB(last), ERR_LIB_BIO);
    ck_assert_int_eq(ERR_GET_REASON(last), BIO_R_CONNECT_ERROR);
    ck_assert_int_eq(BIO_connect(-1, addr, 0), 0);
    tu_expect_error(ERR_LIB_BIO, BIO_R_INVALID_SOCKET);
    close(sock);
    BIO_ADDR_free(addr);
}
END_TEST

START_TEST(socket_nbio_toggles)
{
    int sock = BIO_socket(AF_INET, SOCK_STREAM, 0, 0);
    BIO *b;

    ck_assert_int_eq(BIO_socket_nbio(sock, 1), 1);
    ck_assert_int_ne(fcntl(sock, F_GETFL) & O_NONBLOCK, 0);
    ck_assert_int_eq(BIO_socket_nbio(sock, 0), 1);
    ck_assert_int_eq(fcntl(sock, F_GETFL) & O_NONBLOCK, 0);
    b = BIO_new_socket(sock, BIO_CLOSE);
    ck_assert_int_eq(BIO_set_nbio(b, 1), 1);
    ck_assert_int_ne(fcntl(sock, F_GETFL) & O_NONBLOCK, 0);
    BIO_free(b);
    ck_assert_int_eq(BIO_socket_nbio(-1, 1), 0);
    tu_expect_error(ERR_LIB_SYS, EBADF);
}
END_TEST

START_TEST(listen_and_accept)
{
    BIO_ADDRINFO *res;
    BIO_ADDR *bound = BIO_ADDR_new(), *peer = BIO_ADDR_new();
    union BIO_sock_info_u info = { bound };
    struct pollfd pfd;
    int lfd, client, conn;

    ck_assert_int_eq(BIO_lookup("127.0.0.1", "0", BIO_LOOKUP_SERVER, AF_INET, SOCK_STREAM, &res), 1);
    lfd = BIO_socket(BIO_ADDRINFO_family(res), SOCK_STREAM, 0, 0);
    ck_assert_int_eq(BIO_listen(lfd, BIO_ADDRINFO_address(res),
                                BIO_SOCK_REUSEADDR | BIO_SOCK_NONBLOCK), 1);
    BIO_ADDRINFO_free(res);
    ck_assert_int_eq(BIO_sock_info(lfd, BIO_SOCK_INFO_ADDRESS, &info), 1);
    ck_assert_int_ne(BIO_ADDR_rawport(bound), 0);
    /* Nothing to accept yet: "retry", nothing queued. */
    ck_assert_int_eq(BIO_accept_ex(lfd, NULL, 0), -1);
    ck_assert(BIO_sock_should_retry(-1));
    ck_assert_int_eq(ERR_peek_error(), 0);
    client = tu_tcp_connect(ntohs(BIO_ADDR_rawport(bound)));
    ck_assert_int_ge(client, 0);
    /* The listener is non-blocking: wait for the connection to land. */
    pfd = (struct pollfd){ .fd = lfd, .events = POLLIN };
    ck_assert_int_eq(poll(&pfd, 1, TU_TIMEOUT_MS), 1);
    conn = BIO_accept_ex(lfd, peer, BIO_SOCK_NONBLOCK);
    ck_assert_int_ge(conn, 0);
    ck_assert_int_eq(BIO_ADDR_family(peer), AF_INET);
    ck_assert_int_ne(fcntl(conn, F_GETFL) & O_NONBLOCK, 0);
    expect_connected(client, conn);
    close(conn);
    close(client);
    close(lfd);
    BIO_ADDR_free(bound);
    BIO_ADDR_free(peer);
}
END_TEST

/* --------------------------------------------------- TLS over a BIO pair */

typedef struct {
    SSL_CTX *cctx, *sctx;
    SSL *client, *server;
    int wanted_write;           /* some call said SSL_ERROR_WANT_WRITE */
} tls_pair;

/* A client and a server joined by a BIO pair with bufsize-byte buffers. */
static void tls_pair_open(tls_pair *t, size_t bufsize)
{
    BIO *cb, *sb;

    memset(t, 0, sizeof(*t));
    t->sctx = tu_rsa_server_ctx();
    t->cctx = tu_ca_client_ctx();
    t->client = SSL_new(t->cctx);
    t->server = SSL_new(t->sctx);
    ck_assert_int_eq(BIO_new_bio_pair(&cb, bufsize, &sb, bufsize), 1);
    SSL_set_bio(t->client, cb, cb);
    SSL_set_bio(t->server, sb, sb);
    ck_assert_ptr_eq(SSL_get_rbio(t->client), cb);
    ck_assert_ptr_eq(SSL_get_wbio(t->client), cb);
    SSL_set_connect_state(t->client);
    SSL_set_accept_state(t->server);
}

static void tls_pair_close(tls_pair *t)
{
    SSL_free(t->client);
    SSL_free(t->server);
    SSL_CTX_free(t->cctx);
    SSL_CTX_free(t->sctx);
    ERR_clear_error();
}

/* 1 if an SSL call returning ret succeeded, 0 if it must be retried; fails
 * the test on anything else. */
static int progressed(tls_pair *t, SSL *ssl, int ret)
{
    int err;

    if (ret > 0)
        return 1;
    err = SSL_get_error(ssl, ret);
    ck_assert_msg(err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE,
                  "%s: SSL_get_error %d", ssl == t->client ? "client" : "server", err);
    t->wanted_write |= err == SSL_ERROR_WANT_WRITE;
    return 0;
}

/* Runs both handshakes, taking turns, until both are done. */
static void tls_pair_handshake(tls_pair *t)
{
    int cdone = 0, sdone = 0, round;

    for (round = 0; round < 200 && !(cdone && sdone); round++) {
        if (!cdone)
            cdone = progressed(t, t->client, SSL_do_handshake(t->client));
        if (!sdone)
            sdone = progressed(t, t->server, SSL_do_handshake(t->server));
    }
    ck_assert_msg(cdone && sdone, "handshake stalled");
    ck_assert_int_eq(SSL_get_verify_result(t->client), X509_V_OK);
}

/* The client sends total bytes in 16 KiB writes while the server reads
 * them; a write that finds the pair full is retried with the same
 * arguments once the server made room, as OpenSSL requires. */
static void tls_pair_transfer(tls_pair *t, size_t total)
{
    unsigned char *in = malloc(total), *out = malloc(total);
    size_t sent = 0, recvd = 0, i;
    long spins = 0;

    for (i = 0; i < total; i++)
        in[i] = pattern(i);
    while (recvd < total) {
        int n;

        ck_assert_msg(++spins < 1000000, "transfer stalled at %zu", recvd);
        if (sent < total) {
            n = SSL_write(t->client, in + sent, (int)(total - sent < 16384 ? total - sent : 16384));
            if (progressed(t, t->client, n))
                sent += (size_t)n;
        }
        n = SSL_read(t->server, out + recvd, (int)(total - recvd));
        if (progressed(t, t->server, n))
            recvd += (size_t)n;
    }
    ck_assert_int_eq(memcmp(in, out, total), 0);
    free(in);
    free(out);
}

/* close_notify from the client, answered by the server. */
static void tls_pair_shutdown(tls_pair *t)
{
    char buf[8];
    int n;

    ck_assert_int_eq(SSL_shutdown(t->client), 0);
    n = SSL_read(t->server, buf, sizeof(buf));
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(SSL_get_error(t->server, n), SSL_ERROR_ZERO_RETURN);
    ck_assert_int_eq(SSL_shutdown(t->server), 1);
    ck_assert_int_eq(SSL_shutdown(t->client), 1);
}

START_TEST(tls_over_bio_pair)
{
    tls_pair t;
    char buf[16];

    tls_pair_open(&t, 0);
    tls_pair_handshake(&t);
    ck_assert_int_eq(SSL_write(t.server, "over the pair", 13), 13);
    ck_assert_int_eq(SSL_read(t.client, buf, sizeof(buf)), 13);
    ck_assert_int_eq(memcmp(buf, "over the pair", 13), 0);
    tls_pair_shutdown(&t);
    tls_pair_close(&t);
}
END_TEST

/* Buffers much smaller than a record: every flight and every record waits
 * for the peer to make room (WANT_WRITE), and nothing is lost. */
START_TEST(tls_over_small_bio_pair)
{
    tls_pair t;

    tls_pair_open(&t, 512);
    tls_pair_handshake(&t);
    ck_assert(t.wanted_write);
    tls_pair_transfer(&t, 200000);
    tls_pair_shutdown(&t);
    tls_pair_close(&t);
}
END_TEST

/* The client's half closed without close_notify: the server must not
 * take that for a clean end of the stream. */
START_TEST(tls_pair_truncation_is_error)
{
    tls_pair t;
    char buf[8];
    int n, err;

    tls_pair_open(&t, 0);
    tls_pair_handshake(&t);
    ck_assert_int_eq(BIO_shutdown_wr(SSL_get_wbio(t.client)), 1);
    n = SSL_read(t.server, buf, sizeof(buf));
    err = SSL_get_error(t.server, n);
    ck_assert_int_le(n, 0);
    ck_assert_msg(err == SSL_ERROR_SYSCALL || err == SSL_ERROR_SSL,
                  "truncation gave SSL_get_error %d", err);
    tls_pair_close(&t);
}
END_TEST

/* ------------------------------------------------------------ the sample */

/* Runs samples/membio-pair with mode_flag (NULL: memory BIOs) and checks
 * the conversation it prints. */
static void run_membio_sample(const char *mode_flag)
{
    const char *prog = tu_sample("membio-pair"), *out;
    tu_proc *p;
    int status;

    if (mode_flag != NULL)
        p = tu_spawnl(prog, mode_flag, tu_cert("ca-cert.pem"), tu_cert("server-cert.pem"),
                      tu_cert("server-key.pem"), NULL);
    else
        p = tu_spawnl(prog, tu_cert("ca-cert.pem"), tu_cert("server-cert.pem"),
                      tu_cert("server-key.pem"), NULL);
    ck_assert_ptr_nonnull(p);
    status = tu_proc_wait(p, 4 * TU_TIMEOUT_MS);
    out = tu_proc_output(p);
    ck_assert_msg(status == 0, "membio-pair exited %d:\n%s", status, out);
    ck_assert_msg(strstr(out, "Handshake done: TLSv1.") != NULL
                  && strstr(out, "server certificate verified") != NULL
                  && strstr(out, "server received: hello, server\n") != NULL
                  && strstr(out, "client received: got \"goodbye\"\n") != NULL
                  && strstr(out, "Clean shutdown on both sides") != NULL,
                  "unexpected output:\n%s", out);
    ck_assert_msg((mode_flag == NULL) == (strstr(out, "bytes carried") != NULL),
                  "wrong transport:\n%s", out);
    tu_proc_free(p);
}

START_TEST(sample_membio_pair_memory)
{
    run_membio_sample(NULL);
}
END_TEST

START_TEST(sample_membio_pair_bio_pair)
{
    run_membio_sample("-p");
}
END_TEST

/* ---------------------------------------------------------------- suite */

/* ---- custom methods, base64, PEM writing (issue 14) ---------------------------------- */

/* A custom BIO over a memory BIO (BIO_set_data), as curl and python plug their transports in. */
static int relay_write(BIO *b, const char *in, int n)
{
    return BIO_write(BIO_get_data(b), in, n);
}

static int relay_read(BIO *b, char *out, int n)
{
    return BIO_read(BIO_get_data(b), out, n);
}

static long relay_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    (void)b, (void)larg, (void)parg;
    return cmd == BIO_CTRL_FLUSH;
}

static int relay_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

static int relay_destroy(BIO *b)
{
    BIO_free(BIO_get_data(b));
    return 1;
}

/* A TLS handshake and data through custom BIOs on both sides (kumassl client and server over memory). */
START_TEST(custom_method_carries_tls)
{
    BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "relay");
    BIO *c2s = BIO_new(BIO_s_mem()), *s2c = BIO_new(BIO_s_mem());
    BIO *cb_w, *cb_r, *sb_w, *sb_r;
    SSL_CTX *sctx = tu_rsa_server_ctx(), *cctx = tu_ca_client_ctx();
    SSL *cl = SSL_new(cctx), *sv = SSL_new(sctx);
    char buf[32];
    int i, n;

    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(BIO_meth_set_write(m, relay_write) && BIO_meth_set_read(m, relay_read)
                     && BIO_meth_set_ctrl(m, relay_ctrl) && BIO_meth_set_create(m, relay_create)
                     && BIO_meth_set_destroy(m, relay_destroy), 1);
    ck_assert_ptr_eq(BIO_meth_get_read(m), relay_read);
    cb_w = BIO_new(m), cb_r = BIO_new(m), sb_w = BIO_new(m), sb_r = BIO_new(m);
    ck_assert_int_eq(BIO_get_init(cb_w), 1);
    /* each memory BIO has two relays, each owning a reference; the test keeps its own */
    BIO_up_ref(c2s), BIO_up_ref(s2c);
    BIO_up_ref(c2s), BIO_up_ref(s2c);
    BIO_set_data(cb_w, c2s), BIO_set_data(sb_r, c2s), BIO_set_data(sb_w, s2c), BIO_set_data(cb_r, s2c);
    SSL_set_bio(cl, cb_r, cb_w);
    SSL_set_bio(sv, sb_r, sb_w);
    SSL_set_tlsext_host_name(cl, "localhost");
    SSL_set1_host(cl, "localhost");
    for (i = 0; i < 20 && (!SSL_is_init_finished(cl) || !SSL_is_init_finished(sv)); i++) {
        SSL_connect(cl);
        SSL_accept(sv);
    }
    ck_assert_msg(SSL_is_init_finished(cl) && SSL_is_init_finished(sv), "%s", tu_queued_error());
    ck_assert_int_eq(SSL_write(cl, "through custom BIOs", 19), 19);
    n = SSL_read(sv, buf, sizeof(buf));
    ck_assert_int_eq(n, 19);
    ck_assert_mem_eq(buf, "through custom BIOs", 19);
    SSL_free(cl);
    SSL_free(sv);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    BIO_free(c2s), BIO_free(s2c);
    BIO_meth_free(m);
    ck_assert_int_eq(BIO_callback_ctrl(NULL, 0, NULL), -2);
    ERR_clear_error();
}
END_TEST

/* PEM_write_bio_X509 writes what PEM_read_bio_X509 reads back (the same DER), through a base64 filter check. */
START_TEST(pem_write_reads_back_and_base64_filter)
{
    X509 *x = tu_read_cert(tu_cert("server-cert.pem")), *y;
    BIO *mem = BIO_new(BIO_s_mem()), *b64, *src;
    unsigned char *d1 = NULL, *d2 = NULL, back[8];
    char *text;
    long len;
    int n1, n2;

    ck_assert_int_eq(PEM_write_bio_X509(mem, x), 1);
    len = BIO_get_mem_data(mem, &text);
    ck_assert_int_gt(len, 0);
    ck_assert_int_eq(strncmp(text, "-----BEGIN CERTIFICATE-----\n", 28), 0);
    y = PEM_read_bio_X509(mem, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(y);
    n1 = i2d_X509(x, &d1), n2 = i2d_X509(y, &d2);
    ck_assert_int_eq(n1, n2);
    ck_assert_mem_eq(d1, d2, (size_t)n1);
    OPENSSL_free(d1), OPENSSL_free(d2);
    X509_free(x), X509_free(y);
    BIO_free(mem);
    /* "aGVsbG8=" is "hello" (RFC 4648); a character outside the alphabet is refused */
    src = BIO_new_mem_buf("aGVs\nbG8=\n", -1);
    b64 = BIO_push(BIO_new(BIO_f_base64()), src);
    ck_assert_ptr_eq(BIO_next(b64), src);
    ck_assert_int_eq(BIO_read(b64, back, sizeof(back)), 5);
    ck_assert_mem_eq(back, "hello", 5);
    BIO_free_all(b64);
    b64 = BIO_push(BIO_new(BIO_f_base64()), BIO_new_mem_buf("aG*s", -1));
    ck_assert_int_eq(BIO_read(b64, back, sizeof(back)), -1);
    BIO_free_all(b64);
    ERR_clear_error();
}
END_TEST

/* OpenSSL's demo idiom: BIO_new_ssl_connect, BIO_set_conn_hostname, BIO_do_connect, BIO_puts/BIO_read, against s_server. */
START_TEST(ssl_connect_bio_to_s_server)
{
    int port = tu_free_port();
    char portstr[16], name[32], buf[64];
    const char *fixed[] = { "s_server", "-accept", portstr, "-cert", NULL, "-key", NULL, "-rev", NULL };
    const char *const none[] = { NULL };
    SSL_CTX *ctx = tu_ca_client_ctx();
    tu_proc *srv;
    SSL *ssl = NULL;
    BIO *b;
    int n;

    snprintf(portstr, sizeof(portstr), "%d", port);
    fixed[4] = tu_cert("server-cert.pem");
    fixed[6] = tu_cert("server-key.pem");
    srv = tu_spawn_openssl_args(fixed, none);
    tu_await_output(srv, "ACCEPT", NULL, 0);
    ck_assert_ptr_nonnull(b = BIO_new_ssl_connect(ctx));
    ck_assert_int_eq(BIO_get_ssl(b, &ssl), 1);
    SSL_set_tlsext_host_name(ssl, "localhost");
    SSL_set1_host(ssl, "localhost");
    snprintf(name, sizeof(name), "127.0.0.1:%d", port);
    BIO_set_conn_hostname(b, name);
    ck_assert_msg(BIO_do_connect(b) == 1, "%s", tu_queued_error());
    ck_assert_int_eq(SSL_get_verify_result(ssl), X509_V_OK);
    ck_assert_int_eq(BIO_puts(b, "bio-ssl\n"), 8);
    n = BIO_read(b, buf, sizeof(buf));
    ck_assert_int_ge(n, 7);
    ck_assert_mem_eq(buf, "lss-oib", 7);
    BIO_ssl_shutdown(b);
    BIO_free_all(b);
    SSL_CTX_free(ctx);
    tu_proc_free(srv);
    /* nothing listens there: the connect fails with the reason */
    ctx = tu_ca_client_ctx();
    b = BIO_new_ssl_connect(ctx);
    BIO_set_conn_hostname(b, "127.0.0.1:1");
    ck_assert_int_le(BIO_do_connect(b), 0);
    ck_assert_int_eq(ERR_GET_LIB(ERR_peek_last_error()), ERR_LIB_BIO);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_last_error()), BIO_R_CONNECT_ERROR);
    ERR_clear_error();
    BIO_free_all(b);
    SSL_CTX_free(ctx);
}
END_TEST

/* OpenSSL's blocking-server idiom: BIO_new_accept, BIO_set_bind_mode, BIO_do_accept twice, BIO_pop, SSL_accept; s_client is served. */
START_TEST(accept_bio_serves_s_client)
{
    int port = tu_free_port();
    char name[32], addr[32], buf[64];
    SSL_CTX *ctx = tu_rsa_server_ctx();
    BIO *acceptor, *client;
    tu_proc *cli;
    SSL *ssl;
    int n;

    snprintf(name, sizeof(name), "127.0.0.1:%d", port);
    ck_assert_ptr_nonnull(acceptor = BIO_new_accept(name));
    BIO_set_bind_mode(acceptor, BIO_BIND_REUSEADDR);
    ck_assert_int_eq(BIO_get_bind_mode(acceptor), BIO_BIND_REUSEADDR);
    ck_assert_msg(BIO_do_accept(acceptor) == 1, "%s", tu_queued_error());     /* bind and listen */
    snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
    cli = tu_spawn_openssl("s_client", "-connect", addr, "-CAfile", tu_cert("ca-cert.pem"),
                           "-verify_return_error", "-quiet", NULL);
    ck_assert_int_eq(BIO_do_accept(acceptor), 1);                               /* one connection */
    ck_assert_ptr_nonnull(client = BIO_pop(acceptor));
    ck_assert_ptr_null(BIO_next(acceptor));
    ssl = SSL_new(ctx);
    SSL_set_bio(ssl, client, client);
    ck_assert_msg(SSL_accept(ssl) == 1, "%s", tu_queued_error());
    tu_send_line(cli, "s_client", "to-accept-bio\n");
    n = SSL_read(ssl, buf, sizeof(buf));
    ck_assert_int_eq(n, 14);
    ck_assert_mem_eq(buf, "to-accept-bio\n", 14);
    ck_assert_int_eq(SSL_write(ssl, "served\n", 7), 7);
    tu_await_output(cli, "served", NULL, 0);
    SSL_free(ssl);
    tu_proc_free(cli);
    BIO_free(acceptor);
    SSL_CTX_free(ctx);
    /* a port already taken: the listen fails with the reason */
    snprintf(name, sizeof(name), "127.0.0.1:%d", tu_free_port());
    acceptor = BIO_new_accept(name);
    client = BIO_new_accept(name);
    ck_assert_int_eq(BIO_do_accept(acceptor), 1);
    ck_assert_int_eq(BIO_do_accept(client), 0);
    ck_assert_int_eq(ERR_GET_REASON(ERR_peek_last_error()), BIO_R_UNABLE_TO_LISTEN_SOCKET);
    ERR_clear_error();
    BIO_free(client);
    BIO_free(acceptor);
}
END_TEST

static Suite *bio_suite(void)
{
    Suite *s = suite_create("bio");
    TCase *tc;

    tc = tu_add_tcase(s, "pair", TEST_TIMEOUT_S);
    tcase_add_test(tc, pair_write_until_full);
    tcase_add_test(tc, pair_read_empty_wants_read);
    tcase_add_test(tc, pair_ring_keeps_order);
    tcase_add_test(tc, pair_eof_after_shutdown_wr);
    tcase_add_test(tc, pair_free_detaches_peer);
    tcase_add_test(tc, pair_misuse_is_refused);
    tcase_add_test(tc, custom_method_carries_tls);
    tcase_add_test(tc, ssl_connect_bio_to_s_server);
    tcase_add_test(tc, accept_bio_serves_s_client);
    tcase_add_test(tc, pem_write_reads_back_and_base64_filter);

    tc = tu_add_tcase(s, "mem_fd", TEST_TIMEOUT_S);
    tcase_add_test(tc, mem_buf_is_read_only);
    tcase_add_test(tc, mem_empty_read_and_eof_return);
    tcase_add_test(tc, mem_zero_length_write);
    tcase_add_test(tc, mem_grows_and_keeps_order);
    tcase_add_test(tc, fd_bio_over_a_pipe);

    tc = tu_add_tcase(s, "sockets", TEST_TIMEOUT_S);
    tcase_add_test(tc, lookup_numeric_address);
    tcase_add_test(tc, lookup_server_any_address);
    tcase_add_test(tc, lookup_failure_says_why);
    tcase_add_test(tc, socket_connect_blocking);
    tcase_add_test(tc, socket_connect_nonblocking);
    tcase_add_test(tc, socket_connect_refused);
    tcase_add_test(tc, socket_nbio_toggles);
    tcase_add_test(tc, listen_and_accept);

    tc = tu_add_tcase(s, "tls_pair", TEST_TIMEOUT_S);
    tcase_add_test(tc, tls_over_bio_pair);
    tcase_add_test(tc, tls_over_small_bio_pair);
    tcase_add_test(tc, tls_pair_truncation_is_error);

    tc = tu_add_tcase(s, "sample", TEST_TIMEOUT_S);
    tcase_add_test(tc, sample_membio_pair_memory);
    tcase_add_test(tc, sample_membio_pair_bio_pair);
    return s;
}

int main(void)
{
    return tu_run_suite(bio_suite(), CK_ENV);
}
