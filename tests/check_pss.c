/*
 * kumassl tests: RSASSA-PSS (lib/crypto/rsa_pss.c) against the system
 * OpenSSL, through the openssl command line (so that no second libcrypto
 * enters this process): kumassl's signatures verify with
 * `openssl pkeyutl -verify` (salt length = hash length), OpenSSL's verify
 * with kumassl, for SHA-256/384/512 and 2048/2041/3072/4096-bit keys; and
 * the rejections of RFC 8017 9.1.2, each made by an encoding that breaks
 * exactly one rule, signed with the raw private operation.
 *
 * The 2041- and 3072-bit keys are made by openssl(1) in a temporary
 * directory when the program starts (a 2041-bit modulus has emLen one byte
 * shorter than the signature, the case RFC 8017 9.1.1 step 1 allows for).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto_int.h"
#include "testutil.h"

#define N_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static char dir[64];

/* openssl makes moduli of exactly the size asked below 2048 bits only (2049 gives 2048); checked anyway. */
static const char *gen_script =
    "set -e; cd \"$1\"; O=\"$2\"\n"
    "\"$O\" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out rsa3072.pem 2>/dev/null\n"
    "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do\n"
    "  \"$O\" genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2041 -out rsa2041.pem 2>/dev/null\n"
    "  \"$O\" rsa -in rsa2041.pem -noout -text | grep -q '(2041 bit' && exit 0\n"
    "done; exit 1\n";

/* A key: its file, private and public halves. */
typedef struct {
    char path[256];
    EVP_PKEY *pkey;
    br_rsa_public_key pub;
    unsigned char n[512], e[4];
} test_key;

static test_key keys[4];

typedef struct {
    const br_hash_class *h;
    const char *name;           /* openssl's digest name */
} test_hash;

static const test_hash hashes[] = {
    { &br_sha256_vtable, "sha256" },
    { &br_sha384_vtable, "sha384" },
    { &br_sha512_vtable, "sha512" },
};

static const char *path_in_dir(const char *name)
{
    static char buf[4][256];
    static int next;
    char *p = buf[next++ % 4];

    snprintf(p, sizeof(buf[0]), "%s/%s", dir, name);
    return p;
}

/*
 * The public half of key k as openssl(1) prints it (BearSSL 0.6's
 * br_rsa_compute_pubexp returns 0 for these keys, and its compute_modulus 0
 * for 4096 bits, so the test does not lean on them).
 */
static void read_public(test_key *k)
{
    char *const argv[] = { (char *)tu_openssl(), "rsa", "-in", k->path, "-noout", "-text",
                           "-modulus", NULL };
    static char out[65536];
    const char *m, *e;
    unsigned long ev;
    size_t i;

    ck_assert_int_eq(tu_run(argv, 10000, out, sizeof(out)), 0);
    m = strstr(out, "Modulus=");
    e = strstr(out, "publicExponent: ");
    ck_assert_msg(m != NULL && e != NULL, "openssl rsa printed %s", out);
    m += strlen("Modulus=");
    size_t digits = strspn(m, "0123456789ABCDEFabcdef"), pos = 0;
    ck_assert_uint_le(digits, 2 * sizeof(k->n));
    memset(k->n, 0, sizeof(k->n));
    for (i = digits % 2; pos < digits; i++) {  /* an odd count: the first byte has one digit */
        char nib = m[pos++];
        k->n[i / 2] = (unsigned char)(k->n[i / 2] << 4 | strtoul((char[]){ nib, 0 }, NULL, 16));
    }
    i = (i + 1) / 2;
    ev = strtoul(e + strlen("publicExponent: "), NULL, 10);
    ck_assert_uint_gt(ev, 1);
    k->pub.nlen = i;
    for (i = 0; i < 4; i++)
        k->e[i] = (unsigned char)(ev >> (24 - 8 * i));
    k->pub.n = k->n;
    k->pub.e = k->e;
    k->pub.elen = 4;
}

/* Loads key i, both halves. */
static void load_key(int i)
{
    test_key *k = &keys[i];
    const char *file = i == 0 ? tu_cert("server-key.pem")
        : i == 3 ? tu_cert("server-rsa4096-key.pem")
        : path_in_dir(i == 1 ? "rsa2041.pem" : "rsa3072.pem");

    snprintf(k->path, sizeof(k->path), "%s", file);
    k->pkey = kuma_pkey_load_file(k->path, X509_FILETYPE_PEM);
    ck_assert_msg(k->pkey != NULL, "cannot load %s", k->path);
    ck_assert_int_eq(k->pkey->type, EVP_PKEY_RSA);
    read_public(k);
    ck_assert_uint_eq(k->pub.nlen, (k->pkey->rsa.n_bitlen + 7) / 8);
}

static void setup(void)
{
    for (int i = 0; i < N_OF(keys); i++)
        if (keys[i].pkey == NULL)
            load_key(i);
}

static void teardown(void)
{
    for (int i = 0; i < N_OF(keys); i++) {
        EVP_PKEY_free(keys[i].pkey);
        keys[i].pkey = NULL;
    }
}

/* The hash of a random message: what the signer signs. */
static size_t random_digest(const br_hash_class *h, unsigned char *out)
{
    br_hash_compat_context hc;
    unsigned char msg[100];

    ck_assert_int_eq(kuma_rand_seed(msg, sizeof(msg)), 1);
    h->init(&hc.vtable);
    h->update(&hc.vtable, msg, sizeof(msg));
    h->out(&hc.vtable, out);
    return (h->desc >> BR_HASHDESC_OUT_OFF) & BR_HASHDESC_OUT_MASK;
}

static void write_file(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    ck_assert_msg(f != NULL, "cannot write %s", path);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/*
 * openssl pkeyutl -verify (verify) or -sign of the digest in hash.bin with
 * PSS; saltlen as pkeyutl takes it ("-1": the hash length). Returns the
 * exit status; out gets the output.
 */
static int run_pkeyutl(const test_key *k, const char *digest, const char *saltlen, int verify,
                       char *out, size_t size)
{
    char md[64], sl[64];

    snprintf(md, sizeof(md), "digest:%s", digest);
    snprintf(sl, sizeof(sl), "rsa_pss_saltlen:%s", saltlen);
    char *const argv[] = {
        (char *)tu_openssl(), "pkeyutl", verify ? "-verify" : "-sign",
        "-inkey", (char *)k->path, "-in", (char *)path_in_dir("hash.bin"),
        verify ? "-sigfile" : "-out", (char *)path_in_dir("sig.bin"),
        "-pkeyopt", md, "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", sl, NULL
    };
    return tu_run(argv, 30000, out, size);
}

/* kumassl signs, openssl verifies (and refuses the signature with one bit flipped). */
START_TEST(test_sign_openssl_verifies)
{
    const test_key *k = &keys[_i / N_OF(hashes)];
    const test_hash *th = &hashes[_i % N_OF(hashes)];
    unsigned char hash[64], sig[512], sig2[512];
    size_t hl = random_digest(th->h, hash), siglen = sizeof(sig), siglen2 = sizeof(sig2);
    char out[4096];

    ck_assert_int_eq(kuma_rsa_pss_sign(&k->pkey->rsa, th->h, hash, hl, sig, &siglen), 1);
    ck_assert_uint_eq(siglen, (k->pkey->rsa.n_bitlen + 7) / 8);
    write_file(path_in_dir("hash.bin"), hash, hl);
    write_file(path_in_dir("sig.bin"), sig, siglen);
    ck_assert_msg(run_pkeyutl(k, th->name, "-1", 1, out, sizeof(out)) == 0,
                  "%s %s: openssl refused: %s", k->path, th->name, out);
    ck_assert_ptr_nonnull(strstr(out, "Signature Verified Successfully"));
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, th->h, hash, hl, sig, siglen), 1);
    /* a fresh salt each time: the same hash signs differently */
    ck_assert_int_eq(kuma_rsa_pss_sign(&k->pkey->rsa, th->h, hash, hl, sig2, &siglen2), 1);
    ck_assert_mem_ne(sig, sig2, siglen);
    sig[siglen / 2] ^= 0x10;
    write_file(path_in_dir("sig.bin"), sig, siglen);
    ck_assert_int_ne(run_pkeyutl(k, th->name, "-1", 1, out, sizeof(out)), 0);
}
END_TEST

/* openssl signs, kumassl verifies; a changed hash, hash function or length fails. */
START_TEST(test_openssl_sign_verifies)
{
    const test_key *k = &keys[_i / N_OF(hashes)];
    const test_hash *th = &hashes[_i % N_OF(hashes)];
    unsigned char hash[64], sig[600];
    size_t hl = random_digest(th->h, hash), siglen;
    char out[4096], *buf;

    write_file(path_in_dir("hash.bin"), hash, hl);
    ck_assert_msg(run_pkeyutl(k, th->name, "-1", 0, out, sizeof(out)) == 0,
                  "openssl sign: %s", out);
    buf = tu_slurp(path_in_dir("sig.bin"), &siglen);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(siglen, k->pub.nlen);
    memcpy(sig, buf, siglen);
    free(buf);
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, th->h, hash, hl, sig, siglen), 1);
    /* truncated, extended, with a wrong length of hash */
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, th->h, hash, hl, sig, siglen - 1), 0);
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, th->h, hash, hl, sig + 1, siglen - 1), 0);
    sig[siglen] = 0;
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, th->h, hash, hl, sig, siglen + 1), 0);
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, th->h, hash, hl - 1, sig, siglen), 0);
    /* another hash function over a hash of its length */
    const test_hash *other = &hashes[(_i + 1) % N_OF(hashes)];
    unsigned char hash2[64];
    size_t hl2 = random_digest(other->h, hash2);
    memcpy(hash2, hash, hl < hl2 ? hl : hl2);
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, other->h, hash2, hl2, sig, siglen), 0);
    /* another message */
    hash[hl - 1] ^= 1;
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, th->h, hash, hl, sig, siglen), 0);
    hash[hl - 1] ^= 1;
    /* one flipped bit anywhere in the signature */
    for (size_t pos = 0; pos < siglen; pos += 37) {
        sig[pos] ^= (unsigned char)(1u << (pos % 8));
        ck_assert_msg(kuma_rsa_pss_verify(&k->pub, th->h, hash, hl, sig, siglen) == 0,
                      "bit flip at byte %zu accepted", pos);
        sig[pos] ^= (unsigned char)(1u << (pos % 8));
    }
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, th->h, hash, hl, sig, siglen), 1);
    /* a value not below the modulus */
    memcpy(sig, k->pub.n, siglen);
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, th->h, hash, hl, sig, siglen), 0);
}
END_TEST

/* The longest salt a key takes with a hash of hl bytes (RFC 8017 9.1.1: emLen - hLen - 2). */
static size_t max_salt(const test_key *k, size_t hl)
{
    size_t i = 0, bits;

    while (i < k->pub.nlen && k->pub.n[i] == 0)
        i++;
    bits = (k->pub.nlen - i) * 8;
    for (unsigned char top = k->pub.n[i]; !(top & 0x80); top <<= 1)
        bits--;
    return (bits - 1 + 7) / 8 - hl - 2;
}

/*
 * Salts of other lengths than the hash's (valid PSS otherwise) are refused by
 * kuma_rsa_pss_verify, and verify with kuma_rsa_pss_verify_salt given their
 * length (what a certificate's RSASSA-PSS-params say), not with another.
 */
START_TEST(test_other_salt_lengths)
{
    static const char *const saltlens[] = { "0", "20", "-3" };     /* -3: the maximum */
    const test_key *k = &keys[0];
    unsigned char hash[64];
    size_t hl = random_digest(&br_sha256_vtable, hash), siglen, slen;
    char out[4096], *sig;

    write_file(path_in_dir("hash.bin"), hash, hl);
    for (int i = 0; i < N_OF(saltlens); i++) {
        ck_assert_int_eq(run_pkeyutl(k, "sha256", saltlens[i], 0, out, sizeof(out)), 0);
        /* the signature is good for OpenSSL when it finds the salt length itself */
        ck_assert_msg(run_pkeyutl(k, "sha256", "-2", 1, out, sizeof(out)) == 0, "%s", out);
        sig = tu_slurp(path_in_dir("sig.bin"), &siglen);
        ck_assert_ptr_nonnull(sig);
        ck_assert_msg(kuma_rsa_pss_verify(&k->pub, &br_sha256_vtable, hash, hl,
                                          (unsigned char *)sig, siglen) == 0,
                      "salt length %s accepted", saltlens[i]);
        slen = i == 2 ? max_salt(k, hl) : (size_t)atoi(saltlens[i]);
        ck_assert_int_eq(kuma_rsa_pss_verify_salt(&k->pub, &br_sha256_vtable, hash, hl,
                                                  (unsigned char *)sig, siglen, slen), 1);
        ck_assert_int_eq(kuma_rsa_pss_verify_salt(&k->pub, &br_sha256_vtable, hash, hl,
                                                  (unsigned char *)sig, siglen, slen + 1), 0);
        ck_assert_int_eq(kuma_rsa_pss_verify_salt(&k->pub, &br_sha256_vtable, hash, hl,
                                                  (unsigned char *)sig, siglen, hl), 0);
        ck_assert_int_eq(kuma_rsa_pss_verify_salt(&k->pub, &br_sha256_vtable, hash, hl,
                                                  (unsigned char *)sig, siglen, siglen), 0);
        free(sig);
    }
}
END_TEST

/* ---- encodings that break one rule of RFC 8017 9.1.2 ------------------------------ */

enum defect { GOOD, TRAILER, TOP_BIT, SEPARATOR, PADDING, LEADING_BYTE, DEFECTS };

/* Hash(seed || counter) blocks XORed over buf: MGF1, written out again for the test. */
static void test_mgf1(const br_hash_class *h, const unsigned char *seed, size_t hl,
                      unsigned char *buf, size_t len)
{
    br_hash_compat_context hc;
    unsigned char blk[64];

    for (uint32_t c = 0; c * hl < len; c++) {
        unsigned char be[4] = { (unsigned char)(c >> 24), (unsigned char)(c >> 16),
                                (unsigned char)(c >> 8), (unsigned char)c };
        h->init(&hc.vtable);
        h->update(&hc.vtable, seed, hl);
        h->update(&hc.vtable, be, 4);
        h->out(&hc.vtable, blk);
        for (size_t j = 0; j < hl && c * hl + j < len; j++)
            buf[c * hl + j] ^= blk[j];
    }
}

/*
 * The k-byte EMSA-PSS encoding of hash with defect d, or 0 when d cannot
 * be shown with this key (the value would not stay below the modulus).
 */
static int make_em(const test_key *k, const br_hash_class *h, const unsigned char *hash,
                   size_t hl, enum defect d, unsigned char *em)
{
    static const unsigned char zeros[8];
    size_t nbits = k->pkey->rsa.n_bitlen, kk = (nbits + 7) / 8;
    size_t em_len = (nbits - 1 + 7) / 8, off = kk - em_len, db_len = em_len - hl - 1;
    unsigned top = (unsigned)(8 * em_len - (nbits - 1));
    unsigned char salt[64], *db = em + off;
    br_hash_compat_context hc;

    if ((d == TOP_BIT && top == 0) || (d == LEADING_BYTE && off == 0))
        return 0;
    ck_assert_int_eq(kuma_rand_seed(salt, hl), 1);
    memset(em, 0, kk);
    h->init(&hc.vtable);
    h->update(&hc.vtable, zeros, 8);
    h->update(&hc.vtable, hash, hl);
    h->update(&hc.vtable, salt, hl);
    h->out(&hc.vtable, db + db_len);
    db[db_len - hl - 1] = d == SEPARATOR ? 0x02 : 0x01;
    if (d == PADDING)
        db[db_len - hl - 2] = 0x01;
    memcpy(db + db_len - hl, salt, hl);
    test_mgf1(h, db + db_len, hl, db, db_len);
    if (top > 0)
        db[0] &= (unsigned char)(0xFF >> top);
    if (d == TOP_BIT)           /* the lowest banned bit: the modulus's own top bit */
        db[0] |= (unsigned char)(1u << (8 - top));
    em[kk - 1] = d == TRAILER ? 0xBD : 0xBC;
    if (d == LEADING_BYTE)
        em[0] = 1;
    return memcmp(em, k->n, kk) < 0;
}

START_TEST(test_broken_encodings)
{
    const test_key *k = &keys[_i % N_OF(keys)];
    const br_hash_class *h = hashes[_i / N_OF(keys)].h;
    unsigned char hash[64], em[512];
    size_t hl = random_digest(h, hash), kk = (k->pkey->rsa.n_bitlen + 7) / 8;
    int shown = 0;

    for (int d = GOOD; d < DEFECTS; d++) {
        int made = 0;
        for (int tries = 0; tries < 200 && !made; tries++)
            made = make_em(k, h, hash, hl, (enum defect)d, em);
        if (!made)
            continue;
        ck_assert_int_eq(br_rsa_private_get_default()(em, &k->pkey->rsa), 1);
        ck_assert_msg(kuma_rsa_pss_verify(&k->pub, h, hash, hl, em, kk) == (d == GOOD),
                      "%s: defect %d %s", k->path, d, d == GOOD ? "refused" : "accepted");
        shown++;
    }
    ck_assert_int_ge(shown, 4);
}
END_TEST

/* Bad arguments: a hash of the wrong length, a buffer too short, a modulus too small. */
START_TEST(test_bad_arguments)
{
    const test_key *k = &keys[0];
    unsigned char hash[64], sig[512];
    size_t hl = random_digest(&br_sha512_vtable, hash), siglen = 255;
    br_rsa_private_key small = k->pkey->rsa;

    ck_assert_int_eq(kuma_rsa_pss_sign(&k->pkey->rsa, &br_sha512_vtable, hash, hl, sig,
                                       &siglen), 0);
    siglen = sizeof(sig);
    ck_assert_int_eq(kuma_rsa_pss_sign(&k->pkey->rsa, &br_sha512_vtable, hash, 32, sig,
                                       &siglen), 0);
    ck_assert_int_eq(kuma_rsa_pss_sign(NULL, &br_sha512_vtable, hash, hl, sig, &siglen), 0);
    small.n_bitlen = 8 * (2 * 64 + 1);      /* emLen 2*hLen+1: no room for a 64-byte salt */
    ck_assert_int_eq(kuma_rsa_pss_sign(&small, &br_sha512_vtable, hash, hl, sig, &siglen), 0);
    ck_assert_int_eq(kuma_rsa_pss_verify(&k->pub, &br_sha512_vtable, hash, hl, NULL, 256), 0);
}
END_TEST

static Suite *pss_suite(void)
{
    Suite *s = suite_create("rsa_pss");
    TCase *tc = tu_add_tcase(s, "pss", 120);

    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_sign_openssl_verifies, 0, N_OF(keys) * N_OF(hashes));
    tcase_add_loop_test(tc, test_openssl_sign_verifies, 0, N_OF(keys) * N_OF(hashes));
    tcase_add_test(tc, test_other_salt_lengths);
    tcase_add_loop_test(tc, test_broken_encodings, 0, N_OF(keys) * N_OF(hashes));
    tcase_add_test(tc, test_bad_arguments);
    return s;
}

int main(void)
{
    int rc;

    strcpy(dir, "/tmp/kuma-pss.XXXXXX");
    if (tu_gen_dir(dir, gen_script, 120000) != 0)
        return 99;
    rc = tu_run_suite(pss_suite(), CK_NORMAL);
    tu_rmtree(dir);
    return rc;
}
