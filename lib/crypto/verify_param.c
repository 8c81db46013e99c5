/*
 * kumassl: X509_VERIFY_PARAM, the reference identities (host names, an IP
 * address), depth limit and time a peer's chain is verified against.
 *
 * The structure is defined in ssl_int.h because libssl's verifier reads it
 * directly; the functions are libcrypto's, as in OpenSSL.
 */
#include <string.h>
#include "crypto_int.h"

static void param_init(X509_VERIFY_PARAM *p)
{
    memset(p, 0, sizeof(*p));
    p->depth = -1;
    p->auth_level = -1;
}

X509_VERIFY_PARAM *X509_VERIFY_PARAM_new(void)
{
    X509_VERIFY_PARAM *p = OPENSSL_malloc(sizeof(*p));

    if (p == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    param_init(p);
    return p;
}

static void hosts_clear(X509_VERIFY_PARAM *p)
{
    size_t i;

    for (i = 0; i < p->nhosts; i++)
        OPENSSL_free(p->hosts[i]);
    OPENSSL_free(p->hosts);
    p->hosts = NULL;
    p->nhosts = 0;
}

static void set_peername(X509_VERIFY_PARAM *p, char *name)
{
    OPENSSL_free(p->peername);
    p->peername = name;
}

void X509_VERIFY_PARAM_free(X509_VERIFY_PARAM *param)
{
    if (param == NULL)
        return;
    hosts_clear(param);
    set_peername(param, NULL);
    OPENSSL_free(param->email);
    OPENSSL_free(param);
}

/* ---- host names ---------------------------------------------------------------- */

/* Appends a copy of name[0..len); 0 when memory runs out. */
static int hosts_push(X509_VERIFY_PARAM *p, const char *name, size_t len)
{
    char *copy = OPENSSL_malloc(len + 1);
    char **h = OPENSSL_realloc(p->hosts, (p->nhosts + 1) * sizeof(*h));

    if (h != NULL)
        p->hosts = h;
    if (copy == NULL || h == NULL) {
        OPENSSL_free(copy);
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    memcpy(copy, name, len);
    copy[len] = '\0';
    p->hosts[p->nhosts++] = copy;
    return 1;
}

/*
 * OpenSSL's rules: namelen 0 means strlen(name); a NUL inside the name is
 * refused (one at the very end is tolerated); NULL or "" adds nothing,
 * which for set1 leaves the list empty.
 */
static int hosts_set(X509_VERIFY_PARAM *p, const char *name, size_t len, int replace)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, p))
        return 0;
    if (name != NULL && len == 0)
        len = strlen(name);
    if (name != NULL && len > 0 && name[len - 1] == '\0')
        len--;
    if (name != NULL && memchr(name, '\0', len) != NULL) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT, "NUL byte in host name");
        return 0;
    }
    if (replace)
        hosts_clear(p);
    return name == NULL || len == 0 || hosts_push(p, name, len);
}

int X509_VERIFY_PARAM_set1_host(X509_VERIFY_PARAM *param, const char *name, size_t namelen)
{
    return hosts_set(param, name, namelen, 1);
}

int X509_VERIFY_PARAM_add1_host(X509_VERIFY_PARAM *param, const char *name, size_t namelen)
{
    return hosts_set(param, name, namelen, 0);
}

char *X509_VERIFY_PARAM_get0_host(X509_VERIFY_PARAM *param, int idx)
{
    if (param == NULL || idx < 0 || (size_t)idx >= param->nhosts)
        return NULL;
    return param->hosts[idx];
}

void X509_VERIFY_PARAM_set_hostflags(X509_VERIFY_PARAM *param, unsigned int flags)
{
    if (param != NULL)
        param->hostflags = flags;
}

unsigned int X509_VERIFY_PARAM_get_hostflags(const X509_VERIFY_PARAM *param)
{
    return param != NULL ? param->hostflags : 0;
}

char *X509_VERIFY_PARAM_get0_peername(const X509_VERIFY_PARAM *param)
{
    return param != NULL ? param->peername : NULL;
}

/* ---- IP address ------------------------------------------------------------------ */

int X509_VERIFY_PARAM_set1_ip(X509_VERIFY_PARAM *param, const unsigned char *ip, size_t iplen)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, param))
        return 0;
    if (ip != NULL && iplen != 4 && iplen != 16) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT, "IP address of %zu bytes", iplen);
        return 0;
    }
    param->iplen = ip != NULL ? iplen : 0;
    if (ip != NULL)
        memcpy(param->ip, ip, iplen);
    return 1;
}

int X509_VERIFY_PARAM_set1_ip_asc(X509_VERIFY_PARAM *param, const char *ipasc)
{
    unsigned char ip[16];
    size_t len;

    if (KUMA_NULL_ARG(ERR_LIB_X509, param) || KUMA_NULL_ARG(ERR_LIB_X509, ipasc))
        return 0;
    len = kuma_parse_ip(ipasc, ip);
    if (len == 0) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT, "not an IP address: %s", ipasc);
        return 0;
    }
    return X509_VERIFY_PARAM_set1_ip(param, ip, len);
}

/* ---- depth, time, flags ------------------------------------------------------------ */

void X509_VERIFY_PARAM_set_depth(X509_VERIFY_PARAM *param, int depth)
{
    if (param != NULL)
        param->depth = depth;
}

int X509_VERIFY_PARAM_get_depth(const X509_VERIFY_PARAM *param)
{
    return param != NULL ? param->depth : -1;
}

int kuma_param_depth(const X509_VERIFY_PARAM *p)
{
    return p == NULL || p->depth < 0 ? KUMA_DEFAULT_VERIFY_DEPTH : p->depth;
}

void X509_VERIFY_PARAM_set_time(X509_VERIFY_PARAM *param, time_t t)
{
    if (param == NULL)
        return;
    param->check_time = t;
    param->flags |= X509_V_FLAG_USE_CHECK_TIME;
}

time_t X509_VERIFY_PARAM_get_time(const X509_VERIFY_PARAM *param)
{
    return param != NULL ? param->check_time : 0;
}

/* The flags chain.c acts on; TRUSTED_FIRST is how kumassl always builds paths, as OpenSSL 1.1+. */
#define SUPPORTED_FLAGS (X509_V_FLAG_USE_CHECK_TIME | X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL \
                         | X509_V_FLAG_IGNORE_CRITICAL | X509_V_FLAG_X509_STRICT                   \
                         | X509_V_FLAG_CHECK_SS_SIGNATURE | X509_V_FLAG_TRUSTED_FIRST             \
                         | X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME)

int kuma_verify_flags_supported(unsigned long flags)
{
    if (flags & ~(unsigned long)SUPPORTED_FLAGS) {
        /* policy checking, proxy certificates, Suite B, delta CRLs: refused rather than ignored */
        KUMA_RAISE_AT("X509_VERIFY_PARAM_set_flags", ERR_LIB_X509, ERR_R_UNSUPPORTED,
                       "kumassl does not support verification flags 0x%lx",
                       flags & ~(unsigned long)SUPPORTED_FLAGS);
        return 0;
    }
    return 1;
}

int X509_VERIFY_PARAM_set_flags(X509_VERIFY_PARAM *param, unsigned long flags)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, param) || !kuma_verify_flags_supported(flags))
        return 0;
    param->flags |= flags;
    return 1;
}

int X509_VERIFY_PARAM_clear_flags(X509_VERIFY_PARAM *param, unsigned long flags)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, param))
        return 0;
    param->flags &= ~flags;
    return 1;
}

unsigned long X509_VERIFY_PARAM_get_flags(const X509_VERIFY_PARAM *param)
{
    return param != NULL ? param->flags : 0;
}

/* ---- purpose, security level, email ------------------------------------------------- */

int X509_VERIFY_PARAM_set_purpose(X509_VERIFY_PARAM *param, int purpose)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, param))
        return 0;
    if (purpose < X509_PURPOSE_MIN || purpose > X509_PURPOSE_MAX) {
        ERR_raise(ERR_LIB_X509, X509_R_UNKNOWN_PURPOSE_ID);
        return 0;
    }
    param->purpose = purpose;
    return 1;
}

int X509_VERIFY_PARAM_get_purpose(const X509_VERIFY_PARAM *param)
{
    return param != NULL ? param->purpose : 0;
}

void X509_VERIFY_PARAM_set_auth_level(X509_VERIFY_PARAM *param, int auth_level)
{
    if (param != NULL)
        param->auth_level = auth_level;
}

int X509_VERIFY_PARAM_get_auth_level(const X509_VERIFY_PARAM *param)
{
    return param != NULL ? param->auth_level : -1;
}

/* As host names: emaillen 0 means strlen; an inner NUL is refused; NULL clears. */
int X509_VERIFY_PARAM_set1_email(X509_VERIFY_PARAM *param, const char *email, size_t emaillen)
{
    char *copy = NULL;

    if (KUMA_NULL_ARG(ERR_LIB_X509, param))
        return 0;
    if (email != NULL) {
        if (emaillen == 0)
            emaillen = strlen(email);
        if (memchr(email, '\0', emaillen) != NULL) {
            ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT, "NUL byte in email address");
            return 0;
        }
        copy = OPENSSL_malloc(emaillen + 1);
        if (copy == NULL) {
            ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
            return 0;
        }
        memcpy(copy, email, emaillen);
        copy[emaillen] = '\0';
    }
    OPENSSL_free(param->email);
    param->email = copy;
    return 1;
}

/* ---- copying ------------------------------------------------------------------------ */

/* Copies everything but the result of a past verification (peername). */
int X509_VERIFY_PARAM_set1(X509_VERIFY_PARAM *to, const X509_VERIFY_PARAM *from)
{
    X509_VERIFY_PARAM tmp;
    size_t i;

    if (KUMA_NULL_ARG(ERR_LIB_X509, to) || KUMA_NULL_ARG(ERR_LIB_X509, from))
        return 0;
    if (to == from)
        return 1;
    /* Built aside first, so a failure leaves `to` as it was. */
    param_init(&tmp);
    for (i = 0; i < from->nhosts; i++) {
        if (!hosts_push(&tmp, from->hosts[i], strlen(from->hosts[i]))) {
            hosts_clear(&tmp);
            return 0;
        }
    }
    if (from->email != NULL && (tmp.email = OPENSSL_strdup(from->email)) == NULL) {
        hosts_clear(&tmp);
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    hosts_clear(to);
    OPENSSL_free(to->email);
    tmp.peername = to->peername;
    tmp.purpose = from->purpose;
    tmp.auth_level = from->auth_level;
    tmp.hostflags = from->hostflags;
    memcpy(tmp.ip, from->ip, sizeof(tmp.ip));
    tmp.iplen = from->iplen;
    tmp.depth = from->depth;
    tmp.flags = from->flags;
    tmp.check_time = from->check_time;
    *to = tmp;
    return 1;
}
