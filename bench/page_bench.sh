#!/usr/bin/env bash
# page_bench.sh - the dashboard on a large store: generates a store of about
# 500,000 incidents unless DB is given (tests/browser/gen_store.py: N
# reports of one event each, 580,000 by default, of which some 13% join an
# incident of the same town and days; `ingest --coded`, about 15 minutes),
# starts `tacitus serve` on it (any free loopback port, the source tree's
# web/), loads the page RUNS times in headless
# chromium (bench/page_bench.mjs: the cold complete paint, timeline and charts
# included, must be <= 1,500 ms),
# then runs the browser test's checks on it (tests/browser/page.mjs, the same
# as `make test` runs on its two small stores). Not part of `make test`.
# Usage, from the repository root:
#   bash bench/page_bench.sh [DB] [RUNS]      (BENCH_N=580000; BENCH_KEEP=1 keeps a generated store)
set -u
cd "$(dirname "$0")/.."
T=${TACITUS:-build/tacitus}
DB=${1:-}
RUNS=${2:-3}
N=${BENCH_N:-580000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-page.XXXXXX") || exit 1
SPID=
trap '[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null; [ -n "${BENCH_KEEP:-}" ] || rm -rf "$TMP"' EXIT
export no_proxy='*' NO_PROXY='*'
if [ -z "$DB" ]; then
    DB=$TMP/page.db
    echo "== generating $N reports into $DB"
    s=$(date +%s)
    python3 tests/browser/gen_store.py "$N" "$TMP/coded.jsonl" &&
        "$T" ingest --coded --db "$DB" "$TMP/coded.jsonl" || exit 1
    rm -f "$TMP/coded.jsonl"
    echo "   ($(( $(date +%s) - s )) s)"
fi
# a store of an older schema is upgraded first (the server only reads: it would answer
# without the incidents' rollup); an empty ingest opens it for writing and changes nothing else
"$T" ingest --coded --db "$DB" /dev/null >/dev/null 2>"$TMP/uerr" || { cat "$TMP/uerr" >&2; exit 1; }
. tests/lib/serve.sh
serve_start "$TMP/serr" "$T" serve --db "$DB" --port 0 --web web || { cat "$TMP/serr" >&2; exit 1; }
echo "store: $DB ($(curl -s "http://127.0.0.1:$P/api/health"))"
rc=0
node bench/page_bench.mjs "http://127.0.0.1:$P" "$RUNS" 1500 || rc=1
mkdir -p build/test-logs/screenshots/bench
echo "== the browser test's checks on this store"
timeout -k 5 900 node tests/browser/page.mjs "http://127.0.0.1:$P" build/test-logs/screenshots/bench "page-bench" || rc=1
exit $rc
