/*
 * kumassl: libcrypto's objects, as seen by the rest of the implementation.
 *
 * Everything declared here is used across files (and by libssl); names
 * start with kuma_ so that they never collide with OpenSSL's.
 */
#ifndef KUMASSL_CRYPTO_INT_H
#define KUMASSL_CRYPTO_INT_H
#include <pthread.h>
#include <time.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include "internal.h"

/* ---- stacks ---------------------------------------------------------- */
struct stack_st {
    void **data;
    int num;
    int cap;
    OPENSSL_sk_compfunc cmp;    /* for find and sort (stack_more.c); NULL: by pointer */
    int sorted;                 /* data is in cmp's order */
};
/* Makes room for one more element (stack.c); 0 when memory runs out. */
int kuma_sk_grow(OPENSSL_STACK *st);

/* ---- ex_data (ex_data.c) --------------------------------------------- */
/*
 * Application data slots of one object. OpenSSL names the type
 * CRYPTO_EX_DATA and passes it to the new/free callbacks; here it is only
 * the array of slots.
 */
struct crypto_ex_data_st {
    void **slots;
    int num;
};
/* Stores data in slot idx (>= 0); 1, or 0 with an error queued. */
int kuma_ex_set(CRYPTO_EX_DATA *ad, int idx, void *data);
void *kuma_ex_get(const CRYPTO_EX_DATA *ad, int idx);
/* Runs the class's new callbacks on a new object / its free callbacks and frees the slots. */
void kuma_ex_run_new(int class_index, void *obj, CRYPTO_EX_DATA *ad);
void kuma_ex_run_free(int class_index, void *obj, CRYPTO_EX_DATA *ad);

/* ---- BIO ------------------------------------------------------------- */
struct bio_method_st {
    int type;
    const char *name;
    int (*bwrite)(BIO *b, const char *data, int len);
    int (*bread)(BIO *b, char *data, int len);
    long (*ctrl)(BIO *b, int cmd, long larg, void *parg);
    int (*create)(BIO *b);
    int (*destroy)(BIO *b);
    /* BIO_meth_new's methods only (bio_meth.c): the built-in ones leave them NULL */
    int (*bputs)(BIO *b, const char *s);
    int (*bgets)(BIO *b, char *buf, int size);
    long (*callback_ctrl)(BIO *b, int cmd, BIO_info_cb *fp);
    char *owned_name;
};

struct bio_st {
    const BIO_METHOD *method;
    kuma_refcount refs;
    int flags;
    int close_flag;     /* BIO_CLOSE: the fd / stream is closed on free */
    int num;            /* the fd of socket BIOs */
    void *ptr;          /* per-kind state */
    int init;           /* BIO_set_init: a custom BIO is ready for I/O */
    BIO *next_bio;      /* the next BIO of a chain (BIO_push): a filter reads and writes through it */
    BIO *prev_bio;
};

/* ---- names and certificates ----------------------------------------- */

/* ---- DER reading (x509.c) -------------------------------------------- */

/* A span of DER bytes; reading from it advances p and shrinks len. */
typedef struct {
    const unsigned char *p;
    size_t len;
} kuma_der;

/*
 * Reads the next element (single-byte tag, definite length) from in.
 * content gets its value bytes, whole (if not NULL) the full tag-length-value.
 * Returns 0 when the input is malformed or truncated (no error queued).
 */
int kuma_der_next(kuma_der *in, unsigned char *tag, kuma_der *content,
                  kuma_der *whole);

/* A distinguished name: the DER of its SEQUENCE. */
struct X509_name_st {
    unsigned char *der;
    size_t len;
    struct kuma_name_entries *entries;  /* X509_NAME_get_entry's objects, made once (x509_entry.c) */
};
/* Frees the entries X509_NAME_get_entry made for a name (with the name). */
void kuma_name_entries_free(X509_NAME *name);

struct x509_st {
    kuma_refcount refs;
    unsigned char *der;         /* the whole certificate */
    size_t der_len;
    X509_NAME subject;
    X509_NAME issuer;
    br_x509_pkey pkey;          /* points into pkey_buf */
    unsigned char *pkey_buf;
    int is_ca;                  /* basicConstraints CA:TRUE */
    int signer_key_type;        /* BR_KEYTYPE_RSA / BR_KEYTYPE_EC of the issuer's signature */
    struct kuma_x509_exts *exts;        /* X509_get_ext's objects, made once (x509_extobj.c) */
    CRYPTO_EX_DATA ex;                  /* X509_set_ex_data (ex_data.c) */
};
/* Frees the extension objects X509_get_ext made (with the certificate). */
void kuma_x509_exts_free(X509 *x);

/*
 * Decodes one DER certificate (a copy is kept). NULL with an error queued
 * (ERR_LIB_X509 / ERR_LIB_ASN1) when it is not a certificate BearSSL can read.
 */
X509 *kuma_x509_from_der(const unsigned char *der, size_t len);

/*
 * The contents of the extnValue OCTET STRING of the extension whose OID has
 * the given DER value bytes (e.g. 55 1D 11 for subjectAltName). 1 when found.
 */
int kuma_x509_find_ext(const X509 *x, const unsigned char *oid, size_t oid_len,
                       kuma_der *value);

/* OpenSSL's i2d convention over bytes already encoded (out NULL: length; *out NULL: allocated). */
int kuma_i2d_bytes(const unsigned char *der, size_t len, unsigned char **out);
/* The whole SubjectPublicKeyInfo of x (x509_obj.c); 0 when malformed. */
int kuma_x509_spki(const X509 *x, kuma_der *whole);
/* One DER element (definite length, at most 1 MiB) read from bp into a new buffer; NULL + error (x509_misc.c). */
unsigned char *kuma_bio_read_der(BIO *bp, size_t *len);
/* The elements of the TBSCertificate (version, serial, ..., [3] extensions); 0 when malformed. */
int kuma_x509_tbs(const X509 *x, kuma_der *tbs);

/* Walks the attributes of a name in order (RDN sets flattened). */
typedef struct {
    kuma_der rdns;              /* RelativeDistinguishedNames not yet read */
    kuma_der set;               /* attributes left in the current RDN */
} kuma_name_iter;

typedef struct {
    kuma_der oid;               /* the value bytes of the attribute type OID */
    unsigned char type;         /* the ASN.1 tag of the value (UTF8String, ...) */
    kuma_der value;             /* the value's content bytes */
    int rdn_start;              /* first attribute of its RDN (others are "+" joined) */
} kuma_name_entry;

void kuma_name_iter_init(kuma_name_iter *it, const X509_NAME *name);
/* 1 and the next attribute, 0 at the end, -1 when the name is malformed. */
int kuma_name_iter_next(kuma_name_iter *it, kuma_name_entry *e);

/* A name attribute type OpenSSL has names for (x509_name.c holds the table). */
typedef struct {
    const char *oid;            /* the OID's DER value bytes */
    const char *sn, *ln;        /* OpenSSL's short and long names */
    int nid;
} kuma_name_attr;

/* The attribute type with these OID value bytes, or NULL when kumassl has no name for it. */
const kuma_name_attr *kuma_name_attr_find(kuma_der oid);

/*
 * An ASN1_STRING is the DER encoding (tag, length, contents) of its value,
 * checked when first found (x509_obj.c); only the tag is named.
 */
struct asn1_string_st {
    unsigned char tag;
};

/* The contents of such an encoding. */
kuma_der kuma_asn1_contents(const ASN1_STRING *s);
/* A new string: the encoding of tag and the len bytes at p; NULL with an error queued. */
ASN1_STRING *kuma_asn1_new(unsigned char tag, const unsigned char *p, size_t len);
/* Writes DER's shortest header for tag and len into hdr (6 bytes); returns its size. */
size_t kuma_der_header(unsigned char *hdr, unsigned char tag, size_t len);

/*
 * Reads every certificate of a file (PEM: all CERTIFICATE / TRUSTED
 * CERTIFICATE / X509 CERTIFICATE blocks, text around them allowed, CRLF
 * allowed; ASN1: exactly one DER certificate). Returns a new stack (caller
 * frees with sk_X509_pop_free(sk, X509_free)), or NULL with an error queued
 * naming the problem (missing file: ERR_LIB_SYS + errno, then
 * PEM_R_NO_START_LINE for PEM without certificates, ...).
 */
STACK_OF(X509) *kuma_x509_load_file(const char *path, int type);
/* The same from memory. */
STACK_OF(X509) *kuma_x509_load_mem(const unsigned char *buf, size_t len, int type);

/*
 * Name checks used by SSL verification: 1 when the certificate matches,
 * 0 when not (no error queued).
 */
int kuma_x509_match_host(X509 *x, const char *name, unsigned int flags);
int kuma_x509_match_ip(X509 *x, const unsigned char *ip, size_t iplen);
/* Parses "1.2.3.4" / "::1" into out (16 bytes); returns 4, 16, or 0 when not an IP literal. */
size_t kuma_parse_ip(const char *text, unsigned char *out);

/* ---- private keys ----------------------------------------------------- */
struct evp_pkey_st {
    kuma_refcount refs;
    int type;                   /* EVP_PKEY_RSA or EVP_PKEY_EC */
    br_rsa_private_key rsa;     /* points into buf */
    br_ec_private_key ec;       /* points into buf */
    unsigned char *buf;         /* key material, wiped on free */
    size_t buf_len;
    int public_only;            /* a certificate's public key (X509_get_pubkey, pkey_pub.c): pub, no rsa/ec */
    br_x509_pkey pub;           /* points into buf */
};

/* A BearSSL curve's order size in bits, as OpenSSL reports EC key sizes (keys.c); 0 unknown. */
int kuma_ec_curve_bits(int curve);
/* The size in bits of a public-only key (pkey_pub.c). */
int kuma_pkey_pub_bits(const EVP_PKEY *pkey);
/* Decodes an unencrypted DER key (PKCS#1 RSA, SEC1 EC, PKCS#8); NULL + error. */
EVP_PKEY *kuma_pkey_from_der(const unsigned char *der, size_t len);
/*
 * Reads the first private key of a file (PEM or ASN1); NULL with an error
 * queued. An encrypted PEM key is decrypted with the password from cb / u,
 * as PEM_read_bio_PrivateKey does (see <openssl/pem.h>); the variants
 * without _pw have no password source.
 */
EVP_PKEY *kuma_pkey_load_file_pw(const char *path, int type, pem_password_cb *cb, void *u);
EVP_PKEY *kuma_pkey_load_mem_pw(const unsigned char *buf, size_t len, int type,
                                pem_password_cb *cb, void *u);
EVP_PKEY *kuma_pkey_load_file(const char *path, int type);
EVP_PKEY *kuma_pkey_load_mem(const unsigned char *buf, size_t len, int type);
/* 1 when the key pairs with the certificate's public key, 0 otherwise (X509_R_KEY_VALUES_MISMATCH queued). */
int kuma_pkey_matches(const EVP_PKEY *pkey, const X509 *x);

/* ---- file and PEM helpers --------------------------------------------- */

/*
 * Reads a whole file into a new buffer (free it with OPENSSL_free, after
 * OPENSSL_cleanse when it may hold a key). On failure queues only the
 * ERR_LIB_SYS errno error naming the path: the caller adds its own.
 */
int kuma_read_file(const char *path, unsigned char **buf, size_t *len);

/* A growable byte buffer; oom is set (and appends dropped) once malloc fails. */
typedef struct {
    unsigned char *p;
    size_t len;
    size_t cap;
    int oom;
} kuma_buf;

void kuma_buf_append(kuma_buf *b, const void *data, size_t len);
/* Wipes (the bytes may be key material) and frees the contents. */
void kuma_buf_wipe_free(kuma_buf *b);

/*
 * Decodes base64 (blanks and line ends ignored, at most two '=' and only at
 * the end) into out, which has room for len / 4 * 3 + 3 bytes. 0 when
 * malformed (no error queued).
 */
int kuma_base64_decode(const unsigned char *in, size_t len, unsigned char *out,
                       size_t *out_len);

/* One decoded PEM block. */
typedef struct {
    char *label;                /* "CERTIFICATE", "PRIVATE KEY", ... */
    unsigned char *data;        /* wiped by kuma_pem_free */
    size_t len;
    int encrypted;              /* RFC 1421 "Proc-Type:" headers: data is the raw text
                                   between the BEGIN and END lines (headers, base64) */
} kuma_pem_block;

/*
 * Decodes every PEM block in buf (text between blocks ignored, CRLF accepted).
 * Returns 1 and the blocks (possibly none) or 0 with PEM_R_BAD_BASE64_DECODE /
 * PEM_R_BAD_END_LINE queued when a block is malformed.
 */
int kuma_pem_decode_all(const unsigned char *buf, size_t len,
                        kuma_pem_block **blocks, size_t *count);
void kuma_pem_free(kuma_pem_block *blocks, size_t count);

/* Whether a PEM label holds a certificate; TRUSTED CERTIFICATE only when aux. */
int kuma_x509_pem_label(const char *label, int aux);
/* Decodes a certificate block (a TRUSTED CERTIFICATE's trust settings ignored). */
X509 *kuma_x509_from_pem_block(const kuma_pem_block *b);
/* Reads the next PEM block whose label want accepts from bp (free with kuma_pem_free(b, 1)); NULL + error. */
kuma_pem_block *kuma_pem_read_bio(BIO *bp, int (*want)(const char *));
/* The same from a stdio stream, read byte by byte (the next block stays in fp). */
kuma_pem_block *kuma_pem_read_fp(FILE *fp, int (*want)(const char *));
/* Whether a PEM label holds a private key (encrypted ones included). */
int kuma_pkey_pem_label(const char *label);
/* Decodes a key block, decrypting it with the password from cb / u when encrypted. */
EVP_PKEY *kuma_pkey_from_pem_block_pw(const kuma_pem_block *b, pem_password_cb *cb, void *u);
EVP_PKEY *kuma_pkey_from_pem_block(const kuma_pem_block *b);

/* ---- encrypted private keys (pem_crypt.c, pbkdf.c) --------------------- */

/* PBKDF2 iteration counts above this are refused: a hostile file must not cost minutes. */
#define KUMA_PBKDF2_MAX_ITER 10000000UL

/*
 * Decrypts and decodes a PKCS#8 EncryptedPrivateKeyInfo (DER) / the text of
 * a legacy "Proc-Type: 4,ENCRYPTED" block (headers and base64 body). NULL
 * with an error queued: PEM_R_BAD_PASSWORD_READ, "bad decrypt" (wrong
 * password or corrupted data, never saying which),
 * PEM_R_UNSUPPORTED_ENCRYPTION, or a format error.
 */
EVP_PKEY *kuma_pkey_decrypt_pkcs8(const unsigned char *der, size_t len,
                                  pem_password_cb *cb, void *u);
EVP_PKEY *kuma_pkey_decrypt_legacy(const unsigned char *text, size_t len,
                                   pem_password_cb *cb, void *u);

/* PBKDF2 (RFC 8018) with HMAC over prf; iter >= 1. */
void kuma_pbkdf2(const br_hash_class *prf, const unsigned char *pw, size_t pw_len,
                 const unsigned char *salt, size_t salt_len, unsigned long iter,
                 unsigned char *out, size_t out_len);
/* OpenSSL's EVP_BytesToKey with MD5 and one round (the legacy PEM key derivation). */
void kuma_bytes_to_key_md5(const unsigned char *pw, size_t pw_len,
                           const unsigned char salt[8], unsigned char *out, size_t out_len);

/* ---- trust store ------------------------------------------------------ */
/*
 * Read anchors and count together under lock. Arrays replaced by a larger
 * one stay allocated (in retired) until the store is freed, so a pair read
 * earlier stays valid while anchors are added from another thread.
 */
struct x509_store_st {
    kuma_refcount refs;
    pthread_mutex_t lock;       /* held while adding anchors */
    br_x509_trust_anchor *anchors;
    size_t count;
    size_t cap;
    br_x509_trust_anchor **retired;
    size_t retired_count;
    X509_STORE_CTX_verify_cb verify_cb; /* inherited by X509_STORE_CTX_init */
    /* the certificates as given, for path building (same retiring scheme as anchors) */
    X509 **certs;
    size_t ncerts, certs_cap;
    void **retired_certs;
    size_t retired_certs_count;
    unsigned long flags;                /* X509_STORE_set_flags: added to every verification's */
    STACK_OF(X509_CRL) *crls;           /* X509_STORE_add_crl (under lock; crl.c) */
    X509_LOOKUP *lookups;               /* X509_STORE_add_lookup's, freed with the store */
    /* X509_STORE_get0_objects' view: objects for certs[0..view_certs) and crls' first view_crls */
    STACK_OF(X509_OBJECT) *objects;
    size_t view_certs;
    int view_crls;
};
/* Frees the X509_STORE_get0_objects view (store_objects.c), with the store. */
void kuma_store_free_objects(X509_STORE *st);

/* Adds the certificate as a trust anchor (DN and key copied). 1 on success. */
int kuma_store_add_x509(X509_STORE *st, const X509 *x);
/* The anchors in force now, read together under the lock (valid until the store is freed). */
void kuma_store_anchors(X509_STORE *st, const br_x509_trust_anchor **anchors, size_t *count);
/* The certificates in force now (valid until the store is freed), and the store's flags. */
void kuma_store_certs(X509_STORE *st, X509 *const **certs, size_t *count);
unsigned long kuma_store_flags(X509_STORE *st);
/* Frees the store's CRLs and lookups (crl.c). */
void kuma_store_free_crls(X509_STORE *st);
void kuma_store_free_lookups(X509_STORE *st);

/*
 * The state a verify callback sees, and X509_verify_cert()'s inputs and
 * results. The TLS verifier gives its callback a context on the stack
 * whose pointers are all borrowed; one made by X509_STORE_CTX_new owns
 * param and chain (the rest is the program's, as in OpenSSL).
 */
struct x509_store_ctx_st {
    int error;
    int depth;
    X509 *current;
    void *ssl;                  /* returned for SSL_get_ex_data_X509_STORE_CTX_idx() */
    X509_STORE *store;          /* the trust anchors */
    X509 *cert;                 /* the certificate to verify */
    STACK_OF(X509) *untrusted;  /* candidates for the path */
    X509_VERIFY_PARAM *param;   /* time, depth, names */
    X509_STORE_CTX_verify_cb verify_cb;
    STACK_OF(X509) *chain;      /* the path built, leaf first, anchor last */
};

/* ---- checking a chain (chain.c), for the TLS verifier and X509_verify_cert ---------- */
#define KUMA_VERIFY_MAX_CERTS 32        /* certificates considered for one path; more are dropped */

/* A certificate offered for a path: its DER and its decoding (NULL when unreadable). */
typedef struct {
    unsigned char *der;
    size_t len;
    size_t cap;                         /* the TLS verifier reuses its buffers; 0 when borrowed */
    X509 *x;
} kuma_chain_cert;

/*
 * One verification (chain.c, with path.c, name_constraints.c, crl.c): the
 * path is built from the leaf, the other certificates in any order and
 * the trust store's certificates, then checked as OpenSSL checks it.
 * Engine-neutral: any TLS engine (and X509_verify_cert) fills the inputs.
 */
#define KUMA_VERIFY_MAX_DEPTH 40        /* certificates in one path, the anchor included */

typedef struct {
    /* set by the caller */
    X509_STORE *store;                  /* trust anchors and CRLs; NULL: none */
    const kuma_chain_cert *certs;       /* the leaf first */
    int count;
    int leaf_lost;                      /* the leaf could not be kept: fails as too long */
    X509_VERIFY_PARAM *param;           /* its peername is set to the host that matched */
    X509_STORE_CTX_verify_cb cb;        /* NULL: none */
    X509_STORE_CTX *sctx;               /* what cb sees; chain must be NULL */
    int purpose;                        /* X509_PURPOSE_* when the param names none; 0: no check */
    int auth_level;                     /* security level when the param sets none; <= 0: none */
    /* the results */
    X509 *path[KUMA_VERIFY_MAX_DEPTH];  /* leaf first; the trust anchor last when trusted */
    int path_len;
    int trusted;                        /* the path ends at a trust anchor */
    int cb_ok;                          /* checking ran to its end (no error, or the callback let each through) */
    time_t vtime;                       /* the time the chain was checked at */
} kuma_chain;

/*
 * Builds the path and checks it, running the callback (each error as found,
 * each certificate top first). Returns the X509_V_* result (the callback's
 * verdict when it changed it); the chain is accepted when cb_ok is set.
 * ch->sctx holds in chain the path as a new stack of references (NULL when
 * memory ran out), which the caller takes over.
 */
/* kuma_chain.purpose: none, or what a TLS peer's certificate must be fit for. */
#define KUMA_PURPOSE_ANY 0
#define KUMA_PURPOSE_SSL_SERVER X509_PURPOSE_SSL_SERVER
#define KUMA_PURPOSE_SSL_CLIENT X509_PURPOSE_SSL_CLIENT

long kuma_chain_verify(kuma_chain *ch);
/* The certificate at depth d of the built path (0: the leaf), or NULL. */
X509 *kuma_chain_cert_at(const kuma_chain *ch, int d);
/* Pushes x onto sk with a reference of its own; 0 (no reference kept) when memory runs out. */
int kuma_x509_push_ref(STACK_OF(X509) *sk, X509 *x);
/* The BR_KEYTYPE_KEYX / _SIGN usages x's keyUsage allows (both without one), for a TLS engine. */
unsigned kuma_x509_key_usages(const X509 *x);
/* Whether the leaf has this email address (SAN rfc822Name, else the subject's emailAddress). */
int kuma_x509_match_email(X509 *x, const char *email, unsigned int flags);

/* ---- random ----------------------------------------------------------- */

/*
 * Fills buf with len bytes from the operating system's generator (getrandom,
 * /dev/urandom where the system call is missing), for seeding BearSSL's
 * PRNG. 1 on success; 0 with an ERR_LIB_SYS error queued.
 */
int kuma_rand_seed(unsigned char *buf, size_t len);

#ifdef KUMA_FUZZING_UNSAFE_RAND
/*
 * Fuzzing builds only (configure --enable-fuzzing defines the macro): a
 * deterministic stream in place of the kernel's, so a harness replays a
 * recorded TLS 1.3 flight against the same randoms and key shares.
 * kuma_fuzz_rand_reset restarts the stream; never in a real library.
 */
int kuma_fuzz_rand(unsigned char *buf, size_t len);
void kuma_fuzz_rand_reset(void);
#endif

/* ---- RSA-PSS (rsa_pss.c) ---------------------------------------------- */

/* RSASSA-PSS (RFC 8017 8.1, EMSA-PSS with MGF1 over the same hash, salt length = hash length). 1 on success. */
int kuma_rsa_pss_sign(const br_rsa_private_key *sk, const br_hash_class *h, const unsigned char *hash, size_t hlen, unsigned char *sig, size_t *siglen);
int kuma_rsa_pss_verify(const br_rsa_public_key *pk, const br_hash_class *h, const unsigned char *hash, size_t hlen, const unsigned char *sig, size_t siglen);
/* Whether a certificate's DER is signed with RSASSA-PSS (BearSSL's decoder knows no such signer). */
int kuma_cert_pss_signed(const unsigned char *der, size_t len);
/* As kuma_rsa_pss_verify with a salt of slen bytes (a certificate's RSASSA-PSS-params saltLength). */
int kuma_rsa_pss_verify_salt(const br_rsa_public_key *pk, const br_hash_class *h, const unsigned char *hash, size_t hlen, const unsigned char *sig, size_t siglen, size_t slen);
/*
 * sign: *siglen is the room in sig on entry, the modulus length on return;
 * the salt comes from kuma_rand_seed. verify: siglen must be the modulus
 * length. Both return 0 (no error queued: the caller names the failure)
 * on a bad argument, a modulus too small for the hash, or a failed check.
 */

/* ---- errors ----------------------------------------------------------- */

/* The text of an X509_V_ERR_* code. */
const char *kuma_verify_error_string(long n);

/* ---- X509_VERIFY_PARAM: what a peer's chain is verified against -------------- */
#define KUMA_DEFAULT_VERIFY_DEPTH 100   /* OpenSSL's, for a depth of -1 (unset) */

/*
 * The reference identities, depth and time of a verification. An SSL_CTX
 * and each SSL own one (SSL_new copies its SSL_CTX's); SSL_set1_host,
 * SSL_set_verify_depth and friends are shorthands for changing it.
 */
struct X509_VERIFY_PARAM_st {
    char **hosts;                       /* any one matching passes */
    size_t nhosts;
    unsigned int hostflags;             /* X509_CHECK_FLAG_* */
    unsigned char ip[16];
    size_t iplen;                       /* 4 or 16; 0: no address to check */
    int depth;                          /* -1: KUMA_DEFAULT_VERIFY_DEPTH */
    unsigned long flags;                /* X509_V_FLAG_* */
    time_t check_time;
    int purpose;                        /* X509_PURPOSE_*, 0: the caller's default */
    int auth_level;                     /* -1: unset (TLS uses the security level) */
    char *email;                        /* X509_VERIFY_PARAM_set1_email, NULL: none */
    char *peername;                     /* the host that matched, for SSL_get0_peername */
};

/* The depth limit in force: intermediates allowed between the peer's certificate and an anchor. */
int kuma_param_depth(const X509_VERIFY_PARAM *p);
/* Whether kumassl acts on every X509_V_FLAG_* of flags (else an error is queued naming them). */
int kuma_verify_flags_supported(unsigned long flags);

/* x509_time.c (libcrypto) */
/* Parses an ASN.1 UTCTime (tag 0x17) or GeneralizedTime (0x18) value as UTC; 1 on success. */
int kuma_asn1_time_parse(unsigned char tag, const unsigned char *s, size_t len, time_t *out);
/* Reads notBefore and notAfter of a DER certificate; 0 when it is malformed. */
int kuma_x509_validity(const unsigned char *der, size_t len, time_t *not_before,
                       time_t *not_after);
/* t in BearSSL's terms (days since 0000-01-01, seconds since midnight); 0 when out of range. */
int kuma_time_to_br(time_t t, uint32_t *days, uint32_t *seconds);

#endif
