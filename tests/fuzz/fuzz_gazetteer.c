/*
 * fuzz_gazetteer.c - libFuzzer harness for the gazetteer loader
 * (src/engine/geo.c): the bytes are a gazetteer file (the seed is a small
 * valid one built by tests/fuzz/make-gazetteer-seed.sh with build/gazc).
 * geo_open's checks, then geo_verify (what 'tacitus dict check' runs), the
 * look-ups (names, countries, admin1 codes, exact-case aliases) and, for a
 * file geo_open accepts, what 'tacitus code --gazetteer FILE' does with it:
 * the engine opened on it (with a few entries of each dictionary, which load
 * fast: fuzz_mini_data) codes two short reports, whose output must be valid
 * JSON (a country code or name from the file written unescaped is a finding).
 */
#include "engine.h"
#include "fuzz_common.h"
#include "geo.h"
#include "tacitus.h"

static char gaz_path[512];
static const char *const reports[] = {
    "Taliban fighters attacked a checkpoint in Afghanistan on Monday, killing 4 soldiers.",
    "A bomb killed six people in Quetta, Pakistan, and wounded 12 in Karachi, police said.",
};
static const char *const names[] = {"kabul", "karachi", "quetta", "afghanistan", "pakistan", "kpk",
                                    "afghan", "pakistani", "kandahar", "lahore", "zabul", "sindh"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_path(gaz_path, sizeof gaz_path, "fuzz.gaz");
    fuzz_mini_data(fuzz_tmpdir());
    return 0;
}

static volatile size_t sink;

/* Read the strings of a place to their ends (each must end inside the mapped file). */
static void check_place(const geo_place *p)
{
    sink += strlen(p->name) + strlen(p->admin1) + strlen(p->admin2) + strlen(p->country);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(gaz_path, data, size);
    geo_gazetteer *g;
    char err[1024];
    if (geo_open(gaz_path, &g, err, sizeof err) < 0)
        return 0;
    geo_verify(g, gaz_path, err, sizeof err);
    geo_place out[8];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = geo_lookup(g, names[i], strlen(names[i]), out, 8);
        for (size_t k = 0; k < n && k < 8; k++) {
            check_place(&out[k]);
            geo_exact_alias(g, names[i], strlen(names[i]), out[k].id);
            geo_place a;
            if (out[k].admin1_code[0] && geo_admin1(g, out[k].cc, out[k].admin1_code, &a) == 0)
                check_place(&a);
        }
    }
    static const char *const ccs[] = {"AF", "PK", "IN", "IR", "ZZ", "af", "\x01\x02"};
    for (size_t i = 0; i < sizeof ccs / sizeof ccs[0]; i++)
        if (geo_country(g, ccs[i], out) == 0)
            check_place(out);
    geo_max_tokens(g);
    geo_count(g);
    geo_close(g);
    /* 'tacitus code --gazetteer FILE': geo_open is all it checks */
    tac_options o = {fuzz_tmpdir(), gaz_path, 0}; /* small dictionaries: fast to load */
    tac_engine *e;
    if (tac_engine_open(&o, &e, err, sizeof err) < 0)
        return 0;
    tac_coder *c = tac_coder_new(e);
    for (size_t i = 0; c && i < sizeof reports / sizeof reports[0]; i++) {
        tac_doc doc = {"report", NULL, FUZZ_PUBLISHED, NULL, reports[i], strlen(reports[i]), NULL, NULL};
        const char *js = tac_code_json(c, &doc, err, sizeof err);
        if (js)
            fuzz_check_jsonl("tac_code_json", js, strlen(js));
    }
    tac_coder_free(c);
    tac_engine_close(e);
    return 0;
}
