/*
 * queue.h - the work queue of continuous monitoring: a NATS JetStream stream
 * with work-queue retention that publishers (tacitus publish, tacitus feeds)
 * put documents into, each with a message id for JetStream's duplicate
 * detection, and that workers (tacitus worker) take batches from through one
 * durable pull consumer with explicit acknowledgement. A message that still
 * fails at its last delivery goes to a dead-letter stream, with the error,
 * where it is kept. Settings and failure rules: docs/monitoring.md.
 *
 * Every function that can fail returns a negative value and writes a one-line
 * message naming the server (its URL, any password masked) into err. A queue
 * handle is used by one thread at a time.
 */
#ifndef TACITUS_QUEUE_H
#define TACITUS_QUEUE_H

#include <stddef.h>
#include <stdint.h>

typedef struct tac_queue tac_queue;

/* The stream, its consumer and their settings. */
typedef struct tac_queue_opts {
    const char *stream;   /* the work stream's name (default "TACITUS"); the dead letters'
                           * is this with "_DEAD" appended */
    const char *subject;  /* its subject (default "tacitus.docs"); dead letters go to this
                           * with ".dead" appended */
    int dup_window;       /* seconds JetStream remembers a message id; 0 (the default): 2
                           * minutes when the stream is created, an existing one's kept */
    int consume;          /* 1: also create (or update) the durable consumer "tacitus-worker"
                           * and bind to it, for tac_queue_fetch (a worker); 0: publish only */
    int ack_wait;         /* consume: seconds before an unacknowledged message is delivered
                           * again (default 60) */
    int max_deliver;      /* consume: the delivery at which a message that fails is
                           * dead-lettered (default 5; see tac_queue_msg) */
} tac_queue_opts;

/* Set o to the defaults (publish only). */
void tac_queue_opts_init(tac_queue_opts *o);

/* Connect to the NATS server at url (nats://host:port, several separated by
 * commas; reconnects for ever once connected), create the work stream (file
 * storage, work-queue retention, o's duplicate window) and the dead-letter
 * stream (file storage, limits retention) when missing, or bring the work
 * stream's duplicate window to o's (when o gives one); when o->consume, create the durable pull
 * consumer (explicit ack, o's ack wait, no delivery cap of JetStream's: the
 * worker counts deliveries against o's max deliver, see tac_queue_msg) or
 * update it to these settings, and bind to it. o NULL: the defaults. Returns 0 and *out, or -1
 * with err (nothing left open). */
int tac_queue_open(tac_queue **out, const char *url, const tac_queue_opts *o, char *err, size_t errlen);

/* Close the connection and free q (NULL is accepted). */
void tac_queue_close(tac_queue *q);

/* Free what the NATS library holds for the whole process (its threads), once,
 * after every queue is closed: for a clean exit under leak checkers. */
void tac_queue_shutdown(void);

/* Publish data (len bytes) to the work stream with message id msg_id and wait
 * for JetStream's acknowledgement. For tacitus worker, data is one document:
 * a JSON object as a line of JSON Lines that 'tacitus ingest' reads
 * (input_parse_jsonl), and msg_id the hash of its text (store_text_hash), the
 * key by which the store also knows a document it has. Returns 0 stored, 1 duplicate (JetStream
 * saw msg_id within its duplicate window and dropped this one), -1 on an error
 * (err; the message may or may not be stored: publishing it again is safe). */
int tac_queue_publish(tac_queue *q, const char *msg_id, const char *data, size_t len, char *err, size_t errlen);

/* Publish one document: line (len bytes) is a line of JSON Lines as 'tacitus
 * ingest' reads it (input_parse_jsonl; max_bytes caps its text as a worker's
 * --max-bytes does, 0: 10 MB), published as it is with the hash of its text
 * as message id. Returns 0 stored, 1 duplicate, -1 on a queue error (err), -2
 * when the line is not a document (err says why; nothing published). */
int tac_queue_publish_document(tac_queue *q, const char *line, size_t len, size_t max_bytes, char *err,
                               size_t errlen);

/* A message fetched by a worker. */
typedef struct tac_queue_msg {
    const char *data;  /* the body, NUL-terminated after len bytes */
    size_t len;
    const char *id;    /* the publisher's message id, or NULL */
    uint64_t seq;      /* its sequence number in the work stream */
    int deliveries;    /* 1 at its first delivery */
    int last;          /* 1 when deliveries reached max deliver: a failure now goes to
                        * tac_queue_dead, not back to the queue */
    int past_last;     /* 1 when deliveries passed max deliver: its last delivery was not
                        * answered (a worker died on it), so it goes to tac_queue_dead
                        * without another try */
    void *nats_msg;    /* the library's message (owned; tac_queue_msg_free) */
} tac_queue_msg;

/* Fetch up to max messages (consume only), waiting at most timeout_ms for the
 * first. Returns how many were put into msgs (0 when none came in time), or -1
 * on an error (err: the server is gone, a reconnection is under way). Each
 * message must be answered (tac_queue_ack, _nak or _dead) or left to time out,
 * then freed with tac_queue_msg_free. */
int tac_queue_fetch(tac_queue *q, tac_queue_msg *msgs, int max, int timeout_ms, char *err, size_t errlen);

/* Acknowledge m (done: JetStream deletes it) and wait for the server to
 * confirm. Returns 0, or -1 (err; m will be delivered again after the ack wait). */
int tac_queue_ack(tac_queue *q, tac_queue_msg *m, char *err, size_t errlen);

/* Give m back for another delivery at once. Returns 0, or -1 (err; m will be
 * delivered again after the ack wait). */
int tac_queue_nak(tac_queue *q, tac_queue_msg *m, char *err, size_t errlen);

/* Publish m to the dead-letter stream with why (one line) and its delivery
 * count and sequence in headers (Tacitus-Error, Tacitus-Deliveries,
 * Tacitus-Seq, Tacitus-Msg-Id), then terminate it in the work stream (never
 * delivered again). Returns 0, or -1 (err; m is then not terminated). */
int tac_queue_dead(tac_queue *q, tac_queue_msg *m, const char *why, char *err, size_t errlen);

/* Free m's message (a zeroed m is accepted). */
void tac_queue_msg_free(tac_queue_msg *m);

/* A message kept in the dead-letter stream. */
typedef struct tac_queue_dead_letter {
    uint64_t seq;           /* its sequence in the dead-letter stream */
    uint64_t work_seq;      /* its sequence in the work stream (0: unknown) */
    const char *error;      /* why it failed at its last delivery ("" when not given) */
    const char *msg_id;     /* the publisher's message id, or NULL */
    int deliveries;
    const char *data;       /* the body, as published */
    size_t len;
} tac_queue_dead_letter;

/* Call cb with each message of the dead-letter stream, oldest first (nothing
 * is removed; cb's nonzero return stops the walk). Returns the number passed,
 * or -1 on an error (err). */
long tac_queue_dead_letters(tac_queue *q, int (*cb)(void *ud, const tac_queue_dead_letter *d), void *ud,
                            char *err, size_t errlen);

#endif
