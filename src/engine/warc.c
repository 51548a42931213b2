/*
 * warc.c - WARC 1.0/1.1 records to documents (see warc.h).
 *
 * Three layers: a byte source that inflates gzip members one after another
 * (zlib; a damaged member is reported and the source skips to the next gzip
 * header), a record parser (the version line, the named fields, a block of
 * Content-Length bytes), and the page of a `response` record (its HTTP status
 * and headers, chunked transfer coding, gzip or deflate content coding, the
 * charset converted to UTF-8 with iconv) handed to the input stage as HTML.
 */
#define _GNU_SOURCE /* strcasestr, strncasecmp */
#include "warc.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define IN_SIZE (64 * 1024)
#define OUT_SIZE (256 * 1024)
#define LINE_MAX_BYTES (64 * 1024) /* a header line longer than this is corrupt */

/* ------------------------------------------------------------ the byte source */

typedef struct wsrc {
    FILE *f;
    int gz, zlive;          /* gzip input; an inflate stream is set up */
    z_stream z;
    unsigned char in[IN_SIZE];
    long long in_off;       /* file offset of in[0] */
    size_t in_len;          /* bytes of in[] filled */
    long long member_off;   /* file offset of the gzip member being read */
    unsigned char out[OUT_SIZE];
    size_t out_pos, out_len;
    long long pos;          /* offset in the uncompressed stream of out[out_pos] */
    int eof;                /* no more bytes */
    char zmsg[160];         /* a gzip error met, not yet reported ("" none) ... */
    long long zoff;         /* ... in the member at this file offset */
} wsrc;

struct warc_reader {
    char name[512];
    wsrc s;
    warc_counts n;
    int pending;            /* a version line was met while skipping a bad record: */
    char pending_line[16];  /* ... it starts the next record, */
    long long pending_off;  /* ... at this offset */
};

/* Refill s->in from the file, keeping the unread input. 0 at end of file. */
static size_t fill_in(wsrc *s)
{
    size_t keep = s->z.avail_in;
    if (keep && s->z.next_in != s->in)
        memmove(s->in, s->z.next_in, keep);
    s->in_off += (long long)(s->in_len - keep);
    s->in_len = keep + fread(s->in + keep, 1, IN_SIZE - keep, s->f);
    s->z.next_in = s->in;
    s->z.avail_in = (uInt)s->in_len;
    return s->in_len - keep;
}

/* The file offset of the next compressed byte. */
static long long in_pos(const wsrc *s)
{
    return s->in_off + (long long)(s->in_len - s->z.avail_in);
}

/* After a damaged gzip member: drop input up to the next gzip header
 * (1f 8b 08) and start a new member there; at the end of the file, eof. */
static void resync_gzip(wsrc *s)
{
    inflateReset(&s->z);
    for (;;) {
        while (s->z.avail_in >= 3) {
            if (s->z.next_in[0] == 0x1f && s->z.next_in[1] == 0x8b && s->z.next_in[2] == 8) {
                s->member_off = in_pos(s);
                return;
            }
            s->z.next_in++, s->z.avail_in--;
        }
        if (fill_in(s) == 0) {
            s->eof = 1;
            return;
        }
    }
}

/* Fill s->out with more bytes. Returns 0 at the end of the input (or after a
 * gzip error, which s->zmsg then holds until reported). */
static int fill_out(wsrc *s)
{
    s->pos += (long long)(s->out_len - s->out_pos);
    s->out_pos = s->out_len = 0;
    if (s->eof || s->zmsg[0])
        return 0;
    if (!s->gz) {
        s->out_len = fread(s->out, 1, OUT_SIZE, s->f);
        s->eof = s->out_len == 0;
        return s->out_len > 0;
    }
    while (s->out_len == 0) {
        if (s->z.avail_in == 0 && fill_in(s) == 0) {
            s->eof = 1;
            if (s->zlive) { /* (between members the file may end) */
                snprintf(s->zmsg, sizeof s->zmsg, "the file ends inside this gzip member (truncated)");
                s->zoff = s->member_off;
            }
            return 0;
        }
        s->z.next_out = s->out;
        s->z.avail_out = OUT_SIZE;
        s->zlive = 1;
        int rc = inflate(&s->z, Z_NO_FLUSH);
        s->out_len = OUT_SIZE - s->z.avail_out;
        if (rc == Z_STREAM_END) { /* the next member, if any */
            inflateReset(&s->z);
            s->zlive = 0;
            s->member_off = in_pos(s);
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            snprintf(s->zmsg, sizeof s->zmsg, "damaged gzip member (%s); reading on at the next one",
                     s->z.msg ? s->z.msg : "inflate error");
            s->zoff = s->member_off;
            s->zlive = 0;
            resync_gzip(s);
            return s->out_len > 0;
        }
    }
    return 1;
}

/* The next byte, or -1 at the end (or a gzip error). */
static int src_getc(wsrc *s)
{
    if (s->out_pos == s->out_len && !fill_out(s))
        return -1;
    return s->out[s->out_pos++];
}

/* Read n bytes, keeping at most keep of them in buf (the rest discarded).
 * Returns the number of bytes read (< n at the end of the input). */
static size_t src_read(wsrc *s, size_t n, unsigned char *buf, size_t keep)
{
    size_t got = 0;
    while (got < n) {
        if (s->out_pos == s->out_len && !fill_out(s))
            break;
        size_t k = s->out_len - s->out_pos;
        if (k > n - got)
            k = n - got;
        if (got < keep)
            memcpy(buf + got, s->out + s->out_pos, got + k <= keep ? k : keep - got);
        s->out_pos += k, got += k;
    }
    return got;
}

/* A line without its CR LF into line (NUL-terminated; longer lines are cut
 * and *cut set). Returns its length, or -1 at the end of the input. */
static long src_line(wsrc *s, char *line, size_t cap, int *cut)
{
    size_t n = 0;
    int c;
    *cut = 0;
    while ((c = src_getc(s)) != -1 && c != '\n') {
        if (n + 1 < cap)
            line[n++] = (char)c;
        else
            *cut = 1;
    }
    if (c == -1 && n == 0)
        return -1;
    if (n && line[n - 1] == '\r')
        n--;
    line[n] = '\0';
    return (long)n;
}

/* ------------------------------------------------------------ the reader */

int warc_open(const char *path, warc_reader **out, char *err, size_t errlen)
{
    *out = NULL;
    warc_reader *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    int is_stdin = strcmp(path, "-") == 0;
    snprintf(r->name, sizeof r->name, "%s", is_stdin ? "stdin" : path);
    r->s.f = is_stdin ? stdin : fopen(path, "rb");
    if (!r->s.f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        free(r);
        return -1;
    }
    wsrc *s = &r->s;
    s->in_len = fread(s->in, 1, IN_SIZE, s->f);
    s->z.next_in = s->in;
    s->z.avail_in = (uInt)s->in_len;
    s->gz = s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b;
    if (s->gz && inflateInit2(&s->z, 15 + 16) != Z_OK) {
        snprintf(err, errlen, "%s: cannot start gzip decoding", path);
        warc_close(r);
        return -1;
    }
    if (!s->gz) { /* the bytes read belong to the plain stream */
        memcpy(s->out, s->in, s->in_len);
        s->out_len = s->in_len;
        s->z.avail_in = 0;
        s->eof = s->in_len == 0;
    }
    *out = r;
    return 0;
}

void warc_close(warc_reader *r)
{
    if (!r)
        return;
    if (r->s.gz)
        inflateEnd(&r->s.z);
    if (r->s.f && r->s.f != stdin)
        fclose(r->s.f);
    free(r);
}

void warc_get_counts(const warc_reader *r, warc_counts *c)
{
    *c = r->n;
}

/* The fields of one record that matter here. */
typedef struct wrec {
    char type[32], uri[2048], date[64], rid[160], ctype[160];
    long long length; /* Content-Length, -1 when missing */
} wrec;

/* Copy the value of header line l into v when its name is name (case-insensitive). */
static int field(const char *l, const char *name, char *v, size_t cap)
{
    size_t n = strlen(name);
    if (strncasecmp(l, name, n) != 0 || l[n] != ':')
        return 0;
    const char *p = l + n + 1;
    while (*p == ' ' || *p == '\t')
        p++;
    snprintf(v, cap, "%s", p);
    return 1;
}

/* Report a corrupt record: err gets "NAME: byte OFF: what". Returns -1. */
static int corrupt(warc_reader *r, long long off, char *err, size_t errlen, const char *fmt, ...)
{
    int w = snprintf(err, errlen, "%s: byte %lld: ", r->name, off);
    va_list ap;
    va_start(ap, fmt);
    if (w > 0 && (size_t)w < errlen)
        vsnprintf(err + w, errlen - (size_t)w, fmt, ap);
    va_end(ap);
    r->n.corrupt++;
    return -1;
}

/* The offset to report for what starts at the current position: the gzip
 * member's in a compressed file, else the byte's own. */
static long long here(const wsrc *s)
{
    return s->gz ? s->member_off : s->pos + (long long)s->out_pos;
}

/* Is l the first line of a record? */
static int version_line(const char *l)
{
    return strcmp(l, "WARC/1.0") == 0 || strcmp(l, "WARC/1.1") == 0;
}

/* Read the next record's version line and fields into w. Returns 1, 0 at the
 * end, -1 when the record is corrupt (err set; the source is left at the line
 * after the bad one, so the next call looks for the next record). */
static int read_head(warc_reader *r, wrec *w, long long *off, char *err, size_t errlen)
{
    char line[LINE_MAX_BYTES];
    int cut;
    long n;
    if (r->pending) {
        r->pending = 0;
        snprintf(line, sizeof line, "%s", r->pending_line);
        *off = r->pending_off;
    } else {
        do { /* blank lines between records */
            *off = here(&r->s);
            n = src_line(&r->s, line, sizeof line, &cut);
        } while (n == 0);
        if (n < 0)
            return 0;
    }
    r->n.records++;
    if (!version_line(line)) { /* skip to the next version line: one corrupt record */
        char bad[48];
        snprintf(bad, sizeof bad, "%.40s", line);
        long long at;
        do
            at = here(&r->s);
        while ((n = src_line(&r->s, line, sizeof line, &cut)) >= 0 && !version_line(line));
        if (n >= 0) {
            r->pending = 1, r->pending_off = at;
            memcpy(r->pending_line, line, strlen(line) + 1); /* ("WARC/1.x": it fits) */
        }
        return corrupt(r, *off, err, errlen, "not a WARC record (expected WARC/1.0 or WARC/1.1, got '%s')", bad);
    }
    memset(w, 0, sizeof *w);
    w->length = -1;
    char len[32] = "";
    while ((n = src_line(&r->s, line, sizeof line, &cut)) > 0) {
        if (cut)
            return corrupt(r, *off, err, errlen, "a header line longer than %d bytes", LINE_MAX_BYTES);
        (void)(field(line, "WARC-Type", w->type, sizeof w->type) ||
               field(line, "WARC-Target-URI", w->uri, sizeof w->uri) ||
               field(line, "WARC-Date", w->date, sizeof w->date) ||
               field(line, "WARC-Record-ID", w->rid, sizeof w->rid) ||
               field(line, "Content-Type", w->ctype, sizeof w->ctype) ||
               field(line, "Content-Length", len, sizeof len));
    }
    if (n < 0)
        return corrupt(r, *off, err, errlen, "the record ends inside its header");
    char *end;
    w->length = strtoll(len, &end, 10);
    if (!len[0] || *end || w->length < 0)
        return corrupt(r, *off, err, errlen, "no valid Content-Length ('%.20s')", len);
    return 1;
}

/* ------------------------------------------------------------ the page */

/* The HTTP response at the start of a block: its status, and the headers
 * that say how to read its body. */
typedef struct http_head {
    int status;
    char ctype[160], tenc[64], cenc[64];
    size_t body_at; /* where the body starts in the block */
} http_head;

/* Parse the HTTP status line and headers at the start of b[0..n). Returns 0,
 * or -1 when the block does not start with an HTTP response. */
static int http_parse(const char *b, size_t n, http_head *h)
{
    memset(h, 0, sizeof *h);
    if (n < 12 || strncmp(b, "HTTP/", 5) != 0)
        return -1;
    const char *sp = memchr(b, ' ', n < 32 ? n : 32);
    if (!sp)
        return -1;
    h->status = atoi(sp + 1);
    size_t at = 0;
    for (;;) {
        const char *nl = memchr(b + at, '\n', n - at);
        if (!nl)
            return -1; /* (no end of headers within what was kept) */
        size_t len = (size_t)(nl - (b + at));
        char line[1024];
        size_t k = len && b[at + len - 1] == '\r' ? len - 1 : len;
        snprintf(line, sizeof line, "%.*s", (int)(k < sizeof line ? k : sizeof line - 1), b + at);
        at += len + 1;
        if (k == 0)
            break;
        (void)(field(line, "Content-Type", h->ctype, sizeof h->ctype) ||
               field(line, "Transfer-Encoding", h->tenc, sizeof h->tenc) ||
               field(line, "Content-Encoding", h->cenc, sizeof h->cenc));
    }
    h->body_at = at;
    return 0;
}

/* Undo chunked transfer coding in place; returns the body's new length (what
 * was read when a chunk is cut short). */
static size_t dechunk(char *b, size_t n)
{
    size_t in = 0, out = 0;
    while (in < n) {
        char *end;
        unsigned long long sz = strtoull(b + in, &end, 16);
        const char *nl = memchr(b + in, '\n', n - in);
        if (!nl || end == b + in || sz == 0)
            break;
        in = (size_t)(nl - b) + 1;
        size_t k = sz < n - in ? (size_t)sz : n - in;
        memmove(b + out, b + in, k);
        out += k, in += k;
        while (in < n && (b[in] == '\r' || b[in] == '\n'))
            in++;
    }
    return out;
}

/* Inflate a gzip or deflate body b[0..n) into a new buffer of at most cap
 * bytes (*outlen set). NULL when it is not compressed data or memory runs out. */
static char *inflate_body(const char *b, size_t n, size_t cap, size_t *outlen)
{
    char *out = malloc(cap + 1);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (!out || inflateInit2(&z, 15 + 32) != Z_OK) {
        free(out);
        return NULL;
    }
    z.next_in = (unsigned char *)(uintptr_t)b;
    z.avail_in = (uInt)(n < (size_t)UINT32_MAX ? n : UINT32_MAX);
    z.next_out = (unsigned char *)out;
    z.avail_out = (uInt)cap;
    int rc = inflate(&z, Z_FINISH);
    *outlen = cap - z.avail_out;
    inflateEnd(&z);
    if (rc != Z_STREAM_END && rc != Z_BUF_ERROR && !(rc == Z_OK && *outlen == cap)) {
        free(out);
        return NULL;
    }
    return out;
}

/* The charset a Content-Type value or the page's first 2 KB declares
 * ("charset=windows-1252", <meta charset="...">), into cs; "" when none. */
static void find_charset(const char *ctype, const char *page, size_t n, char *cs, size_t cap)
{
    cs[0] = '\0';
    const char *p = strcasestr(ctype, "charset=");
    char head[2049];
    if (!p) {
        size_t k = n < 2048 ? n : 2048;
        memcpy(head, page, k);
        head[k] = '\0';
        for (size_t i = 0; i < k; i++)
            if (!head[i])
                head[i] = ' ';
        p = strcasestr(head, "charset=");
    }
    if (!p)
        return;
    p += 8;
    while (*p == '"' || *p == '\'' || *p == ' ')
        p++;
    size_t k = strcspn(p, "\"'; >/\r\n\t");
    snprintf(cs, cap, "%.*s", (int)(k < cap ? k : cap - 1), p);
}

/* Convert b[0..n) from charset cs to UTF-8 (a byte it cannot convert becomes
 * U+FFFD). Returns a new buffer (*outlen set), or NULL when cs is unknown to
 * iconv or memory runs out (the caller keeps the bytes as they are). */
static char *to_utf8(const char *b, size_t n, const char *cs, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", cs);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = 4 * n + 16;
    char *out = malloc(cap), *o = out;
    char *in = (char *)(uintptr_t)b;
    size_t inleft = n, outleft = cap - 1;
    while (out && inleft) {
        if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1)
            break;
        if (errno == E2BIG || outleft < 3)
            break;
        memcpy(o, "\xef\xbf\xbd", 3); /* EILSEQ, EINVAL: one byte becomes U+FFFD */
        o += 3, outleft -= 3, in++, inleft--;
    }
    iconv_close(cd);
    if (out)
        *outlen = (size_t)(o - out);
    return out;
}

/* Percent-encode in place (within cap bytes) every byte of the URI or record
 * id u that is no printable ASCII (a control byte, a space, a byte of UTF-8 or
 * of anything else): the document's id and URL are then plain ASCII, as a
 * URI is written. A value that no longer fits is cut. */
static void uri_ascii(char *u, size_t cap)
{
    char tmp[sizeof ((wrec *)0)->uri * 3 + 1];
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)u; *p && o + 4 < sizeof tmp; p++) {
        if (*p > 0x20 && *p < 0x7f)
            tmp[o++] = (char)*p;
        else
            o += (size_t)snprintf(tmp + o, 4, "%%%02X", *p);
    }
    if (o >= cap)
        o = cap - 1;
    memcpy(u, tmp, o);
    u[o] = '\0';
}

/* Is this the Content-Type of an HTML page? */
static int html_type(const char *ctype)
{
    return strncasecmp(ctype, "text/html", 9) == 0 || strncasecmp(ctype, "application/xhtml+xml", 21) == 0;
}

/* Make document d from the kept part of a response block (b, n bytes of a
 * block of `length`). Returns 1 (a page), 0 (not an HTML page: skipped), or -1
 * with err. */
static int page_doc(warc_reader *r, wrec *w, char *b, size_t n, size_t cap, input_doc *d, char *err,
                    size_t errlen)
{
    http_head h;
    if (http_parse(b, n, &h) < 0 || h.status < 200 || h.status > 299 || !html_type(h.ctype))
        return 0;
    char *body = b + h.body_at;
    size_t len = n - h.body_at;
    if (strcasestr(h.tenc, "chunked"))
        len = dechunk(body, len);
    char *owned = NULL;
    if (strcasestr(h.cenc, "gzip") || strcasestr(h.cenc, "deflate")) {
        if (!(owned = inflate_body(body, len, cap, &len)))
            return 0; /* (a body it cannot decode is no page to code) */
        body = owned;
    }
    char cs[64];
    find_charset(h.ctype, body, len, cs, sizeof cs);
    if (cs[0] && strcasecmp(cs, "utf-8") != 0 && strcasecmp(cs, "utf8") != 0 && strcasecmp(cs, "us-ascii") != 0) {
        size_t ulen;
        char *u = to_utf8(body, len, cs, &ulen);
        if (u) {
            free(owned);
            owned = body = u;
            len = ulen;
        }
    }
    uri_ascii(w->uri, sizeof w->uri);
    uri_ascii(w->rid, sizeof w->rid);
    const char *name = w->uri[0] ? w->uri : w->rid;
    int rc = input_from_bytes(name, body, len < cap ? len : cap, d, err, errlen);
    free(owned);
    if (rc < 0)
        return -1;
    free(d->id);
    free(d->url);
    d->id = strdup(name);
    d->url = w->uri[0] ? strdup(w->uri) : NULL;
    if (!d->published && strlen(w->date) >= 10 && w->date[4] == '-' && w->date[7] == '-') {
        d->published = strndup(w->date, 10);
        d->published_from = "warc-date";
    }
    if (!d->id || (w->uri[0] && !d->url)) {
        snprintf(err, errlen, "%s: out of memory", r->name);
        return -1;
    }
    return 1;
}

int warc_next(warc_reader *r, size_t cap, input_doc *d, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    for (;;) {
        wsrc *s = &r->s;
        if (s->zmsg[0]) { /* a damaged member: reported once, then the next one */
            int rc = corrupt(r, s->zoff, err, errlen, "%s", s->zmsg);
            s->zmsg[0] = '\0';
            s->out_pos = s->out_len = 0;
            return rc;
        }
        wrec w;
        long long off;
        int h = read_head(r, &w, &off, err, errlen);
        if (h <= 0 && s->zmsg[0]) { /* (the damaged member, reported as such) */
            r->n.corrupt -= h < 0;
            continue;
        }
        if (h <= 0)
            return h;
        int page = strcasecmp(w.type, "response") == 0 && strncasecmp(w.ctype, "application/http", 16) == 0;
        /* the HTTP headers and the page, up to the cap (and 64 KB for the headers) */
        size_t keep = page ? cap + 65536 : 0;
        unsigned char *b = keep ? malloc(keep + 1) : NULL;
        if (keep && !b) {
            snprintf(err, errlen, "%s: out of memory", r->name);
            return -1;
        }
        size_t got = src_read(s, (size_t)w.length, b, keep);
        if (got < (size_t)w.length) {
            free(b);
            if (s->zmsg[0])
                continue; /* (reported as the damaged member) */
            return corrupt(r, off, err, errlen, "record truncated: %zu of its %lld bytes", got, w.length);
        }
        int rc = page ? page_doc(r, &w, (char *)b, got < keep ? got : keep, cap, d, err, errlen) : 0;
        free(b);
        if (rc < 0) {
            input_doc_free(d);
            memset(d, 0, sizeof *d);
            return corrupt(r, off, err, errlen, "%s", err);
        }
        if (rc == 1) {
            r->n.pages++;
            return 1;
        }
        r->n.skipped++;
    }
}
