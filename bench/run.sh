#!/bin/sh
# run.sh SRCDIR BUILDDIR -- the driver behind `make bench`.
#
# Runs bench/bench-kumassl and bench/bench-openssl alternately (A B A B ...)
# for BENCH_ROUNDS rounds, then prints the median of each figure per library
# and the kumassl/OpenSSL ratio, the machine, the compiler and the library
# versions, and the library and static echo-server sizes.
# Environment: BENCH_ROUNDS (5), BENCH_TIME (seconds per figure, 0.25),
# BENCH_CONNS (idle connections for the heap figure, 1000), CC, BEARSSL_LIBS,
# SYSOPENSSL_CFLAGS, SYSOPENSSL_LIBS (from make).
set -e
SRC=${1:-.}
BUILD=${2:-.}
ROUNDS=${BENCH_ROUNDS:-5}
SECS=${BENCH_TIME:-0.25}
CONNS=${BENCH_CONNS:-1000}
CC=${CC:-cc}
A=$BUILD/bench/bench-kumassl
B=$BUILD/bench/bench-openssl

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kuma-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
sh "$SRC/tests/gen-certs.sh" "$TMP/certs"

if [ ! -x "$B" ]; then
    echo "NOTE: the system OpenSSL development files were not found at configure time:"
    echo "      running kumassl only (install libssl-dev and re-run configure to compare)."
    B=
fi

if [ -n "$B" ]; then
    BV=$(BENCH_ONLY=none env -u LD_LIBRARY_PATH "$B" "$TMP/certs" 0 1 | sed -n 's/^version //p')
    case $BV in
        *kumassl*) echo "run.sh: $B loads kumassl, not the system OpenSSL" >&2; exit 1 ;;
    esac
fi

echo "== machine"
echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:      $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(getconf _NPROCESSORS_ONLN) cores"
if grep -qw aes /proc/cpuinfo; then aes=yes; else aes=no; fi
if grep -qw pclmulqdq /proc/cpuinfo; then pcl=yes; else pcl=no; fi
echo "cpu:      aes-ni=$aes pclmulqdq=$pcl"
echo "kernel:   $(uname -sr)"
echo "compiler: $($CC --version | head -1)"
echo "run:      $ROUNDS rounds, ${SECS}s per figure, $CONNS idle connections for the heap figure"

i=1
while [ "$i" -le "$ROUNDS" ]; do
    printf 'round %d/%d: kumassl' "$i" "$ROUNDS"
    "$A" "$TMP/certs" "$SECS" "$CONNS" > "$TMP/a.$i"
    if [ -n "$B" ]; then
        printf ', openssl'
        env -u LD_LIBRARY_PATH "$B" "$TMP/certs" "$SECS" "$CONNS" > "$TMP/b.$i"
    fi
    echo
    i=$((i + 1))
done

echo "== libraries"
echo "A: $(sed -n 's/^version //p' "$TMP/a.1")"
[ -n "$B" ] && echo "B: $(sed -n 's/^version //p' "$TMP/b.1")"

# median NAME FILES...: median value of figure NAME across the files.
median() {
    name=$1; shift
    cat "$@" | awk -v n="$name" '$1 == n { print $2 }' | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "== results (median of $ROUNDS rounds; sp = socketpair, tcp = loopback TCP; TLS 1.2)"
printf '%-28s %-8s %12s %12s %8s\n' figure unit kumassl openssl ratio
for name in $(awk '$1 != "version" { print $1 }' "$TMP/a.1"); do
    unit=$(awk -v n="$name" '$1 == n { print $3; exit }' "$TMP/a.1")
    a=$(median "$name" "$TMP"/a.*)
    if [ -n "$B" ]; then
        b=$(median "$name" "$TMP"/b.*)
        r=$(awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    else
        b=-; r=-
    fi
    printf '%-28s %-8s %12s %12s %8s\n' "$name" "$unit" "$a" "$b" "$r"
done

echo "== sizes (bytes; shared libraries stripped as a distribution ships them)"
# stripped FILE: size of a stripped copy of FILE (0 when FILE is missing).
stripped() {
    [ -f "$1" ] || { echo 0; return; }
    cp -L "$1" "$TMP/strip.so" && strip --strip-unneeded "$TMP/strip.so" 2>/dev/null
    stat -c %s "$TMP/strip.so"
}
size_of() { stat -L -c %s "$1" 2>/dev/null || echo 0; }
ka=$(stripped "$BUILD/.libs/libssl.so.3")
kc=$(stripped "$BUILD/.libs/libcrypto.so.3")
bear=$(ldd "$BUILD/.libs/libssl.so.3" 2>/dev/null | awk '/libbearssl/ { print $3 }')
kb=0; [ -n "$bear" ] && kb=$(stripped "$bear")
printf '%-44s %10s\n' "kumassl libssl.so + libcrypto.so" $((ka + kc))
printf '%-44s %10s\n' "  + the libbearssl.so they load" $((ka + kc + kb))
if [ -n "$B" ]; then
    # The libraries the OpenSSL build really loads.
    real=$(env -u LD_LIBRARY_PATH ldd "$B")
    ol=$(printf '%s\n' "$real" | awk '/libssl\.so/ { print $3 }')
    oc=$(printf '%s\n' "$real" | awk '/libcrypto\.so/ { print $3 }')
    printf '%-44s %10s\n' "OpenSSL libssl.so + libcrypto.so" $(( $(stripped "$ol") + $(stripped "$oc") ))
fi
# Static echo servers (samples/echo-server.c), stripped; skipped if a static
# library is missing.
if [ -f "$BUILD/.libs/libssl.a" ] &&
   $CC -O2 -static -I"$SRC/include" "$SRC/samples/echo-server.c" \
       "$BUILD/.libs/libssl.a" "$BUILD/.libs/libcrypto.a" ${BEARSSL_LIBS:--lbearssl} -pthread \
       -o "$TMP/echo-kumassl" >/dev/null 2>&1; then
    strip "$TMP/echo-kumassl"
    printf '%-44s %10s\n' "static echo-server, kumassl (stripped)" "$(size_of "$TMP/echo-kumassl")"
else
    echo "static echo-server, kumassl: not built (no static libraries)"
fi
if [ -n "$B" ]; then
    if $CC -O2 -static $SYSOPENSSL_CFLAGS "$SRC/samples/echo-server.c" -l:libssl.a -l:libcrypto.a \
           -pthread -ldl -o "$TMP/echo-openssl" >/dev/null 2>&1; then
        strip "$TMP/echo-openssl"
        printf '%-44s %10s\n' "static echo-server, OpenSSL (stripped)" "$(size_of "$TMP/echo-openssl")"
    else
        echo "static echo-server, OpenSSL: not built (no libssl.a/libcrypto.a)"
    fi
fi
