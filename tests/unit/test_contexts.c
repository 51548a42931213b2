/*
 * test_contexts.c - unit tests of the PLOVER contexts' table (contexts.c):
 * names, phrases of one to four words matched on folded tokens, every length
 * read (none hides another), a match that stops at punctuation or a
 * sentence's end, and the errors a loader reports. Every phrase and sentence
 * is written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "contexts.h"
#include "text.h"

/* A table with a few phrases of three contexts. */
static pctx_table *sample(void)
{
    char why[160];
    pctx_table *t = pctx_new();
    assert_non_null(t);
    assert_int_equal(pctx_add(t, PCTX_MIGRATION, "refugees; asylum seekers", why, sizeof why), 0);
    assert_int_equal(pctx_add(t, PCTX_CBRN, "nuclear; weapons of mass destruction", why, sizeof why), 0);
    assert_int_equal(pctx_add(t, PCTX_MILITARY, "weapons; ; troops", why, sizeof why), 0);
    return t;
}

/* The contexts of the phrases starting at the token of s that folds to word,
 * and the token count of the longest, into *len. */
static uint32_t contexts_at(const pctx_table *t, const char *s, const char *word, uint32_t *len)
{
    arena a;
    arena_init(&a, 0);
    text_doc td;
    assert_int_equal(text_tokenize(s, strlen(s), &a, &td), 0);
    uint32_t k = 0;
    while (k < td.ntoks && !tok_is_n(&td, &td.toks[k], word, strlen(word)))
        k++;
    assert_true(k < td.ntoks);
    uint32_t last = k;
    uint32_t bits = pctx_at(t, &td, k, &last);
    *len = last - k;
    arena_free(&a);
    return bits;
}

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(pctx_parse("military"), PCTX_MILITARY);
    assert_int_equal(pctx_parse("crime"), PCTX_CRIME);
    assert_int_equal(pctx_parse("Military"), -1);
    assert_int_equal(pctx_parse("historical"), -1); /* a context of time, not of a domain */
    assert_string_equal(pctx_name(PCTX_ENVIRO_DISASTER), "enviro_disaster");
    assert_null(pctx_name(PCTX_MAX));
    assert_null(pctx_name(-1));
}

static void test_one_word_any_case(void **state)
{
    (void)state;
    pctx_table *t = sample();
    uint32_t len;
    assert_int_equal(contexts_at(t, "Thousands of Refugees crossed the river.", "refugees", &len),
                     1u << PCTX_MIGRATION);
    assert_int_equal(len, 1);
    assert_int_equal(contexts_at(t, "Thousands of farmers crossed the river.", "farmers", &len), 0);
    pctx_free(t);
}

static void test_every_length_counts(void **state)
{
    (void)state;
    pctx_table *t = sample();
    uint32_t len;
    /* "weapons" alone is military; "weapons of mass destruction" cbrn: both */
    assert_int_equal(contexts_at(t, "They hid weapons of mass destruction, he said.", "weapons", &len),
                     (1u << PCTX_MILITARY) | (1u << PCTX_CBRN));
    assert_int_equal(len, 4);
    /* the longer phrase broken off: only the short one */
    assert_int_equal(contexts_at(t, "They hid weapons of war.", "weapons", &len), 1u << PCTX_MILITARY);
    assert_int_equal(len, 1);
    /* a prefix of a phrase names nothing ("asylum" without "seekers") */
    assert_int_equal(contexts_at(t, "The asylum was closed.", "asylum", &len), 0);
    assert_int_equal(contexts_at(t, "The asylum seekers waited.", "asylum", &len), 1u << PCTX_MIGRATION);
    assert_int_equal(len, 2);
    pctx_free(t);
}

static void test_stops_at_punctuation_and_sentence(void **state)
{
    (void)state;
    pctx_table *t = sample();
    uint32_t len;
    assert_int_equal(contexts_at(t, "They sought asylum. Seekers of peace met.", "asylum", &len), 0);
    assert_int_equal(contexts_at(t, "They sought asylum, seekers said.", "asylum", &len), 0);
    pctx_free(t);
}

static void test_errors(void **state)
{
    (void)state;
    char why[160] = "";
    pctx_table *t = pctx_new();
    assert_int_equal(pctx_add(t, PCTX_LEGAL, "court; one two three four five", why, sizeof why), -2);
    assert_non_null(strstr(why, "more than 4 words"));
    assert_int_equal(pctx_add(t, PCTX_LEGAL, " ; ;", why, sizeof why), 0); /* only empty items */
    pctx_free(t);
    pctx_free(NULL);
}

static void test_many_phrases_grow(void **state)
{
    (void)state;
    char why[160], list[64];
    pctx_table *t = pctx_new();
    for (int i = 0; i < 2000; i++) {
        snprintf(list, sizeof list, "word%d; word%d more", i, i);
        assert_int_equal(pctx_add(t, i % PCTX_MAX, list, why, sizeof why), 0);
    }
    uint32_t len;
    assert_int_equal(contexts_at(t, "It said word1234 more today.", "word1234", &len), 1u << (1234 % PCTX_MAX));
    assert_int_equal(len, 2);
    pctx_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_one_word_any_case),
        cmocka_unit_test(test_every_length_counts),
        cmocka_unit_test(test_stops_at_punctuation_and_sentence),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_many_phrases_grow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
