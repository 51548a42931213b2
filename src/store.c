/*
 * store.c - the event store (see store.h): the public functions dispatch
 * through a backend table (struct store_backend); the only backend today is
 * SQLite (WAL mode, foreign keys, R*Tree for places, FTS5 for the reports'
 * text). Grouping and reconciliation decisions come from incident.c; this
 * file only finds candidates and persists. All SQL is parameterised.
 */
#include "store.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "incident.h"

/* A backend: what a libpq implementation would provide as well. */
typedef struct store_backend {
    const char *name;
    void (*close)(void *impl);
    int (*has_document)(void *impl, const char *id, const char *hash, char *err, size_t errlen);
    int (*add_document)(void *impl, const store_doc *d, const json_t *rec, store_result *r, char *err,
                        size_t errlen);
    long (*query)(void *impl, const store_filter *f, int (*cb)(void *, json_t *), void *ud, char *err,
                  size_t errlen);
    json_t *(*detail)(void *impl, const char *id, char *err, size_t errlen);
    long (*count)(void *impl, const char *table);
    void (*set_batch)(void *impl, int max_docs, int max_seconds);
    int (*flush)(void *impl, char *err, size_t errlen);
} store_backend;

struct store {
    const store_backend *be;
    void *impl;
};

void store_text_hash(const char *text, size_t len, char out[33])
{
    uint64_t a = 0xcbf29ce484222325ull, b = 0xcbf29ce484222325ull;
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        a ^= p[i];
        a *= 0x100000001b3ull; /* FNV-1a */
        b *= 0x100000001b3ull; /* FNV-1 */
        b ^= p[i];
    }
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

void store_filter_init(store_filter *f)
{
    memset(f, 0, sizeof *f);
    f->min_killed = -1;
    f->background = -1;
}

/* ================= SQLite backend ================= */

#define SQ_CACHE 24
typedef struct sq {
    sqlite3 *db;
    char path[512];
    struct {
        const char *sql; /* a static string: the cache is keyed by its address */
        sqlite3_stmt *st;
    } cache[SQ_CACHE];
    int batch_max;       /* documents per transaction (store_set_batch); 1 = each on its own */
    int batch_seconds;   /* commit a batch this old (store_set_batch); 0 = no time limit */
    int batch_docs;      /* documents in the open transaction; 0 = none open */
    time_t batch_start;  /* when the open transaction began */
    long committed;      /* documents committed since open */
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
    "CREATE INDEX events_incident ON events(incident_id);"
    "CREATE INDEX events_doc ON events(doc_id);"
    "CREATE INDEX events_cc_date ON events(country_code, loc_precision, date_start);"
    V2_INDEX_SQL
    "CREATE INDEX events_actor1 ON events(actor1 COLLATE NOCASE);"
    "CREATE INDEX events_actor2 ON events(actor2 COLLATE NOCASE);"
    "CREATE INDEX events_claimed ON events(claimed_by COLLATE NOCASE);"
    "CREATE INDEX incidents_date ON incidents(date_start);"
    "CREATE INDEX incidents_cc_date ON incidents(country_code, date_start);"
    "CREATE INDEX incidents_type ON incidents(event_type, date_start);"
    "CREATE INDEX incidents_killed ON incidents(killed_min);"
    "CREATE INDEX incidents_actor1 ON incidents(actor1 COLLATE NOCASE);"
    "CREATE INDEX incidents_admin1 ON incidents(admin1 COLLATE NOCASE);"
    "CREATE INDEX figures_incident ON figure_history(incident_id);"
    "INSERT INTO meta(key, value) VALUES ('schema_version', '2'), ('created_by', 'tacitus');";

static int sq_fail(sq *q, int rc, char *err, size_t errlen, const char *what)
{
    int ext = q->db ? sqlite3_extended_errcode(q->db) : rc;
    const char *msg = q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc);
    if ((ext & 0xff) == SQLITE_FULL)
        msg = "the disk is full";
    else if ((ext & 0xff) == SQLITE_READONLY)
        msg = "the database is read-only";
    snprintf(err, errlen, "%s: %s: %s", q->path, what, msg);
    return -1;
}

static int sq_exec(sq *q, const char *sql, char *err, size_t errlen)
{
    int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : sq_fail(q, rc, err, errlen, "cannot update");
}

static void sq_close(void *impl)
{
    sq *q = impl;
    if (!q)
        return;
    if (q->batch_docs > 0 && !sqlite3_get_autocommit(q->db))
        sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL); /* best effort: store_flush reports errors */
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

static void now_iso(char out[24])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
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

static int reconcile(sq *q, const char *iid, const char *now);

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

static int sq_open(const char *path, int readonly, void **out, char *err, size_t errlen)
{
    sq *q = calloc(1, sizeof *q);
    if (!q) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    snprintf(q->path, sizeof q->path, "%s", path);
    q->batch_max = 1;
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
    if (exists && sb.st_size > 0) { /* refuse a file that is not SQLite before SQLite touches it */
        char hdr[16] = {0};
        FILE *f = fopen(path, "rb");
        size_t got = f ? fread(hdr, 1, 16, f) : 0;
        if (f)
            fclose(f);
        if (!f) {
            snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
            free(q);
            return -1;
        }
        if (got < 16 || memcmp(hdr, "SQLite format 3", 16) != 0) {
            snprintf(err, errlen, "%s: not a tacitus database (not an SQLite file)", path);
            free(q);
            return -1;
        }
    }
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &q->db, flags, NULL);
    if (rc != SQLITE_OK) {
        sq_fail(q, rc, err, errlen, "cannot open");
        sq_close(q);
        return -1;
    }
    sqlite3_busy_timeout(q->db, 10000);
    sqlite3_extended_result_codes(q->db, 1);
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
            snprintf(err, errlen, "%s: not a tacitus database (corrupt or not SQLite)", path);
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
    /* A 64 MB page cache and a 256 MB memory map: candidate searches revisit the same index
     * pages for every event, and without them ingest spent a fifth of its time in pread. */
    sqlite3_exec(q->db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
                 " PRAGMA mmap_size=268435456", NULL, NULL, NULL);
    sqlite3_create_function(q->db, "tac_km", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_km, NULL, NULL);
    /* Migrations, one transaction each, when the store is opened for writing; a reader
     * opens an older store as it is (its queries read what every version has). */
    if (!readonly && version < 2 && sq_migrate_1_to_2(q, err, errlen) < 0) {
        sq_close(q);
        return -1;
    }
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
static const char SQL_4[] = "SELECT coalesce(max(rowid), 0) + 1 FROM incidents";
static const char SQL_5[] = "INSERT INTO incidents(rowid, id, created_at, updated_at) VALUES (?1,?2,?3,?3)";
static const char SQL_6[] = "INSERT INTO documents(id, url, title, published, source, text_hash, text, coded_at,"
                                " n_events) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)";
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

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static const char *jpath(const json_t *o, const char *k1, const char *k2)
{
    return json_string_value(json_object_get(json_object_get(o, k1), k2));
}

/* Candidate columns, in this order, for inc_event_from_row. */
#define CAND_COLS                                                                                          \
    "e.id, e.doc_id, e.kind, e.event_type, e.sub_event_type, e.cameo, e.background, e.attack_type,"       \
    " e.date_start, e.date_end, e.date_precision, e.date_assumed, e.published, e.country_code, e.admin1," \
    " e.place, e.lat, e.lon, e.loc_precision, e.perpetrator, e.killed_min, e.killed_revised, e.incident_id"

static void inc_event_from_row(sqlite3_stmt *st, inc_event *e)
{
    memset(e, 0, sizeof *e);
#define T(i) (col_text(st, i) ? col_text(st, i) : "")
    snprintf(e->id, sizeof e->id, "%s", T(0));
    snprintf(e->doc_id, sizeof e->doc_id, "%s", T(1));
    snprintf(e->kind, sizeof e->kind, "%s", T(2));
    snprintf(e->event_type, sizeof e->event_type, "%s", T(3));
    snprintf(e->sub_event_type, sizeof e->sub_event_type, "%s", T(4));
    snprintf(e->cameo, sizeof e->cameo, "%s", T(5));
    e->background = sqlite3_column_int(st, 6);
    e->violent = sqlite3_column_type(st, 7) != SQLITE_NULL;
    e->day_start = inc_day(col_text(st, 8));
    e->day_end = inc_day(col_text(st, 9));
    static const char *const dp[] = {"", "day", "week", "month", "year"};
    for (int i = 1; i < 5; i++)
        if (strcmp(T(10), dp[i]) == 0)
            e->date_prec = i;
    if (e->day_start < 0)
        e->date_prec = 0;
    if (e->day_end < e->day_start)
        e->day_end = e->day_start;
    e->date_assumed = sqlite3_column_int(st, 11);
    e->published = inc_day(col_text(st, 12));
    snprintf(e->cc, sizeof e->cc, "%s", T(13));
    snprintf(e->admin1, sizeof e->admin1, "%s", T(14));
    snprintf(e->place, sizeof e->place, "%s", T(15));
    e->lat = sqlite3_column_double(st, 16);
    e->lon = sqlite3_column_double(st, 17);
    static const char *const lp[] = {"", "city", "admin2", "admin1", "country"};
    for (int i = 1; i < 5; i++)
        if (strcmp(T(18), lp[i]) == 0)
            e->loc_prec = i;
    if (e->loc_prec && e->loc_prec < INC_L_COUNTRY && sqlite3_column_type(st, 16) == SQLITE_NULL)
        e->loc_prec = INC_L_COUNTRY;
    snprintf(e->perp, sizeof e->perp, "%s", T(19));
    e->killed = sqlite3_column_type(st, 20) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 20);
    e->killed_revised = sqlite3_column_int(st, 21);
#undef T
}

typedef struct cand_best {
    double score;
    char incident[32];
    char why[600];
} cand_best;

/* Run one candidate statement and keep the best match that is not an
 * incident this document already joined. */
static int scan_candidates(sq *q, sqlite3_stmt *st, const inc_event *ev, char (*used)[32], size_t nused,
                           cand_best *best)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        inc_event c;
        inc_event_from_row(st, &c);
        const char *iid = col_text(st, 22);
        if (!iid || strcmp(c.doc_id, ev->doc_id) == 0)
            continue;
        int dup = 0;
        for (size_t i = 0; i < nused && !dup; i++)
            dup = strcmp(used[i], iid) == 0;
        if (dup)
            continue;
        char why[400];
        double sc = inc_match(ev, &c, why, sizeof why);
        if (sc > best->score) {
            best->score = sc;
            snprintf(best->incident, sizeof best->incident, "%s", iid);
            snprintf(best->why, sizeof best->why, "matches %s: %s", c.id, why);
        }
    }
    (void)q;
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The best incident for ev, or best->score == 0 when none matches. */
static int find_incident(sq *q, const inc_event *ev, char (*used)[32], size_t nused, cand_best *best)
{
    memset(best, 0, sizeof *best);
    if (ev->loc_prec == INC_L_NONE || !ev->cc[0])
        return 0;
    long lo, hi;
    if (ev->date_prec) {
        lo = ev->day_start - 62;
        hi = ev->day_end + 62;
    } else if (ev->published >= 0) {
        lo = ev->published - 62;
        hi = ev->published;
    } else
        return 0;
    char los[11], his[11];
    inc_day_str(lo, los);
    inc_day_str(hi, his);
    sqlite3_stmt *st;
    int rc = 0;
    if (ev->loc_prec <= INC_L_ADMIN2) {
        /* nearby incidents by the R*Tree (about 150 km), then coarse events of the same country */
        double dl = 1.4, dn = 1.4 / fmax(0.1, cos(ev->lat * 0.017453292519943295));
        static const char sql[] =
            "SELECT " CAND_COLS " FROM incidents_rtree r JOIN incidents i ON i.rowid = r.id"
            " JOIN events e ON e.incident_id = i.id"
            " WHERE r.min_lat <= ?1 AND r.max_lat >= ?2 AND r.min_lon <= ?3 AND r.max_lon >= ?4"
            " AND r.min_day <= ?8 AND r.max_day >= ?7"
            " AND coalesce(e.date_start, e.published) <= ?6 AND coalesce(e.date_end, e.published) >= ?5";
        if (!(st = prep(q, sql)))
            return -1;
        sqlite3_bind_double(st, 1, ev->lat + dl);
        sqlite3_bind_double(st, 2, ev->lat - dl);
        sqlite3_bind_double(st, 3, ev->lon + dn);
        sqlite3_bind_double(st, 4, ev->lon - dn);
        bind_text(st, 5, los);
        bind_text(st, 6, his);
        sqlite3_bind_double(st, 7, (double)lo);
        sqlite3_bind_double(st, 8, (double)hi);
        rc = scan_candidates(q, st, ev, used, nused, best);
        done(st);
        if (rc < 0)
            return -1;
        static const char sql2[] =
            "SELECT " CAND_COLS " FROM events e WHERE e.country_code = ?1 AND e.date_start <= ?3"
            " AND e.date_start >= date(?2, '-400 days') AND coalesce(e.date_end, e.published) >= ?2"
            " AND e.loc_precision IN ('admin1', 'country')"
            " UNION ALL SELECT " CAND_COLS " FROM events e WHERE e.country_code = ?1 AND e.date_start IS NULL"
            " AND e.published BETWEEN ?2 AND ?3";
        if (!(st = prep(q, sql2)))
            return -1;
    } else {
        static const char sql3[] =
            "SELECT " CAND_COLS " FROM events e WHERE e.country_code = ?1 AND e.date_start <= ?3"
            " AND e.date_start >= date(?2, '-400 days') AND coalesce(e.date_end, e.published) >= ?2"
            " UNION ALL SELECT " CAND_COLS " FROM events e WHERE e.country_code = ?1 AND e.date_start IS NULL"
            " AND e.published BETWEEN ?2 AND ?3";
        if (!(st = prep(q, sql3)))
            return -1;
    }
    bind_text(st, 1, ev->cc);
    bind_text(st, 2, los);
    bind_text(st, 3, his);
    rc = scan_candidates(q, st, ev, used, nused, best);
    done(st);
    return rc;
}

static int insert_event(sq *q, const json_t *ev, const inc_event *ie, const char *doc_id, const char *published,
                        const char *incident, const char *why, sqlite3_int64 seq)
{
    static const char sql[] =
        "INSERT INTO events(id, doc_id, incident_id, background, kind, event_type, sub_event_type, cameo,"
        " attack_type, date_start, date_end, date_precision, date_assumed, published, country_code, admin1,"
        " place, lat, lon, loc_precision, actor1, actor1_type, actor2, perpetrator, killed_min, killed_max,"
        " killed_revised, wounded_min, claimed_by, json, join_reason, seq)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,"
        "?25,?26,?27,?28,?29,?30,?31,?32)";
    sqlite3_stmt *st;
    if (!(st = prep(q, sql)))
        return -1;
    const json_t *loc = json_object_get(ev, "location"), *k = json_object_get(ev, "killed");
    const json_t *w = json_object_get(ev, "wounded");
    bind_text(st, 1, jstr(ev, "id"));
    bind_text(st, 2, doc_id);
    bind_text(st, 3, incident);
    sqlite3_bind_int(st, 4, ie->background);
    bind_text(st, 5, jstr(ev, "kind"));
    bind_text(st, 6, jstr(ev, "event_type"));
    bind_text(st, 7, jstr(ev, "sub_event_type"));
    bind_text(st, 8, jstr(ev, "cameo"));
    bind_text(st, 9, jstr(ev, "attack_type"));
    bind_text(st, 10, jpath(ev, "date", "start"));
    bind_text(st, 11, jpath(ev, "date", "end"));
    bind_text(st, 12, jpath(ev, "date", "precision"));
    sqlite3_bind_int(st, 13, ie->date_assumed);
    bind_text(st, 14, published);
    bind_text(st, 15, jpath(ev, "location", "country_code"));
    bind_text(st, 16, jpath(ev, "location", "admin1"));
    bind_text(st, 17, jpath(ev, "location", "name"));
    if (json_is_number(json_object_get(loc, "lat")) && json_is_number(json_object_get(loc, "lon"))) {
        sqlite3_bind_double(st, 18, json_number_value(json_object_get(loc, "lat")));
        sqlite3_bind_double(st, 19, json_number_value(json_object_get(loc, "lon")));
    }
    bind_text(st, 20, jpath(ev, "location", "precision"));
    bind_text(st, 21, jpath(ev, "actor1", "name"));
    bind_text(st, 22, jpath(ev, "actor1", "type"));
    bind_text(st, 23, jpath(ev, "actor2", "name"));
    bind_text(st, 24, ie->perp[0] ? ie->perp : NULL);
    if (json_is_integer(json_object_get(k, "min")))
        sqlite3_bind_int64(st, 25, json_integer_value(json_object_get(k, "min")));
    if (json_is_integer(json_object_get(k, "max")))
        sqlite3_bind_int64(st, 26, json_integer_value(json_object_get(k, "max")));
    sqlite3_bind_int(st, 27, ie->killed_revised);
    if (json_is_integer(json_object_get(w, "min")))
        sqlite3_bind_int64(st, 28, json_integer_value(json_object_get(w, "min")));
    bind_text(st, 29, jpath(ev, "claimed_by", "name"));
    char *js = json_dumps(ev, JSON_COMPACT);
    bind_text(st, 30, js);
    bind_text(st, 31, why);
    sqlite3_bind_int64(st, 32, seq);
    int rc = sqlite3_step(st);
    free(js);
    done(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Recompute an incident from all its events: the reconciled json and its
 * indexed columns, its figure history and its R*Tree box and days. now: the
 * updated_at to record, or NULL to keep the stored one (a migration). */
static int reconcile(sq *q, const char *iid, const char *now)
{
    sqlite3_stmt *st;
    static const char sql[] =
        "SELECT e.json, e.doc_id, d.url, e.published, e.seq, e.lat, e.lon, e.loc_precision,"
        " coalesce(e.date_start, e.published), coalesce(e.date_end, e.published)"
        " FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.incident_id = ?1 ORDER BY e.seq, e.id";
    if (!(st = prep(q, sql)))
        return -1;
    bind_text(st, 1, iid);
    size_t n = 0, cap = 8;
    inc_member *m = malloc(cap * sizeof *m);
    json_t **evs = malloc(cap * sizeof *evs);
    char **strs = malloc(cap * 3 * sizeof *strs);
    double box[4] = {1e9, -1e9, 1e9, -1e9}, cbox[4] = {1e9, -1e9, 1e9, -1e9}, days[2] = {1e9, -1e9};
    int ok = m && evs && strs, rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap *= 2;
            inc_member *m2 = realloc(m, cap * sizeof *m);
            json_t **e2 = m2 ? realloc(evs, cap * sizeof *evs) : NULL;
            char **s2 = e2 ? realloc(strs, cap * 3 * sizeof *strs) : NULL;
            if (m2)
                m = m2;
            if (e2)
                evs = e2;
            if (!s2) {
                ok = 0;
                break;
            }
            strs = s2;
        }
        evs[n] = json_loads(col_text(st, 0) ? col_text(st, 0) : "null", 0, NULL);
        for (int j = 0; j < 3; j++)
            strs[n * 3 + j] = col_text(st, j + 1) ? strdup(col_text(st, j + 1)) : NULL;
        m[n] = (inc_member){evs[n], strs[n * 3], strs[n * 3 + 1], strs[n * 3 + 2], sqlite3_column_int64(st, 4)};
        if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
            double la = sqlite3_column_double(st, 5), lo = sqlite3_column_double(st, 6);
            const char *p = col_text(st, 7);
            double *b = (p && (strcmp(p, "city") == 0 || strcmp(p, "admin2") == 0)) ? cbox : box;
            b[0] = fmin(b[0], la), b[1] = fmax(b[1], la), b[2] = fmin(b[2], lo), b[3] = fmax(b[3], lo);
        }
        long d0 = col_text(st, 8) ? inc_day(col_text(st, 8)) : -1;
        long d1 = col_text(st, 9) ? inc_day(col_text(st, 9)) : -1;
        if (d0 >= 0)
            days[0] = fmin(days[0], (double)d0), days[1] = fmax(days[1], (double)(d1 >= d0 ? d1 : d0));
        if (!strs[n * 3])
            strs[n * 3] = strdup("");
        m[n].doc_id = strs[n * 3];
        n++;
    }
    done(st);
    inc_figure *h = NULL;
    size_t nh = 0;
    json_t *inc = ok && n ? inc_reconcile(iid, m, n, &h, &nh) : NULL;
    int ret = inc ? 0 : -1;
    if (inc) {
        static const char up[] =
            "UPDATE incidents SET updated_at=coalesce(?2, updated_at), n_events=?3, n_documents=?4, json=?5,"
            " event_type=?6, sub_event_type=?7, cameo=?8, country_code=?9, admin1=?10, place=?11, lat=?12, lon=?13,"
            " date_start=?14, date_end=?15, killed_min=?16, actor1=?17, background=?18 WHERE id=?1";
        char *js = json_dumps(inc, JSON_COMPACT);
        if (!(st = prep(q, up)))
            ret = -1;
        else {
            const json_t *loc = json_object_get(inc, "location");
            bind_text(st, 1, iid);
            bind_text(st, 2, now);
            sqlite3_bind_int64(st, 3, (sqlite3_int64)n);
            sqlite3_bind_int64(st, 4, (sqlite3_int64)json_array_size(json_object_get(inc, "documents")));
            bind_text(st, 5, js);
            bind_text(st, 6, jstr(inc, "event_type"));
            bind_text(st, 7, jstr(inc, "sub_event_type"));
            bind_text(st, 8, jstr(inc, "cameo"));
            bind_text(st, 9, jstr(loc, "country_code"));
            bind_text(st, 10, jstr(loc, "admin1"));
            bind_text(st, 11, jstr(loc, "name"));
            if (json_is_number(json_object_get(loc, "lat"))) {
                sqlite3_bind_double(st, 12, json_number_value(json_object_get(loc, "lat")));
                sqlite3_bind_double(st, 13, json_number_value(json_object_get(loc, "lon")));
            }
            bind_text(st, 14, jpath(inc, "date", "start"));
            bind_text(st, 15, jpath(inc, "date", "end"));
            if (json_is_integer(json_object_get(json_object_get(inc, "killed"), "min")))
                sqlite3_bind_int64(st, 16, json_integer_value(json_object_get(json_object_get(inc, "killed"), "min")));
            bind_text(st, 17, jpath(inc, "actor1", "name"));
            sqlite3_bind_int(st, 18, json_is_true(json_object_get(inc, "background")));
            if (sqlite3_step(st) != SQLITE_DONE)
                ret = -1;
            done(st);
        }
        free(js);
        /* figure history */
        if (ret == 0 && (st = prep(q, SQL_1)) != NULL) {
            bind_text(st, 1, iid);
            if (sqlite3_step(st) != SQLITE_DONE)
                ret = -1;
            done(st);
        } else
            ret = -1;
        if (ret == 0 && nh &&
            (st = prep(q, SQL_2)) != NULL) {
            for (size_t i = 0; i < nh && ret == 0; i++) {
                sqlite3_reset(st);
                bind_text(st, 1, iid);
                bind_text(st, 2, h[i].doc_id);
                bind_text(st, 3, h[i].published);
                bind_text(st, 4, h[i].wounded ? "wounded" : "killed");
                sqlite3_bind_int64(st, 5, h[i].min);
                if (h[i].max >= 0)
                    sqlite3_bind_int64(st, 6, h[i].max);
                else
                    sqlite3_bind_null(st, 6);
                sqlite3_bind_int(st, 7, h[i].approximate);
                if (sqlite3_step(st) != SQLITE_DONE)
                    ret = -1;
            }
            done(st);
        }
        /* R*Tree: the box of the precise points, else of all points */
        double *b = cbox[0] < 1e8 ? cbox : box;
        if (ret == 0 && b[0] < 1e8) {
            if (!(st = prep(q, SQL_3)))
                ret = -1;
            else {
                bind_text(st, 1, iid);
                for (int j = 0; j < 4; j++)
                    sqlite3_bind_double(st, j + 2, b[j]);
                sqlite3_bind_double(st, 6, days[0] < 1e8 ? days[0] : NO_DAY);
                sqlite3_bind_double(st, 7, days[0] < 1e8 ? days[1] : NO_DAY);
                if (sqlite3_step(st) != SQLITE_DONE)
                    ret = -1;
                done(st);
            }
        }
        /* the longest span of any incident, which bounds query --since on the date index */
        if (ret == 0 && days[0] < 1e8) {
            static const char span_sql[] =
                "INSERT INTO meta(key, value) VALUES ('max_span_days', ?1) ON CONFLICT(key) DO UPDATE"
                " SET value = excluded.value WHERE CAST(value AS INTEGER) < CAST(excluded.value AS INTEGER)";
            if (!(st = prep(q, span_sql)))
                ret = -1;
            else {
                sqlite3_bind_int64(st, 1, (sqlite3_int64)(days[1] - days[0]));
                if (sqlite3_step(st) != SQLITE_DONE)
                    ret = -1;
                done(st);
            }
        }
        json_decref(inc);
    }
    free(h);
    for (size_t i = 0; i < n; i++) {
        json_decref(evs[i]);
        for (int j = 0; j < 3; j++)
            free(strs[i * 3 + j]);
    }
    free(m);
    free(evs);
    free(strs);
    return ret;
}

static int new_incident(sq *q, const char *now, char out[32])
{
    sqlite3_stmt *st;
    if (!(st = prep(q, SQL_4)))
        return -1;
    long long next = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    done(st);
    if (next < 0)
        return -1;
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

/* Commit the open batch (if any). The number of documents committed, or -1
 * with err (the batch is rolled back). */
static int sq_flush(void *impl, char *err, size_t errlen)
{
    sq *q = impl;
    if (q->batch_docs == 0 && sqlite3_get_autocommit(q->db))
        return 0;
    int n = q->batch_docs;
    q->batch_docs = 0;
    if (sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
        q->committed += n;
        return n;
    }
    char what[96];
    snprintf(what, sizeof what, "cannot commit the last %d document%s", n, n == 1 ? "" : "s");
    sq_fail(q, 0, err, errlen, what);
    sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* After a document (stored, rc 0, or skipped, rc 1): commit when the batch
 * holds batch_max documents or is batch_seconds old. Returns rc, or -1 (err set)
 * when the commit fails. */
static int sq_batch_end(sq *q, int rc, char *err, size_t errlen)
{
    if (sqlite3_get_autocommit(q->db)) {
        q->batch_docs = 0;
        return rc;
    }
    if (q->batch_docs == 0) { /* only a skipped document: nothing was written */
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    if (q->batch_docs >= q->batch_max || (q->batch_seconds > 0 && time(NULL) - q->batch_start >= q->batch_seconds))
        return sq_flush(q, err, errlen) < 0 ? -1 : rc;
    /* left open: the caller learns of the commit through store_result.committed */
    return rc;
}

/* A document failed: undo it (its savepoint). If SQLite abandoned the whole
 * transaction (disk full, I/O error), say how many earlier documents of the
 * batch were lost with it. what: the message, or NULL when err is already set. */
static int sq_batch_fail(sq *q, char *err, size_t errlen, const char *what)
{
    if (what)
        sq_fail(q, 0, err, errlen, what);
    if (sqlite3_get_autocommit(q->db)) {
        if (q->batch_docs > 0) {
            size_t n = strlen(err);
            snprintf(err + n, errlen - n, " (the %d document%s stored before it in this batch were rolled back"
                     " too; ingest them again)", q->batch_docs, q->batch_docs == 1 ? "" : "s");
        }
        q->batch_docs = 0;
        return -1;
    }
    sqlite3_exec(q->db, "ROLLBACK TO doc; RELEASE doc", NULL, NULL, NULL);
    if (q->batch_docs == 0)
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

static void sq_set_batch(void *impl, int max_docs, int max_seconds)
{
    sq *q = impl;
    q->batch_max = max_docs < 1 ? 1 : max_docs;
    q->batch_seconds = max_seconds < 0 ? 0 : max_seconds;
}

static int sq_add_document_tx(sq *q, const store_doc *d, const json_t *rec, store_result *r, char *err,
                              size_t errlen);

static int sq_add_document(void *impl, const store_doc *d, const json_t *rec, store_result *r, char *err,
                           size_t errlen)
{
    sq *q = impl;
    long before = q->committed;
    int rc = sq_add_document_tx(q, d, rec, r, err, errlen);
    r->committed = (int)(q->committed - before);
    return rc;
}

/* sq_add_document without the committed count. */
static int sq_add_document_tx(sq *q, const store_doc *d, const json_t *rec, store_result *r, char *err,
                              size_t errlen)
{
    memset(r, 0, sizeof *r);
    const json_t *events = json_object_get(rec, "events");
    size_t nev = json_array_size(events);
    char now[24];
    now_iso(now);
    if (q->batch_docs == 0) {
        if (sqlite3_exec(q->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            return sq_fail(q, 0, err, errlen, "cannot start a transaction");
        q->batch_start = time(NULL);
    }
    /* Each document is a savepoint inside the batch's transaction, so a failed
     * document leaves the documents before it in the batch untouched. */
    if (sqlite3_exec(q->db, "SAVEPOINT doc", NULL, NULL, NULL) != SQLITE_OK)
        return sq_batch_fail(q, err, errlen, "cannot start a savepoint");
    int dup = sq_has_document(q, d->id, d->hash, err, errlen);
    if (dup != 0) {
        sqlite3_exec(q->db, "ROLLBACK TO doc; RELEASE doc", NULL, NULL, NULL);
        return dup < 0 ? sq_batch_fail(q, err, errlen, NULL) : sq_batch_end(q, dup, err, errlen);
    }
    sqlite3_stmt *st;
    int ok = (st = prep(q, SQL_6)) != NULL;
    sqlite3_int64 seq = 0;
    if (ok) {
        bind_text(st, 1, d->id);
        bind_text(st, 2, d->url);
        bind_text(st, 3, d->title);
        bind_text(st, 4, d->published && inc_day(d->published) >= 0 ? d->published : NULL);
        bind_text(st, 5, d->source);
        bind_text(st, 6, d->hash);
        if (d->text)
            sqlite3_bind_text(st, 7, d->text, (int)d->len, SQLITE_TRANSIENT);
        bind_text(st, 8, now);
        sqlite3_bind_int64(st, 9, (sqlite3_int64)nev);
        ok = sqlite3_step(st) == SQLITE_DONE;
        done(st);
        seq = sqlite3_last_insert_rowid(q->db);
    }
    if (ok && (d->text || d->title)) {
        ok = (st = prep(q, SQL_7)) != NULL;
        if (ok) {
            sqlite3_bind_int64(st, 1, seq);
            bind_text(st, 2, d->title);
            if (d->text)
                sqlite3_bind_text(st, 3, d->text, (int)d->len, SQLITE_TRANSIENT);
            ok = sqlite3_step(st) == SQLITE_DONE;
            done(st);
        }
    }
    const char *pub = d->published && inc_day(d->published) >= 0 ? d->published : NULL;
    char(*used)[32] = nev ? calloc(nev, 32) : NULL;
    for (size_t i = 0; ok && i < nev; i++) {
        const json_t *ev = json_array_get(events, i);
        inc_event ie;
        if (inc_event_from_json(ev, d->id, pub, &ie) < 0)
            continue; /* not an event object: nothing to store */
        cand_best best;
        if (find_incident(q, &ie, used, i, &best) < 0) {
            ok = 0;
            break;
        }
        const char *why = best.why;
        if (best.score <= 0) {
            ok = new_incident(q, now, best.incident) == 0;
            why = ie.background ? "new incident (background mention, no stored incident matches)"
                                : "new incident (no stored incident matches)";
            r->created++;
        } else
            r->updated++;
        memcpy(used[i], best.incident, 32);
        ok = ok && insert_event(q, ev, &ie, d->id, pub, best.incident, why, seq) == 0 &&
             reconcile(q, best.incident, now) == 0;
        r->events += ok;
    }
    free(used);
    if (ok && sqlite3_exec(q->db, "RELEASE doc", NULL, NULL, NULL) == SQLITE_OK) {
        q->batch_docs++;
        return sq_batch_end(q, 0, err, errlen);
    }
    memset(r, 0, sizeof *r);
    return sq_batch_fail(q, err, errlen, "cannot store document");
}

/* FTS5 query from free words: each word quoted, all required. */
static char *fts_query(const char *words)
{
    size_t n = strlen(words);
    char *out = malloc(n * 3 + 8), *o = out;
    if (!out)
        return NULL;
    const char *p = words;
    while (*p) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        if (o != out)
            *o++ = ' ';
        *o++ = '"';
        while (*p && *p != ' ' && *p != '\t') {
            if (*p == '"')
                *o++ = '"';
            *o++ = *p++;
        }
        *o++ = '"';
    }
    *o = '\0';
    return out;
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

static long sq_query(void *impl, const store_filter *f, int (*cb)(void *, json_t *), void *ud, char *err,
                     size_t errlen)
{
    sq *q = impl;
    char sql[4096];
    size_t w = 0;
    const char *tv[64]; /* at most 11 filter texts + 4 per actor (STORE_MAX_ACTORS 8) */
    double dv[8];
    int kind[96], nb = 0, ntv = 0, ndv = 0; /* 0 text, 1 double, 2 int */
    long long iv[4];
    int niv = 0;
    int idx[96];
#define S(str) (w += (size_t)snprintf(sql + w, sizeof sql - w, "%s", str))
#define BT(v) (kind[nb] = 0, idx[nb++] = ntv, tv[ntv++] = (v))
#define BD(v) (kind[nb] = 1, idx[nb++] = ndv, dv[ndv++] = (v))
#define BI(v) (kind[nb] = 2, idx[nb++] = niv, iv[niv++] = (v))
    S("SELECT i.json FROM incidents i WHERE i.json IS NOT NULL");
    char since_lo[11], cc[8];
    if (f->since) { /* bound date_start too, for the index, by the longest incident span stored */
        inc_day_str(inc_day(f->since) - longest_span(q), since_lo);
        S(" AND coalesce(i.date_end, i.date_start) >= ? AND i.date_start >= ?"), BT(f->since), BT(since_lo);
    }
    if (f->until)
        S(" AND i.date_start <= ?"), BT(f->until);
    if (f->country) { /* codes are stored upper-case; BINARY comparison keeps the index usable */
        size_t k = 0;
        for (; f->country[k] && k < sizeof cc - 1; k++)
            cc[k] = (char)(f->country[k] >= 'a' && f->country[k] <= 'z' ? f->country[k] - 32 : f->country[k]);
        cc[k] = '\0';
        S(" AND i.country_code = ?"), BT(cc);
    }
    if (f->admin1)
        S(" AND i.admin1 = ? COLLATE NOCASE"), BT(f->admin1);
    if (f->type)
        S(" AND i.event_type = ?"), BT(f->type);
    if (f->sub_type)
        S(" AND i.sub_event_type = ?"), BT(f->sub_type);
    if (f->cameo)
        S(" AND substr(i.cameo, 1, length(?)) = ?"), BT(f->cameo), BT(f->cameo);
    if (f->min_killed >= 0)
        S(" AND i.killed_min >= ?"), BI(f->min_killed);
    if (f->background >= 0)
        S(" AND i.background = ?"), BI(f->background);
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
    char *fq = NULL;
    if (f->text) {
        fq = fts_query(f->text);
        S(" AND i.id IN (SELECT e.incident_id FROM events e JOIN documents d ON d.id = e.doc_id"
          " WHERE d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?))");
        BT(fq ? fq : "");
    }
    S(" ORDER BY i.date_start, i.id");
    if (f->limit > 0)
        S(" LIMIT ?"), BI(f->limit);
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
    long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *inc = json_loads(col_text(st, 0), 0, NULL);
        if (!inc)
            continue;
        n++;
        if (cb(ud, inc)) {
            sqlite3_finalize(st);
            free(fq);
            if (err && errlen)
                err[0] = '\0';
            return -1;
        }
    }
    sqlite3_finalize(st);
    free(fq);
    if (rc != SQLITE_DONE)
        return sq_fail(q, rc, err, errlen, "cannot query");
    return n;
}

static json_t *sq_detail(void *impl, const char *id, char *err, size_t errlen)
{
    sq *q = impl;
    if (errlen)
        err[0] = '\0';
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(q->db, "SELECT json FROM incidents WHERE id = ?1", -1, &st, NULL) != SQLITE_OK) {
        sq_fail(q, 0, err, errlen, "cannot read");
        return NULL;
    }
    bind_text(st, 1, id);
    json_t *inc = sqlite3_step(st) == SQLITE_ROW ? json_loads(col_text(st, 0) ? col_text(st, 0) : "", 0, NULL)
                                                 : NULL;
    sqlite3_finalize(st);
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
        while (sqlite3_step(st) == SQLITE_ROW) {
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
    }
    return out;
}

static long sq_count(void *impl, const char *table)
{
    sq *q = impl;
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

static const store_backend sqlite_backend = {"sqlite", sq_close, sq_has_document, sq_add_document,
                                             sq_query, sq_detail, sq_count, sq_set_batch, sq_flush};

/* ================= dispatch ================= */

int store_open(const char *path, int readonly, store **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!path || !*path) {
        snprintf(err, errlen, "no database given (--db FILE)");
        return -1;
    }
    if (strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0) {
        snprintf(err, errlen, "%s: the PostgreSQL backend is not in this release (use an SQLite file)", path);
        return -1;
    }
    store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    s->be = &sqlite_backend;
    if (sq_open(path, readonly, &s->impl, err, errlen) < 0) {
        free(s);
        return -1;
    }
    *out = s;
    return 0;
}

void store_close(store *s)
{
    if (!s)
        return;
    s->be->close(s->impl);
    free(s);
}

int store_has_document(store *s, const char *id, const char *hash, char *err, size_t errlen)
{
    return s->be->has_document(s->impl, id, hash, err, errlen);
}

int store_add_document(store *s, const store_doc *d, const json_t *record, store_result *r, char *err,
                       size_t errlen)
{
    return s->be->add_document(s->impl, d, record, r, err, errlen);
}

long store_query(store *s, const store_filter *f, int (*cb)(void *, json_t *), void *ud, char *err,
                 size_t errlen)
{
    return s->be->query(s->impl, f, cb, ud, err, errlen);
}

json_t *store_incident_detail(store *s, const char *id, char *err, size_t errlen)
{
    return s->be->detail(s->impl, id, err, errlen);
}

void store_set_batch(store *s, int max_docs, int max_seconds)
{
    s->be->set_batch(s->impl, max_docs, max_seconds);
}

int store_flush(store *s, char *err, size_t errlen)
{
    return s->be->flush(s->impl, err, errlen);
}

long store_count(store *s, const char *table)
{
    return s->be->count(s->impl, table);
}
