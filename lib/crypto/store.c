/*
 * kumassl: the trust store (X509_STORE) as a list of BearSSL trust anchors.
 *
 * Each anchor owns copies of its certificate's subject DN and public key, so
 * certificates can be freed after being added. Unlike OpenSSL, which looks
 * certificates up in a directory lazily, kumassl reads a directory's files
 * when it is added.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "crypto_int.h"


/* ---- the store object ---------------------------------------------------- */

/* Recursive: X509_STORE_lock's holder may call the store's functions, which lock too. */
static int store_lock_init(pthread_mutex_t *lock)
{
    pthread_mutexattr_t attr;
    int ok;

    if (pthread_mutexattr_init(&attr) != 0)
        return 0;
    ok = pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE) == 0
         && pthread_mutex_init(lock, &attr) == 0;
    pthread_mutexattr_destroy(&attr);
    return ok;
}

X509_STORE *X509_STORE_new(void)
{
    X509_STORE *st = OPENSSL_zalloc(sizeof(*st));

    if (st == NULL) {
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    if (!store_lock_init(&st->lock)) {
        OPENSSL_free(st);
        ERR_raise(ERR_LIB_X509, ERR_R_INIT_FAIL);
        return NULL;
    }
    atomic_init(&st->refs, 1);
    return st;
}

static void anchor_free(br_x509_trust_anchor *ta)
{
    OPENSSL_free(ta->dn.data);
    /* RSA n and e, or the EC point, live in one buffer starting at the first. */
    OPENSSL_free(ta->pkey.key_type == BR_KEYTYPE_RSA ? ta->pkey.key.rsa.n : ta->pkey.key.ec.q);
}

void X509_STORE_free(X509_STORE *v)
{
    size_t i;

    if (v == NULL || !kuma_ref_down(&v->refs))
        return;
    for (i = 0; i < v->count; i++)
        anchor_free(&v->anchors[i]);
    OPENSSL_free(v->anchors);
    for (i = 0; i < v->retired_count; i++)
        OPENSSL_free(v->retired[i]);
    OPENSSL_free(v->retired);
    for (i = 0; i < v->ncerts; i++)
        X509_free(v->certs[i]);
    OPENSSL_free(v->certs);
    for (i = 0; i < v->retired_certs_count; i++)
        OPENSSL_free(v->retired_certs[i]);
    OPENSSL_free(v->retired_certs);
    kuma_store_free_objects(v);
    kuma_store_free_crls(v);
    kuma_store_free_lookups(v);
    pthread_mutex_destroy(&v->lock);
    OPENSSL_free(v);
}

int X509_STORE_up_ref(X509_STORE *v)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, v))
        return 0;
    return kuma_ref_up(&v->refs);
}

/* ---- anchors ------------------------------------------------------------------ */

static int pkey_equal(const br_x509_pkey *a, const br_x509_pkey *b)
{
    if (a->key_type != b->key_type)
        return 0;
    if (a->key_type == BR_KEYTYPE_RSA)
        return a->key.rsa.nlen == b->key.rsa.nlen && a->key.rsa.elen == b->key.rsa.elen
               && memcmp(a->key.rsa.n, b->key.rsa.n, a->key.rsa.nlen) == 0
               && memcmp(a->key.rsa.e, b->key.rsa.e, a->key.rsa.elen) == 0;
    return a->key.ec.curve == b->key.ec.curve && a->key.ec.qlen == b->key.ec.qlen
           && memcmp(a->key.ec.q, b->key.ec.q, a->key.ec.qlen) == 0;
}

/* Whether the store already has this anchor (directories hold hash links to the same file). */
static int store_has(const X509_STORE *st, const X509 *x)
{
    size_t i;

    for (i = 0; i < st->count; i++) {
        const br_x509_trust_anchor *ta = &st->anchors[i];

        if (ta->dn.len == x->subject.len && memcmp(ta->dn.data, x->subject.der, ta->dn.len) == 0
            && pkey_equal(&ta->pkey, &x->pkey))
            return 1;
    }
    return 0;
}

/* Fills ta with copies of the certificate's DN and key; 0 when memory runs out. */
static int anchor_from_x509(br_x509_trust_anchor *ta, const X509 *x)
{
    const br_x509_pkey *pk = &x->pkey;
    unsigned char *key;

    memset(ta, 0, sizeof(*ta));
    ta->dn.data = OPENSSL_malloc(x->subject.len);
    key = OPENSSL_malloc(pk->key_type == BR_KEYTYPE_RSA ? pk->key.rsa.nlen + pk->key.rsa.elen
                                                        : pk->key.ec.qlen);
    if (ta->dn.data == NULL || key == NULL) {
        OPENSSL_free(ta->dn.data);
        OPENSSL_free(key);
        return 0;
    }
    memcpy(ta->dn.data, x->subject.der, x->subject.len);
    ta->dn.len = x->subject.len;
    ta->flags = x->is_ca ? BR_X509_TA_CA : 0;
    ta->pkey = *pk;
    if (pk->key_type == BR_KEYTYPE_RSA) {
        memcpy(key, pk->key.rsa.n, pk->key.rsa.nlen);
        memcpy(key + pk->key.rsa.nlen, pk->key.rsa.e, pk->key.rsa.elen);
        ta->pkey.key.rsa.n = key;
        ta->pkey.key.rsa.e = key + pk->key.rsa.nlen;
    } else {
        memcpy(key, pk->key.ec.q, pk->key.ec.qlen);
        ta->pkey.key.ec.q = key;
    }
    return 1;
}

/* Makes room for one more anchor; the old array is retired, not freed (see crypto_int.h). */
static int store_grow(X509_STORE *st)
{
    size_t cap = st->cap ? st->cap * 2 : 16;
    br_x509_trust_anchor *a, **r;

    if (st->count < st->cap)
        return 1;
    r = OPENSSL_realloc(st->retired, (st->retired_count + 1) * sizeof(*r));
    if (r == NULL)
        return 0;
    st->retired = r;
    a = OPENSSL_malloc(cap * sizeof(*a));
    if (a == NULL)
        return 0;
    if (st->count > 0)
        memcpy(a, st->anchors, st->count * sizeof(*a));
    if (st->anchors != NULL)
        st->retired[st->retired_count++] = st->anchors;
    st->anchors = a;
    st->cap = cap;
    return 1;
}

/*
 * The names a server lists in its CertificateRequest: CA and self-signed
 * certificates (BearSSL's trust anchors). Path building (chain.c) uses
 * every certificate added, as they were given.
 */
static int anchor_wanted(const X509 *x)
{
    return x->is_ca || X509_NAME_cmp(&x->subject, &x->issuer) == 0;
}

/* Whether the store keeps this very certificate for path building. */
static int certs_have(const X509_STORE *st, const X509 *x)
{
    size_t i;

    for (i = 0; i < st->ncerts; i++) {
        if (st->certs[i]->der_len == x->der_len && memcmp(st->certs[i]->der, x->der, x->der_len) == 0)
            return 1;
    }
    return 0;
}

/* Keeps a reference to x for path building; the old array is retired, as the anchors'. */
static int certs_add(X509_STORE *st, const X509 *x)
{
    if (certs_have(st, x))
        return 1;
    if (st->ncerts == st->certs_cap) {
        size_t cap = st->certs_cap ? st->certs_cap * 2 : 16;
        void **r = OPENSSL_realloc(st->retired_certs, (st->retired_certs_count + 1) * sizeof(*r));
        X509 **a;

        if (r == NULL)
            return 0;
        st->retired_certs = r;
        a = OPENSSL_malloc(cap * sizeof(*a));
        if (a == NULL)
            return 0;
        if (st->ncerts > 0)
            memcpy(a, st->certs, st->ncerts * sizeof(*a));
        if (st->certs != NULL)
            st->retired_certs[st->retired_certs_count++] = st->certs;
        st->certs = a;
        st->certs_cap = cap;
    }
    X509_up_ref((X509 *)x);
    st->certs[st->ncerts++] = (X509 *)x;
    return 1;
}

int kuma_store_add_x509(X509_STORE *st, const X509 *x)
{
    int ok = 1;

    if (KUMA_NULL_ARG_AT("X509_STORE_add_cert", ERR_LIB_X509, st) || KUMA_NULL_ARG_AT("X509_STORE_add_cert", ERR_LIB_X509, x))
        return 0;
    if (x->der == NULL) {
        KUMA_RAISE_AT("X509_STORE_add_cert", ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT, "empty certificate");
        return 0;
    }
    pthread_mutex_lock(&st->lock);
    ok = certs_add(st, x);
    if (ok && anchor_wanted(x) && !store_has(st, x)) {
        ok = store_grow(st) && anchor_from_x509(&st->anchors[st->count], x);
        if (ok)
            st->count++;
    }
    pthread_mutex_unlock(&st->lock);
    if (!ok)
        KUMA_RAISE_AT("X509_STORE_add_cert", ERR_LIB_X509, ERR_R_MALLOC_FAILURE, NULL);
    return ok;
}

int X509_STORE_add_cert(X509_STORE *ctx, X509 *x)
{
    return kuma_store_add_x509(ctx, x);
}

/* ---- loading files and directories -------------------------------------------- */

/*
 * Trust bundles are large (Debian's holds 140+ CAs in 220 KB of PEM) and
 * regular. BearSSL's PEM decoder runs a byte-code interpreter per
 * character, which made it 80% of loading a bundle, so plain CERTIFICATE
 * blocks are found here line by line and their base64 handed straight to
 * kuma_base64_decode (pem.c). Anything unusual (RFC 1421 headers, other
 * labels, a certificate that does not decode) sends the whole file through
 * the general reader, which also names the error: this path only ever
 * saves time.
 */

/* A line of a buffer, without its line terminator. */
typedef struct {
    const unsigned char *p, *end;       /* the line */
    const unsigned char *next, *limit;  /* the next line, the end of the buffer */
} pem_line;

static int line_next(pem_line *l)
{
    const unsigned char *nl;

    if (l->next >= l->limit)
        return 0;
    l->p = l->next;
    nl = memchr(l->p, '\n', (size_t)(l->limit - l->p));
    l->end = nl != NULL ? nl : l->limit;
    l->next = nl != NULL ? nl + 1 : l->limit;
    if (l->end > l->p && l->end[-1] == '\r')
        l->end--;
    return 1;
}

static int line_is(const pem_line *l, const char *text)
{
    size_t n = strlen(text);

    return (size_t)(l->end - l->p) == n && memcmp(l->p, text, n) == 0;
}

/*
 * Decodes the base64 lines up to the END line of a CERTIFICATE block into
 * out (room for the block's length / 4 * 3 + 3 bytes); the DER length, or 0.
 */
static size_t pem_cert_body(pem_line *l, const char *end_line, unsigned char *out)
{
    const unsigned char *body = l->next;
    size_t n;

    while (line_next(l) && !line_is(l, end_line))
        continue;
    if (!line_is(l, end_line) || !kuma_base64_decode(body, (size_t)(l->p - body), out, &n))
        return 0;
    return n;
}

/* Adds the certificates of plain PEM text; the number added, or -1 for the general reader. */
static int store_add_pem_fast(X509_STORE *st, const unsigned char *buf, size_t len)
{
    pem_line l = { NULL, NULL, buf, buf + len };
    unsigned char *der = OPENSSL_malloc(len / 4 * 3 + 3);
    int added = 0;

    while (der != NULL && added >= 0 && line_next(&l)) {
        const char *end_line = line_is(&l, "-----BEGIN CERTIFICATE-----") ? "-----END CERTIFICATE-----"
            : line_is(&l, "-----BEGIN X509 CERTIFICATE-----") ? "-----END X509 CERTIFICATE-----" : NULL;
        size_t n;
        X509 *x;

        if (end_line == NULL) {
            if (l.end - l.p >= 5 && memcmp(l.p, "-----", 5) == 0)
                added = -1;     /* some other block: not for this reader */
            continue;
        }
        n = pem_cert_body(&l, end_line, der);
        x = n > 0 ? kuma_x509_from_der(der, n) : NULL;
        added = x != NULL && kuma_store_add_x509(st, x) ? added + 1 : -1;
        X509_free(x);
    }
    OPENSSL_free(der);
    return der != NULL && added > 0 ? added : -1;
}

/* Adds every certificate of a PEM file; the number added, or -1 (error queued). */
static int store_load_file(X509_STORE *st, const char *path)
{
    STACK_OF(X509) *sk;
    unsigned char *buf;
    size_t len;
    int i, n;

    if (!kuma_read_file(path, &buf, &len))
        return -1;
    ERR_set_mark();
    n = store_add_pem_fast(st, buf, len);
    ERR_pop_to_mark();
    if (n < 0) {
        sk = kuma_x509_load_mem(buf, len, X509_FILETYPE_PEM);
        for (i = 0, n = sk != NULL ? 0 : -1; n >= 0 && i < sk_X509_num(sk); i++)
            n = kuma_store_add_x509(st, sk_X509_value(sk, i)) ? n + 1 : -1;
        sk_X509_pop_free(sk, X509_free);
    }
    OPENSSL_free(buf);
    return n;
}

/*
 * The files already loaded by one call, by identity: c_rehash's hash links,
 * the named links beside them and a bundle kept in the same directory all
 * lead to the same certificates, and decoding them again is most of the
 * cost of loading /etc/ssl/certs.
 */
typedef struct {
    dev_t *dev;
    ino_t *ino;
    size_t n;
} seen_files;

static int seen_has(const seen_files *s, const struct stat *sb)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        if (s->dev[i] == sb->st_dev && s->ino[i] == sb->st_ino)
            return 1;
    return 0;
}

/* Remembers a file; when memory runs out it is merely read again if met again. */
static void seen_add(seen_files *s, const struct stat *sb)
{
    dev_t *d = OPENSSL_realloc(s->dev, (s->n + 1) * sizeof(*d));
    ino_t *i;

    if (d == NULL)
        return;
    s->dev = d;
    i = OPENSSL_realloc(s->ino, (s->n + 1) * sizeof(*i));
    if (i == NULL)
        return;
    s->ino = i;
    s->dev[s->n] = sb->st_dev;
    s->ino[s->n++] = sb->st_ino;
}

static void seen_free(seen_files *s)
{
    OPENSSL_free(s->dev);
    OPENSSL_free(s->ino);
}

/* store_load_file, once per file: a file seen before counts as one certificate loaded. */
static int load_file_once(X509_STORE *st, const char *path, seen_files *seen)
{
    struct stat sb;
    int known = stat(path, &sb) == 0, n;

    if (known && seen_has(seen, &sb))
        return 1;
    n = store_load_file(st, path);
    if (known && n > 0)
        seen_add(seen, &sb);
    return n;
}

/* Whether path names a regular file (symbolic links followed, as c_rehash makes them). */
static int is_regular_file(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Adds the certificates of every file of dir that parses; the number of files loaded, or -1. */
static int store_load_dir(X509_STORE *st, const char *dir, seen_files *seen)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int loaded = 0;

    if (d == NULL) {
        ERR_raise_data(ERR_LIB_SYS, errno, "calling opendir(%s)", dir);
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        char *path;

        if (de->d_name[0] == '.')
            continue;
        path = OPENSSL_malloc(strlen(dir) + strlen(de->d_name) + 2);
        if (path == NULL)
            break;
        sprintf(path, "%s/%s", dir, de->d_name);
        if (is_regular_file(path)) {
            /* Files that are not certificates are expected in a directory: forget their errors. */
            ERR_set_mark();
            if (load_file_once(st, path, seen) > 0)
                loaded++;
            ERR_pop_to_mark();
        }
        OPENSSL_free(path);
    }
    closedir(d);
    return loaded;
}

/* Loads file, then dir (either may be NULL); 0 with an error queued when one fails. */
static int load_locations(X509_STORE *ctx, const char *file, const char *dir, seen_files *seen)
{
    if (file != NULL && load_file_once(ctx, file, seen) < 0) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_PEM_LIB, "loading trusted certificates from %s", file);
        return 0;
    }
    if (dir != NULL && store_load_dir(ctx, dir, seen) <= 0) {
        ERR_raise_data(ERR_LIB_X509, X509_R_LOADING_CERT_DIR,
                       "no certificate could be loaded from directory %s", dir);
        return 0;
    }
    return 1;
}

int X509_STORE_load_locations(X509_STORE *ctx, const char *file, const char *dir)
{
    seen_files seen = { NULL, NULL, 0 };
    int ok;

    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx))
        return 0;
    if (file == NULL && dir == NULL) {
        ERR_raise_data(ERR_LIB_X509, ERR_R_PASSED_NULL_PARAMETER, "no file and no directory");
        return 0;
    }
    ok = load_locations(ctx, file, dir, &seen);
    seen_free(&seen);
    return ok;
}

/* ---- default locations -------------------------------------------------------- */

#define DEFAULT_CERT_FILE_OPENSSL "/usr/lib/ssl/cert.pem"
#define DEFAULT_CERT_FILE_DEBIAN  "/etc/ssl/certs/ca-certificates.crt"
#define DEFAULT_CERT_DIR          "/etc/ssl/certs"

const char *X509_get_default_cert_file(void)
{
    /* OpenSSL's own default where it exists, else the Debian family's bundle. */
    if (access(DEFAULT_CERT_FILE_OPENSSL, R_OK) == 0)
        return DEFAULT_CERT_FILE_OPENSSL;
    return DEFAULT_CERT_FILE_DEBIAN;
}

const char *X509_get_default_cert_dir(void)
{
    return DEFAULT_CERT_DIR;
}

const char *X509_get_default_cert_file_env(void)
{
    return "SSL_CERT_FILE";
}

const char *X509_get_default_cert_dir_env(void)
{
    return "SSL_CERT_DIR";
}

/*
 * Like OpenSSL, missing default locations are not an error. The default
 * directory holds the same certificates as the default bundle, so it is
 * only read when the bundle gave nothing or SSL_CERT_DIR names one.
 */
int X509_STORE_set_default_paths(X509_STORE *ctx)
{
    const char *file = getenv(X509_get_default_cert_file_env());
    const char *dir = getenv(X509_get_default_cert_dir_env());
    seen_files seen = { NULL, NULL, 0 };
    int loaded;

    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx))
        return 0;
    ERR_set_mark();
    loaded = load_file_once(ctx, file != NULL ? file : X509_get_default_cert_file(), &seen) > 0;
    if (dir != NULL || !loaded)
        store_load_dir(ctx, dir != NULL ? dir : X509_get_default_cert_dir(), &seen);
    ERR_pop_to_mark();
    seen_free(&seen);
    return 1;
}

void X509_STORE_set_verify_cb(X509_STORE *ctx, X509_STORE_CTX_verify_cb verify_cb)
{
    if (ctx != NULL)
        ctx->verify_cb = verify_cb;
}

/* ---- verification contexts (X509_verify_cert is in chain.c) ---------------------- */

X509_STORE_CTX *X509_STORE_CTX_new(void)
{
    X509_STORE_CTX *ctx = OPENSSL_zalloc(sizeof(*ctx));

    if (ctx == NULL)
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
    return ctx;
}

void X509_STORE_CTX_cleanup(X509_STORE_CTX *ctx)
{
    if (ctx == NULL)
        return;
    X509_VERIFY_PARAM_free(ctx->param);
    sk_X509_pop_free(ctx->chain, X509_free);
    memset(ctx, 0, sizeof(*ctx));
}

void X509_STORE_CTX_free(X509_STORE_CTX *ctx)
{
    X509_STORE_CTX_cleanup(ctx);
    OPENSSL_free(ctx);
}

int X509_STORE_CTX_init(X509_STORE_CTX *ctx, X509_STORE *trust_store, X509 *target,
                        STACK_OF(X509) *untrusted)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx))
        return 0;
    X509_STORE_CTX_cleanup(ctx);
    ctx->param = X509_VERIFY_PARAM_new();
    if (ctx->param == NULL)
        return 0;
    ctx->store = trust_store;
    ctx->cert = target;
    ctx->untrusted = untrusted;
    ctx->verify_cb = trust_store != NULL ? trust_store->verify_cb : NULL;
    ctx->depth = -1;
    return 1;
}

X509 *X509_STORE_CTX_get0_cert(const X509_STORE_CTX *ctx)
{
    return ctx != NULL ? ctx->cert : NULL;
}

X509_STORE *X509_STORE_CTX_get0_store(const X509_STORE_CTX *ctx)
{
    return ctx != NULL ? ctx->store : NULL;
}

STACK_OF(X509) *X509_STORE_CTX_get0_untrusted(const X509_STORE_CTX *ctx)
{
    return ctx != NULL ? ctx->untrusted : NULL;
}

X509_VERIFY_PARAM *X509_STORE_CTX_get0_param(const X509_STORE_CTX *ctx)
{
    return ctx != NULL ? ctx->param : NULL;
}

void X509_STORE_CTX_set0_param(X509_STORE_CTX *ctx, X509_VERIFY_PARAM *param)
{
    if (ctx == NULL || param == NULL)
        return;
    X509_VERIFY_PARAM_free(ctx->param);
    ctx->param = param;
}

void X509_STORE_CTX_set_time(X509_STORE_CTX *ctx, unsigned long flags, time_t t)
{
    (void)flags;
    if (ctx != NULL && ctx->param != NULL)
        X509_VERIFY_PARAM_set_time(ctx->param, t);
}

void X509_STORE_CTX_set_verify_cb(X509_STORE_CTX *ctx, X509_STORE_CTX_verify_cb verify)
{
    if (ctx != NULL)
        ctx->verify_cb = verify;
}

X509_STORE_CTX_verify_cb X509_STORE_CTX_get_verify_cb(const X509_STORE_CTX *ctx)
{
    return ctx != NULL ? ctx->verify_cb : NULL;
}

STACK_OF(X509) *X509_STORE_CTX_get0_chain(const X509_STORE_CTX *ctx)
{
    return ctx != NULL ? ctx->chain : NULL;
}

STACK_OF(X509) *X509_STORE_CTX_get1_chain(const X509_STORE_CTX *ctx)
{
    STACK_OF(X509) *sk;
    int i;

    if (ctx == NULL || ctx->chain == NULL)
        return NULL;
    sk = sk_X509_new_null();
    for (i = 0; sk != NULL && i < sk_X509_num(ctx->chain); i++) {
        if (!kuma_x509_push_ref(sk, sk_X509_value(ctx->chain, i))) {
            sk_X509_pop_free(sk, X509_free);
            sk = NULL;
        }
    }
    if (sk == NULL)
        ERR_raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE);
    return sk;
}

/* ---- what a verify callback sees ------------------------------------------------ */

int X509_STORE_CTX_get_error(const X509_STORE_CTX *ctx)
{
    return ctx != NULL ? ctx->error : X509_V_ERR_UNSPECIFIED;
}

void X509_STORE_CTX_set_error(X509_STORE_CTX *ctx, int s)
{
    if (ctx != NULL)
        ctx->error = s;
}

int X509_STORE_CTX_get_error_depth(const X509_STORE_CTX *ctx)
{
    return ctx != NULL ? ctx->depth : -1;
}

X509 *X509_STORE_CTX_get_current_cert(const X509_STORE_CTX *ctx)
{
    return ctx != NULL ? ctx->current : NULL;
}

/* kumassl keeps one piece of ex-data here, the SSL being verified. */
void *X509_STORE_CTX_get_ex_data(const X509_STORE_CTX *ctx, int idx)
{
    (void)idx;
    return ctx != NULL ? ctx->ssl : NULL;
}

void kuma_store_anchors(X509_STORE *st, const br_x509_trust_anchor **anchors, size_t *count)
{
    pthread_mutex_lock(&st->lock);
    *anchors = st->anchors;
    *count = st->count;
    pthread_mutex_unlock(&st->lock);
}

void kuma_store_certs(X509_STORE *st, X509 *const **certs, size_t *count)
{
    pthread_mutex_lock(&st->lock);
    *certs = st->certs;
    *count = st->ncerts;
    pthread_mutex_unlock(&st->lock);
}

unsigned long kuma_store_flags(X509_STORE *st)
{
    return st->flags;
}

int X509_STORE_set_flags(X509_STORE *ctx, unsigned long flags)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx))
        return 0;
    if (!kuma_verify_flags_supported(flags))
        return 0;
    ctx->flags |= flags;
    return 1;
}

void X509_STORE_CTX_set_flags(X509_STORE_CTX *ctx, unsigned long flags)
{
    if (ctx != NULL && ctx->param != NULL)
        (void)X509_VERIFY_PARAM_set_flags(ctx->param, flags);
}

int X509_STORE_CTX_set_purpose(X509_STORE_CTX *ctx, int purpose)
{
    if (KUMA_NULL_ARG(ERR_LIB_X509, ctx))
        return 0;
    return ctx->param != NULL && X509_VERIFY_PARAM_set_purpose(ctx->param, purpose);
}
