/*
 * agg.c - the groups of a grouped select gathered in a hash table (agg.h):
 * open addressing on the key's FNV-1a hash, the groups sorted by key once at
 * the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agg.h"

typedef struct group {
    char *key;                  /* NULL: the group of NULL */
    long long n, killed, nkilled;
    double lat, lon;            /* sums of the points, and how many there are */
    long long nlat, nlon;
    char *min_id, *min_type;
} group;

struct agg {
    int cells;
    group *g;
    size_t n, cap;
    size_t *slot;   /* index + 1 into g, 0 empty; a power of two, at least twice n */
    size_t nslot;
    long null_group; /* index of the NULL key's group, -1 none */
};

agg *agg_new(int cells)
{
    agg *a = calloc(1, sizeof *a);
    if (a)
        a->cells = cells, a->null_group = -1;
    return a;
}

void agg_free(agg *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->n; i++)
        free(a->g[i].key), free(a->g[i].min_id), free(a->g[i].min_type);
    free(a->g);
    free(a->slot);
    free(a);
}

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603ULL & (size_t)-1;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
    return h;
}

/* Double the slots (or make the first 64) and place every group again. 0, or -1. */
static int grow(agg *a)
{
    size_t ns = a->nslot ? 2 * a->nslot : 64;
    size_t *s = calloc(ns, sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < a->n; i++) {
        if (!a->g[i].key)
            continue;
        size_t h = hash(a->g[i].key) & (ns - 1);
        while (s[h])
            h = (h + 1) & (ns - 1);
        s[h] = i + 1;
    }
    free(a->slot);
    a->slot = s, a->nslot = ns;
    return 0;
}

/* A new group of key at the end of a->g (key copied); its index, or -1. */
static long add_group(agg *a, const char *key)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 64;
        group *g = realloc(a->g, cap * sizeof *g);
        if (!g)
            return -1;
        a->g = g, a->cap = cap;
    }
    group *g = &a->g[a->n];
    memset(g, 0, sizeof *g);
    if (key && !(g->key = strdup(key)))
        return -1;
    return (long)a->n++;
}

/* The index of key's group, made when new; -1 when out of memory. */
static long find(agg *a, const char *key)
{
    if (!key) {
        if (a->null_group < 0)
            a->null_group = add_group(a, NULL);
        return a->null_group;
    }
    if ((a->n + 1) * 2 > a->nslot && grow(a) < 0)
        return -1;
    size_t h = hash(key) & (a->nslot - 1);
    for (; a->slot[h]; h = (h + 1) & (a->nslot - 1))
        if (strcmp(a->g[a->slot[h] - 1].key, key) == 0)
            return (long)a->slot[h] - 1;
    long i = add_group(a, key);
    if (i >= 0)
        a->slot[h] = (size_t)i + 1;
    return i;
}

/* *least = a copy of s when s is less (or *least is NULL); 0, or -1. */
static int keep_least(char **least, const char *s)
{
    if (!s || (*least && strcmp(s, *least) >= 0))
        return 0;
    char *c = strdup(s);
    if (!c)
        return -1;
    free(*least);
    *least = c;
    return 0;
}

int agg_add(agg *a, const char *key, int has_killed, long long killed, int has_lat, double lat, int has_lon,
            double lon, const char *id, const char *type)
{
    long i = find(a, key);
    if (i < 0)
        return -1;
    group *g = &a->g[i];
    g->n++;
    if (has_killed)
        g->killed += killed, g->nkilled++;
    if (!a->cells)
        return 0;
    if (has_lat)
        g->lat += lat, g->nlat++;
    if (has_lon)
        g->lon += lon, g->nlon++;
    return keep_least(&g->min_id, id) < 0 || keep_least(&g->min_type, type) < 0 ? -1 : 0;
}

/* qsort's order of groups: the NULL key first, then by bytes. */
static int by_key(const void *x, const void *y)
{
    const group *a = x, *b = y;
    return !a->key || !b->key ? (b->key == NULL) - (a->key == NULL) : strcmp(a->key, b->key);
}

long agg_emit(agg *a, int (*cb)(void *, const char *const *), void *ud)
{
    if (a->n > 1)
        qsort(a->g, a->n, sizeof *a->g, by_key);
    free(a->slot); /* (the order changed: no more finds) */
    a->slot = NULL, a->nslot = 0, a->null_group = -1;
    long counted = 0;
    for (size_t i = 0; i < a->n; i++) {
        group *g = &a->g[i];
        char num[5][40];
        snprintf(num[0], sizeof num[0], "%lld", g->n);
        snprintf(num[1], sizeof num[1], "%lld", g->killed);
        snprintf(num[2], sizeof num[2], "%.15g", g->nlat ? g->lat / (double)g->nlat : 0);
        snprintf(num[3], sizeof num[3], "%.15g", g->nlon ? g->lon / (double)g->nlon : 0);
        snprintf(num[4], sizeof num[4], "%lld", g->n - g->nkilled);
        const char *cols[8] = {g->key, num[0], num[1], g->nlat ? num[2] : NULL, g->nlon ? num[3] : NULL,
                               num[4], g->min_id, g->min_type};
        int rc = cb(ud, cols);
        if (rc > 0)
            return -1;
        counted += rc == 0;
    }
    return counted;
}
