/*
 * kumassl: object identifiers (ASN1_OBJECT) and their NIDs and names, as
 * OpenSSL's <openssl/objects.h>. kumassl knows the objects <openssl/obj_mac.h>
 * lists; any other OID can still be made into an object (OBJ_txt2obj) and
 * printed in dotted form, with NID_undef.
 */
#ifndef KUMASSL_OBJECTS_H
#define KUMASSL_OBJECTS_H
#include <openssl/types.h>
#include <openssl/asn1.h>
#include <openssl/obj_mac.h>
#ifdef __cplusplus
extern "C" {
#endif

#define OBJ_R_UNKNOWN_NID 101
#define OBJ_R_UNKNOWN_OBJECT_NAME 103

/* The short / long name of a NID; NULL with OBJ_R_UNKNOWN_NID queued when kumassl has none. */
const char *OBJ_nid2sn(int n);
const char *OBJ_nid2ln(int n);
/* The (static) object of a NID; NULL with OBJ_R_UNKNOWN_NID queued. */
ASN1_OBJECT *OBJ_nid2obj(int n);
/* The NID of an object; NID_undef when kumassl does not know its OID. */
int OBJ_obj2nid(const ASN1_OBJECT *o);
/* The NID of a short name / long name; NID_undef when unknown. */
int OBJ_sn2nid(const char *s);
int OBJ_ln2nid(const char *s);
/* The NID of a short name, long name or dotted OID ("2.5.4.3"); NID_undef when unknown. */
int OBJ_txt2nid(const char *s);
/*
 * An object for a name or dotted OID (names are not looked at when no_name
 * is 1). Free it with ASN1_OBJECT_free. NULL (OBJ_R_UNKNOWN_OBJECT_NAME /
 * ASN1_R_INVALID_OBJECT_ENCODING-style error queued) when s is neither.
 */
ASN1_OBJECT *OBJ_txt2obj(const char *s, int no_name);
/*
 * Writes the object's long name (short name when it has no long one), or
 * its dotted OID when no_name is 1 or kumassl has no name for it, into buf
 * (always terminated when buf_len > 0). Returns the length of the whole
 * text (as snprintf), -1 when the object is malformed.
 */
int OBJ_obj2txt(char *buf, int buf_len, const ASN1_OBJECT *a, int no_name);
/* OBJ_obj2txt(buf, buf_len, a, 0). */
int i2t_ASN1_OBJECT(char *buf, int buf_len, const ASN1_OBJECT *a);
/* Writes OBJ_obj2txt's text to bp; the number of bytes written, -1 on error. */
int i2a_ASN1_OBJECT(BIO *bp, const ASN1_OBJECT *a);
/* 0 when both objects have the same OID (then by length and bytes, as memcmp). */
int OBJ_cmp(const ASN1_OBJECT *a, const ASN1_OBJECT *b);
/* A copy the caller frees with ASN1_OBJECT_free (the table's objects are returned as they are). */
ASN1_OBJECT *OBJ_dup(const ASN1_OBJECT *o);
/* The OID's DER value bytes and their number. */
size_t OBJ_length(const ASN1_OBJECT *obj);
const unsigned char *OBJ_get0_data(const ASN1_OBJECT *obj);
/* Frees an object from OBJ_txt2obj / OBJ_dup; the table's objects are left alone. */
void ASN1_OBJECT_free(ASN1_OBJECT *a);

#ifdef __cplusplus
}
#endif
#endif
