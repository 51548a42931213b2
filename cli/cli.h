/*
 * cli.h - shared pieces of the tacitus command-line front end: option parsing
 * helpers and the subcommand entry points (one file each).
 */
#ifndef TACITUS_CLI_H
#define TACITUS_CLI_H

#include <stddef.h>

#include "paths.h"
#include "tacitus.h"

/* Options every engine-using subcommand accepts. */
typedef struct engine_opts {
    const char *data_dir;
    const char *gazetteer;
    size_t max_bytes;
} engine_opts;

/* If argv[*i] is one of --data, --gazetteer, --max-bytes, consume it (and its
 * value) into o and return 1; return -1 on a bad value (message printed),
 * 0 when the argument is not an engine option. */
int engine_opt(int argc, char **argv, int *i, engine_opts *o, const char *cmd);

/* Open the engine or print the one-line error; returns NULL on failure. */
tac_engine *open_engine(const engine_opts *o, const char *cmd);

struct input_doc;

/* Name the document d read from the file path as the user gave it: its id
 * becomes path itself (so two files of one base name in two folders are two
 * documents), or for "-" (stdin) the hash of its text (store_text_hash: 32
 * hex digits). Returns 0, or -1 when out of memory (d's id unchanged). */
int cli_name_document(struct input_doc *d, const char *path);

/* The monotonic clock, in seconds (for rates and timings). */
double cli_now(void);

int cmd_code(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_recode(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
