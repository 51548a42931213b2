/*
 * tacitus.c - the command-line front end: dispatches git-style subcommands,
 * and holds what several share (engine options, naming a document read from
 * a file). Each subcommand lives in its own file (code.c, eval.c, bench.c,
 * dict.c, store.c, serve.c, shards.c, feeds.c, worker.c) and is a thin layer over libtacitus
 * (include/tacitus.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "input.h"
#include "store.h"

static const char usage[] =
    "usage: tacitus <command> [options]\n"
    "\n"
    "Code news reports about political violence into structured, geocoded event records.\n"
    "\n"
    "commands:\n"
    "  code     code documents (text, HTML or JSON Lines) into event records (JSON Lines or pretty)\n"
    "  eval     score the coder against gold-annotated JSON Lines files\n"
    "  bench    measure coding speed, start-up time and memory\n"
    "  dict     check and look up the dictionaries, import PETRARCH/TABARI dictionaries\n"
    "  ingest   code documents and store them, grouping reports of one incident (SQLite or PostgreSQL)\n"
    "  query    list stored incidents by date, place, type, actor, figures or words\n"
    "  show     one incident: its reports, why they were grouped, figures and evidence\n"
    "  export   stored incidents as ACLED/GTD CSV, CAMEO TSV, GeoJSON, JSON Lines or CSV\n"
    "  recode   code stored documents again with the current dictionaries and regroup them\n"
    "  delete   delete stored documents and reconcile the incidents they were in\n"
    "  serve    the HTTP API and the dashboard page over a store\n"
    "  shards   name the outputs of a list of input shards, list those to code again (Slurm)\n"
    "  feeds    poll RSS and Atom news feeds, code and store each new article\n"
    "  publish  put documents into the monitoring work queue (NATS JetStream)\n"
    "  worker   code and store the work queue's documents, acknowledging after each commit\n"
    "\n"
    "Run 'tacitus <command> --help' for a command's options, 'tacitus --paths' for the\n"
    "files it reads and how each was found.\n"
    "\n"
    "files: the dictionary folder, the gazetteer and the page's folder are each the first of\n"
    "  1. the option: --data DIR, --gazetteer FILE, serve's --web DIR;\n"
    "  2. the environment: TACITUS_DATA, TACITUS_GAZETTEER, TACITUS_WEB;\n"
    "  3. under TACITUS_HOME: data/, gazetteer.bin (or build/gazetteer.bin), web/;\n"
    "  4. beside the binary: BINDIR/../share/tacitus/{data,gazetteer.bin,web} as 'make\n"
    "     install' lays them out, else the source tree the binary sits in\n"
    "     ({data,build/gazetteer.bin,web} one or two folders above it);\n"
    "  5. the paths compiled in.\n"
    "environment: TACITUS_HOME, TACITUS_DATA, TACITUS_GAZETTEER, TACITUS_WEB as above;\n"
    "  TACITUS_DB the store of ingest, query, show, export, recode, delete, serve, feeds and\n"
    "  worker; TACITUS_NATS the NATS server (work queue) of publish, worker and feeds.\n"
    "exit status: 0 ok, 1 some inputs failed, 2 usage, 3 data files missing or corrupt,\n"
    "             4 input/output error, 5 eval score below its floor\n";

/* See cli.h. --max-bytes takes a positive count, optionally suffixed k or M, of
 * at most 2 GiB. */
int engine_opt(int argc, char **argv, int *i, engine_opts *o, const char *cmd)
{
    const char *a = argv[*i];
    const char **slot = NULL;
    if (strcmp(a, "--data") == 0)
        slot = &o->data_dir;
    else if (strcmp(a, "--gazetteer") == 0)
        slot = &o->gazetteer;
    else if (strcmp(a, "--max-bytes") != 0)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "tacitus %s: %s needs a value\n", cmd, a);
        return -1;
    }
    const char *v = argv[++*i];
    if (slot) {
        *slot = v;
        return 1;
    }
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    if (*v == '\0' || *v == '-' || n == 0 || (*end && strcmp(end, "k") && strcmp(end, "M"))) {
        fprintf(stderr, "tacitus %s: --max-bytes: expected a positive number (optionally with k or M), got '%s'\n",
                cmd, v);
        return -1;
    }
    unsigned long long mult = *end == 'k' ? 1024ull : *end == 'M' ? 1024ull * 1024ull : 1ull;
    if (n > (1ull << 31) / mult) {
        fprintf(stderr, "tacitus %s: --max-bytes: at most 2 GiB\n", cmd);
        return -1;
    }
    o->max_bytes = (size_t)(n * mult);
    return 1;
}

/* See cli.h. */
int cli_name_document(struct input_doc *d, const char *path)
{
    char hash[33];
    const char *id = path;
    if (strcmp(path, "-") == 0) {
        store_text_hash(d->text ? d->text : "", d->text ? d->len : 0, hash);
        id = hash;
    }
    char *copy = strdup(id);
    if (!copy)
        return -1;
    free(d->id);
    d->id = copy;
    return 0;
}

/* See cli.h. */
double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* See cli.h. */
tac_engine *open_engine(const engine_opts *o, const char *cmd)
{
    tac_options opt = {cli_path(CLI_PATH_DATA, o->data_dir, NULL), cli_path(CLI_PATH_GAZETTEER, o->gazetteer, NULL),
                       o->max_bytes};
    tac_engine *e = NULL;
    char err[1024];
    if (tac_engine_open(&opt, &e, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus %s: %s\n", cmd, err);
        return NULL;
    }
    return e;
}

/* Flush stdout: output that could not be written (a full disk, a closed
 * pipe) is an error of its own, exit status 4, whatever the command did. */
static int finish(const char *cmd, int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (rc != TAC_EXIT_IO) /* the command has not said so already */
            fprintf(stderr, "tacitus %s: cannot write output: %s\n", cmd, strerror(errno));
        return TAC_EXIT_IO;
    }
    return rc;
}

/* Dispatch argv[1] to its subcommand. The status goes through finish, so output
 * that could not be written is exit 4. */
int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return TAC_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return finish(cmd, TAC_EXIT_OK);
    }
    if (strcmp(cmd, "--paths") == 0) {
        static const char *const names[CLI_PATH_KINDS] = {"data", "gazetteer", "web"};
        for (int k = 0; k < CLI_PATH_KINDS; k++) {
            const char *how;
            const char *p = cli_path((cli_path_kind)k, NULL, &how);
            printf("%-10s %s (%s)\n", names[k], p, how);
        }
        return finish(cmd, TAC_EXIT_OK);
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("tacitus %s\n", TACITUS_VERSION);
        return finish(cmd, TAC_EXIT_OK);
    }
    int rc = -1;
    if (strcmp(cmd, "code") == 0)
        rc = cmd_code(argc - 1, argv + 1);
    else if (strcmp(cmd, "eval") == 0)
        rc = cmd_eval(argc - 1, argv + 1);
    else if (strcmp(cmd, "bench") == 0)
        rc = cmd_bench(argc - 1, argv + 1);
    else if (strcmp(cmd, "dict") == 0)
        rc = cmd_dict(argc - 1, argv + 1);
    else if (strcmp(cmd, "ingest") == 0)
        rc = cmd_ingest(argc - 1, argv + 1);
    else if (strcmp(cmd, "query") == 0)
        rc = cmd_query(argc - 1, argv + 1);
    else if (strcmp(cmd, "show") == 0)
        rc = cmd_show(argc - 1, argv + 1);
    else if (strcmp(cmd, "export") == 0)
        rc = cmd_export(argc - 1, argv + 1);
    else if (strcmp(cmd, "recode") == 0)
        rc = cmd_recode(argc - 1, argv + 1);
    else if (strcmp(cmd, "delete") == 0)
        rc = cmd_delete(argc - 1, argv + 1);
    else if (strcmp(cmd, "serve") == 0)
        rc = cmd_serve(argc - 1, argv + 1);
    else if (strcmp(cmd, "shards") == 0)
        rc = cmd_shards(argc - 1, argv + 1);
    else if (strcmp(cmd, "feeds") == 0)
        rc = cmd_feeds(argc - 1, argv + 1);
    else if (strcmp(cmd, "publish") == 0)
        rc = cmd_publish(argc - 1, argv + 1);
    else if (strcmp(cmd, "worker") == 0)
        rc = cmd_worker(argc - 1, argv + 1);
    if (rc >= 0)
        return finish(cmd, rc);
    fprintf(stderr, "tacitus: unknown command '%s' (see 'tacitus --help')\n", cmd);
    return TAC_EXIT_USAGE;
}
