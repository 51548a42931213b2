/*
 * worker.c (cli) - 'tacitus worker' and 'tacitus publish': the two ends of the
 * monitoring work queue (src/monitor/queue.h, NATS JetStream). publish puts
 * JSON Lines documents into the queue, each with its text hash as message id;
 * worker takes them in batches, codes them, stores each batch in one
 * transaction (src/store/store.h) and acknowledges the batch's messages only
 * after the commit. Settings and failure rules: docs/monitoring.md.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "input.h"
#include "queue.h"
#include "store.h"

#define DEFAULT_MAX_BYTES (10u * 1024u * 1024u)

/* Parse v as a whole number from lo to hi into *out; else print one line
 * naming cmd and option and return -1. */
static int count_arg(const char *v, long lo, long hi, long *out, const char *cmd, const char *option)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (*v == '\0' || *end || errno || n < lo || n > hi) {
        fprintf(stderr, "tacitus %s: %s: expected a number from %ld to %ld, got '%s'\n", cmd, option, lo, hi, v);
        return -1;
    }
    *out = n;
    return 0;
}

int queue_opt(int argc, char **argv, int *i, queue_args *a, const char *cmd)
{
    const char *o = argv[*i];
    const char **slot = strcmp(o, "--nats") == 0     ? &a->url
                        : strcmp(o, "--stream") == 0  ? &a->o.stream
                        : strcmp(o, "--subject") == 0 ? &a->o.subject
                                                      : NULL;
    if (!slot)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "tacitus %s: %s needs a value\n", cmd, o);
        return -1;
    }
    *slot = argv[++*i];
    return 1;
}

/* After parsing: the URL from $TACITUS_NATS when --nats was not given.
 * Returns 0, or -1 (reported) when there is none. */
static int queue_url(queue_args *a, const char *cmd)
{
    if (!a->url)
        a->url = getenv("TACITUS_NATS");
    if (!a->url || !*a->url) {
        fprintf(stderr, "tacitus %s: --nats URL (or TACITUS_NATS) is required (see --help)\n", cmd);
        return -1;
    }
    return 0;
}

/* ----------------------------------------------------------------- publish */

static const char publish_help[] =
    "usage: tacitus publish --nats URL [options] [FILE...|-]\n"
    "\n"
    "Put documents into the monitoring work queue (a NATS JetStream stream) for\n"
    "'tacitus worker' to code and store. Each FILE (none, or '-': stdin) holds JSON Lines\n"
    "documents as 'tacitus ingest' reads them ({\"id\",\"text\",\"title\",\"published\",\"url\",\n"
    "\"source\"}); each line is checked and published as it is, with its text's hash as\n"
    "message id, so JetStream drops a document published again within its duplicate\n"
    "window and the store skips one published later. The stream, its dead-letter stream\n"
    "and their subjects are created when missing. See docs/monitoring.md.\n"
    "\n"
    "options:\n"
    "  --nats URL           the NATS server: nats://HOST:PORT (default: $TACITUS_NATS)\n"
    "  --stream NAME        the work stream (default TACITUS; dead letters in NAME_DEAD)\n"
    "  --subject SUBJECT    its subject (default tacitus.docs; dead letters on SUBJECT.dead)\n"
    "  --dup-window SECONDS how long JetStream remembers a message id: set on the stream\n"
    "                       for every publisher (default: 120 when the stream is created,\n"
    "                       else as it is)\n"
    "\n"
    "A line that is not a document is reported (FILE:LINE: why) and not published; the\n"
    "others are. A one-line summary (published, duplicates, failed) goes to stderr.\n"
    "exit status: 0 ok; 1 some lines were not documents; 2 usage; 4 the queue or an input\n"
    "failed (each reported); 130 interrupted (SIGINT).\n";

typedef struct publish_run {
    tac_queue *q;
    long published, duplicates, failed;
    int queue_error;
} publish_run;

/* Publish one JSON Lines document (line, len bytes) named where. A line that
 * is not a document is reported and counted; a queue error is reported and
 * sets queue_error. */
static void publish_line(publish_run *p, const char *line, size_t len, const char *where)
{
    char err[1024];
    int rc = tac_queue_publish_document(p->q, line, len, DEFAULT_MAX_BYTES, err, sizeof err);
    if (rc < 0)
        fprintf(stderr, "tacitus publish: %s: %s\n", where, err);
    if (rc == -2)
        p->failed++;
    else if (rc == -1)
        p->queue_error = 1;
    else if (rc == 1)
        p->duplicates++;
    else
        p->published++;
}

/* Publish every document of the JSON Lines input path ("-": stdin). */
static void publish_file(publish_run *p, const char *path)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "tacitus publish: %s: cannot open: %s\n", path, strerror(errno));
        p->queue_error = 1; /* (an input that cannot be read: exit 4, as ingest) */
        return;
    }
    line_reader r;
    line_reader_init(&r, f, DEFAULT_MAX_BYTES * 6 + 65536);
    char *line, where[600];
    size_t len;
    int rc;
    while (!p->queue_error && !cli_interrupted && (rc = line_reader_next(&r, &line, &len)) != 0) {
        snprintf(where, sizeof where, "%s:%ld", is_stdin ? "stdin" : path, r.lineno);
        if (rc == -1 && !cli_interrupted) {
            fprintf(stderr, "tacitus publish: %s: read error: %s\n", where, strerror(errno));
            p->queue_error = 1;
        } else if (rc == -2) {
            fprintf(stderr, "tacitus publish: %s: line too long (%zu bytes), not published\n", where, len);
            p->failed++;
        } else if (rc > 0 && len > strspn(line, " \t\r"))
            publish_line(p, line, len, where);
    }
    line_reader_free(&r);
    if (!is_stdin)
        fclose(f);
}

/* See cli.h; 'tacitus publish' (see publish_help). */
int cmd_publish(int argc, char **argv)
{
    queue_args qa = {0};
    tac_queue_opts_init(&qa.o);
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        int e = queue_opt(argc, argv, &i, &qa, "publish");
        long n;
        if (e < 0)
            return TAC_EXIT_USAGE;
        if (e > 0)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(publish_help, stdout);
            return TAC_EXIT_OK;
        } else if (strcmp(argv[i], "--dup-window") == 0 && i + 1 < argc) {
            if (count_arg(argv[++i], 1, 86400 * 7, &n, "publish", "--dup-window") < 0)
                return TAC_EXIT_USAGE;
            qa.o.dup_window = (int)n;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "tacitus publish: unknown option or missing value: %s (see --help)\n", argv[i]);
            return TAC_EXIT_USAGE;
        } else
            argv[1 + nfiles++] = argv[i]; /* (the inputs, gathered in place) */
    }
    if (queue_url(&qa, "publish") < 0)
        return TAC_EXIT_USAGE;
    publish_run p = {0};
    char err[1024];
    if (tac_queue_open(&p.q, qa.url, &qa.o, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus publish: %s\n", err);
        tac_queue_shutdown();
        return TAC_EXIT_IO;
    }
    cli_catch_interrupt();
    for (int i = 0; i < (nfiles ? nfiles : 1) && !p.queue_error && !cli_interrupted; i++)
        publish_file(&p, nfiles ? argv[1 + i] : "-");
    tac_queue_close(p.q);
    tac_queue_shutdown();
    fprintf(stderr, "tacitus publish: %ld published, %ld duplicates (already in the queue), %ld failed\n",
            p.published, p.duplicates, p.failed);
    return p.queue_error ? TAC_EXIT_IO : cli_interrupted ? CLI_EXIT_INTERRUPTED
                                       : p.failed ? TAC_EXIT_PARTIAL : TAC_EXIT_OK;
}

/* ------------------------------------------------------------------ worker */

static const char worker_help[] =
    "usage: tacitus worker --nats URL --db DB [options]\n"
    "\n"
    "Code and store the documents of the monitoring work queue (a NATS JetStream stream\n"
    "that 'tacitus publish' and 'tacitus feeds' fill) until stopped. The stream, its\n"
    "dead-letter stream and the durable consumer 'tacitus-worker' that all workers share\n"
    "are created when missing (the consumer is brought to this worker's --ack-wait).\n"
    "Each batch of messages is coded and stored in one transaction, as\n"
    "'tacitus ingest' stores documents (one already stored is skipped), and its messages\n"
    "are acknowledged after the commit: a worker that dies loses nothing (the messages\n"
    "come back after --ack-wait) and a message that comes back twice is stored once.\n"
    "A message that is not a document, or that the coder fails on, is given back; at its\n"
    "--max-deliver-th delivery it goes to the dead-letter stream with the error (see\n"
    "--list-dead), and so does one delivered more often than that (its workers died on it)\n"
    "without being coded again.\n"
    "Several workers may share one queue and one PostgreSQL store. See docs/monitoring.md.\n"
    "\n"
    "options:\n"
    "  --nats URL           the NATS server: nats://HOST:PORT (default: $TACITUS_NATS)\n"
    "  --db DB              the store: an SQLite file or a PostgreSQL URL (default: $TACITUS_DB)\n"
    "  --stream NAME        the work stream (default TACITUS; dead letters in NAME_DEAD)\n"
    "  --subject SUBJECT    its subject (default tacitus.docs; dead letters on SUBJECT.dead)\n"
    "  --batch N            messages fetched, coded and committed together (default 50)\n"
    "  --ack-wait SECONDS   redeliver a message not acknowledged by then (default 60):\n"
    "                       longer than a batch takes to code and store\n"
    "  --max-deliver N      deliveries of a failing message before it is dead-lettered\n"
    "                       (default 5)\n"
    "  --idle-exit SECONDS  exit 0 once no message came for SECONDS (default: never)\n"
    "  --list-dead          print the dead letters as JSON Lines ({\"seq\",\"work_seq\",\n"
    "                       \"msg_id\",\"deliveries\",\"error\",\"body\"}) and exit\n"
    "  --max-bytes N, --data DIR, --gazetteer FILE   as for 'tacitus code'\n"
    "\n"
    "Failures are reported on stderr, one line each; SIGTERM or SIGINT stops after the\n"
    "current batch (committed and acknowledged), and a one-line summary goes to stderr.\n"
    "exit status: 0 stopped by SIGTERM, SIGINT or --idle-exit; 2 usage; 3 data files;\n"
    "4 the store or the queue failed (the open batch is given back).\n";

/* The command line of 'tacitus worker'. */
typedef struct worker_args {
    queue_args qa;
    engine_opts eo;
    const char *db;
    int batch, idle_exit, list_dead;
} worker_args;

/* A worker's state and counts. */
typedef struct worker {
    store *st;
    tac_coder *coder;
    tac_queue *q;
    size_t max_bytes;
    int *results;        /* per message of the batch: as store_code_document (-2 also unparsed) */
    char (*errors)[512]; /* per message: why it failed */
    long stored, skipped, failed, dead, batches;
} worker;

/* Parse one worker option argv[*i] that takes a number. Returns 1 when it was
 * one (stored in a), -1 on a bad value, 0 when it is none of them. */
static int worker_number_opt(int argc, char **argv, int *i, worker_args *a)
{
    static const struct {
        const char *name;
        long lo, hi;
    } opts[] = {{"--batch", 1, 1000}, {"--ack-wait", 1, 86400}, {"--max-deliver", 1, 1000}, {"--idle-exit", 1, 86400 * 365}};
    int *slots[] = {&a->batch, &a->qa.o.ack_wait, &a->qa.o.max_deliver, &a->idle_exit};
    for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
        if (strcmp(argv[*i], opts[k].name) != 0 || *i + 1 >= argc)
            continue;
        long n;
        if (count_arg(argv[++*i], opts[k].lo, opts[k].hi, &n, "worker", opts[k].name) < 0)
            return -1;
        *slots[k] = (int)n;
        return 1;
    }
    return 0;
}

/* Parse argv into a. Returns 0; 1 when help was printed; -1 on a usage error
 * (reported). */
static int parse_worker_args(int argc, char **argv, worker_args *a)
{
    memset(a, 0, sizeof *a);
    tac_queue_opts_init(&a->qa.o);
    a->qa.o.consume = 1;
    a->batch = 50;
    for (int i = 1; i < argc; i++) {
        int e = queue_opt(argc, argv, &i, &a->qa, "worker");
        if (e == 0)
            e = engine_opt(argc, argv, &i, &a->eo, "worker");
        if (e == 0)
            e = worker_number_opt(argc, argv, &i, a);
        if (e < 0)
            return -1;
        if (e > 0)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(worker_help, stdout);
            return 1;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            a->db = argv[++i];
        else if (strcmp(argv[i], "--list-dead") == 0)
            a->list_dead = 1;
        else {
            fprintf(stderr, "tacitus worker: unknown option, missing value or extra argument: %s (see --help)\n",
                    argv[i]);
            return -1;
        }
    }
    if (queue_url(&a->qa, "worker") < 0)
        return -1;
    if (!a->db)
        a->db = getenv("TACITUS_DB");
    if (!a->db && !a->list_dead) {
        fprintf(stderr, "tacitus worker: --db DB (or TACITUS_DB) is required (see --help)\n");
        return -1;
    }
    return 0;
}

/* The test-only fault hook (tests/monitor/queue.sh): when
 * TACITUS_WORKER_FAULT names this point ("before-commit" or "after-commit"),
 * the worker stops itself (SIGSTOP) there, so that the test can kill -9 it at
 * a known place. */
static void fault_point(const char *point)
{
    const char *f = getenv("TACITUS_WORKER_FAULT");
    if (f && strcmp(f, point) == 0)
        raise(SIGSTOP);
}

/* Code message m and store it in the open batch. Returns as
 * store_code_document: 0 stored, 1 skipped (already stored), -1 a database
 * error, -2 not a document or the coder failed (err says why). */
static int code_message(worker *w, const tac_queue_msg *m, char *err, size_t errlen)
{
    input_doc d = {0};
    char hash[33];
    int rc = -2;
    if (input_parse_jsonl(m->data, m->len, w->max_bytes, &d, err, errlen) == 0) {
        store_text_hash(d.text, d.len, hash);
        if (!d.id || !*d.id) { /* (named by its text hash, as ingest names it) */
            free(d.id);
            d.id = strdup(hash);
        }
        store_doc sd = {d.id, d.url, d.title, d.published, d.source, d.text, d.len, hash};
        store_result r;
        if (d.id)
            rc = store_code_document(w->st, w->coder, &sd, &r, err, errlen);
        else
            snprintf(err, errlen, "out of memory");
    }
    input_doc_free(&d);
    return rc;
}

/* Answer message m: acknowledge it when stored or skipped (rc, as
 * code_message's), else give it back, or at its last delivery dead-letter it
 * with why. A message's own failure (rc -2) and a failed answer are reported. */
static void answer(worker *w, tac_queue_msg *m, int rc, const char *why)
{
    char err[1024];
    int ok;
    if (rc == 0 || rc == 1)
        ok = tac_queue_ack(w->q, m, err, sizeof err);
    else {
        if (rc == -2) /* (a database error is the batch's, reported once by run_batch) */
            fprintf(stderr, "tacitus worker: message %llu%s%s (delivery %d): %s\n", (unsigned long long)m->seq,
                    m->id ? ", id " : "", m->id ? m->id : "", m->deliveries, why);
        w->failed++;
        ok = m->last ? tac_queue_dead(w->q, m, why, err, sizeof err) : tac_queue_nak(w->q, m, err, sizeof err);
        if (ok == 0 && m->last) {
            w->dead++;
            fprintf(stderr, "tacitus worker: message %llu: dead-lettered after %d deliveries\n",
                    (unsigned long long)m->seq, m->deliveries);
        }
    }
    if (ok < 0)
        fprintf(stderr, "tacitus worker: message %llu: %s (it comes back after the ack wait)\n",
                (unsigned long long)m->seq, err);
}

/* Code and store the n messages msgs in one transaction, then answer each
 * (acknowledged only once committed) and free them. Returns 0, or -1 on a
 * database error (reported; every message of the batch given back). */
static int run_batch(worker *w, tac_queue_msg *msgs, int n)
{
    char dberr[1024] = "";
    for (int i = 0; i < n; i++) {
        if (*dberr)
            w->results[i] = -1;
        else if (msgs[i].past_last) { /* (not coded again: it may be what killed them) */
            w->results[i] = -2;
            snprintf(w->errors[i], sizeof w->errors[i], "delivered %d times, past --max-deliver: the workers"
                     " that had it stopped without answering (did it crash them?)", msgs[i].deliveries);
        } else
            w->results[i] = code_message(w, &msgs[i], w->errors[i], sizeof w->errors[i]);
        if (w->results[i] == -1 && !*dberr)
            snprintf(dberr, sizeof dberr, "%s", w->errors[i]);
    }
    if (!*dberr) {
        fault_point("before-commit");
        if (store_flush(w->st, dberr, sizeof dberr) >= 0)
            fault_point("after-commit");
    } else { /* (ends the transaction; what it commits is skipped when it comes back) */
        char ignored[1024];
        store_flush(w->st, ignored, sizeof ignored);
    }
    if (*dberr)
        fprintf(stderr, "tacitus worker: %s (the batch's %d messages go back to the queue)\n", dberr, n);
    w->batches++;
    for (int i = 0; i < n; i++) {
        int rc = *dberr ? -1 : w->results[i];
        w->stored += rc == 0;
        w->skipped += rc == 1;
        answer(w, &msgs[i], rc, *dberr ? dberr : w->errors[i]);
        tac_queue_msg_free(&msgs[i]);
    }
    return *dberr ? -1 : 0;
}

/* SIGTERM: stop after the current batch, as SIGINT (cli_catch_interrupt). */
static void on_term(int sig)
{
    (void)sig;
    cli_interrupted = 1;
}

/* Sleep about ms milliseconds (a pause before fetching again after an error). */
static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Fetch and run batches until SIGTERM, SIGINT, --idle-exit or a database
 * error. Returns the exit status. */
static int work(worker *w, const worker_args *a)
{
    tac_queue_msg *msgs = calloc((size_t)a->batch, sizeof *msgs);
    w->results = calloc((size_t)a->batch, sizeof *w->results);
    w->errors = calloc((size_t)a->batch, sizeof *w->errors);
    if (!msgs || !w->results || !w->errors) {
        fprintf(stderr, "tacitus worker: out of memory\n");
        free(msgs);
        return TAC_EXIT_IO;
    }
    store_set_batch(w->st, a->batch + 1, 0); /* (committed by run_batch's store_flush only) */
    int rc = TAC_EXIT_OK, fetch_failing = 0;
    double last_msg = cli_now();
    char err[1024];
    while (!cli_interrupted) {
        int n = tac_queue_fetch(w->q, msgs, a->batch, 1000, err, sizeof err);
        if (n < 0) {
            if (!fetch_failing++) /* (once per outage: the client reconnects meanwhile) */
                fprintf(stderr, "tacitus worker: %s (trying again)\n", err);
            pause_ms(250);
        } else if (n > 0) {
            fetch_failing = 0;
            last_msg = cli_now();
            if (run_batch(w, msgs, n) < 0) {
                rc = TAC_EXIT_IO;
                break;
            }
        }
        if (a->idle_exit && cli_now() - last_msg >= a->idle_exit)
            break;
    }
    free(msgs);
    return rc;
}

/* --list-dead's callback: print dead letter d as one JSON line. */
static int print_dead_letter(void *ud, const tac_queue_dead_letter *d)
{
    (void)ud;
    size_t len, bad;
    char *body = utf8_repair(d->data, d->len, &len, &bad);
    json_t *o = json_pack("{s:I, s:I, s:s?, s:i, s:s, s:s%}", "seq", (json_int_t)d->seq, "work_seq",
                          (json_int_t)d->work_seq, "msg_id", d->msg_id, "deliveries", d->deliveries, "error",
                          d->error, "body", body ? body : "", body ? len : 0);
    char *line = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (line)
        printf("%s\n", line);
    free(line);
    json_decref(o);
    free(body);
    return 0;
}

/* Open what the worker needs (store, engine and coder, queue) into w; eng
 * receives the engine. Returns 0, or the exit status of the failure (reported). */
static int open_worker(worker *w, const worker_args *a, tac_engine **eng)
{
    char err[1024];
    if (store_open(a->db, 0, &w->st, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus worker: %s\n", err);
        return TAC_EXIT_IO;
    }
    if (!(*eng = open_engine(&a->eo, "worker")))
        return TAC_EXIT_DATA;
    if (!(w->coder = tac_coder_new(*eng))) {
        fprintf(stderr, "tacitus worker: out of memory\n");
        return TAC_EXIT_IO;
    }
    if (tac_queue_open(&w->q, a->qa.url, &a->qa.o, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus worker: %s\n", err);
        return TAC_EXIT_IO;
    }
    return 0;
}

/* --list-dead: print the dead letters. Returns the exit status. */
static int list_dead(const worker_args *a)
{
    char err[1024];
    tac_queue *q = NULL;
    tac_queue_opts o = a->qa.o;
    o.consume = 0;
    int rc = TAC_EXIT_OK;
    if (tac_queue_open(&q, a->qa.url, &o, err, sizeof err) < 0 ||
        tac_queue_dead_letters(q, print_dead_letter, NULL, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus worker: %s\n", err);
        rc = TAC_EXIT_IO;
    }
    tac_queue_close(q);
    tac_queue_shutdown();
    return rc;
}

/* See cli.h; 'tacitus worker' (see worker_help). */
int cmd_worker(int argc, char **argv)
{
    worker_args a;
    int p = parse_worker_args(argc, argv, &a);
    if (p != 0)
        return p > 0 ? TAC_EXIT_OK : TAC_EXIT_USAGE;
    if (a.list_dead)
        return list_dead(&a);
    worker w = {0};
    w.max_bytes = a.eo.max_bytes ? a.eo.max_bytes : DEFAULT_MAX_BYTES;
    tac_engine *eng = NULL;
    int rc = open_worker(&w, &a, &eng);
    if (rc == 0) {
        cli_catch_interrupt();
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_term;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGTERM, &sa, NULL);
        rc = work(&w, &a);
        fprintf(stderr, "tacitus worker: %ld stored, %ld skipped (already stored), %ld failed, %ld dead-lettered,"
                " in %ld batches\n", w.stored, w.skipped, w.failed, w.dead, w.batches);
    }
    tac_queue_close(w.q);
    tac_queue_shutdown();
    free(w.results);
    free(w.errors);
    tac_coder_free(w.coder);
    tac_engine_close(eng);
    store_close(w.st);
    return rc;
}
