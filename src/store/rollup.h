/*
 * rollup.h - the incidents' rollup, internal to the store: the number of
 * incidents and the sum of their killed_min by start month, end month, event
 * type, country and background, in the table incident_rollup that
 * triggers on incidents keep exact at every write (ingest, reconciliation,
 * recode, delete, migration: whatever writes an incident row), in both
 * backends (schema version 4). store_stats answers from it when the groups
 * and filters it is asked for are ones the rollup holds (rollup_fits): the
 * dashboard's timeline of the whole store and its charts of a span of whole
 * months then read a few thousand rows instead of every incident.
 *
 * The dimensions are SQL expressions both backends evaluate alike (their
 * text functions and comparisons agree on them), written here once. A
 * dimension keeps what the exact query compares, so that a filter on it is
 * exact for any stored text, not only for well-formed dates:
 *   month       substr(date_start, 1, 7)
 *   start_tail  "" when the rest of date_start past the month is at most
 *               "-LL", LL the last day of that month (a valid date), else
 *               that rest: date_start <= "YYYY-MM-LL" holds iff month <
 *               "YYYY-MM", or month = "YYYY-MM" and start_tail <= "-LL"
 *   end_month   substr(coalesce(date_end, date_start), 1, 7)
 *   end_ok      1 when the rest of that date past the month is >= "-01":
 *               coalesce(date_end, date_start) >= "YYYY-MM-01" holds iff
 *               end_month > "YYYY-MM", or end_month = "YYYY-MM" and end_ok
 *   event_type, country_code, background  as the incident has them
 * (Not admin1: by admin1 the rollup would have about as many rows as there
 * are incidents, in a store spread over many provinces and months.)
 * k, the table's key, writes the dimensions out unambiguously (each text as
 * its length, ":" and itself, or "-" for NULL), since a NULL is a value of a
 * dimension and neither backend's unique index treats NULLs as equal.
 */
#ifndef TACITUS_ROLLUP_H
#define TACITUS_ROLLUP_H

#include <stddef.h>

#include "store.h"

/* The dimensions of incident row x (an alias: "i", "new", "NEW"), as a SELECT list
 * naming them as incident_rollup does. */
#define ROLLUP_DIMS(x)                                                                                       \
    "substr(" x ".date_start, 1, 7) AS month, CASE WHEN substr(" x ".date_start, 8) <= "                     \
    ROLLUP_LAST_DAY(x ".date_start") " THEN '' ELSE substr(" x ".date_start, 8) END AS start_tail,"          \
    " substr(coalesce(" x ".date_end, " x ".date_start), 1, 7) AS end_month, CASE WHEN substr(coalesce(" x   \
    ".date_end, " x ".date_start), 8) >= '-01' THEN 1 ELSE 0 END AS end_ok, " x ".event_type AS event_type, " \
    x ".country_code AS country_code, " x ".background AS background"

/* "-LL", the last day LL of the month of date d (YYYY-MM...) in the Gregorian calendar, as
 * inc_day counts days; written with text functions only (a cast fails on PostgreSQL when
 * d is not a date). A year is a leap year when its last two digits are a multiple of 4
 * other than 00, or are 00 and its first two are. */
#define ROLLUP_BY4                                                                                           \
    "('00','04','08','12','16','20','24','28','32','36','40','44','48','52','56','60','64','68','72','76',"  \
    "'80','84','88','92','96')"
#define ROLLUP_LAST_DAY(d)                                                                                   \
    "CASE substr(" d ", 6, 2) WHEN '02' THEN CASE WHEN (substr(" d ", 3, 2) IN " ROLLUP_BY4 " AND substr(" d \
    ", 3, 2) <> '00') OR (substr(" d ", 3, 2) = '00' AND substr(" d ", 1, 2) IN " ROLLUP_BY4 ") THEN '-29'"  \
    " ELSE '-28' END WHEN '04' THEN '-30' WHEN '06' THEN '-30' WHEN '09' THEN '-30' WHEN '11' THEN '-30'"    \
    " ELSE '-31' END"

/* One text dimension c of row d written out for the key. */
#define ROLLUP_ENC(d, c) "coalesce(length(" d "." c ") || ':' || " d "." c ", '-')"
/* The key k of a row d of dimensions (ROLLUP_DIMS). */
#define ROLLUP_KEY(d)                                                                                        \
    ROLLUP_ENC(d, "month") " || " ROLLUP_ENC(d, "start_tail") " || " ROLLUP_ENC(d, "end_month") " || "       \
    ROLLUP_ENC(d, "event_type") " || " ROLLUP_ENC(d, "country_code") " || '|' || " d ".end_ok || '|' || " d  \
    ".background"
/* The key of incident row x, as a query. */
#define ROLLUP_KEY_OF(x) "SELECT " ROLLUP_KEY("d") " FROM (SELECT " ROLLUP_DIMS(x) ") d"

/* The rollup's columns after k, in the order the INSERTs below give them. */
#define ROLLUP_COLS "month, start_tail, end_month, end_ok, event_type, country_code, background, n, killed"
#define ROLLUP_D_COLS "d.month, d.start_tail, d.end_month, d.end_ok, d.event_type, d.country_code, d.background"

/* Add incident row x (one incident, its killed) to the rollup. (The WHERE lets SQLite
 * read ON CONFLICT as the upsert's.) */
#define ROLLUP_ADD(x)                                                                                        \
    "INSERT INTO incident_rollup(k, " ROLLUP_COLS ") SELECT " ROLLUP_KEY("d") ", " ROLLUP_D_COLS ", 1,"      \
    " coalesce(" x ".killed_min, 0) FROM (SELECT " ROLLUP_DIMS(x) ") d WHERE true ON CONFLICT(k) DO UPDATE"  \
    " SET n = incident_rollup.n + excluded.n, killed = incident_rollup.killed + excluded.killed"

/* Take incident row x out of the rollup (its row goes when no incident is left in it). */
#define ROLLUP_SUB(x)                                                                                        \
    "UPDATE incident_rollup SET n = n - 1, killed = killed - coalesce(" x ".killed_min, 0) WHERE k = ("      \
    ROLLUP_KEY_OF(x) "); DELETE FROM incident_rollup WHERE n = 0 AND k = (" ROLLUP_KEY_OF(x) ")"

/* Fill the empty rollup from the stored incidents (a migration, a new PostgreSQL schema). */
#define ROLLUP_FILL                                                                                          \
    "INSERT INTO incident_rollup(k, " ROLLUP_COLS ") SELECT " ROLLUP_KEY("d") ", " ROLLUP_D_COLS ", d.n,"    \
    " d.killed FROM (SELECT month, start_tail, end_month, end_ok, event_type, country_code, background,"     \
    " count(*) AS n, sum(killed) AS killed FROM (SELECT " ROLLUP_DIMS("i") ", coalesce(i.killed_min, 0) AS"  \
    " killed FROM incidents i WHERE i.json IS NOT NULL) x GROUP BY month, start_tail, end_month, end_ok,"    \
    " event_type, country_code, background) d"

/* How a backend's SQL differs where the rollup's query is written. */
typedef struct rollup_dialect {
    const char *order_open;  /* ORDER BY order_open <key> order_close: the exact query's order */
    const char *order_close;
} rollup_dialect;

/* A rollup query: its SQL, with '?' for each parameter, and the parameters as text. */
#define ROLLUP_MAX_PARAMS 24
typedef struct rollup_query {
    char sql[2048];
    const char *v[ROLLUP_MAX_PARAMS];
    int n;
    char since[8], until[8], tail[4], cc[8]; /* what v points into */
} rollup_query;

/* 1 when store_stats of group (enum store_group) under f can be answered from
 * the rollup exactly: a group by month, month and type, country or type;
 * since, when given, the first day of a month and until the last day of
 * one; no filter but those, country, type(s) and background.
 * Else 0, and always 0 when the environment has TACITUS_STATS_EXACT=1 (the
 * tests compare both answers). */
int rollup_fits(const store_filter *f, int group);

/* The rollup query of store_stats for group under f (rollup_fits(f, group)
 * must hold) into q, with the columns key, incidents, killed in the exact
 * query's order. Returns 0, or -1 when it does not fit in q (not expected). */
int rollup_query_build(const store_filter *f, int group, const rollup_dialect *d, rollup_query *q);

/* The country filter cc as the store keeps codes (upper-case), cut to 7 bytes, into out;
 * returns out. (Both backends' queries, exact and rollup.) */
const char *store_country_upper(const char *cc, char out[8]);

#endif
