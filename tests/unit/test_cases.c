/*
 * test_cases.c - the engine against tables of short texts written for these
 * tests, one cmocka test per case. The tables live in tests/cases (one .json file each) so that
 * a rule's sentences and its counter-examples sit side by side and an analyst
 * can add one without writing C.
 *
 * A table is a JSON array of cases:
 *   {"name": "what the case shows",          (the test's name; unique in its file)
 *    "text": "..." or ["paragraph", ...],    (paragraphs are joined by blank lines)
 *    "title": "...", "published": "YYYY-MM-DD", "url": "...",   (optional)
 *    "expect": {PATH: VALUE, ...},
 *    "todo": "why it fails today"}           (optional: a known miss, reported as skipped
 *                                             while it fails and noted when it passes)
 * The text goes through the JSON Lines input stage (HTML detection, repair), so
 * a case codes exactly as `tacitus code --jsonl` would.
 *
 * PATH is dotted, into the main event: the first current event whose event_type
 * is not "Strategic developments", as `tacitus eval` chooses it ("killed.min",
 * "location.name", "actor1.name", "target.type"), or into the document when it
 * starts with "doc." ("doc.published", "doc.warnings"). The special path "event"
 * expects true (a main event exists) or false (none), "events" the number of
 * events, and "any" / "none" take an object (or a list of objects) of PATH:
 * VALUE pairs that some event / no event must match as a whole.
 *
 * VALUE: null matches a missing or null field; a number, string or boolean must
 * equal the field (strings compare exactly); a string against an array field
 * must be one of its elements (or the "name" of one of its objects); a list of
 * strings against an array field must all be among them, a list against any
 * other field is a choice (the field equals one of them); {"contains": "s"}
 * matches a string field holding s, or an array with such a string;
 * {"min": a, "max": b} bounds a number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "engine_fixture.h"
#include "tacitus.h"

#ifndef TACITUS_CASES_DIR
#define TACITUS_CASES_DIR "tests/cases"
#endif


typedef struct test_case {
    char name[200];
    json_t *c; /* the case object (borrowed from its table) */
} test_case;


/* The case's text: a string, or paragraphs joined by blank lines (malloc'd). */
static char *case_text(json_t *c)
{
    json_t *t = json_object_get(c, "text");
    if (json_is_string(t))
        return strdup(json_string_value(t));
    size_t n = 1, i;
    json_t *p;
    json_array_foreach(t, i, p) n += json_string_length(p) + 2;
    char *s = calloc(1, n), *w = s;
    json_array_foreach(t, i, p) {
        if (i)
            w += sprintf(w, "\n\n");
        w += sprintf(w, "%s", json_string_value(p));
    }
    return s;
}

/* Code the case as one JSON Lines record; returns the output record. */
static json_t *code_case(json_t *c)
{
    char *text = case_text(c);
    json_t *rec = json_pack("{s:s, s:s}", "id", "case", "text", text);
    free(text);
    static const char *const keys[] = {"title", "published", "url"};
    for (size_t k = 0; k < 3; k++)
        if (json_is_string(json_object_get(c, keys[k])))
            json_object_set(rec, keys[k], json_object_get(c, keys[k]));
    char *line = json_dumps(rec, JSON_COMPACT);
    json_decref(rec);
    input_doc d = {0};
    char err[512];
    int rc = input_parse_jsonl(line, strlen(line), 10u << 20, &d, err, sizeof err);
    free(line);
    if (rc < 0)
        fail_msg("input: %s", err);
    tac_doc doc = {d.id, d.title, d.published, d.url, d.text, d.len, d.published_from, d.source};
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    int n = tac_code_write(coder, &doc, (const char *const *)d.warnings, d.nwarnings, TAC_FORMAT_JSON, out, err,
                           sizeof err);
    fclose(out);
    input_doc_free(&d);
    if (n < 0)
        fail_msg("code: %s", err);
    json_error_t je;
    json_t *r = json_loads(buf, 0, &je);
    free(buf);
    assert_non_null(r);
    return r;
}

/* The main event, as `tacitus eval` chooses it, or NULL. */
static json_t *main_event(json_t *r)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(r, "events"), i, e) {
        json_t *t = json_object_get(e, "event_type");
        if (!json_is_true(json_object_get(e, "background")) && json_is_string(t) &&
            strcmp(json_string_value(t), "Strategic developments") != 0)
            return e;
    }
    return NULL;
}

/* The value at a dotted path under o, or NULL. */
static json_t *at_path(json_t *o, const char *path)
{
    char key[128];
    while (o && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        o = json_object_get(o, key);
        path += n + (dot != NULL);
    }
    return o;
}

/* Is the string s an element of the array a (or the "name" of one of its objects)? */
static int array_has(json_t *a, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) {
        json_t *nm = json_is_object(v) ? json_object_get(v, "name") : v;
        if (json_is_string(nm) && strcmp(json_string_value(nm), s) == 0)
            return 1;
    }
    return 0;
}

/* Does the field value got satisfy the expectation want (see the file comment)? */
static int matches(json_t *got, json_t *want)
{
    if (json_is_null(want))
        return got == NULL || json_is_null(got);
    if (!got)
        return 0;
    if (json_is_object(want)) {
        json_t *c = json_object_get(want, "contains");
        if (c && json_is_array(got)) {
            size_t i;
            json_t *v;
            json_array_foreach(got, i, v) if (matches(v, want)) return 1;
            return 0;
        }
        if (c)
            return json_is_string(got) && strstr(json_string_value(got), json_string_value(c)) != NULL;
        json_t *lo = json_object_get(want, "min"), *hi = json_object_get(want, "max");
        if (!json_is_number(got))
            return 0;
        double v = json_number_value(got);
        return (!lo || v >= json_number_value(lo)) && (!hi || v <= json_number_value(hi));
    }
    if (json_is_array(got) && json_is_string(want))
        return array_has(got, json_string_value(want));
    if (json_is_array(got) && json_is_array(want)) {
        size_t i;
        json_t *w;
        json_array_foreach(want, i, w) if (!json_is_string(w) || !array_has(got, json_string_value(w))) return 0;
        return 1;
    }
    if (json_is_array(want)) { /* one of the values */
        size_t i;
        json_t *w;
        json_array_foreach(want, i, w) if (matches(got, w)) return 1;
        return 0;
    }
    if (json_is_number(want) && json_is_number(got))
        return json_number_value(want) == json_number_value(got);
    return json_equal(got, want);
}

/* Does event e match every PATH: VALUE of the object pattern? */
static int event_matches(json_t *e, json_t *pattern)
{
    const char *k;
    json_t *v;
    json_object_foreach(pattern, k, v) if (!matches(at_path(e, k), v)) return 0;
    return 1;
}

/* How many events of the record match the pattern. */
static size_t count_matching(json_t *r, json_t *pattern)
{
    size_t i, n = 0;
    json_t *e;
    json_array_foreach(json_object_get(r, "events"), i, e) n += (size_t)event_matches(e, pattern);
    return n;
}

/* Check "any" / "none": each pattern (one object or a list of them). */
static void check_patterns(json_t *r, json_t *want, int any, char *msg, size_t cap, int *bad)
{
    json_t *list = json_is_array(want) ? json_incref(want) : json_pack("[O]", want);
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        size_t n = count_matching(r, p);
        if ((any && n == 0) || (!any && n > 0)) {
            char *s = json_dumps(p, JSON_COMPACT);
            size_t used = strlen(msg);
            snprintf(msg + used, cap - used, "\n#   %s event matches %s", any ? "no" : "an", s);
            free(s);
            *bad = 1;
        }
    }
    json_decref(list);
}

/* Append to msg why the field at path does not meet want. */
static void note_miss(char *msg, size_t cap, const char *path, json_t *got, json_t *want)
{
    char *g = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    char *w = json_dumps(want, JSON_ENCODE_ANY | JSON_COMPACT);
    size_t used = strlen(msg);
    snprintf(msg + used, cap - used, "\n#   %s: expected %s, got %.300s", path, w, g ? g : "(absent)");
    free(g);
    free(w);
}

static void run_case(void **state)
{
    test_case *tc = *state;
    json_t *r = code_case(tc->c);
    json_t *ev = main_event(r);
    char msg[4096] = "";
    int bad = 0;
    const char *path;
    json_t *want;
    json_object_foreach(json_object_get(tc->c, "expect"), path, want) {
        json_t *got;
        if (strcmp(path, "event") == 0)
            got = json_boolean(ev != NULL);
        else if (strcmp(path, "events") == 0)
            got = json_integer((json_int_t)json_array_size(json_object_get(r, "events")));
        else if (strcmp(path, "any") == 0 || strcmp(path, "none") == 0) {
            check_patterns(r, want, path[0] == 'a', msg, sizeof msg, &bad);
            continue;
        } else if (strncmp(path, "doc.", 4) == 0)
            got = json_incref(at_path(json_object_get(r, "doc"), path + 4));
        else
            got = json_incref(at_path(ev, path));
        if (!matches(got, want)) {
            note_miss(msg, sizeof msg, path, got, want);
            bad = 1;
        }
        json_decref(got);
    }
    const char *todo = json_string_value(json_object_get(tc->c, "todo"));
    if (todo && !bad)
        printf("# %s: passes now; remove its \"todo\"\n", tc->name);
    if (bad) {
        char *all = json_dumps(ev ? ev : json_object_get(r, "events"), JSON_COMPACT);
        printf("# %s%s\n#   main event: %.1500s\n", tc->name, msg, all ? all : "none");
        free(all);
    }
    json_decref(r);
    if (bad && todo)
        skip();
    assert_false(bad);
}

/* Load every .json table in the cases folder; returns the cases (count in *n). */
static test_case *load_cases(json_t **tables, size_t *ntables, size_t *n)
{
    const char *dir = getenv("TACITUS_CASES") ? getenv("TACITUS_CASES") : TACITUS_CASES_DIR;
    DIR *d = opendir(dir);
    if (!d) {
        printf("not ok - cannot open the case tables in %s\n", dir);
        exit(1);
    }
    struct dirent *de;
    test_case *cs = NULL;
    size_t cap = 0;
    *n = *ntables = 0;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l < 6 || strcmp(de->d_name + l - 5, ".json") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        json_error_t je;
        json_t *t = json_load_file(path, 0, &je);
        if (!json_is_array(t)) {
            printf("not ok - %s line %d: %s\n", path, je.line, t ? "not a JSON array" : je.text);
            exit(1);
        }
        tables[(*ntables)++] = t;
        size_t i;
        json_t *c;
        json_array_foreach(t, i, c) {
            if (*n == cap) {
                cap = cap ? 2 * cap : 64;
                cs = realloc(cs, cap * sizeof *cs);
            }
            test_case *tc = &cs[(*n)++];
            tc->c = c;
            const char *nm = json_string_value(json_object_get(c, "name"));
            snprintf(tc->name, sizeof tc->name, "%s: %s", de->d_name, nm ? nm : "(unnamed)");
        }
        if (*ntables == 64)
            break;
    }
    closedir(d);
    return cs;
}

int main(void)
{
    json_t *tables[64];
    size_t ntables, n;
    test_case *cs = load_cases(tables, &ntables, &n);
    struct CMUnitTest *tests = calloc(n ? n : 1, sizeof *tests);
    for (size_t i = 0; i < n; i++) {
        tests[i].name = cs[i].name;
        tests[i].test_func = run_case;
        tests[i].initial_state = &cs[i];
    }
    int rc = _cmocka_run_group_tests("cases", tests, n, setup, teardown);
    for (size_t i = 0; i < ntables; i++)
        json_decref(tables[i]);
    free(cs);
    free(tests);
    return rc;
}
