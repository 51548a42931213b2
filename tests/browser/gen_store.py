#!/usr/bin/env python3
"""gen_store.py - pre-coded records (`tacitus code` output shape) for the
browser test's and the page bench's generated stores: N documents of one
event each, spread over 60 countries' cities and the 6 years before
2025-06-30, so that they group into about N incidents. Some have no known
toll (killed null), some are dated only to a year, some have no date, some
are background; a share names the Pakistani Taliban as the store keeps them
("TTP: Tehreek-i-Taliban Pakistan", found through the alias TTP).
Usage: python3 gen_store.py N OUT.jsonl  (seeded: the same N gives the same file)"""
import datetime
import json
import random
import sys

random.seed(12)
n, out = int(sys.argv[1]), sys.argv[2]
ccs = ["PK", "AF", "IQ", "SY", "YE", "SO", "NG", "ML", "CD", "SD", "MM", "IN", "PH", "CO", "MX", "LB", "IL", "PS",
       "TR", "EG", "LY", "KE", "ET", "CF", "BF", "NE", "CM", "MZ", "UA", "RU", "TH", "ID", "BD", "LK", "NP", "HT",
       "VE", "BR", "ZA", "UG", "SS", "TD", "IR", "SA", "DZ", "TN", "MA", "AO", "ZW", "GN", "SN", "CI", "GH", "BI",
       "RW", "TZ", "KH", "VN", "GT", "HN"]
cities = [(cc, f"Town{cc}{i}", random.uniform(-35, 55), random.uniform(-90, 130)) for cc in ccs for i in range(40)]
types = [("bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", "183", "Bombing/Explosion"),
         ("shooting", "Violence against civilians", "Attack", "180", "Armed Assault"),
         ("clash", "Battles", "Armed clash", "190", "Armed Assault"),
         ("airstrike", "Explosions/Remote violence", "Air/drone strike", "195", "Bombing/Explosion"),
         ("protest", "Protests", "Peaceful protest", "141", None),
         ("riot", "Riots", "Violent demonstration", "145", None)]
actors = [("TTP: Tehreek-i-Taliban Pakistan", "rebel group"), ("Alpha Front", "rebel group"),
          ("Beta Brigade", "identity militia"), ("Police Forces", "state forces"),
          ("Unidentified Armed Group", "political militia")]
last = datetime.date(2025, 6, 30)
with open(out, "w") as f:
    for i in range(n):
        cc, name, lat, lon = random.choice(cities)
        kind, et, st, cameo, at = random.choice(types)
        day = last - datetime.timedelta(days=random.randrange(6 * 365))
        r = random.random()
        date = ({"start": None, "end": None, "precision": None, "assumed": False} if r < 0.02 else
                {"start": f"{day.year}-01-01", "end": f"{day.year}-12-31", "precision": "year", "assumed": False}
                if r < 0.04 else {"start": day.isoformat(), "end": day.isoformat(), "precision": "day", "assumed": False})
        a = random.choice(actors)
        k = random.random()
        killed = None if k < 0.25 else {"min": int(random.expovariate(0.15)), "max": None, "approximate": False,
                                        "breakdown": []}
        ev = {"id": f"g{i}#1", "background": random.random() < 0.05, "kind": kind, "event_type": et,
              "sub_event_type": st, "cameo": cameo, "attack_type": at, "date": date,
              "location": {"name": name, "admin1": f"{name} Province", "country": cc, "country_code": cc,
                           "lat": round(lat + random.uniform(-.2, .2), 4), "lon": round(lon + random.uniform(-.2, .2), 4),
                           "precision": "city"},
              "actor1": {"name": a[0], "type": a[1], "country": cc}, "actor2": None, "killed": killed,
              "wounded": None, "claimed_by": None, "sources": [], "evidence": []}
        f.write(json.dumps({"doc": {"id": f"g{i}", "title": f"Report {i}", "published": day.isoformat(), "url": None,
                                    "text_length": 0, "warnings": []}, "events": [ev]}, separators=(",", ":")) + "\n")
