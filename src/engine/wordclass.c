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
} class_names[] = {
    {"aux", WC_AUX},
    {"noun_stop", WC_NOUN_STOP},
    {"toll", WC_TOLL},
    {"revise", WC_REVISE},
    {"after_ok", WC_AFTER_OK},
    {"place_stop", WC_PLACE_STOP},
    {"place_cue", WC_PLACE_CUE},
    {"place_inner", WC_PLACE_INNER},
    {"determiner", WC_DETERMINER},
    {"anaph_stop", WC_ANAPH_STOP},
    {"not_name", WC_NOT_NAME},
    {"plural", WC_PLURAL},
    {"celebration", WC_CELEBRATION},
    {"cross_fire", WC_CROSS_FIRE},
    {"air_arms", WC_AIR_ARMS},
    {"armed_men", WC_ARMED_MEN},
    {"direction", WC_DIRECTION},
    {"land", WC_LAND},
    {"campaign", WC_CAMPAIGN},
    {"leader", WC_LEADER},
    {"place_kind", WC_PLACE_KIND},
    {"law_aside", WC_LAW_ASIDE},
    {"act", WC_ACT},
    {"cas_verb", WC_CAS_VERB},
    {"incidents", WC_INCIDENTS},
    {"aimed_at", WC_AIMED_AT},
    {"link_mod", WC_LINK_MOD},
    {"belief", WC_BELIEF},
    {"respond", WC_RESPOND},
    {"habitual", WC_HABITUAL},
    {"separate", WC_SEPARATE},
    {"intervene", WC_INTERVENE},
    {"force", WC_FORCE},
    {"sufferer", WC_SUFFERER},
    {"place_aside", WC_PLACE_ASIDE},
    {"date_name", WC_DATE_NAME},
    {"day_part", WC_DAY_PART},
    {"time_back", WC_TIME_BACK},
    {"time_on", WC_TIME_ON},
    {"place_lead", WC_PLACE_LEAD},
    {"area_word", WC_AREA_WORD},
    {"venue_verb", WC_VENUE_VERB},
    {"member", WC_MEMBER},
    {"after_incident", WC_AFTER_INCIDENT},
    {"meeting", WC_MEETING},
    {"negate", WC_NEGATE},
    {"modal", WC_MODAL},
    {"refuse", WC_REFUSE},
    {"state_organ", WC_STATE_ORGAN},
    {"subject_aside", WC_SUBJECT_ASIDE},
    {"clause_link", WC_CLAUSE_LINK},
    {"threat_word", WC_THREAT_WORD},
    {"intent", WC_INTENT},
    {"intent_adj", WC_INTENT_ADJ},
    {"yield_act", WC_YIELD_ACT},
    {"aid_act", WC_AID_ACT},
    {"coop_act", WC_COOP_ACT},
    {"threat_act", WC_THREAT_ACT},
    {"condition", WC_CONDITION},
    {"pronoun", WC_PRONOUN},
    {"oblige", WC_OBLIGE},
    {"involvement", WC_INVOLVEMENT},
    {"pull_act", WC_PULL_ACT},
    {"motion_after", WC_MOTION_AFTER},
};

/* See wordclass.h. */
uint64_t word_class_parse(const char *name)
{
    for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++)
        if (strcmp(class_names[i].name, name) == 0)
            return class_names[i].cls;
    return 0;
}

/* See wordclass.h. */
uint64_t word_class_all(void)
{
    uint64_t all = 0;
    for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++)
        all |= class_names[i].cls;
    return all;
}
