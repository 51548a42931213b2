#!/usr/bin/env python3
"""leaders.py - write data/leaders.txt: the people who held office in a government
(heads of state and government, ministers) from CountryInfo's office-holder lists in
the PETRARCH2 Phoenix country dictionary (Phoenix.Countries.actors.txt, MIT licence,
Open Event Data), each with the country of the government he or she last served and
the names a report calls them by. tacitus reads them as offices of that country
(docs/dictionaries.md, "leaders.txt"): "Putin said" is the Government of Russia
speaking, CAMEO RUSGOV.

Usage: python3 tools/leaders.py PHOENIX_COUNTRIES CORPUS.jsonl... >data/leaders.txt

Kept: a person with a GOV code of the country's whose period ends in 1980 or later
(or is open), and for whom the dictionary lists other names ("Putin", "President
Putin"): it gives them to the office-holders news reports name, not to every minister. Dropped names: one that two countries' people share ("Hassan"), and a
one-word name that the corpora (news stories, read only for this: their words are
never written out) use in lower case as a common word ("rice", "major", "bush"), or
that data/ already lists as a word of the vocabulary, a word class or a stop word.
"""
import json
import os
import re
import sys

CODE = re.compile(r"\[([A-Z]{3})([A-Z]{3})?[A-Z]*(?:\s+([<>])?([0-9]{6})(?:-([0-9]{6}))?)?\]")


def year_of(yymmdd):
    """The year of a CountryInfo date (YYMMDD: 00-29 is 20YY, else 19YY)."""
    yy = int(yymmdd[:2])
    return 2000 + yy if yy < 30 else 1900 + yy


def read_people(path):
    """[(name, [aliases], [(alpha3, role, end_year or 9999)])] from the dictionary."""
    people, cur = [], None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("\t") or line.startswith(" "):
                m = CODE.search(line)
                if m and cur is not None:
                    a3, role, cmp, d1, d2 = m.groups()
                    if d2:
                        end = year_of(d2)
                    elif cmp == ">":
                        end = 9999
                    elif cmp == "<":
                        end = year_of(d1)
                    else:
                        end = 9999 if d1 is None else year_of(d1)
                    cur[2].append((a3, role or "", end))
                continue
            name = line.split("#")[0].strip()
            if line.startswith("+"):
                if cur is not None:
                    cur[1].append(name[1:])
                continue
            cur = (name, [], [])
            people.append(cur)
    return people


def words_of(name):
    """A dictionary name as written: '_' as spaces, the trailing '_' dropped."""
    return re.sub(r"\s+", " ", name.replace("_", " ")).strip()


def title_case(s):
    """ "VLADIMIR V. PUTIN" -> "Vladimir V. Putin" (each word's first letter up)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in s.split(" "))


def fold(s):
    return re.sub(r"[^a-z0-9 ]+", " ", s.lower().replace("'", "")).split()


def common_words(data_dir, corpora):
    """Words data/ lists, and the words the corpora write in lower case."""
    seen = set()
    for name in ("vocab.txt", "wordclasses.txt", "stopwords.txt"):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if not line.startswith("#"):
                        seen.update(fold(line))
    for path in corpora:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    text = json.loads(line).get("text") or ""
                except ValueError:
                    continue
                seen.update(w for w in re.findall(r"\b[a-z][a-z'-]+\b", text))
    return seen


def alpha2_of(data_dir):
    """alpha-3 -> alpha-2 from data/countries.tsv."""
    table = {}
    with open(os.path.join(data_dir, "countries.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2:
                table[cols[1]] = cols[0]
    return table


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    data_dir = os.path.join(here, "..", "data")
    a2 = alpha2_of(data_dir)
    common = common_words(data_dir, sys.argv[2:])
    rows = []
    for name, aliases, codes in read_people(sys.argv[1]):
        gov = [(end, a3) for a3, role, end in codes if role == "GOV" and end >= 1980 and a3 in a2]
        if not gov or not aliases:
            continue  # the dictionary gives other names only to the office-holders news names
        country = a2[max(gov)[1]]
        names = []
        for n in [name] + aliases:
            w = words_of(n)
            if w and w not in names:
                names.append(w)
        rows.append((title_case(names[0]), country, names))
    # a name two countries' people share names neither
    owners = {}
    for canon, cc, names in rows:
        for n in names:
            owners.setdefault(" ".join(fold(n)), set()).add(cc)
    out = []
    for canon, cc, names in rows:
        kept = []
        for n in names:
            key = " ".join(fold(n))
            if not key or len(owners[key]) > 1:
                continue
            parts = key.split()
            if len(parts) == 1 and (parts[0] in common or len(parts[0]) < 4):
                continue
            if len(parts) > 8:
                continue
            phrase = title_case(n)
            if phrase not in kept:
                kept.append(phrase)
        if kept:
            out.append((canon, cc, kept))
    out.sort(key=lambda r: (r[1], r[0]))
    print("# leaders.txt - people who held office in a government, for tacitus: each is an office")
    print("# of its country (the Government of X, CAMEO XXXGOV) wherever a report names them.")
    print("# Generated by tools/leaders.py from the office-holder lists (CountryInfo) in the")
    print("# PETRARCH2 Phoenix country dictionary (Phoenix.Countries.actors.txt, Copyright (c) 2014")
    print("# Open Event Data Alliance, MIT licence: see data/cameo-actors.txt for its text); people")
    print("# in government since 1980, with the country they served last. Lines may be added by")
    print("# hand (docs/dictionaries.md, \"leaders.txt\"); the last part lists leaders the 2014")
    print("# dictionary does not know, written for tacitus.")
    print("#")
    print("# Format: NAMES | CC | SECTOR  (NAMES '; '-separated, the first the canonical name;")
    print("# CC the ISO 3166-1 alpha-2 code of the country; SECTOR the CAMEO role, GOV)")
    for canon, cc, names in out:
        print(f"{'; '.join(names)} | {cc} | GOV")


if __name__ == "__main__":
    main()
