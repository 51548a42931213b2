/*
 * poll.h - the feed poller (tacitus feeds, docs/feeds.md): each feed due is
 * fetched (conditionally: a 304 is nothing new), its new items' article
 * pages are fetched and reduced to their text by the engine's input stage
 * (html.h: the article body, headline and date), and each becomes a document
 * that is handed on to a sink: stored directly, or published to a work
 * queue. What was seen is remembered in the store (store_feed_*): an item is
 * marked only after the sink took its document, so a crash or a failed
 * hand-off means the item is fetched again (at least once, never lost), and
 * a restart fetches nothing already taken. A feed that fails (a network
 * error, a 4xx or 5xx status, a malformed body) is polled again after a
 * back-off that doubles with each consecutive failure.
 */
#ifndef TACITUS_POLL_H
#define TACITUS_POLL_H

#include <time.h>

#include "feed.h"
#include "input.h"
#include "store.h"

/* What a sink did with a document. */
enum feed_handoff {
    FEED_HANDED = 0,  /* taken: stored, or published (the item is marked seen) */
    FEED_DUPLICATE,   /* already there (same id or text): nothing to do (marked seen) */
    FEED_REFUSED,     /* refused for good, err says why (e.g. the coder failed): marked seen */
    FEED_RETRY,       /* not taken now, err says why: tried again at the next poll */
    FEED_FATAL,       /* not taken and polling cannot go on (the database failed): err */
};

/* The hand-off of one new article: d is its document (id: the item's link;
 * url; title: the page's headline, else the item's; published: the page's
 * date, else the item's; text: the article body). The sink may take d's
 * strings (setting them NULL). Returns an enum feed_handoff; err set for
 * FEED_REFUSED, FEED_RETRY and FEED_FATAL. */
typedef int (*feed_sink)(void *ud, input_doc *d, char *err, size_t errlen);

typedef struct feed_poll_opts {
    double interval;   /* seconds from one poll of a feed to its next (0: due at once) */
    int force;         /* poll every feed now, due or not */
    const volatile sig_atomic_t *stop; /* set: finish the current item and return */
} feed_poll_opts;

/* Counts over polls (feed_poll adds to them). */
typedef struct feed_tally {
    long polled, not_modified, failed, not_due; /* feeds */
    long stored, duplicates, articles_failed;   /* articles: handed on; already there; failed or refused */
} feed_tally;

typedef struct feed_poller {
    store *st;         /* where feed state and seen items are remembered */
    feed_http *http;
    feed_poll_opts o;
    feed_sink sink;
    void *sink_ud;
} feed_poller;

/* Poll feed url once if it is due (its next_poll reached, or o.force), as
 * the header says. Every failure is reported on stderr as one line
 * "tacitus feeds: URL: what" and counted in t. *next (when not NULL) gets
 * when the feed is due again (time(2) seconds). Returns 0, or -1 when
 * polling must stop: a database error or FEED_FATAL (reported). */
int feed_poll(feed_poller *p, const char *url, feed_tally *t, time_t *next);

/* The back-off after failures consecutive failed polls (1 or more) of a feed
 * polled every interval seconds: max(interval, 60) seconds doubled for each
 * failure after the first, at most a day. */
double feed_backoff(double interval, long failures);

#endif
