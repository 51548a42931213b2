/*
 * evidence.c - how strongly a sentence tells political violence, and what a
 * document is about (see evidence.h). One pass over a sentence's mentions; the
 * words come from vocab.txt ("weak" phrases, context phrases) and the actor and
 * agent dictionaries.
 */
#include "evidence.h"

#include "codes.h"
#include "lexicon.h"
#include "resolve.h"

/* See evidence.h. Only the whole match counts, so "bomb blast" stays strong. */
int weak_phrase(const analysis *an, const mention *m)
{
    const mention *w = mention_starting(an, m->first, LK_WEAK);
    return w && w->last == m->last;
}

/* Does the trigger m name an instrument ("missiles", "fighter jets")? An
 * instrument tells no act by itself, so it is weak evidence. */
static int instrument_phrase(const analysis *an, const mention *m)
{
    const mention *w = mention_starting(an, m->first, LK_INSTRUMENT);
    return w && w->last == m->last;
}

/* Is the party mention m a speaker ("police said", "the army also said")
 * rather than a party to what the sentence tells? */
static int speaker(const analysis *an, const sentence *se, const mention *m)
{
    for (uint32_t j = m->last; j < se->last && j < m->last + 3; j++)
        if (mention_starting(an, j, LK_REPORT))
            return 1;
    return 0;
}

/* The kind of party mention m names: 2 a party whose violence is political
 * whatever the word for it (gunmen, militants, a named armed group), 1 state
 * forces or a crowd (police, soldiers, a national army, protesters, rioters:
 * they act politically with a strong word, "police fired tear gas", while
 * "the striker's shot" is football), 0 anyone else (civilians, officials). */
static int party_kind(const analysis *an, const mention *m)
{
    if (m->kind == LK_ACTOR) {
        const lex_actor *a = lexicon_actor(an->lx, m->value);
        if (a->type == AT_REBEL || a->type == AT_POLMIL || a->type == AT_IDMIL)
            return 2;
        return (a->type == AT_STATE && a->is_force) || a->type == AT_RIOTERS || a->type == AT_PROTESTERS;
    }
    const lex_agent *g = lexicon_agent(an->lx, m->value);
    if (g->side == SIDE_HOSTILE)
        return 2;
    return g->side == SIDE_DEMO || (g->side == SIDE_STATE && (g->target == T_POLICE || g->target == T_MILITARY));
}

/* Is the event class a word of violence or of a crowd's dissent? */
static int violence_or_dissent(int cls)
{
    return ev_class_violent(cls) || cls == EV_PROTEST || cls == EV_RIOT || cls == EV_HUNGER_STRIKE;
}

/* See evidence.h. */
int sentence_pv_level(const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    int weak = an->sents[s].nfigs > 0, strong = 0, hostile = 0, state = 0;
    const uint32_t kinds = (1u << LK_EVENT) | (1u << LK_WEAPON) | (1u << LK_CASUALTY) | (1u << LK_ACTOR) |
                           (1u << LK_AGENT);
    for (uint32_t t = se->first; t < se->last; t++) {
        if (!(an->kinds_at[t] & kinds))
            continue; /* most words are none of these */
        const mention *m = mention_starting(an, t, LK_EVENT);
        if (m && violence_or_dissent(m->value)) {
            if (weak_phrase(an, m) || instrument_phrase(an, m))
                weak = 1;
            else
                strong = 1;
        }
        const mention *w = mention_starting(an, t, LK_WEAPON);
        if (w && w->value > 0 && !weak_phrase(an, w) && !instrument_phrase(an, w))
            strong = 1;
        const mention *c = mention_starting(an, t, LK_CASUALTY);
        if (c && (c->value == CAS_KILLED || c->value == CAS_WOUNDED || c->value == CAS_KIDNAPPED))
            weak = 1;
        const mention *p = mention_starting(an, t, LK_ACTOR);
        if (!p)
            p = mention_starting(an, t, LK_AGENT);
        if (p && !speaker(an, se, p)) {
            int k = party_kind(an, p);
            hostile |= k == 2;
            state |= k == 1;
        }
    }
    if ((hostile && (weak || strong)) || (state && strong))
        return PV_ACTED;
    if (strong)
        return PV_STRONG;
    if (weak && (hostile || state))
        return PV_ARMED;
    return weak ? PV_WEAK : PV_NONE;
}

/* See evidence.h. */
int sentence_dated_now(const analysis *an, size_t s)
{
    int d = an->sents[s].date;
    if (d < 0)
        return 0;
    const date_ref *r = &an->dates[d];
    return !r->past && !r->unknown_year && (r->precision == DP_DAY || r->precision == DP_WEEK);
}

/* See evidence.h. */
int context_suppresses(uint32_t ctx, int pv, int dated)
{
    const uint32_t always = (1u << CTX_LEGAL) | (1u << CTX_STATISTICS) | (1u << CTX_HYPOTHETICAL);
    const uint32_t unless_strong = (1u << CTX_ACCIDENT) | (1u << CTX_SPORT);
    const uint32_t unless_acted = (1u << CTX_FICTION) | (1u << CTX_BUSINESS);
    if (ctx & always)
        return 1;
    if ((ctx & unless_strong) && pv < PV_STRONG)
        return 1;
    return (ctx & unless_acted) && pv < PV_ACTED && !(pv >= PV_STRONG && dated);
}

/* See evidence.h. The topic word must stand in the headline, or with no
 * headline in the first sentence of the lead: a trial named in the second
 * headline of a digest, or a memorial in a photo caption, is not what the
 * story is about. */
int document_topic(const analysis *an, const uint8_t *pv)
{
    const uint32_t topics = (1u << CTX_ACCIDENT) | (1u << CTX_SPORT) | (1u << CTX_LEGAL) |
                            (1u << CTX_STATISTICS) | (1u << CTX_FICTION) | (1u << CTX_BUSINESS) |
                            (1u << CTX_PAST);
    int topic = 0, titled = 0, first_lead = 1;
    for (size_t s = 0; s < an->td.nsents; s++)
        titled |= an->sents[s].in_title;
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sent_info *si = &an->sents[s];
        if ((!si->lead && !si->in_title) || si->caption)
            continue;
        uint32_t ctx = si->ctx & topics;
        if ((pv[s] >= PV_ACTED || (pv[s] >= PV_STRONG && !ctx)) &&
            !context_suppresses(si->ctx, pv[s], sentence_dated_now(an, s)))
            return 0; /* the lead tells political violence */
        int names_topic = titled ? si->in_title : first_lead;
        first_lead = 0;
        for (int k = 1; k < CTX_MAX && ctx && !topic && names_topic; k++)
            if (ctx & (1u << k))
                topic = k;
    }
    return topic;
}
