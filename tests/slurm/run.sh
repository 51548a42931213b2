#!/usr/bin/env bash
# run.sh - the Slurm deployment (deploy/slurm/) on a real single-node cluster:
# tests/slurm/cluster.sh starts munged, slurmctld and slurmd from Debian's
# packages as root, with a slurm.conf written here; a cluster that does not
# come up is a failure (with the daemons' logs), not a skip.
#
# The input, a development set of ../shared/eval (else tests/eval), is cut
# into five shards, each a file part.jsonl in a folder of its own (one file
# name: their outputs must not collide). deploy/slurm/submit.sh submits the
# array job over the list and the load job depending on it. Shard 3 is a named
# pipe the test feeds: it writes three records and holds the pipe open, so
# task 3 is certainly mid-shard, whatever the machine's speed, when the test
# kills its 'tacitus code' with kill -9 (once its temporary output exists).
# Then: the array ends with task 3 failed and the others done, the load job is
# cancelled (its dependency can never be met) without touching the database,
# 'tacitus shards missing' lists exactly shard 3 (and --indices "3"); submit.sh
# again (the test now feeds all of shard 3) submits task 3 alone and a new load
# job, which bulk-loads the outputs into a throwaway PostgreSQL (tests/lib/pg.sh,
# 'tacitus ingest --coded --bulk'). Checked: every document stored exactly once;
# no temporary file left; and the incidents equal a single-process 'tacitus
# ingest --bulk' of the same input into another database (tests/slurm/compare_stores.py: the
# partition of events into incidents and their reconciled records, ids and
# timestamps left out). Every daemon is stopped and no process of the cluster
# is left (checked). Waits poll with generous timeouts; nothing assumes speed.
#
# Run from the repository root as root: bash tests/slurm/run.sh, with TACITUS
# (default build/tacitus), TACITUS_DATA, TACITUS_GAZETTEER and TACITUS_SHARED
# as tests/run.sh sets them. Needs jq, python3, psql. Prints TAP lines.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
T=${TACITUS:-build/tacitus}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
SHARED=${TACITUS_SHARED:-../shared}
export TACITUS=$T LC_ALL=C
unset TACITUS_DB
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-slurmtest.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
chmod 755 "$TMP"
WRITER=

. tests/lib/tap.sh        # pass, fail
. tests/lib/pg.sh         # pg_start, pg_url, pg_stop
. tests/slurm/cluster.sh  # slurm_start, sl, slurm_stop, slurm_wait_gone, slurm_states

cleanup() {
    [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null && wait "$WRITER" 2>/dev/null
    exec 7>&- 2>/dev/null
    slurm_stop
    pg_stop
    rm -rf "$TMP"
}
trap cleanup EXIT
# is DESC GOT WANT: pass when the two strings are equal
is() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  $2" "want: $3"; fi; }
# bail DESC DETAIL...: a failure after which nothing else can be checked
bail() { fail "$@"; exit 1; }
# joblog: the tails of the jobs' logs, for a failure's detail
joblog() { for f in "$TMP"/logs/*; do [ -f "$f" ] && echo "${f##*/}: $(tail -n 3 "$f" | tr '\n' ' ')"; done; }

for c in jq python3 psql; do command -v "$c" >/dev/null || bail "$c is not installed (scripts/setup.sh installs it)"; done

# ---- the input: five shards of one file name, shard 3 a named pipe
INPUT=$SHARED/eval/voa-stories.jsonl
[ -f "$INPUT" ] || INPUT=$ROOT/tests/eval/gtd-style.jsonl
NDOCS=$(grep -c . "$INPUT")
per=$(((NDOCS + 4) / 5))
mkdir -p "$TMP/in" "$TMP/out" "$TMP/logs"
{
    echo "# the shards of $(basename "$INPUT"), $per documents each"
    for i in 1 2 3 4 5; do
        mkdir -p "$TMP/in/$i"
        sed -n "$(((i - 1) * per + 1)),$((i * per))p" "$INPUT" >"$TMP/in/$i.data"
        echo "$TMP/in/$i/part.jsonl"
        [ "$i" = 2 ] && echo
    done
} >"$TMP/list"
for i in 1 2 4 5; do mv "$TMP/in/$i.data" "$TMP/in/$i/part.jsonl"; done
SLOW=$TMP/in/3/part.jsonl
mkfifo "$SLOW"

# ---- the cluster and the database
if slurm_start; then
    pass "a single-node Slurm cluster is up ($(sinfo -h -o '%D node, %c CPUs, %T'), conf $SLURM_CONF)"
else
    bail "Slurm did not start: $SL_WHY"
fi
pg_start || bail "PostgreSQL did not start: $PG_WHY"
DB=$(pg_url slurm_load) && ONE=$(pg_url single_process) || bail "cannot create the databases"

# the pipe held open from here on (after the daemons started, which must not
# hold it): task 3 reads what is written, then waits for more
exec 7<>"$SLOW"
head -n 3 "$TMP/in/3.data" >&7

# submit.sh LABEL: submit what is missing and a load job; sets CODE_JOB, LOAD_JOB
submit() {
    local out
    out=$(cd "$TMP" && MAX_RUNNING=2 sl bash "$ROOT/deploy/slurm/submit.sh" "$TMP/list" "$TMP/out" "$DB" \
        --cpus-per-task=1 --output="$TMP/logs/%x-%j.out" 2>"$TMP/submit.err" 7>&-)
    CODE_JOB=$(sed -n 's/^code_job=//p' <<<"$out")
    LOAD_JOB=$(sed -n 's/^load_job=//p' <<<"$out")
    [ -n "$LOAD_JOB" ] || bail "$1: submit.sh submitted no load job" "$out" "$(cat "$TMP/submit.err")"
}

# ---- 1. the array over the five shards, task 3 killed mid-shard
submit "first submission"
[ -n "$CODE_JOB" ] || bail "first submission: no array job" "$(cat "$TMP/submit.err")"
pass "submit.sh submitted the array job $CODE_JOB and the load job $LOAD_JOB"
victim=
for _ in $(seq 1 900); do # 90 s
    if compgen -G "$TMP/out/000003-part.jsonl.jsonl.tmp-*" >/dev/null; then
        victim=$(ps -eo pid=,comm=,args= | awk -v f="$SLOW" '$2 == "tacitus" && index($0, " code ") && index($0, f) { print $1 }')
        # (and it has the pipe open: it is reading the shard)
        [ -n "$victim" ] && [ "$(readlink -f /proc/"$victim"/fd/* 2>/dev/null | grep -cxF "$SLOW")" -gt 0 ] && break
        victim=
    fi
    sleep 0.1
done
[ -n "$victim" ] || bail "task 3 did not start coding its shard in 90 s" "$(slurm_states "$CODE_JOB" | tr '\n' ' ')" "$(joblog)"
kill -9 "$victim"
pass "killed task 3's tacitus code (pid $victim) with kill -9 while it read its shard"
exec 7>&-
slurm_wait_gone "$CODE_JOB" 120 || bail "the array job did not end in 120 s" "$(slurm_states "$CODE_JOB")"
states=$(slurm_states "$CODE_JOB" | awk '{ printf "%s%s=%s", (NR > 1 ? " " : ""), $1, $2 }')
is "the array ended: task 3 failed, the other four completed" "$states" \
    "1=COMPLETED 2=COMPLETED 3=FAILED 4=COMPLETED 5=COMPLETED"
slurm_wait_gone "$LOAD_JOB" 120 || bail "the first load job is still queued after 120 s" "$(slurm_states "$LOAD_JOB")"
is "the first load job was cancelled, never run (its dependency failed)" \
    "$(slurm_states "$LOAD_JOB" | awk '{ print $2 }')" CANCELLED
is "the database is untouched" "$(psql -X -At -d "$DB" -c "SELECT to_regclass('documents') IS NULL")" t
is "no temporary output is left" "$(find "$TMP/out" -name '*.tmp-*' | wc -l)" 0

# ---- 2. shards missing: exactly shard 3
"$T" shards missing "$TMP/list" "$TMP/out" >"$TMP/missing" 2>"$TMP/err"; rc=$?
is "shards missing lists exactly shard 3 (exit $rc)" "$rc:$(cat "$TMP/missing")" "1:$SLOW"
is "shards missing --indices prints 3" "$("$T" shards missing --indices "$TMP/list" "$TMP/out" 2>/dev/null)" 3

# ---- 3. resubmit what is missing, and load
cat "$TMP/in/3.data" >"$SLOW" 7>&- &
WRITER=$!
submit "resubmission"
[ -n "$CODE_JOB" ] || bail "resubmission: no array job" "$(cat "$TMP/submit.err")"
slurm_wait_gone "$CODE_JOB" 120 || bail "the resubmitted task did not end in 120 s" "$(slurm_states "$CODE_JOB")"
is "the resubmitted array ran task 3 alone, which completed" "$(slurm_states "$CODE_JOB" | awk '{ print $1 "=" $2 }')" \
    "3=COMPLETED"
wait "$WRITER"
WRITER=
slurm_wait_gone "$LOAD_JOB" 300 || bail "the load job did not end in 300 s" "$(slurm_states "$LOAD_JOB")" "$(joblog)"
is "the load job completed (exit 0)" "$(slurm_states "$LOAD_JOB" | awk '{ print $2, $3 }')" "COMPLETED 0:0"
"$T" shards missing "$TMP/list" "$TMP/out" >"$TMP/missing" 2>"$TMP/err"; rc=$?
is "shards missing: nothing left (exit 0, no output)" "$rc:$(cat "$TMP/missing")" "0:"

# ---- 4. the outputs and the store: each document once, in input order
jq -r .id "$INPUT" >"$TMP/want-ids"
"$T" shards outputs "$TMP/list" "$TMP/out" | xargs cat | jq -r .doc.id >"$TMP/out-ids"
check_ids() { cmp -s "$TMP/want-ids" "$1"; }
if check_ids "$TMP/out-ids"; then
    pass "the five outputs hold the $NDOCS input documents once each, in input order"
else
    fail "the outputs hold other documents than the input" "$(diff "$TMP/want-ids" "$TMP/out-ids" | head -n 5)"
fi
psql -X -At -d "$DB" -c "SELECT id FROM documents" 2>&1 | sort >"$TMP/db-ids"
if [ "$(sort "$TMP/want-ids")" = "$(cat "$TMP/db-ids")" ]; then
    pass "the store holds every document exactly once ($NDOCS)"
else
    fail "the store's documents are not the input's, once each" "$(diff "$TMP/want-ids" "$TMP/db-ids" | head -n 5)" "$(joblog)"
fi

# ---- 5. the same incidents as one process loading the same input
"$T" ingest --bulk -j 1 --quiet --db "$ONE" "$INPUT" 2>"$TMP/err" || fail "single-process ingest failed" "$(cat "$TMP/err")"
if python3 tests/slurm/compare_stores.py "$DB" "$ONE" >"$TMP/cmp" 2>&1; then
    pass "the incidents equal a single-process ingest --bulk of the input: $(cat "$TMP/cmp")"
else
    fail "the incidents differ from a single-process ingest of the input" "$(cat "$TMP/cmp")"
fi

# ---- 6. every daemon stopped, no process of the cluster left
pids=("${SL_PIDS[@]}")
slurm_stop
alive=
for p in "${pids[@]}"; do sl_alive "$p" && alive="$alive $p"; done
is "munged, slurmctld and slurmd stopped; no job process was left behind" "${alive:-none}:$SL_LEFT" "none:0"
