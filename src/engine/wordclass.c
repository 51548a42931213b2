/*
 * wordclass.c - the names of the word classes in wordclass.h, as
 * data/wordclasses.txt spells them. The words themselves live in that file, so
 * an analyst extends a class without recompiling; the lexicon loads it.
 */
#include "wordclass.h"

#include <stddef.h>
#include <string.h>

static const struct {
    const char *name;
    uint64_t cls;
    int bank; /* 0: WC_ (tok.wclass), 1: WC1_ (tok.wclass1) */
} class_names[] = {
    {"aux", WC_AUX, 0},
    {"noun_stop", WC_NOUN_STOP, 0},
    {"toll", WC_TOLL, 0},
    {"revise", WC_REVISE, 0},
    {"after_ok", WC_AFTER_OK, 0},
    {"place_stop", WC_PLACE_STOP, 0},
    {"place_cue", WC_PLACE_CUE, 0},
    {"place_inner", WC_PLACE_INNER, 0},
    {"determiner", WC_DETERMINER, 0},
    {"anaph_stop", WC_ANAPH_STOP, 0},
    {"not_name", WC_NOT_NAME, 0},
    {"plural", WC_PLURAL, 0},
    {"celebration", WC_CELEBRATION, 0},
    {"cross_fire", WC_CROSS_FIRE, 0},
    {"air_arms", WC_AIR_ARMS, 0},
    {"armed_men", WC_ARMED_MEN, 0},
    {"direction", WC_DIRECTION, 0},
    {"land", WC_LAND, 0},
    {"campaign", WC_CAMPAIGN, 0},
    {"leader", WC_LEADER, 0},
    {"place_kind", WC_PLACE_KIND, 0},
    {"law_aside", WC_LAW_ASIDE, 0},
    {"act", WC_ACT, 0},
    {"cas_verb", WC_CAS_VERB, 0},
    {"incidents", WC_INCIDENTS, 0},
    {"aimed_at", WC_AIMED_AT, 0},
    {"link_mod", WC_LINK_MOD, 0},
    {"belief", WC_BELIEF, 0},
    {"respond", WC_RESPOND, 0},
    {"habitual", WC_HABITUAL, 0},
    {"separate", WC_SEPARATE, 0},
    {"intervene", WC_INTERVENE, 0},
    {"force", WC_FORCE, 0},
    {"sufferer", WC_SUFFERER, 0},
    {"place_aside", WC_PLACE_ASIDE, 0},
    {"date_name", WC_DATE_NAME, 0},
    {"day_part", WC_DAY_PART, 0},
    {"time_back", WC_TIME_BACK, 0},
    {"time_on", WC_TIME_ON, 0},
    {"place_lead", WC_PLACE_LEAD, 0},
    {"area_word", WC_AREA_WORD, 0},
    {"venue_verb", WC_VENUE_VERB, 0},
    {"member", WC_MEMBER, 0},
    {"after_incident", WC_AFTER_INCIDENT, 0},
    {"meeting", WC_MEETING, 0},
    {"negate", WC_NEGATE, 0},
    {"modal", WC_MODAL, 0},
    {"refuse", WC_REFUSE, 0},
    {"state_organ", WC_STATE_ORGAN, 0},
    {"subject_aside", WC_SUBJECT_ASIDE, 0},
    {"intent", WC_INTENT, 0},
    {"intent_adj", WC_INTENT_ADJ, 0},
    {"yield_act", WC_YIELD_ACT, 0},
    {"aid_act", WC_AID_ACT, 0},
    {"coop_act", WC_COOP_ACT, 0},
    {"threat_act", WC_THREAT_ACT, 0},
    {"condition", WC_CONDITION, 0},
    {"pronoun", WC_PRONOUN, 0},
    {"oblige", WC_OBLIGE, 0},
    {"involvement", WC_INVOLVEMENT, 0},
    {"pull_act", WC_PULL_ACT, 0},
    {"motion_after", WC_MOTION_AFTER, 0},
    {"clause_link", WC1_CLAUSE_LINK, 1},
    {"threat_word", WC1_THREAT_WORD, 1},
    {"asks_if", WC1_ASKS_IF, 1},
    {"proposal", WC1_PROPOSAL, 1},
    {"procure", WC1_PROCURE, 1},
    {"frees", WC1_FREES, 1},
    {"loot", WC1_LOOT, 1},
    {"halt_asked", WC1_HALT_ASKED, 1},
};

/* See wordclass.h. */
uint64_t word_class_parse(const char *name, int *bank)
{
    for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++)
        if (strcmp(class_names[i].name, name) == 0) {
            *bank = class_names[i].bank;
            return class_names[i].cls;
        }
    *bank = 0;
    return 0;
}

/* See wordclass.h. */
uint64_t word_class_all(int bank)
{
    uint64_t all = 0;
    for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++)
        if (class_names[i].bank == bank)
            all |= class_names[i].cls;
    return all;
}
