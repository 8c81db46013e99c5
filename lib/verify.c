/*
 * kumassl: the X.509 verifier handed to the BearSSL engine.
 *
 * It wraps BearSSL's minimal engine (chain, signatures, validity, key
 * usage against the trust anchors) and adds what OpenSSL programs expect:
 * a path built from certificates sent in any order, a result kept for
 * SSL_get_verify_result() even under SSL_VERIFY_NONE, expired told apart
 * from not yet valid, the verify callback, the checks of the SSL's
 * X509_VERIFY_PARAM (host names, IP address, depth, time), and the
 * peer's chain kept for SSL_get1_peer_certificate().
 */
#include <string.h>
#include "ssl_int.h"

/* Certificates larger than this are not kept (a leaf that large fails the chain). */
#define MAX_CERT_KEEP (64 * 1024)

static kuma_verifier *verifier_of(const br_x509_class **ctx)
{
    return (kuma_verifier *)(void *)ctx;
}

static const br_x509_class **inner_of(kuma_verifier *v)
{
    return &v->minimal.vtable;
}

/* ---- receiving: the certificates are only kept until the chain ends ------------ */

static void v_start_chain(const br_x509_class **ctx, const char *server_name)
{
    kuma_verifier *v = verifier_of(ctx);
    SSL *s = v->ssl;

    /* Names are checked at the end, with OpenSSL's rules; SNI is not a check. */
    (void)server_name;
    sk_X509_pop_free(s->peer_chain, X509_free);
    s->peer_chain = sk_X509_new_null();
    sk_X509_pop_free(s->verified_chain, X509_free);
    s->verified_chain = NULL;
    OPENSSL_free(s->param->peername);   /* a name matched in an earlier handshake */
    s->param->peername = NULL;
    v->error_depth = -1;
    v->count = 0;
    v->path_len = 0;
    v->leaf_lost = 0;
    v->accept = 0;
}

static void v_start_cert(const br_x509_class **ctx, uint32_t length)
{
    kuma_verifier *v = verifier_of(ctx);
    kuma_peer_cert *c = &v->certs[v->count];

    v->cur_kept = 0;
    v->cur_expect = length;
    if (v->leaf_lost || v->count >= KUMA_VERIFY_MAX_CERTS || length > MAX_CERT_KEEP)
        return;     /* past the bound: dropped, as extra certificates are */
    if (length > c->cap) {
        unsigned char *p = realloc(c->der, length);

        if (p == NULL)
            return;
        c->der = p;
        c->cap = length;
    }
    c->len = 0;
    v->cur_kept = 1;
}

static void v_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
    kuma_verifier *v = verifier_of(ctx);
    kuma_peer_cert *c = &v->certs[v->count];

    if (!v->cur_kept)
        return;
    if (len > v->cur_expect - c->len) {
        v->cur_kept = 0;    /* more than announced: the engine would not allow it */
        return;
    }
    memcpy(c->der + c->len, buf, len);
    c->len += len;
}

static void v_end_cert(const br_x509_class **ctx)
{
    kuma_verifier *v = verifier_of(ctx);
    kuma_peer_cert *c = &v->certs[v->count];

    if (!v->cur_kept || c->len != v->cur_expect) {
        /* Without the leaf no path can start; other losses only shorten the choice. */
        if (v->count == 0)
            v->leaf_lost = 1;
        return;
    }
    ERR_set_mark();
    c->x = kuma_x509_from_der(c->der, c->len);
    ERR_pop_to_mark();      /* an unreadable certificate is BearSSL's verdict to give */
    if (c->x != NULL && !sk_X509_push(v->ssl->peer_chain, c->x)) {
        X509_free(c->x);
        c->x = NULL;
    }
    v->count++;
}

/* ---- building the path ---------------------------------------------------------- */

/*
 * Whether one of the anchors the engine was given has x's issuer as its name.
 * They are read from the minimal engine itself: after SSL_set_SSL_CTX the
 * SSL's store may no longer be the one the engine checks against.
 */
static int issued_by_anchor(const kuma_verifier *v, const X509 *x)
{
    size_t i;

    for (i = 0; i < v->minimal.trust_anchors_num; i++) {
        const br_x500_name *dn = &v->minimal.trust_anchors[i].dn;

        if (dn->len == x->issuer.len && memcmp(dn->data, x->issuer.der, dn->len) == 0)
            return 1;
    }
    return 0;
}

/* The unused received certificate whose subject is x's issuer, or -1. */
static int find_issuer(const kuma_verifier *v, const X509 *x, const unsigned char *used)
{
    int i;

    for (i = 0; i < v->count; i++) {
        if (!used[i] && v->certs[i].x != NULL
            && X509_NAME_cmp(&v->certs[i].x->subject, &x->issuer) == 0)
            return i;
    }
    return -1;
}

/*
 * From the leaf, follows issuer names through the received certificates
 * until an anchor's name or a dead end; what is left over is ignored, as
 * OpenSSL ignores it. Each certificate is used once, so it terminates.
 */
static void build_path(kuma_verifier *v)
{
    unsigned char used[KUMA_VERIFY_MAX_CERTS] = { 0 };
    int cur = 0;

    v->path_len = 0;
    while (v->count > 0 && cur >= 0) {
        const X509 *x = v->certs[cur].x;

        v->path[v->path_len++] = cur;
        used[cur] = 1;
        if (x == NULL || issued_by_anchor(v, x))
            break;
        cur = find_issuer(v, x, used);
    }
}

/* Sets the time BearSSL checks validity at: the parameter's, else now. */
static void set_check_time(kuma_verifier *v)
{
    const X509_VERIFY_PARAM *p = v->ssl->param;
    uint32_t days, secs;

    v->vtime = (p->flags & X509_V_FLAG_USE_CHECK_TIME) ? p->check_time : time(NULL);
    if (!kuma_time_to_br(v->vtime, &days, &secs)) {
        /* before year 0 or after 11 million AD: 0/0 would mean "now", so pin the first second */
        days = 0;
        secs = 1;
    }
    br_x509_minimal_set_time(&v->minimal, days, secs);
}

/* Runs BearSSL's minimal engine on the built path; its BR_ERR_X509_* result. */
static unsigned run_minimal(kuma_verifier *v)
{
    const br_x509_class **in = inner_of(v);
    int d;

    if (v->leaf_lost)
        return BR_ERR_X509_LIMIT_EXCEEDED;
    set_check_time(v);
    (*in)->start_chain(in, NULL);
    for (d = 0; d < v->path_len; d++) {
        const kuma_peer_cert *c = &v->certs[v->path[d]];

        (*in)->start_cert(in, (uint32_t)c->len);
        (*in)->append(in, c->der, c->len);
        (*in)->end_cert(in);
        if (v->error_depth < 0 && v->minimal.err != 0 && v->minimal.err != BR_ERR_X509_OK)
            v->error_depth = d;
    }
    return (*in)->end_chain(in);
}

/* Publishes the path for SSL_get0_verified_chain(). */
static void keep_verified_chain(kuma_verifier *v)
{
    STACK_OF(X509) *sk = sk_X509_new_null();
    int d;

    for (d = 0; sk != NULL && d < v->path_len; d++) {
        X509 *x = v->certs[v->path[d]].x;

        if (x == NULL)
            break;
        X509_up_ref(x);
        if (!sk_X509_push(sk, x))
            X509_free(x);
    }
    v->ssl->verified_chain = sk;
}

/* ---- judging ------------------------------------------------------------------------ */

/* The certificate at depth d of the built path (0: the peer's own), or NULL. */
static X509 *cert_at(const kuma_verifier *v, int d)
{
    if (d < 0 || d >= v->path_len)
        return NULL;
    return v->certs[v->path[d]].x;
}

static int self_signed(const X509 *x)
{
    return x != NULL && X509_NAME_cmp(&x->subject, &x->issuer) == 0;
}

/* OpenSSL's code for a chain BearSSL could not anchor. */
static long untrusted_code(const kuma_verifier *v)
{
    if (v->path_len == 1 && self_signed(cert_at(v, 0)))
        return X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
    if (v->path_len > 1 && self_signed(cert_at(v, v->path_len - 1)))
        return X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
    return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
}

/* BearSSL's "expired" covers both ends of the validity period: which one it was. */
static long validity_code(const kuma_verifier *v, int depth)
{
    const kuma_peer_cert *c = depth >= 0 && depth < v->path_len ? &v->certs[v->path[depth]] : NULL;
    time_t not_before, not_after;

    if (c != NULL && kuma_x509_validity(c->der, c->len, &not_before, &not_after)
        && v->vtime < not_before)
        return X509_V_ERR_CERT_NOT_YET_VALID;
    return X509_V_ERR_CERT_HAS_EXPIRED;
}

/* Maps a BearSSL X.509 error, found at depth, to OpenSSL's X509_V_ERR_* code. */
static long map_x509_error(const kuma_verifier *v, unsigned err, int depth)
{
    switch (err) {
    case 0:
    case BR_ERR_X509_OK:
        return X509_V_OK;
    case BR_ERR_X509_NOT_TRUSTED:
        return untrusted_code(v);
    case BR_ERR_X509_DN_MISMATCH:
        /* the next certificate is not this one's issuer: no path to an anchor */
        return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
    case BR_ERR_X509_EXPIRED:
        return validity_code(v, depth);
    case BR_ERR_X509_BAD_SIGNATURE:
        return X509_V_ERR_CERT_SIGNATURE_FAILURE;
    case BR_ERR_X509_NOT_CA:
        return X509_V_ERR_INVALID_CA;
    case BR_ERR_X509_FORBIDDEN_KEY_USAGE:
        return X509_V_ERR_INVALID_PURPOSE;
    case BR_ERR_X509_WEAK_PUBLIC_KEY:
        return X509_V_ERR_EE_KEY_TOO_SMALL;
    case BR_ERR_X509_BAD_SERVER_NAME:
        return X509_V_ERR_HOSTNAME_MISMATCH;
    case BR_ERR_X509_CRITICAL_EXTENSION:
        return X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION;
    case BR_ERR_X509_LIMIT_EXCEEDED:
        return X509_V_ERR_CERT_CHAIN_TOO_LONG;
    case BR_ERR_X509_EMPTY_CHAIN:
        return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT;
    default:
        return X509_V_ERR_UNSPECIFIED;
    }
}

/* Whether any of the parameter's host names matches the leaf; records the one that did. */
static int match_any_host(X509_VERIFY_PARAM *p, X509 *leaf)
{
    size_t i;

    for (i = 0; i < p->nhosts; i++) {
        if (kuma_x509_match_host(leaf, p->hosts[i], p->hostflags)) {
            OPENSSL_free(p->peername);
            p->peername = OPENSSL_strdup(p->hosts[i]);
            return 1;
        }
    }
    return 0;
}

/* The checks of the SSL's X509_VERIFY_PARAM on the leaf: host names, then IP address. */
static long check_names(SSL *s, X509 *leaf)
{
    X509_VERIFY_PARAM *p = s->param;

    if (p->nhosts == 0 && p->iplen == 0)
        return X509_V_OK;
    if (leaf == NULL)
        return X509_V_ERR_UNSPECIFIED;
    if (p->nhosts > 0 && !match_any_host(p, leaf))
        return X509_V_ERR_HOSTNAME_MISMATCH;
    if (p->iplen > 0 && !kuma_x509_match_ip(leaf, p->ip, p->iplen))
        return X509_V_ERR_IP_ADDRESS_MISMATCH;
    return X509_V_OK;
}

/*
 * The depth OpenSSL reports an error at. BearSSL notices a bad signature or
 * a wrong issuer name of certificate i-1 while reading certificate i, and
 * errors of the last certificate only at the end of the chain.
 */
static int error_depth_of(const kuma_verifier *v, unsigned br)
{
    if (br == BR_ERR_X509_NOT_TRUSTED || v->error_depth < 0)
        return v->path_len - 1;
    if ((br == BR_ERR_X509_BAD_SIGNATURE || br == BR_ERR_X509_DN_MISMATCH) && v->error_depth > 0)
        return v->error_depth - 1;
    return v->error_depth;
}

/*
 * Gives the verify callback each certificate of the path, top first, as
 * OpenSSL does; returns 0 when the callback rejects, and updates *verr with
 * its verdict. Below an error nothing was checked, so those depths carry
 * the error too.
 */
static int run_callback(SSL *s, kuma_verifier *v, long *verr, int err_depth)
{
    X509_STORE_CTX sctx;
    int d, ok;

    for (d = v->path_len - 1; d >= 0; d--) {
        memset(&sctx, 0, sizeof(sctx));
        sctx.error = d <= err_depth ? (int)*verr : X509_V_OK;
        sctx.depth = d;
        sctx.current = cert_at(v, d);
        sctx.ssl = s;
        ok = s->cfg.verify_cb(sctx.error == X509_V_OK, &sctx);
        if (!ok) {
            *verr = sctx.error != X509_V_OK ? sctx.error : X509_V_ERR_APPLICATION_VERIFICATION;
            return 0;
        }
    }
    return 1;
}

/*
 * A rejected peer leaves nothing behind, and a server must not carry on:
 * BearSSL's "tolerate no client auth" also covers a rejected certificate,
 * and would skip the CertificateVerify and finish the handshake.
 */
static unsigned reject(kuma_verifier *v, unsigned br)
{
    br_ssl_engine_context *eng = kuma_br_engine(v->ssl);

    if (eng != NULL)
        br_ssl_engine_remove_flags(eng, BR_OPT_TOLERATE_NO_CLIENT_AUTH);
    sk_X509_pop_free(v->ssl->peer_chain, X509_free);
    v->ssl->peer_chain = NULL;
    sk_X509_pop_free(v->ssl->verified_chain, X509_free);
    v->ssl->verified_chain = NULL;
    v->count = 0;
    v->path_len = 0;
    return br != 0 && br != BR_ERR_X509_OK ? br : BR_ERR_X509_NOT_TRUSTED;
}

/* OpenSSL's result for the path: BearSSL's verdict, then depth, then names. */
static long judge_path(kuma_verifier *v, unsigned br, int *depth)
{
    SSL *s = v->ssl;
    int limit = kuma_param_depth(s->param);
    long verr = map_x509_error(v, br, *depth);

    if (verr == X509_V_OK && v->path_len > limit + 1) {
        *depth = limit + 1;     /* the first certificate past the limit, as OpenSSL */
        return X509_V_ERR_CERT_CHAIN_TOO_LONG;
    }
    if (verr == X509_V_OK) {
        *depth = 0;
        verr = check_names(s, cert_at(v, 0));
    }
    return verr;
}

static unsigned v_end_chain(const br_x509_class **ctx)
{
    kuma_verifier *v = verifier_of(ctx);
    SSL *s = v->ssl;
    unsigned br;
    long verr;
    int depth, cb_ok = 1;

    build_path(v);
    br = run_minimal(v);
    depth = error_depth_of(v, br);
    verr = judge_path(v, br, &depth);
    keep_verified_chain(v);
    if (s->cfg.verify_cb != NULL)
        cb_ok = run_callback(s, v, &verr, depth);
    s->verify_result = verr;
    if (verr == X509_V_OK || (cb_ok && s->cfg.verify_cb != NULL)
        || !(SSL_get_verify_mode(s) & SSL_VERIFY_PEER)) {
        v->accept = 1;
        return 0;
    }
    return reject(v, br);
}

static const br_x509_pkey *v_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
    kuma_verifier *v = verifier_of((const br_x509_class **)ctx);
    const br_x509_pkey *pk = (*inner_of(v))->get_pkey(inner_of(v), usages);
    X509 *leaf;

    if (pk != NULL || !v->accept)
        return pk;
    /* Accepted despite an error: the key comes from our own decoding of the leaf. */
    leaf = cert_at(v, 0);
    if (leaf == NULL)
        return NULL;
    if (usages != NULL)
        *usages = BR_KEYTYPE_KEYX | BR_KEYTYPE_SIGN;
    return &leaf->pkey;
}

static const br_x509_class verifier_class = {
    sizeof(kuma_verifier), v_start_chain, v_start_cert, v_append,
    v_end_cert, v_end_chain, v_get_pkey
};

void kuma_verifier_init(kuma_verifier *v, SSL *s)
{
    v->vtable = &verifier_class;
    v->ssl = s;
    v->error_depth = -1;
}

void kuma_verifier_clear(kuma_verifier *v)
{
    int i;

    for (i = 0; i < KUMA_VERIFY_MAX_CERTS; i++) {
        free(v->certs[i].der);
        v->certs[i].der = NULL;
        v->certs[i].cap = 0;
    }
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
