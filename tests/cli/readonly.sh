#!/usr/bin/env bash
# readonly.sh - a SQLite store the reader cannot write is readable: query, show, export and
# serve run as an unprivileged user (runuser) on (a) a store in a folder of mode 0555, file
# 0444, and (b) a store owned by root in a root folder (0755, file 0644), the server also
# seeing what root ingests while it runs, and a reader through the -wal of a store that a
# writer holds open; (c) afterwards no -wal or -shm file is left next to either store and
# reading changed neither file; (d) the user's ingest is refused with exit 4 and one line.
# Also: the store's owner reading it in its own folder leaves no -wal or -shm behind, and
# the writer's store is in WAL mode.
#
# Run from the repository root, as root, as: env TACITUS=<binary> bash tests/cli/readonly.sh
# Needs runuser, curl, jq and python3; creates the system user tacitus-test when absent.
# Run as another user it skips. Prints TAP lines. The reports are invented here.
set -u
T=${TACITUS:-build/tacitus}
export LC_ALL=C no_proxy='*' NO_PROXY='*'
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-readonly.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
SPID= HOLDER=
trap '[ -n "$SPID" ] && kill "$SPID" 2>/dev/null; [ -n "$HOLDER" ] && kill "$HOLDER" 2>/dev/null; wait; chmod -R u+w "$TMP"; rm -rf "$TMP"' EXIT
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/serve.sh"

if [ "$(id -u)" -ne 0 ]; then
    skip "read-only stores as an unprivileged user: needs root (runuser)"
    echo "1..$N"
    exit 0
fi
U=tacitus-test
id -u "$U" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$U" 2>/dev/null || U=nobody
chmod 0755 "$TMP"
as_user() { runuser -u "$U" -- "$@"; }

# The binary where the user can run it: the repository may not be open to others.
BIN=$(realpath "$T")
if ! as_user test -x "$BIN"; then
    cp "$BIN" "$TMP/tacitus" && chmod 0755 "$TMP/tacitus" && BIN=$TMP/tacitus
fi
# and the coder's data for the server, when the user cannot read them (else /api/code is off)
for v in TACITUS_DATA TACITUS_GAZETTEER; do
    p=${!v:-}
    [ -n "$p" ] && [ -e "$p" ] || continue
    if ! as_user test -r "$p"; then cp -r "$p" "$TMP/" && chmod -R a+rX "$TMP/$(basename "$p")" && export "$v=$TMP/$(basename "$p")"; fi
done

report() { # ID CITY DAY KILLED PUBLISHED: one invented report as a JSON line
    printf '{"id":"%s","published":"%s","text":"A bomb exploded in a market in %s on %s, killing %s people. Police said the attack was under investigation."}\n' "$@"
}
{
    report r1 Peshawar Monday 4 2024-03-05
    report r2 Mosul Tuesday 7 2024-05-14
    report r3 Mogadishu Friday 12 2024-07-19
    report r4 Kabul Wednesday 3 2024-09-11
} >"$TMP/first.jsonl"
{
    report r5 Maiduguri Thursday 9 2024-10-17
    report r6 Goma Monday 5 2024-11-25
} >"$TMP/second.jsonl"
{
    report r7 Quetta Tuesday 6 2024-12-03
} >"$TMP/third.jsonl"

# ---- the stores, written by root
mkdir "$TMP/a" "$TMP/b"
"$T" ingest --db "$TMP/a/s.db" "$TMP/first.jsonl" 2>"$TMP/err"; RC=$?
cp "$TMP/a/s.db" "$TMP/b/s.db"
NINC=$(sqlite3 "$TMP/a/s.db" "SELECT count(*) FROM incidents")
check "root ingests 4 invented reports: $NINC incidents (exit $RC)" [ "$RC" -eq 0 -a "$NINC" -ge 4 ]
check "the store is in WAL mode (header bytes 18, 19 = 2)" \
    [ "$(od -An -tu1 -j18 -N2 "$TMP/a/s.db" | tr -s ' ')" = " 2 2" ]
"$T" query --db "$TMP/a/s.db" >"$TMP/q.root" 2>"$TMP/err"; RC=$?
ID=$(awk 'NR == 2 {print $1}' "$TMP/q.root")
check "root's query in its own folder (exit $RC) leaves no -wal or -shm behind" \
    [ "$RC" -eq 0 -a -n "$ID" -a ! -e "$TMP/a/s.db-wal" -a ! -e "$TMP/a/s.db-shm" ]
"$T" show --db "$TMP/a/s.db" "$ID" >"$TMP/show.root" 2>"$TMP/err"
"$T" export --db "$TMP/a/s.db" --format jsonl >"$TMP/export.root" 2>"$TMP/err"

rm -f "$TMP/a/s.db-wal" "$TMP/a/s.db-shm" # (left by a reader that test 3 failed: (a) is without them)
chmod 0444 "$TMP/a/s.db"; chmod 0555 "$TMP/a"
chmod 0644 "$TMP/b/s.db"; chmod 0755 "$TMP/b"
SUM_A=$(md5sum <"$TMP/a/s.db")
check "the user $U can write neither store nor folder" \
    eval '! as_user test -w "$TMP/a/s.db" && ! as_user test -w "$TMP/a" && ! as_user test -w "$TMP/b/s.db" && ! as_user test -w "$TMP/b"'

# reads DIR NAME: query, show and export as the user give what root's gave
reads() {
    local d=$1 n=$2 rq rs re
    as_user "$BIN" query --db "$TMP/$d/s.db" >"$TMP/out" 2>"$TMP/err"; rq=$?
    check "$n: query as $U: exit $rq, the same $NINC rows as root's" eval '[ "$rq" -eq 0 ] && cmp -s "$TMP/out" "$TMP/q.root"'
    as_user "$BIN" show --db "$TMP/$d/s.db" "$ID" >"$TMP/out" 2>"$TMP/err"; rs=$?
    check "$n: show $ID as $U: exit $rs, as root's" eval '[ "$rs" -eq 0 ] && cmp -s "$TMP/out" "$TMP/show.root"'
    as_user "$BIN" export --db "$TMP/$d/s.db" --format jsonl >"$TMP/out" 2>"$TMP/err"; re=$?
    check "$n: export as $U: exit $re, $(wc -l <"$TMP/out") lines as root's" \
        eval '[ "$re" -eq 0 ] && [ -s "$TMP/out" ] && cmp -s "$TMP/out" "$TMP/export.root"'
}

# ---- (a) a read-only folder and file
reads a "a (folder 0555, file 0444)"

# ---- (b) root's store in root's folder
reads b "b (root's folder 0755, file 0644)"

# served by the user; root ingests more while it runs
served() { # PATH JQ-FILTER: the filter over the JSON the server answers
    curl -s -m 10 "http://127.0.0.1:$P$1" >"$TMP/body" && jq -e "$2" "$TMP/body" >/dev/null 2>&1
}
if serve_start "$TMP/serr" runuser -u "$U" -- "$BIN" serve --db "$TMP/b/s.db" --port 0; then
    pass "b: serve as $U starts ($P)"
    check "b: /api/incidents lists the $NINC incidents" served "/api/incidents?limit=500" ".incidents | length == $NINC"
    check "b: /api/stats counts them" served "/api/stats" "[.buckets[].incidents] | add == $NINC"
    "$T" ingest --db "$TMP/b/s.db" "$TMP/second.jsonl" 2>"$TMP/err"; RC=$?
    NINC2=$(sqlite3 "$TMP/b/s.db" "SELECT count(*) FROM incidents")
    check "b: root ingests 2 more reports while it is served (exit $RC, $NINC2 incidents)" [ "$RC" -eq 0 -a "$NINC2" -gt "$NINC" ]
    check "b: the server then lists all $NINC2" served "/api/incidents?limit=500" ".incidents | length == $NINC2"
    check "b: and /api/stats counts them" served "/api/stats" "[.buckets[].incidents] | add == $NINC2"
    # a writer holds the store open and commits into its -wal: the server reads through it
    python3 - "$TMP/b/s.db" "$TMP/held" "$TMP/release" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM meta").fetchall()
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[3]):
    time.sleep(0.02)
c.close()
PY
    HOLDER=$!
    for _ in $(seq 250); do [ -e "$TMP/held" ] && break; sleep 0.02; done
    "$T" ingest --db "$TMP/b/s.db" "$TMP/third.jsonl" 2>"$TMP/err"; RC=$?
    NINC3=$(sqlite3 "$TMP/b/s.db" "SELECT count(*) FROM incidents")
    check "b: root ingests 1 more while another connection holds the store: in its -wal (exit $RC)" \
        [ "$RC" -eq 0 -a "$NINC3" -gt "$NINC2" -a -e "$TMP/b/s.db-wal" ]
    check "b: the server lists all $NINC3, read through the -wal" served "/api/incidents?limit=500" ".incidents | length == $NINC3"
    as_user "$BIN" query --db "$TMP/b/s.db" >"$TMP/out" 2>"$TMP/err"; RC=$?
    check "b: and so does query as $U (exit $RC)" [ "$RC" -eq 0 -a "$(($(wc -l <"$TMP/out") - 1))" -eq "$NINC3" ]
    kill "$(pgrep -P "$SPID")"; wait "$SPID"; RC=$?; SPID= # the server, runuser's child
    check "b: the server stops on SIGTERM: exit $RC, no sanitizer report" \
        eval '[ "$RC" -eq 0 ] && ! grep -qE "Sanitizer|runtime error:" "$TMP/serr"'
    : >"$TMP/release"; wait "$HOLDER"; HOLDER=
else
    fail "b: serve as $U starts" "$(head -c 600 "$TMP/serr")"
fi
SUM_B=$(md5sum <"$TMP/b/s.db")
as_user "$BIN" query --db "$TMP/b/s.db" >/dev/null 2>"$TMP/err"
as_user "$BIN" export --db "$TMP/b/s.db" --format geojson >/dev/null 2>>"$TMP/err"

# ---- (c) nothing left behind, nothing changed
check "c: no -wal or -shm next to either store" eval '[ -z "$(ls "$TMP/a" "$TMP/b" | grep -E -- "-(wal|shm)$")" ]'
check "c: the user's reads left both stores' bytes unchanged" \
    eval '[ "$(md5sum <"$TMP/a/s.db")" = "$SUM_A" ] && [ "$(md5sum <"$TMP/b/s.db")" = "$SUM_B" ]'

# ---- (d) the user cannot ingest into them
for d in a b; do
    as_user "$BIN" ingest --db "$TMP/$d/s.db" "$TMP/second.jsonl" >/dev/null 2>"$TMP/err"; RC=$?
    check "d: ingest into $d as $U: exit $RC (4), one line saying read-only" \
        eval '[ "$RC" -eq 4 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q "read-only" "$TMP/err"'
done
check "d: both stores unchanged, nothing left behind" \
    eval '[ "$(md5sum <"$TMP/a/s.db")" = "$SUM_A" ] && [ "$(md5sum <"$TMP/b/s.db")" = "$SUM_B" ] && [ -z "$(ls "$TMP/a" "$TMP/b" | grep -E -- "-(wal|shm)$")" ]'

echo "1..$N"
