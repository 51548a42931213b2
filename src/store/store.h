/*
 * store.h - the event store: documents, their coded events, and incidents
 * (events of several reports grouped as one real event, reconciled), kept in
 * an embedded SQLite file or a PostgreSQL database (a postgres:// URL). The
 * backends sit behind a table of function pointers (store_int.h); callers see
 * only this header. Schema and rules: docs/store.md.
 *
 * Every function that can fail returns a negative value (or NULL) and writes a
 * one-line message naming the database (file, or URL with its password
 * masked) into err. A store handle is used by one thread at a time.
 */
#ifndef TACITUS_STORE_H
#define TACITUS_STORE_H

#include <jansson.h>
#include <stddef.h>

#include "tacitus.h"

#define STORE_SCHEMA_VERSION 5

typedef struct store store;

/* Open (and when writable and absent or empty, create) the store at path: a
 * file name, or a postgres:// or postgresql:// URL (libpq connection URI;
 * "create" then means creating the tables in an empty database).
 * readonly: open for reading only (query, show, export). Fails, without
 * modifying the file, on a file that is not SQLite, a SQLite file that is not
 * a tacitus store (no meta table), a store whose schema_version is newer than
 * this binary's, and (when !readonly) a file that cannot be written. Returns
 * 0 and *out, or -1 with a message in err. */
int store_open(const char *path, int readonly, store **out, char *err, size_t errlen);

/* The backend's name: "sqlite" or "postgresql". */
const char *store_backend_name(const store *s);

/* Close the store (NULL is accepted). */
void store_close(store *s);

/* The 128-bit text hash used for duplicate detection, as 32 lowercase hex
 * digits plus NUL in out: FNV-1a 64 and FNV-1 64 of the same bytes. */
void store_text_hash(const char *text, size_t len, char out[33]);

/* A document to store, with its coded record (`tacitus code` JSON output). */
typedef struct store_doc {
    const char *id, *url, *title, *published, *source; /* NUL-terminated or NULL; id required */
    const char *text;                                  /* may be NULL (pre-coded input) */
    size_t len;
    const char *hash;                                  /* 32 hex digits (store_text_hash) */
} store_doc;

/* What storing one document did. */
#define STORE_RESULT_INCIDENTS 16
typedef struct store_result {
    int events;            /* events stored */
    int created, updated;  /* incidents created / joined */
    int committed;         /* documents made durable by this call: this one and the rest of its
                            * batch when the batch committed, else 0 */
    int dated;             /* store_code_document: the document has a publication date (given,
                            * or read from its page or its text's timestamp line) */
    int nincidents;        /* the distinct incidents its events went to, in event order, */
    char incidents[STORE_RESULT_INCIDENTS][32]; /* the first STORE_RESULT_INCIDENTS of them */
} store_result;

/* Is a document with this id or this text hash stored? 1 yes, 0 no, -1 error. */
int store_has_document(store *s, const char *id, const char *hash, char *err, size_t errlen);

/* Store one document, its events (record's "events" array), their incident
 * assignments, the reconciled incidents and the figure history, atomically:
 * all of it or none. By default each document is its own transaction; after
 * store_set_batch(s, N, T) documents are committed N at a time (or after T
 * seconds), each inside a savepoint, and readers see them from the commit on.
 * The incidents a batch joined are reconciled (fields, figure history) once,
 * when it commits, in the same transaction.
 * Returns 0 stored, 1 skipped (id or hash already stored), -1 on a database
 * error (nothing of the document is stored; err says why, and says so when
 * the error also rolled back the earlier documents of the open batch). */
int store_add_document(store *s, const store_doc *d, const json_t *record, store_result *r,
                       char *err, size_t errlen);

/* Code the text of document d with coder c (tac_code_json) and store it with
 * its events (store_add_document), unless a document with its id or text hash
 * is stored already, which is then not coded at all. The stored URL, title and
 * publication date are the coded record's (a date the coder could not read is
 * not stored). Returns 0 stored, 1 skipped (already stored), -1 on a database
 * error (as store_add_document), -2 when the coder fails (err says why;
 * nothing stored). r is zeroed first. */
int store_code_document(store *s, tac_coder *c, const store_doc *d, store_result *r, char *err,
                        size_t errlen);

/* What deleting or recoding documents did (counts add up over calls). */
typedef struct store_change {
    long documents;         /* documents deleted or coded again */
    long events_removed;    /* their events before */
    long events;            /* their events after (recode) */
    long created;           /* incidents created for them (recode) */
    long reconciled;        /* incidents reconciled again (they kept events) */
    long removed;           /* incidents deleted: left with no events */
} store_change;

/* Delete the n documents ids, with their events, full-text entries and the
 * figure history rows they gave, in one transaction; each incident they were
 * in is reconciled again from the events it keeps, or deleted with its
 * history when it keeps none. Nothing is deleted unless every id is stored.
 * Counts are added to ch. Returns 0; -2 when an id is not stored (err names
 * it; nothing deleted); -1 on a database error (err; nothing deleted). Call
 * with no batch open (store_flush first). */
int store_delete_documents(store *s, const char *const *ids, size_t n, store_change *ch, char *err,
                           size_t errlen);

/* Call cb with the id of every stored document, in report order (cb's
 * nonzero return stops the walk). Returns the number of ids passed, or -1 on
 * a database error (err). */
long store_document_ids(store *s, int (*cb)(void *ud, const char *id), void *ud, char *err, size_t errlen);

/* Is document id stored? 1 yes, 0 no, -1 on a database error (err). */
int store_document_exists(store *s, const char *id, char *err, size_t errlen);

/* Code stored document id again with coder c (its stored text, title, URL and
 * publication date) and replace its events, in one transaction: its old events
 * leave their incidents; each new event joins the best-matching incident as
 * at ingest (store_add_document), or the incident an old event of the
 * document leaves empty (so an incident keeps its id while its reports
 * agree), or a new one; every incident the document left or joined is
 * reconciled again, and one left with no events is deleted. Counts go to ch.
 * Returns 0; 1 when the document has no stored text (nothing changed);
 * -2 when it is not stored or the coder fails (err says which; nothing
 * changed); -1 on a database error (err; nothing changed). Call with no batch
 * open. */
int store_recode_document(store *s, tac_coder *c, const char *id, store_change *ch, char *err, size_t errlen);

/* Commit up to max_docs documents per transaction (1, the default: every
 * document commits on its own), and a batch once it is max_seconds old (0: no
 * time limit; checked when a document is added). Batches make ingest several
 * times faster; a crash loses at most the open batch, which a re-run ingests
 * again (stored documents are skipped). */
void store_set_batch(store *s, int max_docs, int max_seconds);

/* Bound each later read on this handle (store_query, store_query_text,
 * store_stats, store_incident_detail) to about seconds of work (0: no
 * bound, the default): a read that runs longer is stopped and fails, and
 * store_timed_out then says so. SQLite checks the clock every thousand
 * virtual-machine steps; PostgreSQL bounds each statement
 * (statement_timeout). For servers, so one costly query cannot hold a
 * worker. */
void store_set_time_limit(store *s, double seconds);

/* 1 when the last read on s failed because it ran over the time limit, else 0. */
int store_timed_out(store *s);

/* Commit the open batch, if any. Returns the number of documents committed
 * (0 when none was open), or -1 with err (the batch is rolled back and err
 * says how many documents it held). store_close also commits, but
 * cannot report a failure: call this first. */
int store_flush(store *s, char *err, size_t errlen);

/* Filters shared by query and export; zero/NULL fields do not filter. */
#define STORE_MAX_ACTORS 8
typedef struct store_filter {
    const char *since, *until;      /* YYYY-MM-DD: incident dates overlapping [since, until] */
    const char *country, *admin1, *type, *sub_type, *cameo; /* cameo: a code prefix ("19") */
    const char *text;               /* words searched in the reports (FTS5), all required */
    const char *actors[STORE_MAX_ACTORS]; /* any of these names (case-insensitive) */
    size_t nactors;
    long min_killed;                /* < 0: no filter */
    int background;                 /* -1 any, 0 current only, 1 background only */
    int near;                       /* 1: within km of lat, lon */
    double lat, lon, km;
    int bbox;                       /* 1: the incident's point within the box */
    double min_lat, max_lat, min_lon, max_lon; /* (min_lon <= max_lon: no crossing of 180) */
    long limit;                     /* <= 0: no limit */
    long offset;                    /* skip this many first (paging); 0: none */
    int newest_first;               /* 1: store_query lists the latest first (undated last) */
    const char *types[STORE_MAX_ACTORS]; /* any of these event types (with type, all must hold) */
    size_t ntypes;
    const char *sub_types[STORE_MAX_ACTORS]; /* any of these sub-event types (likewise with sub_type) */
    size_t nsub_types;
    const char *changed_since;      /* YYYY-MM-DDTHH:MM:SSZ: incidents created or updated at or after it
                                     * (their updated_at, the writer's clock when it committed them) */
    int by_change;                  /* 1: store_query lists in the order of that change (updated_at, id) */
} store_filter;

/* Initialise f to "no filter". */
void store_filter_init(store_filter *f);

/* Call cb with each incident matching f (the reconciled object of
 * docs/store.md, owned by the callee: json_decref it) in date order (the
 * undated first; by start, then end date, then id). cb
 * returns nonzero to stop. Returns the number of incidents passed, or -1 on a
 * database error (err) or when cb asked to stop early (err empty). */
long store_query(store *s, const store_filter *f, int (*cb)(void *ud, json_t *incident), void *ud,
                 char *err, size_t errlen);

/* As store_query, but cb receives each incident as the compact JSON text it
 * is stored as (the text `json_dumps(incident, JSON_COMPACT)` of store_query's
 * object gives: no parsing, for JSON Lines output), valid during the call. */
long store_query_text(store *s, const store_filter *f, int (*cb)(void *ud, const char *json), void *ud,
                      char *err, size_t errlen);

/* What store_stats groups incidents by: their start day, the Monday of
 * their start's ISO week, their start month (YYYY-MM), country, event type. */
enum store_group { STORE_BY_DAY, STORE_BY_WEEK, STORE_BY_MONTH, STORE_BY_COUNTRY, STORE_BY_TYPE,
                   STORE_BY_ADMIN1, STORE_BY_ACTOR, /* admin1 ("CC/admin1"), actor1 of the incident */
                   STORE_BY_MONTH_TYPE };           /* "YYYY-MM|event type" (NULL: undated) */

/* Count the incidents matching f (its limit and offset do not apply) in
 * groups, calling cb with each group's key (NULL: undated, no country or no
 * type), its number of incidents and their killed (the sum of killed.min), in
 * key order. cb returns nonzero to stop. Returns the number of groups, or -1
 * (err set on a database error, empty when cb stopped). */
long store_stats(store *s, const store_filter *f, enum store_group g,
                 int (*cb)(void *ud, const char *key, long incidents, long killed), void *ud, char *err,
                 size_t errlen);

/* One cell of the map: the incidents of one event type whose point falls in
 * one square of the grid (key "row,col|type"), or (key NULL) those the map
 * does not draw: no point, no date, or a date only to the year. */
typedef struct store_cell {
    const char *key;
    long incidents, killed, unknown; /* unknown: incidents whose killed is not known */
    double lat, lon;                 /* the mean point of the cell's incidents */
    const char *type;                /* their event type (NULL: none) */
    const char *id;                  /* the least incident id of the cell (its only one when incidents 1) */
} store_cell;

/* Count the incidents matching f (limit and offset do not apply) by cells of
 * deg degrees (0.001 to 90) of latitude and longitude and by event type,
 * calling cb with each cell in key order (the incidents not drawn first).
 * The cells' incidents add up to the number matching f. Returns the number
 * of cells, or -1 (err set on a database error, empty when cb stopped). */
long store_map_cells(store *s, const store_filter *f, double deg, int (*cb)(void *ud, const store_cell *c),
                     void *ud, char *err, size_t errlen);

/* An incident with everything show needs: {"incident": <reconciled>,
 * "events": [{"id","doc_id","join_reason","published","event": <as coded>}],
 * "figures": [{"doc_id","published","kind","min","max","approximate"}],
 * "documents": [{"id","title","url","published","text"}]}. NULL with err
 * empty when there is no such incident, NULL with err set on an error. */
json_t *store_incident_detail(store *s, const char *id, char *err, size_t errlen);

/* Counts for summaries and tests: documents, events, incidents; -1 on error. */
long store_count(store *s, const char *table);

/* ---- bulk loading (ingest --bulk): many documents into an empty store at
 * once. Documents are gathered in memory (store_bulk_add, store_bulk_code),
 * then store_bulk_finish sorts them in (publication date, id) order (undated
 * last), skips each whose id or text hash an earlier one has, groups their
 * events in memory by the rule and in the order of store_add_document, and
 * writes documents, events and reconciled incidents in one transaction: the
 * incidents are those that store_add_document of the same documents in that
 * order would make. Memory grows with the documents gathered (docs/store.md). */
typedef struct store_bulk store_bulk;

typedef struct store_bulk_result {
    long documents, skipped, events, incidents; /* stored; skipped (duplicate id or text) */
    long joined; /* events that joined an incident an earlier report founded */
} store_bulk_result;

/* Start a bulk load into s, which must hold no document (else -1, err says
 * so; the store is not changed). Returns 0 and *out, or -1 with err. */
int store_bulk_begin(store *s, store_bulk **out, char *err, size_t errlen);

/* Gather document d and its coded record, as JSON text of len bytes (all
 * copied; the record is parsed when it is loaded). Returns 0, or -1 when out
 * of memory (err). */
int store_bulk_add(store_bulk *b, const store_doc *d, const char *record, size_t len, char *err, size_t errlen);

/* Code d with c and gather it as store_code_document would store it (its
 * record's URL, title and publication date). *dated: the record has a
 * publication date. Returns 0, -1 when out of memory, -2 when the coder fails
 * (err says why; nothing gathered). */
int store_bulk_code(store_bulk *b, tac_coder *c, const store_doc *d, int *dated, char *err, size_t errlen);

/* Group and write everything gathered, in one transaction (nothing is
 * written on failure): each document's row and then its events' as they are
 * grouped, then every incident, reconciled from its members. Memory: while
 * gathering, each document's strings, text and record; while loading, each
 * event's facts (about 1 KB) and its JSON until its incident is written.
 * Counts into r. Returns 0, or -1 with err. */
int store_bulk_finish(store_bulk *b, store_bulk_result *r, char *err, size_t errlen);

/* Free b (NULL is accepted); what was not finished is not written. */
void store_bulk_free(store_bulk *b);

/* ---- news feeds (tacitus feeds, docs/feeds.md): what the poller remembers
 * of each feed (its server's validators, when it was polled and is due
 * again, its consecutive failures) and which of its items it has handed on,
 * so that a restarted poller fetches nothing twice. Schema version 5. */

/* Times are UTC, YYYY-MM-DDTHH:MM:SSZ (empty: never). A validator longer
 * than its field is not kept (the next request is then unconditional). */
typedef struct store_feed {
    char etag[256];          /* the server's ETag, sent back as If-None-Match ("" none) */
    char last_modified[64];  /* its Last-Modified, sent back as If-Modified-Since ("" none) */
    char last_polled[24];    /* when the feed was last requested */
    char next_poll[24];      /* when it is due again (its interval, or its back-off after failures) */
    long failures;           /* consecutive failed polls (0 after a success) */
    char last_error[256];    /* the last failure's one-line message ("" none) */
} store_feed;

/* Read what is remembered of feed url into *f (zeroed first). Returns 1,
 * 0 when the feed was never polled (f stays zeroed), -1 on a database error (err). */
int store_feed_get(store *s, const char *url, store_feed *f, char *err, size_t errlen);

/* Remember f for feed url (replacing what was), after committing the open
 * batch (store_flush), so that what a poll stored is durable first. Returns
 * 0, or -1 on a database error (err). */
int store_feed_put(store *s, const char *url, const store_feed *f, char *err, size_t errlen);

/* Has feed url's item key been handed on (store_feed_mark_item)? 1 yes, 0 no,
 * -1 on a database error (err). */
int store_feed_item_seen(store *s, const char *url, const char *key, char *err, size_t errlen);

/* Record that feed url's item key was handed on, as document doc_id (NULL:
 * it gave no document), after committing the open batch (store_flush): an
 * item is marked only once its document is durable. Marking an item again
 * keeps the first mark. Returns 0, or -1 on a database error (err). */
int store_feed_mark_item(store *s, const char *url, const char *key, const char *doc_id, char *err,
                         size_t errlen);

#endif
