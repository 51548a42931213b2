/*
 * code_pool.c - `tacitus code -j N`: N threads code the documents the main
 * thread reads, and the main thread writes their records in input order.
 *
 * The main thread submits jobs (a raw JSON Lines line to parse and code, a
 * document already read, or a failure to report) into a ring of 16N slots
 * (CODE_POOL_SLOTS_PER_THREAD); each worker takes the next job not yet taken
 * and does every per-document step with its own coder (the engine is shared
 * read-only): the JSON parsing and UTF-8 repair of a line, the coding, and the
 * record's serialisation into a byte buffer. The main thread only reads raw
 * lines and writes the finished buffers from the ring's head, in the order
 * they were submitted, with their messages on stderr. When the ring is full,
 * submitting waits for its head to be written, so memory is bounded by 16N
 * documents and their records whatever the input's length.
 */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_pool.h"
#include "export.h"

enum { JOB_DOC, JOB_FAILURE, JOB_LINE };

/* Jobs in flight per thread: enough that a long document at the head of the
 * ring does not leave the other workers idle while it is coded */
#define CODE_POOL_SLOTS_PER_THREAD 16

typedef struct cp_job {
    int kind;         /* a worker turns JOB_LINE into JOB_DOC or JOB_FAILURE */
    char *raw;        /* JOB_LINE: the line as read (owned) */
    size_t rawlen;
    input_doc d;      /* JOB_DOC: the document (owned) */
    char *where;      /* how messages name it ("file.jsonl:12") */
    long line;        /* its JSON Lines line, 0 for a file */
    char *msg;        /* JOB_FAILURE: what went wrong */
    char *out;        /* JOB_DOC: the record(s) written, once done */
    size_t outlen;
    char err[512];    /* JOB_DOC: why it could not be coded (n < 0) */
    int n;            /* JOB_DOC: events written, -1 when it failed */
    int done;
} cp_job;

struct code_pool {
    const code_pool_opts *o;
    code_pool_tally *tally;
    tac_coder **coders;
    pthread_t *threads;
    int nthreads, started;
    cp_job *ring;
    size_t cap;
    size_t head, next, tail; /* written < taken by a worker < submitted (counts, not indexes) */
    int stop;
    int idle;                /* workers waiting for a job (submit wakes one only then) */
    size_t wait_until;       /* when waiting, the writer waits for every job before this count */
    int writer_waiting;      /* the writer waits (a worker wakes it only when that came true) */
    pthread_mutex_t mu;
    pthread_cond_t work, finished;
};

/* Code job j's document with coder c into a buffer of its own (outside the
 * pool's lock): j->out and j->n, or j->n = -1 and j->err. */
static void code_job(const code_pool_opts *o, tac_coder *c, cp_job *j)
{
    input_doc *d = &j->d;
    tac_doc doc = {d->id, d->title, d->published, d->url, d->text, d->len, d->published_from, d->source};
    const char *rec;
    size_t len;
    j->n = tac_code_buf(c, &doc, (const char *const *)d->warnings, d->nwarnings, o->fmt, &rec, &len, j->err,
                        sizeof j->err);
    if (j->n < 0)
        return;
    int nl = o->fmt == TAC_FORMAT_JSON; /* a JSON record ends its line */
    if (!(j->out = malloc(len + (size_t)nl))) {
        j->n = -1;
        snprintf(j->err, sizeof j->err, "cannot write: out of memory");
        return;
    }
    memcpy(j->out, rec, len);
    if (nl)
        j->out[len] = '\n';
    j->outlen = len + (size_t)nl;
}

/* Parse job j's raw JSON Lines line (JOB_LINE) into its document, as `tacitus
 * code` names it: an empty or missing id becomes "line-N". A line that does
 * not parse becomes a JOB_FAILURE with the parser's message (and the id when
 * one was read). Returns 0 when there is a document to code, else -1. */
static int parse_job(const code_pool_opts *o, cp_job *j)
{
    char err[512];
    int rc = input_parse_jsonl(j->raw, j->rawlen, o->max_bytes, &j->d, err, sizeof err);
    free(j->raw);
    j->raw = NULL;
    if (rc < 0) {
        j->kind = JOB_FAILURE;
        if (!(j->msg = strdup(err))) {
            j->kind = JOB_DOC, j->n = -1; /* written as stdout's failure */
            snprintf(j->err, sizeof j->err, "cannot write: out of memory");
        }
        return -1;
    }
    j->kind = JOB_DOC;
    if (j->d.id && !*j->d.id) { /* an empty id names nothing */
        free(j->d.id);
        j->d.id = NULL;
    }
    if (!j->d.id) {
        char idbuf[64];
        snprintf(idbuf, sizeof idbuf, "line-%ld", j->line);
        if (!(j->d.id = strdup(idbuf))) {
            j->n = -1;
            snprintf(j->err, sizeof j->err, "cannot write: out of memory");
            return -1;
        }
    }
    return 0;
}

/* Under the lock: is every job the waiting writer waits for done? */
static int writer_may_go(const code_pool *p)
{
    for (size_t i = p->head; i < p->wait_until; i++)
        if (!p->ring[i % p->cap].done)
            return 0;
    return 1;
}

/* A worker: take the next submitted job, code it, mark it done; until stopped
 * and nothing is left. */
static void *worker(void *arg)
{
    code_pool *p = ((void **)arg)[0];
    tac_coder *c = ((void **)arg)[1];
    free(arg);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next == p->tail && !p->stop) {
            p->idle++;
            pthread_cond_wait(&p->work, &p->mu);
            p->idle--;
        }
        if (p->next == p->tail)
            break;
        cp_job *j = &p->ring[p->next++ % p->cap];
        pthread_mutex_unlock(&p->mu);
        if (j->kind == JOB_DOC || (j->kind == JOB_LINE && parse_job(p->o, j) == 0))
            code_job(p->o, c, j);
        pthread_mutex_lock(&p->mu);
        j->done = 1;
        if (p->writer_waiting && writer_may_go(p))
            pthread_cond_signal(&p->finished);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

code_pool *code_pool_new(const tac_engine *e, int nthreads, const code_pool_opts *o, code_pool_tally *tally)
{
    code_pool *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->o = o, p->tally = tally, p->nthreads = nthreads, p->cap = CODE_POOL_SLOTS_PER_THREAD * (size_t)nthreads;
    p->coders = calloc((size_t)nthreads, sizeof *p->coders);
    p->threads = calloc((size_t)nthreads, sizeof *p->threads);
    p->ring = calloc(p->cap, sizeof *p->ring);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->finished, NULL);
    if (!p->coders || !p->threads || !p->ring) {
        code_pool_free(p);
        return NULL;
    }
    for (int i = 0; i < nthreads; i++) {
        void **arg = malloc(2 * sizeof *arg);
        char err[512];
        if (!arg || !(p->coders[i] = tac_coder_new(e)) ||
            tac_coder_set_fields(p->coders[i], o->fields, !o->no_evidence, err, sizeof err) < 0) {
            free(arg);
            code_pool_free(p);
            return NULL;
        }
        arg[0] = p, arg[1] = p->coders[i];
        if (pthread_create(&p->threads[i], NULL, worker, arg) != 0) {
            free(arg);
            code_pool_free(p);
            return NULL;
        }
        p->started++;
    }
    return p;
}

/* Write n bytes of b to stdout; the first failure is reported once and ends
 * the output (tally->out_error). */
static void put_out(code_pool *p, const char *b, size_t n)
{
    if (p->tally->out_error || n == 0)
        return;
    if (fwrite(b, 1, n, stdout) != n) {
        fprintf(stderr, "tacitus code: cannot write output: %s\n", strerror(errno));
        p->tally->out_error = 1;
    }
}

/* Write the error record of an input that could not be coded (JSON output
 * only), so that the output keeps one record per input. */
static void write_error_record(code_pool *p, const char *id, long line, const char *msg)
{
    if (p->o->fmt != TAC_FORMAT_JSON || p->tally->out_error)
        return;
    outbuf b;
    ob_init(&b);
    export_error(&b, id, line, msg);
    ob_lit(&b, "\n");
    if (!b.failed)
        put_out(p, b.p, b.len);
    ob_free(&b);
}

/* Write finished job j: its messages to stderr, its record(s) to stdout; count
 * it in the tally; release what it holds. */
static void write_job(code_pool *p, cp_job *j)
{
    code_pool_tally *t = p->tally;
    if (j->kind == JOB_FAILURE) {
        if (j->where)
            fprintf(stderr, "tacitus code: %s: %s\n", j->where, j->msg);
        else
            fprintf(stderr, "tacitus code: %s\n", j->msg);
        write_error_record(p, j->d.id, j->line, j->msg);
        t->failed++;
    } else if (p->o->sink) {
        code_pool_done done = {&j->d, j->where, j->line, j->out, j->outlen, j->n, j->err};
        p->o->sink(p->o->ud, &done);
    } else {
        for (size_t i = 0; i < j->d.nwarnings; i++)
            fprintf(stderr, "tacitus code: warning: %s: %s\n", j->where, j->d.warnings[i]);
        if (j->n < 0) {
            fprintf(stderr, "tacitus code: %s: %s\n", j->where, j->err);
            if (strncmp(j->err, "cannot write", 12) == 0)
                t->out_error = 1;
            else {
                write_error_record(p, j->d.id, j->line, j->err);
                t->failed++;
            }
        } else {
            put_out(p, j->out, j->outlen);
            t->docs++;
            t->events += j->n;
        }
    }
    if (p->o->written)
        p->o->written(p->o->ud);
    input_doc_free(&j->d);
    free(j->raw);
    free(j->where);
    free(j->msg);
    free(j->out);
    memset(j, 0, sizeof *j);
}

/* Write the jobs at the ring's head that are done, in order. With wait, first
 * wait (when a job is in flight) until the head job and the half ring after it
 * are done, or all jobs submitted: waking once per half ring, not per job,
 * keeps the writer's wake-ups few while the other half keeps the workers busy. */
static void write_done(code_pool *p, int wait)
{
    pthread_mutex_lock(&p->mu);
    if (wait && p->head < p->tail) {
        size_t want = p->head + (p->cap + 1) / 2;
        p->wait_until = want < p->tail ? want : p->tail;
        while (!writer_may_go(p)) {
            p->writer_waiting = 1;
            pthread_cond_wait(&p->finished, &p->mu);
            p->writer_waiting = 0;
        }
    }
    while (p->head < p->tail && p->ring[p->head % p->cap].done) {
        cp_job *j = &p->ring[p->head % p->cap];
        pthread_mutex_unlock(&p->mu); /* (the workers never touch a done job) */
        write_job(p, j);
        pthread_mutex_lock(&p->mu);
        p->head++;
    }
    pthread_mutex_unlock(&p->mu);
}

/* A free slot at the ring's tail, writing the head's jobs until one is free. */
static cp_job *free_slot(code_pool *p)
{
    write_done(p, 0);
    while (p->tail - p->head == p->cap)
        write_done(p, 1);
    return &p->ring[p->tail % p->cap];
}

/* Hand the job filled at the tail to the workers. */
static void submit(code_pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->tail++;
    if (p->idle)
        pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
}

int code_pool_doc(code_pool *p, input_doc *d, const char *where, long line)
{
    cp_job *j = free_slot(p);
    if (!(j->where = strdup(where)))
        return -1;
    j->kind = JOB_DOC;
    j->d = *d;
    memset(d, 0, sizeof *d); /* (the job owns it now) */
    j->line = line;
    submit(p);
    return 0;
}

int code_pool_line(code_pool *p, const char *line, size_t len, const char *where, long lineno)
{
    cp_job *j = free_slot(p);
    j->raw = malloc(len + 1);
    j->where = strdup(where);
    if (!j->raw || !j->where) {
        free(j->raw), free(j->where);
        memset(j, 0, sizeof *j);
        return -1;
    }
    memcpy(j->raw, line, len);
    j->raw[len] = '\0';
    j->rawlen = len;
    j->kind = JOB_LINE;
    j->line = lineno;
    submit(p);
    return 0;
}

int code_pool_failure(code_pool *p, const char *where, const char *id, long line, const char *msg)
{
    cp_job *j = free_slot(p);
    j->kind = JOB_FAILURE;
    j->where = where ? strdup(where) : NULL;
    j->msg = strdup(msg);
    j->d.id = id ? strdup(id) : NULL;
    j->line = line;
    if ((where && !j->where) || !j->msg || (id && !j->d.id)) {
        free(j->where), free(j->msg), free(j->d.id);
        memset(j, 0, sizeof *j);
        return -1;
    }
    submit(p);
    return 0;
}

void code_pool_drain(code_pool *p)
{
    while (p->head < p->tail)
        write_done(p, 1);
}

void code_pool_free(code_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->started; i++)
        pthread_join(p->threads[i], NULL);
    code_pool_drain(p);
    for (int i = 0; p->coders && i < p->nthreads; i++)
        tac_coder_free(p->coders[i]);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->finished);
    free(p->coders);
    free(p->threads);
    free(p->ring);
    free(p);
}
