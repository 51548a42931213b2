/*
 * paths.h - where the command line finds what it reads at run time: the
 * dictionary folder (data/), the compiled gazetteer and the dashboard page's
 * folder (web/), whether tacitus runs from its build tree, from a clone moved
 * elsewhere or installed by 'make install' (PREFIX/bin/tacitus beside
 * PREFIX/share/tacitus/{data,gazetteer.bin,web}).
 */
#ifndef TACITUS_CLI_PATHS_H
#define TACITUS_CLI_PATHS_H

typedef enum cli_path_kind {
    CLI_PATH_DATA,      /* the dictionary folder */
    CLI_PATH_GAZETTEER, /* the compiled gazetteer file */
    CLI_PATH_WEB,       /* the page's folder (index.html, app.js, vendor/) */
    CLI_PATH_KINDS
} cli_path_kind;

/* The path of kind k, the first of:
 *   1. opt (the command-line option), when not NULL or empty;
 *   2. the environment variable TACITUS_DATA, TACITUS_GAZETTEER or TACITUS_WEB;
 *   3. under $TACITUS_HOME: data, gazetteer.bin (else build/gazetteer.bin, so
 *      that a source tree serves as a home) or web;
 *   4. beside the running binary (/proc/self/exe, symbolic links resolved):
 *      BINDIR/../share/tacitus/{data,gazetteer.bin,web} (an installed binary),
 *      then the source tree one or two folders up ({data,build/gazetteer.bin,web}
 *      of BINDIR/.. for build/tacitus, of BINDIR/../.. for build/asan/tacitus);
 *   5. the path compiled in (the Makefile's TACITUS_DEFAULT_DATA, ...).
 * Steps 1-3 are taken as they are (a missing file is then reported by whoever
 * opens it, naming the path); step 4 takes only a path that exists. Returns
 * opt itself, the variable's value, the compiled-in string, or a string in
 * static storage (one per kind) that stays valid until the next call for the
 * same kind (not thread-safe); never NULL. When how is not NULL,
 * *how is set to a short phrase for messages saying which step gave the path
 * ("given on the command line", "set by TACITUS_DATA", "under TACITUS_HOME",
 * "found beside the binary", "the built-in default"). */
const char *cli_path(cli_path_kind k, const char *opt, const char **how);

#endif
