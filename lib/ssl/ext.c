/*
 * kumassl: TLS extensions and the settings that shape the hellos: ALPN,
 * the servername callback and SSL_set_SSL_CTX, supported groups,
 * signature algorithms, maximum fragment length, client CA names.
 *
 * A server runs its callbacks from kuma_ext_server_hello(), which sees the
 * ClientHello (through hello.c) before BearSSL's engine has parsed it, so
 * a callback can still change the certificate, the ALPN answer and the
 * groups the engine will use. The engine takes these settings through
 * the getters of ssl_int.h and translates them (lib/ssl/br/features.c for
 * BearSSL). What BearSSL cannot do is documented in include/openssl/ssl.h,
 * next to the functions concerned.
 */
#include <string.h>
#include <strings.h>
#include "ext_int.h"

typedef int (*servername_cb)(SSL *s, int *al, void *arg);

/* Which fields of an ext_conf were set; an SSL's own setting wins over its SSL_CTX's. */
#define SET_ALPN 1u
#define SET_GROUPS 2u
#define SET_MFL 4u
#define SET_CA 8u

/* Settings an SSL_CTX and an SSL both have. */
typedef struct {
    unsigned set;                   /* SET_* */
    unsigned char *alpn;            /* protocols a client offers, wire format */
    size_t alpn_len;
    uint16_t groups[KUMA_MAX_GROUPS];   /* TLS NamedGroup ids, in preference order */
    size_t num_groups;
    uint8_t mfl_mode;               /* TLSEXT_max_fragment_length_* */
    STACK_OF(X509_NAME) *ca_names;  /* names a server sends in CertificateRequest */
} ext_conf;

struct kuma_ext_ctx {
    ext_conf conf;
    servername_cb sn_cb;
    void *sn_arg;
    SSL_CTX_alpn_select_cb_func alpn_cb;
    void *alpn_arg;
    int (*cert_cb)(SSL *s, void *arg);  /* SSL_CTX_set_cert_cb */
    void *cert_arg;
    SSL_client_hello_cb_fn hello_cb;    /* SSL_CTX_set_client_hello_cb */
    void *hello_arg;
};

struct kuma_ext_ssl {
    ext_conf conf;
    kuma_hello hello;
    char *servername;               /* SNI received, NULL when none */
    SSL_CTX *first_ctx;             /* the SSL_CTX before SSL_set_SSL_CTX, kept alive */
    kuma_creds retired;             /* per-connection credentials SSL_set_SSL_CTX replaced */
    int in_hello;                   /* the ClientHello callbacks are running */
    int alpn_chosen;                /* server: the ALPN callback chose alpn_sel */
    int offers_tls13;               /* server: the ClientHello offered TLS 1.3 */
    int sni_acked;                  /* server: the servername callback returned SSL_TLSEXT_ERR_OK */
    char alpn_sel[256];
    int (*cert_cb)(SSL *s, void *arg);  /* SSL_set_cert_cb: replaces the SSL_CTX's */
    void *cert_arg;
    int cert_cb_set;
};

/* ---- state --------------------------------------------------------------------------------- */

static void conf_clear(ext_conf *c)
{
    free(c->alpn);
    sk_X509_NAME_pop_free(c->ca_names, X509_NAME_free);
    memset(c, 0, sizeof(*c));
}

static kuma_ext_ctx *ext_ctx(SSL_CTX *ctx)
{
    if (ctx->ext == NULL && (ctx->ext = calloc(1, sizeof(*ctx->ext))) == NULL)
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
    return ctx->ext;
}

static kuma_ext_ssl *ext_ssl(SSL *s)
{
    if (s->ext == NULL && (s->ext = calloc(1, sizeof(*s->ext))) == NULL)
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
    return s->ext;
}

static ext_conf *ctx_conf(SSL_CTX *ctx)
{
    kuma_ext_ctx *x = ext_ctx(ctx);

    return x != NULL ? &x->conf : NULL;
}

static ext_conf *ssl_conf(SSL *s)
{
    kuma_ext_ssl *x = ext_ssl(s);

    return x != NULL ? &x->conf : NULL;
}

/* The settings in force for one field: the SSL's if it set it, else its SSL_CTX's, or NULL. */
static const ext_conf *conf_with(const SSL *s, unsigned field)
{
    if (s->ext != NULL && (s->ext->conf.set & field))
        return &s->ext->conf;
    if (s->ctx->ext != NULL && (s->ctx->ext->conf.set & field))
        return &s->ctx->ext->conf;
    return NULL;
}

void kuma_ext_ctx_free(SSL_CTX *ctx)
{
    if (ctx->ext == NULL)
        return;
    conf_clear(&ctx->ext->conf);
    free(ctx->ext);
    ctx->ext = NULL;
}

void kuma_ext_ssl_free(SSL *s)
{
    kuma_ext_ssl *x = s->ext;

    if (x == NULL)
        return;
    conf_clear(&x->conf);
    kuma_hello_clear(&x->hello);
    free(x->servername);
    kuma_creds_clear(&x->retired);
    SSL_CTX_free(x->first_ctx);
    free(x);
    s->ext = NULL;
}

/* ---- ALPN protocols (client) ------------------------------------------------------------- */

/*
 * OpenSSL's checks (no empty name, no truncated list), and BearSSL's: it
 * takes the names as C strings, so a name must not contain a NUL byte.
 */
static int alpn_protos_ok(const unsigned char *p, unsigned int len)
{
    if (!kuma_alpn_list_ok(p, len)) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_VALUE,
                       "ALPN list: empty protocol name or truncated list");
        return 0;
    }
    if (memchr(p, 0, len) != NULL) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_VALUE,
                       "ALPN protocol names with a NUL byte are not supported (BearSSL)");
        return 0;
    }
    return 1;
}

/* Returns 0 on success and 1 on failure, as OpenSSL. NULL or 0 clears the list. */
static int set_alpn(ext_conf *c, const unsigned char *protos, unsigned int len)
{
    unsigned char *copy = NULL;

    if (c == NULL)
        return 1;
    if (protos != NULL && len > 0) {
        if (!alpn_protos_ok(protos, len))
            return 1;
        if ((copy = malloc(len)) == NULL) {
            ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
            return 1;
        }
        memcpy(copy, protos, len);
    }
    free(c->alpn);
    c->alpn = copy;
    c->alpn_len = copy != NULL ? len : 0;
    c->set |= SET_ALPN;
    return 0;
}

int SSL_CTX_set_alpn_protos(SSL_CTX *ctx, const unsigned char *protos, unsigned int protos_len)
{
    return KUMA_NULL_ARG(ERR_LIB_SSL, ctx) ? 1 : set_alpn(ctx_conf(ctx), protos, protos_len);
}

int SSL_set_alpn_protos(SSL *s, const unsigned char *protos, unsigned int protos_len)
{
    return KUMA_NULL_ARG(ERR_LIB_SSL, s) ? 1 : set_alpn(ssl_conf(s), protos, protos_len);
}

void SSL_CTX_set_alpn_select_cb(SSL_CTX *ctx, SSL_CTX_alpn_select_cb_func cb, void *arg)
{
    kuma_ext_ctx *x = ctx != NULL ? ext_ctx(ctx) : NULL;

    if (x == NULL)
        return;
    x->alpn_cb = cb;
    x->alpn_arg = arg;
}

void SSL_get0_alpn_selected(const SSL *s, const unsigned char **data, unsigned int *len)
{
    *data = NULL;
    *len = 0;
    if (s != NULL && s->engine_state != NULL)
        *data = s->engine->alpn_selected((SSL *)s, len);
}

size_t kuma_ext_alpn_protos(const SSL *s, const unsigned char **list)
{
    const ext_conf *c = conf_with(s, SET_ALPN);

    *list = c != NULL ? c->alpn : NULL;
    return *list != NULL ? c->alpn_len : 0;
}

const char *kuma_ext_alpn_selected(const SSL *s)
{
    return s->ext != NULL && s->ext->alpn_chosen ? s->ext->alpn_sel : NULL;
}

/* ---- groups ---------------------------------------------------------------------------- */

/* TLS NamedGroup ids (RFC 8422, RFC 8446 4.2.7) */
#define GROUP_SECP256R1 23
#define GROUP_SECP384R1 24
#define GROUP_SECP521R1 25
#define GROUP_X25519 29

static const struct {
    const char *name;
    uint16_t id;
} group_names[] = {
    { "P-256", GROUP_SECP256R1 }, { "secp256r1", GROUP_SECP256R1 },
    { "prime256v1", GROUP_SECP256R1 }, { "P-384", GROUP_SECP384R1 },
    { "secp384r1", GROUP_SECP384R1 }, { "P-521", GROUP_SECP521R1 },
    { "secp521r1", GROUP_SECP521R1 }, { "X25519", GROUP_X25519 },
};

/* The groups as set, in order, each once. */
typedef struct {
    uint16_t ids[KUMA_MAX_GROUPS];
    size_t num;
} group_list;

static void group_list_add(group_list *g, uint16_t id)
{
    size_t i;

    for (i = 0; i < g->num; i++)
        if (g->ids[i] == id)
            return;
    if (g->num < KUMA_MAX_GROUPS)
        g->ids[g->num++] = id;
}

/* Calls fn on each ':'-separated name of list (at most 63 characters each); 0 when fn fails. */
static int each_name(const char *list, int (*fn)(const char *name, void *arg), void *arg)
{
    char name[64];

    for (;;) {
        size_t n = strcspn(list, ":");

        if (n >= sizeof(name))
            n = sizeof(name) - 1;       /* too long for any known name: fn rejects it */
        memcpy(name, list, n);
        name[n] = '\0';
        if (!fn(name, arg))
            return 0;
        list += strcspn(list, ":");
        if (*list == '\0')
            return 1;
        list++;
    }
}

/*
 * Groups OpenSSL 3.0 knows by name that BearSSL cannot do. OpenSSL accepts
 * a known group its providers cannot use and skips it when negotiating;
 * so does kumassl (lighttpd's default list ends in X448).
 */
static const char *const groups_known_unusable[] = {
    "X448", "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192",
};

static int add_group(const char *name, void *arg)
{
    size_t i;

    for (i = 0; i < sizeof(group_names) / sizeof(group_names[0]); i++)
        if (strcasecmp(name, group_names[i].name) == 0) {
            group_list_add(arg, group_names[i].id);
            return 1;
        }
    for (i = 0; i < sizeof(groups_known_unusable) / sizeof(groups_known_unusable[0]); i++)
        if (strcasecmp(name, groups_known_unusable[i]) == 0)
            return 1;
    ERR_raise_data(ERR_LIB_SSL, SSL_R_UNSUPPORTED_ELLIPTIC_CURVE,
                   "group '%s' cannot be set (kumassl has P-256, P-384, P-521, X25519)", name);
    return 0;
}

static long set_groups(ext_conf *c, const char *list)
{
    group_list g = { { 0 }, 0 };

    if (c == NULL || KUMA_NULL_ARG(ERR_LIB_SSL, list) || !each_name(list, add_group, &g))
        return 0;
    if (g.num == 0) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_UNSUPPORTED_ELLIPTIC_CURVE,
                       "no group of '%s' is one kumassl has (P-256, P-384, P-521, X25519)", list);
        return 0;
    }
    memcpy(c->groups, g.ids, sizeof(g.ids));
    c->num_groups = g.num;
    c->set |= SET_GROUPS;
    return 1;
}

size_t kuma_ext_groups(const SSL *s, uint16_t *ids)
{
    const ext_conf *c = conf_with(s, SET_GROUPS);

    if (c == NULL)
        return 0;
    memcpy(ids, c->groups, c->num_groups * sizeof(*ids));
    return c->num_groups;
}

/* ---- signature algorithms ------------------------------------------------------------------ */

/*
 * Names OpenSSL knows, whole ("rsa_pkcs1_sha256") or as the signature half
 * of its "SIG+HASH" form; `ok` when BearSSL does it in TLS 1.2 (RSA
 * PKCS#1 v1.5 and ECDSA, with any of the hashes below).
 */
static const struct {
    const char *name;
    int half;
    int ok;
} sigalg_names[] = {
    { "rsa_pkcs1_sha1", 0, 1 }, { "rsa_pkcs1_sha224", 0, 1 }, { "rsa_pkcs1_sha256", 0, 1 },
    { "rsa_pkcs1_sha384", 0, 1 }, { "rsa_pkcs1_sha512", 0, 1 }, { "ecdsa_sha1", 0, 1 },
    { "ecdsa_sha224", 0, 1 }, { "ecdsa_secp256r1_sha256", 0, 1 },
    { "ecdsa_secp384r1_sha384", 0, 1 }, { "ecdsa_secp521r1_sha512", 0, 1 },
    { "rsa_pss_rsae_sha256", 0, 0 }, { "rsa_pss_rsae_sha384", 0, 0 },
    { "rsa_pss_rsae_sha512", 0, 0 }, { "rsa_pss_pss_sha256", 0, 0 },
    { "rsa_pss_pss_sha384", 0, 0 }, { "rsa_pss_pss_sha512", 0, 0 },
    { "ed25519", 0, 0 }, { "ed448", 0, 0 },
    { "RSA", 1, 1 }, { "ECDSA", 1, 1 }, { "RSA-PSS", 1, 0 }, { "PSS", 1, 0 }, { "DSA", 1, 0 },
};

static const char *const hash_names[] = { "SHA1", "SHA224", "SHA256", "SHA384", "SHA512" };

/* -1 for an unknown name, else 1 when BearSSL does it and 0 when it does not. */
static int sigalg_lookup(const char *name, int half)
{
    size_t i;

    for (i = 0; i < sizeof(sigalg_names) / sizeof(sigalg_names[0]); i++)
        if (sigalg_names[i].half == half && strcasecmp(name, sigalg_names[i].name) == 0)
            return sigalg_names[i].ok;
    return -1;
}

static int hash_known(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(hash_names) / sizeof(hash_names[0]); i++)
        if (strcasecmp(name, hash_names[i]) == 0)
            return 1;
    return 0;
}

static int add_sigalg(const char *name, void *arg)
{
    int *supported = arg;
    const char *plus = strchr(name, '+');
    char sig[64];               /* names are at most 63 characters (each_name) */
    int known = -1;

    if (plus == NULL) {
        known = sigalg_lookup(name, 0);
    } else if (hash_known(plus + 1)) {
        memcpy(sig, name, (size_t)(plus - name));
        sig[plus - name] = '\0';
        known = sigalg_lookup(sig, 1);
    }
    if (known < 0) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_BAD_VALUE, "unknown signature algorithm '%s'", name);
        return 0;
    }
    *supported |= known;
    return 1;
}

/*
 * Validates the list. The engine advertises and accepts every RSA PKCS#1
 * and ECDSA combination with the hashes it keeps (lib/ssl/br/algos.c),
 * which also serve the PRF and the transcript: the list cannot narrow
 * them (see ssl.h).
 */
static long set_sigalgs(const char *list)
{
    int supported = 0;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, list) || !each_name(list, add_sigalg, &supported))
        return 0;
    if (!supported) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM,
                       "kumassl (BearSSL) signs with RSA PKCS#1 v1.5 and ECDSA only");
        return 0;
    }
    return 1;
}

/* ---- maximum fragment length ------------------------------------------------------------- */

static int set_mfl(ext_conf *c, uint8_t mode)
{
    if (mode > TLSEXT_max_fragment_length_4096) {
        ERR_raise(ERR_LIB_SSL, SSL_R_SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH);
        return 0;
    }
    if (c == NULL)
        return 0;
    c->mfl_mode = mode;
    c->set |= SET_MFL;
    return 1;
}

int SSL_CTX_set_tlsext_max_fragment_length(SSL_CTX *ctx, uint8_t mode)
{
    return KUMA_NULL_ARG(ERR_LIB_SSL, ctx) ? 0 : set_mfl(ctx_conf(ctx), mode);
}

int SSL_set_tlsext_max_fragment_length(SSL *s, uint8_t mode)
{
    return KUMA_NULL_ARG(ERR_LIB_SSL, s) ? 0 : set_mfl(ssl_conf(s), mode);
}

unsigned kuma_ext_max_frag_len(const SSL *s)
{
    const ext_conf *c = conf_with(s, SET_MFL);

    /* mode 1..4 stands for 2^9..2^12 bytes (RFC 6066) */
    return c != NULL && c->mfl_mode != 0 ? 1u << (8 + c->mfl_mode) : 0;
}

/* ---- ctrl commands ------------------------------------------------------------------------- */

long kuma_ext_ctx_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg)
{
    kuma_ext_ctx *x;

    (void)larg;
    switch (cmd) {
    case SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG:
        if ((x = ext_ctx(ctx)) == NULL)
            return 0;
        x->sn_arg = parg;
        return 1;
    case SSL_CTRL_SET_GROUPS_LIST:
        return set_groups(ctx_conf(ctx), parg);
    case SSL_CTRL_SET_SIGALGS_LIST:
        return set_sigalgs(parg);
    default:
        return -1;
    }
}

long kuma_ext_ssl_ctrl(SSL *s, int cmd, long larg, void *parg)
{
    (void)larg;
    switch (cmd) {
    case SSL_CTRL_SET_GROUPS_LIST:
        return set_groups(ssl_conf(s), parg);
    case SSL_CTRL_SET_SIGALGS_LIST:
        return set_sigalgs(parg);
    default:
        return -1;
    }
}

long kuma_ext_ctx_callback_ctrl(SSL_CTX *ctx, int cmd, void (*fp)(void))
{
    kuma_ext_ctx *x;

    if (cmd != SSL_CTRL_SET_TLSEXT_SERVERNAME_CB)
        return -1;
    if ((x = ext_ctx(ctx)) == NULL)
        return 0;
    x->sn_cb = (servername_cb)fp;
    return 1;
}

void SSL_CTX_set_cert_cb(SSL_CTX *c, int (*cb)(SSL *ssl, void *arg), void *arg)
{
    kuma_ext_ctx *x = c != NULL ? ext_ctx(c) : NULL;

    if (x == NULL)
        return;
    x->cert_cb = cb;
    x->cert_arg = arg;
}

void SSL_set_cert_cb(SSL *s, int (*cb)(SSL *ssl, void *arg), void *arg)
{
    kuma_ext_ssl *x = s != NULL ? ext_ssl(s) : NULL;

    if (x == NULL)
        return;
    x->cert_cb = cb;
    x->cert_arg = arg;
    x->cert_cb_set = 1;
}

/* ---- client CA names ------------------------------------------------------------------------ */

static void set_ca_list(ext_conf *c, STACK_OF(X509_NAME) *names)
{
    if (c == NULL) {
        sk_X509_NAME_pop_free(names, X509_NAME_free);     /* taken over either way */
        return;
    }
    sk_X509_NAME_pop_free(c->ca_names, X509_NAME_free);
    c->ca_names = names;
    c->set |= SET_CA;
}

void SSL_CTX_set_client_CA_list(SSL_CTX *ctx, STACK_OF(X509_NAME) *name_list)
{
    if (ctx != NULL)
        set_ca_list(ctx_conf(ctx), name_list);
}

void SSL_set_client_CA_list(SSL *s, STACK_OF(X509_NAME) *name_list)
{
    if (s != NULL)
        set_ca_list(ssl_conf(s), name_list);
}

STACK_OF(X509_NAME) *SSL_CTX_get_client_CA_list(const SSL_CTX *ctx)
{
    return ctx != NULL && ctx->ext != NULL ? ctx->ext->conf.ca_names : NULL;
}

/* A client would get the names the server sent; BearSSL does not report them. */
STACK_OF(X509_NAME) *SSL_get_client_CA_list(const SSL *s)
{
    const ext_conf *c;

    if (s == NULL || s->role == KUMA_ROLE_CLIENT)
        return NULL;
    c = conf_with(s, SET_CA);
    return c != NULL ? c->ca_names : NULL;
}

/* Appends a copy of name to *list (created if NULL) unless it is there already. */
static int add_name(STACK_OF(X509_NAME) **list, const X509_NAME *name)
{
    X509_NAME *copy;
    int i;

    if (*list == NULL && (*list = sk_X509_NAME_new_null()) == NULL)
        return 0;
    for (i = 0; i < sk_X509_NAME_num(*list); i++)
        if (X509_NAME_cmp(sk_X509_NAME_value(*list, i), name) == 0)
            return 1;
    if ((copy = X509_NAME_dup(name)) == NULL)
        return 0;
    if (!sk_X509_NAME_push(*list, copy)) {
        X509_NAME_free(copy);
        return 0;
    }
    return 1;
}

static int add_client_CA(ext_conf *c, X509 *cacert)
{
    if (c == NULL || KUMA_NULL_ARG(ERR_LIB_SSL, cacert)
        || !add_name(&c->ca_names, X509_get_subject_name(cacert)))
        return 0;
    c->set |= SET_CA;
    return 1;
}

int SSL_CTX_add_client_CA(SSL_CTX *ctx, X509 *cacert)
{
    return !KUMA_NULL_ARG(ERR_LIB_SSL, ctx) && add_client_CA(ctx_conf(ctx), cacert);
}

int SSL_add_client_CA(SSL *s, X509 *cacert)
{
    return !KUMA_NULL_ARG(ERR_LIB_SSL, s) && add_client_CA(ssl_conf(s), cacert);
}

STACK_OF(X509_NAME) *SSL_load_client_CA_file(const char *file)
{
    STACK_OF(X509) *certs = kuma_x509_load_file(file, SSL_FILETYPE_PEM);
    STACK_OF(X509_NAME) *names = NULL;
    int i, ok = certs != NULL;

    for (i = 0; ok && i < sk_X509_num(certs); i++)
        ok = add_name(&names, X509_get_subject_name(sk_X509_value(certs, i)));
    sk_X509_pop_free(certs, X509_free);
    if (ok)
        return names;
    sk_X509_NAME_pop_free(names, X509_NAME_free);
    return NULL;
}

/*
 * An empty list leaves the engine's default in place: the trust anchors'
 * names, as OpenSSL sends none but BearSSL would then ask for nothing.
 */
STACK_OF(X509_NAME) *kuma_ext_ca_names(const SSL *s)
{
    const ext_conf *c = conf_with(s, SET_CA);

    if (c == NULL || sk_X509_NAME_num(c->ca_names) <= 0 || !(SSL_get_verify_mode(s) & SSL_VERIFY_PEER))
        return NULL;
    return c->ca_names;
}

/* ---- server: the ClientHello ------------------------------------------------------------------ */

const char *kuma_ext_servername(const SSL *s)
{
    return s->ext != NULL ? s->ext->servername : NULL;
}

int kuma_ext_client_offers_tls13(const SSL *s)
{
    return s->ext != NULL && s->ext->offers_tls13;
}

int kuma_ext_sni_acked(const SSL *s)
{
    return s->ext != NULL && s->ext->sni_acked;
}

/* An alert as a plaintext record: nothing is encrypted before the ServerHello. */
static void send_plain_alert(SSL *s, unsigned version, int level, int desc)
{
    unsigned char rec[7];

    if (s->wbio == NULL)
        return;
    rec[0] = SSL3_RT_ALERT;
    rec[1] = (unsigned char)(version >> 8);
    rec[2] = (unsigned char)version;
    rec[3] = 0;
    rec[4] = 2;
    rec[5] = (unsigned char)level;
    rec[6] = (unsigned char)desc;
    ERR_set_mark();
    (void)BIO_write(s->wbio, rec, sizeof(rec));     /* best effort: failing anyway */
    ERR_pop_to_mark();
    kuma_events_alert(s, SSL_CB_WRITE_ALERT, level, desc);
}

/* Fails the handshake with a fatal alert, before the engine answers. */
static void reject_hello(SSL *s, int alert, int reason)
{
    ERR_raise_data(ERR_LIB_SSL, reason, "ClientHello rejected with alert %d", alert);
    send_plain_alert(s, s->ext->hello.rec_version, SSL3_AL_FATAL, alert);
    if (s->engine_state != NULL)
        s->engine->fail(s, alert);
}

/*
 * Runs the ClientHello callback, first, as OpenSSL does. A failure sends
 * its alert (internal_error unless it chose one); kumassl cannot suspend a
 * handshake, so SSL_CLIENT_HELLO_RETRY fails too, saying so.
 */
static int run_client_hello_cb(SSL *s)
{
    kuma_ext_ctx *cx = s->ctx->ext;
    int al = SSL_AD_INTERNAL_ERROR, r;

    if (cx == NULL || cx->hello_cb == NULL)
        return 1;
    if ((r = cx->hello_cb(s, &al, cx->hello_arg)) == SSL_CLIENT_HELLO_SUCCESS)
        return 1;
    reject_hello(s, al, SSL_R_CALLBACK_FAILED);
    if (r == SSL_CLIENT_HELLO_RETRY)
        ERR_add_error_data(1, "SSL_CLIENT_HELLO_RETRY: kumassl cannot suspend a handshake");
    return 0;
}

void SSL_CTX_set_client_hello_cb(SSL_CTX *c, SSL_client_hello_cb_fn cb, void *arg)
{
    kuma_ext_ctx *x = c != NULL ? ext_ctx(c) : NULL;

    if (x == NULL)
        return;
    x->hello_cb = cb;
    x->hello_arg = arg;
}

int SSL_client_hello_get0_ext(SSL *s, unsigned int type, const unsigned char **out, size_t *outlen)
{
    const unsigned char *p;
    size_t n;

    if (s == NULL || s->ext == NULL || !s->ext->in_hello || !kuma_hello_ext(&s->ext->hello, type, &p, &n))
        return 0;
    if (out != NULL)
        *out = p;
    if (outlen != NULL)
        *outlen = n;
    return 1;
}

int SSL_client_hello_isv2(SSL *s)
{
    (void)s;
    return 0;       /* kumassl reads no SSLv2-format ClientHello */
}

/* Runs the servername callback; 0 when it rejected the ClientHello. */
static int run_servername_cb(SSL *s)
{
    kuma_ext_ctx *cx = s->ctx->ext;
    int al = SSL_AD_UNRECOGNIZED_NAME;
    int r;

    if (cx == NULL || cx->sn_cb == NULL)
        return 1;
    r = cx->sn_cb(s, &al, cx->sn_arg);
    s->ext->sni_acked = r == SSL_TLSEXT_ERR_OK && s->ext->servername != NULL;
    if (r == SSL_TLSEXT_ERR_ALERT_FATAL) {
        reject_hello(s, al, SSL_R_CALLBACK_FAILED);
        return 0;
    }
    /* as OpenSSL: warn, and go on; TLS 1.3 has no warning alerts, so OpenSSL sends none there */
    if (r == SSL_TLSEXT_ERR_ALERT_WARNING && !(s->engine == &kuma_engine_tls13 && s->ext->offers_tls13))
        send_plain_alert(s, s->ext->hello.rec_version, SSL3_AL_WARNING, al);
    return 1;
}

/*
 * Runs the certificate callback (SSL_set_cert_cb, else that of the SSL_CTX
 * in force after the servername callback), as OpenSSL does before choosing
 * the suite: it may still set the certificate and key. 0 from it fails the
 * handshake with internal_error; kumassl cannot suspend a handshake, so a
 * callback asking to be called again (< 0) fails it too, saying so.
 */
static int run_cert_cb(SSL *s, kuma_ext_ssl *x)
{
    kuma_ext_ctx *cx = s->ctx->ext;
    int (*cb)(SSL *, void *) = x->cert_cb_set ? x->cert_cb : cx != NULL ? cx->cert_cb : NULL;
    int r;

    if (cb == NULL)
        return 1;
    r = cb(s, x->cert_cb_set ? x->cert_arg : cx->cert_arg);
    if (r > 0)
        return 1;
    reject_hello(s, SSL_AD_INTERNAL_ERROR, SSL_R_CERT_CB_ERROR);
    if (r < 0)
        ERR_add_error_data(1, "the certificate callback asked to be called again: kumassl cannot suspend a handshake");
    return 0;
}

/*
 * Runs the ALPN callback of the SSL_CTX in force (after any switch), as
 * OpenSSL does after the servername callback. The engine takes the choice
 * as the protocol selected (kuma_ext_alpn_selected).
 */
static int run_alpn_cb(SSL *s, kuma_ext_ssl *x)
{
    kuma_ext_ctx *cx = s->ctx->ext;
    const unsigned char *out = NULL;
    unsigned char outlen = 0;
    int r;

    if (cx == NULL || cx->alpn_cb == NULL || x->hello.alpn == NULL)
        return 1;
    r = cx->alpn_cb(s, &out, &outlen, x->hello.alpn, (unsigned int)x->hello.alpn_len,
                    cx->alpn_arg);
    if (r == SSL_TLSEXT_ERR_NOACK || (r == SSL_TLSEXT_ERR_OK && (out == NULL || outlen == 0)))
        return 1;
    if (r != SSL_TLSEXT_ERR_OK || memchr(out, 0, outlen) != NULL) {
        reject_hello(s, SSL_AD_NO_APPLICATION_PROTOCOL, SSL_R_NO_APPLICATION_PROTOCOL);
        return 0;
    }
    memcpy(x->alpn_sel, out, outlen);
    x->alpn_sel[outlen] = '\0';
    x->alpn_chosen = 1;
    return 1;
}

/* The whole ClientHello has been seen (or given up on): callbacks and settings. */
static void on_client_hello(SSL *s, kuma_ext_ssl *x)
{
    if (s->engine_state == NULL)
        return;
    if (x->hello.status == KUMA_HELLO_DONE && x->hello.host[0] != '\0'
        && (x->servername = strdup(x->hello.host)) == NULL) {
        reject_hello(s, SSL_AD_INTERNAL_ERROR, ERR_R_MALLOC_FAILURE);
        return;
    }
    x->in_hello = 1;
    if (run_client_hello_cb(s) && run_servername_cb(s) && run_cert_cb(s, x) && run_alpn_cb(s, x)
        && !s->engine->hello_settled(s))
        reject_hello(s, SSL_AD_INTERNAL_ERROR, ERR_R_MALLOC_FAILURE);
    x->in_hello = 0;
}

void kuma_ext_server_hello(SSL *s, const unsigned char *data, size_t len)
{
    kuma_ext_ssl *x = ext_ssl(s);

    if (x == NULL) {
        s->hello_seen = 1;          /* out of memory: let the engine go on alone */
        return;
    }
    if (kuma_hello_feed(&x->hello, data, len) == KUMA_HELLO_MORE)
        return;
    s->hello_seen = 1;
    x->offers_tls13 = x->hello.status == KUMA_HELLO_DONE && x->hello.offers_tls13;
    on_client_hello(s, x);
    kuma_hello_clear(&x->hello);
}

/* ---- switching SSL_CTX -------------------------------------------------------------------------- */

/*
 * As OpenSSL, the SSL takes the new SSL_CTX's certificate and key (its
 * own, if it had any, are dropped) and keeps everything else: verify mode,
 * options, versions. The first SSL_CTX stays referenced, as OpenSSL's
 * session_ctx, because the running engine uses its session cache and
 * trust anchors. A server inside its servername callback re-applies the
 * credentials before its engine chooses them.
 */
SSL_CTX *SSL_set_SSL_CTX(SSL *s, SSL_CTX *ctx)
{
    kuma_ext_ssl *x;

    if (KUMA_NULL_ARG(ERR_LIB_SSL, s) || (x = ext_ssl(s)) == NULL)
        return NULL;
    if (ctx == NULL)
        ctx = x->first_ctx != NULL ? x->first_ctx : s->ctx;
    if (ctx == s->ctx)
        return ctx;
    SSL_CTX_up_ref(ctx);
    if (x->first_ctx == NULL)
        x->first_ctx = s->ctx;          /* our reference moves there */
    else
        SSL_CTX_free(s->ctx);
    s->ctx = ctx;
    /* the engine may still point at per-connection credentials: keep them until SSL_free */
    if (s->creds.cert != NULL || s->creds.key != NULL) {
        kuma_creds_clear(&x->retired);
        x->retired = s->creds;
        memset(&s->creds, 0, sizeof(s->creds));
    }
    if (x->in_hello && !s->engine->reload_creds(s)) {
        reject_hello(s, SSL_AD_INTERNAL_ERROR, SSL_R_CALLBACK_FAILED);
        return NULL;
    }
    return ctx;
}
