#!/usr/bin/env bash
# eval_floors.sh - run 'tacitus eval' on the development sets in ../shared/eval
# and the invented GTD- and ACLED-style sets in tests/eval, and turn each floor
# of tests/eval-floors.tsv into a TAP line. Floors only
# ever go up: raise them when the scores rise. Then check the error report
# (--errors): one row per miss, grouped by set, field and cause, and the
# confusion table of the event types.
set -u
cd "$(dirname "$0")/.."
SHARED=${TACITUS_SHARED:-../shared}
ERR=$(mktemp "${TMPDIR:-/tmp}/tacitus-errors.XXXXXX") || exit 1
trap 'rm -f "$ERR"' EXIT
out=$(./build/tacitus eval --floors tests/eval-floors.tsv --errors "$ERR" "$SHARED"/eval/*.jsonl tests/eval/*.jsonl 2>&1)
rc=$?
echo "$out" | grep -v '^floor ' | sed 's/^/# /'
echo "$out" | grep '^floor ' | while read -r _ set rest; do
    case "$rest" in
        *" ok") echo "ok - $set $rest" ;;
        *) echo "not ok - $set $rest" ;;
    esac
done
[ $rc -eq 0 ] || [ $rc -eq 5 ] || echo "not ok - tacitus eval exited $rc"
# the error report: as many rows as misses, in (set, field, cause) order, 8 columns each
python3 - "$ERR" <<'PY' && echo "ok - eval --errors: a row per miss with its cause and evidence, grouped by set, field and cause" || echo "not ok - eval --errors report"
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
assert rows[0] == ["set", "field", "cause", "id", "gold", "got", "evidence", "text"], rows[0]
body = rows[1:]
assert body and all(len(r) == 8 for r in body)
keys = [(r[0], r[1], r[2], r[3]) for r in body]
assert keys == sorted(keys)
assert any(r[6] for r in body if r[1] == "killed exact" and r[2] != "no figure coded")
PY
misses=$(echo "$out" | awk '/\([0-9]+\/[0-9]+\)$/ && !/documents with a main event/ {n=$NF; gsub(/[()]/, "", n); split(n, p, "/"); m += p[2] - p[1]} END {print m + 0}')
rows=$(($(wc -l <"$ERR") - 1))
if [ "$misses" = "$rows" ]; then echo "ok - eval --errors lists every miss ($rows)"
else echo "not ok - eval --errors lists $rows rows for $misses misses"; fi
if echo "$out" | grep -q "confusion: event type" && echo "$out" | grep -q "misses by cause"; then
    echo "ok - eval prints the event-type confusion table and the misses by cause"
else echo "not ok - eval prints the event-type confusion table and the misses by cause"; fi
# the invented GTD/ACLED-style sets (tests/eval): the code-list fields and ACLED actor 1 are
# scored on every event whose gold gives them
./build/tacitus eval --json tests/eval/gtd-style.jsonl tests/eval/acled-style.jsonl 2>/dev/null | python3 -c '
import json, sys
j = json.load(sys.stdin)
g, a = j["gtd-style"], j["acled-style"]
assert g["records"] == 150 and a["records"] == 150
assert all(g[f]["total"] == 150 for f in ("attack type", "target type", "weapon type", "event found"))
assert a["actor1"]["total"] == 124 and a["negatives clean"]["total"] == 25 and "actor1" not in g
' && echo "ok - eval scores attack, target and weapon type (GTD-style) and actor1 (ACLED-style)" \
  || echo "not ok - eval scores attack, target and weapon type (GTD-style) and actor1 (ACLED-style)"
