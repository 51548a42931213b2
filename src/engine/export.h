/*
 * export.h - writing coded documents: the JSON Lines record of the output
 * contract (docs/schema.md) and the readable summary of --format pretty.
 * Later stages (store, serve) add the CSV, GeoJSON and codebook exports here.
 */
#ifndef TACITUS_EXPORT_H
#define TACITUS_EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "extract.h"
#include "model.h"

/* A growable output buffer; reused across documents. */
typedef struct outbuf {
    char *p;
    size_t len, cap;
    int failed; /* an allocation failed; the content is incomplete */
} outbuf;

void ob_init(outbuf *b);
void ob_free(outbuf *b);
void ob_reset(outbuf *b);
void ob_put_slow(outbuf *b, const char *s, size_t n);
/* Append s[0..n), keeping b->p NUL-terminated. Out of memory: nothing is
 * appended and b->failed is set. Inline: the JSON writer appends a few bytes
 * at a time, and a call per append cost a tenth of its time. */
static inline void ob_put(outbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        ob_put_slow(b, s, n);
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}
void ob_puts(outbuf *b, const char *s);
/* ob_put of a string literal, its length known at compile time. */
#define ob_lit(b, lit) ob_put((b), (lit), sizeof(lit) - 1)
void ob_printf(outbuf *b, const char *fmt, ...);
/* A JSON string literal (quotes included) of s[0..n), escaped; invalid UTF-8 is
 * replaced by U+FFFD so the output is always valid JSON. */
void ob_json_str(outbuf *b, const char *s, size_t n);
/* ob_json_str for a NUL-terminated string, or null for NULL. */
void ob_json_cstr(outbuf *b, const char *s);

/* Metadata of the document being written. */
/* The keys of an event object after "id" (docs/schema.md), in order: bit k
 * of doc_meta.keys keeps key k. */
enum export_key {
    EXPORT_K_BACKGROUND, EXPORT_K_KIND, EXPORT_K_EVENT_TYPE, EXPORT_K_SUB_EVENT_TYPE, EXPORT_K_CAMEO, EXPORT_K_PLOVER,
    EXPORT_K_ATTACK_TYPE, EXPORT_K_ATTACK_TYPE2, EXPORT_K_DATE, EXPORT_K_LOCATION, EXPORT_K_ACTOR1,
    EXPORT_K_PERSON1, EXPORT_K_ACTOR2, EXPORT_K_TARGET, EXPORT_K_KILLED, EXPORT_K_WOUNDED, EXPORT_K_KIDNAPPED,
    EXPORT_K_ARRESTED, EXPORT_K_WEAPONS, EXPORT_K_SUICIDE, EXPORT_K_CLAIMED_BY, EXPORT_K_UNCLAIMED,
    EXPORT_K_SUSPECTED, EXPORT_K_SOURCES, EXPORT_K_TRIGGER, EXPORT_K_EVIDENCE, EXPORT_NKEYS
};
#define EXPORT_KEYS_ALL ((1u << EXPORT_NKEYS) - 1)

/* Parse a comma-separated list of event keys ("id,event_type,date,killed")
 * into *keys (bits of enum export_key; "id" is always written). Returns 0, or
 * -1 with a message naming the unknown field and every accepted one. */
int export_keys_parse(const char *list, uint32_t *keys, char *err, size_t errlen);

typedef struct doc_meta {
    const char *id, *title, *published, *url;
    const char *published_from; /* NULL, or where the page gave published */
    size_t text_length;
    const char *source;         /* NULL, or the publisher the input names */
    const char *const *warnings;
    size_t nwarnings;
    uint32_t keys;              /* the event keys to write (enum export_key bits); 0 = every one */
} doc_meta;

/* Append the JSON record of one coded document (no trailing newline). */
void export_json(outbuf *b, const analysis *an, const doc_meta *meta, const event *ev, size_t n);

/* Append the readable summary of one coded document. */
void export_pretty(outbuf *b, const analysis *an, const doc_meta *meta, const event *ev, size_t n);

/* Append an error record: {"doc": {"id": ..., "line": N}, "error": msg}. */
void export_error(outbuf *b, const char *id, long line, const char *msg);

#endif
