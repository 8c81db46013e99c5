/*
 * kumassl: SSL_CONF, OpenSSL's configuration commands by name
 * ("CipherString", "MinProtocol", or on a command line "-cipher",
 * "-min_protocol"), applied to an SSL_CTX or an SSL through the calls that
 * do the work (SSL_CTX_set_cipher_list, SSL_CTX_set_min_proto_version...).
 * Commands kumassl has no setting for are unknown (-2, SSL_R_UNKNOWN_CMD_NAME
 * naming them), as OpenSSL answers for a command it does not have.
 */
#include <string.h>
#include <strings.h>
#include "ssl_int.h"

struct ssl_conf_ctx_st {
    unsigned int flags;
    SSL_CTX *ctx;
    SSL *ssl;
};

SSL_CONF_CTX *SSL_CONF_CTX_new(void)
{
    SSL_CONF_CTX *c = OPENSSL_zalloc(sizeof(*c));

    if (c == NULL)
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
    return c;
}

void SSL_CONF_CTX_free(SSL_CONF_CTX *cctx)
{
    OPENSSL_free(cctx);
}

unsigned int SSL_CONF_CTX_set_flags(SSL_CONF_CTX *cctx, unsigned int flags)
{
    return cctx != NULL ? (cctx->flags |= flags) : 0;
}

unsigned int SSL_CONF_CTX_clear_flags(SSL_CONF_CTX *cctx, unsigned int flags)
{
    return cctx != NULL ? (cctx->flags &= ~flags) : 0;
}

void SSL_CONF_CTX_set_ssl_ctx(SSL_CONF_CTX *cctx, SSL_CTX *ctx)
{
    if (cctx == NULL)
        return;
    cctx->ctx = ctx;
    cctx->ssl = NULL;
}

void SSL_CONF_CTX_set_ssl(SSL_CONF_CTX *cctx, SSL *ssl)
{
    if (cctx == NULL)
        return;
    cctx->ssl = ssl;
    cctx->ctx = NULL;
}

/* Every command takes effect at once: nothing is left to finish. */
int SSL_CONF_CTX_finish(SSL_CONF_CTX *cctx)
{
    return cctx != NULL;
}

/* The target's control call, whichever object the context configures. */
static long target_ctrl(SSL_CONF_CTX *c, int cmd, long larg, void *parg)
{
    return c->ctx != NULL ? SSL_CTX_ctrl(c->ctx, cmd, larg, parg) : SSL_ctrl(c->ssl, cmd, larg, parg);
}

static int cmd_cipher_string(SSL_CONF_CTX *c, const char *v)
{
    return c->ctx != NULL ? SSL_CTX_set_cipher_list(c->ctx, v) : SSL_set_cipher_list(c->ssl, v);
}

/* TLS 1.3 suites: SSL_CTX_set_ciphersuites checks the names and keeps nothing (ctx.c), so an
 * SSL's own command is checked through its SSL_CTX without changing it. */
static int cmd_ciphersuites(SSL_CONF_CTX *c, const char *v)
{
    return SSL_CTX_set_ciphersuites(c->ctx != NULL ? c->ctx : SSL_get_SSL_CTX(c->ssl), v);
}

static int cmd_groups(SSL_CONF_CTX *c, const char *v)
{
    return target_ctrl(c, SSL_CTRL_SET_GROUPS_LIST, 0, (void *)v) > 0;
}

static int cmd_sigalgs(SSL_CONF_CTX *c, const char *v)
{
    return target_ctrl(c, SSL_CTRL_SET_SIGALGS_LIST, 0, (void *)v) > 0;
}

/* A protocol name as MinProtocol / MaxProtocol take it; -1 when unknown. */
static int proto_version(const char *v)
{
    static const struct { const char *name; int version; } names[] = {
        { "None", 0 }, { "SSLv3", SSL3_VERSION }, { "TLSv1", TLS1_VERSION },
        { "TLSv1.1", TLS1_1_VERSION }, { "TLSv1.2", TLS1_2_VERSION }, { "TLSv1.3", TLS1_3_VERSION },
    };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcasecmp(v, names[i].name) == 0)
            return names[i].version;
    return -1;
}

static int set_proto(SSL_CONF_CTX *c, const char *v, int cmd)
{
    int ver = proto_version(v);

    return ver >= 0 && target_ctrl(c, cmd, ver, NULL) > 0;
}

static int cmd_min_protocol(SSL_CONF_CTX *c, const char *v)
{
    return set_proto(c, v, SSL_CTRL_SET_MIN_PROTO_VERSION);
}

static int cmd_max_protocol(SSL_CONF_CTX *c, const char *v)
{
    return set_proto(c, v, SSL_CTRL_SET_MAX_PROTO_VERSION);
}

/* A named option of "Options" / "Protocol": the bit, and whether naming it clears it. */
typedef struct {
    const char *name;
    uint64_t op;
    int inverted;
} named_option;

static void apply_option(SSL_CONF_CTX *c, uint64_t op, int set)
{
    if (c->ctx != NULL)
        set ? SSL_CTX_set_options(c->ctx, op) : SSL_CTX_clear_options(c->ctx, op);
    else
        set ? SSL_set_options(c->ssl, op) : SSL_clear_options(c->ssl, op);
}

/* A comma/space separated list of names, each maybe prefixed '-' (off) or '+'; 0 on an unknown one. */
static int apply_option_list(SSL_CONF_CTX *c, const char *v, const named_option *t, size_t n)
{
    char buf[512], *tok, *save = NULL;

    if (strlen(v) >= sizeof(buf))
        return 0;
    strcpy(buf, v);
    for (tok = strtok_r(buf, ", \t", &save); tok != NULL; tok = strtok_r(NULL, ", \t", &save)) {
        int on = *tok != '-';
        size_t i;

        tok += *tok == '-' || *tok == '+';
        for (i = 0; i < n && strcasecmp(tok, t[i].name) != 0; i++)
            ;
        if (i == n) {
            ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_VALUE, "unknown name %s", tok);
            return 0;
        }
        apply_option(c, t[i].op, on != t[i].inverted);
    }
    return 1;
}

static int cmd_options(SSL_CONF_CTX *c, const char *v)
{
    static const named_option t[] = {
        { "SessionTicket", SSL_OP_NO_TICKET, 1 },
        { "Compression", SSL_OP_NO_COMPRESSION, 1 },
        { "ServerPreference", SSL_OP_CIPHER_SERVER_PREFERENCE, 0 },
        { "NoRenegotiation", SSL_OP_NO_RENEGOTIATION, 0 },
        { "PrioritizeChaCha", SSL_OP_PRIORITIZE_CHACHA, 0 },
        { "Bugs", SSL_OP_ALL, 0 },
    };

    return apply_option_list(c, v, t, sizeof(t) / sizeof(t[0]));
}

/* "Protocol": names enable (or with '-' disable) versions: SSL_OP_NO_* inverted. */
static int cmd_protocol(SSL_CONF_CTX *c, const char *v)
{
    static const named_option t[] = {
        { "ALL", SSL_OP_NO_SSL_MASK, 1 }, { "SSLv3", SSL_OP_NO_SSLv3, 1 },
        { "TLSv1", SSL_OP_NO_TLSv1, 1 }, { "TLSv1.1", SSL_OP_NO_TLSv1_1, 1 },
        { "TLSv1.2", SSL_OP_NO_TLSv1_2, 1 }, { "TLSv1.3", SSL_OP_NO_TLSv1_3, 1 },
    };

    return apply_option_list(c, v, t, sizeof(t) / sizeof(t[0]));
}

static int cmd_certificate(SSL_CONF_CTX *c, const char *v)
{
    return c->ctx != NULL ? SSL_CTX_use_certificate_chain_file(c->ctx, v)
                          : SSL_use_certificate_chain_file(c->ssl, v);
}

static int cmd_private_key(SSL_CONF_CTX *c, const char *v)
{
    return c->ctx != NULL ? SSL_CTX_use_PrivateKey_file(c->ctx, v, SSL_FILETYPE_PEM)
                          : SSL_use_PrivateKey_file(c->ssl, v, SSL_FILETYPE_PEM);
}

static int cmd_verify_ca_file(SSL_CONF_CTX *c, const char *v)
{
    SSL_CTX *ctx = c->ctx != NULL ? c->ctx : SSL_get_SSL_CTX(c->ssl);

    return SSL_CTX_load_verify_locations(ctx, v, NULL);
}

typedef struct {
    const char *file_name, *cmd_name;   /* "CipherString", "cipher" */
    int value_type;
    unsigned int needs;                 /* SSL_CONF_FLAG_CERTIFICATE: only with that flag */
    int (*apply)(SSL_CONF_CTX *c, const char *value);
} conf_cmd;

static const conf_cmd commands[] = {
    { "CipherString", "cipher", SSL_CONF_TYPE_STRING, 0, cmd_cipher_string },
    { "Ciphersuites", "ciphersuites", SSL_CONF_TYPE_STRING, 0, cmd_ciphersuites },
    { "Groups", "groups", SSL_CONF_TYPE_STRING, 0, cmd_groups },
    { "Curves", "curves", SSL_CONF_TYPE_STRING, 0, cmd_groups },
    { "SignatureAlgorithms", "sigalgs", SSL_CONF_TYPE_STRING, 0, cmd_sigalgs },
    { "MinProtocol", "min_protocol", SSL_CONF_TYPE_STRING, 0, cmd_min_protocol },
    { "MaxProtocol", "max_protocol", SSL_CONF_TYPE_STRING, 0, cmd_max_protocol },
    { "Options", NULL, SSL_CONF_TYPE_STRING, 0, cmd_options },
    { "Protocol", NULL, SSL_CONF_TYPE_STRING, 0, cmd_protocol },
    { "Certificate", "cert", SSL_CONF_TYPE_FILE, SSL_CONF_FLAG_CERTIFICATE, cmd_certificate },
    { "PrivateKey", "key", SSL_CONF_TYPE_FILE, SSL_CONF_FLAG_CERTIFICATE, cmd_private_key },
    { "VerifyCAFile", "verifyCAfile", SSL_CONF_TYPE_FILE, SSL_CONF_FLAG_CERTIFICATE, cmd_verify_ca_file },
};

/* The command cmd names under the context's flags ("-cipher" on a command line); NULL if none. */
static const conf_cmd *find_cmd(const SSL_CONF_CTX *c, const char *cmd)
{
    size_t i;

    if ((c->flags & SSL_CONF_FLAG_CMDLINE) && cmd[0] == '-') {
        for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
            if (commands[i].cmd_name != NULL && strcmp(cmd + 1, commands[i].cmd_name) == 0)
                return &commands[i];
    }
    if (c->flags & SSL_CONF_FLAG_FILE) {
        for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
            if (strcasecmp(cmd, commands[i].file_name) == 0)
                return &commands[i];
    }
    return NULL;
}

int SSL_CONF_cmd_value_type(SSL_CONF_CTX *cctx, const char *cmd)
{
    const conf_cmd *k = cctx != NULL && cmd != NULL ? find_cmd(cctx, cmd) : NULL;

    return k != NULL ? k->value_type : SSL_CONF_TYPE_UNKNOWN;
}

/* 2: applied (the value was used); -2: no such command; -3: no value; 0: the value was refused. */
int SSL_CONF_cmd(SSL_CONF_CTX *cctx, const char *cmd, const char *value)
{
    const conf_cmd *k;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, cctx) || (cctx->ctx == NULL && cctx->ssl == NULL))
        return 0;
    if (cmd == NULL) {
        ERR_raise(ERR_LIB_SSL, SSL_R_INVALID_NULL_CMD_NAME);
        return 0;
    }
    if ((k = find_cmd(cctx, cmd)) == NULL || (k->needs & ~cctx->flags) != 0) {
        if (cctx->flags & SSL_CONF_FLAG_SHOW_ERRORS)
            ERR_raise_data(ERR_LIB_SSL, SSL_R_UNKNOWN_CMD_NAME, "cmd=%s (not a kumassl setting)", cmd);
        return -2;
    }
    if (value == NULL)
        return -3;
    if (k->apply(cctx, value) > 0)
        return 2;
    if (cctx->flags & SSL_CONF_FLAG_SHOW_ERRORS)
        ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_VALUE, "cmd=%s, value=%s", cmd, value);
    return 0;
}
