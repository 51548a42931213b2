/*
 * formats.h - writing incidents (the store's reconciled events) in the formats
 * other tools load without editing: JSON Lines, a flat CSV, GeoJSON, ACLED-style
 * CSV, GTD-style CSV and CAMEO/Phoenix-style TSV. Part of the export stage.
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

/* Start writing format f to out (the header row, or GeoJSON's opening).
 * NULL when out of memory. */
incident_writer *incident_writer_new(enum export_format f, FILE *out);

/* Write one incident. Returns 0, or -1 when out could not be written (errno set). */
int incident_writer_add(incident_writer *w, json_t *incident);

/* Finish (GeoJSON's closing bracket), flush and free. Returns 0, or -1 when a
 * write failed at any point. w may be NULL. */
int incident_writer_finish(incident_writer *w);

#endif
