#!/usr/bin/env bash
# store_floor.sh - how fast the databases themselves write a store's rows on
# this machine: the floor under any loader. A store is bulk-loaded from DOCS
# generated documents of EVENTS_PER_DOC events (bench/store_bench.sh's
# generator); then its final rows (documents, events, incidents, figure
# history, the R*Tree) are copied, with SQL alone and no parsing at all, into
# a new empty store with the same schema, indexes and triggers:
#   1. SQLite, WAL (as tacitus writes), the secondary indexes dropped first and
#      rebuilt after, in one transaction (as `ingest --bulk` does);
#   2. SQLite with the journal off and a 1 GB cache (no rollback possible: the
#      fastest SQLite writes);
#   3. PostgreSQL (a throwaway server, tests/lib/pg.sh): COPY of the same rows
#      from CSV into a new store, in one transaction; then again with its
#      secondary indexes dropped first and rebuilt after, in the transaction.
# Each prints events/s = the events copied / its wall time.
# Not run by `make test`. Usage: bash bench/store_floor.sh [DOCS] [EVENTS_PER_DOC]
set -eu
cd "$(dirname "$0")/.."
T=${TACITUS:-build/tacitus}
DOCS=${1:-100000}
PER=${2:-2}
W=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-store-floor.XXXXXX")
trap 'rm -rf "$W"' EXIT
sed -n "/^python3 - \"\$W\/coded.jsonl\"/,/^PY$/p" bench/store_bench.sh | sed '1s/.*/python3 - "$@" <<'"'"'PY'"'"'/' >"$W/gen.sh"
bash "$W/gen.sh" "$W/coded.jsonl" "$DOCS" "$PER" ""
"$T" ingest --coded --bulk --quiet --db "$W/src.db" "$W/coded.jsonl" 2>/dev/null
EV=$(sqlite3 "$W/src.db" "SELECT count(*) FROM events")
INC="id, created_at, updated_at, n_events, n_documents, json, event_type, sub_event_type, cameo, country_code,
 admin1, place, lat, lon, date_start, date_end, killed_min, actor1, background"
rate() { python3 -c "import sys; ev,t=int(sys.argv[1]),float(sys.argv[2]); print(f'{sys.argv[3]}: {ev} events in {t:.1f} s = {ev/t:,.0f} events/s')" "$EV" "$1" "$2"; }
copy_sql() { # PRAGMAS: the copy as one SQL script
    echo "ATTACH '$W/src.db' AS o; $1; BEGIN; PRAGMA defer_foreign_keys=ON;"
    sqlite3 "$W/empty.db" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
        AND tbl_name IN ('events', 'incidents', 'figure_history')
        AND name NOT IN ('events_incident', 'events_doc', 'figures_incident')"
    echo "INSERT INTO documents SELECT * FROM o.documents; INSERT INTO events SELECT * FROM o.events;"
    echo "INSERT INTO incidents($INC) SELECT $INC FROM o.incidents;"
    echo "INSERT INTO figure_history SELECT * FROM o.figure_history;"
    echo "INSERT INTO incidents_rtree SELECT * FROM o.incidents_rtree;"
    sqlite3 "$W/empty.db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
        AND tbl_name IN ('events', 'incidents', 'figure_history')
        AND name NOT IN ('events_incident', 'events_doc', 'figures_incident')"
    echo "COMMIT;"
}
"$T" ingest --coded --quiet --db "$W/empty.db" /dev/null 2>/dev/null
for mode in "PRAGMA journal_mode=WAL" "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000"; do
    cp "$W/empty.db" "$W/copy.db"
    copy_sql "$mode" >"$W/copy.sql"
    s=$(date +%s.%N)
    sqlite3 "$W/copy.db" <"$W/copy.sql" >/dev/null
    e=$(date +%s.%N)
    rate "$(echo "$e - $s" | bc)" "SQLite, ${mode%%;*}"
    rm -f "$W/copy.db"*
done
. tests/lib/pg.sh
pg_start || { echo "no PostgreSQL server: $PG_WHY"; exit 1; }
trap 'pg_stop; rm -rf "$W"' EXIT
for t in documents events figure_history; do sqlite3 -csv "$W/src.db" "SELECT * FROM $t" >"$W/$t.csv"; done
sqlite3 -csv "$W/src.db" "SELECT rowid, $INC FROM incidents" >"$W/incidents.csv"
# PG_INDEXES: the secondary indexes of the loaded tables (not those of constraints)
PG_INDEXES="SELECT indexdef || ';' FROM pg_indexes i WHERE tablename IN ('documents', 'events', 'incidents', 'figure_history')
    AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
for drop in no yes; do
    D=$(pg_url "floor_$drop")
    "$T" ingest --coded --quiet --db "$D" /dev/null 2>/dev/null
    psql -X -q -At -d "$D" -c "$PG_INDEXES" >"$W/pg_indexes.sql"
    {
        echo "BEGIN;"
        [ $drop = yes ] && sed 's/^CREATE \(UNIQUE \)\?INDEX \([a-z_0-9]*\) .*/DROP INDEX \2;/' "$W/pg_indexes.sql"
        echo "\\copy documents(id, url, title, published, source, text_hash, text, coded_at, n_events) FROM '$W/documents.csv' CSV"
        echo "\\copy incidents(seq, $(echo $INC)) FROM '$W/incidents.csv' CSV"
        echo "\\copy events FROM '$W/events.csv' CSV"
        echo "\\copy figure_history(incident_id, doc_id, published, kind, min, max, approximate) FROM '$W/figure_history.csv' CSV"
        [ $drop = yes ] && cat "$W/pg_indexes.sql"
        echo "COMMIT;"
    } >"$W/pg_copy.sql"
    s=$(date +%s.%N)
    psql -X -q -v ON_ERROR_STOP=1 -d "$D" -f "$W/pg_copy.sql" >/dev/null
    e=$(date +%s.%N)
    rate "$(echo "$e - $s" | bc)" "PostgreSQL, COPY$([ $drop = yes ] && echo ", the secondary indexes dropped first and rebuilt after")"
done
