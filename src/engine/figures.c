/*
 * figures.c - the casualty figures of a sentence: counts attached to a
 * casualty word after or before them ("12 soldiers were killed", "killing
 * 12"), lists summed with their breakdown ("two soldiers and two militants",
 * "a policeman and his son"), victims named without a number ("a policeman
 * was killed"), stated zeros ("no one was hurt"), and their marks: revised,
 * partial ("including 5 children", a running total), a grand total, quoted,
 * counted over time. Part of the extract stage (extract_int.h).
 */
#include <string.h>

#include "extract_int.h"
#include "wordclass.h"

/* Words that qualify a noun without being one: "suspected", "alleged"
 * (dictionary blame words), and single quotation marks ("'militants'"). */
static int qualifier(const analysis *an, uint32_t t)
{
    if (t >= an->td.ntoks)
        return 0;
    const tok *k = &an->td.toks[t];
    if ((k->flags & TOK_PUNCT) && k->punct == '"' && k->end - k->start == 1 &&
        (an->text[k->start] == '\'' || (unsigned char)an->text[k->start] == 0x60))
        return 1;
    if ((k->flags & TOK_PUNCT) && k->punct == '"' && k->end - k->start == 3 &&
        (unsigned char)an->text[k->start] == 0xE2 && (unsigned char)an->text[k->start + 1] == 0x80 &&
        ((unsigned char)an->text[k->start + 2] == 0x98 || (unsigned char)an->text[k->start + 2] == 0x99))
        return 1;
    return an->kinds_at[t] == (1u << LK_EVENT) && an->mention_at[t] >= 0 &&
           an->m[an->mention_at[t]].value == EV_BLAME && an->m[an->mention_at[t]].last == t + 1;
}

/* 1 when a casualty word starts at token t; then *out (if out) is its mention. */
static int is_casualty(const analysis *an, uint32_t t, const mention **out)
{
    const mention *m = mention_starting(an, t, LK_CASUALTY);
    if (m && out)
        *out = m;
    return m != NULL;
}

/* The token after the noun phrase of a figure: skips adjectives and agent nouns.
 * Sets *who to the agent mention if one is found. */
static uint32_t skip_noun(const analysis *an, uint32_t t, uint32_t end, const mention **who)
{
    *who = NULL;
    uint32_t i = t;
    for (int steps = 0; steps < 4 && i < end; steps++) {
        const mention *ag = mention_starting(an, i, LK_AGENT);
        if (!ag)
            ag = mention_starting(an, i, LK_ACTOR);
        if (ag) {
            *who = ag;
            i = ag->last;
            /* "members of the security forces", "soldiers of the army" */
            continue;
        }
        const tok *tk = TK(an, i);
        if (!*who && qualifier(an, i)) {
            i++;
            continue;
        }
        if ((tk->flags & TOK_PUNCT) || covered_by_any(an, i) || (tk->flags & TOK_NUM))
            break;
        if (*who)
            break;
        /* an adjective-like word: "innocent", "Pakistani", "other", "more" */
        i++;
    }
    return *who ? i : t;
}

/* Is the group of the membership noun m ("members") one that is not hostile:
 * a noun of another side right before it ("security force members"), or
 * after "of [the] [up to two modifiers]" ("members of the security forces",
 * "members of the Congolese army", a state's named force)? */
static int members_not_hostile(const analysis *an, const mention *m)
{
    const mention *grp = m->first > 0 ? mention_covering(an, m->first - 1, LK_AGENT) : NULL;
    if (grp && grp->last == m->first) {
        const lex_agent *ag = lexicon_agent(an->lx, grp->value);
        return ag && ag->side != SIDE_HOSTILE;
    }
    uint32_t g = m->last + 1;
    if (!isw(an, m->last, "of"))
        return 0;
    if (isw(an, g, "the") || isw(an, g, "its") || isw(an, g, "their"))
        g++;
    for (uint32_t k = g; k < an->td.ntoks && k < g + 3 && (TK(an, k)->flags & TOK_WORD); k++) {
        const mention *ag = mention_starting(an, k, LK_AGENT);
        if (ag) {
            const lex_agent *la = lexicon_agent(an->lx, ag->value);
            return la && la->side != SIDE_HOSTILE;
        }
        const mention *act = mention_starting(an, k, LK_ACTOR);
        const lex_actor *la = act ? lexicon_actor(an->lx, act->value) : NULL;
        if (la)
            return la->type == AT_STATE || la->is_force;
    }
    return 0;
}

/* Append q's count to f's breakdown with the noun who (NULL for none) and, for a
 * generic agent, its side. Dropped once FIG_MAX_PARTS are there. */
static void add_part(figure *f, const analysis *an, const numq *q, const mention *who)
{
    if (f->nparts >= FIG_MAX_PARTS)
        return;
    f->parts[f->nparts].count = q->value;
    if (who) {
        f->parts[f->nparts].who.start = TK(an, who->first)->start;
        f->parts[f->nparts].who.end = TK(an, who->last - 1)->end;
        if (who->kind == LK_AGENT) {
            const lex_agent *ag = lexicon_agent(an->lx, who->value);
            f->parts[f->nparts].side = ag ? ag->side : SIDE_OTHER;
            /* "security force members" are not attackers */
            if (has_wclass(an, who->first, WC_MEMBER) && members_not_hostile(an, who))
                f->parts[f->nparts].side = SIDE_OTHER;
        }
    }
    f->nparts++;
}

/* Is the agent mention a singular noun ("policeman", "soldier", "woman")? */
static int singular_agent(const analysis *an, const mention *m)
{
    const tok *last = TK(an, m->last - 1);
    const char *f = tok_fold(&an->td, last);
    size_t n = last->fold_len;
    if (last->wclass & WC_PLURAL)
        return 0;
    if (n >= 3 && memcmp(f + n - 3, "men", 3) == 0)
        return 0;
    if (n >= 2 && f[n - 1] == 's' && f[n - 2] != 's')
        return 0;
    return 1;
}

/* Append a zeroed figure (max -1) to an->figs, doubling the array (capacity
 * *cap) when full. Returns 0 with *out set, or -1 on arena exhaustion. */
static int append_figure(analysis *an, size_t *cap, figure **out)
{
    if (an->nfigs == *cap) {
        figure *bigger = arena_alloc_raw(an->a, *cap * 2 * sizeof *bigger);
        if (!bigger)
            return -1;
        memcpy(bigger, an->figs, an->nfigs * sizeof *bigger);
        an->figs = bigger;
        *cap *= 2;
    }
    *out = &an->figs[an->nfigs++];
    memset(*out, 0, sizeof **out);
    (*out)->max = -1;
    return 0;
}

/* Does an object start at token nx (before end): a number, an article, a
 * hedge or a noun of people ("killed 12", "killed a policeman")? Then the
 * casualty word before it is an active verb, and what stands before that verb
 * is its subject, not its victims. */
static int object_follows(const analysis *an, uint32_t nx, uint32_t end)
{
    return nx < end && ((TK(an, nx)->flags & TOK_NUM) || isw(an, nx, "a") || isw(an, nx, "an") ||
                        isw(an, nx, "the") || (isw(an, nx, "at") && isw(an, nx + 1, "least")) ||
                        isw(an, nx, "more") ||
                        mention_starting(an, nx, LK_AGENT) || mention_starting(an, nx, LK_NUMBER) ||
                        mention_starting(an, nx, LK_HEDGE));
}

/* Right of a singular agent ag: AGENT [aux]* CASUALTY, where the agent is the
 * one who suffered: a passive ("was killed"), an intransitive ("died",
 * "dead"), or a headline participle ("Soldier killed in attack") -- not
 * "Bomber kills 20". The casualty mention, or NULL. */
static const mention *casualty_suffered(const analysis *an, const sentence *se, const mention *ag)
{
    const mention *cas = NULL;
    uint32_t j = ag->last;
    int aux = 0, perfect = 0, passive = 0;
    for (int steps = 0; j < se->last && steps < 4 && !is_casualty(an, j, &cas); steps++, j++) {
        if (!has_wclass(an, j, WC_AUX))
            break;
        aux = 1;
        perfect |= isw(an, j, "has") || isw(an, j, "have") || isw(an, j, "had");
        passive |= isw(an, j, "was") || isw(an, j, "were") || isw(an, j, "been") ||
                   isw(an, j, "is") || isw(an, j, "are") || isw(an, j, "being") ||
                   isw(an, j, "be") || isw(an, j, "got");
    }
    /* "a suicide bomber has killed 40 pilgrims": a perfect, not a passive, so the
     * agent acted (only "has died", "had perished" tell a death) */
    if (cas && perfect && !passive && !isw(an, cas->first, "died") && !isw(an, cas->first, "dead") &&
        !isw(an, cas->first, "perished") && !isw(an, cas->first, "martyred"))
        cas = NULL;
    if (cas && (isw(an, ag->last, "and") || is_punct_tok(an, ag->last, ',')))
        cas = NULL;
    if (cas && !aux) {
        int intransitive = isw(an, cas->first, "dead") || isw(an, cas->first, "died") ||
                           isw(an, cas->first, "dies") || isw(an, cas->first, "perished") ||
                           isw(an, cas->first, "slain") || isw(an, cas->first, "martyred");
        int participle = isw(an, cas->first, "killed") || isw(an, cas->first, "wounded") ||
                         isw(an, cas->first, "injured") || isw(an, cas->first, "hurt") ||
                         isw(an, cas->first, "kidnapped") || isw(an, cas->first, "abducted") ||
                         isw(an, cas->first, "shot") || isw(an, cas->first, "gunned");
        if (!intransitive && !(participle && !object_follows(an, cas->last, se->last)))
            cas = NULL;
    }
    return cas;
}

/* Left of the singular agent at token t: CASUALTY [a|an|the|one]?
 * [modifier]{0,2} AGENT, with an active verb, which alone takes an object
 * ("killed a policeman", not "dead policeman"). The casualty mention, or NULL. */
static const mention *casualty_inflicted(const analysis *an, const sentence *se, uint32_t t)
{
    const mention *cas = NULL;
    uint32_t k = t;
    for (int back = 0; back < 4 && k > se->first; back++) {
        k--;
        const mention *c = mention_covering(an, k, LK_CASUALTY);
        if (c) {
            cas = c;
            break;
        }
        const tok *w = TK(an, k);
        if (isw(an, k, "what") || isw(an, k, "who") || isw(an, k, "whom") || isw(an, k, "which"))
            break;
        if ((w->flags & TOK_PUNCT) || (w->flags & TOK_NUM) || covered_by_any(an, k) ||
            has_wclass(an, k, WC_NOUN_STOP))
            if (!isw(an, k, "a") && !isw(an, k, "an") && !isw(an, k, "the"))
                break;
    }
    if (cas && !has_wclass(an, cas->first, WC_CAS_VERB))
        cas = NULL;
    return cas;
}

/* Is token t inside a clause about an earlier incident: "a day after an
 * Israeli strike killed the commander", "hours after a blast at a market
 * killed 11" (a unit of time, "after", and an indefinite article that
 * introduces another incident, with no punctuation from there to t)? */
static int after_incident(const analysis *an, const sentence *se, uint32_t t)
{
    for (uint32_t k = t; k > se->first + 1 && k + 24 > t; k--) {
        if (TK(an, k - 1)->flags & TOK_PUNCT)
            return 0;
        if (isw(an, k - 1, "after") && has_wclass(an, k - 2, WC_AFTER_INCIDENT) &&
            (isw(an, k, "a") || isw(an, k, "an") || isw(an, k, "another")))
            return 1;
    }
    return 0;
}

/* Append the figure of one victim ag (at token t of sentence s) with casualty
 * word cas. Returns 0, or -1 on arena exhaustion. */
static int add_singular_figure(analysis *an, size_t *cap, size_t s, uint32_t t, const mention *ag,
                               const mention *cas)
{
    figure *f;
    if (append_figure(an, cap, &f) < 0)
        return -1;
    f->kind = (uint8_t)cas->value;
    f->min = 1;
    f->sent = (uint32_t)s;
    f->quoted = (TK(an, t)->flags & TOK_QUOTE) != 0;
    f->nparts = 1;
    f->parts[0].count = 1;
    f->parts[0].who.start = TK(an, ag->first)->start;
    f->parts[0].who.end = TK(an, ag->last - 1)->end;
    f->parts[0].side = ag->kind == LK_AGENT ? lexicon_agent(an->lx, ag->value)->side : SIDE_OTHER;
    if (ag->kind == 0)
        f->parts[0].who.start = f->parts[0].who.end = 0; /* a pronoun names no one */
    uint32_t a = ag->first < cas->first ? ag->first : cas->first;
    uint32_t b = ag->last > cas->last ? ag->last : cas->last;
    f->elsewhere = (uint8_t)after_incident(an, &an->td.sents[s], a);
    f->ev.start = TK(an, a)->start;
    f->ev.end = TK(an, b - 1)->end;
    return 0;
}

/* "one guard was killed and another was injured": the pronoun "another"
 * followed by an auxiliary or a casualty word counts one (not "another
 * attack"). The casualty mention, or NULL. */
static const mention *another_suffered(const analysis *an, const sentence *se, uint32_t t, mention *pron)
{
    if (!isw(an, t, "another") || t + 1 >= se->last ||
        !(has_wclass(an, t + 1, WC_AUX) || mention_starting(an, t + 1, LK_CASUALTY)))
        return NULL;
    pron->first = t;
    pron->last = t + 1;
    pron->kind = 0;
    pron->value = 0;
    return casualty_suffered(an, se, pron);
}

/* Victims named without a number: "a policeman was killed", "Gunmen kill
 * Pakistani policeman", "the suicide bomber died" count one each (a person
 * named by an office also counts: "Shiite leader shot dead"), unless already
 * inside a figure of the sentence (those from first_fig on). */
static int singular_figures(analysis *an, size_t s, size_t *cap, size_t first_fig)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = se->first; t < se->last; t++) {
        mention pron;
        const mention *pc = another_suffered(an, se, t, &pron);
        if (pc && pc->value != CAS_CASUALTIES && pc->value != CAS_NONE) {
            if (add_singular_figure(an, cap, s, t, &pron, pc) < 0)
                return -1;
            continue;
        }
        const mention *ag = mention_starting(an, t, LK_AGENT);
        if (!ag)
            ag = mention_starting(an, t, LK_TITLE);
        if (!ag || !singular_agent(an, ag))
            continue;
        int inside = 0;
        for (size_t k = first_fig; k < an->nfigs; k++)
            if (an->figs[k].ev.start <= TK(an, t)->start && TK(an, t)->start < an->figs[k].ev.end)
                inside = 1;
        if (inside)
            continue;
        const mention *cas = casualty_suffered(an, se, ag);
        if (!cas)
            cas = casualty_inflicted(an, se, t);
        if (!cas || cas->value == CAS_CASUALTIES || cas->value == CAS_NONE)
            continue;
        if (add_singular_figure(an, cap, s, t, ag, cas) < 0)
            return -1;
        t = ag->last - 1;
    }
    return 0;
}

/* After a list element ending at token j: the start of the next element past
 * ",", "and" or ", and", or j itself when no list goes on. */
static uint32_t coordination_next(const analysis *an, uint32_t j, uint32_t end, int noun)
{
    uint32_t k = j;
    /* an element that names people may carry a short "of" phrase: "a member of
     * Lebanon's parliament, ..." (not a bare number: "one of several bombings") */
    if (noun && isw(an, k, "of")) {
        uint32_t m = k + 1;
        while (m < end && m < k + 5 && !(TK(an, m)->flags & TOK_PUNCT) && !isw(an, m, "and"))
            m++;
        if (m < end && (is_punct_tok(an, m, ',') || isw(an, m, "and")))
            k = m;
        else
            return j;
    }
    if (k < end && is_punct_tok(an, k, ','))
        k++;
    if (k < end && isw(an, k, "and"))
        k++;
    return k < end ? k : j;
}

/* Set *q to one person named at tokens [first, last) without a number. */
static void one_person(numq *q, uint32_t first, uint32_t last)
{
    memset(q, 0, sizeof *q);
    q->first = first;
    q->last = last;
    q->value = 1;
    q->max = -1;
}

/* Is the word at token t singular (no final s: "deputy", not "deputies")? */
static int singular_word(const analysis *an, uint32_t t)
{
    const tok *k = TK(an, t);
    return k->fold_len > 0 && tok_fold(&an->td, k)[k->fold_len - 1] != 's';
}

/* One person named without a number, as a list element: [a|an|the|his|her|
 * their|its] [up to three modifiers] and a singular agent or office ("his son",
 * "an anti-Syrian lawmaker", "Pakistani villager"), or a possessive and a
 * leader's word ("his deputy"). Counts one (*who NULL when no noun of the
 * dictionary names the person). */
static int singular_element(const analysis *an, uint32_t t, uint32_t end, numq *q, const mention **who)
{
    /* "his deputy", "her aide": a leader's word after a possessive is a person */
    if ((isw(an, t, "his") || isw(an, t, "her") || isw(an, t, "their")) && t + 1 < end &&
        has_wclass(an, t + 1, WC_LEADER) && !covered_by_any(an, t + 1) && singular_word(an, t + 1)) {
        one_person(q, t, t + 2);
        *who = NULL;
        return 1;
    }
    /* fast reject: no person noun within the next four tokens */
    const uint32_t person = (1u << LK_AGENT) | (1u << LK_TITLE);
    int near = 0;
    for (uint32_t k = t; k < end && k < t + 5 && !near; k++)
        near = (an->kinds_at[k] & person) != 0;
    if (!near)
        return 0;
    uint32_t i = t;
    if (isw(an, i, "a") || isw(an, i, "an") || isw(an, i, "the") || isw(an, i, "his") ||
        isw(an, i, "her") || isw(an, i, "their") || isw(an, i, "its"))
        i++;
    for (int mods = 0; mods <= 3 && i < end; mods++) { /* "a senior Sri Lankan general" */
        const mention *m = mention_starting(an, i, LK_AGENT);
        if (!m)
            m = mention_starting(an, i, LK_TITLE);
        if (m) {
            if (!singular_agent(an, m))
                return 0;
            one_person(q, t, m->last);
            *who = m;
            return 1;
        }
        const tok *k = TK(an, i);
        if (!(k->flags & TOK_WORD) || (covered_by_any(an, i) && !qualifier(an, i)) || has_wclass(an, i, WC_NOUN_STOP) ||
            isw(an, i, "including") || isw(an, i, "among") || isw(an, i, "besides") || isw(an, i, "except"))
            return 0;
        i++;
    }
    return 0;
}

/* "No one was hurt", "no casualties", "escaped unhurt": a stated zero, from
 * the negation phrases of the vocabulary. */
static int negation_figures(analysis *an, size_t s, size_t *cap)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_CONTEXT);
        if (!m || m->value != CTX_NEGATION)
            continue;
        int killed = 0, wounded = 0;
        for (uint32_t k = m->first; k < m->last; k++) {
            if (isw(an, k, "killed") || isw(an, k, "died") || isw(an, k, "dead") ||
                isw(an, k, "deaths") || isw(an, k, "fatalities") || isw(an, k, "life") ||
                isw(an, k, "lives"))
                killed = 1;
            if (isw(an, k, "hurt") || isw(an, k, "injured") || isw(an, k, "injuries") ||
                isw(an, k, "harmed") || isw(an, k, "unhurt") || isw(an, k, "unharmed") ||
                isw(an, k, "wounded"))
                wounded = 1;
            if (isw(an, k, "casualties") || isw(an, k, "casualty"))
                killed = wounded = 1;
        }
        /* "no one was" + a casualty word the phrase did not swallow */
        const mention *c = mention_starting(an, m->last, LK_CASUALTY);
        if (!killed && !wounded && c) {
            killed = c->value == CAS_KILLED;
            wounded = c->value == CAS_WOUNDED;
        }
        /* no one was hurt: then no one was killed either (a weaker zero) */
        int implied_killed = wounded && !killed;
        for (int kind = CAS_KILLED; kind <= CAS_WOUNDED; kind++) {
            if (!(kind == CAS_KILLED ? killed || implied_killed : wounded))
                continue;
            figure *f;
            if (append_figure(an, cap, &f) < 0)
                return -1;
            f->kind = (uint8_t)kind;
            f->min = 0;
            f->implied = kind == CAS_KILLED && implied_killed;
            f->sent = (uint32_t)s;
            f->quoted = (TK(an, t)->flags & TOK_QUOTE) != 0;
            uint32_t last = c && !(killed && wounded) ? c->last : m->last;
            f->ev.start = TK(an, m->first)->start;
            f->ev.end = TK(an, last - 1)->end;
        }
        t = m->last - 1;
    }
    return 0;
}

/* Is the word at token t a plural in -s ("strikes", "attacks"; not "crisis",
 * "unrest")? */
static int plural_noun(const analysis *an, uint32_t t)
{
    const tok *k = TK(an, t);
    const char *f = tok_fold(&an->td, k);
    size_t n = k->fold_len;
    return n >= 3 && f[n - 1] == 's' && f[n - 2] != 's' && f[n - 2] != 'i';
}

/* A singular campaign word between tokens a and b ("the death toll from the
 * Israeli offensive has risen to 67"): the toll is the campaign's. */
static int campaign_between(const analysis *an, uint32_t a, uint32_t b)
{
    for (uint32_t k = a; k < b; k++)
        if (has_wclass(an, k, WC_CAMPAIGN) && !plural_noun(an, k))
            return 1;
    return 0;
}

/* "The two-year civil war has devastated the country and killed more than
 * 100,000": a campaign (not a word for incidents: "bombings have killed 20")
 * as the subject of a perfect "has|have" within eight tokens before the
 * casualty word at token c. */
static int campaign_perfect(const analysis *an, const sentence *se, uint32_t c)
{
    for (uint32_t h = c; h > se->first && h + 8 > c; h--) {
        if (!(isw(an, h - 1, "has") || isw(an, h - 1, "have")))
            continue;
        uint32_t j = h - 1;
        for (int back = 0; back < 3 && j > se->first; back++) {
            j--;
            if (has_wclass(an, j, WC_CAMPAIGN) && !plural_noun(an, j))
                return 1;
        }
        return 0;
    }
    return 0;
}

/* Is the casualty word at token c the verb of a running total: "the
 * crackdown that has killed at least 10", "the unrest, which has left 300
 * dead"? (A relative "that/which has|have [so far|already]" after a word for
 * a campaign of violence.) */
static int running_total(const analysis *an, const sentence *se, uint32_t c)
{
    uint32_t k = c;
    if (k > se->first && (isw(an, k - 1, "already") || isw(an, k - 1, "far")))
        k -= isw(an, k - 1, "far") && k > se->first + 1 && isw(an, k - 2, "so") ? 2 : 1;
    if (campaign_perfect(an, se, c))
        return 1;
    if (k < se->first + 3 || !(isw(an, k - 1, "has") || isw(an, k - 1, "have")) ||
        !(isw(an, k - 2, "that") || isw(an, k - 2, "which")))
        return 0;
    for (uint32_t j = k - 3; j + 3 >= k - 3 && j >= se->first; j--) {
        if (has_wclass(an, j, WC_CAMPAIGN))
            return 1;
        if (j == se->first)
            break;
    }
    return 0;
}

/* Does sentence se count over a stretch of time or at another time than its
 * incident's ("since Thursday", "hours earlier", "previously", "in the past")? */
static int spans_time(const analysis *an, const sentence *se)
{
    for (uint32_t t = se->first; t < se->last; t++)
        if (isw(an, t, "since") || isw(an, t, "earlier") || isw(an, t, "previously") ||
            isw(an, t, "previous") || mention_starting(an, t, LK_PAST))
            return 1;
    return 0;
}

/* A list of counts being read: "two soldiers and two militants", "a
 * policeman and his son". */
typedef struct fig_list {
    numq q[FIG_MAX_PARTS];
    const mention *who[FIG_MAX_PARTS]; /* each count's noun, or NULL */
    int nq;
    uint32_t after;                    /* the token after the list read so far */
    int obj;                           /* the list is the object of a casualty verb ("shot
                                        * and killed A and his guard"): it may name people
                                        * ("Ahmad Karimi") and the attacker ("himself") */
} fig_list;

/* Is token t a token of a chosen place (a gazetteer name, not a person's)? */
static int place_token(const analysis *an, uint32_t t)
{
    return chosen_place_covers(an, t);
}

/* A person named by name, as the object of a casualty verb: [titles] and one
 * to five capitalised words no dictionary knows ("Ahmad Karimi", "commander
 * Ali Raza", "Ahmed Salah al-Obaidi"); not a place ("Kabul"), a weekday, a
 * street ("Ahmad Shah Massoud Street"), a possessive ("Hariri's guard") or an
 * adjective before a noun ("Afghan soldiers"). Counts one. */
static int name_element(const analysis *an, uint32_t t, uint32_t end, numq *q)
{
    uint32_t i = t;
    for (const mention *m; i < end && (m = mention_starting(an, i, LK_TITLE)) != NULL;)
        i = m->last + (is_punct_tok(an, m->last, '.') ? 1 : 0);
    int ncap = 0;
    while (i < end && ncap < 5) {
        const tok *k = TK(an, i);
        if ((k->flags & TOK_WORD) && (k->flags & TOK_CAP) && !covered_by_any(an, i) &&
            !has_wclass(an, i, WC_NOT_NAME | WC_PLACE_STOP) && !place_token(an, i)) {
            if (k->flags & TOK_POSS)
                return 0;
            ncap++;
            i++;
        } else if (ncap && (k->flags & TOK_WORD) && i + 1 < end && (TK(an, i + 1)->flags & TOK_CAP) &&
                   (has_wclass(an, i, WC_PLACE_INNER) || (TK(an, i + 1)->flags & TOK_HYPHEN))) {
            i++; /* "bin", "al-" */
        } else {
            break;
        }
    }
    if (!ncap || (i < end && ((TK(an, i)->flags & TOK_CAP) || mention_starting(an, i, LK_AGENT) ||
                              mention_starting(an, i, LK_TITLE))))
        return 0;
    one_person(q, t, i);
    return 1;
}

/* The attacker as the object of a casualty verb: "killing himself and 3
 * soldiers", "killing 40 personnel and himself". Counts one. */
static int reflexive_element(const analysis *an, uint32_t t, numq *q)
{
    if (!isw(an, t, "himself") && !isw(an, t, "herself"))
        return 0;
    one_person(q, t, t + 1);
    return 1;
}

/* Does the element ending at token j name a speaker ("..., a local official
 * said", "governor Samuel Ortom said") rather than a victim? */
static int speaker_follows(const analysis *an, uint32_t j)
{
    return mention_starting(an, j, LK_REPORT) != NULL;
}

/* After a name ending at token j: past an appositive that describes it (",
 * a member of the provincial council," ", the mayor of Hit,"), to its closing
 * comma; j itself when none follows. */
static uint32_t skip_appositive(const analysis *an, uint32_t j, uint32_t end)
{
    if (!is_punct_tok(an, j, ',') || !(isw(an, j + 1, "a") || isw(an, j + 1, "an") || isw(an, j + 1, "the")))
        return j;
    for (uint32_t k = j + 2; k < end && k < j + 14; k++) {
        if (is_punct_tok(an, k, ','))
            return k;
        if (TK(an, k)->flags & TOK_PUNCT)
            break;
    }
    return end;
}

/* Is the token before t the last of a casualty verb that takes its victims as
 * object ("killed", "shot dead", "beheaded")? */
static int after_casualty_verb(const analysis *an, const sentence *se, uint32_t t)
{
    if (t <= se->first)
        return 0;
    const mention *c = mention_covering(an, t - 1, LK_CASUALTY);
    return c && c->last == t && has_wclass(an, c->first, WC_CAS_VERB) &&
           (c->value == CAS_KILLED || c->value == CAS_WOUNDED || c->value == CAS_KIDNAPPED);
}

/* Start a list at token t of sentence se: a number expression, or one person
 * named without a number followed by another element ("a policeman and his
 * son were killed", "a lawmaker, his son and eight other people"). Returns 1
 * with l's first element read, or 0 with *next the token to try next (a year,
 * a date's day or an amount of money is no figure). person_from: see
 * person_near. */
/* Does an agent or a title cover one of the five tokens from t on (within
 * sentence se)? person_from (NULL: look) is sentence_figures' index of them. */
static inline int person_near(const analysis *an, const sentence *se, uint32_t t, const uint32_t *person_from)
{
    uint32_t near_end = se->last < t + 5 ? se->last : t + 5;
    if (person_from)
        return person_from[t - se->first] < near_end;
    uint32_t nearby = 0;
    for (uint32_t k = t; k < near_end; k++)
        nearby |= an->kinds_at[k];
    return (nearby & ((1u << LK_AGENT) | (1u << LK_TITLE))) != 0;
}

static RULE_INLINE int list_start(const analysis *an, const sentence *se, uint32_t t, const uint32_t *person_from,
                                  fig_list *l, uint32_t *next)
{
    uint32_t end = se->last;
    numq *q = l->q;
    const mention **who = l->who;
    l->obj = after_casualty_verb(an, se, t) && !an->sents[se - an->td.sents].titlecase;
    int num = parse_numq(an, t, end, &q[0]);
    if (!num && l->obj && (reflexive_element(an, t, &q[0]) || name_element(an, t, end, &q[0]))) {
        who[0] = NULL;
        l->after = skip_appositive(an, q[0].last, end);
    } else if (!(l->obj ? parse_numq(an, t, end, &q[0]) : num)) { /* (q[0] as parse_numq left it unless an element was tried) */
        uint32_t j;
        numq probe;
        const mention *pw;
        if (!person_near(an, se, t, person_from) || !singular_element(an, t, end, &q[0], &who[0]) ||
            (j = coordination_next(an, q[0].last, end, 1)) == q[0].last ||
            !(parse_numq(an, j, end, &probe) || singular_element(an, j, end, &probe, &pw)) ||
            speaker_follows(an, q[0].last)) {
            *next = t + 1;
            return 0;
        }
        l->after = q[0].last;
    } else {
        /* a year or a date number is not a figure */
        const tok *nt = TK(an, q[0].first);
        if ((nt->flags & TOK_NUM) && nt->value >= 1900 && nt->value <= 2100 && !q[0].vague) {
            *next = q[0].last;
            return 0;
        }
        if (q[0].first > se->first && (mention_starting(an, q[0].first - 1, LK_MONTH) ||
                                       is_punct_tok(an, q[0].first - 1, '$'))) {
            *next = q[0].last;
            return 0;
        }
        l->after = skip_noun(an, q[0].last, end, &who[0]);
    }
    l->nq = 1;
    return 1;
}

/* Read the list's further elements: "two soldiers and two militants", "six
 * rangers, three policemen", "2 Indian soldiers, Pakistani villager". */
static void list_continue(const analysis *an, uint32_t end, fig_list *l)
{
    while (l->nq < FIG_MAX_PARTS) {
        uint32_t j = coordination_next(an, l->after, end, l->who[l->nq - 1] != NULL);
        if (j == l->after)
            break;
        numq nxt;
        if (parse_numq(an, j, end, &nxt)) {
            l->q[l->nq] = nxt;
            l->after = skip_noun(an, nxt.last, end, &l->who[l->nq]);
        } else if (singular_element(an, j, end, &nxt, &l->who[l->nq])) {
            if (speaker_follows(an, nxt.last))
                break;
            l->q[l->nq] = nxt;
            l->after = nxt.last;
        } else if (l->obj && (reflexive_element(an, j, &nxt) || name_element(an, j, end, &nxt))) {
            if (speaker_follows(an, nxt.last))
                break;
            l->q[l->nq] = nxt;
            l->who[l->nq] = NULL;
            l->after = skip_appositive(an, nxt.last, end);
        } else {
            break;
        }
        l->nq++;
    }
}

/* A passive's second verb: "four people were caught in crossfire near a
 * military base and killed", "two men were abducted and later killed": from
 * the first verb at token j, within 14 tokens and no punctuation, "and"
 * [aux]* and a casualty word that no object follows. Its mention, or NULL. */
static const mention *coordinated_casualty(const analysis *an, uint32_t j, uint32_t end)
{
    if (j >= end || !(TK(an, j)->flags & TOK_WORD) || mention_starting(an, j, LK_CASUALTY))
        return NULL;
    for (uint32_t k = j + 1; k + 1 < end && k < j + 14; k++) {
        if (TK(an, k)->flags & TOK_PUNCT)
            return NULL;
        if (!isw(an, k, "and"))
            continue;
        uint32_t c = k + 1;
        while (c < end && c < k + 3 && has_wclass(an, c, WC_AUX))
            c++;
        const mention *cas = mention_starting(an, c, LK_CASUALTY);
        if (cas && !object_follows(an, cas->last, end))
            return cas;
        return NULL;
    }
    return NULL;
}

/* Right attachment: list [noun] [aux]* CASUALTY; when no dictionary noun
 * follows the last count, up to three plain words may stand for it ("five
 * Kashmiris reported killed", "3 bus passengers killed"). The casualty
 * mention, or NULL. */
static const mention *casualty_after(const analysis *an, uint32_t end, const fig_list *l)
{
    const mention *cas = NULL;
    uint32_t j = l->after;
    int steps = 0, plain = 0;
    /* "31 people, including 23 soldiers, lost their lives": past the aside */
    if (j + 2 < end && (is_punct_tok(an, j, ',') || is_punct_tok(an, j, '-')) &&
        (isw(an, j + 1, "including") || isw(an, j + 1, "among"))) {
        char close = TK(an, j)->punct;
        for (uint32_t k = j + 2; k < end && k < j + 12; k++)
            if (is_punct_tok(an, k, close)) {
                j = k + 1;
                break;
            }
    }
    int passive = 0;
    while (j < end && steps < 6 && !is_casualty(an, j, &cas)) {
        if (has_wclass(an, j, WC_AUX) || mention_starting(an, j, LK_AGENT) || qualifier(an, j)) {
            passive |= isw(an, j, "was") || isw(an, j, "were") || isw(an, j, "been") || isw(an, j, "is") ||
                       isw(an, j, "are") || isw(an, j, "be") || isw(an, j, "being") || isw(an, j, "got");
            j++;
            steps++;
            continue;
        }
        const tok *w = TK(an, j);
        if (!l->who[l->nq - 1] && plain < 3 && steps == plain && (w->flags & TOK_WORD) &&
            !covered_by_any(an, j) && !has_wclass(an, j, WC_NOUN_STOP)) {
            j++;
            steps++;
            plain++;
            continue;
        }
        break;
    }
    if (!cas && passive)
        cas = coordinated_casualty(an, j, end);
    /* "Four gunmen killed 12 people", "one strike killing three": an active
     * verb with its object after it makes the list (with a noun: not "17
     * injured people") its subject */
    if (cas && !passive && (l->who[l->nq - 1] || plain) && has_wclass(an, cas->first, WC_CAS_VERB) && object_follows(an, cas->last, end))
        cas = NULL;
    return cas;
}

/* The verb of a toll whose complement is the number at token q: "(has risen)
 * to", "(stood) at", "(was revised down) to", "is", "was", "reached"; its token,
 * or 0 (*revised set for a verb of change). */
static uint32_t toll_verb(const analysis *an, const sentence *se, uint32_t q, int *revised)
{
    if (q < se->first + 3)
        return 0;
    if (isw(an, q - 1, "to") && (isw(an, q - 2, "down") || isw(an, q - 2, "up")) && isw(an, q - 3, "revised")) {
        *revised = 1;
        return q - 3;
    }
    if ((isw(an, q - 1, "to") || isw(an, q - 1, "at")) &&
        (has_wclass(an, q - 2, WC_REVISE) || isw(an, q - 2, "stood") || isw(an, q - 2, "stands"))) {
        *revised = has_wclass(an, q - 2, WC_REVISE);
        return q - 2;
    }
    if (isw(an, q - 1, "is") || isw(an, q - 1, "was") || isw(an, q - 1, "reached") || isw(an, q - 1, "passed") ||
        isw(an, q - 1, "exceeded") || isw(an, q - 1, "topped") || isw(an, q - 1, "surpassed")) {
        *revised = has_wclass(an, q - 1, WC_REVISE);
        return q - 1;
    }
    return 0;
}

/* "The death toll from Thursday's car bombing in a Beirut suburb has risen to
 * 22", "the death toll from Friday's attacks is at least 131", "the number of
 * people killed in last week's attacks was revised down to 32": a number after
 * a verb of the toll (toll_verb), with the word "toll" or "the number of ...
 * killed" before it in the sentence. The toll's mention, or NULL; *revised is
 * set for a verb of change. */
static const mention *toll_revised_to(const analysis *an, const sentence *se, uint32_t q, int *revised)
{
    int change = 0;
    uint32_t v = toll_verb(an, se, q, &change);
    if (!v)
        return NULL;
    for (uint32_t k = v; k > se->first && k + 20 > q;) {
        k--;
        const mention *m = mention_covering(an, k, LK_CASUALTY);
        if (m && (isw(an, m->last - 1, "toll") ||
                  (m->first >= se->first + 3 && isw(an, m->first - 2, "of") && isw(an, m->first - 3, "number")))) {
            *revised |= change;
            return m;
        }
    }
    return NULL;
}

/* Left attachment: CASUALTY [toll words] list, where the list counts people
 * ("killing 12 people", not "three hours"). The casualty mention, or NULL;
 * *revised is set when a toll word says the count was revised ("the toll
 * rose to"). */
static const mention *casualty_before(const analysis *an, const sentence *se, const fig_list *l, int *revised)
{
    uint32_t end = se->last;
    const mention *cas = NULL;
    uint32_t k = l->q[0].first;
    for (int back = 0; back < 5 && k > se->first; back++) {
        k--;
        const mention *m = mention_covering(an, k, LK_CASUALTY);
        if (m) {
            cas = m;
            break;
        }
        if (!has_wclass(an, k, WC_TOLL))
            break;
        if (has_wclass(an, k, WC_REVISE))
            *revised = 1;
    }
    if (!cas)
        cas = toll_revised_to(an, se, l->q[0].first, revised);
    if (cas) {
        uint32_t a = l->q[l->nq - 1].last;
        const mention *w2;
        uint32_t past_noun = skip_noun(an, a, end, &w2);
        if (!w2 && a < end && !(TK(an, a)->flags & TOK_PUNCT) && !has_wclass(an, a, WC_AFTER_OK) &&
            !mention_starting(an, a, LK_CASUALTY) &&
            (has_wclass(an, a, WC_NOUN_STOP) || covered_by_any(an, a) || !(TK(an, a)->flags & TOK_WORD)))
            cas = NULL;
        (void)past_noun;
    }
    return cas;
}

/* "Five of the dead were soldiers", "two of them were wounded": after the
 * count at token a, the subject of its casualty word, a subset of a toll given
 * elsewhere (not the object: "killing 16 of them" is all of them). */
static int subset_of_dead(const analysis *an, uint32_t a)
{
    return isw(an, a, "of") && (isw(an, a + 1, "the") || isw(an, a + 1, "those") || isw(an, a + 1, "them") ||
                                isw(an, a + 1, "whom"));
}

/* Is the noun at token k the set its incident is one of ("one of several
 * bombings", "one of the attacks")? */
static int one_of(const analysis *an, const sentence *se, uint32_t k)
{
    for (uint32_t j = k; j > se->first + 1 && j + 4 > k; j--)
        if (isw(an, j - 1, "of") && isw(an, j - 2, "one"))
            return 1;
    return 0;
}

/* Does a word for several incidents stand within six tokens of the casualty
 * word cas ("14 killed in attacks", "four bombings killed 110"; not the set
 * the incident is one of: "in one of several bombings")? Its figure may add
 * up more than one incident. */
static int several_incidents(const analysis *an, const sentence *se, const mention *cas)
{
    uint32_t a = cas->first > se->first + 6 ? cas->first - 6 : se->first;
    uint32_t b = cas->last + 6 < se->last ? cas->last + 6 : se->last;
    for (uint32_t k = a; k < b; k++)
        if (has_wclass(an, k, WC_INCIDENTS) && !one_of(an, se, k))
            return 1;
    return 0;
}

/* After a figure ending at token j: does an aside that lists its victims name
 * the attackers among them ("seven people dead, including all five attackers",
 * "seven dead in Jakarta: two civilians and five attackers", "10 killed, among
 * them the bomber")? Then the total counts them already. */
static int attackers_among(const analysis *an, const sentence *se, uint32_t j)
{
    uint32_t k = j;
    while (k < se->last && k < j + 8 && !(TK(an, k)->flags & TOK_PUNCT)) /* "dead in Jakarta:" */
        k++;
    if (is_punct_tok(an, k, ':'))
        k += 1;
    else if (k == j && (is_punct_tok(an, k, ',') || is_punct_tok(an, k, '-') || is_punct_tok(an, k, '(')) &&
             (isw(an, k + 1, "including") || isw(an, k + 1, "among")))
        k += 2;
    else
        return 0;
    for (; k < se->last && k < j + 16; k++) {
        if (((TK(an, k)->flags & TOK_PUNCT) && !is_punct_tok(an, k, ',')) || mention_starting(an, k, LK_CASUALTY))
            return 0;
        const mention *ag = mention_starting(an, k, LK_AGENT);
        const lex_agent *la = ag ? lexicon_agent(an->lx, ag->value) : NULL;
        if (la && la->side == SIDE_HOSTILE && !(has_wclass(an, k, WC_MEMBER) && members_not_hostile(an, ag)))
            return 1;
    }
    return 0;
}

/* "Eight soldiers were killed in the attack, as well as eight assailants":
 * a count added after the casualty word cas, past ", as well as" or ", along
 * with", at the end of the sentence's clause (not the subject of a casualty
 * word of its own: "..., as well as eight wounded"). Appended to l. */
static void as_well_as(const analysis *an, const sentence *se, fig_list *l, const mention *cas)
{
    uint32_t from = cas->last > l->q[l->nq - 1].last ? cas->last : l->q[l->nq - 1].last;
    if (l->nq >= FIG_MAX_PARTS || cas->first < l->q[0].first)
        return;
    for (uint32_t k = from; k + 3 < se->last && k < from + 12; k++) {
        if (mention_starting(an, k, LK_CASUALTY) || ((TK(an, k)->flags & TOK_PUNCT) && !is_punct_tok(an, k, ',')))
            return;
        if (!is_punct_tok(an, k, ','))
            continue;
        uint32_t j = k + 1;
        if (isw(an, j, "as") && isw(an, j + 1, "well") && isw(an, j + 2, "as"))
            j += 3;
        else if (isw(an, j, "along") && isw(an, j + 1, "with"))
            j += 2;
        else
            continue;
        numq q;
        const mention *who;
        if (!parse_numq(an, j, se->last, &q) || q.vague)
            return;
        uint32_t a = skip_noun(an, q.last, se->last, &who);
        if (!who || (a < se->last && !(TK(an, a)->flags & TOK_PUNCT)))
            return;
        l->q[l->nq] = q;
        l->who[l->nq] = who;
        l->nq++;
        l->after = a;
        return;
    }
}

/* Append the figure of list l with casualty word cas in sentence s: the sum
 * of its counts (and of their maxima, both saturating), its breakdown (none
 * for a plain figure), and its marks. A sum above FIGURE_PLAUSIBLE_MAX (of
 * people displaced, FIGURE_PLAUSIBLE_MAX_DISPLACED) is no figure: it is
 * counted in an->implausible_figs (the first one's value in
 * an->implausible_first), not appended. Returns 0, or -1 on arena exhaustion. */
static int add_list_figure(analysis *an, size_t *cap, size_t s, const fig_list *l, const mention *cas, int revised)
{
    const sentence *se = &an->td.sents[s];
    const numq *q = l->q;
    int nq = l->nq;
    int64_t sum = 0, summax = 0;
    int any_max = 0;
    for (int i = 0; i < nq; i++) {
        sum = num_add(sum, q[i].value);
        summax = num_add(summax, q[i].max >= 0 ? q[i].max : q[i].value);
        any_max |= q[i].max >= 0;
    }
    int64_t bound = cas->value == CAS_DISPLACED ? FIGURE_PLAUSIBLE_MAX_DISPLACED : FIGURE_PLAUSIBLE_MAX;
    if (sum > bound || (any_max && summax > bound)) {
        /* "five hundred hundred hundred billion people were killed" is no figure */
        if (an->implausible_figs++ == 0)
            an->implausible_first = any_max && summax > sum ? summax : sum;
        return 0;
    }
    figure *f;
    if (append_figure(an, cap, &f) < 0)
        return -1;
    f->kind = (uint8_t)cas->value;
    f->sent = (uint32_t)s;
    f->spans_time = an->sents[s].spans_time;
    f->revised = (uint8_t)revised;
    f->quoted = (TK(an, q[0].first)->flags & TOK_QUOTE) != 0;
    for (int i = 0; i < nq; i++) {
        if (q[i].approx)
            f->approximate = 1;
        add_part(f, an, &q[i], l->who[i]);
    }
    if (nq == 1 && !l->who[0])
        f->nparts = 0; /* no breakdown for a plain figure */
    f->min = sum;
    if (any_max)
        f->max = summax;
    f->partial = q[0].partial || running_total(an, se, cas->first) || 
                 (nq == 1 && cas->first > q[0].last && subset_of_dead(an, q[0].last)) ||
                 (revised && campaign_between(an, cas->last, q[0].first));
    f->vague = 1;
    for (int i = 0; i < nq; i++)
        f->vague &= q[i].vague;
    f->aggregate = (uint8_t)several_incidents(an, se, cas);
    f->elsewhere = (uint8_t)after_incident(an, se, q[0].first < cas->first ? q[0].first : cas->first);
    f->attackers_in = (uint8_t)(attackers_among(an, se, q[nq - 1].last > cas->last ? q[nq - 1].last : cas->last) ||
                                attackers_among(an, se, l->after));
    if (q[0].first > se->first + 2 && isw(an, q[0].first - 1, "of") && isw(an, q[0].first - 2, "total"))
        f->total = 1;
    uint32_t ev_first = q[0].first < cas->first ? q[0].first : cas->first;
    uint32_t ev_last = q[nq - 1].last > cas->last ? q[nq - 1].last : cas->last;
    f->ev.start = TK(an, ev_first)->start;
    f->ev.end = TK(an, ev_last - 1)->end;
    return 0;
}

/* See extract_int.h: stated zeros, lists of counts attached to a casualty
 * word after or before them, then victims named without a number. */
int sentence_figures(analysis *an, size_t s, size_t *cap)
{
    size_t first_fig = an->nfigs;
    const sentence *se = &an->td.sents[s];
    /* read once for all the sentence's figures (titlecase: by extract_run) */
    an->sents[s].spans_time = (uint8_t)spans_time(an, se);
    if (negation_figures(an, s, cap) < 0)
        return -1;
    uint32_t end = se->last;
    uint32_t t = se->first;
    /* person_from[k - first]: the first token from k on that an agent or
     * title covers (end: none), so that list_start asks "one within five
     * tokens?" at once (a sentence holds at most TEXT_SENT_MAX_TOKENS + 1:
     * else NULL, and it looks) */
    uint32_t from[TEXT_SENT_MAX_TOKENS + 2], *person_from = end - t <= TEXT_SENT_MAX_TOKENS + 1 ? from : NULL;
    const uint32_t person = (1u << LK_AGENT) | (1u << LK_TITLE);
    for (uint32_t k = end, nx = end; person_from && k-- > t;)
        person_from[k - t] = nx = (an->kinds_at[k] & person) ? k : nx;
    while (t < end) {
        fig_list l;
        uint32_t next;
        if (!list_start(an, se, t, person_from, &l, &next)) {
            t = next;
            continue;
        }
        list_continue(an, end, &l);
        int revised = 0;
        const mention *cas = casualty_after(an, end, &l);
        if (!cas)
            cas = casualty_before(an, se, &l, &revised);
        uint32_t list_end = l.q[l.nq - 1].last;
        if (!cas || cas->value == CAS_CASUALTIES || cas->value == CAS_NONE) {
            t = list_end > t ? list_end : t + 1;
            continue;
        }
        as_well_as(an, se, &l, cas);
        list_end = l.q[l.nq - 1].last;
        if (add_list_figure(an, cap, s, &l, cas, revised) < 0)
            return -1;
        t = list_end > cas->last ? list_end : cas->last;
    }
    return singular_figures(an, s, cap, first_fig);
}
