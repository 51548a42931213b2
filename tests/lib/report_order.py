#!/usr/bin/env python3
"""report_order.py - print `tacitus code` records (JSON Lines, from the files
named, or stdin) in the order `tacitus ingest --bulk` stores them: by
publication date (a record whose doc.published does not start with a valid
YYYY-MM-DD comes last), then document id, then input order. The bulk/
incremental equality tests feed the incremental path this order.

Usage: python3 report_order.py FILE... > SORTED.jsonl
"""
import datetime
import json
import sys


def published(rec):
    p = (rec.get("doc") or {}).get("published")
    if not isinstance(p, str) or len(p) < 10:
        return None
    try:
        datetime.date(int(p[0:4]), int(p[5:7]), int(p[8:10]))
    except ValueError:
        return None
    if p[4] != "-" or p[7] != "-" or not (p[0:4] + p[5:7] + p[8:10]).isdigit():
        return None
    return p


rows = []
for path in sys.argv[1:] or ["-"]:
    with (sys.stdin if path == "-" else open(path, encoding="utf-8")) as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            p = published(rec)
            key = (p is None, (p or "").encode(), str(rec["doc"]["id"]).encode(), len(rows))
            rows.append((key, line if line.endswith("\n") else line + "\n"))
rows.sort(key=lambda r: r[0])
sys.stdout.write("".join(line for _, line in rows))
