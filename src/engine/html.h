/*
 * html.h - HTML pages to text for the input stage: the article body of a news
 * page (a readability-style scorer over libxml2's HTML tree drops navigation,
 * related-story boxes, comments, footers and the like), its headline, and its
 * publication date from the page's metadata. Pages the parser cannot take in
 * linear time and memory (nested more than 256 levels deep, with a tag of more
 * than HTML_MAX_ATTRIBUTES attributes, or large and made of tags almost only)
 * are stripped of their tags instead. Every entry point takes time and memory
 * linear in the page's size, and gives valid UTF-8.
 */
#ifndef TACITUS_HTML_H
#define TACITUS_HTML_H

#include <stddef.h>

/* More attributes than this in one start tag and the page is stripped, not
 * parsed (the parser's duplicate check is quadratic in their number). */
#define HTML_MAX_ATTRIBUTES 100
/* A page over HTML_DENSE_MIN bytes with more than one tag, attribute or
 * comment per HTML_DENSE_BYTES bytes is stripped, not parsed (each is a node
 * of 100 to 200 bytes: the tree of a page of bare tags is about 90 times its
 * size; ordinary pages have 25 bytes or more per node). */
#define HTML_DENSE_MIN (1u << 20)
#define HTML_DENSE_BYTES 10

/* What a page says about itself. */
typedef struct html_meta {
    char *title;                /* malloc'd headline (<h1>, og:title, <title> less " | Site"), or NULL */
    char *published;            /* malloc'd YYYY-MM-DD, or NULL */
    const char *published_from; /* "html-meta", "json-ld" or "time-element" (static), or NULL */
    int body_only;              /* 1 when an article body was found and the rest of the page dropped */
    size_t page_chars;          /* visible characters of the whole page (body_only: for the warning) */
    int stripped;               /* 1 when the page was too deep, too dense or had too many attributes
                                   in a tag for the parser, and html_strip gave its text and <title> */
} html_meta;

void html_meta_free(html_meta *m);

/* Reduce an HTML page (UTF-8, whatever its <meta charset> says) to the text of
 * its article body: one line per paragraph, heading or list item; the <h1>
 * taken as the headline is not repeated in the text. Falls back to the page's
 * whole visible text when no element holds a paragraph. A page nested more
 * than 256 levels deep (where libxml2's parser stops), with a start tag of
 * more than HTML_MAX_ATTRIBUTES attributes, or over HTML_DENSE_MIN bytes with
 * less than HTML_DENSE_BYTES bytes per tag, attribute or comment goes through
 * html_strip instead (meta->stripped). The first <title> is the one read.
 * Fills *meta (free it with html_meta_free, also on failure). Returns malloc'd
 * valid UTF-8 (length in *outlen), or NULL when memory runs out. Time is
 * linear in n; the peak memory is mostly the parser's tree: about 15 times n
 * for an ordinary page, at most about 40 times n over HTML_DENSE_MIN bytes and
 * 100 MB under it. */
char *html_extract(const char *html, size_t n, size_t *outlen, html_meta *meta);

/* html_extract keeping only the headline: *title is the malloc'd headline or
 * NULL. The same guarded stage as html_extract (POST /api/code uses it). */
char *html_to_text(const char *html, size_t n, size_t *outlen, char **title);

/* The deepest element nesting of an HTML text, estimated from its tags (void
 * elements and self-closing tags do not nest; an end tag closes one level,
 * matching or not). Stops counting at limit. Not html_extract's guard (the
 * parser's own limit is): a rough measure only. */
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
