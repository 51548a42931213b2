/*
 * numbers.c - number expressions: digits ("1,200", "1.5 million"), number
 * words ("twenty five", "a dozen"), hedges ("more than 100", "about 20", "up
 * to 7"), ranges ("5 to 7", "between 5 and 7"), ACLED's values for vague
 * words ("dozens", "scores") and stated zeros ("no one", "nobody"). Part of
 * the extract stage (extract_int.h); the figures and the dates read them.
 */
#include <string.h>

#include "extract_int.h"

/* Parse a run of number words starting at t ("twenty five", "one hundred and
 * twenty"). Returns the end token, or t when there is none: also when the run
 * has more than NUM_WORDS_MAX number words ("hundred hundred hundred ..."),
 * which is no number. The value saturates (num_add, num_mul). */
static uint32_t number_words(const analysis *an, uint32_t t, uint32_t end, int64_t *out)
{
    int64_t total = 0, cur = 0;
    uint32_t i = t, last_ok = t;
    int any = 0, words = 0;
    while (i < end) {
        const mention *m = mention_starting(an, i, LK_NUMBER);
        if (!m) {
            if (any && isw(an, i, "and") && i + 1 < end && mention_starting(an, i + 1, LK_NUMBER)) {
                i++;
                continue;
            }
            break;
        }
        if (++words > NUM_WORDS_MAX)
            return t;
        int64_t v = m->value;
        if (v == 100)
            cur = num_mul(cur ? cur : 1, 100);
        else if (v >= 1000) {
            total = num_add(total, num_mul(cur ? cur : 1, v));
            cur = 0;
        } else
            cur = num_add(cur, v);
        any = 1;
        i = m->last;
        last_ok = i;
    }
    *out = num_add(total, cur);
    return any ? last_ok : t;
}

/* See extract_int.h: parse_numq past its fast reject. */
int parse_numq_at(const analysis *an, uint32_t t, uint32_t end, numq *q)
{
    memset(q, 0, sizeof *q);
    q->first = t;
    q->max = -1;
    /* a stated zero: "no one was hurt", "nobody was killed", "none died" */
    if (isw(an, t, "nobody") || isw(an, t, "none") ||
        (isw(an, t, "no") && isw(an, t + 1, "one"))) {
        q->value = 0;
        q->last = isw(an, t, "no") ? t + 2 : t + 1;
        if (isw(an, q->last, "else"))
            q->last++;
        return q->last <= end;
    }
    if (isw(an, t, "no"))
        return 0;
    /* a range: "between 5 and 7" */
    if (isw(an, t, "between")) {
        numq lo, hi;
        if (!parse_numq(an, t + 1, end, &lo) || !isw(an, lo.last, "and") ||
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
    const tok *tk = TK(an, i);
    if (tk->flags & TOK_NUM) {
        if (tk->value < 0)
            return 0;
        q->value = tk->value;
        i++;
        /* "1.5 million", "3 thousand" */
        const mention *mult = i < end ? mention_starting(an, i, LK_NUMBER) : NULL;
        if (mult && mult->value >= 100) {
            q->value = num_mul(q->value, mult->value);
            i = mult->last;
        }
    } else {
        int64_t v;
        uint32_t e = number_words(an, i, end, &v);
        if (e > i) {
            q->value = v;
            i = e;
        } else if ((isw(an, i, "a") || isw(an, i, "an")) && i + 1 < end &&
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
            if (isw(an, i, "of"))
                i++;
        }
    }
    if (hedge == HEDGE_GT) {
        q->gt = 1;
        q->value = num_add(q->value, 1); /* "more than 100" -> at least 101 */
    } else if (hedge == HEDGE_APPROX) {
        q->approx = 1;
    } else if (hedge == HEDGE_MAX) {
        q->max = q->value;
        q->approx = 1;
    }
    /* a range: "5 to 7", "5-7" */
    if (i + 1 < end && (isw(an, i, "to") || ((TK(an, i)->flags & TOK_NUM) && (TK(an, i)->flags & TOK_HYPHEN)))) {
        uint32_t j = isw(an, i, "to") ? i + 1 : i;
        const tok *nx = TK(an, j);
        if ((nx->flags & TOK_NUM) && nx->value > q->value && !q->vague) {
            q->max = nx->value;
            i = j + 1;
        }
    }
    /* "at least 10 or more", "100 or so" */
    if (isw(an, i, "or") && (isw(an, i + 1, "more") || isw(an, i + 1, "so"))) {
        if (isw(an, i + 1, "so"))
            q->approx = 1;
        i += 2;
    }
    q->last = i;
    if (t > 0 && (isw(an, t - 1, "including") || isw(an, t - 1, "among")))
        q->partial = 1;
    return 1;
}
