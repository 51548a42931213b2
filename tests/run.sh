#!/usr/bin/env bash
# run.sh - run every test suite and end with one line "N passed, N failed".
#
# Suites print TAP lines ("ok ..." / "not ok ..."): the cmocka unit tests (with
# CMOCKA_MESSAGE_OUTPUT=TAP), the same unit tests built with ASan+UBSan, the
# command-line tests in tests/cli/*.sh and the monitoring tests in
# tests/monitor/*.sh (run against the normal and the ASan binary), the
# store's unit and command-line tests and the server's tests
# again against a throwaway PostgreSQL 15 server (tests/lib/pg.sh; its absence
# is a failure: the set-up installs it) with the concurrent writers' test
# (tests/pg/writers.sh) and the monitoring work queue's test, which starts a
# real nats-server (tests/monitor/queue.sh), and the evaluation floors in
# tests/eval-floors.tsv, and the fuzzing regression run (tests/fuzz/replay.sh:
# the seeds and the reproducers of ../shared/fuzz through the libFuzzer
# harnesses of build/fuzz/ and through build/tacitus), and the Slurm deployment on a
# single-node cluster the suite starts (tests/slurm/run.sh, once, with build/tacitus).
# A suite that crashes or prints nothing counts as one failure.
set -u
cd "$(dirname "$0")/.."
SHARED=${TACITUS_SHARED:-../shared}
export TACITUS_SHARED=$SHARED
export TACITUS_GAZETTEER=${TACITUS_GAZETTEER:-$PWD/build/gazetteer.bin}
export TACITUS_DATA=${TACITUS_DATA:-$PWD/data}
export TACITUS_GAZC=${TACITUS_GAZC:-$PWD/build/gazc}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=99}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99}
LOG=build/test-logs
mkdir -p "$LOG"
pass=0; fail=0; skipped=0

run_suite() { # name, command...
    local name=$1; shift
    local out="$LOG/${name//\//_}.log"
    "$@" >"$out" 2>&1
    local rc=$?
    local p f k
    p=$(grep -E '^ok ' "$out" | grep -cv '# SKIP')
    k=$(grep -E '^(not )?ok .*# SKIP' "$out" | wc -l)
    f=$(grep -E '^not ok ' "$out" | grep -cv '# SKIP')
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$k" -eq 0 ]; then f=1; echo "not ok - $name printed no results (exit $rc)"; fi
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $name exited $rc"; fi
    grep -E '^not ok ' "$out" | grep -v '# SKIP' | sed "s|^|  [$name] |"
    grep -E '# SKIP' "$out" | sed "s|^|  [$name] skipped: |"
    if [ "$f" -gt 0 ]; then echo "--- $name: see $out"; tail -n 30 "$out" | sed 's/^/    /'; fi
    printf '%-28s %4d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$k"
    pass=$((pass + p)); fail=$((fail + f)); skipped=$((skipped + k))
}

for t in build/test/test_*; do
    [ -x "$t" ] || continue
    run_suite "unit/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
done
for t in build/asan/test/test_*; do
    [ -x "$t" ] || continue
    run_suite "asan/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
done
for s in tests/cli/*.sh; do
    [ -f "$s" ] || continue
    run_suite "cli/$(basename "$s" .sh)" env TACITUS=build/tacitus bash "$s"
    run_suite "cli-asan/$(basename "$s" .sh)" env TACITUS=build/asan/tacitus bash "$s"
done
for s in tests/monitor/*.sh; do
    [ -f "$s" ] || continue
    [ "$(basename "$s")" = queue.sh ] && continue # (it needs PostgreSQL: run in the block below)
    run_suite "monitor/$(basename "$s" .sh)" env TACITUS=build/tacitus bash "$s"
    run_suite "monitor-asan/$(basename "$s" .sh)" env TACITUS=build/asan/tacitus bash "$s"
done
. tests/lib/pg.sh
trap pg_stop EXIT
if pg_start; then
    run_suite "pg/test_store" env CMOCKA_MESSAGE_OUTPUT=TAP TACITUS_TEST_BACKEND=postgresql build/test/test_store
    run_suite "pg-asan/test_store" env CMOCKA_MESSAGE_OUTPUT=TAP TACITUS_TEST_BACKEND=postgresql \
        build/asan/test/test_store
    run_suite "pg/cli-store" env TACITUS=build/tacitus TACITUS_STORE_BACKEND=postgresql bash tests/cli/store.sh
    run_suite "pg/cli-asan-store" env TACITUS=build/asan/tacitus TACITUS_STORE_BACKEND=postgresql \
        bash tests/cli/store.sh
    run_suite "pg/cli-bulk" env TACITUS=build/tacitus TACITUS_STORE_BACKEND=postgresql bash tests/cli/bulk.sh
    run_suite "pg/cli-asan-bulk" env TACITUS=build/asan/tacitus TACITUS_STORE_BACKEND=postgresql \
        bash tests/cli/bulk.sh
    run_suite "pg/cli-docs" env TACITUS=build/tacitus TACITUS_STORE_BACKEND=postgresql bash tests/cli/docs.sh
    run_suite "pg/cli-asan-docs" env TACITUS=build/asan/tacitus TACITUS_STORE_BACKEND=postgresql \
        bash tests/cli/docs.sh
    run_suite "pg/writers" env TACITUS=build/tacitus bash tests/pg/writers.sh
    run_suite "pg/asan-writers" env TACITUS=build/asan/tacitus bash tests/pg/writers.sh
    run_suite "pg/monitor-feeds" env TACITUS=build/tacitus TACITUS_STORE_BACKEND=postgresql \
        bash tests/monitor/feeds.sh
    run_suite "pg/cli-serve" env TACITUS=build/tacitus TACITUS_STORE_BACKEND=postgresql bash tests/cli/serve.sh
    run_suite "pg/cli-asan-serve" env TACITUS=build/asan/tacitus TACITUS_STORE_BACKEND=postgresql \
        bash tests/cli/serve.sh
    run_suite "pg/monitor-queue" env TACITUS=build/tacitus bash tests/monitor/queue.sh
    run_suite "pg/monitor-asan-queue" env TACITUS=build/asan/tacitus bash tests/monitor/queue.sh
    pg_stop
else
    echo "not ok - the PostgreSQL store tests cannot run: $PG_WHY"
    fail=$((fail + 1))
fi
run_suite "valgrind" bash tests/valgrind.sh
run_suite "asan-corpus" bash tests/asan_corpus.sh
run_suite "fuzz-replay" bash tests/fuzz/replay.sh
run_suite "slurm" env TACITUS=build/tacitus bash tests/slurm/run.sh
if [ -d "$SHARED/eval" ]; then
    run_suite "eval-floors" bash tests/eval_floors.sh
else
    echo "skip: eval floors ($SHARED/eval is absent)"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
