/*
 * engine.c - the public API (include/tacitus.h): loads the dictionaries and
 * the gazetteer, and runs the stages over one document:
 *   text (tokens) -> language (lang.c: text not in English is reported, not
 *   coded) -> lexicon (mentions) -> extract (facts) -> resolve (events)
 *   -> export (JSON or pretty).
 */
#include "tacitus.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "engine.h"
#include "export.h"
#include "extract.h"
#include "geo.h"
#include "lang.h"
#include "lexicon.h"
#include "resolve.h"
#include "text.h"

#ifndef TACITUS_DEFAULT_DATA
#define TACITUS_DEFAULT_DATA "data"
#endif
#ifndef TACITUS_DEFAULT_GAZETTEER
#define TACITUS_DEFAULT_GAZETTEER "build/gazetteer.bin"
#endif

#define DEFAULT_MAX_DOC (10u * 1024u * 1024u)

struct tac_engine {
    lexicon *lx;
    lang_profiles *lang;
    geo_gazetteer *geo;
    char *gazetteer_path;
    size_t max_doc;
};

struct tac_coder {
    const tac_engine *e;
    arena a;
    outbuf out;
    char *work;     /* working text buffer (title + body) */
    int debug;      /* TACITUS_DEBUG set: dump each stage's findings to stderr */
    uint32_t keys;  /* the event keys to write (tac_coder_set_fields); 0 = every one */
    size_t work_cap;
};

/* See tacitus.h. The length check rejects the time that parse_iso_date accepts
 * after a date. */
int tac_valid_date(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && parse_iso_date(s, &y, &m, &d) == 0;
}

/* 1 when p exists and is readable. */
static int file_exists(const char *p) { return access(p, R_OK) == 0; }

/* Resolve a default path: the option, then the environment, then next to the
 * executable (../rel or ./rel), then the compiled-in default. */
static const char *pick_path(const char *opt, const char *env, const char *rel, const char *builtin,
                             char *buf, size_t cap)
{
    if (opt && *opt)
        return opt;
    const char *ev = getenv(env);
    if (ev && *ev)
        return ev;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(buf, cap, "%s/../%s", exe, rel);
            if (file_exists(buf))
                return buf;
            snprintf(buf, cap, "%s/%s", exe, rel);
            if (file_exists(buf))
                return buf;
        }
    }
    return builtin;
}

/* See tacitus.h. opt may be NULL; paths it leaves unset are found by pick_path. */
int tac_engine_open(const tac_options *opt, tac_engine **out, char *err, size_t errlen)
{
    *out = NULL;
    tac_options none = {0};
    if (!opt)
        opt = &none;
    char dbuf[PATH_MAX + 32], gbuf[PATH_MAX + 32];
    const char *data = pick_path(opt->data_dir, "TACITUS_DATA", "data", TACITUS_DEFAULT_DATA, dbuf, sizeof dbuf);
    const char *gaz = pick_path(opt->gazetteer_path, "TACITUS_GAZETTEER", "build/gazetteer.bin",
                                TACITUS_DEFAULT_GAZETTEER, gbuf, sizeof gbuf);
    tac_engine *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    e->max_doc = opt->max_doc_bytes ? opt->max_doc_bytes : DEFAULT_MAX_DOC;
    if (lexicon_load(data, &e->lx, err, errlen) < 0) {
        free(e);
        return -1;
    }
    if (lang_load(data, &e->lang, err, errlen) < 0 || geo_open(gaz, &e->geo, err, errlen) < 0) {
        lang_free(e->lang);
        lexicon_free(e->lx);
        free(e);
        return -1;
    }
    e->gazetteer_path = strdup(gaz);
    *out = e;
    return 0;
}

/* See tacitus.h. e may be NULL. */
void tac_engine_close(tac_engine *e)
{
    if (!e)
        return;
    lexicon_free(e->lx);
    lang_free(e->lang);
    geo_close(e->geo);
    free(e->gazetteer_path);
    free(e);
}

/* See tacitus.h. */
size_t tac_engine_actor_count(const tac_engine *e) { return lexicon_actor_count(e->lx); }
size_t tac_engine_place_count(const tac_engine *e) { return geo_count(e->geo); }

/* See tacitus.h. NULL when out of memory. The arena may grow to 64 times the
 * document cap plus 64 MiB; TACITUS_DEBUG in the environment turns on debug_dump. */
tac_coder *tac_coder_new(const tac_engine *e)
{
    tac_coder *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->e = e;
    c->debug = getenv("TACITUS_DEBUG") != NULL;
    /* generous for the worst case: tokens, folds, mentions, places per byte */
    arena_init(&c->a, e->max_doc * 64 + (64u << 20));
    ob_init(&c->out);
    return c;
}

/* See tacitus.h. c may be NULL. */
void tac_coder_free(tac_coder *c)
{
    if (!c)
        return;
    arena_free(&c->a);
    ob_free(&c->out);
    free(c->work);
    free(c);
}

/* See tacitus.h. */
int tac_coder_set_fields(tac_coder *c, const char *fields, int evidence, char *err, size_t errlen)
{
    uint32_t keys = EXPORT_KEYS_ALL;
    if (fields && export_keys_parse(fields, &keys, err, errlen) < 0)
        return -1;
    if (!evidence)
        keys &= ~(1u << EXPORT_K_EVIDENCE);
    c->keys = keys == EXPORT_KEYS_ALL ? 0 : keys;
    return 0;
}

/* Print what the stages found, sentence by sentence (TACITUS_DEBUG=1). */
static void debug_dump(const analysis *an, FILE *f)
{
    static const char *const kinds[] = {"", "ACTOR", "AGENT", "TITLE", "EVENT", "CAS", "WEAPON",
                                        "TARGET", "REPORT", "CTX", "VAGUE", "NUM", "HEDGE",
                                        "PAST", "MONTH", "WDAY", "TIME", "WEAK", "INSTR", "INTER",
                                        "PARTY", "VERB", "DISCARD"};
    _Static_assert(sizeof kinds / sizeof kinds[0] == LK_KIND_MAX, "a name for every lexicon kind");
    for (size_t s = 0; s < an->td.nsents; s++) {
        const sentence *se = &an->td.sents[s];
        const sent_info *si = &an->sents[s];
        fprintf(f, "[%zu] line %u past=%d ctx=%x date=%d title=%d: %.*s\n", s, se->line, si->past, si->ctx,
                si->date, si->in_title, (int)(se->end - se->start), an->text + se->start);
        for (size_t i = 0; i < an->nm + an->ncm; i++) {
            const mention *m = i < an->nm ? &an->m[i] : &an->cm[i - an->nm];
            if (m->first < se->first || m->first >= se->last)
                continue;
            uint32_t a = an->td.toks[m->first].start, b = an->td.toks[m->last - 1].end;
            fprintf(f, "     %-6s %d  %.*s\n", kinds[m->kind], m->value, (int)(b - a), an->text + a);
        }
        for (size_t p = 0; p < an->nplaces; p++) {
            const place_mention *pm = &an->places[p];
            if (pm->sent != s)
                continue;
            fprintf(f, "     PLACE  %.*s -> %s (%s) cands=%d score=%.1f ctx=%d dateline=%d cue=%d\n",
                    (int)(pm->ev.end - pm->ev.start), an->text + pm->ev.start,
                    pm->chosen >= 0 ? pm->cand[pm->chosen].name : "REJECTED",
                    pm->chosen >= 0 ? pm->cand[pm->chosen].cc : "", pm->ncand, pm->score, pm->context_only,
                    pm->dateline, pm->cue);
        }
        for (int k = 0; k < si->nfigs; k++) {
            const figure *fg = &an->figs[si->figs_first + k];
            fprintf(f, "     FIG    kind=%d min=%lld parts=%d partial=%d revised=%d  %.*s\n", fg->kind,
                    (long long)fg->min, fg->nparts, fg->partial, fg->revised, (int)(fg->ev.end - fg->ev.start),
                    an->text + fg->ev.start);
        }
    }
    for (size_t d = 0; d < an->ndates; d++)
        fprintf(f, "DATE sent=%u %04d-%02d-%02d..%04d-%02d-%02d prec=%d past=%d  %.*s\n", an->dates[d].sent,
                an->dates[d].y, an->dates[d].m, an->dates[d].d, an->dates[d].ey, an->dates[d].em, an->dates[d].ed,
                an->dates[d].precision, an->dates[d].past, (int)(an->dates[d].ev.end - an->dates[d].ev.start),
                an->text + an->dates[d].ev.start);
    fprintf(f, "top country: %s\n", an->top_cc[0] ? an->top_cc : "(none)");
}

/* The caller's warnings and room for the engine's (two of its own and the
 * stages', ANALYSIS_MAX_WARNINGS), in the arena; NULL when it is full. */
static const char **warnings_with_room(arena *a, const char *const *warnings, size_t n)
{
    const char **w = arena_alloc(a, (n + 2 + ANALYSIS_MAX_WARNINGS) * sizeof *w);
    if (w && n)
        memcpy(w, warnings, n * sizeof *w);
    return w;
}

/* An arena copy of a printf-formatted warning, or NULL when the arena is full. */
static const char *engine_warning(arena *a, const char *fmt, const char *arg)
{
    char buf[200];
    snprintf(buf, sizeof buf, fmt, arg);
    return arena_strndup(a, buf, strlen(buf));
}

/* The first relative date of a document with no publication date ("on
 * Monday", "yesterday", "last week": the lexicon's weekday and time-word
 * mentions) as an arena string, or NULL when there is none. */
static const char *relative_date(const analysis *an)
{
    for (size_t i = 0; i < an->nm; i++) {
        const mention *m = &an->m[i];
        if (m->kind != LK_WEEKDAY && m->kind != LK_TIMEWORD)
            continue;
        uint32_t a = an->td.toks[m->first].start, b = an->td.toks[m->last - 1].end;
        return arena_strndup(an->a, an->text + a, b - a > 40 ? 40 : b - a);
    }
    return NULL;
}

/* Run every stage; on success the record is in c->out. */
static int code_doc(tac_coder *c, const tac_doc *doc, const char *const *warnings, size_t nwarnings,
                    enum tac_format fmt, char *err, size_t errlen)
{
    arena_reset(&c->a);
    ob_reset(&c->out);
    size_t tlen = doc->title ? strlen(doc->title) : 0;
    size_t len = doc->len;
    const char *body = doc->text ? doc->text : "";
    if (len > c->e->max_doc)
        len = c->e->max_doc;
    size_t need = tlen + 2 + len + 1;
    if (need > c->work_cap) {
        char *w = realloc(c->work, need);
        if (!w) {
            snprintf(err, errlen, "out of memory for a %zu-byte document", len);
            return -1;
        }
        c->work = w;
        c->work_cap = need;
    }
    size_t off = 0;
    if (tlen) {
        memcpy(c->work, doc->title, tlen);
        /* a title never spans lines */
        for (size_t i = 0; i < tlen; i++)
            if (c->work[i] == '\n' || c->work[i] == '\r')
                c->work[i] = ' ';
        c->work[tlen] = '\n';
        c->work[tlen + 1] = '\n';
        off = tlen + 2;
    }
    memcpy(c->work + off, body, len);
    c->work[off + len] = '\0';

    analysis an;
    memset(&an, 0, sizeof an);
    an.text = c->work;
    an.len = off + len;
    an.body_off = off;
    an.lx = c->e->lx;
    an.geo = c->e->geo;
    an.a = &c->a;
    if (doc->published && parse_iso_date(doc->published, &an.pub_y, &an.pub_m, &an.pub_d) == 0)
        an.has_pub = 1;
    const char *published = doc->published, *published_from = doc->published_from;
    char pub[16];
    event *ev = NULL;
    int n = 0;
    const char **warn = warnings_with_room(&c->a, warnings, nwarnings);
    const char *lang, *rel;
    if (!warn || text_tokenize(an.text, an.len, &c->a, &an.td) < 0)
        goto oom;
    if ((lang = lang_detect(c->e->lang, &an.td)) != NULL) {
        if (!(warn[nwarnings++] = engine_warning(&c->a, "language %s: not coded", lang)))
            goto oom;
        goto write;
    }
    lexicon_classify(an.lx, &an.td);
    an.nm = lexicon_scan(an.lx, &an.td, &c->a, &an.m);
    if (an.nm == (size_t)-1 || (an.ncm = lexicon_scan_cameo(an.lx, &an.td, &c->a, &an.cm)) == (size_t)-1)
        goto oom;
    if (!an.has_pub && timestamp_line_date(&an, &an.pub_y, &an.pub_m, &an.pub_d) == 0) {
        /* a page's own timestamp line dates it when the input gave no date */
        snprintf(pub, sizeof pub, "%04d-%02d-%02d", an.pub_y, an.pub_m, an.pub_d);
        published = pub, published_from = "text-timestamp", an.has_pub = 1;
    }
    if (!an.has_pub && (rel = relative_date(&an)) != NULL &&
        !(warn[nwarnings++] = engine_warning(&c->a, "no publication date: relative dates (e.g. '%s') left unresolved", rel)))
        goto oom;
    if (extract_run(&an) < 0)
        goto oom;
    if (c->debug)
        debug_dump(&an, stderr);
    n = resolve_run(&an, &ev);
    if (n < 0)
        goto oom;
    for (size_t i = 0; i < an.nwarnings; i++)
        warn[nwarnings++] = an.warnings[i];
write:;
    doc_meta meta = {doc->id ? doc->id : "doc", doc->title, an.has_pub ? published : NULL, doc->url,
                     an.has_pub ? published_from : NULL, len, doc->source, warn, nwarnings, c->keys};
    if (fmt == TAC_FORMAT_PRETTY)
        export_pretty(&c->out, &an, &meta, ev, (size_t)n);
    else
        export_json(&c->out, &an, &meta, ev, (size_t)n);
    if (c->out.failed) {
        snprintf(err, errlen, "out of memory writing the output");
        return -1;
    }
    return n;
oom:
    snprintf(err, errlen, "document too large to code within the memory cap (%zu bytes)", len);
    return -1;
}

/* See tacitus.h. A write error fails with "cannot write output: ..." in err (the
 * CLI tests for that prefix); part of the record may already be written. */
int tac_code_write(tac_coder *c, const tac_doc *doc, const char *const *warnings, size_t nwarnings,
                   enum tac_format fmt, FILE *out, char *err, size_t errlen)
{
    int n = code_doc(c, doc, warnings, nwarnings, fmt, err, errlen);
    if (n < 0)
        return -1;
    if (fwrite(c->out.p, 1, c->out.len, out) != c->out.len ||
        (fmt == TAC_FORMAT_JSON && fputc('\n', out) == EOF)) {
        snprintf(err, errlen, "cannot write output: %s", strerror(errno));
        return -1;
    }
    return n;
}

/* See tacitus.h. */
int tac_code_buf(tac_coder *c, const tac_doc *doc, const char *const *warnings, size_t nwarnings,
                 enum tac_format fmt, const char **out, size_t *outlen, char *err, size_t errlen)
{
    int n = code_doc(c, doc, warnings, nwarnings, fmt, err, errlen);
    if (n >= 0)
        *out = c->out.p, *outlen = c->out.len;
    return n;
}

/* See tacitus.h. */
const char *tac_code_json(tac_coder *c, const tac_doc *doc, char *err, size_t errlen)
{
    if (code_doc(c, doc, NULL, 0, TAC_FORMAT_JSON, err, errlen) < 0)
        return NULL;
    return c->out.p;
}

/* See engine.h. The gazetteer path reads "gazetteer" when it could not be
 * copied at open. */
const lexicon *tac_engine_lexicon(const tac_engine *e) { return e->lx; }
const geo_gazetteer *tac_engine_geo(const tac_engine *e) { return e->geo; }
const char *tac_engine_gazetteer_path(const tac_engine *e) { return e->gazetteer_path ? e->gazetteer_path : "gazetteer"; }
