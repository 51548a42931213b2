/*
 * code_pool.h - `tacitus code -j N`: documents coded by N threads, records
 * written in input order by the thread that submits them (code_pool.c).
 */
#ifndef TACITUS_CODE_POOL_H
#define TACITUS_CODE_POOL_H

#include "input.h"
#include "tacitus.h"

/* What the pool's records came to, kept by the writing (submitting) thread. */
typedef struct code_pool_tally {
    long docs, events, failed;
    int out_error; /* stdout could not be written, or memory ran out */
} code_pool_tally;

/* A document the workers have coded, handed to code_pool_opts.sink in input
 * order. */
typedef struct code_pool_done {
    input_doc *d;      /* the document (the pool frees it after the sink returns) */
    const char *where; /* how messages name it */
    long line;         /* its JSON Lines line, 0 for a file */
    const char *out;   /* its record(s) in the pool's format, when n >= 0 */
    size_t outlen;
    int n;             /* events coded, or -1 when it could not be coded (err says why) */
    const char *err;
} code_pool_done;

typedef struct code_pool_opts {
    enum tac_format fmt;
    void (*written)(void *ud); /* called after each record is written (progress), may be NULL */
    /* NULL: records and messages go to stdout and stderr as `tacitus code` writes
     * them; else each coded document goes to sink instead (`tacitus ingest`) */
    void (*sink)(void *ud, const code_pool_done *done);
    void *ud;
    const char *fields;  /* the event keys to write (tac_coder_set_fields; checked before), NULL = all */
    int no_evidence;     /* leave out each event's "evidence" */
    size_t max_bytes;    /* code_pool_line: the cap of a document's text (input_parse_jsonl) */
} code_pool_opts;

typedef struct code_pool code_pool;

/* Start nthreads workers, each with its own coder of engine e (shared
 * read-only). o and tally must outlive the pool. NULL when out of memory or a
 * thread cannot start. */
code_pool *code_pool_new(const tac_engine *e, int nthreads, const code_pool_opts *o, code_pool_tally *tally);

/* Submit document d to be coded; its messages name it `where`, its error
 * record gives `line` (0 for a file). The pool takes d's contents (d is left
 * empty). Waits while 16 * nthreads jobs are in flight, writing finished ones.
 * Returns 0, or -1 when out of memory (d kept). */
int code_pool_doc(code_pool *p, input_doc *d, const char *where, long line);

/* Submit one non-blank JSON Lines line (len bytes, copied) to be parsed and
 * coded by a worker, as `tacitus code` does: an empty or missing id becomes
 * "line-LINENO"; a line that does not parse is written in its turn as a
 * failure (code_pool_failure) with the parser's message. Its messages name it
 * `where`. Waits as code_pool_doc does. Returns 0, or -1 when out of memory. */
int code_pool_line(code_pool *p, const char *line, size_t len, const char *where, long lineno);

/* Submit an input that could not be read: written in its turn as
 * "tacitus code: WHERE: MSG" on stderr (just MSG when where is NULL) and an
 * error record with id (may be NULL) and line. Returns 0, or -1 when out of
 * memory. */
int code_pool_failure(code_pool *p, const char *where, const char *id, long line, const char *msg);

/* Write every submitted job, waiting for those still being coded. */
void code_pool_drain(code_pool *p);

/* Drain, stop the workers and free the pool (NULL: nothing). */
void code_pool_free(code_pool *p);

#endif
