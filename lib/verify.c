/*
 * kumassl: the X.509 verifier handed to the BearSSL engine.
 *
 * It wraps BearSSL's minimal engine (chain, signatures, validity, key
 * usage against the trust anchors) and adds what OpenSSL programs expect:
 * a result kept for SSL_get_verify_result() even under SSL_VERIFY_NONE,
 * the verify callback, host name and IP address checks independent of SNI
 * (SSL_set1_host), and the peer's chain kept for SSL_get1_peer_certificate().
 */
#include <string.h>
#include "ssl_int.h"

/* Certificates larger than this are not kept (BearSSL still judges them). */
#define MAX_CERT_KEEP (64 * 1024)

static kuma_verifier *verifier_of(const br_x509_class **ctx)
{
    return (kuma_verifier *)(void *)ctx;
}

static const br_x509_class **inner_of(kuma_verifier *v)
{
    return &v->minimal.vtable;
}

static void v_start_chain(const br_x509_class **ctx, const char *server_name)
{
    kuma_verifier *v = verifier_of(ctx);

    /* Names are checked here, after the chain, with OpenSSL's rules; SNI is not a check. */
    (void)server_name;
    (*inner_of(v))->start_chain(inner_of(v), NULL);
    sk_X509_pop_free(v->ssl->peer_chain, X509_free);
    v->ssl->peer_chain = sk_X509_new_null();
    v->error_depth = -1;
    v->count = 0;
    v->accept = 0;
}

static void v_start_cert(const br_x509_class **ctx, uint32_t length)
{
    kuma_verifier *v = verifier_of(ctx);

    (*inner_of(v))->start_cert(inner_of(v), length);
    v->cur_len = 0;
    if (length <= MAX_CERT_KEEP && length > v->cur_cap) {
        unsigned char *p = realloc(v->cur, length);
        if (p != NULL) {
            v->cur = p;
            v->cur_cap = length;
        }
    }
}

static void v_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
    kuma_verifier *v = verifier_of(ctx);

    (*inner_of(v))->append(inner_of(v), buf, len);
    if (v->cur_len + len <= v->cur_cap)
        memcpy(v->cur + v->cur_len, buf, len);
    v->cur_len += len;
}

static void v_end_cert(const br_x509_class **ctx)
{
    kuma_verifier *v = verifier_of(ctx);
    X509 *x = NULL;

    (*inner_of(v))->end_cert(inner_of(v));
    if (v->error_depth < 0 && v->minimal.err != 0 && v->minimal.err != BR_ERR_X509_OK)
        v->error_depth = v->count;
    if (v->cur_len <= v->cur_cap) {
        ERR_set_mark();
        x = kuma_x509_from_der(v->cur, v->cur_len);
        ERR_pop_to_mark();      /* an unreadable certificate is BearSSL's verdict to give */
    }
    if (x != NULL && !sk_X509_push(v->ssl->peer_chain, x)) {
        X509_free(x);
        x = NULL;
    }
    if (v->count < KUMA_VERIFY_MAX_CERTS)
        v->kept[v->count] = x != NULL ? sk_X509_num(v->ssl->peer_chain) - 1 : -1;
    v->count++;
}

/* The certificate received at position d (0: the peer's own), or NULL if not kept. */
static X509 *cert_at(const kuma_verifier *v, int d)
{
    if (d < 0 || d >= v->count || d >= KUMA_VERIFY_MAX_CERTS || v->kept[d] < 0)
        return NULL;
    return sk_X509_value(v->ssl->peer_chain, v->kept[d]);
}

static int self_signed(const X509 *x)
{
    return x != NULL && X509_NAME_cmp(&x->subject, &x->issuer) == 0;
}

/* OpenSSL's code for a chain BearSSL could not anchor. */
static long untrusted_code(kuma_verifier *v)
{
    if (v->count == 1 && self_signed(cert_at(v, 0)))
        return X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT;
    if (v->count > 1 && self_signed(cert_at(v, v->count - 1)))
        return X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
    return X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
}

/* Maps a BearSSL X.509 error to OpenSSL's X509_V_ERR_* code. */
static long map_x509_error(kuma_verifier *v, unsigned err)
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
        return X509_V_ERR_CERT_HAS_EXPIRED;
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

/* The host / IP check of SSL_set1_host, on the leaf. */
static long check_name(SSL *s, X509 *leaf)
{
    unsigned char ip[16];
    size_t iplen;

    if (s->host == NULL)
        return X509_V_OK;
    if (leaf == NULL)
        return X509_V_ERR_UNSPECIFIED;
    iplen = kuma_parse_ip(s->host, ip);
    if (iplen != 0)
        return kuma_x509_match_ip(leaf, ip, iplen) ? X509_V_OK : X509_V_ERR_IP_ADDRESS_MISMATCH;
    return kuma_x509_match_host(leaf, s->host, s->hostflags) ? X509_V_OK
                                                             : X509_V_ERR_HOSTNAME_MISMATCH;
}

/*
 * The depth OpenSSL reports an error at. BearSSL notices a bad signature or
 * a wrong issuer name of certificate i-1 while reading certificate i, and
 * errors of the last certificate only at the end of the chain.
 */
static int error_depth_of(const kuma_verifier *v, unsigned br)
{
    if (br == BR_ERR_X509_NOT_TRUSTED || v->error_depth < 0)
        return v->count - 1;
    if ((br == BR_ERR_X509_BAD_SIGNATURE || br == BR_ERR_X509_DN_MISMATCH) && v->error_depth > 0)
        return v->error_depth - 1;
    return v->error_depth;
}

/*
 * Gives the verify callback each certificate, top first, as OpenSSL does;
 * returns 0 when the callback rejects, and updates *verr with its verdict.
 * Below an error nothing was checked, so those depths carry the error too.
 */
static int run_callback(SSL *s, kuma_verifier *v, long *verr, int err_depth)
{
    X509_STORE_CTX sctx;
    int d, ok;

    for (d = v->count - 1; d >= 0; d--) {
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
    v->count = 0;
    return br != 0 && br != BR_ERR_X509_OK ? br : BR_ERR_X509_NOT_TRUSTED;
}

static unsigned v_end_chain(const br_x509_class **ctx)
{
    kuma_verifier *v = verifier_of(ctx);
    SSL *s = v->ssl;
    unsigned br = (*inner_of(v))->end_chain(inner_of(v));
    long verr = map_x509_error(v, br);
    int depth = error_depth_of(v, br);
    int cb_ok = 1;

    if (verr == X509_V_OK && v->count > s->cfg.verify_depth + 1)
        verr = X509_V_ERR_CERT_CHAIN_TOO_LONG;
    if (verr == X509_V_OK) {
        verr = check_name(s, cert_at(v, 0));
        depth = 0;
    }
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
    free(v->cur);
    v->cur = NULL;
    v->cur_cap = 0;
}
