#!/usr/bin/env python3
"""gen_coded.py - invented `tacitus code` records for the store's tests of
grouping: many reports of few places and days, so that events group, with
every kind of fact the candidate search distinguishes: day, week, month and
year dates, spans longer than a month, assumed dates, undated mentions,
reports with neither a date nor a publication day, city, district, admin1
and country places, places without coordinates, events without a country,
two countries with a border between two cities, perpetrators, claims,
tolls and targets. Deterministic for a seed.

Usage: python3 gen_coded.py DOCS SEED > records.jsonl
"""
import datetime
import json
import random
import sys

docs, seed = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
# (country, city, admin1, lat, lon): two towns of AA 10 km apart, one of BB across the border
places = [("AA", "Alpha", "North", 10.00, 20.00), ("AA", "Beta", "North", 10.09, 20.00),
          ("AA", "Gamma", "South", 11.20, 20.50), ("BB", "Delta", "East", 10.05, 20.05),
          ("BB", "Epsilon", "West", 9.00, 21.00)]
types = [("bombing", "Explosions/Remote violence", "Remote explosive/landmine/IED", "183", "Bombing/Explosion"),
         ("attack", "Violence against civilians", "Attack", "180", "Armed Assault"),
         ("clash", "Battles", "Armed clash", "190", "Armed Assault"),
         ("airstrike", "Explosions/Remote violence", "Air/drone strike", "195", "Bombing/Explosion"),
         ("protest", "Protests", "Peaceful protest", "141", None),
         ("killing", "Violence against civilians", "Attack", "180", "Armed Assault")]
groups = [("Red Front", "rebel group"), ("Blue Hand", "political militia"), ("Police", "state forces"),
          ("Unidentified Armed Group", "political militia")]
targets = ["Police", "Military", "Private Citizens & Property", "Educational Institution", None]
d0 = datetime.date(2020, 1, 1)


def date_of(pub):
    r = rnd.random()
    if r < 0.12:
        return None
    day = (pub or d0 + datetime.timedelta(days=30)) - datetime.timedelta(days=rnd.randrange(4))
    prec = rnd.choice(["day"] * 6 + ["week", "month", "year"])
    end = day
    if prec == "week":
        end = day + datetime.timedelta(days=6)
    elif prec == "month":
        day = day.replace(day=1); end = day + datetime.timedelta(days=27)
    elif prec == "year":
        day = day.replace(month=1, day=1); end = day.replace(month=12, day=31)
    if rnd.random() < 0.03:
        end = day + datetime.timedelta(days=rnd.randrange(32, 90))
    return {"start": day.isoformat(), "end": end.isoformat(), "precision": prec,
            "assumed": pub is not None and rnd.random() < 0.15}


def location():
    cc, city, adm, lat, lon = rnd.choice(places)
    r = rnd.random()
    loc = {"name": city, "admin1": adm, "country": cc, "country_code": cc,
           "lat": round(lat + rnd.uniform(-0.02, 0.02), 4), "lon": round(lon + rnd.uniform(-0.02, 0.02), 4),
           "precision": "city"}
    if r < 0.1:
        loc.update(name=city + " District", precision="admin2")
    elif r < 0.2:
        loc.update(name=adm, precision="admin1", lat=lat + 0.3, lon=lon + 0.3)
    elif r < 0.27:
        loc.update(name=cc, precision="country", lat=None, lon=None, admin1=None)
    elif r < 0.30:
        loc.update(lat=None, lon=None)
    elif r < 0.32:
        loc.update(country=None, country_code=None)
    return loc


for i in range(docs):
    # an id: its own, or (2%) that of another report, which the store then skips
    docid = f"s{seed}d{rnd.randrange(docs * 2)}" if rnd.random() < 0.02 else f"s{seed}d{i}"
    pub = None if rnd.random() < 0.15 else d0 + datetime.timedelta(days=rnd.randrange(60))
    evs = []
    for j in range(rnd.choice([0, 1, 1, 1, 2, 3])):
        kind, et, st, cameo, at = rnd.choice(types)
        g = rnd.choice(groups)
        claimed = {"name": g[0]} if at and rnd.random() < 0.1 else None
        k = rnd.choice([None, None, 1, 2, 5, 12, 40])
        evs.append({"id": f"{docid}#{j + 1}", "background": j > 0 and rnd.random() < 0.5, "kind": kind,
                    "event_type": et, "sub_event_type": st, "cameo": cameo, "attack_type": at,
                    "date": date_of(pub), "location": location(),
                    "actor1": {"name": g[0], "type": g[1], "country": None}, "actor2": None,
                    "target": {"type": rnd.choice(targets)} if rnd.random() < 0.6 else None,
                    "killed": {"min": k, "max": None, "approximate": False, "breakdown": [],
                               "revised": rnd.random() < 0.05} if k else None,
                    "wounded": {"min": rnd.randrange(1, 30), "max": None, "approximate": True} if rnd.random() < 0.3
                    else None, "claimed_by": claimed, "sources": [rnd.choice(["police", "army", "witnesses"])],
                    "evidence": []})
    doc = {"id": docid, "title": f"Report {i}",
           "published": pub.isoformat() if pub else None,
           "url": f"https://news{i % 3}.example.org/a/{i}", "source": None, "text_length": 0, "warnings": []}
    print(json.dumps({"doc": doc, "events": evs}, separators=(",", ":")))
