/*
 * bulk.c - bulk loading (store.h "bulk loading", `tacitus ingest --bulk`):
 * documents gathered in memory, sorted in (publication date, id) order,
 * grouped into incidents in memory, and written in one transaction through
 * the backend's bulk_ops: each document's row, then its events' rows as they
 * join their incidents, then every incident, reconciled once from its members.
 *
 * The grouping is the incremental one: store_group_events of store.c, with
 * group_ops that answer from memory what the backends answer with SQL. The
 * candidate search (bulk_find) offers an event what the backends' queries
 * return (store_int.h cand_win): the events of its country whose days reach
 * its windows, only those in the box around it when both have coordinates and
 * neither place is coarse, and, for a city, the city-level events near it that
 * nothing places in time. Each stored event's facts are read back from its
 * row's text, as a backend's cand_from_text reads them, so that every decision
 * equals the incremental path's. Events are indexed by (country, kind, 8-day
 * bucket) in one hash table, so a search reads a few buckets, not the store.
 *
 * Memory: while gathering, each document's strings, record and text; while
 * loading, about 1 KB of facts per event and its JSON until its incident is
 * written. Records, texts and JSON live in bump arenas, freed a phase at a time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incident.h"
#include "store.h"
#include "store_int.h"

/* Dated events spanning at most this many days are indexed by their start's
 * bucket; longer ones are kept in one list per country. */
#define BK_SPAN 31
/* Days per bucket (a power of two). */
#define BK_BUCKET_SHIFT 3

enum bk_kind { BK_DATED = 1, BK_LONG, BK_UNDATED, BK_TIMELESS, BK_CITY };

/* Bump allocation for what a load keeps until a phase ends (records and texts
 * until every document is loaded, events' JSON until every incident is
 * written), freed at once: freeing millions of small blocks in another order
 * than they were made fragments malloc's heap, which then spent more time
 * merging free chunks than the load spent grouping. */
typedef struct bk_chunk {
    struct bk_chunk *next;
    size_t used, cap;
    char data[];
} bk_chunk;
#define BK_CHUNK (16u << 20)

/* A NUL-terminated copy of the n bytes at s in *arena, or NULL when out of memory. */
static char *arena_copy(bk_chunk **arena, const char *s, size_t n)
{
    bk_chunk *c = *arena;
    if (!c || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > BK_CHUNK ? n + 1 : BK_CHUNK;
        if (!(c = malloc(sizeof *c + cap)))
            return NULL;
        c->next = *arena, c->used = 0, c->cap = cap;
        *arena = c;
    }
    char *p = c->data + c->used;
    memcpy(p, s, n);
    p[n] = '\0';
    c->used += n + 1;
    return p;
}

static void arena_free(bk_chunk **arena)
{
    while (*arena) {
        bk_chunk *next = (*arena)->next;
        free(*arena);
        *arena = next;
    }
}

/* One gathered document. */
typedef struct bk_doc {
    store_doc d;      /* strings owned: id, url, title, published, source and hash in one
                       * malloc'd block (see doc_copy), text on its own until written */
    char *block;
    char *rec;        /* its coded record as JSON text, until it is grouped */
    size_t reclen;
    size_t ord;       /* input order */
    long long seq;    /* report number once sorted; 0 = a duplicate, not stored */
} bk_doc;

/* One grouped event (its row is written when it is grouped). */
typedef struct bk_event {
    inc_event f;      /* its facts as its row reads back (cand_from_text) */
    char *json;       /* its compact JSON (the row's), malloc'd, until its incident is written */
    uint32_t doc, inc;
    uint8_t lp;       /* its row's loc_precision (enum inc_lprec; NONE also for other text) */
    uint8_t point;    /* its row has lat and lon */
    uint8_t dated;    /* its row has a valid date_start (f.day_start, day_end: the span) */
} bk_event;

/* A list of event indexes. */
typedef struct bk_vec {
    uint32_t *v;
    uint32_t n, cap;
} bk_vec;

typedef struct bk_incident {
    bk_vec m; /* members in report order (published, undated last; seq; id) */
} bk_incident;

/* One slot of the index: events of one country, kind and bucket. */
typedef struct bk_slot {
    char cc[4];
    int kind;     /* 0 = empty slot */
    long bucket;
    bk_vec list;
    long max_short; /* (the BK_LONG slot of a country) the longest span of its BK_DATED events */
} bk_slot;

struct store_bulk {
    store *s;
    const store_backend *be;
    void *impl;
    bk_doc *docs;
    size_t ndocs, capdocs;
    bk_event *evs;
    size_t nevs, capevs;
    bk_incident *incs;
    size_t nincs, capincs;
    bk_slot *slots;
    size_t nslots, used; /* nslots a power of two */
    uint32_t cur_doc;    /* the document being grouped */
    bk_chunk *texts;     /* the documents' records and texts (arena_copy) */
    bk_chunk *jsons;     /* the events' JSON */
    int dberr;           /* a write failed (else a failure is for want of memory) */
};

static int vec_push(bk_vec *v, uint32_t x)
{
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? 2 * v->cap : 4;
        uint32_t *nv = realloc(v->v, cap * sizeof *nv);
        if (!nv)
            return -1;
        v->v = nv, v->cap = cap;
    }
    v->v[v->n++] = x;
    return 0;
}

/* ---- the index: (country, kind, bucket) -> events */

static size_t slot_hash(const char *cc, int kind, long bucket)
{
    uint64_t h = 1469598103934665603ull;
    for (const char *p = cc; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h = (h ^ (uint64_t)kind) * 1099511628211ull;
    h = (h ^ (uint64_t)bucket) * 1099511628211ull;
    return (size_t)(h ^ (h >> 29));
}

/* The slot of (cc, kind, bucket): found, or NULL when absent and !create (or out of memory). */
static bk_slot *slot_get(store_bulk *b, const char *cc, int kind, long bucket, int create)
{
    if (create && 2 * (b->used + 1) > b->nslots) {
        size_t ns = b->nslots ? 2 * b->nslots : 1024;
        bk_slot *t = calloc(ns, sizeof *t);
        if (!t)
            return NULL;
        for (size_t i = 0; i < b->nslots; i++) {
            bk_slot *o = &b->slots[i];
            if (!o->kind)
                continue;
            size_t h = slot_hash(o->cc, o->kind, o->bucket) & (ns - 1);
            while (t[h].kind)
                h = (h + 1) & (ns - 1);
            t[h] = *o;
        }
        free(b->slots);
        b->slots = t, b->nslots = ns;
    }
    if (!b->nslots)
        return NULL;
    size_t h = slot_hash(cc, kind, bucket) & (b->nslots - 1);
    for (; b->slots[h].kind; h = (h + 1) & (b->nslots - 1)) {
        bk_slot *s = &b->slots[h];
        if (s->kind == kind && s->bucket == bucket && strcmp(s->cc, cc) == 0)
            return s;
    }
    if (!create)
        return NULL;
    bk_slot *s = &b->slots[h];
    snprintf(s->cc, sizeof s->cc, "%s", cc);
    s->kind = kind, s->bucket = bucket;
    b->used++;
    return s;
}

static int index_add(store_bulk *b, const char *cc, int kind, long bucket, uint32_t e)
{
    bk_slot *s = slot_get(b, cc, kind, bucket, 1);
    return s && vec_push(&s->list, e) == 0 ? 0 : -1;
}

/* Index event e under its country by what places it in time, and among the
 * city-level events of its country. */
static int index_event(store_bulk *b, uint32_t e)
{
    const bk_event *x = &b->evs[e];
    const char *cc = x->f.cc;
    int rc;
    if (x->dated && x->f.day_end - x->f.day_start <= BK_SPAN && x->f.day_end >= x->f.day_start) {
        bk_slot *l = slot_get(b, cc, BK_LONG, 0, 1); /* (a search reaches back this span) */
        if (!l)
            return -1;
        if (x->f.day_end - x->f.day_start > l->max_short)
            l->max_short = x->f.day_end - x->f.day_start;
        rc = index_add(b, cc, BK_DATED, x->f.day_start >> BK_BUCKET_SHIFT, e);
    } else if (x->dated)
        rc = index_add(b, cc, BK_LONG, 0, e);
    else if (x->f.published >= 0)
        rc = index_add(b, cc, BK_UNDATED, x->f.published >> BK_BUCKET_SHIFT, e);
    else
        rc = index_add(b, cc, BK_TIMELESS, 0, e);
    if (rc == 0 && x->lp == INC_L_CITY)
        rc = index_add(b, cc, BK_CITY, 0, e);
    return rc;
}

/* ---- the candidate search: what the backends' queries return (find_incident) */

/* One search: the event, its windows as day numbers, and where results go. */
typedef struct bk_search {
    store_bulk *b;
    const inc_event *ev;
    const cand_win *w;
    long dlo, dhi, far, ulo, uhi;
    char (*used)[32];
    size_t nused;
    cand_set *set;
} bk_search;

static int in_box(const bk_search *q, const bk_event *x)
{
    return x->point && x->f.lat >= q->ev->lat - q->w->box && x->f.lat <= q->ev->lat + q->w->box &&
           x->f.lon >= q->ev->lon - q->w->boxlon && x->f.lon <= q->ev->lon + q->w->boxlon;
}

/* The backends' date test of a candidate: a dated one reaching [dlo, dhi]
 * and starting on or after far, an undated one published in [ulo, uhi]. */
static int in_days(const bk_search *q, const bk_event *x)
{
    if (x->dated)
        return x->f.day_start <= q->dhi && x->f.day_start >= q->far && x->f.day_end >= q->dlo;
    return x->f.published >= 0 && x->f.published >= q->ulo && x->f.published <= q->uhi;
}

static void offer(const bk_search *q, uint32_t e)
{
    const store_bulk *b = q->b;
    const bk_event *x = &b->evs[e];
    char iid[32];
    snprintf(iid, sizeof iid, "INC-%06u", x->inc + 1);
    cand_consider_facts(&x->f, b->docs[x->doc].d.id, iid, q->ev, q->used, q->nused, q->set);
}

/* A dated or undated candidate of ev's country in the windows' days: for a
 * precise event, a candidate with coordinates must be in its box unless it is
 * coarse (admin1 or country). */
static void consider(const bk_search *q, uint32_t e)
{
    const bk_event *x = &q->b->evs[e];
    if (!in_days(q, x) || strcmp(x->f.cc, q->ev->cc) != 0)
        return;
    if (q->w->precise && x->point && x->lp != INC_L_ADMIN1 && x->lp != INC_L_COUNTRY && !in_box(q, x))
        return;
    offer(q, e);
}

static void scan_slot(const bk_search *q, const char *cc, int kind, long bucket)
{
    bk_slot *s = slot_get(q->b, cc, kind, bucket, 0);
    for (uint32_t i = 0; s && i < s->list.n; i++)
        consider(q, s->list.v[i]);
}

/* The dated and undated events of country cc that the windows reach. */
static void scan_country(const bk_search *q, const char *cc)
{
    bk_slot *l = slot_get(q->b, cc, BK_LONG, 0, 0); /* (none: the country has no dated event) */
    for (long k = (q->dlo - (l ? l->max_short : 0)) >> BK_BUCKET_SHIFT; l && k <= q->dhi >> BK_BUCKET_SHIFT; k++)
        scan_slot(q, cc, BK_DATED, k);
    scan_slot(q, cc, BK_LONG, 0);
    for (long k = q->ulo >> BK_BUCKET_SHIFT; k <= q->uhi >> BK_BUCKET_SHIFT; k++)
        scan_slot(q, cc, BK_UNDATED, k);
}

/* The city-level events of ev's country in its box: those nothing places in
 * time, or all of them when ev itself has no day. */
static void scan_cities(const bk_search *q)
{
    bk_slot *s = slot_get(q->b, q->ev->cc, q->w->timeless ? BK_CITY : BK_TIMELESS, 0, 0);
    for (uint32_t i = 0; s && i < s->list.n; i++) {
        const bk_event *x = &q->b->evs[s->list.v[i]];
        if (x->lp == INC_L_CITY && in_box(q, x))
            offer(q, s->list.v[i]);
    }
}

/* group_ops.find */
static int bulk_find(void *impl, const inc_event *ev, char (*used)[32], size_t nused, cand_set *set)
{
    cand_win w;
    if (!cand_window(ev, &w))
        return 0;
    bk_search q = {impl, ev, &w, inc_day(w.dlo), inc_day(w.dhi), inc_day(w.far), inc_day(w.ulo), inc_day(w.uhi),
                   used, nused, set};
    if (w.city)
        scan_cities(&q);
    if (w.timeless)
        return 0;
    scan_country(&q, ev->cc);
    return 0;
}

/* group_ops.member_facts: the first CORE_MEMBERS members of incident iid. */
static int bulk_member_facts(void *impl, const char *iid, void (*add)(void *ud, const inc_event *e), void *ud)
{
    store_bulk *b = impl;
    unsigned long n = strtoul(iid + 4, NULL, 10);
    if (strncmp(iid, "INC-", 4) != 0 || n < 1 || n > b->nincs)
        return 0;
    const bk_vec *m = &b->incs[n - 1].m;
    for (uint32_t i = 0; i < m->n && i < CORE_MEMBERS; i++)
        add(ud, &b->evs[m->v[i]].f);
    return 0;
}

/* group_ops.members: never called (member_facts answers) */
static int bulk_members(void *impl, const char *iid, int targets,
                        void (*row)(void *ud, const char *const col[CAND_NCOLS]), void *ud)
{
    (void)impl, (void)iid, (void)targets, (void)row, (void)ud;
    return -1;
}

/* group_ops.create: incident number nincs + 1. */
static int bulk_create(void *impl, const char *now, char out[32])
{
    store_bulk *b = impl;
    (void)now;
    if (b->nincs == b->capincs) {
        size_t cap = b->capincs ? 2 * b->capincs : 1024;
        bk_incident *n = realloc(b->incs, cap * sizeof *n);
        if (!n)
            return -1;
        b->incs = n, b->capincs = cap;
    }
    memset(&b->incs[b->nincs], 0, sizeof b->incs[0]);
    b->nincs++;
    snprintf(out, 32, "INC-%06zu", b->nincs);
    return 0;
}

/* Does member x come before member y in report order (the backends'
 * members query: publication day, unknown last, then seq, then id)? */
static int report_before(const store_bulk *b, const bk_event *x, const bk_event *y)
{
    const char *px = store_doc_published(&b->docs[x->doc].d), *py = store_doc_published(&b->docs[y->doc].d);
    if (!px != !py)
        return px != NULL;
    int c = px ? strcmp(px, py) : 0;
    if (c)
        return c < 0;
    if (b->docs[x->doc].seq != b->docs[y->doc].seq)
        return b->docs[x->doc].seq < b->docs[y->doc].seq;
    return strcmp(x->f.id, y->f.id) < 0; /* (never reached: an incident has one event of a document) */
}

/* Add event e to incident number n's members, in report order. */
static int member_insert(store_bulk *b, bk_incident *inc, uint32_t e)
{
    if (vec_push(&inc->m, e) < 0)
        return -1;
    uint32_t i = inc->m.n - 1;
    for (; i > 0 && report_before(b, &b->evs[e], &b->evs[inc->m.v[i - 1]]); i--)
        inc->m.v[i] = inc->m.v[i - 1];
    inc->m.v[i] = e;
    return 0;
}

/* The facts of an event as a backend reads them back from its row r (the
 * candidate columns CAND_COLS, and its target type). */
static void facts_of_row(const event_row *r, const char *target, inc_event *f)
{
    static const int from[CAND_NCOLS - 1] = {0,  1,  4,  5,  6,  7,  3,  8,  9,  10, 11, 12,
                                             13, 14, 15, 16, 17, 18, 19, 23, 24, 26, 2,  28};
    const char *col[CAND_NCOLS];
    for (int i = 0; i < CAND_NCOLS - 1; i++)
        col[i] = r->v[from[i]];
    col[CAND_NCOLS - 1] = target;
    cand_from_text(col, f);
}

static int lprec_of(const char *s)
{
    static const char *const lp[] = {"city", "admin2", "admin1", "country"};
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, lp[i]) == 0)
            return i + 1;
    return INC_L_NONE;
}

/* group_ops.insert: the event's row written, and the event in memory, its
 * incident's members and the index. */
static int bulk_insert(void *impl, const json_t *ev, const inc_event *ie, const char *doc_id, const char *published,
                       const char *incident, const char *why, long long seq)
{
    store_bulk *b = impl;
    if (b->nevs == b->capevs) {
        size_t cap = b->capevs ? 2 * b->capevs : 4096;
        bk_event *n = realloc(b->evs, cap * sizeof *n);
        if (!n)
            return -1;
        b->evs = n, b->capevs = cap;
    }
    unsigned long num = strtoul(incident + 4, NULL, 10);
    if (num < 1 || num > b->nincs)
        return -1;
    event_row r;
    if (event_row_fill(&r, ev, ie, doc_id, published, incident, why, seq) < 0) {
        event_row_free(&r);
        return -1;
    }
    bk_event *x = &b->evs[b->nevs];
    memset(x, 0, sizeof *x);
    facts_of_row(&r, ie->target_type[0] ? ie->target_type : NULL, &x->f);
    int rc = b->be->bulk->event(b->impl, &r);
    x->json = arena_copy(&b->jsons, r.json, strlen(r.json));
    event_row_free(&r);
    if (rc < 0 || !x->json) {
        b->dberr = rc < 0;
        return -1;
    }
    x->doc = b->cur_doc;
    x->inc = (uint32_t)(num - 1);
    x->lp = (uint8_t)lprec_of(r.v[19]);
    x->point = r.v[17] && r.v[18];
    x->dated = x->f.day_start >= 0 && r.v[9] != NULL;
    if (!x->dated)
        x->f.day_start = x->f.day_end = -1;
    uint32_t e = (uint32_t)b->nevs++;
    return member_insert(b, &b->incs[x->inc], e) == 0 && index_event(b, e) == 0 ? 0 : -1;
}

static const group_ops bulk_group = {bulk_find, bulk_members, bulk_create, bulk_insert, bulk_member_facts};

/* ---- gathering */

int store_bulk_begin(store *s, store_bulk **out, char *err, size_t errlen)
{
    *out = NULL;
    void *impl;
    const store_backend *be = store_backend_of(s, &impl);
    if (!be->bulk) {
        snprintf(err, errlen, "bulk loading is not available on the %s backend", be->name);
        return -1;
    }
    long n = be->count(impl, "documents");
    if (n != 0) {
        snprintf(err, errlen, n < 0 ? "cannot count the stored documents"
                                    : "the store already holds %ld documents: --bulk loads an empty store"
                                      " (add to this one without --bulk)", n);
        return -1;
    }
    store_bulk *b = calloc(1, sizeof *b);
    if (!b) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    b->s = s, b->be = be, b->impl = impl;
    *out = b;
    return 0;
}

/* Copy d's strings into k: its text to the arena, the others in one block.
 * Returns 0, or -1 when out of memory. */
static int doc_copy(store_bulk *b, bk_doc *k, const store_doc *d)
{
    const char *src[6] = {d->id, d->url, d->title, d->published, d->source, d->hash};
    size_t len[6], total = 0;
    for (int i = 0; i < 6; i++)
        total += (len[i] = src[i] ? strlen(src[i]) : 0) + 1;
    char *p = k->block = malloc(total);
    char *text = d->text ? arena_copy(&b->texts, d->text, d->len) : NULL;
    if (!p || (d->text && !text))
        return -1;
    const char **dst[6] = {&k->d.id, &k->d.url, &k->d.title, &k->d.published, &k->d.source, &k->d.hash};
    for (int i = 0; i < 6; i++) {
        *dst[i] = src[i] ? p : NULL;
        if (src[i])
            memcpy(p, src[i], len[i]);
        p[len[i]] = '\0';
        p += len[i] + 1;
    }
    k->d.text = text;
    k->d.len = text ? d->len : 0;
    return 0;
}

/* Forget what k holds until it is written: its text and its record (the
 * arena b->texts frees them). */
static void doc_release(bk_doc *k)
{
    k->d.text = NULL, k->d.len = 0;
    k->rec = NULL;
}

int store_bulk_add(store_bulk *b, const store_doc *d, const char *record, size_t len, char *err, size_t errlen)
{
    if (b->ndocs == b->capdocs) {
        size_t cap = b->capdocs ? 2 * b->capdocs : 1024;
        bk_doc *n = realloc(b->docs, cap * sizeof *n);
        if (!n) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        b->docs = n, b->capdocs = cap;
    }
    bk_doc *k = &b->docs[b->ndocs];
    memset(k, 0, sizeof *k);
    if (doc_copy(b, k, d) < 0 || !(k->rec = arena_copy(&b->texts, record, len))) {
        free(k->block);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    k->reclen = len;
    k->ord = b->ndocs++;
    return 0;
}

int store_bulk_code(store_bulk *b, tac_coder *c, const store_doc *d, int *dated, char *err, size_t errlen)
{
    store_doc sd;
    const char *text;
    json_t *rec = store_code_record(c, d, &sd, &text, err, errlen);
    if (!rec)
        return -2;
    *dated = sd.published != NULL;
    int rc = store_bulk_add(b, &sd, text, strlen(text), err, errlen);
    json_decref(rec);
    return rc;
}

void store_bulk_free(store_bulk *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->ndocs; i++)
        free(b->docs[i].block);
    arena_free(&b->texts);
    arena_free(&b->jsons);
    for (size_t i = 0; i < b->nincs; i++)
        free(b->incs[i].m.v);
    for (size_t i = 0; i < b->nslots; i++)
        free(b->slots[i].list.v);
    free(b->docs);
    free(b->evs);
    free(b->incs);
    free(b->slots);
    free(b);
}

/* ---- finishing: sort, skip duplicates, group, write */

/* Report order of the load: publication date (undated last), then id, then input order. */
static int doc_cmp(const void *x, const void *y)
{
    const bk_doc *a = x, *b = y;
    const char *pa = store_doc_published(&a->d), *pb = store_doc_published(&b->d);
    if (!pa != !pb)
        return pa ? -1 : 1;
    int c = pa ? strcmp(pa, pb) : 0;
    if (!c)
        c = strcmp(a->d.id, b->d.id);
    return c ? c : a->ord < b->ord ? -1 : a->ord > b->ord;
}

/* A set of strings (borrowed), for the duplicate test. */
typedef struct str_set {
    const char **v;
    size_t n, cap; /* cap a power of two */
} str_set;

/* Add s: 1 when it was there, 0 added, -1 out of memory. */
static int set_add(str_set *t, const char *s)
{
    if (2 * (t->n + 1) > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 4096;
        const char **v = calloc(cap, sizeof *v);
        if (!v)
            return -1;
        for (size_t i = 0; i < t->cap; i++)
            if (t->v[i]) {
                size_t h = slot_hash(t->v[i], 0, 0) & (cap - 1);
                while (v[h])
                    h = (h + 1) & (cap - 1);
                v[h] = t->v[i];
            }
        free(t->v);
        t->v = v, t->cap = cap;
    }
    size_t h = slot_hash(s, 0, 0) & (t->cap - 1);
    for (; t->v[h]; h = (h + 1) & (t->cap - 1))
        if (strcmp(t->v[h], s) == 0)
            return 1;
    t->v[h] = s;
    t->n++;
    return 0;
}

/* Sort the documents and number them; a document whose id or text hash an
 * earlier one has gets seq 0. Returns the documents kept, or -1 when out of memory. */
static long number_documents(store_bulk *b)
{
    qsort(b->docs, b->ndocs, sizeof *b->docs, doc_cmp);
    str_set ids = {0}, hashes = {0};
    long kept = 0;
    for (size_t i = 0; i < b->ndocs && kept >= 0; i++) {
        int a = set_add(&ids, b->docs[i].d.id), h = a ? a : set_add(&hashes, b->docs[i].d.hash);
        if (a < 0 || h < 0)
            kept = -1;
        else if (!a && !h)
            b->docs[i].seq = ++kept;
    }
    free(ids.v);
    free(hashes.v);
    return kept;
}

/* Write kept document k's row, then group its events in report order, each
 * event's row written as it joins its incident; k's record and text are
 * freed. Returns 0, or -1 (b->dberr set when the database failed). */
static int load_document(store_bulk *b, size_t i, dirty_set *joined, const char *now, store_bulk_result *res)
{
    bk_doc *k = &b->docs[i];
    json_t *rec = json_loadb(k->rec, k->reclen, 0, NULL);
    const json_t *events = json_object_get(rec, "events");
    int rc = rec ? 0 : -1;
    if (rc == 0 && b->be->bulk->document(b->impl, &k->d, now, json_array_size(events), k->seq) < 0)
        rc = -1, b->dberr = 1;
    doc_release(k);
    store_result r = {0};
    b->cur_doc = (uint32_t)i;
    if (rc == 0)
        rc = store_group_events(b, &bulk_group, joined, events, k->d.id, store_doc_published(&k->d), k->seq,
                                now, &r);
    dirty_clear(joined);
    json_decref(rec);
    res->events += r.events;
    res->joined += r.updated;
    return rc;
}

/* Reconcile incident n (0-based) from its members (each one's JSON parsed
 * again, then freed) and write it; its span in days into *span (-1
 * undated). Returns 0, or -1 (b->dberr set when the database failed). */
static int write_incident(store_bulk *b, size_t n, const char *now, long *span)
{
    const bk_vec *m = &b->incs[n].m;
    recon r;
    recon_init(&r);
    for (uint32_t i = 0; i < m->n && !r.oom; i++) {
        bk_event *x = &b->evs[m->v[i]];
        const bk_doc *k = &b->docs[x->doc];
        json_t *ev = json_loads(x->json, 0, NULL);
        const json_t *loc = json_object_get(ev, "location"), *d = json_object_get(ev, "date");
        const json_t *la = json_object_get(loc, "lat"), *lo = json_object_get(loc, "lon");
        const char *pub = store_doc_published(&k->d);
        const char *ds = json_string_value(json_object_get(d, "start"));
        const char *de = json_string_value(json_object_get(d, "end"));
        char seq[32], lat[32], lon[32];
        snprintf(seq, sizeof seq, "%lld", k->seq);
        int point = json_is_number(la) && json_is_number(lo);
        snprintf(lat, sizeof lat, "%.17g", json_number_value(la));
        snprintf(lon, sizeof lon, "%.17g", json_number_value(lo));
        const char *col[RECON_NCOLS] = {NULL, k->d.id, k->d.url, pub, seq, point ? lat : NULL, point ? lon : NULL,
                                        json_string_value(json_object_get(loc, "precision")), ds ? ds : pub,
                                        de ? de : pub, k->d.source};
        if (!ev || recon_add_event(&r, ev, col) < 0)
            r.oom = 1;
        json_decref(ev);
        x->json = NULL; /* (b->jsons holds it until every incident is written) */
    }
    char iid[32];
    snprintf(iid, sizeof iid, "INC-%06zu", n + 1);
    incident_row o;
    int rc = !r.oom && incident_row_fill(&o, &r, iid, now) == 0 ? 0 : -1;
    if (rc == 0) {
        *span = o.dated ? (long)(r.days[1] - r.days[0]) : -1;
        if (b->be->bulk->incident(b->impl, &o, &r, (long long)n + 1, now) < 0)
            rc = -1, b->dberr = 1;
        incident_row_free(&o);
    }
    recon_free(&r);
    return rc;
}

/* Load every kept document and write every incident, in one transaction.
 * Returns 0, or -1 with err. */
static int load_all(store_bulk *b, const char *now, store_bulk_result *res, char *err, size_t errlen)
{
    const bulk_ops *ops = b->be->bulk;
    const char *what = "cannot start a transaction";
    dirty_set joined = {0}; /* (the incremental path's batch set; here every incident is written once) */
    int rc = ops->begin(b->impl);
    b->dberr = rc < 0;
    for (size_t i = 0; rc == 0 && i < b->ndocs; i++) {
        what = "cannot store a document";
        if (b->docs[i].seq)
            rc = load_document(b, i, &joined, now, res);
    }
    dirty_free(&joined);
    arena_free(&b->texts); /* (every record and text is written) */
    long max_span = -1;
    for (size_t i = 0; rc == 0 && i < b->nincs; i++) {
        long span;
        what = "cannot store an incident";
        rc = write_incident(b, i, now, &span);
        if (rc == 0 && span > max_span)
            max_span = span;
    }
    arena_free(&b->jsons);
    if (rc == 0) {
        what = "cannot commit";
        rc = ops->commit(b->impl, max_span);
        b->dberr = rc < 0;
    }
    if (rc < 0 && b->dberr)
        b->be->tx->fail(b->impl, err, errlen, what);
    else if (rc < 0)
        snprintf(err, errlen, "out of memory, or a record that is not JSON, while loading %zu documents", b->ndocs);
    if (rc < 0)
        ops->rollback(b->impl);
    return rc;
}

int store_bulk_finish(store_bulk *b, store_bulk_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    char now[24];
    store_now_iso(now);
    long kept = number_documents(b);
    if (kept < 0) {
        snprintf(err, errlen, "out of memory while sorting %zu documents", b->ndocs);
        return -1;
    }
    if (load_all(b, now, r, err, errlen) < 0) {
        memset(r, 0, sizeof *r);
        return -1;
    }
    r->documents = kept;
    r->skipped = (long)b->ndocs - kept;
    r->incidents = (long)b->nincs;
    return 0;
}
