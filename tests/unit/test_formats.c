/*
 * test_formats.c - every export format read back: CSV and TSV parsed (RFC 4180
 * quoting included), column names checked against the formats' documented
 * names, the codebook columns (ACLED iso, region, inter codes, default actors,
 * notes; GTD codes, specificity, gname; CAMEO actor codes), the incidents each
 * format leaves out and their count, --bom, GeoJSON parsed and checked as a
 * FeatureCollection of points with flat properties, JSON Lines parsed. The
 * incidents are invented for the test; the tables come from data/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

/* Two invented incidents: a full one and a sparse one with awkward text. */
static json_t *incidents(void)
{
    json_error_t je;
    json_t *a = json_loads(
        "[{\"id\":\"INC-000001\",\"event_type\":\"Battles\",\"sub_event_type\":\"Armed clash\",\"cameo\":\"193\","
        "\"attack_type\":\"Armed Assault\",\"attack_type2\":\"Bombing/Explosion\",\"background\":false,"
        "\"date\":{\"start\":\"2024-03-11\",\"end\":\"2024-03-11\",\"precision\":\"day\",\"assumed\":false},"
        "\"location\":{\"name\":\"Quetta\",\"admin1\":\"Balochistan\",\"country\":\"Pakistan\",\"country_code\":\"PK\","
        "\"lat\":30.1841,\"lon\":67.0014,\"precision\":\"city\",\"geonameid\":1167528},"
        "\"actor1\":{\"name\":\"Hill Brigade\",\"type\":\"rebel group\",\"country\":\"PK\"},"
        "\"actor2\":{\"name\":\"Police Forces of Pakistan\",\"type\":\"state forces\",\"country\":\"PK\"},"
        "\"target\":{\"text\":\"police checkpoint\",\"type\":\"Police\"},"
        "\"killed\":{\"min\":5,\"max\":7,\"approximate\":false,\"breakdown\":[]},"
        "\"wounded\":{\"min\":4,\"max\":null,\"approximate\":false,\"breakdown\":[]},"
        "\"weapons\":[\"Firearms\",\"Explosives\"],\"suicide\":false,\"claimed_by\":{\"name\":\"Hill Brigade\"},"
        "\"suspected\":[],\"sources\":[\"police\",\"a provincial official\"],"
        "\"documents\":[\"doc-1\",\"doc-2\"],\"urls\":[\"https://example.org/1\"],\"notes\":\"Gunmen raided a checkpoint.\"},"
        "{\"id\":\"INC-000002\",\"event_type\":\"Protests\",\"sub_event_type\":\"Peaceful protest\",\"cameo\":\"141\","
        "\"attack_type\":null,\"background\":true,\"date\":{\"start\":\"2024-01-01\",\"end\":\"2024-01-31\","
        "\"precision\":\"month\",\"assumed\":false},\"location\":null,"
        "\"actor1\":{\"name\":\"Protesters (Pakistan)\",\"type\":\"protesters\",\"country\":\"PK\"},\"actor2\":null,"
        "\"target\":null,\"killed\":null,\"wounded\":null,\"weapons\":[],\"suicide\":false,\"claimed_by\":null,"
        "\"suspected\":[],\"sources\":[\"a \\\"quoted\\\", comma\\nand newline\"],\"documents\":[\"doc-3\"],\"urls\":[]}]",
        0, &je);
    assert_non_null(a);
    return a;
}

/* Write the incidents of the JSON array text (NULL: incidents()) in format f
 * with options opt; returns the malloc'd output, and the left-out line in
 * left when it is not NULL. */
static char *write_these(enum export_format f, const char *text, const export_options *opt, char *left,
                         size_t cap)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    char err[256];
    incident_writer *w = incident_writer_open(f, out, opt, err, sizeof err);
    assert_non_null(w);
    json_error_t je;
    json_t *all = text ? json_loads(text, 0, &je) : incidents();
    assert_non_null(all);
    size_t i;
    json_t *o;
    json_array_foreach(all, i, o) assert_int_equal(incident_writer_add(w, o), 0);
    if (left)
        incident_writer_left_out(w, left, cap);
    assert_int_equal(incident_writer_finish(w), 0);
    fclose(out);
    json_decref(all);
    return buf;
}

/* Write both incidents() in format f; returns the malloc'd output. */
static char *write_all(enum export_format f)
{
    return write_these(f, NULL, NULL, NULL, 0);
}

/* A minimal RFC 4180 reader: rows of fields, sep ',' or '\t'. */
typedef struct table {
    char *cells[8][64];
    int ncols[8];
    int nrows;
} table;

static void parse_table(const char *s, char sep, table *t)
{
    memset(t, 0, sizeof *t);
    char field[4096];
    size_t fl = 0;
    int quoted = 0, col = 0;
    for (const char *p = s;; p++) {
        char c = *p;
        if (quoted) {
            if (c == '"' && p[1] == '"') {
                field[fl++] = '"';
                p++;
            } else if (c == '"') {
                quoted = 0;
            } else if (c) {
                field[fl++] = c;
            }
            continue;
        }
        if (c == '"' && fl == 0) {
            quoted = 1;
        } else if (c == sep || c == '\n' || c == '\0') {
            if (c == '\0' && fl == 0 && col == 0)
                break;
            field[fl] = '\0';
            t->cells[t->nrows][col++] = strdup(field);
            fl = 0;
            if (c != sep) {
                t->ncols[t->nrows++] = col;
                col = 0;
                if (c == '\0' || t->nrows == 8)
                    break;
            }
        } else {
            field[fl++] = c;
        }
    }
}

static void free_table(table *t)
{
    for (int r = 0; r < 8; r++)
        for (int c = 0; c < 64; c++)
            free(t->cells[r][c]);
}

static int col_index(const table *t, const char *name)
{
    for (int c = 0; c < t->ncols[0]; c++)
        if (strcmp(t->cells[0][c], name) == 0)
            return c;
    return -1;
}

static const char *cell(const table *t, int row, const char *name)
{
    int c = col_index(t, name);
    assert_true(c >= 0);
    return t->cells[row][c];
}

static void test_acled(void **state)
{
    (void)state;
    char *s = write_all(EXP_ACLED);
    table t;
    parse_table(s, ',', &t);
    static const char *const cols[] = {
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
        "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
        "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
        "fatalities", "tags", "timestamp"};
    assert_int_equal(t.ncols[0], 31);
    for (int c = 0; c < 31; c++)
        assert_string_equal(t.cells[0][c], cols[c]);
    assert_int_equal(t.nrows, 2); /* the second incident has no place: ACLED leaves it out */
    assert_int_equal(t.ncols[1], 31);
    assert_string_equal(cell(&t, 1, "event_id_cnty"), "PAK000001");
    assert_string_equal(cell(&t, 1, "event_date"), "2024-03-11");
    assert_string_equal(cell(&t, 1, "year"), "2024");
    assert_string_equal(cell(&t, 1, "time_precision"), "1");
    assert_string_equal(cell(&t, 1, "disorder_type"), "Political violence");
    assert_string_equal(cell(&t, 1, "actor1"), "Hill Brigade");
    assert_string_equal(cell(&t, 1, "inter1"), "2");
    assert_string_equal(cell(&t, 1, "inter2"), "1");
    assert_string_equal(cell(&t, 1, "interaction"), "12");
    assert_string_equal(cell(&t, 1, "iso"), "586");
    assert_string_equal(cell(&t, 1, "region"), "South Asia");
    assert_string_equal(cell(&t, 1, "fatalities"), "5");
    assert_string_equal(cell(&t, 1, "latitude"), "30.1841");
    assert_string_equal(cell(&t, 1, "geo_precision"), "1");
    assert_string_equal(cell(&t, 1, "source"), "example.org"); /* a site data/ does not name */
    assert_string_equal(cell(&t, 1, "source_scale"), "");
    assert_string_equal(cell(&t, 1, "notes"),
                        "On 11 March 2024, in Quetta (Balochistan, Pakistan), Hill Brigade clashed with Police "
                        "Forces of Pakistan (police checkpoint); 5-7 killed, 4 wounded, according to police and a "
                        "provincial official; Hill Brigade claimed responsibility.");
    free_table(&t);
    free(s);
}

/* ACLED's own rules: a speaker is no actor (the event type's default replaces
 * it), an unidentified armed group is coded 3, a listed site is named with its
 * scale, a whole month is dated on the 15th, a country-only place is left out. */
static void test_acled_rules(void **state)
{
    (void)state;
    char left[512];
    char *s = write_these(
        EXP_ACLED,
        "[{\"id\":\"INC-000007\",\"event_type\":\"Protests\",\"sub_event_type\":\"Peaceful protest\","
        "\"date\":{\"start\":\"2024-05-01\",\"end\":\"2024-05-31\",\"precision\":\"month\"},"
        "\"location\":{\"name\":\"Lahore\",\"admin1\":\"Punjab\",\"country\":\"Pakistan\",\"country_code\":\"PK\","
        "\"lat\":31.5,\"lon\":74.3,\"precision\":\"city\"},\"actor1\":{\"name\":\"analyst\",\"type\":\"unknown\"},"
        "\"urls\":[\"https://www.voanews.com/a/invented/1.html\"],\"last_reported\":\"2024-06-02\"},"
        "{\"id\":\"INC-000008\",\"event_type\":\"Battles\",\"sub_event_type\":\"Armed clash\","
        "\"date\":{\"start\":\"2024-05-03\",\"end\":\"2024-05-03\",\"precision\":\"day\"},"
        "\"location\":{\"name\":\"Sindh\",\"country\":\"Pakistan\",\"country_code\":\"PK\",\"lat\":26,\"lon\":68.5,"
        "\"precision\":\"admin1\"},\"actor1\":{\"name\":\"Unidentified Armed Group (Pakistan)\",\"type\":\"rebel group\"},"
        "\"actor2\":{\"name\":\"Military Forces of Pakistan\",\"type\":\"state forces\"},\"killed\":{\"min\":2}},"
        "{\"id\":\"INC-000009\",\"event_type\":\"Battles\",\"date\":{\"start\":\"2024-05-04\",\"precision\":\"day\"},"
        "\"location\":{\"name\":\"Pakistan\",\"country\":\"Pakistan\",\"country_code\":\"PK\",\"precision\":\"country\"},"
        "\"killed\":{\"min\":3}}]",
        NULL, left, sizeof left);
    table t;
    parse_table(s, ',', &t);
    assert_int_equal(t.nrows, 3);
    assert_string_equal(cell(&t, 1, "actor1"), "Protesters (Pakistan)");
    assert_string_equal(cell(&t, 1, "inter1"), "6");
    assert_string_equal(cell(&t, 1, "inter2"), "0");
    assert_string_equal(cell(&t, 1, "interaction"), "60");
    assert_string_equal(cell(&t, 1, "event_date"), "2024-05-15");
    assert_string_equal(cell(&t, 1, "time_precision"), "3");
    assert_string_equal(cell(&t, 1, "source"), "Voice of America");
    assert_string_equal(cell(&t, 1, "source_scale"), "International");
    assert_string_equal(cell(&t, 1, "fatalities"), "0");
    assert_string_equal(cell(&t, 1, "timestamp"), "1717286400");
    assert_string_equal(cell(&t, 2, "inter1"), "3");
    assert_string_equal(cell(&t, 2, "interaction"), "13");
    assert_string_equal(cell(&t, 2, "geo_precision"), "3");
    assert_string_equal(left, "acled: 2 of 3 incidents written; left out: 1 located only to a country; 3 killed in those");
    free_table(&t);
    free(s);
}

static void test_gtd(void **state)
{
    (void)state;
    char left[512];
    char *s = write_these(EXP_GTD, NULL, NULL, left, sizeof left);
    table t;
    parse_table(s, ',', &t);
    assert_int_equal(t.ncols[0], 43);
    assert_string_equal(t.cells[0][0], "eventid");
    assert_string_equal(t.cells[0][42], "dbsource");
    assert_int_equal(t.nrows, 2); /* the protest is no attack */
    assert_string_equal(left, "gtd: 1 of 2 incidents written; left out: 1 not an attack (no GTD attack type); 0 killed in those");
    assert_string_equal(cell(&t, 1, "eventid"), "202403110001");
    assert_string_equal(cell(&t, 1, "iday"), "11");
    assert_string_equal(cell(&t, 1, "imonth"), "3");
    assert_string_equal(cell(&t, 1, "claimed"), "1");
    assert_string_equal(cell(&t, 1, "claimmode"), "10");
    assert_string_equal(cell(&t, 1, "gname"), "Hill Brigade");
    assert_string_equal(cell(&t, 1, "attacktype1"), "2");
    assert_string_equal(cell(&t, 1, "attacktype2"), "3");
    assert_string_equal(cell(&t, 1, "targtype1"), "3");
    assert_string_equal(cell(&t, 1, "targsubtype1_txt"), "Police Checkpoint");
    assert_string_equal(cell(&t, 1, "weaptype1"), "5");
    assert_string_equal(cell(&t, 1, "weaptype1_txt"), "Firearms");
    assert_string_equal(cell(&t, 1, "weaptype2_txt"), "Explosives");
    assert_string_equal(cell(&t, 1, "nkill"), "5");
    assert_string_equal(cell(&t, 1, "nkillter"), "0");
    assert_string_equal(cell(&t, 1, "specificity"), "1");
    assert_string_equal(cell(&t, 1, "success"), "1");
    assert_string_equal(cell(&t, 1, "multiple"), "0");
    assert_true(strncmp(cell(&t, 1, "summary"), "03/11/2024: In Quetta", 21) == 0);
    free_table(&t);
    free(s);
}

/* GTD from the codebook: a month-precise date has iday 0 and a range; the dead
 * perpetrators are counted; the place only a province gives specificity 4 and
 * no city; a suspect is a gname with guncertain1; two attacks told by one
 * report on one day are "multiple". */
static void test_gtd_rules(void **state)
{
    (void)state;
    static const char two[] =
        "[{\"id\":\"INC-000003\",\"attack_type\":\"Bombing/Explosion\",\"documents\":[\"d1\"],"
        "\"date\":{\"start\":\"2024-06-01\",\"end\":\"2024-06-30\",\"precision\":\"month\"},"
        "\"location\":{\"name\":\"Sindh\",\"country\":\"Pakistan\",\"lat\":26,\"lon\":68.5,\"precision\":\"admin1\"},"
        "\"killed\":{\"min\":6,\"breakdown\":[{\"count\":2,\"who\":\"suicide bombers\"},{\"count\":4,\"who\":\"guards\"}]},"
        "\"suspected\":[{\"name\":\"Hill Brigade\"}]},"
        "{\"id\":\"INC-000004\",\"attack_type\":\"Armed Assault\",\"documents\":[\"d1\"],"
        "\"date\":{\"start\":\"2024-06-01\",\"end\":\"2024-06-30\",\"precision\":\"month\"}}]";
    char *s = write_these(EXP_GTD, two, NULL, NULL, 0);
    table t;
    parse_table(s, ',', &t);
    assert_int_equal(t.nrows, 3);
    assert_string_equal(cell(&t, 1, "eventid"), "202406000001");
    assert_string_equal(cell(&t, 2, "eventid"), "202406000002");
    assert_string_equal(cell(&t, 1, "iday"), "0");
    assert_string_equal(cell(&t, 1, "approxdate"), "2024-06-01/2024-06-30");
    assert_string_equal(cell(&t, 1, "nkillter"), "2");
    assert_string_equal(cell(&t, 1, "specificity"), "4");
    assert_string_equal(cell(&t, 1, "city"), "");
    assert_string_equal(cell(&t, 1, "gname"), "Hill Brigade");
    assert_string_equal(cell(&t, 1, "guncertain1"), "1");
    assert_string_equal(cell(&t, 1, "multiple"), "1");
    assert_string_equal(cell(&t, 2, "gname"), "Unknown");
    assert_string_equal(cell(&t, 2, "specificity"), "5");
    assert_string_equal(cell(&t, 2, "latitude"), "");
    assert_string_equal(cell(&t, 2, "targtype1_txt"), "Unknown");
    free_table(&t);
    free(s);
}

static void test_cameo_tsv(void **state)
{
    (void)state;
    char *s = write_all(EXP_CAMEO);
    table t;
    parse_table(s, '\t', &t);
    assert_int_equal(t.ncols[0], 22);
    assert_int_equal(t.ncols[1], 22);
    assert_string_equal(cell(&t, 1, "eventid"), "INC-000001");
    assert_string_equal(cell(&t, 1, "date"), "20240311");
    assert_string_equal(cell(&t, 1, "source"), "PAKREB"); /* a rebel group of Pakistan */
    assert_string_equal(cell(&t, 1, "source_root"), "PAK");
    assert_string_equal(cell(&t, 1, "source_agent"), "REB");
    assert_string_equal(cell(&t, 1, "target"), "PAKCOP"); /* Police Forces of Pakistan */
    assert_string_equal(cell(&t, 1, "code"), "193");
    assert_string_equal(cell(&t, 1, "root_code"), "19");
    assert_string_equal(cell(&t, 1, "quad_class"), "4");
    assert_string_equal(cell(&t, 1, "goldstein"), "-10.0");
    assert_string_equal(cell(&t, 1, "country_code"), "PAK");
    assert_string_equal(cell(&t, 1, "doc_id"), "doc-1");
    assert_string_equal(cell(&t, 1, "url"), "https://example.org/1");
    assert_string_equal(cell(&t, 2, "root_code"), "14");
    assert_string_equal(cell(&t, 2, "source"), "PAKOPP"); /* Protesters (Pakistan) */
    free_table(&t);
    free(s);
    /* a speaker named by a title: the title's sector; an undated incident is dated by its report */
    s = write_these(EXP_CAMEO,
                    "[{\"id\":\"INC-000010\",\"cameo\":\"111\",\"first_reported\":\"2024-02-02\","
                    "\"actor1\":{\"name\":\"ambassador\",\"type\":\"unknown\",\"country\":\"US\"}}]",
                    NULL, NULL, 0);
    parse_table(s, '\t', &t);
    assert_string_equal(cell(&t, 1, "source"), "USAGOV");
    assert_string_equal(cell(&t, 1, "date"), "20240202");
    assert_string_equal(cell(&t, 1, "quad_class"), "3");
    free_table(&t);
    free(s);
    /* the engine's code wins over the one the name would give; its null leaves the column empty */
    s = write_these(EXP_CAMEO,
                    "[{\"id\":\"INC-000011\",\"cameo\":\"190\",\"first_reported\":\"2024-02-03\","
                    "\"actor1\":{\"name\":\"Police Forces of Pakistan\",\"type\":\"state forces\",\"country\":\"PK\","
                    "\"code\":\"PAKSPY\"},\"actor2\":{\"name\":\"minister\",\"type\":\"unknown\",\"country\":null,"
                    "\"code\":null}}]",
                    NULL, NULL, 0);
    parse_table(s, '\t', &t);
    assert_string_equal(cell(&t, 1, "source"), "PAKSPY");
    assert_string_equal(cell(&t, 1, "source_agent"), "SPY");
    assert_string_equal(cell(&t, 1, "target"), "");
    free_table(&t);
    free(s);
}

static void test_csv_and_jsonl(void **state)
{
    (void)state;
    char *s = write_all(EXP_CSV);
    table t;
    parse_table(s, ',', &t);
    assert_true(col_index(&t, "id") == 0);
    assert_string_equal(cell(&t, 1, "documents"), "doc-1; doc-2");
    assert_string_equal(cell(&t, 1, "weapons"), "Firearms; Explosives");
    assert_string_equal(cell(&t, 2, "background"), "true");
    free_table(&t);
    free(s);
    s = write_all(EXP_JSONL);
    char *line = strtok(s, "\n");
    int n = 0;
    while (line) {
        json_error_t je;
        json_t *o = json_loads(line, 0, &je);
        assert_non_null(o);
        assert_true(json_is_string(json_object_get(o, "id")));
        assert_true(json_is_array(json_object_get(o, "documents")));
        json_decref(o);
        n++;
        line = strtok(NULL, "\n");
    }
    assert_int_equal(n, 2);
    free(s);
}

static void test_geojson(void **state)
{
    (void)state;
    char left[512];
    char *s = write_these(EXP_GEOJSON, NULL, NULL, left, sizeof left);
    /* the coordinates as written: [lon, lat], 6 decimals */
    assert_non_null(strstr(s, "\"coordinates\":[67.001400,30.184100]"));
    json_error_t je;
    json_t *g = json_loads(s, 0, &je);
    assert_non_null(g);
    assert_string_equal(json_string_value(json_object_get(g, "type")), "FeatureCollection");
    json_t *fs = json_object_get(g, "features");
    assert_int_equal(json_array_size(fs), 1); /* the second incident has no point: left out, counted */
    assert_string_equal(left, "geojson: 1 of 2 incidents written; left out: 1 without coordinates; 0 killed in those");
    json_t *f0 = json_array_get(fs, 0);
    assert_string_equal(json_string_value(json_object_get(f0, "type")), "Feature");
    json_t *geom = json_object_get(f0, "geometry");
    assert_string_equal(json_string_value(json_object_get(geom, "type")), "Point");
    json_t *props = json_object_get(f0, "properties");
    assert_string_equal(json_string_value(json_object_get(props, "id")), "INC-000001");
    assert_string_equal(json_string_value(json_object_get(props, "weapons")), "Firearms; Explosives");
    assert_int_equal(json_integer_value(json_object_get(props, "killed")), 5);
    const char *k;
    json_t *v;
    json_object_foreach(props, k, v) /* flat: strings, numbers, nulls */
        assert_true(json_is_string(v) || json_is_number(v) || json_is_null(v));
    json_decref(g);
    free(s);
}

/* A year-only date is no point; --bom starts CSV with the byte order mark and is
 * refused for JSON; a data folder without the tables is an error naming the file. */
static void test_vague_bom_and_tables(void **state)
{
    (void)state;
    char left[512];
    char *s = write_these(EXP_GEOJSON,
                          "[{\"id\":\"INC-000005\",\"date\":{\"start\":\"2019-01-01\",\"precision\":\"year\"},"
                          "\"location\":{\"lat\":1.5,\"lon\":2.5,\"precision\":\"city\"}}]",
                          NULL, left, sizeof left);
    assert_non_null(strstr(s, "\"features\":[\n\n]"));
    assert_non_null(strstr(left, "1 undated or dated only to a year"));
    free(s);
    export_options bom = {NULL, 1};
    s = write_these(EXP_CSV, NULL, &bom, NULL, 0);
    assert_memory_equal(s, "\xEF\xBB\xBFid,", 6);
    free(s);
    char err[512];
    FILE *out = fopen("/dev/null", "w");
    assert_non_null(out);
    assert_null(incident_writer_open(EXP_GEOJSON, out, &bom, err, sizeof err));
    assert_non_null(strstr(err, "--bom"));
    export_options nodata = {"/nonexistent-tacitus-data", 0};
    assert_null(incident_writer_open(EXP_ACLED, out, &nodata, err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent-tacitus-data/countries.tsv"));
    fclose(out);
}

static void test_names_and_errors(void **state)
{
    (void)state;
    assert_int_equal(export_format_parse("acled"), EXP_ACLED);
    assert_int_equal(export_format_parse("geojson"), EXP_GEOJSON);
    assert_int_equal(export_format_parse("xml"), -1);
    assert_null(incident_writer_new(EXP_CSV, NULL));
    /* a full device: the write error is reported */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        incident_writer *w = incident_writer_new(EXP_JSONL, full);
        json_t *all = incidents();
        for (int k = 0; k < 2000; k++)
            incident_writer_add(w, json_array_get(all, 0));
        assert_int_equal(incident_writer_finish(w), -1);
        json_decref(all);
        fclose(full);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_acled),       cmocka_unit_test(test_acled_rules),
        cmocka_unit_test(test_gtd),         cmocka_unit_test(test_gtd_rules),
        cmocka_unit_test(test_cameo_tsv),   cmocka_unit_test(test_csv_and_jsonl),
        cmocka_unit_test(test_geojson),     cmocka_unit_test(test_vague_bom_and_tables),
        cmocka_unit_test(test_names_and_errors),
    };
    return cmocka_run_group_tests_name("formats", tests, NULL, NULL);
}
