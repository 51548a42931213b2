/*
 * fold.c - Unicode folding of names and tokens (see fold.h for the rules).
 * utf8proc does the Unicode work; the ASCII fast path covers most news text.
 */
#include "fold.h"

#include <string.h>
#include <utf8proc.h>

/* 1 for the code points folding deletes: the ASCII and typographic
 * apostrophes, the modifier letters used as ones, the backtick and the acute accent. */
static int is_apostrophe(utf8proc_int32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x02BB ||
           c == 0x02BF || c == 0x02BE || c == '`' || c == 0x00B4;
}

/* Append one byte, tracking the would-be length. */
static inline void put(char *dst, size_t cap, size_t *n, char c)
{
    if (*n + 1 < cap)
        dst[*n] = c;
    (*n)++;
}

/* See fold.h. */
size_t fold_text(const char *src, size_t len, char *dst, size_t cap)
{
    size_t n = 0;
    int pending_space = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char b = (unsigned char)src[i];
        if (b < 0x80) {
            i++;
            if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
                if (pending_space && n > 0)
                    put(dst, cap, &n, ' ');
                pending_space = 0;
                put(dst, cap, &n, (char)b);
            } else if (b >= 'A' && b <= 'Z') {
                if (pending_space && n > 0)
                    put(dst, cap, &n, ' ');
                pending_space = 0;
                put(dst, cap, &n, (char)(b + 32));
            } else if (b == '\'' || b == '`') {
                /* deleted: joins the two sides */
            } else {
                pending_space = 1;
            }
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)src + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            i++;
            pending_space = 1;
            continue;
        }
        i += (size_t)k;
        if (is_apostrophe(cp))
            continue;
        /* decompose, case fold, strip marks */
        utf8proc_int32_t buf[8];
        int last = 0;
        utf8proc_ssize_t m = utf8proc_decompose_char(
            cp, buf, 8, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPAT, &last);
        if (m < 0 || m > 8) {
            pending_space = 1;
            continue;
        }
        for (utf8proc_ssize_t j = 0; j < m; j++) {
            utf8proc_int32_t c = buf[j];
            utf8proc_category_t cat = utf8proc_category(c);
            int alnum = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                        cat == UTF8PROC_CATEGORY_ND;
            if (!alnum) {
                if (cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC &&
                    cat != UTF8PROC_CATEGORY_ME && !is_apostrophe(c))
                    pending_space = 1;
                continue;
            }
            if (pending_space && n > 0)
                put(dst, cap, &n, ' ');
            pending_space = 0;
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t e = utf8proc_encode_char(c, enc);
            for (utf8proc_ssize_t q = 0; q < e; q++)
                put(dst, cap, &n, (char)enc[q]);
        }
    }
    if (cap > 0)
        dst[n < cap ? n : cap - 1] = '\0';
    return n;
}

/* See fold.h. Any byte the fast path does not handle (non-ASCII, punctuation
 * other than an apostrophe) sends the whole token through fold_text. */
size_t fold_token(const char *src, size_t len, char *dst, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)src[i];
        if (b >= 0x80)
            return fold_text(src, len, dst, cap);
        if (b == '\'' || b == '`')
            continue;
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b + 32);
        else if (!((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')))
            return fold_text(src, len, dst, cap);
        put(dst, cap, &n, (char)b);
    }
    if (cap > 0)
        dst[n < cap ? n : cap - 1] = '\0';
    return n;
}

/* See fold.h. n must be at least 1: s[0] is always read. */
size_t utf8_valid_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t need;
    unsigned cp, min;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0) {
        need = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        need = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        need = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else
        return 0;
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

static int skel_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Is w[0..n) an article word of Arabic-style names ("al", "ash", "el")? */
static int skel_article(const char *w, size_t n)
{
    static const char *const art[] = {"al", "el", "ul", "il", "an", "ar", "as", "ash", "at", "ad", "az",
                                      "ed", "en", "er", "es", "et", "ez", "ud", "un", "ur", "us", "ut",
                                      "adh", "ath", "ech", "esh", NULL};
    if (n < 2 || n > 3)
        return 0; /* (every article has two or three letters) */
    for (int i = 0; art[i]; i++)
        if (art[i][0] == w[0] && art[i][1] == w[1] && art[i][2] == (n == 3 ? w[2] : '\0'))
            return 1;
    return 0;
}

/* See fold.h. */
size_t fold_skeleton(const char *folded, size_t n, char *dst, size_t cap)
{
    if (cap < 2)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = folded[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' '))
            return 0;
    }
    size_t words = 1;
    for (size_t i = 0; i < n; i++)
        words += folded[i] == ' ';
    size_t o = 0, letters = 0, consonants = 0;
    dst[o++] = '~';
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && folded[j] != ' ')
            j++;
        const char *w = folded + i;
        size_t wl = j - i;
        i = j + 1;
        if (wl == 0 || (words > 1 && skel_article(w, wl)))
            continue;
        if (o > 1) {
            if (o + 1 >= cap)
                return 0;
            dst[o++] = ' ';
        }
        char prev = 0; /* the last letter written for this word */
        for (size_t k = 0; k < wl; k++) {
            char c = w[k], nx = k + 1 < wl ? w[k + 1] : 0;
            if ((c == 'k' || c == 'g' || c == 'p' || c == 'd' || c == 't') && nx == 'h') {
                c = c == 'p' ? 'f' : c; /* kh gh ph dh th: the h goes */
                k++;
            } else if (c == 'q')
                c = 'k';
            else if (c == 'v')
                c = 'w';
            if ((c == 'y' || c == 'w') && (skel_vowel(w[k > 0 ? k - 1 : k]) && k > 0))
                c = 'a'; /* "shaykh", "mawlawi": part of the vowel */
            else if ((c == 'y' || c == 'w') && k + 1 < wl && !skel_vowel(w[k + 1]) && k > 0)
                c = 'a';
            if (skel_vowel(c))
                c = 'a';
            if (c == 'h' && k + 1 == wl && prev == 'a')
                continue; /* "Shuqrah" = "Shuqra" */
            if (c == prev)
                continue;
            if (o + 1 >= cap)
                return 0;
            dst[o++] = c;
            prev = c;
            letters++;
            consonants += c != 'a';
        }
    }
    if (letters < 6 || consonants < 3)
        return 0;
    dst[o] = '\0';
    return o;
}
