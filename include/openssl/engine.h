/*
 * kumassl: ENGINE, as OpenSSL's <openssl/engine.h>. kumassl has no engines
 * (OPENSSL_NO_ENGINE is defined in opensslconf.h, so source builds leave
 * them out). The functions exist so that binaries built against OpenSSL
 * start: none finds an engine. ENGINE_by_id fails with
 * ENGINE_R_NO_SUCH_ENGINE naming the id; calls given an ENGINE (there can be
 * none) fail with ENGINE_R_INVALID_ARGUMENT; the list is empty; loading the
 * built-in engines loads nothing, as there are none.
 */
#ifndef KUMASSL_ENGINE_H
#define KUMASSL_ENGINE_H
#include <openssl/opensslconf.h>
#include <openssl/types.h>
#ifdef __cplusplus
extern "C" {
#endif

#define ENGINE_R_NO_SUCH_ENGINE 116
#define ENGINE_R_NOT_INITIALISED 117
#define ENGINE_R_INVALID_ARGUMENT 143
#define ENGINE_METHOD_ALL 0xFFFF

ENGINE *ENGINE_by_id(const char *id);
void ENGINE_load_builtin_engines(void);
ENGINE *ENGINE_get_first(void);
ENGINE *ENGINE_get_next(ENGINE *e);
const char *ENGINE_get_id(const ENGINE *e);
int ENGINE_init(ENGINE *e);
int ENGINE_finish(ENGINE *e);
int ENGINE_free(ENGINE *e);
int ENGINE_set_default(ENGINE *e, unsigned int flags);
int ENGINE_ctrl(ENGINE *e, int cmd, long i, void *p, void (*f)(void));
int ENGINE_ctrl_cmd(ENGINE *e, const char *cmd_name, long i, void *p, void (*f)(void), int cmd_optional);
int ENGINE_ctrl_cmd_string(ENGINE *e, const char *cmd_name, const char *arg, int cmd_optional);
EVP_PKEY *ENGINE_load_private_key(ENGINE *e, const char *key_id, UI_METHOD *ui_method, void *callback_data);
EVP_PKEY *ENGINE_load_public_key(ENGINE *e, const char *key_id, UI_METHOD *ui_method, void *callback_data);

#ifdef __cplusplus
}
#endif
#endif
