/*
 * kumassl: user-interface methods (UI_METHOD), as OpenSSL's <openssl/ui.h>.
 * kumassl never prompts through a UI (passwords come from pem_password_cb
 * callbacks) and, having no engines, never runs a UI_METHOD: a program can
 * build and free methods, and UI_OpenSSL() is a method with no functions.
 * No UI object exists, so the calls taking one (UI_get0_user_data, ...)
 * fail with ERR_R_UNSUPPORTED from ERR_LIB_UI.
 */
#ifndef KUMASSL_UI_H
#define KUMASSL_UI_H
#include <openssl/types.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct ui_string_st UI_STRING;
enum UI_string_types { UIT_NONE = 0, UIT_PROMPT, UIT_VERIFY, UIT_BOOLEAN, UIT_INFO, UIT_ERROR };
#define UI_INPUT_FLAG_ECHO 0x01
#define UI_INPUT_FLAG_DEFAULT_PWD 0x02

/* A method named name with no functions; NULL on allocation failure. */
UI_METHOD *UI_create_method(const char *name);
void UI_destroy_method(UI_METHOD *ui_method);
/* kumassl's default method: no functions (kumassl never prompts). */
UI_METHOD *UI_OpenSSL(void);
const UI_METHOD *UI_null(void);
/* Set one function of a method (0 on success, -1 for a NULL method, as OpenSSL) / read it back. */
int UI_method_set_opener(UI_METHOD *method, int (*opener)(UI *ui));
int UI_method_set_writer(UI_METHOD *method, int (*writer)(UI *ui, UI_STRING *uis));
int UI_method_set_flusher(UI_METHOD *method, int (*flusher)(UI *ui));
int UI_method_set_reader(UI_METHOD *method, int (*reader)(UI *ui, UI_STRING *uis));
int UI_method_set_closer(UI_METHOD *method, int (*closer)(UI *ui));
int (*UI_method_get_opener(const UI_METHOD *method))(UI *);
int (*UI_method_get_writer(const UI_METHOD *method))(UI *, UI_STRING *);
int (*UI_method_get_flusher(const UI_METHOD *method))(UI *);
int (*UI_method_get_reader(const UI_METHOD *method))(UI *, UI_STRING *);
int (*UI_method_get_closer(const UI_METHOD *method))(UI *);
/* Calls about a running UI: there is none. */
void *UI_get0_user_data(UI *ui);
int UI_get_input_flags(UI_STRING *uis);
enum UI_string_types UI_get_string_type(UI_STRING *uis);
int UI_set_result(UI *ui, UI_STRING *uis, const char *result);

#ifdef __cplusplus
}
#endif
#endif
