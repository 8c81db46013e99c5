/*
 * kumassl: library-wide functions of <openssl/crypto.h>: version texts,
 * initialisation, and allocation with OpenSSL's names.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include "crypto_int.h"

/* ------------------------------------------------------------ versions */

#if defined(__clang__)
#define KUMA_COMPILER "clang " __clang_version__
#elif defined(__GNUC__)
#define KUMA_COMPILER "gcc " __VERSION__
#else
#define KUMA_COMPILER "cc"
#endif

#if defined(__linux__)
#define KUMA_OS "linux"
#elif defined(__APPLE__)
#define KUMA_OS "darwin"
#elif defined(__FreeBSD__)
#define KUMA_OS "BSD"
#else
#define KUMA_OS "unix"
#endif

#if defined(__x86_64__)
#define KUMA_CPU "x86_64"
#elif defined(__aarch64__)
#define KUMA_CPU "aarch64"
#elif defined(__i386__)
#define KUMA_CPU "x86"
#elif defined(__arm__)
#define KUMA_CPU "armv4"
#else
#define KUMA_CPU "generic"
#endif

/*
 * The texts keep OpenSSL's "name: value" shapes, since some programs cut
 * them at the colon. kumassl has no engines or providers to load, and its
 * build date is left out so that builds are reproducible.
 */
const char *OpenSSL_version(int type)
{
    switch (type) {
    case OPENSSL_VERSION:
        return OPENSSL_VERSION_TEXT;
    case OPENSSL_VERSION_STRING:
        return OPENSSL_VERSION_STR;
    case OPENSSL_FULL_VERSION_STRING:
        return OPENSSL_FULL_VERSION_STR;
    case OPENSSL_CFLAGS:
        return "compiler: " KUMA_COMPILER;
    case OPENSSL_BUILT_ON:
        return "built on: reproducible build, date unspecified";
    case OPENSSL_PLATFORM:
        return "platform: " KUMA_OS "-" KUMA_CPU;
    case OPENSSL_DIR:
        return "OPENSSLDIR: \"/usr/lib/ssl\"";
    case OPENSSL_ENGINES_DIR:
        return "ENGINESDIR: \"\"";
    case OPENSSL_MODULES_DIR:
        return "MODULESDIR: \"\"";
    case OPENSSL_CPU_INFO:
        return "CPUINFO: N/A";
    default:
        return "not available";
    }
}

unsigned long OpenSSL_version_num(void)
{
    return OPENSSL_VERSION_NUMBER;
}

unsigned int OPENSSL_version_major(void)
{
    return OPENSSL_VERSION_MAJOR;
}

unsigned int OPENSSL_version_minor(void)
{
    return OPENSSL_VERSION_MINOR;
}

unsigned int OPENSSL_version_patch(void)
{
    return OPENSSL_VERSION_PATCH;
}

/* ------------------------------------------------------------ init */

int OPENSSL_init_crypto(uint64_t opts, const OPENSSL_INIT_SETTINGS *settings)
{
    (void)opts;
    (void)settings;
    return 1;
}

/*
 * Nothing global is held. The calling thread's error texts are released,
 * so a program that cleans up before exiting leaves nothing allocated.
 */
void OPENSSL_cleanup(void)
{
    ERR_clear_error();
}

/* ------------------------------------------------------------ memory */

/* Queues the malloc failure at the caller's place, as OpenSSL's callers do. */
static void malloc_failed(const char *file, int line)
{
    ERR_new();
    ERR_set_debug(file, line, NULL);
    ERR_set_error(ERR_LIB_CRYPTO, ERR_R_MALLOC_FAILURE, NULL);
}

/* Zero bytes give NULL without an error, as in OpenSSL. */
void *CRYPTO_malloc(size_t num, const char *file, int line)
{
    void *p;

    if (num == 0)
        return NULL;
    p = malloc(num);
    if (p == NULL)
        malloc_failed(file, line);
    return p;
}

void *CRYPTO_zalloc(size_t num, const char *file, int line)
{
    void *p = CRYPTO_malloc(num, file, line);

    if (p != NULL)
        memset(p, 0, num);
    return p;
}

/* NULL addr allocates; zero num frees addr and gives NULL. */
void *CRYPTO_realloc(void *addr, size_t num, const char *file, int line)
{
    void *p;

    if (addr == NULL)
        return CRYPTO_malloc(num, file, line);
    if (num == 0) {
        free(addr);
        return NULL;
    }
    p = realloc(addr, num);
    if (p == NULL)
        malloc_failed(file, line);
    return p;
}

void CRYPTO_free(void *ptr, const char *file, int line)
{
    (void)file;
    (void)line;
    free(ptr);
}

void CRYPTO_clear_free(void *ptr, size_t num, const char *file, int line)
{
    if (ptr != NULL)
        OPENSSL_cleanse(ptr, num);
    CRYPTO_free(ptr, file, line);
}

/* kumassl has no separate secure heap: secure memory is ordinary memory, wiped when freed. */
void CRYPTO_secure_clear_free(void *ptr, size_t num, const char *file, int line)
{
    CRYPTO_clear_free(ptr, num, file, line);
}

char *CRYPTO_strdup(const char *str, const char *file, int line)
{
    size_t len;
    char *copy;

    if (str == NULL)
        return NULL;
    len = strlen(str) + 1;
    copy = CRYPTO_malloc(len, file, line);
    if (copy != NULL)
        memcpy(copy, str, len);
    return copy;
}

/*
 * memset called through a volatile pointer: the compiler cannot know it is
 * memset, so it cannot drop the stores as dead before a free(); and it runs
 * at memset's speed (a byte-wise volatile loop wiped a 16 KiB record buffer
 * ten times slower, a cost paid per record once buffers are released).
 */
static void *(*const volatile wipe)(void *, int, size_t) = memset;

void OPENSSL_cleanse(void *ptr, size_t len)
{
    if (ptr != NULL && len > 0)
        wipe(ptr, 0, len);
}
