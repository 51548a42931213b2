/*
 * formats_codebook.c - the rows of the codebook exports (see formats.h and
 * docs/formats.md): ACLED-style CSV, GTD-style CSV and the CAMEO/Phoenix event
 * table, each checked against ../shared/reference/codebooks.md: ACLED actor
 * names, inter and interaction codes, numeric ISO codes, regions, precisions,
 * notes and sources; GTD types with their codebook numbers and subtypes,
 * specificity, success, multiple, claims and perpetrator deaths; CAMEO actor
 * codes, root codes, quad classes and Goldstein scores. The mappings an analyst
 * may extend come from data/ (export_codes.h); the codebooks' fixed code lists
 * are here.
 */
#include "formats_int.h"
#include "incident.h" /* inc_url_site */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- dates ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* The date of a day number, as YYYY-MM-DD into buf. */
static void civil_from_days(long z, char *buf, size_t cap)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
    snprintf(buf, cap, "%04d-%02d-%02d", (int)(yoe + era * 400 + (m <= 2)), m, d);
}

/* The day number of a YYYY-MM-DD string, or -1 when s is not one. */
static long day_of(const char *s)
{
    int y, m, d;
    if (!s || strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    return days_from_civil(y, m, d);
}

/* The date an ACLED row gives an incident (YYYY-MM-DD into buf): the day; the
 * middle of a week's or part-month's range; the 15th of a whole month. NULL
 * when undated or dated only to a year (ACLED drops those). */
static const char *acled_date(json_t *o, char *buf, size_t cap)
{
    const char *prec = fmt_str(o, "date", "precision"), *start = fmt_str(o, "date", "start");
    long s = day_of(start), e = day_of(fmt_str(o, "date", "end"));
    if (s < 0 || !prec || strcmp(prec, "year") == 0)
        return NULL;
    char next[32] = "";
    if (e >= s)
        civil_from_days(e + 1, next, sizeof next);
    int whole_month = strcmp(prec, "month") == 0 && start[8] == '0' && start[9] == '1' &&
                      (e < 0 || (e - s < 31 && strcmp(next + 8, "01") == 0));
    if (whole_month) /* ACLED: the middle of the month */
        snprintf(buf, cap, "%.8s15", start);
    else /* the middle of the stated range ("early April": the 5th) */
        civil_from_days(e >= s ? s + (e - s) / 2 : s, buf, cap);
    return buf;
}

/* ---- the note: one sentence from the coded fields ---- */

typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

/* Append printf-style text; what does not fit is cut. */
static void sb_add(sbuf *b, const char *fmt, ...)
{
    if (b->n + 1 >= b->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        b->n = b->n + (size_t)k < b->cap ? b->n + (size_t)k : b->cap - 1;
}

/* "On 11 March 2025, " / "Around ..." / "In March 2025, " / "In 2025, "; nothing undated. */
static void note_when(sbuf *b, json_t *o)
{
    static const char *const months[] = {"January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December"};
    const char *d = fmt_str(o, "date", "start"), *prec = fmt_str(o, "date", "precision");
    int y, m, day;
    if (!d || !prec || sscanf(d, "%4d-%2d-%2d", &y, &m, &day) != 3 || m < 1 || m > 12)
        return;
    if (strcmp(prec, "day") == 0)
        sb_add(b, "On %d %s %d, ", day, months[m - 1], y);
    else if (strcmp(prec, "week") == 0)
        sb_add(b, "In the week of %d %s %d, ", day, months[m - 1], y);
    else if (strcmp(prec, "month") == 0)
        sb_add(b, "In %s %d, ", months[m - 1], y);
    else
        sb_add(b, "In %d, ", y);
}

/* "in Quetta (Balochistan, Pakistan), ": the place, then its province and country when they differ. */
static void note_where(sbuf *b, json_t *o)
{
    const char *place = fmt_str(o, "location", "name"), *a1 = fmt_str(o, "location", "admin1");
    const char *country = fmt_str(o, "location", "country");
    if (!place)
        return;
    sb_add(b, "in %s", place);
    int paren = 0;
    if (a1 && strcmp(a1, place) != 0)
        sb_add(b, " (%s", a1), paren = 1;
    if (country && strcmp(country, place) != 0)
        sb_add(b, paren ? ", %s" : " (%s", country), paren = 1;
    sb_add(b, paren ? "), " : ", ");
}

/* "; 5 killed (3 policemen, 2 civilians), 4 wounded, according to police and officials". */
static void note_figures(sbuf *b, json_t *o)
{
    static const char *const figs[] = {"killed", "wounded", "kidnapped", "arrested"};
    int any = 0;
    for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
        if (!fmt_has_num(o, figs[i], "min"))
            continue;
        sb_add(b, any ? ", %lld" : "; %lld", (long long)fmt_num(o, figs[i], "min"));
        if (fmt_has_num(o, figs[i], "max"))
            sb_add(b, "-%lld", (long long)fmt_num(o, figs[i], "max"));
        sb_add(b, " %s", figs[i]);
        json_t *bd = json_object_get(json_object_get(o, figs[i]), "breakdown"), *part;
        size_t k, shown = 0;
        json_array_foreach(bd, k, part) {
            const char *who = fmt_str(part, "who", NULL);
            if (who && fmt_has_num(part, "count", NULL))
                sb_add(b, "%s%lld %s", shown++ ? ", " : " (", (long long)fmt_num(part, "count", NULL), who);
        }
        if (shown)
            sb_add(b, ")");
        any = 1;
    }
    json_t *src = json_object_get(o, "sources");
    size_t n = json_array_size(src);
    for (size_t i = 0; any && i < n; i++) /* "according to A, B and C" */
        sb_add(b, "%s%s", i == 0 ? ", according to " : i + 1 == n ? " and " : ", ",
               json_is_string(json_array_get(src, i)) ? json_string_value(json_array_get(src, i)) : "");
}

/* See formats_int.h. */
const char *fmt_note(const export_codes *c, json_t *o, const char *actor1, const char *actor2, int with_date,
                     char *buf, size_t cap)
{
    sbuf b = {buf, 0, cap};
    buf[0] = '\0';
    const char *et = fmt_str(o, "event_type", NULL), *sub = fmt_str(o, "sub_event_type", NULL);
    const char *a1 = actor1 ? actor1 : fmt_str(o, "actor1", "name");
    const char *a2 = actor2 ? actor2 : fmt_str(o, "actor2", "name"), *target = fmt_str(o, "target", "text");
    const char *object = a2 ? a2 : target;
    const char *verb = export_note_verb(c, et, sub, object != NULL);
    if (with_date)
        note_when(&b, o);
    note_where(&b, o);
    sb_add(&b, "%s %s", a1 ? a1 : "an unidentified actor",
           verb ? verb : object ? "acted against" : fmt_str(o, "kind", NULL) ? fmt_str(o, "kind", NULL) : "acted");
    if (object)
        sb_add(&b, " %s", object);
    if (a2 && target && strcmp(target, a2) != 0)
        sb_add(&b, " (%s)", target);
    note_figures(&b, o);
    const char *claim = fmt_str(o, "claimed_by", "name");
    if (claim)
        sb_add(&b, "; %s claimed responsibility", claim);
    sb_add(&b, ".");
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

/* ---- shared by the codebook rows ---- */

/* tmpl with its "%s" replaced by country, into buf (not used as a format string:
 * the template comes from a data file). */
static const char *expand_template(const char *tmpl, const char *country, char *buf, size_t cap)
{
    const char *pct = strstr(tmpl, "%s");
    if (!pct)
        snprintf(buf, cap, "%s", tmpl);
    else
        snprintf(buf, cap, "%.*s%s%s", (int)(pct - tmpl), tmpl, country ? country : "", pct + 2);
    return buf;
}

/* The digits of an incident id ("INC-000042" -> "000042"), into buf. */
static const char *id_digits(const char *id, char *buf, size_t cap)
{
    size_t n = 0;
    for (const char *p = id; p && *p && n + 1 < cap; p++)
        if (*p >= '0' && *p <= '9')
            buf[n++] = *p;
    buf[n] = '\0';
    return buf;
}

/* ---- ACLED ---- */

const char *const fmt_acled_cols[] = {
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp"};
const int fmt_acled_ncols = NCOLS(fmt_acled_cols);

/* ACLED's inter code of an actor type: 1 state forces ... 8 external/other forces;
 * an unidentified armed group ("unknown", or any actor named "Unidentified Armed
 * Group (X)") is coded 3, political militia, as ACLED does; 0 for anything else. */
static int inter_code(const char *name, const char *type)
{
    if (name && cameo_name_fits(name, "Unidentified Armed Group (%s)"))
        return 3;
    static const char *const types[] = {"state forces", "rebel group", "political militia", "identity militia",
                                        "rioters", "protesters", "civilians", "external/other forces"};
    for (int i = 0; type && i < 8; i++)
        if (strcmp(types[i], type) == 0)
            return i + 1;
    return fmt_eq(type, "unknown") ? 3 : 0;
}

/* The ACLED disorder type of an event type and sub-event type. */
static const char *disorder_type(const char *event_type, const char *sub)
{
    if (fmt_eq(sub, "Excessive force against protesters"))
        return "Political violence; Demonstrations";
    if (fmt_eq(sub, "Mob violence"))
        return "Political violence";
    if (fmt_eq(event_type, "Protests") || fmt_eq(event_type, "Riots"))
        return "Demonstrations";
    if (fmt_eq(event_type, "Strategic developments"))
        return "Strategic developments";
    return "Political violence";
}

/* 1 when an actor object carries a name in ACLED's style: an actor of one of
 * ACLED's types from the dictionaries (named groups, "Military Forces of X",
 * "Protesters (X)", ...), or "Unidentified Armed Group (X)". Speakers the
 * engine met in statements ("analyst", "VOA") are not. */
static int acled_named(json_t *actor)
{
    const char *name = fmt_str(actor, "name", NULL), *type = fmt_str(actor, "type", NULL);
    if (!name || !type)
        return 0;
    if (strcmp(type, "unknown") == 0)
        return cameo_name_fits(name, "Unidentified Armed Group (%s)");
    return inter_code(name, type) > 0;
}

typedef struct acled_actor {
    const char *name, *type;
    char buf[256];
} acled_actor;

/* Actor `which` (1 or 2) as ACLED names it: the incident's when it is in
 * ACLED's style, else the default of data/export-codes.txt for the event
 * type, in the country of the event. a->name is NULL when there is none. */
static void pick_acled_actor(const export_codes *c, json_t *o, int which, acled_actor *a)
{
    json_t *actor = json_object_get(o, which == 1 ? "actor1" : "actor2");
    a->name = a->type = NULL;
    if (acled_named(actor)) {
        a->name = fmt_str(actor, "name", NULL), a->type = fmt_str(actor, "type", NULL);
        return;
    }
    const default_actor *d =
        export_default_actor(c, which, fmt_str(o, "event_type", NULL), fmt_str(o, "sub_event_type", NULL));
    const char *country = fmt_str(o, "location", "country");
    if (d && country) {
        a->name = expand_template(d->name_template, country, a->buf, sizeof a->buf);
        a->type = d->type;
    }
}

/* ACLED's source and source_scale: the publishers of the incident's reports
 * (the reconciled "publishers": each report's source field, else its site;
 * for an incident stored before those, its URLs), a listed publisher's name,
 * else the name as given, "; "-joined, and their scales, "-"-joined, each once. */
static void acled_sources(const export_codes *c, json_t *o, char *src, size_t scap, char *scale, size_t ccap)
{
    size_t i, ns = 0, nc = 0;
    json_t *u, *pubs = json_object_get(o, "publishers");
    src[0] = scale[0] = '\0';
    json_array_foreach(json_array_size(pubs) ? pubs : json_object_get(o, "urls"), i, u) {
        const char *sc = NULL, *url = json_string_value(u);
        const char *pub = export_publisher(c, url, &sc);
        char site[256] = "";
        const char *p;
        size_t n;
        if (!pub && inc_url_site(url, &p, &n)) {
            snprintf(site, sizeof site, "%.*s", (int)n, p);
            pub = site;
        } else if (!pub)
            pub = url; /* a publisher the table does not list, as its report named it */
        if (pub && *pub && !strstr(src, pub) && ns < scap)
            ns += (size_t)snprintf(src + ns, scap - ns, "%s%s", ns ? "; " : "", pub);
        if (sc && !strstr(scale, sc) && nc < ccap)
            nc += (size_t)snprintf(scale + nc, ccap - nc, "%s%s", nc ? "-" : "", sc);
    }
}

/* Why ACLED would not record the incident, or -1 when it would: an event type,
 * a place finer than the country, a date finer than the year, an actor1. */
static int acled_left_reason(json_t *o, const acled_actor *a1, const char *date)
{
    const char *prec = fmt_str(o, "location", "precision");
    if (!fmt_str(o, "event_type", NULL))
        return LEFT_NO_EVENT_TYPE;
    if (!prec || !fmt_str(o, "location", "country"))
        return LEFT_NO_PLACE;
    if (strcmp(prec, "country") == 0)
        return LEFT_COUNTRY_ONLY;
    if (!date)
        return LEFT_VAGUE_DATE;
    if (!a1->name)
        return LEFT_NO_ACTOR;
    return -1;
}

/* inter1, inter2 and interaction as ACLED writes them: inter2 0 without an
 * actor 2; interaction the two codes with the lower first (10 for state forces
 * acting alone, 12 state forces and rebels). */
static void acled_inter(const acled_actor *a1, const acled_actor *a2, char i1[4], char i2[4], char ia[4])
{
    int c1 = inter_code(a1->name, a1->type), c2 = a2->name ? inter_code(a2->name, a2->type) : 0;
    int lo = c2 && c2 < c1 ? c2 : c1, hi = c2 && c2 < c1 ? c1 : c2;
    snprintf(i1, 4, "%d", c1);
    snprintf(i2, 4, "%d", c2);
    snprintf(ia, 4, "%d", lo * 10 + hi);
}

/* See formats_int.h. */
void fmt_add_acled(incident_writer *w, json_t *o)
{
    acled_actor a1, a2;
    char date[32], eid[32], digits[24], year[8], i1[4], i2[4], ia[4], lat[32], lon[32], fat[32], ts[24] = "";
    char src[1024], scale[128], notes[2048];
    pick_acled_actor(w->codes, o, 1, &a1);
    pick_acled_actor(w->codes, o, 2, &a2);
    const char *day = acled_date(o, date, sizeof date);
    int why = acled_left_reason(o, &a1, day);
    if (why >= 0) {
        fmt_leave_out(w, o, (enum left_reason)why);
        return;
    }
    if (a2.name && strcmp(a2.name, a1.name) == 0)
        a2.name = a2.type = NULL;
    const country_codes *cc = export_country(w->codes, fmt_str(o, "location", "country_code"));
    snprintf(eid, sizeof eid, "%s%s", cc ? cc->alpha3 : "XXX", id_digits(fmt_str(o, "id", NULL), digits, sizeof digits));
    acled_inter(&a1, &a2, i1, i2, ia);
    snprintf(fat, sizeof fat, "%lld", (long long)fmt_num(o, "killed", "min")); /* none reported: 0 (ACLED) */
    long last = day_of(fmt_str(o, "last_reported", NULL));
    if (last >= 0)
        snprintf(ts, sizeof ts, "%lld", (long long)last * 86400);
    acled_sources(w->codes, o, src, sizeof src, scale, sizeof scale);
    const char *prec = fmt_str(o, "location", "precision"), *et = fmt_str(o, "event_type", NULL);
    snprintf(year, sizeof year, "%.4s", day);
    const char *v[NCOLS(fmt_acled_cols)] = {
        eid, day, year,
        fmt_eq(fmt_str(o, "date", "precision"), "day") ? "1" : fmt_eq(fmt_str(o, "date", "precision"), "week") ? "2" : "3",
        disorder_type(et, fmt_str(o, "sub_event_type", NULL)), et, fmt_str(o, "sub_event_type", NULL), a1.name, NULL,
        i1, a2.name, NULL, i2, ia, fmt_eq(a2.type, "civilians") ? "Civilian targeting" : NULL,
        cc ? cc->numeric : NULL, cc ? cc->region : NULL, fmt_str(o, "location", "country"),
        fmt_str(o, "location", "admin1"), fmt_str(o, "location", "admin2"), NULL, fmt_str(o, "location", "name"),
        fmt_numtxt(lat, sizeof lat, o, "location", "lat", 4), fmt_numtxt(lon, sizeof lon, o, "location", "lon", 4),
        strcmp(prec, "city") == 0 ? "1" : strcmp(prec, "admin2") == 0 ? "2" : "3", src, scale,
        fmt_note(w->codes, o, a1.name, a2.name, 1, notes, sizeof notes), fat,
        fmt_eq(et, "Protests") || fmt_eq(et, "Riots") ? "crowd size=no report" : NULL, ts};
    fmt_row(w, fmt_csv_field, v, NCOLS(fmt_acled_cols));
    w->written++;
}

/* ---- GTD ---- */

const char *const fmt_gtd_cols[] = {
    "eventid", "iyear", "imonth", "iday", "approxdate", "extended", "country_txt", "provstate", "city",
    "latitude", "longitude", "specificity", "summary", "multiple", "success", "suicide", "attacktype1",
    "attacktype1_txt", "attacktype2", "attacktype2_txt", "targtype1", "targtype1_txt", "targsubtype1_txt",
    "target1", "gname", "guncertain1", "claimed", "claimmode", "claimmode_txt", "weaptype1", "weaptype1_txt",
    "weapsubtype1_txt", "weaptype2", "weaptype2_txt", "weapsubtype2_txt", "nkill", "nkillter", "nwound",
    "ishostkid", "nhostkid", "addnotes", "scite1", "dbsource"};
const int fmt_gtd_ncols = NCOLS(fmt_gtd_cols);

/* The GTD codebook's code lists (codebooks.md): the label of code i+1. */
static const char *const gtd_attack[] = {
    "Assassination", "Armed Assault", "Bombing/Explosion", "Hijacking", "Hostage Taking (Barricade Incident)",
    "Hostage Taking (Kidnapping)", "Facility/Infrastructure Attack", "Unarmed Assault", "Unknown", NULL};
static const char *const gtd_weapon[] = {
    "Biological", "Chemical", "Radiological", "Nuclear", "Firearms", "Explosives", "Fake Weapons", "Incendiary",
    "Melee", "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)", "Sabotage Equipment",
    "Other", "Unknown", NULL};
static const char *const gtd_target[] = {
    "Business", "Government (General)", "Police", "Military", "Abortion Related", "Airports & Aircraft",
    "Government (Diplomatic)", "Educational Institution", "Food or Water Supply", "Journalists & Media",
    "Maritime", "NGO", "Other", "Private Citizens & Property", "Religious Figures/Institutions",
    "Telecommunication", "Terrorists/Non-State Militia", "Tourists", "Transportation", "Unknown", "Utilities",
    "Violent Political Party", NULL};

/* The code of a label in a GTD list (the label, or its words before " ("), as
 * text into buf; *full is set to the codebook's label. "" when not listed. */
static const char *gtd_code(const char *const *list, const char *label, char *buf, size_t cap, const char **full)
{
    buf[0] = '\0';
    *full = label;
    for (int i = 0; label && list[i]; i++) {
        size_t n = strcspn(list[i], "(");
        n = n && list[i][n] == '(' ? n - 1 : strlen(list[i]);
        if (strcmp(list[i], label) == 0 || (strlen(label) == n && strncmp(list[i], label, n) == 0)) {
            snprintf(buf, cap, "%d", i + 1);
            *full = list[i];
            break;
        }
    }
    return buf;
}

/* Perpetrators among the dead (nkillter): the breakdown counts whose words name
 * attackers ("5 militants", "the bomber"), unless the perpetrator is a state's
 * force (whose dead "militants" were its targets); "" when no killed figure. */
static const char *gtd_nkillter(const export_codes *c, json_t *o, char *buf, size_t cap)
{
    long n = 0;
    size_t i;
    json_t *part;
    buf[0] = '\0';
    if (!fmt_has_num(o, "killed", "min"))
        return buf;
    int state = fmt_eq(fmt_str(o, "actor1", "type"), "state forces"); /* then "militants" are the targets */
    json_array_foreach(json_object_get(json_object_get(o, "killed"), "breakdown"), i, part) {
        const char *who = fmt_str(part, "who", NULL);
        char words[128];
        snprintf(words, sizeof words, "%s", who ? who : "");
        int attackers = 0;
        for (char *save = NULL, *t = strtok_r(words, " ", &save); t && !attackers; t = strtok_r(NULL, " ", &save))
            attackers = export_attacker_word(c, t);
        if (attackers && !state)
            n += (long)fmt_num(part, "count", NULL);
    }
    snprintf(buf, cap, "%ld", n);
    return buf;
}

/* GTD specificity: 1 a town with its own point; 2 a named place the gazetteer
 * lacks, placed at its district or province; 3 a district; 4 a province only;
 * 5 the country only (or no place). */
static int gtd_specificity(json_t *o)
{
    const char *p = fmt_str(o, "location", "precision");
    int named_elsewhere = json_is_false(json_object_get(json_object_get(o, "location"), "in_gazetteer"));
    if (fmt_eq(p, "city"))
        return 1;
    if ((fmt_eq(p, "admin2") || fmt_eq(p, "admin1")) && named_elsewhere)
        return 2;
    return fmt_eq(p, "admin2") ? 3 : fmt_eq(p, "admin1") ? 4 : 5;
}

/* The perpetrator group (gname) and whether it is only suspected
 * (guncertain1): the claimant, else a named actor1 (not an unidentified armed
 * group; uncertain when the reports only suspect it), else the first suspect
 * (uncertain), else "Unknown". */
static const char *gtd_gname(json_t *o, const char **uncertain)
{
    static const char uag[] = "Unidentified Armed Group (%s)";
    const char *claim = fmt_str(o, "claimed_by", "name"), *a1 = fmt_str(o, "actor1", "name");
    *uncertain = "0";
    if (claim)
        return claim;
    size_t i;
    json_t *s;
    const char *suspect = NULL;
    int a1_suspected = 0;
    json_array_foreach(json_object_get(o, "suspected"), i, s) {
        const char *name = fmt_str(s, "name", NULL);
        a1_suspected |= fmt_eq(name, a1);
        if (name && !suspect && !cameo_name_fits(name, uag))
            suspect = name;
    }
    if (a1 && !fmt_eq(fmt_str(o, "actor1", "type"), "unknown") && !cameo_name_fits(a1, uag)) {
        *uncertain = a1_suspected ? "1" : "0"; /* blamed, not claimed: GTD's suspected attribution */
        return a1;
    }
    if (suspect)
        return *uncertain = "1", suspect;
    return "Unknown";
}

/* See formats_int.h. */
void fmt_add_gtd(incident_writer *w, json_t *o)
{
    if (!fmt_str(o, "attack_type", NULL))
        fmt_leave_out(w, o, LEFT_NOT_ATTACK);
    else if (day_of(fmt_str(o, "date", "start")) < 0)
        fmt_leave_out(w, o, LEFT_UNDATED);
    else if (json_array_append(w->held, o) < 0)
        w->failed = 1;
    else
        w->written++;
}

/* 1 when incidents x and y name a report in common. */
static int share_document(json_t *x, json_t *y)
{
    json_t *dx = json_object_get(x, "documents"), *dy = json_object_get(y, "documents");
    for (size_t a = 0; a < json_array_size(dx); a++)
        for (size_t b = 0; b < json_array_size(dy); b++)
            if (fmt_eq(json_string_value(json_array_get(dx, a)), json_string_value(json_array_get(dy, b))))
                return 1;
    return 0;
}

/* 1 when held incident i shares a report with another attack of the same day
 * (GTD's "multiple": part of a set of attacks reported together). The held
 * incidents are in date order, so only neighbours of the same start date count. */
static int gtd_multiple(json_t *held, size_t i)
{
    json_t *x = json_array_get(held, i);
    const char *d = fmt_str(x, "date", "start");
    for (size_t j = i; j-- > 0 && fmt_eq(fmt_str(json_array_get(held, j), "date", "start"), d);)
        if (share_document(x, json_array_get(held, j)))
            return 1;
    for (size_t j = i + 1; j < json_array_size(held) && fmt_eq(fmt_str(json_array_get(held, j), "date", "start"), d); j++)
        if (share_document(x, json_array_get(held, j)))
            return 1;
    return 0;
}

/* GTD's date fields: iyear, imonth, iday (0 when not known to the month or
 * day), approxdate (the range, for a date vaguer than a day), extended (1 when
 * a day-precise incident lasted more than a day), and the eventid: YYYYMMDD
 * and a 4-digit number within that day. */
typedef struct gtd_date {
    char y[8], m[4], d[4], approx[32], extended[2], eventid[24], mdy[16];
} gtd_date;

static void gtd_dates(incident_writer *w, json_t *o, gtd_date *g)
{
    const char *start = fmt_str(o, "date", "start"), *end = fmt_str(o, "date", "end");
    const char *prec = fmt_str(o, "date", "precision");
    int day = fmt_eq(prec, "day"), year_only = fmt_eq(prec, "year");
    snprintf(g->y, sizeof g->y, "%.4s", start);
    snprintf(g->m, sizeof g->m, "%d", year_only ? 0 : atoi(start + 5));
    snprintf(g->d, sizeof g->d, "%d", day ? atoi(start + 8) : 0);
    snprintf(g->approx, sizeof g->approx, "%s%s%s", day ? "" : start, day ? "" : "/", day || !end ? "" : end);
    snprintf(g->extended, sizeof g->extended, "%d", day && end && day_of(end) > day_of(start));
    snprintf(g->mdy, sizeof g->mdy, "%02d/%02d/%s", atoi(g->m), atoi(g->d), g->y);
    char prefix[16];
    snprintf(prefix, sizeof prefix, "%s%02d%02d", g->y, atoi(g->m), atoi(g->d));
    json_int_t n = json_integer_value(json_object_get(w->seqs, prefix)) + 1;
    if (json_object_set_new(w->seqs, prefix, json_integer(n)) < 0)
        w->failed = 1;
    snprintf(g->eventid, sizeof g->eventid, "%s%04d", prefix, (int)(n % 10000));
}

/* One GTD row of held incident i. */
static void gtd_row(incident_writer *w, json_t *o, size_t i)
{
    gtd_date g;
    char a1[12], a2[12], t1[12], w1[12], w2[12], lat[32], lon[32], spec[4], nk[24], nkt[24], nw[24], nh[24];
    char summary[2100], note[2048], addnotes[1024], docs[900];
    const char *a1t, *a2t, *t1t, *w1t, *w2t, *uncertain;
    const char *weap1 = json_string_value(json_array_get(json_object_get(o, "weapons"), 0));
    const char *weap2 = json_string_value(json_array_get(json_object_get(o, "weapons"), 1));
    const char *sub = fmt_str(o, "sub_event_type", NULL), *cameo = fmt_str(o, "cameo", NULL);
    const char *claimed = fmt_str(o, "claimed_by", "name") ? "1" : json_is_true(json_object_get(o, "unclaimed")) ? "0" : "-9";
    int sp = gtd_specificity(o), hostages = fmt_num(o, "kidnapped", "min") > 0;
    gtd_dates(w, o, &g);
    snprintf(spec, sizeof spec, "%d", sp);
    gtd_code(gtd_attack, fmt_str(o, "attack_type", NULL), a1, sizeof a1, &a1t);
    gtd_code(gtd_attack, fmt_str(o, "attack_type2", NULL), a2, sizeof a2, &a2t);
    const char *ttype = fmt_str(o, "target", "type") ? fmt_str(o, "target", "type") : "Unknown";
    gtd_code(gtd_target, ttype, t1, sizeof t1, &t1t);
    gtd_code(gtd_weapon, weap1, w1, sizeof w1, &w1t);
    gtd_code(gtd_weapon, weap2, w2, sizeof w2, &w2t);
    hostages |= fmt_eq(a1t, gtd_attack[4]) || fmt_eq(a1t, gtd_attack[5]);
    snprintf(summary, sizeof summary, "%s: %s", g.mdy, fmt_note(w->codes, o, NULL, NULL, 0, note, sizeof note));
    snprintf(addnotes, sizeof addnotes, "tacitus %s; reports %s", fmt_str(o, "id", NULL) ? fmt_str(o, "id", NULL) : "",
             fmt_joined(docs, sizeof docs, json_object_get(o, "documents"), NULL, ", "));
    const char *v[NCOLS(fmt_gtd_cols)] = {
        g.eventid, g.y, g.m, g.d, g.approx[0] ? g.approx : NULL, g.extended, fmt_str(o, "location", "country"),
        fmt_str(o, "location", "admin1"), sp <= 3 ? fmt_str(o, "location", "name") : NULL,
        sp < 5 ? fmt_numtxt(lat, sizeof lat, o, "location", "lat", 6) : NULL,
        sp < 5 ? fmt_numtxt(lon, sizeof lon, o, "location", "lon", 6) : NULL, spec, summary,
        gtd_multiple(w->held, i) ? "1" : "0",
        fmt_eq(sub, "Disrupted weapons use") || fmt_eq(fmt_str(o, "kind", NULL), "defused") ? "0" : "1",
        json_is_true(json_object_get(o, "suicide")) ? "1" : "0", a1, a1t, a2, a2t, t1, t1t,
        export_target_subtype(w->codes, ttype, fmt_str(o, "target", "text")),
        fmt_str(o, "target", "text"), gtd_gname(o, &uncertain), uncertain, claimed,
        claimed[0] == '1' ? "10" : NULL, claimed[0] == '1' ? "Unknown" : NULL, w1, w1t,
        export_weapon_subtype(w->codes, weap1, sub, cameo), w2, w2t, export_weapon_subtype(w->codes, weap2, sub, cameo),
        fmt_numtxt(nk, sizeof nk, o, "killed", "min", -1), gtd_nkillter(w->codes, o, nkt, sizeof nkt),
        fmt_numtxt(nw, sizeof nw, o, "wounded", "min", -1), hostages ? "1" : "0",
        fmt_numtxt(nh, sizeof nh, o, "kidnapped", "min", -1), addnotes,
        json_string_value(json_array_get(json_object_get(o, "urls"), 0)), "tacitus"};
    fmt_row(w, fmt_csv_field, v, NCOLS(fmt_gtd_cols));
}

/* See formats_int.h. */
void fmt_finish_gtd(incident_writer *w)
{
    for (size_t i = 0; i < json_array_size(w->held); i++)
        gtd_row(w, json_array_get(w->held, i), i);
    json_array_clear(w->held);
}

/* ---- CAMEO / Phoenix ---- */

const char *const fmt_cameo_cols[] = {
    "eventid", "date", "year", "month", "day", "source", "source_root", "source_agent", "target", "target_root",
    "target_agent", "code", "root_code", "quad_class", "goldstein", "location", "admin1", "country_code",
    "latitude", "longitude", "doc_id", "url"};
const int fmt_cameo_ncols = NCOLS(fmt_cameo_cols);

/* CAMEO quad class of a root code (GDELT's QuadClass): 1 verbal cooperation
 * (01-05), 2 material cooperation (06-08), 3 verbal conflict (09-13), 4
 * material conflict (14-20). */
static int quad_class(int root)
{
    return root <= 0 ? 0 : root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
}

/* The Goldstein score of a CAMEO root code (the value of its "x0" code in the
 * CAMEO/GDELT tables; finer codes are scored by their root). */
static double goldstein(int root)
{
    static const double g[21] = {0, 0.0, 3.0, 4.0, 1.0, 3.5, 6.0, 7.0, 5.0, -2.0, -5.0,
                                 -2.0, -4.0, -6.0, -6.5, -7.2, -4.0, -7.0, -9.0, -10.0, -10.0};
    return root >= 1 && root <= 20 ? g[root] : 0.0;
}

/* The root (first two digits) of a CAMEO code, or 0 when it has none. */
static int cameo_root(const char *code)
{
    if (!code || strlen(code) < 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
        return 0;
    return (code[0] - '0') * 10 + (code[1] - '0');
}

/* An actor's CAMEO code into buf: the code the engine gave it ("code", null
 * when it knew none), else, for a record coded before actors carried one, the
 * code built the engine's way (actor_codes.h) from its name, type and country,
 * an official or speaker taking the sector of its title. "" when unknown. */
static const char *incident_actor_code(const export_codes *c, json_t *o, const char *key, char *buf, size_t cap)
{
    json_t *a = json_object_get(o, key);
    const char *name = fmt_str(a, "name", NULL), *kind = NULL;
    buf[0] = '\0';
    if (!name)
        return buf;
    if (json_object_get(a, "code"))
        return snprintf(buf, cap, "%s", fmt_str(a, "code", NULL) ? fmt_str(a, "code", NULL) : ""), buf;
    const cameo_codebook *cb = export_cameo_codebook(c);
    cameo_actor_in in = {.name = name, .type = fmt_str(a, "type", NULL), .cc = fmt_str(a, "country", NULL),
                         .event_cc = fmt_str(o, "location", "country_code")};
    if (!cameo_named_code(cb, name) && !cameo_role_of(cb, name, in.type)) {
        in.title_sector = export_title_sector(c, name, &kind);
        in.title_international = fmt_eq(kind, "international");
    }
    cameo_actor_code(cb, &in, buf, cap);
    return buf;
}

/* See formats_int.h. */
void fmt_add_cameo(incident_writer *w, json_t *o)
{
    const char *code = fmt_str(o, "cameo", NULL), *d = fmt_str(o, "date", "start");
    int root = cameo_root(code);
    if (!root) {
        fmt_leave_out(w, o, LEFT_NO_CAMEO);
        return;
    }
    d = day_of(d) >= 0 ? d : fmt_str(o, "first_reported", NULL); /* Phoenix dates an event by its story */
    if (day_of(d) < 0) {
        fmt_leave_out(w, o, LEFT_UNDATED);
        return;
    }
    char date[12], y[8], m[4], dd[4], src[64], tgt[64], sr[4], tr[4], rootc[4], quad[4], gold[16], lat[32], lon[32];
    snprintf(date, sizeof date, "%.4s%.2s%.2s", d, d + 5, d + 8);
    snprintf(y, sizeof y, "%.4s", d), snprintf(m, sizeof m, "%.2s", d + 5), snprintf(dd, sizeof dd, "%.2s", d + 8);
    incident_actor_code(w->codes, o, "actor1", src, sizeof src);
    incident_actor_code(w->codes, o, "actor2", tgt, sizeof tgt);
    snprintf(sr, sizeof sr, "%.3s", src), snprintf(tr, sizeof tr, "%.3s", tgt);
    snprintf(rootc, sizeof rootc, "%02d", root);
    snprintf(quad, sizeof quad, "%d", quad_class(root));
    snprintf(gold, sizeof gold, "%.1f", goldstein(root));
    const country_codes *cc = export_country(w->codes, fmt_str(o, "location", "country_code"));
    const char *v[NCOLS(fmt_cameo_cols)] = {
        fmt_str(o, "id", NULL), date, y, m, dd, src, sr, strlen(src) > 3 ? src + 3 : "", tgt, tr,
        strlen(tgt) > 3 ? tgt + 3 : "", code, rootc, quad, gold, fmt_str(o, "location", "name"),
        fmt_str(o, "location", "admin1"), cc ? cc->alpha3 : NULL, fmt_numtxt(lat, sizeof lat, o, "location", "lat", 4),
        fmt_numtxt(lon, sizeof lon, o, "location", "lon", 4),
        json_string_value(json_array_get(json_object_get(o, "documents"), 0)),
        json_string_value(json_array_get(json_object_get(o, "urls"), 0))};
    fmt_row(w, fmt_tsv_field, v, NCOLS(fmt_cameo_cols));
    w->written++;
}
