/*
 * feed.c - news feeds parsed (RSS 2.0 and 1.0, Atom; libxml2) and pages
 * fetched politely (libcurl): see feed.h. A malformed body is an error of
 * that feed, a slow or huge page an error of that request; neither stops
 * the poller.
 */
#include <curl/curl.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "export.h"
#include "feed.h"
#include "html.h"
#include "tacitus.h"

/* ================= parsing ================= */

/* Is n an element of local name name (any namespace)? */
static int is_element(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The text of element n with leading and trailing white space removed,
 * malloc'd; NULL when it is empty or memory runs out. */
static char *element_text(const xmlNode *n)
{
    xmlChar *raw = xmlNodeGetContent(n);
    if (!raw)
        return NULL;
    const char *s = (const char *)raw;
    size_t len = strlen(s);
    while (len && strchr(" \t\r\n", s[len - 1]))
        len--;
    while (len && strchr(" \t\r\n", *s))
        s++, len--;
    char *out = len ? strndup(s, len) : NULL;
    xmlFree(raw);
    return out;
}

/* link resolved against base as an absolute http(s) URL (malloc'd), or NULL
 * when it cannot be (another scheme, no host, out of memory). */
static char *resolve_link(const char *base, const char *link)
{
    CURLU *u = curl_url();
    char *abs = NULL, *out = NULL;
    if (u && (!base || curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK) &&
        curl_url_set(u, CURLUPART_URL, link, 0) == CURLUE_OK && curl_url_get(u, CURLUPART_URL, &abs, 0) == CURLUE_OK &&
        feed_url_ok(abs))
        out = strdup(abs);
    curl_free(abs);
    curl_url_cleanup(u);
    return out;
}

/* The article link of an item's <link> element n: Atom's href (of a link
 * whose rel is absent or "alternate"), else RSS's text. malloc'd or NULL. */
static char *link_of(const xmlNode *n, const char *base)
{
    xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
    char *raw = NULL;
    if (href) {
        xmlChar *rel = xmlGetProp(n, (const xmlChar *)"rel");
        if (!rel || strcmp((const char *)rel, "alternate") == 0)
            raw = strdup((const char *)href);
        xmlFree(rel);
        xmlFree(href);
    } else
        raw = element_text(n);
    char *link = raw ? resolve_link(base, raw) : NULL;
    free(raw);
    return link;
}

/* Keep v in *slot unless *slot is set already (then free v). */
static void keep_first(char **slot, char *v)
{
    if (*slot)
        free(v);
    else
        *slot = v;
}

/* The fields of one item or entry n into it (zeroed first). */
static void read_item(const xmlNode *n, const char *base, feed_item *it)
{
    char *date[4] = {NULL, NULL, NULL, NULL}; /* pubDate, published, dc:date, updated: the first found wins */
    static const char *const date_names[4] = {"pubDate", "published", "date", "updated"};
    memset(it, 0, sizeof *it);
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (is_element(c, "guid") || is_element(c, "id"))
            keep_first(&it->key, element_text(c));
        else if (is_element(c, "link"))
            keep_first(&it->link, link_of(c, base));
        else if (is_element(c, "title"))
            keep_first(&it->title, element_text(c));
        for (int k = 0; k < 4; k++)
            if (is_element(c, date_names[k]))
                keep_first(&date[k], element_text(c));
    }
    char day[11];
    for (int k = 0; k < 4; k++) {
        if (!it->published && date[k] && html_date(date[k], day))
            it->published = strdup(day);
        free(date[k]);
    }
    if (!it->key && it->link)
        it->key = strdup(it->link);
    if (!it->key && it->title && (it->key = malloc(strlen(it->title) + 7)))
        sprintf(it->key, "title:%s", it->title);
}

static void feed_item_free(feed_item *it)
{
    free(it->key);
    free(it->link);
    free(it->title);
    free(it->published);
}

/* Add the item or entry n to out. Returns 0, or -1 when out of memory. */
static int add_item(feed_items *out, const xmlNode *n, const char *base)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? 2 * out->cap : 16;
        feed_item *v = realloc(out->v, cap * sizeof *v);
        if (!v)
            return -1;
        out->v = v, out->cap = cap;
    }
    feed_item *it = &out->v[out->n];
    read_item(n, base, it);
    if (it->key)
        out->n++;
    else {
        feed_item_free(it);
        out->unnamed++;
    }
    return 0;
}

/* Add every <item> and <entry> child of parent to out; -1 when out of memory. */
static int add_items(feed_items *out, const xmlNode *parent, const char *base)
{
    for (const xmlNode *c = parent->children; c; c = c->next)
        if ((is_element(c, "item") || is_element(c, "entry")) && add_item(out, c, base) < 0)
            return -1;
    return 0;
}

/* The items of a parsed feed document with root element root. */
static int read_feed(const xmlNode *root, const char *base, feed_items *out, char *err, size_t errlen)
{
    if (!is_element(root, "rss") && !is_element(root, "RDF") && !is_element(root, "feed")) {
        snprintf(err, errlen, "not an RSS or Atom feed (its root element is <%.60s>)",
                 root ? (const char *)root->name : "");
        return -1;
    }
    int rc = add_items(out, root, base); /* Atom's entries, RSS 1.0's items */
    for (const xmlNode *c = root->children; c && rc == 0; c = c->next)
        if (is_element(c, "channel"))
            rc = add_items(out, c, base); /* RSS 2.0's items */
    if (rc < 0)
        snprintf(err, errlen, "out of memory");
    return rc;
}

/* The first error of a parse (xmlSetStructuredErrorFunc's handler). */
typedef struct first_error {
    int line;
    char msg[200];
} first_error;

static void keep_first_error(void *ud, xmlErrorPtr e)
{
    first_error *f = ud;
    if (f->line || !e)
        return;
    f->line = e->line > 0 ? e->line : 1;
    const char *m = e->message ? e->message : "not XML";
    snprintf(f->msg, sizeof f->msg, "%.*s", (int)strcspn(m, "\r\n"), m);
}

/* See feed.h. The message names the first error (libxml2's last one is often
 * only "premature end of data" at the end of the body). */
int feed_parse(const char *body, size_t len, const char *base_url, feed_items *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (len > (size_t)2147483647) {
        snprintf(err, errlen, "the body is too large to parse (%zu bytes)", len);
        return -1;
    }
    first_error first = {0, ""};
    xmlSetStructuredErrorFunc(&first, keep_first_error);
    xmlDocPtr doc = xmlReadMemory(body, (int)len, base_url, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    xmlSetStructuredErrorFunc(NULL, NULL);
    int rc = -1;
    if (!doc)
        snprintf(err, errlen, "malformed XML at line %d: %s", first.line, first.line ? first.msg : "not XML");
    else
        rc = read_feed(xmlDocGetRootElement(doc), base_url, out, err, errlen);
    xmlFreeDoc(doc);
    return rc;
}

void feed_items_free(feed_items *items)
{
    for (size_t i = 0; i < items->n; i++)
        feed_item_free(&items->v[i]);
    free(items->v);
    memset(items, 0, sizeof *items);
}

/* See feed.h. */
int feed_url_ok(const char *url)
{
    return url && (strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0) &&
           url[strcspn(url, ":") + 3] != '\0' && url[strcspn(url, ":") + 3] != '/';
}

/* ================= fetching ================= */

typedef struct host_turn {
    char *key;   /* scheme://host:port */
    double last; /* when the last request to it ended (monotonic seconds); 0 never */
} host_turn;

struct feed_http {
    CURL *curl;
    feed_http_opts o;
    host_turn *hosts;
    size_t nhosts, cap;
    char errbuf[CURL_ERROR_SIZE];
};

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* See feed.h. */
feed_http *feed_http_new(const feed_http_opts *o)
{
    feed_http *h = calloc(1, sizeof *h);
    if (!h || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        free(h);
        return NULL;
    }
    h->o = *o;
    if (!(h->curl = curl_easy_init())) {
        curl_global_cleanup();
        free(h);
        return NULL;
    }
    return h;
}

void feed_http_free(feed_http *h)
{
    if (!h)
        return;
    curl_easy_cleanup(h->curl);
    curl_global_cleanup();
    for (size_t i = 0; i < h->nhosts; i++)
        free(h->hosts[i].key);
    free(h->hosts);
    free(h);
}

/* The turn record of url's host (scheme, name and port), added when new;
 * NULL when url cannot be parsed or memory runs out. */
static host_turn *host_of(feed_http *h, const char *url)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, key[600];
    int ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
             curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
             curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
             curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK;
    if (ok)
        snprintf(key, sizeof key, "%s://%s:%s", scheme, host, port);
    curl_free(scheme), curl_free(host), curl_free(port);
    curl_url_cleanup(u);
    if (!ok)
        return NULL;
    for (size_t i = 0; i < h->nhosts; i++)
        if (strcmp(h->hosts[i].key, key) == 0)
            return &h->hosts[i];
    if (h->nhosts == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 8;
        host_turn *v = realloc(h->hosts, cap * sizeof *v);
        if (!v)
            return NULL;
        h->hosts = v, h->cap = cap;
    }
    host_turn *t = &h->hosts[h->nhosts];
    if (!(t->key = strdup(key)))
        return NULL;
    t->last = 0;
    h->nhosts++;
    return t;
}

/* Wait until t's host may be asked again. Returns 0, or -1 when stopped. */
static int wait_turn(feed_http *h, const host_turn *t)
{
    for (;;) {
        if (h->o.stop && *h->o.stop)
            return -1;
        double left = t->last > 0 ? t->last + h->o.per_host_delay - mono_seconds() : 0;
        if (left <= 0)
            return 0;
        if (left > 0.2)
            left = 0.2; /* (short naps: a stop is seen soon) */
        struct timespec ts = {(time_t)left, (long)((left - (double)(time_t)left) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

/* What the callbacks fill during one transfer. */
typedef struct transfer {
    feed_http *h;
    feed_response *r;
    outbuf body;       /* the body as it comes (r->body once the transfer succeeded) */
    int too_big, oom;
} transfer;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    transfer *x = ud;
    size_t add = size * n;
    if (x->body.len + add > x->h->o.max_bytes) {
        x->too_big = 1;
        return 0;
    }
    ob_put(&x->body, p, add);
    if (x->body.failed) {
        x->oom = 1;
        return 0;
    }
    return add;
}

/* If the header line p (n bytes) is "name: value", copy the value (trimmed)
 * into out of cap bytes ("" when it does not fit) and return 1; else 0. */
static int header_value(const char *p, size_t n, const char *name, char *out, size_t cap)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(p, name, k) != 0 || p[k] != ':')
        return 0;
    p += k + 1, n -= k + 1;
    while (n && (*p == ' ' || *p == '\t'))
        p++, n--;
    while (n && strchr(" \t\r\n", p[n - 1]))
        n--;
    snprintf(out, cap, "%.*s", n < cap ? (int)n : 0, p);
    return 1;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    feed_response *r = ((transfer *)ud)->r;
    size_t len = size * n;
    if (!header_value(p, len, "ETag", r->etag, sizeof r->etag))
        header_value(p, len, "Last-Modified", r->last_modified, sizeof r->last_modified);
    return len;
}

static int on_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a, (void)b, (void)c, (void)d;
    const feed_http *h = ((transfer *)ud)->h;
    return h->o.stop && *h->o.stop ? 1 : 0;
}

/* Set up h's handle for a GET of url with the callbacks on x and the
 * request headers hdrs. */
static void set_request(feed_http *h, const char *url, transfer *x, struct curl_slist *hdrs)
{
    CURL *c = h->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(h->o.timeout * 1000));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "tacitus/" TACITUS_VERSION " (news feed poller)");
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->o.max_bytes);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, x);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, h->errbuf);
}

/* The request headers: Accept and the validators given. NULL when out of memory. */
static struct curl_slist *request_headers(const char *etag, const char *last_modified)
{
    char line[400];
    struct curl_slist *l = curl_slist_append(NULL, "Accept: application/rss+xml, application/atom+xml,"
                                                   " application/xml;q=0.9, text/html;q=0.9, */*;q=0.8");
    if (l && etag && *etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", etag);
        l = curl_slist_append(l, line);
    }
    if (l && last_modified && *last_modified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", last_modified);
        l = curl_slist_append(l, line);
    }
    return l;
}

/* Write why transfer x of a request to url failed with curl code rc into err. */
static void transfer_error(const feed_http *h, const transfer *x, CURLcode rc, char *err, size_t errlen)
{
    if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
        snprintf(err, errlen, "the body is larger than %zu bytes", h->o.max_bytes);
    else if (x->oom)
        snprintf(err, errlen, "out of memory");
    else if (rc == CURLE_ABORTED_BY_CALLBACK)
        snprintf(err, errlen, "stopped");
    else if (rc == CURLE_OPERATION_TIMEDOUT)
        snprintf(err, errlen, "no complete answer within %g s", h->o.timeout);
    else
        snprintf(err, errlen, "%s", h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc));
}

/* One request (one hop) of feed_get: GET url after its host's turn, into r
 * (zeroed first). Returns 0 when a response came, else -1 with err. */
static int get_once(feed_http *h, const char *url, struct curl_slist *hdrs, feed_response *r, char *err,
                    size_t errlen)
{
    memset(r, 0, sizeof *r);
    host_turn *t = feed_url_ok(url) ? host_of(h, url) : NULL;
    if (!t) {
        snprintf(err, errlen, "not an http or https URL: %.200s", url);
        return -1;
    }
    if (wait_turn(h, t) < 0) {
        snprintf(err, errlen, "stopped");
        return -1;
    }
    transfer x = {h, r, {0}, 0, 0};
    h->errbuf[0] = '\0';
    set_request(h, url, &x, hdrs);
    CURLcode rc = curl_easy_perform(h->curl);
    t->last = mono_seconds();
    if (rc != CURLE_OK) {
        transfer_error(h, &x, rc, err, errlen);
        ob_free(&x.body);
        feed_response_free(r);
        return -1;
    }
    r->body = x.body.p, r->len = x.body.len;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &r->status);
    if (!r->body && !(r->body = calloc(1, 1))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* See feed.h. Redirects are followed here, not by libcurl, so that each hop
 * waits for its host's turn. */
int feed_get(feed_http *h, const char *url, const char *etag, const char *last_modified, feed_response *r,
             char *err, size_t errlen)
{
    struct curl_slist *hdrs = request_headers(etag, last_modified);
    char *next = NULL;
    int rc = hdrs ? 0 : -1;
    if (!hdrs)
        snprintf(err, errlen, "out of memory");
    for (int hop = 0; rc == 0; hop++) {
        if ((rc = get_once(h, next ? next : url, hdrs, r, err, errlen)) < 0)
            break;
        char *loc = NULL;
        if (r->status < 300 || r->status > 399 || r->status == 304 ||
            curl_easy_getinfo(h->curl, CURLINFO_REDIRECT_URL, &loc) != CURLE_OK || !loc)
            break;
        if (hop == 5) {
            snprintf(err, errlen, "more than 5 redirects");
            rc = -1;
        } else if (!(loc = strdup(loc))) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        }
        free(next);
        next = loc;
        feed_response_free(r);
    }
    free(next);
    curl_slist_free_all(hdrs);
    return rc;
}

void feed_response_free(feed_response *r)
{
    free(r->body);
    r->body = NULL;
    r->len = 0;
}
