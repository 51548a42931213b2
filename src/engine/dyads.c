/*
 * dyads.c - the CAMEO verbs coded between two parties, as PETRARCH codes them:
 * a verb of the CAMEO verb dictionary (verbdict.h; "verb" lines, imported
 * from PETRARCH/TABARI verb dictionaries by 'tacitus dict import --petrarch')
 * is an event only when a party stands before it in its sentence (the source:
 * a named actor, a party of the CAMEO dictionaries or a generic agent) and
 * another after it in its clause (the target). Its code is that of its
 * pattern with the most words whose words stand around it ("restore * full
 * diplomatic ties"), else its own. A clause whose interaction interactions.c
 * coded (a vocab.txt "interaction" line) keeps it, one event a clause, unless
 * the verb spans that event's whole phrase, or stands in it and a pattern of
 * the verb read the words around it: then the verb, with its two parties,
 * recodes it (an imported dictionary's "welcomed", "called * for").
 *
 * A one-word verb is too vague to code alone ("ring", "face", "master"); a
 * dyad of known parties is what makes it political. What the verb's own code
 * would tell is not coded when a negation, a modal or a refusal governs the
 * verb ("did not agree", "may sanction"); a pattern that names those words
 * ("failed to *") still codes; a stated intent ("will send", "is ready to
 * meet") is coded as CAMEO codes it, an intent to cooperate (03) or a threat
 * (13), not as the act. A sentence or document with a discard word
 * (a sports league, a storm) codes no verb. Part of the resolve stage
 * (resolve_int.h); runs after the interactions of interactions.c.
 */
#include <string.h>

#include "resolve_int.h"
#include "wordclass.h"

/* How many tokens after the verb a pattern's words may stand. */
#define PATTERN_REACH 12
/* The most parties read in one sentence (a longer list is cut). */
#define MAX_PARTIES 64

/* What the pass reads: the builder; per token the first CAMEO mention
 * (an->cm) starting there, or -1; and per token the first token at or after it
 * that ends a verb's reach for its target (target_stop), or its sentence's end;
 * and the interactions coded before the pass, in text order. */
typedef struct dyad_ctx {
    builder *b;
    int32_t *cm_at;
    uint32_t *stop_at;
    uint32_t *inter;      /* the interaction events coded before the pass, by phrase */
    size_t ninter, at;    /* their count, and the first one not behind the clause read */
} dyad_ctx;

/* A party of a dyad: the tokens that name it and who it is (a lexicon kind
 * and value; kind 0 for a country, value its place mention). thing: a
 * possessive that modifies a thing ("Eriador's death toll"), never a source. */
typedef struct party {
    uint32_t first, last;
    uint8_t kind, thing;
    int32_t value;
} party;

/* The CAMEO mention of kind starting at token t, or NULL. */
static const mention *cameo_starting(const dyad_ctx *dc, uint32_t t, uint8_t kind)
{
    const analysis *an = dc->b->an;
    if (t >= an->td.ntoks || dc->cm_at[t] < 0)
        return NULL;
    for (size_t i = (size_t)dc->cm_at[t]; i < an->ncm && an->cm[i].first == t; i++)
        if (an->cm[i].kind == kind)
            return &an->cm[i];
    return NULL;
}

/* Does a CAMEO mention of kind cover token t? A mention spans at most 8
 * tokens (the lexicon's longest phrase). */
static int cameo_covering(const dyad_ctx *dc, uint32_t t, uint8_t kind)
{
    for (uint32_t k = t + 1; k-- > 0 && t - k < 8;) {
        const mention *m = cameo_starting(dc, k, kind);
        if (m && m->last > t)
            return 1;
    }
    return 0;
}

/* Is the party ending before token last a possessive that modifies a thing,
 * not an actor ("Eriador's death toll has risen"): its last word carries 's
 * and what follows is neither an actor, an office or an agent nor a verb
 * ("Estonia's is about to": a possessive mistaken for "is")? */
static int possessive_of_thing(const dyad_ctx *dc, uint32_t last)
{
    const analysis *an = dc->b->an;
    if (!(TK(an, last - 1)->flags & TOK_POSS))
        return 0;
    uint32_t k = last;
    if (k >= an->td.ntoks || has_wclass(an, k, WC_AUX | WC_SUBJECT_ASIDE) || (TK(an, k)->flags & TOK_PUNCT))
        return 0;
    while (k < an->td.ntoks && has_wclass(an, k, WC_DETERMINER))
        k++;
    return !(mention_covering(an, k, LK_TITLE) || mention_covering(an, k, LK_AGENT) ||
             mention_covering(an, k, LK_ACTOR) || cameo_covering(dc, k, LK_PARTY));
}

/* The country named as a country (not after a place cue: "Estonia agreed",
 * "with Libya", not "in Libya") by place mention pm, or NULL. */
static const geo_place *country_of(const place_mention *pm)
{
    return country_named(pm, 0) ? &pm->cand[pm->chosen >= 0 ? pm->chosen : 0] : NULL;
}

/* The party that starts at token k into *p: a CAMEO party, a named actor, a
 * generic agent, or (q walking sentence s's place mentions) a country.
 * Returns 1 when found. */
static int party_starting(const dyad_ctx *dc, size_t s, uint32_t *q, uint32_t k, party *p)
{
    analysis *an = dc->b->an;
    const place_index *pi = &dc->b->pidx;
    static const uint8_t kinds[] = {LK_PARTY, LK_ACTOR, LK_AGENT};
    for (size_t i = 0; i < sizeof kinds; i++) {
        const mention *m = kinds[i] == LK_PARTY ? cameo_starting(dc, k, LK_PARTY) : mention_starting(an, k, kinds[i]);
        if (m) {
            *p = (party){m->first, m->last, m->kind, 0, m->value};
            return 1;
        }
    }
    while (*q < pi->start[s + 1] && an->places[pi->idx[*q]].first < k)
        (*q)++;
    if (*q < pi->start[s + 1] && an->places[pi->idx[*q]].first == k && country_of(&an->places[pi->idx[*q]])) {
        const place_mention *pm = &an->places[pi->idx[*q]];
        *p = (party){pm->first, pm->last, 0, 0, (int32_t)pi->idx[*q]};
        return 1;
    }
    return 0;
}

/* The parties of sentence s, in token order, into ps (at most MAX_PARTIES);
 * returns their count. */
static size_t sentence_parties(const dyad_ctx *dc, size_t s, party *ps)
{
    const sentence *se = &dc->b->an->td.sents[s];
    size_t n = 0;
    uint32_t q = dc->b->pidx.start[s];
    for (uint32_t k = se->first; k < se->last && n < MAX_PARTIES; k++) {
        if (!party_starting(dc, s, &q, k, &ps[n]))
            continue;
        ps[n].thing = (uint8_t)possessive_of_thing(dc, ps[n].last);
        k = ps[n++].last - 1;
    }
    return n;
}

/* The actor of party p into *r (e: the event generic agents are named for). */
static void party_actor(analysis *an, const event *e, const party *p, actor_ref *r)
{
    if (p->kind == LK_AGENT) {
        actor_from_agent(an, e, p->value, tspan(an, p->first, p->last), r);
    } else if (p->kind != 0) {
        mention m = {p->first, p->last, p->kind, p->value};
        actor_from_named(an, &m, r); /* a party is an entry of the actor table */
    } else {
        const place_mention *pm = &an->places[p->value];
        const geo_place *g = country_of(pm);
        memset(r, 0, sizeof *r);
        r->name = g->name; /* CAMEO codes a state named alone by its country */
        memcpy(r->cc, g->cc, 3);
        r->actor_id = r->agent_id = -1;
        r->ev = pm->ev;
    }
}

/* Does token k end the reach of a verb's target: a semicolon, a colon or a
 * quotation mark (what follows is another clause or a quotation), or a word
 * that opens a subordinate clause ("after", "when")? */
static int target_stop(const analysis *an, uint32_t k)
{
    return is_punct_tok(an, k, ';') || is_punct_tok(an, k, ':') || is_punct_tok(an, k, '"') ||
           has_wclass1(an, k, WC1_CLAUSE_LINK);
}

/* The dyad of the verb m among the sentence's parties ps[0..n): the source,
 * the last party before the verb that is no possessive of a thing, and the
 * target, the first other party after it before its reach ends (stop_at).
 * Returns 1 with their indices in *src and *tgt. */
static int dyad_of(const dyad_ctx *dc, const mention *m, const party *ps, size_t n, size_t *src, size_t *tgt)
{
    size_t i = 0, found = 0;
    for (; i < n && ps[i].last <= m->first; i++)
        if (!ps[i].thing) {
            *src = i;
            found = 1;
        }
    if (!found)
        return 0;
    uint32_t reach = dc->stop_at[m->last < dc->b->an->td.ntoks ? m->last : m->last - 1];
    for (; i < n && ps[i].first < reach; i++) {
        if (ps[i].first < m->last)
            continue; /* a party inside the verb's phrase */
        if (ps[i].kind != ps[*src].kind || ps[i].value != ps[*src].value) {
            *tgt = i;
            return 1;
        }
    }
    return 0;
}

/* How a verb is governed by the words just before it. */
enum governed { GOV_NONE = 0, GOV_INTENT, GOV_AWAY };

/* How the words before the verb at token t (back to a punctuation mark, at
 * most GOVERN_WINDOW of them, in the clause [cf, ct)) govern it: GOV_INTENT after a
 * stated intent ("will", "would", "is ready to", "are willing to") in a
 * clause with no condition ("if", "unless"); GOV_AWAY after a negation, a
 * refusal, another modal ("may", "could"), or an intent with a condition;
 * else GOV_NONE. */
static enum governed governed_by(const analysis *an, uint32_t cf, uint32_t ct, uint32_t t)
{
    for (uint32_t k = t, seen = 0; k > cf && seen < GOVERN_WINDOW; k--, seen++) {
        uint32_t w = k - 1;
        if (TK(an, w)->flags & TOK_PUNCT)
            return GOV_NONE;
        if (has_wclass(an, w, WC_NEGATE) || refusal_at(an, w))
            return GOV_AWAY;
        if (has_wclass(an, w, WC_INTENT) || (has_wclass(an, w, WC_INTENT_ADJ) && isw(an, w + 1, "to")))
            return clause_condition(an, cf, ct) ? GOV_AWAY : GOV_INTENT;
        if (has_wclass(an, w, WC_MODAL))
            return GOV_AWAY;
    }
    return GOV_NONE;
}

/* CAMEO's codes of a stated intent: to do what a code of roots 04-08 tells is
 * an intent to cooperate (03: 036 to meet, 032 diplomatic cooperation, 031
 * material cooperation, 033 aid, 035 yielding); to do what roots 14-20 tell is
 * a threat (13: 133 protest, 131 non-force, 137 repression, 138 military
 * force). */
static const lex_interaction INTENTS[] = {
    {"036", "AGREE", ""},    {"032", "AGREE", ""},     {"031", "AGREE", ""},     {"033", "AGREE", ""},
    {"035", "AGREE", ""},    {"133", "THREATEN", ""},  {"138", "THREATEN", ""},  {"131", "THREATEN", ""},
    {"137", "THREATEN", ""}, {"138", "THREATEN", ""},  {"138", "THREATEN", ""},  {"138", "THREATEN", ""}};

/* The code of a stated intent to do what x tells: x itself for a verbal act
 * (roots 01-03, 10-13: a stated demand is a demand), an intent or a threat
 * (INTENTS) for an act of roots 04-08 and 14-20, NULL for an investigation
 * (root 09: CAMEO has no intent to investigate). */
static const lex_interaction *intent_of(const lex_interaction *x)
{
    int root = (x->cameo[0] - '0') * 10 + (x->cameo[1] - '0');
    if (root >= 4 && root <= 8)
        return &INTENTS[root - 4];
    if (root >= 14 && root <= 20)
        return &INTENTS[5 + root - 14];
    return root == 9 ? NULL : x;
}

/* The interaction the verb mention m codes between the source ending at
 * token lfrom and the tokens up to rto, in the clause [cf, ct): its best
 * pattern's (*by_pattern set to 1), else its own; told as a stated intent
 * (intent_of) after "will", "is ready to"; none when a negation, a modal or
 * a refusal governs it (a pattern that names such words, "failed to *",
 * still codes). NULL for none. */
static const lex_interaction *verb_code(const analysis *an, const mention *m, uint32_t lfrom, uint32_t rto,
                                        uint32_t cf, uint32_t ct, int *by_pattern)
{
    const verbdict *vd = lexicon_verbs(an->lx);
    int32_t x = verbdict_match(vd, m->value, &an->td, lfrom, m->first, m->last, rto);
    *by_pattern = x >= 0;
    if (x < 0) {
        const lex_verb *v = verbdict_verb(vd, m->value);
        x = v ? v->inter : -1;
    }
    const lex_interaction *code = x >= 0 ? lexicon_interaction(an->lx, x) : NULL;
    if (!code || *by_pattern)
        return code;
    switch (governed_by(an, cf, ct, m->first)) {
    case GOV_AWAY:
        return NULL;
    case GOV_INTENT:
        return intent_of(code);
    default:
        return code;
    }
}

/* Mark in skip[s] each sentence s with a discard word, or every sentence
 * when the document holds a story discard word (one walk over the CAMEO
 * mentions, which are in token order). */
static void mark_discarded(const analysis *an, uint8_t *skip)
{
    size_t s = 0;
    for (size_t i = 0; i < an->ncm; i++) {
        const mention *m = &an->cm[i];
        if (m->kind != LK_DISCARD)
            continue;
        if (m->value == 1) {
            memset(skip, 1, an->td.nsents);
            return;
        }
        while (s + 1 < an->td.nsents && an->td.sents[s].last <= m->first)
            s++;
        skip[s] = 1;
    }
}

/* The first interaction event coded before the pass (dc->inter, in text
 * order) whose phrase lies in tokens [cf, ct), or NULL. The cursor dc->at
 * only moves forward: sentences are read in order. */
static event *interaction_in(dyad_ctx *dc, uint32_t cf, uint32_t ct)
{
    const analysis *an = dc->b->an;
    uint32_t from = TK(an, cf)->start, to = TK(an, ct - 1)->end;
    while (dc->at < dc->ninter && dc->b->ev[dc->inter[dc->at]].trigger.end <= from)
        dc->at++; /* clauses come in text order */
    for (size_t i = dc->at; i < dc->ninter; i++) {
        event *o = &dc->b->ev[dc->inter[i]];
        if (o->trigger.start >= to)
            break;
        if (o->trigger.start >= from && o->trigger.end <= to)
            return o;
    }
    return NULL;
}

/* Give the interaction event e the code x of the verb between src and tgt. */
static void code_dyad(analysis *an, event *e, const lex_interaction *x, const party *src, const party *tgt)
{
    memcpy(e->cameo, x->cameo, sizeof e->cameo);
    e->plover = x->plover[0] ? x->plover : NULL;
    e->plover_mode = x->mode[0] ? x->mode : NULL;
    party_actor(an, e, src, &e->actor1);
    e->has_actor1 = 1;
    party_actor(an, e, tgt, &e->actor2);
    e->has_actor2 = 1;
}

/* A new interaction event of sentence s for the verb m coding x between src
 * and tgt, in the clause [cf, ct). Returns 0, or -1 on arena exhaustion. */
static int new_dyad(builder *b, size_t s, const mention *m, const lex_interaction *x, const party *src,
                    const party *tgt, uint32_t cf, uint32_t ct)
{
    event *e = interaction_event(b, s, m, x, cf, ct);
    if (!e)
        return -1;
    code_dyad(b->an, e, x, src, tgt);
    clause_sources(b->an, s, e, cf, ct);
    return 0;
}

/* Is token t read by the other dictionaries as a word of violence (an event
 * trigger, a casualty word: "attacked", "killed"; the violence pass codes
 * those, with their incident, and a CAMEO verb there would tell it twice) or
 * as a reporting verb ("said", "according to": who tells the news, which
 * tacitus keeps as an event's sources, is no event between the teller and
 * the told)? */
static int not_a_dyad_verb(const analysis *an, uint32_t t)
{
    const mention *m = mention_covering(an, t, LK_EVENT);
    return (m && ev_class_violent(m->value)) || mention_covering(an, t, LK_CASUALTY) ||
           mention_covering(an, t, LK_REPORT);
}

/* The verb mention starting at token t of sentence s into *m. Returns 1
 * when there is one that reads as a verb: a form in capitals inside a
 * sentence that is no headline is a name ("United", "Hit"), and one after a
 * determiner or "a"/"an" a noun ("the forces", "a ban"). */
static int verb_at(const dyad_ctx *dc, size_t s, uint32_t t, mention *m)
{
    const analysis *an = dc->b->an;
    const mention *v = cameo_starting(dc, t, LK_VERB);
    if (!v)
        return 0;
    if ((TK(an, t)->flags & TOK_CAP) && t > an->td.sents[s].first && !an->sents[s].in_title)
        return 0;
    if (t > an->td.sents[s].first &&
        (has_wclass(an, t - 1, WC_DETERMINER) || isw(an, t - 1, "a") || isw(an, t - 1, "an")))
        return 0;
    *m = *v;
    return 1;
}

/* Code the first verb of sentence s that stands between two parties.
 * Returns 0, or -1 on arena exhaustion. */
static int sentence_dyad(dyad_ctx *dc, size_t s)
{
    builder *b = dc->b;
    analysis *an = b->an;
    const sentence *se = &an->td.sents[s];
    party ps[MAX_PARTIES];
    size_t n = 0, src, tgt;
    int read = 0;
    for (uint32_t t = se->first; t < se->last; t++) {
        mention verb;
        if (!verb_at(dc, s, t, &verb) || not_a_dyad_verb(an, t))
            continue;
        if (!read) {
            n = sentence_parties(dc, s, ps); /* once, at the sentence's first verb */
            read = 1;
        }
        if (n < 2 || !dyad_of(dc, &verb, ps, n, &src, &tgt))
            continue;
        uint32_t rto = verb.last + PATTERN_REACH < se->last ? verb.last + PATTERN_REACH : se->last;
        uint32_t cf, ct;
        clause_bounds(an, s, verb.first, &cf, &ct);
        int by_pattern;
        const lex_interaction *x = verb_code(an, &verb, ps[src].last, rto, cf, ct, &by_pattern);
        if (!x)
            continue;
        /* a clause an interaction phrase of vocab.txt coded keeps it, unless
         * the verb spans that whole phrase ("welcomed" as a verb of the CAMEO
         * dictionary between two parties) or a pattern of the verb read the
         * words around it: then the verb recodes it */
        event *told = interaction_in(dc, cf, ct);
        if (told) {
            int spans = TK(an, verb.first)->start <= told->trigger.start && TK(an, verb.last - 1)->end >= told->trigger.end;
            int inside = TK(an, verb.first)->start >= told->trigger.start && TK(an, verb.last - 1)->end <= told->trigger.end;
            if (!spans && !(by_pattern && inside))
                continue;
            code_dyad(an, told, x, &ps[src], &ps[tgt]);
            return 0;
        }
        if (b->n >= EV_MAX_DOC)
            return 0;
        return new_dyad(b, s, &verb, x, &ps[src], &ps[tgt], cf, ct);
    }
    return 0;
}

/* Fill dc->stop_at: per token, the first token at or after it in its
 * sentence that is a target_stop, else the sentence's end. */
static void mark_stops(const analysis *an, uint32_t *stop_at)
{
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        uint32_t next = se->last;
        for (uint32_t t = se->last; t-- > se->first;) {
            if (target_stop(an, t))
                next = t;
            stop_at[t] = next;
        }
    }
}

/* See resolve_int.h. */
int dyad_events(builder *b)
{
    analysis *an = b->an;
    if (!lexicon_verbs(an->lx) || an->ncm == 0)
        return 0;
    dyad_ctx dc = {b, arena_alloc_raw(an->a, (an->td.ntoks + 1) * sizeof(int32_t)),
                   arena_alloc_raw(an->a, (an->td.ntoks + 1) * sizeof(uint32_t)),
                   arena_alloc_raw(an->a, (b->n + 1) * sizeof(uint32_t)), 0, 0};
    uint8_t *skip = arena_alloc(an->a, an->td.nsents + 1);
    if (!dc.cm_at || !dc.stop_at || !dc.inter || !skip)
        return -1;
    for (size_t i = 0; i < b->n; i++) /* interactions.c coded them sentence by sentence */
        if (b->ev[i].cls == EV_INTERACTION)
            dc.inter[dc.ninter++] = (uint32_t)i;
    for (size_t t = 0; t < an->td.ntoks; t++)
        dc.cm_at[t] = -1;
    for (size_t i = an->ncm; i-- > 0;)
        dc.cm_at[an->cm[i].first] = (int32_t)i;
    mark_stops(an, dc.stop_at);
    mark_discarded(an, skip);
    for (size_t s = 0; s < an->td.nsents; s++) {
        uint32_t ctx = an->sents[s].ctx;
        if (skip[s] || (ctx & ((1u << CTX_FICTION) | (1u << CTX_SPORT))))
            continue;
        if (sentence_dyad(&dc, s) < 0)
            return -1;
    }
    return 0;
}
