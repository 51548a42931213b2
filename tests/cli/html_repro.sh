#!/usr/bin/env bash
# html_repro.sh - 'tacitus code' on every HTML reproducer of the fuzzing
# findings (issue 13): $TACITUS_SHARED/fuzz/html/*, fuzz/engine/*.html and
# fuzz/slow/*.html (leaks, invalid UTF-8 from character references, pages
# whose parse was quadratic in time and memory).
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/html_repro.sh
# (tests/run.sh does this with build/tacitus and build/asan/tacitus, whose
# LeakSanitizer reports the leaks). Prints TAP lines; skips when the shared
# folder is absent. For each file: done within 20 s (a bound 50 times what the
# ASan build needs, so not a matter of the machine's load), exit 0 or 1 (1: the
# input is binary data, reported as an error record), no sanitizer report, and
# every output line valid JSON.
set -u

T=${TACITUS:-build/tacitus}
SHARED=${TACITUS_SHARED:-../shared}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-html-repro.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C

# TAP helpers: pass, skip, fail, diag, run, insane
. "$(dirname "$0")/../lib/tap.sh"

if [ ! -d "$SHARED/fuzz" ]; then
    skip "the fuzzing reproducers are absent ($SHARED/fuzz)"
    echo "1..$N"
    exit 0
fi

shopt -s nullglob
files=("$SHARED"/fuzz/html/* "$SHARED"/fuzz/engine/*.html "$SHARED"/fuzz/slow/*.html)
if [ "${#files[@]}" -eq 0 ]; then
    fail "no reproducer found under $SHARED/fuzz"
fi
for f in "${files[@]}"; do
    name=${f#"$SHARED"/fuzz/}
    TMO=20 run code --published 2024-05-15 "$f"
    if insane; then
        fail "$name: sanitizer report, crash or timeout (exit $RC)" "$(diag)"
    elif [ "$RC" -ne 0 ] && [ "$RC" -ne 1 ]; then
        fail "$name: exit $RC" "$(diag)"
    elif ! python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    json.loads(line)' "$TMP/out" 2>"$TMP/json-err"; then
        fail "$name: output is not valid JSON (one record a line) in UTF-8" "$(head -c 600 "$TMP/json-err")" "$(diag)"
    else
        pass "$name: coded within ${LAST_TMO}s, exit $RC, no sanitizer report, valid JSON"
    fi
done
echo "1..$N"
