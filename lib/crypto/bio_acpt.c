/*
 * kumassl: accept BIOs (BIO_s_accept). The first BIO_do_accept binds and
 * listens on "host:port" (or "port", "*:port"); each later one waits for a
 * connection and puts a socket BIO for it after the accept BIO, where
 * BIO_pop takes it, as OpenSSL's server demos do.
 */
#include <string.h>
#include <sys/socket.h>
#include "crypto_int.h"

typedef struct {
    char *host, *port;
    int bind_mode;                      /* BIO_BIND_* (BIO_SOCK_ options) */
    int fd;                             /* the listening socket, -1 before */
} acpt_state;

static int acpt_create(BIO *b)
{
    acpt_state *a = OPENSSL_zalloc(sizeof(*a));

    if (a == NULL)
        return 0;
    a->fd = -1;
    b->ptr = a;
    return 1;
}

static int acpt_destroy(BIO *b)
{
    acpt_state *a = b->ptr;

    if (a == NULL)
        return 1;
    if (a->fd >= 0)
        BIO_closesocket(a->fd);
    OPENSSL_free(a->host);
    OPENSSL_free(a->port);
    OPENSSL_free(a);
    b->ptr = NULL;
    return 1;
}

/* "host:port", "*:port" or "port"; the host NULL means every interface. */
static int acpt_set_name(acpt_state *a, const char *name)
{
    const char *colon = strrchr(name, ':');
    char *host = NULL, *port;

    if (colon != NULL && !(colon - name == 1 && name[0] == '*')) {
        if ((host = OPENSSL_malloc((size_t)(colon - name) + 1)) == NULL)
            return 0;
        memcpy(host, name, (size_t)(colon - name));
        host[colon - name] = '\0';
    }
    if ((port = OPENSSL_strdup(colon != NULL ? colon + 1 : name)) == NULL) {
        OPENSSL_free(host);
        return 0;
    }
    OPENSSL_free(a->host);
    OPENSSL_free(a->port);
    a->host = host;
    a->port = port;
    return 1;
}

static int acpt_listen(acpt_state *a)
{
    BIO_ADDRINFO *res;
    const BIO_ADDRINFO *ai;

    if (a->port == NULL) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_NO_HOSTNAME_OR_SERVICE_SPECIFIED, "BIO_set_accept_name(\"port\")");
        return 0;
    }
    if (!BIO_lookup(a->host, a->port, BIO_LOOKUP_SERVER, AF_UNSPEC, SOCK_STREAM, &res))
        return 0;
    for (ai = res; ai != NULL && a->fd < 0; ai = BIO_ADDRINFO_next(ai)) {
        int fd = BIO_socket(BIO_ADDRINFO_family(ai), SOCK_STREAM, 0, 0);

        if (fd >= 0 && BIO_listen(fd, BIO_ADDRINFO_address(ai), a->bind_mode))
            a->fd = fd;
        else if (fd >= 0)
            BIO_closesocket(fd);
    }
    BIO_ADDRINFO_free(res);
    if (a->fd < 0) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_UNABLE_TO_LISTEN_SOCKET, "port %s", a->port);
        return 0;
    }
    ERR_clear_error();                  /* addresses that could not be bound before one could */
    return 1;
}

/* Waits for one connection and appends its socket BIO after b. */
static int acpt_accept(BIO *b, acpt_state *a)
{
    int fd = BIO_accept_ex(a->fd, NULL, 0);
    BIO *conn;

    if (fd < 0)
        return -1;
    if ((conn = BIO_new_socket(fd, BIO_CLOSE)) == NULL) {
        BIO_closesocket(fd);
        return -1;
    }
    BIO_push(b, conn);
    return 1;
}

/* Reads and writes go to the accepted connection, as OpenSSL's. */
static int acpt_write(BIO *b, const char *in, int n)
{
    return b->next_bio != NULL ? BIO_write(b->next_bio, in, n) : -1;
}

static int acpt_read(BIO *b, char *out, int n)
{
    return b->next_bio != NULL ? BIO_read(b->next_bio, out, n) : -1;
}

static long acpt_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    acpt_state *a = b->ptr;

    switch (cmd) {
    case BIO_C_SET_ACCEPT:
        if (larg != 0 || parg == NULL || a->fd >= 0) {
            ERR_raise_data(ERR_LIB_BIO, BIO_R_UNSUPPORTED_METHOD,
                           "kumassl's accept BIO takes only a name, before it listens");
            return 0;
        }
        return acpt_set_name(a, parg);
    case BIO_C_SET_BIND_MODE:
        a->bind_mode = (int)larg;
        return 1;
    case BIO_C_GET_BIND_MODE:
        return a->bind_mode;
    case BIO_C_DO_STATE_MACHINE:
        return a->fd < 0 ? acpt_listen(a) : acpt_accept(b, a);
    case BIO_C_GET_FD:
        if (parg != NULL)
            *(int *)parg = a->fd;
        return a->fd;
    case BIO_CTRL_PUSH:
    case BIO_CTRL_POP:
        return 1;
    default:
        return b->next_bio != NULL ? BIO_ctrl(b->next_bio, cmd, larg, parg) : 0;
    }
}

static const BIO_METHOD acpt_method = {
    BIO_TYPE_ACCEPT, "socket accept", acpt_write, acpt_read, acpt_ctrl, acpt_create, acpt_destroy,
    NULL, NULL, NULL, NULL      /* no puts, gets, callback_ctrl; a static name */
};

const BIO_METHOD *BIO_s_accept(void)
{
    return &acpt_method;
}

BIO *BIO_new_accept(const char *host_port)
{
    BIO *b = BIO_new(&acpt_method);

    if (b != NULL && host_port != NULL && !acpt_set_name(b->ptr, host_port)) {
        BIO_free(b);
        return NULL;
    }
    return b;
}
