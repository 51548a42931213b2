/*
 * actor_codes.c - CAMEO actor codes from the data folder's code tables (see
 * actor_codes.h). The tables are small (a few hundred lines) and read once;
 * the engine resolves each dictionary entry's code at load time, so coding a
 * document only joins a country and a role.
 */
#include "actor_codes.h"
#include "lexicon.h"
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct code_pair {
    char *key;                  /* a name, a name template or an ACLED type */
    char code[CAMEO_CODE_MAX];  /* its code or role */
    size_t line;                /* its place in the file: the first of equal keys wins */
} code_pair;

typedef struct pair_list {
    code_pair *v;
    size_t n, cap;
} pair_list;

struct cameo_codebook {
    pair_list named; /* cameo-actors.txt */
    pair_list roles; /* cameo-roles.txt */
    char alpha3[26 * 26][4]; /* by alpha-2: ('A'..'Z')^2 */
};

/* See actor_codes.h. */
int cameo_code_ok(const char *c, size_t min, size_t max)
{
    size_t n = strlen(c);
    if (n < min || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= '0' && c[i] <= '9')))
            return 0;
    return 1;
}

/* Append key -> code to l. Returns 0, or -1 when out of memory. */
static int pair_add(pair_list *l, const char *key, const char *code)
{
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        code_pair *v = realloc(l->v, nc * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = nc;
    }
    code_pair *p = &l->v[l->n];
    if (!(p->key = strdup(key)))
        return -1;
    snprintf(p->code, sizeof p->code, "%s", code);
    p->line = l->n++;
    return 0;
}

/* Read one "KEY | CODE" line of path into l. Returns 0, or -1 with the reason. */
static int pair_line(pair_list *l, char *s, const char *path, unsigned lineno, char *err, size_t errlen)
{
    char *bar = strchr(s, '|');
    if (!bar || strchr(bar + 1, '|')) {
        snprintf(err, errlen, "%s:%u: expected 'NAME | CODE'", path, lineno);
        return -1;
    }
    *bar = '\0';
    char *key = lexicon_trim(s), *code = lexicon_trim(bar + 1);
    if (!*key || !cameo_code_ok(code + (code[0] == '='), 3, CAMEO_CODE_MAX - 2)) {
        snprintf(err, errlen, "%s:%u: expected a name and a CAMEO code of 3-15 capitals, got '%s'", path,
                 lineno, code);
        return -1;
    }
    if (pair_add(l, key, code) < 0) {
        snprintf(err, errlen, "%s:%u: out of memory", path, lineno);
        return -1;
    }
    return 0;
}

/* Read one countries.tsv line "A2 <tab> A3 <tab> ..." into the alpha-3 table. */
static int country_line(cameo_codebook *cb, char *s, const char *path, unsigned lineno, char *err, size_t errlen)
{
    if (strlen(s) < 6 || s[2] != '\t' || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' ||
        (s[6] != '\t' && s[6] != '\0')) {
        snprintf(err, errlen, "%s:%u: expected 'ALPHA-2 <tab> ALPHA-3 ...'", path, lineno);
        return -1;
    }
    memcpy(cb->alpha3[(s[0] - 'A') * 26 + (s[1] - 'A')], s + 3, 3);
    return 0;
}

/* Read every line of data_dir/file that is neither blank nor a '#' comment
 * (kind 0: into named, 1: into roles, 2: countries). A missing file is none. */
static int read_table(cameo_codebook *cb, const char *data_dir, const char *file, int kind, char *err,
                      size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", data_dir, file);
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) >= 0) {
        lineno++;
        char *s = kind == 2 ? line : lexicon_trim(line);
        if (kind == 2)
            s[strcspn(s, "\r\n")] = '\0';
        if (*s == '\0' || *s == '#')
            continue;
        rc = kind == 2 ? country_line(cb, s, path, lineno, err, errlen)
                       : pair_line(kind ? &cb->roles : &cb->named, s, path, lineno, err, errlen);
    }
    free(line);
    fclose(f);
    return rc;
}

/* Order of code pairs: by key, then by line. */
static int pair_cmp(const void *a, const void *b)
{
    const code_pair *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Sort the named codes for bsearch, keeping the first line of each name. */
static void sort_named(pair_list *l)
{
    if (l->n)
        qsort(l->v, l->n, sizeof *l->v, pair_cmp);
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (kept && strcmp(l->v[kept - 1].key, l->v[i].key) == 0) {
            free(l->v[i].key);
            continue;
        }
        l->v[kept++] = l->v[i];
    }
    l->n = kept;
}

/* See actor_codes.h. */
cameo_codebook *cameo_codebook_load(const char *data_dir, char *err, size_t errlen)
{
    cameo_codebook *cb = calloc(1, sizeof *cb);
    if (!cb) {
        snprintf(err, errlen, "out of memory loading the CAMEO code tables");
        return NULL;
    }
    if (read_table(cb, data_dir, "cameo-actors.txt", 0, err, errlen) < 0 ||
        read_table(cb, data_dir, "cameo-roles.txt", 1, err, errlen) < 0 ||
        read_table(cb, data_dir, "countries.tsv", 2, err, errlen) < 0) {
        cameo_codebook_free(cb);
        return NULL;
    }
    sort_named(&cb->named);
    return cb;
}

/* See actor_codes.h; cb may be NULL. */
void cameo_codebook_free(cameo_codebook *cb)
{
    if (!cb)
        return;
    for (size_t i = 0; i < cb->named.n; i++)
        free(cb->named.v[i].key);
    for (size_t i = 0; i < cb->roles.n; i++)
        free(cb->roles.v[i].key);
    free(cb->named.v);
    free(cb->roles.v);
    free(cb);
}

/* See actor_codes.h. */
const char *cameo_named_code(const cameo_codebook *cb, const char *name)
{
    size_t lo = 0, hi = cb && name ? cb->named.n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(cb->named.v[mid].key, name);
        if (c == 0)
            return cb->named.v[mid].code;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* See actor_codes.h. */
int cameo_name_fits(const char *name, const char *name_template)
{
    const char *pct = name_template ? strstr(name_template, "%s") : NULL;
    if (!name || !pct)
        return 0;
    size_t pre = (size_t)(pct - name_template), post = strlen(pct + 2), n = strlen(name);
    return n > pre + post && strncmp(name, name_template, pre) == 0 && strcmp(name + n - post, pct + 2) == 0;
}

/* See actor_codes.h. */
const char *cameo_role_of(const cameo_codebook *cb, const char *name, const char *type)
{
    for (size_t i = 0; cb && name && i < cb->roles.n; i++)
        if (cameo_name_fits(name, cb->roles.v[i].key))
            return cb->roles.v[i].code;
    for (size_t i = 0; cb && type && i < cb->roles.n; i++)
        if (strcmp(cb->roles.v[i].key, type) == 0)
            return cb->roles.v[i].code;
    return NULL;
}

/* See actor_codes.h. */
const char *cameo_alpha3(const cameo_codebook *cb, const char *cc)
{
    if (!cb || !cc || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z' || cc[2])
        return NULL;
    const char *a3 = cb->alpha3[(cc[0] - 'A') * 26 + (cc[1] - 'A')];
    return a3[0] ? a3 : NULL;
}

/* 1 when s is non-NULL and equal to t. */
static int eq(const char *s, const char *t) { return s && strcmp(s, t) == 0; }

/* See actor_codes.h. */
const char *cameo_actor_code(const cameo_codebook *cb, const cameo_actor_in *in, char *buf, size_t cap)
{
    buf[0] = '\0';
    const char *listed = in->listed && in->listed[0] ? in->listed
                         : in->dictionary_entry ? NULL
                                                : cameo_named_code(cb, in->name);
    if (listed) {
        snprintf(buf, cap, "%s", listed);
        return buf;
    }
    const char *role = in->role && in->role[0] ? in->role : cameo_role_of(cb, in->name, in->type);
    const char *first = NULL;
    if (role && role[0] == '=') { /* a whole code, without the country ("=IGOMIL") */
        snprintf(buf, cap, "%s", role + 1);
        return buf;
    }
    if (!role && in->title_sector) {
        role = in->title_sector;
        if (in->title_international && (eq(role, "UNO") || eq(role, "NGO") || eq(role, "IGO")))
            first = eq(role, "UNO") || eq(role, "IGO") ? "IGO" : "NGO";
    }
    const char *cc = in->cc && in->cc[0] ? in->cc : NULL;
    if (!first && !cc && eq(in->type, "external/other forces"))
        first = "IGO";
    if (!first && !cc && in->title_international)
        return NULL; /* a foreign official ("Western diplomats") is not of the event's country */
    if (!first)
        first = cameo_alpha3(cb, cc ? cc : in->event_cc);
    if (!first)
        return NULL;
    snprintf(buf, cap, "%s%s", first, role && strcmp(role, first) != 0 ? role : "");
    return buf;
}

/* See actor_codes.h. */
const char *actor_ref_code(const lexicon *lx, const actor_ref *a, const char *event_cc, char *buf, size_t cap)
{
    cameo_actor_in in = {.name = a->name, .type = actor_type_name(a->type), .cc = a->cc, .event_cc = event_cc};
    const lex_actor *named = a->actor_id >= 0 ? lexicon_actor(lx, a->actor_id) : NULL;
    const lex_agent *agent = a->agent_id >= 0 ? lexicon_agent(lx, a->agent_id) : NULL;
    in.dictionary_entry = named || agent; /* cameo-actors.txt was read into the entry */
    if (named)
        in.listed = named->code;
    if (agent)
        in.role = agent->role;
    const cameo_codebook *cb = lexicon_codes(lx);
    if (!named && !agent && a->name && !(in.role = cameo_role_of(cb, a->name, in.type)) &&
        !cameo_named_code(cb, a->name)) {
        const lex_title *t = lexicon_title_named(lx, a->name);
        if (t) {
            in.title_sector = t->sector[0] ? t->sector : NULL;
            in.title_international = t->type == TT_INTERNATIONAL;
        }
    }
    return cameo_actor_code(cb, &in, buf, cap);
}
