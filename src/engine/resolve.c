/*
 * resolve.c - events from sentence facts (see resolve.h).
 *
 * The article is read as the human coder reads it: the headline and the lead
 * name the incident; later sentences add figures, actors, weapons and sources
 * to it unless a date or a past marker sends them to a background incident;
 * sentences that only point back at an incident ("after that attack") add
 * nothing; statements, talks, threats, protests and arrests are events of
 * their own.
 */
#include "resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codes.h"
#include "fold.h"
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

/* Events of their own that are not violence. */
static int ev_class_standalone(int c)
{
    switch (c) {
    case EV_ARREST: case EV_PROTEST: case EV_RIOT: case EV_CONDEMN: case EV_PRAISE:
    case EV_NEGOTIATE: case EV_THREATEN: case EV_CEASEFIRE: case EV_AGREEMENT:
    case EV_HUNGER_STRIKE: case EV_LOOTING:
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

/* 1 when class c is among the event's classes. */
static int has_class(const event *e, int c) { return (e->classes >> c) & 1ull; }

/* ------------------------------------------------------------------ */
/* small helpers                                                        */

/* Token t, unchecked. */
static const tok *TK(const analysis *an, uint32_t t) { return &an->td.toks[t]; }

/* The byte span of tokens [first, last); needs last > first. */
static span tspan(const analysis *an, uint32_t first, uint32_t last)
{
    span s = {TK(an, first)->start, TK(an, last - 1)->end};
    return s;
}

/* isw(an, t, "literal"): token t folds to the literal. */
#define isw(an, t, lit) isw_n((an), (t), (lit), sizeof(lit) - 1)
/* The function behind isw; w[0..n) need not be NUL-terminated. */
static int isw_n(const analysis *an, uint32_t t, const char *w, size_t n)
{
    return t < an->td.ntoks && tok_is_n(&an->td, TK(an, t), w, n);
}

/* 1 when token t exists and has any of the word-class bits cls (wordclass.h). */
static int has_wclass(const analysis *an, uint32_t t, uint32_t cls)
{
    return t < an->td.ntoks && (TK(an, t)->wclass & cls) != 0;
}

/* 1 when token t exists and is the punctuation mark p. */
static int is_punct_tok(const analysis *an, uint32_t t, char p)
{
    return t < an->td.ntoks && (TK(an, t)->flags & TOK_PUNCT) && TK(an, t)->punct == p;
}

/* Per-sentence view used while grouping. */
typedef struct frame {
    int violent;          /* has a violent trigger or a killed/wounded figure */
    int anaphoric_only;   /* every violent trigger is "the/that attack" and no figures */
    int background;
    int suppressed;       /* accident, sport, trial, statistics, hypothetical */
    int event;            /* index of the event it joined, -1 */
    uint32_t best_trigger_first, best_trigger_last;
    int best_class;
    uint64_t classes;
} frame;

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

/* "had" / "had been" / "had earlier" before the trigger: a pluperfect */
static int pluperfect(const analysis *an, const sentence *se, uint32_t t)
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

/* ------------------------------------------------------------------ */
/* actors                                                               */

/* Country name for generic actor templates: the event's country, else the article's. */
static const char *event_country_name(const analysis *an, const event *e, char cc[3])
{
    if (e->place && e->place->chosen >= 0) {
        const geo_place *g = &e->place->cand[e->place->chosen];
        memcpy(cc, g->cc, 3);
        return g->kind == GEO_COUNTRY ? g->name : g->country;
    }
    if (an->top_cc[0] && an->top_country) {
        memcpy(cc, an->top_cc, 3);
        return an->top_country;
    }
    cc[0] = '\0';
    return NULL;
}

/* Fill *r from a dictionary actor mention: canonical name, type, country, and
 * side (state for state and external forces, hostile for the rest). */
static void actor_from_named(const analysis *an, const mention *m, actor_ref *r)
{
    const lex_actor *a = lexicon_actor(an->lx, m->value);
    memset(r, 0, sizeof *r);
    r->name = a->name;
    r->type = a->type;
    memcpy(r->cc, a->cc, 3);
    r->actor_id = m->value;
    r->agent_id = -1;
    r->side = a->type == AT_STATE ? SIDE_STATE : a->type == AT_EXTERNAL ? SIDE_STATE : SIDE_HOSTILE;
    r->ev = tspan(an, m->first, m->last);
}

/* Fill *r from generic agent `agent` with evidence ev: the agent's template
 * with the event's country ("Police Forces of Pakistan"), without the country
 * part when none is known. The name is cut at 255 bytes; NULL on arena exhaustion. */
static void actor_from_agent(analysis *an, const event *e, int32_t agent, span ev, actor_ref *r)
{
    const lex_agent *g = lexicon_agent(an->lx, agent);
    memset(r, 0, sizeof *r);
    char cc[3];
    const char *country = event_country_name(an, e, cc);
    char buf[256];
    if (strstr(g->template_name, "%s")) {
        const char *pct = strstr(g->template_name, "%s");
        if (country)
            snprintf(buf, sizeof buf, "%.*s%s%s", (int)(pct - g->template_name), g->template_name,
                     country, pct + 2);
        else {
            /* no country known: drop " of %s" / " (%s)" */
            size_t n = (size_t)(pct - g->template_name);
            while (n > 0 && (g->template_name[n - 1] == ' ' || g->template_name[n - 1] == '('))
                n--;
            if (n >= 3 && memcmp(g->template_name + n - 3, " of", 3) == 0)
                n -= 3;
            snprintf(buf, sizeof buf, "%.*s", (int)n, g->template_name);
        }
    } else {
        snprintf(buf, sizeof buf, "%s", g->template_name);
    }
    r->name = arena_strndup(an->a, buf, strlen(buf));
    r->type = g->type;
    memcpy(r->cc, cc, 3);
    r->actor_id = -1;
    r->agent_id = agent;
    r->side = g->side;
    r->ev = ev;
}

/* Find the named armed group or agent of a sentence that acts in it: a
 * subject before the trigger, "by X" after it, or "X militants". */
typedef struct participant {
    const mention *m;
    int role; /* 1 = agent of the violence, 2 = victim/target, 0 = unknown */
    int side;
} participant;

/* The enum agent_side of an actor or agent mention. */
static int side_of(const analysis *an, const mention *m)
{
    if (m->kind == LK_ACTOR) {
        const lex_actor *a = lexicon_actor(an->lx, m->value);
        if (a->type == AT_STATE || a->type == AT_EXTERNAL)
            return SIDE_STATE;
        if (a->type == AT_CIVILIANS)
            return SIDE_CIVILIAN;
        if (a->type == AT_PROTESTERS || a->type == AT_RIOTERS)
            return SIDE_DEMO;
        return SIDE_HOSTILE;
    }
    const lex_agent *g = lexicon_agent(an->lx, m->value);
    return g->side;
}

/* Is c the class of a statement about violence rather than violence: a
 * denial, condemnation, accusation, praise or threat? */
static int statement_class(int c)
{
    return c == EV_DENY || c == EV_CONDEMN || c == EV_BLAME || c == EV_PRAISE || c == EV_THREATEN;
}

/* Is token t an adverb in -ly ("categorically", "strongly")? */
static int ly_adverb(const analysis *an, uint32_t t)
{
    const tok *k = TK(an, t);
    const char *f = tok_fold(&an->td, k);
    return (k->flags & TOK_WORD) && k->fold_len > 4 && f[k->fold_len - 2] == 'l' && f[k->fold_len - 1] == 'y';
}

/* Is the named group m a modifier of what follows ("al-Qaida linked
 * militants", "an IS-affiliated cell", "Iran-backed fighters")? */
static int modifier_group(const analysis *an, const mention *m)
{
    uint32_t j = m->last;
    return isw(an, j, "linked") || isw(an, j, "affiliated") || isw(an, j, "backed") || isw(an, j, "allied") ||
           isw(an, j, "aligned") || isw(an, j, "inspired") || isw(an, j, "led") || isw(an, j, "style");
}

/* Is the named group m the owner of a leader named next ("Islamic State's
 * most senior leaders", "a Taliban commander", "the group's chief")? */
static int leader_of_group(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t k = m->last;
    int poss = (TK(an, m->last - 1)->flags & TOK_POSS) != 0;
    for (int skip = 0; skip < (poss ? 3 : 1) && k < se->last; skip++, k++)
        if (has_wclass(an, k, WC_LEADER))
            return 1;
    return 0;
}

/* Does sentence s tell of someone killed, wounded or arrested? */
static int sentence_has_casualty(const analysis *an, const sentence *se)
{
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *c = mention_starting(an, t, LK_CASUALTY);
        if (c && (c->value == CAS_KILLED || c->value == CAS_WOUNDED || c->value == CAS_ARRESTED))
            return 1;
    }
    return 0;
}

/* Is the named group m the party behind the words just before it ("forces
 * linked to the JEM", "militants from the BLA", "fighters loyal to X",
 * "members of X")? Returns the token where those words start, or m->first. */
static uint32_t linked_to_group(const analysis *an, const sentence *se, const mention *m)
{
    uint32_t k = m->first;
    if (k > se->first && isw(an, k - 1, "the"))
        k--;
    if (k >= se->first + 2 && ((isw(an, k - 2, "linked") && isw(an, k - 1, "to")) ||
                               (isw(an, k - 2, "loyal") && isw(an, k - 1, "to")) ||
                               (isw(an, k - 2, "belonging") && isw(an, k - 1, "to")) ||
                               (isw(an, k - 2, "affiliated") && isw(an, k - 1, "with")) ||
                               (isw(an, k - 2, "allied") && isw(an, k - 1, "with"))))
        return k - 2;
    if (k > se->first && (isw(an, k - 1, "from") || isw(an, k - 1, "of")))
        return k - 1;
    return m->first;
}

/* Collect participants of sentence s with a rough role. */
static int sentence_participants(const analysis *an, size_t s, participant *out, int max)
{
    const sentence *se = &an->td.sents[s];
    int n = 0;
    /* first violent trigger position */
    uint32_t trig = se->last;
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_EVENT);
        if (m && ev_class_violent(m->value)) {
            trig = t;
            break;
        }
        const mention *c = mention_starting(an, t, LK_CASUALTY);
        if (c && (c->value == CAS_KILLED || c->value == CAS_WOUNDED || c->value == CAS_KIDNAPPED)) {
            trig = t;
            break;
        }
    }
    for (uint32_t t = se->first; t < se->last && n < max; t++) {
        const mention *m = mention_starting(an, t, LK_ACTOR);
        if (!m)
            m = mention_starting(an, t, LK_AGENT);
        if (!m)
            continue;
        participant *p = &out[n++];
        p->m = m;
        p->side = side_of(an, m);
        p->role = 0;
        if (m->first > se->first && (isw(an, m->first - 1, "by") ||
                                     (m->first > se->first + 1 && isw(an, m->first - 2, "by")) ||
                                     (m->first > se->first + 3 && isw(an, m->first - 4, "by") &&
                                      isw(an, m->first - 1, "of"))))
            p->role = 1;
        else if (m->first > se->first && (isw(an, m->first - 1, "on") || isw(an, m->first - 1, "against") ||
                                          isw(an, m->first - 1, "targeting") ||
                                          (m->first > se->first + 1 && (isw(an, m->first - 2, "on") ||
                                                                        isw(an, m->first - 2, "against")))))
            p->role = 2;
        else if (m->last <= trig)
            p->role = 1;
        else
            p->role = 2;
        /* a speaker is not an actor of the violence: "police said gunmen...", "the
         * Taliban have rejected the allegation", "the army accused the rebels" */
        {
            uint32_t j = m->last;
            const mention *title = mention_starting(an, j, LK_TITLE); /* "a military spokesman said" */
            if (title)
                j = title->last;
            while (j < se->last && (isw(an, j, "also") || isw(an, j, "later") || isw(an, j, "have") ||
                                    isw(an, j, "had") || isw(an, j, "has") || isw(an, j, "again") ||
                                    ly_adverb(an, j)))
                j++;
            const mention *said = mention_starting(an, j, LK_EVENT);
            if (mention_starting(an, j, LK_REPORT) || (said && statement_class(said->value)) ||
                isw(an, j, "rejected") || isw(an, j, "rejects") || isw(an, j, "dismissed") ||
                isw(an, j, "dismisses") || isw(an, j, "insisted") || isw(an, j, "insists"))
                p->role = p->role == 1 ? 0 : p->role;
        }
        /* the counted victims of a figure ("12 soldiers killed") and the subject of
         * a passive ("the soldiers were killed") suffered, whatever their position */
        const sent_info *si = &an->sents[s];
        for (int k = 0; k < si->nfigs && p->role == 1; k++) {
            const figure *f = &an->figs[si->figs_first + k];
            for (int q = 0; q < f->nparts; q++)
                if (f->parts[q].who.start == TK(an, m->first)->start)
                    p->role = 2;
        }
        if (p->role == 1) {
            uint32_t j = m->last;
            while (j < se->last && has_wclass(an, j, WC_AUX))
                j++;
            int participle = isw(an, j, "killed") || isw(an, j, "wounded") || isw(an, j, "injured") ||
                             isw(an, j, "attacked") || isw(an, j, "targeted") || isw(an, j, "kidnapped") ||
                             isw(an, j, "abducted") || isw(an, j, "shot") || isw(an, j, "ambushed") ||
                             isw(an, j, "dead") || isw(an, j, "died") || isw(an, j, "martyred");
            /* "Indian Soldiers Killed in Kashmir Attack": a headline passive has no
             * auxiliary, and no object follows the participle */
            uint32_t o = j + 1;
            int object = o < se->last && ((TK(an, o)->flags & TOK_NUM) || isw(an, o, "a") || isw(an, o, "an") ||
                                          isw(an, o, "the") || mention_starting(an, o, LK_AGENT) ||
                                          mention_starting(an, o, LK_ACTOR) || mention_starting(an, o, LK_NUMBER) ||
                                          mention_starting(an, o, LK_HEDGE));
            if (participle && (j > m->last || !object))
                p->role = 2;
        }
        /* "forces linked to the JEM", "militants from the BLA": the group is
         * the acting party the generic words stood for */
        if (m->kind == LK_ACTOR && lexicon_actor(an->lx, m->value)->type != AT_STATE) {
            uint32_t w = linked_to_group(an, se, m);
            const participant *g = n >= 2 ? &out[n - 2] : NULL;
            if (w < m->first && w > se->first && g && g->m->kind == LK_AGENT && g->side == SIDE_HOSTILE &&
                g->m->last == w)
                p->role = g->role;
            /* "attacked by forces linked to the JEM" */
            for (uint32_t k = w; w < m->first && k > se->first && k + 3 >= w; k--)
                if (isw(an, k - 1, "by")) {
                    p->role = 1;
                    break;
                }
        }
        if (m->kind == LK_ACTOR && modifier_group(an, m))
            p->role = 0;
        /* "the Islamic State's most senior leader is dead", "a Taliban commander
         * was killed": the group's leader suffered, the group did not act */
        if (m->kind == LK_ACTOR && leader_of_group(an, se, m))
            p->role = sentence_has_casualty(an, se) ? 2 : 0;
        t = m->last - 1;
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* sources                                                              */

/* Is token t part of a person's name (a capitalised word no dictionary claims)? */
static int name_word(const analysis *an, uint32_t t)
{
    const tok *k = TK(an, t);
    if (!(k->flags & TOK_WORD) || !(k->flags & TOK_CAP))
        return 0;
    if (mention_covering(an, t, LK_EVENT) || mention_covering(an, t, LK_REPORT) ||
        mention_covering(an, t, LK_CASUALTY) || mention_covering(an, t, LK_MONTH) ||
        mention_covering(an, t, LK_WEEKDAY) || mention_covering(an, t, LK_TIMEWORD) ||
        mention_covering(an, t, LK_HEDGE) || mention_covering(an, t, LK_NUMBER))
        return 0;
    return !(k->wclass & WC_NOT_NAME);
}

/* The speaker ending just before token t: returns 1 and sets the token range
 * [*first, *last), or 0 when no speaker stands there. */
static int speaker_before(const analysis *an, const sentence *se, uint32_t t, uint32_t *first,
                          uint32_t *last)
{
    if (t <= se->first)
        return 0;
    uint32_t k = t;
    /* skip adverbs: "police also said", "officials have said" */
    while (k > se->first && (isw(an, k - 1, "also") || isw(an, k - 1, "have") || isw(an, k - 1, "has") ||
                             isw(an, k - 1, "had") || isw(an, k - 1, "later") || isw(an, k - 1, "earlier") ||
                             isw(an, k - 1, "previously") || isw(an, k - 1, "on") ||
                             mention_covering(an, k - 1, LK_WEEKDAY) || mention_covering(an, k - 1, LK_TIMEWORD)))
        k--;
    /* appositive: "Murtaza Wahab, a government adviser, confirmed" (the name
     * before the commas), "the group's leader, Noor Wali Maseed, announced" (the
     * name between them) */
    if (k > se->first && is_punct_tok(an, k - 1, ',')) {
        uint32_t j = k - 1;
        while (j > se->first && !is_punct_tok(an, j - 1, ',') && k - j < 8)
            j--;
        if (!(j > se->first && is_punct_tok(an, j - 1, ',')))
            return 0;
        int all_names = j < k - 1;
        for (uint32_t q = j; q < k - 1; q++)
            if (!name_word(an, q))
                all_names = 0;
        if (all_names) {
            *first = j;
            *last = k - 1;
            return 1;
        }
        k = j - 1;
    }
    uint32_t end = k, start = k;
    while (start > se->first) {
        uint32_t p = start - 1;
        const tok *pk = TK(an, p);
        if (pk->flags & TOK_PUNCT)
            break;
        if (mention_covering(an, p, LK_AGENT) || mention_covering(an, p, LK_ACTOR) ||
            mention_covering(an, p, LK_TITLE) || name_word(an, p) ||
            ((pk->flags & TOK_CAP) && (pk->flags & TOK_WORD) && !(pk->wclass & WC_NOT_NAME) &&
             !mention_covering(an, p, LK_EVENT))) {
            start = p;
            continue;
        }
        break;
    }
    if (start == end)
        return 0;
    *first = start;
    *last = end;
    return 1;
}

/* The speaker after a reporting verb: "said Wahab", "according to the AP". */
static int speaker_after(const analysis *an, const sentence *se, uint32_t t, uint32_t *first,
                         uint32_t *last)
{
    uint32_t k = t;
    while (k < se->last && (isw(an, k, "the") || isw(an, k, "to") || isw(an, k, "a")))
        k++;
    uint32_t start = k;
    while (k < se->last) {
        const tok *tk = TK(an, k);
        if (tk->flags & TOK_PUNCT)
            break;
        if (mention_covering(an, k, LK_AGENT) || mention_covering(an, k, LK_ACTOR) ||
            mention_covering(an, k, LK_TITLE) || name_word(an, k) || (tk->flags & TOK_ALLCAP)) {
            k++;
            continue;
        }
        break;
    }
    if (k == start)
        return 0;
    *first = start;
    *last = k;
    return 1;
}

/* Add a source unless the same words (or a longer mention ending in them,
 * "Karachi police" for "police") are already there. */
static void add_source(const analysis *an, event *e, span s)
{
    size_t n = s.end - s.start;
    for (int i = 0; i < e->nsources; i++) {
        span o = e->sources[i];
        size_t on = o.end - o.start;
        if (on >= n && strncasecmp(an->text + o.end - n, an->text + s.start, n) == 0)
            return;
        if (n > on && strncasecmp(an->text + s.end - on, an->text + o.start, on) == 0) {
            e->sources[i] = s;
            return;
        }
    }
    if (e->nsources < EV_MAX_SOURCES)
        e->sources[e->nsources++] = s;
}

/* Sources of sentence s, added to e. The person's name is preferred to the
 * whole title phrase ("Rana Sanaullah", not "Interior Minister Rana Sanaullah"). */
static void clause_sources(const analysis *an, size_t s, event *e, uint32_t from, uint32_t to)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = from; t < to; t++) {
        const mention *m = mention_starting(an, t, LK_REPORT);
        if (!m)
            continue;
        uint32_t f, l;
        int according = isw(an, t, "according");
        int got = 0;
        if (according) {
            got = speaker_after(an, se, m->last, &f, &l);
        } else {
            got = speaker_before(an, se, t, &f, &l);
            if (!got && (isw(an, t, "said") || isw(an, t, "says") || isw(an, t, "told")))
                got = speaker_after(an, se, m->last, &f, &l);
        }
        if (got) {
            /* prefer the trailing name after a title */
            uint32_t nf = f;
            for (uint32_t k = f; k < l; k++)
                if (mention_covering(an, k, LK_TITLE))
                    nf = mention_covering(an, k, LK_TITLE)->last;
            if (nf < l && name_word(an, nf))
                f = nf;
            /* drop a leading article */
            while (f < l && (isw(an, f, "the") || isw(an, f, "a")))
                f++;
            if (f < l)
                add_source(an, e, tspan(an, f, l));
        }
        t = m->last - 1;
    }
}

/* Sources anywhere in sentence s, added to e. */
static void sentence_sources(const analysis *an, size_t s, event *e)
{
    clause_sources(an, s, e, an->td.sents[s].first, an->td.sents[s].last);
}

/* ------------------------------------------------------------------ */
/* figures                                                              */

/* See resolve.h. */
int event_figure(const event *e, int kind, figure *out)
{
    /* The incident's figure is the one the headline or lead gives (later
     * sentences mostly give partial counts: "five of them were soldiers");
     * a later revision ("the toll rose to 12") replaces it; among figures of
     * one sentence the lowest counts (ACLED: lowest credible); a breakdown of
     * the same total, stated anywhere, is kept. */
    const figure *best = NULL;
    for (int pass = 0; pass < 2 && !best; pass++) /* an implied zero only when nothing else */
        for (int i = 0; i < e->nfigs; i++) {
            const figure *f = &e->figs[i];
            if (f->kind != kind || f->partial || f->implied != pass)
                continue;
            if (!best || f->sent < best->sent || (f->sent == best->sent && f->min < best->min))
                best = f;
        }
    if (!best)
        return 0;
    for (int i = 0; i < e->nfigs; i++) {
        const figure *f = &e->figs[i];
        if (f->kind == kind && f->revised && !f->partial && f->sent > best->sent)
            best = f;
    }
    *out = *best;
    /* GTD counts the attackers among the dead: "The bomber also died", "the
     * army killed 33 attackers" add to a total that counted only the victims --
     * a later figure of attackers only, once (a count of more attackers than
     * victims only when it is not told over another stretch of time) */
    if (kind == CAS_KILLED) {
        int hostile_in_best = 0;
        for (int k = 0; k < best->nparts; k++)
            if (best->parts[k].side == SIDE_HOSTILE)
                hostile_in_best = 1;
        for (int i = 0; i < e->nfigs && !hostile_in_best; i++) {
            const figure *f = &e->figs[i];
            if (f == best || f->kind != CAS_KILLED || f->partial || f->quoted || f->sent == best->sent ||
                f->nparts == 0)
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
    if (out->nparts == 0) {
        for (int i = 0; i < e->nfigs; i++) {
            const figure *f = &e->figs[i];
            if (f->kind == kind && !f->partial && f->min == out->min && f->nparts > 1) {
                out->nparts = f->nparts;
                memcpy(out->parts, f->parts, sizeof f->parts);
                break;
            }
        }
    }
    return 1;
}

/* ------------------------------------------------------------------ */
/* codes                                                                */

/* Set e's ACLED event and sub-event types, GTD attack types and CAMEO code
 * from its dominant class, the other classes seen, its weapons and its actors. */
static void assign_codes(const analysis *an, event *e)
{
    (void)an;
    int c = e->cls;
    e->acled_type = ET_NONE;
    e->acled_sub = SUB_NONE;
    e->attack_type = A_NONE;
    e->attack_type2 = A_NONE;
    const char *cameo = "010";
    int victims_civilian = e->has_actor2 && (e->actor2.side == SIDE_CIVILIAN || e->actor2.type == AT_CIVILIANS);
    int armed_sides = e->has_actor2 && (e->actor2.side == SIDE_STATE || e->actor2.side == SIDE_HOSTILE ||
                                        e->actor2.type == AT_STATE || e->actor2.type == AT_REBEL ||
                                        e->actor2.type == AT_POLMIL || e->actor2.type == AT_IDMIL);
    int bomb_seen = has_class(e, EV_BOMBING) || has_class(e, EV_IED) || has_class(e, EV_VBIED) ||
                    has_class(e, EV_GRENADE) || has_class(e, EV_SUICIDE) || has_class(e, EV_LANDMINE);
    /* a ground assault: shooting, fighting, a siege, or an "attack" with guns
     * (the word "attack" alone also names a bombing) */
    int assault_seen = has_class(e, EV_SHOOTING) || has_class(e, EV_CLASH) || has_class(e, EV_SIEGE) ||
                       (has_class(e, EV_ATTACK) && (e->weapons & (1u << W_FIREARMS)));
    switch (c) {
    case EV_SUICIDE:
        e->acled_type = ET_EXPLOSIONS;
        e->acled_sub = SUB_SUICIDE_BOMB;
        e->attack_type = A_BOMBING;
        cameo = "1831";
        break;
    case EV_VBIED:
        e->acled_type = ET_EXPLOSIONS;
        e->acled_sub = SUB_REMOTE_EXPLOSIVE;
        e->attack_type = A_BOMBING;
        cameo = "1832";
        break;
    case EV_IED: case EV_LANDMINE: case EV_BOMBING:
        e->acled_type = ET_EXPLOSIONS;
        e->acled_sub = SUB_REMOTE_EXPLOSIVE;
        e->attack_type = A_BOMBING;
        cameo = c == EV_IED ? "1833" : "183";
        if (assault_seen && (e->weapons & (1u << W_FIREARMS))) {
            /* an assault that opened with a blast: GTD Armed Assault, Bombing second */
            e->acled_type = armed_sides ? ET_BATTLES : ET_VAC;
            e->acled_sub = armed_sides ? SUB_ARMED_CLASH : SUB_ATTACK;
            e->attack_type = A_ARMED_ASSAULT;
            e->attack_type2 = A_BOMBING;
            cameo = armed_sides ? "190" : "180";
        }
        break;
    case EV_GRENADE:
        e->acled_type = ET_EXPLOSIONS;
        e->acled_sub = SUB_GRENADE;
        e->attack_type = A_BOMBING;
        cameo = "183";
        break;
    case EV_CHEMICAL:
        e->acled_type = ET_EXPLOSIONS;
        e->acled_sub = SUB_CHEMICAL;
        e->attack_type = A_UNKNOWN;
        cameo = "2041";
        break;
    case EV_AIRSTRIKE:
        e->acled_type = ET_EXPLOSIONS;
        e->acled_sub = SUB_AIR_DRONE;
        e->attack_type = A_BOMBING;
        cameo = "195";
        break;
    case EV_SHELLING:
        e->acled_type = ET_EXPLOSIONS;
        e->acled_sub = SUB_SHELLING;
        e->attack_type = A_BOMBING;
        cameo = "194";
        break;
    case EV_KIDNAP:
        e->acled_type = ET_VAC;
        e->acled_sub = SUB_ABDUCTION;
        e->attack_type = A_KIDNAPPING;
        cameo = "181";
        break;
    case EV_HIJACK:
        e->acled_type = ET_VAC;
        e->acled_sub = SUB_ABDUCTION;
        e->attack_type = A_HIJACKING;
        cameo = "181";
        break;
    case EV_SEXUAL:
        e->acled_type = ET_VAC;
        e->acled_sub = SUB_SEXUAL_VIOLENCE;
        e->attack_type = A_UNARMED;
        cameo = "1821";
        break;
    case EV_ASSASSINATION:
        e->acled_type = armed_sides && !victims_civilian ? ET_BATTLES : ET_VAC;
        e->acled_sub = e->acled_type == ET_BATTLES ? SUB_ARMED_CLASH : SUB_ATTACK;
        if (bomb_seen) {
            e->acled_type = ET_EXPLOSIONS;
            e->acled_sub = SUB_REMOTE_EXPLOSIVE;
        }
        e->attack_type = A_ASSASSINATION;
        cameo = "186";
        break;
    case EV_ARSON:
        e->acled_type = victims_civilian ? ET_VAC : ET_STRATEGIC;
        e->acled_sub = victims_civilian ? SUB_ATTACK : SUB_LOOTING;
        e->attack_type = A_FACILITY;
        cameo = "1712";
        break;
    case EV_SIEGE: case EV_ATTACK: case EV_CLASH: case EV_SHOOTING: case EV_KILLING:
        if (victims_civilian && !(e->has_actor2 && e->actor2.side == SIDE_STATE)) {
            e->acled_type = ET_VAC;
            e->acled_sub = SUB_ATTACK;
            cameo = (e->weapons & (1u << W_FIREARMS)) ? "180" : "1823";
        } else {
            e->acled_type = ET_BATTLES;
            e->acled_sub = SUB_ARMED_CLASH;
            cameo = (e->weapons & (1u << W_FIREARMS)) ? "193" : "190";
        }
        if (c == EV_SIEGE && e->nfigs > 0)
            e->attack_type = A_BARRICADE;
        else if (e->weapons && !(e->weapons & ~((1u << W_MELEE))) )
            e->attack_type = A_ARMED_ASSAULT;
        else
            e->attack_type = A_ARMED_ASSAULT;
        if (bomb_seen && e->attack_type != A_BARRICADE)
            e->attack_type2 = A_BOMBING;
        break;
    case EV_ARREST:
        e->acled_type = ET_STRATEGIC;
        e->acled_sub = SUB_ARRESTS;
        cameo = "173";
        break;
    case EV_PROTEST:
        e->acled_type = ET_PROTESTS;
        e->acled_sub = SUB_PEACEFUL_PROTEST;
        cameo = "141";
        break;
    case EV_RIOT:
        e->acled_type = ET_RIOTS;
        e->acled_sub = SUB_VIOLENT_DEMONSTRATION;
        cameo = "145";
        break;
    case EV_LOOTING:
        e->acled_type = ET_STRATEGIC;
        e->acled_sub = SUB_LOOTING;
        cameo = "171";
        break;
    case EV_CONDEMN: cameo = "111"; break;
    case EV_PRAISE: cameo = "051"; break;
    case EV_NEGOTIATE: cameo = "046"; break;
    case EV_THREATEN: cameo = "138"; break;
    case EV_CEASEFIRE:
        cameo = "0871";
        break;
    case EV_AGREEMENT:
        e->acled_type = ET_STRATEGIC;
        e->acled_sub = SUB_AGREEMENT;
        cameo = "057";
        break;
    case EV_HUNGER_STRIKE:
        e->acled_type = ET_PROTESTS;
        e->acled_sub = SUB_PEACEFUL_PROTEST;
        cameo = "142";
        break;
    default:
        break;
    }
    /* ACLED's hierarchy: a ground assault on armed men that also used grenades or
     * bombs is a battle; clashes are battles; hostage-taking of civilians is
     * violence against civilians */
    int armed_victims = e->has_actor2 && (e->actor2.type == AT_STATE || e->actor2.type == AT_REBEL ||
                                          e->actor2.type == AT_POLMIL || e->actor2.type == AT_IDMIL ||
                                          e->actor2.side == SIDE_STATE || e->actor2.side == SIDE_HOSTILE);
    int remote = c == EV_BOMBING || c == EV_GRENADE || c == EV_IED || c == EV_LANDMINE;
    if (e->violent && !e->demo && ((remote && assault_seen && armed_victims) ||
                                   (has_class(e, EV_CLASH) && c != EV_SUICIDE && c != EV_VBIED &&
                                    c != EV_AIRSTRIKE && c != EV_SHELLING && c != EV_HIJACK && c != EV_KIDNAP))) {
        e->acled_type = ET_BATTLES;
        e->acled_sub = SUB_ARMED_CLASH;
        e->attack_type = A_ARMED_ASSAULT;
        e->attack_type2 = bomb_seen ? A_BOMBING : A_NONE;
        cameo = (e->weapons & (1u << W_FIREARMS)) ? "193" : "190";
    }
    if (e->violent && (c == EV_SIEGE || c == EV_HIJACK || c == EV_KIDNAP) && !armed_victims) {
        e->acled_type = ET_VAC;
        e->acled_sub = c == EV_SIEGE ? SUB_ATTACK : SUB_ABDUCTION;
    }
    /* violence at a protest: force against demonstrators, or a riot (a bombing
     * at a rally stays an explosion) */
    int explosive = c == EV_SUICIDE || c == EV_VBIED || c == EV_IED || c == EV_LANDMINE || c == EV_AIRSTRIKE ||
                    c == EV_SHELLING;
    if (e->violent && e->demo && !explosive) {
        int state_actor = e->has_actor1 && e->actor1.type == AT_STATE;
        if (e->riot || !state_actor || e->group_clash) {
            e->acled_type = ET_RIOTS;
            e->acled_sub = SUB_VIOLENT_DEMONSTRATION;
            cameo = "145";
        } else {
            e->acled_type = ET_PROTESTS;
            e->acled_sub = SUB_EXCESSIVE_FORCE;
            cameo = "175";
        }
    }
    /* a protest met with force */
    if (c == EV_PROTEST && (has_class(e, EV_SHOOTING) || e->nfigs > 0)) {
        int killed = 0;
        for (int i = 0; i < e->nfigs; i++)
            if (e->figs[i].kind == CAS_KILLED || e->figs[i].kind == CAS_WOUNDED)
                killed = 1;
        if (killed) {
            e->acled_sub = SUB_EXCESSIVE_FORCE;
            cameo = "175"; /* use tactics of violent repression, as for the violent event at a protest */
        }
    }
    snprintf(e->cameo, sizeof e->cameo, "%s", cameo);
}

/* ------------------------------------------------------------------ */
/* assembly                                                             */

typedef struct builder {
    analysis *an;
    event *ev;
    size_t n, cap;
    frame *fr;
} builder;

/* Append a zeroed event of class cls, first seen in sentence s, to b, growing
 * the array. NULL on arena exhaustion. */
static event *new_event(builder *b, int cls, int background, size_t s)
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
    e->actor1.actor_id = e->actor2.actor_id = -1;
    return e;
}

/* Copy the figures of sentence s into e (at most EV_MAX_FIGS in all). */
static void add_figures(const analysis *an, event *e, size_t s)
{
    const sent_info *si = &an->sents[s];
    for (int i = 0; i < si->nfigs && e->nfigs < EV_MAX_FIGS; i++)
        e->figs[e->nfigs++] = an->figs[si->figs_first + i];
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
        if (v && (v->value == EV_PROTEST || v->value == EV_RIOT))
            e->demo = 1;
        if (v && v->value == EV_RIOT)
            e->riot = 1;
        /* "clashes between opposition and government supporters": crowds
         * fighting each other, a riot even when the police step in */
        if (v && v->value == EV_CLASH && (isw(an, v->last, "between") || isw(an, v->last, "among") ||
                                          isw(an, v->last + 1, "between") || isw(an, v->last + 1, "among")))
            e->group_clash = 1;
    }
}

/* A group the dictionaries do not know, named next to a word that says it is
 * one: "the rebel group Al-Mansoorain claimed...", "the little-known Jund
 * al-Khalifa group said...". Fills r (a rebel group of the event's country)
 * and returns 1, or returns 0. */
static int unknown_group(analysis *an, const event *e, const sentence *se, actor_ref *r)
{
    for (uint32_t t = se->first; t < se->last; t++) {
        if (!(isw(an, t, "group") || isw(an, t, "outfit") || isw(an, t, "organization") ||
              isw(an, t, "organisation") || isw(an, t, "movement") || isw(an, t, "faction")))
            continue;
        uint32_t a = 0, b = 0;
        /* after: "group Al-Mansoorain", "a group known as / called / calling
         * itself Al-Mansoorain" */
        uint32_t n0 = t + 1;
        if (isw(an, n0, "known") && isw(an, n0 + 1, "as"))
            n0 += 2;
        else if (isw(an, n0, "called") || isw(an, n0, "named"))
            n0 += 1;
        else if (isw(an, n0, "calling") && isw(an, n0 + 1, "itself"))
            n0 += 2;
        uint32_t k = n0;
        while (k < se->last && (name_word(an, k) || (k > n0 && has_wclass(an, k, WC_PLACE_INNER) &&
                                                      k + 1 < se->last && name_word(an, k + 1))))
            k++;
        if (k > n0 && !mention_covering(an, n0, LK_AGENT) && !mention_covering(an, n0, LK_TITLE)) {
            a = n0;
            b = k;
        } else {
            /* before: "the Jund al-Khalifa group" */
            k = t;
            while (k > se->first && (name_word(an, k - 1) || (k - 1 > se->first && has_wclass(an, k - 1, WC_PLACE_INNER) &&
                                                               name_word(an, k - 2))))
                k--;
            if (k < t && !(TK(an, k)->flags & TOK_SENT_START && k + 1 == t)) {
                a = k;
                b = t;
            }
        }
        if (b <= a)
            continue;
        /* not a place ("the Quetta group") */
        int place = 0;
        for (size_t p = 0; p < an->nplaces; p++)
            if (an->places[p].first >= a && an->places[p].last <= b && an->places[p].chosen >= 0)
                place = 1;
        if (place)
            continue;
        span sp = tspan(an, a, b);
        memset(r, 0, sizeof *r);
        r->name = arena_strndup(an->a, an->text + sp.start, sp.end - sp.start);
        if (!r->name)
            return 0;
        r->type = AT_REBEL;
        if (e->place && e->place->chosen >= 0)
            memcpy(r->cc, e->place->cand[e->place->chosen].cc, 3);
        else if (an->top_cc[0])
            memcpy(r->cc, an->top_cc, 3);
        r->actor_id = r->agent_id = -1;
        r->side = SIDE_HOSTILE;
        r->ev = sp;
        return 1;
    }
    return 0;
}

/* Claims in sentence s: "X claimed responsibility", "claimed by X". */
static void sentence_claims(analysis *an, size_t s, event *e)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_EVENT);
        int claim_by = isw(an, t, "claimed") && isw(an, t + 1, "by");
        if (!m && !claim_by)
            continue;
        int cls = m ? m->value : EV_CLAIM;
        if (claim_by)
            cls = EV_CLAIM;
        if (cls == EV_NONCLAIM) {
            if (!e->has_claim)
                e->nonclaim = 1;
            continue;
        }
        if (cls != EV_CLAIM && cls != EV_BLAME)
            continue;
        /* the named group nearest to the verb: after "by", else before, else after.
         * Blame names the accused after the verb ("the army accused the Tigers of the
         * attack", "blamed the attack on X", "suspected X fighters"), and before it
         * only in the passive ("X was blamed"); the group before an active verb is the
         * accuser. */
        uint32_t vend = m ? m->last : t + 2;
        int adjective = cls == EV_BLAME && (isw(an, t, "suspected") || isw(an, t, "suspect")) && m &&
                        m->last == t + 1;
        const mention *best = NULL;
        uint32_t bestd = UINT32_MAX;
        for (uint32_t k = se->first; k < se->last; k++) {
            const mention *a = mention_starting(an, k, LK_ACTOR);
            if (!a)
                continue;
            const lex_actor *la = lexicon_actor(an->lx, a->value);
            if (la->type == AT_STATE && cls == EV_CLAIM)
                continue;
            if (modifier_group(an, a))
                continue; /* "al-Qaida linked militants": the militants are meant */
            if (cls == EV_BLAME) {
                if (a->first >= vend) {
                    if (a->first - vend > (adjective ? 1u : 8u))
                        continue;
                } else {
                    int passive = 0; /* "X was blamed", or a phrase "X was responsible for" */
                    for (uint32_t q = a->last; q <= t && !passive; q++)
                        passive = isw(an, q, "was") || isw(an, q, "were") || isw(an, q, "is") ||
                                  isw(an, q, "are") || isw(an, q, "been") || isw(an, q, "be");
                    if (!passive || t - a->last > 4)
                        continue;
                }
            }
            uint32_t d = a->first > t ? a->first - t : t - a->first;
            if (claim_by && a->first > t)
                d = 0;
            if (d < bestd) {
                bestd = d;
                best = a;
            }
        }
        actor_ref found;
        if (best)
            actor_from_named(an, best, &found);
        else if (!unknown_group(an, e, se, &found))
            continue;
        /* "Past attacks were claimed by X", "similar bombings were blamed on X":
         * about other incidents, so at most a suspicion */
        int other_incident = 0;
        for (uint32_t k = se->first; k < t; k++)
            if (isw(an, k, "past") || isw(an, k, "previous") || isw(an, k, "previously") ||
                isw(an, k, "similar") || isw(an, k, "earlier") || isw(an, k, "former"))
                other_incident = 1;
        if (other_incident && cls == EV_CLAIM)
            cls = EV_BLAME;
        if (cls == EV_CLAIM) {
            if (!e->has_claim) {
                e->claimed = found;
                e->has_claim = 1;
                e->nonclaim = 0;
            }
        } else if (e->nsuspected < EV_MAX_SUSPECTS) {
            int dup = 0;
            for (int i = 0; i < e->nsuspected; i++)
                if (strcmp(e->suspected[i].name, found.name) == 0)
                    dup = 1;
            if (!dup)
                e->suspected[e->nsuspected++] = found;
        }
    }
}

/* A set of sentences, in text order. */
typedef struct sentset {
    const uint32_t *s;
    size_t n;
} sentset;

/* Place mentions grouped by sentence: places of sentence s are
 * idx[start[s] .. start[s+1]). Built once per document. */
typedef struct place_index {
    uint32_t *start;
    uint32_t *idx;
} place_index;

/* Build *pi, the place mentions grouped by sentence (a counting sort). Returns
 * 0, or -1 on arena exhaustion. */
static int build_place_index(analysis *an, place_index *pi)
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
    /* a place the text introduces ("the town of L'Estere, near Gonaives") is
     * more precise than the known place it is located by */
    if (g->flags & GEO_F_UNRESOLVED)
        s += 1;
    if (pm->sent == e->first_sent)
        s += 2;
    if (an->sents[pm->sent].in_title)
        s += 1;
    /* a place abroad is rarely where the article's incident happened, unless
     * the incident's own sentence puts it there ("airstrikes in northern Iraq") */
    if (an->top_cc[0] && memcmp(g->cc, an->top_cc, 2) != 0)
        s -= own && pm->cue ? 2 : 4;
    s -= 0.05 * (double)(pm->sent > e->first_sent ? pm->sent - e->first_sent : e->first_sent - pm->sent);
    return s;
}

/* Can the mention be an event's place: resolved, not context-only, not a dateline? */
static int usable_place(const place_mention *pm)
{
    return pm->chosen >= 0 && !pm->context_only && !pm->dateline;
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

/* Choose the event's place. Candidates: the places of its own sentences; for a
 * current violent event also the places of current sentences that belong to
 * no event (the lead often names the country, a later sentence the town), at
 * a cost. sent_event[s] is the event sentence s belongs to, or -1. */
static void choose_event_place(const analysis *an, event *e, sentset own, const place_index *pi,
                               const int *sent_event)
{
    const place_mention *best = NULL;
    double bests = -1e9;
    for (size_t k = 0; k < own.n; k++) {
        uint32_t s = own.s[k];
        for (uint32_t q = pi->start[s]; q < pi->start[s + 1]; q++) {
            const place_mention *pm = &an->places[pi->idx[q]];
            if (!usable_place(pm))
                continue;
            double sc = place_score(an, e, pm, 1);
            if (sc > bests) {
                bests = sc;
                best = pm;
            }
        }
    }
    if (e->violent && !e->background) {
        for (size_t p = 0; p < an->nplaces; p++) {
            const place_mention *pm = &an->places[p];
            if (!usable_place(pm) || sent_event[pm->sent] >= 0 || an->sents[pm->sent].past)
                continue;
            double sc = place_score(an, e, pm, 0);
            if (sc > bests) {
                bests = sc;
                best = pm;
            }
        }
    }
    e->place = best;
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
static void cross_border_place(analysis *an, event *e)
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

/* qsort and bsearch order of uint32_t values. */
static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The article's most salient real place (not a dateline, not in a past
 * sentence), for current events whose sentences name none: the most often
 * named, a town before an area, an early mention before a late one. */
static const place_mention *article_place(analysis *an)
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
        const uint32_t *lo = bsearch(&key, ids, n, sizeof *ids, cmp_u32);
        size_t count = 0;
        if (lo) {
            while (lo > ids && lo[-1] == key)
                lo--;
            while (lo + count < ids + n && lo[count] == key)
                count++;
        }
        double sc = (double)count * 2 + (g->kind == GEO_CITY ? 3 : g->kind == GEO_COUNTRY ? 0 : 1) -
                    0.1 * pm->sent;
        if (sc > bests) {
            bests = sc;
            best = pm;
        }
    }
    return best;
}

/* When no place of the event or the article can be used, the article's
 * dominant country (from a country name or a demonym), at country precision. */
static const place_mention *country_place(analysis *an)
{
    return an->top_cc[0] ? country_mention(an, an->top_cc, 1) : NULL;
}

/* r := the military of country g ("Military Forces of Pakistan"), named by
 * the words at ev. Returns 1, or 0 when the arena is exhausted. */
static int military_of(analysis *an, const geo_place *g, span ev, actor_ref *r)
{
    char buf[200];
    snprintf(buf, sizeof buf, "Military Forces of %s", g->name);
    memset(r, 0, sizeof *r);
    r->name = arena_strndup(an->a, buf, strlen(buf));
    r->type = AT_STATE;
    memcpy(r->cc, g->cc, 3);
    r->actor_id = r->agent_id = -1;
    r->side = SIDE_STATE;
    r->ev = ev;
    return r->name != NULL;
}

/* A country named as the subject of violence ("Israel kills two...", "India
 * shells..."): its military. Returns 1 and fills r when sentence s has one. */
static int country_subject(analysis *an, size_t s, actor_ref *r)
{
    for (size_t p = 0; p < an->nplaces; p++) {
        const place_mention *pm = &an->places[p];
        if (pm->sent != s || pm->ncand == 0)
            continue;
        const geo_place *g = NULL;
        for (int c = 0; c < pm->ncand; c++)
            if (pm->cand[c].kind == GEO_COUNTRY && !(pm->cand[c].flags & GEO_F_DEMONYM))
                g = &pm->cand[c];
        /* "a drone strike in Pakistan kills four": after a preposition the country
         * is the place, not the subject */
        if (!g || pm->cue)
            continue;
        uint32_t nx = pm->last;
        const mention *ev = mention_starting(an, nx, LK_EVENT);
        const mention *cas = mention_starting(an, nx, LK_CASUALTY);
        /* the word must be a verb: "Israel kills two", "India shelled" -- not a
         * compound noun ("Sri Lanka Suicide Bombing", "Yemen Attacks Kill 9") */
        const mention *w = ev ? ev : cas;
        int verb = 0;
        if (w && w->last == nx + 1) {
            const tok *k = TK(an, nx);
            const char *f = tok_fold(&an->td, k);
            size_t fl = k->fold_len;
            int ed = fl > 2 && f[fl - 2] == 'e' && f[fl - 1] == 'd';
            int s3 = fl > 1 && f[fl - 1] == 's';
            int next_verb = mention_starting(an, nx + 1, LK_EVENT) || mention_starting(an, nx + 1, LK_CASUALTY);
            verb = (ed || s3) && !next_verb;
        }
        if (verb && ((ev && ev_class_violent(ev->value)) || (cas && cas->value == CAS_KILLED)))
            return military_of(an, g, pm->ev, r);
    }
    return 0;
}

/* A state's weapons or fire named by its country or demonym ("Indian
 * shelling", "killed by Indian firing", "U.S. drone strike", "Turkish
 * warplanes", "by Israeli troops"): its military acted. Fills r (Military
 * Forces of the country) and returns 1 (2 when the words name fire across a
 * line -- shelling, firing, artillery, mortars, rockets, missiles, drones --
 * which lands on the other side's ground) when sentence s has one. */
static int state_instrument(analysis *an, size_t s, actor_ref *r)
{
    const sentence *se = &an->td.sents[s];
    for (size_t p = 0; p < an->nplaces; p++) {
        const place_mention *pm = &an->places[p];
        if (pm->sent != s || pm->ncand == 0 || pm->cand[0].kind != GEO_COUNTRY || pm->last >= se->last)
            continue;
        if (TK(an, pm->last - 1)->flags & TOK_POSS)
            continue;
        uint32_t nx = pm->last;
        /* soldiers only when they act: "by Indian troops" */
        int kind = has_wclass(an, nx, WC_CROSS_FIRE) ? 2
                 : has_wclass(an, nx, WC_AIR_ARMS) ||
                           (has_wclass(an, nx, WC_ARMED_MEN) && pm->first > se->first && isw(an, pm->first - 1, "by"))
                       ? 1
                       : 0;
        if (!kind)
            continue;
        return military_of(an, &pm->cand[0], pm->ev, r) ? kind : 0;
    }
    return 0;
}

/* A named non-state group the report links generic attackers to anywhere in
 * a current sentence ("Separatist militants from the BLA took over the
 * train"), when exactly one group is so linked; else NULL. */
static const mention *linked_group_in_doc(analysis *an)
{
    const mention *found = NULL;
    for (size_t s = 0; s < an->td.nsents; s++) {
        if (an->sents[s].past || an->sents[s].caption)
            continue;
        const sentence *se = &an->td.sents[s];
        for (uint32_t t = se->first; t < se->last; t++) {
            const mention *m = mention_starting(an, t, LK_ACTOR);
            if (!m || lexicon_actor(an->lx, m->value)->type == AT_STATE)
                continue;
            uint32_t w = linked_to_group(an, se, m);
            const mention *g = w < m->first && w > se->first ? mention_covering(an, w - 1, LK_AGENT) : NULL;
            if (!g || g->last != w || lexicon_agent(an->lx, g->value)->side != SIDE_HOSTILE)
                continue;
            if (found && found->value != m->value)
                return NULL; /* two groups: no telling */
            found = m;
        }
    }
    return found;
}

/* Fill actor1, the target and actor2 of a violent event from its sentences:
 * actor1 is the claimant, else the acting party; actor2 is who suffered (from
 * the target, a named victim, the figures' breakdown, or a victim noun). */
static void assign_actors(analysis *an, event *e, sentset set)
{
    /* Actor 1 is the claimant; else the acting party of the earliest sentence
     * that names one -- within a sentence a named actor or a country before a
     * generic noun -- except that a named armed group anywhere beats an
     * earlier unnamed one ("gunmen" ... "the BLA carried out the attack"). */
    const mention *first_named_nonstate = NULL, *victim = NULL, *named_victim = NULL,
                  *any_named_nonstate = NULL;
    int chosen_rank = 99, chosen_in_lead = 0;
    const mention *chosen = NULL;
    actor_ref country_actor;
    int chosen_country = 0;
    for (size_t k = 0; k < set.n; k++) {
        size_t s = set.s[k];
        participant ps[32];
        int n = sentence_participants(an, s, ps, 32);
        const mention *best = NULL;
        int best_rank = 99;
        for (int i = 0; i < n; i++) {
            const participant *p = &ps[i];
            int rank = 99;
            if (p->m->kind == LK_ACTOR) {
                const lex_actor *a = lexicon_actor(an->lx, p->m->value);
                int state = a->type == AT_STATE || a->type == AT_EXTERNAL;
                if (p->role == 1)
                    rank = state ? 1 : 0;
                if (p->role == 1 && !state && !first_named_nonstate)
                    first_named_nonstate = p->m;
                if (!state && !any_named_nonstate)
                    any_named_nonstate = p->m;
                if (p->role == 2 && !named_victim)
                    named_victim = p->m;
            } else {
                const lex_agent *ag = lexicon_agent(an->lx, p->m->value);
                /* of the state, only armed men act in violence ("the government" does not) */
                int armed = ag->target == T_POLICE || ag->target == T_MILITARY;
                if (p->role == 1 && p->side == SIDE_HOSTILE)
                    rank = 2;
                else if (p->role == 1 && p->side == SIDE_STATE && armed)
                    rank = 3;
                if (p->role == 2 && !victim && p->side != SIDE_HOSTILE)
                    victim = p->m;
            }
            if (rank < best_rank) {
                best_rank = rank;
                best = p->m;
            }
        }
        if (chosen_rank == 99) {
            actor_ref ca;
            int how = 0;
            if (best_rank > 1 && (country_subject(an, s, &ca) || (how = state_instrument(an, s, &ca)) != 0)) {
                country_actor = ca;
                chosen_country = 1;
                chosen_rank = 1;
                e->cross_fire = how == 2;
            } else if (best) {
                chosen = best;
                chosen_rank = best_rank;
                chosen_in_lead = an->sents[s].lead || an->sents[s].in_title;
            }
        }
    }
    if (chosen_rank == 2 && !first_named_nonstate)
        first_named_nonstate = linked_group_in_doc(an);
    if (chosen_rank == 2 && first_named_nonstate) {
        chosen = first_named_nonstate;
        chosen_rank = 0;
        chosen_country = 0;
    }
    /* a battle the lead tells without an acting side ("Fighting leaves 18
     * soldiers dead") is coded from the non-state party, as ACLED and the
     * annotators do */
    if ((chosen_rank == 99 || (chosen_rank == 3 && !chosen_in_lead)) && has_class(e, EV_CLASH) &&
        any_named_nonstate) { /* ("Police shoot and kill a gang leader": the police act) */
        chosen = any_named_nonstate;
        chosen_rank = 0;
        chosen_country = 0;
    }
    /* no named party acts, and the report says whom the attack is blamed on
     * ("the army accused the Tamil Tigers of carrying out the attack"): the
     * blamed group is the perpetrator as written, as GTD codes a suspected
     * perpetrator (with its uncertainty) rather than an unknown one */
    int blamed = !e->has_claim && !chosen_country && e->nsuspected > 0 && chosen_rank >= 2;
    /* state forces do not set off suicide or car bombs: a state party the
     * sentence roles found ("police have deployed guards after a car bombing")
     * gives way to a non-state group the attack is blamed on */
    int nonstate_means = (has_class(e, EV_SUICIDE) || has_class(e, EV_VBIED) || has_class(e, EV_IED)) &&
                         !has_class(e, EV_AIRSTRIKE) && !has_class(e, EV_SHELLING);
    if (!e->has_claim && e->nsuspected > 0 && nonstate_means && e->suspected[0].type != AT_STATE &&
        e->suspected[0].type != AT_EXTERNAL &&
        (chosen_country || (chosen && chosen_rank <= 1 && chosen->kind == LK_ACTOR &&
                            (lexicon_actor(an->lx, chosen->value)->type == AT_STATE ||
                             lexicon_actor(an->lx, chosen->value)->type == AT_EXTERNAL))))
        blamed = 1;
    /* and with no one blamed, a state party the roles found for a suicide or
     * car bombing is a bystander of the report ("police were following the
     * bomber's car"): the perpetrator stays unknown */
    int state_chosen = chosen_country ||
                       (chosen && ((chosen->kind == LK_ACTOR &&
                                    (lexicon_actor(an->lx, chosen->value)->type == AT_STATE ||
                                     lexicon_actor(an->lx, chosen->value)->type == AT_EXTERNAL)) ||
                                   (chosen->kind == LK_AGENT && lexicon_agent(an->lx, chosen->value)->side == SIDE_STATE)));
    if (!e->has_claim && !blamed && nonstate_means && state_chosen) {
        chosen = NULL;
        chosen_country = 0;
    }
    if (e->has_claim) {
        e->actor1 = e->claimed;
        e->has_actor1 = 1;
    } else if (blamed) {
        e->actor1 = e->suspected[0];
        e->has_actor1 = 1;
        chosen_country = 0;
    } else if (chosen_country) {
        e->actor1 = country_actor;
        e->has_actor1 = 1;
    } else if (chosen) {
        if (chosen->kind == LK_ACTOR)
            actor_from_named(an, chosen, &e->actor1);
        else
            actor_from_agent(an, e, chosen->value, tspan(an, chosen->first, chosen->last), &e->actor1);
        e->has_actor1 = 1;
    }
    /* target: the attacked place or thing; the body before the headline, whose
     * title case drops words ("Raid On Checkpoint" vs "a police checkpoint") */
    for (size_t pass = 0; pass < 2 * set.n && !e->target_type; pass++) {
        size_t s = set.s[pass % set.n];
        if ((pass < set.n) == (an->sents[s].in_title != 0))
            continue;
        const sentence *se = &an->td.sents[s];
        for (uint32_t t = se->first; t < se->last; t++) {
            const mention *m = mention_starting(an, t, LK_TARGET);
            if (m && m->value > 0) {
                /* "the Police Lines mosque": the head noun is the last of a run */
                const mention *next;
                while ((next = mention_starting(an, m->last, LK_TARGET)) != NULL && next->value > 0)
                    m = next;
                e->target_type = (uint8_t)m->value;
                e->target_text = tspan(an, m->first, m->last);
                break;
            }
        }
    }
    /* actor 2: who suffered */
    int state_actor1 = e->has_actor1 && (e->actor1.type == AT_STATE || e->actor1.type == AT_EXTERNAL);
    if (e->target_type == T_POLICE || e->target_type == T_MILITARY) {
        /* generic police / military of the event's country */
        for (size_t g = 0;; g++) {
            const lex_agent *ag = lexicon_agent(an->lx, (int32_t)g);
            if (!ag)
                break;
            if (ag->side == SIDE_STATE && ag->target == e->target_type) {
                actor_from_agent(an, e, (int32_t)g, e->target_text, &e->actor2);
                e->has_actor2 = 1;
                break;
            }
        }
    }
    /* a group blamed or suspected is not the victim, whatever its position */
    if (named_victim) {
        for (int k = 0; k < e->nsuspected && named_victim; k++)
            if (e->suspected[k].actor_id == named_victim->value)
                named_victim = NULL;
        if (named_victim && e->has_claim && e->claimed.actor_id == named_victim->value)
            named_victim = NULL;
    }
    if (!e->has_actor2 && named_victim && (!e->has_actor1 || named_victim->value != e->actor1.actor_id)) {
        actor_from_named(an, named_victim, &e->actor2);
        e->has_actor2 = 1;
    }
    if (!e->has_actor2) {
        /* from the breakdown of the figures: the victims' side */
        for (int i = 0; i < e->nfigs && !e->has_actor2; i++) {
            const figure *f = &e->figs[i];
            for (int k = 0; k < f->nparts; k++) {
                if (f->parts[k].side == SIDE_HOSTILE && !state_actor1)
                    continue;
                if (f->parts[k].side == SIDE_OTHER)
                    continue;
                /* find the agent mention at this span */
                for (size_t m = 0; m < an->nm; m++) {
                    if (an->m[m].kind == LK_AGENT && TK(an, an->m[m].first)->start == f->parts[k].who.start) {
                        actor_from_agent(an, e, an->m[m].value, f->parts[k].who, &e->actor2);
                        e->has_actor2 = 1;
                        break;
                    }
                }
                if (e->has_actor2)
                    break;
            }
        }
    }
    if (!e->has_actor2 && victim) {
        actor_from_agent(an, e, victim->value, tspan(an, victim->first, victim->last), &e->actor2);
        e->has_actor2 = 1;
    }
    if (!e->target_type && e->has_actor2 && e->actor2.agent_id >= 0) {
        const lex_agent *ag = lexicon_agent(an->lx, e->actor2.agent_id);
        e->target_type = ag->target;
        e->target_text = e->actor2.ev;
    }
}

/* The clause of sentence s around token t: split at "while", "but",
 * "whereas" and ";". */
static void clause_bounds(const analysis *an, size_t s, uint32_t t, uint32_t *from, uint32_t *to)
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

/* The last named non-state group mentioned before token t, or NULL. */
static const mention *last_group_before(const analysis *an, uint32_t t)
{
    const mention *best = NULL;
    for (size_t i = 0; i < an->nm && an->m[i].first < t; i++) {
        if (an->m[i].kind != LK_ACTOR)
            continue;
        const lex_actor *a = lexicon_actor(an->lx, an->m[i].value);
        if (a->type != AT_STATE && a->type != AT_EXTERNAL)
            best = &an->m[i];
    }
    return best;
}

/* The nearest person or office before a statement trigger: "President Arif
 * Alvi ... condemned", "Prime Minister Shahbaz Sharif paid tribute". */
static void statement_actor(analysis *an, event *e, size_t s, uint32_t trig)
{
    uint32_t clause_start, clause_end;
    clause_bounds(an, s, trig, &clause_start, &clause_end);
    int group_ref = 0;
    for (uint32_t k = clause_start; k + 1 < trig; k++)
        if ((isw(an, k, "the") && isw(an, k + 1, "group")) || isw(an, k, "his") || isw(an, k, "its"))
            group_ref = 1;
    const mention *title = NULL, *actor = NULL, *agent = NULL;
    uint32_t name_first = 0, name_last = 0;
    for (uint32_t k = clause_start; k < trig; k++) {
        const mention *m;
        if ((m = mention_starting(an, k, LK_TITLE)) != NULL) {
            title = m;
            uint32_t j = m->last;
            while (j < trig && name_word(an, j) && !mention_covering(an, j, LK_TITLE) &&
                   !mention_covering(an, j, LK_ACTOR) && !mention_covering(an, j, LK_AGENT))
                j++;
            if (j > m->last) {
                name_first = m->last;
                name_last = j;
            }
            k = (j > m->last ? j : m->last) - 1;
        } else if ((m = mention_starting(an, k, LK_ACTOR)) != NULL) {
            if (!actor)
                actor = m;
            k = m->last - 1;
        } else if ((m = mention_starting(an, k, LK_AGENT)) != NULL) {
            if (!agent)
                agent = m;
            k = m->last - 1;
        }
    }
    const lex_title *tl = title ? lexicon_title(an->lx, title->value) : NULL;
    if (!actor && (group_ref || (tl && tl->type == TT_NONSTATE)))
        actor = last_group_before(an, trig);
    if (actor) {
        actor_from_named(an, actor, &e->actor1);
        e->has_actor1 = 1;
        if (name_last) {
            span ns = tspan(an, name_first, name_last);
            e->person1 = arena_strndup(an->a, an->text + ns.start, ns.end - ns.start);
            e->person1_ev = ns;
        }
    } else if (title) {
        const lex_title *lt = lexicon_title(an->lx, title->value);
        char cc[3];
        const char *country = NULL;
        /* the country of the office: a demonym right before it, else the article's */
        for (size_t p = 0; p < an->nplaces; p++) {
            const place_mention *pm = &an->places[p];
            if (pm->last == title->first && pm->ncand > 0) {
                geo_place c;
                if (geo_country(an->geo, pm->cand[0].cc, &c) == 0) {
                    country = c.name;
                    memcpy(cc, c.cc, 3);
                }
            }
        }
        if (!country)
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
        e->actor1.ev = tspan(an, title->first, name_last ? name_last : title->last);
        e->has_actor1 = 1;
        if (name_last) {
            span ns = tspan(an, name_first, name_last);
            e->person1 = arena_strndup(an->a, an->text + ns.start, ns.end - ns.start);
            e->person1_ev = ns;
        }
    } else if (agent) {
        actor_from_agent(an, e, agent->value, tspan(an, agent->first, agent->last), &e->actor1);
        e->has_actor1 = 1;
    }
}

/* See resolve.h. *out may be NULL when there are no events. The passes: a
 * frame per sentence, violent incidents, their details, a salience filter,
 * then the standalone non-violent events; codes are assigned last. */
int resolve_run(analysis *an, event **out)
{
    size_t ns = an->td.nsents;
    builder b = {an, NULL, 0, 0, NULL};
    b.fr = arena_alloc(an->a, (ns + 1) * sizeof *b.fr);
    if (!b.fr)
        return -1;

    /* 1. frames */
    for (size_t s = 0; s < ns; s++) {
        frame *f = &b.fr[s];
        const sentence *se = &an->td.sents[s];
        const sent_info *si = &an->sents[s];
        f->event = -1;
        int any_violent = 0, non_anaphoric = 0;
        for (uint32_t t = se->first; t < se->last; t++) {
            const mention *m = mention_starting(an, t, LK_EVENT);
            if (!m || !ev_class_violent(m->value))
                continue;
            any_violent = 1;
            f->classes |= 1ull << m->value;
            /* what someone said in quotation marks ("he is still fighting") supports
             * an incident told outside them but never founds one, like "the attack" */
            if (!anaphoric(an, se, t) && !(TK(an, t)->flags & TOK_QUOTE))
                non_anaphoric = 1;
            if (class_rank(m->value) > class_rank(f->best_class)) {
                f->best_class = m->value;
                f->best_trigger_first = m->first;
                f->best_trigger_last = m->last;
            }
        }
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
        f->background = si->past;
        uint32_t bad = (1u << CTX_ACCIDENT) | (1u << CTX_SPORT) | (1u << CTX_LEGAL) |
                       (1u << CTX_STATISTICS) | (1u << CTX_HYPOTHETICAL);
        f->suppressed = (si->ctx & bad) != 0 || si->caption;
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
            b.fr[s - 1].background && (f->violent || si->nfigs > 0))
            f->background = 1;
    }

    /* 2. violent incidents */
    int main_ev = -1;
    int last_bg = -1;
    for (size_t s = 0; s < ns; s++) {
        frame *f = &b.fr[s];
        if (!f->violent || f->suppressed || f->anaphoric_only)
            continue;
        const sent_info *si = &an->sents[s];
        event *e = NULL;
        if (f->background) {
            /* join a background incident of the same paragraph or date */
            if (last_bg >= 0) {
                event *lb = &b.ev[last_bg];
                const sentence *prev = &an->td.sents[lb->last_sent];
                int same_par = prev->line == an->td.sents[s].line;
                int same_date = si->date >= 0 && lb->has_date &&
                                an->dates[si->date].y == lb->date.y && an->dates[si->date].m == lb->date.m;
                if (same_par || same_date)
                    e = lb;
            }
            if (!e) {
                e = new_event(&b, f->best_class, 1, s);
                if (!e)
                    return -1;
                last_bg = (int)(e - b.ev);
            }
        } else {
            if (main_ev < 0) {
                e = new_event(&b, f->best_class, 0, s);
                if (!e)
                    return -1;
                main_ev = (int)(e - b.ev);
            } else {
                e = &b.ev[main_ev];
            }
        }
        int idx = (int)(e - b.ev);
        f->event = idx;
        e->classes |= f->classes;
        if (f->best_class && class_rank(f->best_class) > class_rank(e->cls)) {
            e->cls = (uint8_t)f->best_class;
        }
        if (f->best_trigger_last > f->best_trigger_first &&
            (e->trigger.end == 0 || (an->sents[e->first_sent].in_title && !si->in_title) ||
             class_rank(f->best_class) > class_rank(e->cls))) {
            e->trigger = tspan(an, f->best_trigger_first, f->best_trigger_last);
        }
        if (s < e->first_sent)
            e->first_sent = (uint32_t)s;
        e->last_sent = (uint32_t)s;
        if (!e->has_date && si->date >= 0 && (e->background || !an->dates[si->date].past) &&
            !an->dates[si->date].unknown_year) {
            e->date = an->dates[si->date];
            e->has_date = 1;
        }
    }
    /* sentences that only point back ("the attack occurred early Friday in the
     * border town of Sopore") add place, date and details to the incident told
     * just before them */
    long last_violent = -1; /* the latest sentence of a violent incident */
    for (size_t s = 0; s < ns; s++) {
        frame *f = &b.fr[s];
        if (f->event >= 0 && f->violent && !f->anaphoric_only)
            last_violent = (long)s;
        if (!f->anaphoric_only || f->suppressed || f->event >= 0 || an->sents[s].past)
            continue;
        /* a statement, protest or talks about "the attack" is an event of its own */
        const sentence *se = &an->td.sents[s];
        if (has_standalone_trigger(an, s))
            continue;
        int target = -1;
        if (last_violent >= 0) {
            target = b.fr[last_violent].event;
            /* a background incident is continued only within its paragraph */
            if (b.ev[target].background && an->td.sents[last_violent].line != se->line)
                target = main_ev;
        }
        if (target < 0)
            target = main_ev;
        if (target < 0)
            continue;
        f->event = target;
        event *e = &b.ev[target];
        if (s > e->last_sent)
            e->last_sent = (uint32_t)s;
        const sent_info *si = &an->sents[s];
        if (!e->has_date && si->date >= 0 && (e->background || !an->dates[si->date].past) &&
            !an->dates[si->date].unknown_year) {
            e->date = an->dates[si->date];
            e->has_date = 1;
        }
    }
    /* sentences without violence of their own that carry claims or sources of
     * the current incident: join it */
    for (size_t s = 0; s < ns && main_ev >= 0; s++) {
        frame *f = &b.fr[s];
        if (f->event >= 0 || f->suppressed)
            continue;
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
        /* "No one has claimed responsibility, but in the past the Taliban...":
         * the claim is about this incident when it comes before the past marker */
        if (claim_at != UINT32_MAX && (!an->sents[s].past || claim_at < past_at))
            f->event = main_ev;
    }

    /* sentences that only report ("..., said Wahab, according to the AP") give
     * sources to the incident their paragraph or the article is about */
    int *src_event = arena_alloc(an->a, (ns + 1) * sizeof *src_event);
    if (!src_event)
        return -1;
    for (size_t s = 0; s < ns; s++) {
        src_event[s] = -1;
        if (b.fr[s].event >= 0 || b.fr[s].suppressed)
            continue;
        const sentence *se = &an->td.sents[s];
        if (has_standalone_trigger(an, s))
            continue;
        if (s > 0 && an->td.sents[s - 1].line == se->line &&
            (b.fr[s - 1].event >= 0 || src_event[s - 1] >= 0))
            src_event[s] = b.fr[s - 1].event >= 0 ? b.fr[s - 1].event : src_event[s - 1];
        else if (!an->sents[s].past && main_ev >= 0)
            src_event[s] = main_ev;
    }

    /* 3. fill each violent event from its member sentences: the sentences of
     * every event are listed once (a counting sort), so the work is linear */
    size_t nviolent = b.n;
    place_index pidx;
    int *sent_event = arena_alloc_raw(an->a, (ns + 1) * sizeof *sent_event);
    if (!sent_event || build_place_index(an, &pidx) < 0)
        return -1;
    for (size_t s = 0; s < ns; s++)
        sent_event[s] = b.fr[s].event;
    uint32_t *mem_start, *mem, *src_start, *srcs;
    if (group_sentences(an, sent_event, nviolent, &mem_start, &mem) < 0 ||
        group_sentences(an, src_event, nviolent, &src_start, &srcs) < 0)
        return -1;
    for (size_t i = 0; i < nviolent; i++) {
        event *e = &b.ev[i];
        e->violent = 1;
        sentset set = {mem + mem_start[i], mem_start[i + 1] - mem_start[i]};
        for (uint32_t k = src_start[i]; k < src_start[i + 1]; k++)
            sentence_sources(an, srcs[k], e);
        for (size_t k = 0; k < set.n; k++) {
            uint32_t s = set.s[k];
            add_figures(an, e, s);
            add_weapons(an, e, s, b.fr[s].violent && !b.fr[s].anaphoric_only);
            sentence_claims(an, s, e);
            sentence_sources(an, s, e);
        }
        /* class-implied weapons */
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
        /* weapons implied by the kind of attack ("bombing") rest on its trigger */
        if (e->weapons && e->nweapon_ev == 0 && e->trigger.end > e->trigger.start)
            e->weapon_ev[e->nweapon_ev++] = e->trigger;
        choose_event_place(an, e, set, &pidx, sent_event);
        if (!e->place && !e->background)
            e->place = article_place(an);
        if (!e->place && !e->background)
            e->place = country_place(an);
        assign_actors(an, e, set);
        cross_border_place(an, e);
        /* the lead dates the incident: a day named in a lead sentence of the
         * current story ("gathered Friday") beats a later sentence's day, which
         * often tells an earlier day of the same campaign ("killed nine Thursday") */
        if (!e->background) {
            uint32_t limit = e->has_date ? e->date.sent : (uint32_t)ns;
            for (size_t s = 0; s < limit; s++) {
                const sent_info *si = &an->sents[s];
                if (!si->lead || si->past || si->date < 0 || (sent_event[s] >= 0 && sent_event[s] != (int)i))
                    continue;
                const date_ref *d = &an->dates[si->date];
                if (d->past || d->unknown_year)
                    continue;
                e->date = *d;
                e->has_date = 1;
                break;
            }
        }
        if (!e->has_date && !e->background && an->has_pub) {
            memset(&e->date, 0, sizeof e->date);
            e->date.y = e->date.ey = an->pub_y;
            e->date.m = e->date.em = an->pub_m;
            e->date.d = e->date.ed = an->pub_d;
            e->date.precision = DP_DAY;
            e->date.assumed = 1;
            e->has_date = 1;
        }
        if (e->trigger.end == 0 && e->nfigs > 0)
            e->trigger = e->figs[0].ev;
    }

    /* a current incident must be salient: a casualty figure, or a trigger in
     * the headline or lead that names where or when, or violence told in
     * several sentences with one of them in the lead. A story about tariffs
     * "targeting" China, or talks about "fighting" elsewhere, codes nothing. */
    size_t kept = 0;
    for (size_t i = 0; i < nviolent; i++) {
        event *e = &b.ev[i];
        int keep = e->background; /* background events are judged by their own figures below */
        int figs = 0, lead = 0, triggers = 0, lead_where = 0;
        for (int k = 0; k < e->nfigs; k++)
            if (!e->figs[k].partial && !e->figs[k].quoted && e->figs[k].min > 0 &&
                (e->figs[k].kind == CAS_KILLED || e->figs[k].kind == CAS_WOUNDED || e->figs[k].kind == CAS_KIDNAPPED))
                figs = 1;
        for (size_t s = 0; s < ns; s++) {
            if (b.fr[s].event != (int)i || !b.fr[s].violent || b.fr[s].anaphoric_only)
                continue;
            triggers++;
            int in_lead = an->sents[s].lead;
            if (!in_lead)
                continue;
            lead = 1;
            if (an->sents[s].date >= 0)
                lead_where = 1;
            for (size_t p = 0; p < an->nplaces; p++)
                if (an->places[p].sent == s && an->places[p].chosen >= 0 && !an->places[p].context_only)
                    lead_where = 1;
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
        if (keep) {
            if (kept != i)
                b.ev[kept] = *e;
            for (size_t s = 0; s < ns; s++)
                if (b.fr[s].event == (int)i)
                    b.fr[s].event = (int)kept;
            if (main_ev == (int)i)
                main_ev = (int)kept;
            kept++;
        } else {
            for (size_t s = 0; s < ns; s++)
                if (b.fr[s].event == (int)i)
                    b.fr[s].event = -1;
            if (main_ev == (int)i)
                main_ev = -1;
        }
    }
    b.n = kept;

    /* 4. standalone non-violent events: one per class per sentence */
    size_t nviolent_kept = b.n;
    for (size_t s = 0; s < ns; s++) {
        const sentence *se = &an->td.sents[s];
        const sent_info *si = &an->sents[s];
        uint64_t seen = 0;
        if (b.fr[s].suppressed && !(si->ctx & (1u << CTX_LEGAL)))
            continue;
        for (uint32_t t = se->first; t < se->last; t++) {
            const mention *m = mention_starting(an, t, LK_EVENT);
            if (!m || !ev_class_standalone(m->value) || (seen >> m->value) & 1ull)
                continue;
            /* a protest or riot already inside a violent event's sentence with figures stays separate */
            seen |= 1ull << m->value;
            if (m->value == EV_THREATEN && b.fr[s].event >= 0 && !si->past)
                continue;
            /* the protest is already the violent event's frame (force against protesters, riot) */
            if ((m->value == EV_PROTEST || m->value == EV_RIOT) && b.fr[s].event >= 0 &&
                (size_t)b.fr[s].event < b.n && b.ev[b.fr[s].event].demo)
                continue;
            int bg = si->past || pluperfect(an, se, t);
            if (m->value == EV_PROTEST || m->value == EV_RIOT || m->value == EV_HUNGER_STRIKE) {
                /* a gathering is reported as one when the lead tells it, or its
                 * sentence says where or when; a celebrating crowd is not one */
                int where_when = si->date >= 0;
                uint32_t ps, pe;
                for (ps = pidx.start[s], pe = pidx.start[s + 1]; ps < pe && !where_when; ps++) {
                    const place_mention *pm = &an->places[pidx.idx[ps]];
                    if (pm->chosen >= 0 && !pm->context_only && !pm->dateline)
                        where_when = 1;
                }
                int celebration = 0;
                for (uint32_t k = se->first; k < se->last; k++)
                    if (has_wclass(an, k, WC_CELEBRATION))
                        celebration = 1;
                /* or when someone is said to hold it: "staged protests", "protested" */
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
                if (celebration || (!si->lead && !where_when && !held))
                    continue;
            }
            /* a protest told in several sentences is one event: the same class,
             * both current, and no other place named in this sentence */
            if (!bg && (m->value == EV_PROTEST || m->value == EV_RIOT || m->value == EV_HUNGER_STRIKE)) {
                int joined = 0;
                /* look back over the latest few events only: linear in the document */
                size_t tried = 0;
                for (size_t k = b.n; k-- > nviolent_kept && tried < 8;) {
                    event *o = &b.ev[k];
                    if (o->cls != m->value || o->background)
                        continue;
                    tried++;
                    uint32_t one = (uint32_t)s;
                    sentset set = {&one, 1};
                    event probe = *o;
                    choose_event_place(an, &probe, set, &pidx, sent_event);
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
                    joined = 1;
                    break;
                }
                if (joined)
                    continue;
            }
            event *e = new_event(&b, m->value, bg, s);
            if (!e)
                return -1;
            e->classes = 1ull << m->value;
            e->trigger = tspan(an, m->first, m->last);
            /* the sentence's date counts when it stands in the trigger's clause
             * ("had been negotiating, but ... announced in November") */
            uint32_t cf, ct;
            clause_bounds(an, s, t, &cf, &ct);
            int date_here = si->date >= 0 && !an->dates[si->date].unknown_year &&
                            an->dates[si->date].ev.start >= TK(an, cf)->start &&
                            an->dates[si->date].ev.end <= TK(an, ct - 1)->end;
            if (date_here) {
                e->date = an->dates[si->date];
                e->has_date = 1;
            } else if (!bg && an->has_pub) {
                e->date.y = e->date.ey = an->pub_y;
                e->date.m = e->date.em = an->pub_m;
                e->date.d = e->date.ed = an->pub_d;
                e->date.precision = DP_DAY;
                e->date.assumed = 1;
                e->has_date = 1;
            }
            uint32_t one = (uint32_t)s;
            sentset set = {&one, 1};
            choose_event_place(an, e, set, &pidx, sent_event);
            if (!e->place && !bg && main_ev >= 0)
                e->place = b.ev[main_ev].place;
            if (m->value == EV_PROTEST || m->value == EV_RIOT || m->value == EV_ARREST ||
                m->value == EV_HUNGER_STRIKE)
                add_figures(an, e, s);
            statement_actor(an, e, s, t);
            if (m->value == EV_PROTEST || m->value == EV_RIOT) {
                /* demonstrators are the actor when named as such */
                for (uint32_t k = se->first; k < se->last; k++) {
                    const mention *ag = mention_starting(an, k, LK_AGENT);
                    if (ag && lexicon_agent(an->lx, ag->value)->side == SIDE_DEMO) {
                        actor_from_agent(an, e, ag->value, tspan(an, ag->first, ag->last), &e->actor1);
                        e->has_actor1 = 1;
                        break;
                    }
                }
                if (!e->has_actor1 || e->actor1.type != AT_PROTESTERS) {
                    char cc[3];
                    const char *country = event_country_name(an, e, cc);
                    char buf[160];
                    snprintf(buf, sizeof buf, m->value == EV_RIOT ? "Rioters (%s)" : "Protesters (%s)",
                             country ? country : "International");
                    memset(&e->actor1, 0, sizeof e->actor1);
                    e->actor1.name = arena_strndup(an->a, buf, strlen(buf));
                    e->actor1.type = m->value == EV_RIOT ? AT_RIOTERS : AT_PROTESTERS;
                    memcpy(e->actor1.cc, cc, 3);
                    e->actor1.actor_id = e->actor1.agent_id = -1;
                    e->actor1.ev = e->trigger;
                    e->has_actor1 = 1;
                }
            }
            if (m->value == EV_NEGOTIATE || m->value == EV_CONDEMN || m->value == EV_THREATEN ||
                m->value == EV_PRAISE) {
                /* the other party: a named group after the trigger ("negotiating with the TTP") */
                for (uint32_t k = m->last; k < se->last; k++) {
                    const mention *a = mention_starting(an, k, LK_ACTOR);
                    if (a) {
                        if (!e->has_actor1 || e->actor1.actor_id != a->value) {
                            actor_from_named(an, a, &e->actor2);
                            e->has_actor2 = 1;
                        }
                        break;
                    }
                    if (is_punct_tok(an, k, ',') || isw(an, k, "but") || isw(an, k, "while"))
                        break;
                }
            }
            clause_sources(an, s, e, cf, ct);
        }
    }

    for (size_t i = 0; i < b.n; i++)
        assign_codes(an, &b.ev[i]);
    *out = b.ev;
    return (int)b.n;
}
