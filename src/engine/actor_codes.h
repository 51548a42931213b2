/*
 * actor_codes.h - CAMEO actor codes (country + role/sector: PAKGOV, PAKMIL,
 * IGOUNO) built from the dictionaries, in one place for the engine's output
 * (every actor's "code") and the CAMEO/Phoenix export (which reads that code,
 * and builds it the same way for records coded before actors carried one).
 *
 * The vocabulary lives in the data folder: data/cameo-actors.txt (the code of
 * a named actor), data/cameo-roles.txt (the role of a generic actor's name
 * template or ACLED type) and data/countries.tsv (ISO alpha-2 -> alpha-3).
 * A dictionary may also give a code itself (the CODE column of actors.txt and
 * forces.txt, the ROLE column of agents.txt; see docs/dictionaries.md).
 */
#ifndef TACITUS_ACTOR_CODES_H
#define TACITUS_ACTOR_CODES_H

#include <stddef.h>

#define CAMEO_CODE_MAX 16 /* a code's bytes with its NUL ("IMGMUSISI") */

typedef struct cameo_codebook cameo_codebook;

/* Load data_dir's cameo-actors.txt, cameo-roles.txt and countries.tsv (each
 * optional: a missing file gives no codes of its kind). Returns the book, or
 * NULL with "path:line: reason" in err for a malformed line or out of memory. */
cameo_codebook *cameo_codebook_load(const char *data_dir, char *err, size_t errlen);

void cameo_codebook_free(cameo_codebook *cb);

/* The code data/cameo-actors.txt lists for the canonical name, or NULL. */
const char *cameo_named_code(const cameo_codebook *cb, const char *name);

/* The role of a generic actor: that of the first name template ("Police
 * Forces of %s") name fits, else that of its ACLED type name; NULL if none. */
const char *cameo_role_of(const cameo_codebook *cb, const char *name, const char *type);

/* The ISO alpha-3 code of alpha-2 cc ("PK" -> "PAK"), or NULL. */
const char *cameo_alpha3(const cameo_codebook *cb, const char *cc);

/* 1 when c is min to max upper-case letters or digits (a CAMEO code or role). */
int cameo_code_ok(const char *c, size_t min, size_t max);

/* 1 when name fits the template (a "%s" standing for one or more bytes). */
int cameo_name_fits(const char *name, const char *name_template);

/* What an actor's code is built from; any field may be NULL (0). */
typedef struct cameo_actor_in {
    const char *name;         /* canonical name */
    const char *listed;       /* the code a dictionary gives the actor */
    int dictionary_entry;     /* the actor is a dictionary entry whose code was
                                 resolved at load: cameo-actors.txt is not read again */
    const char *type;         /* ACLED type name ("state forces") */
    const char *role;         /* the role a dictionary gives a generic actor */
    const char *title_sector; /* an official's or speaker's title sector ("GOV", "UNO") */
    int title_international;  /* ... and the title is an international one */
    const char *cc;           /* the actor's ISO alpha-2 country */
    const char *event_cc;     /* the event's, for an actor without one */
} cameo_actor_in;

/* The actor's CAMEO code into buf (cap >= CAMEO_CODE_MAX): the listed code,
 * else the code of cameo-actors.txt for its name, else a first part (IGO for
 * a UN title or a country-less foreign force, NGO for an international NGO,
 * else the alpha-3 of its country or the event's) followed by its role (the
 * dictionary's, cameo-roles.txt's, else the title's sector). Returns buf, or
 * NULL (buf "") when no first part is known. */
const char *cameo_actor_code(const cameo_codebook *cb, const cameo_actor_in *in, char *buf, size_t cap);

struct lexicon;
struct actor_ref;

/* The CAMEO code of an actor the engine coded (model.h), through the
 * dictionaries of lx: its dictionary entry's code or role, else the role of
 * its name or type, else the sector of the title it is named after (an
 * official's "UN Secretary-General"). event_cc: the event's alpha-2 country,
 * for an actor without one (NULL if none). Returns buf, or NULL (buf ""). */
const char *actor_ref_code(const struct lexicon *lx, const struct actor_ref *a, const char *event_cc, char *buf,
                           size_t cap);

#endif
