#!/usr/bin/env bash
# run.sh SECONDS - 'make fuzz': run each harness of tests/fuzz/ for SECONDS
# (default 600), one after the other, on its committed seeds (read only) and a
# working corpus in build/fuzz/corpus/NAME (kept between runs), with its
# -dict file, -timeout=10 and -rss_limit_mb=2048. Crashes go to
# build/fuzz/findings/NAME/. Prints, and writes to build/fuzz/summary.txt, one
# line per harness: executions, coverage (cov and ft of libFuzzer's last
# line), corpus size and whether it found something. Exit 1 when any did.
# FUZZ_NAMES="engine serve" runs some harnesses only; FUZZ_FLAGS adds libFuzzer
# flags (FUZZ_FLAGS="-fork=1 -ignore_crashes=1" goes on past a known bug,
# saving each crash).
set -u
cd "$(dirname "$0")/../.."
secs=${1:-600}
names=${FUZZ_NAMES:-"engine html jsonl warc dict petrarch gazetteer coded serve"}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
summary=build/fuzz/summary.txt
mkdir -p build/fuzz
{
    echo "# make fuzz: $secs s per harness, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null)"
    printf '%-10s %10s %7s %7s %7s  %s\n' harness execs cov ft corpus result
} > "$summary"
found=0
for h in $names; do
    bin=build/fuzz/fuzz_$h
    [ -x "$bin" ] || { echo "$bin is missing: make fuzz-build" >&2; exit 2; }
    mkdir -p "build/fuzz/corpus/$h" "build/fuzz/findings/$h"
    log=build/fuzz/$h.log
    dict=()
    [ -f "tests/fuzz/dict/$h.dict" ] && dict=(-dict="tests/fuzz/dict/$h.dict")
    echo "== fuzz_$h: $secs s (log: $log)"
    # shellcheck disable=SC2086 # FUZZ_FLAGS: extra libFuzzer flags, split on spaces
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" ${FUZZ_FLAGS:-} \
        -artifact_prefix="build/fuzz/findings/$h/" "build/fuzz/corpus/$h" "tests/fuzz/corpus/$h" >"$log" 2>&1
    rc=$?
    last=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -n 1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(echo "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    if [ "$rc" -eq 0 ]; then
        result=ok
    else
        found=1
        art=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -n 1)
        what=$(grep -a -m1 -E 'ERROR: |runtime error|fuzz: FAILED' "$log" | sed 's/^==[0-9]*==//' | cut -c1-120)
        result="FOUND (exit $rc): $what -> ${art:-see $log}"
    fi
    printf '%-10s %10s %7s %7s %7s  %s\n' "$h" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result" \
        | tee -a "$summary"
done
echo "summary: $summary"
exit $found
