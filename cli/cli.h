/*
 * cli.h - shared pieces of the tacitus command-line front end: option parsing
 * helpers and the subcommand entry points (one file each).
 */
#ifndef TACITUS_CLI_H
#define TACITUS_CLI_H

#include <stddef.h>

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
