/*
 * fuzz_common.h - what the libFuzzer harnesses of tests/fuzz/ share: a
 * private temporary folder per process (removed at exit) for the inputs that
 * tacitus reads from files, the paths of the repository's dictionaries and
 * gazetteer, and the checks that turn wrong output into a crash the fuzzer
 * reports: output that is not valid JSON or not valid UTF-8 (fuzz_fail aborts
 * with a message naming what failed). Each harness is one .c file including
 * this header; built by mk/fuzz.mk (docs/fuzzing.md).
 */
#ifndef TACITUS_FUZZ_COMMON_H
#define TACITUS_FUZZ_COMMON_H

#include <dirent.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tacitus.h"

#ifndef TACITUS_DEFAULT_DATA
#define TACITUS_DEFAULT_DATA "data"
#endif
#ifndef TACITUS_DEFAULT_GAZETTEER
#define TACITUS_DEFAULT_GAZETTEER "build/gazetteer.bin"
#endif
#define FUZZ_DATA TACITUS_DEFAULT_DATA
#define FUZZ_GAZETTEER TACITUS_DEFAULT_GAZETTEER
/* the date given to documents that carry none, as 'tacitus code --published' does */
#define FUZZ_PUBLISHED "2024-05-15"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Open the engine on the repository's dictionaries and gazetteer, and a coder
 * (exits naming who on failure: not a finding). */
static inline tac_coder *fuzz_coder(const char *who)
{
    static tac_engine *engine;
    char err[1024];
    tac_options o = {FUZZ_DATA, FUZZ_GAZETTEER, 0};
    tac_coder *c = NULL;
    if ((!engine && tac_engine_open(&o, &engine, err, sizeof err) < 0) || !(c = tac_coder_new(engine))) {
        fprintf(stderr, "%s: %s\n", who, engine ? "out of memory" : err);
        exit(1);
    }
    return c;
}

/* Report a finding that is not a sanitizer error (bad output) and abort, so
 * libFuzzer saves the input as a crash. */
static inline void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static inline void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: FAILED: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

static char fuzz_dir[256];

/* Remove the temporary folder and what is in it (one level). */
static inline void fuzz_cleanup(void)
{
    if (!fuzz_dir[0])
        return;
    DIR *d = opendir(fuzz_dir);
    if (d) {
        struct dirent *e;
        char p[512];
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                snprintf(p, sizeof p, "%s/%s", fuzz_dir, e->d_name);
                unlink(p);
            }
        closedir(d);
    }
    rmdir(fuzz_dir);
}

/* The process's temporary folder (made on the first call, in $TMPDIR or /tmp). */
static inline const char *fuzz_tmpdir(void)
{
    if (!fuzz_dir[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(fuzz_dir, sizeof fuzz_dir, "%s/tacitus-fuzz.XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(fuzz_dir)) {
            perror("fuzz: mkdtemp");
            exit(1);
        }
        atexit(fuzz_cleanup);
    }
    return fuzz_dir;
}

/* The path of a file named name in the temporary folder (a static buffer per call site is the caller's). */
static inline void fuzz_path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", fuzz_tmpdir(), name);
}

/* Write data[0..n) to path (replacing it); exits on an I/O error (not a finding). */
static inline void fuzz_write(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* Copy into dir the lines of FUZZ_DATA/file that are not comments and contain one
 * of keys (case-insensitive; NULL keys: every line), at most max of them. */
static inline void fuzz_mini_file(const char *dir, const char *file, const char *const *keys, int max)
{
    char from[1024], to[1024], line[8192];
    snprintf(from, sizeof from, "%s/%s", FUZZ_DATA, file);
    snprintf(to, sizeof to, "%s/%s", dir, file);
    FILE *in = fopen(from, "r"), *out = fopen(to, "w");
    if (!in || !out) {
        perror(file);
        exit(1);
    }
    int n = 0;
    while (n < max && fgets(line, sizeof line, in)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        int keep = !keys;
        for (const char *const *k = keys; k && *k && !keep; k++)
            keep = strcasestr(line, *k) != NULL;
        if (keep && ++n)
            fputs(line, out);
    }
    fclose(in);
    if (fclose(out) != 0)
        exit(1);
}

/* A small data folder in dir: the entries of the dictionaries that the short
 * reports of the harnesses need (a few actors, agents, forces and event words
 * of Afghanistan and Pakistan), the word classes and stopwords whole. Loading
 * it takes a fraction of a millisecond, loading data/ tens under ASan: for
 * harnesses that load dictionaries on every input. */
static inline void fuzz_mini_data(const char *dir)
{
    static const char *const actors[] = {"Tehreek-i-Taliban Pakistan |", "Jamaat-ul-Ahrar |", NULL};
    static const char *const forces[] = {"Forces of Pakistan |", "Forces of Afghanistan |", NULL};
    static const char *const agents[] = {"police;", "soldier", "fighters", "civilians;", "gunmen", NULL};
    static const char *const vocab[] = {"| event | attack", "| event | bombing", "| casualty | killed",
                                        "| casualty | wounded", NULL};
    static const char *const titles[] = {"police chief", "interior minister", NULL};
    fuzz_mini_file(dir, "actors.txt", actors, 4);
    fuzz_mini_file(dir, "forces.txt", forces, 4);
    fuzz_mini_file(dir, "agents.txt", agents, 8);
    fuzz_mini_file(dir, "vocab.txt", vocab, 12);
    fuzz_mini_file(dir, "titles.txt", titles, 4);
    fuzz_mini_file(dir, "wordclasses.txt", NULL, 100000);
    fuzz_mini_file(dir, "stopwords.txt", NULL, 100000);
}

/* 1 when s[0..n) is valid UTF-8 (no overlong forms, surrogates or code points over U+10FFFF). */
static inline int fuzz_utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!k || i + k > n || (k == 2 && c < 0xC2))
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                return 0;
        if (k == 3 && ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] >= 0xA0)))
            return 0;
        if (k == 4 && ((c == 0xF0 && p[i + 1] < 0x90) || c > 0xF4 || (c == 0xF4 && p[i + 1] >= 0x90)))
            return 0;
        i += k;
    }
    return 1;
}

/* Check that out[0..n) is JSON Lines: every non-empty line one JSON object. */
static inline void fuzz_check_jsonl(const char *what, const char *out, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(out + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - (out + i)) : n - i;
        if (len) {
            json_error_t je;
            json_t *v = json_loadb(out + i, len, 0, &je);
            if (!json_is_object(v))
                fuzz_fail("%s wrote a line that is not a JSON object (%s at column %d): %.300s", what, je.text,
                          je.column, out + i);
            json_decref(v);
        }
        i += len + 1;
    }
}

#endif
