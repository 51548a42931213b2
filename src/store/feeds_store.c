/*
 * feeds_store.c - the store's memory of news feeds (store_feed_*, store.h):
 * the backend-neutral half, which commits the open batch before a mark so
 * that an item is recorded as handed on only once its document is durable,
 * and dispatches to the backend's feed_ops (store_int.h). Schema: docs/store.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "store_int.h"

/* Copy the column value v (NULL: "") into out of cap bytes, or "" when it
 * does not fit. */
static void feed_field(char *out, size_t cap, const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n >= cap)
        n = 0;
    memcpy(out, v ? v : "", n);
    out[n] = '\0';
}

/* See store_int.h. */
void feed_from_row(store_feed *f, const char *const col[6])
{
    feed_field(f->etag, sizeof f->etag, col[0]);
    feed_field(f->last_modified, sizeof f->last_modified, col[1]);
    feed_field(f->last_polled, sizeof f->last_polled, col[2]);
    feed_field(f->next_poll, sizeof f->next_poll, col[3]);
    f->failures = col[4] ? atol(col[4]) : 0;
    feed_field(f->last_error, sizeof f->last_error, col[5]);
}

int store_feed_get(store *s, const char *url, store_feed *f, char *err, size_t errlen)
{
    void *impl;
    const store_backend *be = store_backend_of(s, &impl);
    memset(f, 0, sizeof *f);
    return be->feeds->get(impl, url, f, err, errlen);
}

int store_feed_put(store *s, const char *url, const store_feed *f, char *err, size_t errlen)
{
    void *impl;
    const store_backend *be = store_backend_of(s, &impl);
    if (store_flush(s, err, errlen) < 0)
        return -1;
    return be->feeds->put(impl, url, f, err, errlen);
}

int store_feed_item_seen(store *s, const char *url, const char *key, char *err, size_t errlen)
{
    void *impl;
    const store_backend *be = store_backend_of(s, &impl);
    return be->feeds->item_seen(impl, url, key, err, errlen);
}

int store_feed_mark_item(store *s, const char *url, const char *key, const char *doc_id, char *err,
                         size_t errlen)
{
    void *impl;
    const store_backend *be = store_backend_of(s, &impl);
    char now[24];
    if (store_flush(s, err, errlen) < 0)
        return -1;
    store_now_iso(now);
    return be->feeds->mark_item(impl, url, key, doc_id, now, err, errlen);
}
