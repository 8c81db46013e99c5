/*
 * kumassl: the X.509 verifier handed to the BearSSL engine.
 *
 * It keeps the peer's certificates as they arrive and at the end of the
 * chain has peer_chain.c check them (engine-neutral: chain.c, the SSL's
 * settings and verification mode). What is BearSSL's is here: collecting
 * the certificates from the engine's callbacks, the peer's chain kept for
 * SSL_get1_peer_certificate(), and the key handed to the engine.
 */
#include <string.h>
#include "br_int.h"

/* Certificates larger than this are not kept (a leaf that large fails the chain). */
#define MAX_CERT_KEEP (64 * 1024)

static kuma_verifier *verifier_of(const br_x509_class **ctx)
{
    return (kuma_verifier *)(void *)ctx;
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
    v->chain.count = 0;
    v->chain.path_len = 0;
    v->chain.leaf_lost = 0;
    v->accept = 0;
}

static void v_start_cert(const br_x509_class **ctx, uint32_t length)
{
    kuma_verifier *v = verifier_of(ctx);
    kuma_chain_cert *c = &v->certs[v->chain.count];

    v->cur_kept = 0;
    v->cur_expect = length;
    if (v->chain.leaf_lost || v->chain.count >= KUMA_VERIFY_MAX_CERTS || length > MAX_CERT_KEEP)
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
    kuma_chain_cert *c = &v->certs[v->chain.count];

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
    kuma_chain_cert *c = &v->certs[v->chain.count];

    if (!v->cur_kept || c->len != v->cur_expect) {
        /* Without the leaf no path can start; other losses only shorten the choice. */
        if (v->chain.count == 0)
            v->chain.leaf_lost = 1;
        return;
    }
    ERR_set_mark();
    c->x = kuma_x509_from_der(c->der, c->len);
    ERR_pop_to_mark();      /* an unreadable certificate is BearSSL's verdict to give */
    if (c->x != NULL && !sk_X509_push(v->ssl->peer_chain, c->x)) {
        X509_free(c->x);
        c->x = NULL;
    }
    v->chain.count++;
}

/* ---- judging ------------------------------------------------------------------------ */

/*
 * A rejected peer must not carry on as a server: BearSSL's "tolerate no
 * client auth" also covers a rejected certificate, and would skip the
 * CertificateVerify and finish the handshake.
 */
static unsigned v_end_chain(const br_x509_class **ctx)
{
    kuma_verifier *v = verifier_of(ctx);
    br_ssl_engine_context *eng;

    if (kuma_peer_chain_check(v->ssl, &v->chain, v->store, v->certs)) {
        v->accept = 1;
        return 0;
    }
    eng = kuma_br_engine(v->ssl);
    if (eng != NULL)
        br_ssl_engine_remove_flags(eng, BR_OPT_TOLERATE_NO_CLIENT_AUTH);
    return BR_ERR_X509_NOT_TRUSTED;
}

/*
 * The accepted leaf's key, with the usages its keyUsage allows (as
 * BearSSL's minimal engine reports them: key exchange for keyEncipherment
 * or keyAgreement, signing for digitalSignature; both without keyUsage).
 */
static const br_x509_pkey *v_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
    kuma_verifier *v = verifier_of((const br_x509_class **)ctx);
    X509 *leaf = v->accept ? kuma_chain_cert_at(&v->chain, 0) : NULL;

    if (leaf == NULL && v->accept && v->chain.count > 0)
        leaf = v->certs[0].x;   /* accepted without a path (SSL_VERIFY_NONE) */
    if (leaf == NULL)
        return NULL;
    if (usages != NULL)
        *usages = kuma_x509_key_usages(leaf);
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

/* ---- the slot: a verifier only while a handshake checks a chain ------------------------ */

static kuma_verifier_slot *slot_of(const br_x509_class *const *ctx)
{
    return (kuma_verifier_slot *)(void *)ctx;
}

/* A verifier for one chain, or NULL (error queued) when memory is short. */
static kuma_verifier *verifier_new(SSL *s, X509_STORE *store)
{
    kuma_verifier *v = calloc(1, sizeof(*v));

    if (v == NULL) {
        ERR_raise(ERR_LIB_SSL, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    v->store = store;
    kuma_verifier_init(v, s);
    return v;
}

static void slot_start_chain(const br_x509_class **ctx, const char *server_name)
{
    kuma_verifier_slot *slot = slot_of(ctx);

    if (slot->v == NULL)
        slot->v = verifier_new(slot->ssl, slot->store);
    if (slot->v != NULL)
        slot->v->vtable->start_chain(&slot->v->vtable, server_name);
}

static void slot_start_cert(const br_x509_class **ctx, uint32_t length)
{
    kuma_verifier *v = slot_of(ctx)->v;

    if (v != NULL)
        v->vtable->start_cert(&v->vtable, length);
}

static void slot_append(const br_x509_class **ctx, const unsigned char *buf, size_t len)
{
    kuma_verifier *v = slot_of(ctx)->v;

    if (v != NULL)
        v->vtable->append(&v->vtable, buf, len);
}

static void slot_end_cert(const br_x509_class **ctx)
{
    kuma_verifier *v = slot_of(ctx)->v;

    if (v != NULL)
        v->vtable->end_cert(&v->vtable);
}

static unsigned slot_end_chain(const br_x509_class **ctx)
{
    kuma_verifier_slot *slot = slot_of(ctx);

    if (slot->v != NULL)
        return slot->v->vtable->end_chain(&slot->v->vtable);
    /* no verifier (the malloc failure is queued): nothing was checked */
    slot->ssl->verify_result = X509_V_ERR_OUT_OF_MEM;
    return BR_ERR_X509_NOT_TRUSTED;
}

static const br_x509_pkey *slot_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
    kuma_verifier *v = slot_of(ctx)->v;

    return v != NULL ? v->vtable->get_pkey((const br_x509_class *const *)&v->vtable, usages) : NULL;
}

static const br_x509_class slot_class = {
    sizeof(kuma_verifier_slot), slot_start_chain, slot_start_cert, slot_append,
    slot_end_cert, slot_end_chain, slot_get_pkey
};

void kuma_verifier_slot_init(kuma_verifier_slot *slot, SSL *s)
{
    slot->vtable = &slot_class;
    slot->ssl = s;
    slot->v = NULL;
    slot->store = s->ctx->store;
    X509_STORE_up_ref(slot->store);
}

void kuma_verifier_slot_clear(kuma_verifier_slot *slot)
{
    kuma_verifier_slot_release(slot);
    X509_STORE_free(slot->store);
    slot->store = NULL;
}

void kuma_verifier_slot_release(kuma_verifier_slot *slot)
{
    if (slot->v == NULL)
        return;
    kuma_verifier_clear(slot->v);
    OPENSSL_cleanse(slot->v, sizeof(*slot->v));
    free(slot->v);
    slot->v = NULL;
}
