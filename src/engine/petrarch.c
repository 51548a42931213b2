/*
 * petrarch.c - conversion of PETRARCH/TABARI dictionaries (CAMEO actors, agents
 * and verb patterns) into tacitus dictionary lines (see petrarch.h; the mapping
 * tables are documented in docs/dictionaries.md, "Importing PETRARCH/TABARI
 * dictionaries").
 *
 * The input is read line by line. Actor entries span several lines (a name,
 * "+" alias lines, indented "[CODE date-range]" lines) and are written when the
 * next entry starts; agent entries are one line each; verb files are blocks
 * ("--- NAME [code] ---") of verb lines followed by "- ... [code]" patterns.
 * Every phrase is folded as the lexicon folds it and checked against the
 * target lexicon and against what this import already wrote.
 */
#include "petrarch.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codes.h"
#include "fold.h"

#define MAX_WORDS 8            /* the lexicon matches phrases of up to 8 tokens */
#define PCAP 512               /* phrase buffer */
#define MAX_FILE (256u << 20)  /* largest input file read */
#define MAX_EXPANSIONS 64      /* !set! substitutions of one agent entry */
#define UNREADABLE "\xEF\xBF\xBD" /* U+FFFD, for a stray control byte of the input */

/* ------------------------------------------------------------------ */
/* CAMEO actor codes                                                    */

/* ISO 3166-1 alpha-3 -> alpha-2, 5 bytes a country, sorted by alpha-3
 * (generated from Debian's iso-codes, iso_3166-1.json). */
static const char iso3166[] =
    "ABWAWAFGAFAGOAOAIAAIALAAXALBALANDADAREAEARGARARMAMASMASATAAQATFTFATGAGAUSAUAUTATAZEAZBDIBIBELBEBENBJ"
    "BESBQBFABFBGDBDBGRBGBHRBHBHSBSBIHBABLMBLBLRBYBLZBZBMUBMBOLBOBRABRBRBBBBRNBNBTNBTBVTBVBWABWCAFCFCANCA"
    "CCKCCCHECHCHLCLCHNCNCIVCICMRCMCODCDCOGCGCOKCKCOLCOCOMKMCPVCVCRICRCUBCUCUWCWCXRCXCYMKYCYPCYCZECZDEUDE"
    "DJIDJDMADMDNKDKDOMDODZADZECUECEGYEGERIERESHEHESPESESTEEETHETFINFIFJIFJFLKFKFRAFRFROFOFSMFMGABGAGBRGB"
    "GEOGEGGYGGGHAGHGIBGIGINGNGLPGPGMBGMGNBGWGNQGQGRCGRGRDGDGRLGLGTMGTGUFGFGUMGUGUYGYHKGHKHMDHMHNDHNHRVHR"
    "HTIHTHUNHUIDNIDIMNIMINDINIOTIOIRLIEIRNIRIRQIQISLISISRILITAITJAMJMJEYJEJORJOJPNJPKAZKZKENKEKGZKGKHMKH"
    "KIRKIKNAKNKORKRKWTKWLAOLALBNLBLBRLRLBYLYLCALCLIELILKALKLSOLSLTULTLUXLULVALVMACMOMAFMFMARMAMCOMCMDAMD"
    "MDGMGMDVMVMEXMXMHLMHMKDMKMLIMLMLTMTMMRMMMNEMEMNGMNMNPMPMOZMZMRTMRMSRMSMTQMQMUSMUMWIMWMYSMYMYTYTNAMNA"
    "NCLNCNERNENFKNFNGANGNICNINIUNUNLDNLNORNONPLNPNRUNRNZLNZOMNOMPAKPKPANPAPCNPNPERPEPHLPHPLWPWPNGPGPOLPL"
    "PRIPRPRKKPPRTPTPRYPYPSEPSPYFPFQATQAREUREROURORUSRURWARWSAUSASDNSDSENSNSGPSGSGSGSSHNSHSJMSJSLBSBSLESL"
    "SLVSVSMRSMSOMSOSPMPMSRBRSSSDSSSTPSTSURSRSVKSKSVNSISWESESWZSZSXMSXSYCSCSYRSYTCATCTCDTDTGOTGTHATHTJKTJ"
    "TKLTKTKMTMTLSTLTONTOTTOTTTUNTNTURTRTUVTVTWNTWTZATZUGAUGUKRUAUMIUMURYUYUSAUSUZBUZVATVAVCTVCVENVEVGBVG"
    "VIRVIVNMVNVUTVUWLFWFWSMWSYEMYEZAFZAZMBZMZWEZW";

/* CAMEO country codes that are not (or no longer) ISO alpha-3 but name a
 * country that still exists. */
static const char *const cameo_countries[][2] = {{"TMP", "TL"}, {"KSV", "XK"}, {"ROM", "RO"}, {"ZAR", "CD"}};

/* CAMEO region codes, and "INT" (used for transnational groups): no country. */
static const char *const cameo_regions[] = {"AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU",
                                            "EUR", "INT", "LAM", "MDT", "MEA", "NAF", "NMR", "PGS", "SAF",
                                            "SAM", "SAS", "SCN", "SEA", "SSA", "WAF", "WEU", "WST"};

/* CAMEO international actor types (no country). IMG, a militarised group, is
 * handled apart: it is an armed organisation whatever follows. */
static const char *const cameo_orgs[] = {"IGO", "NGO", "MNC", "NGM", "UIS"};

/* 1 when the 3 letters at s are one of the n codes of list. */
static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(s, list[i], 3) == 0)
            return 1;
    return 0;
}

/* The ISO alpha-2 code of the CAMEO country code at a3 (3 letters) into cc;
 * returns 1, or 0 when a3 is not a country code. */
static int country_alpha2(const char *a3, char cc[3])
{
    size_t lo = 0, hi = (sizeof iso3166 - 1) / 5;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = memcmp(iso3166 + mid * 5, a3, 3);
        if (c == 0) {
            memcpy(cc, iso3166 + mid * 5 + 3, 2);
            cc[2] = '\0';
            return 1;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = 0; i < sizeof cameo_countries / sizeof cameo_countries[0]; i++)
        if (memcmp(a3, cameo_countries[i][0], 3) == 0) {
            memcpy(cc, cameo_countries[i][1], 3);
            return 1;
        }
    return 0;
}

/* Map a CAMEO actor code (upper-case letters, a multiple of 3) to an ACLED
 * actor type and country (cc "" for none). Returns 0, or the enum petr_skip
 * reason: PSK_BAD_CODE for a malformed code or an unknown first part,
 * PSK_PERSON for an elite (ELI), PSK_PLACE for a bare country or region,
 * PSK_ROLE for roles that name no armed actor. */
static int map_actor_code(const char *code, int *type, char cc[3])
{
    size_t n = strlen(code);
    cc[0] = '\0';
    if (n < 3 || n % 3 != 0)
        return PSK_BAD_CODE;
    for (size_t i = 0; i < n; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return PSK_BAD_CODE;
    enum { L_COUNTRY, L_REGION, L_ORG, L_IMG } loc;
    if (country_alpha2(code, cc))
        loc = L_COUNTRY;
    else if (in_list(code, cameo_regions, sizeof cameo_regions / sizeof cameo_regions[0]))
        loc = L_REGION;
    else if (in_list(code, cameo_orgs, sizeof cameo_orgs / sizeof cameo_orgs[0]))
        loc = L_ORG;
    else if (memcmp(code, "IMG", 3) == 0)
        loc = L_IMG;
    else
        return PSK_BAD_CODE;
    const char *armed = NULL;
    static const char *const armed_roles[] = {"MIL", "COP", "SPY", "REB", "INS", "SEP", "UAF"};
    for (size_t i = 3; i < n; i += 3) {
        if (memcmp(code + i, "ELI", 3) == 0)
            return PSK_PERSON;
        if (!armed && in_list(code + i, armed_roles, 7))
            armed = code + i;
    }
    if (loc == L_IMG) {
        *type = AT_REBEL;
        return 0;
    }
    if (!armed)
        return n == 3 && loc != L_ORG ? PSK_PLACE : PSK_ROLE;
    /* of the international organisations only an IGO's military arm
     * (peacekeeping, alliance forces) is an armed actor; not Interpol, not an
     * NGO or a company with a military role */
    if (loc == L_ORG && !(memcmp(code, "IGO", 3) == 0 && memcmp(armed, "MIL", 3) == 0))
        return PSK_ROLE;
    if (memcmp(armed, "UAF", 3) == 0)
        *type = AT_POLMIL;
    else if (memcmp(armed, "REB", 3) == 0 || memcmp(armed, "INS", 3) == 0 || memcmp(armed, "SEP", 3) == 0)
        *type = AT_REBEL;
    else
        *type = loc == L_COUNTRY ? AT_STATE : AT_EXTERNAL;
    return 0;
}

/* ------------------------------------------------------------------ */
/* CAMEO event codes                                                    */

/* CAMEO event code prefixes and the tacitus event each maps to; the longest
 * matching prefix wins, and a code no prefix matches has no event. */
static const struct { const char *prefix; const char *event; } cameo_events[] = {
    {"015", "claim"}, {"016", "deny"}, {"036", "negotiate"}, {"045", "negotiate"}, {"046", "negotiate"},
    {"051", "praise"}, {"057", "agreement"},
    {"0871", "ceasefire"}, {"111", "condemn"}, {"112", "blame"}, {"13", "threaten"}, {"14", "protest"},
    {"142", "hunger_strike"}, {"145", "riot"}, {"173", "arrest"}, {"180", "attack"}, {"181", "kidnap"},
    {"182", "attack"}, {"1821", "sexual"}, {"1823", "killing"}, {"183", "bombing"}, {"1831", "suicide"},
    {"1832", "vbied"}, {"1833", "ied"}, {"185", "assassination"}, {"186", "assassination"},
    {"190", "attack"}, {"191", "siege"}, {"193", "shooting"}, {"194", "shelling"}, {"195", "airstrike"},
    {"196", "attack"}, {"201", "displacement"}, {"202", "killing"}, {"203", "killing"},
    {"2041", "chemical"}};

/* The first non-empty part of a verb-dictionary code ("190", "042:043",
 * ":173") into part (cap bytes): the source part of a "source:target" pair.
 * Returns 0 when it is empty, too long or not all digits ("---"). */
static int code_part(const char *code, char *part, size_t cap)
{
    const char *colon = strchr(code, ':');
    size_t n = colon ? (size_t)(colon - code) : strlen(code);
    if (n == 0 && colon) {
        code = colon + 1;
        n = strlen(code);
    }
    if (n == 0 || n >= cap)
        return 0;
    memcpy(part, code, n);
    part[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (part[i] < '0' || part[i] > '9')
            return 0;
    return 1;
}

/* The tacitus event for a verb-dictionary code: the longest prefix of
 * cameo_events that begins its code part. NULL when the code has no event or
 * is not a CAMEO code. */
static const char *event_for_code(const char *code)
{
    char part[16];
    if (!code_part(code, part, sizeof part))
        return NULL;
    size_t n = strlen(part);
    const char *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < sizeof cameo_events / sizeof cameo_events[0]; i++) {
        size_t pl = strlen(cameo_events[i].prefix);
        if (pl <= n && pl > best_len && memcmp(part, cameo_events[i].prefix, pl) == 0) {
            best = cameo_events[i].event;
            best_len = pl;
        }
    }
    return best;
}

/* The vocabulary entry a verb-dictionary code gives: an event of a tacitus
 * class (*kind LK_EVENT, value its name), else a political interaction with a
 * PLOVER type (*kind LK_INTERACTION, value "CODE PLOVER [MODE]", see
 * docs/dictionaries.md). value holds cap bytes. Returns 0 when the code gives
 * neither (statements of root 01, appeals of root 02, no code). */
static int code_entry(const char *code, uint8_t *kind, char *value, size_t cap)
{
    const char *ev = event_for_code(code), *type, *mode;
    char part[16];
    if (ev) {
        *kind = LK_EVENT;
        snprintf(value, cap, "%s", ev);
        return 1;
    }
    if (!code_part(code, part, sizeof part))
        return 0;
    cameo_plover(part, &type, &mode);
    if (!type)
        return 0;
    *kind = LK_INTERACTION;
    snprintf(value, cap, "%s %s%s%s", part, type, mode ? " " : "", mode ? mode : "");
    return 1;
}

/* ------------------------------------------------------------------ */
/* string lists and the set of phrases written                          */

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

/* Append a copy of s[0..n). Returns 0, or -1 when out of memory. */
static int sl_push(strlist *l, const char *s, size_t n)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, nc * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = nc;
    }
    char *c = malloc(n + 1);
    if (!c)
        return -1;
    memcpy(c, s, n);
    c[n] = '\0';
    l->v[l->n++] = c;
    return 0;
}

/* Empty the list (its strings freed, its array kept). */
static void sl_clear(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    l->n = 0;
}

/* Free the list and its strings. */
static void sl_free(strlist *l)
{
    sl_clear(l);
    free(l->v);
    l->v = NULL;
    l->cap = 0;
}

/* Open-addressing set of folded phrases with the lexicon kind they were written as. */
typedef struct pset {
    char **keys;
    uint8_t *kinds;
    size_t cap, n;
} pset;

/* The slot of key k (length n) in s: where it is, or the empty slot where it goes. */
static size_t pset_slot(const pset *s, const char *k, size_t n)
{
    size_t j = (size_t)fold_hash(k, n) & (s->cap - 1);
    while (s->keys[j] && !(strlen(s->keys[j]) == n && memcmp(s->keys[j], k, n) == 0))
        j = (j + 1) & (s->cap - 1);
    return j;
}

/* 1 with *kind set when k[0..n) is in the set, else 0. */
static int pset_find(const pset *s, const char *k, size_t n, uint8_t *kind)
{
    if (!s->cap)
        return 0;
    size_t j = pset_slot(s, k, n);
    if (!s->keys[j])
        return 0;
    *kind = s->kinds[j];
    return 1;
}

/* Add k[0..n) with kind (no-op when present), growing at half full. Returns 0,
 * or -1 when out of memory (the set is unchanged). */
static int pset_add(pset *s, const char *k, size_t n, uint8_t kind)
{
    if ((s->n + 1) * 2 > s->cap) {
        pset g = {NULL, NULL, s->cap ? s->cap * 2 : 1024, 0};
        g.keys = calloc(g.cap, sizeof *g.keys);
        g.kinds = calloc(g.cap, sizeof *g.kinds);
        if (!g.keys || !g.kinds) {
            free(g.keys);
            free(g.kinds);
            return -1;
        }
        for (size_t i = 0; i < s->cap; i++)
            if (s->keys[i]) {
                size_t j = pset_slot(&g, s->keys[i], strlen(s->keys[i]));
                g.keys[j] = s->keys[i];
                g.kinds[j] = s->kinds[i];
            }
        free(s->keys);
        free(s->kinds);
        g.n = s->n;
        *s = g;
    }
    size_t j = pset_slot(s, k, n);
    if (s->keys[j])
        return 0;
    char *c = malloc(n + 1);
    if (!c)
        return -1;
    memcpy(c, k, n);
    c[n] = '\0';
    s->keys[j] = c;
    s->kinds[j] = kind;
    s->n++;
    return 0;
}

/* Free the set and its keys. */
static void pset_free(pset *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->keys[i]);
    free(s->keys);
    free(s->kinds);
    memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------------ */
/* the importer                                                         */

/* One !NAME! = A, B, C substitution set of an agents file. */
typedef struct subst {
    char name[64];
    strlist alts;
} subst;

struct petr_importer {
    const lexicon *lx;
    FILE *out[PO_MAX];
    unsigned flags;
    pset written;
    strlist synsets; /* the synonym sets written to imported-cameo.txt, by name */
    /* per-file state, set by petr_import_buffer */
    const char *name;
    unsigned line;
    petr_stats *st;
    char *err;
    size_t errlen;
    subst *substs;
    size_t nsubsts;
};

/* See petrarch.h. */
petr_importer *petr_importer_new(const lexicon *lx, FILE *const out[PO_MAX], unsigned flags)
{
    petr_importer *im = calloc(1, sizeof *im);
    if (!im)
        return NULL;
    im->lx = lx;
    im->flags = flags;
    for (int i = 0; i < PO_MAX; i++)
        im->out[i] = out[i];
    return im;
}

/* Free the substitution sets of the current file. */
static void free_substs(petr_importer *im)
{
    for (size_t i = 0; i < im->nsubsts; i++)
        sl_free(&im->substs[i].alts);
    free(im->substs);
    im->substs = NULL;
    im->nsubsts = 0;
}

/* See petrarch.h. */
void petr_importer_free(petr_importer *im)
{
    if (!im)
        return;
    pset_free(&im->written);
    sl_free(&im->synsets);
    free_substs(im);
    free(im);
}

/* Set "name:line: message" as the error; returns PETR_EDATA. */
static int data_error(petr_importer *im, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(im->err, im->errlen, "%s:%u: %s", im->name, im->line, msg);
    return PETR_EDATA;
}

/* Set "name:line: out of memory" as the error; returns PETR_ESYS. */
static int oom(petr_importer *im)
{
    snprintf(im->err, im->errlen, "%s:%u: out of memory", im->name, im->line);
    return PETR_ESYS;
}

/* ------------------------------------------------------------------ */
/* phrases                                                              */

/* Copy raw[0..n) into out (cap bytes) as a phrase: '_' and blanks become one
 * space, the separators of tacitus' format ('|', ';') and '=' become spaces,
 * a leading '+' goes, and so do spaces at both ends. Returns the length (0:
 * nothing left, or an unreadable character in it). */
static size_t clean_phrase(const char *raw, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    int space = 1; /* drop leading spaces */
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        char c = raw[i];
        if (c == '_' || c == ' ' || c == '\t' || c == '|' || c == ';' || c == '=' || (c == '+' && o == 0)) {
            if (!space)
                out[o++] = ' ';
            space = 1;
            continue;
        }
        out[o++] = c;
        space = 0;
    }
    while (o && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    if (strstr(out, UNREADABLE))
        o = out[0] = '\0'; /* a phrase with an unreadable character matches nothing */
    return o;
}

/* Lower-case s in place: ASCII letters, and the capitals of Latin-1 in
 * UTF-8 (U+00C0 to U+00DE but the sign U+00D7), which older dictionaries use. */
static void lower_ascii(char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s, d = (unsigned char)s[1];
        if (c >= 'A' && c <= 'Z')
            *s = (char)(c - 'A' + 'a');
        else if (c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97)
            *++s = (char)(d + 0x20);
    }
}

/* Title-case s in place: every word's first letter (and the first after '-',
 * '(' or '/') upper, the rest lower, short function words lower unless first
 * ("ISLAMIC ARMY OF ADEN" -> "Islamic Army of Aden"). Non-ASCII bytes are kept. */
static void title_case(char *s)
{
    static const char *const small[] = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "del",
                                        "la", "el", "du", "des", "da", "y", "et"};
    lower_ascii(s);
    char *w = s;
    int first = 1;
    while (*w) {
        while (*w == ' ')
            w++;
        if (!*w)
            break;
        size_t len = strcspn(w, " ");
        int keep_lower = 0;
        if (!first)
            for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
                if (strlen(small[i]) == len && memcmp(w, small[i], len) == 0)
                    keep_lower = 1;
        if (!keep_lower)
            for (size_t i = 0; i < len; i++)
                if ((i == 0 || w[i - 1] == '-' || w[i - 1] == '(' || w[i - 1] == '/') && w[i] >= 'a' &&
                    w[i] <= 'z')
                    w[i] = (char)(w[i] - 'a' + 'A');
        first = 0;
        w += len;
    }
}

/* Upper-case copy of s (ASCII letters) into out (PCAP bytes). */
static void upper_copy(const char *s, char *out)
{
    snprintf(out, PCAP, "%s", s);
    for (char *p = out; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
}

/* The status of a candidate phrase. */
enum { PH_NEW = 0, PH_KNOWN, PH_DUP, PH_LONG, PH_EMPTY };

/* Fold phrase (a leading '=' ignored) into key (PCAP bytes); returns its
 * length, with its token count in *ntok; 0 when nothing is left. */
static size_t fold_key(const char *phrase, char *key, size_t *ntok)
{
    if (*phrase == '=')
        phrase++;
    size_t n = lexicon_fold_phrase(phrase, key, PCAP);
    *ntok = 0;
    if (n == 0)
        return 0;
    *ntok = 1;
    for (size_t i = 0; i < n; i++)
        if (key[i] == ' ')
            (*ntok)++;
    return n;
}

/* Does the target lexicon match key[0..n) (folded; original is the phrase as
 * written) with any kind? Case-sensitive entries are tried with the phrase as
 * written and in capitals. Returns the kind, 0 for none. */
static uint8_t lexicon_kind(const petr_importer *im, const char *key, size_t n, const char *original)
{
    if (!im->lx)
        return 0;
    char upper[PCAP];
    upper_copy(original, upper);
    for (uint8_t k = LK_ACTOR; k < LK_KIND_MAX; k++) {
        int32_t v[1];
        if (lexicon_lookup(im->lx, key, n, original, k, v, 1) || lexicon_lookup(im->lx, key, n, upper, k, v, 1))
            return k;
    }
    return 0;
}

/* Classify phrase: PH_EMPTY (nothing to match), PH_LONG (over 8 words),
 * PH_KNOWN (the lexicon matches it; *kind set), PH_DUP (this import wrote it;
 * *kind set) or PH_NEW. */
static int phrase_status(const petr_importer *im, const char *phrase, uint8_t *kind)
{
    char key[PCAP];
    size_t ntok, n = fold_key(phrase, key, &ntok);
    if (n == 0)
        return PH_EMPTY;
    if (ntok > MAX_WORDS)
        return PH_LONG;
    const char *orig = *phrase == '=' ? phrase + 1 : phrase;
    if ((*kind = lexicon_kind(im, key, n, orig)) != 0)
        return PH_KNOWN;
    if (pset_find(&im->written, key, n, kind))
        return PH_DUP;
    return PH_NEW;
}

/* Keep the phrases of cand that are new (not known, not written before, not
 * repeated within cand) in kept, counting the others in the file's figures,
 * and record the kept ones as written with kind. *why is set to the reason
 * for an empty result (PSK_KNOWN, PSK_DUPLICATE or PSK_TOO_LONG). Returns 0,
 * or PETR_ESYS when out of memory. */
static int keep_new(petr_importer *im, const strlist *cand, uint8_t kind, strlist *kept, int *why)
{
    int known = 0, dup = 0, lng = 0;
    for (size_t i = 0; i < cand->n; i++) {
        uint8_t k;
        int again = 0; /* the entry lists this phrase twice: not a duplicate of another entry */
        char ki[PCAP], kj[PCAP];
        size_t ntok, ni = fold_key(cand->v[i], ki, &ntok);
        for (size_t j = 0; j < i && !again; j++)
            again = fold_key(cand->v[j], kj, &ntok) == ni && memcmp(ki, kj, ni) == 0;
        if (again)
            continue;
        switch (phrase_status(im, cand->v[i], &k)) {
        case PH_KNOWN: im->st->phrases_known++; known = 1; continue;
        case PH_DUP: im->st->phrases_duplicate++; dup = 1; continue;
        case PH_LONG: im->st->phrases_long++; lng = 1; continue;
        case PH_EMPTY: continue;
        default: break;
        }
        if (pset_add(&im->written, ki, ni, kind) < 0 || sl_push(kept, cand->v[i], strlen(cand->v[i])) < 0)
            return oom(im);
    }
    *why = known ? PSK_KNOWN : dup ? PSK_DUPLICATE : lng ? PSK_TOO_LONG : PSK_KNOWN;
    return 0;
}

/* Write "p1; p2; ...; pn" to f. */
static void put_list(FILE *f, const strlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            fputs("; ", f);
        fputs(l->v[i], f);
    }
}

/* Check output o after a write. Returns 0, or PETR_ESYS (with the reason)
 * when it cannot be written. */
static int output_ok(petr_importer *im, int o)
{
    if (!ferror(im->out[o]))
        return 0;
    snprintf(im->err, im->errlen, "%s:%u: cannot write the output: %s", im->name, im->line, strerror(errno));
    return PETR_ESYS;
}

/* Finish writing one entry to output o: count it, check the stream. Returns
 * 0, or PETR_ESYS when the output cannot be written. */
static int wrote(petr_importer *im, int o, size_t nphrases)
{
    if (output_ok(im, o) < 0)
        return PETR_ESYS;
    im->st->imported++;
    im->st->written[o]++;
    im->st->phrases += nphrases;
    return 0;
}

/* ------------------------------------------------------------------ */
/* reading lines                                                        */

/* Find the next "[...]" at or after *p: its contents go to out (trimmed, cut
 * to cap bytes) and *p moves past it. Returns 1, 0 when there is none, -1 when
 * the '[' is not closed on the line. */
static int next_bracket(const char **p, char *out, size_t cap)
{
    const char *open = strchr(*p, '[');
    if (!open)
        return 0;
    const char *close = strchr(open, ']');
    if (!close)
        return -1;
    const char *s = open + 1;
    while (s < close && (*s == ' ' || *s == '\t'))
        s++;
    size_t n = (size_t)(close - s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    *p = close + 1;
    return 1;
}

/* Cut a '#' comment off line (in place); returns the comment text or "". */
static const char *cut_comment(char *line)
{
    char *h = strchr(line, '#');
    if (!h)
        return "";
    *h = '\0';
    return h + 1;
}

/* Strip blanks at both ends in place; returns the new start. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

/* ------------------------------------------------------------------ */
/* actors                                                               */

typedef struct actor_code {
    char code[40];
    int dated;          /* has a date restriction */
    int open;           /* ">date": in force from a date on */
    uint32_t from, to;  /* YYYYMMDD */
} actor_code;

typedef struct actor_entry {
    int active;
    unsigned line;
    char name[PCAP];
    strlist aliases;
    actor_code *codes;
    size_t ncodes, codes_cap;
    int countryinfo; /* the entry comes from CountryInfo's lists of office holders */
    int bad;         /* a code or date restriction could not be read */
    int malformed;   /* a line of the entry has an unclosed bracket */
} actor_entry;

/* Parse a TABARI date, YYMMDD (years before 30 are 20xx) or YYYYMMDD, into
 * YYYYMMDD. Returns 0, or -1 when s[0..n) is not such a date. */
static int parse_date(const char *s, size_t n, uint32_t *out)
{
    if (n != 6 && n != 8)
        return -1;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    if (n == 6)
        v += (v / 10000 < 30 ? 20000000u : 19000000u);
    uint32_t m = v / 100 % 100, d = v % 100;
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *out = v;
    return 0;
}

/* Add the code of one bracket ("AFGGOV", "AFGGOV 011222-020101", "IGOUNO >20070101")
 * to the entry; a code or date it cannot read marks the entry bad. Returns 0,
 * or -1 when out of memory. */
static int actor_add_code(actor_entry *e, const char *text)
{
    if (e->ncodes == e->codes_cap) {
        size_t nc = e->codes_cap ? e->codes_cap * 2 : 4;
        actor_code *c = realloc(e->codes, nc * sizeof *c);
        if (!c)
            return -1;
        e->codes = c;
        e->codes_cap = nc;
    }
    actor_code *c = &e->codes[e->ncodes];
    memset(c, 0, sizeof *c);
    size_t cl = strcspn(text, " \t");
    if (cl == 0 || cl >= sizeof c->code) {
        e->bad = 1;
        return 0;
    }
    for (size_t i = 0; i < cl; i++) {
        char ch = text[i];
        c->code[i] = (ch >= 'a' && ch <= 'z') ? (char)(ch - 'a' + 'A') : ch;
    }
    const char *d = text + cl;
    while (*d == ' ' || *d == '\t')
        d++;
    if (*d) {
        size_t dl = strlen(d);
        const char *dash = strchr(d, '-');
        c->dated = 1;
        if (*d == '>') {
            c->open = 1;
            c->to = 99999999u;
            if (parse_date(d + 1, dl - 1, &c->from) < 0)
                e->bad = 1;
        } else if (*d == '<') {
            if (parse_date(d + 1, dl - 1, &c->to) < 0)
                e->bad = 1;
        } else if (dash) {
            if (parse_date(d, (size_t)(dash - d), &c->from) < 0 ||
                parse_date(dash + 1, strlen(dash + 1), &c->to) < 0)
                e->bad = 1;
        } else {
            e->bad = 1;
        }
    }
    e->ncodes++;
    return 0;
}

/* The code in force at the latest date: the open-ended (">date") code that
 * starts last; else an undated code (the default once every range is over);
 * else the range that ends last. NULL when the entry has no code. */
static const actor_code *latest_code(const actor_entry *e)
{
    const actor_code *best = NULL;
    for (size_t i = 0; i < e->ncodes; i++)
        if (e->codes[i].open && (!best || e->codes[i].from >= best->from))
            best = &e->codes[i];
    if (best)
        return best;
    for (size_t i = 0; i < e->ncodes; i++)
        if (!e->codes[i].dated)
            best = &e->codes[i];
    if (best)
        return best;
    for (size_t i = 0; i < e->ncodes; i++)
        if (!best || e->codes[i].to >= best->to)
            best = &e->codes[i];
    return best;
}

/* Words (folded) that mark a person or an office wherever they stand in a
 * name ("US_SECRETARY_OF_DEFENSE", "CIA_DIRECTOR_JOHN_BRENNAN"). */
static const char *const office_words[] = {
    "president", "minister", "secretary", "director", "chief", "commander", "spokesman", "spokeswoman",
    "spokesperson", "ambassador", "envoy", "governor", "senator", "chairman", "chairwoman", "prosecutor",
    "colonel", "lieutenant", "marshal", "admiral", "sheikh", "sheik", "mullah", "ayatollah", "emir",
    "sultan", "king", "queen", "prince", "princess", "mr", "mrs", "dr", "pope"};

/* Words (folded) that open a personal name: a kunya and the commonest given
 * names of the dictionaries' office holders and commanders. */
static const char *const given_names[] = {"abu", "abd", "abdul", "abdel", "abdallah", "abdullah", "mohammed",
                                          "mohammad", "muhammad", "mohamed", "ahmed", "ahmad", "ali"};

/* Words (folded) that name an organisation ("FRONT", "BRIGADE", "JAYSH"). */
static const char *const org_words[] = {
    "army", "armies", "force", "forces", "front", "movement", "brigade", "brigades", "battalion",
    "battalions", "group", "groups", "organization", "organisation", "party", "service", "services",
    "agency", "police", "guard", "guards", "corps", "command", "militia", "militias", "directorate",
    "rifles", "intelligence", "council", "committee", "league", "union", "alliance", "legion", "cell",
    "cells", "commando", "commandos", "faction", "jaysh", "jaish", "jeish", "liwa", "kataib", "katiba",
    "harakat", "hizb", "tanzim", "ministry", "department", "bureau", "unit", "units", "troops", "division",
    "regiment", "navy", "marines", "gendarmerie", "network", "resistance", "nuclei", "squad", "squads",
    "fighters", "mujahideen", "martyrs", "tigers", "revolutionary", "liberation", "revolution", "jihad",
    "ansar", "jamaat", "jemaah", "lashkar", "tehrik", "sipah", "fedayeen", "falcons", "eagles", "wolves",
    "society", "association", "federation", "coalition", "partisans", "guerrillas", "rebels", "militants"};

/* 1 when a word of the folded phrase key is in list (n words); first_only
 * looks at the first word only. */
static int has_word(const char *key, const char *const *list, size_t n, int first_only)
{
    for (const char *w = key; *w;) {
        size_t len = strcspn(w, " ");
        for (size_t i = 0; i < n; i++)
            if (strlen(list[i]) == len && memcmp(w, list[i], len) == 0)
                return 1;
        if (first_only)
            return 0;
        w += len;
        while (*w == ' ')
            w++;
    }
    return 0;
}

/* Is the entry (whose latest code names an armed role) a person rather than
 * an armed organisation? Yes when it comes from CountryInfo's lists of office
 * holders; else, unless a name holds an organisation word or is a single word
 * (an acronym, "HEZBOLLAH"), when its name holds an office word, its codes
 * carry dates (terms of office) or its name opens with a given name. */
static int is_person(const actor_entry *e)
{
    if (e->countryinfo)
        return 1;
    int org = 0, dated = 0, given = 0, office = 0;
    for (size_t i = 0; i < e->ncodes; i++)
        dated |= e->codes[i].dated;
    for (size_t i = 0; i <= e->aliases.n; i++) {
        const char *raw = i == 0 ? e->name : e->aliases.v[i - 1];
        char p[PCAP], key[PCAP];
        size_t ntok;
        clean_phrase(raw, strlen(raw), p, sizeof p);
        if (fold_key(p, key, &ntok) == 0)
            continue;
        org |= ntok == 1 || has_word(key, org_words, sizeof org_words / sizeof org_words[0], 0);
        if (i == 0) {
            given = has_word(key, given_names, sizeof given_names / sizeof given_names[0], 1);
            office = has_word(key, office_words, sizeof office_words / sizeof office_words[0], 0);
        }
    }
    return !org && (office || dated || given);
}

/* 1 when the letters of acro (n of them) are, in order, initials of words
 * of name ("JRA" in "JAPANESE RED ARMY"; words split at spaces and '-'). */
static int initials_of(const char *acro, size_t n, const char *name)
{
    size_t k = 0;
    for (const char *p = name; *p && k < n; p++) {
        int start = p == name || p[-1] == ' ' || p[-1] == '-';
        char c = (*p >= 'a' && *p <= 'z') ? (char)(*p - 'a' + 'A') : *p;
        char a = (acro[k] >= 'a' && acro[k] <= 'z') ? (char)(acro[k] - 'a' + 'A') : acro[k];
        if (start && c == a)
            k++;
    }
    return k == n;
}

/* Split "NAME (X)" into the name without the parenthesis (into base, cap
 * bytes) and, when X is one word of 2 to 6 letters that are initials of
 * NAME's words, an acronym alias "=X" (into acro, 8 bytes; else ""). Another
 * parenthesis is a disambiguator ("(COLOMBIA)") and is dropped. */
static void split_paren(const char *phrase, char *base, char *acro, size_t cap)
{
    acro[0] = '\0';
    snprintf(base, cap, "%s", phrase);
    char *open = strchr(base, '(');
    char *close = open ? strchr(open, ')') : NULL;
    if (!open || !close)
        return;
    size_t an = (size_t)(close - open - 1);
    int word = an >= 2 && an <= 6;
    for (size_t i = 0; word && i < an; i++) {
        char c = open[1 + i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            word = 0;
    }
    if (word) {
        *open = '\0';
        word = initials_of(open + 1, an, base);
        *open = '(';
    }
    if (word) {
        acro[0] = '=';
        for (size_t i = 0; i < an; i++) {
            char c = open[1 + i];
            acro[1 + i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
        }
        acro[1 + an] = '\0';
    }
    memmove(open, close + 1, strlen(close + 1) + 1);
    char tmp[PCAP];
    clean_phrase(base, strlen(base), tmp, sizeof tmp);
    snprintf(base, cap, "%s", tmp);
}

/* 1 when the phrase is one word of 2 to 4 ASCII letters (read as an acronym). */
static int is_acronym(const char *p)
{
    size_t n = strlen(p);
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z')))
            return 0;
    return n >= 2 && n <= 4;
}

/* Add one name or alias of an actor to the candidate list: title-cased, with
 * a parenthesis split off (split_paren), and a single word of 2 to 4 letters
 * as a case-sensitive acronym ("=ANSF"). Returns 0, or -1 when out of memory. */
static int actor_candidates(const char *raw, strlist *cand)
{
    char p[PCAP], base[PCAP], acro[8];
    size_t n = clean_phrase(raw, strlen(raw), p, sizeof p);
    if (n == 0)
        return 0;
    split_paren(p, base, acro, sizeof base);
    if (!base[strcspn(base, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")])
        base[0] = '\0'; /* no letter at all ("39649"): not a name */
    if (is_acronym(base)) {
        char a[PCAP];
        upper_copy(base, a + 1);
        a[0] = '=';
        snprintf(base, sizeof base, "%s", a);
    } else {
        title_case(base);
    }
    if (base[0] && sl_push(cand, base, strlen(base)) < 0)
        return -1;
    if (acro[0] && sl_push(cand, acro, strlen(acro)) < 0)
        return -1;
    return 0;
}

/* Why the finished entry e is not imported (an enum petr_skip), or -1 when it
 * maps to an actor of *type in country cc. */
static int actor_reason(const actor_entry *e, int *type, char cc[3])
{
    const actor_code *c = latest_code(e);
    if (e->malformed)
        return PSK_MALFORMED;
    if (!c)
        return PSK_NO_CODE;
    if (e->bad)
        return PSK_BAD_CODE;
    /* an elite code anywhere in the history marks a person */
    for (size_t i = 0; i < e->ncodes; i++) {
        int t;
        char x[3];
        if (map_actor_code(e->codes[i].code, &t, x) == PSK_PERSON)
            return PSK_PERSON;
    }
    int r = map_actor_code(c->code, type, cc);
    if (r)
        return r;
    if (is_person(e))
        return PSK_PERSON;
    char nm[PCAP], key[PCAP];
    size_t ntok;
    if (strstr(e->name, UNREADABLE))
        return PSK_UNREADABLE;
    clean_phrase(e->name, strlen(e->name), nm, sizeof nm);
    if (fold_key(nm, key, &ntok) == 0)
        return PSK_NO_CODE;
    if (ntok > MAX_WORDS)
        return PSK_TOO_LONG;
    return -1;
}

/* The CAMEO code of the entry e as a party, in capitals, into code (cap
 * bytes): its code in force at the latest date (latest_code), when that is
 * three-letter parts of letters or digits, 3 to CAMEO_CODE_MAX - 1 in all (an
 * issue code, "NUCLEAR", is none). Returns 1 when it has one. */
static int party_code(const actor_entry *e, char *code, size_t cap)
{
    const actor_code *c = latest_code(e);
    if (!c || e->malformed || strstr(e->name, UNREADABLE))
        return 0;
    size_t n = strlen(c->code);
    if (n >= cap)
        return 0;
    memcpy(code, c->code, n + 1);
    for (char *p = code; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return n % 3 == 0 && cameo_code_ok(code, 3, CAMEO_CODE_MAX - 1); /* three-letter parts */
}

/* Write the entry e, which names no armed actor (a state, a government, a
 * person, an organisation, a code this build does not know), as a party of
 * CAMEO coding: "NAMES | party | CODE" in imported-cameo.txt, its names as
 * an actor's (actor_candidates) that no dictionary matches yet. Returns 1
 * when written, 0 when it has no code or no new name, PETR_ESYS. */
static int party_flush(petr_importer *im, actor_entry *e)
{
    char code[CAMEO_CODE_MAX];
    if (!party_code(e, code, sizeof code))
        return 0;
    strlist cand = {0}, kept = {0};
    int why, rc = actor_candidates(e->name, &cand) < 0 ? oom(im) : 0;
    for (size_t i = 0; i < e->aliases.n && rc == 0; i++)
        if (actor_candidates(e->aliases.v[i], &cand) < 0)
            rc = oom(im);
    if (rc == 0 && (rc = keep_new(im, &cand, LK_PARTY, &kept, &why)) == 0 && kept.n) {
        FILE *f = im->out[PO_CAMEO];
        put_list(f, &kept);
        fprintf(f, " | party | %s\n", code);
        rc = wrote(im, PO_CAMEO, kept.n);
        if (rc == 0)
            rc = 1;
    }
    sl_free(&cand);
    sl_free(&kept);
    return rc;
}

/* Is reason one for which an entry that is no armed actor is still a party
 * of CAMEO coding? */
static int party_reason(int reason)
{
    return reason == PSK_ROLE || reason == PSK_PLACE || reason == PSK_PERSON || reason == PSK_BAD_CODE;
}

/* Convert the finished actor entry e and write it, or count why not; the
 * entry is emptied. Returns 0, or PETR_ESYS. */
static int actor_flush(petr_importer *im, actor_entry *e)
{
    if (!e->active)
        return 0;
    e->active = 0;
    im->st->entries++;
    unsigned saved = im->line;
    im->line = e->line;
    int rc = 0, type = 0;
    char cc[3] = "";
    strlist cand = {0}, kept = {0};
    int reason = actor_reason(e, &type, cc);
    if (reason < 0) {
        /* the display name first (title-cased, parenthesis kept), then its
         * forms without the parenthesis, then the aliases */
        char disp[PCAP], base[PCAP], acro[8];
        clean_phrase(e->name, strlen(e->name), disp, sizeof disp);
        split_paren(disp, base, acro, sizeof base);
        if (acro[0]) /* "NAME (ACRO)": the acronym is an alias of its own */
            memcpy(disp, base, strlen(base) + 1);
        title_case(disp);
        int bad = (!is_acronym(disp) && sl_push(&cand, disp, strlen(disp)) < 0) ||
                  actor_candidates(e->name, &cand) < 0;
        for (size_t i = 0; i < e->aliases.n && !bad; i++)
            bad = actor_candidates(e->aliases.v[i], &cand) < 0;
        if (bad) {
            rc = oom(im);
            goto out;
        }
        /* a group the dictionaries (or this import) already name is not
         * written again under its other names: that would make two actors */
        for (size_t i = 0; i < cand.n && reason < 0; i++) {
            uint8_t k;
            int s = phrase_status(im, cand.v[i], &k);
            if (s == PH_KNOWN && k == LK_ACTOR)
                reason = PSK_KNOWN;
            else if (s == PH_DUP && k == LK_ACTOR)
                reason = PSK_DUPLICATE;
        }
    }
    if (reason < 0) {
        int why;
        if ((rc = keep_new(im, &cand, LK_ACTOR, &kept, &why)) < 0)
            goto out;
        /* the name is the first plain phrase: an acronym ("=X") only names
         * the actor when nothing else does (and then matches in any case) */
        size_t first = 0;
        for (size_t i = kept.n; i-- > 0;)
            if (kept.v[i][0] != '=')
                first = i;
        if (kept.n == 0) {
            reason = why;
        } else {
            FILE *f = im->out[PO_ACTORS];
            const char *nm = kept.v[first];
            fprintf(f, "%s | %s | %s | ", nm[0] == '=' ? nm + 1 : nm, actor_type_name(type), cc[0] ? cc : "--");
            int any = 0;
            for (size_t i = 0; i < kept.n; i++)
                if (i != first) {
                    fprintf(f, "%s%s", any ? "; " : "", kept.v[i]);
                    any = 1;
                }
            const actor_code *code = latest_code(e); /* its CAMEO code: the CODE column (no parent) */
            if (cameo_code_ok(code->code, 3, CAMEO_CODE_MAX - 1))
                fprintf(f, " |  | %s", code->code);
            fputc('\n', f);
            rc = wrote(im, PO_ACTORS, kept.n);
        }
    }
    if (reason >= 0 && party_reason(reason)) {
        int written = party_flush(im, e);
        if (written < 0) {
            rc = written;
            goto out;
        }
        if (written)
            reason = -1;
    }
    if (reason >= 0)
        im->st->skipped[reason]++;
out:
    sl_free(&cand);
    sl_free(&kept);
    sl_clear(&e->aliases);
    e->ncodes = 0;
    e->bad = 0;
    e->malformed = 0;
    e->countryinfo = 0;
    im->line = saved;
    return rc;
}

/* Read every "[...]" of line into the entry. Returns 0, PETR_EDATA for an
 * unclosed '[', PETR_ESYS when out of memory. */
static int actor_codes_of(petr_importer *im, actor_entry *e, const char *line)
{
    const char *p = line;
    char code[128];
    int r;
    while ((r = next_bracket(&p, code, sizeof code)) > 0)
        if (actor_add_code(e, code) < 0)
            return oom(im);
    if (r < 0)
        return data_error(im, "'[' without a closing ']'");
    return 0;
}

/* One line of an actors file (comment cut, trimmed, not blank): a new entry
 * "NAME [CODE]", an alias "+NAME" or a code line "[CODE date]". */
static int actor_line(petr_importer *im, actor_entry *e, char *s, const char *comment)
{
    int rc;
    if (*s == '+' || *s == '[') {
        if (!e->active)
            return 0; /* an alias or code with no entry above it: nothing to attach it to */
        if (*s == '+' && sl_push(&e->aliases, s + 1, strcspn(s + 1, "[")) < 0)
            return oom(im);
        return actor_codes_of(im, e, s);
    }
    if ((rc = actor_flush(im, e)) < 0)
        return rc;
    e->active = 1;
    e->line = im->line;
    size_t n = strcspn(s, "[");
    if (n >= sizeof e->name)
        n = sizeof e->name - 1;
    memcpy(e->name, s, n);
    e->name[n] = '\0';
    e->countryinfo = strstr(comment, "CountryInfo") != NULL;
    return actor_codes_of(im, e, s);
}

/* ------------------------------------------------------------------ */
/* agents                                                               */

/* The output of each agent role (the first three letters after '~'). */
static const struct { const char *role; int out; const char *fields; } agent_roles[] = {
    {"COP", PO_AGENTS, "state forces | Police Forces of %s | state | Police"},
    {"MIL", PO_AGENTS, "state forces | Military Forces of %s | state | Military"},
    {"SPY", PO_AGENTS, "state forces | Military Forces of %s | state | Government (General)"},
    {"REB", PO_AGENTS, "rebel group | Unidentified Armed Group (%s) | hostile | Terrorists/Non-State Militia"},
    {"INS", PO_AGENTS, "rebel group | Unidentified Armed Group (%s) | hostile | Terrorists/Non-State Militia"},
    {"SEP", PO_AGENTS, "rebel group | Unidentified Armed Group (%s) | hostile | Terrorists/Non-State Militia"},
    {"UAF", PO_AGENTS, "unknown | Unidentified Armed Group (%s) | hostile | Terrorists/Non-State Militia"},
    {"CVL", PO_AGENTS, "civilians | Civilians (%s) | civilian | Private Citizens & Property"},
    {"GOV", PO_TITLES, "state | GOV"},
    {"LEG", PO_TITLES, "state | LEG"},
    {"JUD", PO_TITLES, "state | JUD"}};

/* Prepositions and articles: a phrase ending in one is a fragment
 * ("AMBASSADOR_TO", completed by an actor in PETRARCH), and the noun before
 * the first of them is the one that takes the plural ("HEAD_OF_STATE"). */
static const char *const prepositions[] = {"of", "for", "to", "at", "in", "on", "from", "with", "by",
                                           "against", "the", "a", "an", "and", "or"};

/* The offset of the first word of p that is a preposition, or strlen(p). */
static size_t first_preposition(const char *p)
{
    for (const char *w = p; *w;) {
        size_t len = strcspn(w, " ");
        if (w != p)
            for (size_t i = 0; i < sizeof prepositions / sizeof prepositions[0]; i++)
                if (strlen(prepositions[i]) == len && memcmp(w, prepositions[i], len) == 0)
                    return (size_t)(w - p);
        w += len;
        while (*w == ' ')
            w++;
    }
    return strlen(p);
}

/* The regular English plural of the noun p (lower case) into out (cap bytes;
 * "" when it does not fit or the noun already ends in a single s, as plurals
 * do): the word before the first preposition, else the last word, takes -s,
 * -es after ss, x, z, ch, sh, or -ies after a consonant and y. */
static void plural_of(const char *p, char *out, size_t cap)
{
    size_t n = strlen(p), end = first_preposition(p);
    while (end && p[end - 1] == ' ')
        end--;
    out[0] = '\0';
    if (n + 4 > cap || end == 0)
        return;
    char last = p[end - 1], prev = end > 1 ? p[end - 2] : '\0';
    if (last == 's' && prev != 's')
        return;
    const char *suffix = "s";
    size_t cut = 0;
    if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's')))
        suffix = "es";
    else if (last == 'y' && prev && !strchr("aeiou", prev))
        suffix = "ies", cut = 1;
    snprintf(out, cap, "%.*s%s%s", (int)(end - cut), p, suffix, p + end);
}

/* 1 when the last word of p is a preposition or an article. */
static int ends_in_preposition(const char *p)
{
    const char *w = strrchr(p, ' ');
    w = w ? w + 1 : p;
    for (size_t i = 0; i < sizeof prepositions / sizeof prepositions[0]; i++)
        if (strcmp(w, prepositions[i]) == 0)
            return 1;
    return 0;
}

/* Parse "!NAME! = A, B, C" into a substitution set of the file. Returns 1 when
 * s is such a definition (added), 0 when it is not, PETR_ESYS when out of
 * memory. */
static int agent_subst_def(petr_importer *im, const char *s)
{
    if (s[0] != '!')
        return 0;
    const char *end = strchr(s + 1, '!');
    if (!end)
        return 0;
    const char *eq = end + 1;
    while (*eq == ' ' || *eq == '\t')
        eq++;
    if (*eq != '=')
        return 0;
    size_t nl = (size_t)(end - s + 1);
    subst *ns = realloc(im->substs, (im->nsubsts + 1) * sizeof *ns);
    if (!ns)
        return oom(im);
    im->substs = ns;
    subst *d = &im->substs[im->nsubsts++];
    memset(d, 0, sizeof *d);
    if (nl >= sizeof d->name)
        nl = sizeof d->name - 1;
    memcpy(d->name, s, nl);
    d->name[nl] = '\0';
    for (const char *p = eq + 1; *p;) {
        size_t n = strcspn(p, ",");
        char alt[PCAP];
        size_t an = clean_phrase(p, n, alt, sizeof alt);
        if (an && sl_push(&d->alts, alt, an) < 0)
            return oom(im);
        p += n;
        if (*p == ',')
            p++;
    }
    return 1;
}

/* Expand every !NAME! marker of noun (raw, '_' joined) through the file's
 * substitution sets into out (cleaned phrases). Returns 0; PSK_SUBST (a
 * positive value) when a marker is not defined or the expansions exceed
 * MAX_EXPANSIONS; PETR_ESYS when out of memory. */
static int expand_subst(petr_importer *im, const char *noun, strlist *out, int depth)
{
    const char *a = strchr(noun, '!');
    if (!a) {
        char p[PCAP];
        size_t n = clean_phrase(noun, strlen(noun), p, sizeof p);
        if (n && sl_push(out, p, n) < 0)
            return oom(im);
        return 0;
    }
    const char *b = strchr(a + 1, '!');
    if (!b || depth > 4)
        return PSK_SUBST;
    size_t nl = (size_t)(b - a + 1);
    const subst *d = NULL;
    for (size_t i = 0; i < im->nsubsts; i++)
        if (strlen(im->substs[i].name) == nl && memcmp(im->substs[i].name, a, nl) == 0)
            d = &im->substs[i];
    if (!d || d->alts.n == 0)
        return PSK_SUBST;
    for (size_t i = 0; i < d->alts.n; i++) {
        char buf[PCAP];
        int w = snprintf(buf, sizeof buf, "%.*s%s%s", (int)(a - noun), noun, d->alts.v[i], b + 1);
        if (w < 0 || (size_t)w >= sizeof buf)
            return PSK_SUBST;
        int r = expand_subst(im, buf, out, depth + 1);
        if (r)
            return r;
        if (out->n > MAX_EXPANSIONS)
            return PSK_SUBST;
    }
    return 0;
}

/* The phrases of one agent entry into cand: the noun (its !sets! expanded),
 * then the forms listed in braces (plurals: "{}" says there is none) or,
 * when there are no braces and nothing was substituted, the regular plural.
 * Returns 0, PSK_SUBST, or PETR_ESYS. */
static int agent_phrases(petr_importer *im, const char *noun, const char *plurals, strlist *cand)
{
    int r = expand_subst(im, noun, cand, 0);
    if (r)
        return r;
    size_t nbase = cand->n;
    for (size_t i = 0; i < nbase; i++)
        lower_ascii(cand->v[i]);
    if (plurals) {
        for (const char *t = plurals; *t;) {
            t += strspn(t, " \t");
            size_t tn = strcspn(t, " \t");
            char ph[PCAP];
            size_t pn = clean_phrase(t, tn, ph, sizeof ph);
            if (pn) {
                lower_ascii(ph);
                if (sl_push(cand, ph, pn) < 0)
                    return oom(im);
            }
            t += tn;
        }
    } else if (!strchr(noun, '!')) {
        for (size_t i = 0; i < nbase; i++) {
            char pl[PCAP];
            plural_of(cand->v[i], pl, sizeof pl);
            if (pl[0] && sl_push(cand, pl, strlen(pl)) < 0)
                return oom(im);
        }
    }
    return 0;
}

/* One line of an agents file (comment cut, trimmed, not blank): a
 * substitution set "!NAME! = ...", or "NOUN {PLURALS} [~CODE]". */
static int agent_line(petr_importer *im, char *s)
{
    int r = agent_subst_def(im, s);
    if (r != 0)
        return r < 0 ? r : 0;
    im->st->entries++;
    size_t nn = strcspn(s, "{[");
    char noun[PCAP];
    if (nn >= sizeof noun)
        nn = sizeof noun - 1;
    memcpy(noun, s, nn);
    noun[nn] = '\0';
    char *plurals = NULL;
    const char *p = s + nn;
    if (*p == '{') {
        char *close = strchr(s + nn, '}');
        if (!close)
            return data_error(im, "'{' without a closing '}'");
        *close = '\0';
        plurals = s + nn + 1;
        p = close + 1;
    }
    char code[128];
    int b = next_bracket(&p, code, sizeof code);
    if (b < 0)
        return data_error(im, "'[' without a closing ']'");
    size_t cl = b ? strlen(code) : 0;
    int reason = -1, map = -1;
    if (b == 0)
        reason = PSK_NO_CODE;
    else if (cl && code[cl - 1] == '~')
        reason = PSK_PREFIX;
    else if (code[0] != '~' || cl < 4)
        reason = PSK_BAD_CODE;
    for (size_t i = 0; reason < 0 && i < sizeof agent_roles / sizeof agent_roles[0]; i++)
        if (memcmp(code + 1, agent_roles[i].role, 3) == 0)
            map = (int)i;
    if (reason < 0 && map < 0)
        reason = PSK_ROLE;
    if (reason >= 0) {
        im->st->skipped[reason]++;
        return 0;
    }
    strlist cand = {0}, kept = {0};
    int rc = agent_phrases(im, noun, plurals, &cand);
    if (rc > 0) {
        reason = rc;
        rc = 0;
    }
    if (rc == 0 && reason < 0 && cand.n && ends_in_preposition(cand.v[0]))
        reason = PSK_PATTERN; /* "AMBASSADOR_TO": PETRARCH completes it with an actor */
    int out = agent_roles[map].out;
    if (rc == 0 && reason < 0)
        rc = keep_new(im, &cand, out == PO_TITLES ? LK_TITLE : LK_AGENT, &kept, &reason);
    if (rc == 0 && kept.n) {
        reason = -1;
        FILE *f = im->out[out];
        put_list(f, &kept);
        if (out == PO_AGENTS) /* with the CAMEO role of its code ("~COP") */
            fprintf(f, " | %s | %s\n", agent_roles[map].fields, agent_roles[map].role);
        else
            fprintf(f, " | %s\n", agent_roles[map].fields);
        rc = wrote(im, out, kept.n);
    }
    if (rc == 0 && reason >= 0)
        im->st->skipped[reason]++;
    sl_free(&cand);
    sl_free(&kept);
    return rc;
}

/* ------------------------------------------------------------------ */
/* verbs                                                                */

typedef struct verb_block {
    char code[32];     /* the block's code ("190"), "" for none */
    char name[64];     /* the block's name ("kill"), lower case */
    strlist forms;     /* every form of every verb of the block, for its patterns */
    strlist verb_of;   /* the verb (lower case) each of forms belongs to */
    strlist dy_verbs;  /* the block's lines for imported-cameo.txt: "PHRASES | verb | VALUE" */
    strlist dy_pats;   /* ... and its patterns, "LEFT * RIGHT | pattern | VALUE" */
    char syn[64];      /* the synonym set being read ("&NAME" and "+WORD" lines), or "" */
    strlist syn_members;
} verb_block;

/* ---- the CAMEO verb dictionary (imported-cameo.txt) ---- */

/* The value of a verb or pattern line of imported-cameo.txt for a verb
 * dictionary code ("064" -> "064 COOPERATE", "023" -> "023 -": PLOVER has no
 * type for appeals and statements) into value (cap bytes). Returns 0 when the
 * code is no CAMEO code ("---", "abc"). */
static int cameo_value(const char *code, char *value, size_t cap)
{
    char part[16];
    const char *type, *mode;
    if (!code_part(code, part, sizeof part) || strlen(part) < 2 || strlen(part) > 4)
        return 0;
    cameo_plover(part, &type, &mode);
    snprintf(value, cap, "%s %s%s%s", part, type ? type : "-", type && mode ? " " : "", type && mode ? mode : "");
    return 1;
}

/* Count one line written to imported-cameo.txt holding n phrases. Returns 0,
 * or PETR_ESYS when the output cannot be written. */
static int wrote_cameo(petr_importer *im, size_t n)
{
    if (output_ok(im, PO_CAMEO) < 0)
        return PETR_ESYS;
    im->st->written[PO_CAMEO]++;
    im->st->phrases += n;
    return 0;
}

/* Is the synonym set name (lower case) written to imported-cameo.txt? */
static int synset_known(const petr_importer *im, const char *name)
{
    for (size_t i = 0; i < im->synsets.n; i++)
        if (strcmp(im->synsets.v[i], name) == 0)
            return 1;
    return 0;
}

/* Write the synonym set being read (blk->syn) as "MEMBERS | synset | NAME",
 * unless it has no member or its name was written before; forget it.
 * Returns 0 or PETR_ESYS. */
static int synset_flush(petr_importer *im, verb_block *blk)
{
    int rc = 0;
    if (blk->syn[0] && blk->syn_members.n && !synset_known(im, blk->syn)) {
        put_list(im->out[PO_CAMEO], &blk->syn_members);
        fprintf(im->out[PO_CAMEO], " | synset | %s\n", blk->syn);
        rc = wrote_cameo(im, 0);
        if (rc == 0 && sl_push(&im->synsets, blk->syn, strlen(blk->syn)) < 0)
            rc = oom(im);
    }
    blk->syn[0] = '\0';
    sl_clear(&blk->syn_members);
    return rc;
}

/* Start reading the synonym set "&NAME" of line s (after writing the one
 * before). Returns 0 or PETR_ESYS. */
static int synset_start(petr_importer *im, verb_block *blk, const char *s)
{
    int rc = synset_flush(im, blk);
    const char *nm = s + 1;
    size_t n = clean_phrase(nm, strcspn(nm, " \t"), blk->syn, sizeof blk->syn);
    blk->syn[n] = '\0';
    lower_ascii(blk->syn);
    for (char *p = blk->syn; *p; p++)
        if (*p == ' ')
            *p = '_';
    return rc;
}

/* A "+WORD" line of the synonym set being read: its phrase joins the set (a
 * nested set, "+&OTHER", is left out). Returns 0 or PETR_ESYS. */
static int synset_member(petr_importer *im, verb_block *blk, const char *s)
{
    char ph[PCAP];
    size_t n = s[1] == '&' ? 0 : clean_phrase(s, strcspn(s, "[#"), ph, sizeof ph);
    if (!blk->syn[0] || n == 0)
        return 0;
    lower_ascii(ph);
    return sl_push(&blk->syn_members, ph, n) < 0 ? oom(im) : 0;
}

/* Append the pattern word w (its markers $, +, %, ^ dropped; "&NAME" a
 * synonym set) to out (PCAP bytes), counting a '*' in *stars and words in
 * *words. Returns 0 when the pattern cannot be written: a set not written
 * before, a word too long. */
static int pattern_word(const petr_importer *im, char *w, char *out, int *stars, int *words)
{
    w += strspn(w, "$+%^");
    size_t n = strlen(w);
    while (n && strchr("$+%^", w[n - 1]))
        w[--n] = '\0';
    if (n == 0)
        return 1;
    lower_ascii(w);
    if (strcmp(w, "*") == 0)
        (*stars)++;
    else if (w[0] == '&' && !synset_known(im, w + 1))
        return 0;
    else
        (*words)++;
    size_t ol = strlen(out);
    if (ol + n + 2 >= PCAP)
        return 0;
    snprintf(out + ol, PCAP - ol, "%s%s", ol ? " " : "", w);
    return 1;
}

/* The length of the longest synonym set name written before that begins the
 * text at s ("&TIES_KIND_DISPUTE": "ties_kind"), followed by '_', a blank or
 * the end; 0 when none does. */
static size_t synset_prefix(const petr_importer *im, const char *s)
{
    size_t best = 0;
    for (size_t i = 0; i < im->synsets.n; i++) {
        const char *nm = im->synsets.v[i];
        size_t k = strlen(nm);
        if (k > best && strncasecmp(s, nm, k) == 0 && (s[k] == '\0' || s[k] == '_' || s[k] == ' '))
            best = k;
    }
    return best;
}

/* The pattern text p[0..n) ("SAID * TO_ATTEND", "* &TIETYPES TIES", "IN_*")
 * as a pattern of imported-cameo.txt ("said * to attend") into out (PCAP
 * bytes). A synonym set is the longest name written before that follows '&'
 * (names may hold '_', which elsewhere joins words). Returns 0 when it cannot
 * be one: a prepositional phrase '(', not one '*', no word, a synonym set not
 * defined above. */
static int dyad_pattern_text(const petr_importer *im, const char *p, size_t n, char *out)
{
    char buf[PCAP * 2];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < sizeof buf; i++) {
        char c = p[i];
        if (strchr("()<>|;=\\/@~:", c))
            return 0;
        if (c == '&') {
            char rest[PCAP];
            snprintf(rest, sizeof rest, "%.*s", (int)(n - i - 1), p + i + 1);
            size_t k = synset_prefix(im, rest);
            if (k == 0 || o + k + 3 >= sizeof buf)
                return 0;
            buf[o++] = ' ';
            buf[o++] = '&';
            memcpy(buf + o, rest, k);
            o += k;
            buf[o++] = ' ';
            i += k;
        } else if (c == '*') {
            memcpy(buf + o, " * ", 3);
            o += 3;
        } else {
            buf[o++] = (c == '_' || c == '{' || c == '}' || c == '\t') ? ' ' : c;
        }
    }
    buf[o] = '\0';
    out[0] = '\0';
    int stars = 0, words = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save))
        if (!pattern_word(im, w, out, &stars, &words))
            return 0;
    return stars == 1 && words > 0;
}

/* Does the lower-case phrase p name an actor, an agent or a title of the
 * dictionaries as written in lower case (an acronym "=MEND" is no "mend"), or
 * is it empty or too long to match? */
static int names_someone(const petr_importer *im, const char *p)
{
    char key[PCAP];
    size_t ntok, n = fold_key(p, key, &ntok);
    if (n == 0 || ntok > MAX_WORDS)
        return 1;
    static const uint8_t kinds[] = {LK_ACTOR, LK_AGENT, LK_TITLE};
    for (size_t k = 0; im->lx && k < sizeof kinds; k++) {
        int32_t v[1];
        if (lexicon_lookup(im->lx, key, n, p, kinds[k], v, 1))
            return 1;
    }
    return 0;
}

/* Keep the verb forms of a verb line for imported-cameo.txt, with the verb's
 * value (its code, or "---" when it codes only through its patterns): its
 * forms that the dictionaries do not hold as an actor, an agent or a title
 * (a verb "police" would make the agent its own verb). The CAMEO kinds are
 * scanned apart (lexicon_scan_cameo), so a verb hides no other entry.
 * Returns 0 or PETR_ESYS. */
static int dyad_verb(petr_importer *im, verb_block *blk, const strlist *forms, const char *code)
{
    char value[48], line[PCAP * 8];
    if (!cameo_value(code, value, sizeof value))
        snprintf(value, sizeof value, "---");
    size_t o = 0, kept = 0;
    for (size_t i = 0; i < forms->n; i++) {
        if (names_someone(im, forms->v[i]))
            continue;
        int w = snprintf(line + o, sizeof line - o, "%s%s", kept ? "; " : "", forms->v[i]);
        if (w < 0 || (size_t)w >= sizeof line - o)
            break;
        o += (size_t)w;
        kept++;
    }
    if (!kept)
        return 0;
    snprintf(line + o, sizeof line - o, " | verb | %s", value);
    return sl_push(&blk->dy_verbs, line, strlen(line)) < 0 ? oom(im) : 0;
}

/* Keep the pattern p[0..n) with code for imported-cameo.txt, when it can be
 * written (dyad_pattern_text) and its code is a CAMEO code. Returns 0 or
 * PETR_ESYS. */
static int dyad_pattern(petr_importer *im, verb_block *blk, const char *p, size_t n, const char *code)
{
    char text[PCAP], value[48], line[PCAP + 64];
    if (!cameo_value(code, value, sizeof value) || !dyad_pattern_text(im, p, n, text))
        return 0;
    snprintf(line, sizeof line, "%s | pattern | %s", text, value);
    return sl_push(&blk->dy_pats, line, strlen(line)) < 0 ? oom(im) : 0;
}

/* Write the block's verb lines to imported-cameo.txt, then its patterns,
 * which belong to every verb of the group above them as to every verb of a
 * PETRARCH block; forget them. Returns 0 or PETR_ESYS. */
static int dyad_flush(petr_importer *im, verb_block *blk)
{
    int rc = 0;
    for (size_t i = 0; i < blk->dy_verbs.n && rc == 0; i++) {
        const char *v = blk->dy_verbs.v[i];
        size_t phrases = 1;
        for (const char *c = v; *c && *c != '|'; c++)
            phrases += *c == ';';
        fprintf(im->out[PO_CAMEO], "%s\n", v);
        rc = wrote_cameo(im, phrases);
    }
    for (size_t j = 0; j < blk->dy_pats.n && blk->dy_verbs.n && rc == 0; j++)
        fprintf(im->out[PO_CAMEO], "%s\n", blk->dy_pats.v[j]);
    sl_clear(&blk->dy_verbs);
    sl_clear(&blk->dy_pats);
    return rc;
}

/* Append the regular forms of the verb phrase v (lower case; its first word is
 * the verb: "wage war") to out: v, -s, -ed, -ing, with the usual spelling
 * rules for e, y and sibilants (no doubled consonants: the dictionaries list
 * those forms). Returns 0, or -1 when out of memory. */
static int regular_forms(const char *v, strlist *out)
{
    size_t w = strcspn(v, " ");
    const char *rest = v + w;
    char stem[PCAP], f[PCAP * 2];
    if (w + 8 > sizeof stem || w == 0)
        return 0;
    memcpy(stem, v, w);
    stem[w] = '\0';
    char last = stem[w - 1], prev = w > 1 ? stem[w - 2] : '\0';
    int cons_y = last == 'y' && prev && !strchr("aeiou", prev);
    int sib = last == 's' || last == 'x' || last == 'z' || (last == 'h' && (prev == 'c' || prev == 's'));
    int cut = cons_y ? 1 : 0;
    if (sl_push(out, v, strlen(v)) < 0)
        return -1;
    int n = snprintf(f, sizeof f, "%.*s%s%s", (int)w - cut, stem, cons_y ? "ies" : sib ? "es" : "s", rest);
    if (sl_push(out, f, (size_t)n) < 0)
        return -1;
    n = snprintf(f, sizeof f, "%.*s%s%s", (int)w - cut, stem, cons_y ? "ied" : last == 'e' ? "d" : "ed", rest);
    if (sl_push(out, f, (size_t)n) < 0)
        return -1;
    if (last == 'e' && prev == 'i')
        n = snprintf(f, sizeof f, "%.*sying%s", (int)w - 2, stem, rest);
    else if (last == 'e' && prev && !strchr("eoy", prev))
        n = snprintf(f, sizeof f, "%.*sing%s", (int)w - 1, stem, rest);
    else
        n = snprintf(f, sizeof f, "%sing%s", stem, rest);
    return sl_push(out, f, (size_t)n);
}

/* Does a run of the words of phrase (not all of them) match a lexicon entry
 * other than one of its own kind and value (an event of class ev; any
 * interaction for an interaction)? Such a phrase would hide that entry (a
 * casualty word, an agent, a target, another event: "claims killing") from the
 * scan, where the longest match wins. */
static int shadows(const petr_importer *im, const char *phrase, uint8_t kind, const char *ev)
{
    char key[PCAP];
    size_t ntok, n = fold_key(phrase, key, &ntok);
    if (!im->lx || n == 0)
        return 0;
    size_t starts[MAX_WORDS + 2], ns = 0;
    starts[ns++] = 0;
    for (size_t i = 0; i < n && ns <= MAX_WORDS; i++)
        if (key[i] == ' ')
            starts[ns++] = i + 1;
    for (size_t a = 0; a < ns; a++)
        for (size_t b = a + 1; b <= ns; b++) {
            if (a == 0 && b == ns)
                continue;
            size_t from = starts[a], to = b < ns ? starts[b] - 1 : n;
            char sub[PCAP], upper[PCAP];
            memcpy(sub, key + from, to - from);
            sub[to - from] = '\0';
            upper_copy(sub, upper);
            for (uint8_t k = LK_ACTOR; k < LK_KIND_MAX; k++) {
                int32_t v[8];
                size_t got = lexicon_lookup(im->lx, sub, to - from, sub, k, v, 8);
                if (!got)
                    got = lexicon_lookup(im->lx, sub, to - from, upper, k, v, 8);
                for (size_t j = 0; j < got; j++)
                    if (k != kind || (k == LK_EVENT && strcmp(ev_class_name(v[j]), ev) != 0))
                        return 1;
            }
        }
    return 0;
}

/* Write the phrases of cand that are new and hide no other entry (shadows)
 * as a vocabulary line of kind (LK_EVENT or LK_INTERACTION) and value ev.
 * Returns 0 or PETR_ESYS; *reason is set when nothing was written. */
static int write_event(petr_importer *im, const strlist *cand, uint8_t kind, const char *ev, int *reason)
{
    strlist kept = {0}, clear = {0};
    int why, rc = 0, shadowed = 0;
    for (size_t i = 0; i < cand->n && rc == 0; i++) {
        if (shadows(im, cand->v[i], kind, ev))
            shadowed = 1;
        else if (sl_push(&clear, cand->v[i], strlen(cand->v[i])) < 0)
            rc = oom(im);
    }
    if (rc == 0)
        rc = keep_new(im, &clear, kind, &kept, &why);
    if (rc == 0) {
        if (kept.n == 0) {
            *reason = clear.n == 0 && shadowed ? PSK_SHADOW : why;
        } else {
            FILE *f = im->out[PO_VOCAB];
            put_list(f, &kept);
            fprintf(f, " | %s | %s\n", kind == LK_EVENT ? "event" : "interaction", ev);
            rc = wrote(im, PO_VOCAB, kept.n);
        }
    }
    sl_free(&clear);
    sl_free(&kept);
    return rc;
}

/* The forms of a verb line into forms: the verb, then the forms listed in
 * braces ("{}": none) or, without braces, the regular forms. *p points after
 * the verb and moves past the braces. Returns 0, PETR_EDATA for an unclosed
 * '{', PETR_ESYS. */
static int verb_forms(petr_importer *im, const char *verb, const char **p, strlist *forms)
{
    if (**p != '{')
        return regular_forms(verb, forms) < 0 ? oom(im) : 0;
    const char *close = strchr(*p, '}');
    if (!close)
        return data_error(im, "'{' without a closing '}'");
    if (sl_push(forms, verb, strlen(verb)) < 0)
        return oom(im);
    for (const char *t = *p + 1; t < close;) {
        t += strspn(t, " \t");
        size_t tn = strcspn(t, " \t}");
        if (t + tn > close)
            tn = (size_t)(close - t);
        char ph[PCAP];
        size_t pn = clean_phrase(t, tn, ph, sizeof ph);
        if (pn) {
            lower_ascii(ph);
            if (sl_push(forms, ph, pn) < 0)
                return oom(im);
        }
        t += tn ? tn : 1;
    }
    *p = close + 1;
    return 0;
}

/* A verb line: "WORD {FORMS} [CODE]" or "+MULTI_WORD {+FORMS}"; its forms
 * also go to the block, for the block's patterns. */
static int verb_line(petr_importer *im, verb_block *blk, char *s)
{
    im->st->entries++;
    size_t nn = strcspn(s, "{[");
    char verb[PCAP];
    size_t vn = clean_phrase(s, nn, verb, sizeof verb);
    lower_ascii(verb);
    const char *p = s + nn;
    strlist forms = {0};
    int reason = -1, rc = vn ? verb_forms(im, verb, &p, &forms) : 0;
    char code[32] = "";
    int b = rc == 0 ? next_bracket(&p, code, sizeof code) : 0;
    if (b < 0)
        rc = data_error(im, "'[' without a closing ']'");
    for (size_t i = 0; rc == 0 && i < forms.n; i++)
        if (sl_push(&blk->forms, forms.v[i], strlen(forms.v[i])) < 0 ||
            sl_push(&blk->verb_of, verb, strlen(verb)) < 0)
            rc = oom(im);
    if (rc == 0 && vn && !(strchr(verb, ' ') && ends_in_preposition(verb)))
        rc = dyad_verb(im, blk, &forms, b ? code : blk->code);
    if (rc == 0) {
        /* a multi-word verb ending in a conjunction or preposition
         * ("KILLED_AND", "ANGERED_BY") is a fragment */
        uint8_t kind;
        char value[48];
        int has_entry = code_entry(b ? code : blk->code, &kind, value, sizeof value);
        if (!vn || (strchr(verb, ' ') && ends_in_preposition(verb)))
            reason = PSK_PATTERN;
        else if (!has_entry)
            reason = PSK_EVENT;
        else if (kind == LK_INTERACTION)
            ; /* coded between two parties, from imported-cameo.txt (dyad_verb) */
        else if (!strchr(verb, ' ') && !(im->flags & PETR_BARE_VERBS))
            reason = PSK_VAGUE;
        else
            rc = write_event(im, &forms, kind, value, &reason);
    }
    if (rc == 0 && reason >= 0)
        im->st->skipped[reason]++;
    sl_free(&forms);
    return rc;
}

/* Split the words of a pattern "LEFT * RIGHT" (braces only group words) into
 * left and right (PCAP bytes each, lower case). Returns 1 when the pattern is
 * plain: one '*', and only words around it (no &synsets, (prepositional
 * phrases), $ or + markers, digits). */
static int plain_pattern(const char *text, size_t len, char *left, char *right)
{
    char buf[PCAP];
    if (len >= sizeof buf)
        return 0;
    memcpy(buf, text, len);
    buf[len] = '\0';
    for (const char *t = buf; *t; t++)
        if (strchr("&$+%^|()<>/\\@~:", *t) || (*t >= '0' && *t <= '9'))
            return 0;
    left[0] = right[0] = '\0';
    int stars = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, " \t{}", &save); tok; tok = strtok_r(NULL, " \t{}", &save)) {
        if (strcmp(tok, "*") == 0) {
            stars++;
            continue;
        }
        if (strchr(tok, '*'))
            return 0;
        char *side = stars ? right : left;
        size_t sl = strlen(side);
        if (sl + strlen(tok) + 2 >= PCAP)
            return 0;
        snprintf(side + sl, PCAP - sl, "%s%s", sl ? " " : "", tok);
    }
    if (stars != 1 || (!left[0] && !right[0]))
        return 0;
    char tmp[PCAP];
    clean_phrase(left, strlen(left), tmp, sizeof tmp);
    memcpy(left, tmp, strlen(tmp) + 1);
    clean_phrase(right, strlen(right), tmp, sizeof tmp);
    memcpy(right, tmp, strlen(tmp) + 1);
    lower_ascii(left);
    lower_ascii(right);
    return 1;
}

/* The verb of the block a pattern belongs to: the one its comment names
 * ("# STAGE": the dictionary notes the verb each pattern came from), else the
 * verb the block is named after; "" when neither is a verb of the block.
 * Written to verb (PCAP bytes). */
static void pattern_verb(const verb_block *blk, const char *comment, char *verb)
{
    char word[PCAP];
    const char *c = comment + strspn(comment, " \t");
    size_t n = clean_phrase(c, strcspn(c, " \t#"), word, sizeof word);
    lower_ascii(word);
    for (int pass = 0; pass < 2; pass++) {
        const char *want = pass == 0 ? word : blk->name;
        if (pass == 0 && n == 0)
            continue;
        for (size_t i = 0; i < blk->verb_of.n; i++)
            if (strcmp(blk->verb_of.v[i], want) == 0) {
                snprintf(verb, PCAP, "%s", want);
                return;
            }
    }
    verb[0] = '\0';
}

/* A pattern line "- LEFT * RIGHT [CODE] # VERB": when plain, LEFT + each form
 * of its verb (pattern_verb) + RIGHT become phrases of the pattern's event. */
static int pattern_line(petr_importer *im, verb_block *blk, char *s, const char *comment)
{
    im->st->entries++;
    const char *p = s + 1;
    size_t tn = strcspn(p, "[");
    char code[32] = "";
    const char *q = p + tn;
    int b = next_bracket(&q, code, sizeof code);
    if (b < 0)
        return data_error(im, "'[' without a closing ']'");
    uint8_t kind, block_kind;
    char ev[48], block_ev[48];
    int has_entry = b && code_entry(code, &kind, ev, sizeof ev);
    int block_entry = code_entry(blk->code, &block_kind, block_ev, sizeof block_ev);
    char left[PCAP], right[PCAP], verb[PCAP];
    int reason = -1;
    if (b && dyad_pattern(im, blk, p, tn, code) < 0)
        return PETR_ESYS;
    pattern_verb(blk, comment, verb);
    if (!has_entry)
        reason = PSK_EVENT;
    else if (kind == LK_INTERACTION)
        return 0; /* coded between two parties, from imported-cameo.txt (dyad_pattern) */
    else if (!plain_pattern(p, tn, left, right) || !verb[0])
        reason = PSK_PATTERN;
    else if (block_entry && block_kind == kind && strcmp(block_ev, ev) == 0)
        reason = PSK_REDUNDANT;
    if (reason >= 0) {
        im->st->skipped[reason]++;
        return 0;
    }
    strlist cand = {0};
    int rc = 0;
    for (size_t i = 0; i < blk->forms.n && rc == 0; i++) {
        if (strcmp(blk->verb_of.v[i], verb) != 0)
            continue;
        char ph[PCAP];
        int w = snprintf(ph, sizeof ph, "%s%s%s%s%s", left, left[0] ? " " : "", blk->forms.v[i],
                         right[0] ? " " : "", right);
        if (w >= 0 && (size_t)w < sizeof ph && sl_push(&cand, ph, (size_t)w) < 0)
            rc = oom(im);
    }
    if (rc == 0) {
        if (cand.n == 0)
            reason = PSK_PATTERN;
        else
            rc = write_event(im, &cand, kind, ev, &reason);
    }
    if (rc == 0 && reason >= 0)
        im->st->skipped[reason]++;
    sl_free(&cand);
    return rc;
}

/* One line of a verbs file (comment cut, trimmed, not blank): a synonym set
 * "&NAME" (and its "+WORD" members), a block header "--- NAME [CODE] ---", a
 * pattern "- ..." or a verb. */
static int verbs_line(petr_importer *im, verb_block *blk, int *in_block, char *s, const char *comment)
{
    if (s[0] == '&') {
        im->st->entries++;
        im->st->skipped[PSK_SYNSET]++;
        *in_block = 0;
        int rc = dyad_flush(im, blk);
        return rc ? rc : synset_start(im, blk, s);
    }
    if (strncmp(s, "---", 3) == 0) {
        int rc = dyad_flush(im, blk);
        if (rc == 0)
            rc = synset_flush(im, blk);
        if (rc)
            return rc;
        const char *p = s;
        char code[32];
        int b = next_bracket(&p, code, sizeof code);
        if (b < 0)
            return data_error(im, "'[' without a closing ']'");
        snprintf(blk->code, sizeof blk->code, "%s", b ? code : "");
        const char *nm = s + strspn(s, "- \t");
        size_t nl = strcspn(nm, " \t[");
        clean_phrase(nm, nl < sizeof blk->name ? nl : sizeof blk->name - 1, blk->name, sizeof blk->name);
        lower_ascii(blk->name);
        sl_clear(&blk->forms);
        sl_clear(&blk->verb_of);
        *in_block = 1;
        return 0;
    }
    if (!*in_block)
        return s[0] == '+' ? synset_member(im, blk, s) : 0; /* a synonym-set member ("+WORD") */
    if (s[0] == '-')
        return pattern_line(im, blk, s, comment);
    return verb_line(im, blk, s);
}

/* A line of a discards file: a phrase whose sentence PETRARCH does not code,
 * or with a leading '+' whose story; written as "PHRASE | discard | sentence"
 * (or "story") to imported-cameo.txt. Returns 0 or PETR_ESYS. */
static int discard_line(petr_importer *im, const char *s)
{
    im->st->entries++;
    char ph[PCAP];
    size_t n = clean_phrase(s, strlen(s), ph, sizeof ph);
    if (n == 0) {
        im->st->skipped[PSK_NO_CODE]++;
        return 0;
    }
    lower_ascii(ph);
    fprintf(im->out[PO_CAMEO], "%s | discard | %s\n", ph, s[0] == '+' ? "story" : "sentence");
    im->st->imported++;
    return wrote_cameo(im, 1);
}

/* ------------------------------------------------------------------ */
/* files                                                                */

/* See petrarch.h. */
const char *petr_kind_name(petr_kind k)
{
    return k == PETR_ACTORS ? "actors" : k == PETR_AGENTS ? "agents" : k == PETR_VERBS ? "verbs"
         : k == PETR_DISCARDS ? "discards" : "unknown";
}

/* See petrarch.h. */
const char *petr_skip_name(int reason)
{
    static const char *const names[PSK_MAX] = {
        "no code", "unreadable or unknown code", "country or region name", "person",
        "role not mapped", "over 8 words", "already in the dictionaries", "duplicate within the import",
        "undefined substitution set", "prefix agent code", "no tacitus event for the CAMEO code",
        "not a plain phrase", "pattern codes its verb's event", "would hide an existing entry",
        "synonym set", "unreadable characters", "malformed line", "one-word verb"};
    return (reason >= 0 && reason < PSK_MAX) ? names[reason] : "?";
}

/* The kind a line (comment cut, trimmed) shows, or PETR_DETECT when it shows none. */
static petr_kind line_kind(const char *s)
{
    if (strncmp(s, "---", 3) == 0 || s[0] == '&')
        return PETR_VERBS;
    if (s[0] == '!' && strchr(s + 1, '!') && strchr(s, '='))
        return PETR_AGENTS;
    const char *b = strchr(s, '[');
    if (!b)
        return PETR_DETECT;
    const char *e = strchr(b, ']');
    if (e && memchr(b, '~', (size_t)(e - b)))
        return PETR_AGENTS;
    char c = b[1];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
        return PETR_ACTORS;
    if ((c >= '0' && c <= '9') || c == '-' || c == ':')
        return PETR_VERBS;
    return PETR_DETECT;
}

/* The base name of the file name (after its last '/') in lower case into low
 * (cap bytes, cut to fit). */
static void lower_base_name(const char *name, char *low, size_t cap)
{
    const char *base = strrchr(name, '/');
    snprintf(low, cap, "%s", base ? base + 1 : name);
    lower_ascii(low);
}

/* The kind from a file name ("...actors...", "...agents...", "...verbs...",
 * "CAMEO..." or "...discards..."), or PETR_DETECT. */
static petr_kind name_kind(const char *name)
{
    char low[256];
    lower_base_name(name, low, sizeof low);
    if (strstr(low, "verb") || strstr(low, "cameo"))
        return PETR_VERBS;
    if (strstr(low, "agent"))
        return PETR_AGENTS;
    if (strstr(low, "actor"))
        return PETR_ACTORS;
    if (strstr(low, "discard"))
        return PETR_DISCARDS;
    return PETR_DETECT;
}

/* Is name that of PETRARCH's issue coding dictionary ("...IssueCoding...")?
 * Its entries look like actors ("n:teacher [TEACHERS]") but name topics. */
static int issue_file(const char *name)
{
    char low[256];
    lower_base_name(name, low, sizeof low);
    return strstr(low, "issue") != NULL;
}

/* Copy line[0..n) into *buf (capacity *cap, grown as needed) as UTF-8: kept
 * as it is when valid, else read as Latin-1 (older dictionaries) and
 * converted; a control byte becomes U+FFFD (see UNREADABLE). Returns 0, or -1
 * when out of memory. */
static int to_utf8(const char *line, size_t n, char **buf, size_t *cap)
{
    if (*cap < n * 3 + 1) {
        char *b = realloc(*buf, n * 3 + 1);
        if (!b)
            return -1;
        *buf = b;
        *cap = n * 3 + 1;
    }
    int valid = 1;
    for (size_t i = 0; i < n && valid;) {
        size_t k = utf8_valid_seq((const unsigned char *)line + i, n - i);
        if (k == 0)
            valid = 0;
        i += k ? k : 1;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)line[i];
        if ((c < 0x20 && c != '\t') || c == 0x7F) {
            memcpy(*buf + o, UNREADABLE, 3);
            o += 3;
        } else if (valid || c < 0x80) {
            (*buf)[o++] = (char)c;
        } else {
            (*buf)[o++] = (char)(0xC0 | (c >> 6));
            (*buf)[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    (*buf)[o] = '\0';
    return 0;
}

/* Lines of a text buffer ("\n", "\r\n" or "\r" ends). */
typedef struct line_iter {
    const char *text;
    size_t len, pos;
    unsigned line;
} line_iter;

/* The next line (without its end) in *s, *n; returns 0 at the end. */
static int next_line(line_iter *it, const char **s, size_t *n)
{
    if (it->pos >= it->len)
        return 0;
    const char *p = it->text + it->pos;
    size_t rest = it->len - it->pos, k = 0;
    while (k < rest && p[k] != '\n' && p[k] != '\r')
        k++;
    *s = p;
    *n = k;
    it->pos += k;
    if (it->pos < it->len && it->text[it->pos] == '\r')
        it->pos++;
    if (it->pos < it->len && it->text[it->pos] == '\n')
        it->pos++;
    it->line++;
    return 1;
}

/* The kind of text[0..len) from the first line that shows one (see
 * line_kind); PETR_DETECT when none does. */
static petr_kind detect_kind(const char *text, size_t len)
{
    line_iter it = {text, len, 0, 0};
    const char *s;
    size_t n;
    int in_xml = 0;
    while (next_line(&it, &s, &n)) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%.*s", (int)(n < sizeof buf ? n : sizeof buf - 1), s);
        char *t = trim(buf);
        if (in_xml || strncmp(t, "<!--", 4) == 0) {
            in_xml = strstr(t, "-->") == NULL;
            continue;
        }
        cut_comment(t);
        petr_kind k = line_kind(trim(t));
        if (k != PETR_DETECT)
            return k;
    }
    return PETR_DETECT;
}

/* 1 when every '[' and '{' of s is closed, in order and unnested. */
static int balanced(const char *s)
{
    char open = 0;
    for (; *s; s++) {
        if (*s == '[' || *s == '{') {
            if (open)
                return 0;
            open = *s;
        } else if (*s == ']' || *s == '}') {
            if (open != (*s == ']' ? '[' : '{'))
                return 0;
            open = 0;
        }
    }
    return !open;
}

/* Count a line with an unclosed or stray bracket or brace (a typo, a
 * truncated file) as a malformed entry. In an actors file it still starts a
 * new entry (so its aliases attach to nothing else), or spoils the entry it
 * belongs to. Returns 0, or PETR_ESYS. */
static int malformed_line(petr_importer *im, petr_kind kind, actor_entry *e, const char *s)
{
    if (kind != PETR_ACTORS) {
        im->st->entries++;
        im->st->skipped[PSK_MALFORMED]++;
        return 0;
    }
    if (*s != '+' && *s != '[') {
        int rc = actor_flush(im, e);
        if (rc < 0)
            return rc;
        e->active = 1;
        e->line = im->line;
        e->name[0] = '\0';
    }
    e->malformed = 1;
    return 0;
}

/* See petrarch.h. */
int petr_import_buffer(petr_importer *im, const char *name, const char *text, size_t len, petr_kind kind,
                       petr_stats *st, char *err, size_t errlen)
{
    memset(st, 0, sizeof *st);
    im->name = name;
    im->line = 0;
    im->st = st;
    im->err = err;
    im->errlen = errlen;
    free_substs(im);
    /* binary junk: a NUL, or control bytes (other than tab and line ends) in
     * more than 1% of the bytes; a few stray ones are read as unreadable
     * characters (to_utf8) */
    line_iter it = {text, len, 0, 0};
    const char *s;
    size_t n, ctl = 0;
    while (next_line(&it, &s, &n))
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c == 0 || (((c < 0x20 && c != '\t') || c == 0x7F) && ++ctl > len / 100)) {
                im->line = it.line;
                return data_error(im, "%s byte 0x%02X: not a text dictionary", c ? "control" : "NUL", c);
            }
        }
    if (kind == PETR_DETECT && issue_file(name)) {
        im->line = 1;
        return data_error(im, "an issue coding dictionary (topics, not actors, agents or verbs)");
    }
    if (kind == PETR_DETECT) {
        kind = detect_kind(text, len);
        st->detected = kind != PETR_DETECT;
        if (kind == PETR_DETECT)
            kind = name_kind(name);
        if (kind == PETR_DETECT) {
            im->line = it.line;
            return data_error(im, "cannot tell whether this is an actor, agent or verb dictionary");
        }
    }
    st->kind = kind;
    char *buf = NULL;
    size_t cap = 0;
    int rc = 0, in_xml = 0, in_block = 0;
    actor_entry ae;
    memset(&ae, 0, sizeof ae);
    verb_block blk;
    memset(&blk, 0, sizeof blk);
    it = (line_iter){text, len, 0, 0};
    while (rc == 0 && next_line(&it, &s, &n)) {
        im->line = it.line;
        if (to_utf8(s, n, &buf, &cap) < 0) {
            rc = oom(im);
            break;
        }
        char *t = trim(buf);
        if (in_xml || strncmp(t, "<!--", 4) == 0) {
            in_xml = strstr(t, "-->") == NULL;
            continue;
        }
        const char *comment = cut_comment(t);
        t = trim(t);
        if (!*t)
            continue;
        if (!balanced(t)) {
            rc = malformed_line(im, kind, &ae, t);
            continue;
        }
        if (kind == PETR_ACTORS)
            rc = actor_line(im, &ae, t, comment);
        else if (kind == PETR_AGENTS)
            rc = agent_line(im, t);
        else if (kind == PETR_DISCARDS)
            rc = discard_line(im, t);
        else
            rc = verbs_line(im, &blk, &in_block, t, comment);
    }
    if (rc == 0 && kind == PETR_ACTORS)
        rc = actor_flush(im, &ae);
    if (rc == 0 && kind == PETR_VERBS && (rc = dyad_flush(im, &blk)) == 0)
        rc = synset_flush(im, &blk);
    sl_free(&ae.aliases);
    free(ae.codes);
    sl_free(&blk.forms);
    sl_free(&blk.verb_of);
    sl_free(&blk.dy_verbs);
    sl_free(&blk.dy_pats);
    sl_free(&blk.syn_members);
    free(buf);
    free_substs(im);
    return rc;
}

/* See petrarch.h. */
int petr_import_file(petr_importer *im, const char *path, petr_kind kind, petr_stats *st, char *err,
                     size_t errlen)
{
    memset(st, 0, sizeof *st);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return PETR_ESYS;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    int rc = PETR_OK;
    for (;;) {
        if (len == cap) {
            if (cap >= MAX_FILE) {
                snprintf(err, errlen, "%s: larger than %u MiB: not a dictionary", path, MAX_FILE >> 20);
                rc = PETR_EDATA;
                break;
            }
            size_t nc = cap ? cap * 2 : 65536;
            char *t = realloc(text, nc);
            if (!t) {
                snprintf(err, errlen, "%s: out of memory", path);
                rc = PETR_ESYS;
                break;
            }
            text = t;
            cap = nc;
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f)) {
                snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
                rc = PETR_ESYS;
            }
            break;
        }
    }
    fclose(f);
    if (rc == PETR_OK)
        rc = petr_import_buffer(im, path, text ? text : "", len, kind, st, err, errlen);
    free(text);
    return rc;
}

/* See petrarch.h. */
const char *petr_licence_notice(void)
{
    return "The MIT License (MIT)\n"
           "\n"
           "Copyright (c) 2014 Open Event Data\n"
           "\n"
           "Permission is hereby granted, free of charge, to any person obtaining a copy of\n"
           "this software and associated documentation files (the \"Software\"), to deal in\n"
           "the Software without restriction, including without limitation the rights to\n"
           "use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of\n"
           "the Software, and to permit persons to whom the Software is furnished to do so,\n"
           "subject to the following conditions:\n"
           "\n"
           "The above copyright notice and this permission notice shall be included in all\n"
           "copies or substantial portions of the Software.\n"
           "\n"
           "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n"
           "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS\n"
           "FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR\n"
           "COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER\n"
           "IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN\n"
           "CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n";
}
