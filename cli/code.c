/*
 * code.c - 'tacitus code': read documents (files, stdin, JSON Lines) and write
 * one output record per document, in input order, on stdout. Also the progress
 * line and the SIGINT handling that code and ingest share (cli.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "code_pool.h"
#include "export.h"
#include "input.h"
#include "warc.h"

/* ---------------------------------------------------- progress and SIGINT */

volatile sig_atomic_t cli_interrupted;

/* The SIGINT handler: only sets the flag. */
static void on_interrupt(int sig)
{
    (void)sig;
    cli_interrupted = 1;
}

/* See cli.h. */
void cli_catch_interrupt(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND; /* no SA_RESTART: a read waiting on stdin returns */
    sigaction(SIGINT, &sa, NULL);
}

/* See cli.h. */
int cli_progress_opt(char **argv, int i, int *want)
{
    if (strcmp(argv[i], "--progress") == 0)
        *want = 1;
    else if (strcmp(argv[i], "--quiet") == 0)
        *want = 0;
    else
        return 0;
    return 1;
}

/* See cli.h. */
/* See cli.h. */
int cli_jobs_opt(int argc, char **argv, int *i, int *jobs, const char *cmd)
{
    const char *a = argv[*i];
    if (!(strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0 || (strncmp(a, "-j", 2) == 0 && a[2])))
        return 0;
    const char *v = a[1] == 'j' && a[2] ? a + 2 : *i + 1 < argc ? argv[++*i] : NULL;
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || *end || n < 1 || n > CLI_MAX_JOBS) {
        fprintf(stderr, "tacitus %s: %s: expected a number of threads from 1 to %d, got '%s'\n", cmd, a,
                CLI_MAX_JOBS, v ? v : "");
        return -1;
    }
    *jobs = (int)n;
    return 1;
}

/* See cli.h. */
int cli_default_jobs(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > CLI_MAX_JOBS ? CLI_MAX_JOBS : (int)cores;
}

void cli_progress_start(cli_progress *p, const char *cmd, int want, const char *const *files, size_t nfiles)
{
    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    int tty = isatty(2);
    p->mode = want == 0 ? CLI_PROGRESS_OFF
              : tty     ? CLI_PROGRESS_INPLACE
              : want > 0 ? CLI_PROGRESS_LINES
                         : CLI_PROGRESS_OFF;
    for (size_t i = 0; i < nfiles; i++) {
        struct stat sb;
        if (strcmp(files[i], "-") == 0 || stat(files[i], &sb) != 0 || !S_ISREG(sb.st_mode)) {
            p->total = 0; /* a pipe or stdin: the size is not known */
            break;
        }
        p->total += (double)sb.st_size;
    }
    p->t0 = p->last = cli_now();
}

/* Write a duration of s seconds as H:MM:SS or M:SS into buf. */
static void format_duration(double s, char *buf, size_t len)
{
    long t = s < 0 ? 0 : s > 359999 ? 359999 : (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
}

/* See cli.h. */
void cli_progress_update(cli_progress *p, const char *detail, int force)
{
    if (p->mode == CLI_PROGRESS_OFF)
        return;
    double t = cli_now();
    if (!force && t - p->last < 0.5)
        return;
    p->last = t;
    double el = t - p->t0;
    char share[64] = "", eta[48] = "";
    if (p->total > 0) {
        double f = p->done < p->total ? p->done / p->total : 1.0;
        char left[32];
        format_duration(el * (1 - f) / (f > 0 ? f : 1), left, sizeof left);
        snprintf(share, sizeof share, ", %.0f%% of %.1f MB", 100 * f, p->total / 1e6);
        snprintf(eta, sizeof eta, ", ETA %s", f > 0 ? left : "?");
    }
    fprintf(stderr, "%stacitus %s: %ld documents%s, %.0f/s%s; %s%s", p->mode == CLI_PROGRESS_INPLACE ? "\r" : "",
            p->cmd, p->docs, share, p->docs / (el + 1e-9), eta, detail,
            p->mode == CLI_PROGRESS_INPLACE ? "   " : "\n");
    p->shown = p->mode == CLI_PROGRESS_INPLACE;
}

/* See cli.h. */
void cli_progress_file_done(cli_progress *p, const char *path)
{
    struct stat sb;
    if (strcmp(path, "-") != 0 && stat(path, &sb) == 0)
        p->base += (double)sb.st_size;
    p->done = p->base;
}

/* See cli.h. */
void cli_progress_break(cli_progress *p)
{
    if (p->shown)
        fputc('\n', stderr);
    p->shown = 0;
}

/* ------------------------------------------------------------- tacitus code */

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
    "  --warc               inputs are web archives, WARC 1.0 or 1.1, plain or gzip (default\n"
    "                       for .warc and .warc.gz): each HTML response is a document named\n"
    "                       by its URL and dated by its page, else by its WARC-Date; other\n"
    "                       records are counted and skipped, a corrupt one reported\n"
    "  --published DATE     publication date YYYY-MM-DD (text/HTML input)\n"
    "  --id ID, --title T, --url U   metadata for a single text/HTML document\n"
    "  --format jsonl|pretty output format (default jsonl: one record a line; 'json' is\n"
    "                       accepted for jsonl)\n"
    "  --fields LIST        write only these keys of each event (comma-separated, as in\n"
    "                       docs/schema.md: id,event_type,date,location,killed,...)\n"
    "  --evidence none      leave out each event's evidence offsets (smaller output)\n"
    "  -j N, --jobs N       code with N threads (default: the number of cores, at most\n"
    "                       64); records come out in input order whatever N, and at\n"
    "                       most 16N documents are held in memory at once\n"
    "  --max-bytes N        cap per document, larger ones are truncated with a warning\n"
    "                       (default 10M; suffix k or M)\n"
    "  --data DIR           dictionary folder (default: found as 'tacitus --paths' shows)\n"
    "  --gazetteer FILE     compiled gazetteer (default: found as 'tacitus --paths' shows)\n"
    "  --progress, --quiet  progress on stderr (documents, percent of the input read,\n"
    "                       rate, time left) even when stderr is no terminal (one line\n"
    "                       per update) / never; by default on a terminal only\n"
    "  -h, --help           this help\n"
    "\n"
    "Ctrl-C (SIGINT) stops after the current document: every record written is whole,\n"
    "and a summary of what was coded goes to stderr.\n"
    "exit status: 0 all coded; 1 some documents or lines failed (each reported on stderr\n"
    "with its position, and as an error record in the output); 2 usage; 3 data files;\n"
    "4 output could not be written; 130 interrupted (SIGINT).\n";

typedef struct code_ctx {
    tac_coder *coder;       /* coding here (-j 1) */
    code_pool *pool;        /* or coding by threads (-j N > 1) */
    enum tac_format fmt;
    size_t max_bytes;
    code_pool_tally t;      /* documents, events and failures written; out_error */
    const char *published;  /* --published: the date of every text/HTML input */
    cli_progress prog;
} code_ctx;

/* Show cx's progress: when due, or (final) always, ending the line. */
static void code_progress_show(code_ctx *cx, int final)
{
    char detail[96];
    snprintf(detail, sizeof detail, "%ld events, %ld failed", cx->t.events, cx->t.failed);
    cli_progress_update(&cx->prog, detail, final);
    if (final)
        cli_progress_break(&cx->prog);
}

/* Count one more document done in cx's progress and show it when due. */
static void code_progress(code_ctx *cx)
{
    cx->prog.docs++;
    code_progress_show(cx, 0);
}

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

/* Report an input that could not be read or coded: "tacitus code: WHERE:
 * MSG" on stderr (MSG alone when where is NULL), an error record with id and
 * line, one more failure; in its turn among the records when threads code. */
static void report_failure(code_ctx *cx, const char *where, const char *id, long line, const char *msg)
{
    if (cx->pool) {
        if (code_pool_failure(cx->pool, where, id, line, msg) < 0)
            cx->t.out_error = 1;
        return;
    }
    cli_progress_break(&cx->prog);
    if (where)
        fprintf(stderr, "tacitus code: %s: %s\n", where, msg);
    else
        fprintf(stderr, "tacitus code: %s\n", msg);
    error_record(cx, id, line, msg);
    cx->t.failed++;
}

/* Code one document to stdout, its warnings to stderr; where names it in
 * messages, line is its JSON Lines line (0 for a file). A document that cannot be
 * coded is reported, written as an error record and counted in cx->t.failed.
 * Returns -1 only when stdout cannot be written. */
static int emit(code_ctx *cx, input_doc *d, const char *where, long line)
{
    if (cx->pool) { /* (the pool takes d's contents) */
        if (code_pool_doc(cx->pool, d, where, line) < 0)
            cx->t.out_error = 1;
        return cx->t.out_error ? -1 : 0;
    }
    tac_doc doc = {d->id, d->title, d->published, d->url, d->text, d->len, d->published_from, d->source};
    char err[512];
    if (d->nwarnings)
        cli_progress_break(&cx->prog); /* a message starts a line of its own */
    for (size_t i = 0; i < d->nwarnings; i++)
        fprintf(stderr, "tacitus code: warning: %s: %s\n", where, d->warnings[i]);
    int n = tac_code_write(cx->coder, &doc, (const char *const *)d->warnings, d->nwarnings, cx->fmt,
                           stdout, err, sizeof err);
    if (n < 0) {
        cli_progress_break(&cx->prog);
        fprintf(stderr, "tacitus code: %s: %s\n", where, err);
        if (strncmp(err, "cannot write", 12) == 0) {
            cx->t.out_error = 1;
            return -1;
        }
        error_record(cx, d->id, line, err);
        cx->t.failed++;
        code_progress(cx);
        return 0;
    }
    cx->t.docs++;
    cx->t.events += n;
    code_progress(cx);
    return 0;
}

/* Code every line of the JSON Lines file at path ("-" = stdin). Blank lines
 * are skipped; a missing or empty id becomes "line-N". An unopenable file, a bad
 * or overlong line and a read error are reported and counted in cx->t.failed.
 * Returns -1 only when stdout cannot be written. */
static int code_jsonl(code_ctx *cx, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    const char *name = is_stdin ? "stdin" : path;
    if (!f) {
        char msg[600];
        snprintf(msg, sizeof msg, "%s: cannot open: %s", path, strerror(errno));
        report_failure(cx, NULL, NULL, 0, msg);
        return 0;
    }
    line_reader r;
    /* a JSON line may escape every byte: allow the text cap several times over */
    line_reader_init(&r, f, cx->max_bytes * 6 + 65536);
    char *line;
    size_t len;
    int rc;
    double read = 0;
    while (!cli_interrupted && (rc = line_reader_next(&r, &line, &len)) != 0) {
        char where[600];
        snprintf(where, sizeof where, "%s:%ld", name, r.lineno);
        read += (double)len + 1;
        cx->prog.done = cx->prog.base + read;
        if (rc == -1 && cli_interrupted)
            break; /* the read waiting on stdin was interrupted: not a failure */
        if (rc == -1) {
            char msg[200];
            snprintf(msg, sizeof msg, "read error: %s", strerror(errno));
            report_failure(cx, where, NULL, r.lineno, msg);
            break;
        }
        if (rc == -2) {
            char msg[200];
            snprintf(msg, sizeof msg, "line of %zu bytes is longer than the limit (raise --max-bytes); skipped", len);
            report_failure(cx, where, NULL, r.lineno, msg);
            continue;
        }
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == len)
            continue; /* blank line */
        if (cx->pool) { /* a worker parses it, codes it and writes its record */
            if (code_pool_line(cx->pool, line, len, where, r.lineno) < 0) {
                fprintf(stderr, "tacitus code: %s: out of memory\n", where);
                cx->t.out_error = 1;
            }
            if (cx->t.out_error)
                break; /* (stdout failed: read no further) */
            continue;
        }
        input_doc d = {0};
        char err[512];
        if (input_parse_jsonl(line, len, cx->max_bytes, &d, err, sizeof err) < 0) {
            report_failure(cx, where, d.id, r.lineno, err);
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
    line_reader_free(&r);
    if (!is_stdin)
        fclose(f);
    return cx->t.out_error ? -1 : 0;
}

/* Code every HTML page of the WARC file at path ("-" = stdin; warc.h): each
 * is a document named by its URL, dated by its page or else its WARC-Date
 * (--published is for text and HTML files); a corrupt or truncated record is
 * reported with its offset, written as an error record, and reading goes on.
 * A summary line goes to stderr. Returns -1 only when stdout cannot be
 * written. */
static int code_warc(code_ctx *cx, const char *path)
{
    warc_reader *r;
    char err[1024];
    if (warc_open(path, &r, err, sizeof err) < 0) {
        report_failure(cx, NULL, NULL, 0, err);
        return 0;
    }
    int rc;
    input_doc d;
    while (!cli_interrupted && !cx->t.out_error && (rc = warc_next(r, cx->max_bytes, &d, err, sizeof err)) != 0) {
        if (rc < 0) {
            report_failure(cx, NULL, NULL, 0, err);
            continue;
        }
        char where[2600];
        snprintf(where, sizeof where, "%s: %s", path, d.id);
        emit(cx, &d, where, 0);
        input_doc_free(&d);
    }
    warc_counts n;
    warc_get_counts(r, &n);
    warc_close(r);
    if (cx->pool) /* (the summary after this archive's records) */
        code_pool_drain(cx->pool);
    cli_progress_break(&cx->prog);
    fprintf(stderr, "tacitus code: %s: %ld WARC records: %ld HTML pages coded, %ld skipped (not an HTML response),"
            " %ld corrupt or truncated\n", path, n.records, n.pages, n.skipped, n.corrupt);
    return cx->t.out_error ? -1 : 0;
}

/* What the command line says of a single text/HTML document (NULL fields: nothing). */
typedef struct cli_doc_meta {
    const char *id, *title, *url, *published;
} cli_doc_meta;

/* Copy v over *field (NULL v: leave it). */
static void set_field(char **field, const char *v)
{
    if (!v)
        return;
    free(*field);
    *field = strdup(v);
}

/* Code the text or HTML file at path; meta (NULL: none) overrides its id,
 * title and URL; cx->published (--published) overrides its date. A file that cannot be read is reported and counted.
 * Sets cx->t.out_error when out of memory. */
static void code_file(code_ctx *cx, const char *path, const cli_doc_meta *meta)
{
    input_doc d = {0};
    char err[512];
    if (input_read_file(path, cx->max_bytes, &d, err, sizeof err) < 0) {
        report_failure(cx, NULL, NULL, 0, err);
        input_doc_free(&d);
        return;
    }
    if (cli_name_document(&d, path) < 0) {
        fprintf(stderr, "tacitus code: %s: out of memory\n", path);
        cx->t.out_error = 1;
        input_doc_free(&d);
        return;
    }
    if (meta) {
        set_field(&d.id, meta->id);
        set_field(&d.title, meta->title);
        set_field(&d.url, meta->url);
    }
    if (cx->published) { /* a given date wins over the page's */
        set_field(&d.published, cx->published);
        d.published_from = NULL;
    }
    emit(cx, &d, path, 0);
    input_doc_free(&d);
}

/* 1 when s ends with suf. */
static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* Is path a web archive by its name (.warc, .warc.gz)? */
static int warc_name(const char *path)
{
    return ends_with(path, ".warc") || ends_with(path, ".warc.gz");
}

/* The command line of 'tacitus code'. */
typedef struct code_args {
    engine_opts eo;
    int jsonl;               /* --jsonl */
    int warc;                /* --warc */
    int want_progress;       /* cli_progress_opt */
    int jobs;                /* -j: coding threads (1: code here) */
    const char *fields;      /* --fields (checked), or NULL */
    int no_evidence;         /* --evidence none */
    enum tac_format fmt;
    cli_doc_meta meta;
    const char **files;      /* malloc'd: free it */
    int nfiles;
} code_args;

/* Parse argv into ca. Returns 0; 1 when help was printed; -1 on a usage
 * error (reported). ca->files is set (free it) unless out of memory (-1). */
static int parse_code_args(int argc, char **argv, code_args *ca)
{
    memset(ca, 0, sizeof *ca);
    ca->want_progress = -1;
    ca->fmt = TAC_FORMAT_JSON;
    if (!(ca->files = calloc((size_t)argc + 1, sizeof *ca->files)))
        return -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = engine_opt(argc, argv, &i, &ca->eo, "code"), j;
        if (r != 0 || cli_progress_opt(argv, i, &ca->want_progress)) {
            if (r < 0)
                return -1;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            return 1;
        } else if (strcmp(a, "--jsonl") == 0) {
            ca->jsonl = 1;
        } else if (strcmp(a, "--warc") == 0) {
            ca->warc = 1;
        } else if ((j = cli_jobs_opt(argc, argv, &i, &ca->jobs, "code")) != 0) {
            if (j < 0)
                return -1;
        } else if ((strcmp(a, "--fields") == 0 || strcmp(a, "--evidence") == 0) && i + 1 < argc) {
            const char *v = argv[++i];
            char err[600];
            uint32_t keys;
            if (a[2] == 'f' && export_keys_parse(v, &keys, err, sizeof err) < 0) {
                fprintf(stderr, "tacitus code: --fields: %s\n", err);
                return -1;
            }
            if (a[2] == 'e' && strcmp(v, "none") != 0 && strcmp(v, "all") != 0) {
                fprintf(stderr, "tacitus code: --evidence: expected none or all, got '%s'\n", v);
                return -1;
            }
            if (a[2] == 'f')
                ca->fields = v;
            else
                ca->no_evidence = strcmp(v, "none") == 0;
        } else if (strcmp(a, "--published") == 0 || strcmp(a, "--id") == 0 || strcmp(a, "--title") == 0 ||
                   strcmp(a, "--url") == 0 || strcmp(a, "--format") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "tacitus code: %s needs a value\n", a);
                return -1;
            }
            const char *v = argv[++i];
            const char **slot = a[2] == 'p' ? &ca->meta.published : a[2] == 'i' ? &ca->meta.id
                                : a[2] == 't' ? &ca->meta.title : a[2] == 'u' ? &ca->meta.url : NULL;
            if (slot)
                *slot = v;
            else if (strcmp(v, "json") == 0 || strcmp(v, "jsonl") == 0)
                ca->fmt = TAC_FORMAT_JSON;
            else if (strcmp(v, "pretty") == 0)
                ca->fmt = TAC_FORMAT_PRETTY;
            else {
                fprintf(stderr, "tacitus code: --format: unknown format '%s' (accepted: jsonl, pretty; json = jsonl)\n", v);
                return -1;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "tacitus code: unknown option '%s' (see 'tacitus code --help')\n", a);
            return -1;
        } else {
            ca->files[ca->nfiles++] = a;
        }
    }
    if (ca->meta.published && !tac_valid_date(ca->meta.published)) {
        fprintf(stderr, "tacitus code: --published: expected a date YYYY-MM-DD, got '%s'\n", ca->meta.published);
        return -1;
    }
    if (ca->nfiles == 0)
        ca->files[ca->nfiles++] = "-";
    if (!ca->jobs)
        ca->jobs = cli_default_jobs();
    return 0;
}

/* The pool's progress callback: one more record written. */
static void pool_written(void *ud)
{
    code_progress(ud);
}

/* 'tacitus code' (see help). Returns the exit status: TAC_EXIT_PARTIAL when
 * some input failed, TAC_EXIT_IO when the output could not be written or memory
 * ran out, TAC_EXIT_USAGE or TAC_EXIT_DATA before any coding,
 * CLI_EXIT_INTERRUPTED after a SIGINT (a summary printed). */
int cmd_code(int argc, char **argv)
{
    code_args ca;
    int p = parse_code_args(argc, argv, &ca);
    tac_engine *eng = p == 0 ? open_engine(&ca.eo, "code") : NULL;
    if (!eng) {
        free(ca.files);
        return p > 0 ? TAC_EXIT_OK : p < 0 ? (ca.files ? TAC_EXIT_USAGE : TAC_EXIT_IO) : TAC_EXIT_DATA;
    }
    const char **files = ca.files;
    int nfiles = ca.nfiles;
    code_ctx cx = {0};
    cx.fmt = ca.fmt;
    cx.published = ca.meta.published;
    cx.max_bytes = ca.eo.max_bytes ? ca.eo.max_bytes : 10u * 1024u * 1024u;
    code_pool_opts po = {.fmt = ca.fmt, .written = pool_written, .ud = &cx, .fields = ca.fields,
                         .no_evidence = ca.no_evidence, .max_bytes = cx.max_bytes};
    char ferr[600];
    if (ca.jobs > 1)
        cx.pool = code_pool_new(eng, ca.jobs, &po, &cx.t);
    else if ((cx.coder = tac_coder_new(eng)) &&
             tac_coder_set_fields(cx.coder, ca.fields, !ca.no_evidence, ferr, sizeof ferr) < 0) {
        tac_coder_free(cx.coder); /* (checked in parse_code_args: cannot happen) */
        cx.coder = NULL;
    }
    if (!cx.coder && !cx.pool) {
        fprintf(stderr, "tacitus code: out of memory\n");
        tac_engine_close(eng);
        free(files);
        return TAC_EXIT_IO;
    }
    cli_progress_start(&cx.prog, "code", ca.want_progress, files, (size_t)nfiles);
    cli_catch_interrupt();
    for (int i = 0; i < nfiles && !cx.t.out_error && !cli_interrupted; i++) {
        if (ca.warc || warc_name(files[i]))
            code_warc(&cx, files[i]);
        else if (ca.jsonl || ends_with(files[i], ".jsonl"))
            code_jsonl(&cx, files[i]);
        else
            code_file(&cx, files[i], nfiles == 1 ? &ca.meta : NULL);
        cli_progress_file_done(&cx.prog, files[i]);
    }
    code_pool_free(cx.pool); /* (writes what is still being coded) */
    code_progress_show(&cx, 1);
    if (fflush(stdout) != 0 && !cx.t.out_error) {
        fprintf(stderr, "tacitus code: cannot write output: %s\n", strerror(errno));
        cx.t.out_error = 1;
    }
    tac_coder_free(cx.coder);
    tac_engine_close(eng);
    free(files);
    if (cli_interrupted)
        fprintf(stderr, "tacitus code: interrupted: %ld documents coded (%ld events), %ld failed; every record"
                " written is whole\n", cx.t.docs, cx.t.events, cx.t.failed);
    if (cx.t.out_error)
        return TAC_EXIT_IO;
    return cli_interrupted ? CLI_EXIT_INTERRUPTED : cx.t.failed ? TAC_EXIT_PARTIAL : TAC_EXIT_OK;
}
