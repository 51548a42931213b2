/*
 * extract_int.h - what the files of the extract stage share, internal to it:
 * number expressions (numbers.c), casualty figures (figures.c), places
 * (places.c), dates (dates.c), and the headline test of the driver
 * (extract.c), which runs them in order.
 */
#ifndef TACITUS_EXTRACT_INT_H
#define TACITUS_EXTRACT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "extract.h"
#include "rules.h"

/* ------------------------------------------------------------------ */
/* number expressions (numbers.c)                                       */

/* A number expression: "12", "twenty five", "more than 100", "dozens of",
 * "between 5 and 7", "no one". */
typedef struct numq {
    uint32_t first, last;  /* tokens */
    int64_t value;
    int64_t max;           /* -1 none */
    uint8_t approx, gt, vague, partial;
} numq;

/* Number arithmetic saturates at NUM_SATURATED: no count a text can write
 * ("99999999999 billion", "hundred hundred hundred ...", the sum of a list)
 * overflows int64; a saturated count is far above FIGURE_PLAUSIBLE_MAX. */
#define NUM_SATURATED INT64_C(1000000000000000000)

/* a + b for counts in [0, NUM_SATURATED], at most NUM_SATURATED. */
static inline int64_t num_add(int64_t a, int64_t b)
{
    return a >= NUM_SATURATED - b ? NUM_SATURATED : a + b;
}

/* a * b for counts in [0, NUM_SATURATED], at most NUM_SATURATED. */
static inline int64_t num_mul(int64_t a, int64_t b)
{
    if (a == 0 || b == 0)
        return 0;
    return a >= NUM_SATURATED / b ? NUM_SATURATED : a * b;
}

/* The most number words one number is read from ("one hundred and twenty
 * three thousand four hundred and fifty six" has 10): a longer run of number
 * words is no number, and reading it is bounded. */
#define NUM_WORDS_MAX 16

/* A test the rules ask of nearly every token: inline even where the
 * compiler would rather not (its call cost more than the test). */
#if defined(__GNUC__)
#define RULE_INLINE inline __attribute__((always_inline))
#else
#define RULE_INLINE inline
#endif

/* Can a number expression start at token t? No for most tokens: not a
 * number, no number, hedge or vague-quantity word, and none of "a", "an",
 * "between", "no", "nobody", "none". Inline: asked of nearly every token. */
static RULE_INLINE int numq_may_start(const analysis *an, uint32_t t)
{
    const uint32_t numeric_kinds = (1u << LK_HEDGE) | (1u << LK_NUMBER) | (1u << LK_VAGUE);
    if (t >= an->td.ntoks)
        return 0;
    if ((TK(an, t)->flags & TOK_NUM) || (an->kinds_at[t] & numeric_kinds))
        return 1;
    /* the words start with a, b or n: one byte rejects most tokens */
    char f0 = tok_fold(&an->td, TK(an, t))[0];
    return (f0 == 'a' || f0 == 'b' || f0 == 'n') &&
           (isw(an, t, "a") || isw(an, t, "an") || isw(an, t, "between") || isw(an, t, "no") ||
            isw(an, t, "nobody") || isw(an, t, "none"));
}

/* parse_numq where numq_may_start(an, t) holds (numbers.c). */
int parse_numq_at(const analysis *an, uint32_t t, uint32_t end, numq *q);

/* Parse a number expression at token t within [t, end) into *q. Returns 1,
 * or 0 when none starts there (q untouched when numq_may_start says no). Its
 * value and max are at most NUM_SATURATED. */
static RULE_INLINE int parse_numq(const analysis *an, uint32_t t, uint32_t end, numq *q)
{
    return numq_may_start(an, t) && parse_numq_at(an, t, end, q);
}

/* ------------------------------------------------------------------ */
/* the stages of extract_run                                            */

/* Find the figures of sentence s and append them to an->figs (capacity
 * *cap, grown as needed). A figure above FIGURE_PLAUSIBLE_MAX (extract.h) is
 * dropped and counted in an->implausible_figs. Returns 0, or -1 on arena
 * exhaustion. (figures.c) */
int sentence_figures(analysis *an, size_t s, size_t *cap);

/* Find the place mentions of every sentence in the gazetteer, none chosen
 * yet. Returns 0, or -1 on arena exhaustion. (places.c) */
int find_places(analysis *an);

/* Disambiguate every place mention and set the article's country. (places.c) */
void choose_places(analysis *an);

/* Add the places the gazetteer lacks that the text introduces as places,
 * located at a nearby known place. Returns 0, or -1 on arena exhaustion.
 * (places.c) */
int find_unknown_places(analysis *an);

/* Find and resolve the date expressions of every sentence into an->dates.
 * Returns 0, or -1 on arena exhaustion. (dates.c) */
int find_dates(analysis *an);

/* Is sentence s a title-case or upper-case line (a headline)? (extract.c) */
int titlecase_sentence(const analysis *an, size_t s);

#endif
