/*
 * kumassl: the parts of the chain-checking core (chain.c) and what they
 * share. Private to libcrypto's verification files:
 *
 *   x509_ext.c          what verification reads of one certificate (kuma_cert_info)
 *   x509_sig.c          checking a signature with an issuer's key (BearSSL)
 *   path.c              building the path from the leaf to a trust anchor
 *   name_constraints.c  RFC 5280 4.2.1.10 over the path
 *   chain.c             the checks in OpenSSL's order, the callback, X509_verify_cert
 */
#ifndef KUMASSL_CHAIN_INT_H
#define KUMASSL_CHAIN_INT_H
#include "crypto_int.h"

/* ---- one certificate (x509_ext.c) ---------------------------------------------- */

/* The extensions verification knows (bits of kuma_cert_info.exts / .critical). */
#define KUMA_EXT_BC        0x0001      /* basicConstraints */
#define KUMA_EXT_KU        0x0002      /* keyUsage */
#define KUMA_EXT_EKU       0x0004      /* extendedKeyUsage */
#define KUMA_EXT_SAN       0x0008      /* subjectAltName */
#define KUMA_EXT_NC        0x0010      /* nameConstraints */
#define KUMA_EXT_SKI       0x0020      /* subjectKeyIdentifier */
#define KUMA_EXT_AKI       0x0040      /* authorityKeyIdentifier */
#define KUMA_EXT_CRLDP     0x0080      /* cRLDistributionPoints */
#define KUMA_EXT_OTHER_OK  0x0100      /* another extension OpenSSL handles when critical */

/* extendedKeyUsage purposes (bits of kuma_cert_info.eku), as OpenSSL's XKU_* */
#define KUMA_XKU_SSL_SERVER 0x01
#define KUMA_XKU_SSL_CLIENT 0x02
#define KUMA_XKU_SMIME      0x04
#define KUMA_XKU_CODE_SIGN  0x08
#define KUMA_XKU_OCSP_SIGN  0x20
#define KUMA_XKU_TIMESTAMP  0x40
#define KUMA_XKU_ANYEKU     0x100

/* keyUsage bits, as OpenSSL's KU_* (first byte, then the second shifted left 8) */
#define KUMA_KU_DIGITAL_SIGNATURE 0x0080
#define KUMA_KU_KEY_ENCIPHERMENT  0x0020
#define KUMA_KU_KEY_AGREEMENT     0x0008
#define KUMA_KU_KEY_CERT_SIGN     0x0004
#define KUMA_KU_CRL_SIGN          0x0002

typedef struct {
    kuma_der tbs;               /* the whole TBSCertificate (what is signed) */
    kuma_der tbs_sigalg;        /* the AlgorithmIdentifier inside it (whole) */
    kuma_der sigalg;            /* the outer AlgorithmIdentifier (whole) */
    kuma_der sig;               /* the signature's bytes (unused-bits octet removed) */
    kuma_der serial;            /* the serial number's content bytes */
    int version;                /* 0: v1, 1: v2, 2: v3 */
    int ext_count;
    int bad_ext;                /* an extension that cannot be read, or one twice */
    int unknown_critical;       /* a critical extension OpenSSL does not handle */
    unsigned exts, critical;    /* KUMA_EXT_* present / marked critical */
    int ca;                     /* basicConstraints cA TRUE */
    long pathlen;               /* pathLenConstraint, -1 when absent */
    unsigned ku;                /* KUMA_KU_*; meaningful when exts has KUMA_EXT_KU */
    unsigned eku;               /* KUMA_XKU_*; meaningful when exts has KUMA_EXT_EKU */
    kuma_der ski;               /* subjectKeyIdentifier's bytes (len 0: none) */
    kuma_der aki_keyid;         /* authorityKeyIdentifier keyIdentifier (len 0: none) */
    kuma_der san;               /* GeneralNames content (exts has KUMA_EXT_SAN) */
    int san_count;
    kuma_der nc;                /* NameConstraints content (exts has KUMA_EXT_NC) */
    int self_issued;            /* subject and issuer names are the same */
} kuma_cert_info;

/* Reads x for verification; 0 when the certificate's structure is not as expected. */
int kuma_cert_info_read(const X509 *x, kuma_cert_info *ci);
/* Whether ci may have issued a certificate with this authorityKeyIdentifier (RFC 5280 4.2.1.1). */
int kuma_cert_keyid_fits(const kuma_cert_info *issuer, const kuma_cert_info *child);
/* OpenSSL's X509_check_ca: 1 basicConstraints CA, 3 self-signed v1, 4 keyCertSign only, 0 not a CA. */
int kuma_cert_ca_kind(const X509 *x, const kuma_cert_info *ci);
/* The number of attributes in a name (0: empty); -1 when malformed. */
int kuma_name_entry_count(const X509_NAME *n);

/* ---- signatures (x509_sig.c) ------------------------------------------------------ */

/*
 * Checks that sig over data was made with pk under the AlgorithmIdentifier
 * alg (sha1/224/256/384/512 with RSA PKCS#1 v1.5, RSASSA-PSS or ECDSA). 1 when it was,
 * 0 when not or the algorithm is not one kumassl knows.
 */
int kuma_sig_check(const kuma_der *data, const kuma_der *alg, const kuma_der *sig,
                   const br_x509_pkey *pk);
/* The security bits OpenSSL gives a signature algorithm (SHA-1: 63, SHA-256: 128, ...); 0 unknown. */
int kuma_sig_security_bits(const kuma_der *alg);
/* The bits a security level asks for (OpenSSL's table: 0, 80, 112, 128, 192, 256; above 5 as 5). */
int kuma_level_bits(int level);
/* The security bits of a public key (RSA 2048: 112, P-256: 128, ...). */
int kuma_pkey_security_bits(const br_x509_pkey *pk);

/* ---- RSASSA-PSS signatures (x509_pss.c) ------------------------------------------ */

/* What an RSASSA-PSS AlgorithmIdentifier asks for. */
typedef struct {
    const br_hash_class *hash;  /* message hash, also MGF1's */
    size_t salt_len;
    int bits;                   /* OpenSSL's security bits for the hash */
} kuma_pss;

/* 1 when alg (whole TLV) is id-RSASSA-PSS with parameters kumassl can check, filling out. */
int kuma_pss_params_read(const kuma_der *alg, kuma_pss *out);
/* Checks an RSASSA-PSS sig over data with the RSA key pk: 1 when it verifies. */
int kuma_pss_sig_check(const kuma_der *data, const kuma_pss *pss, const kuma_der *sig,
                       const br_x509_pkey *pk);

/* ---- name constraints (name_constraints.c) ---------------------------------------- */

/*
 * Checks x (at depth d; ci its information) against the nameConstraints
 * value nc of a CA above it. leaf_cn: also hold the subject's CNs that look
 * like host names to the DNS constraints (OpenSSL does for a leaf without
 * DNS names). X509_V_OK or OpenSSL's
 * X509_V_ERR_* (PERMITTED_VIOLATION, EXCLUDED_VIOLATION, SUBTREE_MINMAX,
 * UNSUPPORTED_*, UNSPECIFIED when names x constraints is over 2^20).
 */
long kuma_nc_check(const X509 *x, const kuma_cert_info *ci, const kuma_der *nc, int leaf_cn);
/* Whether the GeneralNames content holds a name of this [n] tag (0x82 dNSName, ...). */
int kuma_names_have(const kuma_der *names, unsigned char tag);

/* ---- revocation (crl.c) ---------------------------------------------------------------- */

/*
 * The revocation status of node n, whose issuer is issuer (NULL: not in the
 * path), from the store's CRLs at time t: X509_V_OK or OpenSSL's code
 * (UNABLE_TO_GET_CRL, KEYUSAGE_NO_CRL_SIGN, CRL_NOT_YET_VALID,
 * CRL_HAS_EXPIRED, CRL_SIGNATURE_FAILURE, UNHANDLED_CRITICAL_CRL_EXTENSION,
 * CERT_REVOKED, UNABLE_TO_GET_CRL_ISSUER).
 */
struct kuma_node_st;
long kuma_crl_check(X509_STORE *st, const struct kuma_node_st *n, const struct kuma_node_st *issuer,
                    time_t t, unsigned long flags);

/* ---- building the path (path.c) --------------------------------------------------- */

/* Where the certificates of a path come from. */
#define KUMA_FROM_PEER  0
#define KUMA_FROM_STORE 1

/* The candidates of one verification, decoded once. */
typedef struct kuma_node_st {
    X509 *x;
    kuma_cert_info ci;
    int from;                   /* KUMA_FROM_* */
    int ok;                     /* ci could be read */
    int in_store;               /* this certificate (or its twin) is in the trust store */
    int self_signed;            /* OpenSSL's: self-issued, own key identifier, may sign certificates */
    int time_ok;                /* valid at the verification time */
} kuma_node;

#define KUMA_MAX_NODES 512      /* store certificates beyond are looked at by name only */

typedef struct {
    kuma_chain *ch;
    kuma_node *nodes;
    int count;
    unsigned long flags;        /* X509_V_FLAG_* in force */
    int depth_limit;
    long work;                  /* steps left before the search gives up */
    /* the path being built and the best found, as node indices */
    int cur[KUMA_VERIFY_MAX_DEPTH];
    int cur_len;
    int best[KUMA_VERIFY_MAX_DEPTH];
    int best_len;
    int best_trusted;
    int best_found;             /* a complete path was found */
    int judged;                 /* complete paths judged */
    long (*judge)(void *arg, const int *path, int len, int trusted);  /* X509_V_OK if it verifies */
    void *judge_arg;
} kuma_path;

/*
 * Searches for a path from node 0 to a trust anchor, in OpenSSL's order of
 * preference (trusted issuers first, time-valid ones first); each complete
 * path is handed to judge, the first one it passes is kept, else the first
 * one found (else the longest attempt). Fills best / best_len / best_trusted.
 */
void kuma_path_build(kuma_path *p);
/* Whether node i is a trust anchor (in the store, self-signed or PARTIAL_CHAIN). */
int kuma_path_is_anchor(const kuma_path *p, int i);
/* Whether issuer's subject and key identifier make it a candidate issuer of child. */
int kuma_path_may_issue(const kuma_node *issuer, const kuma_node *child);

#endif
