/*
 * rules.h - the token tests every rule of the extract and resolve stages is
 * written in (internal to the engine): token t, the byte span of a token run,
 * "does token t read as this word", "is it this punctuation mark", "has it
 * this word class". One definition each, inline: the rules ask them of nearly
 * every token.
 */
#ifndef TACITUS_RULES_H
#define TACITUS_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "extract.h"
#include "model.h"
#include "text.h"

/* Token t, unchecked. */
static inline const tok *TK(const analysis *an, uint32_t t) { return &an->td.toks[t]; }

/* The byte span of tokens [first, last); needs last > first. */
static inline span tspan(const analysis *an, uint32_t first, uint32_t last)
{
    span s = {TK(an, first)->start, TK(an, last - 1)->end};
    return s;
}

/* isw(an, t, "literal"): token t folds to the literal (length known at compile time). */
#define isw(an, t, lit) isw_n((an), (t), (lit), sizeof(lit) - 1)
/* The function behind isw; w[0..n) need not be NUL-terminated. */
static inline int isw_n(const analysis *an, uint32_t t, const char *w, size_t n)
{
    return t < an->td.ntoks && tok_is_n(&an->td, TK(an, t), w, n);
}

/* 1 when token t exists and has any of the word-class bits cls of bank 0
 * (WC_ classes, wordclass.h). */
static inline int has_wclass(const analysis *an, uint32_t t, uint64_t cls)
{
    return t < an->td.ntoks && (TK(an, t)->wclass & cls) != 0;
}

/* has_wclass for the classes of bank 1 (WC1_). */
static inline int has_wclass1(const analysis *an, uint32_t t, uint64_t cls)
{
    return t < an->td.ntoks && (TK(an, t)->wclass1 & cls) != 0;
}

/* 1 when token t exists and is the punctuation mark p ('"' stands for any
 * quote, '-' for any dash). */
static inline int is_punct_tok(const analysis *an, uint32_t t, char p)
{
    return t < an->td.ntoks && (TK(an, t)->flags & TOK_PUNCT) && TK(an, t)->punct == p;
}

/* 1 when a dictionary mention covers token t (0 past the last token). */
static inline int covered_by_any(const analysis *an, uint32_t t)
{
    return t < an->td.ntoks && an->mention_at[t] >= 0;
}

#endif
