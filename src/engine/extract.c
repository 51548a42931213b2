/*
 * extract.c - sentence-level facts (see extract.h): number expressions and the
 * casualty figures they make, place mentions and their disambiguation over the
 * whole article, date expressions resolved against the publication date, and
 * per-sentence context markers.
 */
#include "extract.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "wordclass.h"

/* ------------------------------------------------------------------ */
/* calendar                                                             */

/* See extract.h: days since 1970-01-01 (negative before it). */
long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* See extract.h: the inverse of days_from_civil. */
void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

/* See extract.h. 30 for a month outside 1..12. */
int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return (m >= 1 && m <= 12) ? dm[m - 1] : 30;
}

/* See extract.h. Also accepts 'T' or ' ' right after the date (a time follows);
 * callers that want the date alone also check the length. */
int parse_iso_date(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) < 10)
        return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return -1;
        } else if (s[i] < '0' || s[i] > '9') {
            return -1;
        }
    }
    if (s[10] != '\0' && s[10] != 'T' && s[10] != ' ')
        return -1;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    if (*m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return -1;
    return 0;
}

/* Day of week, 0 = Monday. */
static int weekday_of(long days)
{
    long w = (days + 3) % 7; /* 1970-01-01 was a Thursday (3) */
    return (int)(w < 0 ? w + 7 : w);
}

/* ------------------------------------------------------------------ */
/* mention index                                                        */

/* Fill an->mention_at and an->kinds_at from the mentions (with one spare slot
 * past the last token). Returns 0, or -1 on arena exhaustion. */
static int build_cover(analysis *an)
{
    an->mention_at = arena_alloc_raw(an->a, (an->td.ntoks + 1) * sizeof *an->mention_at);
    an->kinds_at = arena_alloc(an->a, (an->td.ntoks + 1) * sizeof *an->kinds_at);
    if (!an->mention_at || !an->kinds_at)
        return -1;
    for (size_t t = 0; t <= an->td.ntoks; t++)
        an->mention_at[t] = -1;
    for (size_t i = 0; i < an->nm; i++)
        for (uint32_t t = an->m[i].first; t < an->m[i].last; t++) {
            if (an->mention_at[t] < 0)
                an->mention_at[t] = (int32_t)i;
            an->kinds_at[t] |= 1u << an->m[i].kind;
        }
    return 0;
}

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

/* 1 when a dictionary mention covers token t (0 past the last token). */
static int covered_by_any(const analysis *an, uint32_t t)
{
    return t < an->td.ntoks && an->mention_at[t] >= 0;
}

/* Token t, unchecked. */
static const tok *T(const analysis *an, uint32_t t) { return &an->td.toks[t]; }

/* is_word(an, t, "literal"): token t folds to the literal (length known at compile time). */
#define is_word(an, t, lit) is_word_n((an), (t), (lit), sizeof(lit) - 1)
/* The function behind is_word; w[0..n) need not be NUL-terminated. */
static int is_word_n(const analysis *an, uint32_t t, const char *w, size_t n)
{
    return t < an->td.ntoks && tok_is_n(&an->td, T(an, t), w, n);
}

/* 1 when token t exists and is the mark p ('"' stands for any quote, '-' for
 * any dash). */
static int is_punct(const analysis *an, uint32_t t, char p)
{
    return t < an->td.ntoks && (T(an, t)->flags & TOK_PUNCT) && T(an, t)->punct == p;
}

/* 1 when token t exists and has any of the word-class bits cls (wordclass.h). */
static int tok_class(const analysis *an, uint32_t t, uint32_t cls)
{
    return t < an->td.ntoks && (T(an, t)->wclass & cls) != 0;
}

/* ------------------------------------------------------------------ */
/* numbers                                                              */

typedef struct numq {
    uint32_t first, last;  /* tokens */
    int64_t value;
    int64_t max;           /* -1 none */
    uint8_t approx, gt, vague, partial;
} numq;

/* Parse a run of number words starting at t ("twenty five", "one hundred and
 * twenty"). Returns the end token, or t when there is none. */
static uint32_t number_words(const analysis *an, uint32_t t, uint32_t end, int64_t *out)
{
    int64_t total = 0, cur = 0;
    uint32_t i = t, last_ok = t;
    int any = 0;
    while (i < end) {
        const mention *m = mention_starting(an, i, LK_NUMBER);
        if (!m) {
            if (any && is_word(an, i, "and") && i + 1 < end && mention_starting(an, i + 1, LK_NUMBER)) {
                i++;
                continue;
            }
            break;
        }
        int64_t v = m->value;
        if (v == 100)
            cur = (cur ? cur : 1) * 100;
        else if (v >= 1000) {
            total += (cur ? cur : 1) * v;
            cur = 0;
        } else
            cur += v;
        any = 1;
        i = m->last;
        last_ok = i;
    }
    *out = total + cur;
    return any ? last_ok : t;
}

/* Parse a number expression at token t within [t, end). */
static int parse_numq(const analysis *an, uint32_t t, uint32_t end, numq *q)
{
    /* fast reject: most tokens start no number expression */
    const uint32_t numeric_kinds = (1u << LK_HEDGE) | (1u << LK_NUMBER) | (1u << LK_VAGUE);
    if (t >= an->td.ntoks ||
        (!(T(an, t)->flags & TOK_NUM) && !(an->kinds_at[t] & numeric_kinds) && !is_word(an, t, "a") &&
         !is_word(an, t, "an") && !is_word(an, t, "between") && !is_word(an, t, "no") &&
         !is_word(an, t, "nobody") && !is_word(an, t, "none")))
        return 0;
    memset(q, 0, sizeof *q);
    q->first = t;
    q->max = -1;
    /* a stated zero: "no one was hurt", "nobody was killed", "none died" */
    if (is_word(an, t, "nobody") || is_word(an, t, "none") ||
        (is_word(an, t, "no") && is_word(an, t + 1, "one"))) {
        q->value = 0;
        q->last = is_word(an, t, "no") ? t + 2 : t + 1;
        if (is_word(an, q->last, "else"))
            q->last++;
        return q->last <= end;
    }
    if (is_word(an, t, "no"))
        return 0;
    /* a range: "between 5 and 7" */
    if (is_word(an, t, "between")) {
        numq lo, hi;
        if (!parse_numq(an, t + 1, end, &lo) || !is_word(an, lo.last, "and") ||
            !parse_numq(an, lo.last + 1, end, &hi) || hi.value < lo.value)
            return 0;
        *q = lo;
        q->first = t;
        q->max = hi.value;
        q->last = hi.last;
        return 1;
    }
    uint32_t i = t;
    const mention *h = mention_starting(an, i, LK_HEDGE);
    int hedge = 0;
    if (h) {
        hedge = h->value;
        i = h->last;
    }
    if (i >= end)
        return 0;
    const tok *tk = T(an, i);
    if (tk->flags & TOK_NUM) {
        if (tk->value < 0)
            return 0;
        q->value = tk->value;
        i++;
        /* "1.5 million", "3 thousand" */
        const mention *mult = i < end ? mention_starting(an, i, LK_NUMBER) : NULL;
        if (mult && mult->value >= 100) {
            q->value *= mult->value;
            i = mult->last;
        }
    } else {
        int64_t v;
        uint32_t e = number_words(an, i, end, &v);
        if (e > i) {
            q->value = v;
            i = e;
        } else if ((is_word(an, i, "a") || is_word(an, i, "an")) && i + 1 < end &&
                   mention_starting(an, i + 1, LK_NUMBER) &&
                   mention_starting(an, i + 1, LK_NUMBER)->value >= 12) {
            /* "a dozen", "a hundred" */
            e = number_words(an, i + 1, end, &v);
            q->value = v;
            i = e;
        } else {
            const mention *vg = mention_starting(an, i, LK_VAGUE);
            if (!vg)
                return 0;
            q->value = vg->value;
            q->vague = 1;
            q->approx = 1;
            i = vg->last;
            if (is_word(an, i, "of"))
                i++;
        }
    }
    if (hedge == HEDGE_GT) {
        q->gt = 1;
        q->value += 1; /* "more than 100" -> at least 101 */
    } else if (hedge == HEDGE_APPROX) {
        q->approx = 1;
    } else if (hedge == HEDGE_MAX) {
        q->max = q->value;
        q->approx = 1;
    }
    /* a range: "5 to 7", "5-7" */
    if (i + 1 < end && (is_word(an, i, "to") || ((T(an, i)->flags & TOK_NUM) && (T(an, i)->flags & TOK_HYPHEN)))) {
        uint32_t j = is_word(an, i, "to") ? i + 1 : i;
        const tok *nx = T(an, j);
        if ((nx->flags & TOK_NUM) && nx->value > q->value && !q->vague) {
            q->max = nx->value;
            i = j + 1;
        }
    }
    /* "at least 10 or more", "100 or so" */
    if (is_word(an, i, "or") && (is_word(an, i + 1, "more") || is_word(an, i + 1, "so"))) {
        if (is_word(an, i + 1, "so"))
            q->approx = 1;
        i += 2;
    }
    q->last = i;
    if (t > 0 && (is_word(an, t - 1, "including") || is_word(an, t - 1, "among")))
        q->partial = 1;
    return 1;
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
        const tok *tk = T(an, i);
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
        f->parts[f->nparts].who.start = T(an, who->first)->start;
        f->parts[f->nparts].who.end = T(an, who->last - 1)->end;
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
    const tok *last = T(an, m->last - 1);
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

/* Victims named without a number: "a policeman was killed", "Gunmen kill
 * Pakistani policeman", "the suicide bomber died" count one each. */
static int singular_figures(analysis *an, size_t s, size_t *cap, size_t first_fig)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = se->first; t < se->last; t++) {
        /* a person named by an office also counts: "Shiite leader shot dead" */
        const mention *ag = mention_starting(an, t, LK_AGENT);
        if (!ag)
            ag = mention_starting(an, t, LK_TITLE);
        if (!ag || !singular_agent(an, ag))
            continue;
        /* not already part of a figure of this sentence */
        int inside = 0;
        for (size_t k = first_fig; k < an->nfigs; k++)
            if (an->figs[k].ev.start <= T(an, t)->start && T(an, t)->start < an->figs[k].ev.end)
                inside = 1;
        if (inside)
            continue;
        const mention *cas = NULL;
        /* right: AGENT [aux]* CASUALTY, where the agent is the one who suffered:
         * a passive ("was killed"), an intransitive ("died", "dead"), or a
         * headline participle ("Soldier killed in attack") -- not "Bomber kills 20" */
        uint32_t j = ag->last;
        int aux = 0, perfect = 0, passive = 0;
        for (int steps = 0; j < se->last && steps < 4 && !is_casualty(an, j, &cas); steps++, j++) {
            if (!tok_class(an, j, WC_AUX))
                break;
            aux = 1;
            perfect |= is_word(an, j, "has") || is_word(an, j, "have") || is_word(an, j, "had");
            passive |= is_word(an, j, "was") || is_word(an, j, "were") || is_word(an, j, "been") ||
                       is_word(an, j, "is") || is_word(an, j, "are") || is_word(an, j, "being") ||
                       is_word(an, j, "be") || is_word(an, j, "got");
        }
        /* "a suicide bomber has killed 40 pilgrims": a perfect, not a passive, so the
         * agent acted (only "has died", "had perished" tell a death) */
        if (cas && perfect && !passive && !is_word(an, cas->first, "died") && !is_word(an, cas->first, "dead") &&
            !is_word(an, cas->first, "perished") && !is_word(an, cas->first, "martyred"))
            cas = NULL;
        if (cas && (is_word(an, ag->last, "and") || is_punct(an, ag->last, ',')))
            cas = NULL;
        if (cas && !aux) {
            int intransitive = is_word(an, cas->first, "dead") || is_word(an, cas->first, "died") ||
                               is_word(an, cas->first, "dies") || is_word(an, cas->first, "perished") ||
                               is_word(an, cas->first, "slain") || is_word(an, cas->first, "martyred");
            int participle = is_word(an, cas->first, "killed") || is_word(an, cas->first, "wounded") ||
                             is_word(an, cas->first, "injured") || is_word(an, cas->first, "hurt") ||
                             is_word(an, cas->first, "kidnapped") || is_word(an, cas->first, "abducted") ||
                             is_word(an, cas->first, "shot") || is_word(an, cas->first, "gunned");
            uint32_t nx = cas->last;
            int object_follows = nx < se->last && ((T(an, nx)->flags & TOK_NUM) || is_word(an, nx, "a") ||
                                                    is_word(an, nx, "an") || is_word(an, nx, "the") ||
                                                    is_word(an, nx, "at") || is_word(an, nx, "more") ||
                                                    mention_starting(an, nx, LK_AGENT) ||
                                                    mention_starting(an, nx, LK_NUMBER) ||
                                                    mention_starting(an, nx, LK_HEDGE));
            if (!intransitive && !(participle && !object_follows))
                cas = NULL;
        }
        /* left: CASUALTY [a|an|the|one]? [modifier]{0,2} AGENT */
        if (!cas) {
            uint32_t k = t;
            for (int back = 0; back < 4 && k > se->first; back++) {
                k--;
                const mention *c = mention_covering(an, k, LK_CASUALTY);
                if (c) {
                    cas = c;
                    break;
                }
                const tok *w = T(an, k);
                if ((w->flags & TOK_PUNCT) || (w->flags & TOK_NUM) || covered_by_any(an, k) ||
                    tok_class(an, k, WC_NOUN_STOP))
                    if (!is_word(an, k, "a") && !is_word(an, k, "an") && !is_word(an, k, "the"))
                        break;
            }
            /* only active verbs take an object: "killed a policeman", not "dead policeman" */
            if (cas && !(is_word(an, cas->first, "killed") || is_word(an, cas->first, "kill") ||
                         is_word(an, cas->first, "kills") || is_word(an, cas->first, "killing") ||
                         is_word(an, cas->first, "wounded") || is_word(an, cas->first, "injured") ||
                         is_word(an, cas->first, "kidnapped") || is_word(an, cas->first, "abducted") ||
                         is_word(an, cas->first, "wounding") || is_word(an, cas->first, "injuring")))
                cas = NULL;
        }
        if (!cas || cas->value == CAS_CASUALTIES || cas->value == CAS_NONE)
            continue;
        figure *f;
        if (append_figure(an, cap, &f) < 0)
            return -1;
        f->kind = (uint8_t)cas->value;
        f->min = 1;
        f->sent = (uint32_t)s;
        f->quoted = (T(an, t)->flags & TOK_QUOTE) != 0;
        f->nparts = 1;
        f->parts[0].count = 1;
        f->parts[0].who.start = T(an, ag->first)->start;
        f->parts[0].who.end = T(an, ag->last - 1)->end;
        f->parts[0].side = ag->kind == LK_AGENT ? lexicon_agent(an->lx, ag->value)->side : SIDE_OTHER;
        uint32_t a = ag->first < cas->first ? ag->first : cas->first;
        uint32_t b = ag->last > cas->last ? ag->last : cas->last;
        f->ev.start = T(an, a)->start;
        f->ev.end = T(an, b - 1)->end;
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
    if (noun && is_word(an, k, "of")) {
        uint32_t m = k + 1;
        while (m < end && m < k + 5 && !(T(an, m)->flags & TOK_PUNCT) && !is_word(an, m, "and"))
            m++;
        if (m < end && (is_punct(an, m, ',') || is_word(an, m, "and")))
            k = m;
        else
            return j;
    }
    if (k < end && is_punct(an, k, ','))
        k++;
    if (k < end && is_word(an, k, "and"))
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
    if (is_word(an, i, "a") || is_word(an, i, "an") || is_word(an, i, "the") || is_word(an, i, "his") ||
        is_word(an, i, "her") || is_word(an, i, "their") || is_word(an, i, "its"))
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
        const tok *k = T(an, i);
        if (!(k->flags & TOK_WORD) || (covered_by_any(an, i) && !qualifier(an, i)) || tok_class(an, i, WC_NOUN_STOP))
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
            if (is_word(an, k, "killed") || is_word(an, k, "died") || is_word(an, k, "dead") ||
                is_word(an, k, "deaths") || is_word(an, k, "fatalities") || is_word(an, k, "life") ||
                is_word(an, k, "lives"))
                killed = 1;
            if (is_word(an, k, "hurt") || is_word(an, k, "injured") || is_word(an, k, "injuries") ||
                is_word(an, k, "harmed") || is_word(an, k, "unhurt") || is_word(an, k, "unharmed") ||
                is_word(an, k, "wounded"))
                wounded = 1;
            if (is_word(an, k, "casualties") || is_word(an, k, "casualty"))
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
            f->quoted = (T(an, t)->flags & TOK_QUOTE) != 0;
            uint32_t last = c && !(killed && wounded) ? c->last : m->last;
            f->ev.start = T(an, m->first)->start;
            f->ev.end = T(an, last - 1)->end;
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
    if (k > se->first && (is_word(an, k - 1, "already") || is_word(an, k - 1, "far")))
        k -= is_word(an, k - 1, "far") && k > se->first + 1 && is_word(an, k - 2, "so") ? 2 : 1;
    if (k < se->first + 3 || !(is_word(an, k - 1, "has") || is_word(an, k - 1, "have")) ||
        !(is_word(an, k - 2, "that") || is_word(an, k - 2, "which")))
        return 0;
    for (uint32_t j = k - 3; j + 3 >= k - 3 && j >= se->first; j--) {
        if (tok_class(an, j, WC_CAMPAIGN))
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
        if (is_word(an, t, "since") || is_word(an, t, "earlier") || is_word(an, t, "previously") ||
            is_word(an, t, "previous") || mention_starting(an, t, LK_PAST))
            return 1;
    return 0;
}

/* Find the figures of sentence s and append them to an->figs. */
static int sentence_figures(analysis *an, size_t s, size_t *cap)
{
    size_t first_fig = an->nfigs;
    if (negation_figures(an, s, cap) < 0)
        return -1;
    const sentence *se = &an->td.sents[s];
    uint32_t end = se->last;
    uint32_t t = se->first;
    while (t < end) {
        numq q[FIG_MAX_PARTS];
        const mention *who[FIG_MAX_PARTS];
        int nq = 0;
        uint32_t after;
        if (!parse_numq(an, t, end, &q[0])) {
            /* a list that starts with one person: "a policeman and his son were
             * killed", "a lawmaker, his son and eight other people" */
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
                t++;
                continue;
            }
            after = q[0].last;
        } else {
            /* a year or a date number is not a figure */
            const tok *nt = T(an, q[0].first);
            if ((nt->flags & TOK_NUM) && nt->value >= 1900 && nt->value <= 2100 && !q[0].vague) {
                t = q[0].last;
                continue;
            }
            if (q[0].first > se->first && (mention_starting(an, q[0].first - 1, LK_MONTH) ||
                                           is_punct(an, q[0].first - 1, '$'))) {
                t = q[0].last;
                continue;
            }
            after = skip_noun(an, q[0].last, end, &who[0]);
        }
        nq = 1;
        /* coordination: "two soldiers and two militants", "six rangers, three
         * policemen", "2 Indian soldiers, Pakistani villager" */
        while (nq < FIG_MAX_PARTS) {
            uint32_t j = coordination_next(an, after, end, who[nq - 1] != NULL);
            if (j == after)
                break;
            numq nxt;
            if (parse_numq(an, j, end, &nxt)) {
                q[nq] = nxt;
                after = skip_noun(an, nxt.last, end, &who[nq]);
            } else if (singular_element(an, j, end, &nxt, &who[nq])) {
                q[nq] = nxt;
                after = nxt.last;
            } else {
                break;
            }
            nq++;
        }
        /* right attachment: figure [noun] [aux]* CASUALTY; when no dictionary
         * noun follows the figure, up to three plain words may stand for it
         * ("five Kashmiris reported killed", "3 bus passengers killed") */
        const mention *cas = NULL;
        uint32_t j = after;
        int steps = 0, plain = 0;
        /* "31 people, including 23 soldiers, lost their lives": past the aside */
        if (j + 2 < end && (is_punct(an, j, ',') || is_punct(an, j, '-')) &&
            (is_word(an, j + 1, "including") || is_word(an, j + 1, "among"))) {
            char close = T(an, j)->punct;
            for (uint32_t k = j + 2; k < end && k < j + 12; k++)
                if (is_punct(an, k, close)) {
                    j = k + 1;
                    break;
                }
        }
        while (j < end && steps < 6 && !is_casualty(an, j, &cas)) {
            if (tok_class(an, j, WC_AUX) || mention_starting(an, j, LK_AGENT) || qualifier(an, j)) {
                j++;
                steps++;
                continue;
            }
            const tok *w = T(an, j);
            if (!who[nq - 1] && plain < 3 && steps == plain && (w->flags & TOK_WORD) &&
                !covered_by_any(an, j) && !tok_class(an, j, WC_NOUN_STOP)) {
                j++;
                steps++;
                plain++;
                continue;
            }
            break;
        }
        int attached = cas != NULL;
        int revised = 0;
        /* left attachment: CASUALTY [toll words] figure */
        if (!attached) {
            uint32_t k = q[0].first;
            for (int back = 0; back < 5 && k > se->first; back++) {
                k--;
                const mention *m = mention_covering(an, k, LK_CASUALTY);
                if (m) {
                    cas = m;
                    break;
                }
                if (!tok_class(an, k, WC_TOLL))
                    break;
                if (tok_class(an, k, WC_REVISE))
                    revised = 1;
            }
            if (cas) {
                /* the figure must count people: "killing 12 people", not "three hours" */
                uint32_t a = q[nq - 1].last;
                const mention *w2;
                uint32_t past_noun = skip_noun(an, a, end, &w2);
                if (!w2 && a < end && !(T(an, a)->flags & TOK_PUNCT) && !tok_class(an, a, WC_AFTER_OK) &&
                    !mention_starting(an, a, LK_CASUALTY) &&
                    (tok_class(an, a, WC_NOUN_STOP) || covered_by_any(an, a) || !(T(an, a)->flags & TOK_WORD)))
                    cas = NULL;
                (void)past_noun;
            }
            attached = cas != NULL;
        }
        if (!attached || cas->value == CAS_CASUALTIES || cas->value == CAS_NONE) {
            t = q[nq - 1].last > t ? q[nq - 1].last : t + 1;
            continue;
        }
        figure *f;
        if (append_figure(an, cap, &f) < 0)
            return -1;
        f->kind = (uint8_t)cas->value;
        f->sent = (uint32_t)s;
        f->spans_time = (uint8_t)spans_time(an, se);
        f->revised = (uint8_t)revised;
        f->quoted = (T(an, q[0].first)->flags & TOK_QUOTE) != 0;
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
            add_part(f, an, &q[i], who[i]);
        }
        if (nq == 1 && !who[0])
            f->nparts = 0; /* no breakdown for a plain figure */
        f->min = sum;
        if (any_max)
            f->max = summax;
        f->partial = q[0].partial || running_total(an, se, cas->first);
        if (q[0].first > se->first + 2 && is_word(an, q[0].first - 1, "of") &&
            is_word(an, q[0].first - 2, "total"))
            f->total = 1;
        uint32_t ev_first = q[0].first < cas->first ? q[0].first : cas->first;
        uint32_t ev_last = q[nq - 1].last > cas->last ? q[nq - 1].last : cas->last;
        f->ev.start = T(an, ev_first)->start;
        f->ev.end = T(an, ev_last - 1)->end;
        t = q[nq - 1].last > cas->last ? q[nq - 1].last : cas->last;
    }
    return singular_figures(an, s, cap, first_fig);
}

/* ------------------------------------------------------------------ */
/* places                                                               */




/* Is sentence s a title-case or upper-case line (a headline)? */
static int titlecase_sentence(const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    int words = 0, caps = 0;
    for (uint32_t t = se->first; t < se->last; t++) {
        const tok *tk = T(an, t);
        if (!(tk->flags & TOK_WORD))
            continue;
        words++;
        if (tk->flags & TOK_CAP)
            caps++;
    }
    return words >= 3 && caps * 10 >= words * 7;
}

/* 1 when the mentions at token t (those starting where the first mention
 * covering it starts) include one that is not an actor name: an event word or a
 * month is no place. Actor names ("Pakistani Taliban") may contain places. */
static int lexicon_blocks_place(const analysis *an, uint32_t t)
{
    if (!covered_by_any(an, t))
        return 0;
    size_t i = (size_t)an->mention_at[t];
    uint32_t first = an->m[i].first;
    for (; i < an->nm && an->m[i].first == first; i++) {
        switch (an->m[i].kind) {
        case LK_ACTOR:
            break;
        default:
            return 1;
        }
    }
    return 0;
}

/* Do the bytes of tokens [first, last) read exactly as alias, ignoring every
 * character that is not a letter or a digit ("U.S." = "U.S", case kept)? */
static int span_equals_exact(const analysis *an, uint32_t first, uint32_t last, const char *alias)
{
    const char *s = an->text + T(an, first)->start, *e = an->text + T(an, last - 1)->end;
    const char *p = alias;
    for (;;) {
        while (s < e && !(((unsigned char)*s >= 0x80) || (*s >= '0' && *s <= '9') ||
                          (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
            s++;
        while (*p && !(((unsigned char)*p >= 0x80) || (*p >= '0' && *p <= '9') ||
                       (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            p++;
        if (s >= e || !*p)
            return s >= e && !*p;
        if (*s++ != *p++)
            return 0;
    }
}

/* Append a place mention (uninitialised) to an->places; NULL on arena exhaustion. */
static place_mention *new_place(analysis *an)
{
    if (an->nplaces == an->places_cap) {
        size_t nc = an->places_cap ? an->places_cap * 2 : 64;
        place_mention *bigger = arena_alloc_raw(an->a, nc * sizeof *bigger);
        if (!bigger)
            return NULL;
        if (an->nplaces)
            memcpy(bigger, an->places, an->nplaces * sizeof *bigger);
        an->places = bigger;
        an->places_cap = nc;
    }
    return &an->places[an->nplaces++];
}

/* Does a word for land ("area", "province", "north", "border", "soil") come
 * within the three tokens from t, before any punctuation? */
static int land_follows(const analysis *an, const sentence *se, uint32_t t)
{
    for (uint32_t k = t; k < se->last && k < t + 3; k++) {
        if (T(an, k)->flags & TOK_PUNCT)
            return 0;
        if (tok_class(an, k, WC_LAND))
            return 1;
    }
    return 0;
}

/* Append a mention of the one place g, named by tokens [first, last) of
 * sentence s, not chosen yet. Returns it, or NULL when the arena is exhausted
 * (new_place may move an->places: earlier pointers into it go stale). */
static place_mention *add_single_place(analysis *an, size_t s, uint32_t first, uint32_t last, const geo_place *g,
                                       int cue)
{
    place_mention *pm = new_place(an);
    if (!pm)
        return NULL;
    memset(pm, 0, sizeof *pm);
    pm->first = first;
    pm->last = last;
    pm->ev.start = T(an, first)->start;
    pm->ev.end = T(an, last - 1)->end;
    if (!(pm->cand = arena_alloc_raw(an->a, sizeof *g)))
        return NULL;
    pm->cand[0] = *g;
    pm->ncand = 1;
    pm->chosen = -1;
    pm->sent = (uint32_t)s;
    pm->cue = (uint8_t)cue;
    return pm;
}

/* Add a place mention for the capital of country cc, named by the word at
 * token t ("Cameroon's capital"), in sentence s. Returns 0 (also when the
 * gazetteer knows no capital), or -1 on arena exhaustion. */
static int capital_mention(analysis *an, size_t s, uint32_t t, const char *cc, int cue)
{
    char key[16];
    int kl = snprintf(key, sizeof key, "~capital %c%c", cc[0] | 0x20, cc[1] | 0x20);
    geo_place cap;
    if (geo_lookup(an->geo, key, (size_t)kl, &cap, 1) == 0)
        return 0;
    cap.flags &= ~GEO_F_ALTNAME; /* named for certain, not through a doubtful spelling */
    return add_single_place(an, s, t, t + 1, &cap, cue) ? 0 : -1;
}

/* Does a place cue stand before token t: "in", "near", "town of" (the place
 * word classes), "on" ("airstrikes on northern Iraq"), maybe with "the" and a
 * direction between ("in the north of", "in southern")? */
static int place_cue_before(const analysis *an, const sentence *se, uint32_t t)
{
    uint32_t k = t;
    for (int steps = 0; steps < 2 && k > se->first; steps++) {
        if (tok_class(an, k - 1, WC_DIRECTION) || is_word(an, k - 1, "the"))
            k--;
        else
            break;
    }
    return k > se->first && (tok_class(an, k - 1, WC_PLACE_CUE) || is_word(an, k - 1, "on"));
}

/* Is the line made of sentences fs..ls a photo caption? It must be a line of
 * its own of at most two sentences (a date like "Oct. 18. 2012" may split
 * one) and either end with the photo's date set off by a comma ("... in
 * Aleppo, October 15, 2012.", "... in Baghdad, 01 Feb 2010"), be repeated
 * word for word on the next line (page templates print captions twice), open
 * with "FILE -", or credit a photo ("AP Photo", "File photo", "Getty
 * Images"). A one-sentence paragraph "The attack took place on October 15,
 * 2012." is not one: no comma before its date. */
static int caption_line(const analysis *an, size_t fs, size_t ls)
{
    const sentence *a = &an->td.sents[fs], *z = &an->td.sents[ls];
    uint32_t first = a->first, e = z->last;
    if (ls - fs > 1 || e <= first + 3 || !(T(an, first)->flags & TOK_LINE_START) || a->start < an->body_off)
        return 0;
    if (is_punct(an, e - 1, '.'))
        e--;
    /* Month [.] Day [,.] Year   |   Day Month Year, after a comma */
    if (e >= first + 4) {
        const tok *y = T(an, e - 1);
        uint32_t k = e - 1, start = 0;
        if ((y->flags & TOK_NUM) && y->value >= 1900 && y->value <= 2100) {
            if (is_punct(an, k - 1, ',') || is_punct(an, k - 1, '.'))
                k--;
            const tok *d = T(an, k - 1);
            uint32_t m = k - 2;
            if (m > first && is_punct(an, m, '.'))
                m--; /* "Dec." */
            if (k >= first + 3 && (d->flags & TOK_NUM) && d->value >= 1 && d->value <= 31 &&
                mention_covering(an, m, LK_MONTH))
                start = an->m[an->mention_at[m]].first;
            else if (k >= first + 3 && mention_covering(an, k - 1, LK_MONTH) && (T(an, k - 2)->flags & TOK_NUM) &&
                     T(an, k - 2)->value >= 1 && T(an, k - 2)->value <= 31)
                start = k - 2;
        }
        if (start > first && is_punct(an, start - 1, ','))
            return 1;
    }
    /* the same line again next */
    size_t nx = ls + 1, nz = nx;
    while (nz + 1 < an->td.nsents && an->td.sents[nz + 1].line == an->td.sents[nx].line)
        nz++;
    if (nx < an->td.nsents) {
        size_t len = z->end - a->start, len2 = an->td.sents[nz].end - an->td.sents[nx].start;
        if (len == len2 && memcmp(an->text + a->start, an->text + an->td.sents[nx].start, len) == 0)
            return 1;
    }
    /* "FILE - Turkish F-16 jets prepare to take off ..." */
    if (is_word(an, first, "file") && (T(an, first)->flags & TOK_ALLCAP) &&
        (is_punct(an, first + 1, '-') || is_punct(an, first + 1, ':')))
        return 1;
    for (uint32_t t = first; t + 1 < e; t++)
        if ((is_word(an, t, "ap") && is_word(an, t + 1, "photo")) ||
            (is_word(an, t, "file") && is_word(an, t + 1, "photo")) ||
            (is_word(an, t, "getty") && is_word(an, t + 1, "images")))
            return 1;
    return 0;
}

/* The surnames of the article: the last word of a run of capitalised words
 * no dictionary knows, inside a sentence ("President Mohamed Morsi" gives
 * "morsi"), as fold hashes into names (at most max); returns the count. A
 * surname met alone later ("Morsi supporters") is the person, not a village
 * of that name. */
static size_t article_surnames(const analysis *an, uint64_t *names, size_t max)
{
    size_t n = 0;
    for (uint32_t t = 1; t < an->td.ntoks && n < max; t++) {
        const tok *p = T(an, t - 1), *k = T(an, t);
        if (!(k->flags & TOK_WORD) || !(k->flags & TOK_CAP) || (k->flags & TOK_ALLCAP) ||
            !(p->flags & TOK_WORD) || !(p->flags & TOK_CAP) || (p->flags & (TOK_POSS | TOK_SENT_START)) ||
            p->sent != k->sent || covered_by_any(an, t - 1) || covered_by_any(an, t) ||
            tok_class(an, t - 1, WC_PLACE_STOP) || tok_class(an, t - 1, WC_PLACE_INNER))
            continue;
        if (t + 1 < an->td.ntoks && (T(an, t + 1)->flags & TOK_CAP) && T(an, t + 1)->sent == k->sent)
            continue; /* a longer run: maybe a place name of several words */
        int dup = 0;
        for (size_t i = 0; i < n && !dup; i++)
            dup = names[i] == k->hash;
        if (!dup)
            names[n++] = k->hash;
    }
    return n;
}

/* Look up capitalised runs of up to five tokens, longest first, in the
 * gazetteer and append each match to an->places with its candidates and its
 * context-only, cue and dateline marks, none chosen yet. Returns 0 (at once when
 * there is no gazetteer), or -1 on arena exhaustion. */
static int find_places(analysis *an)
{
    unsigned maxn = an->geo ? geo_max_tokens(an->geo) : 0;
    if (maxn > 5)
        maxn = 5;
    if (!an->geo)
        return 0;
    char key[512];
    uint64_t surnames[64];
    size_t nsurnames = article_surnames(an, surnames, 64);
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        int headline = titlecase_sentence(an, s);
        uint32_t t = se->first;
        while (t < se->last) {
            const tok *tk = T(an, t);
            if (!(tk->flags & TOK_WORD) || !(tk->flags & (TOK_CAP | TOK_ALLCAP))) {
                t++;
                continue;
            }
            int found = 0;
            for (unsigned n = maxn; n >= 1 && !found; n--) {
                if (t + n > se->last)
                    continue;
                /* tokens must be words; inner ones may be lowercase connectors */
                int ok = 1;
                size_t kl = 0;
                for (uint32_t i = t; i < t + n && ok; i++) {
                    const tok *x = T(an, i);
                    if (!(x->flags & TOK_WORD) && !(x->flags & TOK_NUM))
                        ok = 0;
                    else if (i > t && i + 1 < t + n + 0 && !(x->flags & TOK_CAP) &&
                             !tok_class(an, i, WC_PLACE_INNER))
                        ok = 0;
                    else if (i == t + n - 1 && !(x->flags & (TOK_CAP | TOK_ALLCAP)))
                        ok = 0;
                    if (!ok)
                        break;
                    if (kl + x->fold_len + 2 >= sizeof key) {
                        ok = 0;
                        break;
                    }
                    if (i > t)
                        key[kl++] = ' ';
                    memcpy(key + kl, tok_fold(&an->td, x), x->fold_len);
                    kl += x->fold_len;
                }
                if (!ok || kl < 3)
                    continue;
                if (n == 1 && (tok_class(an, t, WC_PLACE_STOP) || lexicon_blocks_place(an, t)))
                    continue;
                if (n > 1 && lexicon_blocks_place(an, t) && lexicon_blocks_place(an, t + n - 1))
                    continue;
                geo_place cand[12];
                size_t total = geo_lookup(an->geo, key, kl, cand, 12);
                size_t nc = total < 12 ? total : 12;
                /* case-sensitive aliases ("US", not the pronoun "us") must match the text */
                size_t kept = 0;
                for (size_t c = 0; c < nc; c++) {
                    if (cand[c].flags & GEO_F_EXACT_CASE) {
                        const char *alias = geo_exact_alias(an->geo, key, kl, cand[c].id);
                        if (!alias || !span_equals_exact(an, t, t + n, alias))
                            continue;
                    }
                    cand[kept++] = cand[c];
                }
                nc = kept;
                /* no name matches as written: after a place cue ("in", "near", "town
                 * of"), another romanisation of a known name ("Maarat al-Numan" for
                 * "Ma'arrat an Nu'man") by its spelling skeleton */
                int variant = 0;
                if (nc == 0 && n <= 3 && place_cue_before(an, se, t)) {
                    char sk[sizeof key + 2];
                    size_t m = fold_skeleton(key, kl, sk, sizeof sk);
                    if (m > 0) {
                        total = geo_lookup(an->geo, sk, m, cand, 12);
                        nc = total < 12 ? total : 12;
                        variant = nc > 0;
                    }
                }
                if (nc == 0)
                    continue;
                /* a person's surname met alone: "Morsi" after "Mohamed Morsi" */
                if (n == 1 && cand[0].kind == GEO_CITY && !(cand[0].flags & GEO_F_CURATED)) {
                    int surname = 0;
                    for (size_t i = 0; i < nsurnames && !surname; i++)
                        surname = surnames[i] == tk->hash;
                    if (surname)
                        continue;
                }
                /* part of a longer proper name? ("Murtaza Wahab") */
                if (!headline && n == 1 && cand[0].kind == GEO_CITY) {
                    /* a capitalised neighbour that is not a place, a dictionary
                     * word or a generic geographic word ("Border", "Valley") */
                    int prev_cap = t > se->first && !(T(an, t - 1)->flags & TOK_SENT_START) &&
                                   (T(an, t - 1)->flags & TOK_CAP) && (T(an, t - 1)->flags & TOK_WORD) &&
                                   !(T(an, t - 1)->flags & TOK_POSS) && !covered_by_any(an, t - 1) &&
                                   !tok_class(an, t - 1, WC_PLACE_STOP) &&
                                   !(an->nplaces > 0 && an->places[an->nplaces - 1].last == t);
                    int next_cap = t + n < se->last && (T(an, t + n)->flags & TOK_CAP) &&
                                   (T(an, t + n)->flags & TOK_WORD) && !covered_by_any(an, t + n) &&
                                   !tok_class(an, t + n, WC_PLACE_STOP) && !(tk->flags & TOK_POSS);
                    if (prev_cap || next_cap)
                        continue;
                }
                place_mention *pm = new_place(an);
                if (!pm)
                    return -1;
                memset(pm, 0, sizeof *pm);
                pm->first = t;
                pm->last = t + n;
                pm->ev.start = tk->start;
                pm->ev.end = T(an, t + n - 1)->end;
                pm->cand = arena_alloc_raw(an->a, nc * sizeof cand[0]);
                if (!pm->cand)
                    return -1;
                memcpy(pm->cand, cand, nc * sizeof cand[0]);
                pm->ncand = (int)nc;
                pm->chosen = -1;
                pm->sent = (uint32_t)s;
                pm->variant = (uint8_t)variant;
                if (mention_covering(an, t, LK_ACTOR) || (cand[0].flags & GEO_F_DEMONYM) || an->sents[s].caption)
                    pm->context_only = 1;
                /* "Pakistani Taliban", "Pakistani President": adjectives are context */
                for (size_t c = 0; c < nc; c++)
                    if (cand[c].flags & GEO_F_DEMONYM)
                        pm->context_only = 1;
                if (place_cue_before(an, se, t))
                    pm->cue = 1;
                /* "Turkey's F-16 jets", "Pakistan's government": a country as the
                 * owner of something is not where anything happened, unless what
                 * it owns is land ("Pakistan's tribal areas", "Iraq's north");
                 * "Cameroon's capital" is its capital city */
                /* "U.S. drone strike", "India shelling": the country names the attacker
                 * firing from afar ("Pakistan jets hit" may well be at home) */
                if (cand[0].kind == GEO_COUNTRY && !(T(an, t + n - 1)->flags & TOK_POSS) && t + n < se->last &&
                    tok_class(an, t + n, WC_CROSS_FIRE))
                    pm->context_only = 1;
                int capital = 0; /* add the capital's mention once pm is complete */
                if (cand[0].kind == GEO_COUNTRY && (T(an, t + n - 1)->flags & TOK_POSS)) {
                    if (!land_follows(an, se, t + n))
                        pm->context_only = 1;
                    capital = t + n < se->last && is_word(an, t + n, "capital");
                }
                /* a byline ("reports for VOA from Lagos", "our bureau in Bangkok") names
                 * where the reporter is, like a dateline */
                if (t > se->first && (is_word(an, t - 1, "from") || is_word(an, t - 1, "in"))) {
                    for (uint32_t k = se->first; k < se->last; k++)
                        if (is_word(an, k, "reports") || is_word(an, k, "reporting") ||
                            is_word(an, k, "bureau") || is_word(an, k, "correspondent") ||
                            is_word(an, k, "contributed")) {
                            pm->dateline = 1;
                            break;
                        }
                }
                /* dateline: first tokens of the body's first line, followed by a dash or "(" */
                if (tk->start >= an->body_off && (tk->flags & TOK_LINE_START)) {
                    uint32_t k = t + n;
                    if (is_punct(an, k, ',')) {
                        k++;
                        while (k < se->last && (T(an, k)->flags & TOK_WORD) && (T(an, k)->flags & TOK_CAP))
                            k++;
                    }
                    if (is_punct(an, k, '-') || is_punct(an, k, '(') ||
                        ((tk->flags & TOK_ALLCAP) && is_punct(an, t + n, ',')))
                        pm->dateline = 1;
                }
                /* (new_place may move an->places: pm is not used after this) */
                if (capital && capital_mention(an, s, t + n, cand[0].cc, pm->cue) < 0)
                    return -1;
                t += n;
                found = 1;
            }
            if (!found)
                t++;
        }
    }
    return 0;
}

typedef struct cc_vote {
    char cc[3];
    double w;
} cc_vote;

/* Add weight w to country cc's votes in v[0..*nv); past 64 countries a new one
 * is dropped. */
static void vote(cc_vote *v, int *nv, const char *cc, double w)
{
    for (int i = 0; i < *nv; i++)
        if (memcmp(v[i].cc, cc, 2) == 0) {
            v[i].w += w;
            return;
        }
    if (*nv < 64) {
        memcpy(v[*nv].cc, cc, 3);
        v[*nv].w = w;
        (*nv)++;
    }
}

/* The votes country cc has in v[0..nv), 0 when none. */
static double votes_for(const cc_vote *v, int nv, const char *cc)
{
    for (int i = 0; i < nv; i++)
        if (memcmp(v[i].cc, cc, 2) == 0)
            return v[i].w;
    return 0;
}

/* Disambiguate every place mention. Countries named or implied vote (early
 * mentions weigh more); a winner with weight 1 or more is an->top_cc and
 * an->top_country. Each mention then takes its best-scoring candidate, or
 * chosen = -1 when that candidate is too doubtful. */
static void choose_places(analysis *an)
{
    cc_vote v[64];
    int nv = 0;
    for (size_t p = 0; p < an->nplaces; p++) {
        place_mention *pm = &an->places[p];
        double w = pm->sent < 3 ? 3 : 2;
        /* a demonym ("Turkish jets", "Indian shelling") often names who acted,
         * not where: it counts for less than the country's name */
        if (pm->ncand > 0 && (pm->cand[0].flags & GEO_F_DEMONYM))
            w = 1;
        int has_country = 0;
        for (int c = 0; c < pm->ncand; c++)
            if (pm->cand[c].kind == GEO_COUNTRY) {
                vote(v, &nv, pm->cand[c].cc, w);
                has_country = 1;
                break;
            }
        if (has_country)
            continue;
        /* admin areas and cities: a vote for each country, shared */
        int ncc = 0;
        char seen[12][3];
        for (int c = 0; c < pm->ncand && ncc < 12; c++) {
            int dup = 0;
            for (int k = 0; k < ncc; k++)
                if (memcmp(seen[k], pm->cand[c].cc, 2) == 0)
                    dup = 1;
            if (!dup)
                memcpy(seen[ncc++], pm->cand[c].cc, 3);
        }
        int alt = 1; /* every candidate matched only through an alternate name */
        for (int c = 0; c < pm->ncand; c++)
            if (!(pm->cand[c].flags & GEO_F_ALTNAME))
                alt = 0;
        if (alt)
            continue;
        if (ncc == 1)
            vote(v, &nv, seen[0], pm->cand[0].kind != GEO_CITY ? 1.5 : pm->cand[0].population < 20000 ? 0.3 : 1.0);
        else if (pm->ncand > 1 && pm->cand[0].population > 200000 &&
                 pm->cand[0].population > 20 * (pm->cand[1].population + 1))
            vote(v, &nv, pm->cand[0].cc, 1.0);
    }
    int top = -1;
    for (int i = 0; i < nv; i++)
        if (top < 0 || v[i].w > v[top].w)
            top = i;
    an->top_cc[0] = '\0';
    if (top >= 0 && v[top].w >= 1.0)
        memcpy(an->top_cc, v[top].cc, 3);

    /* the admin1 areas the article names (at most 32 distinct are used) */
    const geo_place *adm[32];
    int nadm = 0;
    for (size_t q = 0; q < an->nplaces && nadm < 32; q++) {
        const place_mention *o = &an->places[q];
        if (o->ncand > 0 && o->cand[0].kind == GEO_ADMIN1)
            adm[nadm++] = &o->cand[0];
    }
    for (size_t p = 0; p < an->nplaces; p++) {
        place_mention *pm = &an->places[p];
        double best = -1e9;
        int bi = -1;
        for (int c = 0; c < pm->ncand; c++) {
            const geo_place *g = &pm->cand[c];
            double s = log10((double)g->population + 10.0);
            if (an->top_cc[0] && memcmp(g->cc, an->top_cc, 2) == 0)
                s += 5;
            else if (votes_for(v, nv, g->cc) > 0)
                s += 2.0 + votes_for(v, nv, g->cc) * 0.3;
            if (g->kind == GEO_COUNTRY)
                s += 3;
            else if (g->kind == GEO_ADMIN1)
                s += 1.5;
            if (g->flags & GEO_F_CAPITAL)
                s += 1;
            if (g->flags & GEO_F_ADMIN_SEAT)
                s += 0.5;
            if (g->flags & GEO_F_ALTNAME)
                s -= 1.5;
            if (g->flags & GEO_F_CURATED)
                s += 2;
            /* "Karachi, Pakistan" / "Quetta, Balochistan": the next mention names its area */
            if (p + 1 < an->nplaces && an->places[p + 1].first == pm->last + 1 &&
                is_punct(an, pm->last, ',')) {
                const place_mention *nx = &an->places[p + 1];
                for (int k = 0; k < nx->ncand; k++) {
                    const geo_place *h = &nx->cand[k];
                    if ((h->kind == GEO_COUNTRY && memcmp(h->cc, g->cc, 2) == 0) ||
                        (h->kind == GEO_ADMIN1 && memcmp(h->cc, g->cc, 2) == 0 &&
                         strcmp(h->admin1_code, g->admin1_code) == 0)) {
                        s += 6;
                        break;
                    }
                }
            }
            /* the admin1 named elsewhere in the article */
            if (g->kind != GEO_ADMIN1)
                for (int q = 0; q < nadm; q++)
                    if (memcmp(adm[q]->cc, g->cc, 2) == 0 && strcmp(adm[q]->admin1_code, g->admin1_code) == 0) {
                        s += 2;
                        break;
                    }
            if (s > best) {
                best = s;
                bi = c;
            }
        }
        pm->score = best;
        pm->chosen = bi;
        if (bi < 0)
            continue;
        const geo_place *g = &pm->cand[bi];
        int in_top = an->top_cc[0] && memcmp(g->cc, an->top_cc, 2) == 0;
        int voted = votes_for(v, nv, g->cc) > 0;
        /* a single word known only as an alternate name ("Drug" for Durg,
         * "Hamas" for Hamm) must be in a country the article is about */
        if ((g->flags & GEO_F_ALTNAME) && pm->last - pm->first == 1 && !in_top && !voted) {
            pm->chosen = -1;
            continue;
        }
        /* so must any name matched only by its spelling skeleton */
        if (pm->variant && !in_top && !voted) {
            pm->chosen = -1;
            continue;
        }
        int accept = g->kind == GEO_COUNTRY || g->kind == GEO_ADMIN1 || (g->flags & GEO_F_CURATED) ||
                     (in_top && (g->population >= 1000 || pm->cue)) || g->population >= 100000 ||
                     (pm->cue && g->population >= 5000 && (voted || !an->top_cc[0]));
        if (!accept)
            pm->chosen = -1;
    }
    if (an->top_cc[0]) {
        geo_place c;
        if (geo_country(an->geo, an->top_cc, &c) == 0)
            an->top_country = c.name;
    }
}

/* Is token t the start of an unknown proper name: capitalised, no dictionary
 * word, no known place? Returns the end of the name (at most 3 words, with
 * inner connectors like "al"), or t. */
static uint32_t unknown_name(const analysis *an, const sentence *se, uint32_t t)
{
    uint32_t k = t;
    while (k < se->last && k < t + 4) {
        const tok *w = T(an, k);
        if (!(w->flags & TOK_WORD))
            break;
        if (!(w->flags & TOK_CAP) && !(k > t && tok_class(an, k, WC_PLACE_INNER) && k + 1 < se->last &&
                                       (T(an, k + 1)->flags & TOK_CAP)))
            break;
        if (covered_by_any(an, k) || tok_class(an, k, WC_PLACE_STOP))
            break;
        k++;
    }
    if (k == t)
        return t;
    /* a known place (a rejected match, such as a spelling found only abroad,
     * does not count) */
    for (size_t p = 0; p < an->nplaces; p++)
        if (an->places[p].first < k && an->places[p].last > t && an->places[p].chosen >= 0)
            return t;
    return k;
}

/* The chosen place nearest to token t in sentence s (not context-only), or NULL. */
static const place_mention *anchor_in(const analysis *an, size_t nsorted, size_t s, uint32_t t);

/* The place an unknown place of sentence s (at token t) is located at: the
 * nearest in its sentence, else in the next or the previous one, else a
 * mention of the article's country; NULL when there is none. */
static const place_mention *nearest_anchor(const analysis *an, size_t nsorted, size_t s, uint32_t t)
{
    const place_mention *a = anchor_in(an, nsorted, s, t);
    if (!a && s + 1 < an->td.nsents)
        a = anchor_in(an, nsorted, s + 1, t);
    if (!a && s > 0)
        a = anchor_in(an, nsorted, s - 1, t);
    for (size_t p = 0; !a && an->top_cc[0] && p < nsorted; p++) {
        const place_mention *pm = &an->places[p];
        if (pm->chosen >= 0 && pm->cand[pm->chosen].kind == GEO_COUNTRY &&
            memcmp(pm->cand[pm->chosen].cc, an->top_cc, 2) == 0)
            a = pm;
    }
    return a;
}

static const place_mention *anchor_in(const analysis *an, size_t nsorted, size_t s, uint32_t t)
{
    const place_mention *best = NULL;
    uint32_t bestd = UINT32_MAX;
    /* the first nsorted places are in sentence order: find sentence s by bisection */
    size_t lo = 0, hi = nsorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (an->places[mid].sent < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t p = lo; p < nsorted && an->places[p].sent == s; p++) {
        const place_mention *pm = &an->places[p];
        if (pm->chosen < 0 || (pm->cand[pm->chosen].flags & GEO_F_UNRESOLVED))
            continue;
        uint32_t d = pm->first > t ? pm->first - t : t - pm->first;
        /* prefer a specific anchor: a town over a province over a country */
        d += pm->cand[pm->chosen].kind == GEO_CITY ? 0 : pm->cand[pm->chosen].kind == GEO_COUNTRY ? 30 : 10;
        if (d < bestd) {
            bestd = d;
            best = pm;
        }
    }
    return best;
}

/* Does a distance from a place follow token t: ", [about] N kilometers
 * [north] of" / "from"? */
static int distance_follows(const analysis *an, const sentence *se, uint32_t t)
{
    if (t >= se->last || !is_punct(an, t, ','))
        return 0;
    uint32_t k = t + 1;
    if (k < se->last && (is_word(an, k, "about") || is_word(an, k, "some") || is_word(an, k, "nearly") ||
                         is_word(an, k, "roughly") || is_word(an, k, "around") || is_word(an, k, "approximately")))
        k++;
    if (k >= se->last || !((T(an, k)->flags & TOK_NUM) || mention_starting(an, k, LK_NUMBER)))
        return 0;
    k++;
    if (k >= se->last || !(is_word(an, k, "kilometers") || is_word(an, k, "kilometres") || is_word(an, k, "km") ||
                           is_word(an, k, "miles") || is_word(an, k, "kms")))
        return 0;
    for (uint32_t j = k + 1; j < se->last && j < k + 3; j++)
        if (is_word(an, j, "of") || is_word(an, j, "from"))
            return 1;
    return 0;
}

/* Places the gazetteer lacks, introduced as places by the text: "the town of
 * L'Estere, near Gonaives", "the village of Jangebe in Zamfara state", "in
 * Kibati, about 10 kilometers north of Goma". They are located at the place the
 * sentence anchors them to (a nearby town, the province, the country) and keep
 * their own name. */
static int find_unknown_places(analysis *an)
{
    size_t nsorted = an->nplaces; /* find_places added them in sentence order */
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        for (uint32_t t = se->first; t + 2 < se->last; t++) {
            uint32_t name = 0, end = 0; /* the unknown name's tokens [name, end) */
            if (tok_class(an, t, WC_PLACE_KIND) && is_word(an, t + 1, "of")) {
                name = t + 2;
                end = unknown_name(an, se, name);
            } else if ((T(an, t + 1)->flags & TOK_CAP) &&
                       (is_word(an, t, "in") || is_word(an, t, "near") || is_word(an, t, "at")) &&
                       (end = unknown_name(an, se, t + 1)) > t + 1 && distance_follows(an, se, end)) {
                name = t + 1; /* "in Kibati, about 10 kilometers north of Goma" */
            }
            if (!name || end == name)
                continue;
            const place_mention *anchor = nearest_anchor(an, nsorted, s, t);
            if (!anchor)
                continue;
            geo_place g = anchor->cand[anchor->chosen]; /* its point and areas, the text's name */
            uint32_t start = T(an, name)->start;
            g.name = arena_strndup(an->a, an->text + start, T(an, end - 1)->end - start);
            if (!g.name)
                return -1;
            if (g.kind == GEO_COUNTRY)
                g.admin1 = "";
            uint8_t anchor_kind = g.kind;
            const char *anchor_name = anchor->cand[anchor->chosen].name;
            g.kind = GEO_CITY;
            g.geonameid = 0;
            g.population = 0;
            g.flags = GEO_F_UNRESOLVED;
            place_mention *pm = add_single_place(an, s, name, end, &g, 1);
            if (!pm)
                return -1;
            pm->chosen = 0;
            pm->anchor_kind = anchor_kind;
            pm->anchor_name = anchor_name;
            t = end - 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* dates                                                                */

/* Append *d to an->dates, doubling the array (capacity *cap) when full. Returns
 * 0, or -1 on arena exhaustion. */
static int add_date(analysis *an, size_t *cap, const date_ref *d)
{
    if (an->ndates == *cap) {
        date_ref *bigger = arena_alloc_raw(an->a, *cap * 2 * sizeof *bigger);
        if (!bigger)
            return -1;
        memcpy(bigger, an->dates, an->ndates * sizeof *bigger);
        an->dates = bigger;
        *cap *= 2;
    }
    an->dates[an->ndates++] = *d;
    return 0;
}

/* Make d the single day `days` days after 1970-01-01, at day precision. */
static void set_day(date_ref *d, long days)
{
    civil_from_days(days, &d->y, &d->m, &d->d);
    d->ey = d->y;
    d->em = d->m;
    d->ed = d->d;
    d->precision = DP_DAY;
}

/* Make d the whole month m of year y, at month precision. */
static void set_month(date_ref *d, int y, int m)
{
    d->y = d->ey = y;
    d->m = d->em = m;
    d->d = 1;
    d->ed = days_in_month(y, m);
    d->precision = DP_MONTH;
}

/* Make d the whole year y, at year precision. */
static void set_year(date_ref *d, int y)
{
    d->y = d->ey = y;
    d->m = 1;
    d->d = 1;
    d->em = 12;
    d->ed = 31;
    d->precision = DP_YEAR;
}

/* Find the date expressions of every sentence (weekdays, month names with a day
 * or year, relative time words, "in 2019") and append them to an->dates,
 * resolved against the publication date, which weekdays and time words need;
 * a date ending over a week before it is past. Returns 0, or -1 on arena
 * exhaustion. */
static int find_dates(analysis *an)
{
    size_t cap = 16;
    an->dates = arena_alloc_raw(an->a, cap * sizeof *an->dates);
    if (!an->dates)
        return -1;
    long pub = an->has_pub ? days_from_civil(an->pub_y, an->pub_m, an->pub_d) : 0;
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        for (uint32_t t = se->first; t < se->last; t++) {
            date_ref d;
            memset(&d, 0, sizeof d);
            d.sent = (uint32_t)s;
            uint32_t first = t, last = t + 1;
            const mention *m;
            if ((m = mention_starting(an, t, LK_WEEKDAY)) != NULL) {
                if (!an->has_pub)
                    continue;
                int wd = m->value;
                long back = (weekday_of(pub) - wd + 7) % 7;
                if (t > se->first && is_word(an, t - 1, "last") && back == 0)
                    back = 7;
                if (t > se->first && is_word(an, t - 1, "next"))
                    continue;
                set_day(&d, pub - back);
                if (t > se->first && (is_word(an, t - 1, "late") || is_word(an, t - 1, "early") ||
                                      is_word(an, t - 1, "on") || is_word(an, t - 1, "last")))
                    first = t - 1;
                last = m->last;
                /* "Monday night", "Friday morning" */
            } else if ((m = mention_starting(an, t, LK_MONTH)) != NULL) {
                const tok *mt = T(an, t);
                int strong = (mt->flags & TOK_CAP) != 0;
                if (!strong)
                    continue;
                int month = m->value;
                uint32_t k = m->last;
                if (is_punct(an, k, '.'))
                    k++;
                int day = 0, year = 0;
                if (k < se->last && (T(an, k)->flags & TOK_NUM) && T(an, k)->value >= 1 &&
                    T(an, k)->value <= 31) {
                    day = (int)T(an, k)->value;
                    k++;
                    if (is_punct(an, k, ','))
                        k++;
                    if (k < se->last && (T(an, k)->flags & TOK_NUM) && T(an, k)->value >= 1900 &&
                        T(an, k)->value <= 2100) {
                        year = (int)T(an, k)->value;
                        k++;
                    }
                } else if (k < se->last && (T(an, k)->flags & TOK_NUM) && T(an, k)->value >= 1900 &&
                           T(an, k)->value <= 2100) {
                    year = (int)T(an, k)->value;
                    k++;
                } else if (t > se->first && (T(an, t - 1)->flags & TOK_NUM) &&
                           T(an, t - 1)->value >= 1 && T(an, t - 1)->value <= 31) {
                    day = (int)T(an, t - 1)->value;
                    first = t - 1;
                    if (k < se->last && (T(an, k)->flags & TOK_NUM) && T(an, k)->value >= 1900 &&
                        T(an, k)->value <= 2100) {
                        year = (int)T(an, k)->value;
                        k++;
                    }
                }
                /* "May", "March" alone must be governed by a preposition */
                if (!day && !year && (month == 5 || month == 3) &&
                    !(t > se->first && (is_word(an, t - 1, "in") || is_word(an, t - 1, "since") ||
                                        is_word(an, t - 1, "last") || is_word(an, t - 1, "early") ||
                                        is_word(an, t - 1, "late") || is_word(an, t - 1, "mid"))))
                    continue;
                int unknown_year = 0;
                if (!year) {
                    if (!an->has_pub) {
                        /* no publication date to place it: a day stays unknown; a
                         * month alone ("In March, a bomb...") marks a past incident */
                        if (day)
                            continue;
                        unknown_year = 1;
                        year = 2000; /* placeholder, never written: the date is dropped */
                    } else {
                        year = an->pub_y;
                        if (month > an->pub_m)
                            year--;
                        else if (day && month == an->pub_m && day > an->pub_d + 1)
                            year--;
                    }
                }
                if (day && day <= days_in_month(year, month))
                    set_day(&d, days_from_civil(year, month, day));
                else
                    set_month(&d, year, month);
                if (t > se->first && (is_word(an, t - 1, "in") || is_word(an, t - 1, "on") ||
                                      is_word(an, t - 1, "since") || is_word(an, t - 1, "last")) &&
                    first == t)
                    first = t - 1;
                last = k;
                if (t > se->first && is_word(an, t - 1, "since"))
                    d.past = 1;
                if (unknown_year) {
                    d.past = 1;
                    d.unknown_year = 1;
                }
            } else if ((m = mention_starting(an, t, LK_TIMEWORD)) != NULL) {
                if (!an->has_pub)
                    continue;
                last = m->last;
                switch (m->value) {
                case TW_TODAY: case TW_TONIGHT: case TW_THIS_MORNING:
                    set_day(&d, pub);
                    break;
                case TW_YESTERDAY: case TW_LAST_NIGHT:
                    set_day(&d, pub - 1);
                    break;
                case TW_DAY_BEFORE_YESTERDAY:
                    set_day(&d, pub - 2);
                    break;
                case TW_LAST_WEEK: {
                    long start = pub - weekday_of(pub) - 7;
                    set_day(&d, start);
                    civil_from_days(start + 6, &d.ey, &d.em, &d.ed);
                    d.precision = DP_WEEK;
                    break;
                }
                case TW_THIS_WEEK: {
                    long start = pub - weekday_of(pub);
                    set_day(&d, start);
                    civil_from_days(pub, &d.ey, &d.em, &d.ed);
                    d.precision = DP_WEEK;
                    break;
                }
                case TW_WEEKEND: {
                    long sat = pub - ((weekday_of(pub) - 5 + 7) % 7);
                    set_day(&d, sat);
                    civil_from_days(sat + 1 <= pub ? sat + 1 : sat, &d.ey, &d.em, &d.ed);
                    d.precision = DP_WEEK;
                    break;
                }
                case TW_LAST_MONTH: {
                    int y = an->pub_y, mo = an->pub_m - 1;
                    if (mo == 0) {
                        mo = 12;
                        y--;
                    }
                    set_month(&d, y, mo);
                    break;
                }
                case TW_THIS_MONTH: case TW_EARLIER_THIS_MONTH:
                    set_month(&d, an->pub_y, an->pub_m);
                    if (m->value == TW_EARLIER_THIS_MONTH)
                        d.past = 1;
                    break;
                case TW_LAST_YEAR:
                    set_year(&d, an->pub_y - 1);
                    break;
                case TW_THIS_YEAR: case TW_EARLIER_THIS_YEAR:
                    set_year(&d, an->pub_y);
                    if (m->value == TW_EARLIER_THIS_YEAR)
                        d.past = 1;
                    break;
                case TW_AGO: {
                    /* "three days ago", "two weeks ago" */
                    if (t < se->first + 2)
                        continue;
                    uint32_t u = t - 1;
                    int64_t n = 1;
                    numq q;
                    uint32_t qs = u - 1;
                    while (qs > se->first && !parse_numq(an, qs, u, &q))
                        qs--;
                    if (parse_numq(an, qs, u, &q) && q.last == u)
                        n = q.value;
                    else if (is_word(an, u - 1, "a") || is_word(an, u - 1, "an"))
                        n = 1;
                    else
                        continue;
                    first = qs;
                    if (is_word(an, u, "day") || is_word(an, u, "days"))
                        set_day(&d, pub - n);
                    else if (is_word(an, u, "week") || is_word(an, u, "weeks")) {
                        set_day(&d, pub - 7 * n - 3);
                        civil_from_days(pub - 7 * n + 3, &d.ey, &d.em, &d.ed);
                        d.precision = DP_WEEK;
                    } else if (is_word(an, u, "month") || is_word(an, u, "months")) {
                        int mm = an->pub_m - (int)n, yy = an->pub_y;
                        while (mm <= 0) {
                            mm += 12;
                            yy--;
                        }
                        set_month(&d, yy, mm);
                    } else if (is_word(an, u, "year") || is_word(an, u, "years"))
                        set_year(&d, an->pub_y - (int)n);
                    else
                        continue;
                    break;
                }
                default:
                    continue;
                }
            } else if ((T(an, t)->flags & TOK_NUM) && T(an, t)->value >= 1900 &&
                       T(an, t)->value <= 2100 && t > se->first &&
                       (is_word(an, t - 1, "in") || is_word(an, t - 1, "since")) &&
                       !(t + 1 < se->last && (T(an, t + 1)->flags & TOK_WORD) &&
                         !(T(an, t + 1)->flags & TOK_CAP) && !tok_class(an, t + 1, WC_AFTER_OK))) {
                set_year(&d, (int)T(an, t)->value);
                first = t - 1;
                if (is_word(an, t - 1, "since"))
                    d.past = 1;
            } else {
                continue;
            }
            d.ev.start = T(an, first)->start;
            d.ev.end = T(an, last - 1)->end;
            if (an->has_pub) {
                long end = days_from_civil(d.ey, d.em, d.ed);
                if (end < pub - 7)
                    d.past = 1;
                if (d.precision == DP_YEAR && d.y < an->pub_y)
                    d.past = 1;
            }
            if (add_date(an, &cap, &d) < 0)
                return -1;
            t = last - 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */

/* See extract.h. Places are chosen before unknown places borrow them as
 * anchors, and dates are found before the sentence summaries point at them. */
/* Does the past marker at token past_at belong to another clause than the
 * sentence's own current day ("held a sit-in Monday at the market, which has
 * pushed 275 of last year's 300 sellers out of business")? True when the
 * sentence's date (index date) is a day, not past, stated before the marker,
 * and a clause break (a comma, dash, semicolon, parenthesis, or "which",
 * "who", "whose", "since") stands between them. "Police said Monday the
 * attack last week killed five" keeps its past: no break. */
static int past_in_other_clause(const analysis *an, const sentence *se, int date, uint32_t past_at)
{
    if (date < 0)
        return 0;
    const date_ref *d = &an->dates[date];
    if (d->precision != DP_DAY || d->past || d->assumed)
        return 0;
    uint32_t dt = se->first;
    while (dt < se->last && T(an, dt)->start < d->ev.start)
        dt++;
    if (dt >= past_at)
        return 0;
    for (uint32_t t = dt + 1; t < past_at; t++)
        if (is_punct(an, t, ',') || is_punct(an, t, '-') || is_punct(an, t, ';') || is_punct(an, t, '(') ||
            is_word(an, t, "which") || is_word(an, t, "who") || is_word(an, t, "whose") || is_word(an, t, "since"))
            return 1;
    return 0;
}

int extract_run(analysis *an)
{
    if (build_cover(an) < 0)
        return -1;
    an->sents = arena_alloc(an->a, (an->td.nsents + 1) * sizeof *an->sents);
    size_t fcap = 16;
    an->figs = arena_alloc_raw(an->a, fcap * sizeof *an->figs);
    if (!an->sents || !an->figs)
        return -1;
    for (size_t fs = 0; fs < an->td.nsents;) { /* captions, a line at a time */
        size_t ls = fs;
        while (ls + 1 < an->td.nsents && an->td.sents[ls + 1].line == an->td.sents[fs].line)
            ls++;
        uint8_t cap = (uint8_t)caption_line(an, fs, ls);
        for (size_t k = fs; k <= ls; k++)
            an->sents[k].caption = cap;
        fs = ls + 1;
    }
    if (find_places(an) < 0)
        return -1;
    choose_places(an);
    if (find_unknown_places(an) < 0)
        return -1;
    if (find_dates(an) < 0)
        return -1;
    size_t di = 0;
    int substantial = 0;
    for (size_t s = 0; s < an->td.nsents; s++) {
        sent_info *si = &an->sents[s];
        const sentence *ls = &an->td.sents[s];
        int words = 0;
        for (uint32_t t = ls->first; t < ls->last && substantial < 3 && words < 6; t++)
            if (T(an, t)->flags & TOK_WORD)
                words++;
        /* page residue ("Breaking News") and a repeated headline are not the lead */
        int repeat = s > 0 && ls->end - ls->start == an->td.sents[0].end - an->td.sents[0].start &&
                     memcmp(an->text + ls->start, an->text + an->td.sents[0].start, ls->end - ls->start) == 0;
        if (words >= 6 && !repeat && substantial < 3) {
            si->lead = 1;
            substantial++;
        }
        const sentence *se = &an->td.sents[s];
        si->date = -1;
        si->in_title = an->body_off > 0 && se->start < an->body_off;
        if (si->in_title)
            si->lead = 1;
        if (!an->body_off && s == 0 && an->td.headline_end < an->len &&
            se->end <= an->td.headline_end && titlecase_sentence(an, s))
            si->in_title = 1;
        /* a question reports nothing ("Who is dead?") */
        if (se->last > se->first && is_punct(an, se->last - 1, '?'))
            si->ctx |= 1u << CTX_HYPOTHETICAL;
        uint32_t past_at = UINT32_MAX; /* the first past marker's token */
        for (uint32_t t = se->first; t < se->last; t++) {
            const mention *m = mention_starting(an, t, LK_CONTEXT);
            /* "an attack at a court", "a blast outside the court": the court is
             * where violence happened, not a trial */
            int place_of_law = m && m->value == CTX_LEGAL && t > se->first + 1 &&
                               (is_word(an, t - 1, "at") || is_word(an, t - 1, "outside") ||
                                is_word(an, t - 1, "inside") || is_word(an, t - 1, "near") ||
                                ((is_word(an, t - 1, "the") || is_word(an, t - 1, "a") ||
                                  (T(an, t - 1)->flags & TOK_CAP)) &&
                                 (is_word(an, t - 2, "at") || is_word(an, t - 2, "outside") ||
                                  is_word(an, t - 2, "inside") || is_word(an, t - 2, "near"))));
            if (m && !place_of_law)
                si->ctx |= 1u << m->value;
            if (mention_starting(an, t, LK_PAST) && past_at == UINT32_MAX)
                past_at = t;
        }
        while (di < an->ndates && an->dates[di].sent < s)
            di++;
        for (size_t k = di; k < an->ndates && an->dates[k].sent == s; k++) {
            if (si->date < 0 || an->dates[k].precision < an->dates[si->date].precision)
                si->date = (int)k;
        }
        if (past_at != UINT32_MAX && !past_in_other_clause(an, se, si->date, past_at))
            si->past = 1;
        if (si->date >= 0 && an->dates[si->date].past)
            si->past = 1;
        si->figs_first = (int)an->nfigs;
        if (sentence_figures(an, s, &fcap) < 0)
            return -1;
        si->nfigs = (int)an->nfigs - si->figs_first;
    }
    return 0;
}
