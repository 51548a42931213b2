#!/usr/bin/env bash
# dyads.sh - the CAMEO verb dictionary (imported-cameo.txt: parties, verbs with
# their patterns and synonym sets, discard words) and the dyad pass that codes a
# verb only between a source and a target party (src/engine/dyads.c): what must
# code, with its CAMEO code, PLOVER type and actor codes, and what must not
# (negated, hypothetical, no target, a possessive of a thing, a target past a
# subordinate clause, discard words, violence left to the violence pass); then
# the same dictionary written as PETRARCH files and brought in by 'tacitus dict
# import --petrarch'; and, when $SHARED holds them, PETRARCH's validation
# dictionaries scored on PETRARCH's validation records (issue 16's figures).
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/dyads.sh
# (tests/run.sh does this with build/tacitus and build/asan/tacitus). Needs jq.
# TACITUS_DATA and TACITUS_GAZETTEER point at the dictionaries and the
# gazetteer; TACITUS_SHARED (default ../shared) at the evaluation data. Every
# dictionary entry and sentence below is invented for this test (Arland,
# Borvia and Corvan are no real states).
set -u

T=${TACITUS:-build/tacitus}
SHARED=${TACITUS_SHARED:-../shared}
DATA=${TACITUS_DATA:-data}
GAZ=${TACITUS_GAZETTEER:-build/gazetteer.bin}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-dyads.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
trap 'rm -rf "$TMP"' EXIT
export LC_ALL=C

# TAP helpers: pass, skip, fail, diag, run, insane, expect_rc, check, jqt
. "$(dirname "$0")/../lib/tap.sh"

command -v jq >/dev/null || { echo "not ok 1 - jq is not installed"; exit 1; }

mkdir -p "$TMP/data"
cp "$DATA"/*.txt "$DATA"/*.tsv "$TMP/data/"
rm -f "$TMP/data"/imported-*.txt
cat >"$TMP/data/imported-cameo.txt" <<'EOF'
# a hand-written CAMEO dictionary for this test
Arland; Arlandish government | party | ARL
Borvia | party | BOV
Corvan trade ministry | party | CVNGOV
trade; border; water sharing | synset | ties_kind
mend; mends; mended; mending | verb | 036 AGREE
patch up; patches up; patched up; patching up | verb | ---
* relations | pattern | 064 COOPERATE
* &ties_kind dispute | pattern | 037 AGREE
stonewall; stonewalls; stonewalled; stonewalling | verb | 120 REJECT
beseech; beseeches; besought | verb | 020 -
attack; attacks; attacked | verb | 190 FIGHT
befriend; befriends; befriended | verb | 050 SUPPORT
encircle; encircles; encircled | verb | 191 FIGHT
say; says; said | verb | 010 -
sporting cup | discard | sentence
grand prix | discard | story
EOF

# code DESC TEXT: code TEXT with the test's dictionaries into $TMP/out
code() {
    printf '%s\n' "$2" >"$TMP/in.txt"
    run code --data "$TMP/data" --gazetteer "$GAZ" --published 2026-03-02 "$TMP/in.txt"
    expect_rc "$1: coded" 0
}
# interactions: the interaction events of the last run
INTER='[.[].events[] | select(.kind == "interaction")]'

code "a verb's pattern between two parties" "Arland mended relations with Borvia on Tuesday."
jqt "pattern '* relations' gives 064, COOPERATE, ARL -> BOV" \
    "$INTER | length == 1 and .[0].cameo == \"064\" and .[0].plover.type == \"COOPERATE\" and
     .[0].actor1.code == \"ARL\" and .[0].actor2.code == \"BOV\" and .[0].trigger.text == \"mended\""
code "a verb's own code" "Arland mended ties with Borvia."
jqt "no pattern: the verb's own 036, PLOVER AGREE (an intent to meet)" "$INTER | length == 1 and .[0].cameo == \"036\" and .[0].plover.type == \"AGREE\""
code "a synonym set of two words" "Arland patched up a water sharing dispute with Borvia."
jqt "'* &ties_kind dispute' gives 037" "$INTER | length == 1 and .[0].cameo == \"037\""
code "a verb that codes only through its patterns" "Arland patched up its quarrel with Borvia."
jqt "'patch up' without its pattern's words codes nothing" "$INTER | length == 0"
code "a party of several words with a role" "The Corvan trade ministry stonewalled Borvia."
jqt "source CVNGOV, 120 REJECT" "$INTER | length == 1 and .[0].cameo == \"120\" and .[0].actor1.code == \"CVNGOV\""
code "a country of the gazetteer as a party" "Kenya stonewalled Borvia on Monday."
jqt "Kenya is the source, KEN" "$INTER | length == 1 and .[0].actor1.code == \"KEN\" and .[0].actor2.code == \"BOV\""
code "an appeal, which PLOVER has no type for" "Arland besought Borvia for grain."
jqt "020 with no PLOVER type" "$INTER | length == 1 and .[0].cameo == \"020\" and .[0].plover == null"

code "a stated intent to cooperate" "Arland will befriend Borvia, its foreign minister said."
jqt "'will befriend' is an intent to cooperate, 032 AGREE, not the act" \
    "$INTER | length == 1 and .[0].cameo == \"032\" and .[0].plover.type == \"AGREE\""
code "an intent told with 'ready to'" "Arland is ready to befriend Borvia."
jqt "'is ready to befriend' is 032 too" "$INTER | length == 1 and .[0].cameo == \"032\""
code "the act itself" "Arland befriended Borvia last year."
jqt "'befriended' is the act, 050 SUPPORT" "$INTER | length == 1 and .[0].cameo == \"050\" and .[0].plover.type == \"SUPPORT\""
code "a stated intent to use force" "Arland will encircle Borvia."
jqt "'will encircle' is a threat of military force, 138 THREATEN" \
    "$INTER | length == 1 and .[0].cameo == \"138\" and .[0].plover.type == \"THREATEN\""
code "an intent under a condition" "Arland would befriend Borvia if the border reopened."
jqt "'would befriend ... if' codes nothing" "$INTER | length == 0"
code "a verbal act stated as an intent" "Arland will stonewall Borvia."
jqt "'will stonewall' stays a rejection, 120" "$INTER | length == 1 and .[0].cameo == \"120\""
code "a reporting verb between two parties" "Arland said Borvia would hold elections in May."
jqt "'said' tells who speaks: no event between the teller and the told" "($INTER | map(select(.cameo == \"010\")) | length) == 0"
code "a verb's form in capitals inside a sentence" "Arland praised Stonewall Borvia, the band."
jqt "'Stonewall' there is a name, no verb" "($INTER | map(select(.cameo == \"120\")) | length) == 0"
code "a verb's form after a determiner" "Arland ended the stonewalling of Borvia."
jqt "'the stonewalling' is a noun, no verb" "($INTER | map(select(.cameo == \"120\")) | length) == 0"
code "a negated verb" "Arland did not stonewall Borvia."
jqt "'did not stonewall' codes nothing" "$INTER | length == 0"
code "a hypothetical verb" "Arland may stonewall Borvia next week."
jqt "'may stonewall' codes nothing" "$INTER | length == 0"
code "a verb with no target" "Arland stonewalled the offer."
jqt "no party after the verb: nothing" "$INTER | length == 0"
code "a verb with no source" "The offer was stonewalled, Borvia said."
jqt "no party before the verb: nothing" "$INTER | length == 0"
code "a possessive of a thing as the only party before the verb" "Arland's harvest figures stonewalled Borvia."
jqt "'Arland's harvest figures' is no source" "$INTER | length == 0"
code "a target past a subordinate clause" "Arland stonewalled the plan after Borvia left the talks."
jqt "'after Borvia' is not the verb's target" "$INTER | length == 0"
code "a sentence discard word" "Arland stonewalled Borvia at the sporting cup final."
jqt "a sentence with 'sporting cup' codes no verb" "$INTER | length == 0"
code "a story discard word" "The grand prix opened in the capital. Arland stonewalled Borvia the next day."
jqt "a story with 'grand prix' codes no verb" "$INTER | length == 0"
code "a verb the violence pass codes" "Arland attacked Borvia on Sunday, killing four soldiers."
jqt "'attacked' is the violence pass's: no interaction, one attack" \
    "($INTER | length == 0) and ([.[].events[] | select(.kind == \"attack\")] | length == 1)"

run code --help
expect_rc "code --help" 0

# ---- the same dictionary as PETRARCH files, imported ------------------------------
mkdir -p "$TMP/petr" "$TMP/imp"
cp "$DATA"/*.txt "$DATA"/*.tsv "$TMP/imp/"
rm -f "$TMP/imp"/imported-*.txt
cat >"$TMP/petr/test.actors.txt" <<'EOF'
ARLAND_ [ARL]
+ARLANDISH_GOVERNMENT
BORVIA [BOV]
CORVAN_TRADE_MINISTRY [CVNGOV]
SOMEONE_UNCODED [---]
EOF
cat >"$TMP/petr/test.verbs.txt" <<'EOF'
&TIES_KIND
+TRADE
+BORDER
+WATER_SHARING

--- MEND [036] ---
MEND
PATCH_UP {PATCHES_UP PATCHED_UP PATCHING_UP} [---]
- * RELATIONS [064]
- * &TIES_KIND DISPUTE [037]
- * (IN_THE_END) [099]

--- STONEWALL [120] ---
STONEWALL
EOF
cat >"$TMP/petr/test.discards.txt" <<'EOF'
SPORTING_CUP
+GRAND PRIX
EOF
run dict import --petrarch "$TMP/petr/test.actors.txt" "$TMP/petr/test.verbs.txt" "$TMP/petr/test.discards.txt" \
    --data "$TMP/imp"
expect_rc "importing hand-written PETRARCH actors, verbs and discards" 0
C=$TMP/imp/imported-cameo.txt
check "the parties are written with their codes" grep -q '^Arland; Arlandish Government | party | ARL$' "$C"
check "an entry without a code is no party" bash -c '! grep -qi "someone" "$1"' _ "$C"
check "the synonym set is written before its patterns" \
    bash -c '[ "$(grep -n "^trade; border; water sharing | synset | ties_kind$" "$1" | cut -d: -f1)" -lt \
               "$(grep -n "&ties_kind dispute | pattern | 037 AGREE$" "$1" | cut -d: -f1)" ]' _ "$C"
check "the verbs of a block, then the block's patterns once" \
    bash -c '[ "$(grep -c "^\* relations | pattern | 064 COOPERATE$" "$1")" -eq 1 ] &&
             grep -q "^patch up; patches up; patched up; patching up | verb | ---$" "$1" &&
             grep -q "^mend; mends; mended; mending | verb | 036 AGREE$" "$1"' _ "$C"
check "a pattern with a prepositional phrase is left out" bash -c '! grep -q "099" "$1"' _ "$C"
check "the discards: sentence and story" \
    bash -c 'grep -q "^sporting cup | discard | sentence$" "$1" && grep -q "^grand prix | discard | story$" "$1"' _ "$C"
printf 'Arland mended relations with Borvia on Tuesday.\n' >"$TMP/in.txt"
run code --data "$TMP/imp" --gazetteer "$GAZ" "$TMP/in.txt"
expect_rc "coding with the imported dictionary" 0
jqt "the imported dictionary codes the dyad as the written one does" \
    "$INTER | length == 1 and .[0].cameo == \"064\" and .[0].actor1.code == \"ARL\" and .[0].actor2.code == \"BOV\""
printf 'Arland mended relations with Borvia at the sporting cup.\n' >"$TMP/in.txt"
run code --data "$TMP/imp" --gazetteer "$GAZ" "$TMP/in.txt"
jqt "the imported sentence discard holds" "$INTER | length == 0"

# ---- a broken dictionary: one error naming the file and line ----------------------
printf 'relations | pattern | 064 COOPERATE\n' >"$TMP/imp/imported-cameo.txt"
run code --data "$TMP/imp" --gazetteer "$GAZ" "$TMP/in.txt"
expect_rc "a pattern before any verb" 3
check "the error names imported-cameo.txt:1" grep -q 'imported-cameo.txt:1: a pattern must follow a verb line' "$TMP/err"
printf 'mend | verb | 036 CONSULT\n* &nowhere | pattern | 064 COOPERATE\n' >"$TMP/imp/imported-cameo.txt"
run code --data "$TMP/imp" --gazetteer "$GAZ" "$TMP/in.txt"
expect_rc "a pattern naming an unknown synonym set" 3
check "the error names line 2 and the set" grep -q "imported-cameo.txt:2: unknown synonym set '&nowhere'" "$TMP/err"
printf 'Arland | party | AR\n' >"$TMP/imp/imported-cameo.txt"
run code --data "$TMP/imp" --gazetteer "$GAZ" "$TMP/in.txt"
expect_rc "a party code of two letters" 3

# ---- PETRARCH's validation dictionaries on PETRARCH's validation records -----------
PD=$SHARED/reference/petrarch2-dictionaries
if [ ! -f "$PD/PETR.Validate.verbs.txt" ] || [ ! -f "$SHARED/eval/petrarch-cameo.jsonl" ]; then
    skip "PETRARCH's validation dictionaries or records are absent under $SHARED"
else
    mkdir -p "$TMP/pv"
    cp "$DATA"/*.txt "$DATA"/*.tsv "$TMP/pv/"
    rm -f "$TMP/pv"/imported-*.txt
    run dict import --petrarch "$PD"/PETR.Validate.*.txt --data "$TMP/pv"
    expect_rc "importing PETR.Validate.*.txt" 0
    printf 'petrarch-cameo\tcameo root\t0.70\npetrarch-cameo\tno-event clean\t0.90\n' >"$TMP/floors.tsv"
    TMO=300 run eval --data "$TMP/pv" --gazetteer "$GAZ" --floors "$TMP/floors.tsv" "$SHARED/eval/petrarch-cameo.jsonl"
    expect_rc "petrarch-cameo with the validation dictionaries: CAMEO root >= 0.70, no-event clean >= 0.90" 0
fi

echo "1..$N"
