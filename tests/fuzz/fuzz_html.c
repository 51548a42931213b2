/*
 * fuzz_html.c - libFuzzer harness for the HTML-to-text stage alone, as the
 * input stage runs it on a page (src/engine/input.c set_text/html_text):
 * UTF-8 repair, then html_extract (its guards choose libxml2's parser and the
 * article scorer, or html_strip; text, headline, date; html_to_text, which
 * POST /api/code calls, is the same stage), html_strip on its own and
 * html_depth. Findings besides the sanitizers: text or a headline that is not
 * valid UTF-8 (the stage promises it), a date that is not YYYY-MM-DD, a NUL
 * inside the text.
 */
#include "fuzz_common.h"
#include "html.h"
#include "input.h"
#include "tacitus.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

/* Check one result of the stage. */
static void check(const char *what, const char *text, size_t len, const char *title, const char *published)
{
    if (!text)
        return;
    if (!fuzz_utf8_ok(text, len))
        fuzz_fail("%s: the text is not valid UTF-8: %.200s", what, text);
    if (memchr(text, '\0', len))
        fuzz_fail("%s: a NUL inside the text", what);
    if (title && !fuzz_utf8_ok(title, strlen(title)))
        fuzz_fail("%s: the headline is not valid UTF-8: %.200s", what, title);
    if (published && !tac_valid_date(published))
        fuzz_fail("%s: the date is not YYYY-MM-DD: %.40s", what, published);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len, bad;
    char *txt = utf8_repair((const char *)data, size, &len, &bad);
    if (!txt)
        return 0;
    size_t tl = 0;
    html_meta m = {0};
    char *plain = html_extract(txt, len, &tl, &m); /* the guarded stage: parsed, or stripped */
    check(m.stripped ? "html_extract (stripped)" : "html_extract", plain, tl, m.title, m.published);
    free(plain);
    html_meta_free(&m);
    char *title = NULL;
    plain = html_strip(txt, len, &tl, &title); /* on its own, whatever the page */
    check("html_strip", plain, tl, title, NULL);
    free(plain);
    free(title);
    html_depth(txt, len, 100000);
    free(txt);
    return 0;
}
