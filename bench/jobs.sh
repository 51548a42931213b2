#!/usr/bin/env bash
# jobs.sh - `tacitus code -j N` on every core: the evaluation corpora
# (../shared/eval) repeated to MB megabytes of JSON Lines, coded with N = 1,
# 2, ... up to the cores (and twice the cores), ROUNDS rounds interleaved (one
# run of each N per round, so the machine's drift touches them all alike);
# prints per N the median time, MB/s, the speed-up over -j 1 and the peak
# memory, and checks that every N writes the same records as -j 1. Also times
# --evidence none at the largest N. Each round also runs two independent
# `-j 1` processes at once ("2 x -j 1"): the machine's own ceiling for two
# threads, printed as the work of two runs over their time (x2.00 on two free
# cores; less when other jobs share them). A measurement, not a test.
# Usage: bash bench/jobs.sh [MB] [ROUNDS]      (default 50 MB, 3 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${TACITUS_SHARED:-../shared}
MB=${1:-50}
ROUNDS=${2:-3}
T=${TACITUS:-build/tacitus}
corpus=("$SHARED"/eval/voa-stories.jsonl "$SHARED"/eval/voa-annotated.jsonl "$SHARED"/eval/ucdp-pak-dev.jsonl)
for f in "${corpus[@]}"; do
    [ -f "$f" ] || { echo "jobs: $f is absent; nothing to measure" >&2; exit 0; }
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-jobs.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# the corpus repeated to MB, each copy's ids made unique
python3 - "$TMP/in.jsonl" "$MB" "${corpus[@]}" <<'PY'
import json, sys
out, mb, files = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
lines = [l for f in files for l in open(f, encoding="utf-8") if l.strip()]
size, n = 0, 0
with open(out, "w", encoding="utf-8") as o:
    while size < mb * 1e6:
        for l in lines:
            r = json.loads(l)
            r["id"] = "%s~%d" % (r.get("id"), n)
            s = json.dumps(r) + "\n"
            o.write(s)
            size += len(s.encode())
        n += 1
PY
bytes=$(stat -c %s "$TMP/in.jsonl")
cores=$(nproc)
ns="1"
for n in 2 4 8 16 32 64; do
    [ "$n" -le $((2 * cores)) ] && ns="$ns $n"
done
echo "== tacitus code -j N: $((bytes / 1000000)) MB of JSON Lines, $cores cores, $ROUNDS rounds interleaved"
for r in $(seq "$ROUNDS"); do
    for n in $ns; do
        /usr/bin/time -f "%e %M" -o "$TMP/t" "$T" code -j "$n" "$TMP/in.jsonl" >"$TMP/out.$n" 2>/dev/null || true
        echo "$n $(cat "$TMP/t")" >>"$TMP/times"
    done
    # the ceiling: two -j 1 at once, timed from the start of both to the end of both
    t0=$(date +%s.%N)
    "$T" code -j 1 "$TMP/in.jsonl" >/dev/null 2>&1 &
    "$T" code -j 1 "$TMP/in.jsonl" >/dev/null 2>&1 || true
    wait || true
    echo "pair $(echo "$(date +%s.%N) - $t0" | bc) 0" >>"$TMP/times"
done
for n in $ns; do
    cmp -s "$TMP/out.1" "$TMP/out.$n" || echo "jobs: -j $n wrote other records than -j 1" >&2
done
python3 - "$TMP/times" "$bytes" <<'PY'
import collections, statistics, sys
t, m = collections.defaultdict(list), collections.defaultdict(int)
for line in open(sys.argv[1]):
    n, sec, kb = line.split()
    n = -1 if n == "pair" else int(n)
    t[n].append(float(sec))
    m[n] = max(m[n], int(kb))
mb = int(sys.argv[2]) / 1e6
base = statistics.median(t[1])
for n in sorted(k for k in t if k > 0):
    med = statistics.median(t[n])
    print("  -j %-3d %6.2f s  %6.1f MB/s  x%.2f  peak %d MB" % (n, med, mb / med, base / med, m[n] // 1024))
med = statistics.median(t[-1])
print("  2 x -j 1 at once (the machine's ceiling for two threads): %.2f s for both, %.1f MB/s, x%.2f"
      % (med, 2 * mb / med, 2 * base / med))
PY
last=${ns##* }
/usr/bin/time -f "%e" -o "$TMP/t" "$T" code -j "$last" --evidence none "$TMP/in.jsonl" >"$TMP/out.none" 2>/dev/null || true
echo "  -j $last --evidence none: $(cat "$TMP/t") s, output $(( $(stat -c %s "$TMP/out.none") / 1000000 )) MB (with evidence $(( $(stat -c %s "$TMP/out.1") / 1000000 )) MB)"
