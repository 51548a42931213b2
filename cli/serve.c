/*
 * serve.c - `tacitus serve`: the HTTP API over a store (src/serve/serve.c) until
 * SIGINT or SIGTERM, then a clean stop that finishes the requests in flight.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "serve.h"

static const char serve_help[] =
    "usage: tacitus serve --db DB [--port N] [--bind ADDR] [--web DIR] [--threads N] [--allow-ingest]\n"
    "\n"
    "Serve the store DB (an SQLite file or a postgres:// URL; default $TACITUS_DB) over HTTP,\n"
    "read-only: GET /api/health, /api/incidents (filters, paging), /api/incidents/ID,\n"
    "/api/stats, /api/actors, POST /api/code (codes a document without storing it), and the\n"
    "page's files from DIR (see docs/api.md). Stops cleanly on SIGINT or SIGTERM.\n"
    "With --allow-ingest, POST /api/ingest also codes and stores documents (the store is\n"
    "created if absent); anyone who can reach the port can then write to it.\n"
    "\n"
    "options:\n"
    "  --db DB          the database (default: $TACITUS_DB)\n"
    "  --port N         the TCP port (default 8080; 0 = any free port, printed)\n"
    "  --bind ADDR      the IPv4 address to listen on (default 127.0.0.1: this machine only)\n"
    "  --web DIR        the page's folder (default: $TACITUS_WEB, else found as 'tacitus --help' says)\n"
    "  --threads N      worker threads and database handles (default 4, 1 to 64)\n"
    "  --query-timeout S  stop a database read after S seconds and answer 503 (default 10)\n"
    "  --allow-ingest   accept POST /api/ingest (one writer; the rest stays read-only)\n"
    "  --data DIR, --gazetteer FILE   the engine's, for /api/actors and /api/code\n"
    "\n"
    "exit status: 0 stopped by a signal; 2 usage; 4 database or network error.\n";

/* Say on stderr where the page is served from (web, found as how says), or
 * that there is none and only the API is served. */
static void say_page(const char *web, const char *how)
{
    char abs[PATH_MAX], index[PATH_MAX + 16];
    if (realpath(web, abs) && snprintf(index, sizeof index, "%s/index.html", abs) < (int)sizeof index &&
        access(index, R_OK) == 0)
        fprintf(stderr, "tacitus serve: the page: %s (%s)\n", abs, how);
    else
        fprintf(stderr,
                "tacitus serve: no page: %s (%s) has no index.html; serving the API alone "
                "(--web DIR, TACITUS_WEB or TACITUS_HOME name the page's folder)\n",
                web, how);
}

int cmd_serve(int argc, char **argv)
{
    serve_opts o = {0};
    o.port = 8080;
    engine_opts eo = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int e = engine_opt(argc, argv, &i, &eo, "serve");
        if (e < 0)
            return TAC_EXIT_USAGE;
        if (e)
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(serve_help, stdout);
            return TAC_EXIT_OK;
        }
        if (strcmp(a, "--allow-ingest") == 0) {
            o.allow_ingest = 1;
            continue;
        }
        if (i + 1 >= argc || a[0] != '-') {
            fprintf(stderr, "tacitus serve: unknown argument or missing value: %s (see --help)\n", a);
            return TAC_EXIT_USAGE;
        }
        const char *v = argv[++i];
        char *end;
        long n = strtol(v, &end, 10);
        if (strcmp(a, "--db") == 0)
            o.db = v;
        else if (strcmp(a, "--bind") == 0)
            o.bind = v;
        else if (strcmp(a, "--web") == 0)
            o.web_dir = v;
        else if (strcmp(a, "--port") == 0 && !*end && n >= 0 && n <= 65535)
            o.port = (int)n;
        else if (strcmp(a, "--threads") == 0 && !*end && n >= 1 && n <= 64)
            o.threads = (int)n;
        else if (strcmp(a, "--query-timeout") == 0 && (o.time_limit = strtod(v, &end)) > 0 && !*end &&
                 o.time_limit <= 3600)
            ;
        else {
            fprintf(stderr, "tacitus serve: %s: unknown option or bad value '%s' (see --help)\n", a, v);
            return TAC_EXIT_USAGE;
        }
    }
    const char *web_how;
    o.data_dir = cli_path(CLI_PATH_DATA, eo.data_dir, NULL);
    o.gazetteer = cli_path(CLI_PATH_GAZETTEER, eo.gazetteer, NULL);
    o.web_dir = cli_path(CLI_PATH_WEB, o.web_dir, &web_how);
    if (!o.db)
        o.db = getenv("TACITUS_DB");
    if (!o.db || !*o.db) {
        fprintf(stderr, "tacitus serve: --db DB (or TACITUS_DB) is required (see --help)\n");
        return TAC_EXIT_USAGE;
    }
    /* the workers inherit a mask that leaves SIGINT and SIGTERM to sigwait below */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    server *s;
    char err[1024];
    if (server_start(&o, &s, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus serve: %s\n", err);
        return TAC_EXIT_IO;
    }
    fprintf(stderr, "tacitus serve: listening on http://%s:%d/\n", o.bind ? o.bind : "127.0.0.1", server_port(s));
    say_page(o.web_dir, web_how);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "tacitus serve: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    server_stop(s);
    return TAC_EXIT_OK;
}
