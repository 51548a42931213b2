/*
 * contexts.c - PLOVER's contexts (contexts.h): the table of the phrases that
 * name them, and the resolve pass that gives each event the contexts its own
 * sentence names.
 *
 * The table maps the fold hash of a phrase (the hash tokens carry, chained
 * over "w1 w2" as the lexicon chains n-grams) to its contexts, and marks the
 * hashes of the phrases' first words, first two words ..., so a reader
 * extends a match only while some phrase goes on.
 */
#include "contexts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "lexicon.h"
#include "resolve_int.h"

static const char *const PCTX_NAMES[PCTX_MAX] = {
    "political", "military", "intelligence", "peacekeeping", "economic", "diplomatic", "resource",
    "culture", "disease", "enviro_disaster", "migration", "humanitarian", "legal", "human_rights",
    "rights_freedoms", "gender", "lgbt", "terrorism", "human_security", "religion_ethnicity",
    "government", "election", "legislative", "cbrn", "cyber", "political_institutions", "corruption",
    "crime"};

/* A slot's bit: a longer phrase starts with the slot's words. */
#define PCTX_PREFIX (1u << 31)

struct pctx_table {
    uint64_t *hash; /* 0: empty slot */
    uint32_t *bits; /* the contexts of the phrase hashed, | PCTX_PREFIX */
    size_t cap, used;
};

/* See contexts.h. */
pctx_table *pctx_new(void) { return calloc(1, sizeof(pctx_table)); }

/* See contexts.h. */
void pctx_free(pctx_table *t)
{
    if (!t)
        return;
    free(t->hash);
    free(t->bits);
    free(t);
}

/* See contexts.h. */
int pctx_parse(const char *name)
{
    for (int c = 0; c < PCTX_MAX; c++)
        if (strcmp(PCTX_NAMES[c], name) == 0)
            return c;
    return -1;
}

/* See contexts.h. */
const char *pctx_name(int c) { return c >= 0 && c < PCTX_MAX ? PCTX_NAMES[c] : NULL; }

/* The slot of hash h in t (its own or the empty one where it goes). */
static size_t slot_of(const pctx_table *t, uint64_t h)
{
    size_t j = (size_t)h & (t->cap - 1);
    while (t->hash[j] && t->hash[j] != h)
        j = (j + 1) & (t->cap - 1);
    return j;
}

/* Double t's slots (or make its first 256). Returns 0, or -1 when out of memory. */
static int grow(pctx_table *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    pctx_table bigger = {calloc(cap, sizeof(uint64_t)), calloc(cap, sizeof(uint32_t)), cap, t->used};
    if (!bigger.hash || !bigger.bits) {
        free(bigger.hash);
        free(bigger.bits);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++)
        if (t->hash[i]) {
            size_t j = slot_of(&bigger, t->hash[i]);
            bigger.hash[j] = t->hash[i];
            bigger.bits[j] = t->bits[i];
        }
    free(t->hash);
    free(t->bits);
    *t = bigger;
    return 0;
}

/* Or bits into the slot of hash h (0 is read as 1, the empty mark). Returns 0,
 * or -1 when out of memory. */
static int put(pctx_table *t, uint64_t h, uint32_t bits)
{
    if (!h)
        h = 1;
    if ((t->used + 1) * 2 > t->cap && grow(t) < 0)
        return -1;
    size_t j = slot_of(t, h);
    if (!t->hash[j]) {
        t->hash[j] = h;
        t->used++;
    }
    t->bits[j] |= bits;
    return 0;
}

/* The bits of hash h in t, 0 when absent. */
static uint32_t get(const pctx_table *t, uint64_t h)
{
    if (!t->cap)
        return 0;
    if (!h)
        h = 1;
    size_t j = slot_of(t, h);
    return t->hash[j] ? t->bits[j] : 0;
}

/* See contexts.h. */
int pctx_add(pctx_table *t, int c, const char *list, char *why, size_t cap)
{
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ';');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char phrase[512], key[512];
        if (n >= sizeof phrase) {
            snprintf(why, cap, "a phrase of more than %zu bytes", sizeof phrase - 1);
            return -2;
        }
        memcpy(phrase, p, n);
        phrase[n] = '\0';
        p = end ? end + 1 : p + n;
        size_t kn = lexicon_fold_phrase(phrase, key, sizeof key);
        if (kn == 0)
            continue; /* an empty item ("a; ; b") */
        int words = 1;
        for (size_t i = 0; i < kn; i++) {
            if (key[i] != ' ')
                continue;
            if (++words > PCTX_MAX_WORDS) {
                snprintf(why, cap, "'%s' has more than %d words", phrase, PCTX_MAX_WORDS);
                return -2;
            }
            if (put(t, fold_hash(key, i), PCTX_PREFIX) < 0) /* the words before this space */
                return -1;
        }
        if (put(t, fold_hash(key, kn), 1u << c) < 0)
            return -1;
    }
    return 0;
}

/* See contexts.h. */
uint32_t pctx_at(const pctx_table *t, const text_doc *td, uint32_t k, uint32_t *last)
{
    const tok *first = &td->toks[k];
    if ((first->flags & TOK_PUNCT) || first->fold_len == 0)
        return 0;
    uint32_t found = 0;
    uint64_t h = first->hash;
    for (uint32_t n = 1;; n++) {
        uint32_t bits = get(t, h);
        if (bits & ~PCTX_PREFIX) {
            found |= bits & ~PCTX_PREFIX;
            *last = k + n;
        }
        if (!(bits & PCTX_PREFIX) || n >= PCTX_MAX_WORDS || k + n >= td->ntoks)
            break;
        const tok *nx = &td->toks[k + n];
        if ((nx->flags & TOK_PUNCT) || nx->sent != first->sent || nx->fold_len == 0)
            break;
        h = fold_hash_more(h, " ", 1);
        h = fold_hash_more(h, tok_fold(td, nx), nx->fold_len);
    }
    return found;
}

/* See resolve_int.h. */
void plover_context_pass(builder *b)
{
    analysis *an = b->an;
    const pctx_table *t = lexicon_contexts(an->lx);
    if (!t || an->td.nsents == 0)
        return;
    for (size_t i = 0; i < b->n; i++) {
        event *e = &b->ev[i];
        if (!e->plover)
            continue;
        uint32_t at = e->trigger.end > e->trigger.start ? token_at_byte(an, e->trigger.start) : an->td.ntoks;
        size_t s = at < an->td.ntoks ? TK(an, at)->sent : e->first_sent;
        const sentence *se = &an->td.sents[s];
        for (uint32_t k = se->first; k < se->last; k++) {
            uint32_t last = k;
            uint32_t bits = pctx_at(t, &an->td, k, &last);
            uint32_t fresh = bits & ~e->pctx;
            if (!fresh)
                continue;
            e->pctx |= bits;
            if (e->npctx_ev < EV_MAX_CONTEXT_EV)
                e->pctx_ev[e->npctx_ev++] = tspan(an, k, last);
        }
    }
}
