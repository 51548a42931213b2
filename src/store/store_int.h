/*
 * store_int.h - what the store's backends share, internal to the store:
 * the backend table that store.c dispatches through, and the
 * backend-neutral halves of their work. Rows are exchanged as arrays of
 * NUL-terminated text values (NULL = SQL NULL) with a type letter per column,
 * so SQLite (store_sqlite.c) and PostgreSQL (store_pg.c) write the same rows
 * and make the same grouping decisions from the same facts.
 */
#ifndef TACITUS_STORE_INT_H
#define TACITUS_STORE_INT_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "incident.h"
#include "store.h"

/* A backend. open returns 0 and *impl, or -1 with err; the others mirror the
 * public functions of store.h with the backend's handle in place of store. */
typedef struct store_backend {
    const char *name;
    int (*open)(const char *path, int readonly, void **impl, char *err, size_t errlen);
    void (*close)(void *impl);
    int (*has_document)(void *impl, const char *id, const char *hash, char *err, size_t errlen);
    int (*add_document)(void *impl, const store_doc *d, const json_t *rec, store_result *r, char *err,
                        size_t errlen);
    /* The incidents matching f: with group < 0, one row a match in date order
     * within f's limit and offset, cols[0] its JSON text (store_query_text);
     * else one row a group (enum store_group): cols[0] the key (NULL when
     * none), cols[1] the count, cols[2] the sum of killed_min, in key order
     * (store_stats). cb returns 0 (counted), 1 (stop) or -1 (skipped: not
     * counted). Returns the rows counted, or -1 (err set, or empty when cb
     * stopped). */
    long (*select)(void *impl, const store_filter *f, int group, int (*cb)(void *, const char *const *cols),
                   void *ud, char *err, size_t errlen);
    /* (group STORE_CELL_GROUP(m): the map's cells of m thousandths of a degree,
     * cols[0..6] as store_cell: key, count, killed, mean lat, mean lon,
     * unknown killed, least id, event type; see store_map_cells) */
    json_t *(*detail)(void *impl, const char *id, char *err, size_t errlen);
    long (*count)(void *impl, const char *table);
    void (*set_batch)(void *impl, int max_docs, int max_seconds);
    int (*flush)(void *impl, char *err, size_t errlen);
    void (*set_time_limit)(void *impl, double seconds);
    int (*timed_out)(void *impl);
    /* what store_delete_documents and store_recode_document run on (see below) */
    const struct tx_ops *tx;
    const struct doc_ops *docs;
    /* what store_bulk_finish writes with (see below); NULL: no bulk loading */
    const struct bulk_ops *bulk;
    /* what the store_feed_* functions run on (see below) */
    const struct feed_ops *feeds;
} store_backend;

/* The backend and its handle of an open store (for bulk.c). */
const store_backend *store_backend_of(store *s, void **impl);

/* The select group of the map's cells of m thousandths of a degree (1 to 90000). */
#define STORE_CELL_GROUP(m) (1000 + (m))
#define STORE_CELL_COLS 8

/* The key of the map's cells for group (STORE_CELL_GROUP) as SQL over
 * incidents i, into buf: "row,col|event type", or NULL for an incident the
 * map does not draw. not_year: the backend's test that i's date is finer
 * than a year (a year's date starts on 1 January: the JSON need only be
 * read for those); int_open and int_close wrap a number to round it down to a
 * whole one. */
void cell_key_sql(int group, const char *not_year, const char *int_open, const char *int_close, char *buf,
                  size_t cap);

extern const store_backend store_sqlite_backend;
extern const store_backend store_pg_backend;

/* ---- rows as text values. Type letters: t text, i integer, r real. */

/* The events table's columns in insert order (the parameter numbers of
 * both backends' INSERT), and their types. */
#define EVENT_NCOLS 32
extern const char store_event_types[EVENT_NCOLS + 1];
#define EVENT_COLUMNS                                                                                       \
    "id, doc_id, incident_id, background, kind, event_type, sub_event_type, cameo, attack_type,"            \
    " date_start, date_end, date_precision, date_assumed, published, country_code, admin1, place, lat, lon," \
    " loc_precision, actor1, actor1_type, actor2, perpetrator, killed_min, killed_max, killed_revised,"     \
    " wounded_min, claimed_by, json, join_reason, seq"

typedef struct event_row {
    const char *v[EVENT_NCOLS];
    char num[9][32];  /* numbers formatted for v */
    char *json;       /* the event as compact JSON (malloc'd) */
} event_row;

/* Fill r with the row of one event: ev as coded, ie its facts
 * (inc_event_from_json), its document, publication day (or NULL), incident,
 * join reason and document sequence number. Strings are borrowed from the
 * arguments and from ev. Returns 0, or -1 when out of memory. Free with
 * event_row_free. */
int event_row_fill(event_row *r, const json_t *ev, const inc_event *ie, const char *doc_id,
                   const char *published, const char *incident, const char *why, long long seq);
/* event_row_fill with the event's compact JSON given (json: malloc'd, owned by
 * r from now on, as json_dumps(ev, JSON_COMPACT) would make it), so that a
 * bulk load serialises each event once. Returns 0, or -1 when json is NULL. */
int event_row_fill_json(event_row *r, const json_t *ev, const inc_event *ie, const char *doc_id,
                        const char *published, const char *incident, const char *why, long long seq,
                        char *json);
void event_row_free(event_row *r);

/* The candidate columns of an event, in this order, for cand_from_text
 * (prefix each with the events table's alias "e."), then the backend's
 * expression for the target type of its json (CAND_COLS_T; "NULL" where the
 * rule cannot need it: only an event without a day compares targets). */
#define CAND_NCOLS 25
#define CAND_COLS_T(target) CAND_COLS ", " target
#define CAND_COLS                                                                                          \
    "e.id, e.doc_id, e.kind, e.event_type, e.sub_event_type, e.cameo, e.background, e.attack_type,"       \
    " e.date_start, e.date_end, e.date_precision, e.date_assumed, e.published, e.country_code, e.admin1," \
    " e.place, e.lat, e.lon, e.loc_precision, e.perpetrator, e.killed_min, e.killed_revised, e.incident_id," \
    " e.claimed_by"

/* Fill e from a candidate row (col[i] NULL = SQL NULL). */
void cand_from_text(const char *const col[CAND_NCOLS], inc_event *e);

/* The incidents an event might join: those with a member it matches (inc_match),
 * each with its best member score, gathered from candidate rows offered one by
 * one. At most CAND_MAX are kept (the best-scoring); the choice then tests
 * each one's core. */
#define CAND_MAX 64
/* The reports an incident's core is read from: its first ones. An incident
 * that thousands of reports tell is decided by its first CORE_MEMBERS (the
 * reconciliation still reads them all), so that grouping each new report
 * costs the same however large the incident has grown. */
#define CORE_MEMBERS 200
typedef struct cand_set {
    struct cand_inc {
        char incident[32];
        double score; /* the best score of a member */
    } inc[CAND_MAX];
    size_t n;
} cand_set;

/* Consider one candidate row for the event ev: skipped when it is of ev's own
 * document or of an incident in used (those ev's document already joined) or
 * when inc_match rejects it; else its incident is added to set (or its score
 * raised). The result does not depend on the order the rows come in. */
void cand_consider(const char *const col[CAND_NCOLS], const inc_event *ev, char (*used)[32], size_t nused,
                   cand_set *set);
/* cand_consider of a candidate given as facts c (as cand_from_text reads its
 * row), its document's id as stored (not cut to c->doc_id's size) and its
 * incident iid. */
void cand_consider_facts(const inc_event *c, const char *doc_id, const char *iid, const inc_event *ev,
                         char (*used)[32], size_t nused, cand_set *set);

/* Where to look for the candidates of an event ev: what inc_match could
 * accept, and a little more. Dates as YYYY-MM-DD. */
typedef struct cand_win {
    char dlo[11], dhi[11]; /* dated candidates: their span [start, end] reaches [dlo, dhi] */
    char far[11];          /* and starts on or after far (a year-long span reaching dlo) */
    char ulo[11], uhi[11]; /* undated candidates: published in [ulo, uhi] */
    long day_lo, day_hi;   /* the union of both windows as day numbers (for the R*Tree) */
    int precise;           /* ev's place is a city or district: candidates near it (within */
    double box, boxlon;    /* box degrees of latitude, boxlon of longitude) and the coarse ones */
    int city;              /* ev's place is a city: also the city-level events near it that have
                            * neither a date nor a publication day */
    int timeless;          /* ev has neither: its candidates are only the city-level events near
                            * it, of any day (the windows span every day) */
} cand_win;

/* Fill w for ev. Returns 0 when ev cannot join anything (no country, no
 * place, or neither a date nor a publication day nor a city), else 1. The windows follow
 * inc_match's limits: dated events at most 7 days apart (week precision;
 * day precision allows 1 to 3), an undated mention within the 62 days before
 * its report. */
int cand_window(const inc_event *ev, cand_win *w);

/* ---- incidents to reconcile when the open batch commits */

/* A set of incident ids in insertion order. Backends defer reconciliation to
 * the commit of a batch, so an incident that several documents of the batch
 * join is recomputed once rather than once per event. */
typedef struct dirty_set {
    char (*ids)[32];
    size_t n, cap;
    unsigned *slot;   /* open addressing over ids: index + 1, 0 = empty */
    size_t nslot;     /* a power of two, at least twice n */
} dirty_set;

/* Add id (at most 31 bytes) unless present. Returns 0, or -1 when out of memory. */
int dirty_add(dirty_set *d, const char *id);
/* Forget every id (keeps the memory). */
void dirty_clear(dirty_set *d);
void dirty_free(dirty_set *d);

/* What a backend does for store_group_events. Each returns 0, or -1 on a
 * database error. */
typedef struct group_ops {
    /* the incidents ev might join among the stored events (set->n = 0 first; cand_consider) */
    int (*find)(void *impl, const inc_event *ev, char (*used)[32], size_t nused, cand_set *set);
    /* the first CORE_MEMBERS events of incident iid as candidate rows, in report
     * order (publication day, unknown last, then ingest order), each offered to
     * row(ud, col); the target type column is read for every row when targets,
     * else only for rows without a date and a publication day */
    int (*members)(void *impl, const char *iid, int targets,
                   void (*row)(void *ud, const char *const col[CAND_NCOLS]), void *ud);
    /* a new, empty incident; its id into out */
    int (*create)(void *impl, const char *now, char out[32]);
    /* store event ev (facts ie) of document doc_id as a member of incident */
    int (*insert)(void *impl, const json_t *ev, const inc_event *ie, const char *doc_id, const char *published,
                  const char *incident, const char *why, long long seq);
    /* members' facts without text rows (NULL: members is used): as members,
     * each member offered as the facts cand_from_text would read from its row */
    int (*member_facts)(void *impl, const char *iid, void (*add)(void *ud, const inc_event *e), void *ud);
} group_ops;

/* Group and store the events of one document (record's "events" array), in
 * order: each joins the stored incident whose core (inc_core) it matches best
 * and that no earlier event of the document joined, or a new one (also when
 * an event with neither date nor publication day fits several incidents), and is added to dirty for the batch's
 * reconciliation. Counts go to r (events, created, updated). Returns 0, or -1
 * on a database error or when out of memory (the caller rolls back). */
int store_group_events(void *impl, const group_ops *ops, dirty_set *dirty, const json_t *events,
                       const char *doc_id, const char *published, long long seq, const char *now,
                       store_result *r);

/* ---- batches: documents stored as savepoints inside a transaction that
 * commits N of them at a time, the same for every backend. */

/* A backend's transaction primitives. Each int function returns 0, or -1 on
 * failure (the backend's last error then says why). */
typedef struct tx_ops {
    int (*in_transaction)(void *impl); /* 1 when a transaction is open (even a failed one) */
    int (*begin)(void *impl);          /* open the batch's transaction, with the writers' lock */
    int (*savepoint)(void *impl);      /* mark the start of a document */
    int (*release)(void *impl);        /* keep the document */
    int (*undo)(void *impl);           /* roll back to the mark and drop it */
    int (*commit)(void *impl);         /* 0 only when the transaction committed */
    void (*rollback)(void *impl);      /* abandon the transaction (best effort) */
    /* write "<database>: what: <the last error>" into err */
    void (*fail)(void *impl, char *err, size_t errlen, const char *what);
    /* is a document with this id or text hash stored? 1, 0, or -1 with err */
    int (*has_document)(void *impl, const char *id, const char *hash, char *err, size_t errlen);
    /* store the document's row; its sequence number (report order) into *seq */
    int (*add_document_row)(void *impl, const store_doc *d, const char *now, size_t nevents, long long *seq);
    int (*reconcile)(void *impl, const char *iid, const char *now); /* 0 also when iid has no events */
    const group_ops *group;
} tx_ops;

typedef struct store_batch {
    int max_docs;     /* documents per transaction (store_set_batch); 1 = each on its own */
    int max_seconds;  /* commit a batch this old; 0 = no time limit */
    int docs;         /* documents in the open transaction; 0 = none */
    time_t start;     /* when the open transaction began */
    long committed;   /* documents committed since the store was opened */
    dirty_set dirty;  /* incidents the open batch joined: reconciled when it commits */
} store_batch;

/* A batch of one document at a time. */
void batch_init(store_batch *b);
/* Free what batch holds (it does not commit: call batch_flush first). */
void batch_free(store_batch *b);
/* store_set_batch's rule: max_docs at least 1, max_seconds 0 or more. */
void batch_set(store_batch *b, int max_docs, int max_seconds);
/* store_add_document on a backend: see store.h for the contract. */
int batch_add_document(store_batch *b, const tx_ops *ops, void *impl, const store_doc *d, const json_t *rec,
                       store_result *r, char *err, size_t errlen);
/* store_flush on a backend: reconcile the batch's incidents and commit. */
int batch_flush(store_batch *b, const tx_ops *ops, void *impl, char *err, size_t errlen);

/* ---- stored documents removed or coded again (store_delete_documents,
 * store_recode_document), inside a transaction of the backend's tx_ops. */

/* A stored document as read back (every string malloc'd or NULL). */
typedef struct stored_doc {
    char *id, *url, *title, *published, *text, *source;
    size_t len;
    long long seq;     /* its report order (the sequence number of its row) */
    long n_events;     /* its events as stored */
} stored_doc;

/* Free d's strings and zero it. */
void stored_doc_free(stored_doc *d);

/* A backend's operations on stored documents and the incidents they leave.
 * Each int function returns 0 (or the count it names), or -1 on a database
 * error (the backend's last error, tx_ops.fail, then says why). */
typedef struct doc_ops {
    /* read document id into *out: 1 found, 0 no such document */
    int (*get)(void *impl, const char *id, stored_doc *out);
    /* call cb with the id of every stored document in report order (stops when cb returns nonzero) */
    int (*each)(void *impl, int (*cb)(void *ud, const char *id), void *ud);
    /* add the incidents of document id's events to d */
    int (*incidents)(void *impl, const char *id, dirty_set *d);
    /* delete document id's events and the figure history rows it gave */
    int (*remove_events)(void *impl, const char *id);
    /* delete document id's row and its full-text entry (its events are gone) */
    int (*remove)(void *impl, const char *id);
    /* record that document id was coded again at now, into nevents events */
    int (*set_coded)(void *impl, const char *id, const char *now, size_t nevents);
    /* how many events incident iid has */
    long (*incident_events)(void *impl, const char *iid);
    /* forget what incident iid was reconciled from (figure history, search
     * box); drop: delete its row too (it must have no events) */
    int (*incident_clear)(void *impl, const char *iid, int drop);
} doc_ops;

/* ---- reconciliation: an incident recomputed from all its events. */

/* Columns of a member row, in this order, for recon_add. */
#define RECON_NCOLS 11
#define RECON_COLS                                                                                          \
    "e.json, e.doc_id, d.url, e.published, e.seq, e.lat, e.lon, e.loc_precision,"                          \
    " coalesce(e.date_start, e.published), coalesce(e.date_end, e.published), d.source"
/* The strings recon keeps per member: doc_id, url, published, source. */
#define RECON_STRS 4

typedef struct recon {
    inc_member *m;
    json_t **evs;
    char **strs;              /* RECON_STRS per member: doc_id, url, published, source */
    size_t n, cap;
    double box[4], cbox[4];   /* min lat, max lat, min lon, max lon: all points, precise points */
    double days[2];           /* first and last day of the events (days since 1970), 1e9/-1e9 none */
    int oom;
} recon;

void recon_init(recon *r);
/* Add one member row. Returns 0, or -1 when out of memory. */
int recon_add(recon *r, const char *const col[RECON_NCOLS]);
/* recon_add of a member whose event is already parsed: ev (a new reference
 * is taken) in place of col[0], which is not read. */
int recon_add_event(recon *r, json_t *ev, const char *const col[RECON_NCOLS]);
void recon_free(recon *r);

/* The incidents table's reconciled columns in UPDATE order (the parameter
 * numbers of both backends' UPDATE ... WHERE id = $1), and their types. */
#define INCIDENT_NCOLS 18
extern const char store_incident_types[INCIDENT_NCOLS + 1];

typedef struct incident_row {
    const char *v[INCIDENT_NCOLS]; /* id, updated_at, n_events, n_documents, json, event_type,
                                    * sub_event_type, cameo, country_code, admin1, place, lat, lon,
                                    * date_start, date_end, killed_min, actor1, background */
    char num[6][32];
    char *json;
    json_t *inc;                   /* the reconciled incident */
    inc_figure *hist;              /* its figure history */
    size_t nhist;
    double *box;                   /* the box to index (precise points if any), NULL when none */
    int dated;                     /* days[] valid */
} incident_row;

/* Reconcile r's members into an incident row for incident iid; now: the
 * updated_at to record, or NULL to keep the stored one. Returns 0, or -1
 * when r is empty or out of memory. Free with incident_row_free. */
int incident_row_fill(incident_row *o, recon *r, const char *iid, const char *now);
void incident_row_free(incident_row *o);

/* One figure of the history as a row: incident_id, doc_id, published, kind,
 * min, max, approximate (num holds the numbers). */
#define FIGURE_NCOLS 7
extern const char store_figure_types[FIGURE_NCOLS + 1];
void figure_row(const char *iid, const inc_figure *h, const char *v[FIGURE_NCOLS], char num[3][32]);

/* ---- bulk loading (bulk.c): rows decided in memory, written in one
 * transaction. Each int function returns 0, or -1 on a database error (the
 * backend's tx_ops.fail then says why). */
typedef struct bulk_ops {
    /* open the transaction, with the writers' lock */
    int (*begin)(void *impl);
    /* the document's row (and full-text entry), as report number seq */
    int (*document)(void *impl, const store_doc *d, const char *now, size_t nevents, long long seq);
    /* one event's row (before its incident's: the foreign key is checked at commit) */
    int (*event)(void *impl, const event_row *r);
    /* incident number num (id o->v[0]): its row, reconciled from r, its figure
     * history and its search box, created and updated at now */
    int (*incident)(void *impl, const incident_row *o, const recon *r, long long num, const char *now);
    /* record max_span (the longest span of an incident in days, -1 none), then commit */
    int (*commit)(void *impl, long max_span);
    /* abandon the transaction (best effort) */
    void (*rollback)(void *impl);
} bulk_ops;

/* ---- small shared helpers */

/* Code document d with c: its record (tac_code_json, parsed), and in *sd the
 * document as stored (d with the record's URL, title and publication date,
 * borrowed from the record); *text (when not NULL): the record as the coder
 * wrote it (valid until c codes again). NULL with err when the coder fails. */
json_t *store_code_record(tac_coder *c, const store_doc *d, store_doc *sd, const char **text, char *err,
                          size_t errlen);

/* The current UTC time as YYYY-MM-DDTHH:MM:SSZ. */
void store_now_iso(char out[24]);

/* Does a free-text filter hold no word at all (NULL, empty, or only spaces,
 * tabs and line breaks)? Such a filter filters nothing: a search box left
 * blank (" " in "?q=%20") is no query, not an error. */
int store_words_blank(const char *words);

/* The FTS words of a free-text filter, each quoted ("" inside doubled),
 * space-separated: SQLite FTS5 syntax for "all of these words". malloc'd;
 * NULL when out of memory. */
char *store_fts_words(const char *words);

/* The publication day of a document if valid, else NULL. */
const char *store_doc_published(const store_doc *d);

/* ---- news feeds (store_feed_*, store.h): each backend's rows of the feeds
 * and feed_items tables (FEEDS_SCHEMA_SQL). Each returns as its store.h
 * function, outside any batch (store.c commits the open one first); now is
 * the time to record (store_now_iso). */
#define FEEDS_SCHEMA_SQL                                                                                    \
    "CREATE TABLE feeds(url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, last_polled TEXT,"             \
    " next_poll TEXT, failures INTEGER NOT NULL DEFAULT 0, last_error TEXT);"                               \
    "CREATE TABLE feed_items(feed_url TEXT NOT NULL, item_key TEXT NOT NULL, doc_id TEXT,"                  \
    " seen_at TEXT NOT NULL, PRIMARY KEY(feed_url, item_key));"
typedef struct feed_ops {
    int (*get)(void *impl, const char *url, store_feed *f, char *err, size_t errlen);
    int (*put)(void *impl, const char *url, const store_feed *f, char *err, size_t errlen);
    int (*item_seen)(void *impl, const char *url, const char *key, char *err, size_t errlen);
    int (*mark_item)(void *impl, const char *url, const char *key, const char *doc_id, const char *now,
                     char *err, size_t errlen);
} feed_ops;

/* Fill f from a feeds row read as text (NULL = SQL NULL), its columns in
 * FEED_COLS order. A value that does not fit its field is not kept (""). */
#define FEED_COLS "etag, last_modified, last_polled, next_poll, failures, last_error"
void feed_from_row(store_feed *f, const char *const col[6]);

#endif
