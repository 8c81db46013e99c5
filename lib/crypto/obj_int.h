/*
 * kumassl: object identifiers (ASN1_OBJECT) inside libcrypto.
 *
 * The objects kumassl knows are static entries of obj_table.h; an object
 * made from an OID outside the table (OBJ_txt2obj, a name attribute of an
 * unknown type) is allocated and flagged so that ASN1_OBJECT_free frees it.
 */
#ifndef KUMASSL_OBJ_INT_H
#define KUMASSL_OBJ_INT_H
#include <openssl/objects.h>
#include "crypto_int.h"

struct asn1_object_st {
    int nid;                    /* NID_undef for an OID kumassl has no entry for */
    const char *sn, *ln;        /* NULL when nid is NID_undef */
    const char *der;            /* the OID's DER value bytes (NULL: none, e.g. NID_undef) */
    int len;
    int dynamic;                /* allocated (with der): freed by ASN1_OBJECT_free */
};

/*
 * The object of the OID with these value bytes: the table's entry when
 * kumassl knows it, else a new dynamic one. NULL when memory runs out.
 */
ASN1_OBJECT *kuma_obj_from_der(kuma_der oid);

/* Writes the dotted form of an OID's value bytes into out (size >= 4); 0 if malformed. */
int kuma_oid_to_text(const kuma_der *oid, char *out, size_t size);

/* ---- string characters (x509_print.c) ---- */
/* Characters per byte of a string tag: 0 UTF-8, 1, 2 (BMP), 4 (Universal); -1: not a string. */
int kuma_tag_width(int type);
/* Reads one character of a string of that width; 0 when malformed. */
int kuma_char_next(kuma_der *v, int width, unsigned long *c);
/* Writes c as UTF-8 into out (4 bytes); returns the bytes written. */
size_t kuma_utf8_put(unsigned long c, unsigned char *out);

#endif
