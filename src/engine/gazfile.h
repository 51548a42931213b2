/*
 * gazfile.h - the binary layout of the gazetteer file: written by tools/gazc,
 * mapped and read by src/engine/geo.c. One definition for both sides; tools/gazc.c's
 * opening comment documents the format in full.
 *
 * All integers little-endian; sections 8-byte aligned; the file size a multiple of 8.
 */
#ifndef TACITUS_GAZFILE_H
#define TACITUS_GAZFILE_H

#include <stdint.h>
#include <string.h>

#include "geo.h"

#define GAZ_MAGIC "TACGAZ1"
#define GAZ_VERSION 2u /* 2: place records may carry GAZ_PF_UCDP */
#define GAZ_BYTE_ORDER 0x01020304u
#define GAZ_NONE 0xFFFFFFFFu
#define GAZ_PLACE_MASK 0x00FFFFFFu /* postings: low 24 bits place index, high 8 bits flags */
#define GAZ_PLACE_MAX GAZ_PLACE_MASK
#define GAZ_MAX_TOKENS 64u

/* Flags stored in the file. Postings carry how a name matched, places what they
 * are. Bit 5 (GEO_F_UNRESOLVED) is the engine's and never appears in the file. */
#define GAZ_F_EXACT_CASE GEO_F_EXACT_CASE
#define GAZ_F_APPROX_POINT GEO_F_APPROX_POINT
#define GAZ_POSTING_FLAGS (GEO_F_DEMONYM | GEO_F_ALTNAME | GEO_F_CURATED | GAZ_F_EXACT_CASE)
#define GAZ_PLACE_FLAGS (GEO_F_CAPITAL | GEO_F_ADMIN_SEAT | GAZ_F_APPROX_POINT)
_Static_assert((GAZ_POSTING_FLAGS & GAZ_PLACE_FLAGS) == 0, "flag bits overlap");
_Static_assert(((GAZ_POSTING_FLAGS | GAZ_PLACE_FLAGS) & GEO_F_UNRESOLVED) == 0, "bit 5 is the engine's");

/* Bits of the place record's flags byte that are not GEO_F_* flags: geo.c strips
 * them from geo_place.flags and reports them in other fields. They may reuse the
 * numbers of posting-only bits, which never appear in a place record.
 * GAZ_PF_UCDP: the place comes from data/ucdp-places.tsv (geo_place.source
 * GEO_SRC_UCDP); in a posting the same bit is GEO_F_DEMONYM. */
#define GAZ_PF_UCDP (1u << 0)
#define GAZ_RECORD_FLAGS (GAZ_PLACE_FLAGS | GAZ_PF_UCDP)
_Static_assert((GAZ_PF_UCDP & (GAZ_PLACE_FLAGS | GEO_F_UNRESOLVED)) == 0, "GAZ_PF_UCDP overlaps");

enum { SEC_PLACES, SEC_STRINGS, SEC_BUCKETS, SEC_POSTINGS, SEC_COUNTRIES, SEC_ADMIN1,
       SEC_EXACT, SEC_COUNT };

struct gaz_header {
    char magic[8];
    uint32_t version;
    uint32_t byte_order;
    uint32_t header_size;
    uint32_t reserved0;
    uint64_t checksum; /* at byte 24; counted as zero when checksumming */
    uint64_t file_size;
    uint32_t n_places, n_keys, n_buckets, n_postings;
    uint32_t n_admin1, n_exact, max_tokens, reserved1;
    struct { uint32_t off, size; } sec[SEC_COUNT];
};

struct gaz_place {
    uint32_t geonameid;
    int32_t lat_e6, lon_e6; /* microdegrees */
    uint32_t population;
    uint32_t name_off, admin1_off, admin2_off, country_off;
    uint8_t kind, flags;
    char cc[2];
    char admin1_code[12]; /* NUL-padded, at least one NUL */
};

struct gaz_bucket {
    uint32_t hash_hi; /* fold_hash(key) >> 32 */
    uint32_t key_off;
    uint32_t post_start, post_count;
};

struct gaz_admin1 {
    char key[16];
    uint32_t place;
};

_Static_assert(sizeof(struct gaz_header) == 128, "header layout");
_Static_assert(sizeof(struct gaz_place) == 48, "place layout");
_Static_assert(sizeof(struct gaz_bucket) == 16, "bucket layout");
_Static_assert(sizeof(struct gaz_admin1) == 20, "admin1 layout");

/* The checksum: FNV-style over little-endian 64-bit words of the whole file
 * (its size is a multiple of 8), with the checksum field (word 3) read as 0. */
static inline uint64_t gaz_checksum(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (i == 24)
            w = 0;
        h = (h ^ w) * 1099511628211ULL;
    }
    return h;
}

#endif
