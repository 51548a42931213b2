/*
 * input.c - reading documents (see input.h). jansson parses JSON Lines, gumbo
 * parses HTML; UTF-8 repair and the bounded line reader are written here.
 */
#include "input.h"

#include "fold.h"

#include <errno.h>
#include <gumbo.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Free every field of d and zero it (d itself is the caller's). Safe on a
 * zeroed or partly filled d. */
void input_doc_free(input_doc *d)
{
    free(d->id);
    free(d->title);
    free(d->published);
    free(d->url);
    free(d->text);
    for (size_t i = 0; i < d->nwarnings; i++)
        free(d->warnings[i]);
    memset(d, 0, sizeof *d);
}

/* See input.h. A warning longer than 511 bytes is cut; one that cannot be
 * copied is dropped. */
void input_warn(input_doc *d, const char *fmt, ...)
{
    if (d->nwarnings >= INPUT_MAX_WARNINGS)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *w = strdup(buf);
    if (w)
        d->warnings[d->nwarnings++] = w;
}

/* See input.h. */
char *utf8_repair(const char *src, size_t n, size_t *outlen, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)src;
    *bad = 0;
    /* worst case: every byte becomes 3 */
    size_t cap = n + 1;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80) {
            out[o++] = (char)c;
            i++;
            continue;
        }
        if (c < 0x20) {
            int keep = c == '\t' || c == '\n' || c == '\r' || c == '\f';
            out[o++] = keep ? (char)c : ' ';
            if (!keep)
                (*bad)++;
            i++;
            continue;
        }
        size_t k = utf8_valid_seq(s + i, n - i);
        if (k) {
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
            continue;
        }
        /* U+FFFD is 3 bytes for 1: grow when needed */
        if (o + 3 + (n - i) + 1 > cap) {
            size_t nc = cap * 2 + 16;
            char *q = realloc(out, nc);
            if (!q) {
                free(out);
                return NULL;
            }
            out = q;
            cap = nc;
        }
        memcpy(out + o, "\xEF\xBF\xBD", 3);
        o += 3;
        i++;
        (*bad)++;
    }
    out[o] = '\0';
    *outlen = o;
    return out;
}

/* See input.h. After a byte-order mark and blanks the text must start with
 * '<', and a common tag (doctype, html, head, body, p, div...) must follow
 * within 1 KiB. */
int input_looks_html(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i >= n || s[i] != '<')
        return 0;
    size_t lim = n < i + 1024 ? n : i + 1024;
    static const char *const tags[] = {"<!doctype html", "<html", "<head", "<body", "<p>", "<p ",
                                       "<div", "<article", "<h1", "<meta", "<title", NULL};
    for (size_t k = i; k < lim; k++) {
        if (s[k] != '<')
            continue;
        for (const char *const *t = tags; *t; t++) {
            size_t tl = strlen(*t);
            if (k + tl <= lim && strncasecmp(s + k, *t, tl) == 0)
                return 1;
        }
    }
    return 0;
}

/* ---- HTML to text ---- */

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

/* 1 for the HTML elements whose text stands on lines of its own. */
static int is_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_BR: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI:
    case GUMBO_TAG_TR: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SECTION: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_HR: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV:
        return 1;
    default:
        return 0;
    }
}

/* Walk iteratively (deeply nested junk must not overflow the stack). */
static void walk(GumboNode *root, tbuf *b, char **title)
{
    size_t cap = 256, n = 0;
    struct item { GumboNode *node; unsigned next; int closing; } *stack = malloc(cap * sizeof *stack);
    if (!stack) {
        b->failed = 1;
        return;
    }
    stack[n++] = (struct item){root, 0, 0};
    while (n > 0) {
        struct item *it = &stack[n - 1];
        GumboNode *node = it->node;
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
            node->type == GUMBO_NODE_CDATA) {
            const char *t = node->v.text.text;
            /* collapse whitespace runs to one space */
            size_t tl = strlen(t);
            size_t i = 0;
            while (i < tl) {
                if (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t') {
                    while (i < tl && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t'))
                        i++;
                    if (b->len > 0 && b->p[b->len - 1] != ' ' && b->p[b->len - 1] != '\n')
                        tb_put(b, " ", 1);
                    continue;
                }
                size_t j = i;
                while (j < tl && !(t[j] == ' ' || t[j] == '\n' || t[j] == '\r' || t[j] == '\t'))
                    j++;
                tb_put(b, t + i, j - i);
                i = j;
            }
            n--;
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) {
            n--;
            continue;
        }
        GumboVector *children = node->type == GUMBO_NODE_ELEMENT ? &node->v.element.children
                                                                 : &node->v.document.children;
        if (node->type == GUMBO_NODE_ELEMENT && it->next == 0) {
            GumboTag tag = node->v.element.tag;
            if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
                tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_IFRAME || tag == GUMBO_TAG_SVG ||
                tag == GUMBO_TAG_HEAD) {
                if (tag == GUMBO_TAG_HEAD && title && !*title) {
                    /* keep the <title> text */
                    GumboVector *hc = &node->v.element.children;
                    for (unsigned k = 0; k < hc->length; k++) {
                        GumboNode *c = hc->data[k];
                        if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_TITLE &&
                            c->v.element.children.length > 0) {
                            GumboNode *tx = c->v.element.children.data[0];
                            if (tx->type == GUMBO_NODE_TEXT)
                                *title = strdup(tx->v.text.text);
                        }
                    }
                }
                n--;
                continue;
            }
            if (is_block(tag))
                tb_newline(b);
        }
        if (it->next < children->length) {
            GumboNode *child = children->data[it->next++];
            if (n == cap) {
                cap *= 2;
                struct item *q = realloc(stack, cap * sizeof *stack);
                if (!q) {
                    b->failed = 1;
                    break;
                }
                stack = q;
            }
            stack[n++] = (struct item){child, 0, 0};
            continue;
        }
        if (node->type == GUMBO_NODE_ELEMENT && is_block(node->v.element.tag))
            tb_newline(b);
        n--;
    }
    free(stack);
}

/* See input.h. Also NULL when out of memory. */
char *html_to_text(const char *html, size_t n, size_t *outlen, char **title)
{
    *title = NULL;
    GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, html, n);
    if (!g)
        return NULL;
    tbuf b = {0};
    walk(g->document, &b, title);
    gumbo_destroy_output(&kGumboDefaultOptions, g);
    if (b.failed) {
        free(b.p);
        free(*title);
        *title = NULL;
        return NULL;
    }
    if (!b.p) {
        b.p = strdup("");
        if (!b.p)
            return NULL;
    }
    /* trim spaces at line starts and ends */
    size_t o = 0;
    int at_line_start = 1;
    for (size_t i = 0; i < b.len; i++) {
        char c = b.p[i];
        if (c == ' ' && (at_line_start || (i + 1 < b.len && b.p[i + 1] == '\n') || i + 1 == b.len))
            continue;
        b.p[o++] = c;
        at_line_start = c == '\n';
    }
    while (o > 0 && b.p[o - 1] == '\n')
        o--;
    b.p[o] = '\0';
    *outlen = o;
    if (*title) {
        /* collapse the title's whitespace */
        char *t = *title;
        size_t k = 0;
        for (size_t i = 0; t[i]; i++) {
            char c = (t[i] == '\n' || t[i] == '\r' || t[i] == '\t') ? ' ' : t[i];
            if (c == ' ' && (k == 0 || t[k - 1] == ' '))
                continue;
            t[k++] = c;
        }
        while (k > 0 && t[k - 1] == ' ')
            k--;
        t[k] = '\0';
        if (k == 0) {
            free(*title);
            *title = NULL;
        }
    }
    return b.p;
}

/* The deepest element nesting of an HTML text, estimated from its tags
 * (void elements and self-closing tags do not nest). Stops counting at limit. */
static size_t html_depth(const char *s, size_t n, size_t limit)
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
static char *html_strip(const char *s, size_t n, size_t *outlen, char **title)
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

/* Fill d->text from raw bytes: binary check, UTF-8 repair, HTML conversion. */
static int set_text(input_doc *d, const char *name, const char *raw, size_t n, char *err, size_t errlen)
{
    /* binary: a known file signature, or many control bytes or invalid UTF-8
     * sequences in the first 64 KiB (text in a legacy 8-bit encoding has a few
     * per cent; compressed or random data a third or more) */
    static const struct { const char *magic; size_t n; const char *what; } sigs[] = {
        {"\x1f\x8b", 2, "gzip"}, {"PK\x03\x04", 4, "zip"}, {"\x7f" "ELF", 4, "ELF executable"},
        {"\x89PNG", 4, "PNG image"}, {"\xff\xd8\xff", 3, "JPEG image"}, {"%PDF-", 5, "PDF"},
        {"BZh", 3, "bzip2"}, {"\xfd" "7zXZ", 5, "xz"}, {"7z\xbc\xaf", 4, "7-zip"},
        {"\x28\xb5\x2f\xfd", 4, "zstd"}, {"GIF8", 4, "GIF image"}, {"SQLite format 3", 15, "SQLite database"}};
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
        if (n >= sigs[k].n && memcmp(raw, sigs[k].magic, sigs[k].n) == 0) {
            snprintf(err, errlen, "%s: binary data (%s signature at byte 0), not text", name, sigs[k].what);
            return -1;
        }
    size_t probe = n < 65536 ? n : 65536, suspicious = 0, first_bad = (size_t)-1;
    for (size_t i = 0; i < probe;) {
        unsigned char c = (unsigned char)raw[i];
        size_t k = utf8_valid_seq((const unsigned char *)raw + i, probe - i);
        int is_bad = k == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f');
        if (is_bad) {
            suspicious++;
            if (first_bad == (size_t)-1)
                first_bad = i;
        }
        i += k ? k : 1;
    }
    if (probe >= 16 && suspicious * 5 > probe) {
        snprintf(err, errlen, "%s: binary data, not text (%zu of the first %zu bytes are control bytes or invalid "
                 "UTF-8; the first at byte %zu)", name, suspicious, probe, first_bad);
        return -1;
    }
    size_t len, bad;
    char *txt = utf8_repair(raw, n, &len, &bad);
    if (!txt) {
        snprintf(err, errlen, "%s: out of memory", name);
        return -1;
    }
    if (bad)
        input_warn(d, "repaired %zu invalid UTF-8 sequence(s) or control byte(s)", bad);
    if (input_looks_html(txt, len)) {
        char *title = NULL;
        size_t tl;
        /* gumbo's time grows with the square of the nesting depth: text nested
         * deeper than any real page is stripped of its tags instead */
        int deep = html_depth(txt, len, 2001) > 2000;
        char *plain = deep ? html_strip(txt, len, &tl, &title) : html_to_text(txt, len, &tl, &title);
        if (deep)
            input_warn(d, "HTML nested more than 2000 levels deep: tags stripped without parsing");
        free(txt);
        if (!plain) {
            snprintf(err, errlen, "%s: HTML could not be parsed", name);
            return -1;
        }
        txt = plain;
        len = tl;
        if (title && !d->title)
            d->title = title;
        else
            free(title);
        input_warn(d, "HTML reduced to text; evidence offsets refer to the extracted text");
    }
    free(d->text);
    d->text = txt;
    d->len = len;
    return 0;
}

/* See input.h. On failure d may already hold some fields (the id): free it
 * with input_doc_free either way. */
int input_read_file(const char *path, size_t cap, input_doc *d, char *err, size_t errlen)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        snprintf(err, errlen, "%s: is a directory, not a document", path);
        return -1;
    }
    size_t bcap = cap < 65536 ? cap : 65536, n = 0;
    char *buf = malloc(bcap ? bcap : 1);
    int truncated = 0;
    size_t total = 0;
    if (!buf) {
        if (!is_stdin)
            fclose(f);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    for (;;) {
        if (n == bcap && bcap < cap) {
            size_t nc = bcap * 2 < cap ? bcap * 2 : cap;
            char *q = realloc(buf, nc);
            if (!q) {
                free(buf);
                if (!is_stdin)
                    fclose(f);
                snprintf(err, errlen, "%s: out of memory", path);
                return -1;
            }
            buf = q;
            bcap = nc;
        }
        if (n < bcap) {
            size_t got = fread(buf + n, 1, bcap - n, f);
            n += got;
            total += got;
            if (got == 0)
                break;
        } else {
            /* over the cap: count and drop the rest */
            char sink[65536];
            size_t got = fread(sink, 1, sizeof sink, f);
            if (got == 0)
                break;
            total += got;
            truncated = 1;
        }
    }
    int rerr = ferror(f);
    if (!is_stdin)
        fclose(f);
    if (rerr) {
        free(buf);
        snprintf(err, errlen, "%s: read error after %zu bytes", path, total);
        return -1;
    }
    /* never cut a UTF-8 sequence in half */
    if (truncated)
        while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
            n--;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    d->id = strdup(is_stdin ? "stdin" : base);
    int rc = set_text(d, path, buf, n, err, errlen);
    free(buf);
    if (rc < 0)
        return -1;
    if (truncated)
        input_warn(d, "truncated to the first %zu of %zu bytes (the cap; raise --max-bytes)", n, total);
    if (d->len == 0)
        input_warn(d, "empty document");
    return 0;
}

/* Read lines of f, keeping at most max bytes of one. Nothing is allocated
 * until the first line. */
void line_reader_init(line_reader *r, FILE *f, size_t max)
{
    memset(r, 0, sizeof *r);
    r->f = f;
    r->max = max;
}

/* Free the line buffer; f stays open. */
void line_reader_free(line_reader *r)
{
    free(r->buf);
    r->buf = NULL;
}

/* See input.h. Also -1 when out of memory. *line is valid until the next call;
 * a trailing CR is dropped, and a last line without a newline counts. */
int line_reader_next(line_reader *r, char **line, size_t *len)
{
    size_t n = 0;
    int c;
    int over = 0;
    size_t seen = 0;
    while ((c = getc(r->f)) != EOF) {
        if (c == '\n')
            break;
        seen++;
        if (over)
            continue;
        if (n + 2 > r->cap) {
            size_t nc = r->cap ? r->cap * 2 : 65536;
            if (nc > r->max + 2)
                nc = r->max + 2;
            if (n + 2 > nc) {
                over = 1;
                continue;
            }
            char *q = realloc(r->buf, nc);
            if (!q)
                return -1;
            r->buf = q;
            r->cap = nc;
        }
        r->buf[n++] = (char)c;
    }
    if (ferror(r->f))
        return -1;
    if (c == EOF && seen == 0)
        return 0;
    r->lineno++;
    if (over) {
        *len = seen;
        return -2;
    }
    if (n > 0 && r->buf[n - 1] == '\r')
        n--;
    if (!r->buf) {
        r->buf = malloc(2);
        if (!r->buf)
            return -1;
        r->cap = 2;
    }
    r->buf[n] = '\0';
    *line = r->buf;
    *len = n;
    return 1;
}

/* "YYYY-MM-DD" (optionally followed by a time) naming a real calendar day. */
static int valid_iso_date(const char *p)
{
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (p[i] != '-')
                return 0;
        } else if (p[i] < '0' || p[i] > '9') {
            return 0;
        }
    }
    if (p[10] != '\0' && p[10] != 'T' && p[10] != ' ')
        return 0;
    int y = atoi(p), m = atoi(p + 5), d = atoi(p + 8);
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= dm[m - 1] + (m == 2 && leap);
}

/* A malloc'd copy of a JSON string, or of a JSON integer in decimal; NULL for
 * a missing value, null, any other type, or out of memory. */
static char *dup_json_string(json_t *v)
{
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_string(v))
        return strndup(json_string_value(v), json_string_length(v));
    if (json_is_integer(v)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        return strdup(buf);
    }
    return NULL;
}

/* See input.h. A leading byte-order mark is skipped, and a published date
 * that is not YYYY-MM-DD is dropped with a warning, not an error. On failure d
 * may already hold some fields: free it with input_doc_free either way. */
int input_parse_jsonl(const char *line, size_t len, size_t cap, input_doc *d, char *err, size_t errlen)
{
    size_t rl, bad;
    if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) { /* a byte-order mark */
        line += 3;
        len -= 3;
    }
    char *fixed = utf8_repair(line, len, &rl, &bad);
    if (!fixed) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    json_error_t je;
    json_t *root = json_loadb(fixed, rl, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    free(fixed);
    if (!root) {
        snprintf(err, errlen, "invalid JSON at column %d: %s", je.column, je.text);
        return -1;
    }
    int rc = -1;
    if (!json_is_object(root)) {
        snprintf(err, errlen, "expected a JSON object with a \"text\" field");
        goto done;
    }
    json_t *jid = json_object_get(root, "id");
    if (jid && !json_is_string(jid) && !json_is_integer(jid) && !json_is_null(jid)) {
        snprintf(err, errlen, "\"id\" must be a string or an integer");
        goto done;
    }
    d->id = dup_json_string(jid);
    json_t *text = json_object_get(root, "text");
    if (!json_is_string(text)) {
        snprintf(err, errlen, "missing or non-string \"text\" field");
        goto done;
    }
    d->title = dup_json_string(json_object_get(root, "title"));
    d->url = dup_json_string(json_object_get(root, "url"));
    char *pub = dup_json_string(json_object_get(root, "published"));
    if (!pub)
        pub = dup_json_string(json_object_get(root, "date"));
    if (pub) {
        if (valid_iso_date(pub)) {
            pub[10] = '\0';
            d->published = pub;
        } else {
            input_warn(d, "ignored \"published\" value '%.40s' (expected YYYY-MM-DD)", pub);
            free(pub);
        }
    }
    if (bad)
        input_warn(d, "repaired %zu invalid UTF-8 sequence(s) or control byte(s)", bad);
    const char *t = json_string_value(text);
    size_t tl = json_string_length(text);
    int truncated = 0;
    size_t orig = tl;
    if (tl > cap) {
        tl = cap;
        while (tl > 0 && ((unsigned char)t[tl] & 0xC0) == 0x80)
            tl--;
        truncated = 1;
    }
    char name[64];
    snprintf(name, sizeof name, "record %.40s", d->id ? d->id : "(no id)");
    if (set_text(d, name, t, tl, err, errlen) < 0)
        goto done;
    if (truncated)
        input_warn(d, "text truncated to the first %zu of %zu bytes (raise --max-bytes)", tl, orig);
    rc = 0;
done:
    json_decref(root);
    return rc;
}
