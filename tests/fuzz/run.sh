#!/bin/sh
# Runs one libFuzzer harness for a bounded time, or all of them:
#   tests/fuzz/run.sh HARNESS SECONDS [BUILDDIR]   HARNESS: load server client record session psk chain fast
#   tests/fuzz/run.sh all SECONDS [BUILDDIR]
# BUILDDIR is a tree configured with --enable-fuzzing where `make fuzz` ran
# (default: build-fuzz, then .). The seeds in tests/fuzz/corpus/HARNESS are
# copied to BUILDDIR/fuzz-corpus/HARNESS, which grows across runs (the
# committed seeds stay as they are); crashes land in BUILDDIR/fuzz-findings/.
# Prints one summary line per harness; exits 1 when a harness crashed.
# "all" runs as many harnesses at once as there are CPUs (FUZZ_JOBS=N to
# change). Extra libFuzzer options: FUZZ_ARGS="-dict=..." tests/fuzz/run.sh ...
set -u
src=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 2 ] || { sed -n '2,11p' "$0"; exit 2; }
what=$1; secs=$2
if [ $# -ge 3 ]; then build=$3
elif [ -d "$src/build-fuzz/tests/fuzz" ]; then build=$src/build-fuzz
else build=$src; fi
build=$(cd "$build" && pwd)
run_one() {
    h=$1
    bin=$build/tests/fuzz/fuzz_$h
    if [ ! -x "$bin" ]; then
        echo "fuzz $h: FAILED (no $bin: configure --enable-fuzzing and make fuzz)"; return 1
    fi
    corpus=$build/fuzz-corpus/$h; findings=$build/fuzz-findings/$h
    mkdir -p "$corpus" "$findings"
    cp "$src/tests/fuzz/corpus/$h/"* "$corpus/" 2>/dev/null
    log=$build/fuzz-$h.log
    ASAN_OPTIONS="allocator_may_return_null=1:${ASAN_OPTIONS:-}" \
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/" ${FUZZ_ARGS:-} "$corpus" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | cut -d' ' -f2)
    if [ "$rc" -eq 0 ]; then
        echo "fuzz $h: ok, ${runs:-?} runs in ${secs}s, coverage ${cov:-?}, corpus $(ls "$corpus" | wc -l) inputs"
    else
        echo "fuzz $h: CRASH (exit $rc) after ${runs:-?} runs; input in $findings/, log $log"
        grep -E '^(==[0-9]+==ERROR|SUMMARY)|runtime error' "$log" | head -n 5
        return 1
    fi
}

if [ "$what" != all ]; then
    run_one "$what"
    exit $?
fi
# all: as many harnesses at once as there are CPUs (FUZZ_JOBS overrides).
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
status=0; batch=
for h in load server client record session psk chain fast; do
    ( run_one "$h" >"$build/fuzz-$h.sum"; echo $? >"$build/fuzz-$h.rc" ) &
    batch="$batch $h"
    if [ "$(echo $batch | wc -w)" -ge "$jobs" ] || [ "$h" = fast ]; then
        wait
        for b in $batch; do
            cat "$build/fuzz-$b.sum"
            [ "$(cat "$build/fuzz-$b.rc")" = 0 ] || status=1
        done
        batch=
    fi
done
exit $status
