#!/usr/bin/env bash
# monitor_bench.sh - continuous monitoring's speed (docs/monitoring.md): how
# many documents a second go through the work queue into the store with one
# worker and with two, and how long a published document takes to be visible
# to the live map.
#
# Method: a throwaway PostgreSQL 15 server (tests/lib/pg.sh) and nats-server
# with JetStream on loopback (its store in a temporary folder). Documents: the
# 89 Voice of America stories of ../shared/eval/voa-stories.jsonl (US public
# domain), repeated with a copy number in each id and text so that every one
# is new to the store and to JetStream's duplicate window.
# 1. Throughput, ROUNDS rounds (default 3), one worker then two in each: DOCS
#    documents (default 2,000) are published to a new stream (tacitus publish),
#    then the workers start (tacitus worker --idle-exit 3) against a new
#    database; the time runs from their start until the store holds every
#    document (polled every 0.1 s). documents/s = DOCS / that time.
# 2. Latency: one worker running on a new database and `tacitus serve` over
#    it; LATENCY documents (default 40) are published one at a time, each once
#    the one before is visible; a document is visible when /api/changes (what
#    the live page asks) returns an incident that lists it. The time runs from
#    just before `tacitus publish` starts to that answer (polled every 20 ms);
#    median and 95th percentile. The page itself asks every 10 s by default
#    (live=SECONDS): add up to that for what a reader sees.
# Not run by `make test`. Usage: bash bench/monitor_bench.sh [DOCS] [LATENCY]
set -eu
cd "$(dirname "$0")/.."
T=${TACITUS:-build/tacitus}
DOCS=${1:-2000}
LAT=${2:-40}
ROUNDS=${ROUNDS:-3}
SHARED=${TACITUS_SHARED:-../shared}
W=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-monitor-bench.XXXXXX")
NPID= SPID=
. tests/lib/pg.sh
cleanup() {
    [ -n "$SPID" ] && kill -TERM "$SPID" 2>/dev/null
    [ -n "$NPID" ] && kill -TERM "$NPID" 2>/dev/null && wait "$NPID" 2>/dev/null
    pg_stop
    rm -rf "$W"
}
trap cleanup EXIT
command -v nats-server >/dev/null || { echo "nats-server is not installed (scripts/setup.sh)"; exit 1; }
pg_start || { echo "no PostgreSQL server: $PG_WHY"; exit 1; }
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nats-server -js -sd "$W/js" -a 127.0.0.1 -p "$PORT" >"$W/nats.log" 2>&1 &
NPID=$!
NATS=nats://127.0.0.1:$PORT
for _ in $(seq 100); do grep -q "Server is ready" "$W/nats.log" && break; sleep 0.1; done
grep -q "Server is ready" "$W/nats.log" || { echo "nats-server did not start: $(tail -3 "$W/nats.log")"; exit 1; }

# the stories in which tacitus finds an event (the others never reach the map)
"$T" code "$SHARED/eval/voa-stories.jsonl" 2>/dev/null |
    jq -r 'select((.events | length) > 0) | .doc.id' >"$W/with-events.txt"
# docs N TAG [ONLY]: N documents as JSON Lines, each id and text marked with TAG and a copy
# number; ONLY: a file of the ids to take (default all)
docs() {
    python3 - "$SHARED/eval/voa-stories.jsonl" "$1" "$2" "${3:-}" <<'PY'
import json, sys
src, n, tag, only = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [json.loads(l) for l in open(src, encoding="utf-8")]
if only:
    keep = set(open(only).read().split())
    rows = [r for r in rows if r["id"] in keep]
for i in range(n):
    r = rows[i % len(rows)]
    print(json.dumps({"id": f"{r['id']}-{tag}-{i}", "title": r.get("title"), "url": r.get("url"),
                      "published": r.get("published"), "text": r["text"] + f"\n\n(Copy {tag}-{i}.)"}))
PY
}
count() { psql -X -q -At -d "$1" -c "SELECT count(*) FROM documents"; }
rate() { python3 -c "import sys; n,t=int(sys.argv[1]),float(sys.argv[2]); print(f'{sys.argv[3]}: {n} documents in {t:.1f} s = {n/t:,.1f} documents/s')" "$@"; }

echo "== throughput: $DOCS documents, $ROUNDS rounds (one worker, then two)"
for r in $(seq 1 "$ROUNDS"); do
    for n in 1 2; do
        S=B${r}W$n
        docs "$DOCS" "$S" >"$W/docs.jsonl"
        "$T" publish --nats "$NATS" --stream "$S" --subject "bench.$S" "$W/docs.jsonl" 2>"$W/pub.err" ||
            { cat "$W/pub.err"; exit 1; }
        D=$(pg_url "bench_$S")
        "$T" ingest --coded --quiet --db "$D" /dev/null 2>/dev/null # (the schema, before the clock starts)
        s=$(date +%s.%N)
        pids=()
        for i in $(seq 1 "$n"); do
            "$T" worker --nats "$NATS" --db "$D" --stream "$S" --subject "bench.$S" --idle-exit 3 \
                2>"$W/worker$i.err" &
            pids+=($!)
        done
        while [ "$(count "$D")" -lt "$DOCS" ]; do
            sleep 0.1
            for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || [ "$(count "$D")" -ge "$DOCS" ] ||
                { echo "a worker ended early: $(cat "$W"/worker*.err)"; exit 1; }; done
        done
        e=$(date +%s.%N)
        wait "${pids[@]}"
        rate "$DOCS" "$(echo "$e - $s" | bc)" "round $r, $n worker$([ "$n" = 1 ] || echo s)"
    done
done

echo "== publish-to-visible latency: $LAT documents, one worker, serve's /api/changes"
D=$(pg_url bench_latency)
"$T" ingest --coded --quiet --db "$D" /dev/null 2>/dev/null
"$T" worker --nats "$NATS" --db "$D" --stream LAT --subject bench.lat 2>"$W/lworker.err" &
LWPID=$!
. tests/lib/serve.sh
serve_start "$W/serve.err" "$T" serve --db "$D" --port 0 || { echo "serve did not start: $(cat "$W/serve.err")"; exit 1; }
docs "$LAT" L "$W/with-events.txt" >"$W/lat.jsonl"
python3 - "$T" "$NATS" "http://127.0.0.1:$P" "$W/lat.jsonl" <<'PY'
import json, statistics, subprocess, sys, time, urllib.request
t, nats, base, path = sys.argv[1:5]
def get(u):
    with urllib.request.urlopen(u, timeout=10) as r:
        return json.loads(r.read())
cursor = get(base + "/api/changes")["cursor"]
lat = []
for line in open(path, encoding="utf-8"):
    doc = json.loads(line)["id"]
    s = time.perf_counter()
    subprocess.run([t, "publish", "--nats", nats, "--stream", "LAT", "--subject", "bench.lat", "-"],
                   input=line, text=True, check=True, stderr=subprocess.DEVNULL)
    while True:
        r = get(f"{base}/api/changes?after={cursor}&limit=500&background=1")
        if any(doc in (i.get("documents") or []) for i in r["incidents"]):
            break
        if time.perf_counter() - s > 60:
            sys.exit(f"{doc}: not visible after 60 s")
        time.sleep(0.02)
    lat.append((time.perf_counter() - s) * 1000)
lat.sort()
p95 = lat[min(len(lat) - 1, int(round(0.95 * len(lat))) - 1)]
print(f"latency over {len(lat)} documents: median {statistics.median(lat):.0f} ms, p95 {p95:.0f} ms, max {lat[-1]:.0f} ms")
PY
kill -TERM "$LWPID"; wait "$LWPID" || true
