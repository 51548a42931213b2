/*
 * html.h - HTML pages to text for the input stage: the article body of a news
 * page (a readability-style scorer over the gumbo tree drops navigation,
 * related-story boxes, comments, footers and the like), its headline, and its
 * publication date from the page's metadata. Pages nested too deeply for the
 * parser are stripped of their tags instead.
 */
#ifndef TACITUS_HTML_H
#define TACITUS_HTML_H

#include <stddef.h>

/* What a page says about itself. */
typedef struct html_meta {
    char *title;                /* malloc'd headline (<h1>, og:title, <title> less " | Site"), or NULL */
    char *published;            /* malloc'd YYYY-MM-DD, or NULL */
    const char *published_from; /* "html-meta", "json-ld" or "time-element" (static), or NULL */
    int body_only;              /* 1 when an article body was found and the rest of the page dropped */
    size_t page_chars;          /* visible characters of the whole page (body_only: for the warning) */
} html_meta;

void html_meta_free(html_meta *m);

/* Reduce a parsed-able HTML page to the text of its article body: one line per
 * paragraph, heading or list item; the <h1> taken as the headline is not
 * repeated in the text. Falls back to the page's whole visible text when no
 * element holds a paragraph. Fills *meta (free it with html_meta_free, also on
 * failure). Returns malloc'd text (length in *outlen), or NULL when the parser
 * fails or memory runs out. Time and memory are linear in n for pages nested
 * less than html_depth's limit. */
char *html_extract(const char *html, size_t n, size_t *outlen, html_meta *meta);

/* html_extract keeping only the headline: *title is the malloc'd headline or NULL. */
char *html_to_text(const char *html, size_t n, size_t *outlen, char **title);

/* The deepest element nesting of an HTML text, estimated from its tags (void
 * elements and self-closing tags do not nest). Stops counting at limit. */
size_t html_depth(const char *s, size_t n, size_t limit);

/* Reduce HTML to text without building a tree, for documents nested too deeply
 * for the parser: drops comments, scripts and styles, turns block tags into
 * line breaks, decodes common entities, keeps the <title> in *title. NULL when
 * out of memory. */
char *html_strip(const char *s, size_t n, size_t *outlen, char **title);

/* The calendar date a date string names, as written (the time and zone are
 * ignored): "2024-03-03T14:05:00+05:00", "2024/03/03", "20240303",
 * "Sun, 03 Mar 2024 14:05:00 GMT", "3 March 2024", "March 3, 2024". Writes
 * YYYY-MM-DD into out and returns 1, or returns 0 when s names no valid day
 * between 1900 and 2199. */
int html_date(const char *s, char out[11]);

#endif
