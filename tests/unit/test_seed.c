/*
 * test_seed.c - the seed article's answer key (../shared/seed/README.md) as
 * assertions: event A (the Karachi attack), event B (the Peshawar bombing,
 * background), the non-violent events C-G, and the "must not" list.
 * Skipped with a printed reason when ../shared is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "tacitus.h"

static json_t *result;   /* the coded seed article */
static char *seed_text;

static const char *shared_dir(void)
{
    const char *s = getenv("TACITUS_SHARED");
    return s && *s ? s : "../shared";
}

static int setup(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/seed/karachi-police-office-attack.txt", shared_dir());
    input_doc d = {0};
    char err[512];
    if (input_read_file(path, 10u << 20, &d, err, sizeof err) < 0) {
        printf("# skip: %s\n", err);
        return 0;
    }
    tac_engine *e;
    if (tac_engine_open(NULL, &e, err, sizeof err) < 0) {
        printf("# engine: %s\n", err);
        input_doc_free(&d);
        return -1;
    }
    tac_coder *c = tac_coder_new(e);
    tac_doc doc = {"seed", NULL, "2023-02-17", NULL, d.text, d.len, NULL, NULL};
    const char *js = tac_code_json(c, &doc, err, sizeof err);
    json_error_t je;
    result = js ? json_loads(js, 0, &je) : NULL;
    seed_text = strdup(d.text);
    tac_coder_free(c);
    tac_engine_close(e);
    input_doc_free(&d);
    return result ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_decref(result);
    free(seed_text);
    return 0;
}

#define SKIP_IF_ABSENT()                                    \
    do {                                                    \
        if (!result) {                                      \
            printf("# skip: the seed article is absent\n"); \
            skip();                                         \
        }                                                   \
    } while (0)

static const char *str(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The first event matching background flag and, if given, a CAMEO prefix. */
static json_t *find_event(int background, const char *cameo_prefix, const char *place)
{
    size_t i;
    json_t *ev;
    json_array_foreach(json_object_get(result, "events"), i, ev) {
        if (json_is_true(json_object_get(ev, "background")) != background)
            continue;
        const char *c = str(ev, "cameo");
        if (cameo_prefix && (!c || strncmp(c, cameo_prefix, strlen(cameo_prefix)) != 0))
            continue;
        json_t *loc = json_object_get(ev, "location");
        if (place && (!json_is_object(loc) || !str(loc, "name") || strcmp(str(loc, "name"), place) != 0))
            continue;
        return ev;
    }
    return NULL;
}

static json_t *event_a(void) { return find_event(0, "19", "Karachi") ? find_event(0, "19", "Karachi") : find_event(0, "18", "Karachi"); }
static json_t *event_b(void) { return find_event(1, "18", "Peshawar"); }

static long fig(json_t *ev, const char *k, const char *sub)
{
    json_t *f = json_object_get(ev, k);
    json_t *v = json_object_get(f, sub);
    return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

static int breakdown_has(json_t *ev, const char *k, long count, const char *who)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(json_object_get(ev, k), "breakdown"), i, p) {
        const char *w = str(p, "who");
        if (json_integer_value(json_object_get(p, "count")) == count && w && strstr(w, who))
            return 1;
    }
    return 0;
}

static int has_string(json_t *arr, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (json_is_string(v) && strstr(json_string_value(v), s))
            return 1;
    }
    return 0;
}

static void test_event_a_what_where_when(void **state)
{
    (void)state;
    SKIP_IF_ABSENT();
    json_t *a = event_a();
    assert_non_null(a);
    assert_string_equal(str(a, "event_type"), "Battles");
    assert_string_equal(str(a, "sub_event_type"), "Armed clash");
    assert_string_equal(str(a, "attack_type"), "Armed Assault");
    json_t *loc = json_object_get(a, "location");
    assert_string_equal(str(loc, "admin1"), "Sindh");
    assert_string_equal(str(loc, "country_code"), "PK");
    assert_string_equal(str(loc, "precision"), "city");
    assert_true(fabs(json_number_value(json_object_get(loc, "lat")) - 24.86) < 0.1);
    assert_true(fabs(json_number_value(json_object_get(loc, "lon")) - 67.01) < 0.1);
    json_t *date = json_object_get(a, "date");
    assert_string_equal(str(date, "start"), "2023-02-17");
    assert_string_equal(str(date, "precision"), "day");
    assert_false(json_is_true(json_object_get(a, "background")));
}

static void test_event_a_actors_and_claim(void **state)
{
    (void)state;
    SKIP_IF_ABSENT();
    json_t *a = event_a();
    assert_non_null(a);
    json_t *a1 = json_object_get(a, "actor1");
    assert_string_equal(str(a1, "name"), "TTP: Tehreek-i-Taliban Pakistan");
    assert_string_equal(str(a1, "type"), "rebel group");
    assert_string_equal(str(json_object_get(a, "claimed_by"), "name"), "TTP: Tehreek-i-Taliban Pakistan");
    json_t *a2 = json_object_get(a, "actor2");
    assert_string_equal(str(a2, "type"), "state forces");
    assert_non_null(strstr(str(a2, "name"), "Police"));
    assert_string_equal(str(json_object_get(a, "target"), "type"), "Police");
    assert_int_equal(json_array_size(json_object_get(a, "suspected")), 0);
}

static void test_event_a_casualties(void **state)
{
    (void)state;
    SKIP_IF_ABSENT();
    json_t *a = event_a();
    assert_non_null(a);
    assert_int_equal(fig(a, "killed", "min"), 4);
    assert_true(breakdown_has(a, "killed", 2, "soldiers"));
    assert_true(breakdown_has(a, "killed", 2, "militants"));
    assert_int_equal(fig(a, "wounded", "min"), 9);
    assert_true(breakdown_has(a, "wounded", 6, "rangers"));
    assert_true(breakdown_has(a, "wounded", 3, "policemen"));
}

static void test_event_a_weapons_sources(void **state)
{
    (void)state;
    SKIP_IF_ABSENT();
    json_t *a = event_a();
    assert_non_null(a);
    json_t *w = json_object_get(a, "weapons");
    assert_true(has_string(w, "Explosives"));
    assert_true(has_string(w, "Firearms"));
    assert_false(has_string(w, "Vehicle"));
    assert_false(json_is_true(json_object_get(a, "suicide")));
    json_t *s = json_object_get(a, "sources");
    assert_true(has_string(s, "Karachi police"));
    assert_true(has_string(s, "Wahab"));
    assert_true(has_string(s, "AP"));
    assert_true(has_string(s, "Sanaullah"));
    assert_true(has_string(s, "Odho"));
}

/* Does s[0..n) contain w? */
static int strstr_n(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = 0; i + wl <= n; i++)
        if (memcmp(s + i, w, wl) == 0)
            return 1;
    return 0;
}

static void test_event_a_evidence_points_at_text(void **state)
{
    (void)state;
    SKIP_IF_ABSENT();
    json_t *a = event_a();
    assert_non_null(a);
    size_t i;
    json_t *e;
    int killed = 0, n = 0;
    size_t len = strlen(seed_text);
    json_array_foreach(json_object_get(a, "evidence"), i, e) {
        long s = (long)json_integer_value(json_object_get(e, "start"));
        long t = (long)json_integer_value(json_object_get(e, "end"));
        assert_true(s >= 0 && t > s && (size_t)t <= len);
        n++;
        if (strcmp(str(e, "field"), "killed") == 0 && strstr_n(seed_text + s, (size_t)(t - s), "killed"))
            killed = 1;
    }
    assert_true(n >= 8);
    assert_true(killed);
}

static void test_event_b_background_bombing(void **state)
{
    (void)state;
    SKIP_IF_ABSENT();
    json_t *b = event_b();
    assert_non_null(b);
    assert_string_equal(str(b, "event_type"), "Explosions/Remote violence");
    assert_string_equal(str(b, "sub_event_type"), "Suicide bomb");
    assert_string_equal(str(b, "attack_type"), "Bombing/Explosion");
    assert_true(json_is_true(json_object_get(b, "suicide")));
    json_t *loc = json_object_get(b, "location");
    assert_string_equal(str(loc, "admin1"), "Khyber Pakhtunkhwa");
    assert_true(fabs(json_number_value(json_object_get(loc, "lat")) - 34.01) < 0.1);
    json_t *date = json_object_get(b, "date");
    assert_string_equal(str(date, "start"), "2023-01-01");
    assert_string_equal(str(date, "end"), "2023-01-31");
    assert_string_equal(str(date, "precision"), "month");
    assert_int_equal(fig(b, "killed", "min"), 101);
    assert_int_equal(fig(b, "wounded", "min"), 201);
    assert_true(json_is_null(json_object_get(b, "claimed_by")));
}

static void test_no_leak_between_a_and_b(void **state)
{
    (void)state;
    SKIP_IF_ABSENT();
    json_t *a = event_a();
    assert_non_null(a);
    assert_true(fig(a, "killed", "min") < 100);
    assert_true(fig(a, "wounded", "min") < 100);
    assert_false(json_is_true(json_object_get(a, "suicide")));
}

static void test_nonviolent_events(void **state)
{
    (void)state;
    SKIP_IF_ABSENT();
    int got = 0;
    json_t *c = find_event(0, "111", NULL);
    const char *c_actor = c ? str(json_object_get(c, "actor1"), "name") : NULL;
    if (c_actor && strstr(c_actor, "Pakistan"))
        got++;
    json_t *d = find_event(0, "051", NULL);
    if (d)
        got++;
    json_t *e = find_event(1, "04", NULL);
    if (e)
        got++;
    json_t *f = find_event(1, "13", NULL);
    if (f && strcmp(str(json_object_get(f, "date"), "start"), "2022-11-01") == 0 &&
        strcmp(str(json_object_get(f, "date"), "precision"), "month") == 0)
        got++;
    json_t *g = find_event(0, "14", NULL);
    if (g && strcmp(str(g, "event_type"), "Protests") == 0)
        got++;
    printf("# non-violent events found: %d of 5\n", got);
    assert_true(got >= 4);
}

static void test_must_not(void **state)
{
    (void)state;
    SKIP_IF_ABSENT();
    /* exactly one current violent event, and one background violent event */
    size_t i;
    json_t *ev;
    int current_violent = 0, background_violent = 0;
    json_array_foreach(json_object_get(result, "events"), i, ev) {
        const char *c = str(ev, "cameo");
        int violent = c && (strncmp(c, "18", 2) == 0 || strncmp(c, "19", 2) == 0 || strncmp(c, "20", 2) == 0);
        if (!violent)
            continue;
        if (json_is_true(json_object_get(ev, "background")))
            background_violent++;
        else
            current_violent++;
        /* never located at country level when a city is named */
        json_t *loc = json_object_get(ev, "location");
        assert_true(json_is_object(loc));
        assert_string_not_equal(str(loc, "precision"), "country");
    }
    assert_int_equal(current_violent, 1);
    assert_int_equal(background_violent, 1);
    /* no event dated on a day the text does not support: only the publication day */
    json_array_foreach(json_object_get(result, "events"), i, ev) {
        json_t *d = json_object_get(ev, "date");
        if (!json_is_object(d) || strcmp(str(d, "precision"), "day") != 0)
            continue;
        assert_string_equal(str(d, "start"), "2023-02-17");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_a_what_where_when),
        cmocka_unit_test(test_event_a_actors_and_claim),
        cmocka_unit_test(test_event_a_casualties),
        cmocka_unit_test(test_event_a_weapons_sources),
        cmocka_unit_test(test_event_a_evidence_points_at_text),
        cmocka_unit_test(test_event_b_background_bombing),
        cmocka_unit_test(test_no_leak_between_a_and_b),
        cmocka_unit_test(test_nonviolent_events),
        cmocka_unit_test(test_must_not),
    };
    return cmocka_run_group_tests_name("seed", tests, setup, teardown);
}
