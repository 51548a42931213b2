/* engine_fixture.h - the cmocka group fixture the engine's unit tests share:
 * one engine over the installed dictionaries and gazetteer, and one coder,
 * opened before a group's tests (setup) and closed after them (teardown).
 * Included once by each test program; it defines what it declares. */
#ifndef TACITUS_ENGINE_FIXTURE_H
#define TACITUS_ENGINE_FIXTURE_H

#include <stdio.h>

#include "tacitus.h"

static tac_engine *engine;
static tac_coder *coder;

/* Open the engine and a coder; -1 (with the reason on stdout, as a TAP
 * comment) when the data cannot be loaded. */
static int setup(void **state)
{
    (void)state;
    char err[512];
    if (tac_engine_open(NULL, &engine, err, sizeof err) < 0) {
        printf("# engine: %s\n", err);
        return -1;
    }
    coder = tac_coder_new(engine);
    return coder ? 0 : -1;
}

/* Close what setup opened. */
static int teardown(void **state)
{
    (void)state;
    tac_coder_free(coder);
    tac_engine_close(engine);
    return 0;
}

#endif
