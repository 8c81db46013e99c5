#!/bin/sh
# installcheck.sh PREFIX LIBDIR SRCDIR: builds programs against an installed
# kumassl the way a user would, and proves they run on kumassl:
#   - with pkg-config (openssl.pc) and an rpath,
#   - with plain -I/-L/-lssl (libcrypto reached through libssl),
#   - with -lcrypto before -lssl,
# and that OpenSSL_version() names kumassl and BearSSL.
set -e
prefix=$1; libdir=$2; srcdir=$3
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/version.c" <<'PROG'
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <string.h>
int main(void)
{
    SSL_CTX *ctx;
    const char *v = OpenSSL_version(OPENSSL_VERSION);
    if (SSL_library_init() != 1 || (ctx = SSL_CTX_new(TLS_client_method())) == NULL)
        return 1;
    SSL_CTX_free(ctx);
    puts(v);
    return strstr(v, "kumassl") && strstr(v, "BearSSL") ? 0 : 2;
}
PROG
export PKG_CONFIG_PATH="$libdir/pkgconfig"
flags=$(pkg-config --cflags --libs openssl)
$CC -Wall -Wextra "$tmp/version.c" -o "$tmp/v1" $flags -Wl,-rpath,"$libdir"
$CC -Wall -Wextra "$tmp/version.c" -o "$tmp/v2" -I"$prefix/include" -L"$libdir" -Wl,-rpath,"$libdir" -lssl
$CC -Wall -Wextra "$tmp/version.c" -o "$tmp/v3" -I"$prefix/include" -L"$libdir" -Wl,-rpath,"$libdir" -lcrypto -lssl
for v in v1 v2 v3; do
    out=$("$tmp/$v")
    echo "$v: $out"
done
# The samples build unchanged against the installed headers and libraries.
for s in echo-client echo-server; do
    $CC -Wall -Wextra "$srcdir/samples/$s.c" -o "$tmp/$s" -I"$prefix/include" \
        -L"$libdir" -Wl,-rpath,"$libdir" -lssl
done
ldd "$tmp/echo-client" | grep -q "$libdir/libssl.so" || { echo "not linked to kumassl"; exit 1; }
echo "installcheck: programs built against $prefix run on kumassl"
