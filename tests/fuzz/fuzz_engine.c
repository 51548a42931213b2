/*
 * fuzz_engine.c - libFuzzer harness for the whole engine on one document, as
 * 'tacitus code --published 2024-05-15 FILE' reads it: the input stage
 * (binary check, UTF-8 repair, HTML detected and reduced to its article text,
 * its headline and date), then every stage of the engine and the JSON writer.
 * The bytes are the file (text or HTML: the seeds hold both; fuzz_html fuzzes
 * the HTML stage alone). Besides the sanitizers, output that is not one valid
 * JSON object per line is a finding.
 */
#include "fuzz_common.h"
#include "input.h"
#include "tacitus.h"

static tac_coder *coder;
static char doc_path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    coder = fuzz_coder("fuzz_engine");
    fuzz_path(doc_path, sizeof doc_path, "doc");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(doc_path, data, size);
    input_doc d = {0};
    char err[1024];
    if (input_read_file(doc_path, 10u << 20, &d, err, sizeof err) < 0) {
        input_doc_free(&d);
        return 0;
    }
    tac_doc doc = {d.id, d.title, d.published ? d.published : FUZZ_PUBLISHED, d.url, d.text, d.len,
                   d.published_from, d.source};
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    if (!f)
        exit(1);
    int rc = tac_code_write(coder, &doc, (const char *const *)d.warnings, d.nwarnings, TAC_FORMAT_JSON, f, err,
                            sizeof err);
    fclose(f);
    if (rc >= 0)
        fuzz_check_jsonl("tac_code_write", out, n);
    free(out);
    input_doc_free(&d);
    return 0;
}
