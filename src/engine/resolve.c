/*
 * resolve.c - events from sentence facts (see resolve.h): the passes of
 * resolve_run, in order, over the state they share (builder, resolve_int.h).
 *
 * The article is read as the human coder reads it: the headline and the lead
 * name the incident; later sentences add figures, actors, weapons and sources
 * to it unless a date or a past marker sends them to a background incident;
 * sentences that only point back at an incident ("after that attack") add
 * nothing; statements, talks, threats, protests and arrests are events of
 * their own.
 *
 * The rules the passes call live by job: the event's place in event_place.c,
 * its actors in actors.c, claims, suspects and sources in attribution.c, its
 * figures in event_figures.c, the standalone non-violent events in
 * statements.c and the codes in event_codes.c.
 */
#include "resolve.h"

#include <string.h>

#include "codes.h"
#include "evidence.h"
#include "resolve_int.h"
#include "wordclass.h"

/* ------------------------------------------------------------------ */
/* classes                                                              */

/* See resolve.h. */
int ev_class_violent(int c)
{
    switch (c) {
    case EV_ATTACK: case EV_BOMBING: case EV_SUICIDE: case EV_AIRSTRIKE: case EV_SHELLING:
    case EV_GRENADE: case EV_CLASH: case EV_SHOOTING: case EV_KILLING: case EV_ASSASSINATION:
    case EV_KIDNAP: case EV_ARSON: case EV_SEXUAL: case EV_LANDMINE: case EV_IED: case EV_VBIED:
    case EV_CHEMICAL: case EV_HIJACK: case EV_SIEGE:
        return 1;
    default:
        return 0;
    }
}

/* Does sentence s hold the trigger of an event of its own (a statement,
 * protest, talks, arrest)? */
static int has_standalone_trigger(const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_EVENT);
        if (m && ev_class_standalone(m->value))
            return 1;
    }
    return 0;
}

/* Which trigger names an incident best: the most specific tactic wins. */
static int class_rank(int c)
{
    switch (c) {
    case EV_HIJACK: return 21;
    case EV_SUICIDE: return 20;
    case EV_VBIED: return 19;
    case EV_CHEMICAL: return 18;
    case EV_AIRSTRIKE: return 17;
    case EV_IED: return 16;
    case EV_LANDMINE: return 15;
    case EV_GRENADE: return 14;
    case EV_SHELLING: return 13;
    case EV_KIDNAP: return 11;
    case EV_ASSASSINATION: return 10;
    case EV_BOMBING: return 9;
    case EV_SIEGE: return 8;
    case EV_ATTACK: return 7;
    case EV_CLASH: return 6;
    case EV_SHOOTING: return 5;
    case EV_SEXUAL: return 4;
    case EV_ARSON: return 3;
    case EV_KILLING: return 2;
    default: return 1;
    }
}

/* ------------------------------------------------------------------ */
/* sentences and events                                                 */

/* Does the trigger at token t of sentence se point back at an incident told
 * elsewhere ("the attack", "that deadly attack")? */
static int anaphoric(const analysis *an, const sentence *se, uint32_t t)
{
    /* "the attack", "that deadly attack", "the Karachi attack": a determiner
     * right before the trigger, or before one modifier that is not a function word */
    if (t <= se->first)
        return 0;
    if (has_wclass(an, t - 1, WC_DETERMINER))
        return 1;
    if (t < se->first + 2)
        return 0;
    uint32_t mod = t - 1;
    if ((TK(an, mod)->flags & TOK_PUNCT) || has_wclass(an, mod, WC_ANAPH_STOP))
        return 0;
    if (mention_covering(an, mod, LK_EVENT) || mention_covering(an, mod, LK_CASUALTY) ||
        mention_covering(an, mod, LK_AGENT) || mention_covering(an, mod, LK_REPORT))
        return 0;
    return has_wclass(an, t - 2, WC_DETERMINER);
}

/* Does sentence s tell violence for certain: a death, a wound or an abduction
 * (a casualty word), or a suicide attack, air strike, shelling, roadside or
 * car bomb, assassination or kidnapping? (Not a bare "explosion": a gas
 * leak explodes too.) */
static int sentence_tells_violence(const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *c = mention_starting(an, t, LK_CASUALTY);
        if (c && (c->value == CAS_KILLED || c->value == CAS_WOUNDED || c->value == CAS_KIDNAPPED))
            return 1;
        const mention *m = mention_starting(an, t, LK_EVENT);
        if (m && (m->value == EV_SUICIDE || m->value == EV_AIRSTRIKE ||
                  m->value == EV_SHELLING || m->value == EV_ASSASSINATION || m->value == EV_KIDNAP ||
                  m->value == EV_IED || m->value == EV_VBIED))
            return 1;
    }
    return 0;
}

/* See resolve_int.h. Append a zeroed event of class cls, first seen in sentence s, to b, growing
 * the array. NULL on arena exhaustion. */
event *new_event(builder *b, int cls, int background, size_t s)
{
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 8;
        event *bigger = arena_alloc_raw(b->an->a, nc * sizeof *bigger);
        if (!bigger)
            return NULL;
        if (b->n)
            memcpy(bigger, b->ev, b->n * sizeof *bigger);
        b->ev = bigger;
        b->cap = nc;
    }
    event *e = &b->ev[b->n++];
    memset(e, 0, sizeof *e);
    e->cls = (uint8_t)cls;
    e->background = (uint8_t)background;
    e->first_sent = e->last_sent = (uint32_t)s;
    e->lead_told = b->an->sents[s].lead || b->an->sents[s].in_title;
    e->title_told = b->an->sents[s].in_title;
    e->actor1.actor_id = e->actor2.actor_id = -1;
    return e;
}

/* See resolve_int.h. Copy the figures of sentence s into e (at most EV_MAX_FIGS in all). */
void add_figures(const analysis *an, event *e, size_t s)
{
    const sent_info *si = &an->sents[s];
    for (int i = 0; i < si->nfigs && e->nfigs < EV_MAX_FIGS; i++)
        e->figs[e->nfigs++] = an->figs[si->figs_first + i];
}

/* Is a crowd (protesters, demonstrators, rioters: a demonstrators' word) named
 * within five words of the clash trigger v in its sentence, with no comma
 * between ("protesters clashed with riot police", "clashes between police and
 * demonstrators")? */
static int crowd_in_clause(const analysis *an, const sentence *se, const mention *v)
{
    uint32_t from = v->first > se->first + 5 ? v->first - 5 : se->first;
    uint32_t to = v->last + 5 < se->last ? v->last + 5 : se->last;
    for (uint32_t k = from; k < to; k++) {
        if (is_punct_tok(an, k, ',') || is_punct_tok(an, k, ';')) {
            if (k < v->first)
                from = k + 1;
            else
                break;
            continue;
        }
        const mention *a = mention_starting(an, k, LK_AGENT);
        if (a && k >= from && lexicon_agent(an->lx, a->value)->side == SIDE_DEMO)
            return 1;
    }
    return 0;
}

/* Did state forces fight back against the incident's attackers at the clash
 * word v: a state force just before it and "the attackers" it points back to
 * just after ("African Union and Somali soldiers fought off the assailants",
 * "troops exchanged fire with the gunmen")? Then the incident had two armed
 * sides. Troops who "battle the Fatah al-Islam militants" fight a named group,
 * often in a campaign of their own, and do not count. */
static int state_fought_attackers(const analysis *an, const sentence *se, const mention *v)
{
    int state = 0;
    for (uint32_t k = v->first; k > se->first && k + 4 > v->first; k--) {
        const mention *m = mention_covering(an, k - 1, LK_AGENT);
        if (!m)
            m = mention_covering(an, k - 1, LK_ACTOR);
        if (m) {
            state = m->kind == LK_AGENT ? lexicon_agent(an->lx, m->value)->side == SIDE_STATE
                                        : lexicon_actor(an->lx, m->value)->type == AT_STATE;
            break;
        }
        if (TK(an, k - 1)->flags & TOK_PUNCT)
            return 0;
    }
    if (!state)
        return 0;
    uint32_t o = v->last;
    if (o < se->last && (isw(an, o, "off") || isw(an, o, "with") || isw(an, o, "back")))
        o++;
    if (o < se->last && isw(an, o, "the"))
        o++;
    const mention *who = o < se->last ? mention_starting(an, o, LK_AGENT) : NULL;
    return who && lexicon_agent(an->lx, who->value)->side == SIDE_HOSTILE;
}

/* Add the weapons (with evidence, up to 4 spans) and any suicide trigger of
 * sentence s to e. With own_violence (the sentence tells the violence itself),
 * also mark a protest, a riot or a clash between groups there. */
static void add_weapons(const analysis *an, event *e, size_t s, int own_violence)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_WEAPON);
        if (m && m->value > 0 && m->value < 32) {
            if (!(e->weapons & (1u << m->value)) && e->nweapon_ev < 4)
                e->weapon_ev[e->nweapon_ev++] = tspan(an, m->first, m->last);
            e->weapons |= 1u << m->value;
        }
        const mention *v = mention_starting(an, t, LK_EVENT);
        if (v && v->value == EV_SUICIDE) {
            e->suicide = 1;
            e->suicide_ev = tspan(an, v->first, v->last);
        }
        if (!own_violence)
            continue;
        /* the violence happened at a protest or riot only when the sentence
         * says so with a protest word, not because a crowd was there */
        if (v && (v->value == EV_PROTEST || v->value == EV_RIOT) && !weak_phrase(an, v))
            e->demo = 1; /* a crowd that "rallied" or a "mob" of shoppers is no demonstration */
        if (v && v->value == EV_RIOT)
            e->riot = 1;
        /* "clashes between opposition and government supporters": crowds
         * fighting each other, a riot even when the police step in */
        if (v && v->value == EV_CLASH && (isw(an, v->last, "between") || isw(an, v->last, "among") ||
                                          isw(an, v->last + 1, "between") || isw(an, v->last + 1, "among")))
            e->group_clash = 1;
        /* "protesters clashed with riot police": a crowd that fights is a
         * violent demonstration (ACLED), whoever killed whom */
        if (v && v->value == EV_CLASH && crowd_in_clause(an, se, v))
            e->riot = 1;
        if (v && v->value == EV_CLASH && state_fought_attackers(an, se, v))
            e->state_fought = 1;
    }
}

/* Group the sentences by the event each belongs to (owner[s], -1 for none):
 * the sentences of event i are list[start[i] .. start[i+1]), in text order.
 * A counting sort, linear in the document. */
static int group_sentences(analysis *an, const int *owner, size_t nev, uint32_t **start_out,
                           uint32_t **list_out)
{
    size_t ns = an->td.nsents;
    uint32_t *start = arena_alloc(an->a, (nev + 2) * sizeof *start);
    uint32_t *fill = arena_alloc_raw(an->a, (nev + 1) * sizeof *fill);
    uint32_t *list = arena_alloc_raw(an->a, (ns + 1) * sizeof *list);
    if (!start || !fill || !list)
        return -1;
    for (size_t s = 0; s < ns; s++)
        if (owner[s] >= 0 && (size_t)owner[s] < nev)
            start[owner[s] + 1]++;
    for (size_t i = 0; i < nev; i++)
        start[i + 1] += start[i];
    memcpy(fill, start, (nev + 1) * sizeof *fill);
    for (size_t s = 0; s < ns; s++)
        if (owner[s] >= 0 && (size_t)owner[s] < nev)
            list[fill[owner[s]]++] = (uint32_t)s;
    *start_out = start;
    *list_out = list;
    return 0;
}

/* See resolve_int.h. */
void assume_publication_date(const analysis *an, event *e)
{
    memset(&e->date, 0, sizeof e->date);
    e->date.y = e->date.ey = an->pub_y;
    e->date.m = e->date.em = an->pub_m;
    e->date.d = e->date.ed = an->pub_d;
    e->date.precision = DP_DAY;
    e->date.assumed = 1;
    e->has_date = 1;
}

/* An undated incident takes the date of its sentence s, unless that date is
 * past for a current incident or has no known year. */
static void take_sentence_date(const analysis *an, event *e, size_t s)
{
    const sent_info *si = &an->sents[s];
    if (!e->has_date && si->date >= 0 && (e->background || !an->dates[si->date].past) &&
        !an->dates[si->date].unknown_year) {
        e->date = an->dates[si->date];
        e->has_date = 1;
    }
}

/* ------------------------------------------------------------------ */
/* pass 1: frames                                                       */

/* Does trigger m name a weapon or an aircraft rather than an act ("fighter
 * jets", "missiles")? */
static int instrument(const analysis *an, const mention *m)
{
    const mention *w = mention_starting(an, m->first, LK_INSTRUMENT);
    return w && w->last == m->last;
}

/* Does sentence se name the act its instrument m did: a trigger that is no
 * instrument, a casualty word, a target ("hit a school"), or a verb of the act
 * next to the instrument ("warplanes shell a town", "fired rockets at")? In a
 * sentence that tells weapons as goods (word class procure: "a contract for 18
 * fighter jets ... 42 aircraft") only a trigger or a casualty word does. */
static int act_named(const analysis *an, const sentence *se, const mention *m)
{
    int goods = 0;
    for (uint32_t t = se->first; t < se->last && !goods; t++)
        goods = has_wclass1(an, t, WC1_PROCURE);
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *v = mention_starting(an, t, LK_EVENT);
        if ((v && ev_class_violent(v->value) && !instrument(an, v)) || mention_starting(an, t, LK_CASUALTY))
            return 1;
        const mention *g = mention_starting(an, t, LK_TARGET);
        if (g && g->value > 0 && !goods)
            return 1;
    }
    if (goods)
        return 0;
    uint32_t from = m->first > se->first + 3 ? m->first - 3 : se->first;
    for (uint32_t t = from; t < se->last && t < m->last + 3; t++)
        if ((t < m->first || t >= m->last) && has_wclass(an, t, WC_ACT))
            return 1;
    return 0;
}

/* Does sentence se open by telling another incident ("In a separate attack",
 * "Elsewhere,", "In another incident")? A word of the separate class among its
 * first four tokens. */
static int opens_separately(const analysis *an, const sentence *se)
{
    for (uint32_t t = se->first; t < se->last && t < se->first + 4; t++)
        if (has_wclass(an, t, WC_SEPARATE))
            return 1;
    return 0;
}

/* Does token t of sentence se (a trigger, or a party) stand in a clause that
 * tells an earlier incident the sentence's own is measured from or answers,
 * opened at most 15 tokens before t: a clause opened by a span of
 * time and "after" ("a few days after cattle keepers clashed with the
 * rebels"), or "in retaliation for" / "in revenge for" / "in response to"
 * ("raids in retaliation for a rocket attack")? The clause ends at a comma or
 * a semicolon; "after the attack" points back at the article's own. */
int earlier_incident_clause(const analysis *an, const sentence *se, uint32_t t)
{
    for (uint32_t k = t; k > se->first + 1 && k + 16 > t; k--) {
        uint32_t w = k - 1;
        if (is_punct_tok(an, w, ',') || is_punct_tok(an, w, ';'))
            return 0;
        if (isw(an, w, "after") && has_wclass(an, w - 1, WC_AFTER_INCIDENT) && !has_wclass(an, w + 1, WC_DETERMINER))
            return 1;
        if ((isw(an, w, "for") || isw(an, w, "to")) &&
            (isw(an, w - 1, "retaliation") || isw(an, w - 1, "revenge") || isw(an, w - 1, "response")) &&
            !has_wclass(an, w + 1, WC_DETERMINER))
            return 1;
    }
    return 0;
}

/* Does token t of sentence se (a trigger) stand in a clause that tells
 * another incident of the same time, opened at most 25 tokens before t by
 * "the same day as", "the same morning that", "at the same time as" ("The
 * kidnapping took place on the same day that a bomb ripped through a bus
 * station in Abuja, killing 75")? Told after the sentence's own clause, it
 * runs to the sentence's end; opening the sentence ("On the same day as the
 * bombing, gunmen attacked a post"), it ends at its comma. A semicolon ends
 * it either way. The incident it tells is current but not the article's: it
 * founds one of its own. */
static int contemporary_clause(const analysis *an, const sentence *se, uint32_t t)
{
    int comma = 0;
    for (uint32_t k = t; k > se->first + 2 && k + 26 > t; k--) {
        uint32_t w = k - 1;
        if (is_punct_tok(an, w, ';'))
            return 0;
        comma |= is_punct_tok(an, w, ',');
        if ((isw(an, w, "as") || isw(an, w, "that") || isw(an, w, "when")) && isw(an, w - 2, "same") &&
            (has_wclass(an, w - 1, WC_AFTER_INCIDENT) || isw(an, w - 1, "night") || isw(an, w - 1, "morning") ||
             isw(an, w - 1, "time")))
            return !comma || w - 2 > se->first + 2;
    }
    return 0;
}

/* In a story about a disaster or an epidemic (the document's topic is an
 * accident), does sentence s tell a current violent event of its own: a word
 * used only of violence or protest, and its own day ("violent protests
 * against the peacekeepers erupted Monday", "looters clashed with troops on
 * Tuesday")? Riots over aid or blame are what such stories report besides the
 * toll; violence in a story about sport, a film, a trial or an anniversary
 * stays background. */
static int disaster_story_event(const builder *b, size_t s)
{
    const analysis *an = b->an;
    if (b->topic != CTX_ACCIDENT || b->pv[s] < PV_STRONG || an->sents[s].past)
        return 0;
    if (sentence_dated_now(an, s))
        return 1;
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = se->first; t < se->last; t++)
        if (mention_starting(an, t, LK_WEEKDAY))
            return 1;
    return 0;
}

/* Does sentence se tell of talks, a ceasefire or an agreement? */
static int talks_sentence(const analysis *an, const sentence *se)
{
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_EVENT);
        if (m && (m->value == EV_NEGOTIATE || m->value == EV_CEASEFIRE || m->value == EV_AGREEMENT))
            return 1;
    }
    return 0;
}

/* How far back from a violent trigger the "to" of a threatened act may stand
 * ("threatened to launch a new military offensive"). */
#define THREAT_REACH 6

/* Is the violent trigger at token t of sentence se the act of a threat or a
 * vow ("threatened to shell the towns", "vowed to storm the palace"): "to"
 * after a word of class threat_word among the few tokens before it, with no
 * punctuation, no word that opens a clause and no other word of violence
 * between ("threatened to attack the city killed five" keeps "killed")?
 * CAMEO codes the threat (13), which the statements' event tells, not the
 * act. */
static int threatened_act(const analysis *an, const sentence *se, uint32_t t)
{
    for (uint32_t k = t, seen = 0; k > se->first + 1 && seen < THREAT_REACH; k--, seen++) {
        uint32_t w = k - 1;
        if ((TK(an, w)->flags & TOK_PUNCT) || has_wclass1(an, w, WC1_CLAUSE_LINK))
            return 0;
        if (isw(an, w, "to"))
            return has_wclass1(an, w - 1, WC1_THREAT_WORD);
        const mention *v = mention_covering(an, w, LK_EVENT);
        if ((v && ev_class_violent(v->value)) || mention_covering(an, w, LK_CASUALTY))
            return 0;
    }
    return 0;
}

/* Does a word of bank-1 class cls stand among the reach tokens before token
 * t of sentence se, with no punctuation between? */
static int class1_just_before(const analysis *an, const sentence *se, uint32_t t, uint32_t reach, uint64_t cls)
{
    for (uint32_t k = t, seen = 0; k > se->first && seen < reach; k--, seen++) {
        uint32_t w = k - 1;
        if (TK(an, w)->flags & TOK_PUNCT)
            return 0;
        if (has_wclass1(an, w, cls))
            return 1;
    }
    return 0;
}

/* How far back from the captives a word that frees them may stand ("freed
 * the three remaining hostages"). */
#define FREED_REACH 4

/* Is the kidnap trigger m at token t of sentence se the captives a release
 * tells ("freed three hostages", "released the captives", "handed over two
 * hostages"): a word of class frees just before it? A release is no
 * abduction (CAMEO 0841, which the interactions tell). */
static int freed_captives(const analysis *an, const sentence *se, uint32_t t, const mention *m)
{
    return m->value == EV_KIDNAP && class1_just_before(an, se, t, FREED_REACH, WC1_FREES);
}

/* How far back from a violent trigger a word that asks it to end may stand
 * ("to halt all further attacks"). */
#define HALT_REACH 3

/* Is the violent trigger at token t of sentence se what a demand or an aim
 * asks to end ("an ultimatum to halt attacks", "must stop the killings", "to
 * end the fighting"): a word of class halt_asked just before it? */
static int violence_asked_to_end(const analysis *an, const sentence *se, uint32_t t)
{
    return class1_just_before(an, se, t, HALT_REACH, WC1_HALT_ASKED);
}

/* How far back from a violent trigger the "if" of its condition may stand
 * ("if the base is attacked again"). */
#define CONDITION_REACH 8

/* Is the violent trigger at token t of sentence se told under a condition:
 * "if" among the few tokens before it, with no punctuation and no word that
 * opens another clause between ("will send troops if it is attacked"), and
 * that "if" no question ("unclear if the attack was planned": word class
 * asks_if before it)? A condition tells what has not happened. */
static int conditional_act(const analysis *an, const sentence *se, uint32_t t)
{
    for (uint32_t k = t, seen = 0; k > se->first && seen < CONDITION_REACH; k--, seen++) {
        uint32_t w = k - 1;
        if (isw(an, w, "if"))
            return !(w > se->first && has_wclass1(an, w - 1, WC1_ASKS_IF));
        if ((TK(an, w)->flags & TOK_PUNCT) || has_wclass1(an, w, WC1_CLAUSE_LINK))
            return 0;
    }
    return 0;
}

/* acting_trigger_at past its fast reject (below). The violent trigger
 * starting at token t of sentence se that tells an act of the sentence's own
 * time, or NULL: not in a past aside (", who took the
 * capital three years ago,"), not in a clause about an earlier incident ("a
 * few days after herders clashed with the rebels"), not a threatened act
 * ("threatened to shell the towns") nor a conditional one ("if it is
 * attacked"), not captives set free ("freed three hostages"), not violence a
 * demand asks to end ("to halt attacks"), and not an instrument
 * with no act ("appeared to be wearing an explosives vest") unless the act is
 * named or an armed party acts (pv, the sentence's evidence level). */
static const mention *acting_trigger_read(const analysis *an, const sentence *se, uint32_t t, int pv)
{
    const mention *m = mention_starting(an, t, LK_EVENT);
    if (!m || !ev_class_violent(m->value))
        return NULL;
    const sent_info *si = &an->sents[se - an->td.sents];
    if (t >= si->past_aside_first && t < si->past_aside_last)
        return NULL;
    if (earlier_incident_clause(an, se, t) || threatened_act(an, se, t) || conditional_act(an, se, t) ||
        freed_captives(an, se, t, m) || violence_asked_to_end(an, se, t))
        return NULL;
    if (instrument(an, m) && !act_named(an, se, m) && pv < PV_ACTED)
        return NULL;
    return m;
}

/* acting_trigger_at, inline for its fast reject: most tokens start no event
 * word. */
static inline const mention *acting_trigger_at(const analysis *an, const sentence *se, uint32_t t, int pv)
{
    if (!(an->kinds_at[t] & (1u << LK_EVENT)))
        return NULL;
    return acting_trigger_read(an, se, t, pv);
}

/* The violent triggers of sentence se (acting_trigger_at): their classes and
 * the best-ranked one go into f. Returns 1 when there is one; sets *founding
 * when one of them can found an incident: not one that points back ("the
 * attack"), not what someone said in quotation marks ("he is still
 * fighting"), which supports an incident told outside them but never founds
 * one. Sets f->contemporary when the sentence tells another incident of the
 * same time beside the article's (contemporary_clause): every founding
 * trigger in the clause, or every one outside it while the clause points back
 * at the article's; then only the other incident's triggers count. */
static int frame_triggers(const analysis *an, const sentence *se, int pv, frame *f, int *founding)
{
    int founding_out = 0, founding_in = 0, pointing_in = 0;
    /* the triggers found, read again below (when they are few, as they are) */
    enum { FRAME_TRIGGERS_KEPT = 32 };
    uint32_t at[FRAME_TRIGGERS_KEPT];
    const mention *found[FRAME_TRIGGERS_KEPT];
    int nfound = 0;
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = acting_trigger_at(an, se, t, pv);
        if (!m)
            continue;
        if (nfound <= FRAME_TRIGGERS_KEPT) {
            if (nfound < FRAME_TRIGGERS_KEPT)
                at[nfound] = t, found[nfound] = m;
            nfound++; /* (one past the room: read them all again) */
        }
        int in = contemporary_clause(an, se, t);
        if (anaphoric(an, se, t) || (TK(an, t)->flags & TOK_QUOTE)) {
            pointing_in |= in;
            continue;
        }
        *founding = 1;
        founding_in |= in;
        founding_out |= !in;
    }
    /* a sentence that sets another incident beside the article's, in the same
     * time, tells that other one: "The kidnapping took place on the same day
     * that a bomb ripped through a market" (the clause's), "On the same day as
     * the kidnapping, gunmen stormed a police post" (the main clause's) */
    int keep_in = founding_in && !founding_out;
    int keep_out = founding_out && !founding_in && pointing_in;
    f->contemporary = keep_in || keep_out;
    int any_violent = 0;
    int kept = nfound <= FRAME_TRIGGERS_KEPT;
    uint32_t n = kept ? (uint32_t)nfound : se->last - se->first;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t t = kept ? at[i] : se->first + i;
        const mention *m = kept ? found[i] : acting_trigger_at(an, se, t, pv);
        if (!m || (f->contemporary && contemporary_clause(an, se, t) != keep_in))
            continue;
        any_violent = 1;
        f->classes |= 1ull << m->value;
        if (class_rank(m->value) > class_rank(f->best_class)) {
            f->best_class = m->value;
            f->best_trigger_first = m->first;
            f->best_trigger_last = m->last;
        }
    }
    return any_violent;
}

/* The frame of sentence s: is it violent (a violent trigger or a figure of
 * killed, wounded or kidnapped), does it only point back at an incident, is it
 * background (past, or continuing a past paragraph), is it suppressed
 * (accident, sport, trial, statistics, hypothesis, caption)? */
static void build_frame(builder *b, size_t s)
{
    const analysis *an = b->an;
    frame *f = &b->fr[s];
    const sentence *se = &an->td.sents[s];
    const sent_info *si = &an->sents[s];
    f->event = -1;
    int non_anaphoric = 0;
    int any_violent = frame_triggers(an, se, b->pv[s], f, &non_anaphoric);
    int has_figs = 0, quoted_figs = 0;
    for (int i = 0; i < si->nfigs; i++) {
        const figure *fg = &an->figs[si->figs_first + i];
        if (fg->kind == CAS_KILLED || fg->kind == CAS_WOUNDED || fg->kind == CAS_KIDNAPPED) {
            /* quoted figures and stated zeros ("no one was hurt") join an
             * incident told elsewhere but do not found one */
            if (fg->quoted || fg->min == 0)
                quoted_figs = 1;
            else
                has_figs = 1;
        }
    }
    f->violent = any_violent || has_figs || quoted_figs;
    f->anaphoric_only = f->violent && !non_anaphoric && !has_figs;
    /* in a document about something else, violence told after the lead is not
     * the article's incident: a car bombing days before a cup final, the 2002
     * bombing a trial story recalls */
    f->background = si->past || (b->topic && !si->lead && !si->in_title && !disaster_story_event(b, s));
    f->suppressed = context_suppresses(si->ctx, b->pv[s], sentence_dated_now(an, s)) || si->caption;
    f->separate = opens_separately(an, se) || f->contemporary;
    /* talks about violence ("talks on a ceasefire and the release of hostages")
     * found no incident unless an armed party acts in the sentence */
    if (f->violent && b->pv[s] < PV_ACTED && talks_sentence(an, se))
        f->anaphoric_only = 1;
    if (!f->best_class && has_figs) {
        f->best_class = EV_KILLING;
        for (int i = 0; i < si->nfigs; i++)
            if (an->figs[si->figs_first + i].kind == CAS_KIDNAPPED)
                f->best_class = EV_KIDNAP;
        const figure *fg = &an->figs[si->figs_first];
        /* the trigger is the casualty word of the first figure */
        f->best_trigger_first = f->best_trigger_last = 0;
        (void)fg;
    }
    /* a sentence with no time of its own continues its paragraph's incident */
    if (!f->background && s > 0 && si->date < 0 && an->td.sents[s - 1].line == se->line &&
        b->fr[s - 1].background && (f->violent || si->nfigs > 0))
        f->background = 1;
}

/* Pass 1: each sentence's evidence, what the document is about (a document
 * whose headline and lead are about an accident, a disaster, sport, a film,
 * business, a trial or an anniversary founds its current incident only from a
 * strong word of violence in the lead), then a frame per sentence, in order (a
 * frame looks at the one before). */
static void build_frames(builder *b)
{
    const analysis *an = b->an;
    for (size_t s = 0; s < an->td.nsents; s++)
        b->pv[s] = (uint8_t)sentence_pv_level(an, s);
    b->topic = document_topic(an, b->pv);
    b->found_level = b->topic ? PV_STRONG : PV_WEAK;
    for (size_t s = 0; s < an->td.nsents; s++)
        build_frame(b, s);
}

/* ------------------------------------------------------------------ */
/* pass 2: violent incidents                                            */

/* The incident violent sentence s belongs to: a background sentence joins the
 * latest background incident when of the same paragraph or the same month,
 * else founds one (*last_bg is the latest); a current one joins the main
 * incident, founding it first, unless it opens as a separate incident ("In a
 * separate attack, ...", "Elsewhere, ..."): that founds a current incident of
 * its own, which the rest of its paragraph joins. NULL on arena exhaustion. */
static event *incident_for(builder *b, size_t s, int *last_bg)
{
    const analysis *an = b->an;
    const frame *f = &b->fr[s];
    const sent_info *si = &an->sents[s];
    event *e = NULL;
    if (f->background) {
        if (*last_bg >= 0) {
            event *lb = &b->ev[*last_bg];
            const sentence *prev = &an->td.sents[lb->last_sent];
            int same_par = prev->line == an->td.sents[s].line;
            int same_date = si->date >= 0 && lb->has_date &&
                            an->dates[si->date].y == lb->date.y && an->dates[si->date].m == lb->date.m;
            if (same_par || same_date)
                e = lb;
        }
        if (!e) {
            e = new_event(b, f->best_class, 1, s);
            if (!e)
                return NULL;
            *last_bg = (int)(e - b->ev);
        }
    } else if (b->main_ev < 0 || f->separate) {
        e = new_event(b, f->best_class, 0, s);
        if (!e)
            return NULL;
        if (b->main_ev < 0)
            b->main_ev = (int)(e - b->ev);
        else {
            b->sep_ev = (int)(e - b->ev);
            b->sep_line = an->td.sents[s].line;
        }
    } else if (b->sep_ev >= 0 && an->td.sents[s].line == b->sep_line) {
        e = &b->ev[b->sep_ev]; /* the rest of a separate incident's paragraph */
    } else {
        e = &b->ev[b->main_ev];
    }
    return e;
}

/* Is class c generic: a word for violence that a later sentence may name more
 * precisely ("attack", "clashes", "shooting", "killed")? */
static int class_generic(int c)
{
    return class_rank(c) < class_rank(EV_SIEGE);
}

/* Is class c an explosion of a kind more precise than "a bombing"? */
static int class_explosive(int c)
{
    return c == EV_SUICIDE || c == EV_VBIED || c == EV_IED || c == EV_LANDMINE || c == EV_GRENADE;
}

/* May class c, better ranked than incident e's, become e's class when told in
 * a sentence of the lead (in_lead) or not? A tactic the headline named stays,
 * and one the lead named stays against the body ("Israel launches air strikes
 * on Gaza" is not recoded by the car bombs of the raid they answered); a
 * generic word gives way, and "a bombing" to a more precise explosion. */
static int class_may_refine(const event *e, int c, int in_lead)
{
    /* an assassination names an aim, not a means: "targeted assassinations"
     * carried out with missile strikes are strikes */
    if (!e->cls_lead || class_generic(e->cls) || e->cls == EV_ASSASSINATION || (in_lead && e->cls_lead == 1))
        return 1;
    return e->cls == EV_BOMBING && class_explosive(c);
}

/* Sentence s joins incident e: its classes, a better-ranked class (see
 * class_may_refine), a better trigger (the body's over the headline's, or the
 * one of the better class), the sentence range and the date. */
static void join_incident(builder *b, size_t s, event *e)
{
    const analysis *an = b->an;
    frame *f = &b->fr[s];
    const sent_info *si = &an->sents[s];
    int in_lead = si->lead || si->in_title;
    f->event = (int)(e - b->ev);
    e->classes |= f->classes;
    int upgrade = f->best_class && class_rank(f->best_class) > class_rank(e->cls) &&
                  class_may_refine(e, f->best_class, in_lead);
    if (upgrade)
        e->cls = (uint8_t)f->best_class;
    if (in_lead && e->cls && !class_generic(e->cls) && e->cls_lead < 2)
        e->cls_lead = si->in_title ? 2 : 1;
    if (f->best_trigger_last > f->best_trigger_first &&
        (e->trigger.end == 0 || (an->sents[e->first_sent].in_title && !si->in_title) || upgrade))
        e->trigger = tspan(an, f->best_trigger_first, f->best_trigger_last);
    if (s < e->first_sent)
        e->first_sent = (uint32_t)s;
    e->last_sent = (uint32_t)s;
    e->lead_told |= in_lead;
    e->title_told |= si->in_title;
    take_sentence_date(an, e, s);
}

/* Pass 2: the violent incidents, current and background, from the sentences
 * that tell violence themselves (not suppressed, not only pointing back);
 * once EV_MAX_DOC events stand, a sentence founds and joins none (counted in
 * b->over_cap). Returns 0, or -1 on arena exhaustion. */
static int found_incidents(builder *b)
{
    int last_bg = -1;
    for (size_t s = 0; s < b->an->td.nsents; s++) {
        const frame *f = &b->fr[s];
        if (!f->violent || f->suppressed || f->anaphoric_only)
            continue;
        if (!f->background && b->main_ev < 0 && b->pv[s] < b->found_level)
            continue; /* "the derailment killed 77" in a story about a rail accident */
        if (b->n >= EV_MAX_DOC) {
            b->over_cap++;
            continue;
        }
        event *e = incident_for(b, s, &last_bg);
        if (!e)
            return -1;
        join_incident(b, s, e);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* passes 3-5: sentences that join an incident without founding one     */

/* Pass 3: sentences that only point back ("the attack occurred early Friday
 * in the border town of Sopore") add place, date and details to the incident
 * told just before them (a background incident only within its paragraph),
 * else to the main incident; a statement, protest or talks about "the
 * attack" is an event of its own. */
static void attach_anaphoric_sentences(builder *b)
{
    const analysis *an = b->an;
    long last_violent = -1; /* the latest sentence of a violent incident */
    for (size_t s = 0; s < an->td.nsents; s++) {
        frame *f = &b->fr[s];
        if (f->event >= 0 && f->violent && !f->anaphoric_only)
            last_violent = (long)s;
        if (!f->anaphoric_only || f->suppressed || f->event >= 0 || an->sents[s].past)
            continue;
        const sentence *se = &an->td.sents[s];
        if (has_standalone_trigger(an, s))
            continue;
        int target = -1;
        if (last_violent >= 0) {
            target = b->fr[last_violent].event;
            if (b->ev[target].background && an->td.sents[last_violent].line != se->line)
                target = b->main_ev;
        }
        if (target < 0)
            target = b->main_ev;
        if (target < 0)
            continue;
        f->event = target;
        event *e = &b->ev[target];
        if (s > e->last_sent)
            e->last_sent = (uint32_t)s;
        take_sentence_date(an, e, s);
    }
}

/* Is the claim of sentence s (a claim, a denial of any claim, blame, or
 * "claimed by") about the current incident: the sentence is current, or the
 * claim comes before its past marker or past date ("No one has claimed
 * responsibility, but in the past the Taliban...")? 0 when it has none. */
static int claims_current_incident(const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    uint32_t claim_at = UINT32_MAX, past_at = UINT32_MAX;
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_EVENT);
        if (claim_at == UINT32_MAX &&
            ((m && (m->value == EV_CLAIM || m->value == EV_NONCLAIM || m->value == EV_BLAME)) ||
             (isw(an, t, "claimed") && isw(an, t + 1, "by"))))
            claim_at = t;
        if (past_at == UINT32_MAX && mention_starting(an, t, LK_PAST))
            past_at = t;
    }
    if (an->sents[s].date >= 0 && an->dates[an->sents[s].date].past) {
        /* the date's first token */
        for (uint32_t t = se->first; t < se->last; t++)
            if (TK(an, t)->start == an->dates[an->sents[s].date].ev.start) {
                if (t < past_at)
                    past_at = t;
                break;
            }
    }
    return claim_at != UINT32_MAX && (!an->sents[s].past || claim_at < past_at);
}

/* Pass 4: sentences without violence of their own that carry claims of the
 * current incident join it. */
static void attach_claim_sentences(builder *b)
{
    for (size_t s = 0; s < b->an->td.nsents && b->main_ev >= 0; s++) {
        frame *f = &b->fr[s];
        if (f->event >= 0 || f->suppressed)
            continue;
        if (claims_current_incident(b->an, s))
            f->event = b->main_ev;
    }
}

/* Pass 5: sentences that only report ("..., said Wahab, according to the
 * AP") give sources (b->src_event) to the incident of the sentence before in
 * their paragraph, else, when current, to the main incident. Returns 0, or -1
 * on arena exhaustion. */
static int attach_source_sentences(builder *b)
{
    const analysis *an = b->an;
    size_t ns = an->td.nsents;
    int *src_event = b->src_event = arena_alloc(an->a, (ns + 1) * sizeof *src_event);
    if (!src_event)
        return -1;
    for (size_t s = 0; s < ns; s++) {
        src_event[s] = -1;
        if (b->fr[s].event >= 0 || b->fr[s].suppressed)
            continue;
        const sentence *se = &an->td.sents[s];
        if (has_standalone_trigger(an, s))
            continue;
        if (s > 0 && an->td.sents[s - 1].line == se->line &&
            (b->fr[s - 1].event >= 0 || src_event[s - 1] >= 0))
            src_event[s] = b->fr[s - 1].event >= 0 ? b->fr[s - 1].event : src_event[s - 1];
        else if (!an->sents[s].past && b->main_ev >= 0)
            src_event[s] = b->main_ev;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* pass 6: filling the incidents                                        */

/* The facts of e's member sentences: figures, weapons (and the protest, riot
 * or group clash its own violence was at), claims and sources. */
static void add_member_facts(builder *b, event *e, sentset set)
{
    analysis *an = b->an;
    for (size_t k = 0; k < set.n; k++) {
        uint32_t s = set.s[k];
        add_figures(an, e, s);
        add_weapons(an, e, s, b->fr[s].violent && !b->fr[s].anaphoric_only);
        sentence_claims(an, s, e);
        sentence_sources(an, s, e);
    }
}

/* Weapons and a suicide attack implied by the kind of attack ("bombing",
 * "shooting", "arson"), resting on its trigger when no weapon word was seen. */
static void add_implied_weapons(event *e)
{
    if (has_class(e, EV_BOMBING) || has_class(e, EV_SUICIDE) || has_class(e, EV_IED) ||
        has_class(e, EV_VBIED) || has_class(e, EV_GRENADE) || has_class(e, EV_LANDMINE) ||
        has_class(e, EV_AIRSTRIKE) || has_class(e, EV_SHELLING))
        e->weapons |= 1u << W_EXPLOSIVES;
    if (has_class(e, EV_SHOOTING))
        e->weapons |= 1u << W_FIREARMS;
    if (has_class(e, EV_ARSON))
        e->weapons |= 1u << W_INCENDIARY;
    if (has_class(e, EV_CHEMICAL))
        e->weapons |= 1u << W_CHEMICAL;
    if (has_class(e, EV_SUICIDE)) {
        e->suicide = 1;
        if (e->suicide_ev.end == 0)
            e->suicide_ev = e->trigger;
    }
    if (e->weapons && e->nweapon_ev == 0 && e->trigger.end > e->trigger.start)
        e->weapon_ev[e->nweapon_ev++] = e->trigger;
}

/* The incident's place: its sentences', else (for a current one) the
 * article's salient place, else the article's country. */
static void place_incident(builder *b, event *e, sentset set)
{
    choose_event_place(b->an, e, set, &b->pidx, b->sent_event);
    if (!e->place && !e->background)
        e->place = article_place(b->an);
    if (!e->place && !e->background)
        e->place = country_place(b->an);
}

/* The date of incident i (e): for a current one, a day named in a lead
 * sentence of the current story ("gathered Friday") beats a later sentence's
 * day, which often tells an earlier day of the same campaign ("killed nine
 * Thursday"); an undated current one takes the publication date. */
static void date_incident(builder *b, event *e, size_t i)
{
    const analysis *an = b->an;
    if (!e->background) {
        uint32_t limit = e->has_date ? e->date.sent : (uint32_t)an->td.nsents;
        if (limit > b->lead_end)
            limit = b->lead_end; /* (only lead sentences count) */
        for (size_t s = 0; s < limit; s++) {
            const sent_info *si = &an->sents[s];
            if (!si->lead || si->past || si->date < 0 || (b->sent_event[s] >= 0 && b->sent_event[s] != (int)i))
                continue;
            const date_ref *d = &an->dates[si->date];
            if (d->past || d->unknown_year)
                continue;
            e->date = *d;
            e->has_date = 1;
            break;
        }
    }
    if (!e->has_date && !e->background && an->has_pub)
        assume_publication_date(an, e);
}

/* Fill violent incident i from its member sentences (set) and the sentences
 * that give it sources only (srcs): sources, figures, weapons, claims, place,
 * actors, date, and a figure's words as the trigger when it has none. */
static void fill_incident(builder *b, size_t i, sentset set, sentset srcs)
{
    event *e = &b->ev[i];
    e->violent = 1;
    for (size_t k = 0; k < srcs.n; k++)
        sentence_sources(b->an, srcs.s[k], e);
    add_member_facts(b, e, set);
    add_implied_weapons(e);
    place_incident(b, e, set);
    assign_actors(b->an, &b->pidx, e, set);
    cross_border_place(b->an, e);
    date_incident(b, e, i);
    if (e->trigger.end == 0 && e->nfigs > 0)
        e->trigger = e->figs[0].ev;
}

/* Pass 6: fill each violent incident from its member sentences. The sentences
 * of every incident are listed once (a counting sort), so the work is linear.
 * Sets b->nviolent, b->sent_event, b->pidx and b->lead_end. Returns 0, or -1
 * on arena exhaustion. */
static int fill_incidents(builder *b)
{
    analysis *an = b->an;
    size_t ns = an->td.nsents;
    b->nviolent = b->n;
    b->sent_event = arena_alloc_raw(an->a, (ns + 1) * sizeof *b->sent_event);
    if (!b->sent_event || build_place_index(an, &b->pidx) < 0)
        return -1;
    for (size_t s = 0; s < ns; s++)
        b->sent_event[s] = b->fr[s].event;
    if (index_other_places(an, &b->pidx, b->sent_event) < 0)
        return -1;
    b->lead_end = 0;
    for (size_t s = 0; s < ns; s++)
        if (an->sents[s].lead)
            b->lead_end = (uint32_t)s + 1;
    uint32_t *mem_start, *mem, *src_start, *srcs;
    if (group_sentences(an, b->sent_event, b->nviolent, &mem_start, &mem) < 0 ||
        group_sentences(an, b->src_event, b->nviolent, &src_start, &srcs) < 0)
        return -1;
    for (size_t i = 0; i < b->nviolent; i++) {
        sentset set = {mem + mem_start[i], mem_start[i + 1] - mem_start[i]};
        sentset from = {srcs + src_start[i], src_start[i + 1] - src_start[i]};
        fill_incident(b, i, set, from);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* pass 7: salience                                                     */

/* Is incident i salient? A current incident needs a casualty figure, or a
 * trigger in the headline or lead that names where or when, or violence told
 * in several sentences with one of them in the lead: a story about tariffs
 * "targeting" China, or talks about "fighting" elsewhere, codes nothing. A
 * background incident needs a figure, two sentences or a date. set: the
 * sentences of incident i. */
static int incident_salient(const builder *b, size_t i, sentset set)
{
    const analysis *an = b->an;
    size_t ns = an->td.nsents;
    const event *e = &b->ev[i];
    int keep = e->background; /* background events are judged by their own figures below */
    int figs = 0, lead = 0, triggers = 0, lead_where = 0;
    for (int k = 0; k < e->nfigs; k++)
        if (!e->figs[k].partial && !e->figs[k].quoted && e->figs[k].min > 0 &&
            (e->figs[k].kind == CAS_KILLED || e->figs[k].kind == CAS_WOUNDED || e->figs[k].kind == CAS_KIDNAPPED))
            figs = 1;
    for (size_t k = 0; k < set.n; k++) {
        size_t s = set.s[k];
        if (!b->fr[s].violent || b->fr[s].anaphoric_only)
            continue;
        triggers++;
        int in_lead = an->sents[s].lead;
        if (!in_lead)
            continue;
        lead = 1;
        if (an->sents[s].date >= 0)
            lead_where = 1;
        for (uint32_t q = b->pidx.start[s]; q < b->pidx.start[s + 1]; q++) {
            const place_mention *pm = &an->places[b->pidx.idx[q]];
            if (pm->chosen >= 0 && !pm->context_only)
                lead_where = 1;
        }
        /* a headline on its own ("Taliban claim killing of journalist",
         * "Pakistani Taleban chief killed in air raid") is the whole story:
         * a death or a strike told there is the incident */
        if (ns <= 3 && sentence_tells_violence(an, s))
            lead_where = 1;
    }
    if (figs || lead_where || (lead && triggers >= 2))
        keep = 1;
    if (e->background && !figs && triggers < 2 && !e->has_date)
        keep = 0;
    return keep;
}

/* Pass 7: keep only the salient incidents, renumbering the frames and the
 * main incident (a dropped incident's sentences belong to none). Linear: the
 * sentences of each incident are listed once (group_sentences). Returns 0,
 * or -1 on arena exhaustion. */
static int keep_salient_incidents(builder *b)
{
    analysis *an = b->an;
    size_t ns = an->td.nsents;
    int *owner = arena_alloc_raw(an->a, (ns + 1) * sizeof *owner);
    int *to = arena_alloc_raw(an->a, (b->nviolent + 1) * sizeof *to);
    uint32_t *start, *list;
    if (!owner || !to)
        return -1;
    for (size_t s = 0; s < ns; s++)
        owner[s] = b->fr[s].event;
    if (group_sentences(an, owner, b->nviolent, &start, &list) < 0)
        return -1;
    size_t kept = 0;
    for (size_t i = 0; i < b->nviolent; i++) {
        sentset set = {list + start[i], start[i + 1] - start[i]};
        int keep = incident_salient(b, i, set);
        to[i] = keep ? (int)kept : -1;
        if (keep && kept != i)
            b->ev[kept] = b->ev[i];
        if (b->main_ev == (int)i)
            b->main_ev = to[i];
        if (keep)
            kept++;
    }
    for (size_t s = 0; s < ns; s++)
        if (b->fr[s].event >= 0 && (size_t)b->fr[s].event < b->nviolent)
            b->fr[s].event = to[b->fr[s].event];
    b->n = b->nviolent = kept;
    return 0;
}

/* ------------------------------------------------------------------ */

/* See resolve.h. *out may be NULL when there are no events. */
int resolve_run(analysis *an, event **out)
{
    builder b = {.an = an, .main_ev = -1, .found_level = PV_WEAK, .sep_ev = -1};
    b.fr = arena_alloc(an->a, (an->td.nsents + 1) * sizeof *b.fr);
    b.pv = arena_alloc(an->a, an->td.nsents + 1);
    if (!b.fr || !b.pv)
        return -1;
    build_frames(&b);
    if (found_incidents(&b) < 0)
        return -1;
    attach_anaphoric_sentences(&b);
    attach_claim_sentences(&b);
    if (attach_source_sentences(&b) < 0)
        return -1;
    if (fill_incidents(&b) < 0)
        return -1;
    if (keep_salient_incidents(&b) < 0)
        return -1;
    if (standalone_events(&b) < 0)
        return -1;
    if (b.over_cap && analysis_warn(an, "more than %d events: %zu sentences or triggers after the first %d "
                                        "events were not coded", EV_MAX_DOC, b.over_cap, EV_MAX_DOC) < 0)
        return -1;
    for (size_t i = 0; i < b.n; i++)
        assign_codes(&b.ev[i]);
    if (interaction_events(&b) < 0 || dyad_events(&b) < 0)
        return -1;
    plover_context_pass(&b);
    *out = b.ev;
    return (int)b.n;
}
