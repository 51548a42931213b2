/*
 * export_codes.h - the lookup tables the codebook exports (ACLED, GTD, CAMEO)
 * read from the data folder: data/countries.tsv (ISO 3166-1 codes, ACLED
 * regions), data/export-codes.txt (publishers, ACLED default actors, GTD
 * subtypes, perpetrator words, the verbs of notes), the engine's CAMEO actor
 * code tables (actor_codes.h: data/cameo-actors.txt, data/cameo-roles.txt)
 * and data/titles.txt (the CAMEO sectors of the officials and speakers the
 * engine names, for records coded before actors carried a code). Part of the export
 * stage; formats.c is its only user. Every lookup is case-sensitive on the
 * codebooks' spellings unless it says otherwise.
 */
#ifndef TACITUS_EXPORT_CODES_H
#define TACITUS_EXPORT_CODES_H

#include <stddef.h>

#include "actor_codes.h"

typedef struct export_codes export_codes;

/* One row of data/countries.tsv. */
typedef struct country_codes {
    const char *alpha2, *alpha3, *numeric, *name, *region;
} country_codes;

/* A default actor: an ACLED-style name template ("Protesters (%s)") and its ACLED type. */
typedef struct default_actor {
    const char *name_template, *type;
} default_actor;

/* Load the three files from data_dir (NULL: $TACITUS_DATA, else the built-in data
 * folder). NULL with a message in err (the file and line) when one cannot be read
 * or holds a malformed line. */
export_codes *export_codes_load(const char *data_dir, char *err, size_t errcap);

/* Free the tables; c may be NULL. */
void export_codes_free(export_codes *c);

/* The country with ISO alpha-2 code alpha2, or NULL (also for NULL). */
const country_codes *export_country(const export_codes *c, const char *alpha2);

/* The publisher of a report whose URL is url (its host, without "www.", or a
 * parent domain listed) or whose source field is key; NULL when neither is
 * listed. *scale is set to ACLED's source scale of a listed publisher. */
const char *export_publisher(const export_codes *c, const char *key, const char **scale);

/* The default actor `which` (1 or 2) for an ACLED sub-event type (looked up
 * first) or event type; NULL when none is listed. */
const default_actor *export_default_actor(const export_codes *c, int which, const char *event_type,
                                          const char *sub_event_type);

/* The engine's CAMEO code tables (src/engine/actor_codes.h), for the code of
 * an actor recorded without one. */
const cameo_codebook *export_cameo_codebook(const export_codes *c);

/* The CAMEO sector of data/titles.txt's line whose first phrase is name (the
 * name the engine gives a speaker: "ambassador", "local media"), case-insensitive,
 * with the line's kind (state, civil, nonstate, international) in *kind; NULL
 * when no line starts with it. */
const char *export_title_sector(const export_codes *c, const char *name, const char **kind);

/* GTD's target subtype for a target type and the target's text (whole words,
 * case-insensitive), or NULL. */
const char *export_target_subtype(const export_codes *c, const char *target_type, const char *text);

/* GTD's weapon subtype for a weapon type, given the ACLED sub-event type and
 * CAMEO code of the incident, or NULL. */
const char *export_weapon_subtype(const export_codes *c, const char *weapon, const char *sub_event_type,
                                  const char *cameo);

/* 1 when word (case-insensitive) names perpetrators ("militants"). */
int export_attacker_word(const export_codes *c, const char *word);

/* The verb of a note for a sub-event type (else the event type): the form
 * with an object (with_object 1) or without. NULL when none is listed. */
const char *export_note_verb(const export_codes *c, const char *event_type, const char *sub_event_type,
                             int with_object);

/* 1 when word occurs in text as a whole word, case-insensitive (ASCII). */
int export_has_word(const char *text, const char *word);

#endif
