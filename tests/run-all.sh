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
# The whole suite again under ASan+UBSan+LeakSanitizer (--enable-sanitizers),
# in its own build tree: a VPATH build (build-asan/../kuma-src/configure) of a
# clean copy of the sources, as automake refuses VPATH builds of a configured
# source tree. Check summaries are printed with an "asan" prefix.
jobs=$(nproc 2>/dev/null || echo 2)
rm -rf build-asan build-fuzz kuma-src
asan_rc=0
make distdir distdir=kuma-src >/dev/null 2>&1 || asan_rc=$?
if [ "$asan_rc" -eq 0 ]; then
    mkdir build-asan
    (cd build-asan && ../kuma-src/configure -q --enable-sanitizers >configure.out 2>&1 &&
        make -j"$jobs" >make.out 2>&1) || asan_rc=$?
fi
if [ "$asan_rc" -ne 0 ]; then
    echo "asan build: FAILED (see build-asan/configure.out, build-asan/make.out)"
    failed=$((failed + 1)); status=1
else
    (cd build-asan && make -j2 check >/dev/null 2>&1) || status=1
    for log in build-asan/tests/check_*.log; do
        [ -f "$log" ] || continue
        t=$(basename "$log" .log); trs=${log%.log}.trs
        res=$(sed -n 's/^:test-result: //p' "$trs" 2>/dev/null | head -n 1)
        line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -n 1 || true)
        if [ -z "$line" ] && [ "$res" = SKIP ]; then
            printf 'asan %s: skipped\n' "$t"; skipped=$((skipped + 1)); continue
        fi
        printf 'asan %s: %s\n' "$t" "${line:-no Check summary (see $log)}"
        if [ -n "$line" ]; then
            c=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
            f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2/')
            set -- $f
            failed=$((failed + $1 + $2)); passed=$((passed + c - $1 - $2))
            if [ "$res" != PASS ] && [ $(($1 + $2)) -eq 0 ]; then
                # all checks passed but the program failed: a sanitizer report at exit
                printf 'asan %s: FAILED (%s)\n' "$t" "$res"; failed=$((failed + 1))
            fi
        else
            failed=$((failed + 1))
        fi
        if [ "$res" != PASS ]; then
            grep -E ':[EF]:|^SUMMARY: |runtime error' "$log" | head -n 10 || true
            status=1
        fi
    done
fi
# libFuzzer harnesses (tests/fuzz, when clang is there): built with
# --enable-fuzzing, each run for KUMA_FUZZ_SECONDS (default 60) from the
# seeds in tests/fuzz/corpus, as many at once as there are CPUs.
if [ "$asan_rc" -eq 0 ] && command -v clang >/dev/null 2>&1; then
    fuzz_rc=0
    mkdir build-fuzz
    (cd build-fuzz && ../kuma-src/configure -q --enable-fuzzing >configure.out 2>&1 &&
        make -j"$jobs" fuzz >make.out 2>&1) || fuzz_rc=$?
    if [ "$fuzz_rc" -ne 0 ]; then
        echo "fuzz build: FAILED (see build-fuzz/configure.out, build-fuzz/make.out)"
        failed=$((failed + 1)); status=1
    else
        out=$(sh kuma-src/tests/fuzz/run.sh all "${KUMA_FUZZ_SECONDS:-60}" build-fuzz) || status=1
        echo "$out"
        n=$(echo "$out" | grep -c '^fuzz [a-z]*: ok' || true); passed=$((passed + n))
        n=$(echo "$out" | grep -cE '^fuzz [a-z]*: (CRASH|FAILED)' || true); failed=$((failed + n))
    fi
elif [ "$asan_rc" -eq 0 ]; then
    echo "fuzz: skipped (no clang; apt-get install clang)"; skipped=$((skipped + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
