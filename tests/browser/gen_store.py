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
# each country's rough centre (lat, lon) and spread in degrees: its towns fall inside it on the map
ccs = {"PK": (30, 70, 4), "AF": (34, 66, 3), "IQ": (33, 44, 2.5), "SY": (35, 38, 1.5), "YE": (15.5, 47, 2),
       "SO": (5, 46, 3), "NG": (9, 8, 3), "ML": (17, -2, 4), "CD": (-3, 23, 5), "SD": (15, 30, 4), "MM": (21, 96, 3),
       "IN": (22, 79, 6), "PH": (12, 122, 2), "CO": (4, -73, 3), "MX": (23, -102, 5), "LB": (33.9, 35.8, .3),
       "IL": (31.5, 34.9, .4), "PS": (31.9, 35.2, .2), "TR": (39, 35, 3), "EG": (27, 30, 3), "LY": (27, 17, 4),
       "KE": (0, 38, 2.5), "ET": (9, 39, 3), "CF": (6.5, 20, 2.5), "BF": (12, -1.5, 2), "NE": (16, 8, 3),
       "CM": (6, 12, 2.5), "MZ": (-18, 35, 3), "UA": (49, 32, 4), "RU": (56, 45, 8), "TH": (15, 101, 2.5),
       "ID": (-2, 115, 6), "BD": (24, 90, 1.2), "LK": (7.8, 80.7, .8), "NP": (28.3, 84, 1.2), "HT": (19, -72.5, .5),
       "VE": (7, -66, 3), "BR": (-10, -52, 8), "ZA": (-29, 25, 4), "UG": (1.3, 32.3, 1.5), "SS": (7.5, 30, 2.5),
       "TD": (15, 19, 4), "IR": (32, 54, 4), "SA": (24, 45, 5), "DZ": (28, 3, 5), "TN": (34, 9.5, 1.2),
       "MA": (32, -6, 2), "AO": (-12, 18, 3.5), "ZW": (-19, 30, 2), "GN": (10.5, -10, 1.5), "SN": (14.5, -14.5, 1.2),
       "CI": (7.5, -5.5, 1.8), "GH": (7.9, -1, 1.8), "BI": (-3.4, 29.9, .5), "RW": (-2, 30, .5), "TZ": (-6, 35, 3),
       "KH": (12.5, 105, 1.5), "VN": (16, 107, 3), "GT": (15.5, -90.3, 1), "HN": (14.8, -86.5, 1)}
cities = [(cc, f"Town{cc}{i}", la + random.uniform(-sp, sp), lo + random.uniform(-sp, sp))
          for cc, (la, lo, sp) in ccs.items() for i in range(40)]
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
