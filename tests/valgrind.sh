#!/usr/bin/env bash
# valgrind.sh - memcheck over the real binary: no leak, no invalid access, on
# the sample report, the seed article and a JSONL stream with a bad line, a
# PETRARCH dictionary import and coding with its output, and
# the store's commands (ingest twice, query, show, export) on SQLite and on a
# throwaway PostgreSQL server (tests/lib/pg.sh), and the HTTP server under
# requests of every kind until SIGTERM, and the work queue (publish, worker) against a
# nats-server it starts on loopback.
# Prints TAP lines. Needs valgrind (installed by scripts/setup.sh).
set -u
cd "$(dirname "$0")/.."
SHARED=${TACITUS_SHARED:-../shared}
BIN=build/tacitus
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0
check() { # description, command...
    local desc=$1; shift
    n=$((n + 1))
    if valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=97 "$@" >"$tmp/out" 2>"$tmp/err"; then
        echo "ok $n - valgrind: $desc"
    else
        rc=$?
        if [ $rc -eq 97 ]; then
            echo "not ok $n - valgrind: $desc"; sed 's/^/# /' "$tmp/err" | head -40
        else
            # a non-zero exit of the program itself is fine when expected (bad lines)
            if grep -q "==[0-9]*==" "$tmp/err"; then
                echo "not ok $n - valgrind: $desc (exit $rc)"; sed 's/^/# /' "$tmp/err" | head -40
            else
                echo "ok $n - valgrind: $desc (program exit $rc, clean)"
            fi
        fi
    fi
}
check "sample report" $BIN code --published 2024-05-15 data/sample/sample-report.txt
check "pretty output" $BIN code --format pretty --published 2024-05-15 data/sample/sample-report.txt
printf '{"id":"a","text":"Gunmen killed two guards in Quetta on Monday.","published":"2024-05-15"}\n{bad json\n{"id":"c","text":"<p>A bomb killed 3 people in Kabul.</p>"}\n' > "$tmp/in.jsonl"
check "jsonl with a bad line and HTML" $BIN code --jsonl "$tmp/in.jsonl"
check "dict check" $BIN dict check
PD=$SHARED/reference/petrarch2-dictionaries
if [ -d "$PD" ]; then
    mkdir -p "$tmp/pdata" && cp data/*.txt "$tmp/pdata/"
    check "dict import --petrarch" $BIN dict import --petrarch "$PD/Phoenix.MilNonState.actors.txt" \
        "$PD/Phoenix.agents.txt" "$PD/CAMEO.2.0.txt" --data "$tmp/pdata"
    check "coding with imported dictionaries" $BIN code --data "$tmp/pdata" --published 2024-05-15 \
        data/sample/sample-report.txt
    mkdir -p "$tmp/vdata" && cp data/*.txt data/*.tsv "$tmp/vdata/"
    check "dict import --petrarch of the validation dictionaries (parties, verbs, patterns, discards)" \
        $BIN dict import --petrarch "$PD"/PETR.Validate.*.txt --data "$tmp/vdata"
    printf 'Arnor is about to restore full diplomatic ties with Gondor, a senior official said.\n' >"$tmp/dyad.txt"
    check "coding a CAMEO verb between two parties" $BIN code --data "$tmp/vdata" "$tmp/dyad.txt"
fi
if [ -f "$SHARED/seed/karachi-police-office-attack.txt" ]; then
    check "seed article" $BIN code --published 2023-02-17 "$SHARED/seed/karachi-police-office-attack.txt"
else
    n=$((n + 1)); echo "ok $n - # SKIP seed article ($SHARED absent)"
fi
if [ -f "$SHARED/eval/voa-stories.jsonl" ]; then
    head -n 20 "$SHARED/eval/voa-stories.jsonl" > "$tmp/voa.jsonl"
    check "20 VOA stories" $BIN code --jsonl "$tmp/voa.jsonl"
else
    n=$((n + 1)); echo "ok $n - # SKIP VOA stories ($SHARED absent)"
fi

# the store: ingest (and again: every document skipped), query, show, export
for backend in sqlite postgresql; do
    if [ $backend = sqlite ]; then
        DB=$tmp/store.db
    else
        . tests/lib/pg.sh
        trap 'pg_stop; rm -rf "$tmp"' EXIT
        if ! pg_start || ! DB=$(pg_url vg); then
            n=$((n + 1)); echo "not ok $n - valgrind: no PostgreSQL server for the store checks: $PG_WHY"
            continue
        fi
    fi
    check "$backend: ingest" $BIN ingest --db "$DB" "$tmp/in.jsonl"
    check "$backend: ingest again (all skipped)" $BIN ingest --db "$DB" "$tmp/in.jsonl"
    check "$backend: query --text --near" $BIN query --db "$DB" --text "bomb" --near 34.5,69.2,50 --format jsonl
    check "$backend: show" $BIN show --db "$DB" INC-000001
    check "$backend: export --format acled" $BIN export --db "$DB" --format acled
done

# the server: requests of every kind, then SIGTERM (threads, the store pool, a clean stop)
n=$((n + 1))
. tests/lib/serve.sh
serve_start "$tmp/verr" valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
    --errors-for-leak-kinds=definite,indirect --error-exitcode=97 $BIN serve --db "$tmp/store.db" --port 0 --allow-ingest
vpid=$SPID port=$P
for path in "/api/health" "/api/incidents?limit=2" "/api/incidents/INC-000001" "/api/incidents?bogus=1" "/api/stats?group=week" "/api/actors?q=TTP" \
            "/api/incidents/none" "/../etc/passwd"; do
    curl -s -m 20 -o /dev/null "http://127.0.0.1:$port$path"
done
curl -s -m 60 -o /dev/null -X POST --data-binary 'Gunmen killed two guards in Quetta on Monday.' "http://127.0.0.1:$port/api/code"
printf '%s\n' '{"id":"vg1","published":"2024-03-04","text":"A bomb killed five people in Peshawar on Sunday."}' '{"id":' |
    curl -s -m 60 -o /dev/null -X POST -H 'Content-Type: application/x-ndjson' --data-binary @- "http://127.0.0.1:$port/api/ingest"
kill -TERM "$vpid"; wait "$vpid"; rc=$?
if [ -n "$port" ] && [ "$rc" -eq 0 ] && ! grep -q "==[0-9]*==" "$tmp/verr"; then
    echo "ok $n - valgrind: serve, ten kinds of request (POSTs to code and ingest too), SIGTERM"
else
    echo "not ok $n - valgrind: serve, ten kinds of request (POSTs to code and ingest too), SIGTERM (exit $rc, port '$port')"; sed 's/^/# /' "$tmp/verr" | head -40
fi

# the feed poller: a local feed server (127.0.0.1 only) with an RSS feed of two
# articles, one that never answers, and a malformed feed; then a second run (304s)
mkdir -p "$tmp/www"
printf '<html><body><article><h1>Depot attacked</h1><p>Gunmen attacked a fuel depot in Quetta on Monday, killing two guards.</p></article></body></html>\n' >"$tmp/www/v1.html"
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><item><guid>v1</guid><link>/v1.html</link><title>Depot attacked</title><pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate></item><item><guid>v2</guid><link>/slow/v2.html</link></item></channel></rss>\n' >"$tmp/www/f.xml"
printf '<rss><channel><item>\n' >"$tmp/www/bad.xml"
python3 tests/lib/feed_server.py "$tmp/www" "$tmp/fport" "$tmp/flog" 2>/dev/null &
fpid=$!
for _ in $(seq 100); do [ -s "$tmp/fport" ] && break; sleep 0.1; done
fbase=http://127.0.0.1:$(cat "$tmp/fport" 2>/dev/null)
printf '%s\n' "$fbase/f.xml" "$fbase/bad.xml" >"$tmp/feeds.txt"
export no_proxy='*' NO_PROXY='*'
check "feeds: an article stored, one timed out, a malformed feed" \
    $BIN feeds --db "$tmp/feeds.db" --once --interval 0 --per-host-delay 0 --timeout 2 "$tmp/feeds.txt"
check "feeds: the second run (304, a retry)" \
    $BIN feeds --db "$tmp/feeds.db" --once --interval 0 --per-host-delay 0 --timeout 2 "$tmp/feeds.txt"
kill "$fpid" 2>/dev/null
wait "$fpid" 2>/dev/null
# the work queue (docs/monitoring.md): publish (with a line that is not a document), a worker
# that stores, dead-letters a message that is not a document and exits on --idle-exit, and
# --list-dead, against a nats-server on loopback started here (and stopped at the end)
NPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
nats-server -js -sd "$tmp/js" -a 127.0.0.1 -p "$NPORT" >"$tmp/nats.log" 2>&1 &
npid=$!
trap 'kill "$npid" 2>/dev/null; pg_stop; rm -rf "$tmp"' EXIT
up=0
for i in $(seq 1 100); do
    if (exec 5<>"/dev/tcp/127.0.0.1/$NPORT") 2>/dev/null; then up=1; break; fi
    sleep 0.1
done
if [ $up = 1 ] && exec 5<>"/dev/tcp/127.0.0.1/$NPORT"; then
    printf 'CONNECT {"verbose":false}\r\nPUB tacitus.docs 4\r\njunk\r\nPING\r\n' >&5
    read -r -t 10 _ <&5; read -r -t 10 _ <&5 # INFO, PONG
    exec 5>&-
    check "publish (a line that is not a document)" $BIN publish --nats "nats://127.0.0.1:$NPORT" "$tmp/in.jsonl"
    check "worker: stores, dead-letters, exits on --idle-exit" $BIN worker --nats "nats://127.0.0.1:$NPORT" \
        --db "$tmp/queue.db" --max-deliver 1 --idle-exit 1
    check "worker --list-dead" $BIN worker --nats "nats://127.0.0.1:$NPORT" --list-dead
else
    n=$((n + 1)); echo "not ok $n - valgrind: nats-server cannot start: $(tail -n 2 "$tmp/nats.log")"
fi
kill "$npid" 2>/dev/null
wait "$npid" 2>/dev/null
exit 0 # (the TAP lines above carry every failure; nats-server's own exit status on SIGTERM is not one)
