/*
 * kumassl: SSL_CTX: the configuration shared by connections, and the
 * settings (versions, options, modes, verification, suites) that SSL
 * objects copy from it.
 */
#include <pthread.h>
#include <string.h>
#include <openssl/rand.h>
#include "ssl_int.h"

/* OpenSSL 3.0's defaults: no compression, AUTO_RETRY. */
static void config_init(kuma_config *cfg, const SSL_METHOD *meth)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->min_version = meth->version;
    cfg->max_version = meth->version;
    cfg->options = SSL_OP_NO_COMPRESSION | SSL_OP_ENABLE_MIDDLEBOX_COMPAT;
    cfg->mode = SSL_MODE_AUTO_RETRY;
    cfg->verify_mode = -1;              /* role-dependent default, see SSL_get_verify_mode() */
    cfg->max_send_fragment = SSL3_RT_MAX_PLAIN_LENGTH;
    cfg->security_level = KUMA_DEFAULT_SECURITY_LEVEL;
    cfg->num_tickets = 2;                       /* OpenSSL's default */
    kuma_suites_default(&cfg->suites);
}

SSL_CTX *SSL_CTX_new(const SSL_METHOD *meth)
{
    SSL_CTX *ctx;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, meth))
        return NULL;
    ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL || (ctx->store = X509_STORE_new()) == NULL
        || (ctx->param = X509_VERIFY_PARAM_new()) == NULL) {
        if (ctx != NULL)
            X509_STORE_free(ctx->store);
        free(ctx);
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    ctx->refs = 1;
    ctx->method = meth;
    config_init(&ctx->cfg, meth);
    kuma_events_ctx_new(ctx);
    ctx->ticket_key_ok = RAND_bytes(ctx->ticket_key, sizeof(ctx->ticket_key)) == 1;
    return ctx;
}

int SSL_CTX_up_ref(SSL_CTX *ctx)
{
    return kuma_ref_up(&ctx->refs);
}

void SSL_CTX_free(SSL_CTX *ctx)
{
    if (ctx == NULL || !kuma_ref_down(&ctx->refs))
        return;
    /* as OpenSSL: the cache is flushed first, since a remove callback
     * may read the SSL_CTX's ex_data; then the ex_data free callbacks */
    SSL_CTX_flush_sessions(ctx, 0);
    kuma_events_ctx_free(ctx);
    kuma_session_ctx_free(ctx);
    kuma_ext_ctx_free(ctx);
    kuma_compat_ctx_free(ctx);
    kuma_creds_clear(&ctx->creds);
    X509_STORE_free(ctx->store);
    X509_VERIFY_PARAM_free(ctx->param);
    OPENSSL_cleanse(ctx->ticket_key, sizeof(ctx->ticket_key));
    free(ctx);
}

/* A protocol version a program may ask for: 0 or TLS 1.0 .. TLS 1.3. */
static int version_known(long v)
{
    return v == 0 || (v >= TLS1_VERSION && v <= TLS1_3_VERSION);
}

static long set_version(int *slot, long v)
{
    if (!version_known(v)) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_UNSUPPORTED_SSL_VERSION, "version 0x%lx", v);
        return 0;
    }
    *slot = (int)v;
    return 1;
}

long kuma_config_ctrl(kuma_config *cfg, int cmd, long larg, void *parg)
{
    (void)parg;
    switch (cmd) {
    case SSL_CTRL_MODE:
        return cfg->mode |= (uint32_t)larg;
    case SSL_CTRL_CLEAR_MODE:
        return cfg->mode &= ~(uint32_t)larg;
    case SSL_CTRL_SET_MIN_PROTO_VERSION:
        return set_version(&cfg->min_version, larg);
    case SSL_CTRL_SET_MAX_PROTO_VERSION:
        return set_version(&cfg->max_version, larg);
    case SSL_CTRL_GET_MIN_PROTO_VERSION:
        return cfg->min_version;
    case SSL_CTRL_GET_MAX_PROTO_VERSION:
        return cfg->max_version;
    case SSL_CTRL_SET_READ_AHEAD: {
        long was = cfg->read_ahead;     /* the previous setting, as OpenSSL returns */
        cfg->read_ahead = larg != 0;
        return was;
    }
    case SSL_CTRL_GET_READ_AHEAD:
        return cfg->read_ahead;
    case SSL_CTRL_SET_MAX_SEND_FRAGMENT:
        if (larg < 512 || larg > SSL3_RT_MAX_PLAIN_LENGTH) {
            KUMA_RAISE_AT("SSL_CTX_ctrl", ERR_LIB_SSL, SSL_R_BAD_VALUE, NULL);
            return 0;
        }
        cfg->max_send_fragment = (size_t)larg;
        return 1;
    default:
        return -1;
    }
}

/* Queues the error for a control command kumassl does not implement. */
static long unknown_ctrl(int cmd)
{
    ERR_raise_data(ERR_LIB_SSL, SSL_R_INVALID_COMMAND,
                   "SSL_ctrl command %d is not supported by kumassl", cmd);
    return 0;
}

static long ctx_only_ctrl(SSL_CTX *ctx, int cmd, void *parg)
{
    switch (cmd) {
    case SSL_CTRL_EXTRA_CHAIN_CERT:
        if (KUMA_NULL_ARG(ERR_LIB_SSL, parg))
            return 0;
        if (ctx->creds.chain == NULL && (ctx->creds.chain = sk_X509_new_null()) == NULL)
            return 0;
        if (!sk_X509_push(ctx->creds.chain, parg))
            return 0;
        return kuma_creds_build_chain(&ctx->creds);
    default:
        return unknown_ctrl(cmd);
    }
}

long SSL_CTX_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg)
{
    long r;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    r = kuma_config_ctrl(&ctx->cfg, cmd, larg, parg);
    if (r == -1)
        r = kuma_session_ctx_ctrl(ctx, cmd, larg, parg);
    if (r == -1)
        r = kuma_ext_ctx_ctrl(ctx, cmd, larg, parg);
    if (r == -1)
        r = kuma_creds_ctx_ctrl(ctx, cmd, larg, parg);
    if (r == -1)
        r = kuma_compat_ctrl(ctx, NULL, cmd, larg, parg);
    return r != -1 ? r : ctx_only_ctrl(ctx, cmd, parg);
}

long SSL_CTX_callback_ctrl(SSL_CTX *ctx, int cmd, void (*fp)(void))
{
    long r;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    r = kuma_ext_ctx_callback_ctrl(ctx, cmd, fp);
    return r != -1 ? r : unknown_ctrl(cmd);
}

/* ---- options ------------------------------------------------------------ */

uint64_t SSL_CTX_set_options(SSL_CTX *ctx, uint64_t op)
{
    return ctx->cfg.options |= op;
}

uint64_t SSL_CTX_clear_options(SSL_CTX *ctx, uint64_t op)
{
    return ctx->cfg.options &= ~op;
}

uint64_t SSL_CTX_get_options(const SSL_CTX *ctx)
{
    return ctx->cfg.options;
}

/* ---- verification --------------------------------------------------------- */

void SSL_CTX_set_verify(SSL_CTX *ctx, int mode, SSL_verify_cb callback)
{
    ctx->cfg.verify_mode = mode;
    ctx->cfg.verify_cb = callback;
}

void SSL_CTX_set_verify_depth(SSL_CTX *ctx, int depth)
{
    X509_VERIFY_PARAM_set_depth(ctx->param, depth);
}

int kuma_config_version_disabled(const kuma_config *cfg, int v)
{
    switch (v) {
    case TLS1_VERSION:
        return (cfg->options & SSL_OP_NO_TLSv1) != 0;
    case TLS1_1_VERSION:
        return (cfg->options & SSL_OP_NO_TLSv1_1) != 0;
    case TLS1_2_VERSION:
        return (cfg->options & SSL_OP_NO_TLSv1_2) != 0;
    default:
        return (cfg->options & SSL_OP_NO_TLSv1_3) != 0;
    }
}

/* Clients verify servers unless told otherwise (DESIGN.md); servers ask for no certificate. */
int kuma_config_verify_mode(const kuma_config *cfg, enum kuma_role role)
{
    if (cfg->verify_mode != -1)
        return cfg->verify_mode;
    return role == KUMA_ROLE_CLIENT ? SSL_VERIFY_PEER : SSL_VERIFY_NONE;
}

int SSL_CTX_get_verify_mode(const SSL_CTX *ctx)
{
    return kuma_config_verify_mode(&ctx->cfg, ctx->method->role);
}

int SSL_CTX_get_verify_depth(const SSL_CTX *ctx)
{
    return X509_VERIFY_PARAM_get_depth(ctx->param);
}

SSL_verify_cb SSL_CTX_get_verify_callback(const SSL_CTX *ctx)
{
    return ctx->cfg.verify_cb;
}

int SSL_CTX_set_cipher_list(SSL_CTX *ctx, const char *str)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx) || KUMA_NULL_ARG(ERR_LIB_SSL, str))
        return 0;
    if (!kuma_suites_parse(&ctx->cfg.suites, str))
        return 0;
    ctx->cfg.suites_explicit = 1;
    return 1;
}

/*
 * The TLS 1.3 suites, in the program's order. The CCM suites are known
 * names (OpenSSL accepts them) but kumassl does not offer them; a list
 * naming nothing else leaves TLS 1.3 without suites, as "" does.
 */
int SSL_CTX_set_ciphersuites(SSL_CTX *ctx, const char *str)
{
    static const struct {
        const char *name;
        uint16_t id;                    /* 0: known, not offered */
    } known[] = {
        { "TLS_AES_128_GCM_SHA256", 0x1301 }, { "TLS_AES_256_GCM_SHA384", 0x1302 },
        { "TLS_CHACHA20_POLY1305_SHA256", 0x1303 }, { "TLS_AES_128_CCM_SHA256", 0 },
        { "TLS_AES_128_CCM_8_SHA256", 0 },
    };
    kuma_config *cfg;
    uint16_t ids[3];
    size_t n = 0, j;
    const char *p;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx) || KUMA_NULL_ARG(ERR_LIB_SSL, str))
        return 0;
    for (p = str; *p != 0; p += *p == ':') {
        size_t len = strcspn(p, ":"), i;
        for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
            if (strlen(known[i].name) == len && strncmp(known[i].name, p, len) == 0)
                break;
        if (len > 0 && i == sizeof(known) / sizeof(known[0])) {
            ERR_raise_data(ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH, "unknown TLS 1.3 suite in \"%s\"", str);
            return 0;
        }
        for (j = 0; len > 0 && known[i].id != 0 && j < n && ids[j] != known[i].id; j++)
            ;
        if (len > 0 && known[i].id != 0 && j == n)
            ids[n++] = known[i].id;
        p += len;
    }
    cfg = &ctx->cfg;
    memcpy(cfg->tls13_suites, ids, n * sizeof(ids[0]));
    cfg->num_tls13_suites = n;
    cfg->tls13_suites_set = 1;
    return 1;
}

/* ---- trust store ----------------------------------------------------------- */

int SSL_CTX_load_verify_locations(SSL_CTX *ctx, const char *CAfile, const char *CApath)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    if (CAfile == NULL && CApath == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_PASSED_NULL_PARAMETER);
        return 0;
    }
    return X509_STORE_load_locations(ctx->store, CAfile, CApath);
}

int SSL_CTX_load_verify_file(SSL_CTX *ctx, const char *CAfile)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, CAfile))
        return 0;
    return SSL_CTX_load_verify_locations(ctx, CAfile, NULL);
}

int SSL_CTX_load_verify_dir(SSL_CTX *ctx, const char *CApath)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, CApath))
        return 0;
    return SSL_CTX_load_verify_locations(ctx, NULL, CApath);
}

int SSL_CTX_set_default_verify_paths(SSL_CTX *ctx)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    return X509_STORE_set_default_paths(ctx->store);
}

/*
 * A client that loaded no trust anchors and left the verify mode alone is
 * a program written for OpenSSL's VERIFY_NONE default: kumassl verifies,
 * against the default verify paths, as a browser would (DESIGN.md). They
 * are read once per SSL_CTX, by its first client connection; others wait
 * for the load, so none verifies against a half-filled store.
 */
void kuma_ctx_trust_defaults(SSL *s)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    SSL_CTX *ctx = s->ctx;
    const br_x509_trust_anchor *tas;
    size_t n;

    if (s->role != KUMA_ROLE_CLIENT || s->cfg.verify_mode != -1)
        return;
    /* always under the lock: one uncontended lock per handshake, and race checkers can follow it */
    pthread_mutex_lock(&lock);
    if (!ctx->trust_defaults_done) {
        kuma_store_anchors(ctx->store, &tas, &n);
        if (n == 0)
            X509_STORE_set_default_paths(ctx->store);
        ctx->trust_defaults_done = 1;
    }
    pthread_mutex_unlock(&lock);
}

X509_STORE *SSL_CTX_get_cert_store(const SSL_CTX *ctx)
{
    return ctx->store;
}

int OPENSSL_init_ssl(uint64_t opts, const OPENSSL_INIT_SETTINGS *settings)
{
    return OPENSSL_init_crypto(opts, settings);
}

/* ---- TLS 1.3 tickets a server issues (lib/ssl/tls13/tickets.c) ------------------------------- */

int SSL_CTX_set_num_tickets(SSL_CTX *ctx, size_t num_tickets)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    ctx->cfg.num_tickets = num_tickets;
    return 1;
}

size_t SSL_CTX_get_num_tickets(const SSL_CTX *ctx)
{
    return ctx != NULL ? ctx->cfg.num_tickets : 0;
}

int SSL_set_num_tickets(SSL *s, size_t num_tickets)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    s->cfg.num_tickets = num_tickets;
    return 1;
}

size_t SSL_get_num_tickets(const SSL *s)
{
    return s != NULL ? s->cfg.num_tickets : 0;
}
