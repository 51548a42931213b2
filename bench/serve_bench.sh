#!/usr/bin/env bash
# serve_bench.sh - requests/s of `tacitus serve` under wrk on loopback, for a
# bounded time: GET /api/incidents?limit=50, then a mix in which a third of
# the requests are malformed (unknown and bad parameters, traversal, wrong
# methods). The mix must show no 5xx, no socket error and a server that still
# answers /api/health afterwards; the script exits 1 otherwise.
#
# Usage: bash bench/serve_bench.sh [SECONDS] [CONNECTIONS]
# The store: SERVE_BENCH_DB=FILE (for example the one bench/store_bench.sh
# keeps with BENCH_KEEP=1), else ../shared/eval/voa-annotated.jsonl ingested
# into a temporary file. Server threads: SERVE_THREADS (default 2, the cores
# of the reference machine); wrk runs 2 threads beside it. Not run by make test.
set -eu
cd "$(dirname "$0")/.."
T=${TACITUS:-build/tacitus}
SECS=${1:-10}
CONNS=${2:-64}
W=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-serve-bench.XXXXXX")
SPID=
trap '[ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null; rm -rf "$W"' EXIT
export no_proxy='*' NO_PROXY='*'
DB=${SERVE_BENCH_DB:-}
if [ -z "$DB" ]; then
    DB=$W/voa.db
    "$T" ingest --db "$DB" "${TACITUS_SHARED:-../shared}/eval/voa-annotated.jsonl" 2>/dev/null
fi
. tests/lib/serve.sh
serve_start "$W/serr" "$T" serve --db "$DB" --port 0 --threads "${SERVE_THREADS:-2}" ||
    { echo "the server did not start: $(cat "$W/serr")"; exit 1; }
U=http://127.0.0.1:$P
echo "== store $DB; server threads ${SERVE_THREADS:-2}; wrk -t2 -c$CONNS -d${SECS}s"
echo "== GET /api/incidents?limit=50"
wrk -t2 -c"$CONNS" -d"${SECS}s" --latency "$U/api/incidents?limit=50" | sed -n '/Latency/p;/50%/p;/99%/p;/Requests\/sec/p;/Non-2xx/p;/Socket errors/p'

cat >"$W/mix.lua" <<'LUA'
-- two good requests, then one malformed one, in turn; counts statuses
local paths = {
  "/api/incidents?limit=50", "/api/stats?group=month",
  "/api/incidents?bogus=1", "/api/incidents?limit=99999", "/api/incidents?since=2024-13-45",
  "/api/incidents?bbox=1,2", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
  "/api/incidents?q=%ff%fe", "/api/incidents/INC%27%20OR%201=1", "/api/nothing",
}
local bad = {3, 4, 5, 6, 7, 8, 9, 10, 11}
n, counts, threads = 0, {}, {}  -- (globals: done() reads each thread's counts)
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function request()
  n = n + 1
  if n % 3 == 0 then
    local k = math.floor(n / 3)
    local p = paths[bad[k % #bad + 1]]
    if k % 5 == 0 then return wrk.format("DELETE", "/api/incidents") end
    return wrk.format("GET", p)
  end
  return wrk.format("GET", paths[(n % 3)])
end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
  end
  local keys = {}
  for k in pairs(total) do table.insert(keys, k) end
  table.sort(keys)
  local line = "statuses:"
  for _, k in ipairs(keys) do line = line .. string.format(" %d x%d", k, total[k]) end
  io.write(line .. "\n")
end
LUA
echo "== a mix: 2 good requests, then 1 malformed (unknown or bad parameters, traversal, DELETE)"
wrk -t2 -c"$CONNS" -d"${SECS}s" -s "$W/mix.lua" "$U" >"$W/mix" 2>&1
cat "$W/mix"
code=$(curl -s -o /dev/null -w '%{http_code}' "$U/api/health")
echo "== after: /api/health $code"
bad=0
grep -qE ' 5[0-9][0-9] x' "$W/mix" && { echo "FAIL: 5xx responses"; bad=1; }
grep -q 'Socket errors' "$W/mix" && { echo "FAIL: socket errors"; bad=1; }
[ "$code" = 200 ] || { echo "FAIL: the server no longer answers"; bad=1; }
grep -q ' 200 x' "$W/mix" || { echo "FAIL: no good request answered"; bad=1; }
kill -TERM "$SPID"; wait "$SPID"; SPID=
exit $bad
