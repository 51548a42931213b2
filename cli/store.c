/*
 * store.c (cli) - 'tacitus ingest', 'recode', 'delete', 'query', 'show' and 'export': the event
 * store's command-line front end, a thin layer over src/store/store.h (storage and
 * grouping), include/tacitus.h (coding) and src/store/formats.h (export formats).
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <utf8proc.h>

#include "cli.h"
#include "code_pool.h"
#include "codes.h"
#include "engine.h"
#include "formats.h"
#include "geo.h"
#include "input.h"
#include "lexicon.h"
#include "store.h"
#include "warc.h"

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

/* ------------------------------------------------------------------ ingest */

static const char ingest_help[] =
    "usage: tacitus ingest --db DB [options] INPUT...\n"
    "\n"
    "Code each INPUT (text or HTML file; .jsonl file; '-' = JSON Lines on stdin) and store\n"
    "its documents, events and incidents in DB: an SQLite file (created if absent) or a\n"
    "PostgreSQL database given as a postgres:// or postgresql:// URL (its tables are created\n"
    "in an empty database).\n"
    "A file's document id is its path as given (two files of one name in two folders are\n"
    "two documents); a JSON Lines record's is its \"id\", or its text's hash when it has none.\n"
    "A document with no publication date (none given, none in its HTML or text) is warned about.\n"
    "A document whose id or text is already stored is skipped, so re-running is safe. Each\n"
    "document is stored atomically; documents are committed --batch at a time (or each\n"
    "second, and at the end of each input), so an interrupted ingest loses at most the\n"
    "open batch, which a re-run stores.\n"
    "\n"
    "options:\n"
    "  --db DB              the database: a file or a URL (default: $TACITUS_DB)\n"
    "  --published DATE     publication date for inputs that do not give one\n"
    "  --coded              inputs are 'tacitus code' output records (JSON Lines), stored\n"
    "                       without coding again\n"
    "  --warc               inputs are web archives (default for .warc and .warc.gz): each\n"
    "                       HTML response is a document, as 'tacitus code --warc' reads it\n"
    "  --batch N            documents per transaction (default 1000; 1 = commit each)\n"
    "  -j N, --jobs N       code with N threads (default: the number of cores, at most 64);\n"
    "                       documents are stored in input order whatever N\n"
    "  --max-bytes N, --data DIR, --gazetteer FILE   as for 'tacitus code'\n"
    "\n"
    "  --progress, --quiet  progress on stderr (documents, percent of the input read,\n"
    "                       rate, time left) even when stderr is no terminal (one line\n"
    "                       per update) / never; by default on a terminal only\n"
    "\n"
    "A one-line summary always goes to stderr. Ctrl-C (SIGINT) stops after the current\n"
    "document, commits what was stored (each document whole) and prints the summary.\n"
    "exit status: 0 ok; 1 some inputs failed (each reported); 2 usage; 3 data files;\n"
    "4 database error (not a tacitus database, newer schema, read-only, disk full);\n"
    "130 interrupted (SIGINT).\n";

typedef struct ingest_ctx {
    store *st;
    tac_coder *coder;    /* coding here (-j 1) */
    code_pool *pool;     /* or coding by threads, storing here in input order (-j N > 1) */
    store_bulk *bulk;    /* --bulk: documents gathered here, written at the end */
    code_pool_tally ptally;
    size_t max_bytes;
    const char *published;
    long stored, skipped, failed, events, created, updated;
    long committed; /* documents committed: what progress and the summary report as stored */
    int dberr;
    cli_progress prog;
} ingest_ctx;

/* Show g's progress when due (always when force). */
static void progress(ingest_ctx *g, int force)
{
    char detail[160];
    g->prog.docs = g->stored + g->skipped + g->failed;
    snprintf(detail, sizeof detail, "%ld stored, %ld skipped, %ld failed, %ld events, %ld incidents", g->committed,
             g->skipped, g->failed, g->events, g->created);
    cli_progress_update(&g->prog, detail, force);
}

/* The prefix of an ingest message: a newline when a progress line is on screen. */
static const char *nl(ingest_ctx *g)
{
    int shown = g->prog.shown;
    g->prog.shown = 0;
    return shown ? "\n" : "";
}

/* Count what storing one document did (rc and r of store_add_document or
 * store_code_document) and report a database error (err) at where. Returns -1
 * on a database error, else 0. */
static int tally(ingest_ctx *g, int rc, const store_result *r, const char *err, const char *where)
{
    g->committed += r->committed;
    if (rc < 0) {
        fprintf(stderr, "%stacitus ingest: %s: %s\n", nl(g), where, err);
        g->dberr = 1;
        return -1;
    }
    if (rc == 1)
        g->skipped++;
    else {
        g->stored++;
        g->events += r->events;
        g->created += r->created;
        g->updated += r->updated;
    }
    progress(g, 0);
    return 0;
}

/* Store document sd with its coded record (rec, parsed from the JSON text js
 * of len bytes), or gather it for the bulk load (--bulk: r zeroed). Returns
 * as store_add_document (-1 also when out of memory while gathering). */
static int put_document(ingest_ctx *g, const store_doc *sd, json_t *rec, const char *js, size_t len,
                        store_result *r, char *err, size_t errlen)
{
    if (!g->bulk)
        return store_add_document(g->st, sd, rec, r, err, errlen);
    memset(r, 0, sizeof *r);
    return store_bulk_add(g->bulk, sd, js, len, err, errlen);
}

/* Store one coded record ('tacitus code' output): rec, parsed from line (of
 * linelen bytes). Returns -1 on a database error (reported). */
static int store_record(ingest_ctx *g, json_t *rec, const char *line, size_t linelen, const char *id,
                        const char *text, size_t len, const char *hash, const char *where)
{
    const json_t *doc = json_object_get(rec, "doc");
    store_doc sd = {id,
                    json_string_value(json_object_get(doc, "url")),
                    json_string_value(json_object_get(doc, "title")),
                    json_string_value(json_object_get(doc, "published")),
                    json_string_value(json_object_get(doc, "source")),
                    text,
                    len,
                    hash};
    store_result r;
    char err[1024];
    int rc = put_document(g, &sd, rec, line, linelen, &r, err, sizeof err);
    return tally(g, rc, &r, err, where);
}

/* Warn that document d (named where) was stored without a publication date. */
static void warn_undated(ingest_ctx *g, const input_doc *d, const char *where)
{
    int other = strcmp(where, d->id) != 0;
    fprintf(stderr, "%stacitus ingest: warning: %s%s%s%s: no publication date (none given, none in the page"
            " or its text); relative dates stay unresolved\n", nl(g), where, other ? " (" : "", other ? d->id : "",
            other ? ")" : "");
}

/* The pool's sink (ingest -j): store a document its workers coded, in input
 * order. Nothing more is stored after a database error. */
static void store_coded(void *ud, const code_pool_done *done)
{
    ingest_ctx *g = ud;
    if (g->dberr)
        return;
    input_doc *d = done->d;
    if (done->n < 0) {
        fprintf(stderr, "%stacitus ingest: %s: %s\n", nl(g), done->where, done->err);
        g->failed++;
        progress(g, 0);
        return;
    }
    json_t *rec = json_loadb(done->out, done->outlen, 0, NULL);
    if (!rec) {
        fprintf(stderr, "%stacitus ingest: %s: the coder's output is not JSON\n", nl(g), done->where);
        g->failed++;
        return;
    }
    char hash[33], err[1024];
    store_text_hash(d->text, d->len, hash);
    const json_t *meta = json_object_get(rec, "doc");
    store_doc sd = {d->id, json_string_value(json_object_get(meta, "url")),
                    json_string_value(json_object_get(meta, "title")),
                    json_string_value(json_object_get(meta, "published")), d->source, d->text, d->len, hash};
    store_result r;
    int rc = put_document(g, &sd, rec, done->out, done->outlen, &r, err, sizeof err);
    if (rc == 0 && !sd.published)
        warn_undated(g, d, done->where);
    tally(g, rc, &r, err, done->where);
    json_decref(rec);
}

/* Is s valid UTF-8 with no control byte? */
static int utf8_text(const char *s)
{
    size_t n = strlen(s), len, bad;
    char *r = utf8_repair(s, n, &len, &bad);
    free(r);
    return r && bad == 0;
}

/* Code and store one document. A document without an id (a JSON Lines
 * record that gives none) is named by its text hash; one stored without a
 * publication date (none given, none in its HTML or text) is warned about. Returns -1
 * on a database error (reported); a document the coder fails on is reported
 * and counted as failed. */
static int ingest_doc(ingest_ctx *g, input_doc *d, const char *where)
{
    char hash[33], err[1024];
    if (!d->published && g->published)
        d->published = strdup(g->published);
    store_text_hash(d->text, d->len, hash);
    if (!d->id || !*d->id) {
        free(d->id);
        if (!(d->id = strdup(hash))) {
            fprintf(stderr, "%stacitus ingest: %s: out of memory\n", nl(g), where);
            g->failed++;
            return 0;
        }
    }
    if (!utf8_text(d->id)) { /* (a file name in another encoding: the store's ids are UTF-8) */
        fprintf(stderr, "%stacitus ingest: %s: the document's id (its file name) is not UTF-8: rename the file,"
                " or give the document in JSON Lines with an \"id\"\n", nl(g), where);
        g->failed++;
        return 0;
    }
    if (g->pool) { /* already stored: skipped without coding; else coded by the pool's threads */
        int has = g->bulk ? 0 : store_has_document(g->st, d->id, hash, err, sizeof err);
        if (has != 0) {
            store_result none = {0};
            return tally(g, has < 0 ? -1 : 1, &none, err, where);
        }
        d->published_from = NULL; /* (as store_code_document codes it) */
        if (code_pool_doc(g->pool, d, where, 0) < 0) {
            fprintf(stderr, "%stacitus ingest: %s: out of memory\n", nl(g), where);
            g->failed++;
        }
        return g->dberr ? -1 : 0;
    }
    store_doc sd = {d->id, d->url, d->title, d->published, d->source, d->text, d->len, hash};
    store_result r = {0};
    int rc = g->bulk ? store_bulk_code(g->bulk, g->coder, &sd, &r.dated, err, sizeof err)
                     : store_code_document(g->st, g->coder, &sd, &r, err, sizeof err);
    if (rc == -2) {
        fprintf(stderr, "%stacitus ingest: %s: %s\n", nl(g), where, err);
        g->failed++;
        return 0;
    }
    if (rc == 0 && !r.dated)
        warn_undated(g, d, where);
    return tally(g, rc, &r, err, where);
}

/* JSON Lines: documents, or (coded) 'tacitus code' records. -1 on a database error. */
static int ingest_jsonl(ingest_ctx *g, const char *path, int coded)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%stacitus ingest: %s: cannot open: %s\n", nl(g), path, strerror(errno));
        g->failed++;
        return 0;
    }
    line_reader r;
    line_reader_init(&r, f, g->max_bytes * 6 + 65536);
    char *line;
    size_t len;
    int rc, ret = 0;
    double read = 0;
    while (ret == 0 && !cli_interrupted && (rc = line_reader_next(&r, &line, &len)) != 0) {
        char where[600], err[1024];
        snprintf(where, sizeof where, "%s:%ld", strcmp(path, "-") == 0 ? "stdin" : path, r.lineno);
        read += (double)len + 1;
        g->prog.done = g->prog.base + read;
        if (rc == -1 && cli_interrupted)
            break; /* the read waiting on stdin was interrupted: not a failure */
        if (rc == -1) {
            fprintf(stderr, "%stacitus ingest: %s: read error: %s\n", nl(g), where, strerror(errno));
            g->failed++;
            break;
        }
        if (rc == -2) {
            fprintf(stderr, "%stacitus ingest: %s: line too long (%zu bytes), skipped\n", nl(g), where, len);
            g->failed++;
            continue;
        }
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
            k++;
        if (k == len)
            continue;
        if (coded) {
            json_error_t je;
            json_t *rec = json_loadb(line, len, 0, &je);
            const char *id = json_string_value(json_object_get(json_object_get(rec, "doc"), "id"));
            if (!rec || !id || !json_is_array(json_object_get(rec, "events"))) {
                fprintf(stderr, "%stacitus ingest: %s: not a coded document record\n", nl(g), where);
                g->failed++;
                json_decref(rec);
                continue;
            }
            char hash[33];
            store_text_hash(line, len, hash);
            const char *text = json_string_value(json_object_get(json_object_get(rec, "doc"), "text"));
            ret = store_record(g, rec, line, len, id, text, text ? strlen(text) : 0, hash, where);
            json_decref(rec);
            continue;
        }
        input_doc d = {0};
        if (input_parse_jsonl(line, len, g->max_bytes, &d, err, sizeof err) < 0) {
            fprintf(stderr, "%stacitus ingest: %s: %s\n", nl(g), where, err);
            g->failed++;
            continue;
        }
        ret = ingest_doc(g, &d, where);
        input_doc_free(&d);
    }
    line_reader_free(&r);
    if (f != stdin)
        fclose(f);
    return ret;
}

/* Code and store every HTML page of the WARC file at path (warc.h; --warc,
 * or a name ending in .warc or .warc.gz); a corrupt or truncated record is
 * reported with its offset and counted as failed, and reading goes on.
 * Returns -1 on a database error. */
static int ingest_warc(ingest_ctx *g, const char *path)
{
    warc_reader *r;
    char err[1024];
    if (warc_open(path, &r, err, sizeof err) < 0) {
        fprintf(stderr, "%stacitus ingest: %s\n", nl(g), err);
        g->failed++;
        return 0;
    }
    int rc, ret = 0;
    input_doc d;
    while (ret == 0 && !cli_interrupted && (rc = warc_next(r, g->max_bytes, &d, err, sizeof err)) != 0) {
        if (rc < 0) {
            fprintf(stderr, "%stacitus ingest: %s\n", nl(g), err);
            g->failed++;
            continue;
        }
        char where[2600];
        snprintf(where, sizeof where, "%s: %s", path, d.id);
        ret = ingest_doc(g, &d, where);
        input_doc_free(&d);
    }
    warc_counts n;
    warc_get_counts(r, &n);
    warc_close(r);
    fprintf(stderr, "%stacitus ingest: %s: %ld WARC records: %ld HTML pages read, %ld skipped (not an HTML"
            " response), %ld corrupt or truncated\n", nl(g), path, n.records, n.pages, n.skipped, n.corrupt);
    return ret;
}

/* The command line of 'tacitus ingest'. */
typedef struct ingest_args {
    engine_opts eo;
    const char *db;
    const char *published;  /* --published */
    int coded, batch;       /* --coded, --batch */
    int bulk;               /* --bulk */
    int warc;               /* --warc */
    int want_progress;      /* cli_progress_opt */
    int jobs;               /* -j: coding threads (1: code here) */
    const char **files;     /* malloc'd: free it */
    size_t nfiles;
} ingest_args;

/* Parse argv into a. Returns 0; 1 when help was printed; -1 on a usage error
 * (reported), or when out of memory (a->files NULL). */
static int parse_ingest_args(int argc, char **argv, ingest_args *a)
{
    memset(a, 0, sizeof *a);
    a->batch = 1000;
    a->want_progress = -1;
    if (!(a->files = calloc((size_t)argc, sizeof *a->files)))
        return -1;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int e = engine_opt(argc, argv, &i, &a->eo, "ingest");
        if (e == 0)
            e = cli_jobs_opt(argc, argv, &i, &a->jobs, "ingest");
        if (e != 0 || cli_progress_opt(argv, i, &a->want_progress)) {
            if (e < 0)
                return -1;
            continue;
        }
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            fputs(ingest_help, stdout);
            return 1;
        } else if (strcmp(o, "--db") == 0 && i + 1 < argc) {
            a->db = argv[++i];
        } else if (strcmp(o, "--published") == 0 && i + 1 < argc) {
            a->published = argv[++i];
            if (!tac_valid_date(a->published)) {
                fprintf(stderr, "tacitus ingest: --published: expected YYYY-MM-DD, got '%s'\n", a->published);
                return -1;
            }
        } else if (strcmp(o, "--batch") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 1000000) {
                fprintf(stderr, "tacitus ingest: --batch: expected a number from 1 to 1000000, got '%s'\n",
                        argv[i]);
                return -1;
            }
            a->batch = (int)n;
        } else if (strcmp(o, "--coded") == 0) {
            a->coded = 1;
        } else if (strcmp(o, "--bulk") == 0) {
            a->bulk = 1;
        } else if (strcmp(o, "--warc") == 0) {
            a->warc = 1;
        } else if (o[0] == '-' && o[1]) {
            fprintf(stderr, "tacitus ingest: unknown option or missing value: %s (see --help)\n", o);
            return -1;
        } else {
            a->files[a->nfiles++] = o;
        }
    }
    if (!a->db)
        a->db = getenv("TACITUS_DB");
    if (!a->db || a->nfiles == 0) {
        fprintf(stderr, "tacitus ingest: %s (see --help)\n",
                !a->db ? "--db DB (or TACITUS_DB) is required" : "no input given");
        return -1;
    }
    if (!a->jobs)
        a->jobs = cli_default_jobs();
    return 0;
}

/* Code and store the text or HTML file at path (a failure to read it is
 * reported and counted). */
static void ingest_file(ingest_ctx *g, const char *path)
{
    char err[1024];
    input_doc d = {0};
    if (input_read_file(path, g->max_bytes, &d, err, sizeof err) < 0)
        fprintf(stderr, "%stacitus ingest: %s\n", nl(g), err);
    else if (cli_name_document(&d, path) < 0)
        fprintf(stderr, "%stacitus ingest: %s: out of memory\n", nl(g), path);
    else {
        ingest_doc(g, &d, path);
        input_doc_free(&d);
        return;
    }
    input_doc_free(&d);
    g->failed++;
}

/* Commit the open batch; a failure (reported, naming where) sets g->dberr. */
static void ingest_flush(ingest_ctx *g, const char *where)
{
    char err[1024];
    int n = store_flush(g->st, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "%stacitus ingest: %s%s%s\n", nl(g), where ? where : "", where ? ": " : "", err);
        g->dberr = 1;
    } else
        g->committed += n;
}

/* --bulk: group and write what was gathered; the counts become what was stored. */
static void bulk_finish(ingest_ctx *g)
{
    char err[1024];
    store_bulk_result r;
    if (g->pool)
        code_pool_drain(g->pool);
    if (store_bulk_finish(g->bulk, &r, err, sizeof err) < 0) {
        fprintf(stderr, "%stacitus ingest: --bulk: %s (nothing stored)\n", nl(g), err);
        g->dberr = 1;
        g->stored = 0;
        return;
    }
    g->committed = r.documents;
    g->stored = r.documents;
    g->skipped += r.skipped;
    g->events = r.events;
    g->created = r.incidents;
    g->updated = r.joined;
}

/* Store every input of a in g (stopping at a database error or a SIGINT). */
static void ingest_all(ingest_ctx *g, const ingest_args *a)
{
    cli_progress_start(&g->prog, "ingest", a->want_progress, a->files, a->nfiles);
    cli_catch_interrupt();
    for (size_t i = 0; i < a->nfiles && !g->dberr && !cli_interrupted; i++) {
        const char *f = a->files[i];
        if (!a->coded && (a->warc || ends_with(f, ".warc") || ends_with(f, ".warc.gz")))
            ingest_warc(g, f);
        else if (a->coded || strcmp(f, "-") == 0 || ends_with(f, ".jsonl"))
            ingest_jsonl(g, f, a->coded);
        else
            ingest_file(g, f);
        if (g->pool) /* (store what the threads are still coding) */
            code_pool_drain(g->pool);
        cli_progress_file_done(&g->prog, f);
        if (!g->dberr)
            ingest_flush(g, f);
    }
    if (g->bulk && !g->dberr && !cli_interrupted)
        bulk_finish(g);
    else if (g->dberr) { /* keep what was stored before the error */
        g->dberr = 0;
        ingest_flush(g, NULL);
        g->dberr = 1;
    } else if (cli_interrupted) /* the open batch: documents stored whole */
        ingest_flush(g, NULL);
    progress(g, 1);
    cli_progress_break(&g->prog);
}

/* 'tacitus ingest' (see ingest_help). Returns the exit status. */
int cmd_ingest(int argc, char **argv)
{
    ingest_args a;
    ingest_ctx g = {0};
    int p = parse_ingest_args(argc, argv, &a);
    char err[1024];
    if (p == 0 && store_open(a.db, 0, &g.st, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus ingest: %s\n", err);
        p = -2;
    }
    tac_engine *eng = p == 0 && !a.coded ? open_engine(&a.eo, "ingest") : NULL;
    code_pool_opts po = {.fmt = TAC_FORMAT_JSON, .sink = store_coded, .ud = &g};
    if (p == 0 && !a.coded && eng && a.jobs > 1)
        g.pool = code_pool_new(eng, a.jobs, &po, &g.ptally);
    if (p == 0 && !a.coded && !g.pool && !(eng && (g.coder = tac_coder_new(eng)))) {
        if (eng)
            fprintf(stderr, "tacitus ingest: out of memory\n");
        p = eng ? -2 : -3;
    }
    if (p != 0) {
        tac_engine_close(eng);
        store_close(g.st);
        free(a.files);
        return p == 1 ? TAC_EXIT_OK : p == -1 ? (a.files ? TAC_EXIT_USAGE : TAC_EXIT_IO)
               : p == -2 ? TAC_EXIT_IO : TAC_EXIT_DATA;
    }
    if (a.bulk && store_bulk_begin(g.st, &g.bulk, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus ingest: --bulk: %s\n", err);
        code_pool_free(g.pool);
        tac_coder_free(g.coder);
        tac_engine_close(eng);
        store_close(g.st);
        free(a.files);
        return TAC_EXIT_IO;
    }
    g.published = a.published;
    store_set_batch(g.st, a.batch, 1);
    g.max_bytes = a.eo.max_bytes ? a.eo.max_bytes : 10u * 1024 * 1024;
    ingest_all(&g, &a);
    double el = cli_now() - g.prog.t0;
    fprintf(stderr,
            "tacitus ingest: %ld documents stored, %ld skipped (already stored), %ld failed; %ld events;"
            " %ld incidents created, %ld updated; %.1f s, %.0f docs/s%s\n",
            g.committed, g.skipped, g.failed, g.events, g.created, g.updated, el, g.committed / (el + 1e-9),
            g.dberr ? " (stopped: database error)"
            : cli_interrupted && g.bulk ? " (interrupted: --bulk stored nothing; run it again)"
            : cli_interrupted ? " (interrupted: each stored document is whole; a re-run stores the rest)" : "");
    code_pool_free(g.pool); /* (drained by ingest_all) */
    store_bulk_free(g.bulk);
    tac_coder_free(g.coder);
    tac_engine_close(eng);
    store_close(g.st);
    free(a.files);
    return g.dberr ? TAC_EXIT_IO : cli_interrupted ? CLI_EXIT_INTERRUPTED : g.failed ? TAC_EXIT_PARTIAL : TAC_EXIT_OK;
}

/* ----------------------------------------------------------- recode/delete */

/* The database: *db as given, else $TACITUS_DB. Returns 0, or -1 when there
 * is none (reported). */
static int need_db(const char **db, const char *cmd)
{
    if (!*db)
        *db = getenv("TACITUS_DB");
    if (!*db || !**db) {
        fprintf(stderr, "tacitus %s: --db DB (or TACITUS_DB) is required (see --help)\n", cmd);
        return -1;
    }
    return 0;
}

/* The options recode and delete share: --db, the engine's (recode) and the
 * document ids. */
typedef struct docs_args {
    const char *db;
    engine_opts eo;
    const char **ids;
    size_t nids;
} docs_args;

/* Parse argv into a (a->ids is malloc'd: free it). Returns 0; 1 when help was
 * printed; -1 on a usage error (reported). engine: accept --data,
 * --gazetteer, --max-bytes. */
static int parse_docs_args(int argc, char **argv, const char *cmd, const char *help, int engine, docs_args *a)
{
    memset(a, 0, sizeof *a);
    if (!(a->ids = calloc((size_t)argc, sizeof *a->ids))) {
        fprintf(stderr, "tacitus %s: out of memory\n", cmd);
        return -1;
    }
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int e = engine ? engine_opt(argc, argv, &i, &a->eo, cmd) : 0;
        if (e < 0)
            return -1;
        if (e)
            continue;
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            fputs(help, stdout);
            return 1;
        }
        if (strcmp(o, "--db") == 0 && i + 1 < argc)
            a->db = argv[++i];
        else if (strcmp(o, "--") == 0)
            while (++i < argc)
                a->ids[a->nids++] = argv[i];
        else if (o[0] == '-' && o[1]) {
            fprintf(stderr, "tacitus %s: unknown option or missing value: %s (see --help)\n", cmd, o);
            return -1;
        } else
            a->ids[a->nids++] = o;
    }
    return need_db(&a->db, cmd);
}

/* Open the store for writing; NULL when it cannot be (reported). A store
 * that does not exist yet is refused, not created (it is first opened for
 * reading, which does not create one). */
static store *open_for_change(const char *db, const char *cmd)
{
    store *st;
    char err[1024];
    if (store_open(db, 1, &st, err, sizeof err) == 0) {
        store_close(st);
        if (store_open(db, 0, &st, err, sizeof err) == 0)
            return st;
    }
    fprintf(stderr, "tacitus %s: %s\n", cmd, err);
    return NULL;
}

static const char delete_help[] =
    "usage: tacitus delete --db DB DOC...\n"
    "DB: an SQLite file or a postgres:// URL (default: $TACITUS_DB).\n"
    "\n"
    "Delete each stored document DOC (its id as 'show' prints it: a file's path as given at\n"
    "ingest, a JSON Lines record's id) with its events, its full-text entry and the figures\n"
    "it gave, in one transaction. Every incident it was in is reconciled again from the\n"
    "reports it keeps; an incident left with no report is deleted. Nothing is deleted when\n"
    "any DOC is not stored. Put '--' before an id that starts with '-'.\n"
    "exit status: 0 ok; 2 usage or a DOC not stored (named); 4 database error (or no such\n"
    "store: it is not created).\n";

/* 'tacitus delete' (see delete_help). Returns the exit status. */
int cmd_delete(int argc, char **argv)
{
    docs_args a;
    int p = parse_docs_args(argc, argv, "delete", delete_help, 0, &a);
    if (p == 0 && a.nids == 0) {
        fprintf(stderr, "tacitus delete: no document id given (see --help)\n");
        p = -1;
    }
    store *st = p == 0 ? open_for_change(a.db, "delete") : NULL;
    if (!st) {
        free(a.ids);
        return p > 0 ? TAC_EXIT_OK : p < 0 ? TAC_EXIT_USAGE : TAC_EXIT_IO;
    }
    store_change ch = {0};
    char err[1024];
    int rc = store_delete_documents(st, a.ids, a.nids, &ch, err, sizeof err);
    store_close(st);
    free(a.ids);
    if (rc < 0) {
        fprintf(stderr, "tacitus delete: %s%s\n", err, rc == -2 ? " (nothing deleted)" : "");
        return rc == -2 ? TAC_EXIT_USAGE : TAC_EXIT_IO;
    }
    fprintf(stderr, "tacitus delete: %ld documents deleted (%ld events); incidents: %ld reconciled, %ld deleted\n",
            ch.documents, ch.events_removed, ch.reconciled, ch.removed);
    return TAC_EXIT_OK;
}

static const char recode_help[] =
    "usage: tacitus recode --db DB [--data DIR] [--gazetteer FILE] [DOC...]\n"
    "DB: an SQLite file or a postgres:// URL (default: $TACITUS_DB).\n"
    "\n"
    "Code the stored documents (each DOC id, or all of them) again from their stored text\n"
    "with the current dictionaries and gazetteer, and replace their events, one document a\n"
    "transaction: each new event joins the incident it now matches (as at ingest) or keeps\n"
    "its old incident's id when it matches nothing else; every incident a document left or\n"
    "joined is reconciled again (its figure history rebuilt from its reports), and one left\n"
    "with no report is deleted. A document stored without text ('ingest --coded') cannot\n"
    "be recoded: it is reported and left as it is.\n"
    "\n"
    "options:\n"
    "  --db DB                   the database (default: $TACITUS_DB)\n"
    "  --data DIR, --gazetteer FILE, --max-bytes N   as for 'tacitus code'\n"
    "\n"
    "exit status: 0 ok; 1 some documents could not be recoded (each reported); 2 usage or a\n"
    "DOC not stored (named; nothing recoded); 3 data files; 4 database error (or no such\n"
    "store: it is not created).\n";

/* A growing list of document ids (store_document_ids's callback fills it). */
typedef struct id_list {
    char **ids;
    size_t n, cap;
    int oom;
} id_list;

/* Append a copy of id to the id_list ud; nonzero (and l->oom) when out of memory. */
static int collect_id(void *ud, const char *id)
{
    id_list *l = ud;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 256;
        char **grown = realloc(l->ids, cap * sizeof *grown);
        if (!grown)
            return l->oom = 1;
        l->ids = grown, l->cap = cap;
    }
    if (!(l->ids[l->n] = strdup(id)))
        return l->oom = 1;
    l->n++;
    return 0;
}

/* Free l's ids. */
static void id_list_free(id_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->ids[i]);
    free(l->ids);
}

/* The documents to recode: the ids given (each checked to be stored) or every
 * stored one. Returns 0, or an exit status (reported). */
static int recode_targets(store *st, const docs_args *a, id_list *l)
{
    char err[1024];
    if (a->nids == 0) {
        if (store_document_ids(st, collect_id, l, err, sizeof err) < 0 && !l->oom) {
            fprintf(stderr, "tacitus recode: %s\n", err);
            return TAC_EXIT_IO;
        }
    }
    for (size_t i = 0; i < a->nids && !l->oom; i++) {
        int has = store_document_exists(st, a->ids[i], err, sizeof err);
        if (has <= 0) {
            if (has < 0)
                fprintf(stderr, "tacitus recode: %s\n", err);
            else
                fprintf(stderr, "tacitus recode: %s: no such document (nothing recoded)\n", a->ids[i]);
            return has < 0 ? TAC_EXIT_IO : TAC_EXIT_USAGE;
        }
        collect_id(l, a->ids[i]);
    }
    if (l->oom) {
        fprintf(stderr, "tacitus recode: out of memory\n");
        return TAC_EXIT_IO;
    }
    return 0;
}

/* Recode each listed document; counts to ch. Returns the exit status. */
static int recode_all(store *st, tac_coder *coder, const id_list *l, store_change *ch, long *failed)
{
    char err[1024];
    for (size_t i = 0; i < l->n; i++) {
        int rc = store_recode_document(st, coder, l->ids[i], ch, err, sizeof err);
        if (rc == -1) {
            fprintf(stderr, "tacitus recode: %s: %s\n", l->ids[i], err);
            return TAC_EXIT_IO;
        }
        if (rc == 1)
            fprintf(stderr, "tacitus recode: %s: no stored text (stored with 'ingest --coded'), left as it is\n",
                    l->ids[i]);
        else if (rc == -2)
            fprintf(stderr, "tacitus recode: %s: %s\n", l->ids[i], err);
        *failed += rc != 0;
    }
    return *failed ? TAC_EXIT_PARTIAL : TAC_EXIT_OK;
}

/* 'tacitus recode' (see recode_help). Returns the exit status. */
int cmd_recode(int argc, char **argv)
{
    docs_args a;
    int p = parse_docs_args(argc, argv, "recode", recode_help, 1, &a);
    store *st = p == 0 ? open_for_change(a.db, "recode") : NULL;
    if (!st) {
        free(a.ids);
        return p > 0 ? TAC_EXIT_OK : p < 0 ? TAC_EXIT_USAGE : TAC_EXIT_IO;
    }
    id_list l = {0};
    int rc = recode_targets(st, &a, &l);
    tac_engine *eng = rc ? NULL : open_engine(&a.eo, "recode");
    tac_coder *coder = eng ? tac_coder_new(eng) : NULL;
    if (!rc && !coder) {
        if (eng)
            fprintf(stderr, "tacitus recode: out of memory\n");
        rc = eng ? TAC_EXIT_IO : TAC_EXIT_DATA;
    }
    store_change ch = {0};
    long failed = 0;
    if (!rc) {
        rc = recode_all(st, coder, &l, &ch, &failed);
        fprintf(stderr,
                "tacitus recode: %ld documents recoded, %ld not; %ld events (were %ld); incidents: %ld created,"
                " %ld reconciled, %ld deleted%s\n",
                ch.documents, failed, ch.events, ch.events_removed, ch.created, ch.reconciled, ch.removed,
                rc == TAC_EXIT_IO ? " (stopped: database error)" : "");
    }
    tac_coder_free(coder);
    tac_engine_close(eng);
    store_close(st);
    id_list_free(&l);
    free(a.ids);
    return rc;
}

/* ------------------------------------------------------------ query/export */


static const char filter_help[] =
    "  --since DATE, --until DATE   incidents dated within (YYYY-MM-DD)\n"
    "  --country C                  a country by name, ISO code or demonym (\"Pakistan\",\n"
    "                               \"PK\", \"PAK\", \"Pakistani\")\n"
    "  --admin1 NAME                province or state, as the gazetteer names it (any case)\n"
    "  --type T, --sub-type S       ACLED event type / sub-event type, in any case\n"
    "                               (\"battles\", \"Armed clash\")\n"
    "  --cameo ROOT                 CAMEO code prefix of 2 to 4 digits (\"19\", \"183\")\n"
    "  --actor NAME                 actor1, actor2 or claimant, also by alias (\"TTP\")\n"
    "  --min-killed N               at least N killed\n"
    "  --include-background         also incidents the reports only recall (background\n"
    "                               mentions); by default only current incidents are listed\n"
    "  --background                 background mentions only\n"
    "  --near LAT,LON,KM            within KM km of a point, or of a place:\n"
    "  --near PLACE,KM              \"Quetta,25\" (the most populous place of that name, or the\n"
    "                               country; which one was taken is said when it is ambiguous)\n"
    "  --text WORDS                 incidents whose reports contain all WORDS\n"
    "  --limit N                    at most N incidents\n"
    "  --timing                     print the time the database took to stderr\n"
    "A value a filter does not know (a country, type, sub-type, province, place or CAMEO\n"
    "code) is a usage error (exit 2) that says what is accepted.\n";

typedef struct filter_args {
    store_filter f;
    const char *db;
    const char *format;
    const char *actor;
    const char *country, *admin1, *type, *sub_type, *near; /* as given; resolved by resolve_filters */
    char cc[3];          /* the country's ISO alpha-2 code (f.country points here) */
    engine_opts eo;
    tac_engine *eng;     /* opened by filter_geo or resolve_actor; tac_engine_close it */
    int timing;  /* --timing */
} filter_args;

/* Parse argv into fa (values as given: resolve_filters checks them). Returns
 * 0 ok, 1 help printed, -1 usage error (reported). */
static int parse_filter(int argc, char **argv, filter_args *fa, const char *cmd, const char *help)
{
    store_filter_init(&fa->f);
    fa->f.background = 0; /* current incidents unless asked: what a report only recalls is no event to map */
    static const struct { const char *opt; size_t off; } text_opts[] = {
        {"--db", offsetof(filter_args, db)},         {"--format", offsetof(filter_args, format)},
        {"--country", offsetof(filter_args, country)}, {"--admin1", offsetof(filter_args, admin1)},
        {"--type", offsetof(filter_args, type)},     {"--sub-type", offsetof(filter_args, sub_type)},
        {"--near", offsetof(filter_args, near)},     {"--actor", offsetof(filter_args, actor)},
        {"--cameo", offsetof(filter_args, f.cameo)}, {"--text", offsetof(filter_args, f.text)},
    };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int e = engine_opt(argc, argv, &i, &fa->eo, cmd);
        if (e < 0)
            return -1;
        if (e)
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            fputs(filter_help, stdout);
            return 1;
        }
        if (strcmp(a, "--background") == 0 || strcmp(a, "--current") == 0 || /* --current: the default */
            strcmp(a, "--include-background") == 0) {
            fa->f.background = a[2] == 'b' ? 1 : a[2] == 'c' ? 0 : -1;
            continue;
        }
        if (strcmp(a, "--timing") == 0) {
            fa->timing = 1;
            continue;
        }
        if (i + 1 >= argc || a[0] != '-') {
            fprintf(stderr, "tacitus %s: unknown argument or missing value: %s (see --help)\n", cmd, a);
            return -1;
        }
        const char *v = argv[++i];
        size_t k = 0;
        while (k < sizeof text_opts / sizeof text_opts[0] && strcmp(a, text_opts[k].opt) != 0)
            k++;
        if (k < sizeof text_opts / sizeof text_opts[0]) {
            *(const char **)((char *)fa + text_opts[k].off) = v;
        } else if (strcmp(a, "--since") == 0 || strcmp(a, "--until") == 0) {
            if (!tac_valid_date(v)) {
                fprintf(stderr, "tacitus %s: %s: expected YYYY-MM-DD, got '%s'\n", cmd, a, v);
                return -1;
            }
            *(a[2] == 's' ? &fa->f.since : &fa->f.until) = v;
        } else if (strcmp(a, "--min-killed") == 0 || strcmp(a, "--limit") == 0) {
            char *end = NULL;
            long n = strtol(v, &end, 10);
            if (*v == '\0' || *end || n < 0) {
                fprintf(stderr, "tacitus %s: %s: expected a number, got '%s'\n", cmd, a, v);
                return -1;
            }
            *(a[2] == 'm' ? &fa->f.min_killed : &fa->f.limit) = n;
        } else {
            fprintf(stderr, "tacitus %s: unknown option: %s (see --help)\n", cmd, a);
            return -1;
        }
    }
    return need_db(&fa->db, cmd);
}

/* The engine's gazetteer, opening the engine on first use (fa->eng). NULL
 * when it cannot be opened (reported, naming the option that needs it). */
static const geo_gazetteer *filter_geo(filter_args *fa, const char *cmd, const char *opt)
{
    if (!fa->eng) {
        tac_options o = {fa->eo.data_dir, fa->eo.gazetteer, 0};
        char err[1024];
        if (tac_engine_open(&o, &fa->eng, err, sizeof err) < 0) {
            fprintf(stderr, "tacitus %s: %s needs the gazetteer: %s\n", cmd, opt, err);
            fa->eng = NULL;
            return NULL;
        }
    }
    return tac_engine_geo(fa->eng);
}

/* The gazetteer's places named name (folded as the coder folds text), up to
 * max in out; returns how many were written. */
static size_t places_named(const geo_gazetteer *g, const char *name, geo_place *out, size_t max)
{
    char key[512];
    size_t n = lexicon_fold_phrase(name, key, sizeof key);
    size_t total = n ? geo_lookup(g, key, n, out, max) : 0;
    return total < max ? total : max;
}

/* The country v names (a name, an ISO alpha-2 or alpha-3 code, a demonym) into
 * *out. Returns 0, or -1 when it names none. */
static int find_country(const geo_gazetteer *g, const char *v, geo_place *out)
{
    if (strlen(v) == 2) {
        char cc[3] = {(char)toupper((unsigned char)v[0]), (char)toupper((unsigned char)v[1]), '\0'};
        if (geo_country(g, cc, out) == 0)
            return 0;
    }
    geo_place pl[32];
    size_t n = places_named(g, v, pl, 32);
    for (size_t i = 0; i < n; i++)
        if (pl[i].kind == GEO_COUNTRY) {
            *out = pl[i];
            return 0;
        }
    return -1;
}

/* v folded for a lenient comparison of code names: its letters and digits,
 * lower-cased ("Violence against civilians" -> "violenceagainstcivilians"). */
static void fold_code_name(const char *v, char *out, size_t cap)
{
    size_t o = 0;
    for (; *v && o + 1 < cap; v++)
        if (isalnum((unsigned char)*v))
            out[o++] = (char)tolower((unsigned char)*v);
    out[o] = '\0';
}

/* The codebook spelling of v among name_of(1..max-1) (in any case, spaces and
 * punctuation ignored), or NULL; on NULL an error naming opt, v, and listing
 * the accepted names is printed. */
static const char *codebook_value(const char *v, const char *(*name_of)(int), int max, const char *cmd,
                                  const char *opt, const char *what)
{
    char want[128], have[128];
    fold_code_name(v, want, sizeof want);
    for (int i = 1; i < max; i++) {
        fold_code_name(name_of(i), have, sizeof have);
        if (*want && strcmp(want, have) == 0)
            return name_of(i);
    }
    fprintf(stderr, "tacitus %s: %s: unknown %s '%s' (accepted, in any case:", cmd, opt, what, v);
    for (int i = 1; i < max; i++)
        fprintf(stderr, "%s %s", i > 1 ? "," : "", name_of(i));
    fprintf(stderr, ")\n");
    return NULL;
}

/* Is v a CAMEO code or prefix: 2 to 4 digits, the root 01 to 20? */
static int valid_cameo(const char *v)
{
    size_t n = strlen(v);
    if (n < 2 || n > 4 || strspn(v, "0123456789") != n)
        return 0;
    int root = (v[0] - '0') * 10 + (v[1] - '0');
    return root >= 1 && root <= 20;
}

/* The province or state (a first-level division) v names, in the country cc
 * when cc is not empty, into *out. Returns 0, or -1 when none. */
static int find_admin1(const geo_gazetteer *g, const char *v, const char *cc, geo_place *out)
{
    geo_place pl[64];
    size_t n = places_named(g, v, pl, 64);
    for (size_t i = 0; i < n; i++)
        if (pl[i].kind == GEO_ADMIN1 && (!*cc || strcmp(pl[i].cc, cc) == 0)) {
            *out = pl[i];
            return 0;
        }
    return -1;
}

/* The place --near PLACE,KM means among the n candidates pl: a country when
 * one is, else the most populous. */
static const geo_place *pick_near_place(const geo_place *pl, size_t n)
{
    const geo_place *best = &pl[0];
    for (size_t i = 0; i < n; i++) {
        if (pl[i].kind == GEO_COUNTRY)
            return &pl[i];
        if (pl[i].population > best->population)
            best = &pl[i];
    }
    return best;
}

/* Say on stderr which of the n places named name was taken (p), when another
 * lies over 10 km from it (the name is ambiguous); else nothing. */
static void say_near_choice(const char *cmd, const char *name, const geo_place *pl, size_t n, const geo_place *p)
{
    size_t others = 0;
    for (size_t i = 0; i < n; i++)
        others += geo_distance_km(p->lat, p->lon, pl[i].lat, pl[i].lon) > 10;
    if (!others)
        return;
    fprintf(stderr, "tacitus %s: --near: '%s' names %zu places; taking %s%s%s, %s (%.4f, %.4f; population %u)\n",
            cmd, name, others + 1, p->name, *p->admin1 ? ", " : "", p->admin1, p->country, p->lat, p->lon,
            p->population);
}

/* Resolve --near (LAT,LON,KM or PLACE,KM) into fa->f. Returns 0, or -1 (reported). */
static int resolve_near(filter_args *fa, const char *cmd)
{
    const char *v = fa->near;
    double la, lo, km;
    char extra;
    if (sscanf(v, "%lf,%lf,%lf%c", &la, &lo, &km, &extra) == 3) {
        if (la < -90 || la > 90 || lo < -180 || lo > 180 || km <= 0) {
            fprintf(stderr, "tacitus %s: --near: '%s' is out of range (LAT -90..90, LON -180..180, KM > 0)\n", cmd, v);
            return -1;
        }
        fa->f.near = 1, fa->f.lat = la, fa->f.lon = lo, fa->f.km = km;
        return 0;
    }
    const char *comma = strrchr(v, ',');
    char *end = NULL, *name_end = NULL;
    km = comma ? strtod(comma + 1, &end) : 0;
    strtod(v, &name_end); /* a name that is a number is a point missing a part ("30.2,67.0") */
    if (!comma || comma == v || end == comma + 1 || *end || !(km > 0) || name_end == comma) {
        fprintf(stderr, "tacitus %s: --near: expected LAT,LON,KM or PLACE,KM (\"30.2,67.0,200\", \"Quetta,25\"),"
                        " got '%s'\n", cmd, v);
        return -1;
    }
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(comma - v), v);
    const geo_gazetteer *g = filter_geo(fa, cmd, "--near");
    if (!g)
        return -2;
    geo_place pl[32];
    size_t n = places_named(g, name, pl, 32);
    if (n == 0) {
        fprintf(stderr, "tacitus %s: --near: unknown place '%s' (accepted: a place, province or country the"
                        " gazetteer knows, or LAT,LON; see 'tacitus dict lookup')\n", cmd, name);
        return -1;
    }
    const geo_place *p = pick_near_place(pl, n);
    say_near_choice(cmd, name, pl, n, p);
    fa->f.near = 1, fa->f.lat = p->lat, fa->f.lon = p->lon, fa->f.km = km;
    return 0;
}

/* Resolve --country, --admin1 (both to the gazetteer's spelling) and --near
 * with the gazetteer. Returns 0, -1 on an unknown value (reported: a usage
 * error), -2 when the gazetteer cannot be opened (reported). */
static int resolve_places(filter_args *fa, const char *cmd)
{
    geo_place p;
    const geo_gazetteer *g = NULL;
    if (fa->country) {
        if (!(g = filter_geo(fa, cmd, "--country")))
            return -2;
        if (find_country(g, fa->country, &p) < 0) {
            fprintf(stderr, "tacitus %s: --country: unknown country '%s' (accepted: a country's name, ISO code"
                            " or demonym, as \"Pakistan\", \"PK\", \"PAK\", \"Pakistani\")\n", cmd, fa->country);
            return -1;
        }
        memcpy(fa->cc, p.cc, sizeof fa->cc);
        fa->f.country = fa->cc;
    }
    if (fa->admin1) {
        if (!(g = filter_geo(fa, cmd, "--admin1")))
            return -2;
        if (find_admin1(g, fa->admin1, fa->cc, &p) < 0) {
            fprintf(stderr, "tacitus %s: --admin1: unknown province or state '%s'%s%s (accepted: a first-level"
                            " division the gazetteer knows, as \"Balochistan\"; see 'tacitus dict lookup')\n",
                    cmd, fa->admin1, *fa->cc ? " in " : "", fa->cc);
            return -1;
        }
        fa->f.admin1 = p.name; /* valid while the engine is open */
    }
    return fa->near ? resolve_near(fa, cmd) : 0;
}

/* Check and resolve the filters parse_filter read: places (resolve_places),
 * event types and sub-types to the codebook's spelling, the CAMEO prefix.
 * Returns 0, -1 on a usage error, -2 on a data error (each reported). */
static int resolve_filters(filter_args *fa, const char *cmd)
{
    if (fa->type && !(fa->f.type = codebook_value(fa->type, acled_type_name, ET_MAX, cmd, "--type", "event type")))
        return -1;
    if (fa->sub_type &&
        !(fa->f.sub_type = codebook_value(fa->sub_type, acled_sub_name, SUB_MAX, cmd, "--sub-type", "sub-event type")))
        return -1;
    if (fa->f.cameo && !valid_cameo(fa->f.cameo)) {
        fprintf(stderr, "tacitus %s: --cameo: expected a CAMEO code or prefix of 2 to 4 digits, its root 01 to 20"
                        " (\"19\", \"183\"), got '%s'\n", cmd, fa->f.cameo);
        return -1;
    }
    return resolve_places(fa, cmd);
}

/* Resolve --actor to the names to match: the name as given, plus the
 * canonical name of every dictionary actor it is an alias of. The engine is
 * opened only for this (or shared with the place filters); without it the
 * name is used as given (warned). */
static void resolve_actor(filter_args *fa, const char *cmd)
{
    if (!fa->actor)
        return;
    fa->f.actors[fa->f.nactors++] = fa->actor;
    tac_options opt = {cli_path(CLI_PATH_DATA, fa->eo.data_dir, NULL), cli_path(CLI_PATH_GAZETTEER, fa->eo.gazetteer, NULL), 0};
    char err[1024];
    if (!fa->eng && tac_engine_open(&opt, &fa->eng, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus %s: warning: aliases not resolved (%s)\n", cmd, err);
        fa->eng = NULL;
        return;
    }
    const lexicon *lx = tac_engine_lexicon(fa->eng);
    char folded[512];
    size_t n = lexicon_fold_phrase(fa->actor, folded, sizeof folded);
    int32_t v[STORE_MAX_ACTORS];
    size_t got = n ? lexicon_lookup(lx, folded, n, fa->actor, LK_ACTOR, v, STORE_MAX_ACTORS - 1) : 0;
    for (size_t j = 0; j < got && fa->f.nactors < STORE_MAX_ACTORS; j++) {
        const lex_actor *a = lexicon_actor(lx, v[j]);
        if (a && a->name)
            fa->f.actors[fa->f.nactors++] = a->name; /* valid while the engine is open */
    }
}

/* parse_filter, then resolve_filters. Returns 0 to go on; else 1 with the
 * exit status in *status (help printed: TAC_EXIT_OK; a usage or data error,
 * reported), fa->eng closed. */
static int read_filters(int argc, char **argv, filter_args *fa, const char *cmd, const char *help, int *status)
{
    memset(fa, 0, sizeof *fa);
    int p = parse_filter(argc, argv, fa, cmd, help);
    if (p == 0)
        p = resolve_filters(fa, cmd);
    if (p == 0)
        return 0;
    tac_engine_close(fa->eng);
    fa->eng = NULL;
    *status = p > 0 ? TAC_EXIT_OK : p == -2 ? TAC_EXIT_DATA : TAC_EXIT_USAGE;
    return 1;
}

typedef struct out_ctx {
    incident_writer *w;
    int table;
    int failed;
} out_ctx;

static const char *js(const json_t *o, const char *k1, const char *k2)
{
    const json_t *v = json_object_get(o, k1);
    if (k2)
        v = json_object_get(v, k2);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* The number of terminal cells the UTF-8 character at s takes (utf8proc_charwidth;
 * 1 for an invalid byte), and its length in bytes in *len. */
static int char_cells(const char *s, size_t *len)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
    if (n <= 0) {
        *len = 1;
        return 1;
    }
    *len = (size_t)n;
    int w = utf8proc_charwidth(c);
    return w < 0 ? 0 : w;
}

/* Print s (UTF-8) in a column width terminal cells wide: cut to whole
 * characters that fit, then padded with spaces (before it when right).
 * Returns 0, or -1 when stdout cannot be written. */
static int print_cell(const char *s, int width, int right)
{
    int cells = 0;
    size_t end = 0, len;
    while (s[end]) {
        int w = char_cells(s + end, &len);
        if (cells + w > width)
            break;
        cells += w;
        end += len;
    }
    int pad = width - cells;
    return printf("%*s%.*s%*s", right ? pad : 0, "", (int)end, s, right ? 0 : pad, "") < 0 ? -1 : 0;
}

/* The query table's columns: heading, width in cells (0: the last, unpadded),
 * right-aligned. */
static const struct { const char *head; int width, right; } table_cols[] = {
    {"id", 10, 0}, {"date", 10, 0}, {"place", 22, 0}, {"cc", 2, 0}, {"type", 26, 0}, {"killed", 6, 1}, {"actor1", 0, 0},
};
#define TABLE_NCOLS (sizeof table_cols / sizeof table_cols[0])

/* Print one table row of TABLE_NCOLS cells, two spaces apart. Returns 0, or
 * -1 when stdout cannot be written. */
static int print_row(const char *const cell[TABLE_NCOLS])
{
    int rc = 0;
    for (size_t c = 0; c < TABLE_NCOLS; c++) {
        if (c && fputs("  ", stdout) == EOF)
            rc = -1;
        if (table_cols[c].width ? print_cell(cell[c], table_cols[c].width, table_cols[c].right) < 0
                                : fputs(cell[c], stdout) == EOF)
            rc = -1;
    }
    return putchar('\n') == EOF ? -1 : rc;
}

/* Print the table's heading row. Returns 0, or -1 when stdout cannot be written. */
static int print_table_head(void)
{
    const char *cell[TABLE_NCOLS];
    for (size_t c = 0; c < TABLE_NCOLS; c++)
        cell[c] = table_cols[c].head;
    return print_row(cell);
}

/* s, or "-" when it is empty. */
static const char *or_dash(const char *s)
{
    return s[0] ? s : "-";
}

/* store_query's callback: write incident inc as a table row or through the
 * writer (o->failed when the output cannot be written; nonzero then stops). */
static int emit_incident(void *ud, json_t *inc)
{
    out_ctx *o = ud;
    if (o->table) {
        const json_t *k = json_object_get(json_object_get(inc, "killed"), "min");
        char kb[24] = "-";
        if (json_is_integer(k))
            snprintf(kb, sizeof kb, "%lld", (long long)json_integer_value(k));
        const char *t = js(inc, "event_type", NULL);
        const char *cell[TABLE_NCOLS] = {js(inc, "id", NULL), or_dash(js(inc, "date", "start")),
                                         or_dash(js(inc, "location", "name")),
                                         or_dash(js(inc, "location", "country_code")),
                                         t[0] ? t : js(inc, "kind", NULL), kb, or_dash(js(inc, "actor1", "name"))};
        if (print_row(cell) < 0)
            o->failed = 1;
    } else if (incident_writer_add(o->w, inc) < 0)
        o->failed = 1;
    json_decref(inc);
    return o->failed;
}

/* JSON Lines straight from the store's text: the same bytes as the writer's. */
static int emit_text(void *ud, const char *json)
{
    out_ctx *o = ud;
    if (fputs(json, stdout) == EOF || putchar('\n') == EOF)
        o->failed = 1;
    return o->failed;
}

static int export_bom; /* export --bom: set by cmd_export, read by run_query's writer set-up */

/* The output format fmt names for query (table, jsonl, csv) or export (every
 * export format): its export_format, or -1 for query's table; 'json' is
 * jsonl. Returns -2 when fmt names none (reported, with what is accepted). */
static int output_format(const char *fmt, int is_export, const char *cmd)
{
    if (!is_export && strcmp(fmt, "table") == 0)
        return -1;
    int ef = strcmp(fmt, "json") == 0 ? EXP_JSONL : export_format_parse(fmt);
    if (ef < 0 || (!is_export && ef != EXP_JSONL && ef != EXP_CSV)) {
        fprintf(stderr, "tacitus %s: --format: unknown format '%s' (accepted: %s; json = jsonl)\n", cmd, fmt,
                is_export ? "acled, gtd, cameo, geojson, jsonl, csv" : "table, jsonl, csv");
        return -2;
    }
    return ef;
}

/* 'tacitus query' and 'tacitus export' (is_export): the incidents matching
 * the filters of argv in the --format asked. Returns the exit status. */
static int run_query(int argc, char **argv, const char *cmd, const char *help, int is_export)
{
    filter_args fa;
    int status;
    if (read_filters(argc, argv, &fa, cmd, help, &status))
        return status;
    out_ctx o = {0};
    int ef = output_format(fa.format ? fa.format : is_export ? "jsonl" : "table", is_export, cmd);
    if (ef == -2) {
        tac_engine_close(fa.eng);
        return TAC_EXIT_USAGE;
    }
    o.table = ef == -1;
    store *st;
    char err[1024];
    double t0 = 1e3 * cli_now();
    if (store_open(fa.db, 1, &st, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus %s: %s\n", cmd, err);
        tac_engine_close(fa.eng);
        return TAC_EXIT_IO;
    }
    double t1 = 1e3 * cli_now();
    resolve_actor(&fa, cmd);
    tac_engine *eng = fa.eng;
    int text = ef == EXP_JSONL; /* the stored text is the line: nothing to parse */
    export_options xo = {cli_path(CLI_PATH_DATA, fa.eo.data_dir, NULL), export_bom};
    char werr[1024];
    if (!o.table && !text && !(o.w = incident_writer_open((enum export_format)ef, stdout, &xo, werr, sizeof werr))) {
        fprintf(stderr, "tacitus %s: %s\n", cmd, werr);
        store_close(st);
        tac_engine_close(eng);
        return TAC_EXIT_IO;
    }
    if (o.table && print_table_head() < 0)
        o.failed = 1;
    double t2 = 1e3 * cli_now();
    long n = text ? store_query_text(st, &fa.f, emit_text, &o, err, sizeof err)
                  : store_query(st, &fa.f, emit_incident, &o, err, sizeof err);
    if (fa.timing && n >= 0) /* open and query (with writing the output); actor aliases not counted */
        fprintf(stderr, "tacitus %s: %ld incidents; open %.2f ms, query %.2f ms\n", cmd, n, t1 - t0,
                1e3 * cli_now() - t2);
    int rc = TAC_EXIT_OK;
    if (n < 0 && err[0]) {
        fprintf(stderr, "tacitus %s: %s\n", cmd, err);
        rc = TAC_EXIT_IO;
    }
    if (o.w && incident_writer_left_out(o.w, werr, sizeof werr) > 0) /* a codebook's rules left some out */
        fprintf(stderr, "tacitus %s: %s\n", cmd, werr);
    if (o.w && incident_writer_finish(o.w) < 0)
        o.failed = 1;
    if (text && (fflush(stdout) == EOF || ferror(stdout)))
        o.failed = 1;
    if (o.failed && rc == TAC_EXIT_OK) {
        fprintf(stderr, "tacitus %s: cannot write output: %s\n", cmd, strerror(errno));
        rc = TAC_EXIT_IO;
    }
    store_close(st);
    tac_engine_close(eng);
    return rc;
}

int cmd_query(int argc, char **argv)
{
    static const char help[] =
        "usage: tacitus query --db DB [filters] [--format table|jsonl|csv]\n"
        "DB: an SQLite file or a postgres:// URL (default: $TACITUS_DB).\n"
        "\n"
        "List the stored incidents that match every filter, in date order: a table for people\n"
        "(default), JSON Lines (one reconciled incident a line) or CSV.\n"
        "exit status: 0 ok; 2 usage; 4 database or output error.\n\nfilters:\n";
    return run_query(argc, argv, "query", help, 0);
}

/* Take export's own --bom out of argv (shifting the rest down, *argc reduced);
 * returns 1 when it was given, -1 (message printed) when it was given with a
 * JSON format, which has no byte order mark. */
static int take_bom(int *argc, char **argv)
{
    int bom = 0, json = 1; /* the default format is jsonl */
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < *argc)
            json = strcmp(argv[i + 1], "jsonl") == 0 || strcmp(argv[i + 1], "json") == 0 ||
                   strcmp(argv[i + 1], "geojson") == 0;
        if (strcmp(argv[i], "--bom") == 0) {
            bom = 1;
            memmove(argv + i, argv + i + 1, (size_t)(*argc - i - 1) * sizeof *argv);
            (*argc)--, i--;
        }
    }
    if (bom && json) {
        fprintf(stderr, "tacitus export: --bom is for the CSV and TSV formats (JSON has no byte order mark)\n");
        return -1;
    }
    return bom;
}

int cmd_export(int argc, char **argv)
{
    static const char help[] =
        "usage: tacitus export --db DB --format acled|gtd|cameo|geojson|jsonl|csv [--bom] [filters]\n"
        "DB: an SQLite file or a postgres:// URL (default: $TACITUS_DB).\n"
        "\n"
        "Write the stored current incidents that match the filters, in date order, in a format\n"
        "other tools load: ACLED-style CSV, GTD-style CSV, CAMEO/Phoenix-style TSV, GeoJSON,\n"
        "JSON Lines or a flat CSV (see docs/formats.md). Each codebook format leaves out what\n"
        "its codebook does not record (ACLED: events located only to a country or dated only to\n"
        "a year; GTD: what is not an attack; GeoJSON: incidents without coordinates or a date),\n"
        "counted on stderr. --data DIR holds the tables they use (countries.tsv, export-codes.txt,\n"
        "cameo-actors.txt, titles.txt).\n"
        "  --bom                        start with a UTF-8 byte order mark, for spreadsheets\n"
        "                               (csv, acled, gtd, cameo)\n"
        "exit status: 0 ok; 2 usage; 4 database, data folder or output error.\n\nfilters:\n";
    export_bom = take_bom(&argc, argv);
    if (export_bom < 0)
        return TAC_EXIT_USAGE;
    return run_query(argc, argv, "export", help, 1);
}

/* -------------------------------------------------------------------- show */

static void print_figure(const char *label, const json_t *f)
{
    if (!json_is_object(f))
        return;
    const json_t *mx = json_object_get(f, "max");
    printf("  %s: %lld", label, (long long)json_integer_value(json_object_get(f, "min")));
    if (json_is_integer(mx))
        printf(" (up to %lld)", (long long)json_integer_value(mx));
    printf("%s%s\n", json_is_true(json_object_get(f, "approximate")) ? " (approximate)" : "",
           json_is_true(json_object_get(f, "revised")) ? " (revised)" : "");
}

static void quote_span(const char *s, long start, long end)
{
    long n = s ? (long)strlen(s) : 0;
    if (!s || start < 0 || end > n || start >= end) {
        printf("(span %ld-%ld not in the stored text)", start, end);
        return;
    }
    putchar('"');
    long lim = end - start > 240 ? start + 240 : end;
    for (long i = start; i < lim; i++)
        putchar(s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
    printf("%s\"", lim < end ? "..." : "");
}

static const char show_help[] =
    "usage: tacitus show --db DB [--format pretty|jsonl] INCIDENT-ID\n"
    "DB: an SQLite file or a postgres:// URL (default: $TACITUS_DB).\n"
    "\n"
    "Print an incident (its id in any case: inc-000042 is INC-000042): its reconciled\n"
    "fields, each report's event with the reason it joined, the history of its figures,\n"
    "and the evidence quoted from each report.\n"
    "  --format pretty              for people (the default)\n"
    "  --format jsonl               one line of JSON: {\"incident\", \"events\", \"figures\",\n"
    "                               \"documents\"} (docs/store.md); 'json' is accepted for jsonl\n"
    "exit status: 0 ok; 2 usage or no such incident; 4 database error.\n";

/* The command line of 'tacitus show'. */
typedef struct show_args {
    const char *db;
    int json;            /* --format jsonl (or json) */
    char id[64];         /* the incident id, upper-cased */
} show_args;

/* Parse argv into a. Returns 0; 1 when help was printed; -1 on a usage error (reported). */
static int parse_show_args(int argc, char **argv, show_args *a)
{
    memset(a, 0, sizeof *a);
    const char *id = NULL;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            fputs(show_help, stdout);
            return 1;
        } else if (strcmp(o, "--db") == 0 && i + 1 < argc) {
            a->db = argv[++i];
        } else if (strcmp(o, "--format") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            a->json = strcmp(f, "jsonl") == 0 || strcmp(f, "json") == 0;
            if (!a->json && strcmp(f, "pretty") != 0) {
                fprintf(stderr, "tacitus show: --format: unknown format '%s' (accepted: pretty, jsonl; json = jsonl)\n",
                        f);
                return -1;
            }
        } else if ((o[0] == '-' && o[1]) || id) {
            fprintf(stderr, "tacitus show: %s: %s (see --help)\n", o,
                    o[0] == '-' ? "unknown option or missing value" : "one incident id only");
            return -1;
        } else
            id = o;
    }
    if (!id) {
        fprintf(stderr, "tacitus show: no incident id given (see --help)\n");
        return -1;
    }
    size_t n = strlen(id);
    if (n >= sizeof a->id) {
        fprintf(stderr, "tacitus show: '%.40s...': not an incident id (they read INC-000042)\n", id);
        return -1;
    }
    for (size_t k = 0; k <= n; k++)
        a->id[k] = (char)toupper((unsigned char)id[k]);
    return need_db(&a->db, "show");
}

/* Print incident detail d (store_incident_detail) for people. */
static void print_incident(const char *id, const json_t *d);

/* 'tacitus show' (see show_help). Returns the exit status. */
int cmd_show(int argc, char **argv)
{
    show_args a;
    int p = parse_show_args(argc, argv, &a);
    if (p)
        return p > 0 ? TAC_EXIT_OK : TAC_EXIT_USAGE;
    store *st;
    char err[1024];
    if (store_open(a.db, 1, &st, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus show: %s\n", err);
        return TAC_EXIT_IO;
    }
    json_t *d = store_incident_detail(st, a.id, err, sizeof err);
    store_close(st);
    if (!d) {
        if (err[0])
            fprintf(stderr, "tacitus show: %s\n", err);
        else
            fprintf(stderr, "tacitus show: %s: no such incident in %s\n", a.id,
                    strstr(a.db, "://") ? "the database" : a.db); /* a URL may hold a password */
        return err[0] ? TAC_EXIT_IO : TAC_EXIT_USAGE;
    }
    if (a.json) {
        if (json_dumpf(d, stdout, JSON_COMPACT) == 0)
            putchar('\n');
    } else
        print_incident(a.id, d);
    json_decref(d);
    return TAC_EXIT_OK;
}

/* Print the reconciled fields of incident inc (its id: id). */
static void print_incident_fields(const char *id, const json_t *inc)
{
    printf("%s  %s / %s  (CAMEO %s, kind %s)%s\n", id, js(inc, "event_type", NULL), js(inc, "sub_event_type", NULL),
           js(inc, "cameo", NULL), js(inc, "kind", NULL),
           json_is_true(json_object_get(inc, "background")) ? "  [background]" : "");
    printf("  date: %s to %s (%s%s)\n", js(inc, "date", "start"), js(inc, "date", "end"),
           js(inc, "date", "precision"),
           json_is_true(json_object_get(json_object_get(inc, "date"), "assumed")) ? ", assumed" : "");
    printf("  place: %s, %s, %s (%s)\n", js(inc, "location", "name"), js(inc, "location", "admin1"),
           js(inc, "location", "country_code"), js(inc, "location", "precision"));
    printf("  actor1: %s   actor2: %s   claimed by: %s\n", js(inc, "actor1", "name"), js(inc, "actor2", "name"),
           js(inc, "claimed_by", "name")[0] ? js(inc, "claimed_by", "name") : "-");
    print_figure("killed", json_object_get(inc, "killed"));
    print_figure("wounded", json_object_get(inc, "wounded"));
    printf("  reported: %s to %s in %zu document(s)\n", js(inc, "first_reported", NULL),
           js(inc, "last_reported", NULL), json_array_size(json_object_get(inc, "documents")));
}

/* Print each report's event of detail d with the reason it joined. */
static void print_incident_events(const json_t *d)
{
    printf("events:\n");
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(d, "events"), i, row) {
        const json_t *ev = json_object_get(row, "event");
        const json_t *k = json_object_get(json_object_get(ev, "killed"), "min");
        const json_t *w = json_object_get(json_object_get(ev, "wounded"), "min");
        char kb[24] = "-", wb[24] = "-";
        if (json_is_integer(k))
            snprintf(kb, sizeof kb, "%lld", (long long)json_integer_value(k));
        if (json_is_integer(w))
            snprintf(wb, sizeof wb, "%lld", (long long)json_integer_value(w));
        printf("  %s  doc %s  published %s  date %s  %s  killed %s  wounded %s\n    joined: %s\n",
               js(row, "id", NULL), js(row, "doc_id", NULL), js(row, "published", NULL)[0] ? js(row, "published", NULL) : "-",
               js(ev, "date", "start")[0] ? js(ev, "date", "start") : "-", js(ev, "kind", NULL), kb, wb,
               js(row, "join_reason", NULL));
    }
}

/* Print the figure history of detail d. */
static void print_figure_history(const json_t *d)
{
    size_t i;
    json_t *row;
    printf("figure history:\n");
    json_array_foreach(json_object_get(d, "figures"), i, row) {
        const json_t *mx = json_object_get(row, "max");
        printf("  %-10s  %-8s  %lld", js(row, "published", NULL)[0] ? js(row, "published", NULL) : "-",
               js(row, "kind", NULL), (long long)json_integer_value(json_object_get(row, "min")));
        if (json_is_integer(mx))
            printf("-%lld", (long long)json_integer_value(mx));
        printf("%s  (%s)\n", json_is_true(json_object_get(row, "approximate")) ? " approx." : "",
               js(row, "doc_id", NULL));
    }
}

/* Print the evidence of detail d: each field's span quoted from its report. */
static void print_evidence(const json_t *d)
{
    size_t i;
    json_t *row;
    printf("evidence:\n");
    json_t *doc;
    size_t di;
    json_array_foreach(json_object_get(d, "documents"), di, doc) {
        printf("  %s  %s\n", js(doc, "id", NULL), js(doc, "title", NULL));
        json_array_foreach(json_object_get(d, "events"), i, row) {
            if (strcmp(js(row, "doc_id", NULL), js(doc, "id", NULL)) != 0)
                continue;
            size_t j;
            json_t *sp;
            json_array_foreach(json_object_get(json_object_get(row, "event"), "evidence"), j, sp) {
                int title = strcmp(js(sp, "in", NULL), "title") == 0;
                printf("    %-10s ", js(sp, "field", NULL));
                quote_span(title ? json_string_value(json_object_get(doc, "title"))
                                 : json_string_value(json_object_get(doc, "text")),
                           (long)json_integer_value(json_object_get(sp, "start")),
                           (long)json_integer_value(json_object_get(sp, "end")));
                printf("%s\n", title ? " (title)" : "");
            }
        }
    }
}

/* See its declaration above cmd_show. */
static void print_incident(const char *id, const json_t *d)
{
    print_incident_fields(id, json_object_get(d, "incident"));
    print_incident_events(d);
    print_figure_history(d);
    print_evidence(d);
}

