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
        uint32_t nx = cas->last;
        int object_follows = nx < se->last && ((TK(an, nx)->flags & TOK_NUM) || isw(an, nx, "a") ||
                                                isw(an, nx, "an") || isw(an, nx, "the") ||
                                                isw(an, nx, "at") || isw(an, nx, "more") ||
                                                mention_starting(an, nx, LK_AGENT) ||
                                                mention_starting(an, nx, LK_NUMBER) ||
                                                mention_starting(an, nx, LK_HEDGE));
        if (!intransitive && !(participle && !object_follows))
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
        if ((w->flags & TOK_PUNCT) || (w->flags & TOK_NUM) || covered_by_any(an, k) ||
            has_wclass(an, k, WC_NOUN_STOP))
            if (!isw(an, k, "a") && !isw(an, k, "an") && !isw(an, k, "the"))
                break;
    }
    if (cas && !(isw(an, cas->first, "killed") || isw(an, cas->first, "kill") ||
                 isw(an, cas->first, "kills") || isw(an, cas->first, "killing") ||
                 isw(an, cas->first, "wounded") || isw(an, cas->first, "injured") ||
                 isw(an, cas->first, "kidnapped") || isw(an, cas->first, "abducted") ||
                 isw(an, cas->first, "wounding") || isw(an, cas->first, "injuring")))
        cas = NULL;
    return cas;
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
    uint32_t a = ag->first < cas->first ? ag->first : cas->first;
    uint32_t b = ag->last > cas->last ? ag->last : cas->last;
    f->ev.start = TK(an, a)->start;
    f->ev.end = TK(an, b - 1)->end;
    return 0;
}

/* Victims named without a number: "a policeman was killed", "Gunmen kill
 * Pakistani policeman", "the suicide bomber died" count one each (a person
 * named by an office also counts: "Shiite leader shot dead"), unless already
 * inside a figure of the sentence (those from first_fig on). */
static int singular_figures(analysis *an, size_t s, size_t *cap, size_t first_fig)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = se->first; t < se->last; t++) {
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

/* One person named without a number, as a list element: [a|an|the|his|her|
 * their|its] [up to three modifiers] and a singular agent or office ("his son",
 * "an anti-Syrian lawmaker", "Pakistani villager"). Counts one. */
static int singular_element(const analysis *an, uint32_t t, uint32_t end, numq *q, const mention **who)
{
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
            memset(q, 0, sizeof *q);
            q->first = t;
            q->last = m->last;
            q->value = 1;
            q->max = -1;
            *who = m;
            return 1;
        }
        const tok *k = TK(an, i);
        if (!(k->flags & TOK_WORD) || (covered_by_any(an, i) && !qualifier(an, i)) || has_wclass(an, i, WC_NOUN_STOP))
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

/* Is the casualty word at token c the verb of a running total: "the
 * crackdown that has killed at least 10", "the unrest, which has left 300
 * dead"? (A relative "that/which has|have [so far|already]" after a word for
 * a campaign of violence.) */
static int running_total(const analysis *an, const sentence *se, uint32_t c)
{
    uint32_t k = c;
    if (k > se->first && (isw(an, k - 1, "already") || isw(an, k - 1, "far")))
        k -= isw(an, k - 1, "far") && k > se->first + 1 && isw(an, k - 2, "so") ? 2 : 1;
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
} fig_list;

/* Start a list at token t of sentence se: a number expression, or one person
 * named without a number followed by another element ("a policeman and his
 * son were killed", "a lawmaker, his son and eight other people"). Returns 1
 * with l's first element read, or 0 with *next the token to try next (a year,
 * a date's day or an amount of money is no figure). */
static int list_start(const analysis *an, const sentence *se, uint32_t t, fig_list *l, uint32_t *next)
{
    uint32_t end = se->last;
    numq *q = l->q;
    const mention **who = l->who;
    if (!parse_numq(an, t, end, &q[0])) {
        uint32_t j;
        numq probe;
        const mention *pw;
        const uint32_t person = (1u << LK_AGENT) | (1u << LK_TITLE);
        uint32_t nearby = 0;
        for (uint32_t k = t; k < end && k < t + 5; k++)
            nearby |= an->kinds_at[k];
        if (!(nearby & person) || !singular_element(an, t, end, &q[0], &who[0]) ||
            (j = coordination_next(an, q[0].last, end, 1)) == q[0].last ||
            !(parse_numq(an, j, end, &probe) || singular_element(an, j, end, &probe, &pw))) {
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
            l->q[l->nq] = nxt;
            l->after = nxt.last;
        } else {
            break;
        }
        l->nq++;
    }
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
    while (j < end && steps < 6 && !is_casualty(an, j, &cas)) {
        if (has_wclass(an, j, WC_AUX) || mention_starting(an, j, LK_AGENT) || qualifier(an, j)) {
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
    return cas;
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

/* Append the figure of list l with casualty word cas in sentence s: the sum
 * of its counts (and of their maxima), its breakdown (none for a plain
 * figure), and its marks. Returns 0, or -1 on arena exhaustion. */
static int add_list_figure(analysis *an, size_t *cap, size_t s, const fig_list *l, const mention *cas, int revised)
{
    const sentence *se = &an->td.sents[s];
    const numq *q = l->q;
    int nq = l->nq;
    figure *f;
    if (append_figure(an, cap, &f) < 0)
        return -1;
    f->kind = (uint8_t)cas->value;
    f->sent = (uint32_t)s;
    f->spans_time = (uint8_t)spans_time(an, se);
    f->revised = (uint8_t)revised;
    f->quoted = (TK(an, q[0].first)->flags & TOK_QUOTE) != 0;
    int64_t sum = 0;
    int any_max = 0;
    int64_t summax = 0;
    for (int i = 0; i < nq; i++) {
        sum += q[i].value;
        if (q[i].approx)
            f->approximate = 1;
        if (q[i].max >= 0)
            any_max = 1;
        summax += q[i].max >= 0 ? q[i].max : q[i].value;
        add_part(f, an, &q[i], l->who[i]);
    }
    if (nq == 1 && !l->who[0])
        f->nparts = 0; /* no breakdown for a plain figure */
    f->min = sum;
    if (any_max)
        f->max = summax;
    f->partial = q[0].partial || running_total(an, se, cas->first);
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
    if (negation_figures(an, s, cap) < 0)
        return -1;
    const sentence *se = &an->td.sents[s];
    uint32_t end = se->last;
    uint32_t t = se->first;
    while (t < end) {
        fig_list l;
        uint32_t next;
        if (!list_start(an, se, t, &l, &next)) {
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
        if (add_list_figure(an, cap, s, &l, cas, revised) < 0)
            return -1;
        t = list_end > cas->last ? list_end : cas->last;
    }
    return singular_figures(an, s, cap, first_fig);
}
