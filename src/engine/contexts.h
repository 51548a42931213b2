/*
 * contexts.h - PLOVER's contexts: the domain of policy or life an event
 * belongs to ("military", "election", "migration"; codebooks.md, PLOVER). The
 * phrases that name each one are data (data/plover-contexts.txt, read by the
 * lexicon); an event takes every context a phrase of its own sentence names,
 * with the phrase as evidence (plover_context_pass, resolve_int.h).
 *
 * The table is a small hash of folded phrases, apart from the lexicon's
 * longest-match scan, so a context phrase hides no trigger ("nuclear talks"
 * still tells talks) and costs the scan nothing: it is read only in the
 * sentences that hold an event.
 */
#ifndef TACITUS_CONTEXTS_H
#define TACITUS_CONTEXTS_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

/* The contexts, in PLOVER's order; a context is a bit (1u << PCTX_x) of a set. */
enum pctx {
    PCTX_POLITICAL, PCTX_MILITARY, PCTX_INTELLIGENCE, PCTX_PEACEKEEPING, PCTX_ECONOMIC,
    PCTX_DIPLOMATIC, PCTX_RESOURCE, PCTX_CULTURE, PCTX_DISEASE, PCTX_ENVIRO_DISASTER,
    PCTX_MIGRATION, PCTX_HUMANITARIAN, PCTX_LEGAL, PCTX_HUMAN_RIGHTS, PCTX_RIGHTS_FREEDOMS,
    PCTX_GENDER, PCTX_LGBT, PCTX_TERRORISM, PCTX_HUMAN_SECURITY, PCTX_RELIGION_ETHNICITY,
    PCTX_GOVERNMENT, PCTX_ELECTION, PCTX_LEGISLATIVE, PCTX_CBRN, PCTX_CYBER,
    PCTX_POLITICAL_INSTITUTIONS, PCTX_CORRUPTION, PCTX_CRIME, PCTX_MAX
};

/* The most words in one context phrase. */
#define PCTX_MAX_WORDS 4

typedef struct pctx_table pctx_table;

/* An empty table, or NULL when out of memory. */
pctx_table *pctx_new(void);

/* Free t (NULL is fine). */
void pctx_free(pctx_table *t);

/* The context named name ("military"), or -1. */
int pctx_parse(const char *name);

/* The name of context c, or NULL when out of range. */
const char *pctx_name(int c);

/* Add the ';'-separated phrases of list as names of context c (empty items
 * are skipped). Returns 0, -1 when out of memory, -2 with the reason in why
 * for a phrase of more than PCTX_MAX_WORDS words or 511 bytes. */
int pctx_add(pctx_table *t, int c, const char *list, char *why, size_t cap);

/* The contexts named by the phrases that start at token k of td and end in
 * its sentence (every length: none hides another), as a bit set; *last gets
 * the end token of the longest such phrase. 0 when none. */
uint32_t pctx_at(const pctx_table *t, const text_doc *td, uint32_t k, uint32_t *last);

#endif
