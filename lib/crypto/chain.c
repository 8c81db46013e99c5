/*
 * kumassl: checking a certificate chain, for the TLS verifier (verify.c)
 * and for X509_verify_cert().
 *
 * BearSSL's minimal engine checks signatures, validity and key usage, but
 * only along a chain given in order and with one verdict. Around it this
 * file orders a path from certificates given in any order, tells expired
 * from not yet valid, maps the verdict to OpenSSL's X509_V_ERR_* code and
 * depth, applies the X509_VERIFY_PARAM (depth limit, host names, IP
 * address, time) and runs the verify callback as OpenSSL does.
 *
 * It only needs libcrypto (X509, X509_VERIFY_PARAM, BearSSL), so it lives
 * there, and programs linking -lcrypto alone get X509_verify_cert().
 */
#include <string.h>
#include "crypto_int.h"    /* the X509_VERIFY_PARAM structure (libcrypto's, defined there) */

/* ---- building the path ---------------------------------------------------------- */

/*
 * Whether one of the anchors the engine was given has x's issuer as its name.
 * They are read from the minimal engine itself: after SSL_set_SSL_CTX the
 * SSL's store may no longer be the one the engine checks against.
 */
static int issued_by_anchor(const kuma_chain *ch, const X509 *x)
{
    const br_x509_minimal_context *m = ch->minimal;
    size_t i;

    for (i = 0; i < m->trust_anchors_num; i++) {
        const br_x500_name *dn = &m->trust_anchors[i].dn;

        if (dn->len == x->issuer.len && memcmp(dn->data, x->issuer.der, dn->len) == 0)
            return 1;
    }
    return 0;
}

/* The unused certificate whose subject is x's issuer, or -1. */
static int find_issuer(const kuma_chain *ch, const X509 *x, const unsigned char *used)
{
    int i;

    for (i = 0; i < ch->count; i++) {
        if (!used[i] && ch->certs[i].x != NULL
            && X509_NAME_cmp(&ch->certs[i].x->subject, &x->issuer) == 0)
            return i;
    }
    return -1;
}

/*
 * From the leaf, follows issuer names through the certificates until an
 * anchor's name or a dead end; what is left over is ignored, as OpenSSL
 * ignores it. Each certificate is used once, so it terminates.
 */
static void build_path(kuma_chain *ch)
{
    unsigned char used[KUMA_VERIFY_MAX_CERTS] = { 0 };
    int cur = 0;

    ch->path_len = 0;
    while (ch->count > 0 && cur >= 0) {
        const X509 *x = ch->certs[cur].x;

        ch->path[ch->path_len++] = cur;
        used[cur] = 1;
        if (x == NULL || issued_by_anchor(ch, x))
            break;
        cur = find_issuer(ch, x, used);
    }
}

/* Sets the time BearSSL checks validity at: the parameter's, else now. */
static void set_check_time(kuma_chain *ch)
{
    const X509_VERIFY_PARAM *p = ch->param;
    uint32_t days, secs;

    ch->vtime = (p->flags & X509_V_FLAG_USE_CHECK_TIME) ? p->check_time : time(NULL);
    if (!kuma_time_to_br(ch->vtime, &days, &secs)) {
        /* before year 0 or after 11 million AD: 0/0 would mean "now", so pin the first second */
        days = 0;
        secs = 1;
    }
    br_x509_minimal_set_time(ch->minimal, days, secs);
}

/* Runs BearSSL's minimal engine on the built path; its BR_ERR_X509_* result. */
static unsigned run_minimal(kuma_chain *ch)
{
    const br_x509_class **in = &ch->minimal->vtable;
    int d;

    if (ch->leaf_lost)
        return BR_ERR_X509_LIMIT_EXCEEDED;
    set_check_time(ch);
    (*in)->start_chain(in, NULL);
    for (d = 0; d < ch->path_len; d++) {
        const kuma_chain_cert *c = &ch->certs[ch->path[d]];

        (*in)->start_cert(in, (uint32_t)c->len);
        (*in)->append(in, c->der, c->len);
        (*in)->end_cert(in);
        if (ch->error_depth < 0 && ch->minimal->err != 0 && ch->minimal->err != BR_ERR_X509_OK)
            ch->error_depth = d;
    }
    return (*in)->end_chain(in);
}

/* ---- extensions BearSSL's minimal engine does not judge ----------------------------------- */

static const unsigned char OID_BASIC_CONSTRAINTS[] = { 0x55, 0x1D, 0x13 };
static const unsigned char OID_KEY_USAGE[] = { 0x55, 0x1D, 0x0F };
static const unsigned char OID_EXT_KEY_USAGE[] = { 0x55, 0x1D, 0x25 };
/* id-kp-serverAuth and id-kp-clientAuth: 1.3.6.1.5.5.7.3.1 and .2 */
static const unsigned char OID_KP_PREFIX[] = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03 };

/* Whether x has basicConstraints with cA TRUE. */
static int is_ca(const X509 *x)
{
    kuma_der ext, seq, val;
    unsigned char tag;

    if (x == NULL || !kuma_x509_find_ext(x, OID_BASIC_CONSTRAINTS, sizeof(OID_BASIC_CONSTRAINTS), &ext)
        || !kuma_der_next(&ext, &tag, &seq, NULL) || tag != 0x30)
        return 0;
    return kuma_der_next(&seq, &tag, &val, NULL) && tag == 0x01 && val.len == 1 && val.p[0] != 0;
}

/*
 * Whether x's extendedKeyUsage, if it has one, allows the TLS role (KUMA_PURPOSE_*):
 * as OpenSSL, anyExtendedKeyUsage alone does not, and a malformed extension does not.
 */
static int eku_allows(const X509 *x, int purpose)
{
    kuma_der ext, seq, oid;
    unsigned char tag;
    unsigned char want = purpose == KUMA_PURPOSE_SSL_SERVER ? 0x01 : 0x02;

    if (!kuma_x509_find_ext(x, OID_EXT_KEY_USAGE, sizeof(OID_EXT_KEY_USAGE), &ext))
        return 1;
    if (!kuma_der_next(&ext, &tag, &seq, NULL) || tag != 0x30)
        return 0;
    while (seq.len > 0) {
        if (!kuma_der_next(&seq, &tag, &oid, NULL) || tag != 0x06)
            return 0;
        if (oid.len == sizeof(OID_KP_PREFIX) + 1
            && memcmp(oid.p, OID_KP_PREFIX, sizeof(OID_KP_PREFIX)) == 0
            && oid.p[sizeof(OID_KP_PREFIX)] == want)
            return 1;
    }
    return 0;
}

/*
 * Whether the leaf's keyUsage, if it has one, allows the TLS role: as OpenSSL's
 * purposes, digitalSignature, keyEncipherment or keyAgreement for a server,
 * digitalSignature or keyAgreement for a client.
 */
static int ku_allows(const X509 *x, int purpose)
{
    kuma_der ext, bits;
    unsigned char tag, first;
    unsigned char need = purpose == KUMA_PURPOSE_SSL_SERVER ? 0x80 | 0x20 | 0x08 : 0x80 | 0x08;

    if (!kuma_x509_find_ext(x, OID_KEY_USAGE, sizeof(OID_KEY_USAGE), &ext))
        return 1;
    if (!kuma_der_next(&ext, &tag, &bits, NULL) || tag != 0x03 || bits.len < 1)
        return 0;
    first = bits.len > 1 ? bits.p[1] : 0;
    return (first & need) != 0;
}

/*
 * OpenSSL's purpose check for a TLS peer: every certificate of the path with
 * an extendedKeyUsage must allow the role, and the leaf's keyUsage too.
 * X509_V_OK, or X509_V_ERR_INVALID_PURPOSE with *depth set.
 */
static long check_purpose(const kuma_chain *ch, int *depth)
{
    int d;

    if (ch->purpose == KUMA_PURPOSE_ANY)
        return X509_V_OK;
    for (d = 0; d < ch->path_len; d++) {
        const X509 *x = kuma_chain_cert_at(ch, d);

        if (x != NULL && (!eku_allows(x, ch->purpose) || (d == 0 && !ku_allows(x, ch->purpose)))) {
            *depth = d;
            return X509_V_ERR_INVALID_PURPOSE;
        }
    }
    return X509_V_OK;
}

/* ---- judging ------------------------------------------------------------------------ */

X509 *kuma_chain_cert_at(const kuma_chain *ch, int d)
{
    if (d < 0 || d >= ch->path_len)
        return NULL;
    return ch->certs[ch->path[d]].x;
}

static int self_signed(const X509 *x)
{
    return x != NULL && X509_NAME_cmp(&x->subject, &x->issuer) == 0;
}

/* OpenSSL's code for a chain BearSSL could not anchor. */
static long untrusted_code(const kuma_chain *ch)
{
    const X509 *top = kuma_chain_cert_at(ch, ch->path_len - 1);

    /* the top certificate names an anchor as its issuer, yet did not verify: its signature */
    if (top != NULL && !self_signed(top) && issued_by_anchor(ch, top))
        return X509_V_ERR_CERT_SIGNATURE_FAILURE;
    if (ch->path_len == 1 && self_signed(kuma_chain_cert_at(ch, 0)))
        return X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
    if (ch->path_len > 1 && self_signed(kuma_chain_cert_at(ch, ch->path_len - 1)))
        return X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
    return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
}

/* BearSSL's "expired" covers both ends of the validity period: which one it was. */
static long validity_code(const kuma_chain *ch, int depth)
{
    const kuma_chain_cert *c = depth >= 0 && depth < ch->path_len ? &ch->certs[ch->path[depth]] : NULL;
    time_t not_before, not_after;

    if (c != NULL && kuma_x509_validity(c->der, c->len, &not_before, &not_after)
        && ch->vtime < not_before)
        return X509_V_ERR_CERT_NOT_YET_VALID;
    return X509_V_ERR_CERT_HAS_EXPIRED;
}

/* Maps a BearSSL X.509 error, found at depth, to OpenSSL's X509_V_ERR_* code. */
static long map_x509_error(const kuma_chain *ch, unsigned err, int depth)
{
    switch (err) {
    case 0:
    case BR_ERR_X509_OK:
        return X509_V_OK;
    case BR_ERR_X509_NOT_TRUSTED:
        return untrusted_code(ch);
    case BR_ERR_X509_DN_MISMATCH:
        /* the next certificate is not this one's issuer: no path to an anchor */
        return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
    case BR_ERR_X509_EXPIRED:
        return validity_code(ch, depth);
    case BR_ERR_X509_BAD_SIGNATURE:
        return X509_V_ERR_CERT_SIGNATURE_FAILURE;
    case BR_ERR_X509_NOT_CA:
        /* BearSSL says "not a CA" also for a CA whose pathLenConstraint is exceeded */
        return is_ca(kuma_chain_cert_at(ch, depth)) ? X509_V_ERR_PATH_LENGTH_EXCEEDED
                                                    : X509_V_ERR_INVALID_CA;
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

/* The checks of the X509_VERIFY_PARAM on the leaf: host names, then IP address. */
static long check_names(X509_VERIFY_PARAM *p, X509 *leaf)
{
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
static int error_depth_of(const kuma_chain *ch)
{
    unsigned br = ch->br;

    if (br == BR_ERR_X509_NOT_TRUSTED || ch->error_depth < 0)
        return ch->path_len - 1;
    if ((br == BR_ERR_X509_BAD_SIGNATURE || br == BR_ERR_X509_DN_MISMATCH) && ch->error_depth > 0)
        return ch->error_depth - 1;
    return ch->error_depth;
}

/* OpenSSL's result for the path: BearSSL's verdict, then depth, then names. */
static long judge_path(kuma_chain *ch, int *depth)
{
    int limit = kuma_param_depth(ch->param);
    long verr = map_x509_error(ch, ch->br, *depth);

    if (verr == X509_V_OK)
        verr = check_purpose(ch, depth);
    if (verr == X509_V_OK && ch->path_len > limit + 1) {
        *depth = limit + 1;     /* the first certificate past the limit, as OpenSSL */
        return X509_V_ERR_CERT_CHAIN_TOO_LONG;
    }
    if (verr == X509_V_OK) {
        *depth = 0;
        verr = check_names(ch->param, kuma_chain_cert_at(ch, 0));
    }
    return verr;
}

/* Points the callback's context at depth d, with this error. */
static void sctx_at(kuma_chain *ch, int d, long err)
{
    ch->sctx->error = (int)err;
    ch->sctx->depth = d;
    ch->sctx->current = kuma_chain_cert_at(ch, d);
}

/*
 * Gives the verify callback each certificate of the path, top first, as
 * OpenSSL does; returns 0 when the callback rejects, and updates *verr with
 * its verdict (the context then stays at the depth rejected). Below an
 * error nothing was checked, so those depths carry the error too.
 */
static int run_callback(kuma_chain *ch, long *verr, int err_depth)
{
    X509_STORE_CTX *sctx = ch->sctx;
    int d;

    for (d = ch->path_len - 1; d >= 0; d--) {
        sctx_at(ch, d, d <= err_depth ? *verr : X509_V_OK);
        if (!ch->cb(sctx->error == X509_V_OK, sctx)) {
            *verr = sctx->error != X509_V_OK ? sctx->error : X509_V_ERR_APPLICATION_VERIFICATION;
            sctx->error = (int)*verr;
            return 0;
        }
    }
    return 1;
}

int kuma_x509_push_ref(STACK_OF(X509) *sk, X509 *x)
{
    X509_up_ref(x);
    if (sk_X509_push(sk, x))
        return 1;
    X509_free(x);
    return 0;
}

/* The built path as a new stack holding references, or NULL when memory runs out. */
static STACK_OF(X509) *path_stack(const kuma_chain *ch)
{
    STACK_OF(X509) *sk = sk_X509_new_null();
    int d;

    for (d = 0; sk != NULL && d < ch->path_len; d++) {
        X509 *x = kuma_chain_cert_at(ch, d);

        if (x == NULL || !kuma_x509_push_ref(sk, x))
            break;
    }
    return sk;
}

long kuma_chain_verify(kuma_chain *ch)
{
    long verr;
    int depth;

    OPENSSL_free(ch->param->peername);  /* a name matched in an earlier verification */
    ch->param->peername = NULL;
    ch->error_depth = -1;
    build_path(ch);
    ch->br = run_minimal(ch);
    depth = error_depth_of(ch);
    verr = judge_path(ch, &depth);
    ch->sctx->chain = path_stack(ch);
    ch->cb_ok = ch->cb == NULL || run_callback(ch, &verr, depth);
    if (ch->cb_ok)
        sctx_at(ch, verr == X509_V_OK ? 0 : depth, verr);
    return verr;
}

/* ---- X509_verify_cert ----------------------------------------------------------------- */

/* Offers x for the path (borrowed: the caller of X509_STORE_CTX_init keeps it alive). */
static void offer(kuma_chain_cert *c, X509 *x)
{
    c->der = x->der;
    c->len = x->der_len;
    c->cap = 0;
    c->x = x;
}

/* The target, then the untrusted certificates (as many as fit); their number. */
static int gather_certs(const X509_STORE_CTX *ctx, kuma_chain_cert *certs)
{
    int n = 0, i;

    offer(&certs[n++], ctx->cert);
    for (i = 0; i < sk_X509_num(ctx->untrusted) && n < KUMA_VERIFY_MAX_CERTS; i++) {
        X509 *x = sk_X509_value(ctx->untrusted, i);

        if (x != NULL && x != ctx->cert && x->der != NULL)
            offer(&certs[n++], x);
    }
    return n;
}

/* OpenSSL's checks before verifying: a target, a fresh context. 1 when they pass. */
static int can_verify(X509_STORE_CTX *ctx)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx))
        return 0;
    if (ctx->cert == NULL || ctx->cert->der == NULL || ctx->param == NULL) {
        ERR_raise(ERR_LIB_X509, X509_R_NO_CERT_SET_FOR_US_TO_VERIFY);
    } else if (ctx->chain != NULL) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED,
                       "already verified: X509_STORE_CTX_init it again");
    } else {
        return 1;
    }
    ctx->error = X509_V_ERR_INVALID_CALL;
    return 0;
}

int X509_verify_cert(X509_STORE_CTX *ctx)
{
    br_x509_minimal_context minimal;
    kuma_chain_cert certs[KUMA_VERIFY_MAX_CERTS];
    const br_x509_trust_anchor *tas = NULL;
    size_t n = 0;
    kuma_chain ch;
    long verr;

    if (!can_verify(ctx))
        return -1;
    if (ctx->store != NULL)
        kuma_store_anchors(ctx->store, &tas, &n);
    br_x509_minimal_init_full(&minimal, tas, n);
    memset(&ch, 0, sizeof(ch));
    ch.minimal = &minimal;
    ch.certs = certs;
    ch.count = gather_certs(ctx, certs);
    ch.param = ctx->param;
    ch.cb = ctx->verify_cb;
    ch.sctx = ctx;
    verr = kuma_chain_verify(&ch);
    if (ctx->chain == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        ctx->error = X509_V_ERR_OUT_OF_MEM;
        return -1;
    }
    /* an error the callback let through still fails without one, as OpenSSL's default callback */
    return verr == X509_V_OK || (ch.cb != NULL && ch.cb_ok);
}
