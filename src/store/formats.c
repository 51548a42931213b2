/*
 * formats.c - incidents written in the formats other tools load (see
 * formats.h): the writer itself, JSON Lines, the flat CSV and GeoJSON, and
 * the accessors and field writers that the codebook formats of
 * formats_codebook.c (ACLED, GTD, CAMEO/Phoenix) share. Column names follow
 * docs/formats.md; CSV follows RFC 4180 (quoted when needed, quotes doubled),
 * GeoJSON RFC 7946 (coordinates [lon, lat] rounded to 6 decimals).
 */
#include "formats.h"
#include "formats_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[EXP_FORMAT_MAX] = {"jsonl", "csv", "geojson", "acled", "gtd", "cameo"};

/* What each left_reason says on stderr. */
static const char *const left_names[LEFT_MAX] = {
    "without an ACLED event type (statements, talks)", "without a place", "located only to a country",
    "undated or dated only to a year", "without an actor ACLED would name", "not an attack (no GTD attack type)",
    "without a CAMEO code", "undated (no date, no report date)", "without coordinates"};

/* See formats.h. s may be NULL. */
int export_format_parse(const char *s)
{
    for (int i = 0; i < EXP_FORMAT_MAX; i++)
        if (s && strcmp(s, format_names[i]) == 0)
            return i;
    return -1;
}

/* ---- accessors over the incident object (see formats_int.h) ---- */

/* o[a], or o[a][b] when b is given; NULL when missing or when o[a] is not an
 * object. */
static json_t *path(json_t *o, const char *a, const char *b)
{
    json_t *v = json_object_get(o, a);
    if (b)
        v = json_is_object(v) ? json_object_get(v, b) : NULL;
    return v;
}

/* See formats_int.h. */
const char *fmt_str(json_t *o, const char *a, const char *b)
{
    json_t *v = path(o, a, b);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* See formats_int.h. */
int fmt_has_num(json_t *o, const char *a, const char *b)
{
    return json_is_number(path(o, a, b));
}

/* See formats_int.h. */
double fmt_num(json_t *o, const char *a, const char *b)
{
    return json_number_value(path(o, a, b));
}

/* See formats_int.h. */
int fmt_eq(const char *s, const char *t)
{
    return s && t && strcmp(s, t) == 0;
}

/* See formats_int.h. */
const char *fmt_numtxt(char *buf, size_t cap, json_t *o, const char *a, const char *b, int decimals)
{
    if (!fmt_has_num(o, a, b)) {
        buf[0] = '\0';
        return buf;
    }
    double v = fmt_num(o, a, b);
    if (decimals < 0)
        snprintf(buf, cap, "%lld", (long long)v);
    else
        snprintf(buf, cap, "%.*f", decimals, v);
    return buf;
}

/* See formats_int.h. Items that do not fit are left out. */
const char *fmt_joined(char *buf, size_t cap, json_t *arr, const char *key, const char *sep)
{
    size_t n = 0, i;
    json_t *v;
    buf[0] = '\0';
    json_array_foreach(arr, i, v) {
        const char *s = json_is_string(v) ? json_string_value(v) : key ? fmt_str(v, key, NULL) : NULL;
        if (!s)
            continue;
        int k = snprintf(buf + n, cap - n, "%s%s", n ? sep : "", s);
        if (k < 0 || n + (size_t)k >= cap) {
            buf[n] = '\0';
            break;
        }
        n += (size_t)k;
    }
    return buf;
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

/* See formats_int.h. */
void fmt_csv_field(incident_writer *w, const char *s, int first)
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

/* See formats_int.h. */
void fmt_tsv_field(incident_writer *w, const char *s, int first)
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

/* See formats_int.h. */
void fmt_row(incident_writer *w, field_fn f, const char *const *cols, int n)
{
    for (int i = 0; i < n; i++)
        f(w, cols[i], i == 0);
    put(w, "\n", 1);
}

/* See formats_int.h. */
void fmt_leave_out(incident_writer *w, json_t *o, enum left_reason r)
{
    w->left[r]++;
    if (fmt_has_num(o, "killed", "min"))
        w->left_fatalities += (long)fmt_num(o, "killed", "min");
}

/* ---- the flat formats ---- */

static const char *const csv_cols[] = {
    "id", "date_start", "date_end", "date_precision", "event_type", "sub_event_type", "cameo",
    "attack_type", "background", "place", "admin1", "country", "country_code", "latitude",
    "longitude", "location_precision", "actor1", "actor1_type", "actor2", "actor2_type",
    "target_type", "killed", "killed_max", "wounded", "weapons", "suicide", "claimed_by",
    "suspected", "sources", "documents"};

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* One row of the flat CSV; lists are joined with "; " and cut to fit their
 * buffers. */
static void add_csv(incident_writer *w, json_t *o)
{
    char lat[32], lon[32], k[32], km[32], wd[32], weapons[256], susp[512], srcs[1024], docs[2048];
    const char *v[NCOLS(csv_cols)] = {
        fmt_str(o, "id", NULL), fmt_str(o, "date", "start"), fmt_str(o, "date", "end"),
        fmt_str(o, "date", "precision"), fmt_str(o, "event_type", NULL), fmt_str(o, "sub_event_type", NULL),
        fmt_str(o, "cameo", NULL), fmt_str(o, "attack_type", NULL),
        json_is_true(json_object_get(o, "background")) ? "true" : "false", fmt_str(o, "location", "name"),
        fmt_str(o, "location", "admin1"), fmt_str(o, "location", "country"),
        fmt_str(o, "location", "country_code"), fmt_numtxt(lat, sizeof lat, o, "location", "lat", 4),
        fmt_numtxt(lon, sizeof lon, o, "location", "lon", 4), fmt_str(o, "location", "precision"),
        fmt_str(o, "actor1", "name"), fmt_str(o, "actor1", "type"), fmt_str(o, "actor2", "name"),
        fmt_str(o, "actor2", "type"), fmt_str(o, "target", "type"), fmt_numtxt(k, sizeof k, o, "killed", "min", -1),
        fmt_numtxt(km, sizeof km, o, "killed", "max", -1), fmt_numtxt(wd, sizeof wd, o, "wounded", "min", -1),
        fmt_joined(weapons, sizeof weapons, json_object_get(o, "weapons"), NULL, "; "),
        json_is_true(json_object_get(o, "suicide")) ? "true" : "false", fmt_str(o, "claimed_by", "name"),
        fmt_joined(susp, sizeof susp, json_object_get(o, "suspected"), "name", "; "),
        fmt_joined(srcs, sizeof srcs, json_object_get(o, "sources"), NULL, "; "),
        fmt_joined(docs, sizeof docs, json_object_get(o, "documents"), NULL, "; ")};
    fmt_row(w, fmt_csv_field, v, NCOLS(csv_cols));
    w->written++;
}

/* Set props[key] to the string s, or null. */
static void prop_str(json_t *props, const char *key, const char *s)
{
    json_object_set_new(props, key, s ? json_string(s) : json_null());
}

/* Set props[key] to the number at o[a][b] (an integer when it is one), or null. */
static void prop_num(json_t *props, const char *key, json_t *o, const char *a, const char *b)
{
    json_t *v = path(o, a, b);
    json_object_set_new(props, key, json_is_number(v) ? json_deep_copy(v) : json_null());
}

/* The flat properties of a GeoJSON feature: strings, numbers and nulls only
 * (lists joined with "; ", booleans as 0/1), under the flat CSV's names.
 * NULL when out of memory. */
static json_t *flat_properties(json_t *o)
{
    json_t *p = json_object();
    char buf[2048];
    static const char *const strs[][3] = {
        {"id", "id", NULL}, {"event_type", "event_type", NULL}, {"sub_event_type", "sub_event_type", NULL},
        {"cameo", "cameo", NULL}, {"attack_type", "attack_type", NULL}, {"kind", "kind", NULL},
        {"date_start", "date", "start"}, {"date_end", "date", "end"}, {"date_precision", "date", "precision"},
        {"place", "location", "name"}, {"admin1", "location", "admin1"}, {"admin2", "location", "admin2"},
        {"country", "location", "country"}, {"country_code", "location", "country_code"},
        {"location_precision", "location", "precision"}, {"actor1", "actor1", "name"},
        {"actor1_type", "actor1", "type"}, {"actor2", "actor2", "name"}, {"actor2_type", "actor2", "type"},
        {"target", "target", "text"}, {"target_type", "target", "type"}, {"claimed_by", "claimed_by", "name"},
        {"first_reported", "first_reported", NULL}, {"last_reported", "last_reported", NULL}};
    static const char *const nums[][2] = {{"killed", "min"}, {"killed_max", "max"}};
    static const char *const lists[][2] = {{"weapons", NULL}, {"suspected", "name"}, {"sources", NULL},
                                           {"documents", NULL}, {"urls", NULL}};
    if (!p)
        return NULL;
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        prop_str(p, strs[i][0], fmt_str(o, strs[i][1], strs[i][2]));
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        prop_num(p, nums[i][0], o, "killed", nums[i][1]);
    prop_num(p, "wounded", o, "wounded", "min");
    prop_num(p, "kidnapped", o, "kidnapped", "min");
    prop_num(p, "arrested", o, "arrested", "min");
    json_object_set_new(p, "suicide", json_integer(json_is_true(json_object_get(o, "suicide"))));
    json_object_set_new(p, "background", json_integer(json_is_true(json_object_get(o, "background"))));
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        prop_str(p, lists[i][0], fmt_joined(buf, sizeof buf, json_object_get(o, lists[i][0]), lists[i][1], "; "));
    return p;
}

/* One GeoJSON Point feature, after a comma from the previous one; an incident
 * without coordinates, undated or dated only to a year is left out (counted):
 * nothing that vague is drawn as a point. Returns -1 with w->failed set when
 * out of memory. */
static int add_geojson(incident_writer *w, json_t *o)
{
    const char *prec = fmt_str(o, "date", "precision");
    if (!fmt_has_num(o, "location", "lat") || !fmt_has_num(o, "location", "lon")) {
        fmt_leave_out(w, o, LEFT_NO_POINT);
        return 0;
    }
    if (!fmt_str(o, "date", "start") || !prec || strcmp(prec, "year") == 0) {
        fmt_leave_out(w, o, LEFT_VAGUE_DATE);
        return 0;
    }
    json_t *props = flat_properties(o);
    char *ps = props ? json_dumps(props, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(props);
    if (!ps) {
        w->failed = 1;
        return -1;
    }
    char geom[128];
    snprintf(geom, sizeof geom, "{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]}",
             fmt_num(o, "location", "lon"), fmt_num(o, "location", "lat"));
    if (w->written > 0)
        puts_(w, ",\n");
    puts_(w, "{\"type\":\"Feature\",\"geometry\":");
    puts_(w, geom);
    puts_(w, ",\"properties\":");
    puts_(w, ps);
    puts_(w, "}");
    free(ps);
    w->written++;
    return 0;
}

/* The incident as one compact JSON line. Returns -1 with w->failed set when
 * out of memory. */
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
    w->written++;
    return 0;
}

/* ---- the writer ---- */

/* The header line of a delimited format (nothing for the JSON ones). */
static void write_header(incident_writer *w)
{
    switch (w->fmt) {
    case EXP_CSV: fmt_row(w, fmt_csv_field, csv_cols, NCOLS(csv_cols)); break;
    case EXP_ACLED: fmt_row(w, fmt_csv_field, fmt_acled_cols, fmt_acled_ncols); break;
    case EXP_GTD: fmt_row(w, fmt_csv_field, fmt_gtd_cols, fmt_gtd_ncols); break;
    case EXP_CAMEO: fmt_row(w, fmt_tsv_field, fmt_cameo_cols, fmt_cameo_ncols); break;
    case EXP_GEOJSON: puts_(w, "{\"type\":\"FeatureCollection\",\"features\":[\n"); break;
    default: break;
    }
}

/* See formats.h. Also NULL for an unknown format or a NULL out. A failed header
 * write is reported by the first add or by finish. */
incident_writer *incident_writer_open(enum export_format f, FILE *out, const export_options *opt, char *err,
                                      size_t errcap)
{
    static const export_options defaults = {NULL, 0};
    char ebuf[8];
    if (!err)
        err = ebuf, errcap = sizeof ebuf;
    err[0] = '\0';
    opt = opt ? opt : &defaults;
    if ((int)f < 0 || f >= EXP_FORMAT_MAX || !out)
        return snprintf(err, errcap, "no such format or output"), NULL;
    if (opt->bom && (f == EXP_JSONL || f == EXP_GEOJSON))
        return snprintf(err, errcap, "--bom is for the CSV and TSV formats (JSON has no byte order mark)"), NULL;
    incident_writer *w = calloc(1, sizeof *w);
    if (!w)
        return snprintf(err, errcap, "out of memory"), NULL;
    w->fmt = f;
    w->out = out;
    if ((f == EXP_ACLED || f == EXP_GTD || f == EXP_CAMEO) && !(w->codes = export_codes_load(opt->data_dir, err, errcap))) {
        free(w);
        return NULL;
    }
    if (f == EXP_GTD && (!(w->held = json_array()) || !(w->seqs = json_object()))) {
        json_decref(w->held);
        export_codes_free(w->codes);
        free(w);
        return snprintf(err, errcap, "out of memory"), NULL;
    }
    if (opt->bom)
        puts_(w, "\xEF\xBB\xBF");
    write_header(w);
    return w;
}

/* See formats.h. */
incident_writer *incident_writer_new(enum export_format f, FILE *out)
{
    return incident_writer_open(f, out, NULL, NULL, 0);
}

/* See formats.h. Also -1 (errno untouched) for a NULL w, a non-object incident
 * or out of memory, and for every call after a failure: failures are sticky.
 * The incident stays the caller's (GTD takes a reference of its own). */
int incident_writer_add(incident_writer *w, json_t *o)
{
    if (!w || !json_is_object(o))
        return -1;
    switch (w->fmt) {
    case EXP_JSONL: add_jsonl(w, o); break;
    case EXP_CSV: add_csv(w, o); break;
    case EXP_GEOJSON: add_geojson(w, o); break;
    case EXP_ACLED: fmt_add_acled(w, o); break;
    case EXP_GTD: fmt_add_gtd(w, o); break;
    case EXP_CAMEO: fmt_add_cameo(w, o); break;
    default: return -1;
    }
    w->count++;
    if (ferror(w->out))
        w->failed = 1;
    return w->failed ? -1 : 0;
}

/* See formats.h. The reasons are listed in left_reason order. */
long incident_writer_left_out(const incident_writer *w, char *buf, size_t cap)
{
    long total = 0;
    size_t n = 0;
    buf[0] = '\0';
    for (int r = 0; w && r < LEFT_MAX; r++)
        total += w->left[r];
    if (!total)
        return 0;
    n += (size_t)snprintf(buf, cap, "%s: %ld of %ld incidents written; left out:", format_names[w->fmt],
                          w->count - total, w->count);
    for (int r = 0; r < LEFT_MAX && n < cap; r++)
        if (w->left[r])
            n += (size_t)snprintf(buf + n, cap - n, "%s %ld %s", n && buf[n - 1] == ':' ? "" : ",", w->left[r],
                                  left_names[r]);
    if (n < cap)
        snprintf(buf + n, cap - n, "; %ld killed in those", w->left_fatalities);
    return total;
}

/* See formats.h. out is flushed, not closed. */
int incident_writer_finish(incident_writer *w)
{
    if (!w)
        return 0;
    if (w->fmt == EXP_GTD)
        fmt_finish_gtd(w);
    if (w->fmt == EXP_GEOJSON)
        puts_(w, "\n]}\n");
    if (fflush(w->out) != 0 || ferror(w->out))
        w->failed = 1;
    int rc = w->failed ? -1 : 0;
    json_decref(w->held);
    json_decref(w->seqs);
    export_codes_free(w->codes);
    free(w);
    return rc;
}
