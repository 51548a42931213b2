/*
 * export_codes.c - the exports' lookup tables (see export_codes.h), read from
 * the data folder into one list of split lines: each line keeps its kind
 * ("publisher", "note-verb", ...; "country" for data/countries.tsv,
 * "title" for data/titles.txt) and up
 * to five fields. The tables
 * are small (a few hundred lines), so lookups scan the list.
 */
#include "export_codes.h"
#include "incident.h" /* inc_url_site */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef TACITUS_DEFAULT_DATA
#define TACITUS_DEFAULT_DATA "data" /* the build sets the installed folder (Makefile DEFS) */
#endif

#define MAX_FIELDS 5

typedef struct code_line {
    char *text;                  /* the line, split in place */
    const char *kind;            /* "country", "title" or the first field */
    const char *f[MAX_FIELDS];   /* the fields after the kind */
    int nf;
} code_line;

struct export_codes {
    code_line *lines;
    size_t n, cap;
    country_codes *countries; /* views of the "country" lines, in file order */
    size_t ncountries;
    cameo_codebook *cameo; /* data/cameo-actors.txt, cameo-roles.txt (actor_codes.h) */
};

/* Split s in place at every occurrence of sep into at most max fields (the last
 * keeps the rest), trimming spaces around each. Returns the number of fields. */
static int split_fields(char *s, const char *sep, const char **out, int max)
{
    int n = 0;
    size_t seplen = strlen(sep);
    while (n < max) {
        char *end = n + 1 < max ? strstr(s, sep) : NULL;
        if (end)
            *end = '\0';
        while (*s == ' ')
            s++;
        size_t len = strlen(s);
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
            s[--len] = '\0';
        out[n++] = s;
        if (!end)
            break;
        s = end + seplen;
    }
    return n;
}

/* Append one line (already without its newline) of a file; kind NULL takes the
 * kind from the first field. Returns 0, or -1 when out of memory or when the
 * line has fewer than min fields (err says which line). */
static int add_line(export_codes *c, const char *line, const char *kind, const char *sep, int min,
                    const char *path, long lineno, char *err, size_t errcap)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 512;
        code_line *v = realloc(c->lines, cap * sizeof *v);
        if (!v)
            return snprintf(err, errcap, "out of memory"), -1;
        c->lines = v, c->cap = cap;
    }
    code_line *l = &c->lines[c->n];
    memset(l, 0, sizeof *l);
    if (!(l->text = strdup(line)))
        return snprintf(err, errcap, "out of memory"), -1;
    const char *all[MAX_FIELDS + 1];
    int n = split_fields(l->text, sep, all, MAX_FIELDS + 1);
    int first = kind ? 0 : 1;
    l->kind = kind ? kind : all[0];
    for (int i = first; i < n; i++)
        l->f[l->nf++] = all[i];
    c->n++;
    if (l->nf < min)
        return snprintf(err, errcap, "%s:%ld: expected %d fields", path, lineno, min + first), -1;
    return 0;
}

/* Read every line of dir/name that is neither blank nor a '#' comment.
 * Returns 0, or -1 with err set. */
static int load_file(export_codes *c, const char *dir, const char *name, const char *kind, const char *sep,
                     int min, char *err, size_t errcap)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        return snprintf(err, errcap, "%s: %s", path, strerror(errno)), -1;
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
            continue;
        rc = add_line(c, line, kind, sep, min, path, lineno, err, errcap);
    }
    free(line);
    fclose(f);
    return rc;
}

/* Views of the country lines, for export_country. Returns 0, or -1 when out of memory. */
static int index_countries(export_codes *c)
{
    c->countries = calloc(c->n ? c->n : 1, sizeof *c->countries);
    if (!c->countries)
        return -1;
    for (size_t i = 0; i < c->n; i++) {
        const code_line *l = &c->lines[i];
        if (strcmp(l->kind, "country") == 0)
            c->countries[c->ncountries++] = (country_codes){l->f[0], l->f[1], l->f[2], l->f[3], l->f[4]};
    }
    return 0;
}

/* See export_codes.h. */
export_codes *export_codes_load(const char *data_dir, char *err, size_t errcap)
{
    const char *env = getenv("TACITUS_DATA");
    const char *dir = data_dir ? data_dir : (env && *env) ? env : TACITUS_DEFAULT_DATA;
    export_codes *c = calloc(1, sizeof *c);
    if (errcap)
        err[0] = '\0';
    if (!c) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    if (load_file(c, dir, "countries.tsv", "country", "\t", 5, err, errcap) < 0 ||
        load_file(c, dir, "export-codes.txt", NULL, " | ", 1, err, errcap) < 0 ||
        load_file(c, dir, "titles.txt", "title", " | ", 3, err, errcap) < 0 ||
        index_countries(c) < 0 || !(c->cameo = cameo_codebook_load(dir, err, errcap))) {
        if (!c->countries && !err[0])
            snprintf(err, errcap, "out of memory");
        export_codes_free(c);
        return NULL;
    }
    return c;
}

/* See export_codes.h. */
void export_codes_free(export_codes *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->lines[i].text);
    free(c->lines);
    free(c->countries);
    cameo_codebook_free(c->cameo);
    free(c);
}

/* The first line of kind whose field k equals key (NULL key: none). */
static const code_line *find(const export_codes *c, const char *kind, int k, const char *key)
{
    for (size_t i = 0; key && i < c->n; i++) {
        const code_line *l = &c->lines[i];
        if (l->nf > k && strcmp(l->kind, kind) == 0 && strcmp(l->f[k], key) == 0)
            return l;
    }
    return NULL;
}

/* See export_codes.h. */
const country_codes *export_country(const export_codes *c, const char *alpha2)
{
    for (size_t i = 0; alpha2 && i < c->ncountries; i++)
        if (strcmp(c->countries[i].alpha2, alpha2) == 0)
            return &c->countries[i];
    return NULL;
}

/* The host of a URL without "www." into buf (lower case); "" when key is not a URL. */
static const char *url_host(const char *url, char *buf, size_t cap)
{
    const char *p;
    size_t n;
    buf[0] = '\0';
    if (!inc_url_site(url, &p, &n))
        return buf;
    if (n >= cap)
        n = cap - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)p[i]);
    buf[n] = '\0';
    return buf;
}

/* See export_codes.h. A host matches a listed site or any parent domain of it. */
const char *export_publisher(const export_codes *c, const char *key, const char **scale)
{
    if (!key)
        return NULL;
    char host[256];
    const char *h = url_host(key, host, sizeof host);
    if (!h[0]) /* a site or a name as given: "news.bbc.co.uk", "voa" */
        h = key;
    const code_line *l = find(c, "publisher", 0, h);
    for (const char *dot = h; !l && (dot = strchr(dot, '.')) != NULL; dot++)
        l = find(c, "publisher", 0, dot + 1);
    if (!l || l->nf < 3)
        return NULL;
    if (scale)
        *scale = l->f[2];
    return l->f[1];
}

/* See export_codes.h. */
const default_actor *export_default_actor(const export_codes *c, int which, const char *event_type,
                                          const char *sub_event_type)
{
    static default_actor found; /* fields point into c; one lookup at a time */
    const char *kind = which == 2 ? "acled-actor2" : "acled-actor1";
    const code_line *l = find(c, kind, 0, sub_event_type);
    if (!l)
        l = find(c, kind, 0, event_type);
    if (!l || l->nf < 3)
        return NULL;
    found = (default_actor){l->f[1], l->f[2]};
    return &found;
}

/* See export_codes.h. */
const cameo_codebook *export_cameo_codebook(const export_codes *c) { return c->cameo; }

/* See export_codes.h. */
int export_has_word(const char *text, const char *word)
{
    size_t n = word ? strlen(word) : 0;
    for (const char *p = text; n && p && *p; p++) {
        if (p != text && isalnum((unsigned char)p[-1]))
            continue;
        if (strncasecmp(p, word, n) == 0 && !isalnum((unsigned char)p[n]))
            return 1;
    }
    return 0;
}

/* 1 when one of the "; "-separated words of list occurs in text ("*": always). */
static int any_word(const char *list, const char *text)
{
    if (strcmp(list, "*") == 0)
        return 1;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *w = strtok_r(buf, ";", &save); w; w = strtok_r(NULL, ";", &save)) {
        while (*w == ' ')
            w++;
        if (text && export_has_word(text, w))
            return 1;
    }
    return 0;
}

/* See export_codes.h. */
const char *export_target_subtype(const export_codes *c, const char *target_type, const char *text)
{
    for (size_t i = 0; target_type && i < c->n; i++) {
        const code_line *l = &c->lines[i];
        if (l->nf >= 3 && strcmp(l->kind, "gtd-target-subtype") == 0 && strcmp(l->f[0], target_type) == 0 &&
            any_word(l->f[1], text))
            return l->f[2];
    }
    return NULL;
}

/* See export_codes.h. A CAMEO key matches the code's prefix ("1832" matches "18321"). */
const char *export_weapon_subtype(const export_codes *c, const char *weapon, const char *sub_event_type,
                                  const char *cameo)
{
    for (size_t i = 0; weapon && i < c->n; i++) {
        const code_line *l = &c->lines[i];
        if (l->nf < 3 || strcmp(l->kind, "gtd-weapon-subtype") != 0 || strcmp(l->f[0], weapon) != 0)
            continue;
        const char *k = l->f[1];
        if (strcmp(k, "*") == 0 || (sub_event_type && strcmp(k, sub_event_type) == 0) ||
            (cameo && isdigit((unsigned char)k[0]) && strncmp(cameo, k, strlen(k)) == 0))
            return l->f[2];
    }
    return NULL;
}

/* See export_codes.h. */
int export_attacker_word(const export_codes *c, const char *word)
{
    for (size_t i = 0; word && i < c->n; i++)
        if (c->lines[i].nf >= 1 && strcmp(c->lines[i].kind, "attacker-word") == 0 &&
            strcasecmp(c->lines[i].f[0], word) == 0)
            return 1;
    return 0;
}

/* See export_codes.h. */
const char *export_note_verb(const export_codes *c, const char *event_type, const char *sub_event_type,
                             int with_object)
{
    const code_line *l = find(c, "note-verb", 0, sub_event_type);
    if (!l)
        l = find(c, "note-verb", 0, event_type);
    if (!l || l->nf < 3)
        return NULL;
    return with_object ? l->f[1] : l->f[2];
}

/* See export_codes.h. */
const char *export_title_sector(const export_codes *c, const char *name, const char **kind)
{
    size_t n = name ? strlen(name) : 0;
    for (size_t i = 0; n && i < c->n; i++) {
        const code_line *l = &c->lines[i];
        if (l->nf >= 3 && strcmp(l->kind, "title") == 0 && strncasecmp(l->f[0], name, n) == 0 &&
            (l->f[0][n] == ';' || l->f[0][n] == '\0')) {
            if (kind)
                *kind = l->f[1];
            return l->f[2];
        }
    }
    return NULL;
}
