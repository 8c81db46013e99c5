/*
 * kumassl: OpenSSL 3's socket helpers -- BIO_ADDR, BIO_ADDRINFO,
 * BIO_lookup_ex and BIO_socket/connect/bind/listen/accept_ex.
 *
 * Thin wrappers over getaddrinfo() and the socket calls.  What they add is
 * OpenSSL's conventions: 1/0 (or a socket/-1) results, and on failure an
 * ERR_LIB_SYS error carrying errno and the call that failed, followed by
 * an ERR_LIB_BIO one saying what could not be done.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "crypto_int.h"

union bio_addr_st {
    struct sockaddr sa;
    struct sockaddr_in s_in;
    struct sockaddr_in6 s_in6;
    struct sockaddr_un s_un;
};

struct bio_addrinfo_st {
    int family;
    int socktype;
    int protocol;
    BIO_ADDR addr;
    BIO_ADDRINFO *next;
};

/* Pushes one error in the name of func, the public function the caller
 * is part of (as OpenSSL's errors name it, not an internal helper). */
static void push_error(const char *func, int lib, int reason, const char *fmt, const char *arg)
{
    ERR_new();
    ERR_set_debug(__FILE__, __LINE__, func);
    ERR_set_error(lib, reason, fmt, arg);
}

/* Pushes "errno while calling call()" then the BIO reason; returns 0. */
static int sys_failed(const char *func, const char *call, int bio_reason)
{
    int err = errno;    /* before anything else can change it */

    push_error(func, ERR_LIB_SYS, err, "calling %s()", call);
    push_error(func, ERR_LIB_BIO, bio_reason, NULL, NULL);
    return 0;
}

/* ---- BIO_ADDR --------------------------------------------------------- */

BIO_ADDR *BIO_ADDR_new(void)
{
    BIO_ADDR *ap = calloc(1, sizeof(*ap));

    if (ap == NULL) {
        ERR_raise(ERR_LIB_BIO, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    ap->sa.sa_family = AF_UNSPEC;
    return ap;
}

void BIO_ADDR_free(BIO_ADDR *ap)
{
    free(ap);
}

void BIO_ADDR_clear(BIO_ADDR *ap)
{
    memset(ap, 0, sizeof(*ap));
    ap->sa.sa_family = AF_UNSPEC;
}

/* The size of the sockaddr ap holds, as the socket calls want it. */
static socklen_t addr_size(const BIO_ADDR *ap)
{
    switch (ap->sa.sa_family) {
    case AF_INET:
        return sizeof(ap->s_in);
    case AF_INET6:
        return sizeof(ap->s_in6);
    case AF_UNIX:
        return sizeof(ap->s_un);
    default:
        return sizeof(*ap);
    }
}

int BIO_ADDR_rawmake(BIO_ADDR *ap, int family, const void *where, size_t wherelen,
                     unsigned short port)
{
    BIO_ADDR_clear(ap);
    switch (family) {
    case AF_UNIX:
        if (wherelen + 1 > sizeof(ap->s_un.sun_path))
            return 0;
        ap->s_un.sun_family = AF_UNIX;
        memcpy(ap->s_un.sun_path, where, wherelen);
        return 1;
    case AF_INET:
        if (wherelen != sizeof(struct in_addr))
            return 0;
        ap->s_in.sin_family = AF_INET;
        ap->s_in.sin_port = port;
        memcpy(&ap->s_in.sin_addr, where, wherelen);
        return 1;
    case AF_INET6:
        if (wherelen != sizeof(struct in6_addr))
            return 0;
        ap->s_in6.sin6_family = AF_INET6;
        ap->s_in6.sin6_port = port;
        memcpy(&ap->s_in6.sin6_addr, where, wherelen);
        return 1;
    default:
        return 0;
    }
}

int BIO_ADDR_family(const BIO_ADDR *ap)
{
    return ap->sa.sa_family;
}

int BIO_ADDR_rawaddress(const BIO_ADDR *ap, void *p, size_t *l)
{
    const void *raw;
    size_t len;

    switch (ap->sa.sa_family) {
    case AF_INET:
        raw = &ap->s_in.sin_addr;
        len = sizeof(ap->s_in.sin_addr);
        break;
    case AF_INET6:
        raw = &ap->s_in6.sin6_addr;
        len = sizeof(ap->s_in6.sin6_addr);
        break;
    case AF_UNIX:
        raw = ap->s_un.sun_path;
        len = strlen(ap->s_un.sun_path);
        break;
    default:
        return 0;
    }
    if (p != NULL)
        memcpy(p, raw, len);
    if (l != NULL)
        *l = len;
    return 1;
}

unsigned short BIO_ADDR_rawport(const BIO_ADDR *ap)
{
    if (ap->sa.sa_family == AF_INET)
        return ap->s_in.sin_port;
    if (ap->sa.sa_family == AF_INET6)
        return ap->s_in6.sin6_port;
    return 0;
}

/* Pushes a getaddrinfo()/getnameinfo() failure code as OpenSSL does. */
static void gai_failed(const char *func, int code, const char *call)
{
    if (code == EAI_SYSTEM)
        sys_failed(func, call, ERR_R_SYS_LIB);
    else if (code == EAI_MEMORY)
        push_error(func, ERR_LIB_BIO, ERR_R_MALLOC_FAILURE, NULL, NULL);
    else
        push_error(func, ERR_LIB_BIO, ERR_R_SYS_LIB, "%s", gai_strerror(code));
}

/* Host (want_host) or service of an IP address as a new string, or NULL. */
static char *addr_string(const BIO_ADDR *ap, int numeric, int want_host)
{
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    int flags = numeric ? NI_NUMERICHOST | NI_NUMERICSERV : 0;
    int r;
    char *s;

    if (ap->sa.sa_family != AF_INET && ap->sa.sa_family != AF_INET6)
        return NULL;
    r = getnameinfo(&ap->sa, addr_size(ap), host, sizeof(host), serv, sizeof(serv), flags);
    if (r != 0) {
        gai_failed(want_host ? "BIO_ADDR_hostname_string" : "BIO_ADDR_service_string",
                   r, "getnameinfo");
        return NULL;
    }
    s = OPENSSL_strdup(want_host ? host : serv);
    if (s == NULL)
        ERR_raise(ERR_LIB_BIO, ERR_R_MALLOC_FAILURE);
    return s;
}

char *BIO_ADDR_hostname_string(const BIO_ADDR *ap, int numeric)
{
    return addr_string(ap, numeric, 1);
}

char *BIO_ADDR_service_string(const BIO_ADDR *ap, int numeric)
{
    return addr_string(ap, numeric, 0);
}

char *BIO_ADDR_path_string(const BIO_ADDR *ap)
{
    return ap->sa.sa_family == AF_UNIX ? OPENSSL_strdup(ap->s_un.sun_path) : NULL;
}

/* ---- BIO_ADDRINFO and lookups ------------------------------------------ */

const BIO_ADDRINFO *BIO_ADDRINFO_next(const BIO_ADDRINFO *bai)
{
    return bai != NULL ? bai->next : NULL;
}

int BIO_ADDRINFO_family(const BIO_ADDRINFO *bai)
{
    return bai != NULL ? bai->family : 0;
}

int BIO_ADDRINFO_socktype(const BIO_ADDRINFO *bai)
{
    return bai != NULL ? bai->socktype : 0;
}

int BIO_ADDRINFO_protocol(const BIO_ADDRINFO *bai)
{
    return bai != NULL ? bai->protocol : 0;
}

const BIO_ADDR *BIO_ADDRINFO_address(const BIO_ADDRINFO *bai)
{
    return bai != NULL ? &bai->addr : NULL;
}

void BIO_ADDRINFO_free(BIO_ADDRINFO *bai)
{
    while (bai != NULL) {
        BIO_ADDRINFO *next = bai->next;

        free(bai);
        bai = next;
    }
}

static BIO_ADDRINFO *addrinfo_new(int family, int socktype, int protocol)
{
    BIO_ADDRINFO *bai = calloc(1, sizeof(*bai));

    if (bai == NULL) {
        ERR_raise(ERR_LIB_BIO, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    bai->family = family;
    bai->socktype = socktype;
    bai->protocol = protocol;
    return bai;
}

/* Copies getaddrinfo's list into ours (kept apart so BIO_ADDR is always
 * a whole union, whatever the family). */
static BIO_ADDRINFO *addrinfo_copy(const struct addrinfo *ai)
{
    BIO_ADDRINFO *head = NULL, **tail = &head;

    for (; ai != NULL; ai = ai->ai_next) {
        BIO_ADDRINFO *bai;

        if (ai->ai_addrlen > sizeof(BIO_ADDR))
            continue;
        bai = addrinfo_new(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (bai == NULL) {
            BIO_ADDRINFO_free(head);
            return NULL;
        }
        memcpy(&bai->addr, ai->ai_addr, ai->ai_addrlen);
        *tail = bai;
        tail = &bai->next;
    }
    if (head == NULL)
        ERR_raise(ERR_LIB_BIO, BIO_R_LOOKUP_RETURNED_NOTHING);
    return head;
}

/* A one-entry list for a Unix socket path (no resolver involved). */
static int lookup_unix(const char *path, int socktype, int protocol, BIO_ADDRINFO **res)
{
    BIO_ADDRINFO *bai;

    if (path == NULL || strlen(path) + 1 > sizeof(((struct sockaddr_un *)0)->sun_path)) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_INVALID_ARGUMENT, "bad Unix socket path");
        return 0;
    }
    bai = addrinfo_new(AF_UNIX, socktype, protocol);
    if (bai == NULL)
        return 0;
    BIO_ADDR_rawmake(&bai->addr, AF_UNIX, path, strlen(path), 0);
    *res = bai;
    return 1;
}

/*
 * getaddrinfo() with OpenSSL's hints: AI_ADDRCONFIG for AF_UNSPEC, which
 * some resolvers reject or which hides loopback-only hosts, so a failure
 * with it is retried once without it (the first reason is the one kept).
 */
static int resolve(const char *host, const char *service, struct addrinfo *hints,
                   struct addrinfo **ai)
{
    int first = getaddrinfo(host, service, hints, ai);
    int again;

    if (first == 0 || first == EAI_SYSTEM || first == EAI_MEMORY
        || !(hints->ai_flags & AI_ADDRCONFIG))
        return first;
    hints->ai_flags &= ~AI_ADDRCONFIG;
    again = getaddrinfo(host, service, hints, ai);
    return again == 0 || again == EAI_SYSTEM || again == EAI_MEMORY ? again : first;
}

int BIO_lookup_ex(const char *host, const char *service, int lookup_type,
                  int family, int socktype, int protocol, BIO_ADDRINFO **res)
{
    struct addrinfo hints, *ai = NULL;
    int r;

    if (KUMA_NULL_ARG(ERR_LIB_BIO, res))
        return 0;
    if (family == AF_UNIX)
        return lookup_unix(host, socktype, protocol, res);
    if (family != AF_UNSPEC && family != AF_INET && family != AF_INET6) {
        ERR_raise(ERR_LIB_BIO, BIO_R_UNSUPPORTED_PROTOCOL_FAMILY);
        return 0;
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_protocol = protocol;
    if (family == AF_UNSPEC)
        hints.ai_flags |= AI_ADDRCONFIG;
    if (lookup_type == BIO_LOOKUP_SERVER)
        hints.ai_flags |= AI_PASSIVE;
    r = resolve(host, service, &hints, &ai);
    if (r != 0) {
        gai_failed(__func__, r, "getaddrinfo");
        return 0;
    }
    *res = addrinfo_copy(ai);
    freeaddrinfo(ai);
    return *res != NULL;
}

int BIO_lookup(const char *host, const char *service, enum BIO_lookup_type lookup_type,
               int family, int socktype, BIO_ADDRINFO **res)
{
    return BIO_lookup_ex(host, service, lookup_type, family, socktype, 0, res);
}

/* ---- sockets ------------------------------------------------------------ */

int BIO_sock_init(void)
{
    return 1;
}

int BIO_socket(int domain, int socktype, int protocol, int options)
{
    int sock = socket(domain, socktype, protocol);

    (void)options;      /* unused, as in OpenSSL 3.0 */
    if (sock == -1) {
        sys_failed(__func__, "socket", BIO_R_UNABLE_TO_CREATE_SOCKET);
        return -1;
    }
    return sock;
}

int BIO_socket_nbio(int fd, int mode)
{
    int flags = fcntl(fd, F_GETFL);

    if (flags == -1)
        return sys_failed(__func__, "fcntl", ERR_R_SYS_LIB);
    flags = mode ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
    if (fcntl(fd, F_SETFL, flags) == -1)
        return sys_failed(__func__, "fcntl", ERR_R_SYS_LIB);
    return 1;
}

/* setsockopt() of an int option for func; 1, or 0 with bio_reason queued. */
static int set_flag_option(const char *func, int sock, int level, int name, int value,
                           int bio_reason)
{
    if (setsockopt(sock, level, name, &value, sizeof(value)) != 0)
        return sys_failed(func, "setsockopt", bio_reason);
    return 1;
}

/* Applies the options every kind of socket setup shares, for func. */
static int apply_options(const char *func, int sock, int options)
{
    if (sock < 0) {
        push_error(func, ERR_LIB_BIO, BIO_R_INVALID_SOCKET, NULL, NULL);
        return 0;
    }
    if (!BIO_socket_nbio(sock, (options & BIO_SOCK_NONBLOCK) != 0))
        return 0;
    if ((options & BIO_SOCK_KEEPALIVE)
        && !set_flag_option(func, sock, SOL_SOCKET, SO_KEEPALIVE, 1, BIO_R_UNABLE_TO_KEEPALIVE))
        return 0;
    if ((options & BIO_SOCK_NODELAY)
        && !set_flag_option(func, sock, IPPROTO_TCP, TCP_NODELAY, 1, BIO_R_UNABLE_TO_NODELAY))
        return 0;
    return 1;
}

int BIO_connect(int sock, const BIO_ADDR *addr, int options)
{
    if (!apply_options(__func__, sock, options) || KUMA_NULL_ARG(ERR_LIB_BIO, addr))
        return 0;
    if (connect(sock, &addr->sa, addr_size(addr)) == -1) {
        /* Non-blocking and under way: the caller polls; not an error. */
        if (!BIO_sock_should_retry(-1))
            sys_failed(__func__, "connect", BIO_R_CONNECT_ERROR);
        return 0;
    }
    return 1;
}

int BIO_bind(int sock, const BIO_ADDR *addr, int options)
{
    if (sock < 0) {
        ERR_raise(ERR_LIB_BIO, BIO_R_INVALID_SOCKET);
        return 0;
    }
    if (KUMA_NULL_ARG(ERR_LIB_BIO, addr))
        return 0;
    /* Address reuse means nothing for Unix sockets. */
    if ((options & BIO_SOCK_REUSEADDR) && addr->sa.sa_family != AF_UNIX
        && !set_flag_option(__func__, sock, SOL_SOCKET, SO_REUSEADDR, 1, BIO_R_UNABLE_TO_REUSEADDR))
        return 0;
    if (bind(sock, &addr->sa, addr_size(addr)) != 0)
        return sys_failed(__func__, "bind", BIO_R_UNABLE_TO_BIND_SOCKET);
    return 1;
}

int BIO_listen(int sock, const BIO_ADDR *addr, int options)
{
    int socktype;
    socklen_t len = sizeof(socktype);

    if (!apply_options(__func__, sock, options) || KUMA_NULL_ARG(ERR_LIB_BIO, addr))
        return 0;
    if (getsockopt(sock, SOL_SOCKET, SO_TYPE, &socktype, &len) != 0)
        return sys_failed(__func__, "getsockopt", BIO_R_GETTING_SOCKTYPE);
    if (addr->sa.sa_family == AF_INET6
        && !set_flag_option(__func__, sock, IPPROTO_IPV6, IPV6_V6ONLY,
                            (options & BIO_SOCK_V6_ONLY) != 0, BIO_R_LISTEN_V6_ONLY))
        return 0;
    if (!BIO_bind(sock, addr, options))
        return 0;
    if (socktype != SOCK_DGRAM && listen(sock, SOMAXCONN) == -1)
        return sys_failed(__func__, "listen", BIO_R_UNABLE_TO_LISTEN_SOCKET);
    return 1;
}

int BIO_accept_ex(int accept_sock, BIO_ADDR *addr, int options)
{
    BIO_ADDR local;
    socklen_t len = sizeof(local);
    int sock;

    if (addr == NULL)
        addr = &local;
    sock = accept(accept_sock, &addr->sa, &len);
    if (sock == -1) {
        if (!BIO_sock_should_retry(-1))
            sys_failed(__func__, "accept", BIO_R_ACCEPT_ERROR);
        return -1;
    }
    if (!BIO_socket_nbio(sock, (options & BIO_SOCK_NONBLOCK) != 0)) {
        close(sock);
        return -1;
    }
    return sock;
}

int BIO_closesocket(int sock)
{
    return sock >= 0 && close(sock) == 0;
}

int BIO_sock_error(int sock)
{
    int err = 0;
    socklen_t len = sizeof(err);

    if (getsockopt(sock, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
        return errno;
    return err;
}

int BIO_sock_info(int sock, enum BIO_sock_info_type type, union BIO_sock_info_u *info)
{
    socklen_t len = sizeof(*info->addr);

    if (type != BIO_SOCK_INFO_ADDRESS) {
        ERR_raise(ERR_LIB_BIO, BIO_R_UNKNOWN_INFO_TYPE);
        return 0;
    }
    if (getsockname(sock, &info->addr->sa, &len) != 0)
        return sys_failed(__func__, "getsockname", BIO_R_GETSOCKNAME_ERROR);
    return 1;
}

int BIO_sock_non_fatal_error(int error)
{
    switch (error) {
    case EWOULDBLOCK:
#if EAGAIN != EWOULDBLOCK
    case EAGAIN:
#endif
    case EINTR:
    case EINPROGRESS:
    case EALREADY:
    case ENOTCONN:
    case EPROTO:
        return 1;
    default:
        return 0;
    }
}

int BIO_sock_should_retry(int i)
{
    return (i == 0 || i == -1) && BIO_sock_non_fatal_error(errno);
}
