/*
 * feed.h - news feeds for the poller (tacitus feeds, docs/feeds.md): RSS
 * (2.0 and 1.0) and Atom bodies parsed with libxml2 into their items, and
 * pages fetched over HTTP or HTTPS with libcurl: conditional requests
 * (If-None-Match, If-Modified-Since), a time limit, a size limit, few
 * redirects, http and https only, a User-Agent naming tacitus and its
 * version, and a minimum interval between two requests to one host.
 */
#ifndef TACITUS_FEED_H
#define TACITUS_FEED_H

#include <signal.h>
#include <stddef.h>

/* One item (RSS) or entry (Atom) of a feed. Strings are malloc'd or NULL. */
typedef struct feed_item {
    char *key;       /* what names the item within its feed: its guid (RSS) or id (Atom), else its
                      * link, else "title:" and its title */
    char *link;      /* the article's absolute http(s) URL (resolved against the feed's), or NULL */
    char *title;     /* its title, or NULL */
    char *published; /* YYYY-MM-DD of its pubDate, published, dc:date or updated, or NULL */
} feed_item;

typedef struct feed_items {
    feed_item *v;
    size_t n, cap;
    size_t unnamed; /* items dropped for having no guid, id, link or title */
} feed_items;

/* Parse a feed body of len bytes fetched from base_url (relative links are
 * resolved against it) into out (zeroed first; free with feed_items_free, also
 * on failure). The root must be <rss>, <rdf:RDF> or Atom's <feed>; elements
 * are matched by local name whatever their namespace. Returns 0, or -1 with a
 * one-line message in err naming the line of a malformed body or what the
 * root is. Entities are not loaded from anywhere. */
int feed_parse(const char *body, size_t len, const char *base_url, feed_items *out, char *err, size_t errlen);

void feed_items_free(feed_items *items);

/* Is url an absolute http:// or https:// URL with a host? 1 or 0. */
int feed_url_ok(const char *url);

/* How pages are fetched. */
typedef struct feed_http_opts {
    double timeout;                     /* seconds one request may take, redirects included */
    size_t max_bytes;                   /* the longest body taken (decoded); longer is an error */
    double per_host_delay;              /* seconds from the end of one request to a host to the
                                         * start of the next to the same host (scheme, name, port) */
    const volatile sig_atomic_t *stop;  /* when *stop is set, a transfer or a wait ends at once */
} feed_http_opts;

/* A fetcher: one libcurl handle (its connections reused) and the time of the
 * last request to each host. Used by one thread at a time. */
typedef struct feed_http feed_http;

/* A new fetcher with options o (copied), or NULL when out of memory or when
 * libcurl cannot start. */
feed_http *feed_http_new(const feed_http_opts *o);
void feed_http_free(feed_http *h);

/* The response to a request. */
typedef struct feed_response {
    long status;             /* the HTTP status of the last response (after redirects) */
    char *body;              /* malloc'd, NUL-terminated (NULL on failure) */
    size_t len;
    char etag[256];          /* its ETag and Last-Modified ("" none, or too long to keep) */
    char last_modified[64];
} feed_response;

/* GET url (an http or https URL), after waiting for its host's turn; with
 * If-None-Match: etag and If-Modified-Since: last_modified when they are
 * given (NULL or ""). Redirects are followed (at most 5, to http or https).
 * Returns 0 when a response came, whatever its status (r filled; free with
 * feed_response_free), or -1 with a one-line message in err: a URL that is
 * not http(s), no answer within the time limit, a body over the size limit,
 * a network failure, or a stop (*stop set). r is zeroed first. */
int feed_get(feed_http *h, const char *url, const char *etag, const char *last_modified, feed_response *r,
             char *err, size_t errlen);

void feed_response_free(feed_response *r);

#endif
