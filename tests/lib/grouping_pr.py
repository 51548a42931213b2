#!/usr/bin/env python3
"""grouping_pr.py - the grouping's pairwise precision and recall against the
event_key of an annotated JSON Lines set.

Usage: grouping_pr.py EVENTS SET.jsonl MIN_PRECISION MIN_RECALL [--dated]
EVENTS holds one stored event per line as "doc_id|incident_id|event_id|json"
(sqlite3's or psql -At's output of SELECT doc_id, incident_id, id, json FROM
events). Each story's main event is its first current violent, protest or riot
event; two stories are grouped when their main events share an incident. With
--dated only stories with a publication date count (the held-out bar).
Prints one line and exits 1 when a bar is not met. --list prints the pairs
wrongly together and wrongly apart."""
import collections
import itertools
import json
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
flags = {a for a in sys.argv[1:] if a.startswith("--")}
events, dataset, min_p, min_r = args[0], args[1], float(args[2]), float(args[3])
by_doc = collections.defaultdict(list)  # doc -> [(event number, json, incident)]
for line in open(events, encoding="utf-8"):
    doc, inc, eid, js = line.rstrip("\n").split("|", 3)
    by_doc[doc].append((int(eid.rsplit("#", 1)[1]), js, inc))
keys = {}
for line in open(dataset, encoding="utf-8"):
    r = json.loads(line)
    if r.get("event_key") and (r.get("published") or "--dated" not in flags):
        keys[r["id"]] = r["event_key"]
main = {}
for doc in keys:
    for _, js, inc in sorted(by_doc[doc]):
        e = json.loads(js)
        if not e.get("background") and (e.get("attack_type") or e.get("kind") in ("protest", "riot")):
            main[doc] = inc
            break
tp = fp = fn = 0
for a, b in itertools.combinations(sorted(keys), 2):
    same, tog = keys[a] == keys[b], a in main and b in main and main[a] == main[b]
    tp += same and tog
    fp += tog and not same
    fn += same and not tog
    if "--list" in flags and (tog != same):
        print(("together" if tog else "apart   "), a, main.get(a), b, main.get(b), file=sys.stderr)
p = tp / (tp + fp) if tp + fp else 1.0
r = tp / (tp + fn) if tp + fn else 1.0
print(f"precision {p:.3f} recall {r:.3f} (pairs: {tp} rightly together, {fp} wrongly together,"
      f" {fn} wrongly apart; {len(main)}/{len(keys)} stories with a main event)")
sys.exit(0 if p >= min_p and r >= min_r else 1)
