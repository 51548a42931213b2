/*
 * fuzz_dict.c - libFuzzer harness for the dictionary loaders (the formats of
 * the data folder's .txt files, docs/dictionaries.md). The first byte picks the file the rest
 * replaces in a private copy of data/ (the other files are links to the
 * repository's): actors.txt, forces.txt, agents.txt, titles.txt, vocab.txt,
 * wordclasses.txt, stopwords.txt, or one of the imported-*.txt files 'dict
 * import' writes. The engine is then opened on that folder (lexicon_load,
 * lang_load, the gazetteer) and, when the dictionaries load, codes a short
 * fixed report, whose output must be valid JSON. A loader's refusal is not a
 * finding (it must name the file and line); a crash, leak or UB is.
 */
#include "fuzz_common.h"
#include "tacitus.h"

static const char *const files[] = {"actors.txt", "forces.txt", "agents.txt", "titles.txt",
                                    "vocab.txt", "wordclasses.txt", "stopwords.txt", "imported-actors.txt",
                                    "imported-agents.txt", "imported-titles.txt", "imported-vocab.txt"};
#define NFILES (sizeof files / sizeof files[0])

static const char report[] =
    "Gunmen of the Highland Front attacked a police post in Quetta on Monday, killing three officers, "
    "the provincial police chief said. Two militants were arrested.";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_tmpdir();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *name = files[data[0] % NFILES];
    const char *dir = fuzz_tmpdir();
    char path[1024];
    for (size_t i = 7; i < NFILES; i++) { /* an imported-*.txt file of an earlier input */
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    fuzz_mini_data(dir); /* the file an earlier input replaced, back */
    snprintf(path, sizeof path, "%s/%s", dir, name);
    fuzz_write(path, data + 1, size - 1);
    tac_options o = {dir, FUZZ_GAZETTEER, 0};
    tac_engine *e;
    char err[1024];
    if (tac_engine_open(&o, &e, err, sizeof err) == 0) {
        tac_coder *c = tac_coder_new(e);
        tac_doc doc = {"report", NULL, FUZZ_PUBLISHED, NULL, report, sizeof report - 1, NULL, NULL};
        const char *out = c ? tac_code_json(c, &doc, err, sizeof err) : NULL;
        if (out)
            fuzz_check_jsonl("tac_code_json", out, strlen(out));
        tac_coder_free(c);
        tac_engine_close(e);
    } else if (!strstr(err, name) && !strstr(err, "out of memory")) {
        fuzz_fail("the loaders refused %s without naming it: %s", name, err);
    }
    return 0;
}
