#!/usr/bin/env bash
# dict_import.sh - 'tacitus dict import --petrarch': usage errors; the PETRARCH2
# dictionaries shipped in $SHARED/reference/petrarch2-dictionaries imported into
# a copy of data/ (sane counts, the files load, a group known only from the
# import is coded as actor1); malformed inputs give one error line or a counted
# skip, never a crash, and a failed import leaves the folder as it was.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/dict_import.sh
# (tests/run.sh does this with build/tacitus and build/asan/tacitus). Needs jq.
# TACITUS_DATA and TACITUS_GAZETTEER must point at the real dictionaries and the
# compiled gazetteer; TACITUS_SHARED (default ../shared) holds the PETRARCH
# dictionaries. Prints TAP lines. Every sentence and malformed file is written here.
set -u

T=${TACITUS:-build/tacitus}
SHARED=${TACITUS_SHARED:-../shared}
PD=$SHARED/reference/petrarch2-dictionaries
DATA=${TACITUS_DATA:-data}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-dict-import.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C

# TAP helpers: pass, skip, fail, diag, run, insane, expect_rc, check, jqt
. "$(dirname "$0")/../lib/tap.sh"

# err_one DESC PATTERN...: stderr is one line "tacitus dict: ..." containing every PATTERN
err_one() {
    local d=$1 p n
    shift
    n=$(wc -l <"$TMP/err")
    if [ "$n" -ne 1 ]; then fail "$d" "expected exactly one stderr line, got $n" "$(diag)"; return; fi
    if ! grep -q '^tacitus dict: ' "$TMP/err"; then fail "$d" "stderr lacks the 'tacitus dict: ' prefix" "$(diag)"; return; fi
    for p in "$@"; do
        if ! grep -qF -- "$p" "$TMP/err"; then fail "$d" "stderr does not mention '$p'" "$(diag)"; return; fi
    done
    pass "$d"
}
# entries FILE: the entry lines of a dictionary file (not comments, not blank)
entries() { grep -cv '^\(#.*\)\?$' "$1"; }
# between DESC N LO HI: LO <= N <= HI
between() {
    if [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then pass "$1 ($2)"; else fail "$1: $2 is not within $3..$4"; fi
}

command -v jq >/dev/null || { echo "not ok 1 - jq is not installed"; exit 1; }

# ---- usage --------------------------------------------------------------------
run dict --help
expect_rc "dict --help" 0
check "dict --help documents 'dict import --petrarch'" grep -q 'tacitus dict import --petrarch FILE' "$TMP/out"
printf 'X_ [NPLREB]\n' >"$TMP/one.actors.txt"
run dict import "$TMP/one.actors.txt"
expect_rc "dict import without --petrarch" 2
run dict import --petrarch
expect_rc "dict import --petrarch without files" 2
run dict import --petrarch "$TMP/one.actors.txt" --gazetteer x.bin
expect_rc "dict import with --gazetteer" 2
run dict import --petrarch "$TMP/one.actors.txt" --into
expect_rc "dict import --into without a value" 2
run dict lookup --petrarch police
expect_rc "--petrarch outside 'dict import'" 2

# ---- malformed inputs -----------------------------------------------------------
mkdir -p "$TMP/bad"
cp "$DATA"/*.txt "$TMP/bad/"
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\003\000>\000' >"$TMP/junk.actors.txt"
run dict import --petrarch "$TMP/junk.actors.txt" --data "$TMP/bad"
expect_rc "binary junk alone: nothing to import" 3
check "binary junk: a warning naming the file, line and reason, then that nothing was imported" \
    bash -c 'grep -q "^tacitus dict: warning: .*junk.actors.txt: not a PETRARCH actors, agents or verbs dictionary (line 1: .*not a text dictionary); skipped$" "$1" &&
             tail -n 1 "$1" | grep -q "^tacitus dict: no dictionary imported: every file was skipped"' _ "$TMP/err"
check "a failed import writes no imported-*.txt (nor leaves temporary files)" \
    bash -c '! ls "$1"/imported-* >/dev/null 2>&1' _ "$TMP/bad"
printf 'a line of prose\nand another one\n' >"$TMP/notes.txt"
run dict import --petrarch "$TMP/notes.txt" --data "$TMP/bad"
expect_rc "a text that is no dictionary, alone" 3
check "no dictionary: warned as skipped, naming the file" \
    grep -q "^tacitus dict: warning: .*notes.txt: not a PETRARCH actors, agents or verbs dictionary (line 2: cannot tell.*); skipped$" "$TMP/err"
printf 'GREEN_VALLEY_FRONT_ [NPLREB]\n' >"$TMP/valley.actors.txt"
run dict import --petrarch "$TMP/notes.txt" "$TMP/valley.actors.txt" "$TMP/junk.actors.txt" --data "$TMP/bad"
expect_rc "a dictionary between two files that are none: imported" 0
check "both others are skipped with a warning, the dictionary imported" \
    bash -c '[ "$(grep -c "^tacitus dict: warning: .*: not a PETRARCH actors, agents or verbs dictionary" "$1")" -eq 2 ] &&
             grep -q "valley.actors.txt: actors (detected" "$1" && grep -q "^Green Valley Front | rebel group" "$2/imported-actors.txt"' \
    _ "$TMP/err" "$TMP/bad"
check "the headers name the imported file, not the skipped ones" \
    bash -c 'grep -q "^#   valley.actors.txt$" "$1" && ! grep -q "notes.txt\|junk.actors.txt" "$1"' _ "$TMP/bad/imported-actors.txt"
rm -f "$TMP"/bad/imported-*
run dict import --petrarch "$TMP/absent.actors.txt" --data "$TMP/bad"
expect_rc "a missing input file" 4
err_one "missing input: one line naming it" "absent.actors.txt: cannot open"
printf 'MOUNTAIN_TIGERS_BRIGADE_ [NPLREB]\n+MT_BRIGADE\nLOWLAND_DEFENCE_GROUP_ [QQQREB]\nCUT_SHORT_ARMY [NPLRE' \
    >"$TMP/odd.actors.txt"
printf '!PEOPLE! = MAN, MEN\nRIVER!PEOPLE! [~COP]\nSTONE!KIN! [~REB]\nBOATMAN {BOATMEN [~COP]\n' >"$TMP/odd.agents.txt"
printf -- '--- LAYSIEGE [191] ---\nENCIRCLE\n- * &CASTLE [191]\n- * HILLTOP [190] # ENCIRCLE\n--- BROKEN [19' \
    >"$TMP/odd.verbs.txt"
run dict import --petrarch "$TMP/odd.actors.txt" "$TMP/odd.agents.txt" "$TMP/odd.verbs.txt" --data "$TMP/bad"
expect_rc "unknown codes, a truncated last line, an undefined substitution" 0
check "the unknown code names no armed actor: a party of CAMEO coding" \
    bash -c 'grep -q "odd.actors.txt: actors .*1 CAMEO" "$1" && grep -q "^Lowland Defence Group | party | QQQREB$" "$2"' \
    _ "$TMP/err" "$TMP/bad/imported-cameo.txt"
check "the truncated line is a counted skip" grep -q 'odd.actors.txt: actors .*1 malformed line' "$TMP/err"
check "the unclosed brace is a counted skip" grep -q 'odd.agents.txt: agents .*1 malformed line' "$TMP/err"
check "the undefined substitution set is a counted skip" \
    grep -q 'odd.agents.txt: agents .*1 undefined substitution set' "$TMP/err"
check "the synset pattern is a counted skip" grep -q 'odd.verbs.txt: verbs .*not a plain phrase' "$TMP/err"
check "the good entries are written" \
    bash -c 'grep -q "^Mountain Tigers Brigade | rebel group | NP | " "$1/imported-actors.txt" &&
             grep -q "^riverman; rivermen | state forces" "$1/imported-agents.txt" &&
             grep -q "^encircle hilltop; encircles hilltop; encircled hilltop; encircling hilltop | event | attack" \
                 "$1/imported-vocab.txt"' _ "$TMP/bad"
run dict check --data "$TMP/bad"
expect_rc "what the odd files gave loads" 0

# ---- the shipped PETRARCH2 dictionaries ----------------------------------------------
if [ ! -d "$PD" ]; then
    skip "PETRARCH2 dictionaries: $PD is absent"
    echo "1..$N"
    exit 0
fi
SENT='Fighters of the Japanese Red Army attacked a police station in Osaka on Monday, killing two officers.'
printf '%s\n' "$SENT" >"$TMP/sentence.txt"
mkdir -p "$TMP/data"
cp "$DATA"/*.txt "$TMP/data/"
run dict lookup --data "$TMP/data" "Japanese Red Army"
expect_rc "lookup before the import" 0
check "data/ does not know the Japanese Red Army" grep -q '(no match)' "$TMP/out"
run code --published 2024-05-15 --data "$TMP/data" "$TMP/sentence.txt"
expect_rc "coding without the import" 0
jqt "without the import, actor1 is not the Japanese Red Army" \
    '[.[].events[] | .actor1.name // ""] | all(. != "Japanese Red Army")'
# as the README writes it: the glob takes the discards and prepositions lists too
FILES=("$PD"/Phoenix.*.txt "$PD/CAMEO.2.0.txt")
TMO=120 run dict import --petrarch "${FILES[@]}" --data "$TMP/data"
expect_rc "importing Phoenix.*.txt and CAMEO.2.0.txt (the README's example)" 0
check "a summary line per dictionary saying the kind it detected, a warning per list skipped, and a last line" \
    bash -c '[ "$(grep -c "(detected from the content): .* entries read, .* imported" "$1")" -ge 5 ] &&
             grep -q "Phoenix.agents.txt: agents (detected" "$1" && grep -q "CAMEO.2.0.txt: verbs (detected" "$1" &&
             grep -q "MilNonState.actors.txt: actors (detected" "$1" &&
             grep -q "Phoenix.discards.txt: discards (from the file name)" "$1" &&
             grep -q "warning: .*Phoenix.IssueCoding.txt: not a PETRARCH actors, agents or verbs dictionary .*issue coding.*; skipped" "$1" &&
             grep -q "warning: .*Phoenix.prepositions.txt: not a PETRARCH actors, agents or verbs dictionary .*; skipped" "$1" &&
             [ "$(grep -c warning: "$1")" -eq 2 ] && tail -n 1 "$1" | grep -q "wrote"' _ "$TMP/err"
between "imported actors" "$(entries "$TMP/data/imported-actors.txt")" 500 2000
between "imported agents" "$(entries "$TMP/data/imported-agents.txt")" 300 1500
between "imported titles" "$(entries "$TMP/data/imported-titles.txt")" 400 2000
between "imported vocabulary lines (violence)" "$(entries "$TMP/data/imported-vocab.txt")" 100 3000
between "CAMEO lines (parties, verbs, patterns, sets, discards)" "$(entries "$TMP/data/imported-cameo.txt")" 20000 60000
check "Countries: people, office holders, governments and countries are CAMEO parties" \
    grep -q 'Phoenix.Countries.actors.txt: actors .* imported (11 actors, .*, [0-9]\{5\} CAMEO' "$TMP/err"
check "a government is a party with its code" grep -qi '| party | [A-Z]\{3\}GOV$' "$TMP/data/imported-cameo.txt"
check "each file's header names the sources and carries the MIT licence" \
    bash -c 'for f in "$1"/imported-*.txt; do grep -q "^#   Phoenix.agents.txt$" "$f" && grep -q "^# The MIT License (MIT)$" "$f" &&
             grep -q "^# Copyright (c) 2014 Open Event Data$" "$f" || exit 1; done' _ "$TMP/data"
check "no phrase of the curated dictionaries is imported again (police, Tehrik-e Taliban Pakistan)" \
    bash -c '! grep -qiE "(^|; )(police|tehrik-e taliban pakistan)( \||;)" "$1"/imported-*.txt' _ "$TMP/data"
run dict check --data "$TMP/data"
expect_rc "dict check loads the imported files" 0
check "dict check counts more actors than data/ alone" \
    bash -c 'a=$(sed -n "s/^dictionaries ok: \([0-9]*\) actors.*/\1/p" "$1"); [ "$a" -gt 2000 ]' _ "$TMP/out"
run dict lookup --data "$TMP/data" "Japanese Red Army"
check "lookup finds the imported group" grep -q 'actor    Japanese Red Army (rebel group, --)' "$TMP/out"
run code --published 2024-05-15 --data "$TMP/data" "$TMP/sentence.txt"
expect_rc "coding with the import" 0
jqt "with the import, actor1 is the Japanese Red Army" \
    '[.[].events[] | select(.actor1.name == "Japanese Red Army")] | length == 1'
jqt "... and the event is still an attack in Osaka" \
    '[.[].events[] | select(.kind == "attack" and .location.name == "Osaka")] | length == 1'
# an earlier import in the folder is ignored: importing again gives the same files
mkdir -p "$TMP/again"
TMO=120 run dict import --petrarch "${FILES[@]}" --data "$TMP/data" --into "$TMP/again"
expect_rc "importing again with --into" 0
check "an earlier import does not hide phrases from a new one" \
    bash -c 'for f in actors agents titles vocab cameo; do cmp -s "$1/imported-$f.txt" "$2/imported-$f.txt" || exit 1; done' \
    _ "$TMP/data" "$TMP/again"
# --bare-verbs adds the one-word verbs
mkdir -p "$TMP/bare"
cp "$DATA"/*.txt "$TMP/bare/"
run dict import --petrarch "$PD/CAMEO.2.0.txt" --bare-verbs --data "$TMP/bare"
expect_rc "importing the verbs with --bare-verbs" 0
check "--bare-verbs imports more vocabulary lines" \
    bash -c '[ "$(grep -cv "^\(#.*\)\?$" "$1")" -gt "$(grep -cv "^\(#.*\)\?$" "$2")" ]' _ \
    "$TMP/bare/imported-vocab.txt" "$TMP/data/imported-vocab.txt"
run dict check --data "$TMP/bare"
expect_rc "the --bare-verbs import loads" 0
echo "1..$N"
