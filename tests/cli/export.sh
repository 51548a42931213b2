#!/usr/bin/env bash
# export.sh - 'tacitus export' faithful to each format: every export of a store
# built from ../shared/eval/voa-annotated.jsonl and of one built from the
# invented reports of tests/golden/reports.jsonl is read back by the
# independent checker tests/export_check.py (ACLED names, inter and interaction
# codes, ISO numbers, regions, precisions; GTD specificity and codes; CAMEO
# actor codes; flat GeoJSON points; the left-out counts on stderr); the checker
# is shown to fail on broken rows; the exports of the hand-checked coded records
# tests/golden/reports.coded.jsonl equal tests/golden/expected.*; --bom writes
# a byte order mark and is refused for JSON; a missing data table is an error.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/export.sh
# with TACITUS_DATA, TACITUS_GAZETTEER and TACITUS_SHARED set (tests/run.sh does
# this with build/tacitus and build/asan/tacitus). Needs python3. Prints TAP lines.
set -u
T=${TACITUS:-build/tacitus}
SHARED=${TACITUS_SHARED:-../shared}
DATA=${TACITUS_DATA:-data}
VOA=$SHARED/eval/voa-annotated.jsonl
CODEBOOKS=$SHARED/reference/codebooks.md
G=tests/golden
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-export.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C
. "$(dirname "$0")/../lib/tap.sh"

# export_all DB DIR [export args]: every format of DB into DIR/x.FORMAT, stderr into DIR/err.FORMAT;
# fails (returns 1) when an export exits non-zero or hits a sanitizer
export_all() {
    local db=$1 dir=$2 f rc=0
    shift 2
    mkdir -p "$dir"
    for f in jsonl csv geojson acled gtd cameo; do
        "$T" export --db "$db" --format $f "$@" >"$dir/x.$f" 2>"$dir/err.$f" || rc=1
        grep -qE 'runtime error:|Sanitizer' "$dir/err.$f" && rc=1
    done
    return $rc
}
# checker DIR: the independent checker over DIR's exports; its output in DIR/check
checker() { python3 tests/export_check.py "$1" --codebooks "$CODEBOOKS" --data "$DATA" >"$1/check" 2>&1; }
show() { tail -n 15 "$1/check"; }

# ---- 1. the VOA stories
if [ -f "$VOA" ] && [ -f "$CODEBOOKS" ]; then
    "$T" ingest --db "$TMP/voa.db" "$VOA" 2>"$TMP/err"; RC=$?
    expect_rc "ingest voa-annotated.jsonl" 0
    if export_all "$TMP/voa.db" "$TMP/voa"; then pass "export: six formats of the VOA store"; else fail "export: six formats of the VOA store" "$(cat "$TMP"/voa/err.*)"; fi
    if checker "$TMP/voa"; then pass "VOA exports follow their codebooks ($(tail -n 1 "$TMP/voa/check"))"
    else fail "VOA exports follow their codebooks" "$(show "$TMP/voa")"; fi
    n=$(grep -c . "$TMP/voa/x.jsonl")
    check "ACLED and GeoJSON leave some VOA incidents out and say how many" \
        grep -q "acled: [0-9]* of $n incidents written; left out: .*located only to a country" "$TMP/voa/err.acled"
    # the checker is not blind: broken rows fail it
    cp -r "$TMP/voa" "$TMP/broken"
    python3 - "$TMP/broken" <<'PY'
import csv, re, sys
d = sys.argv[1]
rows = list(csv.reader(open(f"{d}/x.acled", newline="")))
h = rows[0]
rows[1][h.index("actor1")] = ""                      # ACLED actor1 empty
rows[2][h.index("interaction")] = "21"               # higher code first
rows[3][h.index("geo_precision")] = "4"              # not 1-3
rows[4][h.index("iso")] = "999"                      # not the country's
csv.writer(open(f"{d}/x.acled", "w", newline="")).writerows(rows)
g = list(csv.reader(open(f"{d}/x.gtd", newline="")))
g[1][g[0].index("specificity")] = "7"
csv.writer(open(f"{d}/x.gtd", "w", newline="")).writerows(g)
c = list(csv.reader(open(f"{d}/x.cameo", newline=""), delimiter="\t"))
for r in c[1:]:
    if r[c[0].index("source")]:
        r[c[0].index("source")] = r[c[0].index("source_root")] = r[c[0].index("source_agent")] = ""
        break
csv.writer(open(f"{d}/x.cameo", "w", newline=""), delimiter="\t", lineterminator="\n").writerows(c)
s = open(f"{d}/x.geojson").read()                   # a 7th decimal on the first point
open(f"{d}/x.geojson", "w").write(re.sub(r'"coordinates":\[(-?[0-9]+\.[0-9]+),', r'"coordinates":[\g<1>1,', s, count=1))
PY
    checker "$TMP/broken"
    missing=
    for p in "actor1 never empty" "acled interaction" "acled geo_precision" "acled iso numeric" "gtd specificity 1-5" \
        "cameo source code present where the actor is known" "geojson coordinates rounded to 6 decimals"; do
        grep -q "$p" "$TMP/broken/check" || missing="$missing [$p]"
    done
    check "the checker fails each broken row (missed:${missing:- none})" [ -z "$missing" ]
else
    skip "VOA exports: $VOA or $CODEBOOKS is absent"
fi

# ---- 2. the invented reports: exact golden files of the hand-checked coded records
"$T" ingest --db "$TMP/golden.db" --coded "$G/reports.coded.jsonl" 2>"$TMP/err"; RC=$?
expect_rc "ingest --coded the golden reports' records" 0
export_all "$TMP/golden.db" "$TMP/golden" || fail "export the golden store" "$(cat "$TMP"/golden/err.*)"
for f in jsonl csv geojson acled gtd cameo; do
    if cmp -s "$TMP/golden/x.$f" "$G/expected.$f"; then pass "golden $f: as hand-checked"
    else fail "golden $f: differs from $G/expected.$f" "$(diff "$G/expected.$f" "$TMP/golden/x.$f" | head -n 8)"; fi
done
cat "$TMP"/golden/err.acled "$TMP"/golden/err.gtd "$TMP"/golden/err.cameo "$TMP"/golden/err.geojson >"$TMP/golden.err"
if cmp -s "$TMP/golden.err" "$G/expected.stderr"; then pass "golden: the left-out counts on stderr"
else fail "golden: the left-out counts on stderr" "$(diff "$G/expected.stderr" "$TMP/golden.err")"; fi
if [ -f "$CODEBOOKS" ] && checker "$TMP/golden"; then pass "golden exports follow their codebooks"
else fail "golden exports follow their codebooks" "$(show "$TMP/golden" 2>/dev/null)"; fi

# ---- 3. the same reports coded afresh: conventions hold whatever the engine makes of them
"$T" ingest --db "$TMP/fresh.db" "$G/reports.jsonl" 2>"$TMP/err"; RC=$?
expect_rc "ingest the invented reports" 0
if export_all "$TMP/fresh.db" "$TMP/fresh" && [ -f "$CODEBOOKS" ] && checker "$TMP/fresh"; then
    pass "exports of the invented reports follow their codebooks"
else fail "exports of the invented reports follow their codebooks" "$(show "$TMP/fresh" 2>/dev/null)"; fi

# ---- 4. --bom, and the data tables
"$T" export --db "$TMP/golden.db" --format acled --bom >"$TMP/bom.csv" 2>"$TMP/err"; RC=$?
check "--bom: a UTF-8 byte order mark, then the same ACLED file" \
    sh -c "[ $RC -eq 0 ] && [ \"\$(head -c 3 '$TMP/bom.csv' | od -An -tx1 | tr -d ' ')\" = efbbbf ] && tail -c +4 '$TMP/bom.csv' | cmp -s - '$G/expected.acled'"
python3 -c 'import csv,sys; h=next(csv.reader(open(sys.argv[1], encoding="utf-8-sig"))); sys.exit(h[0] != "event_id_cnty")' "$TMP/bom.csv"
check "--bom: Python's utf-8-sig reader sees the header" [ $? -eq 0 ]
T_OUT=$("$T" export --db "$TMP/golden.db" --format geojson --bom 2>"$TMP/err"); RC=$?
check "--bom with geojson: exit 2, one line, nothing written" sh -c "[ $RC -eq 2 ] && [ -z '$T_OUT' ] && [ \$(wc -l <'$TMP/err') -eq 1 ]"
mkdir -p "$TMP/nodata"
"$T" export --db "$TMP/golden.db" --format gtd --data "$TMP/nodata" >"$TMP/out" 2>"$TMP/err"; RC=$?
check "a missing data table: exit 4 and a line naming countries.tsv" sh -c "[ $RC -eq 4 ] && grep -q 'countries.tsv' '$TMP/err'"
echo "1..$N"
