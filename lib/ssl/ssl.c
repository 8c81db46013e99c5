/*
 * kumassl: SSL objects: lifecycle, transport attachment, settings and
 * state queries. The I/O itself is in io.c.
 */
#include <string.h>
#include "ssl_int.h"
#include "ext_int.h"

SSL *SSL_new(SSL_CTX *ctx)
{
    SSL *s;

    if (ctx == NULL) {
        ERR_raise(ERR_LIB_SSL, SSL_R_NULL_SSL_CTX);
        return NULL;
    }
    s = calloc(1, sizeof(*s));
    if (s == NULL || (s->param = X509_VERIFY_PARAM_new()) == NULL
        || !X509_VERIFY_PARAM_set1(s->param, ctx->param)) {
        if (s != NULL)
            X509_VERIFY_PARAM_free(s->param);
        free(s);
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    SSL_CTX_up_ref(ctx);
    s->ctx = ctx;
    s->cfg = ctx->cfg;
    s->role = ctx->method->role;
    s->engine = &kuma_engine_br;
    s->rwstate = SSL_NOTHING;
    s->verify_result = X509_V_OK;
    kuma_events_ssl_new(s);
    return s;
}

void SSL_free(SSL *s)
{
    if (s == NULL)
        return;
    kuma_compat_ssl_free(s);
    kuma_events_ssl_free(s);
    kuma_ext_ssl_free(s);
    kuma_session_ssl_free(s);
    if (s->engine_state != NULL)
        s->engine->free(s);
    kuma_io_free(s);
    BIO_free(s->wbio);
    BIO_free(s->rbio);
    kuma_creds_clear(&s->creds);
    sk_X509_pop_free(s->peer_chain, X509_free);
    sk_X509_pop_free(s->verified_chain, X509_free);
    X509_VERIFY_PARAM_free(s->param);
    free(s->sni);
    SSL_CTX_free(s->ctx);
    free(s);
}

SSL_CTX *SSL_get_SSL_CTX(const SSL *s)
{
    return s->ctx;
}

static long ssl_only_ctrl(SSL *s, int cmd, long larg, void *parg)
{
    char *name;

    switch (cmd) {
    case SSL_CTRL_SET_TLSEXT_HOSTNAME:
        if (larg != TLSEXT_NAMETYPE_host_name) {
            ERR_raise(ERR_LIB_SSL, SSL_R_BAD_VALUE);
            return 0;
        }
        name = NULL;
        if (parg != NULL) {
            if (strlen(parg) == 0 || strlen(parg) > TLSEXT_MAXLEN_host_name) {
                ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_VALUE, "bad SNI host name length");
                return 0;
            }
            if ((name = strdup(parg)) == NULL)
                return 0;
        }
        free(s->sni);
        s->sni = name;
        return 1;
    default:
        ERR_raise_data(ERR_LIB_SSL, SSL_R_INVALID_COMMAND,
                       "SSL_ctrl command %d is not supported by kumassl", cmd);
        return 0;
    }
}

long SSL_ctrl(SSL *s, int cmd, long larg, void *parg)
{
    long r;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    r = kuma_config_ctrl(&s->cfg, cmd, larg, parg);
    if (r == -1)
        r = kuma_ext_ssl_ctrl(s, cmd, larg, parg);
    if (r == -1)
        r = kuma_negotiated_ctrl(s, cmd, larg, parg);
    if (r == -1)
        r = kuma_compat_ctrl(NULL, s, cmd, larg, parg);
    return r != -1 ? r : ssl_only_ctrl(s, cmd, larg, parg);
}

/* ---- transport ------------------------------------------------------------ */

/*
 * Each slot (read, write) owns one reference, also when both hold the same
 * BIO. SSL_set_bio() follows OpenSSL's documented ownership rules exactly,
 * including their asymmetric cases.
 */
void SSL_set0_rbio(SSL *s, BIO *rbio)
{
    BIO_free(s->rbio);
    s->rbio = rbio;
}

void SSL_set0_wbio(SSL *s, BIO *wbio)
{
    BIO_free(s->wbio);
    s->wbio = wbio;
}

void SSL_set_bio(SSL *s, BIO *rbio, BIO *wbio)
{
    /* the caller grants one reference for a BIO given twice */
    if (rbio != NULL && rbio == wbio)
        BIO_up_ref(rbio);
    if (rbio == s->rbio) {
        SSL_set0_wbio(s, wbio);
        return;
    }
    if (wbio == s->wbio && s->rbio != s->wbio) {
        SSL_set0_rbio(s, rbio);
        return;
    }
    SSL_set0_rbio(s, rbio);
    SSL_set0_wbio(s, wbio);
}

BIO *SSL_get_rbio(const SSL *s)
{
    return s->rbio;
}

BIO *SSL_get_wbio(const SSL *s)
{
    return s->wbio;
}

/* A socket BIO for fd, or NULL with an error queued. */
static BIO *fd_bio(int fd)
{
    BIO *b;

    if (fd < 0) {
        ERR_raise_data(ERR_LIB_SSL, ERR_R_PASSED_INVALID_ARGUMENT, "file descriptor %d", fd);
        return NULL;
    }
    b = BIO_new_socket(fd, BIO_NOCLOSE);
    if (b == NULL)
        ERR_raise(ERR_LIB_SSL, ERR_R_BIO_LIB);
    return b;
}

int SSL_set_fd(SSL *s, int fd)
{
    BIO *b;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, s) || (b = fd_bio(fd)) == NULL)
        return 0;
    SSL_set_bio(s, b, b);
    return 1;
}

int SSL_set_rfd(SSL *s, int fd)
{
    BIO *b;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, s) || (b = fd_bio(fd)) == NULL)
        return 0;
    SSL_set0_rbio(s, b);
    return 1;
}

int SSL_set_wfd(SSL *s, int fd)
{
    BIO *b;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, s) || (b = fd_bio(fd)) == NULL)
        return 0;
    SSL_set0_wbio(s, b);
    return 1;
}

static int bio_fd(BIO *b)
{
    int fd = -1;

    if (b == NULL || BIO_get_fd(b, &fd) < 0)
        return -1;
    return fd;
}

int SSL_get_rfd(const SSL *s)
{
    return bio_fd(s->rbio);
}

int SSL_get_wfd(const SSL *s)
{
    return bio_fd(s->wbio);
}

int SSL_get_fd(const SSL *s)
{
    return SSL_get_rfd(s);
}

/* ---- role and state ------------------------------------------------------- */

void SSL_set_connect_state(SSL *s)
{
    s->role = KUMA_ROLE_CLIENT;
}

void SSL_set_accept_state(SSL *s)
{
    s->role = KUMA_ROLE_SERVER;
}

int SSL_is_server(const SSL *s)
{
    return s->role == KUMA_ROLE_SERVER;
}

int SSL_is_init_finished(const SSL *s)
{
    return s->finished;
}

int SSL_in_init(const SSL *s)
{
    return !s->finished;
}

int SSL_in_before(const SSL *s)
{
    return !s->started;
}

int SSL_version(const SSL *s)
{
    int v = s->engine_state != NULL ? s->engine->version((SSL *)s) : 0;

    return v != 0 ? v : (s->cfg.max_version ? s->cfg.max_version : TLS1_2_VERSION);
}

const char *SSL_get_version(const SSL *s)
{
    switch (SSL_version(s)) {
    case TLS1_VERSION:
        return "TLSv1";
    case TLS1_1_VERSION:
        return "TLSv1.1";
    case TLS1_2_VERSION:
        return "TLSv1.2";
    case TLS1_3_VERSION:
        return "TLSv1.3";
    default:
        return "unknown";
    }
}

const SSL_CIPHER *SSL_get_current_cipher(const SSL *s)
{
    if (!s->finished || s->engine_state == NULL)
        return NULL;
    return kuma_cipher_by_id(s->engine->cipher((SSL *)s));
}

/*
 * The states a connection shows between calls, named as OpenSSL names them:
 * a client has written its ClientHello; a server is "before" until it has
 * read one (OpenSSL's TLS_ST_BEFORE), then has read it.
 */
const char *SSL_state_string(const SSL *s)
{
    if (s->finished)
        return "SSLOK ";
    if (!s->started || (s->role == KUMA_ROLE_SERVER && !s->hello_seen))
        return "PINIT ";
    return s->role == KUMA_ROLE_SERVER ? "TRCH" : "TWCH";
}

const char *SSL_state_string_long(const SSL *s)
{
    if (s->finished)
        return "SSL negotiation finished successfully";
    if (!s->started || (s->role == KUMA_ROLE_SERVER && !s->hello_seen))
        return "before SSL initialization";
    return s->role == KUMA_ROLE_SERVER ? "SSLv3/TLS read client hello"
                                       : "SSLv3/TLS write client hello";
}

/* ---- names ------------------------------------------------------------------ */

const char *SSL_get_servername(const SSL *s, const int type)
{
    if (type != TLSEXT_NAMETYPE_host_name)
        return NULL;
    if (s->role == KUMA_ROLE_SERVER) {
        /* ext.c's copy is there from the servername callback on; the engine's only later */
        const char *n = kuma_ext_servername(s);

        if (n == NULL && s->engine_state != NULL)
            n = s->engine->server_name((SSL *)s);
        return n != NULL && *n ? n : NULL;
    }
    return s->sni;
}

int SSL_get_servername_type(const SSL *s)
{
    return SSL_get_servername(s, TLSEXT_NAMETYPE_host_name) != NULL
        ? TLSEXT_NAMETYPE_host_name : -1;
}

/* Whether text is an IP address literal, which OpenSSL 3 checks as an address, not a name. */
static int is_ip_literal(const char *text)
{
    unsigned char ip[16];

    return text != NULL && kuma_parse_ip(text, ip) != 0;
}

/* Replaces the names and address to check with hostname (NULL: none). */
int SSL_set1_host(SSL *s, const char *hostname)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    if (!X509_VERIFY_PARAM_set1_ip(s->param, NULL, 0))
        return 0;
    if (is_ip_literal(hostname))
        return X509_VERIFY_PARAM_set1_host(s->param, NULL, 0)
               && X509_VERIFY_PARAM_set1_ip_asc(s->param, hostname);
    return X509_VERIFY_PARAM_set1_host(s->param, hostname, 0);
}

/* Adds a name any of which may match; there is room for one IP address only, as in OpenSSL. */
int SSL_add1_host(SSL *s, const char *hostname)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    if (!is_ip_literal(hostname))
        return X509_VERIFY_PARAM_add1_host(s->param, hostname, 0);
    if (s->param->iplen != 0) {
        ERR_raise_data(ERR_LIB_SSL, ERR_R_PASSED_INVALID_ARGUMENT, "an IP address is already set");
        return 0;
    }
    return X509_VERIFY_PARAM_set1_ip_asc(s->param, hostname);
}

const char *SSL_get0_peername(SSL *s)
{
    return X509_VERIFY_PARAM_get0_peername(s->param);
}

void SSL_set_hostflags(SSL *s, unsigned int flags)
{
    X509_VERIFY_PARAM_set_hostflags(s->param, flags);
}

/* ---- verification ----------------------------------------------------------- */

void SSL_set_verify(SSL *s, int mode, SSL_verify_cb callback)
{
    s->cfg.verify_mode = mode;
    s->cfg.verify_cb = callback;
}

void SSL_set_verify_depth(SSL *s, int depth)
{
    X509_VERIFY_PARAM_set_depth(s->param, depth);
}

int SSL_get_verify_mode(const SSL *s)
{
    return kuma_config_verify_mode(&s->cfg, s->role);
}

int SSL_get_verify_depth(const SSL *s)
{
    return X509_VERIFY_PARAM_get_depth(s->param);
}

long SSL_get_verify_result(const SSL *s)
{
    return s->verify_result;
}

void SSL_set_verify_result(SSL *s, long v)
{
    s->verify_result = v;
}

int SSL_get_ex_data_X509_STORE_CTX_idx(void)
{
    return 0;
}

X509 *SSL_get1_peer_certificate(const SSL *s)
{
    X509 *x;

    if (s == NULL || s->peer_chain == NULL || sk_X509_num(s->peer_chain) == 0)
        return NULL;
    x = sk_X509_value(s->peer_chain, 0);
    X509_up_ref(x);
    return x;
}

/* ---- per-connection options ----------------------------------------------------- */

uint64_t SSL_set_options(SSL *s, uint64_t op)
{
    return s->cfg.options |= op;
}

uint64_t SSL_clear_options(SSL *s, uint64_t op)
{
    return s->cfg.options &= ~op;
}

uint64_t SSL_get_options(const SSL *s)
{
    return s->cfg.options;
}

int SSL_set_cipher_list(SSL *s, const char *str)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s) || KUMA_NULL_ARG(ERR_LIB_SSL, str))
        return 0;
    if (!kuma_suites_parse(&s->cfg.suites, str))
        return 0;
    s->cfg.suites_explicit = 1;
    return 1;
}

/* ---- the parameters of SSL_CTX and SSL ------------------------------------------------ */

X509_VERIFY_PARAM *SSL_CTX_get0_param(SSL_CTX *ctx)
{
    return ctx != NULL ? ctx->param : NULL;
}

X509_VERIFY_PARAM *SSL_get0_param(SSL *ssl)
{
    return ssl != NULL ? ssl->param : NULL;
}

int SSL_CTX_set1_param(SSL_CTX *ctx, X509_VERIFY_PARAM *vpm)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    return X509_VERIFY_PARAM_set1(ctx->param, vpm);
}

int SSL_set1_param(SSL *ssl, X509_VERIFY_PARAM *vpm)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ssl))
        return 0;
    return X509_VERIFY_PARAM_set1(ssl->param, vpm);
}

STACK_OF(X509) *SSL_get0_verified_chain(const SSL *s)
{
    return s != NULL ? s->verified_chain : NULL;
}
