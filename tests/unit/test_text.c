/*
 * test_text.c - unit tests of the folding, the tokenizer and the sentence
 * splitter, and of the arena, on sentences written for these tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "fold.h"
#include "text.h"

static void test_fold_rules(void **state)
{
    (void)state;
    char b[64];
    fold_text("Tehrik-e Taliban", 16, b, sizeof b);
    assert_string_equal(b, "tehrik e taliban");
    fold_text("Karāchi", strlen("Karāchi"), b, sizeof b);
    assert_string_equal(b, "karachi");
    fold_text("Rufay\xE2\x80\x99i", strlen("Rufay\xE2\x80\x99i"), b, sizeof b);
    assert_string_equal(b, "rufayi");
    fold_text("  Côte d'Ivoire!! ", strlen("  Côte d'Ivoire!! "), b, sizeof b);
    assert_string_equal(b, "cote divoire");
    /* invalid UTF-8 is a separator, never a crash */
    fold_text("ab\xFF\xFE" "cd", 6, b, sizeof b);
    assert_string_equal(b, "ab cd");
    /* snprintf-like length when the buffer is small */
    assert_int_equal(fold_text("ABCDEFGH", 8, b, 4), 8);
    assert_string_equal(b, "abc");
}

/* The skeleton of a name, for a string (folded first); "" when it has none. */
static const char *skeleton(const char *name, char *out, size_t cap)
{
    char f[256];
    size_t n = fold_text(name, strlen(name), f, sizeof f);
    if (fold_skeleton(f, n, out, cap) == 0)
        out[0] = '\0';
    return out;
}

/* Romanisations of one name share a skeleton; different names and short
 * names do not. */
static void test_spelling_skeleton(void **state)
{
    (void)state;
    static const char *const same[][2] = {
        {"Maarat al-Numan", "Ma'arrat an Nu'man"}, {"Maaret el Noman", "Maarat al-Numaan"},
        {"Hamrat al-Sheikh", "Hamrat ash Shaykh"}, {"Shakra", "Shuqrah"}, {"Broummana", "Brummana"}};
    char a[256], b[256];
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        skeleton(same[i][0], a, sizeof a);
        skeleton(same[i][1], b, sizeof b);
        if (!a[0] || strcmp(a, b) != 0)
            fail_msg("'%s' (%s) and '%s' (%s) differ", same[i][0], a, same[i][1], b);
        assert_int_equal(a[0], '~');
    }
    assert_string_not_equal(skeleton("Peshawar", a, sizeof a), skeleton("Pishin", b, sizeof b));
    assert_string_equal(skeleton("Bor", a, sizeof a), "");    /* too short to tell apart */
    assert_string_equal(skeleton("Quetta", a, sizeof a), ""); /* too few consonants */
    assert_string_equal(skeleton("Zürich", a, sizeof a), "~zarach"); /* diacritics fold first */
    char small[4];
    assert_int_equal(fold_skeleton("maarat al numan", 15, small, sizeof small), 0);
}

static void test_fold_token_matches_fold_text(void **state)
{
    (void)state;
    const char *words[] = {"Peshawar", "U.S.", "al-Shabaab", "Ḩalab", "O'Neill", "TTP"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        char a[64], c[64];
        fold_token(words[i], strlen(words[i]), a, sizeof a);
        fold_text(words[i], strlen(words[i]), c, sizeof c);
        assert_string_equal(a, c);
    }
}

static text_doc tokenize(arena *a, const char *s)
{
    text_doc td;
    assert_int_equal(text_tokenize(s, strlen(s), a, &td), 0);
    return td;
}

static void test_tokens_numbers_and_hyphens(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    text_doc td = tokenize(&a, "Some 1,200 people fled after the Tehrik-e-Taliban's raid on 3.5 villages.");
    /* Some | 1,200 | people | fled | after | the | Tehrik | e | Taliban | raid | on | 3.5 | villages | . */
    assert_int_equal(td.ntoks, 14);
    assert_true(td.toks[1].flags & TOK_NUM);
    assert_int_equal(td.toks[1].value, 1200);
    assert_true(tok_is(&td, &td.toks[6], "tehrik"));
    assert_true(td.toks[7].flags & TOK_HYPHEN);
    assert_true(tok_is(&td, &td.toks[8], "taliban"));
    assert_true(td.toks[8].flags & TOK_POSS);
    assert_int_equal(td.toks[11].value, 3);
    assert_true(td.toks[13].flags & TOK_PUNCT);
    arena_free(&a);
}

static void test_sentences_and_abbreviations(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    const char *s = "Headline Without A Full Stop\nGen. Raza spoke in the U.S. capital on Feb. 3. He left.\n"
                    "\u201cWe will fight,\u201d he said. A second line?";
    text_doc td = tokenize(&a, s);
    assert_int_equal(td.nsents, 5);
    assert_int_equal(td.sents[0].line, 0);
    assert_int_equal(td.sents[1].line, 1);
    assert_int_equal(td.sents[2].line, 1);
    assert_int_equal(td.sents[3].line, 2);
    /* the quotation stays inside its sentence */
    const tok *first = &td.toks[td.sents[3].first];
    assert_true(first->flags & TOK_PUNCT);
    assert_true(td.toks[td.sents[3].first + 1].flags & TOK_QUOTE);
    assert_int_equal(td.headline_end, strlen("Headline Without A Full Stop"));
    arena_free(&a);
}

static void test_offsets_are_bytes(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    const char *s = "Café owners in Qāmishli said";
    text_doc td = tokenize(&a, s);
    assert_int_equal(td.ntoks, 5);
    assert_memory_equal(s + td.toks[3].start, "Qāmishli", strlen("Qāmishli"));
    assert_int_equal(td.toks[3].end - td.toks[3].start, strlen("Qāmishli"));
    assert_true(tok_is(&td, &td.toks[3], "qamishli"));
    arena_free(&a);
}

static void test_garbage_never_crashes(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 0);
    char junk[4096];
    unsigned x = 12345;
    for (int round = 0; round < 50; round++) {
        for (size_t i = 0; i < sizeof junk; i++) {
            x = x * 1103515245u + 12345u;
            junk[i] = (char)(x >> 16);
        }
        text_doc td;
        assert_int_equal(text_tokenize(junk, sizeof junk, &a, &td), 0);
        for (size_t i = 0; i < td.ntoks; i++)
            assert_true(td.toks[i].start < td.toks[i].end && td.toks[i].end <= sizeof junk);
        arena_reset(&a);
    }
    arena_free(&a);
}

/* Tokenise piece written times over into text (cap bytes), in a. */
static text_doc repeated(arena *a, char *text, size_t cap, const char *piece, int times)
{
    size_t n = 0;
    for (int i = 0; i < times; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s", piece);
    arena_init(a, 0);
    return tokenize(a, text);
}

static void test_one_word_lines(void **state)
{
    (void)state;
    /* every line a sentence of one token: no table may run out */
    char text[3000];
    arena a;
    text_doc td = repeated(&a, text, sizeof text, "word\n", 500);
    assert_int_equal(td.ntoks, 500);
    assert_int_equal(td.nsents, 500);
    arena_free(&a);
}

static void test_endless_sentence_is_split(void **state)
{
    (void)state;
    /* 1,200 words and no sentence end: split every TEXT_SENT_MAX_TOKENS tokens,
     * each piece a sentence of its own, no token lost */
    static char text[1200 * 4 + 16];
    arena a;
    text_doc td = repeated(&a, text, sizeof text, "and ", 1200);
    assert_int_equal(td.ntoks, 1200);
    assert_int_equal(td.nsents, 3);
    assert_int_equal(td.nsplit, 2);
    assert_int_equal(td.sents[1].first, TEXT_SENT_MAX_TOKENS);
    assert_int_equal(td.sents[2].last, 1200);
    assert_int_equal(td.toks[TEXT_SENT_MAX_TOKENS].sent, 1);
    arena_free(&a);
}

static void test_arena_limit(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 1000);
    assert_non_null(arena_alloc(&a, 500));
    assert_null(arena_alloc(&a, 600));
    assert_true(a.failed);
    arena_reset(&a);
    assert_false(a.failed);
    assert_non_null(arena_alloc(&a, 900));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_rules),
        cmocka_unit_test(test_spelling_skeleton),
        cmocka_unit_test(test_fold_token_matches_fold_text),
        cmocka_unit_test(test_tokens_numbers_and_hyphens),
        cmocka_unit_test(test_sentences_and_abbreviations),
        cmocka_unit_test(test_offsets_are_bytes),
        cmocka_unit_test(test_garbage_never_crashes),
        cmocka_unit_test(test_one_word_lines),
        cmocka_unit_test(test_endless_sentence_is_split),
        cmocka_unit_test(test_arena_limit),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
