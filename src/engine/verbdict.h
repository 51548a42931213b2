/*
 * verbdict.h - CAMEO verbs with their patterns, held the way PETRARCH's verb
 * dictionary holds them: a verb (all its forms, one lexicon phrase each) with
 * an event code of its own, followed by patterns that refine the code from the
 * words around the verb ("restore * full diplomatic ties": 064), whose words
 * may name a synonym set ("* &tie_types ties"). Loaded from vocab-format lines
 * of kinds verb, pattern and synset (docs/dictionaries.md, "CAMEO verbs and
 * parties"); the dyad pass (dyads.c) codes a verb only between a source and a
 * target party.
 *
 * A pattern's words must appear in order, other words may stand between them:
 * the words before '*' between the source and the verb, the words after it
 * after the verb.
 */
#ifndef TACITUS_VERBDICT_H
#define TACITUS_VERBDICT_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

typedef struct verbdict verbdict;

/* One verb: the interaction (lexicon_interaction id, -1 when the verb codes
 * nothing by itself and only its patterns code) and its patterns. */
typedef struct lex_verb {
    int32_t inter;
    uint32_t pat_first, npat;
} lex_verb;

/* An empty dictionary, or NULL when out of memory. */
verbdict *verbdict_new(void);

/* Free vd (NULL is fine). */
void verbdict_free(verbdict *vd);

/* Add the synonym set name ("tie_types", without '&') whose members are the
 * ';'-separated phrases of list (modified). Returns 0, -1 when out of memory,
 * -2 with the reason in why for a bad or repeated name or an empty list. */
int verbdict_add_synset(verbdict *vd, const char *name, char *list, char *why, size_t cap);

/* Add a verb coding interaction inter (-1: none); its id in *id. Returns 0, or
 * -1 when out of memory. The next patterns belong to it, and to the verbs
 * added just before it with no pattern between (a group of verbs in a row
 * shares the patterns that follow it, as a PETRARCH verb block does). */
int verbdict_add_verb(verbdict *vd, int32_t inter, int32_t *id);

/* Add the pattern "LEFT * RIGHT" (words, '&name' for a synonym set defined
 * above) coding interaction inter to the group of verbs added last. Returns 0, -1 when
 * out of memory, -2 with the reason in why (no verb yet, not exactly one '*',
 * no word, an unknown synonym set, more than 16 words). */
int verbdict_add_pattern(verbdict *vd, const char *pattern, int32_t inter, char *why, size_t cap);

/* The verb with this id, or NULL. */
const lex_verb *verbdict_verb(const verbdict *vd, int32_t id);

/* The interaction of the pattern of verb id that matches td with the most
 * words: its words before '*' in order among tokens [lfrom, vfirst), those
 * after it among [vlast, rto). -1 when none matches. */
int32_t verbdict_match(const verbdict *vd, int32_t id, const text_doc *td, uint32_t lfrom, uint32_t vfirst,
                       uint32_t vlast, uint32_t rto);

#endif
