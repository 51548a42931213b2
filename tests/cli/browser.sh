#!/usr/bin/env bash
# browser.sh - the dashboard in headless chromium (tests/browser/page.mjs,
# playwright-core) over `tacitus serve` on a store built from
# ../shared/eval/voa-annotated.jsonl; the screenshot goes to
# build/test-artifacts/. Skips, saying why, when the VOA file is absent.
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/browser.sh
set -u
T=${TACITUS:-build/tacitus}
SHARED=${TACITUS_SHARED:-../shared}
VOA=$SHARED/eval/voa-annotated.jsonl
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-browser.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
SPID=
trap '[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null; rm -rf "$TMP"' EXIT
export no_proxy='*' NO_PROXY='*'
if [ ! -f "$VOA" ]; then
    echo "ok 1 - # SKIP the dashboard test needs $VOA"; echo "1..1"; exit 0
fi
if [ ! -f web/vendor/d3-geo.min.js ]; then
    echo "not ok 1 - web/vendor is empty: run scripts/setup.sh"; echo "1..1"; exit 1
fi
"$T" ingest --db "$TMP/voa.db" "$VOA" 2>"$TMP/err" || { echo "not ok 1 - ingest: $(cat "$TMP/err")"; exit 1; }
. "$(dirname "$0")/../lib/serve.sh"
serve_start "$TMP/serr" "$T" serve --db "$TMP/voa.db" --port 0 --web web ||
    { echo "not ok 1 - serve did not start: $(cat "$TMP/serr")"; exit 1; }
ART=build/test-artifacts/$(basename "$T")
mkdir -p "$ART"
timeout -k 5 120 node tests/browser/page.mjs "http://127.0.0.1:$P" "$ART"
rc=$?
kill -TERM "$SPID"; wait "$SPID"; SPID=
if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$TMP/serr"; then
    echo "not ok 99 - the server reported a sanitizer error"; sed 's/^/# /' "$TMP/serr" | head -30
fi
exit $rc
