/*
 * lexicon.h - every dictionary tacitus reads (named armed groups, state forces,
 * generic agents, officials' titles, the event vocabulary, and the built-in time
 * words), compiled at start-up into one hash table of folded token n-grams, and
 * the single scan that finds all their mentions in a tokenised document.
 *
 * Dictionaries are plain text a user edits without recompiling (formats in
 * docs/dictionaries.md). Loading one that is malformed fails with a one-line
 * error naming the file and line.
 */
#ifndef TACITUS_LEXICON_H
#define TACITUS_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "actor_codes.h"
#include "arena.h"
#include "text.h"
#include "contexts.h"
#include "verbdict.h"

enum lex_kind {
    LK_ACTOR = 1, /* named group or state force: id into lexicon.actors */
    LK_AGENT,     /* generic actor noun: id into lexicon.agents */
    LK_TITLE,     /* official's title: id into lexicon.titles */
    LK_EVENT,     /* event trigger: value = enum ev_class */
    LK_CASUALTY,  /* value = enum cas_kind */
    LK_WEAPON,    /* value = enum gtd_weapon */
    LK_TARGET,    /* value = enum gtd_target */
    LK_REPORT,    /* reporting verb */
    LK_CONTEXT,   /* value = enum ctx_kind */
    LK_VAGUE,     /* vague quantity; value = ACLED number */
    LK_NUMBER,    /* number word; value = number */
    LK_HEDGE,     /* value = enum hedge_kind */
    LK_PAST,      /* explicit past marker */
    LK_MONTH,     /* value 1..12 */
    LK_WEEKDAY,   /* value 0 (Monday) .. 6 (Sunday) */
    LK_TIMEWORD,  /* value = enum time_word */
    LK_WEAK,      /* a trigger or weapon phrase that also tells of accidents, disasters,
                     sport, fiction or business ("explosion", "killed", "attack") */
    LK_INSTRUMENT, /* a trigger that names a weapon or platform, not an act ("fighter
                      jets", "missiles"): it founds an incident only with a casualty,
                      a target or a word of the act */
    LK_INTERACTION, /* a verb phrase of a political interaction (CAMEO, PLOVER): id into
                       the lexicon's interaction table (lexicon_interaction) */
    LK_PARTY,     /* a political actor of the CAMEO dictionaries (a state, a government,
                     a person, an organisation): id into lexicon.actors (is_party) */
    LK_VERB,      /* a CAMEO verb coded between two parties: id into the verb
                     dictionary (lexicon_verbs, verbdict.h) */
    LK_DISCARD,   /* a word whose sentence (value 0) or document (1) codes no CAMEO verb */
    LK_KIND_MAX
};

/* Internal event taxonomy; mapped to ACLED, CAMEO and GTD in event_codes.c. */
enum ev_class {
    EV_NONE = 0, EV_ATTACK, EV_BOMBING, EV_SUICIDE, EV_AIRSTRIKE, EV_SHELLING, EV_GRENADE,
    EV_CLASH, EV_SHOOTING, EV_KILLING, EV_ASSASSINATION, EV_KIDNAP, EV_ARSON, EV_SEXUAL,
    EV_ARREST, EV_PROTEST, EV_RIOT, EV_CLAIM, EV_DENY, EV_NONCLAIM, EV_BLAME, EV_CONDEMN,
    EV_PRAISE, EV_NEGOTIATE, EV_THREATEN, EV_CEASEFIRE, EV_AGREEMENT, EV_HUNGER_STRIKE,
    EV_DISPLACEMENT, EV_LANDMINE, EV_IED, EV_VBIED, EV_CHEMICAL, EV_HIJACK, EV_SIEGE,
    EV_LOOTING, EV_DEFUSED, EV_INTERACTION, EV_CLASS_MAX
};
/* event.classes is a 64-bit set of these */
_Static_assert(EV_CLASS_MAX <= 64, "ev_class must fit a uint64_t bit set");

enum cas_kind { CAS_NONE = 0, CAS_KILLED, CAS_WOUNDED, CAS_CASUALTIES, CAS_KIDNAPPED,
                CAS_MISSING, CAS_ARRESTED, CAS_DISPLACED, CAS_RESCUED, CAS_RELEASED, CAS_MAX };

/* CTX_FICTION and CTX_BUSINESS name what a document is about (a film, a trade
 * war); unlike the others they never suppress a sentence's violence. */
/* CTX_CRIME: an ordinary crime (a robbery, a domestic dispute, a drunk driver);
 * CTX_IDIOM: a fixed phrase that only looks violent ("panic attack", "killer app",
 * "riot of colour"): it hides its violent word and suppresses nothing. */
enum ctx_kind { CTX_NONE = 0, CTX_PAST, CTX_LEGAL, CTX_ACCIDENT, CTX_SPORT, CTX_STATISTICS,
                CTX_HYPOTHETICAL, CTX_NEGATION, CTX_FICTION, CTX_BUSINESS, CTX_CRIME, CTX_IDIOM,
                CTX_MAX };

enum hedge_kind { HEDGE_NONE = 0, HEDGE_MIN, HEDGE_GT, HEDGE_APPROX, HEDGE_MAX };

enum time_word { TW_NONE = 0, TW_TODAY, TW_YESTERDAY, TW_TOMORROW, TW_TONIGHT, TW_LAST_NIGHT,
                 TW_THIS_MORNING, TW_LAST_WEEK, TW_LAST_MONTH, TW_LAST_YEAR, TW_THIS_WEEK,
                 TW_THIS_MONTH, TW_THIS_YEAR, TW_EARLIER_THIS_YEAR, TW_EARLIER_THIS_MONTH,
                 TW_AGO, TW_WEEKEND, TW_DAY_BEFORE_YESTERDAY };

/* ACLED actor types, in the order of ACLED's inter codes 1..8, plus unknown. */
enum actor_type { AT_UNKNOWN = 0, AT_STATE, AT_REBEL, AT_POLMIL, AT_IDMIL, AT_RIOTERS,
                  AT_PROTESTERS, AT_CIVILIANS, AT_EXTERNAL, AT_MAX };

enum agent_side { SIDE_OTHER = 0, SIDE_STATE, SIDE_HOSTILE, SIDE_CIVILIAN, SIDE_DEMO };

enum title_type { TT_STATE = 1, TT_NONSTATE, TT_CIVIL, TT_INTERNATIONAL };

typedef struct lex_actor {
    const char *name;     /* canonical name */
    uint8_t type;         /* enum actor_type */
    char cc[3];           /* ISO alpha-2 or "" */
    int32_t parent;       /* index of the parent actor or -1 */
    uint8_t is_force;     /* from forces.txt */
    char code[CAMEO_CODE_MAX]; /* CAMEO actor code: the CODE column, else
                                  data/cameo-actors.txt's, else "" */
    uint8_t is_party;     /* a "party" line: a political actor of CAMEO coding,
                             found only as LK_PARTY, never as an armed actor */
} lex_actor;

typedef struct lex_agent {
    const char *template_name; /* "Police Forces of %s" */
    const char *label;         /* first phrase, for breakdown labels ("police") */
    uint8_t type;              /* enum actor_type */
    uint8_t side;              /* enum agent_side */
    uint8_t target;            /* enum gtd_target (see codes.h) */
    char role[CAMEO_CODE_MAX]; /* CAMEO role: the ROLE column, else that of
                                  data/cameo-roles.txt for its template or type
                                  ("=IGOMIL": a whole code, no country) */
} lex_agent;

typedef struct lex_title {
    const char *label;
    uint8_t type;        /* enum title_type */
    char sector[4];
    char cc[3];          /* a person's office (leaders.txt): the country, ISO alpha-2; else "" */
} lex_title;

/* A political interaction a verb phrase tells (vocab.txt kind "interaction",
 * value "CAMEO PLOVER [MODE]"): its CAMEO event code and PLOVER type and mode. */
typedef struct lex_interaction {
    char cameo[6];   /* "036", "0871" */
    char plover[12]; /* "CONSULT" */
    char mode[16];   /* "visit", or "" */
} lex_interaction;

typedef struct lexicon lexicon;

/* One match of a dictionary phrase in a document. */
typedef struct mention {
    uint32_t first, last; /* token range [first, last) */
    uint8_t kind;         /* enum lex_kind */
    int32_t value;        /* kind-specific value or table id */
} mention;

/* Load every dictionary from data_dir (actors.txt, forces.txt, agents.txt,
 * titles.txt, vocab.txt, then imported-actors.txt, imported-agents.txt,
 * imported-titles.txt, imported-vocab.txt, imported-cameo.txt when present:
 * see 'tacitus dict import'). Returns 0, or -1 with a one-line reason naming the file and line
 * in err. The first five files are required. */
int lexicon_load(const char *data_dir, lexicon **out, char *err, size_t errlen);

/* lexicon_load without the imported-*.txt files (what an import checks against). */
int lexicon_load_base(const char *data_dir, lexicon **out, char *err, size_t errlen);

/* Load one extra actor dictionary (same format as actors.txt). */
int lexicon_add_actor_file(lexicon *lx, const char *path, char *err, size_t errlen);

void lexicon_free(lexicon *lx);

/* Find every mention in td. Overlaps are resolved longest-first: at each token
 * the longest phrase wins and every payload of that phrase (e.g. "bomb" as an
 * event and as a weapon) becomes a mention. Mentions are returned in token
 * order in an arena array. Returns the count, or (size_t)-1 on arena exhaustion. */
size_t lexicon_scan(const lexicon *lx, const text_doc *td, arena *a, mention **out);

/* The scan of lexicon_scan for the CAMEO dictionary's kinds (party, verb,
 * discard), which lexicon_scan leaves out: they compete for the longest match
 * only among themselves, so a CAMEO verb or party never hides nor splits a
 * phrase of the other dictionaries ("volunteers" stays a noun to them, "Hit" a
 * town). 0 mentions (*out NULL) when the dictionaries hold none. */
size_t lexicon_scan_cameo(const lexicon *lx, const text_doc *td, arena *a, mention **out);

/* Fold a dictionary phrase exactly as the scan folds document tokens (a
 * possessive 's dropped, then fold_text). Returns the length, 0 if empty or
 * too long for cap. */
size_t lexicon_fold_phrase(const char *phrase, char *out, size_t cap);

/* Strip leading blanks and trailing blanks and line ends of a dictionary line
 * in place; returns the new start. */
char *lexicon_trim(char *s);

/* Set every token's word-class bits (tok.wclass, see wordclass.h). */
void lexicon_classify(const lexicon *lx, text_doc *td);

/* Look up the exact folded phrase; returns the number of payloads written.
 * Case-sensitive entries ("=TTP") count only when original (the phrase as
 * written, or NULL) spells them with the same case. */
size_t lexicon_lookup(const lexicon *lx, const char *folded, size_t n, const char *original, uint8_t kind,
                      int32_t *values, size_t max);

const lex_actor *lexicon_actor(const lexicon *lx, int32_t id);
/* The CAMEO code tables loaded with the dictionaries (actor_codes.h). */
const cameo_codebook *lexicon_codes(const lexicon *lx);
const lex_agent *lexicon_agent(const lexicon *lx, int32_t id);
const lex_title *lexicon_title(const lexicon *lx, int32_t id);
/* The title one of whose phrases is name (an office's label: "minister",
 * "UN Secretary-General"), or NULL. */
const lex_title *lexicon_title_named(const lexicon *lx, const char *name);
const lex_interaction *lexicon_interaction(const lexicon *lx, int32_t id);
/* The CAMEO verbs and patterns (verb, pattern and synset lines), or NULL when
 * the dictionaries hold none. */
const verbdict *lexicon_verbs(const lexicon *lx);
/* The PLOVER contexts' phrases (plover-contexts.txt), or NULL when none were read. */
const pctx_table *lexicon_contexts(const lexicon *lx);
size_t lexicon_actor_count(const lexicon *lx);
size_t lexicon_phrase_count(const lexicon *lx);

/* Make the array *p (elements of elem bytes, capacity *cap) hold need elements,
 * doubling from 256. Returns 0, or -1 when realloc fails (*p unchanged). For
 * the tables of the dictionaries (lexicon.c, verbdict.c). */
int grow_array(void **p, size_t *cap, size_t need, size_t elem);

/* Name tables used by the loader and the output. */
const char *actor_type_name(int t);
int actor_type_parse(const char *s);
const char *ev_class_name(int c);

#endif
