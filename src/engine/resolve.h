/*
 * resolve.h - the resolve stage: from the facts of each sentence (extract.h)
 * to the article's events. Sentences that describe one incident (headline and
 * body, "the attack", "the blast") merge into one event; past incidents become
 * background events with their own place, date and figures; non-violent events
 * reported alongside (condemnations, tributes, talks, threats, protests,
 * arrests) become events of their own. Figures are reconciled, places and
 * actors chosen, and the ACLED, CAMEO and GTD codes assigned.
 */
#ifndef TACITUS_RESOLVE_H
#define TACITUS_RESOLVE_H

#include <stddef.h>

#include "extract.h"
#include "model.h"

/* Build the events of an analysed document. Returns the number of events and
 * sets *out (arena array), or -1 on arena exhaustion. */
int resolve_run(analysis *an, event **out);

/* The reconciled figure of one casualty kind for an event: fills *f and
 * returns 1, or returns 0 when the event states none. */
int event_figure(const event *e, int cas_kind, figure *f);

/* Is the class a violent event (as opposed to a statement, protest, talks...)? */
int ev_class_violent(int cls);

#endif
