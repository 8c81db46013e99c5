/*
 * kumassl: the TLS 1.2 cipher suites BearSSL implements, under OpenSSL's
 * names, and OpenSSL cipher strings ("HIGH:!aNULL", "ECDHE+AESGCM", ...)
 * turned into BearSSL suite lists.
 */
#include <string.h>
#include <strings.h>
#include "ssl_int.h"

/* The KUMA_C_* attribute bits are in ssl_int.h (cipher_info.c reads them too). */
#define ECDSA (KUMA_C_KECDHE | KUMA_C_AECDSA)
#define ERSA (KUMA_C_KECDHE | KUMA_C_ARSA)
#define PRSA (KUMA_C_KRSA | KUMA_C_ARSA)
#define GCM128 (KUMA_C_AESGCM | KUMA_C_AES128 | KUMA_C_SHA256 | KUMA_C_AEAD)
#define GCM256 (KUMA_C_AESGCM | KUMA_C_AES256 | KUMA_C_SHA384 | KUMA_C_AEAD)
#define CHACHA (KUMA_C_CHACHA | KUMA_C_SHA256 | KUMA_C_AEAD)
#define CCM128 (KUMA_C_AESCCM | KUMA_C_AES128 | KUMA_C_SHA256 | KUMA_C_AEAD)
#define CCM256 (KUMA_C_AESCCM | KUMA_C_AES256 | KUMA_C_SHA256 | KUMA_C_AEAD)
#define CBC128_256 (KUMA_C_AESCBC | KUMA_C_AES128 | KUMA_C_SHA256)
#define CBC256_384 (KUMA_C_AESCBC | KUMA_C_AES256 | KUMA_C_SHA384)
#define CBC256_256 (KUMA_C_AESCBC | KUMA_C_AES256 | KUMA_C_SHA256)
#define CBC128_1 (KUMA_C_AESCBC | KUMA_C_AES128 | KUMA_C_SHA1)
#define CBC256_1 (KUMA_C_AESCBC | KUMA_C_AES256 | KUMA_C_SHA1)
#define TDES (KUMA_C_3DES | KUMA_C_SHA1)

/* In OpenSSL's default preference order: strongest AEAD + ECDHE first. */
static const SSL_CIPHER suites[] = {
    { 0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", ECDSA | GCM256, 256 },
    { 0xC030, "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", ERSA | GCM256, 256 },
    { 0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", ECDSA | CHACHA, 256 },
    { 0xCCA8, "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", ERSA | CHACHA, 256 },
    { 0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", ECDSA | GCM128, 128 },
    { 0xC02F, "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", ERSA | GCM128, 128 },
    { 0xC0AD, "ECDHE-ECDSA-AES256-CCM", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", ECDSA | CCM256, 256 },
    { 0xC0AC, "ECDHE-ECDSA-AES128-CCM", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", ECDSA | CCM128, 128 },
    { 0xC0AF, "ECDHE-ECDSA-AES256-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", ECDSA | CCM256 | KUMA_C_CCM8, 256 },
    { 0xC0AE, "ECDHE-ECDSA-AES128-CCM8", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", ECDSA | CCM128 | KUMA_C_CCM8, 128 },
    { 0xC024, "ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", ECDSA | CBC256_384, 256 },
    { 0xC028, "ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", ERSA | CBC256_384, 256 },
    { 0xC023, "ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", ECDSA | CBC128_256, 128 },
    { 0xC027, "ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", ERSA | CBC128_256, 128 },
    { 0xC00A, "ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", ECDSA | CBC256_1, 256 },
    { 0xC014, "ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", ERSA | CBC256_1, 256 },
    { 0xC009, "ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", ECDSA | CBC128_1, 128 },
    { 0xC013, "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", ERSA | CBC128_1, 128 },
    { 0x009D, "AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", PRSA | GCM256, 256 },
    { 0x009C, "AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", PRSA | GCM128, 128 },
    { 0xC09D, "AES256-CCM", "TLS_RSA_WITH_AES_256_CCM", PRSA | CCM256, 256 },
    { 0xC09C, "AES128-CCM", "TLS_RSA_WITH_AES_128_CCM", PRSA | CCM128, 128 },
    { 0xC0A1, "AES256-CCM8", "TLS_RSA_WITH_AES_256_CCM_8", PRSA | CCM256 | KUMA_C_CCM8, 256 },
    { 0xC0A0, "AES128-CCM8", "TLS_RSA_WITH_AES_128_CCM_8", PRSA | CCM128 | KUMA_C_CCM8, 128 },
    { 0x003D, "AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256", PRSA | CBC256_256, 256 },
    { 0x003C, "AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256", PRSA | CBC128_256, 128 },
    { 0x0035, "AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", PRSA | CBC256_1, 256 },
    { 0x002F, "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", PRSA | CBC128_1, 128 },
    { 0xC008, "ECDHE-ECDSA-DES-CBC3-SHA", "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", ECDSA | TDES, 112 },
    { 0xC012, "ECDHE-RSA-DES-CBC3-SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", ERSA | TDES, 112 },
    { 0x000A, "DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", PRSA | TDES, 112 },
};
#define NSUITES (sizeof(suites) / sizeof(suites[0]))

/* The TLS 1.3 suites (kumassl's own engine); SSL_CTX_set_ciphersuites chooses among them. */
static const SSL_CIPHER tls13_suites[] = {
    { 0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", KUMA_C_TLS13 | GCM256, 256 },
    { 0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256", KUMA_C_TLS13 | CHACHA, 256 },
    { 0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", KUMA_C_TLS13 | GCM128, 128 },
};

/* Cipher-string keywords and the attribute bits they require. */
static const struct {
    const char *word;
    unsigned all;           /* every bit required */
    unsigned any;           /* at least one of these, when nonzero */
    unsigned none;          /* none of these */
} keywords[] = {
    { "ALL", 0, 0, 0 },
    { "DEFAULT", KUMA_C_KECDHE, KUMA_C_AESGCM | KUMA_C_CHACHA, 0 },
    { "HIGH", 0, KUMA_C_AES128 | KUMA_C_AES256 | KUMA_C_CHACHA, 0 },
    { "MEDIUM", 0, KUMA_C_3DES, 0 },
    { "FIPS", 0, KUMA_C_AES128 | KUMA_C_AES256 | KUMA_C_3DES, 0 },
    { "ECDHE", KUMA_C_KECDHE, 0, 0 }, { "EECDH", KUMA_C_KECDHE, 0, 0 },
    { "kECDHE", KUMA_C_KECDHE, 0, 0 }, { "kEECDH", KUMA_C_KECDHE, 0, 0 },
    { "ECDH", KUMA_C_KECDHE, 0, 0 },
    { "kRSA", KUMA_C_KRSA, 0, 0 }, { "RSA", KUMA_C_KRSA, 0, 0 },
    { "aRSA", KUMA_C_ARSA, 0, 0 }, { "aECDSA", KUMA_C_AECDSA, 0, 0 },
    { "ECDSA", KUMA_C_AECDSA, 0, 0 },
    { "AESGCM", KUMA_C_AESGCM, 0, 0 }, { "AESCCM", KUMA_C_AESCCM, 0, 0 },
    { "AESCCM8", KUMA_C_CCM8, 0, 0 },
    { "AES", 0, KUMA_C_AES128 | KUMA_C_AES256, 0 },
    { "AES128", KUMA_C_AES128, 0, 0 }, { "AES256", KUMA_C_AES256, 0, 0 },
    { "CHACHA20", KUMA_C_CHACHA, 0, 0 }, { "3DES", KUMA_C_3DES, 0, 0 },
    { "SHA1", KUMA_C_SHA1, 0, 0 }, { "SHA", KUMA_C_SHA1, 0, 0 },
    /* as OpenSSL's, the digest words name the MAC: AEAD suites (whose PRF
     * hash is SHA-256/384) have none, so "!SHA256" keeps them */
    { "SHA256", KUMA_C_SHA256, 0, KUMA_C_AEAD }, { "SHA384", KUMA_C_SHA384, 0, KUMA_C_AEAD },
    { "TLSv1.2", 0, KUMA_C_AEAD | KUMA_C_SHA256 | KUMA_C_SHA384, 0 },
    { "TLSv1", KUMA_C_SHA1, 0, 0 }, { "SSLv3", KUMA_C_SHA1, 0, 0 },
};

/* Keywords naming things BearSSL (and kumassl) never offer: they select nothing. */
static const char *const empty_words[] = {
    "aNULL", "eNULL", "NULL", "ADH", "AECDH", "EXP", "EXPORT", "LOW", "MD5",
    "RC4", "DES", "IDEA", "SEED", "CAMELLIA", "ARIA", "PSK", "SRP", "DSS",
    "aDSS", "DH", "DHE", "EDH", "kDHE", "kEDH", "aPSK", "kPSK", "GOST",
    "COMPLEMENTOFDEFAULT", "COMPLEMENTOFALL", "SUITEB128", "SUITEB192",
};

const SSL_CIPHER *kuma_cipher_by_id(uint16_t id)
{
    size_t i;

    for (i = 0; i < NSUITES; i++)
        if (suites[i].id == id)
            return &suites[i];
    for (i = 0; i < sizeof(tls13_suites) / sizeof(tls13_suites[0]); i++)
        if (tls13_suites[i].id == id)
            return &tls13_suites[i];
    return NULL;
}

void kuma_suites_default(kuma_suites *out)
{
    size_t i;

    out->num = 0;
    for (i = 0; i < NSUITES; i++) {
        unsigned a = suites[i].attrs;
        if ((a & KUMA_C_KECDHE) && (a & (KUMA_C_AESGCM | KUMA_C_CHACHA)))
            out->ids[out->num++] = suites[i].id;
    }
}

/* Marks in sel[] the suites one element ("AES128+ECDHE", a name) selects; 0 if unknown. */
static int select_element(const char *elem, size_t len, unsigned char *sel)
{
    char word[64];
    const char *p = elem, *end = elem + len;
    size_t i, j;

    memset(sel, 0, NSUITES);
    for (i = 0; i < NSUITES; i++)
        if (strlen(suites[i].name) == len && strncmp(suites[i].name, elem, len) == 0) {
            sel[i] = 1;
            return 1;
        }
    memset(sel, 1, NSUITES);
    while (p < end) {
        const char *q = memchr(p, '+', (size_t)(end - p));
        size_t wl = (size_t)((q ? q : end) - p);
        int known = 0;
        if (wl >= sizeof(word))
            return 0;
        memcpy(word, p, wl);
        word[wl] = 0;
        for (j = 0; j < sizeof(keywords) / sizeof(keywords[0]); j++)
            if (strcmp(word, keywords[j].word) == 0) {
                known = 1;
                for (i = 0; i < NSUITES; i++) {
                    unsigned a = suites[i].attrs;
                    if ((a & keywords[j].all) != keywords[j].all
                        || (keywords[j].any && !(a & keywords[j].any)) || (a & keywords[j].none))
                        sel[i] = 0;
                }
            }
        for (j = 0; j < sizeof(empty_words) / sizeof(empty_words[0]); j++)
            if (strcmp(word, empty_words[j]) == 0) {
                known = 1;
                memset(sel, 0, NSUITES);
            }
        if (!known)
            return 0;
        p = q ? q + 1 : end;
    }
    return 1;
}

/* Applies one element with its prefix (! - + or none) to the list being built. */
static void apply_element(char op, const unsigned char *sel, unsigned char *state,
                          uint16_t *order, size_t *n)
{
    size_t i, j;

    for (i = 0; i < NSUITES; i++) {
        if (!sel[i] || state[i] == 2)
            continue;
        if (op == '!' || op == '-') {
            for (j = 0; j < *n; j++)
                if (order[j] == i) {
                    memmove(order + j, order + j + 1, (*n - j - 1) * sizeof(*order));
                    (*n)--;
                    break;
                }
            state[i] = op == '!' ? 2 : 0;
        } else if (op == '+') {
            for (j = 0; j < *n; j++)
                if (order[j] == i) {
                    memmove(order + j, order + j + 1, (*n - j - 1) * sizeof(*order));
                    order[*n - 1] = (uint16_t)i;
                    break;
                }
        } else if (state[i] == 0) {
            state[i] = 1;
            order[(*n)++] = (uint16_t)i;
        }
    }
}

int kuma_suites_parse(kuma_suites *out, const char *str)
{
    unsigned char sel[NSUITES], state[NSUITES] = { 0 };
    uint16_t order[NSUITES];
    size_t n = 0, i;
    const char *p = str;

    while (*p) {
        size_t len = strcspn(p, ":, ;");
        char op = 0;
        if (len > 0) {
            const char *e = p;
            size_t el = len;
            if (*e == '!' || *e == '-' || *e == '+') {
                op = *e;
                e++;
                el--;
            }
            /* "@STRENGTH", "@SECLEVEL=n": ordering hints, already strongest-first */
            if (el > 0 && *e != '@' && select_element(e, el, sel))
                apply_element(op, sel, state, order, &n);
        }
        p += len;
        if (*p)
            p++;
    }
    if (n == 0) {
        KUMA_RAISE_AT("SSL_CTX_set_cipher_list", ERR_LIB_SSL, SSL_R_NO_CIPHER_MATCH, "no TLS 1.2 suite of \"%s\" is implemented", str);
        return 0;
    }
    for (i = 0; i < n; i++)
        out->ids[i] = suites[order[i]].id;
    out->num = n;
    return 1;
}

const char *SSL_CIPHER_get_name(const SSL_CIPHER *c)
{
    return c != NULL ? c->name : "(NONE)";
}

const char *SSL_CIPHER_standard_name(const SSL_CIPHER *c)
{
    return c != NULL ? c->std_name : "(NONE)";
}

const char *SSL_CIPHER_get_version(const SSL_CIPHER *c)
{
    if (c == NULL)
        return "(NONE)";
    if (c->attrs & KUMA_C_TLS13)
        return "TLSv1.3";
    return (c->attrs & (KUMA_C_AEAD | KUMA_C_SHA256 | KUMA_C_SHA384)) ? "TLSv1.2" : "TLSv1.0";
}

uint32_t SSL_CIPHER_get_id(const SSL_CIPHER *c)
{
    return c != NULL ? 0x03000000u | c->id : 0;
}

uint16_t SSL_CIPHER_get_protocol_id(const SSL_CIPHER *c)
{
    return c != NULL ? c->id : 0;
}

const SSL_CIPHER *SSL_CIPHER_find(SSL *ssl, const unsigned char *ptr)
{
    (void)ssl;          /* OpenSSL looks in every suite it knows, not the SSL's list */
    return ptr != NULL ? kuma_cipher_by_id((uint16_t)(ptr[0] << 8 | ptr[1])) : NULL;
}

const EVP_MD *SSL_CIPHER_get_handshake_digest(const SSL_CIPHER *c)
{
    if (c == NULL)
        return NULL;
    return (c->attrs & KUMA_C_SHA384) ? EVP_sha384() : EVP_sha256();
}
