/*
 * lexicon.c - dictionary loading, the n-gram hash table and the mention scan
 * (see lexicon.h).
 *
 * Every phrase is folded token by token, exactly as the tokenizer folds text,
 * and stored under the 64-bit hash of its folded n-gram. A second set holds the
 * hash of every proper prefix, so the scan extends an n-gram only while some
 * phrase still starts with it: about one or two probes per token.
 */
#include "lexicon.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "fold.h"
#include "wordclass.h"

#define LEX_MAX_TOKENS 8
#define FIRST_BITS (1u << 18)

typedef struct lex_entry {
    uint64_t hash;
    uint32_t key_off;   /* folded phrase in pool */
    uint32_t key_len;
    uint32_t cs_off;    /* original phrase (case-sensitive entries), 0 if none */
    uint32_t next;      /* next payload under the same key, +1; 0 ends */
    int32_t value;
    uint8_t kind;
    uint8_t cs;
} lex_entry;

struct lexicon {
    char *pool;
    size_t pool_len, pool_cap;
    lex_entry *entries;
    size_t nentries, entries_cap;
    uint32_t *slots; /* head entry index + 1, keyed by hash */
    uint64_t *slot_hash; /* the hash of each slot's key: probes compare it without
                            touching the entries (one cache line instead of two) */
    uint64_t cameo_first_bits[FIRST_BITS / 64]; /* the same for the CAMEO kinds' phrases,
                            which lexicon_scan_cameo matches apart */
    uint64_t first_bits[FIRST_BITS / 64]; /* a Bloom bit per first-token hash: most
                            tokens of a text start no phrase, and one bit says so */
    size_t slots_cap;
    uint64_t *prefixes; /* open-addressing set of prefix hashes (0 = empty) */
    size_t prefixes_cap, nprefixes;
    lex_actor *actors;
    size_t nactors, actors_cap;
    lex_agent *agents;
    size_t nagents, agents_cap;
    lex_title *titles;
    size_t ntitles, titles_cap;
    lex_interaction *inters;
    size_t ninters, inters_cap;
    verbdict *verbs; /* CAMEO verbs and patterns; NULL until a verb or synset line */
    pctx_table *contexts; /* PLOVER contexts' phrases (plover-contexts.txt); NULL without one */
    size_t nphrases;
    size_t ncameo;   /* phrases of the CAMEO kinds (party, verb, discard) */
    cameo_codebook *codes; /* data/cameo-*.txt and countries.tsv */
    /* word classes (wordclass.h): folded word -> bit set */
    uint64_t *wc_hash;
    uint64_t *wc_bits, *wc_bits1; /* a word's classes of bank 0 and bank 1 (wc_len 0: no word) */
    uint32_t *wc_off, *wc_len;
    size_t wc_cap, wc_used;
    uint64_t wc_seen[2];     /* the classes data/wordclasses.txt gave words to, by bank */
};

/* ---- name tables ---- */

static const char *const actor_type_names[AT_MAX] = {
    "unknown", "state forces", "rebel group", "political militia", "identity militia",
    "rioters", "protesters", "civilians", "external/other forces"};

/* See lexicon.h. "unknown" for a value out of range. */
const char *actor_type_name(int t)
{
    return (t >= 0 && t < AT_MAX) ? actor_type_names[t] : "unknown";
}

/* See lexicon.h: the enum actor_type named s (as in the dictionaries), or -1. */
int actor_type_parse(const char *s)
{
    for (int i = 0; i < AT_MAX; i++)
        if (strcmp(actor_type_names[i], s) == 0)
            return i;
    return -1;
}

static const char *const ev_names[EV_CLASS_MAX] = {
    "none", "attack", "bombing", "suicide", "airstrike", "shelling", "grenade", "clash",
    "shooting", "killing", "assassination", "kidnap", "arson", "sexual", "arrest", "protest",
    "riot", "claim", "deny", "nonclaim", "blame", "condemn", "praise", "negotiate", "threaten",
    "ceasefire", "agreement", "hunger_strike", "displacement", "landmine", "ied", "vbied",
    "chemical", "hijack", "siege", "looting", "defused", "interaction"};

/* See lexicon.h. "none" for a value out of range. */
const char *ev_class_name(int c)
{
    return (c >= 0 && c < EV_CLASS_MAX) ? ev_names[c] : "none";
}

static const char *const cas_names[CAS_MAX] = {"none", "killed", "wounded", "casualties",
                                                "kidnapped", "missing", "arrested",
                                                "displaced", "rescued", "released"};
static const char *const ctx_names[CTX_MAX] = {"none", "past", "legal", "accident", "sport",
                                               "statistics", "hypothetical", "negation", "fiction",
                                               "business", "crime", "idiom"};
static const char *const hedge_names[] = {"none", "min", "gt", "approx", "max"};

/* The index of s in names[1..n) (index 0, "none", never matches), or -1. */
static int lookup_name(const char *const *names, int n, const char *s)
{
    for (int i = 1; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

/* ---- growable storage ---- */

/* See lexicon.h. */
int grow_array(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 256;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

/* Copy s[0..n) and a NUL into the string pool. Returns the offset, or
 * UINT32_MAX when out of memory. */
static uint32_t pool_add(lexicon *lx, const char *s, size_t n)
{
    if (grow_array((void **)&lx->pool, &lx->pool_cap, lx->pool_len + n + 1, 1) < 0)
        return UINT32_MAX;
    uint32_t off = (uint32_t)lx->pool_len;
    memcpy(lx->pool + off, s, n);
    lx->pool[off + n] = '\0';
    lx->pool_len += n + 1;
    return off;
}

/* ---- hash table ---- */

/* Move the chain heads into a new slot table of cap slots (a power of two).
 * Returns 0, or -1 when out of memory (the old table is kept). */
static int rehash(lexicon *lx, size_t cap)
{
    uint32_t *slots = calloc(cap, sizeof *slots);
    uint64_t *hashes = calloc(cap, sizeof *hashes);
    if (!slots || !hashes) {
        free(slots);
        free(hashes);
        return -1;
    }
    /* only chain heads sit in slots: move each to its place in the new table */
    if (lx->slots) {
        for (size_t s = 0; s < lx->slots_cap; s++) {
            uint32_t head = lx->slots[s];
            if (!head)
                continue;
            uint64_t h = lx->entries[head - 1].hash;
            size_t j = (size_t)h & (cap - 1);
            while (slots[j])
                j = (j + 1) & (cap - 1);
            slots[j] = head;
            hashes[j] = h;
        }
        free(lx->slots);
        free(lx->slot_hash);
    }
    lx->slots = slots;
    lx->slot_hash = hashes;
    lx->slots_cap = cap;
    return 0;
}

/* Move the prefix set into a new table of cap slots (a power of two). Returns
 * 0, or -1 when out of memory (the old set is kept). */
static int prefix_rehash(lexicon *lx, size_t cap)
{
    uint64_t *set = calloc(cap, sizeof *set);
    if (!set)
        return -1;
    for (size_t s = 0; s < lx->prefixes_cap; s++) {
        uint64_t h = lx->prefixes[s];
        if (!h)
            continue;
        size_t j = (size_t)h & (cap - 1);
        while (set[j])
            j = (j + 1) & (cap - 1);
        set[j] = h;
    }
    free(lx->prefixes);
    lx->prefixes = set;
    lx->prefixes_cap = cap;
    return 0;
}

/* Add prefix hash h (0 is stored as 1: 0 marks an empty slot), growing the set
 * at half full. Returns 0, or -1 when out of memory. */
static int prefix_add(lexicon *lx, uint64_t h)
{
    if (h == 0)
        h = 1;
    if ((lx->nprefixes + 1) * 2 > lx->prefixes_cap &&
        prefix_rehash(lx, lx->prefixes_cap ? lx->prefixes_cap * 2 : 1024) < 0)
        return -1;
    size_t j = (size_t)h & (lx->prefixes_cap - 1);
    while (lx->prefixes[j]) {
        if (lx->prefixes[j] == h)
            return 0;
        j = (j + 1) & (lx->prefixes_cap - 1);
    }
    lx->prefixes[j] = h;
    lx->nprefixes++;
    return 0;
}

/* 1 when h is the hash of a proper prefix of some phrase (0 is looked up as 1). */
static int prefix_has(const lexicon *lx, uint64_t h)
{
    if (h == 0)
        h = 1;
    if (!lx->prefixes_cap)
        return 0;
    size_t j = (size_t)h & (lx->prefixes_cap - 1);
    while (lx->prefixes[j]) {
        if (lx->prefixes[j] == h)
            return 1;
        j = (j + 1) & (lx->prefixes_cap - 1);
    }
    return 0;
}

/* Slot index holding the chain for (hash, key), or the empty slot where it goes. */
static size_t find_slot(const lexicon *lx, uint64_t h, const char *key, size_t n)
{
    size_t j = (size_t)h & (lx->slots_cap - 1);
    for (;;) {
        uint32_t head = lx->slots[j];
        if (!head)
            return j;
        const lex_entry *e = &lx->entries[head - 1];
        if (e->hash == h && e->key_len == n && memcmp(lx->pool + e->key_off, key, n) == 0)
            return j;
        j = (j + 1) & (lx->slots_cap - 1);
    }
}

/* See lexicon.h. Only the first 511 bytes of phrase are read. */
size_t lexicon_fold_phrase(const char *phrase, char *out, size_t cap)
{
    /* the tokenizer drops a possessive 's ("People's" reads "People"): so must we */
    char buf[512];
    size_t n = 0;
    for (const char *p = phrase; *p && n + 1 < sizeof buf; p++) {
        size_t apos = 0;
        if (*p == '\'')
            apos = 1;
        else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x99)
            apos = 3;
        if (apos && (p[apos] == 's' || p[apos] == 'S') &&
            !((p[apos + 1] >= 'a' && p[apos + 1] <= 'z') || (p[apos + 1] >= 'A' && p[apos + 1] <= 'Z'))) {
            p += apos; /* skip the apostrophe and the s */
            continue;
        }
        buf[n++] = *p;
    }
    buf[n] = '\0';
    n = fold_text(buf, n, out, cap);
    return n < cap ? n : 0;
}

/* Is kind one of the CAMEO dictionary's (party, verb, discard), which the scan
 * matches apart from the others? */
static int cameo_kind(uint8_t kind) { return kind == LK_PARTY || kind == LK_VERB || kind == LK_DISCARD; }

/* Add one phrase with its payload. Case-sensitive when phrase starts with '='. */
static int add_phrase(lexicon *lx, const char *phrase, uint8_t kind, int32_t value)
{
    int cs = 0;
    while (*phrase == ' ')
        phrase++;
    if (*phrase == '=') {
        cs = 1;
        phrase++;
    }
    char key[512];
    size_t n = lexicon_fold_phrase(phrase, key, sizeof key);
    if (n == 0)
        return 0; /* nothing foldable: ignore */
    uint64_t h = fold_hash(key, n);
    if ((lx->nentries + 1) * 2 > lx->slots_cap &&
        rehash(lx, lx->slots_cap ? lx->slots_cap * 2 : 4096) < 0)
        return -1;
    size_t j = find_slot(lx, h, key, n);
    uint32_t head = lx->slots[j];
    /* skip exact duplicate payloads */
    for (uint32_t p = head; p; p = lx->entries[p - 1].next) {
        const lex_entry *e = &lx->entries[p - 1];
        if (e->kind == kind && e->value == value && e->cs == cs)
            return 0;
    }
    if (grow_array((void **)&lx->entries, &lx->entries_cap, lx->nentries + 1, sizeof(lex_entry)) < 0)
        return -1;
    lex_entry *e = &lx->entries[lx->nentries];
    memset(e, 0, sizeof *e);
    e->hash = h;
    e->key_off = head ? lx->entries[head - 1].key_off : pool_add(lx, key, n);
    e->key_len = (uint32_t)n;
    e->kind = kind;
    e->value = value;
    e->cs = (uint8_t)cs;
    if (cs)
        e->cs_off = pool_add(lx, phrase, strlen(phrase));
    if (e->key_off == UINT32_MAX || (cs && e->cs_off == UINT32_MAX))
        return -1;
    /* append at the end of the chain so payload order follows the files */
    e->next = 0;
    if (!head) {
        lx->slots[j] = (uint32_t)lx->nentries + 1;
        lx->slot_hash[j] = h;
    } else {
        uint32_t p = head;
        while (lx->entries[p - 1].next)
            p = lx->entries[p - 1].next;
        lx->entries[p - 1].next = (uint32_t)lx->nentries + 1;
    }
    lx->nentries++;
    lx->nphrases++;
    lx->ncameo += cameo_kind(kind);
    /* proper prefixes at token boundaries */
    size_t first_len = n;
    for (size_t i = 0; i < n; i++)
        if (key[i] == ' ') {
            if (first_len == n)
                first_len = i;
            if (prefix_add(lx, fold_hash(key, i)) < 0)
                return -1;
        }
    uint64_t fh = fold_hash(key, first_len);
    uint64_t *bits = cameo_kind(kind) ? lx->cameo_first_bits : lx->first_bits;
    bits[(fh & (FIRST_BITS - 1)) >> 6] |= 1ull << (fh & 63);
    /* a token the tokenizer keeps whole may hold a space ("U.S." folds to "u s"):
     * mark every prefix too, so such a token is never skipped */
    for (size_t i = 0; i < n; i++)
        if (key[i] == ' ') {
            uint64_t ph = fold_hash(key, i);
            bits[(ph & (FIRST_BITS - 1)) >> 6] |= 1ull << (ph & 63);
        }
    {
        bits[(h & (FIRST_BITS - 1)) >> 6] |= 1ull << (h & 63);
    }
    return 0;
}

/* ---- file parsing ---- */

typedef struct parse_ctx {
    const char *path;
    unsigned line;
    char *err;
    size_t errlen;
} parse_ctx;

/* Write "path:line: message" into the parse context's error buffer; returns -1
 * for the caller to pass on. */
static int fail(parse_ctx *pc, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(pc->err, pc->errlen, "%s:%u: %s", pc->path, pc->line, msg);
    return -1;
}

/* Strip leading blanks and trailing blanks and line ends in place; returns the new start. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* See lexicon.h. */
char *lexicon_trim(char *s) { return trim(s); }

/* Split line on '|' into at most max trimmed fields; returns the count. */
static int split_fields(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        char *bar = strchr(p, '|');
        if (n == max)
            return max + 1;
        if (bar)
            *bar = '\0';
        fields[n++] = trim(p);
        if (!bar)
            break;
        p = bar + 1;
    }
    return n;
}

/* Is s an ISO 3166-1 alpha-2 code in capitals ("PK")? */
static int is_alpha2(const char *s)
{
    return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

/* Call add for each ';'-separated item of list. */
static int add_list(lexicon *lx, char *list, uint8_t kind, int32_t value)
{
    char *save = NULL;
    for (char *item = strtok_r(list, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
        item = trim(item);
        if (*item && add_phrase(lx, item, kind, value) < 0)
            return -1;
    }
    return 0;
}

/* Strings referenced by the actor, agent and title tables are owned copies,
 * since the phrase pool moves when it grows. */
static const char *intern(const char *s)
{
    return strdup(s);
}

typedef int (*line_fn)(lexicon *lx, parse_ctx *pc, char *line);

/* Call fn on every line of the dictionary at path that is neither blank nor a
 * '#' comment. A missing file is no error unless required. Returns 0, or -1 with
 * the reason in err ("path:line: ..." for a bad line). */
static int read_dict(lexicon *lx, const char *path, line_fn fn, int required, char *err,
                     size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (!required && errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: cannot open dictionary: %s", path, strerror(errno));
        return -1;
    }
    parse_ctx pc = {path, 0, err, errlen};
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int rc = 0;
    while ((got = getline(&line, &cap, f)) >= 0) {
        pc.line++;
        if ((size_t)got != strlen(line)) {
            rc = fail(&pc, "NUL byte in dictionary line");
            break;
        }
        char *s = trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        if ((rc = fn(lx, &pc, s)) < 0)
            break;
    }
    if (rc == 0 && ferror(f))
        rc = fail(&pc, "read error: %s", strerror(errno));
    free(line);
    fclose(f);
    return rc;
}

/* Parse one line "NAME | TYPE | COUNTRY | ALIASES [| PARENT [| CODE]]" and add
 * the actor and its phrases; is_force marks forces.txt. A parent must be
 * defined on an earlier line; CODE is the actor's CAMEO code. Returns 0, or -1
 * through fail. */
static int actor_line(lexicon *lx, parse_ctx *pc, char *line, int is_force)
{
    char *f[7];
    int n = split_fields(line, f, 6);
    if (n < 4 || n > 6)
        return fail(pc, "expected 'NAME | TYPE | COUNTRY | ALIASES [| PARENT [| CODE]]', got %s%d field(s)",
                    n > 6 ? "more than " : "", n > 6 ? 6 : n);
    if (n == 6 && !cameo_code_ok(f[5], 3, CAMEO_CODE_MAX - 1))
        return fail(pc, "CAMEO code must be 3-%d capitals or digits, got '%s'", CAMEO_CODE_MAX - 1, f[5]);
    if (!*f[0])
        return fail(pc, "empty actor name");
    int type = actor_type_parse(f[1]);
    if (type < 0)
        return fail(pc, "unknown actor type '%s'", f[1]);
    if (!(strcmp(f[2], "--") == 0 || is_alpha2(f[2])))
        return fail(pc, "country must be an ISO alpha-2 code or --, got '%s'", f[2]);
    if (grow_array((void **)&lx->actors, &lx->actors_cap, lx->nactors + 1, sizeof(lex_actor)) < 0)
        return fail(pc, "out of memory");
    int32_t id = (int32_t)lx->nactors;
    lex_actor *a = &lx->actors[lx->nactors++];
    memset(a, 0, sizeof *a);
    a->name = intern(f[0]);
    a->type = (uint8_t)type;
    if (f[2][0] != '-')
        memcpy(a->cc, f[2], 2);
    a->parent = -1;
    a->is_force = (uint8_t)is_force;
    if (n == 6)
        snprintf(a->code, sizeof a->code, "%s", f[5]);
    if (!a->name)
        return fail(pc, "out of memory");
    /* the parent is resolved by name after loading: keep it in the name slot */
    if (n >= 5 && *f[4]) {
        char k[512];
        size_t kn = lexicon_fold_phrase(f[4], k, sizeof k);
        int32_t vals[4];
        size_t got = lexicon_lookup(lx, k, kn, f[4], LK_ACTOR, vals, 4);
        if (got == 0)
            return fail(pc, "parent '%s' is not defined above this line", f[4]);
        a->parent = vals[0];
    }
    if (add_phrase(lx, f[0], LK_ACTOR, id) < 0 || add_list(lx, f[3], LK_ACTOR, id) < 0)
        return fail(pc, "out of memory");
    return 0;
}


/* actor_line for actors.txt (named armed groups) and forces.txt (state forces). */
static int armed_line(lexicon *lx, parse_ctx *pc, char *line) { return actor_line(lx, pc, line, 0); }
static int force_line(lexicon *lx, parse_ctx *pc, char *line) { return actor_line(lx, pc, line, 1); }

/* The label of a dictionary line: its first phrase (before the first ';',
 * without a leading '=' and cut to 127 bytes), interned; NULL when out of
 * memory. */
static const char *first_phrase_label(const char *phrases)
{
    char first[128];
    const char *semi = strchr(phrases, ';');
    size_t fl = semi ? (size_t)(semi - phrases) : strlen(phrases);
    if (fl >= sizeof first)
        fl = sizeof first - 1;
    memcpy(first, phrases, fl);
    first[fl] = '\0';
    return intern(trim(first[0] == '=' ? first + 1 : first));
}

/* Parse one agents.txt line "PHRASES | TYPE | TEMPLATE | SIDE | TARGET TYPE
 * [| ROLE]" and add the agent, labelled by its first phrase; ROLE is its CAMEO
 * role. Returns 0, or -1 through fail. */
static int agent_line(lexicon *lx, parse_ctx *pc, char *line)
{
    char *f[7];
    int n = split_fields(line, f, 6);
    if (n != 5 && n != 6)
        return fail(pc, "expected 'PHRASES | TYPE | TEMPLATE | SIDE | TARGET TYPE [| ROLE]', got %d field(s)", n);
    if (n == 6 && !cameo_code_ok(f[5], 3, 3))
        return fail(pc, "CAMEO role must be 3 capitals, got '%s'", f[5]);
    int type = strcmp(f[1], "unknown") == 0 ? AT_UNKNOWN : actor_type_parse(f[1]);
    if (type < 0)
        return fail(pc, "unknown actor type '%s'", f[1]);
    static const char *const sides[] = {"other", "state", "hostile", "civilian", "demo"};
    int side = -1;
    for (int i = 0; i < 5; i++)
        if (strcmp(f[3], sides[i]) == 0)
            side = i;
    if (side < 0)
        return fail(pc, "unknown side '%s' (state, hostile, civilian, demo, other)", f[3]);
    int target = gtd_target_parse(f[4]);
    if (!target)
        return fail(pc, "unknown GTD target type '%s'", f[4]);
    if (grow_array((void **)&lx->agents, &lx->agents_cap, lx->nagents + 1, sizeof(lex_agent)) < 0)
        return fail(pc, "out of memory");
    int32_t id = (int32_t)lx->nagents;
    lex_agent *g = &lx->agents[lx->nagents++];
    memset(g, 0, sizeof *g);
    g->template_name = intern(f[2]);
    g->label = first_phrase_label(f[0]);
    g->type = (uint8_t)type;
    g->side = (uint8_t)side;
    g->target = (uint8_t)target;
    if (n == 6)
        snprintf(g->role, sizeof g->role, "%s", f[5]);
    if (!g->template_name || !g->label || add_list(lx, f[0], LK_AGENT, id) < 0)
        return fail(pc, "out of memory");
    return 0;
}

/* Add a title of type and sector (cut to 3 bytes), held in country cc ("":
 * none), whose phrases are the ';'-separated list phrases, labelled by the
 * first. Returns 0, or -1 through fail. */
static int add_title(lexicon *lx, parse_ctx *pc, char *phrases, int type, const char *sector, const char *cc)
{
    if (grow_array((void **)&lx->titles, &lx->titles_cap, lx->ntitles + 1, sizeof(lex_title)) < 0)
        return fail(pc, "out of memory");
    int32_t id = (int32_t)lx->ntitles;
    lex_title *t = &lx->titles[lx->ntitles++];
    memset(t, 0, sizeof *t);
    t->type = (uint8_t)type;
    snprintf(t->sector, sizeof t->sector, "%s", sector);
    memcpy(t->cc, cc, strlen(cc) < 2 ? strlen(cc) : 2);
    t->label = first_phrase_label(phrases);
    if (!t->label || add_list(lx, phrases, LK_TITLE, id) < 0)
        return fail(pc, "out of memory");
    return 0;
}

/* Parse one leaders.txt line "NAMES | CC | SECTOR": a person named holds an
 * office of country CC, a state title of that country labelled by the first
 * name. Returns 0, or -1 through fail. */
static int leader_line(lexicon *lx, parse_ctx *pc, char *line)
{
    char *f[4];
    int n = split_fields(line, f, 3);
    if (n != 3)
        return fail(pc, "expected 'NAMES | CC | SECTOR', got %d field(s)", n);
    if (!is_alpha2(f[1]))
        return fail(pc, "country must be an ISO 3166-1 alpha-2 code in capitals, got '%s'", f[1]);
    if (strlen(f[2]) != 3)
        return fail(pc, "sector must be a three-letter CAMEO role (GOV), got '%s'", f[2]);
    return add_title(lx, pc, f[0], TT_STATE, f[2], f[1]);
}

/* Parse one titles.txt line "PHRASES | TYPE | SECTOR" and add the title,
 * labelled by its first phrase (sector cut to 3 bytes). Returns 0, or -1 through
 * fail. */
static int title_line(lexicon *lx, parse_ctx *pc, char *line)
{
    char *f[4];
    int n = split_fields(line, f, 3);
    if (n != 3)
        return fail(pc, "expected 'PHRASES | TYPE | SECTOR', got %d field(s)", n);
    static const char *const types[] = {"", "state", "nonstate", "civil", "international"};
    int type = lookup_name(types, 5, f[1]);
    if (type < 0)
        return fail(pc, "unknown title type '%s' (state, nonstate, civil, international)", f[1]);
    return add_title(lx, pc, f[0], type, f[2], "");
}

/* Parse an interaction value "CAMEO PLOVER [MODE]" ("036 CONSULT", "0841
 * RETREAT release") into a new entry of lx's interaction table; its id in *id.
 * Returns 0, or -1 through fail. */
static int interaction_value(lexicon *lx, parse_ctx *pc, const char *v, int32_t *id)
{
    char code[8] = "", type[16] = "", mode[20] = "", extra[2] = "";
    int n = sscanf(v, "%7s %15s %19s %1s", code, type, mode, extra);
    size_t cl = strlen(code);
    int digits = cl >= 2 && cl <= 4 && strspn(code, "0123456789") == cl;
    int upper = type[0] && strspn(type, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(type);
    int none = strcmp(type, "-") == 0; /* a CAMEO code PLOVER has no type for (01x, 02x) */
    if (n < 2 || n > 3 || !digits || !(upper || none))
        return fail(pc, "interaction value must be 'CAMEO PLOVER [MODE]' (\"036 CONSULT\"; PLOVER '-' for none), got '%s'", v);
    if (grow_array((void **)&lx->inters, &lx->inters_cap, lx->ninters + 1, sizeof(lex_interaction)) < 0)
        return fail(pc, "out of memory");
    lex_interaction *x = &lx->inters[lx->ninters];
    memset(x, 0, sizeof *x);
    memcpy(x->cameo, code, cl + 1);
    snprintf(x->plover, sizeof x->plover, "%s", none ? "" : type);
    snprintf(x->mode, sizeof x->mode, "%s", n == 3 ? mode : "");
    *id = (int32_t)lx->ninters++;
    return 0;
}

/* The CAMEO verb dictionary of lx, created at its first line; NULL when out
 * of memory. */
static verbdict *verbs_of(lexicon *lx)
{
    if (!lx->verbs)
        lx->verbs = verbdict_new();
    return lx->verbs;
}

/* A party line "PHRASES | party | CODE": a political actor of CAMEO coding (a
 * state, a government, a person, an organisation), labelled by its first
 * phrase, with its CAMEO code. Returns 0, or -1 through fail. */
static int party_line(lexicon *lx, parse_ctx *pc, char *phrases, const char *code)
{
    if (!cameo_code_ok(code, 3, CAMEO_CODE_MAX - 1))
        return fail(pc, "party code must be 3-%d capitals or digits, got '%s'", CAMEO_CODE_MAX - 1, code);
    if (grow_array((void **)&lx->actors, &lx->actors_cap, lx->nactors + 1, sizeof(lex_actor)) < 0)
        return fail(pc, "out of memory");
    int32_t id = (int32_t)lx->nactors;
    lex_actor *a = &lx->actors[lx->nactors++];
    memset(a, 0, sizeof *a);
    a->name = first_phrase_label(phrases);
    a->type = AT_UNKNOWN;
    a->parent = -1;
    a->is_party = 1;
    snprintf(a->code, sizeof a->code, "%s", code);
    if (!a->name || add_list(lx, phrases, LK_PARTY, id) < 0)
        return fail(pc, "out of memory");
    return 0;
}

/* The lines of the CAMEO verb dictionary (docs/dictionaries.md, "CAMEO verbs
 * and parties"): party, verb ("PHRASES | verb | CAMEO PLOVER [MODE]" or "---"
 * for a verb only its patterns code), pattern ("LEFT * RIGHT | pattern |
 * CAMEO PLOVER [MODE]", refining the verb line above), synset ("PHRASES |
 * synset | NAME") and discard ("PHRASES | discard | sentence" or "story").
 * f holds the line's three fields. Returns 1 when handled, 0 when k is none
 * of these kinds, -1 through fail. */
static int cameo_line(lexicon *lx, parse_ctx *pc, char **f)
{
    const char *k = f[1], *v = f[2];
    char why[200];
    int32_t inter = -1, id;
    int r;
    if (strcmp(k, "party") == 0)
        return party_line(lx, pc, f[0], v) < 0 ? -1 : 1;
    if (strcmp(k, "discard") == 0) {
        int story = strcmp(v, "story") == 0;
        if (!story && strcmp(v, "sentence") != 0)
            return fail(pc, "discard value must be 'sentence' or 'story', got '%s'", v);
        return add_list(lx, f[0], LK_DISCARD, story) < 0 ? fail(pc, "out of memory") : 1;
    }
    if (strcmp(k, "verb") != 0 && strcmp(k, "pattern") != 0 && strcmp(k, "synset") != 0)
        return 0;
    verbdict *vd = verbs_of(lx);
    if (!vd)
        return fail(pc, "out of memory");
    if (strcmp(k, "synset") == 0)
        r = verbdict_add_synset(vd, v, f[0], why, sizeof why);
    else if (strcmp(v, "---") != 0 && interaction_value(lx, pc, v, &inter) < 0)
        return -1;
    else if (k[0] == 'v')
        r = verbdict_add_verb(vd, inter, &id) < 0 || add_list(lx, f[0], LK_VERB, id) < 0 ? -1 : 0;
    else if (inter < 0)
        return fail(pc, "a pattern needs a code, not '---'");
    else
        r = verbdict_add_pattern(vd, f[0], inter, why, sizeof why);
    if (r == -1)
        return fail(pc, "out of memory");
    return r < 0 ? fail(pc, "%s", why) : 1;
}

/* Parse one plover-contexts.txt line "CONTEXT | PHRASES" and add its phrases
 * to the PLOVER contexts' table. Returns 0, or -1 through fail for an unknown
 * context or a bad phrase. */
static int context_line(lexicon *lx, parse_ctx *pc, char *line)
{
    char *f[3];
    int n = split_fields(line, f, 2);
    if (n != 2)
        return fail(pc, "expected 'CONTEXT | PHRASES', got %d field(s)", n);
    int c = pctx_parse(f[0]);
    if (c < 0)
        return fail(pc, "unknown PLOVER context '%s' (contexts.h lists them)", f[0]);
    if (!lx->contexts && !(lx->contexts = pctx_new()))
        return fail(pc, "out of memory");
    char why[160];
    int r = pctx_add(lx->contexts, c, f[1], why, sizeof why);
    if (r == -1)
        return fail(pc, "out of memory");
    return r < 0 ? fail(pc, "%s", why) : 0;
}

/* Parse one vocab.txt line "PHRASES | KIND | VALUE" (kinds: event, casualty,
 * weapon, target, report, context, vague, number, hedge, past, weak, instrument,
 * interaction, and the CAMEO kinds of cameo_line)
 * and add its
 * phrases. Returns 0, or -1 through fail for an unknown kind or value. */
static int vocab_line(lexicon *lx, parse_ctx *pc, char *line)
{
    char *f[4];
    int n = split_fields(line, f, 3);
    if (n != 3)
        return fail(pc, "expected 'PHRASES | KIND | VALUE', got %d field(s)", n);
    const char *k = f[1], *v = f[2];
    uint8_t kind;
    int32_t value = 0;
    char *end;
    int cameo = cameo_line(lx, pc, f);
    if (cameo != 0)
        return cameo < 0 ? -1 : 0;
    if (strcmp(k, "event") == 0) {
        kind = LK_EVENT;
        value = lookup_name(ev_names, EV_CLASS_MAX, v);
    } else if (strcmp(k, "casualty") == 0) {
        kind = LK_CASUALTY;
        value = lookup_name(cas_names, CAS_MAX, v);
    } else if (strcmp(k, "weapon") == 0) {
        kind = LK_WEAPON;
        value = gtd_weapon_parse(v);
        if (!value)
            value = -1;
    } else if (strcmp(k, "target") == 0) {
        kind = LK_TARGET;
        value = gtd_target_parse(v);
        if (!value)
            value = -1;
    } else if (strcmp(k, "report") == 0) {
        kind = LK_REPORT;
    } else if (strcmp(k, "context") == 0) {
        kind = LK_CONTEXT;
        value = lookup_name(ctx_names, CTX_MAX, v);
    } else if (strcmp(k, "vague") == 0 || strcmp(k, "number") == 0) {
        kind = k[0] == 'v' ? LK_VAGUE : LK_NUMBER;
        long x = strtol(v, &end, 10);
        if (*v == '\0' || *end != '\0' || x < 0 || x > 1000000000)
            return fail(pc, "%s value must be a whole number, got '%s'", k, v);
        value = (int32_t)x;
    } else if (strcmp(k, "hedge") == 0) {
        kind = LK_HEDGE;
        value = lookup_name(hedge_names, 5, v);
    } else if (strcmp(k, "past") == 0) {
        kind = LK_PAST;
    } else if (strcmp(k, "interaction") == 0) {
        kind = LK_INTERACTION;
        if (interaction_value(lx, pc, v, &value) < 0)
            return -1;
    } else if (strcmp(k, "weak") == 0 || strcmp(k, "instrument") == 0) {
        kind = k[0] == 'w' ? LK_WEAK : LK_INSTRUMENT;
        if (strcmp(v, "any") != 0)
            return fail(pc, "%s value must be 'any', got '%s'", k, v);
    } else {
        return fail(pc, "unknown kind '%s'", k);
    }
    if (value < 0)
        return fail(pc, "unknown %s value '%s'", k, v);
    if (add_list(lx, f[0], kind, value) < 0)
        return fail(pc, "out of memory");
    return 0;
}

/* ---- built-in time words ---- */

/* Add the built-in time words: months and their abbreviations, weekdays, and
 * relative expressions ("yesterday", "last week", "ago"). Returns 0, or -1 when
 * out of memory. */
static int add_builtin(lexicon *lx)
{
    static const char *const months[] = {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december"};
    static const char *const mshort[] = {"jan", "feb", "mar", "apr", NULL, "jun", "jul",
                                         "aug", "sep", "oct", "nov", "dec"};
    static const char *const days[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
    static const struct { const char *p; int v; } words[] = {
        {"today", TW_TODAY}, {"yesterday", TW_YESTERDAY}, {"tomorrow", TW_TOMORROW},
        {"tonight", TW_TONIGHT}, {"last night", TW_LAST_NIGHT}, {"overnight", TW_LAST_NIGHT},
        {"this morning", TW_THIS_MORNING}, {"this afternoon", TW_THIS_MORNING},
        {"this evening", TW_THIS_MORNING}, {"last week", TW_LAST_WEEK},
        {"last month", TW_LAST_MONTH}, {"last year", TW_LAST_YEAR},
        {"this week", TW_THIS_WEEK}, {"earlier this week", TW_THIS_WEEK},
        {"this month", TW_THIS_MONTH}, {"this year", TW_THIS_YEAR},
        {"earlier this year", TW_EARLIER_THIS_YEAR},
        {"earlier this month", TW_EARLIER_THIS_MONTH}, {"ago", TW_AGO},
        {"weekend", TW_WEEKEND}, {"the weekend", TW_WEEKEND},
        {"day before yesterday", TW_DAY_BEFORE_YESTERDAY}};
    for (int i = 0; i < 12; i++) {
        if (add_phrase(lx, months[i], LK_MONTH, i + 1) < 0)
            return -1;
        if (mshort[i] && add_phrase(lx, mshort[i], LK_MONTH, i + 1) < 0)
            return -1;
    }
    if (add_phrase(lx, "sept", LK_MONTH, 9) < 0)
        return -1;
    for (int i = 0; i < 7; i++)
        if (add_phrase(lx, days[i], LK_WEEKDAY, i) < 0)
            return -1;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (add_phrase(lx, words[i].p, LK_TIMEWORD, words[i].v) < 0)
            return -1;
    return 0;
}

/* Move the word-class table into one of cap slots (a power of two).
 * Returns 0, or -1 when out of memory (the old table is kept). */
static int wc_rehash(lexicon *lx, size_t cap)
{
    uint64_t *h = calloc(cap, sizeof *h), *bits = calloc(cap, sizeof *bits), *bits1 = calloc(cap, sizeof *bits1);
    uint32_t *off = calloc(cap, sizeof *off), *len = calloc(cap, sizeof *len);
    if (!h || !bits || !bits1 || !off || !len) {
        free(h), free(bits), free(bits1), free(off), free(len);
        return -1;
    }
    for (size_t i = 0; i < lx->wc_cap; i++) {
        if (!lx->wc_len[i])
            continue;
        size_t j = (size_t)lx->wc_hash[i] & (cap - 1);
        while (len[j])
            j = (j + 1) & (cap - 1);
        h[j] = lx->wc_hash[i], bits[j] = lx->wc_bits[i], bits1[j] = lx->wc_bits1[i];
        off[j] = lx->wc_off[i], len[j] = lx->wc_len[i];
    }
    free(lx->wc_hash), free(lx->wc_bits), free(lx->wc_bits1), free(lx->wc_off), free(lx->wc_len);
    lx->wc_hash = h, lx->wc_bits = bits, lx->wc_bits1 = bits1, lx->wc_off = off, lx->wc_len = len;
    lx->wc_cap = cap;
    return 0;
}

/* Put word[0..n) (folded, n > 0) into the word-class table with the class
 * bits cls of bank (0 or 1), doubling the table when it is half full.
 * Returns 0, or -1 when out of memory. */
static int wc_add(lexicon *lx, const char *key, size_t n, uint64_t cls, int bank)
{
    if ((lx->wc_used + 1) * 2 > lx->wc_cap && wc_rehash(lx, lx->wc_cap ? 2 * lx->wc_cap : 1024) < 0)
        return -1;
    uint64_t h = fold_hash(key, n);
    size_t j = (size_t)h & (lx->wc_cap - 1);
    while (lx->wc_len[j] &&
           !(lx->wc_hash[j] == h && lx->wc_len[j] == n && memcmp(lx->pool + lx->wc_off[j], key, n) == 0))
        j = (j + 1) & (lx->wc_cap - 1);
    if (!lx->wc_len[j]) {
        uint32_t o = pool_add(lx, key, n);
        if (o == UINT32_MAX)
            return -1;
        lx->wc_hash[j] = h, lx->wc_off[j] = o, lx->wc_len[j] = (uint32_t)n;
        lx->wc_used++;
    }
    if (bank)
        lx->wc_bits1[j] |= cls;
    else
        lx->wc_bits[j] |= cls;
    return 0;
}

/* Parse one wordclasses.txt line "CLASS | word; word; ..." and add its words.
 * A word must be one token once folded ("riot police" is two: a phrase belongs
 * in vocab.txt). Returns 0, or -1 through fail. */
static int wordclass_line(lexicon *lx, parse_ctx *pc, char *line)
{
    char *f[3];
    if (split_fields(line, f, 2) != 2)
        return fail(pc, "expected 'CLASS | word; word; ...'");
    int bank;
    uint64_t cls = word_class_parse(f[0], &bank);
    if (!cls)
        return fail(pc, "unknown word class '%s' (the classes are listed in src/engine/wordclass.c)", f[0]);
    char *save = NULL;
    for (char *w = strtok_r(f[1], ";", &save); w; w = strtok_r(NULL, ";", &save)) {
        w = trim(w);
        char key[128];
        size_t n = fold_text(w, strlen(w), key, sizeof key);
        if (n == 0 || n >= sizeof key || memchr(key, ' ', n))
            return fail(pc, "'%s' is not one word", w);
        if (wc_add(lx, key, n, cls, bank) < 0)
            return fail(pc, "out of memory");
    }
    lx->wc_seen[bank] |= cls;
    return 0;
}

/* See lexicon.h. */
void lexicon_classify(const lexicon *lx, text_doc *td)
{
    for (size_t i = 0; i < td->ntoks; i++) {
        tok *t = &td->toks[i];
        t->wclass = t->wclass1 = 0;
        if (!(t->flags & TOK_WORD))
            continue;
        size_t j = (size_t)t->hash & (lx->wc_cap - 1);
        while (lx->wc_len[j]) {
            if (lx->wc_hash[j] == t->hash && lx->wc_len[j] == t->fold_len &&
                memcmp(lx->pool + lx->wc_off[j], tok_fold(td, t), t->fold_len) == 0) {
                t->wclass = lx->wc_bits[j];
                t->wclass1 = lx->wc_bits1[j];
                break;
            }
            j = (j + 1) & (lx->wc_cap - 1);
        }
    }
}

/* Load data_dir's CAMEO code tables and give every actor without a CODE
 * column the code cameo-actors.txt lists for its name, and every agent without
 * a ROLE column the role cameo-roles.txt gives its template or type. Returns
 * 0, or -1 with the reason in err. */
static int resolve_codes(lexicon *lx, const char *data_dir, char *err, size_t errlen)
{
    if (!(lx->codes = cameo_codebook_load(data_dir, err, errlen)))
        return -1;
    for (size_t i = 0; i < lx->nactors; i++) {
        lex_actor *a = &lx->actors[i];
        const char *c = a->code[0] ? NULL : cameo_named_code(lx->codes, a->name);
        if (c)
            snprintf(a->code, sizeof a->code, "%s", c);
    }
    for (size_t i = 0; i < lx->nagents; i++) {
        lex_agent *g = &lx->agents[i];
        const char *r = g->role[0] ? NULL : cameo_role_of(lx->codes, g->template_name, actor_type_name(g->type));
        if (r)
            snprintf(g->role, sizeof g->role, "%s", r);
    }
    return 0;
}

/* Load data_dir's dictionaries: the six required ones, then (with_imported)
 * the optional imported-*.txt files that 'tacitus dict import' writes, each
 * read by the parser of its counterpart. */
static int load_dir(const char *data_dir, int with_imported, lexicon **out, char *err, size_t errlen)
{
    *out = NULL;
    lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) {
        snprintf(err, errlen, "out of memory loading dictionaries");
        return -1;
    }
    if (pool_add(lx, "", 0) == UINT32_MAX || add_builtin(lx) < 0) {
        snprintf(err, errlen, "out of memory loading dictionaries");
        lexicon_free(lx);
        return -1;
    }
    static const struct { const char *file; line_fn fn; int required; } files[] = {
        {"actors.txt", armed_line, 1}, {"forces.txt", force_line, 1},
        {"agents.txt", agent_line, 1}, {"titles.txt", title_line, 1},
        {"vocab.txt", vocab_line, 1}, {"wordclasses.txt", wordclass_line, 1},
        {"imported-actors.txt", armed_line, 0}, {"imported-agents.txt", agent_line, 0},
        {"imported-titles.txt", title_line, 0}, {"imported-vocab.txt", vocab_line, 0},
        {"imported-cameo.txt", vocab_line, 0}, {"plover-contexts.txt", context_line, 0},
        {"leaders.txt", leader_line, 0}};
    size_t nfiles = with_imported ? sizeof files / sizeof files[0] : 6;
    char path[4096];
    for (size_t i = 0; i < nfiles; i++) {
        snprintf(path, sizeof path, "%s/%s", data_dir, files[i].file);
        if (read_dict(lx, path, files[i].fn, files[i].required, err, errlen) < 0) {
            lexicon_free(lx);
            return -1;
        }
    }
    if (resolve_codes(lx, data_dir, err, errlen) < 0) {
        lexicon_free(lx);
        return -1;
    }
    uint64_t missing = word_class_all(0) & ~lx->wc_seen[0], missing1 = word_class_all(1) & ~lx->wc_seen[1];
    if (missing || missing1) {
        snprintf(err, errlen, "%s/wordclasses.txt: no words for class bits 0x%llx of bank %d (every class in src/engine/wordclass.c needs a line)",
                 data_dir, (unsigned long long)(missing ? missing : missing1), missing ? 0 : 1);
        lexicon_free(lx);
        return -1;
    }
    *out = lx;
    return 0;
}

/* See lexicon.h. The six files are required, the imported ones optional. */
int lexicon_load(const char *data_dir, lexicon **out, char *err, size_t errlen)
{
    return load_dir(data_dir, 1, out, err, errlen);
}

/* See lexicon.h. */
int lexicon_load_base(const char *data_dir, lexicon **out, char *err, size_t errlen)
{
    return load_dir(data_dir, 0, out, err, errlen);
}

/* See lexicon.h. Returns 0, or -1 with "path:line: reason" in err; actors read
 * before the failing line stay loaded. */
int lexicon_add_actor_file(lexicon *lx, const char *path, char *err, size_t errlen)
{
    return read_dict(lx, path, armed_line, 1, err, errlen);
}

/* Free the lexicon and every string it owns; lx may be NULL. */
void lexicon_free(lexicon *lx)
{
    if (!lx)
        return;
    for (size_t i = 0; i < lx->nactors; i++)
        free((void *)lx->actors[i].name);
    for (size_t i = 0; i < lx->nagents; i++) {
        free((void *)lx->agents[i].template_name);
        free((void *)lx->agents[i].label);
    }
    for (size_t i = 0; i < lx->ntitles; i++)
        free((void *)lx->titles[i].label);
    cameo_codebook_free(lx->codes);
    free(lx->actors);
    free(lx->agents);
    free(lx->titles);
    free(lx->inters);
    verbdict_free(lx->verbs);
    pctx_free(lx->contexts);
    free(lx->pool);
    free(lx->entries);
    free(lx->slots);
    free(lx->slot_hash);
    free(lx->prefixes);
    free(lx->wc_hash);
    free(lx->wc_bits);
    free(lx->wc_bits1);
    free(lx->wc_off);
    free(lx->wc_len);
    free(lx);
}

/* Are a and b the same ignoring every byte that is not a letter or a digit (case kept)? */
static int alnum_equal(const char *a, const char *b)
{
    for (;;) {
        while (*a && !((*a >= 'a' && *a <= 'z') || (*a >= 'A' && *a <= 'Z') || (*a >= '0' && *a <= '9') ||
                       (unsigned char)*a >= 0x80))
            a++;
        while (*b && !((*b >= 'a' && *b <= 'z') || (*b >= 'A' && *b <= 'Z') || (*b >= '0' && *b <= '9') ||
                       (unsigned char)*b >= 0x80))
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (*a++ != *b++)
            return 0;
    }
}

/* See lexicon.h. Payloads are written in dictionary order, at most max of them. */
size_t lexicon_lookup(const lexicon *lx, const char *folded, size_t n, const char *original, uint8_t kind,
                      int32_t *values, size_t max)
{
    if (!lx->slots_cap)
        return 0;
    uint64_t h = fold_hash(folded, n);
    size_t j = find_slot(lx, h, folded, n);
    size_t got = 0;
    for (uint32_t p = lx->slots[j]; p; p = lx->entries[p - 1].next) {
        const lex_entry *e = &lx->entries[p - 1];
        if (e->kind != kind || got >= max)
            continue;
        if (e->cs && (!original || !alnum_equal(original, lx->pool + e->cs_off)))
            continue;
        values[got++] = e->value;
    }
    return got;
}

/* The actor with this id, or NULL when id is out of range. */
const lex_actor *lexicon_actor(const lexicon *lx, int32_t id)
{
    return (id >= 0 && (size_t)id < lx->nactors) ? &lx->actors[id] : NULL;
}

/* The agent with this id, or NULL when id is out of range. */
const lex_agent *lexicon_agent(const lexicon *lx, int32_t id)
{
    return (id >= 0 && (size_t)id < lx->nagents) ? &lx->agents[id] : NULL;
}

/* The title with this id, or NULL when id is out of range. */
const lex_title *lexicon_title(const lexicon *lx, int32_t id)
{
    return (id >= 0 && (size_t)id < lx->ntitles) ? &lx->titles[id] : NULL;
}

/* See lexicon.h. */
const lex_title *lexicon_title_named(const lexicon *lx, const char *name)
{
    char key[256];
    int32_t ids[4];
    size_t kn = lexicon_fold_phrase(name, key, sizeof key);
    size_t k = kn ? lexicon_lookup(lx, key, kn, name, LK_TITLE, ids, 4) : 0;
    return k ? lexicon_title(lx, ids[0]) : NULL;
}

/* The interaction with this id, or NULL when id is out of range. */
const lex_interaction *lexicon_interaction(const lexicon *lx, int32_t id)
{
    return (id >= 0 && (size_t)id < lx->ninters) ? &lx->inters[id] : NULL;
}

/* The number of actors loaded, and of phrase payloads in the table. */
size_t lexicon_actor_count(const lexicon *lx) { return lx->nactors; }
/* See lexicon.h. */
const verbdict *lexicon_verbs(const lexicon *lx) { return lx->verbs; }
const pctx_table *lexicon_contexts(const lexicon *lx) { return lx->contexts; }
const cameo_codebook *lexicon_codes(const lexicon *lx) { return lx->codes; }
size_t lexicon_phrase_count(const lexicon *lx) { return lx->nphrases; }

/* ---- scan ---- */

/* Compare the document's bytes for tokens [first,last) with phrase, ignoring
 * every non-alphanumeric byte on both sides (exact case). */
static int cs_equal(const text_doc *td, uint32_t first, uint32_t last, const char *phrase)
{
    const char *s = td->text + td->toks[first].start;
    const char *e = td->text + td->toks[last - 1].end;
    const char *p = phrase;
    for (;;) {
        while (s < e && !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                          (*s >= '0' && *s <= '9') || (unsigned char)*s >= 0x80))
            s++;
        while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                       (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80))
            p++;
        if (s >= e || !*p)
            return s >= e && !*p;
        if (*s != *p)
            return 0;
        s++;
        p++;
    }
}

/* Does chain head p hold a payload of the family (cameo 1: the CAMEO kinds;
 * 0: the others) that matches tokens [i, i+n)? */
static int chain_matches(const lexicon *lx, const text_doc *td, uint32_t p, uint32_t i, uint32_t n, int cameo)
{
    for (; p; p = lx->entries[p - 1].next) {
        const lex_entry *e = &lx->entries[p - 1];
        if (cameo_kind(e->kind) == cameo && (!e->cs || cs_equal(td, i, i + n, lx->pool + e->cs_off)))
            return 1;
    }
    return 0;
}

/* Chain head for the n-gram hash h whose key equals the folded tokens [i, i+n). */
static uint32_t probe(const lexicon *lx, const text_doc *td, uint64_t h, uint32_t i, uint32_t n)
{
    size_t j = (size_t)h & (lx->slots_cap - 1);
    for (;;) {
        uint32_t head = lx->slots[j];
        if (!head)
            return 0;
        if (lx->slot_hash[j] == h) {
            const lex_entry *e = &lx->entries[head - 1];
            /* verify the key bytes against the tokens */
            const char *k = lx->pool + e->key_off;
            size_t klen = e->key_len, pos = 0;
            int ok = 1;
            for (uint32_t t = i; t < i + n && ok; t++) {
                const tok *tk = &td->toks[t];
                if (t > i) {
                    if (pos >= klen || k[pos] != ' ')
                        ok = 0;
                    pos++;
                }
                if (ok && (pos + tk->fold_len > klen ||
                           memcmp(k + pos, tok_fold(td, tk), tk->fold_len) != 0))
                    ok = 0;
                pos += tk->fold_len;
            }
            if (ok && pos == klen)
                return head;
        }
        j = (j + 1) & (lx->slots_cap - 1);
    }
}

/* The scan of lexicon_scan over the payloads of one family (cameo 1: the
 * CAMEO kinds; 0: the others): longest match first within the family. */
static size_t scan_family(const lexicon *lx, const text_doc *td, arena *a, mention **out, int cameo)
{
    const uint64_t *first_bits = cameo ? lx->cameo_first_bits : lx->first_bits;
    size_t cap = td->ntoks + 16, n = 0;
    mention *m = arena_alloc_raw(a, cap * sizeof *m);
    if (!m)
        return (size_t)-1;
    uint32_t i = 0;
    while (i < td->ntoks) {
        const tok *t = &td->toks[i];
        if ((t->flags & TOK_PUNCT) || t->fold_len == 0) {
            i++;
            continue;
        }
        uint64_t h = t->hash;
        if (!(first_bits[(h & (FIRST_BITS - 1)) >> 6] & (1ull << (h & 63)))) {
            i++; /* no phrase starts with this token */
            continue;
        }
        uint32_t best_n = 0, best_head = 0;
        uint32_t len = 1;
        for (;;) {
            uint32_t head = probe(lx, td, h, i, len);
            if (head && chain_matches(lx, td, head, i, len, cameo)) {
                best_n = len;
                best_head = head;
            }
            if (len >= LEX_MAX_TOKENS || i + len >= td->ntoks || !prefix_has(lx, h))
                break;
            const tok *nx = &td->toks[i + len];
            if ((nx->flags & TOK_PUNCT) || nx->sent != t->sent || nx->fold_len == 0)
                break;
            h = fold_hash_more(h, " ", 1);
            h = fold_hash_more(h, tok_fold(td, nx), nx->fold_len);
            len++;
        }
        if (!best_n) {
            i++;
            continue;
        }
        for (uint32_t p = best_head; p; p = lx->entries[p - 1].next) {
            const lex_entry *e = &lx->entries[p - 1];
            if (cameo_kind(e->kind) != cameo || (e->cs && !cs_equal(td, i, i + best_n, lx->pool + e->cs_off)))
                continue;
            if (n == cap) {
                mention *bigger = arena_alloc_raw(a, cap * 2 * sizeof *m);
                if (!bigger)
                    return (size_t)-1;
                memcpy(bigger, m, n * sizeof *m);
                m = bigger;
                cap *= 2;
            }
            m[n].first = i;
            m[n].last = i + best_n;
            m[n].kind = e->kind;
            m[n].value = e->value;
            n++;
        }
        i += best_n;
    }
    *out = m;
    return n;
}

/* See lexicon.h. *out is set only on success. */
size_t lexicon_scan(const lexicon *lx, const text_doc *td, arena *a, mention **out)
{
    return scan_family(lx, td, a, out, 0);
}

/* See lexicon.h. *out is set only on success. */
size_t lexicon_scan_cameo(const lexicon *lx, const text_doc *td, arena *a, mention **out)
{
    if (lx->ncameo == 0) {
        *out = NULL;
        return 0;
    }
    return scan_family(lx, td, a, out, 1);
}
