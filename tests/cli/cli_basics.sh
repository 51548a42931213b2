#!/usr/bin/env bash
# cli_basics.sh - the tacitus command line: help, version, usage errors, 'code'
# in both output formats, from files and stdin, 'dict', and output errors.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/cli_basics.sh
# (tests/run.sh does this with build/tacitus and build/asan/tacitus). Needs jq.
# TACITUS_DATA and TACITUS_GAZETTEER must point at the real dictionaries and the
# compiled gazetteer. Prints TAP lines. Every input below is written here.
set -u

T=${TACITUS:-build/tacitus}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-cli-basics.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C

# TAP helpers: pass, skip, fail, diag, run, insane, expect_rc, check, jqt
. "$(dirname "$0")/../lib/tap.sh"

# err_line DESC PREFIX PATTERN...: stderr is exactly one line, starting with
# PREFIX and containing every PATTERN (fixed strings, case-insensitive)
err_line() {
    local d=$1 pre=$2 p n
    shift 2
    n=$(wc -l <"$TMP/err")
    if [ "$n" -ne 1 ]; then fail "$d" "expected exactly one stderr line, got $n" "$(diag)"; return; fi
    if [ "${pre}" != "$(head -c ${#pre} "$TMP/err")" ]; then fail "$d" "stderr does not start with '$pre'" "$(diag)"; return; fi
    for p in "$@"; do
        if ! grep -qiF -- "$p" "$TMP/err"; then fail "$d" "stderr does not mention '$p'" "$(diag)"; return; fi
    done
    pass "$d"
}

command -v jq >/dev/null || { echo "not ok 1 - jq is not installed"; exit 1; }

VIOLENT='Gunmen killed five villagers in an attack on a market in Peshawar on Monday.'
printf '%s\n' "$VIOLENT" >"$TMP/report.txt"

# ---- help, version, usage errors --------------------------------------------
run --help
expect_rc "tacitus --help" 0
check "tacitus --help prints a usage line and lists the commands" \
    bash -c 'grep -q "^usage: tacitus" "$1" && grep -q "code" "$1" && grep -q "dict" "$1"' _ "$TMP/out"
for c in code eval bench dict ingest recode delete query show export serve shards feeds publish worker; do
    run "$c" --help
    expect_rc "tacitus $c --help" 0
    check "tacitus $c --help prints a 'usage: tacitus $c' line on stdout" grep -q "^usage: tacitus $c" "$TMP/out"
done
run code -h
expect_rc "tacitus code -h" 0
check "tacitus code -h prints the usage line" grep -q "^usage: tacitus code" "$TMP/out"

run
expect_rc "tacitus with no arguments" 2
check "tacitus with no arguments prints the usage on stderr" grep -q "^usage: tacitus" "$TMP/err"
run frobnicate
expect_rc "unknown command" 2
err_line "unknown command: one stderr line naming it" "tacitus" "frobnicate"
TACITUS_DB= run serve
expect_rc "serve without --db" 2
err_line "serve without --db: one stderr line asking for it" "tacitus serve: " "--db DB"
run dict frobnicate
expect_rc "tacitus dict with an unknown subcommand" 2
run --version
expect_rc "tacitus --version" 0
check "tacitus --version prints 'tacitus X.Y.Z'" grep -qE '^tacitus [0-9]+\.[0-9]+\.[0-9]+' "$TMP/out"

# ---- code --format pretty / json ---------------------------------------------
run code --format pretty "$TMP/report.txt"
expect_rc "code --format pretty" 0
check "code --format pretty: a readable summary that says killed" grep -qi "killed" "$TMP/out"
check "code --format pretty: not JSON" bash -c '! jq -e . "$1"' _ "$TMP/out"
check "code --format pretty: names the place" grep -q "Peshawar" "$TMP/out"

run code --format json --id rep-1 --title "Market attack" --url "https://example.org/a" "$TMP/report.txt"
expect_rc "code --format json with --id/--title/--url" 0
jqt "code json: one record with the given id, title and url" \
    'length == 1 and .[0].doc.id == "rep-1" and .[0].doc.title == "Market attack" and .[0].doc.url == "https://example.org/a"'
run code --format json "$TMP/report.txt"
expect_rc "code --format json" 0
check "code json: exactly one output line" test "$(wc -l <"$TMP/out")" -eq 1
jqt "code json: .doc.id is the file's path as given" '.[0].doc.id == $p' --arg p "$TMP/report.txt"
jqt "code json: .events[0].event_type is a non-empty string" '.[0].events[0].event_type | type == "string" and length > 0'
jqt "code json: .events[0].evidence is a non-empty array of {field,start,end} with integer offsets" \
    '.[0].events[0].evidence | type == "array" and length > 0 and all(.[]; (.field | type == "string") and (.start | type == "number" and floor == .) and (.end | type == "number" and floor == .))'
jqt "code json: text_length is the byte length of the input file" '.[0].doc.text_length == $n' --argjson n "$(wc -c <"$TMP/report.txt")"

# every evidence span [start,end) is a non-empty, trimmed substring of the input,
# and the trigger's and the place's spans read exactly their .text
jq -r '.events[] | . as $e | .evidence[] | [.field, .start, .end,
        (if .field == "trigger" then $e.trigger.text elif .field == "location" then $e.location.text else "" end)] | @tsv' \
    "$TMP/out" >"$TMP/spans" 2>/dev/null
bad=""
count=0
len=$(wc -c <"$TMP/report.txt")
while IFS=$'\t' read -r field start end want; do
    count=$((count + 1))
    if ! [[ $start =~ ^[0-9]+$ && $end =~ ^[0-9]+$ ]] || [ "$start" -ge "$end" ] || [ "$end" -gt "$len" ]; then
        bad="$bad; $field [$start,$end) out of range"
        continue
    fi
    got=$(cut -b "$((start + 1))-$end" "$TMP/report.txt")
    if [ -z "$got" ] || [ "$got" != "$(printf '%s' "$got" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')" ]; then
        bad="$bad; $field [$start,$end) = '$got' is empty or not trimmed"
    elif [ -n "$want" ] && [ "$got" != "$want" ]; then
        bad="$bad; $field [$start,$end) = '$got' but its text is '$want'"
    fi
done <"$TMP/spans"
if [ "$count" -gt 0 ] && [ -z "$bad" ]; then
    pass "code json: all $count evidence spans are non-empty substrings of the input at [start,end)"
else
    fail "code json: evidence spans are non-empty substrings of the input at [start,end)" "$count spans${bad:- (none found)}" "$(diag)"
fi
jqt "code json: the trigger span reads 'killed' or 'attack'" '.[0].events[0].trigger.text | test("^(killed|attack)$"; "i")'

run code --format yaml "$TMP/report.txt"
expect_rc "code --format yaml" 2
err_line "code --format yaml: one stderr line naming the value" "tacitus code: " "yaml"

# ---- stdin ------------------------------------------------------------------
printf 'Gunmen killed two shopkeepers in Quetta yesterday, police said.\n' >"$TMP/stdin.txt"
IN="$TMP/stdin.txt" run code --published 2024-03-05
expect_rc "code from stdin with --published" 0
check "code stdin: exactly one output line" test "$(wc -l <"$TMP/out")" -eq 1
jqt "code stdin: one record, id the text's hash, published 2024-03-05, events" \
    'length == 1 and (.[0].doc.id | test("^[0-9a-f]{32}$")) and .[0].doc.published == "2024-03-05" and (.[0].events | length > 0)'
jqt "code stdin: 'yesterday' is dated 2024-03-04 from --published" '.[0].events[0].date.start == "2024-03-04"'
IN="$TMP/stdin.txt" run code -
expect_rc "code - (explicit stdin)" 0
jqt "code -: one record from stdin, named by its text's hash" 'length == 1 and (.[0].doc.id | test("^[0-9a-f]{32}$"))'

{
    printf '{"id":"z-9","text":"%s","published":"2024-01-15"}\n' "$VIOLENT"
    printf '{"id":"a-1","text":"Protesters blocked the main road in Lahore on Sunday."}\n'
    printf '{"id":"m-5","text":"The city council approved a new budget for schools."}\n'
} >"$TMP/three.jsonl"
IN="$TMP/three.jsonl" run code --jsonl
expect_rc "code --jsonl from stdin" 0
check "code --jsonl stdin: exactly 3 output lines" test "$(wc -l <"$TMP/out")" -eq 3
jqt "code --jsonl stdin: ids preserved in input order" '[.[].doc.id] == ["z-9", "a-1", "m-5"]'
jqt "code --jsonl stdin: published from the record" '.[0].doc.published == "2024-01-15"'
jqt "code --jsonl stdin: the violent record has events, the council one none" '(.[0].events | length > 0) and .[2].events == []'
run code "$TMP/three.jsonl"
expect_rc "code FILE.jsonl (JSON Lines by extension)" 0
jqt "code FILE.jsonl: 3 records in order" '[.[].doc.id] == ["z-9", "a-1", "m-5"]'
printf '{"text":"%s"}\n{"id":42,"text":"%s"}\n' "$VIOLENT" "$VIOLENT" >"$TMP/noid.jsonl"
run code "$TMP/noid.jsonl"
expect_rc "code JSONL with a missing and an integer id" 0
jqt "code JSONL ids: a missing id becomes line-1, an integer id its string" '[.[].doc.id] == ["line-1", "42"]'

# ---- several files -----------------------------------------------------------
printf 'Protesters blocked the main road in Lahore on Sunday.\n' >"$TMP/second.txt"
run code "$TMP/report.txt" "$TMP/second.txt"
expect_rc "code two files" 0
jqt "code two files: two records in argument order" '[.[].doc.id] == [$a, $b]' --arg a "$TMP/report.txt" --arg b "$TMP/second.txt"

# ---- dict ----------------------------------------------------------------------
run dict check
expect_rc "dict check" 0
check "dict check: reports the dictionaries ok" grep -qi "ok" "$TMP/out"
run dict lookup TTP
expect_rc "dict lookup TTP" 0
check "dict lookup TTP: shows an actor line" grep -qE '^[[:space:]]+actor[[:space:]]' "$TMP/out"
run dict lookup "Pakistani Taliban"
expect_rc "dict lookup 'Pakistani Taliban'" 0
check "dict lookup 'Pakistani Taliban': shows an actor line" grep -qE '^[[:space:]]+actor[[:space:]]' "$TMP/out"
run dict lookup Peshawar
expect_rc "dict lookup Peshawar" 0
check "dict lookup Peshawar: shows a place line in Pakistan" grep -qE '^[[:space:]]+place[[:space:]].*Peshawar.*Pakistan' "$TMP/out"
run dict lookup zzqxjv
expect_rc "dict lookup of nonsense" 0
check "dict lookup of nonsense: says no match" grep -q "no match" "$TMP/out"

# ---- code -j N: threads code, records come out in input order -------------------
{
    for i in $(seq 1 40); do
        printf '{"id":"t%d","text":"%s Report %d."}\n' "$i" "$VIOLENT" "$i"
        [ $((i % 9)) -eq 0 ] && printf 'not json %d\n' "$i"
        [ $((i % 13)) -eq 0 ] && printf '{"id":"empty%d","text":""}\n' "$i"
    done
} >"$TMP/forty.jsonl"
OUT=$TMP/j1.out run code -j 1 "$TMP/forty.jsonl" "$TMP/none.txt"
cp "$TMP/err" "$TMP/j1.err"
rc1=$RC
OUT=$TMP/j3.out run code -j 3 "$TMP/forty.jsonl" "$TMP/none.txt"
expect_rc "code -j 3 over records, bad lines and a missing file" "$rc1"
check "code -j 3: the same records in the same order as -j 1 (byte for byte)" cmp "$TMP/j1.out" "$TMP/j3.out"
check "code -j 3: the same messages in the same order as -j 1" cmp "$TMP/j1.err" "$TMP/err"
check "code -j 3: one record per input line and file ($(wc -l <"$TMP/j3.out") records)" \
    [ "$(wc -l <"$TMP/j3.out")" -eq "$(($(grep -c . "$TMP/forty.jsonl") + 1))" ]
OUT=$TMP/j8.out run code --jobs 8 --format pretty "$TMP/forty.jsonl"
OUT=$TMP/p1.out run code -j1 --format pretty "$TMP/forty.jsonl"
check "code --jobs 8 --format pretty: the same as -j1" cmp "$TMP/j8.out" "$TMP/p1.out"
for bad in 0 65 x ""; do
    run code -j "$bad" "$TMP/forty.jsonl"
    expect_rc "code -j '$bad'" 2
    err_line "code -j '$bad': one line naming the accepted range" "tacitus code: " "1 to 64"
done

# ---- code --fields / --evidence none: compact records --------------------------
run code --fields id,event_type,date,killed "$TMP/forty.jsonl"
expect_rc "code --fields id,event_type,date,killed" 1
jqt "code --fields: each event has exactly id, event_type, date and killed" \
    '[.[] | select(.events) | .events[] | keys] | length > 0 and all(. == ["date", "event_type", "id", "killed"])'
cp "$TMP/out" "$TMP/f1.out"
OUT=$TMP/f3.out run code -j 3 --fields id,event_type,date,killed "$TMP/forty.jsonl"
check "code -j 3 --fields: the same records as the default" cmp "$TMP/f1.out" "$TMP/f3.out"
run code --evidence none "$TMP/report.txt"
expect_rc "code --evidence none" 0
jqt "code --evidence none: events without evidence, with everything else" \
    '[.[] | .events[]] | length > 0 and all(has("evidence") | not) and all(has("trigger") and has("location"))'
run code --fields id,evidence,bogus "$TMP/report.txt"
expect_rc "code --fields with an unknown key" 2
err_line "code --fields bogus: one line naming it and the accepted keys" "tacitus code: --fields: " "bogus" "event_type"
run code --evidence some "$TMP/report.txt"
expect_rc "code --evidence some" 2

# ---- output errors -------------------------------------------------------------
OUT=/dev/full run code "$TMP/report.txt"
expect_rc "code > /dev/full" 4
err_line "code > /dev/full: one stderr line saying the output cannot be written" "tacitus code: " "cannot write"
for i in $(seq 1 60); do printf '{"id":"d%d","text":"%s"}\n' "$i" "$VIOLENT"; done >"$TMP/sixty.jsonl"
OUT=/dev/full run code "$TMP/sixty.jsonl"
expect_rc "code of 60 records > /dev/full" 4
err_line "code of 60 records > /dev/full: one stderr line, no message per record" "tacitus code: " "cannot write"
OUT=/dev/full run code --format pretty "$TMP/report.txt"
expect_rc "code --format pretty > /dev/full" 4
OUT=/dev/full run dict lookup Peshawar
expect_rc "dict lookup > /dev/full" 4

echo "1..$N"
