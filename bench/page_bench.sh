#!/usr/bin/env bash
# page_bench.sh - the dashboard's load time over a store: starts
# `tacitus serve` on DB (any free loopback port, the source tree's web/),
# then loads the page RUNS times in headless chromium (bench/page_bench.mjs):
# the first load meets a fresh server (nothing cached), the others do not.
# Usage, from the repository root: bash bench/page_bench.sh DB [RUNS]
# (DB: a store, e.g. one kept by BENCH_KEEP=1 bash bench/store_bench.sh N).
set -u
cd "$(dirname "$0")/.."
DB=${1:?usage: bash bench/page_bench.sh DB [RUNS]}
RUNS=${2:-3}
T=${TACITUS:-build/tacitus}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-page.XXXXXX") || exit 1
SPID=
trap '[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null; rm -rf "$TMP"' EXIT
export no_proxy='*' NO_PROXY='*'
. tests/lib/serve.sh
serve_start "$TMP/serr" "$T" serve --db "$DB" --port 0 --web web || { cat "$TMP/serr" >&2; exit 1; }
echo "store: $DB ($(curl -s "http://127.0.0.1:$P/api/health"))"
node bench/page_bench.mjs "http://127.0.0.1:$P" "$RUNS"
