#!/usr/bin/env bash
# store_bench.sh - the event store's speed on a generated store of at least a
# million events: ingest throughput of pre-coded events (events/s) and the
# latency of 200 random filtered queries (median and p99).
#
# Method: python3 writes `tacitus code`-shaped records (invented events: 40
# countries, 400 cities, 10 years, a few event types, figures and actors),
# DOCS documents of EVENTS_PER_DOC events each, and `tacitus ingest --coded`
# stores them through the whole store path (duplicate check, candidate search,
# grouping, reconciliation, figure history, R*Tree, default batches of 1,000
# documents). Each query is one `tacitus query --timing` process with one to
# three random filters and --limit 100: the figures are the database's time as
# the process measures it (opening the store, running the query and writing
# its JSON Lines), and the whole process's wall time (start-up, the dynamic
# loader's work for libpq, the dictionaries when --actor needs alias look-up).
# With BENCH_PG=1 the store is a database on a throwaway PostgreSQL 15 server
# (tests/lib/pg.sh) instead of an SQLite file. BENCH_QUERY_DB=FILE runs the
# queries alone on a store an earlier run kept (BENCH_KEEP=1 BENCH_DIR=...).
# BENCH_PG=1 BENCH_WRITERS=2 measures concurrent writers instead (no queries):
# each document's events are then in one country, the records are split by
# country into two files (the first 20 countries, the other 20), and each
# round ingests both files into a new database once with one process (both
# files as its inputs) and once with two processes at once (one file each),
# BENCH_ROUNDS rounds (default 3) interleaved, each run's events/s printed.
# With --bulk the store is loaded with `tacitus ingest --coded --bulk` (one
# transaction, grouping in memory; COPY on PostgreSQL), and the process's peak
# memory is printed too.
# Not run by `make test`. Usage: bash bench/store_bench.sh [--bulk] [DOCS] [EVENTS_PER_DOC]
set -eu
cd "$(dirname "$0")/.."
BULK=
[ "${1:-}" = --bulk ] && { BULK=--bulk; shift; }
T=${TACITUS:-build/tacitus}
DOCS=${1:-500000}
PER=${2:-2}
W=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/tacitus-store-bench.XXXXXX")}
mkdir -p "$W"
if [ -n "${BENCH_QUERY_DB:-}" ]; then # the queries alone, on a store a run kept (BENCH_KEEP=1)
    DB=$BENCH_QUERY_DB
    echo "== queries only, on $DB"
else
echo "== generating $DOCS documents x $PER events in $W"
python3 - "$W/coded.jsonl" "$DOCS" "$PER" "${BENCH_WRITERS:-}" <<'PY'
import json, random, sys, datetime
random.seed(1)
out, docs, per, split = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] != ""
files = [open(out + ".1", "w"), open(out + ".2", "w")] if split else None
ccs = ["PK","AF","IQ","SY","YE","SO","NG","ML","CD","SD","MM","IN","PH","CO","MX","LB","IL","PS","TR","EG",
       "LY","KE","ET","CF","BF","NE","CM","MZ","UA","RU","TH","ID","BD","LK","NP","HT","VE","BR","ZA","UG"]
cities = [(cc, f"City{cc}{i}", random.uniform(-30, 50), random.uniform(-80, 120)) for cc in ccs for i in range(10)]
types = [("bombing","Explosions/Remote violence","Remote explosive/landmine/IED","183","Bombing/Explosion"),
         ("shooting","Violence against civilians","Attack","180","Armed Assault"),
         ("clash","Battles","Armed clash","190","Armed Assault"),
         ("airstrike","Explosions/Remote violence","Air/drone strike","195","Bombing/Explosion"),
         ("protest","Protests","Peaceful protest","141",None)]
actors = [("Alpha Front","rebel group"),("Beta Brigade","identity militia"),("Gamma Movement","political militia"),
          ("Police Forces","state forces"),("Unidentified Armed Group","political militia")]
d0 = datetime.date(2015,1,1)
with open(out, "w") as f:
    for i in range(docs):
        pub = d0 + datetime.timedelta(days=random.randrange(3650))
        evs = []
        home = random.randrange(len(ccs)) if split else None  # the document's one country
        for j in range(per):
            cc, name, lat, lon = random.choice(cities[home * 10:home * 10 + 10] if split else cities)
            kind, et, st, cameo, at = random.choice(types)
            day = (pub - datetime.timedelta(days=random.randrange(3))).isoformat()
            a = random.choice(actors)
            evs.append({"id": f"b{i}#{j+1}", "background": j > 0, "kind": kind, "event_type": et,
                "sub_event_type": st, "cameo": cameo, "attack_type": at,
                "date": {"start": day, "end": day, "precision": "day", "assumed": False},
                "location": {"name": name, "admin1": name + " Province", "country": cc, "country_code": cc,
                             "lat": round(lat + random.uniform(-.05,.05), 4), "lon": round(lon + random.uniform(-.05,.05), 4),
                             "precision": "city"},
                "actor1": {"name": a[0], "type": a[1], "country": cc}, "actor2": None,
                "killed": {"min": random.randint(1, 60), "max": None, "approximate": False, "breakdown": []} if at else None,
                "wounded": None, "claimed_by": None, "sources": [], "evidence": []})
        line = json.dumps({"doc": {"id": f"b{i}", "title": None, "published": pub.isoformat(), "url": None,
                                   "text_length": 0, "warnings": []}, "events": evs}, separators=(",", ":")) + "\n"
        (files[home >= len(ccs) // 2] if split else f).write(line)
for x in files or []:
    x.close()
PY
ls -l "$W"/coded.jsonl*
if [ -n "${BENCH_PG:-}" ]; then
    . tests/lib/pg.sh
    trap pg_stop EXIT
    pg_start || { echo "no PostgreSQL server: $PG_WHY"; exit 1; }
    DB=$(pg_url bench)
    sql() { psql -X -q -At -d "$DB" -c "$1"; }
else
    DB=$W/bench.db
    rm -f "$DB"*
    sql() { sqlite3 "$DB" "$1"; }
fi
if [ -n "${BENCH_WRITERS:-}" ]; then # concurrent writers: one process, then two, per round
    [ -n "${BENCH_PG:-}" ] || { echo "BENCH_WRITERS needs BENCH_PG=1"; exit 2; }
    rate() { python3 -c "import sys; ev,t=int(sys.argv[1]),float(sys.argv[2]); print(f'{sys.argv[3]}: {ev} events in {t:.1f} s = {ev/t:,.0f} events/s')" "$@"; }
    for r in $(seq 1 "${BENCH_ROUNDS:-3}"); do
        for n in 1 2; do
            DB=$(pg_url "bench_w${n}_$r")
            s=$(date +%s.%N)
            if [ "$n" = 1 ]; then
                "$T" ingest --coded --quiet --db "$DB" "$W/coded.jsonl.1" "$W/coded.jsonl.2"
            else
                "$T" ingest --coded --quiet --db "$DB" "$W/coded.jsonl.1" & p1=$!
                "$T" ingest --coded --quiet --db "$DB" "$W/coded.jsonl.2" & p2=$!
                wait $p1 && wait $p2
            fi
            e=$(date +%s.%N)
            rate "$(psql -X -q -At -d "$DB" -c "SELECT count(*) FROM events")" "$(echo "$e - $s" | bc)" \
                "round $r, $n writer$([ "$n" = 1 ] || echo s)"
            psql -X -q -d postgres -c "DROP DATABASE \"bench_w${n}_$r\"" >/dev/null
        done
    done
    [ -n "${BENCH_KEEP:-}" ] || rm -rf "$W"
    exit 0
fi
echo "== ingest --coded $BULK into $DB"
s=$(date +%s.%N)
/usr/bin/time -f "peak memory: %M KB; CPU: %U s user, %S s system" "$T" ingest --coded $BULK --db "$DB" "$W/coded.jsonl"
e=$(date +%s.%N)
ev=$(sql "SELECT count(*) FROM events")
inc=$(sql "SELECT count(*) FROM incidents")
python3 -c "import sys; ev,t=int(sys.argv[1]),float(sys.argv[2]); print(f'ingest: {ev} events, {sys.argv[3]} incidents in {t:.1f} s = {ev/t:,.0f} events/s')" "$ev" "$(echo "$e - $s" | bc)" "$inc"
[ -n "${BENCH_PG:-}" ] || ls -l "$DB"
fi
echo "== 200 random filtered queries (--limit 100)"
python3 - "$T" "$DB" <<'PY'
import random, re, subprocess, sys, time
random.seed(2)
t, db = sys.argv[1], sys.argv[2]
ccs = ["PK","AF","IQ","SY","YE","SO","NG","ML","CD","SD"]
lat, wall, slow = [], [], []
for i in range(200):
    y = random.randint(2015, 2024); m = random.randint(1, 12)
    f = [["--since", f"{y}-{m:02d}-01"], ["--until", f"{y}-{m:02d}-28"]]
    opts = random.choice([
        [["--country", random.choice(ccs)]] + f,
        [["--type", "Battles"], ["--country", random.choice(ccs)], ["--since", f"{y}-01-01"]],
        [["--near", f"{random.uniform(-30,50):.2f},{random.uniform(-80,120):.2f},50"]],
        [["--min-killed", "55"], ["--country", random.choice(ccs)]],
        [["--actor", "Alpha Front"]] + f,
        [["--cameo", "19"], ["--country", random.choice(ccs)]] + f[:1],
    ])
    args = [t, "query", "--db", db, "--format", "jsonl", "--limit", "100", "--timing"] + [x for o in opts for x in o]
    s = time.perf_counter()
    p = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, text=True)
    wall.append((time.perf_counter() - s) * 1000)
    m = re.search(r"open ([0-9.]+) ms, query ([0-9.]+) ms", p.stderr)
    lat.append(float(m.group(1)) + float(m.group(2)))
    slow.append((lat[-1], " ".join(args[8:])))
lat.sort(); wall.sort()
s = time.perf_counter(); subprocess.run([t, "--version"], stdout=subprocess.DEVNULL); st = (time.perf_counter() - s) * 1000
print(f"query latency (open + query + output, in the process): median {lat[100]:.2f} ms, p99 {lat[197]:.2f} ms,"
      f" max {lat[-1]:.2f} ms")
for ms, q in sorted(slow, reverse=True)[:5]:
    print(f"  slowest: {ms:.2f} ms  {q}")
print(f"query process wall time: median {wall[100]:.1f} ms, p99 {wall[197]:.1f} ms, max {wall[-1]:.1f} ms"
      f" (a bare 'tacitus --version' process: {st:.1f} ms)")
PY
[ -n "${BENCH_KEEP:-}" ] || rm -rf "$W"
