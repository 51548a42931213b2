/*
 * feeds.c (cli) - 'tacitus feeds': poll the news feeds listed in a file and
 * store each new article's document, coded, as 'ingest' does (direct-ingest
 * mode), or publish it to the monitoring work queue for 'tacitus worker' to
 * code and store (--nats). A thin layer over src/monitor/poll.h (polling, what
 * was seen, back-off), src/monitor/feed.h (fetching, parsing),
 * src/monitor/queue.h and src/store/store.h.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli.h"
#include "feed.h"
#include "poll.h"
#include "queue.h"
#include "store.h"

static const char feeds_help[] =
    "usage: tacitus feeds --db DB [options] FEEDLIST\n"
    "\n"
    "Poll the RSS and Atom feeds listed in FEEDLIST (one http:// or https:// URL a line;\n"
    "blank lines and lines starting with '#' are skipped), fetch the article page of each\n"
    "new item, keep its article body (as 'tacitus code' reads an HTML page), and code and\n"
    "store it in DB as 'ingest' does: its id and URL are the item's link, its title and\n"
    "publication date the page's, else the item's. Feed requests are conditional (ETag,\n"
    "Last-Modified): an unchanged feed costs one 304. DB remembers each feed's state and\n"
    "the items taken, so a restart fetches nothing twice; an item is marked taken only\n"
    "after its document is stored, and an article that cannot be fetched is tried again at\n"
    "the next poll. A feed that fails (network error, HTTP 4xx or 5xx, malformed XML) is\n"
    "reported and polled again after a back-off: max(interval, 60 s), doubled with each\n"
    "further consecutive failure, at most a day. Details: docs/feeds.md.\n"
    "\n"
    "options:\n"
    "  --db DB                the database: an SQLite file or a postgres:// URL (default:\n"
    "                         $TACITUS_DB)\n"
    "  --once                 poll each feed that is due once, then exit (default: poll until\n"
    "                         SIGTERM or SIGINT, then exit 0)\n"
    "  --interval SECONDS     from one poll of a feed to its next (default 900; 0: every round)\n"
    "  --now                  poll every feed in the first round, due or not (its back-off too)\n"
    "  --per-host-delay SECONDS   at least this long between two requests to one host\n"
    "                         (default 2)\n"
    "  --timeout SECONDS      the longest one request may take (default 30)\n"
    "  --max-bytes N, --data DIR, --gazetteer FILE   as for 'tacitus ingest'; --max-bytes\n"
    "                         also bounds each download (default 10M)\n"
    "  --nats URL             publish each new article to the work queue of the NATS\n"
    "                         server at URL instead of storing it (message id: the hash\n"
    "                         of its text; 'tacitus worker' codes and stores it); the item\n"
    "                         is marked taken once JetStream acknowledged it. DB still\n"
    "                         keeps the feeds' state (docs/monitoring.md)\n"
    "  --stream NAME, --subject SUBJECT   the work stream, as for 'tacitus publish'\n"
    "\n"
    "Each failure is one line on stderr naming the feed (and the article). A summary line\n"
    "goes to stderr after each round: feeds polled, not modified, failed, not due; articles\n"
    "stored, already stored, failed.\n"
    "exit status: 0 ok (also when stopped by SIGTERM or SIGINT); 1 (--once) some feed or\n"
    "article failed (each reported); 2 usage, or a bad FEEDLIST line (named); 3 data\n"
    "files; 4 database error.\n";

typedef struct feeds_args {
    const char *db, *list;
    engine_opts eo;
    queue_args qa;     /* qa.url set: publish (--nats), else store */
    int once, now;
    double interval, per_host_delay, timeout;
} feeds_args;

/* A non-negative number of seconds from the value of option opt, into *out.
 * Returns 0, or -1 (reported). */
static int seconds_opt(const char *opt, const char *v, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (!*v || *end || errno || !(d >= 0) || d > 1e7) {
        fprintf(stderr, "tacitus feeds: %s: expected a number of seconds from 0 to 10000000, got '%s'\n", opt, v);
        return -1;
    }
    *out = d;
    return 0;
}

/* Parse argv into a. Returns 0; 1 when help was printed; -1 on a usage error (reported). */
static int parse_feeds_args(int argc, char **argv, feeds_args *a)
{
    memset(a, 0, sizeof *a);
    a->interval = 900, a->per_host_delay = 2, a->timeout = 30;
    tac_queue_opts_init(&a->qa.o);
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        int e = engine_opt(argc, argv, &i, &a->eo, "feeds");
        if (e == 0)
            e = queue_opt(argc, argv, &i, &a->qa, "feeds");
        if (e < 0)
            return -1;
        if (e)
            continue;
        if (strcmp(o, "-h") == 0 || strcmp(o, "--help") == 0) {
            fputs(feeds_help, stdout);
            return 1;
        }
        double *secs = strcmp(o, "--interval") == 0         ? &a->interval
                       : strcmp(o, "--per-host-delay") == 0 ? &a->per_host_delay
                       : strcmp(o, "--timeout") == 0        ? &a->timeout
                                                            : NULL;
        if (strcmp(o, "--once") == 0)
            a->once = 1;
        else if (strcmp(o, "--now") == 0)
            a->now = 1;
        else if ((secs || strcmp(o, "--db") == 0) && i + 1 < argc) {
            if (!secs)
                a->db = argv[++i];
            else if (seconds_opt(o, argv[++i], secs) < 0)
                return -1;
        } else if (o[0] == '-' && o[1]) {
            fprintf(stderr, "tacitus feeds: unknown option or missing value: %s (see --help)\n", o);
            return -1;
        } else if (a->list) {
            fprintf(stderr, "tacitus feeds: one FEEDLIST only (got '%s' and '%s')\n", a->list, o);
            return -1;
        } else
            a->list = o;
    }
    if (!a->db)
        a->db = getenv("TACITUS_DB");
    if (!a->db || !*a->db || !a->list) {
        fprintf(stderr, "tacitus feeds: %s is required (see --help)\n",
                !a->list ? "a FEEDLIST file" : "--db DB (or TACITUS_DB)");
        return -1;
    }
    if (a->timeout <= 0) {
        fprintf(stderr, "tacitus feeds: --timeout: must be more than 0 seconds\n");
        return -1;
    }
    return 0;
}

/* Add url to the n URLs of *urls (have slots) unless it is there. Returns 0,
 * or -1 when out of memory (reported). */
static int add_url(char ***urls, size_t *n, size_t *have, const char *url)
{
    for (size_t k = 0; k < *n; k++)
        if (strcmp((*urls)[k], url) == 0)
            return 0;
    if (*n == *have) {
        size_t cap = *have ? 2 * *have : 16;
        char **grown = realloc(*urls, cap * sizeof **urls);
        if (!grown) {
            fprintf(stderr, "tacitus feeds: out of memory\n");
            return -1;
        }
        *urls = grown, *have = cap;
    }
    if (!((*urls)[*n] = strdup(url))) {
        fprintf(stderr, "tacitus feeds: out of memory\n");
        return -1;
    }
    (*n)++;
    return 0;
}

/* The feed URLs of list (path), each once, in order, into *urls (n of them;
 * free with free_list, also on failure). Returns 0, or -1 (reported: a line
 * that is not an http(s) URL, by path and line number; a file that cannot be
 * read). */
static int read_list(const char *path, char ***urls, size_t *n)
{
    FILE *f = fopen(path, "r");
    *urls = NULL, *n = 0;
    if (!f) {
        fprintf(stderr, "tacitus feeds: %s: cannot open: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, have = 0;
    long lineno = 0;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        lineno++;
        char *s = line, *e = line + strlen(line);
        while (isspace((unsigned char)*s))
            s++;
        while (e > s && isspace((unsigned char)e[-1]))
            *--e = '\0';
        if (!*s || *s == '#')
            continue;
        if (!feed_url_ok(s) || strpbrk(s, " \t")) {
            fprintf(stderr, "tacitus feeds: %s:%ld: not an http:// or https:// URL: %.200s\n", path, lineno, s);
            rc = -1;
        } else
            rc = add_url(urls, n, &have, s);
    }
    if (rc == 0 && ferror(f)) {
        fprintf(stderr, "tacitus feeds: %s: read error: %s\n", path, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && *n == 0) {
        fprintf(stderr, "tacitus feeds: %s: no feed URL in the list\n", path);
        rc = -1;
    }
    free(line);
    fclose(f);
    return rc;
}

static void free_list(char **urls, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(urls[i]);
    free(urls);
}

/* The direct-ingest sink: code document d and store it (store_code_document,
 * committed at once). */
typedef struct ingest_sink {
    store *st;
    tac_coder *coder;
} ingest_sink;

static int ingest_article(void *ud, input_doc *d, char *err, size_t errlen)
{
    ingest_sink *k = ud;
    char hash[33];
    store_text_hash(d->text, d->len, hash);
    store_doc sd = {d->id, d->url, d->title, d->published, d->source, d->text, d->len, hash};
    store_result r;
    int rc = store_code_document(k->st, k->coder, &sd, &r, err, errlen);
    return rc == 0 ? FEED_HANDED : rc == 1 ? FEED_DUPLICATE : rc == -2 ? FEED_REFUSED : FEED_FATAL;
}

/* The publishing sink (--nats): d as one line of JSON Lines, published to
 * the work queue with its text's hash as message id. */
typedef struct publish_sink {
    tac_queue *q;
    size_t max_bytes;
} publish_sink;

static int publish_article(void *ud, input_doc *d, char *err, size_t errlen)
{
    publish_sink *k = ud;
    json_t *o = json_pack("{s:s, s:s*, s:s*, s:s*, s:s*, s:s%}", "id", d->id, "url", d->url, "title", d->title,
                          "published", d->published, "source", d->source, "text", d->text, d->len);
    char *line = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!line) {
        snprintf(err, errlen, "out of memory");
        return FEED_RETRY;
    }
    int rc = tac_queue_publish_document(k->q, line, strlen(line), k->max_bytes, err, errlen);
    free(line);
    /* (a queue error: the item is tried again at the next poll, the server maybe back) */
    return rc == 0 ? FEED_HANDED : rc == 1 ? FEED_DUPLICATE : rc == -2 ? FEED_REFUSED : FEED_RETRY;
}

static void on_stop(int sig)
{
    (void)sig;
    cli_interrupted = 1;
}

/* Catch the first SIGTERM and SIGINT: set cli_interrupted (no SA_RESTART: a
 * wait ends; a second signal kills as usual). SIGPIPE is ignored: a server
 * that closes a reused connection is an error of that request (libcurl, told
 * not to touch signals, leaves SIGPIPE to the program). */
static void catch_stop(void)
{
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
}

/* Sleep until time(2) reaches until, or a stop. */
static void sleep_until(time_t until)
{
    while (!cli_interrupted && time(NULL) < until) {
        struct timespec ts = {0, 200 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

/* Poll every feed of urls once (those due). Returns 0, or -1 when polling
 * must stop (reported). The summary line goes to stderr; *next gets when the
 * first feed is due again, but at least a second after the round began (so
 * that --interval 0 does not spin). */
static int poll_round(feed_poller *p, char **urls, size_t n, feed_tally *all, time_t *next)
{
    feed_tally t = {0};
    int rc = 0;
    time_t start = time(NULL);
    *next = start + (time_t)(p->o.interval > 1 ? p->o.interval : 1);
    for (size_t i = 0; i < n && rc == 0 && !cli_interrupted; i++) {
        time_t due = 0;
        rc = feed_poll(p, urls[i], &t, &due);
        if (due && due < *next)
            *next = due > start ? due : start + 1;
    }
    fprintf(stderr,
            "tacitus feeds: %ld feeds polled, %ld not modified, %ld failed, %ld not due; %ld articles stored,"
            " %ld already stored, %ld failed%s\n",
            t.polled, t.not_modified, t.failed, t.not_due, t.stored, t.duplicates, t.articles_failed,
            rc < 0 ? " (stopped: database error)" : "");
    all->failed += t.failed, all->articles_failed += t.articles_failed;
    return rc;
}

/* Open what polling needs: the store, a fetcher, and for storing the engine
 * and a coder (k), for publishing (--nats) the work queue (pk). Returns 0, or
 * the exit status (reported). */
static int open_all(const feeds_args *a, feed_poller *p, ingest_sink *k, publish_sink *pk, tac_engine **eng)
{
    char err[1024];
    if (store_open(a->db, 0, &k->st, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus feeds: %s\n", err);
        return TAC_EXIT_IO;
    }
    size_t max = a->eo.max_bytes ? a->eo.max_bytes : 10u * 1024 * 1024;
    if (a->qa.url) {
        pk->max_bytes = max;
        if (tac_queue_open(&pk->q, a->qa.url, &a->qa.o, err, sizeof err) < 0) {
            fprintf(stderr, "tacitus feeds: %s\n", err);
            return TAC_EXIT_IO;
        }
    } else if (!(*eng = open_engine(&a->eo, "feeds")))
        return TAC_EXIT_DATA;
    feed_http_opts ho = {a->timeout, max, a->per_host_delay, &cli_interrupted};
    if ((!a->qa.url && !(k->coder = tac_coder_new(*eng))) || !(p->http = feed_http_new(&ho))) {
        fprintf(stderr, "tacitus feeds: out of memory (or libcurl cannot start)\n");
        return TAC_EXIT_IO;
    }
    p->st = k->st;
    p->o = (feed_poll_opts){a->interval, a->now, &cli_interrupted};
    p->sink = a->qa.url ? publish_article : ingest_article;
    p->sink_ud = a->qa.url ? (void *)pk : (void *)k;
    return 0;
}

/* 'tacitus feeds' (see feeds_help). Returns the exit status. */
int cmd_feeds(int argc, char **argv)
{
    feeds_args a;
    int p = parse_feeds_args(argc, argv, &a);
    if (p != 0)
        return p == 1 ? TAC_EXIT_OK : TAC_EXIT_USAGE;
    char **urls;
    size_t n;
    if (read_list(a.list, &urls, &n) < 0) {
        free_list(urls, n);
        return TAC_EXIT_USAGE;
    }
    feed_poller poller = {0};
    ingest_sink sink = {0};
    publish_sink pub = {0};
    tac_engine *eng = NULL;
    int rc = open_all(&a, &poller, &sink, &pub, &eng);
    if (rc == 0) {
        catch_stop();
        feed_tally all = {0};
        time_t next;
        int db = 0;
        do {
            db = poll_round(&poller, urls, n, &all, &next) < 0;
            poller.o.force = 0; /* (--now: the first round only) */
            if (!a.once && !db)
                sleep_until(next);
        } while (!a.once && !db && !cli_interrupted);
        rc = db ? TAC_EXIT_IO : (a.once && (all.failed || all.articles_failed)) ? TAC_EXIT_PARTIAL : TAC_EXIT_OK;
    }
    feed_http_free(poller.http);
    tac_coder_free(sink.coder);
    tac_engine_close(eng);
    store_close(sink.st);
    if (a.qa.url) {
        tac_queue_close(pub.q);
        tac_queue_shutdown();
    }
    free_list(urls, n);
    return rc;
}
