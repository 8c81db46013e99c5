/*
 * kumassl: the feature files' settings translated for BearSSL's engine.
 *
 * ext.c says what to offer in engine-neutral terms (the ALPN list in wire
 * format, TLS NamedGroup ids, CA names as X509_NAME); this file turns them
 * into what BearSSL links to (C strings, a restricted EC implementation,
 * br_x500_name), and answers the post-handshake queries of events.c and
 * ext.c (Finished, exporter, selected protocol, key log) from the engine.
 */
#include <string.h>
#include "br_int.h"
#include "ext_int.h"
#include "fast/fast.h"

void kuma_br_features_clear(kuma_br_features *f)
{
    free(f->alpn_names);
    free(f->ca_dn);
    free(f->ca_der);
    f->alpn_names = NULL;
    f->alpn_num = 0;
    f->ca_dn = NULL;
    f->ca_der = NULL;
}

/* ---- ALPN ------------------------------------------------------------------------ */

/* The client's names as C strings, for br_ssl_engine_set_protocol_names(). */
static int client_alpn(SSL *s, kuma_br_features *f, br_ssl_engine_context *eng)
{
    const unsigned char *list, *p;
    unsigned int len = (unsigned int)kuma_ext_alpn_protos(s, &list), pos = 0, l, n = 0;
    char *str;

    if (len == 0)
        return 1;
    while (kuma_alpn_next(list, len, &pos, &p, &l))
        n++;
    /* n pointers, then each name and its NUL: at most len bytes in all */
    if ((f->alpn_names = malloc(n * sizeof(char *) + len)) == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return 0;
    }
    str = (char *)(f->alpn_names + n);
    for (pos = 0; kuma_alpn_next(list, len, &pos, &p, &l);) {
        memcpy(str, p, l);
        str[l] = '\0';
        f->alpn_names[f->alpn_num++] = str;
        str += l + 1;
    }
    br_ssl_engine_set_protocol_names(eng, f->alpn_names, f->alpn_num);
    return 1;
}

/*
 * Server: the engine gets the chosen name as its only one, and is told it
 * is the selection: BearSSL matches ALPN while it parses the ClientHello,
 * which may already have happened for the part holding the extension when
 * the ClientHello spans records.
 */
static void server_alpn(SSL *s, kuma_br_features *f, br_ssl_engine_context *eng)
{
    const char *name = kuma_ext_alpn_selected(s);

    if (name == NULL)
        return;
    strncpy(f->alpn_sel_buf, name, sizeof(f->alpn_sel_buf) - 1);
    f->alpn_sel[0] = f->alpn_sel_buf;
    br_ssl_engine_set_protocol_names(eng, f->alpn_sel, 1);
    eng->selected_protocol = 1;         /* 1 + index of the name */
}

const unsigned char *kuma_br_alpn_selected(const br_ssl_engine_context *eng, unsigned int *len)
{
    const char *p = br_ssl_engine_get_selected_protocol((br_ssl_engine_context *)eng);

    *len = p != NULL ? (unsigned int)strlen(p) : 0;
    return (const unsigned char *)p;
}

/* ---- groups ------------------------------------------------------------------------ */

/*
 * ECDSA verification with every curve. The engine hands its own EC code
 * to the verifier, and ours is restricted to the key-exchange groups: a
 * P-256 signature must still verify when only P-384 is offered for ECDHE.
 */
static uint32_t ecdsa_vrfy_any_curve(const br_ec_impl *impl, const void *hash, size_t hash_len,
                                     const br_ec_public_key *pk, const void *sig, size_t sig_len)
{
    (void)impl;
    return kuma_algos_get()->ecdsa_vrfy(kuma_ec_default(), hash, hash_len, pk, sig, sig_len);
}

/*
 * BearSSL offers (client) and accepts (server) exactly the curves its EC
 * implementation declares in supported_curves; a copy of the default
 * implementation with a narrower mask restricts both. BR_EC_* are the TLS
 * NamedGroup ids.
 */
static void apply_groups(SSL *s, kuma_br_features *f, br_ssl_engine_context *eng)
{
    uint16_t ids[KUMA_MAX_GROUPS];
    size_t i, n = kuma_ext_groups(s, ids);
    uint32_t mask = 0;

    if (n == 0)
        return;
    for (i = 0; i < n; i++)
        if (ids[i] < 32)
            mask |= (uint32_t)1 << ids[i];
    f->ec = *kuma_ec_default();
    f->ec.supported_curves &= mask;
    br_ssl_engine_set_ec(eng, &f->ec);
    br_ssl_engine_set_ecdsa(eng, ecdsa_vrfy_any_curve);
}

/* ---- client CA names ------------------------------------------------------------------ */

/*
 * BearSSL sends the names given to the server context, and asks for no
 * certificate at all when there are none, so without a list the trust
 * anchors' names (engine.c) stay in place.
 */
static int apply_ca_names(SSL *s, kuma_br_features *f, br_ssl_server_context *sc)
{
    STACK_OF(X509_NAME) *names = kuma_ext_ca_names(s);
    int i, n = sk_X509_NAME_num(names);
    size_t total = 0, off = 0;

    if (n <= 0)
        return 1;
    for (i = 0; i < n; i++)
        total += sk_X509_NAME_value(names, i)->len;
    f->ca_dn = calloc((size_t)n, sizeof(*f->ca_dn));
    f->ca_der = malloc(total > 0 ? total : 1);
    if (f->ca_dn == NULL || f->ca_der == NULL)
        return 0;
    for (i = 0; i < n; i++) {
        const X509_NAME *name = sk_X509_NAME_value(names, i);

        memcpy(f->ca_der + off, name->der, name->len);
        f->ca_dn[i].data = f->ca_der + off;
        f->ca_dn[i].len = name->len;
        off += name->len;
    }
    br_ssl_server_set_trust_anchor_names(sc, f->ca_dn, (size_t)n);
    return 1;
}

/* ---- the hooks engine.c calls ------------------------------------------------------------ */

int kuma_br_features_client(SSL *s, kuma_br_features *f, br_ssl_client_context *cc)
{
    kuma_br_features_clear(f);
    apply_groups(s, f, &cc->eng);
    return client_alpn(s, f, &cc->eng);
}

int kuma_br_features_hello(SSL *s, kuma_br_features *f, br_ssl_server_context *sc)
{
    server_alpn(s, f, &sc->eng);
    apply_groups(s, f, &sc->eng);
    return apply_ca_names(s, f, sc);
}

/* ---- after the handshake ----------------------------------------------------------------- */

#define FINISHED_LEN 12

/*
 * BearSSL keeps the last handshake's Finished verify_data of both sides
 * for secure renegotiation: the client's, then the server's.
 */
size_t kuma_br_finished(const br_ssl_engine_context *eng, int clients, void *buf, size_t count)
{
    if (count > FINISHED_LEN)
        count = FINISHED_LEN;
    if (count > 0)
        memcpy(buf, eng->saved_finished + (clients ? 0 : FINISHED_LEN), count);
    return FINISHED_LEN;
}

/* BearSSL takes the label as a C string. */
int kuma_br_export_keys(br_ssl_engine_context *eng, unsigned char *out, size_t olen,
                        const char *label, size_t llen, const unsigned char *context,
                        size_t contextlen)
{
    char *lab;
    int ok;

    if (llen > 0 && memchr(label, '\0', llen) != NULL) {
        KUMA_RAISE_AT("SSL_export_keying_material", ERR_LIB_SSL, SSL_R_BAD_VALUE,
                       "exporter label contains a NUL byte (BearSSL takes a C string)");
        return 0;
    }
    if ((lab = malloc(llen + 1)) == NULL) {
        KUMA_RAISE_AT("SSL_export_keying_material", ERR_LIB_SSL, ERR_R_MALLOC_FAILURE, NULL);
        return 0;
    }
    if (llen > 0)
        memcpy(lab, label, llen);
    lab[llen] = '\0';
    ok = br_ssl_key_export(eng, out, olen, lab, context, contextlen);
    free(lab);
    if (!ok)
        KUMA_RAISE_AT("SSL_export_keying_material", ERR_LIB_SSL, SSL_R_BAD_VALUE, "BearSSL exports keying material only while "
                       "the connection is open (not after closure or during a renegotiation)");
    return ok;
}

void kuma_br_keylog(SSL *s, const br_ssl_engine_context *eng)
{
    kuma_events_keylog(s, "CLIENT_RANDOM", eng->client_random, eng->session.master_secret,
                       sizeof(eng->session.master_secret));
}
