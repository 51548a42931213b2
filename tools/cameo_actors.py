#!/usr/bin/env python3
"""cameo_actors.py - write data/cameo-actors.txt: the CAMEO actor code of every
tacitus actor (data/actors.txt, data/forces.txt): the code a PETRARCH/Phoenix actor
dictionary gives it, matched on folded names and aliases; else one derived from
the entry itself (its country's alpha-3, or IMG for a transnational group and IGO
for a multinational force, and the role data/cameo-roles.txt gives its ACLED type;
external/other forces are MIL, a state force named as police COP, as intelligence SPY).

Usage: python3 tools/cameo_actors.py [--keep OLD] PHOENIX_ACTOR_FILE... >data/cameo-actors.txt
(--keep OLD: the codes of OLD's lines, e.g. the current data/cameo-actors.txt with its
hand corrections, win over the dictionaries' and come first)
(the shipped set: ../shared/reference/petrarch2-dictionaries/Phoenix.*.actors.txt,
MIT licence, Open Event Data). Of an entry's dated codes the open-ended one
(">date") wins, else the last listed. Entries from CountryInfo's office-holder
lists (people) are skipped.
"""
import os
import re
import sys

CODE = re.compile(r"\[([A-Z]{3,}[A-Z]*)(?:\s+([<>][0-9]+|[0-9]+-[0-9]+))?\]")


STATE_ROLES = ("MIL", "COP", "SPY", "GOV")


def fold(s):
    """Lower case, '_', '-' and punctuation as spaces, parentheses dropped."""
    s = re.sub(r"\([^)]*\)", " ", s.replace("_", " "))
    s = re.sub(r"[^a-z0-9' ]+", " ", s.lower()).replace("'", "")
    return " ".join(s.split())


def phoenix_entries(path):
    """Yield (names, code) for every entry of a Phoenix actor file."""
    names, codes, person = [], [], False

    def flush():
        if names and codes and not person:
            open_ended = [c for c, r in codes if r and r.startswith(">")]
            yield names, (open_ended[-1] if open_ended else codes[-1][0])

    for raw in open(path, encoding="utf-8", errors="replace"):
        line = raw.rstrip("\n")
        body = line.split("#", 1)[0]
        if not body.strip():
            continue
        if body[0] not in " \t+":  # a new entry
            yield from flush()
            names, codes, person = [], [], "CountryInfo" in line
        if body.lstrip().startswith("+") or body[0] not in " \t":
            name = CODE.sub("", body.strip().lstrip("+")).strip()
            if name:
                names.append(fold(name))
        codes += [(m.group(1), m.group(2)) for m in CODE.finditer(body)]
    yield from flush()


def tacitus_actors(path, with_type=False):
    """Yield (canonical name, country, [folded names and aliases]) of an actors.txt-format
    file; with_type, (canonical name, country, ACLED type, keys)."""
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or "|" not in line:
            continue
        f = [x.strip() for x in line.split(" | ")]
        canon = f[0]
        keys = [canon, canon.split(": ", 1)[-1]] + [a.lstrip("=") for a in f[3].split("; ") if a]
        folded = [fold(k) for k in keys if fold(k)]
        yield (canon, f[2], f[1], folded) if with_type else (canon, f[2], folded)


def alpha3_of(path="data/countries.tsv"):
    """alpha-2 -> alpha-3 from data/countries.tsv."""
    rows = (l.split("\t") for l in open(path, encoding="utf-8") if not l.startswith("#"))
    return {r[0]: r[1] for r in rows}


def own_country(code, cc, alpha3):
    """The code with its first part replaced by the actor's own country (a Phoenix
    region such as SAS, or a neighbour's code given to a cross-border group), kept
    whole for international groups (IMG, IGO, NGO) and transnational actors."""
    if cc not in alpha3 or code[:3] in ("IMG", "IGO", "NGO", "MNC") or len(code) < 6:
        return code
    return alpha3[cc] + code[3:]


def type_roles(path="data/cameo-roles.txt"):
    """ACLED type -> CAMEO role: the lines of data/cameo-roles.txt without a "%s"."""
    rows = (l.split(" | ") for l in open(path, encoding="utf-8") if " | " in l and not l.startswith("#"))
    return {k.strip(): v.strip() for k, v in rows if "%s" not in k}


def derived_code(canon, atype, cc, alpha3, roles):
    """The code of an entry no Phoenix dictionary names: first part, then role."""
    foreign = atype == "external/other forces"  # multinational and foreign forces
    first = alpha3.get(cc, ("IGO" if foreign else "IMG") if cc == "--" else "")
    role = "MIL" if foreign else roles.get(atype, "")
    low = canon.lower()
    if atype == "state forces" and any(w in low for w in ("police", "gendarm", "constabulary")):
        role = "COP"
    elif atype == "state forces" and any(w in low for w in ("intelligence", "security service")):
        role = "SPY"
    return first + role if first else ""


def kept_codes(argv):
    """The (canonical name, code) lines of the --keep file, in order, and the rest of argv."""
    if len(argv) < 2 or argv[0] != "--keep":
        return [], argv
    rows = [l.rstrip("\n").split(" | ") for l in open(argv[1], encoding="utf-8")]
    kept = [(r[0], r[1]) for r in rows if len(r) == 2 and not r[0].startswith("#")]
    if "# Derived from the dictionaries' own lines (no Phoenix entry names these actors):" in open(argv[1]).read():
        derived = open(argv[1]).read().split("# Derived from the dictionaries' own lines")[1]
        names = {l.split(" | ")[0] for l in derived.splitlines() if " | " in l}
        kept = [(n, c) for n, c in kept if n not in names]  # derived lines are derived again
    return kept, argv[2:]


def main():
    kept, paths = kept_codes(sys.argv[1:])
    code_of = {}
    for path in paths:
        for names, code in phoenix_entries(path):
            for n in names:
                code_of.setdefault(n, code)
    print("# cameo-actors.txt - the CAMEO actor code of every named tacitus actor, read by the")
    print("# engine (src/engine/actor_codes.c). Format: CANONICAL NAME | CODE.")
    print("# Generated by tools/cameo_actors.py from the PETRARCH2 Phoenix actor dictionaries")
    print("# (Copyright (c) 2014 Open Event Data, MIT licence) matched against data/actors.txt and")
    print("# data/forces.txt; the engine gives each actor this code (src/engine/actor_codes.c),")
    print("# unless its dictionary line has a CODE column. Lines may be added by hand. The last")
    print("# part lists every actor no Phoenix dictionary names, with a code derived from its own")
    print("# line: its country's alpha-3 (IMG for a transnational group, IGO for a multinational")
    print("# force) and the role data/cameo-roles.txt gives its ACLED type (foreign forces: MIL;")
    print("# a state force named as police: COP, as intelligence: SPY).")
    licence = os.path.join(os.path.dirname(os.path.abspath(paths[0])), "LICENSE") if paths else ""
    if os.path.exists(licence):  # the MIT notice travels with what is derived from the dictionaries
        print("#\n# The PETRARCH2 dictionaries' licence:\n#")
        for line in open(licence, encoding="utf-8"):
            print(("#   " + line.rstrip()).rstrip())
        print("#")
    print("# A code's first part is the actor's own country when the dictionary gave a region")
    print("# or another country (SASREB for an Indian group becomes INDREB).")
    seen, alpha3 = set(), alpha3_of()
    for canon, code in kept:
        seen.add(canon)
        print(f"{canon} | {code}")
    for data in ("data/actors.txt", "data/forces.txt"):
        for canon, cc, keys in tacitus_actors(data):
            hit = next((code_of[k] for k in keys if k in code_of), None)
            if hit and data.endswith("forces.txt") and hit[3:6] not in STATE_ROLES:
                hit = None  # a state force named like a rebel group ("People's Liberation Army")
            if hit and canon not in seen:
                seen.add(canon)
                print(f"{canon} | {own_country(hit, cc, alpha3)}")
    print("#\n# Derived from the dictionaries' own lines (no Phoenix entry names these actors):")
    roles = type_roles()
    for data in ("data/actors.txt", "data/forces.txt"):
        for canon, cc, atype, _ in tacitus_actors(data, with_type=True):
            code = derived_code(canon, atype, cc, alpha3, roles)
            if code and canon not in seen:
                seen.add(canon)
                print(f"{canon} | {code}")


if __name__ == "__main__":
    main()
