/*
 * formats.c - incidents written in the formats other tools load (see
 * formats.h): JSON Lines, a flat CSV, GeoJSON, ACLED-style CSV, GTD-style CSV
 * and CAMEO/Phoenix-style TSV. Column names follow the codebooks in
 * docs/formats.md; CSV follows RFC 4180 (quoted when needed, quotes doubled).
 */
#include "formats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct incident_writer {
    enum export_format fmt;
    FILE *out;
    int failed;
    long count;
};

static const char *const format_names[EXP_FORMAT_MAX] = {"jsonl", "csv", "geojson", "acled", "gtd", "cameo"};

/* See formats.h. s may be NULL. */
int export_format_parse(const char *s)
{
    for (int i = 0; i < EXP_FORMAT_MAX; i++)
        if (s && strcmp(s, format_names[i]) == 0)
            return i;
    return -1;
}

/* ---- small accessors over the incident object ---- */

/* o[a], or o[a][b] when b is given; NULL when missing or when o[a] is not an
 * object. */
static json_t *path(json_t *o, const char *a, const char *b)
{
    json_t *v = json_object_get(o, a);
    if (b)
        v = json_is_object(v) ? json_object_get(v, b) : NULL;
    return v;
}

/* The string at o[a] or o[a][b], or NULL when missing or not a string. */
static const char *str(json_t *o, const char *a, const char *b)
{
    json_t *v = path(o, a, b);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* 1 when o[a] or o[a][b] is a number. */
static int has_num(json_t *o, const char *a, const char *b)
{
    return json_is_number(path(o, a, b));
}

/* The number at o[a] or o[a][b]; 0.0 when missing or not a number. */
static double num(json_t *o, const char *a, const char *b)
{
    return json_number_value(path(o, a, b));
}

/* ---- field writers ---- */

/* Write s[0..n) to the output; a short write sets w->failed, which
 * incident_writer_add and incident_writer_finish report. */
static void put(incident_writer *w, const char *s, size_t n)
{
    if (n && fwrite(s, 1, n, w->out) != n)
        w->failed = 1;
}

/* put of a NUL-terminated string. */
static void puts_(incident_writer *w, const char *s)
{
    put(w, s, strlen(s));
}

/* One CSV field: quoted when it holds a comma, a quote or a line break. */
static void csv_field(incident_writer *w, const char *s, int first)
{
    if (!first)
        put(w, ",", 1);
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        puts_(w, s);
        return;
    }
    put(w, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            put(w, "\"\"", 2);
        else
            put(w, p, 1);
    }
    put(w, "\"", 1);
}

/* One TSV field: tabs and line breaks become spaces. */
static void tsv_field(incident_writer *w, const char *s, int first)
{
    if (!first)
        put(w, "\t", 1);
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        char c = (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p;
        put(w, &c, 1);
    }
}

typedef void (*field_fn)(incident_writer *w, const char *s, int first);

/* One line: the n columns through the field writer f (NULL is an empty field),
 * then a newline. */
static void row(incident_writer *w, field_fn f, const char *const *cols, int n)
{
    for (int i = 0; i < n; i++)
        f(w, cols[i], i == 0);
    put(w, "\n", 1);
}

/* Number as text into buf ("" when absent). decimals < 0: an integer. */
static const char *numtxt(char *buf, size_t cap, json_t *o, const char *a, const char *b, int decimals)
{
    if (!has_num(o, a, b)) {
        buf[0] = '\0';
        return buf;
    }
    double v = num(o, a, b);
    if (decimals < 0)
        snprintf(buf, cap, "%lld", (long long)v);
    else
        snprintf(buf, cap, "%.*f", decimals, v);
    return buf;
}

/* Items of an array of strings (or of objects' "name") joined by sep into buf. */
static const char *joined(char *buf, size_t cap, json_t *arr, const char *key, const char *sep)
{
    size_t n = 0, i;
    json_t *v;
    buf[0] = '\0';
    json_array_foreach(arr, i, v) {
        const char *s = json_is_string(v) ? json_string_value(v)
                        : (key && json_is_object(v)) ? str(v, key, NULL) : NULL;
        if (!s)
            continue;
        int k = snprintf(buf + n, n < cap ? cap - n : 0, "%s%s", n ? sep : "", s);
        if (k < 0 || n + (size_t)k >= cap)
            break;
        n += (size_t)k;
    }
    return buf;
}

/* ---- codebook mappings ---- */

/* ACLED inter code of an actor type (unidentified armed groups are coded as
 * political militias, as ACLED does). */
static int inter_code(const char *type)
{
    static const struct { const char *t; int c; } map[] = {
        {"state forces", 1}, {"rebel group", 2}, {"political militia", 3}, {"identity militia", 4},
        {"rioters", 5}, {"protesters", 6}, {"civilians", 7}, {"external/other forces", 8}, {"unknown", 3}};
    if (!type)
        return 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i].t, type) == 0)
            return map[i].c;
    return 0;
}

/* The ACLED disorder type of an event type and sub-event type; NULL without an
 * event type. */
static const char *disorder_type(const char *event_type, const char *sub)
{
    if (!event_type)
        return NULL;
    if (sub && strcmp(sub, "Excessive force against protesters") == 0)
        return "Political violence; Demonstrations";
    if (sub && strcmp(sub, "Mob violence") == 0)
        return "Political violence";
    if (strcmp(event_type, "Protests") == 0 || strcmp(event_type, "Riots") == 0)
        return "Demonstrations";
    if (strcmp(event_type, "Strategic developments") == 0)
        return "Strategic developments";
    return "Political violence";
}

/* ACLED time precision: 1 day, 2 week, 3 month or longer. */
static const char *time_precision(const char *p)
{
    if (!p)
        return NULL;
    return strcmp(p, "day") == 0 ? "1" : strcmp(p, "week") == 0 ? "2" : "3";
}

/* ACLED geo precision: 1 the town, 2 near a town or a district, 3 a region. */
static const char *geo_precision(const char *p)
{
    if (!p)
        return NULL;
    return strcmp(p, "city") == 0 ? "1" : strcmp(p, "admin2") == 0 ? "2" : "3";
}

/* GTD specificity: 1 city, 3 smallest admin area known, 4 admin1 only, 5 country only. */
static const char *gtd_specificity(const char *p)
{
    if (!p)
        return "5";
    return strcmp(p, "city") == 0 ? "1" : strcmp(p, "admin2") == 0 ? "3" : strcmp(p, "admin1") == 0 ? "4" : "5";
}

/* CAMEO quad class of a root code: 1 verbal cooperation (01-05), 2 material
 * cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20). */
static int quad_class(int root)
{
    return root <= 0 ? 0 : root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
}

/* Goldstein-style scores of the CAMEO root codes (the values conventionally
 * attached to each root in GDELT/Phoenix data; finer codes are scored by root). */
static double goldstein(int root)
{
    static const double g[21] = {0, 0.0, 3.0, 4.0, 1.0, 3.5, 6.0, 7.0, 5.0, -2.0, -5.0,
                                 -2.0, -4.0, -6.0, -6.5, -7.2, -4.0, -7.0, -9.0, -10.0, -10.0};
    return root >= 1 && root <= 20 ? g[root] : 0.0;
}

/* The root (first two digits) of a CAMEO code as a number, or 0 when code is
 * NULL or does not start with two digits. */
static int cameo_root(const char *code)
{
    if (!code || strlen(code) < 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
        return 0;
    return (code[0] - '0') * 10 + (code[1] - '0');
}

/* ---- the formats ---- */

static const char *const csv_cols[] = {
    "id", "date_start", "date_end", "date_precision", "event_type", "sub_event_type", "cameo",
    "attack_type", "background", "place", "admin1", "country", "country_code", "latitude",
    "longitude", "location_precision", "actor1", "actor1_type", "actor2", "actor2_type",
    "target_type", "killed", "killed_max", "wounded", "weapons", "suicide", "claimed_by",
    "suspected", "sources", "documents"};

static const char *const acled_cols[] = {
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp"};

static const char *const gtd_cols[] = {
    "eventid", "iyear", "imonth", "iday", "approxdate", "extended", "country_txt", "provstate",
    "city", "latitude", "longitude", "specificity", "summary", "attacktype1_txt",
    "attacktype2_txt", "targtype1_txt", "target1", "gname", "claimed", "weaptype1_txt",
    "weaptype2_txt", "nkill", "nwound", "suicide", "dbsource"};

static const char *const cameo_cols[] = {
    "date", "source", "target", "code", "root_code", "quad_class", "goldstein", "location",
    "latitude", "longitude", "url"};

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* See formats.h. Also NULL for an unknown format or a NULL out. A failed header
 * write is reported by the first add or by finish. */
incident_writer *incident_writer_new(enum export_format f, FILE *out)
{
    if ((int)f < 0 || f >= EXP_FORMAT_MAX || !out)
        return NULL;
    incident_writer *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->fmt = f;
    w->out = out;
    switch (f) {
    case EXP_CSV: row(w, csv_field, csv_cols, NCOLS(csv_cols)); break;
    case EXP_ACLED: row(w, csv_field, acled_cols, NCOLS(acled_cols)); break;
    case EXP_GTD: row(w, csv_field, gtd_cols, NCOLS(gtd_cols)); break;
    case EXP_CAMEO: row(w, tsv_field, cameo_cols, NCOLS(cameo_cols)); break;
    case EXP_GEOJSON: puts_(w, "{\"type\":\"FeatureCollection\",\"features\":[\n"); break;
    default: break;
    }
    return w;
}

/* One row of the flat CSV; lists are joined with "; " and cut to fit their
 * buffers. Returns 0; write errors are left in w->failed. */
static int add_csv(incident_writer *w, json_t *o)
{
    char lat[32], lon[32], k[32], km[32], wd[32], weapons[256], susp[512], srcs[1024], docs[2048];
    const char *v[NCOLS(csv_cols)] = {
        str(o, "id", NULL), str(o, "date", "start"), str(o, "date", "end"), str(o, "date", "precision"),
        str(o, "event_type", NULL), str(o, "sub_event_type", NULL), str(o, "cameo", NULL),
        str(o, "attack_type", NULL), json_is_true(json_object_get(o, "background")) ? "true" : "false",
        str(o, "location", "name"), str(o, "location", "admin1"), str(o, "location", "country"),
        str(o, "location", "country_code"), numtxt(lat, sizeof lat, o, "location", "lat", 4),
        numtxt(lon, sizeof lon, o, "location", "lon", 4), str(o, "location", "precision"),
        str(o, "actor1", "name"), str(o, "actor1", "type"), str(o, "actor2", "name"), str(o, "actor2", "type"),
        str(o, "target", "type"), numtxt(k, sizeof k, o, "killed", "min", -1),
        numtxt(km, sizeof km, o, "killed", "max", -1), numtxt(wd, sizeof wd, o, "wounded", "min", -1),
        joined(weapons, sizeof weapons, json_object_get(o, "weapons"), NULL, "; "),
        json_is_true(json_object_get(o, "suicide")) ? "true" : "false", str(o, "claimed_by", "name"),
        joined(susp, sizeof susp, json_object_get(o, "suspected"), "name", "; "),
        joined(srcs, sizeof srcs, json_object_get(o, "sources"), NULL, "; "),
        joined(docs, sizeof docs, json_object_get(o, "documents"), NULL, "; ")};
    row(w, csv_field, v, NCOLS(csv_cols));
    return 0;
}

/* One row of the ACLED-style CSV (no fatalities is written 0). Returns 0; write
 * errors are left in w->failed. */
static int add_acled(incident_writer *w, json_t *o)
{
    const char *date = str(o, "date", "start");
    char year[8] = "", lat[32], lon[32], inter1[4] = "", inter2[4] = "", interaction[4] = "", fat[32];
    char srcs[1024];
    if (date && strlen(date) >= 4)
        snprintf(year, sizeof year, "%.4s", date);
    int i1 = inter_code(str(o, "actor1", "type")), i2 = inter_code(str(o, "actor2", "type"));
    if (i1)
        snprintf(inter1, sizeof inter1, "%d", i1);
    if (json_is_object(json_object_get(o, "actor2")))
        snprintf(inter2, sizeof inter2, "%d", i2);
    if (i1) {
        int lo = i2 && i2 < i1 ? i2 : i1, hi = i2 && i2 < i1 ? i1 : i2;
        snprintf(interaction, sizeof interaction, "%d", lo * 10 + hi);
    }
    const char *a2type = str(o, "actor2", "type");
    /* ACLED codes no fatalities as 0, not blank */
    if (has_num(o, "killed", "min"))
        numtxt(fat, sizeof fat, o, "killed", "min", -1);
    else
        snprintf(fat, sizeof fat, "0");
    const char *v[NCOLS(acled_cols)] = {
        str(o, "id", NULL), date, year, time_precision(str(o, "date", "precision")),
        disorder_type(str(o, "event_type", NULL), str(o, "sub_event_type", NULL)), str(o, "event_type", NULL),
        str(o, "sub_event_type", NULL), str(o, "actor1", "name"), NULL, inter1, str(o, "actor2", "name"), NULL,
        inter2, interaction, (a2type && strcmp(a2type, "civilians") == 0) ? "Civilian targeting" : NULL,
        NULL, NULL, str(o, "location", "country"), str(o, "location", "admin1"), str(o, "location", "admin2"),
        NULL, str(o, "location", "name"), numtxt(lat, sizeof lat, o, "location", "lat", 4),
        numtxt(lon, sizeof lon, o, "location", "lon", 4), geo_precision(str(o, "location", "precision")),
        joined(srcs, sizeof srcs, json_object_get(o, "sources"), NULL, "; "), NULL, str(o, "notes", NULL), fat,
        NULL, NULL};
    row(w, csv_field, v, NCOLS(acled_cols));
    return 0;
}

/* One row of the GTD-style CSV (0 for an unknown month or day; claimed 1, 0 or
 * -9 for unknown). Returns 0; write errors are left in w->failed. */
static int add_gtd(incident_writer *w, json_t *o)
{
    const char *date = str(o, "date", "start");
    const char *prec = str(o, "date", "precision");
    char y[8] = "", m[4] = "", d[4] = "", lat[32], lon[32], nk[32], nw[32];
    if (date && strlen(date) >= 10) {
        snprintf(y, sizeof y, "%.4s", date);
        snprintf(m, sizeof m, "%d", atoi(date + 5));
        /* GTD writes 0 for an unknown day or month */
        snprintf(d, sizeof d, "%d", prec && strcmp(prec, "day") == 0 ? atoi(date + 8) : 0);
        if (prec && strcmp(prec, "year") == 0)
            snprintf(m, sizeof m, "0");
    }
    const char *claimed = json_is_object(json_object_get(o, "claimed_by")) ? "1"
                          : json_is_true(json_object_get(o, "unclaimed")) ? "0" : "-9";
    json_t *weapons = json_object_get(o, "weapons");
    const char *w1 = json_string_value(json_array_get(weapons, 0));
    const char *w2 = json_string_value(json_array_get(weapons, 1));
    const char *gname = str(o, "actor1", "name");
    const char *a1type = str(o, "actor1", "type");
    if (!gname || (a1type && strcmp(a1type, "unknown") == 0))
        gname = "Unknown";
    const char *v[NCOLS(gtd_cols)] = {
        str(o, "id", NULL), y, m, d, (prec && strcmp(prec, "day") != 0) ? date : NULL, "0",
        str(o, "location", "country"), str(o, "location", "admin1"), str(o, "location", "name"),
        numtxt(lat, sizeof lat, o, "location", "lat", 6), numtxt(lon, sizeof lon, o, "location", "lon", 6),
        gtd_specificity(str(o, "location", "precision")), str(o, "notes", NULL), str(o, "attack_type", NULL),
        str(o, "attack_type2", NULL), str(o, "target", "type"), str(o, "target", "text"), gname, claimed,
        w1, w2, numtxt(nk, sizeof nk, o, "killed", "min", -1), numtxt(nw, sizeof nw, o, "wounded", "min", -1),
        json_is_true(json_object_get(o, "suicide")) ? "1" : "0", "tacitus"};
    row(w, csv_field, v, NCOLS(gtd_cols));
    return 0;
}

/* One line of the CAMEO/Phoenix-style TSV; root code, quad class and Goldstein
 * score come from the code's root. Returns 0; write errors are left in w->failed. */
static int add_cameo(incident_writer *w, json_t *o)
{
    const char *code = str(o, "cameo", NULL);
    int root = cameo_root(code);
    char rootc[4] = "", quad[4] = "", gold[16] = "", lat[32], lon[32];
    if (root) {
        snprintf(rootc, sizeof rootc, "%02d", root);
        snprintf(quad, sizeof quad, "%d", quad_class(root));
        snprintf(gold, sizeof gold, "%.1f", goldstein(root));
    }
    const char *v[NCOLS(cameo_cols)] = {
        str(o, "date", "start"), str(o, "actor1", "name"), str(o, "actor2", "name"), code, rootc, quad, gold,
        str(o, "location", "name"), numtxt(lat, sizeof lat, o, "location", "lat", 4),
        numtxt(lon, sizeof lon, o, "location", "lon", 4), json_string_value(json_array_get(json_object_get(o, "urls"), 0))};
    row(w, tsv_field, v, NCOLS(cameo_cols));
    return 0;
}

/* One GeoJSON Feature (null geometry without coordinates), after a comma from
 * the previous one. Returns 0, or -1 with w->failed set when out of memory. */
static int add_geojson(incident_writer *w, json_t *o)
{
    json_t *f = json_object();
    json_t *props = json_object();
    if (!f || !props) {
        json_decref(f);
        json_decref(props);
        w->failed = 1;
        return -1;
    }
    json_object_set_new(f, "type", json_string("Feature"));
    if (has_num(o, "location", "lat") && has_num(o, "location", "lon")) {
        json_t *coords = json_pack("[f,f]", num(o, "location", "lon"), num(o, "location", "lat"));
        json_object_set_new(f, "geometry", json_pack("{s:s,s:o}", "type", "Point", "coordinates", coords));
    } else {
        json_object_set_new(f, "geometry", json_null());
    }
    static const char *const keys[] = {"id", "event_type", "sub_event_type", "cameo", "attack_type",
                                       "background", "date", "location", "actor1", "actor2", "target",
                                       "killed", "wounded", "weapons", "suicide", "claimed_by",
                                       "documents", "urls", NULL};
    for (const char *const *k = keys; *k; k++) {
        json_t *v = json_object_get(o, *k);
        if (v)
            json_object_set(props, *k, v);
    }
    json_object_set_new(f, "properties", props);
    char *s = json_dumps(f, JSON_COMPACT);
    json_decref(f);
    if (!s) {
        w->failed = 1;
        return -1;
    }
    if (w->count > 0)
        puts_(w, ",\n");
    puts_(w, s);
    free(s);
    return 0;
}

/* The incident as one compact JSON line. Returns 0, or -1 with w->failed set
 * when out of memory. */
static int add_jsonl(incident_writer *w, json_t *o)
{
    char *s = json_dumps(o, JSON_COMPACT);
    if (!s) {
        w->failed = 1;
        return -1;
    }
    puts_(w, s);
    put(w, "\n", 1);
    free(s);
    return 0;
}

/* See formats.h. Also -1 (errno untouched) for a NULL w, a non-object incident
 * or out of memory, and for every call after a failure: failures are sticky. */
int incident_writer_add(incident_writer *w, json_t *o)
{
    if (!w || !json_is_object(o))
        return -1;
    switch (w->fmt) {
    case EXP_JSONL: add_jsonl(w, o); break;
    case EXP_CSV: add_csv(w, o); break;
    case EXP_GEOJSON: add_geojson(w, o); break;
    case EXP_ACLED: add_acled(w, o); break;
    case EXP_GTD: add_gtd(w, o); break;
    case EXP_CAMEO: add_cameo(w, o); break;
    default: return -1;
    }
    w->count++;
    if (ferror(w->out))
        w->failed = 1;
    return w->failed ? -1 : 0;
}

/* See formats.h. out is flushed, not closed. */
int incident_writer_finish(incident_writer *w)
{
    if (!w)
        return 0;
    if (w->fmt == EXP_GEOJSON)
        puts_(w, "\n]}\n");
    if (fflush(w->out) != 0 || ferror(w->out))
        w->failed = 1;
    int rc = w->failed ? -1 : 0;
    free(w);
    return rc;
}
