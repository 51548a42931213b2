/*
 * warc.h - reading web archives (WARC 1.0 and 1.1, plain or gzip, one gzip
 * member per record as Common Crawl's CC-NEWS ships them): each `response`
 * record holding an HTML page becomes a document, its text taken by the
 * input stage (the article body), its URL from WARC-Target-URI and its
 * publication date from the page's metadata, else from WARC-Date. Other
 * records are counted and skipped; a corrupt or truncated record is reported
 * with its byte offset and reading goes on at the next record. Memory is
 * bounded by the document cap whatever the size of a record.
 */
#ifndef TACITUS_WARC_H
#define TACITUS_WARC_H

#include <stddef.h>

#include "input.h"

typedef struct warc_reader warc_reader;

/* What a reader has met so far. */
typedef struct warc_counts {
    long records;   /* WARC records read (whole or not) */
    long pages;     /* HTML responses returned as documents */
    long skipped;   /* records that are not an HTML response (requests, metadata, images, redirects...) */
    long corrupt;   /* records reported as corrupt or truncated */
} warc_counts;

/* Open the WARC file at path ("-" = stdin), gzip or not (detected). Returns 0,
 * or -1 with a message naming the file in err. */
int warc_open(const char *path, warc_reader **out, char *err, size_t errlen);

/* The next HTML page of the archive as a document in d (zeroed first; free it
 * with input_doc_free): its text (at most cap bytes of the page are read),
 * title, URL, id (the URL, else the record id) and publication date. Returns
 * 1 with a document, 0 at the end of the archive, or -1 for a corrupt or
 * truncated record (err: "FILE: byte OFFSET: what"; d is empty; call again
 * for the rest). */
int warc_next(warc_reader *r, size_t cap, input_doc *d, char *err, size_t errlen);

void warc_get_counts(const warc_reader *r, warc_counts *c);

void warc_close(warc_reader *r);

#endif
