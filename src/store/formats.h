/*
 * formats.h - writing incidents (the store's reconciled events) in the formats
 * other tools load without editing: JSON Lines, a flat CSV, GeoJSON, ACLED-style
 * CSV, GTD-style CSV and CAMEO/Phoenix-style TSV. Part of the export stage.
 * Each format follows its codebook (docs/formats.md): an incident the codebook
 * would not record (ACLED: no country-only place, no year-only date; GeoJSON: no
 * point without coordinates or a date) is left out and counted
 * (incident_writer_left_out).
 *
 * Input: one JSON object per incident, as the store yields it:
 *   {"id": "INC-...", <the engine's event fields, reconciled: event_type,
 *    sub_event_type, cameo, attack_type, attack_type2, kind, background, date,
 *    location, actor1, actor2, target, killed, wounded, kidnapped, arrested,
 *    weapons, suicide, claimed_by, suspected, sources>,
 *    "documents": [doc ids], "urls": [strings], "first_reported": "YYYY-MM-DD"|null,
 *    "last_reported": ..., "notes": string|null}
 * Missing keys are treated as null.
 */
#ifndef TACITUS_FORMATS_H
#define TACITUS_FORMATS_H

#include <jansson.h>
#include <stdio.h>

enum export_format { EXP_JSONL = 0, EXP_CSV, EXP_GEOJSON, EXP_ACLED, EXP_GTD, EXP_CAMEO, EXP_FORMAT_MAX };

/* The format named s ("jsonl", "csv", "geojson", "acled", "gtd", "cameo"), or -1. */
int export_format_parse(const char *s);

typedef struct incident_writer incident_writer;

/* How to write. */
typedef struct export_options {
    const char *data_dir; /* the tables of export_codes.h; NULL: $TACITUS_DATA, else the built-in folder */
    int bom;              /* start with a UTF-8 byte order mark (CSV and TSV formats only) */
} export_options;

/* Start writing format f to out (the BOM when asked, the header row, or
 * GeoJSON's opening); opt may be NULL (defaults). ACLED, GTD and CAMEO load
 * their tables from the data folder. NULL with a message in err when a table
 * cannot be read, when a BOM is asked of a JSON format, or when out of memory. */
incident_writer *incident_writer_open(enum export_format f, FILE *out, const export_options *opt, char *err,
                                      size_t errcap);

/* incident_writer_open with the default options, no message. */
incident_writer *incident_writer_new(enum export_format f, FILE *out);

/* Write one incident. Returns 0, or -1 when out could not be written (errno set). */
int incident_writer_add(incident_writer *w, json_t *incident);

/* The incidents the format left out so far, as one line into buf ("acled: 12 of 40
 * incidents written; left out: 9 located only to a country, 3 undated or dated
 * only to a year; 17 killed in those"); "" when none. Returns how many were left out. */
long incident_writer_left_out(const incident_writer *w, char *buf, size_t cap);

/* Finish (GeoJSON's closing bracket, GTD's held rows), flush and free. Returns 0, or -1 when a
 * write failed at any point. w may be NULL. */
int incident_writer_finish(incident_writer *w);

#endif
