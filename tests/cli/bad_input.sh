#!/usr/bin/env bash
# bad_input.sh - 'tacitus code' on broken, hostile and oversized input.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/bad_input.sh
# (tests/run.sh does this with build/tacitus and build/asan/tacitus). Needs jq.
# TACITUS_DATA and TACITUS_GAZETTEER must point at the real dictionaries and the
# compiled gazetteer. Prints TAP lines. Every input below is written here.
#
# For each case: the expected exit status, no sanitizer report / crash / hang,
# a one-line "tacitus code: ..." diagnostic naming the input (and the position
# where there is one), and output that is valid JSON with no record lost.
set -u

T=${TACITUS:-build/tacitus}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-bad-input.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
ASAN=0
[[ $T == *asan* ]] && ASAN=1
export LC_ALL=C

# TAP helpers: pass, skip, fail, diag, run, insane, expect_rc, check, jqt
. "$(dirname "$0")/../lib/tap.sh"

# err_line DESC PATTERN...: stderr has exactly one line, it starts with
# "tacitus code: " and contains every PATTERN (fixed strings, case-insensitive)
err_line() {
    local d=$1 p
    shift
    local n
    n=$(wc -l <"$TMP/err")
    if [ "$n" -ne 1 ]; then fail "$d" "expected exactly one stderr line, got $n" "$(diag)"; return; fi
    if ! grep -q '^tacitus code: ' "$TMP/err"; then fail "$d" "stderr line lacks the 'tacitus code: ' prefix" "$(diag)"; return; fi
    for p in "$@"; do
        if ! grep -qiF -- "$p" "$TMP/err"; then fail "$d" "stderr does not mention '$p'" "$(diag)"; return; fi
    done
    pass "$d"
}
# err_has DESC PATTERN...: some stderr line starting "tacitus code: " contains every PATTERN
err_has() {
    local d=$1 p
    shift
    local lines
    lines=$(grep '^tacitus code: ' "$TMP/err")
    for p in "$@"; do
        lines=$(printf '%s\n' "$lines" | grep -iF -- "$p")
    done
    if [ -n "$lines" ]; then pass "$d"; else fail "$d" "no stderr line with all of: $*" "$(diag)"; fi
}
# err_count DESC N: stderr has exactly N lines, each starting "tacitus code: "
err_count() {
    local n bad
    n=$(wc -l <"$TMP/err")
    bad=$(grep -vc '^tacitus code: ' "$TMP/err")
    if [ "$n" -eq "$2" ] && [ "$bad" -eq 0 ]; then pass "$1"; else fail "$1" "expected $2 line(s), got $n ($bad without the prefix)" "$(diag)"; fi
}
# out_utf8 DESC: stdout is valid UTF-8 (jq would silently repair it)
out_utf8() {
    if iconv -f UTF-8 -t UTF-8 "$TMP/out" >/dev/null 2>&1; then pass "$1"; else fail "$1" "stdout is not valid UTF-8" "$(diag)"; fi
}

command -v jq >/dev/null || { echo "not ok 1 - jq is not installed"; exit 1; }

VIOLENT='Gunmen killed five villagers in an attack on a market in Peshawar on Monday.'
POLICE='Police arrested two protesters outside the provincial assembly in Lahore on Friday.'
printf '%s\n' "$VIOLENT" >"$TMP/good1.txt"
printf '%s\n' "$POLICE" >"$TMP/good2.txt"

# ---- 1. invalid UTF-8 in a text file -------------------------------------
printf 'Officials said armed men torched \xff\xfe two trucks near \xc3( Quetta on Tuesday \xe2\x82 and fled \xf0\x9f\x98 into the hills.\n\x80\x80 No one was hurt.\n' >"$TMP/bad_utf8.txt"
run code "$TMP/bad_utf8.txt"
expect_rc "1 invalid UTF-8" 0
err_line "1 invalid UTF-8: one warning naming the file and the repair" "bad_utf8.txt" "repaired" "UTF-8"
jqt "1 invalid UTF-8: one JSON record, doc.warnings non-empty" 'length == 1 and (.[0].doc.warnings | length > 0) and (.[0].doc.id == $p)' --arg p "$TMP/bad_utf8.txt"
out_utf8 "1 invalid UTF-8: output is valid UTF-8"
if [ "$(grep -oF "$TMP/bad_utf8.txt" "$TMP/err" | wc -l)" -eq 1 ]; then
    pass "1 invalid UTF-8: the warning names the file once (no doubled 'FILE: FILE:' prefix)"
else
    fail "1 invalid UTF-8: the warning names the file once (no doubled 'FILE: FILE:' prefix)" "$(diag)"
fi

# ---- 2. NUL bytes sprinkled in a normal text ------------------------------
printf 'PESHAWAR, Pakistan\0 --\n%s\0 Witnesses said the attackers\0 arrived on motorcycles.\0\nThe wounded were taken to a nearby hospital.\n' "$VIOLENT" >"$TMP/nuls.txt"
run code "$TMP/nuls.txt"
expect_rc "2 NUL bytes in text" 0
err_line "2 NUL bytes: one warning naming the file and the repair" "nuls.txt" "repaired"
jqt "2 NUL bytes: doc.warnings non-empty" 'length == 1 and (.[0].doc.warnings | length > 0)'
jqt "2 NUL bytes: the violent sentence still yields an event with 5 killed" '.[0].events | length > 0 and any(.[]; .killed.min == 5)'
if grep -qF '\u0000' "$TMP/out"; then fail "2 NUL bytes: no NUL escapes in the output" "$(diag)"; else pass "2 NUL bytes: no NUL escapes in the output"; fi

# ---- 3. binary files -------------------------------------------------------
{ head -c 4096 /dev/urandom; head -c 1024 /dev/zero; head -c 2048 /dev/urandom; } >"$TMP/blob.bin"
run code "$TMP/blob.bin"
expect_rc "3a random bytes with NULs" 1
err_line "3a binary: one stderr line naming the file and saying binary" "blob.bin" "binary"
jqt "3a binary: stdout holds one error record for it" 'length == 1 and (.[0].error | test("binary"))'

cp /bin/true "$TMP/true_copy"
run code "$TMP/true_copy" "$TMP/good1.txt"
expect_rc "3b executable + good file" 1
err_line "3b executable: one stderr line naming the file and saying binary" "true_copy" "binary"
jqt "3b executable: the good file is still coded" 'any(.[]; .doc.id == $g and (.events | length > 0))' --arg g "$TMP/good1.txt"
jqt "3b executable: output is an error record then the good record, in order" 'length == 2 and (.[0].error != null) and (.[1].doc.id == $g)' --arg g "$TMP/good1.txt"

seq 1 2000 | gzip -n -9 >"$TMP/numbers.gz"
run code "$TMP/numbers.gz" "$TMP/good2.txt"
expect_rc "3c gzip file + good file" 1
err_line "3c gzip: one stderr line naming the compressed file and saying binary" "numbers.gz" "binary"
jqt "3c gzip: the good file is still coded" 'any(.[]; .doc.id == $g)' --arg g "$TMP/good2.txt"

# ---- 4. empty input --------------------------------------------------------
: >"$TMP/empty.txt"
run code "$TMP/empty.txt"
expect_rc "4a empty file" 0
err_line "4a empty file: one warning naming the file and saying empty" "empty.txt" "empty"
jqt "4a empty file: one record with events [] and an 'empty' warning" 'length == 1 and .[0].events == [] and any(.[0].doc.warnings[]; test("empty"))'
IN="$TMP/empty.txt" run code
expect_rc "4b empty stdin" 0
err_line "4b empty stdin: one warning saying empty" "empty"
jqt "4b empty stdin: one record with events [] and an 'empty' warning" 'length == 1 and .[0].events == [] and any(.[0].doc.warnings[]; test("empty"))'

# ---- 5. a huge single line of plain text -----------------------------------
BIG=200000000
[ $ASAN = 1 ] && BIG=30000000
yes 'The weather in the valley stayed mild and the harvest was good this year. ' | tr -d '\n' | head -c $BIG >"$TMP/huge_filler.txt"
run code "$TMP/huge_filler.txt"
expect_rc "5a $BIG-byte single line (no events)" 0
err_line "5a huge line: one truncation warning naming the file and the 10 MB cap" "huge_filler.txt" "truncated" "10485760"
jqt "5a huge line: one record, text_length at the cap, truncation warning in doc.warnings" \
    'length == 1 and .[0].doc.text_length <= 10485760 and .[0].doc.text_length > 10000000 and any(.[0].doc.warnings[]; test("truncated.*10485760"))'
rm -f "$TMP/huge_filler.txt"

yes "$VIOLENT " | tr -d '\n' | head -c $BIG >"$TMP/huge_violent.txt"
run code "$TMP/huge_violent.txt"
expect_rc "5b $BIG-byte single line of a repeated violent sentence" 0
err_has "5b huge violent line: truncation warning naming the file and the 10 MB cap" "huge_violent.txt" "truncated" "10485760"
jqt "5b huge violent line: one coded record (truncated at the cap) with events" \
    'length == 1 and .[0].doc.text_length > 10000000 and (.[0].events | length > 0)'
rm -f "$TMP/huge_violent.txt"

# coding time must grow about linearly with the text: 1 MB of short report
# paragraphs (varied places and dates) is coded in seconds, not minutes
awk -v n=1000000 'BEGIN {
    split("Peshawar Quetta Lahore Karachi Kabul Kandahar Herat Mosul Baghdad Basra Aleppo Homs Idlib Sanaa Aden Mogadishu Kismayo Maiduguri Kaduna Bamako Gao Timbuktu Niamey Ouagadougou Goma Bunia Beni Juba Khartoum Tripoli Benghazi Misrata Kharkiv Donetsk Odesa Kherson Manila Marawi Cotabato Jalalabad Kunduz Bannu Multan Hyderabad Sukkur Mardan Sialkot Faisalabad Rawalpindi Islamabad", city, " ")
    split("January February March April May June July August September October November December", mon, " ")
    for (i = 1; s < n; i++) {
        l = sprintf("Hundreds of students rallied in %s on %s %d, %d.\n\n", city[(i % 50) + 1], mon[(int(i / 50) % 12) + 1], (int(i / 600) % 28) + 1, 2000 + int(i / 16800))
        printf "%s", l
        s += length(l)
    }
}' >"$TMP/dense.txt"
TMO=10 run code "$TMP/dense.txt"
expect_rc "5c 1 MB of short report paragraphs codes within 10 s" 0
jqt "5c dense text: one record with events" 'length == 1 and (.[0].events | length > 0) and .[0].doc.text_length >= 1000000'
rm -f "$TMP/dense.txt"

# ---- 6. JSONL with a huge middle line ---------------------------------------
HUGE=200000000
[ $ASAN = 1 ] && HUGE=70000000
{
    printf '{"id":"first","text":"%s"}\n' "$VIOLENT"
    printf '{"id":"second","text":"'
    yes 'Rebels shelled the town square at dawn. ' | tr -d '\n' | head -c $HUGE
    printf '"}\n'
    printf '{"id":"third","text":"%s"}\n' "$POLICE"
} >"$TMP/huge.jsonl"
run code "$TMP/huge.jsonl"
expect_rc "6 JSONL with a $HUGE-byte line 2" 1
err_line "6 huge JSONL line: one stderr line with file:2 saying it is too long" "huge.jsonl:2:" "longer than the limit"
jqt "6 huge JSONL line: records first, error for line 2, third, in order" \
    'length == 3 and .[0].doc.id == "first" and (.[0].events | length > 0) and .[1].doc.line == 2 and (.[1].error | type == "string") and .[2].doc.id == "third"'
rm -f "$TMP/huge.jsonl"

# ---- 7. JSONL with a malformed line and a line without "text" ---------------
{
    printf '{"id":"a","text":"%s"}\n' "$VIOLENT"
    printf '{"id":"b","text":"Troops clashed with rebels near the border, "published": 2024}\n'
    printf '{"id":"c","title":"A record with no text field"}\n'
    printf '{"id":"d","text":"%s"}\n' "$POLICE"
} >"$TMP/mixed.jsonl"
run code "$TMP/mixed.jsonl"
expect_rc "7 JSONL with a malformed line and a text-less line" 1
err_count "7 malformed JSONL: exactly two diagnostics" 2
err_has "7 malformed JSONL: line 2 reported as invalid JSON with file:line" "mixed.jsonl:2:" "JSON"
err_has "7 malformed JSONL: line 3 reported as missing text with file:line" "mixed.jsonl:3:" "text"
jqt "7 malformed JSONL: a, error line 2, error line 3, d in order" \
    '[.[] | if .error then "error:" + (.doc.line | tostring) else .doc.id end] == ["a", "error:2", "error:3", "d"] and ([.[1,2].error | type] == ["string", "string"])'
IN="$TMP/mixed.jsonl" run code --jsonl
expect_rc "7b same JSONL on stdin" 1
err_has "7b malformed JSONL on stdin: line 2 reported as stdin:2" "stdin:2:"

# ---- 8. truncated JSONL (last line cut mid-string, no newline) -------------
{
    printf '{"id":"t1","text":"%s"}\n' "$VIOLENT"
    printf '{"id":"t2","text":"%s"}\n' "$POLICE"
    printf '{"id":"t3","text":"Militants ambushed a convoy on the highway and'
} >"$TMP/cut.jsonl"
run code "$TMP/cut.jsonl"
expect_rc "8 truncated JSONL" 1
err_line "8 truncated JSONL: one stderr line with file:3" "cut.jsonl:3:"
jqt "8 truncated JSONL: t1 and t2 coded, then an error record for line 3" \
    'length == 3 and .[0].doc.id == "t1" and .[1].doc.id == "t2" and .[2].doc.line == 3 and (.[2].error | type == "string")'

# ---- 9. HTML with script and style ------------------------------------------
cat >"$TMP/page.html" <<EOF
<!DOCTYPE html>
<html><head>
<title>Market attack
   in Peshawar</title>
<style>.bomb { color: red } /* the bomb killed twelve soldiers in Kabul */ .killed::after { content: "car bomb" }</style>
<script>var headline = "A car bomb killed twelve soldiers in Kabul"; if (bomb) { killed(); }</script>
</head>
<body>
<script type="text/javascript">document.write("A suicide bomber killed forty people in Baghdad on Sunday.");</script>
<style>p.killed { font-weight: bold } /* bomb bomb bomb */</style>
<p>$VIOLENT</p>
</body></html>
EOF
run code "$TMP/page.html"
expect_rc "9 HTML with script and style" 0
err_line "9 HTML: one warning naming the file saying HTML was reduced to text" "page.html" "HTML"
jqt "9 HTML: <title> becomes doc.title" '.[0].doc.title == "Market attack in Peshawar"'
jqt "9 HTML: the <p> sentence is coded" '.[0].events | length > 0'
jqt "9 HTML: doc.warnings says HTML was reduced to text" 'any(.[0].doc.warnings[]; test("HTML"))'
jqt "9 HTML: nothing from <script>/<style> appears in the events" \
    '[.[0].events[] | .. | strings | select(test("Kabul|Baghdad|bomber|twelve|forty|car bomb|Suicide bomb"; "i"))] == []'
jqt "9 HTML: every evidence text comes from the <p> sentence" \
    '[.[0].events[] | (.trigger.text, .actor1.text?, .actor2.text?, .location.text?) | select(. != null)] | length > 0 and all(.[]; . as $t | $p | contains($t))' --arg p "$VIOLENT"
jqt "9 HTML: the extracted text is only the visible text (script/style dropped)" '.[0].doc.text_length <= 100'

# ---- 10. deeply nested and large HTML -------------------------------------
{
    printf '<!DOCTYPE html><html><head><title>Nested</title></head><body>'
    yes '<div>' | head -n 200000 | tr -d '\n'
    printf '<p>%s</p>' "$VIOLENT"
    yes '</div>' | head -n 200000 | tr -d '\n'
    printf '</body></html>\n'
} >"$TMP/deep.html"
TMO=20 run code "$TMP/deep.html"
expect_rc "10a 200,000 nested <div> (within 20 s)" 0
jqt "10a deep HTML: one record, the sentence is coded" 'length == 1 and (.[0].events | length > 0)'
rm -f "$TMP/deep.html"

{
    printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Long &amp; dull page</title>\n'
    printf '<style>body { font-family: serif }</style></head><body><article>\n'
    for i in $(seq 1 40); do printf '<h2>Section %d</h2>\n' "$i"; done
    yes '<p class="para">The committee met on <b>Tuesday</b> to discuss the <a href="/budget">budget</a>, the new library &amp; the roads; members agreed to meet again &mdash; next month.</p><ul><li>One</li><li>Two &lt;three&gt;</li></ul><table><tr><td>cell</td><td>cell</td></tr></table>' |
        head -c 5000000
    printf '<p>%s</p>\n</article></body></html>\n' "$VIOLENT"
} >"$TMP/large.html"
run code "$TMP/large.html"
expect_rc "10b 5 MB HTML file" 0
jqt "10b large HTML: one record with the title and an HTML warning" \
    'length == 1 and .[0].doc.title == "Long & dull page" and any(.[0].doc.warnings[]; test("HTML"))'
jqt "10b large HTML: the violent paragraph at the end is coded" 'any(.[0].events[]; .killed.min == 5)'
rm -f "$TMP/large.html"

# ---- 11. usage errors ------------------------------------------------------
run code --frobnicate "$TMP/good1.txt"
expect_rc "11a unknown flag" 2
err_line "11a unknown flag: one stderr line naming the flag" "--frobnicate"
check "11a unknown flag: nothing on stdout" test ! -s "$TMP/out"
run code --published 2023-13-45 "$TMP/good1.txt"
expect_rc "11b --published 2023-13-45" 2
err_line "11b bad date: one stderr line naming --published and the value" "--published" "2023-13-45"
for v in 12q 0 -5 1.5M; do
    run code --max-bytes "$v" "$TMP/good1.txt"
    expect_rc "11c --max-bytes $v" 2
    err_line "11c --max-bytes $v: one stderr line naming --max-bytes and the value" "--max-bytes" "'$v'"
done
run code "$TMP/good1.txt" --max-bytes
expect_rc "11d --max-bytes without a value" 2
err_line "11d --max-bytes without a value: one stderr line" "--max-bytes"
run code --format yaml "$TMP/good1.txt"
expect_rc "11e --format yaml" 2
err_line "11e --format yaml: one stderr line naming the value" "yaml"

# ---- 12. missing and corrupt gazetteer -------------------------------------
G=${TACITUS_GAZETTEER:-build/gazetteer.bin}
run code --gazetteer /nonexistent/x.bin "$TMP/good1.txt"
expect_rc "12a missing gazetteer" 3
err_line "12a missing gazetteer: one stderr line naming the path" "/nonexistent/x.bin"
TACITUS_GAZETTEER=/nonexistent/env.bin run code "$TMP/good1.txt"
expect_rc "12b TACITUS_GAZETTEER pointing nowhere" 3
err_line "12b missing gazetteer from the environment: one stderr line naming the path" "/nonexistent/env.bin"
if [ -f "$G" ]; then
    size=$(stat -c %s "$G")
    head -c $((size / 2)) "$G" >"$TMP/half.bin"
    run code --gazetteer "$TMP/half.bin" "$TMP/good1.txt"
    expect_rc "12c gazetteer truncated to half" 3
    err_line "12c truncated gazetteer: one stderr line naming the file" "half.bin"

    cp "$G" "$TMP/badmagic.bin"
    printf 'GARBAGE!GARBAGE!GARBAGE!GARBAGE!' | dd of="$TMP/badmagic.bin" bs=1 seek=0 conv=notrunc 2>/dev/null
    run code --gazetteer "$TMP/badmagic.bin" "$TMP/good1.txt"
    expect_rc "12d gazetteer with a garbage header start" 3
    err_line "12d garbage header: one stderr line naming the file" "badmagic.bin"

    cp "$G" "$TMP/badtable.bin"
    yes $'\xde\xad\xbe\xef\x7f\xff\xff' | head -c 96 | dd of="$TMP/badtable.bin" bs=1 seek=32 conv=notrunc 2>/dev/null
    run code --gazetteer "$TMP/badtable.bin" "$TMP/good1.txt"
    expect_rc "12e gazetteer with garbage in its section table (magic intact)" 3
    err_line "12e garbage section table: one stderr line naming the file" "badtable.bin"

    : >"$TMP/zero.bin"
    run code --gazetteer "$TMP/zero.bin" "$TMP/good1.txt"
    expect_rc "12f empty gazetteer file" 3
    err_line "12f empty gazetteer: one stderr line naming the file" "zero.bin"
    rm -f "$TMP"/half.bin "$TMP"/badmagic.bin "$TMP"/badtable.bin
else
    fail "12c-f corrupt gazetteers" "TACITUS_GAZETTEER ($G) is not a file"
fi

# ---- 13. missing and malformed dictionaries --------------------------------
D=${TACITUS_DATA:-data}
run code --data /nonexistent "$TMP/good1.txt"
expect_rc "13a missing dictionary folder" 3
err_line "13a missing dictionary folder: one stderr line naming the path" "/nonexistent"
if [ -f "$D/actors.txt" ]; then
    cp -r "$D" "$TMP/data"
    f="$TMP/data/actors.txt"
    [ -n "$(tail -c 1 "$f")" ] && echo >>"$f"
    echo 'Bogus Liberation Front | rebel group' >>"$f"
    line=$(wc -l <"$f")
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13b actors.txt line with 2 fields" 3
    err_line "13b malformed actors.txt: one stderr line with file:line" "actors.txt:$line:"
    run dict check --data "$TMP/data"
    expect_rc "13c dict check on the malformed actors.txt" 3
    if [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -qF "actors.txt:$line:" "$TMP/err"; then
        pass "13c dict check: one stderr line with actors.txt:$line"
    else
        fail "13c dict check: one stderr line with actors.txt:$line" "$(diag)"
    fi
    cp "$D/actors.txt" "$f"
    g="$TMP/data/vocab.txt"
    [ -n "$(tail -c 1 "$g")" ] && echo >>"$g"
    echo 'blew up | event | bombing | extra' >>"$g"
    line=$(wc -l <"$g")
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13d vocab.txt line with 4 fields" 3
    err_line "13d malformed vocab.txt: one stderr line with file:line" "vocab.txt:$line:"
    cp "$D/vocab.txt" "$g"
    w="$TMP/data/wordclasses.txt"
    echo 'place_cues | in; near' >>"$w"
    line=$(wc -l <"$w")
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13d2 wordclasses.txt with an unknown class" 3
    err_line "13d2 unknown word class: one stderr line with file:line" "wordclasses.txt:$line:"
    cp "$D/wordclasses.txt" "$w"
    echo 'place_cue | in; close to' >>"$w"
    line=$(wc -l <"$w")
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13d3 wordclasses.txt with a two-word entry" 3
    err_line "13d3 two words in a word class: one stderr line with file:line" "wordclasses.txt:$line:"
    cp "$D/wordclasses.txt" "$w"
    grep -v '^modal |' "$D/wordclasses.txt" >"$w"
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13d4 wordclasses.txt without a class of bank 0 (modal)" 3
    err_line "13d4 a class with no words: one stderr line naming the bank" "no words for class bits 0x" "of bank 0"
    grep -v '^threat_word |' "$D/wordclasses.txt" >"$w"
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13d5 wordclasses.txt without a class of bank 1 (threat_word)" 3
    err_line "13d5 a class of bank 1 with no words: one stderr line naming the bank" "of bank 1"
    cp "$D/wordclasses.txt" "$w"
    h="$TMP/data/titles.txt"
    [ -n "$(tail -c 1 "$h")" ] && echo >>"$h"
    printf 'deputy\0governor | state | government\n' >>"$h"
    line=$(wc -l <"$h")
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13e titles.txt line with a NUL byte" 3
    err_line "13e NUL in titles.txt: one stderr line with file:line" "titles.txt:$line:"
    cp "$D/titles.txt" "$h"
    c="$TMP/data/plover-contexts.txt"
    printf 'militarism | soldiers\n' >"$c"
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13f plover-contexts.txt naming no PLOVER context" 3
    err_line "13f unknown context: one stderr line with file:line and the name" "plover-contexts.txt:1:" "militarism"
    printf '# ok\nmilitary | one two three four five\n' >"$c"
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13g plover-contexts.txt phrase of five words" 3
    err_line "13g a phrase too long: one stderr line with file:line" "plover-contexts.txt:2:" "more than 4 words"
    rm -f "$c"
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13h without plover-contexts.txt the dictionaries still load (no contexts)" 0
    l="$TMP/data/leaders.txt"
    printf 'Jon Smith | ru | GOV\n' >"$l"
    run code --data "$TMP/data" "$TMP/good1.txt"
    expect_rc "13i leaders.txt with a country code in lower case" 3
    err_line "13i bad country: one stderr line with file:line" "leaders.txt:1:" "alpha-2"
    rm -f "$l"
    rm -rf "$TMP/data"
else
    fail "13b-e malformed dictionaries" "TACITUS_DATA ($D) has no actors.txt"
fi

# ---- 14. a missing input file among good ones ------------------------------
run code "$TMP/good1.txt" "$TMP/no_such_file.txt" "$TMP/good2.txt"
expect_rc "14a missing file between two good ones" 1
err_line "14a missing file: one stderr line naming it" "no_such_file.txt"
jqt "14a missing file: both good files coded, in order, around an error record" \
    'length == 3 and .[0].doc.id == $g1 and (.[1].error | test("no_such_file")) and .[2].doc.id == $g2' \
    --arg g1 "$TMP/good1.txt" --arg g2 "$TMP/good2.txt"
run code "$TMP/good1.txt" "$TMP/no_such_file.jsonl" "$TMP/good2.txt"
expect_rc "14b missing .jsonl file between two good ones" 1
err_line "14b missing .jsonl: one stderr line naming it" "no_such_file.jsonl"
jqt "14b missing .jsonl: both good files coded" 'any(.[]; .doc.id == $g1) and any(.[]; .doc.id == $g2)' \
    --arg g1 "$TMP/good1.txt" --arg g2 "$TMP/good2.txt"
jqt "14b missing .jsonl: an error record marks it in the output (as for a missing text file)" \
    'length == 3 and (.[1].error | test("no_such_file"))'

# ---- 15. --max-bytes below the input size ----------------------------------
yes "$POLICE" | head -c 5120 >"$TMP/five_k.txt"
run code --max-bytes 1k "$TMP/five_k.txt"
expect_rc "15a --max-bytes 1k on a 5 KB text" 0
err_line "15a --max-bytes 1k: one truncation warning naming the file and 1024" "five_k.txt" "truncated" "1024"
jqt "15a --max-bytes 1k: text_length <= 1024 and a truncation warning in doc.warnings" \
    '.[0].doc.text_length <= 1024 and any(.[0].doc.warnings[]; test("truncated"))'
yes "$POLICE" | head -c 100000 >"$TMP/hundred_k.txt"
run code --max-bytes 1k "$TMP/hundred_k.txt"
expect_rc "15b --max-bytes 1k on a 100 KB text" 0
err_line "15b --max-bytes 1k: the warning gives the real cap (first 1024 of 100000 bytes)" "hundred_k.txt" "1024" "100000"
printf '{"id":"j5k","text":"%s"}\n' "$(tr '\n' ' ' <"$TMP/five_k.txt")" >"$TMP/five_k.jsonl"
run code --max-bytes 1k "$TMP/five_k.jsonl"
expect_rc "15c --max-bytes 1k on a 5 KB JSONL text" 0
jqt "15c --max-bytes 1k JSONL: text_length <= 1024 and a truncation warning" \
    '.[0].doc.text_length <= 1024 and any(.[0].doc.warnings[]; test("truncated"))'

# ---- 16. JSON values that are not documents ---------------------------------
{
    echo '5'
    echo '[1, 2, "three"]'
    echo '"Gunmen killed five villagers."'
    echo 'null'
    echo '{"id":"n5","text":5}'
    echo 'true'
    echo '{}'
    echo '{"id":{"nested":1},"text":"Soldiers were wounded."}'
    printf '{"id":"ok","text":"%s"}\n' "$VIOLENT"
} >"$TMP/values.jsonl"
run code "$TMP/values.jsonl"
expect_rc "16 JSONL of non-document values" 1
err_count "16 values: one diagnostic per bad line (8)" 8
missing=""
for k in 1 2 3 4 5 6 7 8; do grep -qF "values.jsonl:$k:" "$TMP/err" || missing="$missing $k"; done
if [ -z "$missing" ]; then pass "16 values: each bad line reported as values.jsonl:N"; else fail "16 values: each bad line reported as values.jsonl:N" "missing lines:$missing" "$(diag)"; fi
jqt "16 values: error records for lines 1-8 in order, then the good record" \
    '[.[] | .doc.line // .doc.id] == [1,2,3,4,5,6,7,8,"ok"] and all(.[0:8][]; .error | type == "string") and (.[8].events | length > 0)'

# ---- 17. other JSONL input that must not be lost ----------------------------
printf '\xef\xbb\xbf{"id":"bom","text":"%s"}\n{"id":"after","text":"%s"}\n' "$VIOLENT" "$POLICE" >"$TMP/bom.jsonl"
run code "$TMP/bom.jsonl"
expect_rc "17a JSONL file starting with a UTF-8 byte-order mark" 0
jqt "17a BOM: both records coded" '[.[].doc.id] == ["bom", "after"]'

printf '{"id":"escnul","text":"Gunmen killed five villagers\\u0000 in an attack on a market in Peshawar."}\n' >"$TMP/escnul.jsonl"
run code "$TMP/escnul.jsonl"
expect_rc "17b JSONL text with an escaped \\u0000 (valid JSON) is repaired, not rejected" 0
jqt "17b escaped NUL: coded with a warning" '.[0].doc.id == "escnul" and (.[0].doc.warnings | length > 0) and (.[0].events | length > 0)'

printf '{"id":"baddate","text":"%s","published":"2023-13-45"}\n' "$VIOLENT" >"$TMP/baddate.jsonl"
run code "$TMP/baddate.jsonl"
expect_rc "17c JSONL record with published 2023-13-45" 0
jqt "17c bad published date: a warning says it was ignored" 'any(.[0].doc.warnings[]; test("2023-13-45"))'

printf '{"id":"crlf1","text":"%s"}\r\n{"id":"crlf2","text":"%s"}\r\n' "$VIOLENT" "$POLICE" >"$TMP/crlf.jsonl"
run code "$TMP/crlf.jsonl"
expect_rc "17d JSONL with CRLF line ends" 0
jqt "17d CRLF: both records coded" '[.[].doc.id] == ["crlf1", "crlf2"]'

# ---- 18. more than a million sentences --------------------------------------
# 1.1 million one-word sentences (5.5 MB, under the 10 MB cap), then two reports
{
    yes 'Xyz. ' | head -n 1100000 | tr -d '\n'
    printf 'Protesters marched in Lahore on Monday. Police arrested ten activists in Quetta on Friday.\n'
} >"$TMP/many_sentences.txt"
run code "$TMP/many_sentences.txt"
expect_rc "18 1.1 million one-word sentences, then two reports" 0
jqt "18 many sentences: the protest and the arrest after them are both coded" \
    '[.[0].events[].kind] | (index("protest") != null) and (index("arrest") != null)'
rm -f "$TMP/many_sentences.txt"

echo "1..$N"
