/*
 * text.h - the text stage: one pass over a document's bytes that yields tokens
 * with byte offsets, their folded forms and hashes, case and shape flags,
 * digit values, and sentence and line boundaries.
 *
 * Tokens are words (letters and digits, with inner apostrophes), numbers
 * ("1,200" is one token worth 1200) and single punctuation marks. Hyphens,
 * slashes and spaces separate words without being tokens themselves, so
 * "Tehrik-e-Taliban" yields three tokens whose folded n-gram is
 * "tehrik e taliban", the same bytes fold_text() gives the whole name.
 * A possessive "'s" is dropped and flagged on its word.
 */
#ifndef TACITUS_TEXT_H
#define TACITUS_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"

enum tok_flags {
    TOK_WORD = 1u << 0,       /* letters (possibly with digits) */
    TOK_NUM = 1u << 1,        /* digits; value in tok.value */
    TOK_PUNCT = 1u << 2,      /* one punctuation mark; tok.punct holds it */
    TOK_CAP = 1u << 3,        /* first letter upper case */
    TOK_ALLCAP = 1u << 4,     /* every letter upper case (and at least 2 letters) */
    TOK_SENT_START = 1u << 5, /* first token of a sentence */
    TOK_LINE_START = 1u << 6, /* first token of a line (paragraph or headline) */
    TOK_HYPHEN = 1u << 7,     /* joined to the previous token by a hyphen */
    TOK_POSS = 1u << 8,       /* followed by a possessive 's */
    TOK_QUOTE = 1u << 9,      /* inside a quotation */
};

typedef struct tok {
    uint32_t start, end;  /* byte span in the text */
    uint32_t fold_off;    /* folded form: text_doc.folded + fold_off */
    uint16_t fold_len;
    uint16_t flags;       /* enum tok_flags */
    uint64_t hash;        /* fold_hash of the folded form */
    int64_t value;        /* TOK_NUM: the number, else -1 */
    uint32_t sent;        /* sentence index */
    char punct;           /* TOK_PUNCT: the ASCII mark ('.', ',', '"' for any quote, '-' for dashes) */
    uint64_t wclass;      /* bit set of word classes, bank 0 (wordclass.h; filled by lexicon_classify) */
    uint64_t wclass1;     /* ... and bank 1 */
} tok;

typedef struct sentence {
    uint32_t first, last; /* token range [first, last) */
    uint32_t start, end;  /* byte span */
    uint32_t line;        /* line (paragraph) index, 0 = first line */
} sentence;

typedef struct text_doc {
    const char *text;
    size_t len;
    tok *toks;
    size_t ntoks;
    sentence *sents;
    size_t nsents;
    size_t nsplit;        /* sentences split at TEXT_SENT_MAX_TOKENS */
    char *folded;         /* pool of folded token forms */
    size_t headline_end;  /* byte offset where the first line ends */
} text_doc;

/* The most tokens of one sentence: a longer run without a sentence end (no
 * sentence of a news report comes near: a 512-token sentence is some 2,500
 * characters) is split there, so that the rules that compare the words of a
 * sentence pairwise stay linear in the document (td->nsplit counts the splits). */
#define TEXT_SENT_MAX_TOKENS 512

/* Tokenise text[0..len) into td using arena a. Returns 0, or -1 when the arena
 * limit is reached (the document is too large for the configured cap). The text
 * must stay alive as long as td is used. */
int text_tokenize(const char *text, size_t len, arena *a, text_doc *td);

/* The folded form of token i (not NUL-terminated; length t->fold_len). */
static inline const char *tok_fold(const text_doc *td, const tok *t)
{
    return td->folded + t->fold_off;
}

/* 1 when token t folds to exactly w[0..n). */
static inline int tok_is_n(const text_doc *td, const tok *t, const char *w, size_t n)
{
    return t->fold_len == n && memcmp(td->folded + t->fold_off, w, n) == 0;
}

/* 1 when token t folds to exactly the NUL-terminated word w. */
int tok_is(const text_doc *td, const tok *t, const char *w);

#endif
