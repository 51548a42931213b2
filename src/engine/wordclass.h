/*
 * wordclass.h - closed classes of words the extract and resolve stages test
 * tokens against (auxiliaries, units, place cues...). Their words are in
 * data/wordclasses.txt; the lexicon compiles them into a hash table once, and
 * every token then carries a bit set of its classes (tok.wclass), so a rule
 * tests a class with one AND instead of comparing strings.
 *
 * The classes fill two banks of 64 bits: WC_ classes are tok.wclass (bank 0,
 * has_wclass), WC1_ classes tok.wclass1 (bank 1, has_wclass1). A new class
 * takes the next free bit of bank 1.
 */
#ifndef TACITUS_WORDCLASS_H
#define TACITUS_WORDCLASS_H

#include <stdint.h>

/* The classes: one bit each of a token's 64-bit class set. */
#define WC_AUX (UINT64_C(1) << 0) /* may stand between a figure and its casualty word */
#define WC_NOUN_STOP (UINT64_C(1) << 1) /* ends a noun phrase; units that are not people */
#define WC_TOLL (UINT64_C(1) << 2) /* may stand between a casualty verb and its figure */
#define WC_REVISE (UINT64_C(1) << 3) /* a verb of change: "the toll rose to" */
#define WC_AFTER_OK (UINT64_C(1) << 4) /* may follow a figure that counts people */
#define WC_PLACE_STOP (UINT64_C(1) << 5) /* never a one-word place name */
#define WC_PLACE_CUE (UINT64_C(1) << 6) /* introduces a place: "in", "near", "outside" */
#define WC_PLACE_INNER (UINT64_C(1) << 7) /* lowercase word inside a place name: "de", "al" */
#define WC_DETERMINER (UINT64_C(1) << 8) /* makes a trigger anaphoric: "the", "that" */
#define WC_ANAPH_STOP (UINT64_C(1) << 9) /* function words that end an anaphoric noun phrase */
#define WC_NOT_NAME (UINT64_C(1) << 10) /* capitalised but never part of a person's name */
#define WC_PLURAL (UINT64_C(1) << 11) /* plural nouns without a final s: "people", "police" */
#define WC_CELEBRATION (UINT64_C(1) << 12) /* a crowd celebrating is not protesting */
#define WC_CROSS_FIRE (UINT64_C(1) << 13) /* fire that crosses a line: "(Indian) shelling", "drones" */
#define WC_AIR_ARMS (UINT64_C(1) << 14) /* a state's air and naval arms: "(Turkish) warplanes", "raids" */
#define WC_ARMED_MEN (UINT64_C(1) << 15) /* a state's armed men: "(Israeli) troops", "army" */
#define WC_DIRECTION (UINT64_C(1) << 16) /* "northern", "southeast": may stand between a cue and a place */
#define WC_LAND (UINT64_C(1) << 17) /* land a country owns: "(Pakistan's tribal) areas", "north" */
#define WC_CAMPAIGN (UINT64_C(1) << 18) /* a campaign of violence: "crackdown", "unrest", "insurgency" */
#define WC_LEADER (UINT64_C(1) << 19) /* a group's leader: "(Taliban) commander", "chief", "emir" */
#define WC_PLACE_KIND (UINT64_C(1) << 20) /* "the town / village / resort of X": introduces an unknown place */
#define WC_LAW_ASIDE (UINT64_C(1) << 21) /* puts a court or a verdict aside as a place or a cause: "at", "outside", "after", "against" ("clashes after the verdict") */
#define WC_ACT (UINT64_C(1) << 22) /* a verb of what an instrument did: "(warplanes) shell", "fired (rockets)", "(missiles) hit" */
#define WC_CAS_VERB (UINT64_C(1) << 23) /* a casualty verb that takes its victim as object: "killed", "beheaded" */
#define WC_INCIDENTS (UINT64_C(1) << 24) /* plural words for several incidents: "attacks", "bombings" */
#define WC_AIMED_AT (UINT64_C(1) << 25) /* the party after it is on the receiving end: "(fired) at", "on" */
#define WC_LINK_MOD (UINT64_C(1) << 26) /* a named group before it modifies a noun: "(al-Qaida) linked" */
#define WC_BELIEF (UINT64_C(1) << 27) /* a participle of belief: "(fighters) believed (to be members of X)" */
#define WC_SEPARATE (UINT64_C(1) << 28) /* opens a sentence about another incident: "(In a) separate (attack)", "Elsewhere" */
#define WC_INTERVENE (UINT64_C(1) << 29) /* the state breaking up a protest: "(tear) gas", "dispersed", "batons" */
#define WC_FORCE (UINT64_C(1) << 30) /* force that harms: "beat", "beaten", "live (rounds)" */
#define WC_DATE_NAME (UINT64_C(1) << 31) /* capitalised, makes a date a name: "3 March Street", "the May 9 Movement" */
#define WC_DAY_PART (UINT64_C(1) << 32) /* a part of a day: "(Monday) night", "(the next) morning" */
#define WC_TIME_BACK (UINT64_C(1) << 33) /* counts back from the day last named: "two days earlier", "the previous day" */
#define WC_TIME_ON (UINT64_C(1) << 34) /* counts on from the day last named: "a day later", "the following day" */
#define WC_PLACE_ASIDE (UINT64_C(1) << 35) /* tells a target noun as a place beside the victims: "near (his home)", "through (the neighbourhood)" */
#define WC_PLACE_LEAD (UINT64_C(1) << 36) /* a name after it is where something happened: "in", "near", "(militants) attacked", "overran" */
#define WC_AREA_WORD (UINT64_C(1) << 37) /* after a name, an administrative area: "(Ghazni) province" */
#define WC_VENUE_VERB (UINT64_C(1) << 38) /* speaking: "(speaking to reporters) in (Nairobi)" is a venue */
#define WC_MEMBER (UINT64_C(1) << 40) /* a noun of membership whose side is its group's: "(security force) members", "members (of the army)" */
#define WC_SUFFERER (UINT64_C(1) << 42) /* people a disaster or a trial made: "(typhoon) survivors", "(quake) victims" */
#define WC_MEETING (UINT64_C(1) << 39) /* a gathering held somewhere: "(a Thursday) meeting (in Abuja)", "talks (in Geneva)" */
#define WC_AFTER_INCIDENT (UINT64_C(1) << 41) /* after a span of time, opens a clause of an earlier incident: "(a day|hours) after" */
#define WC_RESPOND (UINT64_C(1) << 48) /* a verb of those who respond to violence, not do it: "(police are) investigating", "(soldiers) stand guard" */
#define WC_HABITUAL (UINT64_C(1) << 49) /* quantifies over incidents: "(blames) most (of the attacks on X)", "such (attacks)" */
#define WC_NEGATE (UINT64_C(1) << 50) /* negates the verb after it: "(did) not (agree)", "never" */
#define WC_MODAL (UINT64_C(1) << 51) /* makes the verb after it a possibility or a condition: "may (sanction)", "if" */
#define WC_REFUSE (UINT64_C(1) << 52) /* refuses or denies the act after it: "refused (to meet)", "denied (meeting)" */
#define WC_STATE_ORGAN (UINT64_C(1) << 53) /* after a country, makes it the state that acts: "(Kenya) government", "(Kenyan) officials" */
#define WC_SUBJECT_ASIDE (UINT64_C(1) << 54) /* may stand between a subject and its verb: "(Kenya) today (agreed)", "has" */
#define WC_INTENT (UINT64_C(1) << 55) /* states what its subject is going to do: "(Syria) will (withdraw)", "(said it) would" */
#define WC_INTENT_ADJ (UINT64_C(1) << 56) /* after a copula and before "to", an intent: "(is) ready (to)", "willing" */
#define WC_YIELD_ACT (UINT64_C(1) << 57) /* a verb of yielding after an intent (CAMEO 035): "(will) release", "withdraw" */
#define WC_AID_ACT (UINT64_C(1) << 58) /* a verb of giving aid after an intent (CAMEO 033): "(will) donate", "contribute" */
#define WC_COOP_ACT (UINT64_C(1) << 59) /* a verb of cooperation after an intent (CAMEO 030): "(will) cooperate", "host" */
#define WC_THREAT_ACT (UINT64_C(1) << 60) /* a verb of coercion after an intent (CAMEO 13, a threat): "(will) boycott", "expel" */
#define WC_CONDITION (UINT64_C(1) << 61) /* makes its clause a condition: "if", "unless" */
#define WC_PRONOUN (UINT64_C(1) << 62) /* a personal pronoun that may be a subject: "it", "they" */
#define WC_INVOLVEMENT (UINT64_C(1) << 43) /* people of another's international involvement: "(withdraw the) inspectors", "monitors" */
#define WC_PULL_ACT (UINT64_C(1) << 44) /* a verb that takes people away: "(will) withdraw (the inspectors)", "recall" */
#define WC_MOTION_AFTER (UINT64_C(1) << 45) /* after a verb, makes it a movement, not a handing over: "(return) to", "home" */
#define WC_OBLIGE (UINT64_C(1) << 63) /* states what its subject is obliged to do: "(Libya) must (hand over)" */

/* bank 1 (tok.wclass1, has_wclass1) */
#define WC1_CLAUSE_LINK (UINT64_C(1) << 0) /* opens a subordinate clause: "after", "when", "because" (a verb's object stands before it) */
#define WC1_THREAT_WORD (UINT64_C(1) << 1) /* makes the infinitive after it a threat, not an act: "threatened (to shell)", "vowed" */
#define WC1_ASKS_IF (UINT64_C(1) << 2) /* "if" after it asks, it sets no condition: "unclear if", "asked if" */
#define WC1_HALT_ASKED (UINT64_C(1) << 7) /* asks violence to end: "(to) halt (attacks)", "stop (the killings)" */
#define WC1_LOOT (UINT64_C(1) << 6) /* a word of looting: "looted", "ransacked", "pillaged" */
#define WC1_FREES (UINT64_C(1) << 5) /* sets captives free: "freed (three hostages)", "released" */
#define WC1_PROCURE (UINT64_C(1) << 4) /* tells weapons as goods: "a contract (for 18 fighter jets)", "bought", "delivery" */
#define WC1_PROPOSAL (UINT64_C(1) << 3) /* proposes or seeks what follows, which is no fact: "calls (for a ceasefire)", "proposed (talks)" */

/* The class bit named name in data/wordclasses.txt ("place_cue"), or 0; its
 * bank (0 or 1) in *bank. */
uint64_t word_class_parse(const char *name, int *bank);

/* Every class bit of bank (0 or 1) that has a name: what data/wordclasses.txt
 * must fill. */
uint64_t word_class_all(int bank);

#endif
