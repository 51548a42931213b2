/*
 * cli.h - shared pieces of the tacitus command-line front end: option parsing
 * helpers and the subcommand entry points (one file each).
 */
#ifndef TACITUS_CLI_H
#define TACITUS_CLI_H

#include <signal.h>
#include <stddef.h>

#include "paths.h"
#include "queue.h"
#include "tacitus.h"

/* The exit status of a run stopped by SIGINT (128 + SIGINT, the shell's). */
#define CLI_EXIT_INTERRUPTED 130

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

/* What the commands that use the work queue (publish, worker, feeds --nats)
 * take to name it. */
typedef struct queue_args {
    const char *url;   /* --nats (publish and worker: else $TACITUS_NATS) */
    tac_queue_opts o;  /* --stream, --subject and the command's settings */
} queue_args;

/* If argv[*i] is --nats, --stream or --subject, consume it and its value into
 * a and return 1; -1 when the value is missing (reported); 0 when it is none
 * of them (worker.c). */
int queue_opt(int argc, char **argv, int *i, queue_args *a, const char *cmd);

struct input_doc;

/* Name the document d read from the file path as the user gave it: its id
 * becomes path itself (so two files of one base name in two folders are two
 * documents), or for "-" (stdin) the hash of its text (store_text_hash: 32
 * hex digits). Returns 0, or -1 when out of memory (d's id unchanged). */
int cli_name_document(struct input_doc *d, const char *path);

/* The monotonic clock, in seconds (for rates and timings). */
double cli_now(void);

/* Progress of a run over input files on stderr (code.c): documents done,
 * and when the inputs' total size is known (every input a regular file) the
 * share of their bytes read, the rate and the time left. */
enum cli_progress_mode {
    CLI_PROGRESS_OFF = 0,   /* nothing (--quiet, or stderr is no terminal) */
    CLI_PROGRESS_INPLACE,   /* one line rewritten in place (a terminal) */
    CLI_PROGRESS_LINES,     /* one line per update (--progress on a file or pipe) */
};
typedef struct cli_progress {
    const char *cmd;        /* the subcommand, for the "tacitus CMD: " prefix */
    enum cli_progress_mode mode;
    double total;           /* the inputs' total size in bytes; 0 when unknown */
    double done;            /* bytes of input read so far: base + the caller's share of its file */
    double base;            /* bytes of the inputs finished (cli_progress_file_done) */
    long docs;              /* documents done (the caller counts them) */
    double t0, last;        /* start and last update (cli_now) */
    int shown;              /* an in-place line is on screen */
} cli_progress;

/* If argv[*i] is -j N, -jN or --jobs N (threads that code, 1 to
 * CLI_MAX_JOBS), consume it (and its value) into *jobs and return 1; -1 on a
 * bad value (one line on stderr naming cmd and the range); 0 when it is not. */
#define CLI_MAX_JOBS 64
int cli_jobs_opt(int argc, char **argv, int *i, int *jobs, const char *cmd);

/* The default number of coding threads: the cores online, 1 to CLI_MAX_JOBS. */
int cli_default_jobs(void);

/* What --progress and --quiet asked for: -1 neither (progress when stderr is a
 * terminal), 1 --progress (always), 0 --quiet (never). If argv[*i] is one of
 * them, set *want and return 1; else 0. */
int cli_progress_opt(char **argv, int i, int *want);

/* Start p for cmd over the nfiles inputs ("-" is stdin: size unknown), as
 * want says (cli_progress_opt). */
void cli_progress_start(cli_progress *p, const char *cmd, int want, const char *const *files, size_t nfiles);

/* Print p's line (counts, percent, rate, ETA, then detail, the command's
 * own counts) when half a second passed since the last one, or always when
 * force. Nothing when p is off. */
void cli_progress_update(cli_progress *p, const char *detail, int force);

/* The input at path is finished: its size counts as read. */
void cli_progress_file_done(cli_progress *p, const char *path);

/* End an in-place line (a newline), so the next message starts a line of its own. */
void cli_progress_break(cli_progress *p);

/* Set by the SIGINT handler cli_catch_interrupt installs: the run should stop
 * after the current document and report what it did. */
extern volatile sig_atomic_t cli_interrupted;

/* Catch the first SIGINT (set cli_interrupted; a second one kills as usual).
 * Reads are not restarted, so a read waiting on stdin returns. */
void cli_catch_interrupt(void);

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
int cmd_shards(int argc, char **argv);
int cmd_feeds(int argc, char **argv);
int cmd_worker(int argc, char **argv);
int cmd_publish(int argc, char **argv);

#endif
