/*
 * wordclass.h - closed classes of words the extract and resolve stages test
 * tokens against (auxiliaries, units, place cues...). Their words are in
 * data/wordclasses.txt; the lexicon compiles them into a hash table once, and
 * every token then carries a bit set of its classes (tok.wclass), so a rule
 * tests a class with one AND instead of comparing strings.
 */
#ifndef TACITUS_WORDCLASS_H
#define TACITUS_WORDCLASS_H

#include <stdint.h>

enum word_class {
    WC_AUX = 1u << 0,         /* may stand between a figure and its casualty word */
    WC_NOUN_STOP = 1u << 1,   /* ends a noun phrase; units that are not people */
    WC_TOLL = 1u << 2,        /* may stand between a casualty verb and its figure */
    WC_REVISE = 1u << 3,      /* a verb of change: "the toll rose to" */
    WC_AFTER_OK = 1u << 4,    /* may follow a figure that counts people */
    WC_PLACE_STOP = 1u << 5,  /* never a one-word place name */
    WC_PLACE_CUE = 1u << 6,   /* introduces a place: "in", "near", "outside" */
    WC_PLACE_INNER = 1u << 7, /* lowercase word inside a place name: "de", "al" */
    WC_DETERMINER = 1u << 8,  /* makes a trigger anaphoric: "the", "that" */
    WC_ANAPH_STOP = 1u << 9,  /* function words that end an anaphoric noun phrase */
    WC_NOT_NAME = 1u << 10,   /* capitalised but never part of a person's name */
    WC_PLURAL = 1u << 11,     /* plural nouns without a final s: "people", "police" */
    WC_CELEBRATION = 1u << 12, /* a crowd celebrating is not protesting */
    WC_CROSS_FIRE = 1u << 13,  /* fire that crosses a line: "(Indian) shelling", "drones" */
    WC_AIR_ARMS = 1u << 14,    /* a state's air and naval arms: "(Turkish) warplanes", "raids" */
    WC_ARMED_MEN = 1u << 15,   /* a state's armed men: "(Israeli) troops", "army" */
    WC_DIRECTION = 1u << 16,   /* "northern", "southeast": may stand between a cue and a place */
    WC_LAND = 1u << 17,        /* land a country owns: "(Pakistan's tribal) areas", "north" */
    WC_CAMPAIGN = 1u << 18,    /* a campaign of violence: "crackdown", "unrest", "insurgency" */
    WC_LEADER = 1u << 19,      /* a group's leader: "(Taliban) commander", "chief", "emir" */
    WC_PLACE_KIND = 1u << 20,  /* "the town / village / resort of X": introduces an unknown place */
    WC_LAW_ASIDE = 1u << 21,   /* puts a court or a verdict aside as a place or a cause: "at",
                                  "outside", "after", "against" ("clashes after the verdict") */
    WC_ACT = 1u << 22,         /* a verb of what an instrument did: "(warplanes) shell",
                                  "fired (rockets)", "(missiles) hit" */
    WC_CAS_VERB = 1u << 23,    /* a casualty verb that takes its victim as object: "killed", "beheaded" */
    WC_INCIDENTS = 1u << 24,   /* plural words for several incidents: "attacks", "bombings" */
    WC_AIMED_AT = 1u << 25,    /* the party after it is on the receiving end: "(fired) at", "on" */
    WC_LINK_MOD = 1u << 26,    /* a named group before it modifies a noun: "(al-Qaida) linked" */
    WC_BELIEF = 1u << 27,      /* a participle of belief: "(fighters) believed (to be members of X)" */
    WC_SEPARATE = 1u << 28,    /* opens a sentence about another incident: "(In a) separate (attack)",
                                  "Elsewhere" */
    WC_INTERVENE = 1u << 29,   /* the state breaking up a protest: "(tear) gas", "dispersed", "batons" */
    WC_FORCE = 1u << 30,       /* force that harms: "beat", "beaten", "live (rounds)" */
};

/* The class bit named name in data/wordclasses.txt ("place_cue"), or 0. */
uint32_t word_class_parse(const char *name);

/* Every class bit that has a name: what data/wordclasses.txt must fill. */
uint32_t word_class_all(void);

#endif
