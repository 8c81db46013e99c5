#!/bin/sh
# The whole test suite, from a fresh clone: installs what is missing, builds,
# runs `make check` (Check unit tests and interop tests against openssl and
# gnutls peers on 127.0.0.1), reruns the bad-input programs under valgrind,
# runs make distcheck, and prints every Check summary and the total.
set -e
cd "$(dirname "$0")/.."
. tests/deps.sh
kuma_install_deps
kuma_build
status=0
make -j2 check >/dev/null 2>&1 || status=$?
passed=0; failed=0; skipped=0
for log in tests/check_*.log; do
    [ -f "$log" ] || continue
    line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -n 1)
    if [ -z "$line" ] && grep -q '^:test-result: SKIP' "${log%.log}.trs" 2>/dev/null; then
        printf '%s: skipped\n' "$(basename "$log" .log)"
        skipped=$((skipped + 1))
        continue
    fi
    printf '%s: %s\n' "$(basename "$log" .log)" "${line:-no Check summary (see $log)}"
    if [ -n "$line" ]; then
        c=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
        f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2/')
        set -- $f
        failed=$((failed + $1 + $2)); passed=$((passed + c - $1 - $2))
    else
        failed=$((failed + 1))
    fi
done
if [ "$status" -ne 0 ]; then
    for log in tests/check_*.log; do
        grep -E ':[EF]:' "$log" 2>/dev/null || true
    done
    [ -f test-suite.log ] && tail -n 40 test-suite.log
fi
# The programs that feed kumassl bad input, again under valgrind.
if [ -n "$(command -v valgrind)" ]; then
    make check-valgrind >/dev/null 2>&1 || status=$?
    for rc in tests/check_*.vgrc; do
        [ -f "$rc" ] || continue
        t=${rc%.vgrc}
        line=$(grep -E '^[0-9]+%: Checks: ' "$t.vg" | tail -n 1)
        if [ "$(cat "$rc")" = 0 ] && [ -n "$line" ]; then
            printf 'valgrind %s: clean, %s\n' "$(basename "$t")" "$line"
            passed=$((passed + 1))
        else
            printf 'valgrind %s: FAILED (exit %s)\n' "$(basename "$t")" "$(cat "$rc")"
            tail -n 30 "$t.vg"
            failed=$((failed + 1)); status=1
        fi
    done
    # Threads under helgrind: no race (fewer connections per thread, helgrind is slow).
    t=tests/check_threads
    hgrc=0
    KUMA_CERTS="$PWD/tests/certs" KUMA_THREADS_CONNS=40 CK_FORK=no \
        ./libtool --mode=execute valgrind -q --tool=helgrind --error-exitcode=9 \
        --suppressions=tests/threads.supp ./$t >$t.hg 2>&1 || hgrc=$?
    line=$(grep -E '^[0-9]+%: Checks: ' "$t.hg" | tail -n 1)
    if [ "$hgrc" = 0 ] && [ -n "$line" ]; then
        printf 'helgrind check_threads: clean, %s\n' "$line"
        passed=$((passed + 1))
    else
        printf 'helgrind check_threads: FAILED (exit %s)\n' "$hgrc"
        tail -n 40 "$t.hg"
        failed=$((failed + 1)); status=1
    fi
fi
# The release tarball builds, installs, passes its tests and installcheck.
if [ "$status" -eq 0 ]; then
    make distcheck >distcheck.log 2>&1 || { tail -n 40 distcheck.log; status=1; failed=$((failed + 1)); }
    [ "$status" -eq 0 ] && echo "distcheck: passed" && passed=$((passed + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
