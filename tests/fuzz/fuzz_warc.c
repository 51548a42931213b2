/*
 * fuzz_warc.c - libFuzzer harness for the web-archive reader, as 'tacitus
 * code --warc FILE' reads it (src/engine/warc.c): the bytes are a WARC file,
 * plain or gzip (one member per record, or not); warc_open, then warc_next
 * until the end (a corrupt record is reported and reading goes on), each HTML
 * response reduced by the input stage. The first two documents are coded by
 * the engine. Findings besides the sanitizers: a document whose text or
 * headline is not valid UTF-8, output that is not valid JSON,
 * a reader that does not reach the end (more than 10,000 calls).
 */
#include "fuzz_common.h"
#include "input.h"
#include "tacitus.h"
#include "warc.h"

static tac_coder *coder;
static char path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    coder = fuzz_coder("fuzz_warc");
    fuzz_path(path, sizeof path, "fuzz.warc");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write(path, data, size);
    warc_reader *r;
    char err[1024];
    if (warc_open(path, &r, err, sizeof err) < 0)
        return 0;
    int rc, coded = 0, calls = 0;
    input_doc d;
    while ((rc = warc_next(r, 1u << 20, &d, err, sizeof err)) != 0) {
        if (++calls > 10000)
            fuzz_fail("warc_next: no end after 10,000 calls on %zu bytes", size);
        if (rc < 0)
            continue;
        /* (the id, URL and date are the record's bytes: the writers repair, the engine checks) */
        if (d.title && !fuzz_utf8_ok(d.title, strlen(d.title)))
            fuzz_fail("warc_next: the headline is not valid UTF-8: %.200s", d.title);
        if (!d.text || !fuzz_utf8_ok(d.text, d.len))
            fuzz_fail("warc_next: the text is not valid UTF-8");
        if (coded++ < 2) {
            tac_doc doc = {d.id, d.title, d.published ? d.published : FUZZ_PUBLISHED, d.url, d.text, d.len,
                           d.published_from, d.source};
            const char *out = tac_code_json(coder, &doc, err, sizeof err);
            if (out)
                fuzz_check_jsonl("tac_code_json", out, strlen(out));
        }
        input_doc_free(&d);
    }
    warc_close(r);
    return 0;
}
