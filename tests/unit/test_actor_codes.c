/*
 * test_actor_codes.c - the CAMEO actor code builder (src/engine/actor_codes.c):
 * the code tables read from a folder written for the test and from data/, the
 * order in which a listed code, a role and a title's sector are taken, the
 * first part (a country, the event's, IGO, NGO), whole codes without a
 * country, malformed table lines, and the dictionaries' CODE and ROLE columns.
 * The names and codes are invented for the tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actor_codes.h"
#include "lexicon.h"

/* Write text into dir/name. */
static void put(const char *dir, const char *name, const char *text)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Remove dir/name. */
static void drop(const char *dir, const char *name)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    unlink(p);
}

static const char roles[] = "# invented\nRiver Guards of %s | COP\nHarbour Watch (%s) | =IGOMIL\n"
                            "rebel group | REB\nstate forces | MIL\n";
static const char named[] = "Valley Front | NPLREB\n";
static const char countries[] = "# a2 a3\nNP\tNPL\t524\tNepal\tSouth Asia\nIN\tIND\t356\tIndia\tSouth Asia\n";

static void test_builder(void **state)
{
    (void)state;
    char dir[] = "/tmp/tacitus-codes-XXXXXX";
    assert_non_null(mkdtemp(dir));
    put(dir, "cameo-roles.txt", roles);
    put(dir, "cameo-actors.txt", named);
    put(dir, "countries.tsv", countries);
    char err[256] = "", buf[CAMEO_CODE_MAX];
    cameo_codebook *cb = cameo_codebook_load(dir, err, sizeof err);
    assert_non_null(cb);
    assert_string_equal(cameo_alpha3(cb, "NP"), "NPL");
    assert_null(cameo_alpha3(cb, "XX"));
    assert_null(cameo_alpha3(cb, "np"));
    /* a listed code wins, whatever the country */
    cameo_actor_in in = {.name = "Valley Front", .type = "rebel group", .cc = "IN"};
    assert_string_equal(cameo_actor_code(cb, &in, buf, sizeof buf), "NPLREB");
    /* a template's role before the type's; the event's country for an actor without one */
    in = (cameo_actor_in){.name = "River Guards of Nepal", .type = "state forces", .event_cc = "NP"};
    assert_string_equal(cameo_actor_code(cb, &in, buf, sizeof buf), "NPLCOP");
    in = (cameo_actor_in){.name = "Hill Raiders", .type = "rebel group", .cc = "IN", .event_cc = "NP"};
    assert_string_equal(cameo_actor_code(cb, &in, buf, sizeof buf), "INDREB");
    /* a whole code stands without the country */
    in = (cameo_actor_in){.name = "Harbour Watch (Nepal)", .type = "external/other forces", .cc = "NP"};
    assert_string_equal(cameo_actor_code(cb, &in, buf, sizeof buf), "IGOMIL");
    /* a dictionary's role; a title's sector; IGO for a UN office, NGO for an international NGO */
    in = (cameo_actor_in){.name = "canal keepers", .role = "CVL", .cc = "NP"};
    assert_string_equal(cameo_actor_code(cb, &in, buf, sizeof buf), "NPLCVL");
    in = (cameo_actor_in){.name = "envoy", .title_sector = "GOV", .cc = "IN"};
    assert_string_equal(cameo_actor_code(cb, &in, buf, sizeof buf), "INDGOV");
    in = (cameo_actor_in){.name = "UN envoy", .title_sector = "UNO", .title_international = 1, .cc = "IN"};
    assert_string_equal(cameo_actor_code(cb, &in, buf, sizeof buf), "IGOUNO");
    in = (cameo_actor_in){.name = "aid group", .title_sector = "NGO", .title_international = 1};
    assert_string_equal(cameo_actor_code(cb, &in, buf, sizeof buf), "NGO");
    /* a country-less foreign force is IGO; no country at all: no code */
    in = (cameo_actor_in){.name = "Lake Coalition", .type = "external/other forces"};
    assert_string_equal(cameo_actor_code(cb, &in, buf, sizeof buf), "IGO");
    in = (cameo_actor_in){.name = "Hill Raiders", .type = "rebel group"};
    assert_null(cameo_actor_code(cb, &in, buf, sizeof buf));
    assert_string_equal(buf, "");
    /* an actor of a known country without a role: the country alone */
    in = (cameo_actor_in){.name = "residents", .type = "unknown", .cc = "NP"};
    assert_string_equal(cameo_actor_code(cb, &in, buf, sizeof buf), "NPL");
    cameo_codebook_free(cb);
    /* a malformed line is named; missing tables give no codes but no error */
    put(dir, "cameo-roles.txt", "state forces | mil\n");
    assert_null(cameo_codebook_load(dir, err, sizeof err));
    assert_non_null(strstr(err, "cameo-roles.txt:1:"));
    drop(dir, "cameo-roles.txt");
    drop(dir, "cameo-actors.txt");
    drop(dir, "countries.tsv");
    cb = cameo_codebook_load(dir, err, sizeof err);
    assert_non_null(cb);
    in = (cameo_actor_in){.name = "Valley Front", .type = "rebel group", .cc = "NP"};
    assert_null(cameo_actor_code(cb, &in, buf, sizeof buf));
    cameo_codebook_free(cb);
    rmdir(dir);
}

/* The shipped dictionaries: every named actor has a code, every agent a role
 * or a country-only code, and the CODE and ROLE columns are read. */
static void test_shipped_and_columns(void **state)
{
    (void)state;
    lexicon *lx = NULL;
    char err[512] = "";
    assert_int_equal(lexicon_load_base(TACITUS_DEFAULT_DATA, &lx, err, sizeof err), 0);
    for (size_t i = 0; i < lexicon_actor_count(lx); i++)
        if (!cameo_code_ok(lexicon_actor(lx, (int32_t)i)->code, 3, CAMEO_CODE_MAX - 1))
            fail_msg("%s has no CAMEO code", lexicon_actor(lx, (int32_t)i)->name);
    char key[128];
    int32_t v[4];
    size_t n = lexicon_fold_phrase("riot police", key, sizeof key);
    assert_int_equal(lexicon_lookup(lx, key, n, NULL, LK_AGENT, v, 4), 1);
    assert_string_equal(lexicon_agent(lx, v[0])->role, "COP");
    /* the CODE column of an actor line and the ROLE column of an agent line */
    char path[] = "/tmp/tacitus-codes-actors-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("Marsh Lions | rebel group | NP | Marsh Lion Front |  | NPLREBSEP\n", f);
    fclose(f);
    assert_int_equal(lexicon_add_actor_file(lx, path, err, sizeof err), 0);
    n = lexicon_fold_phrase("Marsh Lion Front", key, sizeof key);
    assert_int_equal(lexicon_lookup(lx, key, n, NULL, LK_ACTOR, v, 4), 1);
    assert_string_equal(lexicon_actor(lx, v[0])->code, "NPLREBSEP");
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("Reed Wolves | rebel group | NP | Reed Wolf Band |  | nplreb\n", f);
    fclose(f);
    assert_int_equal(lexicon_add_actor_file(lx, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "CAMEO code must be"));
    unlink(path);
    lexicon_free(lx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builder),
        cmocka_unit_test(test_shipped_and_columns),
    };
    return cmocka_run_group_tests_name("actor_codes", tests, NULL, NULL);
}
