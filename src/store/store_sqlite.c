/*
 * store_sqlite.c - the store's embedded backend: one SQLite file in WAL
 * mode, foreign keys on, an R*Tree of the incidents in space and time for the
 * grouping search and --near, FTS5 over the reports' text. Schema, migrations
 * and batching: docs/store.md. Rows and decisions shared with the PostgreSQL
 * backend come from store.c (store_int.h). All SQL is parameterised.
 */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "agg.h"
#include "incident.h"
#include "rollup.h"
#include "store.h"
#include "store_int.h"

/* The target type of an event row's json (a candidate column, CAND_COLS_T). */
#define SQ_TARGET_TYPE "json_extract(e.json, '$.target.type')"

/* ================= SQLite backend ================= */

#define SQ_CACHE 48
typedef struct sq {
    sqlite3 *db;
    char path[512];
    struct {
        const char *sql; /* a static string: the cache is keyed by its address */
        sqlite3_stmt *st;
    } cache[SQ_CACHE];
    store_batch batch;   /* the open batch of documents (store.c) */
    long long next_incident; /* the next incident rowid in the open transaction; 0 = read it */
    long max_span;       /* meta max_span_days as this transaction knows it; -1 = read it */
    double time_limit;   /* seconds a read may take (store_set_time_limit); 0 none */
    double deadline;     /* the running read's end (monotonic clock); 0 none */
    int timed_out;       /* the last read stopped at its deadline */
    int v4;              /* the store has version 4's rollup (rollup.h) and has_json column */
    int immutable;       /* a reader opened with immutable=1 (sq_connect), which sq_refresh */
    struct stat seen;    /* reopens once the file is no longer as it was then (seen) */
    char **bulk_indexes; /* a bulk load's dropped indexes (their CREATE statements), */
    size_t nbulk_indexes; /* recreated before it commits */
} sq;

/* A prepared statement for a static SQL string, kept for reuse (reset and
 * unbound). NULL when it cannot be prepared. Callers reset it with done(). */
static sqlite3_stmt *prep(sq *q, const char *sql)
{
    int i;
    for (i = 0; i < SQ_CACHE && q->cache[i].sql; i++)
        if (q->cache[i].sql == sql)
            return q->cache[i].st;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    if (i < SQ_CACHE)
        q->cache[i].sql = sql, q->cache[i].st = st;
    return st; /* (a full cache does not happen: fewer than SQ_CACHE statements use it) */
}

static void done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* The R*Tree of incidents in space and time: the box of their places and the
 * span of their events' days (days since 1970-01-01; an incident without a
 * dated event spans NO_DAY, which no window reaches). Schema version 2. */
#define RTREE_SQL                                                                                            \
    "CREATE VIRTUAL TABLE incidents_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon, min_day,"      \
    " max_day);"
#define NO_DAY (-1e6)
/* Version 2's indexes for the candidate search of coarse and undated events:
 * without them it read every event of the country. */
#define V2_INDEX_SQL                                                                                         \
    "CREATE INDEX IF NOT EXISTS events_cc_day ON events(country_code, date_start);"                         \
    "CREATE INDEX IF NOT EXISTS events_undated ON events(country_code, published) WHERE date_start IS NULL;"
/* Version 3's indexes for query: each date-ordered index also holds the
 * columns the common filters test (the end date that --since needs, country,
 * type, killed, background, actor1), and the events' index by incident the actors
 * --actor tests, so that a filter rejects an incident from the index alone;
 * reading each rejected row of a 2 GB store cost a query 30-60 ms. Each leads
 * with (its equality column and) date_start, date_end, id: the order query
 * lists in, so that no query sorts. */
#define V3_INDEX_SQL                                                                                         \
    "DROP INDEX IF EXISTS incidents_date; DROP INDEX IF EXISTS incidents_cc_date;"                          \
    "DROP INDEX IF EXISTS incidents_type; DROP INDEX IF EXISTS events_incident;"                            \
    "CREATE INDEX incidents_date ON incidents(date_start, date_end, id, country_code, event_type, killed_min," \
    " background, actor1);"                                                                                  \
    "CREATE INDEX incidents_cc_date ON incidents(country_code, date_start, date_end, id, event_type,"         \
    " killed_min, background, actor1);"                                                                      \
    "CREATE INDEX incidents_type ON incidents(event_type, date_start, date_end, id, country_code, killed_min," \
    " background, actor1);"                                                                                  \
    "CREATE INDEX events_incident ON events(incident_id, actor1, actor2, claimed_by);"

/* Version 4's rollup of the incidents (rollup.h) and the triggers that keep it:
 * an incident row counts while its json is set (as every query asks), and an
 * update moves it only when what the rollup holds of it changed. */
#define SQ_ROLLUP_CHANGED                                                                                    \
    "((old.json IS NULL) <> (new.json IS NULL) OR old.date_start IS NOT new.date_start"                      \
    " OR old.date_end IS NOT new.date_end OR old.event_type IS NOT new.event_type"                           \
    " OR old.country_code IS NOT new.country_code OR old.background IS NOT new.background"                   \
    " OR old.killed_min IS NOT new.killed_min)"
#define V4_ROLLUP_SQL                                                                                        \
    "CREATE TABLE incident_rollup(k TEXT PRIMARY KEY, month TEXT, start_tail TEXT, end_month TEXT,"          \
    " end_ok INTEGER NOT NULL, event_type TEXT, country_code TEXT, background INTEGER NOT NULL,"             \
    " n INTEGER NOT NULL, killed INTEGER NOT NULL);"                                                         \
    "CREATE TRIGGER incident_rollup_insert AFTER INSERT ON incidents WHEN new.json IS NOT NULL BEGIN "       \
    ROLLUP_ADD("new") "; END;"                                                                               \
    "CREATE TRIGGER incident_rollup_delete AFTER DELETE ON incidents WHEN old.json IS NOT NULL BEGIN "       \
    ROLLUP_SUB("old") "; END;"                                                                               \
    "CREATE TRIGGER incident_rollup_update_old AFTER UPDATE ON incidents WHEN old.json IS NOT NULL AND "     \
    SQ_ROLLUP_CHANGED " BEGIN " ROLLUP_SUB("old") "; END;"                                                   \
    "CREATE TRIGGER incident_rollup_update_new AFTER UPDATE ON incidents WHEN new.json IS NOT NULL AND "     \
    SQ_ROLLUP_CHANGED " BEGIN " ROLLUP_ADD("new") "; END;"

/* Version 4's covering of the dashboard's reads: the virtual column has_json (json IS NOT
 * NULL, the test every query makes; a virtual column costs no space in the table) and
 * incidents_date rebuilt to hold it with admin1, lat and lon, so that the groupings of a
 * span of days (the map's cells, the charts by actor and admin1) read the index alone:
 * testing json itself read every incident's row, its json with it. */
#define V4_INDEX_SQL                                                                                         \
    "ALTER TABLE incidents ADD COLUMN has_json INTEGER GENERATED ALWAYS AS (json IS NOT NULL) VIRTUAL;"      \
    "DROP INDEX incidents_date;"                                                                             \
    "CREATE INDEX incidents_date ON incidents(date_start, date_end, id, country_code, event_type, killed_min," \
    " background, actor1, has_json, admin1, lat, lon);"

/* Version 5: the incidents in the order they last changed, for the change feed
 * (store_filter.changed_since: /api/changes, the live map). */
#define V5_INDEX_SQL "CREATE INDEX incidents_changed ON incidents(updated_at, id);"

static const char *const schema_sql =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE documents(id TEXT PRIMARY KEY, url TEXT, title TEXT, published TEXT, source TEXT,"
    " text_hash TEXT NOT NULL UNIQUE, text TEXT, coded_at TEXT NOT NULL, n_events INTEGER NOT NULL);"
    "CREATE TABLE incidents(id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
    " n_events INTEGER NOT NULL DEFAULT 0, n_documents INTEGER NOT NULL DEFAULT 0, json TEXT,"
    " event_type TEXT, sub_event_type TEXT, cameo TEXT, country_code TEXT, admin1 TEXT, place TEXT,"
    " lat REAL, lon REAL, date_start TEXT, date_end TEXT, killed_min INTEGER, actor1 TEXT,"
    " background INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE events(id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id),"
    " incident_id TEXT NOT NULL REFERENCES incidents(id), background INTEGER NOT NULL, kind TEXT NOT NULL,"
    " event_type TEXT, sub_event_type TEXT, cameo TEXT, attack_type TEXT, date_start TEXT, date_end TEXT,"
    " date_precision TEXT, date_assumed INTEGER, published TEXT, country_code TEXT, admin1 TEXT, place TEXT,"
    " lat REAL, lon REAL, loc_precision TEXT, actor1 TEXT, actor1_type TEXT, actor2 TEXT, perpetrator TEXT,"
    " killed_min INTEGER, killed_max INTEGER, killed_revised INTEGER, wounded_min INTEGER, claimed_by TEXT,"
    " json TEXT NOT NULL, join_reason TEXT, seq INTEGER NOT NULL);"
    "CREATE TABLE figure_history(incident_id TEXT NOT NULL REFERENCES incidents(id),"
    " doc_id TEXT NOT NULL REFERENCES documents(id), published TEXT, kind TEXT NOT NULL,"
    " min INTEGER NOT NULL, max INTEGER, approximate INTEGER NOT NULL);"
    RTREE_SQL
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid');"
    "CREATE INDEX events_doc ON events(doc_id);"
    "CREATE INDEX events_cc_date ON events(country_code, loc_precision, date_start);"
    V2_INDEX_SQL
    "CREATE INDEX events_actor1 ON events(actor1 COLLATE NOCASE);"
    "CREATE INDEX events_actor2 ON events(actor2 COLLATE NOCASE);"
    "CREATE INDEX events_claimed ON events(claimed_by COLLATE NOCASE);"
    V3_INDEX_SQL
    "CREATE INDEX incidents_killed ON incidents(killed_min);"
    "CREATE INDEX incidents_actor1 ON incidents(actor1 COLLATE NOCASE);"
    "CREATE INDEX incidents_admin1 ON incidents(admin1 COLLATE NOCASE);"
    "CREATE INDEX figures_incident ON figure_history(incident_id);"
    V4_ROLLUP_SQL V4_INDEX_SQL V5_INDEX_SQL
    FEEDS_SCHEMA_SQL
    "INSERT INTO meta(key, value) VALUES ('schema_version', '5'), ('created_by', 'tacitus');";

static int sq_fail(sq *q, int rc, char *err, size_t errlen, const char *what)
{
    int ext = q->db ? sqlite3_extended_errcode(q->db) : rc;
    const char *msg = q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc);
    int sys = q->db ? sqlite3_system_errno(q->db) : 0;
    if ((ext & 0xff) == SQLITE_FULL || ((ext & 0xff) == SQLITE_IOERR && sys == ENOSPC))
        msg = "the disk is full";
    else if ((ext & 0xff) == SQLITE_IOERR && sys == EFBIG)
        msg = "the file has reached the size limit (EFBIG)";
    else if ((ext & 0xff) == SQLITE_IOERR && sys == EDQUOT)
        msg = "the disk quota is exhausted";
    else if (ext == SQLITE_IOERR_WRITE) /* (SQLite does not always keep the errno of the write) */
        msg = "a write failed: the disk may be full, or a file size or quota limit reached";
    else if ((ext & 0xff) == SQLITE_READONLY)
        msg = "the database is read-only";
    else if ((ext & 0xff) == SQLITE_INTERRUPT && q->deadline > 0) {
        msg = "the query ran over its time limit";
        q->timed_out = 1;
    }
    snprintf(err, errlen, "%s: %s: %s", q->path, what, msg);
    return -1;
}

static int sq_exec(sq *q, const char *sql, char *err, size_t errlen)
{
    int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : sq_fail(q, rc, err, errlen, "cannot update");
}

static int sq_flush(void *impl, char *err, size_t errlen);

static void sq_close(void *impl)
{
    sq *q = impl;
    if (!q)
        return;
    char err[256];
    if (q->db && q->batch.docs > 0 && !sqlite3_get_autocommit(q->db))
        sq_flush(q, err, sizeof err); /* best effort: store_flush reports errors */
    if (q->db && q->batch.committed > 0) /* statistics for the query planner, sampled: milliseconds */
        sqlite3_exec(q->db, "PRAGMA analysis_limit=1000; PRAGMA optimize", NULL, NULL, NULL);
    batch_free(&q->batch);
    for (size_t i = 0; i < q->nbulk_indexes; i++) /* (a bulk load that neither committed nor rolled back) */
        free(q->bulk_indexes[i]);
    free(q->bulk_indexes);
    for (int i = 0; i < SQ_CACHE && q->cache[i].sql; i++)
        sqlite3_finalize(q->cache[i].st);
    sqlite3_close_v2(q->db);
    free(q);
}

/* SQL function tac_km(lat1, lon1, lat2, lon2): great-circle km, NULL if any arg is NULL. */
static void fn_km(sqlite3_context *c, int n, sqlite3_value **v)
{
    (void)n;
    for (int i = 0; i < 4; i++)
        if (sqlite3_value_type(v[i]) == SQLITE_NULL) {
            sqlite3_result_null(c);
            return;
        }
    sqlite3_result_double(c, inc_km(sqlite3_value_double(v[0]), sqlite3_value_double(v[1]),
                                    sqlite3_value_double(v[2]), sqlite3_value_double(v[3])));
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : NULL;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Bind n text values (NULL = SQL NULL) as parameters first..first+n-1, each
 * as its type letter says (store_int.h: t text, i integer, r real). */
static void bind_vals(sqlite3_stmt *st, int first, const char *const *v, const char *types, int n)
{
    for (int i = 0; i < n; i++) {
        if (!v[i])
            sqlite3_bind_null(st, first + i);
        else if (types[i] == 'i')
            sqlite3_bind_int64(st, first + i, strtoll(v[i], NULL, 10));
        else if (types[i] == 'r')
            sqlite3_bind_double(st, first + i, strtod(v[i], NULL));
        else
            sqlite3_bind_text(st, first + i, v[i], -1, SQLITE_STATIC); /* bound only until done() */
    }
}

/* The columns of the current row as text (NULL for SQL NULL); the pointers
 * stay valid until the statement steps or resets. */
static void row_text(sqlite3_stmt *st, const char **col, int n)
{
    for (int i = 0; i < n; i++)
        col[i] = col_text(st, i);
}

static int reconcile(void *impl, const char *iid, const char *now);

/* Version 1 to 2: the R*Tree gains the incidents' day span (min_day, max_day),
 * so the candidate search reads only the incidents of the right place AND
 * time, and two indexes serve the coarse and undated candidates. Drops and
 * rebuilds the R*Tree, re-reconciling every incident without touching its
 * updated_at. One transaction: on failure the store is as it was and err says
 * why. */
static int sq_migrate_1_to_2(sq *q, char *err, size_t errlen)
{
    if (sq_exec(q, "BEGIN IMMEDIATE", err, errlen) < 0)
        return -1;
    sqlite3_stmt *st = NULL;
    char **ids = NULL;
    size_t n = 0, cap = 0;
    static const char rebuild[] = "DROP TABLE incidents_rtree;" RTREE_SQL V2_INDEX_SQL;
    int ok = sqlite3_exec(q->db, rebuild, NULL, NULL, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(q->db, "SELECT id FROM incidents", -1, &st, NULL) == SQLITE_OK;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            char **grown = realloc(ids, (cap = cap ? 2 * cap : 1024) * sizeof *ids);
            if (!grown) {
                ok = 0;
                break;
            }
            ids = grown;
        }
        if (!(ids[n++] = strdup(col_text(st, 0) ? col_text(st, 0) : "")))
            ok = 0;
    }
    sqlite3_finalize(st);
    for (size_t i = 0; ok && i < n; i++)
        ok = reconcile(q, ids[i], NULL) == 0;
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    ok = ok && sqlite3_exec(q->db, "UPDATE meta SET value = '2' WHERE key = 'schema_version'", NULL, NULL, NULL) ==
                   SQLITE_OK;
    if (ok && sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    sq_fail(q, 0, err, errlen, "cannot upgrade the schema from version 1 to 2");
    sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

static const feed_ops sq_feeds; /* the news feeds' rows (at the end of this file) */

/* Run one migration step: step (BEGIN IMMEDIATE ... COMMIT), which sets
 * schema_version to its level; on failure roll it back and write "cannot
 * upgrade the schema from version <to - 1> to <to>" with the reason into err.
 * Returns 0 or -1. */
static int sq_migrate_step(sq *q, const char *step, int to, char *err, size_t errlen)
{
    if (sqlite3_exec(q->db, step, NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    char what[64];
    snprintf(what, sizeof what, "cannot upgrade the schema from version %d to %d", to - 1, to);
    sq_fail(q, 0, err, errlen, what);
    sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* Version 2 to 3: the query indexes that hold the filters' columns
 * (V3_INDEX_SQL), rebuilt in one transaction: on failure the store is as it
 * was and err says why. Seconds on a store of a million events. */
static int sq_migrate_2_to_3(sq *q, char *err, size_t errlen)
{
    static const char step[] = "BEGIN IMMEDIATE;" V3_INDEX_SQL
                               "UPDATE meta SET value = '3' WHERE key = 'schema_version'; COMMIT;";
    return sq_migrate_step(q, step, 3, err, errlen);
}

/* Version 3 to 4: the incidents' rollup and its triggers (V4_ROLLUP_SQL),
 * filled from the stored incidents, and the covering column and index
 * (V4_INDEX_SQL), in one transaction: on failure the store is as it was and
 * err says why. */
static int sq_migrate_3_to_4(sq *q, char *err, size_t errlen)
{
    static const char step[] = "BEGIN IMMEDIATE;" V4_ROLLUP_SQL ROLLUP_FILL ";" V4_INDEX_SQL
                               "UPDATE meta SET value = '4' WHERE key = 'schema_version'; COMMIT;";
    return sq_migrate_step(q, step, 4, err, errlen);
}

/* Version 4 to 5: the news feeds' tables (FEEDS_SCHEMA_SQL), empty, and the
 * change feed's index (V5_INDEX_SQL), in one transaction: on failure the store
 * is as it was and err says why. */
static int sq_migrate_4_to_5(sq *q, char *err, size_t errlen)
{
    static const char step[] = "BEGIN IMMEDIATE;" FEEDS_SCHEMA_SQL V5_INDEX_SQL
                               "UPDATE meta SET value = '5' WHERE key = 'schema_version'; COMMIT;";
    return sq_migrate_step(q, step, 5, err, errlen);
}

/* How a reader opens the store, decided from the file system alone (the store file is
 * not opened for this: see the note on POSIX locks in sq_open). */
enum sq_reader {
    SQ_READ_SHARED,    /* this process may write the file and its folder: read-write with
                        * query_only on, a WAL reader like any other; the last connection to
                        * close checkpoints and removes the -wal and -shm files */
    SQ_READ_WAL,       /* it may not, and a -wal file exists (a writer has the store open, or
                        * left committed pages there): read-only through the existing -wal
                        * and -shm, which SQLite (3.22 on) reads even when it cannot write them */
    SQ_READ_IMMUTABLE, /* it may not, and there is no -wal: immutable=1, so no locks and no
                        * files; sq_refresh reopens the store once it changes */
};

/* 1 when path exists, its mode bits allow writing (honoured even for root) and
 * access() lets this process write it; else 0. */
static int sq_may_write(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && (sb.st_mode & 0222) && access(path, W_OK) == 0;
}

/* The way a reader opens the store at path (enum sq_reader). */
static enum sq_reader sq_reader_mode(const char *path)
{
    char dir[4096], wal[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (sq_may_write(path) && sq_may_write(dir))
        return SQ_READ_SHARED;
    snprintf(wal, sizeof wal, "%s-wal", path);
    return access(wal, F_OK) == 0 ? SQ_READ_WAL : SQ_READ_IMMUTABLE;
}

/* The SQLite URI that opens path as an immutable file: "file:", the path with every byte
 * but ASCII letters, digits and "/.-_~" percent-encoded, then "?immutable=1". Returns a
 * malloc'd string, or NULL when out of memory. */
static char *sq_immutable_uri(const char *path)
{
    size_t n = strlen(path), w;
    char *uri = malloc(3 * n + 32);
    if (!uri)
        return NULL;
    w = (size_t)sprintf(uri, "file:%s", path[0] == '/' ? "//" : ""); /* an empty authority */
    for (const unsigned char *c = (const unsigned char *)path; *c; c++)
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            strchr("/.-_~", *c))
            uri[w++] = (char)*c;
        else
            w += (size_t)sprintf(uri + w, "%%%02X", *c);
    strcpy(uri + w, "?immutable=1");
    return uri;
}

/* Open q->db (which must be NULL) on the file at path: read-write, creating it, for a
 * writer; for a reader (readonly) as sq_reader_mode says, setting q->immutable and, when
 * immutable, q->seen. Sets the busy timeout and extended result codes. Returns 0, or -1
 * with a message in err and q->db NULL. */
static int sq_connect(sq *q, const char *path, int readonly, char *err, size_t errlen)
{
    enum sq_reader mode = readonly ? sq_reader_mode(path) : SQ_READ_SHARED;
    int flags = !readonly                ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                : mode == SQ_READ_SHARED ? SQLITE_OPEN_READWRITE
                : mode == SQ_READ_WAL    ? SQLITE_OPEN_READONLY
                                         : SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
    char *uri = NULL;
    q->immutable = mode == SQ_READ_IMMUTABLE;
    if (q->immutable && (stat(path, &q->seen) < 0 || !(uri = sq_immutable_uri(path)))) {
        snprintf(err, errlen, "%s: cannot open: %s", q->path, strerror(errno));
        return -1;
    }
    int rc = sqlite3_open_v2(uri ? uri : path, &q->db, flags, NULL);
    free(uri);
    if (rc == SQLITE_OK && readonly && mode == SQ_READ_SHARED)
        rc = sqlite3_exec(q->db, "PRAGMA query_only=ON", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        sq_fail(q, rc, err, errlen, "cannot open");
        sqlite3_close_v2(q->db);
        q->db = NULL;
        return -1;
    }
    sqlite3_busy_timeout(q->db, 10000);
    sqlite3_extended_result_codes(q->db, 1);
    return 0;
}

static void sq_set_time_limit(void *impl, double seconds);

/* The connection's settings once the store is known good: foreign keys, cache, memory
 * map, the tac_km function and the handle's time limit. */
static void sq_tune(sq *q)
{
    /* A 64 MB page cache and a 256 MB memory map: candidate searches revisit the same index
     * pages for every event, and without them ingest spent a fifth of its time in pread. */
    sqlite3_exec(q->db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
                 " PRAGMA mmap_size=268435456", NULL, NULL, NULL);
    sqlite3_create_function(q->db, "tac_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_km, NULL, NULL);
    sq_set_time_limit(q, q->time_limit);
}

/* Before a read on a reader opened immutable, outside a transaction: when the file has
 * changed since (another inode, size or modification time) or a -wal file has appeared (a
 * writer has the store open), reopen it as sq_reader_mode now says, so that the read sees
 * what writers have committed. When reopening fails the old connection stays. */
static void sq_refresh(sq *q)
{
    if (!q->immutable || !sqlite3_get_autocommit(q->db))
        return;
    struct stat now, was = q->seen;
    char wal[sizeof q->path + 4], err[256];
    snprintf(wal, sizeof wal, "%s-wal", q->path);
    if (stat(q->path, &now) == 0 && now.st_dev == was.st_dev && now.st_ino == was.st_ino &&
        now.st_size == was.st_size && now.st_mtim.tv_sec == was.st_mtim.tv_sec &&
        now.st_mtim.tv_nsec == was.st_mtim.tv_nsec && access(wal, F_OK) != 0)
        return;
    sqlite3 *old = q->db;
    q->db = NULL;
    if (sq_connect(q, q->path, 1, err, sizeof err) < 0) {
        q->db = old, q->immutable = 1, q->seen = was;
        return;
    }
    for (int i = 0; i < SQ_CACHE && q->cache[i].sql; i++)
        sqlite3_finalize(q->cache[i].st);
    memset(q->cache, 0, sizeof q->cache);
    sqlite3_close_v2(old);
    sq_tune(q);
}

static int sq_open(const char *path, int readonly, void **out, char *err, size_t errlen)
{
    sq *q = calloc(1, sizeof *q);
    if (!q) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    snprintf(q->path, sizeof q->path, "%s", path);
    batch_init(&q->batch);
    q->max_span = -1;
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (!exists && readonly) {
        snprintf(err, errlen, "%s: no such database", path);
        free(q);
        return -1;
    }
    if (exists && !readonly && !(sb.st_mode & 0222)) { /* honour the mode bits, also for root */
        snprintf(err, errlen, "%s: the database is read-only (file mode %03o), nothing stored", path,
                 (unsigned)(sb.st_mode & 0777));
        free(q);
        return -1;
    }
    /* A file that is not SQLite is refused by the first read below (SQLITE_NOTADB),
     * before anything is written. The file is not opened here to look at its header:
     * closing any descriptor of a file drops every POSIX lock this process holds on
     * it, the locks of the process's other connections included, and another process
     * would then take itself for the last reader, checkpoint and delete the WAL under
     * them (a server's pool and writer open the store several times). */
    int rc = SQLITE_OK;
    if (sq_connect(q, path, readonly, err, errlen) < 0) {
        sq_close(q);
        return -1;
    }
    if (!readonly && sqlite3_db_readonly(q->db, "main") == 1) {
        snprintf(err, errlen, "%s: the database is read-only (cannot store into it)", path);
        sq_close(q);
        return -1;
    }
    sqlite3_stmt *st = NULL;
    long ntables = -1, version = -1;
    if (sqlite3_prepare_v2(q->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        ntables = sqlite3_column_int64(st, 0);
    else
        rc = sqlite3_errcode(q->db);
    sqlite3_finalize(st);
    if (ntables < 0) {
        if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
            snprintf(err, errlen, "%s: not a tacitus database (not an SQLite file, or a corrupt one)", path);
        else
            sq_fail(q, rc, err, errlen, "cannot read");
        sq_close(q);
        return -1;
    }
    if (ntables == 0) {
        if (readonly) {
            snprintf(err, errlen, "%s: not a tacitus database (empty)", path);
            sq_close(q);
            return -1;
        }
        if (sq_exec(q, "PRAGMA journal_mode=WAL", err, errlen) < 0 ||
            sq_exec(q, "BEGIN IMMEDIATE", err, errlen) < 0) {
            sq_close(q);
            return -1;
        }
        if (sq_exec(q, schema_sql, err, errlen) < 0 || sq_exec(q, "COMMIT", err, errlen) < 0) {
            sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
            sq_close(q);
            return -1;
        }
    }
    if (sqlite3_prepare_v2(q->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "%s: not a tacitus database (an SQLite file without a meta table)", path);
        sq_close(q);
        return -1;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        version = atol(col_text(st, 0) ? col_text(st, 0) : "-1");
    sqlite3_finalize(st);
    if (version > STORE_SCHEMA_VERSION) {
        snprintf(err, errlen, "%s: schema version %ld is newer than this tacitus knows (%d); upgrade tacitus",
                 path, version, STORE_SCHEMA_VERSION);
        sq_close(q);
        return -1;
    }
    if (version < 1) {
        snprintf(err, errlen, "%s: not a tacitus database (no schema_version in meta)", path);
        sq_close(q);
        return -1;
    }
    if (!readonly && sq_exec(q, "PRAGMA journal_mode=WAL", err, errlen) < 0) {
        sq_close(q);
        return -1;
    }
    sq_tune(q);
    /* Migrations, one transaction each, when the store is opened for writing; a reader
     * opens an older store as it is (its queries read what every version has). */
    if (!readonly && ((version < 2 && sq_migrate_1_to_2(q, err, errlen) < 0) ||
                      (version < 3 && sq_migrate_2_to_3(q, err, errlen) < 0) ||
                      (version < 4 && sq_migrate_3_to_4(q, err, errlen) < 0) ||
                      (version < 5 && sq_migrate_4_to_5(q, err, errlen) < 0))) {
        sq_close(q);
        return -1;
    }
    q->v4 = readonly ? version >= 4 : 1; /* (a reader of an older store: the exact queries, on json) */
    *out = q;
    return 0;
}

static const char SQL_0[] = "SELECT 1 FROM documents WHERE id = ?1 OR text_hash = ?2";
static const char SQL_1[] = "DELETE FROM figure_history WHERE incident_id = ?1";
static const char SQL_2[] = "INSERT INTO figure_history(incident_id, doc_id, published, kind, min, max,"
                               " approximate) VALUES (?1,?2,?3,?4,?5,?6,?7)";
static const char SQL_3[] = "INSERT OR REPLACE INTO incidents_rtree(id, min_lat, max_lat, min_lon, max_lon,"
                                   " min_day, max_day) SELECT rowid, ?2, ?3, ?4, ?5, ?6, ?7 FROM incidents"
                                   " WHERE id = ?1";
/* the next incident number: past every incident stored, and every one deleted (meta last_incident) */
static const char SQL_4[] = "SELECT max(coalesce((SELECT max(rowid) FROM incidents), 0),"
                            " coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_incident'), 0)) + 1";
static const char SQL_5[] = "INSERT INTO incidents(rowid, id, created_at, updated_at) VALUES (?1,?2,?3,?3)";
static const char SQL_6[] = "INSERT INTO documents(rowid, id, url, title, published, source, text_hash, text,"
                            " coded_at, n_events) VALUES (?10,?1,?2,?3,?4,?5,?6,?7,?8,?9)";
static const char SQL_7[] = "INSERT INTO documents_fts(rowid, title, text) VALUES (?1,?2,?3)";

static int sq_has_document(void *impl, const char *id, const char *hash, char *err, size_t errlen)
{
    sq *q = impl;
    sqlite3_stmt *st;
    if (!(st = prep(q, SQL_0)))
        return sq_fail(q, 0, err, errlen, "cannot read");
    bind_text(st, 1, id);
    bind_text(st, 2, hash);
    int rc = sqlite3_step(st);
    done(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return sq_fail(q, rc, err, errlen, "cannot read");
}

/* Run one candidate statement, offering each row to cand_consider. */
static int scan_candidates(sqlite3_stmt *st, const inc_event *ev, char (*used)[32], size_t nused,
                           cand_set *set)
{
    int rc;
    const char *col[CAND_NCOLS];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_text(st, col, CAND_NCOLS);
        cand_consider(col, ev, used, nused, set);
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The candidates of a country (?1) for cand_win: dated events reaching
 * [?2, ?3] that start on or after ?4 (and meet also), undated ones published
 * in [?5, ?6]. */
#define COUNTRY_CANDIDATES(also)                                                                            \
    "SELECT " CAND_COLS_T("NULL") " FROM events e WHERE e.country_code = ?1 AND e.date_start <= ?3"         \
    " AND e.date_start >= ?4 AND coalesce(e.date_end, e.date_start) >= ?2" also                            \
    " UNION ALL SELECT " CAND_COLS_T("NULL") " FROM events e WHERE e.country_code = ?1"                   \
    " AND e.date_start IS NULL"                                                                           \
    " AND e.published BETWEEN ?5 AND ?6"
/* The city-level events of a country (?1) in a box (?2-?5) (and meet also). */
#define CITY_CANDIDATES(also)                                                                               \
    "SELECT " CAND_COLS_T(SQ_TARGET_TYPE) " FROM events e"                                                 \
    " WHERE e.country_code = ?1 AND e.loc_precision = 'city'" also                                         \
    " AND e.lat BETWEEN ?2 AND ?3 AND e.lon BETWEEN ?4 AND ?5"

/* Offer to cand_consider the city-level events near ev: those that nothing
 * places in time, or (when ev itself has no day) all of them. */
static int city_candidates(sq *q, const inc_event *ev, const cand_win *w, char (*used)[32], size_t nused,
                           cand_set *set)
{
    static const char timeless[] = CITY_CANDIDATES(" AND e.date_start IS NULL AND e.published IS NULL");
    static const char any[] = CITY_CANDIDATES("");
    sqlite3_stmt *st = prep(q, w->timeless ? any : timeless);
    if (!st)
        return -1;
    bind_text(st, 1, ev->cc);
    sqlite3_bind_double(st, 2, ev->lat - w->box);
    sqlite3_bind_double(st, 3, ev->lat + w->box);
    sqlite3_bind_double(st, 4, ev->lon - w->boxlon);
    sqlite3_bind_double(st, 5, ev->lon + w->boxlon);
    int rc = scan_candidates(st, ev, used, nused, set);
    done(st);
    return rc;
}

/* group_ops.find: the incidents ev might join. */
static int find_incident(void *impl, const inc_event *ev, char (*used)[32], size_t nused, cand_set *set)
{
    sq *q = impl;
    cand_win w;
    if (!cand_window(ev, &w))
        return 0;
    if (w.city && city_candidates(q, ev, &w, used, nused, set) < 0)
        return -1;
    if (w.timeless)
        return 0;
    sqlite3_stmt *st;
    int rc = 0;
    if (w.precise) {
        /* the events of ev's country in nearby incidents by the R*Tree, then the coarse
         * events of the country and those without coordinates (as PostgreSQL's
         * search and the bulk load's: the same candidates on every path) */
        static const char sql[] =
            "SELECT " CAND_COLS_T("NULL") " FROM incidents_rtree r JOIN incidents i ON i.rowid = r.id"
            " JOIN events e ON e.incident_id = i.id"
            " WHERE r.min_lat <= ?1 AND r.max_lat >= ?2 AND r.min_lon <= ?3 AND r.max_lon >= ?4"
            " AND r.min_day <= ?6 AND r.max_day >= ?5 AND e.country_code = ?12"
            " AND (e.date_start <= ?8 AND e.date_start >= ?11 AND coalesce(e.date_end, e.date_start) >= ?7"
            " OR e.date_start IS NULL AND e.published BETWEEN ?9 AND ?10)";
        if (!(st = prep(q, sql)))
            return -1;
        sqlite3_bind_double(st, 1, ev->lat + w.box);
        sqlite3_bind_double(st, 2, ev->lat - w.box);
        sqlite3_bind_double(st, 3, ev->lon + w.boxlon);
        sqlite3_bind_double(st, 4, ev->lon - w.boxlon);
        sqlite3_bind_double(st, 5, (double)w.day_lo);
        sqlite3_bind_double(st, 6, (double)w.day_hi);
        bind_text(st, 7, w.dlo);
        bind_text(st, 8, w.dhi);
        bind_text(st, 9, w.ulo);
        bind_text(st, 10, w.uhi);
        bind_text(st, 11, w.far);
        bind_text(st, 12, ev->cc);
        rc = scan_candidates(st, ev, used, nused, set);
        done(st);
        if (rc < 0)
            return -1;
        static const char coarse[] = COUNTRY_CANDIDATES(
            " AND e.loc_precision IN ('admin1', 'country', 'city', 'admin2')"
            " AND (e.lat IS NULL OR e.loc_precision IN ('admin1', 'country'))");
        if (!(st = prep(q, coarse)))
            return -1;
    } else {
        static const char all[] = COUNTRY_CANDIDATES("");
        if (!(st = prep(q, all)))
            return -1;
    }
    bind_text(st, 1, ev->cc);
    bind_text(st, 2, w.dlo);
    bind_text(st, 3, w.dhi);
    bind_text(st, 4, w.far);
    bind_text(st, 5, w.ulo);
    bind_text(st, 6, w.uhi);
    rc = scan_candidates(st, ev, used, nused, set);
    done(st);
    return rc;
}

/* group_ops.members: the first CORE_MEMBERS events of incident iid, in report order. */
static int incident_members(void *impl, const char *iid, int targets,
                            void (*row)(void *ud, const char *const col[CAND_NCOLS]), void *ud)
{
    sq *q = impl;
    static const char sql[] =
        "SELECT " CAND_COLS_T("CASE WHEN ?2 OR (e.date_start IS NULL AND e.published IS NULL) THEN " SQ_TARGET_TYPE
                              " END") " FROM events e WHERE e.incident_id = ?1"
        " ORDER BY e.published IS NULL, e.published, e.seq, e.id LIMIT ?3";
    sqlite3_stmt *st = prep(q, sql);
    if (!st)
        return -1;
    bind_text(st, 1, iid);
    sqlite3_bind_int(st, 2, targets != 0);
    sqlite3_bind_int(st, 3, CORE_MEMBERS);
    int rc;
    const char *col[CAND_NCOLS];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_text(st, col, CAND_NCOLS);
        row(ud, col);
    }
    done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int insert_event(sq *q, const json_t *ev, const inc_event *ie, const char *doc_id, const char *published,
                        const char *incident, const char *why, sqlite3_int64 seq)
{
    static const char sql[] =
        "INSERT INTO events(" EVENT_COLUMNS ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
        "?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32)";
    sqlite3_stmt *st;
    event_row row;
    if (!(st = prep(q, sql)))
        return -1;
    if (event_row_fill(&row, ev, ie, doc_id, published, incident, why, seq) < 0) {
        event_row_free(&row);
        return -1;
    }
    bind_vals(st, 1, row.v, store_event_types, EVENT_NCOLS);
    int rc = sqlite3_step(st);
    done(st);
    event_row_free(&row);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The R*Tree entry of incident iid into b (min_lat, max_lat, min_lon,
 * max_lon, min_day, max_day): 1, or 0 when it has none, -1 on error. */
static int rtree_get(sq *q, const char *iid, double b[6])
{
    static const char get[] = "SELECT r.min_lat, r.max_lat, r.min_lon, r.max_lon, r.min_day, r.max_day"
                              " FROM incidents i JOIN incidents_rtree r ON r.id = i.rowid WHERE i.id = ?1";
    sqlite3_stmt *st = prep(q, get);
    if (!st)
        return -1;
    bind_text(st, 1, iid);
    int rc = sqlite3_step(st);
    for (int j = 0; rc == SQLITE_ROW && j < 6; j++)
        b[j] = sqlite3_column_double(st, j);
    done(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Set the R*Tree entry of incident iid to b. */
static int rtree_put(sq *q, const char *iid, const double b[6])
{
    sqlite3_stmt *st = prep(q, SQL_3);
    if (!st)
        return -1;
    bind_text(st, 1, iid);
    for (int j = 0; j < 6; j++)
        sqlite3_bind_double(st, j + 2, b[j]);
    int rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Is the stored entry s the box b, but for the R*Tree's 32-bit rounding
 * (outward, at most about 1e-5 degrees)? Then rewriting it (an R*Tree write
 * costs some 30 us) would change nothing. */
static int rtree_same(const double s[6], const double b[6])
{
    const double eps = 1e-4; /* degrees: 11 m */
    for (int j = 0; j < 6; j += 2)
        if (s[j] > b[j] || s[j] < b[j] - eps || s[j + 1] < b[j + 1] || s[j + 1] > b[j + 1] + eps)
            return 0;
    return 1;
}

/* Recompute an incident from all its events: the reconciled json and its
 * indexed columns, its figure history and its R*Tree box and days. now: the
 * updated_at to record, or NULL to keep the stored one (a migration). */
static int reconcile(void *impl, const char *iid, const char *now)
{
    sq *q = impl;
    static const char sql[] = "SELECT " RECON_COLS " FROM events e JOIN documents d ON d.id = e.doc_id"
                              " WHERE e.incident_id = ?1 ORDER BY e.seq, e.id";
    static const char up[] =
        "UPDATE incidents SET updated_at=coalesce(?2, updated_at), n_events=?3, n_documents=?4, json=?5,"
        " event_type=?6, sub_event_type=?7, cameo=?8, country_code=?9, admin1=?10, place=?11, lat=?12, lon=?13,"
        " date_start=?14, date_end=?15, killed_min=?16, actor1=?17, background=?18 WHERE id=?1";
    static const char span_sql[] =
        "INSERT INTO meta(key, value) VALUES ('max_span_days', ?1) ON CONFLICT(key) DO UPDATE"
        " SET value = excluded.value WHERE CAST(value AS INTEGER) < CAST(excluded.value AS INTEGER)";
    sqlite3_stmt *st;
    if (!(st = prep(q, sql)))
        return -1;
    bind_text(st, 1, iid);
    recon r;
    recon_init(&r);
    const char *col[RECON_NCOLS];
    int rc = SQLITE_ROW;
    while (!r.oom && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_text(st, col, RECON_NCOLS);
        recon_add(&r, col);
    }
    done(st);
    if (rc == SQLITE_DONE && r.n == 0) /* its events were rolled back with their document: nothing to do */
        return 0;
    incident_row o;
    int ret = rc == SQLITE_DONE && incident_row_fill(&o, &r, iid, now) == 0 ? 0 : -1;
    if (ret < 0) {
        recon_free(&r);
        return -1;
    }
    if ((st = prep(q, up)) != NULL) {
        bind_vals(st, 1, o.v, store_incident_types, INCIDENT_NCOLS);
        ret = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        done(st);
    } else
        ret = -1;
    if (ret == 0 && (st = prep(q, SQL_1)) != NULL) { /* the figure history, rewritten */
        bind_text(st, 1, iid);
        ret = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        done(st);
    } else
        ret = -1;
    if (ret == 0 && o.nhist && !(st = prep(q, SQL_2)))
        ret = -1;
    for (size_t i = 0; ret == 0 && i < o.nhist; i++) {
        const char *v[FIGURE_NCOLS];
        char num[3][32];
        figure_row(iid, &o.hist[i], v, num);
        bind_vals(st, 1, v, store_figure_types, FIGURE_NCOLS);
        ret = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
        done(st);
    }
    if (ret == 0 && o.box) { /* R*Tree: the box of the precise points, else of all points */
        double b[6] = {o.box[0], o.box[1], o.box[2], o.box[3], o.dated ? r.days[0] : NO_DAY,
                       o.dated ? r.days[1] : NO_DAY}, cur[6];
        int have = rtree_get(q, iid, cur);
        ret = have < 0 ? -1 : have && rtree_same(cur, b) ? 0 : rtree_put(q, iid, b);
    }
    long span = o.dated ? (long)(r.days[1] - r.days[0]) : -1;
    if (ret == 0 && o.dated && q->max_span < 0) {
        q->max_span = 0;
        if ((st = prep(q, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'max_span_days'")) != NULL) {
            if (sqlite3_step(st) == SQLITE_ROW)
                q->max_span = (long)sqlite3_column_int64(st, 0);
            done(st);
        }
        if (q->max_span == 0)
            q->max_span = -2; /* none recorded: write the first */
    }
    if (ret == 0 && o.dated && (q->max_span == -2 || span > q->max_span)) {
        /* the longest span of any incident, which bounds query --since */
        q->max_span = span;
        if (!(st = prep(q, span_sql)))
            ret = -1;
        else {
            sqlite3_bind_int64(st, 1, (sqlite3_int64)(r.days[1] - r.days[0]));
            ret = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
            done(st);
        }
    }
    incident_row_free(&o);
    recon_free(&r);
    return ret;
}

/* Until the batch commits and reconciles it, widen the R*Tree entry of
 * incident iid to take in event ie's point and days (creating the entry at
 * ie's point when there is none), so that the candidate search of later
 * events of the batch finds it. The reconciliation then sets the entry as it
 * should be (the box of the precise points): between the two the box only
 * holds more, which costs the search a few candidates and changes no choice. */
static int grow_rtree(sq *q, const char *iid, const inc_event *ie)
{
    double b[6];
    int have = ie->loc_prec >= INC_L_CITY && ie->loc_prec <= INC_L_ADMIN1; /* (these have a point) */
    long d0 = ie->date_prec ? ie->day_start : ie->published, d1 = ie->date_prec ? ie->day_end : ie->published;
    int exists = rtree_get(q, iid, b);
    if (exists < 0)
        return -1;
    if (!exists && !have)
        return 0; /* no point to place it by: the reconciliation decides */
    if (!exists) {
        b[0] = b[1] = ie->lat, b[2] = b[3] = ie->lon;
        b[4] = d0 >= 0 ? (double)d0 : NO_DAY, b[5] = d0 >= 0 ? (double)d1 : NO_DAY;
        return rtree_put(q, iid, b);
    }
    int inside = (!have || (b[0] <= ie->lat && ie->lat <= b[1] && b[2] <= ie->lon && ie->lon <= b[3])) &&
                 (d0 < 0 || (b[4] > NO_DAY && b[4] <= (double)d0 && (double)d1 <= b[5]));
    if (inside)
        return 0; /* the search finds it already */
    if (have)
        b[0] = fmin(b[0], ie->lat), b[1] = fmax(b[1], ie->lat), b[2] = fmin(b[2], ie->lon),
        b[3] = fmax(b[3], ie->lon);
    if (d0 >= 0 && b[4] <= NO_DAY)
        b[4] = (double)d0, b[5] = (double)d1;
    else if (d0 >= 0)
        b[4] = fmin(b[4], (double)d0), b[5] = fmax(b[5], (double)d1);
    return rtree_put(q, iid, b);
}

static int new_incident(void *impl, const char *now, char out[32])
{
    sq *q = impl;
    sqlite3_stmt *st;
    if (q->next_incident <= 0) { /* once a transaction: the writer's lock keeps it ours */
        if (!(st = prep(q, SQL_4)))
            return -1;
        q->next_incident = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
        done(st);
        if (q->next_incident <= 0)
            return -1;
    }
    long long next = q->next_incident++;
    snprintf(out, 32, "INC-%06lld", next);
    if (!(st = prep(q, SQL_5)))
        return -1;
    sqlite3_bind_int64(st, 1, next);
    bind_text(st, 2, out);
    bind_text(st, 3, now);
    int rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* ---- the backend's half of the batches of store.c */

static int sq_in_transaction(void *impl)
{
    return !sqlite3_get_autocommit(((sq *)impl)->db);
}

static int sq_do(void *impl, const char *sql)
{
    return sqlite3_exec(((sq *)impl)->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int sq_begin(void *impl)
{
    sq *q = impl;
    q->next_incident = 0, q->max_span = -1; /* another writer may have written since */
    return sq_do(q, "BEGIN IMMEDIATE");
}

static int sq_savepoint(void *impl)
{
    return sq_do(impl, "SAVEPOINT doc");
}

static int sq_release(void *impl)
{
    return sq_do(impl, "RELEASE doc");
}

static int sq_undo(void *impl)
{
    sq *q = impl;
    q->next_incident = 0, q->max_span = -1; /* what they cached may be rolled back */
    return sq_do(q, "ROLLBACK TO doc; RELEASE doc");
}

static int sq_commit(void *impl)
{
    return sq_do(impl, "COMMIT");
}

static void sq_rollback(void *impl)
{
    sq_do(impl, "ROLLBACK");
}

static void sq_fail_last(void *impl, char *err, size_t errlen, const char *what)
{
    sq_fail(impl, 0, err, errlen, what);
}

/* Store document d's row and full-text entry as report number *seq, or (*seq
 * 0) the next one, whose number goes to *seq. */
static int insert_document(sq *q, const store_doc *d, const char *now, size_t nevents, long long *seq)
{
    sqlite3_stmt *st;
    if (!(st = prep(q, SQL_6)))
        return -1;
    bind_text(st, 1, d->id);
    bind_text(st, 2, d->url);
    bind_text(st, 3, d->title);
    bind_text(st, 4, store_doc_published(d));
    bind_text(st, 5, d->source);
    bind_text(st, 6, d->hash);
    if (d->text)
        sqlite3_bind_text(st, 7, d->text, (int)d->len, SQLITE_STATIC);
    bind_text(st, 8, now);
    sqlite3_bind_int64(st, 9, (sqlite3_int64)nevents);
    if (*seq)
        sqlite3_bind_int64(st, 10, (sqlite3_int64)*seq);
    int ok = sqlite3_step(st) == SQLITE_DONE;
    done(st);
    *seq = sqlite3_last_insert_rowid(q->db);
    if (ok && (d->text || d->title)) { /* the full-text index of its title and text */
        if (!(st = prep(q, SQL_7)))
            return -1;
        sqlite3_bind_int64(st, 1, *seq);
        bind_text(st, 2, d->title);
        if (d->text)
            sqlite3_bind_text(st, 3, d->text, (int)d->len, SQLITE_STATIC);
        ok = sqlite3_step(st) == SQLITE_DONE;
        done(st);
    }
    return ok ? 0 : -1;
}

static int sq_add_document_row(void *impl, const store_doc *d, const char *now, size_t nevents, long long *seq)
{
    *seq = 0;
    return insert_document(impl, d, now, nevents, seq);
}

/* group_ops.insert: the event's row, and its incident's R*Tree entry widened to take it in. */
static int sq_insert(void *impl, const json_t *ev, const inc_event *ie, const char *doc_id, const char *published,
                     const char *incident, const char *why, long long seq)
{
    return insert_event(impl, ev, ie, doc_id, published, incident, why, seq) == 0 &&
                   grow_rtree(impl, incident, ie) == 0
               ? 0
               : -1;
}

static const group_ops sq_group = {find_incident, incident_members, new_incident, sq_insert, NULL};
static const tx_ops sq_tx = {sq_in_transaction, sq_begin,        sq_savepoint,        sq_release,
                             sq_undo,           sq_commit,       sq_rollback,         sq_fail_last,
                             sq_has_document,   sq_add_document_row, reconcile,    &sq_group};

static int sq_add_document(void *impl, const store_doc *d, const json_t *rec, store_result *r, char *err,
                           size_t errlen)
{
    sq *q = impl;
    return batch_add_document(&q->batch, &sq_tx, q, d, rec, r, err, errlen);
}

static int sq_flush(void *impl, char *err, size_t errlen)
{
    sq *q = impl;
    return batch_flush(&q->batch, &sq_tx, q, err, errlen);
}

static void sq_set_batch(void *impl, int max_docs, int max_seconds)
{
    batch_set(&((sq *)impl)->batch, max_docs, max_seconds);
}

/* The most days any stored incident's events span (meta max_span_days, kept
 * by reconcile); 370 for a store that has not recorded it. */
static long longest_span(sq *q)
{
    sqlite3_stmt *st = prep(q, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'max_span_days'");
    long span = 370;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        span = (long)sqlite3_column_int64(st, 0);
    if (st)
        done(st);
    return span < 0 ? 370 : span;
}

/* Do the filter's actors appear in fewer than RARE_ACTOR_EVENTS events? (The
 * count stops there, so the check costs at most that many index entries.) */
#define RARE_ACTOR_EVENTS 2000
static int actors_are_rare(sq *q, const store_filter *f)
{
    static const char sql[] =
        "SELECT (SELECT count(*) FROM (SELECT 1 FROM events WHERE actor1 = ?1 COLLATE NOCASE LIMIT ?2))"
        " + (SELECT count(*) FROM (SELECT 1 FROM events WHERE actor2 = ?1 COLLATE NOCASE LIMIT ?2))"
        " + (SELECT count(*) FROM (SELECT 1 FROM events WHERE claimed_by = ?1 COLLATE NOCASE LIMIT ?2))";
    sqlite3_stmt *st = prep(q, sql);
    long total = 0;
    for (size_t a = 0; st && a < f->nactors && a < STORE_MAX_ACTORS && total < RARE_ACTOR_EVENTS; a++) {
        bind_text(st, 1, f->actors[a]);
        sqlite3_bind_int(st, 2, RARE_ACTOR_EVENTS);
        if (sqlite3_step(st) == SQLITE_ROW)
            total += (long)sqlite3_column_int64(st, 0);
        done(st);
    }
    return st && total < RARE_ACTOR_EVENTS;
}

/* The key of each group of store_stats, as SQL over incidents i. */
static const char *const sq_group_keys[] = {
    "i.date_start", "date(i.date_start, '-6 days', 'weekday 1')", "substr(i.date_start, 1, 7)",
    "i.country_code", "i.event_type", "i.country_code || '/' || i.admin1", "i.actor1",
    "substr(i.date_start, 1, 7) || '|' || coalesce(i.event_type, '')"};

/* The SELECT list of a grouped select (group >= 0) into buf: each matching
 * incident's key and what its group adds up (store_stats: killed; the map's
 * cells, STORE_CELL_GROUP: killed, point, id and type), which sq_agg_rows
 * gathers into groups (agg.h). */
static void sq_group_select(int group, char *buf, size_t cap)
{
    if (group < STORE_CELL_GROUP(0)) {
        snprintf(buf, cap, "SELECT %s, i.killed_min", sq_group_keys[group]);
        return;
    }
    char key[600];
    cell_key_sql(group, "(substr(i.date_start, 6) <> '01-01' OR json_extract(i.json, '$.date.precision') IS NOT 'year')",
                 "cast(", " AS INTEGER)", key, sizeof key);
    snprintf(buf, cap, "SELECT %s, i.killed_min, i.lat, i.lon, i.id, i.event_type", key);
}

/* The groups of the rows of st (sq_group_select's columns), in key order, each
 * passed to cb: sq_select's count, or -1 (err; empty when cb stopped).
 * Finalizes st. */
static long sq_agg_rows(sq *q, sqlite3_stmt *st, int cells, int (*cb)(void *, const char *const *), void *ud,
                        char *err, size_t errlen)
{
    agg *a = agg_new(cells);
    int rc = SQLITE_NOMEM, oom = !a;
    while (!oom && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int t[4];
        for (int c = 0; c < 4; c++)
            t[c] = c + 1 < sqlite3_column_count(st) ? sqlite3_column_type(st, c + 1) : SQLITE_NULL;
        oom = agg_add(a, col_text(st, 0), t[0] != SQLITE_NULL, sqlite3_column_int64(st, 1), cells && t[1] != SQLITE_NULL,
                      cells ? sqlite3_column_double(st, 2) : 0, cells && t[2] != SQLITE_NULL,
                      cells ? sqlite3_column_double(st, 3) : 0, cells ? col_text(st, 4) : NULL,
                      cells ? col_text(st, 5) : NULL) < 0;
    }
    sqlite3_finalize(st);
    long n = -1;
    if (oom)
        snprintf(err, errlen, "%s: cannot query: out of memory", q->path);
    else if (rc != SQLITE_DONE)
        sq_fail(q, rc, err, errlen, "cannot query");
    else if ((n = agg_emit(a, cb, ud)) < 0 && err && errlen)
        err[0] = '\0';
    agg_free(a);
    return n;
}

static double mono_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

/* SQLite's progress handler: nonzero stops the statement (SQLITE_INTERRUPT). */
static int sq_past_deadline(void *impl)
{
    sq *q = impl;
    return q->deadline > 0 && mono_now() > q->deadline;
}

static void sq_set_time_limit(void *impl, double seconds)
{
    sq *q = impl;
    q->time_limit = seconds;
    sqlite3_progress_handler(q->db, seconds > 0 ? 1000 : 0, seconds > 0 ? sq_past_deadline : NULL, q);
}

static int sq_timed_out(void *impl)
{
    return ((sq *)impl)->timed_out;
}

/* A read starts: its deadline from the time limit. */
static void sq_arm(sq *q)
{
    sq_refresh(q);
    q->timed_out = 0;
    q->deadline = q->time_limit > 0 ? mono_now() + q->time_limit : 0;
}

static long sq_select_armed(sq *q, const store_filter *f, int group, int (*cb)(void *, const char *const *),
                            void *ud, char *err, size_t errlen);
static long sq_select_rollup(sq *q, const store_filter *f, int group, int (*cb)(void *, const char *const *),
                             void *ud, char *err, size_t errlen);

static long sq_select(void *impl, const store_filter *f, int group, int (*cb)(void *, const char *const *),
                      void *ud, char *err, size_t errlen)
{
    sq *q = impl;
    sq_arm(q);
    long n = q->v4 && rollup_fits(f, group) ? sq_select_rollup(q, f, group, cb, ud, err, errlen)
                                                : sq_select_armed(q, f, group, cb, ud, err, errlen);
    q->deadline = 0;
    return n;
}

/* The rows of a select from the prepared st, each passed to cb (ncols columns):
 * sq_select's count, or -1 (err; empty when cb stopped). Finalizes st. */
static long sq_rows(sq *q, sqlite3_stmt *st, int ncols, int (*cb)(void *, const char *const *), void *ud,
                    char *err, size_t errlen)
{
    long n = 0;
    int rc;
    const char *cols[STORE_CELL_COLS];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_text(st, cols, ncols);
        int rc_cb = cb(ud, cols);
        n += rc_cb == 0;
        if (rc_cb > 0) {
            sqlite3_finalize(st);
            if (err && errlen)
                err[0] = '\0';
            return -1;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sq_fail(q, rc, err, errlen, "cannot query");
    return n;
}

/* store_stats of group under f from the incidents' rollup (rollup_fits holds). */
static long sq_select_rollup(sq *q, const store_filter *f, int group, int (*cb)(void *, const char *const *),
                             void *ud, char *err, size_t errlen)
{
    static const rollup_dialect dialect = {"", ""};
    rollup_query rq;
    sqlite3_stmt *st;
    if (rollup_query_build(f, group, &dialect, &rq) < 0 || sqlite3_prepare_v2(q->db, rq.sql, -1, &st, NULL) != SQLITE_OK)
        return sq_fail(q, 0, err, errlen, "cannot query");
    for (int i = 0; i < rq.n; i++)
        bind_text(st, i + 1, rq.v[i]);
    return sq_rows(q, st, 3, cb, ud, err, errlen);
}

static long sq_select_armed(sq *q, const store_filter *f, int group, int (*cb)(void *, const char *const *),
                            void *ud, char *err, size_t errlen)
{
    char sql[8192];
    size_t w = 0;
    const char *tv[64]; /* at most 11 filter texts + 8 types + 8 sub-types + 4 per actor (STORE_MAX_ACTORS 8) */
    double dv[16];
    int kind[96], nb = 0, ntv = 0, ndv = 0; /* 0 text, 1 double, 2 int */
    long long iv[8];
    int niv = 0;
    int idx[96];
#define S(str) (w += (size_t)snprintf(sql + w, sizeof sql - w, "%s", str))
#define BT(v) (kind[nb] = 0, idx[nb++] = ntv, tv[ntv++] = (v))
#define BD(v) (kind[nb] = 1, idx[nb++] = ndv, dv[ndv++] = (v))
#define BI(v) (kind[nb] = 2, idx[nb++] = niv, iv[niv++] = (v))
    char head[1024];
    if (group >= 0) {
        sq_group_select(group, head, sizeof head);
        S(head);
    } else
        S("SELECT i.json");
    S(q->v4 ? " FROM incidents i WHERE i.has_json" : " FROM incidents i WHERE i.json IS NOT NULL");
    char since_lo[11], cc[8];
    if (f->since) { /* bound date_start too, for the index, by the longest incident span stored */
        inc_day_str(inc_day(f->since) - longest_span(q), since_lo);
        S(" AND coalesce(i.date_end, i.date_start) >= ? AND i.date_start >= ?"), BT(f->since), BT(since_lo);
    }
    if (f->until)
        S(" AND i.date_start <= ?"), BT(f->until);
    if (f->country) /* codes are stored upper-case; BINARY comparison keeps the index usable */
        S(" AND i.country_code = ?"), BT(store_country_upper(f->country, cc));
    if (f->admin1)
        S(" AND i.admin1 = ? COLLATE NOCASE"), BT(f->admin1);
    if (f->type)
        S(" AND i.event_type = ?"), BT(f->type);
    for (size_t t = 0; t < f->ntypes && t < STORE_MAX_ACTORS; t++)
        S(t ? ", ?" : " AND i.event_type IN (?"), BT(f->types[t]);
    if (f->ntypes)
        S(")");
    if (f->sub_type)
        S(" AND i.sub_event_type = ?"), BT(f->sub_type);
    for (size_t t = 0; t < f->nsub_types && t < STORE_MAX_ACTORS; t++)
        S(t ? ", ?" : " AND i.sub_event_type IN (?"), BT(f->sub_types[t]);
    if (f->nsub_types)
        S(")");
    if (f->cameo)
        S(" AND substr(i.cameo, 1, length(?)) = ?"), BT(f->cameo), BT(f->cameo);
    if (f->min_killed >= 0)
        S(" AND i.killed_min >= ?"), BI(f->min_killed);
    if (f->background >= 0)
        S(" AND i.background = ?"), BI(f->background);
    if (f->changed_since)
        S(" AND i.updated_at >= ?"), BT(f->changed_since);
    if (f->nactors) {
        /* A rare actor: the list of its incidents drives the query. A common one (its list
         * would be long): each incident the other filters and the date order reach is checked
         * for it, which LIMIT cuts short. */
        int rare = actors_are_rare(q, f);
        S(" AND (");
        for (size_t a = 0; a < f->nactors && a < STORE_MAX_ACTORS; a++) {
            if (a)
                S(" OR ");
            if (rare)
                S("i.actor1 = ? COLLATE NOCASE OR i.id IN (SELECT incident_id FROM events WHERE actor1 = ? COLLATE"
                  " NOCASE UNION SELECT incident_id FROM events WHERE actor2 = ? COLLATE NOCASE"
                  " UNION SELECT incident_id FROM events WHERE claimed_by = ? COLLATE NOCASE)");
            else
                S("i.actor1 = ? COLLATE NOCASE OR EXISTS (SELECT 1 FROM events e WHERE e.incident_id = i.id AND"
                  " (e.actor1 = ? COLLATE NOCASE OR e.actor2 = ? COLLATE NOCASE OR e.claimed_by = ? COLLATE NOCASE))");
            BT(f->actors[a]), BT(f->actors[a]), BT(f->actors[a]), BT(f->actors[a]);
        }
        S(")");
    }
    if (f->near) {
        double dl = f->km / 111.0 + 0.01, dn = dl / fmax(0.05, cos(f->lat * 0.017453292519943295));
        S(" AND i.rowid IN (SELECT id FROM incidents_rtree WHERE min_lat <= ? AND max_lat >= ? AND min_lon <= ?"
          " AND max_lon >= ?) AND tac_km(i.lat, i.lon, ?, ?) <= ?");
        BD(f->lat + dl), BD(f->lat - dl), BD(f->lon + dn), BD(f->lon - dn), BD(f->lat), BD(f->lon), BD(f->km);
    }
    if (f->bbox) { /* the R*Tree's boxes that meet it, then the incident's own point */
        S(" AND i.rowid IN (SELECT id FROM incidents_rtree WHERE min_lat <= ? AND max_lat >= ? AND min_lon <= ?"
          " AND max_lon >= ?) AND i.lat BETWEEN ? AND ? AND i.lon BETWEEN ? AND ?");
        BD(f->max_lat), BD(f->min_lat), BD(f->max_lon), BD(f->min_lon), BD(f->min_lat), BD(f->max_lat),
            BD(f->min_lon), BD(f->max_lon);
    }
    char *fq = NULL;
    if (!store_words_blank(f->text)) {
        fq = store_fts_words(f->text);
        S(" AND i.id IN (SELECT e.incident_id FROM events e JOIN documents d ON d.id = e.doc_id"
          " WHERE d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?))");
        BT(fq ? fq : "");
    }
    if (group < 0) {
        /* (the order of the v3 indexes, either way: no sort) */
        S(f->by_change      ? " ORDER BY i.updated_at, i.id"
          : f->newest_first ? " ORDER BY i.date_start DESC, i.date_end DESC, i.id DESC"
                            : " ORDER BY i.date_start, i.date_end, i.id");
        if (f->limit > 0 || f->offset > 0)
            S(" LIMIT ?"), BI(f->limit > 0 ? f->limit : -1);
        if (f->offset > 0)
            S(" OFFSET ?"), BI(f->offset);
    }
#undef S
    sqlite3_stmt *st;
    if (w >= sizeof sql || sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK) {
        free(fq);
        return sq_fail(q, 0, err, errlen, "cannot query");
    }
    for (int i = 0; i < nb; i++) {
        if (kind[i] == 0)
            bind_text(st, i + 1, tv[idx[i]]);
        else if (kind[i] == 1)
            sqlite3_bind_double(st, i + 1, dv[idx[i]]);
        else
            sqlite3_bind_int64(st, i + 1, iv[idx[i]]);
    }
    long n = group >= 0 ? sq_agg_rows(q, st, group >= STORE_CELL_GROUP(0), cb, ud, err, errlen)
                        : sq_rows(q, st, 1, cb, ud, err, errlen);
    free(fq);
    return n;
}

static json_t *sq_detail_armed(sq *q, const char *id, char *err, size_t errlen);

static json_t *sq_detail(void *impl, const char *id, char *err, size_t errlen)
{
    sq *q = impl;
    sq_arm(q);
    json_t *out = sq_detail_armed(q, id, err, errlen);
    q->deadline = 0;
    return out;
}

static json_t *sq_detail_armed(sq *q, const char *id, char *err, size_t errlen)
{
    if (errlen)
        err[0] = '\0';
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, "SELECT json FROM incidents WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
        sq_fail(q, 0, err, errlen, "cannot read");
        return NULL;
    }
    bind_text(st, 1, id);
    int rc = sqlite3_step(st);
    json_t *inc = rc == SQLITE_ROW ? json_loads(col_text(st, 0) ? col_text(st, 0) : "", 0, NULL) : NULL;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sq_fail(q, rc, err, errlen, "cannot read");
        return NULL;
    }
    if (!inc)
        return NULL;
    json_t *out = json_pack("{s:o,s:[],s:[],s:[]}", "incident", inc, "events", "figures", "documents");
    json_t *evs = json_object_get(out, "events"), *figs = json_object_get(out, "figures"),
           *docs = json_object_get(out, "documents");
    static const char *const sqls[] = {
        "SELECT id, doc_id, join_reason, published, json FROM events WHERE incident_id = ?1 ORDER BY seq, id",
        "SELECT doc_id, published, kind, min, max, approximate FROM figure_history WHERE incident_id = ?1"
        " ORDER BY rowid",
        "SELECT d.id, d.title, d.url, d.published, d.text FROM documents d WHERE d.id IN"
        " (SELECT doc_id FROM events WHERE incident_id = ?1) ORDER BY d.rowid"};
    for (int k = 0; k < 3; k++) {
        if (sqlite3_prepare_v2(q->db, sqls[k], -1, &st, NULL) != SQLITE_OK) {
            sq_fail(q, 0, err, errlen, "cannot read");
            json_decref(out);
            return NULL;
        }
        bind_text(st, 1, id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            json_t *row = json_object();
            if (k == 0) {
                json_object_set_new(row, "id", json_string(col_text(st, 0)));
                json_object_set_new(row, "doc_id", json_string(col_text(st, 1)));
                json_object_set_new(row, "join_reason", col_text(st, 2) ? json_string(col_text(st, 2)) : json_null());
                json_object_set_new(row, "published", col_text(st, 3) ? json_string(col_text(st, 3)) : json_null());
                json_t *e = json_loads(col_text(st, 4), 0, NULL);
                json_object_set_new(row, "event", e ? e : json_null());
                json_array_append_new(evs, row);
            } else if (k == 1) {
                json_object_set_new(row, "doc_id", json_string(col_text(st, 0)));
                json_object_set_new(row, "published", col_text(st, 1) ? json_string(col_text(st, 1)) : json_null());
                json_object_set_new(row, "kind", json_string(col_text(st, 2)));
                json_object_set_new(row, "min", json_integer(sqlite3_column_int64(st, 3)));
                json_object_set_new(row, "max", sqlite3_column_type(st, 4) == SQLITE_NULL
                                                    ? json_null()
                                                    : json_integer(sqlite3_column_int64(st, 4)));
                json_object_set_new(row, "approximate", json_boolean(sqlite3_column_int(st, 5)));
                json_array_append_new(figs, row);
            } else {
                static const char *const keys[] = {"id", "title", "url", "published", "text"};
                for (int j = 0; j < 5; j++)
                    json_object_set_new(row, keys[j], col_text(st, j) ? json_string(col_text(st, j)) : json_null());
                json_array_append_new(docs, row);
            }
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) {
            sq_fail(q, rc, err, errlen, "cannot read");
            json_decref(out);
            return NULL;
        }
    }
    return out;
}

static long sq_count(void *impl, const char *table)
{
    sq *q = impl;
    sq_refresh(q);
    static const char *const ok[] = {"documents", "events", "incidents", "figure_history", NULL};
    const char *sql = NULL;
    static const char *const sqls[] = {"SELECT count(*) FROM documents", "SELECT count(*) FROM events",
                                       "SELECT count(*) FROM incidents", "SELECT count(*) FROM figure_history"};
    for (int i = 0; ok[i]; i++)
        if (strcmp(table, ok[i]) == 0)
            sql = sqls[i];
    sqlite3_stmt *st;
    if (!sql || sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    long n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* ---- stored documents deleted or coded again (doc_ops of store_int.h) */

/* A copy of column i of st's current row (NULL for SQL NULL); *bad set when out of memory. */
static char *col_dup(sqlite3_stmt *st, int i, int *bad)
{
    const char *t = col_text(st, i);
    char *c = t ? strdup(t) : NULL;
    if (t && !c)
        *bad = 1;
    return c;
}

/* doc_ops.get (store_int.h). */
static int sq_doc_get(void *impl, const char *id, stored_doc *out)
{
    sq *q = impl;
    sqlite3_stmt *st =
        prep(q, "SELECT url, title, published, text, rowid, n_events, source FROM documents WHERE id = ?1");
    if (!st)
        return -1;
    bind_text(st, 1, id);
    int rc = sqlite3_step(st), bad = 0;
    memset(out, 0, sizeof *out);
    if (rc == SQLITE_ROW) {
        out->id = strdup(id);
        out->url = col_dup(st, 0, &bad);
        out->title = col_dup(st, 1, &bad);
        out->published = col_dup(st, 2, &bad);
        out->text = col_dup(st, 3, &bad);
        out->len = out->text ? (size_t)sqlite3_column_bytes(st, 3) : 0;
        out->seq = sqlite3_column_int64(st, 4);
        out->n_events = (long)sqlite3_column_int64(st, 5);
        out->source = col_dup(st, 6, &bad);
    }
    done(st);
    if (bad || (rc == SQLITE_ROW && !out->id)) {
        stored_doc_free(out);
        return -1;
    }
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* doc_ops.each (store_int.h). */
static int sq_doc_each(void *impl, int (*cb)(void *ud, const char *id), void *ud)
{
    sqlite3_stmt *st = prep(impl, "SELECT id FROM documents ORDER BY rowid");
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && cb(ud, col_text(st, 0) ? col_text(st, 0) : "") == 0)
        ;
    done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* doc_ops.incidents (store_int.h). */
static int sq_doc_incidents(void *impl, const char *id, dirty_set *d)
{
    sqlite3_stmt *st = prep(impl, "SELECT incident_id FROM events WHERE doc_id = ?1 ORDER BY length(id), id");
    if (!st)
        return -1;
    bind_text(st, 1, id);
    int rc, ok = 1;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW)
        ok = dirty_add(d, col_text(st, 0) ? col_text(st, 0) : "") == 0;
    done(st);
    return ok && rc == SQLITE_DONE ? 0 : -1;
}

/* Run a static statement with one text parameter. 0 or -1. */
static int sq_run1(sq *q, const char *sql, const char *a)
{
    sqlite3_stmt *st = prep(q, sql);
    if (!st)
        return -1;
    bind_text(st, 1, a);
    int rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* doc_ops.remove_events (store_int.h). */
static int sq_doc_remove_events(void *impl, const char *id)
{
    return sq_run1(impl, "DELETE FROM figure_history WHERE doc_id = ?1", id) == 0 &&
                   sq_run1(impl, "DELETE FROM events WHERE doc_id = ?1", id) == 0
               ? 0
               : -1;
}

/* doc_ops.remove (store_int.h). */
static int sq_doc_remove(void *impl, const char *id)
{
    /* an external-content FTS5 entry is removed by giving it the values it indexed */
    static const char fts[] = "INSERT INTO documents_fts(documents_fts, rowid, title, text) SELECT 'delete', rowid,"
                              " title, text FROM documents WHERE id = ?1 AND (title IS NOT NULL OR text IS NOT NULL)";
    return sq_run1(impl, fts, id) == 0 && sq_run1(impl, "DELETE FROM documents WHERE id = ?1", id) == 0
               ? 0
               : -1;
}

/* doc_ops.set_coded (store_int.h). */
static int sq_doc_set_coded(void *impl, const char *id, const char *now, size_t nevents)
{
    sqlite3_stmt *st = prep(impl, "UPDATE documents SET coded_at = ?2, n_events = ?3 WHERE id = ?1");
    if (!st)
        return -1;
    bind_text(st, 1, id);
    bind_text(st, 2, now);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)nevents);
    int rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* doc_ops.incident_events (store_int.h). */
static long sq_incident_events(void *impl, const char *iid)
{
    sqlite3_stmt *st = prep(impl, "SELECT count(*) FROM events WHERE incident_id = ?1");
    if (!st)
        return -1;
    bind_text(st, 1, iid);
    long n = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    done(st);
    return n;
}

/* Incident iid's number, kept in meta last_incident when it is the highest
 * deleted, so that SQL_4 never gives it to another incident. */
static int remember_deleted(sq *q, const char *iid)
{
    return sq_run1(q, "INSERT INTO meta(key, value) SELECT 'last_incident', rowid FROM incidents WHERE id = ?1"
                      " ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                      " WHERE CAST(value AS INTEGER) < CAST(excluded.value AS INTEGER)",
                   iid);
}

/* doc_ops.incident_clear (store_int.h). */
static int sq_incident_clear(void *impl, const char *iid, int drop)
{
    return sq_run1(impl, SQL_1, iid) == 0 && (!drop || remember_deleted(impl, iid) == 0) &&
                   sq_run1(impl, "DELETE FROM incidents_rtree WHERE id = (SELECT rowid FROM incidents WHERE id = ?1)",
                           iid) == 0 &&
                   (!drop || sq_run1(impl, "DELETE FROM incidents WHERE id = ?1", iid) == 0)
               ? 0
               : -1;
}

static const doc_ops sq_docs = {sq_doc_get,    sq_doc_each,        sq_doc_incidents,   sq_doc_remove_events,
                                sq_doc_remove, sq_doc_set_coded,   sq_incident_events, sq_incident_clear};

/* ---- bulk loading (bulk.c): the rows bulk.c decided, with prepared statements in one
 * transaction. The store is empty (store_bulk_begin), so rowids are the report and
 * incident numbers as the incremental path would give them. */

/* Forget the indexes a bulk load dropped. */
static void sqb_forget_indexes(sq *q)
{
    for (size_t i = 0; i < q->nbulk_indexes; i++)
        free(q->bulk_indexes[i]);
    free(q->bulk_indexes);
    q->bulk_indexes = NULL, q->nbulk_indexes = 0;
}

/* Drop the secondary indexes of the tables a bulk load fills, keeping their
 * CREATE statements: built once from the loaded rows (sorted), they cost a
 * fraction of what updating them row by row costs. */
static int sqb_drop_indexes(sq *q)
{
    /* (not the indexes of the foreign keys' child columns: a deferred check looks the children of
     * each parent row up when it is inserted) */
    static const char sql[] = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                              " AND tbl_name IN ('events', 'incidents', 'figure_history')"
                              " AND name NOT IN ('events_incident', 'events_doc', 'figures_incident') ORDER BY name";
    sqlite3_stmt *st = prep(q, sql);
    if (!st)
        return -1;
    int rc;
    char drop[200];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char **v = realloc(q->bulk_indexes, (q->nbulk_indexes + 1) * sizeof *v);
        if (!v)
            break;
        q->bulk_indexes = v;
        if (!(v[q->nbulk_indexes] = strdup(col_text(st, 1))))
            break;
        q->nbulk_indexes++;
    }
    done(st);
    if (rc != SQLITE_DONE)
        return -1;
    for (size_t i = 0; i < q->nbulk_indexes; i++) { /* (names from the CREATE statements: sqlite_master's row is gone) */
        const char *name = q->bulk_indexes[i] + strlen("CREATE INDEX ");
        int len = (int)strcspn(name, " (");
        snprintf(drop, sizeof drop, "DROP INDEX \"%.*s\"", len, name);
        if (strncmp(q->bulk_indexes[i], "CREATE INDEX ", 13) != 0 || sq_do(q, drop) < 0)
            return -1;
    }
    return 0;
}

static int sqb_begin(void *impl)
{
    sq *q = impl;
    char err[256];
    if (sq_flush(q, err, sizeof err) < 0) /* (no batch is open in a bulk load; close one all the same) */
        return -1;
    sqb_forget_indexes(q);
    /* events are written before their incidents: the foreign keys are checked at the commit */
    return sq_do(q, "BEGIN IMMEDIATE") == 0 && sq_do(q, "PRAGMA defer_foreign_keys = ON") == 0 &&
                   sqb_drop_indexes(q) == 0
               ? 0
               : -1;
}

static int sqb_document(void *impl, const store_doc *d, const char *now, size_t nevents, long long seq)
{
    return insert_document(impl, d, now, nevents, &seq);
}

static int sqb_event(void *impl, const event_row *r)
{
    static const char sql[] =
        "INSERT INTO events(" EVENT_COLUMNS ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
        "?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32)";
    sqlite3_stmt *st = prep(impl, sql);
    if (!st)
        return -1;
    bind_vals(st, 1, r->v, store_event_types, EVENT_NCOLS);
    int rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Run st (its parameters bound) once. */
static int sqb_step(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static int sqb_incident(void *impl, const incident_row *o, const recon *r, long long num, const char *now)
{
    static const char ins[] =
        "INSERT INTO incidents(id, updated_at, n_events, n_documents, json, event_type, sub_event_type, cameo,"
        " country_code, admin1, place, lat, lon, date_start, date_end, killed_min, actor1, background, rowid,"
        " created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?2)";
    static const char box[] = "INSERT INTO incidents_rtree(id, min_lat, max_lat, min_lon, max_lon, min_day,"
                              " max_day) VALUES (?1,?2,?3,?4,?5,?6,?7)";
    sq *q = impl;
    (void)now;
    sqlite3_stmt *st = prep(q, ins);
    if (!st)
        return -1;
    bind_vals(st, 1, o->v, store_incident_types, INCIDENT_NCOLS);
    sqlite3_bind_int64(st, 19, (sqlite3_int64)num);
    int rc = sqb_step(st);
    for (size_t i = 0; rc == 0 && i < o->nhist; i++) {
        const char *v[FIGURE_NCOLS];
        char n[3][32];
        figure_row(o->v[0], &o->hist[i], v, n);
        if (!(st = prep(q, SQL_2)))
            return -1;
        bind_vals(st, 1, v, store_figure_types, FIGURE_NCOLS);
        rc = sqb_step(st);
    }
    if (rc == 0 && o->box) {
        if (!(st = prep(q, box)))
            return -1;
        double b[6] = {o->box[0], o->box[1], o->box[2], o->box[3], o->dated ? r->days[0] : NO_DAY,
                       o->dated ? r->days[1] : NO_DAY};
        sqlite3_bind_int64(st, 1, (sqlite3_int64)num);
        for (int j = 0; j < 6; j++)
            sqlite3_bind_double(st, j + 2, b[j]);
        rc = sqb_step(st);
    }
    return rc;
}

static int sqb_commit(void *impl, long max_span)
{
    static const char span_sql[] =
        "INSERT INTO meta(key, value) VALUES ('max_span_days', ?1) ON CONFLICT(key) DO UPDATE"
        " SET value = excluded.value WHERE CAST(value AS INTEGER) < CAST(excluded.value AS INTEGER)";
    sq *q = impl;
    if (max_span >= 0) {
        sqlite3_stmt *st = prep(q, span_sql);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, (sqlite3_int64)max_span);
        if (sqb_step(st) < 0)
            return -1;
    }
    for (size_t i = 0; i < q->nbulk_indexes; i++)
        if (sq_do(q, q->bulk_indexes[i]) < 0)
            return -1;
    sqb_forget_indexes(q);
    q->max_span = -1, q->next_incident = 0;
    if (sq_do(q, "COMMIT") < 0)
        return -1;
    sq_do(q, "PRAGMA analysis_limit=1000; PRAGMA optimize"); /* (statistics for the planner: best effort) */
    return 0;
}

static void sqb_rollback(void *impl)
{
    sq *q = impl;
    q->max_span = -1, q->next_incident = 0;
    sq_do(q, "ROLLBACK"); /* (which restores the dropped indexes) */
    sqb_forget_indexes(q);
}

static const bulk_ops sq_bulk = {sqb_begin, sqb_document, sqb_event, sqb_incident, sqb_commit, sqb_rollback};

const store_backend store_sqlite_backend = {"sqlite",        sq_open,     sq_close,     sq_has_document,
                                           sq_add_document, sq_select,   sq_detail,    sq_count,
                                           sq_set_batch,    sq_flush,    sq_set_time_limit, sq_timed_out,
                                           &sq_tx,          &sq_docs,        &sq_bulk,
                                           &sq_feeds};

/* ================= news feeds (store_feed_*, feed_ops) ================= */

static const char SQ_FEED_GET[] = "SELECT " FEED_COLS " FROM feeds WHERE url = ?1";
static const char SQ_FEED_PUT[] = "INSERT OR REPLACE INTO feeds(url, etag, last_modified, last_polled, next_poll,"
                                  " failures, last_error) VALUES (?1,?2,?3,?4,?5,?6,?7)";
static const char SQ_ITEM_SEEN[] = "SELECT 1 FROM feed_items WHERE feed_url = ?1 AND item_key = ?2";
static const char SQ_ITEM_MARK[] = "INSERT OR IGNORE INTO feed_items(feed_url, item_key, doc_id, seen_at)"
                                   " VALUES (?1,?2,?3,?4)";

/* Run st (of prep) to its end: 0, or -1 with err (what). */
static int sq_feed_step(sq *q, sqlite3_stmt *st, char *err, size_t errlen, const char *what)
{
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    if (st)
        done(st);
    return rc == SQLITE_DONE ? 0 : sq_fail(q, rc, err, errlen, what);
}

static int sq_feed_get(void *impl, const char *url, store_feed *f, char *err, size_t errlen)
{
    sq *q = impl;
    sqlite3_stmt *st = prep(q, SQ_FEED_GET);
    if (!st)
        return sq_fail(q, 0, err, errlen, "cannot read the feeds");
    bind_text(st, 1, url);
    int rc = sqlite3_step(st), found = rc == SQLITE_ROW;
    if (found) {
        const char *col[6];
        row_text(st, col, 6);
        feed_from_row(f, col);
    }
    done(st);
    return found ? 1 : rc == SQLITE_DONE ? 0 : sq_fail(q, rc, err, errlen, "cannot read the feeds");
}

static int sq_feed_put(void *impl, const char *url, const store_feed *f, char *err, size_t errlen)
{
    sq *q = impl;
    sqlite3_stmt *st = prep(q, SQ_FEED_PUT);
    if (st) {
        const char *v[7] = {url, f->etag, f->last_modified, f->last_polled, f->next_poll, NULL, f->last_error};
        for (int i = 0; i < 7; i++)
            bind_text(st, i + 1, v[i] && *v[i] ? v[i] : NULL);
        sqlite3_bind_int64(st, 6, f->failures);
    }
    return sq_feed_step(q, st, err, errlen, "cannot record the feed");
}

static int sq_feed_item_seen(void *impl, const char *url, const char *key, char *err, size_t errlen)
{
    sq *q = impl;
    sqlite3_stmt *st = prep(q, SQ_ITEM_SEEN);
    if (!st)
        return sq_fail(q, 0, err, errlen, "cannot read the feed items");
    bind_text(st, 1, url);
    bind_text(st, 2, key);
    int rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : sq_fail(q, rc, err, errlen, "cannot read the feed items");
}

static int sq_feed_mark_item(void *impl, const char *url, const char *key, const char *doc_id, const char *now,
                             char *err, size_t errlen)
{
    sq *q = impl;
    sqlite3_stmt *st = prep(q, SQ_ITEM_MARK);
    if (st) {
        bind_text(st, 1, url);
        bind_text(st, 2, key);
        bind_text(st, 3, doc_id);
        bind_text(st, 4, now);
    }
    return sq_feed_step(q, st, err, errlen, "cannot record the feed item");
}

static const feed_ops sq_feeds = {sq_feed_get, sq_feed_put, sq_feed_item_seen, sq_feed_mark_item};
