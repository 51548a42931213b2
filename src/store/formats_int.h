/*
 * formats_int.h - what the export writers share inside the export stage:
 * the writer's state, the accessors over an incident object and the field
 * writers (formats.c), and the codebook rows (formats_codebook.c: ACLED, GTD,
 * CAMEO/Phoenix). Not part of the store's interface: include formats.h.
 */
#ifndef TACITUS_FORMATS_INT_H
#define TACITUS_FORMATS_INT_H

#include <jansson.h>
#include <stdio.h>

#include "export_codes.h"
#include "formats.h"

/* Why a format leaves an incident out (its codebook's rules); see left_names in formats.c. */
enum left_reason {
    LEFT_NO_EVENT_TYPE, LEFT_NO_PLACE, LEFT_COUNTRY_ONLY, LEFT_VAGUE_DATE, LEFT_NO_ACTOR,
    LEFT_NOT_ATTACK, LEFT_NO_CAMEO, LEFT_UNDATED, LEFT_NO_POINT, LEFT_MAX
};

struct incident_writer {
    enum export_format fmt;
    FILE *out;
    int failed;
    long count;               /* incidents given to incident_writer_add */
    long written;             /* rows written (GTD: rows to write at finish) */
    long left[LEFT_MAX];      /* incidents left out, by reason */
    long left_fatalities;     /* their killed figures, summed */
    export_codes *codes;      /* the data tables (ACLED, GTD, CAMEO only) */
    json_t *held;             /* GTD: the rows' incidents, written at finish */
    json_t *seqs;             /* GTD eventid: the last number given within each YYYYMMDD */
};

/* ---- accessors (formats.c); o may be anything, missing keys give NULL/0 ---- */

/* The string at o[a] or o[a][b], or NULL when missing or not a string. */
const char *fmt_str(json_t *o, const char *a, const char *b);
/* 1 when o[a] or o[a][b] is a number. */
int fmt_has_num(json_t *o, const char *a, const char *b);
/* The number at o[a] or o[a][b]; 0.0 when missing or not a number. */
double fmt_num(json_t *o, const char *a, const char *b);
/* Number as text into buf ("" when absent). decimals < 0: an integer. */
const char *fmt_numtxt(char *buf, size_t cap, json_t *o, const char *a, const char *b, int decimals);
/* Items of an array of strings (or of objects' key) joined by sep into buf. */
const char *fmt_joined(char *buf, size_t cap, json_t *arr, const char *key, const char *sep);
/* 1 when s and t are both non-NULL and equal. */
int fmt_eq(const char *s, const char *t);

/* ---- output (formats.c); failures are left in w->failed ---- */

typedef void (*field_fn)(incident_writer *w, const char *s, int first);
/* One CSV field (RFC 4180 quoting). */
void fmt_csv_field(incident_writer *w, const char *s, int first);
/* One TSV field (tabs and line breaks become spaces). */
void fmt_tsv_field(incident_writer *w, const char *s, int first);
/* One line of n columns through f (NULL is an empty field), then a newline. */
void fmt_row(incident_writer *w, field_fn f, const char *const *cols, int n);

/* Count o as left out of the format for reason r (with its killed figure). */
void fmt_leave_out(incident_writer *w, json_t *o, enum left_reason r);

/* ---- the codebook formats (formats_codebook.c) ---- */

extern const char *const fmt_acled_cols[];
extern const int fmt_acled_ncols;
extern const char *const fmt_gtd_cols[];
extern const int fmt_gtd_ncols;
extern const char *const fmt_cameo_cols[];
extern const int fmt_cameo_ncols;

/* One ACLED row, or the incident left out (counted). */
void fmt_add_acled(incident_writer *w, json_t *o);
/* Hold one GTD incident for fmt_finish_gtd, or leave it out (counted). */
void fmt_add_gtd(incident_writer *w, json_t *o);
/* Write the held GTD rows (multiple is known once all are seen) and release them. */
void fmt_finish_gtd(incident_writer *w);
/* One CAMEO/Phoenix line, or the incident left out (counted). */
void fmt_add_cameo(incident_writer *w, json_t *o);

/* One sentence telling the incident: when (with_date 1), where, who did what to
 * whom, the figures and who gave them, the claim. actor1/actor2 are the names
 * to use (NULL: the incident's). Into buf; returns buf. */
const char *fmt_note(const export_codes *c, json_t *o, const char *actor1, const char *actor2, int with_date,
                     char *buf, size_t cap);

#endif
