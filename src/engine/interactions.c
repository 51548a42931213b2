/*
 * interactions.c - the political interactions that are neither violence nor
 * the statements, talks and protests of statements.c: consult, appeal, agree,
 * support, cooperate, aid, concede, retreat, investigate, demand, disapprove,
 * reject, threaten, mobilise, sanction, coerce (CAMEO roots 01-20, PLOVER
 * types). Their verb phrases are data (vocab.txt, kind "interaction": each
 * phrase names its CAMEO code and PLOVER type and mode); this pass codes at
 * most one per clause, the clause's first, with its source from the clause
 * before the verb (as a statement's speaker) and its recipient after it
 * ("with", "to", "against", the object), turned round for a passive ("was
 * sanctioned by"). A negation, a modal or a refusal just before the phrase
 * ("did not agree", "may sanction", "refused to meet", "denied meeting")
 * leaves the clause uncoded. Part of the resolve stage (resolve_int.h).
 */
#include <stdio.h>
#include <string.h>

#include "resolve_int.h"
#include "wordclass.h"

/* How far before its phrase a negation, a modal or a refusal still governs it
 * ("did not formally agree", "may soon impose"). */
#define GOVERN_WINDOW 4

/* See resolve_int.h: punctuation ends the look back. */
int governed_away(const analysis *an, uint32_t from, uint32_t t)
{
    for (uint32_t k = t, seen = 0; k > from && seen < GOVERN_WINDOW; k--, seen++) {
        uint32_t w = k - 1;
        if (TK(an, w)->flags & TOK_PUNCT)
            return 0;
        if (has_wclass(an, w, WC_NEGATE | WC_MODAL | WC_REFUSE))
            return 1;
    }
    return 0;
}

/* Is the phrase m told in the passive: "was", "were", "been", "being", "is" or
 * "are" just before it and a participle ("sanctioned", "expelled")? */
static int passive_phrase(const analysis *an, const mention *m)
{
    if (m->first == 0)
        return 0;
    uint32_t b = m->first - 1;
    if (!(isw(an, b, "was") || isw(an, b, "were") || isw(an, b, "been") || isw(an, b, "being") ||
          isw(an, b, "is") || isw(an, b, "are")))
        return 0;
    const tok *t = TK(an, m->first);
    const char *f = tok_fold(&an->td, t);
    return t->fold_len > 3 && memcmp(f + t->fold_len - 2, "ed", 2) == 0;
}

/* The first named actor or generic agent among tokens [from, to) into *r;
 * returns 1 when found. A reporting verb ends the look ("..., officials said"). */
static int first_party(analysis *an, const event *e, uint32_t from, uint32_t to, actor_ref *r)
{
    for (uint32_t k = from; k < to; k++) {
        if (mention_starting(an, k, LK_REPORT))
            return 0;
        const mention *a = mention_starting(an, k, LK_ACTOR);
        if (a) {
            actor_from_named(an, a, r);
            return 1;
        }
        const mention *g = mention_starting(an, k, LK_AGENT);
        if (g) {
            actor_from_agent(an, e, g->value, tspan(an, g->first, g->last), r);
            return 1;
        }
    }
    return 0;
}

/* The state of the country place mention pm ("Government of Kenya", type
 * state, its country code) into *r. Returns 1, or 0 on arena exhaustion. */
static int state_of_place(analysis *an, const place_mention *pm, actor_ref *r)
{
    const geo_place *g = &pm->cand[pm->chosen >= 0 ? pm->chosen : 0];
    char buf[160];
    snprintf(buf, sizeof buf, "Government of %s", g->name);
    memset(r, 0, sizeof *r);
    r->name = arena_strndup(an->a, buf, strlen(buf));
    r->type = AT_STATE;
    memcpy(r->cc, g->cc, 3);
    r->actor_id = r->agent_id = -1;
    r->ev = pm->ev;
    return r->name != NULL;
}

/* Is pm a country named as a country (a name or a demonym) after no place
 * cue, or (loose 1) after none that makes it where something happened ("and
 * Uganda" but not "in Uganda")? */
static int country_named(const place_mention *pm, int loose)
{
    int c = pm->chosen >= 0 ? pm->chosen : 0;
    return pm->ncand > 0 && pm->cue <= (loose ? 1 : 0) && pm->cand[c].kind == GEO_COUNTRY;
}

/* The country a place mention among tokens [from, to) of sentence s names
 * (a country or its demonym, not after a place cue: "Pakistan agreed",
 * "Hungarian officials", "met India"), as the state actor "Government of X"
 * in *r: the last one (last 1) or the first. Returns 1 when found. */
static int country_party(builder *b, size_t s, uint32_t from, uint32_t to, int last, actor_ref *r)
{
    analysis *an = b->an;
    const place_mention *found = NULL;
    for (uint32_t q = b->pidx.start[s]; q < b->pidx.start[s + 1]; q++) {
        const place_mention *pm = &an->places[b->pidx.idx[q]];
        if (pm->first < from || pm->last > to || !country_named(pm, 0))
            continue;
        found = pm;
        if (!last)
            break;
    }
    return found ? state_of_place(an, found, r) : 0;
}

/* The country named as a country that ends at token t (its last token) of
 * sentence s, or NULL. */
static const place_mention *country_ending(const analysis *an, const place_index *pi, size_t s, uint32_t t)
{
    for (uint32_t q = pi->start[s]; q < pi->start[s + 1]; q++) {
        const place_mention *pm = &an->places[pi->idx[q]];
        if (pm->last == t + 1 && country_named(pm, 1))
            return pm;
    }
    return NULL;
}

/* The country that is the subject of the verb at token verb of sentence s,
 * whose clause starts at cf: read back from the verb, a country or demonym
 * with nothing between it and the verb but words of its state (word class
 * state_organ: "government", "officials", "foreign minister"), words that
 * stand aside (subject_aside: "on Tuesday", "has"), determiners, "and" and
 * other such countries ("Kenyan and Ugandan officials"), and before them the
 * clause's start, a punctuation mark, "that" or a reporting verb ("said").
 * The first of such countries. CAMEO codes such a subject as the country's
 * government (codebooks.md: a state, its government and its officials are the
 * country with the role GOV). NULL when the subject is anything else: a
 * person, a group ("Kenyan rebels"), a place after a cue ("in Kenya, ..."),
 * the object of another verb ("attacked Kenya and rejected"). */
static const place_mention *subject_country(const analysis *an, const place_index *pi, size_t s, uint32_t cf,
                                           uint32_t verb)
{
    const place_mention *head = NULL;
    uint32_t t = verb;
    while (t > cf) {
        const place_mention *pm = country_ending(an, pi, s, t - 1);
        if (pm && pm->first >= cf) {
            head = pm;
            t = pm->first;
        } else if (has_wclass(an, t - 1, WC_DETERMINER | WC_STATE_ORGAN | WC_SUBJECT_ASIDE) ||
                   isw(an, t - 1, "and")) {
            t--;
        } else {
            break;
        }
    }
    if (!head || t == cf)
        return head;
    uint32_t k = t - 1;
    if ((TK(an, k)->flags & TOK_PUNCT) || isw(an, k, "that") || mention_starting(an, k, LK_REPORT))
        return head;
    return NULL;
}

/* See resolve_int.h. */
int state_subject(analysis *an, const place_index *pi, size_t s, uint32_t verb, actor_ref *r)
{
    uint32_t cf, ct;
    clause_bounds(an, s, verb, &cf, &ct);
    const place_mention *subject = subject_country(an, pi, s, cf, verb);
    return subject ? state_of_place(an, subject, r) : 0;
}

/* Source and recipient of the interaction e whose phrase m stands in the
 * clause [cf, ct) of sentence s: the speaker before it and the party after it;
 * in the passive the party after "by" is the source and the one before the
 * recipient. A recipient that is the source itself is dropped. */
static void interaction_parties(builder *b, event *e, size_t s, const mention *m, uint32_t ct)
{
    analysis *an = b->an;
    uint32_t cf, ct_unused;
    clause_bounds(an, s, m->first, &cf, &ct_unused);
    if (!(e->has_actor1 = state_subject(an, &b->pidx, s, m->first, &e->actor1)))
        statement_actor(an, &b->pidx, e, s, m->first);
    if (!e->has_actor1)
        e->has_actor1 = country_party(b, s, cf, m->first, 1, &e->actor1);
    actor_ref other;
    memset(&other, 0, sizeof other);
    if (passive_phrase(an, m)) {
        uint32_t by = m->last;
        while (by < ct && !isw(an, by, "by") && !(TK(an, by)->flags & TOK_PUNCT))
            by++;
        if (by < ct && isw(an, by, "by") &&
            (first_party(an, e, by + 1, ct, &other) || country_party(b, s, by + 1, ct, 0, &other))) {
            e->actor2 = e->actor1;
            e->has_actor2 = e->has_actor1;
            e->actor1 = other;
            e->has_actor1 = 1;
        }
        return;
    }
    if ((first_party(an, e, m->last, ct, &other) || country_party(b, s, m->last, ct, 0, &other)) &&
        !(e->has_actor1 && other.cc[0] && other.actor_id < 0 && other.agent_id < 0 &&
          strcmp(other.name, e->actor1.name) == 0) &&
        !(e->has_actor1 && other.actor_id >= 0 && other.actor_id == e->actor1.actor_id)) {
        e->actor2 = other;
        e->has_actor2 = 1;
    }
}

/* Does sentence s already have an event (among events [0, n)) of PLOVER type
 * plover: talks, a condemnation, a protest told by statements.c? */
static int type_told(const builder *b, size_t n, size_t s, const char *plover)
{
    for (size_t i = 0; i < n; i++) {
        const event *o = &b->ev[i];
        if (o->plover && strcmp(o->plover, plover) == 0 && s >= o->first_sent && s <= o->last_sent)
            return 1;
    }
    return 0;
}

/* A new interaction event for the phrase m (entry x) in the clause [cf, ct)
 * of sentence s. Returns 0, or -1 on arena exhaustion. */
static int new_interaction(builder *b, size_t s, const mention *m, const lex_interaction *x, uint32_t cf,
                           uint32_t ct)
{
    analysis *an = b->an;
    const sentence *se = &an->td.sents[s];
    int bg = an->sents[s].past || pluperfect(an, se, m->first);
    event *e = new_event(b, EV_INTERACTION, bg, s);
    if (!e)
        return -1;
    e->classes = 1ull << EV_INTERACTION;
    e->trigger = tspan(an, m->first, m->last);
    memcpy(e->cameo, x->cameo, sizeof e->cameo);
    e->plover = x->plover;
    e->plover_mode = x->mode[0] ? x->mode : NULL;
    standalone_date(an, e, s, cf, ct, bg);
    uint32_t one = (uint32_t)s;
    sentset set = {&one, 1};
    choose_event_place(an, e, set, &b->pidx, b->sent_event);
    interaction_parties(b, e, s, m, ct);
    clause_sources(an, s, e, cf, ct);
    return 0;
}

/* Is sentence s hypothetical for reasons other than a modal verb: a question,
 * or a hypothetical context word ("plot", "threat of", "planned to") that is
 * not a modal ("could", "would")? A modal governs only the verb phrase just
 * after it (governed_away), not the whole sentence. */
static int hypothetical_beyond_modals(const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    if (se->last > se->first && is_punct_tok(an, se->last - 1, '?'))
        return 1;
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_CONTEXT);
        if (m && m->value == CTX_HYPOTHETICAL && !has_wclass(an, t, WC_MODAL))
            return 1;
    }
    return 0;
}

/* Is sentence s one whose interactions are not told as facts: fiction, sport,
 * or a hypothesis beyond a modal's own verb phrase ("plans to", a question)? */
static int sentence_not_factual(const analysis *an, size_t s)
{
    uint32_t ctx = an->sents[s].ctx;
    if (ctx & ((1u << CTX_FICTION) | (1u << CTX_SPORT)))
        return 1;
    return (ctx & (1u << CTX_HYPOTHETICAL)) && hypothetical_beyond_modals(an, s);
}

/* See resolve_int.h. */
int interaction_events(builder *b)
{
    analysis *an = b->an;
    const size_t told_before = b->n;
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        if (sentence_not_factual(an, s))
            continue;
        uint32_t clause_end = se->first; /* the clause already decided ends here */
        for (uint32_t t = se->first; t < se->last; t++) {
            const mention *m = t >= clause_end ? mention_starting(an, t, LK_INTERACTION) : NULL;
            if (!m)
                continue;
            uint32_t cf, ct;
            clause_bounds(an, s, t, &cf, &ct);
            clause_end = ct; /* the clause's first phrase decides it */
            const lex_interaction *x = lexicon_interaction(an->lx, m->value);
            if (!x || governed_away(an, cf, m->first) || type_told(b, told_before, s, x->plover))
                continue;
            if (b->n >= EV_MAX_DOC)
                return 0;
            if (new_interaction(b, s, m, x, cf, ct) < 0)
                return -1;
        }
    }
    return 0;
}
