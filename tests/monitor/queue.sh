#!/usr/bin/env bash
# queue.sh - the monitoring work queue (docs/monitoring.md): 'tacitus publish'
# and two 'tacitus worker' processes against a real nats-server (JetStream,
# its store in a scratch folder, listening on loopback only) and one
# throwaway PostgreSQL store. After each of these, every document is stored
# exactly once:
#   1. a worker killed with kill -9 before its commit (its batch comes back
#      after the ack wait and the other workers store it);
#   2. a worker killed with kill -9 after its commit and before its
#      acknowledgements (its batch comes back and is skipped);
#   3. the same documents published twice (JetStream drops the duplicates by
#      message id) and published again without an id (the store skips them);
#   4. poison messages (not a document) given back until their last delivery,
#      then dead-lettered with their error, readable with --list-dead;
#   5. the store failing before a worker's commit (PostgreSQL stopped as a crash
#      would): the worker gives its batch back and exits 4, and once the
#      server is back two workers store it;
#   6. nats-server killed with kill -9 and restarted while the workers run;
# and that a worker killed at a message's last delivery leaves it to be
# dead-lettered when it comes back (7).
# Each case has a stream of its own, so that what a crash brings back stays
# in its case. The workers stop at a known place through the test-only fault
# hook TACITUS_WORKER_FAULT (cli/worker.c: the worker stops itself there with
# SIGSTOP, and the test kills it with kill -9). Every wait polls a condition
# (the server's monitoring endpoint /jsz, the store, /proc); the only clock is
# the ack wait of 2 s that brings back a dead worker's messages. Every daemon
# started here is stopped on exit; a nats-server that cannot start is a failure.
#
# Run from the repository root: env TACITUS=<binary> bash tests/monitor/queue.sh,
# with TACITUS_DATA and TACITUS_GAZETTEER set, and PGHOST, PGPORT and PGUSER
# naming a PostgreSQL server (tests/run.sh starts one with tests/lib/pg.sh;
# without them this script starts its own). Needs nats-server, psql, curl, jq
# and python3. The reports are invented here. Prints TAP lines.
set -u
T=${TACITUS:-build/tacitus}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
LIB=$(cd "$(dirname "$0")/../lib" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-queue.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
export LC_ALL=C
unset TACITUS_DB TACITUS_NATS TACITUS_WORKER_FAULT
. "$LIB/pg.sh"
. "$LIB/tap.sh"

NATS_PID=
WORKERS=()
cleanup() {
    local p
    for p in "${WORKERS[@]}"; do kill -9 "$p" 2>/dev/null; done
    [ -n "$NATS_PID" ] && kill "$NATS_PID" 2>/dev/null && wait "$NATS_PID" 2>/dev/null
    pg_stop
    rm -rf "$TMP"
}
trap cleanup EXIT

for tool in nats-server psql curl jq python3; do
    command -v "$tool" >/dev/null || { echo "not ok 1 - $tool is not installed"; exit 1; }
done
if [ -z "${PGHOST:-}" ]; then
    pg_start || { echo "not ok 1 - no PostgreSQL server: $PG_WHY"; exit 1; }
fi

# wait_until SECONDS CMD...: run CMD every 0.1 s until it succeeds (0), or 1 after SECONDS
wait_until() {
    local n=$(($1 * 10)) i
    shift
    for ((i = 0; i < n; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
NPORT=$(free_port)
MPORT=$(free_port)
URL=nats://127.0.0.1:$NPORT

nats_healthy() { curl -sf "http://127.0.0.1:$MPORT/healthz" 2>/dev/null | grep -q ok; }
# nats_start: start nats-server on loopback (the store in $TMP/js) and wait until it is healthy
nats_start() {
    nats-server -js -sd "$TMP/js" -a 127.0.0.1 -p "$NPORT" -m "$MPORT" >>"$TMP/nats.log" 2>&1 &
    NATS_PID=$!
    wait_until 20 nats_healthy
}
# stream_state STREAM: "messages pending ack_pending" of STREAM and its consumer (the server's /jsz)
stream_state() {
    curl -sf "http://127.0.0.1:$MPORT/jsz?streams=true&consumers=true" 2>/dev/null |
        jq -r --arg s "$1" '.account_details[]?.stream_detail[]? | select(.name == $s) |
            "\(.state.messages) \(.consumer_detail[0].num_pending // 0) \(.consumer_detail[0].num_ack_pending // 0)"'
}
drained() { [ "$(stream_state "$1")" = "0 0 0" ]; }
# consumed STREAM: nothing left to deliver or to acknowledge (the messages a crash of the
# server left in the stream after their acknowledgement aside: see docs/monitoring.md)
consumed() { [ "$(stream_state "$1" | cut -d' ' -f2-)" = "0 0" ]; }
last_seq_is() { [ "$(curl -sf "http://127.0.0.1:$MPORT/jsz?streams=true" | jq -r --arg s "$1" '.account_details[]?.stream_detail[]? | select(.name == $s) | .state.last_seq')" = "$2" ]; }
dup_window() { curl -sf "http://127.0.0.1:$MPORT/jsz?streams=true&config=true" | jq -r --arg s "$1" '.account_details[]?.stream_detail[]? | select(.name == $s) | .config.duplicate_window'; }
dead_count() { [ "$(stream_state "$1_DEAD" | cut -d' ' -f1)" = "$2" ]; }
sql() { psql -X -q -At -d "$1" -c "$2" 2>/dev/null; }
stored() { sql "$1" "SELECT count(*) || ' ' || count(DISTINCT id) FROM documents"; }
stored_is() { [ "$(stored "$1")" = "$2" ]; }
stored_at_least() { [ "$(sql "$1" "SELECT count(*) >= $2 FROM documents")" = t ]; }
is() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  $2" "want: $3" "$(tail -n 4 "$TMP"/*.err 2>/dev/null)"; fi; }
stopped() { [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = T ]; }

# docs SET N: N invented reports as JSON Lines, each text naming its set and number
docs() {
    local cities=(Peshawar Quetta Kandahar Maiduguri Mogadishu Goma Kidal Marawi) i
    for ((i = 1; i <= $2; i++)); do
        printf '{"id":"%s-%03d","published":"2024-05-%02d","text":"Report %s %d. Gunmen killed %d villagers in an attack on a market near %s on Monday, local officials said."}\n' \
            "$1" "$i" $((i % 28 + 1)) "$1" "$i" $((i % 9 + 2)) "${cities[$((i % 8))]}"
    done
}
# rawpub SUBJECT BODY: publish BODY with no message id, as a foreign client would (the NATS text protocol)
rawpub() {
    exec 5<>"/dev/tcp/127.0.0.1/$NPORT" || return 1
    printf 'CONNECT {"verbose":false}\r\nPUB %s %d\r\n%s\r\nPING\r\n' "$1" "${#2}" "$2" >&5
    local l rc=1
    while read -r -t 10 l <&5; do
        case $l in PONG*) rc=0; break ;; -ERR*) break ;; esac
    done
    exec 5>&-
    return $rc
}
# worker NAME STREAM DB [ARGS...]: start a worker in the background (its pid in $W, also in WORKERS)
worker() {
    local name=$1 stream=$2 db=$3
    shift 3
    "$T" worker --nats "$URL" --db "$db" --stream "$stream" --subject "t.$stream" --batch 5 --ack-wait 2 \
        --max-deliver 5 "$@" >/dev/null 2>"$TMP/$name.err" &
    W=$!
    WORKERS+=("$W")
}
# scenario NAME STREAM N: a new database (in DB) and N new documents ($TMP/NAME.jsonl)
# published into STREAM
scenario() {
    DB=$(pg_url "q_$1") || { echo "not ok - cannot create a database"; exit 1; }
    docs "$1" "$3" >"$TMP/$1.jsonl"
    publish "$2" "$TMP/$1.jsonl"
    expect_rc "$1: publish $3 documents" 0
}
# two N STREAM DB [ARGS...]: start the two workers bN and cN (pids in B and C)
two() {
    worker "b$1" "$2" "$3" "${@:4}"
    B=$W
    worker "c$1" "$2" "$3" "${@:4}"
    C=$W
}
# settled DESC STREAM DB N: once STREAM is drained and DB holds N documents (or a
# minute passed), check that each of the N is stored once and the queue is empty
settled() {
    wait_until 60 drained "$2" && wait_until 30 stored_is "$3" "$4 $4"
    is "$1: every document stored exactly once (two workers)" "$(stored "$3")" "$4 $4"
    is "  the queue is empty (every message acknowledged)" "$(stream_state "$2")" "0 0 0"
}
# faulty POINT N STREAM DB [ARGS...]: start worker aN with the fault hook at POINT,
# wait until it has stopped itself there (pid in A)
faulty() {
    TACITUS_WORKER_FAULT=$1 worker "a$2" "$3" "$4" "${@:5}"
    A=$W
    if wait_until 60 stopped "$A"; then pass "a worker stops itself at $1 (fault hook)"; else
        fail "a worker stops itself at $1 (fault hook)" "$(cat "$TMP/a$2.err")"; fi
}
exited() { local s; s=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null); [ -z "$s" ] || [ "$s" = Z ]; }
# reap PID...: wait for each worker to exit (kill -9 after 30 s: exit 137); REAPED is
# "" when each exited 0, else "pid P exit RC; ..." (not in a subshell: wait needs the parent)
reap() {
    local p rc
    REAPED=
    for p in "$@"; do
        wait_until 30 exited "$p" || kill -9 "$p" 2>/dev/null
        wait "$p"
        rc=$?
        [ "$rc" = 0 ] || REAPED="$REAPED pid $p exit $rc;"
    done
}
# stop DESC PID...: SIGTERM each worker; pass when each exits 0
stop() {
    local d=$1 p bad
    shift
    for p in "$@"; do kill -TERM "$p" 2>/dev/null; done
    reap "$@"
    bad=$REAPED
    if [ -z "$bad" ]; then pass "$d"; else fail "$d" "$bad" "$(tail -n 5 "$TMP"/*.err)"; fi
}
# publish STREAM ARGS...: tacitus publish into STREAM; sets RC, stderr in $TMP/err
publish() {
    local s=$1
    shift
    TMO=60 run publish --nats "$URL" --stream "$s" --subject "t.$s" "$@"
}
# summed FIELD FILES...: the sum of "N FIELD" in the workers' summary lines
summed() {
    local f=$1
    shift
    cat "$@" | sed -n "s/.* \([0-9][0-9]*\) $f.*/\1/p" | awk '{s += $1} END {print s + 0}'
}

# ---- the server
if nats_start; then pass "nats-server starts with JetStream on 127.0.0.1:$NPORT"; else
    fail "nats-server starts with JetStream on 127.0.0.1:$NPORT" "$(tail -n 5 "$TMP/nats.log")"
    exit 1
fi

# ---- usage and bad input
run worker --nats "$URL"
expect_rc "worker without --db" 2
check "  one line asking for --db" grep -q "^tacitus worker: --db DB" "$TMP/err"
run publish --nats "$URL" --dup-window 0
expect_rc "publish --dup-window 0" 2
docs bad 2 >"$TMP/bad.jsonl"
printf '{"id":"no-text"}\n' >>"$TMP/bad.jsonl"
publish BAD "$TMP/bad.jsonl"
expect_rc "publish of a file with a line that is not a document" 1
check "  the error names the file and line" grep -q "^tacitus publish: $TMP/bad.jsonl:3: missing or non-string \"text\" field" "$TMP/err"
check "  the other lines are published" grep -q "2 published, 0 duplicates" "$TMP/err"
run publish --nats "nats://127.0.0.1:$(free_port)" "$TMP/bad.jsonl"
expect_rc "publish with no server" 4
check "  one line naming the server" grep -q "^tacitus publish: nats nats://127.0.0.1:[0-9]*: cannot connect" "$TMP/err"

# ---- 1. a worker killed with kill -9 before its commit
scenario before S1 20
check "  20 published, none duplicate" grep -q "20 published, 0 duplicates" "$TMP/err"
faulty before-commit 1 S1 "$DB"
is "  nothing of its batch is committed" "$(stored "$DB")" "0 0"
{ kill -9 "$A"; wait "$A"; } 2>/dev/null # (no "Killed" notice)
two 1 S1 "$DB"
settled "killed before its commit" S1 "$DB" 20
stop "  both workers stop on SIGTERM with exit 0" "$B" "$C"
is "  the two workers stored the 20 between them" "$(summed stored "$TMP/b1.err" "$TMP/c1.err")" 20

# ---- 2. a worker killed with kill -9 after its commit, before its acknowledgements
scenario after S2 20
faulty after-commit 2 S2 "$DB"
COMMITTED=$(sql "$DB" "SELECT count(*) FROM documents")
is "  its batch is committed" "$([ "$COMMITTED" -ge 1 ] && echo yes)" yes
{ kill -9 "$A"; wait "$A"; } 2>/dev/null # (no "Killed" notice)
two 2 S2 "$DB"
settled "killed after its commit" S2 "$DB" 20
stop "  both workers stop on SIGTERM with exit 0" "$B" "$C"
SKIPPED=$(summed skipped "$TMP/b2.err" "$TMP/c2.err")
is "  its committed batch came back and was skipped ($COMMITTED documents; $SKIPPED skipped)" \
    "$([ "$SKIPPED" -ge "$COMMITTED" ] && echo yes)" yes

# ---- 3. the same documents published twice
scenario twice S3 20
IN="$TMP/twice.jsonl" publish S3 -
expect_rc "publish them again (stdin)" 0
check "  JetStream drops all 20 as duplicates" grep -q "0 published, 20 duplicates" "$TMP/err"
IN="$TMP/twice.jsonl" publish S3 --dup-window 300 -
check "  and a third time with --dup-window 300: duplicates too" grep -q "0 published, 20 duplicates" "$TMP/err"
two 3 S3 "$DB"
settled "published twice" S3 "$DB" 20
is "  the stream keeps the duplicate window of 300 s that publish set (workers leave it)" "$(dup_window S3)" 300000000000
ok=1
for i in 1 2 3; do rawpub t.S3 "$(sed -n "${i}p" "$TMP/twice.jsonl")" || ok=0; done
is "  three of them published again without a message id" "$ok" 1
wait_until 30 last_seq_is S3 23 && wait_until 30 drained S3
is "  the store skips them: still every document once" "$(stored "$DB")" "20 20"
is "  the queue is empty" "$(stream_state S3)" "0 0 0"
stop "  both workers stop on SIGTERM with exit 0" "$B" "$C"
is "  the workers counted the three as skipped" "$(summed skipped "$TMP/b3.err" "$TMP/c3.err")" 3

# ---- 4. poison messages: given back, then dead-lettered with their error
scenario poison S4 6
ok=1
rawpub t.S4 'this is not a document' || ok=0
rawpub t.S4 '{"id":"poison-no-text","title":"a headline alone"}' || ok=0
is "  and two messages that are not documents" "$ok" 1
# (the two disagree on --max-deliver: each dead-letters by its own count, and no message is
# stranded between the two: both poison messages must reach the dead-letter stream)
worker b4 S4 "$DB" --max-deliver 4 --idle-exit 2
B=$W
worker c4 S4 "$DB" --max-deliver 3 --idle-exit 2
C=$W
wait_until 60 dead_count S4 2 && wait_until 30 drained S4
is "poison: the 6 documents stored once each" "$(stored "$DB")" "6 6"
is "  the two poison messages are in the dead-letter stream" "$(stream_state S4_DEAD | cut -d' ' -f1)" 2
is "  the work queue is empty" "$(stream_state S4)" "0 0 0"
reap "$B" "$C"
is "  both workers exit 0 on their own (--idle-exit)" "$REAPED" ""
run worker --nats "$URL" --stream S4 --subject t.S4 --list-dead
expect_rc "worker --list-dead" 0
# (its error: its own, or, when its 4th delivery reached the worker whose --max-deliver is 3
# after the other gave the 3rd back, that it came past --max-deliver and was not coded again)
jqt "  each dead letter has its body, its error and 3 or 4 deliveries (the --max-deliver of its worker)" \
    'length == 2 and all(.deliveries == 3 or .deliveries == 4)
     and (map(select(.body == "this is not a document")) | .[0].error | test("invalid JSON|past --max-deliver"))
     and (map(select(.body | test("poison-no-text"))) | .[0].error | test("text|past --max-deliver"))
     and all(.work_seq > 0)'
check "  the workers reported the dead-lettering" grep -q "dead-lettered after [34] deliveries" "$TMP/b4.err" "$TMP/c4.err"

# ---- 5. the store fails: PostgreSQL stopped as a crash would, before a worker's commit
scenario store S5 10
faulty before-commit 5 S5 "$DB"
pg_crash
kill -CONT "$A"
reap "$A"
is "  PostgreSQL gone: the worker stops with exit 4 once its commit fails" "$REAPED" " pid $A exit 4;"
check "  and says why in a line naming the database" grep -q "^tacitus worker: .*q_store" "$TMP/a5.err"
check "  its batch went back to the queue" grep -q "(the batch's [1-9][0-9]* messages go back to the queue)" "$TMP/a5.err"
if pg_restart; then pass "  PostgreSQL restarted"; else fail "  PostgreSQL restarted"; fi
two 5 S5 "$DB"
settled "the store failed and came back" S5 "$DB" 10
stop "  both workers stop on SIGTERM with exit 0" "$B" "$C"

# ---- 6. nats-server killed with kill -9 and restarted while the workers run
scenario server S6 40
two 6 S6 "$DB"
wait_until 60 stored_at_least "$DB" 10
{ kill -9 "$NATS_PID"; wait "$NATS_PID"; } 2>/dev/null
NATS_PID=
if nats_start; then pass "nats-server killed with kill -9 after 10 or more documents, and restarted"; else
    fail "nats-server killed with kill -9 after 10 or more documents, and restarted" "$(tail -n 5 "$TMP/nats.log")"; fi
wait_until 60 consumed S6 && wait_until 30 stored_is "$DB" "40 40"
is "server killed: every document stored exactly once (two workers)" "$(stored "$DB")" "40 40"
is "  nothing left to deliver or to acknowledge" "$(stream_state S6 | cut -d' ' -f2-)" "0 0"
echo "# messages left in the stream after their acknowledgement: $(stream_state S6 | cut -d' ' -f1)"
stop "  both workers stop on SIGTERM with exit 0" "$B" "$C"
diag_skipped=$(summed skipped "$TMP/b6.err" "$TMP/c6.err")
echo "# messages that came back after the restart and were skipped: $diag_skipped"

# ---- 7. a worker killed at a message's last delivery: the message comes back and is
# dead-lettered without being coded again (it might be what killed the worker)
scenario last S7 1
faulty before-commit 7 S7 "$DB" --max-deliver 1
{ kill -9 "$A"; wait "$A"; } 2>/dev/null # (no "Killed" notice)
worker b7 S7 "$DB" --max-deliver 1
B=$W
wait_until 60 dead_count S7 1 && wait_until 30 drained S7
is "killed at a message's last delivery: the message is dead-lettered when it comes back" \
    "$(stream_state S7_DEAD | cut -d' ' -f1)" 1
is "  not coded again, nothing stored" "$(stored "$DB")" "0 0"
run worker --nats "$URL" --stream S7 --subject t.S7 --list-dead
jqt "  its dead letter says it was delivered twice, past --max-deliver" \
    'length == 1 and .[0].deliveries == 2 and (.[0].error | test("past --max-deliver")) and (.[0].body | test("last-001"))'
stop "  the worker stops on SIGTERM with exit 0" "$B"

# ---- 8. the whole pipeline: the feed poller publishes, two workers store. A local news
# site (tests/lib/feed_server.py, 127.0.0.1 only) with a feed of three articles (one
# of which never answers), a feed of one, a feed that answers 500 and a malformed one
SITE_DIR=$TMP/site
mkdir -p "$SITE_DIR"
page() { # FILE HEADLINE TEXT
    printf '<html><head><title>%s</title><meta property="article:published_time" content="2026-11-02T08:00:00Z"></head><body><article><h1>%s</h1><p>%s</p></article></body></html>\n' \
        "$2" "$2" "$3" >"$SITE_DIR/$1"
}
page p1.html "Depot attacked" "Gunmen attacked a fuel depot in Quetta on Monday, killing two guards, police said."
page p2.html "Ferry sunk" "A bomb sank a ferry near Kismayo on Tuesday, killing nine passengers, officials said."
page p3.html "Mine blast" "A landmine killed three farmers near Kidal on Wednesday, residents said."
item() { printf '<item><guid>%s</guid><link>%s</link><title>%s</title></item>' "$@"; }
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Site</title>%s%s%s</channel></rss>\n' \
    "$(item f1 /p1.html "Depot attacked")" "$(item f2 /p2.html "Ferry sunk")" \
    "$(item f9 /slow/p9.html "Slow story")" >"$SITE_DIR/feed.xml"
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>Site</title>%s</channel></rss>\n' \
    "$(item f3 /p3.html "Mine blast")" >"$SITE_DIR/feed2.xml"
printf '<rss><channel><item>\n' >"$SITE_DIR/bad.xml"
python3 "$LIB/feed_server.py" "$SITE_DIR" "$TMP/site.port" "$TMP/site.log" 2>"$TMP/site.err" &
SITE_PID=$!
wait_until 10 test -s "$TMP/site.port"
SITE=http://127.0.0.1:$(cat "$TMP/site.port")
printf '%s\n' "$SITE/feed.xml" "$SITE/feed2.xml" "$SITE/500/feed.xml" "$SITE/bad.xml" >"$TMP/feeds.txt"
DB=$(pg_url q_feeds)
FEEDS=(feeds --nats "$URL" --stream S8 --subject t.S8 --once --now --interval 0 --per-host-delay 0 --timeout 2)
run "${FEEDS[@]}" --db "$DB" "$TMP/feeds.txt"
expect_rc "feeds --nats: three articles published; the 500, the malformed feed and the slow article reported" 1
check "  its summary: 3 published, 1 failed; 2 feeds failed" \
    grep -q "4 feeds polled, 0 not modified, 2 failed, 0 not due; 3 articles stored, 0 already stored, 1 failed" "$TMP/err"
check "  the 500 and the malformed feed named" grep -q "500/feed.xml: HTTP status 500" "$TMP/err"
check "  the slow article named" grep -q "slow/p9.html: no complete answer within 2 s" "$TMP/err"
# a worker takes the first batch and is killed with kill -9 before its commit, then a
# second one after its commit and before its acknowledgements: the articles come back
faulty before-commit 8 S8 "$DB"
{ kill -9 "$A"; wait "$A"; } 2>/dev/null
is "feeds: a worker killed before its commit stored nothing" "$(stored "$DB")" "0 0"
faulty after-commit 9 S8 "$DB"
{ kill -9 "$A"; wait "$A"; } 2>/dev/null
is "feeds: a worker killed after its commit, before its acknowledgements, stored them" "$(stored "$DB")" "3 3"
two 8 S8 "$DB"
settled "feeds through the queue, after both kills" S8 "$DB" 3
is "  the documents are the articles, by their links" \
    "$(sql "$DB" "SELECT string_agg(url, ' ' ORDER BY url) FROM documents")" "$SITE/p1.html $SITE/p2.html $SITE/p3.html"
is "  coded: each has its events" "$(sql "$DB" "SELECT count(*) FROM documents WHERE n_events > 0")" 3
# again: the feed of one is unchanged (304); the other is fetched again for its slow
# article, which fails again; nothing new is published
run "${FEEDS[@]}" --db "$DB" "$TMP/feeds.txt"
check "a second poll: the unchanged feed answers 304, nothing published" \
    grep -q "4 feeds polled, 1 not modified, 2 failed, 0 not due; 0 articles stored, 0 already stored, 1 failed" "$TMP/err"
is "  its request was conditional" \
    "$(jq -r 'select(.t and .path == "/feed2.xml") | .inm != null' "$TMP/site.log" | tail -n 1)" true
# the same items published twice: a second poller with its own state publishes them
# again (JetStream drops them within its duplicate window), then once more past it
# as if the window had passed (the workers skip what the store has)
run "${FEEDS[@]}" --db "$(pg_url q_feeds_state2)" "$TMP/feeds.txt"
check "the same items published by another poller: JetStream drops them as duplicates" \
    grep -q "0 articles stored, 3 already stored" "$TMP/err"
is "  nothing new in the stream" "$(stream_state S8)" "0 0 0"
run publish --nats "$URL" --stream S8 --subject t.S8 --dup-window 1 /dev/null
sleep 1.5 # (JetStream's duplicate window, 1 s, must pass: a wait on its clock, not on this machine's speed)
run "${FEEDS[@]}" --db "$(pg_url q_feeds_state3)" "$TMP/feeds.txt"
wait_until 60 drained S8
is "  published again past the window: the workers skip them, each document stored once" \
    "$(stored "$DB")" "3 3"
stop "  both workers stop on SIGTERM with exit 0" "$B" "$C"
kill "$SITE_PID" 2>/dev/null
wait "$SITE_PID" 2>/dev/null

# ---- no sanitizer report from any worker
if grep -lE 'runtime error:|AddressSanitizer|LeakSanitizer' "$TMP"/*.err >/dev/null 2>&1; then
    fail "no worker reported a sanitizer error" "$(grep -lE 'runtime error:|AddressSanitizer|LeakSanitizer' "$TMP"/*.err)"
else
    pass "no worker reported a sanitizer error"
fi
echo "1..$N"
