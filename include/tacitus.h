/*
 * tacitus.h - the public interface of libtacitus: load the dictionaries and the
 * gazetteer once, then code documents (news reports about political violence)
 * into structured, geocoded event records, written as JSON Lines or as a
 * readable summary. The output contract is documented in docs/schema.md.
 *
 * Thread safety: a tac_engine is read-only after tac_engine_open and may be
 * shared; each thread needs its own tac_coder (which owns the per-document arena).
 */
#ifndef TACITUS_H
#define TACITUS_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TACITUS_VERSION "0.1.0"

/* Exit codes shared by the command-line tools. */
enum tac_exit {
    TAC_EXIT_OK = 0,        /* everything coded */
    TAC_EXIT_PARTIAL = 1,   /* some inputs failed (reported on stderr); the rest coded */
    TAC_EXIT_USAGE = 2,     /* bad command line */
    TAC_EXIT_DATA = 3,      /* dictionaries or gazetteer missing or corrupt */
    TAC_EXIT_IO = 4,        /* an input or output could not be read or written */
    TAC_EXIT_EVAL = 5,      /* eval: a score fell below its floor */
};

typedef struct tac_engine tac_engine;
typedef struct tac_coder tac_coder;

typedef struct tac_options {
    const char *data_dir;       /* folder with actors.txt etc.; NULL = built-in default */
    const char *gazetteer_path; /* compiled gazetteer; NULL = built-in default */
    size_t max_doc_bytes;       /* documents longer are truncated (0 = 10 MB) */
} tac_options;

/* A document to code. Strings need not be NUL-terminated except where noted. */
typedef struct tac_doc {
    const char *id;        /* NUL-terminated; NULL = "doc" */
    const char *title;     /* NUL-terminated or NULL; coded as the headline */
    const char *published; /* "YYYY-MM-DD" or NULL */
    const char *url;       /* NUL-terminated or NULL */
    const char *text;      /* UTF-8 (repaired by the input stage); plain text */
    size_t len;
    const char *published_from; /* where an HTML page gave published ("html-meta", "json-ld",
                                   "time-element"), written as doc.published_from; NULL = given */
    const char *source;         /* the publisher as the input names it (a JSON Lines record's
                                   "source", e.g. "voa"), written as doc.source; NULL = none */
} tac_doc;

enum tac_format { TAC_FORMAT_JSON = 0, TAC_FORMAT_PRETTY = 1 };

/* 1 when s is a valid calendar date written YYYY-MM-DD, else 0. */
int tac_valid_date(const char *s);

/* Load dictionaries and map the gazetteer. Returns 0, or -1 with a one-line
 * message naming the file (and line or position) in err. */
int tac_engine_open(const tac_options *opt, tac_engine **out, char *err, size_t errlen);
void tac_engine_close(tac_engine *e);

/* Facts about the loaded engine, for --version and bench. */
size_t tac_engine_actor_count(const tac_engine *e);
size_t tac_engine_place_count(const tac_engine *e);

/* A coder owns the scratch memory for one document at a time. */
tac_coder *tac_coder_new(const tac_engine *e);
void tac_coder_free(tac_coder *c);

/* Choose what the coder's JSON records hold of each event: fields (NULL =
 * every one) is a comma-separated list of event keys of docs/schema.md
 * ("event_type,date,location,killed"; "id" is always written), and evidence 0
 * leaves out the "evidence" array. Returns 0, or -1 with a message naming the
 * unknown key and every accepted one (the coder unchanged). */
int tac_coder_set_fields(tac_coder *c, const char *fields, int evidence, char *err, size_t errlen);

/* Code one document and write its output record (one JSON line, or the pretty
 * summary) to out. warnings (may be NULL) are added to the record's doc.warnings.
 * Returns the number of events written, or -1 when the document could not be
 * coded (message in err; nothing written). */
int tac_code_write(tac_coder *c, const tac_doc *doc, const char *const *warnings,
                   size_t nwarnings, enum tac_format fmt, FILE *out, char *err, size_t errlen);

/* Code one document as tac_code_write does, but leave its record in the
 * coder's buffer: *out and *outlen are set to it (no trailing newline; valid
 * until the next call on c). Returns the number of events, or -1 when the
 * document could not be coded (message in err; *out untouched). */
int tac_code_buf(tac_coder *c, const tac_doc *doc, const char *const *warnings, size_t nwarnings,
                 enum tac_format fmt, const char **out, size_t *outlen, char *err, size_t errlen);

/* Code one document and return its JSON record as a string owned by the coder,
 * valid until the next call (used by eval and tests). NULL on failure. */
const char *tac_code_json(tac_coder *c, const tac_doc *doc, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
