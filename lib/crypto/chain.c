/*
 * kumassl: checking a certificate chain, one core for the TLS verifiers and
 * for X509_verify_cert().
 *
 * The path is built by path.c; this file checks it in OpenSSL's order
 * (RFC 5280 6.1 with OpenSSL's codes and depths): the leaf's key, the
 * build result, the extensions of every certificate (critical ones,
 * CA-ness, X509_STRICT's profile, the purpose, pathLenConstraint), key and
 * digest strength (auth level), the reference identities, revocation
 * (crl.c), then signatures and validity top down, then name constraints.
 *
 * Each error goes to the verify callback as it is found (ok = 0, the
 * context at the certificate's depth); a callback returning 1 lets the
 * checks carry on, and whatever it set with X509_STORE_CTX_set_error stays
 * the result (that is how a pinning callback accepts a chain). Each
 * certificate is also shown to the callback with ok = 1 once its signature
 * and time are checked, top first. Without a callback the first error ends
 * the check. Path building judges candidate paths by the same checks run
 * silently, so what is reported is what the chosen path really is.
 *
 * It only needs libcrypto (X509, X509_STORE, X509_VERIFY_PARAM, BearSSL),
 * so programs linking -lcrypto alone get X509_verify_cert().
 */
#include <string.h>
#include "chain_int.h"

#define PATH_WORK 4096          /* search steps for one verification */

/* One run of the checks over a path. */
typedef struct {
    kuma_chain *ch;
    kuma_path *p;
    const int *idx;             /* node index of each depth */
    int len;
    int trusted;
    int report;                 /* errors go to the callback (else the first one ends the run) */
    long err;                   /* silent runs: the first error */
    unsigned long flags;
    int purpose, level;
} run;

static X509 *x_at(const run *r, int d)
{
    return r->p->nodes[r->idx[d]].x;
}

static const kuma_node *node_at(const run *r, int d)
{
    return &r->p->nodes[r->idx[d]];
}

/* Points the callback's context at depth d, with this error. */
static void sctx_at(const run *r, int d, long err)
{
    X509_STORE_CTX *s = r->ch->sctx;

    s->error = (int)err;
    s->depth = d;
    s->current = d >= 0 && d < r->len ? x_at(r, d) : NULL;
}

/*
 * An error at depth d: 1 to carry on (the callback accepted it), 0 to stop.
 * A callback that refuses without saying why (or after setting X509_V_OK)
 * gets X509_V_ERR_UNSPECIFIED, as from OpenSSL 3.0's X509_verify_cert.
 */
static int fail(run *r, int d, long err)
{
    X509_STORE_CTX *s = r->ch->sctx;

    if (!r->report) {
        r->err = err;
        return 0;
    }
    sctx_at(r, d, err);
    if (r->ch->cb != NULL && r->ch->cb(0, s))
        return 1;
    if (s->error == X509_V_OK)
        s->error = X509_V_ERR_UNSPECIFIED;
    return 0;
}

#define CHECK(r, cond, d, code) \
    do { if ((cond) && !fail((r), (d), (code))) return 0; } while (0)

/* ---- the build result ----------------------------------------------------------------- */

/* Whether some candidate could issue the top (the search stopped at the depth limit). */
static int top_has_issuer(const run *r)
{
    const kuma_node *top = node_at(r, r->len - 1);
    int i;

    for (i = 1; i < r->p->count; i++) {
        if (&r->p->nodes[i] != top && kuma_path_may_issue(&r->p->nodes[i], top))
            return 1;
    }
    return 0;
}

static int check_build(run *r)
{
    const kuma_node *top = node_at(r, r->len - 1);
    int limit = kuma_param_depth(r->ch->param);
    long code;

    if (r->trusted)
        return 1;
    if (r->len >= limit + 2 && !top->self_signed && top_has_issuer(r))
        code = X509_V_ERR_CERT_CHAIN_TOO_LONG;
    else if (top->self_signed)
        code = r->len == 1 ? X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
                           : X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
    else if (top->from == KUMA_FROM_STORE)
        code = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT;
    else
        code = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
    return fail(r, r->len - 1, code);
}

/* ---- extensions ----------------------------------------------------------------------- */

/* Whether the extendedKeyUsage, if any, names this purpose. */
static int eku_allows(const kuma_cert_info *ci, unsigned want)
{
    return !(ci->exts & KUMA_EXT_EKU) || (ci->eku & want);
}

/* Whether the keyUsage, if any, has one of these bits. */
static int ku_allows(const kuma_cert_info *ci, unsigned want)
{
    return !(ci->exts & KUMA_EXT_KU) || (ci->ku & want);
}

/* OpenSSL's X509_check_purpose, for a CA (ca) or the leaf. */
static int purpose_ok(const kuma_cert_info *ci, int purpose, int ca)
{
    const unsigned sig = KUMA_KU_DIGITAL_SIGNATURE, nonrep = 0x40;

    switch (purpose) {
    case X509_PURPOSE_SSL_CLIENT:
        return eku_allows(ci, KUMA_XKU_SSL_CLIENT) && (ca || ku_allows(ci, sig | KUMA_KU_KEY_AGREEMENT));
    case X509_PURPOSE_SSL_SERVER:
    case X509_PURPOSE_NS_SSL_SERVER:
        if (!eku_allows(ci, KUMA_XKU_SSL_SERVER))
            return 0;
        if (ca)
            return 1;
        if (purpose == X509_PURPOSE_NS_SSL_SERVER)
            return ku_allows(ci, KUMA_KU_KEY_ENCIPHERMENT);
        return ku_allows(ci, sig | KUMA_KU_KEY_ENCIPHERMENT | KUMA_KU_KEY_AGREEMENT);
    case X509_PURPOSE_SMIME_SIGN:
    case X509_PURPOSE_SMIME_ENCRYPT:
        if (!eku_allows(ci, KUMA_XKU_SMIME))
            return 0;
        if (ca)
            return 1;
        return ku_allows(ci, purpose == X509_PURPOSE_SMIME_SIGN ? sig | nonrep : KUMA_KU_KEY_ENCIPHERMENT);
    case X509_PURPOSE_CRL_SIGN:
        return ca || ku_allows(ci, KUMA_KU_CRL_SIGN);
    case X509_PURPOSE_TIMESTAMP_SIGN:
        /* RFC 3161: the leaf's only extended usage is timeStamping, and critical */
        return ca || ((ci->critical & KUMA_EXT_EKU) && ci->eku == KUMA_XKU_TIMESTAMP
                      && ku_allows(ci, sig | nonrep) && !(ci->ku & ~(sig | nonrep)));
    default:
        return 1;
    }
}

/* The RFC 5280 profile checks OpenSSL adds under X509_V_FLAG_X509_STRICT. */
static int check_strict(run *r, int i)
{
    const kuma_node *n = node_at(r, i);
    const kuma_cert_info *ci = &n->ci;
    int has_ku = (ci->exts & KUMA_EXT_KU) != 0, ca = ci->ca && (ci->exts & KUMA_EXT_BC);
    int subject_empty = kuma_name_entry_count(&n->x->subject) == 0;

    if (ci->pathlen != -1) {
        CHECK(r, !ca, i, X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA);
        CHECK(r, has_ku && !(ci->ku & KUMA_KU_KEY_CERT_SIGN), i, X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN);
    }
    CHECK(r, ca && !(ci->critical & KUMA_EXT_BC), i, X509_V_ERR_CA_BCONS_NOT_CRITICAL);
    if (ca)
        CHECK(r, !has_ku, i, X509_V_ERR_CA_CERT_MISSING_KEY_USAGE);
    else
        CHECK(r, has_ku && (ci->ku & KUMA_KU_KEY_CERT_SIGN), i, X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA);
    CHECK(r, kuma_name_entry_count(&n->x->issuer) == 0, i, X509_V_ERR_ISSUER_NAME_EMPTY);
    CHECK(r, subject_empty && (ca || (has_ku && (ci->ku & KUMA_KU_CRL_SIGN)) || !(ci->exts & KUMA_EXT_SAN)),
          i, X509_V_ERR_SUBJECT_NAME_EMPTY);
    CHECK(r, subject_empty && (ci->exts & KUMA_EXT_SAN) && !(ci->critical & KUMA_EXT_SAN),
          i, X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL);
    CHECK(r, (ci->exts & KUMA_EXT_SAN) && ci->san_count == 0, i, X509_V_ERR_EMPTY_SUBJECT_ALT_NAME);
    CHECK(r, ci->sigalg.len != ci->tbs_sigalg.len || memcmp(ci->sigalg.p, ci->tbs_sigalg.p, ci->sigalg.len) != 0,
          i, X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY);
    CHECK(r, ci->critical & KUMA_EXT_AKI, i, X509_V_ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL);
    CHECK(r, ci->critical & KUMA_EXT_SKI, i, X509_V_ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL);
    if (ci->version >= 2) {
        CHECK(r, i + 1 < r->len && ci->aki_keyid.len == 0, i, X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER);
        CHECK(r, ca && ci->ski.len == 0, i, X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER);
    } else {
        CHECK(r, ci->ext_count > 0, i, X509_V_ERR_EXTENSIONS_REQUIRE_VERSION_3);
    }
    return 1;
}

/* Critical extensions, CA-ness, the strict profile, the purpose and pathLenConstraint, leaf first. */
static int check_extensions(run *r)
{
    int strict = (r->flags & X509_V_FLAG_X509_STRICT) != 0;
    long plen = 0;
    int i;

    for (i = 0; i < r->len; i++) {
        const kuma_node *n = node_at(r, i);
        const kuma_cert_info *ci = &n->ci;
        int kind = kuma_cert_ca_kind(n->x, ci);

        CHECK(r, !n->ok || ci->bad_ext, i, X509_V_ERR_INVALID_EXTENSION);
        CHECK(r, ci->unknown_critical && !(r->flags & X509_V_FLAG_IGNORE_CRITICAL),
              i, X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION);
        if (i == 0)
            CHECK(r, strict && kind != 0 && kind != 1, i, X509_V_ERR_INVALID_CA);
        else
            CHECK(r, kind == 0 || ((i + 1 < r->len || strict) && kind != 1), i, X509_V_ERR_INVALID_CA);
        if (strict && r->len > 1 && !check_strict(r, i))
            return 0;
        CHECK(r, r->purpose > 0 && !purpose_ok(ci, r->purpose, i > 0), i, X509_V_ERR_INVALID_PURPOSE);
        CHECK(r, i > 1 && ci->pathlen != -1 && plen > ci->pathlen, i, X509_V_ERR_PATH_LENGTH_EXCEEDED);
        /* self-issued intermediates do not count (RFC 5280 6.1.4 (l)) */
        if (i > 0 && !ci->self_issued)
            plen++;
    }
    return 1;
}

/* ---- strength (security level) ------------------------------------------------------- */

static int key_ok(const run *r, int d)
{
    return kuma_pkey_security_bits(&x_at(r, d)->pkey) >= kuma_level_bits(r->level);
}

static int check_leaf_key(run *r)
{
    CHECK(r, r->level > 0 && !key_ok(r, 0), 0, X509_V_ERR_EE_KEY_TOO_SMALL);
    return 1;
}

/* CA keys, and the digests of every signature but the trust anchor's own. */
static int check_auth_level(run *r)
{
    int i;

    if (r->level <= 0)
        return 1;
    for (i = 0; i < r->len; i++) {
        const kuma_node *n = node_at(r, i);

        CHECK(r, i > 0 && !key_ok(r, i), i, X509_V_ERR_CA_KEY_TOO_SMALL);
        CHECK(r, (i + 1 < r->len || !n->self_signed)
                 && kuma_sig_security_bits(&n->ci.sigalg) < kuma_level_bits(r->level),
              i, X509_V_ERR_CA_MD_TOO_WEAK);
    }
    return 1;
}

/* ---- reference identities ------------------------------------------------------------- */

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

static int check_id(run *r)
{
    X509_VERIFY_PARAM *p = r->ch->param;
    X509 *leaf = x_at(r, 0);

    CHECK(r, p->nhosts > 0 && !match_any_host(p, leaf), 0, X509_V_ERR_HOSTNAME_MISMATCH);
    CHECK(r, p->email != NULL && !kuma_x509_match_email(leaf, p->email, p->hostflags),
          0, X509_V_ERR_EMAIL_MISMATCH);
    CHECK(r, p->iplen > 0 && !kuma_x509_match_ip(leaf, p->ip, p->iplen), 0, X509_V_ERR_IP_ADDRESS_MISMATCH);
    return 1;
}

/* ---- revocation ---------------------------------------------------------------------------- */

/* CRL_CHECK: the leaf; CRL_CHECK_ALL: every certificate of the path (a self-signed top is its own issuer). */
static int check_revocation(run *r)
{
    int last, i;

    if (!(r->flags & (X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL)))
        return 1;
    last = (r->flags & X509_V_FLAG_CRL_CHECK_ALL) ? r->len - 1 : 0;
    for (i = 0; i <= last; i++) {
        const kuma_node *n = node_at(r, i);
        const kuma_node *issuer = i + 1 < r->len ? node_at(r, i + 1) : n->self_signed ? n : NULL;
        long v = kuma_crl_check(r->ch->store, n, issuer, r->ch->vtime, r->flags);

        CHECK(r, v != X509_V_OK, i, v);
    }
    return 1;
}

/* ---- signatures and validity, top down ---------------------------------------------------- */

static int check_time(run *r, int d)
{
    X509 *x = x_at(r, d);
    time_t nb, na;

    if (r->flags & X509_V_FLAG_NO_CHECK_TIME)
        return 1;
    if (!kuma_x509_validity(x->der, x->der_len, &nb, &na))
        return fail(r, d, X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD);
    CHECK(r, r->ch->vtime < nb, d, X509_V_ERR_CERT_NOT_YET_VALID);
    CHECK(r, r->ch->vtime > na, d, X509_V_ERR_CERT_HAS_EXPIRED);
    return 1;
}

/* The signature of the certificate at depth d by the one at depth i (i == d: its own). */
static int check_signature(run *r, int d, int i)
{
    const kuma_node *xs = node_at(r, d), *xi = node_at(r, i);

    /* a self-issued end entity at the top is not a CA: its key usage does not apply (RFC 6818 2) */
    if (!(d == i && !xi->ci.ca))
        CHECK(r, (xi->ci.exts & KUMA_EXT_KU) && !(xi->ci.ku & KUMA_KU_KEY_CERT_SIGN),
              i, X509_V_ERR_KEYUSAGE_NO_CERTSIGN);
    CHECK(r, !kuma_sig_check(&xs->ci.tbs, &xs->ci.sigalg, &xs->ci.sig, &xi->x->pkey),
          d, X509_V_ERR_CERT_SIGNATURE_FAILURE);
    return 1;
}

/* Shows the callback a certificate that has been checked (ok = 1, the error as it stands). */
static int show(run *r, int d)
{
    X509_STORE_CTX *s = r->ch->sctx;

    if (!r->report || r->ch->cb == NULL)
        return 1;
    s->depth = d;
    s->current = x_at(r, d);
    if (r->ch->cb(1, s))
        return 1;
    if (s->error == X509_V_OK)
        s->error = X509_V_ERR_UNSPECIFIED;     /* OpenSSL 3.0's "safety net" */
    return 0;
}

static int check_signatures(run *r)
{
    int top = r->len - 1, d;
    const kuma_node *t = node_at(r, top);

    /* the anchor's own signature proves nothing; an untrusted top that is not self-issued has no issuer here */
    if (t->self_signed || t->ci.self_issued) {
        if ((r->flags & X509_V_FLAG_CHECK_SS_SIGNATURE) && !check_signature(r, top, top))
            return 0;
    } else if (!r->trusted && !(r->flags & X509_V_FLAG_PARTIAL_CHAIN)) {
        if (top == 0)
            CHECK(r, 1, 0, X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE);
        else
            top--;
    }
    for (d = top; d >= 0; d--) {
        if (d < r->len - 1 && !check_signature(r, d, d + 1))
            return 0;
        if (!check_time(r, d) || !show(r, d))
            return 0;
    }
    return 1;
}

/* ---- name constraints ---------------------------------------------------------------------- */

/* Each certificate against the constraints of every CA above it, anchor included (RFC 5280 6.1.3). */
static int check_name_constraints(run *r)
{
    unsigned hf = r->ch->param->hostflags;
    int i, j;

    for (i = r->len - 1; i >= 0; i--) {
        const kuma_node *n = node_at(r, i);
        int cn = i == 0 && !(hf & X509_CHECK_FLAG_NEVER_CHECK_SUBJECT)
                 && ((hf & X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT) || !kuma_names_have(&n->ci.san, 0x82));

        /* self-issued intermediates are exempt (6.1.3 (b)) */
        if (i != 0 && n->ci.self_issued)
            continue;
        for (j = r->len - 1; j > i; j--) {
            const kuma_node *ca = node_at(r, j);

            if (ca->ci.exts & KUMA_EXT_NC) {
                long v = kuma_nc_check(n->x, &n->ci, &ca->ci.nc, cn);

                CHECK(r, v != X509_V_OK, i, v);
            }
        }
    }
    return 1;
}

/* ---- one run -------------------------------------------------------------------------------- */

static int run_checks(run *r)
{
    return check_leaf_key(r) && check_build(r) && check_extensions(r) && check_auth_level(r)
           && check_id(r) && check_revocation(r) && check_signatures(r) && check_name_constraints(r);
}

/* path.c's judge: the checks run silently over a candidate path. */
static long judge(void *arg, const int *idx, int len, int trusted)
{
    run r = *(const run *)arg;

    r.idx = idx;
    r.len = len;
    r.trusted = trusted;
    r.report = 0;
    r.err = X509_V_OK;
    (void)run_checks(&r);
    return r.err;
}

/* ---- the candidates --------------------------------------------------------------------------- */

static int same_der(const X509 *a, const X509 *b)
{
    return a->der_len == b->der_len && memcmp(a->der, b->der, a->der_len) == 0;
}

/* The index of the store certificate identical to x, or -1. */
static int store_index(const kuma_path *p, int first_store, const X509 *x)
{
    int i;

    for (i = first_store; i < p->count; i++) {
        if (same_der(p->nodes[i].x, x))
            return i;
    }
    return -1;
}

static void node_init(kuma_node *n, X509 *x, int from, time_t t, unsigned long flags)
{
    time_t nb, na;

    n->x = x;
    n->from = from;
    n->in_store = from == KUMA_FROM_STORE;
    n->ok = kuma_cert_info_read(x, &n->ci);
    n->self_signed = n->ok && n->ci.self_issued && kuma_cert_keyid_fits(&n->ci, &n->ci)
                     && x->signer_key_type == (int)x->pkey.key_type;
    n->time_ok = (flags & X509_V_FLAG_NO_CHECK_TIME)
                 || (kuma_x509_validity(x->der, x->der_len, &nb, &na) && t >= nb && t <= na);
}

/*
 * The leaf (node 0), the trust store's certificates, then the other
 * certificates offered; one sent twice, or also in the store, is kept once
 * (as the store's).
 */
static int gather_nodes(kuma_chain *ch, kuma_path *p, unsigned long flags)
{
    X509 *const *sc = NULL;
    size_t ns = 0, i;
    int k, first_store = 1;

    if (ch->store != NULL)
        kuma_store_certs(ch->store, &sc, &ns);
    p->nodes = OPENSSL_zalloc((ns + (size_t)ch->count + 1) * sizeof(*p->nodes));
    if (p->nodes == NULL)
        return 0;
    node_init(&p->nodes[0], ch->certs[0].x, KUMA_FROM_PEER, ch->vtime, flags);
    p->count = 1;
    for (i = 0; i < ns && p->count < KUMA_MAX_NODES; i++)
        node_init(&p->nodes[p->count++], sc[i], KUMA_FROM_STORE, ch->vtime, flags);
    p->nodes[0].in_store = store_index(p, first_store, p->nodes[0].x) >= 0;
    for (k = 1; k < ch->count && p->count < KUMA_MAX_NODES + KUMA_VERIFY_MAX_CERTS; k++) {
        X509 *x = ch->certs[k].x;
        int j, dup = 0;

        if (x == NULL || x->der == NULL)
            continue;
        for (j = 0; j < p->count && !dup; j++)
            dup = same_der(p->nodes[j].x, x);
        if (!dup)
            node_init(&p->nodes[p->count++], x, KUMA_FROM_PEER, ch->vtime, flags);
    }
    return 1;
}

/* ---- verifying --------------------------------------------------------------------------------- */

X509 *kuma_chain_cert_at(const kuma_chain *ch, int d)
{
    if (d < 0 || d >= ch->path_len)
        return NULL;
    return ch->path[d];
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
        if (!kuma_x509_push_ref(sk, ch->path[d])) {
            sk_X509_pop_free(sk, X509_free);
            return NULL;
        }
    }
    return sk;
}

/* Sets the time validity is checked at: the parameter's, else now. */
static void set_check_time(kuma_chain *ch)
{
    const X509_VERIFY_PARAM *p = ch->param;

    ch->vtime = (p->flags & X509_V_FLAG_USE_CHECK_TIME) ? p->check_time : time(NULL);
}

/* A chain without a usable leaf: the error, given to the callback at depth 0. */
static long no_leaf(kuma_chain *ch)
{
    X509_STORE_CTX *s = ch->sctx;
    long err = ch->leaf_lost ? X509_V_ERR_CERT_CHAIN_TOO_LONG
             : ch->count == 0 ? X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT : X509_V_ERR_UNSPECIFIED;

    ch->path_len = 0;
    s->chain = sk_X509_new_null();
    s->error = (int)err;
    s->depth = 0;
    s->current = NULL;
    ch->cb_ok = ch->cb != NULL && ch->cb(0, s);
    return s->error;
}

static void keep_path(kuma_chain *ch, const kuma_path *p)
{
    int d;

    for (d = 0; d < p->best_len; d++)
        ch->path[d] = p->nodes[p->best[d]].x;
    ch->path_len = p->best_len;
    ch->trusted = p->best_trusted;
}

long kuma_chain_verify(kuma_chain *ch)
{
    X509_VERIFY_PARAM *prm = ch->param;
    kuma_path p;
    run r;

    OPENSSL_free(prm->peername);  /* a name matched in an earlier verification */
    prm->peername = NULL;
    ch->path_len = 0;
    ch->trusted = 0;
    set_check_time(ch);
    if (ch->leaf_lost || ch->count == 0 || ch->certs[0].x == NULL || ch->certs[0].x->der == NULL)
        return no_leaf(ch);
    memset(&p, 0, sizeof(p));
    memset(&r, 0, sizeof(r));
    r.flags = prm->flags | (ch->store != NULL ? kuma_store_flags(ch->store) : 0);
    if (!gather_nodes(ch, &p, r.flags)) {
        ch->sctx->error = X509_V_ERR_OUT_OF_MEM;
        ch->cb_ok = 0;
        return X509_V_ERR_OUT_OF_MEM;
    }
    r.ch = ch;
    r.p = &p;
    r.purpose = prm->purpose > 0 ? prm->purpose : ch->purpose;
    r.level = prm->auth_level >= 0 ? prm->auth_level : ch->auth_level;
    p.ch = ch;
    p.flags = r.flags;
    p.depth_limit = kuma_param_depth(prm);
    p.work = PATH_WORK;
    p.judge = judge;
    p.judge_arg = &r;
    kuma_path_build(&p);
    keep_path(ch, &p);
    ch->sctx->chain = path_stack(ch);
    r.idx = p.best;
    r.len = p.best_len;
    r.trusted = p.best_trusted;
    r.report = 1;
    ch->sctx->error = X509_V_OK;
    ch->cb_ok = run_checks(&r);
    if (ch->cb_ok && ch->sctx->error == X509_V_OK)
        sctx_at(&r, 0, X509_V_OK);
    OPENSSL_free(p.nodes);
    return ch->sctx->error;
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
    kuma_chain_cert certs[KUMA_VERIFY_MAX_CERTS];
    kuma_chain ch;

    if (!can_verify(ctx))
        return -1;
    memset(&ch, 0, sizeof(ch));
    ch.store = ctx->store;
    ch.certs = certs;
    ch.count = gather_certs(ctx, certs);
    ch.param = ctx->param;
    ch.cb = ctx->verify_cb;
    ch.sctx = ctx;
    ch.auth_level = -1;
    (void)kuma_chain_verify(&ch);
    if (ctx->chain == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        ctx->error = X509_V_ERR_OUT_OF_MEM;
        return 0;
    }
    return ch.cb_ok;
}
