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

/* A date expression being read at token t of sentence se: the date and the
 * tokens [first, last) it spans. */
typedef struct date_read {
    const analysis *an;
    const sentence *se;
    uint32_t t;
    long pub;             /* the publication day (days since 1970-01-01), 0 when none */
    date_ref d;
    uint32_t first, last;
} date_read;

/* A weekday ("on Monday", "late Friday", "last Sunday"): the latest such day
 * up to the publication date (a week back after "last"); "next Monday" is
 * none. Returns 1 when read. */
static int weekday_date(date_read *r, const mention *m)
{
    const analysis *an = r->an;
    const sentence *se = r->se;
    uint32_t t = r->t;
    if (!an->has_pub)
        return 0;
    int wd = m->value;
    long back = (weekday_of(r->pub) - wd + 7) % 7;
    if (t > se->first && isw(an, t - 1, "last") && back == 0)
        back = 7;
    if (t > se->first && isw(an, t - 1, "next"))
        return 0;
    set_day(&r->d, r->pub - back);
    if (t > se->first && (isw(an, t - 1, "late") || isw(an, t - 1, "early") ||
                          isw(an, t - 1, "on") || isw(an, t - 1, "last")))
        r->first = t - 1;
    r->last = m->last;
    /* "Monday night", "Friday morning" */
    return 1;
}

/* Is token k a number that can be a year (1900..2100)? */
static int year_number(const analysis *an, const sentence *se, uint32_t k)
{
    return k < se->last && (TK(an, k)->flags & TOK_NUM) && TK(an, k)->value >= 1900 && TK(an, k)->value <= 2100;
}

/* A capitalised month name with a day and a year ("March 3, 2024", "3 March
 * 2024", "Dec. 5"), a year ("May 2023"), or alone after a preposition ("in
 * March"); without a year, the latest such month up to the publication date,
 * or (with no publication date) a past incident of unknown year. Returns 1
 * when read. */
static int month_date(date_read *r, const mention *m)
{
    const analysis *an = r->an;
    const sentence *se = r->se;
    uint32_t t = r->t;
    const tok *mt = TK(an, t);
    int strong = (mt->flags & TOK_CAP) != 0;
    if (!strong)
        return 0;
    int month = m->value;
    uint32_t k = m->last;
    if (is_punct_tok(an, k, '.'))
        k++;
    int day = 0, year = 0;
    if (k < se->last && (TK(an, k)->flags & TOK_NUM) && TK(an, k)->value >= 1 && TK(an, k)->value <= 31) {
        day = (int)TK(an, k)->value;
        k++;
        if (is_punct_tok(an, k, ','))
            k++;
        if (year_number(an, se, k)) {
            year = (int)TK(an, k)->value;
            k++;
        }
    } else if (year_number(an, se, k)) {
        year = (int)TK(an, k)->value;
        k++;
    } else if (t > se->first && (TK(an, t - 1)->flags & TOK_NUM) && TK(an, t - 1)->value >= 1 &&
               TK(an, t - 1)->value <= 31) {
        day = (int)TK(an, t - 1)->value;
        r->first = t - 1;
        if (year_number(an, se, k)) {
            year = (int)TK(an, k)->value;
            k++;
        }
    }
    /* "May", "March" alone must be governed by a preposition */
    if (!day && !year && (month == 5 || month == 3) &&
        !(t > se->first && (isw(an, t - 1, "in") || isw(an, t - 1, "since") || isw(an, t - 1, "last") ||
                            isw(an, t - 1, "early") || isw(an, t - 1, "late") || isw(an, t - 1, "mid"))))
        return 0;
    int unknown_year = 0;
    if (!year) {
        if (!an->has_pub) {
            /* no publication date to place it: a day stays unknown; a
             * month alone ("In March, a bomb...") marks a past incident */
            if (day)
                return 0;
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
        set_day(&r->d, days_from_civil(year, month, day));
    else
        set_month(&r->d, year, month);
    if (t > se->first && (isw(an, t - 1, "in") || isw(an, t - 1, "on") || isw(an, t - 1, "since") ||
                          isw(an, t - 1, "last")) &&
        r->first == t)
        r->first = t - 1;
    r->last = k;
    if (t > se->first && isw(an, t - 1, "since"))
        r->d.past = 1;
    if (unknown_year) {
        r->d.past = 1;
        r->d.unknown_year = 1;
    }
    return 1;
}

/* "three days ago", "two weeks ago", "a month ago", "years ago": counted back
 * from the publication date. Returns 1 when read. */
static int ago_date(date_read *r)
{
    const analysis *an = r->an;
    const sentence *se = r->se;
    uint32_t t = r->t;
    long pub = r->pub;
    date_ref *d = &r->d;
    if (t < se->first + 2)
        return 0;
    uint32_t u = t - 1;
    int64_t n = 1;
    numq q;
    uint32_t qs = u - 1;
    while (qs > se->first && !parse_numq(an, qs, u, &q))
        qs--;
    if (parse_numq(an, qs, u, &q) && q.last == u)
        n = q.value;
    else if (isw(an, u - 1, "a") || isw(an, u - 1, "an"))
        n = 1;
    else
        return 0;
    r->first = qs;
    if (isw(an, u, "day") || isw(an, u, "days"))
        set_day(d, pub - n);
    else if (isw(an, u, "week") || isw(an, u, "weeks")) {
        set_day(d, pub - 7 * n - 3);
        civil_from_days(pub - 7 * n + 3, &d->ey, &d->em, &d->ed);
        d->precision = DP_WEEK;
    } else if (isw(an, u, "month") || isw(an, u, "months")) {
        int mm = an->pub_m - (int)n, yy = an->pub_y;
        while (mm <= 0) {
            mm += 12;
            yy--;
        }
        set_month(d, yy, mm);
    } else if (isw(an, u, "year") || isw(an, u, "years"))
        set_year(d, an->pub_y - (int)n);
    else
        return 0;
    return 1;
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

/* A year after "in" or "since" ("in 2019"), not followed by a lower-case word
 * (other than the word classes allowed after a figure). Returns 1 when read. */
static int year_date(date_read *r)
{
    const analysis *an = r->an;
    const sentence *se = r->se;
    uint32_t t = r->t;
    if (!((TK(an, t)->flags & TOK_NUM) && TK(an, t)->value >= 1900 && TK(an, t)->value <= 2100 &&
          t > se->first && (isw(an, t - 1, "in") || isw(an, t - 1, "since")) &&
          !(t + 1 < se->last && (TK(an, t + 1)->flags & TOK_WORD) && !(TK(an, t + 1)->flags & TOK_CAP) &&
            !has_wclass(an, t + 1, WC_AFTER_OK))))
        return 0;
    set_year(&r->d, (int)TK(an, t)->value);
    r->first = t - 1;
    if (isw(an, t - 1, "since"))
        r->d.past = 1;
    return 1;
}

/* Read the date expression starting at token t of sentence s, if any: a
 * weekday, a month name, a time word, or a year. Returns 1 when read. */
static int date_at(date_read *r, const analysis *an, size_t s, uint32_t t, long pub)
{
    /* fast reject: most tokens are no date word and no number */
    const uint32_t date_kinds = (1u << LK_WEEKDAY) | (1u << LK_MONTH) | (1u << LK_TIMEWORD);
    if (!(an->kinds_at[t] & date_kinds) && !(TK(an, t)->flags & TOK_NUM))
        return 0;
    memset(&r->d, 0, sizeof r->d);
    r->an = an;
    r->se = &an->td.sents[s];
    r->t = t;
    r->pub = pub;
    r->d.sent = (uint32_t)s;
    r->first = t;
    r->last = t + 1;
    const mention *m;
    if ((m = mention_starting(an, t, LK_WEEKDAY)) != NULL)
        return weekday_date(r, m);
    if ((m = mention_starting(an, t, LK_MONTH)) != NULL)
        return month_date(r, m);
    if ((m = mention_starting(an, t, LK_TIMEWORD)) != NULL)
        return timeword_date(r, m);
    return year_date(r);
}

/* See extract_int.h: weekdays, month names with a day or year, relative time
 * words, "in 2019", resolved against the publication date, which weekdays
 * and time words need; a date ending over a week before it is past. */
int find_dates(analysis *an)
{
    size_t cap = 16;
    an->dates = arena_alloc_raw(an->a, cap * sizeof *an->dates);
    if (!an->dates)
        return -1;
    long pub = an->has_pub ? days_from_civil(an->pub_y, an->pub_m, an->pub_d) : 0;
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        for (uint32_t t = se->first; t < se->last; t++) {
            date_read r;
            if (!date_at(&r, an, s, t, pub))
                continue;
            r.d.ev.start = TK(an, r.first)->start;
            r.d.ev.end = TK(an, r.last - 1)->end;
            if (an->has_pub) {
                long end = days_from_civil(r.d.ey, r.d.em, r.d.ed);
                if (end < pub - 7)
                    r.d.past = 1;
                if (r.d.precision == DP_YEAR && r.d.y < an->pub_y)
                    r.d.past = 1;
            }
            if (add_date(an, &cap, &r.d) < 0)
                return -1;
            t = r.last - 1;
        }
    }
    return 0;
}
