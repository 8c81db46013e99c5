/*
 * kumassl: security levels (SSL_CTX_set_security_level) and verification
 * purposes (SSL_CTX_set_purpose) of SSL_CTX and SSL.
 *
 * The level bounds the peer's chain in verification (keys and signature
 * digests, as X509_VERIFY_PARAM_set_auth_level) and our own certificate and
 * chain when they are loaded (SSL_R_EE_KEY_TOO_SMALL, SSL_R_CA_KEY_TOO_SMALL,
 * SSL_R_CA_MD_TOO_WEAK, as OpenSSL), and again when a server's handshake
 * starts (a level raised after loading). kumassl's default is level 2 (112-bit:
 * RSA and DSA of 2048 bits and more, ECC of 224 and more), where
 * distributions configure OpenSSL; OpenSSL's built-in default is 1.
 */
#include "ssl_int.h"
#include "chain_int.h"

void SSL_CTX_set_security_level(SSL_CTX *ctx, int level)
{
    if (ctx != NULL)
        ctx->cfg.security_level = level;
}

int SSL_CTX_get_security_level(const SSL_CTX *ctx)
{
    return ctx != NULL ? ctx->cfg.security_level : 0;
}

void SSL_set_security_level(SSL *s, int level)
{
    if (s != NULL)
        s->cfg.security_level = level;
}

int SSL_get_security_level(const SSL *s)
{
    return s != NULL ? s->cfg.security_level : 0;
}

int SSL_CTX_set_purpose(SSL_CTX *ctx, int purpose)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, ctx))
        return 0;
    return X509_VERIFY_PARAM_set_purpose(ctx->param, purpose);
}

int SSL_set_purpose(SSL *s, int purpose)
{
    if (KUMA_NULL_ARG(ERR_LIB_SSL, s))
        return 0;
    return X509_VERIFY_PARAM_set_purpose(s->param, purpose);
}

int kuma_ssl_cert_secure(int level, const X509 *x, int is_ee)
{
    kuma_cert_info ci;
    int want = kuma_level_bits(level);

    if (want == 0)
        return 1;
    if (kuma_pkey_security_bits(&x->pkey) < want) {
        ERR_raise_data(ERR_LIB_SSL, is_ee ? SSL_R_EE_KEY_TOO_SMALL : SSL_R_CA_KEY_TOO_SMALL,
                       "%s key below security level %d (%d bits wanted)",
                       is_ee ? "certificate" : "chain certificate", level, want);
        return 0;
    }
    /* a self-signed certificate's own signature proves nothing, so its digest does not count */
    if (kuma_cert_info_read(x, &ci) && !ci.self_issued && kuma_sig_security_bits(&ci.sigalg) < want) {
        ERR_raise_data(ERR_LIB_SSL, SSL_R_CA_MD_TOO_WEAK,
                       "signature digest below security level %d", level);
        return 0;
    }
    return 1;
}

int kuma_creds_secure(const kuma_creds *creds, int level)
{
    int i;

    if (creds->cert == NULL || !kuma_ssl_cert_secure(level, creds->cert, 1))
        return creds->cert == NULL;
    for (i = 0; i < sk_X509_num(creds->chain); i++)
        if (!kuma_ssl_cert_secure(level, sk_X509_value(creds->chain, i), 0))
            return 0;
    return 1;
}
