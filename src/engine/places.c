/*
 * places.c - places: capitalised names looked up in the gazetteer (with
 * case-sensitive aliases, other romanisations after a place cue, and the
 * article's surnames and longer proper names ruled out), their marks
 * (context only, cue, dateline, byline), disambiguation over the whole
 * article (the countries it names vote), and places the gazetteer lacks that
 * the text introduces ("the village of X near Y"), located at a known place
 * nearby. Part of the extract stage (extract_int.h).
 */
#include <math.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "extract_int.h"
#include "fold.h"
#include "resolve.h"
#include "wordclass.h"

/* ------------------------------------------------------------------ */
/* finding places                                                       */

/* 1 when the mentions at token t (those starting where the first mention
 * covering it starts) include one that is not an actor name: an event word or a
 * month is no place. Actor names ("Pakistani Taliban") may contain places. */
static int lexicon_blocks_place(const analysis *an, uint32_t t)
{
    if (!covered_by_any(an, t))
        return 0;
    size_t i = (size_t)an->mention_at[t];
    uint32_t first = an->m[i].first;
    for (; i < an->nm && an->m[i].first == first; i++) {
        switch (an->m[i].kind) {
        case LK_ACTOR:
            break;
        default:
            return 1;
        }
    }
    return 0;
}

/* See extract.h. */
int span_equals_exact(const analysis *an, uint32_t first, uint32_t last, const char *alias)
{
    const char *s = an->text + TK(an, first)->start, *e = an->text + TK(an, last - 1)->end;
    const char *p = alias;
    for (;;) {
        while (s < e && !(((unsigned char)*s >= 0x80) || (*s >= '0' && *s <= '9') ||
                          (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
            s++;
        while (*p && !(((unsigned char)*p >= 0x80) || (*p >= '0' && *p <= '9') ||
                       (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            p++;
        if (s >= e || !*p)
            return s >= e && !*p;
        if (*s++ != *p++)
            return 0;
    }
}

/* Append a place mention (uninitialised) to an->places; NULL on arena exhaustion. */
static place_mention *new_place(analysis *an)
{
    if (an->nplaces == an->places_cap) {
        size_t nc = an->places_cap ? an->places_cap * 2 : 64;
        place_mention *bigger = arena_alloc_raw(an->a, nc * sizeof *bigger);
        if (!bigger)
            return NULL;
        if (an->nplaces)
            memcpy(bigger, an->places, an->nplaces * sizeof *bigger);
        an->places = bigger;
        an->places_cap = nc;
    }
    return &an->places[an->nplaces++];
}

/* Does a word for land ("area", "province", "north", "border", "soil") come
 * within the three tokens from t, before any punctuation? */
static int land_follows(const analysis *an, const sentence *se, uint32_t t)
{
    for (uint32_t k = t; k < se->last && k < t + 3; k++) {
        if (TK(an, k)->flags & TOK_PUNCT)
            return 0;
        if (has_wclass(an, k, WC_LAND))
            return 1;
    }
    return 0;
}

/* Append a mention of the one place g, named by tokens [first, last) of
 * sentence s, not chosen yet. Returns it, or NULL when the arena is exhausted
 * (new_place may move an->places: earlier pointers into it go stale). */
static place_mention *add_single_place(analysis *an, size_t s, uint32_t first, uint32_t last, const geo_place *g,
                                       int cue)
{
    place_mention *pm = new_place(an);
    if (!pm)
        return NULL;
    memset(pm, 0, sizeof *pm);
    pm->first = first;
    pm->last = last;
    pm->ev.start = TK(an, first)->start;
    pm->ev.end = TK(an, last - 1)->end;
    if (!(pm->cand = arena_alloc_raw(an->a, sizeof *g)))
        return NULL;
    pm->cand[0] = *g;
    pm->ncand = 1;
    pm->chosen = -1;
    pm->sent = (uint32_t)s;
    pm->cue = (uint8_t)cue;
    return pm;
}

/* Add a place mention for the capital of country cc, named by the word at
 * token t ("Cameroon's capital"), in sentence s. Returns 0 (also when the
 * gazetteer knows no capital), or -1 on arena exhaustion. */
static int capital_mention(analysis *an, size_t s, uint32_t t, const char *cc, int cue)
{
    char key[16];
    int kl = snprintf(key, sizeof key, "~capital %c%c", cc[0] | 0x20, cc[1] | 0x20);
    geo_place cap;
    if (geo_lookup(an->geo, key, (size_t)kl, &cap, 1) == 0)
        return 0;
    cap.flags &= ~GEO_F_ALTNAME; /* named for certain, not through a doubtful spelling */
    return add_single_place(an, s, t, t + 1, &cap, cue) ? 0 : -1;
}

/* Token t moved back over up to two words of "the" or a direction before it
 * ("in the north of", "in southern"): where a cue before the place stands. */
static uint32_t skip_the_direction(const analysis *an, const sentence *se, uint32_t t)
{
    uint32_t k = t;
    for (int steps = 0; steps < 2 && k > se->first; steps++) {
        if (has_wclass(an, k - 1, WC_DIRECTION) || isw(an, k - 1, "the"))
            k--;
        else
            break;
    }
    return k;
}

/* Does a place cue stand before token t: "in", "near", "town of" (the place
 * word classes), "on" ("airstrikes on northern Iraq"), maybe with "the" and a
 * direction between ("in the north of", "in southern")? */
static int place_cue_before(const analysis *an, const sentence *se, uint32_t t)
{
    uint32_t k = skip_the_direction(an, se, t);
    return k > se->first && (has_wclass(an, k - 1, WC_PLACE_CUE) || has_wclass(an, k - 1, WC_PLACE_LEAD) ||
                             isw(an, k - 1, "on"));
}

/* Does a word that makes the name at token t where something happened stand
 * before it: a preposition of place or a verb whose object is a place
 * (place_lead: "in", "near", "militants attacked", "overran"), maybe with
 * "the" and a direction between ("in the north of" counts through "of"), or
 * "the village / town of" (place_kind)? Weaker cues ("and", "to", "from")
 * do not count. */
static int lead_before(const analysis *an, const sentence *se, uint32_t t)
{
    if (t >= se->first + 2 && isw(an, t - 1, "of") && has_wclass(an, t - 2, WC_PLACE_KIND))
        return 1;
    uint32_t k = skip_the_direction(an, se, t);
    return k > se->first && has_wclass(an, k - 1, WC_PLACE_LEAD);
}

/* The kind words after a name, from token t ("Ghazni province", "Qalagai
 * Bala village", "Zurmi local government area"): sets *after to the token
 * after them and returns the kind they say: GEO_ADMIN2 for an administrative
 * area (area_word), GEO_CITY for a settlement or locality (place_kind), 0
 * when none follows. */
static int kind_words(const analysis *an, const sentence *se, uint32_t t, uint32_t *after)
{
    int kind = 0;
    uint32_t k = t;
    while (k < se->last && k < t + 3 && (TK(an, k)->flags & TOK_WORD)) {
        if (has_wclass(an, k, WC_AREA_WORD))
            kind = GEO_ADMIN2;
        else if (has_wclass(an, k, WC_PLACE_KIND))
            kind = kind ? kind : GEO_CITY;
        else if (isw(an, k, "local") && isw(an, k + 1, "government") && isw(an, k + 2, "area"))
            k += 2, kind = GEO_ADMIN2; /* Nigeria's "local government area" */
        else
            break;
        k++;
    }
    *after = k;
    return kind;
}

/* Does a verb of speaking stand before the cue at token c, with at most three
 * plain words between ("speaking to reporters in", "told a news conference
 * in", "said in")? Then the place after the cue is where it was said (the
 * reporting office), not where the event happened. An event word between
 * ("said gunmen attacked in") breaks it. */
static int venue_before(const analysis *an, const sentence *se, uint32_t c)
{
    if (!(isw(an, c, "in") || isw(an, c, "from")))
        return 0;
    for (uint32_t k = c; k > se->first && k + 4 >= c; k--) {
        uint32_t j = k - 1;
        if (has_wclass(an, j, WC_VENUE_VERB))
            return 1;
        /* between: "to", "a", "the", an audience ("reporters") or a reporting
         * phrase ("news conference") */
        if (!(has_wclass(an, j, WC_DETERMINER) || isw(an, j, "to") || isw(an, j, "a") || isw(an, j, "an") ||
              mention_covering(an, j, LK_REPORT) || mention_covering(an, j, LK_AGENT)))
            return 0;
    }
    return 0;
}

/* Does token c ("in", "at") follow a gathering the sentence tells before any
 * word of violence ("summoned the council to a Thursday meeting in Abuja",
 * "peace talks in Doha")? The place after it is where people met. "Gunmen
 * attacked a meeting in Jos" keeps its place: the violence comes first. */
static int meeting_before(const analysis *an, size_t s, uint32_t c)
{
    const sentence *se = &an->td.sents[s];
    if (c <= se->first || !(isw(an, c, "in") || isw(an, c, "at")) || !has_wclass(an, c - 1, WC_MEETING))
        return 0;
    /* (no violent word in [se->first, c - 1): sents[s].first_violent, read once a sentence) */
    return an->sents[s].first_violent + 1 >= c;
}

/* Set the byline word and the first violent word of sentence s (sent_info),
 * which place_marks reads for each of its places. */
static void mark_sentence_words(analysis *an, size_t s)
{
    const sentence *se = &an->td.sents[s];
    sent_info *si = &an->sents[s];
    si->byline_word = 0;
    si->first_violent = se->last;
    for (uint32_t k = se->first; k < se->last; k++) {
        if (isw(an, k, "reports") || isw(an, k, "reporting") || isw(an, k, "bureau") ||
            isw(an, k, "correspondent") || isw(an, k, "contributed"))
            si->byline_word = 1;
        const mention *m = si->first_violent == se->last ? mention_starting(an, k, LK_EVENT) : NULL;
        if (m && ev_class_violent(m->value))
            si->first_violent = k;
    }
}

/* The surnames of the article: the last word of a run of capitalised words
 * no dictionary knows, inside a sentence ("President Mohamed Morsi" gives
 * "morsi"), as fold hashes into names (at most max); returns the count. A
 * surname met alone later ("Morsi supporters") is the person, not a village
 * of that name. */
static size_t article_surnames(const analysis *an, uint64_t *names, size_t max)
{
    size_t n = 0;
    for (uint32_t t = 1; t < an->td.ntoks && n < max; t++) {
        const tok *p = TK(an, t - 1), *k = TK(an, t);
        if (!(k->flags & TOK_WORD) || !(k->flags & TOK_CAP) || (k->flags & TOK_ALLCAP) ||
            !(p->flags & TOK_WORD) || !(p->flags & TOK_CAP) || (p->flags & (TOK_POSS | TOK_SENT_START)) ||
            p->sent != k->sent || covered_by_any(an, t - 1) || covered_by_any(an, t) ||
            has_wclass(an, t - 1, WC_PLACE_STOP) || has_wclass(an, t - 1, WC_PLACE_INNER))
            continue;
        if (t + 1 < an->td.ntoks && (TK(an, t + 1)->flags & TOK_CAP) && TK(an, t + 1)->sent == k->sent)
            continue; /* a longer run: maybe a place name of several words */
        int dup = 0;
        for (size_t i = 0; i < n && !dup; i++)
            dup = names[i] == k->hash;
        if (!dup)
            names[n++] = k->hash;
    }
    return n;
}

/* The longest key place_keys builds, in bytes; the most tokens a place name
 * looked up has. */
#define PLACE_KEY_MAX 512
#define PLACE_MAX_TOKENS 5

/* Fold the runs of tokens [t, t+n), n = 1..m, into keys for a gazetteer
 * lookup, all at once: key (PLACE_KEY_MAX bytes, not NUL-terminated) holds
 * the longest run's folds joined by spaces, and klen[n] is the length of the
 * key of n tokens (a prefix of it), or 0 when that run cannot be a place
 * name: its tokens must be words (or numbers), inner ones capitalised or
 * lowercase connectors, the last one capitalised, the key shorter than
 * PLACE_KEY_MAX - 1. Needs t + m within the sentence. */
static void place_keys(const analysis *an, uint32_t t, unsigned m, char *key, size_t *klen)
{
    size_t kl = 0;
    int more = 1; /* can a longer run still be a name? */
    for (unsigned n = 1; n <= m; n++) {
        uint32_t i = t + n - 1;
        const tok *x = TK(an, i);
        klen[n] = 0;
        if (!more || !(x->flags & (TOK_WORD | TOK_NUM)) || kl + x->fold_len + 2 >= PLACE_KEY_MAX) {
            more = 0;
            continue;
        }
        if (i > t)
            key[kl++] = ' ';
        memcpy(key + kl, tok_fold(&an->td, x), x->fold_len);
        kl += x->fold_len;
        if (x->flags & (TOK_CAP | TOK_ALLCAP))
            klen[n] = kl; /* it may end a name */
        if (i > t && !(x->flags & TOK_CAP) && !has_wclass(an, i, WC_PLACE_INNER))
            more = 0; /* nor stand inside one */
    }
}

/* Does a currency follow the name ending at token last: a dollar sign (not
 * a token: read in the text) or "dollar(s)" ("US $50 million", "US
 * dollars")? A country's short form before it names the currency, not the
 * country. */
static int currency_after(const analysis *an, uint32_t last)
{
    const char *p = an->td.text + TK(an, last)->end, *end = an->td.text + an->td.len;
    while (p < end && *p == ' ')
        p++;
    if (p < end && *p == '$')
        return 1;
    return last + 1 < an->td.ntoks && (isw(an, last + 1, "dollar") || isw(an, last + 1, "dollars"));
}

/* The gazetteer's candidates (at most 12, into cand) for key[0..kl), the
 * name of tokens [t, t+n) of sentence se. Case-sensitive aliases ("US", not
 * the pronoun "us") must match the text. When no name matches as written:
 * after a place cue ("in", "near", "town of"), another romanisation of a
 * known name ("Maarat al-Numan" for "Ma'arrat an Nu'man") by its spelling
 * skeleton, with *variant set. Returns the count. */
static size_t place_candidates(const analysis *an, const sentence *se, uint32_t t, unsigned n, const char *key,
                               size_t kl, geo_place *cand, int *variant)
{
    size_t total = geo_lookup(an->geo, key, kl, cand, 12);
    size_t nc = total < 12 ? total : 12;
    size_t kept = 0;
    for (size_t c = 0; c < nc; c++) {
        if (cand[c].flags & GEO_F_EXACT_CASE) {
            const char *alias = geo_exact_alias(an->geo, key, kl, cand[c].id);
            if (!alias || !span_equals_exact(an, t, t + n, alias) || currency_after(an, t + n - 1))
                continue;
        }
        cand[kept++] = cand[c];
    }
    nc = kept;
    *variant = 0;
    /* after a cue, or as the area of a name before it ("Dashtak (Jaghori,
     * Ghazni)", "Kherbari village, Tinsukia district") */
    int address = t >= se->first + 2 && (is_punct_tok(an, t - 1, '(') || is_punct_tok(an, t - 1, ',')) &&
                  ((TK(an, t - 2)->flags & TOK_CAP) || has_wclass(an, t - 2, WC_AREA_WORD) ||
                   has_wclass(an, t - 2, WC_PLACE_KIND));
    if (nc == 0 && n <= 3 && (address || place_cue_before(an, se, t))) {
        char sk[PLACE_KEY_MAX + 2];
        size_t m = fold_skeleton(key, kl, sk, sizeof sk);
        if (m > 0) {
            total = geo_lookup(an->geo, sk, m, cand, 12);
            nc = total < 12 ? total : 12;
            *variant = nc > 0;
        }
    }
    return nc;
}

/* Is the one-word city match at token t of sentence se a person's name: a
 * surname of the article met alone ("Morsi" after "Mohamed Morsi"), or (out
 * of a headline) part of a longer proper name ("Murtaza Wahab"), told by a
 * capitalised neighbour that is not a place, a dictionary word or a generic
 * geographic word ("Border", "Valley")? */
static int person_not_place(const analysis *an, const sentence *se, uint32_t t, const geo_place *cand0,
                            int headline, const uint64_t *surnames, size_t nsurnames)
{
    const unsigned n = 1;
    const tok *tk = TK(an, t);
    if (cand0->kind == GEO_CITY && !(cand0->flags & GEO_F_CURATED)) {
        int surname = 0;
        for (size_t i = 0; i < nsurnames && !surname; i++)
            surname = surnames[i] == tk->hash;
        if (surname)
            return 1;
    }
    if (!headline && cand0->kind == GEO_CITY) {
        int prev_cap = t > se->first && !(TK(an, t - 1)->flags & TOK_SENT_START) &&
                       (TK(an, t - 1)->flags & TOK_CAP) && (TK(an, t - 1)->flags & TOK_WORD) &&
                       !(TK(an, t - 1)->flags & TOK_POSS) && !covered_by_any(an, t - 1) &&
                       !has_wclass(an, t - 1, WC_PLACE_STOP) &&
                       !(an->nplaces > 0 && an->places[an->nplaces - 1].last == t);
        int next_cap = t + n < se->last && (TK(an, t + n)->flags & TOK_CAP) &&
                       (TK(an, t + n)->flags & TOK_WORD) && !covered_by_any(an, t + n) &&
                       !has_wclass(an, t + n, WC_PLACE_STOP) && !(tk->flags & TOK_POSS);
        if (prev_cap || next_cap)
            return 1;
    }
    return 0;
}

/* Mark place mention pm (tokens [t, t+n) of sentence s): context only (inside
 * an actor's name, a demonym, a caption, a country firing from afar, a
 * country owning something other than land), where a meeting was held, after
 * a cue, a dateline, a byline or a speaker's office. Returns 1 when a country's "capital" follows ("Cameroon's
 * capital"). */
static int place_marks(const analysis *an, size_t s, uint32_t t, unsigned n, place_mention *pm)
{
    const sentence *se = &an->td.sents[s];
    const tok *tk = TK(an, t);
    const geo_place *cand = pm->cand;
    if (mention_covering(an, t, LK_ACTOR) || (cand[0].flags & GEO_F_DEMONYM) || an->sents[s].caption)
        pm->context_only = 1;
    /* "Pakistani Taliban", "Pakistani President": adjectives are context */
    for (int c = 0; c < pm->ncand; c++)
        if (cand[c].flags & GEO_F_DEMONYM)
            pm->context_only = 1;
    if (place_cue_before(an, se, t))
        pm->cue = lead_before(an, se, t) ? 2 : 1;
    /* "the Kabul government", "Kandahar police": names whose people, not where */
    if (!pm->cue && t + n < se->last && !(TK(an, t + n - 1)->flags & TOK_POSS) &&
        (mention_starting(an, t + n, LK_AGENT) || mention_starting(an, t + n, LK_TITLE)))
        pm->modifier = 1;
    /* "a Sunni cleric from Mosul", "a lawmaker from Karachi", "United Nations
     * peacekeepers from Nepal": where someone comes from */
    if (t >= se->first + 2 && isw(an, t - 1, "from") &&
        (mention_covering(an, t - 2, LK_AGENT) || mention_covering(an, t - 2, LK_TITLE) ||
         mention_covering(an, t - 2, LK_ACTOR)))
        pm->modifier = 1;
    /* "an official from Nigeria's Department of State Services in Maiduguri":
     * where the speaker's office is, like a dateline */
    if (t >= se->first + 3 && isw(an, t - 1, "in") && mention_covering(an, t - 2, LK_ACTOR)) {
        uint32_t k = mention_covering(an, t - 2, LK_ACTOR)->first;
        if (k > se->first && (TK(an, k - 1)->flags & TOK_POSS))
            k--; /* "Nigeria's" */
        if (k >= se->first + 2 && isw(an, k - 1, "from") &&
            (mention_covering(an, k - 2, LK_AGENT) || mention_covering(an, k - 2, LK_TITLE)))
            pm->dateline = 1;
    }
    /* "speaking to reporters in Nairobi": the reporting office, like a dateline */
    if (t > se->first && venue_before(an, se, t - 1))
        pm->dateline = 1;
    if (t > se->first && meeting_before(an, s, t - 1))
        pm->meeting = 1;
    /* "Kandahar-based militants": the place describes who acted, not where */
    {
        uint32_t k = t + n;
        if (is_punct_tok(an, k, '-'))
            k++;
        if (!(TK(an, t + n - 1)->flags & TOK_POSS) && has_wclass(an, k, WC_LINK_MOD))
            pm->context_only = 1;
    }
    /* "Turkey's F-16 jets", "Pakistan's government": a country as the
     * owner of something is not where anything happened, unless what
     * it owns is land ("Pakistan's tribal areas", "Iraq's north");
     * "Cameroon's capital" is its capital city */
    /* "U.S. drone strike", "India shelling": the country names the attacker
     * firing from afar ("Pakistan jets hit" may well be at home) */
    if (cand[0].kind == GEO_COUNTRY && !(TK(an, t + n - 1)->flags & TOK_POSS) && t + n < se->last &&
        has_wclass(an, t + n, WC_CROSS_FIRE))
        pm->context_only = 1;
    int capital = 0;
    if (cand[0].kind == GEO_COUNTRY && (TK(an, t + n - 1)->flags & TOK_POSS)) {
        if (!land_follows(an, se, t + n))
            pm->context_only = 1;
        capital = t + n < se->last && isw(an, t + n, "capital");
    }
    /* a byline ("reports for VOA from Lagos", "our bureau in Bangkok") names
     * where the reporter is, like a dateline */
    if (t > se->first && (isw(an, t - 1, "from") || isw(an, t - 1, "in")) && an->sents[s].byline_word)
        pm->dateline = 1;
    /* dateline: first tokens of the body's first line, followed by a dash or "(" */
    if (tk->start >= an->body_off && (tk->flags & TOK_LINE_START)) {
        uint32_t k = t + n;
        if (is_punct_tok(an, k, ',')) {
            k++;
            while (k < se->last && (TK(an, k)->flags & TOK_WORD) && (TK(an, k)->flags & TOK_CAP))
                k++;
        }
        if (is_punct_tok(an, k, '-') || is_punct_tok(an, k, '(') ||
            ((tk->flags & TOK_ALLCAP) && is_punct_tok(an, t + n, ',')))
            pm->dateline = 1;
    }
    return capital;
}

/* Append the mention of tokens [t, t+n) of sentence s with candidates
 * cand[0..nc), and the capital's mention after it when one is named.
 * Returns 0, or -1 on arena exhaustion. */
static int add_place_mention(analysis *an, size_t s, uint32_t t, unsigned n, const geo_place *cand, size_t nc,
                             int variant)
{
    place_mention *pm = new_place(an);
    if (!pm)
        return -1;
    memset(pm, 0, sizeof *pm);
    pm->first = t;
    pm->last = t + n;
    pm->ev.start = TK(an, t)->start;
    pm->ev.end = TK(an, t + n - 1)->end;
    pm->cand = arena_alloc_raw(an->a, nc * sizeof cand[0]);
    if (!pm->cand)
        return -1;
    memcpy(pm->cand, cand, nc * sizeof cand[0]);
    pm->ncand = (int)nc;
    pm->chosen = -1;
    pm->sent = (uint32_t)s;
    pm->variant = (uint8_t)variant;
    int capital = place_marks(an, s, t, n, pm);
    /* (new_place may move an->places: pm is not used after this) */
    if (capital && capital_mention(an, s, t + n, cand[0].cc, pm->cue) < 0)
        return -1;
    return 0;
}

/* The article's surnames, which a one-word place name must not be. */
typedef struct surname_set {
    uint64_t hash[64];
    size_t n;
} surname_set;

/* Is token t a word in capitals that is not part of a run of them (a
 * headline or a shout in capitals, where "US" may be the pronoun)? */
static int exact_case_word(const analysis *an, uint32_t t)
{
    if (!(TK(an, t)->flags & TOK_ALLCAP))
        return 0;
    int before = t > 0 && (TK(an, t - 1)->flags & TOK_ALLCAP) && TK(an, t - 1)->sent == TK(an, t)->sent;
    int after = t + 1 < an->td.ntoks && (TK(an, t + 1)->flags & TOK_ALLCAP) && TK(an, t + 1)->sent == TK(an, t)->sent;
    return !before && !after;
}

/* Keep the candidates among cand[0..nc) matched by an alias of their exact
 * case; returns how many are left. */
static size_t keep_exact_case(geo_place *cand, size_t nc)
{
    size_t kept = 0;
    for (size_t c = 0; c < nc; c++)
        if (cand[c].flags & GEO_F_EXACT_CASE)
            cand[kept++] = cand[c];
    return kept;
}

/* The place name of up to maxn tokens at token t of sentence s, longest
 * first, appended to an->places. Returns its token count, 0 when none, or -1
 * on arena exhaustion. */
static int place_at(analysis *an, size_t s, uint32_t t, unsigned maxn, int headline, const surname_set *sn)
{
    const sentence *se = &an->td.sents[s];
    char key[PLACE_KEY_MAX];
    size_t klen[PLACE_MAX_TOKENS + 1];
    unsigned m = t + maxn > se->last ? se->last - t : maxn;
    place_keys(an, t, m, key, klen);
    for (unsigned n = m; n >= 1; n--) {
        size_t kl = klen[n];
        /* a short word or a stop word is a place only by an alias of its
         * exact case ("US", "UK": never the pronoun "us") */
        int exact_only = n == 1 && (kl < 3 || has_wclass(an, t, WC_PLACE_STOP));
        if (kl < 2 || (exact_only && !exact_case_word(an, t)))
            continue;
        if (n == 1 && lexicon_blocks_place(an, t))
            continue;
        if (n > 1 && lexicon_blocks_place(an, t) && lexicon_blocks_place(an, t + n - 1))
            continue;
        geo_place cand[12];
        int variant;
        size_t nc = place_candidates(an, se, t, n, key, kl, cand, &variant);
        if (exact_only)
            nc = keep_exact_case(cand, nc);
        if (nc == 0)
            continue;
        if (n == 1 && person_not_place(an, se, t, &cand[0], headline, sn->hash, sn->n))
            continue;
        if ((cand[0].flags & GEO_F_DEMONYM) && t > se->first && isw(an, t - 1, "ethnic"))
            continue; /* "ethnic Albanians in Serbia": a people, of no state there */
        if (add_place_mention(an, s, t, n, cand, nc, variant) < 0)
            return -1;
        return (int)n;
    }
    return 0;
}

/* See extract_int.h: capitalised runs of up to five tokens, longest first,
 * looked up in the gazetteer; each match is appended to an->places with its
 * candidates and its context-only, cue and dateline marks, none chosen yet.
 * At once 0 when there is no gazetteer. */
int find_places(analysis *an)
{
    unsigned maxn = an->geo ? geo_max_tokens(an->geo) : 0;
    if (maxn > PLACE_MAX_TOKENS)
        maxn = PLACE_MAX_TOKENS;
    if (!an->geo)
        return 0;
    surname_set sn;
    sn.n = article_surnames(an, sn.hash, 64);
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        int headline = an->sents[s].titlecase;
        mark_sentence_words(an, s);
        uint32_t t = se->first;
        while (t < se->last) {
            const tok *tk = TK(an, t);
            if (!(tk->flags & TOK_WORD) || !(tk->flags & (TOK_CAP | TOK_ALLCAP))) {
                t++;
                continue;
            }
            int n = place_at(an, s, t, maxn, headline, &sn);
            if (n < 0)
                return -1;
            t += n > 0 ? (uint32_t)n : 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* choosing among candidates                                            */

typedef struct cc_vote {
    char cc[3];
    double w;
} cc_vote;

/* Add weight w to country cc's votes in v[0..*nv); past 64 countries a new one
 * is dropped. */
static void vote(cc_vote *v, int *nv, const char *cc, double w)
{
    for (int i = 0; i < *nv; i++)
        if (memcmp(v[i].cc, cc, 2) == 0) {
            v[i].w += w;
            return;
        }
    if (*nv < 64) {
        memcpy(v[*nv].cc, cc, 3);
        v[*nv].w = w;
        (*nv)++;
    }
}

/* The votes country cc has in v[0..nv), 0 when none. */
static double votes_for(const cc_vote *v, int nv, const char *cc)
{
    for (int i = 0; i < nv; i++)
        if (memcmp(v[i].cc, cc, 2) == 0)
            return v[i].w;
    return 0;
}

/* The countries an article names or implies, with their weights. */
typedef struct country_votes {
    cc_vote v[64];
    int nv;
} country_votes;

/* The vote of place mention pm: a country named (early mentions weigh more; a
 * demonym, which often names who acted rather than where, less), else for
 * admin areas and cities a vote for the one country of their candidates, or
 * for a large city that dwarfs its namesakes; none for a name matched only
 * through alternate names. */
static void place_vote(const place_mention *pm, country_votes *cv)
{
    double w = pm->sent < 3 ? 3 : 2;
    if (pm->ncand > 0 && (pm->cand[0].flags & GEO_F_DEMONYM))
        w = 1;
    for (int c = 0; c < pm->ncand; c++)
        if (pm->cand[c].kind == GEO_COUNTRY) {
            vote(cv->v, &cv->nv, pm->cand[c].cc, w);
            return;
        }
    int ncc = 0;
    char seen[12][3];
    for (int c = 0; c < pm->ncand && ncc < 12; c++) {
        int dup = 0;
        for (int k = 0; k < ncc; k++)
            if (memcmp(seen[k], pm->cand[c].cc, 2) == 0)
                dup = 1;
        if (!dup)
            memcpy(seen[ncc++], pm->cand[c].cc, 3);
    }
    int alt = 1; /* every candidate matched only through an alternate name */
    for (int c = 0; c < pm->ncand; c++)
        if (!(pm->cand[c].flags & GEO_F_ALTNAME))
            alt = 0;
    if (alt)
        return;
    if (ncc == 1)
        vote(cv->v, &cv->nv, seen[0], pm->cand[0].kind != GEO_CITY ? 1.5 : pm->cand[0].population < 20000 ? 0.3 : 1.0);
    else if (pm->ncand > 1 && pm->cand[0].population > 200000 &&
             pm->cand[0].population > 20 * (pm->cand[1].population + 1))
        vote(cv->v, &cv->nv, pm->cand[0].cc, 1.0);
}

/* The admin1 areas the article names (at most 32 distinct are used). */
typedef struct admin1_set {
    const geo_place *adm[32];
    int n;
} admin1_set;

/* Is area h (a country, admin1 or admin2) one that contains place g? */
static int contains(const geo_place *h, const geo_place *g)
{
    if (memcmp(h->cc, g->cc, 2) != 0 || h->id == g->id)
        return 0;
    if (h->kind == GEO_COUNTRY)
        return g->kind != GEO_COUNTRY;
    if (h->kind == GEO_ADMIN1 || h->kind == GEO_ADMIN2)
        return g->kind > GEO_CITY ? g->kind < h->kind && strcmp(h->admin1_code, g->admin1_code) == 0
                                  : h->admin1_code[0] && strcmp(h->admin1_code, g->admin1_code) == 0;
    return 0;
}

/* Is one of pm's candidates a city of admin1 area h's country? All of them
 * bear the mention's name: the city the province is named after (Bishkek,
 * Kandahar) or that shares its name (Tashkent and Tashkent Region). Only a
 * city about as populous as the province can win by this. */
static int names_own_city(const place_mention *pm, const geo_place *h)
{
    for (int k = 0; k < pm->ncand; k++)
        if (pm->cand[k].kind == GEO_CITY && memcmp(pm->cand[k].cc, h->cc, 2) == 0)
            return 1;
    return 0;
}

/* The score of candidate g of place mention p: population, the article's
 * countries, the kind of place, capital and admin seat, alternate and curated
 * names, an area named right after it ("Karachi, Pakistan", "Quetta,
 * Balochistan"), and the admin1 named elsewhere in the article. */
static double candidate_score(const analysis *an, size_t p, const geo_place *g, const country_votes *cv,
                              const admin1_set *as)
{
    const place_mention *pm = &an->places[p];
    double s = log10((double)g->population + 10.0);
    if (an->top_cc[0] && memcmp(g->cc, an->top_cc, 2) == 0)
        s += 5;
    else if (votes_for(cv->v, cv->nv, g->cc) > 0)
        s += 2.0 + votes_for(cv->v, cv->nv, g->cc) * 0.3;
    if (g->kind == GEO_COUNTRY)
        s += 3;
    else if (g->kind == GEO_ADMIN1)
        s += 1.5;
    if (g->flags & GEO_F_CAPITAL)
        s += 1;
    if (g->flags & GEO_F_ADMIN_SEAT)
        s += 0.5;
    if (g->flags & GEO_F_ALTNAME)
        s -= 1.5;
    if (g->flags & GEO_F_CURATED)
        s += 2;
    /* "Ghazni province", "Kandahar city": the word after the name says its kind */
    const sentence *se = &an->td.sents[pm->sent];
    uint32_t after;
    int hint = kind_words(an, se, pm->last, &after);
    if (hint == GEO_ADMIN2 && (g->kind == GEO_ADMIN1 || g->kind == GEO_ADMIN2))
        s += 4;
    else if (hint == GEO_CITY && g->kind == GEO_CITY)
        s += 2;
    else if (!hint && g->kind == GEO_ADMIN1 && names_own_city(pm, g))
        s -= 1; /* "in Bishkek": the city, not the province of its name (ACLED codes the town) */
    /* "Karachi, Pakistan" / "Quetta, Balochistan" / "Dashtak (Jaghori, Ghazni)" /
     * "Loy Karez town in Helmand province": the next mention names its area */
    if (p + 1 < an->nplaces && an->places[p + 1].first == after + 1 &&
        (is_punct_tok(an, after, ',') || is_punct_tok(an, after, '(') || (hint && isw(an, after, "in")))) {
        const place_mention *nx = &an->places[p + 1];
        for (int k = 0; k < nx->ncand; k++)
            if (contains(&nx->cand[k], g)) {
                s += 6;
                break;
            }
    }
    /* the admin1 named elsewhere in the article */
    if (g->kind != GEO_ADMIN1)
        for (int q = 0; q < as->n; q++)
            if (memcmp(as->adm[q]->cc, g->cc, 2) == 0 && strcmp(as->adm[q]->admin1_code, g->admin1_code) == 0) {
                s += 2;
                break;
            }
    return s;
}

/* Is the chosen candidate of pm certain enough? A single word known only as
 * an alternate name ("Drug" for Durg, "Hamas" for Hamm), or any name matched
 * only by its spelling skeleton, must be in a country the article is about;
 * a small town needs the article's country or a cue word. */
static int choice_accepted(const analysis *an, const place_mention *pm, const country_votes *cv)
{
    const geo_place *g = &pm->cand[pm->chosen];
    int in_top = an->top_cc[0] && memcmp(g->cc, an->top_cc, 2) == 0;
    int voted = votes_for(cv->v, cv->nv, g->cc) > 0;
    /* a place known only from UCDP (no population; some are ordinary words or
     * first names: "Saw", "Abbas") needs a preposition of place or a verb that
     * takes a place before it; an address chain may still take it
     * (find_unknown_places) */
    if (g->source == GEO_SRC_UCDP && !lead_before(an, &an->td.sents[pm->sent], pm->first))
        return 0;
    if ((g->flags & GEO_F_ALTNAME) && pm->last - pm->first == 1 && !in_top && !voted)
        return 0;
    if (pm->variant && !in_top && !voted)
        return 0;
    return g->kind == GEO_COUNTRY || g->kind == GEO_ADMIN1 || (g->flags & GEO_F_CURATED) ||
           (in_top && (g->population >= 1000 || pm->cue)) || g->population >= 100000 ||
           (pm->cue && g->population >= 5000 && (voted || !an->top_cc[0]));
}

/* See extract_int.h. Countries named or implied vote; a winner with weight 1
 * or more is an->top_cc and an->top_country. Each mention then takes its
 * best-scoring candidate, or chosen = -1 when that candidate is too doubtful. */
void choose_places(analysis *an)
{
    country_votes cv;
    cv.nv = 0;
    for (size_t p = 0; p < an->nplaces; p++)
        place_vote(&an->places[p], &cv);
    int top = -1;
    for (int i = 0; i < cv.nv; i++)
        if (top < 0 || cv.v[i].w > cv.v[top].w)
            top = i;
    an->top_cc[0] = '\0';
    if (top >= 0 && cv.v[top].w >= 1.0)
        memcpy(an->top_cc, cv.v[top].cc, 3);

    admin1_set as;
    as.n = 0;
    for (size_t q = 0; q < an->nplaces && as.n < 32; q++) {
        const place_mention *o = &an->places[q];
        if (o->ncand > 0 && o->cand[0].kind == GEO_ADMIN1)
            as.adm[as.n++] = &o->cand[0];
    }
    for (size_t p = 0; p < an->nplaces; p++) {
        place_mention *pm = &an->places[p];
        double best = -1e9;
        int bi = -1;
        for (int c = 0; c < pm->ncand; c++) {
            double s = candidate_score(an, p, &pm->cand[c], &cv, &as);
            if (s > best) {
                best = s;
                bi = c;
            }
        }
        pm->score = best;
        pm->chosen = bi;
        if (bi >= 0 && !choice_accepted(an, pm, &cv))
            pm->chosen = -1;
    }
    if (an->top_cc[0]) {
        geo_place c;
        if (geo_country(an->geo, an->top_cc, &c) == 0)
            an->top_country = c.name;
    }
}

/* ------------------------------------------------------------------ */
/* places the gazetteer lacks                                           */

/* What reading address chains (find_unknown_places) keeps of the places: the
 * place starting at each token, and the most tokens any place spans. Both
 * runs of an->places, find_places' [0, nsorted) and the unresolved places
 * appended since, are sorted by first token, so the places overlapping a name
 * are found by a binary search and a walk back of at most span tokens. */
typedef struct chain_ctx {
    const int32_t *pstart; /* per token: the place of [0, nsorted) starting there, or -1 */
    size_t nsorted;
    uint32_t span;         /* the most tokens of any place in an->places */
} chain_ctx;

/* Does a chosen place of an->places[lo, hi) (sorted by first token, none
 * longer than span tokens) overlap tokens [t, k)? */
static int chosen_place_over(const analysis *an, size_t lo, size_t hi, uint32_t span, uint32_t t, uint32_t k)
{
    /* from the last place starting before k */
    size_t a = bisect_u32(an->places, sizeof *an->places, offsetof(place_mention, first), lo, hi, k);
    for (size_t p = a; p-- > lo && an->places[p].first + span > t;)
        if (an->places[p].last > t && an->places[p].chosen >= 0)
            return 1;
    return 0;
}

/* Is token t the start of an unknown proper name: capitalised, no dictionary
 * word, no known place? Returns the end of the name (at most 3 words, with
 * inner connectors like "al"), or t. Time: a binary search of the places. */
static uint32_t unknown_name(const analysis *an, const sentence *se, uint32_t t, const chain_ctx *cx)
{
    uint32_t k = t;
    while (k < se->last && k < t + 4) {
        const tok *w = TK(an, k);
        if (!(w->flags & TOK_WORD))
            break;
        if (!(w->flags & TOK_CAP) && !(k > t && has_wclass(an, k, WC_PLACE_INNER) && k + 1 < se->last &&
                                       (TK(an, k + 1)->flags & TOK_CAP)))
            break;
        if (covered_by_any(an, k) || has_wclass(an, k, WC_PLACE_STOP))
            break;
        k++;
    }
    if (k == t)
        return t;
    /* a known place (a rejected match, such as a spelling found only abroad,
     * does not count) */
    if (chosen_place_over(an, 0, cx->nsorted, cx->span, t, k) ||
        chosen_place_over(an, cx->nsorted, an->nplaces, cx->span, t, k))
        return t;
    return k;
}

/* The chosen place nearest to token t in sentence s (not context-only), or NULL. */
static const place_mention *anchor_in(const analysis *an, size_t nsorted, size_t s, uint32_t t);

/* The place an unknown place of sentence s (at token t) is located at: the
 * nearest in its sentence, else in the next or the previous one, else a
 * mention of the article's country; NULL when there is none. */
static const place_mention *nearest_anchor(const analysis *an, size_t nsorted, size_t s, uint32_t t)
{
    const place_mention *a = anchor_in(an, nsorted, s, t);
    if (!a && s + 1 < an->td.nsents)
        a = anchor_in(an, nsorted, s + 1, t);
    if (!a && s > 0)
        a = anchor_in(an, nsorted, s - 1, t);
    for (size_t p = 0; !a && an->top_cc[0] && p < nsorted; p++) {
        const place_mention *pm = &an->places[p];
        if (pm->chosen >= 0 && pm->cand[pm->chosen].kind == GEO_COUNTRY &&
            memcmp(pm->cand[pm->chosen].cc, an->top_cc, 2) == 0)
            a = pm;
    }
    return a;
}

static const place_mention *anchor_in(const analysis *an, size_t nsorted, size_t s, uint32_t t)
{
    const place_mention *best = NULL;
    uint32_t bestd = UINT32_MAX;
    /* the first nsorted places are in sentence order: find sentence s by bisection */
    size_t lo = bisect_u32(an->places, sizeof *an->places, offsetof(place_mention, sent), 0, nsorted, (uint32_t)s);
    for (size_t p = lo; p < nsorted && an->places[p].sent == s; p++) {
        const place_mention *pm = &an->places[p];
        if (pm->chosen < 0 || (pm->cand[pm->chosen].flags & GEO_F_UNRESOLVED))
            continue;
        uint32_t d = pm->first > t ? pm->first - t : t - pm->first;
        /* prefer a specific anchor: a town over a province over a country */
        d += pm->cand[pm->chosen].kind == GEO_CITY ? 0 : pm->cand[pm->chosen].kind == GEO_COUNTRY ? 30 : 10;
        if (d < bestd) {
            bestd = d;
            best = pm;
        }
    }
    return best;
}

/* Does a distance from a place follow token t: ", [about] N kilometers
 * [north] of" / "from"? Returns the token after "of" / "from", or 0. */
static uint32_t distance_follows(const analysis *an, const sentence *se, uint32_t t)
{
    if (t >= se->last || !is_punct_tok(an, t, ','))
        return 0;
    uint32_t k = t + 1;
    if (k < se->last && (isw(an, k, "about") || isw(an, k, "some") || isw(an, k, "nearly") ||
                         isw(an, k, "roughly") || isw(an, k, "around") || isw(an, k, "approximately")))
        k++;
    if (k >= se->last || !((TK(an, k)->flags & TOK_NUM) || mention_starting(an, k, LK_NUMBER)))
        return 0;
    k++;
    if (k >= se->last || !(isw(an, k, "kilometers") || isw(an, k, "kilometres") || isw(an, k, "km") ||
                           isw(an, k, "miles") || isw(an, k, "kms")))
        return 0;
    for (uint32_t j = k + 1; j < se->last && j < k + 3; j++)
        if (isw(an, j, "of") || isw(an, j, "from"))
            return j + 1;
    return 0;
}

/* One element of an address chain: a name and the kind words after it. */
typedef struct chain_elem {
    uint32_t first, end; /* the name's tokens */
    uint32_t next;       /* the token after its kind words */
    int p;               /* its place mention, or -1 for a name the gazetteer lacks */
    int kind;            /* what its kind words say (kind_words), 0 when none */
} chain_elem;

/* Is place mention p resolved? */
static int resolved(const analysis *an, int p)
{
    return p >= 0 && an->places[p].chosen >= 0;
}

/* The element of an address chain at token t of sentence se: a place mention
 * starting there (cx->pstart[t]) or an unknown proper name, and its kind words.
 * Returns 0 when none starts at t. */
static int elem_at(const analysis *an, const sentence *se, uint32_t t, const chain_ctx *cx, chain_elem *e)
{
    if (t >= se->last || !(TK(an, t)->flags & TOK_CAP))
        return 0;
    e->first = t;
    e->p = cx->pstart[t];
    e->end = unknown_name(an, se, t, cx); /* a rejected match may be part of a longer name */
    if (e->p >= 0 && an->places[e->p].last > e->end)
        e->end = an->places[e->p].last;
    if (e->end == t)
        return 0;
    e->kind = kind_words(an, se, e->end, &e->next);
    return 1;
}

/* Read the address chain whose most specific place is the element at token t
 * of sentence se: X[, Y][, Z] linked by commas ("in Qalagai Bala, Kandahar,
 * Afghanistan"), a parenthesis ("Dashtak (Jaghori, Ghazni)"), "of" or "in"
 * after a kind word ("the Dashtak area of Jaghori district", "Loy Karez town
 * in Helmand province"), "near" ("the village of X near Y") or a distance
 * ("Kaya Gorou, 40 km from Djibo"). A link that is no place the gazetteer
 * holds needs a kind word ("Mayo-Sava department"); a list ("Kabul, Kandahar
 * and Helmand") is no chain. Returns the number of elements written to el
 * (at most max; 1 when no link follows), 0 when no element starts at t. */
static int read_chain(const analysis *an, const sentence *se, uint32_t t, const chain_ctx *cx, chain_elem *el,
                      int max)
{
    if (!elem_at(an, se, t, cx, &el[0]))
        return 0;
    int n = 1, paren = 0;
    uint32_t k = el[0].next;
    while (n < max && k < se->last) {
        uint32_t at = 0, d;
        int of = 0;
        if ((d = distance_follows(an, se, k)) != 0)
            at = d;
        else if (is_punct_tok(an, k, ','))
            at = k + 1;
        else if (is_punct_tok(an, k, '(') && !paren && n == 1)
            at = k + 1, paren = 1;
        else if (el[n - 1].kind && (isw(an, k, "of") || isw(an, k, "in")))
            at = k + 1, of = isw(an, k, "of");
        else if (n == 1 && el[0].kind != GEO_ADMIN2 && isw(an, k, "near"))
            at = k + 1;
        chain_elem e;
        if (!at || !elem_at(an, se, at, cx, &e) || (e.p < 0 && !e.kind))
            break;
        /* "the Dashtak area of Jaghori district, ...", not "the Somali city of
         * Beledweyne": after "of", an area must read as one */
        if (of && !e.kind && !is_punct_tok(an, e.next, ',') && !is_punct_tok(an, e.next, '('))
            break;
        el[n++] = e;
        k = e.next;
        if (paren && is_punct_tok(an, k, ')'))
            break;
    }
    if (n > 1 && !paren && (isw(an, el[n - 1].next, "and") || isw(an, el[n - 1].next, "or")))
        return 1; /* a list of places */
    return n;
}

/* Append an unresolved place named by tokens [name, end) of sentence s,
 * located at place a (a copy: new_place may move an->places). Returns 0, or
 * -1 on arena exhaustion. */
static int add_unresolved(analysis *an, size_t s, uint32_t name, uint32_t end, geo_place a)
{
    geo_place g = a; /* its point and areas, the text's name */
    uint32_t start = TK(an, name)->start;
    g.name = arena_strndup(an->a, an->text + start, TK(an, end - 1)->end - start);
    if (!g.name)
        return -1;
    if (g.kind == GEO_COUNTRY)
        g.admin1 = "";
    g.kind = GEO_CITY;
    g.geonameid = 0;
    g.population = 0;
    g.flags = GEO_F_UNRESOLVED;
    place_mention *pm = add_single_place(an, s, name, end, &g, 1);
    if (!pm)
        return -1;
    pm->chosen = 0;
    pm->chain = 1;
    pm->anchor_kind = a.kind;
    pm->anchor_name = a.name;
    return 0;
}

/* Resolve the links of chain el[0..n) the gazetteer holds but that were
 * rejected as too doubtful alone (a place known only from UCDP, a small town
 * abroad): from the outermost in, a rejected link takes its first candidate
 * inside the next resolved link, or in the article's country when it is the
 * last. The head (el[0]) is left to settle_chain. */
static void revive_links(analysis *an, const chain_elem *el, int n)
{
    const geo_place *outer = NULL;
    for (int i = n - 1; i >= 1; i--) {
        if (el[i].p < 0) {
            continue;
        }
        place_mention *pm = &an->places[el[i].p];
        for (int c = 0; pm->chosen < 0 && c < pm->ncand; c++)
            if (outer ? contains(outer, &pm->cand[c])
                      : an->top_cc[0] && memcmp(pm->cand[c].cc, an->top_cc, 2) == 0)
                pm->chosen = c;
        if (pm->chosen >= 0)
            outer = &pm->cand[pm->chosen];
    }
}

/* Settle the chain el[0..n) of sentence s: its parents are marked; its most
 * specific place takes the candidate inside the first resolved parent, or,
 * when the gazetteer has no such place, becomes an unresolved place at that
 * parent's point. A known place whose parent cannot contain it (a list of
 * towns) is left alone. Without a resolved parent, a name introduced as a
 * place ("the village of X", "in X village") is located at the nearest
 * known place. Returns 0, or -1 on arena exhaustion. */
static int settle_chain(analysis *an, size_t s, const chain_elem *el, int n, size_t nsorted)
{
    revive_links(an, el, n);
    int a = -1; /* the first resolved parent */
    for (int i = 1; i < n && a < 0; i++)
        if (resolved(an, el[i].p))
            a = el[i].p;
    int head = el[0].p;
    if (a >= 0) {
        const geo_place *pa = &an->places[a].cand[an->places[a].chosen];
        int in = -1;
        if (head >= 0) {
            const place_mention *h = &an->places[head];
            for (int c = 0; c < h->ncand && in < 0; c++)
                if (contains(pa, &h->cand[c]) || (pa->kind == GEO_CITY && memcmp(pa->cc, h->cand[c].cc, 2) == 0 &&
                                                  strcmp(pa->admin1_code, h->cand[c].admin1_code) == 0))
                    in = c;
            /* a place the "parent" does not contain: a list of towns, unless the
             * name matched only as another spelling of a place elsewhere */
            if (in < 0 && h->chosen >= 0 && !h->variant)
                return 0;
        }
        for (int i = 1; i < n; i++)
            if (el[i].p >= 0)
                an->places[el[i].p].parent = 1;
        if (head >= 0) {
            place_mention *h = &an->places[head];
            h->chosen = in; /* -1: a namesake elsewhere, the text's place is not in the gazetteer */
            h->cue = h->chain = 1;
            if (in >= 0)
                return 0;
        }
        return add_unresolved(an, s, el[0].first, el[0].end, *pa);
    }
    if (resolved(an, head))
        return 0;
    const place_mention *near = nearest_anchor(an, nsorted, s, el[0].first);
    if (!near)
        return 0;
    return add_unresolved(an, s, el[0].first, el[0].end, near->cand[near->chosen]);
}

/* See extract_int.h. Address chains are read from every name a preposition
 * of place, a verb taking a place, or "the village of" introduces ("in
 * Qalagai Bala, Kandahar, Afghanistan", "stormed Kuriga (Chikun, Kaduna)");
 * their most specific place is kept with the point of its nearest resolved
 * parent. A name the gazetteer lacks becomes a place only in a chain, after
 * "the village / town of", or with a kind word after a preposition ("in
 * Bhalupani village"). */
int find_unknown_places(analysis *an)
{
    size_t nsorted = an->nplaces; /* find_places added them in sentence order */
    if (!an->td.ntoks)
        return 0;
    int32_t *pstart = arena_alloc_raw(an->a, an->td.ntoks * sizeof *pstart);
    if (!pstart)
        return -1;
    for (uint32_t t = 0; t < an->td.ntoks; t++)
        pstart[t] = -1;
    chain_ctx cx = {pstart, nsorted, 0};
    for (size_t p = nsorted; p-- > 0;) {
        pstart[an->places[p].first] = (int32_t)p;
        if (an->places[p].last - an->places[p].first > cx.span)
            cx.span = an->places[p].last - an->places[p].first;
    }
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        for (uint32_t t = se->first; t < se->last; t++) {
            if (!(TK(an, t)->flags & TOK_CAP) || !lead_before(an, se, t))
                continue;
            chain_elem el[8];
            int n = read_chain(an, se, t, &cx, el, 8);
            if (n == 0)
                continue;
            const place_mention *h = el[0].p >= 0 ? &an->places[el[0].p] : NULL;
            if (h && (h->context_only || (h->chosen >= 0 && h->cand[h->chosen].kind == GEO_COUNTRY))) {
                t = el[0].end - 1; /* "the Somali city of", "Afghanistan, Pakistan": no chain */
                continue;
            }
            int kindof = t >= se->first + 2 && isw(an, t - 1, "of") && has_wclass(an, t - 2, WC_PLACE_KIND);
            /* alone, a name the gazetteer lacks is a place after "the village of" or
             * with a settlement word ("in Bhalupani village"), not in "the Anatolian
             * city of Konya" */
            int alone = kindof || (el[0].kind == GEO_CITY && !isw(an, el[0].next, "of"));
            size_t before = an->nplaces;
            if (n > 1 || (!resolved(an, el[0].p) && alone))
                if (settle_chain(an, s, el, n, nsorted) < 0)
                    return -1;
            for (size_t p = before; p < an->nplaces; p++) /* (added at token t: still sorted) */
                if (an->places[p].last - an->places[p].first > cx.span)
                    cx.span = an->places[p].last - an->places[p].first;
            t = el[n - 1].end - 1;
        }
    }
    return 0;
}
