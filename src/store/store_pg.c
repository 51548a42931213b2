/*
 * store_pg.c - the store's PostgreSQL backend, through libpq, for a
 * --db postgres://... or postgresql://... URL (any libpq connection URI). The
 * same tables, columns, rows and grouping decisions as the SQLite backend
 * (store_int.h, store.c); what SQLite does with its own machinery is done here
 * with PostgreSQL's: a GIN full-text index ('simple' configuration: words
 * lower-cased, not stemmed, like FTS5's default tokenizer) in place of FTS5,
 * B-tree indexes on latitude and the events' country and day in place of the
 * R*Tree, a sequence for incident numbers, and transaction-scoped advisory
 * locks for the writers: an ingest locks the countries its documents' events
 * read and write (so ingests of different countries run at once), a delete,
 * recode or migration locks the whole store (see "Concurrent writers" below
 * and docs/store.md). Every statement is parameterised and prepared once per
 * connection.
 *
 * Errors name the URL with any password masked. Schema: docs/store.md.
 */
#include <libpq-fe.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "incident.h"
#include "rollup.h"
#include "store.h"
#include "store_int.h"

/* The target type of an event row's json (a candidate column, CAND_COLS_T). */
#define PG_TARGET_TYPE "(e.json::json)->'target'->>'type'"

/* The advisory lock key of the whole store ("tacitus" in ASCII): taken shared
 * by every ingest transaction, exclusive by a delete, a recode, a migration
 * and the schema's creation. */
#define PG_WRITER_LOCK "7630445840807769971"
/* The first of the two int4 keys of a country's lock ("taci"); the second is
 * country_key's. (The two-key form is another lock space than the bigint one.) */
#define PG_COUNTRY_SPACE "1952539497"

/* The FTS expression; the query must repeat it exactly for the index to serve.
 * left(): a tsvector holds at most 1 MB, so words past the first 300,000
 * characters of a report are not indexed. */
#define PG_FTS_DOC "to_tsvector('simple', left(coalesce(d.title, '') || ' ' || coalesce(d.text, ''), 300000))"

/* A sorted set of country keys (country_key). */
typedef struct pg_keys {
    int *k;
    size_t n, cap;
} pg_keys;

/* A document of the open batch, kept until the batch commits so that a
 * deadlock (the server then rolls back the whole transaction) costs a replay,
 * never a document. Its strings are copies; rec is a reference. */
typedef struct pg_kept {
    store_doc d;
    json_t *rec;
    int current; /* the document the caller is storing now */
} pg_kept;

typedef struct pg_kept_list {
    pg_kept *v;
    size_t n, cap;
} pg_kept_list;

#define PG_CACHE 48
typedef struct pg {
    PGconn *conn;
    char where[512];     /* the URL, password masked, for messages */
    const char *cache[PG_CACHE]; /* prepared statements by SQL address; named "t<index>" */
    int readonly;
    store_batch batch;  /* the open batch of documents (store.c) */
    char last_state[6]; /* the SQLSTATE of the last failed statement, "" none */
    const char *last_msg; /* why the last commit failed when the server did not say */
    int timed_out;      /* the last read was cancelled by statement_timeout */
    int rollup;         /* the store has the incidents' rollup (schema version 4: rollup.h) */
    pg_keys held;       /* the country keys the open transaction holds */
    pg_keys want;       /* the country keys of the document being stored (doc_keys) */
    pg_kept_list kept;  /* the open batch's documents, for a replay after a deadlock */
    long span;          /* the longest span (days) of an incident reconciled in the open
                         * transaction, written to meta when it commits; -1 none */
    struct pg_copy {    /* a bulk load's rows for COPY, by table (enum pg_bulk_table) */
        char *p;
        size_t n, cap;
    } copy[4];
    long long bulk_docs, bulk_incs; /* the last report and incident numbers a bulk load wrote */
} pg;

/* Version 4's rollup of the incidents (rollup.h) and the triggers that keep
 * it, as SQLite's (V4_ROLLUP_SQL there): an incident row counts while its
 * json is set, and an update moves it only when what the rollup holds of it
 * changed. */
#define PG_ROLLUP_CHANGED                                                                                    \
    "((OLD.json IS NULL) <> (NEW.json IS NULL) OR (OLD.date_start, OLD.date_end, OLD.event_type,"            \
    " OLD.country_code, OLD.background, OLD.killed_min) IS DISTINCT FROM (NEW.date_start, NEW.date_end,"     \
    " NEW.event_type, NEW.country_code, NEW.background, NEW.killed_min))"
#define PG_ROLLUP_SQL                                                                                        \
    "CREATE TABLE incident_rollup(k TEXT PRIMARY KEY, month TEXT, start_tail TEXT, end_month TEXT,"          \
    " end_ok INTEGER NOT NULL, event_type TEXT, country_code TEXT, background INTEGER NOT NULL,"             \
    " n BIGINT NOT NULL, killed BIGINT NOT NULL);"                                                           \
    "CREATE FUNCTION incident_rollup_add() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN " ROLLUP_ADD("NEW")   \
    "; RETURN NULL; END$$;"                                                                                  \
    "CREATE FUNCTION incident_rollup_sub() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN " ROLLUP_SUB("OLD")   \
    "; RETURN NULL; END$$;"                                                                                  \
    "CREATE TRIGGER incident_rollup_insert AFTER INSERT ON incidents FOR EACH ROW WHEN (NEW.json IS NOT NULL)" \
    " EXECUTE FUNCTION incident_rollup_add();"                                                               \
    "CREATE TRIGGER incident_rollup_delete AFTER DELETE ON incidents FOR EACH ROW WHEN (OLD.json IS NOT NULL)" \
    " EXECUTE FUNCTION incident_rollup_sub();"                                                               \
    "CREATE TRIGGER incident_rollup_update_old AFTER UPDATE ON incidents FOR EACH ROW WHEN (OLD.json IS NOT" \
    " NULL AND " PG_ROLLUP_CHANGED ") EXECUTE FUNCTION incident_rollup_sub();"                               \
    "CREATE TRIGGER incident_rollup_update_new AFTER UPDATE ON incidents FOR EACH ROW WHEN (NEW.json IS NOT" \
    " NULL AND " PG_ROLLUP_CHANGED ") EXECUTE FUNCTION incident_rollup_add();"

/* Version 5: the incidents in the order they last changed, for the change feed
 * (store_filter.changed_since: /api/changes, the live map). */
#define PG_V5_INDEX_SQL "CREATE INDEX incidents_changed ON incidents(updated_at COLLATE \"C\", id COLLATE \"C\");"

static const char *const pg_schema_sql =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE documents(seq BIGSERIAL UNIQUE, id TEXT PRIMARY KEY, url TEXT, title TEXT, published TEXT,"
    " source TEXT, text_hash TEXT NOT NULL UNIQUE, text TEXT, coded_at TEXT NOT NULL, n_events INTEGER NOT NULL);"
    "CREATE SEQUENCE incident_seq;"
    "CREATE TABLE incidents(seq BIGINT NOT NULL UNIQUE, id TEXT PRIMARY KEY, created_at TEXT NOT NULL,"
    " updated_at TEXT NOT NULL, n_events INTEGER NOT NULL DEFAULT 0, n_documents INTEGER NOT NULL DEFAULT 0,"
    " json TEXT, event_type TEXT, sub_event_type TEXT, cameo TEXT, country_code TEXT, admin1 TEXT, place TEXT,"
    " lat DOUBLE PRECISION, lon DOUBLE PRECISION, date_start TEXT, date_end TEXT, killed_min BIGINT,"
    " actor1 TEXT, background INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE events(id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id),"
    " incident_id TEXT NOT NULL REFERENCES incidents(id), background INTEGER NOT NULL, kind TEXT NOT NULL,"
    " event_type TEXT, sub_event_type TEXT, cameo TEXT, attack_type TEXT, date_start TEXT, date_end TEXT,"
    " date_precision TEXT, date_assumed INTEGER, published TEXT, country_code TEXT, admin1 TEXT, place TEXT,"
    " lat DOUBLE PRECISION, lon DOUBLE PRECISION, loc_precision TEXT, actor1 TEXT, actor1_type TEXT,"
    " actor2 TEXT, perpetrator TEXT, killed_min BIGINT, killed_max BIGINT, killed_revised INTEGER,"
    " wounded_min BIGINT, claimed_by TEXT, json TEXT NOT NULL, join_reason TEXT, seq BIGINT NOT NULL);"
    "CREATE TABLE figure_history(seq BIGSERIAL PRIMARY KEY, incident_id TEXT NOT NULL REFERENCES incidents(id),"
    " doc_id TEXT NOT NULL REFERENCES documents(id), published TEXT, kind TEXT NOT NULL, min BIGINT NOT NULL,"
    " max BIGINT, approximate INTEGER NOT NULL);"
    "CREATE INDEX documents_fts ON documents USING gin ("
    " to_tsvector('simple', left(coalesce(title, '') || ' ' || coalesce(text, ''), 300000)));"
    "CREATE INDEX events_incident ON events(incident_id);"
    "CREATE INDEX events_doc ON events(doc_id);"
    "CREATE INDEX events_cc_day ON events(country_code, date_start);"
    "CREATE INDEX events_undated ON events(country_code, published) WHERE date_start IS NULL;"
    "CREATE INDEX events_actor1 ON events(lower(actor1));"
    "CREATE INDEX events_actor2 ON events(lower(actor2));"
    "CREATE INDEX events_claimed ON events(lower(claimed_by));"
    "CREATE INDEX incidents_date ON incidents(date_start NULLS FIRST, date_end NULLS FIRST, id COLLATE \"C\");"
    "CREATE INDEX incidents_cc_date ON incidents(country_code, date_start);"
    "CREATE INDEX incidents_type ON incidents(event_type, date_start);"
    "CREATE INDEX incidents_killed ON incidents(killed_min);"
    "CREATE INDEX incidents_actor1 ON incidents(lower(actor1));"
    "CREATE INDEX incidents_admin1 ON incidents(lower(admin1));"
    "CREATE INDEX incidents_lat ON incidents(lat, lon);"
    "CREATE INDEX figures_incident ON figure_history(incident_id);"
    PG_V5_INDEX_SQL
    /* great-circle km, as inc_km computes it; NULL when an argument is */
    "CREATE FUNCTION tac_km(double precision, double precision, double precision, double precision)"
    " RETURNS double precision LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS"
    " 'SELECT 6371.0 * 2 * atan2(sqrt(a), sqrt(1 - a)) FROM (SELECT power(sin(radians($3 - $1) / 2), 2)"
    " + cos(radians($1)) * cos(radians($3)) * power(sin(radians($4 - $2) / 2), 2) AS a) s';"
    PG_ROLLUP_SQL
    FEEDS_SCHEMA_SQL
    "INSERT INTO meta(key, value) VALUES ('schema_version', '5'), ('created_by', 'tacitus');";

/* Copy url into out with the password of user:password@ and of password=...
 * replaced by ***. */
static void mask_url(const char *url, char *out, size_t n)
{
    snprintf(out, n, "%s", url);
    char *scheme = strstr(out, "://");
    if (scheme) {
        char *at = strchr(scheme + 3, '@'), *colon = strchr(scheme + 3, ':');
        char *slash = strchr(scheme + 3, '/');
        if (at && colon && colon < at && (!slash || at < slash)) {
            char rest[512];
            snprintf(rest, sizeof rest, "%s", at);
            snprintf(colon + 1, n - (size_t)(colon + 1 - out), "***%s", rest);
        }
    }
    char *p = strstr(out, "password=");
    if (p) {
        char *end = strchr(p, '&');
        char rest[512];
        snprintf(rest, sizeof rest, "%s", end ? end : "");
        snprintf(p + 9, n - (size_t)(p + 9 - out), "***%s", rest);
    }
}

/* The first line of a libpq message, without the "ERROR:  " prefix. */
static void first_line(const char *msg, char *out, size_t n)
{
    if (!msg || !*msg)
        msg = "unknown error";
    if (strncmp(msg, "ERROR:  ", 8) == 0)
        msg += 8;
    size_t k = strcspn(msg, "\n");
    snprintf(out, n, "%.*s", (int)(k < 400 ? k : 400), msg);
}

/* Write "<url>: what: reason" into err, the reason from res (or the
 * connection), worded for the causes a user can fix. Returns -1. */
static int pg_fail(pg *q, const PGresult *res, char *err, size_t errlen, const char *what)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : q->last_state;
    char msg[420];
    const char *m = res && PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res) : PQerrorMessage(q->conn);
    first_line(m && *m ? m : q->last_msg, msg, sizeof msg);
    if (state && strcmp(state, "53100") == 0)
        snprintf(msg, sizeof msg, "the disk is full");
    else if (state && strcmp(state, "25006") == 0)
        snprintf(msg, sizeof msg, "the database is read-only");
    else if (state && strcmp(state, "42501") == 0)
        snprintf(msg, sizeof msg, "the database is read-only for this user (permission denied)");
    else if (state && strcmp(state, "57014") == 0) {
        snprintf(msg, sizeof msg, "the query ran over its time limit");
        q->timed_out = 1;
    }
    snprintf(err, errlen, "%s: %s: %s", q->where, what, msg);
    return -1;
}

/* Run a static statement (prepared on first use, by its address) with n
 * text parameters (NULL = SQL NULL). Returns the result (PQclear it) when it
 * succeeded, else NULL with *bad the failed result (or NULL on a lost
 * connection; PQclear it) when bad is not NULL. */
static PGresult *pg_run(pg *q, const char *sql, int n, const char *const *v, PGresult **bad)
{
    int i;
    char name[8];
    for (i = 0; i < PG_CACHE && q->cache[i] && q->cache[i] != sql; i++)
        ;
    PGresult *res;
    if (i == PG_CACHE) /* (does not happen: fewer statements than PG_CACHE use it) */
        res = PQexecParams(q->conn, sql, n, NULL, v, NULL, NULL, 0);
    else {
        snprintf(name, sizeof name, "t%d", i);
        if (!q->cache[i]) {
            PGresult *p = PQprepare(q->conn, name, sql, n, NULL);
            if (PQresultStatus(p) != PGRES_COMMAND_OK) {
                if (bad)
                    *bad = p;
                else
                    PQclear(p);
                return NULL;
            }
            PQclear(p);
            q->cache[i] = sql;
        }
        res = PQexecPrepared(q->conn, name, n, v, NULL, NULL, 0);
    }
    ExecStatusType s = PQresultStatus(res);
    if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
        return res;
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    snprintf(q->last_state, sizeof q->last_state, "%s", state ? state : "");
    if (bad)
        *bad = res;
    else
        PQclear(res);
    return NULL;
}

/* Run a command without parameters; 0, or -1 with err (what) when err is not NULL. */
static int pg_exec(pg *q, const char *sql, char *err, size_t errlen, const char *what)
{
    PGresult *res = PQexec(q->conn, sql);
    ExecStatusType s = PQresultStatus(res);
    int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
    if (!ok) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        snprintf(q->last_state, sizeof q->last_state, "%s", state ? state : "");
    }
    if (!ok && err)
        pg_fail(q, res, err, errlen, what);
    PQclear(res);
    return ok ? 0 : -1;
}

static const char *val(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

static void quiet(void *arg, const char *msg)
{
    (void)arg, (void)msg; /* notices (an index that exists, ...) are not the user's business */
}

static int pg_flush(void *impl, char *err, size_t errlen);
static void kept_clear(pg_kept_list *l);

static void pg_close(void *impl)
{
    pg *q = impl;
    if (!q)
        return;
    char err[256];
    if (q->conn && q->batch.docs > 0 && PQtransactionStatus(q->conn) == PQTRANS_INTRANS)
        pg_flush(q, err, sizeof err); /* best effort: store_flush reports errors */
    batch_free(&q->batch);
    kept_clear(&q->kept);
    free(q->kept.v);
    free(q->held.k);
    free(q->want.k);
    PQfinish(q->conn);
    free(q);
}

/* Does the current schema have a meta table (1), other tables only (2), no
 * table at all (0)? -1 on error (err). */
static int pg_schema_state(pg *q, char *err, size_t errlen)
{
    static const char sql[] =
        "SELECT to_regclass('meta') IS NOT NULL, (SELECT count(*) FROM pg_catalog.pg_tables"
        " WHERE schemaname = current_schema())";
    PGresult *bad = NULL, *res = pg_run(q, sql, 0, NULL, &bad);
    if (!res) {
        pg_fail(q, bad, err, errlen, "cannot read");
        PQclear(bad);
        return -1;
    }
    int state = strcmp(PQgetvalue(res, 0, 0), "t") == 0 ? 1 : atol(PQgetvalue(res, 0, 1)) > 0 ? 2 : 0;
    PQclear(res);
    return state;
}

static const feed_ops pg_feeds; /* the news feeds' rows (at the end of this file) */

/* Run one migration step to version to: step, which sets schema_version to
 * to, in one transaction under the writers' lock (once, when several writers
 * open the store together: a store another writer upgraded meanwhile is left
 * as it is). On failure the store is as it was and err says why. */
static int pg_migrate(pg *q, int to, const char *step, char *err, size_t errlen)
{
    char what[64];
    snprintf(what, sizeof what, "cannot upgrade the schema from version %d to %d", to - 1, to);
    if (pg_exec(q, "BEGIN", err, errlen, what) < 0)
        return -1;
    PGresult *res = NULL;
    int ok = pg_exec(q, "SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")", err, errlen, what) == 0 &&
             (res = PQexec(q->conn, "SELECT value FROM meta WHERE key = 'schema_version'")) != NULL &&
             PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    int done = ok && atol(PQgetvalue(res, 0, 0)) >= to; /* another writer upgraded it meanwhile */
    PQclear(res);
    if (ok && !done)
        ok = pg_exec(q, step, err, errlen, what) == 0;
    if (ok && pg_exec(q, "COMMIT", err, errlen, what) == 0)
        return 0;
    if (!err[0])
        snprintf(err, errlen, "%s: %s", q->where, what);
    pg_exec(q, "ROLLBACK", NULL, 0, NULL);
    return -1;
}

/* Version 3 to 4: the incidents' rollup and its triggers (PG_ROLLUP_SQL),
 * filled from the stored incidents (pg_migrate). */
static const char pg_step_4[] = PG_ROLLUP_SQL ROLLUP_FILL "; UPDATE meta SET value = '4' WHERE key = 'schema_version'";
/* Version 4 to 5: the news feeds' tables (FEEDS_SCHEMA_SQL), empty, and the change
 * feed's index (pg_migrate). */
static const char pg_step_5[] = FEEDS_SCHEMA_SQL PG_V5_INDEX_SQL "UPDATE meta SET value = '5' WHERE key = 'schema_version'";

static int pg_open(const char *url, int readonly, void **out, char *err, size_t errlen)
{
    pg *q = calloc(1, sizeof *q);
    if (errlen)
        err[0] = '\0';
    if (!q) {
        snprintf(err, errlen, "%s: out of memory", url);
        return -1;
    }
    mask_url(url, q->where, sizeof q->where);
    batch_init(&q->batch);
    q->span = -1;
    q->readonly = readonly;
    q->conn = PQconnectdb(url);
    if (!q->conn || PQstatus(q->conn) != CONNECTION_OK) {
        char msg[420];
        first_line(q->conn ? PQerrorMessage(q->conn) : "out of memory", msg, sizeof msg);
        snprintf(err, errlen, "%s: cannot connect: %s", q->where, msg);
        pg_close(q);
        return -1;
    }
    PQsetNoticeProcessor(q->conn, quiet, NULL);
    if (PQsetClientEncoding(q->conn, "UTF8") != 0 ||
        pg_exec(q, "SET client_min_messages = warning", err, errlen, "cannot configure the session") < 0) {
        if (!err[0])
            snprintf(err, errlen, "%s: the server cannot speak UTF-8", q->where);
        pg_close(q);
        return -1;
    }
    if (readonly && pg_exec(q, "SET default_transaction_read_only = on", err, errlen, "cannot configure") < 0) {
        pg_close(q);
        return -1;
    }
    if (!readonly) { /* a server, database or user that cannot write: refused before anything is read */
        PGresult *res = PQexec(q->conn, "SHOW transaction_read_only");
        int ro = PQresultStatus(res) == PGRES_TUPLES_OK && strcmp(PQgetvalue(res, 0, 0), "on") == 0;
        PQclear(res);
        if (ro) {
            snprintf(err, errlen, "%s: the database is read-only (cannot store into it)", q->where);
            pg_close(q);
            return -1;
        }
    }
    int state = pg_schema_state(q, err, errlen);
    if (state < 0) {
        pg_close(q);
        return -1;
    }
    if (state == 2) {
        snprintf(err, errlen, "%s: not a tacitus database (it has tables of its own and no tacitus meta table)",
                 q->where);
        pg_close(q);
        return -1;
    }
    if (state == 0) {
        if (readonly) {
            snprintf(err, errlen, "%s: not a tacitus database (empty)", q->where);
            pg_close(q);
            return -1;
        }
        /* create the schema, once even when several writers start together */
        if (pg_exec(q, "BEGIN", err, errlen, "cannot start a transaction") < 0 ||
            pg_exec(q, "SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")", err, errlen, "cannot lock") < 0 ||
            (state = pg_schema_state(q, err, errlen)) < 0 ||
            (state == 0 && pg_exec(q, pg_schema_sql, err, errlen, "cannot create the schema") < 0) ||
            pg_exec(q, "COMMIT", err, errlen, "cannot create the schema") < 0) {
            pg_close(q);
            return -1;
        }
    }
    PGresult *bad = NULL, *res = pg_run(q, "SELECT value FROM meta WHERE key = 'schema_version'", 0, NULL, &bad);
    long version = res && PQntuples(res) == 1 ? atol(PQgetvalue(res, 0, 0)) : -1;
    if (!res)
        pg_fail(q, bad, err, errlen, "not a tacitus database (its meta table cannot be read)");
    PQclear(res);
    PQclear(bad);
    if (res && version > STORE_SCHEMA_VERSION)
        snprintf(err, errlen, "%s: schema version %ld is newer than this tacitus knows (%d); upgrade tacitus",
                 q->where, version, STORE_SCHEMA_VERSION);
    else if (res && version < 2) /* PostgreSQL stores began at version 2 */
        snprintf(err, errlen, "%s: not a tacitus database (no schema_version from 2 to %d in meta)", q->where,
                 STORE_SCHEMA_VERSION);
    if (!res || version < 2 || version > STORE_SCHEMA_VERSION) {
        pg_close(q);
        return -1;
    }
    /* Version 2 to 3 changed SQLite's indexes only; PostgreSQL's are the same. */
    if (version == 2 && !readonly &&
        pg_exec(q, "UPDATE meta SET value = '3' WHERE key = 'schema_version'", err, errlen,
                "cannot upgrade the schema from version 2 to 3") < 0) {
        pg_close(q);
        return -1;
    }
    if (!readonly && ((version < 4 && pg_migrate(q, 4, pg_step_4, err, errlen) < 0) ||
                      (version < 5 && pg_migrate(q, 5, pg_step_5, err, errlen) < 0))) {
        pg_close(q);
        return -1;
    }
    q->rollup = readonly ? version >= 4 : 1; /* (a reader of an older store: the exact queries) */
    *out = q;
    return 0;
}

static const char PG_HAS[] = "SELECT 1 FROM documents WHERE id = $1 OR text_hash = $2 LIMIT 1";

static int pg_has_document(void *impl, const char *id, const char *hash, char *err, size_t errlen)
{
    pg *q = impl;
    const char *v[2] = {id, hash};
    PGresult *bad = NULL, *res = pg_run(q, PG_HAS, 2, v, &bad);
    if (!res) {
        pg_fail(q, bad, err, errlen, "cannot read");
        PQclear(bad);
        return -1;
    }
    int n = PQntuples(res);
    PQclear(res);
    return n > 0;
}

/* Offer every row of res to cand_consider. */
static void scan_candidates(const PGresult *res, const inc_event *ev, char (*used)[32], size_t nused,
                            cand_set *set)
{
    const char *col[CAND_NCOLS];
    for (int r = 0; r < PQntuples(res); r++) {
        for (int c = 0; c < CAND_NCOLS; c++)
            col[c] = val(res, r, c);
        cand_consider(col, ev, used, nused, set);
    }
}

/* Offer to cand_consider the city-level events near ev in box (lat and lon
 * bounds as text): those that nothing places in time, or (when ev itself has
 * no day) all of them. */
static int city_candidates(pg *q, const inc_event *ev, const cand_win *w, char box[4][32], char (*used)[32],
                           size_t nused, cand_set *set)
{
#define CITY_CANDIDATES(also)                                                                        \
    "SELECT " CAND_COLS_T(PG_TARGET_TYPE) " FROM events e"                                                  \
    " WHERE e.country_code = $1 AND e.loc_precision = 'city'" also                                         \
    " AND e.lat BETWEEN $2 AND $3 AND e.lon BETWEEN $4 AND $5"
    static const char timeless[] = CITY_CANDIDATES(" AND e.date_start IS NULL AND e.published IS NULL");
    static const char any[] = CITY_CANDIDATES("");
#undef CITY_CANDIDATES
    const char *v[5] = {ev->cc, box[0], box[1], box[2], box[3]};
    PGresult *res = pg_run(q, w->timeless ? any : timeless, 5, v, NULL);
    if (!res)
        return -1;
    scan_candidates(res, ev, used, nused, set);
    PQclear(res);
    return 0;
}

/* group_ops.find: the incidents ev might join. The events of ev's country
 * whose days reach the window (cand_window), near ev when its place is
 * precise (and the coarse ones), the undated ones published in theirs, and
 * the city-level ones near it that nothing places in time. */
static int find_incident(void *impl, const inc_event *ev, char (*used)[32], size_t nused, cand_set *set)
{
    pg *q = impl;
    static const char sql[] =
        "SELECT " CAND_COLS_T("NULL") " FROM events e WHERE e.country_code = $1 AND e.date_start <= $3"
        " AND e.date_start >= $4 AND coalesce(e.date_end, e.date_start) >= $2"
        " AND ($5 = '0' OR e.lat IS NULL OR e.loc_precision IN ('admin1', 'country')"
        " OR (e.lat BETWEEN $6 AND $7 AND e.lon BETWEEN $8 AND $9))"
        " UNION ALL SELECT " CAND_COLS_T("NULL") " FROM events e WHERE e.country_code = $1"
        " AND e.date_start IS NULL"
        " AND e.published BETWEEN $10 AND $11";
    cand_win w;
    char box[4][32];
    if (!cand_window(ev, &w))
        return 0;
    snprintf(box[0], 32, "%.17g", ev->lat - w.box);
    snprintf(box[1], 32, "%.17g", ev->lat + w.box);
    snprintf(box[2], 32, "%.17g", ev->lon - w.boxlon);
    snprintf(box[3], 32, "%.17g", ev->lon + w.boxlon);
    if (w.city && city_candidates(q, ev, &w, box, used, nused, set) < 0)
        return -1;
    if (w.timeless)
        return 0;
    const char *v[11] = {ev->cc, w.dlo, w.dhi, w.far, w.precise ? "1" : "0", box[0], box[1], box[2], box[3],
                         w.ulo, w.uhi};
    PGresult *res = pg_run(q, sql, 11, v, NULL);
    if (!res)
        return -1;
    scan_candidates(res, ev, used, nused, set);
    PQclear(res);
    return 0;
}

/* group_ops.members: the first CORE_MEMBERS events of incident iid, in report order. */
static int incident_members(void *impl, const char *iid, int targets,
                            void (*row)(void *ud, const char *const col[CAND_NCOLS]), void *ud)
{
    static const char sql[] =
        "SELECT " CAND_COLS_T("CASE WHEN $2 OR (e.date_start IS NULL AND e.published IS NULL) THEN " PG_TARGET_TYPE
                              " END") " FROM events e WHERE e.incident_id = $1"
        " ORDER BY e.published NULLS LAST, e.seq, e.id COLLATE \"C\" LIMIT $3";
    char lim[16];
    snprintf(lim, sizeof lim, "%d", CORE_MEMBERS);
    const char *v[3] = {iid, targets ? "true" : "false", lim};
    PGresult *res = pg_run(impl, sql, 3, v, NULL);
    if (!res)
        return -1;
    const char *col[CAND_NCOLS];
    for (int r = 0; r < PQntuples(res); r++) {
        for (int c = 0; c < CAND_NCOLS; c++)
            col[c] = val(res, r, c);
        row(ud, col);
    }
    PQclear(res);
    return 0;
}

/* Run sql with n parameters and discard its result; 0 or -1. */
static int pg_do(pg *q, const char *sql, int n, const char *const *v)
{
    PGresult *res = pg_run(q, sql, n, v, NULL);
    PQclear(res);
    return res ? 0 : -1;
}

/* Recompute an incident from all its events: its reconciled columns and its
 * figure history. now: the updated_at to record. The incident's span raises
 * q->span, which pg_commit writes to meta (max_span_days) once. */
static int reconcile(void *impl, const char *iid, const char *now)
{
    pg *q = impl;
    static const char sql[] = "SELECT " RECON_COLS " FROM events e JOIN documents d ON d.id = e.doc_id"
                              " WHERE e.incident_id = $1 ORDER BY e.seq, e.id COLLATE \"C\"";
    static const char up[] =
        "UPDATE incidents SET updated_at=coalesce($2, updated_at), n_events=$3, n_documents=$4, json=$5,"
        " event_type=$6, sub_event_type=$7, cameo=$8, country_code=$9, admin1=$10, place=$11, lat=$12, lon=$13,"
        " date_start=$14, date_end=$15, killed_min=$16, actor1=$17, background=$18 WHERE id=$1";
    static const char del[] = "DELETE FROM figure_history WHERE incident_id = $1";
    static const char ins[] = "INSERT INTO figure_history(incident_id, doc_id, published, kind, min, max,"
                              " approximate) VALUES ($1,$2,$3,$4,$5,$6,$7)";
    const char *v1[1] = {iid};
    PGresult *res = pg_run(q, sql, 1, v1, NULL);
    if (!res)
        return -1;
    recon r;
    recon_init(&r);
    const char *col[RECON_NCOLS];
    for (int i = 0; i < PQntuples(res) && !r.oom; i++) {
        for (int c = 0; c < RECON_NCOLS; c++)
            col[c] = val(res, i, c);
        recon_add(&r, col);
    }
    PQclear(res);
    if (r.n == 0) /* its events were rolled back with their document: nothing to do */
        return 0;
    incident_row o;
    if (incident_row_fill(&o, &r, iid, now) < 0) {
        recon_free(&r);
        return -1;
    }
    int ret = pg_do(q, up, INCIDENT_NCOLS, o.v) == 0 && pg_do(q, del, 1, v1) == 0 ? 0 : -1;
    for (size_t i = 0; ret == 0 && i < o.nhist; i++) {
        const char *v[FIGURE_NCOLS];
        char num[3][32];
        figure_row(iid, &o.hist[i], v, num);
        ret = pg_do(q, ins, FIGURE_NCOLS, v);
    }
    if (ret == 0 && o.dated && r.days[1] - r.days[0] > q->span) /* written when the transaction commits */
        q->span = (long)(r.days[1] - r.days[0]);
    incident_row_free(&o);
    recon_free(&r);
    return ret;
}

/* group_ops.create: a new incident numbered by incident_seq (a sequence:
 * concurrent writers never get one number), its id "INC-" and the number in
 * at least six digits, as SQLite's "INC-%06lld" (lpad alone would cut a
 * seventh digit off: INC-1000000 would be INC-100000 again). */
static int new_incident(void *impl, const char *now, char out[32])
{
    pg *q = impl;
    static const char sql[] = "INSERT INTO incidents(seq, id, created_at, updated_at)"
                              " SELECT s, 'INC-' || lpad(s::text, greatest(6, length(s::text)), '0'), $1, $1"
                              " FROM nextval('incident_seq') s"
                              " RETURNING id";
    const char *v[1] = {now};
    PGresult *res = pg_run(q, sql, 1, v, NULL);
    if (!res)
        return -1;
    snprintf(out, 32, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

/* ---- the backend's half of the batches of store.c */

static int pg_in_transaction(void *impl)
{
    PGTransactionStatusType ts = PQtransactionStatus(((pg *)impl)->conn);
    return ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR;
}

/* Open a transaction that holds the store's lock in mode lock (a SELECT
 * of pg_advisory_xact_lock or its _shared form), forgetting what an earlier
 * transaction held. Returns 0 or -1. */
static int begin_locked(pg *q, const char *lock)
{
    if (q->readonly) {
        q->last_msg = "the store was opened for reading";
        return -1;
    }
    q->held.n = 0;
    q->span = -1;
    return pg_exec(q, "BEGIN", NULL, 0, NULL) == 0 && pg_exec(q, lock, NULL, 0, NULL) == 0 ? 0 : -1;
}

/* tx_ops.begin of a delete or recode (store_delete_documents,
 * store_recode_document): the whole store, exclusively, so nothing else
 * writes while documents leave their incidents. */
static int pg_begin(void *impl)
{
    return begin_locked(impl, "SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")");
}

static int pg_savepoint(void *impl)
{
    return pg_exec(impl, "SAVEPOINT doc", NULL, 0, NULL);
}

static int pg_release(void *impl)
{
    return pg_exec(impl, "RELEASE SAVEPOINT doc", NULL, 0, NULL);
}

static int pg_undo(void *impl)
{
    return pg_exec(impl, "ROLLBACK TO SAVEPOINT doc", NULL, 0, NULL) == 0 &&
                   pg_exec(impl, "RELEASE SAVEPOINT doc", NULL, 0, NULL) == 0
               ? 0
               : -1;
}

/* Write the longest span the transaction reconciled (q->span) to meta's
 * max_span_days when it is longer than the stored one. Once a transaction,
 * just before its commit: the meta row is the one row that writers of
 * different countries share, and a writer that locks it then only commits,
 * so waiting for it cannot close a cycle of waits. Returns 0 or -1. */
static int write_span(pg *q)
{
    static const char known[] =
        "SELECT 1 FROM meta WHERE key = 'max_span_days' AND CAST(value AS BIGINT) >= CAST($1 AS BIGINT)";
    static const char up[] =
        "INSERT INTO meta(key, value) VALUES ('max_span_days', $1) ON CONFLICT(key) DO UPDATE"
        " SET value = excluded.value WHERE CAST(meta.value AS BIGINT) < CAST(excluded.value AS BIGINT)";
    if (q->span < 0)
        return 0;
    char n[32];
    snprintf(n, sizeof n, "%ld", q->span);
    q->span = -1;
    const char *v[1] = {n};
    PGresult *res = pg_run(q, known, 1, v, NULL);
    if (!res)
        return -1;
    int longer = PQntuples(res) == 0;
    PQclear(res);
    /* (a concurrent writer's raise is waited for, then the WHERE sees it: the maximum wins) */
    return longer ? pg_do(q, up, 1, v) : 0;
}

static void kept_clear(pg_kept_list *l);

/* Commit: the pending max_span_days first. The batch's kept documents are
 * then durable and forgotten, and the locks released. */
static int pg_commit(void *impl)
{
    pg *q = impl;
    if (write_span(q) < 0)
        return -1;
    PGresult *res = PQexec(q->conn, "COMMIT");
    /* COMMIT of a failed transaction "succeeds" as a rollback: only COMMIT's tag says which */
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(res), "COMMIT") == 0;
    if (!ok && PQresultStatus(res) == PGRES_COMMAND_OK)
        q->last_msg = "the transaction had failed and was rolled back";
    PQclear(res);
    q->held.n = 0;
    if (ok)
        kept_clear(&q->kept);
    return ok ? 0 : -1;
}

/* Roll back (best effort). The kept documents stay: the caller replays or
 * forgets them (pg_add_document). */
static void pg_rollback(void *impl)
{
    pg *q = impl;
    pg_exec(q, "ROLLBACK", NULL, 0, NULL);
    q->held.n = 0;
    q->span = -1;
}

/* ---- concurrent writers.
 *
 * An ingest transaction holds the store's key (PG_WRITER_LOCK) shared and, for
 * each country its documents' events read or write, that country's key
 * exclusively, until it commits. Every candidate an event's grouping reads
 * is of the event's own country (find_incident and city_candidates filter
 * on e.country_code = the event's code; inc_match keeps two countries apart,
 * so an incident's members, which its reconciliation reads and its rollup
 * row counts, are of one country too, and no R*Tree-like search reaches over a
 * border); what it writes is its own row, with its country_code, its
 * incident and that incident's row in the rollup, which holds the country.
 * So two transactions that hold no country key in common read nothing the
 * other writes but the sequences and meta's max_span_days (write_span), and
 * the incidents are those of the serial order of their commits. An event
 * that names no country takes key 0: its incident's rollup row has none.
 *
 * Keys are taken in two ways, so that advisory locks never deadlock:
 * when a transaction starts, the first document's keys in ascending order,
 * waiting (pg_begin_ingest: it holds no other key yet, so along any chain of
 * waiting transactions the keys rise); for a later document of an open batch
 * only with pg_try_advisory_xact_lock, and when one is taken by another
 * writer the batch commits first and the document starts the next one. The
 * waits that remain are on rows (two writers storing the same document id
 * or text: the second waits for the first's commit, then finds it stored);
 * PostgreSQL breaks a cycle of those by aborting one transaction (40P01),
 * which then replays its batch's documents, kept until the commit. */

/* The second int4 key of country code cc: 0 for none (NULL or ""); a code
 * of at most three bytes is packed (at most 0xffffff), a longer one hashed
 * into [2^30, 2^31). Two codes that share a key only serialise their writers. */
static int country_key(const char *cc)
{
    if (!cc || !*cc)
        return 0;
    size_t n = strlen(cc);
    unsigned h = 0;
    if (n <= 3) {
        for (size_t i = 0; i < n; i++)
            h = h << 8 | (unsigned char)cc[i];
        return (int)h;
    }
    h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)cc[i]) * 16777619u;
    return (int)((h & 0x3fffffffu) | 0x40000000u);
}

/* Add key k to the sorted set s unless present. Returns 0, or -1 when out of memory. */
static int keys_add(pg_keys *s, int k)
{
    size_t i = 0;
    while (i < s->n && s->k[i] < k)
        i++;
    if (i < s->n && s->k[i] == k)
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        int *v = realloc(s->k, cap * sizeof *v);
        if (!v)
            return -1;
        s->k = v, s->cap = cap;
    }
    memmove(s->k + i + 1, s->k + i, (s->n - i) * sizeof *s->k);
    s->k[i] = k;
    s->n++;
    return 0;
}

static int keys_has(const pg_keys *s, int k)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->k[i] == k)
            return 1;
    return 0;
}

/* The country keys of a document's record rec into out (sorted): for each
 * event that store_group_events stores, the country its candidate search
 * reads (the code inc_event_from_json keeps, as find_incident is given it;
 * only when cand_window lets it join anything) and the country_code its row
 * and its incident get (event_row_fill), else key 0. Returns 0, or -1 when
 * out of memory. */
static int doc_keys(const json_t *rec, const store_doc *d, pg_keys *out)
{
    const json_t *events = json_object_get(rec, "events");
    const char *pub = store_doc_published(d);
    out->n = 0;
    for (size_t i = 0; i < json_array_size(events); i++) {
        const json_t *ev = json_array_get(events, i);
        inc_event ie;
        cand_win w;
        if (inc_event_from_json(ev, d->id, pub, &ie) < 0)
            continue; /* (not stored) */
        const json_t *cc = json_object_get(json_object_get(ev, "location"), "country_code");
        if ((cand_window(&ie, &w) && keys_add(out, country_key(ie.cc)) < 0) ||
            keys_add(out, country_key(json_string_value(cc))) < 0)
            return -1;
    }
    return 0;
}

/* Take country key k: waiting for it (wait), or only when free. Returns 1
 * taken, 0 held by another transaction, -1 on a database error. */
static int key_take(pg *q, int k, int wait)
{
    static const char lock[] = "SELECT pg_advisory_xact_lock(" PG_COUNTRY_SPACE ", $1::int4)";
    static const char try[] = "SELECT pg_try_advisory_xact_lock(" PG_COUNTRY_SPACE ", $1::int4)";
    char n[16];
    snprintf(n, sizeof n, "%d", k);
    const char *v[1] = {n};
    PGresult *res = pg_run(q, wait ? lock : try, 1, v, NULL);
    if (!res)
        return -1;
    int got = wait || strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (got && keys_add(&q->held, k) < 0) {
        q->last_msg = "out of memory";
        return -1;
    }
    return got;
}

/* tx_ops.begin of an ingest: the store's key shared, then the keys of the
 * document that starts the batch (q->want), in ascending order, waiting. */
static int pg_begin_ingest(void *impl)
{
    pg *q = impl;
    if (begin_locked(q, "SELECT pg_advisory_xact_lock_shared(" PG_WRITER_LOCK ")") < 0)
        return -1;
    for (size_t i = 0; i < q->want.n; i++)
        if (key_take(q, q->want.k[i], 1) < 0)
            return -1;
    return 0;
}

/* Take the keys of q->want the open transaction lacks without waiting.
 * Returns 1 all held, 0 one is another writer's, -1 on a database error. */
static int keys_try(pg *q)
{
    for (size_t i = 0; i < q->want.n; i++)
        if (!keys_has(&q->held, q->want.k[i])) {
            int got = key_take(q, q->want.k[i], 0);
            if (got <= 0)
                return got;
        }
    return 1;
}

static void pg_fail_last(void *impl, char *err, size_t errlen, const char *what)
{
    pg_fail(impl, NULL, err, errlen, what);
}

static int pg_add_document_row(void *impl, const store_doc *d, const char *now, size_t nevents, long long *seq)
{
    static const char ins_doc[] =
        "INSERT INTO documents(id, url, title, published, source, text_hash, text, coded_at, n_events)"
        " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING seq";
    pg *q = impl;
    char *text = NULL, nevs[24];
    if (d->text && !(text = malloc(d->len + 1))) { /* libpq takes NUL-terminated text */
        q->last_msg = "out of memory";
        return -1;
    }
    if (text) {
        memcpy(text, d->text, d->len);
        text[d->len] = '\0';
    }
    snprintf(nevs, sizeof nevs, "%zu", nevents);
    const char *dv[9] = {d->id, d->url, d->title, store_doc_published(d), d->source, d->hash, text, now, nevs};
    PGresult *res = pg_run(q, ins_doc, 9, dv, NULL);
    free(text);
    if (!res)
        return -1;
    *seq = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return 0;
}

/* group_ops.insert: the event's row. */
static int pg_insert(void *impl, const json_t *ev, const inc_event *ie, const char *doc_id, const char *published,
                     const char *incident, const char *why, long long seq)
{
    static const char ins_ev[] =
        "INSERT INTO events(" EVENT_COLUMNS ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,"
        "$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32)";
    event_row row;
    int ok = event_row_fill(&row, ev, ie, doc_id, published, incident, why, seq) == 0 &&
             pg_do(impl, ins_ev, EVENT_NCOLS, row.v) == 0;
    event_row_free(&row);
    return ok ? 0 : -1;
}

static const group_ops pg_group = {find_incident, incident_members, new_incident, pg_insert, NULL};
/* delete and recode (store.c through store_backend.tx): the whole store */
static const tx_ops pg_tx = {pg_in_transaction, pg_begin,        pg_savepoint,        pg_release,
                             pg_undo,           pg_commit,       pg_rollback,         pg_fail_last,
                             pg_has_document,   pg_add_document_row, reconcile,    &pg_group};
/* ingest (pg_add_document, pg_flush): the countries of its documents */
static const tx_ops pg_ingest_tx = {pg_in_transaction, pg_begin_ingest, pg_savepoint,        pg_release,
                                    pg_undo,           pg_commit,       pg_rollback,         pg_fail_last,
                                    pg_has_document,   pg_add_document_row, reconcile,    &pg_group};

/* ---- the open batch's documents, kept for a replay */

/* A copy of s (n bytes, or up to its NUL when n is (size_t)-1), NUL-terminated;
 * NULL for NULL. *bad set when out of memory. */
static char *copy(const char *s, size_t n, int *bad)
{
    if (!s)
        return NULL;
    if (n == (size_t)-1)
        n = strlen(s);
    char *c = malloc(n + 1);
    if (!c) {
        *bad = 1;
        return NULL;
    }
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

static void kept_free(pg_kept *k)
{
    free((char *)k->d.id), free((char *)k->d.url), free((char *)k->d.title), free((char *)k->d.published);
    free((char *)k->d.source), free((char *)k->d.text), free((char *)k->d.hash);
    json_decref(k->rec);
    memset(k, 0, sizeof *k);
}

/* Forget every kept document (keeps the array). */
static void kept_clear(pg_kept_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        kept_free(&l->v[i]);
    l->n = 0;
}

/* Append k to l (moved: l owns it now). Returns 0, or -1 when out of memory
 * (k freed). */
static int kept_push(pg_kept_list *l, pg_kept *k)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        pg_kept *v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            kept_free(k);
            return -1;
        }
        l->v = v, l->cap = cap;
    }
    l->v[l->n++] = *k;
    return 0;
}

/* Keep a copy of document d with a reference to rec, marked current.
 * Returns 0, or -1 when out of memory. */
static int kept_add(pg_kept_list *l, const store_doc *d, const json_t *rec)
{
    pg_kept k = {{0}, NULL, 1};
    int bad = 0;
    k.d.id = copy(d->id, (size_t)-1, &bad);
    k.d.url = copy(d->url, (size_t)-1, &bad);
    k.d.title = copy(d->title, (size_t)-1, &bad);
    k.d.published = copy(d->published, (size_t)-1, &bad);
    k.d.source = copy(d->source, (size_t)-1, &bad);
    k.d.text = copy(d->text, d->len, &bad);
    k.d.len = d->len;
    k.d.hash = copy(d->hash, (size_t)-1, &bad);
    k.rec = json_incref((json_t *)rec);
    if (bad) {
        kept_free(&k);
        return -1;
    }
    return kept_push(l, &k);
}

/* Is the last failure one the server ends by rolling the transaction back
 * and that trying again may pass (a deadlock, a serialisation failure)? */
static int retryable(const pg *q)
{
    return strcmp(q->last_state, "40P01") == 0 || strcmp(q->last_state, "40001") == 0;
}

/* Store one kept document k into the open batch (or a new one): its keys,
 * taken without waiting in an open batch (which commits first when another
 * writer has one), then batch_add_document. k is moved into q->kept (the
 * commit of its batch forgets it) whatever happens. Returns as
 * store_add_document; r gets the document's result. */
static int store_kept(pg *q, pg_kept *k, store_result *r, char *err, size_t errlen)
{
    const store_doc d = k->d; /* (its strings stay where they are when k moves) */
    const json_t *rec = k->rec;
    memset(r, 0, sizeof *r);
    int rc = doc_keys(rec, &d, &q->want);
    if (rc < 0)
        q->last_msg = "out of memory";
    else if (pg_in_transaction(q)) {
        int got = keys_try(q);
        if (got < 0) { /* (the transaction failed: roll the batch back, its documents kept) */
            pg_fail(q, NULL, err, errlen, "cannot lock");
            pg_rollback(q);
            q->batch.docs = 0;
            dirty_clear(&q->batch.dirty);
            rc = -1;
        } else if (got == 0 && batch_flush(&q->batch, &pg_ingest_tx, q, err, errlen) < 0)
            rc = -1; /* (rolled back, its documents kept) */
    }
    if (kept_push(&q->kept, k) < 0) {
        q->last_msg = "out of memory";
        rc = -1;
    }
    if (rc < 0) {
        if (!err[0])
            pg_fail(q, NULL, err, errlen, "cannot store document");
        return -1;
    }
    return batch_add_document(&q->batch, &pg_ingest_tx, q, &d, rec, r, err, errlen);
}

/* After storing failed with a duplicate key (another writer committed the
 * same document id or text meanwhile, and the insert waited for it): is the
 * document stored now? Then it is skipped (1), else rc stands. */
static int dup_after_wait(pg *q, const store_doc *d, int rc, store_result *r, char *err)
{
    char e2[64];
    if (rc >= 0 || strcmp(q->last_state, "23505") != 0 || pg_has_document(q, d->id, d->hash, e2, sizeof e2) != 1)
        return rc;
    memset(r, 0, sizeof *r);
    err[0] = '\0';
    return 1;
}

/* Roll the open batch back and store its kept documents again, in order
 * (the one marked current gets r). Returns as store_add_document for the last
 * document stored, or -1 at the first that fails; the documents not stored
 * yet stay kept after it. */
static int replay(pg *q, store_result *r, char *err, size_t errlen)
{
    pg_kept_list todo = q->kept;
    memset(&q->kept, 0, sizeof q->kept);
    if (pg_in_transaction(q))
        pg_rollback(q);
    q->batch.docs = 0;
    dirty_clear(&q->batch.dirty);
    int rc = 0;
    size_t i = 0;
    for (; i < todo.n && rc >= 0; i++) {
        store_result tmp;
        q->last_state[0] = '\0';
        err[0] = '\0';
        int current = todo.v[i].current;
        store_doc d = todo.v[i].d; /* (its strings live while rc < 0: not committed) */
        rc = store_kept(q, &todo.v[i], current ? r : &tmp, err, errlen);
        memset(&todo.v[i], 0, sizeof todo.v[i]);
        rc = dup_after_wait(q, &d, rc, current ? r : &tmp, err);
        if (rc == 1 && !current && q->kept.n && q->kept.v[q->kept.n - 1].d.id == d.id)
            kept_free(&q->kept.v[--q->kept.n]); /* stored meanwhile by another writer: not in the batch */
    }
    for (; i < todo.n; i++)
        if (kept_push(&q->kept, &todo.v[i]) < 0)
            rc = -1;
    free(todo.v);
    return rc;
}
/* How many times a batch is replayed after deadlocks before the error stands. */
#define PG_REPLAYS 20

/* After a failure: replay the kept batch while the failure is one to retry
 * (retryable). rc: the failed call's return. Returns the final one. */
static int retry(pg *q, int rc, store_result *r, char *err, size_t errlen)
{
    for (int n = 0; rc < 0 && retryable(q) && n < PG_REPLAYS; n++)
        rc = replay(q, r, err, errlen);
    return rc;
}

/* Roll the open batch back after its replays failed, and add to err how many
 * documents before the failed one went with it (a re-run stores them). */
static void lost_batch(pg *q, char *err, size_t errlen)
{
    size_t n = 0, len = strlen(err);
    for (size_t i = 0; i < q->kept.n; i++)
        n += !q->kept.v[i].current;
    if (pg_in_transaction(q))
        pg_rollback(q);
    q->batch.docs = 0;
    dirty_clear(&q->batch.dirty);
    if (n)
        snprintf(err + len, errlen - len, " (the %zu document%s stored before it in this batch were rolled back"
                 " too; ingest them again)", n, n == 1 ? "" : "s");
}

static int pg_add_document(void *impl, const store_doc *d, const json_t *rec, store_result *r, char *err,
                           size_t errlen)
{
    pg *q = impl;
    long before = q->batch.committed;
    q->last_msg = "unknown error";
    q->last_state[0] = '\0';
    if (errlen)
        err[0] = '\0';
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < q->kept.n; i++)
        q->kept.v[i].current = 0;
    if (kept_add(&q->kept, d, rec) < 0) {
        snprintf(err, errlen, "%s: cannot store document: out of memory", q->where);
        return -1;
    }
    pg_kept k = q->kept.v[--q->kept.n]; /* (store_kept moves it back) */
    int rc = retry(q, store_kept(q, &k, r, err, errlen), r, err, errlen);
    rc = dup_after_wait(q, d, rc, r, err);
    if (rc < 0 && retryable(q)) /* deadlocked PG_REPLAYS times: the batch goes, as a lost transaction's */
        lost_batch(q, err, errlen);
    if (rc != 0 && q->kept.n && q->kept.v[q->kept.n - 1].current)
        kept_free(&q->kept.v[--q->kept.n]); /* skipped or failed: not in the batch */
    if (!pg_in_transaction(q))
        kept_clear(&q->kept); /* (committed, or lost with the transaction: err says so) */
    r->committed = (int)(q->batch.committed - before);
    return rc;
}

/* Commit the open batch: as batch_flush, replayed after a deadlock.
 * Returns the documents committed, or -1 (err). */
static int pg_flush(void *impl, char *err, size_t errlen)
{
    pg *q = impl;
    long before = q->batch.committed;
    store_result r;
    q->last_state[0] = '\0';
    int rc = batch_flush(&q->batch, &pg_ingest_tx, q, err, errlen);
    if (rc < 0 && retryable(q) && q->kept.n) {
        for (size_t i = 0; i < q->kept.n; i++)
            q->kept.v[i].current = 0;
        rc = retry(q, rc, &r, err, errlen);
        if (rc >= 0)
            rc = batch_flush(&q->batch, &pg_ingest_tx, q, err, errlen);
    }
    if (!pg_in_transaction(q))
        kept_clear(&q->kept);
    return rc < 0 ? -1 : (int)(q->batch.committed - before);
}

static void pg_set_batch(void *impl, int max_docs, int max_seconds)
{
    batch_set(&((pg *)impl)->batch, max_docs, max_seconds);
}

/* The most days any stored incident spans (meta max_span_days); 370 when unknown. */
static long longest_span(pg *q)
{
    PGresult *res = pg_run(q, "SELECT value FROM meta WHERE key = 'max_span_days'", 0, NULL, NULL);
    long span = res && PQntuples(res) == 1 ? atol(PQgetvalue(res, 0, 0)) : 370;
    PQclear(res);
    return span < 0 ? 370 : span;
}

/* A growing SQL text whose '?' become $1, $2, ... with their text values. */
typedef struct pg_sql {
    char sql[8192];
    size_t len;
    const char *v[96];
    char num[16][32];
    int n, nnum, overflow;
} pg_sql;

/* Append s, each '?' taking the next of the values that follow (text). */
static void add(pg_sql *b, const char *s, ...)
{
    va_list ap;
    va_start(ap, s);
    for (; *s; s++) {
        if (*s == '?') {
            if (b->n == 96) {
                b->overflow = 1;
                break;
            }
            b->v[b->n++] = va_arg(ap, const char *);
            b->len += (size_t)snprintf(b->sql + b->len, b->len < sizeof b->sql ? sizeof b->sql - b->len : 0, "$%d",
                                       b->n);
        } else if (b->len + 1 < sizeof b->sql)
            b->sql[b->len++] = *s;
        else
            b->overflow = 1;
        if (b->len >= sizeof b->sql)
            b->overflow = 1, b->len = sizeof b->sql - 1;
    }
    b->sql[b->len] = '\0';
    va_end(ap);
}

/* A number as a value kept in b. */
static const char *num(pg_sql *b, double x)
{
    if (b->nnum == 16)
        return "0";
    snprintf(b->num[b->nnum], 32, "%.17g", x);
    return b->num[b->nnum++];
}

/* The key of each group of store_stats, as SQL over incidents i. */
static const char *const pg_group_keys[] = {
    "i.date_start", "to_char(date_trunc('week', i.date_start::date), 'YYYY-MM-DD')", "substr(i.date_start, 1, 7)",
    "i.country_code", "i.event_type", "i.country_code || '/' || i.admin1", "i.actor1",
    "substr(i.date_start, 1, 7) || '|' || coalesce(i.event_type, '')"};

/* The key of a grouped select into buf: store_stats's, or the map's cells
 * (STORE_CELL_GROUP, as SQLite's). */
static void pg_group_key(int group, char *buf, size_t cap)
{
    if (group < STORE_CELL_GROUP(0)) {
        snprintf(buf, cap, "%s", pg_group_keys[group]);
        return;
    }
    cell_key_sql(group,
                 "(substr(i.date_start, 6) <> '01-01' OR (i.json::json->'date'->>'precision') IS DISTINCT FROM 'year')",
                 "floor(", ")::bigint", buf, cap);
}

static long pg_rows(pg *q, PGresult *res, int (*cb)(void *, const char *const *), void *ud, char *err,
                    size_t errlen);

/* store_stats of group under f from the incidents' rollup (rollup_fits holds). */
static long pg_select_rollup(pg *q, const store_filter *f, int group, int (*cb)(void *, const char *const *),
                             void *ud, char *err, size_t errlen)
{
    static const rollup_dialect dialect = {"(", ") COLLATE \"C\" NULLS FIRST"};
    rollup_query rq;
    char sql[sizeof rq.sql + 3 * ROLLUP_MAX_PARAMS];
    size_t w = 0;
    int k = 0;
    if (rollup_query_build(f, group, &dialect, &rq) < 0) {
        snprintf(err, errlen, "%s: cannot query: too many filters", q->where);
        return -1;
    }
    for (const char *c = rq.sql; *c; c++) /* '?' as $1, $2, ... */
        if (*c == '?')
            w += (size_t)snprintf(sql + w, sizeof sql - w, "$%d", ++k);
        else
            sql[w++] = *c;
    sql[w] = '\0';
    return pg_rows(q, PQexecParams(q->conn, sql, rq.n, NULL, rq.v, NULL, NULL, 0), cb, ud, err, errlen);
}

/* Do the filter's actors appear in fewer than PG_RARE_ACTOR_EVENTS events?
 * (Each count stops there, so the check reads at most that many index
 * entries; on an error the answer is "rare", the query's old form.) */
#define PG_RARE_ACTOR_EVENTS 2000
static int pg_actors_are_rare(pg *q, const store_filter *f)
{
    static const char sql[] =
        "SELECT (SELECT count(*) FROM (SELECT 1 FROM events WHERE lower(actor1) = lower($1) LIMIT $2) a)"
        " + (SELECT count(*) FROM (SELECT 1 FROM events WHERE lower(actor2) = lower($1) LIMIT $2) b)"
        " + (SELECT count(*) FROM (SELECT 1 FROM events WHERE lower(claimed_by) = lower($1) LIMIT $2) c)";
    char lim[16];
    snprintf(lim, sizeof lim, "%d", PG_RARE_ACTOR_EVENTS);
    long total = 0;
    for (size_t a = 0; a < f->nactors && a < STORE_MAX_ACTORS && total < PG_RARE_ACTOR_EVENTS; a++) {
        const char *v[2] = {f->actors[a], lim};
        PGresult *res = pg_run(q, sql, 2, v, NULL);
        if (!res)
            return 1;
        total += strtol(PQgetvalue(res, 0, 0), NULL, 10);
        PQclear(res);
    }
    return total < PG_RARE_ACTOR_EVENTS;
}

static long pg_select(void *impl, const store_filter *f, int group, int (*cb)(void *, const char *const *),
                      void *ud, char *err, size_t errlen)
{
    pg *q = impl;
    q->timed_out = 0;
    if (q->rollup && rollup_fits(f, group))
        return pg_select_rollup(q, f, group, cb, ud, err, errlen);
    pg_sql *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(err, errlen, "%s: out of memory", q->where);
        return -1;
    }
    char since_lo[11], cc[8], key[600];
    if (group >= 0) {
        pg_group_key(group, key, sizeof key);
        add(b, "SELECT ");
        add(b, key); /* (text without '?') */
        add(b, ", count(*), coalesce(sum(i.killed_min), 0)");
        if (group >= STORE_CELL_GROUP(0))
            add(b, ", avg(i.lat), avg(i.lon), count(*) - count(i.killed_min), min(i.id COLLATE \"C\"),"
                   " min(i.event_type)");
    } else
        add(b, "SELECT i.json");
    add(b, " FROM incidents i WHERE i.json IS NOT NULL");
    if (f->since) { /* bound date_start too, for the index, by the longest incident span stored */
        inc_day_str(inc_day(f->since) - longest_span(q), since_lo);
        add(b, " AND coalesce(i.date_end, i.date_start) >= ? AND i.date_start >= ?", f->since, since_lo);
    }
    if (f->until)
        add(b, " AND i.date_start <= ?", f->until);
    if (f->country) /* codes are stored upper-case */
        add(b, " AND i.country_code = ?", store_country_upper(f->country, cc));
    if (f->admin1)
        add(b, " AND lower(i.admin1) = lower(?)", f->admin1);
    if (f->type)
        add(b, " AND i.event_type = ?", f->type);
    for (size_t t = 0; t < f->ntypes && t < STORE_MAX_ACTORS; t++)
        add(b, t ? ", ?" : " AND i.event_type IN (?", f->types[t]);
    if (f->ntypes)
        add(b, ")");
    if (f->sub_type)
        add(b, " AND i.sub_event_type = ?", f->sub_type);
    for (size_t t = 0; t < f->nsub_types && t < STORE_MAX_ACTORS; t++)
        add(b, t ? ", ?" : " AND i.sub_event_type IN (?", f->sub_types[t]);
    if (f->nsub_types)
        add(b, ")");
    if (f->cameo)
        add(b, " AND substr(i.cameo, 1, length(?)) = ?", f->cameo, f->cameo);
    if (f->min_killed >= 0)
        add(b, " AND i.killed_min >= ?::bigint", num(b, (double)f->min_killed));
    if (f->background >= 0)
        add(b, " AND i.background = ?::integer", f->background ? "1" : "0");
    if (f->changed_since)
        add(b, " AND i.updated_at COLLATE \"C\" >= ?", f->changed_since);
    if (f->nactors) {
        /* As SQLite's: a rare actor's incidents drive the query (one list, its own actor1
         * among them: an OR beside it had every incident read); a common one (200,000 events
         * of a million: the list took seconds to build) is checked on each incident the
         * other filters and the date order reach, which LIMIT cuts short. */
        int rare = pg_actors_are_rare(q, f);
        add(b, " AND (");
        for (size_t a = 0; a < f->nactors && a < STORE_MAX_ACTORS; a++) {
            const char *n = f->actors[a];
            add(b, a ? " OR " : "");
            if (rare)
                add(b, "i.id IN (SELECT id FROM incidents WHERE lower(actor1) = lower(?) UNION SELECT incident_id"
                       " FROM events WHERE lower(actor1) = lower(?) UNION SELECT incident_id FROM events"
                       " WHERE lower(actor2) = lower(?) UNION SELECT incident_id FROM events"
                       " WHERE lower(claimed_by) = lower(?))",
                    n, n, n, n);
            else
                add(b, "lower(i.actor1) = lower(?) OR EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.id"
                       " AND (lower(e.actor1) = lower(?) OR lower(e.actor2) = lower(?)"
                       " OR lower(e.claimed_by) = lower(?)))",
                    n, n, n, n);
        }
        add(b, ")");
    }
    if (f->near) {
        double dl = f->km / 111.0 + 0.01, dn = dl / fmax(0.05, cos(f->lat * 0.017453292519943295));
        add(b, " AND i.lat BETWEEN ?::float8 AND ?::float8 AND i.lon BETWEEN ?::float8 AND ?::float8"
               " AND tac_km(i.lat, i.lon, ?::float8, ?::float8) <= ?::float8",
            num(b, f->lat - dl), num(b, f->lat + dl), num(b, f->lon - dn), num(b, f->lon + dn), num(b, f->lat),
            num(b, f->lon), num(b, f->km));
    }
    if (f->bbox)
        add(b, " AND i.lat BETWEEN ?::float8 AND ?::float8 AND i.lon BETWEEN ?::float8 AND ?::float8",
            num(b, f->min_lat), num(b, f->max_lat), num(b, f->min_lon), num(b, f->max_lon));
    if (!store_words_blank(f->text))
        add(b, " AND i.id IN (SELECT e.incident_id FROM events e JOIN documents d ON d.id = e.doc_id"
               " WHERE " PG_FTS_DOC " @@ plainto_tsquery('simple', ?))",
            f->text);
    if (group >= 0) { /* SQLite's order: bytes, NULL first */
        add(b, " GROUP BY 1 ORDER BY (");
        add(b, key); /* (in parentheses: the collation applies to the whole key) */
        add(b, ") COLLATE \"C\" NULLS FIRST");
    } else {
        /* SQLite's order: NULL first, text by bytes (ISO dates sort alike in every collation) */
        add(b, f->by_change      ? " ORDER BY i.updated_at COLLATE \"C\", i.id COLLATE \"C\""
               : f->newest_first ? " ORDER BY i.date_start DESC NULLS LAST, i.date_end DESC NULLS LAST,"
                                   " i.id COLLATE \"C\" DESC"
                                 : " ORDER BY i.date_start NULLS FIRST, i.date_end NULLS FIRST, i.id COLLATE \"C\"");
        if (f->limit > 0)
            add(b, " LIMIT ?::bigint", num(b, (double)f->limit));
        if (f->offset > 0)
            add(b, " OFFSET ?::bigint", num(b, (double)f->offset));
    }
    if (b->overflow) {
        free(b);
        snprintf(err, errlen, "%s: cannot query: too many filters", q->where);
        return -1;
    }
    PGresult *res = PQexecParams(q->conn, b->sql, b->n, NULL, b->v, NULL, NULL, 0);
    free(b);
    return pg_rows(q, res, cb, ud, err, errlen);
}

/* The rows of a select's result res (PQclear'd here), each passed to cb: pg_select's
 * count, or -1 (err; empty when cb stopped). */
static long pg_rows(pg *q, PGresult *res, int (*cb)(void *, const char *const *), void *ud, char *err,
                    size_t errlen)
{
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        pg_fail(q, res, err, errlen, "cannot query");
        PQclear(res);
        return -1;
    }
    long n = 0;
    for (int i = 0; i < PQntuples(res); i++) {
        const char *cols[STORE_CELL_COLS];
        for (int k = 0; k < STORE_CELL_COLS; k++)
            cols[k] = k < PQnfields(res) ? val(res, i, k) : NULL;
        int rc_cb = cb(ud, cols);
        n += rc_cb == 0;
        if (rc_cb > 0) {
            PQclear(res);
            if (err && errlen)
                err[0] = '\0';
            return -1;
        }
    }
    PQclear(res);
    return n;
}

/* A JSON string, or null for SQL NULL. */
static json_t *jv(const PGresult *res, int row, int col)
{
    const char *s = val(res, row, col);
    return s ? json_string(s) : json_null();
}

static json_t *pg_detail(void *impl, const char *id, char *err, size_t errlen)
{
    pg *q = impl;
    q->timed_out = 0;
    if (errlen)
        err[0] = '\0';
    static const char *const sqls[] = {
        "SELECT json FROM incidents WHERE id = $1",
        "SELECT id, doc_id, join_reason, published, json FROM events WHERE incident_id = $1"
        " ORDER BY seq, id COLLATE \"C\"",
        "SELECT doc_id, published, kind, min, max, approximate FROM figure_history WHERE incident_id = $1"
        " ORDER BY seq",
        "SELECT d.id, d.title, d.url, d.published, d.text FROM documents d WHERE d.id IN"
        " (SELECT doc_id FROM events WHERE incident_id = $1) ORDER BY d.seq"};
    const char *v[1] = {id};
    json_t *out = NULL;
    for (int k = 0; k < 4; k++) {
        PGresult *bad = NULL, *res = pg_run(q, sqls[k], 1, v, &bad);
        if (!res) {
            pg_fail(q, bad, err, errlen, "cannot read");
            PQclear(bad);
            json_decref(out);
            return NULL;
        }
        if (k == 0) {
            json_t *inc = PQntuples(res) == 1 ? json_loads(PQgetvalue(res, 0, 0), 0, NULL) : NULL;
            PQclear(res);
            if (!inc)
                return NULL;
            out = json_pack("{s:o,s:[],s:[],s:[]}", "incident", inc, "events", "figures", "documents");
            continue;
        }
        json_t *arr = json_object_get(out, k == 1 ? "events" : k == 2 ? "figures" : "documents");
        for (int i = 0; i < PQntuples(res); i++) {
            json_t *row = json_object();
            if (k == 1) {
                json_object_set_new(row, "id", jv(res, i, 0));
                json_object_set_new(row, "doc_id", jv(res, i, 1));
                json_object_set_new(row, "join_reason", jv(res, i, 2));
                json_object_set_new(row, "published", jv(res, i, 3));
                json_t *e = json_loads(PQgetvalue(res, i, 4), 0, NULL);
                json_object_set_new(row, "event", e ? e : json_null());
            } else if (k == 2) {
                json_object_set_new(row, "doc_id", jv(res, i, 0));
                json_object_set_new(row, "published", jv(res, i, 1));
                json_object_set_new(row, "kind", jv(res, i, 2));
                json_object_set_new(row, "min", json_integer(strtoll(PQgetvalue(res, i, 3), NULL, 10)));
                json_object_set_new(row, "max", val(res, i, 4) ? json_integer(strtoll(val(res, i, 4), NULL, 10))
                                                               : json_null());
                json_object_set_new(row, "approximate", json_boolean(atoi(PQgetvalue(res, i, 5))));
            } else {
                static const char *const keys[] = {"id", "title", "url", "published", "text"};
                for (int j = 0; j < 5; j++)
                    json_object_set_new(row, keys[j], jv(res, i, j));
            }
            json_array_append_new(arr, row);
        }
        PQclear(res);
    }
    return out;
}

/* statement_timeout on this connection: each statement's bound. */
static void pg_set_time_limit(void *impl, double seconds)
{
    pg *q = impl;
    char sql[64];
    long ms = seconds > 0 ? (long)(seconds * 1000 + 0.5) : 0;
    snprintf(sql, sizeof sql, "SET statement_timeout = %ld", seconds > 0 && ms < 1 ? 1 : ms);
    pg_exec(q, sql, NULL, 0, NULL);
}

static int pg_timed_out(void *impl)
{
    return ((pg *)impl)->timed_out;
}

static long pg_count(void *impl, const char *table)
{
    pg *q = impl;
    static const char *const names[] = {"documents", "events", "incidents", "figure_history", NULL};
    static const char *const sqls[] = {"SELECT count(*) FROM documents", "SELECT count(*) FROM events",
                                       "SELECT count(*) FROM incidents", "SELECT count(*) FROM figure_history"};
    for (int i = 0; names[i]; i++)
        if (strcmp(table, names[i]) == 0) {
            PGresult *res = pg_run(q, sqls[i], 0, NULL, NULL);
            long n = res ? atol(PQgetvalue(res, 0, 0)) : -1;
            PQclear(res);
            return n;
        }
    return -1;
}

/* ---- stored documents deleted or coded again (doc_ops of store_int.h) */

/* A copy of a value of res (NULL for SQL NULL); *bad set when out of memory. */
static char *val_dup(const PGresult *res, int row, int col, int *bad)
{
    const char *t = val(res, row, col);
    char *c = t ? strdup(t) : NULL;
    if (t && !c)
        *bad = 1;
    return c;
}

/* doc_ops.get (store_int.h). */
static int pg_doc_get(void *impl, const char *id, stored_doc *out)
{
    const char *v[1] = {id};
    PGresult *res =
        pg_run(impl, "SELECT url, title, published, text, seq, n_events, source FROM documents WHERE id = $1", 1, v,
               NULL);
    memset(out, 0, sizeof *out);
    if (!res)
        return -1;
    int found = PQntuples(res) == 1, bad = 0;
    if (found) {
        out->id = strdup(id);
        out->url = val_dup(res, 0, 0, &bad);
        out->title = val_dup(res, 0, 1, &bad);
        out->published = val_dup(res, 0, 2, &bad);
        out->text = val_dup(res, 0, 3, &bad);
        out->len = out->text ? strlen(out->text) : 0;
        out->seq = strtoll(PQgetvalue(res, 0, 4), NULL, 10);
        out->n_events = atol(PQgetvalue(res, 0, 5));
        out->source = val_dup(res, 0, 6, &bad);
    }
    PQclear(res);
    if (bad || (found && !out->id)) {
        ((pg *)impl)->last_msg = "out of memory";
        stored_doc_free(out);
        return -1;
    }
    return found;
}

/* doc_ops.each (store_int.h). */
static int pg_doc_each(void *impl, int (*cb)(void *ud, const char *id), void *ud)
{
    PGresult *res = pg_run(impl, "SELECT id FROM documents ORDER BY seq", 0, NULL, NULL);
    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res) && cb(ud, PQgetvalue(res, i, 0)) == 0; i++)
        ;
    PQclear(res);
    return 0;
}

/* doc_ops.incidents (store_int.h). */
static int pg_doc_incidents(void *impl, const char *id, dirty_set *d)
{
    const char *v[1] = {id};
    PGresult *res = pg_run(impl, "SELECT incident_id FROM events WHERE doc_id = $1 ORDER BY length(id), id COLLATE \"C\"",
                           1, v, NULL);
    if (!res)
        return -1;
    int ok = 1;
    for (int i = 0; ok && i < PQntuples(res); i++)
        ok = dirty_add(d, PQgetvalue(res, i, 0)) == 0;
    PQclear(res);
    return ok ? 0 : -1;
}

/* doc_ops.remove_events (store_int.h). */
static int pg_doc_remove_events(void *impl, const char *id)
{
    const char *v[1] = {id};
    return pg_do(impl, "DELETE FROM figure_history WHERE doc_id = $1", 1, v) == 0 &&
                   pg_do(impl, "DELETE FROM events WHERE doc_id = $1", 1, v) == 0
               ? 0
               : -1;
}

/* doc_ops.remove (store_int.h). */
static int pg_doc_remove(void *impl, const char *id)
{
    const char *v[1] = {id};
    return pg_do(impl, "DELETE FROM documents WHERE id = $1", 1, v); /* (the GIN index follows the row) */
}

/* doc_ops.set_coded (store_int.h). */
static int pg_doc_set_coded(void *impl, const char *id, const char *now, size_t nevents)
{
    char n[24];
    snprintf(n, sizeof n, "%zu", nevents);
    const char *v[3] = {id, now, n};
    return pg_do(impl, "UPDATE documents SET coded_at = $2, n_events = $3 WHERE id = $1", 3, v);
}

/* doc_ops.incident_events (store_int.h). */
static long pg_incident_events(void *impl, const char *iid)
{
    const char *v[1] = {iid};
    PGresult *res = pg_run(impl, "SELECT count(*) FROM events WHERE incident_id = $1", 1, v, NULL);
    long n = res ? atol(PQgetvalue(res, 0, 0)) : -1;
    PQclear(res);
    return n;
}

/* doc_ops.incident_clear (store_int.h). */
static int pg_incident_clear(void *impl, const char *iid, int drop)
{
    const char *v[1] = {iid};
    return pg_do(impl, "DELETE FROM figure_history WHERE incident_id = $1", 1, v) == 0 &&
                   (!drop || pg_do(impl, "DELETE FROM incidents WHERE id = $1", 1, v) == 0)
               ? 0
               : -1;
}

static const doc_ops pg_docs = {pg_doc_get,    pg_doc_each,      pg_doc_incidents,   pg_doc_remove_events,
                                pg_doc_remove, pg_doc_set_coded, pg_incident_events, pg_incident_clear};

/* ---- bulk loading (bulk.c): rows sent with COPY, several megabytes at a
 * time. Events come before their incidents and PostgreSQL's foreign keys are
 * checked at once, so they go to a temporary staging table first, moved into
 * events with one INSERT ... SELECT once every incident is written. */

enum pg_bulk_table { PGB_DOCUMENTS, PGB_EVENTS, PGB_INCIDENTS, PGB_FIGURES };
static const char *const pgb_copy_sql[4] = {
    "COPY documents(seq, id, url, title, published, source, text_hash, text, coded_at, n_events) FROM STDIN",
    "COPY tac_bulk_events(" EVENT_COLUMNS ") FROM STDIN",
    ("COPY incidents(id, updated_at, n_events, n_documents, json, event_type, sub_event_type, cameo,"
     " country_code, admin1, place, lat, lon, date_start, date_end, killed_min, actor1, background, seq,"
     " created_at) FROM STDIN"),
    "COPY figure_history(incident_id, doc_id, published, kind, min, max, approximate) FROM STDIN"};
/* A table's rows are sent once they reach this size. */
#define PGB_FLUSH (4u << 20)

/* Append n bytes of text s to c as one COPY text field (NULL: \N), after a
 * tab unless first. Returns 0, or -1 when out of memory. */
static int pgb_field(struct pg_copy *c, const char *s, size_t n, int first)
{
    if (c->cap - c->n < 2 * n + 4) {
        size_t cap = c->cap ? 2 * c->cap : 1u << 16;
        while (cap - c->n < 2 * n + 4)
            cap *= 2;
        char *p = realloc(c->p, cap);
        if (!p)
            return -1;
        c->p = p, c->cap = cap;
    }
    if (!first)
        c->p[c->n++] = '\t';
    if (!s) {
        memcpy(c->p + c->n, "\\N", 2);
        c->n += 2;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char ch = s[i], e = ch == '\\' ? '\\' : ch == '\n' ? 'n' : ch == '\r' ? 'r' : ch == '\t' ? 't' : 0;
        if (e)
            c->p[c->n++] = '\\', c->p[c->n++] = e;
        else
            c->p[c->n++] = ch;
    }
    return 0;
}

/* End the row being appended to c. Returns 0, or -1 when out of memory. */
static int pgb_end_row(struct pg_copy *c)
{
    if (pgb_field(c, "", 0, 1) < 0) /* (an empty first field: room, and nothing written) */
        return -1;
    c->p[c->n++] = '\n';
    return 0;
}

/* Append one row of n NUL-terminated values (NULL = SQL NULL) to c. */
static int pgb_row(struct pg_copy *c, const char *const *v, int n)
{
    for (int i = 0; i < n; i++)
        if (pgb_field(c, v[i], v[i] ? strlen(v[i]) : 0, i == 0) < 0)
            return -1;
    return pgb_end_row(c);
}

/* Note the SQLSTATE of a failed result. */
static void pgb_state(pg *q, const PGresult *res)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    snprintf(q->last_state, sizeof q->last_state, "%s", state ? state : "");
}

/* Send table t's buffered rows with COPY. Returns 0 or -1. */
static int pgb_send(pg *q, int t)
{
    struct pg_copy *c = &q->copy[t];
    if (c->n == 0)
        return 0;
    size_t n = c->n;
    c->n = 0;
    PGresult *res = PQexec(q->conn, pgb_copy_sql[t]);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        pgb_state(q, res);
        PQclear(res);
        return -1;
    }
    PQclear(res);
    int ok = PQputCopyData(q->conn, c->p, (int)n) == 1;
    ok = PQputCopyEnd(q->conn, ok ? NULL : "the rows could not be sent") == 1 && ok;
    while ((res = PQgetResult(q->conn)) != NULL) { /* (the COPY's result, then NULL) */
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            pgb_state(q, res);
            ok = 0;
        }
        PQclear(res);
    }
    return ok ? 0 : -1;
}

static void pgb_forget(pg *q)
{
    for (int t = 0; t < 4; t++) {
        free(q->copy[t].p);
        q->copy[t] = (struct pg_copy){0};
    }
    q->bulk_docs = q->bulk_incs = 0;
}

/* The whole store, exclusively, as a delete does; and the staging table. */
static int pgb_begin(void *impl)
{
    pg *q = impl;
    pgb_forget(q);
    return begin_locked(q, "SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")") == 0 &&
                   pg_exec(q, "CREATE TEMPORARY TABLE tac_bulk_events (LIKE events) ON COMMIT DROP", NULL, 0,
                           NULL) == 0
               ? 0
               : -1;
}

static int pgb_document(void *impl, const store_doc *d, const char *now, size_t nevents, long long seq)
{
    pg *q = impl;
    struct pg_copy *c = &q->copy[PGB_DOCUMENTS];
    char sq[24], nevs[24];
    snprintf(sq, sizeof sq, "%lld", seq);
    snprintf(nevs, sizeof nevs, "%zu", nevents);
    const char *v[10] = {sq, d->id, d->url, d->title, store_doc_published(d), d->source, d->hash, d->text, now, nevs};
    for (int i = 0; i < 10; i++) /* (the text has its own length) */
        if (pgb_field(c, v[i], i == 7 ? d->len : v[i] ? strlen(v[i]) : 0, i == 0) < 0)
            return -1;
    if (pgb_end_row(c) < 0)
        return -1;
    if (seq > q->bulk_docs)
        q->bulk_docs = seq;
    return c->n >= PGB_FLUSH ? pgb_send(q, PGB_DOCUMENTS) : 0;
}

static int pgb_event(void *impl, const event_row *r)
{
    pg *q = impl;
    struct pg_copy *c = &q->copy[PGB_EVENTS];
    if (pgb_row(c, r->v, EVENT_NCOLS) < 0)
        return -1;
    return c->n >= PGB_FLUSH ? pgb_send(q, PGB_EVENTS) : 0;
}

static int pgb_incident(void *impl, const incident_row *o, const recon *r, long long num, const char *now)
{
    pg *q = impl;
    (void)r;
    if (q->bulk_incs == 0 && (pgb_send(q, PGB_DOCUMENTS) < 0 || pgb_send(q, PGB_EVENTS) < 0))
        return -1; /* (the figures' documents first) */
    char n[24];
    snprintf(n, sizeof n, "%lld", num);
    const char *v[INCIDENT_NCOLS + 2];
    memcpy(v, o->v, sizeof o->v);
    v[INCIDENT_NCOLS] = n, v[INCIDENT_NCOLS + 1] = now;
    if (pgb_row(&q->copy[PGB_INCIDENTS], v, INCIDENT_NCOLS + 2) < 0)
        return -1;
    for (size_t i = 0; i < o->nhist; i++) {
        const char *f[FIGURE_NCOLS];
        char num3[3][32];
        figure_row(o->v[0], &o->hist[i], f, num3);
        if (pgb_row(&q->copy[PGB_FIGURES], f, FIGURE_NCOLS) < 0)
            return -1;
    }
    q->bulk_incs = num;
    if (q->copy[PGB_INCIDENTS].n + q->copy[PGB_FIGURES].n < PGB_FLUSH)
        return 0;
    return pgb_send(q, PGB_INCIDENTS) == 0 && pgb_send(q, PGB_FIGURES) == 0 ? 0 : -1;
}

/* The rest of the rows, the events moved in from the staging table, the
 * sequences past the numbers written, max_span_days, then the commit. */
static int pgb_commit(void *impl, long max_span)
{
    pg *q = impl;
    char set[200];
    int ok = pgb_send(q, PGB_DOCUMENTS) == 0 && pgb_send(q, PGB_EVENTS) == 0 && pgb_send(q, PGB_INCIDENTS) == 0 &&
             pgb_send(q, PGB_FIGURES) == 0 &&
             pg_exec(q, "INSERT INTO events SELECT * FROM tac_bulk_events", NULL, 0, NULL) == 0;
    if (ok && q->bulk_docs > 0) {
        snprintf(set, sizeof set, "SELECT setval(pg_get_serial_sequence('documents', 'seq'), %lld)", q->bulk_docs);
        ok = pg_exec(q, set, NULL, 0, NULL) == 0;
    }
    if (ok && q->bulk_incs > 0) {
        snprintf(set, sizeof set, "SELECT setval('incident_seq', %lld)", q->bulk_incs);
        ok = pg_exec(q, set, NULL, 0, NULL) == 0;
    }
    pgb_forget(q);
    if (!ok)
        return -1;
    q->span = max_span;
    if (pg_commit(q) < 0)
        return -1;
    /* the planner's statistics of the loaded tables now, not when autovacuum comes round:
     * without them a query of the new store chose plans that took a second (best effort) */
    pg_exec(q, "ANALYZE documents, events, incidents, figure_history, incident_rollup", NULL, 0, NULL);
    return 0;
}

static void pgb_rollback(void *impl)
{
    pgb_forget(impl);
    pg_rollback(impl);
}

static const bulk_ops pg_bulk = {pgb_begin, pgb_document, pgb_event, pgb_incident, pgb_commit, pgb_rollback};

const store_backend store_pg_backend = {"postgresql", pg_open,  pg_close, pg_has_document, pg_add_document,
                                        pg_select,    pg_detail, pg_count, pg_set_batch,   pg_flush,
                                        pg_set_time_limit, pg_timed_out, &pg_tx, &pg_docs, &pg_bulk,
                                        &pg_feeds};

/* ================= news feeds (store_feed_*, feed_ops) ================= */

static const char PG_FEED_GET[] = "SELECT " FEED_COLS " FROM feeds WHERE url = $1";
static const char PG_FEED_PUT[] =
    "INSERT INTO feeds(url, etag, last_modified, last_polled, next_poll, failures, last_error)"
    " VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (url) DO UPDATE SET etag = $2, last_modified = $3,"
    " last_polled = $4, next_poll = $5, failures = $6, last_error = $7";
static const char PG_ITEM_SEEN[] = "SELECT 1 FROM feed_items WHERE feed_url = $1 AND item_key = $2";
static const char PG_ITEM_MARK[] = "INSERT INTO feed_items(feed_url, item_key, doc_id, seen_at)"
                                   " VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING";

/* Run sql with the n parameters v; its result (PQclear it), or NULL with err (what). */
static PGresult *pg_feed_run(pg *q, const char *sql, int n, const char *const *v, char *err, size_t errlen,
                             const char *what)
{
    PGresult *bad = NULL, *res = pg_run(q, sql, n, v, &bad);
    if (!res)
        pg_fail(q, bad, err, errlen, what);
    PQclear(bad);
    return res;
}

static int pg_feed_get(void *impl, const char *url, store_feed *f, char *err, size_t errlen)
{
    const char *v[1] = {url};
    PGresult *res = pg_feed_run(impl, PG_FEED_GET, 1, v, err, errlen, "cannot read the feeds");
    if (!res)
        return -1;
    int found = PQntuples(res) == 1;
    if (found) {
        const char *col[6];
        for (int i = 0; i < 6; i++)
            col[i] = PQgetisnull(res, 0, i) ? NULL : PQgetvalue(res, 0, i);
        feed_from_row(f, col);
    }
    PQclear(res);
    return found;
}

static int pg_feed_put(void *impl, const char *url, const store_feed *f, char *err, size_t errlen)
{
    char failures[24];
    snprintf(failures, sizeof failures, "%ld", f->failures);
    const char *v[7] = {url, f->etag, f->last_modified, f->last_polled, f->next_poll, failures, f->last_error};
    for (int i = 1; i < 7; i++)
        if (!*v[i])
            v[i] = NULL;
    PGresult *res = pg_feed_run(impl, PG_FEED_PUT, 7, v, err, errlen, "cannot record the feed");
    PQclear(res);
    return res ? 0 : -1;
}

static int pg_feed_item_seen(void *impl, const char *url, const char *key, char *err, size_t errlen)
{
    const char *v[2] = {url, key};
    PGresult *res = pg_feed_run(impl, PG_ITEM_SEEN, 2, v, err, errlen, "cannot read the feed items");
    int seen = res ? PQntuples(res) > 0 : -1;
    PQclear(res);
    return seen;
}

static int pg_feed_mark_item(void *impl, const char *url, const char *key, const char *doc_id, const char *now,
                             char *err, size_t errlen)
{
    const char *v[4] = {url, key, doc_id, now};
    PGresult *res = pg_feed_run(impl, PG_ITEM_MARK, 4, v, err, errlen, "cannot record the feed item");
    PQclear(res);
    return res ? 0 : -1;
}

static const feed_ops pg_feeds = {pg_feed_get, pg_feed_put, pg_feed_item_seen, pg_feed_mark_item};
