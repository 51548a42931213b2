/*
 * geo.c - the gazetteer reader: maps the binary file written by tools/gazc
 * (make gazetteer) read-only and answers lookups by folded name, country code
 * and admin1 code without allocating (see geo.h for the interface).
 *
 * geo_open checks the header, the section bounds and the string pool, which
 * costs microseconds and touches only the first pages; every lookup then checks
 * the indexes it follows, so no file content can make it read outside the
 * mapping. geo_verify walks every record and the checksum (tacitus dict check,
 * the tests): a flipped byte in the data is found there, and at worst gives a
 * wrong place, never a crash, in a lookup. The layout below must match tools/gazc.c, which documents it in full.
 */
#define _POSIX_C_SOURCE 200809L

#include "geo.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fold.h"

#include "gazfile.h"

struct geo_gazetteer {
    const unsigned char *base;
    size_t size;
    const struct gaz_header *h;
    const struct gaz_place *places;
    const char *pool;
    size_t pool_size;
    const struct gaz_bucket *buckets;
    const uint32_t *postings;
    const uint32_t *countries; /* 676 */
    const struct gaz_admin1 *admin1;
    const uint32_t *exact; /* pairs */
};

/* ------------------------------------------------------------------ helpers */

/* Write "path: message" into err (when given); always returns -1. */
static int fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return -1;
    int k = snprintf(err, errlen, "%s: ", path);
    if (k < 0 || (size_t)k >= errlen)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + k, errlen - (size_t)k, fmt, ap);
    va_end(ap);
    return -1;
}

/* Is s[0..n) NUL-padded with at least one NUL? */
static int nul_padded(const char *s, size_t n)
{
    const char *z = memchr(s, 0, n);
    if (!z)
        return 0;
    for (; z < s + n; z++)
        if (*z)
            return 0;
    return 1;
}

/* Validate the mapped file; on failure fill err and return -1. */
static int validate(geo_gazetteer *g, const char *path, char *err, size_t errlen)
{
    static const uint32_t recsz[SEC_COUNT] = {sizeof(struct gaz_place), 1,
                                               sizeof(struct gaz_bucket), 4, 4,
                                               sizeof(struct gaz_admin1), 8};
    const struct gaz_header *h = g->h;
    if (memcmp(h->magic, GAZ_MAGIC, 8) != 0)
        return fail(err, errlen, path, "not a tacitus gazetteer (bad magic at byte 0)");
    if (h->byte_order != GAZ_BYTE_ORDER)
        return fail(err, errlen, path, "wrong byte order (byte 12)");
    if (h->version != GAZ_VERSION)
        return fail(err, errlen, path, "gazetteer format version %u at byte 8, this tacitus "
                    "reads version %u: rebuild it (make gazetteer)",
                    (unsigned)h->version, GAZ_VERSION);
    if (h->header_size != sizeof *h)
        return fail(err, errlen, path, "bad header size %u at byte 16", (unsigned)h->header_size);
    if (h->file_size != g->size)
        return fail(err, errlen, path,
                    "truncated or extended: header says %llu bytes, file has %zu (corrupt from "
                    "byte %llu)",
                    (unsigned long long)h->file_size, g->size,
                    (unsigned long long)(h->file_size < g->size ? h->file_size : g->size));
    if (g->size % 8)
        return fail(err, errlen, path, "size %zu is not a multiple of 8", g->size);

    const uint64_t count[SEC_COUNT] = {h->n_places, 0, h->n_buckets, h->n_postings, 676,
                                       h->n_admin1, h->n_exact};
    uint64_t prev_end = sizeof *h;
    for (int i = 0; i < SEC_COUNT; i++) {
        uint64_t off = h->sec[i].off, size = h->sec[i].size;
        size_t at = offsetof(struct gaz_header, sec) + (size_t)i * 8;
        if (off % 8 || off < prev_end || off > g->size || size > g->size - off)
            return fail(err, errlen, path, "section %d (offset %llu, size %llu) out of bounds "
                        "(header byte %zu)", i, (unsigned long long)off,
                        (unsigned long long)size, at);
        if (i != SEC_STRINGS && size != count[i] * recsz[i])
            return fail(err, errlen, path, "section %d size %llu does not match its count "
                        "(header byte %zu)", i, (unsigned long long)size, at + 4);
        prev_end = off + size;
    }
    const unsigned char *b = g->base;
    g->places = (const struct gaz_place *)(b + h->sec[SEC_PLACES].off);
    g->pool = (const char *)(b + h->sec[SEC_STRINGS].off);
    g->pool_size = h->sec[SEC_STRINGS].size;
    g->buckets = (const struct gaz_bucket *)(b + h->sec[SEC_BUCKETS].off);
    g->postings = (const uint32_t *)(b + h->sec[SEC_POSTINGS].off);
    g->countries = (const uint32_t *)(b + h->sec[SEC_COUNTRIES].off);
    g->admin1 = (const struct gaz_admin1 *)(b + h->sec[SEC_ADMIN1].off);
    g->exact = (const uint32_t *)(b + h->sec[SEC_EXACT].off);

    if (g->pool_size == 0 || g->pool[0] != 0 || g->pool[g->pool_size - 1] != 0)
        return fail(err, errlen, path, "string pool not NUL-terminated (byte %u)",
                    (unsigned)h->sec[SEC_STRINGS].off);
    if (h->n_places > GAZ_PLACE_MASK + 1u)
        return fail(err, errlen, path, "too many places (header byte 40)");
    if (h->n_buckets == 0 || (h->n_buckets & (h->n_buckets - 1)) || h->n_keys >= h->n_buckets)
        return fail(err, errlen, path, "bad hash table size (header byte 44)");
    if (h->max_tokens == 0 || h->max_tokens > GAZ_MAX_TOKENS)
        return fail(err, errlen, path, "bad max_tokens %u (header byte 64)",
                    (unsigned)h->max_tokens);

    return 0;
}

/* Check every record, bucket and posting and the checksum (see geo.h). */
int geo_verify(const geo_gazetteer *g, const char *path, char *err, size_t errlen)
{
    const struct gaz_header *h = g->h;
    size_t base_off = h->sec[SEC_PLACES].off;
    for (uint32_t i = 0; i < h->n_places; i++) {
        const struct gaz_place *p = &g->places[i];
        size_t at = base_off + (size_t)i * sizeof *p;
        if (p->name_off >= g->pool_size || p->admin1_off >= g->pool_size ||
            p->admin2_off >= g->pool_size || p->country_off >= g->pool_size)
            return fail(err, errlen, path, "place %u: string offset out of bounds (byte %zu)",
                        (unsigned)i, at + 16);
        if (p->kind < GEO_CITY || p->kind > GEO_COUNTRY)
            return fail(err, errlen, path, "place %u: bad kind %u (byte %zu)", (unsigned)i,
                        (unsigned)p->kind, at + 32);
        if (p->lat_e6 < -90000000 || p->lat_e6 > 90000000 || p->lon_e6 < -180000000 ||
            p->lon_e6 > 180000000)
            return fail(err, errlen, path, "place %u: coordinates out of range (byte %zu)",
                        (unsigned)i, at + 4);
        if (p->flags & ~GAZ_RECORD_FLAGS)
            return fail(err, errlen, path, "place %u: unknown flags %#x (byte %zu)", (unsigned)i,
                        (unsigned)p->flags, at + 33);
        if (p->cc[0] < 'A' || p->cc[0] > 'Z' || p->cc[1] < 'A' || p->cc[1] > 'Z')
            return fail(err, errlen, path, "place %u: country code is not two letters A-Z (byte %zu)",
                        (unsigned)i, at + 34);
        if (!nul_padded(p->admin1_code, sizeof p->admin1_code))
            return fail(err, errlen, path, "place %u: admin1 code not terminated (byte %zu)",
                        (unsigned)i, at + 36);
    }
    uint32_t used = 0;
    base_off = h->sec[SEC_BUCKETS].off;
    for (uint32_t i = 0; i < h->n_buckets; i++) {
        const struct gaz_bucket *k = &g->buckets[i];
        size_t at = base_off + (size_t)i * sizeof *k;
        if (k->key_off == 0)
            continue;
        used++;
        if (k->key_off >= g->pool_size || g->pool[k->key_off] == 0)
            return fail(err, errlen, path, "bucket %u: bad key offset (byte %zu)", (unsigned)i,
                        at + 4);
        if (k->post_count == 0 || k->post_start > h->n_postings ||
            k->post_count > h->n_postings - k->post_start)
            return fail(err, errlen, path, "bucket %u: postings out of bounds (byte %zu)",
                        (unsigned)i, at + 8);
    }
    if (used != h->n_keys)
        return fail(err, errlen, path, "%u keys in the hash table, header says %u (byte 44)",
                    (unsigned)used, (unsigned)h->n_keys);
    base_off = h->sec[SEC_POSTINGS].off;
    for (uint32_t i = 0; i < h->n_postings; i++) {
        if ((g->postings[i] & GAZ_PLACE_MASK) >= h->n_places)
            return fail(err, errlen, path, "posting %u: place out of bounds (byte %zu)",
                        (unsigned)i, base_off + (size_t)i * 4);
        if ((g->postings[i] >> 24) & ~GAZ_POSTING_FLAGS)
            return fail(err, errlen, path, "posting %u: unknown flags (byte %zu)", (unsigned)i,
                        base_off + (size_t)i * 4 + 3);
    }
    base_off = h->sec[SEC_COUNTRIES].off;
    for (uint32_t i = 0; i < 676; i++)
        if (g->countries[i] != GAZ_NONE && g->countries[i] >= h->n_places)
            return fail(err, errlen, path, "country %u: place out of bounds (byte %zu)",
                        (unsigned)i, base_off + (size_t)i * 4);
    base_off = h->sec[SEC_ADMIN1].off;
    for (uint32_t i = 0; i < h->n_admin1; i++) {
        size_t at = base_off + (size_t)i * sizeof(struct gaz_admin1);
        if (g->admin1[i].place >= h->n_places)
            return fail(err, errlen, path, "admin1 %u: place out of bounds (byte %zu)",
                        (unsigned)i, at + 16);
        if (i > 0 && memcmp(g->admin1[i - 1].key, g->admin1[i].key, 16) >= 0)
            return fail(err, errlen, path, "admin1 index not sorted (byte %zu)", at);
    }
    base_off = h->sec[SEC_EXACT].off;
    for (uint32_t i = 0; i < h->n_exact; i++) {
        size_t at = base_off + (size_t)i * 8;
        if (g->exact[2 * i] >= h->n_postings || g->exact[2 * i + 1] >= g->pool_size ||
            (i > 0 && g->exact[2 * i - 2] >= g->exact[2 * i]))
            return fail(err, errlen, path, "exact-case entry %u bad (byte %zu)", (unsigned)i, at);
    }
    uint64_t sum = gaz_checksum(g->base, g->size);
    if (sum != h->checksum)
        return fail(err, errlen, path,
                    "checksum mismatch (stored %016llx at byte 24, computed %016llx): the "
                    "file is corrupt",
                    (unsigned long long)h->checksum, (unsigned long long)sum);
    return 0;
}

/* ------------------------------------------------------------------ API */

/* Open and validate path (see geo.h). Fails with -1 and a one-line reason in
 * err for: a file that cannot be opened or is not a regular file, one shorter
 * than the header, bad magic/version/byte order, a size that disagrees with the
 * header (truncation), a section out of bounds, an unterminated string pool.
 * Records are checked as lookups reach them (geo_verify checks them all). */
int geo_open(const char *path, geo_gazetteer **out, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = 0;
    if (!out)
        return fail(err, errlen, path ? path : "(null)", "no output pointer");
    *out = NULL;
    if (!path)
        return fail(err, errlen, "(null)", "no path");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(err, errlen, path, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fail(err, errlen, path, "cannot stat: %s", strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return fail(err, errlen, path, "not a regular file");
    }
    size_t size = (size_t)st.st_size;
    if (size < sizeof(struct gaz_header)) {
        close(fd);
        return fail(err, errlen, path, "truncated: %zu bytes, shorter than the %zu-byte header "
                    "(corrupt from byte %zu)", size, sizeof(struct gaz_header), size);
    }
    void *m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    int e = errno;
    close(fd);
    if (m == MAP_FAILED)
        return fail(err, errlen, path, "cannot map: %s", strerror(e));
    geo_gazetteer *g = calloc(1, sizeof *g);
    if (!g) {
        munmap(m, size);
        return fail(err, errlen, path, "out of memory");
    }
    g->base = m;
    g->size = size;
    g->h = (const struct gaz_header *)m;
    if (validate(g, path, err, errlen) != 0) {
        munmap(m, size);
        free(g);
        return -1;
    }
    *out = g;
    return 0;
}

/* Unmap and free g; NULL is a no-op. Strings from lookups die with it. */
void geo_close(geo_gazetteer *g)
{
    if (!g)
        return;
    munmap((void *)g->base, g->size);
    free(g);
}

/* Fill out from place record i and the posting's flags: the record's GEO_F_*
 * bits and the posting's make out->flags, its GAZ_PF_UCDP bit out->source.
 * Returns -1 (out partly written) for an index or record out of bounds. */
static int fill(const geo_gazetteer *g, uint32_t i, unsigned flags, geo_place *out)
{
    if (i >= g->h->n_places)
        return -1;
    const struct gaz_place *p = &g->places[i];
    if (p->name_off >= g->pool_size || p->admin1_off >= g->pool_size || p->admin2_off >= g->pool_size ||
        p->country_off >= g->pool_size || p->kind < GEO_CITY || p->kind > GEO_COUNTRY)
        return -1;
    out->id = i;
    out->geonameid = p->geonameid;
    out->name = g->pool + p->name_off;
    out->admin1 = g->pool + p->admin1_off;
    out->admin2 = g->pool + p->admin2_off;
    out->country = g->pool + p->country_off;
    out->cc[0] = p->cc[0];
    out->cc[1] = p->cc[1];
    out->cc[2] = 0;
    size_t n = strnlen(p->admin1_code, sizeof p->admin1_code);
    if (n < sizeof out->admin1_code) {
        memcpy(out->admin1_code, p->admin1_code, n);
        out->admin1_code[n] = 0;
    } else {
        out->admin1_code[0] = 0;
    }
    out->lat = p->lat_e6 / 1e6;
    out->lon = p->lon_e6 / 1e6;
    out->population = p->population;
    out->kind = p->kind;
    out->flags = (uint8_t)((p->flags & GAZ_PLACE_FLAGS) | flags);
    out->source = (p->flags & GAZ_PF_UCDP) ? GEO_SRC_UCDP : GEO_SRC_GEONAMES;
    return 0;
}

/* Find the bucket of key[0..keylen), or NULL. */
static const struct gaz_bucket *find(const geo_gazetteer *g, const char *key, size_t keylen)
{
    if (!g || !key || keylen == 0)
        return NULL;
    uint64_t hv = fold_hash(key, keylen);
    uint32_t mask = g->h->n_buckets - 1, hi = (uint32_t)(hv >> 32);
    uint32_t i = (uint32_t)hv & mask;
    for (uint32_t probe = 0; probe <= mask; probe++, i = (i + 1) & mask) {
        const struct gaz_bucket *b = &g->buckets[i];
        if (b->key_off == 0)
            return NULL;
        if (b->hash_hi == hi && b->key_off < g->pool_size && keylen < g->pool_size - b->key_off &&
            memcmp(g->pool + b->key_off, key, keylen) == 0 && g->pool[b->key_off + keylen] == 0)
            return b;
    }
    return NULL;
}

/* Candidates for an already folded key, best first (see geo.h). Returns the
 * total number of candidates (0 for an unknown key, a NULL g or an empty key)
 * and writes min(total, max) of them; out may be NULL when max is 0. No
 * allocation, no folding. */
size_t geo_lookup(const geo_gazetteer *g, const char *key, size_t keylen, geo_place *out,
                  size_t max)
{
    const struct gaz_bucket *b = find(g, key, keylen);
    if (!b)
        return 0;
    if (b->post_start > g->h->n_postings || b->post_count > g->h->n_postings - b->post_start)
        return 0; /* corrupt bucket: geo_verify reports it */
    size_t n = 0;
    for (size_t j = 0; j < b->post_count && out && n < max; j++) {
        uint32_t v = g->postings[b->post_start + j];
        if (fill(g, v & GAZ_PLACE_MASK, v >> 24, &out[n]) != 0)
            return n; /* a corrupt record ends the list: geo_verify reports it */
        n++;
    }
    return b->post_count;
}

/* The spelling of a case-sensitive alias ("U.S.") behind candidate place id of
 * key, or NULL when that candidate did not come from an "=ALIAS" line (also
 * for a NULL g, an unknown key or id). */
const char *geo_exact_alias(const geo_gazetteer *g, const char *key, size_t keylen, uint32_t id)
{
    const struct gaz_bucket *b = find(g, key, keylen);
    if (!b)
        return NULL;
    if (b->post_start > g->h->n_postings || b->post_count > g->h->n_postings - b->post_start)
        return NULL;
    for (uint32_t j = 0; j < b->post_count; j++) {
        uint32_t pi = b->post_start + j, v = g->postings[pi];
        if ((v & GAZ_PLACE_MASK) != id || !((v >> 24) & GAZ_F_EXACT_CASE))
            continue;
        size_t lo = 0, hi = g->h->n_exact;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (g->exact[2 * mid] < pi)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < g->h->n_exact && g->exact[2 * lo] == pi && g->exact[2 * lo + 1] < g->pool_size)
            return g->pool + g->exact[2 * lo + 1];
        return NULL;
    }
    return NULL;
}

/* Longest indexed name in tokens (1..64); 0 for a NULL g. */
unsigned geo_max_tokens(const geo_gazetteer *g)
{
    return g ? g->h->max_tokens : 0;
}

/* Country record for an ISO alpha-2 code (either case). -1 for a NULL
 * argument, a malformed code, or a code the file does not hold. */
int geo_country(const geo_gazetteer *g, const char *cc, geo_place *out)
{
    if (!g || !cc || !out)
        return -1;
    int a = cc[0] & ~0x20, b = a ? cc[1] & ~0x20 : 0;
    if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z' || cc[2] != 0)
        return -1;
    uint32_t p = g->countries[(a - 'A') * 26 + (b - 'A')];
    if (p == GAZ_NONE)
        return -1;
    return fill(g, p, 0, out);
}

/* Admin1 record for (cc, GeoNames admin1 code), e.g. ("PK", "05"). -1 for a
 * NULL argument, a code too long to exist, or an unknown pair. */
int geo_admin1(const geo_gazetteer *g, const char *cc, const char *admin1_code, geo_place *out)
{
    if (!g || !cc || !admin1_code || !out)
        return -1;
    char key[16];
    memset(key, 0, sizeof key);
    size_t cl = strnlen(cc, 3), al = strnlen(admin1_code, 13);
    if (cl != 2 || al == 0 || al > 12)
        return -1;
    key[0] = (char)(cc[0] & ~0x20);
    key[1] = (char)(cc[1] & ~0x20);
    key[2] = '.';
    memcpy(key + 3, admin1_code, al);
    size_t lo = 0, hi = g->h->n_admin1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(g->admin1[mid].key, key, 16);
        if (c == 0)
            return fill(g, g->admin1[mid].place, 0, out);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Number of places in the file; 0 for a NULL g. */
size_t geo_count(const geo_gazetteer *g)
{
    return g ? g->h->n_places : 0;
}

/* Haversine great-circle distance in km on a sphere of radius 6371.0088 km
 * (the mean Earth radius). Inputs in degrees; no range checks. */
double geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    const double d = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * d, dlon = (lon2 - lon1) * d;
    double s1 = sin(dlat / 2), s2 = sin(dlon / 2);
    double a = s1 * s1 + cos(lat1 * d) * cos(lat2 * d) * s2 * s2;
    if (a > 1)
        a = 1;
    return 2 * 6371.0088 * asin(sqrt(a));
}
