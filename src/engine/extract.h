/*
 * extract.h - the extract stage: from tokens and dictionary mentions to the
 * facts each sentence states: casualty figures with their breakdowns, places
 * (looked up in the gazetteer and disambiguated over the whole article), dates
 * resolved against the publication date, sources, and per-sentence markers
 * (past, legal, accident, hypothetical...). The resolve stage (resolve.h)
 * groups them into events. The driver is extract.c; figures.c, places.c,
 * dates.c and numbers.c hold the rules (extract_int.h).
 */
#ifndef TACITUS_EXTRACT_H
#define TACITUS_EXTRACT_H

#include <stddef.h>

#include "arena.h"
#include "geo.h"
#include "lexicon.h"
#include "model.h"
#include "text.h"

/* Per-sentence summary built by extract_run. */
typedef struct sent_info {
    uint32_t ctx;        /* bit set of 1u << enum ctx_kind */
    uint8_t past;        /* a past marker or a past date governs the sentence */
    uint8_t in_title;    /* the sentence is the headline */
    uint8_t lead;        /* the headline or one of the first three substantial sentences */
    uint8_t caption;     /* a photo caption: a line of its own that ends with the photo's
                            date, is repeated, or credits a photo; it founds no event and
                            its places count only for the article's country */
    int date;            /* index into analysis.dates of the sentence's date, or -1 */
    int figs_first, nfigs; /* figures of this sentence: analysis.figs[first..first+n) */
    uint32_t past_aside_first, past_aside_last; /* tokens of a relative clause told as past
                                                   (", who seized the town in 2015,"): its
                                                   words of violence are history; 0, 0 none */
    uint8_t byline_word;  /* a byline's word stands in it ("reports", "bureau", "correspondent"),
                             set by find_places */
    uint32_t first_violent; /* the first token of its first violent event word, or its
                               last token when none; set by find_places */
    uint8_t titlecase;    /* a title-case line (titlecase_sentence): set by extract_run
                             for every sentence before any stage reads it */
    uint8_t spans_time;   /* it counts over a stretch of time: read once by
                             sentence_figures for all its figures */
} sent_info;

/* The largest casualty figure one report may state: ten million. The largest
 * tolls the codebooks record are about a million (a genocide: Rwanda, 1994);
 * a single report's figure beyond ten times that is no count of anyone
 * ("99999999999 billion people were killed"): such a figure is dropped with
 * a warning in the document's warnings, never exported. People displaced
 * are counted in tens of millions ("the war displaced some 12 million
 * people"): their bound is a billion. */
#define FIGURE_PLAUSIBLE_MAX INT64_C(10000000)
#define FIGURE_PLAUSIBLE_MAX_DISPLACED INT64_C(1000000000)

/* The most warnings the engine's stages add to one document (doc.warnings):
 * a figure dropped as implausible, a stage that met its bound. */
#define ANALYSIS_MAX_WARNINGS 8

typedef struct analysis {
    const char *text;     /* working text: [title "\n\n"] body */
    size_t len;
    size_t body_off;      /* offset of the body in the working text */
    const lexicon *lx;
    const geo_gazetteer *geo;
    arena *a;
    text_doc td;
    mention *m;           /* dictionary mentions in token order */
    size_t nm;
    mention *cm;          /* the CAMEO dictionary's mentions (parties, verbs, discard
                             words: lexicon_scan_cameo), in token order */
    size_t ncm;
    int32_t *mention_at;  /* per token: index of the first mention covering it, or -1 */
    uint32_t *kinds_at;   /* per token: bit set (1u << kind) of the mentions covering it */
    place_mention *places;
    size_t nplaces, places_cap;
    date_ref *dates;
    size_t ndates;
    figure *figs;
    size_t nfigs;
    sent_info *sents;
    int pub_y, pub_m, pub_d;
    int has_pub;
    char top_cc[3];       /* the article's dominant country, "" if none */
    const char *top_country;
    uint8_t *chosen_cover;  /* per token: 1 when a chosen place covers it ... */
    uint32_t *chosen_end;   /* ... and the least end of a chosen place starting there, 0 none
                               (built once the places are chosen: chosen_place_covers) */
    size_t implausible_figs;   /* figures dropped above FIGURE_PLAUSIBLE_MAX ... */
    int64_t implausible_first; /* ... and the first one's value */
    const char *warnings[ANALYSIS_MAX_WARNINGS]; /* the stages' warnings (arena strings) */
    size_t nwarnings;
    /* what the resolve stage reads of the whole document once (actors.c, statements.c) */
    const mention *linked_group; /* the one named group generic attackers are linked to */
    uint8_t linked_group_read;   /* ... once read */
    int32_t *group_before;       /* per mention i: the last named non-state group among
                                    mentions [0, i], or -1; NULL until built */
    const place_mention *article_place, *country_place; /* (event_place.c) ... */
    uint8_t article_place_read, country_place_read;     /* ... once read */
} analysis;

/* Add a warning for doc.warnings (printf-formatted, copied into the arena),
 * once per distinct text, at most ANALYSIS_MAX_WARNINGS in all. Returns 0, or
 * -1 on arena exhaustion. (extract.c) */
int analysis_warn(analysis *an, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Run the extract stage over an analysis whose text, lexicon, gazetteer and
 * arena are set. Returns 0, or -1 on arena exhaustion. */
int extract_run(analysis *an);

/* Does a chosen place mention cover token t? Does one lie within tokens
 * [a, b)? Per-token lookups (an->chosen_cover, an->chosen_end), valid from
 * the sentence figures of extract_run on: the places are chosen by then and
 * stay so. (extract.c) */
int chosen_place_covers(const analysis *an, uint32_t t);
int chosen_place_within(const analysis *an, uint32_t a, uint32_t b);

/* The date of a timestamp line near the top of a page's text: a line of its
 * own among the first TIMESTAMP_SENTENCES sentences holding only a full date,
 * maybe a label before it ("Published", "Updated", "Posted on", "Last
 * updated:") and a clock time after it ("January 15, 2016 1:17 AM", "15 Jan
 * 2016 09:30 GMT"). Reads the lexicon's month mentions (needs an->m, not the
 * extract stage). Returns 0 and fills y, m, d, or -1 when there is none. (dates.c) */
#define TIMESTAMP_SENTENCES 40
int timestamp_line_date(const analysis *an, int *y, int *m, int *d);

/* The mention of kind covering token t, or NULL. Inline: the rules ask this
 * of nearly every token, and the bit test answers most calls. */
static inline const mention *mention_covering(const analysis *an, uint32_t t, uint8_t kind)
{
    if (t >= an->td.ntoks || !(an->kinds_at[t] & (1u << kind)))
        return NULL;
    size_t i = (size_t)an->mention_at[t];
    uint32_t first = an->m[i].first;
    for (; i < an->nm && an->m[i].first == first; i++)
        if (an->m[i].kind == kind)
            return &an->m[i];
    return NULL;
}

/* The first mention of kind starting at token t, or NULL. */
static inline const mention *mention_starting(const analysis *an, uint32_t t, uint8_t kind)
{
    const mention *m = mention_covering(an, t, kind);
    return (m && m->first == t) ? m : NULL;
}

/* Do the bytes of tokens [first, last) read exactly as alias, ignoring every
 * character that is not a letter or a digit ("U.S." = "U.S", case kept)? For
 * the gazetteer's aliases of exact case ("=US"). (places.c) */
int span_equals_exact(const analysis *an, uint32_t first, uint32_t last, const char *alias);

/* The first element of base[lo, hi) (elements of size bytes, sorted by the
 * uint32_t at byte offset off) whose key is key or more: a bisection, for
 * the place mentions (by sentence or first token) and the mentions (by first
 * token). (extract.c) */
size_t bisect_u32(const void *base, size_t size, size_t off, size_t lo, size_t hi, uint32_t key);

/* The first token that starts at byte offset at or after it: the first token
 * of a span that starts at a token (an event's trigger); td.ntoks past the
 * last. A bisection. */
static inline uint32_t token_at_byte(const analysis *an, uint32_t at)
{
    return (uint32_t)bisect_u32(an->td.toks, sizeof(tok), offsetof(tok, start), 0, an->td.ntoks, at);
}

/* Date arithmetic on the proleptic Gregorian calendar. */
long days_from_civil(int y, int m, int d);
void civil_from_days(long z, int *y, int *m, int *d);
int days_in_month(int y, int m);

/* Parse a date "YYYY-MM-DD", optionally followed by 'T' or ' ' and a time
 * (ignored). Returns 0 and fills y, m, d, or -1 when it is not a real date. */
int parse_iso_date(const char *s, int *y, int *m, int *d);

#endif
