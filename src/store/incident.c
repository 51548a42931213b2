/*
 * incident.c - the grouping rule (may two coded events be one real incident?)
 * and the reconciliation of an incident's fields from its reports. Pure
 * functions over jansson objects and small structs; no database, no globals.
 */
#include "incident.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h" /* the calendar: days_from_civil, civil_from_days */

long inc_day(const char *s)
{
    if (!s || strlen(s) < 10)
        return -1;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return -1;
    long y = atol(s), m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    return days_from_civil((int)y, (int)m, (int)d);
}

void inc_day_str(long z, char *out)
{
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    unsigned yy = (unsigned)(y < 0 ? 0 : y % 10000), mm = (unsigned)m % 100, dd = (unsigned)d % 100;
    out[0] = (char)('0' + yy / 1000), out[1] = (char)('0' + yy / 100 % 10), out[2] = (char)('0' + yy / 10 % 10);
    out[3] = (char)('0' + yy % 10), out[4] = '-', out[5] = (char)('0' + mm / 10), out[6] = (char)('0' + mm % 10);
    out[7] = '-', out[8] = (char)('0' + dd / 10), out[9] = (char)('0' + dd % 10), out[10] = '\0';
}

int inc_url_site(const char *url, const char **site, size_t *len)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return 0;
    p += 3;
    if (strncmp(p, "www.", 4) == 0)
        p += 4;
    *site = p;
    *len = strcspn(p, "/:?#");
    return 1;
}

double inc_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 0.017453292519943295;
    double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
    double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);
    return 6371.0 * 2 * atan2(sqrt(a), sqrt(1 - a));
}

static void cpy(char *dst, size_t cap, const json_t *v)
{
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    snprintf(dst, cap, "%s", s);
}

static int prec_code(const char *s, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (s && strcmp(s, names[i]) == 0)
            return i + 1;
    return 0;
}

int inc_event_from_json(const json_t *ev, const char *doc_id, const char *published, inc_event *e)
{
    memset(e, 0, sizeof *e);
    e->published = inc_day(published);
    e->killed = -1;
    if (!json_is_object(ev) || !json_is_string(json_object_get(ev, "id")) ||
        !json_is_string(json_object_get(ev, "kind")))
        return -1;
    cpy(e->id, sizeof e->id, json_object_get(ev, "id"));
    snprintf(e->doc_id, sizeof e->doc_id, "%s", doc_id ? doc_id : "");
    cpy(e->kind, sizeof e->kind, json_object_get(ev, "kind"));
    cpy(e->event_type, sizeof e->event_type, json_object_get(ev, "event_type"));
    cpy(e->sub_event_type, sizeof e->sub_event_type, json_object_get(ev, "sub_event_type"));
    cpy(e->cameo, sizeof e->cameo, json_object_get(ev, "cameo"));
    e->background = json_is_true(json_object_get(ev, "background"));
    e->violent = json_is_string(json_object_get(ev, "attack_type"));
    const json_t *d = json_object_get(ev, "date");
    if (json_is_object(d)) {
        static const char *const dp[] = {"day", "week", "month", "year", NULL};
        e->day_start = inc_day(json_string_value(json_object_get(d, "start")));
        e->day_end = inc_day(json_string_value(json_object_get(d, "end")));
        e->date_prec = prec_code(json_string_value(json_object_get(d, "precision")), dp);
        e->date_assumed = json_is_true(json_object_get(d, "assumed"));
        if (e->day_start < 0 || e->date_prec == 0)
            e->date_prec = 0;
        else if (e->day_end < e->day_start)
            e->day_end = e->day_start;
    }
    const json_t *l = json_object_get(ev, "location");
    if (json_is_object(l)) {
        static const char *const lp[] = {"city", "admin2", "admin1", "country", NULL};
        cpy(e->cc, sizeof e->cc, json_object_get(l, "country_code"));
        cpy(e->admin1, sizeof e->admin1, json_object_get(l, "admin1"));
        cpy(e->place, sizeof e->place, json_object_get(l, "name"));
        e->loc_prec = prec_code(json_string_value(json_object_get(l, "precision")), lp);
        if (!json_is_number(json_object_get(l, "lat")) || !json_is_number(json_object_get(l, "lon")))
            e->loc_prec = e->cc[0] ? INC_L_COUNTRY : INC_L_NONE;
        e->lat = json_number_value(json_object_get(l, "lat"));
        e->lon = json_number_value(json_object_get(l, "lon"));
        if (e->loc_prec == INC_L_NONE && e->cc[0])
            e->loc_prec = INC_L_COUNTRY;
    }
    const json_t *c = json_object_get(ev, "claimed_by");
    const json_t *a1 = json_object_get(ev, "actor1");
    if (json_is_object(c)) {
        cpy(e->perp, sizeof e->perp, json_object_get(c, "name"));
        e->claimed = e->perp[0] != '\0';
    }
    else if (json_is_object(a1) && e->violent) {
        const char *t = json_string_value(json_object_get(a1, "type"));
        if (t && (strcmp(t, "rebel group") == 0 || strcmp(t, "political militia") == 0 ||
                  strcmp(t, "identity militia") == 0)) {
            cpy(e->perp, sizeof e->perp, json_object_get(a1, "name"));
            if (strncasecmp(e->perp, "unidentified", 12) == 0 || strncasecmp(e->perp, "unknown", 7) == 0)
                e->perp[0] = '\0'; /* an unidentified group names no perpetrator */
        }
    }
    cpy(e->target_type, sizeof e->target_type, json_object_get(json_object_get(ev, "target"), "type"));
    const json_t *k = json_object_get(ev, "killed");
    if (json_is_object(k) && json_is_integer(json_object_get(k, "min"))) {
        e->killed = (long)json_integer_value(json_object_get(k, "min"));
        e->killed_revised = json_is_true(json_object_get(k, "revised"));
    }
    return 0;
}

static int cameo_root(const char *c)
{
    return (c[0] >= '0' && c[0] <= '9' && c[1] >= '0' && c[1] <= '9') ? (c[0] - '0') * 10 + (c[1] - '0') : -1;
}

int inc_family(const char *event_type)
{
    static const char *const violence[] = {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                           NULL};
    static const char *const demonstrations[] = {"Protests", "Riots", NULL};
    if (prec_code(event_type, violence))
        return INC_F_VIOLENCE;
    if (prec_code(event_type, demonstrations))
        return INC_F_DEMONSTRATIONS;
    return event_type && strcmp(event_type, "Strategic developments") == 0 ? INC_F_STRATEGIC : INC_F_NONE;
}

int inc_timeless(const inc_event *e)
{
    return !e->date_prec && e->published < 0;
}

/* Does kind name violence without its means or form ("attack", "killing"), so
 * that the sub-event type coded from it is a default, not a fact? */
static int kind_generic(const char *kind)
{
    return strcmp(kind, "attack") == 0 || strcmp(kind, "killing") == 0;
}

/* Does a target type of a agree with one of b's (or b's with one of a's)? A
 * core (inc_core) holds up to three: an airport and a metro station are both
 * the targets of one attack. Unknown targets agree with nothing. */
static int targets_agree(const inc_event *a, const inc_event *b)
{
    if (!a->target_type[0] || !b->target_type[0])
        return 0;
    if (strcmp(a->target_type, b->target_type) == 0)
        return 1;
    for (int k = 0; k < 2; k++)
        if (strcmp(a->target_type, b->other_targets[k]) == 0 || strcmp(b->target_type, a->other_targets[k]) == 0)
            return 1;
    return 0;
}

#define ADD(...) (void)(why && (w += (size_t)snprintf(why + w, w < whylen ? whylen - w : 0, __VA_ARGS__), 1))
#define NO(...) do { if (why && whylen) snprintf(why, whylen, __VA_ARGS__); return 0; } while (0)

double inc_match(const inc_event *a, const inc_event *b, char *why, size_t whylen)
{
    size_t w = 0;
    if (why && whylen)
        why[0] = '\0';
    double score = 10;
    /* 1. types */
    if (a->violent != b->violent)
        NO("one violent, one not");
    int fa = inc_family(a->event_type), fb = inc_family(b->event_type);
    if (!a->violent) {
        if (strcmp(a->kind, b->kind) != 0)
            NO("kinds %s/%s differ", a->kind, b->kind);
        ADD("same kind %s", a->kind);
    } else if (a->event_type[0] && strcmp(a->event_type, b->event_type) == 0) {
        ADD("same type %s", a->event_type);
        score += 2;
    } else if (fa && fb) {
        if (fa != fb)
            NO("types %s/%s of different families", a->event_type, b->event_type);
        ADD("types %s/%s of one family", a->event_type, b->event_type);
    } else {
        int ra = cameo_root(a->cameo), rb = cameo_root(b->cameo);
        if (ra < 18 || ra > 20 || rb < 18 || rb > 20)
            NO("types %s/%s incompatible", a->event_type, b->event_type);
        ADD("compatible CAMEO %s/%s", a->cameo, b->cameo);
    }
    if (a->sub_event_type[0] && strcmp(a->sub_event_type, b->sub_event_type) == 0)
        score += 1;
    else if (strcmp(a->sub_event_type, "Air/drone strike") == 0 || strcmp(b->sub_event_type, "Air/drone strike") == 0)
        NO("an air/drone strike and a %s", strcmp(a->sub_event_type, "Air/drone strike") == 0
                                               ? (b->sub_event_type[0] ? b->sub_event_type : b->kind)
                                               : (a->sub_event_type[0] ? a->sub_event_type : a->kind));
    /* 2. places */
    if (a->loc_prec == INC_L_NONE || b->loc_prec == INC_L_NONE)
        NO("a place is unknown");
    if (a->cc[0] && b->cc[0] && strcmp(a->cc, b->cc) != 0)
        NO("countries %s/%s differ", a->cc, b->cc);
    int lp = a->loc_prec > b->loc_prec ? a->loc_prec : b->loc_prec;
    int same_perp = a->perp[0] && strcasecmp(a->perp, b->perp) == 0;
    double km = -1;
    int same_city = 0;
    if (lp <= INC_L_ADMIN2) {
        km = inc_km(a->lat, a->lon, b->lat, b->lon);
        double lim = lp == INC_L_CITY ? 25 : 60;
        same_city = lp == INC_L_CITY && km <= 25;
        if (km <= lim) {
            ADD("; %.1f km apart", km);
            score -= km / lim;
        } else if (km <= 150 && same_perp && a->admin1[0] && strcasecmp(a->admin1, b->admin1) == 0) {
            ADD("; %.0f km apart in %s by the same perpetrator", km, a->admin1);
            score -= 2;
        } else
            NO("%.0f km apart (limit %.0f)", km, lim);
    } else if (lp == INC_L_ADMIN1) {
        if (!a->admin1[0] || strcasecmp(a->admin1, b->admin1) != 0)
            NO("admin1 %s/%s differ", a->admin1[0] ? a->admin1 : "?", b->admin1[0] ? b->admin1 : "?");
        ADD("; same admin1 %s", a->admin1);
        score -= 2;
    } else {
        ADD("; same country %s", a->cc);
        score -= 4;
    }
    /* 3. dates (a coarse place needs a precise date) */
    if (lp >= INC_L_ADMIN1 && (a->date_prec >= INC_P_MONTH || b->date_prec >= INC_P_MONTH || !a->date_prec ||
                               !b->date_prec))
        NO("too vague to match: %s-level place and %s date", lp == INC_L_ADMIN1 ? "admin1" : "country",
           (!a->date_prec || !b->date_prec) ? "no" : "month- or year-level");
    long as = a->day_start, ae = a->day_end, bs = b->day_start, be = b->day_end;
    int ap = a->date_prec, bp = b->date_prec;
    if (inc_timeless(a) || inc_timeless(b)) {
        /* neither a date nor a publication day: only the same city, type family,
         * sub-event type (unless a generic word named each report that has
         * neither: "the attacks" joins the bombing, "the shelling" never joins
         * "a killing") and target (the caller joins it only to the one
         * incident it can be) */
        if (!same_city)
            NO("undated and unpublished: the same city is needed");
        int generic = (!inc_timeless(a) || kind_generic(a->kind)) && (!inc_timeless(b) || kind_generic(b->kind));
        if (!generic && (!a->sub_event_type[0] || strcmp(a->sub_event_type, b->sub_event_type) != 0))
            NO("undated and unpublished: sub-event types %s/%s differ", a->sub_event_type, b->sub_event_type);
        if (!targets_agree(a, b))
            NO("undated and unpublished: targets %s/%s differ", a->target_type[0] ? a->target_type : "?",
               b->target_type[0] ? b->target_type : "?");
        ADD("; undated and unpublished, same city, %s and target", generic ? "type family" : "sub-event type");
        score -= 5;
    } else if (!ap || !bp) { /* an undated mention: a window ending at its document's date */
        const inc_event *u = !ap ? a : b, *o = !ap ? b : a;
        long os = o->date_prec ? o->day_start : o->published, oe = o->date_prec ? o->day_end : o->published;
        if (os < 0 || oe > u->published || os < u->published - 62)
            NO("undated mention: %s not in the 62 days before its report", o->date_prec ? "date" : "report");
        ADD("; undated mention within 62 days");
        score -= 3;
    } else {
        long gap = as > be ? as - be : bs > ae ? bs - ae : 0;
        int p = ap > bp ? ap : bp;
        long lim = p == INC_P_DAY ? 1 : p == INC_P_WEEK ? 7 : 0;
        const char *ext = "";
        /* a report cannot tell of a day after it was published: a date assumed
         * from publication ends where its report does */
        if ((a->date_assumed && a->published >= 0 && bs > a->published) ||
            (b->date_assumed && b->published >= 0 && as > b->published))
            NO("a report dated only by its publication cannot tell of a later day");
        if (p == INC_P_DAY && (a->date_assumed || b->date_assumed)) {
            lim = 3;
            ext = " (a date assumed from publication)";
        } else if (p == INC_P_DAY && same_city && a->published >= 0 && b->published >= 0 &&
                   a->published != b->published) {
            lim = 3;
            ext = " (follow-up report, same city)";
        }
        char d1[11], d2[11];
        inc_day_str(as, d1);
        inc_day_str(bs, d2);
        if (gap > lim)
            NO("dates %s/%s %ld days apart (limit %ld)", d1, d2, gap, lim);
        ADD("; dates %s/%s within %ld day%s%s", d1, d2, lim, lim == 1 ? "" : "s", ext);
        score -= (double)gap;
    }
    /* 4. actors */
    if (a->perp[0] && b->perp[0]) {
        if (!same_perp)
            NO("perpetrators %s/%s differ", a->perp, b->perp);
        ADD("; actor %s = %s", a->perp, b->perp);
        score += 2;
    }
    /* 5. figures: same day, same city, very different tolls, no revision */
    if (a->killed > 0 && b->killed > 0 && same_city && ap == INC_P_DAY && bp == INC_P_DAY && as == bs &&
        !a->killed_revised && !b->killed_revised) {
        long hi = a->killed > b->killed ? a->killed : b->killed, lo = a->killed < b->killed ? a->killed : b->killed;
        if ((hi - 1) / 4 >= lo) /* hi > 4 * lo, without overflow for any long */
            NO("same day and city but %ld and %ld killed", a->killed, b->killed);
    }
    return score > 0.5 ? score : 0.5;
}

/* ---- the core of an incident ---- */

/* The type an event counts under in a majority: its ACLED type, else its kind. */
static const char *type_of(const inc_event *e)
{
    return e->event_type[0] ? e->event_type : e->kind;
}

/* The distinct values of one field among an incident's members, each with
 * its first member and how many members have it; linear in the members. Past
 * TALLY_MAX distinct values the rest are not counted (an incident that large
 * is decided by its most common values). */
#define TALLY_MAX 256
typedef struct tally {
    size_t first[TALLY_MAX];
    int count[TALLY_MAX];
    int n;
} tally;

/* Count member i under the value that same(m, first member, i) says it shares. */
static void tally_add(tally *t, const inc_event *m, size_t i, int (*same)(const inc_event *, const inc_event *))
{
    for (int k = 0; k < t->n; k++)
        if (same(&m[t->first[k]], &m[i])) {
            t->count[k]++;
            return;
        }
    if (t->n < TALLY_MAX)
        t->first[t->n] = i, t->count[t->n++] = 1;
}

static int same_type(const inc_event *a, const inc_event *b)
{
    return strcmp(type_of(a), type_of(b)) == 0;
}

size_t inc_pick_type(const inc_event *m, size_t n)
{
    int any_current = 0;
    for (size_t i = 0; i < n; i++)
        any_current |= !m[i].background;
    tally t = {.n = 0};
    for (size_t i = 0; i < n; i++)
        if (!(any_current && m[i].background))
            tally_add(&t, m, i, same_type);
    int best = 0;
    for (int k = 1; k < t.n; k++)
        if (t.count[k] > t.count[best])
            best = k;
    return t.n ? t.first[best] : 0;
}

/* Do the places of p and q agree at the precision both have? */
static int place_consistent(const inc_event *p, const inc_event *q)
{
    if (p->loc_prec == INC_L_NONE || q->loc_prec == INC_L_NONE || strcmp(p->cc, q->cc) != 0)
        return 0;
    int lp = p->loc_prec > q->loc_prec ? p->loc_prec : q->loc_prec;
    if (lp <= INC_L_ADMIN2)
        return inc_km(p->lat, p->lon, q->lat, q->lon) <= (lp == INC_L_CITY ? 25 : 60);
    if (lp == INC_L_ADMIN1)
        return !p->admin1[0] || !q->admin1[0] || strcasecmp(p->admin1, q->admin1) == 0;
    return 1;
}

/* Are p and q the same place (one gazetteer entry at one precision)? */
static int same_place(const inc_event *p, const inc_event *q)
{
    return p->loc_prec == q->loc_prec && p->lat == q->lat && p->lon == q->lon && strcmp(p->cc, q->cc) == 0 &&
           strcasecmp(p->admin1, q->admin1) == 0;
}

size_t inc_pick_place(const inc_event *m, size_t n, size_t fallback)
{
    tally t = {.n = 0};
    for (size_t i = 0; i < n; i++)
        if (m[i].loc_prec != INC_L_NONE)
            tally_add(&t, m, i, same_place);
    size_t best = fallback;
    long bests = -1;
    for (int k = 0; k < t.n; k++) {
        const inc_event *p = &m[t.first[k]];
        long sup = 0;
        for (int j = 0; j < t.n; j++)
            sup += place_consistent(p, &m[t.first[j]]) ? t.count[j] : 0;
        if (sup > bests || (sup == bests && p->loc_prec < m[best].loc_prec))
            best = t.first[k], bests = sup;
    }
    return best;
}

size_t inc_pick_date(const inc_event *m, size_t n)
{
    size_t best = n;
    int bestr = 99;
    for (size_t i = 0; i < n; i++) {
        if (!m[i].date_prec)
            continue;
        int r = m[i].date_prec * 2 + (m[i].date_assumed != 0);
        if (r < bestr || (r == bestr && m[i].day_start < m[best].day_start))
            best = i, bestr = r;
    }
    return best;
}

static int same_perp(const inc_event *a, const inc_event *b)
{
    return strcasecmp(a->perp, b->perp) == 0;
}

/* The perpetrator of the core: a claimant's name when a member has one (its
 * perp is the claimant), else the most frequent named perpetrator. */
static const char *pick_perp(const inc_event *m, size_t n)
{
    tally t = {.n = 0};
    int claimed[TALLY_MAX] = {0};
    for (size_t i = 0; i < n; i++)
        if (m[i].perp[0])
            tally_add(&t, m, i, same_perp);
    for (size_t i = 0; i < n; i++)
        for (int k = 0; m[i].claimed && k < t.n; k++)
            if (same_perp(&m[t.first[k]], &m[i])) {
                claimed[k] = 1;
                break;
            }
    int best = -1;
    for (int k = 0; k < t.n; k++)
        if (best < 0 || t.count[k] + 1000 * claimed[k] > t.count[best] + 1000 * claimed[best])
            best = k;
    return best < 0 ? "" : m[t.first[best]].perp;
}

static int same_target(const inc_event *a, const inc_event *b)
{
    return strcmp(a->target_type, b->target_type) == 0;
}

/* Fill core->other_targets: the two target types other than core's own that
 * most current members name (all members when none is current). */
static void pick_other_targets(const inc_event *m, size_t n, inc_event *core)
{
    int any_current = 0;
    for (size_t i = 0; i < n; i++)
        any_current |= !m[i].background;
    tally t = {.n = 0};
    for (size_t i = 0; i < n; i++)
        if (m[i].target_type[0] && strcmp(m[i].target_type, core->target_type) != 0 &&
            !(any_current && m[i].background))
            tally_add(&t, m, i, same_target);
    memset(core->other_targets, 0, sizeof core->other_targets);
    for (int slot = 0; slot < 2; slot++) {
        int best = -1;
        for (int k = 0; k < t.n; k++)
            if (t.count[k] > 0 && (best < 0 || t.count[k] > t.count[best]))
                best = k;
        if (best < 0)
            break;
        memcpy(core->other_targets[slot], m[t.first[best]].target_type, sizeof core->other_targets[slot]);
        t.count[best] = 0;
    }
}

void inc_core(const inc_event *m, size_t n, inc_event *core)
{
    size_t t = inc_pick_type(m, n), p = inc_pick_place(m, n, t), d = inc_pick_date(m, n);
    *core = m[t];
    const inc_event *pl = &m[p];
    memcpy(core->cc, pl->cc, sizeof core->cc);
    memcpy(core->admin1, pl->admin1, sizeof core->admin1);
    memcpy(core->place, pl->place, sizeof core->place);
    core->lat = pl->lat, core->lon = pl->lon, core->loc_prec = pl->loc_prec;
    if (d < n)
        core->day_start = m[d].day_start, core->day_end = m[d].day_end, core->date_prec = m[d].date_prec,
        core->date_assumed = m[d].date_assumed;
    else
        core->day_start = core->day_end = -1, core->date_prec = 0, core->date_assumed = 0;
    core->published = -1;
    core->background = 1;
    for (size_t i = 0; i < n; i++) {
        if (m[i].published >= 0 && (core->published < 0 || m[i].published < core->published))
            core->published = m[i].published;
        core->background &= m[i].background;
        core->killed_revised |= m[i].killed_revised;
    }
    snprintf(core->perp, sizeof core->perp, "%s", pick_perp(m, n));
    pick_other_targets(m, n, core);
}

/* ---- reconciliation ---- */

typedef struct ord {
    const inc_member *m;
    long pub;
} ord;

static int ord_cmp(const void *x, const void *y)
{
    const ord *a = x, *b = y;
    long pa = a->pub < 0 ? 99999999 : a->pub, pb = b->pub < 0 ? 99999999 : b->pub;
    if (pa != pb)
        return pa < pb ? -1 : 1;
    return a->m->seq < b->m->seq ? -1 : a->m->seq > b->m->seq;
}

/* The figure (killed or wounded) by ACLED's rule: the lowest credible figure
 * among reports of the same day; a later report replaces it when larger; a
 * report saying "revised" replaces it either way. */
static const json_t *pick_figure(const ord *o, size_t n, const char *key)
{
    const json_t *cur = NULL;
    long curpub = -1;
    for (size_t i = 0; i < n; i++) {
        const json_t *f = json_object_get(o[i].m->event, key);
        if (!json_is_object(f) || !json_is_integer(json_object_get(f, "min")))
            continue;
        long v = (long)json_integer_value(json_object_get(f, "min"));
        if (!cur) {
            cur = f, curpub = o[i].pub;
            continue;
        }
        long cv = (long)json_integer_value(json_object_get(cur, "min"));
        int later = o[i].pub > curpub;
        if (json_is_true(json_object_get(f, "revised")) || (later && v > cv) || (!later && v < cv))
            cur = f, curpub = o[i].pub;
    }
    return cur;
}

/* The publisher of a report: the source its input named ("voa"), else its
 * URL's site without "www." ("voanews.com"), else JSON null. */
static json_t *report_publisher(const inc_member *m)
{
    if (m->source && *m->source)
        return json_string(m->source);
    const char *site;
    size_t n;
    return inc_url_site(m->url, &site, &n) && n ? json_stringn(site, n) : json_null();
}

json_t *inc_reconcile(const char *id, const inc_member *m, size_t n, inc_figure **hist, size_t *nhist)
{
    if (hist)
        *hist = NULL;
    if (nhist)
        *nhist = 0;
    if (n == 0)
        return NULL;
    ord *o = malloc(n * sizeof *o);
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++)
        o[i].m = &m[i], o[i].pub = inc_day(m[i].published);
    qsort(o, n, sizeof *o, ord_cmp);
    inc_event *facts = malloc(n * sizeof *facts);
    if (!facts) {
        free(o);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        inc_event_from_json(o[i].m->event, o[i].m->doc_id, o[i].m->published, &facts[i]);
    /* the base (type, actors, the rest): the first report of the members' majority type */
    size_t base = inc_pick_type(facts, n), bestl = inc_pick_place(facts, n, base), bestd = inc_pick_date(facts, n);
    free(facts);
    json_t *inc = json_deep_copy(o[base].m->event);
    if (!inc) {
        free(o);
        return NULL;
    }
    json_object_del(inc, "evidence");
    json_object_del(inc, "trigger");
    json_object_set_new(inc, "id", json_string(id));
    int all_bg = 1;
    for (size_t i = 0; i < n; i++)
        all_bg &= json_is_true(json_object_get(o[i].m->event, "background"));
    json_object_set_new(inc, "background", json_boolean(all_bg));
    /* figures */
    static const char *const figs[] = {"killed", "wounded", "kidnapped", "arrested"};
    for (int k = 0; k < 4; k++) {
        const json_t *f = pick_figure(o, n, figs[k]);
        json_object_set_new(inc, figs[k], f ? json_deep_copy(f) : json_null());
    }
    /* place: the most precise consistent with most members; date: the most precise stated */
    json_object_set(inc, "location", json_object_get(o[bestl].m->event, "location"));
    json_object_set_new(inc, "date", bestd < n ? json_deep_copy(json_object_get(o[bestd].m->event, "date"))
                                               : json_null());
    /* perpetrator: the claimant, else the most reported actor1 */
    const json_t *claim = NULL;
    for (size_t i = 0; i < n && !claim; i++)
        if (json_is_object(json_object_get(o[i].m->event, "claimed_by")))
            claim = json_object_get(o[i].m->event, "claimed_by");
    json_object_set(inc, "claimed_by", claim ? (json_t *)claim : json_null());
    const json_t *a1 = NULL;
    int best = 0;
    const char *cname = claim ? json_string_value(json_object_get(claim, "name")) : NULL;
    for (size_t i = 0; i < n; i++) {
        const json_t *ai = json_object_get(o[i].m->event, "actor1");
        const char *ni = json_string_value(json_object_get(ai, "name"));
        if (!ni)
            continue;
        int cnt = 0;
        for (size_t j = 0; j < n; j++) {
            const char *nj = json_string_value(json_object_get(json_object_get(o[j].m->event, "actor1"), "name"));
            cnt += nj && strcmp(ni, nj) == 0;
        }
        if (cname && strcmp(ni, cname) == 0)
            cnt += 1000;
        if (cnt > best)
            best = cnt, a1 = ai;
    }
    if (cname && (!a1 || strcmp(json_string_value(json_object_get(a1, "name")), cname) != 0)) {
        json_t *ca = json_pack("{s:s,s:s,s:n}", "name", cname, "type", "unknown", "country");
        if (ca && json_object_get(claim, "code")) /* the claimant's CAMEO code, when it was coded with one */
            json_object_set(ca, "code", json_object_get(claim, "code"));
        json_object_set_new(inc, "actor1", ca);
    } else
        json_object_set(inc, "actor1", a1 ? (json_t *)a1 : json_null());
    /* documents, their publishers, urls, sources, reporting dates */
    json_t *docs = json_array(), *urls = json_array(), *src = json_array(), *pubs = json_array();
    const char *first = NULL, *last = NULL;
    for (size_t i = 0; i < n; i++) {
        const inc_member *mi = o[i].m;
        int seen = 0;
        for (size_t j = 0; j < json_array_size(docs); j++)
            seen |= strcmp(json_string_value(json_array_get(docs, j)), mi->doc_id) == 0;
        if (!seen) {
            json_array_append_new(docs, json_string(mi->doc_id));
            json_array_append_new(pubs, report_publisher(mi));
            if (mi->url && *mi->url)
                json_array_append_new(urls, json_string(mi->url));
        }
        if (mi->published && inc_day(mi->published) >= 0) {
            if (!first || strcmp(mi->published, first) < 0)
                first = mi->published;
            if (!last || strcmp(mi->published, last) > 0)
                last = mi->published;
        }
        json_t *s = json_object_get(mi->event, "sources");
        for (size_t j = 0; j < json_array_size(s); j++) {
            const char *sv = json_string_value(json_array_get(s, j));
            int dup = !sv;
            for (size_t k = 0; !dup && k < json_array_size(src); k++)
                dup = strcmp(json_string_value(json_array_get(src, k)), sv) == 0;
            if (!dup)
                json_array_append_new(src, json_string(sv));
        }
    }
    json_object_set_new(inc, "sources", src);
    json_object_set_new(inc, "documents", docs);
    json_object_set_new(inc, "publishers", pubs);
    json_object_set_new(inc, "urls", urls);
    json_object_set_new(inc, "first_reported", first ? json_stringn(first, 10) : json_null());
    json_object_set_new(inc, "last_reported", last ? json_stringn(last, 10) : json_null());
    json_object_set_new(inc, "notes", json_null());
    /* history */
    if (hist) {
        inc_figure *h = malloc(2 * n * sizeof *h);
        size_t k = 0;
        for (size_t i = 0; h && i < n; i++)
            for (int w = 0; w < 2; w++) {
                const json_t *f = json_object_get(o[i].m->event, w ? "wounded" : "killed");
                if (!json_is_object(f) || !json_is_integer(json_object_get(f, "min")))
                    continue;
                const json_t *mx = json_object_get(f, "max");
                h[k++] = (inc_figure){o[i].m->doc_id, o[i].m->published, w,
                                      (long)json_integer_value(json_object_get(f, "min")),
                                      json_is_integer(mx) ? (long)json_integer_value(mx) : -1,
                                      json_is_true(json_object_get(f, "approximate"))};
            }
        *hist = h;
        if (nhist)
            *nhist = h ? k : 0;
    }
    free(o);
    return inc;
}
