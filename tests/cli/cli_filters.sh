#!/usr/bin/env bash
# cli_filters.sh - the command line's filters and output (issue 12, item 2):
# --country by name, alpha-2 and alpha-3 code and demonym, each giving the same
# incidents, and an unknown country an exit-2 error naming what is accepted;
# --type and --sub-type in any case, an unknown type listing the accepted ones;
# --admin1 and --cameo checked; --near by place name ("Quetta,25": Quetta's
# incident, not Karachi's), by coordinates, an unknown place, an ambiguous one
# named on stderr; --format json accepted for jsonl (query, export, code); show
# --format pretty|jsonl and a lowercase incident id; the query table aligned by
# display width (a name with a combining mark, CJK names, one cut to fit);
# progress lines (--progress on a non-terminal, counts, percent and ETA for
# files, counts only for stdin; none by default or with --quiet); SIGINT to a
# running ingest of a generated file (exit 130, a summary, every stored
# document whole) and to one waiting on stdin.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/cli_filters.sh
# with TACITUS_DATA and TACITUS_GAZETTEER set. Needs jq, python3 and sqlite3.
# Prints TAP lines. Every report here is invented.
set -u

T=${TACITUS:-build/tacitus}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-cli-filters.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
BGPID=
trap '[ -n "$BGPID" ] && kill -9 "$BGPID" 2>/dev/null; rm -rf "$TMP"' EXIT
export LC_ALL=C

# TAP helpers: pass, skip, fail, diag, run, insane, expect_rc, check, jqt
. "$(dirname "$0")/../lib/tap.sh"

for c in jq python3 sqlite3; do
    command -v "$c" >/dev/null || { echo "not ok 1 - $c is not installed"; exit 1; }
done

# same DESC FILE1 FILE2: the two outputs are equal and not empty
same() {
    if [ -s "$2" ] && cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$(head -c 300 "$2")" "$(head -c 300 "$3")"; fi
}
# err_says DESC PATTERN...: the last run's stderr is one line holding every PATTERN
err_says() {
    local d=$1 p
    shift
    if [ "$(wc -l <"$TMP/err")" -ne 1 ]; then fail "$d" "expected one stderr line" "$(diag)"; return; fi
    for p in "$@"; do
        grep -qF -- "$p" "$TMP/err" || { fail "$d" "stderr does not say '$p'" "$(diag)"; return; }
    done
    pass "$d"
}
# ids FILE: the incident ids of a JSON Lines output, one a line
ids() { jq -r .id "$1"; }

# ---- a store of invented reports ------------------------------------------------
cat >"$TMP/docs.jsonl" <<'EOF'
{"id":"r1","published":"2024-03-04","title":"Bomb kills four in Quetta","text":"QUETTA - A roadside bomb exploded near a police van in Quetta on Sunday, killing four policemen and wounding seven others, officials said."}
{"id":"r2","published":"2024-03-09","title":"Gunmen clash with troops in Karachi","text":"KARACHI - Gunmen clashed with soldiers in Karachi on Friday, and two soldiers were killed in the fighting, the army said."}
{"id":"r3","published":"2024-04-02","title":"Protesters rally in Hyderabad","text":"HYDERABAD, India - Thousands of farmers protested peacefully in Hyderabad on Monday against new water rules."}
{"id":"r4","published":"2024-04-11","title":"Militants attack village in Borno","text":"MAIDUGURI, Nigeria - Militants attacked a village near Maiduguri on Wednesday, killing nine villagers, residents said."}
EOF
DB=$TMP/s.db
run ingest --db "$DB" "$TMP/docs.jsonl"
expect_rc "ingest the invented reports" 0
# coded records with invented place names for the table: CJK, one longer than
# the column, and a Latin name with a combining macron (Sri + U+0304 + nagar)
run code "$TMP/docs.jsonl"
grep '"r4"' "$TMP/out" >"$TMP/r4.json"
for n in 5 6 7; do
    case $n in 5) name='北海市場' ;; 6) name='北海市場北海市場北海市場' ;; 7) name=$'Sri\xcc\x84nagar' ;; esac
    jq -c --arg n "$name" --arg id "r$n" --arg d "2024-05-0$n" \
        '.doc.id=$id | .doc.text=("An invented report " + $id) | .events[0].id=($id + "-e1") |
         .events[0].location.name=$n | .events[0].location.lat=(10 + ($d[9:]|tonumber)) |
         .events[0].location.lon=100 | .events[0].location.country_code="CN" | .events[0].date.start=$d |
         .events[0].date.end=$d' "$TMP/r4.json"
done >"$TMP/wide.jsonl"
run ingest --coded --db "$DB" "$TMP/wide.jsonl"
expect_rc "ingest coded records with multibyte place names" 0

# ---- --country ------------------------------------------------------------------
run query --db "$DB" --country PK --format jsonl
cp "$TMP/out" "$TMP/pk"
check "--country PK finds the two Pakistani incidents" \
    bash -c '[ "$(jq -r .location.country_code "$1" | sort -u)" = PK ] && [ "$(wc -l <"$1")" -eq 2 ]' _ "$TMP/pk"
for c in Pakistan pakistan pk PAK Pakistani; do
    run query --db "$DB" --country "$c" --format jsonl
    same "--country $c gives what --country PK gives" "$TMP/pk" "$TMP/out"
done
run query --db "$DB" --country Atlantis
expect_rc "an unknown country" 2
err_says "an unknown country: one line naming it and what is accepted" \
    "tacitus query: --country: unknown country 'Atlantis'" "name, ISO code or demonym"
run export --db "$DB" --country Atlantis --format csv
expect_rc "export: an unknown country" 2

# ---- --type, --sub-type, --admin1, --cameo ------------------------------------------
run query --db "$DB" --type Battles --format jsonl
cp "$TMP/out" "$TMP/battles"
check "--type Battles finds the Karachi clash" \
    bash -c '[ "$(jq -r .location.name "$1")" = Karachi ]' _ "$TMP/battles"
for t in battles BATTLES; do
    run query --db "$DB" --type "$t" --format jsonl
    same "--type $t gives what --type Battles gives" "$TMP/battles" "$TMP/out"
done
run query --db "$DB" --sub-type "armed CLASH" --format jsonl
same "--sub-type 'armed CLASH' gives the clash" "$TMP/battles" "$TMP/out"
run query --db "$DB" --type "violence against civilians" --format jsonl
check "--type 'violence against civilians' finds the attacks" \
    bash -c '[ "$(jq -r .event_type "$1" | sort -u)" = "Violence against civilians" ] && [ "$(wc -l <"$1")" -eq 4 ]' \
    _ "$TMP/out"
run query --db "$DB" --type skirmishes
expect_rc "an unknown type" 2
err_says "an unknown type: one line naming it and listing the accepted types" \
    "--type: unknown event type 'skirmishes'" "Battles" "Protests" "Violence against civilians" "Strategic developments"
run query --db "$DB" --sub-type ambush
expect_rc "an unknown sub-type" 2
err_says "an unknown sub-type lists the accepted ones" "unknown sub-event type 'ambush'" "Armed clash"
run query --db "$DB" --admin1 sindh --format jsonl
check "--admin1 sindh (any case) finds Karachi" bash -c '[ "$(jq -r .location.name "$1")" = Karachi ]' _ "$TMP/out"
run query --db "$DB" --admin1 Sindh --country IN
expect_rc "a province of another country" 2
err_says "... is unknown there" "--admin1: unknown province or state 'Sindh' in IN"
run query --db "$DB" --cameo 1x
expect_rc "a CAMEO code that is not one" 2
err_says "... says what a CAMEO code is" "--cameo: expected a CAMEO code or prefix of 2 to 4 digits"

# ---- --near -------------------------------------------------------------------------
run query --db "$DB" --near "Quetta,25" --format jsonl
check "--near Quetta,25 finds the Quetta bombing and not the Karachi clash" \
    bash -c '[ "$(jq -r .location.name "$1")" = Quetta ]' _ "$TMP/out"
check "--near Quetta,25: an unambiguous name, nothing on stderr" test ! -s "$TMP/err"
run query --db "$DB" --near "30.18,67.00,25" --format jsonl
check "--near by coordinates still works" bash -c '[ "$(jq -r .location.name "$1")" = Quetta ]' _ "$TMP/out"
run query --db "$DB" --near "Hyderabad,30" --format jsonl
expect_rc "--near an ambiguous name" 0
check "... takes the most populous place and says which on stderr" \
    bash -c 'grep -q "^tacitus query: --near: .Hyderabad. names [0-9]* places; taking Hyder.*Telangana, India" "$1" &&
             [ "$(jq -r .location.country_code "$2")" = IN ]' _ "$TMP/err" "$TMP/out"
run query --db "$DB" --near "Pakistan,2000" --format jsonl
check "--near a country takes the country" bash -c '[ "$(wc -l <"$1")" -ge 2 ]' _ "$TMP/out"
run query --db "$DB" --near "Xqzzyville,25"
expect_rc "--near an unknown place" 2
err_says "... names it" "--near: unknown place 'Xqzzyville'"
run query --db "$DB" --near "Quetta"
expect_rc "--near without a radius" 2
err_says "... says both forms" "expected LAT,LON,KM or PLACE,KM"
run query --db "$DB" --near "30.2,67.0"
expect_rc "--near a point without a radius" 2
err_says "... says both forms, not 'unknown place'" "expected LAT,LON,KM or PLACE,KM"

# ---- formats ------------------------------------------------------------------------
run query --db "$DB" --format jsonl
cp "$TMP/out" "$TMP/all.jsonl"
run query --db "$DB" --format json
same "query --format json is jsonl" "$TMP/all.jsonl" "$TMP/out"
run export --db "$DB" --format json
same "export --format json is jsonl" "$TMP/all.jsonl" "$TMP/out"
run query --db "$DB" --format yaml
expect_rc "an unknown format" 2
err_says "... lists the accepted ones" "unknown format 'yaml'" "table, jsonl, csv"
run code --format jsonl "$TMP/docs.jsonl"
check "code --format jsonl: one record a line" bash -c '[ "$(jq -c . "$1" | wc -l)" -eq 4 ]' _ "$TMP/out"

# ---- show ---------------------------------------------------------------------------
ID=$(jq -r 'select(.location.name == "Quetta") | .id' "$TMP/all.jsonl")
LOWER=$(printf '%s' "$ID" | tr 'A-Z' 'a-z')
run show --db "$DB" "$LOWER"
expect_rc "show a lowercase id ($LOWER)" 0
check "... prints the incident" bash -c 'head -n 1 "$1" | grep -q "^$2  Explosions/Remote violence"' _ "$TMP/out" "$ID"
cp "$TMP/out" "$TMP/pretty"
run show --db "$DB" --format pretty "$ID"
same "show --format pretty is the default" "$TMP/pretty" "$TMP/out"
for f in jsonl json; do
    run show --db "$DB" --format $f "$LOWER"
    check "show --format $f: one JSON line of the incident, its events, figures and documents" \
        bash -c '[ "$(wc -l <"$1")" -eq 1 ] &&
                 jq -e --arg id "$2" ".incident.id == \$id and (.events|length) == 1 and (.documents[0].id == \"r1\")
                        and (.figures|type) == \"array\"" "$1" >/dev/null' _ "$TMP/out" "$ID"
done
run show --db "$DB" --format table "$ID"
expect_rc "show --format table" 2
err_says "... lists pretty and jsonl" "unknown format 'table'" "pretty, jsonl"
run show --db "$DB" inc-999999
expect_rc "show an id not stored" 2

# ---- the table, by display width ----------------------------------------------------------
run query --db "$DB"
check "the table lists every incident" bash -c '[ "$(wc -l <"$1")" -eq 8 ]' _ "$TMP/out"
python3 - "$TMP/out" "$TMP/all.jsonl" >"$TMP/py" 2>&1 <<'EOF'
import json, sys, unicodedata
def cells(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1
def at(line, col):  # the index of the character starting display column col
    w = 0
    for i, ch in enumerate(line):
        if w == col:
            return i
        w += cells(ch)
    return len(line) if w == col else None
cc = {r["id"]: r["location"]["country_code"] for r in map(json.loads, open(sys.argv[2], encoding="utf-8"))}
rows = open(sys.argv[1], encoding="utf-8").read().splitlines()
for line in rows[1:]:
    i, t = at(line, 48), at(line, 52)
    assert i is not None and line[i - 2:i + 2] == "  " + cc[line[:10]], line
    assert t is not None and line[t - 2:t] == "  " and line[t] != " ", line
places = [r[24:] for r in rows]
assert any("北海市場北海市場北海市" in r and "北海市場北海市場北海市場" not in r for r in places), "not cut to 22 cells"
assert any("Sri\u0304nagar" in r for r in rows), "the combining mark is lost"
print("aligned")
EOF
if grep -q '^aligned$' "$TMP/py"; then pass "table columns align by display width (CJK, a combining mark, a cut name)"
else fail "table columns align by display width" "$(cat "$TMP/py")" "$(cat "$TMP/out")"; fi

# ---- progress -------------------------------------------------------------------------
P='^tacitus ingest: [0-9]+ documents, [0-9]+% of [0-9.]+ MB, [0-9]+/s, ETA [0-9]+:[0-9]{2}; [0-9]+ stored, '
run ingest --progress --db "$TMP/p.db" "$TMP/docs.jsonl"
expect_rc "ingest --progress on a file" 0
check "... a progress line with counts, percent and ETA, ending at 100%" \
    bash -c 'grep -Eq "$2" "$1" && grep -E "$2" "$1" | tail -n 1 | grep -q "^tacitus ingest: 4 documents, 100% of "' \
    _ "$TMP/err" "$P"
IN=$TMP/docs.jsonl run ingest --progress --db "$TMP/p2.db" -
check "ingest --progress on stdin: counts without percent or ETA" \
    bash -c 'grep -Eq "^tacitus ingest: 4 documents, [0-9]+/s; 4 stored" "$1" && ! grep -q "ETA" "$1"' _ "$TMP/err"
run ingest --db "$TMP/p3.db" "$TMP/docs.jsonl"
check "no progress on a non-terminal by default, the summary only" \
    bash -c '[ "$(wc -l <"$1")" -eq 1 ] && grep -q "documents stored" "$1"' _ "$TMP/err"
run ingest --progress --quiet --db "$TMP/p4.db" "$TMP/docs.jsonl"
check "--quiet after --progress: no progress" bash -c '[ "$(wc -l <"$1")" -eq 1 ]' _ "$TMP/err"
run code --progress "$TMP/docs.jsonl"
check "code --progress: counts, percent and ETA on stderr" \
    grep -Eq '^tacitus code: 4 documents, 100% of [0-9.]+ MB, [0-9]+/s, ETA 0:00; [0-9]+ events, 0 failed$' "$TMP/err"

# ---- SIGINT ---------------------------------------------------------------------------
# wait_for FILE PATTERN SECONDS: until FILE has a line matching PATTERN (1) or time runs out (0)
wait_for() {
    local i
    for ((i = 0; i < $3 * 20; i++)); do
        grep -Eq "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}
# stop_bg: SIGINT to $BGPID; sets RC to its exit status (137 when it had to be killed)
stop_bg() {
    kill -INT "$BGPID"
    local i
    for ((i = 0; i < 400; i++)); do kill -0 "$BGPID" 2>/dev/null || break; sleep 0.05; done
    kill -0 "$BGPID" 2>/dev/null && kill -9 "$BGPID"
    wait "$BGPID"
    RC=$?
    BGPID=
}
python3 -c '
import json
places = ["Quetta", "Karachi", "Peshawar", "Lahore", "Multan"]
for i in range(60000):
    text = "A bomb exploded in %s on Monday, killing %d people, police said in report %d." % (places[i % 5], 2 + i % 7, i)
    print(json.dumps({"id": "g%d" % i, "published": "2024-06-%02d" % (1 + i % 28), "text": text}))
' >"$TMP/big.jsonl"
"$T" ingest --progress --batch 50 --db "$TMP/big.db" "$TMP/big.jsonl" 2>"$TMP/err" &
BGPID=$!
if wait_for "$TMP/err" "$P" 30; then
    stop_bg
    if [ "$RC" -eq 130 ]; then pass "SIGINT stops a running ingest: exit 130"; else fail "SIGINT: exit $RC, not 130" "$(tail -n 3 "$TMP/err")"; fi
    stored=$(sed -n 's/^tacitus ingest: \([0-9]*\) documents stored, .*(interrupted: .*$/\1/p' "$TMP/err")
    docs=$(sqlite3 "$TMP/big.db" "SELECT count(*) FROM documents")
    lonely=$(sqlite3 "$TMP/big.db" "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id)")
    check "... a summary says it was interrupted and counts what was stored ($stored; the store holds $docs)" \
        bash -c '[ -n "$1" ] && [ "$1" = "$2" ] && [ "$2" -gt 0 ] && [ "$2" -lt 60000 ]' _ "$stored" "$docs"
    check "... every stored document is whole (each has its event; the file checks)" \
        bash -c '[ "$1" -eq 0 ] && [ "$(sqlite3 "$2" "PRAGMA integrity_check")" = ok ]' _ "$lonely" "$TMP/big.db"
    check "... progress lines were printed before it, below 100%" \
        bash -c 'grep -E "$2" "$1" | head -n 1 | grep -Eqv " 100% of "' _ "$TMP/err" "$P"
else
    kill -9 "$BGPID" 2>/dev/null; BGPID=
    fail "no progress line from a running ingest within 30 s" "$(tail -n 3 "$TMP/err")"
fi
# stdin that stays open (a FIFO this script holds): the interrupted read is no failure
mkfifo "$TMP/fifo"
"$T" ingest --progress --db "$TMP/pipe.db" - <"$TMP/fifo" 2>"$TMP/err" &
BGPID=$!
exec 3>"$TMP/fifo"
head -n 3 "$TMP/docs.jsonl" >&3
sleep 1 # the three documents are read and coded; the ingest waits for more
stop_bg
exec 3>&-
check "SIGINT to an ingest waiting on stdin: exit 130, the 3 documents stored, no read error" \
    bash -c '[ "$1" -eq 130 ] && grep -q "^tacitus ingest: 3 documents stored, .*(interrupted" "$2" &&
             ! grep -q "read error" "$2" && [ "$(sqlite3 "$3" "SELECT count(*) FROM documents")" -eq 3 ]' \
    _ "$RC" "$TMP/err" "$TMP/pipe.db"
echo "1..$N"
