/*
 * fuzz_coded.c - libFuzzer harness for 'tacitus ingest --coded': the bytes
 * are JSON Lines of pre-coded records ('tacitus code' output), each stored as
 * cli/store.c does it (a record needs doc.id and an events array) with
 * store_add_document in a SQLite store: documents, events, incident grouping
 * and reconciliation, the figure history. The store is made once per process;
 * the documents of each input are deleted again after it (store_delete_documents,
 * which reconciles their incidents once more), so the store stays small and
 * every input meets the same store.
 */
#include "fuzz_common.h"
#include "input.h"
#include "store.h"

static store *st;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char path[512], err[1024];
    fuzz_path(path, sizeof path, "coded.db");
    if (store_open(path, 0, &st, err, sizeof err) < 0) {
        fprintf(stderr, "fuzz_coded: %s\n", err);
        exit(1);
    }
    return 0;
}

#define MAX_IDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f)
        return 0;
    line_reader r;
    line_reader_init(&r, f, 1u << 20);
    char *line, *ids[MAX_IDS];
    size_t len, nids = 0;
    int rc;
    while (nids < MAX_IDS && (rc = line_reader_next(&r, &line, &len)) != 0) {
        if (rc < 0)
            continue;
        json_error_t je;
        json_t *rec = json_loadb(line, len, 0, &je);
        const json_t *doc = json_object_get(rec, "doc");
        const char *id = json_string_value(json_object_get(doc, "id"));
        if (!rec || !id || !json_is_array(json_object_get(rec, "events"))) {
            json_decref(rec);
            continue;
        }
        char hash[33], err[1024];
        store_text_hash(line, len, hash);
        const char *text = json_string_value(json_object_get(doc, "text"));
        store_doc sd = {id,
                        json_string_value(json_object_get(doc, "url")),
                        json_string_value(json_object_get(doc, "title")),
                        json_string_value(json_object_get(doc, "published")),
                        json_string_value(json_object_get(doc, "source")),
                        text,
                        text ? strlen(text) : 0,
                        hash};
        store_result res;
        int added = store_add_document(st, &sd, rec, &res, err, sizeof err);
        if (added == 0 && !(ids[nids++] = strdup(id)))
            exit(1);
        json_decref(rec);
    }
    line_reader_free(&r);
    fclose(f);
    if (nids) {
        store_change ch = {0};
        char err[1024];
        if (store_delete_documents(st, (const char *const *)ids, nids, &ch, err, sizeof err) < 0)
            fuzz_fail("store_delete_documents: %s", err);
    }
    for (size_t i = 0; i < nids; i++)
        free(ids[i]);
    return 0;
}
