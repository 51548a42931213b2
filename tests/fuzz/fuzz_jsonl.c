/*
 * fuzz_jsonl.c - libFuzzer harness for the JSON Lines reader, as 'tacitus
 * code FILE.jsonl' and 'tacitus ingest' read documents: line_reader (bounded
 * lines) over the bytes, input_parse_jsonl on each line ({"id", "text",
 * "title"?, "published"?, "url"?, "source"?}: UTF-8 repair, HTML in "text"),
 * and the first two records it accepts coded by the engine. Findings besides
 * the sanitizers: an accepted record whose fields are not valid UTF-8 or whose
 * date is not YYYY-MM-DD, output that is not valid JSON.
 */
#include "fuzz_common.h"
#include "input.h"
#include "tacitus.h"

static tac_coder *coder;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    coder = fuzz_coder("fuzz_jsonl");
    return 0;
}

static void check_field(const char *name, const char *s)
{
    if (s && !fuzz_utf8_ok(s, strlen(s)))
        fuzz_fail("input_parse_jsonl: \"%s\" is not valid UTF-8: %.200s", name, s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f)
        return 0;
    line_reader r;
    line_reader_init(&r, f, 1u << 20); /* small, so that the fuzzer reaches the too-long case */
    char *line;
    size_t len;
    int rc, coded = 0;
    while ((rc = line_reader_next(&r, &line, &len)) != 0) {
        if (rc < 0)
            continue;
        input_doc d = {0};
        char err[1024];
        if (input_parse_jsonl(line, len, 1u << 20, &d, err, sizeof err) == 0) {
            check_field("id", d.id), check_field("title", d.title), check_field("url", d.url);
            check_field("source", d.source);
            if (!fuzz_utf8_ok(d.text, d.len))
                fuzz_fail("input_parse_jsonl: \"text\" is not valid UTF-8");
            if (d.published && !tac_valid_date(d.published))
                fuzz_fail("input_parse_jsonl: \"published\" is not YYYY-MM-DD: %.40s", d.published);
            if (coded++ < 2) {
                tac_doc doc = {d.id, d.title, d.published ? d.published : FUZZ_PUBLISHED, d.url, d.text, d.len,
                               d.published_from, d.source};
                const char *out = tac_code_json(coder, &doc, err, sizeof err);
                if (out)
                    fuzz_check_jsonl("tac_code_json", out, strlen(out));
            }
        }
        input_doc_free(&d);
    }
    line_reader_free(&r);
    fclose(f);
    return 0;
}
