/*
 * verbdict.c - CAMEO verbs, their patterns and synonym sets (see verbdict.h).
 *
 * Every word is stored folded, as the tokenizer folds text, in one string
 * pool. A pattern is a run of items (a word or phrase, or a synonym set of
 * phrases) with the count of those before its '*'; matching walks the tokens
 * once per item, so a pattern costs at most its window times its items.
 */
#include "verbdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "lexicon.h"

#define MAX_PATTERN_ITEMS 16
#define NO_SYNSET UINT32_MAX

/* A folded phrase in the pool, with the hash of its first word (a token's
 * hash: most tokens are told apart from it without reading the bytes). */
typedef struct vd_str {
    uint32_t off, len;
    uint64_t first_hash;
} vd_str;

/* The bit of a word's hash in a 64-bit signature of a set of words. */
static inline uint64_t word_bit(uint64_t hash) { return 1ull << (hash & 63); }

/* A pattern item: a phrase, or (syn != NO_SYNSET) any member of a synonym set. */
typedef struct vd_item {
    vd_str word;
    uint32_t syn;
} vd_item;

typedef struct vd_pattern {
    uint32_t item_first;
    uint8_t nleft, nright;
    int32_t inter;
    uint64_t need; /* a bit (word_bit) per first word of its items other than sets */
} vd_pattern;


/* A synonym set: its name, its members members[first .. first + n), and a
 * bit (word_bit) per first word of its members. */
typedef struct vd_synset {
    vd_str name;
    uint32_t first, n;
    uint64_t firsts;
} vd_synset;

struct verbdict {
    char *pool;
    size_t pool_len, pool_cap;
    lex_verb *verbs;
    size_t nverbs, verbs_cap;
    vd_pattern *pats;
    size_t npats, pats_cap;
    vd_item *items;
    size_t nitems, items_cap;
    vd_synset *syns;
    size_t nsyns, syns_cap;
    vd_str *members;
    size_t nmembers, members_cap;
    size_t group_first; /* the first verb of the group the next patterns belong to */
};

/* Fold phrase as the lexicon folds it into the pool, as *out. Returns 1, 0
 * when nothing is left once folded, -1 when out of memory. */
static int fold_in(verbdict *vd, const char *phrase, vd_str *out)
{
    char key[512];
    size_t n = lexicon_fold_phrase(phrase, key, sizeof key);
    if (n == 0)
        return 0;
    if (grow_array((void **)&vd->pool, &vd->pool_cap, vd->pool_len + n + 1, 1) < 0)
        return -1;
    memcpy(vd->pool + vd->pool_len, key, n + 1);
    out->off = (uint32_t)vd->pool_len;
    out->len = (uint32_t)n;
    out->first_hash = fold_hash(key, strcspn(key, " "));
    vd->pool_len += n + 1;
    return 1;
}

/* See verbdict.h. */
verbdict *verbdict_new(void) { return calloc(1, sizeof(verbdict)); }

/* See verbdict.h. */
void verbdict_free(verbdict *vd)
{
    if (!vd)
        return;
    free(vd->pool);
    free(vd->verbs);
    free(vd->pats);
    free(vd->items);
    free(vd->syns);
    free(vd->members);
    free(vd);
}

/* The synonym set named name (folded), or NO_SYNSET. */
static uint32_t synset_named(const verbdict *vd, const char *name)
{
    char key[128];
    size_t n = lexicon_fold_phrase(name, key, sizeof key);
    for (size_t i = 0; n && i < vd->nsyns; i++)
        if (vd->syns[i].name.len == n && memcmp(vd->pool + vd->syns[i].name.off, key, n) == 0)
            return (uint32_t)i;
    return NO_SYNSET;
}

/* See verbdict.h. */
int verbdict_add_synset(verbdict *vd, const char *name, char *list, char *why, size_t cap)
{
    if (synset_named(vd, name) != NO_SYNSET) {
        snprintf(why, cap, "synonym set '%s' is defined twice", name);
        return -2;
    }
    vd_synset set = {{0, 0, 0}, (uint32_t)vd->nmembers, 0, 0};
    int r = fold_in(vd, name, &set.name);
    if (r <= 0) {
        snprintf(why, cap, "bad synonym set name '%s'", name);
        return r < 0 ? -1 : -2;
    }
    char *save = NULL;
    for (char *item = strtok_r(list, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
        vd_str w;
        if ((r = fold_in(vd, item, &w)) < 0 ||
            (r && grow_array((void **)&vd->members, &vd->members_cap, vd->nmembers + 1, sizeof w) < 0))
            return -1;
        if (r) {
            vd->members[vd->nmembers++] = w;
            set.firsts |= word_bit(w.first_hash);
        }
    }
    set.n = (uint32_t)vd->nmembers - set.first;
    if (set.n == 0) {
        snprintf(why, cap, "synonym set '%s' has no member", name);
        return -2;
    }
    if (grow_array((void **)&vd->syns, &vd->syns_cap, vd->nsyns + 1, sizeof set) < 0)
        return -1;
    vd->syns[vd->nsyns++] = set;
    return 0;
}

/* See verbdict.h. */
int verbdict_add_verb(verbdict *vd, int32_t inter, int32_t *id)
{
    if (grow_array((void **)&vd->verbs, &vd->verbs_cap, vd->nverbs + 1, sizeof(lex_verb)) < 0)
        return -1;
    /* a verb after a pattern starts a new group; verbs in a row share the
     * patterns that follow them */
    if (vd->nverbs == 0 || vd->verbs[vd->nverbs - 1].npat > 0)
        vd->group_first = vd->nverbs;
    lex_verb *v = &vd->verbs[vd->nverbs];
    v->inter = inter;
    v->pat_first = (uint32_t)vd->npats;
    v->npat = 0;
    *id = (int32_t)vd->nverbs++;
    return 0;
}

/* Append the item for the pattern word w ("ties", "&tie_types") to vd.
 * Returns 0, -1 when out of memory, -2 with the reason in why. */
static int add_item(verbdict *vd, const char *w, char *why, size_t cap)
{
    vd_item it = {{0, 0, 0}, NO_SYNSET};
    if (w[0] == '&') {
        if ((it.syn = synset_named(vd, w + 1)) == NO_SYNSET) {
            snprintf(why, cap, "unknown synonym set '%s' (define it on a synset line above)", w);
            return -2;
        }
    } else {
        int r = fold_in(vd, w, &it.word);
        if (r <= 0)
            return r < 0 ? -1 : 0; /* a word with nothing to fold: no item */
    }
    if (grow_array((void **)&vd->items, &vd->items_cap, vd->nitems + 1, sizeof it) < 0)
        return -1;
    vd->items[vd->nitems++] = it;
    return 0;
}

/* See verbdict.h. */
int verbdict_add_pattern(verbdict *vd, const char *pattern, int32_t inter, char *why, size_t cap)
{
    if (vd->nverbs == 0) {
        snprintf(why, cap, "a pattern must follow a verb line");
        return -2;
    }
    char buf[512];
    snprintf(buf, sizeof buf, "%s", pattern);
    vd_pattern p = {(uint32_t)vd->nitems, 0, 0, inter, 0};
    int stars = 0, r = 0;
    size_t before = vd->nitems;
    char *save = NULL;
    for (char *w = strtok_r(buf, " \t", &save); w && r == 0; w = strtok_r(NULL, " \t", &save)) {
        if (strcmp(w, "*") == 0) {
            stars++;
            p.nleft = (uint8_t)(vd->nitems - before);
            continue;
        }
        if (vd->nitems - before >= MAX_PATTERN_ITEMS) {
            snprintf(why, cap, "a pattern has at most %d words", MAX_PATTERN_ITEMS);
            r = -2;
        } else {
            r = add_item(vd, w, why, cap);
        }
    }
    size_t n = vd->nitems - before;
    if (r == 0 && (stars != 1 || n == 0)) {
        snprintf(why, cap, "a pattern is 'WORDS * WORDS' with one '*' and a word, got '%s'", pattern);
        r = -2;
    }
    if (r < 0) {
        vd->nitems = before;
        return r;
    }
    p.nright = (uint8_t)(n - p.nleft);
    for (size_t i = before; i < vd->nitems; i++)
        if (vd->items[i].syn == NO_SYNSET)
            p.need |= word_bit(vd->items[i].word.first_hash);
    if (grow_array((void **)&vd->pats, &vd->pats_cap, vd->npats + 1, sizeof p) < 0)
        return -1;
    vd->pats[vd->npats++] = p;
    for (size_t v = vd->group_first; v < vd->nverbs; v++)
        vd->verbs[v].npat++;
    return 0;
}

/* See verbdict.h. */
const lex_verb *verbdict_verb(const verbdict *vd, int32_t id)
{
    return vd && id >= 0 && (size_t)id < vd->nverbs ? &vd->verbs[id] : NULL;
}

/* The number of tokens from k (below end) that spell the folded phrase w, or
 * 0 when they do not. */
static uint32_t phrase_at(const verbdict *vd, const text_doc *td, uint32_t k, uint32_t end, vd_str w)
{
    if (td->toks[k].hash != w.first_hash)
        return 0;
    const char *s = vd->pool + w.off;
    size_t pos = 0;
    uint32_t t = k;
    while (t < end && pos < w.len) {
        const tok *tk = &td->toks[t];
        if (t > k && s[pos++] != ' ')
            return 0;
        if (tk->fold_len == 0 || pos + tk->fold_len > w.len || memcmp(s + pos, tok_fold(td, tk), tk->fold_len) != 0)
            return 0;
        pos += tk->fold_len;
        t++;
    }
    return pos == w.len ? t - k : 0;
}

/* The number of tokens from k that item it matches, or 0. */
static uint32_t item_at(const verbdict *vd, const vd_item *it, const text_doc *td, uint32_t k, uint32_t end)
{
    if (it->syn == NO_SYNSET)
        return phrase_at(vd, td, k, end, it->word);
    const vd_synset *set = &vd->syns[it->syn];
    for (uint32_t i = 0; i < set->n; i++) {
        uint32_t got = phrase_at(vd, td, k, end, vd->members[set->first + i]);
        if (got)
            return got;
    }
    return 0;
}

/* 1 when items[0..n) occur in order among tokens [from, to). */
static int items_in_order(const verbdict *vd, const vd_item *items, size_t n, const text_doc *td, uint32_t from,
                          uint32_t to)
{
    uint32_t k = from;
    for (size_t i = 0; i < n; i++) {
        uint32_t got = 0;
        const vd_item *it = &items[i];
        uint64_t syn_firsts = it->syn != NO_SYNSET ? vd->syns[it->syn].firsts : 0;
        while (k < to && !(got = (it->syn != NO_SYNSET ? (syn_firsts & word_bit(td->toks[k].hash)) != 0
                                                       : td->toks[k].hash == it->word.first_hash)
                                     ? item_at(vd, it, td, k, to)
                                     : 0))
            k++;
        if (!got)
            return 0;
        k += got;
    }
    return 1;
}

/* Does each synonym set among items[0..n) have a member whose first word's
 * bit is in around (the signature of the words around the verb)? */
static int sets_around(const verbdict *vd, const vd_item *items, unsigned n, uint64_t around)
{
    for (unsigned i = 0; i < n; i++)
        if (items[i].syn != NO_SYNSET && !(vd->syns[items[i].syn].firsts & around))
            return 0;
    return 1;
}

/* See verbdict.h. */
int32_t verbdict_match(const verbdict *vd, int32_t id, const text_doc *td, uint32_t lfrom, uint32_t vfirst,
                       uint32_t vlast, uint32_t rto)
{
    const lex_verb *v = verbdict_verb(vd, id);
    if (!v)
        return -1;
    if (v->npat == 0)
        return -1;
    uint64_t around = 0; /* the words around the verb: a pattern needing another is out */
    for (uint32_t k = lfrom; k < vfirst; k++)
        around |= word_bit(td->toks[k].hash);
    for (uint32_t k = vlast; k < rto; k++)
        around |= word_bit(td->toks[k].hash);
    int32_t best = -1;
    unsigned best_items = 0;
    for (uint32_t i = v->pat_first; i < v->pat_first + v->npat; i++) {
        const vd_pattern *p = &vd->pats[i];
        const vd_item *items = &vd->items[p->item_first];
        unsigned n = (unsigned)p->nleft + p->nright;
        if (n <= best_items || (p->need & ~around) || !sets_around(vd, items, n, around) || !items_in_order(vd, items, p->nleft, td, lfrom, vfirst) ||
            !items_in_order(vd, items + p->nleft, p->nright, td, vlast, rto))
            continue;
        best = p->inter;
        best_items = n;
    }
    return best;
}
