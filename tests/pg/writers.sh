#!/usr/bin/env bash
# writers.sh - concurrent PostgreSQL writers (docs/store.md, "Concurrent
# writers"): two `tacitus ingest --coded` processes on one database at once.
#
# 1. Different countries (PK and AF; NG and SO): the incidents equal those of
#    one process ingesting both files (the partition of the event ids into
#    incidents and each incident's reconciled JSON but its id).
# 2. The same countries, and 60 documents given to both: every document is
#    stored once with all its events, and the incidents equal those of one
#    process ingesting the stored documents in the order the two stored them
#    (documents.seq): a serial order.
# 3. A deadlock forced on rows: each writer stores a document without events
#    that the other stores next, in the other order; each step waits until
#    pg_stat_activity shows the writer where the step needs it (no sleeps). The
#    server aborts one transaction (its log says "deadlock detected"); both
#    writers exit 0 and each document is stored once.
# 4. Incident numbers past 999999 keep their seventh digit.
#
# Run from the repository root: env TACITUS=<binary> bash tests/pg/writers.sh,
# with PGHOST, PGPORT and PGUSER naming a server (tests/run.sh starts one with
# tests/lib/pg.sh; without them this script starts its own). Needs psql and
# python3. Prints TAP lines.
set -u
T=${TACITUS:-build/tacitus}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
LIB=$(cd "$(dirname "$0")/../lib" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-writers.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
. "$LIB/pg.sh"
if [ -z "${PGHOST:-}" ]; then
    pg_start || { echo "not ok 1 - no PostgreSQL server: $PG_WHY"; exit 1; }
fi
trap 'pg_stop; rm -rf "$TMP"' EXIT
export LC_ALL=C
unset TACITUS_DB
. "$LIB/tap.sh"

sql() { psql -X -q -At -d "$1" -c "$2"; }

# partition DB OUT: the store's incidents, comparable across stores (pg_partition.py)
partition() {
    psql -X -q -At -F $'\t' -d "$1" -c "SELECT incident_id, id FROM events" >"$TMP/ev.tsv" &&
        psql -X -q -At -F $'\t' -d "$1" -c "SELECT id, json FROM incidents" >"$TMP/inc.tsv" &&
        python3 "$LIB/pg_partition.py" "$TMP/ev.tsv" "$TMP/inc.tsv" >"$2"
}

# same DESC A B: pass when the files are equal
same() {
    if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$(diff "$2" "$3" | head -n 8)"; fi
}

# two DB FILE1 FILE2 [ARGS]: ingest the two files at once, one process each; sets RC1, RC2
two() {
    local db=$1 a=$2 b=$3
    shift 3
    timeout -k 5 300 "$T" ingest --coded --quiet --db "$db" "$@" "$a" >/dev/null 2>"$TMP/err1" &
    local p1=$!
    timeout -k 5 300 "$T" ingest --coded --quiet --db "$db" "$@" "$b" >/dev/null 2>"$TMP/err2" &
    local p2=$!
    wait $p1; RC1=$?
    wait $p2; RC2=$?
}

python3 "$LIB/pg_writers_gen.py" "$TMP/a.jsonl" "$TMP/b.jsonl" 300 7 || { echo "not ok 1 - generator"; exit 1; }
NDOCS=$(cat "$TMP/a.jsonl" "$TMP/b.jsonl" | wc -l)
NEVS=$(cat "$TMP/a.jsonl" "$TMP/b.jsonl" | python3 -c 'import sys, json; print(sum(len(json.loads(l)["events"]) for l in sys.stdin))')

# --- 1. different countries
S=$(pg_url w_serial) && C=$(pg_url w_countries) || { echo "not ok 1 - cannot create databases"; exit 1; }
RC=0
timeout -k 5 300 "$T" ingest --coded --quiet --db "$S" "$TMP/a.jsonl" "$TMP/b.jsonl" >/dev/null 2>"$TMP/err" || RC=$?
[ "$RC" = 0 ] && pass "serial ingest of both files" || fail "serial ingest of both files" "exit $RC" "$(cat "$TMP/err")"
two "$C" "$TMP/a.jsonl" "$TMP/b.jsonl" --batch 25
if [ "$RC1" = 0 ] && [ "$RC2" = 0 ]; then pass "two writers on different countries: both exit 0"; else
    fail "two writers on different countries: both exit 0" "exits $RC1 $RC2" "$(cat "$TMP/err1" "$TMP/err2")"; fi
is_n() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got $2, want $3"; fi; }
is_n "different countries: every document and event stored" "$(sql "$C" "SELECT count(*), sum(n_events) FROM documents")|$(sql "$C" "SELECT count(*) FROM events")" "$NDOCS|$NEVS|$NEVS"
partition "$S" "$TMP/serial.txt"
partition "$C" "$TMP/countries.txt"
is_n "the serial store has incidents that group several events" "$(awk -F'\t' '$1 ~ /,/' "$TMP/serial.txt" | wc -l | awk '{print ($1 > 50)}')" 1
same "different countries at once: the incidents (events and reconciled fields) of the serial run" "$TMP/serial.txt" "$TMP/countries.txt"

# --- 2. the same countries: the lines of both files dealt alternately, 60 documents to both
python3 - "$TMP/a.jsonl" "$TMP/b.jsonl" "$TMP/x.jsonl" "$TMP/y.jsonl" <<'PY'
import sys
lines = open(sys.argv[1]).readlines() + open(sys.argv[2]).readlines()
x, y = lines[0::2], lines[1::2]
x += y[:30]
y += lines[0::2][:30]
open(sys.argv[3], "w").writelines(x)
open(sys.argv[4], "w").writelines(y)
PY
M=$(pg_url w_same)
two "$M" "$TMP/x.jsonl" "$TMP/y.jsonl" --batch 10
if [ "$RC1" = 0 ] && [ "$RC2" = 0 ]; then pass "two writers on the same countries: both exit 0"; else
    fail "two writers on the same countries: both exit 0" "exits $RC1 $RC2" "$(cat "$TMP/err1" "$TMP/err2")"; fi
is_n "same countries: every document stored once, with all its events" "$(sql "$M" "SELECT count(*), count(DISTINCT id), sum(n_events) FROM documents")|$(sql "$M" "SELECT count(*) FROM events")" "$NDOCS|$NDOCS|$NEVS|$NEVS"
# the serial order the two made: the documents in the order they were stored
sql "$M" "SELECT id FROM documents ORDER BY seq" >"$TMP/order.txt"
python3 - "$TMP/order.txt" "$TMP/a.jsonl" "$TMP/b.jsonl" "$TMP/ordered.jsonl" <<'PY'
import sys, json
order = [l.strip() for l in open(sys.argv[1])]
recs = {}
for p in sys.argv[2:4]:
    for l in open(p):
        recs[json.loads(l)["doc"]["id"]] = l
open(sys.argv[4], "w").writelines(recs[i] for i in order)
PY
O=$(pg_url w_ordered)
RC=0
timeout -k 5 300 "$T" ingest --coded --quiet --db "$O" "$TMP/ordered.jsonl" >/dev/null 2>"$TMP/err" || RC=$?
is_n "one process storing them in that order: exit 0" "$RC" 0
partition "$M" "$TMP/same.txt"
partition "$O" "$TMP/ordered.txt"
same "same countries at once: the incidents of one process storing the documents in their stored order" "$TMP/ordered.txt" "$TMP/same.txt"

# --- 3. a deadlock on rows, survived
D=$(pg_url w_deadlock)
doc() { printf '{"doc":{"id":"%s","title":null,"published":"2024-03-01","url":null,"text_length":0,"warnings":[]},"events":[]}\n' "$1"; }
# wait_for APP WHAT: until the writer's connection is idle in its transaction after
# writing its document (idle), or waits for a lock (lock). Idle alone is not enough:
# the writer is idle in its transaction between its BEGIN, lock, savepoint and
# lookup too, before the row exists; a transaction id is assigned by its first
# write, so backend_xid says the row (and its unique key) is in place.
wait_for() {
    local cond="state = 'idle in transaction' AND backend_xid IS NOT NULL" i
    [ "$2" = lock ] && cond="wait_event_type = 'Lock'"
    for i in $(seq 1 600); do
        [ "$(sql "$D" "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$1' AND $cond")" = 1 ] && return 0
        sleep 0.1
    done
    return 1
}
LOGF=${TACITUS_PG_DATA:-}/../server.log
DL0=$(grep -c "deadlock detected" "$LOGF" 2>/dev/null)
mkfifo "$TMP/f1" "$TMP/f2"
timeout -k 5 120 "$T" ingest --coded --quiet --batch 100 --db "$D&application_name=w1" - <"$TMP/f1" >/dev/null 2>"$TMP/err1" &
P1=$!
timeout -k 5 120 "$T" ingest --coded --quiet --batch 100 --db "$D&application_name=w2" - <"$TMP/f2" >/dev/null 2>"$TMP/err2" &
P2=$!
# (a writer that died early closes its pipe: the writes below then fail and the checks
# after say so, with its stderr, where SIGPIPE would end this script without a word)
trap '' PIPE
exec 3>"$TMP/f1" 4>"$TMP/f2"
ok=1
doc dlA >&3 && wait_for w1 idle || ok=0
doc dlB >&4 && wait_for w2 idle || ok=0
doc dlB >&3 && wait_for w1 lock || ok=0
doc dlA >&4 || ok=0
exec 3>&- 4>&-
trap - PIPE
wait $P1; RC1=$?
wait $P2; RC2=$?
is_n "the writers reached the crossed waits" "$ok" 1
if [ "$RC1" = 0 ] && [ "$RC2" = 0 ]; then pass "a deadlock: both writers exit 0"; else
    fail "a deadlock: both writers exit 0" "exits $RC1 $RC2" "$(cat "$TMP/err1" "$TMP/err2")"; fi
if [ "$(grep -c "deadlock detected" "$LOGF" 2>/dev/null)" -gt "${DL0:-0}" ]; then pass "the server detected the deadlock (its log)"; else
    fail "the server detected the deadlock (its log)" "no 'deadlock detected' in $LOGF"; fi
is_n "a deadlock: each document stored once" "$(sql "$D" "SELECT string_agg(id, ',' ORDER BY id) FROM documents")" "dlA,dlB"
# --- incident numbers past six digits (the sequence that concurrent writers share)
G=$(pg_url w_seq)
RC=0
head -n 1 "$TMP/a.jsonl" | "$T" ingest --coded --quiet --db "$G" - >/dev/null 2>"$TMP/err" || RC=$?
sql "$G" "SELECT setval('incident_seq', 999999)" >/dev/null
sed -n 2p "$TMP/b.jsonl" | "$T" ingest --coded --quiet --db "$G" - >/dev/null 2>>"$TMP/err" || RC=$?
is_n "incidents past INC-999999: both ingests exit 0" "$RC" 0
is_n "the incident after INC-999999 is INC-1000000" "$(sql "$G" "SELECT min(id) FROM incidents WHERE seq > 999999")" INC-1000000
echo "1..$N"
