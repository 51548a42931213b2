/*
 * store.c (cli) - 'tacitus ingest', 'recode', 'delete', 'query', 'show' and 'export': the event
 * store's command-line front end, a thin layer over src/store/store.h (storage and
 * grouping), include/tacitus.h (coding) and src/store/formats.h (export formats).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "engine.h"
#include "formats.h"
#include "input.h"
#include "lexicon.h"
#include "store.h"

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
    "A document with no publication date (none given, none in its HTML) is warned about.\n"
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
    "  --batch N            documents per transaction (default 1000; 1 = commit each)\n"
    "  --max-bytes N, --data DIR, --gazetteer FILE   as for 'tacitus code'\n"
    "\n"
    "Progress goes to stderr when it is a terminal; a one-line summary always.\n"
    "exit status: 0 ok; 1 some inputs failed (each reported); 2 usage; 3 data files;\n"
    "4 database error (not a tacitus database, newer schema, read-only, disk full).\n";

typedef struct ingest_ctx {
    store *st;
    tac_coder *coder;
    size_t max_bytes;
    const char *published;
    long stored, skipped, failed, events, created, updated;
    long committed; /* documents committed: what progress and the summary report as stored */
    int dberr, tty;
    double t0, last;
} ingest_ctx;

static void progress(ingest_ctx *g)
{
    if (!g->tty)
        return;
    double t = cli_now();
    if (t - g->last < 0.5)
        return;
    g->last = t;
    fprintf(stderr, "\rtacitus ingest: %ld documents stored (%.0f/s), %ld skipped, %ld events, %ld incidents   ",
            g->committed, g->stored / (t - g->t0 + 1e-9), g->skipped, g->events, g->created);
}

/* Count what storing one document did (rc and r of store_add_document or
 * store_code_document) and report a database error (err) at where. Returns -1
 * on a database error, else 0. */
static int tally(ingest_ctx *g, int rc, const store_result *r, const char *err, const char *where)
{
    g->committed += r->committed;
    if (rc < 0) {
        fprintf(stderr, "%stacitus ingest: %s: %s\n", g->tty ? "\n" : "", where, err);
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
    progress(g);
    return 0;
}

/* Store one coded record ('tacitus code' output). Returns -1 on a database
 * error (reported). */
static int store_record(ingest_ctx *g, json_t *rec, const char *id, const char *text, size_t len,
                        const char *hash, const char *where)
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
    int rc = store_add_document(g->st, &sd, rec, &r, err, sizeof err);
    return tally(g, rc, &r, err, where);
}

/* Code and store one document. A document without an id (a JSON Lines
 * record that gives none) is named by its text hash; one without a
 * publication date (none given, none in its HTML) is warned about. Returns -1
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
            fprintf(stderr, "tacitus ingest: %s: out of memory\n", where);
            g->failed++;
            return 0;
        }
    }
    if (!d->published)
        fprintf(stderr, "%stacitus ingest: warning: %s%s%s%s: no publication date (none given, none in the page);"
                " relative dates stay unresolved\n", g->tty ? "\n" : "", where, strcmp(where, d->id) ? " (" : "",
                strcmp(where, d->id) ? d->id : "", strcmp(where, d->id) ? ")" : "");
    store_doc sd = {d->id, d->url, d->title, d->published, d->source, d->text, d->len, hash};
    store_result r;
    int rc = store_code_document(g->st, g->coder, &sd, &r, err, sizeof err);
    if (rc == -2) {
        fprintf(stderr, "tacitus ingest: %s: %s\n", where, err);
        g->failed++;
        return 0;
    }
    return tally(g, rc, &r, err, where);
}

/* JSON Lines: documents, or (coded) 'tacitus code' records. -1 on a database error. */
static int ingest_jsonl(ingest_ctx *g, const char *path, int coded)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "tacitus ingest: %s: cannot open: %s\n", path, strerror(errno));
        g->failed++;
        return 0;
    }
    line_reader r;
    line_reader_init(&r, f, g->max_bytes * 6 + 65536);
    char *line;
    size_t len;
    int rc, ret = 0;
    while (ret == 0 && (rc = line_reader_next(&r, &line, &len)) != 0) {
        char where[600], err[1024];
        snprintf(where, sizeof where, "%s:%ld", strcmp(path, "-") == 0 ? "stdin" : path, r.lineno);
        if (rc == -1) {
            fprintf(stderr, "tacitus ingest: %s: read error: %s\n", where, strerror(errno));
            g->failed++;
            break;
        }
        if (rc == -2) {
            fprintf(stderr, "tacitus ingest: %s: line too long (%zu bytes), skipped\n", where, len);
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
                fprintf(stderr, "tacitus ingest: %s: not a coded document record\n", where);
                g->failed++;
                json_decref(rec);
                continue;
            }
            char hash[33];
            store_text_hash(line, len, hash);
            const char *text = json_string_value(json_object_get(json_object_get(rec, "doc"), "text"));
            ret = store_record(g, rec, id, text, text ? strlen(text) : 0, hash, where);
            json_decref(rec);
            continue;
        }
        input_doc d = {0};
        if (input_parse_jsonl(line, len, g->max_bytes, &d, err, sizeof err) < 0) {
            fprintf(stderr, "tacitus ingest: %s: %s\n", where, err);
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

int cmd_ingest(int argc, char **argv)
{
    engine_opts eo = {0};
    const char *db = NULL;
    int coded = 0, batch = 1000;
    ingest_ctx g = {0};
    const char **files = calloc((size_t)argc, sizeof *files);
    size_t nfiles = 0;
    if (!files)
        return TAC_EXIT_IO;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int e = engine_opt(argc, argv, &i, &eo, "ingest");
        if (e < 0) {
            free(files);
            return TAC_EXIT_USAGE;
        }
        if (e)
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(ingest_help, stdout);
            free(files);
            return TAC_EXIT_OK;
        } else if ((strcmp(a, "--db") == 0 || strcmp(a, "--published") == 0) && i + 1 < argc) {
            if (a[2] == 'd')
                db = argv[++i];
            else
                g.published = argv[++i];
        } else if (strcmp(a, "--batch") == 0 && i + 1 < argc) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 1000000) {
                fprintf(stderr, "tacitus ingest: --batch: expected a number from 1 to 1000000, got '%s'\n",
                        argv[i]);
                free(files);
                return TAC_EXIT_USAGE;
            }
            batch = (int)n;
        } else if (strcmp(a, "--coded") == 0)
            coded = 1;
        else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "tacitus ingest: unknown option or missing value: %s (see --help)\n", a);
            free(files);
            return TAC_EXIT_USAGE;
        } else
            files[nfiles++] = a;
    }
    if (!db)
        db = getenv("TACITUS_DB");
    if (!db || nfiles == 0) {
        fprintf(stderr, "tacitus ingest: %s (see --help)\n", !db ? "--db DB (or TACITUS_DB) is required" : "no input given");
        free(files);
        return TAC_EXIT_USAGE;
    }
    if (g.published && !tac_valid_date(g.published)) {
        fprintf(stderr, "tacitus ingest: --published: expected YYYY-MM-DD, got '%s'\n", g.published);
        free(files);
        return TAC_EXIT_USAGE;
    }
    char err[1024];
    if (store_open(db, 0, &g.st, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus ingest: %s\n", err);
        free(files);
        return TAC_EXIT_IO;
    }
    tac_engine *eng = NULL;
    if (!coded) {
        eng = open_engine(&eo, "ingest");
        if (!eng) {
            store_close(g.st);
            free(files);
            return TAC_EXIT_DATA;
        }
        g.coder = tac_coder_new(eng);
    }
    store_set_batch(g.st, batch, 1);
    g.max_bytes = eo.max_bytes ? eo.max_bytes : 10u * 1024 * 1024;
    g.tty = isatty(2);
    g.t0 = g.last = cli_now();
    for (size_t i = 0; i < nfiles && !g.dberr; i++) {
        if (coded || strcmp(files[i], "-") == 0 || ends_with(files[i], ".jsonl")) {
            ingest_jsonl(&g, files[i], coded);
        } else {
            input_doc d = {0};
            if (input_read_file(files[i], g.max_bytes, &d, err, sizeof err) < 0) {
                fprintf(stderr, "tacitus ingest: %s\n", err);
                input_doc_free(&d);
                g.failed++;
                continue;
            }
            if (cli_name_document(&d, files[i]) < 0) {
                fprintf(stderr, "tacitus ingest: %s: out of memory\n", files[i]);
                input_doc_free(&d);
                g.failed++;
                continue;
            }
            ingest_doc(&g, &d, files[i]);
            input_doc_free(&d);
        }
        int n = store_flush(g.st, err, sizeof err);
        if (n < 0) {
            fprintf(stderr, "%stacitus ingest: %s: %s\n", g.tty ? "\n" : "", files[i], err);
            g.dberr = 1;
        } else
            g.committed += n;
    }
    if (g.dberr) { /* keep what was stored before the error */
        int n = store_flush(g.st, err, sizeof err);
        if (n < 0)
            fprintf(stderr, "tacitus ingest: %s\n", err);
        else
            g.committed += n;
    }
    double el = cli_now() - g.t0;
    fprintf(stderr,
            "%stacitus ingest: %ld documents stored, %ld skipped (already stored), %ld failed; %ld events;"
            " %ld incidents created, %ld updated; %.1f s, %.0f docs/s%s\n",
            g.tty ? "\r" : "", g.committed, g.skipped, g.failed, g.events, g.created, g.updated, el,
            g.committed / (el + 1e-9), g.dberr ? " (stopped: database error)" : "");
    tac_coder_free(g.coder);
    tac_engine_close(eng);
    store_close(g.st);
    free(files);
    return g.dberr ? TAC_EXIT_IO : g.failed ? TAC_EXIT_PARTIAL : TAC_EXIT_OK;
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
    "  --country CC                 ISO alpha-2 country code\n"
    "  --admin1 NAME                province or state\n"
    "  --type T, --sub-type S       ACLED event type / sub-event type\n"
    "  --cameo ROOT                 CAMEO code prefix (\"19\", \"183\")\n"
    "  --actor NAME                 actor1, actor2 or claimant, also by alias (\"TTP\")\n"
    "  --min-killed N               at least N killed\n"
    "  --include-background         also incidents the reports only recall (background\n"
    "                               mentions); by default only current incidents are listed\n"
    "  --background                 background mentions only\n"
    "  --near LAT,LON,KM            within KM km of a point\n"
    "  --text WORDS                 incidents whose reports contain all WORDS\n"
    "  --limit N                    at most N incidents\n"
    "  --timing                     print the time the database took to stderr\n";

typedef struct filter_args {
    store_filter f;
    const char *db;
    const char *format;
    const char *actor;
    engine_opts eo;
    int timing;  /* --timing */
} filter_args;

/* Parse the shared options; returns 0 ok, 1 help printed, -1 usage error. */
static int parse_filter(int argc, char **argv, filter_args *fa, const char *cmd, const char *help,
                        const char **positional)
{
    store_filter_init(&fa->f);
    fa->f.background = 0; /* current incidents unless asked: what a report only recalls is no event to map */
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
        if (strcmp(a, "--background") == 0) {
            fa->f.background = 1;
            continue;
        }
        if (strcmp(a, "--current") == 0) { /* the default; kept for scripts */
            fa->f.background = 0;
            continue;
        }
        if (strcmp(a, "--include-background") == 0) {
            fa->f.background = -1;
            continue;
        }
        if (strcmp(a, "--timing") == 0) {
            fa->timing = 1;
            continue;
        }
        if (a[0] != '-' && positional && !*positional) {
            *positional = a;
            continue;
        }
        if (i + 1 >= argc || a[0] != '-') {
            fprintf(stderr, "tacitus %s: unknown argument or missing value: %s (see --help)\n", cmd, a);
            return -1;
        }
        const char *v = argv[++i];
        char *end = NULL;
        if (strcmp(a, "--db") == 0)
            fa->db = v;
        else if (strcmp(a, "--format") == 0)
            fa->format = v;
        else if (strcmp(a, "--since") == 0 || strcmp(a, "--until") == 0) {
            if (!tac_valid_date(v)) {
                fprintf(stderr, "tacitus %s: %s: expected YYYY-MM-DD, got '%s'\n", cmd, a, v);
                return -1;
            }
            *(a[2] == 's' ? &fa->f.since : &fa->f.until) = v;
        } else if (strcmp(a, "--country") == 0)
            fa->f.country = v;
        else if (strcmp(a, "--admin1") == 0)
            fa->f.admin1 = v;
        else if (strcmp(a, "--type") == 0)
            fa->f.type = v;
        else if (strcmp(a, "--sub-type") == 0)
            fa->f.sub_type = v;
        else if (strcmp(a, "--cameo") == 0)
            fa->f.cameo = v;
        else if (strcmp(a, "--text") == 0)
            fa->f.text = v;
        else if (strcmp(a, "--actor") == 0)
            fa->actor = v;
        else if (strcmp(a, "--min-killed") == 0 || strcmp(a, "--limit") == 0) {
            long n = strtol(v, &end, 10);
            if (*v == '\0' || *end || n < 0) {
                fprintf(stderr, "tacitus %s: %s: expected a number, got '%s'\n", cmd, a, v);
                return -1;
            }
            *(a[2] == 'm' ? &fa->f.min_killed : &fa->f.limit) = n;
        } else if (strcmp(a, "--near") == 0) {
            double la, lo, km;
            char extra;
            if (sscanf(v, "%lf,%lf,%lf%c", &la, &lo, &km, &extra) != 3 || la < -90 || la > 90 || lo < -180 ||
                lo > 180 || km <= 0) {
                fprintf(stderr, "tacitus %s: --near: expected LAT,LON,KM, got '%s'\n", cmd, v);
                return -1;
            }
            fa->f.near = 1, fa->f.lat = la, fa->f.lon = lo, fa->f.km = km;
        } else {
            fprintf(stderr, "tacitus %s: unknown option: %s (see --help)\n", cmd, a);
            return -1;
        }
    }
    return need_db(&fa->db, cmd);
}

/* Resolve --actor to the names to match: the name as given, plus the
 * canonical name of every dictionary actor it is an alias of. The engine is
 * opened only for this; without it the name is used as given (warned). */
static void resolve_actor(filter_args *fa, const char *cmd, tac_engine **eng)
{
    if (!fa->actor)
        return;
    fa->f.actors[fa->f.nactors++] = fa->actor;
    tac_options opt = {cli_path(CLI_PATH_DATA, fa->eo.data_dir, NULL), cli_path(CLI_PATH_GAZETTEER, fa->eo.gazetteer, NULL), 0};
    char err[1024];
    if (tac_engine_open(&opt, eng, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus %s: warning: aliases not resolved (%s)\n", cmd, err);
        *eng = NULL;
        return;
    }
    const lexicon *lx = tac_engine_lexicon(*eng);
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

static int emit_incident(void *ud, json_t *inc)
{
    out_ctx *o = ud;
    if (o->table) {
        const json_t *k = json_object_get(json_object_get(inc, "killed"), "min");
        char kb[24] = "-";
        if (json_is_integer(k))
            snprintf(kb, sizeof kb, "%lld", (long long)json_integer_value(k));
        const char *t = js(inc, "event_type", NULL);
        if (printf("%-10s  %-10s  %-22.22s  %-2s  %-26.26s  %6s  %s\n", js(inc, "id", NULL),
                   js(inc, "date", "start")[0] ? js(inc, "date", "start") : "-",
                   js(inc, "location", "name")[0] ? js(inc, "location", "name") : "-",
                   js(inc, "location", "country_code")[0] ? js(inc, "location", "country_code") : "-",
                   t[0] ? t : js(inc, "kind", NULL), kb,
                   js(inc, "actor1", "name")[0] ? js(inc, "actor1", "name") : "-") < 0)
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

static int run_query(int argc, char **argv, const char *cmd, const char *help, int is_export)
{
    filter_args fa;
    memset(&fa, 0, sizeof fa);
    int p = parse_filter(argc, argv, &fa, cmd, help, NULL);
    if (p)
        return p > 0 ? TAC_EXIT_OK : TAC_EXIT_USAGE;
    out_ctx o = {0};
    const char *fmt = fa.format ? fa.format : is_export ? "jsonl" : "table";
    int ef = -1;
    if (!is_export && strcmp(fmt, "table") == 0)
        o.table = 1;
    else if ((ef = export_format_parse(fmt)) < 0 ||
             (!is_export && ef != EXP_JSONL && ef != EXP_CSV)) {
        fprintf(stderr, "tacitus %s: --format: unknown format '%s' (see --help)\n", cmd, fmt);
        return TAC_EXIT_USAGE;
    }
    store *st;
    char err[1024];
    double t0 = 1e3 * cli_now();
    if (store_open(fa.db, 1, &st, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus %s: %s\n", cmd, err);
        return TAC_EXIT_IO;
    }
    double t1 = 1e3 * cli_now();
    tac_engine *eng = NULL;
    resolve_actor(&fa, cmd, &eng);
    int text = ef == EXP_JSONL; /* the stored text is the line: nothing to parse */
    export_options xo = {cli_path(CLI_PATH_DATA, fa.eo.data_dir, NULL), export_bom};
    char werr[1024];
    if (!o.table && !text && !(o.w = incident_writer_open((enum export_format)ef, stdout, &xo, werr, sizeof werr))) {
        fprintf(stderr, "tacitus %s: %s\n", cmd, werr);
        store_close(st);
        tac_engine_close(eng);
        return TAC_EXIT_IO;
    }
    if (o.table)
        printf("%-10s  %-10s  %-22s  %-2s  %-26s  %6s  %s\n", "id", "date", "place", "cc", "type", "killed",
               "actor1");
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
            json = strcmp(argv[i + 1], "jsonl") == 0 || strcmp(argv[i + 1], "geojson") == 0;
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

int cmd_show(int argc, char **argv)
{
    static const char help[] =
        "usage: tacitus show --db DB INCIDENT-ID\n"
        "DB: an SQLite file or a postgres:// URL (default: $TACITUS_DB).\n"
        "\n"
        "Print an incident: its reconciled fields, each report's event with the reason it\n"
        "joined, the history of its figures, and the evidence quoted from each report.\n"
        "exit status: 0 ok; 2 usage or no such incident; 4 database error.\n";
    filter_args fa;
    memset(&fa, 0, sizeof fa);
    const char *id = NULL;
    int p = parse_filter(argc, argv, &fa, "show", help, &id);
    if (p)
        return p > 0 ? TAC_EXIT_OK : TAC_EXIT_USAGE;
    if (!id) {
        fprintf(stderr, "tacitus show: no incident id given (see --help)\n");
        return TAC_EXIT_USAGE;
    }
    store *st;
    char err[1024];
    if (store_open(fa.db, 1, &st, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus show: %s\n", err);
        return TAC_EXIT_IO;
    }
    json_t *d = store_incident_detail(st, id, err, sizeof err);
    store_close(st);
    if (!d) {
        if (err[0])
            fprintf(stderr, "tacitus show: %s\n", err);
        else
            fprintf(stderr, "tacitus show: %s: no such incident in %s\n", id,
                    strstr(fa.db, "://") ? "the database" : fa.db); /* a URL may hold a password */
        return err[0] ? TAC_EXIT_IO : TAC_EXIT_USAGE;
    }
    const json_t *inc = json_object_get(d, "incident");
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
    json_decref(d);
    return TAC_EXIT_OK;
}
