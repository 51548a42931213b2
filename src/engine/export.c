/*
 * export.c - JSON Lines and pretty output of coded documents (see export.h).
 * The JSON is written by hand into a reusable buffer: the field order is the
 * contract's, and no per-field allocation happens.
 */
#include "export.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "fold.h"
#include "resolve.h"

/* An empty buffer; no memory is taken until the first write. */
void ob_init(outbuf *b) { memset(b, 0, sizeof *b); }

/* Free the memory and leave b empty, ready to be used again. */
void ob_free(outbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* Empty b and clear b->failed, keeping the memory for the next document. */
void ob_reset(outbuf *b)
{
    b->len = 0;
    b->failed = 0;
    if (b->p)
        b->p[0] = '\0';
}

/* Make room for n more bytes and a NUL. Returns 1, or 0 with b->failed set
 * when realloc fails. */
static int ob_reserve(outbuf *b, size_t n)
{
    if (b->len + n + 1 <= b->cap)
        return 1;
    size_t nc = b->cap ? b->cap : 4096;
    while (nc < b->len + n + 1)
        nc *= 2;
    char *q = realloc(b->p, nc);
    if (!q) {
        b->failed = 1;
        return 0;
    }
    b->p = q;
    b->cap = nc;
    return 1;
}

/* ob_put when b has no room: grow it first (see export.h). */
void ob_put_slow(outbuf *b, const char *s, size_t n)
{
    if (!ob_reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* ob_put of a NUL-terminated string. */
void ob_puts(outbuf *b, const char *s) { ob_put(b, s, strlen(s)); }

/* Append printf-style output of any length. An encoding error appends nothing;
 * out of memory sets b->failed. */
void ob_printf(outbuf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        ob_put(b, tmp, (size_t)n);
        return;
    }
    if (!ob_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Append a signed integer in decimal (the JSON writer's hot path: no printf). */
static void ob_int(outbuf *b, int64_t v)
{
    char tmp[24];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[sizeof tmp - 1 - n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[sizeof tmp - 1 - n++] = '-';
    ob_put(b, tmp + sizeof tmp - n, (size_t)n);
}

/* Append a number with exactly four decimals (coordinates), rounded half away
 * from zero. */
static void ob_fixed4(outbuf *b, double v)
{
    int64_t scaled = (int64_t)(v * 10000.0 + (v < 0 ? -0.5 : 0.5));
    if (scaled < 0) {
        ob_put(b, "-", 1);
        scaled = -scaled;
    }
    ob_int(b, scaled / 10000);
    char frac[5];
    int64_t f = scaled % 10000;
    for (int i = 3; i >= 0; i--) {
        frac[i + 1] = (char)('0' + f % 10);
        f /= 10;
    }
    frac[0] = '.';
    ob_put(b, frac, 5);
}

/* Append YYYY-MM-DD. */
static void ob_date(outbuf *b, int y, int m, int d)
{
    char t[10] = {(char)('0' + (y / 1000) % 10), (char)('0' + (y / 100) % 10), (char)('0' + (y / 10) % 10),
                  (char)('0' + y % 10), '-', (char)('0' + m / 10), (char)('0' + m % 10), '-',
                  (char)('0' + d / 10), (char)('0' + d % 10)};
    ob_put(b, t, 10);
}

/* Bytes that go into a JSON string as they are: printable ASCII but '"' and '\\'. */
static const unsigned char json_plain[256] = {
    [' '] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['('] = 1,
    [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, ['0'] = 1,
    ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
    ['9'] = 1, [':'] = 1, [';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1, ['@'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1, ['['] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['a'] = 1,
    ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
    ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1,
    ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1, [0x7f] = 1,
};

/* See export.h. Out of memory sets b->failed and may leave the literal
 * unfinished. */
void ob_json_str(outbuf *b, const char *s, size_t n)
{
    if (b->len + n + 3 > b->cap && !ob_reserve(b, n + 2))
        return;
    ob_put(b, "\"", 1);
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < n) {
        while (i < n && json_plain[u[i]])
            i++;
        if (i >= n)
            break;
        unsigned char c = u[i];
        const char *esc = NULL;
        char tmp[8];
        size_t k = 1;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20) {
            snprintf(tmp, sizeof tmp, "\\u%04x", c);
            esc = tmp;
        } else {
            k = utf8_valid_seq(u + i, n - i);
            if (k == 0) {
                esc = "\xEF\xBF\xBD";
                k = 1;
            }
        }
        if (esc) {
            ob_put(b, s + run, i - run);
            ob_puts(b, esc);
            i += k;
            run = i;
        } else {
            i += k;
        }
    }
    ob_put(b, s + run, n - run);
    ob_put(b, "\"", 1);
}

/* See export.h. */
void ob_json_cstr(outbuf *b, const char *s)
{
    if (!s)
        ob_lit(b, "null");
    else
        ob_json_str(b, s, strlen(s));
}

/* ------------------------------------------------------------------ */

/* "{\"field\":\"NAME\"," of each evidence field (enum field order), its
 * length known: an evidence entry is written without escaping a constant. */
#define FIELD_LIT(name) {"{\"field\":\"" name "\",", sizeof("{\"field\":\"" name "\",") - 1}
static const struct { const char *s; size_t n; } field_lits[F_FIELD_MAX] = {
    FIELD_LIT("trigger"), FIELD_LIT("event_type"), FIELD_LIT("date"), FIELD_LIT("location"),
    FIELD_LIT("actor1"), FIELD_LIT("actor2"), FIELD_LIT("target"), FIELD_LIT("killed"),
    FIELD_LIT("wounded"), FIELD_LIT("kidnapped"), FIELD_LIT("arrested"), FIELD_LIT("weapons"),
    FIELD_LIT("suicide"), FIELD_LIT("claimed_by"), FIELD_LIT("suspected"), FIELD_LIT("sources"),
    FIELD_LIT("plover_context")};

static const char *const precision_names[] = {NULL, "day", "week", "month", "year"};

/* Write "start","end" (and "in":"title") of a span relative to the input text. */
static void span_fields(outbuf *b, const analysis *an, span s)
{
    int in_title = an->body_off && s.start < an->body_off;
    uint32_t off = in_title ? 0 : (uint32_t)an->body_off;
    ob_lit(b, "\"start\":");
    ob_int(b, s.start - off);
    ob_lit(b, ",\"end\":");
    ob_int(b, s.end - off);
    if (in_title)
        ob_lit(b, ",\"in\":\"title\"");
}

/* The text of span s as a JSON string literal. */
static void text_of(outbuf *b, const analysis *an, span s)
{
    ob_json_str(b, an->text + s.start, s.end - s.start);
}

/* 1 when s covers no bytes. */
static int empty(span s) { return s.end <= s.start; }

/* The alpha-2 country of the event's place, or NULL. */
static const char *event_cc(const event *e)
{
    return e->place && e->place->chosen >= 0 ? e->place->cand[e->place->chosen].cc : NULL;
}

/* ,"code": the actor's CAMEO actor code (actor_codes.h) or null. */
static void write_actor_code(outbuf *b, const analysis *an, const event *e, const actor_ref *a)
{
    char code[CAMEO_CODE_MAX];
    ob_lit(b, ",\"code\":");
    ob_json_cstr(b, actor_ref_code(an->lx, a, event_cc(e), code, sizeof code));
}

/* An actor object: name, ACLED type, country (null when unknown), CAMEO code
 * and, when it has evidence, the text that names it. */
static void write_actor(outbuf *b, const analysis *an, const event *e, const actor_ref *a)
{
    ob_lit(b, "{\"name\":");
    ob_json_cstr(b, a->name);
    ob_lit(b, ",\"type\":");
    ob_json_cstr(b, actor_type_name(a->type));
    ob_lit(b, ",\"country\":");
    ob_json_cstr(b, a->cc[0] ? a->cc : NULL);
    write_actor_code(b, an, e, a);
    if (!empty(a->ev)) {
        ob_lit(b, ",\"text\":");
        text_of(b, an, a->ev);
    }
    ob_lit(b, "}");
}

/* The event's reconciled figure of one enum cas_kind as {"min", "max",
 * "approximate", "breakdown"[, "revised"]}, or null when it states none. */
static void write_figure(outbuf *b, const analysis *an, const event *e, int kind)
{
    figure f;
    if (!event_figure(e, kind, &f)) {
        ob_lit(b, "null");
        return;
    }
    ob_lit(b, "{\"min\":");
    ob_int(b, f.min);
    ob_lit(b, ",\"max\":");
    if (f.max >= 0)
        ob_int(b, f.max);
    else
        ob_lit(b, "null");
    ob_puts(b, f.approximate ? ",\"approximate\":true,\"breakdown\":[" : ",\"approximate\":false,\"breakdown\":[");
    for (int i = 0; i < f.nparts; i++) {
        if (i)
            ob_lit(b, ",");
        ob_lit(b, "{\"count\":");
        ob_int(b, f.parts[i].count);
        ob_lit(b, ",\"who\":");
        if (empty(f.parts[i].who))
            ob_lit(b, "null");
        else
            text_of(b, an, f.parts[i].who);
        ob_lit(b, "}");
    }
    ob_lit(b, "]");
    if (f.revised)
        ob_lit(b, ",\"revised\":true");
    ob_lit(b, "}");
}

typedef struct evlist {
    outbuf *b;
    const analysis *an;
    int n;
} evlist;

/* Append one evidence entry {"field", "start", "end"[, "in"]} to the list;
 * an empty span adds nothing. */
static void ev_add(evlist *l, int field, span s)
{
    if (empty(s))
        return;
    if (l->n++)
        ob_lit(l->b, ",");
    ob_put(l->b, field_lits[field].s, field_lits[field].n);
    span_fields(l->b, l->an, s);
    ob_lit(l->b, "}");
}

/* The event's keys (docs/schema.md), in order, as bits of doc_meta.keys. */
#define EXPORT_KEY_LIST                                                                                     \
    X(background) X(kind) X(event_type) X(sub_event_type) X(cameo) X(plover) X(attack_type) X(attack_type2) X(date)   \
    X(location) X(actor1) X(person1) X(actor2) X(target) X(killed) X(wounded) X(kidnapped) X(arrested)      \
    X(weapons) X(suicide) X(claimed_by) X(unclaimed) X(suspected) X(sources) X(trigger) X(evidence)
#define X(k) #k,
static const char *const key_names[EXPORT_NKEYS] = {EXPORT_KEY_LIST};
#undef X
/* ",\"KEY\":" of each key, its length known (written for every key of every event) */
#define X(k) {",\"" #k "\":", sizeof(",\"" #k "\":") - 1},
static const struct { const char *s; size_t n; } key_lits[EXPORT_NKEYS] = {EXPORT_KEY_LIST};
#undef X

/* See export.h. */
int export_keys_parse(const char *list, uint32_t *keys, char *err, size_t errlen)
{
    *keys = 0;
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        int k = 0;
        while (k < EXPORT_NKEYS && !(strlen(key_names[k]) == n && strncmp(key_names[k], p, n) == 0))
            k++;
        if (n == 2 && strncmp(p, "id", 2) == 0)
            k = -1; /* (always written) */
        else if (k == EXPORT_NKEYS) {
            int w = snprintf(err, errlen, "unknown field '%.*s' (the fields: id", (int)(n > 40 ? 40 : n), p);
            for (k = 0; k < EXPORT_NKEYS && w > 0 && (size_t)w < errlen; k++)
                w += snprintf(err + w, errlen - (size_t)w, ", %s", key_names[k]);
            if (w > 0 && (size_t)w < errlen)
                snprintf(err + w, errlen - (size_t)w, ")");
            return -1;
        }
        if (k >= 0)
            *keys |= 1u << k;
        p += n + (p[n] == ',');
    }
    if (!*keys)
        *keys = 1u << EXPORT_K_KIND; /* "id" alone: keep an object with one fact */
    return 0;
}

/* Write ",\"NAME\":" for key k when meta keeps it (doc_meta.keys; 0 keeps
 * every key); returns whether the caller writes its value. */
static int key(outbuf *b, const doc_meta *meta, int k)
{
    if (meta->keys && !(meta->keys & (1u << k)))
        return 0;
    ob_put(b, key_lits[k].s, key_lits[k].n);
    return 1;
}

/* The event's PLOVER object {"type"[, "mode"][, "context"]}, or null when its
 * code has no PLOVER type (docs/schema.md): the contexts its sentence names
 * (contexts.h), in PLOVER's order, then "historical" for a background event. */
static void write_plover(outbuf *b, const event *e)
{
    if (!e->plover) {
        ob_lit(b, "null");
        return;
    }
    ob_lit(b, "{\"type\":");
    ob_json_cstr(b, e->plover);
    if (e->plover_mode) {
        ob_lit(b, ",\"mode\":");
        ob_json_cstr(b, e->plover_mode);
    }
    if (e->pctx || e->background) {
        ob_lit(b, ",\"context\":[");
        int n = 0;
        for (int c = 0; c < PCTX_MAX; c++)
            if (e->pctx & (1u << c)) {
                if (n++)
                    ob_lit(b, ",");
                ob_json_cstr(b, pctx_name(c));
            }
        if (e->background && n)
            ob_lit(b, ",\"historical\"");
        else if (e->background)
            ob_lit(b, "\"historical\"");
        ob_lit(b, "]");
    }
    ob_lit(b, "}");
}

/* {"id", and the codes: "background", "kind", "event_type", "sub_event_type",
 * "cameo", "plover", "attack_type", "attack_type2" (those meta keeps). */
static void write_codes(outbuf *b, const doc_meta *meta, const event *e, int idx)
{
    ob_lit(b, "{\"id\":");
    const char *doc_id = meta->id ? meta->id : "doc";
    size_t idlen = strlen(doc_id);
    if (idlen < 400) { /* "ID#N" escaped is ID escaped, then #N ('#' ends any partial UTF-8) */
        ob_json_str(b, doc_id, idlen);
        b->len -= !b->failed; /* (reopen the literal) */
        ob_lit(b, "#");
        ob_int(b, idx);
        ob_lit(b, "\"");
    } else { /* as long ids always were: cut to 511 bytes */
        char id[512];
        snprintf(id, sizeof id, "%s#%d", doc_id, idx);
        ob_json_cstr(b, id);
    }
    if (key(b, meta, EXPORT_K_BACKGROUND))
        ob_puts(b, e->background ? "true" : "false");
    if (key(b, meta, EXPORT_K_KIND))
        ob_json_cstr(b, ev_class_name(e->cls));
    if (key(b, meta, EXPORT_K_EVENT_TYPE))
        ob_json_cstr(b, acled_type_name(e->acled_type));
    if (key(b, meta, EXPORT_K_SUB_EVENT_TYPE))
        ob_json_cstr(b, acled_sub_name(e->acled_sub));
    if (key(b, meta, EXPORT_K_CAMEO))
        ob_json_cstr(b, e->cameo);
    if (key(b, meta, EXPORT_K_PLOVER))
        write_plover(b, e);
    if (key(b, meta, EXPORT_K_ATTACK_TYPE))
        ob_json_cstr(b, gtd_attack_name(e->attack_type));
    if (key(b, meta, EXPORT_K_ATTACK_TYPE2))
        ob_json_cstr(b, gtd_attack_name(e->attack_type2));
}

/* The date: {start, end, precision, assumed} or null. */
static void write_date(outbuf *b, const event *e)
{
    if (!e->has_date) {
        ob_lit(b, "null");
        return;
    }
    ob_lit(b, "{\"start\":\"");
    ob_date(b, e->date.y, e->date.m, e->date.d);
    ob_lit(b, "\",\"end\":\"");
    ob_date(b, e->date.ey, e->date.em, e->date.ed);
    ob_lit(b, "\",\"precision\":\"");
    ob_puts(b, precision_names[e->date.precision]);
    ob_puts(b, e->date.assumed ? "\",\"assumed\":true}" : "\",\"assumed\":false}");
}

/* The location object (docs/schema.md) or null: the gazetteer place, or a
 * place the gazetteer lacks with the point it borrows (in_gazetteer false,
 * located_at, point_from). */
static void write_location(outbuf *b, const analysis *an, const event *e)
{
    if (!e->place || e->place->chosen < 0) {
        ob_lit(b, "null");
        return;
    }
    const geo_place *g = &e->place->cand[e->place->chosen];
    static const char *const lp[] = {NULL, "city", "admin2", "admin1", "country"};
    int kind = (g->flags & GEO_F_UNRESOLVED) ? e->place->anchor_kind : g->kind;
    int prec = kind == GEO_CITY ? LP_CITY : kind == GEO_ADMIN2 ? LP_ADMIN2 : kind == GEO_ADMIN1 ? LP_ADMIN1 : LP_COUNTRY;
    /* a place missing from the gazetteer sits at its anchor: near a town is
     * the town's district at best */
    if ((g->flags & GEO_F_UNRESOLVED) && prec == LP_CITY)
        prec = LP_ADMIN2;
    ob_lit(b, "{\"name\":");
    ob_json_cstr(b, g->name);
    ob_lit(b, ",\"admin1\":");
    ob_json_cstr(b, g->kind == GEO_COUNTRY || !g->admin1[0] ? NULL : g->admin1);
    ob_lit(b, ",\"admin2\":");
    ob_json_cstr(b, g->admin2[0] ? g->admin2 : NULL);
    ob_lit(b, ",\"country\":");
    ob_json_cstr(b, g->country);
    ob_lit(b, ",\"country_code\":");
    ob_json_cstr(b, g->cc); /* escaped: a gazetteer is a file anyone may build */
    ob_lit(b, ",\"lat\":");
    ob_fixed4(b, g->lat);
    ob_lit(b, ",\"lon\":");
    ob_fixed4(b, g->lon);
    ob_lit(b, ",\"precision\":\"");
    ob_puts(b, lp[prec]);
    ob_lit(b, "\",\"geonameid\":");
    if (g->geonameid)
        ob_int(b, g->geonameid);
    else
        ob_lit(b, "null");
    ob_lit(b, ",\"text\":");
    text_of(b, an, e->place->ev);
    if (g->source == GEO_SRC_UCDP && !(g->flags & GEO_F_UNRESOLVED))
        ob_lit(b, ",\"source\":\"ucdp\"");
    if (g->flags & GEO_F_UNRESOLVED) {
        static const char *const kinds[] = {"country", "city", "admin2", "admin1", "country"};
        ob_lit(b, ",\"in_gazetteer\":false,\"located_at\":");
        ob_json_cstr(b, e->place->anchor_name);
        ob_lit(b, ",\"point_from\":\"");
        ob_puts(b, kinds[e->place->anchor_kind <= GEO_COUNTRY ? e->place->anchor_kind : 0]);
        ob_lit(b, "\"");
    }
    ob_lit(b, "}");
}

/* ,"actor1", ["person1",] "actor2" and "target" (those meta keeps). */
static void write_parties(outbuf *b, const analysis *an, const doc_meta *meta, const event *e)
{
    if (key(b, meta, EXPORT_K_ACTOR1)) {
        if (e->has_actor1)
            write_actor(b, an, e, &e->actor1);
        else
            ob_lit(b, "null");
    }
    if (e->person1 && key(b, meta, EXPORT_K_PERSON1))
        ob_json_cstr(b, e->person1);
    if (key(b, meta, EXPORT_K_ACTOR2)) {
        if (e->has_actor2)
            write_actor(b, an, e, &e->actor2);
        else
            ob_lit(b, "null");
    }
    if (key(b, meta, EXPORT_K_TARGET)) {
        if (e->target_type) {
            ob_lit(b, "{\"text\":");
            text_of(b, an, e->target_text);
            ob_lit(b, ",\"type\":");
            ob_json_cstr(b, gtd_target_name(e->target_type));
            ob_lit(b, "}");
        } else {
            ob_lit(b, "null");
        }
    }
}

/* ,"weapons", "suicide", "claimed_by", ["unclaimed",] "suspected", "sources"
 * and "trigger" (those meta keeps). */
static void write_means_and_claims(outbuf *b, const analysis *an, const doc_meta *meta, const event *e)
{
    if (key(b, meta, EXPORT_K_WEAPONS)) {
        ob_lit(b, "[");
        int nw = 0;
        for (int w = 1; w < W_MAX; w++)
            if (e->weapons & (1u << w)) {
                if (nw++)
                    ob_lit(b, ",");
                ob_json_cstr(b, gtd_weapon_name(w));
            }
        ob_lit(b, "]");
    }
    if (key(b, meta, EXPORT_K_SUICIDE))
        ob_puts(b, e->suicide ? "true" : "false");
    if (key(b, meta, EXPORT_K_CLAIMED_BY)) {
        if (e->has_claim) {
            ob_lit(b, "{\"name\":");
            ob_json_cstr(b, e->claimed.name);
            write_actor_code(b, an, e, &e->claimed);
            ob_lit(b, ",\"text\":");
            text_of(b, an, e->claimed.ev);
            ob_lit(b, "}");
        } else {
            ob_lit(b, "null");
        }
    }
    if (e->nonclaim && key(b, meta, EXPORT_K_UNCLAIMED))
        ob_lit(b, "true");
    if (key(b, meta, EXPORT_K_SUSPECTED)) {
        ob_lit(b, "[");
        for (int i = 0; i < e->nsuspected; i++) {
            if (i)
                ob_lit(b, ",");
            ob_lit(b, "{\"name\":");
            ob_json_cstr(b, e->suspected[i].name);
            write_actor_code(b, an, e, &e->suspected[i]);
            ob_lit(b, ",\"text\":");
            text_of(b, an, e->suspected[i].ev);
            ob_lit(b, "}");
        }
        ob_lit(b, "]");
    }
    if (key(b, meta, EXPORT_K_SOURCES)) {
        ob_lit(b, "[");
        for (int i = 0; i < e->nsources; i++) {
            if (i)
                ob_lit(b, ",");
            text_of(b, an, e->sources[i]);
        }
        ob_lit(b, "]");
    }
    if (key(b, meta, EXPORT_K_TRIGGER)) {
        if (!empty(e->trigger)) {
            ob_lit(b, "{\"text\":");
            text_of(b, an, e->trigger);
            ob_lit(b, ",");
            span_fields(b, an, e->trigger);
            ob_lit(b, "}");
        } else {
            ob_lit(b, "null");
        }
    }
}

/* ,"evidence": [...]: the span behind every field (when meta keeps it). */
static void write_evidence(outbuf *b, const analysis *an, const doc_meta *meta, const event *e)
{
    if (!key(b, meta, EXPORT_K_EVIDENCE))
        return;
    ob_lit(b, "[");
    evlist l = {b, an, 0};
    ev_add(&l, F_TRIGGER, e->trigger);
    ev_add(&l, F_EVENT_TYPE, e->trigger);
    if (e->has_date && !e->date.assumed)
        ev_add(&l, F_DATE, e->date.ev);
    if (e->place && e->place->chosen >= 0)
        ev_add(&l, F_LOCATION, e->place->ev);
    if (e->has_actor1)
        ev_add(&l, F_ACTOR1, e->actor1.ev);
    if (e->has_actor2)
        ev_add(&l, F_ACTOR2, e->actor2.ev);
    if (e->target_type)
        ev_add(&l, F_TARGET, e->target_text);
    static const int kinds[] = {CAS_KILLED, CAS_WOUNDED, CAS_KIDNAPPED, CAS_ARRESTED};
    static const int fields[] = {F_KILLED, F_WOUNDED, F_KIDNAPPED, F_ARRESTED};
    for (int k = 0; k < 4; k++) {
        figure f;
        if (!event_figure(e, kinds[k], &f))
            continue;
        /* every figure of that kind that agrees with the chosen one, and the chosen one */
        for (int i = 0; i < e->nfigs; i++)
            if (e->figs[i].kind == kinds[k] && !e->figs[i].partial && e->figs[i].min == f.min)
                ev_add(&l, fields[k], e->figs[i].ev);
    }
    for (int i = 0; i < e->nweapon_ev; i++)
        ev_add(&l, F_WEAPONS, e->weapon_ev[i]);
    if (e->suicide)
        ev_add(&l, F_SUICIDE, e->suicide_ev);
    if (e->has_claim)
        ev_add(&l, F_CLAIMED_BY, e->claimed.ev);
    for (int i = 0; i < e->nsuspected; i++)
        ev_add(&l, F_SUSPECTED, e->suspected[i].ev);
    for (int i = 0; i < e->nsources; i++)
        ev_add(&l, F_SOURCES, e->sources[i]);
    if (e->plover)
        for (int i = 0; i < e->npctx_ev; i++)
            ev_add(&l, F_PLOVER_CONTEXT, e->pctx_ev[i]);
    ob_lit(b, "]");
}

/* One event object in the field order of docs/schema.md. Its id is
 * "<doc id>#<idx>" (idx counts from 1), cut at 511 bytes. */
static void write_event(outbuf *b, const analysis *an, const doc_meta *meta, const event *e, int idx)
{
    write_codes(b, meta, e, idx);
    if (key(b, meta, EXPORT_K_DATE))
        write_date(b, e);
    if (key(b, meta, EXPORT_K_LOCATION))
        write_location(b, an, e);
    write_parties(b, an, meta, e);
    static const int figure_keys[] = {EXPORT_K_KILLED, EXPORT_K_WOUNDED, EXPORT_K_KIDNAPPED, EXPORT_K_ARRESTED};
    static const int figure_kinds[] = {CAS_KILLED, CAS_WOUNDED, CAS_KIDNAPPED, CAS_ARRESTED};
    for (int k = 0; k < 4; k++)
        if (key(b, meta, figure_keys[k]))
            write_figure(b, an, e, figure_kinds[k]);
    write_means_and_claims(b, an, meta, e);
    write_evidence(b, an, meta, e);
    ob_lit(b, "}");
}

/* Output order: the current events the headline tells, then those the lead
 * tells, then the other current events, then background events; within the
 * first three, violent events first (in creation order), then the others by
 * the sentence where they were first mentioned; background events by that
 * sentence. So the first current event is the story's ("Police fire tear gas
 * at protesters", not a clash of the day before told further down; "Protesters
 * detained as strike begins", not a rebel raid its lead adds). Ties keep
 * creation order. The sort key is packed into one integer per event so qsort
 * needs no context. */
static int order_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Fill buf[0..n) with event indices in output order; keys is scratch of n. */
static void event_order(const event *ev, size_t n, int *buf, uint64_t *keys)
{
    for (size_t i = 0; i < n; i++) {
        const event *e = &ev[i];
        uint64_t rank = e->background ? 3 : e->title_told ? 0 : e->lead_told ? 1 : 2;
        uint64_t later = e->background || !e->violent;
        uint64_t first = later ? (uint64_t)e->first_sent & 0x1FFFFFFFu : 0; /* < 2^29 sentences */
        keys[i] = (rank << 62) | (later << 61) | (first << 32) | (uint64_t)i; /* < 2^32 events */
    }
    qsort(keys, n, sizeof *keys, order_cmp);
    for (size_t i = 0; i < n; i++)
        buf[i] = (int)(keys[i] & 0xFFFFFFFFu);
}

/* The start of a record: {"doc":{id, title, published, [published_from,] url,
 * [source,] text_length, warnings}, leaving the outer object open. */
static void write_doc_head(outbuf *b, const doc_meta *meta)
{
    ob_lit(b, "{\"doc\":{\"id\":");
    ob_json_cstr(b, meta->id);
    ob_lit(b, ",\"title\":");
    ob_json_cstr(b, meta->title);
    ob_lit(b, ",\"published\":");
    ob_json_cstr(b, meta->published);
    if (meta->published && meta->published_from) {
        ob_lit(b, ",\"published_from\":");
        ob_json_cstr(b, meta->published_from);
    }
    ob_lit(b, ",\"url\":");
    ob_json_cstr(b, meta->url);
    if (meta->source) {
        ob_lit(b, ",\"source\":");
        ob_json_cstr(b, meta->source);
    }
    ob_lit(b, ",\"text_length\":");
    ob_int(b, (int64_t)meta->text_length);
    ob_lit(b, ",\"warnings\":[");
    for (size_t i = 0; i < meta->nwarnings; i++) {
        if (i)
            ob_lit(b, ",");
        ob_json_cstr(b, meta->warnings[i]);
    }
    ob_lit(b, "]}");
}

/* The order a document's events are written in (event_order), kept in the
 * struct for up to 64 events and on the heap beyond. */
typedef struct {
    int *order;
    uint64_t *keys;
    int order_small[64];
    uint64_t keys_small[64];
} write_order;

/* Release what write_order_of allocated. */
static void write_order_free(write_order *wo)
{
    if (wo->order != wo->order_small)
        free(wo->order);
    if (wo->keys != wo->keys_small)
        free(wo->keys);
}

/* Fill wo with the order of ev[0..n) and return it (n indices), or NULL when
 * it cannot be allocated (nothing is left to free). */
static const int *write_order_of(write_order *wo, const event *ev, size_t n)
{
    wo->order = n <= 64 ? wo->order_small : malloc(n * sizeof *wo->order);
    wo->keys = n <= 64 ? wo->keys_small : malloc(n * sizeof *wo->keys);
    if (!wo->order || !wo->keys) {
        write_order_free(wo);
        return NULL;
    }
    event_order(ev, n, wo->order, wo->keys);
    return wo->order;
}

/* See export.h. Events are written in event_order; when its arrays cannot be
 * allocated, b->failed is set and the record is left unfinished. */
void export_json(outbuf *b, const analysis *an, const doc_meta *meta, const event *ev, size_t n)
{
    write_doc_head(b, meta);
    ob_lit(b, ",\"events\":[");
    write_order wo;
    const int *order = write_order_of(&wo, ev, n);
    if (!order) {
        b->failed = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (i)
            ob_lit(b, ",");
        write_event(b, an, meta, &ev[order[i]], (int)i + 1);
    }
    write_order_free(&wo);
    ob_lit(b, "]}");
}

/* See export.h. */
void export_error(outbuf *b, const char *id, long line, const char *msg)
{
    ob_lit(b, "{\"doc\":{\"id\":");
    ob_json_cstr(b, id);
    ob_printf(b, ",\"line\":%ld},\"error\":", line);
    ob_json_cstr(b, msg);
    ob_lit(b, "}");
}

/* ------------------------------------------------------------------ */

/* The raw bytes of span s, unescaped (pretty output is read by people). */
static void pretty_span(outbuf *b, const analysis *an, span s)
{
    ob_put(b, an->text + s.start, s.end - s.start);
}

/* See export.h. When the ordering arrays cannot be allocated, b->failed is set
 * and only the header is written. */
void export_pretty(outbuf *b, const analysis *an, const doc_meta *meta, const event *ev, size_t n)
{
    ob_printf(b, "== %s", meta->id ? meta->id : "doc");
    if (meta->published)
        ob_printf(b, " (published %s)", meta->published);
    ob_lit(b, "\n");
    if (meta->title)
        ob_printf(b, "   %s\n", meta->title);
    for (size_t i = 0; i < meta->nwarnings; i++)
        ob_printf(b, "   warning: %s\n", meta->warnings[i]);
    if (n == 0)
        ob_lit(b, "   no events\n");
    write_order wo;
    const int *order = write_order_of(&wo, ev, n);
    if (!order) {
        b->failed = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const event *e = &ev[order[i]];
        ob_printf(b, "\n#%zu %s%s", i + 1, e->background ? "[background] " : "",
                  acled_type_name(e->acled_type) ? acled_type_name(e->acled_type) : ev_class_name(e->cls));
        if (acled_sub_name(e->acled_sub))
            ob_printf(b, " / %s", acled_sub_name(e->acled_sub));
        ob_printf(b, "  (CAMEO %s", e->cameo);
        if (gtd_attack_name(e->attack_type))
            ob_printf(b, "; GTD %s", gtd_attack_name(e->attack_type));
        ob_lit(b, ")\n");
        if (!empty(e->trigger)) {
            ob_lit(b, "   trigger:  ");
            pretty_span(b, an, e->trigger);
            ob_lit(b, "\n");
        }
        if (e->has_date)
            ob_printf(b, "   when:     %04d-%02d-%02d (%s%s)\n", e->date.y, e->date.m, e->date.d,
                      precision_names[e->date.precision], e->date.assumed ? ", assumed from publication" : "");
        if (e->place && e->place->chosen >= 0) {
            const geo_place *g = &e->place->cand[e->place->chosen];
            if (g->kind == GEO_ADMIN1)
                ob_printf(b, "   where:    %s, %s (%.4f, %.4f)\n", g->name, g->country, g->lat, g->lon);
            else if (g->kind == GEO_COUNTRY)
                ob_printf(b, "   where:    %s (%.4f, %.4f)\n", g->name, g->lat, g->lon);
            else
                ob_printf(b, "   where:    %s%s%s, %s (%.4f, %.4f)\n", g->name, g->admin1[0] ? ", " : "", g->admin1,
                          g->country, g->lat, g->lon);
        }
        if (e->has_actor1)
            ob_printf(b, "   actor 1:  %s (%s)%s%s\n", e->actor1.name, actor_type_name(e->actor1.type),
                      e->person1 ? " - " : "", e->person1 ? e->person1 : "");
        if (e->has_actor2)
            ob_printf(b, "   actor 2:  %s (%s)\n", e->actor2.name, actor_type_name(e->actor2.type));
        if (e->target_type)
            ob_printf(b, "   target:   %s\n", gtd_target_name(e->target_type));
        static const struct { int kind; const char *label; } fk[] = {
            {CAS_KILLED, "killed"}, {CAS_WOUNDED, "wounded"}, {CAS_KIDNAPPED, "kidnapped"}, {CAS_ARRESTED, "arrested"}};
        for (int k = 0; k < 4; k++) {
            figure f;
            if (!event_figure(e, fk[k].kind, &f))
                continue;
            ob_printf(b, "   %-9s %s%lld", fk[k].label, f.approximate ? "~" : "", (long long)f.min);
            for (int p = 0; p < f.nparts; p++) {
                ob_printf(b, "%s%lld ", p ? " + " : " = ", (long long)f.parts[p].count);
                if (!empty(f.parts[p].who))
                    pretty_span(b, an, f.parts[p].who);
            }
            ob_lit(b, "\n");
        }
        if (e->weapons) {
            ob_lit(b, "   weapons: ");
            for (int w = 1; w < W_MAX; w++)
                if (e->weapons & (1u << w))
                    ob_printf(b, " %s", gtd_weapon_name(w));
            ob_puts(b, e->suicide ? " (suicide)\n" : "\n");
        }
        if (e->has_claim)
            ob_printf(b, "   claimed:  %s\n", e->claimed.name);
        else if (e->nonclaim)
            ob_lit(b, "   claimed:  nobody (stated)\n");
        for (int k = 0; k < e->nsuspected; k++)
            ob_printf(b, "   suspect:  %s\n", e->suspected[k].name);
        if (e->nsources) {
            ob_lit(b, "   sources: ");
            for (int k = 0; k < e->nsources; k++) {
                ob_puts(b, k ? "; " : " ");
                pretty_span(b, an, e->sources[k]);
            }
            ob_lit(b, "\n");
        }
    }
    write_order_free(&wo);
    ob_lit(b, "\n");
}
