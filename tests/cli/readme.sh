#!/usr/bin/env bash
# readme.sh - every command of the README runs as written: each ```sh or
# ```bash block is run, in the README's order, from the top folder of a
# scratch copy of the source tree (its build/tacitus being the binary under
# test), with HOME in a scratch folder and no TACITUS_* variable set, as a
# user who has run 'make demo' would. A block must exit 0 with no sanitizer
# report. The variables a block exports and the folder it ends in carry over
# to the next block, as in one terminal. The README's claims about what the
# tutorial shows are checked on the blocks' output.
#
# An HTML comment on the line before a block's fence marks it:
#   <!-- readme-test: skip, REASON -->  not run (it needs the network or root);
#                                       at most three blocks may be skipped
#   <!-- readme-test: server -->        a server command that runs until Ctrl-C:
#                                       started in the background with --port 0
#                                       added, and stopped after the blocks
#   <!-- readme-test: with the server -->  run while it runs, with its port in
#                                       place of 127.0.0.1:8080
# A block that names ../shared is skipped when the shared folder is absent;
# ```python and ```r blocks run when pandas or R is installed, else are
# skipped. Every code block must name its language.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/readme.sh
# after 'make'. TACITUS_SHARED (default ../shared) is the shared folder. Needs
# curl and make. Prints TAP lines.
set -u
ROOT=$PWD
T=${TACITUS:-build/tacitus}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
SHARED=${TACITUS_SHARED:-../shared}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-readme.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
SPID=
trap '[ -n "$SPID" ] && kill "$SPID" 2>/dev/null; rm -rf "$TMP"' EXIT
export LC_ALL=C

. "$(dirname "$0")/../lib/tap.sh"   # pass, skip, fail
. "$(dirname "$0")/../lib/serve.sh" # serve_start

# ---- the scratch tree: the sources linked, data/ and web/ copied (a block
# may write into data's copy), build/ linked but for the binary under test
TREE=$TMP/tacitus
mkdir -p "$TREE/build" "$TMP/home"
for e in "$ROOT"/* "$ROOT"/.[!.]*; do
    case ${e##*/} in .git | build | data | web) ;; *) ln -s "$e" "$TREE/${e##*/}" ;; esac
done
cp -a "$ROOT/data" "$ROOT/web" "$TREE/"
for e in "$ROOT"/build/*; do
    case ${e##*/} in tacitus | asan | test | test-logs) ;; *) ln -s "$e" "$TREE/build/${e##*/}" ;; esac
done
cp -p "$T" "$TREE/build/tacitus"
touch "$TREE/build/tacitus" # newer than the objects it was linked from, so make leaves it be
[ -d "$SHARED" ] && ln -s "$(cd "$SHARED" && pwd)" "$TMP/shared"

# ---- the blocks: $TMP/blocks/N.block and the index "N<TAB>language<TAB>line<TAB>marker"
mkdir -p "$TMP/blocks"
awk -v dir="$TMP/blocks" '
    inb && /^```[ \t]*$/ { inb = 0; close(f); next }
    inb { print > f; next }
    /^<!-- readme-test: .*-->[ \t]*$/ { m = $0; sub(/^<!-- readme-test: */, "", m); sub(/ *-->[ \t]*$/, "", m); mark = m; next }
    /^```/ { n++; f = dir "/" n ".block"; printf "" > f
             printf "%d\t%s\t%d\t%s\n", n, substr($0, 4), NR, mark > (dir "/index"); mark = ""; inb = 1; next }
    { mark = "" }' "$ROOT/README.md"
touch "$TMP/blocks/index"

# the environment the blocks start from: a user's, with no TACITUS_* variable
export -p | grep -E '^declare -x (PATH|LANG|TERM|TMPDIR|ASAN_OPTIONS|UBSAN_OPTIONS)=' >"$TMP/state"
printf 'export HOME=%q no_proxy=%q NO_PROXY=%q\n' "$TMP/home" '*' '*' >>"$TMP/state"
echo "$TREE" >"$TMP/cwd"

# in_user_shell SCRIPT [ARG...]: run SCRIPT (its $1... the ARGs) under bash -eo
# pipefail with the carried environment and folder, and no other variable
# (stdout $TMP/out, stderr $TMP/err), for two minutes at most
in_user_shell() {
    timeout -k 5 120 env -i bash -c 'set -eo pipefail; . "$1"; cd "$(cat "$2")"; s=$3; shift 3; eval "$s"' _ \
        "$TMP/state" "$TMP/cwd" "$@" </dev/null >"$TMP/out" 2>"$TMP/err"
}
# sane DESC RC: the block exited 0 with no sanitizer report
sane() {
    if [ "$2" -ne 0 ] || grep -qE 'runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer' "$TMP/err"; then
        fail "$1" "exit $2" "stderr: $(head -c 1500 "$TMP/err")" "stdout: $(head -c 500 "$TMP/out")"
        return 1
    fi
    pass "$1"
}
# claim BLOCK-PATTERN OUTPUT-PATTERN WHAT: the output of a block containing
# BLOCK-PATTERN must match OUTPUT-PATTERN (what the README says it shows)
CLAIMS=()
claim() { CLAIMS+=("$1"$'\t'"$2"$'\t'"$3"); }
claim 'tacitus show --db events.db INC-000004' 'killed: 6' \
    "the Quetta incident's toll rises from five to six (two reports grouped)"
claim 'tacitus show --db events.db INC-000004' 'in 2 document' "  the two Quetta reports are one incident"
claim 'tacitus query --db events.db --text "motorcycle"' 'Peshawar' "--text finds the Peshawar bombing by a word of its report"
claim '--paths' '/home/.local/share/tacitus/gazetteer.bin (found beside the binary)' \
    "the binary installed under \$HOME/.local finds its files beside itself"
check_claims() { # BLOCK-FILE
    local c pat want what
    for c in "${CLAIMS[@]}"; do
        IFS=$'\t' read -r pat want what <<<"$c"
        grep -qF -- "$pat" "$1" || continue
        if grep -qF -- "$want" "$TMP/out"; then pass "$what"; else fail "$what" "no '$want' in the output of: $pat" "$(head -c 800 "$TMP/out")"; fi
    done
}
stop_server() {
    [ -n "$SPID" ] || return 0
    kill "$SPID"
    wait "$SPID" 2>/dev/null
    local rc=$?
    SPID=
    if [ "$rc" -eq 0 ]; then pass "  the server stops on SIGTERM with exit 0"; else fail "  the server stops on SIGTERM with exit 0" "exit $rc (99: a sanitizer report)" "$(tail -c 1500 "$TMP/serr")"; fi
}

nrun=0 nskip=0
while IFS=$'\t' read -r n lang line mark; do
    b=$TMP/blocks/$n.block
    first=$(grep -m 1 -v '^[[:space:]]*\(#.*\)\?$' "$b" | cut -c1-70)
    d="README line $line ($lang): $first"
    [ "$mark" = "with the server" ] || stop_server
    if [ -z "$lang" ]; then
        fail "README line $line: the code block names its language (\`\`\`sh, \`\`\`text, ...)"
        continue
    fi
    case $lang in sh | bash | python | r) ;; *) continue ;; esac
    case $mark in
        "" | server | "with the server") ;;
        skip,*)
            nskip=$((nskip + 1))
            skip "$d: marked '$mark'"
            continue
            ;;
        *)
            fail "$d: unknown marker '$mark'"
            continue
            ;;
    esac
    if grep -q '\.\./shared' "$b" && [ ! -d "$TMP/shared" ]; then
        skip "$d: names ../shared, which is absent here"
        continue
    fi
    case $lang in
        python)
            if ! python3 -c 'import pandas' 2>/dev/null; then skip "$d: pandas is not installed"; continue; fi
            in_user_shell 'python3 "$1"' "$b"
            sane "$d" $?
            continue
            ;;
        r)
            if ! command -v Rscript >/dev/null; then skip "$d: R is not installed"; continue; fi
            in_user_shell 'Rscript "$1"' "$b"
            sane "$d" $?
            continue
            ;;
    esac
    nrun=$((nrun + 1))
    if [ "$mark" = server ]; then
        cmd=$(grep -v '^[[:space:]]*\(#.*\)\?$' "$b" | sed 's/[[:space:]]#.*$//')
        if [ "$(printf '%s\n' "$cmd" | wc -l)" -ne 1 ]; then
            fail "$d: a server block holds one command" "$cmd"
            continue
        fi
        if serve_start "$TMP/serr" env -i bash -c '. "$1"; cd "$(cat "$2")"; eval "exec $3 --port 0"' _ \
            "$TMP/state" "$TMP/cwd" "$cmd"; then
            pass "$d: starts (port $P)"
            if grep -qF "tacitus serve: the page: $TREE/web (found beside the binary)" "$TMP/serr"; then
                pass "  says it serves the page of the tree it was built in"
            else
                fail "  says it serves the page of the tree it was built in" "$(cat "$TMP/serr")"
            fi
            if curl -s -m 10 "http://127.0.0.1:$P/" | cmp -s - "$TREE/web/index.html"; then
                pass "  http://127.0.0.1:PORT/ is the dashboard page"
            else
                fail "  http://127.0.0.1:PORT/ is the dashboard page"
            fi
        else
            fail "$d: starts" "$(cat "$TMP/serr")"
            SPID=
        fi
        continue
    fi
    if [ "$mark" = "with the server" ]; then
        if [ -z "$SPID" ]; then fail "$d: no server runs for it"; continue; fi
        sed -e "s|127\.0\.0\.1:8080|127.0.0.1:$P|g" -e "s|localhost:8080|localhost:$P|g" "$b" >"$b.port"
        in_user_shell '. "$1"; pwd > "$2"; export -p > "$3"' "$b.port" "$TMP/cwd" "$TMP/state"
        rc=$?
        sane "$d" "$rc" && if grep -q '"error"' "$TMP/out"; then fail "  no API answer is an error" "$(head -c 800 "$TMP/out")"; else pass "  no API answer is an error"; fi
        continue
    fi
    in_user_shell '. "$1"; pwd > "$2"; export -p > "$3"' "$b" "$TMP/cwd" "$TMP/state"
    sane "$d" $?
    check_claims "$b"
done <"$TMP/blocks/index"
stop_server

if [ "$nrun" -ge 8 ]; then pass "the README has $nrun shell blocks that were run"; else fail "the README has at least 8 shell blocks to run" "found $nrun: is the extraction broken?"; fi
if [ "$nskip" -le 3 ]; then pass "at most three blocks are marked skip ($nskip)"; else fail "at most three blocks are marked skip" "$nskip are"; fi
echo "1..$N"
