/*
 * queue.c - the work queue of continuous monitoring (queue.h) over the NATS C
 * client's JetStream API (libnats): the work stream and the dead-letter
 * stream created or updated at open, publishing with a message id (a
 * document's: the hash of its text, as the store knows it), a durable
 * pull consumer fetched in batches, and each message acknowledged, given back
 * or dead-lettered. Settings and failure rules: docs/monitoring.md.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nats/nats.h>

#include "input.h"
#include "queue.h"
#include "store.h"

/* The durable consumer every worker of a stream shares. */
#define QUEUE_CONSUMER "tacitus-worker"
#define NS_PER_S 1000000000LL

struct tac_queue {
    natsConnection *nc;
    jsCtx *js;
    natsSubscription *sub;   /* the pull subscription (consume only) */
    int max_deliver;         /* the worker's --max-deliver */
    char stream[128], dead_stream[136];
    char subject[256], dead_subject[264];
    char where[256];         /* the URL, any password masked, for messages */
};

/* See queue.h. */
void tac_queue_opts_init(tac_queue_opts *o)
{
    memset(o, 0, sizeof *o);
    o->stream = "TACITUS";
    o->subject = "tacitus.docs";
    o->dup_window = 0;
    o->ack_wait = 60;
    o->max_deliver = 5;
}

/* Copy url into out (n bytes), its password ("user:PASSWORD@") replaced by
 * "***", so that messages can name the server. */
static void mask_url(const char *url, char *out, size_t n)
{
    snprintf(out, n, "%s", url);
    char *scheme = strstr(out, "://");
    char *start = scheme ? scheme + 3 : out;
    char *at = strchr(start, '@');
    char *colon = at ? memchr(start, ':', (size_t)(at - start)) : NULL;
    if (colon && (size_t)(colon - out) + 5 + strlen(at) < n) {
        memmove(colon + 4, at, strlen(at) + 1);
        memcpy(colon + 1, "***", 3);
    }
}

/* Write "nats URL: what: the library's reason" into err and return -1. s is
 * the failed call's status, jerr its JetStream error code (0: none). The
 * reason loses the library's "(file.c:123): " prefix; no responders gets a
 * hint (a server without JetStream answers no JetStream request). */
static int fail(const tac_queue *q, natsStatus s, jsErrCode jerr, const char *what, char *err, size_t errlen)
{
    const char *detail = nats_GetLastError(NULL);
    if (!detail || !*detail)
        detail = natsStatus_GetText(s);
    const char *end = detail[0] == '(' ? strstr(detail, "): ") : NULL;
    if (end)
        detail = end + 3;
    char code[64] = "";
    if (jerr)
        snprintf(code, sizeof code, " (JetStream error %d)", (int)jerr);
    snprintf(err, errlen, "nats %s: %s: %s%s%s", q->where, what, detail, code,
             s == NATS_NO_RESPONDERS ? "; is JetStream enabled (nats-server -js)?" : "");
    return -1;
}

/* Create the stream name on subject with retention ret when missing; when it
 * exists, bring its duplicate window to dup_window seconds, or leave it as it
 * is when dup_window is 0 (JetStream's default, 2 minutes, at creation).
 * Returns 0, or -1 with err. */
static int ensure_stream(tac_queue *q, const char *name, const char *subject, jsRetentionPolicy ret,
                         int dup_window, char *err, size_t errlen)
{
    jsStreamConfig c;
    jsStreamConfig_Init(&c);
    const char *subjects[1] = {subject};
    c.Name = name;
    c.Subjects = subjects;
    c.SubjectsLen = 1;
    c.Retention = ret;
    c.Storage = js_FileStorage;
    c.Duplicates = (int64_t)dup_window * NS_PER_S;
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_AddStream(&si, q->js, &c, NULL, &jerr);
    if (s != NATS_OK && jerr == JSStreamNameExistErr && dup_window == 0)
        s = NATS_OK; /* (an existing stream, kept as it is) */
    else if (s != NATS_OK && jerr == JSStreamNameExistErr) {
        jerr = 0;
        s = js_UpdateStream(&si, q->js, &c, NULL, &jerr);
    }
    jsStreamInfo_Destroy(si);
    if (s != NATS_OK) {
        char what[300];
        snprintf(what, sizeof what, "cannot create or update the stream %s", name);
        return fail(q, s, jerr, what, err, errlen);
    }
    return 0;
}

/* Create the durable pull consumer when missing, else update it, to o's ack
 * wait, explicit acknowledgement and no delivery cap of JetStream's own: the
 * workers count deliveries against their --max-deliver (tac_queue_msg.last,
 * .past_last). A cap in JetStream would strand a message whose last delivery
 * was lost with its worker (never delivered again, never dead-lettered), and
 * workers disagreeing on it would strand the messages between the two caps.
 * Returns 0, or -1 with err. */
static int create_or_update_consumer(tac_queue *q, const tac_queue_opts *o, char *err, size_t errlen)
{
    jsConsumerConfig cc;
    jsConsumerConfig_Init(&cc);
    cc.Durable = QUEUE_CONSUMER;
    cc.AckPolicy = js_AckExplicit;
    cc.DeliverPolicy = js_DeliverAll;
    cc.AckWait = (int64_t)o->ack_wait * NS_PER_S;
    cc.MaxDeliver = -1;
    jsConsumerInfo *ci = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetConsumerInfo(&ci, q->js, q->stream, QUEUE_CONSUMER, NULL, &jerr);
    jsConsumerInfo_Destroy(ci);
    ci = NULL;
    if (s == NATS_OK)
        s = js_UpdateConsumer(&ci, q->js, q->stream, &cc, NULL, &jerr);
    else if (s == NATS_NOT_FOUND || jerr == JSConsumerNotFoundErr) {
        jerr = 0;
        s = js_AddConsumer(&ci, q->js, q->stream, &cc, NULL, &jerr);
    }
    jsConsumerInfo_Destroy(ci);
    if (s != NATS_OK)
        return fail(q, s, jerr, "cannot create or update the consumer " QUEUE_CONSUMER, err, errlen);
    q->max_deliver = o->max_deliver;
    return 0;
}

/* Create or update the durable pull consumer (create_or_update_consumer) and
 * bind the pull subscription to it. Returns 0, or -1 with err. */
static int ensure_consumer(tac_queue *q, const tac_queue_opts *o, char *err, size_t errlen)
{
    if (create_or_update_consumer(q, o, err, errlen) < 0)
        return -1;
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = q->stream;
    so.Consumer = QUEUE_CONSUMER;
    jsErrCode jerr = 0;
    natsStatus s = js_PullSubscribe(&q->sub, q->js, q->subject, QUEUE_CONSUMER, NULL, &so, &jerr);
    if (s != NATS_OK)
        return fail(q, s, jerr, "cannot bind to the consumer " QUEUE_CONSUMER, err, errlen);
    return 0;
}

/* Connect q to url (reconnecting for ever once connected) and make its
 * JetStream context. Returns 0, or -1 with err. */
static int connect_to(tac_queue *q, const char *url, char *err, size_t errlen)
{
    natsOptions *no = NULL;
    natsStatus s = natsOptions_Create(&no);
    if (s == NATS_OK)
        s = natsOptions_SetURL(no, url);
    if (s == NATS_OK)
        s = natsOptions_SetName(no, "tacitus");
    if (s == NATS_OK)
        s = natsOptions_SetTimeout(no, 5000);
    if (s == NATS_OK)
        s = natsOptions_SetMaxReconnect(no, -1);
    if (s == NATS_OK)
        s = natsOptions_SetReconnectWait(no, 250);
    if (s == NATS_OK)
        s = natsConnection_Connect(&q->nc, no);
    natsOptions_Destroy(no);
    if (s != NATS_OK)
        return fail(q, s, 0, "cannot connect", err, errlen);
    jsOptions jo;
    jsOptions_Init(&jo);
    jo.Wait = 5000;
    s = natsConnection_JetStream(&q->js, q->nc, &jo);
    return s == NATS_OK ? 0 : fail(q, s, 0, "no JetStream context", err, errlen);
}

/* See queue.h. */
int tac_queue_open(tac_queue **out, const char *url, const tac_queue_opts *o, char *err, size_t errlen)
{
    tac_queue_opts defaults;
    if (!o) {
        tac_queue_opts_init(&defaults);
        o = &defaults;
    }
    *out = NULL;
    tac_queue *q = calloc(1, sizeof *q);
    if (!q) {
        snprintf(err, errlen, "nats: out of memory");
        return -1;
    }
    mask_url(url, q->where, sizeof q->where);
    if (strlen(o->stream) + 6 > sizeof q->stream || strlen(o->subject) + 6 > sizeof q->subject) {
        snprintf(err, errlen, "nats %s: the stream's name or subject is too long", q->where);
        free(q);
        return -1;
    }
    snprintf(q->stream, sizeof q->stream, "%s", o->stream);
    snprintf(q->dead_stream, sizeof q->dead_stream, "%s_DEAD", o->stream);
    snprintf(q->subject, sizeof q->subject, "%s", o->subject);
    snprintf(q->dead_subject, sizeof q->dead_subject, "%s.dead", o->subject);
    if (connect_to(q, url, err, errlen) < 0 ||
        ensure_stream(q, q->stream, q->subject, js_WorkQueuePolicy, o->dup_window, err, errlen) < 0 ||
        ensure_stream(q, q->dead_stream, q->dead_subject, js_LimitsPolicy, 0, err, errlen) < 0 ||
        (o->consume && ensure_consumer(q, o, err, errlen) < 0)) {
        tac_queue_close(q);
        return -1;
    }
    *out = q;
    return 0;
}

/* See queue.h. */
void tac_queue_close(tac_queue *q)
{
    if (!q)
        return;
    natsSubscription_Destroy(q->sub);
    jsCtx_Destroy(q->js);
    if (q->nc)
        natsConnection_Close(q->nc);
    natsConnection_Destroy(q->nc);
    free(q);
}

/* See queue.h. */
void tac_queue_shutdown(void)
{
    nats_CloseAndWait(2000);
}

/* Publish msg (its subject set) with message id msg_id and wait for the
 * acknowledgement. Returns as tac_queue_publish; what names the publish in err. */
static int publish_msg(tac_queue *q, natsMsg *msg, const char *stream, const char *msg_id, const char *what,
                       char *err, size_t errlen)
{
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MsgId = msg_id;
    po.ExpectStream = stream;
    jsPubAck *pa = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_PublishMsg(&pa, q->js, msg, &po, &jerr);
    if (s != NATS_OK)
        return fail(q, s, jerr, what, err, errlen);
    int dup = pa->Duplicate ? 1 : 0;
    jsPubAck_Destroy(pa);
    return dup;
}

/* See queue.h. */
int tac_queue_publish(tac_queue *q, const char *msg_id, const char *data, size_t len, char *err, size_t errlen)
{
    if (len > INT_MAX) {
        snprintf(err, errlen, "nats %s: cannot publish: a message of %zu bytes is too long", q->where, len);
        return -1;
    }
    natsMsg *msg = NULL;
    natsStatus s = natsMsg_Create(&msg, q->subject, NULL, data, (int)len);
    if (s != NATS_OK)
        return fail(q, s, 0, "cannot publish", err, errlen);
    int rc = publish_msg(q, msg, q->stream, msg_id, "cannot publish", err, errlen);
    natsMsg_Destroy(msg);
    return rc;
}

/* See queue.h. */
int tac_queue_publish_document(tac_queue *q, const char *line, size_t len, size_t max_bytes, char *err,
                               size_t errlen)
{
    char hash[33];
    input_doc d = {0};
    int rc = input_parse_jsonl(line, len, max_bytes ? max_bytes : 10u * 1024 * 1024, &d, err, errlen);
    if (rc == 0)
        store_text_hash(d.text, d.len, hash);
    input_doc_free(&d);
    return rc < 0 ? -2 : tac_queue_publish(q, hash, line, len, err, errlen);
}

/* Fill m from the fetched message nm (m takes it). */
static void take_msg(tac_queue *q, natsMsg *nm, tac_queue_msg *m)
{
    memset(m, 0, sizeof *m);
    m->nats_msg = nm;
    m->data = natsMsg_GetData(nm);
    m->len = (size_t)natsMsg_GetDataLength(nm);
    if (!m->data)
        m->data = "";
    const char *id = NULL;
    if (natsMsgHeader_Get(nm, "Nats-Msg-Id", &id) == NATS_OK)
        m->id = id;
    jsMsgMetaData *meta = NULL;
    if (natsMsg_GetMetaData(&meta, nm) == NATS_OK) {
        m->seq = meta->Sequence.Stream;
        m->deliveries = meta->NumDelivered > INT_MAX ? INT_MAX : (int)meta->NumDelivered;
    }
    jsMsgMetaData_Destroy(meta);
    m->last = m->deliveries >= q->max_deliver;
    m->past_last = m->deliveries > q->max_deliver;
}

/* See queue.h. */
int tac_queue_fetch(tac_queue *q, tac_queue_msg *msgs, int max, int timeout_ms, char *err, size_t errlen)
{
    if (!q->sub) {
        snprintf(err, errlen, "nats %s: cannot fetch: the queue was opened to publish only", q->where);
        return -1;
    }
    natsMsgList list = {0};
    jsErrCode jerr = 0;
    natsStatus s = natsSubscription_Fetch(&list, q->sub, max, timeout_ms, &jerr);
    int n = 0;
    for (int i = 0; i < list.Count && n < max; i++) {
        take_msg(q, list.Msgs[i], &msgs[n++]);
        list.Msgs[i] = NULL;
    }
    natsMsgList_Destroy(&list);
    if (n > 0 || s == NATS_OK || s == NATS_TIMEOUT)
        return n;
    return fail(q, s, jerr, "cannot fetch", err, errlen);
}

/* See queue.h. */
int tac_queue_ack(tac_queue *q, tac_queue_msg *m, char *err, size_t errlen)
{
    jsErrCode jerr = 0;
    natsStatus s = natsMsg_AckSync(m->nats_msg, NULL, &jerr);
    return s == NATS_OK ? 0 : fail(q, s, jerr, "cannot acknowledge a message", err, errlen);
}

/* See queue.h. */
int tac_queue_nak(tac_queue *q, tac_queue_msg *m, char *err, size_t errlen)
{
    natsStatus s = natsMsg_Nak(m->nats_msg, NULL);
    return s == NATS_OK ? 0 : fail(q, s, 0, "cannot give a message back", err, errlen);
}

/* Set header key of msg to the number v. Returns the library's status. */
static natsStatus set_number(natsMsg *msg, const char *key, unsigned long long v)
{
    char num[32];
    snprintf(num, sizeof num, "%llu", v);
    return natsMsgHeader_Set(msg, key, num);
}

/* See queue.h. */
int tac_queue_dead(tac_queue *q, tac_queue_msg *m, const char *why, char *err, size_t errlen)
{
    char line[1024], dead_id[64];
    snprintf(line, sizeof line, "%s", why && *why ? why : "failed");
    for (char *c = line; *c; c++) /* (a header value is one line) */
        if (*c == '\r' || *c == '\n')
            *c = ' ';
    natsMsg *msg = NULL;
    natsStatus s = natsMsg_Create(&msg, q->dead_subject, NULL, m->data, (int)m->len);
    if (s == NATS_OK)
        s = natsMsgHeader_Set(msg, "Tacitus-Error", line);
    if (s == NATS_OK)
        s = set_number(msg, "Tacitus-Deliveries", (unsigned long long)m->deliveries);
    if (s == NATS_OK)
        s = set_number(msg, "Tacitus-Seq", (unsigned long long)m->seq);
    if (s == NATS_OK && m->id)
        s = natsMsgHeader_Set(msg, "Tacitus-Msg-Id", m->id);
    int rc = -1;
    if (s != NATS_OK)
        fail(q, s, 0, "cannot make a dead letter", err, errlen);
    else {
        snprintf(dead_id, sizeof dead_id, "dead-%llu", (unsigned long long)m->seq);
        rc = publish_msg(q, msg, q->dead_stream, dead_id, "cannot publish a dead letter", err, errlen);
    }
    natsMsg_Destroy(msg);
    if (rc < 0)
        return -1;
    s = natsMsg_Term(m->nats_msg, NULL);
    return s == NATS_OK ? 0 : fail(q, s, 0, "cannot terminate a dead-lettered message", err, errlen);
}

/* See queue.h. */
void tac_queue_msg_free(tac_queue_msg *m)
{
    natsMsg_Destroy(m->nats_msg);
    memset(m, 0, sizeof *m);
}

/* The number in header key of msg, or 0. */
static unsigned long long header_number(natsMsg *msg, const char *key)
{
    const char *v = NULL;
    return natsMsgHeader_Get(msg, key, &v) == NATS_OK && v ? strtoull(v, NULL, 10) : 0;
}

/* Pass the dead letter msg (at seq) to cb; returns cb's return. */
static int pass_dead_letter(natsMsg *msg, uint64_t seq, int (*cb)(void *, const tac_queue_dead_letter *), void *ud)
{
    tac_queue_dead_letter d = {.seq = seq, .error = "", .data = natsMsg_GetData(msg)};
    d.len = (size_t)natsMsg_GetDataLength(msg);
    if (!d.data)
        d.data = "";
    const char *v = NULL;
    if (natsMsgHeader_Get(msg, "Tacitus-Error", &v) == NATS_OK && v)
        d.error = v;
    if (natsMsgHeader_Get(msg, "Tacitus-Msg-Id", &v) == NATS_OK)
        d.msg_id = v;
    d.work_seq = header_number(msg, "Tacitus-Seq");
    unsigned long long n = header_number(msg, "Tacitus-Deliveries");
    d.deliveries = n > INT_MAX ? INT_MAX : (int)n;
    return cb(ud, &d);
}

/* See queue.h. */
long tac_queue_dead_letters(tac_queue *q, int (*cb)(void *ud, const tac_queue_dead_letter *d), void *ud,
                            char *err, size_t errlen)
{
    jsStreamInfo *si = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_GetStreamInfo(&si, q->js, q->dead_stream, NULL, &jerr);
    if (s != NATS_OK)
        return fail(q, s, jerr, "cannot read the dead-letter stream", err, errlen);
    uint64_t first = si->State.FirstSeq, last = si->State.LastSeq;
    uint64_t count = si->State.Msgs;
    jsStreamInfo_Destroy(si);
    long passed = 0;
    for (uint64_t seq = first; count > 0 && seq <= last; seq++) {
        natsMsg *msg = NULL;
        s = js_GetMsg(&msg, q->js, q->dead_stream, seq, NULL, &jerr);
        if (s == NATS_NOT_FOUND || jerr == JSNoMessageFoundErr)
            continue; /* (deleted) */
        if (s != NATS_OK)
            return fail(q, s, jerr, "cannot read a dead letter", err, errlen);
        int stop = pass_dead_letter(msg, seq, cb, ud);
        natsMsg_Destroy(msg);
        passed++;
        if (stop)
            break;
    }
    return passed;
}
