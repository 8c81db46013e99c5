/*
 * kumassl: RSASSA-PSS signatures (RFC 8017 section 8.1) over BearSSL's raw
 * RSA operations, for TLS 1.3 (RFC 8446 4.2.3: rsa_pss_rsae_*).
 *
 * BearSSL 0.6 has PKCS#1 v1.5 and OAEP but no PSS, so the EMSA-PSS encoding
 * (section 9.1) is done here: MGF1 over the message hash function and a salt
 * as long as the hash, as TLS 1.3 requires. The private operation is
 * BearSSL's (constant time); the encoding touches no secret but the salt,
 * which goes only into the hash and a XOR.
 */
#include <string.h>
#include "crypto_int.h"

/* BearSSL's RSA code takes moduli up to 4096 bits. */
#define PSS_MAX_MOD 512

/* The output length of h in bytes. */
static size_t hash_len(const br_hash_class *h)
{
    return (size_t)(h->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
}

/* The number of significant bits of the big-endian integer x. */
static uint32_t bit_length(const unsigned char *x, size_t len)
{
    while (len > 0 && *x == 0) {
        x++;
        len--;
    }
    if (len == 0)
        return 0;
    uint32_t bits = (uint32_t)(len - 1) * 8;
    for (unsigned v = *x; v != 0; v >>= 1)
        bits++;
    return bits;
}

/* XORs MGF1(seed) (RFC 8017 B.2.1) over buf[0..len). */
static void mgf1_xor(const br_hash_class *h, const unsigned char *seed, size_t seed_len,
                     unsigned char *buf, size_t len)
{
    br_hash_compat_context hc;
    unsigned char block[64], ctr[4];
    size_t hl = hash_len(h), done, i, n;
    uint32_t c;

    for (done = 0, c = 0; done < len; done += n, c++) {
        ctr[0] = (unsigned char)(c >> 24);
        ctr[1] = (unsigned char)(c >> 16);
        ctr[2] = (unsigned char)(c >> 8);
        ctr[3] = (unsigned char)c;
        h->init(&hc.vtable);
        h->update(&hc.vtable, seed, seed_len);
        h->update(&hc.vtable, ctr, 4);
        h->out(&hc.vtable, block);
        n = len - done < hl ? len - done : hl;
        for (i = 0; i < n; i++)
            buf[done + i] ^= block[i];
    }
}

/* H = Hash(00 x 8 || mHash || salt), RFC 8017 9.1.1 steps 5-6. */
static void pss_digest(const br_hash_class *h, const unsigned char *mhash, size_t hl,
                       const unsigned char *salt, size_t slen, unsigned char *out)
{
    static const unsigned char zeros[8] = { 0 };
    br_hash_compat_context hc;

    h->init(&hc.vtable);
    h->update(&hc.vtable, zeros, sizeof(zeros));
    h->update(&hc.vtable, mhash, hl);
    h->update(&hc.vtable, salt, slen);
    h->out(&hc.vtable, out);
}

/*
 * EMSA-PSS-ENCODE (9.1.1) into em[0..k): em_bits = modulus bits - 1, so
 * when em_bits is a multiple of 8 em[0] is a zero byte ahead of the
 * emLen-byte encoding. 0 when the modulus is too small or no salt could be had.
 */
static int pss_encode(const br_hash_class *h, const unsigned char *mhash, size_t hl,
                      uint32_t em_bits, unsigned char *em, size_t k)
{
    size_t em_len = (em_bits + 7) / 8, db_len, off = k - em_len;
    unsigned char salt[64];
    unsigned char *db, *hh;

    if (em_len < 2 * hl + 2)
        return 0;
    if (!kuma_rand_seed(salt, hl))
        return 0;
    memset(em, 0, k);
    db = em + off;
    db_len = em_len - hl - 1;
    hh = db + db_len;
    pss_digest(h, mhash, hl, salt, hl, hh);
    db[db_len - hl - 1] = 0x01;
    memcpy(db + db_len - hl, salt, hl);
    mgf1_xor(h, hh, hl, db, db_len);
    db[0] &= (unsigned char)(0xFF >> (8 * em_len - em_bits));
    em[k - 1] = 0xBC;
    memset(salt, 0, sizeof(salt));
    return 1;
}

int kuma_rsa_pss_sign(const br_rsa_private_key *sk, const br_hash_class *h,
                      const unsigned char *hash, size_t hlen, unsigned char *sig,
                      size_t *siglen)
{
    size_t k;

    if (sk == NULL || h == NULL || hash == NULL || sig == NULL || siglen == NULL)
        return 0;
    k = (sk->n_bitlen + 7) / 8;
    if (hlen != hash_len(h) || hlen > 64 || k > PSS_MAX_MOD || sk->n_bitlen < 2
        || *siglen < k)
        return 0;
    if (!pss_encode(h, hash, hlen, sk->n_bitlen - 1, sig, k)
        || !br_rsa_private_get_default()(sig, sk)) {
        memset(sig, 0, k);
        return 0;
    }
    *siglen = k;
    return 1;
}

/*
 * EMSA-PSS-VERIFY (9.1.2) of em[0..k) with a salt of slen bytes.
 * Every check is made and the verdicts folded together: the input is
 * public, but a uniform path is no dearer here.
 */
static int pss_check(const br_hash_class *h, const unsigned char *mhash, size_t hl,
                     size_t slen, uint32_t em_bits, unsigned char *em, size_t k)
{
    size_t em_len = (em_bits + 7) / 8, db_len, ps_len, i;
    unsigned char *db, *hh, top_mask, hh2[64];
    unsigned bad = 0;

    if (em_len < hl + slen + 2)
        return 0;
    for (i = 0; i < k - em_len; i++)       /* I2OSP(m, emLen): no byte beyond emLen */
        bad |= em[i];
    em += k - em_len;
    db = em;
    db_len = em_len - hl - 1;
    hh = db + db_len;
    top_mask = (unsigned char)(0xFF >> (8 * em_len - em_bits));
    bad |= em[em_len - 1] ^ 0xBC;                       /* step 4 */
    bad |= db[0] & (unsigned char)~top_mask;            /* step 6 */
    mgf1_xor(h, hh, hl, db, db_len);                    /* steps 7-8 */
    db[0] &= top_mask;                                  /* step 9 */
    ps_len = db_len - slen - 1;
    for (i = 0; i < ps_len; i++)                        /* step 10 */
        bad |= db[i];
    bad |= db[ps_len] ^ 0x01;
    pss_digest(h, mhash, hl, db + db_len - slen, slen, hh2);  /* steps 11-13 */
    for (i = 0; i < hl; i++)                            /* step 14 */
        bad |= hh[i] ^ hh2[i];
    return bad == 0;
}

int kuma_rsa_pss_verify_salt(const br_rsa_public_key *pk, const br_hash_class *h,
                             const unsigned char *hash, size_t hlen, const unsigned char *sig,
                             size_t siglen, size_t slen)
{
    unsigned char em[PSS_MAX_MOD];
    uint32_t nbits;
    size_t k;

    if (pk == NULL || h == NULL || hash == NULL || sig == NULL)
        return 0;
    nbits = bit_length(pk->n, pk->nlen);
    k = (nbits + 7) / 8;
    if (hlen != hash_len(h) || hlen > 64 || nbits < 2 || k > PSS_MAX_MOD || siglen != k
        || slen > k)
        return 0;
    memcpy(em, sig, k);
    if (!br_rsa_public_get_default()(em, k, pk))        /* RSAVP1; fails when s >= n */
        return 0;
    return pss_check(h, hash, hlen, slen, nbits - 1, em, k);
}

int kuma_rsa_pss_verify(const br_rsa_public_key *pk, const br_hash_class *h,
                        const unsigned char *hash, size_t hlen, const unsigned char *sig,
                        size_t siglen)
{
    return kuma_rsa_pss_verify_salt(pk, h, hash, hlen, sig, siglen, hlen);
}
