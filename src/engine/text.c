/*
 * text.c - tokeniser and sentence splitter (see text.h). One forward pass over
 * the bytes; tokens, sentences and folded forms all live in the caller's arena.
 */
#include "text.h"

#include <string.h>
#include <utf8proc.h>

#include "fold.h"

/* C_SEP is 0 so that unlisted ASCII bytes in ascii_class are separators. */
enum cclass { C_SEP, C_SPACE, C_NEWLINE, C_ALPHA, C_DIGIT, C_APOS, C_QUOTE, C_DASH, C_HYPHEN,
              C_SENTP, C_PUNCT };

/* Decode one code point at s[i]; sets *cp and returns its byte length (1 for
 * an invalid byte, which is then reported as U+FFFD). */
static size_t decode(const char *s, size_t len, size_t i, int32_t *cp)
{
    unsigned char b = (unsigned char)s[i];
    if (b < 0x80) {
        *cp = b;
        return 1;
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &c);
    if (k <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return (size_t)k;
}

/* Classes of the ASCII characters, indexed by byte. */
static const unsigned char ascii_class[128] = {
    ['\n'] = C_NEWLINE, [' '] = C_SPACE, ['\t'] = C_SPACE, ['\r'] = C_SPACE, ['\f'] = C_SPACE,
    ['\v'] = C_SPACE, [0] = C_SPACE,
    ['a'] = C_ALPHA, ['b'] = C_ALPHA, ['c'] = C_ALPHA, ['d'] = C_ALPHA, ['e'] = C_ALPHA, ['f'] = C_ALPHA,
    ['g'] = C_ALPHA, ['h'] = C_ALPHA, ['i'] = C_ALPHA, ['j'] = C_ALPHA, ['k'] = C_ALPHA, ['l'] = C_ALPHA,
    ['m'] = C_ALPHA, ['n'] = C_ALPHA, ['o'] = C_ALPHA, ['p'] = C_ALPHA, ['q'] = C_ALPHA, ['r'] = C_ALPHA,
    ['s'] = C_ALPHA, ['t'] = C_ALPHA, ['u'] = C_ALPHA, ['v'] = C_ALPHA, ['w'] = C_ALPHA, ['x'] = C_ALPHA,
    ['y'] = C_ALPHA, ['z'] = C_ALPHA,
    ['A'] = C_ALPHA, ['B'] = C_ALPHA, ['C'] = C_ALPHA, ['D'] = C_ALPHA, ['E'] = C_ALPHA, ['F'] = C_ALPHA,
    ['G'] = C_ALPHA, ['H'] = C_ALPHA, ['I'] = C_ALPHA, ['J'] = C_ALPHA, ['K'] = C_ALPHA, ['L'] = C_ALPHA,
    ['M'] = C_ALPHA, ['N'] = C_ALPHA, ['O'] = C_ALPHA, ['P'] = C_ALPHA, ['Q'] = C_ALPHA, ['R'] = C_ALPHA,
    ['S'] = C_ALPHA, ['T'] = C_ALPHA, ['U'] = C_ALPHA, ['V'] = C_ALPHA, ['W'] = C_ALPHA, ['X'] = C_ALPHA,
    ['Y'] = C_ALPHA, ['Z'] = C_ALPHA,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
    ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
    ['\''] = C_APOS, ['`'] = C_APOS, ['"'] = C_QUOTE, ['-'] = C_HYPHEN,
    ['.'] = C_SENTP, ['!'] = C_SENTP, ['?'] = C_SENTP,
    [','] = C_PUNCT, [';'] = C_PUNCT, [':'] = C_PUNCT, ['('] = C_PUNCT, [')'] = C_PUNCT,
    ['['] = C_PUNCT, [']'] = C_PUNCT, ['{'] = C_PUNCT, ['}'] = C_PUNCT,
};

/* The tokenizer's class of code point c; unlisted ASCII and unknown symbols
 * are separators (C_SEP). */
static enum cclass classify(int32_t c)
{
    if (c < 0x80)
        return c >= 0 ? (enum cclass)ascii_class[c] : C_SEP;
    switch (c) {
    case 0x2019: case 0x2018: case 0x02BC: case 0x02BB: case 0x02BF: case 0x02BE:
        return C_APOS;
    case 0x201C: case 0x201D: case 0x00AB: case 0x00BB: case 0x201E: case 0x201F:
        return C_QUOTE;
    case 0x2013: case 0x2014: case 0x2012: case 0x2015: case 0x2212:
        return C_DASH;
    case 0x2010: case 0x2011:
        return C_HYPHEN;
    case 0x2026:
        return C_SENTP;
    case 0x00A0: case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: case 0x3000:
    case 0x2028: case 0x2029: case 0xFFFD:
        return C_SPACE;
    default:
        break;
    }
    if (c >= 0x2000 && c <= 0x200A)
        return C_SPACE;
    utf8proc_category_t cat = utf8proc_category(c);
    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
        return C_ALPHA;
    if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC || cat == UTF8PROC_CATEGORY_ME)
        return C_ALPHA;
    if (cat == UTF8PROC_CATEGORY_ND)
        return C_DIGIT;
    if (cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF)
        return C_SPACE;
    return C_SEP;
}

/* 1 for an upper-case or title-case letter. */
static int is_upper_cp(int32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LU || utf8proc_category(c) == UTF8PROC_CATEGORY_LT;
}

/* 1 for a lower-case letter. */
static int is_lower_cp(int32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

/* Abbreviations after which a period does not end a sentence (folded). */
static const struct { const char *w; unsigned char n; } abbreviations[] = {
    {"mr", 2}, {"mrs", 3}, {"ms", 2}, {"dr", 2}, {"gen", 3}, {"col", 3}, {"lt", 2}, {"sgt", 3},
    {"capt", 4}, {"maj", 3}, {"gov", 3}, {"sen", 3}, {"rep", 3}, {"st", 2}, {"jan", 3}, {"feb", 3},
    {"mar", 3}, {"apr", 3}, {"jun", 3}, {"jul", 3}, {"aug", 3}, {"sep", 3}, {"sept", 4}, {"oct", 3},
    {"nov", 3}, {"dec", 3}, {"no", 2}, {"vs", 2}, {"jr", 2}, {"sr", 2}, {"prof", 4}, {"rev", 3},
    {"hon", 3}, {"cpl", 3}, {"pvt", 3}, {"brig", 4}, {"cmdr", 4}, {"adm", 3}, {"inc", 3}, {"ltd", 3},
    {"co", 2}, {"corp", 4}, {"dept", 4}, {"ft", 2}, {"mt", 2}, {"gens", 4}, {"lieut", 5}, {"supt", 4},
    {"insp", 4}, {"messrs", 6}, {"approx", 6}, {"u s", 3}, {"u n", 3}, {"u k", 3}, {"e g", 3},
    {"i e", 3}, {"a m", 3}, {"p m", 3}};

/* 1 when the folded word f[0..n) is a single letter or a known abbreviation,
 * so that a period after it need not end the sentence. */
static int is_abbreviation(const char *f, size_t n)
{
    if (n == 1)
        return 1; /* an initial: "J. Smith" */
    if (n > 6)
        return 0;
    for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
        if (abbreviations[i].n == n && abbreviations[i].w[0] == f[0] && memcmp(abbreviations[i].w, f, n) == 0)
            return 1;
    return 0;
}

/* The end of the run of ASCII letters at text[r..len); *uppers counts its
 * capitals. With fold, the run is also written there lowercased and hashed
 * into *fh (fold_hash_more): the tokenizer's hot loop, a few instructions a
 * letter. */
static inline size_t ascii_letters(const char *text, size_t len, size_t r, int *uppers, char *fold, uint64_t *fh)
{
    size_t r0 = r;
    int up = 0;
    if (fold) {
        uint64_t h = *fh;
        for (; r < len; r++) {
            unsigned char x = (unsigned char)text[r];
            if ((unsigned char)(x - 'a') > 25) {
                if ((unsigned char)(x - 'A') > 25)
                    break;
                up++;
                x = (unsigned char)(x + 32);
            }
            fold[r - r0] = (char)x;
            h = (h ^ x) * FOLD_HASH_PRIME;
        }
        *fh = h;
    } else {
        for (; r < len; r++) {
            unsigned char x = (unsigned char)text[r];
            if ((unsigned char)(x - 'a') > 25) {
                if ((unsigned char)(x - 'A') > 25)
                    break;
                up++;
            }
        }
    }
    *uppers += up;
    return r;
}

/* See text.h. */
int tok_is(const text_doc *td, const tok *t, const char *w)
{
    size_t n = strlen(w);
    return t->fold_len == n && memcmp(tok_fold(td, t), w, n) == 0;
}

/* See text.h. td is reset first. Also -1 when the sentence table (one slot per
 * two tokens, plus four) fills, e.g. a long list of one-word lines. */
int text_tokenize(const char *text, size_t len, arena *a, text_doc *td)
{
    memset(td, 0, sizeof *td);
    td->text = text;
    td->len = len;
    /* news averages a token per five or six bytes: start at a third, grow when
     * pathological text ("a a a a") needs more */
    size_t cap_toks = len / 3 + 16;
    td->toks = arena_alloc_raw(a, cap_toks * sizeof(tok));
    size_t fold_cap = len * 3 + 64;
    td->folded = arena_alloc_raw(a, fold_cap);
    if (!td->toks || !td->folded)
        return -1;
    size_t fold_used = 0;
    size_t nt = 0;
    size_t i = 0;
    int line_start = 1;
    int hyphen_pending = 0;
    int in_quote = 0;
    td->headline_end = len;
    int seen_newline = 0;

    while (i < len) {
        /* runs of ASCII spaces are most of what lies between tokens */
        if (text[i] == ' ') {
            hyphen_pending = 0;
            i++;
            continue;
        }
        int32_t c;
        size_t k = decode(text, len, i, &c);
        enum cclass cl = classify(c);
        if (cl == C_NEWLINE) {
            if (!seen_newline && nt > 0) {
                td->headline_end = i;
                seen_newline = 1;
            }
            line_start = 1;
            hyphen_pending = 0;
            in_quote = 0;
            i += k;
            continue;
        }
        if (cl == C_SPACE || cl == C_SEP) {
            hyphen_pending = 0;
            i += k;
            continue;
        }
        if (nt + 1 >= cap_toks) {
            tok *bigger = arena_alloc_raw(a, cap_toks * 2 * sizeof(tok));
            if (!bigger)
                return -1;
            memcpy(bigger, td->toks, nt * sizeof(tok));
            td->toks = bigger;
            cap_toks *= 2;
        }
        tok *t = &td->toks[nt];
        memset(t, 0, sizeof *t);
        t->value = -1;
        t->start = (uint32_t)i;
        if (cl == C_HYPHEN) {
            /* a hyphen between two word characters joins; otherwise it is a dash */
            int prev_word = nt > 0 && td->toks[nt - 1].end == i &&
                            !(td->toks[nt - 1].flags & TOK_PUNCT);
            int32_t nc = 0;
            if (i + k < len)
                decode(text, len, i + k, &nc);
            enum cclass ncl = classify(nc);
            if (prev_word && (ncl == C_ALPHA || ncl == C_DIGIT)) {
                hyphen_pending = 1;
                i += k;
                continue;
            }
            if (!prev_word && (ncl == C_ALPHA || ncl == C_DIGIT) && nt > 0 &&
                !(td->toks[nt - 1].flags & TOK_PUNCT) && td->toks[nt - 1].end + 1 >= i) {
                hyphen_pending = 1;
                i += k;
                continue;
            }
            cl = C_DASH;
        }
        int single_quote = 0;
        if (cl == C_APOS) {
            /* a stray apostrophe outside a word acts as a quote mark; single
             * quotes (headline style: 'kills two') do not open a quotation */
            cl = C_QUOTE;
            single_quote = 1;
        }
        int pure = 0;                 /* a word folded into fh and the folds as read */
        uint64_t fh = FOLD_HASH_INIT;
        if (cl == C_QUOTE || cl == C_DASH || cl == C_SENTP || cl == C_PUNCT) {
            t->flags = TOK_PUNCT;
            t->punct = cl == C_QUOTE ? '"' : cl == C_DASH ? '-' : c == 0x2026 ? '.' : (char)c;
            t->end = (uint32_t)(i + k);
            i += k;
            if (cl == C_QUOTE && !single_quote) {
                if (c == 0x201C || c == 0x00AB)
                    in_quote = 1;
                else if (c == 0x201D || c == 0x00BB)
                    in_quote = 0;
                else
                    in_quote = !in_quote;
            }
        } else {
            /* a word or a number */
            size_t j = i;
            int letters = 0, uppers = 0, digits = 0, first_upper = -1;
            int64_t value = 0;
            int numeric = (cl == C_DIGIT);
            /* a token of ASCII letters and digits only (most) is folded and
             * hashed as it is read, when the rest of the text would fit */
            char *fdst = td->folded + fold_used;
            pure = fold_used + (len - i) + 1 <= fold_cap;
            while (j < len) {
                /* fast path: a run of ASCII letters */
                unsigned char ab = (unsigned char)text[j];
                if ((ab >= 'a' && ab <= 'z') || (ab >= 'A' && ab <= 'Z')) {
                    int up = 0;
                    size_t r = ascii_letters(text, len, j, &up, pure ? fdst + (j - i) : NULL, &fh);
                    uppers += up;
                    letters += (int)(r - j) - up;
                    if (first_upper < 0)
                        first_upper = ab <= 'Z';
                    numeric = 0;
                    j = r;
                    continue;
                }
                int32_t d;
                size_t dk = decode(text, len, j, &d);
                enum cclass dc = classify(d);
                if (dc == C_DIGIT && pure && d < 0x80) {
                    fdst[j - i] = (char)d;
                    fh = (fh ^ (uint64_t)d) * FOLD_HASH_PRIME;
                } else if (dc == C_ALPHA || dc == C_DIGIT) {
                    pure = 0; /* (a mark that joins the token clears it below) */
                }
                if (dc == C_ALPHA) {
                    if (first_upper < 0)
                        first_upper = is_upper_cp(d);
                    if (is_upper_cp(d))
                        uppers++;
                    else if (is_lower_cp(d))
                        letters++;
                    numeric = 0;
                    j += dk;
                } else if (dc == C_DIGIT) {
                    digits++;
                    if (numeric && d < 0x80 && value < 100000000000LL)
                        value = value * 10 + (d - '0');
                    j += dk;
                } else if (dc == C_APOS) {
                    /* inner apostrophe: keep when a letter follows, except possessive 's */
                    int32_t n1 = 0, n2 = 0;
                    size_t k1 = j + dk < len ? decode(text, len, j + dk, &n1) : 0;
                    if (j + dk + k1 < len)
                        decode(text, len, j + dk + k1, &n2);
                    if ((n1 == 's' || n1 == 'S') && classify(n2) != C_ALPHA &&
                        classify(n2) != C_DIGIT) {
                        t->flags |= TOK_POSS;
                        break;
                    }
                    if (classify(n1) == C_ALPHA && (letters + uppers) > 0) {
                        j += dk;
                        pure = 0;
                        continue;
                    }
                    break;
                } else if (dc == C_PUNCT && d == ',' && numeric && j + 3 < len &&
                           text[j + 1] >= '0' && text[j + 1] <= '9' && text[j + 2] >= '0' &&
                           text[j + 2] <= '9' && text[j + 3] >= '0' && text[j + 3] <= '9' &&
                           (j + 4 >= len || text[j + 4] < '0' || text[j + 4] > '9')) {
                    j += 1; /* thousands separator */
                    pure = 0;
                } else if (dc == C_SENTP && d == '.' && j + 1 < len) {
                    /* "U.S." style abbreviations and decimals */
                    int32_t n1;
                    decode(text, len, j + 1, &n1);
                    enum cclass n1c = classify(n1);
                    if (numeric && n1c == C_DIGIT) {
                        /* decimal: keep the integer part as value, swallow the rest */
                        j += 1;
                        pure = 0;
                        while (j < len && text[j] >= '0' && text[j] <= '9')
                            j++;
                        break;
                    }
                    if (!numeric && (j - i) <= 2 && n1c == C_ALPHA && j + 2 < len &&
                        (text[j + 2] == '.')) {
                        /* single letter then ".X." : absorb "X." */
                        j += 3;
                        pure = 0;
                        while (j + 1 < len && classify((unsigned char)text[j]) == C_ALPHA &&
                               text[j + 1] == '.' )
                            j += 2;
                        uppers += 2;
                        continue;
                    }
                    break;
                } else {
                    break;
                }
            }
            if (j == i) { /* cannot happen, but never loop forever */
                i += k;
                continue;
            }
            t->end = (uint32_t)j;
            if (numeric && digits > 0) {
                t->flags |= TOK_NUM;
                t->value = value;
            } else {
                t->flags |= TOK_WORD;
                if (first_upper == 1)
                    t->flags |= TOK_CAP;
                if (uppers >= 2 && letters == 0)
                    t->flags |= TOK_ALLCAP;
            }
            i = j;
            if (t->flags & TOK_POSS) {
                /* skip the apostrophe and the s */
                int32_t d;
                size_t dk = decode(text, len, i, &d);
                i += dk + 1;
            }
        }
        if (hyphen_pending && !(t->flags & TOK_PUNCT))
            t->flags |= TOK_HYPHEN;
        hyphen_pending = 0;
        if (line_start)
            t->flags |= TOK_LINE_START;
        line_start = 0;
        if (in_quote && !(t->flags & TOK_PUNCT))
            t->flags |= TOK_QUOTE;
        /* fold: a word of ASCII letters and digits was folded as it was read;
         * else plain ASCII letters and digits in one pass (lowercase and hash
         * together), anything else through fold_token */
        size_t room = fold_cap - fold_used;
        size_t tl = t->end - t->start, fl;
        const unsigned char *src = (const unsigned char *)text + t->start;
        char *dst = td->folded + fold_used;
        uint64_t h = pure ? fh : FOLD_HASH_INIT;
        size_t done = pure ? tl : 0;
        if (!pure && tl + 1 <= room) {
            for (; done < tl; done++) {
                unsigned char c = src[done];
                if (c >= 'A' && c <= 'Z')
                    c = (unsigned char)(c + 32);
                else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
                    break;
                dst[done] = (char)c;
                h = (h ^ c) * FOLD_HASH_PRIME;
            }
        }
        if (done == tl && tl + 1 <= room) {
            fl = tl;
            dst[fl] = '\0';
        } else {
            fl = fold_token(text + t->start, tl, dst, room);
            if (fl + 1 > room)
                return -1;
            h = fold_hash(dst, fl);
        }
        if (fl > 0xFFFF)
            fl = 0xFFFF;
        t->fold_off = (uint32_t)fold_used;
        t->fold_len = (uint16_t)fl;
        t->hash = h;
        fold_used += fl + 1;
        nt++;
    }
    td->ntoks = nt;

    /* sentences */
    size_t cap_s = nt + 4; /* every sentence holds a token: one-word lines need one each */
    td->sents = arena_alloc_raw(a, cap_s * sizeof(sentence));
    if (!td->sents)
        return -1;
    size_t ns = 0;
    size_t first = 0;
    for (size_t t = 0; t < nt; t++) {
        tok *tk = &td->toks[t];
        if (t - first >= TEXT_SENT_MAX_TOKENS && !(tk->flags & TOK_LINE_START)) {
            sentence *s = &td->sents[ns++]; /* too long: split (a bound, see text.h) */
            s->first = (uint32_t)first;
            s->last = (uint32_t)t;
            first = t;
            td->nsplit++;
        }
        if (t > first && (tk->flags & TOK_LINE_START)) {
            /* close the sentence at a line break */
            sentence *s = &td->sents[ns++];
            s->first = (uint32_t)first;
            s->last = (uint32_t)t;
            first = t;
        }
        int end_here = 0;
        if ((tk->flags & TOK_PUNCT) && (tk->punct == '.' || tk->punct == '!' || tk->punct == '?')) {
            size_t nx = t + 1;
            /* a closing quote stays with its sentence */
            if (nx < nt && (td->toks[nx].flags & TOK_PUNCT) && td->toks[nx].punct == '"' &&
                td->toks[nx].start == tk->end)
                nx++;
            int abbrev = 0;
            if (tk->punct == '.' && t > 0 && (td->toks[t - 1].flags & TOK_WORD) &&
                td->toks[t - 1].end == tk->start)
                abbrev = is_abbreviation(tok_fold(td, &td->toks[t - 1]), td->toks[t - 1].fold_len);
            if (nx >= nt)
                end_here = 1;
            else if (!abbrev) {
                const tok *n = &td->toks[nx];
                if ((n->flags & (TOK_CAP | TOK_NUM | TOK_LINE_START)) ||
                    ((n->flags & TOK_PUNCT) && n->punct == '"'))
                    end_here = 1;
            } else if (td->toks[nx].flags & TOK_LINE_START) {
                end_here = 1;
            }
            if (end_here) {
                if (ns + 1 >= cap_s)
                    return -1;
                sentence *s = &td->sents[ns++];
                s->first = (uint32_t)first;
                s->last = (uint32_t)nx;
                first = nx;
                t = nx - 1;
            }
        }
        if (ns + 1 >= cap_s)
            return -1;
    }
    if (first < nt) {
        sentence *s = &td->sents[ns++];
        s->first = (uint32_t)first;
        s->last = (uint32_t)nt;
    }
    td->nsents = ns;
    uint32_t line = 0;
    for (size_t t = 1; t < nt; t++) {
        if (td->toks[t].flags & TOK_LINE_START)
            line++;
        td->toks[t].sent = line; /* temporarily: the line index */
    }
    for (size_t s = 0; s < ns; s++)
        td->sents[s].line = td->sents[s].first < nt ? td->toks[td->sents[s].first].sent : 0;
    for (size_t s = 0; s < ns; s++) {
        sentence *se = &td->sents[s];
        se->start = td->toks[se->first].start;
        se->end = td->toks[se->last - 1].end;
        td->toks[se->first].flags |= TOK_SENT_START;
        for (uint32_t t = se->first; t < se->last; t++)
            td->toks[t].sent = (uint32_t)s;
    }
    return 0;
}
