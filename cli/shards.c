/*
 * shards.c - 'tacitus shards': the list of input files (shards) that a batch
 * system codes one task each (deploy/slurm/, docs/scale.md). It holds the one
 * rule that names a shard's output, so that the job scripts ask tacitus for
 * paths and names instead of computing them, and it lists the shards whose
 * output is not complete, as paths or as a Slurm --array spec, to resubmit.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char help[] =
    "usage: tacitus shards count LIST\n"
    "       tacitus shards path LIST INDEX\n"
    "       tacitus shards name LIST INDEX\n"
    "       tacitus shards outputs LIST OUTDIR\n"
    "       tacitus shards missing [--indices] LIST OUTDIR\n"
    "\n"
    "LIST is a text file with one shard a line: an input file of 'tacitus code' (JSON\n"
    "Lines, a web archive .warc or .warc.gz, a text or HTML file), its path as the job\n"
    "will open it. Blank lines and lines starting with '#' are not shards; spaces and\n"
    "tabs around a line are trimmed. Shard INDEX is its number among the shards, from 1\n"
    "(the Slurm array task id that codes it): comments do not count.\n"
    "\n"
    "A shard's NAME is its INDEX, zero-padded to 6 digits, a '-', and its file name (the\n"
    "part after the last '/', at most 200 bytes, each byte other than A-Z a-z 0-9 . _ + -\n"
    "made '_'): shard 3, 'cc/CC-NEWS-001.warc.gz', is '000003-CC-NEWS-001.warc.gz'. Two\n"
    "shards never share a NAME, even of one file name; appending to LIST keeps the names\n"
    "of the shards before, inserting or deleting lines renumbers those after. Its output is\n"
    "OUTDIR/NAME.jsonl, and it is done when that file and its marker OUTDIR/NAME.done both\n"
    "exist (the job writes the marker after renaming the complete output into place).\n"
    "\n"
    "count    print the number of shards (N of 'sbatch --array=1-N')\n"
    "path     print the path of shard INDEX, as LIST gives it\n"
    "name     print the NAME of shard INDEX\n"
    "outputs  print OUTDIR/NAME.jsonl of every shard, in LIST order\n"
    "missing  print the path of every shard not done, in LIST order, and a count on\n"
    "         stderr; with --indices, their INDEXes instead, as one 'sbatch --array'\n"
    "         spec (2,5-7)\n"
    "\n"
    "exit status: 0 ok (missing: every shard is done); 1 (missing) some shards are not\n"
    "done; 2 usage, a LIST with no shard, an INDEX out of range; 4 LIST cannot be read.\n";

/* The shards of a list, in order: n paths into text, the list's bytes. */
typedef struct shard_list {
    char *text;  /* malloc'd: the file, each shard's line cut (NUL-terminated) in place */
    char **path; /* malloc'd */
    size_t n;
} shard_list;

/* Free what l holds. */
static void list_free(shard_list *l)
{
    free(l->text);
    free(l->path);
    memset(l, 0, sizeof *l);
}

/* Read all of f into a malloc'd buffer, NUL-terminated; its length to *len.
 * Returns the buffer, or NULL on a read error or when out of memory (errno
 * set). */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - 1 - n, f);
        if (ferror(f))
            break;
        if (n < cap - 1) { /* end of file */
            buf[n] = '\0';
            *len = n;
            return buf;
        }
        char *bigger = cap < SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
        if (!bigger) {
            errno = ENOMEM;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int e = buf ? errno : ENOMEM;
    free(buf);
    errno = e;
    return NULL;
}

/* Trim the line s (len bytes, no newline) of spaces, tabs and a CR in place
 * (NUL-terminating it) and return where it starts, or NULL when it is blank
 * or a comment. */
static char *list_entry(char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && strchr(" \t\r", s[len - 1]))
        len--;
    s[len] = '\0';
    return len && *s != '#' ? s : NULL;
}

/* Cut the n bytes of l->text into lines and keep their shards in l->path.
 * Returns 0, or -1 when out of memory. */
static int list_split(shard_list *l, size_t n)
{
    size_t lines = 1;
    for (const char *p = l->text; (p = memchr(p, '\n', n - (size_t)(p - l->text))); p++)
        lines++;
    if (!(l->path = malloc(lines * sizeof *l->path)))
        return -1;
    char *p = l->text, *end = l->text + n;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *e = list_entry(p, len);
        if (e)
            l->path[l->n++] = e;
        p += len + 1;
    }
    return 0;
}

/* Read the shards of the file file into l (empty on entry). Returns
 * TAC_EXIT_OK; TAC_EXIT_IO when the file cannot be read or memory runs out,
 * TAC_EXIT_USAGE when it holds no shard or a NUL byte (no text file): each
 * reported on stderr naming the file, and l left empty. */
static int list_read(const char *file, shard_list *l)
{
    FILE *f = fopen(file, "r");
    size_t n = 0;
    if (!f || !(l->text = read_all(f, &n))) {
        fprintf(stderr, "tacitus shards: %s: cannot read the list: %s\n", file, strerror(errno));
        if (f)
            fclose(f);
        return TAC_EXIT_IO;
    }
    fclose(f);
    const char *nul = memchr(l->text, '\0', n);
    int rc = TAC_EXIT_OK;
    if (nul) {
        size_t lineno = 1;
        for (const char *p = l->text; p < nul; p++)
            lineno += *p == '\n';
        fprintf(stderr, "tacitus shards: %s:%zu: a NUL byte: not a list of paths\n", file, lineno);
        rc = TAC_EXIT_USAGE;
    } else if (list_split(l, n) < 0) {
        fprintf(stderr, "tacitus shards: %s: out of memory\n", file);
        rc = TAC_EXIT_IO;
    } else if (l->n == 0) {
        fprintf(stderr, "tacitus shards: %s: no shard in the list (only blank lines and comments)\n", file);
        rc = TAC_EXIT_USAGE;
    }
    if (rc != TAC_EXIT_OK)
        list_free(l);
    return rc;
}

/* Whether byte c stays as it is in a NAME. */
static int name_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '+' || c == '-';
}

/* The NAME of shard index (from 1) at path into buf (see help). */
#define NAME_BASE_MAX 200
#define NAME_CAP (32 + NAME_BASE_MAX)
static void shard_name(const char *path, size_t index, char buf[NAME_CAP])
{
    const char *slash = strrchr(path, '/');
    const char *b = slash ? slash + 1 : path;
    int n = snprintf(buf, NAME_CAP, "%06zu-", index);
    size_t k = (size_t)n;
    for (size_t i = 0; b[i] && i < NAME_BASE_MAX; i++)
        buf[k++] = name_byte((unsigned char)b[i]) ? b[i] : '_';
    buf[k] = '\0';
}

/* The length of dir without its trailing slashes (but "/" stays "/"). */
static int dir_len(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    return n > 1 || dir[0] != '/' ? (int)n : 0; /* "/" + "/NAME" is "/NAME" */
}

/* Whether path names a regular file. */
static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether shard index (from 1) at path is done in outdir: OUTDIR/NAME.jsonl
 * and OUTDIR/NAME.done are both regular files. Returns 1, 0, or -1 when out
 * of memory (reported). */
static int shard_done(const char *outdir, const char *path, size_t index)
{
    char name[NAME_CAP];
    shard_name(path, index, name);
    size_t len = strlen(outdir) + strlen(name) + 16;
    char *p = malloc(len);
    if (!p) {
        fprintf(stderr, "tacitus shards: out of memory\n");
        return -1;
    }
    snprintf(p, len, "%.*s/%s.jsonl", dir_len(outdir), outdir, name);
    int done = is_file(p);
    snprintf(p, len, "%.*s/%s.done", dir_len(outdir), outdir, name);
    done = done && is_file(p);
    free(p);
    return done;
}

/* Parse s as a shard index of a list of n shards into *index. Returns 0, or
 * -1 (reported, naming list) when it is no number from 1 to n. */
static int parse_index(const char *s, size_t n, const char *list, size_t *index)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s < '0' || *s > '9' || *end || errno || v < 1 || v > n) {
        fprintf(stderr, "tacitus shards: INDEX '%s': expected a number from 1 to %zu (the shards of %s)\n", s, n,
                list);
        return -1;
    }
    *index = (size_t)v;
    return 0;
}

/* Print the indexes of the shards that are not done (missing[i] set, n
 * shards) as a Slurm --array spec: ascending, runs as FIRST-LAST. */
static void print_spec(const unsigned char *missing, size_t n)
{
    const char *sep = "";
    for (size_t i = 0; i < n; i++) {
        if (!missing[i])
            continue;
        size_t j = i;
        while (j + 1 < n && missing[j + 1])
            j++;
        if (j > i)
            printf("%s%zu-%zu", sep, i + 1, j + 1);
        else
            printf("%s%zu", sep, i + 1);
        sep = ",";
        i = j;
    }
    printf("\n");
}

/* 'shards missing' over the shards of l in outdir (see help); indices: print
 * the --array spec instead of the paths. Returns the exit status. */
static int shards_missing(const shard_list *l, const char *list, const char *outdir, int indices)
{
    unsigned char *missing = calloc(l->n, 1);
    if (!missing) {
        fprintf(stderr, "tacitus shards: out of memory\n");
        return TAC_EXIT_IO;
    }
    size_t count = 0;
    for (size_t i = 0; i < l->n; i++) {
        int d = shard_done(outdir, l->path[i], i + 1);
        if (d < 0) {
            free(missing);
            return TAC_EXIT_IO;
        }
        if (!d) {
            missing[i] = 1;
            count++;
            if (!indices)
                printf("%s\n", l->path[i]);
        }
    }
    if (indices && count)
        print_spec(missing, l->n);
    free(missing);
    fprintf(stderr, "tacitus shards: %zu of %zu shards of %s not done in %s\n", count, l->n, list, outdir);
    return count ? TAC_EXIT_PARTIAL : TAC_EXIT_OK;
}

/* Print OUTDIR/NAME.jsonl of every shard of l, in order. Returns TAC_EXIT_OK. */
static int shards_outputs(const shard_list *l, const char *outdir)
{
    for (size_t i = 0; i < l->n; i++) {
        char name[NAME_CAP];
        shard_name(l->path[i], i + 1, name);
        printf("%.*s/%s.jsonl\n", dir_len(outdir), outdir, name);
    }
    return TAC_EXIT_OK;
}

/* The operands each action takes after LIST: its name and what it is. */
static const struct action {
    const char *name;
    const char *operand; /* INDEX, OUTDIR, or NULL for none */
} actions[] = {
    {"count", NULL}, {"path", "INDEX"}, {"name", "INDEX"}, {"outputs", "OUTDIR"}, {"missing", "OUTDIR"},
};

/* Find the action argv[1] of 'tacitus shards', check the operands that follow
 * (and --indices, which only 'missing' takes: *indices). Returns the action,
 * or NULL on a usage error (reported). */
static const struct action *parse_action(int argc, char **argv, int *indices, char **ops)
{
    const struct action *a = NULL;
    for (size_t k = 0; argc > 1 && k < sizeof actions / sizeof *actions; k++)
        if (strcmp(argv[1], actions[k].name) == 0)
            a = &actions[k];
    if (!a) {
        fprintf(stderr, "tacitus shards: %s%s%s (see 'tacitus shards --help')\n",
                argc > 1 ? "unknown action '" : "no action given", argc > 1 ? argv[1] : "", argc > 1 ? "'" : "");
        return NULL;
    }
    int nops = 0, want = a->operand ? 2 : 1;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--indices") == 0 && strcmp(a->name, "missing") == 0)
            *indices = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "tacitus shards %s: unknown option '%s' (see --help)\n", a->name, argv[i]);
            return NULL;
        } else if (nops < 2)
            ops[nops++] = argv[i];
        else
            nops = 3;
    }
    if (nops == want && a->operand && !*ops[1]) {
        fprintf(stderr, "tacitus shards %s: %s is empty\n", a->name, a->operand);
        return NULL;
    }
    if (nops != want) {
        fprintf(stderr, "tacitus shards %s: expected LIST%s%s (see --help)\n", a->name, a->operand ? " " : "",
                a->operand ? a->operand : "");
        return NULL;
    }
    return a;
}

/* 'tacitus shards' (see help). Returns the exit status. */
int cmd_shards(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(help, stdout);
            return TAC_EXIT_OK;
        }
    int indices = 0;
    char *ops[2] = {NULL, NULL};
    const struct action *a = parse_action(argc, argv, &indices, ops);
    if (!a)
        return TAC_EXIT_USAGE;
    shard_list l = {0};
    int rc = list_read(ops[0], &l);
    size_t index = 0;
    if (rc == TAC_EXIT_OK && a->operand && strcmp(a->operand, "INDEX") == 0 &&
        parse_index(ops[1], l.n, ops[0], &index) < 0)
        rc = TAC_EXIT_USAGE;
    if (rc != TAC_EXIT_OK) {
        list_free(&l);
        return rc;
    }
    char name[NAME_CAP];
    if (strcmp(a->name, "count") == 0)
        printf("%zu\n", l.n);
    else if (strcmp(a->name, "path") == 0)
        printf("%s\n", l.path[index - 1]);
    else if (strcmp(a->name, "name") == 0) {
        shard_name(l.path[index - 1], index, name);
        printf("%s\n", name);
    } else if (strcmp(a->name, "outputs") == 0)
        rc = shards_outputs(&l, ops[1]);
    else
        rc = shards_missing(&l, ops[0], ops[1], indices);
    list_free(&l);
    return rc;
}
