#!/bin/sh
# run.sh SRCDIR BUILDDIR -- the driver behind `make bench`.
#
# Runs bench/bench-kumassl, bench/bench-openssl and bench/bench-bearssl (the
# same figures over BearSSL's own API) alternately (A B C A B C ...) for
# BENCH_ROUNDS rounds, then prints the median of each figure per program and
# two ratios: kumassl/OpenSSL, and kumassl/BearSSL -- kumassl's own overhead
# over the library it wraps.  Also the machine, the compiler, the library
# versions, and the library and static echo-server sizes.
# Environment: BENCH_ROUNDS (5), BENCH_TIME (seconds per figure, 0.25),
# BENCH_CONNS (idle connections for the heap figure, 1000), BENCH_SMALL (a
# build tree configured with --enable-small: its sizes beside these), CC,
# BEARSSL_LIBS, SYSOPENSSL_CFLAGS, SYSOPENSSL_LIBS (from make).
set -e
SRC=${1:-.}
BUILD=${2:-.}
ROUNDS=${BENCH_ROUNDS:-5}
SECS=${BENCH_TIME:-0.25}
CONNS=${BENCH_CONNS:-1000}
SMALL=${BENCH_SMALL:-}
CC=${CC:-cc}
A=$BUILD/bench/bench-kumassl
B=$BUILD/bench/bench-openssl
C=$BUILD/bench/bench-bearssl

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
    printf ', bearssl'
    "$C" "$TMP/certs" "$SECS" "$CONNS" > "$TMP/c.$i"
    echo
    i=$((i + 1))
done

# The libbearssl that kumassl and the plain-BearSSL bench load, and its
# package version where dpkg knows it (BearSSL itself exposes none).
cbear=$(ldd "$C" 2>/dev/null | awk '/libbearssl/ { print $3 }')
bearpkg=
if [ -n "$cbear" ] && command -v dpkg-query >/dev/null 2>&1; then
    pkg=$(dpkg-query -S "$(readlink -f "$cbear")" 2>/dev/null | sed -n '1s/:[^:]*$//p')
    [ -n "$pkg" ] && bearpkg=$(dpkg-query -W -f='${Package} ${Version}' "$pkg" 2>/dev/null)
fi

echo "== libraries"
echo "A: $(sed -n 's/^version //p' "$TMP/a.1")"
[ -n "$B" ] && echo "B: $(sed -n 's/^version //p' "$TMP/b.1")"
echo "C: $(sed -n 's/^version //p' "$TMP/c.1")${bearpkg:+; $bearpkg}"

# median NAME FILES...: median value of figure NAME across the files.
median() {
    name=$1; shift
    cat "$@" | awk -v n="$name" '$1 == n { print $2 }' | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratio A B: A / B to two decimals, or "-" when B is missing or zero.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2f", a / b; else print "-" }'
}

echo "== results (median of $ROUNDS rounds; sp = socketpair, tcp = loopback TCP; TLS 1.2, but *13_* rows: TLS 1.3)"
echo "k/ossl = kumassl / OpenSSL; k/bear = kumassl / plain BearSSL, kumassl's own overhead"
echo "(hs/s, MB/s: below 1 = kumassl slower; B/conn, KiB: above 1 = kumassl bigger)"
printf '%-24s %-7s %10s %10s %10s %7s %7s\n' figure unit kumassl openssl bearssl k/ossl k/bear
for name in $(awk '$1 != "version" { print $1 }' "$TMP/a.1"); do
    unit=$(awk -v n="$name" '$1 == n { print $3; exit }' "$TMP/a.1")
    a=$(median "$name" "$TMP"/a.*)
    b=-
    [ -n "$B" ] && b=$(median "$name" "$TMP"/b.*)
    c=$(median "$name" "$TMP"/c.*)
    printf '%-24s %-7s %10s %10s %10s %7s %7s\n' "$name" "$unit" "$a" "$b" "$c" \
        "$(ratio "$a" "$b")" "$(ratio "$a" "$c")"
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
if [ -n "$SMALL" ]; then
    printf '%-44s %10s\n' "kumassl --enable-small, the same" \
        $(( $(stripped "$SMALL/.libs/libssl.so.3") + $(stripped "$SMALL/.libs/libcrypto.so.3") ))
fi
if [ -n "$B" ]; then
    # The libraries the OpenSSL build really loads.
    real=$(env -u LD_LIBRARY_PATH ldd "$B")
    ol=$(printf '%s\n' "$real" | awk '/libssl\.so/ { print $3 }')
    oc=$(printf '%s\n' "$real" | awk '/libcrypto\.so/ { print $3 }')
    printf '%-44s %10s\n' "OpenSSL libssl.so + libcrypto.so" $(( $(stripped "$ol") + $(stripped "$oc") ))
fi
# Static echo servers (samples/echo-server.c), stripped; skipped if a static
# library is missing.  Beside the file size, the linker map splits what the
# TLS libraries (libssl.a, libcrypto.a, libbearssl.a) and the C library put
# into the program (.text, .rodata, .data sections): glibc alone is some
# 600-800 KB in a static program, whichever TLS library is linked.

# map_bytes MAP: "TLS LIBC" bytes of code and data from those archives.
map_bytes() {
    awk '
    function hex(s,   i, n) {
        n = 0; s = tolower(substr(s, 3))
        for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
        return n
    }
    /^Linker script and memory map/ { go = 1 }
    !go { next }
    /^ \.(text|rodata|data|tdata)/ {
        if (NF == 1) { if ((getline) <= 0 || $1 !~ /^0x/ || NF < 3) next; size = $2; file = $3 }
        else if (NF >= 4 && $2 ~ /^0x/) { size = $3; file = $4 }
        else next
        if (file ~ /lib(ssl|crypto|bearssl)\.a\(/) tls += hex(size)
        else if (file ~ /libc\.a\(/) libc += hex(size)
    }
    END { printf "%d %d\n", tls, libc }' "$1"
}

# static_echo NAME OUT LINK-ARGS...: builds, strips and reports one static echo server.
static_echo() {
    name=$1; out=$2; shift 2
    if $CC -O2 -static "$@" -pthread -Wl,-Map="$out.map" -o "$out" >/dev/null 2>&1; then
        strip "$out"
        set -- $(map_bytes "$out.map")
        printf '%-44s %10s\n' "static echo-server, $name (stripped)" "$(size_of "$out")"
        printf '%-44s %10s\n' "  of which TLS libraries (code + data)" "$1"
        printf '%-44s %10s\n' "  of which the C library (code + data)" "$2"
    else
        echo "static echo-server, $name: not built (no static libraries)"
    fi
}

if [ -f "$BUILD/.libs/libssl.a" ]; then
    static_echo kumassl "$TMP/echo-kumassl" -I"$SRC/include" "$SRC/samples/echo-server.c" \
        "$BUILD/.libs/libssl.a" "$BUILD/.libs/libcrypto.a" ${BEARSSL_LIBS:--lbearssl}
else
    echo "static echo-server, kumassl: not built (no static libraries)"
fi
if [ -n "$SMALL" ] && [ -f "$SMALL/.libs/libssl.a" ]; then
    static_echo "kumassl --enable-small" "$TMP/echo-small" -I"$SRC/include" \
        "$SRC/samples/echo-server.c" "$SMALL/.libs/libssl.a" "$SMALL/.libs/libcrypto.a" \
        ${BEARSSL_LIBS:--lbearssl}
fi
if [ -n "$B" ]; then
    static_echo OpenSSL "$TMP/echo-openssl" $SYSOPENSSL_CFLAGS "$SRC/samples/echo-server.c" \
        -l:libssl.a -l:libcrypto.a -ldl
fi
