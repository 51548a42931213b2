/*
 * evidence.h - how strongly each sentence tells political violence, and what
 * a document is about. Read by the resolve stage before it founds incidents:
 *
 *   - a context word (a match, a court, an earthquake) suppresses a sentence's
 *     violence only when the sentence's evidence is weaker than the context:
 *     "Gunmen stormed a stadium during a match" is an attack, "the striker's
 *     shot killed off the contest" is not;
 *   - a document whose headline and lead are about an accident, a disaster,
 *     sport, a film, business or a court case, and tell no political violence,
 *     founds no incident from weak words ("killed", "explosion", "battle") or
 *     casualty counts alone;
 *   - a document with no strong word of violence anywhere founds none either;
 *   - an ordinary crime (a robbery, a domestic dispute, a drunk driver, a bar
 *     brawl) founds no incident unless an armed group (a named group, bandits,
 *     a gang, a cartel, a militia), a crowd or state forces other than the
 *     arresting police act in its sentence: GTD excludes crime without a
 *     political goal, ACLED codes organised armed groups and mob violence.
 *
 * The words are data: vocab.txt's "weak" phrases and its context phrases.
 */
#ifndef TACITUS_EVIDENCE_H
#define TACITUS_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "extract.h"

/* The evidence a sentence gives for political violence, weakest first. */
enum pv_level {
    PV_NONE = 0,   /* no word of violence */
    PV_WEAK = 1,   /* only words that also tell of accidents, sport, fiction or business
                      ("killed", "explosion", "attack", "battle"), or casualty counts */
    PV_ARMED = 2,  /* weak words with an armed party named ("three soldiers killed") */
    PV_STRONG = 3, /* a word used only of violence or protest ("bomb", "ambushed",
                      "gunfire", "beheaded", "tear gas") */
    PV_ACTED = 4,  /* an armed party and violence: a hostile agent ("gunmen",
                      "militants") or a named armed group with any word of violence,
                      or state forces or a crowd with a strong word ("soldiers opened
                      fire", "protesters hurled petrol bombs") */
};

/* Is the mention m (a trigger or weapon) weak: the same phrase is listed as a
 * weak word ("explosion", "killed", "rally")? */
int weak_phrase(const analysis *an, const mention *m);

/* The evidence level of sentence s (enum pv_level). Linear in its tokens. In
 * a crime sentence (context crime) a generic doer ("robbers", "attackers") and
 * the police who arrest are no party, an armed group or a crowd acts whatever
 * its word; a violence word whose object is the doer's own kin ("shot his
 * wife") with no party in the sentence is PV_NONE. */
int sentence_pv_level(const analysis *an, size_t s);

/* Does sentence s carry a date of its own in the current period, to the day or
 * the week ("on Saturday", "on 3 March 2024", "last week"; not "in 1968")? */
int sentence_dated_now(const analysis *an, size_t s);

/* Does ctx (a sentence's bit set of enum ctx_kind) suppress the violence of a
 * sentence with evidence level pv (dated: sentence_dated_now)? Courts,
 * statistics and hypotheticals always do; accidents, disasters, disease and
 * sport unless a strong word outweighs them ("a bomb killed two soldiers on
 * flood relief duty"); films and business unless an armed party acts, or a
 * strong word comes with a day of its own ("a bomb exploded at a cinema on
 * Saturday", not "the film's final shelling sequence"); an ordinary crime
 * unless an armed party acts (PV_ACTED). */
int context_suppresses(uint32_t ctx, int pv, int dated);

/* What the document is about when its headline and lead tell something other
 * than political violence: the enum ctx_kind of the first topic word there
 * (accident, sport, legal, statistics, fiction, business, crime, or past for an
 * anniversary or memorial), when no title or lead sentence tells violence
 * outside such a context (an armed party acting, or a strong word in a
 * sentence without a topic word, and not suppressed by its context). 0 for a
 * document about political violence (or about nothing in particular). pv
 * holds each sentence's level. */
int document_topic(const analysis *an, const uint8_t *pv);

#endif
