/*
 * dict.c - 'tacitus dict': check the dictionaries, look phrases up in them, and
 * import PETRARCH/TABARI dictionaries (src/engine/petrarch.c) as imported-*.txt files.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "codes.h"
#include "engine.h"
#include "fold.h"
#include "geo.h"
#include "lexicon.h"
#include "petrarch.h"

static const char help[] =
    "usage: tacitus dict check [--data DIR]\n"
    "       tacitus dict lookup [--data DIR] [--gazetteer FILE] PHRASE...\n"
    "       tacitus dict import --petrarch FILE... [--into DIR] [--data DIR] [--bare-verbs]\n"
    "\n"
    "check   load every dictionary, report its size, fail with file:line on the first error\n"
    "lookup  show what each PHRASE matches: actors, agents, titles, vocabulary, places\n"
    "import  convert PETRARCH/TABARI actor, agent and verb dictionaries (the kind of each\n"
    "        FILE is detected from its content, else from its name) into\n"
    "        imported-actors.txt, imported-agents.txt, imported-titles.txt,\n"
    "        imported-vocab.txt and imported-cameo.txt (the CAMEO verbs with their\n"
    "        patterns, the parties they code between, discard words) in DIR (default:\n"
    "        the --data folder), replacing earlier\n"
    "        imports there; the dictionaries load them when present. Phrases the --data\n"
    "        dictionaries already match are left out. A summary per FILE goes to stderr.\n"
    "        A FILE that is no actor, agent or verb dictionary (a discards or prepositions\n"
    "        list, binary junk) is skipped with a warning; the import fails only when\n"
    "        nothing is left to import, or on an unreadable FILE or a write error.\n"
    "        Verbs: every verb and pattern goes to imported-cameo.txt, coded only between\n"
    "        a source and a target party, as PETRARCH codes them; phrases of two or more\n"
    "        words (verb + object patterns, multi-word verbs) also go to imported-vocab.txt\n"
    "        and code alone, and one-word verbs too with --bare-verbs (noisy).\n";

/* The output files of an import, in the order of enum petr_out. */
static const char *const import_files[PO_MAX] = {"imported-actors.txt", "imported-agents.txt",
                                                 "imported-titles.txt", "imported-vocab.txt",
                                                 "imported-cameo.txt"};

/* Write the header of an imported-*.txt file: what it is, its sources (their
 * base names), and the licence of the PETRARCH dictionaries. */
static void import_header(FILE *f, const char *file, const char *const *sources, int nsrc)
{
    fprintf(f, "# %s - written by 'tacitus dict import --petrarch' from:\n", file);
    for (int i = 0; i < nsrc; i++) {
        const char *b = strrchr(sources[i], '/');
        fprintf(f, "#   %s\n", b ? b + 1 : sources[i]);
    }
    fputs(strcmp(file, "imported-cameo.txt") == 0
              ? "# vocab.txt's line format with the CAMEO kinds party, verb, pattern, synset and\n"
                "# discard (docs/dictionaries.md, \"CAMEO verbs and parties\").\n"
              : "# Same format as the file without the 'imported-' prefix (docs/dictionaries.md).\n",
          f);
    fputs("# Re-running the import replaces this file; copy entries into the curated\n"
          "# dictionaries to keep them. The PETRARCH dictionaries are distributed under\n"
          "# this licence:\n#\n", f);
    const char *n = petr_licence_notice();
    while (*n) {
        size_t len = strcspn(n, "\n");
        fprintf(f, "#%s%.*s\n", len ? " " : "", (int)len, n);
        n += len + (n[len] == '\n');
    }
    fputc('\n', f);
}

/* Print the one-line summary of one imported file on stderr. */
static void import_summary(const char *path, const petr_stats *st)
{
    fprintf(stderr, "tacitus dict: %s: %s (%s): %lu entries read, %lu imported (%lu actors, %lu agents, "
                    "%lu titles, %lu vocabulary, %lu CAMEO; %lu phrases)",
            path, petr_kind_name(st->kind), st->detected ? "detected from the content" : "from the file name",
            st->entries, st->imported, st->written[PO_ACTORS], st->written[PO_AGENTS], st->written[PO_TITLES],
            st->written[PO_VOCAB], st->written[PO_CAMEO], st->phrases);
    unsigned long skipped = 0;
    for (int r = 0; r < PSK_MAX; r++)
        skipped += st->skipped[r];
    fprintf(stderr, ", %lu skipped", skipped);
    const char *sep = ": ";
    for (int r = 0; r < PSK_MAX; r++)
        if (st->skipped[r]) {
            fprintf(stderr, "%s%lu %s", sep, st->skipped[r], petr_skip_name(r));
            sep = ", ";
        }
    fprintf(stderr, "; phrases left out: %lu already in the dictionaries, %lu duplicates, %lu over 8 words\n",
            st->phrases_known, st->phrases_duplicate, st->phrases_long);
}

/* Import each of the nfiles files into the bodies out[] with im; a file whose
 * kind cannot be told (not a PETRARCH dictionary: the importer's error comes
 * before it sets st.kind, so nothing of it was written) is skipped with a
 * warning. The names of the files imported go to done[], their count to
 * *ndone. Returns TAC_EXIT_OK, or TAC_EXIT_DATA / TAC_EXIT_IO on an error
 * (reported) that stops the import. */
static int import_each(petr_importer *im, const char *const *files, int nfiles, const char **done, int *ndone)
{
    char err[1024];
    *ndone = 0;
    for (int f = 0; f < nfiles; f++) {
        petr_stats st;
        int r = petr_import_file(im, files[f], PETR_DETECT, &st, err, sizeof err);
        if (r == PETR_EDATA && st.kind == PETR_DETECT) {
            size_t n = strlen(files[f]);
            const char *why = strncmp(err, files[f], n) == 0 && err[n] == ':' ? err + n + 1 : err;
            why += *why == ' ';
            fprintf(stderr, "tacitus dict: warning: %s: not a PETRARCH actors, agents or verbs dictionary (%s%s);"
                            " skipped\n", files[f], isdigit((unsigned char)*why) ? "line " : "", why);
        } else if (r < 0) {
            fprintf(stderr, "tacitus dict: %s\n", err);
            return r == PETR_EDATA ? TAC_EXIT_DATA : TAC_EXIT_IO;
        } else {
            import_summary(files[f], &st);
            done[(*ndone)++] = files[f];
        }
    }
    if (*ndone == 0) {
        fprintf(stderr, "tacitus dict: no dictionary imported: every file was skipped (nothing written)\n");
        return TAC_EXIT_DATA;
    }
    return TAC_EXIT_OK;
}

/* Write the imported file dst: its header naming the nsrc sources, then the
 * entries of body (rewound), through dst.tmp renamed at the end. Returns 0,
 * or -1 (reported; dst unchanged). */
static int write_import(const char *dst, const char *file, const char *const *sources, int nsrc, FILE *body)
{
    char tmp[4200], buf[65536];
    snprintf(tmp, sizeof tmp, "%s.tmp", dst);
    FILE *out = fopen(tmp, "w");
    if (!out) {
        fprintf(stderr, "tacitus dict: cannot write %s: %s\n", tmp, strerror(errno));
        return -1;
    }
    import_header(out, file, sources, nsrc);
    rewind(body);
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, body)) > 0)
        fwrite(buf, 1, n, out);
    int bad = ferror(out) || ferror(body);
    if (fclose(out) != 0 || bad || rename(tmp, dst) != 0) {
        fprintf(stderr, "tacitus dict: cannot write %s: %s\n", dst, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

/* 'tacitus dict import --petrarch FILE...': see help. The dictionaries of
 * data_dir (without earlier imports) decide which phrases are new. Entries
 * go to temporary files first, and the outputs are written only when the
 * import succeeds, so a failed import leaves DIR as it was. A file that is no
 * PETRARCH dictionary is skipped (warned). Returns TAC_EXIT_OK when some file
 * was imported; TAC_EXIT_DATA (dictionaries that do not load, a malformed
 * input: "file:line: reason", or every file skipped), or TAC_EXIT_IO (an
 * input that cannot be read, an output that cannot be written). */
static int dict_import(const char *data_opt, const char *into, const char *const *files, int nfiles,
                       unsigned flags)
{
    const char *data = cli_path(CLI_PATH_DATA, data_opt, NULL);
    if (!into)
        into = data;
    char err[1024];
    lexicon *lx = NULL;
    if (lexicon_load_base(data, &lx, err, sizeof err) < 0) {
        fprintf(stderr, "tacitus dict: %s\n", err);
        return TAC_EXIT_DATA;
    }
    FILE *body[PO_MAX] = {NULL};
    int rc = TAC_EXIT_OK;
    for (int i = 0; i < PO_MAX && rc == TAC_EXIT_OK; i++)
        if (!(body[i] = tmpfile())) {
            fprintf(stderr, "tacitus dict: cannot make a temporary file: %s\n", strerror(errno));
            rc = TAC_EXIT_IO;
        }
    petr_importer *im = rc == TAC_EXIT_OK ? petr_importer_new(lx, body, flags) : NULL;
    if (rc == TAC_EXIT_OK && !im) {
        fprintf(stderr, "tacitus dict: out of memory\n");
        rc = TAC_EXIT_IO;
    }
    const char *done[64];
    int ndone = 0;
    if (rc == TAC_EXIT_OK)
        rc = import_each(im, files, nfiles, done, &ndone);
    petr_importer_free(im);
    lexicon_free(lx);
    for (int i = 0; i < PO_MAX && rc == TAC_EXIT_OK; i++) {
        char dst[4096];
        snprintf(dst, sizeof dst, "%s/%s", into, import_files[i]);
        if (write_import(dst, import_files[i], done, ndone, body[i]) < 0)
            rc = TAC_EXIT_IO;
    }
    for (int i = 0; i < PO_MAX; i++)
        if (body[i])
            fclose(body[i]);
    if (rc == TAC_EXIT_OK)
        fprintf(stderr, "tacitus dict: wrote %s/imported-{actors,agents,titles,vocab,cameo}.txt\n", into);
    return rc;
}

/* 'tacitus dict lookup': print what each of the np phrases matches in the
 * engine e's dictionaries (actors, agents, titles, vocabulary) and gazetteer. */
static void dict_lookup(tac_engine *e, const char *const *phrases, int np)
{
    const lexicon *lx = tac_engine_lexicon(e);
    const geo_gazetteer *g = tac_engine_geo(e);
    static const char *const kinds[] = {"", "actor", "agent", "title", "event", "casualty", "weapon",
                                        "target", "report", "context", "vague", "number", "hedge",
                                        "past", "month", "weekday", "timeword", "weak",
                                        "instrument", "interaction", "party", "verb", "discard"};
    _Static_assert(sizeof kinds / sizeof kinds[0] == LK_KIND_MAX, "a name for every lexicon kind");
    for (int i = 0; i < np; i++) {
        char key[512];
        size_t n = lexicon_fold_phrase(phrases[i], key, sizeof key);
        printf("%s  (folded \"%s\")\n", phrases[i], key);
        int any = 0;
        for (uint8_t k = LK_ACTOR; k < LK_KIND_MAX; k++) {
            int32_t v[8];
            size_t got = lexicon_lookup(lx, key, n, phrases[i], k, v, 8);
            for (size_t j = 0; j < got; j++) {
                any = 1;
                printf("  %-8s ", kinds[k]);
                if (k == LK_ACTOR || k == LK_PARTY) {
                    const lex_actor *a = lexicon_actor(lx, v[j]);
                    printf("%s (%s, %s)\n", a->name, actor_type_name(a->type), a->cc[0] ? a->cc : "--");
                } else if (k == LK_AGENT) {
                    const lex_agent *a = lexicon_agent(lx, v[j]);
                    printf("%s (%s, target %s)\n", a->template_name, actor_type_name(a->type), gtd_target_name(a->target));
                } else if (k == LK_TITLE) {
                    printf("%s\n", lexicon_title(lx, v[j])->label);
                } else if (k == LK_EVENT) {
                    printf("%s\n", ev_class_name(v[j]));
                } else if (k == LK_WEAPON) {
                    printf("%s\n", gtd_weapon_name(v[j]));
                } else if (k == LK_TARGET) {
                    printf("%s\n", gtd_target_name(v[j]));
                } else if (k == LK_INTERACTION) {
                    const lex_interaction *x = lexicon_interaction(lx, v[j]);
                    printf("CAMEO %s, PLOVER %s%s%s\n", x->cameo, x->plover, x->mode[0] ? " " : "", x->mode);
                } else {
                    printf("%d\n", v[j]);
                }
            }
        }
        geo_place pl[8];
        size_t total = geo_lookup(g, key, n, pl, 8);
        for (size_t j = 0; j < total && j < 8; j++) {
            any = 1;
            printf("  place    %s, %s, %s (%s; pop %u; %.4f, %.4f; geonameid %u)\n", pl[j].name, pl[j].admin1,
                   pl[j].country, pl[j].kind == GEO_CITY ? "city" : pl[j].kind == GEO_ADMIN2 ? "admin2"
                                  : pl[j].kind == GEO_ADMIN1 ? "admin1" : "country",
                   pl[j].population, pl[j].lat, pl[j].lon, pl[j].geonameid);
        }
        if (total > 8)
            printf("  ... %zu places in all\n", total);
        if (!any)
            printf("  (no match)\n");
    }
}

/* 'tacitus dict check|lookup|import' (see help). Returns TAC_EXIT_USAGE for a
 * bad command line, TAC_EXIT_DATA when the dictionaries or the gazetteer do not
 * load or verify (import: see dict_import). Phrases past the 64th are ignored;
 * import takes at most 64 files. */
int cmd_dict(int argc, char **argv)
{
    engine_opts eo = {0};
    const char *sub = NULL, *into = NULL;
    const char *phrases[64];
    int np = 0, petrarch = 0, extra = 0, bare = 0;
    for (int i = 1; i < argc; i++) {
        int r = engine_opt(argc, argv, &i, &eo, "dict");
        if (r < 0)
            return TAC_EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help, stdout);
            return TAC_EXIT_OK;
        }
        if (strcmp(argv[i], "--petrarch") == 0) {
            petrarch = 1;
            continue;
        }
        if (strcmp(argv[i], "--bare-verbs") == 0) {
            bare = 1;
            continue;
        }
        if (strcmp(argv[i], "--into") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "tacitus dict: --into needs a value\n");
                return TAC_EXIT_USAGE;
            }
            into = argv[++i];
            continue;
        }
        if (argv[i][0] == '-') {
            fprintf(stderr, "tacitus dict: unknown option '%s'\n", argv[i]);
            return TAC_EXIT_USAGE;
        }
        if (!sub)
            sub = argv[i];
        else if (np < 64)
            phrases[np++] = argv[i];
        else
            extra = 1;
    }
    if (!sub || (strcmp(sub, "check") && strcmp(sub, "lookup") && strcmp(sub, "import"))) {
        fputs(help, stderr);
        return TAC_EXIT_USAGE;
    }
    if (strcmp(sub, "import") == 0) {
        if (!petrarch || np == 0 || extra) {
            fprintf(stderr, "tacitus dict: import needs --petrarch and 1 to 64 dictionary files "
                            "(see 'tacitus dict --help')\n");
            return TAC_EXIT_USAGE;
        }
        if (eo.gazetteer || eo.max_bytes) {
            fprintf(stderr, "tacitus dict: import takes no --gazetteer or --max-bytes\n");
            return TAC_EXIT_USAGE;
        }
        return dict_import(eo.data_dir, into, phrases, np, bare ? PETR_BARE_VERBS : 0);
    }
    if (petrarch || into || bare) {
        fprintf(stderr, "tacitus dict: --petrarch, --into and --bare-verbs are options of 'dict import'\n");
        return TAC_EXIT_USAGE;
    }
    tac_engine *e = open_engine(&eo, "dict");
    if (!e)
        return TAC_EXIT_DATA;
    if (strcmp(sub, "check") == 0) {
        char err[512];
        if (geo_verify(tac_engine_geo(e), tac_engine_gazetteer_path(e), err, sizeof err) < 0) {
            fprintf(stderr, "tacitus dict: %s\n", err);
            tac_engine_close(e);
            return TAC_EXIT_DATA;
        }
        printf("dictionaries ok: %zu actors, %zu phrases; gazetteer ok: %zu places (checksum verified)\n",
               tac_engine_actor_count(e), lexicon_phrase_count(tac_engine_lexicon(e)), tac_engine_place_count(e));
        tac_engine_close(e);
        return TAC_EXIT_OK;
    }
    dict_lookup(e, phrases, np);
    tac_engine_close(e);
    return TAC_EXIT_OK;
}
