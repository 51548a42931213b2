#!/usr/bin/env bash
# asan_corpus.sh - the ASan+UBSan binary codes every development set in
# ../shared/eval (about 3,000 real documents): no sanitizer report, no crash.
# One TAP line per file.
set -u
cd "$(dirname "$0")/.."
SHARED=${TACITUS_SHARED:-../shared}
n=0
for f in "$SHARED"/eval/*.jsonl; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    err=$(mktemp)
    build/asan/tacitus code --jsonl "$f" >/dev/null 2>"$err"
    rc=$?
    if [ $rc -le 1 ] && ! grep -qE "runtime error|AddressSanitizer|LeakSanitizer" "$err"; then
        echo "ok $n - asan: $(basename "$f") coded (exit $rc)"
    else
        echo "not ok $n - asan: $(basename "$f") (exit $rc)"
        grep -E -A12 "runtime error|AddressSanitizer|LeakSanitizer" "$err" | head -30 | sed 's/^/# /'
    fi
    rm -f "$err"
done
[ $n -gt 0 ] || echo "ok 1 - # SKIP no development sets in $SHARED/eval"
