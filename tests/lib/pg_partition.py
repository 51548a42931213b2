#!/usr/bin/env python3
"""pg_partition.py - a store's incidents written so that two stores compare
whatever their incident ids: one line per incident, its event ids (sorted,
comma-separated), a tab, and its reconciled JSON without its id, the lines
sorted. For tests/pg/writers.sh.

Usage: pg_partition.py EVENTS INCIDENTS: EVENTS holds "incident_id<TAB>event_id"
lines, INCIDENTS "incident_id<TAB>json" lines (psql -At -F TAB)."""
import json
import sys

members = {}
with open(sys.argv[1]) as f:
    for line in f:
        iid, eid = line.rstrip("\n").split("\t")
        members.setdefault(iid, []).append(eid)
lines = []
with open(sys.argv[2]) as f:
    for line in f:
        iid, js = line.rstrip("\n").split("\t", 1)
        inc = json.loads(js) if js else {}
        inc.pop("id", None)
        lines.append(",".join(sorted(members.get(iid, []))) + "\t" + json.dumps(inc, sort_keys=True))
for line in sorted(lines):
    print(line)
