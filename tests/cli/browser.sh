#!/usr/bin/env bash
# browser.sh - the dashboard in headless chromium (tests/browser/page.mjs,
# playwright-core) over `tacitus serve` on two stores: one built from
# ../shared/eval/voa-annotated.jsonl (real reports with their evidence; about
# 100 incidents in its default view) and a generated one of about 10,000
# incidents (tests/browser/gen_store.py, stored with `ingest --coded`: a few
# seconds). Screenshots go to build/test-logs/screenshots/ (with the test logs:
# the run's artifacts). The VOA store is skipped, saying why, when the file is
# absent.
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/browser.sh
set -u
T=${TACITUS:-build/tacitus}
SHARED=${TACITUS_SHARED:-../shared}
VOA=$SHARED/eval/voa-annotated.jsonl
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-browser.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
SPID=
trap '[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null; rm -rf "$TMP"' EXIT
export no_proxy='*' NO_PROXY='*'
if [ ! -f web/vendor/d3-geo.min.js ]; then
    echo "not ok 1 - web/vendor is empty: run scripts/setup.sh"; echo "1..1"; exit 1
fi
. "$(dirname "$0")/../lib/serve.sh"
ART=build/test-logs/screenshots/$(basename "$T")
mkdir -p "$ART"
rc=0

# run_page NAME DB: serve DB and run the page's checks on it
run_page() {
    serve_start "$TMP/serr" "$T" serve --db "$2" --port 0 --web web ||
        { echo "not ok 1 - serve did not start: $(cat "$TMP/serr")"; rc=1; return; }
    timeout -k 5 240 node tests/browser/page.mjs "http://127.0.0.1:$P" "$ART" "$1" || rc=1
    kill -TERM "$SPID"; wait "$SPID"; SPID=
    if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$TMP/serr"; then
        echo "not ok 99 - $1: the server reported a sanitizer error"; sed 's/^/# /' "$TMP/serr" | head -30; rc=1
    fi
}

if [ -f "$VOA" ]; then
    "$T" ingest --db "$TMP/voa.db" "$VOA" 2>"$TMP/err" || { echo "not ok 1 - ingest: $(cat "$TMP/err")"; exit 1; }
    run_page voa "$TMP/voa.db"
else
    echo "ok 1 - # SKIP the VOA store needs $VOA"
fi
python3 tests/browser/gen_store.py 10000 "$TMP/g10k.jsonl" &&
    "$T" ingest --coded --db "$TMP/g10k.db" "$TMP/g10k.jsonl" 2>"$TMP/err" ||
    { echo "not ok 1 - the generated store: $(cat "$TMP/err")"; exit 1; }
run_page g10k "$TMP/g10k.db"
exit $rc
