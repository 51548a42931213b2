/*
 * incident.h - grouping coded events into incidents and reconciling an
 * incident's fields from its reports. Pure logic: no database. The store
 * (store.c) finds candidate events and persists what these functions decide.
 * The rule and its thresholds are documented in docs/store.md.
 */
#ifndef TACITUS_INCIDENT_H
#define TACITUS_INCIDENT_H

#include <jansson.h>
#include <stddef.h>

enum inc_prec { INC_P_NONE = 0, INC_P_DAY = 1, INC_P_WEEK, INC_P_MONTH, INC_P_YEAR };
enum inc_lprec { INC_L_NONE = 0, INC_L_CITY = 1, INC_L_ADMIN2, INC_L_ADMIN1, INC_L_COUNTRY };

/* ACLED's disorder types: the family of an event type. */
enum inc_family { INC_F_NONE = 0, INC_F_VIOLENCE, INC_F_DEMONSTRATIONS, INC_F_STRATEGIC };

/* The facts about one coded event that grouping needs (copied, fixed size). */
typedef struct inc_event {
    char id[128], doc_id[112];
    char kind[24], event_type[48], sub_event_type[64], cameo[8];
    int background, violent;
    long day_start, day_end;           /* days since 1970-01-01; valid when date_prec */
    int date_prec, date_assumed;       /* enum inc_prec */
    long published;                    /* the document's publication day, or -1 */
    char cc[4], admin1[96], place[128];
    double lat, lon;
    int loc_prec;                      /* enum inc_lprec; INC_L_NONE = no location */
    char perp[128];                    /* claimant, else a named non-state actor1, else "" */
    int claimed;                       /* perp is a claimant */
    char target_type[48];              /* target.type (GTD), or "" when unknown */
    char other_targets[2][48];         /* in an incident's core (inc_core): the other target
                                        * types its members name, most named first; else "" */
    long killed;                       /* killed.min or -1 */
    int killed_revised;
} inc_event;

/* Days since 1970-01-01 of a valid "YYYY-MM-DD" (only the first 10 bytes are
 * read), or -1 when s is NULL or not a date. */
long inc_day(const char *s);

/* Format a day number as YYYY-MM-DD into out (at least 11 bytes). */
void inc_day_str(long day, char *out);

/* The site of a URL: its host without a leading "www." ("voanews.com" of
 * "https://www.voanews.com/a/1.html"), as a span of url into *site and *len.
 * Returns 1, or 0 (nothing set) when url is NULL or has no "://". */
int inc_url_site(const char *url, const char **site, size_t *len);

/* Great-circle distance in km. */
double inc_km(double lat1, double lon1, double lat2, double lon2);

/* Fill e from one event object of `tacitus code` output (docs/schema.md) and
 * its document's id and publication date (may be NULL). Missing or null keys
 * leave the corresponding facts unknown. Returns 0, or -1 when ev is not an
 * object or has no string "id"/"kind". */
int inc_event_from_json(const json_t *ev, const char *doc_id, const char *published, inc_event *e);

/* The family of an ACLED event type (may be NULL): Battles, Explosions/Remote
 * violence and Violence against civilians are political violence; Protests
 * and Riots demonstrations; Strategic developments its own; anything else
 * INC_F_NONE. */
int inc_family(const char *event_type);

/* 1 when e has neither a date nor a publication day (nothing places it in time). */
int inc_timeless(const inc_event *e);

/* May event a (new) describe the same real incident as event b (already
 * stored)? Returns a score > 0 when it may (higher is a better match) and
 * writes the reasons ("same type ...; dates ... within 1 day; 3.2 km apart;
 * actor X = X") into why; returns 0 when it may not and writes the first
 * rule that keeps them apart. why may be NULL. Never fails. */
double inc_match(const inc_event *a, const inc_event *b, char *why, size_t whylen);

/* The reconciled core of an incident from its members' facts m[0..n-1], given
 * in report order (publication day, unknown last, then ingest order): the type
 * of the members' majority (inc_pick_type), the most precise place consistent
 * with most members (inc_pick_place), the most precise stated date
 * (inc_pick_date), the claimant or most reported perpetrator, the first
 * publication day. An event joins an incident only when inc_match accepts it
 * against this core. n must be > 0. */
void inc_core(const inc_event *m, size_t n, inc_event *core);

/* The index of the member whose type the incident takes: among the current
 * members (all when none is current), the first whose ACLED event type (else
 * kind) is the most frequent. */
size_t inc_pick_type(const inc_event *m, size_t n);

/* The index of the member whose place the incident takes: the place
 * consistent with the most members (same country; at the coarser precision of
 * the two the same city within 25 km, district within 60 km, or admin1), on a
 * tie the more precise, then the earlier; `fallback` when no member is located. */
size_t inc_pick_place(const inc_event *m, size_t n, size_t fallback);

/* The index of the member whose date the incident takes: the most precise
 * stated date (day before week, month, year; stated before assumed from
 * publication), on a tie the earliest start; n when no member is dated. */
size_t inc_pick_date(const inc_event *m, size_t n);

/* One report of an incident, input to inc_reconcile. */
typedef struct inc_member {
    const json_t *event;   /* the event object as coded */
    const char *doc_id, *url, *published; /* published: YYYY-MM-DD or NULL */
    long seq;              /* ingest order */
    const char *source;    /* the report's publisher as its input named it, or NULL */
} inc_member;

/* One figure of the history (output of inc_reconcile). */
typedef struct inc_figure {
    const char *doc_id, *published; /* borrowed from the members */
    int wounded;                    /* 0 killed, 1 wounded */
    long min, max;                  /* max -1 = none */
    int approximate;
} inc_figure;

/* Reconcile an incident from its members (any order; sorted internally by
 * publication date, then seq). Returns a new object with the engine's event
 * field names plus "id", "documents", "urls", "first_reported",
 * "last_reported", "notes"; NULL when n is 0 or out of memory. When hist is
 * not NULL it receives a malloc'd array of every figure reported (count in
 * *nhist; free() it). Rules: docs/store.md "Reconciliation". */
json_t *inc_reconcile(const char *id, const inc_member *m, size_t n, inc_figure **hist, size_t *nhist);

#endif
