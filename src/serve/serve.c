/*
 * serve.c - the HTTP API over the event store, on libmicrohttpd (see
 * serve.h and docs/api.md). Requests run on a pool of worker threads; each
 * takes a read-only store handle (and a coder, for POST /api/code) from the
 * server's pool for the time of the request. Every response is built whole
 * before it is queued (a page is at most MAX_LIMIT incidents), every
 * parameter is checked before the store sees it, the SQL is the store's,
 * parameterised, and answers of the read endpoints are kept while an SQLite
 * store is unchanged (the response cache below). The work of one request is
 * bounded: a posted body is at most MAX_BODY and the engine's time and memory
 * grow linearly with it; at most all pool slots but one code posted documents
 * at once, and a POST waits at most CODE_WAIT seconds for a coder or the
 * writer before it is answered 503, so reads and /api/health stay answered.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "serve.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "export.h"
#include "formats.h"
#include "incident.h"
#include "input.h"
#include "lexicon.h"
#include "store.h"
#include "tacitus.h"

#define DEFAULT_LIMIT 100
#define MAX_LIMIT 500
#define MAX_PARAM 200            /* bytes of one parameter's value */
#define HEADER_MEMORY (32 * 1024) /* a connection's memory: request line and headers */
#define MAX_BODY (1024 * 1024)    /* a document posted to /api/code */
#define CODE_WAIT 5.0             /* seconds a POST waits for a coder or the writer before 503 */
#define MAX_ACTORS 100

#define CACHE_SLOTS 64
#define CACHE_MAX_BODY (2 * 1024 * 1024)

typedef struct cache_gen {
    long long db_size, db_ns, wal_size, wal_ns;
} cache_gen;

typedef struct cache_slot {
    char *key;
    struct MHD_Response *resp;
    cache_gen gen;
    unsigned long long used;
} cache_slot;

struct server {
    struct MHD_Daemon *daemon;
    tac_engine *engine; /* shared read-only; NULL when it could not be loaded */
    tac_coder **coders; /* one per pool slot (scratch memory of one document) */
    store **pool;       /* read-only handles, one per worker thread */
    store *writer;      /* the one writable handle (--allow-ingest), else NULL */
    tac_coder *ingest_coder; /* the writer's coder */
    pthread_mutex_t write_mu; /* held while a request codes and stores (one writer at a time) */
    int *busy;
    int npool;
    int coding, max_coding; /* pool slots coding a posted document now, and at most (npool - 1:
                             * one slot always serves reads) */
    pthread_mutex_t mu;
    pthread_cond_t freed;
    pthread_cond_t filled;   /* a cacheable answer was computed (see inflight) */
    char *inflight[CACHE_SLOTS]; /* the cache keys being computed now (NULL: free) */
    char web[PATH_MAX]; /* the page's folder, "" when none */
    char backend[16];
    char db[PATH_MAX];       /* the store as given, for store_gen */
    cache_slot cache[CACHE_SLOTS];
    unsigned long long clock; /* cache use counter */
    int port;
    double time_limit; /* seconds a store read may take */
    char data_dir[PATH_MAX]; /* the tables of the ACLED export; "" the default */
};

/* ------------------------------------------------------------ the pool */

/* A free slot of the pool (its store handle and coder), waiting for one. */
static int pool_slot(server *s)
{
    pthread_mutex_lock(&s->mu);
    for (;;) {
        for (int i = 0; i < s->npool; i++)
            if (!s->busy[i]) {
                s->busy[i] = 1;
                pthread_mutex_unlock(&s->mu);
                return i;
            }
        pthread_cond_wait(&s->freed, &s->mu);
    }
}

static void pool_free_slot(server *s, int i)
{
    pthread_mutex_lock(&s->mu);
    s->busy[i] = 0;
    pthread_cond_broadcast(&s->freed); /* (readers and coders wait on it) */
    pthread_mutex_unlock(&s->mu);
}

/* The deadline `seconds` from now, for pthread's timed waits. */
static struct timespec deadline_in(double seconds)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    long ns = t.tv_nsec + (long)((seconds - (double)(long)seconds) * 1e9);
    t.tv_sec += (time_t)seconds + ns / 1000000000L;
    t.tv_nsec = ns % 1000000000L;
    return t;
}

/* A free slot of the pool for coding a posted document, waiting at most
 * CODE_WAIT seconds: at most max_coding slots code at once, so one always
 * serves reads. -1 when none came free in time (the caller answers 503). */
static int pool_slot_for_coding(server *s)
{
    struct timespec until = deadline_in(CODE_WAIT);
    pthread_mutex_lock(&s->mu);
    for (;;) {
        if (s->coding < s->max_coding)
            for (int i = 0; i < s->npool; i++)
                if (!s->busy[i]) {
                    s->busy[i] = 1;
                    s->coding++;
                    pthread_mutex_unlock(&s->mu);
                    return i;
                }
        if (pthread_cond_timedwait(&s->freed, &s->mu, &until) == ETIMEDOUT) {
            pthread_mutex_unlock(&s->mu);
            return -1;
        }
    }
}

static void pool_free_coding_slot(server *s, int i)
{
    pthread_mutex_lock(&s->mu);
    s->coding--;
    pthread_mutex_unlock(&s->mu);
    pool_free_slot(s, i);
}


/* ------------------------------------------------------------ responses */

/* Queue body (n bytes, copied) with status and content type, and the
 * headers every response carries. */
static enum MHD_Result respond(struct MHD_Connection *c, unsigned status, const char *type, const char *body,
                               size_t n)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(n, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result respond_json(struct MHD_Connection *c, unsigned status, const char *json)
{
    return respond(c, status, "application/json; charset=utf-8", json, strlen(json));
}

/* respond_json of a 200 that the response cache may keep: *keep receives the
 * response with a reference of its own (the caller's to release). */
static enum MHD_Result reply(struct MHD_Connection *c, const char *json, struct MHD_Response **keep)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(json), (void *)json, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    if (ret == MHD_YES && keep)
        *keep = r;
    else
        MHD_destroy_response(r);
    return ret;
}

/* ------------------------------------------------------------ the response cache */

/* Answers to GET requests are kept, keyed by path and parameters, while the
 * store does not change. An SQLite store changes when its file or its WAL
 * changes (size or modification time, in nanoseconds): a commit by any
 * process appends to the WAL, a checkpoint rewrites the file. A PostgreSQL
 * store has no such sign, so its answers are not kept. */

/* The store's present generation; 0, or -1 when it has none (PostgreSQL). */
static int store_gen(const char *db, cache_gen *g)
{
    struct stat a, b;
    char wal[PATH_MAX + 8];
    if (strstr(db, "://") || stat(db, &a) != 0)
        return -1;
    snprintf(wal, sizeof wal, "%s-wal", db);
    memset(g, 0, sizeof *g);
    g->db_size = (long long)a.st_size;
    g->db_ns = (long long)a.st_mtim.tv_sec * 1000000000LL + a.st_mtim.tv_nsec;
    if (stat(wal, &b) == 0) {
        g->wal_size = (long long)b.st_size;
        g->wal_ns = (long long)b.st_mtim.tv_sec * 1000000000LL + b.st_mtim.tv_nsec;
    }
    return 0;
}

/* The key of a request: its path, then each parameter as received. */
typedef struct keybuf {
    char s[1024];
    size_t n;
    int overflow;
} keybuf;

static enum MHD_Result key_add(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    keybuf *k = cls;
    int w = snprintf(k->s + k->n, sizeof k->s - k->n, "\x01%s=%s", key, value ? value : "");
    if (w < 0 || (size_t)w >= sizeof k->s - k->n)
        k->overflow = 1;
    else
        k->n += (size_t)w;
    return MHD_YES;
}

/* {"error": message, "status": status} */
static enum MHD_Result fail(struct MHD_Connection *c, unsigned status, const char *message)
{
    json_t *o = json_pack("{s:s,s:i}", "error", message, "status", (int)status);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    enum MHD_Result r = respond_json(c, status, s ? s : "{\"error\":\"out of memory\",\"status\":500}");
    free(s);
    json_decref(o);
    return r;
}

/* A store read failed (err, logged): 503 when it ran over the time limit
 * (the client may narrow the query or retry), else 500. */
static enum MHD_Result read_failed(server *s, struct MHD_Connection *c, int timed_out, const char *err)
{
    fprintf(stderr, "tacitus serve: %s\n", err);
    if (!timed_out)
        return fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "the database query failed");
    char msg[160];
    snprintf(msg, sizeof msg, "the query ran over the server's time limit (%g s): narrow the filters or retry",
             s->time_limit);
    return fail(c, MHD_HTTP_SERVICE_UNAVAILABLE, msg);
}

/* ------------------------------------------------------------ parameters */

static int hexval(char ch)
{
    return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
         : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* Is s valid UTF-8 without control characters? */
static int clean_text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x20 || *p == 0x7f)
            return 0;
        if (*p < 0x80) {
            p++;
            continue;
        }
        int n = (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
        if (n < 0 || (*p == 0xc0 || *p == 0xc1 || *p > 0xf4))
            return 0;
        for (int i = 1; i <= n; i++)
            if ((p[i] & 0xc0) != 0x80)
                return 0;
        p += n + 1;
    }
    return 1;
}

/* The request's parameters, checked against the names an endpoint takes. */
typedef struct params {
    const char *const *names; /* the endpoint's, NULL-terminated */
    const char *value[16];    /* by index in names */
    char error[400];          /* the first problem; "" none */
} params;

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    params *p = cls;
    int i;
    for (i = 0; p->names[i] && strcmp(p->names[i], key) != 0; i++)
        ;
    size_t n = strlen(p->error);
    if (!p->names[i]) { /* name every unknown parameter */
        if (!clean_text(key) || strlen(key) > 40)
            key = "(unprintable)";
        if (!n)
            snprintf(p->error, sizeof p->error, "unknown parameter: %s", key);
        else if (strncmp(p->error, "unknown parameter", 17) == 0 && n + strlen(key) + 3 < sizeof p->error)
            snprintf(p->error + n, sizeof p->error - n, ", %s", key);
        return MHD_YES;
    }
    if (n)
        return MHD_YES;
    if (p->value[i])
        snprintf(p->error, sizeof p->error, "%s: given more than once", key);
    else if (!value || !*value)
        snprintf(p->error, sizeof p->error, "%s: a value is required", key);
    else if (strlen(value) > MAX_PARAM)
        snprintf(p->error, sizeof p->error, "%s: longer than %d bytes", key, MAX_PARAM);
    else if (!clean_text(value))
        snprintf(p->error, sizeof p->error, "%s: not UTF-8 text", key);
    else
        p->value[i] = value;
    return MHD_YES;
}

/* Read the query string into p; 0, or -1 when it holds a problem (p->error). */
static int read_params(struct MHD_Connection *c, params *p)
{
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect, p);
    return p->error[0] ? -1 : 0;
}

/* An integer from lo to hi in s; 0, or -1. */
static int parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* "minlon,minlat,maxlon,maxlat" into f; 0, or -1. */
static int parse_bbox(const char *s, store_filter *f)
{
    double v[4];
    const char *p = s;
    for (int i = 0; i < 4; i++) {
        char *end;
        errno = 0;
        v[i] = strtod(p, &end);
        if (errno || end == p || !isfinite(v[i]) || *end != (i < 3 ? ',' : '\0'))
            return -1;
        p = end + 1;
    }
    if (v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 || v[0] > v[2] || v[1] > v[3])
        return -1;
    f->bbox = 1, f->min_lon = v[0], f->min_lat = v[1], f->max_lon = v[2], f->max_lat = v[3];
    return 0;
}

/* ------------------------------------------------------------ endpoints */

static enum MHD_Result api_health(server *s, struct MHD_Connection *c)
{
    static const char *const names[] = {NULL};
    params p = {names, {0}, ""};
    if (read_params(c, &p) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, p.error);
    int slot = pool_slot(s);
    long n = store_count(s->pool[slot], "documents");
    pool_free_slot(s, slot);
    if (n < 0)
        return fail(c, MHD_HTTP_SERVICE_UNAVAILABLE, "the database cannot be read");
    char body[160];
    snprintf(body, sizeof body, "{\"status\":\"ok\",\"backend\":\"%s\",\"schema_version\":%d,\"documents\":%ld}",
             s->backend, STORE_SCHEMA_VERSION, n);
    return respond_json(c, MHD_HTTP_OK, body);
}

typedef struct page {
    outbuf b;
    long n, want;
} page;

static int add_incident(void *ud, const char *json)
{
    page *pg = ud;
    if (pg->n == pg->want) /* one more than the page: there is a next page */
        return ++pg->n, 1;
    ob_puts(&pg->b, pg->n ? "," : "");
    ob_puts(&pg->b, json);
    pg->n++;
    return pg->b.failed;
}

/* The filters /api/incidents and /api/stats share, first in their names. */
enum { SINCE, UNTIL, COUNTRY, ADMIN1, TYPE, SUB_TYPE, ACTOR, MIN_KILLED, BBOX, Q, BACKGROUND, NFILTERS };
#define FILTER_NAMES "since", "until", "country", "admin1", "type", "sub_type", "actor", "min_killed", "bbox", "q", \
                     "background"

/* What parse_filters keeps for the filter it fills: the country code and
 * the lists of event types and sub-types. */
typedef struct filter_mem {
    char cc[3];
    char types[MAX_PARAM + 1], sub_types[MAX_PARAM + 1];
} filter_mem;

/* "A,B,C" (each non-empty): one alone into *one, several (at most
 * STORE_MAX_ACTORS) into list and *n, copied to buf. 0, or -1. */
static int parse_list(const char *v, const char **one, const char **list, size_t *n, char *buf)
{
    if (!strchr(v, ',')) {
        *one = v;
        return 0;
    }
    snprintf(buf, MAX_PARAM + 1, "%s", v);
    for (char *p = buf, *comma; p; p = comma ? comma + 1 : NULL) {
        if ((comma = strchr(p, ',')))
            *comma = '\0';
        if (!*p || *n == STORE_MAX_ACTORS)
            return -1;
        list[(*n)++] = p;
    }
    return 0;
}

/* Fill f from the filter parameters v (mem: room for what it keeps);
 * 0, or -1 with the problem in msg. */
static int parse_filters(const char *const *v, store_filter *f, filter_mem *mem, char *msg, size_t msglen)
{
    static const char *const names[] = {FILTER_NAMES};
    char *cc = mem->cc;
    store_filter_init(f);
    msg[0] = '\0';
    for (int d = SINCE; d <= UNTIL; d++)
        if (v[d] && (strlen(v[d]) != 10 || inc_day(v[d]) < 0))
            snprintf(msg, msglen, "%s: expected a date YYYY-MM-DD, got '%s'", names[d], v[d]);
    f->since = v[SINCE], f->until = v[UNTIL];
    if (v[COUNTRY]) {
        const char *x = v[COUNTRY];
        if (strlen(x) != 2 || !((x[0] | 32) >= 'a' && (x[0] | 32) <= 'z' && (x[1] | 32) >= 'a' && (x[1] | 32) <= 'z'))
            snprintf(msg, msglen, "country: expected an ISO 3166 alpha-2 code, got '%s'", x);
        else
            cc[0] = (char)(x[0] & ~32), cc[1] = (char)(x[1] & ~32), cc[2] = '\0', f->country = cc;
    }
    if (v[TYPE] && parse_list(v[TYPE], &f->type, f->types, &f->ntypes, mem->types) < 0)
        snprintf(msg, msglen, "type: expected up to %d event types separated by commas, got '%s'", STORE_MAX_ACTORS,
                 v[TYPE]);
    if (v[SUB_TYPE] && parse_list(v[SUB_TYPE], &f->sub_type, f->sub_types, &f->nsub_types, mem->sub_types) < 0)
        snprintf(msg, msglen, "sub_type: expected up to %d sub-event types separated by commas, got '%s'",
                 STORE_MAX_ACTORS, v[SUB_TYPE]);
    f->admin1 = v[ADMIN1], f->text = v[Q];
    if (v[ACTOR])
        f->actors[0] = v[ACTOR], f->nactors = 1;
    if (v[MIN_KILLED] && parse_long(v[MIN_KILLED], 0, 1000000000L, &f->min_killed) < 0)
        snprintf(msg, msglen, "min_killed: expected a whole number from 0, got '%s'", v[MIN_KILLED]);
    /* current incidents unless asked: background=1 adds the ones reports only recall */
    f->background = 0;
    if (v[BACKGROUND] && strcmp(v[BACKGROUND], "1") == 0)
        f->background = -1;
    else if (v[BACKGROUND] && strcmp(v[BACKGROUND], "0") != 0)
        snprintf(msg, msglen, "background: expected 0 or 1, got '%s'", v[BACKGROUND]);
    if (v[BBOX] && parse_bbox(v[BBOX], f) < 0)
        snprintf(msg, msglen, "bbox: expected minlon,minlat,maxlon,maxlat within -180..180 and -90..90,"
                 " min before max, got '%s'", v[BBOX]);
    return msg[0] ? -1 : 0;
}

/* A request of an endpoint that takes the filters: its parameters, the
 * filter they give, and the first problem found ("" none). */
typedef struct filter_req {
    params p;
    store_filter f;
    filter_mem mem;
    char msg[400];
} filter_req;

/* Read the request's parameters into q->p (q->p.names set) and its filters
 * into q->f; 0, or -1 with the problem (a 400's) in q->msg. */
static int read_filters(struct MHD_Connection *c, filter_req *q)
{
    if (read_params(c, &q->p) < 0) {
        snprintf(q->msg, sizeof q->msg, "%s", q->p.error);
        return -1;
    }
    return parse_filters(q->p.value, &q->f, &q->mem, q->msg, sizeof q->msg);
}

/* order=oldest (the default) or newest into f; a problem into msg. */
static void parse_order(const char *v, store_filter *f, char *msg, size_t msglen)
{
    if (v && strcmp(v, "newest") == 0)
        f->newest_first = 1;
    else if (v && strcmp(v, "oldest") != 0)
        snprintf(msg, msglen, "order: expected newest or oldest, got '%s'", v);
}

static enum MHD_Result api_incidents(server *s, struct MHD_Connection *c, struct MHD_Response **keep)
{
    enum { LIMIT = NFILTERS, CURSOR, ORDER };
    static const char *const names[] = {FILTER_NAMES, "limit", "cursor", "order", NULL};
    filter_req q = {{names, {0}, ""}, {0}, {"", "", ""}, ""};
    long limit = DEFAULT_LIMIT, offset = 0;
    if (read_filters(c, &q) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, q.msg);
    const char **v = q.p.value;
    parse_order(v[ORDER], &q.f, q.msg, sizeof q.msg);
    if (v[LIMIT] && parse_long(v[LIMIT], 1, MAX_LIMIT, &limit) < 0)
        snprintf(q.msg, sizeof q.msg, "limit: expected a number from 1 to %d, got '%s'", MAX_LIMIT, v[LIMIT]);
    if (v[CURSOR] && (v[CURSOR][0] != 'o' || parse_long(v[CURSOR] + 1, 1, LONG_MAX / 2, &offset) < 0))
        snprintf(q.msg, sizeof q.msg, "cursor: not a cursor this server gave ('%s')", v[CURSOR]);
    if (q.msg[0])
        return fail(c, MHD_HTTP_BAD_REQUEST, q.msg);
    q.f.limit = limit + 1; /* one more tells whether a next page exists */
    q.f.offset = offset;
    page pg = {{0}, 0, limit};
    ob_init(&pg.b);
    ob_lit(&pg.b, "{\"incidents\":[");
    char err[512] = "";
    int slot = pool_slot(s);
    long n = store_query_text(s->pool[slot], &q.f, add_incident, &pg, err, sizeof err);
    int late = n < 0 && store_timed_out(s->pool[slot]);
    pool_free_slot(s, slot);
    if (n < 0 && err[0]) {
        ob_free(&pg.b);
        return read_failed(s, c, late, err);
    }
    long shown = pg.n > limit ? limit : pg.n;
    char tail[160];
    if (pg.n > limit)
        snprintf(tail, sizeof tail, "],\"count\":%ld,\"limit\":%ld,\"next_cursor\":\"o%ld\"}", shown, limit,
                 offset + limit);
    else
        snprintf(tail, sizeof tail, "],\"count\":%ld,\"limit\":%ld,\"next_cursor\":null}", shown, limit);
    ob_puts(&pg.b, tail);
    enum MHD_Result r = pg.b.failed ? fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory")
                                    : reply(c, pg.b.p, pg.b.len <= CACHE_MAX_BODY ? keep : NULL);
    ob_free(&pg.b);
    return r;
}

/* ---- /api/changes: the incidents created or updated since a cursor (the live map) */

/* Seconds a change may reach the store after the time it carries (a writer
 * stamps updated_at when it reconciles, just before its commit; writers on
 * other machines have other clocks): each answer repeats the changes of this
 * many seconds before its cursor, so none is missed, and the page ignores
 * what it has seen. */
#define CHANGES_LOOKBACK 60

/* The seconds since 1970 of an updated_at time YYYY-MM-DDTHH:MM:SSZ, or -1. */
static long long change_time(const char *v)
{
    char day[11];
    int h, m, sec, used = 0;
    if (strlen(v) != 20 || v[10] != 'T' || v[19] != 'Z')
        return -1;
    memcpy(day, v, 10), day[10] = '\0';
    long d = inc_day(day);
    if (d < 0 || sscanf(v + 11, "%2d:%2d:%2dZ%n", &h, &m, &sec, &used) != 3 || used != 9 || h > 23 || m > 59 ||
        sec > 60 || !isdigit((unsigned char)v[11]) || !isdigit((unsigned char)v[14]) ||
        !isdigit((unsigned char)v[17]))
        return -1;
    return (long long)d * 86400 + h * 3600 + m * 60 + sec;
}

/* The time t (seconds since 1970) as updated_at writes it, into out. */
static void change_stamp(long long t, char out[24])
{
    char day[11];
    inc_day_str((long)(t / 86400), day);
    long r = (long)(t % 86400);
    snprintf(out, 24, "%sT%02ld:%02ld:%02ldZ", day, r / 3600, r / 60 % 60, r % 60);
}

/* GET /api/changes?after=CURSOR&filters...: {"cursor", "incidents" (the view's
 * incidents created or updated since CHANGES_LOOKBACK seconds before the
 * cursor, in the order of their change), "count", "more"}. Without after, no
 * incidents: the cursor to start from. Never cached (its answer is "now"). */
static enum MHD_Result api_changes(server *s, struct MHD_Connection *c)
{
    enum { AFTER = NFILTERS, LIMIT };
    static const char *const names[] = {FILTER_NAMES, "after", "limit", NULL};
    filter_req q = {{names, {0}, ""}, {0}, {"", "", ""}, ""};
    long limit = DEFAULT_LIMIT;
    if (read_filters(c, &q) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, q.msg);
    const char **v = q.p.value;
    long long after = v[AFTER] ? change_time(v[AFTER]) : 0;
    if (after < 0)
        snprintf(q.msg, sizeof q.msg, "after: expected a cursor YYYY-MM-DDTHH:MM:SSZ, got '%s'", v[AFTER]);
    if (v[LIMIT] && parse_long(v[LIMIT], 1, MAX_LIMIT, &limit) < 0)
        snprintf(q.msg, sizeof q.msg, "limit: expected a number from 1 to %d, got '%s'", MAX_LIMIT, v[LIMIT]);
    if (q.msg[0])
        return fail(c, MHD_HTTP_BAD_REQUEST, q.msg);
    char now[24], since[24];
    change_stamp((long long)time(NULL), now); /* (before the query: what commits during it is in the next answer) */
    page pg = {{0}, 0, limit};
    ob_init(&pg.b);
    ob_printf(&pg.b, "{\"cursor\":\"%s\",\"lookback_seconds\":%d,\"incidents\":[", now, CHANGES_LOOKBACK);
    long n = 0;
    char err[512] = "";
    if (v[AFTER]) {
        change_stamp(after - CHANGES_LOOKBACK, since);
        q.f.changed_since = since, q.f.by_change = 1, q.f.limit = limit + 1;
        int slot = pool_slot(s);
        n = store_query_text(s->pool[slot], &q.f, add_incident, &pg, err, sizeof err);
        int late = n < 0 && store_timed_out(s->pool[slot]);
        pool_free_slot(s, slot);
        if (n < 0 && err[0]) {
            ob_free(&pg.b);
            return read_failed(s, c, late, err);
        }
    }
    ob_printf(&pg.b, "],\"count\":%ld,\"more\":%s}", pg.n > limit ? limit : pg.n, pg.n > limit ? "true" : "false");
    enum MHD_Result r =
        pg.b.failed ? fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory") : reply(c, pg.b.p, NULL);
    ob_free(&pg.b);
    return r;
}

/* One group of /api/stats as JSON. */
static int add_bucket(void *ud, const char *key, long incidents, long killed)
{
    page *pg = ud;
    json_t *k = key ? json_string(key) : json_null();
    char *ks = k ? json_dumps(k, JSON_ENCODE_ANY) : NULL;
    json_decref(k);
    if (!ks)
        return pg->b.failed = 1;
    ob_printf(&pg->b, "%s{\"key\":%s,\"incidents\":%ld,\"killed\":%ld}", pg->n++ ? "," : "", ks, incidents,
              killed);
    free(ks);
    return pg->b.failed;
}

static enum MHD_Result api_stats(server *s, struct MHD_Connection *c, struct MHD_Response **keep)
{
    enum { GROUP = NFILTERS };
    static const char *const names[] = {FILTER_NAMES, "group", NULL};
    static const char *const groups[] = {"day",    "week",  "month",      "country", "type",
                                         "admin1", "actor", "month_type", NULL}; /* enum store_group */
    filter_req q = {{names, {0}, ""}, {0}, {"", "", ""}, ""};
    int g = STORE_BY_MONTH;
    if (read_filters(c, &q) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, q.msg);
    if (q.p.value[GROUP]) {
        for (g = 0; groups[g] && strcmp(groups[g], q.p.value[GROUP]) != 0; g++)
            ;
        if (!groups[g])
            snprintf(q.msg, sizeof q.msg, "group: expected day, week, month, country, type, admin1, actor or"
                     " month_type, got '%s'", q.p.value[GROUP]);
    }
    if (q.msg[0])
        return fail(c, MHD_HTTP_BAD_REQUEST, q.msg);
    page pg = {{0}, 0, 0};
    ob_init(&pg.b);
    ob_printf(&pg.b, "{\"group\":\"%s\",\"buckets\":[", groups[g]);
    char err[512] = "";
    int slot = pool_slot(s);
    long n = store_stats(s->pool[slot], &q.f, (enum store_group)g, add_bucket, &pg, err, sizeof err);
    int late = n < 0 && store_timed_out(s->pool[slot]);
    pool_free_slot(s, slot);
    if (n < 0 && err[0]) {
        ob_free(&pg.b);
        return read_failed(s, c, late, err);
    }
    ob_printf(&pg.b, "],\"count\":%ld}", pg.n);
    enum MHD_Result r = pg.b.failed ? fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory")
                                    : reply(c, pg.b.p, pg.b.len <= CACHE_MAX_BODY ? keep : NULL);
    ob_free(&pg.b);
    return r;
}

/* The map's aggregates (/api/map) as they are gathered: the store's cells
 * (one per square and event type, in key order, so a square's types come
 * together) merged into one cell per square, written as JSON, and the
 * totals. */
typedef struct map_acc {
    outbuf b;
    long n, total, mapped, killed, unknown;
    char square[48];   /* the pending square's key ("row,col"), "" none */
    long count, kill, unk, top; /* its incidents, killed, unknown tolls, the count of its commonest type */
    double lat, lon;   /* the sums of its incidents' points */
    json_t *types;     /* {"type": count} */
    const char *type;  /* its commonest type (in types), NULL none */
    char id[32];       /* its one incident when count is 1 */
} map_acc;

/* Write the pending square, if any, and forget it. */
static void flush_square(map_acc *m)
{
    if (m->square[0] && m->types) {
        json_t *o = json_pack("{s:f,s:f,s:s?,s:i,s:i,s:i,s:O}", "lat", round(m->lat / m->count * 1e4) / 1e4, "lon",
                              round(m->lon / m->count * 1e4) / 1e4, "type", m->type, "count", (json_int_t)m->count,
                              "killed", (json_int_t)m->kill, "unknown", (json_int_t)m->unk, "types", m->types);
        if (o && m->count == 1)
            json_object_set_new(o, "id", json_string(m->id));
        char *js = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(8)) : NULL;
        json_decref(o);
        if (js) {
            ob_puts(&m->b, m->n++ ? "," : "");
            ob_puts(&m->b, js);
        } else
            m->b.failed = 1;
        free(js);
    }
    json_decref(m->types);
    m->types = NULL;
    m->square[0] = '\0';
}

/* store_map_cells's callback: add one cell of the store to its square. */
static int add_cell(void *ud, const store_cell *cl)
{
    map_acc *m = ud;
    m->total += cl->incidents, m->killed += cl->killed, m->unknown += cl->unknown;
    if (!cl->key)
        return 0; /* not drawn: counted in the totals only */
    m->mapped += cl->incidents;
    size_t k = strcspn(cl->key, "|");
    if (k >= sizeof m->square || strlen(m->square) != k || strncmp(m->square, cl->key, k) != 0) {
        flush_square(m);
        memcpy(m->square, cl->key, k);
        m->square[k] = '\0';
        m->count = m->kill = m->unk = m->top = 0, m->lat = m->lon = 0, m->type = NULL;
        m->types = json_object();
    }
    const char *type = cl->type && *cl->type ? cl->type : "";
    json_object_set_new(m->types, type, json_integer(cl->incidents));
    if (cl->incidents > m->top && *type) {
        m->top = cl->incidents;
        m->type = json_object_iter_key(json_object_iter_at(m->types, type));
    }
    m->count += cl->incidents, m->kill += cl->killed, m->unk += cl->unknown;
    m->lat += cl->lat * (double)cl->incidents, m->lon += cl->lon * (double)cl->incidents;
    snprintf(m->id, sizeof m->id, "%s", cl->id ? cl->id : "");
    return m->types ? m->b.failed : (m->b.failed = 1);
}

/* GET /api/map: the incidents matching the filters by squares of the grid
 * (cell=DEG, default 1), each with its event types, for the map. */
static enum MHD_Result api_map(server *s, struct MHD_Connection *c, struct MHD_Response **keep)
{
    enum { CELL = NFILTERS };
    static const char *const names[] = {FILTER_NAMES, "cell", NULL};
    filter_req q = {{names, {0}, ""}, {0}, {"", "", ""}, ""};
    double cell = 1;
    if (read_filters(c, &q) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, q.msg);
    if (q.p.value[CELL]) {
        char *end;
        cell = strtod(q.p.value[CELL], &end);
        if (end == q.p.value[CELL] || *end || !(cell >= 0.001 && cell <= 90))
            snprintf(q.msg, sizeof q.msg, "cell: expected degrees from 0.001 to 90, got '%s'", q.p.value[CELL]);
    }
    if (q.msg[0])
        return fail(c, MHD_HTTP_BAD_REQUEST, q.msg);
    map_acc m;
    memset(&m, 0, sizeof m);
    ob_init(&m.b);
    ob_lit(&m.b, "{\"cells\":[");
    char err[512] = "";
    int slot = pool_slot(s);
    long n = store_map_cells(s->pool[slot], &q.f, cell, add_cell, &m, err, sizeof err);
    int late = n < 0 && store_timed_out(s->pool[slot]);
    pool_free_slot(s, slot);
    flush_square(&m);
    if (n < 0 && err[0]) {
        ob_free(&m.b);
        return read_failed(s, c, late, err);
    }
    ob_printf(&m.b, "],\"cell\":%g,\"total\":%ld,\"mapped\":%ld,\"not_mapped\":%ld,\"killed\":%ld,"
              "\"unknown_killed\":%ld}", cell, m.total, m.mapped, m.total - m.mapped, m.killed, m.unknown);
    enum MHD_Result r = m.b.failed ? fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory")
                                   : reply(c, m.b.p, m.b.len <= CACHE_MAX_BODY ? keep : NULL);
    ob_free(&m.b);
    return r;
}

/* store_query's callback for /api/export: each incident to the writer. */
static int export_one(void *ud, json_t *inc)
{
    int rc = incident_writer_add(ud, inc);
    json_decref(inc);
    return rc < 0;
}

/* GET /api/export: the incidents matching the filters as a file to
 * download, format=csv (default), geojson, acled or jsonl. */
static enum MHD_Result api_export(server *s, struct MHD_Connection *c)
{
    enum { FORMAT = NFILTERS, ORDER };
    static const char *const names[] = {FILTER_NAMES, "format", "order", NULL};
    static const char *const fmts[] = {"csv", "geojson", "acled", "jsonl", NULL};
    static const char *const types[] = {"text/csv; charset=utf-8", "application/geo+json",
                                        "text/csv; charset=utf-8", "application/x-ndjson"};
    static const char *const exts[] = {"csv", "geojson", "acled.csv", "jsonl"};
    filter_req q = {{names, {0}, ""}, {0}, {"", "", ""}, ""};
    int k = 0;
    if (read_filters(c, &q) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, q.msg);
    parse_order(q.p.value[ORDER], &q.f, q.msg, sizeof q.msg);
    for (; q.p.value[FORMAT] && fmts[k] && strcmp(fmts[k], q.p.value[FORMAT]) != 0; k++)
        ;
    if (!fmts[k])
        snprintf(q.msg, sizeof q.msg, "format: expected csv, geojson, acled or jsonl, got '%s'",
                 q.p.value[FORMAT]);
    if (q.msg[0])
        return fail(c, MHD_HTTP_BAD_REQUEST, q.msg);
    char *buf = NULL, err[512] = "";
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    export_options xo = {s->data_dir[0] ? s->data_dir : NULL, 0};
    incident_writer *w = out ? incident_writer_open((enum export_format)export_format_parse(fmts[k]), out, &xo, err,
                                                    sizeof err) : NULL;
    long n = -1;
    int late = 0;
    if (w) {
        int slot = pool_slot(s);
        n = store_query(s->pool[slot], &q.f, export_one, w, err, sizeof err);
        late = n < 0 && store_timed_out(s->pool[slot]);
        pool_free_slot(s, slot);
    }
    int bad = incident_writer_finish(w) < 0 || !w || n < 0;
    if (out)
        fclose(out);
    if (bad) {
        free(buf);
        return n < 0 && w && err[0] ? read_failed(s, c, late, err)
                                    : fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err[0] ? err : "the export failed");
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(buf);
        return MHD_NO;
    }
    char disp[80];
    snprintf(disp, sizeof disp, "attachment; filename=\"tacitus-incidents.%s\"", exts[k]);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, types[k]);
    MHD_add_response_header(r, "Content-Disposition", disp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

/* Is needle (ASCII letters folded) in hay? */
static int contains_folded(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && ((unsigned char)hay[i] | 32) == ((unsigned char)needle[i] | 32))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

static void add_actor(outbuf *b, const lex_actor *a, const char *match, long *n)
{
    json_t *o = json_pack("{s:s,s:s,s:s?,s:s}", "name", a->name, "type", actor_type_name(a->type), "country",
                          a->cc[0] ? a->cc : NULL, "match", match);
    char *js = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (js) {
        ob_puts(b, *n ? "," : "");
        ob_puts(b, js);
        ++*n;
    } else
        b->failed = 1;
    free(js);
    json_decref(o);
}

/* Actors by alias ("TTP": the names it stands for) and by a piece of their name. */
static enum MHD_Result api_actors(server *s, struct MHD_Connection *c)
{
    enum { Q, LIMIT };
    static const char *const names[] = {"q", "limit", NULL};
    params p = {names, {0}, ""};
    if (read_params(c, &p) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, p.error);
    long limit = 20;
    if (!p.value[Q])
        return fail(c, MHD_HTTP_BAD_REQUEST, "q: a value is required");
    if (p.value[LIMIT] && parse_long(p.value[LIMIT], 1, MAX_ACTORS, &limit) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, "limit: expected a number from 1 to 100");
    if (!s->engine)
        return fail(c, MHD_HTTP_SERVICE_UNAVAILABLE, "the actor dictionary is not loaded (see the server's log)");
    const lexicon *lx = tac_engine_lexicon(s->engine);
    outbuf b;
    ob_init(&b);
    ob_lit(&b, "{\"actors\":[");
    long n = 0;
    char folded[512];
    int32_t ids[MAX_ACTORS];
    size_t k = lexicon_fold_phrase(p.value[Q], folded, sizeof folded);
    size_t got = k ? lexicon_lookup(lx, folded, k, p.value[Q], LK_ACTOR, ids, (size_t)limit) : 0;
    for (size_t i = 0; i < got && n < limit; i++)
        if (lexicon_actor(lx, ids[i]))
            add_actor(&b, lexicon_actor(lx, ids[i]), "alias", &n);
    size_t count = tac_engine_actor_count(s->engine);
    for (size_t i = 0; i < count && n < limit; i++) {
        const lex_actor *a = lexicon_actor(lx, (int32_t)i);
        int dup = 0;
        for (size_t j = 0; j < got && !dup; j++)
            dup = ids[j] == (int32_t)i;
        if (a && a->name && !dup && contains_folded(a->name, p.value[Q]))
            add_actor(&b, a, "name", &n);
    }
    ob_printf(&b, "],\"count\":%ld}", n);
    enum MHD_Result r = b.failed ? fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory")
                                 : respond_json(c, MHD_HTTP_OK, b.p);
    ob_free(&b);
    return r;
}

/* The address that marks a GET request whose headers were seen. */
static int get_seen;

/* A request's body, gathered over the handler's calls (POST /api/code). */
typedef struct post {
    outbuf body;
    int too_big;
} post;

/* The one document of a POST body: a JSON object {"text", "id"?, "title"?,
 * "published"?, "url"?} when the content type is application/json, else
 * text or HTML. Returns 0 and d (the caller frees it), or -1 with a message. */
static int posted_document(struct MHD_Connection *c, const post *pb, input_doc *d, char *msg, size_t msglen)
{
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    const char *body = pb->body.p ? pb->body.p : "";
    size_t n = pb->body.len;
    memset(d, 0, sizeof *d);
    if (n == 0) {
        snprintf(msg, msglen, "no document: post its text, HTML or a JSON object with \"text\"");
        return -1;
    }
    if (type && strncmp(type, "application/json", 16) == 0)
        return input_parse_jsonl(body, n, MAX_BODY, d, msg, msglen);
    /* as a file is read: binary refused, UTF-8 repaired, HTML reduced to its
     * article (its headline and date kept) */
    return input_from_bytes("the posted document", body, n, d, msg, msglen);
}

/* Code the posted document (posted_document; published from ?published=
 * when the body does not give it) and answer its record. */
static enum MHD_Result api_code(server *s, struct MHD_Connection *c, post *pb)
{
    static const char *const names[] = {"published", "id", NULL};
    params p = {names, {0}, ""};
    if (read_params(c, &p) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, p.error);
    if (pb->too_big)
        return fail(c, MHD_HTTP_CONTENT_TOO_LARGE, "the document is over 1 MB");
    if (p.value[0] && !tac_valid_date(p.value[0]))
        return fail(c, MHD_HTTP_BAD_REQUEST, "published: expected a date YYYY-MM-DD");
    if (!s->engine)
        return fail(c, MHD_HTTP_SERVICE_UNAVAILABLE, "the engine is not loaded (see the server's log)");
    /* the slot first: reading the HTML is part of the work it bounds */
    int slot = pool_slot_for_coding(s);
    if (slot < 0)
        return fail(c, MHD_HTTP_SERVICE_UNAVAILABLE, "busy: every coder is at work; retry in a moment");
    input_doc d;
    char err[512];
    if (posted_document(c, pb, &d, err, sizeof err) < 0) {
        pool_free_coding_slot(s, slot);
        input_doc_free(&d);
        return fail(c, MHD_HTTP_BAD_REQUEST, err);
    }
    tac_doc doc = {p.value[1] ? p.value[1] : d.id ? d.id : "posted", d.title,
                   p.value[0] ? p.value[0] : d.published, d.url, d.text, d.len,
                   p.value[0] ? NULL : d.published_from, d.source};
    const char *out = tac_code_json(s->coders[slot], &doc, err, sizeof err);
    enum MHD_Result r = out ? respond_json(c, MHD_HTTP_OK, out) : fail(c, MHD_HTTP_BAD_REQUEST, err);
    pool_free_coding_slot(s, slot);
    input_doc_free(&d);
    return r;
}

/* What one POST /api/ingest did, as its answer is built. */
typedef struct ingest_tally {
    json_t *docs; /* one object per document or unreadable line */
    long stored, skipped, failed;
    char dberr[1024]; /* a database error stopped the request; "" none */
} ingest_tally;

static void tally_failed(ingest_tally *t, long line, const char *id, const char *why)
{
    json_t *o = json_pack("{s:s,s:s}", "status", "failed", "error", why);
    if (o && line > 0)
        json_object_set_new(o, "line", json_integer(line));
    if (o && id)
        json_object_set_new(o, "id", json_string(id));
    json_array_append_new(t->docs, o);
    t->failed++;
}

/* Code and store one document with the writer (write_mu held). A document
 * whose id or text is stored already is skipped, as by `tacitus ingest`. */
static void ingest_one(server *s, input_doc *d, const char *const *param, long line, ingest_tally *t)
{
    char hash[33], err[1000], id[48];
    store_text_hash(d->text, d->len, hash);
    if (!d->id) { /* an id from the text, so the same text posted twice is one document */
        snprintf(id, sizeof id, "posted-%.16s", hash);
        d->id = strdup(param[1] ? param[1] : id);
    }
    const char *published = d->published ? d->published : param[0];
    const char *url = d->url ? d->url : param[2];
    const char *title = d->title ? d->title : param[3];
    if (!d->id) {
        tally_failed(t, line, NULL, "out of memory");
        return;
    }
    store_doc sd = {d->id, url, title, published, "api", d->text, d->len, hash};
    store_result r;
    int rc = store_code_document(s->writer, s->ingest_coder, &sd, &r, err, sizeof err);
    if (rc == -1) {
        snprintf(t->dberr, sizeof t->dberr, "%s", err);
        return;
    }
    if (rc == -2) {
        tally_failed(t, line, d->id, err);
        return;
    }
    json_t *o;
    if (rc == 1) {
        o = json_pack("{s:s,s:s}", "id", d->id, "status", "skipped");
        if (o)
            json_object_set_new(o, "reason", json_string("a document with this id or this text is stored"));
        t->skipped++;
    } else {
        json_t *ids = json_array();
        for (int i = 0; ids && i < r.nincidents; i++)
            json_array_append_new(ids, json_string(r.incidents[i]));
        o = json_pack("{s:s,s:s,s:i,s:i,s:i,s:o*}", "id", d->id, "status", "stored", "events", r.events,
                      "incidents_created", r.created, "incidents_updated", r.updated, "incidents", ids);
        t->stored++;
    }
    if (o && line > 0)
        json_object_set_new(o, "line", json_integer(line));
    json_array_append_new(t->docs, o);
}

/* POST /api/ingest (--allow-ingest only): code and store the posted
 * documents: one (as for /api/code) or, as application/x-ndjson, one JSON
 * document object per line. Each stored document is committed before the
 * answer lists it. */
static enum MHD_Result api_ingest(server *s, struct MHD_Connection *c, post *pb)
{
    static const char *const names[] = {"published", "id", "url", "title", NULL};
    params p = {names, {0}, ""};
    if (!s->writer)
        return fail(c, MHD_HTTP_FORBIDDEN, "this server is read-only: start it with --allow-ingest to store documents");
    if (read_params(c, &p) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, p.error);
    if (pb->too_big)
        return fail(c, MHD_HTTP_CONTENT_TOO_LARGE, "the request body is over 1 MB");
    if (p.value[0] && !tac_valid_date(p.value[0]))
        return fail(c, MHD_HTTP_BAD_REQUEST, "published: expected a date YYYY-MM-DD");
    if (p.value[1] && strlen(p.value[1]) > 200)
        return fail(c, MHD_HTTP_BAD_REQUEST, "id: longer than 200 bytes");
    if (!s->engine)
        return fail(c, MHD_HTTP_SERVICE_UNAVAILABLE, "the engine is not loaded (see the server's log)");
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    int lines = type && (strncmp(type, "application/x-ndjson", 20) == 0 || strncmp(type, "application/jsonl", 17) == 0);
    if (lines && p.value[1])
        return fail(c, MHD_HTTP_BAD_REQUEST, "id: not with JSON Lines (each line gives its own)");
    ingest_tally t = {json_array(), 0, 0, 0, ""};
    if (!t.docs)
        return fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    char err[512];
    struct timespec until = deadline_in(CODE_WAIT);
    if (pthread_mutex_timedlock(&s->write_mu, &until) != 0) {
        json_decref(t.docs);
        return fail(c, MHD_HTTP_SERVICE_UNAVAILABLE, "busy: another ingest is being stored; retry in a moment");
    }
    if (!lines) {
        input_doc d;
        if (posted_document(c, pb, &d, err, sizeof err) < 0) {
            pthread_mutex_unlock(&s->write_mu);
            input_doc_free(&d);
            json_decref(t.docs);
            return fail(c, MHD_HTTP_BAD_REQUEST, err);
        }
        ingest_one(s, &d, p.value, 0, &t);
        input_doc_free(&d);
    } else {
        const char *body = pb->body.p ? pb->body.p : "";
        size_t n = pb->body.len;
        long line = 0;
        for (size_t at = 0; at < n && !t.dberr[0];) {
            const char *nl = memchr(body + at, '\n', n - at);
            size_t len = nl ? (size_t)(nl - body) - at : n - at;
            const char *l = body + at;
            at += len + 1;
            line++;
            size_t k = 0;
            while (k < len && (l[k] == ' ' || l[k] == '\t' || l[k] == '\r'))
                k++;
            if (k == len)
                continue;
            input_doc d;
            memset(&d, 0, sizeof d);
            if (input_parse_jsonl(l, len, MAX_BODY, &d, err, sizeof err) < 0)
                tally_failed(&t, line, NULL, err);
            else
                ingest_one(s, &d, p.value, line, &t);
            input_doc_free(&d);
        }
    }
    pthread_mutex_unlock(&s->write_mu);
    unsigned status = t.dberr[0] ? MHD_HTTP_INTERNAL_SERVER_ERROR
                    : t.stored + t.skipped == 0 && t.failed ? MHD_HTTP_BAD_REQUEST
                    : t.stored + t.skipped + t.failed == 0 ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_OK;
    if (t.dberr[0])
        fprintf(stderr, "tacitus serve: ingest: %s\n", t.dberr);
    json_t *o = json_pack("{s:i,s:i,s:i,s:o}", "stored", (json_int_t)t.stored, "skipped", (json_int_t)t.skipped,
                          "failed", (json_int_t)t.failed, "documents", t.docs);
    if (o && status != MHD_HTTP_OK) {
        json_object_set_new(o, "error", json_string(t.dberr[0] ? "the database write failed; the documents"
                                                                   " listed as stored are stored"
                                                    : t.failed ? "no document could be read"
                                                               : "no document: the body holds only blank lines"));
        json_object_set_new(o, "status", json_integer(status));
    }
    char *body = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    enum MHD_Result r = body ? respond_json(c, status, body) : fail(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    free(body);
    return r;
}

static enum MHD_Result api_incident(server *s, struct MHD_Connection *c, const char *id,
                                    struct MHD_Response **keep)
{
    static const char *const names[] = {NULL};
    params p = {names, {0}, ""};
    if (read_params(c, &p) < 0)
        return fail(c, MHD_HTTP_BAD_REQUEST, p.error);
    size_t n = strlen(id);
    if (n == 0 || n > 64 || strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != n)
        return fail(c, MHD_HTTP_BAD_REQUEST, "not an incident id");
    char err[512] = "";
    int slot = pool_slot(s);
    json_t *d = store_incident_detail(s->pool[slot], id, err, sizeof err);
    int late = !d && store_timed_out(s->pool[slot]);
    pool_free_slot(s, slot);
    if (!d && err[0])
        return read_failed(s, c, late, err);
    if (!d)
        return fail(c, MHD_HTTP_NOT_FOUND, "no such incident");
    char *body = json_dumps(d, JSON_COMPACT);
    json_decref(d);
    enum MHD_Result r = body ? reply(c, body, strlen(body) <= CACHE_MAX_BODY ? keep : NULL) : fail(c, 500, "out of memory");
    free(body);
    return r;
}

/* The page's files: a known type, a plain file inside web/, no listing. */
static enum MHD_Result static_file(server *s, struct MHD_Connection *c, const char *url)
{
    static const struct {
        const char *ext, *type;
    } types[] = {{".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
                 {".css", "text/css; charset=utf-8"},    {".json", "application/json; charset=utf-8"},
                 {".svg", "image/svg+xml"},             {".png", "image/png"},
                 {".ico", "image/x-icon"}};
    if (!s->web[0])
        return fail(c, MHD_HTTP_NOT_FOUND, "no such resource (this server has no page: the API is under /api/)");
    const char *path = strcmp(url, "/") == 0 ? "/index.html" : url;
    size_t n = strlen(path);
    /* letters, digits, '-', '_', '.', '/' only; no empty, "." or ".." segment */
    if (path[0] != '/' || n > 200 ||
        strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_./") != n ||
        strstr(path, "//") || strstr(path, "/./") || strstr(path, "/../") || strcmp(path + n - 2, "/.") == 0 ||
        (n >= 3 && strcmp(path + n - 3, "/..") == 0))
        return fail(c, MHD_HTTP_NOT_FOUND, "no such resource");
    const char *type = NULL, *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            type = types[i].type;
    char full[PATH_MAX + 256];
    snprintf(full, sizeof full, "%s%s", s->web, path);
    int fd = type ? open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        return fail(c, MHD_HTTP_NOT_FOUND, "no such resource");
    }
    struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    if (!r) {
        close(fd);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                            " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

/* libmicrohttpd's unescaping of paths and parameters (%XX to a byte), except
 * that %00 stays as it is: a NUL would cut "/index.html%00.js" to a path
 * other than the one asked for. Returns the new length. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls, (void)c;
    char *w = s;
    for (const char *r = s; *r; r++) {
        int hi, lo;
        if (r[0] == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0 && (hi | lo)) {
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else
            *w++ = *r;
    }
    *w = '\0';
    return (size_t)(w - s);
}

/* The cached answer of key k at generation g, or NULL (s->mu held). */
static struct MHD_Response *cache_find(server *s, const char *k, const cache_gen *g)
{
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (s->cache[i].key && strcmp(s->cache[i].key, k) == 0 && memcmp(&s->cache[i].gen, g, sizeof *g) == 0) {
            s->cache[i].used = ++s->clock;
            return s->cache[i].resp;
        }
    return NULL;
}

/* Wait (s->mu held) while another request computes key k, then claim it:
 * the index of its inflight slot, or -1 when none was free (computed anyway). */
static int inflight_claim(server *s, const char *k)
{
    for (;;) {
        int busy = 0, free_slot = -1;
        for (int i = 0; i < CACHE_SLOTS; i++)
            if (s->inflight[i] && strcmp(s->inflight[i], k) == 0)
                busy = 1;
            else if (!s->inflight[i] && free_slot < 0)
                free_slot = i;
        if (!busy) {
            if (free_slot >= 0)
                s->inflight[free_slot] = strdup(k);
            return free_slot >= 0 && s->inflight[free_slot] ? free_slot : -1;
        }
        pthread_cond_wait(&s->filled, &s->mu);
    }
}

/* The cacheable endpoints: from the cache while the store is unchanged, else
 * answered and, when 200, kept (the least recently used slot gives way). A
 * request for an answer another request is computing waits for it (one
 * computation, not one per client, when many ask at once). */
static enum MHD_Result cached(server *s, struct MHD_Connection *c, const char *url)
{
    keybuf k = {"", 0, 0};
    cache_gen g;
    int usable = store_gen(s->db, &g) == 0, claim = -1;
    if (usable) {
        k.n = (size_t)snprintf(k.s, sizeof k.s, "%s", url);
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, key_add, &k);
        usable = !k.overflow && k.n < sizeof k.s;
    }
    if (usable) {
        pthread_mutex_lock(&s->mu);
        struct MHD_Response *hit = cache_find(s, k.s, &g);
        if (!hit && (claim = inflight_claim(s, k.s)) >= 0 && (hit = cache_find(s, k.s, &g))) {
            free(s->inflight[claim]); /* (computed while this one waited) */
            s->inflight[claim] = NULL, claim = -1;
        }
        enum MHD_Result r = hit ? MHD_queue_response(c, MHD_HTTP_OK, hit) : MHD_NO; /* (adds its own reference) */
        pthread_mutex_unlock(&s->mu);
        if (hit)
            return r;
    }
    struct MHD_Response *keep = NULL;
    enum MHD_Result r = strcmp(url, "/api/incidents") == 0 ? api_incidents(s, c, usable ? &keep : NULL)
                        : strcmp(url, "/api/stats") == 0   ? api_stats(s, c, usable ? &keep : NULL)
                        : strcmp(url, "/api/map") == 0     ? api_map(s, c, usable ? &keep : NULL)
                                                           : api_incident(s, c, url + 15, usable ? &keep : NULL);
    char *key = keep ? strdup(k.s) : NULL;
    pthread_mutex_lock(&s->mu);
    if (claim >= 0) {
        free(s->inflight[claim]);
        s->inflight[claim] = NULL;
        pthread_cond_broadcast(&s->filled);
    }
    if (!keep) {
        pthread_mutex_unlock(&s->mu);
        return r;
    }
    int victim = 0;
    for (int i = 1; i < CACHE_SLOTS; i++)
        if (s->cache[i].used < s->cache[victim].used)
            victim = i;
    cache_slot *v = &s->cache[victim];
    if (key) {
        if (v->resp)
            MHD_destroy_response(v->resp);
        free(v->key);
        *v = (cache_slot){key, keep, g, ++s->clock};
        keep = NULL;
    }
    pthread_mutex_unlock(&s->mu);
    if (keep)
        MHD_destroy_response(keep);
    return r;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size, void **req)
{
    (void)version;
    server *s = cls;
    int is_code = strcmp(url, "/api/code") == 0;
    if (strcmp(method, MHD_HTTP_METHOD_POST) == 0 && (is_code || strcmp(url, "/api/ingest") == 0)) {
        post *pb = *req;
        if (!pb) { /* the headers: refuse a declared size over the cap before reading it */
            const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (!is_code && !s->writer)
                return fail(c, MHD_HTTP_FORBIDDEN,
                            "this server is read-only: start it with --allow-ingest to store documents");
            if (cl && strtoull(cl, NULL, 10) > MAX_BODY)
                return fail(c, MHD_HTTP_CONTENT_TOO_LARGE, is_code ? "the document is over 1 MB"
                                                                   : "the request body is over 1 MB");
            if (!(pb = calloc(1, sizeof *pb)))
                return MHD_NO;
            ob_init(&pb->body);
            *req = pb;
            return MHD_YES;
        }
        if (*upload_size) { /* a piece of the body */
            if (pb->body.len + *upload_size > MAX_BODY)
                pb->too_big = 1;
            else
                ob_put(&pb->body, upload_data, *upload_size);
            *upload_size = 0;
            return MHD_YES;
        }
        return is_code ? api_code(s, c, pb) : api_ingest(s, c, pb);
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return fail(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                    "method not allowed: GET and HEAD, and POST to /api/code and /api/ingest");
    if (*req != &get_seen) { /* the headers: answer when the request is complete, so the connection is kept */
        *req = &get_seen;
        return MHD_YES;
    }
    if (*upload_size) /* a body on a GET: not read */
        return fail(c, MHD_HTTP_BAD_REQUEST, "a GET request has no body");
    if (strcmp(url, "/api/health") == 0)
        return api_health(s, c);
    if (strcmp(url, "/api/incidents") == 0 || strcmp(url, "/api/stats") == 0 || strcmp(url, "/api/map") == 0 ||
        strncmp(url, "/api/incidents/", 15) == 0)
        return cached(s, c, url);
    if (strcmp(url, "/api/changes") == 0)
        return api_changes(s, c);
    if (strcmp(url, "/api/export") == 0)
        return api_export(s, c);
    if (strcmp(url, "/api/actors") == 0)
        return api_actors(s, c);
    if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0)
        return fail(c, MHD_HTTP_NOT_FOUND, "no such endpoint (see docs/api.md)");
    return static_file(s, c, url);
}

/* A request ended: free what its handler kept (a POST's body). */
static void completed(void *cls, struct MHD_Connection *c, void **req, enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)c, (void)why;
    if (*req && *req != &get_seen) {
        post *pb = *req;
        ob_free(&pb->body);
        free(pb);
    }
    *req = NULL;
}

/* ------------------------------------------------------------ lifecycle */

static void close_pool(server *s)
{
    for (int i = 0; i < s->npool; i++) {
        store_close(s->pool[i]);
        if (s->coders)
            tac_coder_free(s->coders[i]);
    }
    store_close(s->writer);
    tac_coder_free(s->ingest_coder);
    free(s->pool);
    free(s->busy);
    free(s->coders);
    tac_engine_close(s->engine);
}

int server_start(const serve_opts *o, server **out, char *err, size_t errlen)
{
    *out = NULL;
    server *s = calloc(1, sizeof *s);
    int threads = o->threads > 0 ? o->threads : 4;
    if (!s || !(s->pool = calloc((size_t)threads, sizeof *s->pool)) ||
        !(s->busy = calloc((size_t)threads, sizeof *s->busy))) {
        if (s)
            free(s->pool);
        free(s);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->write_mu, NULL);
    pthread_cond_init(&s->freed, NULL);
    pthread_cond_init(&s->filled, NULL);
    /* the writer first: it creates or upgrades the store the readers then open */
    if (o->allow_ingest && store_open(o->db, 0, &s->writer, err, errlen) < 0) {
        close_pool(s);
        free(s);
        return -1;
    }
    for (; s->npool < threads; s->npool++)
        if (store_open(o->db, 1, &s->pool[s->npool], err, errlen) < 0) {
            close_pool(s);
            free(s);
            return -1;
        }
    s->max_coding = s->npool > 1 ? s->npool - 1 : 1;
    s->time_limit = o->time_limit > 0 ? o->time_limit : 10;
    for (int i = 0; i < s->npool; i++)
        store_set_time_limit(s->pool[i], s->time_limit);
    snprintf(s->backend, sizeof s->backend, "%s", store_backend_name(s->pool[0]));
    snprintf(s->db, sizeof s->db, "%s", o->db);
    snprintf(s->data_dir, sizeof s->data_dir, "%s", o->data_dir ? o->data_dir : "");
    tac_options topt = {o->data_dir, o->gazetteer, MAX_BODY};
    char eerr[512];
    if (tac_engine_open(&topt, &s->engine, eerr, sizeof eerr) < 0) {
        fprintf(stderr, "tacitus serve: warning: no /api/actors or /api/code: %s\n", eerr);
        s->engine = NULL;
    } else if (!(s->coders = calloc((size_t)threads, sizeof *s->coders))) {
        snprintf(err, errlen, "out of memory");
        close_pool(s);
        free(s);
        return -1;
    } else
        for (int i = 0; i <= threads; i++)
            if (!(i < threads ? (s->coders[i] = tac_coder_new(s->engine))
                              : (s->ingest_coder = tac_coder_new(s->engine)))) {
                snprintf(err, errlen, "out of memory");
                close_pool(s);
                free(s);
                return -1;
            }
    struct stat sb;
    if (o->web_dir && stat(o->web_dir, &sb) == 0 && S_ISDIR(sb.st_mode) && !realpath(o->web_dir, s->web))
        s->web[0] = '\0';
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)o->port);
    const char *bind = o->bind ? o->bind : "127.0.0.1";
    if (inet_pton(AF_INET, bind, &addr.sin_addr) != 1) {
        snprintf(err, errlen, "--bind: not an IPv4 address: %s", bind);
        close_pool(s);
        free(s);
        return -1;
    }
    /* a thread per connection: a slow request (a first count over a large store) holds up its own
     * connection only, never the other connections of a thread; the store handles, threads of them,
     * are what requests share (pool_slot) */
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL | MHD_USE_ITC,
        (uint16_t)o->port, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(o->max_connections > 0 ? o->max_connections : 256),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(o->timeout_seconds > 0 ? o->timeout_seconds : 10),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HEADER_MEMORY, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot listen on %s:%d: %s", bind, o->port,
                 errno ? strerror(errno) : "the address is taken or not allowed");
        close_pool(s);
        free(s);
        return -1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : o->port;
    *out = s;
    return 0;
}

int server_port(const server *s)
{
    return s->port;
}

void server_stop(server *s)
{
    if (!s)
        return;
    /* stop accepting, give the requests in flight up to 5 s, then close */
    MHD_socket listener = MHD_quiesce_daemon(s->daemon);
    for (int i = 0; i < 500; i++) {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (!info || info->num_connections == 0)
            break;
        struct timespec t = {0, 10000000};
        nanosleep(&t, NULL);
    }
    MHD_stop_daemon(s->daemon);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (s->cache[i].resp)
            MHD_destroy_response(s->cache[i].resp);
        free(s->cache[i].key);
    }
    if (listener != MHD_INVALID_SOCKET) /* quiesce hands the listening socket over */
        close(listener);
    close_pool(s);
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->write_mu);
    pthread_cond_destroy(&s->freed);
    pthread_cond_destroy(&s->filled);
    free(s);
}
