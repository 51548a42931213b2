/*
 * extract.c - sentence-level facts (see extract.h): the driver of the extract
 * stage, which runs its steps in order (numbers.c, figures.c, places.c,
 * dates.c; extract_int.h), and the per-sentence markers: the mention index,
 * photo captions, the headline and the lead, contexts (accident, sport,
 * trial, statistics, hypothesis), past markers and the sentence's date.
 */
#include "extract.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "extract_int.h"
#include "wordclass.h"

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

/* Is sentence s a title-case or upper-case line (a headline)? */
int titlecase_sentence(const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    int words = 0, caps = 0;
    for (uint32_t t = se->first; t < se->last; t++) {
        const tok *tk = TK(an, t);
        if (!(tk->flags & TOK_WORD))
            continue;
        words++;
        if (tk->flags & TOK_CAP)
            caps++;
    }
    return words >= 3 && caps * 10 >= words * 7;
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
    if (ls - fs > 1 || e <= first + 3 || !(TK(an, first)->flags & TOK_LINE_START) || a->start < an->body_off)
        return 0;
    if (is_punct_tok(an, e - 1, '.'))
        e--;
    /* Month [.] Day [,.] Year   |   Day Month Year, after a comma */
    if (e >= first + 4) {
        const tok *y = TK(an, e - 1);
        uint32_t k = e - 1, start = 0;
        if ((y->flags & TOK_NUM) && y->value >= 1900 && y->value <= 2100) {
            if (is_punct_tok(an, k - 1, ',') || is_punct_tok(an, k - 1, '.'))
                k--;
            const tok *d = TK(an, k - 1);
            uint32_t m = k - 2;
            if (m > first && is_punct_tok(an, m, '.'))
                m--; /* "Dec." */
            if (k >= first + 3 && (d->flags & TOK_NUM) && d->value >= 1 && d->value <= 31 &&
                mention_covering(an, m, LK_MONTH))
                start = an->m[an->mention_at[m]].first;
            else if (k >= first + 3 && mention_covering(an, k - 1, LK_MONTH) && (TK(an, k - 2)->flags & TOK_NUM) &&
                     TK(an, k - 2)->value >= 1 && TK(an, k - 2)->value <= 31)
                start = k - 2;
        }
        if (start > first && is_punct_tok(an, start - 1, ','))
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
    if (isw(an, first, "file") && (TK(an, first)->flags & TOK_ALLCAP) &&
        (is_punct_tok(an, first + 1, '-') || is_punct_tok(an, first + 1, ':')))
        return 1;
    for (uint32_t t = first; t + 1 < e; t++)
        if ((isw(an, t, "ap") && isw(an, t + 1, "photo")) ||
            (isw(an, t, "file") && isw(an, t + 1, "photo")) ||
            (isw(an, t, "getty") && isw(an, t + 1, "images")))
            return 1;
    return 0;
}

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
    while (dt < se->last && TK(an, dt)->start < d->ev.start)
        dt++;
    if (dt >= past_at)
        return 0;
    for (uint32_t t = dt + 1; t < past_at; t++)
        if (is_punct_tok(an, t, ',') || is_punct_tok(an, t, '-') || is_punct_tok(an, t, ';') || is_punct_tok(an, t, '(') ||
            isw(an, t, "which") || isw(an, t, "who") || isw(an, t, "whose") || isw(an, t, "since"))
            return 1;
    return 0;
}

/* Mark the photo captions, a line at a time. */
static void mark_captions(analysis *an)
{
    for (size_t fs = 0; fs < an->td.nsents;) {
        size_t ls = fs;
        while (ls + 1 < an->td.nsents && an->td.sents[ls + 1].line == an->td.sents[fs].line)
            ls++;
        uint8_t cap = (uint8_t)caption_line(an, fs, ls);
        for (size_t k = fs; k <= ls; k++)
            an->sents[k].caption = cap;
        fs = ls + 1;
    }
}

/* Mark sentence s as the headline or the lead: the headline, and the first
 * three substantial sentences (six words or more) that do not repeat the
 * headline (page residue such as "Breaking News" is not the lead); *substantial
 * counts those seen. */
static void mark_lead(analysis *an, size_t s, int *substantial)
{
    sent_info *si = &an->sents[s];
    const sentence *se = &an->td.sents[s];
    int words = 0;
    for (uint32_t t = se->first; t < se->last && *substantial < 3 && words < 6; t++)
        if (TK(an, t)->flags & TOK_WORD)
            words++;
    int repeat = s > 0 && se->end - se->start == an->td.sents[0].end - an->td.sents[0].start &&
                 memcmp(an->text + se->start, an->text + an->td.sents[0].start, se->end - se->start) == 0;
    if (words >= 6 && !repeat && *substantial < 3) {
        si->lead = 1;
        (*substantial)++;
    }
    si->in_title = an->body_off > 0 && se->start < an->body_off;
    if (si->in_title)
        si->lead = 1;
    if (!an->body_off && s == 0 && an->td.headline_end < an->len && se->end <= an->td.headline_end &&
        si->titlecase)
        si->in_title = 1;
}

/* Mark the contexts of sentence s (accident, sport, trial, statistics,
 * hypothesis, negation; a question is hypothetical) and return the token of
 * its first past marker, or UINT32_MAX. "An attack at a court", "a blast
 * outside the court": the court is where violence happened, not a trial. */
static uint32_t mark_contexts(analysis *an, size_t s)
{
    sent_info *si = &an->sents[s];
    const sentence *se = &an->td.sents[s];
    if (se->last > se->first && is_punct_tok(an, se->last - 1, '?'))
        si->ctx |= 1u << CTX_HYPOTHETICAL;
    uint32_t past_at = UINT32_MAX;
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_CONTEXT);
        /* "an attack at a court", "clashes after his conviction", "protests
         * against the verdict", "a grenade attack at a cinema", "a blast
         * outside the stadium": the court, the cinema or the stadium is where
         * the violence happened or why, not a trial, a film or a match the
         * sentence reports */
        int law_aside = m && (m->value == CTX_LEGAL || m->value == CTX_FICTION || m->value == CTX_SPORT) &&
                        t > se->first + 1 &&
                        (has_wclass(an, t - 1, WC_LAW_ASIDE) ||
                         ((has_wclass(an, t - 1, WC_DETERMINER) || isw(an, t - 1, "a") || isw(an, t - 1, "his") ||
                           isw(an, t - 1, "her") || (TK(an, t - 1)->flags & TOK_CAP)) &&
                          has_wclass(an, t - 2, WC_LAW_ASIDE)));
        /* "Ebola health workers killed", "football supporters attacked": a
         * context word that describes the people after it is no context of
         * the sentence, unless they suffered it ("typhoon survivors") */
        const mention *who = m ? mention_starting(an, m->last, LK_AGENT) : NULL;
        int describes = who && !has_wclass(an, who->last - 1, WC_SUFFERER);
        if (m && !law_aside && !describes)
            si->ctx |= 1u << m->value;
        if (mention_starting(an, t, LK_PAST) && past_at == UINT32_MAX)
            past_at = t;
    }
    return past_at;
}

/* Does the past marker at past_at of sentence s stand inside a relative clause
 * set off by commas ("Houthi rebels, who took the capital three years ago,
 * blamed the coalition for the airstrike")? It dates the clause's own
 * happening, not the sentence's; the clause's tokens are recorded in the
 * sentence's past_aside range. */
static int past_in_relative_clause(analysis *an, size_t s, uint32_t past_at)
{
    const sentence *se = &an->td.sents[s];
    uint32_t open = UINT32_MAX;
    for (uint32_t t = past_at; t > se->first + 1; t--) {
        if (is_punct_tok(an, t - 1, ',') || is_punct_tok(an, t - 1, ';'))
            break;
        if ((isw(an, t - 1, "who") || isw(an, t - 1, "which") || isw(an, t - 1, "whose")) &&
            is_punct_tok(an, t - 2, ','))
            open = t - 1;
    }
    if (open == UINT32_MAX)
        return 0;
    for (uint32_t t = past_at + 1; t < se->last; t++)
        if (is_punct_tok(an, t, ',')) {
            an->sents[s].past_aside_first = open; /* its violence is history too */
            an->sents[s].past_aside_last = t;
            return 1;
        }
    return 0;
}

/* Point sentence s at its most precise date (*di walks an->dates, which are
 * in sentence order) and mark it past when a past marker governs it or its
 * date is past. */
static void mark_date_and_past(analysis *an, size_t s, size_t *di, uint32_t past_at)
{
    sent_info *si = &an->sents[s];
    const sentence *se = &an->td.sents[s];
    while (*di < an->ndates && an->dates[*di].sent < s)
        (*di)++;
    for (size_t k = *di; k < an->ndates && an->dates[k].sent == s; k++) {
        if (si->date < 0 || an->dates[k].precision < an->dates[si->date].precision)
            si->date = (int)k;
    }
    if (past_at != UINT32_MAX && !past_in_other_clause(an, se, si->date, past_at) &&
        !past_in_relative_clause(an, s, past_at))
        si->past = 1;
    if (si->date >= 0 && an->dates[si->date].past)
        si->past = 1;
}

/* Without a publication date, a date told only to the year ("in 2004") is
 * history: a report dates its own incident to the day or the month. When the
 * text dates something to the day with its year (a photo caption's "July 11,
 * 2011"), a year before that day is history too, and one that reaches it is
 * not. */
static void mark_coarse_dates_past(analysis *an)
{
    if (an->has_pub)
        return;
    long latest = -1;
    for (size_t k = 0; k < an->ndates; k++) {
        const date_ref *d = &an->dates[k];
        if (d->precision == DP_DAY && !d->unknown_year && d->y > 0)
            if (days_from_civil(d->y, d->m, d->d) > latest)
                latest = days_from_civil(d->y, d->m, d->d);
    }
    for (size_t k = 0; k < an->ndates; k++) {
        date_ref *d = &an->dates[k];
        if (d->precision != DP_YEAR || d->unknown_year || d->y <= 0)
            continue;
        if (latest < 0 || days_from_civil(d->ey, d->em, d->ed) < latest)
            d->past = 1;
    }
}

/* Build an->chosen_cover and an->chosen_end from the chosen place mentions.
 * Returns 0, or -1 on arena exhaustion. */
static int index_chosen_places(analysis *an)
{
    an->chosen_cover = arena_alloc(an->a, an->td.ntoks + 1);
    an->chosen_end = arena_alloc(an->a, (an->td.ntoks + 1) * sizeof *an->chosen_end);
    if (!an->chosen_cover || !an->chosen_end)
        return -1;
    for (size_t p = 0; p < an->nplaces; p++) {
        const place_mention *pm = &an->places[p];
        if (pm->chosen < 0)
            continue;
        for (uint32_t t = pm->first; t < pm->last; t++)
            an->chosen_cover[t] = 1;
        if (!an->chosen_end[pm->first] || pm->last < an->chosen_end[pm->first])
            an->chosen_end[pm->first] = pm->last;
    }
    return 0;
}

/* See extract.h. Captions are marked before places (their places only give
 * context); places are chosen before unknown places borrow them as anchors;
 * dates are found before the sentence summaries point at them; each
 * sentence's figures come last. */
int extract_run(analysis *an)
{
    if (build_cover(an) < 0)
        return -1;
    an->sents = arena_alloc(an->a, (an->td.nsents + 1) * sizeof *an->sents);
    size_t fcap = 16;
    an->figs = arena_alloc_raw(an->a, fcap * sizeof *an->figs);
    if (!an->sents || !an->figs)
        return -1;
    for (size_t s = 0; s < an->td.nsents; s++) /* (read by places, leads and figures) */
        an->sents[s].titlecase = (uint8_t)titlecase_sentence(an, s);
    mark_captions(an);
    if (find_places(an) < 0)
        return -1;
    choose_places(an);
    if (find_unknown_places(an) < 0)
        return -1;
    if (index_chosen_places(an) < 0 || find_dates(an) < 0)
        return -1;
    mark_coarse_dates_past(an);
    size_t di = 0;
    int substantial = 0;
    for (size_t s = 0; s < an->td.nsents; s++) {
        sent_info *si = &an->sents[s];
        mark_lead(an, s, &substantial);
        si->date = -1;
        uint32_t past_at = mark_contexts(an, s);
        mark_date_and_past(an, s, &di, past_at);
        si->figs_first = (int)an->nfigs;
        if (sentence_figures(an, s, &fcap) < 0)
            return -1;
        si->nfigs = (int)an->nfigs - si->figs_first;
    }
    if (an->td.nsplit && analysis_warn(an, "%zu run(s) of %d words without a sentence end split into sentences",
                                       an->td.nsplit, TEXT_SENT_MAX_TOKENS) < 0)
        return -1;
    if (an->implausible_figs &&
        analysis_warn(an, "%zu figure(s) dropped as implausible, above %lld people (%lld displaced): the first %s%lld",
                      an->implausible_figs, (long long)FIGURE_PLAUSIBLE_MAX, (long long)FIGURE_PLAUSIBLE_MAX_DISPLACED,
                      an->implausible_first >= NUM_SATURATED ? "at least " : "",
                      (long long)an->implausible_first) < 0)
        return -1;
    return 0;
}

/* See extract.h. */
int chosen_place_covers(const analysis *an, uint32_t t)
{
    return t < an->td.ntoks && an->chosen_cover[t];
}

/* See extract.h. */
int chosen_place_within(const analysis *an, uint32_t a, uint32_t b)
{
    for (uint32_t t = a; t < b && t < an->td.ntoks; t++)
        if (an->chosen_end[t] && an->chosen_end[t] <= b)
            return 1;
    return 0;
}

/* See extract.h. */
size_t bisect_u32(const void *base, size_t size, size_t off, size_t lo, size_t hi, uint32_t key)
{
    const unsigned char *b = base;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t v;
        memcpy(&v, b + mid * size + off, sizeof v);
        if (v < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* See extract.h. */
int analysis_warn(analysis *an, const char *fmt, ...)
{
    char buf[240];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < an->nwarnings; i++)
        if (strcmp(an->warnings[i], buf) == 0)
            return 0;
    if (an->nwarnings == ANALYSIS_MAX_WARNINGS)
        return 0;
    const char *w = arena_strndup(an->a, buf, strlen(buf));
    if (!w)
        return -1;
    an->warnings[an->nwarnings++] = w;
    return 0;
}
