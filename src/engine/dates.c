/*
 * dates.c - dates: the calendar arithmetic the engine shares (extract.h), and
 * the date expressions of each sentence (weekdays, month names with a day or
 * a year, relative time words, "three days ago", "in 2019") resolved against
 * the publication date, each marked past when it ends over a week before it.
 * Part of the extract stage (extract_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "extract_int.h"
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
/* date expressions                                                     */

/* What find_dates notes of each date beside its date_ref, one byte each. */
enum date_note {
    DN_STATEMENT = 1, /* the date of a reporting verb ("officials said on Wednesday") */
    DN_PENDING = 2,   /* no year and no publication date: the year of the nearest dated expression */
};

/* The dates found so far and their notes (find_dates' working state). */
typedef struct date_list {
    uint8_t *notes;   /* per date: bit set of enum date_note */
    size_t cap;       /* capacity of an->dates and notes */
} date_list;

/* Append *d with its notes to an->dates, doubling both arrays when full.
 * Returns 0, or -1 on arena exhaustion. */
static int add_date(analysis *an, date_list *dl, const date_ref *d, uint8_t notes)
{
    if (an->ndates == dl->cap) {
        date_ref *bigger = arena_alloc_raw(an->a, dl->cap * 2 * sizeof *bigger);
        uint8_t *more = arena_alloc_raw(an->a, dl->cap * 2);
        if (!bigger || !more)
            return -1;
        memcpy(bigger, an->dates, an->ndates * sizeof *bigger);
        memcpy(more, dl->notes, an->ndates);
        an->dates = bigger;
        dl->notes = more;
        dl->cap *= 2;
    }
    dl->notes[an->ndates] = notes;
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

/* Make d the days a..b (a <= b): day precision for one day or a night that
 * spans two ("the night of 3-4 March"), week for up to a week ("between 1
 * and 3 March"), month beyond. */
static void set_span(date_ref *d, long a, long b)
{
    set_day(d, a);
    civil_from_days(b, &d->ey, &d->em, &d->ed);
    d->precision = b - a <= 1 ? DP_DAY : b - a <= 7 ? DP_WEEK : DP_MONTH;
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

/* The year a month named without one is given while no publication date
 * places it; find_dates replaces it with the year of the nearest dated
 * expression, or drops the date. */
#define PENDING_YEAR 2000

/* A date expression being read at token t of sentence se: the date and the
 * tokens [first, last) it spans. */
typedef struct date_read {
    const analysis *an;
    const sentence *se;
    uint32_t t;
    long pub;             /* the publication day (days since 1970-01-01), 0 when none */
    long anchor_first, anchor_last; /* the day the text last named (a night: its two days) ... */
    int has_anchor;       /* ... when it named one */
    date_ref d;
    uint32_t first, last;
    uint8_t pending;      /* no year and no publication date: d's year is PENDING_YEAR */
} date_read;

/* Is token k+1 written right after token k with the one character c between
 * them ("2024-03", "03/14")? */
static int joined_by(const analysis *an, uint32_t k, char c)
{
    if (k + 1 >= an->td.ntoks)
        return 0;
    const tok *a = TK(an, k), *b = TK(an, k + 1);
    return b->start == a->end + 1 && an->text[a->end] == c;
}

/* The number of characters token k is written in. */
static uint32_t tok_len(const analysis *an, uint32_t k)
{
    return TK(an, k)->end - TK(an, k)->start;
}

/* The day of the month token k of sentence se writes, or 0: a number of one
 * or two digits from 1 to 31 ("3", "03"), or one with an ordinal suffix
 * ("3rd", "21st"). "1,200" and "2024" are no days. */
static int day_at(const analysis *an, const sentence *se, uint32_t k)
{
    if (k < se->first || k >= se->last)
        return 0;
    const tok *tk = TK(an, k);
    if (tk->flags & TOK_NUM)
        return tok_len(an, k) <= 2 && tk->value >= 1 && tk->value <= 31 ? (int)tk->value : 0;
    if (!(tk->flags & TOK_WORD) || tk->fold_len < 3 || tk->fold_len > 4)
        return 0;
    const char *f = an->td.folded + tk->fold_off;
    size_t nd = 0;
    int v = 0;
    while (nd < 2 && f[nd] >= '0' && f[nd] <= '9')
        v = v * 10 + (f[nd++] - '0');
    if (nd == 0 || nd + 2 != tk->fold_len)
        return 0;
    const char *sfx = f + nd;
    if (memcmp(sfx, "st", 2) != 0 && memcmp(sfx, "nd", 2) != 0 && memcmp(sfx, "rd", 2) != 0 &&
        memcmp(sfx, "th", 2) != 0)
        return 0;
    return v >= 1 && v <= 31 ? v : 0;
}

/* Is token k of sentence se a year: four digits from 1900 to 2100 ("1,950"
 * is a count)? */
static int year_number(const analysis *an, const sentence *se, uint32_t k)
{
    return k >= se->first && k < se->last && (TK(an, k)->flags & TOK_NUM) && tok_len(an, k) == 4 &&
           TK(an, k)->value >= 1900 && TK(an, k)->value <= 2100;
}

/* The part of a period token k names: 1 "early", 2 "mid", 3 "late", or 0.
 * Three words with three meanings, so the rule names them. */
static int period_part(const analysis *an, const sentence *se, uint32_t k)
{
    if (k < se->first || k >= se->last)
        return 0;
    return isw(an, k, "early") ? 1 : isw(an, k, "mid") ? 2 : isw(an, k, "late") ? 3 : 0;
}

/* Does token k name a part of a day ("(Monday) night", "(Friday) morning")? */
static int day_part(const analysis *an, uint32_t k)
{
    return has_wclass(an, k, WC_DAY_PART);
}

/* Does token f, which holds day d2, end a range of days ("3-4 March", "3 to
 * 4 March", "from 1 to 3 March", "between 1 and 3 March")? Then *d1 is its
 * first day and *start its first token. */
static int range_back(const analysis *an, const sentence *se, uint32_t f, int d2, int *d1, uint32_t *start)
{
    int a;
    if (f > se->first && joined_by(an, f - 1, '-') && (a = day_at(an, se, f - 1)) != 0 && a < d2) {
        *d1 = a;
        *start = f - 1;
        return 1;
    }
    if (f < se->first + 2)
        return 0;
    uint32_t c = f - 1;
    int between = f >= se->first + 3 && isw(an, f - 3, "between");
    if (!(is_punct_tok(an, c, '-') || isw(an, c, "to") || (isw(an, c, "and") && between)))
        return 0;
    if (!(a = day_at(an, se, f - 2)) || a >= d2)
        return 0;
    *d1 = a;
    *start = f - 2;
    if (*start > se->first && (between || isw(an, *start - 1, "from")))
        (*start)--;
    return 1;
}

/* Does day d1 at token k start a range of days after a month ("March 3-4",
 * "March 1 to 3", with between: "between March 1 and 3")? Then *d2 is its
 * last day and *end the token after it. A day followed by a month starts
 * another date ("March 30 to 2 April"), not this range. */
static int range_fwd(const analysis *an, const sentence *se, uint32_t k, int d1, int between, int *d2,
                     uint32_t *end)
{
    int b;
    uint32_t e;
    if (joined_by(an, k, '-') && (b = day_at(an, se, k + 1)) != 0)
        e = k + 2;
    else if ((is_punct_tok(an, k + 1, '-') || isw(an, k + 1, "to") || (between && isw(an, k + 1, "and"))) &&
             (b = day_at(an, se, k + 2)) != 0)
        e = k + 3;
    else
        return 0;
    if (b <= d1 || (e < se->last && mention_starting(an, e, LK_MONTH)))
        return 0;
    *d2 = b;
    *end = e;
    return 1;
}

/* The year of a date named without one: the publication year, or the year
 * before when the date would fall after the publication date; with no
 * publication date, PENDING_YEAR and r->pending. */
static int year_for(date_read *r, int month, int day)
{
    const analysis *an = r->an;
    if (!an->has_pub) {
        r->pending = 1;
        return PENDING_YEAR;
    }
    int year = an->pub_y;
    if (month > an->pub_m || (day && month == an->pub_m && day > an->pub_d + 1))
        year--;
    return year;
}

/* A capitalised month name at token t (mention m) with a day and a year
 * ("3 March 2024", "3rd of March 2024", "March 3, 2024", "Dec. 5"), a range
 * of days ("3-4 March", "between 1 and 3 March", "March 1-3"), a year ("May
 * 2023"), a part ("in early March", "mid-March": days 1-10, 11-20, 21-end),
 * or alone after a preposition ("in March"). A day written before the month
 * excludes one after it ("on 3 March 12 people were killed"). Without a year,
 * see year_for. A capitalised noun that makes the date a name ("3 March
 * Street", "the May 9 Movement") makes it no date. Returns 1 when read. */
static int month_date(date_read *r, uint32_t t, const mention *m)
{
    const analysis *an = r->an;
    const sentence *se = r->se;
    if (!(TK(an, t)->flags & TOK_CAP))
        return 0;
    int month = m->value;
    uint32_t k = m->last, first = t;
    /* "Dec. 5", "Sept. 2024" */
    if (is_punct_tok(an, k, '.') && (day_at(an, se, k + 1) || year_number(an, se, k + 1)))
        k++;
    int day = 0, day2 = 0, year = 0, part = 0;
    uint32_t b = t; /* the token before which a day may stand */
    if (b >= se->first + 2 && isw(an, b - 1, "of") && day_at(an, se, b - 2))
        b--; /* "3rd of March" */
    if (b > se->first && (day = day_at(an, se, b - 1)) != 0) {
        first = b - 1;
        int d1;
        uint32_t s;
        if (range_back(an, se, b - 1, day, &d1, &s)) {
            day2 = day;
            day = d1;
            first = s;
        }
        k = m->last; /* "3 March. 12 people..." keeps its period; "15 Nov. 2010" */
        if ((is_punct_tok(an, k, ',') || is_punct_tok(an, k, '.')) && year_number(an, se, k + 1))
            k++;
    } else if ((day = day_at(an, se, k)) != 0) {
        int between = t > se->first && isw(an, t - 1, "between");
        int d2;
        uint32_t e;
        if (range_fwd(an, se, k, day, between, &d2, &e)) {
            day2 = d2;
            k = e;
            if (between)
                first = t - 1;
        } else {
            k++;
        }
        if (is_punct_tok(an, k, ',') && year_number(an, se, k + 1))
            k++;
    }
    if (year_number(an, se, k)) {
        year = (int)TK(an, k)->value;
        k++;
    }
    if (!day && t > se->first && (part = period_part(an, se, t - 1)) != 0)
        first = t - 1;
    /* "May", "March" alone must be governed by a preposition or a part */
    if (!day && !year && !part && (month == 5 || month == 3) &&
        !(t > se->first && (isw(an, t - 1, "in") || isw(an, t - 1, "since") || isw(an, t - 1, "last"))))
        return 0;
    if (k < se->last && has_wclass(an, k, WC_DATE_NAME) && (TK(an, k)->flags & TOK_CAP))
        return 0; /* a name's head is capitalised: "on 3 March school reopened" stays a date */
    if (!year)
        year = year_for(r, month, day);
    int dim = days_in_month(year, month);
    if (day && day2 && day2 <= dim)
        set_span(&r->d, days_from_civil(year, month, day), days_from_civil(year, month, day2));
    else if (day && day <= dim)
        set_day(&r->d, days_from_civil(year, month, day));
    else
        set_month(&r->d, year, month);
    if (part) {
        r->d.d = part == 1 ? 1 : part == 2 ? 11 : 21;
        r->d.ed = part == 1 ? 10 : part == 2 ? 20 : dim;
    }
    if (first > se->first && (isw(an, first - 1, "in") || isw(an, first - 1, "on") ||
                              isw(an, first - 1, "since") || isw(an, first - 1, "last")))
        first--;
    r->first = first;
    r->last = k;
    if (isw(an, first, "since"))
        r->d.past = 1;
    if (r->pending) {
        /* a month alone ("In March, a bomb...") marks a past incident, as it
         * did before years were taken from the text */
        r->d.unknown_year = 1;
        if (r->d.precision == DP_MONTH)
            r->d.past = 1;
    }
    return 1;
}

/* A weekday ("on Monday", "late Friday", "last Sunday", "Monday night"): the
 * latest such day up to the publication date (a week back after "last");
 * "next Monday" is none, and without a publication date it stays unresolved.
 * A weekday before a date is that date's ("Sunday 3 March 2024", "Sunday,
 * March 3"): the date names the day. Returns 1 when read. */
static int weekday_date(date_read *r, const mention *m)
{
    const analysis *an = r->an;
    const sentence *se = r->se;
    uint32_t t = r->t, wfirst = t;
    if (t > se->first && (isw(an, t - 1, "late") || isw(an, t - 1, "early") || isw(an, t - 1, "on") ||
                          isw(an, t - 1, "last")))
        wfirst = t - 1;
    uint32_t n = m->last;
    if (is_punct_tok(an, n, ','))
        n++;
    uint32_t mt = n;
    if (day_at(an, se, mt)) {
        mt++;
        if (isw(an, mt, "of"))
            mt++;
    }
    const mention *mm = mt < se->last ? mention_starting(an, mt, LK_MONTH) : NULL;
    if (mm && month_date(r, mt, mm)) {
        if (r->first == n && r->d.precision != DP_MONTH) {
            r->first = wfirst;
            return 1;
        }
        uint32_t sent = r->d.sent;
        memset(&r->d, 0, sizeof r->d);
        r->d.sent = sent;
        r->pending = 0;
    }
    if (!an->has_pub)
        return 0;
    int wd = m->value;
    long back = (weekday_of(r->pub) - wd + 7) % 7;
    if (t > se->first && isw(an, t - 1, "last") && back == 0)
        back = 7;
    if (t > se->first && isw(an, t - 1, "next"))
        return 0;
    set_day(&r->d, r->pub - back);
    r->first = wfirst;
    r->last = m->last;
    /* "Monday night", "Friday morning" */
    if (m->last < se->last && day_part(an, m->last))
        r->last = m->last + 1;
    return 1;
}

/* A numeric date at token t: "2024-03-03" (ISO), "03/14/2017" (month first,
 * as US sources and GTD summaries write it; day first when the first number
 * cannot be a month: "14/03/2017"), "2017/03/14". Day and month of one or two
 * digits (two in ISO), a year of four, each joined to the next by the one
 * separator. "5/10 of the seats", "a 2-1 win", "0300-1234567" are none.
 * Returns 1 when read. */
static int numeric_date(date_read *r)
{
    const analysis *an = r->an;
    const sentence *se = r->se;
    uint32_t t = r->t;
    if (t + 2 >= se->last || TK(an, t)->end >= an->len)
        return 0;
    char sep = an->text[TK(an, t)->end];
    if ((sep != '-' && sep != '/') || !joined_by(an, t, sep) || !joined_by(an, t + 1, sep))
        return 0;
    for (uint32_t k = t; k < t + 3; k++)
        if (!(TK(an, k)->flags & TOK_NUM))
            return 0;
    /* "1/2/2024/5", "2024-03-03-7": a longer run of numbers is no date */
    if (joined_by(an, t + 2, sep) || (t > se->first && joined_by(an, t - 1, sep)))
        return 0;
    uint32_t la = tok_len(an, t), lb = tok_len(an, t + 1), lc = tok_len(an, t + 2);
    int a = (int)TK(an, t)->value, b = (int)TK(an, t + 1)->value, c = (int)TK(an, t + 2)->value;
    int y, mo, d;
    if (la == 4 && (sep == '/' ? lb <= 2 && lc <= 2 : lb == 2 && lc == 2)) {
        y = a;
        mo = b;
        d = c;
    } else if (sep == '/' && la <= 2 && lb <= 2 && lc == 4) {
        y = c;
        mo = a <= 12 ? a : b;
        d = a <= 12 ? b : a;
    } else {
        return 0;
    }
    if (y < 1900 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return 0;
    /* "Hostages Found Dead - 2002-08-22": hung after a dash at the end of
     * its sentence, it stamps the page, not the event */
    if (t > se->first && is_punct_tok(an, t - 1, '-') &&
        (t + 3 == se->last || (t + 4 == se->last && (TK(an, t + 3)->flags & TOK_PUNCT))))
        return 0;
    set_day(&r->d, days_from_civil(y, mo, d));
    r->first = t > se->first && isw(an, t - 1, "on") ? t - 1 : t;
    r->last = t + 3;
    return 1;
}

/* The unit of time token k names, in days: 1 day or night, 7 week, 30 month,
 * 365 year, 0 hour or minute (the same day); -1 when none. *plural is set
 * for "days", "weeks"... */
static int time_unit(const analysis *an, uint32_t k, int *plural)
{
    static const struct { const char *w; int days; int plural; } units[] = {
        {"day", 1, 0}, {"days", 1, 1}, {"night", 1, 0}, {"nights", 1, 1}, {"week", 7, 0},
        {"weeks", 7, 1}, {"month", 30, 0}, {"months", 30, 1}, {"year", 365, 0}, {"years", 365, 1},
        {"hour", 0, 0}, {"hours", 0, 1}, {"minute", 0, 0}, {"minutes", 0, 1}};
    if (k >= an->td.ntoks || !(TK(an, k)->flags & TOK_WORD))
        return -1;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (tok_is_n(&an->td, TK(an, k), units[i].w, strlen(units[i].w))) {
            *plural = units[i].plural;
            return units[i].days;
        }
    return -1;
}

/* Make d the period n units (time_unit's days) after the day base (before
 * it for n < 0): a day, the week around the day, a month, a year. */
static void shift_date(date_ref *d, long base, long n, int unit)
{
    int y, m, dd;
    civil_from_days(base, &y, &m, &dd);
    if (unit == 1 || unit == 0) {
        set_day(d, base + n * unit);
    } else if (unit == 7) {
        set_day(d, base + 7 * n - 3);
        civil_from_days(base + 7 * n + 3, &d->ey, &d->em, &d->ed);
        d->precision = DP_WEEK;
    } else if (unit == 30) {
        long mm = m - 1 + n;
        long yy = y + (mm >= 0 ? mm / 12 : -((11 - mm) / 12));
        mm -= (yy - y) * 12;
        set_month(d, (int)yy, (int)mm + 1);
    } else {
        set_year(d, (int)(y + n));
    }
}

/* The count before the unit at token u ("three days", "a week", "12 hours")
 * into *n and its first token into *qs. Returns 1 when there is one. */
static int unit_count(const analysis *an, const sentence *se, uint32_t u, int64_t *n, uint32_t *qs)
{
    if (u <= se->first)
        return 0;
    numq q;
    uint32_t s = u - 1;
    /* a count is a few words at most ("twenty-five", "more than 100"): the
     * bound keeps a sentence of many counted units linear */
    while (s > se->first && s + 8 > u && !parse_numq(an, s, u, &q))
        s--;
    if (parse_numq(an, s, u, &q) && q.last == u && !q.vague) {
        *n = q.value;
        *qs = s;
        return 1;
    }
    if (isw(an, u - 1, "a") || isw(an, u - 1, "an")) {
        *n = 1;
        *qs = u - 1;
        return 1;
    }
    return 0;
}

/* "three days ago", "two weeks ago", "a month ago", "years ago": counted back
 * from the publication date. Returns 1 when read. */
static int ago_date(date_read *r)
{
    const analysis *an = r->an;
    const sentence *se = r->se;
    uint32_t t = r->t;
    if (t < se->first + 2)
        return 0;
    int plural, unit = time_unit(an, t - 1, &plural);
    int64_t n;
    uint32_t qs;
    if (unit < 1 || !unit_count(an, se, t - 1, &n, &qs))
        return 0;
    r->first = qs;
    shift_date(&r->d, r->pub, -n, unit);
    return 1;
}

/* Does the date read start after the publication date? Counted on from
 * another ("the next day"), it is then no event's date: a habit ("one day
 * this person is kidnapped, the next day another"), not a report. */
static int after_publication(const date_read *r)
{
    return r->an->has_pub && days_from_civil(r->d.y, r->d.m, r->d.d) > r->pub;
}

/* The direction token t counts in from the day the text last named: -1
 * back ("earlier", "previous": WC_TIME_BACK), 1 on ("later", "following":
 * WC_TIME_ON), 0 none. */
static int count_direction(const analysis *an, uint32_t t)
{
    return has_wclass(an, t, WC_TIME_BACK) ? -1 : has_wclass(an, t, WC_TIME_ON) ? 1 : 0;
}

/* A date counted from the day the text last named (r->anchor_*; back from
 * the publication date when it named none): "the previous day", "the
 * following week", "the next morning", "two days earlier", "a week later",
 * "hours later" (the same day), "the day before." Token t counts back
 * or on (count_direction). "Before" and "after" count only at the
 * end of a clause: "two days before the election" is another anchor, and
 * "days later" no count. Returns 1 when read. */
static int relative_date(date_read *r)
{
    const analysis *an = r->an;
    const sentence *se = r->se;
    uint32_t t = r->t;
    int sign = count_direction(an, t);
    if (!sign || t <= se->first)
        return 0;
    long base;
    if (sign > 0 && r->has_anchor)
        base = r->anchor_last;
    else if (sign < 0 && r->has_anchor)
        base = r->anchor_first;
    else if (sign < 0 && an->has_pub)
        base = r->pub;
    else
        return 0;
    int plural, unit;
    /* "the previous day", "the following week", "the next morning" */
    if (isw(an, t - 1, "the") && t + 1 < se->last &&
        (((unit = time_unit(an, t + 1, &plural)) == 1 || unit == 7) ? !plural
                                                                     : day_part(an, t + 1))) {
        if (day_part(an, t + 1))
            unit = 1;
        shift_date(&r->d, base, sign, unit);
        r->first = t - 1;
        r->last = t + 2;
        return after_publication(r) ? 0 : 1;
    }
    /* "two days earlier", "hours later", "the day before." */
    if ((unit = time_unit(an, t - 1, &plural)) < 0)
        return 0;
    if (!isw(an, t, "earlier") && !isw(an, t, "later") &&
        !(t + 1 >= se->last || (TK(an, t + 1)->flags & TOK_PUNCT)))
        return 0;
    int64_t n;
    uint32_t qs;
    if (unit == 0 && plural && !unit_count(an, se, t - 1, &n, &qs)) {
        n = 0;
        qs = t - 1;
    } else if (!plural && isw(an, t - 2, "the")) {
        n = 1;
        qs = t - 2;
    } else if (!unit_count(an, se, t - 1, &n, &qs)) {
        return 0;
    }
    shift_date(&r->d, base, sign * n, unit);
    r->first = qs;
    r->last = t + 1;
    return after_publication(r) ? 0 : 1;
}

/* A relative time word ("today", "yesterday", "last week", "this month",
 * "earlier this year", "ago"), resolved against the publication date (none
 * without one). Returns 1 when read. */
static int timeword_date(date_read *r, const mention *m)
{
    const analysis *an = r->an;
    long pub = r->pub;
    date_ref *d = &r->d;
    if (!an->has_pub)
        return 0;
    r->last = m->last;
    switch (m->value) {
    case TW_TODAY: case TW_TONIGHT: case TW_THIS_MORNING:
        set_day(d, pub);
        break;
    case TW_YESTERDAY: case TW_LAST_NIGHT:
        set_day(d, pub - 1);
        break;
    case TW_DAY_BEFORE_YESTERDAY:
        set_day(d, pub - 2);
        break;
    case TW_LAST_WEEK: {
        long start = pub - weekday_of(pub) - 7;
        set_day(d, start);
        civil_from_days(start + 6, &d->ey, &d->em, &d->ed);
        d->precision = DP_WEEK;
        break;
    }
    case TW_THIS_WEEK: {
        long start = pub - weekday_of(pub);
        set_day(d, start);
        civil_from_days(pub, &d->ey, &d->em, &d->ed);
        d->precision = DP_WEEK;
        break;
    }
    case TW_WEEKEND: {
        long sat = pub - ((weekday_of(pub) - 5 + 7) % 7);
        set_day(d, sat);
        civil_from_days(sat + 1 <= pub ? sat + 1 : sat, &d->ey, &d->em, &d->ed);
        d->precision = DP_WEEK;
        break;
    }
    case TW_LAST_MONTH: {
        int y = an->pub_y, mo = an->pub_m - 1;
        if (mo == 0) {
            mo = 12;
            y--;
        }
        set_month(d, y, mo);
        break;
    }
    case TW_THIS_MONTH: case TW_EARLIER_THIS_MONTH:
        set_month(d, an->pub_y, an->pub_m);
        if (m->value == TW_EARLIER_THIS_MONTH)
            d->past = 1;
        break;
    case TW_LAST_YEAR:
        set_year(d, an->pub_y - 1);
        break;
    case TW_THIS_YEAR: case TW_EARLIER_THIS_YEAR:
        set_year(d, an->pub_y);
        if (m->value == TW_EARLIER_THIS_YEAR)
            d->past = 1;
        break;
    case TW_AGO:
        return ago_date(r);
    default:
        return 0;
    }
    return 1;
}

/* A year after "in" or "since" ("in 2019", "In 2009 a car bomb ..."), or a
 * part of one ("in early 2024", "mid-2023": January-April, May-August,
 * September-December); one not governed so must not be followed by a
 * lower-case word (other than the word classes allowed after a figure): "the
 * 2024 budget" is none. Returns 1 when read. */
static int year_date(date_read *r)
{
    const analysis *an = r->an;
    const sentence *se = r->se;
    uint32_t t = r->t;
    if (!year_number(an, se, t) || t <= se->first)
        return 0;
    int part = period_part(an, se, t - 1);
    uint32_t p = part ? t - 1 : t; /* the first token of the year and its part */
    int governed = p > se->first && (isw(an, p - 1, "in") || isw(an, p - 1, "since"));
    /* "the 2024 budget" is no date, but "In 2009 a car bomb ..." is: a year
     * governed by "in" or "since" may open its clause */
    if (!governed && t + 1 < se->last && (TK(an, t + 1)->flags & TOK_WORD) && !(TK(an, t + 1)->flags & TOK_CAP) &&
        !has_wclass(an, t + 1, WC_AFTER_OK))
        return 0;
    if (!governed && !(part == 2 && joined_by(an, t - 1, '-')))
        return 0;
    set_year(&r->d, (int)TK(an, t)->value);
    if (part) {
        r->d.m = part == 1 ? 1 : part == 2 ? 5 : 9;
        r->d.em = part == 1 ? 4 : part == 2 ? 8 : 12;
        r->d.ed = days_in_month(r->d.ey, r->d.em);
    }
    r->first = governed ? p - 1 : p;
    if (isw(an, r->first, "since"))
        r->d.past = 1;
    return 1;
}

/* date_at where a date may start at token t (below). */
static int date_at_read(date_read *r, const analysis *an, size_t s, uint32_t t)
{
    memset(&r->d, 0, sizeof r->d);
    r->an = an;
    r->se = &an->td.sents[s];
    r->t = t;
    r->d.sent = (uint32_t)s;
    r->first = t;
    r->last = t + 1;
    r->pending = 0;
    const mention *m;
    if ((m = mention_starting(an, t, LK_WEEKDAY)) != NULL)
        return weekday_date(r, m);
    if ((m = mention_starting(an, t, LK_MONTH)) != NULL)
        return month_date(r, t, m);
    if ((m = mention_starting(an, t, LK_TIMEWORD)) != NULL)
        return timeword_date(r, m);
    if (TK(an, t)->flags & TOK_NUM)
        return numeric_date(r) || year_date(r);
    return relative_date(r);
}

/* Read the date expression starting at token t of sentence s, if any: a
 * weekday, a month name, a time word, a numeric date, a date counted from
 * the last one, or a year. Returns 1 when read. Inline, its fast reject: most
 * tokens are no date word and no number. */
static inline int date_at(date_read *r, const analysis *an, size_t s, uint32_t t)
{
    const uint32_t date_kinds = (1u << LK_WEEKDAY) | (1u << LK_MONTH) | (1u << LK_TIMEWORD);
    if (!(an->kinds_at[t] & date_kinds) && !(TK(an, t)->flags & TOK_NUM) && !count_direction(an, t))
        return 0;
    return date_at_read(r, an, s, t);
}

/* The day a date read names, for the anchor of the dates counted from it: a
 * day, or a night of two, with a known year. Returns 1 and sets *a and *b. */
static int anchor_days(const date_read *r, long *a, long *b)
{
    if (r->pending || r->d.precision != DP_DAY)
        return 0;
    *a = days_from_civil(r->d.y, r->d.m, r->d.d);
    *b = days_from_civil(r->d.ey, r->d.em, r->d.ed);
    return 1;
}

/* Join the date just read (r) to a second one after "-", "to" or ("between
 * ... and"): "from 28 February to 2 March", "between 30 March and 1 April".
 * Both are single days, the second within 31 days after the first. */
static void join_range(date_read *r, const analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    uint32_t c = r->last;
    if (c + 1 >= se->last || r->d.precision != DP_DAY || r->d.ed != r->d.d)
        return;
    int between = isw(an, r->first, "between") || (r->first > se->first && isw(an, r->first - 1, "between"));
    if (!(is_punct_tok(an, c, '-') || isw(an, c, "to") || (between && isw(an, c, "and"))))
        return;
    if (!mention_covering(an, r->t, LK_MONTH))
        return; /* "pushed from Monday to Friday" moves a date; months make ranges */
    date_read b = *r;
    for (uint32_t u = c + 1; u <= c + 2 && u < se->last; u++) {
        if (!date_at(&b, an, s, u) || b.first != c + 1 || !mention_covering(an, b.t, LK_MONTH))
            continue;
        if (b.d.precision != DP_DAY)
            return;
        /* "from 28 February to 2 March 2024": the year written once serves both */
        if (r->pending && !b.pending) {
            r->d.y = b.d.y - (r->d.m > b.d.m);
            r->pending = 0;
        } else if (b.pending && !r->pending) {
            b.d.ey = r->d.y + (b.d.em < r->d.m);
        }
        long a0 = days_from_civil(r->d.y, r->d.m, r->d.d), b1 = days_from_civil(b.d.ey, b.d.em, b.d.ed);
        if (b1 <= a0 || b1 - a0 > 31)
            return;
        set_span(&r->d, a0, b1);
        r->d.unknown_year = (uint8_t)r->pending;
        r->last = b.last;
        return;
    }
}

/* Is the date over tokens [first, last) the date of a reporting verb next to
 * it ("officials said on Wednesday", "police on Monday said")? */
static int statement_date(const analysis *an, const sentence *se, uint32_t first, uint32_t last)
{
    return (first > se->first && mention_covering(an, first - 1, LK_REPORT)) ||
           (last < se->last && mention_covering(an, last, LK_REPORT));
}

/* Give each date without a year (DN_PENDING: there is no publication date)
 * the year of the nearest date in the text that has one, or leave it
 * pending. Linear: one sweep each way. */
static void resolve_pending_years(analysis *an, const date_list *dl)
{
    size_t n = an->ndates;
    int near_year = 0;
    uint32_t near_at = 0;
    int *year_after = arena_alloc_raw(an->a, (n + 1) * sizeof *year_after);
    uint32_t *at_after = arena_alloc_raw(an->a, (n + 1) * sizeof *at_after);
    if (!year_after || !at_after)
        return; /* no room: the dates stay pending and are dropped */
    year_after[n] = 0;
    at_after[n] = 0;
    for (size_t i = n; i-- > 0;) {
        int dated = !(dl->notes[i] & DN_PENDING);
        year_after[i] = dated ? an->dates[i].y : year_after[i + 1];
        at_after[i] = dated ? an->dates[i].ev.start : at_after[i + 1];
    }
    for (size_t i = 0; i < n; i++) {
        date_ref *d = &an->dates[i];
        if (!(dl->notes[i] & DN_PENDING)) {
            near_year = d->y;
            near_at = d->ev.end;
            continue;
        }
        int y = near_year;
        if (!y || (year_after[i] && at_after[i] - d->ev.end < d->ev.start - near_at))
            y = year_after[i];
        if (!y)
            continue;
        int shift = y - PENDING_YEAR;
        d->y += shift;
        d->ey += shift;
        if (d->d > days_in_month(d->y, d->m))
            d->d = days_in_month(d->y, d->m);
        if (d->ed > days_in_month(d->ey, d->em))
            d->ed = days_in_month(d->ey, d->em);
        d->unknown_year = 0;
        dl->notes[i] &= (uint8_t)~DN_PENDING;
    }
}

/* Drop the dates that are not the event's: a day still without a year, and
 * the date of a reporting verb when its sentence names another date that is
 * not past ("gunmen killed two policemen last week, officials said on
 * Wednesday"). A month still without a year stays: it marks its sentence
 * past. */
static void drop_dates(analysis *an, const date_list *dl)
{
    size_t out = 0;
    for (size_t i = 0; i < an->ndates;) {
        size_t j = i;
        int other = 0;
        for (; j < an->ndates && an->dates[j].sent == an->dates[i].sent; j++)
            if (!(dl->notes[j] & (DN_STATEMENT | DN_PENDING)) && !an->dates[j].past)
                other = 1;
        for (size_t k = i; k < j; k++) {
            const date_ref *d = &an->dates[k];
            if ((dl->notes[k] & DN_PENDING) && d->precision != DP_MONTH)
                continue;
            if ((dl->notes[k] & DN_STATEMENT) && other)
                continue;
            an->dates[out++] = *d;
        }
        i = j;
    }
    an->ndates = out;
}

/* Is token t a label word of a timestamp line ("Published", "Updated",
 * "Posted", "Last", "First", "on", ":")? */
static int timestamp_label(const analysis *an, uint32_t t)
{
    return isw(an, t, "published") || isw(an, t, "updated") || isw(an, t, "posted") || isw(an, t, "last") ||
           isw(an, t, "first") || isw(an, t, "on") || is_punct_tok(an, t, ':');
}

/* The token after a clock time at t ("1:17", "1:17 AM", "09:30 GMT",
 * "1:17 p.m. EST"), or t when none is there. */
static uint32_t after_clock(const analysis *an, uint32_t t)
{
    if (t + 2 >= an->td.ntoks || !(TK(an, t)->flags & TOK_NUM) || !is_punct_tok(an, t + 1, ':') ||
        !(TK(an, t + 2)->flags & TOK_NUM))
        return t;
    uint32_t k = t + 3;
    if (isw(an, k, "am") || isw(an, k, "pm"))
        k++;
    else if ((isw(an, k, "a") || isw(an, k, "p")) && is_punct_tok(an, k + 1, '.') && isw(an, k + 2, "m")) {
        k += 3;
        k += is_punct_tok(an, k, '.');
    }
    if (k < an->td.ntoks && (TK(an, k)->flags & TOK_ALLCAP) && TK(an, k)->end - TK(an, k)->start <= 4 &&
        !(TK(an, k)->flags & TOK_LINE_START))
        k++; /* a time zone: UTC, GMT, EST */
    return k;
}

/* Does a day number stand before month mention mm on its line ("15 January")? */
static int day_first(const analysis *an, const mention *mm)
{
    return mm->first > 0 && !(TK(an, mm->first)->flags & TOK_LINE_START) && (TK(an, mm->first - 1)->flags & TOK_NUM);
}

/* A full date around month mention mm: "January 15, 2016" or "15 January
 * 2016". Fills the date and returns the token after it, or 0 when there is
 * none (the date then untouched). */
static uint32_t full_date_at(const analysis *an, const mention *mm, int *y, int *m, int *d)
{
    uint32_t k = mm->last, day_tok;
    if (day_first(an, mm))
        day_tok = mm->first - 1; /* 15 January 2016 */
    else {
        k += is_punct_tok(an, k, '.');
        day_tok = k++;
        k += is_punct_tok(an, k, ',');
    }
    const tok *dt = day_tok < an->td.ntoks ? TK(an, day_tok) : NULL, *yt = k < an->td.ntoks ? TK(an, k) : NULL;
    if (!dt || !yt || !(dt->flags & TOK_NUM) || !(yt->flags & TOK_NUM) || yt->value < 1900 || yt->value > 2100 ||
        mm->value < 1 || mm->value > 12 || dt->value < 1 || dt->value > days_in_month((int)yt->value, mm->value))
        return 0;
    *y = (int)yt->value, *m = mm->value, *d = (int)dt->value;
    return k + 1;
}

/* See extract.h. The outputs are written only when a line is found. */
int timestamp_line_date(const analysis *an, int *y, int *m, int *d)
{
    for (size_t i = 0; i < an->nm; i++) {
        const mention *mm = &an->m[i];
        if (mm->kind != LK_MONTH)
            continue;
        if (TK(an, mm->first)->sent >= TIMESTAMP_SENTENCES)
            break;
        uint32_t s = day_first(an, mm) ? mm->first - 1 : mm->first;
        while (s > 0 && !(TK(an, s)->flags & TOK_LINE_START) && timestamp_label(an, s - 1))
            s--;
        if (!(TK(an, s)->flags & TOK_LINE_START))
            continue;
        int yy, mo, dd;
        uint32_t e = full_date_at(an, mm, &yy, &mo, &dd);
        if (!e)
            continue;
        if (e < an->td.ntoks)
            e = after_clock(an, e);
        if (e >= an->td.ntoks || (TK(an, e)->flags & TOK_LINE_START)) {
            *y = yy, *m = mo, *d = dd;
            return 0;
        }
    }
    return -1;
}

/* See extract_int.h: weekdays, month names with a day or year, numeric dates,
 * relative time words, dates counted from the last one, "in 2019", resolved
 * against the publication date, which weekdays and time words need; a date
 * ending over a week before it is past. Without one, a date without a year
 * takes the year of the nearest date that has one. */
int find_dates(analysis *an)
{
    date_list dl = {NULL, 16};
    an->dates = arena_alloc_raw(an->a, dl.cap * sizeof *an->dates);
    dl.notes = arena_alloc_raw(an->a, dl.cap);
    if (!an->dates || !dl.notes)
        return -1;
    date_read r;
    memset(&r, 0, sizeof r);
    r.pub = an->has_pub ? days_from_civil(an->pub_y, an->pub_m, an->pub_d) : 0;
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        for (uint32_t t = se->first; t < se->last; t++) {
            if (!date_at(&r, an, s, t))
                continue;
            join_range(&r, an, s);
            r.d.ev.start = TK(an, r.first)->start;
            r.d.ev.end = TK(an, r.last - 1)->end;
            if (an->has_pub) {
                long end = days_from_civil(r.d.ey, r.d.em, r.d.ed);
                if (end < r.pub - 7)
                    r.d.past = 1;
                if (r.d.precision == DP_YEAR && r.d.y < an->pub_y)
                    r.d.past = 1;
            }
            uint8_t notes = (uint8_t)((r.pending ? DN_PENDING : 0) |
                                      (statement_date(an, se, r.first, r.last) ? DN_STATEMENT : 0));
            if (add_date(an, &dl, &r.d, notes) < 0)
                return -1;
            if (anchor_days(&r, &r.anchor_first, &r.anchor_last))
                r.has_anchor = 1;
            t = r.last - 1;
        }
    }
    if (!an->has_pub)
        resolve_pending_years(an, &dl);
    drop_dates(an, &dl);
    return 0;
}
