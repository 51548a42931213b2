#!/usr/bin/env python3
"""scale_doc.py KIND BYTES OUT - write one document of about BYTES bytes for
bench/scale_doc.sh. Kinds:
  report   one ordinary report of a bombing (written for tacitus), repeated
  article  a long article that reads like a real one: sentences drawn (seeded,
           so the same bytes every run) from templates over many places,
           actors, figures and dates
  html     a page of nested HTML (sections, divs, lists, tables) holding the
           article's paragraphs, all inside one <article>
  separate a roundup of separate attacks, each its own incident ("In a
           separate attack on Monday, gunmen killed 12 people in Herat, ...")
  byline   one sentence without end: "militants attacked police in Karachi
           and ..." (the byline check of the places, issue 13's S2)
The fuzzing reproducers (../shared/fuzz/slow/*-unit-*) are grown by the script
itself with ../shared/fuzz/slow/grow.py."""
import random
import sys

REPORT = (
    "QUETTA, Pakistan - A suicide bomber blew himself up outside a police station in Quetta "
    "on Tuesday, killing 12 people and wounding at least 30 others, officials said. "
    "Provincial police chief Ahmed Khan said the attacker rammed a car packed with explosives "
    "into the gate of the station shortly after 9 a.m. Most of the dead were police officers. "
    "No group immediately claimed responsibility, but the Pakistani Taliban have carried out "
    "similar attacks in Balochistan province in recent months. Prime Minister Shehbaz Sharif "
    "condemned the bombing and ordered an inquiry.\n\n")

PLACES = ["Kabul", "Kandahar", "Quetta", "Peshawar", "Lahore", "Karachi", "Mogadishu", "Baghdad",
          "Mosul", "Aleppo", "Idlib", "Maiduguri", "Kano", "Bamako", "Gao", "Sanaa", "Aden",
          "Tripoli", "Benghazi", "Goma", "Beni", "Jalalabad", "Herat", "Kunduz", "Khan Younis",
          "Rafah", "Kirkuk", "Homs", "Timbuktu", "Mopti"]
ACTORS = ["gunmen", "militants", "Taliban fighters", "al-Shabab militants", "Boko Haram fighters",
          "Islamic State militants", "soldiers", "police", "rebels", "security forces",
          "an armed group", "unidentified attackers"]
VICTIMS = ["civilians", "police officers", "soldiers", "worshippers", "students", "villagers",
           "members of a wedding party", "market traders", "aid workers", "guards"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OFFICIALS = ["a police spokesman", "the provincial governor", "a local official",
             "the interior ministry", "a hospital doctor", "witnesses", "the army"]
TEMPLATES = [
    "{A} attacked a checkpoint in {P} on {D}, killing {n} {V} and wounding {m} others, {O} said.",
    "A roadside bomb exploded near a market in {P}, killing {n} people, according to {O}.",
    "{O} said {n} {V} were killed and {m} were injured when {A} opened fire in {P}.",
    "In {P}, {A} clashed with {A2} for several hours on {D}; at least {n} people died.",
    "The attack in {P} was the deadliest since {A} stormed a hotel there last year.",
    "Residents of {P} said they heard several explosions before dawn on {D}.",
    "{O} blamed {A} for the violence, which has displaced thousands of families near {P}.",
    "Hundreds of people protested in {P} on {D} against the killings, and police fired tear gas.",
    "No one claimed responsibility for the bombing in {P}, but {O} suspected {A}.",
    "The wounded were taken to hospitals in {P} and {P2}, where {m} were in critical condition.",
]


def article_paragraphs(rng):
    """An endless supply of paragraphs of three to six template sentences."""
    while True:
        sents = []
        for _ in range(rng.randint(3, 6)):
            t = rng.choice(TEMPLATES)
            s = t.format(A=rng.choice(ACTORS), A2=rng.choice(ACTORS), P=rng.choice(PLACES),
                         P2=rng.choice(PLACES), D=rng.choice(DAYS), V=rng.choice(VICTIMS),
                         O=rng.choice(OFFICIALS), n=rng.randint(1, 60), m=rng.randint(1, 90))
            sents.append(s[0].upper() + s[1:])
        yield " ".join(sents)


def fill(target, pieces):
    out, size = [], 0
    for p in pieces:
        out.append(p)
        size += len(p.encode())
        if size >= target:
            break
    return "".join(out).encode()[:target]


def main():
    kind, target, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(13)
    if kind == "report":
        data = fill(target, iter(lambda: REPORT, None))
    elif kind == "article":
        head = "Violence flares across the region as attacks mount\n\n"
        data = fill(target, (p + "\n\n" for p in article_paragraphs(rng)))
        data = (head.encode() + data)[:target]
    elif kind == "html":
        def pieces():
            yield ("<!DOCTYPE html><html><head><title>Violence flares across the region</title></head>"
                   "<body><article>")
            paras = article_paragraphs(rng)
            while True:
                yield "<section><div class=\"story\"><div class=\"col\">"
                for _ in range(4):
                    yield "<div><p>" + next(paras) + "</p></div>"
                yield ("<ul><li><a href=\"/a\">Related</a></li><li><span><b>More</b></span></li></ul>"
                       "<table><tr><td>" + next(paras) + "</td></tr></table>")
                yield "</div></div></section>\n"
        tail = b"</article></body></html>\n"
        data = fill(target - len(tail), pieces()) + tail
    elif kind == "separate":
        def attacks():
            while True:
                yield ("In a separate attack on %s, %s killed %d people in %s, police said. The provincial "
                       "governor condemned the attack.\n\n" % (rng.choice(DAYS), rng.choice(ACTORS),
                                                                rng.randint(2, 50), rng.choice(PLACES)))
        data = fill(target, attacks())
    elif kind == "byline":
        data = fill(target, iter(lambda: "militants attacked police in Karachi and ", None))
    else:
        sys.exit("scale_doc.py: unknown kind " + kind)
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
