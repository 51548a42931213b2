/*
 * code.c - 'tacitus code': read documents (files, stdin, JSON Lines) and write
 * one output record per document, in input order, on stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export.h"
#include "input.h"

static const char help[] =
    "usage: tacitus code [options] [FILE...]\n"
    "\n"
    "Code each FILE (plain text or HTML, detected; '-' or no FILE = stdin) into one JSON\n"
    "record of events per document on stdout. A file's document id is its path as given;\n"
    "stdin's is the hash of its text (32 hex digits). With --jsonl, each input line is a\n"
    "document {\"id\", \"text\", \"title\"?, \"published\"? (YYYY-MM-DD), \"url\"?}.\n"
    "\n"
    "options:\n"
    "  --jsonl              inputs are JSON Lines (default for files ending in .jsonl)\n"
    "  --published DATE     publication date YYYY-MM-DD (text/HTML input)\n"
    "  --id ID, --title T, --url U   metadata for a single text/HTML document\n"
    "  --format json|pretty output format (default json)\n"
    "  --max-bytes N        cap per document, larger ones are truncated with a warning\n"
    "                       (default 10M; suffix k or M)\n"
    "  --data DIR           dictionary folder (default: the installed data/)\n"
    "  --gazetteer FILE     compiled gazetteer (default: build/gazetteer.bin)\n"
    "  -h, --help           this help\n"
    "\n"
    "exit status: 0 all coded; 1 some documents or lines failed (each reported on stderr\n"
    "with its position, and as an error record in the output); 2 usage; 3 data files;\n"
    "4 output could not be written.\n";

typedef struct code_ctx {
    tac_coder *coder;
    enum tac_format fmt;
    size_t max_bytes;
    long failed;
    long docs;
    long events;
    int out_error;
} code_ctx;

/* Write an error record for an input that could not be coded, so the output
 * keeps one record per input (JSON output only). */
static void error_record(code_ctx *cx, const char *id, long line, const char *msg)
{
    if (cx->fmt != TAC_FORMAT_JSON)
        return;
    outbuf b;
    ob_init(&b);
    export_error(&b, id, line, msg);
    if (!b.failed) {
        fwrite(b.p, 1, b.len, stdout);
        fputc('\n', stdout);
    }
    ob_free(&b);
}

/* Code one document to stdout, its warnings to stderr; where names it in
 * messages, line is its JSON Lines line (0 for a file). A document that cannot be
 * coded is reported, written as an error record and counted in cx->failed.
 * Returns -1 only when stdout cannot be written. */
static int emit(code_ctx *cx, input_doc *d, const char *where, long line)
{
    tac_doc doc = {d->id, d->title, d->published, d->url, d->text, d->len, d->published_from, d->source};
    char err[512];
    for (size_t i = 0; i < d->nwarnings; i++)
        fprintf(stderr, "tacitus code: warning: %s: %s\n", where, d->warnings[i]);
    int n = tac_code_write(cx->coder, &doc, (const char *const *)d->warnings, d->nwarnings, cx->fmt,
                           stdout, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "tacitus code: %s: %s\n", where, err);
        if (strncmp(err, "cannot write", 12) == 0) {
            cx->out_error = 1;
            return -1;
        }
        error_record(cx, d->id, line, err);
        cx->failed++;
        return 0;
    }
    cx->docs++;
    cx->events += n;
    return 0;
}

/* Code every line of the JSON Lines file at path ("-" = stdin). Blank lines
 * are skipped; a missing or empty id becomes "line-N". An unopenable file, a bad
 * or overlong line and a read error are reported and counted in cx->failed.
 * Returns -1 only when stdout cannot be written. */
static int code_jsonl(code_ctx *cx, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    const char *name = is_stdin ? "stdin" : path;
    if (!f) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s: cannot open: %s", path, strerror(errno));
        fprintf(stderr, "tacitus code: %s\n", msg);
        error_record(cx, NULL, 0, msg);
        cx->failed++;
        return 0;
    }
    line_reader r;
    /* a JSON line may escape every byte: allow the text cap several times over */
    line_reader_init(&r, f, cx->max_bytes * 6 + 65536);
    char *line;
    size_t len;
    int rc;
    while ((rc = line_reader_next(&r, &line, &len)) != 0) {
        char where[600];
        snprintf(where, sizeof where, "%s:%ld", name, r.lineno);
        if (rc == -1) {
            fprintf(stderr, "tacitus code: %s: read error: %s\n", where, strerror(errno));
            cx->failed++;
            break;
        }
        if (rc == -2) {
            char msg[200];
            snprintf(msg, sizeof msg, "line of %zu bytes is longer than the limit (raise --max-bytes); skipped", len);
            fprintf(stderr, "tacitus code: %s: %s\n", where, msg);
            error_record(cx, NULL, r.lineno, msg);
            cx->failed++;
            continue;
        }
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == len)
            continue; /* blank line */
        input_doc d = {0};
        char err[512];
        if (input_parse_jsonl(line, len, cx->max_bytes, &d, err, sizeof err) < 0) {
            fprintf(stderr, "tacitus code: %s: %s\n", where, err);
            error_record(cx, d.id, r.lineno, err);
            cx->failed++;
            input_doc_free(&d);
            continue;
        }
        if (d.id && !*d.id) { /* an empty id names nothing */
            free(d.id);
            d.id = NULL;
        }
        if (!d.id) {
            char idbuf[64];
            snprintf(idbuf, sizeof idbuf, "line-%ld", r.lineno);
            d.id = strdup(idbuf);
        }
        int e = emit(cx, &d, where, r.lineno);
        input_doc_free(&d);
        if (e < 0)
            break;
    }
    if (r.lineno > 0 && len == 0 && rc == 0) {
        /* nothing */
    }
    line_reader_free(&r);
    if (!is_stdin)
        fclose(f);
    return cx->out_error ? -1 : 0;
}

/* 1 when s ends with suf. */
static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* 'tacitus code' (see help). Returns the exit status: TAC_EXIT_PARTIAL when
 * some input failed, TAC_EXIT_IO when the output could not be written or memory
 * ran out, TAC_EXIT_USAGE or TAC_EXIT_DATA before any coding. */
int cmd_code(int argc, char **argv)
{
    engine_opts eo = {0};
    int jsonl = 0;
    const char *published = NULL, *id = NULL, *title = NULL, *url = NULL;
    enum tac_format fmt = TAC_FORMAT_JSON;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    int nfiles = 0;
    if (!files)
        return TAC_EXIT_IO;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = engine_opt(argc, argv, &i, &eo, "code");
        if (r < 0) {
            free(files);
            return TAC_EXIT_USAGE;
        }
        if (r > 0)
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            free(files);
            return TAC_EXIT_OK;
        } else if (strcmp(a, "--jsonl") == 0) {
            jsonl = 1;
        } else if (strcmp(a, "--published") == 0 || strcmp(a, "--id") == 0 || strcmp(a, "--title") == 0 ||
                   strcmp(a, "--url") == 0 || strcmp(a, "--format") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "tacitus code: %s needs a value\n", a);
                free(files);
                return TAC_EXIT_USAGE;
            }
            const char *v = argv[++i];
            if (a[2] == 'p')
                published = v;
            else if (a[2] == 'i')
                id = v;
            else if (a[2] == 't')
                title = v;
            else if (a[2] == 'u')
                url = v;
            else if (strcmp(v, "json") == 0 || strcmp(v, "jsonl") == 0)
                fmt = TAC_FORMAT_JSON;
            else if (strcmp(v, "pretty") == 0)
                fmt = TAC_FORMAT_PRETTY;
            else {
                fprintf(stderr, "tacitus code: --format: expected json or pretty, got '%s'\n", v);
                free(files);
                return TAC_EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "tacitus code: unknown option '%s' (see 'tacitus code --help')\n", a);
            free(files);
            return TAC_EXIT_USAGE;
        } else {
            files[nfiles++] = a;
        }
    }
    if (published) {
        if (!tac_valid_date(published)) {
            fprintf(stderr, "tacitus code: --published: expected a date YYYY-MM-DD, got '%s'\n", published);
            free(files);
            return TAC_EXIT_USAGE;
        }
    }
    if (nfiles == 0)
        files[nfiles++] = "-";
    tac_engine *eng = open_engine(&eo, "code");
    if (!eng) {
        free(files);
        return TAC_EXIT_DATA;
    }
    code_ctx cx = {0};
    cx.coder = tac_coder_new(eng);
    cx.fmt = fmt;
    cx.max_bytes = eo.max_bytes ? eo.max_bytes : 10u * 1024u * 1024u;
    if (!cx.coder) {
        fprintf(stderr, "tacitus code: out of memory\n");
        tac_engine_close(eng);
        free(files);
        return TAC_EXIT_IO;
    }
    for (int i = 0; i < nfiles && !cx.out_error; i++) {
        if (jsonl || ends_with(files[i], ".jsonl")) {
            code_jsonl(&cx, files[i]);
            continue;
        }
        input_doc d = {0};
        char err[512];
        if (input_read_file(files[i], cx.max_bytes, &d, err, sizeof err) < 0) {
            fprintf(stderr, "tacitus code: %s\n", err);
            error_record(&cx, NULL, 0, err);
            cx.failed++;
            input_doc_free(&d);
            continue;
        }
        if (cli_name_document(&d, files[i]) < 0) {
            fprintf(stderr, "tacitus code: %s: out of memory\n", files[i]);
            cx.out_error = 1;
            input_doc_free(&d);
            break;
        }
        if (nfiles == 1) {
            if (id) {
                free(d.id);
                d.id = strdup(id);
            }
            if (title) {
                free(d.title);
                d.title = strdup(title);
            }
            if (url)
                d.url = strdup(url);
        }
        if (published) { /* a given date wins over the page's */
            free(d.published);
            d.published = strdup(published);
            d.published_from = NULL;
        }
        emit(&cx, &d, files[i], 0);
        input_doc_free(&d);
    }
    if (fflush(stdout) != 0 && !cx.out_error) {
        fprintf(stderr, "tacitus code: cannot write output: %s\n", strerror(errno));
        cx.out_error = 1;
    }
    tac_coder_free(cx.coder);
    tac_engine_close(eng);
    free(files);
    if (cx.out_error)
        return TAC_EXIT_IO;
    return cx.failed ? TAC_EXIT_PARTIAL : TAC_EXIT_OK;
}
