/*
 * dict.c - 'tacitus dict': check the dictionaries and look phrases up in them.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "codes.h"
#include "engine.h"
#include "fold.h"
#include "geo.h"
#include "lexicon.h"

static const char help[] =
    "usage: tacitus dict check [--data DIR]\n"
    "       tacitus dict lookup [--data DIR] [--gazetteer FILE] PHRASE...\n"
    "\n"
    "check   load every dictionary, report its size, fail with file:line on the first error\n"
    "lookup  show what each PHRASE matches: actors, agents, titles, vocabulary, places\n";

/* 'tacitus dict check|lookup' (see help). Returns TAC_EXIT_USAGE for a bad
 * command line, TAC_EXIT_DATA when the dictionaries or the gazetteer do not load
 * or verify. Phrases past the 64th are ignored. */
int cmd_dict(int argc, char **argv)
{
    engine_opts eo = {0};
    const char *sub = NULL;
    const char *phrases[64];
    int np = 0;
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
        if (argv[i][0] == '-') {
            fprintf(stderr, "tacitus dict: unknown option '%s'\n", argv[i]);
            return TAC_EXIT_USAGE;
        }
        if (!sub)
            sub = argv[i];
        else if (np < 64)
            phrases[np++] = argv[i];
    }
    if (!sub || (strcmp(sub, "check") && strcmp(sub, "lookup"))) {
        fputs(help, stderr);
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
    const lexicon *lx = tac_engine_lexicon(e);
    const geo_gazetteer *g = tac_engine_geo(e);
    static const char *const kinds[] = {"", "actor", "agent", "title", "event", "casualty", "weapon",
                                        "target", "report", "context", "vague", "number", "hedge",
                                        "past", "month", "weekday", "timeword"};
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
                if (k == LK_ACTOR) {
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
    tac_engine_close(e);
    return TAC_EXIT_OK;
}
