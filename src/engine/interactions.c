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

/* See resolve_int.h: "ruled" and "rules" refuse only as "ruled out" ("the
 * Taliban-ruled country" refuses nothing). */
int refusal_at(const analysis *an, uint32_t w)
{
    if (!has_wclass(an, w, WC_REFUSE))
        return 0;
    return !((isw(an, w, "ruled") || isw(an, w, "rules")) && !isw(an, w + 1, "out"));
}

/* See resolve_int.h: punctuation ends the look back. */
int governed_away(const analysis *an, uint32_t from, uint32_t t)
{
    for (uint32_t k = t, seen = 0; k > from && seen < GOVERN_WINDOW; k--, seen++) {
        uint32_t w = k - 1;
        if (TK(an, w)->flags & TOK_PUNCT)
            return 0;
        if (has_wclass(an, w, WC_NEGATE | WC_MODAL) || refusal_at(an, w))
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

/* The state whose office the leader lt holds (leaders.txt: "Putin" is the
 * Government of Russia), named at ev, into *r. Returns 1, or 0 when its
 * country is unknown to the gazetteer or the arena is exhausted. */
static int leader_state(analysis *an, const lex_title *lt, span ev, actor_ref *r)
{
    geo_place c;
    if (geo_country(an->geo, lt->cc, &c) < 0)
        return 0;
    char buf[160];
    snprintf(buf, sizeof buf, "Government of %s", c.name);
    memset(r, 0, sizeof *r);
    r->name = arena_strndup(an->a, buf, strlen(buf));
    r->type = AT_STATE;
    memcpy(r->cc, c.cc, 3);
    r->actor_id = r->agent_id = -1;
    r->ev = ev;
    return r->name != NULL;
}

/* The first named actor, generic agent, international body ("the African
 * Union", "the UN": an international title, which is no country's office)
 * or leader ("Putin": the state he leads) among tokens [from, to) into *r;
 * returns 1 when found. A reporting verb ends the look ("..., officials
 * said"). */
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
        const mention *t = mention_starting(an, k, LK_TITLE);
        const lex_title *lt = t ? lexicon_title(an->lx, t->value) : NULL;
        if (lt && lt->cc[0] && leader_state(an, lt, tspan(an, t->first, t->last), r))
            return 1;
        if (lt && lt->type == TT_INTERNATIONAL) {
            memset(r, 0, sizeof *r);
            r->name = lt->label; /* its code comes from the title (actor_ref_code) */
            r->type = AT_UNKNOWN;
            r->actor_id = r->agent_id = -1;
            r->ev = tspan(an, t->first, t->last);
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
    snprintf(buf, sizeof buf, "Government of %s", g->kind == GEO_COUNTRY ? g->name : g->country);
    memset(r, 0, sizeof *r);
    r->name = arena_strndup(an->a, buf, strlen(buf));
    r->type = AT_STATE;
    memcpy(r->cc, g->cc, 3);
    r->actor_id = r->agent_id = -1;
    r->ev = pm->ev;
    return r->name != NULL;
}

/* See resolve_int.h. */
int country_named(const place_mention *pm, int loose)
{
    int c = pm->chosen >= 0 ? pm->chosen : 0;
    return pm->ncand > 0 && pm->cue <= (loose ? 1 : 0) && pm->cand[c].kind == GEO_COUNTRY;
}

/* Is the country mention pm named as a recipient: after no place cue, or
 * after one that tells no place of the act and no origin ("aid to Mali",
 * "agreed with Togo"; not "in Mali", "troops from Chad")? */
static int recipient_country(const analysis *an, const place_mention *pm)
{
    return country_named(pm, 1) && !(pm->cue && pm->first > 0 && isw(an, pm->first - 1, "from"));
}

/* Does the country or demonym pm name the nationality of the group right
 * after it, not a state ("the Kenyan opposition", "Afghan students",
 * "Rwandan rebels"): a generic agent of no state's side, or an office of no
 * state? */
static int names_a_group(const analysis *an, const place_mention *pm, uint32_t to)
{
    uint32_t k = pm->last;
    if (k >= to || k >= an->td.ntoks)
        return 0;
    const mention *g = mention_starting(an, k, LK_AGENT);
    if (g)
        return lexicon_agent(an->lx, g->value)->side != SIDE_STATE;
    const mention *t = mention_starting(an, k, LK_TITLE);
    if (t)
        return lexicon_title(an->lx, t->value)->type != TT_STATE;
    return isw(an, k, "opposition");
}

/* The country a place mention among tokens [from, to) of sentence s names
 * (a country or its demonym, not after a place cue: "Pakistan agreed",
 * "Hungarian officials", "met India"; or, recipient 1, also after one that
 * makes it no place of the act: recipient_country), as the state actor
 * "Government of X" in *r: the last one (last 1; a demonym of a group, "the
 * Kenyan opposition", is none: names_a_group) or the first. Returns 1 when
 * found. */
static int country_party(builder *b, size_t s, uint32_t from, uint32_t to, int last, int recipient, actor_ref *r)
{
    analysis *an = b->an;
    const place_mention *found = NULL;
    for (uint32_t q = b->pidx.start[s]; q < b->pidx.start[s + 1]; q++) {
        const place_mention *pm = &an->places[b->pidx.idx[q]];
        if (pm->first < from || pm->last > to || !(recipient ? recipient_country(an, pm) : country_named(pm, 0)))
            continue;
        if (last && names_a_group(an, pm, to))
            continue;
        found = pm;
        if (!last)
            break;
    }
    return found ? state_of_place(an, found, r) : 0;
}

/* Is pm a national capital after no place cue ("Berlin rejected", not "in
 * Berlin")? As a subject it stands for its country's government, as CAMEO
 * codes the capital's name (metonymy: "Washington demanded"). */
static int capital_named(const place_mention *pm)
{
    int c = pm->chosen >= 0 ? pm->chosen : 0;
    return pm->ncand > 0 && pm->cue == 0 && (pm->cand[c].flags & GEO_F_CAPITAL);
}

/* The country named as a country, or the capital standing for it, that ends
 * at token t (its last token) of sentence s, or NULL. */
static const place_mention *country_ending(const analysis *an, const place_index *pi, size_t s, uint32_t t)
{
    for (uint32_t q = pi->start[s]; q < pi->start[s + 1]; q++) {
        const place_mention *pm = &an->places[pi->idx[q]];
        if (pm->last == t + 1 && (country_named(pm, 1) || capital_named(pm)))
            return pm;
    }
    return NULL;
}

/* How far back an appositive's opening comma may stand ("Pakistan, a key
 * ally of Washington in the region, has refused"). */
#define APPOSITIVE_MAX 14

/* The token after the country that an appositive ending with the comma at
 * token t-1 follows ("Kenya, a member of the bloc, agreed": from t the token
 * of "Kenya"'s end), within the clause from cf; or t when there is none: no
 * other punctuation between the two commas, a country just before the first. */
static uint32_t skip_appositive(const analysis *an, const place_index *pi, size_t s, uint32_t cf, uint32_t t)
{
    if (t < cf + 3 || !is_punct_tok(an, t - 1, ','))
        return t;
    for (uint32_t k = t - 1, n = 0; k > cf + 1 && n < APPOSITIVE_MAX; k--, n++) {
        uint32_t c = k - 1;
        if (!(TK(an, c)->flags & TOK_PUNCT))
            continue;
        if (!is_punct_tok(an, c, ',') || !country_ending(an, pi, s, c - 1))
            return t;
        return c;
    }
    return t;
}

/* How far before a verb "along with" or "together with" may open the
 * companions of its subject ("Washington along with its allies demanded"). */
#define ALONG_WITH_REACH 8

/* The token where "along with" or "together with" opens the companions
 * between the subject and the verb at token t (clause from cf), with no
 * punctuation after it; or t when there is none. */
static uint32_t skip_along_with(const analysis *an, uint32_t cf, uint32_t t)
{
    for (uint32_t k = t, n = 0; k > cf + 1 && n < ALONG_WITH_REACH; k--, n++) {
        uint32_t w = k - 1;
        if (TK(an, w)->flags & TOK_PUNCT)
            return t;
        if (isw(an, w, "with") && (isw(an, w - 1, "along") || isw(an, w - 1, "together")))
            return w - 1;
    }
    return t;
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
    if (t > cf && has_wclass(an, t - 1, WC_SUBJECT_ASIDE))
        t--; /* "Pakistan, an ally, has refused" */
    t = skip_along_with(an, cf, t);
    t = skip_appositive(an, pi, s, cf, t);
    while (t > cf) {
        const place_mention *pm = country_ending(an, pi, s, t - 1);
        if (pm && pm->first >= cf) {
            head = pm;
            t = pm->first;
        } else if (has_wclass(an, t - 1, WC_DETERMINER | WC_STATE_ORGAN | WC_SUBJECT_ASIDE) ||
                   isw(an, t - 1, "and") || isw(an, t - 1, "a") || isw(an, t - 1, "an")) {
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

/* See resolve_int.h. */
int compound_partner(builder *b, size_t s, uint32_t from, uint32_t to, const actor_ref *first, actor_ref *r)
{
    const analysis *an = b->an;
    for (uint32_t q = b->pidx.start[s]; q < b->pidx.start[s + 1]; q++) {
        const place_mention *pm = &an->places[b->pidx.idx[q]];
        if (pm->first <= from || pm->last > to || !country_named(pm, 1) || !isw(an, pm->first - 1, "and"))
            continue;
        const geo_place *g = &pm->cand[pm->chosen >= 0 ? pm->chosen : 0];
        if (memcmp(g->cc, first->cc, 2) != 0)
            return state_of_place(b->an, pm, r);
    }
    return 0;
}

/* See resolve_int.h. */
int first_party_after(builder *b, const event *e, size_t s, uint32_t from, uint32_t to, actor_ref *r)
{
    const analysis *an = b->an;
    for (uint32_t k = from; k < to; k++)
        if (mention_starting(an, k, LK_REPORT)) {
            to = k;
            while (to > from && (has_wclass(an, to - 1, WC_STATE_ORGAN) || mention_covering(an, to - 1, LK_TITLE) ||
                                 mention_covering(an, to - 1, LK_AGENT) || (TK(an, to - 1)->flags & TOK_CAP)))
                to--; /* the speaker's words */
        }
    actor_ref named, country;
    int has_named = first_party(b->an, e, from, to, &named);
    /* the source's own forces it sends are no target ("Kenya said it would
     * send troops to Somalia"): the party after them */
    while (has_named && named.agent_id >= 0 && e->has_actor1 && e->actor1.cc[0] &&
           memcmp(named.cc, e->actor1.cc, 2) == 0) {
        uint32_t k = from;
        while (k < to && TK(an, k)->start < named.ev.end)
            k++;
        from = k;
        has_named = first_party(b->an, e, from, to, &named);
    }
    int has_country = country_party(b, s, from, to, 0, 1, &country);
    if (has_country && (!has_named || country.ev.start < named.ev.start))
        *r = country;
    else if (has_named)
        *r = named;
    return has_named || has_country;
}

static int pronoun_of_speaker(const analysis *an, uint32_t cf, uint32_t p);
static const mention *report_before(const analysis *an, uint32_t cf, uint32_t p);

/* Source and recipient of the interaction e whose phrase m stands in the
 * clause [cf, ct) of sentence s: the speaker before it and the party after it;
 * in the passive the party after "by" is the source and the one before the
 * recipient. A recipient that is the source itself is dropped. */
static void interaction_parties(builder *b, event *e, size_t s, const mention *m, uint32_t ct)
{
    analysis *an = b->an;
    uint32_t cf, ct_unused;
    clause_bounds(an, s, m->first, &cf, &ct_unused);
    /* "Iraq said it would allow": the pronoun is the speaker, whose clause
     * tells who acts */
    uint32_t v = m->first, p = m->first;
    if (p > cf && has_wclass(an, p - 1, WC_SUBJECT_ASIDE) && !isw(an, p - 1, "and"))
        p--;
    const mention *said = p > cf && has_wclass(an, p - 1, WC_PRONOUN) && pronoun_of_speaker(an, cf, p - 1)
                              ? report_before(an, cf, p - 1)
                              : NULL;
    if (said)
        v = said->first;
    if (!(e->has_actor1 = state_subject(an, &b->pidx, s, v, &e->actor1)))
        statement_actor(an, &b->pidx, e, s, v);
    if (!e->has_actor1)
        e->has_actor1 = country_party(b, s, cf, v, 1, 0, &e->actor1);
    actor_ref other;
    memset(&other, 0, sizeof other);
    if (passive_phrase(an, m)) {
        uint32_t by = m->last;
        while (by < ct && !isw(an, by, "by") && !(TK(an, by)->flags & TOK_PUNCT))
            by++;
        if (by < ct && isw(an, by, "by") &&
            first_party_after(b, e, s, by + 1, ct, &other)) {
            e->actor2 = e->actor1;
            e->has_actor2 = e->has_actor1;
            e->actor1 = other;
            e->has_actor1 = 1;
        }
        return;
    }
    if (first_party_after(b, e, s, m->last, ct, &other) &&
        !(e->has_actor1 && other.cc[0] && other.actor_id < 0 && other.agent_id < 0 &&
          strcmp(other.name, e->actor1.name) == 0) &&
        !(e->has_actor1 && other.actor_id >= 0 && other.actor_id == e->actor1.actor_id)) {
        e->actor2 = other;
        e->has_actor2 = 1;
    }
}

/* The event of sentence s (among events [0, n)) of PLOVER type plover
 * already told: talks, a condemnation, a protest told by statements.c; or
 * NULL. */
static event *told_event(builder *b, size_t n, size_t s, const char *plover)
{
    for (size_t i = 0; i < n; i++) {
        event *o = &b->ev[i];
        if (o->plover && strcmp(o->plover, plover) == 0 && s >= o->first_sent && s <= o->last_sent)
            return o;
    }
    return NULL;
}

/* Does sentence s already have an event (among events [0, n)) of PLOVER type
 * plover? */
static int type_told(builder *b, size_t n, size_t s, const char *plover)
{
    return told_event(b, n, s, plover) != NULL;
}

/* The event o, told by a noun ("a pact", "talks") of the same type as the
 * interaction phrase m of its clause (ending at ct) of sentence s, but
 * without a source, takes the phrase's parties: the verb's subject is the
 * noun's source too ("Peru and Chile have agreed upon a pact"). */
static void lend_parties(builder *b, event *o, size_t s, const mention *m, uint32_t ct)
{
    if (o->has_actor1)
        return;
    event tmp = *o;
    interaction_parties(b, &tmp, s, m, ct);
    if (!tmp.has_actor1)
        return;
    o->actor1 = tmp.actor1;
    o->has_actor1 = 1;
    if (!o->has_actor2 && tmp.has_actor2) {
        o->actor2 = tmp.actor2;
        o->has_actor2 = 1;
    }
}

/* See resolve_int.h. */
event *interaction_event(builder *b, size_t s, const mention *m, const lex_interaction *x, uint32_t cf,
                         uint32_t ct)
{
    analysis *an = b->an;
    const sentence *se = &an->td.sents[s];
    int bg = an->sents[s].past || pluperfect(an, se, m->first);
    event *e = new_event(b, EV_INTERACTION, bg, s);
    if (!e)
        return NULL;
    e->classes = 1ull << EV_INTERACTION;
    e->trigger = tspan(an, m->first, m->last);
    memcpy(e->cameo, x->cameo, sizeof e->cameo);
    e->plover = x->plover[0] ? x->plover : NULL; /* none for CAMEO roots 01 and 02 */
    e->plover_mode = x->mode[0] ? x->mode : NULL;
    standalone_date(an, e, s, cf, ct, bg);
    uint32_t one = (uint32_t)s;
    sentset set = {&one, 1};
    choose_event_place(an, e, set, &b->pidx, b->sent_event);
    return e;
}

/* Is the source of event e a news organisation or a reporter (an office of
 * sector MED: "VOA spoke with experts", "Reuters contacted the ministry")?
 * What the press does to report the news is no political interaction. */
static int reporting_source(const analysis *an, const event *e)
{
    if (!e->has_actor1 || e->actor1.actor_id >= 0 || e->actor1.agent_id >= 0 || !e->actor1.name)
        return 0;
    const lex_title *t = lexicon_title_named(an->lx, e->actor1.name);
    return t && strcmp(t->sector, "MED") == 0;
}

/* A new interaction event for the phrase m (entry x) in the clause [cf, ct)
 * of sentence s, with its parties, unless the press is its source
 * (reporting_source). Returns 0, or -1 on arena exhaustion. */
static int new_interaction(builder *b, size_t s, const mention *m, const lex_interaction *x, uint32_t cf,
                           uint32_t ct)
{
    event *e = interaction_event(b, s, m, x, cf, ct);
    if (!e)
        return -1;
    interaction_parties(b, e, s, m, ct);
    if (reporting_source(b->an, e)) {
        b->n--; /* the event just made, the last one */
        return 0;
    }
    clause_sources(b->an, s, e, cf, ct);
    return 0;
}

/* The intents and demands no vocabulary phrase names, read from the grammar
 * of their clause. CAMEO 03 (express intent to cooperate) is an event: a
 * subject's stated will to do a cooperative act ("Syria will withdraw", "said
 * it would release", "is ready to contribute"), as CAMEO 13 (threaten) is its
 * stated will to coerce ("will boycott"). A possibility ("may", "could") is
 * neither, nor a condition ("if", "unless"), a negation ("will not"), an
 * intent with no named subject ("a law that would ban") or a "would" no one
 * is reported to have said. CAMEO 10 (demand) is a speaker's statement that
 * another party must act ("X said that Y must withdraw"). */
static const lex_interaction INTENT_YIELD = {"035", "AGREE", ""};
static const lex_interaction INTENT_AID = {"033", "AGREE", ""};
static const lex_interaction INTENT_COOP = {"030", "AGREE", ""};
static const lex_interaction INTENT_THREAT = {"130", "THREATEN", ""};
static const lex_interaction INTENT_HALT = {"136", "THREATEN", ""};
static const lex_interaction EXPEL_INVOLVEMENT = {"166", "SANCTION", "expel"};
static const lex_interaction REFUSE_YIELD = {"124", "REJECT", "yield"};
static const lex_interaction REFUSE_COOP = {"120", "REJECT", ""};
static const lex_interaction STATED_DEMAND = {"100", "DEMAND", ""};

/* The first reporting verb ("said", "announced") among tokens [from, to), its
 * token in *at; returns 1 when found. */
static int report_within(const analysis *an, uint32_t from, uint32_t to, uint32_t *at)
{
    for (uint32_t k = from; k < to; k++)
        if (mention_starting(an, k, LK_REPORT)) {
            *at = k;
            return 1;
        }
    return 0;
}

/* Does a named actor or agent mention among tokens [cf, end) end at end? */
static int party_ending(const analysis *an, uint32_t cf, uint32_t end)
{
    for (uint32_t k = end > cf + 8 ? end - 8 : cf; k < end; k++) {
        const mention *a = mention_starting(an, k, LK_ACTOR);
        const mention *g = mention_starting(an, k, LK_AGENT);
        if ((a && a->last == end) || (g && g->last == end))
            return 1;
    }
    return 0;
}

/* The subject just before token t (one word standing aside allowed: "Syria
 * today will"), within the clause from cf of sentence s, its last token in
 * *at: 1 for a named party
 * (an actor, an agent, a country, a word of a state: "the government"), 2 for
 * a personal pronoun ("it", "they"), 0 for anything else ("a law that"). */
static int intent_subject(const analysis *an, const place_index *pi, size_t s, uint32_t cf, uint32_t t,
                          uint32_t *at)
{
    uint32_t k = t;
    if (k > cf + 1 && has_wclass(an, k - 1, WC_SUBJECT_ASIDE) && !isw(an, k - 1, "and"))
        k--;
    if (k <= cf)
        return 0;
    *at = k - 1;
    if (has_wclass(an, k - 1, WC_PRONOUN))
        return 2;
    if (country_ending(an, pi, s, k - 1) || has_wclass(an, k - 1, WC_STATE_ORGAN) || party_ending(an, cf, k))
        return 1;
    return 0;
}

/* The reporting verb that ends just before token p ("said", "told
 * reporters"), or NULL. */
static const mention *report_ending(const analysis *an, uint32_t cf, uint32_t p)
{
    for (uint32_t k = p > cf + 3 ? p - 3 : cf; k < p; k++) {
        const mention *r = mention_starting(an, k, LK_REPORT);
        if (r && r->last == p)
            return r;
    }
    return NULL;
}

/* May token k stand between a reporting verb and its clause's subject:
 * "that", or a word standing aside ("on", "Monday")? */
static int speech_aside(const analysis *an, uint32_t k)
{
    return isw(an, k, "that") || (has_wclass(an, k, WC_SUBJECT_ASIDE) && !isw(an, k, "and"));
}

/* Is the pronoun at token p the speaker of a reporting verb just before it
 * ("Iraq said (on Monday) (that) it", "they announced they")? "It" after a
 * participle ("..., saying it") is as often a thing, and is none. */
static int pronoun_of_speaker(const analysis *an, uint32_t cf, uint32_t p)
{
    const mention *r = report_before(an, cf, p);
    if (!r)
        return 0;
    const tok *v = TK(an, r->first);
    const char *f = tok_fold(&an->td, v);
    return !(isw(an, p, "it") && v->fold_len > 4 && memcmp(f + v->fold_len - 3, "ing", 3) == 0);
}

/* The reporting verb whose speaker the pronoun at token p is
 * (pronoun_of_speaker), or NULL. */
static const mention *report_before(const analysis *an, uint32_t cf, uint32_t p)
{
    uint32_t q = p;
    for (int n = 0; n < 4 && q > cf && speech_aside(an, q - 1); n++)
        q--;
    return report_ending(an, cf, q);
}


/* Is the subject before token t of sentence s (clause from cf) one that
 * states an intent there: a named party, or a pronoun just after a finite
 * reporting verb ("Iraq said it"); with "would" (strong 0) only where someone is reported to
 * say it in the sentence. */
static int intent_subject_ok(const analysis *an, const place_index *pi, size_t s, uint32_t cf, uint32_t t,
                             int strong)
{
    const sentence *se = &an->td.sents[s];
    uint32_t at, subj_at = 0;
    int subj = intent_subject(an, pi, s, cf, t, &subj_at);
    if (subj == 2)
        return pronoun_of_speaker(an, cf, subj_at);
    return subj == 1 && (strong || report_within(an, se->first, se->last, &at));
}

/* The verb of the stated intent that begins at token t of sentence s (clause
 * [cf, ct)): "will|would|shall [aside] VERB", "will|would be ready to VERB",
 * "is|are ready|willing|prepared to VERB"; its token, or 0 when t begins no
 * intent or a negation, modal or refusal governs it. *neg is 1 for a stated
 * refusal, "will|would not|never VERB". */
static uint32_t intent_verb(const analysis *an, const place_index *pi, size_t s, uint32_t cf, uint32_t ct,
                            uint32_t t, int *neg)
{
    uint32_t v;
    *neg = 0;
    if (has_wclass(an, t, WC_INTENT)) {
        if (!intent_subject_ok(an, pi, s, cf, t, !isw(an, t, "would")) || governed_away(an, cf, t))
            return 0;
        v = t + 1;
        if (v + 1 < ct && (isw(an, v, "not") || isw(an, v, "never"))) {
            *neg = 1;
            v++;
        } else if (v + 2 < ct && isw(an, v, "be") && has_wclass(an, v + 1, WC_INTENT_ADJ) && isw(an, v + 2, "to"))
            v += 3;
        else if (v < ct && has_wclass(an, v, WC_SUBJECT_ASIDE) && !isw(an, v, "and") && !isw(an, v, "has") &&
                 !isw(an, v, "have") && !isw(an, v, "had"))
            v++;
    } else if (has_wclass(an, t, WC_INTENT_ADJ) && t > cf && t + 1 < ct && isw(an, t + 1, "to") &&
               (isw(an, t - 1, "is") || isw(an, t - 1, "are") || isw(an, t - 1, "was") || isw(an, t - 1, "were"))) {
        if (!intent_subject_ok(an, pi, s, cf, t - 1, 1) || governed_away(an, cf, t - 1))
            return 0;
        v = t + 2;
    } else {
        return 0;
    }
    return v < ct ? v : 0;
}

/* Does a word of international involvement ("inspectors", "monitors") stand
 * among the few tokens after the verb at token v, before punctuation or the
 * clause's end ct: "withdraw (its) inspectors"? */
static int involvement_after(const analysis *an, uint32_t v, uint32_t ct)
{
    for (uint32_t k = v + 1; k < ct && k <= v + 4; k++) {
        if (TK(an, k)->flags & TOK_PUNCT)
            return 0;
        if (has_wclass(an, k, WC_INVOLVEMENT))
            return 1;
    }
    return 0;
}

/* The entry of the stated intent whose verb is token v (clause ending at
 * ct): yield, aid or cooperation (CAMEO 035, 033, 030: AGREE), coercion
 * (130: THREATEN) or taking away one's inspectors, monitors or envoys (136,
 * threaten to halt international involvement); of the stated refusal (neg 1)
 * to yield or cooperate, a rejection (124, 120: REJECT); NULL for any other
 * verb, or one told as a movement ("return to", "return home"). */
static const lex_interaction *intent_entry(const analysis *an, uint32_t v, uint32_t ct, int neg)
{
    if (!neg && has_wclass(an, v, WC_PULL_ACT) && involvement_after(an, v, ct))
        return &INTENT_HALT;
    if (v + 1 < ct && !has_wclass(an, v, WC_PULL_ACT) && has_wclass(an, v + 1, WC_MOTION_AFTER))
        return NULL; /* "will return to the capital": a movement ("withdraw to" stays a retreat) */
    if (neg && has_wclass(an, v, WC_YIELD_ACT))
        return &REFUSE_YIELD;
    if (neg)
        return has_wclass(an, v, WC_AID_ACT | WC_COOP_ACT) ? &REFUSE_COOP : NULL;
    if (has_wclass(an, v, WC_YIELD_ACT))
        return &INTENT_YIELD;
    if (has_wclass(an, v, WC_AID_ACT))
        return &INTENT_AID;
    if (has_wclass(an, v, WC_COOP_ACT))
        return &INTENT_COOP;
    if (has_wclass(an, v, WC_THREAT_ACT))
        return &INTENT_THREAT;
    return NULL;
}

/* See resolve_int.h. */
int clause_condition(const analysis *an, uint32_t cf, uint32_t ct)
{
    int c = 0;
    for (uint32_t k = cf; k < ct; k++)
        if (has_wclass(an, k, WC_CONDITION)) {
            if (!isw(an, k, "unless"))
                return 2;
            c = 1;
        }
    return c;
}

/* The entry of the vocabulary phrase m (entry x, clause ending at ct), or
 * for a deportation of people of another's international involvement
 * ("expelled two diplomats", "deported the monitors") the expulsion that
 * reduces relations (CAMEO 166, SANCTION) instead of a deportation (174). */
static const lex_interaction *phrase_entry(const analysis *an, const mention *m, const lex_interaction *x,
                                           uint32_t ct)
{
    if (strcmp(x->mode, "deport") == 0 && involvement_after(an, m->last - 1, ct))
        return &EXPEL_INVOLVEMENT;
    return x;
}

/* Is the phrase m an intent of the vocabulary ("will meet", "will provide")
 * in a clause [cf, ct) with a condition ("if", "unless"): no event, as
 * stated_intent's own? */
static int conditional_intent_phrase(const analysis *an, const mention *m, uint32_t cf, uint32_t ct)
{
    return has_wclass(an, m->first, WC_INTENT) && clause_condition(an, cf, ct) != 0;
}

/* Code the stated intent (or refusal) that begins at token t of sentence s
 * (clause [cf, ct)), if t begins one of a known kind and the clause is no condition,
 * with its source the subject before t and its recipient the party after the
 * verb; a threat may be conditional on "unless" (CAMEO 13), any other intent
 * on no condition. Returns 1 when t began an intent (coded or not: it decides
 * the clause), 0 when not, -1 on arena exhaustion. */
static int stated_intent(builder *b, size_t s, uint32_t t, uint32_t cf, uint32_t ct, size_t told_before)
{
    analysis *an = b->an;
    int neg;
    uint32_t v = intent_verb(an, &b->pidx, s, cf, ct, t, &neg);
    const lex_interaction *x = v ? intent_entry(an, v, ct, neg) : NULL;
    if (!x)
        return 0;
    int cond = clause_condition(an, cf, ct);
    if ((cond && !(cond == 1 && (x == &INTENT_THREAT || x == &INTENT_HALT))) || type_told(b, told_before, s, x->plover) ||
        b->n >= EV_MAX_DOC)
        return 1;
    uint32_t first = has_wclass(an, t, WC_INTENT_ADJ) ? t - 1 : t; /* "(Norway) is willing to" */
    mention m = {first, v + 1, LK_INTERACTION, 0};
    return new_interaction(b, s, &m, x, cf, ct) < 0 ? -1 : 1;
}

/* Is the subject before token t of sentence s (clause from cf) a named party
 * heading a reported clause: a country or state (subject_country), or an
 * actor or agent after "that", punctuation or a reporting verb ("said that
 * the army must"), not the object of a preposition ("talks with China
 * must")? */
static int complement_subject(const analysis *an, const place_index *pi, size_t s, uint32_t cf, uint32_t t)
{
    if (subject_country(an, pi, s, cf, t))
        return 1;
    for (uint32_t k = t > cf + 8 ? t - 8 : cf; k < t; k++) {
        const mention *a = mention_starting(an, k, LK_ACTOR);
        const mention *g = mention_starting(an, k, LK_AGENT);
        if (!((a && a->last == t) || (g && g->last == t)))
            continue;
        uint32_t p = k;
        while (p > cf && has_wclass(an, p - 1, WC_DETERMINER))
            p--;
        return p > cf && ((TK(an, p - 1)->flags & TOK_PUNCT) || isw(an, p - 1, "that") || report_ending(an, cf, p));
    }
    return 0;
}

/* Code the demand "SPEAKER said (that) PARTY must VERB" whose "must" is token
 * t of sentence s (clause [cf, ct)): the party is named and heads the reported
 * clause (not a pronoun: "it must" may be the speaker's own duty; not "talks
 * with China must"), a reporting verb stands before it in
 * the clause and nothing negates that; "must have" (a guess) is none. The
 * source is the speaker, the recipient the party. Returns 1 when coded, 0
 * when not, -1 on arena exhaustion. */
static int stated_demand(builder *b, size_t s, uint32_t t, uint32_t cf, uint32_t ct, size_t told_before)
{
    analysis *an = b->an;
    uint32_t rep;
    if (!has_wclass(an, t, WC_OBLIGE) || t + 1 >= ct || isw(an, t + 1, "have") ||
        !complement_subject(an, &b->pidx, s, cf, t) || !report_within(an, cf, t, &rep) ||
        governed_away(an, cf, rep) || type_told(b, told_before, s, "DEMAND") || b->n >= EV_MAX_DOC)
        return 0;
    mention m = {t, t + 1, LK_INTERACTION, 0};
    event *e = interaction_event(b, s, &m, &STATED_DEMAND, cf, ct);
    if (!e)
        return -1;
    if (!(e->has_actor1 = state_subject(an, &b->pidx, s, rep, &e->actor1)))
        statement_actor(an, &b->pidx, e, s, rep);
    actor_ref other;
    memset(&other, 0, sizeof other);
    if (state_subject(an, &b->pidx, s, t, &other) || first_party(an, e, rep + 1, t, &other)) {
        e->actor2 = other;
        e->has_actor2 = 1;
    }
    if (e->has_actor1 && e->has_actor2 && e->actor1.name && e->actor2.name &&
        strcmp(e->actor1.name, e->actor2.name) == 0) {
        memset(&e->actor1, 0, sizeof e->actor1); /* a speaker told only by the party's place */
        e->actor1.actor_id = e->actor1.agent_id = -1;
        e->has_actor1 = 0;
    }
    clause_sources(an, s, e, cf, ct);
    return 1;
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

/* Is the one-word interaction phrase m a past participle that modifies a
 * noun after an article or a demonstrative ("the banned Baloch Liberation
 * Army", "a signed agreement", "those expelled diplomats"), not the verb of
 * its clause? ("its demands" is a noun that still tells the demand.) */
static int modifies_noun(const analysis *an, const sentence *se, const mention *m)
{
    if (m->last != m->first + 1 || m->first <= se->first)
        return 0;
    uint32_t d = m->first - 1;
    if (!(isw(an, d, "the") || isw(an, d, "a") || isw(an, d, "an") || isw(an, d, "this") || isw(an, d, "that") ||
          isw(an, d, "these") || isw(an, d, "those")))
        return 0;
    const tok *t = TK(an, m->first);
    const char *f = tok_fold(&an->td, t);
    return t->fold_len > 3 && memcmp(f + t->fold_len - 2, "ed", 2) == 0;
}

/* Does the one-word phrase m tell how a figure changed ("the number of
 * refugees declined to 230,000", "declined by 5 percent"): "to", "by" or
 * "from" and a number right after it? */
static int tells_a_figure(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t k = m->last;
    if (m->last != m->first + 1 || k + 1 >= se->last ||
        !(isw(an, k, "to") || isw(an, k, "by") || isw(an, k, "from")))
        return 0;
    return (TK(an, k + 1)->flags & TOK_NUM) || mention_starting(an, k + 1, LK_NUMBER) != NULL ||
           (isw(an, k + 1, "the") && k + 2 < se->last && (TK(an, k + 2)->flags & TOK_NUM));
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
            if (!m && (t < clause_end || !has_wclass(an, t, WC_INTENT | WC_INTENT_ADJ | WC_OBLIGE)))
                continue;
            uint32_t cf, ct;
            clause_bounds(an, s, t, &cf, &ct);
            if (!m) {
                int r = stated_intent(b, s, t, cf, ct, told_before);
                if (r == 0)
                    r = stated_demand(b, s, t, cf, ct, told_before);
                if (r < 0)
                    return -1;
                if (r > 0)
                    clause_end = ct;
                continue;
            }
            if (modifies_noun(an, se, m) || tells_a_figure(an, se, m))
                continue; /* "the banned group", "the number declined to 230,000": no act */
            clause_end = ct; /* the clause's first phrase decides it */
            const lex_interaction *x = lexicon_interaction(an->lx, m->value);
            if (!x || governed_away(an, cf, m->first) || conditional_intent_phrase(an, m, cf, ct))
                continue;
            x = phrase_entry(an, m, x, ct);
            event *o = told_event(b, told_before, s, x->plover);
            if (o) {
                lend_parties(b, o, s, m, ct);
                continue;
            }
            if (b->n >= EV_MAX_DOC)
                return 0;
            if (new_interaction(b, s, m, x, cf, ct) < 0)
                return -1;
        }
    }
    return 0;
}
