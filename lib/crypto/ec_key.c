/*
 * kumassl: EC_GROUP and EC_KEY as names of the curves kumassl supports.
 * The key material itself stays in EVP_PKEY (BearSSL's structures); these
 * objects exist for programs that name a curve through them.
 */
#include <string.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include "crypto_int.h"

struct ec_group_st {
    int nid;
    int bits;
    const char *nist;
};

static const struct ec_group_st curves[] = {
    { NID_X9_62_prime256v1, 256, "P-256" },
    { NID_secp384r1, 384, "P-384" },
    { NID_secp521r1, 521, "P-521" },
};

struct ec_key_st {
    kuma_refcount refs;
    const EC_GROUP *group;
};

static const EC_GROUP *curve_by_nid(int nid)
{
    size_t i;

    for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
        if (curves[i].nid == nid)
            return &curves[i];
    ERR_raise_data(ERR_LIB_EC, EC_R_UNKNOWN_GROUP, "kumassl's curves are P-256, P-384, P-521 (NID %d)", nid);
    return NULL;
}

EC_GROUP *EC_GROUP_new_by_curve_name(int nid)
{
    const EC_GROUP *c = curve_by_nid(nid);
    EC_GROUP *g;

    if (c == NULL || (g = OPENSSL_malloc(sizeof(*g))) == NULL)
        return NULL;
    *g = *c;
    return g;
}

/* Only the copies EC_GROUP_new_by_curve_name made are freed, never a key's own group. */
void EC_GROUP_free(EC_GROUP *group)
{
    size_t i;

    for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
        if (group == &curves[i])
            return;
    OPENSSL_free(group);
}

int EC_GROUP_get_curve_name(const EC_GROUP *group)
{
    return group != NULL ? group->nid : NID_undef;
}

int EC_GROUP_get_degree(const EC_GROUP *group)
{
    return group != NULL ? group->bits : 0;
}

EC_KEY *EC_KEY_new_by_curve_name(int nid)
{
    const EC_GROUP *c = curve_by_nid(nid);
    EC_KEY *key;

    if (c == NULL || (key = OPENSSL_zalloc(sizeof(*key))) == NULL)
        return NULL;
    key->refs = 1;
    key->group = c;
    return key;
}

void EC_KEY_free(EC_KEY *key)
{
    if (key != NULL && kuma_ref_down(&key->refs))
        OPENSSL_free(key);
}

int EC_KEY_up_ref(EC_KEY *key)
{
    return key != NULL && kuma_ref_up(&key->refs);
}

const EC_GROUP *EC_KEY_get0_group(const EC_KEY *key)
{
    return key != NULL ? key->group : NULL;
}

const char *EC_curve_nid2nist(int nid)
{
    size_t i;

    for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
        if (curves[i].nid == nid)
            return curves[i].nist;
    return NULL;
}

int EC_curve_nist2nid(const char *name)
{
    size_t i;

    for (i = 0; name != NULL && i < sizeof(curves) / sizeof(curves[0]); i++)
        if (strcmp(curves[i].nist, name) == 0)
            return curves[i].nid;
    return NID_undef;
}
