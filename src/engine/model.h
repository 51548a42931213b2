/*
 * model.h - the engine's internal records, shared by the extract, resolve and
 * export stages: spans, figures, places, dates, actors, and the event record
 * that the output contract (docs/schema.md) serialises.
 *
 * Everything here lives in the document's arena; strings point either into the
 * document text, into the dictionaries, into the gazetteer map, or into the arena.
 */
#ifndef TACITUS_MODEL_H
#define TACITUS_MODEL_H

#include <stdint.h>

#include "geo.h"
#include "lexicon.h"

/* A byte span [start, end) in the working text (title + "\n\n" + body). */
typedef struct span {
    uint32_t start, end;
} span;

#define FIG_MAX_PARTS 8

/* One casualty figure as written: a number, or several joined by "and". */
typedef struct figure {
    int64_t min;        /* lowest count the words support */
    int64_t max;        /* highest, or -1 for none */
    uint8_t kind;       /* enum cas_kind */
    uint8_t approximate;
    uint8_t revised;    /* "the toll rose to N" */
    uint8_t partial;    /* "including N children": a subset, not a total; or a running total of
                         * a campaign ("the crackdown that has killed 10") */
    uint8_t total;      /* a grand total ("a total of", "in all") */
    uint8_t quoted;     /* inside a quotation: supports an incident, never founds one */
    uint8_t spans_time; /* its sentence counts over a stretch of time or another
                         * time ("since Thursday", "hours earlier", "in the past") */
    uint8_t implied;    /* a zero the words imply, not state: "no injuries" -> no one killed;
                         * counts only when no other figure of its kind does */
    uint8_t vague;      /* only a vague word's value ("dozens killed"): yields to a number */
    uint8_t aggregate;  /* told of several incidents together ("14 killed in attacks",
                         * "bombings killed 110"): yields to a figure of one incident */
    uint8_t elsewhere;  /* told of another incident its sentence recalls ("a day after a
                         * strike killed the commander", "hours after a blast killed 11"):
                         * yields to a figure of the sentence's own incident */
    uint8_t attackers_in; /* the total counts the attackers already ("seven dead, including
                         * all five attackers", "seven dead: two civilians and five
                         * attackers"): a later figure of attackers is not added */
    uint32_t sent;      /* sentence index */
    span ev;            /* evidence */
    int nparts;
    struct {
        int64_t count;
        span who;       /* the noun ("soldiers"); empty when none */
        uint8_t side;   /* enum agent_side of the noun, SIDE_OTHER when unknown */
    } parts[FIG_MAX_PARTS];
} figure;

enum loc_precision { LP_NONE = 0, LP_CITY, LP_ADMIN2, LP_ADMIN1, LP_COUNTRY };

/* A place mention with its chosen gazetteer record. */
typedef struct place_mention {
    uint32_t first, last;   /* tokens */
    span ev;
    geo_place *cand;        /* candidates as looked up (arena, ncand of them) */
    int ncand;
    int chosen;             /* index into cand, -1 if rejected */
    double score;
    uint8_t context_only;   /* a demonym or a name inside an actor: counts for
                               country votes but never becomes an event's place */
    uint8_t dateline;
    uint8_t cue;            /* preceded by in/near/at/outside... (place_cue); 2 when the
                               word makes it where something happened (place_lead:
                               "in", "near", "attacked"), not "from", "to", "and" */
    uint8_t variant;        /* matched by spelling skeleton only (another romanisation):
                               kept only in a country the article is about */
    uint8_t anchor_kind;    /* unresolved places: the geo_kind of the place whose
                               coordinates they borrow ... */
    const char *anchor_name; /* ... and its name */
    uint8_t parent;         /* names the area of a more specific place before it in an
                               address chain ("Kandahar" in "in Qalagai Bala, Kandahar"):
                               the event's place only when that place cannot be */
    uint8_t chain;          /* the most specific place of an address chain */
    uint8_t modifier;       /* modifies the noun after it, not after a cue ("the Kabul
                               government", "Kandahar police"): a weak event place */
    uint8_t meeting;        /* where a gathering was held ("a meeting in Abuja", "talks in
                               Doha"): the place of talks, never of violence */
    uint32_t sent;
} place_mention;

enum date_precision { DP_NONE = 0, DP_DAY, DP_WEEK, DP_MONTH, DP_YEAR };

typedef struct date_ref {
    int y, m, d;        /* start */
    int ey, em, ed;     /* end */
    uint8_t precision;  /* enum date_precision */
    uint8_t assumed;
    uint8_t past;       /* clearly before the publication period */
    uint8_t unknown_year; /* a month named without a year or a publication date:
                             marks the sentence past, never written as a date */
    uint32_t sent;
    span ev;
} date_ref;

typedef struct actor_ref {
    const char *name;   /* canonical output name (arena or dictionary string) */
    uint8_t type;       /* enum actor_type */
    char cc[3];
    int32_t actor_id;   /* lexicon actor or -1 */
    int32_t agent_id;   /* lexicon agent or -1 */
    uint8_t side;       /* enum agent_side */
    span ev;
} actor_ref;

enum ev_field {
    F_TRIGGER, F_EVENT_TYPE, F_DATE, F_LOCATION, F_ACTOR1, F_ACTOR2, F_TARGET, F_KILLED,
    F_WOUNDED, F_KIDNAPPED, F_ARRESTED, F_WEAPONS, F_SUICIDE, F_CLAIMED_BY, F_SUSPECTED,
    F_SOURCES, F_PLOVER_CONTEXT, F_FIELD_MAX
};

#define EV_MAX_EVIDENCE 48
#define EV_MAX_CONTEXT_EV 4
#define EV_MAX_SOURCES 10
#define EV_MAX_SUSPECTS 4
#define EV_MAX_FIGS 12

typedef struct event {
    uint8_t cls;            /* enum ev_class: the dominant trigger */
    uint8_t cls_lead;       /* cls is a tactic the lead (1) or the headline (2) named (resolve.c) */
    uint8_t lead_told;      /* the headline or lead tells it (set by resolve; orders the output) */
    uint8_t title_told;     /* the headline tells it */
    uint64_t classes;       /* bit set of every ev_class seen (1ull << cls) */
    uint8_t background;
    uint8_t violent;
    span trigger;
    uint32_t first_sent;    /* sentence where it was first mentioned */
    uint32_t last_sent;

    date_ref date;
    int has_date;

    const place_mention *place; /* chosen place, or NULL */
    uint8_t cross_fire;     /* actor 1 is a state firing across a line ("Indian shelling") */

    actor_ref actor1, actor2;
    int has_actor1, has_actor2;
    const char *person1;    /* named speaker or actor person, e.g. "Arif Alvi" */
    span person1_ev;

    span target_text;
    uint8_t target_type;    /* enum gtd_target */
    uint8_t prominent_victim; /* a person of note named with his office was its victim or
                                 target ("shot dead Abdul Qadir, the deputy mayor"):
                                 GTD's assassination */

    figure figs[EV_MAX_FIGS]; /* figures as written, all kinds */
    int nfigs;

    uint32_t weapons;       /* bit set of enum gtd_weapon */
    span weapon_ev[4];
    int nweapon_ev;
    uint8_t suicide;
    span suicide_ev;
    uint8_t demo;           /* its sentences also tell of a protest or riot */
    uint8_t riot;           /* ... of a riot or violent demonstration */
    uint8_t group_clash;    /* ... of clashes between groups ("clashes between X and Y") */
    uint8_t state_fought;   /* state forces fought the attackers ("soldiers fought off the assailants") */
    uint8_t intervention;   /* a protest the state met: 1 with tear gas, batons or arrests
                               (ACLED's protest with intervention), 2 with force that killed
                               or injured (excessive force against protesters) */

    actor_ref claimed;
    int has_claim;
    uint8_t nonclaim;       /* the text says nobody claimed */
    actor_ref suspected[EV_MAX_SUSPECTS];
    int nsuspected;

    span sources[EV_MAX_SOURCES];
    int nsources;

    /* derived codes (event_codes.c) */
    uint8_t acled_type, acled_sub, attack_type, attack_type2;
    char cameo[6];          /* an interaction's is its phrase's (interactions.c) */
    const char *plover;     /* PLOVER type ("CONSULT"), or NULL when the code has none */
    const char *plover_mode; /* PLOVER mode ("visit"), or NULL */
    uint32_t pctx;          /* PLOVER contexts its sentence names: bit set of enum pctx (contexts.h) */
    span pctx_ev[EV_MAX_CONTEXT_EV]; /* the phrase that named each of the first ones */
    uint8_t npctx_ev;
} event;

#endif
