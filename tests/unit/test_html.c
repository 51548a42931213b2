/*
 * test_html.c - unit tests of the HTML stage's defences (issue 13): the first
 * <title> wins and nothing leaks when there are more; a DOCTYPE inside
 * <noscript> leaks nothing; character references that overflow or name no
 * character never give invalid UTF-8; pages the parser cannot take in linear
 * time (end tags that close nothing under a growing nest, nesting past 256
 * levels, a tag with very many attributes) are stripped of their tags in time
 * linear in their size; html_to_text (POST /api/code) goes through the same
 * guard as html_extract. Every page here is written for these tests. Leaks are
 * caught when the ASan build of this file runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fold.h"
#include "html.h"

/* html_extract on s: its text (caller frees), checked to be NUL-terminated at
 * the length given and valid UTF-8. */
static char *extract(const char *s, size_t n, html_meta *m)
{
    size_t len = 0;
    char *t = html_extract(s, n, &len, m);
    assert_non_null(t);
    assert_int_equal(strlen(t), len);
    for (size_t i = 0; i < len;) {
        size_t k = utf8_valid_seq((const unsigned char *)t + i, len - i);
        if (!k)
            fail_msg("invalid UTF-8 at byte %zu of the text: %s", i, t);
        i += k;
    }
    return t;
}

/* html_extract on the string page gives text (unless NULL), title (NULL: none)
 * and the stripped flag. */
static void expect(const char *page, const char *text, const char *title, int stripped)
{
    html_meta m;
    char *t = extract(page, strlen(page), &m);
    if (text)
        assert_string_equal(t, text);
    if (title)
        assert_string_equal(m.title, title);
    else
        assert_null(m.title);
    assert_int_equal(m.stripped, stripped);
    free(t);
    html_meta_free(&m);
}

/* A page of n bytes made of head, then unit repeated, then tail. */
static char *repeat(const char *head, const char *unit, size_t times, const char *tail, size_t *n)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *p = malloc(hl + ul * times + tl + 1);
    assert_non_null(p);
    memcpy(p, head, hl);
    for (size_t i = 0; i < times; i++)
        memcpy(p + hl + i * ul, unit, ul);
    memcpy(p + hl + ul * times, tail, tl + 1);
    *n = hl + ul * times + tl;
    return p;
}

/* Seconds of CPU time since an arbitrary start. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A page with two or more <title> elements keeps the first as its title
 * (with the site name cut off), whether it is parsed or stripped, and the
 * later titles are freed (the ASan build checks). An empty first title still
 * counts as the first. */
static void test_first_title_wins(void **state)
{
    (void)state;
    static const char *const page = "<html><head><title>Police station attacked in the hill town | Daily</title>"
                                    "<title>A later title that must lose</title><title>Third</title></head>"
                                    "<body><p>A short line.</p></body></html>";
    expect(page, "A short line.", "Police station attacked in the hill town", 0);
    expect("<title></title><title>The second title</title><p>Text.</p>", "Text.", NULL, 0);
    expect("<title>o</title><title>>", NULL, "o", 0); /* a title left open up to the end of the page */

    /* the same titles on a page nested too deeply for the parser */
    size_t n;
    char *deep = repeat("<title>The first title of a deep page</title><title>The second one</title>", "<div>", 400,
                        "<p>Text at the bottom.</p>", &n);
    expect(deep, "Text at the bottom.", "The first title of a deep page", 1);
    free(deep);
}

/* A DOCTYPE declaration met inside <noscript> in the head (where it is out of
 * place) is dropped without leaking, and the page's text survives it. */
static void test_doctype_in_noscript(void **state)
{
    (void)state;
    expect("<noscript><!DOCTYPE html>", "", NULL, 0);
    expect("<html><head><noscript><!DOCTYPE html><!DOCTYPE other></noscript></head><body><p>Two shops were burned "
           "overnight in the market quarter, residents said.</p></body></html>",
           "Two shops were burned overnight in the market quarter, residents said.", NULL, 0);
}

/* Numeric character references that overflow, name a surrogate or name
 * nothing are dropped or replaced: the text is valid UTF-8 (extract checks it)
 * and keeps the characters around them; a good reference is decoded. The
 * stripped path decodes the same way. */
static void test_bad_character_references(void **state)
{
    (void)state;
    static const char *const page = "<p>one &#55555555554; two &#xD800; three &#x110000; four &#128512; five</p>";
    html_meta m;
    char *t = extract(page, strlen(page), &m);
    assert_non_null(strstr(t, "one"));
    assert_non_null(strstr(t, "five"));
    assert_non_null(strstr(t, "\xF0\x9F\x98\x80"));
    free(t);
    html_meta_free(&m);
    static const char *const bare = "&#55555555554";
    t = extract(bare, strlen(bare), &m);
    free(t);
    html_meta_free(&m);

    size_t n;
    char *deep = repeat("", "<div>", 300, "<p>six &#55555555554; seven &#xD800; eight &#233;</p>", &n);
    t = extract(deep, n, &m);
    assert_int_equal(m.stripped, 1);
    assert_non_null(strstr(t, "eight \xC3\xA9"));
    free(t);
    html_meta_free(&m);
    free(deep);
}

/* A page declaring another character set is still read as the UTF-8 the
 * input stage gives: its accented letters come out unchanged. */
static void test_declared_charset_ignored(void **state)
{
    (void)state;
    expect("<html><head><meta charset=\"iso-8859-1\"><meta http-equiv=\"Content-Type\" content=\"text/html; "
           "charset=windows-1252\"></head><body><p>Caf\xC3\xA9 owners in S\xC3\xA3o Tom\xC3\xA9 closed early.</p></body>"
           "</html>",
           "Caf\xC3\xA9 owners in S\xC3\xA3o Tom\xC3\xA9 closed early.", NULL, 0);
}

/* Time per megabyte of html_extract on unit repeated to about bytes bytes
 * (the best of three runs); *stripped tells whether the page was stripped. */
static double per_mb(const char *head, const char *unit, size_t bytes, int *stripped)
{
    size_t n;
    char *page = repeat(head, unit, bytes / strlen(unit), "", &n);
    double best = 1e9;
    for (int r = 0; r < 3; r++) {
        html_meta m;
        double t0 = cpu_now();
        char *t = extract(page, n, &m);
        double t1 = cpu_now() - t0;
        *stripped = m.stripped;
        free(t);
        html_meta_free(&m);
        if (t1 < best)
            best = t1;
    }
    free(page);
    return best / ((double)n / 1e6);
}

/* Hostile pages take time linear in their size: end tags that close nothing
 * while the nest of unknown elements grows (each level deeper than the last),
 * nesting past the parser's limit, a start tag with very many attributes, and
 * many elements with as many attributes as a page may have and still be
 * parsed (under HTML_DENSE_MIN bytes, where dense pages are parsed too). A
 * page eight times larger may take at most three times as long per
 * megabyte (generous for timer noise, far below quadratic: the quadratic
 * pages took minutes at these sizes). */
static void test_hostile_pages_linear(void **state)
{
    (void)state;
    static const struct {
        const char *what, *head, *unit;
        int stripped;
    } cases[] = {
        {"end tags that close nothing", "<div>", "<x>t</div>", 1},
        {"nesting past 256 levels", "", "<div><span>", 1},
        {"one tag with many attributes", "<p ", "a=1 b ", 1},
        {"many tags of 100 attributes", "",
         "<span a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 b0 b1 b2 b3 b4 b5 b6 b7 b8 b9 c0 c1 c2 c3 c4 c5 c6 c7 c8 c9 d0 d1 "
         "d2 d3 d4 d5 d6 d7 d8 d9 e0 e1 e2 e3 e4 e5 e6 e7 e8 e9 f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 g0 g1 g2 g3 g4 g5 g6 "
         "g7 g8 g9 h0 h1 h2 h3 h4 h5 h6 h7 h8 h9 i0 i1 i2 i3 i4 i5 i6 i7 i8 i9 j0 j1 j2 j3 j4 j5 j6 j7 j8 j9>x</span>",
         0},
        {"paragraphs left open", "<body>", "<p>A paragraph left open, ", 0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int s_small, s_large;
        double small = per_mb(cases[c].head, cases[c].unit, 120000, &s_small);
        double large = per_mb(cases[c].head, cases[c].unit, 960000, &s_large);
        assert_int_equal(s_small, cases[c].stripped);
        assert_int_equal(s_large, cases[c].stripped);
        if (large > 3 * small + 0.02)
            fail_msg("%s: %.3f s/MB at 960 KB against %.3f s/MB at 120 KB: not linear", cases[c].what, large, small);
    }
}

/* The parser's limits: 255 nested elements are parsed, 300 are stripped
 * (with the text kept); a tag of HTML_MAX_ATTRIBUTES attributes is parsed, one
 * more is stripped; a page of short elements (a node every 4 bytes) is parsed
 * under HTML_DENSE_MIN bytes and stripped over it, while a page of ordinary
 * paragraphs that large is parsed. */
static void test_limits(void **state)
{
    (void)state;
    size_t n;
    html_meta m;
    char *page = repeat("<body>", "<div>", 250, "<p>Nested text of the page.</p>", &n);
    char *t = extract(page, n, &m);
    assert_int_equal(m.stripped, 0);
    assert_string_equal(t, "Nested text of the page.");
    free(t);
    html_meta_free(&m);
    free(page);
    page = repeat("<body>", "<div>", 300, "<p>Nested text of the page.</p>", &n);
    t = extract(page, n, &m);
    assert_int_equal(m.stripped, 1);
    assert_string_equal(t, "Nested text of the page.");
    free(t);
    html_meta_free(&m);
    free(page);
    for (int extra = 0; extra < 2; extra++) {
        page = repeat("<p", " a=\"1\"", HTML_MAX_ATTRIBUTES + (size_t)extra, ">Text of the tag.</p>", &n);
        t = extract(page, n, &m);
        assert_int_equal(m.stripped, extra);
        assert_string_equal(t, "Text of the tag.");
        free(t);
        html_meta_free(&m);
        free(page);
    }
    static const struct {
        const char *unit;
        size_t bytes;
        int stripped;
    } dense[] = {{"<a>x", HTML_DENSE_MIN - 1000, 0},
                 {"<a>x", HTML_DENSE_MIN + 1000, 1},
                 {"<p class=\"body\">A paragraph of an ordinary page, with a <a href=\"/x\">link</a>.</p>\n",
                  2 * HTML_DENSE_MIN, 0}};
    for (size_t k = 0; k < sizeof dense / sizeof dense[0]; k++) {
        page = repeat("<body>", dense[k].unit, dense[k].bytes / strlen(dense[k].unit), "", &n);
        t = extract(page, n, &m);
        assert_int_equal(m.stripped, dense[k].stripped);
        assert_non_null(strstr(t, dense[k].stripped || k == 0 ? "xxxx" : "A paragraph of an ordinary page"));
        free(t);
        html_meta_free(&m);
        free(page);
    }
}

/* html_to_text, which POST /api/code calls, strips a page too deep for the
 * parser exactly as html_extract does, title included. */
static void test_to_text_guarded(void **state)
{
    (void)state;
    size_t n, len;
    char *page = repeat("<title>A deep page</title>", "<div>t</b>", 20000, "", &n);
    char *title = NULL;
    char *t = html_to_text(page, n, &len, &title);
    assert_non_null(t);
    html_meta m;
    char *u = extract(page, n, &m);
    assert_int_equal(m.stripped, 1);
    assert_string_equal(t, u);
    assert_string_equal(title, m.title);
    free(t);
    free(u);
    free(title);
    html_meta_free(&m);
    free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_title_wins),
        cmocka_unit_test(test_doctype_in_noscript),
        cmocka_unit_test(test_bad_character_references),
        cmocka_unit_test(test_declared_charset_ignored),
        cmocka_unit_test(test_hostile_pages_linear),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_to_text_guarded),
    };
    return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}
