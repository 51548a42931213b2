/*
 * event_place.c - where an event happened: the place mentions of its own
 * sentences scored against each other (precision, a cue word, the headline,
 * distance from where the event is first told, a place abroad), the
 * article's salient place or its country when its sentences name none, and
 * fire across a border placed on the side it landed on. Part of the resolve
 * stage (resolve_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "resolve_int.h"

/* Build *pi, the place mentions grouped by sentence (a counting sort). Returns
 * 0, or -1 on arena exhaustion. */
int build_place_index(analysis *an, place_index *pi)
{
    size_t ns = an->td.nsents;
    pi->start = arena_alloc(an->a, (ns + 2) * sizeof *pi->start);
    pi->idx = arena_alloc_raw(an->a, (an->nplaces + 1) * sizeof *pi->idx);
    if (!pi->start || !pi->idx)
        return -1;
    for (size_t p = 0; p < an->nplaces; p++)
        pi->start[an->places[p].sent + 1]++;
    for (size_t k = 0; k < ns + 1; k++)
        pi->start[k + 1] += pi->start[k];
    uint32_t *fill = arena_alloc(an->a, (ns + 1) * sizeof *fill);
    if (!fill)
        return -1;
    memcpy(fill, pi->start, (ns + 1) * sizeof *fill);
    for (size_t p = 0; p < an->nplaces; p++)
        pi->idx[fill[an->places[p].sent]++] = (uint32_t)p;
    return 0;
}

/* Score one place mention as the place of event e (higher is better). */
static double place_score(const analysis *an, const event *e, const place_mention *pm, int own)
{
    const geo_place *g = &pm->cand[pm->chosen];
    double s = own ? 0 : -2.5;
    s += g->kind == GEO_CITY ? 6 : g->kind == GEO_ADMIN2 ? 4 : g->kind == GEO_ADMIN1 ? 2 : -1;
    if (pm->cue)
        s += 2;
    /* "the Kabul government said ... in Ghazni province", "a cleric from Mosul
     * was shot dead in Baghdad" */
    if (pm->modifier)
        s -= 3;
    /* a place the text introduces ("the town of L'Estere, near Gonaives") is
     * more precise than the known place it is located by */
    if (g->flags & GEO_F_UNRESOLVED)
        s += 1;
    /* the area of a more specific place the text names ("Kandahar" in "in
     * Qalagai Bala, Kandahar") is where the event is only when that place
     * cannot be its place */
    if (pm->parent)
        s -= 5;
    if (pm->sent == e->first_sent)
        s += 2;
    if (an->sents[pm->sent].in_title)
        s += 1;
    /* a place abroad is rarely where the article's incident happened, unless
     * the incident's own sentence puts it there ("airstrikes in northern Iraq"),
     * and never when the headline of the incident names it */
    if (an->top_cc[0] && memcmp(g->cc, an->top_cc, 2) != 0 && !(own && an->sents[pm->sent].in_title))
        s -= own && pm->cue ? 2 : 4;
    s -= 0.05 * (double)(pm->sent > e->first_sent ? pm->sent - e->first_sent : e->first_sent - pm->sent);
    return s;
}

/* Can the mention be an event's place: resolved, not context-only, not a dateline? */
static int usable_place(const place_mention *pm)
{
    return pm->chosen >= 0 && !pm->context_only && !pm->dateline;
}

/* See resolve_int.h. */
int index_other_places(analysis *an, place_index *pi, const int *sent_event)
{
    size_t ns = an->td.nsents;
    pi->nother = 0;
    pi->other = arena_alloc_raw(an->a, (ns + 1) * sizeof *pi->other);
    if (!pi->other)
        return -1;
    for (size_t s = 0; s < ns; s++) {
        if (sent_event[s] >= 0 || an->sents[s].past)
            continue;
        for (uint32_t q = pi->start[s]; q < pi->start[s + 1]; q++)
            if (usable_place(&an->places[pi->idx[q]])) {
                pi->other[pi->nother++] = (uint32_t)s;
                break;
            }
    }
    return 0;
}

/* The most place_score gives a place of another sentence d sentences from
 * the event's first one (a city, after a cue, introduced by the text, in the
 * headline and in the first sentence, less 2.5 and 0.05 a sentence), with a
 * margin for rounding. */
static double other_place_bound(uint32_t d)
{
    return 6 + 2 + 1 + 1 + 2 - 2.5 + 0.5 - 0.05 * (double)d;
}

/* Of the places of the sentences pi->other (outside any event), the one that
 * scores best as the place of event e, when it beats *bests: the highest
 * score, on a tie the first in an->places (as a scan of every place in text
 * order would choose). The sentences are read outward from the event's first
 * one and no further than other_place_bound allows a better place: linear
 * in the document over all its events. */
static const place_mention *best_other_place(const analysis *an, const event *e, const place_index *pi,
                                             double *bests)
{
    const place_mention *best = NULL;
    uint32_t f = e->first_sent;
    size_t hi = bisect_u32(pi->other, sizeof *pi->other, 0, 0, pi->nother, f), lo = hi;
    while (lo > 0 || hi < pi->nother) {
        /* the nearer of the next sentence before and the next after */
        uint32_t db = lo > 0 ? f - pi->other[lo - 1] : UINT32_MAX;
        uint32_t da = hi < pi->nother ? pi->other[hi] - f : UINT32_MAX;
        uint32_t s = db <= da ? pi->other[--lo] : pi->other[hi++];
        if (other_place_bound(db <= da ? db : da) < *bests)
            break;
        for (uint32_t q = pi->start[s]; q < pi->start[s + 1]; q++) {
            const place_mention *pm = &an->places[pi->idx[q]];
            if (!usable_place(pm) || pm->meeting) /* (violent events only come here) */
                continue;
            double sc = place_score(an, e, pm, 0);
            if (sc > *bests || (sc == *bests && best && pm < best)) {
                *bests = sc;
                best = pm;
            }
        }
    }
    return best;
}

/* Choose the event's place. Candidates: the places of its own sentences; for a
 * current violent event also the places of current sentences that belong to
 * no event (the lead often names the country, a later sentence the town), at
 * a cost. sent_event[s] is the event sentence s belongs to, or -1. */
void choose_event_place(const analysis *an, event *e, sentset own, const place_index *pi,
                        const int *sent_event)
{
    const place_mention *best = NULL;
    double bests = -1e9;
    for (size_t k = 0; k < own.n; k++) {
        uint32_t s = own.s[k];
        for (uint32_t q = pi->start[s]; q < pi->start[s + 1]; q++) {
            const place_mention *pm = &an->places[pi->idx[q]];
            /* a meeting's place is where talks were held, not violence */
            if (!usable_place(pm) || (pm->meeting && e->violent))
                continue;
            double sc = place_score(an, e, pm, 1);
            if (sc > bests) {
                bests = sc;
                best = pm;
            }
        }
    }
    (void)sent_event; /* (read by index_other_places) */
    if (e->violent && !e->background) {
        const place_mention *other = best_other_place(an, e, pi, &bests);
        if (other)
            best = other;
    }
    e->place = best;
}

/* A copy of place mention pm that names its candidate c and may be an event's
 * place (even when pm itself only gave context). NULL when the arena is
 * exhausted. */
static const place_mention *place_as(analysis *an, const place_mention *pm, int c)
{
    place_mention *copy = arena_alloc_raw(an->a, sizeof *copy);
    if (!copy)
        return NULL;
    *copy = *pm;
    copy->chosen = c;
    copy->context_only = 0;
    return copy;
}

/* The first country the article names (by name or demonym) that is cc (same)
 * or is not cc (!same), as a place at country precision; NULL when none. */
static const place_mention *country_mention(analysis *an, const char *cc, int same)
{
    for (size_t p = 0; p < an->nplaces; p++) {
        const place_mention *pm = &an->places[p];
        for (int c = 0; c < pm->ncand; c++)
            if (pm->cand[c].kind == GEO_COUNTRY && (memcmp(pm->cand[c].cc, cc, 2) == 0) == same)
                return place_as(an, pm, c);
    }
    return NULL;
}

/* Fire across a line lands on the other side: when a state's shelling or
 * firing ("Indian shelling in Kashmir") is placed in a name the gazetteer
 * gives to both sides, and the chosen side is the attacker's, take the other
 * side's place of the same name. */
void cross_border_place(analysis *an, event *e)
{
    if (!e->cross_fire || !e->place || e->place->chosen < 0 || !e->has_actor1)
        return;
    const place_mention *pm = e->place;
    if (memcmp(pm->cand[pm->chosen].cc, e->actor1.cc, 2) != 0)
        return;
    for (int c = 0; c < pm->ncand; c++) {
        const geo_place *g = &pm->cand[c];
        if (memcmp(g->cc, e->actor1.cc, 2) == 0 || g->kind != pm->cand[pm->chosen].kind)
            continue;
        const place_mention *other = place_as(an, pm, c);
        if (other)
            e->place = other;
        return;
    }
    /* the attacker's own country named as the place ("killed in Indian
     * shelling", "India, Pakistan trade fire"): the other country the report
     * names, when it names one */
    if (pm->cand[pm->chosen].kind != GEO_COUNTRY)
        return;
    const place_mention *other = country_mention(an, e->actor1.cc, 0);
    if (other)
        e->place = other;
}

/* qsort order of uint32_t values. */
static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* article_place's reading of the whole document. */
static const place_mention *read_article_place(analysis *an)
{
    size_t n = 0;
    uint32_t *ids = arena_alloc_raw(an->a, (an->nplaces + 1) * sizeof *ids);
    if (!ids)
        return NULL;
    for (size_t p = 0; p < an->nplaces; p++) {
        const place_mention *pm = &an->places[p];
        if (usable_place(pm) && !an->sents[pm->sent].past)
            ids[n++] = pm->cand[pm->chosen].id;
    }
    qsort(ids, n, sizeof *ids, cmp_u32);
    const place_mention *best = NULL;
    double bests = -1e9;
    for (size_t p = 0; p < an->nplaces; p++) {
        const place_mention *pm = &an->places[p];
        if (!usable_place(pm) || an->sents[pm->sent].past)
            continue;
        const geo_place *g = &pm->cand[pm->chosen];
        uint32_t key = g->id;
        size_t lo = bisect_u32(ids, sizeof *ids, 0, 0, n, key);
        size_t count = (key == UINT32_MAX ? n : bisect_u32(ids, sizeof *ids, 0, lo, n, key + 1)) - lo;
        double sc = (double)count * 2 + (g->kind == GEO_CITY ? 3 : g->kind == GEO_COUNTRY ? 0 : 1) -
                    0.1 * pm->sent;
        if (sc > bests) {
            bests = sc;
            best = pm;
        }
    }
    return best;
}

/* The article's most salient real place (not a dateline, not in a past
 * sentence), for current events whose sentences name none: the most often
 * named, a town before an area, an early mention before a late one. Read
 * once a document (an->article_place). */
const place_mention *article_place(analysis *an)
{
    if (!an->article_place_read) {
        an->article_place = read_article_place(an);
        an->article_place_read = 1;
    }
    return an->article_place;
}

/* When no place of the event or the article can be used, the article's
 * dominant country (from a country name or a demonym), at country precision.
 * Read once a document (an->country_place). */
const place_mention *country_place(analysis *an)
{
    if (!an->country_place_read) {
        an->country_place = an->top_cc[0] ? country_mention(an, an->top_cc, 1) : NULL;
        an->country_place_read = 1;
    }
    return an->country_place;
}
