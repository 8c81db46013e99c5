/*
 * kumassl: what a cipher suite is made of (SSL_CIPHER_get_*_nid,
 * SSL_CIPHER_is_aead, SSL_CIPHER_description) and the suites a connection
 * would offer (SSL_get_ciphers), from the suite table's KUMA_C_* bits.
 */
#include <stdio.h>
#include <openssl/objects.h>
#include "ssl_int.h"

/* One part of a suite: the attribute bit, OpenSSL's NID and its text in SSL_CIPHER_description. */
typedef struct {
    unsigned bits;
    int nid;
    const char *text;
} part;

static const part kx_parts[] = {
    { KUMA_C_KECDHE, NID_kx_ecdhe, "ECDH" },
    { KUMA_C_KRSA, NID_kx_rsa, "RSA" },
};
static const part auth_parts[] = {
    { KUMA_C_AECDSA, NID_auth_ecdsa, "ECDSA" },
    { KUMA_C_ARSA, NID_auth_rsa, "RSA" },
};
/* Most specific first: CCM8 before CCM. */
static const part enc_parts[] = {
    { KUMA_C_AESGCM | KUMA_C_AES128, NID_aes_128_gcm, "AESGCM(128)" },
    { KUMA_C_AESGCM | KUMA_C_AES256, NID_aes_256_gcm, "AESGCM(256)" },
    { KUMA_C_CHACHA, NID_chacha20_poly1305, "CHACHA20/POLY1305(256)" },
    { KUMA_C_AESCCM | KUMA_C_CCM8 | KUMA_C_AES128, NID_aes_128_ccm, "AESCCM8(128)" },
    { KUMA_C_AESCCM | KUMA_C_CCM8 | KUMA_C_AES256, NID_aes_256_ccm, "AESCCM8(256)" },
    { KUMA_C_AESCCM | KUMA_C_AES128, NID_aes_128_ccm, "AESCCM(128)" },
    { KUMA_C_AESCCM | KUMA_C_AES256, NID_aes_256_ccm, "AESCCM(256)" },
    { KUMA_C_AESCBC | KUMA_C_AES128, NID_aes_128_cbc, "AES(128)" },
    { KUMA_C_AESCBC | KUMA_C_AES256, NID_aes_256_cbc, "AES(256)" },
    { KUMA_C_3DES, NID_des_ede3_cbc, "3DES(168)" },
};
static const part mac_parts[] = {
    { KUMA_C_AEAD, NID_undef, "AEAD" },
    { KUMA_C_SHA384, NID_sha384, "SHA384" },
    { KUMA_C_SHA256, NID_sha256, "SHA256" },
    { KUMA_C_SHA1, NID_sha1, "SHA1" },
};
#define PART_FIND(c, table) part_find(c, table, sizeof(table) / sizeof(table[0]))

/* The first part whose bits the suite has all of; NULL when none. */
static const part *part_find(const SSL_CIPHER *c, const part *table, size_t n)
{
    size_t i;

    for (i = 0; c != NULL && i < n; i++)
        if ((c->attrs & table[i].bits) == table[i].bits)
            return &table[i];
    return NULL;
}

/* TLS 1.3 suites name neither key exchange nor authentication: NID_kx_any / NID_auth_any. */
static int part_nid(const SSL_CIPHER *c, const part *p, int any)
{
    if (c == NULL)
        return NID_undef;
    return p != NULL ? p->nid : any;
}

int SSL_CIPHER_get_kx_nid(const SSL_CIPHER *c)
{
    return part_nid(c, PART_FIND(c, kx_parts), NID_kx_any);
}

int SSL_CIPHER_get_auth_nid(const SSL_CIPHER *c)
{
    return part_nid(c, PART_FIND(c, auth_parts), NID_auth_any);
}

int SSL_CIPHER_get_cipher_nid(const SSL_CIPHER *c)
{
    return part_nid(c, PART_FIND(c, enc_parts), NID_undef);
}

int SSL_CIPHER_get_digest_nid(const SSL_CIPHER *c)
{
    return part_nid(c, PART_FIND(c, mac_parts), NID_undef);
}

int SSL_CIPHER_is_aead(const SSL_CIPHER *c)
{
    return c != NULL && (c->attrs & KUMA_C_AEAD) != 0;
}

static const char *part_text(const part *p, const char *none)
{
    return p != NULL ? p->text : none;
}

char *SSL_CIPHER_description(const SSL_CIPHER *c, char *buf, int size)
{
    const int need = 128;
    int own = buf == NULL;

    if (c == NULL || (!own && size < need))
        return NULL;
    if (own && (buf = OPENSSL_malloc((size_t)need)) == NULL)
        return NULL;
    snprintf(buf, (size_t)(own ? need : size), "%-30s %-7s Kx=%-8s Au=%-4s Enc=%-22s Mac=%-4s\n",
             c->name, SSL_CIPHER_get_version(c), part_text(PART_FIND(c, kx_parts), "any"),
             part_text(PART_FIND(c, auth_parts), "any"), part_text(PART_FIND(c, enc_parts), "unknown"),
             part_text(PART_FIND(c, mac_parts), "AEAD"));
    return buf;
}
