#!/usr/bin/env python3
"""pg_writers_gen.py - invented pre-coded records for tests/pg/writers.sh.

Usage: pg_writers_gen.py OUT_A OUT_B DOCS_PER_FILE SEED

OUT_A holds documents whose events are all in PK or AF, OUT_B in NG or SO, so
two writers, one a file, never share a country. The events cluster (three
cities a country, 90 days, a few types and actors) so that many join
incidents, and they mix what the grouping treats apart: day- and
week-precise dates, country-level places, undated mentions of a dated
report, and city events of documents with no publication date (which
compare with every city event of their country, any day)."""
import json
import random
import sys
import datetime

out_a, out_b, docs, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rnd = random.Random(seed)
groups = {out_a: ["PK", "AF"], out_b: ["NG", "SO"]}
cities = {}
for ccs in groups.values():
    for cc in ccs:
        cities[cc] = [(f"Town{cc}{i}", rnd.uniform(0, 40), rnd.uniform(20, 80)) for i in range(3)]
types = [("bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", "183", "Bombing/Explosion"),
         ("shooting", "Violence against civilians", "Attack", "180", "Armed Assault"),
         ("clash", "Battles", "Armed clash", "190", "Armed Assault")]
actors = [("Alpha Front", "rebel group"), ("Beta Brigade", "identity militia"),
          ("Unidentified Armed Group", "political militia")]
d0 = datetime.date(2024, 1, 1)


def event(doc, j, cc, pub):
    name, lat, lon = rnd.choice(cities[cc])
    kind, et, st, cameo, at = rnd.choice(types)
    a = rnd.choice(actors)
    r = rnd.random()
    loc = {"name": name, "admin1": name + " Province", "country": cc, "country_code": cc,
           "lat": round(lat + rnd.uniform(-.02, .02), 4), "lon": round(lon + rnd.uniform(-.02, .02), 4),
           "precision": "city"}
    if pub is None:
        date = None
    elif r < 0.1:
        date = None  # an undated mention
    else:
        day = (pub - datetime.timedelta(days=rnd.randrange(3))).isoformat()
        date = {"start": day, "end": day, "precision": "week" if r < 0.2 else "day", "assumed": False}
    if 0.2 <= r < 0.3:
        loc = {"name": cc, "admin1": None, "country": cc, "country_code": cc, "lat": None, "lon": None,
               "precision": "country"}
    return {"id": f"{doc}#{j}", "background": date is None, "kind": kind, "event_type": et,
            "sub_event_type": st, "cameo": cameo, "attack_type": at, "date": date, "location": loc,
            "actor1": {"name": a[0], "type": a[1], "country": cc}, "actor2": None,
            "killed": {"min": rnd.randint(1, 9), "max": None, "approximate": False, "breakdown": []},
            "wounded": None, "claimed_by": None, "target": {"type": "Private Citizens & Property"},
            "sources": [], "evidence": []}


for out, ccs in groups.items():
    with open(out, "w") as f:
        for i in range(docs):
            doc = f"{ccs[0].lower()}{i}"
            pub = None if rnd.random() < 0.03 else d0 + datetime.timedelta(days=rnd.randrange(90))
            evs = [event(doc, j + 1, rnd.choice(ccs), pub) for j in range(rnd.randint(1, 3))]
            f.write(json.dumps({"doc": {"id": doc, "title": None, "published": pub and pub.isoformat(),
                                        "url": None, "text_length": 0, "warnings": []}, "events": evs},
                               separators=(",", ":")) + "\n")
