/*
 * input.c - reading documents (see input.h). jansson parses JSON Lines, html.c
 * reduces HTML pages to their article text; UTF-8 repair and the bounded line
 * reader are written here.
 */
#include "input.h"

#include "fold.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Free every field of d and zero it (d itself is the caller's). Safe on a
 * zeroed or partly filled d. */
void input_doc_free(input_doc *d)
{
    free(d->id);
    free(d->title);
    free(d->published);
    free(d->url);
    free(d->source);
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

/* The number of UTF-8 characters (not bytes) of s[0..n) that are not white space. */
static size_t utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80 && s[i] != ' ' && s[i] != '\n';
    return c;
}

/* The text of an HTML page for d: its article body (html_extract, which
 * strips the tags of a page too deep or too odd for the parser). The page's
 * headline and publication date fill d->title and d->published when they are
 * unset. Adds d's warnings. Returns malloc'd text (its length in *outlen), or
 * NULL when memory runs out. */
static char *html_text(input_doc *d, const char *txt, size_t len, size_t *outlen)
{
    html_meta m = {0};
    size_t tl = 0;
    char *plain = html_extract(txt, len, &tl, &m);
    if (plain && m.stripped)
        input_warn(d, "HTML nested more than 256 levels deep, with a tag of more than %d attributes, or over "
                   "%u bytes with more than one tag, attribute or comment per %d bytes: tags stripped without "
                   "parsing", HTML_MAX_ATTRIBUTES, HTML_DENSE_MIN, HTML_DENSE_BYTES);
    if (!plain) {
        html_meta_free(&m);
        return NULL;
    }
    if (m.title && !d->title) {
        d->title = m.title;
        m.title = NULL;
    }
    if (m.published && !d->published) {
        d->published = m.published;
        d->published_from = m.published_from;
        m.published = NULL;
    }
    if (m.body_only)
        input_warn(d, "HTML reduced to the article body (%zu of the page's %zu characters); evidence offsets "
                   "refer to the extracted text", utf8_chars(plain, tl), m.page_chars);
    else
        input_warn(d, "HTML reduced to text; evidence offsets refer to the extracted text");
    html_meta_free(&m);
    *outlen = tl;
    return plain;
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
        size_t tl = 0;
        char *plain = html_text(d, txt, len, &tl);
        free(txt);
        if (!plain) {
            snprintf(err, errlen, "%s: HTML could not be parsed", name);
            return -1;
        }
        txt = plain;
        len = tl;
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
    free(r->in);
    r->buf = r->in = NULL;
}

/* The size of the blocks line_reader reads. */
#define LINE_READER_BLOCK 65536

/* Read the next block of r's stream into r->in. Returns the bytes read, 0 at
 * the end (r->eof) or on an error (r->error, errno set). */
static size_t line_reader_fill(line_reader *r)
{
    if (r->eof || r->error)
        return 0;
    if (!r->in && !(r->in = malloc(LINE_READER_BLOCK))) {
        r->error = 1;
        errno = ENOMEM;
        return 0;
    }
    int fd = fileno(r->f);
    ssize_t n;
    if (fd >= 0) {
        n = read(fd, r->in, LINE_READER_BLOCK); /* (EINTR, as SIGINT brings, is an error: the caller asks why) */
    } else {
        n = (ssize_t)fread(r->in, 1, LINE_READER_BLOCK, r->f);
        if (n == 0 && ferror(r->f))
            n = -1;
    }
    if (n < 0)
        r->error = 1;
    else if (n == 0)
        r->eof = 1;
    r->in_pos = 0;
    r->in_end = n > 0 ? (size_t)n : 0;
    return r->in_end;
}

/* Append b[0..n) to r's line of *kept bytes, growing its buffer up to max + 2
 * bytes; past that the line is over (*over set, nothing more kept). Returns 0,
 * or -1 when out of memory. */
static int line_reader_keep(line_reader *r, const char *b, size_t n, size_t *kept, int *over)
{
    if (*over)
        return 0;
    if (*kept + n + 1 > r->cap) {
        size_t nc = r->cap ? r->cap : 65536;
        while (nc < *kept + n + 1 && nc < r->max + 2)
            nc *= 2;
        if (nc > r->max + 2)
            nc = r->max + 2;
        if (*kept + n + 1 > nc) { /* a line of more than max + 1 bytes */
            *over = 1;
            return 0;
        }
        char *q = realloc(r->buf, nc);
        if (!q)
            return -1;
        r->buf = q;
        r->cap = nc;
    }
    memcpy(r->buf + *kept, b, n);
    *kept += n;
    return 0;
}

/* See input.h. Also -1 when out of memory. *line is valid until the next call;
 * a trailing CR is dropped, and a last line without a newline counts. */
int line_reader_next(line_reader *r, char **line, size_t *len)
{
    size_t n = 0, seen = 0;
    int over = 0, newline = 0;
    while (!newline) {
        if (r->in_pos == r->in_end && line_reader_fill(r) == 0)
            break;
        const char *p = r->in + r->in_pos, *nl = memchr(p, '\n', r->in_end - r->in_pos);
        size_t k = nl ? (size_t)(nl - p) : r->in_end - r->in_pos;
        if (line_reader_keep(r, p, k, &n, &over) < 0)
            return -1;
        seen += k;
        r->in_pos += k + (nl != NULL);
        newline = nl != NULL;
    }
    if (r->error)
        return -1;
    if (!newline && seen == 0)
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
    d->source = dup_json_string(json_object_get(root, "source"));
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

/* See input.h. */
int input_from_bytes(const char *name, const char *raw, size_t n, input_doc *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    return set_text(d, name, raw, n, err, errlen);
}
