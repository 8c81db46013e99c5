/*
 * kumassl: OPENSSL_INIT_SETTINGS, the settings object programs hand to
 * OPENSSL_init_crypto / OPENSSL_init_ssl. kumassl needs no global set-up
 * and reads no configuration file, so the settings are kept (a program may
 * set and free them) and the file they name is not opened.
 */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/conf.h>
#include "crypto_int.h"

struct ossl_init_settings_st {
    char *filename;
    char *appname;
    unsigned long flags;
};

OPENSSL_INIT_SETTINGS *OPENSSL_INIT_new(void)
{
    return OPENSSL_zalloc(sizeof(OPENSSL_INIT_SETTINGS));
}

void OPENSSL_INIT_free(OPENSSL_INIT_SETTINGS *settings)
{
    if (settings == NULL)
        return;
    OPENSSL_free(settings->filename);
    OPENSSL_free(settings->appname);
    OPENSSL_free(settings);
}

/* Replaces *slot with a copy of value (NULL: unset); 0 on allocation failure. */
static int set_text(char **slot, const char *value)
{
    char *copy = NULL;

    if (value != NULL && (copy = OPENSSL_strdup(value)) == NULL)
        return 0;
    OPENSSL_free(*slot);
    *slot = copy;
    return 1;
}

int OPENSSL_INIT_set_config_filename(OPENSSL_INIT_SETTINGS *settings, const char *config_filename)
{
    return !KUMA_NULL_ARG(ERR_LIB_CRYPTO, settings) && set_text(&settings->filename, config_filename);
}

int OPENSSL_INIT_set_config_appname(OPENSSL_INIT_SETTINGS *settings, const char *config_appname)
{
    return !KUMA_NULL_ARG(ERR_LIB_CRYPTO, settings) && set_text(&settings->appname, config_appname);
}

void OPENSSL_INIT_set_config_file_flags(OPENSSL_INIT_SETTINGS *settings, unsigned long flags)
{
    if (settings != NULL)
        settings->flags = flags;
}

/* kumassl loads no configuration modules (conf.h): there is nothing to unload. */
void CONF_modules_unload(int all)
{
    (void)all;
}
