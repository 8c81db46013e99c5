/*
 * kumassl fuzzing: certificate chains through X509_verify_cert (path
 * building, extensions, name constraints, signatures, levels).
 *
 * Input: one byte of settings, then certificates, each as a two-byte
 * big-endian length and that many bytes of DER. The first certificate is
 * the trust anchor, the last the leaf, those between the untrusted
 * intermediates (in the order given; a lone certificate is both anchor and
 * leaf). Settings, bit by bit:
 *   0 X509_V_FLAG_PARTIAL_CHAIN   1 X509_V_FLAG_X509_STRICT
 *   2 purpose SSL server (else SSL client)   3 auth level 2 (else none)
 *   4 a callback that accepts every error   5 host name "localhost"
 *   6 the anchor is also offered as untrusted   7 X509_V_FLAG_NO_CHECK_TIME
 * Verification time is fixed (2027-01-01) so a run can be replayed.
 */
#include "fuzz_common.h"
#include <openssl/x509_vfy.h>

#define MAX_CERTS 12

static int accept_all(int ok, X509_STORE_CTX *ctx)
{
    (void)ok;
    (void)X509_STORE_CTX_get_error(ctx);
    (void)X509_STORE_CTX_get_current_cert(ctx);
    return 1;
}

/* Decodes the length-prefixed certificates; returns how many (undecodable ones are skipped). */
static int split_certs(const uint8_t *p, size_t n, X509 **out)
{
    int count = 0;

    while (n >= 2 && count < MAX_CERTS) {
        size_t len = (size_t)p[0] << 8 | p[1];
        const unsigned char *q = p + 2;
        X509 *x;

        if (len > n - 2)
            len = n - 2;
        x = d2i_X509(NULL, &q, (long)len);
        if (x != NULL)
            out[count++] = x;
        p += 2 + len;
        n -= 2 + len;
    }
    return count;
}

static void set_params(X509_VERIFY_PARAM *prm, uint8_t s)
{
    unsigned long flags = 0;

    if (s & 0x01)
        flags |= X509_V_FLAG_PARTIAL_CHAIN;
    if (s & 0x02)
        flags |= X509_V_FLAG_X509_STRICT;
    if (s & 0x80)
        flags |= X509_V_FLAG_NO_CHECK_TIME;
    X509_VERIFY_PARAM_set_flags(prm, flags);
    X509_VERIFY_PARAM_set_purpose(prm, (s & 0x04) ? X509_PURPOSE_SSL_SERVER : X509_PURPOSE_SSL_CLIENT);
    if (s & 0x08)
        X509_VERIFY_PARAM_set_auth_level(prm, 2);
    if (s & 0x20)
        X509_VERIFY_PARAM_set1_host(prm, "localhost", 0);
    X509_VERIFY_PARAM_set_time(prm, 1798761600);   /* 2027-01-01T00:00:00Z */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    X509 *certs[MAX_CERTS];
    X509_STORE *store;
    X509_STORE_CTX *ctx;
    STACK_OF(X509) *untrusted, *chain;
    int n, i;

    if (size < 3)
        return 0;
    n = split_certs(data + 1, size - 1, certs);
    if (n == 0)
        return 0;
    store = X509_STORE_new();
    ctx = X509_STORE_CTX_new();
    untrusted = sk_X509_new_null();
    X509_STORE_add_cert(store, certs[0]);
    for (i = (data[0] & 0x40) ? 0 : 1; i < n - 1; i++)
        sk_X509_push(untrusted, certs[i]);
    if (store != NULL && ctx != NULL && untrusted != NULL
        && X509_STORE_CTX_init(ctx, store, certs[n - 1], untrusted) == 1) {
        set_params(X509_STORE_CTX_get0_param(ctx), data[0]);
        if (data[0] & 0x10)
            X509_STORE_CTX_set_verify_cb(ctx, accept_all);
        (void)X509_verify_cert(ctx);
        (void)X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
        chain = X509_STORE_CTX_get1_chain(ctx);
        sk_X509_pop_free(chain, X509_free);
    }
    X509_STORE_CTX_free(ctx);
    sk_X509_free(untrusted);
    X509_STORE_free(store);
    for (i = 0; i < n; i++)
        X509_free(certs[i]);
    ERR_clear_error();
    return 0;
}
