# backend.sh - the store of the tests that run against both backends:
# newdb NAME prints the --db of a new empty store, sql DB QUERY prints the
# rows of a query (fields separated by |), for the backend BACKEND names
# (sqlite: files in $TMP, read with sqlite3; postgresql: databases on the
# server PGHOST, PGPORT and PGUSER name, as tests/lib/pg.sh starts one,
# named with the prefix DB_PREFIX, read with psql).
if [ "$BACKEND" = postgresql ]; then
    . "$(dirname "${BASH_SOURCE[0]}")/pg.sh" # pg_url
    newdb() { pg_url "${DB_PREFIX:-}$1"; }
    sql() { psql -X -q -At -d "$1" -c "$2"; }
else
    newdb() { echo "$TMP/$1.db"; }
    sql() { sqlite3 "$1" "$2"; }
fi
