/*
 * kumassl: ENGINE entry points without engines (engine.h): lookups find
 * nothing, and anything handed an ENGINE fails, since none can exist.
 */
#include <openssl/engine.h>
#include "crypto_int.h"

ENGINE *ENGINE_by_id(const char *id)
{
    ERR_raise_data(ERR_LIB_ENGINE, ENGINE_R_NO_SUCH_ENGINE, "id=%s (kumassl has no engines)",
                   id != NULL ? id : "(null)");
    return NULL;
}

/* There are no built-in engines to load. */
void ENGINE_load_builtin_engines(void)
{
}

ENGINE *ENGINE_get_first(void)
{
    return NULL;
}

static int not_an_engine(void)
{
    ERR_raise_data(ERR_LIB_ENGINE, ENGINE_R_INVALID_ARGUMENT, "kumassl has no engines");
    return 0;
}

ENGINE *ENGINE_get_next(ENGINE *e)
{
    (void)e;
    not_an_engine();
    return NULL;
}

const char *ENGINE_get_id(const ENGINE *e)
{
    (void)e;
    not_an_engine();
    return NULL;
}

int ENGINE_init(ENGINE *e)
{
    (void)e;
    return not_an_engine();
}

int ENGINE_finish(ENGINE *e)
{
    (void)e;
    return not_an_engine();
}

/* As OpenSSL: freeing NULL succeeds. */
int ENGINE_free(ENGINE *e)
{
    return e == NULL ? 1 : not_an_engine();
}

int ENGINE_set_default(ENGINE *e, unsigned int flags)
{
    (void)e, (void)flags;
    return not_an_engine();
}

int ENGINE_ctrl(ENGINE *e, int cmd, long i, void *p, void (*f)(void))
{
    (void)e, (void)cmd, (void)i, (void)p, (void)f;
    return not_an_engine();
}

int ENGINE_ctrl_cmd(ENGINE *e, const char *cmd_name, long i, void *p, void (*f)(void), int cmd_optional)
{
    (void)e, (void)cmd_name, (void)i, (void)p, (void)f, (void)cmd_optional;
    return not_an_engine();
}

int ENGINE_ctrl_cmd_string(ENGINE *e, const char *cmd_name, const char *arg, int cmd_optional)
{
    (void)e, (void)cmd_name, (void)arg, (void)cmd_optional;
    return not_an_engine();
}

EVP_PKEY *ENGINE_load_private_key(ENGINE *e, const char *key_id, UI_METHOD *ui_method, void *callback_data)
{
    (void)e, (void)key_id, (void)ui_method, (void)callback_data;
    not_an_engine();
    return NULL;
}

EVP_PKEY *ENGINE_load_public_key(ENGINE *e, const char *key_id, UI_METHOD *ui_method, void *callback_data)
{
    (void)e, (void)key_id, (void)ui_method, (void)callback_data;
    not_an_engine();
    return NULL;
}
