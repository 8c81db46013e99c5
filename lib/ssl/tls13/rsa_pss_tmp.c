/*
 * kumassl: TEMPORARY RSASSA-PSS verification for the TLS 1.3 engine, to be
 * REPLACED by lib/crypto/rsa_pss.c (kuma_rsa_pss_verify, being written by
 * another engineer with the same prototype) when it lands in main; then
 * this file goes and the declaration in tls13_int.h with it.
 *
 * RFC 8017 section 8.1.2 / 9.1.2, MGF1 with the same hash, salt length =
 * hash length (as TLS 1.3 requires, RFC 8446 section 4.2.3). Verification
 * handles no secret.
 */
#include <string.h>
#include "tls13_int.h"

/* mask ^= MGF1(seed, len) (RFC 8017 appendix B.2.1). */
static void mgf1_xor(const br_hash_class *h, const unsigned char *seed, size_t seed_len,
                     unsigned char *mask, size_t len)
{
    size_t hlen = kuma13_hash_len(h), done = 0, i;
    unsigned char t[64], ctr[4];
    uint32_t counter = 0;
    br_hash_compat_context hc;

    while (done < len) {
        ctr[0] = (unsigned char)(counter >> 24);
        ctr[1] = (unsigned char)(counter >> 16);
        ctr[2] = (unsigned char)(counter >> 8);
        ctr[3] = (unsigned char)counter;
        h->init(&hc.vtable);
        h->update(&hc.vtable, seed, seed_len);
        h->update(&hc.vtable, ctr, 4);
        h->out(&hc.vtable, t);
        for (i = 0; i < hlen && done < len; i++)
            mask[done++] ^= t[i];
        counter++;
    }
}

/* Bits in the big-endian number n (nlen bytes). */
static size_t bit_length(const unsigned char *n, size_t nlen)
{
    size_t i = 0;
    unsigned b;
    size_t bits;

    while (i < nlen && n[i] == 0)
        i++;
    if (i == nlen)
        return 0;
    bits = (nlen - i) * 8;
    for (b = n[i]; !(b & 0x80); b <<= 1)
        bits--;
    return bits;
}

int kuma_rsa_pss_verify(const br_rsa_public_key *pk, const br_hash_class *h,
                        const unsigned char *hash, size_t hlen,
                        const unsigned char *sig, size_t siglen)
{
    unsigned char em[512], mprime[8 + 64 + 64], hh[64];
    size_t mod_bits = bit_length(pk->n, pk->nlen), k = (mod_bits + 7) / 8;
    size_t em_bits, em_len, db_len, i;
    const unsigned char *emp, *hp;
    br_hash_compat_context hc;

    if (mod_bits < 512 || k > sizeof em || siglen != k || hlen != kuma13_hash_len(h))
        return 0;
    memcpy(em, sig, siglen);
    if (!br_rsa_public_get_default()(em, k, pk))
        return 0;                       /* the signature is not below the modulus */
    em_bits = mod_bits - 1;
    em_len = (em_bits + 7) / 8;
    if (em_len < k && em[0] != 0)
        return 0;
    emp = em + (k - em_len);
    if (em_len < 2 * hlen + 2 || emp[em_len - 1] != 0xbc)
        return 0;
    db_len = em_len - hlen - 1;
    hp = emp + db_len;
    if (emp[0] & (unsigned char)(0xff00 >> (8 * em_len - em_bits)))
        return 0;                       /* the bits above emBits must be zero */
    mgf1_xor(h, hp, hlen, (unsigned char *)emp, db_len);
    ((unsigned char *)emp)[0] &= (unsigned char)(0xff >> (8 * em_len - em_bits));
    for (i = 0; i < db_len - hlen - 1; i++)
        if (emp[i] != 0)
            return 0;
    if (emp[db_len - hlen - 1] != 0x01)
        return 0;
    memset(mprime, 0, 8);
    memcpy(mprime + 8, hash, hlen);
    memcpy(mprime + 8 + hlen, emp + db_len - hlen, hlen);
    h->init(&hc.vtable);
    h->update(&hc.vtable, mprime, 8 + 2 * hlen);
    h->out(&hc.vtable, hh);
    return memcmp(hh, hp, hlen) == 0;
}
