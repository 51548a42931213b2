/*
 * agg.h - the groups of a grouped select (store_stats, the map's cells)
 * gathered in memory, internal to the store: the rows of the matching
 * incidents, each with its group's key, go into a hash table of running
 * totals, and the groups come out in key order as the rows of the SQL
 * "GROUP BY 1 ORDER BY 1" they replace (store_int.h's select contract). The
 * SQLite backend uses it: grouped in SQL, each of the dashboard's groupings
 * sorted every incident of the view (80,000 on the bench store) to group
 * them, which cost it as much as reading them; a hash table of a few
 * thousand groups does not.
 */
#ifndef TACITUS_AGG_H
#define TACITUS_AGG_H

#include <stddef.h>

typedef struct agg agg;

/* A new, empty set of groups; cells: the map's cells (store_cell's
 * columns), else store_stats's (key, count, killed). NULL when out of memory. */
agg *agg_new(int cells);
void agg_free(agg *a);

/* One incident: its group's key (NULL: the group of NULL), its killed_min
 * (when has_killed), its point (each when has_*), id and event type (NULL
 * none; the cells only). Returns 0, or -1 when out of memory. */
int agg_add(agg *a, const char *key, int has_killed, long long killed, int has_lat, double lat, int has_lon,
            double lon, const char *id, const char *type);

/* Pass the groups to cb in key order (NULL first, then by bytes, as SQLite's
 * BINARY order), each as text columns: key, count, the sum of killed (0 when
 * none), and for the cells also the mean lat and lon (NULL when none has
 * one; 15 significant digits, as SQLite writes a real), the count without
 * killed, the least id and the least event type.
 * cb returns 0 (counted), 1 (stop) or -1 (skipped). Returns the groups
 * counted, or -1 when cb stopped. */
long agg_emit(agg *a, int (*cb)(void *, const char *const *), void *ud);

#endif
