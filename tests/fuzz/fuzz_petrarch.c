/*
 * fuzz_petrarch.c - libFuzzer harness for 'tacitus dict import --petrarch'
 * (src/engine/petrarch.c, cli/dict.c): the bytes after the first are one
 * PETRARCH/TABARI dictionary; the first byte picks its kind (bits 0-1:
 * detected from the content, actors, agents, verbs) and bit 2 the
 * --bare-verbs flag. The importer checks phrases against the repository's
 * dictionaries (lexicon_load_base, once). What it writes must load: the four
 * outputs become the imported-*.txt files of a private copy of data/ and the
 * dictionaries are loaded from it; a refusal there is a finding (the import
 * wrote a dictionary tacitus cannot read), as are the sanitizers' reports.
 */
#include <dirent.h>

#include "fuzz_common.h"
#include "lexicon.h"
#include "petrarch.h"

static lexicon *base;
static char dir[512];
static const char *const outputs[PO_MAX] = {"imported-actors.txt", "imported-agents.txt", "imported-titles.txt",
                                            "imported-vocab.txt", "imported-cameo.txt"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char err[1024];
    if (lexicon_load_base(FUZZ_DATA, &base, err, sizeof err) < 0) {
        fprintf(stderr, "fuzz_petrarch: %s\n", err);
        exit(1);
    }
    snprintf(dir, sizeof dir, "%s", fuzz_tmpdir());
    DIR *d = opendir(FUZZ_DATA);
    struct dirent *e;
    char from[1024], to[1024];
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' || strncmp(e->d_name, "imported-", 9) == 0)
            continue;
        snprintf(from, sizeof from, "%s/%s", FUZZ_DATA, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
        if (symlink(from, to) != 0) {
            perror(to);
            exit(1);
        }
    }
    if (d)
        closedir(d);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const petr_kind kinds[4] = {PETR_DETECT, PETR_ACTORS, PETR_AGENTS, PETR_VERBS};
    char *buf[PO_MAX] = {0};
    size_t len[PO_MAX] = {0};
    FILE *out[PO_MAX];
    for (int i = 0; i < PO_MAX; i++)
        if (!(out[i] = open_memstream(&buf[i], &len[i])))
            exit(1);
    petr_importer *im = petr_importer_new(base, out, data[0] & 4 ? PETR_BARE_VERBS : 0);
    if (!im)
        exit(1);
    petr_stats st;
    char err[1024];
    int rc = petr_import_buffer(im, "fuzz.txt", (const char *)data + 1, size - 1, kinds[data[0] & 3], &st, err,
                                sizeof err);
    petr_importer_free(im);
    unsigned long written = 0;
    for (int i = 0; i < PO_MAX; i++) {
        fclose(out[i]);
        written += st.written[i];
    }
    if (rc == PETR_OK && written) {
        char path[1024];
        for (int i = 0; i < PO_MAX; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, outputs[i]);
            fuzz_write(path, buf[i], len[i]);
        }
        lexicon *lx;
        if (lexicon_load(dir, &lx, err, sizeof err) < 0)
            fuzz_fail("the import wrote dictionaries that do not load: %s", err);
        lexicon_free(lx);
    }
    for (int i = 0; i < PO_MAX; i++)
        free(buf[i]);
    return 0;
}
