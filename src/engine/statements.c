/*
 * statements.c - the events of their own that are not violence: statements
 * (condemnations, praise, threats), talks, ceasefires and agreements,
 * protests, riots and hunger strikes, arrests and looting. One per class per
 * sentence; a protest told in several sentences is one; each takes its
 * clause's date, its sentence's place, and as actor 1 the person, office or
 * crowd that made it. Part of the resolve stage (resolve_int.h).
 */
#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "codes.h"
#include "evidence.h"
#include "resolve_int.h"
#include "wordclass.h"

/* "had" / "had been" / "had earlier" before the trigger: a pluperfect */
int pluperfect(const analysis *an, const sentence *se, uint32_t t)
{
    for (int back = 1; back <= 3 && t >= se->first + (uint32_t)back; back++) {
        uint32_t k = t - (uint32_t)back;
        if (isw(an, k, "had"))
            return 1;
        if (TK(an, k)->flags & TOK_PUNCT)
            return 0;
    }
    return 0;
}

/* See resolve_int.h: split at "while", "but", "whereas" and ";". */
void clause_bounds(const analysis *an, size_t s, uint32_t t, uint32_t *from, uint32_t *to)
{
    const sentence *se = &an->td.sents[s];
    *from = se->first;
    *to = se->last;
    for (uint32_t k = t; k > se->first; k--)
        if (isw(an, k - 1, "while") || isw(an, k - 1, "but") || isw(an, k - 1, "whereas") ||
            is_punct_tok(an, k - 1, ';')) {
            *from = k;
            break;
        }
    for (uint32_t k = t + 1; k < se->last; k++)
        if (isw(an, k, "while") || isw(an, k, "but") || isw(an, k, "whereas") || is_punct_tok(an, k, ';')) {
            *to = k;
            break;
        }
}

/* Build an->group_before: per mention i, the last named non-state group
 * among mentions [0, i], or -1. Returns 0, or -1 on arena exhaustion. */
static int build_group_before(analysis *an)
{
    an->group_before = arena_alloc_raw(an->a, (an->nm + 1) * sizeof *an->group_before);
    if (!an->group_before)
        return -1;
    int32_t last = -1;
    for (size_t i = 0; i < an->nm; i++) {
        if (an->m[i].kind == LK_ACTOR) {
            const lex_actor *a = lexicon_actor(an->lx, an->m[i].value);
            if (a->type != AT_STATE && a->type != AT_EXTERNAL)
                last = (int32_t)i;
        }
        an->group_before[i] = last;
    }
    return 0;
}

/* The last named non-state group mentioned before token t, or NULL (also when
 * the arena cannot hold an->group_before). A binary search of the mentions
 * (in token order) and an->group_before, built on the first call. */
static const mention *last_group_before(analysis *an, uint32_t t)
{
    if (!an->group_before && build_group_before(an) < 0)
        return NULL;
    /* lo: the number of mentions starting before t */
    size_t lo = bisect_u32(an->m, sizeof *an->m, offsetof(mention, first), 0, an->nm, t);
    return lo > 0 && an->group_before[lo - 1] >= 0 ? &an->m[an->group_before[lo - 1]] : NULL;
}

/* The words before a statement trigger that may name who made it: the last
 * office title with the name after it, the first named actor and the first
 * generic agent. */
typedef struct speaker_words {
    const mention *title, *actor, *agent;
    uint32_t name_first, name_last; /* the name after the title; name_last 0 when none */
} speaker_words;

/* Is token j, inside the name that begins at token first after an office
 * title, a one-word title that is the name's surname ("Defence Secretary Tom
 * King", "Archbishop Ann Bishop"): capitalised, after a name word of the same
 * name, no title itself there? */
static int surname_title(const analysis *an, uint32_t first, uint32_t j)
{
    const mention *t = mention_starting(an, j, LK_TITLE);
    return j > first && t && t->last == j + 1 && (TK(an, j)->flags & TOK_CAP) && name_word(an, j - 1);
}

/* Read the speaker words of tokens [from, trig) into *w. */
static void scan_speaker(const analysis *an, uint32_t from, uint32_t trig, speaker_words *w)
{
    memset(w, 0, sizeof *w);
    for (uint32_t k = from; k < trig; k++) {
        const mention *m;
        if ((m = mention_starting(an, k, LK_TITLE)) != NULL) {
            w->title = m;
            uint32_t j = m->last;
            while (j < trig && (surname_title(an, m->last, j) ||
                                (name_word(an, j) && !mention_covering(an, j, LK_TITLE) &&
                                 !mention_covering(an, j, LK_ACTOR) && !mention_covering(an, j, LK_AGENT))))
                j++;
            if (j > m->last) {
                w->name_first = m->last;
                w->name_last = j;
            }
            k = (j > m->last ? j : m->last) - 1;
        } else if ((m = mention_starting(an, k, LK_ACTOR)) != NULL) {
            if (!w->actor)
                w->actor = m;
            k = m->last - 1;
        } else if ((m = mention_starting(an, k, LK_AGENT)) != NULL) {
            if (!w->agent)
                w->agent = m;
            k = m->last - 1;
        }
    }
}

/* The person named after the title, when there is one, as e's person1. */
static void set_person1(analysis *an, event *e, const speaker_words *w)
{
    if (!w->name_last)
        return;
    span ns = tspan(an, w->name_first, w->name_last);
    e->person1 = arena_strndup(an->a, an->text + ns.start, ns.end - ns.start);
    e->person1_ev = ns;
}

/* The country a title names in its own first word ("Pakistani leader",
 * "US official": a country's name or demonym in the gazetteer, an alias of
 * exact case spelled so) into *out. Returns 0, or -1 when it names none. */
static int title_country(const analysis *an, const mention *title, geo_place *out)
{
    const tok *t = TK(an, title->first);
    if (title->last - title->first < 2 || !(t->flags & (TOK_CAP | TOK_ALLCAP)))
        return -1;
    geo_place cand[8];
    size_t n = geo_lookup(an->geo, tok_fold(&an->td, t), t->fold_len, cand, 8);
    for (size_t i = 0; i < n && i < 8; i++) {
        if (cand[i].kind != GEO_COUNTRY)
            continue;
        if (cand[i].flags & GEO_F_EXACT_CASE) {
            const char *alias = geo_exact_alias(an->geo, tok_fold(&an->td, t), t->fold_len, cand[i].id);
            if (!alias || !span_equals_exact(an, title->first, title->first + 1, alias))
                continue;
        }
        return geo_country(an->geo, cand[i].cc, out);
    }
    return -1;
}

/* Actor 1 from an office title: "Government of X" for a state office (X a
 * leader's own country, leaders.txt; else the country of a demonym right
 * before it, else the one the title names in its first word, "US official",
 * else the event's or the article's), else the title's label. pi: the place
 * mentions by sentence. */
static void office_actor(analysis *an, const place_index *pi, event *e, const speaker_words *w)
{
    const mention *title = w->title;
    const lex_title *lt = lexicon_title(an->lx, title->value);
    /* the ministers of an international body are the body ("European
     * Community foreign ministers", "EU leaders") */
    const mention *body = title->first > 0 ? mention_covering(an, title->first - 1, LK_TITLE) : NULL;
    const lex_title *bt = body ? lexicon_title(an->lx, body->value) : NULL;
    if (bt && bt->type == TT_INTERNATIONAL && strcmp(bt->sector, "GOV") != 0) {
        memset(&e->actor1, 0, sizeof e->actor1);
        e->actor1.name = bt->label;
        e->actor1.type = AT_UNKNOWN;
        e->actor1.actor_id = e->actor1.agent_id = -1;
        e->actor1.ev = tspan(an, body->first, title->last);
        e->has_actor1 = 1;
        return;
    }
    char cc[3];
    const char *country = NULL;
    /* the country of the office: a demonym right before it (a place of the
     * title's sentence or the one before, the last in text order), else the
     * article's, unless the office is international */
    uint32_t ts = TK(an, title->first)->sent;
    geo_place leader;
    if (lt->cc[0] && geo_country(an->geo, lt->cc, &leader) == 0) { /* a leader's own (leaders.txt) */
        country = leader.name;
        memcpy(cc, leader.cc, 3);
    }
    for (uint32_t q = pi->start[ts > 0 ? ts - 1 : 0]; q < pi->start[ts + 1] && !lt->cc[0]; q++) {
        const place_mention *pm = &an->places[pi->idx[q]];
        /* a country or its demonym the place stage kept ("Ousted", a Danish
         * village's name, is not one), or a capital's possessive ("Cairo's
         * security chief": CAMEO names a state by its capital) */
        if (pm->last == title->first && pm->chosen >= 0 &&
            (pm->cand[pm->chosen].kind == GEO_COUNTRY ||
             ((pm->cand[pm->chosen].flags & GEO_F_CAPITAL) && (TK(an, pm->last - 1)->flags & TOK_POSS)))) {
            geo_place c;
            if (geo_country(an->geo, pm->cand[pm->chosen].cc, &c) == 0) {
                country = c.name;
                memcpy(cc, c.cc, 3);
            }
        }
    }
    geo_place own;
    if (!country && title_country(an, title, &own) == 0) {
        country = own.name;
        memcpy(cc, own.cc, 3);
    }
    if (!country && lt->type != TT_INTERNATIONAL) /* a diplomat or the UN is not the article's country */
        country = event_country_name(an, e, cc);
    char buf[200];
    if (lt->type == TT_STATE && country)
        snprintf(buf, sizeof buf, "Government of %s", country);
    else
        snprintf(buf, sizeof buf, "%s", lt->label);
    memset(&e->actor1, 0, sizeof e->actor1);
    e->actor1.name = arena_strndup(an->a, buf, strlen(buf));
    e->actor1.type = lt->type == TT_STATE ? AT_STATE : AT_UNKNOWN;
    if (country)
        memcpy(e->actor1.cc, cc, 3);
    e->actor1.actor_id = e->actor1.agent_id = -1;
    e->actor1.ev = tspan(an, title->first, w->name_last ? w->name_last : title->last);
    e->has_actor1 = 1;
}

/* The nearest person or office before a statement trigger: "President Arif
 * Alvi ... condemned", "Prime Minister Shahbaz Sharif paid tribute". A named
 * actor of the trigger's clause wins (or, for "the group", "his", "its" or a
 * non-state title, the last named group before it); then an office; then a
 * generic agent. */
void statement_actor(analysis *an, const place_index *pi, event *e, size_t s, uint32_t trig)
{
    uint32_t clause_start, clause_end;
    clause_bounds(an, s, trig, &clause_start, &clause_end);
    int group_ref = 0;
    for (uint32_t k = clause_start; k + 1 < trig; k++)
        if ((isw(an, k, "the") && isw(an, k + 1, "group")) || isw(an, k, "his") || isw(an, k, "its"))
            group_ref = 1;
    speaker_words w;
    scan_speaker(an, clause_start, trig, &w);
    const mention *actor = w.actor;
    const lex_title *tl = w.title ? lexicon_title(an->lx, w.title->value) : NULL;
    if (!actor && (group_ref || (tl && tl->type == TT_NONSTATE)))
        actor = last_group_before(an, trig);
    if (actor) {
        actor_from_named(an, actor, &e->actor1);
        e->has_actor1 = 1;
        set_person1(an, e, &w);
    } else if (w.title) {
        office_actor(an, pi, e, &w);
        set_person1(an, e, &w);
    } else if (w.agent) {
        actor_from_agent(an, e, w.agent->value, tspan(an, w.agent->first, w.agent->last), &e->actor1);
        e->has_actor1 = 1;
    }
}

/* ------------------------------------------------------------------ */
/* the standalone events                                                */

/* Is the class a gathering: a protest, a riot, a hunger strike? */
static int gathering_class(int c)
{
    return c == EV_PROTEST || c == EV_RIOT || c == EV_HUNGER_STRIKE;
}

/* Does sentence s tell a celebration (word class celebration)? */
static int sentence_celebrates(const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t k = se->first; k < se->last; k++)
        if (has_wclass(an, k, WC_CELEBRATION))
            return 1;
    return 0;
}

/* Does the gathering m of sentence s go on telling the celebrating crowd of
 * the sentence before it in its paragraph ("Demonstrators flooded the streets
 * in celebration of the law. Demonstrators chanted as they marched ..."): that
 * sentence celebrates and names the same word for the crowd? */
static int celebration_goes_on(const analysis *an, size_t s, const mention *m)
{
    if (s == 0 || an->td.sents[s - 1].line != an->td.sents[s].line || !sentence_celebrates(an, s - 1))
        return 0;
    const sentence *prev = &an->td.sents[s - 1];
    const tok *w = TK(an, m->first);
    for (uint32_t k = prev->first; k < prev->last; k++)
        if (TK(an, k)->fold_len == w->fold_len &&
            memcmp(tok_fold(&an->td, TK(an, k)), tok_fold(&an->td, w), w->fold_len) == 0)
            return 1;
    return 0;
}

/* Does sentence se name a crowd for the gathering trigger m: people who
 * gather (protesters, a mob, workers, students, residents: a demonstrators' or
 * a civilians' word) anywhere in it, or a number before the trigger
 * ("hundreds", "about 200")? */
static int crowd_named(const analysis *an, const sentence *se, const mention *m)
{
    for (uint32_t k = se->first; k < se->last; k++) {
        const mention *a = mention_starting(an, k, LK_AGENT);
        if (a) {
            int side = lexicon_agent(an->lx, a->value)->side;
            if (side == SIDE_DEMO || side == SIDE_CIVILIAN)
                return 1;
        }
        if (k < m->first && (mention_starting(an, k, LK_VAGUE) || mention_starting(an, k, LK_NUMBER) ||
                             (TK(an, k)->flags & TOK_NUM)))
            return 1;
    }
    return 0;
}

/* Is the gathering whose trigger m stands in sentence s reported as one: the
 * lead tells it, or its sentence says where or when, or someone is said to
 * hold it ("staged protests", "protested")? A celebrating crowd is not one,
 * and a weak word ("demonstrated", "rallied", "walked out") counts only with
 * a crowd named before it ("hundreds of teachers demonstrated"). */
static int gathering_reported(const analysis *an, size_t s, const mention *m, const place_index *pidx)
{
    const sentence *se = &an->td.sents[s];
    const sent_info *si = &an->sents[s];
    int where_when = si->date >= 0;
    uint32_t ps, pe;
    for (ps = pidx->start[s], pe = pidx->start[s + 1]; ps < pe && !where_when; ps++) {
        const place_mention *pm = &an->places[pidx->idx[ps]];
        if (pm->chosen >= 0 && !pm->context_only && !pm->dateline)
            where_when = 1;
    }
    int celebration = sentence_celebrates(an, s) || celebration_goes_on(an, s, m);
    int held = 0;
    const tok *tt = TK(an, m->first);
    const char *tf = tok_fold(&an->td, tt);
    if (tt->fold_len > 3 && (memcmp(tf + tt->fold_len - 2, "ed", 2) == 0 ||
                             memcmp(tf + tt->fold_len - 3, "ing", 3) == 0))
        held = 1;
    for (uint32_t k = m->first; k > se->first && k + 3 > m->first && !held; k--)
        if (isw(an, k - 1, "staged") || isw(an, k - 1, "held") || isw(an, k - 1, "hold") ||
            isw(an, k - 1, "holding") || isw(an, k - 1, "organised") || isw(an, k - 1, "organized") ||
            isw(an, k - 1, "launched") || isw(an, k - 1, "joined") || isw(an, k - 1, "led") ||
            isw(an, k - 1, "staging") || isw(an, k - 1, "stage"))
            held = 1;
    if (weak_phrase(an, m) && !crowd_named(an, se, m))
        return 0; /* "the attack demonstrated the group's reach", "a rally in oil prices" */
    return !(celebration || (!si->lead && !where_when && !held));
}

/* With no place for the gathering: the country a demonym or name before its
 * trigger (byte offset trig) in sentence s names (pi: the place mentions by
 * sentence), not after a place cue ("Algerian landowners began a hunger
 * strike"), its code into cc; or NULL. */
static const char *crowd_demonym(const analysis *an, const place_index *pi, size_t s, uint32_t trig, char cc[3])
{
    for (uint32_t q = pi->start[s]; q < pi->start[s + 1]; q++) {
        const place_mention *pm = &an->places[pi->idx[q]];
        if (pm->ev.end > trig || !country_named(pm, 0))
            continue;
        const geo_place *g = &pm->cand[pm->chosen >= 0 ? pm->chosen : 0];
        memcpy(cc, g->cc, 3);
        return g->name;
    }
    return NULL;
}

/* The crowd of a protest, riot or hunger strike (class cls) in sentence s:
 * demonstrators named as such, else "Protesters (X)" of the event's country
 * (with no place, of the crowd's demonym: crowd_demonym; pi the place
 * mentions by sentence); a riot's crowd is always ACLED's "Rioters (X)"
 * ("International" when no country is known). */
static void crowd_actor(analysis *an, const place_index *pi, event *e, size_t s, int cls)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t k = se->first; k < se->last; k++) {
        const mention *ag = mention_starting(an, k, LK_AGENT);
        if (ag && lexicon_agent(an->lx, ag->value)->side == SIDE_DEMO) {
            actor_from_agent(an, e, ag->value, tspan(an, ag->first, ag->last), &e->actor1);
            e->has_actor1 = 1;
            break;
        }
    }
    if (cls == EV_RIOT || !e->has_actor1 || e->actor1.type != AT_PROTESTERS) {
        char cc[3] = "";
        const char *country = event_country_name(an, e, cc);
        if (!country)
            country = crowd_demonym(an, pi, s, e->trigger.start, cc);
        char buf[160];
        snprintf(buf, sizeof buf, cls == EV_RIOT ? "Rioters (%s)" : "Protesters (%s)",
                 country ? country : "International");
        memset(&e->actor1, 0, sizeof e->actor1);
        e->actor1.name = arena_strndup(an->a, buf, strlen(buf));
        e->actor1.type = cls == EV_RIOT ? AT_RIOTERS : AT_PROTESTERS;
        memcpy(e->actor1.cc, cc, 3);
        e->actor1.actor_id = e->actor1.agent_id = -1;
        e->actor1.ev = e->trigger;
        e->has_actor1 = 1;
    }
}

/* A protest told in several sentences is one event: join current sentence s
 * to a current standalone event of the same class cls among the latest few
 * (events from index first on) unless the sentence places it over 50 km away;
 * a protest and a riot join too, and the protest becomes the riot ("marched
 * through Kano ... some looted a shopping mall"). Returns 1 when joined. */
static int join_gathering(builder *b, size_t s, int cls, size_t first)
{
    analysis *an = b->an;
    /* look back over the latest few events only: linear in the document */
    size_t tried = 0;
    for (size_t k = b->n; k-- > first && tried < 8;) {
        event *o = &b->ev[k];
        int riot_pair = (o->cls == EV_PROTEST && cls == EV_RIOT) || (o->cls == EV_RIOT && cls == EV_PROTEST);
        if ((o->cls != cls && !riot_pair) || o->background)
            continue;
        tried++;
        uint32_t one = (uint32_t)s;
        sentset set = {&one, 1};
        event probe = *o;
        choose_event_place(an, &probe, set, &b->pidx, b->sent_event);
        if (probe.place && o->place && probe.place->chosen >= 0 && o->place->chosen >= 0 &&
            geo_distance_km(probe.place->cand[probe.place->chosen].lat,
                            probe.place->cand[probe.place->chosen].lon,
                            o->place->cand[o->place->chosen].lat,
                            o->place->cand[o->place->chosen].lon) > 50)
            continue;
        if (!o->place)
            o->place = probe.place;
        add_figures(an, o, s);
        o->last_sent = (uint32_t)s;
        if (o->cls == EV_PROTEST && cls == EV_RIOT) {
            /* the demonstration turned violent: one riot (ACLED's violent
             * demonstration), its crowd the rioters */
            o->cls = EV_RIOT;
            o->classes |= 1ull << EV_RIOT;
            o->has_actor1 = 0;
            crowd_actor(an, &b->pidx, o, s, EV_RIOT);
        }
        return 1;
    }
    return 0;
}

/* Date a standalone event: the sentence's date when it stands in the
 * trigger's clause [cf, ct) ("had been negotiating, but ... announced in
 * November"), else the publication date for a current one. */
void standalone_date(const analysis *an, event *e, size_t s, uint32_t cf, uint32_t ct, int bg)
{
    const sent_info *si = &an->sents[s];
    int date_here = si->date >= 0 && !an->dates[si->date].unknown_year &&
                    an->dates[si->date].ev.start >= TK(an, cf)->start &&
                    an->dates[si->date].ev.end <= TK(an, ct - 1)->end;
    if (date_here) {
        e->date = an->dates[si->date];
        e->has_date = 1;
    } else if (!bg && an->has_pub) {
        assume_publication_date(an, e);
    }
}

/* The state's armed party acting in sentence s (police, soldiers, a named
 * national force), not as a speaker ("police said"), or NULL. */
static const mention *state_party(const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t k = se->first; k < se->last; k++) {
        const mention *m = mention_starting(an, k, LK_ACTOR);
        int state = m && lexicon_actor(an->lx, m->value)->type == AT_STATE && lexicon_actor(an->lx, m->value)->is_force;
        if (!m && (m = mention_starting(an, k, LK_AGENT)) != NULL) {
            const lex_agent *g = lexicon_agent(an->lx, m->value);
            state = g->side == SIDE_STATE && (g->target == T_POLICE || g->target == T_MILITARY);
        }
        if (!m)
            continue;
        if (state && !(m->last < se->last && mention_starting(an, m->last, LK_REPORT)))
            return m;
        k = m->last - 1;
    }
    return NULL;
}

/* How the state met the protest e of sentence s (ACLED's sub-events): with
 * force that kills or injures ("police beat the supporters", "fired live
 * rounds", figures of dead or wounded) it is excessive force, and the force is
 * actor 1 with the crowd as actor 2; with tear gas, water cannon, batons or
 * arrests to disperse it, a protest with intervention, the crowd still actor
 * 1 and the force actor 2. */
static void state_response(analysis *an, event *e, size_t s)
{
    const mention *force = state_party(an, s);
    if (!force)
        return;
    const sentence *se = &an->td.sents[s];
    int harm = 0, intervene = 0;
    for (uint32_t k = se->first; k < se->last; k++) {
        const mention *c = mention_starting(an, k, LK_CASUALTY);
        harm |= (c && (c->value == CAS_KILLED || c->value == CAS_WOUNDED)) || has_wclass(an, k, WC_FORCE);
        intervene |= has_wclass(an, k, WC_INTERVENE);
    }
    if (!harm && !intervene)
        return;
    actor_ref state;
    if (force->kind == LK_ACTOR)
        actor_from_named(an, force, &state);
    else
        actor_from_agent(an, e, force->value, tspan(an, force->first, force->last), &state);
    if (harm) {
        e->actor2 = e->actor1;
        e->has_actor2 = e->has_actor1;
        e->actor1 = state;
        e->has_actor1 = 1;
    } else {
        e->actor2 = state;
        e->has_actor2 = 1;
    }
    e->intervention = harm ? 2 : 1;
}

/* Is r the same party as the event's actor 1 (the same named actor, or the
 * same country's state named twice)? */
static int same_as_actor1(const event *e, const actor_ref *r)
{
    if (!e->has_actor1)
        return 0;
    if (r->actor_id >= 0)
        return r->actor_id == e->actor1.actor_id;
    return r->agent_id < 0 && r->cc[0] && memcmp(r->cc, e->actor1.cc, 2) == 0 && e->actor1.actor_id < 0 &&
           e->actor1.agent_id < 0 && e->actor1.type == r->type;
}

/* The other party of talks, a condemnation, a threat, praise, a ceasefire or
 * an agreement: the first party after the trigger m in its clause, up to a
 * comma, "but" or "while" (first_party_after: "negotiating with the TTP",
 * "signed a peace agreement with Eritrea"), unless it is actor 1 again. */
static void other_party(builder *b, event *e, size_t s, const mention *m)
{
    analysis *an = b->an;
    const sentence *se = &an->td.sents[s];
    uint32_t to = m->last;
    while (to < se->last && !is_punct_tok(an, to, ',') && !isw(an, to, "but") && !isw(an, to, "while"))
        to++;
    actor_ref other;
    if (first_party_after(b, e, s, m->last, to, &other) && !same_as_actor1(e, &other)) {
        e->actor2 = other;
        e->has_actor2 = 1;
    }
}

/* How many words may stand between talks, a ceasefire or an agreement and
 * the verb whose subject holds them ("renewed negotiations", "signed a peace
 * agreement"). */
#define HELD_BY_VERB 3

/* The state whose country is the subject of the verbal event m of sentence
 * s, into *r: of m itself ("Israel threatened"), or of the verb a few words
 * before it that holds talks, a ceasefire or an agreement ("Israel and
 * Lebanon renewed negotiations", "Ethiopia signed a peace agreement"), with
 * no punctuation between. Returns 1 when found. */
static int verbal_state_subject(analysis *an, const place_index *pi, size_t s, const mention *m, actor_ref *r)
{
    if (state_subject(an, pi, s, m->first, r))
        return 1;
    if (m->value != EV_NEGOTIATE && m->value != EV_CEASEFIRE && m->value != EV_AGREEMENT)
        return 0;
    const sentence *se = &an->td.sents[s];
    for (uint32_t v = m->first, n = 0; v > se->first + 1 && n < HELD_BY_VERB; n++) {
        v--;
        if (TK(an, v)->flags & TOK_PUNCT)
            return 0;
        if (state_subject(an, pi, s, v, r))
            return 1;
    }
    return 0;
}

/* A new standalone event for trigger m at token t of sentence s (bg: told as
 * past): its date, place (its sentence's, else the main incident's), figures
 * for gatherings and arrests, actors and sources. Returns 0, or -1 on arena
 * exhaustion. */
static int new_standalone_event(builder *b, size_t s, uint32_t t, const mention *m, int bg)
{
    analysis *an = b->an;
    event *e = new_event(b, m->value, bg, s);
    if (!e)
        return -1;
    e->classes = 1ull << m->value;
    e->trigger = tspan(an, m->first, m->last);
    uint32_t cf, ct;
    clause_bounds(an, s, t, &cf, &ct);
    standalone_date(an, e, s, cf, ct, bg);
    uint32_t one = (uint32_t)s;
    sentset set = {&one, 1};
    choose_event_place(an, e, set, &b->pidx, b->sent_event);
    if (!e->place && !bg && b->main_ev >= 0)
        e->place = b->ev[b->main_ev].place;
    if (m->value == EV_PROTEST || m->value == EV_RIOT || m->value == EV_ARREST || m->value == EV_HUNGER_STRIKE)
        add_figures(an, e, s);
    statement_actor(an, &b->pidx, e, s, t);
    if (!e->has_actor1 && (m->value == EV_NEGOTIATE || m->value == EV_CONDEMN || m->value == EV_THREATEN ||
                           m->value == EV_PRAISE || m->value == EV_CEASEFIRE || m->value == EV_AGREEMENT))
        e->has_actor1 = verbal_state_subject(an, &b->pidx, s, m, &e->actor1);
    if (m->value == EV_PROTEST || m->value == EV_RIOT || m->value == EV_HUNGER_STRIKE)
        crowd_actor(an, &b->pidx, e, s, m->value);
    if (m->value == EV_PROTEST)
        state_response(an, e, s);
    if (m->value == EV_NEGOTIATE || m->value == EV_CONDEMN || m->value == EV_THREATEN || m->value == EV_PRAISE ||
        m->value == EV_CEASEFIRE || m->value == EV_AGREEMENT)
        other_party(b, e, s, m);
    /* talks, a ceasefire or an agreement of "Israel and Lebanon": the second is the other party */
    if ((m->value == EV_NEGOTIATE || m->value == EV_CEASEFIRE || m->value == EV_AGREEMENT) && e->has_actor1 &&
        !e->has_actor2 && e->actor1.cc[0] && e->actor1.actor_id < 0 && e->actor1.agent_id < 0)
        e->has_actor2 = compound_partner(b, s, cf, m->first, &e->actor1, &e->actor2);
    clause_sources(an, s, e, cf, ct);
    return 0;
}

/* Is the standalone trigger m of sentence s already told by the violent event
 * the sentence joined: a threat in a current incident's sentence, or a protest
 * or riot that is the violent event's own frame (force against protesters, a
 * riot), also the headline's protest when the current incident is violence at
 * a demonstration (which then counts as told by the headline)? */
static int told_by_violent_event(builder *b, size_t s, const mention *m)
{
    const frame *f = &b->fr[s];
    if (m->value == EV_THREATEN && f->event >= 0 && !b->an->sents[s].past)
        return 1;
    if (m->value != EV_PROTEST && m->value != EV_RIOT)
        return 0;
    if (f->event >= 0 && (size_t)f->event < b->n && b->ev[f->event].demo)
        return 1;
    /* "Violence escalates as monks continue protests": the headline's protests
     * are the current incident's, violence at a demonstration the lead tells */
    if (b->an->sents[s].in_title && b->main_ev >= 0 && (size_t)b->main_ev < b->n) {
        event *e = &b->ev[b->main_ev];
        if (e->demo && !e->background && e->lead_told) {
            e->title_told = 1;
            return 1;
        }
    }
    return 0;
}

/* Does an armed party stand among tokens [from, to): a named group or state
 * force, or fighters, gunmen or soldiers (a generic agent of an armed or a
 * state side)? */
static int armed_party_named(const analysis *an, uint32_t from, uint32_t to)
{
    for (uint32_t k = from; k < to; k++) {
        if (mention_starting(an, k, LK_ACTOR))
            return 1;
        const mention *g = mention_starting(an, k, LK_AGENT);
        if (g) {
            int side = lexicon_agent(an->lx, g->value)->side;
            if (side == SIDE_HOSTILE || side == SIDE_STATE)
                return 1;
        }
    }
    return 0;
}

/* Is the riot word m of sentence s looting by an armed party, not by a crowd
 * ("RSF fighters looted the market", "soldiers ransacked shops"): a word of
 * class loot, and an armed party before it (its subject), or one anywhere in a
 * sentence that names no crowd? ACLED codes it Looting/property destruction
 * (Strategic developments). */
static int armed_looting(const analysis *an, size_t s, const mention *m)
{
    const sentence *se = &an->td.sents[s];
    if (m->value != EV_RIOT || !has_wclass1(an, m->first, WC1_LOOT))
        return 0;
    return armed_party_named(an, se->first, m->first) ||
           (!crowd_named(an, se, m) && armed_party_named(an, se->first, se->last));
}

/* Does sentence se tell a riot in words that are not weak ("burned tyres",
 * "threw stones", "looted")? */
static int sentence_has_riot(const analysis *an, const sentence *se)
{
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_EVENT);
        if (m && m->value == EV_RIOT && !weak_phrase(an, m))
            return 1;
    }
    return 0;
}

/* How many words may stand between "for", "of", "on" or "toward(s)" and the
 * ceasefire, talks or agreement a proposal asks for ("a call for an
 * immediate and lasting ceasefire"). */
#define PROPOSED_GAP 3

/* Is the ceasefire, talks or agreement at token t (its clause starting at cf)
 * what a proposal, a call or a hope asks for, not what happened: a word of
 * class proposal just before it ("proposed talks", "a possible truce"), or
 * before its "for", "of", "on" or "toward(s)" with at most PROPOSED_GAP words
 * and no punctuation between ("called for an immediate ceasefire", "hopes of
 * a truce", "talks on a ceasefire")? */
static int proposed_object(const analysis *an, uint32_t cf, uint32_t t)
{
    if (t > cf && has_wclass1(an, t - 1, WC1_PROPOSAL))
        return 1;
    for (uint32_t k = t, gap = 0; k > cf + 1 && gap <= PROPOSED_GAP; k--, gap++) {
        uint32_t w = k - 1;
        if (TK(an, w)->flags & TOK_PUNCT)
            return 0;
        if (isw(an, w, "for") || isw(an, w, "of") || isw(an, w, "on") || isw(an, w, "toward") ||
            isw(an, w, "towards"))
            return has_wclass1(an, w - 1, WC1_PROPOSAL);
    }
    return 0;
}

/* Is class c a verbal event: a statement, talks, a threat, a ceasefire or
 * an agreement? */
static int verbal_class(int c)
{
    return c == EV_CONDEMN || c == EV_PRAISE || c == EV_NEGOTIATE || c == EV_THREATEN || c == EV_CEASEFIRE ||
           c == EV_AGREEMENT;
}

/* Is the verbal event m of sentence s (a statement, talks, a threat, a
 * ceasefire, an agreement) negated, hypothetical or refused ("did not
 * condemn", "may hold talks", "rejected talks", "no ceasefire"), or talks,
 * a ceasefire or an agreement only proposed or sought (proposed_object)? */
static int verbal_governed_away(const analysis *an, size_t s, const mention *m)
{
    if (!verbal_class(m->value))
        return 0;
    /* "any new agreements will be reached", "talks could be held": a modal or
     * a future right after the word tells what is not yet */
    if (m->last + 1 < an->td.ntoks && isw(an, m->last + 1, "be") &&
        (isw(an, m->last, "will") || has_wclass(an, m->last, WC_MODAL)))
        return 1;
    uint32_t cf, ct;
    clause_bounds(an, s, m->first, &cf, &ct);
    if ((m->value == EV_NEGOTIATE || m->value == EV_CEASEFIRE || m->value == EV_AGREEMENT) &&
        proposed_object(an, cf, m->first))
        return 1;
    return governed_away(an, cf, m->first);
}

/* See resolve_int.h. A sentence suppressed as an accident, sport, statistics
 * or hypothesis has none (a trial's sentence may); a trigger told as past or
 * in the pluperfect makes a background event, and a negated, hypothetical or
 * refused statement, talks or agreement none. */
int standalone_events(builder *b)
{
    analysis *an = b->an;
    size_t first_standalone = b->n;
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        const sent_info *si = &an->sents[s];
        uint64_t seen = 0;
        int riot_here = sentence_has_riot(an, se);
        /* a trial's sentence keeps its events; a hypothetical one ("police
         * defused a bomb") only its defused bombs */
        int only_defused = b->fr[s].suppressed && !(si->ctx & (1u << CTX_LEGAL));
        /* figures ("to increase trade by 50 percent") make a sentence
         * statistics for violence, but leave its talks and agreements told */
        int verbal_kept = only_defused && (si->ctx & (1u << CTX_STATISTICS)) && !(si->ctx & ~(1u << CTX_STATISTICS));
        if (only_defused && !verbal_kept && !(si->ctx & (1u << CTX_HYPOTHETICAL)))
            continue;
        for (uint32_t t = se->first; t < se->last; t++) {
            const mention *m = mention_starting(an, t, LK_EVENT);
            if (!m || !ev_class_standalone(m->value) || (seen >> m->value) & 1ull ||
                (only_defused && m->value != EV_DEFUSED && !(verbal_kept && verbal_class(m->value))))
                continue;
            seen |= 1ull << m->value;
            if (m->value == EV_PROTEST && riot_here)
                continue; /* "protesters burned tyres": one riot, not a protest beside it */
            mention looted = *m;
            if (armed_looting(an, s, m)) {
                if (b->fr[s].event >= 0)
                    continue; /* looting in a violent incident's sentence is that incident's */
                looted.value = EV_LOOTING;
                m = &looted;
            }
            if (told_by_violent_event(b, s, m) || verbal_governed_away(an, s, m))
                continue;
            int bg = si->past || pluperfect(an, se, t);
            if (gathering_class(m->value) && !gathering_reported(an, s, m, &b->pidx))
                continue;
            /* in a story about a disaster, a trial or a match, looting survivors
             * are no riot, and a crowd told after the lead is not the story's */
            if (gathering_class(m->value) && b->topic) {
                if (b->pv[s] < PV_STRONG)
                    continue;
                bg |= !si->lead && !si->in_title;
            }
            if (!bg && gathering_class(m->value) && join_gathering(b, s, m->value, first_standalone))
                continue;
            if (b->n >= EV_MAX_DOC) {
                b->over_cap++;
                continue;
            }
            if (new_standalone_event(b, s, t, m, bg) < 0)
                return -1;
        }
    }
    return 0;
}
