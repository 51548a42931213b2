#!/usr/bin/env python3
"""compare_stores.py - do two PostgreSQL stores of tacitus hold the same incidents?

    python3 tests/slurm/compare_stores.py URL_A URL_B

Compares what does not depend on how the documents reached the store: the
partition of the event ids into incidents; each incident's reconciled record
(its JSON less its id, its event and document counts), keyed by its events;
each event's record and why it joined its incident (incident ids left out, as
they number incidents in the order they were made). Ids of incidents and every
timestamp are left out. Prints one line saying what matched, or the first
differences, and exits 0 when the stores agree, 1 when they do not, 2 on an
error (psql failed).
"""
import json
import re
import subprocess
import sys

SEP = "\x1f"


def rows(url, query):
    """The rows of query on the database url, as lists of fields."""
    out = subprocess.run(["psql", "-X", "-q", "-At", "-F", SEP, "-d", url, "-c", query],
                         capture_output=True, text=True)
    if out.returncode != 0:
        print(f"compare_stores: psql: {out.stderr.strip()}")
        sys.exit(2)
    return [line.split(SEP) for line in out.stdout.splitlines()]


def load(url):
    """(incidents, events) of the store at url: incidents as {frozenset of event
    ids: (record less id, n_events, n_documents)}, events as {id: (record,
    join reason without incident ids)}."""
    members, events = {}, {}
    for eid, inc, reason, rec in rows(url, "SELECT id, incident_id, coalesce(join_reason, ''), json FROM events"):
        members.setdefault(inc, set()).add(eid)
        events[eid] = (rec, re.sub(r"INC-\d+", "INC-?", reason))
    incidents = {}
    for inc, n_events, n_docs, rec in rows(url, "SELECT id, n_events, n_documents, coalesce(json, '') FROM incidents"):
        d = json.loads(rec) if rec else None
        if isinstance(d, dict):
            d.pop("id", None)
        key = frozenset(members.get(inc, ()))
        incidents[key] = (json.dumps(d, sort_keys=True), n_events, n_docs)
    return incidents, events


def main():
    if len(sys.argv) != 3:
        print("usage: compare_stores.py URL_A URL_B")
        return 2
    (inc_a, ev_a), (inc_b, ev_b) = load(sys.argv[1]), load(sys.argv[2])
    diffs = []
    if set(inc_a) != set(inc_b):
        only_a = [sorted(k) for k in set(inc_a) - set(inc_b)][:3]
        only_b = [sorted(k) for k in set(inc_b) - set(inc_a)][:3]
        diffs.append(f"the partitions differ: only in A {only_a}, only in B {only_b}")
    for k in sorted(set(inc_a) & set(inc_b), key=sorted):
        if inc_a[k] != inc_b[k]:
            diffs.append(f"incident of {sorted(k)}: {inc_a[k][0][:200]} != {inc_b[k][0][:200]}")
    if set(ev_a) != set(ev_b):
        diffs.append(f"the event ids differ: {sorted(set(ev_a) ^ set(ev_b))[:5]}")
    for e in sorted(set(ev_a) & set(ev_b)):
        if ev_a[e] != ev_b[e]:
            diffs.append(f"event {e}: {ev_a[e][1]!r} != {ev_b[e][1]!r} or its record differs")
    if diffs:
        print(f"{len(diffs)} differences: " + "; ".join(diffs[:4]))
        return 1
    if not inc_a:
        print("no incident in either store")
        return 1
    print(f"{len(inc_a)} incidents of {len(ev_a)} events: the same partition, records and join reasons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
