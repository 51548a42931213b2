/*
 * input.h - the input stage: read a document from a file, stdin or a JSON Lines
 * record; repair invalid UTF-8; detect binary data; detect HTML and reduce it
 * to the text of its article body (html.h), taking the headline and the
 * publication date from the page when the input gives none; cap the size. Every failure is a one-line message naming the input and the
 * position.
 */
#ifndef TACITUS_INPUT_H
#define TACITUS_INPUT_H

#include <stddef.h>
#include <stdio.h>

#include "html.h"

#define INPUT_MAX_WARNINGS 8

typedef struct input_doc {
    char *id, *title, *published, *url; /* NUL-terminated or NULL; owned */
    char *source;                       /* a JSON Lines record's "source" (its publisher), or NULL; owned */
    const char *published_from;         /* where an HTML page gave published ("html-meta",
                                           "json-ld", "time-element"; static), or NULL */
    char *text;                         /* UTF-8, NUL-terminated; owned */
    size_t len;
    char *warnings[INPUT_MAX_WARNINGS]; /* owned */
    size_t nwarnings;
} input_doc;

void input_doc_free(input_doc *d);

/* Add a formatted warning to d (dropped silently past INPUT_MAX_WARNINGS). */
void input_warn(input_doc *d, const char *fmt, ...);

/* Replace every invalid UTF-8 sequence in s[0..n) with U+FFFD and every NUL
 * and C0 control (other than tab, newline, CR, form feed) with a space.
 * Returns a new malloc'd NUL-terminated buffer (length in *outlen) and the
 * number of repairs in *bad, or NULL when out of memory. */
char *utf8_repair(const char *s, size_t n, size_t *outlen, size_t *bad);

/* Is this text HTML (a tag-like start within the first kilobyte)? */
int input_looks_html(const char *s, size_t n);

/* Read a whole document from path ("-" = stdin), at most cap bytes (the rest is
 * skipped and a truncation warning added). Detects binary data (error), HTML
 * (converted), invalid UTF-8 (repaired, warned). The id defaults to the file's
 * base name. Returns 0, or -1 with a message in err. */
int input_read_file(const char *path, size_t cap, input_doc *d, char *err, size_t errlen);

/* Make d (zeroed first) from the bytes of one document that another reader
 * took out of its container (a WARC record): binary data refused, invalid
 * UTF-8 repaired, HTML reduced to its article text (title and publication
 * date from the page), as input_read_file does; name names it in messages.
 * Returns 0, or -1 with a message in err. */
int input_from_bytes(const char *name, const char *raw, size_t n, input_doc *d, char *err, size_t errlen);

/* Reading JSON Lines with bounded memory. A file with a descriptor is read
 * with read(2) in blocks (what a pipe holds is handed on at once, as stdio
 * would), any other stream (fmemopen) with fread; the reader owns the stream's
 * reading from its first line on. */
typedef struct line_reader {
    FILE *f;
    char *buf;
    size_t cap;
    size_t max;       /* longest line kept; longer ones are skipped and reported */
    long lineno;
    char *in;         /* the block read and not yet taken (LINE_READER_BLOCK bytes) */
    size_t in_pos, in_end;
    int eof, error;   /* sticky: the end was met; a read failed (errno kept) */
} line_reader;

void line_reader_init(line_reader *r, FILE *f, size_t max);
void line_reader_free(line_reader *r);
/* Next line without its newline. Returns 1 and sets *line and *len, 0 at end of
 * input, -1 on a read error, -2 when the line was longer than max (skipped
 * entirely; *len holds how many bytes it had). */
int line_reader_next(line_reader *r, char **line, size_t *len);

/* Parse one JSONL record {"id","text","title"?,"published"?,"url"?} (also
 * accepts "date" for published). cap bounds the text. Returns 0, or -1 with a
 * message in err (without the line number, which the caller adds). */
int input_parse_jsonl(const char *line, size_t len, size_t cap, input_doc *d, char *err, size_t errlen);

#endif
