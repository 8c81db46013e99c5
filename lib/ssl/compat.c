/*
 * kumassl: libssl entry points that programs built against OpenSSL 3.0
 * call and that belong to no feature file: legacy initialisers and the
 * small SSL/SSL_CTX knobs with nothing to configure underneath.
 */
#include <openssl/dh.h>
#include <openssl/ec.h>
#include "ssl_int.h"

/* The SSL reason strings live in libcrypto's table; nothing to load. */
int ERR_load_SSL_strings(void)
{
    return 1;
}

/* ---- protocols kumassl does not have --------------------------------------------- */

static const SSL_METHOD *no_dtls(void)
{
    ERR_raise_data(ERR_LIB_SSL, SSL_R_UNSUPPORTED_PROTOCOL, "kumassl has no DTLS");
    return NULL;
}

const SSL_METHOD *DTLS_method(void) { return no_dtls(); }
const SSL_METHOD *DTLS_client_method(void) { return no_dtls(); }
const SSL_METHOD *DTLS_server_method(void) { return no_dtls(); }

/* TLS compression is never negotiated (as OpenSSL built with no-comp). */
STACK_OF(SSL_COMP) *SSL_COMP_get_compression_methods(void)
{
    return NULL;
}

const char *SSL_COMP_get_name(const COMP_METHOD *comp)
{
    (void)comp;
    return NULL;
}

const COMP_METHOD *SSL_get_current_compression(const SSL *s)
{
    (void)s;
    return NULL;
}

const COMP_METHOD *SSL_get_current_expansion(const SSL *s)
{
    (void)s;
    return NULL;
}

/* ---- TLS 1.3 knobs: tickets, post-handshake authentication -------------------------- */

/* A client's offer to authenticate after the handshake: kumassl never offers it (no such extension sent). */
void SSL_CTX_set_post_handshake_auth(SSL_CTX *ctx, int val)
{
    (void)ctx;
    (void)val;
}

void SSL_set_post_handshake_auth(SSL *s, int val)
{
    (void)s;
    (void)val;
}

/* OpenSSL's answers: not TLS 1.3, else the client did not offer it (kumassl's never do). */
int SSL_verify_client_post_handshake(SSL *s)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    if (SSL_version(s) != TLS1_3_VERSION)
        ERR_raise(ERR_LIB_SSL, SSL_R_WRONG_SSL_VERSION);
    else
        ERR_raise_data(ERR_LIB_SSL, SSL_R_EXTENSION_NOT_RECEIVED,
                       "kumassl does not implement TLS 1.3 post-handshake authentication");
    return 0;
}

/* ---- callbacks kumassl cannot feed --------------------------------------------- */

static void no_msg_callback(void)
{
    ERR_raise_data(ERR_LIB_SSL, ERR_R_UNSUPPORTED,
                   "kumassl has no protocol message callback (SSL_CTX_set_msg_callback)");
}

void SSL_CTX_set_msg_callback(SSL_CTX *ctx, void (*cb)(int write_p, int version, int content_type,
                              const void *buf, size_t len, SSL *ssl, void *arg))
{
    (void)ctx;
    if (cb != NULL)
        no_msg_callback();
}

void SSL_set_msg_callback(SSL *ssl, void (*cb)(int write_p, int version, int content_type,
                          const void *buf, size_t len, SSL *ssl, void *arg))
{
    (void)ssl;
    if (cb != NULL)
        no_msg_callback();
}

/* ---- small accessors ----------------------------------------------------------- */

SSL_verify_cb SSL_get_verify_callback(const SSL *s)
{
    return s != NULL ? s->cfg.verify_cb : NULL;
}

/* Whether the view still lists exactly these suites. */
static int view_matches(const STACK_OF(SSL_CIPHER) *view, const kuma_suites *suites)
{
    size_t i, n = 0;

    if (view == NULL)
        return 0;
    for (i = 0; i < suites->num; i++) {
        const SSL_CIPHER *c = kuma_cipher_by_id(suites->ids[i]);

        if (c != NULL && (n >= (size_t)sk_SSL_CIPHER_num(view) || sk_SSL_CIPHER_value(view, (int)n++) != c))
            return 0;
    }
    return n == (size_t)sk_SSL_CIPHER_num(view);
}

/*
 * The suites of a configuration as OpenSSL's cipher stack, kept in *slot:
 * rebuilt only when the list changed, so a stack a caller holds stays valid
 * until the cipher list is set again (as OpenSSL's).
 */
static STACK_OF(SSL_CIPHER) *cipher_view(STACK_OF(SSL_CIPHER) **slot, const kuma_suites *suites)
{
    size_t i;

    if (view_matches(*slot, suites))
        return *slot;
    sk_SSL_CIPHER_free(*slot);
    if ((*slot = sk_SSL_CIPHER_new_null()) == NULL)
        return NULL;
    for (i = 0; i < suites->num; i++) {
        const SSL_CIPHER *c = kuma_cipher_by_id(suites->ids[i]);

        /* OpenSSL's stack holds its const suites through a non-const type as well */
        if (c != NULL && !sk_SSL_CIPHER_push(*slot, (SSL_CIPHER *)c)) {
            sk_SSL_CIPHER_free(*slot);
            return *slot = NULL;
        }
    }
    return *slot;
}

STACK_OF(SSL_CIPHER) *SSL_get_ciphers(const SSL *cs)
{
    SSL *s = (SSL *)cs;         /* the view is a cache: filling it changes no setting */

    return s != NULL ? cipher_view(&s->cipher_view, &s->cfg.suites) : NULL;
}

STACK_OF(SSL_CIPHER) *SSL_CTX_get_ciphers(const SSL_CTX *cctx)
{
    SSL_CTX *ctx = (SSL_CTX *)cctx;

    return ctx != NULL ? cipher_view(&ctx->cipher_view, &ctx->cfg.suites) : NULL;
}

void kuma_compat_ssl_free(SSL *s)
{
    sk_SSL_CIPHER_free(s->cipher_view);
    DH_free(s->tmp_dh);
}

void kuma_compat_ctx_free(SSL_CTX *ctx)
{
    DH_free(ctx->tmp_dh);
    sk_SSL_CIPHER_free(ctx->cipher_view);
}

/* ---- Diffie-Hellman and curve settings ----------------------------------------- */

/* The group name SSL_CTX_set1_groups_list takes for an EC_KEY's curve; NULL when unsupported. */
static const char *ecdh_group(const EC_KEY *key)
{
    const EC_GROUP *g = key != NULL ? EC_KEY_get0_group(key) : NULL;

    switch (g != NULL ? EC_GROUP_get_curve_name(g) : NID_undef) {
    case NID_X9_62_prime256v1:
        return "P-256";
    case NID_secp384r1:
        return "P-384";
    case NID_secp521r1:
        return "P-521";
    default:
        return NULL;
    }
}

static void no_dhe(void)
{
    ERR_raise_data(ERR_LIB_SSL, ERR_R_UNSUPPORTED,
                   "kumassl's TLS engine negotiates ECDHE only: no DHE cipher suites use DH parameters");
}

/*
 * Keeps a reference to DH parameters (SSL_CTX_set_tmp_dh). kumassl has no
 * DHE suites, so they are never used, as OpenSSL's are not when the cipher
 * list has no DHE suite. Refusing them instead would stop servers that
 * always set built-in parameters (socat exits on the failure). Parameters
 * without p and g are refused as OpenSSL does.
 */
static long hold_dh(DH **slot, DH *dh)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, dh))
        return 0;
    if (DH_get0_p(dh) == NULL || DH_get0_g(dh) == NULL) {
        ERR_raise_data(ERR_LIB_SSL, ERR_R_PASSED_INVALID_ARGUMENT, "DH parameters without p and g");
        return 0;
    }
    if (!DH_up_ref(dh))
        return 0;
    DH_free(*slot);
    *slot = dh;
    return 1;
}

/*
 * Control commands about key exchange parameters: DH parameters are held
 * (hold_dh), automatic DH accepted (nothing to pick for); an ECDH key
 * names the one curve to use.
 */
long kuma_compat_ctrl(SSL_CTX *ctx, SSL *s, int cmd, long larg, void *parg)
{
    const char *group;

    (void)larg;
    switch (cmd) {
    case SSL_CTRL_SET_TMP_DH:
        return hold_dh(ctx != NULL ? &ctx->tmp_dh : &s->tmp_dh, parg);
    case SSL_CTRL_SET_DH_AUTO:
        return 1;
    case SSL_CTRL_SET_TMP_ECDH:
        if (KUMA_NULL_ARG(ERR_LIB_SSL, parg))
            return 0;
        if ((group = ecdh_group(parg)) == NULL) {
            ERR_raise_data(ERR_LIB_SSL, SSL_R_WRONG_CURVE, "kumassl's curves are P-256, P-384, P-521");
            return 0;
        }
        return ctx != NULL ? SSL_CTX_ctrl(ctx, SSL_CTRL_SET_GROUPS_LIST, 0, (char *)group)
                           : SSL_ctrl(s, SSL_CTRL_SET_GROUPS_LIST, 0, (char *)group);
    default:
        return -1;
    }
}

/* On failure the key stays the caller's, as in OpenSSL. */
int SSL_CTX_set0_tmp_dh_pkey(SSL_CTX *ctx, EVP_PKEY *dhpkey)
{
    (void)ctx;
    (void)dhpkey;
    no_dhe();
    return 0;
}

int SSL_set0_tmp_dh_pkey(SSL *s, EVP_PKEY *dhpkey)
{
    (void)s;
    (void)dhpkey;
    no_dhe();
    return 0;
}

/* ---- small lookups ----------------------------------------------------------------- */

/* No kernel TLS: OpenSSL's answer when the write BIO cannot send files. */
ossl_ssize_t SSL_sendfile(SSL *s, int fd, off_t offset, size_t size, int flags)
{
    (void)s, (void)fd, (void)offset, (void)size, (void)flags;
    ERR_raise_data(ERR_LIB_SSL, SSL_R_UNINITIALIZED, "kumassl has no kernel TLS (SSL_sendfile)");
    return -1;
}

/*
 * Session ticket keys. kumassl's engine resumes sessions by id and sends no
 * tickets (as OpenSSL with SSL_OP_NO_TICKET), so the callback is kept for
 * SSL_CTX_get_tlsext_ticket_key_evp_cb... and never called; refusing it
 * would stop servers that always install one (lighttpd).
 */
int SSL_CTX_set_tlsext_ticket_key_evp_cb(SSL_CTX *ctx, kuma_ticket_key_evp_cb cb)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    ctx->ticket_key_evp_cb = cb;
    return 1;
}

STACK_OF(X509_NAME) *SSL_dup_CA_list(const STACK_OF(X509_NAME) *sk)
{
    STACK_OF(X509_NAME) *copy = sk_X509_NAME_new_null();
    int i;

    for (i = 0; copy != NULL && i < sk_X509_NAME_num(sk); i++) {
        X509_NAME *n = X509_NAME_dup(sk_X509_NAME_value(sk, i));

        if (n == NULL || !sk_X509_NAME_push(copy, n)) {
            X509_NAME_free(n);
            sk_X509_NAME_pop_free(copy, X509_NAME_free);
            copy = NULL;
        }
    }
    if (copy == NULL)
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
    return copy;
}
