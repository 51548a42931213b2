/*
 * test_formats.c - every export format read back: CSV and TSV parsed (RFC 4180
 * quoting included), column names checked against the formats' documented
 * names, GeoJSON parsed and checked as a FeatureCollection of points, JSON
 * Lines parsed. The incidents are invented for the test.
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

/* Write both incidents in format f; returns the malloc'd output. */
static char *write_all(enum export_format f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    incident_writer *w = incident_writer_new(f, out);
    assert_non_null(w);
    json_t *all = incidents();
    size_t i;
    json_t *o;
    json_array_foreach(all, i, o) assert_int_equal(incident_writer_add(w, o), 0);
    assert_int_equal(incident_writer_finish(w), 0);
    fclose(out);
    json_decref(all);
    return buf;
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
    assert_int_equal(t.nrows, 3);
    assert_int_equal(t.ncols[1], 31);
    assert_int_equal(t.ncols[2], 31);
    assert_string_equal(cell(&t, 1, "event_date"), "2024-03-11");
    assert_string_equal(cell(&t, 1, "year"), "2024");
    assert_string_equal(cell(&t, 1, "time_precision"), "1");
    assert_string_equal(cell(&t, 1, "disorder_type"), "Political violence");
    assert_string_equal(cell(&t, 1, "inter1"), "2");
    assert_string_equal(cell(&t, 1, "inter2"), "1");
    assert_string_equal(cell(&t, 1, "interaction"), "12");
    assert_string_equal(cell(&t, 1, "fatalities"), "5");
    assert_string_equal(cell(&t, 1, "latitude"), "30.1841");
    assert_string_equal(cell(&t, 1, "geo_precision"), "1");
    assert_string_equal(cell(&t, 2, "fatalities"), "0");
    assert_string_equal(cell(&t, 2, "disorder_type"), "Demonstrations");
    assert_string_equal(cell(&t, 2, "time_precision"), "3");
    /* the awkward source survives quoting */
    assert_string_equal(cell(&t, 2, "source"), "a \"quoted\", comma\nand newline");
    free_table(&t);
    free(s);
}

static void test_gtd(void **state)
{
    (void)state;
    char *s = write_all(EXP_GTD);
    table t;
    parse_table(s, ',', &t);
    static const char *const cols[] = {"eventid", "iyear", "imonth", "iday", "approxdate", "extended",
                                       "country_txt", "provstate", "city", "latitude", "longitude",
                                       "specificity", "summary", "attacktype1_txt", "attacktype2_txt",
                                       "targtype1_txt", "target1", "gname", "claimed", "weaptype1_txt",
                                       "weaptype2_txt", "nkill", "nwound", "suicide", "dbsource"};
    assert_int_equal(t.ncols[0], 25);
    for (int c = 0; c < 25; c++)
        assert_string_equal(t.cells[0][c], cols[c]);
    assert_string_equal(cell(&t, 1, "iday"), "11");
    assert_string_equal(cell(&t, 1, "imonth"), "3");
    assert_string_equal(cell(&t, 1, "claimed"), "1");
    assert_string_equal(cell(&t, 1, "gname"), "Hill Brigade");
    assert_string_equal(cell(&t, 1, "weaptype1_txt"), "Firearms");
    assert_string_equal(cell(&t, 1, "weaptype2_txt"), "Explosives");
    assert_string_equal(cell(&t, 1, "nkill"), "5");
    assert_string_equal(cell(&t, 1, "specificity"), "1");
    assert_string_equal(cell(&t, 2, "iday"), "0");
    assert_string_equal(cell(&t, 2, "claimed"), "-9");
    assert_string_equal(cell(&t, 2, "specificity"), "5");
    assert_string_equal(cell(&t, 2, "nkill"), "");
    free_table(&t);
    free(s);
}

static void test_cameo_tsv(void **state)
{
    (void)state;
    char *s = write_all(EXP_CAMEO);
    table t;
    parse_table(s, '\t', &t);
    static const char *const cols[] = {"date", "source", "target", "code", "root_code", "quad_class",
                                       "goldstein", "location", "latitude", "longitude", "url"};
    assert_int_equal(t.ncols[0], 11);
    for (int c = 0; c < 11; c++)
        assert_string_equal(t.cells[0][c], cols[c]);
    assert_int_equal(t.ncols[1], 11);
    assert_string_equal(cell(&t, 1, "code"), "193");
    assert_string_equal(cell(&t, 1, "root_code"), "19");
    assert_string_equal(cell(&t, 1, "quad_class"), "4");
    assert_string_equal(cell(&t, 1, "goldstein"), "-10.0");
    assert_string_equal(cell(&t, 1, "url"), "https://example.org/1");
    assert_string_equal(cell(&t, 2, "root_code"), "14");
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
    char *s = write_all(EXP_GEOJSON);
    json_error_t je;
    json_t *g = json_loads(s, 0, &je);
    assert_non_null(g);
    assert_string_equal(json_string_value(json_object_get(g, "type")), "FeatureCollection");
    json_t *fs = json_object_get(g, "features");
    assert_int_equal(json_array_size(fs), 2);
    json_t *f0 = json_array_get(fs, 0);
    assert_string_equal(json_string_value(json_object_get(f0, "type")), "Feature");
    json_t *geom = json_object_get(f0, "geometry");
    assert_string_equal(json_string_value(json_object_get(geom, "type")), "Point");
    /* GeoJSON order: longitude, latitude */
    assert_true(json_real_value(json_array_get(json_object_get(geom, "coordinates"), 0)) > 67.0);
    assert_true(json_real_value(json_array_get(json_object_get(geom, "coordinates"), 1)) < 31.0);
    assert_string_equal(json_string_value(json_object_get(json_object_get(f0, "properties"), "id")), "INC-000001");
    assert_true(json_is_null(json_object_get(json_array_get(fs, 1), "geometry")));
    json_decref(g);
    free(s);
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
        cmocka_unit_test(test_acled),     cmocka_unit_test(test_gtd),
        cmocka_unit_test(test_cameo_tsv), cmocka_unit_test(test_csv_and_jsonl),
        cmocka_unit_test(test_geojson),   cmocka_unit_test(test_names_and_errors),
    };
    return cmocka_run_group_tests_name("formats", tests, NULL, NULL);
}
