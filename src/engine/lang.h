/*
 * lang.h - the language of a document, so that text tacitus cannot code (it
 * codes English) is reported instead of silently giving no events. Scripts are
 * told by their code points (Arabic, Cyrillic, CJK, Greek, Hebrew...); Latin-
 * script languages by a stopword profile loaded from data/stopwords.txt.
 */
#ifndef TACITUS_LANG_H
#define TACITUS_LANG_H

#include <stddef.h>

#include "text.h"

typedef struct lang_profiles lang_profiles;

/* Load DIR/stopwords.txt: lines "LANG | word; word; ..." (LANG two to eight
 * lower-case letters; a language may take several lines; '#' comments). Each
 * word is folded like text, and must fold to one word. Returns 0, or -1 with
 * "path:line: reason" (or the reason the file cannot be read) in err. */
int lang_load(const char *data_dir, lang_profiles **out, char *err, size_t errlen);
void lang_free(lang_profiles *lp);

/* Number of languages and stopwords loaded (dict check). */
size_t lang_count(const lang_profiles *lp, size_t *nwords);

/* The language of a tokenised text when there is enough evidence that it is
 * not English: a script other than Latin for most of at least 50 letters
 * ("ar", "ru", "uk", "cyrillic", "zh", "ja", "ko", "el", "he", "hi", "th"), or a
 * profile's stopwords for at least 20 of the first 1,000 words, more than twice
 * the English ones and at least 15% of the words. NULL for English (settled
 * as soon as English has 20 hits and no other language as many), for short or
 * mixed texts and when undecided (those are coded as English). Reads at most
 * the first 64 KiB and 1,000 words: cost bounded per document. The returned
 * string is static or owned by lp. */
const char *lang_detect(const lang_profiles *lp, const text_doc *td);

#endif
