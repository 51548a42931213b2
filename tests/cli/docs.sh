#!/usr/bin/env bash
# docs.sh - stored documents are what the user gave: a file's document id is
# its path as given (two files of one name are two documents), a JSON Lines
# record without an id is named by its text hash, an HTML page's date stands
# in for a missing publication date and a document with none is warned about;
# 'tacitus recode' after a dictionary change moves an event to the incident it
# now matches (the incident it leaves is deleted, the other keeps its id and
# its figure history holds both reports); 'tacitus delete' removes documents,
# reconciles their incidents and leaves no orphan row in any table; unknown
# ids are refused with exit 2 and change nothing.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/docs.sh
# with TACITUS_DATA and TACITUS_GAZETTEER set. Needs jq and the sqlite3 command
# (and psql for PostgreSQL). Prints TAP lines. The reports and the two armed groups
# are invented here.
#
# With TACITUS_STORE_BACKEND=postgresql (and PGHOST, PGPORT, PGUSER naming a
# server, as tests/lib/pg.sh starts one) every store is a new PostgreSQL
# database, read with psql.
set -u
BACKEND=${TACITUS_STORE_BACKEND:-sqlite}
T=${TACITUS:-build/tacitus}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
DATA=$(cd "${TACITUS_DATA:-data}" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-docs.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C
unset TACITUS_DB
DB_PREFIX=docs_

. "$(dirname "$0")/../lib/tap.sh"     # pass, fail, run, expect_rc, check
. "$(dirname "$0")/../lib/backend.sh" # newdb, sql

# is DESC GOT WANT: pass when the two strings are equal
is() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  $2" "want: $3" "$(diag)"; fi
}

# Run the binary from $TMP, so that the paths given are relative ones.
run_here() { (cd "$TMP" && run "$@"); RC=$(cat "$TMP/rc"); }
run() {
    LAST_TMO=${TMO:-60}
    timeout -k 5 "$LAST_TMO" "$T" "$@" <"${IN:-/dev/null}" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    echo "$RC" >"$TMP/rc"
}

# ---- the reports (invented) and two dictionaries: in the first, the
# Crimson Valley Front and the Silver Ridge Army are two groups; in the
# second, "Silver Ridge Army" is another name of the Front.
mkdir -p "$TMP/a" "$TMP/b" "$TMP/c" "$TMP/dict1" "$TMP/dict2"
cat >"$TMP/a/report.txt" <<'EOF'
Bomb kills four at Quetta market

A bomb planted on a motorcycle exploded at a crowded vegetable market in Quetta on Monday, killing four people and wounding eleven, police said. The Crimson Valley Front claimed responsibility for the attack in a statement.
EOF
cat >"$TMP/b/report.txt" <<'EOF'
Militants claim deadly Quetta market blast

The Silver Ridge Army said it carried out Monday's bombing of a vegetable market in Quetta, which killed five people. Police said eleven others were wounded in the blast.
EOF
cat >"$TMP/c/page.html" <<'EOF'
<html><head><title>Blast near Quetta bus stop</title>
<meta property="article:published_time" content="2025-04-09T08:00:00Z"></head>
<body><article><p>A bomb exploded near a bus stop in Quetta on Tuesday, killing two people, police said.</p></article></body></html>
EOF
printf 'Gunmen shot dead a shopkeeper in Peshawar on Sunday, police said. Zephyrwords are rare.\n' >"$TMP/c/undated.txt"
for d in dict1 dict2; do
    for f in "$DATA"/*; do ln -s "$f" "$TMP/$d/"; done
    rm "$TMP/$d/actors.txt"
    cp "$DATA/actors.txt" "$TMP/$d/actors.txt"
done
printf 'Crimson Valley Front | rebel group | PK | CVF\nSilver Ridge Army | rebel group | PK | SRA\n' >>"$TMP/dict1/actors.txt"
printf 'Crimson Valley Front | rebel group | PK | CVF; Silver Ridge Army; SRA\n' >>"$TMP/dict2/actors.txt"

# ---- 1. document ids: paths as given, text hashes, HTML dates
DB=$(newdb ids)
run_here ingest --db "$DB" --data dict1 --published 2025-04-08 a/report.txt b/report.txt
expect_rc "ingest two files named report.txt" 0
is "two files of one name are two documents, each id its path as given" \
    "$(sql "$DB" "SELECT id FROM documents ORDER BY id" | tr '\n' ' ')" "a/report.txt b/report.txt "
is "their events are named after the paths" \
    "$(sql "$DB" "SELECT id FROM events ORDER BY id" | tr '\n' ' ')" "a/report.txt#1 b/report.txt#1 "
cp "$TMP/a/report.txt" "$TMP/$(printf 'latin\xe9.txt')"
run_here ingest --db "$DB" --data dict1 --published 2025-04-08 "$(printf 'latin\xe9.txt')"
expect_rc "ingest a file whose name is not UTF-8 (Latin-1)" 1
check "it is refused by name: the store's ids are UTF-8 (rename it, or give an id in JSON Lines)" \
    grep -q "is not UTF-8: rename the file" "$TMP/err"
is "nothing of it is stored" "$(sql "$DB" "SELECT count(*) FROM documents")" 2
run_here ingest --db "$DB" --data dict1 c/page.html c/undated.txt
expect_rc "ingest an HTML page and a text without a date" 0
is "the HTML page's date is its publication date" \
    "$(sql "$DB" "SELECT coalesce(published, '-') FROM documents WHERE id = 'c/page.html'")" "2025-04-09"
check "the text without a date is warned about, by name" grep -q "warning: c/undated.txt: no publication date" "$TMP/err"
check "the page with a date is not warned about" bash -c "! grep -q 'page.html' '$TMP/err'"
printf 'Checkpoint attack in Quetta\n\nPublished April 11, 2025\n\nGunmen attacked a checkpoint in Quetta on Thursday, killing two guards.\n' >"$TMP/c/stamped.txt"
run_here ingest --db "$DB" --data dict1 c/stamped.txt
is "a text with its own timestamp line is dated by it, not warned about" \
    "$(sql "$DB" "SELECT coalesce(published, '-') FROM documents WHERE id = 'c/stamped.txt'") $(grep -c 'no publication date' "$TMP/err")" \
    "2025-04-11 0"
printf '{"text":"Gunmen killed two guards at a checkpoint in Quetta on Friday.","published":"2025-04-04"}\n{"id":"kept-1","text":"Police arrested three men in Lahore on Friday.","published":"2025-04-04"}\n' >"$TMP/in.jsonl"
IN=$TMP/in.jsonl run_here ingest --db "$DB" --data dict1 -
expect_rc "ingest JSON Lines on stdin, one record without an id" 0
is "a record without an id is named by its text hash; one with an id keeps it" \
    "$(sql "$DB" "SELECT count(*) FROM documents WHERE id = text_hash AND title IS NULL AND text LIKE 'Gunmen killed two guards%'")|$(sql "$DB" "SELECT count(*) FROM documents WHERE id = 'kept-1'")" "1|1"

run_here code --data dict1 --published 2025-04-08 a/report.txt b/report.txt
expect_rc "code the two files named report.txt" 0
is "'code' names them by their paths too" "$(jq -r .doc.id "$TMP/out" | tr '\n' ' ')" "a/report.txt b/report.txt "
cp "$TMP/out" "$TMP/both.jsonl"
IN=$TMP/a/report.txt run_here code --data dict1 -
expect_rc "code a report from stdin" 0
is "a report read from stdin is named by its text's hash" "$(jq -r .doc.id "$TMP/out")" \
    "$(sql "$DB" "SELECT text_hash FROM documents WHERE id = 'a/report.txt'")"
DB2=$(newdb coded)
run_here ingest --db "$DB2" --coded both.jsonl
expect_rc "ingest the coded records of the two files" 0
is "they are two stored documents" "$(sql "$DB2" "SELECT count(*) FROM documents")" 2

# ---- 2. recode after a dictionary change
DB=$(newdb recode)
run_here ingest --db "$DB" --data dict1 --published 2025-04-08 a/report.txt b/report.txt
expect_rc "ingest the two reports of one attack (first dictionary)" 0
INC_A=$(sql "$DB" "SELECT incident_id FROM events WHERE doc_id = 'a/report.txt'")
INC_B=$(sql "$DB" "SELECT incident_id FROM events WHERE doc_id = 'b/report.txt'")
check "two groups the dictionary keeps apart: two incidents ($INC_A, $INC_B)" [ -n "$INC_A" -a -n "$INC_B" -a "$INC_A" != "$INC_B" ]
run_here recode --db "$DB" --data dict1
expect_rc "recode with the same dictionary" 0
is "recoding with the same dictionary keeps every incident and its id" \
    "$(sql "$DB" "SELECT doc_id || '=' || incident_id FROM events ORDER BY doc_id" | tr '\n' ' ')" \
    "a/report.txt=$INC_A b/report.txt=$INC_B "
run_here recode --db "$DB" --data dict2
expect_rc "recode after the dictionary learnt that the Silver Ridge Army is the Front" 0
is "both reports are now one incident, the first report's" \
    "$(sql "$DB" "SELECT doc_id || '=' || incident_id FROM events ORDER BY doc_id" | tr '\n' ' ')" \
    "a/report.txt=$INC_A b/report.txt=$INC_A "
is "the incident the moved event left is gone" "$(sql "$DB" "SELECT count(*) FROM incidents WHERE id = '$INC_B'")" 0
is "the incident counts both reports" "$(sql "$DB" "SELECT n_events || ' ' || n_documents FROM incidents WHERE id = '$INC_A'")" "2 2"
is "its figure history holds both reports' killed figures" \
    "$(sql "$DB" "SELECT doc_id || ':' || min FROM figure_history WHERE incident_id = '$INC_A' AND kind = 'killed' ORDER BY doc_id" | tr '\n' ' ')" \
    "a/report.txt:4 b/report.txt:5 "
check "the moved event's join reason names the incident it matched" \
    grep -q "matches the core of $INC_A" <(sql "$DB" "SELECT join_reason FROM events WHERE doc_id = 'b/report.txt'")
run_here show --db "$DB" "$INC_A"
expect_rc "show the merged incident" 0
check "show lists both reports" grep -q "b/report.txt" "$TMP/out"
run_here recode --db "$DB" --data dict1 b/report.txt
expect_rc "recode one named document with the first dictionary again" 0
INC_B2=$(sql "$DB" "SELECT incident_id FROM events WHERE doc_id = 'b/report.txt'")
check "it leaves the incident again, for a new one ($INC_B2), not the deleted one's id" \
    [ -n "$INC_B2" -a "$INC_B2" != "$INC_A" -a "$INC_B2" != "$INC_B" ]
run_here recode --db "$DB" --data dict2 nosuch/report.txt b/report.txt
expect_rc "recode an unknown document" 2
check "the error names it" grep -q "nosuch/report.txt: no such document" "$TMP/err"
is "nothing was recoded" "$(sql "$DB" "SELECT incident_id FROM events WHERE doc_id = 'b/report.txt'")" "$INC_B2"
printf '%s\n' '{"doc":{"id":"coded-1","published":"2025-04-08"},"events":[]}' >"$TMP/coded.jsonl"
run_here ingest --db "$DB" --coded coded.jsonl
run_here recode --db "$DB" --data dict2 coded-1
expect_rc "recode a document stored without text" 1
check "it is reported as left alone" grep -q "coded-1: no stored text" "$TMP/err"

# ---- 3. delete
# orphans DB: one line per table, with the rows that point at nothing (or,
# for incidents, that nothing points at; for the incidents' rollup, its counts
# by month, type, country and background that differ from the incidents'), and
# the tables the check knows (the news feeds' feeds and feed_items have no
# orphans to look for: an item stays taken when its document is deleted, so the
# poller does not fetch a deleted report again)
ROLLUP="SELECT * FROM (SELECT month, event_type, country_code, background, sum(n) AS n, sum(killed) AS k
 FROM incident_rollup GROUP BY month, event_type, country_code, background) r"
COUNTED="SELECT * FROM (SELECT substr(date_start, 1, 7) AS month, event_type, country_code, background, count(*) AS n,
 coalesce(sum(killed_min), 0) AS k FROM incidents WHERE json IS NOT NULL
 GROUP BY substr(date_start, 1, 7), event_type, country_code, background) c"
orphans() {
    local db=$1 q
    q="SELECT 'documents', count(*) FROM documents d WHERE n_events != (SELECT count(*) FROM events e WHERE e.doc_id = d.id)
UNION ALL SELECT 'events', count(*) FROM events e WHERE e.doc_id NOT IN (SELECT id FROM documents) OR e.incident_id NOT IN (SELECT id FROM incidents)
UNION ALL SELECT 'incidents', count(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.id)
UNION ALL SELECT 'figure_history', count(*) FROM figure_history f WHERE f.doc_id NOT IN (SELECT doc_id FROM events e WHERE e.incident_id = f.incident_id)
UNION ALL SELECT 'meta', count(*) FROM meta WHERE key NOT IN ('schema_version', 'created_by', 'max_span_days', 'last_incident')
UNION ALL SELECT 'incident_rollup', (SELECT count(*) FROM ($ROLLUP EXCEPT $COUNTED) a)
 + (SELECT count(*) FROM ($COUNTED EXCEPT $ROLLUP) b)"
    if [ "$BACKEND" = postgresql ]; then
        q="$q UNION ALL SELECT 'tables: ' || string_agg(tablename, ',' ORDER BY tablename), 0 FROM pg_tables WHERE schemaname = current_schema()"
    else
        q="$q UNION ALL SELECT 'incidents_rtree', count(*) FROM incidents_rtree WHERE id NOT IN (SELECT rowid FROM incidents)
UNION ALL SELECT 'documents_fts', count(*) FROM documents_fts WHERE documents_fts MATCH 'zephyrwords OR vegetable' AND rowid NOT IN (SELECT rowid FROM documents)
UNION ALL SELECT 'tables: ' || group_concat(name, ','), 0 FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'incidents_rtree_%' AND name NOT LIKE 'documents_fts_%' AND name NOT LIKE 'sqlite_%' ORDER BY name)"
    fi
    sql "$db" "$q" | tr '\n' ' '
}
NO_ORPHANS="documents|0 events|0 incidents|0 figure_history|0 meta|0 incident_rollup|0 "
if [ "$BACKEND" = postgresql ]; then
    NO_ORPHANS="${NO_ORPHANS}tables: documents,events,feed_items,feeds,figure_history,incident_rollup,incidents,meta|0 "
else
    NO_ORPHANS="${NO_ORPHANS}incidents_rtree|0 documents_fts|0 tables: documents,documents_fts,events,feed_items,feeds,figure_history,incident_rollup,incidents,incidents_rtree,meta|0 "
fi
DB=$(newdb delete)
run_here ingest --db "$DB" --data dict2 --published 2025-04-08 a/report.txt b/report.txt c/undated.txt
expect_rc "ingest three reports (two of one incident)" 0
INC=$(sql "$DB" "SELECT incident_id FROM events WHERE doc_id = 'a/report.txt'")
INC_U=$(sql "$DB" "SELECT incident_id FROM events WHERE doc_id = 'c/undated.txt'")
check "the two reports of the attack are one incident" \
    [ "$(sql "$DB" "SELECT count(DISTINCT incident_id) FROM events WHERE doc_id LIKE '%report.txt'")" = 1 ]
is "a store as ingested has no orphan" "$(orphans "$DB")" "$NO_ORPHANS"
before=$(sql "$DB" "SELECT count(*) FROM documents")/$(sql "$DB" "SELECT count(*) FROM events")
run_here delete --db "$DB" a/report.txt no/such.txt
expect_rc "delete with an unknown document" 2
check "the error names it" grep -q "no/such.txt: no such document" "$TMP/err"
is "nothing was deleted" "$(sql "$DB" "SELECT count(*) FROM documents")/$(sql "$DB" "SELECT count(*) FROM events")" "$before"
run_here delete --db "$DB" a/report.txt
expect_rc "delete one report of the attack" 0
is "its incident keeps the other report, reconciled" \
    "$(sql "$DB" "SELECT n_events || ' ' || n_documents FROM incidents WHERE id = '$INC'")" "1 1"
check "the incident's documents and figures no longer name it" \
    [ "$(sql "$DB" "SELECT count(*) FROM incidents WHERE json LIKE '%a/report.txt%'")$(sql "$DB" "SELECT count(*) FROM figure_history WHERE doc_id = 'a/report.txt'")" = 00 ]
is "no orphan after deleting a report" "$(orphans "$DB")" "$NO_ORPHANS"
run_here recode --db "$DB" --data no-such-dir
expect_rc "recode with a dictionary folder that does not exist" 3
run_here delete --db "$DB" b/report.txt c/undated.txt b/report.txt
expect_rc "delete the other two reports (one named twice)" 0
check "the summary counts two documents" grep -q "2 documents deleted (2 events)" "$TMP/err"
is "their incidents are gone" "$(sql "$DB" "SELECT count(*) FROM incidents WHERE id IN ('$INC', '$INC_U')")" 0
is "no orphan after deleting whole incidents" "$(orphans "$DB")" "$NO_ORPHANS"
is "the store is empty" "$(sql "$DB" "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM events) + (SELECT count(*) FROM incidents) + (SELECT count(*) FROM figure_history)")" 0
if [ "$BACKEND" != postgresql ]; then
    check "the full-text index agrees with the documents (FTS5 integrity-check)" \
        sqlite3 "$DB" "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')"
fi
run_here ingest --db "$DB" --data dict2 --published 2025-04-08 a/report.txt
expect_rc "a deleted document can be ingested again" 0
is "it is stored once more" "$(sql "$DB" "SELECT count(*) FROM documents WHERE id = 'a/report.txt'")" 1

# ---- 4. usage
run_here delete --help
expect_rc "delete --help" 0
run_here recode --help
expect_rc "recode --help" 0
run_here delete --db "$DB"
expect_rc "delete without a document" 2
run_here recode --db "$DB" --bogus
expect_rc "recode with an unknown option" 2
if [ "$BACKEND" = postgresql ]; then MISSING=$(newdb missing); else MISSING=$TMP/missing.db; fi
run_here delete --db "$MISSING" a/report.txt
expect_rc "delete from a store that does not exist" 4
is "no store was created for it" "$(if [ "$BACKEND" = postgresql ]; then sql "$MISSING" "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"; else ls "$TMP" | grep -c '^missing'; fi)" 0
run_here recode --db "$MISSING"
expect_rc "recode a store that does not exist" 4

echo "1..$N"
