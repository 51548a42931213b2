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
 *   - a document with no strong word of violence anywhere founds none either.
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
                      or state forces with a strong word ("soldiers opened fire") */
};

/* The evidence level of sentence s (enum pv_level). Linear in its tokens. */
int sentence_pv_level(const analysis *an, size_t s);

/* Does ctx (a sentence's bit set of enum ctx_kind) suppress the violence of a
 * sentence with evidence level pv? Courts, statistics and hypotheticals need an
 * armed party acting to be outweighed (PV_ACTED); accidents, disasters, disease
 * and sport only a strong word (PV_STRONG). */
int context_suppresses(uint32_t ctx, int pv);

/* What the document is about when its headline and lead tell something other
 * than political violence: the enum ctx_kind of the first topic word there
 * (accident, sport, legal, statistics, fiction, business), when no title or
 * lead sentence tells violence outside such a context. 0 for a document about
 * political violence (or about nothing in particular). pv holds each
 * sentence's level. */
int document_topic(const analysis *an, const uint8_t *pv);

#endif
