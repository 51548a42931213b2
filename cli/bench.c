/*
 * bench.c - 'tacitus bench': time the coder over JSON Lines corpora repeated to
 * a target size; print start-up time, MB/s, documents/s and peak RSS. A
 * measurement tool: no test depends on its figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cli.h"
#include "input.h"

static const char help[] =
    "usage: tacitus bench [--mb N] [--data DIR] [--gazetteer FILE] FILE.jsonl...\n"
    "\n"
    "Loads the documents of the JSON Lines files into memory, then codes them over and\n"
    "over on one thread until N megabytes (default 50) of text have been coded, writing\n"
    "the JSON output to memory. Prints start-up time (dictionaries + gazetteer), coding\n"
    "throughput in MB/s and documents/s, and the process's peak resident memory.\n";

/* 'tacitus bench' (see help). Returns TAC_EXIT_USAGE for a bad command line,
 * TAC_EXIT_IO when a file cannot be opened or holds no documents, TAC_EXIT_DATA
 * when the engine does not open. Unparseable lines are skipped silently, and
 * files past the 64th are ignored. */
int cmd_bench(int argc, char **argv)
{
    engine_opts eo = {0};
    double target_mb = 50;
    const char *files[64];
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        int r = engine_opt(argc, argv, &i, &eo, "bench");
        if (r < 0)
            return TAC_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help, stdout);
            return TAC_EXIT_OK;
        }
        if (strcmp(argv[i], "--mb") == 0 && i + 1 < argc) {
            target_mb = atof(argv[++i]);
            if (target_mb <= 0) {
                fprintf(stderr, "tacitus bench: --mb: expected a positive number\n");
                return TAC_EXIT_USAGE;
            }
            continue;
        }
        if (argv[i][0] == '-') {
            fprintf(stderr, "tacitus bench: unknown option '%s'\n", argv[i]);
            return TAC_EXIT_USAGE;
        }
        if (nf < 64)
            files[nf++] = argv[i];
    }
    if (nf == 0) {
        fputs(help, stderr);
        return TAC_EXIT_USAGE;
    }
    /* load the corpus */
    size_t cap = 1024, n = 0, bytes = 0;
    input_doc *docs = calloc(cap, sizeof *docs);
    if (!docs)
        return TAC_EXIT_IO;
    for (int f = 0; f < nf; f++) {
        FILE *fp = fopen(files[f], "rb");
        if (!fp) {
            fprintf(stderr, "tacitus bench: %s: cannot open\n", files[f]);
            return TAC_EXIT_IO;
        }
        line_reader r;
        line_reader_init(&r, fp, 64u << 20);
        char *line;
        size_t len;
        int rc;
        while ((rc = line_reader_next(&r, &line, &len)) != 0) {
            if (rc < 0)
                continue;
            if (n == cap) {
                input_doc *q = realloc(docs, cap * 2 * sizeof *docs);
                if (!q)
                    return TAC_EXIT_IO;
                docs = q;
                memset(docs + cap, 0, cap * sizeof *docs);
                cap *= 2;
            }
            char err[256];
            if (input_parse_jsonl(line, len, 10u << 20, &docs[n], err, sizeof err) == 0) {
                bytes += docs[n].len;
                n++;
            } else {
                input_doc_free(&docs[n]);
            }
        }
        line_reader_free(&r);
        fclose(fp);
    }
    if (n == 0 || bytes == 0) {
        fprintf(stderr, "tacitus bench: no documents in the input\n");
        return TAC_EXIT_IO;
    }
    double t0 = cli_now();
    tac_engine *e = open_engine(&eo, "bench");
    double t_start = cli_now() - t0;
    if (!e)
        return TAC_EXIT_DATA;
    tac_coder *c = tac_coder_new(e);
    if (!c) {
        fprintf(stderr, "tacitus bench: out of memory\n");
        tac_engine_close(e);
        return TAC_EXIT_IO;
    }
    double target = target_mb * 1e6;
    size_t coded = 0, ndocs = 0, nevents_bytes = 0;
    clock_t c0 = clock();
    double t1 = cli_now();
    while ((double)coded < target) {
        for (size_t i = 0; i < n && (double)coded < target; i++) {
            tac_doc d = {docs[i].id, docs[i].title, docs[i].published, docs[i].url, docs[i].text, docs[i].len,
                         docs[i].published_from, docs[i].source};
            char err[256];
            const char *out = tac_code_json(c, &d, err, sizeof err);
            if (out)
                nevents_bytes += strlen(out);
            coded += docs[i].len + (docs[i].title ? strlen(docs[i].title) : 0);
            ndocs++;
        }
    }
    double wall = cli_now() - t1;
    double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("corpus:      %zu documents, %.2f MB (from %d file(s))\n", n, (double)bytes / 1e6, nf);
    printf("start-up:    %.1f ms (dictionaries: %zu actors; gazetteer: %zu places)\n", t_start * 1000,
           tac_engine_actor_count(e), tac_engine_place_count(e));
    printf("coded:       %.1f MB, %zu documents in %.2f s wall, %.2f s CPU (one thread)\n", (double)coded / 1e6,
           ndocs, wall, cpu);
    printf("throughput:  %.1f MB/s, %.0f documents/s\n", (double)coded / 1e6 / wall, (double)ndocs / wall);
    printf("peak RSS:    %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    printf("output:      %.1f MB of JSON\n", (double)nevents_bytes / 1e6);
    tac_coder_free(c);
    tac_engine_close(e);
    for (size_t i = 0; i < n; i++)
        input_doc_free(&docs[i]);
    free(docs);
    return TAC_EXIT_OK;
}
