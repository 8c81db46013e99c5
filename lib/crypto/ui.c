/*
 * kumassl: UI_METHOD objects (ui.h). Methods are real containers of
 * functions; no UI ever runs one, so the calls about a running UI fail.
 */
#include <string.h>
#include <openssl/ui.h>
#include "crypto_int.h"

struct ui_method_st {
    char *name;
    int (*opener)(UI *ui);
    int (*writer)(UI *ui, UI_STRING *uis);
    int (*flusher)(UI *ui);
    int (*reader)(UI *ui, UI_STRING *uis);
    int (*closer)(UI *ui);
    int is_static;
};

static UI_METHOD default_method = { "OpenSSL default user interface", NULL, NULL, NULL, NULL, NULL, 1 };
static UI_METHOD null_method = { "OpenSSL NULL UI", NULL, NULL, NULL, NULL, NULL, 1 };

UI_METHOD *UI_create_method(const char *name)
{
    UI_METHOD *m = OPENSSL_zalloc(sizeof(*m));

    if (m == NULL || (m->name = OPENSSL_strdup(name != NULL ? name : "")) == NULL) {
        OPENSSL_free(m);
        ERR_raise(ERR_LIB_UI, ERR_R_MALLOC_FAILURE);
        return NULL;
    }
    return m;
}

void UI_destroy_method(UI_METHOD *ui_method)
{
    if (ui_method == NULL || ui_method->is_static)
        return;
    OPENSSL_free(ui_method->name);
    OPENSSL_free(ui_method);
}

UI_METHOD *UI_OpenSSL(void)
{
    return &default_method;
}

const UI_METHOD *UI_null(void)
{
    return &null_method;
}

/* The static methods stay as they are: a program changes its own copy. */
static int settable(const UI_METHOD *m)
{
    return m != NULL && !m->is_static ? 0 : -1;
}

int UI_method_set_opener(UI_METHOD *method, int (*opener)(UI *ui))
{
    if (settable(method) < 0)
        return -1;
    method->opener = opener;
    return 0;
}

int UI_method_set_writer(UI_METHOD *method, int (*writer)(UI *ui, UI_STRING *uis))
{
    if (settable(method) < 0)
        return -1;
    method->writer = writer;
    return 0;
}

int UI_method_set_flusher(UI_METHOD *method, int (*flusher)(UI *ui))
{
    if (settable(method) < 0)
        return -1;
    method->flusher = flusher;
    return 0;
}

int UI_method_set_reader(UI_METHOD *method, int (*reader)(UI *ui, UI_STRING *uis))
{
    if (settable(method) < 0)
        return -1;
    method->reader = reader;
    return 0;
}

int UI_method_set_closer(UI_METHOD *method, int (*closer)(UI *ui))
{
    if (settable(method) < 0)
        return -1;
    method->closer = closer;
    return 0;
}

int (*UI_method_get_opener(const UI_METHOD *method))(UI *)
{
    return method != NULL ? method->opener : NULL;
}

int (*UI_method_get_writer(const UI_METHOD *method))(UI *, UI_STRING *)
{
    return method != NULL ? method->writer : NULL;
}

int (*UI_method_get_flusher(const UI_METHOD *method))(UI *)
{
    return method != NULL ? method->flusher : NULL;
}

int (*UI_method_get_reader(const UI_METHOD *method))(UI *, UI_STRING *)
{
    return method != NULL ? method->reader : NULL;
}

int (*UI_method_get_closer(const UI_METHOD *method))(UI *)
{
    return method != NULL ? method->closer : NULL;
}

static void no_ui(void)
{
    ERR_raise_data(ERR_LIB_UI, ERR_R_UNSUPPORTED, "kumassl runs no user interface");
}

void *UI_get0_user_data(UI *ui)
{
    (void)ui;
    no_ui();
    return NULL;
}

int UI_get_input_flags(UI_STRING *uis)
{
    (void)uis;
    no_ui();
    return 0;
}

enum UI_string_types UI_get_string_type(UI_STRING *uis)
{
    (void)uis;
    no_ui();
    return UIT_NONE;
}

int UI_set_result(UI *ui, UI_STRING *uis, const char *result)
{
    (void)ui, (void)uis, (void)result;
    no_ui();
    return -1;
}
