/*
 * engine.h - internal accessors for tools inside this repository (the CLI's
 * dict and eval commands, tests) that need the loaded dictionaries and the
 * gazetteer themselves. Not part of the public API.
 */
#ifndef TACITUS_ENGINE_H
#define TACITUS_ENGINE_H

#include "geo.h"
#include "lexicon.h"
#include "tacitus.h"

const lexicon *tac_engine_lexicon(const tac_engine *e);
const geo_gazetteer *tac_engine_geo(const tac_engine *e);
const char *tac_engine_gazetteer_path(const tac_engine *e);

#endif
