#!/usr/bin/env bash
# bulk.sh - `tacitus ingest --bulk`: the store it writes is, row for row, the
# store that ingesting the same documents one by one in its order (publication
# date, undated last, then id: tests/lib/report_order.py) writes - documents,
# events with their incidents and join reasons, reconciled incidents, figure
# history, the dashboard's rollup and the longest span - on invented reports
# built to group (tests/lib/gen_coded.py: every kind of date and place the
# candidate search tells apart, duplicates among them) and on the coded VOA
# dev sets; raw documents coded by threads give what their coded records
# give; a store that holds documents is refused (exit 4, unchanged); a bulk
# load that fails while writing stores nothing (exit 4).
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/bulk.sh
# with TACITUS_DATA, TACITUS_GAZETTEER and TACITUS_SHARED set. Needs python3 and
# sqlite3 (or psql). With TACITUS_STORE_BACKEND=postgresql every store is a
# database on the server tests/lib/pg.sh started. Prints TAP lines.
set -u
BACKEND=${TACITUS_STORE_BACKEND:-sqlite}
T=${TACITUS:-build/tacitus}
SHARED=${TACITUS_SHARED:-../shared}
LIB=$(dirname "$0")/../lib
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-bulk.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C
. "$LIB/tap.sh"
. "$LIB/backend.sh" # newdb, sql
DB_PREFIX=bulk_

# dump DB: every stored row the two paths must agree on, in a fixed order
# (not the times of coding and reconciling)
dump() {
    sql "$1" "SELECT id, url, title, published, source, text_hash, n_events FROM documents ORDER BY id"
    sql "$1" "SELECT id, doc_id, incident_id, join_reason, seq, json FROM events ORDER BY seq, id"
    sql "$1" "SELECT id, n_events, n_documents, json, event_type, sub_event_type, cameo, country_code, admin1,
              place, lat, lon, date_start, date_end, killed_min, actor1, background FROM incidents ORDER BY id"
    sql "$1" "SELECT incident_id, doc_id, published, kind, min, max, approximate FROM figure_history
              ORDER BY incident_id, doc_id, kind, min"
    sql "$1" "SELECT * FROM incident_rollup ORDER BY k"
    sql "$1" "SELECT key, value FROM meta WHERE key = 'max_span_days'"
}

# same NAME CODED...: ingest --bulk of the records as given equals ingest of them in report order
same() {
    local name=$1; shift
    python3 "$LIB/report_order.py" "$@" >"$TMP/$name.sorted"
    local one bulk
    one=$(newdb "${name}_one") bulk=$(newdb "${name}_bulk")
    SAME_ONE=$one # (for the checks after; a second newdb would make a new empty store)
    "$T" ingest --coded --db "$one" "$TMP/$name.sorted" 2>"$TMP/$name.one.err"
    cat "$@" | "$T" ingest --coded --bulk --db "$bulk" - 2>"$TMP/$name.bulk.err"; RC=$?
    dump "$one" >"$TMP/$name.one"
    dump "$bulk" >"$TMP/$name.bulk"
    local ev inc
    ev=$(sql "$bulk" "SELECT count(*) FROM events") inc=$(sql "$bulk" "SELECT count(*) FROM incidents")
    if [ "$RC" -eq 0 ] && [ "$ev" -gt 0 ] && cmp -s "$TMP/$name.one" "$TMP/$name.bulk"; then
        pass "$name: --bulk stores what ingesting one by one in report order stores ($ev events, $inc incidents, $(wc -l <"$TMP/$name.one") rows)"
    else
        fail "$name: --bulk differs from ingesting one by one (exit $RC)" "$(head -c 600 "$TMP/$name.bulk.err")" \
            "$(diff "$TMP/$name.one" "$TMP/$name.bulk" | head -n 6)"
    fi
    # the summary's counts are those of the incremental path (but for the time)
    sed 's/; [0-9.]* s, .*//' "$TMP/$name.one.err" >"$TMP/$name.one.sum"
    sed 's/; [0-9.]* s, .*//' "$TMP/$name.bulk.err" >"$TMP/$name.bulk.sum"
    if cmp -s "$TMP/$name.one.sum" "$TMP/$name.bulk.sum"; then
        pass "$name: the same summary ($(cat "$TMP/$name.bulk.sum"))"
    else
        fail "$name: the summaries differ" "$(cat "$TMP/$name.one.sum")" "$(cat "$TMP/$name.bulk.sum")"
    fi
}

# ---- 1. invented reports built to group, two seeds (2% of the ids repeat: skipped)
python3 "$LIB/gen_coded.py" 1000 11 >"$TMP/gen11.jsonl"
python3 "$LIB/gen_coded.py" 800 12 >"$TMP/gen12.jsonl"
same gen "$TMP/gen11.jsonl" "$TMP/gen12.jsonl"
grep -q "skipped" "$TMP/gen.bulk.err" && n=$(grep -o '[0-9]* skipped' "$TMP/gen.bulk.err" | cut -d' ' -f1)
if [ "${n:-0}" -gt 0 ]; then pass "gen: $n documents with an id seen before are skipped";
else fail "gen: no duplicate skipped" "$(cat "$TMP/gen.bulk.err")"; fi
if [ "$BACKEND" = postgresql ]; then # the two backends' candidate searches choose alike
    "$T" ingest --coded --db "$TMP/gen.sqlite" "$TMP/gen.sorted" 2>/dev/null
    q="SELECT id, incident_id, join_reason FROM events ORDER BY id"
    if [ "$(sqlite3 "$TMP/gen.sqlite" "$q" | sort)" = "$(sql "$SAME_ONE" "$q" | sort)" ] &&
        [ "$(sqlite3 "$TMP/gen.sqlite" "SELECT count(*) FROM events")" -gt 0 ]; then
        pass "gen: SQLite groups every event as PostgreSQL does, with the same join reasons"
    else
        fail "gen: SQLite and PostgreSQL group differently"
    fi
fi

# ---- 2. the VOA dev sets, coded
for f in voa-annotated voa2-dev; do
    [ -f "$SHARED/eval/$f.jsonl" ] || { skip "no $SHARED/eval/$f.jsonl"; continue; }
    "$T" code "$SHARED/eval/$f.jsonl" >"$TMP/$f.coded" 2>/dev/null
done
if [ -s "$TMP/voa-annotated.coded" ] && [ -s "$TMP/voa2-dev.coded" ]; then
    same voa "$TMP/voa2-dev.coded" "$TMP/voa-annotated.coded"
    # raw documents, coded by two threads while gathering: the events and incidents of their records
    raw=$(newdb raw)
    "$T" ingest --bulk -j 2 --db "$raw" "$SHARED/eval/voa2-dev.jsonl" 2>"$TMP/raw.err"; RC=$?
    coded=$(newdb coded)
    "$T" ingest --bulk --coded --db "$coded" "$TMP/voa2-dev.coded" 2>/dev/null
    q="SELECT id, doc_id, incident_id, join_reason, json FROM events ORDER BY seq, id"
    qi="SELECT id, json FROM incidents ORDER BY id"
    if [ "$RC" -eq 0 ] && [ "$(sql "$raw" "$q"; sql "$raw" "$qi")" = "$(sql "$coded" "$q"; sql "$coded" "$qi")" ] &&
        [ "$(sql "$raw" "SELECT count(*) FROM documents WHERE text IS NOT NULL")" -gt 0 ]; then
        pass "ingest --bulk -j 2 of raw documents: the events and incidents of their coded records, texts kept"
    else
        fail "ingest --bulk -j 2 of raw documents differs from their coded records (exit $RC)" "$(cat "$TMP/raw.err")"
    fi
    run query --db "$raw" --text "killed" --limit 1 --format jsonl
    if [ "$RC" -eq 0 ] && [ -s "$TMP/out" ]; then pass "the full-text search finds a bulk-loaded document";
    else fail "query --text on a bulk-loaded store (exit $RC)" "$(diag)"; fi

    # ---- 3. a store that holds documents is refused, and left as it was
    before=$(dump "$raw" | md5sum)
    run ingest --bulk --coded --db "$raw" "$TMP/gen11.jsonl"
    if [ "$RC" -eq 4 ] && grep -q "already holds .* documents: --bulk loads an empty store" "$TMP/err" &&
        [ "$(dump "$raw" | md5sum)" = "$before" ]; then
        pass "--bulk into a store that holds documents: exit 4, named, store unchanged"
    else
        fail "--bulk into a non-empty store (exit $RC)" "$(diag)"
    fi
fi

# ---- 4. a bulk load that fails while writing stores nothing
if [ "$BACKEND" = sqlite ]; then
    full=$TMP/full.db
    (trap '' XFSZ; ulimit -f 2048; exec "$T" ingest --bulk --coded --db "$full" "$TMP/gen11.jsonl" "$TMP/gen12.jsonl") \
        2>"$TMP/full.err"; RC=$?
    docs=$(sqlite3 "$full" "SELECT count(*) FROM documents" 2>&1)
    if [ "$RC" -eq 4 ] && grep -q "nothing stored" "$TMP/full.err" && [ "$docs" = 0 ]; then
        pass "no room to write mid-load: exit 4, '$(grep -o 'cannot [a-z ]*' "$TMP/full.err" | head -n 1)', nothing stored"
    else
        fail "no room to write mid-load (exit $RC, $docs documents)" "$(cat "$TMP/full.err")"
    fi
fi
echo "1..$N"
