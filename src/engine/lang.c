/*
 * lang.c - language detection (see lang.h): code points for scripts, a hash
 * table of folded stopwords (each with the set of languages it belongs to)
 * for Latin-script languages.
 */
#include "lang.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"

#define LANG_MAX 32
#define LANG_MIN_HITS 20
#define LANG_MAX_WORDS 1000
#define SCRIPT_MIN_LETTERS 50
#define SCRIPT_SCAN_BYTES 65536

struct lang_profiles {
    char names[LANG_MAX][9];
    int nlangs, en;          /* en: index of "en", or -1 */
    uint64_t *keys;          /* fold_hash of each stopword; 0 = empty slot */
    uint32_t *masks;         /* the languages (bits) each belongs to */
    size_t cap, nwords;
};

/* Insert folded word hash h for language bit lang; grows the table at half
 * load. Returns 0, or -1 when out of memory. */
static int put_word(lang_profiles *lp, uint64_t h, int lang)
{
    if (h == 0)
        h = 1;
    if ((lp->nwords + 1) * 2 > lp->cap) {
        size_t nc = lp->cap ? lp->cap * 2 : 1024;
        uint64_t *k = calloc(nc, sizeof *k);
        uint32_t *m = calloc(nc, sizeof *m);
        if (!k || !m) {
            free(k);
            free(m);
            return -1;
        }
        for (size_t i = 0; i < lp->cap; i++)
            if (lp->keys[i]) {
                size_t j = lp->keys[i] & (nc - 1);
                while (k[j])
                    j = (j + 1) & (nc - 1);
                k[j] = lp->keys[i];
                m[j] = lp->masks[i];
            }
        free(lp->keys);
        free(lp->masks);
        lp->keys = k;
        lp->masks = m;
        lp->cap = nc;
    }
    size_t j = h & (lp->cap - 1);
    while (lp->keys[j] && lp->keys[j] != h)
        j = (j + 1) & (lp->cap - 1);
    if (!lp->keys[j]) {
        lp->keys[j] = h;
        lp->nwords++;
    }
    lp->masks[j] |= 1u << lang;
    return 0;
}

/* The languages (bits) of folded word hash h; 0 when it is no stopword. */
static uint32_t word_langs(const lang_profiles *lp, uint64_t h)
{
    if (lp->cap == 0)
        return 0; /* (a stopword file with no word in it: no table at all) */
    if (h == 0)
        h = 1;
    for (size_t j = h & (lp->cap - 1);; j = (j + 1) & (lp->cap - 1)) {
        if (lp->keys[j] == h)
            return lp->masks[j];
        if (!lp->keys[j])
            return 0;
    }
}

/* The index of language name (adding it when new), or -1 when it is not two to
 * eight lower-case letters or there are too many languages. */
static int lang_index(lang_profiles *lp, const char *name)
{
    size_t n = strlen(name);
    if (n < 2 || n > 8)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (name[i] < 'a' || name[i] > 'z')
            return -1;
    for (int i = 0; i < lp->nlangs; i++)
        if (strcmp(lp->names[i], name) == 0)
            return i;
    if (lp->nlangs == LANG_MAX)
        return -1;
    memcpy(lp->names[lp->nlangs], name, n + 1);
    if (strcmp(name, "en") == 0)
        lp->en = lp->nlangs;
    return lp->nlangs++;
}

/* s without leading and trailing blanks (in place). */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Parse one line "LANG | word; word; ...". Returns 0, or -1 with the reason
 * in why. */
static int parse_line(lang_profiles *lp, char *line, char *why, size_t whylen)
{
    char *bar = strchr(line, '|');
    if (!bar) {
        snprintf(why, whylen, "expected 'LANG | word; word; ...'");
        return -1;
    }
    *bar = '\0';
    char *name = trim(line);
    int li = lang_index(lp, name);
    if (li < 0) {
        snprintf(why, whylen, "language '%.20s' must be 2-8 lower-case letters (at most %d languages)", name, LANG_MAX);
        return -1;
    }
    for (char *w = bar + 1; w;) {
        char *semi = strchr(w, ';');
        if (semi)
            *semi = '\0';
        char *word = trim(w);
        w = semi ? semi + 1 : NULL;
        if (!*word)
            continue;
        char f[128];
        size_t fn = fold_text(word, strlen(word), f, sizeof f);
        if (fn == 0 || fn >= sizeof f || memchr(f, ' ', fn)) {
            snprintf(why, whylen, "'%.40s' is not one word", word);
            return -1;
        }
        if (put_word(lp, fold_hash(f, fn), li) < 0) {
            snprintf(why, whylen, "out of memory");
            return -1;
        }
    }
    return 0;
}

/* See lang.h. */
int lang_load(const char *data_dir, lang_profiles **out, char *err, size_t errlen)
{
    *out = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/stopwords.txt", data_dir);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open dictionary: %s", path, strerror(errno));
        return -1;
    }
    lang_profiles *lp = calloc(1, sizeof *lp);
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = lp ? 0 : -1;
    if (!lp)
        snprintf(err, errlen, "out of memory");
    else
        lp->en = -1;
    while (rc == 0 && (got = getline(&line, &cap, f)) >= 0) {
        lineno++;
        char why[200];
        int has_nul = (size_t)got != strlen(line);
        char *s = trim(line);
        if (has_nul) {
            snprintf(err, errlen, "%s:%zu: NUL byte in dictionary line", path, lineno);
            rc = -1;
        } else if (*s && *s != '#' && parse_line(lp, s, why, sizeof why) < 0) {
            snprintf(err, errlen, "%s:%zu: %s", path, lineno, why);
            rc = -1;
        }
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
        rc = -1;
    }
    free(line);
    fclose(f);
    if (rc < 0) {
        lang_free(lp);
        return -1;
    }
    *out = lp;
    return 0;
}

/* See lang.h. lp may be NULL. */
void lang_free(lang_profiles *lp)
{
    if (!lp)
        return;
    free(lp->keys);
    free(lp->masks);
    free(lp);
}

/* See lang.h. */
size_t lang_count(const lang_profiles *lp, size_t *nwords)
{
    *nwords = lp->nwords;
    return (size_t)lp->nlangs;
}

enum script { SC_LATIN, SC_ARABIC, SC_CYRILLIC, SC_HAN, SC_KANA, SC_HANGUL, SC_GREEK, SC_HEBREW,
              SC_DEVANAGARI, SC_THAI, SC_MAX };

/* The script of a letter's code point, or -1 for anything else (digits,
 * punctuation, other scripts). */
static int script_of(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
        return SC_LATIN;
    if ((c >= 0x600 && c <= 0x6FF && !(c >= 0x660 && c <= 0x669)) || (c >= 0x750 && c <= 0x77F) ||
        (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
        return SC_ARABIC;
    if (c >= 0x400 && c <= 0x52F)
        return SC_CYRILLIC;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
        return SC_HAN;
    if (c >= 0x3040 && c <= 0x30FF)
        return SC_KANA;
    if (c >= 0xAC00 && c <= 0xD7AF)
        return SC_HANGUL;
    if (c >= 0x370 && c <= 0x3FF)
        return SC_GREEK;
    if (c >= 0x5D0 && c <= 0x5EA)
        return SC_HEBREW;
    if (c >= 0x900 && c <= 0x97F)
        return SC_DEVANAGARI;
    if (c >= 0xE00 && c <= 0xE7F)
        return SC_THAI;
    return -1;
}

/* Decode the UTF-8 sequence at s (k valid bytes, k >= 2). */
static uint32_t decode(const unsigned char *s, size_t k)
{
    if (k == 2)
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    if (k == 3)
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) |
           (s[3] & 0x3F);
}

/* Which Cyrillic language: Ukrainian letters (і ї є ґ) without Russian ones
 * (ы э ъ) say "uk", the reverse "ru", else "cyrillic". */
static const char *cyrillic_lang(int uk, int ru)
{
    if (uk >= 3 && ru == 0)
        return "uk";
    if (ru >= 3 && uk == 0)
        return "ru";
    return "cyrillic";
}

/* The non-Latin script most of the letters of text are in (see lang.h), or
 * NULL. ASCII letters are counted only when there are enough others to
 * compare them with: most texts are ASCII and pass with one test per byte. */
static const char *script_lang(const char *text, size_t len)
{
    size_t counts[SC_MAX] = {0};
    int uk = 0, ru = 0;
    const unsigned char *s = (const unsigned char *)text;
    size_t n = len < SCRIPT_SCAN_BYTES ? len : SCRIPT_SCAN_BYTES;
    for (size_t i = 0; i < n;) {
        uint64_t w;
        if (i + 8 <= n && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ULL) == 0)) {
            i += 8; /* eight ASCII bytes */
            continue;
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_valid_seq(s + i, n - i);
        if (k < 2) {
            i++;
            continue;
        }
        uint32_t c = decode(s + i, k);
        int sc = script_of(c);
        if (sc >= 0)
            counts[sc]++;
        uk += c == 0x456 || c == 0x457 || c == 0x454 || c == 0x491;
        ru += c == 0x44B || c == 0x44D || c == 0x44A;
        i += k;
    }
    size_t cjk = counts[SC_HAN] + counts[SC_KANA] + counts[SC_HANGUL], total = cjk;
    int best = -1;
    size_t bestn = cjk;
    for (int sc = SC_ARABIC; sc < SC_MAX; sc++) {
        if (sc != SC_HAN && sc != SC_KANA && sc != SC_HANGUL) {
            total += counts[sc];
            if (counts[sc] > bestn) {
                best = sc;
                bestn = counts[sc];
            }
        }
    }
    if (total < SCRIPT_MIN_LETTERS)
        return NULL;
    for (size_t i = 0; i < n; i++)
        counts[SC_LATIN] += s[i] < 0x80 && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z';
    if (bestn <= counts[SC_LATIN])
        return NULL;
    switch (best) {
    case SC_ARABIC: return "ar";
    case SC_CYRILLIC: return cyrillic_lang(uk, ru);
    case SC_GREEK: return "el";
    case SC_HEBREW: return "he";
    case SC_DEVANAGARI: return "hi";
    case SC_THAI: return "th";
    default: break;
    }
    if (counts[SC_HANGUL] > counts[SC_HAN] + counts[SC_KANA])
        return "ko";
    return counts[SC_KANA] * 20 >= cjk ? "ja" : "zh";
}

/* 1 when English has 20 hits and no other language as many: English
 * however the rest of the text goes (another language would need twice as
 * many), so most English documents are decided in their first 64 words. */
static int english_settled(const lang_profiles *lp, const uint32_t *hits)
{
    if (lp->en < 0 || hits[lp->en] < LANG_MIN_HITS)
        return 0;
    for (int i = 0; i < lp->nlangs; i++)
        if (i != lp->en && hits[i] >= hits[lp->en])
            return 0;
    return 1;
}

/* See lang.h. */
const char *lang_detect(const lang_profiles *lp, const text_doc *td)
{
    const char *sc = script_lang(td->text, td->len);
    if (sc)
        return sc;
    if (!lp || lp->nlangs == 0)
        return NULL;
    uint32_t hits[LANG_MAX] = {0};
    size_t words = 0;
    for (size_t i = 0; i < td->ntoks && words < LANG_MAX_WORDS; i++) {
        const tok *t = &td->toks[i];
        if (!(t->flags & TOK_WORD))
            continue;
        words++;
        uint32_t m = word_langs(lp, t->hash);
        while (m) {
            int b = __builtin_ctz(m);
            hits[b]++;
            m &= m - 1;
        }
        if (words % 64 == 0 && english_settled(lp, hits))
            return NULL;
    }
    int best = -1;
    for (int i = 0; i < lp->nlangs; i++)
        if (i != lp->en && (best < 0 || hits[i] > hits[best]))
            best = i;
    if (best < 0)
        return NULL;
    uint32_t en = lp->en >= 0 ? hits[lp->en] : 0;
    if (hits[best] >= LANG_MIN_HITS && hits[best] > 2 * en && hits[best] * 100 >= words * 15)
        return lp->names[best];
    return NULL;
}
