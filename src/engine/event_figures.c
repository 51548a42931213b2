/*
 * event_figures.c - an event's casualty figures reconciled into one count per
 * kind (killed, wounded, kidnapped...): the figure the headline or lead gives,
 * a later revision, the lowest of one sentence, the attackers GTD counts among
 * the dead, and the breakdown of the same total. Part of the resolve stage;
 * event_figure is public (resolve.h) for the exporters.
 */
#include <string.h>

#include "resolve_int.h"

/* How far figure f of kind may state the incident's count: 0 not at all (another
 * kind, a subset, another incident the sentence recalls, or an aggregate
 * restated: "at least 20" after "Bombings kill at least 20"), 4 a number told of one incident, 3 a number told of several
 * incidents together, 2 a vague word ("dozens", ACLED's 12), 1 a zero the
 * words only imply. */
static int figure_rank(const event *e, const figure *f, int kind)
{
    if (f->kind != kind || f->partial || f->elsewhere)
        return 0;
    if (f->implied)
        return 1;
    if (f->vague)
        return 2;
    if (f->aggregate)
        return 3;
    for (int i = 0; i < e->nfigs; i++)
        if (e->figs[i].kind == kind && e->figs[i].aggregate && !e->figs[i].partial && e->figs[i].min == f->min)
            return 3;
    return 4;
}

/* Does figure f count only attackers ("the four gunmen were also killed")? */
static int attackers_only(const figure *f)
{
    if (f->nparts == 0)
        return 0;
    for (int k = 0; k < f->nparts; k++)
        if (f->parts[k].side != SIDE_HOSTILE)
            return 0;
    return 1;
}

/* Of two figures of one sentence, does f state the count rather than g: the
 * lowest, but a count of victims before a count of attackers only ("killed
 * 12 people, and the four gunmen were also killed": the attackers add to the
 * victims, add_attackers_killed)? */
static int lower_in_sentence(const figure *f, const figure *g)
{
    if (attackers_only(f) != attackers_only(g))
        return attackers_only(g);
    return f->min < g->min;
}

/* The figure of kind that states the incident's count, or NULL: among the
 * best ranked (figure_rank: a number of one incident before a number of
 * several, a vague word, an implied zero), the one the headline or lead
 * gives (later sentences mostly give partial counts: "five of them were
 * soldiers"); a later revision of that rank ("the toll rose to 12") replaces
 * it; among figures of one sentence the lowest counts (ACLED: lowest
 * credible). */
static const figure *stated_figure(const event *e, int kind)
{
    const figure *best = NULL;
    int best_rank = 0;
    for (int i = 0; i < e->nfigs; i++) {
        const figure *f = &e->figs[i];
        int r = figure_rank(e, f, kind);
        if (r == 0 || r < best_rank)
            continue;
        if (!best || r > best_rank || f->sent < best->sent ||
            (f->sent == best->sent && lower_in_sentence(f, best))) {
            best = f;
            best_rank = r;
        }
    }
    if (!best)
        return NULL;
    for (int i = 0; i < e->nfigs; i++) {
        const figure *f = &e->figs[i];
        if (f->revised && f->sent > best->sent && figure_rank(e, f, kind) >= best_rank)
            best = f;
    }
    return best;
}

/* GTD counts the attackers among the dead: "The bomber also died", "the
 * army killed 33 attackers" add to a total (best, copied in *out) that
 * counted only the victims -- a figure of attackers only, in another sentence
 * or beside the victims' in the same one, once (a count of more attackers
 * than victims only when it is not told over another stretch of time; not
 * when a total counts them already: "including all five attackers"). */
static void add_attackers_killed(const event *e, const figure *best, figure *out)
{
    int hostile_in_best = best->attackers_in;
    for (int k = 0; k < best->nparts; k++)
        if (best->parts[k].side == SIDE_HOSTILE)
            hostile_in_best = 1;
    /* the same total told elsewhere with its attackers ("seven dead, including
     * all five attackers") */
    for (int i = 0; i < e->nfigs; i++)
        if (e->figs[i].kind == CAS_KILLED && e->figs[i].attackers_in && e->figs[i].min == best->min)
            hostile_in_best = 1;
    for (int i = 0; i < e->nfigs && !hostile_in_best; i++) {
        const figure *f = &e->figs[i];
        if (f == best || f->kind != CAS_KILLED || f->partial || f->quoted || f->elsewhere ||
            f->nparts == 0 || (f->sent == best->sent && !attackers_only(f)))
            continue;
        int64_t hostile = 0;
        for (int k = 0; k < f->nparts; k++) {
            if (f->parts[k].side != SIDE_HOSTILE) {
                hostile = 0; /* a mixed list ("a member of parliament, his son and eight
                              * others") recounts the victims */
                break;
            }
            hostile += f->parts[k].count;
        }
        /* (a larger count of attackers may be another operation's: "the army
         * says 250 rebels were killed since Thursday") */
        if (hostile == 0 || (hostile >= best->min && f->spans_time))
            continue;
        /* "Drone strike kills 5" restated as "killed at least five militants":
         * a count that names no one, told again with its noun */
        if (best->nparts == 0 && hostile == best->min && f->sent != best->sent)
            continue;
        out->min += hostile;
        for (int k = 0; k < f->nparts && out->nparts < FIG_MAX_PARTS; k++) {
            if (f->parts[k].side != SIDE_HOSTILE)
                continue;
            if (out->nparts == 0) {
                out->parts[0].count = best->min;
                out->parts[0].who.start = out->parts[0].who.end = 0;
                out->parts[0].side = SIDE_OTHER;
                out->nparts = 1;
            }
            out->parts[out->nparts++] = f->parts[k];
        }
        break;
    }
}

/* A figure without a breakdown takes the breakdown of the same total stated
 * anywhere in the event. */
static void same_total_breakdown(const event *e, int kind, figure *out)
{
    for (int i = 0; i < e->nfigs; i++) {
        const figure *f = &e->figs[i];
        if (f->kind == kind && !f->partial && f->min == out->min && f->nparts > 1) {
            out->nparts = f->nparts;
            memcpy(out->parts, f->parts, sizeof f->parts);
            break;
        }
    }
}

/* See resolve.h. */
int event_figure(const event *e, int kind, figure *out)
{
    const figure *best = stated_figure(e, kind);
    if (!best)
        return 0;
    *out = *best;
    if (kind == CAS_KILLED)
        add_attackers_killed(e, best, out);
    if (out->nparts == 0)
        same_total_breakdown(e, kind, out);
    return 1;
}
