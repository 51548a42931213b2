/*
 * html.c - HTML pages to text (see html.h).
 *
 * libxml2's HTML parser reads the page (parse_page; pages it cannot take in
 * linear time are stripped of their tags instead, see html_extract). One
 * pre-order pass numbers its elements (a parent's number is below its
 * children's), marks what is never article text (scripts,
 * <nav>, <aside>, <footer>, forms, hidden elements, landmark roles, and boxes
 * whose class or id names comments, related stories, most read, share
 * buttons, newsletters...), and reads the metadata (<title>, og:title,
 * publication-date <meta>s, JSON-LD, <time>). One reverse pass sums each
 * element's visible characters, link characters, commas and paragraphs, and
 * gives every paragraph's score to its parent, grandparent and great-
 * grandparent, as readability does. The best-scoring container (divided by
 * its link density), with its sibling paragraphs, is written out; link lists
 * and "Related"/"Most read" boxes inside it are left out. Every pass is linear
 * in the number of nodes.
 */
#include "html.h"

#include "fold.h"

#include <ctype.h>
#include <limits.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- a growable text buffer ---- */

typedef struct tbuf {
    char *p;
    size_t len, cap;
    int failed;
} tbuf;

/* Append s[0..n) to b, NUL-terminated. Out of memory sets b->failed, and every
 * later call does nothing. */
static void tb_put(tbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 4096;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *q = realloc(b->p, nc);
        if (!q) {
            b->failed = 1;
            return;
        }
        b->p = q;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* End the current line, unless b is empty or already at a line start. */
static void tb_newline(tbuf *b)
{
    if (b->len > 0 && b->p[b->len - 1] != '\n')
        tb_put(b, "\n", 1);
}

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }

/* 1 when s holds white space only. */
static int is_blank(const char *s)
{
    while (is_space(*s))
        s++;
    return *s == '\0';
}

/* Append text with every whitespace run collapsed to one space (none at a
 * line start). */
static void tb_text(tbuf *b, const char *t)
{
    size_t i = 0;
    while (t[i]) {
        if (is_space(t[i])) {
            while (is_space(t[i]))
                i++;
            if (b->len > 0 && b->p[b->len - 1] != ' ' && b->p[b->len - 1] != '\n')
                tb_put(b, " ", 1);
            continue;
        }
        size_t j = i;
        while (t[j] && !is_space(t[j]))
            j++;
        tb_put(b, t + i, j - i);
        i = j;
    }
}

/* Collapse whitespace runs of a malloc'd string in place and trim it; frees it
 * and returns NULL when nothing is left. */
static char *collapse_ws(char *t)
{
    if (!t)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; t[i]; i++) {
        char c = is_space(t[i]) ? ' ' : t[i];
        if (c == ' ' && (k == 0 || t[k - 1] == ' '))
            continue;
        t[k++] = c;
    }
    while (k > 0 && t[k - 1] == ' ')
        k--;
    t[k] = '\0';
    if (k == 0) {
        free(t);
        return NULL;
    }
    return t;
}

/* ---- element classes ---- */

/* The elements the scorer tells apart (TAG_OTHER: any other); libxml2 gives
 * HTML element names in lower case. */
typedef enum htag {
    TAG_OTHER, TAG_A, TAG_ADDRESS, TAG_ARTICLE, TAG_ASIDE, TAG_AUDIO, TAG_BLOCKQUOTE, TAG_BODY, TAG_BR,
    TAG_BUTTON, TAG_CANVAS, TAG_DD, TAG_DIV, TAG_DL, TAG_DT, TAG_EMBED, TAG_FIGCAPTION, TAG_FIGURE,
    TAG_FOOTER, TAG_FORM, TAG_H1, TAG_H2, TAG_H3, TAG_H4, TAG_H5, TAG_H6, TAG_HEAD, TAG_HEADER, TAG_HR,
    TAG_HTML, TAG_IFRAME, TAG_INPUT, TAG_LI, TAG_MAIN, TAG_MATH, TAG_MENU, TAG_META, TAG_NAV, TAG_NOSCRIPT,
    TAG_OBJECT, TAG_OL, TAG_OPTION, TAG_P, TAG_PRE, TAG_SCRIPT, TAG_SECTION, TAG_SELECT, TAG_STYLE, TAG_SVG,
    TAG_TABLE, TAG_TD, TAG_TEMPLATE, TAG_TEXTAREA, TAG_TH, TAG_TIME, TAG_TITLE, TAG_TR, TAG_UL, TAG_VIDEO,
    TAG_COUNT
} htag;

/* The names of TAG_A..TAG_VIDEO, in the enum's order, which is strcmp order. */
static const char *const tag_names[TAG_COUNT - 1] = {
    "a", "address", "article", "aside", "audio", "blockquote", "body", "br", "button", "canvas", "dd", "div",
    "dl", "dt", "embed", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hr", "html", "iframe", "input", "li", "main", "math", "menu", "meta", "nav", "noscript",
    "object", "ol", "option", "p", "pre", "script", "section", "select", "style", "svg", "table", "td",
    "template", "textarea", "th", "time", "title", "tr", "ul", "video"};

static int cmp_name(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

/* 1 for an element node. */
static int is_elem(const xmlNode *g) { return g->type == XML_ELEMENT_NODE; }

/* 1 for a node whose content is text (text and CDATA: libxml2 keeps the
 * content of <script> and <style> as CDATA). */
static int is_textual(const xmlNode *g) { return g->type == XML_TEXT_NODE || g->type == XML_CDATA_SECTION_NODE; }

/* The tag of element g (TAG_OTHER for other nodes and unlisted elements). */
static htag tag_of(const xmlNode *g)
{
    if (!is_elem(g) || !g->name)
        return TAG_OTHER;
    const char *const *x = bsearch(g->name, tag_names, TAG_COUNT - 1, sizeof tag_names[0], cmp_name);
    return x ? (htag)(x - tag_names + 1) : TAG_OTHER;
}

/* 1 for the HTML elements whose text stands on lines of its own. */
static int is_block(htag t)
{
    switch (t) {
    case TAG_P: case TAG_DIV: case TAG_BR: case TAG_H1: case TAG_H2:
    case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6: case TAG_LI:
    case TAG_TR: case TAG_ARTICLE: case TAG_SECTION: case TAG_HEADER:
    case TAG_FOOTER: case TAG_BLOCKQUOTE: case TAG_PRE: case TAG_TABLE:
    case TAG_UL: case TAG_OL: case TAG_FIGCAPTION: case TAG_FIGURE:
    case TAG_HR: case TAG_DT: case TAG_DD: case TAG_ASIDE: case TAG_NAV:
    case TAG_MAIN: case TAG_TD: case TAG_TH: case TAG_DL: case TAG_ADDRESS:
        return 1;
    default:
        return 0;
    }
}

/* 1 for the elements whose content is never visible text, on any page. */
static int is_invisible(htag t)
{
    return t == TAG_SCRIPT || t == TAG_STYLE || t == TAG_NOSCRIPT || t == TAG_TEMPLATE ||
           t == TAG_IFRAME || t == TAG_SVG || t == TAG_HEAD || t == TAG_MATH;
}

/* 1 for the elements that are never article text: the invisible ones, the
 * page's furniture (navigation, asides, footers) and form controls. */
static int is_furniture(htag t)
{
    switch (t) {
    case TAG_NAV: case TAG_ASIDE: case TAG_FOOTER: case TAG_FORM: case TAG_BUTTON:
    case TAG_INPUT: case TAG_SELECT: case TAG_TEXTAREA: case TAG_OBJECT:
    case TAG_EMBED: case TAG_CANVAS: case TAG_VIDEO: case TAG_AUDIO:
    case TAG_MENU: case TAG_OPTION: case TAG_TITLE:
        return 1;
    default:
        return is_invisible(t);
    }
}

static int is_heading(htag t)
{
    return t == TAG_H2 || t == TAG_H3 || t == TAG_H4 || t == TAG_H5 || t == TAG_H6;
}

/* The value of attribute name (lower case) of element g, "" for an attribute
 * without a value, or NULL when g has none. The HTML parser keeps a value as
 * one text node with its references decoded. */
static const char *attr(const xmlNode *g, const char *name)
{
    for (const xmlAttr *a = g->properties; a; a = a->next)
        if (a->name && strcasecmp((const char *)a->name, name) == 0) {
            const xmlNode *v = a->children;
            return v && v->type == XML_TEXT_NODE && v->content ? (const char *)v->content : "";
        }
    return NULL;
}

/* 1 for the custom elements of AMP pages that are furniture (amp-ad,
 * amp-sidebar, amp-social-share, amp-analytics, amp-consent...). */
static int is_amp_furniture(const xmlNode *g)
{
    static const char *const names[] = {"amp-ad", "amp-embed", "amp-sidebar", "amp-social", "amp-analytics",
                                        "amp-consent", "amp-sticky-ad", "amp-user-notification", NULL};
    const char *s = (const char *)g->name;
    if (!s || strncmp(s, "amp-", 4) != 0)
        return 0;
    for (const char *const *x = names; *x; x++)
        if (strncasecmp(s, *x, strlen(*x)) == 0)
            return 1;
    return 0;
}

/* 1 when the element is hidden: the hidden attribute, aria-hidden="true", or
 * an inline style with display:none or visibility:hidden. */
static int is_hidden(const xmlNode *g)
{
    if (attr(g, "hidden"))
        return 1;
    const char *v = attr(g, "aria-hidden");
    if (v && strcasecmp(v, "true") == 0)
        return 1;
    const char *s = attr(g, "style");
    if (!s)
        return 0;
    char c[128];
    size_t k = 0;
    for (size_t i = 0; s[i] && k + 1 < sizeof c; i++)
        if (!is_space(s[i]))
            c[k++] = (char)tolower((unsigned char)s[i]);
    c[k] = '\0';
    return strstr(c, "display:none") || strstr(c, "visibility:hidden");
}

/* 1 for the ARIA landmark roles that are page furniture. */
static int is_furniture_role(const xmlNode *g)
{
    static const char *const roles[] = {"navigation", "complementary", "contentinfo", "search", "dialog",
                                        "alertdialog", "menu", "menubar", NULL};
    const char *r = attr(g, "role");
    if (!r)
        return 0;
    for (const char *const *x = roles; *x; x++)
        if (strcasecmp(r, *x) == 0)
            return 1;
    return 0;
}

/* ---- class and id hints ---- */

/* Words of class names and ids that mark page furniture, and those that mark
 * article text; words of five letters or more also match as a prefix
 * ("comments", "relatedposts"). "protect" words keep a box scored even when a
 * furniture word is in its name too ("comment-body" is still a comment's body,
 * but "main-content has-sidebar" is the content). */
static const char *const furniture_words[] = {
    "nav", "navbar", "navigation", "menu", "footer", "sidebar", "related", "more", "most", "mostread",
    "morefrom", "comment", "share", "sharing", "social", "promo", "ad", "ads", "advert", "sponsor",
    "newsletter", "subscribe", "signup", "cookie", "consent", "gdpr", "breadcrumb", "tags", "popular",
    "trending", "recommend", "widget", "outbrain", "taboola", "disqus", "banner", "popup", "modal",
    "pagination", "pager", "masthead", "rss", "toolbar", "skip", "teaser", "paywall", NULL};
static const char *const article_words[] = {"article", "body", "content", "story", "entry", "post", "posts",
                                            "text", "main", NULL};
static const char *const protect_words[] = {"article", "body", "content", "story", "entry", "text", "main", NULL};

/* 1 when the lower-case token w[0..n) is one of words (exactly, or as a
 * prefix for words of five letters or more). */
static int word_in(const char *w, size_t n, const char *const *words)
{
    for (const char *const *x = words; *x; x++) {
        size_t l = strlen(*x);
        if (l == n ? memcmp(w, *x, n) == 0 : (l >= 5 && n > l && memcmp(w, *x, l) == 0))
            return 1;
    }
    return 0;
}

/* Class names that CMSs give every post and that name its topics, not its
 * role ("tag-social-media", "category-comment", "has-sidebar"): skipped. */
static int is_topic_class(const char *s, size_t n)
{
    static const char *const pre[] = {"tag-", "tag_", "category-", "category_", "cat-", "postid-", "author-",
                                      "format-", "status-", "type-", "has-", "no-", "with-", "page-id", NULL};
    for (const char *const *p = pre; *p; p++) {
        size_t l = strlen(*p);
        if (n > l && strncasecmp(s, *p, l) == 0)
            return 1;
    }
    return 0;
}

typedef struct hints {
    int furniture, article, protect;
} hints;

/* Read the words of one class list or id (split at non-alphanumerics and at
 * camelCase humps, lower-cased) into h. */
static void read_hints(const char *s, hints *h)
{
    size_t i = 0;
    while (s[i]) {
        while (s[i] && is_space(s[i]))
            i++;
        size_t cls = i;
        while (s[i] && !is_space(s[i]))
            i++;
        if (is_topic_class(s + cls, i - cls))
            continue;
        char w[32];
        size_t n = 0;
        for (size_t k = cls; k <= i; k++) {
            unsigned char c = k < i ? (unsigned char)s[k] : 0;
            int hump = n > 0 && isupper(c) && islower((unsigned char)s[k - 1]);
            if (!isalnum(c) || hump) {
                if (n > 0 && n < sizeof w) {
                    h->furniture |= word_in(w, n, furniture_words);
                    h->article |= word_in(w, n, article_words);
                    h->protect |= word_in(w, n, protect_words);
                }
                n = 0;
            }
            if (isalnum(c) && n < sizeof w)
                w[n++] = (char)tolower(c);
        }
    }
}

/* The readability weight of an element's class and id (-50..50): -25 for each
 * that names furniture, +25 for each that names article text. *drop is set
 * when a name says furniture and none says article text. */
static int class_weight(const xmlNode *g, int *drop)
{
    int w = 0, furniture = 0, protect = 0;
    const char *names[2] = {attr(g, "class"), attr(g, "id")};
    for (int k = 0; k < 2; k++) {
        if (!names[k])
            continue;
        hints h = {0, 0, 0};
        read_hints(names[k], &h);
        w += (h.furniture ? -25 : 0) + (h.article ? 25 : 0);
        furniture |= h.furniture;
        protect |= h.protect;
    }
    *drop = furniture && !protect;
    return w;
}

/* ---- the element table ---- */

typedef struct hnode {
    xmlNode *g;
    int parent;              /* index, or -1 */
    int end;                 /* one past the last index in this subtree */
    int first_h1;            /* the first headline <h1> in this subtree, or -1 */
    uint32_t text, link;     /* visible characters; those inside <a> */
    uint32_t commas, paras;  /* commas; paragraphs of 25 characters or more */
    float score;             /* readability score, before the link-density factor */
    int16_t weight;          /* class_weight */
    uint8_t drop;            /* never article text */
    uint8_t blocks;          /* has a block child (other than <br>) */
    uint8_t in_link;         /* inside <a> */
    uint8_t candidate;       /* some paragraph gave it a score */
    uint8_t box;             /* a "Related"/"Most read" heading or the box it heads */
    uint8_t alts;            /* alternatives below it (choose_body) */
    uint8_t tag;             /* its htag */
    uint8_t foreign;         /* inside <svg> or <math> */
} hnode;

#define MAX_TIMES 32

/* Publication-date sources, best first. */
enum { PUB_ARTICLE_META, PUB_LD_ARTICLE, PUB_META, PUB_LD_OTHER, PUB_TIME, PUB_NONE };

typedef struct page {
    hnode *n;
    size_t len, cap;
    int times[MAX_TIMES], ntimes;
    int article_body;        /* first [itemprop=articleBody], or -1 */
    char *title_tag, *og_title;
    int title_seen;          /* a <title> was read (the first one counts) */
    char pub[11];
    int pub_rank;
    int failed;
} page;


/* The text under g, whitespace collapsed, at most cap-1 bytes, visiting at most
 * 2000 nodes (headings and titles are small; pathological ones are cut).
 * Returns a malloc'd string or NULL when empty or out of memory. */
static char *node_text(xmlNode *g, size_t cap)
{
    tbuf b = {0};
    xmlNode *stack[64];
    size_t sp = 0, visits = 0;
    stack[sp++] = g;
    while (sp > 0 && visits++ < 2000 && b.len < cap) {
        xmlNode *x = stack[--sp];
        if (is_textual(x)) {
            if (x->content)
                tb_text(&b, (const char *)x->content);
            continue;
        }
        htag t = tag_of(x);
        if (!is_elem(x) || is_invisible(t))
            continue;
        for (xmlNode *c = x->last; c && sp < 64; c = c->prev) /* the first child on top */
            stack[sp++] = c;
        if (is_block(t))
            tb_put(&b, " ", 1);
    }
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    if (b.p && b.len >= cap) {
        size_t k = cap - 1; /* never cut a UTF-8 sequence */
        while (k > 0 && ((unsigned char)b.p[k] & 0xC0) == 0x80)
            k--;
        b.p[k] = '\0';
    }
    return collapse_ws(b.p);
}

/* ---- publication dates ---- */

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};

/* 1 when y-m-d is a real day between 1900 and 2199; writes it into out. */
static int put_date(int y, int m, int d, char out[11])
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > dm[m - 1] + (m == 2 && leap))
        return 0;
    const int v[3] = {y, m, d}, w[3] = {4, 2, 2};
    char *o = out;
    for (int k = 0; k < 3; k++) {
        for (int j = w[k] - 1, x = v[k]; j >= 0; j--, x /= 10)
            o[j] = (char)('0' + x % 10);
        o += w[k];
        if (k < 2)
            *o++ = '-';
    }
    *o = '\0';
    return 1;
}

/* Read n digits at s into *v; 1 on success. */
static int digits(const char *s, int n, int *v)
{
    *v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

/* The month (1-12) of an English month name or its abbreviation at s, its
 * length in *len; 0 when none. */
static int month_at(const char *s, size_t *len)
{
    size_t n = 0;
    while (isalpha((unsigned char)s[n]))
        n++;
    if (n < 3)
        return 0;
    for (int m = 0; m < 12; m++)
        if (strncasecmp(s, month_names[m], 3) == 0) {
            *len = n;
            return m + 1;
        }
    return 0;
}

/* "3 March 2024", "March 3, 2024", after an optional weekday ("Sun, ").
 * See html_date. */
static int text_date(const char *s, char out[11])
{
    while (isalpha((unsigned char)*s) || *s == ',' || *s == ' ' || *s == '.') {
        size_t ml;
        if (month_at(s, &ml))
            break;
        s++;
    }
    int d = 0, y = 0, m;
    size_t ml = 0;
    char *end;
    if (isdigit((unsigned char)*s)) { /* 3 March 2024 */
        d = (int)strtol(s, &end, 10);
        while (*end == ' ' || *end == '.' || *end == '-' || isalpha((unsigned char)*end) || *end == ',') {
            if ((m = month_at(end, &ml)) != 0)
                break;
            end++;
        }
        if (!(m = month_at(end, &ml)))
            return 0;
        end += ml;
        while (*end == ' ' || *end == '.' || *end == ',' || *end == '-')
            end++;
        y = (int)strtol(end, &end, 10);
    } else { /* March 3, 2024 */
        if (!(m = month_at(s, &ml)))
            return 0;
        s += ml;
        while (*s == ' ' || *s == '.')
            s++;
        d = (int)strtol(s, &end, 10);
        while (isalpha((unsigned char)*end))
            end++; /* 3rd */
        while (*end == ',' || *end == ' ')
            end++;
        y = (int)strtol(end, &end, 10);
    }
    return put_date(y, m, d, out);
}

/* See html.h. */
int html_date(const char *s, char out[11])
{
    if (!s)
        return 0;
    while (is_space(*s))
        s++;
    int y, m, d;
    if (digits(s, 4, &y)) {
        if ((s[4] == '-' || s[4] == '/' || s[4] == '.') && digits(s + 5, 2, &m) && s[7] == s[4] &&
            digits(s + 8, 2, &d) && !isdigit((unsigned char)s[10]))
            return put_date(y, m, d, out);
        if (digits(s + 4, 4, &m) && !isdigit((unsigned char)s[8]) && (s[8] == '\0' || s[8] == 'T' || s[8] == ' '))
            return put_date(y, m / 100, m % 100, out);
        return 0;
    }
    return text_date(s, out);
}

/* Keep the date s when it is valid and its source ranks above the one kept. */
static void offer_date(page *p, const char *s, int rank)
{
    char d[11];
    if (rank < p->pub_rank && html_date(s, d)) {
        memcpy(p->pub, d, sizeof d);
        p->pub_rank = rank;
    }
}

/* 1 when a JSON-LD @type (a string or a list) names an article or a post. */
static int ld_is_article(json_t *t)
{
    if (json_is_string(t)) {
        const char *s = json_string_value(t);
        return strstr(s, "Article") || strstr(s, "Posting") || strstr(s, "Report");
    }
    size_t i;
    json_t *v;
    json_array_foreach(t, i, v) if (ld_is_article(v)) return 1;
    return 0;
}

/* Look for datePublished in a JSON-LD value (objects, @graph and other lists,
 * nested objects), down to depth 8. */
static void ld_walk(page *p, json_t *v, int depth)
{
    if (depth > 8)
        return;
    size_t i;
    json_t *x;
    if (json_is_array(v)) {
        json_array_foreach(v, i, x) ld_walk(p, x, depth + 1);
        return;
    }
    if (!json_is_object(v))
        return;
    json_t *d = json_object_get(v, "datePublished");
    if (json_is_string(d))
        offer_date(p, json_string_value(d), ld_is_article(json_object_get(v, "@type")) ? PUB_LD_ARTICLE : PUB_LD_OTHER);
    const char *k;
    json_object_foreach(v, k, x) if (json_is_object(x) || json_is_array(x)) ld_walk(p, x, depth + 1);
}

/* A <meta> element: publication dates and og:title. */
static void read_meta_tag(page *p, const xmlNode *g)
{
    static const char *const names[] = {"pubdate", "publishdate", "publish-date", "publish_date", "date",
                                        "dc.date.issued", "dcterms.issued", "dc.date", "sailthru.date",
                                        "parsely-pub-date", "article.published", "datepublished", NULL};
    const char *content = attr(g, "content");
    if (!content)
        return;
    const char *keys[3] = {attr(g, "property"), attr(g, "name"), attr(g, "itemprop")};
    for (int k = 0; k < 3; k++) {
        const char *key = keys[k];
        if (!key)
            continue;
        if (strcasecmp(key, "article:published_time") == 0 || strcasecmp(key, "og:article:published_time") == 0)
            offer_date(p, content, PUB_ARTICLE_META);
        else if (strcasecmp(key, "og:title") == 0 && !p->og_title)
            p->og_title = collapse_ws(strdup(content));
        for (const char *const *x = names; *x; x++)
            if (strcasecmp(key, *x) == 0)
                offer_date(p, content, PUB_META);
    }
}

/* Read what element g (index i) says about the page: <meta>, the first
 * <title>, JSON-LD, <time> outside dropped boxes, itemprop=articleBody and
 * itemprop=datePublished. */
static void read_metadata(page *p, xmlNode *g, int i)
{
    htag t = p->n[i].tag;
    const char *ip = attr(g, "itemprop");
    if (t == TAG_META) {
        read_meta_tag(p, g);
    } else if (t == TAG_TITLE && !p->n[i].foreign && !p->title_tag && !p->title_seen) {
        p->title_tag = node_text(g, 1024); /* the first <title> wins, even when empty */
        p->title_seen = 1;
    } else if (t == TAG_SCRIPT) {
        const char *ty = attr(g, "type");
        if (ty && strcasecmp(ty, "application/ld+json") == 0) {
            xmlChar *js = xmlNodeGetContent(g);
            json_t *root = js ? json_loadb((const char *)js, strlen((const char *)js), 0, NULL) : NULL;
            xmlFree(js);
            if (root) {
                ld_walk(p, root, 0);
                json_decref(root);
            }
        }
    } else if (t == TAG_TIME && !p->n[i].drop && p->ntimes < MAX_TIMES) {
        p->times[p->ntimes++] = i;
    } else if (ip && strcasecmp(ip, "datePublished") == 0) {
        offer_date(p, attr(g, "content") ? attr(g, "content") : attr(g, "datetime"), PUB_META);
    }
    if (ip && strcasecmp(ip, "articleBody") == 0 && p->article_body < 0 && !p->n[i].drop)
        p->article_body = i;
}

/* ---- building the table ---- */

/* Append element g (parent index parent) to the table, with its drop mark,
 * weight and link flag, and read its metadata. Returns its index or -1 when
 * out of memory. */
static int add_element(page *p, xmlNode *g, int parent)
{
    if (p->len == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 1024;
        hnode *q = realloc(p->n, nc * sizeof *q);
        if (!q)
            return -1;
        p->n = q;
        p->cap = nc;
    }
    int i = (int)p->len++;
    hnode *h = &p->n[i];
    memset(h, 0, sizeof *h);
    h->g = g;
    h->parent = parent;
    h->end = i + 1;
    h->first_h1 = -1;
    hnode *up = parent >= 0 ? &p->n[parent] : NULL;
    htag t = tag_of(g);
    h->tag = (uint8_t)t;
    h->foreign = (up && up->foreign) || t == TAG_SVG || t == TAG_MATH;
    h->in_link = (up && up->in_link) || t == TAG_A;
    if (up && is_block(t) && t != TAG_BR)
        up->blocks = 1;
    int by_class = 0;
    h->weight = (int16_t)class_weight(g, &by_class);
    int keep = t == TAG_HTML || t == TAG_BODY || t == TAG_MAIN;
    h->drop = (up && up->drop) || is_furniture(t) || is_hidden(g) ||
              is_furniture_role(g) || is_amp_furniture(g) || (by_class && !keep);
    read_metadata(p, g, i);
    return i;
}

/* Count a text node's visible characters and commas into its element. */
static void add_text(page *p, int parent, const xmlNode *g)
{
    if (parent < 0 || p->n[parent].drop)
        return;
    hnode *h = &p->n[parent];
    uint32_t c = 0, commas = 0;
    for (const unsigned char *s = g->content; s && *s; s++) {
        if ((*s & 0xC0) != 0x80 && !is_space((char)*s))
            c++;
        commas += *s == ',';
    }
    h->text += c;
    h->commas += commas;
    if (h->in_link)
        h->link += c;
}

/* Number the elements of the document in pre-order (without recursion: the
 * tree has parent links). Returns 0, or -1 when out of memory. */
static int build(page *p, xmlDoc *doc)
{
    xmlNode *g = doc->children;
    int parent = -1;
    while (g) {
        if (is_elem(g)) {
            int i = add_element(p, g, parent);
            if (i < 0)
                return -1;
            if (g->children) {
                parent = i;
                g = g->children;
                continue;
            }
        } else if (is_textual(g)) {
            add_text(p, parent, g);
        }
        /* the next sibling, or the next sibling of the nearest ancestor that has one */
        while (!g->next) {
            g = g->parent;
            if (!g || g == (xmlNode *)doc)
                return 0;
            parent = p->n[parent].parent;
        }
        g = g->next;
    }
    return 0;
}

/* ---- scoring ---- */

/* 1 for elements whose own text is a paragraph: <p>, <pre>, <td>, and <div>,
 * <section> or <article> without block children. */
static int is_paragraph(const hnode *h)
{
    htag t = h->tag;
    if (t == TAG_P || t == TAG_PRE || t == TAG_TD)
        return 1;
    return (t == TAG_DIV || t == TAG_SECTION || t == TAG_ARTICLE) && !h->blocks;
}

/* The score an element starts with when it first becomes a candidate: by its
 * tag (readability's values, with <article> and <main> preferred) and its
 * class and id. */
static float initial_score(const hnode *h)
{
    float s = h->weight;
    switch (h->tag) {
    case TAG_ARTICLE: s += 10; break;
    case TAG_DIV: case TAG_MAIN: s += 5; break;
    case TAG_PRE: case TAG_TD: case TAG_BLOCKQUOTE: s += 3; break;
    case TAG_ADDRESS: case TAG_OL: case TAG_UL: case TAG_DL: case TAG_DD:
    case TAG_DT: case TAG_LI: s -= 3; break;
    case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5:
    case TAG_H6: case TAG_TH: s -= 5; break;
    default: break;
    }
    const char *role = attr(h->g, "role");
    if (role && strcasecmp(role, "main") == 0)
        s += 5;
    return s;
}

/* Give paragraph h's score to its parent, grandparent (half) and great-
 * grandparent (a sixth). */
static void score_paragraph(page *p, hnode *h)
{
    float s = 1.0f + (float)h->commas + (h->text / 100 < 3 ? (float)(h->text / 100) : 3.0f);
    static const float div[] = {1.0f, 2.0f, 6.0f};
    int a = h->parent;
    for (int level = 0; level < 3 && a >= 0; level++, a = p->n[a].parent) {
        hnode *up = &p->n[a];
        if (up->drop)
            break;
        if (!up->candidate) {
            up->candidate = 1;
            up->score = initial_score(up);
        }
        up->score += s / div[level];
    }
}

/* Headings that open boxes of other stories or page furniture. */
static int is_box_heading(xmlNode *g)
{
    static const char *const starts[] = {"related", "more from", "more on ", "more stories", "more news",
                                         "most read", "most popular", "most viewed", "most shared", "read more",
                                         "read also", "also read", "see also", "you may also", "you might also",
                                         "recommended", "popular", "trending", "latest news", "latest stories",
                                         "top stories", "editor's picks", "editors' picks", "further reading",
                                         "comments", "leave a reply", "leave a comment", "share this",
                                         "sign up", "subscribe", "newsletter", "advertisement", NULL};
    char *t = node_text(g, 64);
    if (!t)
        return 0;
    int hit = 0;
    for (const char *const *s = starts; *s && !hit; s++)
        hit = strncasecmp(t, *s, strlen(*s)) == 0;
    free(t);
    return hit;
}

/* Mark a box heading (h2-h6 of at most 60 characters) and, when it is the
 * first element of its parent, the box it opens. */
static void mark_box(page *p, int i)
{
    hnode *h = &p->n[i];
    if (!is_heading(h->tag) || h->text > 60 || !is_box_heading(h->g))
        return;
    h->box = 1;
    if (h->parent < 0)
        return;
    for (xmlNode *x = p->n[h->parent].g->children; x; x = x->next) {
        if (is_elem(x)) {
            if (x == h->g)
                p->n[h->parent].box = 1;
            break;
        }
        if (is_textual(x) && x->content && !is_blank((const char *)x->content))
            break;
    }
}

/* The reverse pass: sum subtree counts, score paragraphs, find headlines and
 * box headings. A headline <h1> is not a link (site logos are). */
static void score(page *p)
{
    for (size_t k = p->len; k > 0; k--) {
        int i = (int)k - 1;
        hnode *h = &p->n[i];
        if (h->parent >= 0 && h->end > p->n[h->parent].end)
            p->n[h->parent].end = h->end; /* dropped subtrees too: the writer skips by it */
        if (h->drop)
            continue;
        htag t = h->tag;
        if (t == TAG_H1 && h->text > 0 && h->link * 2 < h->text)
            h->first_h1 = i;
        if (is_paragraph(h) && h->text >= 25) {
            h->paras++;
            score_paragraph(p, h);
        }
        mark_box(p, i);
        if (h->parent < 0)
            continue;
        hnode *up = &p->n[h->parent];
        up->text += h->text;
        up->link += h->link;
        up->commas += h->commas;
        up->paras += h->paras;
        if (h->first_h1 >= 0)
            up->first_h1 = h->first_h1;
    }
}

static float link_density(const hnode *h) { return h->text ? (float)h->link / (float)h->text : 0.0f; }
static float final_score(const hnode *h) { return h->score * (1.0f - link_density(h)); }

/* When two or more other candidates score within three quarters of the best
 * (the items of a live blog, a story split into blocks), the lowest ancestor
 * of the best holding two of them, below <body>. */
static int promote(page *p, int top)
{
    int alt[5], nalt = 0;
    float best = final_score(&p->n[top]);
    for (size_t i = 0; i < p->len; i++) {
        const hnode *h = &p->n[i];
        if (!h->candidate || h->drop || (int)i == top || final_score(h) < 0.75f * best)
            continue;
        if (nalt < 5)
            alt[nalt++] = (int)i;
    }
    if (nalt < 2)
        return top;
    for (int k = 0; k < nalt; k++)
        for (int a = alt[k]; a >= 0; a = p->n[a].parent)
            if (p->n[a].alts < 255)
                p->n[a].alts++;
    int found = top;
    for (int a = p->n[top].parent; a >= 0; a = p->n[a].parent) {
        htag t = p->n[a].tag;
        if (t == TAG_BODY || t == TAG_HTML)
            break;
        if (p->n[a].alts >= 2) {
            found = a;
            break;
        }
    }
    for (int k = 0; k < nalt; k++)
        for (int a = alt[k]; a >= 0; a = p->n[a].parent)
            p->n[a].alts = 0;
    return found;
}

/* The article body: the first [itemprop=articleBody] holding 140 characters,
 * else the best-scoring candidate (promoted), or -1 when none scored. */
static int choose_body(page *p)
{
    if (p->article_body >= 0 && p->n[p->article_body].text >= 140)
        return p->article_body;
    int top = -1;
    for (size_t i = 0; i < p->len; i++) {
        const hnode *h = &p->n[i];
        if (h->candidate && !h->drop && (top < 0 || final_score(h) > final_score(&p->n[top])))
            top = (int)i;
    }
    return top < 0 ? -1 : promote(p, top);
}

/* 1 when sibling s of the body belongs with it: it scores a fifth of the
 * body (10 at least), or it holds paragraphs of 80 characters or more with few
 * links, or it is an unlinked <p> of 25 characters or more. */
static int sibling_belongs(const hnode *s, const hnode *top)
{
    if (s->drop || s->weight < 0 || s->box)
        return 0;
    float threshold = final_score(top) * 0.2f;
    if (threshold < 10)
        threshold = 10;
    if (s->candidate && final_score(s) >= threshold)
        return 1;
    if (s->text >= 80 && link_density(s) < 0.25f && s->paras > 0)
        return 1;
    return s->tag == TAG_P && s->text >= 25 && s->link == 0;
}

/* ---- writing ---- */

/* 1 when element i is left out of the written body: dropped, the headline,
 * a box, or (below the body's root) a list of links. */
static int skip_in_body(const page *p, int i, int root, int headline)
{
    const hnode *h = &p->n[i];
    if (h->drop || i == headline)
        return 1;
    if (i == root)
        return 0;
    if (h->box || h->weight < 0)
        return 1;
    htag t = h->tag;
    int container = t == TAG_DIV || t == TAG_SECTION || t == TAG_UL || t == TAG_OL ||
                    t == TAG_TABLE || t == TAG_DL || t == TAG_P || t == TAG_HEADER ||
                    t == TAG_ARTICLE;
    return container && h->text > 0 && link_density(h) > 0.5f;
}

/* Write the text of element r's subtree. full: the old whole-page rules
 * (only invisible elements left out); else skip_in_body's. */
static void write_subtree(const page *p, int r, int full, int headline, tbuf *b)
{
    xmlNode *root = p->n[r].g, *g = root;
    int idx = r;
    for (;;) {
        int descend = 0;
        if (is_elem(g)) {
            int i = idx;
            htag t = p->n[i].tag;
            int skip = full ? (is_invisible(t) || i == headline)
                            : skip_in_body(p, i, r, headline);
            idx = skip ? p->n[i].end : i + 1;
            if (!skip) {
                if (is_block(t))
                    tb_newline(b);
                descend = g->children != NULL;
            }
        } else if (is_textual(g) && g->content) {
            tb_text(b, (const char *)g->content);
        }
        if (descend) {
            g = g->children;
            continue;
        }
        for (;;) {
            if (g == root)
                return;
            if (g->next) {
                g = g->next;
                break;
            }
            g = g->parent;
            if (is_block(tag_of(g)))
                tb_newline(b);
        }
    }
}

/* Trim spaces at line starts and ends and blank lines at the end, in place;
 * returns the new length. */
static size_t trim_lines(char *p, size_t len)
{
    size_t o = 0;
    int at_line_start = 1;
    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (c == ' ' && (at_line_start || (i + 1 < len && p[i + 1] == '\n') || i + 1 == len))
            continue;
        p[o++] = c;
        at_line_start = c == '\n';
    }
    while (o > 0 && p[o - 1] == '\n')
        o--;
    p[o] = '\0';
    return o;
}

/* ---- headline and date ---- */

/* A <title> without its site name: the part before the last " | ", " - ",
 * " – ", " — " or " :: " when that part has three words or more and what
 * follows has four or fewer. */
static void strip_site_name(char *t)
{
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ", NULL};
    char *cut = NULL;
    for (const char *const *s = seps; *s; s++)
        for (char *q = strstr(t, *s); q; q = strstr(q + 1, *s))
            if (!cut || q > cut)
                cut = q;
    if (!cut)
        return;
    int before = 1, after = 1;
    for (char *q = t; q < cut; q++)
        before += *q == ' ';
    for (char *q = cut + 3; *q; q++)
        after += *q == ' ';
    if (before >= 3 && after <= 4)
        *cut = '\0';
}

/* The publication date of a <time> element: its datetime, else its text. */
static void offer_time(page *p, int i)
{
    xmlNode *g = p->n[i].g;
    const char *dt = attr(g, "datetime");
    if (dt) {
        offer_date(p, dt, PUB_TIME);
        return;
    }
    char *t = node_text(g, 64);
    if (t)
        offer_date(p, t, PUB_TIME);
    free(t);
}

/* 1 when element a is i or an ancestor of i. */
static int contains(const page *p, int a, int i)
{
    return i >= a && i < p->n[a].end;
}

/* The date of the <time> elements in region (the body's headline block): one
 * marked pubdate or itemprop=datePublished first, else the first. */
static void date_from_times(page *p, int region)
{
    if (region < 0)
        return;
    for (int k = 0; k < p->ntimes; k++) {
        int i = p->times[k];
        const char *ip = attr(p->n[i].g, "itemprop");
        if (contains(p, region, i) && (attr(p->n[i].g, "pubdate") || (ip && strcasecmp(ip, "datePublished") == 0))) {
            offer_time(p, i);
            return;
        }
    }
    for (int k = 0; k < p->ntimes; k++)
        if (contains(p, region, p->times[k])) {
            offer_time(p, p->times[k]);
            return;
        }
}

/* The headline <h1> nearest the body: the first one under the lowest ancestor
 * of the body (itself included) that has one; -1 when none. */
static int headline_of(const page *p, int body)
{
    for (int a = body; a >= 0; a = p->n[a].parent)
        if (p->n[a].first_h1 >= 0)
            return p->n[a].first_h1;
    return -1;
}

/* Fill meta: the headline (<h1>, og:title, <title> less its site name) and
 * the publication date. Returns the <h1> used as the headline or -1. */
static int fill_meta(page *p, int body, html_meta *meta)
{
    int h1 = body >= 0 ? headline_of(p, body) : (p->len ? p->n[0].first_h1 : -1);
    char *t = h1 >= 0 ? node_text(p->n[h1].g, 1024) : NULL;
    if (!t) {
        h1 = -1;
        if (p->og_title) {
            t = p->og_title;
            p->og_title = NULL;
        } else if (p->title_tag) {
            t = p->title_tag;
            p->title_tag = NULL;
            strip_site_name(t);
        }
    }
    meta->title = t;
    /* the <time>s that count: those of the body's block with its headline, or
     * of the body's parent when there is no headline */
    int region = body;
    if (body >= 0 && h1 >= 0)
        while (region >= 0 && !contains(p, region, h1))
            region = p->n[region].parent;
    else if (body >= 0 && p->n[body].parent >= 0)
        region = p->n[body].parent;
    date_from_times(p, region);
    static const char *const from[] = {"html-meta", "json-ld", "html-meta", "json-ld", "time-element"};
    if (p->pub_rank < PUB_NONE) {
        meta->published = strdup(p->pub);
        meta->published_from = meta->published ? from[p->pub_rank] : NULL;
    }
    return h1;
}

/* ---- pages too deep for the parser ---- */

/* See html.h. */
size_t html_depth(const char *s, size_t n, size_t limit)
{
    static const char *const voids[] = {"br", "img", "hr", "meta", "link", "input", "wbr", "source",
                                        "area", "col", "embed", "param", "track", "base", "!", NULL};
    size_t depth = 0, max = 0;
    for (size_t i = 0; i + 1 < n && max < limit; i++) {
        if (s[i] != '<')
            continue;
        if (s[i + 1] == '/') {
            if (depth)
                depth--;
            continue;
        }
        if (!((s[i + 1] >= 'a' && s[i + 1] <= 'z') || (s[i + 1] >= 'A' && s[i + 1] <= 'Z')))
            continue;
        size_t j = i + 1;
        while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')))
            j++;
        int is_void = 0;
        for (const char *const *v = voids; *v; v++)
            if (strlen(*v) == j - i - 1 && strncasecmp(s + i + 1, *v, j - i - 1) == 0)
                is_void = 1;
        size_t k = j;
        while (k < n && s[k] != '>')
            k++;
        if (k > 0 && k < n && s[k - 1] == '/')
            is_void = 1;
        if (!is_void && ++depth > max)
            max = depth;
        i = k < n ? k : n;
    }
    return max;
}

/* Decode one character entity at s (after '&'); writes UTF-8 to out (>= 4
 * bytes) and returns the bytes consumed including ';', or 0 if none. */
static size_t decode_entity(const char *s, size_t n, char *out, size_t *outn)
{
    static const struct { const char *name; const char *utf8; } named[] = {
        {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"apos;", "'"}, {"nbsp;", " "},
        {"mdash;", "\xE2\x80\x94"}, {"ndash;", "\xE2\x80\x93"}, {"rsquo;", "\xE2\x80\x99"},
        {"lsquo;", "\xE2\x80\x98"}, {"ldquo;", "\xE2\x80\x9C"}, {"rdquo;", "\xE2\x80\x9D"}};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t l = strlen(named[k].name);
        if (n >= l && memcmp(s, named[k].name, l) == 0) {
            *outn = strlen(named[k].utf8);
            memcpy(out, named[k].utf8, *outn);
            return l;
        }
    }
    if (n >= 3 && s[0] == '#') {
        size_t i = 1;
        unsigned long cp = 0;
        int hex = i < n && (s[i] == 'x' || s[i] == 'X');
        if (hex)
            i++;
        size_t digits = 0;
        while (i < n && digits < 8) {
            char c = s[i];
            int v = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (v < 0)
                break;
            cp = cp * (hex ? 16 : 10) + (unsigned long)v;
            i++;
            digits++;
        }
        if (!digits || i >= n || s[i] != ';' || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        unsigned char *o = (unsigned char *)out;
        if (cp < 0x80) {
            o[0] = (unsigned char)cp;
            *outn = 1;
        } else if (cp < 0x800) {
            o[0] = (unsigned char)(0xC0 | (cp >> 6));
            o[1] = (unsigned char)(0x80 | (cp & 0x3F));
            *outn = 2;
        } else if (cp < 0x10000) {
            o[0] = (unsigned char)(0xE0 | (cp >> 12));
            o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            o[2] = (unsigned char)(0x80 | (cp & 0x3F));
            *outn = 3;
        } else {
            o[0] = (unsigned char)(0xF0 | (cp >> 18));
            o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            o[3] = (unsigned char)(0x80 | (cp & 0x3F));
            *outn = 4;
        }
        return i + 1;
    }
    return 0;
}

/* Reduce HTML to text without building a tree, for documents nested too
 * deeply for the parser: drops comments, scripts and styles, turns block tags
 * into line breaks, decodes entities, keeps the <title>. */
char *html_strip(const char *s, size_t n, size_t *outlen, char **title)
{
    static const char *const blocks[] = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr",
                                         "article", "section", "header", "footer", "blockquote", "pre",
                                         "table", "ul", "ol", "figcaption", "hr", "title", NULL};
    *title = NULL;
    tbuf b = {0};
    size_t i = 0, title_start = 0;
    int in_title = 0;
    while (i < n) {
        if (s[i] == '<') {
            if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
                const char *e = NULL;
                for (size_t k = i + 4; k + 2 < n; k++)
                    if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>') {
                        e = s + k + 3;
                        break;
                    }
                i = e ? (size_t)(e - s) : n;
                continue;
            }
            size_t j = i + 1, closing = 0;
            if (j < n && s[j] == '/') {
                closing = 1;
                j++;
            }
            size_t ns = j;
            while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')))
                j++;
            size_t nl = j - ns;
            size_t k = j;
            while (k < n && s[k] != '>')
                k++;
            size_t end = k < n ? k + 1 : n;
            if (!closing && nl && (strncasecmp(s + ns, "script", nl) == 0 || strncasecmp(s + ns, "style", nl) == 0) &&
                (nl == 6 || nl == 5)) {
                /* skip to the matching end tag */
                const char *tag = nl == 6 ? "</script" : "</style";
                size_t tl = strlen(tag), q = end;
                while (q + tl <= n && strncasecmp(s + q, tag, tl) != 0)
                    q++;
                while (q < n && s[q] != '>')
                    q++;
                i = q < n ? q + 1 : n;
                continue;
            }
            if (nl == 5 && strncasecmp(s + ns, "title", 5) == 0) {
                if (!closing) {
                    in_title = 1;
                    title_start = b.len;
                } else if (in_title) {
                    in_title = 0;
                    if (!*title)
                        *title = strndup(b.p ? b.p + title_start : "", b.len - title_start);
                    b.len = title_start;
                    if (b.p)
                        b.p[b.len] = '\0';
                }
            }
            for (const char *const *bl = blocks; *bl && nl; bl++)
                if (strlen(*bl) == nl && strncasecmp(s + ns, *bl, nl) == 0) {
                    tb_newline(&b);
                    break;
                }
            i = end;
            continue;
        }
        if (s[i] == '&') {
            char u[4];
            size_t un = 0, used = decode_entity(s + i + 1, n - i - 1, u, &un);
            if (used) {
                tb_put(&b, u, un);
                i += used + 1;
                continue;
            }
        }
        size_t j = i;
        while (j < n && s[j] != '<' && s[j] != '&')
            j++;
        if (j == i)
            j++;
        tb_put(&b, s + i, j - i);
        i = j;
    }
    if (b.failed) {
        free(b.p);
        free(*title);
        *title = NULL;
        return NULL;
    }
    if (!b.p)
        b.p = strdup("");
    *outlen = b.p ? b.len : 0;
    return b.p;
}

/* ---- the entry points ---- */

/* See html.h. */
void html_meta_free(html_meta *m)
{
    free(m->title);
    free(m->published);
    memset(m, 0, sizeof *m);
}

/* Write the chosen body (and its siblings that belong with it) into b, or the
 * whole page when body < 0. */
static void write_body(const page *p, int body, int headline, tbuf *b)
{
    if (body < 0) {
        if (p->len)
            write_subtree(p, 0, 1, headline, b);
        return;
    }
    int parent = p->n[body].parent;
    if (parent < 0 || p->n[body].tag == TAG_BODY) {
        write_subtree(p, body, 0, headline, b);
        return;
    }
    for (int i = parent + 1; i < p->n[parent].end; i = p->n[i].end)
        if (i == body || sibling_belongs(&p->n[i], &p->n[body])) {
            tb_newline(b);
            write_subtree(p, i, 0, headline, b);
            tb_newline(b);
        }
}

/* libxml2's HTML parser, recovering from every error, silent, never on the
 * network. Without HTML_PARSE_HUGE it stops at 256 levels of nesting (and
 * says so in its context's state), which bounds its search of the open
 * elements at each end tag: its time stays linear in the page's size. */
#define PARSE_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET)

/* Parse html[0..n) (UTF-8, whatever its <meta charset> says). Returns the
 * tree, or NULL when the parser stopped before the end (nested past its limit,
 * or out of memory) or gave no tree. */
static xmlDoc *parse_page(const char *html, size_t n)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, xmlInitParser); /* libxml2 must be set up before threads parse at once */
    if (n > INT_MAX)
        return NULL;
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    xmlDoc *doc = htmlCtxtReadMemory(ctxt, html, (int)n, NULL, "UTF-8", PARSE_OPTIONS);
    int stopped = ctxt->instate == XML_PARSER_EOF; /* xmlHaltParser's mark */
    htmlFreeParserCtxt(ctxt);
    if (doc && stopped) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    return doc;
}

/* What the parser would make of s[0..n), read as an HTML tokenizer reads tags
 * (comments skipped): the most attributes of one start tag, and the nodes of
 * start tags, attributes and comments. Linear. */
typedef struct tag_counts {
    size_t max_attributes, nodes;
} tag_counts;

/* Skip the attributes of a start tag from s[i] (after its name) to its '>'
 * or the end; counts them into *count. Returns the index reached. */
static size_t skip_attributes(const char *s, size_t n, size_t i, size_t *count)
{
    for (;;) {
        while (i < n && (is_space(s[i]) || s[i] == '/'))
            i++;
        if (i >= n || s[i] == '>')
            return i;
        ++*count;
        i++; /* a name's first character may be '=' */
        while (i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
            i++;
        while (i < n && is_space(s[i]))
            i++;
        if (i >= n || s[i] != '=')
            continue;
        i++;
        while (i < n && is_space(s[i]))
            i++;
        if (i < n && (s[i] == '"' || s[i] == '\'')) {
            const char *q = memchr(s + i + 1, s[i], n - i - 1);
            i = q ? (size_t)(q - s) + 1 : n;
        } else {
            while (i < n && !is_space(s[i]) && s[i] != '>')
                i++;
        }
    }
}

/* Count the tags of s[0..n) into *c (see tag_counts). */
static void count_tags(const char *s, size_t n, tag_counts *c)
{
    memset(c, 0, sizeof *c);
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            return;
        i = (size_t)(lt - s) + 1;
        if (n - i >= 3 && memcmp(s + i, "!--", 3) == 0) {
            size_t k = i + 3;
            while (k + 2 < n && !(s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>'))
                k++;
            i = k + 3;
            c->nodes++;
            continue;
        }
        if (i >= n || !isalpha((unsigned char)s[i]))
            continue;
        while (i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>')
            i++;
        size_t count = 0;
        i = skip_attributes(s, n, i, &count);
        c->nodes += 1 + count;
        if (count > c->max_attributes)
            c->max_attributes = count;
    }
}

/* 1 when the parser can take s[0..n) in linear time and in memory a small
 * multiple of n: no start tag has more than HTML_MAX_ATTRIBUTES attributes
 * (the parser checks each against the tag's earlier ones), and a page over
 * HTML_DENSE_MIN bytes has at least HTML_DENSE_BYTES bytes per tag, attribute
 * or comment (each is a node of 100 to 200 bytes in the tree). */
static int parseable(const char *s, size_t n)
{
    tag_counts c;
    count_tags(s, n, &c);
    return c.max_attributes <= HTML_MAX_ATTRIBUTES && (n <= HTML_DENSE_MIN || c.nodes <= n / HTML_DENSE_BYTES);
}

/* Make b's text valid UTF-8: every byte that starts no valid sequence becomes
 * U+FFFD. Linear; copies only when a byte is bad. */
static void ensure_utf8(tbuf *b)
{
    size_t i = 0;
    while (i < b->len) {
        size_t k = utf8_valid_seq((const unsigned char *)b->p + i, b->len - i);
        if (!k)
            break;
        i += k;
    }
    if (i >= b->len)
        return;
    tbuf o = {0};
    tb_put(&o, b->p, i);
    while (i < b->len) {
        size_t k = utf8_valid_seq((const unsigned char *)b->p + i, b->len - i);
        tb_put(&o, k ? b->p + i : "\xEF\xBF\xBD", k ? k : 3);
        i += k ? k : 1;
    }
    free(b->p);
    *b = o;
}

/* The article body of the parsed page doc into b, and meta. */
static void extract_tree(xmlDoc *doc, tbuf *b, html_meta *meta)
{
    page p = {0};
    p.article_body = -1;
    p.pub_rank = PUB_NONE;
    if (build(&p, doc) == 0) {
        score(&p);
        int body = choose_body(&p);
        int headline = fill_meta(&p, body, meta);
        write_body(&p, body, headline, b);
        b->len = b->p ? trim_lines(b->p, b->len) : 0;
        if (body >= 0 && b->len == 0) { /* nothing survived: the whole page */
            write_body(&p, -1, headline, b);
            b->len = b->p ? trim_lines(b->p, b->len) : 0;
            body = -1;
        }
        meta->body_only = body >= 0;
        meta->page_chars = p.len ? p.n[0].text : 0;
    } else {
        b->failed = 1;
    }
    free(p.n);
    free(p.title_tag);
    free(p.og_title);
}

/* See html.h. */
char *html_extract(const char *html, size_t n, size_t *outlen, html_meta *meta)
{
    memset(meta, 0, sizeof *meta);
    tbuf b = {0};
    xmlDoc *doc = parseable(html, n) ? parse_page(html, n) : NULL;
    if (doc) {
        extract_tree(doc, &b, meta);
        xmlFreeDoc(doc);
    } else { /* too deep, too dense or too many attributes for the parser */
        meta->stripped = 1;
        b.p = html_strip(html, n, &b.len, &meta->title);
        b.failed = !b.p;
        b.len = b.p ? trim_lines(b.p, b.len) : 0;
    }
    if (!b.failed)
        ensure_utf8(&b);
    if (!b.failed && !b.p)
        b.p = strdup("");
    if (b.failed || !b.p) {
        free(b.p);
        html_meta_free(meta);
        return NULL;
    }
    *outlen = b.len;
    return b.p;
}

/* See html.h. */
char *html_to_text(const char *html, size_t n, size_t *outlen, char **title)
{
    html_meta m;
    char *t = html_extract(html, n, outlen, &m);
    *title = m.title;
    m.title = NULL;
    html_meta_free(&m);
    return t;
}
