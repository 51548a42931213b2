/*
 * petrarch.h - convert PETRARCH/TABARI dictionaries (CAMEO actor, agent and
 * verb dictionaries, as shipped with PETRARCH2) into tacitus' own dictionary
 * formats, so users of those coders can bring their dictionaries along
 * ('tacitus dict import --petrarch', cli/dict.c).
 *
 * An importer converts one or more input files into four output streams in the
 * formats of actors.txt, agents.txt, titles.txt and vocab.txt (see
 * docs/dictionaries.md, "Importing PETRARCH/TABARI dictionaries", for the
 * mapping tables). It skips every phrase that the target lexicon already
 * matches, and every phrase an earlier entry of the same import wrote, so no
 * phrase yields two mentions. Entries it cannot map faithfully are counted by
 * reason, never guessed. There is no global state: everything lives in the
 * importer.
 */
#ifndef TACITUS_PETRARCH_H
#define TACITUS_PETRARCH_H

#include <stddef.h>
#include <stdio.h>

#include "lexicon.h"

/* The kinds of PETRARCH dictionary: actors, agents, verbs, and discards (words
 * whose sentence, or with '+' whose story, PETRARCH does not code; told only
 * by the file's name, "...discards..."). */
typedef enum petr_kind { PETR_DETECT = 0, PETR_ACTORS, PETR_AGENTS, PETR_VERBS, PETR_DISCARDS } petr_kind;

/* The five outputs, in the order of petr_importer_new's streams: the formats
 * of actors.txt, agents.txt, titles.txt and vocab.txt, and the CAMEO verb
 * dictionary and its parties (vocab.txt's format, kinds party, verb, pattern,
 * synset and discard: docs/dictionaries.md). */
enum petr_out { PO_ACTORS = 0, PO_AGENTS, PO_TITLES, PO_VOCAB, PO_CAMEO, PO_MAX };

/* Why an input entry was not imported (see petr_skip_name). */
enum petr_skip {
    PSK_NO_CODE = 0, /* no [code] at all */
    PSK_BAD_CODE,    /* a code (or its date restriction) that cannot be read, or an unknown
                        country/organisation prefix */
    PSK_PLACE,       /* a country or region name: places come from the gazetteer */
    PSK_PERSON,      /* an individual (elite, office holder), not an armed organisation */
    PSK_ROLE,        /* a CAMEO role with no tacitus counterpart (business, media, ...) */
    PSK_TOO_LONG,    /* the name has more than 8 words */
    PSK_KNOWN,       /* already in the target dictionaries */
    PSK_DUPLICATE,   /* an earlier entry of this import already wrote it */
    PSK_SUBST,       /* a !set! substitution this file does not define */
    PSK_PREFIX,      /* a prefix agent code (IGO~): it qualifies a following actor */
    PSK_EVENT,       /* a CAMEO event code with no tacitus event (or no code: ---) */
    PSK_PATTERN,     /* a verb pattern or verb that is not a plain contiguous phrase */
    PSK_REDUNDANT,   /* a pattern coding the same event as its verb block */
    PSK_SHADOW,      /* the pattern phrase would hide an existing non-event entry */
    PSK_SYNSET,      /* a verb synonym set (&NAME): used by patterns, not an entry */
    PSK_UNREADABLE,  /* the name holds a stray control byte (a mangled character) */
    PSK_MALFORMED,   /* a line with an unclosed '[' or '{' (a typo, a truncated file) */
    PSK_VAGUE,       /* a one-word verb (without PETR_BARE_VERBS): too vague alone */
    PSK_MAX
};

/* Figures for one input file. */
typedef struct petr_stats {
    petr_kind kind;
    int detected;                     /* 1: kind detected from content; 0: from the name */
    unsigned long entries;            /* entries read */
    unsigned long imported;           /* entries written (to any output) */
    unsigned long phrases;            /* phrases written */
    unsigned long phrases_known;      /* phrases dropped: the target dictionaries match them */
    unsigned long phrases_duplicate;  /* phrases dropped: written earlier by this import */
    unsigned long phrases_long;       /* phrases dropped: more than 8 words */
    unsigned long written[PO_MAX];    /* entries written to each output */
    unsigned long skipped[PSK_MAX];   /* entries skipped, by reason */
} petr_stats;

/* Return codes of the import functions. */
enum { PETR_OK = 0, PETR_EDATA = -1, PETR_ESYS = -2 };

typedef struct petr_importer petr_importer;

/* Importer flags. PETRARCH codes a verb only between a source and a target
 * actor it has parsed; tacitus reads a vocabulary phrase on its own, so a bare
 * verb of CAMEO's WordNet-grown synonym sets ("ring", "master", "upset") would
 * code every sentence that uses it. By default only verb phrases of two or more
 * words (multi-word verbs, verb + object patterns) are imported; this flag
 * imports one-word verbs too. */
enum { PETR_BARE_VERBS = 1 };

/* A new importer that checks phrases against lx (NULL: check only against this
 * import) and writes entries to out[PO_ACTORS..PO_CAMEO] (all five must be open
 * streams; they stay the caller's); flags is 0 or PETR_BARE_VERBS. Returns
 * NULL when out of memory. */
petr_importer *petr_importer_new(const lexicon *lx, FILE *const out[PO_MAX], unsigned flags);

/* Free the importer (NULL is fine); the streams are not closed. */
void petr_importer_free(petr_importer *im);

/* Import the dictionary text[0..len), named name (a path or file name, used in
 * messages and to guess the kind when the content does not tell it). kind is
 * PETR_DETECT to detect it. Figures go to *st (zeroed first).
 * Lines that cannot be read as entries (an unclosed '[' or '{', a truncated
 * last line, unknown codes) are counted in st->skipped, not errors.
 * Returns PETR_OK; PETR_EDATA with "name:line: reason" in err when the input
 * is not a dictionary (a NUL byte, or control bytes in over 1% of the bytes:
 * a binary file; a kind that can be neither detected nor guessed); PETR_ESYS
 * with the reason in err when out of memory or an output cannot be written.
 * Entries written before an error stay in the outputs: the caller discards
 * them. */
int petr_import_buffer(petr_importer *im, const char *name, const char *text, size_t len, petr_kind kind,
                       petr_stats *st, char *err, size_t errlen);

/* petr_import_buffer on the file at path (at most 256 MiB). A file that cannot
 * be read is PETR_ESYS, "path: reason". */
int petr_import_file(petr_importer *im, const char *path, petr_kind kind, petr_stats *st, char *err,
                     size_t errlen);

/* "actors", "agents", "verbs" ("unknown" for PETR_DETECT). */
const char *petr_kind_name(petr_kind k);

/* A short phrase for a skip reason ("person", "role not mapped", ...); "?" out of range. */
const char *petr_skip_name(int reason);

/* The MIT licence notice of the PETRARCH2 dictionaries (Open Event Data), for
 * the headers of generated files: lines without comment markers. */
const char *petr_licence_notice(void);

#endif
