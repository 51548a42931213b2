#!/usr/bin/env python3
"""export_check.py - read every `tacitus export` format back with Python's own
csv and json parsers and check, row by row, the conventions of its codebook
(../shared/reference/codebooks.md, which this script parses for the code
lists) independently of the C writers:

  ACLED  actor1 never empty and in ACLED's naming (a dictionary actor of
         data/actors.txt or data/forces.txt, "Military/Police Forces of X",
         "Government of X", "Unidentified Armed Group (X)", "Protesters (X)",
         "Rioters (X)", "Civilians (X)"), inter codes 1-8 matching the names,
         interaction = the two codes, lower first (inter1 * 10 alone), iso the
         ISO 3166-1 numeric code of the country (Debian iso-codes), region one
         of ACLED's, geo_precision 1-3, time_precision 1-3, event and sub-event
         types and disorder types of the codebook, source, notes, fatalities;
  GTD    specificity 1-5, coordinates only below 5, success, suicide, multiple,
         attack/target/weapon codes matching the codebook's labels, nkill >=
         nkillter, claimed/claimmode, gname, summary dated MM/DD/YYYY;
  CAMEO  codes as strings with their root, quad class and Goldstein score,
         actor codes (ISO alpha-3 or a CAMEO group code, then 3-letter roles)
         present wherever the incident's actor is known;
  GeoJSON Point features only, coordinates with at most 6 decimals, flat
         properties (strings, numbers, null), nothing undated or year-only;
  all    the incidents left out are exactly those the codebook rules exclude,
         and stderr's count says how many.

Usage: export_check.py DIR [--codebooks FILE] [--data DIR] [--docs FILE]
DIR holds x.jsonl (the incidents) and x.acled, x.gtd, x.cameo, x.geojson,
x.csv with each export's stderr in err.<format>. Prints one line per problem
(at most 20 per check) and a summary; exit status 1 when anything failed.
"""
import argparse
import csv
import datetime
import json
import re
import sys

ACLED_REGIONS = {
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "Middle East",
    "Caucasus and Central Asia", "South Asia", "Southeast Asia", "East Asia", "Europe", "Central America",
    "South America", "Caribbean", "North America", "Oceania", "Antarctica"}
# a few regions every ACLED user knows, to catch a shifted table
KNOWN_REGIONS = {"586": "South Asia", "566": "Western Africa", "368": "Middle East", "180": "Middle Africa",
                 "404": "Eastern Africa", "706": "Eastern Africa", "643": "Europe", "484": "Central America",
                 "104": "Southeast Asia", "804": "Europe", "762": "Caucasus and Central Asia"}
SOURCE_SCALES = {"Local", "Subnational", "National", "Regional", "International", "New media", "Other"}
ACLED_PATTERNS = [(r"Military Forces of .+", 1), (r"Police Forces of .+", 1), (r"Government of .+", 1),
                  (r"Unidentified Armed Group \(.+\)", 3), (r"Rioters \(.+\)", 5), (r"Protesters \(.+\)", 6),
                  (r"Civilians \(.+\)", 7)]
CAMEO_GROUPS = {"IGO", "IMG", "NGO", "MNC", "INT", "UIS", "NGM"}


class Checker:
    """Collects problems per check; prints at most 20 of each."""

    def __init__(self):
        self.problems = {}
        self.checked = 0

    def expect(self, ok, check, msg):
        self.checked += 1
        if not ok:
            self.problems.setdefault(check, []).append(msg)

    def report(self):
        for check, msgs in self.problems.items():
            for m in msgs[:20]:
                print(f"{check}: {m}")
            if len(msgs) > 20:
                print(f"{check}: ... and {len(msgs) - 20} more")
        n = sum(len(m) for m in self.problems.values())
        print(f"export_check: {self.checked} assertions, {n} failed")
        return 1 if n else 0


# ---- reference lists, read from their own sources ----

def codebook_lists(path):
    """ACLED event types -> (disorder, {sub: disorder}), inter codes, and the GTD
    lists (attack, weapon, target, claim mode) from codebooks.md."""
    text = open(path, encoding="utf-8").read()
    joined = re.sub(r"\s*\n\s*", " ", re.sub(r"/\s*\n\s*", "/", text))  # "Terrorists/" + line break
    acled = {}
    for m in re.finditer(r"\d\. \*\*([^*]+)\*\*(?: \(([^)]+)\))?: (.*?)(?= \d\. \*\*|\(6 event types)", joined):
        event, disorder, subs = m.group(1), m.group(2), m.group(3)
        sub_map = {}
        for s in subs.split(" · "):
            sm = re.match(r"(.+?)(?: \((.+)\))?\s*$", s.strip())
            sub_map[sm.group(1)] = sm.group(2) or disorder
        acled[event] = sub_map

    def gtd_list(head):
        seg = re.search(r"\*\*" + re.escape(head) + r"[^*]*:\*\* (.*?)(?:\.(?: Use| \*)| \* |$)", joined).group(1)
        return {int(n): label.strip() for n, label in re.findall(r"(\d+) ([^·]+?)(?= · |\.?$)", seg)}

    claim_seg = re.search(r"`claimmode` (.*?); `compclaim`", joined).group(1)
    claim = {int(n): l.strip().rstrip(",") for n, l in re.findall(r"(\d+) ([A-Za-z][^,]*?(?:\([^)]*\))?)(?:,|$)", claim_seg)}
    inter = dict((int(n), t) for n, t in re.findall(r"(\d) ([A-Z][a-z]+(?:/[A-Z][a-z]+)? ?[a-z]*)", re.search(
        r"Inter codes: (.*?)\.", joined).group(1)))
    return acled, inter, gtd_list("attacktype1"), gtd_list("weaptype1"), gtd_list("targtype1"), claim


def iso_codes(path="/usr/share/iso-codes/json/iso_3166-1.json"):
    """alpha-3 -> numeric (as text without leading zeros), from Debian's iso-codes; Kosovo 0."""
    rows = json.load(open(path, encoding="utf-8"))["3166-1"]
    out = {r["alpha_3"]: str(int(r["numeric"])) for r in rows}
    out["XKX"] = "0"
    return out


TYPE_INTER = {"state forces": 1, "rebel group": 2, "political militia": 3, "identity militia": 4, "rioters": 5,
              "protesters": 6, "civilians": 7, "external/other forces": 8, "unknown": 3}
NAMED_GROUP_TYPES = {"rebel group", "political militia", "identity militia", "external/other forces", "state forces"}


def dictionary_actors(data):
    """Canonical names of data/actors.txt and data/forces.txt (and their imported
    counterpart when present), and the ACLED-style name templates of data/agents.txt
    as (regex, inter code) pairs."""
    names, templates = set(), []
    for f in ("actors.txt", "forces.txt", "imported-actors.txt"):
        try:
            for line in open(f"{data}/{f}", encoding="utf-8"):
                if not line.startswith("#") and " | " in line:
                    names.add(line.split(" | ", 1)[0].strip())
        except FileNotFoundError:
            pass
    for line in open(f"{data}/agents.txt", encoding="utf-8"):
        f = [x.strip() for x in line.split(" | ")]
        if not line.startswith("#") and len(f) > 2 and "%s" in f[2] and f[1] in TYPE_INTER:
            pre, post = f[2].split("%s", 1)
            templates.append((re.escape(pre) + ".+" + re.escape(post), TYPE_INTER[f[1]]))
    return names, templates


def documented_columns(doc, fmt):
    """The backticked column list after the heading "## `fmt`" of docs/formats.md."""
    sec = doc.split("## `%s`" % fmt, 1)[1]
    cols = re.search(r"`([a-z_0-9]+(?:,\s+[a-z_0-9]+)+)`", sec, re.S).group(1)
    return [c.strip() for c in cols.split(",")]


def read_rows(path, delim=","):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, delimiter=delim))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]], rows[1:]


def written_count(errfile):
    """(written, given) from the writer's stderr line, or None when it printed none."""
    m = re.search(r": (\d+) of (\d+) incidents written", open(errfile).read())
    return (int(m.group(1)), int(m.group(2))) if m else None


def valid_date(s, fmt="%Y-%m-%d"):
    try:
        datetime.datetime.strptime(s, fmt)
        return True
    except ValueError:
        return False


def decimals(s):
    return len(s.split(".", 1)[1]) if "." in s else 0


# ---- ACLED ----

def acled_name_inter(name, dictionary, actor=None):
    """The inter code ACLED's naming implies (None: a named actor, any code), or -1 when
    the name is not in ACLED's naming at all. A named actor is one of the dictionaries,
    or a capitalised name the incident gives an actor of a named-group type."""
    names, templates = dictionary
    for pat, code in ACLED_PATTERNS + templates:
        if re.fullmatch(pat, name):
            return code
    if name in names:
        return None
    actor = actor or {}
    if actor.get("name") == name and actor.get("type") in NAMED_GROUP_TYPES and name[:1].isupper():
        return None
    return -1


def check_acled_row(ck, r, lists, iso, dictionary, inc):
    acled, inter_names = lists[0], lists[1]
    rid = r["event_id_cnty"]
    ck.expect(r["event_type"] in acled, "acled event_type", f"{rid}: {r['event_type']!r}")
    subs = acled.get(r["event_type"], {})
    ck.expect(r["sub_event_type"] in subs, "acled sub_event_type", f"{rid}: {r['sub_event_type']!r} under {r['event_type']!r}")
    ck.expect(subs.get(r["sub_event_type"]) == r["disorder_type"], "acled disorder_type",
              f"{rid}: {r['disorder_type']!r} for {r['sub_event_type']!r}")
    ck.expect(valid_date(r["event_date"]) and r["year"] == r["event_date"][:4], "acled event_date/year", f"{rid}: {r['event_date']} {r['year']}")
    ck.expect(r["time_precision"] in ("1", "2", "3"), "acled time_precision", f"{rid}: {r['time_precision']!r}")
    ck.expect(r["geo_precision"] in ("1", "2", "3"), "acled geo_precision", f"{rid}: {r['geo_precision']!r}")
    for k, inter in (("actor1", "inter1"), ("actor2", "inter2")):
        name, code = r[k], r[inter]
        if k == "actor1" or name:
            ck.expect(bool(name), "acled actor1 never empty", f"{rid}")
            implied = acled_name_inter(name, dictionary, (inc or {}).get(k)) if name else -1
            ck.expect(implied != -1, f"acled {k} in ACLED's naming", f"{rid}: {name!r}")
            ck.expect(code.isdigit() and int(code) in inter_names, f"acled {inter} valid", f"{rid}: {code!r}")
            ck.expect(implied in (None, -1) or str(implied) == code, f"acled {inter} matches the name",
                      f"{rid}: {name!r} coded {code}")
        else:
            ck.expect(code == "0", "acled inter2 0 without actor2", f"{rid}: {code!r}")
    if r["inter1"].isdigit() and r["inter2"].isdigit():
        a, b = int(r["inter1"]), int(r["inter2"])
        want = a * 10 if b == 0 else min(a, b) * 10 + max(a, b)
        ck.expect(r["interaction"] == str(want), "acled interaction", f"{rid}: {r['interaction']} for {a},{b}")
    ck.expect(r["civilian_targeting"] in ("", "Civilian targeting") and
              (r["civilian_targeting"] == "") == (r["inter2"] != "7"), "acled civilian_targeting", f"{rid}")
    ck.expect(iso.get(rid[:3]) == r["iso"], "acled iso numeric", f"{rid}: iso {r['iso']!r}")
    ck.expect(r["region"] in ACLED_REGIONS and KNOWN_REGIONS.get(r["iso"], r["region"]) == r["region"],
              "acled region", f"{rid}: {r['region']!r} for iso {r['iso']}")
    for c, lo, hi in (("latitude", -90, 90), ("longitude", -180, 180)):
        v = r[c]
        ck.expect(v != "" and lo <= float(v) <= hi and decimals(v) == 4, f"acled {c}", f"{rid}: {v!r}")
    ck.expect(bool(r["source"]), "acled source", f"{rid}")
    ck.expect(all(p in SOURCE_SCALES for p in r["source_scale"].split("-")) if r["source_scale"] else True,
              "acled source_scale", f"{rid}: {r['source_scale']!r}")
    ck.expect(r["fatalities"].isdigit(), "acled fatalities", f"{rid}: {r['fatalities']!r}")
    note = r["notes"]
    ck.expect(note.endswith(".") and r["actor1"] in note and r["location"] in note and
              (r["fatalities"] == "0" or f"{r['fatalities']} killed" in note), "acled notes",
              f"{rid}: {note[:120]!r}")


def acled_should_write(inc):
    """The codebook's exclusions, from the incident itself: no event type, no place or
    only the country, undated or dated only to a year."""
    loc, d = inc.get("location") or {}, inc.get("date") or {}
    return bool(inc.get("event_type")) and loc.get("precision") not in (None, "country") and \
        d.get("precision") in ("day", "week", "month")


def check_acled_selection(ck, rows, incidents, dictionary):
    """ACLED wrote only codebook events, and left a codebook event out only when
    its actor1 is not in ACLED's naming (and no default applied)."""
    written = {"INC-" + r["event_id_cnty"][3:] for r in rows}
    for i in incidents:
        if i["id"] in written:
            ck.expect(acled_should_write(i), "acled wrote only dated, located events", i["id"])
        elif acled_should_write(i):
            name = (i.get("actor1") or {}).get("name")
            ck.expect(not name or acled_name_inter(name, dictionary, i.get("actor1")) == -1 or
                      (i["actor1"].get("type") == "unknown" and not name.startswith("Unidentified Armed Group")),
                      "acled left out a codebook event only for want of an ACLED actor", f"{i['id']}: {name!r}")


# ---- GTD ----

def check_gtd_row(ck, r, lists):
    attack, weapon, target, claim = lists[2], lists[3], lists[4], lists[5]
    rid = r["eventid"]
    ck.expect(re.fullmatch(r"\d{12}", rid) is not None and rid.startswith(r["iyear"] + "%02d%02d" % (
        int(r["imonth"] or 0), int(r["iday"] or 0))), "gtd eventid", rid)
    ck.expect(r["iyear"].isdigit() and 0 <= int(r["imonth"]) <= 12 and 0 <= int(r["iday"]) <= 31, "gtd date", rid)
    ck.expect(r["specificity"] in ("1", "2", "3", "4", "5"), "gtd specificity 1-5", f"{rid}: {r['specificity']!r}")
    ck.expect((r["latitude"] == "") == (r["specificity"] == "5"), "gtd coordinates iff specificity < 5", rid)
    ck.expect(r["summary"].startswith("%02d/%02d/%s: " % (int(r["imonth"]), int(r["iday"]), r["iyear"])),
              "gtd summary dated", f"{rid}: {r['summary'][:40]!r}")
    for k in ("multiple", "success", "suicide", "extended", "guncertain1"):
        ck.expect(r[k] in ("0", "1"), f"gtd {k} 0/1", f"{rid}: {r[k]!r}")
    for num, txt, table in (("attacktype1", "attacktype1_txt", attack), ("attacktype2", "attacktype2_txt", attack),
                            ("targtype1", "targtype1_txt", target), ("weaptype1", "weaptype1_txt", weapon),
                            ("weaptype2", "weaptype2_txt", weapon)):
        ok = (r[num] == "" and r[txt] == "" and num.endswith("2")) or \
             (r[num].isdigit() and table.get(int(r[num])) == r[txt])
        ck.expect(ok or (num == "weaptype1" and r[num] == r[txt] == ""), f"gtd {num} code and label",
                  f"{rid}: {r[num]!r} {r[txt]!r}")
    ck.expect(r["attacktype1"] != "", "gtd attacktype1 present", rid)
    ck.expect(r["claimed"] in ("1", "0", "-9"), "gtd claimed", f"{rid}: {r['claimed']!r}")
    ck.expect((r["claimmode"] != "") == (r["claimed"] == "1") and
              (r["claimmode"] == "" or claim.get(int(r["claimmode"])) == r["claimmode_txt"]),
              "gtd claimmode", f"{rid}: {r['claimmode']!r} {r['claimmode_txt']!r}")
    ck.expect(bool(r["gname"]), "gtd gname", rid)
    ck.expect(not r["gname"].startswith("Unidentified Armed Group"), "gtd gname Unknown, not unidentified", rid)
    for k in ("nkill", "nkillter", "nwound", "nhostkid"):
        ck.expect(r[k] == "" or r[k].isdigit(), f"gtd {k} integer", f"{rid}: {r[k]!r}")
    ck.expect(r["nkill"] == "" or r["nkillter"] == "" or int(r["nkillter"]) <= int(r["nkill"]), "gtd nkillter <= nkill", rid)
    ck.expect(r["ishostkid"] in ("0", "1") and (r["nhostkid"] == "" or r["ishostkid"] == "1"), "gtd ishostkid", rid)


# ---- CAMEO ----

def check_cameo_row(ck, r, inc, iso):
    rid = r["eventid"]
    code = r["code"]
    ck.expect(re.fullmatch(r"\d{3,4}", code) is not None, "cameo code as a string", f"{rid}: {code!r}")
    root = int(code[:2]) if code[:2].isdigit() else 0
    ck.expect(r["root_code"] == code[:2] and 1 <= root <= 20, "cameo root_code", f"{rid}: {r['root_code']!r}")
    quad = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
    ck.expect(r["quad_class"] == str(quad), "cameo quad_class", f"{rid}: {r['quad_class']} for root {root}")
    g = float(r["goldstein"])
    ck.expect(-10 <= g <= 10 and (g < 0) == (root >= 9), "cameo goldstein sign and range", f"{rid}: {g}")
    ck.expect(valid_date(r["date"], "%Y%m%d") and r["date"] == r["year"] + r["month"] + r["day"], "cameo date", rid)
    for side, key in (("source", "actor1"), ("target", "actor2")):
        c = r[side]
        ok = c == "" or (re.fullmatch(r"([A-Z]{3})+", c) is not None and (c[:3] in iso or c[:3] in CAMEO_GROUPS) and
                         r[side + "_root"] == c[:3] and r[side + "_agent"] == c[3:])
        ck.expect(ok, f"cameo {side} code", f"{rid}: {c!r} {r[side + '_root']!r} {r[side + '_agent']!r}")
        actor = (inc or {}).get(key) or {}
        # the event's country stands in for an actor's own, except for an office
        # of no country ("ambassador", "Western diplomats": type unknown), which
        # is no more the event country's than any other's
        known = actor.get("name") and (actor.get("country") not in (None, "--") or
                                       (((inc or {}).get("location") or {}).get("country_code") and
                                        actor.get("type") != "unknown"))
        ck.expect(not known or c != "", f"cameo {side} code present where the actor is known",
                  f"{rid}: {actor.get('name')!r} has no code")
    ck.expect(r["country_code"] == "" or r["country_code"] in iso, "cameo country_code alpha-3", rid)
    ck.expect(bool(r["doc_id"]), "cameo doc_id", rid)


# ---- GeoJSON ----

def check_geojson(ck, text, incidents):
    g = json.loads(text, parse_float=str)  # keep the numbers' text to count decimals
    ck.expect(g.get("type") == "FeatureCollection", "geojson FeatureCollection", g.get("type"))
    ids = set()
    for f in g["features"]:
        p, geo = f.get("properties", {}), f.get("geometry")
        fid = p.get("id")
        ids.add(fid)
        ck.expect(geo is not None and geo.get("type") == "Point" and len(geo["coordinates"]) == 2,
                  "geojson Point geometry, never null", fid)
        if geo:
            lon, lat = geo["coordinates"]
            ck.expect(decimals(lon) <= 6 and decimals(lat) <= 6 and -180 <= float(lon) <= 180 and
                      -90 <= float(lat) <= 90, "geojson coordinates rounded to 6 decimals", f"{fid}: {lon}, {lat}")
        ck.expect(all(v is None or isinstance(v, (str, int)) for v in p.values()), "geojson flat properties",
                  f"{fid}: {[k for k, v in p.items() if not (v is None or isinstance(v, (str, int)))]}")
        ck.expect(p.get("date_start") and p.get("date_precision") in ("day", "week", "month"),
                  "geojson no undated or year-only point", f"{fid}: {p.get('date_precision')}")
    want = {i["id"] for i in incidents if (i.get("location") or {}).get("lat") is not None and
            (i.get("date") or {}).get("precision") in ("day", "week", "month")}
    ck.expect(ids == want, "geojson: exactly the incidents with a point and a date finer than the year",
              f"extra {sorted(ids - want)[:5]}, missing {sorted(want - ids)[:5]}")


def check_counts(ck, fmt, nrows, errfile, ngiven):
    c = written_count(errfile)
    if c is None:
        ck.expect(nrows == ngiven, f"{fmt}: rows + left out = incidents", f"{nrows} rows, {ngiven} incidents, no count")
    else:
        ck.expect(c == (nrows, ngiven), f"{fmt}: stderr count", f"stderr says {c}, file has {nrows} of {ngiven}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--codebooks", default="../shared/reference/codebooks.md")
    ap.add_argument("--data", default="data")
    ap.add_argument("--docs", default="docs/formats.md")
    a = ap.parse_args()
    ck = Checker()
    lists = codebook_lists(a.codebooks)
    iso, dictionary, doc = iso_codes(), dictionary_actors(a.data), open(a.docs, encoding="utf-8").read()
    incidents = [json.loads(l) for l in open(f"{a.dir}/x.jsonl", encoding="utf-8")]
    by_id = {i["id"]: i for i in incidents}
    sizes = (len(lists[0]), sum(len(v) for v in lists[0].values()), len(lists[1]), len(lists[2]), len(lists[3]),
             len(lists[4]), len(lists[5]))
    ck.expect(sizes == (6, 25, 8, 9, 13, 22, 10), "codebooks.md parsed: 6 event types, 25 sub-event types, 8 inter "
              "codes, 9 attack, 13 weapon, 22 target types, 10 claim modes", sizes)
    for fmt, delim in (("csv", ","), ("acled", ","), ("gtd", ","), ("cameo", "\t")):
        header, rows, raw = read_rows(f"{a.dir}/x.{fmt}", delim)
        ck.expect(header == documented_columns(doc, fmt), f"{fmt}: header as docs/formats.md", header[:4])
        ck.expect(all(len(r) == len(header) for r in raw), f"{fmt}: every row has every column", fmt)
        check_counts(ck, fmt, len(rows), f"{a.dir}/err.{fmt}", len(incidents))
        for r in rows:
            if fmt == "acled":
                check_acled_row(ck, r, lists, iso, dictionary, by_id.get("INC-" + r["event_id_cnty"][3:]))
            elif fmt == "gtd":
                check_gtd_row(ck, r, lists)
            elif fmt == "cameo":
                check_cameo_row(ck, r, by_id.get(r["eventid"]), iso)
        if fmt == "acled":
            check_acled_selection(ck, rows, incidents, dictionary)
    check_geojson(ck, open(f"{a.dir}/x.geojson", encoding="utf-8").read(), incidents)
    check_counts(ck, "geojson", len(json.load(open(f"{a.dir}/x.geojson"))["features"]), f"{a.dir}/err.geojson",
                 len(incidents))
    return ck.report()


if __name__ == "__main__":
    sys.exit(main())
