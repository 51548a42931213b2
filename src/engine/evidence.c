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
#include "rules.h"

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

/* Is the party mention m an armed group or a crowd: a named group, or a word
 * whose ACLED type is a rebel group, a militia, rioters or protesters
 * ("bandits", "a gang", "cartel gunmen", "a mob")? Not a generic doer
 * ("gunmen", "robbers", "attackers") nor state forces. */
static int organised_party(const analysis *an, const mention *m)
{
    int type = m->kind == LK_ACTOR ? lexicon_actor(an->lx, m->value)->type
                                   : lexicon_agent(an->lx, m->value)->type;
    return type == AT_REBEL || type == AT_POLMIL || type == AT_IDMIL || type == AT_RIOTERS ||
           type == AT_PROTESTERS;
}

/* Does an arrest word stand within three words of the party mention m ("police
 * arrested a man", "was detained by police")? The party is then the one that
 * arrests, not one that fights. */
static int arresting(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t lo = m->first > se->first + 3 ? m->first - 3 : se->first;
    uint32_t hi = m->last + 3 < se->last ? m->last + 3 : se->last;
    for (uint32_t j = lo; j < hi; j++) {
        if (!(an->kinds_at[j] & ((1u << LK_EVENT) | (1u << LK_CASUALTY))))
            continue;
        const mention *a = mention_starting(an, j, LK_EVENT);
        const mention *c = mention_starting(an, j, LK_CASUALTY);
        if ((a && a->value == EV_ARREST) || (c && c->value == CAS_ARRESTED))
            return 1;
    }
    return 0;
}

/* Does the violent trigger m take the doer's own kin as its object: his or her,
 * perhaps a count, then people ("shot his wife", "stabbed her two children")?
 * Only in a sentence with no party at all: "soldiers killed his men" is not. */
static int own_kin_object(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t t = m->last;
    if (t + 1 >= se->last || !(isw(an, t, "his") || isw(an, t, "her")))
        return 0;
    t++;
    if (TK(an, t)->flags & TOK_NUM || (an->kinds_at[t] & (1u << LK_NUMBER)))
        t++;
    const mention *g = t < se->last ? mention_starting(an, t, LK_AGENT) : NULL;
    return g && lexicon_agent(an->lx, g->value)->side == SIDE_CIVILIAN;
}

/* What sentence_pv_level counts in a sentence. */
typedef struct pv_tally {
    int weak, strong, hostile, state, kin;
} pv_tally;

/* Count the party mention p of sentence se into *n. In a crime sentence
 * (crime), an armed group or a crowd is a party to political violence whatever
 * the word for what it did, state forces are one unless they are the ones
 * arresting, and a generic doer is none: the robber, the jealous husband and
 * the "attackers" of a mugging are a crime's. */
static void count_party(const analysis *an, const sentence *se, const mention *p, int crime, pv_tally *n)
{
    if (speaker(an, se, p))
        return;
    int k = party_kind(an, p);
    if (crime && k && organised_party(an, p))
        k = 2; /* a mob that lynches a thief: ACLED's mob violence */
    else if (crime && k && (k == 2 || arresting(an, se, p)))
        k = 0;
    n->hostile |= k == 2;
    n->state |= k == 1;
}

/* See evidence.h. */
int sentence_pv_level(const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    const int crime = (an->sents[s].ctx >> CTX_CRIME) & 1;
    pv_tally n = {an->sents[s].nfigs > 0, 0, 0, 0, 0};
    const uint32_t kinds = (1u << LK_EVENT) | (1u << LK_WEAPON) | (1u << LK_CASUALTY) | (1u << LK_ACTOR) |
                           (1u << LK_AGENT);
    for (uint32_t t = se->first; t < se->last; t++) {
        if (!(an->kinds_at[t] & kinds))
            continue; /* most words are none of these */
        const mention *m = mention_starting(an, t, LK_EVENT);
        if (m && violence_or_dissent(m->value)) {
            if (weak_phrase(an, m) || instrument_phrase(an, m))
                n.weak = 1;
            else
                n.strong = 1;
            n.kin |= ev_class_violent(m->value) && own_kin_object(an, se, m);
        }
        const mention *w = mention_starting(an, t, LK_WEAPON);
        if (w && w->value > 0 && !weak_phrase(an, w) && !instrument_phrase(an, w))
            n.strong = 1;
        const mention *c = mention_starting(an, t, LK_CASUALTY);
        if (c && (c->value == CAS_KILLED || c->value == CAS_WOUNDED || c->value == CAS_KIDNAPPED))
            n.weak = 1;
        const mention *p = mention_starting(an, t, LK_ACTOR);
        if (!p)
            p = mention_starting(an, t, LK_AGENT);
        if (p)
            count_party(an, se, p, crime, &n);
    }
    if (n.kin && !n.hostile && !n.state)
        return PV_NONE; /* "a man shot his wife": a crime, no evidence of political violence */
    if ((n.hostile && (n.weak || n.strong)) || (n.state && n.strong))
        return PV_ACTED;
    if (n.strong)
        return PV_STRONG;
    if (n.weak && (n.hostile || n.state))
        return PV_ARMED;
    return n.weak ? PV_WEAK : PV_NONE;
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
    if ((ctx & (1u << CTX_CRIME)) && pv < PV_ACTED)
        return 1; /* an ordinary crime, no armed group or crowd acting */
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
                            (1u << CTX_PAST) | (1u << CTX_CRIME);
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
