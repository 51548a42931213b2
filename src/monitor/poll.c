/*
 * poll.c - the feed poller: one feed polled (conditional fetch, parse, new
 * items' articles fetched and reduced to documents, each handed to the sink
 * and only then marked seen), its state and back-off remembered in the
 * store. See poll.h for the rules and docs/feeds.md for the deployment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "incident.h"
#include "poll.h"

/* t as YYYY-MM-DDTHH:MM:SSZ (UTC) into out. */
static void iso_time(time_t t, char out[24])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The time(2) seconds of a YYYY-MM-DDTHH:MM:SSZ, or 0 when s is not one. */
static time_t iso_seconds(const char *s)
{
    int h, m, sec;
    long day = inc_day(s);
    if (day < 0 || sscanf(s + 10, "T%2d:%2d:%2dZ", &h, &m, &sec) != 3)
        return 0;
    return (time_t)day * 86400 + h * 3600 + m * 60 + sec;
}

/* See poll.h. */
double feed_backoff(double interval, long failures)
{
    double d = interval > 60 ? interval : 60;
    for (long i = 1; i < failures && d < 86400; i++)
        d *= 2;
    return d < 86400 ? d : 86400;
}

/* Report a database error of feed url and return -1 (polling stops). */
static int db_error(const char *url, const char *err)
{
    fprintf(stderr, "tacitus feeds: %s: %s\n", url, err);
    return -1;
}

/* Mark item key of feed url seen as doc_id (NULL: none). 0, or -1 (reported). */
static int mark_seen(feed_poller *p, const char *url, const char *key, const char *doc_id)
{
    char err[1024];
    if (store_feed_mark_item(p->st, url, key, doc_id, err, sizeof err) < 0)
        return db_error(url, err);
    return 0;
}

/* The article page of item it as a document, into d (free it with
 * input_doc_free, also on failure): the engine's input stage (article body,
 * headline, date), then id and url the item's link, the item's title and
 * date where the page gives none. Returns 0, or -1 with err. */
static int article_document(const feed_item *it, const feed_response *page, input_doc *d, char *err, size_t errlen)
{
    if (input_from_bytes(it->link, page->body, page->len, d, err, errlen) < 0)
        return -1;
    free(d->id), free(d->url);
    d->id = strdup(it->link);
    d->url = strdup(it->link);
    if (!d->title && it->title)
        d->title = strdup(it->title);
    if (!d->published && it->published)
        d->published = strdup(it->published);
    if (!d->id || !d->url || (it->title && !d->title) || (it->published && !d->published)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* Fetch the article page of item it; 0 and *page (a 2xx answer), or -1 with
 * err (also for another status). */
static int fetch_article(feed_poller *p, const feed_item *it, feed_response *page, char *err, size_t errlen)
{
    if (feed_get(p->http, it->link, NULL, NULL, page, err, errlen) < 0)
        return -1;
    if (page->status >= 200 && page->status <= 299)
        return 0;
    snprintf(err, errlen, "HTTP status %ld", page->status);
    feed_response_free(page);
    return -1;
}

/* Fetch the article of item it (not seen, its link not stored) and hand it
 * on. Returns 0 done (taken, duplicate or refused for good: marked seen), 1
 * to try again at the next poll, -1 when polling must stop (all reported). */
static int take_article(feed_poller *p, const char *url, const feed_item *it, feed_tally *t)
{
    char err[1024];
    feed_response page;
    if (fetch_article(p, it, &page, err, sizeof err) < 0) {
        if (p->o.stop && *p->o.stop)
            return 1; /* (stopped: not a failure of the article) */
        fprintf(stderr, "tacitus feeds: %s: article %s: %s (tried again at the next poll)\n", url, it->link, err);
        t->articles_failed++;
        return 1;
    }
    input_doc d;
    int rc = article_document(it, &page, &d, err, sizeof err) < 0 ? FEED_REFUSED
                                                                    : p->sink(p->sink_ud, &d, err, sizeof err);
    feed_response_free(&page);
    input_doc_free(&d);
    if (rc == FEED_HANDED || rc == FEED_DUPLICATE) {
        *(rc == FEED_HANDED ? &t->stored : &t->duplicates) += 1;
        return mark_seen(p, url, it->key, it->link);
    }
    fprintf(stderr, "tacitus feeds: %s: article %s: %s%s\n", url, it->link, err,
            rc == FEED_RETRY ? " (tried again at the next poll)" : rc == FEED_REFUSED ? " (not tried again)" : "");
    t->articles_failed++;
    return rc == FEED_REFUSED ? mark_seen(p, url, it->key, NULL) : rc == FEED_RETRY ? 1 : -1;
}

/* Handle one item of feed url: skipped when seen; marked without a fetch
 * when its link is stored already (another feed had it) or when it has no
 * link (reported); else its article taken. Returns as take_article. */
static int take_item(feed_poller *p, const char *url, const feed_item *it, feed_tally *t)
{
    char err[1024];
    int seen = store_feed_item_seen(p->st, url, it->key, err, sizeof err);
    if (seen != 0)
        return seen < 0 ? db_error(url, err) : 0;
    if (!it->link) {
        fprintf(stderr, "tacitus feeds: %s: item %s: no http(s) link to an article (not tried again)\n", url, it->key);
        t->articles_failed++;
        return mark_seen(p, url, it->key, NULL);
    }
    int stored = store_has_document(p->st, it->link, "", err, sizeof err);
    if (stored < 0)
        return db_error(url, err);
    if (stored) {
        t->duplicates++;
        return mark_seen(p, url, it->key, it->link);
    }
    return take_article(p, url, it, t);
}

/* Record a failed poll of feed url (what: why) in f and the store. */
static int record_failure(feed_poller *p, const char *url, store_feed *f, time_t now, const char *what, feed_tally *t,
                          time_t *next)
{
    char err[1024];
    f->failures++;
    double wait = feed_backoff(p->o.interval, f->failures);
    iso_time(now + (time_t)wait, f->next_poll);
    snprintf(f->last_error, sizeof f->last_error, "%.250s", what);
    fprintf(stderr, "tacitus feeds: %s: %s (failure %ld; polled again in %.0f s)\n", url, what, f->failures, wait);
    t->failed++;
    if (next)
        *next = now + (time_t)wait;
    if (store_feed_put(p->st, url, f, err, sizeof err) < 0)
        return db_error(url, err);
    return 0;
}

/* The items of a 2xx response body: each taken in order. *retry is set when
 * one is to be tried again. Returns 0, or -1 when polling must stop. */
static int take_items(feed_poller *p, const char *url, const feed_items *items, feed_tally *t, int *retry)
{
    if (items->unnamed)
        fprintf(stderr, "tacitus feeds: %s: %zu item(s) without a guid, id, link or title skipped\n", url,
                items->unnamed);
    for (size_t i = 0; i < items->n; i++) {
        if (p->o.stop && *p->o.stop) {
            *retry = 1;
            break;
        }
        int rc = take_item(p, url, &items->v[i], t);
        if (rc < 0)
            return -1;
        if (rc == 1)
            *retry = 1;
    }
    return 0;
}

/* A feed body that came (status 2xx): parse it and take its items. The
 * validators of r are kept in f only when every item was taken, so that an
 * item to retry is in the next poll's answer (no 304 hides it). Returns 1
 * when the body is malformed (err says why), else as take_items. */
static int take_body(feed_poller *p, const char *url, const feed_response *r, store_feed *f, feed_tally *t,
                     char *err, size_t errlen)
{
    feed_items items;
    int retry = 0;
    if (feed_parse(r->body, r->len, url, &items, err, errlen) < 0) {
        feed_items_free(&items);
        return 1;
    }
    int rc = take_items(p, url, &items, t, &retry);
    feed_items_free(&items);
    if (rc == 0 && !retry) {
        memcpy(f->etag, r->etag, sizeof f->etag);
        memcpy(f->last_modified, r->last_modified, sizeof f->last_modified);
    }
    return rc;
}

/* See poll.h. */
int feed_poll(feed_poller *p, const char *url, feed_tally *t, time_t *next)
{
    char err[1024], what[1024];
    store_feed f;
    if (store_feed_get(p->st, url, &f, err, sizeof err) < 0)
        return db_error(url, err);
    time_t now = time(NULL), due = iso_seconds(f.next_poll);
    if (!p->o.force && f.next_poll[0] && due > now) {
        t->not_due++;
        if (next)
            *next = due;
        return 0;
    }
    feed_response r;
    int got = feed_get(p->http, url, f.etag, f.last_modified, &r, err, sizeof err);
    if (got < 0 && p->o.stop && *p->o.stop)
        return 0; /* (stopped: not a failure of the feed) */
    iso_time(now, f.last_polled);
    t->polled++;
    int rc = 1;
    if (got < 0)
        snprintf(what, sizeof what, "%s", err);
    else if (r.status == 304)
        rc = 0, t->not_modified++;
    else if (r.status < 200 || r.status > 299)
        snprintf(what, sizeof what, "HTTP status %ld", r.status);
    else if ((rc = take_body(p, url, &r, &f, t, err, sizeof err)) == 1)
        snprintf(what, sizeof what, "%s", err);
    feed_response_free(&r);
    if (rc < 0)
        return -1;
    if (rc == 1)
        return record_failure(p, url, &f, now, what, t, next);
    f.failures = 0;
    f.last_error[0] = '\0';
    iso_time(now + (time_t)p->o.interval, f.next_poll);
    if (next)
        *next = now + (time_t)p->o.interval;
    if (store_feed_put(p->st, url, &f, err, sizeof err) < 0)
        return db_error(url, err);
    return 0;
}
