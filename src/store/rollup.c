/*
 * rollup.c - when and how store_stats reads the incidents' rollup instead of
 * the incidents (rollup.h), the same for both backends: which groups and
 * filters it answers exactly, and its query.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incident.h"
#include "rollup.h"

/* The key of each group the rollup holds, over its rows r (enum store_group;
 * NULL: not held), as the exact query's key over incidents i. */
static const char *const rollup_keys[] = {
    NULL, NULL, "r.month", "r.country_code", "r.event_type", NULL, NULL,
    "r.month || '|' || coalesce(r.event_type, '')"};

/* 1 when s is a valid date (YYYY-MM-DD) and the first of its month (first)
 * or the last (!first), else 0. */
static int month_edge(const char *s, int first)
{
    long day = s && strlen(s) == 10 ? inc_day(s) : -1;
    if (day < 0)
        return 0;
    char next[11];
    inc_day_str(first ? day : day + 1, next);
    return strcmp(next + 8, "01") == 0;
}

const char *store_country_upper(const char *cc, char out[8])
{
    size_t k = 0;
    for (; cc[k] && k < 7; k++)
        out[k] = (char)(cc[k] >= 'a' && cc[k] <= 'z' ? cc[k] - 32 : cc[k]);
    out[k] = '\0';
    return out;
}

int rollup_fits(const store_filter *f, int group)
{
    const char *exact = getenv("TACITUS_STATS_EXACT");
    if ((exact && strcmp(exact, "1") == 0) || group < 0 ||
        group >= (int)(sizeof rollup_keys / sizeof *rollup_keys) || !rollup_keys[group])
        return 0;
    if ((f->since && !month_edge(f->since, 1)) || (f->until && !month_edge(f->until, 0)))
        return 0;
    return !f->admin1 && !f->changed_since && !f->sub_type && !f->nsub_types && !f->cameo && !f->text && !f->nactors && f->min_killed < 0 &&
           !f->near && !f->bbox;
}

int rollup_query_build(const store_filter *f, int group, const rollup_dialect *d, rollup_query *q)
{
    const char *key = rollup_keys[group];
    size_t w = 0, cap = sizeof q->sql;
    q->n = 0;
#define S(...) (w += (size_t)snprintf(q->sql + w, w < cap ? cap - w : 0, __VA_ARGS__))
#define P(x) (q->n < ROLLUP_MAX_PARAMS ? (void)(q->v[q->n++] = (x)) : (void)(w = cap))
    S("SELECT %s, sum(r.n), sum(r.killed) FROM incident_rollup r WHERE r.n > 0", key);
    if (f->since) { /* coalesce(date_end, date_start) >= since, date_start not NULL (rollup.h) */
        snprintf(q->since, sizeof q->since, "%.7s", f->since);
        S(" AND r.month IS NOT NULL AND (r.end_month > ? OR (r.end_month = ? AND r.end_ok = 1))");
        P(q->since), P(q->since);
    }
    if (f->until) { /* date_start <= until */
        snprintf(q->until, sizeof q->until, "%.7s", f->until);
        snprintf(q->tail, sizeof q->tail, "%s", f->until + 7);
        S(" AND (r.month < ? OR (r.month = ? AND r.start_tail <= ?))");
        P(q->until), P(q->until), P(q->tail);
    }
    if (f->country) /* codes are stored upper-case (as the exact query) */
        S(" AND r.country_code = ?"), P(store_country_upper(f->country, q->cc));
    if (f->type)
        S(" AND r.event_type = ?"), P(f->type);
    for (size_t t = 0; t < f->ntypes && t < STORE_MAX_ACTORS; t++)
        S(t ? ", ?" : " AND r.event_type IN (?"), P(f->types[t]);
    if (f->ntypes)
        S(")");
    if (f->background >= 0)
        S(" AND r.background = %d", f->background);
    S(" GROUP BY 1 ORDER BY %s%s%s", d->order_open, key, d->order_close);
#undef S
#undef P
    return w < cap ? 0 : -1;
}
