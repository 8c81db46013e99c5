/*
 * kumassl: the TLS 1.3 key schedule (RFC 8446 section 7.1) on BearSSL's
 * HMAC. HKDF is written here over br_hmac rather than with br_hkdf because
 * the schedule needs each PRK (Early, Handshake, Master Secret) as bytes,
 * which br_hkdf_context keeps to itself; the tests check this HKDF against
 * br_hkdf and RFC 5869.
 */
#include <string.h>
#include "tls13_int.h"

void kuma13_hkdf_extract(const br_hash_class *h, const void *salt, size_t salt_len,
                         const void *ikm, size_t ikm_len, unsigned char *prk)
{
    br_hmac_key_context kc;
    br_hmac_context hc;

    br_hmac_key_init(&kc, h, salt, salt_len);
    br_hmac_init(&hc, &kc, 0);
    br_hmac_update(&hc, ikm, ikm_len);
    br_hmac_out(&hc, prk);
    OPENSSL_cleanse(&kc, sizeof kc);
    OPENSSL_cleanse(&hc, sizeof hc);
}

void kuma13_hkdf_expand(const br_hash_class *h, const unsigned char *secret,
                        const void *info, size_t info_len, unsigned char *out, size_t out_len)
{
    size_t hlen = kuma13_hash_len(h), done = 0;
    unsigned char t[KUMA13_MAX_HASH];
    unsigned char counter = 0;
    br_hmac_key_context kc;
    br_hmac_context hc;

    br_hmac_key_init(&kc, h, secret, hlen);
    while (done < out_len) {
        size_t n = out_len - done < hlen ? out_len - done : hlen;

        br_hmac_init(&hc, &kc, 0);
        if (counter > 0)
            br_hmac_update(&hc, t, hlen);       /* T(i-1) */
        br_hmac_update(&hc, info, info_len);
        counter++;
        br_hmac_update(&hc, &counter, 1);
        br_hmac_out(&hc, t);
        memcpy(out + done, t, n);
        done += n;
    }
    OPENSSL_cleanse(t, sizeof t);
    OPENSSL_cleanse(&kc, sizeof kc);
    OPENSSL_cleanse(&hc, sizeof hc);
}

void kuma13_expand_label(const br_hash_class *h, const unsigned char *secret, const char *label,
                         const void *context, size_t context_len, unsigned char *out, size_t out_len)
{
    /* struct { uint16 length; opaque label<7..255>; opaque context<0..255>; } HkdfLabel */
    unsigned char info[2 + 1 + 255 + 1 + 255];
    size_t label_len = strlen(label), n = 0;

    info[n++] = (unsigned char)(out_len >> 8);
    info[n++] = (unsigned char)out_len;
    info[n++] = (unsigned char)(6 + label_len);
    memcpy(info + n, "tls13 ", 6);
    memcpy(info + n + 6, label, label_len);
    n += 6 + label_len;
    info[n++] = (unsigned char)context_len;
    if (context_len > 0)
        memcpy(info + n, context, context_len);
    n += context_len;
    kuma13_hkdf_expand(h, secret, info, n, out, out_len);
}

/* Hash of the empty string, the context of Derive-Secret(., ., ""). */
static void empty_hash(const br_hash_class *h, unsigned char *out)
{
    br_hash_compat_context hc;

    h->init(&hc.vtable);
    h->out(&hc.vtable, out);
}

void kuma13_derive_secret(const br_hash_class *h, const unsigned char *secret, const char *label,
                          const unsigned char *thash, unsigned char *out)
{
    unsigned char empty[KUMA13_MAX_HASH];
    size_t hlen = kuma13_hash_len(h);

    if (thash == NULL) {
        empty_hash(h, empty);
        thash = empty;
    }
    kuma13_expand_label(h, secret, label, thash, hlen, out, hlen);
}

void kuma13_schedule_early(kuma13_schedule *ks, const br_hash_class *h,
                           const unsigned char *psk, size_t psk_len)
{
    static const unsigned char zeros[KUMA13_MAX_HASH];

    ks->hash = h;
    ks->hlen = kuma13_hash_len(h);
    if (psk == NULL) {
        psk = zeros;
        psk_len = ks->hlen;
    }
    kuma13_hkdf_extract(h, zeros, ks->hlen, psk, psk_len, ks->secret);
}

/* The next stage's secret: HKDF-Extract(Derive-Secret(current, "derived", ""), ikm). */
static void next_stage(kuma13_schedule *ks, const unsigned char *ikm, size_t ikm_len)
{
    unsigned char salt[KUMA13_MAX_HASH];

    kuma13_derive_secret(ks->hash, ks->secret, "derived", NULL, salt);
    kuma13_hkdf_extract(ks->hash, salt, ks->hlen, ikm, ikm_len, ks->secret);
    OPENSSL_cleanse(salt, sizeof salt);
}

void kuma13_schedule_handshake(kuma13_schedule *ks, const unsigned char *dhe, size_t dhe_len)
{
    next_stage(ks, dhe, dhe_len);
}

void kuma13_schedule_master(kuma13_schedule *ks)
{
    static const unsigned char zeros[KUMA13_MAX_HASH];

    next_stage(ks, zeros, ks->hlen);
}

void kuma13_schedule_derive(const kuma13_schedule *ks, const char *label,
                            const unsigned char *thash, unsigned char *out)
{
    kuma13_derive_secret(ks->hash, ks->secret, label, thash, out);
}

void kuma13_schedule_clear(kuma13_schedule *ks)
{
    OPENSSL_cleanse(ks, sizeof *ks);
}

void kuma13_finished(const br_hash_class *h, const unsigned char *base_key,
                     const unsigned char *thash, unsigned char *verify_data)
{
    size_t hlen = kuma13_hash_len(h);
    unsigned char key[KUMA13_MAX_HASH];

    kuma13_expand_label(h, base_key, "finished", NULL, 0, key, hlen);
    kuma13_hkdf_extract(h, key, hlen, thash, hlen, verify_data);      /* HMAC(key, thash) */
    OPENSSL_cleanse(key, sizeof key);
}

int kuma13_ct_equal(const void *a, const void *b, size_t n)
{
    const volatile unsigned char *x = a, *y = b;
    unsigned diff = 0;
    size_t i;

    for (i = 0; i < n; i++)
        diff |= x[i] ^ y[i];
    return (int)(1 & ((diff - 1) >> 8));
}

int kuma13_finished_check(const br_hash_class *h, const unsigned char *base_key,
                          const unsigned char *thash, const unsigned char *got, size_t got_len)
{
    unsigned char want[KUMA13_MAX_HASH];
    size_t hlen = kuma13_hash_len(h);
    int ok;

    kuma13_finished(h, base_key, thash, want);
    ok = got_len == hlen && kuma13_ct_equal(want, got, hlen);
    OPENSSL_cleanse(want, sizeof want);
    return ok;
}

void kuma13_next_traffic_secret(const br_hash_class *h, unsigned char *secret)
{
    unsigned char next[KUMA13_MAX_HASH];
    size_t hlen = kuma13_hash_len(h);

    kuma13_expand_label(h, secret, "traffic upd", NULL, 0, next, hlen);
    memcpy(secret, next, hlen);
    OPENSSL_cleanse(next, sizeof next);
}

int kuma13_export(const br_hash_class *h, const unsigned char *exporter_master,
                  const char *label, size_t label_len, const void *context, size_t context_len,
                  unsigned char *out, size_t out_len)
{
    unsigned char secret[KUMA13_MAX_HASH], chash[KUMA13_MAX_HASH];
    char lab[250];
    size_t hlen = kuma13_hash_len(h);
    br_hash_compat_context hc;

    if (label_len > 249 || out_len > 0xFFFF || out_len > 255 * hlen)
        return 0;
    memcpy(lab, label, label_len);
    lab[label_len] = '\0';
    if (memchr(lab, '\0', label_len) != NULL)
        return 0;               /* a label is text; an embedded NUL would shorten it */
    kuma13_derive_secret(h, exporter_master, lab, NULL, secret);
    h->init(&hc.vtable);
    h->update(&hc.vtable, context, context_len);
    h->out(&hc.vtable, chash);
    kuma13_expand_label(h, secret, "exporter", chash, hlen, out, out_len);
    OPENSSL_cleanse(secret, sizeof secret);
    return 1;
}
