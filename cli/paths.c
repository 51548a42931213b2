/*
 * paths.c - finding the dictionary folder, the gazetteer and the page's folder
 * at run time (see paths.h for the order), so that an installed binary, a
 * build tree and a clone moved elsewhere each find their own files without
 * any path compiled in.
 */
#include "paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* the last resort: the Makefile's DEFS set them to the source tree it builds in */
#if !defined(TACITUS_DEFAULT_DATA) || !defined(TACITUS_DEFAULT_GAZETTEER) || !defined(TACITUS_DEFAULT_WEB)
#error "compile with the Makefile's DEFS (TACITUS_DEFAULT_DATA, TACITUS_DEFAULT_GAZETTEER, TACITUS_DEFAULT_WEB)"
#endif

typedef struct path_spec {
    const char *env;       /* its own environment variable */
    const char *env_why;   /* "set by " that variable, for messages */
    const char *installed; /* its name under TACITUS_HOME and PREFIX/share/tacitus */
    const char *tree;      /* its name in a source tree */
    int is_dir;            /* a folder (else a regular file) */
    const char *builtin;   /* the compiled-in default */
} path_spec;

static const path_spec specs[CLI_PATH_KINDS] = {
    [CLI_PATH_DATA] = {"TACITUS_DATA", "set by TACITUS_DATA", "data", "data", 1, TACITUS_DEFAULT_DATA},
    [CLI_PATH_GAZETTEER] = {"TACITUS_GAZETTEER", "set by TACITUS_GAZETTEER", "gazetteer.bin", "build/gazetteer.bin", 0,
                            TACITUS_DEFAULT_GAZETTEER},
    [CLI_PATH_WEB] = {"TACITUS_WEB", "set by TACITUS_WEB", "web", "web", 1, TACITUS_DEFAULT_WEB},
};

static char found[CLI_PATH_KINDS][PATH_MAX + 64];

/* 1 when path is a folder (is_dir) or a regular file (else) that stat can see. */
static int exists(const char *path, int is_dir)
{
    struct stat sb;
    return stat(path, &sb) == 0 && (is_dir ? S_ISDIR(sb.st_mode) : S_ISREG(sb.st_mode));
}

/* Write dir/name into out (cap bytes). Returns 1 when it fitted, else 0. */
static int join(char *out, size_t cap, const char *dir, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", dir, name);
    return n > 0 && (size_t)n < cap;
}

/* Cut the last component off the absolute path p in place ("/a/b" -> "/a",
 * "/a" -> ""). Returns 1 when something is left to look in, else 0. */
static int up(char *p)
{
    char *slash = strrchr(p, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    return p[0] != '\0';
}

/* Look beside the running binary for the path of spec s (paths.h, step 4):
 * into out (cap bytes). Returns 1 when an existing one was found, else 0. */
static int beside_binary(const path_spec *s, char *out, size_t cap)
{
    char root[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", root, sizeof root - 1);
    if (n <= 0)
        return 0;
    root[n] = '\0';
    if (!up(root) || !up(root)) /* the binary's name, then its folder */
        return 0;
    char share[PATH_MAX + 16];
    if (join(share, sizeof share, root, "share/tacitus") && join(out, cap, share, s->installed) &&
        exists(out, s->is_dir))
        return 1;
    for (int depth = 0; depth < 2; depth++) {
        if (join(out, cap, root, s->tree) && exists(out, s->is_dir))
            return 1;
        if (!up(root))
            break;
    }
    return 0;
}

/* See paths.h. */
const char *cli_path(cli_path_kind k, const char *opt, const char **how)
{
    const path_spec *s = &specs[k];
    char *buf = found[k];
    const size_t cap = sizeof found[k];
    const char *res = buf, *why, *home = getenv("TACITUS_HOME");
    if (opt && *opt) {
        why = "given on the command line";
        res = opt;
    } else if ((res = getenv(s->env)) && *res) {
        why = s->env_why;
    } else if (home && *home) {
        why = "under TACITUS_HOME";
        res = buf;
        char alt[sizeof found[k]];
        join(buf, cap, home, s->installed);
        if (!exists(buf, s->is_dir) && join(alt, sizeof alt, home, s->tree) && exists(alt, s->is_dir))
            snprintf(buf, cap, "%s", alt);
    } else if (beside_binary(s, buf, cap)) {
        why = "found beside the binary";
        res = buf;
    } else {
        why = "the built-in default";
        res = s->builtin;
    }
    if (how)
        *how = why;
    return res;
}
