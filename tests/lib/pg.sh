# pg.sh - a throwaway PostgreSQL 15 server for the store tests, sourced by
# tests/run.sh and bench scripts. pg_start makes a cluster in a new temporary
# folder (initdb as the postgres user via runuser when run as root, trust
# authentication, no TCP: a Unix socket in that folder), starts it and exports
# PGHOST (the socket folder), PGPORT and PGUSER for psql and for the tests'
# URLs; pg_url NAME creates the empty database NAME and prints its
# postgresql:// URL; pg_crash stops the server as a crash would (immediate
# shutdown) and pg_restart starts it again, also from a child shell of the one
# that started it (pg_start exports where and how); pg_stop stops the server
# and deletes the folder.
# pg_start returns 1, with the reason in PG_WHY, when no server can be started.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=
PG_WHY=

pg_start() {
    if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
        PG_WHY="PostgreSQL 15 is not installed ($PG_BIN/initdb; Debian package postgresql-15)"
        return 1
    fi
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-pg.XXXXXX") || { PG_WHY="mktemp failed"; return 1; }
    local as=()
    if [ "$(id -u)" = 0 ]; then # the server refuses to run as root
        chown postgres: "$PG_DIR" && chmod 700 "$PG_DIR"
        as=(runuser -u postgres --)
    fi
    export PGPORT=$((20000 + RANDOM % 20000)) PGHOST=$PG_DIR PGUSER=$(if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi)
    if ! "${as[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -E UTF8 --locale=C.UTF-8 -U "$PGUSER" \
        >"$PG_DIR/initdb.log" 2>&1; then
        PG_WHY="initdb failed: $(tail -n 1 "$PG_DIR/initdb.log")"
        return 1
    fi
    export TACITUS_PG_DATA=$PG_DIR/data
    export TACITUS_PG_OPTS="-k $PG_DIR -p $PGPORT -c listen_addresses= -c fsync=off -c full_page_writes=off"
    if ! pg_restart; then
        PG_WHY="the server did not start: $(tail -n 2 "$PG_DIR/server.log" 2>/dev/null | tr '\n' ' ')"
        return 1
    fi
    return 0
}

pg_ctl_as() { # pg_ctl ARGS... as the server's user
    local as=()
    [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
    "${as[@]}" "$PG_BIN/pg_ctl" -D "$TACITUS_PG_DATA" "$@" >/dev/null 2>&1
}

pg_restart() { pg_ctl_as -l "$TACITUS_PG_DATA/../server.log" -w -t 30 -o "$TACITUS_PG_OPTS" start; }

pg_crash() { pg_ctl_as -m immediate -w stop; }

pg_url() { # NAME: a new empty database; prints its URL
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\"" -c "CREATE DATABASE \"$1\"" >/dev/null 2>&1 || return 1
    printf 'postgresql:///%s?host=%s&port=%s&user=%s\n' "$1" "$PGHOST" "$PGPORT" "$PGUSER"
}

pg_stop() {
    [ -n "$PG_DIR" ] || return 0
    pg_ctl_as -m fast -w stop
    rm -rf "$PG_DIR"
    PG_DIR=
}
