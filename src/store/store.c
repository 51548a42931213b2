/*
 * store.c - the event store (see store.h): the public functions dispatch
 * through a backend table (store_int.h) to SQLite (store_sqlite.c, the
 * embedded default) or PostgreSQL (store_pg.c, for a postgres:// URL). This
 * file also holds what both backends share: the rows they write, as text
 * values, the candidate test of the grouping search and the reconciliation
 * of an incident from its member rows. Grouping and reconciliation decisions
 * come from incident.c. Deleting and recoding stored documents
 * (store_delete_documents, store_recode_document) is written here once over
 * the backends' tx_ops and doc_ops.
 */
#include "store.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "incident.h"
#include "store_int.h"

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

/* ================= shared by the backends ================= */

void store_now_iso(char out[24])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *store_doc_published(const store_doc *d)
{
    return d->published && inc_day(d->published) >= 0 ? d->published : NULL;
}

int store_words_blank(const char *words)
{
    for (const char *p = words; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}

char *store_fts_words(const char *words)
{
    size_t n = strlen(words);
    char *out = malloc(n * 3 + 8), *o = out;
    if (!out)
        return NULL;
    const char *p = words;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        if (o != out)
            *o++ = ' ';
        *o++ = '"';
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            if (*p == '"')
                *o++ = '"';
            *o++ = *p++;
        }
        *o++ = '"';
    }
    *o = '\0';
    return out;
}

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static const char *jpath(const json_t *o, const char *k1, const char *k2)
{
    return json_string_value(json_object_get(json_object_get(o, k1), k2));
}

/* v = num formatted as an integer when j is a JSON integer, else NULL. */
static const char *jint(const json_t *j, char num[32])
{
    if (!json_is_integer(j))
        return NULL;
    snprintf(num, 32, "%lld", (long long)json_integer_value(j));
    return num;
}

static const char *fmt_real(double x, char num[32])
{
    snprintf(num, 32, "%.17g", x);
    return num;
}

static const char *fmt_int(long long x, char num[32])
{
    snprintf(num, 32, "%lld", x);
    return num;
}

const char store_event_types[EVENT_NCOLS + 1] = "ttti" "tttttttt" "i" "tttt" "rr" "ttttt" "iiii" "ttt" "i";

int event_row_fill(event_row *r, const json_t *ev, const inc_event *ie, const char *doc_id,
                   const char *published, const char *incident, const char *why, long long seq)
{
    return event_row_fill_json(r, ev, ie, doc_id, published, incident, why, seq, json_dumps(ev, JSON_COMPACT));
}

int event_row_fill_json(event_row *r, const json_t *ev, const inc_event *ie, const char *doc_id,
                        const char *published, const char *incident, const char *why, long long seq,
                        char *json)
{
    memset(r, 0, sizeof *r);
    const json_t *loc = json_object_get(ev, "location"), *k = json_object_get(ev, "killed");
    const json_t *w = json_object_get(ev, "wounded");
    const char **v = r->v;
    v[0] = jstr(ev, "id");
    v[1] = doc_id;
    v[2] = incident;
    v[3] = fmt_int(ie->background, r->num[0]);
    v[4] = jstr(ev, "kind");
    v[5] = jstr(ev, "event_type");
    v[6] = jstr(ev, "sub_event_type");
    v[7] = jstr(ev, "cameo");
    v[8] = jstr(ev, "attack_type");
    v[9] = jpath(ev, "date", "start");
    v[10] = jpath(ev, "date", "end");
    v[11] = jpath(ev, "date", "precision");
    v[12] = fmt_int(ie->date_assumed, r->num[1]);
    v[13] = published;
    v[14] = jstr(loc, "country_code");
    v[15] = jstr(loc, "admin1");
    v[16] = jstr(loc, "name");
    if (json_is_number(json_object_get(loc, "lat")) && json_is_number(json_object_get(loc, "lon"))) {
        v[17] = fmt_real(json_number_value(json_object_get(loc, "lat")), r->num[2]);
        v[18] = fmt_real(json_number_value(json_object_get(loc, "lon")), r->num[3]);
    }
    v[19] = jstr(loc, "precision");
    v[20] = jpath(ev, "actor1", "name");
    v[21] = jpath(ev, "actor1", "type");
    v[22] = jpath(ev, "actor2", "name");
    v[23] = ie->perp[0] ? ie->perp : NULL;
    v[24] = jint(json_object_get(k, "min"), r->num[4]);
    v[25] = jint(json_object_get(k, "max"), r->num[5]);
    v[26] = fmt_int(ie->killed_revised, r->num[6]);
    v[27] = jint(json_object_get(w, "min"), r->num[7]);
    v[28] = jpath(ev, "claimed_by", "name");
    v[29] = r->json = json;
    v[30] = why;
    v[31] = fmt_int(seq, r->num[8]);
    return r->json ? 0 : -1;
}

void event_row_free(event_row *r)
{
    free(r->json);
    r->json = NULL;
}

void cand_from_text(const char *const col[CAND_NCOLS], inc_event *e)
{
    memset(e, 0, sizeof *e);
#define T(i) (col[i] ? col[i] : "")
    snprintf(e->id, sizeof e->id, "%s", T(0));
    snprintf(e->doc_id, sizeof e->doc_id, "%s", T(1));
    snprintf(e->kind, sizeof e->kind, "%s", T(2));
    snprintf(e->event_type, sizeof e->event_type, "%s", T(3));
    snprintf(e->sub_event_type, sizeof e->sub_event_type, "%s", T(4));
    snprintf(e->cameo, sizeof e->cameo, "%s", T(5));
    e->background = atoi(T(6)) != 0;
    e->violent = col[7] != NULL;
    e->day_start = inc_day(col[8]);
    e->day_end = inc_day(col[9]);
    static const char *const dp[] = {"", "day", "week", "month", "year"};
    for (int i = 1; i < 5; i++)
        if (strcmp(T(10), dp[i]) == 0)
            e->date_prec = i;
    if (e->day_start < 0)
        e->date_prec = 0;
    if (e->day_end < e->day_start)
        e->day_end = e->day_start;
    e->date_assumed = atoi(T(11)) != 0;
    e->published = inc_day(col[12]);
    snprintf(e->cc, sizeof e->cc, "%s", T(13));
    snprintf(e->admin1, sizeof e->admin1, "%s", T(14));
    snprintf(e->place, sizeof e->place, "%s", T(15));
    e->lat = col[16] ? strtod(col[16], NULL) : 0;
    e->lon = col[17] ? strtod(col[17], NULL) : 0;
    static const char *const lp[] = {"", "city", "admin2", "admin1", "country"};
    for (int i = 1; i < 5; i++)
        if (strcmp(T(18), lp[i]) == 0)
            e->loc_prec = i;
    if (e->loc_prec && e->loc_prec < INC_L_COUNTRY && !col[16])
        e->loc_prec = INC_L_COUNTRY;
    snprintf(e->perp, sizeof e->perp, "%s", T(19));
    e->killed = col[20] ? strtol(col[20], NULL, 10) : -1;
    e->killed_revised = atoi(T(21)) != 0;
    e->claimed = col[23] && e->perp[0] && strcasecmp(col[23], e->perp) == 0;
    snprintf(e->target_type, sizeof e->target_type, "%s", T(24));
#undef T
}

/* May a candidate of document doc_id in incident iid be offered to ev at
 * all: not of ev's own document, an id that fits, an incident ev's document
 * has not joined yet? */
static int cand_wanted(const char *doc_id, const char *iid, const inc_event *ev, char (*used)[32], size_t nused)
{
    if (strcmp(doc_id, ev->doc_id) == 0 || strlen(iid) >= sizeof ((cand_set *)0)->inc[0].incident)
        return 0;
    for (size_t i = 0; i < nused; i++)
        if (strcmp(used[i], iid) == 0)
            return 0;
    return 1;
}

/* Score candidate c of incident iid for ev (cand_wanted already asked) into set. */
static void cand_add(const inc_event *c, const char *iid, const inc_event *ev, cand_set *set);

void cand_consider(const char *const col[CAND_NCOLS], const inc_event *ev, char (*used)[32], size_t nused,
                   cand_set *set)
{
    const char *iid = col[22];
    if (!iid || !col[1] || !cand_wanted(col[1], iid, ev, used, nused))
        return; /* (before the row is read into facts: most rows end here) */
    inc_event c;
    cand_from_text(col, &c);
    cand_add(&c, iid, ev, set);
}

void cand_consider_facts(const inc_event *c, const char *doc_id, const char *iid, const inc_event *ev,
                         char (*used)[32], size_t nused, cand_set *set)
{
    if (cand_wanted(doc_id, iid, ev, used, nused))
        cand_add(c, iid, ev, set);
}

static void cand_add(const inc_event *c, const char *iid, const inc_event *ev, cand_set *set)
{
    double sc = inc_match(ev, c, NULL, 0);
    if (sc <= 0)
        return;
    size_t k = 0, worst = 0;
    for (; k < set->n && strcmp(set->inc[k].incident, iid) != 0; k++)
        if (set->inc[k].score < set->inc[worst].score ||
            (set->inc[k].score == set->inc[worst].score && strcmp(set->inc[k].incident, set->inc[worst].incident) > 0))
            worst = k;
    if (k == set->n) { /* a new incident: added, or in place of the worst when full */
        if (set->n == CAND_MAX) {
            if (sc < set->inc[worst].score ||
                (sc == set->inc[worst].score && strcmp(iid, set->inc[worst].incident) > 0))
                return;
            k = worst;
        } else
            set->n++;
        snprintf(set->inc[k].incident, sizeof set->inc[k].incident, "%s", iid);
        set->inc[k].score = sc;
    } else if (sc > set->inc[k].score)
        set->inc[k].score = sc;
}

/* The most days apart two dated events of one incident may be (inc_match:
 * week precision), and the days before its report an undated mention reaches. */
#define CAND_DATED_GAP 7
#define CAND_UNDATED_REACH 62
/* A day number beyond any real date (the window of an event without a day). */
#define CAND_ANY_DAY 2900000L

int cand_window(const inc_event *ev, cand_win *w)
{
    memset(w, 0, sizeof *w);
    if (ev->loc_prec == INC_L_NONE || !ev->cc[0])
        return 0;
    long dlo, dhi, ulo, uhi, far;
    if (ev->date_prec) {
        /* dated candidates within the gap; undated ones whose report came after the event
         * and at most CAND_UNDATED_REACH days after its start */
        dlo = ev->day_start - CAND_DATED_GAP;
        dhi = ev->day_end + CAND_DATED_GAP;
        far = dlo - 400;
        ulo = ev->day_end;
        uhi = ev->day_start + CAND_UNDATED_REACH;
    } else if (ev->published >= 0) {
        /* an undated mention: anything in the days before its report */
        dlo = ulo = far = ev->published - CAND_UNDATED_REACH;
        dhi = uhi = ev->published;
    } else if (ev->loc_prec == INC_L_CITY) {
        /* nothing places it in time: the city-level events near it, of any day */
        w->timeless = 1;
        dlo = ulo = far = -CAND_ANY_DAY;
        dhi = uhi = CAND_ANY_DAY;
    } else
        return 0;
    inc_day_str(dlo, w->dlo);
    inc_day_str(dhi, w->dhi);
    inc_day_str(far, w->far);
    inc_day_str(ulo, w->ulo);
    inc_day_str(uhi, w->uhi);
    w->day_lo = dlo < ulo ? dlo : ulo;
    w->day_hi = dhi > uhi ? dhi : uhi;
    w->precise = ev->loc_prec <= INC_L_ADMIN2;
    w->city = ev->loc_prec == INC_L_CITY;
    /* about 150 km: farther than any distance inc_match accepts */
    w->box = 1.4;
    w->boxlon = 1.4 / fmax(0.1, cos(ev->lat * 0.017453292519943295));
    return 1;
}

/* The facts of one incident's members, gathered by group_ops.members. */
typedef struct member_facts {
    inc_event *e;
    size_t n, cap;
    int oom;
} member_facts;

/* The next free member slot of m (grown as needed), or NULL when out of memory. */
static inc_event *member_slot(member_facts *m)
{
    if (m->oom)
        return NULL;
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 16;
        inc_event *e = realloc(m->e, cap * sizeof *e);
        if (!e) {
            m->oom = 1;
            return NULL;
        }
        m->e = e, m->cap = cap;
    }
    return &m->e[m->n++];
}

/* group_ops.members's callback: one member's row into the member_facts at ud. */
static void member_row(void *ud, const char *const col[CAND_NCOLS])
{
    inc_event *e = member_slot(ud);
    if (e)
        cand_from_text(col, e);
}

/* group_ops.member_facts's callback: one member's facts into the member_facts at ud. */
static void member_add(void *ud, const inc_event *f)
{
    inc_event *e = member_slot(ud);
    if (e)
        *e = *f;
}

/* The incident an event joins (score 0: none) and why. */
typedef struct cand_choice {
    double score;
    char incident[32];
    char why[600];
} cand_choice;

static int by_score(const void *x, const void *y)
{
    const struct cand_inc *a = x, *b = y;
    return a->score > b->score ? -1 : a->score < b->score ? 1 : strcmp(a->incident, b->incident);
}

/* Choose among the candidate incidents of ev: each one's core (inc_core of
 * its first CORE_MEMBERS members) must match ev; the best score wins, on a tie
 * the smaller id. An event that nothing places in time joins only the one incident it can
 * be; a dated event joins an incident that nothing places in time only when
 * no other such incident fits. Returns 0, or -1 on a database error or when
 * out of memory. */
static int choose_incident(void *impl, const group_ops *ops, const inc_event *ev, cand_set *set,
                           cand_choice *out)
{
    memset(out, 0, sizeof *out);
    qsort(set->inc, set->n, sizeof set->inc[0], by_score);
    member_facts m = {0};
    cand_choice any = {0}, dated = {0};
    int nfit = 0, ntimeless = 0, rc = 0;
    for (size_t i = 0; i < set->n && rc == 0; i++) {
        m.n = 0;
        int got = ops->member_facts ? ops->member_facts(impl, set->inc[i].incident, member_add, &m)
                                    : ops->members(impl, set->inc[i].incident, inc_timeless(ev), member_row, &m);
        if (got < 0 || m.oom) {
            rc = -1;
            break;
        }
        if (m.n == 0)
            continue;
        inc_event core;
        inc_core(m.e, m.n, &core);
        char why[400];
        double sc = inc_match(ev, &core, why, sizeof why);
        if (sc <= 0)
            continue;
        nfit++;
        ntimeless += inc_timeless(&core);
        cand_choice *c = inc_timeless(&core) ? &any : &dated;
        cand_choice *slots[2] = {c, c == &any ? NULL : &any};
        for (int k = 0; k < 2 && slots[k]; k++)
            if (sc > slots[k]->score ||
                (sc == slots[k]->score && strcmp(set->inc[i].incident, slots[k]->incident) < 0)) {
                slots[k]->score = sc;
                snprintf(slots[k]->incident, sizeof slots[k]->incident, "%s", set->inc[i].incident);
                snprintf(slots[k]->why, sizeof slots[k]->why, "matches the core of %s (%s%zu report%s): %s",
                         set->inc[i].incident, m.n == CORE_MEMBERS ? "its first " : "", m.n,
                         m.n == 1 ? "" : "s", why);
            }
    }
    free(m.e);
    if (rc < 0)
        return -1;
    if (inc_timeless(ev) && nfit > 1)
        snprintf(out->why, sizeof out->why, "new incident (no date or publication day, and %d incidents fit)", nfit);
    else
        *out = ntimeless > 1 ? dated : any;
    return 0;
}

int store_group_events(void *impl, const group_ops *ops, dirty_set *dirty, const json_t *events,
                       const char *doc_id, const char *published, long long seq, const char *now,
                       store_result *r)
{
    size_t nev = json_array_size(events);
    char(*used)[32] = nev ? calloc(nev, 32) : NULL;
    cand_set *set = malloc(sizeof *set);
    if ((nev && !used) || !set) {
        free(used);
        free(set);
        return -1;
    }
    int ok = 1;
    for (size_t i = 0; ok && i < nev; i++) {
        const json_t *ev = json_array_get(events, i);
        inc_event ie;
        if (inc_event_from_json(ev, doc_id, published, &ie) < 0)
            continue; /* not an event object: nothing to store */
        cand_choice best;
        set->n = 0;
        if (ops->find(impl, &ie, used, i, set) < 0 || choose_incident(impl, ops, &ie, set, &best) < 0) {
            ok = 0;
            break;
        }
        const char *why = best.why;
        if (best.score <= 0) {
            ok = ops->create(impl, now, best.incident) == 0;
            if (!best.why[0])
                why = ie.background ? "new incident (background mention, no stored incident matches)"
                                    : "new incident (no stored incident matches)";
            r->created++;
        } else
            r->updated++;
        memcpy(used[i], best.incident, 32);
        int seen = 0;
        for (int k = 0; k < r->nincidents && !seen; k++)
            seen = strcmp(r->incidents[k], best.incident) == 0;
        if (!seen && r->nincidents < STORE_RESULT_INCIDENTS)
            memcpy(r->incidents[r->nincidents++], best.incident, 32);
        ok = ok && ops->insert(impl, ev, &ie, doc_id, published, best.incident, why, seq) == 0 &&
             dirty_add(dirty, best.incident) == 0;
        r->events += ok;
    }
    free(used);
    free(set);
    return ok ? 0 : -1;
}

void batch_init(store_batch *b)
{
    memset(b, 0, sizeof *b);
    b->max_docs = 1;
}

void batch_free(store_batch *b)
{
    dirty_free(&b->dirty);
}

void batch_set(store_batch *b, int max_docs, int max_seconds)
{
    b->max_docs = max_docs < 1 ? 1 : max_docs;
    b->max_seconds = max_seconds < 0 ? 0 : max_seconds;
}

int batch_flush(store_batch *b, const tx_ops *ops, void *impl, char *err, size_t errlen)
{
    if (b->docs == 0 && !ops->in_transaction(impl))
        return 0;
    int n = b->docs, ok = 1;
    char now[24];
    store_now_iso(now);
    for (size_t i = 0; ok && i < b->dirty.n; i++)
        ok = ops->reconcile(impl, b->dirty.ids[i], now) == 0;
    dirty_clear(&b->dirty);
    b->docs = 0;
    if (ok && ops->commit(impl) == 0) {
        b->committed += n;
        return n;
    }
    char what[96];
    snprintf(what, sizeof what, "cannot commit the last %d document%s", n, n == 1 ? "" : "s");
    ops->fail(impl, err, errlen, what);
    ops->rollback(impl);
    return -1;
}

/* After a document (stored, rc 0, or skipped, rc 1): commit when the batch
 * holds max_docs documents or is max_seconds old. Returns rc, or -1 (err set)
 * when the commit fails. A batch left open: the caller learns of its commit
 * through store_result.committed. */
static int batch_end(store_batch *b, const tx_ops *ops, void *impl, int rc, char *err, size_t errlen)
{
    if (!ops->in_transaction(impl)) {
        b->docs = 0;
        return rc;
    }
    if (b->docs == 0) { /* only a skipped document: nothing was written */
        ops->rollback(impl);
        dirty_clear(&b->dirty);
        return rc;
    }
    if (b->docs >= b->max_docs || (b->max_seconds > 0 && time(NULL) - b->start >= b->max_seconds))
        return batch_flush(b, ops, impl, err, errlen) < 0 ? -1 : rc;
    return rc;
}

/* A document failed: undo it (back to its savepoint). When the transaction
 * itself is gone (a disk full, an I/O error, a lost connection) or cannot be
 * rolled back to the savepoint, err also says how many earlier documents of
 * the batch went with it. what: the message, or NULL when err is set. */
static int batch_fail(store_batch *b, const tx_ops *ops, void *impl, char *err, size_t errlen, const char *what)
{
    if (what)
        ops->fail(impl, err, errlen, what);
    if (ops->in_transaction(impl) && ops->undo(impl) == 0) {
        if (b->docs == 0) {
            ops->rollback(impl);
            dirty_clear(&b->dirty);
        } /* (else the failed document's incidents may stay in the set: reconciling an
           * incident whose events were all rolled back does nothing) */
        return -1;
    }
    if (ops->in_transaction(impl))
        ops->rollback(impl);
    if (b->docs > 0) {
        size_t n = strlen(err);
        snprintf(err + n, errlen - n, " (the %d document%s stored before it in this batch were rolled back"
                 " too; ingest them again)", b->docs, b->docs == 1 ? "" : "s");
    }
    b->docs = 0;
    dirty_clear(&b->dirty);
    return -1;
}

/* batch_add_document without the committed count. */
static int batch_add(store_batch *b, const tx_ops *ops, void *impl, const store_doc *d, const json_t *rec,
                     store_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    const json_t *events = json_object_get(rec, "events");
    char now[24];
    store_now_iso(now);
    if (b->docs == 0 && !ops->in_transaction(impl)) {
        if (ops->begin(impl) < 0) {
            ops->fail(impl, err, errlen, "cannot start a transaction");
            ops->rollback(impl);
            return -1;
        }
        b->start = time(NULL);
    }
    /* Each document is a savepoint inside the batch's transaction, so a failed
     * document leaves the documents before it in the batch untouched. */
    if (ops->savepoint(impl) < 0)
        return batch_fail(b, ops, impl, err, errlen, "cannot start a savepoint");
    int dup = ops->has_document(impl, d->id, d->hash, err, errlen);
    if (dup < 0)
        return batch_fail(b, ops, impl, err, errlen, NULL);
    if (dup > 0) {
        if (ops->undo(impl) < 0)
            return batch_fail(b, ops, impl, err, errlen, "cannot undo a savepoint");
        return batch_end(b, ops, impl, 1, err, errlen);
    }
    long long seq = 0;
    const char *pub = store_doc_published(d);
    if (ops->add_document_row(impl, d, now, json_array_size(events), &seq) < 0 ||
        store_group_events(impl, ops->group, &b->dirty, events, d->id, pub, seq, now, r) < 0 ||
        ops->release(impl) < 0) {
        memset(r, 0, sizeof *r);
        return batch_fail(b, ops, impl, err, errlen, "cannot store document");
    }
    b->docs++;
    return batch_end(b, ops, impl, 0, err, errlen);
}

int batch_add_document(store_batch *b, const tx_ops *ops, void *impl, const store_doc *d, const json_t *rec,
                       store_result *r, char *err, size_t errlen)
{
    long before = b->committed;
    int rc = batch_add(b, ops, impl, d, rec, r, err, errlen);
    r->committed = (int)(b->committed - before);
    return rc;
}

static size_t hash_id(const char *s)
{
    size_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int dirty_add(dirty_set *d, const char *id)
{
    if (d->nslot < 2 * (d->n + 1)) { /* grow and rehash */
        size_t ns = d->nslot ? 2 * d->nslot : 64;
        unsigned *slot = calloc(ns, sizeof *slot);
        if (!slot)
            return -1;
        for (size_t i = 0; i < d->n; i++) {
            size_t h = hash_id(d->ids[i]) & (ns - 1);
            while (slot[h])
                h = (h + 1) & (ns - 1);
            slot[h] = (unsigned)i + 1;
        }
        free(d->slot);
        d->slot = slot, d->nslot = ns;
    }
    size_t h = hash_id(id) & (d->nslot - 1);
    for (; d->slot[h]; h = (h + 1) & (d->nslot - 1))
        if (strcmp(d->ids[d->slot[h] - 1], id) == 0)
            return 0;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 64;
        char(*ids)[32] = realloc(d->ids, cap * sizeof *ids);
        if (!ids)
            return -1;
        d->ids = ids, d->cap = cap;
    }
    snprintf(d->ids[d->n], 32, "%s", id);
    d->slot[h] = (unsigned)++d->n;
    return 0;
}

void dirty_clear(dirty_set *d)
{
    if (d->slot)
        memset(d->slot, 0, d->nslot * sizeof *d->slot);
    d->n = 0;
}

void dirty_free(dirty_set *d)
{
    free(d->ids);
    free(d->slot);
    memset(d, 0, sizeof *d);
}

void recon_init(recon *r)
{
    memset(r, 0, sizeof *r);
    r->box[0] = r->box[2] = r->cbox[0] = r->cbox[2] = r->days[0] = 1e9;
    r->box[1] = r->box[3] = r->cbox[1] = r->cbox[3] = r->days[1] = -1e9;
}

int recon_add(recon *r, const char *const col[RECON_NCOLS])
{
    json_t *ev = json_loads(col[0] ? col[0] : "null", 0, NULL);
    int rc = recon_add_event(r, ev, col);
    json_decref(ev);
    return rc;
}

int recon_add_event(recon *r, json_t *ev, const char *const col[RECON_NCOLS])
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 8;
        inc_member *m = realloc(r->m, cap * sizeof *m);
        if (m)
            r->m = m;
        json_t **e = m ? realloc(r->evs, cap * sizeof *e) : NULL;
        if (e)
            r->evs = e;
        char **s = e ? realloc(r->strs, cap * RECON_STRS * sizeof *s) : NULL;
        if (!s)
            return r->oom = 1, -1;
        r->strs = s;
        r->cap = cap;
    }
    size_t n = r->n;
    char **s = r->strs + n * RECON_STRS;
    r->evs[n] = json_incref(ev);
    for (int j = 0; j < 3; j++)
        s[j] = col[j + 1] ? strdup(col[j + 1]) : NULL;
    s[3] = col[10] ? strdup(col[10]) : NULL;
    if (!s[0])
        s[0] = strdup("");
    r->n++; /* counted first, so recon_free releases what was allocated */
    if (!s[0] || (col[2] && !s[1]) || (col[3] && !s[2]) || (col[10] && !s[3]))
        return r->oom = 1, -1;
    r->m[n] = (inc_member){r->evs[n], s[0], s[1], s[2], col[4] ? strtoll(col[4], NULL, 10) : 0, s[3]};
    if (col[5] && col[6]) {
        double la = strtod(col[5], NULL), lo = strtod(col[6], NULL);
        const char *p = col[7];
        double *b = (p && (strcmp(p, "city") == 0 || strcmp(p, "admin2") == 0)) ? r->cbox : r->box;
        b[0] = fmin(b[0], la), b[1] = fmax(b[1], la), b[2] = fmin(b[2], lo), b[3] = fmax(b[3], lo);
    }
    long d0 = inc_day(col[8]), d1 = inc_day(col[9]);
    if (d0 >= 0)
        r->days[0] = fmin(r->days[0], (double)d0), r->days[1] = fmax(r->days[1], (double)(d1 >= d0 ? d1 : d0));
    return 0;
}

void recon_free(recon *r)
{
    for (size_t i = 0; i < r->n; i++) {
        json_decref(r->evs[i]);
        for (int j = 0; j < RECON_STRS; j++)
            free(r->strs[i * RECON_STRS + j]);
    }
    free(r->m);
    free(r->evs);
    free(r->strs);
    recon_init(r);
}

const char store_incident_types[INCIDENT_NCOLS + 1] = "ttii" "ttttttt" "rr" "tt" "i" "t" "i";

int incident_row_fill(incident_row *o, recon *r, const char *iid, const char *now)
{
    memset(o, 0, sizeof *o);
    if (r->n == 0 || r->oom)
        return -1;
    o->inc = inc_reconcile(iid, r->m, r->n, &o->hist, &o->nhist);
    if (!o->inc || !(o->json = json_dumps(o->inc, JSON_COMPACT))) {
        incident_row_free(o);
        return -1;
    }
    const json_t *inc = o->inc, *loc = json_object_get(inc, "location");
    const char **v = o->v;
    v[0] = iid;
    v[1] = now;
    v[2] = fmt_int((long long)r->n, o->num[0]);
    v[3] = fmt_int((long long)json_array_size(json_object_get(inc, "documents")), o->num[1]);
    v[4] = o->json;
    v[5] = jstr(inc, "event_type");
    v[6] = jstr(inc, "sub_event_type");
    v[7] = jstr(inc, "cameo");
    v[8] = jstr(loc, "country_code");
    v[9] = jstr(loc, "admin1");
    v[10] = jstr(loc, "name");
    if (json_is_number(json_object_get(loc, "lat")) && json_is_number(json_object_get(loc, "lon"))) {
        v[11] = fmt_real(json_number_value(json_object_get(loc, "lat")), o->num[2]);
        v[12] = fmt_real(json_number_value(json_object_get(loc, "lon")), o->num[3]);
    }
    v[13] = jpath(inc, "date", "start");
    v[14] = jpath(inc, "date", "end");
    v[15] = jint(json_object_get(json_object_get(inc, "killed"), "min"), o->num[4]);
    v[16] = jpath(inc, "actor1", "name");
    v[17] = fmt_int(json_is_true(json_object_get(inc, "background")), o->num[5]);
    o->box = r->cbox[0] < 1e8 ? r->cbox : r->box[0] < 1e8 ? r->box : NULL;
    o->dated = r->days[0] < 1e8;
    return 0;
}

void incident_row_free(incident_row *o)
{
    json_decref(o->inc);
    free(o->json);
    free(o->hist);
    memset(o, 0, sizeof *o);
}

const char store_figure_types[FIGURE_NCOLS + 1] = "ttttiii";

void figure_row(const char *iid, const inc_figure *h, const char *v[FIGURE_NCOLS], char num[3][32])
{
    v[0] = iid;
    v[1] = h->doc_id;
    v[2] = h->published;
    v[3] = h->wounded ? "wounded" : "killed";
    v[4] = fmt_int(h->min, num[0]);
    v[5] = h->max >= 0 ? fmt_int(h->max, num[1]) : NULL;
    v[6] = fmt_int(h->approximate, num[2]);
}

/* ================= dispatch ================= */

int store_open(const char *path, int readonly, store **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!path || !*path) {
        snprintf(err, errlen, "no database given (--db FILE or URL, or TACITUS_DB)");
        return -1;
    }
    const store_backend *be = &store_sqlite_backend;
    if (strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0)
        be = &store_pg_backend;
    store *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    s->be = be;
    if (be->open(path, readonly, &s->impl, err, errlen) < 0) {
        free(s);
        return -1;
    }
    *out = s;
    return 0;
}

const store_backend *store_backend_of(store *s, void **impl)
{
    *impl = s->impl;
    return s->be;
}

const char *store_backend_name(const store *s)
{
    return s->be->name;
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

json_t *store_code_record(tac_coder *c, const store_doc *d, store_doc *sd, const char **text, char *err,
                          size_t errlen)
{
    tac_doc doc = {d->id, d->title, d->published, d->url, d->text, d->len, NULL, d->source};
    const char *js = tac_code_json(c, &doc, err, errlen);
    if (text)
        *text = js;
    json_t *rec = js ? json_loads(js, 0, NULL) : NULL;
    if (!rec) {
        if (js)
            snprintf(err, errlen, "the coder's output is not JSON");
        return NULL;
    }
    const json_t *meta = json_object_get(rec, "doc");
    *sd = *d;
    sd->url = json_string_value(json_object_get(meta, "url"));
    sd->title = json_string_value(json_object_get(meta, "title"));
    sd->published = json_string_value(json_object_get(meta, "published"));
    return rec;
}

/* See store.h. */
int store_code_document(store *s, tac_coder *c, const store_doc *d, store_result *r, char *err,
                        size_t errlen)
{
    memset(r, 0, sizeof *r);
    int has = store_has_document(s, d->id, d->hash, err, errlen);
    if (has != 0)
        return has < 0 ? -1 : 1;
    store_doc sd;
    json_t *rec = store_code_record(c, d, &sd, NULL, err, errlen);
    if (!rec)
        return -2;
    int rc = store_add_document(s, &sd, rec, r, err, errlen);
    r->dated = sd.published != NULL;
    json_decref(rec);
    return rc;
}

/* store_query's adapter from the backends' rows to incident objects. */
typedef struct query_parse {
    int (*cb)(void *ud, json_t *incident);
    void *ud;
} query_parse;

static int parse_row(void *ud, const char *const *cols)
{
    query_parse *p = ud;
    json_t *inc = cols[0] ? json_loads(cols[0], 0, NULL) : NULL;
    return !inc ? -1 : p->cb(p->ud, inc) ? 1 : 0; /* (an unreadable row is skipped) */
}

long store_query(store *s, const store_filter *f, int (*cb)(void *, json_t *), void *ud, char *err,
                 size_t errlen)
{
    query_parse p = {cb, ud};
    return s->be->select(s->impl, f, -1, parse_row, &p, err, errlen);
}

/* store_query_text's adapter. */
typedef struct query_text {
    int (*cb)(void *ud, const char *json);
    void *ud;
} query_text;

static int pass_row(void *ud, const char *const *cols)
{
    query_text *t = ud;
    return !cols[0] ? -1 : t->cb(t->ud, cols[0]) ? 1 : 0;
}

long store_query_text(store *s, const store_filter *f, int (*cb)(void *, const char *), void *ud, char *err,
                      size_t errlen)
{
    query_text t = {cb, ud};
    return s->be->select(s->impl, f, -1, pass_row, &t, err, errlen);
}

/* store_stats's adapter. */
typedef struct query_stats {
    int (*cb)(void *ud, const char *key, long incidents, long killed);
    void *ud;
} query_stats;

static int stats_row(void *ud, const char *const *cols)
{
    query_stats *t = ud;
    return t->cb(t->ud, cols[0], cols[1] ? atol(cols[1]) : 0, cols[2] ? atol(cols[2]) : 0) ? 1 : 0;
}

long store_stats(store *s, const store_filter *f, enum store_group g,
                 int (*cb)(void *ud, const char *key, long incidents, long killed), void *ud, char *err,
                 size_t errlen)
{
    query_stats t = {cb, ud};
    return s->be->select(s->impl, f, (int)g, stats_row, &t, err, errlen);
}

void cell_key_sql(int group, const char *not_year, const char *int_open, const char *int_close, char *buf,
                  size_t cap)
{
    double d = (group - STORE_CELL_GROUP(0)) / 1000.0;
    snprintf(buf, cap,
             "CASE WHEN i.lat IS NOT NULL AND i.lon IS NOT NULL AND i.date_start IS NOT NULL AND %s"
             " THEN %s(i.lat + 90) / %.3f%s || ',' || %s(i.lon + 180) / %.3f%s || '|' || coalesce(i.event_type, '')"
             " END", not_year, int_open, d, int_close, int_open, d, int_close);
}

/* store_map_cells's adapter. */
typedef struct query_cells {
    int (*cb)(void *ud, const store_cell *c);
    void *ud;
} query_cells;

static int cells_row(void *ud, const char *const *cols)
{
    query_cells *t = ud;
    store_cell c = {cols[0], cols[1] ? atol(cols[1]) : 0, cols[2] ? atol(cols[2]) : 0,
                    cols[5] ? atol(cols[5]) : 0, cols[3] ? atof(cols[3]) : 0, cols[4] ? atof(cols[4]) : 0,
                    cols[7], cols[6]};
    return t->cb(t->ud, &c) ? 1 : 0;
}

long store_map_cells(store *s, const store_filter *f, double deg, int (*cb)(void *ud, const store_cell *c),
                     void *ud, char *err, size_t errlen)
{
    long m = (long)(deg * 1000 + 0.5);
    if (m < 1 || m > 90000) {
        snprintf(err, errlen, "map cells: %g degrees is not from 0.001 to 90", deg);
        return -1;
    }
    query_cells t = {cb, ud};
    return s->be->select(s->impl, f, STORE_CELL_GROUP((int)m), cells_row, &t, err, errlen);
}

json_t *store_incident_detail(store *s, const char *id, char *err, size_t errlen)
{
    return s->be->detail(s->impl, id, err, errlen);
}

void store_set_batch(store *s, int max_docs, int max_seconds)
{
    s->be->set_batch(s->impl, max_docs, max_seconds);
}

void store_set_time_limit(store *s, double seconds)
{
    s->be->set_time_limit(s->impl, seconds > 0 ? seconds : 0);
}

int store_timed_out(store *s)
{
    return s->be->timed_out(s->impl);
}

int store_flush(store *s, char *err, size_t errlen)
{
    return s->be->flush(s->impl, err, errlen);
}

long store_count(store *s, const char *table)
{
    return s->be->count(s->impl, table);
}

/* ================= stored documents deleted or coded again ================= */

/* Free d's strings and zero it. */
void stored_doc_free(stored_doc *d)
{
    free(d->id);
    free(d->url);
    free(d->title);
    free(d->published);
    free(d->text);
    free(d->source);
    memset(d, 0, sizeof *d);
}

/* Reconcile each incident of set again from the events it has (its figure
 * history and search box made anew, so that none of a report it lost stays),
 * or delete it (with its history and search box) when it has none; counted
 * in ch. Returns 0, or -1 on a database error. */
static int settle_incidents(const store_backend *be, void *impl, const dirty_set *set, const char *now,
                            store_change *ch)
{
    for (size_t i = 0; i < set->n; i++) {
        long n = be->docs->incident_events(impl, set->ids[i]);
        if (n < 0 || be->docs->incident_clear(impl, set->ids[i], n == 0) < 0 ||
            (n > 0 && be->tx->reconcile(impl, set->ids[i], now) < 0))
            return -1;
        if (n == 0)
            ch->removed++;
        else
            ch->reconciled++;
    }
    return 0;
}

/* End a change: commit when ok, else (or when the commit fails) write the
 * backend's error about what into err and roll back. Returns 0 or -1. */
static int change_end(const store_backend *be, void *impl, int ok, char *err, size_t errlen, const char *what)
{
    if (ok && be->tx->commit(impl) == 0)
        return 0;
    be->tx->fail(impl, err, errlen, what);
    be->tx->rollback(impl);
    return -1;
}

/* Open the change's transaction; -1 with err when it cannot start. */
static int change_begin(const store_backend *be, void *impl, char *err, size_t errlen)
{
    if (be->tx->begin(impl) == 0)
        return 0;
    be->tx->fail(impl, err, errlen, "cannot start a transaction");
    be->tx->rollback(impl);
    return -1;
}

/* Add the counts of c to to. */
static void change_add(store_change *to, const store_change *c)
{
    to->documents += c->documents, to->events_removed += c->events_removed, to->events += c->events;
    to->created += c->created, to->reconciled += c->reconciled, to->removed += c->removed;
}

/* Is ids[i] one of ids[0..i) (named twice)? */
static int named_before(const char *const *ids, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (strcmp(ids[j], ids[i]) == 0)
            return 1;
    return 0;
}

/* Are all ids stored? 1 yes; 0 no, err naming the first missing; -1 error
 * (err). Their distinct documents and events are counted into c. */
static int all_stored(store *s, const char *const *ids, size_t n, store_change *c, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        if (named_before(ids, i))
            continue;
        stored_doc d = {0};
        int got = s->be->docs->get(s->impl, ids[i], &d);
        c->documents += got > 0;
        c->events_removed += d.n_events;
        stored_doc_free(&d);
        if (got < 0) {
            s->be->tx->fail(s->impl, err, errlen, "cannot read");
            return -1;
        }
        if (got == 0) {
            snprintf(err, errlen, "%s: no such document", ids[i]);
            return 0;
        }
    }
    return 1;
}

/* See store.h. */
int store_delete_documents(store *s, const char *const *ids, size_t n, store_change *ch, char *err,
                           size_t errlen)
{
    const store_backend *be = s->be;
    store_change c = {0};
    if (change_begin(be, s->impl, err, errlen) < 0)
        return -1;
    int have = all_stored(s, ids, n, &c, err, errlen);
    if (have <= 0) {
        be->tx->rollback(s->impl);
        return have < 0 ? -1 : -2;
    }
    dirty_set touched = {0};
    char now[24];
    store_now_iso(now);
    int ok = 1;
    for (size_t i = 0; ok && i < n; i++)
        ok = be->docs->incidents(s->impl, ids[i], &touched) == 0 &&
             be->docs->remove_events(s->impl, ids[i]) == 0 && be->docs->remove(s->impl, ids[i]) == 0;
    ok = ok && settle_incidents(be, s->impl, &touched, now, &c) == 0;
    dirty_free(&touched);
    if (change_end(be, s->impl, ok, err, errlen, "cannot delete documents") < 0)
        return -1;
    change_add(ch, &c);
    return 0;
}

/* The grouping of a recoded document's events: the backend's, except that a
 * new incident is first one its old events left empty (in their order), so an
 * incident keeps its id while recoding leaves it alone. */
typedef struct reuse_ctx {
    void *impl;
    const group_ops *inner;
    char (*ids)[32];
    size_t n, next;
    long created; /* incidents really created */
} reuse_ctx;

/* group_ops of reuse_ctx: find, members and insert are the backend's; create
 * takes a freed incident first. */
static int reuse_find(void *u, const inc_event *ev, char (*used)[32], size_t nused, cand_set *set)
{
    reuse_ctx *r = u;
    return r->inner->find(r->impl, ev, used, nused, set);
}

static int reuse_members(void *u, const char *iid, int targets,
                         void (*row)(void *ud, const char *const col[CAND_NCOLS]),
                         void *ud)
{
    reuse_ctx *r = u;
    return r->inner->members(r->impl, iid, targets, row, ud);
}

static int reuse_create(void *u, const char *now, char out[32])
{
    reuse_ctx *r = u;
    if (r->next < r->n) {
        memcpy(out, r->ids[r->next++], 32);
        return 0;
    }
    r->created++;
    return r->inner->create(r->impl, now, out);
}

static int reuse_insert(void *u, const json_t *ev, const inc_event *ie, const char *doc_id, const char *published,
                        const char *incident, const char *why, long long seq)
{
    reuse_ctx *r = u;
    return r->inner->insert(r->impl, ev, ie, doc_id, published, incident, why, seq);
}

static const group_ops reuse_ops = {reuse_find, reuse_members, reuse_create, reuse_insert, NULL};

/* Take document d's old events out of their incidents (old gets those
 * incidents); the incidents left empty are cleared and offered for reuse in
 * ru. Returns 0 or -1. */
static int recode_detach(const store_backend *be, void *impl, const stored_doc *d, dirty_set *old, reuse_ctx *ru)
{
    if (be->docs->incidents(impl, d->id, old) < 0 || be->docs->remove_events(impl, d->id) < 0)
        return -1;
    ru->ids = old->n ? calloc(old->n, 32) : NULL;
    if (old->n && !ru->ids)
        return -1;
    for (size_t i = 0; i < old->n; i++) {
        long n = be->docs->incident_events(impl, old->ids[i]);
        if (n < 0 || (n == 0 && be->docs->incident_clear(impl, old->ids[i], 0) < 0))
            return -1;
        if (n == 0)
            memcpy(ru->ids[ru->n++], old->ids[i], 32);
    }
    return 0;
}

/* Replace stored document d's events by those of its new record rec, in one
 * transaction (store_recode_document). Returns 0 or -1 (err). */
static int recode_store(store *s, const stored_doc *d, const json_t *rec, store_change *c, char *err,
                        size_t errlen)
{
    const store_backend *be = s->be;
    const json_t *events = json_object_get(rec, "events");
    if (change_begin(be, s->impl, err, errlen) < 0)
        return -1;
    char now[24];
    store_now_iso(now);
    dirty_set old = {0}, touched = {0};
    reuse_ctx ru = {s->impl, be->tx->group, NULL, 0, 0, 0};
    store_result r;
    memset(&r, 0, sizeof r);
    int ok = recode_detach(be, s->impl, d, &old, &ru) == 0 &&
             be->docs->set_coded(s->impl, d->id, now, json_array_size(events)) == 0 &&
             store_group_events(&ru, &reuse_ops, &touched, events, d->id, d->published, d->seq, now, &r) == 0;
    for (size_t i = 0; ok && i < old.n; i++)
        ok = dirty_add(&touched, old.ids[i]) == 0;
    ok = ok && settle_incidents(be, s->impl, &touched, now, c) == 0;
    free(ru.ids);
    dirty_free(&old);
    dirty_free(&touched);
    c->events = r.events;
    c->created = ru.created;
    return change_end(be, s->impl, ok, err, errlen, "cannot store the recoded document");
}

/* See store.h. */
int store_recode_document(store *s, tac_coder *c, const char *id, store_change *ch, char *err, size_t errlen)
{
    stored_doc d = {0};
    int got = s->be->docs->get(s->impl, id, &d);
    if (got <= 0) {
        if (got < 0)
            s->be->tx->fail(s->impl, err, errlen, "cannot read");
        else
            snprintf(err, errlen, "%s: no such document", id);
        stored_doc_free(&d);
        return got < 0 ? -1 : -2;
    }
    if (!d.text) {
        stored_doc_free(&d);
        return 1;
    }
    store_doc sd = {d.id, d.url, d.title, d.published, d.source, d.text, d.len, NULL}, coded;
    json_t *rec = store_code_record(c, &sd, &coded, NULL, err, errlen);
    store_change one = {0};
    one.events_removed = d.n_events;
    int rc = !rec ? -2 : recode_store(s, &d, rec, &one, err, errlen);
    json_decref(rec);
    stored_doc_free(&d);
    if (rc == 0) {
        one.documents = 1;
        change_add(ch, &one);
    }
    return rc;
}

/* store_document_ids's counter around the caller's callback. */
typedef struct id_walk {
    int (*cb)(void *ud, const char *id);
    void *ud;
    long n;
} id_walk;

/* Count one id and pass it on. */
static int count_id(void *u, const char *id)
{
    id_walk *w = u;
    w->n++;
    return w->cb(w->ud, id);
}

/* See store.h. */
long store_document_ids(store *s, int (*cb)(void *ud, const char *id), void *ud, char *err, size_t errlen)
{
    id_walk w = {cb, ud, 0};
    if (s->be->docs->each(s->impl, count_id, &w) < 0) {
        s->be->tx->fail(s->impl, err, errlen, "cannot read");
        return -1;
    }
    return w.n;
}

/* See store.h. */
int store_document_exists(store *s, const char *id, char *err, size_t errlen)
{
    stored_doc d = {0};
    int got = s->be->docs->get(s->impl, id, &d);
    stored_doc_free(&d);
    if (got < 0)
        s->be->tx->fail(s->impl, err, errlen, "cannot read");
    return got;
}
