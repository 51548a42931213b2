/*
 * attribution.c - who the report says did it and who says so: claims of
 * responsibility ("X claimed the attack", "claimed by X"), denials of any
 * claim, blame and suspicion ("police blamed X", "suspected X fighters"),
 * groups the dictionaries do not know ("the little-known Jund al-Khalifa
 * group"), and the sources of each sentence ("police said", "according to
 * the AP", "said Wahab"). Part of the resolve stage (resolve_int.h).
 */
#include <string.h>
#include <strings.h>

#include "resolve_int.h"
#include "wordclass.h"

/* ------------------------------------------------------------------ */
/* sources                                                              */

/* Is token t part of a person's name (a capitalised word no dictionary claims)? */
int name_word(const analysis *an, uint32_t t)
{
    const tok *k = TK(an, t);
    if (!(k->flags & TOK_WORD) || !(k->flags & TOK_CAP))
        return 0;
    if (mention_covering(an, t, LK_EVENT) || mention_covering(an, t, LK_REPORT) ||
        mention_covering(an, t, LK_CASUALTY) || mention_covering(an, t, LK_MONTH) ||
        mention_covering(an, t, LK_WEEKDAY) || mention_covering(an, t, LK_TIMEWORD) ||
        mention_covering(an, t, LK_HEDGE) || mention_covering(an, t, LK_NUMBER))
        return 0;
    return !(k->wclass & WC_NOT_NAME);
}

/* The speaker ending just before token t: returns 1 and sets the token range
 * [*first, *last), or 0 when no speaker stands there. */
static int speaker_before(const analysis *an, const sentence *se, uint32_t t, uint32_t *first,
                          uint32_t *last)
{
    if (t <= se->first)
        return 0;
    uint32_t k = t;
    /* skip adverbs: "police also said", "officials have said" */
    while (k > se->first && (isw(an, k - 1, "also") || isw(an, k - 1, "have") || isw(an, k - 1, "has") ||
                             isw(an, k - 1, "had") || isw(an, k - 1, "later") || isw(an, k - 1, "earlier") ||
                             isw(an, k - 1, "previously") || isw(an, k - 1, "on") ||
                             mention_covering(an, k - 1, LK_WEEKDAY) || mention_covering(an, k - 1, LK_TIMEWORD)))
        k--;
    /* appositive: "Murtaza Wahab, a government adviser, confirmed" (the name
     * before the commas), "the group's leader, Noor Wali Maseed, announced" (the
     * name between them) */
    if (k > se->first && is_punct_tok(an, k - 1, ',')) {
        uint32_t j = k - 1;
        while (j > se->first && !is_punct_tok(an, j - 1, ',') && k - j < 8)
            j--;
        if (!(j > se->first && is_punct_tok(an, j - 1, ',')))
            return 0;
        int all_names = j < k - 1;
        for (uint32_t q = j; q < k - 1; q++)
            if (!name_word(an, q))
                all_names = 0;
        if (all_names) {
            *first = j;
            *last = k - 1;
            return 1;
        }
        k = j - 1;
    }
    uint32_t end = k, start = k;
    while (start > se->first) {
        uint32_t p = start - 1;
        const tok *pk = TK(an, p);
        if (pk->flags & TOK_PUNCT)
            break;
        if (mention_covering(an, p, LK_AGENT) || mention_covering(an, p, LK_ACTOR) ||
            mention_covering(an, p, LK_TITLE) || name_word(an, p) ||
            ((pk->flags & TOK_CAP) && (pk->flags & TOK_WORD) && !(pk->wclass & WC_NOT_NAME) &&
             !mention_covering(an, p, LK_EVENT))) {
            start = p;
            continue;
        }
        break;
    }
    if (start == end)
        return 0;
    *first = start;
    *last = end;
    return 1;
}

/* The speaker after a reporting verb: "said Wahab", "according to the AP". */
static int speaker_after(const analysis *an, const sentence *se, uint32_t t, uint32_t *first,
                         uint32_t *last)
{
    uint32_t k = t;
    while (k < se->last && (isw(an, k, "the") || isw(an, k, "to") || isw(an, k, "a")))
        k++;
    uint32_t start = k;
    while (k < se->last) {
        const tok *tk = TK(an, k);
        if (tk->flags & TOK_PUNCT)
            break;
        if (mention_covering(an, k, LK_AGENT) || mention_covering(an, k, LK_ACTOR) ||
            mention_covering(an, k, LK_TITLE) || name_word(an, k) || (tk->flags & TOK_ALLCAP)) {
            k++;
            continue;
        }
        break;
    }
    if (k == start)
        return 0;
    *first = start;
    *last = k;
    return 1;
}

/* Add a source unless the same words (or a longer mention ending in them,
 * "Karachi police" for "police") are already there. */
static void add_source(const analysis *an, event *e, span s)
{
    size_t n = s.end - s.start;
    for (int i = 0; i < e->nsources; i++) {
        span o = e->sources[i];
        size_t on = o.end - o.start;
        if (on >= n && strncasecmp(an->text + o.end - n, an->text + s.start, n) == 0)
            return;
        if (n > on && strncasecmp(an->text + s.end - on, an->text + o.start, on) == 0) {
            e->sources[i] = s;
            return;
        }
    }
    if (e->nsources < EV_MAX_SOURCES)
        e->sources[e->nsources++] = s;
}

/* Sources of sentence s, added to e. The person's name is preferred to the
 * whole title phrase ("Rana Sanaullah", not "Interior Minister Rana Sanaullah"). */
void clause_sources(const analysis *an, size_t s, event *e, uint32_t from, uint32_t to)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = from; t < to; t++) {
        const mention *m = mention_starting(an, t, LK_REPORT);
        if (!m)
            continue;
        uint32_t f, l;
        int according = isw(an, t, "according");
        int got = 0;
        if (according) {
            got = speaker_after(an, se, m->last, &f, &l);
        } else {
            got = speaker_before(an, se, t, &f, &l);
            if (!got && (isw(an, t, "said") || isw(an, t, "says") || isw(an, t, "told")))
                got = speaker_after(an, se, m->last, &f, &l);
        }
        if (got) {
            /* prefer the trailing name after a title */
            uint32_t nf = f;
            for (uint32_t k = f; k < l; k++)
                if (mention_covering(an, k, LK_TITLE))
                    nf = mention_covering(an, k, LK_TITLE)->last;
            if (nf < l && name_word(an, nf))
                f = nf;
            /* drop a leading article */
            while (f < l && (isw(an, f, "the") || isw(an, f, "a")))
                f++;
            if (f < l)
                add_source(an, e, tspan(an, f, l));
        }
        t = m->last - 1;
    }
}

/* Sources anywhere in sentence s, added to e. */
void sentence_sources(const analysis *an, size_t s, event *e)
{
    clause_sources(an, s, e, an->td.sents[s].first, an->td.sents[s].last);
}

/* ------------------------------------------------------------------ */
/* claims and suspects                                                  */

/* A group the dictionaries do not know, named next to a word that says it is
 * one: "the rebel group Al-Mansoorain claimed...", "the little-known Jund
 * al-Khalifa group said...". Fills r (a rebel group of the event's country)
 * and returns 1, or returns 0. */
static int unknown_group(analysis *an, const event *e, const sentence *se, actor_ref *r)
{
    for (uint32_t t = se->first; t < se->last; t++) {
        if (!(isw(an, t, "group") || isw(an, t, "outfit") || isw(an, t, "organization") ||
              isw(an, t, "organisation") || isw(an, t, "movement") || isw(an, t, "faction")))
            continue;
        uint32_t a = 0, b = 0;
        /* after: "group Al-Mansoorain", "a group known as / called / calling
         * itself Al-Mansoorain" */
        uint32_t n0 = t + 1;
        if (isw(an, n0, "known") && isw(an, n0 + 1, "as"))
            n0 += 2;
        else if (isw(an, n0, "called") || isw(an, n0, "named"))
            n0 += 1;
        else if (isw(an, n0, "calling") && isw(an, n0 + 1, "itself"))
            n0 += 2;
        uint32_t k = n0;
        while (k < se->last && (name_word(an, k) || (k > n0 && has_wclass(an, k, WC_PLACE_INNER) &&
                                                      k + 1 < se->last && name_word(an, k + 1))))
            k++;
        /* a generic word is no name ("the group militants"), unless the name goes
         * on past it ("the group Lashkar-e-Jhangvi", whose first word is a word
         * for a militia) */
        const mention *generic = mention_covering(an, n0, LK_AGENT);
        if (!generic)
            generic = mention_covering(an, n0, LK_TITLE);
        if (k > n0 && (!generic || generic->last < k)) {
            a = n0;
            b = k;
        } else {
            /* before: "the Jund al-Khalifa group" */
            k = t;
            while (k > se->first && (name_word(an, k - 1) || (k - 1 > se->first && has_wclass(an, k - 1, WC_PLACE_INNER) &&
                                                               name_word(an, k - 2))))
                k--;
            if (k < t && !(TK(an, k)->flags & TOK_SENT_START && k + 1 == t)) {
                a = k;
                b = t;
            }
        }
        if (b <= a)
            continue;
        /* not a place ("the Quetta group") */
        if (chosen_place_within(an, a, b))
            continue;
        span sp = tspan(an, a, b);
        memset(r, 0, sizeof *r);
        r->name = arena_strndup(an->a, an->text + sp.start, sp.end - sp.start);
        if (!r->name)
            return 0;
        r->type = AT_REBEL;
        if (e->place && e->place->chosen >= 0)
            memcpy(r->cc, e->place->cand[e->place->chosen].cc, 3);
        else if (an->top_cc[0])
            memcpy(r->cc, an->top_cc, 3);
        r->actor_id = r->agent_id = -1;
        r->side = SIDE_HOSTILE;
        r->ev = sp;
        return 1;
    }
    return 0;
}

/* May mention a stand where a claim or blame of class cls at token t (verb
 * ending at vend; adjective: the attributive "suspected X") names its group?
 * Blame names the accused after the verb ("the army accused the Tigers of
 * the attack", "blamed the attack on X", "suspected X fighters"), and before
 * it only in the passive ("X was blamed", "X is suspected"); the group before
 * an active verb is the accuser. */
static int blame_position(const analysis *an, const mention *a, uint32_t t, uint32_t vend, int adjective)
{
    if (a->first >= vend)
        return a->first - vend <= (adjective ? 1u : 8u);
    if (t - a->last > 4)
        return 0;
    for (uint32_t q = a->last; q <= t; q++) /* "X was blamed", a phrase "X was responsible for" */
        if (isw(an, q, "was") || isw(an, q, "were") || isw(an, q, "is") || isw(an, q, "are") ||
            isw(an, q, "been") || isw(an, q, "be"))
            return 1;
    return 0;
}

/* Is the agent mention a an attacking party the text can blame ("police
 * blamed dissident republicans", "sources attributed it to armed bandits"):
 * a generic noun of the hostile side? */
static int blamable_agent(const analysis *an, const mention *a)
{
    return lexicon_agent(an->lx, a->value)->side == SIDE_HOSTILE;
}

/* The group a claim or blame at token t is about (m is the trigger's mention,
 * NULL for "claimed by"): the named group nearest to the verb, after "by",
 * else before, else after (see blame_position); for blame, when no named
 * group fits, the nearest attacking party named by a generic noun. A state
 * never claims; NULL when no group fits. */
static const mention *claimed_group(const analysis *an, const sentence *se, uint32_t t, const mention *m,
                                    int cls, int claim_by)
{
    uint32_t vend = m ? m->last : t + 2;
    int adjective = cls == EV_BLAME && (isw(an, t, "suspected") || isw(an, t, "suspect")) && m &&
                    m->last == t + 1;
    const mention *best = NULL, *best_agent = NULL;
    uint32_t bestd = UINT32_MAX, bestd_agent = UINT32_MAX;
    for (uint32_t k = se->first; k < se->last; k++) {
        const mention *a = mention_starting(an, k, LK_ACTOR);
        int agent = 0;
        if (!a && cls == EV_BLAME && (a = mention_starting(an, k, LK_AGENT)) != NULL)
            agent = 1;
        if (!a)
            continue;
        if (agent ? !blamable_agent(an, a)
                  : lexicon_actor(an->lx, a->value)->type == AT_STATE && cls == EV_CLAIM)
            continue;
        if (!agent && modifier_group(an, a))
            continue; /* "al-Qaida linked militants": the militants are meant */
        if (cls == EV_BLAME && !blame_position(an, a, t, vend, adjective))
            continue;
        uint32_t d = a->first > t ? a->first - t : t - a->first;
        if (claim_by && a->first > t)
            d = 0;
        if (!agent && d < bestd) {
            bestd = d;
            best = a;
        } else if (agent && d < bestd_agent) {
            bestd_agent = d;
            best_agent = a;
        }
    }
    return best ? best : best_agent;
}

/* Does the attributive "suspected" at token t describe victims or captives
 * rather than attackers: does a violent trigger or a casualty word come
 * before it in its sentence ("police shot dead two suspected militants", "a
 * mob set ablaze two suspected kidnappers") rather than after ("suspected
 * Maoists ambushed a patrol")? */
static int suspected_object(const analysis *an, const sentence *se, uint32_t t)
{
    for (uint32_t k = se->first; k < t; k++) {
        const mention *v = mention_starting(an, k, LK_EVENT);
        if (v && ev_class_violent(v->value))
            return 1;
        const mention *c = mention_starting(an, k, LK_CASUALTY);
        if (c && (c->value == CAS_KILLED || c->value == CAS_WOUNDED || c->value == CAS_KIDNAPPED ||
                  c->value == CAS_ARRESTED))
            return 1;
    }
    return 0;
}

/* "Past attacks were claimed by X", "similar bombings were blamed on X": do
 * the words before token t say the claim is about other incidents? */
static int about_other_incidents(const analysis *an, const sentence *se, uint32_t t)
{
    for (uint32_t k = se->first; k < t; k++)
        if (isw(an, k, "past") || isw(an, k, "previous") || isw(an, k, "previously") ||
            isw(an, k, "similar") || isw(an, k, "earlier") || isw(an, k, "former"))
            return 1;
    return 0;
}

/* Is the claim or blame at token t (verb ending at vend) told of many
 * incidents, not one: a quantifier or an adverb of habit (word class
 * habitual) before the group g, followed within three words by a word of
 * violence or by the verb itself ("the government blames most of the attacks
 * on X", "such bombings are often blamed on Y"), not "many residents blamed X"? */
static int habitual_claim(const analysis *an, const sentence *se, uint32_t t, uint32_t vend, uint32_t g)
{
    for (uint32_t k = se->first; k < g; k++) {
        if (!has_wclass(an, k, WC_HABITUAL))
            continue;
        for (uint32_t q = k + 1; q <= k + 3 && q < se->last; q++) {
            const mention *v = mention_starting(an, q, LK_EVENT);
            if ((v && ev_class_violent(v->value)) || (q >= t && q < vend))
                return 1;
        }
    }
    return 0;
}

/* Record the group found as e's claimant (cls EV_CLAIM: the first claim
 * stands) or as one of its suspects (once each, at most EV_MAX_SUSPECTS; a
 * named group before the generic nouns blamed: "police believe two suicide
 * bombers were responsible ... a website says Jemaah Islamiyah was
 * responsible" suspects Jemaah Islamiyah first). */
static void record_claim(event *e, int cls, const actor_ref *found)
{
    if (cls == EV_CLAIM) {
        if (!e->has_claim) {
            e->claimed = *found;
            e->has_claim = 1;
            e->nonclaim = 0;
        }
    } else if (e->nsuspected < EV_MAX_SUSPECTS) {
        int dup = 0;
        for (int i = 0; i < e->nsuspected; i++)
            if (strcmp(e->suspected[i].name, found->name) == 0)
                dup = 1;
        if (dup)
            return;
        int at = e->nsuspected;
        while (found->agent_id < 0 && at > 0 && e->suspected[at - 1].agent_id >= 0)
            at--;
        memmove(&e->suspected[at + 1], &e->suspected[at], (size_t)(e->nsuspected - at) * sizeof e->suspected[0]);
        e->suspected[at] = *found;
        e->nsuspected++;
    }
}

/* Is the group a blamed for something other than violence: "of" or "for"
 * at most three words after it, and no word of violence, casualty, responsibility or
 * pointing back in the next six words ("accused the peacekeepers of bringing
 * the disease", "blamed the government for the shortages")? "Accused the
 * rebels of the attack", "blamed X for killing ...", "accused X of carrying it
 * out" stay blame. */
static int blamed_for_other_harm(const analysis *an, const sentence *se, const mention *a)
{
    uint32_t k = a->last; /* "of" may follow a few words on ("the peacekeepers from Nepal of") */
    while (k < se->last && k < a->last + 4 && !(TK(an, k)->flags & TOK_PUNCT) && !isw(an, k, "of") &&
           !isw(an, k, "for"))
        k++;
    if (k >= se->last || !(isw(an, k, "of") || isw(an, k, "for")))
        return 0;
    for (uint32_t q = k + 1; q < se->last && q < k + 7; q++) {
        if (TK(an, q)->flags & TOK_PUNCT)
            break;
        const mention *v = mention_starting(an, q, LK_EVENT);
        if ((v && ev_class_violent(v->value)) || mention_starting(an, q, LK_CASUALTY) ||
            isw(an, q, "it") || isw(an, q, "responsibility") || isw(an, q, "involvement") ||
            isw(an, q, "role") || isw(an, q, "behind") || isw(an, q, "incident") || isw(an, q, "violence") ||
            isw(an, q, "strike") || isw(an, q, "strikes") || isw(an, q, "raid") || isw(an, q, "raids") ||
            isw(an, q, "deaths") || isw(an, q, "death") || isw(an, q, "bloodshed"))
            return 0;
    }
    return 1;
}
/* See resolve_int.h. "Nobody has claimed" marks the event unclaimed until a
 * claim comes; a claim about past or similar attacks is at most a suspicion. */
void sentence_claims(analysis *an, size_t s, event *e)
{
    const sentence *se = &an->td.sents[s];
    for (uint32_t t = se->first; t < se->last; t++) {
        const mention *m = mention_starting(an, t, LK_EVENT);
        int claim_by = isw(an, t, "claimed") && isw(an, t + 1, "by");
        if (!m && !claim_by)
            continue;
        int cls = m ? m->value : EV_CLAIM;
        if (claim_by)
            cls = EV_CLAIM;
        if (cls == EV_NONCLAIM) {
            if (!e->has_claim)
                e->nonclaim = 1;
            continue;
        }
        if (cls != EV_CLAIM && cls != EV_BLAME)
            continue;
        if (cls == EV_BLAME && m && m->last == t + 1 && (isw(an, t, "suspected") || isw(an, t, "suspect")) &&
            suspected_object(an, se, t))
            continue;
        /* "troops killed four fighters believed to be members of X": the
         * participle describes victims named just before it (not "an attack
         * officials blamed on X", where they speak) */
        const mention *described = t > se->first ? mention_covering(an, t - 1, LK_AGENT) : NULL;
        if (cls == EV_BLAME && described && has_wclass(an, t, WC_BELIEF) &&
            suspected_object(an, se, described->first))
            continue;
        const mention *best = claimed_group(an, se, t, m, cls, claim_by);
        actor_ref found;
        if (best && best->kind == LK_AGENT)
            actor_from_agent(an, e, best->value, tspan(an, best->first, best->last), &found);
        else if (best)
            actor_from_named(an, best, &found);
        else if (!unknown_group(an, e, se, &found))
            continue;
        if (habitual_claim(an, se, t, m ? m->last : t + 2, best ? best->first : se->last))
            continue;
        if (cls == EV_BLAME && best && blamed_for_other_harm(an, se, best))
            continue;
        if (about_other_incidents(an, se, t) && cls == EV_CLAIM)
            cls = EV_BLAME;
        record_claim(e, cls, &found);
    }
}
