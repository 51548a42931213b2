#!/usr/bin/env bash
# install.sh - 'make install' into a temporary prefix lays out bin/tacitus,
# share/tacitus/{data,gazetteer.bin,web} and share/man/man1/tacitus.1; the
# installed binary, run from another folder with no TACITUS_* variable set,
# finds its files beside itself (not the paths compiled in), codes a report,
# ingests two, and serves the page and the API; it still does after the prefix
# is moved. TACITUS_HOME and the variables and options override in that order;
# a moved build tree finds its own files; the man page renders with man -l;
# 'make uninstall' removes every installed file.
#
# Run from the repository root as: env TACITUS=<binary> bash tests/cli/install.sh
# after 'make' (it runs 'make install', which copies build/tacitus). The binary
# under test then replaces the installed one, so that the ASan build is tested
# in the installed layout too. Needs curl and man (man-db). Prints TAP lines.
# The reports are invented here.
set -u
ROOT=$PWD
T=${TACITUS:-build/tacitus}
T=$(cd "$(dirname "$T")" && pwd)/$(basename "$T")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tacitus-install.XXXXXX") || { echo "not ok 1 - mktemp failed"; exit 1; }
SPID=
trap '[ -n "$SPID" ] && kill "$SPID" 2>/dev/null; rm -rf "$TMP"' EXIT
export LC_ALL=C no_proxy='*' NO_PROXY='*'
unset TACITUS_DATA TACITUS_GAZETTEER TACITUS_WEB TACITUS_HOME TACITUS_DB MAKEFLAGS MAKELEVEL MFLAGS

. "$(dirname "$0")/../lib/tap.sh"   # pass, fail, run, expect_rc, check
. "$(dirname "$0")/../lib/serve.sh" # serve_start

# is DESC GOT WANT: pass when the two strings are equal
is() {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  $2" "want: $3"; fi
}
# paths_are DESC BINARY DIR-DATA DIR-GAZ DIR-WEB HOW [ENV...]: 'BINARY --paths',
# run from $TMP/elsewhere with ENV, names the three paths, each found as HOW
paths_are() {
    local d=$1 b=$2 want
    want=$(printf 'data       %s (%s)\ngazetteer  %s (%s)\nweb        %s (%s)' "$3" "$6" "$4" "$6" "$5" "$6")
    shift 6
    is "$d" "$(cd "$TMP/elsewhere" && env "$@" "$b" --paths 2>&1)" "$want"
}

# ---- make install into a temporary prefix
PFX=$TMP/prefix
mkdir -p "$TMP/elsewhere/reports"
if ! make -s -C "$ROOT" install PREFIX="$PFX" >"$TMP/make.log" 2>&1; then
    fail "make install PREFIX=\$TMP/prefix" "$(tail -n 12 "$TMP/make.log")"
    echo "1..$N"
    exit 1
fi
pass "make install PREFIX=\$TMP/prefix"
S=$PFX/share/tacitus
missing=
for f in bin/tacitus share/tacitus/gazetteer.bin share/tacitus/data/actors.txt share/tacitus/data/sample/sample-report.txt \
         share/tacitus/web/index.html share/tacitus/web/app.js share/tacitus/web/vendor/d3-geo.min.js \
         share/man/man1/tacitus.1 share/doc/tacitus/README.md share/doc/tacitus/LICENSE; do
    [ -s "$PFX/$f" ] || missing="$missing $f"
done
is "the FHS layout: bin, share/tacitus/{data,gazetteer.bin,web}, the man page, the docs" "${missing:-none missing}" "none missing"
check "the installed binary is executable" test -x "$PFX/bin/tacitus"
# the binary under test in the installed layout (build/tacitus itself, or the ASan build)
install -m 755 "$T" "$PFX/bin/tacitus"
I=$PFX/bin/tacitus

# ---- the installed binary finds its files beside itself, from another folder
paths_are "--paths: data, gazetteer and page under PREFIX/share/tacitus" "$I" "$S/data" "$S/gazetteer.bin" "$S/web" \
    "found beside the binary"
cat >"$TMP/elsewhere/report.txt" <<'EOF'
Gunmen kill three at Peshawar checkpoint

Gunmen opened fire on a police checkpoint in Peshawar on Tuesday, killing three policemen and wounding two, officials said.
EOF
cat >"$TMP/elsewhere/reports/a.txt" <<'EOF'
Car bomb kills six in Quetta

A car bomb exploded near a crowded bus station in Quetta on Sunday, killing six people and wounding fifteen, police said.
EOF
cat >"$TMP/elsewhere/reports/b.txt" <<'EOF'
Quetta blast toll rises

The toll of Sunday's car bombing at a bus station in Quetta has risen to seven dead, police said on Monday.
EOF
# there COMMAND...: run COMMAND from $TMP/elsewhere under a timeout (stdout in
# $TMP/out, stderr in $TMP/err); sets RC
there() {
    LAST_TMO=60
    (cd "$TMP/elsewhere" && timeout -k 5 "$LAST_TMO" "$@" </dev/null >"$TMP/out" 2>"$TMP/err")
    RC=$?
}
there "$I" code --published 2025-03-04 report.txt
expect_rc "the installed binary codes a report from another folder" 0
check "  the event is placed in Peshawar, Pakistan" grep -q '"name":"Peshawar".*"country_code":"PK"' "$TMP/out"
check "  and counts three killed" grep -q '"killed":{"min":3' "$TMP/out"
there "$I" ingest --db events.db --published 2025-03-09 reports/a.txt reports/b.txt
expect_rc "it ingests the two reports of a folder into a new store" 0
check "  two documents stored" grep -q '2 documents stored' "$TMP/err"

# ---- serve: the page and the API, the page said at start-up
cd "$TMP/elsewhere" || exit 1
serve_start "$TMP/serr" "$I" serve --db events.db --port 0 --threads 1
started=$?
cd "$ROOT" || exit 1
if [ "$started" -eq 0 ]; then
    pass "serve --port 0 starts from another folder"
    check "  says at start-up that the page is PREFIX/share/tacitus/web, found beside the binary" \
        grep -qF "tacitus serve: the page: $S/web (found beside the binary)" "$TMP/serr"
    code=$(curl -s -m 10 -o "$TMP/page" -w '%{http_code}' "http://127.0.0.1:$P/" 2>/dev/null)
    is "  GET / answers 200" "$code" 200
    check "  with the installed index.html" cmp -s "$TMP/page" "$S/web/index.html"
    code=$(curl -s -m 10 -o "$TMP/lib" -w '%{http_code}' "http://127.0.0.1:$P/vendor/d3-geo.min.js" 2>/dev/null)
    is "  GET /vendor/d3-geo.min.js answers 200 (the page's libraries, offline)" "$code" 200
    code=$(curl -s -m 10 -o "$TMP/health" -w '%{http_code}' "http://127.0.0.1:$P/api/health" 2>/dev/null)
    is "  GET /api/health answers 200" "$code" 200
    check "  and says ok" grep -q '"ok"' "$TMP/health"
    curl -s -m 10 -o "$TMP/inc" "http://127.0.0.1:$P/api/incidents" 2>/dev/null
    check "  /api/incidents lists the ingested Quetta bombing" grep -q 'Quetta' "$TMP/inc"
    kill "$SPID"
    wait "$SPID" 2>/dev/null
    is "  stops on SIGTERM with exit 0 (99: a sanitizer report)" "$?" 0
    SPID=
else
    fail "serve --port 0 starts from another folder" "$(cat "$TMP/serr")"
fi

# ---- the order: option, variable, TACITUS_HOME, beside the binary
H=$TMP/home
mkdir -p "$H"
ln -s "$ROOT/data" "$H/data"
ln -s "$ROOT/web" "$H/web"
ln -s "$ROOT/build/gazetteer.bin" "$H/gazetteer.bin"
paths_are "TACITUS_HOME comes before the files beside the binary" "$I" "$H/data" "$H/gazetteer.bin" "$H/web" \
    "under TACITUS_HOME" TACITUS_HOME="$H"
paths_are "a source tree serves as TACITUS_HOME (build/gazetteer.bin)" "$I" "$ROOT/data" \
    "$ROOT/build/gazetteer.bin" "$ROOT/web" "under TACITUS_HOME" TACITUS_HOME="$ROOT"
is "TACITUS_DATA comes before TACITUS_HOME" \
    "$(cd "$TMP" && TACITUS_HOME=$H TACITUS_DATA=/x/data "$I" --paths | head -n 1)" "data       /x/data (set by TACITUS_DATA)"
there env TACITUS_DATA=/nonexistent "$I" code report.txt
expect_rc "a TACITUS_DATA that names nothing is an error, not a fall-back" 3
check "  that names the folder" grep -q '/nonexistent' "$TMP/err"
there env TACITUS_DATA=/nonexistent "$I" code --data "$S/data" report.txt
expect_rc "--data comes before TACITUS_DATA" 0

# ---- the prefix moved elsewhere: still found beside the binary
mv "$PFX" "$TMP/moved"
paths_are "a moved prefix: its files are still found beside the binary" "$TMP/moved/bin/tacitus" \
    "$TMP/moved/share/tacitus/data" "$TMP/moved/share/tacitus/gazetteer.bin" "$TMP/moved/share/tacitus/web" \
    "found beside the binary"
there "$TMP/moved/bin/tacitus" code --published 2025-03-04 report.txt
expect_rc "  and it codes" 0
mv "$TMP/moved" "$PFX"

# ---- a moved build tree: build/tacitus finds the tree's data, gazetteer and page
C=$TMP/clone
mkdir -p "$C/build"
cp -R "$ROOT/data" "$ROOT/web" "$C/"
ln -s "$ROOT/build/gazetteer.bin" "$C/build/gazetteer.bin"
cp "$T" "$C/build/tacitus"
paths_are "a moved build tree: build/tacitus finds its tree's files" "$C/build/tacitus" "$C/data" \
    "$C/build/gazetteer.bin" "$C/web" "found beside the binary"
mkdir -p "$C/build/asan"
cp "$T" "$C/build/asan/tacitus"
paths_are "  and so does build/asan/tacitus, two folders down" "$C/build/asan/tacitus" "$C/data" \
    "$C/build/gazetteer.bin" "$C/web" "found beside the binary"

# ---- the man page
M=$PFX/share/man/man1/tacitus.1
man -l "$M" >"$TMP/man" 2>"$TMP/manerr"
is "man -l renders the man page" "$?" 0
check "  its header names tacitus(1)" grep -q '^TACITUS(1)' "$TMP/man"
nocmd=
for c in $(awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1; next } { on = 0 }' < <("$I" --help)); do
    grep -q "^ *tacitus $c\$" "$TMP/man" || nocmd="$nocmd $c"
    grep -qF -- "$("$I" "$c" --help | head -n 1)" "$TMP/man" || nocmd="$nocmd $c(usage)"
done
is "  every command of --help has its section, with its usage line" "${nocmd:-all there}" "all there"
check "  it says how the files are found (TACITUS_HOME)" grep -q 'TACITUS_HOME' "$TMP/man"
MANWIDTH=80 man --warnings -l "$M" >/dev/null 2>"$TMP/manwarn"
is "  groff warns of nothing" "$(head -c 300 "$TMP/manwarn")" ""

# ---- DESTDIR stages the files of PREFIX for a package, and the staged binary finds them
if make -s -C "$ROOT" install DESTDIR="$TMP/stage" PREFIX=/usr/local >"$TMP/make.log" 2>&1; then
    G=$TMP/stage/usr/local
    paths_are "make install DESTDIR=\$TMP/stage PREFIX=/usr/local: the staged binary finds the staged files" \
        "$G/bin/tacitus" "$G/share/tacitus/data" "$G/share/tacitus/gazetteer.bin" "$G/share/tacitus/web" \
        "found beside the binary"
    check "  the man page is staged too" test -s "$G/share/man/man1/tacitus.1"
    rm -rf "$TMP/stage"
else
    fail "make install DESTDIR=\$TMP/stage PREFIX=/usr/local" "$(tail -n 12 "$TMP/make.log")"
fi

# ---- make demo installs what running needs, make test the test tools too
RUNTIME=()
eval "$(sed -n '/^RUNTIME=(/,/)/p' "$ROOT/scripts/setup.sh")"
testonly=
for p in chromium postgresql-15 valgrind wrk clang libcmocka-dev; do
    case " ${RUNTIME[*]} " in *" $p "*) testonly="$testonly $p" ;; esac
done
if [ "${#RUNTIME[@]}" -gt 5 ] && [ -z "$testonly" ]; then
    pass "setup.sh --runtime (make demo) installs no test tool (${#RUNTIME[@]} packages)"
else
    fail "setup.sh --runtime (make demo) installs no test tool" "runtime packages: ${RUNTIME[*]}" "test tools among them:$testonly"
fi
check "make demo runs setup.sh --runtime, make test the whole set-up" \
    bash -c 'make -C "$1" -n demo | grep -q "scripts/setup.sh --runtime" && make -C "$1" -n test | grep -qx "bash scripts/setup.sh"' _ "$ROOT"
bash "$ROOT/scripts/setup.sh" --no-such-option >/dev/null 2>&1
is "setup.sh refuses an unknown option (exit 2) before installing anything" "$?" 2

# ---- make uninstall
make -s -C "$ROOT" uninstall PREFIX="$PFX" >"$TMP/make.log" 2>&1
is "make uninstall PREFIX=\$TMP/prefix" "$?" 0
is "  leaves no installed file behind" "$(find "$PFX" -type f | head -n 3)" ""

echo "1..$N"
