/*
 * eval.c - 'tacitus eval': code gold-annotated JSON Lines files and score each
 * field against the gold, per file. Understands the record formats of the
 * development sets (voa-annotated, ucdp-ged, petrarch, plover; unlabelled files
 * get counts only). --floors FILE fails (exit 5) when a score drops below its
 * floor; --errors FILE lists every miss with the gold, the output, the evidence
 * span and the text, grouped by field and by cause (and a count of the causes
 * goes to stdout). The type fields (ACLED event type, CAMEO root, PLOVER type)
 * also get a confusion table.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "contexts.h"
#include "engine.h"
#include "fold.h"
#include "input.h"

static const char help[] =
    "usage: tacitus eval [options] FILE.jsonl...\n"
    "\n"
    "Scores the coder against gold records and prints per-field accuracy for each file.\n"
    "Formats: voa-annotated (source \"voa\"; gold attack_type, target_type, weapon_type and\n"
    "actor1 are scored when present, as in tests/eval), UCDP GED headlines (\"ucdp-ged\"), PETRARCH\n"
    "records (\"petrarch2-*\": CAMEO root codes; records expecting PETRARCH's error for a malformed\n"
    "parse tree are not scored, their text being that of coded records), PLOVER records (\"plover-*\": PLOVER type, and\n"
    "the source actor's country: right when some event's actor1 code starts with the first three\n"
    "letters of one gold source actor's code; a second line counts only records with an event;\n"
    "and the PLOVER context: right when some event's plover.context holds one of the gold's,\n"
    "its older names read as today's: \"refugee\" as migration, \"rights\" as human_rights or\n"
    "rights_freedoms), and unlabelled stories (counts only).\n"
    "\n"
    "options:\n"
    "  --floors FILE    lines SET<TAB>FIELD<TAB>MIN (as tests/eval-floors.tsv); exit 5 if below\n"
    "  --errors FILE    write every miss to FILE (TSV: set, field, cause, id, gold, got,\n"
    "                   evidence, text), grouped by field and cause; count the causes\n"
    "  --json           print the scores as one JSON object instead of a table\n"
    "  --data DIR, --gazetteer FILE   as for 'tacitus code'\n";

#define MAX_FIELDS 16
#define MAX_CONFUSION 400 /* distinct (field, gold, coded) pairs kept per set */

typedef struct score {
    const char *name;
    long right, total;
} score;

/* How often a type field's gold value was coded as each value. */
typedef struct confusion {
    const char *field;
    char gold[48], got[48];
    long n;
} confusion;

typedef struct set_scores {
    char set[64];
    long records;
    score f[MAX_FIELDS];
    int nf;
    confusion conf[MAX_CONFUSION];
    int nconf;
} set_scores;

/* Count one (gold, got) pair of a type field; got NULL is "(none)". Pairs
 * past MAX_CONFUSION are not counted. */
static void confuse(set_scores *s, const char *field, const char *gold, const char *got)
{
    char g[48], o[48];
    snprintf(g, sizeof g, "%s", gold ? gold : "(none)");
    snprintf(o, sizeof o, "%s", got ? got : "(none)");
    for (int i = 0; i < s->nconf; i++)
        if (strcmp(s->conf[i].field, field) == 0 && strcmp(s->conf[i].gold, g) == 0 &&
            strcmp(s->conf[i].got, o) == 0) {
            s->conf[i].n++;
            return;
        }
    if (s->nconf == MAX_CONFUSION)
        return;
    confusion *c = &s->conf[s->nconf++];
    c->field = field;
    memcpy(c->gold, g, sizeof g);
    memcpy(c->got, o, sizeof o);
    c->n = 1;
}

/* The score named name in s, added when new. Past MAX_FIELDS, new names all
 * share the last slot. */
static score *field(set_scores *s, const char *name)
{
    for (int i = 0; i < s->nf; i++)
        if (strcmp(s->f[i].name, name) == 0)
            return &s->f[i];
    if (s->nf == MAX_FIELDS)
        return &s->f[MAX_FIELDS - 1];
    s->f[s->nf].name = name;
    return &s->f[s->nf++];
}

/* One miss, kept for the --errors report: each string malloc'd, on one line
 * (tabs and newlines made spaces). */
typedef struct miss {
    char *set, *field, *cause, *id, *gold, *got, *evidence, *text;
} miss;

typedef struct eval_ctx {
    tac_engine *e;
    tac_coder *c;
    FILE *errors;
    const char *title; /* the record being scored: its title, for evidence "in": "title" */
    miss *misses; /* with --errors */
    size_t nmiss, capmiss;
    int oom;      /* a miss could not be kept */
} eval_ctx;

/* A copy of at most max bytes of s (NULL: "null") on one line, cut at a UTF-8
 * boundary; NULL when out of memory. */
static char *one_line(const char *s, size_t max)
{
    if (!s)
        s = "null";
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    for (size_t i = 0; i < n; i++)
        o[i] = s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i];
    o[n] = '\0';
    return o;
}

/* The text of the first evidence span ev gives for field (bytes start..end of
 * the body, or of the title for a span "in": "title"), into buf (cut at a
 * character boundary); NULL when the event gives none. */
static const char *evidence_of(const eval_ctx *cx, json_t *ev, const char *fieldname, const char *text, char *buf,
                               size_t n)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(ev, "evidence"), i, e) {
        const char *f = json_string_value(json_object_get(e, "field"));
        const char *in = json_string_value(json_object_get(e, "in"));
        const char *src = in && strcmp(in, "title") == 0 ? cx->title : text;
        size_t len = src ? strlen(src) : 0;
        json_int_t a = json_integer_value(json_object_get(e, "start")), b = json_integer_value(json_object_get(e, "end"));
        if (!f || strcmp(f, fieldname) != 0 || a < 0 || b <= a || (size_t)b > len)
            continue;
        size_t k = (size_t)(b - a) < n ? (size_t)(b - a) : n - 1;
        while (k > 0 && ((unsigned char)src[a + k] & 0xC0) == 0x80 && (size_t)(b - a) > k)
            k--;
        memcpy(buf, src + a, k);
        buf[k] = '\0';
        return buf;
    }
    return NULL;
}

/* Count one comparison of field name. With --errors, a miss is kept with its
 * cause (why it missed, in a few words), the evidence of what was coded and
 * the text's first 600 bytes. */
static void tally_why(eval_ctx *cx, set_scores *s, const char *name, int ok, const char *id, const char *gold,
                      const char *got, const char *cause, const char *evidence, const char *text)
{
    score *f = field(s, name);
    f->total++;
    if (ok) {
        f->right++;
        return;
    }
    if (!cx->errors)
        return;
    if (cx->nmiss == cx->capmiss) {
        size_t cap = cx->capmiss ? 2 * cx->capmiss : 256;
        miss *m = realloc(cx->misses, cap * sizeof *m);
        if (!m) {
            cx->oom = 1;
            return;
        }
        cx->misses = m, cx->capmiss = cap;
    }
    miss *m = &cx->misses[cx->nmiss];
    *m = (miss){one_line(s->set, 64), one_line(name, 64), one_line(cause ? cause : "other", 120),
                one_line(id, 200), one_line(gold, 300), one_line(got, 300), one_line(evidence ? evidence : "", 300),
                one_line(text, 600)};
    if (!m->set || !m->field || !m->cause || !m->id || !m->gold || !m->got || !m->evidence || !m->text) {
        free(m->set), free(m->field), free(m->cause), free(m->id), free(m->gold), free(m->got);
        free(m->evidence), free(m->text);
        cx->oom = 1;
        return;
    }
    cx->nmiss++;
}

static int miss_order(const void *a, const void *b)
{
    const miss *x = a, *y = b;
    int c = strcmp(x->set, y->set);
    if (!c)
        c = strcmp(x->field, y->field);
    if (!c)
        c = strcmp(x->cause, y->cause);
    return c ? c : strcmp(x->id, y->id);
}

/* Write the kept misses to the --errors file, grouped by set, field and cause,
 * and print how many misses each cause has. Returns -1 when the file could
 * not be written (or a miss could not be kept). */
static int report_misses(eval_ctx *cx)
{
    qsort(cx->misses, cx->nmiss, sizeof *cx->misses, miss_order);
    fprintf(cx->errors, "set\tfield\tcause\tid\tgold\tgot\tevidence\ttext\n");
    for (size_t i = 0; i < cx->nmiss; i++) {
        const miss *m = &cx->misses[i];
        fprintf(cx->errors, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m->set, m->field, m->cause, m->id, m->gold, m->got,
                m->evidence, m->text);
    }
    if (cx->nmiss)
        printf("misses by cause (--errors)\n");
    for (size_t i = 0; i < cx->nmiss;) {
        size_t j = i;
        while (j < cx->nmiss && strcmp(cx->misses[j].set, cx->misses[i].set) == 0 &&
               strcmp(cx->misses[j].field, cx->misses[i].field) == 0 &&
               strcmp(cx->misses[j].cause, cx->misses[i].cause) == 0)
            j++;
        printf("  %-16s %-18s %4zu  %s\n", cx->misses[i].set, cx->misses[i].field, j - i, cx->misses[i].cause);
        i = j;
    }
    for (size_t i = 0; i < cx->nmiss; i++) {
        miss *m = &cx->misses[i];
        free(m->set), free(m->field), free(m->cause), free(m->id), free(m->gold), free(m->got);
        free(m->evidence), free(m->text);
    }
    free(cx->misses);
    cx->misses = NULL;
    cx->nmiss = cx->capmiss = 0;
    return ferror(cx->errors) || cx->oom ? -1 : 0;
}

/* Print the confusion table of each type field of s: rows the gold values,
 * columns the coded ones (numbered, with a legend), "." for none. */
static void print_confusion(const set_scores *s)
{
    const char *done[MAX_FIELDS];
    int ndone = 0;
    for (int c = 0; c < s->nconf; c++) {
        const char *fld = s->conf[c].field;
        int seen = 0;
        for (int k = 0; k < ndone; k++)
            seen |= strcmp(done[k], fld) == 0;
        if (seen || ndone == MAX_FIELDS)
            continue;
        done[ndone++] = fld;
        const char *label[24];
        int nl = 0;
        for (int i = 0; i < s->nconf; i++) {
            if (strcmp(s->conf[i].field, fld) != 0)
                continue;
            for (int side = 0; side < 2; side++) {
                const char *l = side ? s->conf[i].got : s->conf[i].gold;
                int have = 0;
                for (int k = 0; k < nl; k++)
                    have |= strcmp(label[k], l) == 0;
                if (!have && nl < 24)
                    label[nl++] = l;
            }
        }
        printf("  confusion: %s (rows: gold; columns: coded)\n%33s", fld, "");
        for (int k = 0; k < nl; k++)
            printf(" %4d", k + 1);
        printf("\n");
        for (int r = 0; r < nl; r++) {
            long row = 0;
            for (int i = 0; i < s->nconf; i++)
                if (strcmp(s->conf[i].field, fld) == 0 && strcmp(s->conf[i].gold, label[r]) == 0)
                    row += s->conf[i].n;
            printf("    %2d %-26.26s", r + 1, label[r]);
            for (int k = 0; k < nl; k++) {
                long n = 0;
                for (int i = 0; i < s->nconf; i++)
                    if (strcmp(s->conf[i].field, fld) == 0 && strcmp(s->conf[i].gold, label[r]) == 0 &&
                        strcmp(s->conf[i].got, label[k]) == 0)
                        n = s->conf[i].n;
                if (n)
                    printf(" %4ld", n);
                else
                    printf("    .");
            }
            printf("%s\n", row ? "" : "   (never gold)");
        }
    }
}

/* 1 when a and b fold to the same text (compared on at most 511 folded
 * bytes); 0 when either is NULL. */
static int folded_eq(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    char x[512], y[512];
    fold_text(a, strlen(a), x, sizeof x);
    fold_text(b, strlen(b), y, sizeof y);
    return strcmp(x, y) == 0;
}

/* The string o[k], or NULL when missing or not a string. */
static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The first current event that is (strategic 1) or is not (strategic 0) a
 * Strategic development; NULL when there is none. */
static json_t *first_current_event(json_t *events, int strategic)
{
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        if (json_is_true(json_object_get(ev, "background")))
            continue;
        const char *t = jstr(ev, "event_type");
        if (t && (strcmp(t, "Strategic developments") == 0) == strategic)
            return ev;
    }
    return NULL;
}

/* The main event: the first current violent, protest or riot event. */
static json_t *main_event(json_t *events)
{
    return first_current_event(events, 0);
}

/* Is the coded country got (ISO alpha-2) the gold country gold_cc? Also when
 * got is a special administrative region of it (Hong Kong, Macau: ACLED
 * codes their events under China, GeoNames keeps them apart). */
static int same_country(const char *gold_cc, const char *got)
{
    static const char *const sar[][2] = {{"HK", "CN"}, {"MO", "CN"}};
    if (strcmp(gold_cc, got) == 0)
        return 1;
    for (size_t i = 0; i < sizeof sar / sizeof sar[0]; i++)
        if (strcmp(got, sar[i][0]) == 0 && strcmp(gold_cc, sar[i][1]) == 0)
            return 1;
    return 0;
}

/* Country code of a gold country name, through the gazetteer. */
static int country_code(const geo_gazetteer *g, const char *name, char cc[3])
{
    if (!name)
        return 0;
    char k[256];
    size_t n = fold_text(name, strlen(name), k, sizeof k);
    geo_place p[12];
    size_t t = geo_lookup(g, k, n, p, 12);
    for (size_t i = 0; i < t && i < 12; i++)
        if (p[i].kind == GEO_COUNTRY) {
            memcpy(cc, p[i].cc, 3);
            return 1;
        }
    return 0;
}

/* Is the event's place the gold city: same name, or a gazetteer place of that
 * name (in the same country) within 25 km; or within 25 km of gold lat/lon. */
static int city_match(const geo_gazetteer *g, json_t *loc, const char *city, json_t *glat, json_t *glon)
{
    if (!json_is_object(loc))
        return 0;
    const char *name = jstr(loc, "name");
    double lat = json_number_value(json_object_get(loc, "lat"));
    double lon = json_number_value(json_object_get(loc, "lon"));
    if (json_is_number(glat) && json_is_number(glon) &&
        geo_distance_km(lat, lon, json_number_value(glat), json_number_value(glon)) <= 25.0)
        return 1;
    if (!city)
        return 0;
    if (folded_eq(name, city) || folded_eq(jstr(loc, "text"), city))
        return 1;
    char k[256];
    size_t n = fold_text(city, strlen(city), k, sizeof k);
    geo_place p[12];
    size_t t = geo_lookup(g, k, n, p, 12);
    const char *cc = jstr(loc, "country_code");
    for (size_t i = 0; i < t && i < 12; i++)
        if ((!cc || strcmp(p[i].cc, cc) == 0) && geo_distance_km(lat, lon, p[i].lat, p[i].lon) <= 25.0)
            return 1;
    return 0;
}

/* The integer ev[k].min with *has = 1, or 0 with *has = 0 when the figure is
 * null or missing. */
static long fig_min(json_t *ev, const char *k, int *has)
{
    json_t *f = json_object_get(ev, k);
    json_t *m = json_is_object(f) ? json_object_get(f, "min") : NULL;
    *has = json_is_integer(m);
    return *has ? (long)json_integer_value(m) : 0;
}

/* Why a coded place is not the gold city, in a few words. */
static const char *city_cause(const geo_gazetteer *g, json_t *loc, const char *city)
{
    if (!json_is_object(loc))
        return "no place coded";
    char k[256];
    size_t n = city ? fold_text(city, strlen(city), k, sizeof k) : 0;
    geo_place p[4];
    if (city && geo_lookup(g, k, n, p, 4) == 0)
        return "the gold place is not in the gazetteer (spelling or size)";
    const char *prec = jstr(loc, "precision");
    if (prec && strcmp(prec, "city") != 0)
        return "only a district, region or country coded";
    return "another place chosen";
}

/* Why a coded figure is not the gold one: has/v coded, gold_has/gv gold. */
static const char *figure_cause(int has, long v, int gold_has, long gv)
{
    if (!gold_has)
        return "a figure where the gold has none";
    if (!has)
        return "no figure coded";
    return v < gv ? "lower than the gold" : "higher than the gold";
}

/* Does any of the k generic actors ids[] name our actor: is the text of its
 * template before "%s" ("Police Forces of ") a prefix of name? */
static int agent_names_actor(const lexicon *lx, const int32_t *ids, size_t k, const char *name)
{
    for (size_t i = 0; i < k; i++) {
        /* a crowd is one actor under ACLED's two names: "rioting youths" or
         * "demonstrators" are the Rioters (X) or Protesters (X) of the event */
        if (lexicon_agent(lx, ids[i])->side == SIDE_DEMO &&
            (strncmp(name, "Protesters (", 12) == 0 || strncmp(name, "Rioters (", 9) == 0))
            return 1;
        const char *tpl = lexicon_agent(lx, ids[i])->template_name;
        const char *pct = strstr(tpl, "%s");
        size_t pre = pct ? (size_t)(pct - tpl) : strlen(tpl);
        if (pre > 0 && strncmp(tpl, name, pre) == 0)
            return 1;
    }
    return 0;
}

/* Does one gold name (a part of the gold string) match our actor? */
static int perpetrator_part_match(const lexicon *lx, const char *part, const char *name, const char *text,
                                  int type_state)
{
    char g[256], n[256];
    /* a qualifier of certainty is no part of the name: "suspected Abu Sayyaf
     * guerrillas", "likely M23 rebels" */
    static const char *const hedges[] = {"suspected ", "alleged ", "likely ", "presumed ", "possible ", NULL};
    for (const char *const *h = hedges; *h; h++)
        if (strncasecmp(part, *h, strlen(*h)) == 0)
            part += strlen(*h);
    size_t gl = lexicon_fold_phrase(part, g, sizeof g);
    if (gl == 0)
        return 0;
    fold_text(name, strlen(name), n, sizeof n);
    if (strcmp(g, n) == 0 || folded_eq(part, text))
        return 1;
    /* containment either way ("Taliban" ~ "Afghan Taliban") */
    if ((gl > 3 && strstr(n, g)) || (strlen(n) > 3 && strstr(g, n)))
        return 1;
    /* an alias of the same dictionary actor ("BLA" ~ "Balochistan Liberation Army"),
     * also with the gold's trailing description dropped ("Zetas drug cartel" ~ "Zetas") */
    int32_t ids[8];
    size_t k;
    for (size_t pl = gl; pl > 0;) {
        /* the same words as written, for aliases that count only in their case ("M23") */
        char orig[256];
        size_t words = 1;
        for (size_t q = 0; q < pl; q++)
            words += g[q] == ' ';
        size_t o = 0;
        for (const char *c = part; *c && o + 1 < sizeof orig; c++) {
            if (*c == ' ' && --words == 0)
                break;
            orig[o++] = *c;
        }
        orig[o] = '\0';
        k = lexicon_lookup(lx, g, pl, orig, LK_ACTOR, ids, 8);
        for (size_t i = 0; i < k; i++)
            if (strcmp(lexicon_actor(lx, ids[i])->name, name) == 0)
                return 1;
        while (pl > 0 && g[pl - 1] != ' ')
            pl--;
        if (pl > 0)
            pl--; /* the space */
    }
    k = lexicon_lookup(lx, g, gl, part, LK_ACTOR, ids, 8);
    for (size_t i = 0; i < k; i++)
        if (strcmp(lexicon_actor(lx, ids[i])->name, name) == 0)
            return 1;
    /* a generic noun naming the same kind of actor ("police" ~ "Police Forces of X") */
    k = lexicon_lookup(lx, g, gl, part, LK_AGENT, ids, 8);
    if (agent_names_actor(lx, ids, k, name))
        return 1;
    /* a described generic actor: "suspected Islamic militants" ~ "militants" */
    const char *last_word = strrchr(g, ' ');
    if (last_word) {
        last_word++;
        k = lexicon_lookup(lx, last_word, strlen(last_word), NULL, LK_AGENT, ids, 8);
        if (agent_names_actor(lx, ids, k, name))
            return 1;
    }
    /* state forces written descriptively: "Syrian government warplanes", "Myanmar military" */
    static const char *const state_words[] = {"military", "army", "troops", "soldiers", "security forces",
                                              "police", "government", "warplanes", "air force", "forces",
                                              "junta", "jets", NULL};
    if (type_state)
        for (const char *const *w = state_words; *w; w++)
            if (strstr(g, *w))
                return 1;
    return 0;
}

/* Tolerant perpetrator match: the gold is a name as written, sometimes with a
 * parenthesis or several parties ("Baloch Liberation Army (BLA)", "police and
 * soldiers"); any part matching our actor 1 counts. */
static int perpetrator_match(const lexicon *lx, const char *gold, json_t *ev)
{
    json_t *a1 = ev ? json_object_get(ev, "actor1") : NULL;
    const char *name = json_is_object(a1) ? jstr(a1, "name") : NULL;
    const char *text = json_is_object(a1) ? jstr(a1, "text") : NULL;
    const char *type = json_is_object(a1) ? jstr(a1, "type") : NULL;
    /* "unknown", also with a description ("unknown (men in plain clothes)") */
    if (folded_eq(gold, "unknown") || strncasecmp(gold, "unknown (", 9) == 0)
        return !name || strstr(name, "Unidentified") != NULL;
    if (!name)
        return 0;
    /* descriptive state-force golds count only for the state where the event is */
    json_t *loc = json_object_get(ev, "location");
    const char *acc = jstr(a1, "country");
    const char *lcc = json_is_object(loc) ? jstr(loc, "country_code") : NULL;
    int type_state = type && strcmp(type, "state forces") == 0 && acc && lcc && strcmp(acc, lcc) == 0;
    if (perpetrator_part_match(lx, gold, name, text, type_state))
        return 1;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", gold);
    /* split at ( ) ; , and the word "and" */
    char *parts[16];
    int np = 0;
    char *p = buf;
    while (*p && np < 16) {
        while (*p == ' ' || *p == '(' || *p == ')' || *p == ';' || *p == ',')
            p++;
        if (!*p)
            break;
        parts[np++] = p;
        while (*p && *p != '(' && *p != ')' && *p != ';' && *p != ',' && strncmp(p, " and ", 5) != 0)
            p++;
        if (strncmp(p, " and ", 5) == 0) {
            *p = '\0';
            p += 5;
        } else if (*p) {
            *p++ = '\0';
        }
    }
    for (int i = 0; i < np; i++)
        if (perpetrator_part_match(lx, parts[i], name, text, type_state))
            return 1;
    return 0;
}

/* v in decimal into buf (n bytes), or "null" when !has. */
static void num_str(char *buf, size_t n, int has, long v)
{
    if (has)
        snprintf(buf, n, "%ld", v);
    else
        snprintf(buf, n, "null");
}

/* The first current Strategic-developments event (arrests, looting, a defused
 * bomb), for gold records whose ACLED type is Strategic developments. */
static json_t *strategic_event(json_t *events)
{
    return first_current_event(events, 1);
}

/* name copied into buf (n bytes) without a trailing ACLED period suffix such as
 * " (2018-)" or " (1999-2021)". */
static const char *actor_base(const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s", name);
    char *open = strrchr(buf, '(');
    size_t len = strlen(buf);
    if (!open || open == buf || open[-1] != ' ' || len < 2 || buf[len - 1] != ')')
        return buf;
    const char *p = open + 1;
    int digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (digits != 4 || *p != '-')
        return buf;
    p++;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == ')' && p[1] == '\0')
        open[-1] = '\0';
    return buf;
}

/* Is name the gold actor written another way: one folded name inside the
 * other ("CODECO" in "CODECO: Cooperative for Development of Congo")? Only
 * names the cause of a miss; the score stays an exact match. */
static int same_actor_other_form(const char *gold, const char *name)
{
    char g[512], n[512];
    size_t gl = fold_text(gold, strlen(gold), g, sizeof g), nl = fold_text(name, strlen(name), n, sizeof n);
    return gl > 2 && nl > 2 && (strstr(g, n) || strstr(n, g));
}

/* Score the GTD code-list fields (attack, target and weapon type) and the ACLED
 * actor 1 of a record whose gold gives them; ev may be NULL (a miss each). */
static void eval_codes(eval_ctx *cx, set_scores *s, json_t *gold, json_t *ev, const char *id, const char *text)
{
    char evb[320], why[160];
    const char *at = jstr(gold, "attack_type");
    if (at) {
        const char *got = ev ? jstr(ev, "attack_type") : NULL;
        snprintf(why, sizeof why, "%s coded as %s", at, got ? got : ev ? "none" : "no event");
        confuse(s, "attack type", at, got);
        tally_why(cx, s, "attack type", ev && folded_eq(at, got), id, at, got, why,
                  ev ? evidence_of(cx, ev, "trigger", text, evb, sizeof evb) : NULL, text);
    }
    const char *tt = jstr(gold, "target_type");
    if (tt) {
        json_t *tg = ev ? json_object_get(ev, "target") : NULL;
        const char *got = json_is_object(tg) ? jstr(tg, "type") : NULL;
        snprintf(why, sizeof why, "%s coded as %s", tt, got ? got : ev ? "no target" : "no event");
        confuse(s, "target type", tt, got);
        tally_why(cx, s, "target type", folded_eq(tt, got), id, tt, got, why,
                  ev ? evidence_of(cx, ev, "target", text, evb, sizeof evb) : NULL, text);
    }
    const char *wt = jstr(gold, "weapon_type");
    if (wt) {
        json_t *ws = ev ? json_object_get(ev, "weapons") : NULL;
        char list[256] = "";
        size_t i, used = 0;
        int ok = 0;
        json_t *w;
        json_array_foreach(ws, i, w) {
            const char *v = json_string_value(w);
            if (!v)
                continue;
            ok |= folded_eq(wt, v);
            int k = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", v);
            if (k > 0)
                used = used + (size_t)k < sizeof list ? used + (size_t)k : sizeof list - 1;
        }
        /* GTD's "Unknown" weapon is tacitus' empty list (no weapon reported) */
        if (ev && used == 0 && folded_eq(wt, "Unknown"))
            ok = 1;
        snprintf(why, sizeof why, "%s %s", wt,
                 !ev ? "(no event)" : used ? "not among the coded weapons" : "missed (no weapon coded)");
        tally_why(cx, s, "weapon type", ok, id, wt, used ? list : NULL, why,
                  ev ? evidence_of(cx, ev, "weapons", text, evb, sizeof evb) : NULL, text);
    }
    const char *a1 = jstr(gold, "actor1");
    if (a1) {
        json_t *a = ev ? json_object_get(ev, "actor1") : NULL;
        const char *name = json_is_object(a) ? jstr(a, "name") : NULL;
        char g[256], o[256];
        int ok = name && folded_eq(actor_base(a1, g, sizeof g), actor_base(name, o, sizeof o));
        const char *paren = strchr(a1, '(');
        const char *cause = !ev ? "no event"
                          : !name ? "no actor 1 coded"
                          : strncmp(a1, "Unidentified", 12) == 0 ? "a named actor where the gold is unidentified"
                          : strncmp(name, "Unidentified", 12) == 0 ? "unidentified where the gold names one"
                          : paren && strncmp(a1, name, (size_t)(paren - a1)) == 0 ? "same kind of actor, another country"
                          : same_actor_other_form(a1, name) ? "the same actor under another name form"
                                                            : "another actor";
        tally_why(cx, s, "actor1", ok, id, a1, name, cause,
                  ev ? evidence_of(cx, ev, "actor1", text, evb, sizeof evb) : NULL, text);
    }
}

/* Score a voa-annotated record: event found (or none, for a negative), then
 * whichever the gold gives of country, city, killed and wounded, perpetrator,
 * claim and ACLED event type, and of the GTD attack, target and weapon types and
 * the ACLED actor 1 (eval_codes). A gold of Strategic developments takes such
 * an event as the main one when no violent event was coded. */
static void eval_voa(eval_ctx *cx, set_scores *s, json_t *rec, json_t *out, const char *id, const char *text)
{
    const geo_gazetteer *g = tac_engine_geo(cx->e);
    json_t *events = json_object_get(out, "events");
    json_t *ev = main_event(events);
    json_t *gold = json_object_get(rec, "gold");
    if (!ev && folded_eq(jstr(gold, "acled_event_type"), "Strategic developments"))
        ev = strategic_event(events);
    char evb[320];
    if (json_is_true(json_object_get(rec, "negative"))) {
        char why[96];
        const char *kind = ev ? jstr(ev, "kind") : NULL;
        snprintf(why, sizeof why, "a current event coded (%s)", kind ? kind : "?");
        tally_why(cx, s, "negatives clean", ev == NULL, id, "no event", ev ? jstr(ev, "event_type") : NULL, why,
                  ev ? evidence_of(cx, ev, "trigger", text, evb, sizeof evb) : NULL, text);
        return;
    }
    tally_why(cx, s, "event found", ev != NULL, id, "event", ev ? jstr(ev, "event_type") : NULL,
              json_array_size(events) ? "only background or non-violent events coded" : "no event coded", NULL,
              text);
    json_t *loc = ev ? json_object_get(ev, "location") : NULL;
    const char *locev = ev ? evidence_of(cx, ev, "location", text, evb, sizeof evb) : NULL;
    const char *gc = jstr(gold, "country");
    if (gc) {
        char cc[3] = "";
        const char *got = json_is_object(loc) ? jstr(loc, "country_code") : NULL;
        int ok = got && ((country_code(g, gc, cc) && same_country(cc, got)) || folded_eq(gc, jstr(loc, "country")));
        tally_why(cx, s, "country", ok, id, gc, json_is_object(loc) ? jstr(loc, "country") : NULL,
                  json_is_object(loc) ? "another country" : "no place coded", locev, text);
    }
    const char *city = jstr(gold, "city");
    if (city)
        tally_why(cx, s, "city", city_match(g, loc, city, NULL, NULL), id, city,
                  json_is_object(loc) ? jstr(loc, "name") : NULL, city_cause(g, loc, city), locev, text);
    static const struct { const char *gk, *ok, *name; } figs[] = {{"killed_min", "killed", "killed exact"},
                                                                   {"wounded_min", "wounded", "wounded exact"}};
    for (int k = 0; k < 2; k++) {
        json_t *gv = json_object_get(gold, figs[k].gk);
        if (!gv)
            continue;
        int has = 0;
        long v = ev ? fig_min(ev, figs[k].ok, &has) : 0;
        int ok = json_is_null(gv) ? !has : (has && v == (long)json_integer_value(gv));
        char gb[32], ob[32];
        num_str(gb, sizeof gb, !json_is_null(gv), json_is_null(gv) ? 0 : (long)json_integer_value(gv));
        num_str(ob, sizeof ob, has, v);
        tally_why(cx, s, figs[k].name, ok, id, gb, ob,
                  figure_cause(has, v, !json_is_null(gv), json_is_null(gv) ? 0 : (long)json_integer_value(gv)),
                  ev ? evidence_of(cx, ev, figs[k].ok, text, evb, sizeof evb) : NULL, text);
    }
    const char *perp = jstr(gold, "perpetrator");
    if (perp) {
        json_t *a1 = ev ? json_object_get(ev, "actor1") : NULL;
        const char *name = json_is_object(a1) ? jstr(a1, "name") : NULL;
        const char *why = !name ? "no actor 1 coded"
                        : folded_eq(perp, "unknown") ? "an actor named where the gold has none"
                        : strstr(name, "Unidentified") ? "unidentified where the gold names one"
                                                       : "another actor";
        tally_why(cx, s, "perpetrator", perpetrator_match(tac_engine_lexicon(cx->e), perp, ev), id, perp, name, why,
                  ev ? evidence_of(cx, ev, "actor1", text, evb, sizeof evb) : NULL, text);
    }
    json_t *claimed = json_object_get(gold, "claimed");
    if (claimed) {
        int got_claim = ev && json_is_object(json_object_get(ev, "claimed_by"));
        int got_unclaimed = ev && json_is_true(json_object_get(ev, "unclaimed"));
        int ok = json_is_true(claimed) ? got_claim : json_is_false(claimed) ? (!got_claim && got_unclaimed)
                                                                             : (!got_claim && !got_unclaimed);
        const char *why = json_is_true(claimed) ? "the claim missed"
                        : got_claim ? "a claim where the gold has none" : "'no one claimed' missed or invented";
        tally_why(cx, s, "claimed", ok, id, json_is_true(claimed) ? "true" : json_is_false(claimed) ? "false" : "null",
                  got_claim ? "true" : got_unclaimed ? "false" : "null", why,
                  ev ? evidence_of(cx, ev, "claimed_by", text, evb, sizeof evb) : NULL, text);
    }
    const char *et = jstr(gold, "acled_event_type");
    if (et) {
        const char *got = ev ? jstr(ev, "event_type") : NULL;
        char why[128];
        snprintf(why, sizeof why, "%s coded as %s", et, got ? got : "no event");
        confuse(s, "event type", et, got);
        tally_why(cx, s, "event type", ev && folded_eq(et, got), id, et, got, why,
                  ev ? evidence_of(cx, ev, "event_type", text, evb, sizeof evb) : NULL, text);
    }
    eval_codes(cx, s, gold, ev, id, text);
}

/* Score a UCDP GED record: event found, country, city (or within 25 km of the
 * gold coordinates) and killed within the gold's low-high range. Records with
 * generic headlines only are not counted. */
static void eval_ucdp(eval_ctx *cx, set_scores *s, json_t *rec, json_t *out, const char *id, const char *text)
{
    const geo_gazetteer *g = tac_engine_geo(cx->e);
    json_t *gold = json_object_get(rec, "gold");
    json_t *src = json_object_get(gold, "src");
    if (json_is_true(json_object_get(src, "generic_headlines_only"))) {
        s->records--;
        return;
    }
    json_t *events = json_object_get(out, "events");
    json_t *ev = main_event(events);
    char evb[320];
    tally_why(cx, s, "event found", ev != NULL, id, "event", ev ? jstr(ev, "event_type") : NULL,
              json_array_size(events) ? "only background or non-violent events coded" : "no event coded", NULL,
              text);
    json_t *loc = ev ? json_object_get(ev, "location") : NULL;
    const char *locev = ev ? evidence_of(cx, ev, "location", text, evb, sizeof evb) : NULL;
    const char *gc = jstr(gold, "country");
    if (gc) {
        char cc[3] = "";
        const char *got = json_is_object(loc) ? jstr(loc, "country_code") : NULL;
        tally_why(cx, s, "country", got && country_code(g, gc, cc) && strcmp(cc, got) == 0, id, gc,
                  json_is_object(loc) ? jstr(loc, "country") : NULL,
                  json_is_object(loc) ? "another country" : "no place coded", locev, text);
    }
    const char *city = jstr(gold, "city");
    if (city) {
        int ok = city_match(g, loc, city, json_object_get(gold, "lat"), json_object_get(gold, "lon"));
        const char *why = city_cause(g, loc, city);
        if (!ok && !strstr(text, city) && strcmp(why, "no place coded") != 0)
            why = "the gold place is not named in the text";
        else if (!ok && !strstr(text, city))
            why = "no place coded, and the gold place is not named in the text";
        tally_why(cx, s, "city", ok, id, city, json_is_object(loc) ? jstr(loc, "name") : NULL, why, locev, text);
    }
    json_t *best = json_object_get(gold, "killed");
    if (json_is_integer(best)) {
        long lo = json_is_integer(json_object_get(gold, "killed_low")) ? (long)json_integer_value(json_object_get(gold, "killed_low")) : (long)json_integer_value(best);
        long hi = json_is_integer(json_object_get(gold, "killed_high")) ? (long)json_integer_value(json_object_get(gold, "killed_high")) : (long)json_integer_value(best);
        int has = 0;
        long v = ev ? fig_min(ev, "killed", &has) : 0;
        char gb[64], ob[32];
        snprintf(gb, sizeof gb, "%ld [%ld-%ld]", (long)json_integer_value(best), lo, hi);
        num_str(ob, sizeof ob, has, v);
        tally_why(cx, s, "killed exact", has && v >= lo && v <= hi, id, gb, ob,
                  !has ? "no figure coded" : v < lo ? "lower than the gold range" : "higher than the gold range",
                  ev ? evidence_of(cx, ev, "killed", text, evb, sizeof evb) : NULL, text);
    }
}

/* Score a PETRARCH record: some event with the gold's CAMEO root, or no event
 * when the gold has no code. Non-standard gold codes are not scored, nor are
 * the records that expect PETRARCH's error for a malformed parse tree
 * (bad_input_parse): tacitus reads text, and their text is that of records
 * with a code. */
static void eval_petrarch(eval_ctx *cx, set_scores *s, json_t *rec, json_t *out, const char *id, const char *text)
{
    json_t *gold = json_object_get(rec, "gold");
    json_t *codes = json_object_get(gold, "cameo");
    json_t *events = json_object_get(out, "events");
    size_t nev = json_array_size(events);
    const char *expected = jstr(json_object_get(gold, "src"), "expected");
    if (expected && strcmp(expected, "error:bad_input_parse") == 0)
        return; /* a test of PETRARCH's reader of malformed parse trees: the text is a coded record's */
    if (json_array_size(codes) == 0) {
        tally_why(cx, s, "no-event clean", nev == 0, id, "none", nev ? jstr(json_array_get(events, 0), "cameo") : NULL,
                  "an event coded where the gold has none", NULL, text);
        return;
    }
    const char *gcode = jstr(json_array_get(codes, 0), "code");
    if (!gcode || json_is_true(json_object_get(json_object_get(gold, "src"), "nonstandard_code")))
        return;
    int ok = 0;
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        const char *c = jstr(ev, "cameo");
        if (c && strncmp(c, gcode, 2) == 0)
            ok = 1;
    }
    const char *first = nev ? jstr(json_array_get(events, 0), "cameo") : NULL;
    char groot[3], oroot[3];
    snprintf(groot, sizeof groot, "%.2s", gcode);
    snprintf(oroot, sizeof oroot, "%.2s", first ? first : "");
    confuse(s, "cameo root", groot, ok ? groot : first ? oroot : NULL);
    char why[64];
    snprintf(why, sizeof why, "root %s coded as %s", groot, first ? oroot : "no event");
    tally_why(cx, s, "cameo root", ok, id, gcode, first, why, NULL, text);
}

/* tacitus kind -> PLOVER event type */
static const char *plover_of(const char *kind, const char *cameo)
{
    if (!kind)
        return NULL;
    static const struct { const char *k, *p; } map[] = {
        {"attack", "ASSAULT"}, {"bombing", "ASSAULT"}, {"suicide", "ASSAULT"}, {"ied", "ASSAULT"},
        {"vbied", "ASSAULT"}, {"grenade", "ASSAULT"}, {"landmine", "ASSAULT"}, {"killing", "ASSAULT"},
        {"assassination", "ASSAULT"}, {"kidnap", "ASSAULT"}, {"hijack", "ASSAULT"}, {"sexual", "ASSAULT"},
        {"shooting", "ASSAULT"}, {"chemical", "ASSAULT"}, {"airstrike", "FIGHT"}, {"shelling", "FIGHT"},
        {"clash", "FIGHT"}, {"siege", "FIGHT"}, {"arrest", "COERCE"}, {"arson", "COERCE"},
        {"looting", "COERCE"}, {"protest", "PROTEST"}, {"riot", "PROTEST"}, {"hunger_strike", "PROTEST"},
        {"condemn", "DISAPPROVE"}, {"praise", "CONSULT"}, {"negotiate", "CONSULT"}, {"threaten", "THREATEN"},
        {"ceasefire", "AGREE"}, {"agreement", "AGREE"}, {NULL, NULL}};
    (void)cameo;
    for (int i = 0; map[i].k; i++)
        if (strcmp(map[i].k, kind) == 0)
            return map[i].p;
    return NULL;
}

/* 1 when the country part (first three letters: "HUN", "IGO") of code is that
 * of one of the gold source actors' codes. */
static int gold_source_country(json_t *gold_actors, const char *code)
{
    size_t i;
    json_t *a;
    json_array_foreach(gold_actors, i, a) {
        const char *g = jstr(a, "code");
        if (code && g && strlen(code) >= 3 && strlen(g) >= 3 && strncmp(code, g, 3) == 0)
            return 1;
    }
    return 0;
}

/* Score the country part of the source actor's CAMEO code: right when the
 * actor 1 code of some event shares its first three letters with the code of
 * one of the gold source actors (a record with several gold sources needs one
 * of them). Records whose gold gives no source code are not scored; a second
 * line counts only the records where some event was coded. */
static void eval_source_code(eval_ctx *cx, set_scores *s, json_t *rec, json_t *events, const char *id,
                             const char *text)
{
    json_t *gold_actors = json_object_get(json_object_get(json_object_get(rec, "gold"), "src"), "source_actors");
    const char *first_gold = jstr(json_array_get(gold_actors, 0), "code");
    if (!first_gold)
        return;
    const char *got = NULL;
    int ok = 0;
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        const char *c = jstr(json_object_get(ev, "actor1"), "code");
        got = got ? got : c;
        ok |= gold_source_country(gold_actors, c);
    }
    const char *why = json_array_size(events) == 0 ? "no event coded" : !got ? "no source actor code" : "another country";
    tally_why(cx, s, "source actor country", ok, id, first_gold, got, why, NULL, text);
    if (json_array_size(events))
        tally_why(cx, s, "source country, coded events", ok, id, first_gold, got, why, NULL, text);
}

/* The PLOVER contexts (contexts.h names) that the gold context word w of a
 * PLOVER 0.5 record means, into out (at most 2); returns their count. The
 * gold set predates PLOVER's list: "refugee" is migration, "rights" human or
 * civil rights. 0 for "unknown". */
static int gold_context_names(const char *w, const char *out[2])
{
    static const struct { const char *gold, *a, *b; } map[] = {
        {"refugee", "migration", NULL},      {"refugees", "migration", NULL},
        {"rights", "human_rights", "rights_freedoms"}, {"discrimination", "rights_freedoms", NULL},
        {"resources", "resource", NULL},     {"religion", "religion_ethnicity", NULL},
        {"assets", "economic", NULL},        {"politics", "political", NULL},
        {"foreign", "diplomatic", NULL}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].gold, w) == 0) {
            out[0] = map[i].a;
            out[1] = map[i].b;
            return map[i].b ? 2 : 1;
        }
    if (pctx_parse(w) >= 0 || strcmp(w, "historical") == 0) {
        out[0] = w;
        return 1;
    }
    return 0;
}

/* Does the "context" array of some event's "plover" object hold name? */
static int events_have_context(json_t *events, const char *name)
{
    size_t i, j;
    json_t *ev, *c;
    json_array_foreach(events, i, ev) {
        json_array_foreach(json_object_get(json_object_get(ev, "plover"), "context"), j, c) {
            if (json_is_string(c) && strcmp(json_string_value(c), name) == 0)
                return 1;
        }
    }
    return 0;
}

/* Score the PLOVER context of a record whose gold names one ("diplomatic,
 * military"): right when some event's plover.context holds one of the gold's
 * contexts (gold_context_names). Records without a gold context are not
 * scored. */
static void eval_plover_context(eval_ctx *cx, set_scores *s, json_t *rec, json_t *events, const char *id,
                                const char *text)
{
    const char *gc = jstr(json_object_get(json_object_get(rec, "gold"), "src"), "context");
    if (!gc)
        return;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", gc);
    int scored = 0, ok = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
        const char *names[2];
        int n = gold_context_names(w, names);
        scored |= n > 0;
        for (int k = 0; k < n; k++)
            ok |= events_have_context(events, names[k]);
    }
    if (!scored)
        return;
    int any = 0;
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) any |= json_array_size(json_object_get(json_object_get(ev, "plover"), "context")) > 0;
    const char *why = json_array_size(events) == 0 ? "no event coded" : !any ? "no context coded" : "another context";
    tally_why(cx, s, "plover context", ok, id, gc, NULL, why, NULL, text);
}

/* Score a PLOVER record: some event's PLOVER type (its "plover" object, else
 * its kind mapped) is the gold's. */
static void eval_plover(eval_ctx *cx, set_scores *s, json_t *rec, json_t *out, const char *id, const char *text)
{
    json_t *gold = json_object_get(rec, "gold");
    const char *pt = jstr(gold, "plover_type");
    if (!pt)
        return;
    json_t *events = json_object_get(out, "events");
    int ok = 0;
    const char *got = NULL;
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        const char *p = jstr(json_object_get(ev, "plover"), "type");
        if (!p)
            p = plover_of(jstr(ev, "kind"), jstr(ev, "cameo"));
        if (!got)
            got = p;
        if (p && strcmp(p, pt) == 0)
            ok = 1;
    }
    confuse(s, "plover type", pt, ok ? pt : got);
    char why[96];
    snprintf(why, sizeof why, "%s coded as %s", pt, got ? got : "no event");
    tally_why(cx, s, "plover type", ok, id, pt, got, why, NULL, text);
    eval_source_code(cx, s, rec, events, id, text);
    eval_plover_context(cx, s, rec, events, id, text);
}

/* Count whether an unlabelled story yields a main event. */
static void eval_unlabelled(set_scores *s, json_t *out)
{
    json_t *events = json_object_get(out, "events");
    score *d = field(s, "documents with a main event");
    d->total++;
    if (main_event(events))
        d->right++;
}

/* Code and score every record of the JSON Lines file at path into s, whose set
 * name is the file's base name up to the first dot. Bad lines are reported and
 * skipped; returns -1 only when the file cannot be opened. */
static int eval_file(eval_ctx *cx, const char *path, set_scores *s)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "tacitus eval: %s: cannot open\n", path);
        return -1;
    }
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(s->set, sizeof s->set, "%.*s", (int)(strcspn(base, ".")), base);
    line_reader r;
    line_reader_init(&r, f, 64u << 20);
    char *line;
    size_t len;
    int rc;
    while ((rc = line_reader_next(&r, &line, &len)) != 0) {
        if (rc < 0) {
            fprintf(stderr, "tacitus eval: %s:%ld: unreadable line\n", path, r.lineno);
            continue;
        }
        json_error_t je;
        json_t *rec = json_loadb(line, len, 0, &je);
        if (!rec) {
            fprintf(stderr, "tacitus eval: %s:%ld: %s\n", path, r.lineno, je.text);
            continue;
        }
        input_doc d = {0};
        char err[512];
        if (input_parse_jsonl(line, len, 10u << 20, &d, err, sizeof err) < 0) {
            fprintf(stderr, "tacitus eval: %s:%ld: %s\n", path, r.lineno, err);
            json_decref(rec);
            input_doc_free(&d);
            continue;
        }
        tac_doc doc = {d.id, d.title, d.published, d.url, d.text, d.len, d.published_from, d.source};
        cx->title = d.title;
        const char *js = tac_code_json(cx->c, &doc, err, sizeof err);
        json_t *out = js ? json_loads(js, 0, &je) : NULL;
        if (!out) {
            fprintf(stderr, "tacitus eval: %s:%ld: coding failed: %s\n", path, r.lineno, js ? je.text : err);
        } else {
            s->records++;
            const char *src = jstr(rec, "source");
            const char *id = d.id ? d.id : "?";
            if (!src)
                src = "";
            json_t *gold = json_object_get(rec, "gold");
            if (strcmp(src, "voa") == 0 && json_object_get(rec, "negative"))
                eval_voa(cx, s, rec, out, id, d.text);
            else if (strncmp(src, "ucdp", 4) == 0)
                eval_ucdp(cx, s, rec, out, id, d.text);
            else if (strncmp(src, "petrarch", 8) == 0)
                eval_petrarch(cx, s, rec, out, id, d.text);
            else if (strncmp(src, "plover", 6) == 0)
                eval_plover(cx, s, rec, out, id, d.text);
            else if (!json_is_object(gold) || json_object_size(gold) == 0)
                eval_unlabelled(s, out);
            json_decref(out);
        }
        json_decref(rec);
        input_doc_free(&d);
    }
    line_reader_free(&r);
    fclose(f);
    return 0;
}

typedef struct floor_line {
    char set[64], field[64];
    double min;
} floor_line;

/* Read up to max floors "SET<TAB>FIELD<TAB>MIN" from path into fl, skipping
 * blank lines and '#' comments. Returns the count, or -1 (message printed) when
 * the file cannot be opened or a line lacks its tabs. */
static int read_floors(const char *path, floor_line *fl, int max)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "tacitus eval: %s: cannot open floors file\n", path);
        return -1;
    }
    char line[512];
    int n = 0, ln = 0;
    while (fgets(line, sizeof line, f) && n < max) {
        ln++;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\0')
            continue;
        /* SET<TAB>FIELD<TAB>MIN ; fields may contain spaces, so split on tabs */
        char *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t1 || !t2) {
            fprintf(stderr, "tacitus eval: %s:%d: expected SET<TAB>FIELD<TAB>MIN\n", path, ln);
            fclose(f);
            return -1;
        }
        *t1 = *t2 = '\0';
        snprintf(fl[n].set, sizeof fl[n].set, "%.63s", p);
        snprintf(fl[n].field, sizeof fl[n].field, "%.63s", t1 + 1);
        fl[n].min = atof(t2 + 1);
        n++;
    }
    fclose(f);
    return n;
}

/* 'tacitus eval' (see help). Returns TAC_EXIT_EVAL when a score falls below its
 * floor (a field never scored counts 0), TAC_EXIT_IO when a file cannot be
 * opened, TAC_EXIT_USAGE for a bad command line or floors file, TAC_EXIT_DATA
 * when the engine does not open. */
int cmd_eval(int argc, char **argv)
{
    engine_opts eo = {0};
    const char *floors = NULL, *errors = NULL;
    int as_json = 0;
    const char *files[32];
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        int r = engine_opt(argc, argv, &i, &eo, "eval");
        if (r < 0)
            return TAC_EXIT_USAGE;
        if (r > 0)
            continue;
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            return TAC_EXIT_OK;
        } else if ((strcmp(a, "--floors") == 0 || strcmp(a, "--errors") == 0) && i + 1 < argc) {
            if (a[2] == 'f')
                floors = argv[++i];
            else
                errors = argv[++i];
        } else if (strcmp(a, "--json") == 0) {
            as_json = 1;
        } else if (a[0] == '-') {
            fprintf(stderr, "tacitus eval: unknown option '%s'\n", a);
            return TAC_EXIT_USAGE;
        } else if (nf < 32) {
            files[nf++] = a;
        }
    }
    if (nf == 0) {
        fputs(help, stderr);
        return TAC_EXIT_USAGE;
    }
    eval_ctx cx = {0};
    cx.e = open_engine(&eo, "eval");
    if (!cx.e)
        return TAC_EXIT_DATA;
    cx.c = tac_coder_new(cx.e);
    if (!cx.c) {
        fprintf(stderr, "tacitus eval: out of memory\n");
        tac_engine_close(cx.e);
        return TAC_EXIT_IO;
    }
    if (errors) {
        cx.errors = fopen(errors, "w");
        if (!cx.errors) {
            fprintf(stderr, "tacitus eval: %s: cannot write\n", errors);
            return TAC_EXIT_IO;
        }
    }
    set_scores *sets = calloc((size_t)nf, sizeof *sets);
    if (!sets) {
        fprintf(stderr, "tacitus eval: out of memory\n");
        if (cx.errors)
            fclose(cx.errors);
        tac_coder_free(cx.c);
        tac_engine_close(cx.e);
        return TAC_EXIT_IO;
    }
    int rc = TAC_EXIT_OK;
    for (int i = 0; i < nf; i++)
        if (eval_file(&cx, files[i], &sets[i]) < 0)
            rc = TAC_EXIT_IO;
    if (as_json) {
        printf("{");
        for (int i = 0; i < nf; i++) {
            printf("%s\"%s\":{\"records\":%ld", i ? "," : "", sets[i].set, sets[i].records);
            for (int k = 0; k < sets[i].nf; k++)
                printf(",\"%s\":{\"right\":%ld,\"total\":%ld}", sets[i].f[k].name, sets[i].f[k].right,
                       sets[i].f[k].total);
            printf("}");
        }
        printf("}\n");
    } else {
        for (int i = 0; i < nf; i++) {
            printf("%s (%ld records)\n", sets[i].set, sets[i].records);
            for (int k = 0; k < sets[i].nf; k++) {
                const score *f = &sets[i].f[k];
                printf("  %-28s %5.3f  (%ld/%ld)\n", f->name, f->total ? (double)f->right / (double)f->total : 0.0,
                       f->right, f->total);
            }
            print_confusion(&sets[i]);
        }
    }
    if (cx.errors && report_misses(&cx) < 0) {
        fprintf(stderr, "tacitus eval: %s: cannot write every miss\n", errors);
        rc = TAC_EXIT_IO;
    }
    if (floors) {
        floor_line fl[128];
        int n = read_floors(floors, fl, 128);
        if (n < 0)
            rc = TAC_EXIT_USAGE;
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < nf; i++) {
                if (strcmp(sets[i].set, fl[k].set) != 0)
                    continue;
                const score *f = NULL;
                for (int j = 0; j < sets[i].nf; j++)
                    if (strcmp(sets[i].f[j].name, fl[k].field) == 0)
                        f = &sets[i].f[j];
                double v = f && f->total ? (double)f->right / (double)f->total : 0.0;
                int ok = v + 1e-9 >= fl[k].min;
                printf("floor %s %-26s %5.3f >= %5.3f  %s\n", fl[k].set, fl[k].field, v, fl[k].min, ok ? "ok" : "BELOW");
                if (!ok)
                    rc = TAC_EXIT_EVAL;
            }
        }
    }
    if (cx.errors)
        fclose(cx.errors);
    free(sets);
    tac_coder_free(cx.c);
    tac_engine_close(cx.e);
    return rc;
}
