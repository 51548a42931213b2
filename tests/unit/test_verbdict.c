/*
 * test_verbdict.c - unit tests of the CAMEO verb dictionary (verbdict.c):
 * synonym sets, verbs, patterns that share a group of verbs, the pattern with
 * the most words winning, words in order with others between them, and the
 * errors a loader reports. Every pattern and sentence is written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "text.h"
#include "verbdict.h"

/* Tokenise s into *td (arena a); the index of the first token that folds to
 * word, or -1. */
static int token_of(arena *a, const char *s, text_doc *td, const char *word)
{
    assert_int_equal(text_tokenize(s, strlen(s), a, td), 0);
    for (size_t i = 0; i < td->ntoks; i++)
        if (tok_is_n(td, &td->toks[i], word, strlen(word)))
            return (int)i;
    return -1;
}

/* The interaction a verb (id) codes in s around its word verb, the source
 * ending at token lfrom_word's end (its index + 1), right words up to the end. */
static int32_t code_in(const verbdict *vd, int32_t id, const char *s, const char *source, const char *verb)
{
    arena a;
    arena_init(&a, 0);
    text_doc td;
    int v = token_of(&a, s, &td, verb), src = token_of(&a, s, &td, source);
    assert_true(v >= 0 && src >= 0);
    int32_t x = verbdict_match(vd, id, &td, (uint32_t)src + 1, (uint32_t)v, (uint32_t)v + 1, (uint32_t)td.ntoks);
    arena_free(&a);
    return x;
}

/* A dictionary of two verbs in a row sharing three patterns, a set, and a
 * verb of its own after them. */
static verbdict *sample(int32_t *mend, int32_t *patch, int32_t *host)
{
    char why[128];
    verbdict *vd = verbdict_new();
    assert_non_null(vd);
    char set[] = "trade; border; water sharing";
    assert_int_equal(verbdict_add_synset(vd, "ties_kind", set, why, sizeof why), 0);
    assert_int_equal(verbdict_add_verb(vd, 1, mend), 0);
    assert_int_equal(verbdict_add_verb(vd, -1, patch), 0);
    assert_int_equal(verbdict_add_pattern(vd, "* relations", 10, why, sizeof why), 0);
    assert_int_equal(verbdict_add_pattern(vd, "* full diplomatic relations", 11, why, sizeof why), 0);
    assert_int_equal(verbdict_add_pattern(vd, "* &ties_kind dispute", 12, why, sizeof why), 0);
    assert_int_equal(verbdict_add_pattern(vd, "quietly *", 13, why, sizeof why), 0);
    assert_int_equal(verbdict_add_verb(vd, 2, host), 0);
    return vd;
}

static void test_patterns_shared_and_longest(void **state)
{
    (void)state;
    int32_t mend, patch, host;
    verbdict *vd = sample(&mend, &patch, &host);
    assert_int_equal(verbdict_verb(vd, mend)->npat, 4);
    assert_int_equal(verbdict_verb(vd, patch)->npat, 4);
    assert_int_equal(verbdict_verb(vd, host)->npat, 0);
    assert_int_equal(verbdict_verb(vd, patch)->inter, -1);
    /* the pattern with the most words wins; other words may stand between */
    assert_int_equal(code_in(vd, mend, "Arland mended full diplomatic relations with Borvia.", "arland", "mended"), 11);
    assert_int_equal(code_in(vd, mend, "Arland mended its full and diplomatic relations.", "arland", "mended"), 11);
    assert_int_equal(code_in(vd, mend, "Arland mended relations with Borvia.", "arland", "mended"), 10);
    /* a set's member, one word or two */
    assert_int_equal(code_in(vd, patch, "Arland patched up a border dispute with Borvia.", "arland", "patched"), 12);
    assert_int_equal(code_in(vd, patch, "Arland patched a water sharing dispute.", "arland", "patched"), 12);
    assert_int_equal(code_in(vd, patch, "Arland patched a water dispute.", "arland", "patched"), -1);
    /* words before the '*' stand between the source and the verb */
    assert_int_equal(code_in(vd, patch, "Arland quietly patched things up.", "arland", "patched"), 13);
    assert_int_equal(code_in(vd, patch, "Quietly, Arland patched things up.", "arland", "patched"), -1);
    /* order matters: the words after the verb, not before it */
    assert_int_equal(code_in(vd, mend, "Relations were what Arland mended.", "arland", "mended"), -1);
    assert_int_equal(code_in(vd, host, "Arland hosted relations talks.", "arland", "hosted"), -1);
    verbdict_free(vd);
}

static void test_loader_errors(void **state)
{
    (void)state;
    char why[160];
    verbdict *vd = verbdict_new();
    int32_t id;
    assert_int_equal(verbdict_add_pattern(vd, "* relations", 1, why, sizeof why), -2);
    assert_non_null(strstr(why, "must follow a verb"));
    assert_int_equal(verbdict_add_verb(vd, 1, &id), 0);
    assert_int_equal(verbdict_add_pattern(vd, "relations", 1, why, sizeof why), -2);
    assert_non_null(strstr(why, "one '*'"));
    assert_int_equal(verbdict_add_pattern(vd, "* relations *", 1, why, sizeof why), -2);
    assert_int_equal(verbdict_add_pattern(vd, "*", 1, why, sizeof why), -2);
    assert_int_equal(verbdict_add_pattern(vd, "* &nowhere", 1, why, sizeof why), -2);
    assert_non_null(strstr(why, "unknown synonym set"));
    char one[] = "a", two[] = "b", none[] = " ; ";
    assert_int_equal(verbdict_add_synset(vd, "kinds", one, why, sizeof why), 0);
    assert_int_equal(verbdict_add_synset(vd, "Kinds", two, why, sizeof why), -2);
    assert_non_null(strstr(why, "defined twice"));
    assert_int_equal(verbdict_add_synset(vd, "empty", none, why, sizeof why), -2);
    /* a failed pattern leaves nothing behind */
    assert_int_equal(verbdict_verb(vd, id)->npat, 0);
    assert_int_equal(verbdict_add_pattern(vd, "* &kinds", 3, why, sizeof why), 0);
    assert_int_equal(verbdict_verb(vd, id)->npat, 1);
    assert_null(verbdict_verb(vd, 7));
    assert_null(verbdict_verb(NULL, 0));
    verbdict_free(vd);
    verbdict_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_patterns_shared_and_longest),
        cmocka_unit_test(test_loader_errors),
    };
    return cmocka_run_group_tests_name("verbdict", tests, NULL, NULL);
}
