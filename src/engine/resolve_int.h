/*
 * resolve_int.h - what the files of the resolve stage share, internal to it:
 * the per-sentence frame, the builder that the passes of resolve_run take
 * (resolve.c), and the functions one file of the stage offers the others:
 * the event's place (event_place.c), actors (actors.c), claims, suspects and
 * sources (attribution.c), standalone non-violent events (statements.c) and
 * codes (event_codes.c).
 */
#ifndef TACITUS_RESOLVE_INT_H
#define TACITUS_RESOLVE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "resolve.h"
#include "rules.h"

/* ------------------------------------------------------------------ */
/* classes                                                              */

/* Events of their own that are not violence. */
static inline int ev_class_standalone(int c)
{
    switch (c) {
    case EV_ARREST: case EV_PROTEST: case EV_RIOT: case EV_CONDEMN: case EV_PRAISE:
    case EV_NEGOTIATE: case EV_THREATEN: case EV_CEASEFIRE: case EV_AGREEMENT:
    case EV_HUNGER_STRIKE: case EV_LOOTING: case EV_DEFUSED:
        return 1;
    default:
        return 0;
    }
}

/* 1 when class c is among the event's classes. */
static inline int has_class(const event *e, int c) { return (e->classes >> c) & 1ull; }

/* ------------------------------------------------------------------ */
/* the state the passes share (resolve.c)                               */

/* Per-sentence view used while grouping. */
typedef struct frame {
    int violent;          /* has a violent trigger or a killed/wounded figure */
    int anaphoric_only;   /* every violent trigger is "the/that attack" and no figures */
    int background;
    int suppressed;       /* a context outweighs its evidence (evidence.h: a trial,
                           * statistics, a hypothesis; an accident or sport unless the
                           * sentence names violence with a strong word), or a caption */
    int event;            /* index of the event it joined, -1 */
    int separate;         /* it opens as another incident: "In a separate attack, ..." */
    int contemporary;     /* its founding triggers all tell another incident of the
                           * same time: "on the same day that a bomb ripped through" */
    uint32_t best_trigger_first, best_trigger_last;
    int best_class;
    uint64_t classes;
} frame;

/* A set of sentences, in text order. */
typedef struct sentset {
    const uint32_t *s;
    size_t n;
} sentset;

/* Place mentions grouped by sentence: places of sentence s are
 * idx[start[s] .. start[s+1]). Built once per document. other[0..nother):
 * the current sentences of no event with a usable place, in text order (the
 * places an event may borrow: choose_event_place), set by
 * index_other_places. */
typedef struct place_index {
    uint32_t *start;
    uint32_t *idx;
    uint32_t *other;
    size_t nother;
} place_index;

/* The most events one document founds (violent incidents and standalone
 * events together): a news report tells a few dozen at most; a document
 * beyond it (a 10 MB list of separate attacks) keeps its first ones, and
 * doc.warnings says how many sentences founded none (memory stays bounded:
 * an event takes about 3.4 KB). */
#define EV_MAX_DOC 2000

/* What the passes of resolve_run read and write, in the order they set it. */
typedef struct builder {
    analysis *an;
    event *ev;            /* the events so far (arena array, grown by new_event) */
    size_t n, cap;
    frame *fr;            /* one frame per sentence; fr[s].event is the event sentence s joined */
    int main_ev;          /* the current (not background) violent incident, or -1 */
    int *src_event;       /* per sentence: the incident a sentence that only reports gives its
                           * sources to, or -1 */
    size_t nviolent;      /* events [0, nviolent) are the violent incidents (before the
                           * salience filter; after it, the ones kept) */
    int *sent_event;      /* per sentence: fr[s].event as it stood when the incidents were
                           * filled (indices from before the salience filter) */
    place_index pidx;     /* the place mentions by sentence */
    uint32_t lead_end;    /* one past the last lead sentence (sent_info.lead) */
    size_t over_cap;      /* sentences and triggers that founded no event: EV_MAX_DOC reached */
    uint8_t *pv;          /* per sentence: its evidence of political violence (enum pv_level) */
    int topic;            /* what the document is about when its headline and lead tell
                           * no political violence (enum ctx_kind: an accident, sport, a
                           * trial...), else 0 (evidence.h, document_topic) */
    int found_level;      /* the least evidence a sentence needs to found the current
                           * incident: PV_STRONG in a document with a topic, else PV_WEAK */
    int sep_ev;           /* the latest separate current incident ("In a separate attack"),
                           * or -1 ... */
    uint32_t sep_line;    /* ... and the paragraph it was told in */
} builder;

/* Append a zeroed event of class cls, first seen in sentence s, to b, growing
 * the array. NULL on arena exhaustion. */
event *new_event(builder *b, int cls, int background, size_t s);

/* Copy the figures of sentence s into e (at most EV_MAX_FIGS in all). */
void add_figures(const analysis *an, event *e, size_t s);

/* Date e by the publication date (day precision, assumed). */
void assume_publication_date(const analysis *an, event *e);

/* ------------------------------------------------------------------ */
/* the event's place (event_place.c)                                    */

/* Build *pi, the place mentions grouped by sentence (a counting sort). Returns
 * 0, or -1 on arena exhaustion. */
int build_place_index(analysis *an, place_index *pi);

/* Set pi->other from sent_event (the event each sentence belongs to, or -1),
 * which must not change afterwards. Returns 0, or -1 on arena exhaustion. */
int index_other_places(analysis *an, place_index *pi, const int *sent_event);

/* Choose the event's place. Candidates: the places of its own sentences; for a
 * current violent event also the places of current sentences that belong to
 * no event (the lead often names the country, a later sentence the town), at
 * a cost. sent_event[s] is the event sentence s belongs to, or -1, as
 * index_other_places read it. */
void choose_event_place(const analysis *an, event *e, sentset own, const place_index *pi,
                        const int *sent_event);

/* The article's most salient real place (not a dateline, not in a past
 * sentence), for current events whose sentences name none. */
const place_mention *article_place(analysis *an);

/* When no place of the event or the article can be used, the article's
 * dominant country (from a country name or a demonym), at country precision. */
const place_mention *country_place(analysis *an);

/* Fire across a line lands on the other side (see event_place.c). */
void cross_border_place(analysis *an, event *e);

/* ------------------------------------------------------------------ */
/* actors (actors.c)                                                    */

/* Country name for generic actor templates: the event's country, else the
 * article's; cc gets its code ("" when none). NULL when none is known. */
const char *event_country_name(const analysis *an, const event *e, char cc[3]);

/* Fill *r from a dictionary actor mention. */
void actor_from_named(const analysis *an, const mention *m, actor_ref *r);

/* Fill *r from generic agent `agent` with evidence ev ("Police Forces of Pakistan"). */
void actor_from_agent(analysis *an, const event *e, int32_t agent, span ev, actor_ref *r);

/* Is the named group m a modifier of what follows ("al-Qaida linked militants")? */
int modifier_group(const analysis *an, const mention *m);

/* Does token t of sentence se stand in a clause about an earlier incident the
 * sentence's own is measured from or answers ("a few days after herders
 * clashed with the rebels", "in retaliation for a rocket attack")? (resolve.c) */
int earlier_incident_clause(const analysis *an, const sentence *se, uint32_t t);

/* Fill actor1, the target and actor2 of a violent event from its sentences
 * (pi: the place mentions by sentence). */
void assign_actors(analysis *an, const place_index *pi, event *e, sentset set);

/* ------------------------------------------------------------------ */
/* claims, suspects and sources (attribution.c)                         */

/* Is token t part of a person's name (a capitalised word no dictionary claims)? */
int name_word(const analysis *an, uint32_t t);

/* Claims in sentence s ("X claimed responsibility", "claimed by X") and blame
 * ("police blamed X"), added to e as its claimant or its suspects. */
void sentence_claims(analysis *an, size_t s, event *e);

/* Sources of the tokens [from, to) of sentence s, added to e. */
void clause_sources(const analysis *an, size_t s, event *e, uint32_t from, uint32_t to);

/* Sources anywhere in sentence s, added to e. */
void sentence_sources(const analysis *an, size_t s, event *e);

/* ------------------------------------------------------------------ */
/* standalone non-violent events (statements.c)                         */

/* Add the statements, protests, talks, threats and arrests of the article,
 * one per class per sentence, while fewer than EV_MAX_DOC events stand (a
 * trigger beyond is counted in b->over_cap). Returns 0, or -1 on arena
 * exhaustion. */
int standalone_events(builder *b);

/* The clause of sentence s around token t: tokens [*from, *to). */
void clause_bounds(const analysis *an, size_t s, uint32_t t, uint32_t *from, uint32_t *to);

/* Actor 1 of a statement or interaction whose trigger is token trig of
 * sentence s: the nearest named actor, office or agent before it in its
 * clause (pi: the place mentions by sentence). */
void statement_actor(analysis *an, const place_index *pi, event *e, size_t s, uint32_t trig);

/* Date a standalone event of sentence s: the sentence's date when it stands
 * in the trigger's clause [cf, ct), else the publication date for a current
 * one (bg 0). */
void standalone_date(const analysis *an, event *e, size_t s, uint32_t cf, uint32_t ct, int bg);

/* Does "had" stand just before token t of sentence se (a pluperfect)? */
int pluperfect(const analysis *an, const sentence *se, uint32_t t);

/* ------------------------------------------------------------------ */
/* political interactions (interactions.c)                              */

/* Add the political interactions of the article (vocab.txt kind
 * "interaction": consult, appeal, agree, aid, demand, reject, sanction ...):
 * at most one per clause, the first interaction phrase of the clause, unless
 * a negation, a modal or a refusal stands just before it, or the sentence
 * already has an event of that PLOVER type. Run after the codes are assigned.
 * Returns 0, or -1 on arena exhaustion. */
int interaction_events(builder *b);

/* A new interaction event of entry x whose trigger is the phrase m in the
 * clause [cf, ct) of sentence s, dated and placed but without its parties
 * (interactions.c). Returns the event, or NULL on arena exhaustion. */
event *interaction_event(builder *b, size_t s, const mention *m, const lex_interaction *x, uint32_t cf,
                         uint32_t ct);
/* Add the CAMEO verbs (the verb dictionary, verbdict.h) that stand between
 * two parties, one per sentence, outside the phrases interaction_events
 * coded (dyads.c). Run after interaction_events. Returns 0, or -1 on arena
 * exhaustion. */
int dyad_events(builder *b);
/* The party among tokens [from, to) of sentence s that comes first: a named
 * actor, a generic agent (named for event e; not event e's actor 1's own
 * forces: "sent troops to Somalia"), an international body ("the African
 * Union"), or a country named as a recipient, also after "to" or "with" but
 * not after "in" or "from" ("accused Rwanda of backing the rebels": Rwanda,
 * not the rebels). Into *r; returns 1 when found. A
 * reporting verb and its speaker end the look ("..., Kenyan officials said").
 * (interactions.c) */
int first_party_after(builder *b, const event *e, size_t s, uint32_t from, uint32_t to, actor_ref *r);
/* Does token w refuse (word class refuse: "refused", "denied", "ruled out";
 * "ruled" only before "out")? (interactions.c) */
int refusal_at(const analysis *an, uint32_t w);
/* The state of the country after "and" among tokens (from, to) of sentence s
 * that is not first's ("Israel and Lebanon renewed negotiations": Lebanon),
 * into *r; returns 1 when found. (interactions.c) */
int compound_partner(builder *b, size_t s, uint32_t from, uint32_t to, const actor_ref *first, actor_ref *r);

/* contexts.c: give each event with a PLOVER type the PLOVER contexts that the
 * phrases of data/plover-contexts.txt name in its trigger's sentence, with the
 * first phrases as evidence. */
void plover_context_pass(builder *b);
/* How far before its verb a negation, a modal, a refusal or an intent still
 * governs it ("did not formally agree", "may soon impose"). */
#define GOVERN_WINDOW 4
/* Is pm a country named as a country (a name or a demonym) after no place
 * cue, or (loose 1) after none that makes it where something happened ("and
 * Uganda" but not "in Uganda")? (interactions.c) */
int country_named(const place_mention *pm, int loose);
/* The condition of the clause [cf, ct): 0 when no condition word stands in
 * it, 1 when only "unless" ("will boycott the vote unless ...": the form of
 * a threat, CAMEO 13), 2 for any other ("if", "whether"). (interactions.c) */
int clause_condition(const analysis *an, uint32_t cf, uint32_t ct);
/* Does a negation, a modal or a refusal (word classes negate, modal, refuse)
 * stand among the few tokens before token t, within the clause starting at
 * from ("has not agreed", "might sanction", "refused to meet")? */
int governed_away(const analysis *an, uint32_t from, uint32_t t);

/* The state that is the subject of the verb at token verb of sentence s (a
 * country or demonym heading its clause, alone or with words of its state:
 * "Pakistan today rejected", "the Kenyan government agreed") as the actor
 * "Government of X" into *r (interactions.c). Returns 1 when found, else 0
 * (also on arena exhaustion). */
int state_subject(analysis *an, const place_index *pi, size_t s, uint32_t verb, actor_ref *r);

/* ------------------------------------------------------------------ */
/* codes (event_codes.c)                                                */

/* Set e's ACLED event and sub-event types, GTD attack types and CAMEO code. */
void assign_codes(event *e);

#endif
