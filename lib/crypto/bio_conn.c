/*
 * kumassl: connect BIOs (BIO_s_connect): a socket BIO that resolves and
 * connects "host:port" (blocking) on its first read, write or
 * BIO_do_connect, then carries the bytes through an inner socket BIO.
 */
#include <string.h>
#include <sys/socket.h>
#include "crypto_int.h"

typedef struct {
    char *host, *port;
    BIO *sock;                          /* the connected socket, once connected */
} conn_state;

static int conn_create(BIO *b)
{
    return (b->ptr = OPENSSL_zalloc(sizeof(conn_state))) != NULL;
}

static int conn_destroy(BIO *b)
{
    conn_state *c = b->ptr;

    if (c == NULL)
        return 1;
    BIO_free(c->sock);
    OPENSSL_free(c->host);
    OPENSSL_free(c->port);
    OPENSSL_free(c);
    b->ptr = NULL;
    return 1;
}

/* Splits "host:port" ("[v6]:port" too); a name without ':' is the host alone. */
static int conn_set_name(conn_state *c, const char *name)
{
    const char *colon = name[0] == '[' ? strstr(name, "]:") : strrchr(name, ':');
    size_t hlen = colon != NULL ? (size_t)(colon - name) : strlen(name);
    char *host;

    if (name[0] == '[' && colon != NULL) {
        name++, hlen--;
        colon++;
    }
    if ((host = OPENSSL_malloc(hlen + 1)) == NULL)
        return 0;
    memcpy(host, name, hlen);
    host[hlen] = '\0';
    OPENSSL_free(c->host);
    c->host = host;
    if (colon != NULL) {
        OPENSSL_free(c->port);
        if ((c->port = OPENSSL_strdup(colon + 1)) == NULL)
            return 0;
    }
    return 1;
}

/* Connects to the first address that answers; 1, or 0 with an error queued. */
static int conn_connect(BIO *b)
{
    conn_state *c = b->ptr;
    BIO_ADDRINFO *res;
    const BIO_ADDRINFO *ai;
    int fd = -1;

    if (c->sock != NULL)
        return 1;
    if (c->host == NULL || c->port == NULL) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_NO_HOSTNAME_OR_SERVICE_SPECIFIED, "BIO_set_conn_hostname(\"host:port\")");
        return 0;
    }
    if (!BIO_lookup(c->host, c->port, BIO_LOOKUP_CLIENT, AF_UNSPEC, SOCK_STREAM, &res))
        return 0;
    for (ai = res; ai != NULL; ai = BIO_ADDRINFO_next(ai)) {
        fd = BIO_socket(BIO_ADDRINFO_family(ai), SOCK_STREAM, 0, 0);
        if (fd >= 0 && BIO_connect(fd, BIO_ADDRINFO_address(ai), BIO_SOCK_NODELAY))
            break;
        if (fd >= 0)
            BIO_closesocket(fd);
        fd = -1;
    }
    BIO_ADDRINFO_free(res);
    if (fd < 0) {
        ERR_raise_data(ERR_LIB_BIO, BIO_R_CONNECT_ERROR, "host=%s port=%s", c->host, c->port);
        return 0;
    }
    ERR_clear_error();                  /* the addresses that failed before one answered */
    if ((c->sock = BIO_new_socket(fd, BIO_CLOSE)) == NULL) {
        BIO_closesocket(fd);
        return 0;
    }
    b->num = fd;
    return 1;
}

/* The socket's retry flags become the connect BIO's. */
static int conn_result(BIO *b, int r)
{
    BIO_set_flags(b, BIO_test_flags(((conn_state *)b->ptr)->sock, BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY));
    return r;
}

static int conn_write(BIO *b, const char *in, int n)
{
    return conn_connect(b) ? conn_result(b, BIO_write(((conn_state *)b->ptr)->sock, in, n)) : -1;
}

static int conn_read(BIO *b, char *out, int n)
{
    return conn_connect(b) ? conn_result(b, BIO_read(((conn_state *)b->ptr)->sock, out, n)) : -1;
}

static long conn_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    conn_state *c = b->ptr;

    switch (cmd) {
    case BIO_C_SET_CONNECT:
        if (parg == NULL || c->sock != NULL)
            return 0;
        if (larg == 1) {                /* the port alone */
            OPENSSL_free(c->port);
            return (c->port = OPENSSL_strdup(parg)) != NULL;
        }
        return conn_set_name(c, parg);
    case BIO_C_GET_CONNECT:
        if (parg != NULL)
            *(const char **)parg = larg == 1 ? c->port : c->host;
        return 1;
    case BIO_C_DO_STATE_MACHINE:
        return conn_connect(b);
    case BIO_C_GET_FD:
        if (c->sock == NULL)
            return -1;
        if (parg != NULL)
            *(int *)parg = b->num;
        return b->num;
    case BIO_CTRL_FLUSH:
        return 1;
    default:
        return c->sock != NULL ? BIO_ctrl(c->sock, cmd, larg, parg) : 0;
    }
}

static const BIO_METHOD conn_method = {
    BIO_TYPE_CONNECT, "socket connect", conn_write, conn_read, conn_ctrl, conn_create, conn_destroy,
    NULL, NULL, NULL, NULL      /* no puts, gets, callback_ctrl; a static name */
};

const BIO_METHOD *BIO_s_connect(void)
{
    return &conn_method;
}

BIO *BIO_new_connect(const char *host_port)
{
    BIO *b = BIO_new(&conn_method);

    if (b != NULL && host_port != NULL && !conn_set_name(b->ptr, host_port)) {
        BIO_free(b);
        return NULL;
    }
    return b;
}
